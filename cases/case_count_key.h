/*
 * case_count_key.h - what an oversight counter counts (case_counts.h) and
 * its key's fields, shared by the counters and their totals per dimension
 * (case_totals.h).
 */
#ifndef TOCAO_CASE_COUNT_KEY_H
#define TOCAO_CASE_COUNT_KEY_H

#include <stdint.h>

#include "store.h"

enum case_count_kind {
	COUNT_RECEIVED = 'R',
	COUNT_ACCEPTED = 'A',
	COUNT_SETTLED = 'S',
	COUNT_ON_TIME = 'O',      /* settled on or before its settle_by */
	COUNT_DECLINED = 'D',     /* value: the ground (dm_decline_ground; 0 = not recorded) */
	COUNT_WITHDRAWN = 'W',
	COUNT_TERMINATED = 'X',
	COUNT_TRANSFER_OUT = 'T',
	COUNT_TRANSFER_IN = 'I',
	COUNT_CRIMINAL = 'C',
	COUNT_MONITORED = 'M',
	COUNT_SETTLE_DAYS = 'H',  /* value: days from received to settled (capped); no unit, category 0 */
	COUNT_STATUS_NOW = 'N',   /* day 0; value: the status */
	COUNT_OVERDUE_NOW = 'V',  /* day 0: open cases flagged overdue */
	/*
	 * Open cases flagged overdue, dated the day of the deadline they missed
	 * (no roll-up): the days overdue today without reading the cases.
	 */
	COUNT_OVERDUE_DUE = 'L',
	/*
	 * Value: days from received to the first step (accepted, declined,
	 * transferred, ...: the case leaves "received"), capped; like
	 * COUNT_SETTLE_DAYS kept by province and track only. From schema 4 on.
	 */
	COUNT_FIRST_DAYS = 'F',
	COUNT_MONITORED_NOW = 'G',     /* day 0; value: the status of a case under monitoring */
	COUNT_MONITORED_OVERDUE = 'Q', /* day 0: open cases under monitoring flagged overdue */
};

#define COUNT_DAYS_CAP 999

struct case_count_key {
	uint8_t kind;
	int32_t day;
	char province[3];
	char unit[STORE_UNIT_LEN];
	uint8_t track, category;
	uint16_t value;
};

/* A counter read: fn returns non-zero to stop. */
typedef int (*case_count_fn)(const struct case_count_key *k, int64_t count, void *arg);

#endif
