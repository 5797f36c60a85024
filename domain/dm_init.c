#include "dm_calendar.h"
#include "dm_route.h"
#include "dm_rules.h"
#include "dm_units.h"

/* Reference data embedded at build time (cmake/embed.cmake). */
extern const unsigned char dm_builtin_units_csv[];
extern const size_t dm_builtin_units_csv_len;
extern const unsigned char dm_builtin_notices_txt[];
extern const size_t dm_builtin_notices_txt_len;
extern const unsigned char dm_builtin_rules_txt[];
extern const size_t dm_builtin_rules_txt_len;
extern const unsigned char dm_builtin_old_provinces_csv[];
extern const size_t dm_builtin_old_provinces_csv_len;

/*
 * Called once at start-up, before any thread reads the tables. The
 * built-in data is checked by the unit tests, so a failure here means a
 * broken build, not bad input.
 */
int dm_init(void)
{
	static int done;
	struct dm_parse_error err;
	int rc;

	if (done)
		return TC_OK;
	if (dm_province_count() == 0) {
		rc = dm_units_load((const char *)dm_builtin_units_csv, dm_builtin_units_csv_len);
		if (rc != TC_OK)
			return rc;
	}
	if (dm_old_province_count() == 0) {
		rc = dm_old_provinces_load((const char *)dm_builtin_old_provinces_csv,
					   dm_builtin_old_provinces_csv_len, &err);
		if (rc != TC_OK)
			return rc;
	}
	if (dm_rule_set_count() == 0) {
		rc = dm_rules_load((const char *)dm_builtin_rules_txt, dm_builtin_rules_txt_len, &err);
		if (rc != TC_OK)
			return rc;
	}
	if (!dm_cal_is_loaded()) {
		rc = dm_cal_load_builtin((const char *)dm_builtin_notices_txt,
					dm_builtin_notices_txt_len, &err);
		if (rc != TC_OK)
			return rc;
	}
	done = 1;
	return TC_OK;
}
