/* case_counts.c - the oversight counters' meaning (case_counts.h); the store only adds. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dm_case.h"
#include "dm_date.h"
#include "dm_watch.h"
#include "case_counts.h"
#include "case_totals.h"

#define COUNT_KEY_LEN (1 + 4 + 2 + STORE_UNIT_LEN + 1 + 1 + 2)

static void encode_key(const struct case_count_key *k, uint8_t out[COUNT_KEY_LEN])
{
	memset(out, 0, COUNT_KEY_LEN);
	out[0] = k->kind;
	store_put_day_key(out + 1, k->day);
	memcpy(out + 5, k->province, 2);
	memcpy(out + 7, k->unit, strnlen(k->unit, STORE_UNIT_LEN));
	out[15] = k->track;
	out[16] = k->category;
	out[17] = (uint8_t)(k->value >> 8);
	out[18] = (uint8_t)k->value;
}

static void decode_key(const uint8_t *p, struct case_count_key *k)
{
	memset(k, 0, sizeof(*k));
	k->kind = p[0];
	k->day = store_get_day_key(p + 1);
	memcpy(k->province, p + 5, 2);
	memcpy(k->unit, p + 7, STORE_UNIT_LEN);
	k->unit[STORE_UNIT_LEN - 1] = '\0';
	k->track = p[15];
	k->category = p[16];
	k->value = (uint16_t)(p[17] << 8 | p[18]);
}

/*
 * Roll-up levels: an event counts on its day and again in its month,
 * quarter and year, under the same key with another kind byte (the day's
 * kind is an upper-case letter; the month's in lower case, the quarter's
 * and year's with the high bit set) dated the first day of the bucket.
 */
enum count_level { LEVEL_DAY, LEVEL_MONTH, LEVEL_QUARTER, LEVEL_YEAR, LEVELS };

static uint8_t level_kind(uint8_t kind, int level)
{
	static const uint8_t bits[LEVELS] = {0, 0x20, 0x80, 0xa0};
	return (uint8_t)(kind | bits[level]);
}

/* The chart's totals: a month's count of one filter, kind 0x01..0x1a (case_counts_months). */
static uint8_t chart_kind(uint8_t kind)
{
	return (uint8_t)(kind & 0x1f);
}

/* The first day of the level's bucket holding day (the calendar's arithmetic: case_totals). */
static int32_t level_start(int level, int32_t day)
{
	return level == LEVEL_DAY ? day : case_totals_bucket_start(level, day);
}

/* The first day of the level's bucket after day's. */
static int32_t level_next(int level, int32_t day)
{
	return level == LEVEL_DAY ? day + 1 : case_totals_bucket_next(level, day);
}

/*
 * The chart's totals of an event, in its month: the 8 combinations of
 * province, track and category each either the case's or "all" (zero),
 * so that a chart with any filter reads one counter a month.
 */
static int bump_chart(struct store_txn *txn, const struct case_count_key *full, int64_t delta)
{
	int rc = TC_OK;
	for (int mask = 0; rc == TC_OK && mask < 8; mask++) {
		struct case_count_key k = {.kind = chart_kind(full->kind),
					    .day = level_start(LEVEL_MONTH, full->day)};
		if (mask & 1)
			memcpy(k.province, full->province, 2);
		k.track = mask & 2 ? full->track : 0;
		k.category = mask & 4 ? full->category : 0;
		uint8_t key[COUNT_KEY_LEN];
		encode_key(&k, key);
		rc = store_count_add(txn, key, sizeof(key), delta);
	}
	return rc;
}

static int bump(struct store_txn *txn, uint8_t kind, int32_t day, const struct store_case *c,
		uint16_t value, int64_t delta)
{
	struct case_count_key k = {.kind = kind, .day = day, .track = c->track,
				    .category = c->category, .value = value};
	memcpy(k.province, c->province, 2);
	memcpy(k.unit, c->unit, STORE_UNIT_LEN);
	uint8_t key[COUNT_KEY_LEN];
	encode_key(&k, key);
	int rc = store_count_add(txn, key, sizeof(key), delta);
	/* Events also count in their month, quarter and year: a period reads the coarsest. */
	for (int level = LEVEL_MONTH; rc == TC_OK && day != 0 && level < LEVELS; level++) {
		struct case_count_key r = k;
		r.kind = level_kind(kind, level);
		r.day = level_start(level, day);
		encode_key(&r, key);
		rc = store_count_add(txn, key, sizeof(key), delta);
	}
	if (rc == TC_OK && day != 0 && kind != COUNT_SETTLE_DAYS && kind != COUNT_FIRST_DAYS)
		rc = bump_chart(txn, &k, delta);
	/* And in the totals per dimension (schema 5): what a period's figures read. */
	if (rc == TC_OK)
		rc = case_totals_bump(txn, kind, day, c, value, delta);
	return rc;
}

static int is_open_overdue(const struct store_case *c)
{
	return c && (c->flags & STORE_FLAG_OVERDUE) && !dm_status_is_closed((enum dm_status)c->status);
}

/* An open overdue case's COUNT_OVERDUE_DUE key (the day of the deadline it missed); 0 if none. */
static int due_key(const struct store_case *c, uint8_t key[COUNT_KEY_LEN],
		   struct case_count_key *k)
{
	dm_day due = is_open_overdue(c) ? dm_watch_due_days((enum dm_status)c->status, c->deadlines)
					: DM_DAY_NONE;
	if (due == DM_DAY_NONE)
		return 0;
	*k = (struct case_count_key){.kind = COUNT_OVERDUE_DUE, .day = due, .track = c->track,
				     .category = c->category};
	memcpy(k->province, c->province, 2);
	memcpy(k->unit, c->unit, STORE_UNIT_LEN);
	k->unit[STORE_UNIT_LEN - 1] = '\0';
	encode_key(k, key);
	return 1;
}

/* Move a case between COUNT_OVERDUE_DUE counters (and their totals) when its key changes. */
static int bump_due(struct store_txn *txn, const struct store_case *b, const struct store_case *a)
{
	uint8_t kb[COUNT_KEY_LEN], ka[COUNT_KEY_LEN];
	struct case_count_key eb, ea;
	int hb = due_key(b, kb, &eb), ha = due_key(a, ka, &ea), rc = TC_OK;
	if (hb && ha && memcmp(kb, ka, sizeof(kb)) == 0)
		return TC_OK;
	if (hb)
		rc = store_count_add(txn, kb, sizeof(kb), -1);
	if (rc == TC_OK && hb)
		rc = case_totals_due_add(txn, &eb, -1);
	if (rc == TC_OK && ha)
		rc = store_count_add(txn, ka, sizeof(ka), +1);
	if (rc == TC_OK && ha)
		rc = case_totals_due_add(txn, &ea, +1);
	return rc;
}

/* The cases under monitoring now, by status, and those of them overdue now. */
static int monitored_now(struct store_txn *txn, const struct store_case *b,
			 const struct store_case *a)
{
	bool mb = b && (b->flags & STORE_FLAG_MONITORED), ma = (a->flags & STORE_FLAG_MONITORED);
	bool same = mb && ma && b->status == a->status && strcmp(b->unit, a->unit) == 0;
	int rc = TC_OK;
	if (mb && !same)
		rc = bump(txn, COUNT_MONITORED_NOW, 0, b, b->status, -1);
	if (rc == TC_OK && ma && !same)
		rc = bump(txn, COUNT_MONITORED_NOW, 0, a, a->status, +1);
	bool ob = mb && is_open_overdue(b), oa = ma && is_open_overdue(a);
	same = ob && oa && strcmp(b->unit, a->unit) == 0;
	if (rc == TC_OK && ob && !same)
		rc = bump(txn, COUNT_MONITORED_OVERDUE, 0, b, 0, -1);
	if (rc == TC_OK && oa && !same)
		rc = bump(txn, COUNT_MONITORED_OVERDUE, 0, a, 0, +1);
	return rc;
}

/* A histogram of days (settle, first step): by province and track only, capped. */
static int bump_days(struct store_txn *txn, uint8_t kind, int32_t today, const struct store_case *c,
		     int32_t days)
{
	struct store_case coarse = *c;
	coarse.category = 0;
	memset(coarse.unit, 0, sizeof(coarse.unit));
	return bump(txn, kind, today, &coarse,
		    (uint16_t)(days < 0 ? 0 : days > COUNT_DAYS_CAP ? COUNT_DAYS_CAP : days), 1);
}

/* The present (day 0): statuses, overdue, under monitoring. */
static int present_change(struct store_txn *txn, const struct store_case *b,
			  const struct store_case *a)
{
	int rc = TC_OK;
	/* One case per status. */
	if (b && (b->status != a->status || strcmp(b->unit, a->unit) != 0))
		rc = bump(txn, COUNT_STATUS_NOW, 0, b, b->status, -1);
	if (rc == TC_OK && (!b || b->status != a->status || strcmp(b->unit, a->unit) != 0))
		rc = bump(txn, COUNT_STATUS_NOW, 0, a, a->status, +1);
	if (rc == TC_OK && is_open_overdue(b) && !(is_open_overdue(a) && !strcmp(b->unit, a->unit)))
		rc = bump(txn, COUNT_OVERDUE_NOW, 0, b, 0, -1);
	if (rc == TC_OK && is_open_overdue(a) && !(is_open_overdue(b) && !strcmp(b->unit, a->unit)))
		rc = bump(txn, COUNT_OVERDUE_NOW, 0, a, 0, +1);
	if (rc == TC_OK)
		rc = bump_due(txn, b, a);
	if (rc == TC_OK)
		rc = monitored_now(txn, b, a);
	return rc;
}

int case_counts_change(struct store_txn *txn, const struct store_case *b,
			     const struct store_case *a, int32_t today)
{
	int rc = present_change(txn, b, a);
	if (rc != TC_OK)
		return rc;

	/* Events, on the day they happened. */
	if (b == NULL)
		return bump(txn, COUNT_RECEIVED, a->received, a, 0, 1);
	/* The first step: the case leaves "received" (at the unit that received it). */
	if (b->status == DM_STATUS_RECEIVED &&
	    (a->status != DM_STATUS_RECEIVED || strcmp(b->unit, a->unit) != 0))
		rc = bump_days(txn, COUNT_FIRST_DAYS, today, b, today - b->received);
	if (rc != TC_OK)
		return rc;
	if (strcmp(b->unit, a->unit) != 0) {
		rc = bump(txn, COUNT_TRANSFER_OUT, today, b, 0, 1);
		if (rc == TC_OK)
			rc = bump(txn, COUNT_TRANSFER_IN, today, a, 0, 1);
		return rc;
	}
	if (b->status != a->status) {
		uint8_t kind = 0;
		switch ((enum dm_status)a->status) {
		case DM_STATUS_ACCEPTED: kind = b->status == DM_STATUS_RECEIVED ? COUNT_ACCEPTED : 0; break;
		case DM_STATUS_SETTLED: kind = COUNT_SETTLED; break;
		case DM_STATUS_DECLINED: kind = COUNT_DECLINED; break;
		case DM_STATUS_WITHDRAWN: kind = COUNT_WITHDRAWN; break;
		case DM_STATUS_TERMINATED: kind = COUNT_TERMINATED; break;
		default: break;
		}
		if (kind) /* a decline is counted by its ground (0: not recorded) */
			rc = bump(txn, kind, today, a, kind == COUNT_DECLINED ? a->ground : 0, 1);
		if (rc == TC_OK && kind == COUNT_SETTLED) {
			/*
			 * On time: settled by the deadline it owed (settle_by while accepted),
			 * and never late on the way (overdue now, or was late: a deadline
			 * missed before). A track with no settlement clock (petitions,
			 * information) breaches nothing by settling.
			 */
			int32_t due = b->deadlines[3];
			int late = (b->flags & (STORE_FLAG_OVERDUE | STORE_FLAG_WAS_LATE)) ||
				   (due != STORE_DAY_NONE && today > due);
			if (!late)
				rc = bump(txn, COUNT_ON_TIME, today, a, 0, 1);
			/*
			 * The days-to-settle histogram has a value per day, so it is kept by
			 * province and track only (no unit, no category): that keeps its
			 * counters as few as the others' and the medians cheap to read.
			 */
			if (rc == TC_OK)
				rc = bump_days(txn, COUNT_SETTLE_DAYS, today, a, today - a->received);
		}
	}
	if (rc == TC_OK && (a->flags & ~b->flags & STORE_FLAG_CRIMINAL_SIGNS))
		rc = bump(txn, COUNT_CRIMINAL, today, a, 0, 1);
	if (rc == TC_OK && (a->flags & ~b->flags & STORE_FLAG_MONITORED))
		rc = bump(txn, COUNT_MONITORED, today, a, 0, 1);
	return rc;
}

struct part_walk {
	case_count_fn fn;
	void *arg;
	uint8_t kind;  /* reported kind: roll-up counters come back as their event kind */
	int stopped;
};

static int part_one(const uint8_t *key, size_t len, int64_t n, void *arg)
{
	struct part_walk *pw = arg;
	struct case_count_key e;
	(void)len; /* the walk only yields keys of the length it started with */
	decode_key(key, &e);
	e.kind = pw->kind;
	pw->stopped = pw->fn(&e, n, pw->arg);
	return pw->stopped;
}

/* The counters of the level dated in [from, to]. */
static int walk(struct store_txn *txn, struct part_walk *pw, int32_t from, int32_t to, int level)
{
	if (pw->stopped)
		return TC_OK;
	uint8_t start[COUNT_KEY_LEN] = {0}, end_day[4];
	start[0] = level_kind(pw->kind, level);
	store_put_day_key(start + 1, from);
	store_put_day_key(end_day, to);
	return store_count_walk(txn, start, sizeof(start), end_day, part_one, pw);
}

/*
 * [from, to] from the coarsest buckets that fit whole inside it, the
 * ragged ends from the next level down: a year costs one bucket, twelve
 * months at most 2 months, 3 quarters and a year's worth either side.
 */
static int walk_levels(struct store_txn *txn, struct part_walk *pw, int32_t from, int32_t to,
		       int level)
{
	if (level == LEVEL_DAY)
		return walk(txn, pw, from, to, LEVEL_DAY);
	int32_t first_full = level_start(level, from) == from ? from : level_next(level, from);
	int32_t end_full = level_start(level, to + 1);
	if (first_full >= end_full)
		return walk_levels(txn, pw, from, to, level - 1);
	int rc = TC_OK;
	if (from < first_full)
		rc = walk_levels(txn, pw, from, first_full - 1, level - 1);
	if (rc == TC_OK)
		rc = walk(txn, pw, first_full, end_full - 1, level);
	if (rc == TC_OK && end_full <= to)
		rc = walk_levels(txn, pw, end_full, to, level - 1);
	return rc;
}

int case_counts_range(struct store_txn *txn, uint8_t kind, int32_t from, int32_t to,
		       case_count_fn fn, void *arg)
{
	struct part_walk pw = {.fn = fn, .arg = arg, .kind = kind};
	if (from == 0 && to == 0)
		return walk(txn, &pw, 0, 0, LEVEL_DAY);
	return walk_levels(txn, &pw, from, to, LEVEL_YEAR);
}

int case_counts_days(struct store_txn *txn, uint8_t kind, int32_t from, int32_t to,
		     case_count_fn fn, void *arg)
{
	struct part_walk pw = {.fn = fn, .arg = arg, .kind = kind};
	return walk(txn, &pw, from, to, LEVEL_DAY);
}

int32_t case_counts_horizon(int32_t to, int32_t today)
{
	/* Nothing is dated after today: a period up to today may read today's buckets whole. */
	return to >= today ? level_next(LEVEL_YEAR, today) - 1 : to;
}

struct chart_seek {
	const uint8_t *key;
	int64_t n;
};

static int chart_one(const uint8_t *key, size_t len, int64_t n, void *arg)
{
	struct chart_seek *cs = arg;
	if (memcmp(key, cs->key, len) == 0)
		cs->n = n;
	return 1; /* the first key at or after the one sought: it or nothing */
}

struct day_sum {
	const struct case_count_key *want;
	int64_t n;
};

static int day_add(const struct case_count_key *k, int64_t n, void *arg)
{
	struct day_sum *ds = arg;
	const struct case_count_key *w = ds->want;
	if ((!w->province[0] || memcmp(k->province, w->province, 2) == 0) &&
	    (!w->track || k->track == w->track) && (!w->category || k->category == w->category))
		ds->n += n;
	return 0;
}

/* One month's count of a filter: its chart counter when the month is whole, else its days'. */
static int chart_month(struct store_txn *txn, const struct case_count_key *want, int32_t month,
		       int32_t from, int32_t to, int32_t today, int64_t *out)
{
	int32_t end = level_next(LEVEL_MONTH, month) - 1;
	if (from <= month && (to >= end || to >= today)) {
		struct case_count_key k = *want;
		k.kind = chart_kind(want->kind);
		k.day = month;
		uint8_t key[COUNT_KEY_LEN], end_day[4];
		encode_key(&k, key);
		store_put_day_key(end_day, month);
		struct chart_seek cs = {.key = key};
		int rc = store_count_walk(txn, key, sizeof(key), end_day, chart_one, &cs);
		*out = cs.n;
		return rc;
	}
	struct day_sum ds = {.want = want};
	struct part_walk pw = {.fn = day_add, .arg = &ds, .kind = want->kind};
	int rc = walk(txn, &pw, from > month ? from : month, to < end ? to : end, LEVEL_DAY);
	*out = ds.n;
	return rc;
}

int case_counts_months(struct store_txn *txn, uint8_t kind, const char *province, uint8_t track,
		       uint8_t category, int32_t from, int32_t to, int32_t today,
		       case_month_fn fn, void *arg)
{
	struct case_count_key want = {.kind = kind, .track = track, .category = category};
	if (province[0])
		memcpy(want.province, province, 2);
	int rc = TC_OK;
	for (int32_t m = level_start(LEVEL_MONTH, from); rc == TC_OK && m <= to;
	     m = level_next(LEVEL_MONTH, m)) {
		int64_t n = 0;
		rc = chart_month(txn, &want, m, from, to, today, &n);
		if (rc == TC_OK && n != 0 && fn(m, n, arg) != 0)
			break;
	}
	return rc;
}

/* Every event kind (the ones with a day and a roll-up). */
static const uint8_t event_kinds[] = {
	COUNT_RECEIVED,	  COUNT_ACCEPTED,     COUNT_SETTLED,	 COUNT_ON_TIME,
	COUNT_DECLINED,	  COUNT_WITHDRAWN,    COUNT_TERMINATED,	 COUNT_TRANSFER_OUT,
	COUNT_TRANSFER_IN, COUNT_CRIMINAL,     COUNT_MONITORED,	 COUNT_SETTLE_DAYS,
	COUNT_FIRST_DAYS,
};

static int32_t month_start(int32_t day)
{
	return level_start(LEVEL_MONTH, day);
}

int case_counts_build_months(struct store_txn *txn)
{
	int rc = TC_OK;
	for (size_t i = 0; rc == TC_OK && i < sizeof(event_kinds); i++)
		rc = store_count_rollup(txn, event_kinds[i], level_kind(event_kinds[i], LEVEL_MONTH),
					COUNT_KEY_LEN, month_start);
	return rc;
}

static int32_t quarter_start(int32_t day)
{
	return level_start(LEVEL_QUARTER, day);
}

static int32_t year_start(int32_t day)
{
	return level_start(LEVEL_YEAR, day);
}

struct chart_build {
	struct case_count_key *keys;
	int64_t *n;
	size_t len, cap;
	int rc;
};

static int chart_collect(const struct case_count_key *k, int64_t n, void *arg)
{
	struct chart_build *b = arg;
	if (b->len == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1024;
		void *keys = realloc(b->keys, cap * sizeof(*b->keys));
		if (keys)
			b->keys = keys;
		void *ns = keys ? realloc(b->n, cap * sizeof(*b->n)) : NULL;
		if (ns == NULL) {
			b->rc = TC_ENOMEM;
			return 1;
		}
		b->n = ns;
		b->cap = cap;
	}
	b->keys[b->len] = *k;
	b->n[b->len++] = n;
	return 0;
}

/* The charts' totals, from the month roll-up (collected first: they land in the same database). */
static int build_charts(struct store_txn *txn, uint8_t kind)
{
	struct chart_build b = {0};
	struct part_walk pw = {.fn = chart_collect, .arg = &b, .kind = kind};
	int rc = walk(txn, &pw, INT32_MIN, INT32_MAX, LEVEL_MONTH);
	if (rc == TC_OK)
		rc = b.rc;
	for (size_t i = 0; rc == TC_OK && i < b.len; i++)
		rc = bump_chart(txn, &b.keys[i], b.n[i]);
	free(b.keys);
	free(b.n);
	return rc;
}

struct flag_walk {
	char (*ids)[STORE_CASE_ID_LEN + 1];
	size_t n, cap;
	int rc;
};

/* Add c's id to the list. */
static int flagged_any(const struct store_case *c, void *arg)
{
	struct flag_walk *w = arg;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 256;
		void *p = realloc(w->ids, cap * sizeof(*w->ids));
		if (p == NULL) {
			w->rc = TC_ENOMEM;
			return 1;
		}
		w->ids = p;
		w->cap = cap;
	}
	memcpy(w->ids[w->n++], c->case_id, STORE_CASE_ID_LEN + 1);
	return 0;
}

static int flagged(const struct store_case *c, void *arg)
{
	return (c->flags & STORE_FLAG_OVERDUE) ? flagged_any(c, arg) : 0;
}

static int count_due(const struct store_case *c, void *arg)
{
	struct flag_walk *w = arg;
	return is_open_overdue(c) ? flagged(c, w) : 0;
}

/*
 * Count each case the walk collected (ids first, then the counters: a
 * counter is never written while the walk's cursor is open), as
 * if it had just come into being (no "before"), with count.
 */
static int bump_each(struct store_txn *txn, struct flag_walk *w, int rc,
		     int (*count)(struct store_txn *, const struct store_case *,
				 const struct store_case *))
{
	if (rc == TC_OK)
		rc = w->rc;
	for (size_t i = 0; rc == TC_OK && i < w->n; i++) {
		struct store_case c;
		rc = store_case_get(txn, w->ids[i], &c);
		if (rc == TC_OK)
			rc = count(txn, NULL, &c);
	}
	free(w->ids);
	return rc;
}

/* COUNT_OVERDUE_DUE of every open overdue case. */
static int build_due(struct store_txn *txn)
{
	struct flag_walk w = {0};
	return bump_each(txn, &w, store_due_cases(txn, INT32_MAX - 1, count_due, &w), bump_due);
}

static int is_monitored(const struct store_case *c, void *arg)
{
	return (c->flags & STORE_FLAG_MONITORED) ? flagged_any(c, arg) : 0;
}

/* The cases under monitoring now. */
static int build_monitored(struct store_txn *txn)
{
	struct flag_walk w = {0};
	return bump_each(txn, &w, store_all_cases(txn, is_monitored, &w), monitored_now);
}

int case_counts_build_coarse(struct store_txn *txn)
{
	int rc = build_due(txn);
	if (rc == TC_OK)
		rc = build_monitored(txn);
	for (size_t i = 0; rc == TC_OK && i < sizeof(event_kinds); i++) {
		uint8_t k = event_kinds[i], month = level_kind(k, LEVEL_MONTH);
		rc = store_count_rollup(txn, month, level_kind(k, LEVEL_QUARTER), COUNT_KEY_LEN,
					quarter_start);
		if (rc == TC_OK)
			rc = store_count_rollup(txn, month, level_kind(k, LEVEL_YEAR), COUNT_KEY_LEN,
						year_start);
		if (rc == TC_OK && k != COUNT_SETTLE_DAYS && k != COUNT_FIRST_DAYS)
			rc = build_charts(txn, k);
	}
	return rc;
}

/* The overdue cases by deadline day, by unit (schema 7), from their counters (collected first). */
static int build_due_totals(struct store_txn *txn)
{
	struct chart_build b = {0};
	struct part_walk pw = {.fn = chart_collect, .arg = &b, .kind = COUNT_OVERDUE_DUE};
	int rc = walk(txn, &pw, INT32_MIN, INT32_MAX, LEVEL_DAY);
	if (rc == TC_OK)
		rc = b.rc;
	for (size_t i = 0; rc == TC_OK && i < b.len; i++)
		rc = case_totals_due_add(txn, &b.keys[i], b.n[i]);
	free(b.keys);
	free(b.n);
	return rc;
}

/* One kind's counters of one bucket level from..to: their totals, collected then added. */
static int totals_of(struct store_txn *txn, struct case_totals_build *b, uint8_t kind,
		     int32_t from, int32_t to, int level)
{
	struct part_walk pw = {.fn = case_totals_collect, .arg = b, .kind = kind};
	int rc = walk(txn, &pw, from, to, level);
	return rc == TC_OK ? case_totals_flush(txn, b) : rc;
}

/* The totals of every event kind's counters of one bucket level (b->bucket set by the caller). */
static int event_totals_of(struct store_txn *txn, struct case_totals_build *b, int level)
{
	int rc = TC_OK;
	for (size_t i = 0; rc == TC_OK && i < sizeof(event_kinds); i++)
		rc = totals_of(txn, b, event_kinds[i], INT32_MIN, INT32_MAX, level);
	return rc;
}

/* The totals of the present (day 0): statuses, overdue, under monitoring. */
static int present_totals_of(struct store_txn *txn, struct case_totals_build *b)
{
	static const uint8_t present[] = {COUNT_STATUS_NOW, COUNT_OVERDUE_NOW, COUNT_MONITORED_NOW,
					  COUNT_MONITORED_OVERDUE};
	int rc = TC_OK;
	b->bucket = TOTAL_NOW;
	for (size_t i = 0; rc == TC_OK && i < sizeof(present); i++)
		rc = totals_of(txn, b, present[i], 0, 0, LEVEL_DAY);
	return rc;
}

/*
 * Schema 5: the totals per dimension of every event kind's month roll-up
 * and of the present, each kind collected then added (they land in the
 * database walked), the quarters and years rolled up from the months.
 */
static int build_totals(struct store_txn *txn)
{
	struct case_totals_build b = {.bucket = TOTAL_MONTH};
	int rc = event_totals_of(txn, &b, LEVEL_MONTH);
	if (rc == TC_OK)
		rc = present_totals_of(txn, &b);
	case_totals_build_free(&b);
	if (rc == TC_OK)
		rc = build_due_totals(txn);
	return rc == TC_OK ? case_totals_rollup(txn) : rc;
}

/*
 * Schema 7, from a schema-5 store: the projections it added (every
 * filter's breakdowns), from the full counters of each bucket level
 * (month, quarter, year: the roll-ups hold them whole) and of the
 * present; the overdue cases by deadline day under every filter, by day
 * and block, from their day counters, schema 5's (by unit only) dropped.
 */
static int build_totals_7(struct store_txn *txn)
{
	struct case_totals_build b = {.only_new = true};
	int rc = TC_OK;
	for (int level = LEVEL_MONTH; rc == TC_OK && level < LEVELS; level++) {
		b.bucket = level; /* enum total_bucket has the same levels */
		rc = event_totals_of(txn, &b, level);
	}
	if (rc == TC_OK)
		rc = present_totals_of(txn, &b);
	case_totals_build_free(&b);
	return rc == TC_OK ? build_due_totals(txn) : rc;
}

/*
 * Schema 8: each filter's total by day (case_totals_ragged), from the day
 * counters of every event kind, a year at a time (the collection's memory
 * stays one year's), the days outside the calendar's years in two more.
 */
static int build_day_totals(struct store_txn *txn)
{
	struct case_totals_build b = {.days = true};
	dm_day first, end;
	if (!dm_day_from_ymd(DM_YEAR_MIN, 1, 1, &first) || !dm_day_from_ymd(DM_YEAR_MAX, 12, 31, &end))
		return TC_EINVAL;
	int rc = TC_OK;
	for (size_t i = 0; rc == TC_OK && i < sizeof(event_kinds); i++) {
		uint8_t k = event_kinds[i];
		rc = totals_of(txn, &b, k, INT32_MIN + 1, first - 1, LEVEL_DAY);
		for (int32_t y = first; rc == TC_OK && y <= end; y = level_next(LEVEL_YEAR, y)) {
			int32_t last = level_next(LEVEL_YEAR, y) - 1;
			rc = totals_of(txn, &b, k, y, last < end ? last : end, LEVEL_DAY);
		}
		if (rc == TC_OK)
			rc = totals_of(txn, &b, k, end + 1, INT32_MAX, LEVEL_DAY);
	}
	case_totals_build_free(&b);
	return rc;
}

/*
 * Schema 3: STORE_FLAG_OVERDUE means "overdue now". A case flagged under
 * the old meaning (once late, until closed) was late: it gets
 * STORE_FLAG_WAS_LATE; a closed one loses OVERDUE (it counted nowhere, as
 * COUNT_OVERDUE_NOW counts open cases only); an open one keeps it until
 * the first recompute or sweep re-derives it, with its counters.
 */
static int upgrade_flags(struct store_txn *txn)
{
	struct flag_walk w = {0};
	int rc = store_all_cases(txn, flagged, &w);
	if (rc == TC_OK)
		rc = w.rc;
	for (size_t i = 0; rc == TC_OK && i < w.n; i++) {
		struct store_case c;
		rc = store_case_get(txn, w.ids[i], &c);
		if (rc != TC_OK)
			break;
		c.flags |= STORE_FLAG_WAS_LATE;
		if (dm_status_is_closed((enum dm_status)c.status))
			c.flags &= ~(uint32_t)STORE_FLAG_OVERDUE;
		rc = store_case_put(txn, &c, false);
	}
	free(w.ids);
	return rc;
}

int case_counts_upgrade(struct store_txn *txn, uint32_t from)
{
	/*
	 * Version 2 added the month roll-up; version 3 the flags' new meaning;
	 * version 4 the quarter and year roll-ups and the charts' totals;
	 * version 5 the totals per dimension (case_totals.h); version 6 the
	 * decline's ground (record byte 27, COUNT_DECLINED's value): nothing to
	 * rebuild, the declines before it count as "not recorded" (0); version 7
	 * every filter's breakdowns in the totals and the overdue cases by
	 * deadline under every filter and by block; version 8 each filter's
	 * total by day (case_totals_ragged).
	 */
	int rc = from == 1 ? case_counts_build_months(txn) : from <= 7 ? TC_OK : TC_EVERSION;
	if (rc == TC_OK && from < 3)
		rc = upgrade_flags(txn);
	/*
	 * The totals from the month roll-up and the present, before the coarse
	 * roll-ups: building those adds the cases under monitoring now, with
	 * their totals (bump). Schema 5's overdue cases by deadline day go.
	 */
	if (rc == TC_OK && from < 7)
		rc = from < 5 ? build_totals(txn) : build_totals_7(txn);
	if (rc == TC_OK)
		rc = case_totals_drop_old_due(txn);
	if (rc == TC_OK)
		rc = build_day_totals(txn);
	return rc == TC_OK && from < 4 ? case_counts_build_coarse(txn) : rc;
}
