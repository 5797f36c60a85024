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

void audit_read(struct server *srv, enum case_audit_kind kind, const struct principal *p,
		const char *case_id, const char *detail)
{
	struct audit_write *aw = calloc(1, sizeof(*aw));
	if (aw == NULL) {
		log_msg(LOG_ERR, "audit log: out of memory");
		return;
	}
	aw->op.kind = kind;
	aw->op.day = dm_day_from_unix((int64_t)time(NULL));
	if (p)
		memcpy(aw->op.actor, p->pub.pk, sizeof(aw->op.actor));
	if (case_id)
		snprintf(aw->op.case_id, sizeof(aw->op.case_id), "%s", case_id);
	if (detail)
		snprintf(aw->op.detail, sizeof(aw->op.detail), "%s", detail);
	case_write_init(&aw->cw, CASE_OP_AUDIT_READ, &aw->op);
	aw->cw.w.done = audit_done;
	aw->cw.w.arg = aw;
	if (store_submit(srv->deps.store, &aw->cw.w) != TC_OK)
		free(aw);
}
