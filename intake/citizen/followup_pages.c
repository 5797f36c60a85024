/*
 * followup_pages.c - the follow-up pages: GET /followup asks for the
 * receipt, POST /followup shows the case as the reporter may see it, and
 * POST /followup/messages writes to the unit (with attachments). The
 * dispatcher has checked the size cap and the encoding (route.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include <event2/http.h>

#include "citizen_handlers.h"
#include "dm_units.h"
#include "followup.h"
#include "server_internal.h"
#include "web.h"
#include "wipe_alloc.h"

void handle_followup_page(struct request *r)
{
	char lang_buf[8];
	enum lang l = web_lang(r, r->query_rc == TC_OK
					  ? web_field(r->query, "lang", lang_buf, sizeof(lang_buf))
					  : NULL);
	size_t len = 0;
	char *html = page_followup_ask(l, NULL, &len);
	web_add_onion_location(r->srv, r->req);
	http_reply_html(r->req, 200, html, len);
}

/* The messages of fc for the page; *days holds their dates. NULL when out of memory. */
static struct page_message *page_messages(const struct followup_case *fc,
					  char (**days)[DM_DAY_STRLEN])
{
	struct page_message *pm = calloc(fc->n_msgs ? fc->n_msgs : 1, sizeof(*pm));
	char (*mdays)[DM_DAY_STRLEN] = calloc(fc->n_msgs ? fc->n_msgs : 1, DM_DAY_STRLEN);
	if (pm == NULL || mdays == NULL) {
		free(pm);
		free(mdays);
		return NULL;
	}
	for (size_t i = 0; i < fc->n_msgs; i++) {
		dm_day_format(fc->msgs[i].day, mdays[i]);
		pm[i] = (struct page_message){
			.from = fc->msgs[i].from == STORE_MSG_FROM_UNIT ? "unit" : "reporter",
			.at = mdays[i],
			.text = fc->msgs[i].text,
			.signature = fc->msgs[i].signature == FOLLOWUP_SIG_NONE
					     ? NULL
					     : followup_sig_name(fc->msgs[i].signature)};
	}
	*days = mdays;
	return pm;
}

static void render_followup(struct request *r, enum lang l, const struct followup_case *fc,
			    const char *notice, const char *error, int status)
{
	char days[STORE_DEADLINES][DM_DAY_STRLEN], received[DM_DAY_STRLEN];
	struct page_deadline dl[STORE_DEADLINES];
	size_t n = web_deadlines(&fc->rec, days, dl);
	char (*mdays)[DM_DAY_STRLEN] = NULL;
	struct page_message *pm = page_messages(fc, &mdays);
	if (pm == NULL) {
		web_reply_unavailable(r->req, l, 5);
		return;
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
		/* Overdue now: an open case past the deadline it owes today, not "was once late". */
		.overdue = case_overdue_now(&fc->rec, dm_day_from_unix((int64_t)time(NULL))),
		.deadlines = dl,
		.n_deadlines = n,
		.messages = pm,
		.n_messages = fc->n_msgs,
		.notice = notice,
		.error = error,
	};
	struct page_limits lim = web_limits(r->srv);
	size_t len = 0;
	char *html = page_followup(l, &pf, &lim, &len);
	free(pm);
	free(mdays);
	http_reply_html(r->req, status, html, len);
}

/* A wrong receipt or too many tries: the same neutral page as for any wrong receipt. */
static void render_refused(struct evhttp_request *req, enum lang l, int rc, int retry)
{
	size_t len = 0;
	char *html;
	int status;
	if (rc == TC_EBUSY) {
		http_add_retry_after(req, retry > 0 ? retry : 1);
		html = page_followup_ask(l, l == LANG_EN ? "Too many attempts. Wait a few minutes and try again."
							: "Bạn đã thử quá nhiều lần. Hãy đợi vài phút rồi thử lại.",
					 &len);
		status = 429;
	} else if (rc == TC_ENOENT) {
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

void handle_followup_post(struct request *r)
{
	struct form f = {0};
	char receipt[128], lang_buf[8];
	if (form_parse_urlencoded((const char *)r->body, r->body_len, &f) != TC_OK ||
	    web_field(&f, "receipt", receipt, sizeof(receipt)) == NULL) {
		form_free(&f);
		web_refuse_followup_ask(r, REFUSE_TOO_LARGE);
		return;
	}
	enum lang l = web_lang(r, web_field(&f, "lang", lang_buf, sizeof(lang_buf)));
	form_free(&f);
	struct followup_case fc;
	int retry = 0;
	int rc = followup_load(r->srv, r->req, receipt, strlen(receipt), &fc, &retry);
	explicit_bzero(receipt, sizeof(receipt));
	if (rc != TC_OK) {
		render_refused(r->req, l, rc, retry);
		return;
	}
	render_followup(r, l, &fc, NULL, NULL, 200);
	followup_case_free(&fc);
}

/* ---- POST /followup/messages ---- */

struct web_post {
	struct server *srv;
	struct evhttp_request *req;
	enum lang lang;
	char receipt[CR_RECEIPT_LEN + 1];
};

static void web_post_done(void *arg, int rc)
{
	struct web_post *wp = arg;
	struct followup_case fc;
	int retry = 0;
	if (rc == TC_OK)
		rc = followup_load(wp->srv, wp->req, wp->receipt, CR_RECEIPT_LEN, &fc, &retry);
	if (rc == TC_OK) {
		struct request r = {.srv = wp->srv, .req = wp->req, .lang = wp->lang};
		render_followup(&r, wp->lang, &fc,
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

/* Decide: queue the message on the loaded case; the page follows once durable. */
static void post_message(struct request *r, enum lang l, const struct followup_case *fc,
			 const struct form *f)
{
	char *text = wipe_malloc(FOLLOWUP_TEXT_MAX * 4 + 1);
	const char *typed = text ? web_field(f, "text", text, FOLLOWUP_TEXT_MAX * 4 + 1) : NULL;
	struct submit_file files[CR_ATTACHMENTS_MAX];
	size_t n_files = 0;
	char msg[200];
	struct web_post *wp = NULL;
	if (submit_collect_files(&r->srv->limits, f, l, files, &n_files, msg, sizeof(msg)) != TC_OK) {
		render_followup(r, l, fc, NULL, msg, 413);
		goto out;
	}
	wp = calloc(1, sizeof(*wp));
	if (wp == NULL) {
		web_reply_unavailable(r->req, l, 5);
		goto out;
	}
	*wp = (struct web_post){.srv = r->srv, .req = r->req, .lang = l};
	memcpy(wp->receipt, fc->receipt, sizeof(wp->receipt));
	int rc = typed ? followup_post(r->srv, fc, typed, files, n_files, web_post_done, wp)
		       : TC_EINVAL;
	if (rc == TC_OK) {
		wp = NULL; /* owned by the write */
	} else if (rc == TC_EINVAL) {
		snprintf(msg, sizeof(msg),
			 l == LANG_EN ? "Write a message of 1 to %d characters."
				      : "Hãy viết tin nhắn từ 1 đến %d ký tự.",
			 FOLLOWUP_TEXT_MAX);
		render_followup(r, l, fc, NULL, msg, 422);
	} else {
		web_reply_unavailable(r->req, l, 5);
	}
out:
	free(wp);
	wipe_free(text);
}

void handle_followup_reply(struct request *r)
{
	struct form f = {0};
	char receipt[128], lang_buf[8];
	int rc = r->body_type == BODY_TYPE_MULTIPART
			 ? form_parse_multipart(r->body, r->body_len, r->boundary, &f)
			 : form_parse_urlencoded((const char *)r->body, r->body_len, &f);
	if (rc != TC_OK || web_field(&f, "receipt", receipt, sizeof(receipt)) == NULL) {
		web_reply_error(r->req, r->lang, 400, "Không đọc được biểu mẫu gửi lên.",
				"The form could not be read.");
		goto out;
	}
	enum lang l = web_lang(r, web_field(&f, "lang", lang_buf, sizeof(lang_buf)));
	int retry = 0;
	struct followup_case fc;
	rc = followup_load(r->srv, r->req, receipt, strlen(receipt), &fc, &retry);
	if (rc != TC_OK) {
		render_refused(r->req, l, rc, retry);
		goto out;
	}
	post_message(r, l, &fc, &f);
	followup_case_free(&fc);
out:
	explicit_bzero(receipt, sizeof(receipt));
	form_free(&f);
}
