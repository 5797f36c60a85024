/*
 * cases.c - the inspectors' side of the API (docs/API.md "Inspectors"): sessions
 * by signed challenge, then the unit's cases, listed and shown.
 *
 * Every case endpoint answers only for the session's own unit: another
 * unit's case is 404, exactly as a case that does not exist (do not
 * confirm it exists). Monitors have sessions too but no access here (403).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "auth.h"
#include "dm_action.h"
#include "dm_units.h"
#include "dm_deadline.h"
#include "dm_watch.h"
#include "form.h"
#include "case_requests.h"
#include "json_guard.h"
#include "log.h"
#include "server_internal.h"
#include "tc_base64.h"

#define LIST_LIMIT_DEFAULT 50
#define LIST_LIMIT_MAX 500

static cJSON *b64_string(const uint8_t *data, size_t n)
{
	char *s = malloc(tc_base64_len(n) + 1);
	if (s == NULL)
		return NULL;
	tc_base64_encode(data, n, s);
	cJSON *j = cJSON_CreateString(s);
	free(s);
	return j;
}

static void reply_unauthorized(struct evhttp_request *req, enum lang l)
{
	evhttp_add_header(evhttp_request_get_output_headers(req), "WWW-Authenticate",
			  "Bearer realm=\"tocao\"");
	http_reply_problem(req, PROBLEM_UNAUTHORIZED, l,
			   l == LANG_EN ? "Sign in again: no valid session."
					: "Hãy đăng nhập lại: phiên không hợp lệ.",
			   NULL);
}

/* The session's principal, or NULL after answering 401. */
static const struct principal *session_of(struct server *srv, struct evhttp_request *req,
					  enum lang l, uint8_t token[AUTH_TOKEN_BYTES])
{
	const char *h = evhttp_find_header(evhttp_request_get_input_headers(req), "Authorization");
	if (auth_bearer_token(h, token) != 0) {
		reply_unauthorized(req, l);
		return NULL;
	}
	const struct principal *p = auth_check(srv->auth, auth_now(), token);
	if (p == NULL)
		reply_unauthorized(req, l);
	return p;
}

/* An inspector's session, or NULL after answering 401/403. */
static const struct principal *inspector_of(struct server *srv, struct evhttp_request *req,
					    enum lang l)
{
	uint8_t token[AUTH_TOKEN_BYTES];
	const struct principal *p = session_of(srv, req, l, token);
	explicit_bzero(token, sizeof(token));
	if (p != NULL && strcmp(p->pub.role, "inspector") != 0) {
		http_reply_problem(req, PROBLEM_FORBIDDEN, l, NULL, NULL);
		return NULL;
	}
	return p;
}

/* ---- The audit log of reads (docs/OPERATIONS.md "Audit") ---- */

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

/*
 * Record a read (session, listing, envelope fetch). It goes into the next
 * group commit without holding up the answer; changes of a case are
 * recorded by the case service in their own transaction instead.
 */
static void audit_read_detail(struct server *srv, enum case_audit_kind kind,
			      const struct principal *p, const char *case_id, const char *detail)
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

static void audit_read(struct server *srv, enum case_audit_kind kind, const struct principal *p,
		       const char *case_id)
{
	audit_read_detail(srv, kind, p, case_id, NULL);
}

void audit_monitor_view(struct server *srv, const struct principal *p, const char *what)
{
	audit_read_detail(srv, CASE_AUDIT_LIST, p, NULL, what);
}

static cJSON *read_json_body(struct server *srv, struct evhttp_request *req, enum lang l)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	size_t len = evbuffer_get_length(in);
	const char *ct = evhttp_find_header(evhttp_request_get_input_headers(req), "Content-Type");
	if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0) {
		http_reply_problem(req, PROBLEM_MEDIA_TYPE, l, NULL, NULL);
		return NULL;
	}
	if (len > srv->limits.max_body) {
		http_reply_problem(req, PROBLEM_TOO_LARGE, l, NULL, NULL);
		return NULL;
	}
	cJSON *root = case_body_parse((const char *)evbuffer_pullup(in, -1), len);
	if (root == NULL)
		http_reply_problem(req, PROBLEM_MALFORMED, l, NULL, NULL);
	return root;
}

/* ---- Sessions ---- */

void handle_session_challenge(struct server *srv, struct evhttp_request *req)
{
	uint8_t c[AUTH_CHALLENGE_BYTES];
	if (auth_challenge(srv->auth, auth_now(), c) != TC_OK) {
		http_reply_unavailable(req, http_request_lang(req), NULL, 1);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "challenge", b64_string(c, sizeof(c)));
	cJSON_AddNumberToObject(o, "expires_in", AUTH_CHALLENGE_TTL);
	cJSON_AddStringToObject(o, "context", AUTH_CONTEXT);
	http_reply_json(req, 201, o);
}

void handle_session_login(struct server *srv, struct evhttp_request *req)
{
	enum lang l = http_request_lang(req);
	cJSON *root = read_json_body(srv, req, l);
	if (root == NULL)
		return;
	struct session_login_req lr;
	uint8_t token[AUTH_TOKEN_BYTES];
	const struct principal *who = NULL;
	int ok = case_login_decode(root, &lr) == 0;
	cJSON_Delete(root);
	if (!ok) {
		http_reply_problem(req, PROBLEM_MALFORMED, l,
				   "Send {\"public_key\", \"challenge\", \"signature\"} in base64.", NULL);
		return;
	}
	if (auth_login(srv->auth, auth_now(), lr.pk, lr.challenge, lr.sig, token, &who) != TC_OK) {
		reply_unauthorized(req, l);
		return;
	}
	audit_read(srv, CASE_AUDIT_SESSION, who, NULL);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "token", b64_string(token, sizeof(token)));
	explicit_bzero(token, sizeof(token));
	cJSON_AddNumberToObject(o, "expires_in", AUTH_SESSION_TTL);
	cJSON_AddStringToObject(o, "role", who->pub.role);
	cJSON_AddStringToObject(o, "scope", who->pub.scope);
	http_reply_json(req, 201, o);
}

void handle_session_logout(struct server *srv, struct evhttp_request *req)
{
	enum lang l = http_request_lang(req);
	uint8_t token[AUTH_TOKEN_BYTES];
	if (session_of(srv, req, l, token) == NULL)
		return;
	int rc = auth_logout(srv->auth, token);
	explicit_bzero(token, sizeof(token));
	if (rc != TC_OK) {
		reply_unauthorized(req, l);
		return;
	}
	evhttp_send_reply(req, 204, "No Content", NULL);
}

/* ---- Cases ---- */

static cJSON *case_summary(const struct store_case *c, dm_day today)
{
	cJSON *o = cJSON_CreateObject(), *d = cJSON_CreateObject();
	char day[DM_DAY_STRLEN];
	cJSON_AddStringToObject(o, "case_id", c->case_id);
	cJSON_AddStringToObject(o, "track", dm_track_name((enum dm_track)c->track));
	cJSON_AddStringToObject(o, "category", dm_category_name((enum dm_category)c->category));
	cJSON_AddStringToObject(o, "status", dm_status_name((enum dm_status)c->status));
	cJSON_AddStringToObject(o, "identity", dm_identity_name((enum dm_identity)c->identity));
	cJSON_AddStringToObject(o, "unit", c->unit);
	dm_day_format(c->received, day);
	cJSON_AddStringToObject(o, "received_on", day);
	for (int k = 0; k < STORE_DEADLINES; k++) {
		if (c->deadlines[k] == STORE_DAY_NONE)
			continue;
		dm_day_format(c->deadlines[k], day);
		cJSON_AddStringToObject(d, dm_deadline_key((enum dm_deadline_kind)k), day);
	}
	cJSON_AddItemToObject(o, "deadlines", d);
	cJSON_AddNumberToObject(o, "extensions", c->extensions);
	dm_day due = dm_watch_due_days((enum dm_status)c->status, c->deadlines);
	cJSON_AddNumberToObject(o, "overdue_days", dm_watch_days_overdue(due, today));
	return o;
}

struct list_ctx {
	cJSON *arr;
	int limit, n;
	int status, track, overdue;
	dm_day due_before, today;
	char last[STORE_CASE_ID_LEN + 1];
	int more;
};

static int list_one(const struct store_case *c, void *arg)
{
	struct list_ctx *lc = arg;
	if (lc->n == lc->limit) {
		lc->more = 1;
		return 1;
	}
	dm_day due = dm_watch_due_days((enum dm_status)c->status, c->deadlines);
	if ((lc->status && c->status != lc->status) || (lc->track && c->track != lc->track) ||
	    (lc->overdue && dm_watch_days_overdue(due, lc->today) == 0 &&
	     !(c->flags & STORE_FLAG_OVERDUE)) ||
	    (lc->due_before != DM_DAY_NONE && (due == DM_DAY_NONE || due >= lc->due_before)))
		return 0;
	cJSON_AddItemToArray(lc->arr, case_summary(c, lc->today));
	memcpy(lc->last, c->case_id, sizeof(lc->last));
	lc->n++;
	return 0;
}

/* Query value of a key (allow-listed, not repeated); NULL when absent. */
static const char *qget(const struct form *q, const char *key, char *buf, size_t cap)
{
	const struct form_field *f = form_get(q, key);
	if (f == NULL || f->len >= cap)
		return NULL;
	memcpy(buf, f->value, f->len);
	buf[f->len] = '\0';
	return buf;
}

static void bad_query(struct evhttp_request *req, enum lang l, const char *field, const char *msg)
{
	cJSON *e = cJSON_CreateArray(), *item = cJSON_CreateObject();
	cJSON_AddStringToObject(item, "field", field);
	cJSON_AddStringToObject(item, "code", "invalid_query");
	cJSON_AddStringToObject(item, "message", msg);
	cJSON_AddItemToArray(e, item);
	http_reply_problem(req, PROBLEM_BAD_REQUEST, l, NULL, e);
}

void handle_cases_list(struct server *srv, struct evhttp_request *req)
{
	enum lang l = http_request_lang(req);
	const struct principal *p = inspector_of(srv, req, l);
	if (p == NULL)
		return;
	const char *uri = evhttp_request_get_uri(req);
	const char *qs = strchr(uri, '?');
	struct form q;
	if (form_parse_urlencoded(qs ? qs + 1 : "", qs ? strlen(qs + 1) : 0, &q) != FORM_OK) {
		form_free(&q);
		bad_query(req, l, "query", "Malformed or repeated query parameters.");
		return;
	}
	static const char *const allowed[] = {"status", "track", "overdue", "due_before", "limit",
					      "cursor"};
	for (size_t i = 0; i < q.n; i++) {
		int known = 0;
		for (size_t k = 0; k < sizeof(allowed) / sizeof(allowed[0]); k++)
			known |= strcmp(q.f[i].name, allowed[k]) == 0;
		if (!known) {
			form_free(&q);
			bad_query(req, l, "query", "Unknown query parameter.");
			return;
		}
	}
	struct list_ctx lc = {.limit = LIST_LIMIT_DEFAULT, .due_before = DM_DAY_NONE,
			      .today = dm_day_from_unix((int64_t)time(NULL))};
	char v[32], cursor[16] = "";
	const char *s;
	enum dm_status st;
	enum dm_track tr;
	int bad = 0;
	if ((s = qget(&q, "status", v, sizeof(v))) && !(bad = dm_status_parse(s, &st) != TC_OK))
		lc.status = (int)st;
	if (bad) {
		form_free(&q);
		bad_query(req, l, "status", "Unknown status.");
		return;
	}
	if ((s = qget(&q, "track", v, sizeof(v))) && !(bad = dm_track_parse(s, &tr) != TC_OK))
		lc.track = (int)tr;
	if (bad) {
		form_free(&q);
		bad_query(req, l, "track", "Unknown track.");
		return;
	}
	if ((s = qget(&q, "overdue", v, sizeof(v))))
		lc.overdue = strcmp(s, "true") == 0;
	if ((s = qget(&q, "due_before", v, sizeof(v))) &&
	    dm_day_parse(s, strlen(s), &lc.due_before) != TC_OK) {
		form_free(&q);
		bad_query(req, l, "due_before", "Use YYYY-MM-DD.");
		return;
	}
	if ((s = qget(&q, "limit", v, sizeof(v)))) {
		char *end;
		long n = strtol(s, &end, 10);
		if (*end || n < 1 || n > LIST_LIMIT_MAX) {
			form_free(&q);
			bad_query(req, l, "limit", "Between 1 and 500.");
			return;
		}
		lc.limit = (int)n;
	}
	s = qget(&q, "cursor", cursor, sizeof(cursor));
	form_free(&q);

	struct store_txn *t = NULL;
	lc.arr = cJSON_CreateArray();
	int rc = store_read_begin(srv->deps.store, &t);
	if (rc == TC_OK)
		rc = store_unit_cases(t, p->pub.scope, s, list_one, &lc);
	store_read_end(t);
	if (rc == TC_ENOENT) {
		/* A cursor that is not one of this unit's cases. */
		cJSON_Delete(lc.arr);
		bad_query(req, l, "cursor", "Not a cursor of this listing.");
		return;
	}
	if (rc != TC_OK) {
		cJSON_Delete(lc.arr);
		http_reply_unavailable(req, l, NULL, 5);
		return;
	}
	audit_read(srv, CASE_AUDIT_LIST, p, NULL);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "cases", lc.arr);
	if (lc.more)
		cJSON_AddStringToObject(o, "next_cursor", lc.last);
	else
		cJSON_AddNullToObject(o, "next_cursor");
	http_reply_json(req, 200, o);
}

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

void handle_case_show(struct server *srv, struct evhttp_request *req, const char *case_id)
{
	enum lang l = http_request_lang(req);
	const struct principal *p = inspector_of(srv, req, l);
	if (p == NULL)
		return;
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
		o = case_summary(&c, dm_day_from_unix((int64_t)time(NULL)));
		cJSON_AddItemToObject(o, "envelope", shown ? b64_string(shown, shown_len)
							   : b64_string(env, env_len));
		cJSON_AddBoolToObject(o, "identity_sealed_apart",
				      c.identity == DM_IDENTITY_CONFIDENTIAL);
		/* What the inspector's tool seals replies to (POST .../messages). */
		cJSON_AddItemToObject(o, "reporter_public_key",
				      b64_string(c.reporter_pk, sizeof(c.reporter_pk)));
		rc = store_attachment_count(t, case_id, &n_att);
	}
	if (rc == TC_OK) {
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
		if (rc == TC_OK)
			rc = store_events(t, case_id, timeline_entry, tl);
	}
	store_read_end(t);
	free(shown);
	if (rc == TC_ENOENT) {
		cJSON_Delete(o);
		http_reply_problem(req, PROBLEM_NOT_FOUND, l, NULL, NULL);
	} else if (rc != TC_OK) {
		cJSON_Delete(o);
		http_reply_unavailable(req, l, NULL, 5);
	} else {
		audit_read(srv, CASE_AUDIT_SHOW, p, case_id);
		http_reply_json(req, 200, o);
	}
}

/* ---- Changes of a case: through the case service, answered once durable ---- */

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
	if (rc == TC_OK)
		http_reply_json(p->req, 200, case_summary(&aw->op.after, aw->op.who.today));
	else if (rc == TC_EINVAL)
		http_reply_problem(p->req, PROBLEM_VALIDATION, p->lang,
				   "This action needs its argument (extend: complexity; flag: flag).",
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

void handle_case_action(struct server *srv, struct evhttp_request *req, const char *case_id)
{
	enum lang l = http_request_lang(req);
	const struct principal *p = inspector_of(srv, req, l);
	if (p == NULL)
		return;
	cJSON *root = read_json_body(srv, req, l);
	if (root == NULL)
		return;
	struct case_action_req ar;
	struct action_write *aw = calloc(1, sizeof(*aw));
	const char *problem = case_action_decode(root, &ar);
	if (aw == NULL) {
		cJSON_Delete(root);
		http_reply_unavailable(req, l, NULL, 5);
		return;
	}
	aw->op.action = ar.action;
	aw->op.complexity = ar.complexity;
	aw->op.flag = ar.flag;
	if (!problem && ar.note)
		problem = seal_note(srv, p, &ar, aw);
	cJSON_Delete(root);
	if (problem)
		http_reply_problem(req, PROBLEM_VALIDATION, l, problem, NULL);
	else if (!who_of(&aw->op.who, p, case_id)) /* an inspector's scope is a unit id */
		http_reply_problem(req, PROBLEM_FORBIDDEN, l, NULL, NULL);
	else if (pending_submit(&aw->p, srv, req, l, CASE_OP_ACT, &aw->op, action_complete) == TC_OK)
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
void handle_case_message(struct server *srv, struct evhttp_request *req, const char *case_id)
{
	enum lang l = http_request_lang(req);
	const struct principal *p = inspector_of(srv, req, l);
	if (p == NULL)
		return;
	cJSON *root = read_json_body(srv, req, l);
	if (root == NULL)
		return;
	struct message_write *mw = calloc(1, sizeof(*mw));
	struct case_message_req mr;
	if (mw != NULL && case_message_decode(root, STORE_MESSAGE_MAX, &mr) == 0) {
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
	if (pending_submit(&mw->p, srv, req, l, CASE_OP_MESSAGE, &mw->op, message_complete) !=
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
		cJSON_AddItemToObject(o, "envelope", b64_string(rw->op.envelope, rw->op.envelope_len));
		cJSON_AddBoolToObject(o, "identity_revealed", 1);
		http_reply_json(p->req, 200, o);
	} else {
		reply_write_failed(p, rc, rw->op.reason);
	}
	free(rw->op.envelope);
	free(rw);
}

void handle_case_reveal(struct server *srv, struct evhttp_request *req, const char *case_id)
{
	enum lang l = http_request_lang(req);
	const struct principal *p = inspector_of(srv, req, l);
	if (p == NULL)
		return;
	struct reveal_write *rw = calloc(1, sizeof(*rw));
	if (rw == NULL || !who_of(&rw->op.who, p, case_id) ||
	    pending_submit(&rw->p, srv, req, l, CASE_OP_REVEAL, &rw->op, reveal_complete) != TC_OK) {
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
		http_reply_json(p->req, 200, case_summary(&tw->op.after, tw->op.who.today));
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
void handle_case_transfer(struct server *srv, struct evhttp_request *req, const char *case_id)
{
	enum lang l = http_request_lang(req);
	const struct principal *p = inspector_of(srv, req, l);
	if (p == NULL)
		return;
	cJSON *root = read_json_body(srv, req, l);
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
	const char *problem = case_transfer_decode(root, 4u << 20, &tr);
	cJSON_Delete(root);
	tw->envelope = tr.envelope;
	tw->op.envelope = tr.envelope;
	tw->op.envelope_len = tr.envelope_len;
	if (!problem)
		problem = receiving_key(srv, &tr, &tw->op);
	if (problem)
		http_reply_problem(req, PROBLEM_VALIDATION, l, problem, NULL);
	else if (pending_submit(&tw->p, srv, req, l, CASE_OP_TRANSFER, &tw->op,
				transfer_complete) == TC_OK)
		return;
	else
		http_reply_unavailable(req, l, NULL, 5);
	free(tw->envelope);
	free(tw);
}
