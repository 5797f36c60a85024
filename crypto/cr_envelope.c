/*
 * cr_envelope.c - the sealed envelope of a report (docs/FORMAT.md).
 *
 *   offset  size  field
 *   0       4     magic "TCE1"
 *   4       1     version (1)
 *   5       1     flags: bit 0 = has an identity section; other bits zero
 *   6       8     case id (ASCII)
 *   14      8     unit id (ASCII, NUL-padded)
 *   22      8     key id of the recipient's public key
 *   30      80    crypto_box_seal(content key) to the unit's public key
 *   110     24    body nonce
 *   134     4     body ciphertext length n1 (big-endian, includes the 16-byte tag)
 *   138     n1    body ciphertext (XChaCha20-Poly1305-IETF)
 *   [identity section: 24-byte nonce, 4-byte length n2, n2 bytes; only with flag bit 0]
 *
 * Associated data of a section: magic, version, case id and a section tag
 * ('B' body, 'I' identity): 14 bytes. Not the unit or key id, so that a
 * transfer can re-seal the content key without touching the ciphertexts.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cr.h"
#include "cr_internal.h"

#define MAGIC "TCE1"
#define VERSION 1
#define FLAG_IDENTITY 0x01
#define HEADER_LEN 30
#define SEALED_KEY_LEN (32 + crypto_box_SEALBYTES)
#define NONCE_LEN crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_LEN crypto_aead_xchacha20poly1305_ietf_ABYTES
#define KDF_CONTEXT "tocaoenv"
/*
 * Subkey ids under a content key (docs/FORMAT.md "Primitives"): 1 body,
 * 2 identity, 3-999 reserved (3 for reporter messages kept under the
 * case's own content key, should a later version do so; version 1 gives
 * each message an envelope of its own), 1000 + i attachment i.
 */
#define SUBKEY_BODY 1
#define SUBKEY_IDENTITY 2
/* Limits, checked before any allocation. */
#define BODY_MAX (2u << 20)
#define IDENTITY_MAX (16u << 10)

_Static_assert(sizeof(KDF_CONTEXT) - 1 == crypto_kdf_CONTEXTBYTES, "KDF context length");

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void make_ad(const char case_id[CR_CASE_ID_LEN], char tag, uint8_t ad[14])
{
	memcpy(ad, MAGIC, 4);
	ad[4] = VERSION;
	memcpy(ad + 5, case_id, CR_CASE_ID_LEN);
	ad[13] = (uint8_t)tag;
}

/* A unit id as the header holds it: 1 to 7 of A-Z, 0-9 and '-' (NUL-padded to 8). */
static int unit_field_ok(const char *unit)
{
	size_t n = strnlen(unit, 8);
	if (n == 0 || n == 8)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((unit[i] >= 'A' && unit[i] <= 'Z') || (unit[i] >= '0' && unit[i] <= '9') ||
		      unit[i] == '-'))
			return 0;
	return 1;
}

/* The parsed layout of an envelope; pointers into the caller's bytes. */
struct layout {
	struct cr_envelope_info info;
	const uint8_t *sealed_key;
	const uint8_t *body_nonce, *body_ct;
	size_t body_len;
	const uint8_t *id_nonce, *id_ct;
	size_t id_len;
};

static int parse(const uint8_t *env, size_t len, struct layout *l)
{
	memset(l, 0, sizeof(*l));
	if (len < HEADER_LEN + SEALED_KEY_LEN + NONCE_LEN + 4)
		return TC_EFORMAT;
	if (memcmp(env, MAGIC, 4) != 0)
		return TC_EFORMAT;
	if (env[4] != VERSION)
		return TC_EVERSION;
	uint8_t flags = env[5];
	if (flags & ~FLAG_IDENTITY)
		return TC_EFORMAT;
	l->info.version = env[4];
	memcpy(l->info.case_id, env + 6, CR_CASE_ID_LEN);
	l->info.case_id[CR_CASE_ID_LEN] = '\0';
	if (!cr_case_id_is_valid(l->info.case_id))
		return TC_EFORMAT;
	/* The unit id: up to 7 characters, NUL-padded to 8, padding all zero. */
	memcpy(l->info.unit, env + 14, 8);
	if (!unit_field_ok(l->info.unit))
		return TC_EFORMAT;
	for (size_t i = strlen(l->info.unit); i < 8; i++)
		if (l->info.unit[i] != '\0')
			return TC_EFORMAT;
	memcpy(l->info.key_id, env + 22, CR_KEY_ID_BYTES);
	l->sealed_key = env + HEADER_LEN;

	size_t off = HEADER_LEN + SEALED_KEY_LEN;
	l->body_nonce = env + off;
	off += NONCE_LEN;
	uint32_t n1 = get_be32(env + off);
	off += 4;
	if (n1 < TAG_LEN || n1 > BODY_MAX + TAG_LEN || n1 > len - off)
		return TC_EFORMAT;
	l->body_ct = env + off;
	l->body_len = n1;
	off += n1;
	l->info.body_ct_len = n1;
	if (flags & FLAG_IDENTITY) {
		if (len - off < NONCE_LEN + 4)
			return TC_EFORMAT;
		l->id_nonce = env + off;
		off += NONCE_LEN;
		uint32_t n2 = get_be32(env + off);
		off += 4;
		if (n2 < TAG_LEN || n2 > IDENTITY_MAX + TAG_LEN || n2 > len - off)
			return TC_EFORMAT;
		l->id_ct = env + off;
		l->id_len = n2;
		off += n2;
		l->info.has_identity = 1;
	}
	return off == len ? TC_OK : TC_EFORMAT; /* no trailing bytes */
}

int cr_envelope_inspect(const uint8_t *env, size_t len, struct cr_envelope_info *out)
{
	struct layout l;
	int rc = parse(env, len, &l);
	if (rc == TC_OK)
		*out = l.info;
	return rc;
}

static void write_header(uint8_t *out, const char *case_id, const struct cr_unit_pub *unit,
			 int has_identity)
{
	memcpy(out, MAGIC, 4);
	out[4] = VERSION;
	out[5] = has_identity ? FLAG_IDENTITY : 0;
	memcpy(out + 6, case_id, CR_CASE_ID_LEN);
	memset(out + 14, 0, 8);
	memcpy(out + 14, unit->unit, strnlen(unit->unit, CR_UNIT_MAX - 1));
	memcpy(out + 22, unit->key_id, CR_KEY_ID_BYTES);
}

static int seal_attachment(const uint8_t ck[32], const char *case_id, unsigned index,
			   struct cr_attachment *a);

int cr_envelope_seal(const struct cr_envelope_params *p, uint8_t **out, size_t *out_len)
{
	if (!cr_case_id_is_valid(p->case_id) || p->unit == NULL || !unit_field_ok(p->unit->unit) ||
	    p->body == NULL ||
	    p->body_len > BODY_MAX || (p->identity && p->identity_len > IDENTITY_MAX) ||
	    p->n_attachments > CR_ATTACHMENTS_MAX)
		return TC_EINVAL;
	for (size_t i = 0; i < p->n_attachments; i++) {
		if (p->attachments[i].len > CR_ATTACHMENT_MAX)
			return TC_EINVAL;
		p->attachments[i].sealed = NULL;
	}
	const int has_id = p->identity != NULL;
	size_t len = HEADER_LEN + SEALED_KEY_LEN + NONCE_LEN + 4 + p->body_len + TAG_LEN;
	if (has_id)
		len += NONCE_LEN + 4 + p->identity_len + TAG_LEN;
	uint8_t *env = malloc(len);
	/*
	 * Content key, body key, identity key: on the stack and wiped on every
	 * path. (sodium_malloc costs an mmap, guard pages and mprotect calls
	 * whose TLB shootdowns were the largest single cost per report.)
	 */
	uint8_t keys[3 * 32];
	int rc = TC_ENOMEM;
	if (env == NULL)
		goto out;
	uint8_t *ck = keys, *kb = keys + 32, *ki = keys + 64;
	crypto_aead_xchacha20poly1305_ietf_keygen(ck);
	crypto_kdf_derive_from_key(kb, 32, SUBKEY_BODY, KDF_CONTEXT, ck);
	crypto_kdf_derive_from_key(ki, 32, SUBKEY_IDENTITY, KDF_CONTEXT, ck);

	write_header(env, p->case_id, p->unit, has_id);
	rc = TC_ECRYPTO;
	if (crypto_box_seal(env + HEADER_LEN, ck, 32, p->unit->pk) != 0)
		goto out;
	uint8_t ad[14];
	size_t off = HEADER_LEN + SEALED_KEY_LEN;
	randombytes_buf(env + off, NONCE_LEN);
	put_be32(env + off + NONCE_LEN, (uint32_t)(p->body_len + TAG_LEN));
	make_ad(p->case_id, 'B', ad);
	crypto_aead_xchacha20poly1305_ietf_encrypt(env + off + NONCE_LEN + 4, NULL, p->body,
						   p->body_len, ad, sizeof(ad), NULL, env + off, kb);
	off += NONCE_LEN + 4 + p->body_len + TAG_LEN;
	if (has_id) {
		randombytes_buf(env + off, NONCE_LEN);
		put_be32(env + off + NONCE_LEN, (uint32_t)(p->identity_len + TAG_LEN));
		make_ad(p->case_id, 'I', ad);
		crypto_aead_xchacha20poly1305_ietf_encrypt(env + off + NONCE_LEN + 4, NULL,
							   p->identity, p->identity_len, ad,
							   sizeof(ad), NULL, env + off, ki);
	}
	for (size_t i = 0; i < p->n_attachments; i++) {
		rc = seal_attachment(ck, p->case_id, (unsigned)i, &p->attachments[i]);
		if (rc != TC_OK) {
			for (size_t k = 0; k <= i; k++) {
				free(p->attachments[k].sealed);
				p->attachments[k].sealed = NULL;
			}
			goto out;
		}
	}
	*out = env;
	*out_len = len;
	env = NULL;
	rc = TC_OK;
out:
	free(env);
	sodium_memzero(keys, sizeof(keys));
	return rc;
}

/* Open the sealed content key into ck (32 bytes of sodium memory). */
static int open_content_key(const struct layout *l, const struct cr_unit_secret *sec,
			    uint8_t *ck)
{
	const struct cr_unit_pub *pub = cr_unit_secret_pub(sec);
	if (sodium_memcmp(l->info.key_id, pub->key_id, CR_KEY_ID_BYTES) != 0)
		return TC_ECRYPTO;
	return crypto_box_seal_open(ck, l->sealed_key, SEALED_KEY_LEN, pub->pk,
				    cr_unit_secret_sk(sec)) == 0
		       ? TC_OK
		       : TC_ECRYPTO;
}

static int open_section(const uint8_t *nonce, const uint8_t *ct, size_t len, const uint8_t *key,
			const char *case_id, char tag, uint8_t **out, size_t *out_len)
{
	uint8_t ad[14];
	make_ad(case_id, tag, ad);
	size_t n = len - TAG_LEN;
	uint8_t *pt = sodium_malloc(n + 1);
	if (pt == NULL)
		return TC_ENOMEM;
	/* libsodium writes no plaintext when authentication fails. */
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(pt, NULL, NULL, ct, len, ad, sizeof(ad),
						       nonce, key) != 0) {
		sodium_free(pt);
		return TC_ECRYPTO;
	}
	pt[n] = '\0';
	*out = pt;
	*out_len = n;
	return TC_OK;
}

int cr_envelope_open(const uint8_t *env, size_t len, const struct cr_unit_secret *sec,
		     struct cr_envelope_opened *out)
{
	struct layout l;
	int rc = parse(env, len, &l);
	if (rc != TC_OK)
		return rc;
	uint8_t keys[3 * 32]; /* wiped below, on every path */
	uint8_t *ck = keys, *kb = keys + 32, *ki = keys + 64;
	struct cr_envelope_opened o = {0};
	rc = open_content_key(&l, sec, ck);
	if (rc != TC_OK)
		goto out;
	crypto_kdf_derive_from_key(kb, 32, SUBKEY_BODY, KDF_CONTEXT, ck);
	crypto_kdf_derive_from_key(ki, 32, SUBKEY_IDENTITY, KDF_CONTEXT, ck);
	rc = open_section(l.body_nonce, l.body_ct, l.body_len, kb, l.info.case_id, 'B', &o.body,
			  &o.body_len);
	if (rc == TC_OK && l.id_ct)
		rc = open_section(l.id_nonce, l.id_ct, l.id_len, ki, l.info.case_id, 'I',
				  &o.identity, &o.identity_len);
	if (rc == TC_OK) {
		*out = o;
		memset(&o, 0, sizeof(o));
	}
out:
	cr_envelope_opened_free(&o);
	sodium_memzero(keys, sizeof(keys));
	return rc;
}

void cr_envelope_opened_free(struct cr_envelope_opened *o)
{
	if (o == NULL)
		return;
	if (o->body)
		sodium_free(o->body);
	if (o->identity)
		sodium_free(o->identity);
	memset(o, 0, sizeof(*o));
}

int cr_envelope_reseal(const uint8_t *env, size_t len, const struct cr_unit_secret *current,
		       const struct cr_unit_pub *to, uint8_t **out, size_t *out_len)
{
	struct layout l;
	int rc = parse(env, len, &l);
	if (rc != TC_OK)
		return rc;
	/* The new header must parse, or the transfer would store an unreadable envelope. */
	if (to == NULL || !unit_field_ok(to->unit))
		return TC_EINVAL;
	uint8_t *ck = sodium_malloc(32);
	uint8_t *copy = malloc(len);
	rc = TC_ENOMEM;
	if (ck == NULL || copy == NULL)
		goto out;
	rc = open_content_key(&l, current, ck);
	if (rc != TC_OK)
		goto out;
	memcpy(copy, env, len);
	write_header(copy, l.info.case_id, to, l.info.has_identity);
	if (crypto_box_seal(copy + HEADER_LEN, ck, 32, to->pk) != 0) {
		rc = TC_ECRYPTO;
		goto out;
	}
	*out = copy;
	*out_len = len;
	copy = NULL;
out:
	free(copy);
	if (ck)
		sodium_free(ck);
	return rc;
}

/* ---- Two-step transfers (docs/FORMAT.md "Transfers") ---- */

/* BLAKE2b-256 with a personalisation (zero-padded to 16 bytes), no key. */
static void hash_personal(const uint8_t *in, size_t len, const char *person, uint8_t out[32])
{
	uint8_t pers[crypto_generichash_blake2b_PERSONALBYTES] = {0};
	memcpy(pers, person, strnlen(person, sizeof(pers)));
	crypto_generichash_blake2b_salt_personal(out, 32, in, len, NULL, 0, NULL, pers);
}

static void ck_proof(const uint8_t ck[32], const char case_id[CR_CASE_ID_LEN],
		     uint8_t proof[CR_CK_PROOF_BYTES])
{
	uint8_t in[32 + CR_CASE_ID_LEN];
	memcpy(in, ck, 32);
	memcpy(in + 32, case_id, CR_CASE_ID_LEN);
	hash_personal(in, sizeof(in), "tocao-ck-proof", proof);
	sodium_memzero(in, sizeof(in));
}

void cr_transfer_commitment(const uint8_t proof[CR_CK_PROOF_BYTES],
			    uint8_t commitment[CR_HASH_BYTES])
{
	hash_personal(proof, CR_CK_PROOF_BYTES, "tocao-ck-commit", commitment);
}

bool cr_transfer_check(const uint8_t proof[CR_CK_PROOF_BYTES],
		       const uint8_t commitment[CR_HASH_BYTES])
{
	uint8_t c[CR_HASH_BYTES];
	cr_transfer_commitment(proof, c);
	return sodium_memcmp(c, commitment, CR_HASH_BYTES) == 0;
}

/* Open the content key with sec and check that it opens the body (wiped by the caller). */
static int open_checked_key(const struct layout *l, const struct cr_unit_secret *sec,
			    uint8_t ck[32])
{
	int rc = open_content_key(l, sec, ck);
	if (rc != TC_OK)
		return rc;
	uint8_t kb[32], *pt = NULL;
	size_t n = 0;
	crypto_kdf_derive_from_key(kb, 32, SUBKEY_BODY, KDF_CONTEXT, ck);
	rc = open_section(l->body_nonce, l->body_ct, l->body_len, kb, l->info.case_id, 'B', &pt, &n);
	sodium_memzero(kb, sizeof(kb));
	if (pt)
		sodium_free(pt);
	return rc;
}

int cr_transfer_offer(const uint8_t *env, size_t len, const struct cr_unit_secret *current,
		      const struct cr_unit_pub *to, uint8_t header[CR_ENV_HEADER_BYTES],
		      uint8_t commitment[CR_HASH_BYTES])
{
	struct layout l;
	int rc = parse(env, len, &l);
	if (rc != TC_OK)
		return rc;
	if (to == NULL || !unit_field_ok(to->unit))
		return TC_EINVAL;
	uint8_t *ck = sodium_malloc(32), hdr[HEADER_LEN + SEALED_KEY_LEN], proof[CR_CK_PROOF_BYTES];
	if (ck == NULL)
		return TC_ENOMEM;
	rc = open_checked_key(&l, current, ck);
	if (rc == TC_OK) {
		write_header(hdr, l.info.case_id, to, l.info.has_identity);
		if (crypto_box_seal(hdr + HEADER_LEN, ck, 32, to->pk) != 0)
			rc = TC_ECRYPTO;
	}
	if (rc == TC_OK) {
		memcpy(header, hdr + CR_ENV_RESEAL_FROM, CR_ENV_HEADER_BYTES);
		ck_proof(ck, l.info.case_id, proof);
		cr_transfer_commitment(proof, commitment);
		sodium_memzero(proof, sizeof(proof));
	}
	sodium_free(ck);
	return rc;
}

int cr_envelope_splice(const uint8_t *env, size_t len, const uint8_t header[CR_ENV_HEADER_BYTES],
		       uint8_t **out, size_t *out_len, struct cr_envelope_info *info)
{
	struct layout l;
	int rc = parse(env, len, &l);
	if (rc != TC_OK)
		return rc;
	uint8_t *copy = malloc(len);
	if (copy == NULL)
		return TC_ENOMEM;
	memcpy(copy, env, len);
	memcpy(copy + CR_ENV_RESEAL_FROM, header, CR_ENV_HEADER_BYTES);
	rc = parse(copy, len, &l);
	if (rc != TC_OK) {
		free(copy);
		return rc;
	}
	if (info)
		*info = l.info;
	*out = copy;
	*out_len = len;
	return TC_OK;
}

int cr_transfer_proof(const uint8_t *env, size_t len, const struct cr_unit_secret *sec,
		      uint8_t proof[CR_CK_PROOF_BYTES])
{
	struct layout l;
	int rc = parse(env, len, &l);
	if (rc != TC_OK)
		return rc;
	uint8_t *ck = sodium_malloc(32);
	if (ck == NULL)
		return TC_ENOMEM;
	rc = open_checked_key(&l, sec, ck);
	if (rc == TC_OK)
		ck_proof(ck, l.info.case_id, proof);
	sodium_free(ck);
	return rc;
}

/* ---- Attachments (docs/FORMAT.md "Attachments") ---- */

#define ATT_MAGIC "TCA1"
#define ATT_HEADER_LEN (4 + 1 + 2 + CR_CASE_ID_LEN)
#define ATT_CHUNK (64u * 1024)
#define ATT_SUBKEY_BASE 1000
#define SS_HEADER crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define SS_ABYTES crypto_secretstream_xchacha20poly1305_ABYTES

static void att_ad(const char *case_id, unsigned index, uint32_t chunk, uint8_t ad[19])
{
	memcpy(ad, ATT_MAGIC, 4);
	ad[4] = VERSION;
	memcpy(ad + 5, case_id, CR_CASE_ID_LEN);
	ad[13] = (uint8_t)(index >> 8);
	ad[14] = (uint8_t)index;
	put_be32(ad + 15, chunk);
}

static int seal_attachment(const uint8_t ck[32], const char *case_id, unsigned index,
			   struct cr_attachment *a)
{
	size_t chunks = a->len / ATT_CHUNK + 1; /* the last may be empty: it carries TAG_FINAL */
	size_t len = ATT_HEADER_LEN + SS_HEADER + chunks * (4 + SS_ABYTES) + a->len;
	uint8_t *out = malloc(len);
	if (out == NULL)
		return TC_ENOMEM;
	uint8_t key[32];
	crypto_secretstream_xchacha20poly1305_state st;
	crypto_kdf_derive_from_key(key, sizeof(key), ATT_SUBKEY_BASE + index, KDF_CONTEXT, ck);
	memcpy(out, ATT_MAGIC, 4);
	out[4] = VERSION;
	out[5] = (uint8_t)(index >> 8);
	out[6] = (uint8_t)index;
	memcpy(out + 7, case_id, CR_CASE_ID_LEN);
	crypto_secretstream_xchacha20poly1305_init_push(&st, out + ATT_HEADER_LEN, key);
	size_t off = ATT_HEADER_LEN + SS_HEADER, in = 0;
	for (uint32_t c = 0; c < chunks; c++) {
		size_t n = a->len - in < ATT_CHUNK ? a->len - in : ATT_CHUNK;
		int last = c + 1 == chunks;
		uint8_t ad[19];
		att_ad(case_id, index, c, ad);
		put_be32(out + off, (uint32_t)(n + SS_ABYTES));
		crypto_secretstream_xchacha20poly1305_push(
			&st, out + off + 4, NULL, a->data + in, n, ad, sizeof(ad),
			last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
			     : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
		off += 4 + n + SS_ABYTES;
		in += n;
	}
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&st, sizeof(st));
	a->sealed = out;
	a->sealed_len = off;
	return TC_OK;
}

int cr_attachment_open(const uint8_t *env, size_t env_len, const uint8_t *blob, size_t blob_len,
		       const struct cr_unit_secret *sec, unsigned *index, uint8_t **out,
		       size_t *out_len)
{
	struct layout l;
	int rc = parse(env, env_len, &l);
	if (rc != TC_OK)
		return rc;
	/* The largest blob a sealer makes; checked before allocating its size. */
	const size_t att_max = ATT_HEADER_LEN + SS_HEADER +
			       (CR_ATTACHMENT_MAX / ATT_CHUNK + 1) * (4 + SS_ABYTES) +
			       CR_ATTACHMENT_MAX;
	if (blob_len < ATT_HEADER_LEN + SS_HEADER || blob_len > att_max ||
	    memcmp(blob, ATT_MAGIC, 4) != 0)
		return TC_EFORMAT;
	if (blob[4] != VERSION)
		return TC_EVERSION;
	unsigned idx = (unsigned)blob[5] << 8 | blob[6];
	if (idx >= CR_ATTACHMENTS_MAX || memcmp(blob + 7, l.info.case_id, CR_CASE_ID_LEN) != 0)
		return TC_EFORMAT;
	/* The plaintext is never larger than the blob. */
	uint8_t *pt = sodium_malloc(blob_len);
	uint8_t keys[64]; /* content key, attachment key; wiped below */
	crypto_secretstream_xchacha20poly1305_state st;
	if (pt == NULL)
		return TC_ENOMEM;
	rc = open_content_key(&l, sec, keys);
	if (rc != TC_OK)
		goto out;
	crypto_kdf_derive_from_key(keys + 32, 32, ATT_SUBKEY_BASE + idx, KDF_CONTEXT, keys);
	rc = TC_ECRYPTO;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&st, blob + ATT_HEADER_LEN,
							    keys + 32) != 0)
		goto out;
	size_t off = ATT_HEADER_LEN + SS_HEADER, n_out = 0;
	int final = 0;
	for (uint32_t c = 0; !final; c++) {
		if (blob_len - off < 4)
			goto out; /* truncated: no final chunk */
		uint32_t n = get_be32(blob + off);
		if (n < SS_ABYTES || n > ATT_CHUNK + SS_ABYTES || n > blob_len - off - 4)
			goto out;
		uint8_t ad[19], tag;
		unsigned long long got;
		att_ad(l.info.case_id, idx, c, ad);
		if (crypto_secretstream_xchacha20poly1305_pull(&st, pt + n_out, &got, &tag,
							       blob + off + 4, n, ad, sizeof(ad)) != 0)
			goto out;
		n_out += (size_t)got;
		off += 4 + n;
		final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
	}
	if (off != blob_len)
		goto out; /* bytes after the final chunk */
	*index = idx;
	*out = pt;
	*out_len = n_out;
	pt = NULL;
	rc = TC_OK;
out:
	if (pt)
		sodium_free(pt);
	sodium_memzero(keys, sizeof(keys));
	sodium_memzero(&st, sizeof(st));
	return rc;
}

void cr_attachment_free(uint8_t *data)
{
	if (data)
		sodium_free(data);
}

int cr_envelope_strip_identity(const uint8_t *env, size_t len, uint8_t **out, size_t *out_len)
{
	struct layout l;
	int rc = parse(env, len, &l);
	if (rc != TC_OK)
		return rc;
	size_t keep = l.id_ct ? (size_t)(l.id_nonce - env) : len;
	uint8_t *copy = malloc(keep);
	if (copy == NULL)
		return TC_ENOMEM;
	memcpy(copy, env, keep);
	copy[5] &= (uint8_t)~FLAG_IDENTITY;
	*out = copy;
	*out_len = keep;
	return TC_OK;
}

bool cr_envelope_same_report(const uint8_t *old, size_t old_len, const uint8_t *resealed,
			     size_t resealed_len)
{
	return old_len == resealed_len && old_len >= CR_ENV_RESEAL_END &&
	       memcmp(old, resealed, CR_ENV_RESEAL_FROM) == 0 &&
	       memcmp(old + CR_ENV_RESEAL_END, resealed + CR_ENV_RESEAL_END,
		      old_len - CR_ENV_RESEAL_END) == 0;
}
