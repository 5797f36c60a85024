/* Fuzz target: the stored case-record decoder, and the codec's round trip. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store_case c;
	if (store_case_decode(data, size, &c) != 0)
		return 0;
	/* Whatever decodes must encode back to the same bytes. */
	uint8_t again[STORE_CASE_RECORD_LEN];
	store_case_encode(&c, again);
	if (memcmp(again, data, STORE_CASE_RECORD_LEN) != 0)
		abort();
	return 0;
}
