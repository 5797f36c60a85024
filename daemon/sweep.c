#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dm_watch.h"
#include "case_notices.h"
#include "cases.h"
#include "sweep.h"

struct scan_ctx {
	dm_day today;
	struct sweep_result *r;
	size_t cap;
	int rc;
};

static int visit(const struct store_case *c, void *arg)
{
	struct scan_ctx *s = arg;
	struct sweep_result *r = s->r;
	r->visited++;
	bool flagged = (c->flags & STORE_FLAG_OVERDUE) != 0;
	if (c->next_deadline >= s->today) {
		r->due_soon++;
		/* A flag that no longer holds (the deadline moved): cleared by the marks too. */
		if (!flagged || r->to_mark == SWEEP_MARK_MAX)
			return 0;
	} else {
		r->overdue++;
		if (flagged || r->to_mark == SWEEP_MARK_MAX)
			return 0;
	}
	if (r->to_mark == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		void *m = realloc(r->marks, cap * sizeof(*r->marks));
		if (m == NULL) {
			s->rc = TC_ENOMEM;
			return 1;
		}
		r->marks = m;
		s->cap = cap;
	}
	memcpy(r->marks[r->to_mark++], c->case_id, STORE_CASE_ID_LEN + 1);
	return 0;
}

static int count_notice(const char *case_id, enum case_notice_kind kind, dm_day due, void *arg)
{
	struct scan_ctx *s = arg;
	(void)case_id;
	(void)kind;
	if (due < s->today)
		s->r->notices_overdue++;
	else
		s->r->notices_due_soon++;
	return 0;
}

int sweep_scan(struct store_txn *txn, dm_day today, dm_day horizon, struct sweep_result *result)
{
	memset(result, 0, sizeof(*result));
	struct scan_ctx s = {.today = today, .r = result};
	int rc = store_due_cases(txn, horizon, visit, &s);
	if (rc == TC_OK)
		rc = s.rc;
	if (rc == TC_OK)
		rc = case_notices_due(txn, horizon, count_notice, &s);
	if (rc != TC_OK) {
		free(result->marks);
		result->marks = NULL;
		result->to_mark = 0;
	}
	return rc;
}

int sweep_mark(struct store_txn *txn, dm_day today, char (*ids)[STORE_CASE_ID_LEN + 1], size_t n,
	       size_t *marked)
{
	/* The change itself is the case service's, like every change of a case. */
	struct case_mark_overdue op = {.today = today, .ids = ids, .n = n};
	int rc = case_mark_overdue_apply(txn, &op);
	*marked = op.marked + op.cleared;
	return rc;
}
