/*
 * cases.c - the inspectors' side of the API (api.md "Inspectors"): sessions
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
#include "store_counts.h"
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

/* ---- The audit log (docs/OPERATIONS.md "Audit") ---- */

enum audit_kind {
	AUDIT_SESSION = 1,  /* a principal signed in */
	AUDIT_LIST = 2,     /* listed the unit's cases */
	AUDIT_SHOW = 3,     /* fetched a case's envelope: a decryption request */
	AUDIT_ACTION = 4,   /* acted on a case (detail: the action) */
	AUDIT_MESSAGE = 5,  /* wrote to a reporter */
};

static void audit_fill(struct store_audit *e, enum audit_kind kind, const struct principal *p,
		       const char *case_id, const char *detail)
{
	memset(e, 0, sizeof(*e));
	e->kind = (uint8_t)kind;
	e->day = dm_day_from_unix((int64_t)time(NULL));
	if (p)
		memcpy(e->actor, p->pub.pk, sizeof(e->actor));
	if (case_id)
		snprintf(e->case_id, sizeof(e->case_id), "%s", case_id);
	if (detail)
		snprintf(e->detail, sizeof(e->detail), "%s", detail);
}

struct audit_write {
	struct store_write w;
	struct store_audit e;
};

static int apply_audit(struct store_txn *txn, struct store_write *w)
{
	return store_audit_append(txn, &((struct audit_write *)w->arg)->e, cr_audit_hash);
}

static void audit_done(struct store_write *w, int rc)
{
	if (rc != TC_OK)
		log_msg(LOG_ERR, "audit log: an entry could not be written: %s", tc_strerror(rc));
	free(w->arg);
}

/*
 * Record a read (session, listing, envelope fetch). It goes into the next
 * group commit without holding up the answer; actions and messages are
 * recorded in their own transaction instead.
 */
static void audit_read_detail(struct server *srv, enum audit_kind kind, const struct principal *p,
			      const char *case_id, const char *detail)
{
	struct audit_write *aw = calloc(1, sizeof(*aw));
	if (aw == NULL) {
		log_msg(LOG_ERR, "audit log: out of memory");
		return;
	}
	audit_fill(&aw->e, kind, p, case_id, detail);
	aw->w = (struct store_write){.apply = apply_audit, .done = audit_done, .arg = aw};
	if (store_submit(srv->deps.store, &aw->w) != TC_OK)
		free(aw);
}

static void audit_read(struct server *srv, enum audit_kind kind, const struct principal *p,
		       const char *case_id)
{
	audit_read_detail(srv, kind, p, case_id, NULL);
}

void audit_monitor_view(struct server *srv, const struct principal *p, const char *what)
{
	audit_read_detail(srv, AUDIT_LIST, p, NULL, what);
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
	audit_read(srv, AUDIT_SESSION, who, NULL);
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
	audit_read(srv, AUDIT_LIST, p, NULL);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "cases", lc.arr);
	if (lc.more)
		cJSON_AddStringToObject(o, "next_cursor", lc.last);
	else
		cJSON_AddNullToObject(o, "next_cursor");
	http_reply_json(req, 200, o);
}

const char *case_event_name(int kind)
{
	switch (kind) {
	case EVENT_RECEIVED: return "received";
	case EVENT_ACTION: return "action";
	case EVENT_MESSAGE_UNIT: return "message_to_reporter";
	case EVENT_MESSAGE_REPORTER: return "message_from_reporter";
	case EVENT_REVEAL: return "identity_revealed";
	case EVENT_TRANSFER: return "transferred";
	}
	return "event";
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
		audit_read(srv, AUDIT_SHOW, p, case_id);
		http_reply_json(req, 200, o);
	}
}

/* ---- Actions ---- */

_Static_assert((int)STORE_FLAG_SEVERAL_PLACES == (int)DM_FLAG_SEVERAL_PLACES &&
		       (int)STORE_FLAG_REMOTE_AREA == (int)DM_FLAG_REMOTE_AREA &&
		       (int)STORE_FLAG_CRIMINAL_SIGNS == (int)DM_FLAG_CRIMINAL_SIGNS &&
		       (int)STORE_FLAG_MONITORED == (int)DM_FLAG_MONITORED,
	       "store and domain flags agree");

struct action_write {
	struct store_write w;
	struct server *srv;
	struct evhttp_request *req;
	struct event *ev;
	enum lang lang;
	char case_id[STORE_CASE_ID_LEN + 1];
	char unit[STORE_UNIT_LEN];
	uint8_t actor[32];
	enum dm_action action;
	enum dm_complexity complexity;
	enum dm_flag flag;
	dm_day today;
	uint8_t *note_sealed; /* the note, sealed to the unit's key here; NULL if none */
	size_t note_len;
	/* results */
	int rc;
	const char *reason;
	char detail[160];
	struct store_case after;
};

static void state_of(const struct store_case *c, struct dm_case_state *s)
{
	*s = (struct dm_case_state){
		.status = (enum dm_status)c->status, .track = (enum dm_track)c->track,
		.received = c->received, .accepted = c->accepted, .settled = c->settled,
		.closed = c->closed, .suspended_since = c->suspended_since,
		.suspended_days = c->suspended_days, .extensions = c->extensions,
		.complexity = (enum dm_complexity)c->complexity,
		.flags = c->flags & (DM_FLAG_SEVERAL_PLACES | DM_FLAG_REMOTE_AREA |
				     DM_FLAG_CRIMINAL_SIGNS | DM_FLAG_MONITORED),
		.instance = c->instance};
}

/* In the writer's transaction: read, check, apply, recompute, write, all at once. */
static int apply_action(struct store_txn *txn, struct store_write *w)
{
	struct action_write *aw = w->arg;
	struct store_case c;
	int rc = store_case_get(txn, aw->case_id, &c);
	if (rc == TC_OK && strcmp(c.unit, aw->unit) != 0)
		rc = TC_ENOENT; /* another unit's: as if it did not exist */
	if (rc != TC_OK)
		return rc;
	const struct store_case before = c;
	struct dm_case_state s;
	state_of(&c, &s);
	rc = dm_action_apply(&s, aw->action, aw->complexity, aw->flag, aw->today, &aw->reason);
	if (rc != TC_OK)
		return rc;
	struct dm_clock clk;
	struct dm_deadlines dl;
	dm_action_clock(&s, aw->today, &clk);
	rc = dm_deadlines_compute(&clk, &dl);
	if (rc != TC_OK) {
		snprintf(aw->detail, sizeof(aw->detail), "%s", dm_deadlines_explain(&clk, rc));
		aw->reason = aw->detail;
		return TC_ESTATE;
	}
	c.status = (uint8_t)s.status;
	c.accepted = s.accepted;
	c.settled = s.settled;
	c.closed = s.closed;
	c.suspended_since = s.suspended_since;
	c.suspended_days = s.suspended_days;
	c.extensions = (uint8_t)s.extensions;
	c.complexity = (uint8_t)s.complexity;
	c.flags = (c.flags & ~(uint32_t)(DM_FLAG_SEVERAL_PLACES | DM_FLAG_REMOTE_AREA |
					 DM_FLAG_CRIMINAL_SIGNS | DM_FLAG_MONITORED)) |
		  s.flags;
	for (int k = 0; k < DM_DL_COUNT; k++)
		c.deadlines[k] = dl.at[k];
	/* The deadline index follows: the one deadline the new status owes. */
	c.next_deadline = dm_watch_due(s.status, &dl);
	rc = store_case_put(txn, &c, false);
	if (rc == TC_OK)
		rc = store_counts_case_change(txn, &before, &c, aw->today);
	if (rc == TC_OK) {
		struct store_audit e;
		audit_fill(&e, AUDIT_ACTION, NULL, aw->case_id, dm_action_name(aw->action));
		memcpy(e.actor, aw->actor, sizeof(e.actor));
		rc = store_audit_append(txn, &e, cr_audit_hash);
	}
	if (rc == TC_OK)
		rc = store_event_append(txn, aw->case_id, aw->today, EVENT_ACTION,
					dm_action_name(aw->action));
	if (rc == TC_OK && aw->note_sealed) {
		struct store_message m = {.from = STORE_MSG_NOTE, .day = aw->today,
					  .for_unit = aw->note_sealed, .for_unit_len = aw->note_len};
		uint32_t seq;
		rc = store_message_append(txn, aw->case_id, &m, &seq);
	}
	if (rc == TC_OK)
		aw->after = c;
	return rc;
}

static void action_durable(struct store_write *w, int rc)
{
	struct action_write *aw = w->arg;
	aw->rc = rc;
	event_active(aw->ev, EV_WRITE, 0);
}

static void action_complete(evutil_socket_t fd, short what, void *arg)
{
	struct action_write *aw = arg;
	(void)fd;
	(void)what;
	aw->srv->counters.in_flight--;
	if (aw->rc == TC_OK) {
		http_reply_json(aw->req, 200, case_summary(&aw->after, aw->today));
	} else if (aw->rc == TC_ENOENT) {
		http_reply_problem(aw->req, PROBLEM_NOT_FOUND, aw->lang, NULL, NULL);
	} else if (aw->rc == TC_ESTATE) {
		http_reply_problem(aw->req, PROBLEM_CONFLICT, aw->lang, aw->reason, NULL);
	} else if (aw->rc == TC_EINVAL) {
		http_reply_problem(aw->req, PROBLEM_VALIDATION, aw->lang,
				   "This action needs its argument (extend: complexity; flag: flag).",
				   NULL);
	} else {
		http_reply_unavailable(aw->req, aw->lang, NULL, 5);
	}
	event_free(aw->ev);
	free(aw->note_sealed);
	free(aw);
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
	aw->action = ar.action;
	aw->complexity = ar.complexity;
	aw->flag = ar.flag;
	if (!problem && ar.note) {
		/*
		 * The note is sealed to the unit's key at once: kept like a message that
		 * only the unit can read (never shown to the reporter).
		 */
		const struct cr_unit_pub *pub = NULL;
		const struct dm_unit *u = dm_unit_find(p->pub.scope);
		for (size_t i = 0; u && i < dm_unit_count(); i++)
			if (dm_unit_at(i) == u)
				pub = srv->deps.unit_keys[i];
		if (pub == NULL || (aw->note_sealed = malloc(ar.note_len + CR_SEAL_OVERHEAD)) == NULL ||
		    cr_seal_to(pub->pk, (const uint8_t *)ar.note, ar.note_len, aw->note_sealed))
			problem = "The unit has no key to seal the note to.";
		else
			aw->note_len = ar.note_len + CR_SEAL_OVERHEAD;
	}
	cJSON_Delete(root);
	if (problem) {
		if (aw)
			free(aw->note_sealed);
		free(aw);
		http_reply_problem(req, PROBLEM_VALIDATION, l, problem, NULL);
		return;
	}
	aw->srv = srv;
	aw->req = req;
	aw->lang = l;
	aw->today = dm_day_from_unix((int64_t)time(NULL));
	memcpy(aw->case_id, case_id, sizeof(aw->case_id));
	if (strlen(p->pub.scope) >= sizeof(aw->unit)) { /* an inspector's scope is a unit id */
		free(aw->note_sealed);
		free(aw);
		http_reply_problem(req, PROBLEM_FORBIDDEN, l, NULL, NULL);
		return;
	}
	memcpy(aw->unit, p->pub.scope, strlen(p->pub.scope) + 1);
	memcpy(aw->actor, p->pub.pk, sizeof(aw->actor));
	aw->ev = event_new(server_loop_of(srv, req)->base, -1, 0, action_complete, aw);
	aw->w = (struct store_write){.apply = apply_action, .done = action_durable, .arg = aw};
	if (aw->ev == NULL || store_submit(srv->deps.store, &aw->w) != TC_OK) {
		if (aw->ev)
			event_free(aw->ev);
		free(aw->note_sealed);
		free(aw);
		http_reply_unavailable(req, l, NULL, 5);
		return;
	}
	srv->counters.in_flight++;
}

/* ---- Messages to the reporter ---- */

struct message_write {
	struct store_write w;
	struct server *srv;
	struct evhttp_request *req;
	struct event *ev;
	enum lang lang;
	char case_id[STORE_CASE_ID_LEN + 1];
	char unit[STORE_UNIT_LEN];
	uint8_t actor[32];
	uint8_t *for_reporter, *for_unit;
	size_t for_reporter_len, for_unit_len;
	int32_t day;
	uint32_t seq;
	int rc;
};

static int apply_message(struct store_txn *txn, struct store_write *w)
{
	struct message_write *mw = w->arg;
	struct store_case c;
	int rc = store_case_get(txn, mw->case_id, &c);
	if (rc == TC_OK && strcmp(c.unit, mw->unit) != 0)
		rc = TC_ENOENT;
	if (rc != TC_OK)
		return rc;
	struct store_message m = {.from = STORE_MSG_FROM_UNIT, .day = mw->day,
				  .for_reporter = mw->for_reporter,
				  .for_reporter_len = mw->for_reporter_len,
				  .for_unit = mw->for_unit, .for_unit_len = mw->for_unit_len};
	rc = store_message_append(txn, mw->case_id, &m, &mw->seq);
	if (rc == TC_OK) {
		struct store_audit e;
		audit_fill(&e, AUDIT_MESSAGE, NULL, mw->case_id, NULL);
		memcpy(e.actor, mw->actor, sizeof(e.actor));
		rc = store_audit_append(txn, &e, cr_audit_hash);
	}
	if (rc == TC_OK)
		rc = store_event_append(txn, mw->case_id, mw->day, EVENT_MESSAGE_UNIT, NULL);
	return rc;
}

static void message_durable(struct store_write *w, int rc)
{
	struct message_write *mw = w->arg;
	mw->rc = rc;
	event_active(mw->ev, EV_WRITE, 0);
}

static void message_complete(evutil_socket_t fd, short what, void *arg)
{
	struct message_write *mw = arg;
	(void)fd;
	(void)what;
	mw->srv->counters.in_flight--;
	if (mw->rc == TC_OK) {
		char day[DM_DAY_STRLEN];
		dm_day_format(mw->day, day);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "case_id", mw->case_id);
		cJSON_AddNumberToObject(o, "seq", mw->seq);
		cJSON_AddStringToObject(o, "from", "unit");
		cJSON_AddStringToObject(o, "at", day);
		http_reply_json(mw->req, 201, o);
	} else if (mw->rc == TC_ENOENT) {
		http_reply_problem(mw->req, PROBLEM_NOT_FOUND, mw->lang, NULL, NULL);
	} else if (mw->rc == TC_ERANGE) {
		http_reply_problem(mw->req, PROBLEM_CONFLICT, mw->lang,
				   "This case has reached its message limit.", NULL);
	} else {
		http_reply_unavailable(mw->req, mw->lang, NULL, 5);
	}
	event_free(mw->ev);
	free(mw->for_reporter);
	free(mw->for_unit);
	free(mw);
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
		mw->for_reporter_len = mr.for_reporter_len;
		mw->for_unit = mr.for_unit;
		mw->for_unit_len = mr.for_unit_len;
	}
	cJSON_Delete(root);
	if (mw == NULL || mw->for_reporter == NULL || strlen(p->pub.scope) >= sizeof(mw->unit)) {
		if (mw) {
			free(mw->for_reporter);
			free(mw->for_unit);
		}
		free(mw);
		http_reply_problem(req, PROBLEM_VALIDATION, l,
				   "Send {\"sealed_for_reporter\", \"sealed_for_unit\"}: the text sealed "
				   "(crypto_box_seal, base64) to the reporter's key and to the unit's key.",
				   NULL);
		return;
	}
	mw->srv = srv;
	mw->req = req;
	mw->lang = l;
	mw->day = dm_day_from_unix((int64_t)time(NULL));
	memcpy(mw->case_id, case_id, sizeof(mw->case_id));
	memcpy(mw->unit, p->pub.scope, strlen(p->pub.scope) + 1);
	memcpy(mw->actor, p->pub.pk, sizeof(mw->actor));
	mw->ev = event_new(server_loop_of(srv, req)->base, -1, 0, message_complete, mw);
	mw->w = (struct store_write){.apply = apply_message, .done = message_durable, .arg = mw};
	if (mw->ev == NULL || store_submit(srv->deps.store, &mw->w) != TC_OK) {
		if (mw->ev)
			event_free(mw->ev);
		free(mw->for_reporter);
		free(mw->for_unit);
		free(mw);
		http_reply_unavailable(req, l, NULL, 5);
		return;
	}
	srv->counters.in_flight++;
}

/* ---- Writes that record first and answer after: reveal, transfer ---- */

enum audit_more { AUDIT_REVEAL = 6, AUDIT_TRANSFER = 7 };

struct case_write {
	struct store_write w;
	struct server *srv;
	struct evhttp_request *req;
	struct event *ev;
	enum lang lang;
	char case_id[STORE_CASE_ID_LEN + 1];
	char unit[STORE_UNIT_LEN];
	uint8_t actor[32];
	/* transfer */
	char to_unit[STORE_UNIT_LEN];
	const struct cr_unit_pub *to_key;
	uint8_t *envelope;
	size_t envelope_len;
	/* results */
	int rc;
	const char *reason;
	cJSON *reply;
};

static struct case_write *case_write_new(struct server *srv, struct evhttp_request *req,
					 enum lang l, const struct principal *p, const char *case_id)
{
	if (strlen(p->pub.scope) >= STORE_UNIT_LEN)
		return NULL;
	struct case_write *cw = calloc(1, sizeof(*cw));
	if (cw == NULL)
		return NULL;
	cw->srv = srv;
	cw->req = req;
	cw->lang = l;
	memcpy(cw->case_id, case_id, sizeof(cw->case_id));
	memcpy(cw->unit, p->pub.scope, strlen(p->pub.scope) + 1);
	memcpy(cw->actor, p->pub.pk, sizeof(cw->actor));
	return cw;
}

static void case_write_free(struct case_write *cw)
{
	if (cw->ev)
		event_free(cw->ev);
	cJSON_Delete(cw->reply);
	free(cw->envelope);
	free(cw);
}

static void case_write_durable(struct store_write *w, int rc)
{
	struct case_write *cw = w->arg;
	cw->rc = rc;
	event_active(cw->ev, EV_WRITE, 0);
}

static void case_write_complete(evutil_socket_t fd, short what, void *arg)
{
	struct case_write *cw = arg;
	(void)fd;
	(void)what;
	cw->srv->counters.in_flight--;
	if (cw->rc == TC_OK) {
		http_reply_json(cw->req, 200, cw->reply);
		cw->reply = NULL;
	} else if (cw->rc == TC_ENOENT) {
		http_reply_problem(cw->req, PROBLEM_NOT_FOUND, cw->lang, NULL, NULL);
	} else if (cw->rc == TC_ESTATE) {
		http_reply_problem(cw->req, PROBLEM_CONFLICT, cw->lang, cw->reason, NULL);
	} else if (cw->rc == TC_EINVAL) {
		http_reply_problem(cw->req, PROBLEM_VALIDATION, cw->lang, cw->reason, NULL);
	} else {
		http_reply_unavailable(cw->req, cw->lang, NULL, 5);
	}
	case_write_free(cw);
}

static void case_write_submit(struct case_write *cw, store_apply_fn apply)
{
	cw->ev = event_new(server_loop_of(cw->srv, cw->req)->base, -1, 0, case_write_complete, cw);
	cw->w = (struct store_write){.apply = apply, .done = case_write_durable, .arg = cw};
	if (cw->ev == NULL || store_submit(cw->srv->deps.store, &cw->w) != TC_OK) {
		http_reply_unavailable(cw->req, cw->lang, NULL, 5);
		case_write_free(cw);
		return;
	}
	cw->srv->counters.in_flight++;
}

static int audit_in(struct store_txn *txn, const struct case_write *cw, int kind,
		    const char *detail)
{
	struct store_audit e;
	audit_fill(&e, (enum audit_kind)kind, NULL, cw->case_id, detail);
	memcpy(e.actor, cw->actor, sizeof(e.actor));
	return store_audit_append(txn, &e, cr_audit_hash);
}

/*
 * The reveal is recorded (durably) before the identity leaves: the reply
 * is built in the same transaction as the audit entry and sent only once
 * that transaction is synced.
 */
static int apply_reveal(struct store_txn *txn, struct store_write *w)
{
	struct case_write *cw = w->arg;
	struct store_case c;
	const uint8_t *env;
	size_t len;
	int rc = store_case_get(txn, cw->case_id, &c);
	if (rc == TC_OK && strcmp(c.unit, cw->unit) != 0)
		rc = TC_ENOENT;
	if (rc == TC_OK && c.identity != DM_IDENTITY_CONFIDENTIAL) {
		cw->reason = "only a confidential report's identity is sealed apart; this one is "
			     "in the envelope already";
		rc = TC_ESTATE;
	}
	if (rc == TC_OK)
		rc = store_envelope_get(txn, cw->case_id, &env, &len);
	if (rc == TC_OK)
		rc = audit_in(txn, cw, AUDIT_REVEAL, "reveal");
	if (rc == TC_OK)
		rc = store_event_append(txn, cw->case_id, dm_day_from_unix((int64_t)time(NULL)),
					EVENT_REVEAL, NULL);
	if (rc == TC_OK) {
		cw->reply = cJSON_CreateObject();
		cJSON_AddStringToObject(cw->reply, "case_id", cw->case_id);
		cJSON_AddItemToObject(cw->reply, "envelope", b64_string(env, len));
		cJSON_AddBoolToObject(cw->reply, "identity_revealed", 1);
	}
	return rc;
}

void handle_case_reveal(struct server *srv, struct evhttp_request *req, const char *case_id)
{
	enum lang l = http_request_lang(req);
	const struct principal *p = inspector_of(srv, req, l);
	if (p == NULL)
		return;
	struct case_write *cw = case_write_new(srv, req, l, p, case_id);
	if (cw == NULL) {
		http_reply_unavailable(req, l, NULL, 5);
		return;
	}
	case_write_submit(cw, apply_reveal);
}

/*
 * A transfer: the inspector's tool opened the content key with this unit's
 * key and sealed it to the receiving unit's (cr_envelope_reseal). The
 * server checks that only the header changed, then moves the case, its
 * deadlines and its index entries in one transaction.
 */
static int apply_transfer(struct store_txn *txn, struct store_write *w)
{
	struct case_write *cw = w->arg;
	struct store_case c;
	const uint8_t *env;
	size_t len;
	struct cr_envelope_info info;
	int rc = store_case_get(txn, cw->case_id, &c);
	if (rc == TC_OK && strcmp(c.unit, cw->unit) != 0)
		rc = TC_ENOENT;
	if (rc != TC_OK)
		return rc;
	if (dm_status_is_closed((enum dm_status)c.status)) {
		cw->reason = "the case is closed: it cannot be transferred";
		return TC_ESTATE;
	}
	if (strcmp(cw->to_unit, c.unit) == 0) {
		cw->reason = "the case is already at this unit";
		return TC_ESTATE;
	}
	rc = store_envelope_get(txn, cw->case_id, &env, &len);
	if (rc != TC_OK)
		return rc;
	const struct store_case before = c;
	/* Only bytes 14-109 (unit, key id, sealed key) may differ: the report is untouched. */
	if (cr_envelope_inspect(cw->envelope, cw->envelope_len, &info) != TC_OK ||
	    cw->envelope_len != len || strcmp(info.case_id, c.case_id) != 0 ||
	    strcmp(info.unit, cw->to_unit) != 0 ||
	    memcmp(info.key_id, cw->to_key->key_id, CR_KEY_ID_BYTES) != 0 ||
	    memcmp(cw->envelope, env, 14) != 0 || memcmp(cw->envelope + 110, env + 110, len - 110) != 0) {
		cw->reason = "the envelope must be this case's, re-sealed to the receiving unit's "
			     "current key, with nothing else changed";
		return TC_EINVAL;
	}
	/*
	 * The receiving unit starts its own clock: the case is received there on
	 * the day of the transfer, and its deadlines are counted from it.
	 */
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	struct dm_clock clk;
	struct dm_deadlines dl;
	dm_clock_init(&clk, (enum dm_track)c.track, today);
	if (dm_deadlines_compute(&clk, &dl) != TC_OK) {
		cw->reason = "deadlines could not be computed for the transfer day";
		return TC_ESTATE;
	}
	memcpy(c.unit, cw->to_unit, sizeof(c.unit));
	c.status = DM_STATUS_RECEIVED;
	c.received = today;
	c.accepted = c.settled = c.closed = c.suspended_since = STORE_DAY_NONE;
	c.suspended_days = 0;
	c.extensions = 0;
	c.complexity = 0;
	c.flags &= ~(uint32_t)STORE_FLAG_OVERDUE;
	for (int k = 0; k < DM_DL_COUNT; k++)
		c.deadlines[k] = dl.at[k];
	c.next_deadline = dm_watch_due(DM_STATUS_RECEIVED, &dl);
	rc = store_case_put(txn, &c, false);
	if (rc == TC_OK)
		rc = store_counts_case_change(txn, &before, &c, today);
	if (rc == TC_OK)
		rc = store_envelope_put(txn, c.case_id, cw->envelope, cw->envelope_len);
	if (rc == TC_OK)
		rc = audit_in(txn, cw, AUDIT_TRANSFER, cw->to_unit);
	if (rc == TC_OK)
		rc = store_event_append(txn, cw->case_id, today, EVENT_TRANSFER, cw->to_unit);
	if (rc == TC_OK)
		cw->reply = case_summary(&c, today);
	return rc;
}

void handle_case_transfer(struct server *srv, struct evhttp_request *req, const char *case_id)
{
	enum lang l = http_request_lang(req);
	const struct principal *p = inspector_of(srv, req, l);
	if (p == NULL)
		return;
	cJSON *root = read_json_body(srv, req, l);
	if (root == NULL)
		return;
	struct case_write *cw = case_write_new(srv, req, l, p, case_id);
	if (cw == NULL) {
		cJSON_Delete(root);
		http_reply_unavailable(req, l, NULL, 5);
		return;
	}
	struct case_transfer_req tr;
	const char *problem = case_transfer_decode(root, 4u << 20, &tr);
	cJSON_Delete(root);
	cw->envelope = tr.envelope;
	cw->envelope_len = tr.envelope_len;
	for (size_t i = 0; !problem && i < dm_unit_count(); i++)
		if (dm_unit_at(i) == tr.to)
			cw->to_key = srv->deps.unit_keys[i];
	if (!problem && cw->to_key == NULL)
		problem = "The receiving unit has no key yet.";
	if (problem) {
		http_reply_problem(req, PROBLEM_VALIDATION, l, problem, NULL);
		case_write_free(cw);
		return;
	}
	snprintf(cw->to_unit, sizeof(cw->to_unit), "%s", tr.to->id);
	case_write_submit(cw, apply_transfer);
}
