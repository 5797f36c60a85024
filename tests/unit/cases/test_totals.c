/*
 * test_totals.c - the counters' totals per dimension (case_totals.h): for
 * every projection kept and periods of whole months (years, quarters and
 * months read whole), each counter equals the events of the period counted
 * one by one with the same dimensions, and they add up to all of them; the
 * present the same; the figures (mon_figures_compute) read from them equal
 * the recount, the level breakdown included; a ragged period's totals
 * (mon_figures_compute_totals, from the days' totals) equal the recount
 * and the full counters' under every filter; a schema-5, -6 or -7 store
 * gets what it lacks on open, and a schema-4 store (without any) gets them
 * all, with every older case at level 0.
 */
#include <lmdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_case.h"
#include "dm_date.h"
#include "dm_units.h"
#include "dm_watch.h"
#include "store.h"
#include "case_counts.h"
#include "case_figures.h"
#include "case_grounds.h"
#include "case_totals.h"
#include "cases.h"
#include "tc_test.h"

#define N_CASES 900
#define SPAN 800
#define MAX_EVENTS (N_CASES * 3)

static char tmpl[] = "/tmp/tocao-totals-test-XXXXXX";
static dm_day base;

/* Every event counted by hand: what the totals must equal. */
struct event {
	uint8_t kind;
	int32_t day;
	struct store_case c;
};
static struct event events[MAX_EVENTS];
static size_t n_events;
static struct store_case final[N_CASES];

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

static unsigned seed = 7;
static unsigned pick(unsigned n)
{
	seed = seed * 1103515245u + 12345u;
	return ((seed >> 8) & 0xffff) % n;
}

static void make_case(struct store_case *c, int i, bool with_level)
{
	static const char *const provinces[] = {"01", "96", "79", "48"};
	memset(c, 0, sizeof(*c));
	snprintf(c->case_id, sizeof(c->case_id), "T%07u", (unsigned)i);
	const char *p = provinces[pick(4)];
	memcpy(c->province, p, 3);
	snprintf(c->unit, sizeof(c->unit), pick(10) ? "TT-%s" : "TTCP", p);
	c->track = (uint8_t)(1 + pick(4));
	c->kind = DM_KIND_DENUNCIATION;
	c->identity = 2;
	c->category = (uint8_t)(1 + pick(DM_CAT_COUNT));
	c->level = with_level ? (uint8_t)pick(8) : 0;
	c->status = DM_STATUS_RECEIVED;
	c->instance = 1;
	c->received = base + (dm_day)pick(SPAN);
	c->accepted = c->settled = c->closed = c->suspended_since = c->decided = STORE_DAY_NONE;
	for (int k = 0; k < STORE_DEADLINES; k++)
		c->deadlines[k] = STORE_DAY_NONE;
	c->next_deadline = STORE_DAY_NONE;
}

static int change(struct store_txn *txn, const struct store_case *b, struct store_case *a,
		  uint8_t kind, dm_day day)
{
	int rc = case_counts_change(txn, b, a, day);
	if (rc == 0)
		rc = store_case_put(txn, a, b == NULL);
	if (rc == 0 && kind && n_events < MAX_EVENTS)
		events[n_events++] = (struct event){.kind = kind, .day = day, .c = *a};
	return rc;
}

/* Received; some accepted then settled, some declined, some under monitoring and overdue. */
static int fill(struct store_txn *txn, void *arg)
{
	bool with_level = arg != NULL;
	for (int i = 0; i < N_CASES; i++) {
		struct store_case c, b;
		make_case(&c, i, with_level);
		int rc = change(txn, NULL, &c, COUNT_RECEIVED, c.received);
		unsigned fate = pick(10);
		if (rc == 0 && fate < 6) {
			b = c;
			c.status = DM_STATUS_ACCEPTED;
			c.accepted = c.received + (dm_day)pick(20);
			rc = change(txn, &b, &c, COUNT_ACCEPTED, c.accepted);
			if (rc == 0 && fate < 4) {
				b = c;
				c.status = DM_STATUS_SETTLED;
				c.settled = c.closed = c.accepted + (dm_day)pick(90);
				rc = change(txn, &b, &c, COUNT_SETTLED, c.settled);
			}
		} else if (rc == 0 && fate < 8) {
			b = c;
			c.status = DM_STATUS_DECLINED;
			c.closed = c.received + 5;
			c.ground = (uint8_t)(1 + pick(STORE_GROUND_MAX)); /* the counters' value */
			rc = change(txn, &b, &c, COUNT_DECLINED, c.closed);
		} else if (rc == 0) {
			b = c;
			c.flags |= STORE_FLAG_MONITORED | STORE_FLAG_OVERDUE;
			c.deadlines[0] = c.received + 10; /* the one it missed: by the day of it */
			rc = change(txn, &b, &c, COUNT_MONITORED, c.received + 30);
		}
		if (rc != 0)
			return rc;
		final[i] = c;
	}
	return 0;
}

/*
 * Whether e falls in counter k of kind's projection mask (its dimensions
 * equal where kept; a decline's ground is its counters' value).
 */
static bool matches(const struct store_case *c, uint8_t kind, uint8_t mask,
		    const struct case_count_key *k, uint8_t level, bool levels_known)
{
	uint8_t lv = levels_known ? c->level : 0;
	return (kind != COUNT_DECLINED || c->ground == k->value) &&
	       (!(mask & TOTAL_PROVINCE) || memcmp(c->province, k->province, 2) == 0) &&
	       (!(mask & TOTAL_UNIT) || strcmp(c->unit, k->unit) == 0) &&
	       (!(mask & TOTAL_TRACK) || c->track == k->track) &&
	       (!(mask & TOTAL_CATEGORY) || c->category == k->category) &&
	       (!(mask & TOTAL_LEVEL) || lv == level);
}

struct check {
	uint8_t kind, mask;
	dm_day from, to;
	bool levels_known;
	int64_t sum;
	int bad;
	/* The counters read, summed over the buckets by their dimensions. */
	struct {
		struct case_count_key k;
		uint8_t level;
		int64_t n;
	} seen[4096];
	size_t n_seen;
};

static bool same_cell(const struct case_count_key *a, uint8_t la, const struct case_count_key *b,
		      uint8_t lb)
{
	return memcmp(a->province, b->province, 2) == 0 && strcmp(a->unit, b->unit) == 0 &&
	       a->track == b->track && a->category == b->category && a->value == b->value &&
	       la == lb;
}

static int collect(const struct case_count_key *k, uint8_t level, int64_t n, void *arg)
{
	struct check *ck = arg;
	ck->sum += n;
	for (size_t i = 0; i < ck->n_seen; i++)
		if (same_cell(&ck->seen[i].k, ck->seen[i].level, k, level)) {
			ck->seen[i].n += n;
			return 0;
		}
	if (ck->n_seen == sizeof(ck->seen) / sizeof(ck->seen[0])) {
		ck->bad++;
		return 1;
	}
	ck->seen[ck->n_seen].k = *k;
	ck->seen[ck->n_seen].level = level;
	ck->seen[ck->n_seen++].n = n;
	return 0;
}

/* Each cell read equals the events of the period with its dimensions, counted one by one. */
static void recount(struct check *ck)
{
	for (size_t s = 0; s < ck->n_seen; s++) {
		int64_t want = 0;
		for (size_t i = 0; i < n_events; i++)
			if (events[i].kind == ck->kind && events[i].day >= ck->from &&
			    events[i].day <= ck->to &&
			    matches(&events[i].c, ck->kind, ck->mask, &ck->seen[s].k, ck->seen[s].level,
				    ck->levels_known))
				want++;
		if (want != ck->seen[s].n) {
			fprintf(stderr, "kind %c mask %u %d..%d: %lld, recounted %lld\n", ck->kind,
				ck->mask, ck->from, ck->to, (long long)ck->seen[s].n, (long long)want);
			ck->bad++;
		}
	}
}

static dm_day first_of(int y, int m)
{
	dm_day d = 0;
	while (m > 12) {
		m -= 12;
		y++;
	}
	dm_day_from_ymd(y, m, 1, &d);
	return d;
}

/* Whether e's case is within filter. */
static bool in_filter(const struct store_case *c, const struct case_total_filter *f)
{
	return (!f->province[0] || memcmp(c->province, f->province, 2) == 0) &&
	       (!f->track || c->track == f->track) && (!f->category || c->category == f->category);
}

/* Every filter (each of province, track, category given or not). */
static struct case_total_filter filter_of(int i)
{
	struct case_total_filter f = {{0}, 0, 0};
	if (i & 1)
		memcpy(f.province, "96", 3);
	f.track = i & 2 ? 2 : 0;
	f.category = i & 4 ? 3 : 0;
	return f;
}

static uint8_t fixed_of(const struct case_total_filter *f)
{
	return (uint8_t)((f->province[0] ? TOTAL_PROVINCE : 0) | (f->track ? TOTAL_TRACK : 0) |
			 (f->category ? TOTAL_CATEGORY : 0));
}

/* One breakdown of one filter and period: counter by counter and in all. */
static int check_one(struct store_txn *txn, uint8_t kind, uint8_t dim,
		     const struct case_total_filter *flt, dm_day from, dm_day to, bool levels_known)
{
	static struct check ck;
	ck = (struct check){.kind = kind, .mask = (uint8_t)(dim | fixed_of(flt)), .from = from,
			    .to = to, .levels_known = levels_known};
	int bad = 0;
	if (case_totals_range(txn, kind, dim, flt, from, to, collect, &ck) != 0)
		bad++;
	recount(&ck);
	int64_t want = 0;
	for (size_t i = 0; i < n_events; i++)
		want += events[i].kind == kind && events[i].day >= from && events[i].day <= to &&
			in_filter(&events[i].c, flt);
	if (ck.sum != want) {
		fprintf(stderr, "kind %c dim %u filter %s/%u/%u: sum %lld, recounted %lld\n", kind,
			dim, flt->province, flt->track, flt->category, (long long)ck.sum,
			(long long)want);
		bad++;
	}
	return bad + ck.bad;
}

/*
 * Every breakdown of every filter, several periods of whole months: each
 * kept (every one, for the events), each counter and the sum as recounted.
 */
static int check_events(struct store *st, bool levels_known)
{
	static const uint8_t kinds[] = {COUNT_RECEIVED, COUNT_ACCEPTED, COUNT_SETTLED,
					COUNT_DECLINED, COUNT_MONITORED};
	static const uint8_t dims[] = {0, TOTAL_PROVINCE, TOTAL_UNIT, TOTAL_TRACK, TOTAL_CATEGORY,
				       TOTAL_LEVEL};
	const dm_day periods[][2] = {
		{first_of(2025, 1), first_of(2026, 1) - 1},  /* a year */
		{first_of(2025, 2), first_of(2025, 5) - 1},  /* three months across quarters */
		{first_of(2025, 11), first_of(2027, 3) - 1}, /* months, a year, quarters, months */
		{first_of(2024, 1), first_of(2028, 1) - 1},  /* everything */
	};
	struct store_txn *txn;
	int bad = 0, read = 0;
	if (store_read_begin(st, &txn) != 0)
		return 1;
	for (size_t k = 0; k < sizeof(kinds); k++)
		for (int fi = 0; fi < 8; fi++)
			for (size_t d = 0; d < sizeof(dims); d++) {
				struct case_total_filter flt = filter_of(fi);
				if (!case_totals_kept(kinds[k], dims[d], &flt)) {
					/* Every breakdown of every filter (the total alone of one). */
					bad += dims[d] != 0;
					continue;
				}
				for (size_t p = 0; p < sizeof(periods) / sizeof(periods[0]); p++, read++)
					bad += check_one(txn, kinds[k], dims[d], &flt, periods[p][0],
							 periods[p][1], levels_known);
			}
	/* The days histograms: the nation, a province, a track, both. */
	for (int fi = 0; fi < 8; fi++) {
		struct case_total_filter flt = filter_of(fi);
		if (case_totals_kept(COUNT_SETTLE_DAYS, 0, &flt) != !flt.category)
			bad++;
	}
	/* A ragged period is not read from the totals. */
	struct case_total_filter all = {0};
	static struct check ck;
	if (case_totals_range(txn, COUNT_RECEIVED, TOTAL_PROVINCE, &all, base + 3, base + 40,
			      collect, &ck) != TC_EINVAL)
		bad++;
	store_read_end(txn);
	return bad ? bad : read > 0 ? 0 : -1;
}

/* Whether c is within the figures' filter. */
static bool in_mf(const struct store_case *c, const struct mf_filter *f)
{
	struct case_total_filter t = {.track = f->track, .category = f->category};
	memcpy(t.province, f->province, 3);
	return in_filter(c, &t);
}

/* The received events of [from, to] within flt, recounted by every breakdown. */
static int check_received(const struct mon_figures *f, const struct mf_filter *flt, dm_day from,
			  dm_day to, bool levels_known)
{
	int64_t rec = 0, lv[TOTAL_LEVELS] = {0}, prov[DM_PROVINCE_COUNT] = {0};
	int64_t unit[DM_UNIT_COUNT] = {0}, track[MF_TRACKS] = {0}, cat[MF_CATEGORIES] = {0};
	int bad = 0;
	for (size_t i = 0; i < n_events; i++) {
		const struct event *e = &events[i];
		if (e->kind != COUNT_RECEIVED || e->day < from || e->day > to || !in_mf(&e->c, flt))
			continue;
		rec++;
		lv[levels_known ? e->c.level : 0]++;
		prov[mon_province_index(e->c.province)]++;
		unit[mon_unit_index(e->c.unit)]++;
		track[e->c.track]++;
		cat[e->c.category]++;
	}
	bad += f->ev[MF_RECEIVED] != rec || !f->has_level;
	for (int l = 0; l < TOTAL_LEVELS; l++)
		bad += f->ev_level[MF_RECEIVED][l] != lv[l];
	for (int p = 0; p < DM_PROVINCE_COUNT; p++)
		bad += f->ev_province[MF_RECEIVED][p] != prov[p];
	for (int u = 0; u < DM_UNIT_COUNT; u++)
		bad += f->ev_unit[MF_RECEIVED][u] != unit[u];
	for (int t = 0; t < MF_TRACKS; t++)
		bad += f->ev_track[MF_RECEIVED][t] != track[t];
	for (int c = 0; c < MF_CATEGORIES; c++)
		bad += f->ev_category[MF_RECEIVED][c] != cat[c];
	return bad;
}

/* The present within flt, recounted from the cases: statuses, overdue by every breakdown. */
static int check_present(const struct mon_figures *f, const struct mf_filter *flt)
{
	int64_t status[MF_STATUSES] = {0}, monitored = 0, unit[DM_UNIT_COUNT] = {0};
	int64_t track[MF_TRACKS] = {0}, cat[MF_CATEGORIES] = {0}, prov[DM_PROVINCE_COUNT] = {0};
	int bad = 0;
	for (int i = 0; i < N_CASES; i++) {
		const struct store_case *c = &final[i];
		if (!in_mf(c, flt))
			continue;
		status[c->status]++;
		if (!(c->flags & STORE_FLAG_MONITORED) || dm_status_is_closed((enum dm_status)c->status))
			continue;
		monitored++; /* in this data, the open cases monitored are the overdue ones */
		unit[mon_unit_index(c->unit)]++;
		track[c->track]++;
		cat[c->category]++;
		prov[mon_province_index(c->province)]++;
	}
	for (int s = 0; s < MF_STATUSES; s++)
		bad += f->status_now[s] != status[s];
	bad += f->monitored_open != monitored || f->overdue != monitored;
	for (int u = 0; u < DM_UNIT_COUNT; u++)
		bad += f->overdue_unit[u] != unit[u] || f->monitored_open_unit[u] != unit[u];
	for (int t = 0; t < MF_TRACKS; t++)
		bad += f->overdue_track[t] != track[t];
	for (int c = 0; c < MF_CATEGORIES; c++)
		bad += f->overdue_category[c] != cat[c];
	for (int p = 0; p < DM_PROVINCE_COUNT; p++)
		bad += f->overdue_province[p] != prov[p] || f->monitored_open_province[p] != prov[p];
	return bad;
}

static struct mf_filter mf_of(int i)
{
	struct case_total_filter t = filter_of(i);
	struct mf_filter m = {.track = t.track, .category = t.category};
	memcpy(m.province, t.province, 3);
	return m;
}

/*
 * The figures from the totals equal the recount under every filter:
 * totals, every breakdown (levels included), the present.
 */
static int check_figures(struct store *st, bool levels_known)
{
	struct mon_figures *f = malloc(sizeof(*f));
	struct store_txn *txn;
	int bad = 0;
	dm_day from = first_of(2025, 4), to = first_of(2026, 4) - 1;
	if (f == NULL || store_read_begin(st, &txn) != 0)
		return 1;
	for (int fi = 0; fi < 8; fi++) {
		const struct mf_filter flt = mf_of(fi);
		if (mon_figures_compute(txn, &flt, from, to, base + SPAN + 400, f) != 0) {
			bad++;
			continue;
		}
		int b = check_received(f, &flt, from, to, levels_known) + check_present(f, &flt);
		if (b)
			fprintf(stderr, "figures (filter %d) differ from the recount\n", fi);
		bad += b;
	}
	store_read_end(txn);
	free(f);
	return bad;
}

/*
 * The declines by ground (case_grounds.c, read from the totals for whole
 * months) under every filter, as recounted from the events.
 */
static int check_grounds(struct store *st)
{
	struct mon_grounds *g = malloc(sizeof(*g));
	int64_t (*want)[MG_GROUNDS] = calloc(1 + DM_PROVINCE_COUNT + DM_UNIT_COUNT, sizeof(*want));
	struct store_txn *txn;
	int bad = 0;
	dm_day from = first_of(2025, 4), to = first_of(2026, 4) - 1;
	if (g == NULL || want == NULL || store_read_begin(st, &txn) != 0) {
		free(g);
		free(want);
		return 1;
	}
	for (int fi = 0; fi < 8; fi++) {
		const struct mf_filter flt = mf_of(fi);
		memset(want, 0, (1 + DM_PROVINCE_COUNT + DM_UNIT_COUNT) * sizeof(*want));
		for (size_t i = 0; i < n_events; i++) {
			const struct event *e = &events[i];
			if (e->kind != COUNT_DECLINED || e->day < from || e->day > to || !in_mf(&e->c, &flt))
				continue;
			want[0][e->c.ground]++;
			want[1 + mon_province_index(e->c.province)][e->c.ground]++;
			want[1 + DM_PROVINCE_COUNT + mon_unit_index(e->c.unit)][e->c.ground]++;
		}
		if (mon_grounds_compute(txn, &flt, from, to, base + SPAN + 400, g) != 0) {
			bad++;
			continue;
		}
		int b = 0;
		for (int v = 0; v < MG_GROUNDS; v++) {
			b += g->total[v] != want[0][v];
			for (int p = 0; p < DM_PROVINCE_COUNT; p++)
				b += g->province[p][v] != want[1 + p][v];
			for (int u = 0; u < DM_UNIT_COUNT; u++)
				b += g->unit[u][v] != want[1 + DM_PROVINCE_COUNT + u][v];
		}
		if (b)
			fprintf(stderr, "grounds (filter %d) differ from the recount\n", fi);
		bad += b;
	}
	store_read_end(txn);
	free(g);
	free(want);
	return bad;
}

static int due_add_none(const struct case_count_key *k, uint8_t level, int64_t n, void *arg)
{
	(void)k;
	(void)level;
	(void)n;
	(void)arg;
	return 0;
}

/* Every event of the period within flt, recounted: what the ragged totals must equal. */
static int check_ragged_events(const struct mon_figures *f, const struct mf_filter *flt,
			       dm_day from, dm_day to)
{
	static const struct {
		uint8_t kind;
		int event;
	} kinds[] = {{COUNT_RECEIVED, MF_RECEIVED}, {COUNT_ACCEPTED, MF_ACCEPTED},
		     {COUNT_SETTLED, MF_SETTLED},   {COUNT_DECLINED, MF_DECLINED},
		     {COUNT_MONITORED, MF_MONITORED}};
	int bad = 0;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		int64_t n = 0;
		for (size_t i = 0; i < n_events; i++)
			n += events[i].kind == kinds[k].kind && events[i].day >= from &&
			     events[i].day <= to && in_mf(&events[i].c, flt);
		if (f->ev[kinds[k].event] != n) {
			fprintf(stderr, "ragged %d..%d kind %c: %lld, recounted %lld\n", from, to,
				kinds[k].kind, (long long)f->ev[kinds[k].event], (long long)n);
			bad++;
		}
	}
	return bad;
}

/*
 * A ragged period's totals (mon_figures_compute_totals: its whole months
 * from the totals, its edge days from the days' totals) equal the recount
 * and, every event's total, the days histograms and the present, what the
 * full counters give (mon_figures_compute), under every filter: days
 * inside a month, across two, twelve months and some days (the
 * comparison's), both edges ragged across years, one up to today.
 */
static int check_ragged(struct store *st)
{
	struct mon_figures *f = malloc(sizeof(*f)), *full = malloc(sizeof(*full));
	struct store_txn *txn;
	dm_day today = base + SPAN + 400;
	const dm_day periods[][2] = {
		{first_of(2025, 3) + 10, first_of(2025, 3) + 16},
		{first_of(2025, 5) - 3, first_of(2025, 5) + 3},
		{first_of(2025, 4), first_of(2026, 3) + 14},
		{first_of(2025, 2) + 20, first_of(2026, 7) + 5},
		{base + 17, today},
	};
	int bad = 0;
	if (f == NULL || full == NULL || store_read_begin(st, &txn) != 0)
		return 1;
	for (size_t p = 0; p < sizeof(periods) / sizeof(periods[0]); p++)
		for (int fi = 0; fi < 8; fi++) {
			const struct mf_filter flt = mf_of(fi);
			dm_day from = periods[p][0], to = periods[p][1];
			if (mon_figures_compute_totals(txn, &flt, from, to, today, f) != 0 ||
			    mon_figures_compute(txn, &flt, from, to, today, full) != 0) {
				bad++;
				continue;
			}
			int b = check_ragged_events(f, &flt, from, to < today ? to : today) +
				check_present(f, &flt) + (f->has_level != false);
			b += memcmp(f->ev, full->ev, sizeof(f->ev)) != 0;
			b += memcmp(f->settle_days, full->settle_days, sizeof(f->settle_days)) != 0;
			b += memcmp(f->first_days, full->first_days, sizeof(f->first_days)) != 0;
			b += memcmp(f->status_now, full->status_now, sizeof(f->status_now)) != 0;
			if (b)
				fprintf(stderr, "ragged period %zu (filter %d) differs\n", p, fi);
			bad += b;
		}
	/* The histograms have no category: not kept by day under a category filter. */
	struct case_total_filter cat = {.category = 1};
	if (case_totals_ragged(txn, COUNT_SETTLE_DAYS, &cat, base + 3, base + 9, due_add_none,
			       NULL) != TC_EINVAL)
		bad++;
	store_read_end(txn);
	free(f);
	free(full);
	return bad;
}

/* One day's bands under one filter, as recounted from the cases' deadlines. */
static int bands_on(struct store_txn *txn, const struct mf_filter *flt, dm_day today,
		    struct mon_figures *f, int *seen)
{
	int64_t want[DM_UNIT_COUNT][2];
	int bad = 0;
	memset(want, 0, sizeof(want));
	if (mon_figures_compute(txn, flt, base, base + SPAN, today, f) != 0 ||
	    mon_figures_overdue_bands(txn, today, f) != 0)
		return 1;
	for (int i = 0; i < N_CASES; i++) {
		const struct store_case *c = &final[i];
		if (!(c->flags & STORE_FLAG_OVERDUE) || !in_mf(c, flt))
			continue;
		dm_day due = dm_watch_due_days((enum dm_status)c->status, c->deadlines);
		if (due == DM_DAY_NONE || due < today - 90 || due > today - 1)
			continue;
		int band = mon_overdue_band(dm_watch_days_overdue(due, today));
		want[mon_unit_index(c->unit)][band]++;
		(*seen)++;
	}
	for (int u = 0; u < DM_UNIT_COUNT; u++) {
		for (int b = 0; b < 2; b++)
			if (f->overdue_band[u][b] != want[u][b]) {
				fprintf(stderr, "day %d unit %d band %d: %lld, recounted %lld\n", today, u,
					b, (long long)f->overdue_band[u][b], (long long)want[u][b]);
				bad++;
			}
		bad += f->overdue_band[u][0] + f->overdue_band[u][1] + f->overdue_band[u][2] !=
		       f->overdue_unit[u];
	}
	return bad;
}

/*
 * The overdue cases by unit and days overdue, from the totals (8-day
 * blocks and the days either side), as recounted from the cases: under
 * every filter, on 20 days in a row (today crossing block boundaries).
 */
static int check_bands(struct store *st)
{
	struct mon_figures *f = malloc(sizeof(*f));
	struct store_txn *txn;
	int bad = 0, seen = 0;
	if (f == NULL || store_read_begin(st, &txn) != 0)
		return 1;
	for (dm_day today = base + SPAN / 2; today < base + SPAN / 2 + 20; today++)
		for (int fi = 0; fi < 8; fi++) {
			const struct mf_filter flt = mf_of(fi);
			bad += bands_on(txn, &flt, today, f, &seen);
		}
	store_read_end(txn);
	free(f);
	return bad ? bad : seen ? 0 : -1;
}

/*
 * The counters move: of the overdue cases, every third is closed (no longer
 * overdue: its counters go down), every third gets a later deadline missed
 * (it moves to another day and often another block).
 */
static int move_overdue(struct store_txn *txn, void *arg)
{
	int seen = 0;
	(void)arg;
	for (int i = 0; i < N_CASES; i++) {
		struct store_case b = final[i], *c = &final[i];
		if (!(c->flags & STORE_FLAG_OVERDUE))
			continue;
		int which = seen++ % 3;
		if (which == 0)
			continue;
		if (which == 1) {
			c->status = DM_STATUS_WITHDRAWN;
			c->closed = c->received + 40;
		} else {
			c->deadlines[0] += 11;
		}
		int rc = change(txn, &b, c, 0, c->received + 40);
		if (rc != 0)
			return rc;
	}
	return 0;
}

struct due_sum {
	int64_t by_unit[DM_UNIT_COUNT];
	const struct case_total_filter *filter;
};

static int due_add(const struct case_count_key *k, uint8_t level, int64_t n, void *arg)
{
	struct due_sum *d = arg;
	(void)level;
	d->by_unit[mon_unit_index(k->unit)] += n;
	return 0;
}

static int due_day_add(const struct case_count_key *k, int64_t n, void *arg)
{
	struct due_sum *d = arg;
	const struct case_total_filter *f = d->filter;
	if ((!f->province[0] || memcmp(k->province, f->province, 2) == 0) &&
	    (!f->track || k->track == f->track) && (!f->category || k->category == f->category))
		d->by_unit[mon_unit_index(k->unit)] += n;
	return 0;
}

/*
 * The overdue cases by deadline (blocks and days, case_totals_due_range)
 * equal the day counters they roll up (COUNT_OVERDUE_DUE), by unit, under
 * every filter, for ranges ending on 20 days in a row.
 */
static int check_due_days(struct store *st)
{
	struct store_txn *txn;
	int bad = 0;
	if (store_read_begin(st, &txn) != 0)
		return 1;
	for (dm_day today = base + SPAN / 2; today < base + SPAN / 2 + 20; today++)
		for (int fi = 0; fi < 8; fi++) {
			struct case_total_filter flt = filter_of(fi);
			struct due_sum got = {.filter = &flt}, want = {.filter = &flt};
			if (case_totals_due_range(txn, &flt, today - 90, today - 1, due_add, &got) ||
			    case_counts_days(txn, COUNT_OVERDUE_DUE, today - 90, today - 1, due_day_add,
					     &want))
				bad++;
			bad += memcmp(got.by_unit, want.by_unit, sizeof(got.by_unit)) != 0;
		}
	store_read_end(txn);
	return bad;
}

/* Whether a counter key is one schema 7 added (what a schema-5 or -6 store lacks). */
static bool added_in_7(const uint8_t *k, size_t len)
{
	if (k[0] == 0x95 || k[0] == 0x96 || (k[0] >= 0x98 && k[0] <= 0x9b))
		return true;
	if (k[0] < 0x90 || k[0] > 0x93 || len != 22)
		return false;
	bool days = k[5] == COUNT_SETTLE_DAYS || k[5] == COUNT_FIRST_DAYS;
	return days ? k[6] == 4 || k[6] == 5 : k[6] == 12 || k[6] == 13;
}

/*
 * Make the store an older one. Schema 5 or 6 (6 only added the decline's
 * ground, a record byte read as "not recorded" when zero): without what schema 7 added, with
 * one counter of schema 5's overdue cases by deadline (family 0x94, which
 * the upgrade drops). Schema 4: no totals at all, records without a level.
 * Returns the counters removed.
 */
static int make_old(const char *dir, int schema)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi counts, meta, cases;
	MDB_cursor *cur;
	MDB_val k, v;
	int removed = 0;
	if (mdb_env_create(&env) || mdb_env_set_maxdbs(env, 32) ||
	    mdb_env_set_mapsize(env, 64u << 20) || mdb_env_open(env, dir, 0, 0600) ||
	    mdb_txn_begin(env, NULL, 0, &txn) || mdb_dbi_open(txn, "counts", 0, &counts) ||
	    mdb_dbi_open(txn, "meta", 0, &meta) || mdb_dbi_open(txn, "cases", 0, &cases) ||
	    mdb_cursor_open(txn, counts, &cur))
		return -1;
	for (int m = mdb_cursor_get(cur, &k, &v, MDB_FIRST); m == 0;
	     m = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		const uint8_t *key = k.mv_data;
		bool old = key[0] == 0x97 ||
			   (schema < 5 ? key[0] >= 0x90 && key[0] <= 0x9b
				       : schema < 7 && added_in_7(key, k.mv_size));
		if (old && mdb_cursor_del(cur, 0) == 0)
			removed++;
	}
	mdb_cursor_close(cur);
	if (schema == 5 || schema == 6) {
		uint8_t stale[16] = {0x94, 2}, one[8] = {0, 0, 0, 0, 0, 0, 0, 1};
		k = (MDB_val){.mv_size = sizeof(stale), .mv_data = stale};
		v = (MDB_val){.mv_size = sizeof(one), .mv_data = one};
		if (mdb_put(txn, counts, &k, &v, 0) != 0)
			return -1;
	}
	mdb_cursor_open(txn, cases, &cur);
	for (int m = mdb_cursor_get(cur, &k, &v, MDB_FIRST); m == 0 && schema < 5;
	     m = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		uint8_t rec[STORE_CASE_RECORD_LEN];
		if (v.mv_size != sizeof(rec))
			return -1;
		memcpy(rec, v.mv_data, sizeof(rec));
		rec[127] = 0;
		MDB_val nv = {.mv_size = sizeof(rec), .mv_data = rec};
		if (mdb_cursor_put(cur, &k, &nv, MDB_CURRENT) != 0)
			return -1;
	}
	mdb_cursor_close(cur);
	uint8_t version[4] = {0, 0, 0, (uint8_t)schema};
	k = (MDB_val){.mv_size = 6, .mv_data = "schema"};
	v = (MDB_val){.mv_size = 4, .mv_data = version};
	if (mdb_put(txn, meta, &k, &v, 0) || mdb_txn_commit(txn))
		return -1;
	mdb_env_close(env);
	return removed;
}

struct family_count {
	uint8_t family;
	int n;
};

static int count_family(const uint8_t *key, size_t len, int64_t n, void *arg)
{
	struct family_count *fc = arg;
	(void)n;
	(void)len;
	if (key[0] != fc->family)
		return 1;
	fc->n++;
	return 0;
}

/* The counters of one family (keys of len bytes). */
static int family_size(struct store *st, uint8_t family, size_t len)
{
	struct store_txn *txn;
	struct family_count fc = {.family = family};
	static const uint8_t no_end[4] = {0xff, 0xff, 0xff, 0xff};
	uint8_t start[32] = {family};
	if (store_read_begin(st, &txn) != 0)
		return -1;
	int rc = store_count_walk(txn, start, len, no_end, count_family, &fc);
	store_read_end(txn);
	return rc == 0 ? fc.n : -1;
}

static void test_totals(void)
{
	char dir[256];
	snprintf(dir, sizeof(dir), "%s/a", tmpl);
	struct store_options o = {.dir = dir, .map_size = 64u << 20};
	struct store *st = NULL;
	TC_CHECK_INT(case_store_open(&o, &st), 0);
	if (st == NULL)
		return;
	TC_CHECK_INT(write_sync(st, fill, "levels"), 0);
	TC_CHECK(n_events > N_CASES);
	TC_CHECK_INT(check_events(st, true), 0);
	TC_CHECK_INT(check_figures(st, true), 0);
	TC_CHECK_INT(check_grounds(st), 0);
	TC_CHECK_INT(check_ragged(st), 0);
	TC_CHECK_INT(check_bands(st), 0);
	TC_CHECK_INT(check_due_days(st), 0);
	/* Cases stop being overdue or miss a later deadline: the roll-ups follow. */
	TC_CHECK_INT(write_sync(st, move_overdue, NULL), 0);
	TC_CHECK_INT(check_bands(st), 0);
	TC_CHECK_INT(check_due_days(st), 0);
	TC_CHECK_INT(check_figures(st, true), 0);
	TC_CHECK_INT(check_ragged(st), 0);
	int day_totals = family_size(st, 0x97, 22);
	TC_CHECK(day_totals > 0);
	store_close(st);

	/* Records round-trip their level; an out-of-range byte is refused as corrupt. */
	uint8_t rec[STORE_CASE_RECORD_LEN];
	struct store_case back;
	TC_CHECK_INT(store_case_encode(&final[1], rec), STORE_CASE_RECORD_LEN);
	TC_CHECK_INT(rec[127], final[1].level);
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &back), 0);
	TC_CHECK_INT(back.level, final[1].level);
	rec[127] = STORE_LEVEL_MAX + 1;
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &back), TC_ECORRUPT);

	/*
	 * Schemas 5, 6 and 7: what schema 7 added (5, 6) and the days' totals
	 * (schema 8) are built on open, schema 5's overdue by deadline dropped.
	 */
	for (int schema = 5; schema <= 7; schema++) {
		TC_CHECK(make_old(dir, schema) > 0);
		TC_CHECK_INT(case_store_open(&o, &st), 0);
		if (st == NULL)
			return;
		TC_CHECK_INT(family_size(st, 0x94, 16), 0);
		TC_CHECK(family_size(st, 0x98, 22) > 0);
		TC_CHECK(family_size(st, 0x96, 18) > 0);
		TC_CHECK_INT(family_size(st, 0x97, 22), day_totals);
		TC_CHECK_INT(check_events(st, true), 0);
		TC_CHECK_INT(check_figures(st, true), 0);
		TC_CHECK_INT(check_ragged(st), 0);
		TC_CHECK_INT(check_bands(st), 0);
		TC_CHECK_INT(check_due_days(st), 0);
		store_close(st);
	}

	/* Schema 4: the totals are rebuilt on open, every older case at level 0. */
	TC_CHECK(make_old(dir, 4) > 0);
	TC_CHECK_INT(case_store_open(&o, &st), 0);
	if (st == NULL)
		return;
	TC_CHECK_INT(check_events(st, false), 0);
	TC_CHECK_INT(check_figures(st, false), 0);
	TC_CHECK_INT(check_ragged(st), 0);
	TC_CHECK_INT(check_bands(st), 0);
	store_close(st);
}

int main(void)
{
	if (mkdtemp(tmpl) == NULL || dm_init() != 0 || !dm_day_from_ymd(2025, 1, 1, &base))
		return 2;
	mon_figures_init();
	TC_RUN(test_totals);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpl);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpl);
	return tc_test_done();
}
