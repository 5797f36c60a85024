/*
 * case_totals.h - the oversight counters' totals per dimension (schema 5,
 * every filter's breakdowns from schema 7), so that a period's figures
 * read a bounded number of counters whatever the number of cases.
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
 * categories, 8 levels), not by the cases. Every filter has every
 * breakdown (schema 7; schema 5 kept those of the nation and of a
 * province, and the level breakdown of any filter).
 *
 * Kept for the month, quarter and year buckets of the events and for the
 * present (day 0: statuses, overdue, under monitoring); for single days
 * only each filter's total (schema 8, case_totals_ragged: a ragged
 * period's edges; its breakdowns read the day counters,
 * case_counts_range). Key (TOTAL_KEY_LEN bytes), in one of
 * two layouts so that the filter's values are always a prefix of the keys
 * a breakdown reads:
 *   A: family(1: 0x90 + bucket level) | day(4) | kind(1) | mask(1) |
 *      province(2) | unit(8) | track(1) | category(1) | level(1) | value(2)
 *   B: family(1: 0x98 + bucket level) | day(4) | kind(1) | mask(1) |
 *      track(1) | category(1) | province(2) | unit(8) | level(1) | value(2)
 * where mask says which of the five dimensions are kept (the others are
 * zero); value as in case_counts (a status, days; summed over by every
 * reader). B holds the breakdowns by province or unit of a filter on track
 * or category, A everything else (see case_totals.c for the masks).
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
 * dimension, by province, by track and both (see case_totals_kept).
 */
int case_totals_bump(struct store_txn *txn, uint8_t kind, int32_t day, const struct store_case *c,
		     uint16_t value, int64_t delta) TC_WUR;

/* A projection's filter: the values of the dimensions that are fixed (0/"" = any). */
struct case_total_filter {
	char province[3];
	uint8_t track, category;
};

/*
 * Whether kind's breakdown by dim (one enum total_dim, or 0 for the total
 * alone) is kept under filter (the histograms: with at most a province
 * and a track fixed; everything else always from schema 7).
 */
bool case_totals_kept(uint8_t kind, uint8_t dim, const struct case_total_filter *filter);

/*
 * Whether [from, to] is made of whole months (and so can be read from the
 * totals); from == to == 0 is the present.
 */
bool case_totals_cover(int32_t from, int32_t to);

/*
 * The breakdown by dim (0: the total alone) of kind within filter in the
 * buckets making up [from, to] (case_totals_cover must hold): fn gets each
 * counter read (k: the filter's values, dim's value and the value, the
 * other dimensions zero; level: the accused's level when dim is
 * TOTAL_LEVEL, else 0) and returns non-zero to stop. It reads only the
 * keys of the filter's values: at most the values of dim per bucket (the
 * breakdown by track under a category filter, with or without province,
 * walks the 4 x 11 track and category cells). TC_EINVAL when [from, to] is
 * not whole months or the breakdown is not kept.
 */
typedef int (*case_total_fn)(const struct case_count_key *k, uint8_t level, int64_t n, void *arg);
int case_totals_range(struct store_txn *txn, uint8_t kind, uint8_t dim,
		      const struct case_total_filter *filter, int32_t from, int32_t to,
		      case_total_fn fn, void *arg) TC_WUR;

/*
 * The open overdue cases by the day of the deadline they missed
 * (COUNT_OVERDUE_DUE) by unit, under every filter (the unit with any of
 * province, track and category), by day and by block of 8 days (aligned
 * on day 0, so that no counter moves when today does). Key (18 bytes):
 * family (0x95 day, 0x96 block) | mask (1: 2 = unit, with 1 province,
 * 4 track, 8 category) | province (2) | track (1) | category (1) |
 * day (4: the day, or the block's first day) | unit (8); a dimension not
 * in the mask is zero. A range of days reads its whole blocks and the
 * days either side (at most 7 each): days overdue by band cost a bounded
 * number of counters however many cases are overdue.
 * case_totals_due_add: inside a write, k being the full counter's key.
 * case_totals_due_range: the counts by unit of deadlines from..to within
 * filter; fn gets k's unit and the filter's values (k->day: a day or a
 * block's first day, not to be bucketed by).
 */
int case_totals_due_add(struct store_txn *txn, const struct case_count_key *k,
			int64_t delta) TC_WUR;
int case_totals_due_range(struct store_txn *txn, const struct case_total_filter *filter,
			  int32_t from, int32_t to, case_total_fn fn, void *arg) TC_WUR;

/*
 * The total of kind within filter over any period [from, to] (days > 0):
 * its whole months from the totals (as case_totals_range: the level
 * breakdown, or a days histogram), the days before and after them from
 * the days' totals (schema 8: family 0x97, layout A's key, the day's
 * date, mask = the filter's dimensions only; 8 counters a day for an
 * event, the 4 of the histograms' filters for COUNT_SETTLE_DAYS and
 * COUNT_FIRST_DAYS). At most 30 days each side, one filter's counters
 * each (the values of the value byte): bounded whatever the number of
 * cases. fn as case_totals_range's (k: the filter's values and the value;
 * level: ignore). No breakdown: TC_EINVAL for a days histogram under a
 * category filter (not kept).
 */
int case_totals_ragged(struct store_txn *txn, uint8_t kind, const struct case_total_filter *filter,
		       int32_t from, int32_t to, case_total_fn fn, void *arg) TC_WUR;

/* The first day of the bucket (month, quarter, year) holding day, and of the next one. */
int32_t case_totals_bucket_start(int bucket, int32_t day);
int32_t case_totals_bucket_next(int bucket, int32_t day);

/*
 * Building them from the counters already kept (schema 4 or 5 to 6, by
 * case_counts_upgrade): case_totals_collect (a case_count_fn) takes the
 * counters of one kind of one bucket level (bucket: TOTAL_NOW for the
 * present, else the month, quarter or year roll-up), level 0 for all
 * (records before schema 5 have no level, and no projection schema 7
 * added keeps it); only_new: only the projections schema 7 added (a
 * schema-5 store has the others). case_totals_flush adds them, summed.
 * After a build from the months only, case_totals_rollup builds the
 * quarters and years from them. case_totals_drop_old_due deletes schema
 * 5's overdue cases by deadline day (family 0x94, by unit only).
 */
struct case_totals_build {
	struct case_total_item *items;
	size_t len, cap;
	int bucket; /* enum total_bucket of the counters collected */
	bool only_new;
	bool days; /* day counters: their days' totals only (schema 8) */
	int rc;
};
int case_totals_collect(const struct case_count_key *k, int64_t n, void *build);
int case_totals_flush(struct store_txn *txn, struct case_totals_build *b) TC_WUR;
int case_totals_rollup(struct store_txn *txn) TC_WUR;
int case_totals_drop_old_due(struct store_txn *txn) TC_WUR;
void case_totals_build_free(struct case_totals_build *b);

#endif
