/*
 * cr_core.c - identifiers, receipts, the server key and its keyed hashes,
 * and the reporter's receipt-derived key pair (docs/FORMAT.md).
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cr.h"
#include "cr_internal.h"

/* Crockford's base32: no I, L, O, U (easy to read aloud and to copy). */
static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int cr_init(void)
{
	return sodium_init() < 0 ? TC_EIO : TC_OK;
}

void cr_random(uint8_t *out, size_t n)
{
	randombytes_buf(out, n);
}

int cr_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}

/*
 * n symbols of 5 uniformly random bits each, cut in order from one draw of
 * random bytes (5-bit groups of uniform bits are uniform: no modulo bias),
 * so a receipt costs one getrandom() rather than one per symbol. Symbol i
 * is bits 5i..5i+4 of the draw read as a little-endian bit string.
 */
static void random_symbols(char *out, size_t n)
{
	uint8_t bits[16];
	size_t need = (n * 5 + 7) / 8;
	if (need > sizeof(bits))
		need = sizeof(bits); /* n <= 25, enforced by the callers' sizes */
	randombytes_buf(bits, need);
	for (size_t i = 0; i < n; i++) {
		size_t bit = i * 5, byte = bit / 8, shift = bit % 8;
		unsigned v = bits[byte] | (byte + 1 < need ? (unsigned)bits[byte + 1] << 8 : 0u);
		out[i] = crockford[(v >> shift) & 31];
	}
	sodium_memzero(bits, sizeof(bits));
}

void cr_case_id_new(char out[CR_CASE_ID_LEN + 1])
{
	random_symbols(out, CR_CASE_ID_LEN);
	out[CR_CASE_ID_LEN] = '\0';
}

int cr_case_id_is_valid(const char *s)
{
	if (s == NULL || strlen(s) != CR_CASE_ID_LEN)
		return 0;
	for (size_t i = 0; i < CR_CASE_ID_LEN; i++)
		if (s[i] == '\0' || strchr(crockford, s[i]) == NULL)
			return 0;
	return 1;
}

/* 20 symbols as XXXX-XXXX-XXXX-XXXX-XXXX. */
static void format_receipt(const char sym[20], char out[CR_RECEIPT_LEN + 1])
{
	size_t o = 0;
	for (size_t i = 0; i < 20; i++) {
		if (i && i % 4 == 0)
			out[o++] = '-';
		out[o++] = sym[i];
	}
	out[o] = '\0';
}

void cr_receipt_new(char out[CR_RECEIPT_LEN + 1])
{
	char sym[20];
	random_symbols(sym, sizeof(sym));
	format_receipt(sym, out);
	sodium_memzero(sym, sizeof(sym));
}

/*
 * Branch-free helpers for the receipt, a secret: masks are all ones
 * (true) or zero (false), computed without data-dependent branches or
 * table look-ups, so normalising costs the same for every input of a
 * given length.
 */
static unsigned ct_eq(unsigned a, unsigned b) /* a, b < 256 */
{
	return 0u - (((a ^ b) - 1u) >> 31);
}

static unsigned ct_in(unsigned c, unsigned lo, unsigned hi) /* c, lo, hi < 256 */
{
	return 0u - ((((c - lo) | (hi - c)) >> 31) ^ 1u);
}

static unsigned ct_sel(unsigned mask, unsigned a, unsigned b)
{
	return (mask & a) | (~mask & b);
}

/* A receipt as the functions deriving keys from it expect: canonical form. */
static int receipt_is_canonical(const char r[CR_RECEIPT_LEN + 1])
{
	unsigned bad = 0;
	for (size_t i = 0; i < CR_RECEIPT_LEN; i++) {
		unsigned c = (unsigned char)r[i], sym = 0;
		for (size_t k = 0; k < 32; k++)
			sym |= ct_eq(c, (unsigned char)crockford[k]);
		bad |= i % 5 == 4 ? ~ct_eq(c, '-') : ~sym;
	}
	return !(bad & 1u) && r[CR_RECEIPT_LEN] == '\0';
}

int cr_receipt_normalize(const char *in, size_t len, char out[CR_RECEIPT_LEN + 1])
{
	/* 20 symbols and a scratch slot that absorbs writes past the 20th. */
	char sym[21] = {0};
	unsigned n = 0, bad = 0;
	if (in == NULL || len > 64) /* the length is not secret */
		return TC_EINVAL;
	for (size_t i = 0; i < len; i++) {
		unsigned c = (unsigned char)in[i], found = 0;
		c = ct_sel(ct_in(c, 'a', 'z'), c - 32u, c);
		c = ct_sel(ct_eq(c, 'O'), '0', c);
		c = ct_sel(ct_eq(c, 'I') | ct_eq(c, 'L'), '1', c);
		unsigned sep = ct_eq(c, '-') | ct_eq(c, ' ');
		for (size_t k = 0; k < 32; k++)
			found |= ct_eq(c, (unsigned char)crockford[k]);
		bad |= ~(sep | found);
		unsigned slot = ct_sel(ct_in(n, 0, 19), n, 20);
		sym[slot] = (char)ct_sel(sep, (unsigned char)sym[slot], c);
		n += 1u & ~sep;
	}
	int rc = TC_EINVAL;
	if (!(bad & 1u) && n == 20) {
		format_receipt(sym, out);
		rc = TC_OK;
	}
	sodium_memzero(sym, sizeof(sym));
	return rc;
}

/* ---- Hex and small text-file helpers shared by the key files ---- */

int cr_hex_decode(const char *hex, uint8_t *out, size_t n)
{
	size_t bin_len = 0;
	/* One spelling per value: lower-case hex digits only, as the writers write them. */
	if (strlen(hex) != 2 * n || strspn(hex, "0123456789abcdef") != 2 * n)
		return TC_EFORMAT;
	if (sodium_hex2bin(out, n, hex, 2 * n, NULL, &bin_len, NULL) != 0 || bin_len != n)
		return TC_EFORMAT;
	return TC_OK;
}

/* fsync the directory holding path, so that a new file's name survives a crash too. */
static int sync_parent(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	size_t n = slash == NULL ? 1 : (slash == path ? 1 : (size_t)(slash - path));
	if (n >= sizeof(dir))
		return TC_EINVAL;
	memcpy(dir, slash == NULL ? "." : path, n);
	dir[n] = '\0';
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return TC_EIO;
	int rc = fsync(fd) == 0 ? TC_OK : TC_EIO;
	close(fd);
	return rc;
}

int cr_file_write_new(const char *path, mode_t mode, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return errno == EEXIST ? TC_EEXIST : -errno;
	int rc = TC_OK;
	/* The mode asked for, whatever the umask (a public file must be readable). */
	if (fchmod(fd, mode) != 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) != 0)
		rc = TC_EIO;
	if (close(fd) != 0 && rc == TC_OK)
		rc = TC_EIO;
	/* A server key lost to a crash would orphan every receipt: make the name durable. */
	if (rc == TC_OK)
		rc = sync_parent(path);
	if (rc != TC_OK)
		unlink(path);
	return rc;
}

int cr_file_read_small(const char *path, char *buf, size_t cap, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t n = 0;
	ssize_t r;
	while ((r = read(fd, buf + n, cap - n)) > 0) {
		n += (size_t)r;
		if (n == cap)
			break;
	}
	/* One more byte would mean the file is over the cap. */
	char extra;
	if (r >= 0 && n == cap && read(fd, &extra, 1) > 0)
		r = -2;
	close(fd);
	if (r == -2 || n == cap) {
		sodium_memzero(buf, n);
		return TC_EFORMAT;
	}
	if (r < 0) {
		sodium_memzero(buf, n);
		return TC_EIO;
	}
	buf[n] = '\0';
	*len = n;
	return TC_OK;
}

/* ---- The server key ---- */

#define SERVER_KEY_HEADER "tocao-server-key 1\n"

struct cr_server_key {
	uint8_t key[32];
};

int cr_server_key_create(const char *path)
{
	uint8_t key[32];
	char hex[65], text[128];
	randombytes_buf(key, sizeof(key));
	sodium_bin2hex(hex, sizeof(hex), key, sizeof(key));
	int n = snprintf(text, sizeof(text), SERVER_KEY_HEADER "secret: %s\n", hex);
	int rc = cr_file_write_new(path, 0600, text, (size_t)n);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(hex, sizeof(hex));
	sodium_memzero(text, sizeof(text));
	return rc;
}

int cr_server_key_load(const char *path, struct cr_server_key **out)
{
	char text[256];
	size_t len;
	int rc = cr_file_read_small(path, text, sizeof(text) - 1, &len);
	if (rc != TC_OK)
		return rc;
	struct cr_server_key *k = sodium_malloc(sizeof(*k));
	if (k == NULL) {
		sodium_memzero(text, sizeof(text));
		return TC_ENOMEM;
	}
	rc = TC_EFORMAT;
	size_t hl = strlen(SERVER_KEY_HEADER);
	if (len == hl + 8 + 64 + 1 && memcmp(text, SERVER_KEY_HEADER, hl) == 0 &&
	    memcmp(text + hl, "secret: ", 8) == 0 && text[len - 1] == '\n') {
		text[len - 1] = '\0';
		rc = cr_hex_decode(text + hl + 8, k->key, sizeof(k->key));
	}
	sodium_memzero(text, sizeof(text));
	if (rc != TC_OK) {
		sodium_free(k);
		return rc;
	}
	/* Read-only from here on: a stray write cannot change it (sodium_free still wipes). */
	sodium_mprotect_readonly(k);
	*out = k;
	return TC_OK;
}

void cr_server_key_free(struct cr_server_key *key)
{
	if (key)
		sodium_free(key); /* sodium_free wipes */
}

/* BLAKE2b's personalisation: the purpose, zero-padded to 16 bytes. */
static void personal(const char *purpose, uint8_t out[crypto_generichash_blake2b_PERSONALBYTES])
{
	memset(out, 0, crypto_generichash_blake2b_PERSONALBYTES);
	size_t n = strlen(purpose);
	memcpy(out, purpose, n < 16 ? n : 16);
}

void cr_keyed_hash(const struct cr_server_key *key, const char *purpose, const uint8_t *in,
		   size_t len, uint8_t out[CR_HASH_BYTES])
{
	/*
	 * Purposes are literals in the callers. One longer than 16 bytes would
	 * be cut and could collide with another; one starting "tocao-" could be
	 * an internal derivation's (cr_wrap's key is this hash with purpose
	 * "tocao-wrap"), and the hash, which callers store, would be that key.
	 * Both are programming errors: stop rather than hash.
	 */
	size_t n = strnlen(purpose, 17);
	if (n == 0 || n > 16 || strncmp(purpose, "tocao-", 6) == 0)
		abort();
	uint8_t pers[16];
	personal(purpose, pers);
	crypto_generichash_blake2b_salt_personal(out, CR_HASH_BYTES, in, len, key->key,
						 sizeof(key->key), NULL, pers);
}

void cr_message_accept_tag(const struct cr_server_key *key,
			   const uint8_t signed_bytes[CR_MSG_SIGNED_BYTES],
			   const uint8_t pk[CR_SIGN_PK_BYTES], const uint8_t sig[CR_SIG_BYTES],
			   uint8_t out[CR_HASH_BYTES])
{
	uint8_t in[CR_MSG_SIGNED_BYTES + CR_SIGN_PK_BYTES + CR_SIG_BYTES], pers[16];
	memcpy(in, signed_bytes, CR_MSG_SIGNED_BYTES);
	memcpy(in + CR_MSG_SIGNED_BYTES, pk, CR_SIGN_PK_BYTES);
	memcpy(in + CR_MSG_SIGNED_BYTES + CR_SIGN_PK_BYTES, sig, CR_SIG_BYTES);
	personal("tocao-msg-ok", pers);
	crypto_generichash_blake2b_salt_personal(out, CR_HASH_BYTES, in, sizeof(in), key->key,
						 sizeof(key->key), NULL, pers);
}

static void wrap_key(const struct cr_server_key *key, const uint8_t *secret, size_t secret_len,
		     uint8_t k[32])
{
	uint8_t pers[16];
	personal("tocao-wrap", pers);
	crypto_generichash_blake2b_salt_personal(k, 32, secret, secret_len, key->key,
						 sizeof(key->key), NULL, pers);
}

int cr_wrap(const struct cr_server_key *key, const uint8_t *secret, size_t secret_len,
	    const uint8_t *in, size_t len, uint8_t *out)
{
	uint8_t k[32];
	wrap_key(key, secret, secret_len, k);
	randombytes_buf(out, 24);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + 24, NULL, in, len, NULL, 0, NULL, out, k);
	sodium_memzero(k, sizeof(k));
	return TC_OK;
}

int cr_unwrap(const struct cr_server_key *key, const uint8_t *secret, size_t secret_len,
	      const uint8_t *in, size_t len, uint8_t *out)
{
	if (len < CR_WRAP_OVERHEAD)
		return TC_EFORMAT;
	uint8_t k[32];
	wrap_key(key, secret, secret_len, k);
	int r = crypto_aead_xchacha20poly1305_ietf_decrypt(out, NULL, NULL, in + 24, len - 24, NULL,
							   0, in, k);
	sodium_memzero(k, sizeof(k));
	return r == 0 ? TC_OK : TC_ECRYPTO;
}

/* ---- The reporter's key pair ---- */

static void reporter_seed(const char receipt[CR_RECEIPT_LEN + 1], uint8_t seed[32])
{
	uint8_t pers[16];
	personal("tocao-reporter", pers);
	crypto_generichash_blake2b_salt_personal(seed, 32, (const uint8_t *)receipt,
						 CR_RECEIPT_LEN, NULL, 0, NULL, pers);
}

void cr_reporter_pk(const char receipt[CR_RECEIPT_LEN + 1], uint8_t pk[CR_PK_BYTES])
{
	/* On the stack and wiped: this runs once per report (see cr_envelope_seal). */
	uint8_t seed[32], sk[crypto_box_SECRETKEYBYTES];
	reporter_seed(receipt, seed);
	crypto_box_seed_keypair(pk, sk, seed);
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(sk, sizeof(sk));
}

int cr_reporter_keypair(const char receipt[CR_RECEIPT_LEN + 1], uint8_t pk[CR_PK_BYTES],
			uint8_t **sk)
{
	if (!receipt_is_canonical(receipt))
		return TC_EINVAL;
	uint8_t *seed = sodium_malloc(32), *k = sodium_malloc(crypto_box_SECRETKEYBYTES);
	int rc = TC_ENOMEM;
	if (seed == NULL || k == NULL)
		goto out;
	reporter_seed(receipt, seed);
	crypto_box_seed_keypair(pk, k, seed);
	*sk = k;
	k = NULL;
	rc = TC_OK;
out:
	if (seed)
		sodium_free(seed);
	if (k)
		sodium_free(k);
	return rc;
}

void cr_reporter_sk_free(uint8_t *sk)
{
	if (sk)
		sodium_free(sk); /* wipes */
}

int cr_reporter_open(const char receipt[CR_RECEIPT_LEN + 1], const uint8_t *sealed, size_t len,
		     uint8_t *out)
{
	if (len < crypto_box_SEALBYTES)
		return TC_EFORMAT;
	uint8_t pk[CR_PK_BYTES], *sk = NULL;
	int rc = cr_reporter_keypair(receipt, pk, &sk);
	if (rc != TC_OK)
		return rc;
	rc = crypto_box_seal_open(out, sealed, len, pk, sk) == 0 ? TC_OK : TC_ECRYPTO;
	cr_reporter_sk_free(sk);
	return rc;
}

int cr_seal_to(const uint8_t pk[CR_PK_BYTES], const uint8_t *in, size_t len, uint8_t *out)
{
	return crypto_box_seal(out, in, len, pk) == 0 ? TC_OK : TC_ECRYPTO;
}

void cr_audit_hash(const uint8_t *data, size_t len, uint8_t out[CR_HASH_BYTES])
{
	uint8_t pers[16];
	personal("tocao-audit", pers);
	crypto_generichash_blake2b_salt_personal(out, CR_HASH_BYTES, data, len, NULL, 0, NULL, pers);
}
