/*
 * followup_api.c - POST /api/v1/followup and /api/v1/followup/messages
 * (docs/API.md "Follow-up with the receipt"): decode the body, load the
 * case (followup.c), render JSON. The dispatcher has checked the content
 * type and the size (route.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/http.h>

#include "citizen_handlers.h"
#include "dm_deadline.h"
#include "dm_units.h"
#include "followup.h"
#include "json_guard.h"
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
	return o;
fail:
	cJSON_Delete(o);
	cJSON_Delete(d);
	cJSON_Delete(msgs);
	return NULL;
}

int followup_body_decode(const char *text, size_t len, bool with_text, cJSON **root_out)
{
	*root_out = NULL;
	cJSON *root = NULL;
	if (text == NULL || json_prescan(text, len, 2, NULL) != TC_OK ||
	    json_parse(text, len, &root) != TC_OK)
		return TC_EINVAL;
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(root, "receipt");
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "text");
	size_t members = 0;
	for (const cJSON *m = root ? root->child : NULL; m; m = m->next)
		members++;
	if (!cJSON_IsObject(root) || !cJSON_IsString(r) || (with_text && !cJSON_IsString(t)) ||
	    members != (with_text ? 2u : 1u) || json_duplicate_key(root) != NULL) {
		cJSON_Delete(root);
		return TC_EINVAL;
	}
	*root_out = root;
	return TC_OK;
}

/* The request's body as {"receipt"[, "text"]}; NULL after answering 400. */
static cJSON *parse_followup_body(struct request *r, bool with_text)
{
	enum lang l = r->lang;
	cJSON *root;
	if (followup_body_decode((const char *)r->body, r->body_len, with_text, &root) == TC_OK)
		return root;
	http_reply_problem(r->req, PROBLEM_MALFORMED, l,
			   l == LANG_EN ? (with_text ? "Send {\"receipt\": \"...\", \"text\": \"...\"}."
						     : "Send {\"receipt\": \"...\"}.")
					: (with_text ? "Hãy gửi {\"receipt\": \"...\", \"text\": \"...\"}."
						     : "Hãy gửi {\"receipt\": \"...\"}."),
			   NULL);
	return NULL;
}

/* 401 and 429 share one neutral wording: nothing says whether a case exists. */
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
		http_reply_unavailable(req, l, NULL, 5);
	}
}

void handle_api_followup(struct request *r)
{
	struct evhttp_request *req = r->req;
	enum lang l = r->lang;
	cJSON *root = parse_followup_body(r, false);
	if (root == NULL)
		return;
	const char *receipt = cJSON_GetObjectItemCaseSensitive(root, "receipt")->valuestring;
	struct followup_case fc;
	int retry = 0;
	int rc = followup_load(r->srv, req, receipt, strlen(receipt), &fc, &retry);
	cJSON_Delete(root);
	if (rc != TC_OK) {
		reply_outcome(req, l, rc, retry);
		return;
	}
	cJSON *doc = followup_json(&fc);
	followup_case_free(&fc);
	if (doc == NULL)
		http_reply_problem(req, PROBLEM_INTERNAL, l, NULL, NULL);
	else
		http_reply_json(req, 200, doc);
}

struct api_post {
	struct evhttp_request *req;
	enum lang lang;
	char case_id[CR_CASE_ID_LEN + 1];
	struct server *srv;
};

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
	} else if (rc == TC_ERANGE) {
		http_reply_problem(ap->req, PROBLEM_CONFLICT, ap->lang,
				   ap->lang == LANG_EN ? "This case has reached its message limit."
						       : "Hồ sơ đã đạt số tin nhắn tối đa.",
				   NULL);
	} else {
		http_reply_unavailable(ap->req, ap->lang, NULL, rc == TC_EFULL ? 300 : 5);
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
	cJSON *root = parse_followup_body(r, true);
	if (root == NULL)
		return;
	const char *receipt = cJSON_GetObjectItemCaseSensitive(root, "receipt")->valuestring;
	const char *text = cJSON_GetObjectItemCaseSensitive(root, "text")->valuestring;
	struct followup_case fc;
	int retry = 0;
	struct api_post *ap = NULL;
	int rc = followup_load(srv, req, receipt, strlen(receipt), &fc, &retry);
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
	rc = followup_post(srv, &fc, text, NULL, 0, api_post_done, ap);
	if (rc == TC_EINVAL) {
		reply_bad_text(req, l);
		free(ap);
	} else if (rc != TC_OK) {
		http_reply_unavailable(req, l, NULL, 5);
		free(ap);
	}
out_case:
	followup_case_free(&fc);
out:
	cJSON_Delete(root);
}
