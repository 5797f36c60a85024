/*
 * make_vectors DIR: write a unit key file, an envelope of known plaintext
 * and a few derived values into DIR, for tests/interop/check_vectors.py to
 * recompute with PyNaCl alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cr.h"

static int write_file(const char *dir, const char *name, const void *data, size_t len)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len)
		return 1;
	return fclose(f) != 0;
}

int main(int argc, char **argv)
{
	if (argc != 2 || cr_init() != 0)
		return 2;
	const char *dir = argv[1];
	char path[1024];
	struct cr_unit_secret *sec;
	if (cr_unit_keygen("TT-96", &sec) != 0)
		return 1;
	snprintf(path, sizeof(path), "%s/TT-96.key", dir);
	if (cr_unit_secret_save(sec, path) != 0)
		return 1;
	static const char body[] = "{\"details\":\"Nội dung bí mật của đơn\"}";
	static const char ident[] = "{\"full_name\":\"Nguyễn Văn A\"}";
	char case_id[CR_CASE_ID_LEN + 1];
	cr_case_id_new(case_id);
	struct cr_envelope_params p = {.case_id = case_id, .unit = cr_unit_secret_pub(sec),
				       .body = (const uint8_t *)body, .body_len = strlen(body),
				       .identity = (const uint8_t *)ident,
				       .identity_len = strlen(ident)};
	uint8_t *env;
	size_t len;
	if (cr_envelope_seal(&p, &env, &len) != 0)
		return 1;
	char receipt[CR_RECEIPT_LEN + 1];
	uint8_t rpk[CR_PK_BYTES];
	cr_receipt_new(receipt);
	cr_reporter_pk(receipt, rpk);
	/* A message sealed to the reporter, for PyNaCl to open from the receipt. */
	static const char msg[] = "Đơn vị đã thụ lý đơn của bạn.";
	uint8_t sealed[sizeof(msg) - 1 + CR_SEAL_OVERHEAD];
	if (cr_seal_to(rpk, (const uint8_t *)msg, sizeof(msg) - 1, sealed) != 0)
		return 1;
	int rc = write_file(dir, "envelope.bin", env, len) ||
		 write_file(dir, "body.txt", body, strlen(body)) ||
		 write_file(dir, "identity.txt", ident, strlen(ident)) ||
		 write_file(dir, "receipt.txt", receipt, strlen(receipt)) ||
		 write_file(dir, "reporter_pk.bin", rpk, sizeof(rpk)) ||
		 write_file(dir, "reporter_msg.bin", sealed, sizeof(sealed)) ||
		 write_file(dir, "reporter_msg.txt", msg, sizeof(msg) - 1);
	free(env);
	cr_unit_secret_free(sec);
	return rc;
}
