/*
 * case_totals.h - the oversight counters' totals per dimension (schema 5),
 * so that a period's national or per-dimension figures read a bounded
 * number of counters whatever the number of cases.
 *
 * The counters of case_counts.h hold one count per combination province x
 * unit x track x category (x value): with a million cases every
 * combination exists in every bucket. Beside them, each change also adds
 * to projections of the same event: the counts with only some dimensions
 * kept (the others summed), e.g. "received in March by province" or
 * "received in March in province 01 by the accused's level". A figure
 * with filter F (province, track, category: each given or all) broken down
 * by dimension D reads the projection F + D, whose size is bounded by the
 * values of those dimensions (34 provinces, 35 units, 4 tracks, 11
 * categories, 8 levels), not by the cases. Kept: every breakdown of the
 * nation and of one province, and the level breakdown of any filter; a
 * filter on track or category reads its other breakdowns from the full
 * counters (bounded by the combinations, as before schema 5).
 *
 * Kept for the month, quarter and year buckets of the events and for the
 * present (day 0: statuses, overdue, under monitoring); not for single
 * days (a period of whole months never needs them; a ragged one reads the
 * day counters, case_counts_range). Key (TOTAL_KEY_LEN bytes):
 *   family(1: 0x90 + bucket level) | day(4) | kind(1) | mask(1) |
 *   province(2) | unit(8) | track(1) | category(1) | level(1) | value(2)
 * where mask says which of the five dimensions are kept (the others are
 * zero); value as in case_counts (a status, days).
 */
#ifndef TOCAO_CASE_TOTALS_H
#define TOCAO_CASE_TOTALS_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"
#include "case_count_key.h"

enum total_dim {
	TOTAL_PROVINCE = 1,
	TOTAL_UNIT = 2,
	TOTAL_TRACK = 4,
	TOTAL_CATEGORY = 8,
	TOTAL_LEVEL = 16,
};

/* The accused's level as a dimension: 0 not recorded, 1..7 dm_level. */
#define TOTAL_LEVELS 8

/* Bucket levels of the totals (as case_counts.c's): the present is level 0, day 0. */
enum total_bucket { TOTAL_NOW, TOTAL_MONTH, TOTAL_QUARTER, TOTAL_YEAR };

/*
 * Inside a write, from case_counts' bump: add delta to every projection of
 * the counter (kind, day, c's dimensions, value). day 0: the present; else
 * the month, quarter and year holding day. The days histograms
 * (COUNT_SETTLE_DAYS, COUNT_FIRST_DAYS) keep the projections without
 * dimension and by province only (see case_totals_mask_kept).
 */
int case_totals_bump(struct store_txn *txn, uint8_t kind, int32_t day, const struct store_case *c,
		     uint16_t value, int64_t delta) TC_WUR;

/* Whether projection mask is kept for kind (histograms: 0 and province only). */
bool case_totals_mask_kept(uint8_t kind, uint8_t mask);

/* A projection's filter: the values of the kept dimensions that are fixed (0/"" = any). */
struct case_total_filter {
	char province[3];
	uint8_t track, category;
};

/*
 * Whether [from, to] is made of whole months (and so can be read from the
 * totals); from == to == 0 is the present.
 */
bool case_totals_cover(int32_t from, int32_t to);

/*
 * Every counter of projection mask of kind in the buckets making up
 * [from, to] (case_totals_cover must hold), whose fixed dimensions match
 * filter (track and category are checked when kept); fn gets each (k: the
 * dimensions kept, the others zero, and the value; level: the accused's
 * level when kept, else 0) and returns non-zero to stop. TC_EINVAL when
 * [from, to] is not whole months or the projection is not kept.
 */
typedef int (*case_total_fn)(const struct case_count_key *k, uint8_t level, int64_t n, void *arg);
int case_totals_range(struct store_txn *txn, uint8_t kind, uint8_t mask,
		      const struct case_total_filter *filter, int32_t from, int32_t to,
		      case_total_fn fn, void *arg) TC_WUR;

/*
 * The open overdue cases by the day of the deadline they missed
 * (COUNT_OVERDUE_DUE), by unit, of the nation and of each province: the
 * days overdue of a unit's cases read from at most 35 counters a day.
 * Key (16 bytes): 0x94 | mask (1: unit 2, or province and unit 3) |
 * province (2, zero for the nation) | day (4) | unit (8).
 * case_totals_due_add: inside a write, k being the full counter's key.
 * case_totals_due_range: the counters of days from..to of the nation
 * (province "") or of one province; fn gets k's day, province and unit.
 */
int case_totals_due_add(struct store_txn *txn, const struct case_count_key *k,
			int64_t delta) TC_WUR;
int case_totals_due_range(struct store_txn *txn, const char *province, int32_t from, int32_t to,
			  case_total_fn fn, void *arg) TC_WUR;

/* The first day of the bucket (month, quarter, year) holding day, and of the next one. */
int32_t case_totals_bucket_start(int bucket, int32_t day);
int32_t case_totals_bucket_next(int bucket, int32_t day);

/*
 * Building them from the counters already kept (schema 4 to 5, by
 * case_counts_upgrade): case_totals_collect (a case_count_fn) takes the
 * counters of one kind (the month roll-up, bucket TOTAL_MONTH, or the
 * present, TOTAL_NOW), level 0 for all (records before schema 5 have no
 * level); case_totals_flush adds their projections, summed; after every
 * kind, case_totals_rollup builds the quarters and years from the months.
 */
struct case_totals_build {
	struct case_total_item *items;
	size_t len, cap;
	int bucket; /* enum total_bucket of the counters collected */
	int rc;
};
int case_totals_collect(const struct case_count_key *k, int64_t n, void *build);
int case_totals_flush(struct store_txn *txn, struct case_totals_build *b) TC_WUR;
int case_totals_rollup(struct store_txn *txn) TC_WUR;
void case_totals_build_free(struct case_totals_build *b);

#endif
