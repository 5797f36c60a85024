/*
 * case_show.c - GET /api/v1/cases/{id}: one case of the session's unit, its
 * envelope (a confidential reporter's identity stripped until a recorded
 * reveal), attachments' sizes and timeline. Another unit's case is 404.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "case_json.h"
#include "case_next.h"
#include "inspector_handlers.h"
#include "server_internal.h"

static int timeline_entry(const struct store_event *e, void *arg)
{
	cJSON *ev = cJSON_CreateObject();
	char day[DM_DAY_STRLEN];
	dm_day_format(e->day, day);
	cJSON_AddStringToObject(ev, "event", case_event_name(e->kind));
	if (e->detail[0])
		cJSON_AddStringToObject(ev, "detail", e->detail);
	cJSON_AddStringToObject(ev, "on", day);
	cJSON_AddItemToArray(arg, ev);
	return 0;
}

/*
 * "basis": the article of each present deadline; "allowed_actions" and
 * "allowed_flags": what POST .../actions would accept today (case_next.h).
 */
static void case_show_law(cJSON *o, const struct store_case *c, dm_day today)
{
	struct dm_deadlines dl;
	cJSON *b = cJSON_AddObjectToObject(o, "basis");
	if (b && case_next_basis(c, today, &dl) == TC_OK)
		for (int k = 0; k < DM_DL_COUNT && k < STORE_DEADLINES; k++)
			if (c->deadlines[k] != STORE_DAY_NONE && dl.basis[k])
				cJSON_AddStringToObject(b, dm_deadline_key((enum dm_deadline_kind)k),
							dl.basis[k]);
	struct case_next next;
	case_next_allowed(c, today, &next);
	cJSON *a = cJSON_AddArrayToObject(o, "allowed_actions");
	for (enum dm_action x = DM_ACT_ACCEPT; a && x <= DM_ACT_FLAG; x++)
		if (next.actions & (1u << x))
			cJSON_AddItemToArray(a, cJSON_CreateString(dm_action_name(x)));
	cJSON *f = cJSON_AddArrayToObject(o, "allowed_flags");
	for (unsigned bit = 1; f && bit <= DM_FLAG_DELEGATED_VERIFICATION; bit <<= 1)
		if (next.flags & bit)
			cJSON_AddItemToArray(f, cJSON_CreateString(dm_flag_name((enum dm_flag)bit)));
}

/* The pending hand-over, the attachments' sizes and the timeline into o. */
static int case_show_items(cJSON *o, struct store_txn *t, const char *case_id, unsigned n_att)
{
	struct case_handover h;
	int rc = TC_OK;
	if (case_handover_get(t, case_id, &h) == TC_OK) {
		/* Offered to another unit, not yet confirmed (docs/API.md "Transfers"). */
		char since[DM_DAY_STRLEN];
		cJSON *tp = cJSON_AddObjectToObject(o, "transfer_pending");
		dm_day_format(h.day, since);
		cJSON_AddStringToObject(tp, "from_unit", h.from_unit);
		cJSON_AddStringToObject(tp, "to_unit", h.to_unit);
		cJSON_AddStringToObject(tp, "since", since);
	}
	cJSON *atts = cJSON_AddArrayToObject(o, "attachments");
	for (unsigned i = 0; i < n_att && rc == TC_OK; i++) {
		const uint8_t *blob;
		size_t blob_len;
		rc = store_attachment_get(t, case_id, i, &blob, &blob_len);
		if (rc == TC_OK) {
			cJSON *a = cJSON_CreateObject();
			cJSON_AddNumberToObject(a, "index", i);
			cJSON_AddNumberToObject(a, "sealed_size", (double)blob_len);
			cJSON_AddItemToArray(atts, a);
		}
	}
	cJSON *tl = cJSON_AddArrayToObject(o, "timeline");
	return rc == TC_OK ? store_events(t, case_id, timeline_entry, tl) : rc;
}

void handle_case_show(struct request *r)
{
	struct server *srv = r->srv;
	struct evhttp_request *req = r->req;
	enum lang l = r->lang;
	const struct principal *p = r->who;
	const char *case_id = r->case_id;
	struct store_txn *t = NULL;
	struct store_case c;
	const uint8_t *env;
	size_t env_len;
	unsigned n_att = 0;
	int rc = store_read_begin(srv->deps.store, &t);
	if (rc == TC_OK)
		rc = store_case_get(t, case_id, &c);
	/* Another unit's case is answered exactly like a missing one. */
	if (rc == TC_OK && strcmp(c.unit, p->pub.scope) != 0)
		rc = TC_ENOENT;
	if (rc == TC_OK)
		rc = store_envelope_get(t, case_id, &env, &env_len);
	uint8_t *shown = NULL;
	size_t shown_len = 0;
	/* A confidential reporter's identity stays sealed apart until a recorded reveal. */
	if (rc == TC_OK && c.identity == DM_IDENTITY_CONFIDENTIAL)
		rc = cr_envelope_strip_identity(env, env_len, &shown, &shown_len);
	cJSON *o = NULL;
	if (rc == TC_OK) {
		dm_day today = dm_day_from_unix((int64_t)time(NULL));
		o = case_json_summary(&c, today);
		case_show_law(o, &c, today);
		cJSON_AddItemToObject(o, "envelope", shown ? case_json_b64(shown, shown_len)
							   : case_json_b64(env, env_len));
		cJSON_AddBoolToObject(o, "identity_sealed_apart",
				      c.identity == DM_IDENTITY_CONFIDENTIAL);
		/* What the inspector's tool seals replies to (POST .../messages). */
		cJSON_AddItemToObject(o, "reporter_public_key",
				      case_json_b64(c.reporter_pk, sizeof(c.reporter_pk)));
		rc = store_attachment_count(t, case_id, &n_att);
		inspector_add_assignee(o, t, case_id);
		inspector_add_reception(o, t, case_id);
		rc = rc == TC_OK ? inspector_add_notices(o, t, &c, today, NULL) : rc;
	}
	if (rc == TC_OK)
		rc = case_show_items(o, t, case_id, n_att);
	store_read_end(t);
	free(shown);
	if (rc == TC_ENOENT) {
		cJSON_Delete(o);
		http_reply_problem(req, PROBLEM_NOT_FOUND, l, NULL, NULL);
	} else if (rc != TC_OK) {
		cJSON_Delete(o);
		http_reply_unavailable(req, l, NULL, 5);
	} else {
		audit_read(srv, CASE_AUDIT_SHOW, p, case_id, NULL);
		http_reply_json(req, 200, o);
	}
}
