/*
 * server_route.c - the server's dispatcher of the declarative routes (route.h):
 * part of the server (it reads its internals); the areas see only route.h.
 *
 * Routing is ours, on the raw request path (docs/INTERNALS.md
 * §evhttp-path-decoding): evhttp's own dispatcher would percent-decode
 * first, so "/%61pi/..." would reach "/api/..."; we refuse any '%' or NUL
 * in a path and match paths exactly.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/http_struct.h>
#include <event2/keyvalq_struct.h>

#include "connlimit.h"
#include "ratelimit.h"
#include "route.h"
#include "server_internal.h"
#include "tc_clock.h"

#define CASE_ID_SEGMENT "{case_id}"
#define INDEX_SEGMENT "{n}"

/* ---- Matching ---- */

/*
 * A trailing {n} segment at uri's end, of ulen bytes: 1-4 decimal digits,
 * no leading zero but "0" itself. *digits gets their count.
 */
static bool index_segment(const char *uri, size_t ulen, unsigned *n, size_t *digits)
{
	size_t k = 0;
	while (k < ulen && k < 5 && uri[ulen - 1 - k] >= '0' && uri[ulen - 1 - k] <= '9')
		k++;
	if (k == 0 || k > 4 || (k > 1 && uri[ulen - k] == '0'))
		return false;
	*n = 0;
	for (size_t i = ulen - k; i < ulen; i++)
		*n = *n * 10 + (unsigned)(uri[i] - '0');
	*digits = k;
	return true;
}

/*
 * Whether the raw path [uri, uri+plen) is pattern's; the {case_id} segment
 * copied out, a trailing {n} segment's number into *index.
 */
static bool path_matches(const char *pattern, const char *uri, size_t plen,
			 char case_id[CR_CASE_ID_LEN + 1], unsigned *index)
{
	size_t pat = strlen(pattern), idx = strlen(INDEX_SEGMENT), digits = 0;
	unsigned n = 0;
	if (pat > idx && strcmp(pattern + pat - idx, INDEX_SEGMENT) == 0) {
		if (!index_segment(uri, plen, &n, &digits))
			return false;
		pat -= idx;
		plen -= digits;
	}
	const char *seg = strstr(pattern, CASE_ID_SEGMENT);
	if (seg == NULL || (size_t)(seg - pattern) >= pat) {
		if (pat != plen || memcmp(pattern, uri, plen) != 0)
			return false;
		*index = n;
		return true;
	}
	size_t pre = (size_t)(seg - pattern);
	const char *suffix = seg + strlen(CASE_ID_SEGMENT);
	size_t suf = pat - pre - strlen(CASE_ID_SEGMENT);
	if (plen != pre + CR_CASE_ID_LEN + suf || memcmp(uri, pattern, pre) != 0 ||
	    memcmp(uri + pre + CR_CASE_ID_LEN, suffix, suf) != 0)
		return false;
	memcpy(case_id, uri + pre, CR_CASE_ID_LEN);
	case_id[CR_CASE_ID_LEN] = '\0';
	*index = n;
	return true;
}

static unsigned method_bit(enum evhttp_cmd_type cmd)
{
	switch (cmd) {
	case EVHTTP_REQ_GET:
	case EVHTTP_REQ_HEAD: return ROUTE_GET;
	case EVHTTP_REQ_POST: return ROUTE_POST;
	case EVHTTP_REQ_DELETE: return ROUTE_DELETE;
	default: return 0;
	}
}

/*
 * The route for this path and method; NULL with *allowed the methods the
 * path has (0: no such path).
 */
static const struct route *find_route(const struct server *srv, const char *uri, size_t plen,
				      unsigned method, char case_id[CR_CASE_ID_LEN + 1],
				      unsigned *index, unsigned *allowed)
{
	*allowed = 0;
	for (size_t t = 0; t < srv->n_tables; t++) {
		const struct route_table *rt = srv->tables[t];
		for (size_t i = 0; i < rt->n; i++) {
			const struct route *r = &rt->routes[i];
			if (!path_matches(r->path, uri, plen, case_id, index))
				continue;
			if (r->methods & method)
				return r;
			*allowed |= r->methods;
		}
	}
	return NULL;
}

static void reply_method_not_allowed(struct evhttp_request *req, enum lang l, unsigned allowed)
{
	char allow[48];
	bool get = allowed & ROUTE_GET, post = allowed & ROUTE_POST, del = allowed & ROUTE_DELETE;
	snprintf(allow, sizeof(allow), "%s%s%s%s%s", get ? "GET, HEAD" : "", get && post ? ", " : "",
		 post ? "POST" : "", (get || post) && del ? ", " : "", del ? "DELETE" : "");
	evhttp_add_header(evhttp_request_get_output_headers(req), "Allow", allow);
	http_reply_problem(req, PROBLEM_METHOD, l, NULL, NULL);
}

/* ---- Refusals ---- */

void route_refuse_problem(struct request *r, enum refusal why)
{
	struct evhttp_request *req = r->req;
	switch (why) {
	case REFUSE_UNAUTHORIZED:
		/* The monitors' API has always answered without a detail. */
		http_reply_bearer_unauthorized(req, r->lang, r->route->auth != ROUTE_AUTH_MONITOR);
		break;
	case REFUSE_FORBIDDEN:
		http_reply_problem(req, PROBLEM_FORBIDDEN, r->lang, NULL, NULL);
		break;
	case REFUSE_RATE_LIMITED:
		http_add_retry_after(req, r->retry_after);
		http_reply_problem(req, PROBLEM_RATE_LIMITED, r->lang, NULL, NULL);
		break;
	case REFUSE_MEDIA_TYPE:
		http_reply_problem(req, PROBLEM_MEDIA_TYPE, r->lang, NULL, NULL);
		break;
	case REFUSE_TOO_LARGE:
		http_reply_problem(req, PROBLEM_TOO_LARGE, r->lang, NULL, NULL);
		break;
	}
}

static void refuse(struct request *r, enum refusal why)
{
	if (r->route->refuse)
		r->route->refuse(r, why);
	else
		route_refuse_problem(r, why);
}

/* ---- Checks ---- */

static const struct principal *bearer_session(struct request *r)
{
	const char *h = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Authorization");
	if (auth_bearer_token(h, r->token) != TC_OK)
		return NULL;
	return auth_check(r->srv->auth, auth_now(), r->token);
}

static const struct principal *cookie_session(struct request *r)
{
	const char *h = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Cookie");
	if (auth_cookie_token(h, AUTH_MONITOR_COOKIE, r->token) != TC_OK)
		return NULL;
	const struct principal *p = auth_check(r->srv->auth, auth_now(), r->token);
	return p && strcmp(p->pub.role, "monitor") == 0 ? p : NULL;
}

/* The route's authentication; false once refused. */
static bool check_auth(struct request *r)
{
	const char *role = NULL;
	switch (r->route->auth) {
	case ROUTE_AUTH_NONE:
		return true;
	case ROUTE_AUTH_SESSION:
		r->who = bearer_session(r);
		break;
	case ROUTE_AUTH_INSPECTOR:
		r->who = bearer_session(r);
		role = "inspector";
		break;
	case ROUTE_AUTH_MONITOR:
		r->who = bearer_session(r);
		role = "monitor";
		break;
	case ROUTE_AUTH_MONITOR_COOKIE:
		r->who = cookie_session(r);
		break;
	case ROUTE_AUTH_MONITOR_COOKIE_OPTIONAL:
		r->who = cookie_session(r);
		return true;
	}
	if (r->who == NULL) {
		refuse(r, REFUSE_UNAUTHORIZED);
		return false;
	}
	if (role && strcmp(r->who->pub.role, role) != 0) {
		refuse(r, REFUSE_FORBIDDEN);
		return false;
	}
	return true;
}

bool submit_rate_ok(struct server *srv, struct evhttp_request *req, int *retry_after_s)
{
	/* NULL on a Tor listener: there the overall bucket alone applies. */
	const uint8_t *source = connlimit_source(srv->conns, evhttp_request_get_connection(req));
	if (ratelimit_check(srv->submit_limit, source, tc_monotonic_now(), true, retry_after_s))
		return true;
	if (*retry_after_s < 1)
		*retry_after_s = 1;
	return false;
}

bool challenge_rate_ok(struct server *srv, struct evhttp_request *req, int *retry_after_s)
{
	const uint8_t *source = connlimit_source(srv->conns, evhttp_request_get_connection(req));
	if (ratelimit_check(srv->challenge_limit, source, tc_monotonic_now(), true, retry_after_s))
		return true;
	if (*retry_after_s < 1)
		*retry_after_s = 1;
	return false;
}

/*
 * The route's limits, before the body is looked at: nothing is parsed,
 * hashed or looked up for a request over them.
 */
static bool check_limits(struct request *r)
{
	if (((r->route->limits & ROUTE_LIMIT_NEW_REPORT) &&
	     !submit_rate_ok(r->srv, r->req, &r->retry_after)) ||
	    ((r->route->limits & ROUTE_LIMIT_CHALLENGE) &&
	     !challenge_rate_ok(r->srv, r->req, &r->retry_after))) {
		refuse(r, REFUSE_RATE_LIMITED);
		return false;
	}
	return true;
}

/* application/json, optionally with charset=utf-8 and nothing else. */
static bool content_type_is_json(const char *ct)
{
	if (ct == NULL)
		return false;
	size_t n = strlen("application/json");
	if (strncasecmp(ct, "application/json", n) != 0)
		return false;
	const char *p = ct + n;
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return true;
	if (*p != ';')
		return false;
	p++;
	while (*p == ' ')
		p++;
	return strcasecmp(p, "charset=utf-8") == 0 || strcasecmp(p, "charset=\"utf-8\"") == 0;
}

static size_t cap_of(const struct server *srv, const struct route *rt)
{
	switch (rt->cap) {
	case ROUTE_CAP_UPLOAD: return srv->limits.max_upload + srv->limits.max_body;
	case ROUTE_CAP_BYTES: return rt->cap_bytes;
	case ROUTE_CAP_BODY: break;
	}
	return srv->limits.max_body;
}

/* The body's encoding for the route's kind; BODY_TYPE_NONE when not one it takes. */
static enum body_type body_type_of(struct request *r, const char *ct)
{
	bool multipart = form_multipart_boundary(ct, r->boundary) == TC_OK;
	switch (r->route->body) {
	case ROUTE_BODY_JSON:
		/* A prefix, as the JSON-only endpoints have always checked. */
		return ct && strncasecmp(ct, "application/json", 16) == 0 ? BODY_TYPE_JSON
									 : BODY_TYPE_NONE;
	case ROUTE_BODY_FORM:
		return BODY_TYPE_URLENCODED;
	case ROUTE_BODY_MULTIPART_OR_JSON:
		return multipart ? BODY_TYPE_MULTIPART
		       : content_type_is_json(ct) ? BODY_TYPE_JSON : BODY_TYPE_NONE;
	case ROUTE_BODY_MULTIPART_OR_FORM:
		return multipart ? BODY_TYPE_MULTIPART
		       : ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0
			       ? BODY_TYPE_URLENCODED
			       : BODY_TYPE_NONE;
	case ROUTE_BODY_NONE: break;
	}
	return BODY_TYPE_NONE;
}

/* Content type and size, in the order route.h gives; false once refused. */
static bool check_body(struct request *r)
{
	const struct route *rt = r->route;
	struct evbuffer *in = evhttp_request_get_input_buffer(r->req);
	size_t len = evbuffer_get_length(in);
	if (rt->body == ROUTE_BODY_NONE)
		return true;
	const char *ct = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Content-Type");
	bool api = rt->body == ROUTE_BODY_JSON || rt->body == ROUTE_BODY_MULTIPART_OR_JSON;
	r->cap = cap_of(r->srv, rt);
	if (!api && len > r->cap) {
		refuse(r, REFUSE_TOO_LARGE);
		return false;
	}
	r->body_type = body_type_of(r, ct);
	if (r->body_type == BODY_TYPE_NONE) {
		refuse(r, REFUSE_MEDIA_TYPE);
		return false;
	}
	if (rt->body == ROUTE_BODY_MULTIPART_OR_JSON && r->body_type == BODY_TYPE_JSON)
		r->cap = r->srv->limits.max_body;
	if (api && len > r->cap) {
		refuse(r, REFUSE_TOO_LARGE);
		return false;
	}
	const uint8_t *bytes = len ? evbuffer_pullup(in, -1) : NULL;
	r->body = bytes ? bytes : (const uint8_t *)"";
	r->body_len = bytes ? len : 0;
	return true;
}

/* ---- Framing (RFC 9112): what evhttp lets through ---- */

/* A header name is a token (RFC 9110 §5.6.2): "Content-Length : 5" is not one. */
static bool is_token(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= 0x20 || c >= 0x7f || strchr("\"(),/:;<=>?@[\\]{}", c) != NULL)
			return false;
	}
	return true;
}

/* No control character but HTAB in a field value (RFC 9110 §5.5). */
static bool value_is_clean(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return false;
	}
	return true;
}

static bool all_digits(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n <= 18 && strspn(s, "0123456789") == n;
}

/* The request target: printable ASCII only (RFC 9112 §3.2, RFC 3986). */
static bool target_is_clean(const char *uri)
{
	for (; *uri; uri++)
		if ((unsigned char)*uri <= 0x20 || (unsigned char)*uri >= 0x7f)
			return false;
	return true;
}

/*
 * Why this request's framing is refused, or NULL: evhttp 2.1 parses the
 * request line and headers itself and takes the first Content-Length,
 * "+5" as 5, a Transfer-Encoding it does not know beside a length, no Host
 * on HTTP/1.1, control bytes in values, and a name with a space in it
 * (docs/INTERNALS.md §evhttp-strict-framing). A folded line or a bare CR
 * it hides: connlimit's watch of the raw lines reports those (lines_ok).
 */
static const char *framing_fault(struct evhttp_request *req, bool lines_ok)
{
	if (!lines_ok)
		return "Header lines must not be folded, nor hold a bare CR or NUL.";
	if (!target_is_clean(evhttp_request_get_uri(req)))
		return "The request target must be printable ASCII.";
	int cl = 0, te = 0, host = 0;
	const struct evkeyval *h;
	for (h = evhttp_request_get_input_headers(req)->tqh_first; h; h = h->next.tqe_next) {
		if (!is_token(h->key) || !value_is_clean(h->value))
			return "A header has a bad name or a control character in its value.";
		if (strcasecmp(h->key, "Content-Length") == 0 && (cl++ || !all_digits(h->value)))
			return "One Content-Length, of digits only.";
		if (strcasecmp(h->key, "Transfer-Encoding") == 0 &&
		    (te++ || strcasecmp(h->value, "chunked") != 0))
			return "Transfer-Encoding: chunked only, once.";
		host += strcasecmp(h->key, "Host") == 0;
	}
	if (cl && te)
		return "Content-Length and Transfer-Encoding together.";
	if (host > 1 || (host == 0 && req->major == 1 && req->minor >= 1))
		return "HTTP/1.1 needs one Host header.";
	return NULL;
}

/* ---- Dispatch ---- */

/* Runs the route's checks, then its handler. */
static void serve(struct request *r)
{
	struct form query;
	if (r->route->query) {
		r->query_rc = form_parse_urlencoded(r->path_query, strlen(r->path_query), &query);
		r->query = &query;
	}
	if (check_auth(r) && check_limits(r) && check_body(r))
		r->route->handler(r);
	explicit_bzero(r->token, sizeof(r->token));
	if (r->query)
		form_free(&query);
}

void route_dispatch(struct evhttp_request *req, void *arg)
{
	struct server *srv = arg;
	enum lang l = http_request_lang(req);
	srv->counters.requests++;
	/* Read whole: its receiving deadline is over; answering is up to us. */
	bool lines_ok = connlimit_request_read(srv->conns, req);
	const char *fault = framing_fault(req, lines_ok);
	if (fault != NULL) {
		/* Where this request ends is in doubt: nothing more is read from the connection. */
		evhttp_add_header(evhttp_request_get_output_headers(req), "Connection", "close");
		http_reply_problem(req, PROBLEM_BAD_REQUEST, l, fault, NULL);
		return;
	}

	const char *uri = evhttp_request_get_uri(req);
	/* The raw request target: origin-form only, path up to '?'. */
	if (uri == NULL || uri[0] != '/') {
		http_reply_problem(req, PROBLEM_BAD_REQUEST, l, NULL, NULL);
		return;
	}
	size_t plen = strcspn(uri, "?#");
	if (memchr(uri, '%', plen) != NULL || plen > 256) {
		http_reply_problem(req, PROBLEM_NOT_FOUND, l, NULL, NULL);
		return;
	}
	enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
	if (srv->stopping || (srv->over_budget && cmd == EVHTTP_REQ_POST)) {
		evhttp_add_header(evhttp_request_get_output_headers(req), "Connection", "close");
		http_reply_unavailable(req, l, NULL, 5);
		return;
	}
	struct request r = {.srv = srv, .req = req, .lang = l, .body = (const uint8_t *)""};
	unsigned allowed = 0;
	r.route = find_route(srv, uri, plen, method_bit(cmd), r.case_id, &r.index, &allowed);
	if (r.route == NULL) {
		if (allowed)
			reply_method_not_allowed(req, l, allowed);
		else
			http_reply_problem(req, PROBLEM_NOT_FOUND, l, NULL, NULL);
		return;
	}
	if (r.case_id[0] && !cr_case_id_is_valid(r.case_id)) {
		http_reply_problem(req, PROBLEM_NOT_FOUND, l, NULL, NULL);
		return;
	}
	const char *q = strchr(uri, '?');
	r.path_query = q ? q + 1 : "";
	r.loop = server_loop_of(srv, req);
	serve(&r);
}
