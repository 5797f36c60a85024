/*
 * followup_pages.c - the follow-up pages: GET /followup asks for the
 * receipt, POST /followup shows the case as the reporter may see it (one
 * page of the conversation, read off the loop: followup_read.c), and POST
 * /followup/messages writes to the unit (with attachments). The dispatcher
 * has checked the size cap and the encoding (route.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include <event2/http.h>

#include "citizen_handlers.h"
#include "dm_units.h"
#include "contacts.h"
#include "dm_watch.h"
#include "dm_grounds.h"
#include "followup.h"
#include "case_codes.h"
#include "web_seal.h"
#include "quota.h"
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

/* What a page answer needs once its conversation is read (followup_read_start's ctx). */
struct page_read {
	struct server *srv;
	struct evhttp_request *req;
	enum lang lang;
	int status;
	bool paged;
	const char *notice;
	char error[200];
};

#define MAX_STEPS 48

struct story {
	struct page_step steps[MAX_STEPS];
	char days[MAX_STEPS][DM_DAY_STRLEN];
	char what[MAX_STEPS][24];
	size_t n;
	enum lang l;
};

/* One timeline event as a step the reporter may see (messages, notes, flags are not steps). */
static int story_event(const struct store_event *e, void *arg)
{
	struct story *st = arg;
	const char *what = NULL, *unit = NULL;
	if (e->kind == CASE_EVENT_RECEIVED)
		what = "received";
	else if (e->kind == CASE_EVENT_ACTION && strcmp(e->detail, "flag") != 0)
		what = e->detail;
	else if (e->kind == CASE_EVENT_REVEAL)
		what = "reveal";
	else if (e->kind == CASE_EVENT_TRANSFER || e->kind == CASE_EVENT_TRANSFER_PENDING)
		what = e->kind == CASE_EVENT_TRANSFER ? "transfer" : "transfer_pending";
	if (what == NULL || st->n == MAX_STEPS)
		return 0;
	if (e->kind == CASE_EVENT_TRANSFER || e->kind == CASE_EVENT_TRANSFER_PENDING) {
		const struct dm_unit *u = dm_unit_find(e->detail);
		unit = u ? (st->l == LANG_EN ? u->name_en : u->name) : NULL;
	}
	dm_day_format(e->day, st->days[st->n]);
	snprintf(st->what[st->n], sizeof(st->what[st->n]), "%s", what);
	st->steps[st->n] = (struct page_step){.at = st->days[st->n], .what = st->what[st->n],
					      .unit = unit};
	st->n++;
	return 0;
}

/* The deadline the case owes now, and the later ones: nothing expired shown as pending. */
static void running_deadline(const struct store_case *c, dm_day today, struct page_followup *pf,
			     char running[DM_DAY_STRLEN], const struct page_deadline *all, size_t n,
			     struct page_deadline *ahead, size_t *n_ahead)
{
	dm_day days[DM_DL_COUNT];
	for (int k = 0; k < DM_DL_COUNT; k++)
		days[k] = k < STORE_DEADLINES ? c->deadlines[k] : DM_DAY_NONE;
	dm_day due = dm_watch_due_days((enum dm_status)c->status, days);
	*n_ahead = 0;
	if (due == DM_DAY_NONE)
		return;
	dm_day_format(due, running);
	for (size_t i = 0; i < n; i++) {
		if (pf->running_key == NULL && strcmp(all[i].date, running) == 0) {
			pf->running_key = all[i].key;
			pf->running_date = all[i].date;
			pf->running_provisional = all[i].provisional;
		} else if (strcmp(all[i].date, running) > 0) {
			ahead[(*n_ahead)++] = all[i];
		}
	}
	int late = dm_watch_days_overdue(due, today);
	pf->overdue = late > 0 ? late : 0;
}
/*
 * The decline's legal ground in plain words (Law on Denunciations Art.
 * 24(1): the reporter is told the reason for not accepting). "Another
 * ground" gets the general sentence: its specifics are in the unit's
 * notice. A decline before the grounds were kept says nothing more.
 */
static void decline_words(const struct store_case *c, enum lang l, struct page_followup *pf)
{
	const struct dm_ground *d = dm_ground_of((enum dm_decline_ground)c->ground);
	if (d == NULL)
		return;
	if (l == LANG_EN)
		pf->decline_reason = d->other ? "The report does not meet the conditions to be "
						"accepted; the inspectorate's notice gives the "
						"specific reason."
					      : d->en;
	else
		pf->decline_reason = dm_ground_for_reporter((enum dm_decline_ground)c->ground);
	if (!d->other)
		pf->decline_citation = l == LANG_EN ? d->citation_en : d->citation_vi;
}


static void render_followup(const struct page_read *pr, const struct followup_case *fc)
{
	enum lang l = pr->lang;
	char days[STORE_DEADLINES][DM_DAY_STRLEN], received[DM_DAY_STRLEN], running[DM_DAY_STRLEN];
	struct page_deadline dl[STORE_DEADLINES], ahead[STORE_DEADLINES];
	size_t n = web_deadlines(&fc->rec, days, dl), n_ahead = 0;
	char (*mdays)[DM_DAY_STRLEN] = NULL;
	struct page_message *pm = page_messages(fc, &mdays);
	struct story *st = calloc(1, sizeof(*st));
	if (pm == NULL || st == NULL) {
		free(pm);
		free(mdays);
		free(st);
		web_reply_unavailable(pr->req, l, 5);
		return;
	}
	st->l = l;
	struct store_txn *t = NULL;
	if (store_read_begin(pr->srv->deps.store, &t) == TC_OK) {
		if (store_events(t, fc->rec.case_id, story_event, st) != TC_OK)
			st->n = 0;
		store_read_end(t);
	}
	const struct dm_unit *u = dm_unit_find(fc->rec.unit);
	dm_day_format(fc->rec.received, received);
	struct page_contact contact;
	contacts_get(fc->rec.unit, l, &contact);
	char token[WEB_TOKEN_LEN + 1];
	web_token_new(token);
	struct page_followup pf = {
		.receipt = fc->receipt,
		.case_id = fc->rec.case_id,
		.track = dm_track_name((enum dm_track)fc->rec.track),
		.status = dm_status_name((enum dm_status)fc->rec.status),
		.unit_name = u ? (l == LANG_EN ? u->name_en : u->name) : fc->rec.unit,
		.received_on = received,
		.messages = pm,
		.n_messages = fc->n_msgs,
		.older = fc->older,
		.paged = pr->paged,
		.notice = pr->notice,
		.error = pr->error[0] ? pr->error : NULL,
		.msg_token = token,
		.contact = &contact,
		.steps = st->steps,
		.n_steps = st->n,
	};
	decline_words(&fc->rec, l, &pf);
	running_deadline(&fc->rec, dm_day_from_unix((int64_t)time(NULL)), &pf, running, dl, n,
			 ahead, &n_ahead);
	pf.deadlines = ahead;
	pf.n_deadlines = n_ahead;
	struct page_limits lim = web_limits(pr->srv);
	size_t len = 0;
	char *html = page_followup(l, &pf, &lim, &len);
	free(pm);
	free(mdays);
	free(st);
	evhttp_add_header(evhttp_request_get_output_headers(pr->req), "Content-Language", lang_code(l));
	http_reply_html(pr->req, pr->status, html, len);
}

static void page_read_done(void *ctx, int rc, const struct followup_case *fc)
{
	struct page_read *pr = ctx;
	if (rc == TC_OK)
		render_followup(pr, fc);
	else
		web_reply_unavailable(pr->req, pr->lang, 5);
	free(pr);
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
		web_reply_unavailable(req, l, rc == TC_ENOMEM && retry > 0 ? retry : 5);
		return;
	}
	http_reply_html(req, status, html, len);
}

/*
 * Show the opened case with one page of its conversation (before: 0 for
 * the newest), once read; pr is moved in. rate: apply the read rate (not
 * after a message was just sent: that was counted as a message).
 */
static void show_case(struct page_read *pr, struct followup_case *fc, uint32_t before, bool rate)
{
	int retry = 0, rc = TC_OK;
	if (rate && quota_read_admit(pr->srv, pr->req, &retry) != QUOTA_OK)
		rc = TC_EBUSY;
	pr->paged = before != 0;
	if (rc == TC_OK)
		rc = followup_read_start(pr->srv, pr->req, fc, before, page_read_done, pr, &retry);
	if (rc != TC_OK) {
		render_refused(pr->req, pr->lang, rc, retry);
		free(pr);
	}
}

static struct page_read *page_read_new(struct server *srv, struct evhttp_request *req,
				       enum lang l, int status)
{
	struct page_read *pr = calloc(1, sizeof(*pr));
	if (pr)
		*pr = (struct page_read){.srv = srv, .req = req, .lang = l, .status = status};
	else
		web_reply_unavailable(req, l, 5);
	return pr;
}

void handle_followup_post(struct request *r)
{
	struct form f = {0};
	char receipt[128], lang_buf[8], cursor[16];
	uint32_t before = 0;
	if (form_parse_urlencoded((const char *)r->body, r->body_len, &f) != TC_OK ||
	    web_field(&f, "receipt", receipt, sizeof(receipt)) == NULL) {
		form_free(&f);
		web_refuse_followup_ask(r, REFUSE_TOO_LARGE);
		return;
	}
	enum lang l = web_lang(r, web_field(&f, "lang", lang_buf, sizeof(lang_buf)));
	const char *c = web_field(&f, "before", cursor, sizeof(cursor));
	bool bad_cursor = c && followup_cursor_decode(c, strlen(c), &before) != TC_OK;
	form_free(&f);
	if (bad_cursor) {
		explicit_bzero(receipt, sizeof(receipt));
		web_reply_error(r->req, l, 400, "Trang tin nhắn được yêu cầu không hợp lệ.",
				"The page of messages asked for is not valid.");
		return;
	}
	struct followup_case fc;
	int retry = 0;
	int rc = followup_open(r->srv, r->req, receipt, strlen(receipt), &fc, &retry);
	explicit_bzero(receipt, sizeof(receipt));
	struct page_read *pr = NULL;
	if (rc != TC_OK)
		render_refused(r->req, l, rc, retry);
	else if ((pr = page_read_new(r->srv, r->req, l, 200)) != NULL)
		show_case(pr, &fc, before, true);
	followup_case_free(&fc);
}

/* ---- POST /followup/messages ---- */

/*
 * A message the quotas refused (followup.h's codes): a plain page, made
 * without opening the conversation (that work is what the quotas save).
 * The browser's Back button still holds what was typed.
 */
static void reply_post_refused(struct evhttp_request *req, enum lang l, int rc, int retry)
{
	const bool en = l == LANG_EN;
	int status = rc == TC_EBUSY ? 429 : rc == TC_ERANGE ? 409 : 503;
	const char *msg =
		rc == TC_EBUSY
			? (en ? "Too many messages or too much data have been sent for now, so this "
				"message was not stored. Wait, then go back (your browser keeps what "
				"you typed) and send it again."
			      : "Đã gửi quá nhiều tin nhắn hoặc dữ liệu nên tin nhắn này chưa được lưu. "
				"Hãy đợi, rồi quay lại trang trước (trình duyệt vẫn giữ những gì bạn "
				"đã nhập) và gửi lại.")
		: rc == TC_ERANGE
			? (en ? "This case has reached its limit of messages and attachments; nothing "
				"was stored. Contact the unit directly."
			      : "Hồ sơ đã đạt giới hạn tin nhắn và tệp đính kèm; chưa có gì được lưu. "
				"Hãy liên hệ trực tiếp với đơn vị.")
			: (en ? "The space left is kept for new reports, so this message was not "
				"stored. Please try again later."
			      : "Dung lượng còn lại được dành cho đơn mới nên tin nhắn này chưa được "
				"lưu. Vui lòng thử lại sau.");
	if (status != 409)
		http_add_retry_after(req, retry > 0 ? retry : status == 429 ? 60 : 3600);
	size_t len = 0;
	char *html = page_error(l, status, en ? "Message not stored" : "Tin nhắn chưa được lưu", msg,
				&len);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Language", lang_code(l));
	http_reply_html(req, status, html, len);
}

struct web_post {
	struct page_read *pr;      /* the page that follows */
	struct followup_case fc;   /* the opened case (no messages); wiped */
	uint8_t token_hash[CR_HASH_BYTES]; /* the form's one-time token, claimed */
};

/* After a message: the case page by redirect (post/redirect/get), the receipt sealed in a cookie. */
static void redirect_case(struct server *srv, struct evhttp_request *req, enum lang l,
			  const struct followup_case *fc)
{
	struct web_sealed v = {.flags = WEB_SEALED_SENT};
	memcpy(v.case_id, fc->rec.case_id, STORE_CASE_ID_LEN);
	memcpy(v.receipt, fc->receipt, CR_RECEIPT_LEN);
	web_redirect_sealed(srv, req, l, WEB_COOKIE_CASE, &v, "/followup/case");
	explicit_bzero(&v, sizeof(v));
}

static void web_post_done(void *arg, int rc)
{
	struct web_post *wp = arg;
	struct page_read *pr = wp->pr;
	if (rc == TC_OK || rc == TC_EEXIST) { /* EEXIST: this form's message is stored already */
		redirect_case(pr->srv, pr->req, pr->lang, &wp->fc);
	} else {
		web_msg_token_release(wp->token_hash);
		reply_post_refused(pr->req, pr->lang, rc,
				   rc == TC_EBUSY ? quota_until_tomorrow() : rc == TC_EFULL ? 300 : 5);
	}
	free(pr);
	followup_case_free(&wp->fc);
	free(wp);
}

/* The case again with an error beside the reply form (a file or the text refused). */
static void show_with_error(struct page_read *pr, struct followup_case *fc, const char *msg,
			    int status)
{
	snprintf(pr->error, sizeof(pr->error), "%s", msg);
	pr->status = status;
	show_case(pr, fc, 0, true);
}

/* Decide: queue the message on the opened case; the page follows once durable. */
static void post_message(struct request *r, struct page_read *pr, struct followup_case *fc,
			 const struct form *f)
{
	enum lang l = pr->lang;
	char *text = wipe_malloc(FOLLOWUP_TEXT_MAX * 4 + 1);
	const char *typed = text ? web_field(f, "text", text, FOLLOWUP_TEXT_MAX * 4 + 1) : NULL;
	struct submit_file files[CR_ATTACHMENTS_MAX];
	size_t n_files = 0;
	char msg[200];
	struct web_post *wp = NULL;
	if (submit_collect_files(&r->srv->limits, f, l, files, &n_files, msg, sizeof(msg)) != TC_OK) {
		show_with_error(pr, fc, msg, 413);
		goto out;
	}
	if ((wp = calloc(1, sizeof(*wp))) == NULL) {
		web_reply_unavailable(r->req, l, 5);
		free(pr);
		goto out;
	}
	*wp = (struct web_post){.pr = pr, .fc = *fc};
	char token[WEB_TOKEN_LEN + 8];
	if (web_field(f, "msg_token", token, sizeof(token)) == NULL || !web_token_valid(token)) {
		web_reply_error(r->req, l, 400,
				"Biểu mẫu này đã cũ nên tin nhắn chưa được gửi. Hãy mở lại hồ sơ và gửi lại.",
				"This form is out of date, so the message was not sent. Open the case "
				"again and send it.");
		free(pr);
		goto out;
	}
	cr_keyed_hash(r->srv->deps.server_key, "message-token", (const uint8_t *)token,
		      strlen(token), wp->token_hash);
	if (!web_msg_token_claim(wp->token_hash)) {
		/* Sent before (reload, Back, a second click): nothing more is stored. */
		redirect_case(r->srv, r->req, l, fc);
		free(pr);
		goto out;
	}
	int retry = 0;
	int rc = typed ? followup_post(r->srv, r->req, fc, typed, files, n_files, r->body_len,
				       wp->token_hash, web_post_done, wp, &retry)
		       : TC_EINVAL;
	if (rc != TC_OK)
		web_msg_token_release(wp->token_hash);
	if (rc == TC_OK) {
		wp = NULL; /* owned by the write */
	} else if (rc == TC_EINVAL) {
		snprintf(msg, sizeof(msg),
			 l == LANG_EN ? "Write a message of 1 to %d characters."
				      : "Hãy viết tin nhắn từ 1 đến %d ký tự.",
			 FOLLOWUP_TEXT_MAX);
		show_with_error(pr, fc, msg, 422);
	} else {
		reply_post_refused(r->req, l, rc, retry);
		free(pr);
	}
out:
	if (wp) {
		explicit_bzero(wp, sizeof(*wp));
		free(wp);
	}
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
	rc = followup_open(r->srv, r->req, receipt, strlen(receipt), &fc, &retry);
	struct page_read *pr = NULL;
	if (rc != TC_OK)
		render_refused(r->req, l, rc, retry);
	else if ((pr = page_read_new(r->srv, r->req, l, 200)) != NULL)
		post_message(r, pr, &fc, &f);
	followup_case_free(&fc);
out:
	explicit_bzero(receipt, sizeof(receipt));
	form_free(&f);
}

/* ---- GET /followup/case: the case again after a message, from the sealed cookie ---- */

void handle_followup_case(struct request *r)
{
	char lang_buf[8];
	enum lang l = web_lang(r, r->query_rc == TC_OK
					  ? web_field(r->query, "lang", lang_buf, sizeof(lang_buf))
					  : NULL);
	struct web_sealed v;
	int rc = web_cookie_open(r->req, r->srv->deps.server_key, WEB_COOKIE_CASE, &v);
	if (rc != TC_OK) {
		if (rc != TC_ENOENT)
			web_cookie_clear(r->req, WEB_COOKIE_CASE);
		size_t len = 0;
		char *html = page_followup_ask(
			l, l == LANG_EN ? "For your safety the case is shown again only for 30 minutes "
					  "after a message. Enter your receipt to open it."
					: "Để bảo vệ bạn, hồ sơ chỉ được hiện lại trong 30 phút sau khi gửi "
					  "tin nhắn. Hãy nhập mã tra cứu để mở hồ sơ.",
			&len);
		http_reply_html(r->req, 200, html, len);
		return;
	}
	struct followup_case fc;
	int retry = 0;
	rc = followup_open(r->srv, r->req, v.receipt, CR_RECEIPT_LEN, &fc, &retry);
	bool sent = v.flags & WEB_SEALED_SENT;
	explicit_bzero(&v, sizeof(v));
	struct page_read *pr = NULL;
	if (rc != TC_OK) {
		render_refused(r->req, l, rc, retry);
	} else if ((pr = page_read_new(r->srv, r->req, l, 200)) != NULL) {
		if (sent)
			pr->notice = l == LANG_EN ? "Your message was sent and stored. Reloading this "
						    "page does not send it again."
						  : "Tin nhắn của bạn đã được gửi và lưu. Tải lại trang "
						    "này không gửi lại tin nhắn.";
		show_case(pr, &fc, 0, true);
	}
	followup_case_free(&fc);
}
