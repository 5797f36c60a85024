/*
 * Fuzz target: the backup file reader (tocao restore parses untrusted
 * bytes). The first byte sets the size of the pieces the file is fed in
 * (1..256 bytes, 0 = all at once), so the reader's gathering across piece
 * boundaries is exercised too; the rest is the file, opened with a fixed
 * backup key (the corpus, made by make_backup_corpus.py with PyNaCl, is
 * sealed to it). Invariants: a file read to its end names only files with
 * names of 1..CR_BACKUP_NAME_MAX bytes, and its end record agrees with
 * what came before it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fixed key: secret 01 02 .. 20 (hex), unprotected (encryption: none). */
static const char key_text[] =
	"tocao-backup-secret-key 1\n"
	"name: backup\n"
	"key-id: f895e0f69f4946fe\n"
	"encryption: none\n"
	"public: 07a37cbc142093c8b755dc1b10e86cb426374ad16aa853ed0bdfc0b2b86d1c7c\n"
	"secret: 0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20\n";

struct seen {
	uint64_t store_bytes;
	uint32_t files;
	int ended;
};

static int on_record(void *arg, enum cr_backup_record type, const char *name, const uint8_t *d,
		     size_t len)
{
	struct seen *s = arg;
	if (s->ended)
		abort(); /* nothing after the end record */
	if (type == CR_BK_FILE) {
		size_t n = strlen(name);
		if (n == 0 || n > CR_BACKUP_NAME_MAX || len > CR_BACKUP_FILE_MAX)
			abort();
		s->files++;
	} else if (type == CR_BK_STORE) {
		s->store_bytes += len;
	} else if (type == CR_BK_END) {
		if (len != 12)
			abort();
		s->ended = 1;
	} else {
		abort();
	}
	(void)d;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cr_unit_secret *key;
	if (key == NULL && (cr_init() != 0 ||
			    cr_backup_secret_parse_pass(key_text, sizeof(key_text) - 1, NULL, 0,
							&key) != 0))
		abort();
	if (size == 0)
		return 0;
	size_t piece = data[0] ? data[0] : size;
	struct seen s = {0};
	struct cr_backup_reader *r = NULL;
	if (cr_backup_reader_new(key, on_record, &s, &r) != 0)
		abort();
	int rc = 0;
	for (size_t at = 1; at < size && rc == 0; at += piece)
		rc = cr_backup_reader_feed(r, data + at, size - at < piece ? size - at : piece);
	if (rc == 0 && cr_backup_reader_finish(r) == 0 && !s.ended)
		abort(); /* a finished read has seen the end record */
	cr_backup_reader_free(r);
	return 0;
}
