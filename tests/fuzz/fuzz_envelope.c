/*
 * Fuzz target: the envelope parser and decryption, and the key-file
 * parsers. The first byte picks: envelope (opened with a fixed unit key),
 * unit secret key file, unit public key file, signer public key file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cr_unit_secret *key;
	if (key == NULL && (cr_init() != 0 || cr_unit_keygen("TT-96", &key) != 0))
		abort();
	if (size == 0)
		return 0;
	const uint8_t *p = data + 1;
	size_t n = size - 1;
	switch (data[0] % 4) {
	case 0: {
		struct cr_envelope_info info;
		struct cr_envelope_opened o;
		if (cr_envelope_inspect(p, n, &info) == 0 && strlen(info.case_id) != CR_CASE_ID_LEN)
			abort();
		if (cr_envelope_open(p, n, key, &o) == 0)
			cr_envelope_opened_free(&o);
		break;
	}
	case 1: {
		struct cr_unit_secret *s;
		if (cr_unit_secret_parse((const char *)p, n, &s) == 0)
			cr_unit_secret_free(s);
		break;
	}
	case 2: {
		struct cr_unit_pub pub;
		if (cr_unit_pub_parse((const char *)p, n, &pub) == 0 && pub.unit[CR_UNIT_MAX - 1])
			abort();
		break;
	}
	case 3: {
		struct cr_signer_pub sp;
		if (cr_signer_pub_parse((const char *)p, n, &sp) == 0 && sp.role[0] == '\0')
			abort();
		break;
	}
	}
	return 0;
}
