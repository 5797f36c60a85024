/*
 * submit.c - POST /api/v1/reports: validate, route, seal, store durably,
 * and only then answer 201 with the receipt (api.md, security.md).
 *
 * The request is answered asynchronously: the sealed case is queued to the
 * store's writer, whose group commit syncs it to disk; the writer then
 * wakes this loop (event_active is thread-safe) and the 201 goes out.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/keyvalq_struct.h>

#include "connlimit.h"
#include "dm_deadline.h"
#include "dm_route.h"
#include "dm_watch.h"
#include "json_guard.h"
#include "log.h"
#include "form.h"
#include "ratelimit.h"
#include "report.h"
#include "store_counts.h"
#include "submit.h"
#include "tc_clock.h"
#include "server_internal.h"
#include "wipe_alloc.h"

_Static_assert(STORE_DEADLINES == DM_DL_COUNT, "store and domain disagree on deadlines");
_Static_assert(STORE_CASE_ID_LEN == CR_CASE_ID_LEN, "case id length");
_Static_assert(STORE_HASH_LEN == CR_HASH_BYTES, "hash length");
_Static_assert(CR_RECEIPT_LEN + CR_WRAP_OVERHEAD <= sizeof(((struct store_idem *)0)->wrapped_receipt),
	       "wrapped receipt fits");

/* Idempotency-Key: a client-chosen random token (a UUID is 36 characters). */
#define IDEM_KEY_MIN 16
#define IDEM_KEY_MAX 255
/* A retried submission is recognised for this many days. */
#define IDEM_TTL_DAYS 2

enum conflict { CONFLICT_NONE, CONFLICT_ID, CONFLICT_IDEM };

struct submission {
	struct store_write w;
	struct server *srv;
	struct evhttp_request *req;
	struct event *ev;
	enum lang lang;
	int rc;
	enum conflict conflict;

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
	struct cr_attachment atts[CR_ATTACHMENTS_MAX]; /* sealed copies, owned */
	size_t n_atts;
};

static void submission_free(struct submission *s)
{
	if (s == NULL)
		return;
	if (s->ev)
		event_free(s->ev);
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

static void reply_created(struct evhttp_request *req, const struct store_case *c,
			  const char *receipt)
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
	    !cJSON_AddStringToObject(o, "received_on", day)) {
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
static void reply_replay(struct server *srv, struct evhttp_request *req, enum lang l,
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
	reply_created(req, &c, receipt);
	explicit_bzero(receipt, sizeof(receipt));
}

/* ---- The write, on the store's writer thread ---- */

static int apply_submission(struct store_txn *txn, struct store_write *w)
{
	struct submission *s = w->arg;
	if (s->has_idem) {
		struct store_idem old;
		int g = store_idem_get(txn, s->idem_hash, &old);
		bool expired = g == TC_OK && old.day + IDEM_TTL_DAYS < s->idem.day;
		if (g == TC_OK && !expired) {
			s->conflict = CONFLICT_IDEM;
			return TC_EEXIST;
		}
		int rc = store_idem_put(txn, s->idem_hash, &s->idem, expired);
		if (rc != TC_OK)
			return rc;
	}
	int rc = store_case_put(txn, &s->rec, true);
	if (rc == TC_EEXIST)
		s->conflict = CONFLICT_ID;
	if (rc == TC_OK)
		rc = store_envelope_put(txn, s->rec.case_id, s->envelope, s->envelope_len);
	if (rc == TC_OK) {
		rc = store_receipt_put(txn, s->receipt_hash, s->rec.case_id);
		if (rc == TC_EEXIST)
			s->conflict = CONFLICT_ID;
	}
	for (size_t i = 0; rc == TC_OK && i < s->n_atts; i++)
		rc = store_attachment_put(txn, s->rec.case_id, (unsigned)i, s->atts[i].sealed,
					  s->atts[i].sealed_len);
	if (rc == TC_OK)
		rc = store_event_append(txn, s->rec.case_id, s->rec.received, EVENT_RECEIVED, NULL);
	if (rc == TC_OK)
		rc = store_counts_case_change(txn, NULL, &s->rec, s->rec.received);
	return rc;
}

static void on_durable(struct store_write *w, int rc)
{
	struct submission *s = w->arg;
	s->rc = rc;
	event_active(s->ev, EV_WRITE, 0);
}

/* A failure after the request was accepted for storing, in the request's own form. */
static void reply_unavailable_as(struct submission *s, int retry_after, const char *detail)
{
	if (s->mode == SUBMIT_FORM)
		web_reply_unavailable(s->req, s->lang, retry_after);
	else
		http_reply_unavailable(s->req, s->lang, detail, retry_after);
}

/* Back on the loop thread. */
static void on_complete(evutil_socket_t fd, short what, void *arg)
{
	struct submission *s = arg;
	struct server *srv = s->srv;
	(void)fd;
	(void)what;
	srv->counters.in_flight--;
	if (s->rc == TC_OK) {
		srv->counters.reports_accepted++;
		if (s->mode == SUBMIT_FORM)
			web_reply_receipt(s->req, s->lang, &s->rec, s->receipt, s->n_atts);
		else
			reply_created(s->req, &s->rec, s->receipt);
	} else if (s->rc == TC_EFULL) {
		srv->counters.store_full++;
		log_msg(LOG_ERR, "store full: refusing reports until space is added");
		reply_unavailable_as(s, 300, NULL);
	} else if (s->conflict == CONFLICT_IDEM) {
		/* The same key raced in concurrently: answer as its twin did. */
		struct store_txn *t = NULL;
		struct store_idem idem;
		int rc = store_read_begin(srv->deps.store, &t);
		if (rc == TC_OK)
			rc = store_idem_get(t, s->idem_hash, &idem);
		store_read_end(t);
		if (rc == TC_OK && memcmp(idem.request_hash, s->request_hash, CR_HASH_BYTES) == 0) {
			const char *key = evhttp_find_header(evhttp_request_get_input_headers(s->req),
							     "Idempotency-Key");
			if (key != NULL)
				reply_replay(srv, s->req, s->lang, &idem, (const uint8_t *)key,
					     strlen(key));
			else
				http_reply_problem(s->req, PROBLEM_INTERNAL, s->lang, NULL, NULL);
		} else {
			http_reply_problem(s->req, PROBLEM_IDEMPOTENCY, s->lang, NULL, NULL);
		}
	} else if (s->conflict == CONFLICT_ID) {
		/* A 40-bit id collision between in-flight reports: vanishingly rare. */
		reply_unavailable_as(s, 1, NULL);
	} else {
		log_msg(LOG_ERR, "storing a report failed: %s", tc_strerror(s->rc));
		reply_unavailable_as(s, 5, NULL);
	}
	submission_free(s);
}

/* ---- The request ---- */

bool submit_rate_ok(struct server *srv, struct evhttp_request *req, int *retry_after_s)
{
	/* NULL on a Tor listener: there the overall bucket alone applies. */
	const uint8_t *source =
		connlimit_source(srv->conns, evhttp_request_get_connection(req));
	if (ratelimit_check(srv->submit_limit, source, tc_monotonic_now(), true, retry_after_s))
		return true;
	if (*retry_after_s < 1)
		*retry_after_s = 1;
	return false;
}

/* application/json, optionally with charset=utf-8 and nothing else. */
static bool content_type_is_json(const char *ct)
{
	if (ct == NULL)
		return false;
	size_t n = strlen("application/json");
	if (strncasecmp(ct, "application/json", n) != 0)
		return false;
	const char *p = ct + n;
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return true;
	if (*p != ';')
		return false;
	p++;
	while (*p == ' ')
		p++;
	return strcasecmp(p, "charset=utf-8") == 0 || strcasecmp(p, "charset=\"utf-8\"") == 0;
}

static cJSON *errors_json(const struct report_errors *errs, enum lang l)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; arr && i < errs->n; i++) {
		char msg[512];
		cJSON *e = cJSON_CreateObject();
		if (e == NULL || !cJSON_AddStringToObject(e, "field", errs->e[i].field) ||
		    !cJSON_AddStringToObject(e, "code", report_err_name(errs->e[i].code)) ||
		    !cJSON_AddStringToObject(e, "message",
					     report_err_message(&errs->e[i], l, msg, sizeof(msg)))) {
			cJSON_Delete(e);
			cJSON_Delete(arr);
			return NULL;
		}
		cJSON_AddItemToArray(arr, e);
	}
	return arr;
}

static bool idem_key_is_valid(const char *k)
{
	size_t n = strlen(k);
	if (n < IDEM_KEY_MIN || n > IDEM_KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (k[i] < 0x21 || k[i] > 0x7e)
			return false;
	return true;
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
	memset(c, 0, sizeof(*c));
	snprintf(c->unit, sizeof(c->unit), "%s", route.unit->id);
	memcpy(c->province, r->province, 3);
	c->kind = (uint8_t)r->kind;
	c->identity = (uint8_t)r->identity;
	c->track = (uint8_t)r->track;
	c->category = (uint8_t)r->category;
	c->status = DM_STATUS_RECEIVED;
	c->instance = 1;
	c->received = today;
	c->accepted = c->settled = c->closed = c->suspended_since = STORE_DAY_NONE;

	struct dm_clock clk;
	struct dm_deadlines dl;
	dm_clock_init(&clk, r->track, today);
	rc = dm_deadlines_compute(&clk, &dl);
	if (rc != TC_OK)
		return rc;
	for (int k = 0; k < DM_DL_COUNT; k++)
		c->deadlines[k] = dl.at[k];
	/* The deadline index holds the one deadline the case owes now. */
	c->next_deadline = dm_watch_due(DM_STATUS_RECEIVED, &dl);

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
	s->srv = srv;
	s->req = req;
	s->lang = p->lang;
	s->mode = p->mode;
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
	s->ev = event_new(server_loop_of(srv, req)->base, -1, 0, on_complete, s);
	if (s->ev == NULL) {
		rc = TC_ENOMEM;
		goto fail;
	}
	s->w.apply = apply_submission;
	s->w.done = on_durable;
	s->w.arg = s;
	rc = store_submit(srv->deps.store, &s->w);
	if (rc != TC_OK)
		goto fail;
	srv->counters.in_flight++;
	return TC_OK; /* s is owned by the write until on_complete */
fail:
	submission_free(s);
	return rc;
}

/* The problem document for a validation failure. */
static void reply_invalid(struct server *srv, struct evhttp_request *req, enum lang l,
			  const struct report_errors *errs)
{
	srv->counters.reports_rejected++;
	http_reply_problem(req, PROBLEM_VALIDATION, l,
			   l == LANG_EN ? "Correct the fields listed in errors and send again."
					: "Hãy sửa các trường được liệt kê trong errors rồi gửi lại.",
			   errors_json(errs, l));
}

static void reply_field_problem(struct evhttp_request *req, enum problem p, enum lang l,
				const char *field, const char *code, const char *message)
{
	cJSON *e = cJSON_CreateArray(), *item = cJSON_CreateObject();
	if (e && item && cJSON_AddStringToObject(item, "field", field) &&
	    cJSON_AddStringToObject(item, "code", code) &&
	    cJSON_AddStringToObject(item, "message", message)) {
		cJSON_AddItemToArray(e, item);
		item = NULL;
	}
	cJSON_Delete(item);
	http_reply_problem(req, p, l, NULL, e);
}

/*
 * The files of a form, checked against the limits; on a violation, *field
 * and *message say which (in language l) and the return is non-zero.
 */
/* "5 MB", "256 KB": sizes as a citizen reads them. */
static const char *human_size(size_t bytes, char *buf, size_t cap)
{
	if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
		snprintf(buf, cap, "%zu MB", bytes >> 20);
	else
		snprintf(buf, cap, "%zu KB", (bytes + 1023) >> 10);
	return buf;
}

int submit_collect_files(const struct server_limits *lim, const struct form *f, enum lang l,
			 struct submit_file *files, size_t *n, char *message, size_t cap)
{
	char size[32];
	const bool en = l == LANG_EN;
	size_t total = 0;
	*n = 0;
	for (size_t i = 0; i < f->n; i++) {
		const struct form_field *ff = &f->f[i];
		if (!ff->is_file || strcmp(ff->name, "file") != 0)
			continue;
		if (ff->len == 0 && ff->filename[0] == '\0')
			continue; /* an empty file input */
		if (*n == (size_t)lim->max_files || *n == CR_ATTACHMENTS_MAX) {
			snprintf(message, cap, en ? "At most %d files may be attached." :
						    "Chỉ được đính kèm tối đa %d tệp.", lim->max_files);
			return -1;
		}
		if (ff->len > lim->max_file_bytes) {
			snprintf(message, cap, en ? "Each file may be at most %s." : "Mỗi tệp tối đa %s.",
				 human_size(lim->max_file_bytes, size, sizeof(size)));
			return -1;
		}
		total += ff->len;
		struct submit_file *sf = &files[(*n)++];
		sf->data = ff->value;
		sf->len = ff->len;
		/* The names go into the sealed report: keep them valid UTF-8. */
		snprintf(sf->name, sizeof(sf->name), "%s",
			 utf8_is_valid(ff->filename, strlen(ff->filename)) ? ff->filename : "");
		snprintf(sf->content_type, sizeof(sf->content_type), "%s",
			 utf8_is_valid(ff->content_type, strlen(ff->content_type)) ? ff->content_type : "");
	}
	if (total > lim->max_upload) {
		snprintf(message, cap, en ? "The files may be at most %s together." :
					    "Tổng dung lượng các tệp tối đa %s.",
			 human_size(lim->max_upload, size, sizeof(size)));
		return -1;
	}
	return 0;
}

void handle_report_submit(struct server *srv, struct evhttp_request *req)
{
	enum lang l = http_request_lang(req);
	struct evkeyvalq *in_h = evhttp_request_get_input_headers(req);
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	cJSON *root = NULL;
	struct form form = {0};
	const bool en = l == LANG_EN;
	const char *ct = evhttp_find_header(in_h, "Content-Type");
	char boundary[FORM_MAX_BOUNDARY + 1];
	const bool multipart = form_multipart_boundary(ct, boundary) == FORM_OK;

	/*
	 * First of all: nothing is parsed, hashed or looked up for a request
	 * over the limit, and its Idempotency-Key is not recorded, so the
	 * same request sent again later is new. (evhttp has read the body
	 * already; its size is bounded by the body caps.)
	 */
	int retry_after = 0;
	if (!submit_rate_ok(srv, req, &retry_after)) {
		char ra[16];
		snprintf(ra, sizeof(ra), "%d", retry_after);
		evhttp_add_header(evhttp_request_get_output_headers(req), "Retry-After", ra);
		http_reply_problem(req, PROBLEM_RATE_LIMITED, l,
				   en ? "Too many reports from here or from everyone just now; nothing "
					"was stored. Send it again after Retry-After seconds."
				      : "Quá nhiều đơn được gửi cùng lúc; chưa có gì được lưu. Hãy gửi "
					"lại sau số giây ghi trong Retry-After.",
				   NULL);
		goto out;
	}
	if (!multipart && !content_type_is_json(ct)) {
		evhttp_add_header(evhttp_request_get_output_headers(req), "Accept-Post",
				  "application/json, multipart/form-data");
		http_reply_problem(req, PROBLEM_MEDIA_TYPE, l,
				   en ? "Send the report as application/json (UTF-8), or as "
					"multipart/form-data with a 'report' part and 'file' parts."
				      : "Hãy gửi đơn dưới dạng application/json (UTF-8), hoặc "
					"multipart/form-data với phần 'report' và các phần 'file'.",
				   NULL);
		goto out;
	}
	size_t len = evbuffer_get_length(in);
	size_t cap = multipart ? srv->limits.max_upload + srv->limits.max_body : srv->limits.max_body;
	if (len > cap) {
		char detail[160];
		snprintf(detail, sizeof(detail),
			 en ? "The body may be at most %zu bytes." : "Nội dung tối đa %zu byte.", cap);
		http_reply_problem(req, PROBLEM_TOO_LARGE, l, detail, NULL);
		goto out;
	}
	if (store_is_nearly_full(srv->deps.store)) {
		srv->counters.store_full++;
		http_reply_unavailable(req, l,
				       en ? "The service cannot take reports right now; try again later."
					  : "Hệ thống tạm thời không nhận đơn; vui lòng thử lại sau.",
				       300);
		goto out;
	}
	const char *text = (const char *)evbuffer_pullup(in, -1);
	if (len == 0 || text == NULL) {
		http_reply_problem(req, PROBLEM_MALFORMED, l,
				   en ? "The body is empty." : "Nội dung yêu cầu trống.", NULL);
		goto out;
	}

	/* The report's JSON: the whole body, or the multipart 'report' part. */
	const char *json = text;
	size_t json_len = len;
	struct submit_file files[CR_ATTACHMENTS_MAX];
	size_t n_files = 0;
	if (multipart) {
		int frc = form_parse_multipart((const uint8_t *)text, len, boundary, &form);
		const struct form_field *rep = frc == FORM_OK ? form_get(&form, "report") : NULL;
		if (rep == NULL || rep->is_file) {
			char detail[200];
			snprintf(detail, sizeof(detail),
				 en ? "Bad multipart body: %s." : "Phần multipart không hợp lệ: %s.",
				 frc != FORM_OK ? form_strerror(frc)
						: (en ? "no 'report' part" : "thiếu phần 'report'"));
			http_reply_problem(req, PROBLEM_MALFORMED, l, detail, NULL);
			goto out;
		}
		json = (const char *)rep->value;
		json_len = rep->len;
		char msg[200];
		if (submit_collect_files(&srv->limits, &form, l, files, &n_files, msg, sizeof(msg))) {
			reply_field_problem(req, PROBLEM_TOO_LARGE, l, "file", "attachment_limit", msg);
			goto out;
		}
	}
	const char *why = json_prescan(json, json_len, REPORT_MAX_DEPTH);
	if (why == NULL && (root = json_parse(json, json_len)) == NULL)
		why = "not valid JSON";
	if (why != NULL) {
		char detail[200];
		snprintf(detail, sizeof(detail), en ? "The body is not acceptable JSON: %s." :
						      "Nội dung không phải JSON hợp lệ: %s.",
			 en ? why : json_reason_vi(why));
		http_reply_problem(req, PROBLEM_MALFORMED, l, detail, NULL);
		goto out;
	}

	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	struct report r;
	struct report_errors errs;
	if (report_decode(root, today, &r, &errs) != TC_OK) {
		reply_invalid(srv, req, l, &errs);
		goto out;
	}

	struct submit_params sp = {.mode = SUBMIT_API, .lang = l, .report = &r, .files = files,
				   .n_files = n_files};
	const char *key = evhttp_find_header(in_h, "Idempotency-Key");
	if (key != NULL) {
		if (!idem_key_is_valid(key)) {
			reply_field_problem(req, PROBLEM_BAD_REQUEST, l, "Idempotency-Key",
					    "invalid_idempotency_key",
					    en ? "Use 16 to 255 visible ASCII characters, e.g. a random UUID."
					       : "Dùng từ 16 đến 255 ký tự ASCII in được, ví dụ một UUID ngẫu nhiên.");
			goto out;
		}
		sp.idem_key = key;
		cr_keyed_hash(srv->deps.server_key, "idempotency", (const uint8_t *)key, strlen(key),
			      sp.idem_hash);
		cr_keyed_hash(srv->deps.server_key, "idem-request", (const uint8_t *)text, len,
			      sp.request_hash);
		struct store_txn *t = NULL;
		struct store_idem prior;
		int g = store_read_begin(srv->deps.store, &t);
		if (g == TC_OK)
			g = store_idem_get(t, sp.idem_hash, &prior);
		store_read_end(t);
		if (g == TC_OK && prior.day + IDEM_TTL_DAYS >= today) {
			if (memcmp(prior.request_hash, sp.request_hash, CR_HASH_BYTES) == 0)
				reply_replay(srv, req, l, &prior, (const uint8_t *)key, strlen(key));
			else
				http_reply_problem(req, PROBLEM_IDEMPOTENCY, l, NULL, NULL);
			goto out;
		}
	}

	const char *fail_detail = NULL;
	int rc = submit_start(srv, req, &sp, &fail_detail);
	if (rc != TC_OK) {
		log_msg(LOG_ERR, "preparing a report failed: %s", tc_strerror(rc));
		http_reply_unavailable(req, l, fail_detail, 60);
	}
out:
	form_free(&form);
	cJSON_Delete(root);
}
