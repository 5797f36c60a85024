/*
 * cases_list.c - GET /api/v1/cases: the session's unit's cases, filtered
 * and paged (docs/API.md "Inspectors"). Decode (case_requests.h), read the
 * unit's index, render.
 */
#include <string.h>
#include <time.h>

#include "audit.h"
#include "case_json.h"
#include "cases.h"
#include "case_requests.h"
#include "dm_watch.h"
#include "inspector_handlers.h"
#include "server_internal.h"

struct list_ctx {
	const struct case_list_query *q;
	struct store_txn *t;
	const uint8_t *assignee; /* the filter's key; NULL: any */
	cJSON *arr;
	int n;
	dm_day today;
	char last[STORE_CASE_ID_LEN + 1];
	int more;
};

static int list_one(const struct store_case *c, void *arg)
{
	struct list_ctx *lc = arg;
	const struct case_list_query *q = lc->q;
	if (lc->n == q->limit) {
		lc->more = 1;
		return 1;
	}
	dm_day due = dm_watch_due_days((enum dm_status)c->status, c->deadlines);
	if ((q->status && c->status != q->status) || (q->track && c->track != q->track) ||
	    (q->overdue && !case_overdue_now(c, lc->today)) ||
	    (q->due_before != DM_DAY_NONE && (due == DM_DAY_NONE || due >= q->due_before)))
		return 0;
	uint8_t pk[CASE_ACTOR_LEN];
	int rc = case_assignee_get(lc->t, c->case_id, pk);
	if (lc->assignee && (rc != TC_OK || memcmp(pk, lc->assignee, sizeof(pk)) != 0))
		return 0;
	cJSON *o = case_json_summary(c, lc->today);
	if (rc == TC_OK)
		cJSON_AddItemToObject(o, "assignee", case_json_b64(pk, sizeof(pk)));
	cJSON_AddItemToArray(lc->arr, o);
	memcpy(lc->last, c->case_id, sizeof(lc->last));
	lc->n++;
	return 0;
}

/* A bad query parameter: 400 naming it. */
static void bad_query(struct request *r, const char *field, const char *msg)
{
	http_reply_field_problem(r->req, PROBLEM_BAD_REQUEST, r->lang, field, "invalid_query", msg);
}

void handle_cases_list(struct request *r)
{
	struct case_list_query q;
	const char *field = NULL, *why = NULL;
	if (case_list_query_decode(r->query, r->query_rc, &q, &field, &why) != TC_OK) {
		bad_query(r, field, why);
		return;
	}
	struct list_ctx lc = {.q = &q, .arr = cJSON_CreateArray(),
			      .today = dm_day_from_unix((int64_t)time(NULL))};
	struct store_txn *t = NULL;
	int rc = store_read_begin(r->srv->deps.store, &t);
	lc.t = t;
	lc.assignee = q.assignee == CASE_ASSIGNEE_ME	 ? r->who->pub.pk
		      : q.assignee == CASE_ASSIGNEE_KEY ? q.assignee_pk
							: NULL;
	if (rc == TC_OK)
		rc = store_unit_cases(t, r->who->pub.scope, q.has_cursor ? q.cursor : NULL, list_one,
				      &lc);
	store_read_end(t);
	if (rc != TC_OK) {
		cJSON_Delete(lc.arr);
		if (rc == TC_ENOENT) /* a cursor that is not one of this unit's cases */
			bad_query(r, "cursor", "Not a cursor of this listing.");
		else
			http_reply_unavailable(r->req, r->lang, NULL, 5);
		return;
	}
	audit_read(r->srv, CASE_AUDIT_LIST, r->who, NULL, NULL);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "cases", lc.arr);
	if (lc.more)
		cJSON_AddStringToObject(o, "next_cursor", lc.last);
	else
		cJSON_AddNullToObject(o, "next_cursor");
	http_reply_json(r->req, 200, o);
}
