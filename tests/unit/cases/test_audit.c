/*
 * test_audit.c - one case's audit entries through the per-case index
 * (cases/case_audit.h) on a real LMDB store: the entries written through
 * the case service are found for their case only, in order, without the
 * others'; a store whose entries were written before the index (appended
 * straight to the log, as older builds did) gets them indexed by the
 * backfill, once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_audit.h"
#include "cases.h"
#include "cr.h"
#include "dm_units.h"
#include "tc_test.h"

static char tmpl[] = "/tmp/tocao-audit-test-XXXXXX";
static struct store *st;

static int run(enum case_op kind, void *op)
{
	struct case_write cw;
	case_write_init(&cw, kind, op);
	return store_submit_wait(st, &cw.w);
}

static void read_entry(enum case_audit_kind kind, const char *case_id, const char *detail,
		       uint8_t who)
{
	struct case_audit_read op;
	memset(&op, 0, sizeof(op));
	op.kind = kind;
	op.actor[0] = who;
	op.day = 20000;
	snprintf(op.case_id, sizeof(op.case_id), "%s", case_id);
	snprintf(op.detail, sizeof(op.detail), "%s", detail);
	TC_CHECK_INT(run(CASE_OP_AUDIT_READ, &op), TC_OK);
}

struct seen {
	int n;
	uint64_t seq[16];
	int kind[16];
	char detail[16][STORE_AUDIT_DETAIL + 1];
};

static int seen_one(const struct store_audit *e, void *arg)
{
	struct seen *s = arg;
	if (s->n < 16) {
		s->seq[s->n] = e->seq;
		s->kind[s->n] = e->kind;
		memcpy(s->detail[s->n], e->detail, sizeof(e->detail));
	}
	s->n++;
	return 0;
}

static struct seen entries_of(const char *case_id)
{
	struct store_txn *t = NULL;
	struct seen s = {0};
	TC_CHECK_INT(store_read_begin(st, &t), TC_OK);
	TC_CHECK_INT(case_audit_of(t, case_id, seen_one, &s), TC_OK);
	store_read_end(t);
	return s;
}

/* Entries of two cases and of none, interleaved: each case gets its own, in order. */
static void test_index_per_case(void)
{
	read_entry(CASE_AUDIT_SESSION, "", "", 1);
	read_entry(CASE_AUDIT_SHOW, "AUDITAA1", "", 1);
	read_entry(CASE_AUDIT_SHOW, "AUDITBB2", "", 2);
	read_entry(CASE_AUDIT_LIST, "", "rows", 2);
	read_entry(CASE_AUDIT_CASE_AUDIT, "AUDITAA1", "", 2);
	read_entry(CASE_AUDIT_ACTION, "AUDITAA1", "accept", 1);
	struct seen a = entries_of("AUDITAA1");
	TC_CHECK_INT(a.n, 3);
	TC_CHECK_INT(a.kind[0], CASE_AUDIT_SHOW);
	TC_CHECK_INT(a.kind[1], CASE_AUDIT_CASE_AUDIT);
	TC_CHECK_INT(a.kind[2], CASE_AUDIT_ACTION);
	TC_CHECK_STR(a.detail[2], "accept");
	TC_CHECK(a.seq[0] < a.seq[1] && a.seq[1] < a.seq[2]);
	struct seen b = entries_of("AUDITBB2");
	TC_CHECK_INT(b.n, 1);
	TC_CHECK_INT((int)b.seq[0], (int)a.seq[0] + 1);
	TC_CHECK_INT(entries_of("AUDITCC3").n, 0);
	TC_CHECK_STR(case_audit_kind_name(CASE_AUDIT_CASE_AUDIT), "audit_read");
	TC_CHECK_STR(case_audit_kind_name(CASE_AUDIT_NOTICE), "notice");
	TC_CHECK_STR(case_audit_kind_name(99), "other");
}

/* As an older build wrote: the log only, no index entry. */
static int old_append(struct store_txn *txn, struct store_write *w)
{
	struct store_audit e;
	memset(&e, 0, sizeof(e));
	e.kind = CASE_AUDIT_SHOW;
	e.day = 20001;
	memcpy(e.case_id, w->arg, STORE_CASE_ID_LEN);
	int rc = store_audit_append(txn, &e, cr_audit_hash);
	return rc == TC_OK ? store_meta_del(txn, "audit.indexed") : rc;
}

static int backfill(struct store_txn *txn, struct store_write *w)
{
	(void)w;
	return case_audit_backfill(txn);
}

static void test_backfill(void)
{
	struct store_write w = {.apply = old_append, .arg = "AUDITDD4"};
	TC_CHECK_INT(store_submit_wait(st, &w), TC_OK);
	TC_CHECK_INT(store_submit_wait(st, &w), TC_OK);
	TC_CHECK_INT(entries_of("AUDITDD4").n, 0); /* not indexed yet */
	struct store_write b = {.apply = backfill};
	TC_CHECK_INT(store_submit_wait(st, &b), TC_OK);
	TC_CHECK_INT(entries_of("AUDITDD4").n, 2);
	TC_CHECK_INT(entries_of("AUDITAA1").n, 3); /* indexed again, not twice */
	TC_CHECK_INT(store_submit_wait(st, &b), TC_OK); /* marked: nothing more to do */
	TC_CHECK_INT(entries_of("AUDITDD4").n, 2);
}

/* An index entry without its log entry is corruption, not silence. */
static int dangling(struct store_txn *txn, struct store_write *w)
{
	(void)w;
	return store_meta_put(txn, CASE_META_AUDIT "AUDITEE5:00000000ffffffff", "", 0);
}

static void test_dangling_index(void)
{
	struct store_write w = {.apply = dangling};
	struct store_txn *t = NULL;
	struct seen s = {0};
	TC_CHECK_INT(store_submit_wait(st, &w), TC_OK);
	TC_CHECK_INT(store_read_begin(st, &t), TC_OK);
	TC_CHECK_INT(case_audit_of(t, "AUDITEE5", seen_one, &s), TC_ECORRUPT);
	store_read_end(t);
}

int main(void)
{
	if (mkdtemp(tmpl) == NULL || dm_init() != 0 || cr_init() != 0)
		return 2;
	char dir[256];
	snprintf(dir, sizeof(dir), "%s/s", tmpl);
	struct store_options o = {.dir = dir, .map_size = 64u << 20};
	if (case_store_open(&o, &st) != 0)
		return 2;
	TC_RUN(test_index_per_case);
	TC_RUN(test_backfill);
	TC_RUN(test_dangling_index);
	store_close(st);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpl);
	if (system(cmd) != 0)
		return 2;
	return tc_test_done();
}
