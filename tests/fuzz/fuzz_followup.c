/*
 * Fuzz target: the follow-up API's request decoder (with its "before"
 * cursor), the pages' cursor field, and receipt normalisation. The first
 * byte chooses: bit 0 a body with text, bit 1 the cursor field instead.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cr.h"
#include "followup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void cursor(const char *s, size_t len)
{
	uint32_t before = 0;
	if (followup_cursor_decode(s, len, &before) == 0 &&
	    (before == 0 || before > FOLLOWUP_CURSOR_MAX))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 2) {
		cursor((const char *)data + 1, size - 1);
		return 0;
	}
	cJSON *root = NULL;
	uint32_t before = 0;
	if (followup_body_decode((const char *)data + 1, size - 1, data[0] & 1, &root, &before) ==
	    0) {
		const cJSON *r = cJSON_GetObjectItemCaseSensitive(root, "receipt");
		char norm[CR_RECEIPT_LEN + 1];
		if (!cJSON_IsString(r) || before > FOLLOWUP_CURSOR_MAX ||
		    ((data[0] & 1) && before != 0))
			abort();
		if (cr_receipt_normalize(r->valuestring, strlen(r->valuestring), norm) == 0 &&
		    strlen(norm) != CR_RECEIPT_LEN)
			abort();
	} else if (before != 0) {
		abort();
	}
	cJSON_Delete(root);
	return 0;
}
