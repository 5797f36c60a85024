/*
 * cr_backup.c - the sealed stream of a backup file (docs/FORMAT.md "Backup
 * files"): a fresh stream key sealed to the operator's backup key, then
 * authenticated records of crypto_secretstream_xchacha20poly1305, the last
 * one with the final tag. The writer never holds more than one record of
 * plaintext; the reader is fed bytes in pieces of any size (a pipe, a file,
 * a fuzzer) and trusts nothing before it has authenticated it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cr.h"
#include "cr_internal.h"

#define SS_ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define SS_HEADER crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define SEALED_KEY (crypto_secretstream_xchacha20poly1305_KEYBYTES + crypto_box_SEALBYTES)
/* magic (8) | version (1) | reserved (3) | key id (8) | sealed key (80) | stream header (24) */
#define OFF_VERSION 8
#define OFF_KEY_ID 12
#define OFF_SEALED (OFF_KEY_ID + CR_KEY_ID_BYTES)
#define OFF_SS (OFF_SEALED + SEALED_KEY)
#define FRAME_MAX (CR_BACKUP_RECORD_MAX + SS_ABYTES)

_Static_assert(OFF_SS + SS_HEADER == CR_BACKUP_HEADER_BYTES, "backup header layout");

struct cr_backup_writer {
	crypto_secretstream_xchacha20poly1305_state st;
	cr_backup_out_fn out;
	void *arg;
	uint8_t header[CR_BACKUP_HEADER_BYTES]; /* the first record's associated data */
	uint8_t *plain;                         /* one record's plaintext */
	size_t plain_len;                       /* store bytes buffered (after the type byte) */
	uint8_t *frame;                         /* length || ciphertext */
	uint64_t records, written, store_bytes;
	uint32_t files;
	int finished, failed;
};

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

static void put_be64(uint8_t *p, uint64_t v)
{
	put_be32(p, (uint32_t)(v >> 32));
	put_be32(p + 4, (uint32_t)v);
}

static uint64_t get_be64(const uint8_t *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

static int emit(struct cr_backup_writer *w, const uint8_t *data, size_t len)
{
	int rc = w->out(w->arg, data, len);
	if (rc != TC_OK)
		w->failed = 1;
	else
		w->written += len;
	return rc;
}

/* Encrypt plain[0..len) as the next record. The first carries the header as associated data. */
static int seal_record(struct cr_backup_writer *w, size_t len, int final)
{
	unsigned long long clen = 0;
	uint8_t tag = final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
			    : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
	const uint8_t *ad = w->records == 0 ? w->header : NULL;
	crypto_secretstream_xchacha20poly1305_push(&w->st, w->frame + 4, &clen, w->plain, len, ad,
						   ad ? sizeof(w->header) : 0, tag);
	put_be32(w->frame, (uint32_t)clen);
	w->records++;
	return emit(w, w->frame, 4 + (size_t)clen);
}

int cr_backup_writer_new(const struct cr_unit_pub *to, cr_backup_out_fn out, void *arg,
			 struct cr_backup_writer **wout)
{
	struct cr_backup_writer *w = calloc(1, sizeof(*w));
	uint8_t *key = sodium_malloc(crypto_secretstream_xchacha20poly1305_KEYBYTES);
	int rc = TC_ENOMEM;
	if (w == NULL || key == NULL || (w->plain = malloc(CR_BACKUP_RECORD_MAX)) == NULL ||
	    (w->frame = malloc(4 + FRAME_MAX)) == NULL)
		goto fail;
	w->out = out;
	w->arg = arg;
	crypto_secretstream_xchacha20poly1305_keygen(key);
	memcpy(w->header, CR_BACKUP_MAGIC, 8);
	w->header[OFF_VERSION] = CR_BACKUP_VERSION;
	memcpy(w->header + OFF_KEY_ID, to->key_id, CR_KEY_ID_BYTES);
	rc = TC_ECRYPTO;
	if (crypto_box_seal(w->header + OFF_SEALED, key,
			    crypto_secretstream_xchacha20poly1305_KEYBYTES, to->pk) != 0 ||
	    crypto_secretstream_xchacha20poly1305_init_push(&w->st, w->header + OFF_SS, key) != 0)
		goto fail;
	sodium_free(key);
	key = NULL;
	rc = emit(w, w->header, sizeof(w->header));
	if (rc != TC_OK)
		goto fail;
	*wout = w;
	return TC_OK;
fail:
	if (key)
		sodium_free(key);
	cr_backup_writer_free(w);
	return rc;
}

static int flush_store(struct cr_backup_writer *w)
{
	if (w->plain_len == 0)
		return TC_OK;
	w->plain[0] = CR_BK_STORE;
	int rc = seal_record(w, 1 + w->plain_len, 0);
	w->plain_len = 0;
	return rc;
}

int cr_backup_put_file(struct cr_backup_writer *w, const char *name, const uint8_t *data,
		       size_t len)
{
	size_t nlen = strlen(name);
	if (w->finished || w->failed)
		return TC_EINVAL;
	if (nlen == 0 || nlen > CR_BACKUP_NAME_MAX || len > CR_BACKUP_FILE_MAX)
		return TC_ERANGE;
	int rc = flush_store(w); /* records keep the order of the calls */
	if (rc != TC_OK)
		return rc;
	w->plain[0] = CR_BK_FILE;
	w->plain[1] = (uint8_t)nlen;
	memcpy(w->plain + 2, name, nlen);
	if (len)
		memcpy(w->plain + 2 + nlen, data, len);
	w->files++;
	rc = seal_record(w, 2 + nlen + len, 0);
	sodium_memzero(w->plain, 2 + nlen + len);
	return rc;
}

int cr_backup_put_store(struct cr_backup_writer *w, const uint8_t *data, size_t len)
{
	if (w->finished || w->failed)
		return TC_EINVAL;
	while (len > 0) {
		size_t room = CR_BACKUP_RECORD_MAX - 1 - w->plain_len;
		size_t n = len < room ? len : room;
		memcpy(w->plain + 1 + w->plain_len, data, n);
		w->plain_len += n;
		w->store_bytes += n;
		data += n;
		len -= n;
		if (w->plain_len == CR_BACKUP_RECORD_MAX - 1) {
			int rc = flush_store(w);
			if (rc != TC_OK)
				return rc;
		}
	}
	return TC_OK;
}

int cr_backup_finish(struct cr_backup_writer *w)
{
	if (w->finished || w->failed)
		return TC_EINVAL;
	int rc = flush_store(w);
	if (rc != TC_OK)
		return rc;
	w->plain[0] = CR_BK_END;
	put_be64(w->plain + 1, w->store_bytes);
	put_be32(w->plain + 9, w->files);
	w->finished = 1;
	return seal_record(w, 13, 1);
}

uint64_t cr_backup_written(const struct cr_backup_writer *w)
{
	return w->written;
}

void cr_backup_writer_free(struct cr_backup_writer *w)
{
	if (w == NULL)
		return;
	if (w->plain) {
		sodium_memzero(w->plain, CR_BACKUP_RECORD_MAX);
		free(w->plain);
	}
	free(w->frame);
	sodium_memzero(&w->st, sizeof(w->st));
	free(w);
}

/* ---- Reading ---- */

struct cr_backup_reader {
	crypto_secretstream_xchacha20poly1305_state st;
	const struct cr_unit_secret *key;
	cr_backup_record_fn fn;
	void *arg;
	uint8_t header[CR_BACKUP_HEADER_BYTES];
	uint8_t *buf;          /* the frame being gathered: length, then ciphertext */
	uint8_t *plain;
	size_t have, need;     /* bytes gathered of what the current piece needs */
	int in_header, in_length, ended, failed;
	uint64_t offset, records, store_bytes;
	uint32_t files;
	char problem[160];
};

int cr_backup_reader_new(const struct cr_unit_secret *key, cr_backup_record_fn fn, void *arg,
			 struct cr_backup_reader **out)
{
	struct cr_backup_reader *r = calloc(1, sizeof(*r));
	if (r == NULL || (r->buf = malloc(FRAME_MAX)) == NULL ||
	    (r->plain = malloc(CR_BACKUP_RECORD_MAX)) == NULL) {
		cr_backup_reader_free(r);
		return TC_ENOMEM;
	}
	r->key = key;
	r->fn = fn;
	r->arg = arg;
	r->in_header = 1;
	r->need = CR_BACKUP_HEADER_BYTES;
	*out = r;
	return TC_OK;
}

__attribute__((format(printf, 3, 4))) static int fail(struct cr_backup_reader *r, int rc,
							const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->problem, sizeof(r->problem), fmt, ap);
	va_end(ap);
	r->failed = 1;
	return rc;
}

static int fail_msg(struct cr_backup_reader *r, int rc, const char *msg)
{
	snprintf(r->problem, sizeof(r->problem), "%s", msg);
	r->failed = 1;
	return rc;
}

static void hex8(const uint8_t id[CR_KEY_ID_BYTES], char out[2 * CR_KEY_ID_BYTES + 1])
{
	sodium_bin2hex(out, 2 * CR_KEY_ID_BYTES + 1, id, CR_KEY_ID_BYTES);
}

static int open_header(struct cr_backup_reader *r)
{
	const uint8_t *h = r->buf;
	if (memcmp(h, CR_BACKUP_MAGIC, 8) != 0)
		return fail_msg(r, TC_EFORMAT, "not a tocao backup file");
	if (h[OFF_VERSION] != CR_BACKUP_VERSION)
		return fail(r, TC_EVERSION, "backup format version %llu (this tocao reads version 1)",
			    (unsigned long long)h[OFF_VERSION]);
	if (h[9] || h[10] || h[11])
		return fail_msg(r, TC_EFORMAT, "corrupt header (reserved bytes set)");
	const struct cr_unit_pub *pub = cr_unit_secret_pub(r->key);
	if (memcmp(h + OFF_KEY_ID, pub->key_id, CR_KEY_ID_BYTES) != 0) {
		char want[17], mine[17];
		hex8(h + OFF_KEY_ID, want);
		hex8(pub->key_id, mine);
		snprintf(r->problem, sizeof(r->problem),
			 "wrong key: the backup is sealed to key id %s, this key is %s", want, mine);
		r->failed = 1;
		return TC_ECRYPTO;
	}
	uint8_t *key = sodium_malloc(crypto_secretstream_xchacha20poly1305_KEYBYTES);
	if (key == NULL)
		return fail_msg(r, TC_ENOMEM, "out of memory");
	int rc = TC_OK;
	if (crypto_box_seal_open(key, h + OFF_SEALED, SEALED_KEY, pub->pk,
				 cr_unit_secret_sk(r->key)) != 0 ||
	    crypto_secretstream_xchacha20poly1305_init_pull(&r->st, h + OFF_SS, key) != 0)
		rc = fail_msg(r, TC_ECRYPTO, "altered: the sealed stream key does not open");
	sodium_free(key);
	memcpy(r->header, h, sizeof(r->header));
	return rc;
}

/* A decrypted record's body, checked against its type, handed to the caller. */
static int deliver(struct cr_backup_reader *r, const uint8_t *p, size_t len, int final)
{
	uint8_t type = len ? p[0] : 0;
	if (final != (type == CR_BK_END))
		return fail(r, TC_EFORMAT, "corrupt: record %llu: %s", (unsigned long long)r->records,
			    final ? "the stream ends there but it is not the end record"
				  : "an end record without the final tag");
	if (type == CR_BK_STORE) {
		r->store_bytes += len - 1;
		return r->fn(r->arg, CR_BK_STORE, NULL, p + 1, len - 1);
	}
	if (type == CR_BK_FILE) {
		char name[CR_BACKUP_NAME_MAX + 1];
		size_t n = len >= 2 ? p[1] : 0;
		if (n == 0 || n > CR_BACKUP_NAME_MAX || 2 + n > len || memchr(p + 2, 0, n))
			return fail(r, TC_EFORMAT, "corrupt: file record %llu has a bad name",
				    (unsigned long long)r->records);
		memcpy(name, p + 2, n);
		name[n] = '\0';
		r->files++;
		return r->fn(r->arg, CR_BK_FILE, name, p + 2 + n, len - 2 - n);
	}
	if (type == CR_BK_END) {
		if (len != 13 || get_be64(p + 1) != r->store_bytes || get_be32(p + 9) != r->files)
			return fail(r, TC_EFORMAT, "corrupt: the end record does not match the %llu "
						   "records before it", (unsigned long long)r->records);
		r->ended = 1;
		return r->fn(r->arg, CR_BK_END, NULL, p + 1, 12);
	}
	return fail(r, TC_EFORMAT, "corrupt: record %llu has an unknown type",
		    (unsigned long long)r->records);
}

static int open_record(struct cr_backup_reader *r)
{
	unsigned long long plen = 0;
	uint8_t tag = 0;
	const uint8_t *ad = r->records == 0 ? r->header : NULL;
	if (crypto_secretstream_xchacha20poly1305_pull(&r->st, r->plain, &plen, &tag, r->buf,
						       r->need, ad, ad ? sizeof(r->header) : 0) != 0)
		return fail(r, TC_ECRYPTO, "altered or corrupt: record %llu fails authentication",
			    (unsigned long long)r->records);
	r->records++;
	int rc = deliver(r, r->plain, (size_t)plen,
			 tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL);
	sodium_memzero(r->plain, (size_t)plen);
	if (rc != TC_OK)
		r->failed = 1;
	return rc;
}

/* The piece just gathered (header, length or record): what comes next. */
static int piece_done(struct cr_backup_reader *r)
{
	int rc = TC_OK;
	if (r->in_header) {
		rc = open_header(r);
		r->in_header = 0;
		r->in_length = 1;
		r->need = 4;
	} else if (r->in_length) {
		uint32_t n = get_be32(r->buf);
		if (n <= SS_ABYTES || n > FRAME_MAX)
			return fail(r, TC_EFORMAT, "corrupt: record %llu has an impossible length",
				    (unsigned long long)r->records);
		r->in_length = 0;
		r->need = n;
	} else {
		rc = open_record(r);
		r->in_length = 1;
		r->need = 4;
	}
	r->have = 0;
	return rc;
}

int cr_backup_reader_feed(struct cr_backup_reader *r, const uint8_t *data, size_t len)
{
	if (r->failed)
		return TC_EINVAL;
	while (len > 0) {
		if (r->ended)
			return fail(r, TC_EFORMAT, "corrupt: %llu bytes after the end record",
				    (unsigned long long)len);
		size_t n = r->need - r->have < len ? r->need - r->have : len;
		memcpy(r->buf + r->have, data, n);
		r->have += n;
		r->offset += n;
		data += n;
		len -= n;
		if (r->have == r->need) {
			int rc = piece_done(r);
			if (rc != TC_OK)
				return rc;
		}
	}
	return TC_OK;
}

int cr_backup_reader_finish(struct cr_backup_reader *r)
{
	if (r->failed)
		return TC_EINVAL;
	if (!r->ended)
		return fail(r, TC_EFORMAT, "truncated: the file ends after %llu bytes, before its "
					   "end record", (unsigned long long)r->offset);
	return TC_OK;
}

const char *cr_backup_reader_problem(const struct cr_backup_reader *r)
{
	return r->problem[0] ? r->problem : "no problem";
}

void cr_backup_reader_free(struct cr_backup_reader *r)
{
	if (r == NULL)
		return;
	if (r->plain) {
		sodium_memzero(r->plain, CR_BACKUP_RECORD_MAX);
		free(r->plain);
	}
	free(r->buf);
	sodium_memzero(&r->st, sizeof(r->st));
	free(r);
}
