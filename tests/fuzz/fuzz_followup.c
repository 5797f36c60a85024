/* Fuzz target: the follow-up API's request decoder, and receipt normalisation. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cr.h"
#include "followup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	cJSON *root = NULL;
	if (followup_body_decode((const char *)data + 1, size - 1, data[0] & 1, &root) == 0) {
		const cJSON *r = cJSON_GetObjectItemCaseSensitive(root, "receipt");
		char norm[CR_RECEIPT_LEN + 1];
		if (!cJSON_IsString(r))
			abort();
		if (cr_receipt_normalize(r->valuestring, strlen(r->valuestring), norm) == 0 &&
		    strlen(norm) != CR_RECEIPT_LEN)
			abort();
	}
	cJSON_Delete(root);
	return 0;
}
