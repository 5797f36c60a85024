/*
 * case_notices_api.c - the notices a case owes, shown with it, and
 * POST /api/v1/cases/{id}/notices: one recorded as sent (docs/API.md
 * "Notices", cases/case_notices.h). Decode, queue to the case service,
 * answer once durable.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/http.h>

#include "case_json.h"
#include "case_notices.h"
#include "case_requests.h"
#include "cases.h"
#include "inspector_handlers.h"
#include "server_internal.h"

static cJSON *notice_json(const struct case_notice *nt, dm_day today)
{
	cJSON *o = cJSON_CreateObject();
	char day[DM_DAY_STRLEN];
	cJSON_AddStringToObject(o, "kind", case_notice_name(nt->kind));
	dm_day_format(nt->due, day);
	cJSON_AddStringToObject(o, "due", day);
	if (nt->sent) {
		dm_day_format(nt->sent_on, day);
		cJSON_AddStringToObject(o, "sent_on", day);
		cJSON_AddStringToObject(o, "channel", case_channel_name(nt->channel));
		if (nt->number[0])
			cJSON_AddStringToObject(o, "number", nt->number);
	}
	cJSON_AddNumberToObject(o, "overdue_days", case_notice_overdue_days(nt, today));
	return o;
}

int inspector_add_notices(cJSON *o, struct store_txn *t, const struct store_case *c,
			  dm_day today, int *owed)
{
	struct case_notice nts[CASE_NOTICE_COUNT];
	size_t n;
	int rc = case_notices_of(t, c, nts, &n);
	if (rc != TC_OK)
		return rc;
	cJSON *arr = cJSON_AddArrayToObject(o, "notices");
	int due = 0, overdue = 0;
	for (size_t i = 0; i < n; i++) {
		cJSON_AddItemToArray(arr, notice_json(&nts[i], today));
		due += !nts[i].sent;
		overdue += case_notice_overdue_days(&nts[i], today) > 0;
	}
	/* Owed: not recorded as sent (due or overdue); overdue: past its deadline. */
	cJSON_AddNumberToObject(o, "notices_owed", due);
	cJSON_AddNumberToObject(o, "notices_overdue", overdue);
	if (owed)
		*owed = due;
	return TC_OK;
}

/* {"kind", "sent_on", "channel", "number"?}: every member known, each valid. */
const char *case_notice_decode(const cJSON *root, struct case_notice_send *op)
{
	static const char *const keys[] = {"kind", "sent_on", "channel", "number", NULL};
	for (const cJSON *m = root->child; m; m = m->next) {
		size_t i = 0;
		while (keys[i] && strcmp(m->string, keys[i]) != 0)
			i++;
		if (keys[i] == NULL)
			return "Unknown member: send kind, sent_on, channel and number only.";
	}
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(root, "kind");
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(root, "sent_on");
	const cJSON *ch = cJSON_GetObjectItemCaseSensitive(root, "channel");
	const cJSON *nb = cJSON_GetObjectItemCaseSensitive(root, "number");
	if (!cJSON_IsString(k) || case_notice_parse(k->valuestring, &op->kind) != TC_OK)
		return "kind: notify_accepted, notify_concluded, answer_forwarder or notify_decision.";
	if (!cJSON_IsString(s) ||
	    dm_day_parse(s->valuestring, strlen(s->valuestring), &op->sent_on) != TC_OK)
		return "sent_on: the day it was sent, YYYY-MM-DD.";
	if (!cJSON_IsString(ch) || case_channel_parse(ch->valuestring, &op->channel) != TC_OK)
		return "channel: post, in_person or electronic.";
	if (nb != NULL && !cJSON_IsNull(nb)) {
		if (!cJSON_IsString(nb) || !case_notice_number_ok(nb->valuestring))
			return "number: the document's number, 1 to 32 printable ASCII characters "
			       "(no quote or backslash).";
		memcpy(op->number, nb->valuestring, strlen(nb->valuestring) + 1);
	}
	return NULL;
}

struct notice_write {
	struct pending p; /* first */
	struct case_notice_send op;
};

static void notice_complete(struct pending *p, int rc)
{
	struct notice_write *nw = (struct notice_write *)p;
	if (rc == TC_OK) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "case_id", nw->op.case_id);
		cJSON_AddItemToObject(o, "notice", notice_json(&nw->op.result, nw->op.today));
		http_reply_json(p->req, 200, o);
	} else {
		inspector_write_failed(p, rc, nw->op.reason);
	}
	free(nw);
}

/*
 * POST /api/v1/cases/{id}/notices: 200 with the notice once durable; 422 a
 * bad member; 409 a notice the case does not owe now or already recorded;
 * 404 another unit's case.
 */
void handle_case_notice(struct request *r)
{
	cJSON *root = inspector_body(r);
	if (root == NULL)
		return;
	struct notice_write *nw = calloc(1, sizeof(*nw));
	const char *problem = nw ? case_notice_decode(root, &nw->op) : "Out of memory.";
	cJSON_Delete(root);
	struct case_who who;
	if (problem == NULL && !inspector_who(&who, r->who, r->case_id))
		problem = "An inspector's scope is a unit.";
	if (problem != NULL) {
		free(nw);
		http_reply_problem(r->req, PROBLEM_VALIDATION, r->lang, problem, NULL);
		return;
	}
	memcpy(nw->op.case_id, who.case_id, sizeof(nw->op.case_id));
	memcpy(nw->op.unit, who.unit, sizeof(nw->op.unit));
	memcpy(nw->op.actor, who.actor, sizeof(nw->op.actor));
	nw->op.today = who.today;
	if (pending_submit(&nw->p, r->srv, server_pending_loop(r->srv, r->req), r->req, r->lang,
			   CASE_OP_NOTICE, &nw->op, notice_complete) != TC_OK) {
		free(nw);
		http_reply_unavailable(r->req, r->lang, NULL, 5);
	}
}
