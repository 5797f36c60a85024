/*
 * cr.h - tocao's cryptography: the only module that includes <sodium.h>.
 *
 * Envelope encryption (SECURITY.md "Keys", docs/FORMAT.md): each report gets a fresh random
 * 32-byte content key; the body and the identity are each encrypted with
 * XChaCha20-Poly1305 under subkeys derived from it; the content key is
 * sealed (crypto_box_seal) to the public key of the unit the report is
 * routed to. The byte format is specified in docs/FORMAT.md.
 *
 * Secrets (content keys, unit secret keys, the server key, receipts'
 * derived seeds) live in sodium_malloc memory or are wiped with
 * sodium_memzero on every path. Nothing here logs.
 */
#ifndef TOCAO_CR_H
#define TOCAO_CR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tc_err.h"

#define CR_PK_BYTES 32
#define CR_KEY_ID_BYTES 8      /* first 8 bytes of BLAKE2b-256 over the public key */
#define CR_HASH_BYTES 32
#define CR_UNIT_MAX 8          /* "TT-96", "TTCP" + NUL */

/* Case ids: 8 Crockford base32 symbols (40 random bits): reveal no count or time. */
#define CR_CASE_ID_LEN 8
/* Receipts: 20 Crockford base32 symbols (100 random bits) as XXXX-XXXX-XXXX-XXXX-XXXX. */
#define CR_RECEIPT_LEN 24

/* sodium_init(); call once before anything else. TC_EIO if it fails. */
int cr_init(void) TC_WUR;

/* n random bytes from the system's CSPRNG. */
void cr_random(uint8_t *out, size_t n);
/* The audit chain's hash: BLAKE2b-256, personalised "tocao-audit" (docs/FORMAT.md). */
void cr_audit_hash(const uint8_t *data, size_t len, uint8_t out[CR_HASH_BYTES]);

/* Constant-time comparison of secrets: 1 if equal. */
int cr_equal(const uint8_t *a, const uint8_t *b, size_t n);

void cr_case_id_new(char out[CR_CASE_ID_LEN + 1]);
/* true if s is 8 Crockford base32 upper-case symbols (the canonical form). */
int cr_case_id_is_valid(const char *s);

void cr_receipt_new(char out[CR_RECEIPT_LEN + 1]);
/*
 * Canonicalise what a reporter typed: case-insensitive, dashes and spaces
 * optional, Crockford aliases (O->0, I/L->1). TC_EINVAL if it cannot be a
 * receipt. Constant work for a given input length.
 */
int cr_receipt_normalize(const char *in, size_t len, char out[CR_RECEIPT_LEN + 1]) TC_WUR;

/* ---- The server's own secret (not a unit key): keyed hashes for lookups. ---- */

struct cr_server_key;

/* Create a new random server key file (mode 0600, must not exist). */
int cr_server_key_create(const char *path) TC_WUR;
int cr_server_key_load(const char *path, struct cr_server_key **out) TC_WUR;
void cr_server_key_free(struct cr_server_key *key);

/*
 * Keyed BLAKE2b-256 of in, domain-separated by purpose (BLAKE2b's
 * personalisation: 1 to 16 bytes, e.g. "receipt", "idempotency",
 * "ratelimit"). Used so that the store keeps no receipt and logs no
 * address. Purposes starting "tocao-" are reserved for the module's own
 * derivations; such a purpose, or one longer than 16 bytes, is a
 * programming error and aborts.
 */
void cr_keyed_hash(const struct cr_server_key *key, const char *purpose, const uint8_t *in,
		   size_t len, uint8_t out[CR_HASH_BYTES]);

/*
 * Symmetric encryption of a small secret under a key derived from the
 * server key and a caller secret (e.g. an Idempotency-Key): XChaCha20-
 * Poly1305, output = nonce || ciphertext (len + CR_WRAP_OVERHEAD).
 */
#define CR_WRAP_OVERHEAD (24 + 16)
int cr_wrap(const struct cr_server_key *key, const uint8_t *secret, size_t secret_len,
	    const uint8_t *in, size_t len, uint8_t *out) TC_WUR;
int cr_unwrap(const struct cr_server_key *key, const uint8_t *secret, size_t secret_len,
	      const uint8_t *in, size_t len, uint8_t *out) TC_WUR;

/* ---- Unit keys (X25519). Only the public half ever reaches the server. ---- */

struct cr_unit_pub {
	char unit[CR_UNIT_MAX];
	uint8_t pk[CR_PK_BYTES];
	uint8_t key_id[CR_KEY_ID_BYTES];
};

struct cr_unit_secret; /* opaque; its secret key lives in sodium_malloc memory */

int cr_unit_keygen(const char *unit, struct cr_unit_secret **out) TC_WUR;
const struct cr_unit_pub *cr_unit_secret_pub(const struct cr_unit_secret *sec);
void cr_unit_secret_free(struct cr_unit_secret *sec);

/* Text key files, docs/FORMAT.md. Writers create with mode 0600 / 0644, O_EXCL. */
int cr_unit_secret_save(const struct cr_unit_secret *sec, const char *path) TC_WUR;
int cr_unit_secret_load(const char *path, struct cr_unit_secret **out) TC_WUR;
int cr_unit_pub_save(const struct cr_unit_pub *pub, const char *path) TC_WUR;
int cr_unit_pub_load(const char *path, struct cr_unit_pub *out) TC_WUR;
/* Parse from memory (the loaders call these; fuzz targets too). */
int cr_unit_secret_parse(const char *text, size_t len, struct cr_unit_secret **out) TC_WUR;

/*
 * Passphrase-protected unit secret keys (docs/FORMAT.md "Key files"): the
 * secret key encrypted with XChaCha20-Poly1305 under a key derived from
 * the passphrase by Argon2id. The plain loaders above answer TC_ELOCKED
 * for such a file; these take the passphrase (TC_ECRYPTO if it is wrong).
 */
enum cr_kdf_strength { CR_KDF_INTERACTIVE, CR_KDF_MODERATE };
int cr_unit_secret_save_protected(const struct cr_unit_secret *sec, const char *path,
				  const char *pass, size_t pass_len,
				  enum cr_kdf_strength strength) TC_WUR;
int cr_unit_secret_parse_pass(const char *text, size_t len, const char *pass, size_t pass_len,
			      struct cr_unit_secret **out) TC_WUR;
int cr_unit_secret_load_pass(const char *path, const char *pass, size_t pass_len,
			     struct cr_unit_secret **out) TC_WUR;
/* The public part of a secret key file (unit, key id, public key), without any passphrase. */
int cr_unit_secret_peek(const char *path, struct cr_unit_pub *out) TC_WUR;
int cr_unit_pub_parse(const char *text, size_t len, struct cr_unit_pub *out) TC_WUR;

/* ---- Principal signing keys (Ed25519): inspectors and monitors. ---- */

struct cr_signer; /* opaque: role, scope, Ed25519 key pair in sodium_malloc memory */
#define CR_SIGN_PK_BYTES 32
#define CR_SIG_BYTES 64

/* role: "inspector" or "monitor"; scope: a unit id, or "national" / a province code. */
int cr_signer_keygen(const char *role, const char *scope, struct cr_signer **out) TC_WUR;
void cr_signer_free(struct cr_signer *s);
int cr_signer_save(const struct cr_signer *s, const char *secret_path, const char *public_path) TC_WUR;
/*
 * Load a signer's secret file: version 1 (unprotected) or version 2
 * (the seed encrypted under a passphrase, Argon2id, docs/FORMAT.md "Key
 * files"). For version 2 the passphrase comes from the source set with
 * cr_set_passphrase_source (asked again after a wrong one, as long as the
 * source answers); TC_ELOCKED if no source or it gave none, TC_ECRYPTO if
 * the last one given was wrong. A version 1 file is reported to the
 * source's `unprotected` callback (if any) and loads.
 */
int cr_signer_load(const char *secret_path, struct cr_signer **out) TC_WUR;
/* The same with a given passphrase (NULL: only an unprotected file loads). */
int cr_signer_load_pass(const char *secret_path, const char *pass, size_t pass_len,
			struct cr_signer **out) TC_WUR;
int cr_signer_parse_pass(const char *text, size_t len, const char *pass, size_t pass_len,
			 struct cr_signer **out) TC_WUR;
/*
 * Save a signer with its seed protected (version 2, mode 0600, O_EXCL)
 * and, if public_path is not NULL, its public file (0644).
 */
int cr_signer_save_protected(const struct cr_signer *s, const char *secret_path,
			     const char *public_path, const char *pass, size_t pass_len,
			     enum cr_kdf_strength strength) TC_WUR;
/* Whether a signer's secret file is passphrase-protected: 1, 0, or a TC_E* code. */
int cr_signer_file_protected(const char *path) TC_WUR;

/*
 * Where the loaders get a passphrase for a protected file (process-wide;
 * the command-line tool sets it once at start, the daemon never loads
 * one). ask(arg, path, attempt, buf, cap, len) is called with attempt 0,
 * then 1, 2, ... after each wrong passphrase; it returns 0 with a
 * NUL-terminated passphrase in buf (*len bytes), or non-zero to give up.
 * unprotected(arg, path), if not NULL, is told of each unprotected file
 * loaded. The buffer is wiped after each try.
 */
typedef int (*cr_pass_ask_fn)(void *arg, const char *path, int attempt, char *buf, size_t cap,
			      size_t *len);
typedef void (*cr_pass_notice_fn)(void *arg, const char *path);
void cr_set_passphrase_source(cr_pass_ask_fn ask, cr_pass_notice_fn unprotected, void *arg);
const char *cr_signer_role(const struct cr_signer *s);
const char *cr_signer_scope(const struct cr_signer *s);
void cr_signer_pk(const struct cr_signer *s, uint8_t pk[CR_SIGN_PK_BYTES]);
/* Detached Ed25519 signature of msg. */
void cr_signer_sign(const struct cr_signer *s, const uint8_t *msg, size_t len,
		    uint8_t sig[CR_SIG_BYTES]);
/* 0 if sig is pk's signature of msg, TC_ECRYPTO otherwise. */
int cr_sign_verify(const uint8_t pk[CR_SIGN_PK_BYTES], const uint8_t *msg, size_t len,
		   const uint8_t sig[CR_SIG_BYTES]) TC_WUR;

/*
 * Session sign-in (docs/FORMAT.md "Session sign-in"): the bytes a principal
 * signs for a server's challenge, and the server verifies, are
 *   "tocao-session-v1" NUL || challenge (32) || the signer's public key (32).
 * The context (with its NUL) keeps such a signature from meaning anything
 * elsewhere; the key binds it to the principal signing in. Built here
 * only, for both sides.
 */
#define CR_SESSION_CONTEXT "tocao-session-v1"
#define CR_SESSION_CHALLENGE_BYTES 32
#define CR_SESSION_SIGNED_BYTES                                                                  \
	(sizeof(CR_SESSION_CONTEXT) + CR_SESSION_CHALLENGE_BYTES + CR_SIGN_PK_BYTES)
void cr_session_signed_message(const uint8_t challenge[CR_SESSION_CHALLENGE_BYTES],
			       const uint8_t pk[CR_SIGN_PK_BYTES],
			       uint8_t out[CR_SESSION_SIGNED_BYTES]);

/* A signer's public file: role, scope, key. */
struct cr_signer_pub {
	char role[16];
	char scope[CR_UNIT_MAX + 8];
	uint8_t pk[CR_SIGN_PK_BYTES];
};
int cr_signer_pub_load(const char *path, struct cr_signer_pub *out) TC_WUR;
int cr_signer_pub_parse(const char *text, size_t len, struct cr_signer_pub *out) TC_WUR;

/*
 * A unit key wrapped for one inspector (docs/FORMAT.md "Wrapped unit
 * keys"): the unit's X25519 secret key sealed to the X25519 form of the
 * inspector's Ed25519 key, so that only that inspector's signing key opens
 * it. Files are 0600, created with O_EXCL.
 */
int cr_unit_wrap_save(const struct cr_unit_secret *unit, const struct cr_signer *inspector,
		      const char *path) TC_WUR;
/* TC_ECRYPTO if the file was wrapped for another inspector. */
int cr_unit_unwrap_load(const char *path, const struct cr_signer *inspector,
			struct cr_unit_secret **out) TC_WUR;
/* Whether a key file is a wrapped unit key (by its first line). */
int cr_key_file_is_wrapped(const char *path);

/* ---- The reporter's key pair, derived from the receipt alone. ---- */

/*
 * pk of the X25519 pair derived from a normalised receipt (docs/FORMAT.md:
 * seed = BLAKE2b-256 of the 24 characters, personalised "tocao-reporter",
 * then crypto_box_seed_keypair). Pass the canonical form
 * (cr_receipt_normalize): another spelling gives another key.
 */
void cr_reporter_pk(const char receipt[CR_RECEIPT_LEN + 1], uint8_t pk[CR_PK_BYTES]);
/*
 * The whole pair, for whoever holds the receipt for the moment of a
 * request: pk, and *sk (32 bytes of sodium_malloc memory, free with
 * cr_reporter_sk_free as soon as possible). TC_EINVAL if receipt is not
 * in canonical form, TC_ENOMEM.
 */
int cr_reporter_keypair(const char receipt[CR_RECEIPT_LEN + 1], uint8_t pk[CR_PK_BYTES],
			uint8_t **sk) TC_WUR;
/* Wipe and free a secret key from cr_reporter_keypair; NULL is a no-op. */
void cr_reporter_sk_free(uint8_t *sk);

/* Sealed-box overhead (crypto_box_SEALBYTES). */
#define CR_SEAL_OVERHEAD 48
/* Seal len bytes to pk (a reporter's or a unit's); out holds len + CR_SEAL_OVERHEAD. */
int cr_seal_to(const uint8_t pk[CR_PK_BYTES], const uint8_t *in, size_t len, uint8_t *out) TC_WUR;
/*
 * Open something sealed to the reporter's key, deriving the secret half
 * from the receipt for the moment it takes (then wiped). out holds
 * len - CR_SEAL_OVERHEAD bytes. TC_ECRYPTO if it was not sealed to it,
 * TC_EFORMAT if len is too short, TC_EINVAL if receipt is not canonical.
 */
int cr_reporter_open(const char receipt[CR_RECEIPT_LEN + 1], const uint8_t *sealed, size_t len,
		     uint8_t *out) TC_WUR;

/* ---- Envelopes. ---- */

/*
 * An attachment, sealed with crypto_secretstream under a subkey of the
 * report's content key (docs/FORMAT.md "Attachments"): in data/len, out
 * sealed/sealed_len (malloc'd by cr_envelope_seal; the caller frees).
 */
struct cr_attachment {
	const uint8_t *data;
	size_t len;
	uint8_t *sealed;
	size_t sealed_len;
};
#define CR_ATTACHMENTS_MAX 16
#define CR_ATTACHMENT_MAX (64u << 20)

struct cr_envelope_params {
	const char *case_id;             /* CR_CASE_ID_LEN symbols, bound into the AD */
	const struct cr_unit_pub *unit;  /* recipient */
	const uint8_t *body;             /* the report (UTF-8 JSON) */
	size_t body_len;
	const uint8_t *identity;         /* the reporter's identity, or NULL for none */
	size_t identity_len;
	struct cr_attachment *attachments; /* sealed in the same call, under the same content key */
	size_t n_attachments;
};

/*
 * Seal a new envelope; *out is malloc'd (ciphertext only), the caller frees
 * it. Attachments, if any, are sealed too (each ->sealed malloc'd); on
 * failure nothing is left allocated.
 */
int cr_envelope_seal(const struct cr_envelope_params *p, uint8_t **out, size_t *out_len) TC_WUR;

/* What can be read from an envelope without a key (its plaintext header). */
struct cr_envelope_info {
	int version;
	char case_id[CR_CASE_ID_LEN + 1];
	char unit[CR_UNIT_MAX];
	uint8_t key_id[CR_KEY_ID_BYTES];
	size_t body_ct_len;
	int has_identity;
};
/*
 * Parse and check the whole layout (magic, version, flags, ids, section
 * lengths against the limits and the bytes present, no trailing bytes)
 * without any key. TC_EFORMAT if malformed, TC_EVERSION for another
 * version.
 */
int cr_envelope_inspect(const uint8_t *env, size_t len, struct cr_envelope_info *out) TC_WUR;

struct cr_envelope_opened {
	uint8_t *body;       /* sodium_malloc'd, NUL-terminated (not counted in body_len) */
	size_t body_len;
	uint8_t *identity;   /* NULL if the envelope has none */
	size_t identity_len;
};

/*
 * Decrypt with the unit's secret key. TC_ECRYPTO if the key is not the
 * recipient's (key id mismatch) or anything was altered; TC_EFORMAT for
 * malformed bytes; TC_EVERSION for another version; TC_ENOMEM. On failure
 * nothing is written to out and no plaintext is kept, not even the body
 * when only the identity fails.
 */
int cr_envelope_open(const uint8_t *env, size_t len, const struct cr_unit_secret *sec,
		     struct cr_envelope_opened *out) TC_WUR;
void cr_envelope_opened_free(struct cr_envelope_opened *o);

/*
 * Decrypt attachment blob (of the case whose envelope is env) with the
 * unit's secret key. *out is sodium_malloc'd (free with
 * cr_attachment_free). TC_ECRYPTO for a wrong key, a tampered, reordered
 * or truncated stream (the final tag is required).
 */
int cr_attachment_open(const uint8_t *env, size_t env_len, const uint8_t *blob, size_t blob_len,
		       const struct cr_unit_secret *sec, unsigned *index, uint8_t **out,
		       size_t *out_len) TC_WUR;
void cr_attachment_free(uint8_t *data);

/* Open something crypto_box_seal'ed to the unit (out: len - CR_SEAL_OVERHEAD bytes). */
int cr_unit_open_sealed(const struct cr_unit_secret *sec, const uint8_t *sealed, size_t len,
			uint8_t *out) TC_WUR;

/*
 * The envelope without its identity section (flag cleared, section
 * dropped; the body still opens: its associated data does not cover the
 * identity). For confidential reports, until a recorded reveal. *out is
 * malloc'd; an envelope without identity is copied as is.
 */
int cr_envelope_strip_identity(const uint8_t *env, size_t len, uint8_t **out,
			       size_t *out_len) TC_WUR;

/*
 * Re-seal an envelope's content key for another unit (a transfer, done on
 * an inspector's machine with the current unit's secret key). The
 * ciphertexts are untouched; the header's unit, key id and sealed key are
 * replaced (bytes 14-109); every other byte is copied unchanged. *out is
 * malloc'd. TC_ECRYPTO if current is not the envelope's recipient,
 * TC_EINVAL if to's unit id cannot be written in a header, TC_EFORMAT /
 * TC_EVERSION as for cr_envelope_inspect, TC_ENOMEM.
 */
int cr_envelope_reseal(const uint8_t *env, size_t len, const struct cr_unit_secret *current,
		       const struct cr_unit_pub *to, uint8_t **out, size_t *out_len) TC_WUR;

/* The header bytes a re-seal rewrites: unit, key id, sealed key (docs/FORMAT.md). */
#define CR_ENV_RESEAL_FROM 14
#define CR_ENV_RESEAL_END 110
/*
 * Whether resealed is the same report as old: same length, and every byte
 * outside [CR_ENV_RESEAL_FROM, CR_ENV_RESEAL_END) unchanged. It says
 * nothing of the new recipient (check that with cr_envelope_inspect).
 */
bool cr_envelope_same_report(const uint8_t *old, size_t old_len, const uint8_t *resealed,
			     size_t resealed_len);

/*
 * ---- Two-step transfers (docs/FORMAT.md "Transfers"): only the header moves ----
 *
 * The sending unit's tool sends the receiving unit's header (envelope bytes
 * 14-109: unit id, key id, the content key sealed to that unit) and a
 * commitment to the content key; the server splices the header into the
 * envelope it keeps (so a confidential identity never leaves it) only once
 * the receiving unit's tool has opened that header and sent the proof:
 *   proof      = BLAKE2b-256(content key || case id; person "tocao-ck-proof")
 *   commitment = BLAKE2b-256(proof; person "tocao-ck-commit")
 * The server holds only the commitment until the proof arrives, checks
 * BLAKE2b(proof) against it in constant time, and never learns the key.
 */
#define CR_ENV_HEADER_BYTES (CR_ENV_RESEAL_END - CR_ENV_RESEAL_FROM)
#define CR_CK_PROOF_BYTES 32
/*
 * The sending side: open env's content key with current (the envelope's
 * recipient), check that it opens the body, and seal it to `to`: header
 * gets the 96 bytes for `to`, commitment the commitment above. TC_ECRYPTO
 * if current does not open env or its body; TC_EINVAL for a unit id that
 * a header cannot hold; TC_EFORMAT / TC_EVERSION for a malformed envelope.
 */
int cr_transfer_offer(const uint8_t *env, size_t len, const struct cr_unit_secret *current,
		      const struct cr_unit_pub *to, uint8_t header[CR_ENV_HEADER_BYTES],
		      uint8_t commitment[CR_HASH_BYTES]) TC_WUR;
/*
 * The server: env with its header (bytes 14-109) replaced by header; *out
 * malloc'd. TC_EFORMAT if the result does not parse (a bad unit field),
 * and info (may be NULL) gets what it names.
 */
int cr_envelope_splice(const uint8_t *env, size_t len, const uint8_t header[CR_ENV_HEADER_BYTES],
		       uint8_t **out, size_t *out_len, struct cr_envelope_info *info) TC_WUR;
/*
 * The receiving side: env is the case's envelope with its header spliced
 * in (the identity section may be stripped). Open the content key with
 * sec, check that it opens the body, and compute the proof. TC_ECRYPTO if
 * the header is not sec's or the key does not open the body.
 */
int cr_transfer_proof(const uint8_t *env, size_t len, const struct cr_unit_secret *sec,
		      uint8_t proof[CR_CK_PROOF_BYTES]) TC_WUR;
/* The commitment a proof answers (what the sending side computed). */
void cr_transfer_commitment(const uint8_t proof[CR_CK_PROOF_BYTES],
			    uint8_t commitment[CR_HASH_BYTES]);
/* The server's check: BLAKE2b(proof) equals commitment, in constant time. */
bool cr_transfer_check(const uint8_t proof[CR_CK_PROOF_BYTES],
		       const uint8_t commitment[CR_HASH_BYTES]);

/*
 * ---- Unit messages signed by an inspector (docs/FORMAT.md "Signed unit messages") ----
 *
 * What an inspector signs (Ed25519, detached) for a message to a reporter,
 * 74 bytes: "tocao-unit-message-v1" NUL (22) || case id (8) || unit id
 * (8, NUL-padded) || day (4, big-endian two's complement, days since
 * 1970-01-01) || BLAKE2b-256(the reporter's sealed copy; person
 * "tocao-msg-body"). Built here only, for both sides.
 */
#define CR_MSG_CONTEXT "tocao-unit-message-v1"
#define CR_MSG_SIGNED_BYTES (sizeof(CR_MSG_CONTEXT) + CR_CASE_ID_LEN + 8 + 4 + CR_HASH_BYTES)
/* TC_EINVAL if case_id or unit cannot be written. */
int cr_unit_message_signed(const char *case_id, const char *unit, int32_t day,
			   const uint8_t *sealed, size_t sealed_len,
			   uint8_t out[CR_MSG_SIGNED_BYTES]) TC_WUR;

/*
 * The reporter's copy of a signed unit message as stored: version (1) ||
 * unit id (8) || signer's Ed25519 key (32) || signature (64) || the
 * server's acceptance tag (32) || the sealed box. The tag, a BLAKE2b-256
 * keyed by the server key (person "tocao-msg-ok") over the signed bytes,
 * key and signature, says that the daemon checked the signature against
 * a principal it knew then: a message of a since-revoked inspector stays
 * readable as signed, and no one without the server key can add one.
 */
#define CR_SIGNED_MSG_HEADER (1 + 8 + CR_SIGN_PK_BYTES + CR_SIG_BYTES + CR_HASH_BYTES)
struct cr_signed_message {
	char unit[CR_UNIT_MAX];
	uint8_t signer[CR_SIGN_PK_BYTES];
	uint8_t sig[CR_SIG_BYTES];
	uint8_t tag[CR_HASH_BYTES];
	const uint8_t *sealed; /* into the decoded bytes */
	size_t sealed_len;
};
/* out holds CR_SIGNED_MSG_HEADER + m->sealed_len bytes. TC_EINVAL for a bad unit. */
int cr_signed_message_encode(const struct cr_signed_message *m, uint8_t *out) TC_WUR;
/* TC_EFORMAT unless version 1, a valid unit id and a sealed box longer than its overhead. */
int cr_signed_message_decode(const uint8_t *in, size_t len, struct cr_signed_message *out) TC_WUR;
void cr_message_accept_tag(const struct cr_server_key *key,
			   const uint8_t signed_bytes[CR_MSG_SIGNED_BYTES],
			   const uint8_t pk[CR_SIGN_PK_BYTES], const uint8_t sig[CR_SIG_BYTES],
			   uint8_t out[CR_HASH_BYTES]);

/*
 * ---- Backups (docs/FORMAT.md "Backup files") ----
 *
 * The operator's backup key is an X25519 pair like a unit's, in files of
 * their own kind ("tocao-backup-secret-key 1", "tocao-backup-public-key 1",
 * name "backup"; the secret half protected exactly as a unit key), so that
 * neither kind loads as the other. The same struct types carry it.
 */
#define CR_BACKUP_KEY_NAME "backup"
int cr_backup_keygen(struct cr_unit_secret **out) TC_WUR;
int cr_backup_secret_save_protected(const struct cr_unit_secret *sec, const char *path,
				    const char *pass, size_t pass_len,
				    enum cr_kdf_strength strength) TC_WUR;
/* pass NULL: only an unprotected file loads (TC_ELOCKED for a protected one). */
int cr_backup_secret_parse_pass(const char *text, size_t len, const char *pass, size_t pass_len,
				struct cr_unit_secret **out) TC_WUR;
int cr_backup_secret_load_pass(const char *path, const char *pass, size_t pass_len,
			       struct cr_unit_secret **out) TC_WUR;
int cr_backup_pub_save(const struct cr_unit_pub *pub, const char *path) TC_WUR;
int cr_backup_pub_parse(const char *text, size_t len, struct cr_unit_pub *out) TC_WUR;
int cr_backup_pub_load(const char *path, struct cr_unit_pub *out) TC_WUR;

/*
 * A backup file: a 124-byte header (magic, version, the key id, a fresh
 * stream key sealed to the backup public key, the secretstream header),
 * then records, each a 4-byte big-endian length and one
 * crypto_secretstream_xchacha20poly1305 message; the last record, and only
 * it, carries the final tag, so a truncated file is detected. A record's
 * plaintext is a type byte and its body:
 *   CR_BK_FILE  name length (1) || name || the file's bytes (an instance file)
 *   CR_BK_STORE the next bytes of the store's compacted copy
 *   CR_BK_END   store bytes (8, BE) || files (4, BE); the final record
 */
#define CR_BACKUP_MAGIC "TOCAO-BK"
#define CR_BACKUP_VERSION 1
#define CR_BACKUP_HEADER_BYTES 124
#define CR_BACKUP_RECORD_MAX (1u << 20) /* plaintext bytes of one record, type byte included */
#define CR_BACKUP_NAME_MAX 128
#define CR_BACKUP_FILE_MAX (CR_BACKUP_RECORD_MAX - 2 - CR_BACKUP_NAME_MAX)
enum cr_backup_record { CR_BK_FILE = 1, CR_BK_STORE = 2, CR_BK_END = 3 };

/* Where a writer's bytes go (0, or an error that stops the backup). */
typedef int (*cr_backup_out_fn)(void *arg, const uint8_t *data, size_t len);
struct cr_backup_writer;
/* Writes the header at once. */
int cr_backup_writer_new(const struct cr_unit_pub *to, cr_backup_out_fn out, void *arg,
			 struct cr_backup_writer **w) TC_WUR;
/* One instance file (name: CR_BACKUP_NAME_MAX bytes at most, len <= CR_BACKUP_FILE_MAX). */
int cr_backup_put_file(struct cr_backup_writer *w, const char *name, const uint8_t *data,
		       size_t len) TC_WUR;
/* The store's bytes, in order, in pieces of any size (buffered into full records). */
int cr_backup_put_store(struct cr_backup_writer *w, const uint8_t *data, size_t len) TC_WUR;
/* The end record (final tag). Nothing may be put after it. */
int cr_backup_finish(struct cr_backup_writer *w) TC_WUR;
/* Bytes written so far (header and framing included). */
uint64_t cr_backup_written(const struct cr_backup_writer *w);
void cr_backup_writer_free(struct cr_backup_writer *w);

/*
 * The reader: fed the file's bytes in pieces of any size, it checks and
 * decrypts each record and hands it to fn (type, name for a file, body);
 * fn returns 0 or an error that stops the reading. Every failure says why
 * in cr_backup_reader_problem: not a backup, another version, sealed to
 * another key, altered, truncated, bytes after the end.
 */
typedef int (*cr_backup_record_fn)(void *arg, enum cr_backup_record type, const char *name,
				   const uint8_t *data, size_t len);
struct cr_backup_reader;
int cr_backup_reader_new(const struct cr_unit_secret *key, cr_backup_record_fn fn, void *arg,
			 struct cr_backup_reader **r) TC_WUR;
/* TC_EFORMAT / TC_EVERSION / TC_ECRYPTO, or fn's error. */
int cr_backup_reader_feed(struct cr_backup_reader *r, const uint8_t *data, size_t len) TC_WUR;
/* At the end of the file: TC_EFORMAT unless the end record was read. */
int cr_backup_reader_finish(struct cr_backup_reader *r) TC_WUR;
const char *cr_backup_reader_problem(const struct cr_backup_reader *r);
void cr_backup_reader_free(struct cr_backup_reader *r);

#endif
