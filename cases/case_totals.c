/* case_totals.c - the counters' totals per dimension (case_totals.h). */
#include <stdlib.h>
#include <string.h>

#include "dm_date.h"
#include "case_totals.h"

#define TOTAL_KEY_LEN 22
#define TOTAL_FAMILY 0x90 /* + enum total_bucket: no other counter kind uses 0x90..0x93 */

enum {
	OFF_DAY = 1,
	OFF_KIND = 5,
	OFF_MASK = 6,
	OFF_PROVINCE = 7,
	OFF_UNIT = 9,
	OFF_TRACK = 17,
	OFF_CATEGORY = 18,
	OFF_LEVEL = 19,
	OFF_VALUE = 20,
};

/*
 * The projections kept for events and the present: each breakdown (by
 * province, unit, track, category, level) of the nation, of one province,
 * and the level breakdown of any filter; the figures of a filter on track
 * or category read the full counters for the other breakdowns.
 */
#define P TOTAL_PROVINCE
#define U TOTAL_UNIT
#define T TOTAL_TRACK
#define C TOTAL_CATEGORY
#define L TOTAL_LEVEL
static const uint8_t event_masks[] = {
	P, U, T, C, L, P | U, P | T, P | C, P | L, T | L, C | L, P | T | L, P | C | L, T | C | L,
	P | T | C | L,
};
/* The days histograms (by province and track in the full counters): nation and province. */
static const uint8_t days_masks[] = {0, P};
#undef P
#undef U
#undef T
#undef C
#undef L

static bool is_days_kind(uint8_t kind)
{
	return kind == COUNT_SETTLE_DAYS || kind == COUNT_FIRST_DAYS;
}

bool case_totals_mask_kept(uint8_t kind, uint8_t mask)
{
	const uint8_t *m = is_days_kind(kind) ? days_masks : event_masks;
	size_t n = is_days_kind(kind) ? sizeof(days_masks) : sizeof(event_masks);
	return memchr(m, mask, n) != NULL;
}

/* The projection of (k, level) under mask, in bucket (family, day). */
static void encode(uint8_t out[TOTAL_KEY_LEN], int bucket, int32_t day,
		   const struct case_count_key *k, uint8_t level, uint8_t mask)
{
	memset(out, 0, TOTAL_KEY_LEN);
	out[0] = (uint8_t)(TOTAL_FAMILY + bucket);
	store_put_day_key(out + OFF_DAY, day);
	out[OFF_KIND] = k->kind;
	out[OFF_MASK] = mask;
	if (mask & TOTAL_PROVINCE)
		memcpy(out + OFF_PROVINCE, k->province, 2);
	if (mask & TOTAL_UNIT)
		memcpy(out + OFF_UNIT, k->unit, strnlen(k->unit, STORE_UNIT_LEN));
	if (mask & TOTAL_TRACK)
		out[OFF_TRACK] = k->track;
	if (mask & TOTAL_CATEGORY)
		out[OFF_CATEGORY] = k->category;
	if (mask & TOTAL_LEVEL)
		out[OFF_LEVEL] = level;
	out[OFF_VALUE] = (uint8_t)(k->value >> 8);
	out[OFF_VALUE + 1] = (uint8_t)k->value;
}

static void decode(const uint8_t *p, struct case_count_key *k, uint8_t *level)
{
	memset(k, 0, sizeof(*k));
	k->kind = p[OFF_KIND];
	k->day = store_get_day_key(p + OFF_DAY);
	memcpy(k->province, p + OFF_PROVINCE, 2);
	memcpy(k->unit, p + OFF_UNIT, STORE_UNIT_LEN);
	k->unit[STORE_UNIT_LEN - 1] = '\0';
	k->track = p[OFF_TRACK];
	k->category = p[OFF_CATEGORY];
	*level = p[OFF_LEVEL];
	k->value = (uint16_t)(p[OFF_VALUE] << 8 | p[OFF_VALUE + 1]);
}

/* Every kept projection of one counter, in one bucket. */
static int bump_bucket(struct store_txn *txn, int bucket, int32_t day,
		       const struct case_count_key *k, uint8_t level, int64_t delta)
{
	const uint8_t *m = is_days_kind(k->kind) ? days_masks : event_masks;
	size_t n = is_days_kind(k->kind) ? sizeof(days_masks) : sizeof(event_masks);
	int rc = TC_OK;
	for (size_t i = 0; rc == TC_OK && i < n; i++) {
		uint8_t key[TOTAL_KEY_LEN];
		encode(key, bucket, day, k, level, m[i]);
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
	return rc;
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
	uint8_t start[TOTAL_KEY_LEN];
	size_t prefix; /* bytes of start every wanted key shares */
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
	decode(key, &k, &level);
	if ((s->filter->track && (key[OFF_MASK] & TOTAL_TRACK) && k.track != s->filter->track) ||
	    (s->filter->category && (key[OFF_MASK] & TOTAL_CATEGORY) &&
	     k.category != s->filter->category))
		return 0;
	s->stopped = s->fn(&k, level, n, s->arg);
	return s->stopped;
}

/* One bucket: the keys of (bucket, day, kind, mask) and, when fixed and kept, the province. */
static int read_bucket(struct store_txn *txn, struct seek *s, int bucket, int32_t day)
{
	if (s->stopped)
		return TC_OK;
	s->start[0] = (uint8_t)(TOTAL_FAMILY + bucket);
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

int case_totals_range(struct store_txn *txn, uint8_t kind, uint8_t mask,
		      const struct case_total_filter *filter, int32_t from, int32_t to,
		      case_total_fn fn, void *arg)
{
	if (!case_totals_cover(from, to) || !case_totals_mask_kept(kind, mask))
		return TC_EINVAL;
	struct seek s = {.filter = filter, .fn = fn, .arg = arg, .prefix = OFF_PROVINCE};
	s.start[OFF_KIND] = kind;
	s.start[OFF_MASK] = mask;
	if ((mask & TOTAL_PROVINCE) && filter->province[0]) {
		memcpy(s.start + OFF_PROVINCE, filter->province, 2);
		s.prefix = OFF_UNIT;
	}
	if (from == 0 && to == 0)
		return read_bucket(txn, &s, TOTAL_NOW, 0);
	return read_levels(txn, &s, from, to, TOTAL_YEAR);
}

/* ---- The overdue cases by deadline day, by unit ---- */

#define DUE_FAMILY 0x94
#define DUE_KEY_LEN 16

static void encode_due(uint8_t out[DUE_KEY_LEN], uint8_t mask, const char *province, int32_t day,
		       const char *unit)
{
	memset(out, 0, DUE_KEY_LEN);
	out[0] = DUE_FAMILY;
	out[1] = mask;
	if (mask & TOTAL_PROVINCE)
		memcpy(out + 2, province, 2);
	store_put_day_key(out + 4, day);
	memcpy(out + 8, unit, strnlen(unit, STORE_UNIT_LEN));
}

int case_totals_due_add(struct store_txn *txn, const struct case_count_key *k, int64_t delta)
{
	uint8_t key[DUE_KEY_LEN];
	encode_due(key, TOTAL_UNIT, k->province, k->day, k->unit);
	int rc = store_count_add(txn, key, sizeof(key), delta);
	encode_due(key, TOTAL_PROVINCE | TOTAL_UNIT, k->province, k->day, k->unit);
	return rc == TC_OK ? store_count_add(txn, key, sizeof(key), delta) : rc;
}

struct due_seek {
	uint8_t start[DUE_KEY_LEN];
	int32_t to;
	case_total_fn fn;
	void *arg;
};

static int due_one(const uint8_t *key, size_t len, int64_t n, void *arg)
{
	struct due_seek *s = arg;
	(void)len;
	struct case_count_key k = {.kind = COUNT_OVERDUE_DUE};
	/* One mask and province, days in order: past them or past to, the walk is done. */
	if (memcmp(key, s->start, 4) != 0)
		return 1;
	k.day = store_get_day_key(key + 4);
	if (k.day > s->to)
		return 1;
	memcpy(k.province, key + 2, 2);
	memcpy(k.unit, key + 8, STORE_UNIT_LEN);
	k.unit[STORE_UNIT_LEN - 1] = '\0';
	return s->fn(&k, 0, n, s->arg);
}

int case_totals_due_range(struct store_txn *txn, const char *province, int32_t from, int32_t to,
			  case_total_fn fn, void *arg)
{
	struct due_seek s = {.to = to, .fn = fn, .arg = arg};
	uint8_t mask = province[0] ? TOTAL_PROVINCE | TOTAL_UNIT : TOTAL_UNIT;
	encode_due(s.start, mask, province, from, "");
	/* The key's bytes 1-4 are no day here: the walk is ended by due_one. */
	static const uint8_t no_end[4] = {0xff, 0xff, 0xff, 0xff};
	return store_count_walk(txn, s.start, DUE_KEY_LEN, no_end, due_one, &s);
}

/* ---- Building them from the counters already kept (schema 4 to 5) ---- */

struct case_total_item {
	uint8_t key[TOTAL_KEY_LEN];
	int64_t n;
};

static int item_cmp(const void *a, const void *b)
{
	return memcmp(((const struct case_total_item *)a)->key,
		      ((const struct case_total_item *)b)->key, TOTAL_KEY_LEN);
}

int case_totals_collect(const struct case_count_key *k, int64_t n, void *build)
{
	struct case_totals_build *b = build;
	const uint8_t *m = is_days_kind(k->kind) ? days_masks : event_masks;
	size_t nm = is_days_kind(k->kind) ? sizeof(days_masks) : sizeof(event_masks);
	if (b->len + nm > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		struct case_total_item *bigger = realloc(b->items, cap * sizeof(*bigger));
		if (bigger == NULL) {
			b->rc = TC_ENOMEM;
			return 1;
		}
		b->items = bigger;
		b->cap = cap;
	}
	for (size_t i = 0; i < nm; i++) {
		encode(b->items[b->len].key, b->bucket, k->day, k, 0, m[i]);
		b->items[b->len++].n = n;
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
	int rc = store_count_rollup(txn, TOTAL_FAMILY + TOTAL_MONTH, TOTAL_FAMILY + TOTAL_QUARTER,
				    TOTAL_KEY_LEN, quarter_of);
	if (rc == TC_OK)
		rc = store_count_rollup(txn, TOTAL_FAMILY + TOTAL_MONTH, TOTAL_FAMILY + TOTAL_YEAR,
					TOTAL_KEY_LEN, year_of);
	return rc;
}
