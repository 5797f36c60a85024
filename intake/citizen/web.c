/*
 * web.c - what the citizen's pages share (web.h): language, fields, the
 * receipt and error pages, and the refusal styles of the form routes.
 *
 * Everything works without JavaScript; a refusal is a readable page in
 * the citizen's language, never a JSON document.
 */
#include <stdio.h>
#include <string.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "dm_calendar.h"
#include "dm_deadline.h"
#include "contacts.h"
#include "dm_units.h"
#include "server_internal.h"
#include "web.h"
#include "web_seal.h"

enum lang web_lang(const struct request *r, const char *field)
{
	if (field && strcmp(field, "en") == 0)
		return LANG_EN;
	if (field && strcmp(field, "vi") == 0)
		return LANG_VI;
	return lang_from_cookie(evhttp_find_header(evhttp_request_get_input_headers(r->req), "Cookie"));
}

void web_lang_remember(const struct request *r, const char *field)
{
	struct evkeyvalq *out = evhttp_request_get_output_headers(r->req);
	/* A year; it says only which language was chosen. */
	if (field && strcmp(field, "en") == 0)
		evhttp_add_header(out, "Set-Cookie", LANG_COOKIE "=en; Path=/; Max-Age=31536000; "
						     "Secure; HttpOnly; SameSite=Lax");
	else if (field && strcmp(field, "vi") == 0)
		evhttp_add_header(out, "Set-Cookie", LANG_COOKIE "=; Path=/; Max-Age=0; Secure; "
						     "HttpOnly; SameSite=Lax");
}

const char *web_field(const struct form *f, const char *name, char *buf, size_t cap)
{
	const struct form_field *ff = form_get(f, name);
	if (ff == NULL || ff->is_file)
		return NULL;
	size_t n = ff->len < cap - 1 ? ff->len : cap - 1;
	memcpy(buf, ff->value, n);
	buf[n] = '\0';
	return buf;
}

struct page_limits web_limits(const struct server *srv)
{
	return (struct page_limits){.max_files = srv->limits.max_files,
				    .max_file_bytes = srv->limits.max_file_bytes,
				    .max_total_bytes = srv->limits.max_upload};
}

void web_add_onion_location(struct server *srv, struct evhttp_request *req)
{
	if (srv->onion_location == NULL)
		return;
	const char *uri = evhttp_request_get_uri(req);
	char loc[512];
	snprintf(loc, sizeof(loc), "%s%s", srv->onion_location, uri ? uri : "/");
	evhttp_add_header(evhttp_request_get_output_headers(req), "Onion-Location", loc);
}

size_t web_deadlines(const struct store_case *c, char days[][DM_DAY_STRLEN],
		     struct page_deadline *out)
{
	size_t n = 0;
	for (int k = 0; k < STORE_DEADLINES; k++) {
		if (c->deadlines[k] == STORE_DAY_NONE)
			continue;
		dm_day_format(c->deadlines[k], days[n]);
		int year = 0, prov = 0, m, d;
		dm_day_to_ymd(c->deadlines[k], &year, &m, &d);
		if ((c->provisional >> k) & 1)
			prov = dm_cal_year_status(year) == DM_CAL_YEAR_COMPUTED ? year : -1;
		out[n] = (struct page_deadline){.key = dm_deadline_key((enum dm_deadline_kind)k),
						.date = days[n], .provisional = prov};
		n++;
	}
	return n;
}

void web_reply_receipt(struct evhttp_request *req, enum lang l, const struct store_case *c,
		       const char *receipt, size_t n_attachments, const char *warning,
		       const char *notice)
{
	struct page_contact contact;
	contacts_get(c->unit, l, &contact);
	char days[STORE_DEADLINES][DM_DAY_STRLEN], received[DM_DAY_STRLEN];
	struct page_deadline dl[STORE_DEADLINES];
	size_t n = web_deadlines(c, days, dl);
	const struct dm_unit *u = dm_unit_find(c->unit);
	dm_day_format(c->received, received);
	struct page_receipt pr = {
		.warning = warning,
		.case_id = c->case_id,
		.receipt = receipt,
		.track = dm_track_name((enum dm_track)c->track),
		.unit_name = u ? (l == LANG_EN ? u->name_en : u->name) : c->unit,
		.received_on = received,
		.deadlines = dl,
		.n_deadlines = n,
		.n_attachments = n_attachments,
		.notice = notice,
		.contact = &contact,
	};
	size_t len = 0;
	char *html = page_receipt(l, &pr, &len);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Language", lang_code(l));
	http_reply_html(req, 200, html, len);
}

void web_redirect_sealed(struct server *srv, struct evhttp_request *req, enum lang l,
			 const char *cookie, struct web_sealed *v, const char *location)
{
	char loc[128];
	snprintf(loc, sizeof(loc), "%s%s", location, l == LANG_EN ? "?lang=en" : "");
	if (web_cookie_seal(req, srv->deps.server_key, cookie, v) != TC_OK) {
		/* Never: cr_wrap does not fail. Nothing to show but the page itself is worse. */
		web_reply_unavailable(req, l, 5);
		return;
	}
	struct evkeyvalq *out = evhttp_request_get_output_headers(req);
	evhttp_add_header(out, "Location", loc);
	http_reply_text(req, 303, "text/plain; charset=utf-8", "See the next page.\n");
}

void web_reply_unavailable(struct evhttp_request *req, enum lang l, int retry_after_s)
{
	size_t len = 0;
	http_add_retry_after(req, retry_after_s);
	char *html = page_error(l, 503,
				l == LANG_EN ? "Temporarily unavailable" : "Tạm thời không phục vụ được",
				l == LANG_EN ? "The service cannot take reports right now. Nothing was "
					       "stored. Please try again in a few minutes."
					     : "Hệ thống tạm thời không nhận được đơn. Chưa có gì được "
					       "lưu. Vui lòng thử lại sau ít phút.",
				&len);
	http_reply_html(req, 503, html, len);
}

void web_reply_error(struct evhttp_request *req, enum lang l, int status, const char *vi,
		     const char *en)
{
	size_t len = 0;
	char *html = page_error(l, status, l == LANG_EN ? "Request not accepted" : "Yêu cầu không hợp lệ",
				l == LANG_EN ? en : vi, &len);
	http_reply_html(req, status, html, len);
}

/*
 * Over the submission rate limit: a plain page, made without reading the
 * form (that work is what the limit saves). The browser's Back button
 * still holds everything typed.
 */
void web_reply_rate_limited(struct evhttp_request *req, enum lang l, int retry_after_s)
{
	char msg[400];
	size_t len = 0;
	int minutes = (retry_after_s + 59) / 60;
	http_add_retry_after(req, retry_after_s);
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

static const char too_large_vi[] = "Nội dung gửi lên quá lớn: hãy bớt tệp đính kèm.";
static const char too_large_en[] = "What was sent is too large: attach fewer or smaller files.";

void web_refuse_report_form(struct request *r, enum refusal why)
{
	enum lang l = web_lang(r, NULL);
	if (why == REFUSE_RATE_LIMITED)
		web_reply_rate_limited(r->req, l, r->retry_after);
	else if (why == REFUSE_TOO_LARGE)
		web_reply_error(r->req, l, 413, too_large_vi, too_large_en);
	else if (why == REFUSE_MEDIA_TYPE)
		web_reply_error(r->req, l, 415, "Biểu mẫu gửi lên không đúng định dạng.",
				"The form was not sent in a form encoding.");
	else
		route_refuse_problem(r, why);
}

void web_refuse_followup_ask(struct request *r, enum refusal why)
{
	size_t len = 0;
	enum lang l = web_lang(r, NULL);
	char *html = page_followup_ask(l, l == LANG_EN ? "Enter your receipt."
						       : "Hãy nhập mã tra cứu (mã biên nhận).",
				       &len);
	(void)why; /* too large: the one refusal of this route, as "no receipt" */
	http_reply_html(r->req, 400, html, len);
}

void web_refuse_followup_reply(struct request *r, enum refusal why)
{
	enum lang l = web_lang(r, NULL);
	if (why == REFUSE_TOO_LARGE)
		web_reply_error(r->req, l, 413, too_large_vi, too_large_en);
	else if (why == REFUSE_MEDIA_TYPE)
		web_reply_error(r->req, l, 400, "Không đọc được biểu mẫu gửi lên.",
				"The form could not be read.");
	else
		route_refuse_problem(r, why);
}
