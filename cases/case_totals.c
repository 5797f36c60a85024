/* case_totals.c - the counters' totals per dimension (case_totals.h). */
#include <stdlib.h>
#include <string.h>

#include "dm_date.h"
#include "case_totals.h"

#define TOTAL_KEY_LEN 22
#define FAMILY_A 0x90 /* + enum total_bucket: no other counter kind uses 0x90..0x93 */
#define FAMILY_B 0x98 /* + enum total_bucket: the same, track and category first (0x98..0x9b) */
#define FAMILY_DAY 0x97 /* a filter's totals by day (schema 8), layout A's key */

enum {
	OFF_DAY = 1,
	OFF_KIND = 5,
	OFF_MASK = 6,
	OFF_LEVEL = 19,
	OFF_VALUE = 20,
};

/*
 * The two key layouts: where each dimension sits, in the order they sort.
 * Layout A (province, unit, track, category) serves the nation and a
 * province; layout B (track, category, province, unit) the breakdowns by
 * province or unit of a filter on track or category, so that the filter's
 * values are a prefix of the keys read and nothing else is walked.
 */
struct layout {
	uint8_t family;
	uint8_t order[4];  /* enum total_dim, in key order */
	uint8_t off[4];    /* their offsets, in the same order */
};
static const struct layout layout_a = {
	FAMILY_A,
	{TOTAL_PROVINCE, TOTAL_UNIT, TOTAL_TRACK, TOTAL_CATEGORY},
	{7, 9, 17, 18},
};
/* The days' totals: layout A's places, their own family, no bucket level (bucket 0). */
static const struct layout layout_day = {
	FAMILY_DAY,
	{TOTAL_PROVINCE, TOTAL_UNIT, TOTAL_TRACK, TOTAL_CATEGORY},
	{7, 9, 17, 18},
};
static const struct layout layout_b = {
	FAMILY_B,
	{TOTAL_TRACK, TOTAL_CATEGORY, TOTAL_PROVINCE, TOTAL_UNIT},
	{7, 8, 9, 11},
};

static size_t dim_len(uint8_t dim)
{
	return dim == TOTAL_PROVINCE ? 2 : dim == TOTAL_UNIT ? STORE_UNIT_LEN : 1;
}

static size_t off_of(const struct layout *l, uint8_t dim)
{
	for (int i = 0; i < 4; i++)
		if (l->order[i] == dim)
			return l->off[i];
	return OFF_LEVEL;
}

/*
 * The projections kept for events and the present. Layout A: each
 * breakdown (by province, unit, track, category, level) of the nation and
 * of one province, the level breakdown of any filter, and track by
 * category with or without a province (a filter on one of them broken
 * down by the other). Layout B: the breakdowns by province and by unit of
 * any filter on track or category (schema 7). So every filter (province,
 * track, category: each given or all) has every breakdown.
 */
#define P TOTAL_PROVINCE
#define U TOTAL_UNIT
#define T TOTAL_TRACK
#define C TOTAL_CATEGORY
#define L TOTAL_LEVEL
static const uint8_t event_masks[] = {
	P, U, T, C, L, P | U, P | T, P | C, P | L, T | L, C | L, P | T | L, P | C | L, T | C | L,
	P | T | C | L, T | C, P | T | C,
};
static const uint8_t event_masks_b[] = {
	T | P, T | U, C | P, C | U, T | C | P, T | C | U, T | P | U, C | P | U, T | C | P | U,
};
/*
 * The days histograms (by province and track in the full counters): the
 * nation, a province, a track and both.
 */
static const uint8_t days_masks[] = {0, P, T, P | T};
/*
 * By day (schema 8): only each filter's total, no breakdown (a ragged
 * period's edges: the comparison's and the digest's figures show totals
 * and the days histograms only); the histograms as above.
 */
static const uint8_t day_masks[] = {0, P, T, C, P | T, P | C, T | C, P | T | C};
#undef P
#undef U
#undef T
#undef C
#undef L

static bool is_days_kind(uint8_t kind)
{
	return kind == COUNT_SETTLE_DAYS || kind == COUNT_FIRST_DAYS;
}

/* The masks of one layout kept for kind. */
static const uint8_t *masks_of(uint8_t kind, const struct layout *l, size_t *n)
{
	if (l == &layout_day) {
		*n = is_days_kind(kind) ? sizeof(days_masks) : sizeof(day_masks);
		return is_days_kind(kind) ? days_masks : day_masks;
	}
	if (l == &layout_b) {
		*n = is_days_kind(kind) ? 0 : sizeof(event_masks_b);
		return event_masks_b;
	}
	*n = is_days_kind(kind) ? sizeof(days_masks) : sizeof(event_masks);
	return is_days_kind(kind) ? days_masks : event_masks;
}

static bool kept_in(uint8_t kind, const struct layout *l, uint8_t mask)
{
	size_t n;
	const uint8_t *m = masks_of(kind, l, &n);
	return n && memchr(m, mask, n) != NULL;
}

/* The dimensions a filter fixes. */
static uint8_t fixed_dims(const struct case_total_filter *f)
{
	return (uint8_t)((f->province[0] ? TOTAL_PROVINCE : 0) | (f->track ? TOTAL_TRACK : 0) |
			 (f->category ? TOTAL_CATEGORY : 0));
}

/* Where a breakdown by dim under the filter's fixed dimensions is read. */
static const struct layout *layout_for(uint8_t dim, uint8_t fixed)
{
	bool by_place = dim == TOTAL_PROVINCE || dim == TOTAL_UNIT;
	return by_place && (fixed & (TOTAL_TRACK | TOTAL_CATEGORY)) ? &layout_b : &layout_a;
}

bool case_totals_kept(uint8_t kind, uint8_t dim, const struct case_total_filter *filter)
{
	uint8_t fixed = fixed_dims(filter);
	return kept_in(kind, layout_for(dim, fixed), (uint8_t)(fixed | dim));
}

/* The projection of (k, level) under mask, in layout l's bucket (bucket, day). */
static void encode(uint8_t out[TOTAL_KEY_LEN], const struct layout *l, int bucket, int32_t day,
		   const struct case_count_key *k, uint8_t level, uint8_t mask)
{
	memset(out, 0, TOTAL_KEY_LEN);
	out[0] = (uint8_t)(l->family + bucket);
	store_put_day_key(out + OFF_DAY, day);
	out[OFF_KIND] = k->kind;
	out[OFF_MASK] = mask;
	if (mask & TOTAL_PROVINCE)
		memcpy(out + off_of(l, TOTAL_PROVINCE), k->province, 2);
	if (mask & TOTAL_UNIT)
		memcpy(out + off_of(l, TOTAL_UNIT), k->unit, strnlen(k->unit, STORE_UNIT_LEN));
	if (mask & TOTAL_TRACK)
		out[off_of(l, TOTAL_TRACK)] = k->track;
	if (mask & TOTAL_CATEGORY)
		out[off_of(l, TOTAL_CATEGORY)] = k->category;
	if (mask & TOTAL_LEVEL)
		out[OFF_LEVEL] = level;
	out[OFF_VALUE] = (uint8_t)(k->value >> 8);
	out[OFF_VALUE + 1] = (uint8_t)k->value;
}

static void decode(const uint8_t *p, const struct layout *l, struct case_count_key *k,
		   uint8_t *level)
{
	memset(k, 0, sizeof(*k));
	k->kind = p[OFF_KIND];
	k->day = store_get_day_key(p + OFF_DAY);
	memcpy(k->province, p + off_of(l, TOTAL_PROVINCE), 2);
	memcpy(k->unit, p + off_of(l, TOTAL_UNIT), STORE_UNIT_LEN);
	k->unit[STORE_UNIT_LEN - 1] = '\0';
	k->track = p[off_of(l, TOTAL_TRACK)];
	k->category = p[off_of(l, TOTAL_CATEGORY)];
	*level = p[OFF_LEVEL];
	k->value = (uint16_t)(p[OFF_VALUE] << 8 | p[OFF_VALUE + 1]);
}

/* Every kept projection of one counter, in one bucket, in both layouts. */
static int bump_bucket(struct store_txn *txn, int bucket, int32_t day,
		       const struct case_count_key *k, uint8_t level, int64_t delta)
{
	static const struct layout *const layouts[] = {&layout_a, &layout_b};
	int rc = TC_OK;
	for (size_t j = 0; rc == TC_OK && j < 2; j++) {
		size_t n;
		const uint8_t *m = masks_of(k->kind, layouts[j], &n);
		for (size_t i = 0; rc == TC_OK && i < n; i++) {
			uint8_t key[TOTAL_KEY_LEN];
			encode(key, layouts[j], bucket, day, k, level, m[i]);
			rc = store_count_add(txn, key, sizeof(key), delta);
		}
	}
	return rc;
}

/* The day's totals of each filter (schema 8): 8 counters, 4 for a days histogram. */
static int bump_day(struct store_txn *txn, int32_t day, const struct case_count_key *k,
		    int64_t delta)
{
	size_t n;
	const uint8_t *m = masks_of(k->kind, &layout_day, &n);
	int rc = TC_OK;
	for (size_t i = 0; rc == TC_OK && i < n; i++) {
		uint8_t key[TOTAL_KEY_LEN];
		encode(key, &layout_day, 0, day, k, 0, m[i]);
		rc = store_count_add(txn, key, sizeof(key), delta);
	}
	return rc;
}

int case_totals_bump(struct store_txn *txn, uint8_t kind, int32_t day, const struct store_case *c,
		     uint16_t value, int64_t delta)
{
	struct case_count_key k = {.kind = kind, .day = day, .track = c->track,
				    .category = c->category, .value = value};
	memcpy(k.province, c->province, 2);
	memcpy(k.unit, c->unit, STORE_UNIT_LEN);
	k.unit[STORE_UNIT_LEN - 1] = '\0';
	uint8_t level = c->level < TOTAL_LEVELS ? c->level : 0;
	if (day == 0)
		return bump_bucket(txn, TOTAL_NOW, 0, &k, level, delta);
	int rc = TC_OK;
	for (int b = TOTAL_MONTH; rc == TC_OK && b <= TOTAL_YEAR; b++)
		rc = bump_bucket(txn, b, case_totals_bucket_start(b, day), &k, level, delta);
	return rc == TC_OK ? bump_day(txn, day, &k, delta) : rc;
}

int32_t case_totals_bucket_start(int bucket, int32_t day)
{
	int y, m, d;
	dm_day first;
	if (bucket < TOTAL_MONTH || bucket > TOTAL_YEAR)
		return day;
	dm_day_to_ymd(day, &y, &m, &d);
	m = bucket == TOTAL_MONTH ? m : bucket == TOTAL_QUARTER ? (m - 1) / 3 * 3 + 1 : 1;
	return dm_day_from_ymd(y, m, 1, &first) ? first : day;
}

int32_t case_totals_bucket_next(int bucket, int32_t day)
{
	/* The longest month, quarter and year: past them lies the next bucket. */
	static const int32_t longest[] = {1, 31, 92, 366};
	if (bucket < TOTAL_MONTH || bucket > TOTAL_YEAR)
		return day + 1;
	return case_totals_bucket_start(bucket, case_totals_bucket_start(bucket, day) +
							longest[bucket]);
}

bool case_totals_cover(int32_t from, int32_t to)
{
	if (from == 0 && to == 0)
		return true;
	return from <= to && case_totals_bucket_start(TOTAL_MONTH, from) == from &&
	       case_totals_bucket_start(TOTAL_MONTH, to + 1) == to + 1;
}

struct seek {
	const struct layout *layout;
	uint8_t start[TOTAL_KEY_LEN];
	size_t prefix; /* bytes of start every wanted key shares */
	uint8_t fixed; /* the filter's dimensions kept in the projection */
	const struct case_total_filter *filter;
	case_total_fn fn;
	void *arg;
	int stopped;
};

static int seek_one(const uint8_t *key, size_t len, int64_t n, void *arg)
{
	struct seek *s = arg;
	(void)len;
	if (memcmp(key, s->start, s->prefix) != 0)
		return 1;
	struct case_count_key k;
	uint8_t level;
	decode(key, s->layout, &k, &level);
	/* Past the prefix, a fixed dimension may still differ (a breakdown sorted before it). */
	if (((s->fixed & TOTAL_PROVINCE) && memcmp(k.province, s->filter->province, 2) != 0) ||
	    ((s->fixed & TOTAL_TRACK) && k.track != s->filter->track) ||
	    ((s->fixed & TOTAL_CATEGORY) && k.category != s->filter->category))
		return 0;
	s->stopped = s->fn(&k, level, n, s->arg);
	return s->stopped;
}

/* One bucket: the keys of (bucket, day, kind, mask) sharing the prefix (the filter's values). */
static int read_bucket(struct store_txn *txn, struct seek *s, int bucket, int32_t day)
{
	if (s->stopped)
		return TC_OK;
	s->start[0] = (uint8_t)(s->layout->family + bucket);
	store_put_day_key(s->start + OFF_DAY, day);
	return store_count_walk(txn, s->start, TOTAL_KEY_LEN, s->start + OFF_DAY, seek_one, s);
}

/* [from, to] (whole months) from the coarsest buckets inside it, as case_counts_range. */
static int read_levels(struct store_txn *txn, struct seek *s, int32_t from, int32_t to, int bucket)
{
	int32_t first_full = case_totals_bucket_start(bucket, from) == from
				     ? from
				     : case_totals_bucket_next(bucket, from);
	int32_t end_full = case_totals_bucket_start(bucket, to + 1);
	if (bucket == TOTAL_MONTH)
		first_full = from;
	if (first_full >= end_full)
		return bucket == TOTAL_MONTH ? TC_OK : read_levels(txn, s, from, to, bucket - 1);
	int rc = TC_OK;
	if (from < first_full)
		rc = read_levels(txn, s, from, first_full - 1, bucket - 1);
	for (int32_t d = first_full; rc == TC_OK && d < end_full;
	     d = case_totals_bucket_next(bucket, d))
		rc = read_bucket(txn, s, bucket, d);
	if (rc == TC_OK && end_full <= to)
		rc = read_levels(txn, s, end_full, to, bucket - 1);
	return rc;
}

/*
 * The start key's dimensions (the filter's values where fixed, zero where
 * not kept) and how many of its bytes every key read shares: up to the
 * first dimension that varies, in the layout's order.
 */
static void seek_prefix(struct seek *s, uint8_t mask)
{
	const struct layout *l = s->layout;
	const struct case_total_filter *f = s->filter;
	s->prefix = OFF_MASK + 1;
	for (int i = 0; i < 4; i++) {
		uint8_t d = l->order[i];
		uint8_t *p = s->start + l->off[i];
		if (s->fixed & d) {
			if (d == TOTAL_PROVINCE)
				memcpy(p, f->province, 2);
			else
				*p = d == TOTAL_TRACK ? f->track : f->category;
		} else if (mask & d) {
			return;
		}
		s->prefix = l->off[i] + dim_len(d);
	}
	if (!(mask & TOTAL_LEVEL))
		s->prefix = OFF_VALUE;
}

int case_totals_range(struct store_txn *txn, uint8_t kind, uint8_t dim,
		      const struct case_total_filter *filter, int32_t from, int32_t to,
		      case_total_fn fn, void *arg)
{
	uint8_t fixed = fixed_dims(filter), mask = (uint8_t)(fixed | dim);
	const struct layout *l = layout_for(dim, fixed);
	if (!case_totals_cover(from, to) || !kept_in(kind, l, mask))
		return TC_EINVAL;
	struct seek s = {.layout = l, .fixed = fixed, .filter = filter, .fn = fn, .arg = arg};
	s.start[OFF_KIND] = kind;
	s.start[OFF_MASK] = mask;
	seek_prefix(&s, mask);
	if (from == 0 && to == 0)
		return read_bucket(txn, &s, TOTAL_NOW, 0);
	return read_levels(txn, &s, from, to, TOTAL_YEAR);
}

/* The days from to to (at most a month and a bit) from the days' totals of the filter. */
static int read_days(struct store_txn *txn, uint8_t kind, const struct case_total_filter *filter,
		     int32_t from, int32_t to, case_total_fn fn, void *arg)
{
	uint8_t fixed = fixed_dims(filter);
	struct seek s = {.layout = &layout_day, .fixed = fixed, .filter = filter, .fn = fn,
			 .arg = arg};
	s.start[OFF_KIND] = kind;
	s.start[OFF_MASK] = fixed;
	seek_prefix(&s, fixed);
	int rc = TC_OK;
	for (int32_t d = from; rc == TC_OK && d <= to; d++)
		rc = read_bucket(txn, &s, 0, d);
	return rc;
}

int case_totals_ragged(struct store_txn *txn, uint8_t kind, const struct case_total_filter *filter,
		       int32_t from, int32_t to, case_total_fn fn, void *arg)
{
	if (from > to || (is_days_kind(kind) && filter->category))
		return TC_EINVAL;
	/* The whole months inside: every filter's level breakdown adds up to its total. */
	int32_t first = case_totals_bucket_start(TOTAL_MONTH, from) == from
				? from
				: case_totals_bucket_next(TOTAL_MONTH, from);
	int32_t end = case_totals_bucket_start(TOTAL_MONTH, to + 1);
	if (first >= end)
		return read_days(txn, kind, filter, from, to, fn, arg);
	uint8_t dim = is_days_kind(kind) ? 0 : TOTAL_LEVEL;
	int rc = read_days(txn, kind, filter, from, first - 1, fn, arg);
	if (rc == TC_OK)
		rc = case_totals_range(txn, kind, dim, filter, first, end - 1, fn, arg);
	if (rc == TC_OK)
		rc = read_days(txn, kind, filter, end, to, fn, arg);
	return rc;
}

/* ---- The overdue cases by deadline day, by unit ---- */

#define DUE_DAY_FAMILY 0x95   /* by day (schema 7; 0x94 was schema 5's, by unit only) */
#define DUE_BLOCK_FAMILY 0x96 /* by block of DUE_BLOCK days */
#define DUE_KEY_LEN 18
#define DUE_BLOCK 8
#define DUE_OFF_DAY 6
#define DUE_OFF_UNIT 10

/* The first day of day's block (blocks are aligned on day 0, not on today: they never move). */
static int32_t due_block(int32_t day)
{
	int32_t r = day % DUE_BLOCK;
	return day - (r < 0 ? r + DUE_BLOCK : r);
}

/* Key: family | mask | province (2) | track | category | day (4) | unit (8); unkept: zero. */
static void encode_due(uint8_t out[DUE_KEY_LEN], uint8_t family, uint8_t mask,
		       const struct case_count_key *k, int32_t day)
{
	memset(out, 0, DUE_KEY_LEN);
	out[0] = family;
	out[1] = mask;
	if (mask & TOTAL_PROVINCE)
		memcpy(out + 2, k->province, 2);
	if (mask & TOTAL_TRACK)
		out[4] = k->track;
	if (mask & TOTAL_CATEGORY)
		out[5] = k->category;
	store_put_day_key(out + DUE_OFF_DAY, day);
	memcpy(out + DUE_OFF_UNIT, k->unit, strnlen(k->unit, STORE_UNIT_LEN));
}

int case_totals_due_add(struct store_txn *txn, const struct case_count_key *k, int64_t delta)
{
	int rc = TC_OK;
	/* By unit under every filter: the filter's dimensions with the unit. */
	for (uint8_t f = 0; rc == TC_OK && f < 16; f++) {
		if (f & TOTAL_UNIT)
			continue;
		uint8_t key[DUE_KEY_LEN], mask = (uint8_t)(f | TOTAL_UNIT);
		encode_due(key, DUE_DAY_FAMILY, mask, k, k->day);
		rc = store_count_add(txn, key, sizeof(key), delta);
		encode_due(key, DUE_BLOCK_FAMILY, mask, k, due_block(k->day));
		if (rc == TC_OK)
			rc = store_count_add(txn, key, sizeof(key), delta);
	}
	return rc;
}

struct due_seek {
	uint8_t start[DUE_KEY_LEN];
	int32_t to; /* the last day (of a day) or block start wanted */
	case_total_fn fn;
	void *arg;
	int stopped;
};

static int due_one(const uint8_t *key, size_t len, int64_t n, void *arg)
{
	struct due_seek *s = arg;
	(void)len;
	struct case_count_key k = {.kind = COUNT_OVERDUE_DUE};
	/* One family, mask and filter, days in order: past them or past to, the walk is done. */
	if (memcmp(key, s->start, DUE_OFF_DAY) != 0)
		return 1;
	k.day = store_get_day_key(key + DUE_OFF_DAY);
	if (k.day > s->to)
		return 1;
	memcpy(k.province, key + 2, 2);
	k.track = key[4];
	k.category = key[5];
	memcpy(k.unit, key + DUE_OFF_UNIT, STORE_UNIT_LEN);
	k.unit[STORE_UNIT_LEN - 1] = '\0';
	s->stopped = s->fn(&k, 0, n, s->arg);
	return s->stopped;
}

/* The counters of family from day (or block) from to to. */
static int due_walk(struct store_txn *txn, struct due_seek *s, uint8_t family, int32_t from,
		    int32_t to)
{
	if (s->stopped || from > to)
		return TC_OK;
	s->start[0] = family;
	s->to = to;
	store_put_day_key(s->start + DUE_OFF_DAY, from);
	/* The key's bytes 1-4 are no day here: the walk is ended by due_one. */
	static const uint8_t no_end[4] = {0xff, 0xff, 0xff, 0xff};
	return store_count_walk(txn, s->start, DUE_KEY_LEN, no_end, due_one, s);
}

int case_totals_due_range(struct store_txn *txn, const struct case_total_filter *filter,
			  int32_t from, int32_t to, case_total_fn fn, void *arg)
{
	struct due_seek s = {.fn = fn, .arg = arg};
	struct case_count_key k = {.track = filter->track, .category = filter->category};
	memcpy(k.province, filter->province, 2);
	encode_due(s.start, 0, (uint8_t)(fixed_dims(filter) | TOTAL_UNIT), &k, 0);
	/* The whole blocks inside [from, to] from their counters, the days either side from theirs. */
	int32_t first = due_block(from) == from ? from : due_block(from) + DUE_BLOCK;
	int32_t end = due_block(to + 1);
	if (first >= end)
		return due_walk(txn, &s, DUE_DAY_FAMILY, from, to);
	int rc = due_walk(txn, &s, DUE_DAY_FAMILY, from, first - 1);
	if (rc == TC_OK)
		rc = due_walk(txn, &s, DUE_BLOCK_FAMILY, first, end - DUE_BLOCK);
	if (rc == TC_OK)
		rc = due_walk(txn, &s, DUE_DAY_FAMILY, end, to);
	return rc;
}

/* ---- Building them from the counters already kept (schema 4 or 5 to 6) ---- */

struct case_total_item {
	uint8_t key[TOTAL_KEY_LEN];
	int64_t n;
};

static int item_cmp(const void *a, const void *b)
{
	return memcmp(((const struct case_total_item *)a)->key,
		      ((const struct case_total_item *)b)->key, TOTAL_KEY_LEN);
}

/* The projections schema 7 added (what a schema-5 store lacks). */
static bool added_in_6(uint8_t kind, const struct layout *l, uint8_t mask)
{
	if (l == &layout_b)
		return true;
	if (is_days_kind(kind))
		return mask == TOTAL_TRACK || mask == (TOTAL_PROVINCE | TOTAL_TRACK);
	return mask == (TOTAL_TRACK | TOTAL_CATEGORY) ||
	       mask == (TOTAL_PROVINCE | TOTAL_TRACK | TOTAL_CATEGORY);
}

static int collect_one(struct case_totals_build *b, const struct layout *l, uint8_t mask,
		       const struct case_count_key *k, int64_t n)
{
	if (b->len == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		struct case_total_item *bigger = realloc(b->items, cap * sizeof(*bigger));
		if (bigger == NULL) {
			b->rc = TC_ENOMEM;
			return 1;
		}
		b->items = bigger;
		b->cap = cap;
	}
	encode(b->items[b->len].key, l, b->bucket, k->day, k, 0, mask);
	b->items[b->len++].n = n;
	return 0;
}

/* A day counter's totals (schema 8): the filters' projections, by day. */
static int collect_day(struct case_totals_build *b, const struct case_count_key *k, int64_t n)
{
	size_t nm;
	const uint8_t *m = masks_of(k->kind, &layout_day, &nm);
	b->bucket = 0;
	for (size_t i = 0; i < nm; i++)
		if (collect_one(b, &layout_day, m[i], k, n))
			return 1;
	return 0;
}

int case_totals_collect(const struct case_count_key *k, int64_t n, void *build)
{
	static const struct layout *const layouts[] = {&layout_a, &layout_b};
	struct case_totals_build *b = build;
	if (b->days)
		return collect_day(b, k, n);
	for (size_t j = 0; j < 2; j++) {
		size_t nm;
		const uint8_t *m = masks_of(k->kind, layouts[j], &nm);
		for (size_t i = 0; i < nm; i++)
			if ((!b->only_new || added_in_6(k->kind, layouts[j], m[i])) &&
			    collect_one(b, layouts[j], m[i], k, n))
				return 1;
	}
	return 0;
}

int case_totals_flush(struct store_txn *txn, struct case_totals_build *b)
{
	int rc = b->rc;
	if (rc == TC_OK && b->len)
		qsort(b->items, b->len, sizeof(*b->items), item_cmp);
	/* Equal keys are adjacent once sorted: one addition each. */
	for (size_t i = 0; rc == TC_OK && i < b->len;) {
		int64_t sum = 0;
		size_t j = i;
		for (; j < b->len && memcmp(b->items[j].key, b->items[i].key, TOTAL_KEY_LEN) == 0; j++)
			sum += b->items[j].n;
		rc = store_count_add(txn, b->items[i].key, TOTAL_KEY_LEN, sum);
		i = j;
	}
	b->len = 0;
	return rc;
}

void case_totals_build_free(struct case_totals_build *b)
{
	free(b->items);
	b->items = NULL;
	b->len = b->cap = 0;
}

static int32_t quarter_of(int32_t day)
{
	return case_totals_bucket_start(TOTAL_QUARTER, day);
}

static int32_t year_of(int32_t day)
{
	return case_totals_bucket_start(TOTAL_YEAR, day);
}

int case_totals_rollup(struct store_txn *txn)
{
	static const uint8_t families[] = {FAMILY_A, FAMILY_B};
	int rc = TC_OK;
	for (size_t i = 0; rc == TC_OK && i < sizeof(families); i++) {
		rc = store_count_rollup(txn, families[i] + TOTAL_MONTH, families[i] + TOTAL_QUARTER,
					TOTAL_KEY_LEN, quarter_of);
		if (rc == TC_OK)
			rc = store_count_rollup(txn, families[i] + TOTAL_MONTH,
						families[i] + TOTAL_YEAR, TOTAL_KEY_LEN, year_of);
	}
	return rc;
}

int case_totals_drop_old_due(struct store_txn *txn)
{
	return store_count_drop(txn, 0x94);
}
