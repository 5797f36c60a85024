/*
 * Fuzz target: the small text formats an operator or client can hand us:
 * base64 (export files), Accept-Language, and the calendar-notice and
 * rule-set files (checked without loading). The first byte picks the parser.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dm_parse.h"
#include "dm_rules.h"
#include "dm_units.h"
#include "lang.h"
#include "tc_base64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		if (dm_init() != 0)
			abort();
		ready = 1;
	}
	if (size == 0)
		return 0;
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	char *z = malloc(len + 1);
	if (z == NULL)
		return 0;
	memcpy(z, text, len);
	z[len] = '\0';
	switch (data[0] % 3) {
	case 0: {
		uint8_t *out = malloc(len / 4 * 3 + 3);
		size_t n;
		if (out && tc_base64_decode(text, len, out, &n) == 0 && n > len)
			abort();
		free(out);
		break;
	}
	case 1:
		(void)lang_from_accept(z);
		break;
	case 2: {
		struct dm_parse_error err;
		if (dm_rules_check(text, len, &err) != 0 && err.msg[0] == '\0')
			abort(); /* every refusal says why */
		break;
	}
	}
	free(z);
	return 0;
}
