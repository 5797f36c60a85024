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

bool inspector_who(struct case_who *who, const struct principal *p, const char *case_id)
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

void inspector_write_failed(struct pending *p, int rc, const char *reason)
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

/*
 * The machine-readable code of a refusal about a decline's ground (the
 * case service's sentences, dm_grounds.c and cases.c), or NULL.
 */
static const char *ground_code(const char *reason)
{
	static const struct {
		const char *reason, *code;
	} codes[] = {
		{"a decline needs its legal ground (ground)", "required"},
		{"the ground is not one of the law's grounds for not accepting", "unknown_ground"},
		{"the ground is not one of this track's grounds for not accepting",
		 "ground_not_for_track"},
		{"a ground is given with a decline only", "ground_not_for_action"},
	};
	for (size_t i = 0; reason && i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(codes[i].reason, reason) == 0)
			return codes[i].code;
	return NULL;
}

/* 422 decline-ground: detail the sentence, errors [{field: "ground", code, message}]. */
static void reply_ground_problem(struct evhttp_request *req, enum lang l, const char *reason)
{
	cJSON *e = cJSON_CreateArray(), *item = cJSON_CreateObject();
	if (e && item && cJSON_AddStringToObject(item, "field", "ground") &&
	    cJSON_AddStringToObject(item, "code", ground_code(reason)) &&
	    cJSON_AddStringToObject(item, "message", reason)) {
		cJSON_AddItemToArray(e, item);
		item = NULL;
	}
	cJSON_Delete(item);
	http_reply_problem(req, PROBLEM_DECLINE_GROUND, l, reason, e);
}

static void action_complete(struct pending *p, int rc)
{
	struct action_write *aw = (struct action_write *)p;
	if (rc == TC_EINVAL && ground_code(aw->op.reason))
		reply_ground_problem(p->req, p->lang, aw->op.reason);
	else if (rc == TC_OK) {
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
		inspector_write_failed(p, rc, aw->op.reason);
	free(aw->note_sealed);
	free(aw);
}

/*
 * A note is sealed to the unit's key at once: kept like a message that
 * only the unit can read (never shown to the reporter). A malloc'd sealed
 * box of len + CR_SEAL_OVERHEAD bytes; NULL if the unit has no key.
 */
static uint8_t *seal_to_unit(struct server *srv, const struct principal *p, const char *text,
			     size_t len)
{
	const struct cr_unit_pub *pub = NULL;
	const struct dm_unit *u = dm_unit_find(p->pub.scope);
	for (size_t i = 0; u && i < dm_unit_count(); i++)
		if (dm_unit_at(i) == u)
			pub = srv->deps.unit_keys[i];
	uint8_t *sealed = pub ? malloc(len + CR_SEAL_OVERHEAD) : NULL;
	if (sealed && cr_seal_to(pub->pk, (const uint8_t *)text, len, sealed)) {
		free(sealed);
		sealed = NULL;
	}
	return sealed;
}

/* The action's note, sealed to the unit. NULL on success. */
static const char *seal_note(struct server *srv, const struct principal *p,
			     const struct case_action_req *ar, struct action_write *aw)
{
	aw->note_sealed = seal_to_unit(srv, p, ar->note, ar->note_len);
	if (aw->note_sealed == NULL)
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
	aw->op.ground = ar.ground;
	if (!problem && ar.note)
		problem = seal_note(srv, p, &ar, aw);
	cJSON_Delete(root);
	if (problem && ar.ground_problem)
		reply_ground_problem(req, l, problem);
	else if (problem)
		http_reply_problem(req, PROBLEM_VALIDATION, l, problem, NULL);
	else if (!inspector_who(&aw->op.who, p, case_id)) /* an inspector's scope is a unit id */
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
		dm_day_format(mw->op.signed_day, day);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "case_id", mw->op.who.case_id);
		cJSON_AddNumberToObject(o, "seq", mw->op.seq);
		cJSON_AddStringToObject(o, "from", "unit");
		cJSON_AddStringToObject(o, "at", day);
		cJSON_AddBoolToObject(o, "signed", 1);
		http_reply_json(p->req, 201, o);
	} else if (rc == TC_ERANGE) {
		http_reply_problem(p->req, PROBLEM_CONFLICT, p->lang,
				   "This case has reached its message limit.", NULL);
	} else {
		inspector_write_failed(p, rc == TC_ENOENT || rc == TC_EINVAL ? rc : TC_EIO,
				       mw->op.reason);
	}
	message_free(mw);
}

/*
 * The signature, checked here against the session's principal before
 * anything is queued, and wrapped with the sealed box into the block the
 * store keeps (cr_signed_message_encode), with the server's acceptance
 * tag. NULL on success, else the problem's detail.
 */
static const char *sign_block(struct server *srv, const struct principal *p,
			      struct message_write *mw, struct case_message_req *mr)
{
	struct cr_signed_message sm = {.sealed = mr->for_reporter,
				       .sealed_len = mr->for_reporter_len};
	uint8_t signed_bytes[CR_MSG_SIGNED_BYTES];
	memcpy(sm.unit, mw->op.who.unit, sizeof(sm.unit)); /* the scope, a unit id */
	memcpy(sm.signer, p->pub.pk, sizeof(sm.signer));
	memcpy(sm.sig, mr->sig, sizeof(sm.sig));
	if (cr_unit_message_signed(mw->op.who.case_id, sm.unit, mr->day, sm.sealed, sm.sealed_len,
				   signed_bytes) != TC_OK ||
	    cr_sign_verify(sm.signer, signed_bytes, sizeof(signed_bytes), sm.sig) != TC_OK)
		return "signature: it does not verify with your key for this case, your unit, day "
		       "and sealed_for_reporter (docs/FORMAT.md \"Signed unit messages\").";
	cr_message_accept_tag(srv->deps.server_key, signed_bytes, sm.signer, sm.sig, sm.tag);
	size_t len = CR_SIGNED_MSG_HEADER + sm.sealed_len;
	mw->for_reporter = malloc(len);
	if (mw->for_reporter == NULL || cr_signed_message_encode(&sm, mw->for_reporter) != TC_OK)
		return "The message could not be stored.";
	mw->op.for_reporter = mw->for_reporter;
	mw->op.for_reporter_len = len;
	mw->op.signed_day = mr->day;
	return NULL;
}

/*
 * POST /api/v1/cases/{id}/messages {"sealed_for_reporter", "sealed_for_unit",
 * "signature", "day"}: the inspector's tool seals the text on the
 * inspector's machine, to the reporter's key (shown with the case) and to
 * the unit's key, so the server never sees it, and signs it with the
 * inspector's key; the signature must be the session's principal's.
 */
/*
 * The end of a message or note request: refuse with problem (freeing mw), or
 * queue the write to be answered by done.
 */
static void message_write_finish(struct request *r, struct message_write *mw,
				 const char *problem, enum case_op kind, pending_answer_fn done)
{
	if (problem != NULL) {
		if (mw)
			message_free(mw);
		http_reply_problem(r->req, PROBLEM_VALIDATION, r->lang, problem, NULL);
		return;
	}
	if (pending_submit(&mw->p, r->srv, server_pending_loop(r->srv, r->req), r->req, r->lang,
			   kind, &mw->op, done) != TC_OK) {
		message_free(mw);
		http_reply_unavailable(r->req, r->lang, NULL, 5);
	}
}

void handle_case_message(struct request *r)
{
	cJSON *root = inspector_body(r);
	if (root == NULL)
		return;
	struct message_write *mw = calloc(1, sizeof(*mw));
	struct case_message_req mr;
	const char *problem = "The message could not be stored.";
	if (mw != NULL &&
	    case_message_decode(root, STORE_MESSAGE_MAX - CR_SIGNED_MSG_HEADER, &mr, &problem) ==
		    TC_OK) {
		mw->for_unit = mr.for_unit;
		mw->op.for_unit = mr.for_unit;
		mw->op.for_unit_len = mr.for_unit_len;
		problem = inspector_who(&mw->op.who, r->who, r->case_id)
				  ? sign_block(r->srv, r->who, mw, &mr)
				  : "An inspector's scope is a unit.";
		free(mr.for_reporter);
	}
	cJSON_Delete(root);
	message_write_finish(r, mw, problem, CASE_OP_MESSAGE, message_complete);
}

/* ---- Internal notes ---- */

static void note_complete(struct pending *p, int rc)
{
	struct message_write *mw = (struct message_write *)p;
	if (rc == TC_OK) {
		char day[DM_DAY_STRLEN];
		dm_day_format(mw->op.who.today, day);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "case_id", mw->op.who.case_id);
		cJSON_AddNumberToObject(o, "seq", mw->op.seq);
		cJSON_AddStringToObject(o, "kind", "note");
		cJSON_AddStringToObject(o, "at", day);
		http_reply_json(p->req, 201, o);
	} else {
		inspector_write_failed(p, rc == TC_ENOENT || rc == TC_EINVAL ? rc : TC_EIO,
				       mw->op.reason);
	}
	message_free(mw);
}

/*
 * POST /api/v1/cases/{id}/notes {"note"}: sealed to the unit's key here, as
 * an action's note is, and kept through case_note (a note message, NOTE
 * event, NOTE audit). Another unit's case is 404.
 */
void handle_case_note(struct request *r)
{
	cJSON *root = inspector_body(r);
	if (root == NULL)
		return;
	struct message_write *mw = calloc(1, sizeof(*mw));
	const char *note, *problem = "The note could not be stored.";
	size_t len;
	if (mw != NULL && case_note_decode(root, &note, &len, &problem) == TC_OK) {
		problem = "An inspector's scope is a unit.";
		if (inspector_who(&mw->op.who, r->who, r->case_id)) {
			mw->for_unit = seal_to_unit(r->srv, r->who, note, len);
			problem = mw->for_unit ? NULL : "The unit has no key to seal the note to.";
		}
		mw->op.for_unit = mw->for_unit;
		mw->op.for_unit_len = len + CR_SEAL_OVERHEAD;
	}
	cJSON_Delete(root);
	message_write_finish(r, mw, problem, CASE_OP_NOTE, note_complete);
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
		inspector_write_failed(p, rc, rw->op.reason);
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
	if (rw == NULL || !inspector_who(&rw->op.who, p, case_id) ||
	    pending_submit(&rw->p, srv, server_pending_loop(srv, req),
			     req, l, CASE_OP_REVEAL, &rw->op, reveal_complete) != TC_OK) {
		free(rw);
		http_reply_unavailable(req, l, NULL, 5);
	}
}
