#define _GNU_SOURCE /* memmem */
/* The crypto layer: envelopes, tampering, isolation, re-sealing, key files, receipts. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cr.h"
#include "cr_internal.h"
#include "tc_test.h"

static char dir[] = "/tmp/tocao-crypto-test-XXXXXX";

static const char BODY[] = "{\"details\":\"Nội dung tố cáo\"}";
static const char IDENT[] = "{\"full_name\":\"Nguyễn Văn A\"}";

static uint8_t *seal(const struct cr_unit_secret *sec, const char *case_id, int with_identity,
		     size_t *len)
{
	struct cr_envelope_params p = {.case_id = case_id, .unit = cr_unit_secret_pub(sec),
				       .body = (const uint8_t *)BODY, .body_len = strlen(BODY)};
	if (with_identity) {
		p.identity = (const uint8_t *)IDENT;
		p.identity_len = strlen(IDENT);
	}
	uint8_t *env = NULL;
	TC_CHECK_INT(cr_envelope_seal(&p, &env, len), 0);
	return env;
}

static void test_round_trip(void)
{
	struct cr_unit_secret *sec;
	TC_CHECK_INT(cr_unit_keygen("TT-96", &sec), 0);
	for (int with_id = 0; with_id <= 1; with_id++) {
		size_t len;
		uint8_t *env = seal(sec, "K7QM2XPD", with_id, &len);
		struct cr_envelope_info info;
		TC_CHECK_INT(cr_envelope_inspect(env, len, &info), 0);
		TC_CHECK_STR(info.case_id, "K7QM2XPD");
		TC_CHECK_STR(info.unit, "TT-96");
		TC_CHECK_INT(info.has_identity, with_id);
		struct cr_envelope_opened o;
		TC_CHECK_INT(cr_envelope_open(env, len, sec, &o), 0);
		TC_CHECK_INT(o.body_len, strlen(BODY));
		TC_CHECK(memcmp(o.body, BODY, o.body_len) == 0);
		TC_CHECK_INT(o.body[o.body_len], 0);
		if (with_id)
			TC_CHECK(o.identity && memcmp(o.identity, IDENT, strlen(IDENT)) == 0);
		else
			TC_CHECK(o.identity == NULL);
		/* The plaintext is nowhere in the envelope. */
		TC_CHECK(memmem(env, len, "Nội dung", strlen("Nội dung")) == NULL);
		cr_envelope_opened_free(&o);
		free(env);
	}
	cr_unit_secret_free(sec);
}

static void test_every_flipped_byte_fails(void)
{
	struct cr_unit_secret *sec;
	TC_CHECK_INT(cr_unit_keygen("TT-01", &sec), 0);
	size_t len;
	uint8_t *env = seal(sec, "AAAAAAA1", 1, &len);
	int opened = 0;
	for (size_t i = 0; i < len; i++) {
		/* Bytes 14-21 (unit) are deliberately not authenticated (re-sealing);
		 * changing them must still never yield a wrong plaintext. */
		env[i] ^= 0x01;
		struct cr_envelope_opened o;
		int rc = cr_envelope_open(env, len, sec, &o);
		if (rc == 0) {
			opened++;
			TC_CHECK(i >= 14 && i < 22);
			TC_CHECK(memcmp(o.body, BODY, strlen(BODY)) == 0);
			cr_envelope_opened_free(&o);
		}
		env[i] ^= 0x01;
	}
	TC_CHECK(opened <= 8);
	/* Truncation at every length, and a trailing byte. */
	for (size_t n = 0; n < len; n++) {
		struct cr_envelope_opened o;
		TC_CHECK(cr_envelope_open(env, n, sec, &o) != 0);
	}
	uint8_t *longer = malloc(len + 1);
	memcpy(longer, env, len);
	longer[len] = 0;
	struct cr_envelope_opened o;
	TC_CHECK_INT(cr_envelope_open(longer, len + 1, sec, &o), TC_EFORMAT);
	/* Version and magic. */
	env[4] = 2;
	TC_CHECK_INT(cr_envelope_open(env, len, sec, &o), TC_EVERSION);
	env[4] = 1;
	env[0] = 'X';
	TC_CHECK_INT(cr_envelope_open(env, len, sec, &o), TC_EFORMAT);
	free(longer);
	free(env);
	cr_unit_secret_free(sec);
}

static void test_other_unit_cannot_open(void)
{
	struct cr_unit_secret *a, *b;
	TC_CHECK_INT(cr_unit_keygen("TT-96", &a), 0);
	TC_CHECK_INT(cr_unit_keygen("TT-01", &b), 0);
	size_t len;
	uint8_t *env = seal(a, "BBBBBBB2", 1, &len);
	struct cr_envelope_opened o;
	TC_CHECK_INT(cr_envelope_open(env, len, b, &o), TC_ECRYPTO);
	/* Even with the header's key id rewritten to b's. */
	memcpy(env + 22, cr_unit_secret_pub(b)->key_id, CR_KEY_ID_BYTES);
	TC_CHECK_INT(cr_envelope_open(env, len, b, &o), TC_ECRYPTO);
	free(env);
	cr_unit_secret_free(a);
	cr_unit_secret_free(b);
}

static void test_reseal(void)
{
	struct cr_unit_secret *a, *b;
	TC_CHECK_INT(cr_unit_keygen("TT-96", &a), 0);
	TC_CHECK_INT(cr_unit_keygen("TTCP", &b), 0);
	size_t len, len2;
	uint8_t *env = seal(a, "CCCCCCC3", 1, &len), *moved = NULL;
	TC_CHECK_INT(cr_envelope_reseal(env, len, a, cr_unit_secret_pub(b), &moved, &len2), 0);
	struct cr_envelope_info info;
	TC_CHECK_INT(cr_envelope_inspect(moved, len2, &info), 0);
	TC_CHECK_STR(info.unit, "TTCP");
	struct cr_envelope_opened o;
	TC_CHECK_INT(cr_envelope_open(moved, len2, b, &o), 0);
	TC_CHECK(memcmp(o.body, BODY, strlen(BODY)) == 0);
	cr_envelope_opened_free(&o);
	TC_CHECK_INT(cr_envelope_open(moved, len2, a, &o), TC_ECRYPTO);
	/* Only the holder of the current key can re-seal. */
	uint8_t *again = NULL;
	TC_CHECK_INT(cr_envelope_reseal(env, len, b, cr_unit_secret_pub(b), &again, &len2),
		     TC_ECRYPTO);
	free(env);
	free(moved);
	cr_unit_secret_free(a);
	cr_unit_secret_free(b);
}

static void test_seal_rejects(void)
{
	struct cr_unit_secret *a;
	TC_CHECK_INT(cr_unit_keygen("TT-96", &a), 0);
	struct cr_envelope_params p = {.case_id = "bad id", .unit = cr_unit_secret_pub(a),
				       .body = (const uint8_t *)"x", .body_len = 1};
	uint8_t *env;
	size_t len;
	TC_CHECK_INT(cr_envelope_seal(&p, &env, &len), TC_EINVAL);
	p.case_id = "AAAAAAAA";
	p.body_len = (size_t)3 << 20;
	TC_CHECK_INT(cr_envelope_seal(&p, &env, &len), TC_EINVAL);
	TC_CHECK_INT(cr_unit_keygen("TT-1", &a), TC_EINVAL);
	cr_unit_secret_free(a);
}

static void test_key_files(void)
{
	char path[256], pub_path[256];
	struct cr_unit_secret *sec, *back;
	TC_CHECK_INT(cr_unit_keygen("TT-79", &sec), 0);
	snprintf(path, sizeof(path), "%s/u.key", dir);
	snprintf(pub_path, sizeof(pub_path), "%s/u.pub", dir);
	TC_CHECK_INT(cr_unit_secret_save(sec, path), 0);
	TC_CHECK_INT(cr_unit_secret_save(sec, path), TC_EEXIST);
	TC_CHECK_INT(cr_unit_pub_save(cr_unit_secret_pub(sec), pub_path), 0);
	struct stat st;
	TC_CHECK_INT(stat(path, &st), 0);
	TC_CHECK_INT(st.st_mode & 0777, 0600);
	TC_CHECK_INT(cr_unit_secret_load(path, &back), 0);
	TC_CHECK(memcmp(cr_unit_secret_pub(back), cr_unit_secret_pub(sec),
			sizeof(struct cr_unit_pub)) == 0);
	struct cr_unit_pub pub;
	TC_CHECK_INT(cr_unit_pub_load(pub_path, &pub), 0);
	TC_CHECK_STR(pub.unit, "TT-79");
	cr_unit_secret_free(back);

	/* Each field wrong in turn. */
	char text[1024];
	FILE *f = fopen(path, "r");
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	struct {
		const char *from, *to;
		int rc;
	} bad[] = {
		{"tocao-unit-secret-key 1", "tocao-unit-secret-key 2", TC_EVERSION},
		{"tocao-unit-secret-key 1", "something else", TC_EFORMAT},
		{"unit: TT-79", "unit: TT-7", TC_EFORMAT},
		{"encryption: none", "encryption: argon2id", TC_EFORMAT}, /* without its fields */
		{"encryption: none", "encryption: rot13", TC_EVERSION},
		{"key-id: ", "key-id: 00", TC_EFORMAT},
		{"public: ", "public: 0", TC_EFORMAT},
		{"secret: ", "secret: 00", TC_EFORMAT},
		{"unit: TT-79\n", "unit: TT-79\nunit: TT-79\n", TC_EFORMAT},
		{"unit: TT-79\n", "colour: red\n", TC_EFORMAT},
		{"unit: TT-79\n", "", TC_EFORMAT},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char mod[1100];
		const char *p = strstr(text, bad[i].from);
		TC_CHECK(p != NULL);
		snprintf(mod, sizeof(mod), "%.*s%s%s", (int)(p - text), text, bad[i].to,
			 p + strlen(bad[i].from));
		int rc = cr_unit_secret_parse(mod, strlen(mod), &back);
		if (rc != bad[i].rc)
			fprintf(stderr, "key file case %zu: %d\n", i, rc);
		TC_CHECK_INT(rc, bad[i].rc);
	}
	/* A secret key that does not match its public key. */
	struct cr_unit_secret *other;
	TC_CHECK_INT(cr_unit_keygen("TT-79", &other), 0);
	char other_path[256], other_text[1024], mixed[2048];
	snprintf(other_path, sizeof(other_path), "%s/o.key", dir);
	TC_CHECK_INT(cr_unit_secret_save(other, other_path), 0);
	f = fopen(other_path, "r");
	n = fread(other_text, 1, sizeof(other_text) - 1, f);
	fclose(f);
	other_text[n] = 0;
	const char *s1 = strstr(text, "secret: "), *s2 = strstr(other_text, "secret: ");
	snprintf(mixed, sizeof(mixed), "%.*s%s", (int)(s1 - text), text, s2);
	TC_CHECK_INT(cr_unit_secret_parse(mixed, strlen(mixed), &back), TC_EFORMAT);
	cr_unit_secret_free(other);
	cr_unit_secret_free(sec);
}

static void test_protected_key_files(void)
{
	char path[256];
	static const char pass[] = "một câu mật khẩu dài 2026";
	struct cr_unit_secret *sec, *back = NULL;
	snprintf(path, sizeof(path), "%s/protected.key", dir);
	TC_CHECK_INT(cr_unit_keygen("TT-96", &sec), 0);
	TC_CHECK_INT(cr_unit_secret_save_protected(sec, path, pass, strlen(pass), CR_KDF_INTERACTIVE), 0);
	/* The secret is not in the file, in any form. */
	char text[2048], sk_hex[65];
	FILE *f = fopen(path, "r");
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	const uint8_t *sk = cr_unit_secret_sk(sec);
	for (int i = 0; i < 32; i++)
		snprintf(sk_hex + 2 * i, 3, "%02x", sk[i]);
	TC_CHECK(strstr(text, sk_hex) == NULL);
	TC_CHECK(strstr(text, "encryption: argon2id\n") != NULL);
	/* Without the passphrase: locked; wrong: refused; right: the same key. */
	TC_CHECK_INT(cr_unit_secret_load(path, &back), TC_ELOCKED);
	TC_CHECK_INT(cr_unit_secret_load_pass(path, "wrong", 5, &back), TC_ECRYPTO);
	TC_CHECK(back == NULL);
	TC_CHECK_INT(cr_unit_secret_load_pass(path, pass, strlen(pass), &back), 0);
	TC_CHECK(back && memcmp(cr_unit_secret_sk(back), sk, 32) == 0);
	cr_unit_secret_free(back);
	/* The unit is bound: relabelling the file breaks it (AD), even with the passphrase. */
	char *u = strstr(text, "unit: TT-96");
	TC_CHECK(u != NULL);
	if (u) {
		memcpy(u, "unit: TT-01", 11);
		back = NULL;
		TC_CHECK_INT(cr_unit_secret_parse_pass(text, strlen(text), pass, strlen(pass), &back),
			     TC_ECRYPTO);
	}
	/* A file asking for absurd Argon2 costs is refused before any work. */
	char *ops = strstr(text, "kdf-opslimit: ");
	TC_CHECK(ops != NULL);
	if (ops && u) {
		char costly[2100];
		memcpy(u, "unit: TT-96", 11);
		snprintf(costly, sizeof(costly), "%.*skdf-opslimit: 99%s", (int)(ops - text), text,
			 strchr(ops, '\n'));
		TC_CHECK_INT(cr_unit_secret_parse_pass(costly, strlen(costly), pass, strlen(pass), &back),
			     TC_EFORMAT);
		/* And the untouched file still opens, so the refusal above was the cost. */
		TC_CHECK_INT(cr_unit_secret_parse_pass(text, strlen(text), pass, strlen(pass), &back), 0);
		cr_unit_secret_free(back);
	}
	cr_unit_secret_free(sec);
}

static void test_ids_and_receipts(void)
{
	char id[CR_CASE_ID_LEN + 1], r[CR_RECEIPT_LEN + 1], n[CR_RECEIPT_LEN + 1];
	cr_case_id_new(id);
	TC_CHECK(cr_case_id_is_valid(id));
	TC_CHECK(!cr_case_id_is_valid("K7QM2XPI"));
	TC_CHECK(!cr_case_id_is_valid("k7qm2xpd"));
	TC_CHECK(!cr_case_id_is_valid("K7QM2XP"));
	cr_receipt_new(r);
	TC_CHECK_INT(strlen(r), 24);
	TC_CHECK(r[4] == '-' && r[9] == '-' && r[14] == '-' && r[19] == '-');
	TC_CHECK_INT(cr_receipt_normalize(r, strlen(r), n), 0);
	TC_CHECK_STR(n, r);
	TC_CHECK_INT(cr_receipt_normalize("7kq2 m9xd 4rt8 wb3n z6hc", 24, n), 0);
	TC_CHECK_STR(n, "7KQ2-M9XD-4RT8-WB3N-Z6HC");
	TC_CHECK_INT(cr_receipt_normalize("OIL2-M9XD-4RT8-WB3N-Z6HC", 24, n), 0);
	TC_CHECK_STR(n, "0112-M9XD-4RT8-WB3N-Z6HC");
	TC_CHECK_INT(cr_receipt_normalize("7KQ2-M9XD-4RT8-WB3N-Z6H", 23, n), TC_EINVAL);
	TC_CHECK_INT(cr_receipt_normalize("7KQ2-M9XD-4RT8-WB3N-Z6HU", 24, n), TC_EINVAL);
	TC_CHECK_INT(cr_receipt_normalize("7KQ2-M9XD-4RT8-WB3N-Z6HC-0", 26, n), TC_EINVAL);
	/* Many receipts: all distinct, all symbols used. */
	int seen[128] = {0};
	char prev[CR_RECEIPT_LEN + 1] = "";
	for (int i = 0; i < 2000; i++) {
		cr_receipt_new(r);
		TC_CHECK(strcmp(r, prev) != 0);
		memcpy(prev, r, sizeof(prev));
		for (int k = 0; r[k]; k++)
			seen[(unsigned char)r[k]]++;
	}
	int distinct = 0;
	for (int c = 0; c < 128; c++)
		distinct += seen[c] > 0 && c != '-';
	TC_CHECK_INT(distinct, 32);
	TC_CHECK(seen['I'] == 0 && seen['L'] == 0 && seen['O'] == 0 && seen['U'] == 0);
}

static void test_server_key(void)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/server.key", dir);
	TC_CHECK_INT(cr_server_key_create(path), 0);
	TC_CHECK_INT(cr_server_key_create(path), TC_EEXIST);
	struct cr_server_key *k, *k2;
	TC_CHECK_INT(cr_server_key_load(path, &k), 0);
	TC_CHECK_INT(cr_server_key_load(path, &k2), 0);
	uint8_t h1[32], h2[32], h3[32];
	cr_keyed_hash(k, "receipt", (const uint8_t *)"abc", 3, h1);
	cr_keyed_hash(k2, "receipt", (const uint8_t *)"abc", 3, h2);
	cr_keyed_hash(k, "idempotency", (const uint8_t *)"abc", 3, h3);
	TC_CHECK(memcmp(h1, h2, 32) == 0);
	TC_CHECK(memcmp(h1, h3, 32) != 0);
	uint8_t wrapped[24 + CR_WRAP_OVERHEAD], back[24];
	TC_CHECK_INT(cr_wrap(k, (const uint8_t *)"key-1", 5, (const uint8_t *)"SECRET-RECEIPT-123456789", 24, wrapped), 0);
	TC_CHECK(memmem(wrapped, sizeof(wrapped), "SECRET", 6) == NULL);
	TC_CHECK_INT(cr_unwrap(k, (const uint8_t *)"key-1", 5, wrapped, sizeof(wrapped), back), 0);
	TC_CHECK(memcmp(back, "SECRET-RECEIPT-123456789", 24) == 0);
	TC_CHECK_INT(cr_unwrap(k, (const uint8_t *)"key-2", 5, wrapped, sizeof(wrapped), back), TC_ECRYPTO);
	cr_server_key_free(k);
	cr_server_key_free(k2);
	/* A damaged file. */
	char bad[256];
	snprintf(bad, sizeof(bad), "%s/bad.key", dir);
	FILE *f = fopen(bad, "w");
	fputs("tocao-server-key 1\nsecret: 1234\n", f);
	fclose(f);
	TC_CHECK_INT(cr_server_key_load(bad, &k), TC_EFORMAT);
}

static void test_reporter_key_and_messages(void)
{
	char r[CR_RECEIPT_LEN + 1], other[CR_RECEIPT_LEN + 1];
	cr_receipt_new(r);
	cr_receipt_new(other);
	uint8_t pk[32], pk2[32];
	cr_reporter_pk(r, pk);
	cr_reporter_pk(r, pk2);
	TC_CHECK(memcmp(pk, pk2, 32) == 0); /* stable */
	static const char msg[] = "Đơn của bạn đã được thụ lý.";
	uint8_t sealed[sizeof(msg) - 1 + CR_SEAL_OVERHEAD], out[sizeof(msg)];
	TC_CHECK_INT(cr_seal_to(pk, (const uint8_t *)msg, sizeof(msg) - 1, sealed), 0);
	TC_CHECK_INT(cr_reporter_open(r, sealed, sizeof(sealed), out), 0);
	TC_CHECK(memcmp(out, msg, sizeof(msg) - 1) == 0);
	TC_CHECK_INT(cr_reporter_open(other, sealed, sizeof(sealed), out), TC_ECRYPTO);
}

static void test_signers(void)
{
	struct cr_signer *s, *back;
	char sp[256], pp[256];
	snprintf(sp, sizeof(sp), "%s/i.key", dir);
	snprintf(pp, sizeof(pp), "%s/i.pub", dir);
	TC_CHECK_INT(cr_signer_keygen("inspector", "TT-96", &s), 0);
	TC_CHECK_INT(cr_signer_keygen("inspector", "national", &back), TC_EINVAL);
	TC_CHECK_INT(cr_signer_keygen("monitor", "TT-96", &back), TC_EINVAL);
	TC_CHECK_INT(cr_signer_save(s, sp, pp), 0);
	TC_CHECK_INT(cr_signer_load(sp, &back), 0);
	struct cr_signer_pub pub;
	TC_CHECK_INT(cr_signer_pub_load(pp, &pub), 0);
	TC_CHECK_STR(pub.role, "inspector");
	TC_CHECK_STR(pub.scope, "TT-96");
	uint8_t sig[CR_SIG_BYTES];
	cr_signer_sign(back, (const uint8_t *)"challenge", 9, sig);
	TC_CHECK_INT(cr_sign_verify(pub.pk, (const uint8_t *)"challenge", 9, sig), 0);
	TC_CHECK_INT(cr_sign_verify(pub.pk, (const uint8_t *)"challengf", 9, sig), TC_ECRYPTO);
	cr_signer_free(s);
	cr_signer_free(back);
}


/* ---- More: failure paths, limits, attachments, wrapping, the reporter's pair ---- */

static int all_bytes(const void *p, int v, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i] != (uint8_t)v)
			return 0;
	return 1;
}

static void test_key_id_mismatch_and_no_output_on_failure(void)
{
	struct cr_unit_secret *a;
	TC_CHECK_INT(cr_unit_keygen("TT-96", &a), 0);
	size_t len;
	uint8_t *env = seal(a, "DDDDDDD4", 1, &len);
	struct cr_envelope_opened o;
	/* The right key, but the header names another: refused before any decryption. */
	env[22] ^= 0xff;
	memset(&o, 0xAA, sizeof(o));
	TC_CHECK_INT(cr_envelope_open(env, len, a, &o), TC_ECRYPTO);
	TC_CHECK(all_bytes(&o, 0xAA, sizeof(o)));
	env[22] ^= 0xff;
	/* A damaged identity: the body authenticates, still nothing comes out. */
	env[len - 1] ^= 0x01;
	TC_CHECK_INT(cr_envelope_open(env, len, a, &o), TC_ECRYPTO);
	TC_CHECK(all_bytes(&o, 0xAA, sizeof(o)));
	env[len - 1] ^= 0x01;
	/* Inspect needs no key and reports the header as it is. */
	struct cr_envelope_info info;
	TC_CHECK_INT(cr_envelope_inspect(env, len, &info), 0);
	TC_CHECK(memcmp(info.key_id, cr_unit_secret_pub(a)->key_id, CR_KEY_ID_BYTES) == 0);
	TC_CHECK_INT(info.version, 1);
	TC_CHECK_INT(info.body_ct_len, strlen(BODY) + 16);
	free(env);
	cr_unit_secret_free(a);
}

static void test_limits(void)
{
	struct cr_unit_secret *a;
	TC_CHECK_INT(cr_unit_keygen("TT-96", &a), 0);
	static uint8_t big[(16u << 10) + 1];
	uint8_t *env = NULL;
	size_t len = 0;
	struct cr_envelope_params p = {.case_id = "EEEEEEE5", .unit = cr_unit_secret_pub(a),
				       .body = (const uint8_t *)"{}", .body_len = 2,
				       .identity = big, .identity_len = sizeof(big)};
	TC_CHECK_INT(cr_envelope_seal(&p, &env, &len), TC_EINVAL);
	p.identity_len = sizeof(big) - 1; /* exactly the limit */
	TC_CHECK_INT(cr_envelope_seal(&p, &env, &len), 0);
	struct cr_envelope_opened o;
	TC_CHECK_INT(cr_envelope_open(env, len, a, &o), 0);
	TC_CHECK_INT(o.identity_len, sizeof(big) - 1);
	cr_envelope_opened_free(&o);
	/* A length field claiming more than the limit, or than the bytes: malformed, no allocation. */
	uint8_t *lie = malloc(len);
	memcpy(lie, env, len);
	lie[134] = 0x7f; /* body length ~2 GiB */
	struct cr_envelope_info info;
	TC_CHECK_INT(cr_envelope_inspect(lie, len, &info), TC_EFORMAT);
	TC_CHECK_INT(cr_envelope_open(lie, len, a, &o), TC_EFORMAT);
	memcpy(lie, env, len);
	lie[134 + 4 + 2 + 16 + 24 + 1] = 0x01; /* identity length + 64 KiB */
	TC_CHECK_INT(cr_envelope_inspect(lie, len, &info), TC_EFORMAT);
	/* Unknown flags, a lower-case or unpadded unit, a bad case id. */
	memcpy(lie, env, len);
	lie[5] = 0x03;
	TC_CHECK_INT(cr_envelope_inspect(lie, len, &info), TC_EFORMAT);
	memcpy(lie, env, len);
	lie[14] = 't';
	TC_CHECK_INT(cr_envelope_inspect(lie, len, &info), TC_EFORMAT);
	memcpy(lie, env, len);
	lie[21] = 'X';
	TC_CHECK_INT(cr_envelope_inspect(lie, len, &info), TC_EFORMAT);
	memcpy(lie, env, len);
	lie[6] = 'U';
	TC_CHECK_INT(cr_envelope_inspect(lie, len, &info), TC_EFORMAT);
	free(lie);
	free(env);
	/* A recipient whose unit id the header cannot hold. */
	struct cr_unit_pub bad = *cr_unit_secret_pub(a);
	memcpy(bad.unit, "tt-96", 6);
	p.unit = &bad;
	TC_CHECK_INT(cr_envelope_seal(&p, &env, &len), TC_EINVAL);
	cr_unit_secret_free(a);
}

static void test_reseal_more(void)
{
	struct cr_unit_secret *a, *b;
	TC_CHECK_INT(cr_unit_keygen("TT-96", &a), 0);
	TC_CHECK_INT(cr_unit_keygen("TT-01", &b), 0);
	size_t len, len2;
	uint8_t *env = seal(a, "FFFFFFF6", 1, &len), *moved = NULL;
	TC_CHECK_INT(cr_envelope_reseal(env, len, a, cr_unit_secret_pub(b), &moved, &len2), 0);
	/* Magic, version, flags, case id and every ciphertext byte for byte the same. */
	TC_CHECK_INT(len2, len);
	TC_CHECK(memcmp(moved, env, 14) == 0 && memcmp(moved + 110, env + 110, len - 110) == 0);
	TC_CHECK(memcmp(moved + 22, cr_unit_secret_pub(b)->key_id, CR_KEY_ID_BYTES) == 0);
	/* And back again: the chain of transfers keeps the plaintext. */
	uint8_t *back = NULL;
	size_t len3;
	TC_CHECK_INT(cr_envelope_reseal(moved, len2, b, cr_unit_secret_pub(a), &back, &len3), 0);
	struct cr_envelope_opened o;
	TC_CHECK_INT(cr_envelope_open(back, len3, a, &o), 0);
	TC_CHECK(o.identity && memcmp(o.identity, IDENT, strlen(IDENT)) == 0);
	cr_envelope_opened_free(&o);
	/* To a unit id the header cannot hold: refused, nothing allocated. */
	struct cr_unit_pub bad = *cr_unit_secret_pub(b);
	memset(bad.unit, 0, sizeof(bad.unit));
	uint8_t *none = NULL;
	TC_CHECK_INT(cr_envelope_reseal(env, len, a, &bad, &none, &len3), TC_EINVAL);
	TC_CHECK(none == NULL);
	free(back);
	free(moved);
	free(env);
	cr_unit_secret_free(a);
	cr_unit_secret_free(b);
}

static void test_strip_identity(void)
{
	struct cr_unit_secret *a;
	TC_CHECK_INT(cr_unit_keygen("TT-96", &a), 0);
	size_t len, slen;
	uint8_t *env = seal(a, "GGGGGGG7", 1, &len), *stripped = NULL;
	TC_CHECK_INT(cr_envelope_strip_identity(env, len, &stripped, &slen), 0);
	TC_CHECK(slen < len);
	struct cr_envelope_opened o;
	TC_CHECK_INT(cr_envelope_open(stripped, slen, a, &o), 0);
	TC_CHECK(o.identity == NULL && memcmp(o.body, BODY, strlen(BODY)) == 0);
	cr_envelope_opened_free(&o);
	/* Without an identity: copied as is. */
	uint8_t *again = NULL;
	size_t alen;
	TC_CHECK_INT(cr_envelope_strip_identity(stripped, slen, &again, &alen), 0);
	TC_CHECK(alen == slen && memcmp(again, stripped, slen) == 0);
	free(again);
	free(stripped);
	free(env);
	cr_unit_secret_free(a);
}

static void test_attachments(void)
{
	struct cr_unit_secret *a, *b;
	TC_CHECK_INT(cr_unit_keygen("TT-96", &a), 0);
	TC_CHECK_INT(cr_unit_keygen("TT-01", &b), 0);
	static const size_t sizes[] = {0, 1, 65536, 65537, 3 * 65536 + 5};
	enum { N = sizeof(sizes) / sizeof(sizes[0]) };
	struct cr_attachment att[N];
	uint8_t *data = malloc(3 * 65536 + 5);
	for (size_t i = 0; i < 3 * 65536 + 5; i++)
		data[i] = (uint8_t)(i ^ (i >> 9));
	for (size_t i = 0; i < N; i++)
		att[i] = (struct cr_attachment){.data = data, .len = sizes[i]};
	struct cr_envelope_params p = {.case_id = "HHHHHHH8", .unit = cr_unit_secret_pub(a),
				       .body = (const uint8_t *)BODY, .body_len = strlen(BODY),
				       .attachments = att, .n_attachments = N};
	uint8_t *env = NULL, *other = NULL, *out = NULL;
	size_t len, olen, out_len;
	unsigned index;
	TC_CHECK_INT(cr_envelope_seal(&p, &env, &len), 0);
	for (size_t i = 0; i < N; i++) {
		TC_CHECK_INT(cr_attachment_open(env, len, att[i].sealed, att[i].sealed_len, a, &index,
						&out, &out_len),
			     0);
		TC_CHECK_INT(index, i);
		TC_CHECK(out_len == sizes[i] && (sizes[i] == 0 || memcmp(out, data, sizes[i]) == 0));
		cr_attachment_free(out);
		out = NULL;
	}
	struct cr_attachment *big = &att[N - 1];
	uint8_t *blob = malloc(big->sealed_len + 1);
	memcpy(blob, big->sealed, big->sealed_len);
	/* Truncated after any whole chunk (no TAG_FINAL), or anywhere else. */
	size_t chunk = 4 + 65536 + 17, head = 15 + 24;
	for (size_t k = 0; k <= 3; k++)
		TC_CHECK(cr_attachment_open(env, len, blob, head + k * chunk, a, &index, &out,
					    &out_len) != 0);
	TC_CHECK(cr_attachment_open(env, len, blob, big->sealed_len - 1, a, &index, &out,
				    &out_len) != 0);
	/* A byte after the final chunk. */
	blob[big->sealed_len] = 0;
	TC_CHECK_INT(cr_attachment_open(env, len, blob, big->sealed_len + 1, a, &index, &out,
					&out_len),
		     TC_ECRYPTO);
	/* Two chunks swapped. */
	memcpy(blob + head, big->sealed + head + chunk, chunk);
	memcpy(blob + head + chunk, big->sealed + head, chunk);
	TC_CHECK_INT(cr_attachment_open(env, len, blob, big->sealed_len, a, &index, &out, &out_len),
		     TC_ECRYPTO);
	/* Relabelled as another index: another key. */
	memcpy(blob, big->sealed, big->sealed_len);
	blob[6] = 0;
	TC_CHECK_INT(cr_attachment_open(env, len, blob, big->sealed_len, a, &index, &out, &out_len),
		     TC_ECRYPTO);
	TC_CHECK(out == NULL);
	/* Another unit's key; another case's envelope. */
	TC_CHECK_INT(cr_attachment_open(env, len, big->sealed, big->sealed_len, b, &index, &out,
					&out_len),
		     TC_ECRYPTO);
	other = seal(a, "JJJJJJJ9", 0, &olen);
	TC_CHECK_INT(cr_attachment_open(other, olen, big->sealed, big->sealed_len, a, &index, &out,
					&out_len),
		     TC_EFORMAT);
	/* The plaintext is nowhere in the sealed stream. */
	TC_CHECK(memmem(big->sealed, big->sealed_len, data + 1000, 64) == NULL);
	for (size_t i = 0; i < N; i++)
		free(att[i].sealed);
	free(blob);
	free(other);
	free(env);
	free(data);
	cr_unit_secret_free(a);
	cr_unit_secret_free(b);
}

static void test_receipts_more(void)
{
	char n[CR_RECEIPT_LEN + 1];
	static const struct {
		const char *in;
		const char *out; /* NULL: not a receipt */
	} cases[] = {
		{"7KQ2M9XD4RT8WB3NZ6HC", "7KQ2-M9XD-4RT8-WB3N-Z6HC"},
		{"  7kq2--m9xd 4rt8-wb3n-z6hc  ", "7KQ2-M9XD-4RT8-WB3N-Z6HC"},
		{"7K-Q2M-9XD4-RT8W-B3NZ-6HC", "7KQ2-M9XD-4RT8-WB3N-Z6HC"},
		{"oooo-iiii-llll-OILo-0000", "0000-1111-1111-0110-0000"},
		{"abcd-efgh-jkmn-pqrs-tvwx", "ABCD-EFGH-JKMN-PQRS-TVWX"},
		{"7KQ2-M9XD-4RT8-WB3N-Z6Hu", NULL},    /* U is not in the alphabet */
		{"7KQ2_M9XD_4RT8_WB3N_Z6HC", NULL},    /* only dashes and spaces separate */
		{"7KQ2-M9XD-4RT8-WB3N-Z6H\t", NULL},
		{"7KQ2-M9XD-4RT8-WB3N-Z6HĐ", NULL},    /* non-ASCII */
		{"7KQ2-M9XD-4RT8-WB3N", NULL},         /* 16 symbols */
		{"7KQ2-M9XD-4RT8-WB3N-Z6HC-Z", NULL},  /* 21 symbols */
		{"", NULL},
		{"--------------------", NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = cr_receipt_normalize(cases[i].in, strlen(cases[i].in), n);
		if (cases[i].out) {
			TC_CHECK_INT(rc, 0);
			TC_CHECK_STR(n, cases[i].out);
		} else {
			TC_CHECK_INT(rc, TC_EINVAL);
		}
	}
	/* An embedded NUL is not a separator; over 64 bytes is refused outright. */
	TC_CHECK_INT(cr_receipt_normalize("7KQ2-M9XD-4RT8\0WB3N-Z6HC", 24, n), TC_EINVAL);
	char longer[80];
	memset(longer, ' ', sizeof(longer));
	memcpy(longer, "7KQ2M9XD4RT8WB3NZ6HC", 20);
	TC_CHECK_INT(cr_receipt_normalize(longer, 64, n), 0);
	TC_CHECK_INT(cr_receipt_normalize(longer, 65, n), TC_EINVAL);
	/* Case ids: canonical, and 2,000 of them without a repeat (40 bits). */
	char ids[2000][CR_CASE_ID_LEN + 1];
	for (int i = 0; i < 2000; i++) {
		cr_case_id_new(ids[i]);
		TC_CHECK(cr_case_id_is_valid(ids[i]));
	}
	int repeats = 0;
	for (int i = 0; i < 2000; i++)
		for (int j = i + 1; j < 2000; j++)
			repeats += strcmp(ids[i], ids[j]) == 0;
	TC_CHECK_INT(repeats, 0);
	TC_CHECK(!cr_case_id_is_valid(NULL));
	TC_CHECK(!cr_case_id_is_valid("K7QM2XPDX"));
	TC_CHECK(!cr_case_id_is_valid("K7QM-XPD"));
}

static void test_reporter_keypair(void)
{
	char r[CR_RECEIPT_LEN + 1];
	cr_receipt_new(r);
	uint8_t pk[CR_PK_BYTES], pk2[CR_PK_BYTES], *sk = NULL;
	cr_reporter_pk(r, pk);
	TC_CHECK_INT(cr_reporter_keypair(r, pk2, &sk), 0);
	TC_CHECK(memcmp(pk, pk2, sizeof(pk)) == 0);
	cr_reporter_sk_free(sk);
	cr_reporter_sk_free(NULL);
	/* Only the canonical form: another spelling would be another key. */
	char lower[CR_RECEIPT_LEN + 1];
	memcpy(lower, "7kq2-m9xd-4rt8-wb3n-z6hc", sizeof(lower));
	sk = NULL;
	TC_CHECK_INT(cr_reporter_keypair(lower, pk2, &sk), TC_EINVAL);
	TC_CHECK(sk == NULL);
	uint8_t sealed[5 + CR_SEAL_OVERHEAD], out[5];
	TC_CHECK_INT(cr_seal_to(pk, (const uint8_t *)"hello", 5, sealed), 0);
	TC_CHECK_INT(cr_reporter_open(lower, sealed, sizeof(sealed), out), TC_EINVAL);
	TC_CHECK_INT(cr_reporter_open(r, sealed, CR_SEAL_OVERHEAD - 1, out), TC_EFORMAT);
	sealed[10] ^= 1;
	TC_CHECK_INT(cr_reporter_open(r, sealed, sizeof(sealed), out), TC_ECRYPTO);
	/* A unit opens what was sealed to it, and only that unit. */
	struct cr_unit_secret *a, *b;
	TC_CHECK_INT(cr_unit_keygen("TT-96", &a), 0);
	TC_CHECK_INT(cr_unit_keygen("TT-01", &b), 0);
	TC_CHECK_INT(cr_seal_to(cr_unit_secret_pub(a)->pk, (const uint8_t *)"hello", 5, sealed), 0);
	TC_CHECK_INT(cr_unit_open_sealed(a, sealed, sizeof(sealed), out), 0);
	TC_CHECK(memcmp(out, "hello", 5) == 0);
	TC_CHECK_INT(cr_unit_open_sealed(b, sealed, sizeof(sealed), out), TC_ECRYPTO);
	cr_unit_secret_free(a);
	cr_unit_secret_free(b);
}

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");
	TC_CHECK(f != NULL);
	if (f) {
		TC_CHECK(fwrite(text, 1, len, f) == len);
		fclose(f);
	}
}

static void test_key_files_more(void)
{
	struct cr_unit_secret *sec, *back = NULL;
	TC_CHECK_INT(cr_unit_keygen("TTCP", &sec), 0);
	char path[256], pub_path[256], text[1024];
	snprintf(path, sizeof(path), "%s/more.key", dir);
	snprintf(pub_path, sizeof(pub_path), "%s/more.pub", dir);
	TC_CHECK_INT(cr_unit_secret_save(sec, path), 0);
	TC_CHECK_INT(cr_unit_pub_save(cr_unit_secret_pub(sec), pub_path), 0);
	TC_CHECK_INT(cr_unit_pub_save(cr_unit_secret_pub(sec), pub_path), TC_EEXIST);
	struct stat st;
	TC_CHECK_INT(stat(pub_path, &st), 0);
	TC_CHECK_INT(st.st_mode & 0777, 0644);
	FILE *f = fopen(path, "r");
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	/* The secret key appears once in the file, as hex. */
	char sk_hex[65];
	const uint8_t *sk = cr_unit_secret_sk(sec);
	for (int i = 0; i < 32; i++)
		snprintf(sk_hex + 2 * i, 3, "%02x", sk[i]);
	TC_CHECK(strstr(text, sk_hex) != NULL);
	/* Whole-file damage: each must be refused. */
	char mod[1200];
	struct {
		const char *what;
		int rc;
	} cases[] = {
		{"blank line then a field", TC_EFORMAT},
		{"no final newline", TC_EFORMAT},
		{"CRLF", TC_EFORMAT},
		{"trailing space", TC_EFORMAT},
		{"upper-case hex", TC_EFORMAT}, /* one spelling: lower case */
		{"public file as secret", TC_EFORMAT},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		switch (i) {
		case 0:
			snprintf(mod, sizeof(mod), "%.*s\nx: y\n", (int)(n - 1), text);
			break;
		case 1:
			snprintf(mod, sizeof(mod), "%.*s", (int)(n - 1), text);
			break;
		case 2: {
			size_t o = 0;
			for (size_t k = 0; k < n; k++) {
				if (text[k] == '\n')
					mod[o++] = '\r';
				mod[o++] = text[k];
			}
			mod[o] = 0;
			break;
		}
		case 3:
			snprintf(mod, sizeof(mod), "%.*s \n", (int)(n - 1), text);
			break;
		case 4: {
			snprintf(mod, sizeof(mod), "%s", text);
			char *s = strstr(mod, "secret: ") + 8;
			for (; *s != '\n'; s++)
				if (*s >= 'a' && *s <= 'f')
					*s = (char)(*s - 'a' + 'A');
			break;
		}
		case 5: {
			FILE *pf = fopen(pub_path, "r");
			size_t pn = fread(mod, 1, sizeof(mod) - 1, pf);
			fclose(pf);
			mod[pn] = 0;
			break;
		}
		}
		back = NULL;
		int rc = cr_unit_secret_parse(mod, strlen(mod), &back);
		if (rc != cases[i].rc)
			fprintf(stderr, "case '%s': %d\n", cases[i].what, rc);
		TC_CHECK_INT(rc, cases[i].rc);
		cr_unit_secret_free(back);
	}
	/* Public files: a key id that is not the key's; another format's first line. */
	struct cr_unit_pub pub;
	char ptext[512];
	f = fopen(pub_path, "r");
	n = fread(ptext, 1, sizeof(ptext) - 1, f);
	fclose(f);
	ptext[n] = 0;
	TC_CHECK_INT(cr_unit_pub_parse(ptext, n, &pub), 0);
	char *kid = strstr(ptext, "key-id: ") + 8;
	kid[0] = kid[0] == '0' ? '1' : '0';
	TC_CHECK_INT(cr_unit_pub_parse(ptext, n, &pub), TC_EFORMAT);
	TC_CHECK_INT(cr_unit_pub_parse(text, strlen(text), &pub), TC_EFORMAT);
	/* Bounded: a file of 4 KiB or more is refused before parsing. */
	char big_path[256];
	static char big[5000];
	snprintf(big_path, sizeof(big_path), "%s/big.key", dir);
	memset(big, 'x', sizeof(big));
	memcpy(big, text, strlen(text));
	write_file(big_path, big, sizeof(big));
	TC_CHECK_INT(cr_unit_secret_load(big_path, &back), TC_EFORMAT);
	TC_CHECK_INT(cr_unit_secret_parse(big, sizeof(big), &back), TC_EFORMAT);
	/* peek reads the public part of a protected file without the passphrase. */
	struct cr_unit_pub peeked;
	TC_CHECK_INT(cr_unit_secret_peek(path, &peeked), 0);
	TC_CHECK(memcmp(&peeked, cr_unit_secret_pub(sec), sizeof(peeked)) == 0);
	TC_CHECK_INT(cr_unit_secret_load("/nonexistent/x.key", &back), TC_ENOENT);
	cr_unit_secret_free(sec);
}

static void test_signer_files_more(void)
{
	struct cr_signer *s, *t, *back = NULL;
	char sp[256], pp[256], text[1024], mod[1200];
	snprintf(sp, sizeof(sp), "%s/m.key", dir);
	snprintf(pp, sizeof(pp), "%s/m.pub", dir);
	TC_CHECK_INT(cr_signer_keygen("monitor", "national", &s), 0);
	TC_CHECK_INT(cr_signer_keygen("monitor", "01", &t), 0);
	TC_CHECK_INT(cr_signer_keygen("admin", "national", &back), TC_EINVAL);
	TC_CHECK_INT(cr_signer_keygen("monitor", "1", &back), TC_EINVAL);
	TC_CHECK_INT(cr_signer_save(s, sp, pp), 0);
	struct stat st;
	TC_CHECK_INT(stat(sp, &st), 0);
	TC_CHECK_INT(st.st_mode & 0777, 0600);
	TC_CHECK_INT(stat(pp, &st), 0);
	TC_CHECK_INT(st.st_mode & 0777, 0644);
	FILE *f = fopen(sp, "r");
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	/* Another key's seed in front of this key's public half: refused. */
	char tp[256], tpp[256], ttext[1024];
	snprintf(tp, sizeof(tp), "%s/t.key", dir);
	snprintf(tpp, sizeof(tpp), "%s/t.pub", dir);
	TC_CHECK_INT(cr_signer_save(t, tp, tpp), 0);
	f = fopen(tp, "r");
	size_t tn = fread(ttext, 1, sizeof(ttext) - 1, f);
	fclose(f);
	ttext[tn] = 0;
	snprintf(mod, sizeof(mod), "%s", text);
	memcpy(strstr(mod, "secret: ") + 8, strstr(ttext, "secret: ") + 8, 64);
	char mp[256];
	struct {
		const char *from, *to;
		int rc;
	} bad[] = {
		{"", "", TC_EFORMAT}, /* the mixed seed, written above */
		{"role: monitor", "role: inspector", TC_EFORMAT}, /* inspector of "national" */
		{"scope: national", "scope: 001", TC_EFORMAT},
		{"encryption: none", "encryption: argon2id", TC_EVERSION},
		{"tocao-signer-secret-key 1", "tocao-signer-secret-key 9", TC_EVERSION},
		{"role: monitor\n", "role: monitor\nrole: monitor\n", TC_EFORMAT},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char file[1200];
		if (i == 0) {
			snprintf(file, sizeof(file), "%s", mod);
		} else {
			const char *p = strstr(text, bad[i].from);
			TC_CHECK(p != NULL);
			if (p == NULL)
				continue;
			snprintf(file, sizeof(file), "%.*s%s%s", (int)(p - text), text, bad[i].to,
				 p + strlen(bad[i].from));
		}
		snprintf(mp, sizeof(mp), "%s/bad%zu.key", dir, i);
		write_file(mp, file, strlen(file));
		back = NULL;
		int rc = cr_signer_load(mp, &back);
		if (rc != bad[i].rc)
			fprintf(stderr, "signer case %zu: %d\n", i, rc);
		TC_CHECK_INT(rc, bad[i].rc);
		TC_CHECK(back == NULL);
	}
	struct cr_signer_pub pub;
	TC_CHECK_INT(cr_signer_pub_load(pp, &pub), 0);
	TC_CHECK_STR(pub.role, "monitor");
	TC_CHECK_STR(pub.scope, "national");
	TC_CHECK_INT(cr_signer_pub_parse(text, n, &pub), TC_EFORMAT); /* a secret file */
	/* Signatures: another key, another message, a damaged signature. */
	uint8_t sig[CR_SIG_BYTES], pk_s[CR_SIGN_PK_BYTES], pk_t[CR_SIGN_PK_BYTES];
	cr_signer_pk(s, pk_s);
	cr_signer_pk(t, pk_t);
	cr_signer_sign(s, (const uint8_t *)"nonce-1", 7, sig);
	TC_CHECK_INT(cr_sign_verify(pk_s, (const uint8_t *)"nonce-1", 7, sig), 0);
	TC_CHECK_INT(cr_sign_verify(pk_t, (const uint8_t *)"nonce-1", 7, sig), TC_ECRYPTO);
	TC_CHECK_INT(cr_sign_verify(pk_s, (const uint8_t *)"nonce-1", 6, sig), TC_ECRYPTO);
	sig[63] ^= 0x40;
	TC_CHECK_INT(cr_sign_verify(pk_s, (const uint8_t *)"nonce-1", 7, sig), TC_ECRYPTO);
	cr_signer_free(s);
	cr_signer_free(t);
	cr_signer_free(NULL);
}

static void test_unit_key_wrapped_for_inspector(void)
{
	struct cr_unit_secret *u, *back = NULL;
	struct cr_signer *i1, *i2;
	char path[256], key_path[256];
	TC_CHECK_INT(cr_unit_keygen("TT-96", &u), 0);
	TC_CHECK_INT(cr_signer_keygen("inspector", "TT-96", &i1), 0);
	TC_CHECK_INT(cr_signer_keygen("inspector", "TT-96", &i2), 0);
	snprintf(path, sizeof(path), "%s/i1.unitkey", dir);
	snprintf(key_path, sizeof(key_path), "%s/u.key", dir); /* from test_key_files */
	TC_CHECK_INT(cr_unit_wrap_save(u, i1, path), 0);
	TC_CHECK_INT(cr_unit_wrap_save(u, i1, path), TC_EEXIST);
	TC_CHECK(cr_key_file_is_wrapped(path));
	TC_CHECK(!cr_key_file_is_wrapped(key_path));
	TC_CHECK_INT(cr_unit_unwrap_load(path, i1, &back), 0);
	TC_CHECK(back && memcmp(cr_unit_secret_sk(back), cr_unit_secret_sk(u), 32) == 0);
	cr_unit_secret_free(back);
	back = NULL;
	TC_CHECK_INT(cr_unit_unwrap_load(path, i2, &back), TC_ECRYPTO);
	TC_CHECK(back == NULL);
	cr_signer_free(i1);
	cr_signer_free(i2);
	cr_unit_secret_free(u);
}

static void test_server_key_more(void)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/server2.key", dir);
	TC_CHECK_INT(cr_server_key_create(path), 0);
	struct stat st;
	TC_CHECK_INT(stat(path, &st), 0);
	TC_CHECK_INT(st.st_mode & 0777, 0600);
	struct cr_server_key *k = NULL;
	TC_CHECK_INT(cr_server_key_load(path, &k), 0);
	if (k == NULL)
		return;
	/* Every purpose its own hash; the empty input too. */
	const char *purposes[] = {"receipt", "idempotency", "idem-request", "ratelimit", "session"};
	uint8_t h[5][CR_HASH_BYTES];
	for (int i = 0; i < 5; i++)
		cr_keyed_hash(k, purposes[i], (const uint8_t *)"", 0, h[i]);
	for (int i = 0; i < 5; i++)
		for (int j = i + 1; j < 5; j++)
			TC_CHECK(memcmp(h[i], h[j], CR_HASH_BYTES) != 0);
	/* A reserved or over-long purpose is a programming error: the process stops. */
	const char *wrong[] = {"tocao-wrap", "a-purpose-of-17-b", ""};
	for (int i = 0; i < 3; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			uint8_t x[CR_HASH_BYTES];
			cr_keyed_hash(k, wrong[i], (const uint8_t *)"s", 1, x);
			_exit(0);
		}
		int status = 0;
		TC_CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
		TC_CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	}
	/* Wrap: tampered, truncated, another server key. */
	uint8_t w[8 + CR_WRAP_OVERHEAD], out[8];
	TC_CHECK_INT(cr_wrap(k, (const uint8_t *)"s", 1, (const uint8_t *)"12345678", 8, w), 0);
	TC_CHECK_INT(cr_unwrap(k, (const uint8_t *)"s", 1, w, CR_WRAP_OVERHEAD - 1, out), TC_EFORMAT);
	w[30] ^= 1;
	TC_CHECK_INT(cr_unwrap(k, (const uint8_t *)"s", 1, w, sizeof(w), out), TC_ECRYPTO);
	w[30] ^= 1;
	struct cr_server_key *k2 = NULL;
	char path2[256];
	snprintf(path2, sizeof(path2), "%s/server3.key", dir);
	TC_CHECK_INT(cr_server_key_create(path2), 0);
	TC_CHECK_INT(cr_server_key_load(path2, &k2), 0);
	if (k2)
		TC_CHECK_INT(cr_unwrap(k2, (const uint8_t *)"s", 1, w, sizeof(w), out), TC_ECRYPTO);
	TC_CHECK_INT(cr_unwrap(k, (const uint8_t *)"s", 1, w, sizeof(w), out), 0);
	cr_server_key_free(k2);
	cr_server_key_free(k);
	cr_server_key_free(NULL);
	/* Damaged files: another header, a short or non-hex key, extra lines, too large. */
	static const char *bad[] = {
		"tocao-server-key 2\nsecret: 0000000000000000000000000000000000000000000000000000000000000000\n",
		"tocao-server-key 1\nsecret: 000000000000000000000000000000000000000000000000000000000000000g\n",
		"tocao-server-key 1\nsecret: 0000000000000000000000000000000000000000000000000000000000000000\nx\n",
		"tocao-server-key 1\nsecret: 0000000000000000000000000000000000000000000000000000000000000000",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char bp[256];
		snprintf(bp, sizeof(bp), "%s/bad-server%zu.key", dir, i);
		write_file(bp, bad[i], strlen(bad[i]));
		k = NULL;
		TC_CHECK_INT(cr_server_key_load(bp, &k), TC_EFORMAT);
		TC_CHECK(k == NULL);
	}
}

/* Session sign-in: the documented layout, a signature over it verifies, any change fails. */
static void test_session_signed_message(void)
{
	struct cr_signer *s, *other;
	TC_CHECK_INT(cr_signer_keygen("inspector", "TT-96", &s), 0);
	TC_CHECK_INT(cr_signer_keygen("monitor", "national", &other), 0);
	uint8_t ch[CR_SESSION_CHALLENGE_BYTES], pk[CR_SIGN_PK_BYTES], pk2[CR_SIGN_PK_BYTES];
	uint8_t msg[CR_SESSION_SIGNED_BYTES], sig[CR_SIG_BYTES];
	cr_random(ch, sizeof(ch));
	cr_signer_pk(s, pk);
	cr_signer_pk(other, pk2);
	cr_session_signed_message(ch, pk, msg);

	/* docs/FORMAT.md "Session sign-in": 17 + 32 + 32 bytes. */
	TC_CHECK_INT((int)sizeof(msg), 81);
	TC_CHECK(memcmp(msg, "tocao-session-v1", 17) == 0 && msg[16] == 0);
	TC_CHECK(memcmp(msg + 17, ch, 32) == 0);
	TC_CHECK(memcmp(msg + 49, pk, 32) == 0);

	cr_signer_sign(s, msg, sizeof(msg), sig);
	TC_CHECK_INT(cr_sign_verify(pk, msg, sizeof(msg), sig), 0);
	/* Every byte of the message (context, challenge, key) and of the signature counts. */
	int all_fail = 1;
	for (size_t i = 0; i < sizeof(msg); i++) {
		msg[i] ^= 0x01;
		all_fail &= cr_sign_verify(pk, msg, sizeof(msg), sig) == TC_ECRYPTO;
		msg[i] ^= 0x01;
	}
	for (size_t i = 0; i < sizeof(sig); i++) {
		sig[i] ^= 0x80;
		all_fail &= cr_sign_verify(pk, msg, sizeof(msg), sig) == TC_ECRYPTO;
		sig[i] ^= 0x80;
	}
	TC_CHECK(all_fail);
	/* Another challenge, or another principal's key in the message, do not verify. */
	uint8_t ch2[CR_SESSION_CHALLENGE_BYTES], msg2[CR_SESSION_SIGNED_BYTES];
	memcpy(ch2, ch, sizeof(ch2));
	ch2[31] ^= 0x01;
	cr_session_signed_message(ch2, pk, msg2);
	TC_CHECK_INT(cr_sign_verify(pk, msg2, sizeof(msg2), sig), TC_ECRYPTO);
	cr_session_signed_message(ch, pk2, msg2);
	TC_CHECK_INT(cr_sign_verify(pk2, msg2, sizeof(msg2), sig), TC_ECRYPTO);
	/* The same inputs, the same bytes. */
	cr_session_signed_message(ch, pk, msg2);
	TC_CHECK(memcmp(msg, msg2, sizeof(msg)) == 0);
	cr_signer_free(s);
	cr_signer_free(other);
}

int main(void)
{
	if (cr_init() != 0 || mkdtemp(dir) == NULL)
		return 2;
	TC_RUN(test_round_trip);
	TC_RUN(test_every_flipped_byte_fails);
	TC_RUN(test_other_unit_cannot_open);
	TC_RUN(test_reseal);
	TC_RUN(test_seal_rejects);
	TC_RUN(test_key_files);
	TC_RUN(test_protected_key_files);
	TC_RUN(test_ids_and_receipts);
	TC_RUN(test_server_key);
	TC_RUN(test_reporter_key_and_messages);
	TC_RUN(test_signers);
	TC_RUN(test_key_id_mismatch_and_no_output_on_failure);
	TC_RUN(test_limits);
	TC_RUN(test_reseal_more);
	TC_RUN(test_strip_identity);
	TC_RUN(test_attachments);
	TC_RUN(test_receipts_more);
	TC_RUN(test_reporter_keypair);
	TC_RUN(test_key_files_more);
	TC_RUN(test_signer_files_more);
	TC_RUN(test_unit_key_wrapped_for_inspector);
	TC_RUN(test_server_key_more);
	TC_RUN(test_session_signed_message);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 2;
	return tc_test_done();
}
