/*
 * sweep_fixture.h - a store filled with N synthetic cases in varied states,
 * shared by the sweep test and the sweep benchmark.
 */
#ifndef TOCAO_SWEEP_FIXTURE_H
#define TOCAO_SWEEP_FIXTURE_H

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dm_case.h"
#include "dm_watch.h"
#include "store.h"

struct fixture_case {
	char id[STORE_CASE_ID_LEN + 1];
	int32_t due; /* the watched deadline, STORE_DAY_NONE if none */
};

struct fill_write {
	struct store_write w;
	struct fixture_case *cases;
	size_t from, n;
	dm_day today;
	int32_t lo, span; /* deadlines drawn from today+lo .. today+lo+span-1 */
	unsigned seed;
	int rc, done;
};

static inline unsigned fixture_rand(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 8) & 0xffffff;
}

static inline void fixture_id(size_t i, char out[STORE_CASE_ID_LEN + 1])
{
	static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	for (int k = STORE_CASE_ID_LEN - 1; k >= 0; k--) {
		out[k] = alpha[i % 32];
		i /= 32;
	}
	out[STORE_CASE_ID_LEN] = '\0';
}

/*
 * Case i: 70% received (process_by drawn from [today+lo, today+lo+span)), 15%
 * accepted (settle_by likewise), 5% suspended, 10% closed. About 2% are
 * already flagged overdue, as a previous sweep would have left them.
 */
static inline int fill_apply(struct store_txn *txn, struct store_write *w)
{
	struct fill_write *f = w->arg;
	for (size_t i = f->from; i < f->from + f->n; i++) {
		struct store_case c;
		memset(&c, 0, sizeof(c));
		fixture_id(i, c.case_id);
		snprintf(c.unit, sizeof(c.unit), "TT-%02d", (int)(i % 2) ? 1 : 96);
		memcpy(c.province, (i % 2) ? "01" : "96", 3);
		c.kind = DM_KIND_DENUNCIATION;
		c.identity = DM_IDENTITY_NAMED;
		c.track = DM_TRACK_DENUNCIATION;
		c.category = DM_CAT_LAND;
		c.instance = 1;
		c.accepted = c.settled = c.closed = c.suspended_since = STORE_DAY_NONE;
		for (int k = 0; k < STORE_DEADLINES; k++)
			c.deadlines[k] = STORE_DAY_NONE;
		unsigned r = fixture_rand(&f->seed) % 100;
		int32_t d = f->today + f->lo + (int32_t)(fixture_rand(&f->seed) % (unsigned)f->span);
		c.received = d - 10;
		c.deadlines[DM_DL_PROCESS] = d;
		if (r < 70) {
			c.status = DM_STATUS_RECEIVED;
		} else if (r < 85) {
			c.status = DM_STATUS_ACCEPTED;
			c.deadlines[DM_DL_SETTLE] = d;
			c.deadlines[DM_DL_PROCESS] = d - 30;
		} else if (r < 90) {
			c.status = DM_STATUS_SUSPENDED;
		} else {
			c.status = DM_STATUS_SETTLED;
		}
		c.next_deadline = dm_watch_due_days((enum dm_status)c.status, c.deadlines);
		if (c.next_deadline != STORE_DAY_NONE && c.next_deadline < f->today &&
		    fixture_rand(&f->seed) % 50 == 0)
			c.flags |= STORE_FLAG_OVERDUE;
		if (f->cases) {
			memcpy(f->cases[i].id, c.case_id, sizeof(c.case_id));
			f->cases[i].due = c.next_deadline;
		}
		int rc = store_case_put(txn, &c, true);
		if (rc != TC_OK)
			return rc;
	}
	return TC_OK;
}

static inline void fill_done(struct store_write *w, int rc)
{
	struct fill_write *f = w->arg;
	f->rc = rc;
	__atomic_store_n(&f->done, 1, __ATOMIC_RELEASE);
}

/* Fill st with n cases (in chunks of 50,000 per transaction). */
static inline int fixture_fill_spread(struct store *st, size_t n, dm_day today, int32_t lo, int32_t span,
			       struct fixture_case *cases)
{
	unsigned seed = 12345;
	for (size_t from = 0; from < n; from += 50000) {
		struct fill_write f = {.cases = cases, .from = from, .today = today, .seed = seed,
				       .lo = lo, .span = span};
		f.n = n - from < 50000 ? n - from : 50000;
		f.w = (struct store_write){.apply = fill_apply, .done = fill_done, .arg = &f};
		if (store_submit(st, &f.w) != TC_OK)
			return -1;
		while (!__atomic_load_n(&f.done, __ATOMIC_ACQUIRE))
			usleep(1000);
		if (f.rc != TC_OK)
			return f.rc;
		seed = f.seed;
	}
	return 0;
}

/* The test's mix: deadlines from 40 days ago to 60 days ahead (many due). */
static inline int fixture_fill(struct store *st, size_t n, dm_day today, struct fixture_case *cases)
{
	return fixture_fill_spread(st, n, today, -40, 101, cases);
}

#endif
