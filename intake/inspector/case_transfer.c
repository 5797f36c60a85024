/*
 * case_transfer.c - two-step transfers (docs/API.md "Transfers"): the
 * sending unit offers the receiving unit's header and a commitment to the
 * content key; the receiving unit sees the offer, opens the header with its
 * own key and confirms with the proof; either unit may cancel. The
 * envelope the server keeps is never sent whole: the identity section of
 * a confidential report stays on the server.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/http.h>

#include "audit.h"
#include "case_json.h"
#include "case_requests.h"
#include "dm_units.h"
#include "inspector_handlers.h"
#include "server_internal.h"

/* {"to_unit", "since"} of a pending hand-over. */
static cJSON *pending_json(const struct case_handover *h)
{
	char day[DM_DAY_STRLEN];
	cJSON *o = cJSON_CreateObject();
	dm_day_format(h->day, day);
	cJSON_AddStringToObject(o, "from_unit", h->from_unit);
	cJSON_AddStringToObject(o, "to_unit", h->to_unit);
	cJSON_AddStringToObject(o, "since", day);
	return o;
}

/* ---- Step 1: the offer ---- */

struct offer_write {
	struct pending p; /* first */
	struct case_transfer_offer op;
};

static void offer_complete(struct pending *p, int rc)
{
	struct offer_write *ow = (struct offer_write *)p;
	if (rc == TC_OK) {
		cJSON *o = case_json_summary(&ow->op.after, ow->op.who.today);
		struct case_handover h = {.day = ow->op.who.today};
		memcpy(h.from_unit, ow->op.after.unit, STORE_UNIT_LEN);
		memcpy(h.to_unit, ow->op.to_unit, STORE_UNIT_LEN);
		cJSON_AddItemToObject(o, "transfer_pending", pending_json(&h));
		http_reply_json(p->req, 202, o);
	} else {
		inspector_write_failed(p, rc, ow->op.reason);
	}
	free(ow);
}

/* The receiving unit's current key id; NULL if it has one, else the problem. */
static const char *receiving_key(struct server *srv, const struct case_transfer_req *tr,
				 struct case_transfer_offer *op)
{
	for (size_t i = 0; i < dm_unit_count(); i++) {
		if (dm_unit_at(i) == tr->to && srv->deps.unit_keys[i]) {
			memcpy(op->to_key_id, srv->deps.unit_keys[i]->key_id, CR_KEY_ID_BYTES);
			snprintf(op->to_unit, sizeof(op->to_unit), "%s", tr->to->id);
			return NULL;
		}
	}
	return "The receiving unit has no key yet.";
}

/*
 * POST /api/v1/cases/{id}/transfer {"to_unit", "header", "commitment"}:
 * the header sealed on the inspector's machine (cr_transfer_offer). The
 * case service checks that it splices into the stored envelope for the
 * receiving unit's current key, and records the offer: 202.
 */
void handle_case_transfer(struct request *r)
{
	cJSON *root = inspector_body(r);
	if (root == NULL)
		return;
	struct offer_write *ow = calloc(1, sizeof(*ow));
	struct case_transfer_req tr;
	const char *problem = NULL;
	if (case_transfer_decode(root, &tr, &problem) == TC_OK)
		problem = NULL;
	cJSON_Delete(root);
	if (ow == NULL || !inspector_who(&ow->op.who, r->who, r->case_id)) {
		free(ow);
		http_reply_unavailable(r->req, r->lang, NULL, 5);
		return;
	}
	if (!problem) {
		memcpy(ow->op.header, tr.header, sizeof(tr.header));
		memcpy(ow->op.commitment, tr.commitment, sizeof(tr.commitment));
		problem = receiving_key(r->srv, &tr, &ow->op);
	}
	if (problem)
		http_reply_problem(r->req, PROBLEM_VALIDATION, r->lang, problem, NULL);
	else if (pending_submit(&ow->p, r->srv, server_pending_loop(r->srv, r->req), r->req,
				r->lang, CASE_OP_TRANSFER_OFFER, &ow->op, offer_complete) == TC_OK)
		return;
	else
		http_reply_unavailable(r->req, r->lang, NULL, 5);
	free(ow);
}

/* ---- The offer as each side sees it ---- */

/* The envelope as the receiving unit will hold it; a confidential identity stripped. */
static int offered_envelope(struct store_txn *t, const struct store_case *c,
			    const struct case_handover *h, cJSON *o)
{
	const uint8_t *env;
	size_t len, n = 0, shown_len = 0;
	uint8_t *moved = NULL, *shown = NULL;
	int rc = store_envelope_get(t, c->case_id, &env, &len);
	if (rc == TC_OK)
		rc = cr_envelope_splice(env, len, h->header, &moved, &n, NULL);
	if (rc == TC_OK && c->identity == DM_IDENTITY_CONFIDENTIAL)
		rc = cr_envelope_strip_identity(moved, n, &shown, &shown_len);
	if (rc == TC_OK) {
		cJSON_AddItemToObject(o, "envelope", shown ? case_json_b64(shown, shown_len)
							   : case_json_b64(moved, n));
		cJSON_AddBoolToObject(o, "identity_sealed_apart",
				      c->identity == DM_IDENTITY_CONFIDENTIAL);
	}
	free(moved);
	free(shown);
	return rc;
}

/*
 * GET /api/v1/cases/{id}/transfer: the pending offer. The sending unit
 * sees where it goes; the receiving unit also gets the envelope with its
 * header (what its tool opens to confirm), recorded as an envelope fetch.
 * Anyone else, or no offer: 404.
 */
void handle_case_transfer_show(struct request *r)
{
	const char *scope = r->who->pub.scope;
	struct store_txn *t = NULL;
	struct store_case c;
	struct case_handover h;
	cJSON *o = NULL;
	bool receiving = false;
	int rc = store_read_begin(r->srv->deps.store, &t);
	if (rc == TC_OK)
		rc = store_case_get(t, r->case_id, &c);
	if (rc == TC_OK)
		rc = case_handover_get(t, r->case_id, &h);
	if (rc == TC_OK) {
		receiving = strcmp(h.to_unit, scope) == 0;
		if (!receiving && strcmp(c.unit, scope) != 0)
			rc = TC_ENOENT;
	}
	if (rc == TC_OK) {
		o = case_json_summary(&c, dm_day_from_unix((int64_t)time(NULL)));
		cJSON_AddItemToObject(o, "transfer_pending", pending_json(&h));
		if (receiving)
			rc = offered_envelope(t, &c, &h, o);
	}
	store_read_end(t);
	if (rc != TC_OK) {
		cJSON_Delete(o);
		if (rc == TC_ENOENT)
			http_reply_problem(r->req, PROBLEM_NOT_FOUND, r->lang, NULL, NULL);
		else
			http_reply_unavailable(r->req, r->lang, NULL, 5);
		return;
	}
	if (receiving)
		audit_read(r->srv, CASE_AUDIT_SHOW, r->who, r->case_id, "transfer");
	http_reply_json(r->req, 200, o);
}

/* ---- Step 2: the receiving unit confirms ---- */

struct confirm_write {
	struct pending p; /* first */
	struct case_transfer_confirm op;
};

static void confirm_complete(struct pending *p, int rc)
{
	struct confirm_write *cw = (struct confirm_write *)p;
	if (rc == TC_OK)
		http_reply_json(p->req, 200, case_json_summary(&cw->op.after, cw->op.who.today));
	else
		inspector_write_failed(p, rc, cw->op.reason);
	free(cw);
}

/* POST /api/v1/cases/{id}/transfer/confirm {"proof"}: the receiving unit takes the case. */
void handle_case_transfer_confirm(struct request *r)
{
	cJSON *root = inspector_body(r);
	if (root == NULL)
		return;
	struct confirm_write *cw = calloc(1, sizeof(*cw));
	const char *problem = "The transfer could not be confirmed.";
	if (cw != NULL && case_transfer_confirm_decode(root, cw->op.proof, &problem) == TC_OK)
		problem = inspector_who(&cw->op.who, r->who, r->case_id)
				  ? NULL
				  : "An inspector's scope is a unit.";
	cJSON_Delete(root);
	if (problem)
		http_reply_problem(r->req, PROBLEM_VALIDATION, r->lang, problem, NULL);
	else if (pending_submit(&cw->p, r->srv, server_pending_loop(r->srv, r->req), r->req,
				r->lang, CASE_OP_TRANSFER_CONFIRM, &cw->op,
				confirm_complete) == TC_OK)
		return;
	else
		http_reply_unavailable(r->req, r->lang, NULL, 5);
	free(cw);
}

/* ---- Cancel (either unit) ---- */

struct cancel_write {
	struct pending p; /* first */
	struct case_transfer_cancel op;
};

static void cancel_complete(struct pending *p, int rc)
{
	struct cancel_write *cw = (struct cancel_write *)p;
	if (rc == TC_OK)
		evhttp_send_reply(p->req, 204, "No Content", NULL);
	else
		inspector_write_failed(p, rc, NULL);
	free(cw);
}

/* DELETE /api/v1/cases/{id}/transfer: the offer withdrawn (sender) or declined (receiver). */
void handle_case_transfer_cancel(struct request *r)
{
	struct cancel_write *cw = calloc(1, sizeof(*cw));
	if (cw == NULL || !inspector_who(&cw->op.who, r->who, r->case_id) ||
	    pending_submit(&cw->p, r->srv, server_pending_loop(r->srv, r->req), r->req, r->lang,
			   CASE_OP_TRANSFER_CANCEL, &cw->op, cancel_complete) != TC_OK) {
		free(cw);
		http_reply_unavailable(r->req, r->lang, NULL, 5);
	}
}

/* ---- GET /api/v1/transfers: the unit's pending offers, both ways ---- */

struct list_ctx {
	struct store_txn *t;
	const char *unit;
	cJSON *incoming, *outgoing;
};

static int list_one(const char *case_id, const struct case_handover *h, void *arg)
{
	struct list_ctx *lc = arg;
	struct store_case c;
	bool in = strcmp(h->to_unit, lc->unit) == 0, out = strcmp(h->from_unit, lc->unit) == 0;
	if ((!in && !out) || store_case_get(lc->t, case_id, &c) != TC_OK)
		return 0;
	if (out && strcmp(c.unit, lc->unit) != 0)
		return 0; /* no longer this unit's */
	char day[DM_DAY_STRLEN];
	cJSON *o = pending_json(h);
	cJSON_AddStringToObject(o, "case_id", case_id);
	cJSON_AddStringToObject(o, "track", dm_track_name((enum dm_track)c.track));
	cJSON_AddStringToObject(o, "category", dm_category_name((enum dm_category)c.category));
	cJSON_AddStringToObject(o, "identity", dm_identity_name((enum dm_identity)c.identity));
	dm_day_format(c.received, day);
	cJSON_AddStringToObject(o, "received_on", day);
	cJSON_AddItemToArray(in ? lc->incoming : lc->outgoing, o);
	return 0;
}

void handle_transfers_list(struct request *r)
{
	struct list_ctx lc = {.unit = r->who->pub.scope, .incoming = cJSON_CreateArray(),
			      .outgoing = cJSON_CreateArray()};
	int rc = store_read_begin(r->srv->deps.store, &lc.t);
	if (rc == TC_OK)
		rc = case_handovers(lc.t, "", list_one, &lc);
	store_read_end(lc.t);
	if (rc != TC_OK) {
		cJSON_Delete(lc.incoming);
		cJSON_Delete(lc.outgoing);
		http_reply_unavailable(r->req, r->lang, NULL, 5);
		return;
	}
	audit_read(r->srv, CASE_AUDIT_LIST, r->who, NULL, "transfers");
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "incoming", lc.incoming);
	cJSON_AddItemToObject(o, "outgoing", lc.outgoing);
	http_reply_json(r->req, 200, o);
}

static int sent_one(const struct case_sent *s, void *arg)
{
	char day[DM_DAY_STRLEN];
	cJSON *o = cJSON_CreateObject();
	dm_day_format(s->day, day);
	cJSON_AddStringToObject(o, "case_id", s->case_id);
	cJSON_AddStringToObject(o, "to_unit", s->to_unit);
	cJSON_AddStringToObject(o, "day", day);
	cJSON_AddItemToArray(arg, o);
	return 0;
}

/*
 * GET /api/v1/transfers/sent: the session's unit's register of the cases it
 * transferred (confirmed by the receiving unit): case id, unit, day; no content.
 */
void handle_transfers_sent(struct request *r)
{
	struct store_txn *t = NULL;
	cJSON *arr = cJSON_CreateArray();
	int rc = store_read_begin(r->srv->deps.store, &t);
	if (rc == TC_OK)
		rc = case_sent_walk(t, r->who->pub.scope, sent_one, arr);
	store_read_end(t);
	if (rc != TC_OK) {
		cJSON_Delete(arr);
		http_reply_unavailable(r->req, r->lang, NULL, 5);
		return;
	}
	audit_read(r->srv, CASE_AUDIT_LIST, r->who, NULL, "sent");
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "sent", arr);
	http_reply_json(r->req, 200, o);
}
