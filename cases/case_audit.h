/*
 * case_audit.h - the audit log as the case service writes and reads it:
 * each entry appended with its place in the per-case index, in the same
 * write, so that one case's entries are found without scanning the log
 * (GET /api/v1/cases/{id}/audit, docs/API.md "A case's audit entries").
 *
 * The index lives in the store's meta values, no content:
 *   CASE_META_AUDIT + case id (8) + ":" + sequence number (16 hex) -> ""
 * in sequence order under each case. A store written before the index
 * gets it once, at the first writable opening (meta "audit.indexed"), by
 * one walk of the log (case_audit_backfill).
 */
#ifndef TOCAO_CASE_AUDIT_H
#define TOCAO_CASE_AUDIT_H

#include "case_codes.h"
#include "store.h"

#define CASE_META_AUDIT "aidx:"

/* The name the API shows for an audit kind ("session", "show", ...; "other" if unknown). */
const char *case_audit_kind_name(int kind);

/* Inside a write: append e (its hash chained by crypto/) and, if it names a case, index it. */
int case_audit_write(struct store_txn *txn, struct store_audit *e) TC_WUR;

/*
 * The audit entries naming case_id, oldest first, read through the index;
 * fn returns non-zero to stop. TC_ECORRUPT for an index entry without its
 * log entry, or one naming another case.
 */
int case_audit_of(struct store_txn *txn, const char *case_id, store_audit_fn fn,
		  void *arg) TC_WUR;

/* Once per store, inside a write: index the entries written before the index existed. */
int case_audit_backfill(struct store_txn *txn) TC_WUR;

#endif
