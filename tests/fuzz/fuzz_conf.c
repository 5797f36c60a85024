/* Fuzz target: the instance configuration parser. */
#include <stdint.h>

#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tc_conf c;
	char err[256];
	tc_conf_defaults(&c);
	if (tc_conf_parse((const char *)data, size, &c, err, sizeof(err)) != 0)
		return 0;
	return 0;
}
