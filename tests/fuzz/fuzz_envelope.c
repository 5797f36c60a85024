/*
 * Fuzz target: the envelope parser and decryption, and the key-file
 * parsers. The first byte picks: envelope (opened with a fixed unit key),
 * unit secret key file, unit public key file, signer public key file; 0xFF a signed
 * message block, 0xFE an envelope with a transfer header spliced in.
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
	if (data[0] == 0xFF) { /* a signed unit message's stored block */
		struct cr_signed_message m;
		if (cr_signed_message_decode(p, n, &m) == 0 &&
		    (m.sealed_len + CR_SIGNED_MSG_HEADER != n || m.unit[0] == '\0'))
			abort();
		return 0;
	}
	if (data[0] == 0xFE && n >= CR_ENV_HEADER_BYTES) { /* a transfer's header spliced in */
		uint8_t *out = NULL;
		size_t len = 0;
		struct cr_envelope_info info;
		if (cr_envelope_splice(p + CR_ENV_HEADER_BYTES, n - CR_ENV_HEADER_BYTES, p, &out, &len,
				       &info) == 0 && len != n - CR_ENV_HEADER_BYTES)
			abort();
		free(out);
		return 0;
	}
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
