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
 * Each event is counted twice: on its day, and in a month roll-up (the
 * kind in lower case, dated the 1st of the month), so that a period reads
 * whole months from the roll-up and only its ragged ends day by day.
 */
#ifndef TOCAO_CASE_COUNTS_H
#define TOCAO_CASE_COUNTS_H

#include <stdint.h>

#include "store.h"

enum case_count_kind {
	COUNT_RECEIVED = 'R',
	COUNT_ACCEPTED = 'A',
	COUNT_SETTLED = 'S',
	COUNT_ON_TIME = 'O',      /* settled on or before its settle_by */
	COUNT_DECLINED = 'D',
	COUNT_WITHDRAWN = 'W',
	COUNT_TERMINATED = 'X',
	COUNT_TRANSFER_OUT = 'T',
	COUNT_TRANSFER_IN = 'I',
	COUNT_CRIMINAL = 'C',
	COUNT_MONITORED = 'M',
	COUNT_SETTLE_DAYS = 'H',  /* value: days from received to settled (capped); no unit, category 0 */
	COUNT_STATUS_NOW = 'N',   /* day 0; value: the status */
	COUNT_OVERDUE_NOW = 'V',  /* day 0: open cases flagged overdue */
};

#define COUNT_DAYS_CAP 999

/*
 * Inside a write: record what changed between before (NULL for a new case)
 * and after, on day today.
 */
int case_counts_change(struct store_txn *txn, const struct store_case *before,
			     const struct store_case *after, int32_t today) TC_WUR;

struct case_count_key {
	uint8_t kind;
	int32_t day;
	char province[3];
	char unit[STORE_UNIT_LEN];
	uint8_t track, category;
	uint16_t value;
};

/*
 * Every counter of kind for days from..to (use 0..0 for the present); fn
 * returns non-zero to stop. Counters of whole months come as one count
 * each, dated the 1st of their month (k->day), so a caller that buckets by
 * day must use month buckets or a period within one month.
 */
typedef int (*case_count_fn)(const struct case_count_key *k, int64_t count, void *arg);
int case_counts_range(struct store_txn *txn, uint8_t kind, int32_t from, int32_t to,
		       case_count_fn fn, void *arg) TC_WUR;

/*
 * Inside a write: build the month roll-up from the day counters (a store
 * written before the roll-up existed).
 */
int case_counts_build_months(struct store_txn *txn) TC_WUR;

/*
 * The schema upgrade the store cannot do itself (store_options.upgrade):
 * from version 1, build the month roll-up. Writable opens pass it.
 */
int case_counts_upgrade(struct store_txn *txn, uint32_t from) TC_WUR;

#endif
