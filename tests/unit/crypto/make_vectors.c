/*
 * make_vectors: the C half of the cross-implementation test
 * (tests/interop/check_vectors.py, ctest crypto_pynacl_interop).
 *
 *   crypto_make_vectors DIR          write key files, envelopes, an
 *                                    attachment, a re-sealed envelope and
 *                                    derived values of known plaintext
 *                                    into DIR, for PyNaCl to open;
 *   crypto_make_vectors --check DIR  open what tocao_format.py sealed in
 *                                    DIR (py_*) and compare it with the
 *                                    expected plaintexts: exit 0 if all
 *                                    match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cr.h"

#define FILE_MAX (4u << 20)

static const char BODY[] = "{\"v\":1,\"details\":\"Nội dung bí mật của đơn\"}";
static const char IDENT[] = "{\"full_name\":\"Nguyễn Văn A\",\"address\":\"Hà Nội\"}";
static const char MSG[] = "Đơn vị đã thụ lý đơn của bạn.";
static const char PASS[] = "mật khẩu thử nghiệm";
static const char CHALLENGE[] = "tocao-login-challenge:0123456789";

static int failures;

static void fail(const char *what)
{
	fprintf(stderr, "make_vectors: %s\n", what);
	failures++;
}

static void path_of(char *out, size_t cap, const char *dir, const char *name)
{
	snprintf(out, cap, "%s/%s", dir, name);
}

static void put(const char *dir, const char *name, const void *data, size_t len)
{
	char path[1024];
	path_of(path, sizeof(path), dir, name);
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len) {
		fail(name);
		if (f)
			fclose(f);
		return;
	}
	if (fclose(f) != 0)
		fail(name);
}

/* The whole file, malloc'd, or NULL (and a failure recorded). */
static uint8_t *get(const char *dir, const char *name, size_t *len)
{
	char path[1024];
	path_of(path, sizeof(path), dir, name);
	FILE *f = fopen(path, "rb");
	uint8_t *buf = malloc(FILE_MAX);
	if (f == NULL || buf == NULL) {
		fail(name);
		if (f)
			fclose(f);
		free(buf);
		return NULL;
	}
	*len = fread(buf, 1, FILE_MAX, f);
	fclose(f);
	return buf;
}

static struct cr_unit_secret *new_unit(const char *dir, const char *unit)
{
	struct cr_unit_secret *sec = NULL;
	char path[1024], name[64];
	if (cr_unit_keygen(unit, &sec) != 0) {
		fail("keygen");
		return NULL;
	}
	snprintf(name, sizeof(name), "%s.key", unit);
	path_of(path, sizeof(path), dir, name);
	if (cr_unit_secret_save(sec, path) != 0)
		fail(name);
	snprintf(name, sizeof(name), "%s.pub", unit);
	path_of(path, sizeof(path), dir, name);
	if (cr_unit_pub_save(cr_unit_secret_pub(sec), path) != 0)
		fail(name);
	return sec;
}

static void seal_one(const char *dir, const char *name, const struct cr_unit_secret *sec,
		     const char *case_id, int with_identity, struct cr_attachment *att, size_t n_att)
{
	struct cr_envelope_params p = {.case_id = case_id, .unit = cr_unit_secret_pub(sec),
				       .body = (const uint8_t *)BODY, .body_len = strlen(BODY),
				       .attachments = att, .n_attachments = n_att};
	if (with_identity) {
		p.identity = (const uint8_t *)IDENT;
		p.identity_len = strlen(IDENT);
	}
	uint8_t *env = NULL;
	size_t len;
	if (cr_envelope_seal(&p, &env, &len) != 0) {
		fail(name);
		return;
	}
	put(dir, name, env, len);
	free(env);
}

/*
 * Issue 13: a two-step transfer's header and commitment (TT-96 to TT-01), and a signed unit
 * message (the signed bytes, the stored block with the server's tag), made by tocao's code.
 */
static void transfer_and_message(const char *dir, const struct cr_unit_secret *a,
				 const struct cr_unit_secret *b, const struct cr_signer *s)
{
	size_t len;
	uint8_t *env = get(dir, "envelope.bin", &len), hdr[CR_ENV_HEADER_BYTES], cm[CR_HASH_BYTES];
	if (env && cr_transfer_offer(env, len, a, cr_unit_secret_pub(b), hdr, cm) == 0) {
		put(dir, "transfer_header.bin", hdr, sizeof(hdr));
		put(dir, "transfer_commitment.bin", cm, sizeof(cm));
	} else {
		fail("transfer offer");
	}
	free(env);
	char path[1024];
	struct cr_server_key *k = NULL;
	static const uint8_t sealed[80] = "a sealed box stands here: the signature covers its hash";
	uint8_t bytes[CR_MSG_SIGNED_BYTES], block[CR_SIGNED_MSG_HEADER + sizeof(sealed)];
	struct cr_signed_message m = {.unit = "TT-96", .sealed = sealed, .sealed_len = sizeof(sealed)};
	path_of(path, sizeof(path), dir, "server.key");
	if (cr_server_key_load(path, &k) != 0 ||
	    cr_unit_message_signed("K7QM2XPD", "TT-96", 20789, sealed, sizeof(sealed), bytes) != 0) {
		fail("signed message");
		cr_server_key_free(k);
		return;
	}
	cr_signer_pk(s, m.signer);
	cr_signer_sign(s, bytes, sizeof(bytes), m.sig);
	cr_message_accept_tag(k, bytes, m.signer, m.sig, m.tag);
	cr_server_key_free(k);
	if (cr_signed_message_encode(&m, block) != 0)
		fail("signed message block");
	put(dir, "msg_signed.bin", bytes, sizeof(bytes));
	put(dir, "msg_block.bin", block, sizeof(block));
	put(dir, "msg_sealed.bin", sealed, sizeof(sealed));
}

static int make(const char *dir)
{
	struct cr_unit_secret *a = new_unit(dir, "TT-96"), *b = new_unit(dir, "TT-01");
	if (a == NULL || b == NULL)
		return 1;
	char path[1024], case_id[CR_CASE_ID_LEN + 1];
	cr_case_id_new(case_id);
	put(dir, "case_id.txt", case_id, strlen(case_id));
	put(dir, "body.txt", BODY, strlen(BODY));
	put(dir, "identity.txt", IDENT, strlen(IDENT));
	seal_one(dir, "envelope.bin", a, case_id, 1, NULL, 0);
	seal_one(dir, "envelope_noid.bin", a, case_id, 0, NULL, 0);

	/* An attachment of two full chunks and a short one, sealed with its envelope. */
	size_t att_len = 2 * 65536 + 1234;
	uint8_t *att_data = malloc(att_len);
	if (att_data == NULL)
		return 1;
	for (size_t i = 0; i < att_len; i++)
		att_data[i] = (uint8_t)(i * 7 + i / 65536);
	struct cr_attachment att[2] = {{.data = (const uint8_t *)"", .len = 0},
				       {.data = att_data, .len = att_len}};
	seal_one(dir, "envelope_att.bin", a, case_id, 1, att, 2);
	put(dir, "att1.txt", att_data, att_len);
	if (att[1].sealed) {
		put(dir, "att0.bin", att[0].sealed, att[0].sealed_len);
		put(dir, "att1.bin", att[1].sealed, att[1].sealed_len);
	}
	free(att[0].sealed);
	free(att[1].sealed);
	free(att_data);

	/* A transfer and the confidential view, made by tocao's code. */
	size_t len, out_len;
	uint8_t *env = get(dir, "envelope.bin", &len), *out = NULL;
	if (env && cr_envelope_reseal(env, len, a, cr_unit_secret_pub(b), &out, &out_len) == 0) {
		put(dir, "moved.bin", out, out_len);
		free(out);
	} else {
		fail("reseal");
	}
	if (env && cr_envelope_strip_identity(env, len, &out, &out_len) == 0) {
		put(dir, "stripped.bin", out, out_len);
		free(out);
	} else {
		fail("strip");
	}
	free(env);

	/* A passphrase-protected copy of TT-96's key. */
	path_of(path, sizeof(path), dir, "TT-96-protected.key");
	if (cr_unit_secret_save_protected(a, path, PASS, strlen(PASS), CR_KDF_INTERACTIVE) != 0)
		fail("protected key");
	put(dir, "passphrase.txt", PASS, strlen(PASS));

	/* The reporter's key and a message sealed to it. */
	char receipt[CR_RECEIPT_LEN + 1];
	uint8_t rpk[CR_PK_BYTES], sealed[sizeof(MSG) - 1 + CR_SEAL_OVERHEAD];
	cr_receipt_new(receipt);
	cr_reporter_pk(receipt, rpk);
	if (cr_seal_to(rpk, (const uint8_t *)MSG, sizeof(MSG) - 1, sealed) != 0)
		fail("seal to reporter");
	put(dir, "receipt.txt", receipt, strlen(receipt));
	put(dir, "reporter_pk.bin", rpk, sizeof(rpk));
	put(dir, "reporter_msg.bin", sealed, sizeof(sealed));
	put(dir, "reporter_msg.txt", MSG, sizeof(MSG) - 1);

	/* The server key's lookup hash and a wrapped receipt. */
	struct cr_server_key *k = NULL;
	path_of(path, sizeof(path), dir, "server.key");
	if (cr_server_key_create(path) != 0 || cr_server_key_load(path, &k) != 0) {
		fail("server key");
	} else {
		uint8_t h[CR_HASH_BYTES], w[CR_RECEIPT_LEN + CR_WRAP_OVERHEAD];
		cr_keyed_hash(k, "receipt", (const uint8_t *)receipt, CR_RECEIPT_LEN, h);
		put(dir, "receipt_hash.bin", h, sizeof(h));
		if (cr_wrap(k, (const uint8_t *)"idem-key-1", 10, (const uint8_t *)receipt,
			    CR_RECEIPT_LEN, w) != 0)
			fail("wrap");
		put(dir, "wrapped.bin", w, sizeof(w));
		cr_server_key_free(k);
	}
	uint8_t ah[CR_HASH_BYTES];
	cr_audit_hash((const uint8_t *)BODY, strlen(BODY), ah);
	put(dir, "audit_hash.bin", ah, sizeof(ah));

	/* An inspector's key files and a signed challenge. */
	struct cr_signer *s = NULL;
	char pub_path[1024];
	path_of(path, sizeof(path), dir, "inspector.key");
	path_of(pub_path, sizeof(pub_path), dir, "inspector.pub");
	if (cr_signer_keygen("inspector", "TT-96", &s) != 0 || cr_signer_save(s, path, pub_path) != 0) {
		fail("signer");
	} else {
		uint8_t sig[CR_SIG_BYTES];
		cr_signer_sign(s, (const uint8_t *)CHALLENGE, strlen(CHALLENGE), sig);
		put(dir, "sig.bin", sig, sizeof(sig));
		put(dir, "challenge.txt", CHALLENGE, strlen(CHALLENGE));
		transfer_and_message(dir, a, b, s);
	}
	cr_signer_free(s);
	cr_unit_secret_free(a);
	cr_unit_secret_free(b);
	return failures != 0;
}

static struct cr_unit_secret *load_unit(const char *dir, const char *name)
{
	char path[1024];
	struct cr_unit_secret *sec = NULL;
	path_of(path, sizeof(path), dir, name);
	if (cr_unit_secret_load(path, &sec) != 0)
		fail(name);
	return sec;
}

/* env_name must open with sec to body_name (and identity_name, or no identity if NULL). */
static void expect_open(const char *dir, const char *env_name, const struct cr_unit_secret *sec,
			const char *body_name, const char *identity_name)
{
	size_t len, blen = 0, ilen = 0;
	uint8_t *env = get(dir, env_name, &len), *body = get(dir, body_name, &blen);
	uint8_t *ident = identity_name ? get(dir, identity_name, &ilen) : NULL;
	struct cr_envelope_opened o = {0};
	if (env == NULL || body == NULL || (identity_name && ident == NULL))
		goto out;
	if (cr_envelope_open(env, len, sec, &o) != 0) {
		fail(env_name);
		goto out;
	}
	if (o.body_len != blen || memcmp(o.body, body, blen) != 0)
		fail(body_name);
	if (identity_name ? (o.identity == NULL || o.identity_len != ilen ||
			     memcmp(o.identity, ident, ilen) != 0)
			  : o.identity != NULL)
		fail("identity");
out:
	cr_envelope_opened_free(&o);
	free(env);
	free(body);
	free(ident);
}

static int check(const char *dir)
{
	struct cr_unit_secret *a = load_unit(dir, "TT-96.key"), *b = load_unit(dir, "TT-01.key");
	if (a == NULL || b == NULL)
		return 1;
	/* Sealed by PyNaCl from the document alone. */
	expect_open(dir, "py_envelope.bin", a, "py_body.txt", "py_identity.txt");
	expect_open(dir, "py_envelope_noid.bin", a, "py_body.txt", NULL);
	/* Re-sealed by PyNaCl for TT-01: TT-01 opens it, TT-96 no longer does. */
	expect_open(dir, "py_moved.bin", b, "body.txt", "identity.txt");
	size_t len, blen, plen;
	uint8_t *env = get(dir, "py_moved.bin", &len);
	struct cr_envelope_opened o;
	if (env && cr_envelope_open(env, len, a, &o) != TC_ECRYPTO)
		fail("the old unit opens a re-sealed envelope");
	free(env);

	/* An attachment sealed by PyNaCl under py_envelope's content key. */
	env = get(dir, "py_envelope.bin", &len);
	uint8_t *blob = get(dir, "py_att.bin", &blen), *plain = get(dir, "py_att.txt", &plen);
	uint8_t *data = NULL;
	size_t dlen;
	unsigned index;
	if (env && blob && plain) {
		if (cr_attachment_open(env, len, blob, blen, a, &index, &data, &dlen) != 0)
			fail("py_att.bin");
		else if (index != 1 || dlen != plen || memcmp(data, plain, plen) != 0)
			fail("py_att.txt");
		cr_attachment_free(data);
	}
	free(env);
	free(blob);
	free(plain);

	/* A message PyNaCl sealed to the reporter's receipt-derived key. */
	uint8_t *receipt = get(dir, "receipt.txt", &len), *sealed = get(dir, "py_reporter_msg.bin", &blen);
	uint8_t *msg = get(dir, "py_reporter_msg.txt", &plen);
	if (receipt && sealed && msg && len == CR_RECEIPT_LEN && blen == plen + CR_SEAL_OVERHEAD) {
		char r[CR_RECEIPT_LEN + 1];
		uint8_t out[256];
		memcpy(r, receipt, CR_RECEIPT_LEN);
		r[CR_RECEIPT_LEN] = '\0';
		if (plen > sizeof(out) || cr_reporter_open(r, sealed, blen, out) != 0 ||
		    memcmp(out, msg, plen) != 0)
			fail("py_reporter_msg.bin");
	} else {
		fail("reporter message files");
	}
	free(receipt);
	free(sealed);
	free(msg);

	/* A signature PyNaCl made with the inspector's key file. */
	char path[1024];
	struct cr_signer_pub pub;
	uint8_t *sig = get(dir, "py_sig.bin", &blen), *text = get(dir, "py_signed.txt", &len);
	path_of(path, sizeof(path), dir, "inspector.pub");
	if (cr_signer_pub_load(path, &pub) != 0 || sig == NULL || text == NULL ||
	    blen != CR_SIG_BYTES || cr_sign_verify(pub.pk, text, len, sig) != 0)
		fail("py_sig.bin");
	free(sig);
	free(text);

	cr_unit_secret_free(a);
	cr_unit_secret_free(b);
	if (failures == 0)
		printf("make_vectors --check: PyNaCl's envelopes, re-sealing, attachment, "
		       "reporter message and signature all open in C\n");
	return failures != 0;
}

int main(int argc, char **argv)
{
	if (cr_init() != 0)
		return 2;
	if (argc == 2)
		return make(argv[1]);
	if (argc == 3 && strcmp(argv[1], "--check") == 0)
		return check(argv[2]);
	fprintf(stderr, "usage: crypto_make_vectors [--check] DIR\n");
	return 2;
}
