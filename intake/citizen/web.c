/*
 * web.c - the citizen's pages: the report form, the receipt, follow-up.
 *
 * Everything works without JavaScript. A form submission is turned into
 * the API's JSON shape and validated by the same decoder (report.c), so
 * the rules cannot drift apart; errors re-render the form with every
 * value the citizen typed and each message beside its field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "dm_deadline.h"
#include "dm_units.h"
#include "followup.h"
#include "form.h"
#include "json_guard.h"
#include "log.h"
#include "pages.h"
#include "report.h"
#include "server_internal.h"
#include "submit.h"
#include "wipe_alloc.h"

void http_reply_html(struct evhttp_request *req, int status, char *html, size_t len)
{
	if (html == NULL) {
		evhttp_send_error(req, 500, NULL);
		return;
	}
	/* http_reply_text adds the security headers and the length. */
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	(void)h;
	html[len] = '\0';
	http_reply_text(req, status, "text/html; charset=utf-8", html);
	wipe_free(html);
}

static struct page_limits limits_of(const struct server *srv)
{
	return (struct page_limits){.max_files = srv->limits.max_files,
				    .max_file_bytes = srv->limits.max_file_bytes,
				    .max_total_bytes = srv->limits.max_upload};
}

static void add_onion_location(struct server *srv, struct evhttp_request *req)
{
	if (srv->onion_location == NULL)
		return;
	const char *uri = evhttp_request_get_uri(req);
	char loc[512];
	snprintf(loc, sizeof(loc), "%s%s", srv->onion_location, uri ? uri : "/");
	evhttp_add_header(evhttp_request_get_output_headers(req), "Onion-Location", loc);
}

/* The language: ?lang= / a form's lang field, else Accept-Language. */
static enum lang pick_lang(struct evhttp_request *req, const char *field)
{
	if (field && strcmp(field, "en") == 0)
		return LANG_EN;
	if (field && strcmp(field, "vi") == 0)
		return LANG_VI;
	return http_request_lang(req);
}

/* A field's value as a NUL-terminated string in scratch storage (NULL if absent). */
static const char *field_str(const struct form *f, const char *name, char *buf, size_t cap)
{
	const struct form_field *ff = form_get(f, name);
	if (ff == NULL || ff->is_file)
		return NULL;
	size_t n = ff->len < cap - 1 ? ff->len : cap - 1;
	memcpy(buf, ff->value, n);
	buf[n] = '\0';
	return buf;
}

/* The query string of the request (after '?'), or "". */
static const char *query_of(struct evhttp_request *req)
{
	const char *uri = evhttp_request_get_uri(req);
	const char *q = uri ? strchr(uri, '?') : NULL;
	return q ? q + 1 : "";
}

void web_reply_unavailable(struct evhttp_request *req, enum lang l, int retry_after_s)
{
	char ra[16];
	size_t len = 0;
	snprintf(ra, sizeof(ra), "%d", retry_after_s);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Retry-After", ra);
	char *html = page_error(l, 503,
				l == LANG_EN ? "Temporarily unavailable" : "Tạm thời không phục vụ được",
				l == LANG_EN ? "The service cannot take reports right now. Nothing was "
					       "stored. Please try again in a few minutes."
					     : "Hệ thống tạm thời không nhận được đơn. Chưa có gì được "
					       "lưu. Vui lòng thử lại sau ít phút.",
				&len);
	http_reply_html(req, 503, html, len);
}

static void reply_error_page(struct evhttp_request *req, enum lang l, int status, const char *vi,
			     const char *en)
{
	size_t len = 0;
	char *html = page_error(l, status, l == LANG_EN ? "Request not accepted" : "Yêu cầu không hợp lệ",
				l == LANG_EN ? en : vi, &len);
	http_reply_html(req, status, html, len);
}

void handle_stylesheet(struct server *srv, struct evhttp_request *req)
{
	(void)srv;
	size_t len;
	const char *css = page_stylesheet(&len);
	http_reply_text(req, 200, "text/css; charset=utf-8", css);
}

void handle_form_page(struct server *srv, struct evhttp_request *req)
{
	const char *q = query_of(req);
	struct form f;
	int rc = form_parse_urlencoded(q, strlen(q), &f);
	char lang_buf[8], prov_buf[8];
	const char *lang_s = rc == FORM_OK ? field_str(&f, "lang", lang_buf, sizeof(lang_buf)) : NULL;
	const char *prov = rc == FORM_OK ? field_str(&f, "province", prov_buf, sizeof(prov_buf)) : NULL;
	enum lang l = pick_lang(req, lang_s);
	const char *error = NULL;
	if (prov && *prov && dm_province_find(prov) == NULL) {
		error = l == LANG_EN ? "Choose a province or city from the list."
				     : "Hãy chọn một tỉnh, thành phố trong danh sách.";
		prov = NULL;
	}
	struct form_values v = {0};
	struct page_limits lim = limits_of(srv);
	size_t len = 0;
	char *html = page_report_form(l, &v, prov, NULL, 0, error, &lim, &len);
	form_free(&f);
	add_onion_location(srv, req);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Language", lang_code(l));
	http_reply_html(req, 200, html, len);
}

/* ---- POST /reports ---- */

/* The form's field for an API field name ("reporter.full_name" -> "full_name"). */
static const char *form_field_for(const char *api_field)
{
	static const char *const map[][2] = {
		{"reporter.full_name", "full_name"},	{"reporter.address", "address"},
		{"reporter.phone", "phone"},		{"reporter.email", "email"},
		{"reporter.id_number", "id_number"},	{"reporter", "full_name"},
		{"jurisdiction.province", "province"},	{"jurisdiction.commune", "commune"},
		{"jurisdiction.level", "level"},	{"jurisdiction.old_province", "old_province"},
		{"jurisdiction", "province"},		{"accused.name", "accused_name"},
		{"accused.position", "accused_position"}, {"accused.organisation", "accused_organisation"},
		{"accused", "accused_name"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], api_field) == 0)
			return map[i][1];
	return api_field;
}

/* Form text fields, in one block of scratch storage. */
struct typed {
	char kind[32], identity[32], lang[8];
	char full_name[1024], address[2048], phone[128], email[512], id_number[64];
	char province[8], commune[16], level[64], old_province[8];
	char accused_name[1024], accused_position[1024], accused_organisation[1536];
	char category[64], summary[1024], occurred_on[32];
	const char *details; /* may be large: points into a separate copy */
};

static void add_if(cJSON *o, const char *name, const char *v)
{
	if (v && *v)
		cJSON_AddStringToObject(o, name, v);
}

/* The API's JSON shape of what was typed (the same decoder validates both). */
static cJSON *typed_to_report(const struct typed *t)
{
	cJSON *r = cJSON_CreateObject();
	if (r == NULL)
		return NULL;
	add_if(r, "kind", t->kind);
	add_if(r, "identity", t->identity);
	/* Reporter fields hidden for anonymous reports are dropped, never sent on. */
	if (strcmp(t->identity, "anonymous") != 0 &&
	    (*t->full_name || *t->address || *t->phone || *t->email || *t->id_number)) {
		cJSON *rep = cJSON_AddObjectToObject(r, "reporter");
		add_if(rep, "full_name", t->full_name);
		add_if(rep, "address", t->address);
		add_if(rep, "phone", t->phone);
		add_if(rep, "email", t->email);
		add_if(rep, "id_number", t->id_number);
	}
	cJSON *j = cJSON_AddObjectToObject(r, "jurisdiction");
	add_if(j, "province", t->province);
	add_if(j, "commune", t->commune);
	add_if(j, "level", t->level);
	add_if(j, "old_province", t->old_province);
	if (*t->accused_name || *t->accused_position || *t->accused_organisation) {
		cJSON *a = cJSON_AddObjectToObject(r, "accused");
		add_if(a, "name", t->accused_name);
		add_if(a, "position", t->accused_position);
		add_if(a, "organisation", t->accused_organisation);
	}
	add_if(r, "category", t->category);
	add_if(r, "summary", t->summary);
	add_if(r, "details", t->details);
	add_if(r, "occurred_on", t->occurred_on);
	return r;
}

static void read_typed(const struct form *f, struct typed *t, char *details_buf, size_t details_cap)
{
#define READ(name) field_str(f, #name, t->name, sizeof(t->name))
	READ(kind);
	READ(identity);
	READ(lang);
	READ(full_name);
	READ(address);
	READ(phone);
	READ(email);
	READ(id_number);
	READ(province);
	READ(commune);
	READ(level);
	READ(old_province);
	READ(accused_name);
	READ(accused_position);
	READ(accused_organisation);
	READ(category);
	READ(summary);
	READ(occurred_on);
#undef READ
	t->details = field_str(f, "details", details_buf, details_cap);
	if (t->details == NULL)
		t->details = "";
}

static void render_form_again(struct server *srv, struct evhttp_request *req, enum lang l,
			      const struct typed *t, const struct report_errors *errs,
			      const char *general, int status)
{
	struct form_values v = {
		.kind = t->kind, .identity = t->identity, .full_name = t->full_name,
		.address = t->address, .phone = t->phone, .email = t->email,
		.id_number = t->id_number, .province = t->province, .commune = t->commune,
		.level = t->level, .old_province = t->old_province,
		.accused_name = t->accused_name, .accused_position = t->accused_position,
		.accused_organisation = t->accused_organisation, .category = t->category,
		.summary = t->summary, .details = t->details, .occurred_on = t->occurred_on,
	};
	struct page_field_error pe[REPORT_MAX_ERRORS];
	char msgs[REPORT_MAX_ERRORS][512];
	size_t n = 0;
	for (size_t i = 0; errs && i < errs->n; i++) {
		pe[n].field = form_field_for(errs->e[i].field);
		pe[n].message = report_err_message(&errs->e[i], l, msgs[n], sizeof(msgs[n]));
		n++;
	}
	struct page_limits lim = limits_of(srv);
	const char *prov = dm_province_find(t->province) ? t->province : NULL;
	size_t len = 0;
	char *html = page_report_form(l, &v, prov, pe, n, general, &lim, &len);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Language", lang_code(l));
	http_reply_html(req, status, html, len);
}

/*
 * Over the submission rate limit: a plain page, made without reading the
 * form (that work is what the limit saves). The browser's Back button
 * still holds everything typed.
 */
static void reply_rate_limited(struct evhttp_request *req, enum lang l, int retry_after_s)
{
	char ra[16], msg[400];
	size_t len = 0;
	int minutes = (retry_after_s + 59) / 60;
	snprintf(ra, sizeof(ra), "%d", retry_after_s);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Retry-After", ra);
	if (l == LANG_EN)
		snprintf(msg, sizeof(msg), "Too many reports are being sent just now, so yours was not "
			 "stored. Wait %d minute%s, then go back (your browser keeps what you "
			 "typed) and send it again.", minutes, minutes == 1 ? "" : "s");
	else
		snprintf(msg, sizeof(msg), "Hiện có quá nhiều đơn được gửi nên đơn của bạn chưa được "
			 "lưu. Hãy đợi %d phút, rồi quay lại trang trước (trình duyệt vẫn giữ những gì "
			 "bạn đã nhập) và gửi lại.", minutes);
	char *html = page_error(l, 429, l == LANG_EN ? "Please wait a moment" : "Vui lòng đợi một lát",
				msg, &len);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Language", lang_code(l));
	http_reply_html(req, 429, html, len);
}

/*
 * Decode the request body as a form (multipart or urlencoded) into f,
 * whose fields may point into the request's buffer. false when it has
 * already answered: too large (413), not a form (415), unreadable (400).
 */
static bool read_form_body(struct server *srv, struct evhttp_request *req, enum lang l,
			   struct form *f)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	const char *ct = evhttp_find_header(evhttp_request_get_input_headers(req), "Content-Type");
	size_t len = evbuffer_get_length(in);
	char boundary[FORM_MAX_BOUNDARY + 1];
	int rc;
	if (len > srv->limits.max_upload + srv->limits.max_body) {
		reply_error_page(req, l, 413, "Nội dung gửi lên quá lớn: hãy bớt tệp đính kèm.",
				 "What was sent is too large: attach fewer or smaller files.");
		return false;
	}
	const char *body = (const char *)evbuffer_pullup(in, -1);
	if (body == NULL)
		body = "";
	if (form_multipart_boundary(ct, boundary) == FORM_OK)
		rc = form_parse_multipart((const uint8_t *)body, len, boundary, f);
	else if (ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
		rc = form_parse_urlencoded(body, len, f);
	else {
		reply_error_page(req, l, 415, "Biểu mẫu gửi lên không đúng định dạng.",
				 "The form was not sent in a form encoding.");
		return false;
	}
	if (rc != FORM_OK) {
		reply_error_page(req, l, 400, "Không đọc được biểu mẫu gửi lên. Hãy quay lại và gửi lại.",
				 "The form could not be read. Go back and send it again.");
		return false;
	}
	return true;
}

void handle_form_submit(struct server *srv, struct evhttp_request *req)
{
	enum lang l = http_request_lang(req);
	struct form f = {0};
	struct typed *t = NULL;
	char *details = NULL;
	cJSON *root = NULL;
	int retry_after = 0;

	if (!submit_rate_ok(srv, req, &retry_after)) {
		reply_rate_limited(req, l, retry_after);
		goto out;
	}
	if (!read_form_body(srv, req, l, &f))
		goto out;
	t = calloc(1, sizeof(*t));
	details = wipe_malloc(REPORT_DETAILS_MAX * 4 + 1);
	if (t == NULL || details == NULL) {
		web_reply_unavailable(req, l, 5);
		goto out;
	}
	read_typed(&f, t, details, REPORT_DETAILS_MAX * 4 + 1);
	l = pick_lang(req, t->lang);

	struct submit_file files[CR_ATTACHMENTS_MAX];
	size_t n_files = 0;
	char file_msg[200];
	if (submit_collect_files(&srv->limits, &f, l, files, &n_files, file_msg, sizeof(file_msg))) {
		struct report_errors none = {0};
		render_form_again(srv, req, l, t, &none, file_msg, 413);
		goto out;
	}
	if (store_is_nearly_full(srv->deps.store)) {
		web_reply_unavailable(req, l, 300);
		goto out;
	}
	root = typed_to_report(t);
	struct report r;
	struct report_errors errs;
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	if (root == NULL || report_decode(root, today, &r, &errs) != TC_OK) {
		srv->counters.reports_rejected++;
		render_form_again(srv, req, l, t, &errs,
				  l == LANG_EN ? "Some fields need your attention: see the messages "
						 "beside them. Nothing you typed was lost."
					       : "Một số mục cần sửa: xem thông báo bên cạnh từng mục. "
						 "Những gì bạn đã nhập vẫn được giữ nguyên.",
				  422);
		goto out;
	}
	struct submit_params sp = {.mode = SUBMIT_FORM, .lang = l, .report = &r, .files = files,
				   .n_files = n_files};
	const char *fail_detail = NULL;
	if (submit_start(srv, req, &sp, &fail_detail) != TC_OK)
		web_reply_unavailable(req, l, 60);
out:
	cJSON_Delete(root);
	wipe_free(details);
	if (t) {
		explicit_bzero(t, sizeof(*t));
		free(t);
	}
	form_free(&f);
}

static size_t deadlines_of(const struct store_case *c, char days[][DM_DAY_STRLEN],
			   struct page_deadline *out)
{
	size_t n = 0;
	for (int k = 0; k < STORE_DEADLINES; k++) {
		if (c->deadlines[k] == STORE_DAY_NONE)
			continue;
		dm_day_format(c->deadlines[k], days[n]);
		out[n] = (struct page_deadline){.key = dm_deadline_key((enum dm_deadline_kind)k),
						.date = days[n]};
		n++;
	}
	return n;
}

void web_reply_receipt(struct evhttp_request *req, enum lang l, const struct store_case *c,
		       const char *receipt, size_t n_attachments)
{
	char days[STORE_DEADLINES][DM_DAY_STRLEN], received[DM_DAY_STRLEN];
	struct page_deadline dl[STORE_DEADLINES];
	size_t n = deadlines_of(c, days, dl);
	const struct dm_unit *u = dm_unit_find(c->unit);
	dm_day_format(c->received, received);
	struct page_receipt pr = {
		.case_id = c->case_id,
		.receipt = receipt,
		.track = dm_track_name((enum dm_track)c->track),
		.unit_name = u ? (l == LANG_EN ? u->name_en : u->name) : c->unit,
		.received_on = received,
		.deadlines = dl,
		.n_deadlines = n,
		.n_attachments = n_attachments,
	};
	size_t len = 0;
	char *html = page_receipt(l, &pr, &len);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Language", lang_code(l));
	http_reply_html(req, 201, html, len);
}

/* ---- Follow-up pages ---- */

void handle_followup_page(struct server *srv, struct evhttp_request *req)
{
	const char *q = query_of(req);
	struct form f;
	char lang_buf[8];
	int rc = form_parse_urlencoded(q, strlen(q), &f);
	enum lang l = pick_lang(req, rc == FORM_OK ? field_str(&f, "lang", lang_buf, sizeof(lang_buf))
						   : NULL);
	form_free(&f);
	size_t len = 0;
	char *html = page_followup_ask(l, NULL, &len);
	add_onion_location(srv, req);
	http_reply_html(req, 200, html, len);
}

static void render_followup(struct server *srv, struct evhttp_request *req, enum lang l,
			    const struct followup_case *fc, const char *notice, const char *error,
			    int status)
{
	char days[STORE_DEADLINES][DM_DAY_STRLEN], received[DM_DAY_STRLEN];
	struct page_deadline dl[STORE_DEADLINES];
	size_t n = deadlines_of(&fc->rec, days, dl);
	struct page_message *pm = calloc(fc->n_msgs ? fc->n_msgs : 1, sizeof(*pm));
	char (*mdays)[DM_DAY_STRLEN] = calloc(fc->n_msgs ? fc->n_msgs : 1, DM_DAY_STRLEN);
	if (pm == NULL || mdays == NULL) {
		free(pm);
		free(mdays);
		web_reply_unavailable(req, l, 5);
		return;
	}
	for (size_t i = 0; i < fc->n_msgs; i++) {
		dm_day_format(fc->msgs[i].day, mdays[i]);
		pm[i] = (struct page_message){
			.from = fc->msgs[i].from == STORE_MSG_FROM_UNIT ? "unit" : "reporter",
			.at = mdays[i],
			.text = fc->msgs[i].text};
	}
	const struct dm_unit *u = dm_unit_find(fc->rec.unit);
	dm_day_format(fc->rec.received, received);
	struct page_followup pf = {
		.receipt = fc->receipt,
		.case_id = fc->rec.case_id,
		.track = dm_track_name((enum dm_track)fc->rec.track),
		.status = dm_status_name((enum dm_status)fc->rec.status),
		.unit_name = u ? (l == LANG_EN ? u->name_en : u->name) : fc->rec.unit,
		.received_on = received,
		.overdue = (fc->rec.flags & STORE_FLAG_OVERDUE) != 0,
		.deadlines = dl,
		.n_deadlines = n,
		.messages = pm,
		.n_messages = fc->n_msgs,
		.notice = notice,
		.error = error,
	};
	struct page_limits lim = limits_of(srv);
	size_t len = 0;
	char *html = page_followup(l, &pf, &lim, &len);
	free(pm);
	free(mdays);
	http_reply_html(req, status, html, len);
}

/* A wrong receipt or too many tries: the same neutral page as for any wrong receipt. */
static void render_followup_refused(struct evhttp_request *req, enum lang l,
				    enum followup_outcome o, int retry)
{
	size_t len = 0;
	char *html;
	int status;
	if (o == FOLLOWUP_LIMITED) {
		char ra[16];
		snprintf(ra, sizeof(ra), "%d", retry > 0 ? retry : 1);
		evhttp_add_header(evhttp_request_get_output_headers(req), "Retry-After", ra);
		html = page_followup_ask(l, l == LANG_EN ? "Too many attempts. Wait a few minutes and try again."
							: "Bạn đã thử quá nhiều lần. Hãy đợi vài phút rồi thử lại.",
					 &len);
		status = 429;
	} else if (o == FOLLOWUP_BAD_RECEIPT) {
		html = page_followup_ask(l, l == LANG_EN ? "This receipt does not open a case. Check it and try again."
							: "Mã biên nhận này không mở được hồ sơ nào. Hãy kiểm tra và thử lại.",
					 &len);
		status = 401;
	} else {
		web_reply_unavailable(req, l, 5);
		return;
	}
	http_reply_html(req, status, html, len);
}

void handle_followup_post(struct server *srv, struct evhttp_request *req)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	size_t len = evbuffer_get_length(in);
	struct form f = {0};
	char receipt[128], lang_buf[8];
	enum lang l = http_request_lang(req);
	const char *body = len <= 4096 ? (const char *)evbuffer_pullup(in, -1) : NULL;
	if (body == NULL || form_parse_urlencoded(body, len, &f) != FORM_OK ||
	    field_str(&f, "receipt", receipt, sizeof(receipt)) == NULL) {
		form_free(&f);
		size_t plen = 0;
		char *html = page_followup_ask(l, l == LANG_EN ? "Enter your receipt."
							      : "Hãy nhập mã biên nhận.",
					       &plen);
		http_reply_html(req, 400, html, plen);
		return;
	}
	l = pick_lang(req, field_str(&f, "lang", lang_buf, sizeof(lang_buf)));
	form_free(&f);
	struct followup_case fc;
	int retry = 0;
	enum followup_outcome o = followup_load(srv, req, receipt, strlen(receipt), &fc, &retry);
	explicit_bzero(receipt, sizeof(receipt));
	if (o != FOLLOWUP_OK) {
		render_followup_refused(req, l, o, retry);
		return;
	}
	render_followup(srv, req, l, &fc, NULL, NULL, 200);
	followup_case_free(&fc);
}

struct web_post {
	struct server *srv;
	struct evhttp_request *req;
	enum lang lang;
	char receipt[CR_RECEIPT_LEN + 1];
};

static void web_post_done(void *arg, int rc)
{
	struct web_post *wp = arg;
	struct server *srv = wp->srv;
	struct followup_case fc;
	int retry = 0;
	enum followup_outcome o = rc == TC_OK ? followup_load(srv, wp->req, wp->receipt,
							       CR_RECEIPT_LEN, &fc, &retry)
					      : FOLLOWUP_FAILED;
	if (o == FOLLOWUP_OK) {
		render_followup(srv, wp->req, wp->lang, &fc,
				wp->lang == LANG_EN ? "Your message was sent to the unit."
						    : "Tin nhắn của bạn đã được gửi tới đơn vị.",
				NULL, 201);
		followup_case_free(&fc);
	} else {
		web_reply_unavailable(wp->req, wp->lang, 5);
	}
	explicit_bzero(wp, sizeof(*wp));
	free(wp);
}

void handle_followup_reply(struct server *srv, struct evhttp_request *req)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	const char *ct = evhttp_find_header(evhttp_request_get_input_headers(req), "Content-Type");
	size_t len = evbuffer_get_length(in);
	enum lang l = http_request_lang(req);
	struct form f = {0};
	char boundary[FORM_MAX_BOUNDARY + 1], receipt[128], lang_buf[8];
	char *text = NULL;
	struct followup_case fc = {0};
	int loaded = 0;
	const char *body = (const char *)evbuffer_pullup(in, -1);
	int rc = FORM_EMALFORMED;
	if (len > srv->limits.max_upload + srv->limits.max_body) {
		reply_error_page(req, l, 413, "Nội dung gửi lên quá lớn: hãy bớt tệp đính kèm.",
				 "What was sent is too large: attach fewer or smaller files.");
		goto out;
	}
	if (body && form_multipart_boundary(ct, boundary) == FORM_OK)
		rc = form_parse_multipart((const uint8_t *)body, len, boundary, &f);
	else if (body && ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
		rc = form_parse_urlencoded(body, len, &f);
	if (rc != FORM_OK || field_str(&f, "receipt", receipt, sizeof(receipt)) == NULL) {
		reply_error_page(req, l, 400, "Không đọc được biểu mẫu gửi lên.",
				 "The form could not be read.");
		goto out;
	}
	l = pick_lang(req, field_str(&f, "lang", lang_buf, sizeof(lang_buf)));
	int retry = 0;
	enum followup_outcome o = followup_load(srv, req, receipt, strlen(receipt), &fc, &retry);
	if (o != FOLLOWUP_OK) {
		render_followup_refused(req, l, o, retry);
		goto out;
	}
	loaded = 1;
	text = wipe_malloc(FOLLOWUP_TEXT_MAX * 4 + 1);
	const char *typed = text ? field_str(&f, "text", text, FOLLOWUP_TEXT_MAX * 4 + 1) : NULL;
	struct submit_file files[CR_ATTACHMENTS_MAX];
	size_t n_files = 0;
	char file_msg[200];
	if (submit_collect_files(&srv->limits, &f, l, files, &n_files, file_msg, sizeof(file_msg))) {
		render_followup(srv, req, l, &fc, NULL, file_msg, 413);
		goto out;
	}
	struct web_post *wp = calloc(1, sizeof(*wp));
	if (wp == NULL) {
		web_reply_unavailable(req, l, 5);
		goto out;
	}
	*wp = (struct web_post){.srv = srv, .req = req, .lang = l};
	memcpy(wp->receipt, fc.receipt, sizeof(wp->receipt));
	rc = typed ? followup_post(srv, &fc, typed, files, n_files, web_post_done, wp) : TC_EINVAL;
	if (rc == TC_EINVAL) {
		char msg[200];
		snprintf(msg, sizeof(msg),
			 l == LANG_EN ? "Write a message of 1 to %d characters."
				      : "Hãy viết tin nhắn từ 1 đến %d ký tự.",
			 FOLLOWUP_TEXT_MAX);
		render_followup(srv, req, l, &fc, NULL, msg, 422);
		free(wp);
	} else if (rc != TC_OK) {
		web_reply_unavailable(req, l, 5);
		free(wp);
	}
out:
	if (loaded)
		followup_case_free(&fc);
	explicit_bzero(receipt, sizeof(receipt));
	wipe_free(text);
	form_free(&f);
}
