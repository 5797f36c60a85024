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
	size_t env_b64;                       /* include=envelope: base64 bytes so far */
	char (*ids)[STORE_CASE_ID_LEN + 1];   /* include=envelope: the cases listed (q->limit) */
	int failed;                           /* a store error while reading an envelope */
};

/*
 * include=envelope: add c's envelope (a confidential reporter's identity
 * stripped) and reporter key to o; 1 when it would pass the page's budget
 * (o is then not listed, the page ends before it), -1 on a store error.
 */
static int add_envelope(struct list_ctx *lc, const struct store_case *c, cJSON *o)
{
	const uint8_t *env;
	size_t env_len;
	uint8_t *shown = NULL;
	int rc = store_envelope_get(lc->t, c->case_id, &env, &env_len);
	if (rc == TC_OK && c->identity == DM_IDENTITY_CONFIDENTIAL) {
		rc = cr_envelope_strip_identity(env, env_len, &shown, &env_len);
		env = shown;
	}
	if (rc != TC_OK)
		return -1;
	size_t b64 = (env_len + 2) / 3 * 4;
	if (lc->n > 0 && lc->env_b64 + b64 >= CASE_LIST_ENVELOPE_PAGE_BYTES) {
		free(shown);
		return 1;
	}
	lc->env_b64 += b64;
	cJSON_AddItemToObject(o, "envelope", case_json_b64(env, env_len));
	cJSON_AddBoolToObject(o, "identity_sealed_apart", c->identity == DM_IDENTITY_CONFIDENTIAL);
	cJSON_AddItemToObject(o, "reporter_public_key",
			      case_json_b64(c->reporter_pk, sizeof(c->reporter_pk)));
	free(shown);
	return 0;
}

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
	int owed = 0;
	if (inspector_add_notices(o, lc->t, c, lc->today, &owed) != TC_OK) {
		cJSON_Delete(o);
		lc->failed = 1;
		return 1;
	}
	if (q->notices_owed && owed == 0) {
		cJSON_Delete(o);
		return 0;
	}
	int cut = q->include_envelope ? add_envelope(lc, c, o) : 0;
	if (cut != 0) {
		cJSON_Delete(o);
		lc->more = cut > 0;
		lc->failed = cut < 0;
		return 1;
	}
	cJSON_AddItemToArray(lc->arr, o);
	memcpy(lc->last, c->case_id, sizeof(lc->last));
	if (lc->ids)
		memcpy(lc->ids[lc->n], c->case_id, sizeof(lc->ids[0]));
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
		/* The parser refuses a repeated key without saying which: name include. */
		if (strcmp(field, "query") == 0 && case_query_repeats(r->path_query, "include"))
			field = "include", why = "Give include once.";
		bad_query(r, field, why);
		return;
	}
	struct list_ctx lc = {.q = &q, .arr = cJSON_CreateArray(),
			      .today = dm_day_from_unix((int64_t)time(NULL))};
	if (q.include_envelope && (lc.ids = calloc((size_t)q.limit, sizeof(lc.ids[0]))) == NULL) {
		cJSON_Delete(lc.arr);
		http_reply_unavailable(r->req, r->lang, NULL, 5);
		return;
	}
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
	if (rc == TC_OK && lc.failed)
		rc = TC_EIO;
	if (rc != TC_OK) {
		cJSON_Delete(lc.arr);
		free(lc.ids);
		if (rc == TC_ENOENT) /* a cursor that is not one of this unit's cases */
			bad_query(r, "cursor", "Not a cursor of this listing.");
		else
			http_reply_unavailable(r->req, r->lang, NULL, 5);
		return;
	}
	audit_read(r->srv, CASE_AUDIT_LIST, r->who, NULL, NULL);
	if (lc.ids) /* every envelope sent is a decryption request, as GET /cases/{id} */
		audit_read_cases(r->srv, CASE_AUDIT_LIST_ENVELOPE, r->who,
				 (const char(*)[STORE_CASE_ID_LEN + 1])lc.ids, (size_t)lc.n, NULL);
	free(lc.ids);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "cases", lc.arr);
	if (lc.more)
		cJSON_AddStringToObject(o, "next_cursor", lc.last);
	else
		cJSON_AddNullToObject(o, "next_cursor");
	http_reply_json(r->req, 200, o);
}
