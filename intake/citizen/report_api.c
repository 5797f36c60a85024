/*
 * report_api.c - POST /api/v1/reports (docs/API.md): the dispatcher has
 * applied the new-report rate limit, the content type and the size cap
 * (route.h, in that order: nothing is parsed, hashed or looked up for a
 * request over the limit, and its Idempotency-Key is not recorded); here
 * the body is decoded (report_request.h), a retry recognised by its
 * Idempotency-Key, and the report sealed and queued (submit.h). The 201
 * goes out once the case is durable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "log.h"
#include "quota.h"
#include "report_request.h"
#include "server_internal.h"
#include "citizen_handlers.h"
#include "submit.h"

/* Idempotency-Key: a client-chosen random token (a UUID is 36 characters). */
#define IDEM_KEY_MIN 16
#define IDEM_KEY_MAX 255

/* The refusal style of this route: problem documents that say what to do. */
void report_api_refuse(struct request *r, enum refusal why)
{
	const bool en = r->lang == LANG_EN;
	char detail[160];
	switch (why) {
	case REFUSE_RATE_LIMITED:
		http_add_retry_after(r->req, r->retry_after);
		http_reply_problem(r->req, PROBLEM_RATE_LIMITED, r->lang,
				   en ? "Too many reports from here or from everyone just now; nothing "
					"was stored. Send it again after Retry-After seconds."
				      : "Quá nhiều đơn được gửi cùng lúc; chưa có gì được lưu. Hãy gửi "
					"lại sau số giây ghi trong Retry-After.",
				   NULL);
		break;
	case REFUSE_MEDIA_TYPE:
		evhttp_add_header(evhttp_request_get_output_headers(r->req), "Accept-Post",
				  "application/json, multipart/form-data");
		http_reply_problem(r->req, PROBLEM_MEDIA_TYPE, r->lang,
				   en ? "Send the report as application/json (UTF-8), or as "
					"multipart/form-data with a 'report' part and 'file' parts."
				      : "Hãy gửi đơn dưới dạng application/json (UTF-8), hoặc "
					"multipart/form-data với phần 'report' và các phần 'file'.",
				   NULL);
		break;
	case REFUSE_TOO_LARGE:
		snprintf(detail, sizeof(detail),
			 en ? "The body may be at most %zu bytes." : "Nội dung tối đa %zu byte.", r->cap);
		http_reply_problem(r->req, PROBLEM_TOO_LARGE, r->lang, detail, NULL);
		break;
	default:
		route_refuse_problem(r, why);
	}
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

/* Render a refused body: 400, 413 (attachments) or 422 (fields). */
static void reply_refused(struct request *r, const struct report_request *rr)
{
	enum lang l = r->lang;
	if (rr->fault == RR_FILES) {
		http_reply_field_problem(r->req, PROBLEM_TOO_LARGE, l, "file", "attachment_limit",
				    rr->detail);
	} else if (rr->fault == RR_INVALID) {
		r->srv->counters.reports_rejected++;
		http_reply_problem(r->req, PROBLEM_VALIDATION, l,
				   l == LANG_EN ? "Correct the fields listed in errors and send again."
						: "Hãy sửa các trường được liệt kê trong errors rồi gửi lại.",
				   errors_json(&rr->errs, l));
	} else {
		http_reply_problem(r->req, PROBLEM_MALFORMED, l, rr->detail, NULL);
	}
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

/*
 * The Idempotency-Key, if any, into sp; true when the request has been
 * answered already (a bad key, or a retry answered as the first time).
 */
static bool idempotency(struct request *r, struct submit_params *sp, dm_day today)
{
	struct server *srv = r->srv;
	const char *key = evhttp_find_header(evhttp_request_get_input_headers(r->req),
					     "Idempotency-Key");
	if (key == NULL)
		return false;
	if (!idem_key_is_valid(key)) {
		http_reply_field_problem(r->req, PROBLEM_BAD_REQUEST, r->lang, "Idempotency-Key",
				    "invalid_idempotency_key",
				    r->lang == LANG_EN
					    ? "Use 16 to 255 visible ASCII characters, e.g. a random UUID."
					    : "Dùng từ 16 đến 255 ký tự ASCII in được, ví dụ một UUID ngẫu nhiên.");
		return true;
	}
	sp->idem_key = key;
	cr_keyed_hash(srv->deps.server_key, "idempotency", (const uint8_t *)key, strlen(key),
		      sp->idem_hash);
	cr_keyed_hash(srv->deps.server_key, "idem-request", r->body, r->body_len, sp->request_hash);
	struct store_txn *t = NULL;
	struct store_idem prior;
	int g = store_read_begin(srv->deps.store, &t);
	if (g == TC_OK)
		g = store_idem_get(t, sp->idem_hash, &prior);
	store_read_end(t);
	if (g != TC_OK || prior.day + SUBMIT_IDEM_TTL_DAYS < today)
		return false;
	if (memcmp(prior.request_hash, sp->request_hash, CR_HASH_BYTES) == 0)
		submit_reply_replay(srv, r->req, r->lang, &prior, (const uint8_t *)key, strlen(key));
	else
		http_reply_problem(r->req, PROBLEM_IDEMPOTENCY, r->lang, NULL, NULL);
	return true;
}

void handle_report_submit(struct request *r)
{
	struct server *srv = r->srv;
	enum lang l = r->lang;
	const bool en = l == LANG_EN;
	if (store_is_nearly_full(srv->deps.store)) {
		srv->counters.store_full++;
		http_reply_unavailable(r->req, l,
				       en ? "The service cannot take reports right now; try again later."
					  : "Hệ thống tạm thời không nhận đơn; vui lòng thử lại sau.",
				       300);
		return;
	}
	if (r->body_len == 0) {
		http_reply_problem(r->req, PROBLEM_MALFORMED, l,
				   en ? "The body is empty." : "Nội dung yêu cầu trống.", NULL);
		return;
	}
	int retry = 0;
	if (quota_report_admit(srv, r->req, r->body_len, &retry) != QUOTA_OK) {
		http_add_retry_after(r->req, retry);
		http_reply_problem(r->req, PROBLEM_RATE_LIMITED, l,
				   en ? "Too many bytes of reports from here just now: nothing was "
					"stored. Send it again after the time in Retry-After."
				      : "Dữ liệu đơn gửi từ đây quá nhiều trong lúc này: chưa có gì được "
					"lưu. Hãy gửi lại sau thời gian trong Retry-After.",
				   NULL);
		return;
	}
	struct report_request *rr = malloc(sizeof(*rr));
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	const char *boundary = r->body_type == BODY_TYPE_MULTIPART ? r->boundary : NULL;
	int rc = rr ? report_request_decode(r->body, r->body_len, boundary, l, &srv->limits, today, rr)
		    : TC_ENOMEM;
	if (rc == TC_EINVAL) {
		reply_refused(r, rr);
	} else if (rc != TC_OK) {
		http_reply_unavailable(r->req, l, NULL, 5);
	} else {
		struct submit_params sp = {.mode = SUBMIT_API, .lang = l, .report = &rr->report,
					   .files = rr->files, .n_files = rr->n_files};
		const char *fail_detail = NULL;
		if (!idempotency(r, &sp, today) &&
		    (rc = submit_start(srv, r->req, &sp, &fail_detail)) != TC_OK) {
			log_msg(LOG_ERR, "preparing a report failed: %s", tc_strerror(rc));
			http_reply_unavailable(r->req, l, fail_detail, 60);
		}
	}
	if (rr)
		report_request_free(rr);
	free(rr);
}
