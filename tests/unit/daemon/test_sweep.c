/*
 * The deadline sweep over a real store of 100,000 cases: it must find
 * exactly the cases due (checked against a brute-force count over what was
 * generated), mark exactly the overdue ones not yet marked, and read only
 * the index entries due, not the whole store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "dm_units.h"
#include "sweep.h"
#include "sweep_fixture.h"
#include "tc_test.h"

#define N_CASES 100000

static char dir_tmpl[] = "/tmp/tocao-sweep-test-XXXXXX";
static struct store *st;
static struct fixture_case *cases;
static dm_day today;

struct mark_write {
	struct store_write w;
	struct sweep_result *r;
	size_t marked;
	int rc, done;
};

static int apply_mark(struct store_txn *txn, struct store_write *w)
{
	struct mark_write *m = w->arg;
	return sweep_mark(txn, today, m->r->marks, m->r->to_mark, &m->marked);
}

static void mark_done(struct store_write *w, int rc)
{
	struct mark_write *m = w->arg;
	m->rc = rc;
	__atomic_store_n(&m->done, 1, __ATOMIC_RELEASE);
}

static int run_sweep(dm_day horizon, struct sweep_result *r)
{
	struct store_txn *t;
	int rc = store_read_begin(st, &t);
	if (rc == 0)
		rc = sweep_scan(t, today, horizon, r);
	store_read_end(t);
	return rc;
}

static void test_finds_exactly_the_due_cases(void)
{
	dm_day horizon = today + 5;
	size_t want_overdue = 0, want_soon = 0;
	for (size_t i = 0; i < N_CASES; i++) {
		if (cases[i].due == STORE_DAY_NONE || cases[i].due > horizon)
			continue;
		if (cases[i].due < today)
			want_overdue++;
		else
			want_soon++;
	}
	struct sweep_result r;
	TC_CHECK_INT(run_sweep(horizon, &r), 0);
	TC_CHECK_INT(r.overdue, want_overdue);
	TC_CHECK_INT(r.due_soon, want_soon);
	/* Only the due entries were read: a fraction of the store. */
	TC_CHECK_INT(r.visited, want_overdue + want_soon);
	TC_CHECK(r.visited < N_CASES / 2);
	/* Some were already flagged; the rest are to be marked (capped per sweep). */
	TC_CHECK(r.to_mark > 0 && r.to_mark < want_overdue);
	free(r.marks);
}

static void test_marks_exactly_the_overdue(void)
{
	struct sweep_result r;
	size_t total_marked = 0;
	/* Repeat until nothing is left to mark: the per-sweep cap spreads the work. */
	for (int round = 0; round < 100; round++) {
		TC_CHECK_INT(run_sweep(today, &r), 0);
		if (r.to_mark == 0) {
			free(r.marks);
			break;
		}
		TC_CHECK(r.to_mark <= SWEEP_MARK_MAX);
		struct mark_write m = {.r = &r};
		m.w = (struct store_write){.apply = apply_mark, .done = mark_done, .arg = &m};
		TC_CHECK_INT(store_submit(st, &m.w), 0);
		while (!__atomic_load_n(&m.done, __ATOMIC_ACQUIRE))
			usleep(200);
		TC_CHECK_INT(m.rc, 0);
		TC_CHECK_INT(m.marked, r.to_mark);
		total_marked += m.marked;
		free(r.marks);
	}
	TC_CHECK(total_marked > 0);
	/* Now every overdue case, and no other, carries the flag. */
	struct store_txn *t;
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	size_t wrong = 0;
	for (size_t i = 0; i < N_CASES; i++) {
		struct store_case c;
		if (store_case_get(t, cases[i].id, &c) != 0) {
			wrong++;
			continue;
		}
		int overdue = cases[i].due != STORE_DAY_NONE && cases[i].due < today;
		if (overdue != !!(c.flags & STORE_FLAG_OVERDUE))
			wrong++;
	}
	store_read_end(t);
	TC_CHECK_INT(wrong, 0);
}

int main(void)
{
	if (dm_init() != 0 || mkdtemp(dir_tmpl) == NULL)
		return 2;
	TC_CHECK(dm_day_from_ymd(2026, 11, 22, &today));
	struct store_options o = {.dir = dir_tmpl, .map_size = (size_t)1 << 30};
	if (store_open(&o, &st) != 0)
		return 2;
	cases = calloc(N_CASES, sizeof(*cases));
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (cases == NULL || fixture_fill(st, N_CASES, today, cases) != 0)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("filled %d cases in %.2f s\n", N_CASES,
	       (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
	TC_RUN(test_finds_exactly_the_due_cases);
	TC_RUN(test_marks_exactly_the_overdue);
	store_close(st);
	free(cases);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir_tmpl);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir_tmpl);
	return tc_test_done();
}
