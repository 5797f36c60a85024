/*
 * submit.c - the one path from a validated report (the API's or the form's)
 * to a durable case: route, seal, store durably, and only then answer 201
 * with the receipt (docs/API.md; SECURITY.md: an acknowledged report
 * survives any crash).
 *
 * The request is answered asynchronously: the sealed case is queued to the
 * store's writer as the case service's case_create (cases.h), whose group
 * commit syncs it to disk; the loop is then woken (pending.h) and the 201
 * goes out.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/keyvalq_struct.h>

#include "dm_deadline.h"
#include "dm_filing.h"
#include "dm_route.h"
#include "dm_watch.h"
#include "json_guard.h"
#include "log.h"
#include "form.h"
#include "report.h"
#include "submit.h"
#include "server_internal.h"
#include "web.h"
#include "web_seal.h"
#include "wipe_alloc.h"

_Static_assert(CR_RECEIPT_LEN + CR_WRAP_OVERHEAD <= sizeof(((struct store_idem *)0)->wrapped_receipt),
	       "wrapped receipt fits");


struct submission {
	struct pending p;   /* first: the write and the request it answers */
	struct case_create op;
	struct case_blob blobs[CR_ATTACHMENTS_MAX];

	struct store_case rec;
	uint8_t *envelope;
	size_t envelope_len;
	uint8_t receipt_hash[CR_HASH_BYTES];
	char receipt[CR_RECEIPT_LEN + 1]; /* secret until sent; wiped */

	bool has_idem;
	uint8_t idem_hash[CR_HASH_BYTES];
	uint8_t request_hash[CR_HASH_BYTES];
	struct store_idem idem;

	enum submit_mode mode;
	char form_token[WEB_TOKEN_LEN + 1]; /* SUBMIT_FORM: its idempotency key; wiped */
	struct cr_attachment atts[CR_ATTACHMENTS_MAX]; /* sealed copies, owned */
	size_t n_atts;

	/* A complaint that seems late (report_filing_late): said in the answer, never stored. */
	bool late;
	struct dm_filing_window window;
	char warning[640];
};

static void submission_free(struct submission *s)
{
	if (s == NULL)
		return;
	free(s->envelope);
	for (size_t i = 0; i < s->n_atts; i++)
		free(s->atts[i].sealed);
	explicit_bzero(s, sizeof(*s));
	free(s);
}

/* ---- The 201 ---- */

static cJSON *deadlines_json(const struct store_case *c)
{
	cJSON *d = cJSON_CreateObject();
	for (int k = 0; d && k < DM_DL_COUNT; k++) {
		if (c->deadlines[k] == STORE_DAY_NONE)
			continue;
		char day[DM_DAY_STRLEN];
		dm_day_format(c->deadlines[k], day);
		if (!cJSON_AddStringToObject(d, dm_deadline_key((enum dm_deadline_kind)k), day)) {
			cJSON_Delete(d);
			return NULL;
		}
	}
	return d;
}

/* "warnings": [{"code":"filing_window", "message", "basis", "last_day", "days_late"}]. */
static bool add_warnings(cJSON *o, const struct submission *s)
{
	char last[DM_DAY_STRLEN];
	if (s == NULL || !s->late)
		return true;
	cJSON *list = cJSON_AddArrayToObject(o, "warnings"), *w = cJSON_CreateObject();
	dm_day_format(s->window.last_day, last);
	if (list == NULL || w == NULL || !cJSON_AddStringToObject(w, "code", "filing_window") ||
	    !cJSON_AddStringToObject(w, "message", s->warning) ||
	    !cJSON_AddStringToObject(w, "basis", s->window.basis) ||
	    !cJSON_AddNumberToObject(w, "window_days", s->window.days) ||
	    !cJSON_AddStringToObject(w, "last_day", last) ||
	    !cJSON_AddNumberToObject(w, "days_late", s->window.days_late)) {
		cJSON_Delete(w);
		return false;
	}
	cJSON_AddItemToArray(list, w);
	return true;
}

static void reply_created(struct evhttp_request *req, const struct store_case *c,
			  const char *receipt, const struct submission *s)
{
	const struct dm_unit *u = dm_unit_find(c->unit);
	char day[DM_DAY_STRLEN];
	dm_day_format(c->received, day);
	cJSON *o = cJSON_CreateObject();
	cJSON *d = deadlines_json(c);
	if (o == NULL || d == NULL || u == NULL || !cJSON_AddStringToObject(o, "case_id", c->case_id) ||
	    !cJSON_AddStringToObject(o, "receipt", receipt) ||
	    !cJSON_AddStringToObject(o, "track", dm_track_name((enum dm_track)c->track)) ||
	    !cJSON_AddStringToObject(o, "unit", u->id) ||
	    !cJSON_AddStringToObject(o, "unit_name", u->name) ||
	    !cJSON_AddStringToObject(o, "received_on", day) || !add_warnings(o, s)) {
		cJSON_Delete(o);
		cJSON_Delete(d);
		http_reply_problem(req, PROBLEM_INTERNAL, LANG_EN, NULL, NULL);
		return;
	}
	cJSON_AddItemToObject(o, "deadlines", d);
	http_reply_json(req, 201, o);
}

/*
 * A retry with a known Idempotency-Key: answer as the first time, receipt
 * included (it was kept encrypted under a key derived from the
 * Idempotency-Key, which only the client holds besides us).
 */
void submit_reply_replay(struct server *srv, struct evhttp_request *req, enum lang l,
			 const struct store_idem *idem, const uint8_t *key, size_t key_len)
{
	struct store_txn *t = NULL;
	struct store_case c;
	char receipt[CR_RECEIPT_LEN + 1];
	int rc = store_read_begin(srv->deps.store, &t);
	if (rc == TC_OK)
		rc = store_case_get(t, idem->case_id, &c);
	store_read_end(t);
	if (rc == TC_OK && idem->wrapped_len != CR_RECEIPT_LEN + CR_WRAP_OVERHEAD)
		rc = TC_ECORRUPT;
	if (rc == TC_OK)
		rc = cr_unwrap(srv->deps.server_key, key, key_len, idem->wrapped_receipt,
			       idem->wrapped_len, (uint8_t *)receipt);
	if (rc != TC_OK) {
		log_msg(LOG_ERR, "idempotent replay failed: %s", tc_strerror(rc));
		http_reply_problem(req, PROBLEM_INTERNAL, l, NULL, NULL);
		return;
	}
	receipt[CR_RECEIPT_LEN] = '\0';
	reply_created(req, &c, receipt, NULL); /* a warning is not stored: not replayed */
	explicit_bzero(receipt, sizeof(receipt));
}

/* A failure after the request was accepted for storing, in the request's own form. */
static void reply_unavailable_as(struct submission *s, int retry_after, const char *detail)
{
	if (s->mode == SUBMIT_FORM)
		web_reply_unavailable(s->p.req, s->p.lang, retry_after);
	else
		http_reply_unavailable(s->p.req, s->p.lang, detail, retry_after);
}

/* The form's answer once durable, or its twin's: the receipt page by redirect (web_seal.h). */
static void redirect_receipt(struct server *srv, struct evhttp_request *req, enum lang l,
			     const char *case_id, const char *receipt, uint8_t flags)
{
	struct web_sealed v = {.flags = flags};
	memcpy(v.case_id, case_id, STORE_CASE_ID_LEN);
	memcpy(v.receipt, receipt, CR_RECEIPT_LEN);
	web_redirect_sealed(srv, req, l, WEB_COOKIE_RECEIPT, &v, "/reports/receipt");
	explicit_bzero(&v, sizeof(v));
}

void submit_form_replay(struct server *srv, struct evhttp_request *req, enum lang l,
			const struct store_idem *idem, const char *token)
{
	char receipt[CR_RECEIPT_LEN + 1];
	int rc = idem->wrapped_len == CR_RECEIPT_LEN + CR_WRAP_OVERHEAD
			 ? cr_unwrap(srv->deps.server_key, (const uint8_t *)token, strlen(token),
				     idem->wrapped_receipt, idem->wrapped_len, (uint8_t *)receipt)
			 : TC_ECORRUPT;
	if (rc != TC_OK) {
		log_msg(LOG_ERR, "a form's replay failed: %s", tc_strerror(rc));
		web_reply_unavailable(req, l, 5);
		return;
	}
	receipt[CR_RECEIPT_LEN] = '\0';
	redirect_receipt(srv, req, l, idem->case_id, receipt, WEB_SEALED_REUSED);
	explicit_bzero(receipt, sizeof(receipt));
}

/* The same form (or API key) raced in concurrently: answer as its twin did. */
static void reply_twin(struct submission *s)
{
	struct server *srv = s->p.srv;
	struct store_txn *t = NULL;
	struct store_idem idem;
	int rc = store_read_begin(srv->deps.store, &t);
	if (rc == TC_OK)
		rc = store_idem_get(t, s->idem_hash, &idem);
	store_read_end(t);
	bool same = rc == TC_OK && memcmp(idem.request_hash, s->request_hash, CR_HASH_BYTES) == 0;
	if (same && s->mode == SUBMIT_FORM) {
		submit_form_replay(srv, s->p.req, s->p.lang, &idem, s->form_token);
	} else if (same) {
		const char *key = evhttp_find_header(evhttp_request_get_input_headers(s->p.req),
						     "Idempotency-Key");
		if (key != NULL)
			submit_reply_replay(srv, s->p.req, s->p.lang, &idem, (const uint8_t *)key,
					    strlen(key));
		else
			http_reply_problem(s->p.req, PROBLEM_INTERNAL, s->p.lang, NULL, NULL);
	} else if (s->mode == SUBMIT_FORM) {
		web_reply_unavailable(s->p.req, s->p.lang, 5);
	} else {
		http_reply_problem(s->p.req, PROBLEM_IDEMPOTENCY, s->p.lang, NULL, NULL);
	}
}

/* Back on the loop thread. */
static void on_complete(struct pending *p, int rc_write)
{
	struct submission *s = (struct submission *)p;
	struct server *srv = p->srv;
	if (rc_write == TC_OK) {
		srv->counters.reports_accepted++;
		if (s->mode == SUBMIT_FORM)
			redirect_receipt(srv, p->req, p->lang, s->rec.case_id, s->receipt,
					 s->late ? WEB_SEALED_LATE : 0);
		else
			reply_created(p->req, &s->rec, s->receipt, s);
	} else if (rc_write == TC_EFULL) {
		srv->counters.store_full++;
		log_msg(LOG_ERR, "store full: refusing reports until space is added");
		reply_unavailable_as(s, 300, NULL);
	} else if (s->op.conflict == CASE_CONFLICT_IDEM) {
		reply_twin(s);
	} else if (s->op.conflict == CASE_CONFLICT_ID) {
		/* A 40-bit id collision between in-flight reports: vanishingly rare. */
		reply_unavailable_as(s, 1, NULL);
	} else {
		log_msg(LOG_ERR, "storing a report failed: %s", tc_strerror(rc_write));
		reply_unavailable_as(s, 5, NULL);
	}
	submission_free(s);
}

/* ---- Sealing and queueing ---- */

/* The case's record: routing, clocks and deadlines, from the validated report. */
static int case_record(const struct report *r, const struct dm_route *route, dm_day today,
		       struct store_case *c)
{
	const struct case_new n = {
		.unit = route->unit->id, .province = r->province, .kind = r->kind,
		.identity = r->identity, .track = r->track, .category = r->category,
		.instance = r->instance, .origin = r->origin, .subject = r->subject,
		.level = r->level, .received = today};
	return case_record_new(&n, c);
}

static int build_case(struct server *srv, const struct report *r, dm_day today,
		      struct submission *s, enum lang l, const struct submit_file *files,
		      size_t n_files, const char **fail_detail)
{
	struct dm_route route;
	int rc = dm_route(r->province, r->commune[0] ? r->commune : NULL, r->level, &route);
	if (rc != TC_OK)
		return rc;
	size_t ui = 0;
	for (; ui < dm_unit_count(); ui++)
		if (dm_unit_at(ui) == route.unit)
			break;
	const struct cr_unit_pub *pub = ui < dm_unit_count() ? srv->deps.unit_keys[ui] : NULL;
	if (pub == NULL) {
		*fail_detail = l == LANG_EN ? "The competent unit has no key configured yet."
					    : "Đơn vị có thẩm quyền chưa được cấu hình khóa.";
		return TC_ENOENT;
	}
	struct store_case *c = &s->rec;
	rc = case_record(r, &route, today, c);
	if (rc != TC_OK)
		return rc;
	s->late = report_filing_late(r, today, &s->window, l, s->warning, sizeof(s->warning));

	/* A fresh random id, not already taken (a read, before any sealing). */
	struct store_txn *t = NULL;
	rc = store_read_begin(srv->deps.store, &t);
	if (rc != TC_OK)
		return rc;
	struct store_case other;
	do
		cr_case_id_new(c->case_id);
	while (store_case_get(t, c->case_id, &other) == TC_OK);
	store_read_end(t);

	cr_receipt_new(s->receipt);
	cr_keyed_hash(srv->deps.server_key, "receipt", (const uint8_t *)s->receipt,
		      CR_RECEIPT_LEN, s->receipt_hash);
	cr_reporter_pk(s->receipt, c->reporter_pk);

	struct report_attachment meta[CR_ATTACHMENTS_MAX];
	if (n_files > CR_ATTACHMENTS_MAX)
		return TC_EINVAL;
	for (size_t i = 0; i < n_files; i++) {
		meta[i] = (struct report_attachment){.name = files[i].name,
						     .content_type = files[i].content_type,
						     .size = files[i].len};
		s->atts[i] = (struct cr_attachment){.data = files[i].data, .len = files[i].len};
	}
	char *body = NULL, *identity = NULL;
	rc = report_serialize(r, today, meta, n_files, &body, &identity);
	if (rc != TC_OK)
		return rc;
	struct cr_envelope_params p = {
		.case_id = c->case_id,
		.unit = pub,
		.body = (const uint8_t *)body,
		.body_len = strlen(body),
		.identity = (const uint8_t *)identity,
		.identity_len = identity ? strlen(identity) : 0,
		.attachments = s->atts,
		.n_attachments = n_files,
	};
	rc = cr_envelope_seal(&p, &s->envelope, &s->envelope_len);
	if (rc == TC_OK)
		s->n_atts = n_files;
	wipe_free(body);
	wipe_free(identity);
	return rc;
}

int submit_start(struct server *srv, struct evhttp_request *req, const struct submit_params *p,
		 const char **fail_detail)
{
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	struct submission *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return TC_ENOMEM;
	s->mode = p->mode;
	if (p->mode == SUBMIT_FORM && p->idem_key != NULL)
		snprintf(s->form_token, sizeof(s->form_token), "%s", p->idem_key);
	int rc = build_case(srv, p->report, today, s, p->lang, p->files, p->n_files, fail_detail);
	if (rc != TC_OK)
		goto fail;
	if (p->idem_key != NULL) {
		s->has_idem = true;
		memcpy(s->idem_hash, p->idem_hash, CR_HASH_BYTES);
		memcpy(s->request_hash, p->request_hash, CR_HASH_BYTES);
		memcpy(s->idem.case_id, s->rec.case_id, sizeof(s->idem.case_id));
		s->idem.day = today;
		memcpy(s->idem.request_hash, p->request_hash, CR_HASH_BYTES);
		s->idem.wrapped_len = CR_RECEIPT_LEN + CR_WRAP_OVERHEAD;
		rc = cr_wrap(srv->deps.server_key, (const uint8_t *)p->idem_key, strlen(p->idem_key),
			     (const uint8_t *)s->receipt, CR_RECEIPT_LEN, s->idem.wrapped_receipt);
		if (rc != TC_OK)
			goto fail;
	}
	s->op = (struct case_create){.rec = s->rec, .envelope = s->envelope,
				     .envelope_len = s->envelope_len, .attachments = s->blobs,
				     .n_attachments = s->n_atts, .has_idem = s->has_idem,
				     .idem = s->idem, .idem_ttl_days = SUBMIT_IDEM_TTL_DAYS};
	memcpy(s->op.receipt_hash, s->receipt_hash, sizeof(s->op.receipt_hash));
	memcpy(s->op.idem_hash, s->idem_hash, sizeof(s->op.idem_hash));
	for (size_t i = 0; i < s->n_atts; i++)
		s->blobs[i] = (struct case_blob){s->atts[i].sealed, s->atts[i].sealed_len};
	rc = pending_submit(&s->p, srv, server_pending_loop(srv, req),
			     req, p->lang, CASE_OP_CREATE, &s->op, on_complete);
	if (rc != TC_OK)
		goto fail;
	return TC_OK; /* s is owned by the write until on_complete */
fail:
	submission_free(s);
	return rc;
}
