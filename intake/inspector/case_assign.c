/*
 * case_assign.c - a case assigned to a named inspector of its unit
 * (docs/API.md "Inspectors"): POST /api/v1/cases/{id}/assign, and the
 * assignee shown with a case. Decode (case_requests.h), check the assignee
 * against the inspectors in force, queue to the case service, answer once
 * durable.
 */
#include <stdlib.h>
#include <string.h>

#include <event2/http.h>

#include "auth.h"
#include "case_json.h"
#include "case_requests.h"
#include "cases.h"
#include "inspector_handlers.h"
#include "server_internal.h"

void inspector_add_assignee(cJSON *o, struct store_txn *t, const char *case_id)
{
	uint8_t pk[CASE_ACTOR_LEN];
	if (case_assignee_get(t, case_id, pk) == TC_OK)
		cJSON_AddItemToObject(o, "assignee", case_json_b64(pk, sizeof(pk)));
}

/* Whether pk is an inspector of unit, among the principals in force now. */
static bool is_unit_inspector(struct server *srv, const uint8_t *pk, const char *unit)
{
	struct principal *now = NULL;
	size_t n = 0;
	bool found = false;
	if (auth_principals_now(srv->auth, &now, &n) != TC_OK)
		return false;
	for (size_t i = 0; i < n && !found; i++)
		found = strcmp(now[i].pub.role, "inspector") == 0 &&
			strcmp(now[i].pub.scope, unit) == 0 &&
			memcmp(now[i].pub.pk, pk, sizeof(now[i].pub.pk)) == 0;
	free(now);
	return found;
}

struct assign_write {
	struct pending p; /* first */
	struct case_assign op;
};

static void assign_complete(struct pending *p, int rc)
{
	struct assign_write *aw = (struct assign_write *)p;
	if (rc == TC_OK) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "case_id", aw->op.who.case_id);
		cJSON_AddItemToObject(o, "assignee", aw->op.has_to
							 ? case_json_b64(aw->op.to, sizeof(aw->op.to))
							 : cJSON_CreateNull());
		http_reply_json(p->req, 200, o);
	} else {
		inspector_write_failed(p, rc == TC_ENOENT ? rc : TC_EIO, NULL);
	}
	free(aw);
}

/*
 * POST /api/v1/cases/{id}/assign {"to": KEY | null}: to an inspector of the
 * session's unit (422 otherwise), on a case of that unit (404 otherwise).
 */
void handle_case_assign(struct request *r)
{
	cJSON *root = inspector_body(r);
	if (root == NULL)
		return;
	struct assign_write *aw = calloc(1, sizeof(*aw));
	const char *problem = "The assignment could not be stored.";
	if (aw != NULL &&
	    case_assign_decode(root, &aw->op.has_to, aw->op.to, &problem) == TC_OK) {
		if (!inspector_who(&aw->op.who, r->who, r->case_id))
			problem = "An inspector's scope is a unit.";
		else if (aw->op.has_to && !is_unit_inspector(r->srv, aw->op.to, r->who->pub.scope))
			problem = "to: not an inspector of your unit.";
	}
	cJSON_Delete(root);
	if (problem != NULL) {
		free(aw);
		http_reply_problem(r->req, PROBLEM_VALIDATION, r->lang, problem, NULL);
		return;
	}
	if (pending_submit(&aw->p, r->srv, server_pending_loop(r->srv, r->req), r->req, r->lang,
			   CASE_OP_ASSIGN, &aw->op, assign_complete) != TC_OK) {
		free(aw);
		http_reply_unavailable(r->req, r->lang, NULL, 5);
	}
}
