/*
 * monitor_bench - oversight figures against a store of N synthetic cases.
 *
 *   monitor_bench fill STORE_DIR N   fill a store (e.g. an instance's DIR/store) with N
 *                                    cases received over the two years before today,
 *                                    in every province, with the counters a daemon keeps
 *   monitor_bench time STORE_DIR     time the monitors' figures for every kind of period
 *                                    (time_figures: whole months to today and in the past,
 *                                    the comparison's and the digest's ragged ones) under
 *                                    every filter (none, province, track, category and their
 *                                    mixes), median of 21 runs: counters, the overdue bands
 *                                    and the disclosure control (keyless), as the daemon
 *                                    does (mon_figures_publish; the ragged ones totals only,
 *                                    mon_figures_publish_totals), with the parts' times (ms)
 *
 * The cases look like a busy system's: 34 provinces of uneven size, a few
 * per cent for the Government Inspectorate, all tracks and categories; old
 * cases mostly settled (on time or late by province), recent ones open,
 * some overdue. Each case and each later state of it go in through the
 * case service's bulk load (case_load_apply: the record with its indexes
 * and the counters the daemon keeps), batched 5,000 cases to a write.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dm_case.h"
#include "dm_grounds.h"
#include "dm_units.h"
#include "case_figures.h"
#include "cases.h"
#include "store.h"

#define BATCH 5000

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static unsigned next(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 8) & 0xffffff;
}

struct fill {
	struct store_write w;
	size_t from, n;
	dm_day today;
	unsigned seed;
	int rc, done;
};

static void case_id(size_t i, char out[STORE_CASE_ID_LEN + 1])
{
	static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	for (int k = STORE_CASE_ID_LEN - 1; k >= 0; k--) {
		out[k] = alpha[i % 32];
		i /= 32;
	}
	out[STORE_CASE_ID_LEN] = '\0';
}

/* A legal ground of the case's track for a decline, spread over its grounds without a draw. */
static uint8_t ground_for(const struct store_case *c)
{
	uint8_t valid[DM_GROUND_MAX];
	unsigned n = 0;
	const char *why;
	for (unsigned g = 1; g <= DM_GROUND_MAX; g++)
		if (dm_ground_check((enum dm_decline_ground)g, (enum dm_track)c->track, &why) == TC_OK)
			valid[n++] = (uint8_t)g;
	return n ? valid[(unsigned)c->received % n] : 0;
}

/* One change of a case, with its counters, through the case service. */
static int change(struct store_txn *txn, struct store_case *c, const struct store_case *before,
		  dm_day day)
{
	const struct case_load op = {.before = before, .after = c, .day = day};
	return case_load_apply(txn, &op);
}

static int fill_apply(struct store_txn *txn, struct store_write *w)
{
	struct fill *f = w->arg;
	for (size_t i = f->from; i < f->from + f->n; i++) {
		struct store_case c, b;
		memset(&c, 0, sizeof(c));
		case_id(i, c.case_id);
		/* Uneven provinces: the square of a uniform pick favours the first ones. */
		unsigned r = next(&f->seed) % 1000;
		size_t p = (size_t)(r * r / 1000) * dm_province_count() / 1000;
		const struct dm_province *prov = dm_province_at(p);
		memcpy(c.province, prov->code, 3);
		snprintf(c.unit, sizeof(c.unit), "%s", next(&f->seed) % 100 < 4 ? "TTCP" : prov->unit->id);
		static const uint8_t tracks[] = {1, 1, 1, 2, 3, 3, 4, 4};
		c.track = tracks[next(&f->seed) % 8];
		c.kind = c.track == 3 ? 2 : c.track == 4 ? 3 : 1;
		c.identity = c.track == 2 ? 1 : 2;
		c.category = (uint8_t)(1 + next(&f->seed) % DM_CAT_COUNT);
		c.instance = 1;
		c.status = DM_STATUS_RECEIVED;
		c.received = f->today - (dm_day)(next(&f->seed) % 730);
		c.accepted = c.settled = c.closed = c.suspended_since = STORE_DAY_NONE;
		for (int k = 0; k < STORE_DEADLINES; k++)
			c.deadlines[k] = STORE_DAY_NONE;
		c.deadlines[0] = c.received + 14;
		c.next_deadline = c.deadlines[0];
		int rc = change(txn, &c, NULL, c.received);
		int age = f->today - c.received;
		unsigned fate = next(&f->seed) % 100;
		/* Declined or transferred within the first two weeks, for some. */
		if (rc == 0 && fate < 6 && age > 14) {
			b = c;
			c.closed = c.received + 10;
			if (fate < 4) {
				c.status = DM_STATUS_DECLINED;
				c.ground = ground_for(&c);
			} else {
				/* Sent to the competent unit, where it starts again. */
				snprintf(c.unit, sizeof(c.unit), "%s",
					 strcmp(c.unit, "TTCP") == 0 ? prov->unit->id : "TTCP");
				c.closed = STORE_DAY_NONE;
			}
			c.next_deadline = STORE_DAY_NONE;
			rc = change(txn, &c, &b, c.closed);
			if (rc)
				return rc;
			continue;
		}
		if (rc == 0 && age > 10) {
			b = c;
			c.status = DM_STATUS_ACCEPTED;
			c.accepted = c.received + 7;
			c.deadlines[3] = c.accepted + 60;
			c.next_deadline = c.deadlines[3];
			if (fate % 17 == 0)
				c.flags |= STORE_FLAG_CRIMINAL_SIGNS;
			rc = change(txn, &c, &b, c.accepted);
		}
		/* Settled after 20-100 days; lateness varies with the province. */
		int takes = 20 + (int)(next(&f->seed) % (50 + 2 * (unsigned)p));
		if (rc == 0 && c.status == DM_STATUS_ACCEPTED && age > takes && fate < 94) {
			b = c;
			c.status = DM_STATUS_SETTLED;
			c.settled = c.closed = c.received + takes;
			c.next_deadline = STORE_DAY_NONE;
			rc = change(txn, &c, &b, c.settled);
		} else if (rc == 0 && c.next_deadline != STORE_DAY_NONE && c.next_deadline < f->today) {
			/* Still open past its deadline: the sweep has flagged it. */
			b = c;
			c.flags |= STORE_FLAG_OVERDUE;
			rc = change(txn, &c, &b, c.next_deadline + 1);
		}
		if (rc)
			return rc;
	}
	return 0;
}

static void fill_done(struct store_write *w, int rc)
{
	struct fill *f = w->arg;
	f->rc = rc;
	__atomic_store_n(&f->done, 1, __ATOMIC_RELEASE);
}

static int fill(const char *dir, size_t n)
{
	struct store *st;
	struct store_options o = {.dir = dir, .map_size = (size_t)16 << 30};
	if (case_store_open(&o, &st) != 0)
		return 1;
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	double t0 = now_s();
	for (size_t from = 0; from < n; from += BATCH) {
		struct fill f = {.from = from, .n = n - from < BATCH ? n - from : BATCH, .today = today,
				 .seed = (unsigned)from * 2654435761u + 1};
		f.w.apply = fill_apply;
		f.w.done = fill_done;
		f.w.arg = &f;
		if (store_submit(st, &f.w) != 0)
			return 1;
		while (!__atomic_load_n(&f.done, __ATOMIC_ACQUIRE)) {
			struct timespec ms = {0, 1000000};
			nanosleep(&ms, NULL);
		}
		if (f.rc != 0) {
			fprintf(stderr, "fill failed at %zu: %d\n", from, f.rc);
			return 1;
		}
	}
	struct store_stats s;
	store_stats(st, &s);
	printf("%zu cases in %.1f s (store now %llu cases, %.1f%% of its map)\n", n, now_s() - t0,
	       (unsigned long long)s.cases, s.fill * 100);
	store_close(st);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static dm_day first_of(dm_day today, int back_months, bool quarter)
{
	int y, m, d;
	dm_day out;
	dm_day_to_ymd(today, &y, &m, &d);
	if (quarter)
		m = (m - 1) / 3 * 3 + 1;
	m -= back_months;
	while (m < 1) {
		m += 12;
		y--;
	}
	return dm_day_from_ymd(y, m, 1, &out) ? out : today;
}

/* The same day of the month a year before (the 28th for a 29 February). */
static dm_day year_before(dm_day day)
{
	int y, m, d;
	dm_day out;
	dm_day_to_ymd(day, &y, &m, &d);
	while (d > 28 && !dm_day_from_ymd(y - 1, m, d, &out))
		d--;
	return dm_day_from_ymd(y - 1, m, d, &out) ? out : day - 365;
}

/*
 * Every kind of period a monitor's figures are asked for: whole months to
 * today as the pages and the API serve them (mon_period_months: the
 * default 12 months, this month, this quarter, 25 months), whole months in
 * the past (last calendar year, three months ending two months ago), and
 * the two ragged ones the daemon asks itself: the comparison's "same
 * period last year" (monitor_compare.c: the 12 months' view a year back,
 * ending on today's date a year ago) and the digest's last 7 days
 * (case_digest.c).
 */
static void period(int which, dm_day today, dm_day *from, dm_day *to)
{
	*to = today;
	switch (which) {
	case 0: *from = first_of(today, 11, false); break;
	case 1: *from = first_of(today, 0, false); break;
	case 2: *from = first_of(today, 0, true); break;
	case 3: *from = first_of(today, 24, false); break;
	case 4: {
		int y, m, d;
		dm_day_to_ymd(today, &y, &m, &d);
		*from = first_of(today, m - 1 + 12, false);
		*to = first_of(today, m - 1, false) - 1;
		break;
	}
	case 5:
		*from = first_of(today, 5, false);
		*to = first_of(today, 2, false) - 1;
		break;
	case 6:
		*from = first_of(today, 23, false);
		*to = year_before(today);
		break;
	default:
		*from = today - 7;
		*to = today - 1;
		break;
	}
}

static const char *const period_names[] = {
	"12 months",	  "this month", "this quarter",	     "25 months",
	"last year",	  "3 past months", "same 12 mo last yr", "last 7 days (ragged)",
};
#define PERIODS (sizeof(period_names) / sizeof(period_names[0]))

/* Every filter a monitor can set: none, a province, a track, a category, and their mixes. */
static const struct {
	const char *name;
	struct mf_filter filter;
} filters[] = {
	{"national", {"", 0, 0}},	    {"province 01", {"01", 0, 0}},
	{"track 1", {"", 1, 0}},	    {"category 1", {"", 0, 1}},
	{"track 1 + category 1", {"", 1, 1}}, {"01 + track 1", {"01", 1, 0}},
	{"01 + category 1", {"01", 0, 1}}, {"01 + track 1 + cat 1", {"01", 1, 1}},
};
#define FILTERS (sizeof(filters) / sizeof(filters[0]))

/* One period and filter, 21 times: the median and the largest, with the parts' medians. */
static int time_one(struct store *st, const struct mf_filter *flt, dm_day from, dm_day to,
		    dm_day today, bool totals_only, struct mon_figures *f, double out[4])
{
	int (*compute)(struct store_txn *, const struct mf_filter *, dm_day, dm_day, dm_day,
		       struct mon_figures *) =
		totals_only ? mon_figures_compute_totals : mon_figures_compute;
	double t[3][21];
	for (int k = 0; k < 21; k++) {
		struct store_txn *txn;
		double a = now_s(), b, c;
		if (store_read_begin(st, &txn) != 0 ||
		    compute(txn, flt, from, to, today, f) != 0)
			return 1;
		b = now_s();
		if (mon_figures_overdue_bands(txn, today, f) != 0)
			return 1;
		c = now_s();
		mon_figures_protect(f, NULL);
		store_read_end(txn);
		t[0][k] = now_s() - a;
		t[1][k] = b - a;
		t[2][k] = c - b;
	}
	for (int i = 0; i < 3; i++)
		qsort(t[i], 21, sizeof(t[i][0]), cmp_double);
	out[0] = t[0][10] * 1e3;
	out[1] = t[1][10] * 1e3;
	out[2] = t[2][10] * 1e3;
	out[3] = t[0][20] * 1e3;
	return 0;
}

static int time_figures(const char *dir)
{
	struct store *st;
	struct store_options o = {.dir = dir, .map_size = (size_t)16 << 30, .read_only = true};
	if (case_store_open(&o, &st) != 0)
		return 1;
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	struct mon_figures *f = malloc(sizeof(*f));
	struct store_stats s;
	store_stats(st, &s);
	printf("%llu cases\n", (unsigned long long)s.cases);
	printf("  %-20s | %-20s | %8s | %8s | %8s | %8s | %9s %9s %9s\n", "period", "filter",
	       "median", "counters", "overdue", "max", "received", "settled", "overdue");
	for (size_t p = 0; p < PERIODS; p++) {
		dm_day from, to;
		period((int)p, today, &from, &to);
		for (size_t r = 0; r < FILTERS; r++) {
			double t[4];
			/* The ragged ones as the daemon asks them: totals only (compare, digest). */
			bool totals_only = p >= 6;
			if (time_one(st, &filters[r].filter, from, to, today, totals_only, f, t) != 0)
				return 1;
			printf("  %-20s | %-20s | %8.3f | %8.3f | %8.3f | %8.3f | %9lld %9lld %9lld\n",
			       period_names[p], filters[r].name, t[0], t[1], t[2], t[3],
			       (long long)f->ev[MF_RECEIVED], (long long)f->ev[MF_SETTLED],
			       (long long)f->overdue);
		}
	}
	free(f);
	store_close(st);
	return 0;
}

int main(int argc, char **argv)
{
	if (dm_init() != 0)
		return 1;
	if (argc == 4 && strcmp(argv[1], "fill") == 0)
		return fill(argv[2], strtoul(argv[3], NULL, 10));
	if (argc == 3 && strcmp(argv[1], "time") == 0)
		return time_figures(argv[2]);
	fprintf(stderr, "usage: monitor_bench fill STORE_DIR N | time STORE_DIR\n");
	return 2;
}
