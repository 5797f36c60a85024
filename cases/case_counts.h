/*
 * case_counts.h - the oversight figures (docs/API.md "Monitors"), kept as counters
 * updated in the same transaction as every change of a case, so that a
 * summary costs the same with a million cases as with ten: it reads
 * counters per day in the period, never the cases.
 *
 * Two families, keyed kind | day | province | unit | track | category | value:
 *   events, by the day they happened: received, accepted, settled (and
 *   settled on time), declined, withdrawn, terminated, transferred out and
 *   in, criminal signs and monitoring flags; days-to-settle histogram.
 *   the present (day 0): cases per status, and open overdue cases.
 * Each event is counted on its day and in its month, quarter and year
 * (roll-ups: the same key under another kind byte, dated the bucket's
 * first day), so that a period reads the coarsest buckets that fit in it
 * and only its ragged ends from finer ones; and once more in the charts'
 * totals (case_counts_months). Every counter is dated on or before the
 * day it is written (an event's day is today, or the day a case was
 * received): a period that ends today may read today's month, quarter
 * and year whole (case_counts_horizon).
 */
#ifndef TOCAO_CASE_COUNTS_H
#define TOCAO_CASE_COUNTS_H

#include <stdint.h>

#include "store.h"
#include "case_count_key.h"


/*
 * Inside a write: record what changed between before (NULL for a new case)
 * and after, on day today.
 */
int case_counts_change(struct store_txn *txn, const struct store_case *before,
			     const struct store_case *after, int32_t today) TC_WUR;


/*
 * Every counter of kind for days from..to (use 0..0 for the present); fn
 * returns non-zero to stop. Counters of whole years, quarters and months
 * come as one count each, dated the first day of their bucket (k->day), so
 * a caller must not bucket them by day (case_counts_months does, by month).
 */
int case_counts_range(struct store_txn *txn, uint8_t kind, int32_t from, int32_t to,
		       case_count_fn fn, void *arg) TC_WUR;

/*
 * The last day a period [from, to] must read when nothing is dated after
 * today: to, or when to >= today the end of today's year (so that today's
 * year, quarter and month are read whole, from one counter each).
 */
int32_t case_counts_horizon(int32_t to, int32_t today);

/*
 * The count of kind (an event kind other than COUNT_SETTLE_DAYS) in each
 * month of [from, to], within province ("" all), track and category (0
 * all): one counter a month for a whole month (or today's, when to >=
 * today), the day counters for a ragged one. fn gets the month's first
 * day and its count (months with none are skipped); non-zero stops.
 */
/* Day counters only, for kinds without roll-ups (COUNT_OVERDUE_DUE). */
int case_counts_days(struct store_txn *txn, uint8_t kind, int32_t from, int32_t to,
		     case_count_fn fn, void *arg) TC_WUR;

typedef int (*case_month_fn)(int32_t month, int64_t count, void *arg);
int case_counts_months(struct store_txn *txn, uint8_t kind, const char *province, uint8_t track,
		       uint8_t category, int32_t from, int32_t to, int32_t today,
		       case_month_fn fn, void *arg) TC_WUR;

/*
 * Inside a write: build the quarter and year roll-ups and the charts'
 * totals from the month roll-up, and the overdue cases by the day of their
 * deadline (a store written before they existed).
 */
int case_counts_build_coarse(struct store_txn *txn) TC_WUR;

/*
 * Inside a write: build the month roll-up from the day counters (a store
 * written before the roll-up existed).
 */
int case_counts_build_months(struct store_txn *txn) TC_WUR;

/*
 * The schema upgrade the store cannot do itself (store_options.upgrade):
 * from version 1, build the month roll-up; before version 3, the flags'
 * new meaning; before version 4, the coarser roll-ups; before version 5, the
 * totals per dimension (case_totals.h); before version 6, every filter's
 * breakdowns in them and the overdue cases by deadline under every filter.
 * Writable opens pass it.
 */
int case_counts_upgrade(struct store_txn *txn, uint32_t from) TC_WUR;

#endif
