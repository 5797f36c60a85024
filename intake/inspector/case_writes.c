/*
 * case_writes.c - changes of a case by an inspector (docs/API.md
 * "Inspectors"): actions, messages to the reporter, the reveal of a
 * confidential identity, transfers. Each is decoded (case_requests.h),
 * queued to the case service through pending.h, and answered once durable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/http.h>

#include "case_json.h"
#include "case_requests.h"
#include "dm_units.h"
#include "inspector_handlers.h"
#include "server_internal.h"

/* The acting inspector, for the case service; false if the scope is not a unit id. */
static bool who_of(struct case_who *who, const struct principal *p, const char *case_id)
{
	size_t n = strlen(p->pub.scope);
	if (n >= sizeof(who->unit))
		return false;
	memset(who, 0, sizeof(*who));
	snprintf(who->case_id, sizeof(who->case_id), "%s", case_id);
	memcpy(who->unit, p->pub.scope, n + 1);
	memcpy(who->actor, p->pub.pk, sizeof(who->actor));
	who->today = dm_day_from_unix((int64_t)time(NULL));
	return true;
}

/* The answer to a refused or failed change, shared by every endpoint below. */
static void reply_write_failed(struct pending *p, int rc, const char *reason)
{
	if (rc == TC_ENOENT)
		http_reply_problem(p->req, PROBLEM_NOT_FOUND, p->lang, NULL, NULL);
	else if (rc == TC_ESTATE)
		http_reply_problem(p->req, PROBLEM_CONFLICT, p->lang, reason, NULL);
	else if (rc == TC_EINVAL)
		http_reply_problem(p->req, PROBLEM_VALIDATION, p->lang, reason, NULL);
	else
		http_reply_unavailable(p->req, p->lang, NULL, 5);
}

/* ---- Actions ---- */

struct action_write {
	struct pending p; /* first */
	struct case_act op;
	uint8_t *note_sealed; /* the note, sealed to the unit's key here; NULL if none */
};

static void action_complete(struct pending *p, int rc)
{
	struct action_write *aw = (struct action_write *)p;
	if (rc == TC_OK) {
		cJSON *o = case_json_summary(&aw->op.after, aw->op.who.today);
		if (o != NULL && aw->op.continued) /* Art. 33(3): the withdrawal left it open */
			cJSON_AddStringToObject(o, "withdrawal_continued",
						dm_continue_reason_name(aw->op.continue_reason));
		http_reply_json(p->req, 200, o);
	} else if (rc == TC_EINVAL)
		http_reply_problem(p->req, PROBLEM_VALIDATION, p->lang,
				   "This action needs its argument (extend: complexity or criteria; "
				   "flag: flag).",
				   NULL);
	else
		reply_write_failed(p, rc, aw->op.reason);
	free(aw->note_sealed);
	free(aw);
}

/*
 * The note is sealed to the unit's key at once: kept like a message that
 * only the unit can read (never shown to the reporter). NULL on success.
 */
static const char *seal_note(struct server *srv, const struct principal *p,
			     const struct case_action_req *ar, struct action_write *aw)
{
	const struct cr_unit_pub *pub = NULL;
	const struct dm_unit *u = dm_unit_find(p->pub.scope);
	for (size_t i = 0; u && i < dm_unit_count(); i++)
		if (dm_unit_at(i) == u)
			pub = srv->deps.unit_keys[i];
	if (pub == NULL || (aw->note_sealed = malloc(ar->note_len + CR_SEAL_OVERHEAD)) == NULL ||
	    cr_seal_to(pub->pk, (const uint8_t *)ar->note, ar->note_len, aw->note_sealed))
		return "The unit has no key to seal the note to.";
	aw->op.note_sealed = aw->note_sealed;
	aw->op.note_len = ar->note_len + CR_SEAL_OVERHEAD;
	return NULL;
}

void handle_case_action(struct request *r)
{
	struct server *srv = r->srv;
	struct evhttp_request *req = r->req;
	enum lang l = r->lang;
	const struct principal *p = r->who;
	const char *case_id = r->case_id;
	cJSON *root = inspector_body(r);
	if (root == NULL)
		return;
	struct case_action_req ar;
	struct action_write *aw = calloc(1, sizeof(*aw));
	const char *problem = NULL;
	if (case_action_decode(root, &ar, &problem) == TC_OK)
		problem = NULL;
	if (aw == NULL) {
		cJSON_Delete(root);
		http_reply_unavailable(req, l, NULL, 5);
		return;
	}
	aw->op.action = ar.action;
	aw->op.complexity = ar.complexity;
	aw->op.criteria = ar.criteria;
	aw->op.continue_reason = ar.continue_reason;
	aw->op.flag = ar.flag;
	if (!problem && ar.note)
		problem = seal_note(srv, p, &ar, aw);
	cJSON_Delete(root);
	if (problem)
		http_reply_problem(req, PROBLEM_VALIDATION, l, problem, NULL);
	else if (!who_of(&aw->op.who, p, case_id)) /* an inspector's scope is a unit id */
		http_reply_problem(req, PROBLEM_FORBIDDEN, l, NULL, NULL);
	else if (pending_submit(&aw->p, srv, server_pending_loop(srv, req),
			     req, l, CASE_OP_ACT, &aw->op, action_complete) == TC_OK)
		return;
	else
		http_reply_unavailable(req, l, NULL, 5);
	free(aw->note_sealed);
	free(aw);
}

/* ---- Messages to the reporter ---- */

struct message_write {
	struct pending p; /* first */
	struct case_message op;
	uint8_t *for_reporter, *for_unit;
};

static void message_free(struct message_write *mw)
{
	free(mw->for_reporter);
	free(mw->for_unit);
	free(mw);
}

static void message_complete(struct pending *p, int rc)
{
	struct message_write *mw = (struct message_write *)p;
	if (rc == TC_OK) {
		char day[DM_DAY_STRLEN];
		dm_day_format(mw->op.who.today, day);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "case_id", mw->op.who.case_id);
		cJSON_AddNumberToObject(o, "seq", mw->op.seq);
		cJSON_AddStringToObject(o, "from", "unit");
		cJSON_AddStringToObject(o, "at", day);
		http_reply_json(p->req, 201, o);
	} else if (rc == TC_ERANGE) {
		http_reply_problem(p->req, PROBLEM_CONFLICT, p->lang,
				   "This case has reached its message limit.", NULL);
	} else {
		reply_write_failed(p, rc == TC_ENOENT ? rc : TC_EIO, NULL);
	}
	message_free(mw);
}

/*
 * POST /api/v1/cases/{id}/messages {"sealed_for_reporter", "sealed_for_unit"}:
 * the inspector's tool seals the text on the inspector's machine, to the
 * reporter's key (shown with the case) and to the unit's key, so the
 * server never sees it.
 */
void handle_case_message(struct request *r)
{
	struct server *srv = r->srv;
	struct evhttp_request *req = r->req;
	enum lang l = r->lang;
	const struct principal *p = r->who;
	const char *case_id = r->case_id;
	cJSON *root = inspector_body(r);
	if (root == NULL)
		return;
	struct message_write *mw = calloc(1, sizeof(*mw));
	struct case_message_req mr;
	if (mw != NULL && case_message_decode(root, STORE_MESSAGE_MAX, &mr) == TC_OK) {
		mw->for_reporter = mr.for_reporter;
		mw->for_unit = mr.for_unit;
		mw->op.for_reporter = mr.for_reporter;
		mw->op.for_reporter_len = mr.for_reporter_len;
		mw->op.for_unit = mr.for_unit;
		mw->op.for_unit_len = mr.for_unit_len;
	}
	cJSON_Delete(root);
	if (mw == NULL || mw->for_reporter == NULL || !who_of(&mw->op.who, p, case_id)) {
		if (mw)
			message_free(mw);
		http_reply_problem(req, PROBLEM_VALIDATION, l,
				   "Send {\"sealed_for_reporter\", \"sealed_for_unit\"}: the text sealed "
				   "(crypto_box_seal, base64) to the reporter's key and to the unit's key.",
				   NULL);
		return;
	}
	if (pending_submit(&mw->p, srv, server_pending_loop(srv, req),
			     req, l, CASE_OP_MESSAGE, &mw->op, message_complete) !=
	    TC_OK) {
		message_free(mw);
		http_reply_unavailable(req, l, NULL, 5);
	}
}

/* ---- Reveal ---- */

struct reveal_write {
	struct pending p; /* first */
	struct case_reveal op;
};

/*
 * The reveal is recorded (durably) before the identity leaves: the case
 * service copies the envelope in the same transaction as the audit entry,
 * and it is sent only once that transaction is synced.
 */
static void reveal_complete(struct pending *p, int rc)
{
	struct reveal_write *rw = (struct reveal_write *)p;
	if (rc == TC_OK) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "case_id", rw->op.who.case_id);
		cJSON_AddItemToObject(o, "envelope", case_json_b64(rw->op.envelope, rw->op.envelope_len));
		cJSON_AddBoolToObject(o, "identity_revealed", 1);
		http_reply_json(p->req, 200, o);
	} else {
		reply_write_failed(p, rc, rw->op.reason);
	}
	free(rw->op.envelope);
	free(rw);
}

void handle_case_reveal(struct request *r)
{
	struct server *srv = r->srv;
	struct evhttp_request *req = r->req;
	enum lang l = r->lang;
	const struct principal *p = r->who;
	const char *case_id = r->case_id;
	struct reveal_write *rw = calloc(1, sizeof(*rw));
	if (rw == NULL || !who_of(&rw->op.who, p, case_id) ||
	    pending_submit(&rw->p, srv, server_pending_loop(srv, req),
			     req, l, CASE_OP_REVEAL, &rw->op, reveal_complete) != TC_OK) {
		free(rw);
		http_reply_unavailable(req, l, NULL, 5);
	}
}

/* ---- Transfer ---- */

struct transfer_write {
	struct pending p; /* first */
	struct case_transfer op;
	uint8_t *envelope;
};

static void transfer_complete(struct pending *p, int rc)
{
	struct transfer_write *tw = (struct transfer_write *)p;
	if (rc == TC_OK)
		http_reply_json(p->req, 200, case_json_summary(&tw->op.after, tw->op.who.today));
	else
		reply_write_failed(p, rc, tw->op.reason);
	free(tw->envelope);
	free(tw);
}

/* The receiving unit's current key id; NULL if it has no key yet. */
static const char *receiving_key(struct server *srv, const struct case_transfer_req *tr,
				 struct case_transfer *op)
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
 * A transfer: the inspector's tool opened the content key with this unit's
 * key and sealed it to the receiving unit's (cr_envelope_reseal). The case
 * service checks that only the header changed, then moves the case, its
 * deadlines and its index entries in one transaction.
 */
void handle_case_transfer(struct request *r)
{
	struct server *srv = r->srv;
	struct evhttp_request *req = r->req;
	enum lang l = r->lang;
	const struct principal *p = r->who;
	const char *case_id = r->case_id;
	cJSON *root = inspector_body(r);
	if (root == NULL)
		return;
	struct transfer_write *tw = calloc(1, sizeof(*tw));
	if (tw == NULL || !who_of(&tw->op.who, p, case_id)) {
		cJSON_Delete(root);
		free(tw);
		http_reply_unavailable(req, l, NULL, 5);
		return;
	}
	struct case_transfer_req tr;
	const char *problem = NULL;
	if (case_transfer_decode(root, 4u << 20, &tr, &problem) == TC_OK)
		problem = NULL;
	cJSON_Delete(root);
	tw->envelope = tr.envelope;
	tw->op.envelope = tr.envelope;
	tw->op.envelope_len = tr.envelope_len;
	if (!problem)
		problem = receiving_key(srv, &tr, &tw->op);
	if (problem)
		http_reply_problem(req, PROBLEM_VALIDATION, l, problem, NULL);
	else if (pending_submit(&tw->p, srv, server_pending_loop(srv, req),
			     req, l, CASE_OP_TRANSFER, &tw->op,
				transfer_complete) == TC_OK)
		return;
	else
		http_reply_unavailable(req, l, NULL, 5);
	free(tw->envelope);
	free(tw);
}
