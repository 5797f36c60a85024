/*
 * replies.c - the common replies: security headers on every response, JSON,
 * problem documents (RFC 9457), text and HTML.
 */
#include <stdio.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "server_internal.h"
#include "wipe_alloc.h"

static void add_security_headers(struct evhttp_request *req, bool tls)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	/* No script, no third-party anything, never framed (SECURITY.md "The citizen's pages"). */
	evhttp_add_header(h, "Content-Security-Policy",
			  "default-src 'none'; style-src 'self'; img-src 'self'; "
			  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "X-Frame-Options", "DENY");
	evhttp_add_header(h, "Referrer-Policy", "no-referrer");
	evhttp_add_header(h, "Cross-Origin-Opener-Policy", "same-origin");
	evhttp_add_header(h, "Cross-Origin-Resource-Policy", "same-origin");
	evhttp_add_header(h, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	/* Everything here may be personal: never cache it anywhere. */
	evhttp_add_header(h, "Cache-Control", "no-store");
	if (tls)
		evhttp_add_header(h, "Strict-Transport-Security", "max-age=63072000");
}

static bool request_is_tls(struct evhttp_request *req)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	if (evcon == NULL)
		return false;
	struct bufferevent *bev = evhttp_connection_get_bufferevent(evcon);
	return bev != NULL && bufferevent_openssl_get_ssl(bev) != NULL;
}

static bool is_head(struct evhttp_request *req)
{
	return evhttp_request_get_command(req) == EVHTTP_REQ_HEAD;
}

/*
 * 500 without our headers. evhttp's own error page would be sent after
 * the headers of a HEAD too (it sends whatever body it is given).
 */
static void send_500(struct evhttp_request *req)
{
	if (is_head(req))
		evhttp_send_reply(req, 500, NULL, NULL);
	else
		evhttp_send_error(req, 500, NULL);
}

/*
 * Every answer with a body goes out here. A HEAD gets the headers a GET
 * would, its Content-Length included, and no body: evhttp 2.1 would send
 * the body after them and leave no Content-Length, so that a kept-alive
 * client would read the body as its next answer (issue 13).
 */
static void send_buffer_cached(struct evhttp_request *req, int status, const char *ctype,
			       const char *data, size_t len, const char *cache_control)
{
	add_security_headers(req, request_is_tls(req));
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	if (cache_control) {
		evhttp_remove_header(h, "Cache-Control");
		evhttp_add_header(h, "Cache-Control", cache_control);
	}
	evhttp_add_header(h, "Content-Type", ctype);
	if (is_head(req)) {
		char n[24];
		snprintf(n, sizeof(n), "%zu", len);
		evhttp_remove_header(h, "Content-Length");
		evhttp_add_header(h, "Content-Length", n);
		evhttp_send_reply(req, status, NULL, NULL);
		return;
	}
	struct evbuffer *buf = evbuffer_new();
	if (buf == NULL || evbuffer_add(buf, data, len) != 0) {
		evbuffer_free(buf);
		send_500(req);
		return;
	}
	evhttp_send_reply(req, status, NULL, buf);
	evbuffer_free(buf);
}

static void send_buffer(struct evhttp_request *req, int status, const char *ctype,
			const char *data, size_t len)
{
	send_buffer_cached(req, status, ctype, data, len, NULL);
}

void http_reply_text(struct evhttp_request *req, int status, const char *content_type,
		     const char *text)
{
	send_buffer(req, status, content_type, text, strlen(text));
}

void http_reply_bytes(struct evhttp_request *req, int status, const char *content_type,
		      const uint8_t *data, size_t len)
{
	send_buffer(req, status, content_type, (const char *)data, len);
}

static void reply_json_as(struct evhttp_request *req, int status, const char *ctype, cJSON *body)
{
	char *s = body ? cJSON_PrintUnformatted(body) : NULL;
	cJSON_Delete(body);
	if (s == NULL) {
		send_500(req);
		return;
	}
	send_buffer(req, status, ctype, s, strlen(s));
	cJSON_free(s);
}

void http_reply_json(struct evhttp_request *req, int status, cJSON *body)
{
	reply_json_as(req, status, "application/json; charset=utf-8", body);
}

struct problem_info {
	int status;
	const char *slug;
	const char *title_vi, *title_en;
};

static const struct problem_info problems[] = {
	[PROBLEM_MALFORMED] = {400, "malformed", "Nội dung yêu cầu không đúng định dạng",
			       "Malformed request body"},
	[PROBLEM_VALIDATION] = {422, "validation", "Dữ liệu chưa hợp lệ",
				"The report has invalid fields"},
	[PROBLEM_TOO_LARGE] = {413, "too-large", "Nội dung quá lớn", "Request body too large"},
	[PROBLEM_MEDIA_TYPE] = {415, "unsupported-media-type", "Kiểu nội dung không được hỗ trợ",
				"Unsupported content type"},
	[PROBLEM_NOT_FOUND] = {404, "not-found", "Không tìm thấy", "Not found"},
	[PROBLEM_METHOD] = {405, "method-not-allowed", "Phương thức không được phép",
			    "Method not allowed"},
	[PROBLEM_IDEMPOTENCY] = {422, "idempotency-key-reused",
				 "Idempotency-Key đã dùng cho một yêu cầu khác",
				 "Idempotency-Key reused for a different request"},
	[PROBLEM_UNAVAILABLE] = {503, "unavailable", "Dịch vụ tạm thời quá tải",
				 "Service temporarily unavailable"},
	[PROBLEM_INTERNAL] = {500, "internal", "Lỗi máy chủ", "Internal server error"},
	[PROBLEM_BAD_REQUEST] = {400, "bad-request", "Yêu cầu không hợp lệ", "Bad request"},
	[PROBLEM_UNAUTHORIZED] = {401, "unauthorized", "Không xác thực được", "Not authorised"},
	[PROBLEM_RATE_LIMITED] = {429, "rate-limited", "Quá nhiều yêu cầu, vui lòng thử lại sau",
				  "Too many requests; try again later"},
	[PROBLEM_CONFLICT] = {409, "conflict", "Không thực hiện được ở trạng thái hiện tại",
			      "Not allowed in the current state"},
	[PROBLEM_FORBIDDEN] = {403, "forbidden", "Không được phép", "Not allowed for this principal"},
	[PROBLEM_DECLINE_GROUND] = {422, "decline-ground", "Căn cứ không thụ lý chưa hợp lệ",
				    "The ground for not accepting is missing or wrong"},
};

void http_reply_problem(struct evhttp_request *req, enum problem p, enum lang l,
			const char *detail, cJSON *errors)
{
	const struct problem_info *pi = &problems[p];
	char type[96];
	snprintf(type, sizeof(type), "urn:tocao:problem:%s", pi->slug);
	cJSON *doc = cJSON_CreateObject();
	if (doc == NULL || !cJSON_AddStringToObject(doc, "type", type) ||
	    !cJSON_AddStringToObject(doc, "title", l == LANG_EN ? pi->title_en : pi->title_vi) ||
	    !cJSON_AddNumberToObject(doc, "status", pi->status) ||
	    (detail && !cJSON_AddStringToObject(doc, "detail", detail))) {
		cJSON_Delete(doc);
		cJSON_Delete(errors);
		send_500(req);
		return;
	}
	if (errors)
		cJSON_AddItemToObject(doc, "errors", errors);
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	evhttp_add_header(h, "Content-Language", lang_code(l));
	reply_json_as(req, pi->status, "application/problem+json; charset=utf-8", doc);
}

void http_reply_field_problem(struct evhttp_request *req, enum problem p, enum lang l,
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

void http_reply_unavailable(struct evhttp_request *req, enum lang l, const char *detail,
			    int retry_after_s)
{
	char ra[16];
	snprintf(ra, sizeof(ra), "%d", retry_after_s);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Retry-After", ra);
	http_reply_problem(req, PROBLEM_UNAVAILABLE, l, detail, NULL);
}

enum lang http_request_lang(struct evhttp_request *req)
{
	return lang_from_accept(
		evhttp_find_header(evhttp_request_get_input_headers(req), "Accept-Language"));
}

void http_add_retry_after(struct evhttp_request *req, int retry_after_s)
{
	char ra[16];
	snprintf(ra, sizeof(ra), "%d", retry_after_s);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Retry-After", ra);
}

void http_reply_bearer_unauthorized(struct evhttp_request *req, enum lang l, bool with_detail)
{
	evhttp_add_header(evhttp_request_get_output_headers(req), "WWW-Authenticate",
			  "Bearer realm=\"tocao\"");
	const char *detail = l == LANG_EN ? "Sign in again: no valid session."
					  : "Hãy đăng nhập lại: phiên không hợp lệ.";
	http_reply_problem(req, PROBLEM_UNAUTHORIZED, l, with_detail ? detail : NULL, NULL);
}

void http_reply_public_html(struct evhttp_request *req, int status, const char *html, size_t len,
			    int max_age)
{
	/* The security headers say no-store; a public page, the same for everyone, may be kept. */
	char cc[48];
	snprintf(cc, sizeof(cc), "public, max-age=%d", max_age);
	send_buffer_cached(req, status, "text/html; charset=utf-8", html, len, cc);
}

void http_reply_html(struct evhttp_request *req, int status, char *html, size_t len)
{
	if (html == NULL) {
		send_500(req);
		return;
	}
	/* http_reply_text adds the security headers and the length. */
	html[len] = '\0';
	http_reply_text(req, status, "text/html; charset=utf-8", html);
	wipe_free(html);
}
