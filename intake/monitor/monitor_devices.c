/*
 * monitor_devices.c - enrolled browsers: enrolment with a sign-in code,
 * sign-in with the device cookie, the list and revocation
 * (monitor_devices.h). Each change is a store write whose answer runs on
 * the loop that took the request, after the audit entry is durable.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "auth.h"
#include "log.h"
#include "monitor_devices.h"
#include "monitor_render.h"
#include "pending.h"
#include "server_internal.h"
#include "tc_base64.h"

#define DEVICE_SECRET_BYTES 32

struct device_write {
	struct store_write w;
	struct case_device_op op;
	struct server *srv;
	struct pending_loop *loop;
	struct evhttp_request *req;
	enum lang l;
	uint8_t secret[DEVICE_SECRET_BYTES]; /* enrolment: the cookie's, wiped after */
	uint8_t token[AUTH_TOKEN_BYTES];     /* enrolment: the code's session, spent after */
	void (*answer)(struct device_write *dw, int rc);
};

static int device_apply(struct store_txn *txn, struct store_write *w)
{
	struct device_write *dw = w->arg;
	return case_device_apply(txn, &dw->op);
}

static void device_done(struct store_write *w, int rc)
{
	struct device_write *dw = w->arg;
	atomic_fetch_sub(dw->loop->in_flight, 1);
	dw->answer(dw, rc);
	explicit_bzero(dw, sizeof(*dw));
	free(dw);
}

/* Queue dw (its op set); on failure answer 503 now. */
static void device_submit(struct device_write *dw)
{
	dw->w.apply = device_apply;
	dw->w.done = device_done;
	dw->w.arg = dw;
	dw->loop = server_pending_loop(dw->srv, dw->req);
	dw->w.inbox = dw->loop->inbox;
	dw->op.now = (int64_t)time(NULL);
	dw->op.day = dm_day_from_unix(dw->op.now);
	atomic_fetch_add(dw->loop->in_flight, 1);
	if (store_submit(dw->loop->store, &dw->w) == TC_OK)
		return;
	atomic_fetch_sub(dw->loop->in_flight, 1);
	mw_reply_error(dw->req, dw->l, 503, "Tạm thời không ghi được; hãy thử lại sau.",
		       "This cannot be saved just now; try again shortly.");
	explicit_bzero(dw, sizeof(*dw));
	free(dw);
}

static void secret_hash(struct server *srv, const uint8_t secret[DEVICE_SECRET_BYTES],
			uint8_t out[CASE_DEVICE_HASH_BYTES])
{
	cr_keyed_hash(srv->deps.server_key, "monitor-device", secret, DEVICE_SECRET_BYTES, out);
}

static int device_days(struct server *srv)
{
	int d = srv->limits.monitor_device_days;
	return d > 0 ? d : MW_DEVICE_DAYS_DEFAULT;
}

void mw_reply_session(struct request *r, const uint8_t token[AUTH_TOKEN_BYTES], enum lang l,
		      const char *device_cookie)
{
	struct evhttp_request *req = r->req;
	char cookie[200], b64[64];
	tc_base64_encode(token, AUTH_TOKEN_BYTES, b64);
	/*
	 * The cookie outlives the session by MW_SESSION_COOKIE_GRACE_S: a browser
	 * drops a cookie at its Max-Age, and then the sign-in page could not say
	 * that the session ended (issue 16: "an expired monitor credential: the
	 * sign-in page with the reason"). The token itself is dead on the server
	 * at the session's end.
	 */
	snprintf(cookie, sizeof(cookie),
		 AUTH_MONITOR_COOKIE "=%s; Path=/monitor; Max-Age=%d; Secure; HttpOnly; SameSite=Strict",
		 b64, auth_session_ttl(r->srv->auth, "monitor") + MW_SESSION_COOKIE_GRACE_S);
	explicit_bzero(b64, sizeof(b64));
	struct evkeyvalq *out = evhttp_request_get_output_headers(req);
	evhttp_add_header(out, "Set-Cookie", cookie);
	explicit_bzero(cookie, sizeof(cookie));
	if (device_cookie)
		evhttp_add_header(out, "Set-Cookie", device_cookie);
	evhttp_add_header(out, "Location", l == LANG_EN ? "/monitor?lang=en" : "/monitor");
	http_reply_text(req, 303, "text/plain; charset=utf-8", "See /monitor\n");
}

static void enrolled(struct device_write *dw, int rc)
{
	struct request r = {.srv = dw->srv, .req = dw->req};
	/* The code is spent either way: it was presented to enrol. */
	if (auth_logout(dw->srv->auth, dw->token) != TC_OK)
		log_msg(LOG_INFO, "an enrolment's sign-in code had already ended");
	uint8_t token[AUTH_TOKEN_BYTES];
	const struct principal *who = NULL;
	if (rc == TC_OK)
		rc = auth_session_open(dw->srv->auth, auth_now(), dw->op.dev.pk, token, &who);
	if (rc != TC_OK) {
		log_msg(LOG_WARN, "a monitor's browser could not be enrolled: %s", tc_strerror(rc));
		mw_reply_signin(dw->req, dw->l, 503,
				T(dw->l, "Không đăng ký được trình duyệt này; hãy thử lại với mã mới.",
				  "This browser could not be enrolled; try again with a new code."));
		return;
	}
	char cookie[200], b64[64];
	tc_base64_encode(dw->secret, DEVICE_SECRET_BYTES, b64);
	snprintf(cookie, sizeof(cookie),
		 MW_DEVICE_COOKIE "=%s; Path=/monitor; Max-Age=%d; Secure; HttpOnly; SameSite=Strict",
		 b64, device_days(dw->srv) * 86400);
	explicit_bzero(b64, sizeof(b64));
	mw_reply_session(&r, token, dw->l, cookie);
	explicit_bzero(cookie, sizeof(cookie));
	explicit_bzero(token, sizeof(token));
}

void mw_device_enrol(struct request *r, const uint8_t token[AUTH_TOKEN_BYTES],
		     const struct principal *p, enum lang l)
{
	struct device_write *dw = calloc(1, sizeof(*dw));
	if (dw == NULL) {
		mw_reply_error(r->req, l, 503, "Tạm thời không ghi được; hãy thử lại sau.",
			       "This cannot be saved just now; try again shortly.");
		return;
	}
	*dw = (struct device_write){.srv = r->srv, .req = r->req, .l = l, .answer = enrolled};
	cr_random(dw->secret, sizeof(dw->secret));
	memcpy(dw->token, token, AUTH_TOKEN_BYTES);
	dw->op.kind = CASE_DEVICE_ENROL;
	secret_hash(r->srv, dw->secret, dw->op.dev.hash);
	memcpy(dw->op.dev.pk, p->pub.pk, CASE_DEVICE_PK_BYTES);
	dw->op.dev.created = (int64_t)time(NULL);
	dw->op.dev.expires = dw->op.dev.created + (int64_t)device_days(r->srv) * 86400;
	device_submit(dw);
}

/* The device cookie's hash: false when there is none or it is malformed. */
static bool cookie_hash(struct request *r, uint8_t hash[CASE_DEVICE_HASH_BYTES])
{
	const char *h = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Cookie");
	uint8_t secret[AUTH_TOKEN_BYTES];
	_Static_assert(AUTH_TOKEN_BYTES == DEVICE_SECRET_BYTES, "a device secret decodes as a token");
	if (h == NULL || auth_cookie_token(h, MW_DEVICE_COOKIE, secret) != TC_OK)
		return false;
	secret_hash(r->srv, secret, hash);
	explicit_bzero(secret, sizeof(secret));
	return true;
}

enum case_device_state mw_device_state(struct request *r, bool *present, int64_t *expires)
{
	uint8_t hash[CASE_DEVICE_HASH_BYTES];
	*present = cookie_hash(r, hash);
	*expires = 0;
	if (!*present)
		return CASE_DEVICE_UNKNOWN;
	struct store_txn *t = NULL;
	struct case_device d;
	enum case_device_state s = CASE_DEVICE_UNKNOWN;
	if (store_read_begin(r->srv->deps.store, &t) == TC_OK) {
		if (case_device_get(t, hash, &d) == TC_OK) {
			s = case_device_check(&d, (int64_t)time(NULL));
			*expires = d.expires;
		}
		store_read_end(t);
	}
	return s;
}

static const char *clear_device_cookie =
	MW_DEVICE_COOKIE "=; Path=/monitor; Max-Age=0; Secure; HttpOnly; SameSite=Strict";

static void device_signed_in(struct device_write *dw, int rc)
{
	struct request r = {.srv = dw->srv, .req = dw->req};
	enum lang l = dw->l;
	uint8_t token[AUTH_TOKEN_BYTES];
	const struct principal *who = NULL;
	const char *why = NULL;
	if (rc == TC_ESTATE)
		why = dw->op.state == CASE_DEVICE_EXPIRED
			      ? T(l, "Trình duyệt này đã hết hạn đăng ký. Hãy đăng ký lại bằng một mã "
				     "đăng nhập mới.",
				  "This browser's enrolment has expired. Enrol it again with a new "
				  "sign-in code.")
		      : dw->op.state == CASE_DEVICE_REVOKED
			      ? T(l, "Trình duyệt này đã bị thu hồi quyền đăng nhập. Hãy đăng ký lại "
				     "bằng một mã đăng nhập mới.",
				  "This browser's enrolment was revoked. Enrol it again with a new "
				  "sign-in code.")
			      : T(l, "Trình duyệt này chưa được đăng ký.", "This browser is not enrolled.");
	else if (rc != TC_OK)
		why = T(l, "Tạm thời không đăng nhập được; hãy thử lại sau.",
			"Signing in is not possible just now; try again shortly.");
	else if (auth_session_open(dw->srv->auth, auth_now(), dw->op.dev.pk, token, &who) != TC_OK)
		why = T(l, "Khóa giám sát của bạn đã bị thu hồi.", "Your monitor key has been revoked.");
	if (why) {
		if (rc == TC_ESTATE)
			evhttp_add_header(evhttp_request_get_output_headers(dw->req), "Set-Cookie",
					  clear_device_cookie);
		mw_reply_signin(dw->req, l, rc == TC_ESTATE || rc == TC_OK ? 401 : 503, why);
		return;
	}
	mw_reply_session(&r, token, l, NULL);
	explicit_bzero(token, sizeof(token));
}

void handle_monitor_device_signin(struct request *r)
{
	enum lang l = r->lang;
	struct form f = {0};
	if (form_parse_urlencoded((const char *)r->body, r->body_len, &f) == TC_OK) {
		const struct form_field *v = form_get(&f, "lang");
		if (v && v->len == 2 && memcmp(v->value, "en", 2) == 0)
			l = LANG_EN;
	}
	form_free(&f);
	struct device_write *dw = calloc(1, sizeof(*dw));
	if (!mw_same_origin(r->req) || dw == NULL) {
		free(dw);
		mw_reply_signin(r->req, l, 400, T(l, "Không đọc được biểu mẫu.", "The form could not be read."));
		return;
	}
	*dw = (struct device_write){.srv = r->srv, .req = r->req, .l = l, .answer = device_signed_in};
	dw->op.kind = CASE_DEVICE_SIGNIN;
	if (!cookie_hash(r, dw->op.dev.hash)) {
		free(dw);
		mw_reply_signin(r->req, l, 401,
				T(l, "Trình duyệt này chưa được đăng ký.", "This browser is not enrolled."));
		return;
	}
	device_submit(dw);
}
