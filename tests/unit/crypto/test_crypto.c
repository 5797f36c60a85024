#define _GNU_SOURCE /* memmem */
/* The crypto layer: envelopes, tampering, isolation, re-sealing, key files, receipts. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 2;
	return tc_test_done();
}
