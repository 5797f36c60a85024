/*
 * followup_api.c - POST /api/v1/followup and /api/v1/followup/messages
 * (docs/API.md "Follow-up with the receipt"): decode the body, open the
 * case (followup.c), read a page of its conversation off the loop
 * (followup_read.c) or queue a message, render JSON. The dispatcher has
 * checked the content type and the size (route.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/http.h>

#include "citizen_handlers.h"
#include "dm_deadline.h"
#include "dm_grounds.h"
#include "dm_units.h"
#include "followup.h"
#include "json_guard.h"
#include "quota.h"
#include "server_internal.h"

static cJSON *followup_json(const struct followup_case *fc)
{
	const struct dm_unit *u = dm_unit_find(fc->rec.unit);
	char day[DM_DAY_STRLEN];
	cJSON *o = cJSON_CreateObject(), *d = cJSON_CreateObject(), *msgs = cJSON_CreateArray();
	if (o == NULL || d == NULL || msgs == NULL)
		goto fail;
	cJSON_AddStringToObject(o, "case_id", fc->rec.case_id);
	cJSON_AddStringToObject(o, "track", dm_track_name((enum dm_track)fc->rec.track));
	cJSON_AddStringToObject(o, "status", dm_status_name((enum dm_status)fc->rec.status));
	if (fc->rec.ground != 0) /* the reporter is told why (Law on Denunciations Art. 24(1)) */
		cJSON_AddStringToObject(o, "decline_ground",
					dm_ground_name((enum dm_decline_ground)fc->rec.ground));
	cJSON_AddStringToObject(o, "unit", fc->rec.unit);
	if (u)
		cJSON_AddStringToObject(o, "unit_name", u->name);
	dm_day_format(fc->rec.received, day);
	cJSON_AddStringToObject(o, "received_on", day);
	cJSON_AddBoolToObject(o, "overdue",
			      case_overdue_now(&fc->rec, dm_day_from_unix((int64_t)time(NULL))));
	cJSON *p = cJSON_CreateObject();
	for (int k = 0; k < STORE_DEADLINES; k++) {
		if (fc->rec.deadlines[k] == STORE_DAY_NONE)
			continue;
		dm_day_format(fc->rec.deadlines[k], day);
		cJSON_AddStringToObject(d, dm_deadline_key((enum dm_deadline_kind)k), day);
		cJSON_AddBoolToObject(p, dm_deadline_key((enum dm_deadline_kind)k),
				      (fc->rec.provisional >> k) & 1);
	}
	cJSON_AddItemToObject(o, "deadlines", d);
	cJSON_AddItemToObject(o, "provisional", p);
	d = NULL;
	for (size_t i = 0; i < fc->n_msgs; i++) {
		cJSON *m = cJSON_CreateObject();
		if (m == NULL)
			goto fail;
		dm_day_format(fc->msgs[i].day, day);
		cJSON_AddStringToObject(m, "from",
					fc->msgs[i].from == STORE_MSG_FROM_UNIT ? "unit" : "reporter");
		cJSON_AddStringToObject(m, "at", day);
		cJSON_AddStringToObject(m, "text", fc->msgs[i].text);
		if (fc->msgs[i].signature != FOLLOWUP_SIG_NONE) /* a unit message: whose signature */
			cJSON_AddStringToObject(m, "signature",
						followup_sig_name(fc->msgs[i].signature));
		cJSON_AddItemToArray(msgs, m);
	}
	cJSON_AddItemToObject(o, "messages", msgs);
	/* Only when there are older messages: a short conversation's answer is as it always was. */
	if (fc->older)
		cJSON_AddNumberToObject(o, "older", fc->older);
	return o;
fail:
	cJSON_Delete(o);
	cJSON_Delete(d);
	cJSON_Delete(msgs);
	return NULL;
}

int followup_cursor_decode(const char *s, size_t len, uint32_t *before)
{
	uint32_t v = 0;
	if (s == NULL || len == 0 || len > 9 || s[0] == '0')
		return TC_EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return TC_EINVAL;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	if (v > FOLLOWUP_CURSOR_MAX)
		return TC_EINVAL;
	*before = v;
	return TC_OK;
}

/* A JSON cursor: an integer 1..FOLLOWUP_CURSOR_MAX. */
static bool cursor_of(const cJSON *b, uint32_t *before)
{
	if (!cJSON_IsNumber(b) || !(b->valuedouble >= 1 && b->valuedouble <= FOLLOWUP_CURSOR_MAX) ||
	    b->valuedouble != (double)(uint32_t)b->valuedouble)
		return false;
	*before = (uint32_t)b->valuedouble;
	return true;
}

int followup_body_decode(const char *text, size_t len, bool with_text, cJSON **root_out,
			 uint32_t *before)
{
	*root_out = NULL;
	*before = 0;
	cJSON *root = NULL;
	if (text == NULL || json_prescan(text, len, 2, NULL) != TC_OK ||
	    json_parse(text, len, &root) != TC_OK)
		return TC_EINVAL;
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(root, "receipt");
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "text");
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(root, "before");
	size_t members = 0;
	for (const cJSON *m = root ? root->child : NULL; m; m = m->next)
		members++;
	size_t expect = with_text ? 2u : b ? 2u : 1u;
	if (!cJSON_IsObject(root) || !cJSON_IsString(r) || (with_text && !cJSON_IsString(t)) ||
	    (b && (with_text || !cursor_of(b, before))) || members != expect ||
	    json_duplicate_key(root) != NULL) {
		cJSON_Delete(root);
		*before = 0;
		return TC_EINVAL;
	}
	*root_out = root;
	return TC_OK;
}

/* The request's body as {"receipt"[, "before" | "text"]}; NULL after answering 400. */
static cJSON *parse_followup_body(struct request *r, bool with_text, uint32_t *before)
{
	enum lang l = r->lang;
	cJSON *root;
	if (followup_body_decode((const char *)r->body, r->body_len, with_text, &root, before) ==
	    TC_OK)
		return root;
	http_reply_problem(r->req, PROBLEM_MALFORMED, l,
			   l == LANG_EN ? (with_text ? "Send {\"receipt\": \"...\", \"text\": \"...\"}."
						     : "Send {\"receipt\": \"...\"}, with \"before\": N "
						       "for older messages.")
					: (with_text ? "Hãy gửi {\"receipt\": \"...\", \"text\": \"...\"}."
						     : "Hãy gửi {\"receipt\": \"...\"}, thêm \"before\": N "
						       "để xem tin nhắn cũ hơn."),
			   NULL);
	return NULL;
}

/*
 * 401 and 429 share one neutral wording: nothing says whether a case exists.
 * TC_ENOMEM: the memory a page needs is not there now (503, a second).
 */
static void reply_outcome(struct evhttp_request *req, enum lang l, int rc, int retry_after)
{
	if (rc == TC_EBUSY) {
		http_add_retry_after(req, retry_after > 0 ? retry_after : 1);
		http_reply_problem(req, PROBLEM_RATE_LIMITED, l, NULL, NULL);
	} else if (rc == TC_ENOENT) {
		http_reply_problem(req, PROBLEM_UNAUTHORIZED, l,
				   l == LANG_EN ? "This receipt does not open a case."
						: "Mã biên nhận này không mở được hồ sơ nào.",
				   NULL);
	} else {
		http_reply_unavailable(req, l, NULL, rc == TC_ENOMEM ? 1 : 5);
	}
}

struct api_read {
	struct evhttp_request *req;
	enum lang lang;
};

static void api_read_done(void *ctx, int rc, const struct followup_case *fc)
{
	struct api_read *ar = ctx;
	cJSON *doc = rc == TC_OK ? followup_json(fc) : NULL;
	if (rc != TC_OK)
		http_reply_unavailable(ar->req, ar->lang, NULL, 5);
	else if (doc == NULL)
		http_reply_problem(ar->req, PROBLEM_INTERNAL, ar->lang, NULL, NULL);
	else
		http_reply_json(ar->req, 200, doc);
	free(ar);
}

void handle_api_followup(struct request *r)
{
	struct evhttp_request *req = r->req;
	enum lang l = r->lang;
	uint32_t before = 0;
	cJSON *root = parse_followup_body(r, false, &before);
	if (root == NULL)
		return;
	const char *receipt = cJSON_GetObjectItemCaseSensitive(root, "receipt")->valuestring;
	struct followup_case fc;
	int retry = 0;
	int rc = followup_open(r->srv, req, receipt, strlen(receipt), &fc, &retry);
	cJSON_Delete(root);
	if (rc != TC_OK) {
		reply_outcome(req, l, rc, retry);
		return;
	}
	struct api_read *ar = NULL;
	if (quota_read_admit(r->srv, req, &retry) != QUOTA_OK)
		rc = TC_EBUSY;
	else if ((ar = malloc(sizeof(*ar))) == NULL)
		rc = TC_ENOMEM;
	if (ar) {
		*ar = (struct api_read){.req = req, .lang = l};
		rc = followup_read_start(r->srv, req, &fc, before, api_read_done, ar, &retry);
	}
	if (rc != TC_OK) {
		free(ar);
		reply_outcome(req, l, rc, retry);
	}
	followup_case_free(&fc);
}

struct api_post {
	struct evhttp_request *req;
	enum lang lang;
	char case_id[CR_CASE_ID_LEN + 1];
	struct server *srv;
};

/* A message refused by the quotas (followup.h's codes), now or once in the writer. */
static void reply_post_refused(struct evhttp_request *req, enum lang l, int rc, int retry)
{
	const bool en = l == LANG_EN;
	if (rc == TC_ERANGE) {
		http_reply_problem(req, PROBLEM_CONFLICT, l,
				   en ? "This case has reached its message limit."
				      : "Hồ sơ đã đạt số tin nhắn tối đa.",
				   NULL);
	} else if (rc == TC_EBUSY) {
		http_add_retry_after(req, retry > 0 ? retry : 1);
		http_reply_problem(req, PROBLEM_RATE_LIMITED, l,
				   en ? "Too many messages or bytes for now: nothing was stored. "
					"Send it again after the time in Retry-After."
				      : "Đã gửi quá nhiều tin nhắn hoặc dữ liệu: chưa có gì được lưu. "
					"Hãy gửi lại sau thời gian trong Retry-After.",
				   NULL);
	} else if (rc == TC_EFULL) {
		http_reply_unavailable(req, l,
				       en ? "The space left is kept for new reports: nothing was "
					    "stored. Try again later."
					  : "Dung lượng còn lại dành cho đơn mới: chưa có gì được lưu. "
					    "Hãy thử lại sau.",
				       retry > 0 ? retry : 3600);
	} else {
		http_reply_unavailable(req, l, NULL, 5);
	}
}

static void api_post_done(void *arg, int rc)
{
	struct api_post *ap = arg;
	if (rc == TC_OK) {
		char day[DM_DAY_STRLEN];
		dm_day_format(dm_day_from_unix((int64_t)time(NULL)), day);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "case_id", ap->case_id);
		cJSON_AddStringToObject(o, "from", "reporter");
		cJSON_AddStringToObject(o, "at", day);
		http_reply_json(ap->req, 201, o);
	} else {
		reply_post_refused(ap->req, ap->lang, rc,
				   rc == TC_EBUSY ? quota_until_tomorrow() : rc == TC_EFULL ? 300 : 5);
	}
	free(ap);
}

/* 422 for a text that is empty, too long or not UTF-8. */
static void reply_bad_text(struct evhttp_request *req, enum lang l)
{
	char msg[160];
	snprintf(msg, sizeof(msg),
		 l == LANG_EN ? "Write 1 to %d characters of valid UTF-8 text."
			      : "Hãy viết từ 1 đến %d ký tự (UTF-8 hợp lệ).",
		 FOLLOWUP_TEXT_MAX);
	cJSON *errs = cJSON_CreateArray(), *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "field", "text");
	cJSON_AddStringToObject(e, "code", "invalid_text");
	cJSON_AddStringToObject(e, "message", msg);
	cJSON_AddItemToArray(errs, e);
	http_reply_problem(req, PROBLEM_VALIDATION, l, NULL, errs);
}

void handle_api_followup_message(struct request *r)
{
	struct server *srv = r->srv;
	struct evhttp_request *req = r->req;
	enum lang l = r->lang;
	uint32_t before;
	cJSON *root = parse_followup_body(r, true, &before);
	if (root == NULL)
		return;
	const char *receipt = cJSON_GetObjectItemCaseSensitive(root, "receipt")->valuestring;
	const char *text = cJSON_GetObjectItemCaseSensitive(root, "text")->valuestring;
	struct followup_case fc;
	int retry = 0;
	struct api_post *ap = NULL;
	int rc = followup_open(srv, req, receipt, strlen(receipt), &fc, &retry);
	if (rc != TC_OK) {
		reply_outcome(req, l, rc, retry);
		goto out;
	}
	ap = calloc(1, sizeof(*ap));
	if (ap == NULL) {
		http_reply_unavailable(req, l, NULL, 5);
		goto out_case;
	}
	*ap = (struct api_post){.req = req, .lang = l, .srv = srv};
	memcpy(ap->case_id, fc.rec.case_id, sizeof(ap->case_id));
	rc = followup_post(srv, req, &fc, text, NULL, 0, r->body_len, NULL, api_post_done, ap,
			   &retry);
	if (rc != TC_OK)
		free(ap);
	if (rc == TC_EINVAL)
		reply_bad_text(req, l);
	else if (rc != TC_OK)
		reply_post_refused(req, l, rc, retry);
out_case:
	followup_case_free(&fc);
out:
	cJSON_Delete(root);
}
