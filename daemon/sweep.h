/*
 * sweep.h - the deadline sweep: find the cases that became overdue or are
 * due soon, and keep their overdue flag true to "overdue now"
 * (docs/DEADLINES.md §7): set on the cases past their watched deadline,
 * cleared on flagged cases whose deadline is no longer past.
 *
 * It walks the store's deadline index from its start up to the horizon, so
 * its cost is proportional to the cases due by then, not to all cases; and
 * the owed-notice index the same way, counting the notices due and overdue
 * (nothing to mark: a notice is owed until an inspector records it sent).
 */
#ifndef TOCAO_SWEEP_H
#define TOCAO_SWEEP_H

#include <stddef.h>

#include "dm_date.h"
#include "store.h"

/* At most this many cases are marked per sweep; the rest wait for the next. */
#define SWEEP_MARK_MAX 4096

struct sweep_result {
	size_t visited;       /* index entries read */
	size_t overdue;       /* watched deadline before today */
	size_t due_soon;      /* due from today to the horizon */
	size_t to_mark;       /* flag to set or clear (ids in marks) */
	/* Notices owed (not recorded as sent), from their own index (cases/case_notices.h). */
	size_t notices_overdue;  /* past their deadline */
	size_t notices_due_soon; /* due from today to the horizon */
	char (*marks)[STORE_CASE_ID_LEN + 1]; /* malloc'd, to_mark entries */
};

/*
 * Read pass, in txn: classify every case due on or before horizon.
 * The caller frees result->marks.
 */
int sweep_scan(struct store_txn *txn, dm_day today, dm_day horizon,
	       struct sweep_result *result) TC_WUR;

/*
 * Inside a write: bring each listed case's overdue flag to what it is on
 * today (re-read in this transaction, so a case closed meanwhile is left
 * alone). Returns the number of flags set or cleared in *marked. A
 * shorthand for the case service's case_mark_overdue_apply (cases.h).
 */
int sweep_mark(struct store_txn *txn, dm_day today, char (*ids)[STORE_CASE_ID_LEN + 1],
	       size_t n, size_t *marked) TC_WUR;

#endif
