/*
 * cr_keys.c - unit key pairs (X25519) and principals' signing keys
 * (Ed25519), and their text files (docs/FORMAT.md "Key files").
 *
 * A key file is a first line naming its format and version, then
 * "name: value" lines, each known name exactly once, nothing else. Parsers
 * are strict and bounded (4 KiB) and wipe what they read.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cr.h"
#include "cr_internal.h"

#define KEY_FILE_MAX 4096
#define UNIT_SECRET_HEADER "tocao-unit-secret-key 1"
#define UNIT_PUBLIC_HEADER "tocao-unit-public-key 1"
#define BACKUP_SECRET_HEADER "tocao-backup-secret-key 1"
#define BACKUP_PUBLIC_HEADER "tocao-backup-public-key 1"
#define SIGNER_SECRET_HEADER "tocao-signer-secret-key 1"
#define SIGNER_PUBLIC_HEADER "tocao-signer-public-key 1"

struct cr_unit_secret {
	struct cr_unit_pub pub;
	uint8_t sk[crypto_box_SECRETKEYBYTES];
};

struct cr_signer {
	char role[16];
	char scope[CR_UNIT_MAX + 8];
	uint8_t pk[crypto_sign_PUBLICKEYBYTES];
	uint8_t sk[crypto_sign_SECRETKEYBYTES];
};

/* ---- The line format ---- */

#define MAX_FIELDS_ALL 12

struct fields {
	const char *names[MAX_FIELDS_ALL];
	char *values[MAX_FIELDS_ALL]; /* point into the parsed copy */
	size_t n;
	unsigned optional;            /* bit i: names[i] may be absent */
};

/*
 * Parse text (a private, writable, NUL-terminated copy) against header and
 * the expected names (all required unless marked optional). Every line,
 * the last included, ends with '\n'; a blank line, a line without ": ", an
 * unknown or repeated name is TC_EFORMAT; another version of the same
 * format is TC_EVERSION.
 */
static int parse_fields(char *text, const char *header, struct fields *f)
{
	char *line = text, *next = strchr(line, '\n');
	if (next == NULL)
		return TC_EFORMAT;
	*next++ = '\0';
	if (strcmp(line, header) != 0) {
		/* Same format name, another version number: say so rather than "malformed". */
		size_t base = strcspn(header, " ") + 1;
		const char *v = line + base;
		if (strncmp(line, header, base) != 0 || *v == '\0' || strlen(v) > 4 ||
		    strspn(v, "0123456789") != strlen(v))
			return TC_EFORMAT;
		return TC_EVERSION;
	}
	for (size_t i = 0; i < f->n; i++)
		f->values[i] = NULL;
	for (line = next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next == NULL)
			return TC_EFORMAT; /* every line ends with a newline */
		*next++ = '\0';
		char *colon = strstr(line, ": ");
		if (colon == NULL)
			return TC_EFORMAT;
		*colon = '\0';
		size_t i;
		for (i = 0; i < f->n; i++)
			if (strcmp(line, f->names[i]) == 0)
				break;
		if (i == f->n || f->values[i] != NULL)
			return TC_EFORMAT; /* unknown or repeated */
		f->values[i] = colon + 2;
	}
	for (size_t i = 0; i < f->n; i++)
		if (f->values[i] == NULL && !(f->optional & (1u << i)))
			return TC_EFORMAT;
	return TC_OK;
}

static int copy_text(const char *text, size_t len, char **out)
{
	if (len == 0 || len >= KEY_FILE_MAX || memchr(text, '\0', len) != NULL)
		return TC_EFORMAT;
	char *c = sodium_malloc(len + 1);
	if (c == NULL)
		return TC_ENOMEM;
	memcpy(c, text, len);
	c[len] = '\0';
	*out = c;
	return TC_OK;
}

static int unit_id_ok(const char *u)
{
	size_t n = strlen(u);
	if (strcmp(u, "TTCP") == 0)
		return 1;
	return n == 5 && strncmp(u, "TT-", 3) == 0 && u[3] >= '0' && u[3] <= '9' && u[4] >= '0' &&
	       u[4] <= '9';
}

static int backup_name_ok(const char *name)
{
	return strcmp(name, CR_BACKUP_KEY_NAME) == 0;
}

/*
 * The two kinds of X25519 key files, one code path: a unit's key and the
 * operator's backup key differ only in their first lines and in the name
 * they carry (a unit id, or "backup"), so that neither loads as the other.
 */
struct x_kind {
	const char *secret_header, *public_header;
	const char *label;              /* the field naming the key: "unit" or "name" */
	int (*label_ok)(const char *label);
};
static const struct x_kind unit_kind = {UNIT_SECRET_HEADER, UNIT_PUBLIC_HEADER, "unit", unit_id_ok};
static const struct x_kind backup_kind = {BACKUP_SECRET_HEADER, BACKUP_PUBLIC_HEADER, "name",
					  backup_name_ok};

static void key_id_of(const uint8_t pk[CR_PK_BYTES], uint8_t id[CR_KEY_ID_BYTES])
{
	uint8_t h[32];
	crypto_generichash(h, sizeof(h), pk, CR_PK_BYTES, NULL, 0);
	memcpy(id, h, CR_KEY_ID_BYTES);
}

static int read_key_file(const char *path, char **text, size_t *len)
{
	char *buf = sodium_malloc(KEY_FILE_MAX + 1);
	if (buf == NULL)
		return TC_ENOMEM;
	int rc = cr_file_read_small(path, buf, KEY_FILE_MAX, len);
	if (rc != TC_OK) {
		sodium_free(buf);
		return rc;
	}
	*text = buf;
	return TC_OK;
}

/* ---- Unit keys ---- */

static int x_keygen(const struct x_kind *k, const char *unit, struct cr_unit_secret **out)
{
	if (unit == NULL || !k->label_ok(unit))
		return TC_EINVAL;
	struct cr_unit_secret *s = sodium_malloc(sizeof(*s));
	if (s == NULL)
		return TC_ENOMEM;
	memset(&s->pub, 0, sizeof(s->pub));
	snprintf(s->pub.unit, sizeof(s->pub.unit), "%s", unit);
	crypto_box_keypair(s->pub.pk, s->sk);
	key_id_of(s->pub.pk, s->pub.key_id);
	*out = s;
	return TC_OK;
}

int cr_unit_keygen(const char *unit, struct cr_unit_secret **out)
{
	return x_keygen(&unit_kind, unit, out);
}

int cr_backup_keygen(struct cr_unit_secret **out)
{
	return x_keygen(&backup_kind, CR_BACKUP_KEY_NAME, out);
}

const struct cr_unit_pub *cr_unit_secret_pub(const struct cr_unit_secret *sec)
{
	return &sec->pub;
}

void cr_unit_secret_free(struct cr_unit_secret *sec)
{
	if (sec)
		sodium_free(sec);
}

const uint8_t *cr_unit_secret_sk(const struct cr_unit_secret *sec)
{
	return sec->sk;
}

int cr_unit_secret_save(const struct cr_unit_secret *sec, const char *path)
{
	char id[2 * CR_KEY_ID_BYTES + 1], pk[65], sk[65];
	char *text = sodium_malloc(KEY_FILE_MAX);
	if (text == NULL)
		return TC_ENOMEM;
	sodium_bin2hex(id, sizeof(id), sec->pub.key_id, CR_KEY_ID_BYTES);
	sodium_bin2hex(pk, sizeof(pk), sec->pub.pk, CR_PK_BYTES);
	sodium_bin2hex(sk, sizeof(sk), sec->sk, sizeof(sec->sk));
	int n = snprintf(text, KEY_FILE_MAX,
			 UNIT_SECRET_HEADER "\nunit: %s\nkey-id: %s\nencryption: none\n"
					    "public: %s\nsecret: %s\n",
			 sec->pub.unit, id, pk, sk);
	int rc = cr_file_write_new(path, 0600, text, (size_t)n);
	sodium_memzero(sk, sizeof(sk));
	sodium_free(text);
	return rc;
}

static int x_pub_save(const struct x_kind *k, const struct cr_unit_pub *pub, const char *path)
{
	char id[2 * CR_KEY_ID_BYTES + 1], pk[65], text[512];
	sodium_bin2hex(id, sizeof(id), pub->key_id, CR_KEY_ID_BYTES);
	sodium_bin2hex(pk, sizeof(pk), pub->pk, CR_PK_BYTES);
	int n = snprintf(text, sizeof(text), "%s\n%s: %s\nkey-id: %s\npublic: %s\n",
			 k->public_header, k->label, pub->unit, id, pk);
	return cr_file_write_new(path, 0644, text, (size_t)n);
}

int cr_unit_pub_save(const struct cr_unit_pub *pub, const char *path)
{
	return x_pub_save(&unit_kind, pub, path);
}

int cr_backup_pub_save(const struct cr_unit_pub *pub, const char *path)
{
	return x_pub_save(&backup_kind, pub, path);
}

/* unit, key-id and public, checked against each other. */
static int parse_pub_fields(const struct x_kind *k, char *unit, char *key_id, char *public,
			    struct cr_unit_pub *out)
{
	if (!k->label_ok(unit))
		return TC_EFORMAT;
	struct cr_unit_pub p;
	memset(&p, 0, sizeof(p));
	memcpy(p.unit, unit, strlen(unit) + 1);
	uint8_t id[CR_KEY_ID_BYTES];
	if (cr_hex_decode(public, p.pk, CR_PK_BYTES) != TC_OK ||
	    cr_hex_decode(key_id, p.key_id, CR_KEY_ID_BYTES) != TC_OK)
		return TC_EFORMAT;
	key_id_of(p.pk, id);
	if (sodium_memcmp(id, p.key_id, CR_KEY_ID_BYTES) != 0)
		return TC_EFORMAT;
	*out = p;
	return TC_OK;
}

static int x_pub_parse(const struct x_kind *k, const char *text, size_t len,
		       struct cr_unit_pub *out)
{
	char *c;
	int rc = copy_text(text, len, &c);
	if (rc != TC_OK)
		return rc;
	struct fields f = {.names = {k->label, "key-id", "public"}, .n = 3};
	rc = parse_fields(c, k->public_header, &f);
	if (rc == TC_OK)
		rc = parse_pub_fields(k, f.values[0], f.values[1], f.values[2], out);
	sodium_free(c);
	return rc;
}

int cr_unit_pub_parse(const char *text, size_t len, struct cr_unit_pub *out)
{
	return x_pub_parse(&unit_kind, text, len, out);
}

int cr_backup_pub_parse(const char *text, size_t len, struct cr_unit_pub *out)
{
	return x_pub_parse(&backup_kind, text, len, out);
}

/* Argon2id bounds a key file may ask for: enough to be slow for a guesser, not a trap. */
#define KDF_OPS_MAX 10
#define KDF_MEM_MAX ((size_t)1 << 30)
#define SALT_LEN crypto_pwhash_SALTBYTES
#define SK_NONCE_LEN crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define SK_CT_LEN (crypto_box_SECRETKEYBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)

/* The associated data of an encrypted secret: the format line, the unit, the key id. */
static size_t secret_ad(const struct x_kind *k, const struct cr_unit_pub *pub, uint8_t ad[64])
{
	size_t n = strlen(k->secret_header), u = strlen(pub->unit);
	memcpy(ad, k->secret_header, n);
	memcpy(ad + n, pub->unit, u);
	memcpy(ad + n + u, pub->key_id, CR_KEY_ID_BYTES);
	return n + u + CR_KEY_ID_BYTES;
}

static int parse_ulong(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;
	if (*s == '\0' || strlen(s) > 12)
		return TC_EFORMAT;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return TC_EFORMAT;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (v > max)
		return TC_EFORMAT;
	*out = v;
	return TC_OK;
}

enum { F_UNIT, F_KEYID, F_ENC, F_PUBLIC, F_SECRET, F_SALT, F_OPS, F_MEM, F_NONCE, F_COUNT };

static int x_secret_parse_pass(const struct x_kind *k, const char *text, size_t len,
			      const char *pass, size_t pass_len, struct cr_unit_secret **out)
{
	char *c;
	int rc = copy_text(text, len, &c);
	if (rc != TC_OK)
		return rc;
	struct cr_unit_secret *s = sodium_malloc(sizeof(*s));
	uint8_t *key = sodium_malloc(32);
	struct fields f = {.names = {k->label, "key-id", "encryption", "public", "secret", "kdf-salt",
				     "kdf-opslimit", "kdf-memlimit", "nonce"},
			   .n = F_COUNT,
			   .optional = 1u << F_SALT | 1u << F_OPS | 1u << F_MEM | 1u << F_NONCE};
	if (s == NULL || key == NULL) {
		rc = TC_ENOMEM;
		goto out;
	}
	rc = parse_fields(c, k->secret_header, &f);
	if (rc != TC_OK)
		goto out;
	rc = parse_pub_fields(k, f.values[F_UNIT], f.values[F_KEYID], f.values[F_PUBLIC], &s->pub);
	if (rc != TC_OK)
		goto out;
	int kdf_fields = !!f.values[F_SALT] + !!f.values[F_OPS] + !!f.values[F_MEM] +
			 !!f.values[F_NONCE];
	if (strcmp(f.values[F_ENC], "none") == 0) {
		rc = kdf_fields ? TC_EFORMAT : cr_hex_decode(f.values[F_SECRET], s->sk, sizeof(s->sk));
	} else if (strcmp(f.values[F_ENC], "argon2id") == 0) {
		uint8_t salt[SALT_LEN], nonce[SK_NONCE_LEN], ct[SK_CT_LEN], ad[64];
		unsigned long long ops, mem;
		rc = kdf_fields != 4 ? TC_EFORMAT : TC_OK;
		if (rc == TC_OK)
			rc = cr_hex_decode(f.values[F_SALT], salt, sizeof(salt));
		if (rc == TC_OK)
			rc = cr_hex_decode(f.values[F_NONCE], nonce, sizeof(nonce));
		if (rc == TC_OK)
			rc = cr_hex_decode(f.values[F_SECRET], ct, sizeof(ct));
		if (rc == TC_OK)
			rc = parse_ulong(f.values[F_OPS], KDF_OPS_MAX, &ops);
		if (rc == TC_OK)
			rc = parse_ulong(f.values[F_MEM], KDF_MEM_MAX, &mem);
		if (rc == TC_OK && (ops < crypto_pwhash_OPSLIMIT_MIN || mem < crypto_pwhash_MEMLIMIT_MIN))
			rc = TC_EFORMAT;
		if (rc == TC_OK && pass == NULL)
			rc = TC_ELOCKED;
		if (rc == TC_OK && crypto_pwhash(key, 32, pass, pass_len, salt, ops, (size_t)mem,
						 crypto_pwhash_ALG_ARGON2ID13) != 0)
			rc = TC_ENOMEM;
		if (rc == TC_OK) {
			size_t adl = secret_ad(k, &s->pub, ad);
			/* Nothing is written to s->sk unless the passphrase is right. */
			if (crypto_aead_xchacha20poly1305_ietf_decrypt(s->sk, NULL, NULL, ct, sizeof(ct),
								       ad, adl, nonce, key) != 0)
				rc = TC_ECRYPTO;
		}
	} else {
		rc = TC_EVERSION; /* a scheme this version does not know */
	}
	if (rc != TC_OK)
		goto out;
	/* The secret key must be the public key's. */
	uint8_t derived[CR_PK_BYTES];
	crypto_scalarmult_base(derived, s->sk);
	if (sodium_memcmp(derived, s->pub.pk, CR_PK_BYTES) != 0) {
		rc = TC_EFORMAT;
		goto out;
	}
	*out = s;
	s = NULL;
out:
	if (s)
		sodium_free(s);
	if (key)
		sodium_free(key);
	sodium_free(c);
	return rc;
}

int cr_unit_secret_parse_pass(const char *text, size_t len, const char *pass, size_t pass_len,
			      struct cr_unit_secret **out)
{
	return x_secret_parse_pass(&unit_kind, text, len, pass, pass_len, out);
}

int cr_backup_secret_parse_pass(const char *text, size_t len, const char *pass, size_t pass_len,
				struct cr_unit_secret **out)
{
	return x_secret_parse_pass(&backup_kind, text, len, pass, pass_len, out);
}

int cr_unit_secret_parse(const char *text, size_t len, struct cr_unit_secret **out)
{
	return cr_unit_secret_parse_pass(text, len, NULL, 0, out);
}

static int x_secret_save_protected(const struct x_kind *k, const struct cr_unit_secret *sec,
				   const char *path, const char *pass, size_t pass_len,
				   enum cr_kdf_strength strength)
{
	unsigned long long ops = strength == CR_KDF_MODERATE ? crypto_pwhash_OPSLIMIT_MODERATE
							     : crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t mem = strength == CR_KDF_MODERATE ? crypto_pwhash_MEMLIMIT_MODERATE
						 : crypto_pwhash_MEMLIMIT_INTERACTIVE;
	uint8_t salt[SALT_LEN], nonce[SK_NONCE_LEN], ct[SK_CT_LEN], ad[64];
	char salt_hex[2 * SALT_LEN + 1], nonce_hex[2 * SK_NONCE_LEN + 1], ct_hex[2 * SK_CT_LEN + 1];
	char id[2 * CR_KEY_ID_BYTES + 1], pk[65];
	uint8_t *key = sodium_malloc(32);
	char *text = sodium_malloc(KEY_FILE_MAX);
	int rc = TC_ENOMEM;
	if (key == NULL || text == NULL)
		goto out;
	randombytes_buf(salt, sizeof(salt));
	randombytes_buf(nonce, sizeof(nonce));
	if (crypto_pwhash(key, 32, pass, pass_len, salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		goto out;
	size_t adl = secret_ad(k, &sec->pub, ad);
	crypto_aead_xchacha20poly1305_ietf_encrypt(ct, NULL, sec->sk, sizeof(sec->sk), ad, adl, NULL,
						   nonce, key);
	sodium_bin2hex(salt_hex, sizeof(salt_hex), salt, sizeof(salt));
	sodium_bin2hex(nonce_hex, sizeof(nonce_hex), nonce, sizeof(nonce));
	sodium_bin2hex(ct_hex, sizeof(ct_hex), ct, sizeof(ct));
	sodium_bin2hex(id, sizeof(id), sec->pub.key_id, CR_KEY_ID_BYTES);
	sodium_bin2hex(pk, sizeof(pk), sec->pub.pk, CR_PK_BYTES);
	int n = snprintf(text, KEY_FILE_MAX,
			 "%s\n%s: %s\nkey-id: %s\nencryption: argon2id\n"
			 "public: %s\nkdf-salt: %s\nkdf-opslimit: %llu\n"
			 "kdf-memlimit: %zu\nnonce: %s\nsecret: %s\n",
			 k->secret_header, k->label, sec->pub.unit, id, pk, salt_hex, ops, mem,
			 nonce_hex, ct_hex);
	rc = cr_file_write_new(path, 0600, text, (size_t)n);
out:
	if (key)
		sodium_free(key);
	if (text)
		sodium_free(text);
	return rc;
}

int cr_unit_secret_save_protected(const struct cr_unit_secret *sec, const char *path,
				  const char *pass, size_t pass_len, enum cr_kdf_strength strength)
{
	return x_secret_save_protected(&unit_kind, sec, path, pass, pass_len, strength);
}

int cr_backup_secret_save_protected(const struct cr_unit_secret *sec, const char *path,
				    const char *pass, size_t pass_len,
				    enum cr_kdf_strength strength)
{
	return x_secret_save_protected(&backup_kind, sec, path, pass, pass_len, strength);
}

static int x_secret_load_pass(const struct x_kind *k, const char *path, const char *pass,
			      size_t pass_len, struct cr_unit_secret **out)
{
	char *text;
	size_t len;
	int rc = read_key_file(path, &text, &len);
	if (rc != TC_OK)
		return rc;
	rc = x_secret_parse_pass(k, text, len, pass, pass_len, out);
	sodium_free(text);
	return rc;
}

int cr_unit_secret_load_pass(const char *path, const char *pass, size_t pass_len,
			     struct cr_unit_secret **out)
{
	return x_secret_load_pass(&unit_kind, path, pass, pass_len, out);
}

int cr_backup_secret_load_pass(const char *path, const char *pass, size_t pass_len,
			       struct cr_unit_secret **out)
{
	return x_secret_load_pass(&backup_kind, path, pass, pass_len, out);
}

static int x_pub_load(const struct x_kind *k, const char *path, struct cr_unit_pub *out)
{
	char *text;
	size_t len;
	int rc = read_key_file(path, &text, &len);
	if (rc != TC_OK)
		return rc;
	rc = x_pub_parse(k, text, len, out);
	sodium_free(text);
	return rc;
}

int cr_unit_pub_load(const char *path, struct cr_unit_pub *out)
{
	return x_pub_load(&unit_kind, path, out);
}

int cr_backup_pub_load(const char *path, struct cr_unit_pub *out)
{
	return x_pub_load(&backup_kind, path, out);
}

int cr_unit_secret_load(const char *path, struct cr_unit_secret **out)
{
	char *text;
	size_t len;
	int rc = read_key_file(path, &text, &len);
	if (rc != TC_OK)
		return rc;
	rc = cr_unit_secret_parse(text, len, out);
	sodium_free(text);
	return rc;
}

/* ---- Signers ---- */

static int role_ok(const char *role)
{
	return strcmp(role, "inspector") == 0 || strcmp(role, "monitor") == 0;
}

static int scope_ok(const char *role, const char *scope)
{
	if (strcmp(role, "inspector") == 0)
		return unit_id_ok(scope);
	/* A monitor sees the nation or one province (two digits). */
	return strcmp(scope, "national") == 0 ||
	       (strlen(scope) == 2 && scope[0] >= '0' && scope[0] <= '9' && scope[1] >= '0' &&
		scope[1] <= '9');
}

int cr_signer_keygen(const char *role, const char *scope, struct cr_signer **out)
{
	if (role == NULL || scope == NULL || !role_ok(role) || !scope_ok(role, scope))
		return TC_EINVAL;
	struct cr_signer *s = sodium_malloc(sizeof(*s));
	if (s == NULL)
		return TC_ENOMEM;
	snprintf(s->role, sizeof(s->role), "%s", role);
	snprintf(s->scope, sizeof(s->scope), "%s", scope);
	crypto_sign_keypair(s->pk, s->sk);
	*out = s;
	return TC_OK;
}

void cr_signer_free(struct cr_signer *s)
{
	if (s)
		sodium_free(s);
}

const char *cr_signer_role(const struct cr_signer *s) { return s->role; }
const char *cr_signer_scope(const struct cr_signer *s) { return s->scope; }

void cr_signer_pk(const struct cr_signer *s, uint8_t pk[CR_SIGN_PK_BYTES])
{
	memcpy(pk, s->pk, CR_SIGN_PK_BYTES);
}

int cr_signer_save(const struct cr_signer *s, const char *secret_path, const char *public_path)
{
	char pk[65], sk[129];
	char *text = sodium_malloc(KEY_FILE_MAX);
	if (text == NULL)
		return TC_ENOMEM;
	sodium_bin2hex(pk, sizeof(pk), s->pk, sizeof(s->pk));
	sodium_bin2hex(sk, sizeof(sk), s->sk, sizeof(s->sk));
	int n = snprintf(text, KEY_FILE_MAX,
			 SIGNER_SECRET_HEADER "\nrole: %s\nscope: %s\nencryption: none\n"
					      "public: %s\nsecret: %s\n",
			 s->role, s->scope, pk, sk);
	int rc = cr_file_write_new(secret_path, 0600, text, (size_t)n);
	sodium_memzero(sk, sizeof(sk));
	if (rc == TC_OK) {
		n = snprintf(text, KEY_FILE_MAX, SIGNER_PUBLIC_HEADER "\nrole: %s\nscope: %s\npublic: %s\n",
			     s->role, s->scope, pk);
		rc = cr_file_write_new(public_path, 0644, text, (size_t)n);
	}
	sodium_free(text);
	return rc;
}

/* ---- Signers' secret files: version 1 unprotected, version 2 under a passphrase ---- */

#define SIGNER_SECRET_HEADER_V2 "tocao-signer-secret-key 2"
#define SEED_CT_LEN (crypto_sign_SEEDBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
#define PASS_CAP 1024

static cr_pass_ask_fn pass_ask;
static cr_pass_notice_fn pass_notice;
static void *pass_arg;

void cr_set_passphrase_source(cr_pass_ask_fn ask, cr_pass_notice_fn unprotected, void *arg)
{
	pass_ask = ask;
	pass_notice = unprotected;
	pass_arg = arg;
}

/* The associated data of a protected seed: the format line, role, scope (each NUL-ended), key. */
static size_t signer_ad(const struct cr_signer *s, uint8_t ad[128])
{
	size_t n = sizeof(SIGNER_SECRET_HEADER_V2), r = strlen(s->role) + 1, c = strlen(s->scope) + 1;
	memcpy(ad, SIGNER_SECRET_HEADER_V2, n);
	memcpy(ad + n, s->role, r);
	memcpy(ad + n + r, s->scope, c);
	memcpy(ad + n + r + c, s->pk, sizeof(s->pk));
	return n + r + c + sizeof(s->pk);
}

/* The secret key must be seed || public, and the seed must derive public. */
static int signer_check(const struct cr_signer *s)
{
	if (sodium_memcmp(s->sk + 32, s->pk, 32) != 0)
		return TC_EFORMAT;
	uint8_t pk2[crypto_sign_PUBLICKEYBYTES], sk2[crypto_sign_SECRETKEYBYTES];
	crypto_sign_seed_keypair(pk2, sk2, s->sk);
	int rc = sodium_memcmp(pk2, s->pk, sizeof(pk2)) == 0 ? TC_OK : TC_EFORMAT;
	sodium_memzero(sk2, sizeof(sk2));
	return rc;
}

static int signer_names(struct cr_signer *s, const char *role, const char *scope)
{
	if (!role_ok(role) || !scope_ok(role, scope))
		return TC_EFORMAT;
	snprintf(s->role, sizeof(s->role), "%s", role);
	snprintf(s->scope, sizeof(s->scope), "%s", scope);
	return TC_OK;
}

/* Version 1: role, scope, encryption (none), public, secret. */
static int signer_v1(char *c, struct cr_signer *s)
{
	struct fields f = {.names = {"role", "scope", "encryption", "public", "secret"}, .n = 5};
	int rc = parse_fields(c, SIGNER_SECRET_HEADER, &f);
	if (rc == TC_OK && strcmp(f.values[2], "none") != 0)
		rc = TC_EVERSION;
	if (rc == TC_OK)
		rc = signer_names(s, f.values[0], f.values[1]);
	if (rc == TC_OK)
		rc = cr_hex_decode(f.values[3], s->pk, sizeof(s->pk));
	if (rc == TC_OK)
		rc = cr_hex_decode(f.values[4], s->sk, sizeof(s->sk));
	return rc == TC_OK ? signer_check(s) : rc;
}

enum { S_ROLE, S_SCOPE, S_ENC, S_PUBLIC, S_SALT, S_OPS, S_MEM, S_NONCE, S_SECRET, S_COUNT };

/* Derive the key from pass and open the seed into s->sk (nothing written if wrong). */
static int signer_open_seed(struct cr_signer *s, char **v, const char *pass, size_t pass_len)
{
	uint8_t salt[SALT_LEN], nonce[SK_NONCE_LEN], ct[SEED_CT_LEN], ad[128];
	unsigned long long ops = 0, mem = 0;
	int rc = cr_hex_decode(v[S_SALT], salt, sizeof(salt));
	if (rc == TC_OK)
		rc = cr_hex_decode(v[S_NONCE], nonce, sizeof(nonce));
	if (rc == TC_OK)
		rc = cr_hex_decode(v[S_SECRET], ct, sizeof(ct));
	if (rc == TC_OK)
		rc = parse_ulong(v[S_OPS], KDF_OPS_MAX, &ops);
	if (rc == TC_OK)
		rc = parse_ulong(v[S_MEM], KDF_MEM_MAX, &mem);
	if (rc == TC_OK && (ops < crypto_pwhash_OPSLIMIT_MIN || mem < crypto_pwhash_MEMLIMIT_MIN))
		rc = TC_EFORMAT;
	if (rc == TC_OK && pass == NULL)
		rc = TC_ELOCKED;
	if (rc != TC_OK)
		return rc;
	uint8_t *key = sodium_malloc(32), *seed = sodium_malloc(crypto_sign_SEEDBYTES);
	rc = key && seed ? TC_OK : TC_ENOMEM;
	if (rc == TC_OK && crypto_pwhash(key, 32, pass, pass_len, salt, ops, (size_t)mem,
					 crypto_pwhash_ALG_ARGON2ID13) != 0)
		rc = TC_ENOMEM;
	size_t adl = signer_ad(s, ad);
	if (rc == TC_OK && crypto_aead_xchacha20poly1305_ietf_decrypt(
				   seed, NULL, NULL, ct, sizeof(ct), ad, adl, nonce, key) != 0)
		rc = TC_ECRYPTO;
	if (rc == TC_OK) {
		uint8_t pk2[crypto_sign_PUBLICKEYBYTES];
		crypto_sign_seed_keypair(pk2, s->sk, seed);
		if (sodium_memcmp(pk2, s->pk, sizeof(pk2)) != 0)
			rc = TC_EFORMAT;
	}
	if (key)
		sodium_free(key);
	if (seed)
		sodium_free(seed);
	return rc;
}

/* Version 2: the seed under Argon2id + XChaCha20-Poly1305. */
static int signer_v2(char *c, struct cr_signer *s, const char *pass, size_t pass_len)
{
	struct fields f = {.names = {"role", "scope", "encryption", "public", "kdf-salt",
				     "kdf-opslimit", "kdf-memlimit", "nonce", "secret"},
			   .n = S_COUNT};
	int rc = parse_fields(c, SIGNER_SECRET_HEADER_V2, &f);
	if (rc == TC_OK && strcmp(f.values[S_ENC], "argon2id") != 0)
		rc = TC_EVERSION;
	if (rc == TC_OK)
		rc = signer_names(s, f.values[S_ROLE], f.values[S_SCOPE]);
	if (rc == TC_OK)
		rc = cr_hex_decode(f.values[S_PUBLIC], s->pk, sizeof(s->pk));
	if (rc == TC_OK)
		rc = signer_open_seed(s, f.values, pass, pass_len);
	return rc;
}

int cr_signer_parse_pass(const char *text, size_t len, const char *pass, size_t pass_len,
			 struct cr_signer **out)
{
	char *c = NULL;
	struct cr_signer *s = sodium_malloc(sizeof(*s));
	int rc = s ? copy_text(text, len, &c) : TC_ENOMEM;
	if (rc == TC_OK) {
		size_t h2 = strlen(SIGNER_SECRET_HEADER_V2);
		if (strncmp(c, SIGNER_SECRET_HEADER_V2 "\n", h2 + 1) == 0)
			rc = signer_v2(c, s, pass, pass_len);
		else
			rc = signer_v1(c, s);
	}
	if (c)
		sodium_free(c);
	if (rc != TC_OK) {
		if (s)
			sodium_free(s);
		return rc;
	}
	*out = s;
	return TC_OK;
}

int cr_signer_load_pass(const char *secret_path, const char *pass, size_t pass_len,
			struct cr_signer **out)
{
	char *text;
	size_t len;
	int rc = read_key_file(secret_path, &text, &len);
	if (rc != TC_OK)
		return rc;
	rc = cr_signer_parse_pass(text, len, pass, pass_len, out);
	sodium_free(text);
	return rc;
}

/* Ask the passphrase source until a passphrase opens text or it gives up. */
static int signer_ask(const char *path, const char *text, size_t len, struct cr_signer **out)
{
	char *pass = sodium_malloc(PASS_CAP);
	if (pass == NULL)
		return TC_ENOMEM;
	int rc = TC_ELOCKED;
	for (int attempt = 0;; attempt++) {
		size_t pl = 0;
		if (pass_ask(pass_arg, path, attempt, pass, PASS_CAP, &pl) != 0 || pl >= PASS_CAP)
			break;
		rc = cr_signer_parse_pass(text, len, pass, pl, out);
		sodium_memzero(pass, PASS_CAP);
		if (rc != TC_ECRYPTO)
			break;
	}
	sodium_free(pass);
	return rc;
}

int cr_signer_load(const char *secret_path, struct cr_signer **out)
{
	char *text;
	size_t len;
	int rc = read_key_file(secret_path, &text, &len);
	if (rc != TC_OK)
		return rc;
	rc = cr_signer_parse_pass(text, len, NULL, 0, out);
	if (rc == TC_OK && pass_notice != NULL)
		pass_notice(pass_arg, secret_path); /* without a passphrase: version 1 */
	else if (rc == TC_ELOCKED && pass_ask != NULL)
		rc = signer_ask(secret_path, text, len, out);
	sodium_free(text);
	return rc;
}

int cr_signer_file_protected(const char *path)
{
	char *text;
	size_t len;
	int rc = read_key_file(path, &text, &len);
	if (rc != TC_OK)
		return rc;
	if (strncmp(text, SIGNER_SECRET_HEADER_V2 "\n", strlen(SIGNER_SECRET_HEADER_V2) + 1) == 0)
		rc = 1;
	else if (strncmp(text, SIGNER_SECRET_HEADER "\n", strlen(SIGNER_SECRET_HEADER) + 1) == 0)
		rc = 0;
	else
		rc = TC_EFORMAT;
	sodium_free(text);
	return rc;
}

static void kdf_limits(enum cr_kdf_strength strength, unsigned long long *ops, size_t *mem)
{
	*ops = strength == CR_KDF_MODERATE ? crypto_pwhash_OPSLIMIT_MODERATE
					   : crypto_pwhash_OPSLIMIT_INTERACTIVE;
	*mem = strength == CR_KDF_MODERATE ? crypto_pwhash_MEMLIMIT_MODERATE
					   : crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

/* The version 2 text of s into text (KEY_FILE_MAX); its length, or a TC_E* code. */
static int signer_v2_text(const struct cr_signer *s, const char *pass, size_t pass_len,
			  enum cr_kdf_strength strength, char *text)
{
	unsigned long long ops;
	size_t mem;
	kdf_limits(strength, &ops, &mem);
	uint8_t salt[SALT_LEN], nonce[SK_NONCE_LEN], ct[SEED_CT_LEN], ad[128];
	char salt_hex[2 * SALT_LEN + 1], nonce_hex[2 * SK_NONCE_LEN + 1], ct_hex[2 * SEED_CT_LEN + 1];
	char pk[65];
	uint8_t *key = sodium_malloc(32);
	if (key == NULL)
		return TC_ENOMEM;
	randombytes_buf(salt, sizeof(salt));
	randombytes_buf(nonce, sizeof(nonce));
	if (crypto_pwhash(key, 32, pass, pass_len, salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
		sodium_free(key);
		return TC_ENOMEM;
	}
	size_t adl = signer_ad(s, ad);
	crypto_aead_xchacha20poly1305_ietf_encrypt(ct, NULL, s->sk, crypto_sign_SEEDBYTES, ad, adl,
						   NULL, nonce, key);
	sodium_free(key);
	sodium_bin2hex(salt_hex, sizeof(salt_hex), salt, sizeof(salt));
	sodium_bin2hex(nonce_hex, sizeof(nonce_hex), nonce, sizeof(nonce));
	sodium_bin2hex(ct_hex, sizeof(ct_hex), ct, sizeof(ct));
	sodium_bin2hex(pk, sizeof(pk), s->pk, sizeof(s->pk));
	return snprintf(text, KEY_FILE_MAX,
			SIGNER_SECRET_HEADER_V2 "\nrole: %s\nscope: %s\nencryption: argon2id\n"
						"public: %s\nkdf-salt: %s\nkdf-opslimit: %llu\n"
						"kdf-memlimit: %zu\nnonce: %s\nsecret: %s\n",
			s->role, s->scope, pk, salt_hex, ops, mem, nonce_hex, ct_hex);
}

int cr_signer_save_protected(const struct cr_signer *s, const char *secret_path,
			     const char *public_path, const char *pass, size_t pass_len,
			     enum cr_kdf_strength strength)
{
	char *text = sodium_malloc(KEY_FILE_MAX);
	if (text == NULL)
		return TC_ENOMEM;
	int n = signer_v2_text(s, pass, pass_len, strength, text);
	int rc = n < 0 ? n : cr_file_write_new(secret_path, 0600, text, (size_t)n);
	if (rc == TC_OK && public_path != NULL) {
		char pk[65];
		sodium_bin2hex(pk, sizeof(pk), s->pk, sizeof(s->pk));
		n = snprintf(text, KEY_FILE_MAX, SIGNER_PUBLIC_HEADER "\nrole: %s\nscope: %s\npublic: %s\n",
			     s->role, s->scope, pk);
		rc = cr_file_write_new(public_path, 0644, text, (size_t)n);
	}
	sodium_free(text);
	return rc;
}

int cr_signer_pub_parse(const char *text, size_t len, struct cr_signer_pub *out)
{
	char *c;
	int rc = copy_text(text, len, &c);
	if (rc != TC_OK)
		return rc;
	struct fields f = {.names = {"role", "scope", "public"}, .n = 3};
	rc = parse_fields(c, SIGNER_PUBLIC_HEADER, &f);
	if (rc == TC_OK && (!role_ok(f.values[0]) || !scope_ok(f.values[0], f.values[1])))
		rc = TC_EFORMAT;
	if (rc == TC_OK) {
		memset(out, 0, sizeof(*out));
		snprintf(out->role, sizeof(out->role), "%s", f.values[0]);
		snprintf(out->scope, sizeof(out->scope), "%s", f.values[1]);
		rc = cr_hex_decode(f.values[2], out->pk, sizeof(out->pk));
	}
	sodium_free(c);
	return rc;
}

int cr_signer_pub_load(const char *path, struct cr_signer_pub *out)
{
	char *text;
	size_t len;
	int rc = read_key_file(path, &text, &len);
	if (rc != TC_OK)
		return rc;
	rc = cr_signer_pub_parse(text, len, out);
	sodium_free(text);
	return rc;
}

void cr_signer_sign(const struct cr_signer *s, const uint8_t *msg, size_t len,
		    uint8_t sig[CR_SIG_BYTES])
{
	crypto_sign_detached(sig, NULL, msg, len, s->sk);
}

int cr_sign_verify(const uint8_t pk[CR_SIGN_PK_BYTES], const uint8_t *msg, size_t len,
		   const uint8_t sig[CR_SIG_BYTES])
{
	return crypto_sign_verify_detached(sig, msg, len, pk) == 0 ? TC_OK : TC_ECRYPTO;
}

void cr_session_signed_message(const uint8_t challenge[CR_SESSION_CHALLENGE_BYTES],
			       const uint8_t pk[CR_SIGN_PK_BYTES],
			       uint8_t out[CR_SESSION_SIGNED_BYTES])
{
	memcpy(out, CR_SESSION_CONTEXT, sizeof(CR_SESSION_CONTEXT));
	memcpy(out + sizeof(CR_SESSION_CONTEXT), challenge, CR_SESSION_CHALLENGE_BYTES);
	memcpy(out + sizeof(CR_SESSION_CONTEXT) + CR_SESSION_CHALLENGE_BYTES, pk, CR_SIGN_PK_BYTES);
}

int cr_unit_open_sealed(const struct cr_unit_secret *sec, const uint8_t *sealed, size_t len,
			uint8_t *out)
{
	if (len < crypto_box_SEALBYTES)
		return TC_EFORMAT;
	return crypto_box_seal_open(out, sealed, len, sec->pub.pk, sec->sk) == 0 ? TC_OK
										  : TC_ECRYPTO;
}

int cr_unit_secret_peek(const char *path, struct cr_unit_pub *out)
{
	char *text, *c = NULL;
	size_t len;
	int rc = read_key_file(path, &text, &len);
	if (rc != TC_OK)
		return rc;
	struct fields f = {.names = {"unit", "key-id", "encryption", "public", "secret", "kdf-salt",
				     "kdf-opslimit", "kdf-memlimit", "nonce"},
			   .n = F_COUNT,
			   .optional = 1u << F_SALT | 1u << F_OPS | 1u << F_MEM | 1u << F_NONCE};
	rc = copy_text(text, len, &c);
	if (rc == TC_OK)
		rc = parse_fields(c, UNIT_SECRET_HEADER, &f);
	if (rc == TC_OK)
		rc = parse_pub_fields(&unit_kind, f.values[F_UNIT], f.values[F_KEYID],
				      f.values[F_PUBLIC], out);
	if (c)
		sodium_free(c);
	sodium_free(text);
	return rc;
}

/* ---- Unit keys wrapped for an inspector ---- */

#define WRAPPED_HEADER "tocao-wrapped-unit-key 1"
#define WRAPPED_LEN (crypto_box_SECRETKEYBYTES + crypto_box_SEALBYTES)

int cr_unit_wrap_save(const struct cr_unit_secret *unit, const struct cr_signer *inspector,
		      const char *path)
{
	uint8_t xpk[crypto_box_PUBLICKEYBYTES], wrapped[WRAPPED_LEN];
	if (crypto_sign_ed25519_pk_to_curve25519(xpk, inspector->pk) != 0 ||
	    crypto_box_seal(wrapped, unit->sk, sizeof(unit->sk), xpk) != 0)
		return TC_ECRYPTO;
	char id[2 * CR_KEY_ID_BYTES + 1], pk[65], ipk[65], w[2 * WRAPPED_LEN + 1], text[1024];
	sodium_bin2hex(id, sizeof(id), unit->pub.key_id, CR_KEY_ID_BYTES);
	sodium_bin2hex(pk, sizeof(pk), unit->pub.pk, CR_PK_BYTES);
	sodium_bin2hex(ipk, sizeof(ipk), inspector->pk, sizeof(inspector->pk));
	sodium_bin2hex(w, sizeof(w), wrapped, sizeof(wrapped));
	int n = snprintf(text, sizeof(text),
			 WRAPPED_HEADER "\nunit: %s\nkey-id: %s\npublic: %s\ninspector: %s\n"
					"wrapped: %s\n",
			 unit->pub.unit, id, pk, ipk, w);
	return cr_file_write_new(path, 0600, text, (size_t)n);
}

int cr_key_file_is_wrapped(const char *path)
{
	char line[64] = "";
	FILE *f = fopen(path, "re");
	if (f == NULL)
		return 0;
	int yes = fgets(line, sizeof(line), f) != NULL &&
		  strncmp(line, WRAPPED_HEADER "\n", strlen(WRAPPED_HEADER) + 1) == 0;
	fclose(f);
	return yes;
}

int cr_unit_unwrap_load(const char *path, const struct cr_signer *inspector,
			struct cr_unit_secret **out)
{
	char *text, *c = NULL;
	size_t len;
	int rc = read_key_file(path, &text, &len);
	if (rc != TC_OK)
		return rc;
	struct cr_unit_secret *s = sodium_malloc(sizeof(*s));
	uint8_t *xsk = sodium_malloc(crypto_box_SECRETKEYBYTES);
	struct fields f = {.names = {"unit", "key-id", "public", "inspector", "wrapped"}, .n = 5};
	uint8_t ipk[crypto_sign_PUBLICKEYBYTES], wrapped[WRAPPED_LEN], xpk[crypto_box_PUBLICKEYBYTES];
	rc = s && xsk ? copy_text(text, len, &c) : TC_ENOMEM;
	if (rc == TC_OK)
		rc = parse_fields(c, WRAPPED_HEADER, &f);
	if (rc == TC_OK)
		rc = parse_pub_fields(&unit_kind, f.values[0], f.values[1], f.values[2], &s->pub);
	if (rc == TC_OK)
		rc = cr_hex_decode(f.values[3], ipk, sizeof(ipk));
	if (rc == TC_OK)
		rc = cr_hex_decode(f.values[4], wrapped, sizeof(wrapped));
	/* Wrapped for this inspector, or not for us at all. */
	if (rc == TC_OK && sodium_memcmp(ipk, inspector->pk, sizeof(ipk)) != 0)
		rc = TC_ECRYPTO;
	if (rc == TC_OK && (crypto_sign_ed25519_sk_to_curve25519(xsk, inspector->sk) != 0 ||
			    crypto_sign_ed25519_pk_to_curve25519(xpk, inspector->pk) != 0 ||
			    crypto_box_seal_open(s->sk, wrapped, sizeof(wrapped), xpk, xsk) != 0))
		rc = TC_ECRYPTO;
	if (rc == TC_OK) {
		uint8_t derived[CR_PK_BYTES];
		crypto_scalarmult_base(derived, s->sk);
		if (sodium_memcmp(derived, s->pub.pk, CR_PK_BYTES) != 0)
			rc = TC_EFORMAT;
	}
	if (c)
		sodium_free(c);
	sodium_free(text);
	if (xsk)
		sodium_free(xsk);
	if (rc != TC_OK) {
		if (s)
			sodium_free(s);
		return rc;
	}
	*out = s;
	return TC_OK;
}
