/*
 * test_counts.c - the oversight counters' roll-ups: any period read
 * through case_counts_range (whole years, quarters and months from the
 * roll-ups, ragged ends from finer ones) or up to today through the
 * horizon, and the charts' month totals (case_counts_months), sum to the
 * same as counting the events day by day; and a store written before the
 * roll-ups (schema 1) gets them on open.
 */
#include <lmdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_case.h"
#include "dm_date.h"
#include "dm_units.h"
#include "store.h"
#include "case_counts.h"
#include "cases.h"
#include "tc_test.h"

#define N_CASES 600
#define SPAN 800 /* days over which cases are received */

static char tmpl[] = "/tmp/tocao-counts-test-XXXXXX";
static dm_day base;
static int received_on[SPAN], settled_on[SPAN + 64];

struct fn_write {
	struct store_write w;
	int (*fn)(struct store_txn *txn, void *arg);
	void *arg;
	pthread_mutex_t m;
	pthread_cond_t cv;
	int done, rc;
};

static int apply_fn(struct store_txn *txn, struct store_write *w)
{
	struct fn_write *fw = w->arg;
	return fw->fn(txn, fw->arg);
}

static void done_fn(struct store_write *w, int rc)
{
	struct fn_write *fw = w->arg;
	pthread_mutex_lock(&fw->m);
	fw->rc = rc;
	fw->done = 1;
	pthread_cond_signal(&fw->cv);
	pthread_mutex_unlock(&fw->m);
}

/* Run fn inside one write and wait for its commit. */
static int write_sync(struct store *st, int (*fn)(struct store_txn *, void *), void *arg)
{
	struct fn_write fw;
	memset(&fw, 0, sizeof(fw));
	fw.fn = fn;
	fw.arg = arg;
	fw.w.apply = apply_fn;
	fw.w.done = done_fn;
	fw.w.arg = &fw;
	pthread_mutex_init(&fw.m, NULL);
	pthread_cond_init(&fw.cv, NULL);
	int rc = store_submit(st, &fw.w);
	if (rc == 0) {
		pthread_mutex_lock(&fw.m);
		while (!fw.done)
			pthread_cond_wait(&fw.cv, &fw.m);
		pthread_mutex_unlock(&fw.m);
		rc = fw.rc;
	}
	pthread_mutex_destroy(&fw.m);
	pthread_cond_destroy(&fw.cv);
	return rc;
}

static void make_case(struct store_case *c, int i)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->case_id, sizeof(c->case_id), "C%07u", (unsigned)i % 10000000u);
	snprintf(c->unit, sizeof(c->unit), "%s", i % 3 ? "TT-96" : "TT-01");
	memcpy(c->province, i % 3 ? "96" : "01", 3);
	c->kind = DM_KIND_DENUNCIATION;
	c->identity = 2;
	c->track = DM_TRACK_DENUNCIATION;
	c->category = (uint8_t)(1 + i % 4);
	c->status = DM_STATUS_RECEIVED;
	c->instance = 1;
	/* Spread over SPAN days, with runs on month edges (i * 37 mod SPAN hits every residue). */
	c->received = base + (i * 37) % SPAN;
	c->accepted = c->settled = c->closed = c->suspended_since = STORE_DAY_NONE;
	for (int k = 0; k < STORE_DEADLINES; k++)
		c->deadlines[k] = STORE_DAY_NONE;
	c->next_deadline = STORE_DAY_NONE;
}

static int fill(struct store_txn *txn, void *arg)
{
	(void)arg;
	for (int i = 0; i < N_CASES; i++) {
		struct store_case c, after;
		make_case(&c, i);
		int rc = store_case_put(txn, &c, true);
		if (rc == 0)
			rc = case_counts_change(txn, NULL, &c, c.received);
		if (rc != 0)
			return rc;
		received_on[c.received - base]++;
		if (i % 2)
			continue;
		/* Every other case is settled some days later (the day it happens). */
		after = c;
		after.status = DM_STATUS_SETTLED;
		int32_t day = c.received + i % 61;
		rc = case_counts_change(txn, &c, &after, day);
		if (rc == 0)
			rc = store_case_put(txn, &after, false);
		if (rc != 0)
			return rc;
		settled_on[day - base]++;
	}
	return 0;
}

static int add(const struct case_count_key *k, int64_t n, void *arg)
{
	(void)k;
	*(int64_t *)arg += n;
	return 0;
}

static int64_t range_sum(struct store *st, uint8_t kind, dm_day from, dm_day to)
{
	struct store_txn *txn;
	int64_t n = 0;
	TC_CHECK_INT(store_read_begin(st, &txn), 0);
	TC_CHECK_INT(case_counts_range(txn, kind, from, to, add, &n), 0);
	store_read_end(txn);
	return n;
}

static int64_t hand_sum(const int *days, int len, dm_day from, dm_day to)
{
	int64_t n = 0;
	for (int d = 0; d < len; d++)
		if (base + d >= from && base + d <= to)
			n += days[d];
	return n;
}

/* Periods that start and end on month edges, inside months, and at random. */
static int check_periods(struct store *st)
{
	dm_day p[][2] = {{0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}};
	int bad = 0, n = 0;
	dm_day_from_ymd(2025, 1, 1, &p[0][0]);  /* one whole year */
	dm_day_from_ymd(2025, 12, 31, &p[0][1]);
	dm_day_from_ymd(2025, 2, 1, &p[1][0]);  /* exactly one month (February) */
	dm_day_from_ymd(2025, 2, 28, &p[1][1]);
	dm_day_from_ymd(2025, 2, 10, &p[2][0]); /* inside one month */
	dm_day_from_ymd(2025, 2, 20, &p[2][1]);
	dm_day_from_ymd(2025, 1, 31, &p[3][0]); /* last day of a month to the 1st of the next but one */
	dm_day_from_ymd(2025, 3, 1, &p[3][1]);
	dm_day_from_ymd(2024, 12, 1, &p[4][0]); /* before the first case, to a month's end */
	dm_day_from_ymd(2026, 4, 30, &p[4][1]);
	dm_day_from_ymd(2025, 3, 15, &p[5][0]); /* one day */
	p[5][1] = p[5][0];
	for (size_t i = 0; i < sizeof(p) / sizeof(p[0]); i++, n++) {
		bad += range_sum(st, COUNT_RECEIVED, p[i][0], p[i][1]) !=
		       hand_sum(received_on, SPAN, p[i][0], p[i][1]);
		bad += range_sum(st, COUNT_SETTLED, p[i][0], p[i][1]) !=
		       hand_sum(settled_on, SPAN + 64, p[i][0], p[i][1]);
	}
	unsigned s = 7;
	for (int i = 0; i < 300; i++, n++) {
		s = s * 1103515245u + 12345u;
		dm_day from = base - 20 + (dm_day)((s >> 8) % (SPAN + 60));
		s = s * 1103515245u + 12345u;
		dm_day to = from + (dm_day)((s >> 8) % 500);
		bad += range_sum(st, COUNT_RECEIVED, from, to) != hand_sum(received_on, SPAN, from, to);
		bad += range_sum(st, COUNT_SETTLED, from, to) !=
		       hand_sum(settled_on, SPAN + 64, from, to);
	}
	TC_CHECK(n > 300);
	return bad;
}

struct month_sum {
	int64_t total, bad;
	const int *days;
	int len;
};

static int month_check(int32_t month, int64_t n, void *arg)
{
	struct month_sum *ms = arg;
	int y, m, d;
	dm_day next;
	dm_day_to_ymd(month, &y, &m, &d);
	dm_day_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1, &next);
	ms->total += n;
	ms->bad += n != hand_sum(ms->days, ms->len, month, next - 1);
	return 0;
}

/*
 * The charts' totals (one counter a month, or the days of a ragged month)
 * and a period read to today through the horizon agree with the days.
 */
static int check_charts(struct store *st)
{
	struct store_txn *txn;
	int bad = 0;
	dm_day today = base + SPAN + 64, from, to;
	TC_CHECK_INT(store_read_begin(st, &txn), 0);
	struct month_sum all = {.days = received_on, .len = SPAN};
	TC_CHECK_INT(case_counts_months(txn, COUNT_RECEIVED, "", 0, 0, base - 40, today, today,
					month_check, &all), 0);
	bad += all.total != N_CASES || all.bad != 0;
	/* Province 96 is two cases in three (make_case): its months sum to that. */
	struct month_sum p96 = {.days = received_on, .len = SPAN};
	TC_CHECK_INT(case_counts_months(txn, COUNT_RECEIVED, "96", 0, 0, base - 40, today, today,
					month_check, &p96), 0);
	bad += p96.total != N_CASES - (N_CASES + 2) / 3;
	/* A ragged period: its first and last months from the days. */
	dm_day_from_ymd(2025, 2, 10, &from);
	dm_day_from_ymd(2025, 7, 20, &to);
	struct month_sum rag = {.days = settled_on, .len = SPAN + 64};
	TC_CHECK_INT(case_counts_months(txn, COUNT_SETTLED, "", 0, 0, from, to, today,
					month_check, &rag), 0);
	bad += rag.total != hand_sum(settled_on, SPAN + 64, from, to);
	store_read_end(txn);
	/* To today, read through the horizon (today's buckets whole). */
	for (dm_day f = base - 10; f < today; f += 47)
		bad += range_sum(st, COUNT_RECEIVED, f, case_counts_horizon(today, today)) !=
		       hand_sum(received_on, SPAN, f, today);
	return bad;
}

static void test_months_equal_days(void)
{
	char dir[256];
	snprintf(dir, sizeof(dir), "%s/a", tmpl);
	struct store_options o = {.dir = dir, .map_size = 64u << 20};
	struct store *st = NULL;
	TC_CHECK_INT(store_open(&o, &st), 0);
	if (st == NULL)
		return;
	TC_CHECK_INT(write_sync(st, fill, NULL), 0);
	dm_day all_to = base + SPAN + 64;
	TC_CHECK_INT(range_sum(st, COUNT_RECEIVED, base, all_to), N_CASES);
	TC_CHECK_INT(range_sum(st, COUNT_SETTLED, base, all_to), N_CASES / 2);
	TC_CHECK_INT(check_periods(st), 0);
	TC_CHECK_INT(check_charts(st), 0);
	store_close(st);

	/*
	 * Make it a schema-1 store (no roll-up), as an earlier version wrote it,
	 * and check that opening it rebuilds the months.
	 */
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi counts, meta;
	MDB_cursor *cur;
	MDB_val k, v;
	TC_CHECK_INT(mdb_env_create(&env), 0);
	mdb_env_set_maxdbs(env, 32);
	mdb_env_set_mapsize(env, 64u << 20);
	TC_CHECK_INT(mdb_env_open(env, dir, 0, 0600), 0);
	TC_CHECK_INT(mdb_txn_begin(env, NULL, 0, &txn), 0);
	TC_CHECK_INT(mdb_dbi_open(txn, "counts", 0, &counts), 0);
	TC_CHECK_INT(mdb_dbi_open(txn, "meta", 0, &meta), 0);
	TC_CHECK_INT(mdb_cursor_open(txn, counts, &cur), 0);
	int removed = 0;
	for (int m = mdb_cursor_get(cur, &k, &v, MDB_FIRST); m == 0;
	     m = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		/* Schema 1 had no roll-up (kinds from 'a') and no charts' totals (below 'A'). */
		uint8_t kind = ((const uint8_t *)k.mv_data)[0];
		if (kind >= 'a' || kind < 'A') {
			TC_CHECK_INT(mdb_cursor_del(cur, 0), 0);
			removed++;
		}
	}
	mdb_cursor_close(cur);
	TC_CHECK(removed > 0);
	uint8_t one[4] = {0, 0, 0, 1};
	k.mv_size = 6;
	k.mv_data = "schema";
	v.mv_size = 4;
	v.mv_data = one;
	TC_CHECK_INT(mdb_put(txn, meta, &k, &v, 0), 0);
	TC_CHECK_INT(mdb_txn_commit(txn), 0);
	mdb_env_close(env);

	/* Read-only, an old store is refused rather than read without its months. */
	struct store_options ro = o;
	ro.read_only = true;
	struct store *old = NULL;
	TC_CHECK_INT(store_open(&ro, &old), TC_EVERSION);
	TC_CHECK(old == NULL);

	/* Writable without the cases layer's upgrade: refused, the store cannot do it. */
	TC_CHECK_INT(store_open(&o, &old), TC_EVERSION);
	TC_CHECK(old == NULL);

	TC_CHECK_INT(case_store_open(&o, &st), 0);
	if (st == NULL)
		return;
	TC_CHECK_INT(range_sum(st, COUNT_RECEIVED, base, all_to), N_CASES);
	TC_CHECK_INT(check_periods(st), 0);
	TC_CHECK_INT(check_charts(st), 0);
	store_close(st);
}

/* Two cases flagged overdue under the old meaning: one settled, one open; a meta value. */
static int old_flags(struct store_txn *txn, void *arg)
{
	(void)arg;
	struct store_case c;
	make_case(&c, 1);
	c.flags = STORE_FLAG_OVERDUE;
	int rc = store_case_put(txn, &c, true);
	if (rc == 0)
		rc = case_counts_change(txn, NULL, &c, c.received);
	make_case(&c, 2);
	c.flags = STORE_FLAG_OVERDUE;
	c.status = DM_STATUS_SETTLED;
	c.accepted = c.settled = c.closed = c.received;
	if (rc == 0)
		rc = store_case_put(txn, &c, true);
	if (rc == 0)
		rc = case_counts_change(txn, NULL, &c, c.received);
	if (rc == 0)
		rc = store_meta_put(txn, "test.value", "abc", 3);
	if (rc == 0 && store_meta_put(txn, "schema", "x", 1) != TC_EINVAL)
		rc = TC_EINVAL; /* the store's own: refused */
	return rc;
}

static uint32_t flags_of(struct store *st, const char *id)
{
	struct store_txn *t = NULL;
	struct store_case c = {0};
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(store_case_get(t, id, &c), 0);
	store_read_end(t);
	return c.flags;
}

/* A schema-2 store: settled cases flagged overdue become "was late"; open ones keep the flag. */
static void test_upgrade_flags(void)
{
	char dir[256];
	snprintf(dir, sizeof(dir), "%s/b", tmpl);
	struct store_options o = {.dir = dir, .map_size = 64u << 20};
	struct store *st = NULL;
	TC_CHECK_INT(case_store_open(&o, &st), 0);
	if (st == NULL)
		return;
	TC_CHECK_INT(write_sync(st, old_flags, NULL), 0);
	int64_t overdue = range_sum(st, COUNT_OVERDUE_NOW, 0, 0);
	TC_CHECK_INT(overdue, 1);
	store_close(st);
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi meta;
	TC_CHECK_INT(mdb_env_create(&env), 0);
	mdb_env_set_maxdbs(env, 32);
	mdb_env_set_mapsize(env, 64u << 20);
	TC_CHECK_INT(mdb_env_open(env, dir, 0, 0600), 0);
	TC_CHECK_INT(mdb_txn_begin(env, NULL, 0, &txn), 0);
	TC_CHECK_INT(mdb_dbi_open(txn, "meta", 0, &meta), 0);
	uint8_t two[4] = {0, 0, 0, 2};
	MDB_val k = {.mv_size = 6, .mv_data = "schema"}, v = {.mv_size = 4, .mv_data = two};
	TC_CHECK_INT(mdb_put(txn, meta, &k, &v, 0), 0);
	TC_CHECK_INT(mdb_txn_commit(txn), 0);
	mdb_env_close(env);

	TC_CHECK_INT(case_store_open(&o, &st), 0);
	if (st == NULL)
		return;
	TC_CHECK_INT(flags_of(st, "C0000001"), STORE_FLAG_OVERDUE | STORE_FLAG_WAS_LATE);
	TC_CHECK_INT(flags_of(st, "C0000002"), STORE_FLAG_WAS_LATE);
	TC_CHECK_INT(range_sum(st, COUNT_OVERDUE_NOW, 0, 0), overdue);
	struct store_txn *t = NULL;
	char buf[8];
	size_t len = 0;
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(store_meta_get(t, "test.value", buf, sizeof(buf), &len), 0);
	TC_CHECK(len == 3 && memcmp(buf, "abc", 3) == 0);
	TC_CHECK_INT(store_meta_get(t, "test.value", buf, 2, &len), -ENOBUFS);
	TC_CHECK_INT(store_meta_get(t, "absent", buf, sizeof(buf), &len), TC_ENOENT);
	store_read_end(t);
	/* The owner's lock: a second exclusive open is refused while this one holds it. */
	struct store *other = NULL;
	struct store_options ox = o;
	ox.exclusive = true;
	struct store *first = NULL;
	store_close(st);
	TC_CHECK_INT(case_store_open(&ox, &first), 0);
	TC_CHECK_INT(case_store_open(&ox, &other), TC_EBUSY);
	TC_CHECK(other == NULL);
	store_close(first);
	TC_CHECK_INT(case_store_open(&ox, &other), 0);
	store_close(other);
}

int main(void)
{
	if (mkdtemp(tmpl) == NULL || dm_init() != 0 || !dm_day_from_ymd(2025, 1, 1, &base))
		return 2;
	TC_RUN(test_months_equal_days);
	TC_RUN(test_upgrade_flags);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpl);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpl);
	return tc_test_done();
}
