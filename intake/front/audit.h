/*
 * audit.h - the audit log of reads (docs/OPERATIONS.md "Audit"): sessions,
 * listings, envelope fetches, monitors' views. Changes of a case are
 * recorded by the case service in their own transaction instead.
 */
#ifndef TOCAO_AUDIT_H
#define TOCAO_AUDIT_H

#include "cases.h"

struct server;
struct principal;

/*
 * Record a read by p (may be NULL) of case_id (or NULL), with a short
 * detail (at most 15 ASCII characters, e.g. "monitor:rows"; or NULL). It
 * goes into the next group commit without holding up the answer; a failure
 * is logged.
 */
void audit_read(struct server *srv, enum case_audit_kind kind, const struct principal *p,
		const char *case_id, const char *detail);

/*
 * Record one read by p of each of n cases (ids: case ids, NUL-terminated),
 * with the same detail (or NULL): n entries written as one store write,
 * hence in one transaction of the next group commit, however many cases a
 * page lists. A failure is logged.
 */
void audit_read_cases(struct server *srv, enum case_audit_kind kind, const struct principal *p,
		      const char (*ids)[STORE_CASE_ID_LEN + 1], size_t n, const char *detail);

#endif
