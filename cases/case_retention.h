/*
 * case_retention.h - deleting closed cases at the end of their archival
 * period (docs/OPERATIONS.md "Retention").
 *
 * A policy gives, per track, the years after closing that a case is kept
 * (0: kept for ever, the default). A policy shorter than the floor of the
 * rule table (the legal periods, with their citations, in
 * case_retention.c) is refused. Deletion removes the case's record,
 * envelope, attachments, messages, timeline, indexes, receipts and
 * idempotency entries (store_cases_purge); it keeps the oversight
 * counters, and appends one audit entry per case
 * (CASE_AUDIT_RETENTION_DELETE, detail: the closing date). Open cases, and
 * cases flagged with signs of a crime, are never deleted.
 */
#ifndef TOCAO_CASE_RETENTION_H
#define TOCAO_CASE_RETENTION_H

#include <stdbool.h>
#include <stddef.h>

#include "dm_date.h"
#include "store.h"

/* The policy's tracks: denunciations (both kinds), complaints, petitions. */
enum case_retention_track {
	CASE_RET_DENUNCIATION,
	CASE_RET_COMPLAINT,
	CASE_RET_PETITION,
	CASE_RET_TRACKS
};

struct case_retention_policy {
	int years[CASE_RET_TRACKS]; /* 0: kept for ever */
};

struct tc_conf;
/* The policy of the configuration's retention_*_years keys. */
void case_retention_from_conf(const struct tc_conf *conf, struct case_retention_policy *p);
/* true when no track has a period (the default): nothing is ever deleted. */
bool case_retention_keeps_all(const struct case_retention_policy *p);

/* One row of the rule table: the shortest period the law allows, and why. */
struct case_retention_rule {
	const char *track;    /* the configuration key's middle word */
	int min_years;
	const char *citation; /* what the floor rests on (docs/OPERATIONS.md "Retention") */
};
const struct case_retention_rule *case_retention_rule(enum case_retention_track t);

/* TC_EINVAL, with the reason in err, when a period is shorter than the law's floor. */
int case_retention_check(const struct case_retention_policy *p, char *err, size_t cap) TC_WUR;

/* The day a case closed on becomes deletable under p; DM_DAY_NONE: never. */
dm_day case_retention_due(const struct case_retention_policy *p, const struct store_case *c);

/* Each deletable case (due on or before today), in case id order; fn returns non-zero to stop. */
typedef int (*case_retention_fn)(const struct store_case *c, dm_day due, void *arg);
int case_retention_scan(struct store_txn *txn, const struct case_retention_policy *p,
			dm_day today, case_retention_fn fn, void *arg) TC_WUR;

/*
 * Inside a write: delete the listed cases that are still deletable on
 * today (each re-read here: one reopened meanwhile is left alone), with an
 * audit entry each. *deleted gets how many were.
 */
int case_retention_apply(struct store_txn *txn, const struct case_retention_policy *p,
			 dm_day today, const char (*ids)[STORE_CASE_ID_LEN + 1], size_t n,
			 size_t *deleted) TC_WUR;

#endif
