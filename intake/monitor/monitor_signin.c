/*
 * monitor_signin.c - the monitors' sign-in: the monitor runs `tocao signin`
 * (a signed challenge with their own key, as for the API) and pastes the
 * sign-in code it prints into the form at /monitor, once; the server keeps
 * that session token in a cookie that is Secure, HttpOnly, SameSite=Strict
 * and limited to /monitor, so no other site can make the browser use it
 * and no script can read it. A monitor's session lasts 2 hours
 * (monitor_session_s), or until "Sign out". Ticking "remember this
 * browser" enrols it (monitor_devices.h): later sign-ins there are a button. The dispatcher reads the cookie (route.h,
 * ROUTE_AUTH_MONITOR_COOKIE); a page asked without a session gets the
 * sign-in form (mw_refuse_pages).
 */
#include <stdio.h>
#include <string.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "auth.h"
#include "log.h"
#include "monitor_devices.h"
#include "monitor_handlers.h"
#include "monitor_query.h"
#include "monitor_render.h"
#include "server_internal.h"
#include "tc_base64.h"

/* The one-button sign-in of an enrolled browser. */
static void device_button(struct html *h, enum lang l)
{
	html_raw(h, "<form method=\"post\" action=\"/monitor/device\" class=\"signin device\">\n");
	html_rawf(h, "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n<p>", lang_code(l));
	html_text(h, T(l, "Trình duyệt này đã được đăng ký với khóa giám sát của bạn.",
		       "This browser is enrolled under your monitor key."));
	html_raw(h, "</p>\n<button type=\"submit\">");
	html_text(h, T(l, "Đăng nhập trên trình duyệt này", "Sign in on this browser"));
	html_raw(h, "</button>\n</form>\n<h2>");
	html_text(h, T(l, "Hoặc đăng nhập bằng mã", "Or sign in with a code"));
	html_raw(h, "</h2>\n");
}

void mw_reply_signin_device(struct evhttp_request *req, enum lang l, int status, const char *error,
			    bool enrolled)
{
	struct html h;
	html_init(&h);
	mw_page_head(&h, l, T(l, "Đăng nhập", "Sign in"), false, "");
	html_raw(&h, "<h1>");
	html_text(&h, T(l, "Đăng nhập dành cho giám sát viên", "Sign-in for monitors"));
	html_raw(&h, "</h1>\n");
	if (error) {
		html_raw(&h, "<p class=\"error\" role=\"alert\">");
		html_text(&h, error);
		html_raw(&h, "</p>\n");
	}
	if (enrolled)
		device_button(&h, l);
	html_raw(&h, "<p>");
	html_text(&h, T(l, "Lần đầu trên trình duyệt này: chạy lệnh dưới đây với khóa giám sát của bạn "
			   "(hoặc nhờ quản trị viên chạy), rồi dán mã đăng nhập nó in ra vào ô bên "
			   "dưới. Mã dùng được trong 2 giờ. Chọn “Ghi nhớ trình duyệt này” để các "
			   "lần sau chỉ cần bấm một nút, không cần dòng lệnh. Mỗi phiên làm việc kéo "
			   "dài một thời gian cố định (mặc định 2 giờ).",
		       "First time on this browser: run the command below with your monitor key (or "
		       "ask your administrator to), then paste the sign-in code it prints into the "
		       "box. Tick “Remember this browser” so that later sign-ins are one button, "
		       "without a terminal. A session lasts a fixed time (2 hours by default)."));
	html_raw(&h, "</p>\n<pre class=\"command\">tocao signin --server https://… --identity "
		     "monitor.key</pre>\n");
	html_raw(&h, "<form method=\"post\" action=\"/monitor/session\" class=\"signin\">\n"
		     "<label for=\"code\">");
	html_text(&h, T(l, "Mã đăng nhập", "Sign-in code"));
	html_raw(&h, "</label>\n<input id=\"code\" name=\"code\" type=\"password\" required "
		     "autocomplete=\"off\" spellcheck=\"false\" maxlength=\"64\">\n");
	html_raw(&h, "<p class=\"remember\"><input id=\"remember\" name=\"remember\" "
		     "type=\"checkbox\" value=\"1\"> <label for=\"remember\">");
	html_text(&h, T(l, "Ghi nhớ trình duyệt này (90 ngày; chỉ trên máy của riêng bạn)",
			"Remember this browser (90 days; on your own computer only)"));
	html_raw(&h, "</label></p>\n");
	html_rawf(&h, "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n<button type=\"submit\">",
		  lang_code(l));
	html_text(&h, T(l, "Đăng nhập", "Sign in"));
	html_raw(&h, "</button>\n</form>\n");
	mw_page_foot(&h, l);
	mw_reply_page(req, status, &h);
}

void mw_reply_signin(struct evhttp_request *req, enum lang l, int status, const char *error)
{
	mw_reply_signin_device(req, l, status, error, false);
}

/*
 * A POST from another site is refused (SameSite=Strict already keeps the
 * cookie from it; this covers the sign-in form itself). Browsers say where
 * a request comes from in Sec-Fetch-Site; our Referrer-Policy makes
 * Chromium send "Origin: null" on same-site POSTs, so a null Origin alone
 * proves nothing either way.
 */
bool mw_same_origin(struct evhttp_request *req)
{
	const struct evkeyvalq *in = evhttp_request_get_input_headers(req);
	const char *site = evhttp_find_header(in, "Sec-Fetch-Site");
	if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
		return false;
	const char *origin = evhttp_find_header(in, "Origin");
	const char *host = evhttp_find_header(in, "Host");
	if (origin == NULL || strcmp(origin, "null") == 0)
		return true;
	const char *p = strstr(origin, "://");
	return p && host && strcmp(p + 3, host) == 0;
}

static enum lang form_lang(const struct request *r, const struct form *f)
{
	const struct form_field *v = form_get(f, "lang");
	if (v && v->len == 2 && memcmp(v->value, "en", 2) == 0)
		return LANG_EN;
	if (v && v->len == 2 && memcmp(v->value, "vi", 2) == 0)
		return LANG_VI;
	return r->lang;
}

void handle_monitor_signin(struct request *r)
{
	struct server *srv = r->srv;
	struct evhttp_request *req = r->req;
	struct form f = {0};
	int rc = form_parse_urlencoded((const char *)r->body, r->body_len, &f);
	enum lang l = rc == TC_OK ? form_lang(r, &f) : r->lang;
	if (rc != TC_OK || !mw_same_origin(req)) {
		form_free(&f);
		mw_reply_signin(req, l, 400, T(l, "Không đọc được biểu mẫu.", "The form could not be read."));
		return;
	}
	const struct form_field *code = form_get(&f, "code");
	const struct form_field *remember = form_get(&f, "remember");
	bool enrol = remember && remember->len == 1 && remember->value[0] == '1';
	uint8_t token[AUTH_TOKEN_BYTES];
	const struct principal *p = NULL;
	if (code && auth_token_decode((const char *)code->value, code->len, token) == TC_OK)
		p = auth_check(srv->auth, auth_now(), token);
	form_free(&f);
	if (p == NULL || strcmp(p->pub.role, "monitor") != 0) {
		explicit_bzero(token, sizeof(token));
		mw_reply_signin(req, l, 401,
			     T(l, "Mã không đúng, đã hết hạn, hoặc không phải của giám sát viên.",
			       "The code is wrong, has expired, or is not a monitor's."));
		return;
	}
	if (enrol)
		mw_device_enrol(r, token, p, l);
	else
		mw_reply_session(r, token, l, NULL);
	explicit_bzero(token, sizeof(token));
}

void handle_monitor_signout(struct request *r)
{
	struct evhttp_request *req = r->req;
	/* An unknown or expired session has nothing to end: the cookie goes either way. */
	if (mw_same_origin(req) && r->who != NULL && auth_logout(r->srv->auth, r->token) != TC_OK)
		log_msg(LOG_WARN, "a monitor's session could not be ended");
	struct evkeyvalq *out = evhttp_request_get_output_headers(req);
	evhttp_add_header(out, "Set-Cookie",
			  AUTH_MONITOR_COOKIE "=; Path=/monitor; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
	evhttp_add_header(out, "Location", "/monitor");
	http_reply_text(req, 303, "text/plain; charset=utf-8", "See /monitor\n");
}

void mw_refuse_signin(struct request *r, enum refusal why)
{
	(void)why; /* too large: the one refusal of this route, as an unreadable form */
	mw_reply_signin(r->req, r->lang, 400,
			T(r->lang, "Không đọc được biểu mẫu.", "The form could not be read."));
}

/*
 * The sign-in page for a request without a live session, saying why when
 * its cookies tell: a session that ended (its fixed time), an enrolled browser
 * (the button), or one whose enrolment expired or was revoked.
 */
static void signin_with_reason(struct request *r, enum lang l)
{
	const char *h = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Cookie");
	uint8_t t[AUTH_TOKEN_BYTES];
	bool had_session = h && auth_cookie_token(h, AUTH_MONITOR_COOKIE, t) == TC_OK, present = false;
	explicit_bzero(t, sizeof(t));
	int64_t expires = 0;
	enum case_device_state s = mw_device_state(r, &present, &expires);
	const char *why = NULL;
	if (present && s == CASE_DEVICE_EXPIRED)
		why = T(l, "Trình duyệt này đã hết hạn đăng ký. Hãy đăng ký lại bằng một mã đăng nhập "
			   "mới.",
			"This browser's enrolment has expired. Enrol it again with a new sign-in code.");
	else if (present && s == CASE_DEVICE_REVOKED)
		why = T(l, "Trình duyệt này đã bị thu hồi quyền đăng nhập. Hãy đăng ký lại bằng một mã "
			   "đăng nhập mới.",
			"This browser's enrolment was revoked. Enrol it again with a new sign-in code.");
	else if (had_session)
		why = T(l, "Phiên làm việc đã hết hạn hoặc đã kết thúc. Hãy đăng nhập lại.",
			"Your session has expired or was ended. Sign in again.");
	mw_reply_signin_device(r->req, l, 401, why, present && s == CASE_DEVICE_OK);
}

/*
 * A page without a session: the sign-in form, in the page's language --
 * after a malformed address, which is answered first, as it always was.
 */
void mw_refuse_pages(struct request *r, enum refusal why)
{
	struct monitor_query q;
	struct monitor_query_error e;
	int rc = monitor_query_read(r->query, r->query_rc, &q, &e);
	enum lang l = q.has_lang ? q.lang : r->lang;
	if (why != REFUSE_UNAUTHORIZED)
		route_refuse_problem(r, why);
	else if (rc != TC_OK)
		mw_reply_error(r->req, l, 400, "Tham số trên địa chỉ không hợp lệ.",
			       "The address has malformed or repeated parameters.");
	else
		signin_with_reason(r, l);
}
