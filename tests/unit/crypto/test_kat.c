/*
 * Known answers: tocao's crypto code against values that PyNaCl computed
 * from docs/FORMAT.md alone (kat_vectors.h, made by
 * tests/interop/make_kat.py). A change to any derivation, personalisation,
 * associated data or byte offset breaks one of these.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cr.h"
#include "cr_principal.h"
#include "cr_internal.h"
#include "kat_vectors.h"
#include "tc_test.h"

static char dir[] = "/tmp/tocao-crypto-kat-XXXXXX";

/* hex (a KAT constant) into a malloc'd buffer of *len bytes. */
static uint8_t *unhex(const char *hex, size_t *len)
{
	*len = strlen(hex) / 2;
	uint8_t *out = malloc(*len ? *len : 1);
	TC_CHECK(out != NULL);
	if (out && cr_hex_decode(hex, out, *len) != 0) {
		TC_CHECK(!"bad hex in kat_vectors.h");
		free(out);
		return NULL;
	}
	return out;
}

/* The hash out must be the KAT constant hex. */
static void check_hash(const uint8_t out[CR_HASH_BYTES], const char *hex)
{
	uint8_t want[CR_HASH_BYTES];
	TC_CHECK_INT(cr_hex_decode(hex, want, sizeof(want)), 0);
	TC_CHECK(memcmp(out, want, sizeof(want)) == 0);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	TC_CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static struct cr_unit_secret *kat_unit(void)
{
	struct cr_unit_secret *sec = NULL;
	TC_CHECK_INT(cr_unit_secret_parse(KAT_UNIT_FILE, strlen(KAT_UNIT_FILE), &sec), 0);
	return sec;
}

static void test_unit_key_and_key_id(void)
{
	struct cr_unit_secret *sec = kat_unit();
	if (sec == NULL)
		return;
	uint8_t id[CR_KEY_ID_BYTES];
	TC_CHECK_INT(cr_hex_decode(KAT_UNIT_KEY_ID, id, sizeof(id)), 0);
	TC_CHECK(memcmp(cr_unit_secret_pub(sec)->key_id, id, sizeof(id)) == 0);
	TC_CHECK_STR(cr_unit_secret_pub(sec)->unit, "TT-96");
	/* The protected form: Argon2id and the associated data as documented. */
	struct cr_unit_secret *prot = NULL;
	TC_CHECK_INT(cr_unit_secret_parse_pass(KAT_UNIT_FILE_PROTECTED,
					       strlen(KAT_UNIT_FILE_PROTECTED), KAT_PASSPHRASE,
					       strlen(KAT_PASSPHRASE), &prot),
		     0);
	if (prot)
		TC_CHECK(memcmp(cr_unit_secret_sk(prot), cr_unit_secret_sk(sec), 32) == 0);
	cr_unit_secret_free(prot);
	cr_unit_secret_free(sec);
}

static void test_envelope_and_attachment(void)
{
	struct cr_unit_secret *sec = kat_unit();
	size_t len, blen;
	uint8_t *env = unhex(KAT_ENVELOPE, &len), *blob = unhex(KAT_ATTACHMENT, &blen);
	if (sec == NULL || env == NULL || blob == NULL)
		goto out;
	struct cr_envelope_info info;
	TC_CHECK_INT(cr_envelope_inspect(env, len, &info), 0);
	TC_CHECK_STR(info.case_id, "K7QM2XPD");
	TC_CHECK_STR(info.unit, "TT-96");
	TC_CHECK_INT(info.has_identity, 1);
	struct cr_envelope_opened o;
	TC_CHECK_INT(cr_envelope_open(env, len, sec, &o), 0);
	TC_CHECK_INT(o.body_len, strlen(KAT_BODY));
	TC_CHECK_STR((const char *)o.body, KAT_BODY);
	TC_CHECK(o.identity != NULL && o.identity_len == strlen(KAT_IDENTITY) &&
		 memcmp(o.identity, KAT_IDENTITY, o.identity_len) == 0);
	cr_envelope_opened_free(&o);
	unsigned index = 99;
	uint8_t *data = NULL;
	size_t dlen = 0;
	TC_CHECK_INT(cr_attachment_open(env, len, blob, blen, sec, &index, &data, &dlen), 0);
	TC_CHECK_INT(index, 3);
	TC_CHECK(data != NULL && dlen == strlen(KAT_ATTACHMENT_TEXT) &&
		 memcmp(data, KAT_ATTACHMENT_TEXT, dlen) == 0);
	cr_attachment_free(data);
out:
	free(env);
	free(blob);
	cr_unit_secret_free(sec);
}

static void test_reporter_key(void)
{
	uint8_t pk[CR_PK_BYTES], want[CR_PK_BYTES], *sk = NULL;
	cr_reporter_pk(KAT_RECEIPT, pk);
	TC_CHECK_INT(cr_hex_decode(KAT_REPORTER_PK, want, sizeof(want)), 0);
	TC_CHECK(memcmp(pk, want, sizeof(pk)) == 0);
	memset(pk, 0, sizeof(pk));
	TC_CHECK_INT(cr_reporter_keypair(KAT_RECEIPT, pk, &sk), 0);
	TC_CHECK(memcmp(pk, want, sizeof(pk)) == 0);
	cr_reporter_sk_free(sk);
}

static void test_server_key_hashes(void)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/server.key", dir);
	write_text(path, KAT_SERVER_KEY_FILE);
	struct cr_server_key *k = NULL;
	TC_CHECK_INT(cr_server_key_load(path, &k), 0);
	if (k == NULL)
		return;
	uint8_t h[CR_HASH_BYTES];
	cr_keyed_hash(k, "receipt", (const uint8_t *)KAT_RECEIPT, CR_RECEIPT_LEN, h);
	check_hash(h, KAT_HASH_RECEIPT);
	cr_keyed_hash(k, "session", (const uint8_t *)"abc", 3, h);
	check_hash(h, KAT_HASH_SESSION);
	size_t wlen;
	uint8_t *w = unhex(KAT_WRAPPED, &wlen), out[CR_RECEIPT_LEN];
	TC_CHECK_INT(wlen, CR_RECEIPT_LEN + CR_WRAP_OVERHEAD);
	if (w && wlen == CR_RECEIPT_LEN + CR_WRAP_OVERHEAD) {
		TC_CHECK_INT(cr_unwrap(k, (const uint8_t *)"idem-key-1", 10, w, wlen, out), 0);
		TC_CHECK(memcmp(out, KAT_RECEIPT, CR_RECEIPT_LEN) == 0);
	}
	free(w);
	cr_server_key_free(k);
	cr_audit_hash((const uint8_t *)"tocao audit KAT", 15, h);
	check_hash(h, KAT_AUDIT_HASH);
}

static void test_signer(void)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/inspector.key", dir);
	write_text(path, KAT_SIGNER_FILE);
	struct cr_signer *s = NULL;
	TC_CHECK_INT(cr_signer_load(path, &s), 0);
	if (s == NULL)
		return;
	TC_CHECK_STR(cr_signer_role(s), "inspector");
	TC_CHECK_STR(cr_signer_scope(s), "TT-96");
	uint8_t sig[CR_SIG_BYTES], want[CR_SIG_BYTES], pk[CR_SIGN_PK_BYTES];
	/* Ed25519 is deterministic: the same signature as PyNaCl's. */
	cr_signer_sign(s, (const uint8_t *)"challenge", 9, sig);
	TC_CHECK_INT(cr_hex_decode(KAT_SIGNATURE, want, sizeof(want)), 0);
	TC_CHECK(memcmp(sig, want, sizeof(sig)) == 0);
	cr_signer_pk(s, pk);
	TC_CHECK_INT(cr_sign_verify(pk, (const uint8_t *)"challenge", 9, want), 0);
	cr_signer_free(s);
}

/* A two-step transfer against PyNaCl's proof, commitment and header. */
static void test_transfer(void)
{
	struct cr_unit_secret *sec = kat_unit();
	size_t len = 0, hlen = 0, n = 0;
	uint8_t *env = unhex(KAT_ENVELOPE, &len), *hdr = unhex(KAT_TRANSFER_HEADER, &hlen);
	uint8_t proof[CR_CK_PROOF_BYTES], commitment[CR_HASH_BYTES], header[CR_ENV_HEADER_BYTES];
	uint8_t *moved = NULL;
	if (sec == NULL || env == NULL || hdr == NULL)
		goto out;
	TC_CHECK_INT(hlen, CR_ENV_HEADER_BYTES);
	TC_CHECK_INT(cr_transfer_proof(env, len, sec, proof), 0);
	check_hash(proof, KAT_CK_PROOF);
	cr_transfer_commitment(proof, commitment);
	check_hash(commitment, KAT_CK_COMMITMENT);
	TC_CHECK(cr_transfer_check(proof, commitment));
	proof[0] ^= 1;
	TC_CHECK(!cr_transfer_check(proof, commitment));
	/* The offer's commitment is PyNaCl's; its header, spliced in, opens to the same proof. */
	struct cr_unit_pub to = *cr_unit_secret_pub(sec);
	memcpy(to.unit, "TT-01", 6);
	TC_CHECK_INT(cr_transfer_offer(env, len, sec, &to, header, commitment), 0);
	check_hash(commitment, KAT_CK_COMMITMENT);
	struct cr_envelope_info info;
	TC_CHECK_INT(cr_envelope_splice(env, len, hdr, &moved, &n, &info), 0);
	TC_CHECK_STR(info.unit, "TT-01");
	TC_CHECK(cr_envelope_same_report(env, len, moved, n));
	TC_CHECK_INT(cr_transfer_proof(moved, n, sec, proof), 0);
	check_hash(proof, KAT_CK_PROOF);
out:
	free(moved);
	free(env);
	free(hdr);
	cr_unit_secret_free(sec);
}

/* A signed unit message: the bytes signed, the signature, the tag and the block. */
static void test_signed_message(void)
{
	char path[256];
	size_t slen = 0, blen = 0, n = 0;
	uint8_t *sealed = unhex(KAT_MSG_SEALED, &slen), *block = unhex(KAT_MSG_BLOCK, &blen);
	uint8_t bytes[CR_MSG_SIGNED_BYTES], want[CR_MSG_SIGNED_BYTES], sig[CR_SIG_BYTES];
	struct cr_signer *s = NULL;
	struct cr_server_key *k = NULL;
	snprintf(path, sizeof(path), "%s/inspector.key", dir);
	TC_CHECK_INT(cr_signer_load(path, &s), 0);
	snprintf(path, sizeof(path), "%s/server.key", dir);
	TC_CHECK_INT(cr_server_key_load(path, &k), 0);
	if (s == NULL || k == NULL || sealed == NULL || block == NULL)
		goto out;
	TC_CHECK_INT(sizeof(bytes), 74);
	TC_CHECK_INT(cr_unit_message_signed("K7QM2XPD", "TT-96", KAT_MSG_DAY, sealed, slen, bytes), 0);
	TC_CHECK_INT(cr_hex_decode(KAT_MSG_SIGNED, want, sizeof(want)), 0);
	TC_CHECK(memcmp(bytes, want, sizeof(want)) == 0);
	uint8_t neg[CR_MSG_SIGNED_BYTES];
	TC_CHECK_INT(cr_unit_message_signed("K7QM2XPD", "TTCP", -2, sealed, slen, neg), 0);
	TC_CHECK_INT(cr_hex_decode(KAT_MSG_SIGNED_NEG, want, sizeof(want)), 0);
	TC_CHECK(memcmp(neg, want, sizeof(want)) == 0);
	TC_CHECK_INT(cr_unit_message_signed("k7qm2xpd", "TT-96", 1, sealed, slen, neg), TC_EINVAL);
	cr_signer_sign(s, bytes, sizeof(bytes), sig);
	struct cr_signed_message m = {.sealed = sealed, .sealed_len = slen};
	memcpy(m.unit, "TT-96", 6);
	cr_signer_pk(s, m.signer);
	memcpy(m.sig, sig, sizeof(sig));
	TC_CHECK_INT(cr_hex_decode(KAT_MSG_SIGNATURE, want, CR_SIG_BYTES), 0);
	TC_CHECK(memcmp(sig, want, CR_SIG_BYTES) == 0);
	cr_message_accept_tag(k, bytes, m.signer, m.sig, m.tag);
	check_hash(m.tag, KAT_MSG_TAG);
	uint8_t *mine = malloc(CR_SIGNED_MSG_HEADER + slen);
	TC_CHECK_INT(cr_signed_message_encode(&m, mine), 0);
	TC_CHECK_INT(blen, CR_SIGNED_MSG_HEADER + slen);
	TC_CHECK(memcmp(mine, block, blen) == 0);
	/* Trust: a known inspector; revoked (unknown) but tagged; forged otherwise. */
	struct principal p = {0};
	memcpy(p.pub.role, "inspector", 10);
	memcpy(p.pub.scope, "TT-96", 6);
	memcpy(p.pub.pk, m.signer, CR_SIGN_PK_BYTES);
	TC_CHECK_INT(cr_signed_message_check(k, &p, 1, "K7QM2XPD", KAT_MSG_DAY, block, blen, NULL),
		     CR_MSG_SIGNED);
	TC_CHECK_INT(cr_signed_message_check(k, NULL, 0, "K7QM2XPD", KAT_MSG_DAY, block, blen, NULL),
		     CR_MSG_SIGNED_REVOKED);
	TC_CHECK_INT(cr_signed_message_check(NULL, NULL, 0, "K7QM2XPD", KAT_MSG_DAY, block, blen,
					     NULL), CR_MSG_FORGED);
	TC_CHECK_INT(cr_signed_message_check(k, &p, 1, "K7QM2XPD", KAT_MSG_DAY + 1, block, blen,
					     NULL), CR_MSG_FORGED); /* another day */
	TC_CHECK_INT(cr_signed_message_check(k, &p, 1, "K7QM2XPE", KAT_MSG_DAY, block, blen, NULL),
		     CR_MSG_FORGED); /* another case */
	mine[105] ^= 1; /* the tag */
	TC_CHECK_INT(cr_signed_message_check(k, NULL, 0, "K7QM2XPD", KAT_MSG_DAY, mine, blen, NULL),
		     CR_MSG_FORGED);
	TC_CHECK_INT(cr_signed_message_check(k, &p, 1, "K7QM2XPD", KAT_MSG_DAY, mine, blen, NULL),
		     CR_MSG_SIGNED);
	mine[blen - 1] ^= 1; /* the sealed text */
	TC_CHECK_INT(cr_signed_message_check(k, &p, 1, "K7QM2XPD", KAT_MSG_DAY, mine, blen, NULL),
		     CR_MSG_FORGED);
	struct cr_signed_message d;
	TC_CHECK_INT(cr_signed_message_decode(block, CR_SIGNED_MSG_HEADER + CR_SEAL_OVERHEAD, &d),
		     TC_EFORMAT);
	free(mine);
	(void)n;
out:
	free(sealed);
	free(block);
	cr_signer_free(s);
	cr_server_key_free(k);
}

int main(void)
{
	if (cr_init() != 0 || mkdtemp(dir) == NULL)
		return 2;
	TC_RUN(test_unit_key_and_key_id);
	TC_RUN(test_envelope_and_attachment);
	TC_RUN(test_reporter_key);
	TC_RUN(test_server_key_hashes);
	TC_RUN(test_signer);
	TC_RUN(test_transfer);
	TC_RUN(test_signed_message);
	char path[256];
	snprintf(path, sizeof(path), "%s/server.key", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/inspector.key", dir);
	unlink(path);
	rmdir(dir);
	return tc_test_done();
}
