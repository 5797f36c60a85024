/*
 * audit.c - the audit log of reads (audit.h), through the case service.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "cr_principal.h"
#include "log.h"
#include "server_internal.h"

struct audit_write {
	struct case_write cw; /* first */
	struct case_audit_read op;
};

/* On the writer thread: nothing to answer, only to free. */
static void audit_done(struct store_write *w, int rc)
{
	if (rc != TC_OK)
		log_msg(LOG_ERR, "audit log: an entry could not be written: %s", tc_strerror(rc));
	free(w->arg);
}

/* The entry's common fields: kind, today, actor, detail. */
static void entry_init(struct case_audit_read *op, enum case_audit_kind kind,
		       const struct principal *p, const char *detail)
{
	op->kind = kind;
	op->day = dm_day_from_unix((int64_t)time(NULL));
	if (p)
		memcpy(op->actor, p->pub.pk, sizeof(op->actor));
	if (detail)
		snprintf(op->detail, sizeof(op->detail), "%s", detail);
}

void audit_read(struct server *srv, enum case_audit_kind kind, const struct principal *p,
		const char *case_id, const char *detail)
{
	struct audit_write *aw = calloc(1, sizeof(*aw));
	if (aw == NULL) {
		log_msg(LOG_ERR, "audit log: out of memory");
		return;
	}
	entry_init(&aw->op, kind, p, detail);
	if (case_id)
		snprintf(aw->op.case_id, sizeof(aw->op.case_id), "%s", case_id);
	case_write_init(&aw->cw, CASE_OP_AUDIT_READ, &aw->op);
	aw->cw.w.done = audit_done;
	aw->cw.w.arg = aw;
	if (store_submit(srv->deps.store, &aw->cw.w) != TC_OK)
		free(aw);
}

/* Entries for many cases in one store write (one nested transaction). */
struct audit_batch {
	struct store_write w;
	struct case_audit_read op; /* the fields they share; case_id set for each */
	size_t n;
	char ids[][STORE_CASE_ID_LEN + 1];
};

static int batch_apply(struct store_txn *txn, struct store_write *w)
{
	struct audit_batch *b = w->arg;
	for (size_t i = 0; i < b->n; i++) {
		memcpy(b->op.case_id, b->ids[i], sizeof(b->op.case_id));
		int rc = case_audit_read_apply(txn, &b->op);
		if (rc != TC_OK)
			return rc;
	}
	return TC_OK;
}

void audit_read_cases(struct server *srv, enum case_audit_kind kind, const struct principal *p,
		      const char (*ids)[STORE_CASE_ID_LEN + 1], size_t n, const char *detail)
{
	if (n == 0)
		return;
	struct audit_batch *b = calloc(1, sizeof(*b) + n * sizeof(b->ids[0]));
	if (b == NULL) {
		log_msg(LOG_ERR, "audit log: out of memory for %zu entries", n);
		return;
	}
	entry_init(&b->op, kind, p, detail);
	memcpy(b->ids, ids, n * sizeof(b->ids[0]));
	b->n = n;
	b->w.apply = batch_apply;
	b->w.done = audit_done;
	b->w.arg = b;
	if (store_submit(srv->deps.store, &b->w) != TC_OK)
		free(b);
}
