/*
 * desk_server.c - the desk's HTTP server on loopback and its gate.
 *
 * The desk holds decrypted cases and an unlocked unit key, so every request
 * passes the same checks, in this order, before any page is made:
 *   1. Host is exactly this desk's (127.0.0.1:PORT or localhost:PORT): a
 *      page of another site whose name was made to resolve to 127.0.0.1
 *      (DNS rebinding) sends its own name and is refused;
 *   2. the one-time token of the printed URL becomes a cookie
 *      (HttpOnly, SameSite=Strict) and is spent; without that cookie
 *      nothing but the refusal page is answered;
 *   3. a POST must be a same-origin form with the CSRF token (Origin and
 *      Sec-Fetch-Site when the browser sends them, and the token always).
 * Every answer forbids caching, framing, referrers and any script or
 * resource from elsewhere (desk_send_page).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <time.h>

#include <event2/event.h>
#include <event2/http.h>

#include "cr.h"
#include "desk_documents.h"
#include "desk_internal.h"
#include "wipe_alloc.h"
#include "tc_client.h"
#include "tc_err.h"

#define DESK_FORM_MAX (128 * 1024)

static void hex_secret(char out[DESK_SECRET_HEX + 1])
{
	uint8_t b[DESK_SECRET_HEX / 2];
	cr_random(b, sizeof(b));
	for (size_t i = 0; i < sizeof(b); i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	explicit_bzero(b, sizeof(b));
}

/* Constant-time comparison of a secret with what the browser sent. */
static int same_secret(const char *secret, const char *given)
{
	if (given == NULL || secret[0] == '\0' || strlen(given) != DESK_SECRET_HEX)
		return 0;
	return cr_equal((const uint8_t *)secret, (const uint8_t *)given, DESK_SECRET_HEX);
}

static void security_headers(struct evkeyvalq *h, int page)
{
	evhttp_add_header(h, "Cache-Control", "no-store");
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "Referrer-Policy", "no-referrer");
	evhttp_add_header(h, "X-Frame-Options", "DENY");
	evhttp_add_header(h, "Cross-Origin-Opener-Policy", "same-origin");
	evhttp_add_header(h, "Cross-Origin-Resource-Policy", "same-origin");
	if (page)
		evhttp_add_header(h, "Content-Security-Policy",
				  "default-src 'none'; style-src 'self'; img-src 'self'; "
				  "frame-src 'self'; form-action 'self'; frame-ancestors 'none'; "
				  "base-uri 'none'");
}

void desk_send_page(struct desk_req *r, int status)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
	evhttp_add_header(h, "Content-Type", "text/html; charset=utf-8");
	evhttp_add_header(h, "Content-Language", r->lang == DESK_EN ? "en" : "vi");
	security_headers(h, 1);
	evhttp_send_reply(r->req, status, status == 200 ? "OK" : "Error", r->out);
}

void desk_redirect(struct desk_req *r, const char *location)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
	security_headers(h, 1);
	evhttp_add_header(h, "Location", location);
	evhttp_send_reply(r->req, 303, "See Other", NULL);
}

void desk_error_page(struct desk_req *r, int status, const char *title, const char *text)
{
	evbuffer_drain(r->out, evbuffer_get_length(r->out));
	dh_page_begin(r, title);
	dh_notice(r, "error", text);
	dh_raw(r, "<p><a href=\"/\">");
	dh_text(r, T(r, "Về hộp hồ sơ", "Back to the inbox"));
	dh_raw(r, "</a></p>");
	dh_page_end(r);
	desk_send_page(r, status);
}

/* Parse an urlencoded text into out. 0, or -1 (malformed, a repeated or NUL field, memory). */
static int fields_parse(const char *s, size_t n, struct desk_fields *out)
{
	memset(out->text, 0, sizeof(out->text));
	if (form_parse_urlencoded(s, n, &out->f) != TC_OK)
		return -1;
	for (size_t i = 0; i < out->f.n; i++) {
		out->text[i] = wipe_malloc(out->f.f[i].len + 1);
		if (out->text[i] == NULL)
			return -1;
		memcpy(out->text[i], out->f.f[i].value, out->f.f[i].len);
		out->text[i][out->f.f[i].len] = '\0';
	}
	return 0;
}

static void fields_free(struct desk_fields *x)
{
	for (size_t i = 0; i < FORM_MAX_FIELDS; i++)
		wipe_free(x->text[i]); /* wipe_free clears what it frees: replies, notes, reasons */
	form_free(&x->f);
	memset(x, 0, sizeof(*x));
}

static const char *field(const struct desk_fields *x, const char *name)
{
	for (size_t i = 0; i < x->f.n; i++)
		if (x->text[i] && strcmp(x->f.f[i].name, name) == 0)
			return x->text[i];
	return NULL;
}

const char *desk_form(const struct desk_req *r, const char *name)
{
	return field(&r->form, name);
}

const char *desk_param(const struct desk_req *r, const char *name)
{
	return field(&r->query, name);
}

/* The cookie's value in a Cookie header, copied into out ("" if absent). */
static void cookie_value(const char *header, char *out, size_t cap)
{
	out[0] = '\0';
	for (const char *p = header; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		size_t n = strcspn(p, ";");
		if (n > 10 && strncmp(p, "tocao_desk=", 11) == 0 && n - 11 < cap) {
			memcpy(out, p + 11, n - 11);
			out[n - 11] = '\0';
			return;
		}
		p += n;
	}
}

static int cookie_ok(const struct desk *d, struct evhttp_request *req)
{
	char v[DESK_SECRET_HEX + 8];
	cookie_value(evhttp_find_header(evhttp_request_get_input_headers(req), "Cookie"), v,
		     sizeof(v));
	return same_secret(d->cookie, v);
}

/* The language: ?lang= or the cookie tocao_lang, else the desk's default. */
static enum desk_lang lang_of(const struct desk *d, struct evhttp_request *req,
			      const struct desk_fields *query)
{
	const char *q = field(query, "lang");
	const char *c = evhttp_find_header(evhttp_request_get_input_headers(req), "Cookie");
	if (q)
		return strcmp(q, "en") == 0 ? DESK_EN : DESK_VI;
	if (c && strstr(c, "tocao_lang=en"))
		return DESK_EN;
	if (c && strstr(c, "tocao_lang=vi"))
		return DESK_VI;
	return d->o->english ? DESK_EN : DESK_VI;
}

/*
 * Refused at the gate: a bare page that says why and nothing else (no
 * navigation, no unit, not the address asked for).
 */
static void refuse(struct desk_req *r, int status, const char *why_vi, const char *why_en)
{
	evbuffer_drain(r->out, evbuffer_get_length(r->out));
	dh_fmt(r, "<!doctype html><html lang=\"%s\"><head><meta charset=\"utf-8\"><title>%s"
		  "</title></head><body><h1>%s</h1><p>",
	       r->lang == DESK_EN ? "en" : "vi", T(r, "Không được phép", "Not allowed"),
	       T(r, "Không được phép", "Not allowed"));
	dh_text(r, T(r, why_vi, why_en));
	dh_raw(r, "</p></body></html>");
	desk_send_page(r, status);
}

/* GET /open?token=...: the printed URL, once; its token becomes the cookie. */
static void open_with_token(struct desk_req *r)
{
	struct desk *d = r->d;
	if (!same_secret(d->open_token, desk_param(r, "token"))) {
		refuse(r, 403,
		       "Đường dẫn này đã được dùng hoặc không đúng. Mỗi lần chạy, tocao desk in ra "
		       "một đường dẫn chỉ mở được một lần: chạy lại tocao desk để có đường dẫn mới.",
		       "This link was already used or is wrong. Each run of tocao desk prints a link "
		       "that opens once: run tocao desk again for a new one.");
		return;
	}
	explicit_bzero(d->open_token, sizeof(d->open_token));
	hex_secret(d->cookie);
	hex_secret(d->csrf);
	char set[160];
	snprintf(set, sizeof(set), "tocao_desk=%s; HttpOnly; SameSite=Strict; Path=/", d->cookie);
	evhttp_add_header(evhttp_request_get_output_headers(r->req), "Set-Cookie", set);
	desk_redirect(r, "/");
}

/* GET /lang?to=vi|en&back=/path: remember the language in a cookie. */
static void set_lang(struct desk_req *r)
{
	const char *to = desk_param(r, "to"), *back = desk_param(r, "back");
	const char *v = to && strcmp(to, "en") == 0 ? "en" : "vi";
	char set[96];
	snprintf(set, sizeof(set), "tocao_lang=%s; SameSite=Strict; Path=/; Max-Age=31536000", v);
	evhttp_add_header(evhttp_request_get_output_headers(r->req), "Set-Cookie", set);
	/* Only a path of this desk: never an address elsewhere ("//host" or "/\host"). */
	if (back == NULL || back[0] != '/' || back[1] == '/' || back[1] == '\\' ||
	    strpbrk(back, "\r\n"))
		back = "/";
	desk_redirect(r, back);
}

/* A multipart body (the reception entry) into r->form, its text fields also as C strings. */
static int multipart_parse(struct desk_req *r, const char *ct)
{
	char boundary[FORM_MAX_BOUNDARY + 1];
	struct evbuffer *in = evhttp_request_get_input_buffer(r->req);
	size_t n = evbuffer_get_length(in);
	if (form_multipart_boundary(ct, boundary) != TC_OK || n > DESK_RECEPTION_MAX ||
	    (r->body = wipe_malloc(n + 1)) == NULL)
		return -1;
	r->body_len = n;
	evbuffer_copyout(in, r->body, n);
	if (form_parse_multipart(r->body, n, boundary, &r->form.f) != TC_OK)
		return -1;
	for (size_t i = 0; i < r->form.f.n; i++) {
		const struct form_field *f = &r->form.f.f[i];
		if (f->is_file)
			continue;
		if ((r->form.text[i] = wipe_malloc(f->len + 1)) == NULL)
			return -1;
		memcpy(r->form.text[i], f->value, f->len);
		r->form.text[i][f->len] = '\0';
	}
	return 0;
}

/*
 * The checks of a POST (comment at the top); its fields parsed into r->form. 0 if it passes.
 * Only the reception entry takes multipart/form-data (its scan) and up to
 * DESK_RECEPTION_MAX bytes; every other form is urlencoded, DESK_FORM_MAX at most.
 */
static int post_ok(struct desk_req *r)
{
	struct desk *d = r->d;
	struct evkeyvalq *in = evhttp_request_get_input_headers(r->req);
	const char *ct = evhttp_find_header(in, "Content-Type");
	const char *origin = evhttp_find_header(in, "Origin");
	const char *site = evhttp_find_header(in, "Sec-Fetch-Site");
	int reception = strcmp(r->path, "/reception") == 0;
	char o2[80];
	snprintf(o2, sizeof(o2), "http://%s", d->hosts[1]);
	if (site && strcmp(site, "same-origin") != 0)
		return -1;
	/*
	 * Under Referrer-Policy: no-referrer, Chromium sends "Origin: null" on
	 * the desk's own form POSTs: take it only when Sec-Fetch-Site says
	 * same-origin (the CSRF token below is required either way).
	 */
	int null_same = origin && strcmp(origin, "null") == 0 && site != NULL;
	if (origin && !null_same && strcmp(origin, d->origin) != 0 && strcmp(origin, o2) != 0)
		return -1;
	if (reception && ct && strncasecmp(ct, "multipart/form-data", 19) == 0) {
		if (multipart_parse(r, ct) != 0)
			return -1;
		return same_secret(d->csrf, desk_form(r, "csrf")) ? 0 : -1;
	}
	if (ct == NULL || strncmp(ct, "application/x-www-form-urlencoded", 33) != 0)
		return -1;
	struct evbuffer *body = evhttp_request_get_input_buffer(r->req);
	size_t n = evbuffer_get_length(body);
	if (n > DESK_FORM_MAX)
		return -1;
	char *text = malloc(n + 1);
	if (text == NULL)
		return -1;
	evbuffer_copyout(body, text, n);
	text[n] = '\0';
	int rc = fields_parse(text, n, &r->form);
	explicit_bzero(text, n);
	free(text);
	if (rc != 0)
		return -1;
	return same_secret(d->csrf, desk_form(r, "csrf")) ? 0 : -1;
}

/* A case id as the daemon makes them: 1 to 31 letters and digits. */
static int case_id_ok(const char *s, size_t n)
{
	if (n == 0 || n > 31)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z')))
			return 0;
	return 1;
}

extern const char desk_css[];

static void send_css(struct desk_req *r)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
	evhttp_add_header(h, "Content-Type", "text/css; charset=utf-8");
	security_headers(h, 0);
	evbuffer_add(r->out, desk_css, strlen(desk_css));
	evhttp_send_reply(r->req, 200, "OK", r->out);
}

/* /case/ID[/rest]: the case page, a change (POST) or a file. */
static void route_case(struct desk_req *r, int post)
{
	const char *p = r->path + 6;
	size_t n = strcspn(p, "/");
	char id[32];
	if (!case_id_ok(p, n)) {
		desk_error_page(r, 404, T(r, "Không có hồ sơ này", "No such case"),
				T(r, "Mã hồ sơ không đúng.", "Not a case id."));
		return;
	}
	memcpy(id, p, n);
	id[n] = '\0';
	const char *rest = p[n] == '/' ? p + n + 1 : "";
	if (desk_documents_route(r, id, rest, post))
		return;
	if (post)
		desk_case_post(r, id, rest);
	else if (rest[0] == '\0')
		desk_case_page(r, id);
	else
		desk_file(r, id, rest);
}

/* Browsers ask for an icon on every page: "none" rather than a 404 in the console. */
static void no_icon(struct desk_req *r)
{
	security_headers(evhttp_request_get_output_headers(r->req), 0);
	evhttp_send_reply(r->req, 204, "No Content", NULL);
}

static void dispatch(struct desk_req *r)
{
	enum evhttp_cmd_type m = evhttp_request_get_command(r->req);
	int post = m == EVHTTP_REQ_POST;
	if (m != EVHTTP_REQ_GET && m != EVHTTP_REQ_HEAD && !post) {
		desk_error_page(r, 405, T(r, "Không được phép", "Not allowed"), "GET, POST");
		return;
	}
	if (post && post_ok(r) != 0) {
		refuse(r, 403,
		       "Biểu mẫu không hợp lệ (thiếu mã chống giả mạo hoặc gửi từ trang khác): "
		       "không có gì thay đổi. Hãy mở lại trang và gửi lại.",
		       "The form is not valid (no anti-forgery token, or sent from another site): "
		       "nothing was changed. Open the page again and resend it.");
		return;
	}
	if (!post && strcmp(r->path, "/") == 0)
		desk_inbox(r);
	else if (strncmp(r->path, "/case/", 6) == 0)
		route_case(r, post);
	else if (!post && strcmp(r->path, "/transfers") == 0)
		desk_transfers_page(r);
	else if (post && strcmp(r->path, "/reload") == 0)
		desk_reload_post(r);
	else if (strcmp(r->path, "/reception") == 0 && post)
		desk_reception_post(r);
	else if (strcmp(r->path, "/reception") == 0)
		desk_reception_page(r);
	else if (!post && strcmp(r->path, "/favicon.ico") == 0)
		no_icon(r);
	else
		desk_error_page(r, 404, T(r, "Không có trang này", "No such page"),
				T(r, "Trang này không có trong bàn làm việc.",
				  "The desk has no such page."));
}

static void on_request(struct evhttp_request *req, void *arg)
{
	struct desk *d = arg;
	struct desk_req r = {.d = d, .req = req, .out = evbuffer_new()};
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	const char *host = evhttp_find_header(evhttp_request_get_input_headers(req), "Host");
	const char *q = uri ? evhttp_uri_get_query(uri) : NULL;
	r.path = uri ? evhttp_uri_get_path(uri) : NULL;
	int bad_query = q && fields_parse(q, strlen(q), &r.query) != 0;
	r.lang = lang_of(d, req, &r.query);
	if (r.out == NULL || r.path == NULL) {
		evhttp_send_error(req, 400, NULL);
	} else if (bad_query) {
		desk_error_page(&r, 400, T(&r, "Địa chỉ không hợp lệ", "Invalid address"),
				T(&r, "Tham số của địa chỉ bị lặp hoặc sai mã hóa.",
				  "The address repeats a parameter or is badly encoded."));
	} else if (host == NULL || (strcmp(host, d->hosts[0]) != 0 && strcmp(host, d->hosts[1]) != 0)) {
		refuse(&r, 421, "Bàn làm việc chỉ trả lời tên máy của chính nó.",
		       "The desk answers only its own host name.");
	} else if (strcmp(r.path, "/open") == 0) {
		open_with_token(&r);
	} else if (!cookie_ok(d, req)) {
		refuse(&r, 403,
		       "Hãy mở đường dẫn mà lệnh tocao desk in ra (dòng đầu tiên).",
		       "Open the link that tocao desk printed (its first line).");
	} else if (strcmp(r.path, "/static/desk.css") == 0) {
		send_css(&r);
	} else if (strcmp(r.path, "/static/paper.css") == 0) {
		desk_paper_css(&r);
	} else if (strcmp(r.path, "/lang") == 0) {
		set_lang(&r);
	} else {
		dispatch(&r);
	}
	fields_free(&r.query);
	fields_free(&r.form);
	wipe_free(r.body); /* the scan and every field of a reception entry */
	if (r.out)
		evbuffer_free(r.out);
	if (d->o->max_requests && ++d->requests >= d->o->max_requests)
		event_base_loopexit(d->base, NULL);
}

/* "127.0.0.1:PORT", "localhost:PORT" or "[::1]:PORT" into an address of loopback. */
static int parse_listen(const char *listen, char *addr, size_t cap, unsigned *port)
{
	const char *colon = strrchr(listen, ':');
	char *end = NULL;
	if (colon == NULL)
		return -1;
	unsigned long p = strtoul(colon + 1, &end, 10);
	size_t n = (size_t)(colon - listen);
	if (*end != '\0' || colon[1] == '\0' || p > 65535 || n == 0 || n >= cap)
		return -1;
	if (strncmp(listen, "localhost:", 10) == 0)
		snprintf(addr, cap, "127.0.0.1");
	else if (strncmp(listen, "[::1]:", 6) == 0)
		snprintf(addr, cap, "::1");
	else if (strncmp(listen, "127.", 4) == 0)
		snprintf(addr, cap, "%.*s", (int)n, listen);
	else
		return -1; /* loopback only: the desk holds decrypted cases */
	*port = (unsigned)p;
	return 0;
}

/* The port the kernel gave (for PORT 0). */
static unsigned bound_port(struct evhttp_bound_socket *bs)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	if (getsockname(evhttp_bound_socket_get_fd(bs), (struct sockaddr *)&ss, &len) != 0)
		return 0;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	event_base_loopexit(arg, NULL);
}

/* Listen on o->listen; d->origin and d->hosts set. -1 with err. */
static int desk_listen(struct desk *d, char *err, size_t cap)
{
	char addr[64];
	unsigned port;
	if (parse_listen(d->o->listen ? d->o->listen : "127.0.0.1:0", addr, sizeof(addr), &port)) {
		snprintf(err, cap, "--listen takes 127.0.0.1:PORT, localhost:PORT or [::1]:PORT "
				   "(the desk answers on this machine only)");
		return -1;
	}
	struct evhttp_bound_socket *bs = evhttp_bind_socket_with_handle(d->http, addr,
									  (ev_uint16_t)port);
	if (bs == NULL) {
		snprintf(err, cap, "cannot listen on %s port %u: %s", addr, port, strerror(errno));
		return -1;
	}
	/*
	 * A page goes out in several writes: without TCP_NODELAY the last one
	 * waits for the browser's delayed ACK, 40 ms on every page of a kept-alive
	 * connection. Accepted sockets inherit it (Linux).
	 */
	int one = 1;
	setsockopt(evhttp_bound_socket_get_fd(bs), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	port = bound_port(bs);
	int v6 = strchr(addr, ':') != NULL;
	snprintf(d->hosts[0], sizeof(d->hosts[0]), v6 ? "[%s]:%u" : "%s:%u", addr, port);
	snprintf(d->hosts[1], sizeof(d->hosts[1]), "localhost:%u", port);
	snprintf(d->origin, sizeof(d->origin), "http://%s", d->hosts[0]);
	return 0;
}

/* The unit's key, the inspector's key, and the cases in memory. */
static int desk_load(struct desk *d, char *err, size_t cap)
{
	uint8_t pk[CR_SIGN_PK_BYTES];
	d->unit = *cr_unit_secret_pub(d->sec);
	if (tcc_my_key(d->s, pk) == TC_OK) {
		char *b = tcc_b64(pk, sizeof(pk));
		snprintf(d->my_key, sizeof(d->my_key), "%s", b ? b : "");
		free(b);
	}
	desk_index_init(&d->ix, dm_day_from_unix((int64_t)time(NULL)));
	char why[256] = "";
	int st = desk_index_load(&d->ix, d->s, d->sec, why, sizeof(why));
	if (st != 200) {
		snprintf(err, cap, "cannot read the unit's cases: %s", why);
		return -1;
	}
	return 0;
}

static int desk_serve(struct desk *d, FILE *out, void (*on_ready)(const char *url))
{
	char url[200];
	hex_secret(d->open_token);
	snprintf(url, sizeof(url), "%s/open?token=%s", d->origin, d->open_token);
	fprintf(out, "%s\n", url);
	fprintf(out, "%zu cases of %s read in %.2f s. Stop the desk with Ctrl-C.\n", d->ix.n,
		d->unit.unit, d->ix.load_seconds);
	fflush(out);
	if (on_ready)
		on_ready(url);
	explicit_bzero(url, sizeof(url));
	struct event *si = evsignal_new(d->base, SIGINT, on_signal, d->base);
	struct event *st = evsignal_new(d->base, SIGTERM, on_signal, d->base);
	if (si == NULL || st == NULL || event_add(si, NULL) || event_add(st, NULL))
		return -1;
	int rc = event_base_dispatch(d->base);
	event_free(si);
	event_free(st);
	return rc < 0 ? -1 : 0;
}

int desk_run(struct tcc_session *s, const struct cr_unit_secret *sec,
	     const struct desk_options *o, FILE *out, void (*on_ready)(const char *url),
	     char *err, size_t err_cap)
{
	struct desk *d = calloc(1, sizeof(*d));
	int rc = -1;
	if (d == NULL) {
		snprintf(err, err_cap, "out of memory");
		return -1;
	}
	d->s = s;
	d->sec = sec;
	d->o = o;
	d->base = event_base_new();
	d->http = d->base ? evhttp_new(d->base) : NULL;
	if (d->http == NULL) {
		snprintf(err, err_cap, "cannot start the event loop");
	} else {
		/*
		 * evhttp has one cap for all paths: the reception entry's. post_ok holds
		 * every other POST to DESK_FORM_MAX, and only /reception to this.
		 */
		evhttp_set_max_body_size(d->http, DESK_RECEPTION_MAX);
		evhttp_set_allowed_methods(d->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD);
		evhttp_set_gencb(d->http, on_request, d);
		if (desk_listen(d, err, err_cap) == 0 && desk_load(d, err, err_cap) == 0)
			rc = desk_serve(d, out, on_ready);
	}
	if (d->http)
		evhttp_free(d->http);
	if (d->base)
		event_base_free(d->base);
	desk_index_free(&d->ix);
	explicit_bzero(d, sizeof(*d));
	free(d);
	return rc;
}
