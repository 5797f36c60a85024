/*
 * The backup stream (docs/FORMAT.md "Backup files"): a round trip through
 * the writer and the reader in pieces of every size, what the reader says
 * of a wrong key, a truncation at every byte, a flip of every byte of a
 * small file, bytes after the end; and the backup key files, which never
 * load as unit keys (nor unit keys as backup keys).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cr.h"
#include "tc_test.h"

struct buf {
	uint8_t *p;
	size_t len, cap;
};

static int to_buf(void *arg, const uint8_t *data, size_t len)
{
	struct buf *b = arg;
	if (b->len + len > b->cap) {
		b->cap = (b->len + len) * 2;
		b->p = realloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
	return 0;
}

struct got {
	struct buf store;
	char names[8][CR_BACKUP_NAME_MAX + 1];
	size_t files;
	int ended;
};

static int on_record(void *arg, enum cr_backup_record type, const char *name, const uint8_t *d,
		     size_t len)
{
	struct got *g = arg;
	if (type == CR_BK_FILE && g->files < 8)
		snprintf(g->names[g->files++], sizeof(g->names[0]), "%s", name);
	else if (type == CR_BK_STORE)
		to_buf(&g->store, d, len);
	else if (type == CR_BK_END)
		g->ended = 1;
	return 0;
}

/* A backup of two files and store bytes (3 MiB: more than one record). */
static struct buf make(const struct cr_unit_secret *key, uint8_t **store, size_t *store_len)
{
	struct buf out = {0};
	struct cr_backup_writer *w = NULL;
	*store_len = 3u << 20;
	*store = malloc(*store_len);
	for (size_t i = 0; i < *store_len; i++)
		(*store)[i] = (uint8_t)(i * 7 + (i >> 13));
	TC_CHECK_INT(cr_backup_writer_new(cr_unit_secret_pub(key), to_buf, &out, &w), 0);
	TC_CHECK_INT(cr_backup_put_file(w, "tocao.conf", (const uint8_t *)"threads = 2\n", 12), 0);
	TC_CHECK_INT(cr_backup_put_file(w, "server.key", (const uint8_t *)"secret", 6), 0);
	for (size_t at = 0; at < *store_len; at += 65536)
		TC_CHECK_INT(cr_backup_put_store(w, *store + at, 65536), 0);
	TC_CHECK_INT(cr_backup_finish(w), 0);
	TC_CHECK(cr_backup_put_store(w, *store, 1) != 0); /* nothing after the end */
	TC_CHECK_INT(cr_backup_written(w), out.len);
	cr_backup_writer_free(w);
	return out;
}

static int read_all(const struct cr_unit_secret *key, const uint8_t *p, size_t len, size_t piece,
		    struct got *g, char *problem, size_t cap)
{
	struct cr_backup_reader *r = NULL;
	memset(g, 0, sizeof(*g));
	TC_CHECK_INT(cr_backup_reader_new(key, on_record, g, &r), 0);
	int rc = 0;
	for (size_t at = 0; at < len && rc == 0; at += piece)
		rc = cr_backup_reader_feed(r, p + at, len - at < piece ? len - at : piece);
	if (rc == 0)
		rc = cr_backup_reader_finish(r);
	snprintf(problem, cap, "%s", cr_backup_reader_problem(r));
	cr_backup_reader_free(r);
	return rc;
}

static void test_round_trip(void)
{
	struct cr_unit_secret *key = NULL;
	TC_CHECK_INT(cr_backup_keygen(&key), 0);
	uint8_t *store;
	size_t store_len;
	struct buf b = make(key, &store, &store_len);
	TC_CHECK(memcmp(b.p, CR_BACKUP_MAGIC, 8) == 0);
	for (size_t i = 0; i + 7 <= b.len; i++) /* sealed: the file's text is not there */
		TC_CHECK(memcmp(b.p + i, "threads", 7) != 0);
	static const size_t pieces[] = {(size_t)1 << 30, 3, 124, 4096, (size_t)1 << 20};
	for (size_t i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		struct got g;
		char problem[200];
		TC_CHECK_INT(read_all(key, b.p, b.len, pieces[i], &g, problem, sizeof(problem)), 0);
		TC_CHECK(g.ended);
		TC_CHECK_INT(g.files, 2);
		TC_CHECK_STR(g.names[0], "tocao.conf");
		TC_CHECK_STR(g.names[1], "server.key");
		TC_CHECK_INT(g.store.len, store_len);
		TC_CHECK(g.store.p && memcmp(g.store.p, store, store_len) == 0);
		free(g.store.p);
	}
	free(b.p);
	free(store);
	cr_unit_secret_free(key);
}

static void test_bad_files(void)
{
	struct cr_unit_secret *key = NULL, *other = NULL;
	TC_CHECK_INT(cr_backup_keygen(&key), 0);
	TC_CHECK_INT(cr_backup_keygen(&other), 0);
	uint8_t *store;
	size_t store_len;
	struct buf b = make(key, &store, &store_len);
	struct got g;
	char problem[200];
	TC_CHECK_INT(read_all(other, b.p, b.len, 1 << 20, &g, problem, sizeof(problem)),
		     TC_ECRYPTO);
	TC_CHECK(strstr(problem, "wrong key") != NULL);
	free(g.store.p);
	/* Truncated anywhere: never accepted. */
	for (size_t cut = 0; cut < b.len; cut += cut < 300 ? 1 : 131071) {
		TC_CHECK(read_all(key, b.p, cut, 1 << 20, &g, problem, sizeof(problem)) != 0);
		free(g.store.p);
	}
	/* One flipped bit anywhere: never accepted. */
	for (size_t at = 0; at < b.len; at += at < 300 ? 1 : 131071) {
		b.p[at] ^= 0x10;
		TC_CHECK(read_all(key, b.p, b.len, 1 << 20, &g, problem, sizeof(problem)) != 0);
		free(g.store.p);
		b.p[at] ^= 0x10;
	}
	to_buf(&b, (const uint8_t *)"x", 1);
	TC_CHECK_INT(read_all(key, b.p, b.len, 1 << 20, &g, problem, sizeof(problem)), TC_EFORMAT);
	TC_CHECK(strstr(problem, "after the end record") != NULL);
	free(g.store.p);
	free(b.p);
	free(store);
	cr_unit_secret_free(key);
	cr_unit_secret_free(other);
}

static void test_key_files(void)
{
	char dir[] = "/tmp/tocao-bk-XXXXXX", sec[64], pub[64];
	TC_CHECK(mkdtemp(dir) != NULL);
	snprintf(sec, sizeof(sec), "%s/b.key", dir);
	snprintf(pub, sizeof(pub), "%s/b.pub", dir);
	struct cr_unit_secret *key = NULL, *back = NULL;
	struct cr_unit_pub p;
	TC_CHECK_INT(cr_backup_keygen(&key), 0);
	TC_CHECK_INT(cr_backup_secret_save_protected(key, sec, "a long passphrase", 17,
						     CR_KDF_INTERACTIVE), 0);
	TC_CHECK_INT(cr_backup_pub_save(cr_unit_secret_pub(key), pub), 0);
	TC_CHECK_INT(cr_backup_secret_load_pass(sec, NULL, 0, &back), TC_ELOCKED);
	TC_CHECK_INT(cr_backup_secret_load_pass(sec, "wrong passphrase!", 17, &back), TC_ECRYPTO);
	TC_CHECK_INT(cr_backup_secret_load_pass(sec, "a long passphrase", 17, &back), 0);
	TC_CHECK(back && memcmp(cr_unit_secret_pub(back)->pk, cr_unit_secret_pub(key)->pk, 32) == 0);
	TC_CHECK_INT(cr_backup_pub_load(pub, &p), 0);
	TC_CHECK_STR(p.unit, CR_BACKUP_KEY_NAME);
	/* Neither kind loads as the other. */
	TC_CHECK(cr_unit_pub_load(pub, &p) != 0);
	struct cr_unit_secret *unit = NULL;
	TC_CHECK_INT(cr_unit_keygen("TT-96", &unit), 0);
	snprintf(sec, sizeof(sec), "%s/u.pub", dir);
	TC_CHECK_INT(cr_unit_pub_save(cr_unit_secret_pub(unit), sec), 0);
	TC_CHECK(cr_backup_pub_load(sec, &p) != 0);
	cr_unit_secret_free(unit);
	cr_unit_secret_free(back);
	cr_unit_secret_free(key);
	unlink(sec);
	unlink(pub);
	snprintf(sec, sizeof(sec), "%s/b.key", dir);
	unlink(sec);
	rmdir(dir);
}

int main(void)
{
	if (cr_init() != 0)
		return 1;
	TC_RUN(test_round_trip);
	TC_RUN(test_bad_files);
	TC_RUN(test_key_files);
	return tc_test_done();
}
