#include "dm_units.h"

/* Reference data embedded at build time (cmake/embed.cmake). */
extern const unsigned char dm_builtin_units_csv[];
extern const size_t dm_builtin_units_csv_len;

int dm_init(void)
{
	static int done;
	if (done)
		return TC_OK;
	int rc = dm_units_load((const char *)dm_builtin_units_csv, dm_builtin_units_csv_len);
	if (rc != TC_OK)
		return rc;
	done = 1;
	return TC_OK;
}
