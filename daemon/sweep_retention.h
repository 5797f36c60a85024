/*
 * sweep_retention.h - the retention part of the daemon's sweep: closed
 * cases past their archival period (cases/case_retention.h) are deleted a
 * batch per sweep, each batch one write of the case service's retention
 * operation, so that deletion never holds the writer for long.
 */
#ifndef TOCAO_SWEEP_RETENTION_H
#define TOCAO_SWEEP_RETENTION_H

#include <stddef.h>

#include "dm_date.h"
#include "store.h"
#include "case_retention.h"

/* Cases deleted at most per sweep; the rest wait for the next one. */
#define SWEEP_RETENTION_MAX 256

/* Read pass in txn: up to SWEEP_RETENTION_MAX deletable ids (malloc'd, caller frees). */
int sweep_retention_scan(struct store_txn *txn, const struct case_retention_policy *p,
			 dm_day today, char (**ids)[STORE_CASE_ID_LEN + 1], size_t *n) TC_WUR;

/*
 * Queue the deletion of what the scan found as one store write; logs how
 * many were deleted (a count, never an id) when it is durable. Nothing to
 * do when the policy keeps everything.
 */
void sweep_retention_run(struct store *st, const struct case_retention_policy *p, dm_day today);

#endif
