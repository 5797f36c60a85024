/*
 * monitor_web.c - the Fatherland Front monitors' pages (docs/API.md
 * "Monitors' pages"): a dashboard a provincial committee can put on a screen
 * (figures, timeliness charts drawn on the server as SVG, the overdue list,
 * filters), a CSV download of every table, and a printable period report.
 *
 * No JavaScript anywhere. Sign-in: the monitor runs `tocao signin` (a
 * signed challenge with their own key, as for the API) and pastes the
 * sign-in code it prints into the form at /monitor, once; the server keeps
 * that session token in a cookie that is Secure, HttpOnly, SameSite=Strict
 * and limited to /monitor, so no other site can make the browser use it
 * and no script can read it. The session ends after 15 minutes like any
 * other, or at "Sign out".
 *
 * Everything shown is anonymous: counts (cells under 3 shown as "<3",
 * rates over fewer than 3 settled cases not shown), and overdue rows with
 * case id, unit, track, category, received day, status, deadline and days
 * overdue — never text, names, attachments or times of day.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "auth.h"
#include "charts.h"
#include "dm_case.h"
#include "dm_units.h"
#include "dm_watch.h"
#include "form.h"
#include "html.h"
#include "log.h"
#include "case_figures.h"
#include "monitor_web.h"
#include "server_internal.h"
#include "tc_base64.h"
#include "wipe_alloc.h"

#define T(l, vi, en) ((l) == LANG_EN ? (en) : (vi))
#define COOKIE_NAME MONITOR_COOKIE
#define OVERDUE_PAGE_ROWS 100
#define OVERDUE_CSV_ROWS 20000
#define PERIOD_MAX_DAYS 3660

/* What one request asks to see, checked. */
struct view {
	enum lang l;
	const struct principal *who;
	struct mf_filter filter;
	dm_day from, to, today;
	char qs[192]; /* the same filters as a query string (validated values only) */
	char table[16]; /* /monitor/table.csv: which table (checked there) */
};

/* What to render once a view's figures are ready. */
enum render { RENDER_PAGE, RENDER_REPORT, RENDER_CSV };
struct view_job {
	struct view v;
	enum render what;
	int table; /* RENDER_CSV: enum table */
};
static void with_figures(struct server *srv, struct evhttp_request *req, const struct view *v,
			 enum render what, int table);

/* ---- Sessions from the cookie ---- */

/* The value of our cookie in a Cookie header, or NULL; *len its length. */
static const char *cookie_value(const char *header, size_t *len)
{
	const size_t name_len = sizeof(COOKIE_NAME) - 1;
	for (const char *p = header; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n > name_len && strncmp(p, COOKIE_NAME, name_len) == 0 && p[name_len] == '=') {
			*len = n - name_len - 1;
			return p + name_len + 1;
		}
		p = end;
	}
	return NULL;
}

int monitor_cookie_token(const char *cookie_header, uint8_t token[AUTH_TOKEN_BYTES])
{
	size_t n = 0;
	const char *v = cookie_value(cookie_header, &n);
	return v && auth_token_decode(v, n, token) == 0 ? 0 : -1;
}

static const struct principal *cookie_monitor(struct server *srv, struct evhttp_request *req,
					      uint8_t token[AUTH_TOKEN_BYTES])
{
	if (monitor_cookie_token(evhttp_find_header(evhttp_request_get_input_headers(req), "Cookie"),
				 token) != 0)
		return NULL;
	const struct principal *p = auth_check(srv->auth, auth_now(), token);
	return p && strcmp(p->pub.role, "monitor") == 0 ? p : NULL;
}

/* ---- Page frame ---- */

static void page_head(struct html *h, enum lang l, const char *title, bool signed_in,
		      const char *qs)
{
	html_rawf(h, "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
		  lang_code(l));
	html_raw(h, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<meta name=\"referrer\" content=\"no-referrer\">\n"
		    "<meta name=\"robots\" content=\"noindex\">\n"
		    "<link rel=\"stylesheet\" href=\"/static/style.css\">\n<title>");
	html_text(h, title);
	html_raw(h, " — ");
	html_text(h, T(l, "Giám sát việc giải quyết khiếu nại, tố cáo",
		       "Oversight of complaints and denunciations"));
	html_raw(h, "</title>\n</head>\n<body class=\"monitor\">\n<header class=\"site\">\n"
		    "<a class=\"brand\" href=\"/monitor");
	html_raw(h, l == LANG_EN ? "?lang=en" : "");
	html_raw(h, "\">");
	html_text(h, T(l, "Giám sát — Mặt trận Tổ quốc Việt Nam",
		       "Oversight — Vietnam Fatherland Front"));
	html_raw(h, "</a>\n<nav class=\"lang\">");
	if (signed_in) {
		html_raw(h, "<a href=\"/monitor?");
		html_text(h, qs);
		html_raw(h, "\">");
		html_text(h, T(l, "Bảng theo dõi", "Dashboard"));
		html_raw(h, "</a> <a href=\"/monitor/report?");
		html_text(h, qs);
		html_raw(h, "\">");
		html_text(h, T(l, "Báo cáo để in", "Printable report"));
		html_raw(h, "</a> ");
	}
	html_raw(h, l == LANG_EN ? "<a href=\"?lang=vi\" hreflang=\"vi\" lang=\"vi\">Tiếng Việt</a>"
				 : "<a href=\"?lang=en\" hreflang=\"en\" lang=\"en\">English</a>");
	if (signed_in) {
		html_raw(h, "<form class=\"signout\" method=\"post\" action=\"/monitor/signout\">"
			    "<button type=\"submit\">");
		html_text(h, T(l, "Đăng xuất", "Sign out"));
		html_raw(h, "</button></form>");
	}
	html_raw(h, "</nav>\n</header>\n<main>\n");
}

static void page_foot(struct html *h, enum lang l)
{
	html_raw(h, "</main>\n<footer class=\"site\"><p>");
	html_text(h, T(l, "Số liệu ẩn danh: không có nội dung đơn, tên người hay giờ giấc; ô có 1 "
			  "hoặc 2 trường hợp hiển thị là \"<3\". Ngày tính theo giờ Việt Nam.",
		       "Anonymous figures: no report text, no names, no times of day; a cell of 1 "
		       "or 2 cases shows as \"<3\". Days are Vietnam's."));
	html_raw(h, "</p></footer>\n</body>\n</html>\n");
}

static void reply_page(struct evhttp_request *req, int status, struct html *h)
{
	size_t len = 0;
	char *page = html_finish(h, &len);
	http_reply_html(req, status, page, len);
}

static void reply_error(struct evhttp_request *req, enum lang l, int status, const char *vi,
			const char *en)
{
	struct html h;
	html_init(&h);
	page_head(&h, l, T(l, "Lỗi", "Error"), false, "");
	html_rawf(&h, "<h1>%d — ", status);
	html_text(&h, T(l, "Không hiển thị được", "Cannot show this"));
	html_raw(&h, "</h1>\n<p class=\"error\">");
	html_text(&h, T(l, vi, en));
	html_raw(&h, "</p>\n<p><a href=\"/monitor\">");
	html_text(&h, T(l, "Quay lại bảng theo dõi", "Back to the dashboard"));
	html_raw(&h, "</a></p>\n");
	page_foot(&h, l);
	reply_page(req, status, &h);
}

/* ---- Sign-in ---- */

static void reply_signin(struct evhttp_request *req, enum lang l, int status, const char *error)
{
	struct html h;
	html_init(&h);
	page_head(&h, l, T(l, "Đăng nhập", "Sign in"), false, "");
	html_raw(&h, "<h1>");
	html_text(&h, T(l, "Đăng nhập dành cho giám sát viên", "Sign-in for monitors"));
	html_raw(&h, "</h1>\n<p>");
	html_text(&h, T(l, "Trên máy của mình, chạy lệnh dưới đây với khóa giám sát của bạn, rồi dán "
			   "mã đăng nhập nó in ra vào ô bên dưới. Mã dùng được 15 phút; trình duyệt "
			   "chỉ gửi nó về trang này.",
		       "On your own machine, run the command below with your monitor key, then paste "
		       "the sign-in code it prints into the box. The code lasts 15 minutes; your "
		       "browser sends it back to these pages only."));
	html_raw(&h, "</p>\n<pre class=\"command\">tocao signin --server https://… --identity "
		     "monitor.key</pre>\n");
	if (error) {
		html_raw(&h, "<p class=\"error\" role=\"alert\">");
		html_text(&h, error);
		html_raw(&h, "</p>\n");
	}
	html_raw(&h, "<form method=\"post\" action=\"/monitor/session\" class=\"signin\">\n"
		     "<label for=\"code\">");
	html_text(&h, T(l, "Mã đăng nhập", "Sign-in code"));
	html_raw(&h, "</label>\n<input id=\"code\" name=\"code\" type=\"password\" required "
		     "autocomplete=\"off\" spellcheck=\"false\" maxlength=\"64\">\n");
	html_rawf(&h, "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n<button type=\"submit\">",
		  lang_code(l));
	html_text(&h, T(l, "Đăng nhập", "Sign in"));
	html_raw(&h, "</button>\n</form>\n");
	page_foot(&h, l);
	reply_page(req, status, &h);
}

/*
 * A POST from another site is refused (SameSite=Strict already keeps the
 * cookie from it; this covers the sign-in form itself). Browsers say where
 * a request comes from in Sec-Fetch-Site; our Referrer-Policy makes
 * Chromium send "Origin: null" on same-site POSTs, so a null Origin alone
 * proves nothing either way.
 */
static bool same_origin(struct evhttp_request *req)
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

static enum lang form_lang(struct evhttp_request *req, const struct form *f)
{
	const struct form_field *v = form_get(f, "lang");
	if (v && v->len == 2 && memcmp(v->value, "en", 2) == 0)
		return LANG_EN;
	if (v && v->len == 2 && memcmp(v->value, "vi", 2) == 0)
		return LANG_VI;
	return http_request_lang(req);
}

void handle_monitor_signin(struct server *srv, struct evhttp_request *req)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	size_t len = evbuffer_get_length(in);
	struct form f = {0};
	const char *body = len <= 1024 ? (const char *)evbuffer_pullup(in, -1) : NULL;
	int rc = body || len == 0 ? form_parse_urlencoded(body ? body : "", len, &f) : -1;
	enum lang l = rc == FORM_OK ? form_lang(req, &f) : http_request_lang(req);
	if (rc != FORM_OK || !same_origin(req)) {
		form_free(&f);
		reply_signin(req, l, 400, T(l, "Không đọc được biểu mẫu.", "The form could not be read."));
		return;
	}
	const struct form_field *code = form_get(&f, "code");
	uint8_t token[AUTH_TOKEN_BYTES];
	const struct principal *p = NULL;
	if (code && auth_token_decode((const char *)code->value, code->len, token) == 0)
		p = auth_check(srv->auth, auth_now(), token);
	form_free(&f);
	if (p == NULL || strcmp(p->pub.role, "monitor") != 0) {
		explicit_bzero(token, sizeof(token));
		reply_signin(req, l, 401,
			     T(l, "Mã không đúng, đã hết hạn, hoặc không phải của giám sát viên.",
			       "The code is wrong, has expired, or is not a monitor's."));
		return;
	}
	char cookie[160], b64[64];
	tc_base64_encode(token, sizeof(token), b64);
	explicit_bzero(token, sizeof(token));
	/* The session's own lifetime bounds the cookie's. */
	snprintf(cookie, sizeof(cookie),
		 COOKIE_NAME "=%s; Path=/monitor; Max-Age=%d; Secure; HttpOnly; SameSite=Strict", b64,
		 AUTH_SESSION_TTL);
	explicit_bzero(b64, sizeof(b64));
	struct evkeyvalq *out = evhttp_request_get_output_headers(req);
	evhttp_add_header(out, "Set-Cookie", cookie);
	explicit_bzero(cookie, sizeof(cookie));
	evhttp_add_header(out, "Location", l == LANG_EN ? "/monitor?lang=en" : "/monitor");
	http_reply_text(req, 303, "text/plain; charset=utf-8", "See /monitor\n");
}

void handle_monitor_signout(struct server *srv, struct evhttp_request *req)
{
	uint8_t token[AUTH_TOKEN_BYTES];
	/* An unknown or expired session has nothing to end: the cookie goes either way. */
	if (same_origin(req) && cookie_monitor(srv, req, token) != NULL &&
	    auth_logout(srv->auth, token) != TC_OK)
		log_msg(LOG_WARN, "a monitor's session could not be ended");
	explicit_bzero(token, sizeof(token));
	struct evkeyvalq *out = evhttp_request_get_output_headers(req);
	evhttp_add_header(out, "Set-Cookie",
			  COOKIE_NAME "=; Path=/monitor; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
	evhttp_add_header(out, "Location", "/monitor");
	http_reply_text(req, 303, "text/plain; charset=utf-8", "See /monitor\n");
}

/* ---- The view a request asks for ---- */

static int field_copy(const struct form *q, const char *name, char *out, size_t cap)
{
	const struct form_field *f = form_get(q, name);
	if (f == NULL || f->len == 0) {
		out[0] = '\0';
		return 0;
	}
	if (f->len >= cap)
		return -1;
	memcpy(out, f->value, f->len);
	out[f->len] = '\0';
	return 0;
}

/*
 * Read the query; on a bad value answer with a readable page and return
 * -1. Without a monitor's session, show the sign-in form (also -1).
 */
/*
 * The view's period from the ?from= and ?to= values (empty: the current
 * month and the eleven before it). -1 when it has answered 400.
 */
static int read_period(struct evhttp_request *req, struct view *v, const char *from,
		       const char *to)
{
	v->today = dm_day_from_unix((int64_t)time(NULL));
	/* By default the current month and the eleven before it. */
	int y, m, d;
	dm_day_to_ymd(v->today, &y, &m, &d);
	m -= 11;
	if (m < 1) {
		m += 12;
		y--;
	}
	dm_day_from_ymd(y, m, 1, &v->from);
	v->to = v->today;
	if ((from[0] && dm_day_parse(from, strlen(from), &v->from) != TC_OK) ||
	    (to[0] && dm_day_parse(to, strlen(to), &v->to) != TC_OK) || v->from > v->to ||
	    v->to - v->from > PERIOD_MAX_DAYS) {
		reply_error(req, v->l, 400,
			    "Khoảng thời gian: ngày dạng NNNN-TT-NN, từ ngày không sau đến ngày, "
			    "tối đa mười năm.",
			    "Period: dates as YYYY-MM-DD, from not after to, at most ten years.");
		return -1;
	}
	return 0;
}

static int read_view(struct server *srv, struct evhttp_request *req, struct view *v)
{
	memset(v, 0, sizeof(*v));
	const char *uri = evhttp_request_get_uri(req);
	const char *qs = strchr(uri, '?');
	struct form q = {0};
	int rc = form_parse_urlencoded(qs ? qs + 1 : "", qs ? strlen(qs + 1) : 0, &q);
	char lang[4], from[16], to[16], prov[4], track[24], cat[32];
	v->l = http_request_lang(req);
	if (rc == FORM_OK && field_copy(&q, "lang", lang, sizeof(lang)) == 0 && lang[0])
		v->l = strcmp(lang, "en") == 0 ? LANG_EN : LANG_VI;
	if (rc != FORM_OK || field_copy(&q, "from", from, sizeof(from)) ||
	    field_copy(&q, "to", to, sizeof(to)) || field_copy(&q, "province", prov, sizeof(prov)) ||
	    field_copy(&q, "track", track, sizeof(track)) ||
	    field_copy(&q, "category", cat, sizeof(cat)) ||
	    field_copy(&q, "table", v->table, sizeof(v->table))) {
		form_free(&q);
		reply_error(req, v->l, 400, "Tham số trên địa chỉ không hợp lệ.",
			    "The address has malformed or repeated parameters.");
		return -1;
	}
	form_free(&q);
	uint8_t token[AUTH_TOKEN_BYTES];
	v->who = cookie_monitor(srv, req, token);
	explicit_bzero(token, sizeof(token));
	if (v->who == NULL) {
		reply_signin(req, v->l, 401, NULL);
		return -1;
	}

	if (read_period(req, v, from, to) != 0)
		return -1;
	int scope = mon_scope_province(v->who->pub.scope, prov, strlen(prov), v->filter.province);
	if (scope == -1) {
		reply_error(req, v->l, 400, "Tỉnh, thành phố không có trong danh mục.",
			    "Unknown province code.");
		return -1;
	}
	if (scope == -2) {
		reply_error(req, v->l, 403, "Bạn chỉ được xem số liệu của tỉnh mình.",
			    "You may see your own province only.");
		return -1;
	}
	enum dm_track t;
	enum dm_category c;
	if (track[0]) {
		if (dm_track_parse(track, &t) != TC_OK) {
			reply_error(req, v->l, 400, "Loại việc không đúng.", "Unknown track.");
			return -1;
		}
		v->filter.track = (uint8_t)t;
	}
	if (cat[0]) {
		if (dm_category_parse(cat, &c) != TC_OK) {
			reply_error(req, v->l, 400, "Lĩnh vực không đúng.", "Unknown category.");
			return -1;
		}
		v->filter.category = (uint8_t)c;
	}
	char f1[DM_DAY_STRLEN], f2[DM_DAY_STRLEN];
	dm_day_format(v->from, f1);
	dm_day_format(v->to, f2);
	/* A provincial monitor's province is implied: links need not carry it. */
	bool national = strcmp(v->who->pub.scope, "national") == 0;
	/* Every value here was validated: digits, dashes and lower-case names only. */
	snprintf(v->qs, sizeof(v->qs), "from=%s&to=%s%s%s%s%s%s%s%s", f1, f2,
		 v->filter.province[0] && national ? "&province=" : "",
		 v->filter.province[0] && national ? v->filter.province : "",
		 track[0] ? "&track=" : "", track[0] ? track : "", cat[0] ? "&category=" : "",
		 cat[0] ? cat : "", v->l == LANG_EN ? "&lang=en" : "");
	return 0;
}

/* ---- Labels ---- */

static const char *track_words(enum lang l, int t)
{
	switch (t) {
	case DM_TRACK_DENUNCIATION: return T(l, "Tố cáo", "Denunciations");
	case DM_TRACK_INFORMATION: return T(l, "Tin báo (tố cáo nặc danh)", "Anonymous information");
	case DM_TRACK_COMPLAINT: return T(l, "Khiếu nại", "Complaints");
	case DM_TRACK_PETITION: return T(l, "Kiến nghị, phản ánh", "Petitions");
	default: return "?";
	}
}

static const char *category_words(enum lang l, int c)
{
	static const char *const vi[] = {"?", "Tham nhũng", "Lãng phí", "Đất đai", "Tài chính công",
					 "Đầu tư công", "Lạm quyền", "Quấy rối", "Tổ chức cán bộ",
					 "Môi trường", "Chính sách xã hội", "Khác"};
	static const char *const en[] = {"?", "Corruption", "Waste", "Land", "Public finance",
					 "Public investment", "Abuse of power", "Harassment",
					 "Personnel", "Environment", "Social policy", "Other"};
	if (c < 1 || c >= MF_CATEGORIES)
		return "?";
	return l == LANG_EN ? en[c] : vi[c];
}

static const char *status_words(enum lang l, int s)
{
	static const char *const vi[] = {"?", "Chờ xử lý", "Đã thụ lý", "Tạm đình chỉ", "Đã giải quyết",
					 "Không thụ lý", "Đã chuyển", "Đã rút", "Đình chỉ"};
	static const char *const en[] = {"?", "Received", "Accepted", "Suspended", "Settled",
					 "Declined", "Transferred", "Withdrawn", "Terminated"};
	if (s < 1 || s >= MF_STATUSES)
		return "?";
	return l == LANG_EN ? en[s] : vi[s];
}

static const char *province_name(enum lang l, size_t i)
{
	const struct dm_province *p = dm_province_at(i);
	return l == LANG_EN ? p->name_en : p->name;
}

static const char *scope_words(const struct view *v)
{
	if (!v->filter.province[0])
		return T(v->l, "Toàn quốc", "National");
	const struct dm_province *p = dm_province_find(v->filter.province);
	return p ? (v->l == LANG_EN ? p->full_name_en : p->full_name) : "?";
}

/* A cell: the count or "<3". */
static void count_cell(struct html *h, int64_t n)
{
	char t[24];
	chart_count_text(t, n);
	html_raw(h, "<td class=\"num\">");
	html_text(h, t);
	html_raw(h, "</td>");
}

/* A rate in percent with one decimal, or "—" over fewer than 3 cases. */
static void rate_text(char out[16], int64_t num, int64_t den)
{
	if (den < MF_SUPPRESS_BELOW || num < 0 || num > den) {
		snprintf(out, 16, "—");
		return;
	}
	int permille = (int)(num * 1000 / den); /* 0..1000 */
	snprintf(out, 16, "%d.%d%%", permille / 10, permille % 10);
}

static void rate_cell(struct html *h, int64_t num, int64_t den)
{
	char t[16];
	rate_text(t, num, den);
	html_raw(h, "<td class=\"num\">");
	html_text(h, t);
	html_raw(h, "</td>");
}

static void bucket_label(const struct mon_figures *f, int b, char out[16])
{
	int y, m, d;
	dm_day_to_ymd(f->bucket_start[b], &y, &m, &d);
	if (f->by_year)
		snprintf(out, 16, "%04d", y);
	else
		snprintf(out, 16, "%02d/%04d", m, y);
}

/* ---- Tables: each one is shown on the page and downloadable as CSV ---- */

enum table { TABLE_PROVINCES, TABLE_PERIODS, TABLE_TRACKS, TABLE_CATEGORIES, TABLE_STATUS,
	     TABLE_OVERDUE, TABLE_COUNT };
static const char *const table_names[TABLE_COUNT] = {"provinces", "periods", "tracks",
						     "categories", "status", "overdue"};

/*
 * A table is emitted cell by cell through one interface, so the page and
 * the CSV file cannot disagree.
 */
struct sink {
	struct html *h;
	bool csv;
	int col;
};

static void sink_row_start(struct sink *s)
{
	s->col = 0;
	if (!s->csv)
		html_raw(s->h, "<tr>");
}

static void sink_row_end(struct sink *s)
{
	html_raw(s->h, s->csv ? "\r\n" : "</tr>\n");
}

static void sink_text(struct sink *s, const char *text, bool header)
{
	if (s->csv) {
		/* RFC 4180: every text field quoted, quotes doubled. */
		if (s->col++)
			html_raw(s->h, ",");
		html_raw(s->h, "\"");
		for (const char *p = text; *p; p++) {
			char c[3] = {*p, *p == '"' ? '"' : '\0', '\0'};
			html_raw(s->h, c);
		}
		html_raw(s->h, "\"");
		return;
	}
	if (header)
		html_raw(s->h, "<th scope=\"col\">");
	else
		html_raw(s->h, s->col == 0 ? "<th scope=\"row\">" : "<td>");
	html_text(s->h, text);
	html_raw(s->h, header || s->col == 0 ? "</th>" : "</td>");
	s->col++;
}

static void sink_count(struct sink *s, int64_t n)
{
	char t[24];
	chart_count_text(t, n);
	if (s->csv) {
		sink_text(s, t, false);
		return;
	}
	s->col++;
	html_raw(s->h, "<td class=\"num\">");
	html_text(s->h, t);
	html_raw(s->h, "</td>");
}

static void sink_rate(struct sink *s, int64_t num, int64_t den)
{
	char t[16];
	rate_text(t, num, den);
	if (s->csv) {
		sink_text(s, den < MF_SUPPRESS_BELOW ? "" : t, false);
		return;
	}
	s->col++;
	html_raw(s->h, "<td class=\"num\">");
	html_text(s->h, t);
	html_raw(s->h, "</td>");
}

static void sink_headers(struct sink *s, enum lang l, const char *const *vi, const char *const *en,
			 size_t n)
{
	sink_row_start(s);
	for (size_t i = 0; i < n; i++)
		sink_text(s, l == LANG_EN ? en[i] : vi[i], true);
	sink_row_end(s);
}

static void table_provinces(struct sink *s, const struct view *v, const struct mon_figures *f)
{
	static const char *const vi[] = {"Tỉnh, thành phố", "Tiếp nhận", "Thụ lý", "Đã giải quyết",
					 "Đúng hạn", "Tỷ lệ đúng hạn", "Chuyển đơn", "Đang mở",
					 "Quá hạn hiện nay"};
	static const char *const en[] = {"Province", "Received", "Accepted", "Settled", "On time",
					 "On-time rate", "Transferred", "Open now", "Overdue now"};
	sink_headers(s, v->l, vi, en, 9);
	for (size_t i = 0; i < dm_province_count(); i++) {
		if (v->filter.province[0] && strcmp(dm_province_at(i)->code, v->filter.province) != 0)
			continue;
		sink_row_start(s);
		sink_text(s, province_name(v->l, i), false);
		sink_count(s, f->ev_province[MF_RECEIVED][i]);
		sink_count(s, f->ev_province[MF_ACCEPTED][i]);
		sink_count(s, f->ev_province[MF_SETTLED][i]);
		sink_count(s, f->ev_province[MF_ON_TIME][i]);
		sink_rate(s, f->ev_province[MF_ON_TIME][i], f->ev_province[MF_SETTLED][i]);
		sink_count(s, f->ev_province[MF_TRANSFERRED][i]);
		sink_count(s, f->open_province[i]);
		sink_count(s, f->overdue_province[i]);
		sink_row_end(s);
	}
}

static void table_periods(struct sink *s, const struct view *v, const struct mon_figures *f)
{
	static const char *const vi[] = {"Kỳ", "Tiếp nhận", "Thụ lý", "Đã giải quyết", "Đúng hạn",
					 "Tỷ lệ đúng hạn"};
	static const char *const en[] = {"Period", "Received", "Accepted", "Settled", "On time",
					 "On-time rate"};
	sink_headers(s, v->l, vi, en, 6);
	for (int b = 0; b < f->n_buckets; b++) {
		char label[16];
		bucket_label(f, b, label);
		sink_row_start(s);
		sink_text(s, label, false);
		sink_count(s, f->bucket[MF_RECEIVED][b]);
		sink_count(s, f->bucket[MF_ACCEPTED][b]);
		sink_count(s, f->bucket[MF_SETTLED][b]);
		sink_count(s, f->bucket[MF_ON_TIME][b]);
		sink_rate(s, f->bucket[MF_ON_TIME][b], f->bucket[MF_SETTLED][b]);
		sink_row_end(s);
	}
}

static void table_tracks(struct sink *s, const struct view *v, const struct mon_figures *f)
{
	static const char *const vi[] = {"Loại việc", "Tiếp nhận", "Đã giải quyết", "Đúng hạn",
					 "Tỷ lệ đúng hạn", "Quá hạn hiện nay"};
	static const char *const en[] = {"Track", "Received", "Settled", "On time", "On-time rate",
					 "Overdue now"};
	sink_headers(s, v->l, vi, en, 6);
	for (int t = 1; t < MF_TRACKS; t++) {
		sink_row_start(s);
		sink_text(s, track_words(v->l, t), false);
		sink_count(s, f->ev_track[MF_RECEIVED][t]);
		sink_count(s, f->ev_track[MF_SETTLED][t]);
		sink_count(s, f->ev_track[MF_ON_TIME][t]);
		sink_rate(s, f->ev_track[MF_ON_TIME][t], f->ev_track[MF_SETTLED][t]);
		sink_count(s, f->overdue_track[t]);
		sink_row_end(s);
	}
}

static void table_categories(struct sink *s, const struct view *v, const struct mon_figures *f)
{
	static const char *const vi[] = {"Lĩnh vực", "Tiếp nhận"};
	static const char *const en[] = {"Category", "Received"};
	sink_headers(s, v->l, vi, en, 2);
	for (int c = 1; c < MF_CATEGORIES; c++) {
		sink_row_start(s);
		sink_text(s, category_words(v->l, c), false);
		sink_count(s, f->ev_category[MF_RECEIVED][c]);
		sink_row_end(s);
	}
}

static void table_status(struct sink *s, const struct view *v, const struct mon_figures *f)
{
	static const char *const vi[] = {"Trạng thái hiện nay", "Số việc"};
	static const char *const en[] = {"Status now", "Cases"};
	sink_headers(s, v->l, vi, en, 2);
	for (int st = 1; st < MF_STATUSES; st++) {
		sink_row_start(s);
		sink_text(s, status_words(v->l, st), false);
		sink_count(s, f->status_now[st]);
		sink_row_end(s);
	}
}

/*
 * The overdue list, from the deadline index: only cases whose watched
 * deadline has passed, longest overdue first, and no further than max rows
 * (how many there are in all comes from the counters).
 */
struct overdue_walk {
	struct sink *s;
	const struct view *v;
	size_t shown, max;
};

static int overdue_row(const struct store_case *c, void *arg)
{
	struct overdue_walk *w = arg;
	const struct mf_filter *flt = &w->v->filter;
	if ((flt->province[0] && strncmp(c->province, flt->province, 2) != 0) ||
	    (flt->track && c->track != flt->track) || (flt->category && c->category != flt->category) ||
	    dm_status_is_closed((enum dm_status)c->status))
		return 0;
	dm_day due = dm_watch_due_days((enum dm_status)c->status, c->deadlines);
	int late = dm_watch_days_overdue(due, w->v->today);
	if (late <= 0)
		return 0;
	if (w->shown >= w->max)
		return 1;
	w->shown++;
	struct sink *s = w->s;
	enum lang l = w->v->l;
	char day[DM_DAY_STRLEN], n[16];
	const struct dm_unit *u = dm_unit_find(c->unit);
	sink_row_start(s);
	sink_text(s, c->case_id, false);
	sink_text(s, u ? (l == LANG_EN ? u->name_en : u->name) : c->unit, false);
	sink_text(s, track_words(l, c->track), false);
	sink_text(s, category_words(l, c->category), false);
	dm_day_format(c->received, day);
	sink_text(s, day, false);
	sink_text(s, status_words(l, c->status), false);
	dm_day_format(due, day);
	sink_text(s, day, false);
	snprintf(n, sizeof(n), "%d", late);
	sink_text(s, n, false);
	sink_row_end(s);
	return 0;
}

static int table_overdue(struct sink *s, struct server *srv, const struct view *v, size_t max,
			 size_t *shown)
{
	static const char *const vi[] = {"Mã việc", "Đơn vị", "Loại việc", "Lĩnh vực", "Ngày nhận",
					 "Trạng thái", "Hạn", "Số ngày quá hạn"};
	static const char *const en[] = {"Case", "Unit", "Track", "Category", "Received",
					 "Status", "Deadline", "Days overdue"};
	sink_headers(s, v->l, vi, en, 8);
	struct overdue_walk w = {.s = s, .v = v, .max = max};
	struct store_txn *txn = NULL;
	int rc = store_read_begin(srv->deps.store, &txn);
	if (rc == TC_OK)
		rc = store_due_cases(txn, v->today - 1, overdue_row, &w);
	store_read_end(txn);
	*shown = w.shown;
	return rc;
}

/* ---- The dashboard ---- */

static void section(struct html *h, const struct view *v, enum table t, const char *title)
{
	html_rawf(h, "<section class=\"table\" id=\"%s\">\n<h2>", table_names[t]);
	html_text(h, title);
	html_rawf(h, "</h2>\n<p class=\"download\"><a href=\"/monitor/table.csv?table=%s&amp;",
		  table_names[t]);
	html_text(h, v->qs);
	html_raw(h, "\" download>");
	html_text(h, T(v->l, "Tải về (CSV)", "Download (CSV)"));
	html_raw(h, "</a></p>\n<div class=\"scroll\"><table>\n");
}

static void section_end(struct html *h)
{
	html_raw(h, "</table></div>\n</section>\n");
}

static void tile(struct html *h, const char *label, const char *value, const char *cls)
{
	html_rawf(h, "<div class=\"tile%s%s\"><span class=\"value\">", cls ? " " : "", cls ? cls : "");
	html_text(h, value);
	html_raw(h, "</span><span class=\"label\">");
	html_text(h, label);
	html_raw(h, "</span></div>\n");
}

static void tiles(struct html *h, const struct view *v, const struct mon_figures *f)
{
	enum lang l = v->l;
	char t[24];
	html_raw(h, "<div class=\"tiles\">\n");
	chart_count_text(t, f->ev[MF_RECEIVED]);
	tile(h, T(l, "Tiếp nhận trong kỳ", "Received in the period"), t, NULL);
	chart_count_text(t, f->ev[MF_ACCEPTED]);
	tile(h, T(l, "Thụ lý", "Accepted"), t, NULL);
	chart_count_text(t, f->ev[MF_SETTLED]);
	tile(h, T(l, "Đã giải quyết", "Settled"), t, NULL);
	rate_text(t, f->ev[MF_ON_TIME], f->ev[MF_SETTLED]);
	tile(h, T(l, "Giải quyết đúng hạn", "Settled on time"), t, NULL);
	int64_t settled = f->ev[MF_SETTLED];
	int med = settled >= MF_SUPPRESS_BELOW && f->settle_days_exact ? mon_figures_settle_quantile(f, 0.5)
									 : -1;
	if (med >= 0)
		snprintf(t, sizeof(t), "%d", med);
	else
		snprintf(t, sizeof(t), "—");
	tile(h, T(l, "Số ngày giải quyết (trung vị)", "Days to settle (median)"), t, NULL);
	chart_count_text(t, f->overdue);
	tile(h, T(l, "Đang quá hạn", "Overdue now"), t, f->overdue ? "tile-alert" : NULL);
	html_raw(h, "</div>\n");
}

static void option(struct html *h, const char *value, const char *text, bool selected)
{
	html_raw(h, "<option value=\"");
	html_text(h, value);
	html_raw(h, selected ? "\" selected>" : "\">");
	html_text(h, text);
	html_raw(h, "</option>");
}

static void filters(struct html *h, const struct view *v, const char *action)
{
	enum lang l = v->l;
	char d1[DM_DAY_STRLEN], d2[DM_DAY_STRLEN];
	dm_day_format(v->from, d1);
	dm_day_format(v->to, d2);
	html_rawf(h, "<form class=\"filters\" method=\"get\" action=\"%s\">\n", action);
	html_rawf(h, "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n", lang_code(l));
	html_raw(h, "<label>");
	html_text(h, T(l, "Từ ngày", "From"));
	html_rawf(h, " <input type=\"date\" name=\"from\" value=\"%s\" required></label>\n<label>", d1);
	html_text(h, T(l, "Đến ngày", "To"));
	html_rawf(h, " <input type=\"date\" name=\"to\" value=\"%s\" required></label>\n", d2);
	if (strcmp(v->who->pub.scope, "national") == 0) {
		html_raw(h, "<label>");
		html_text(h, T(l, "Tỉnh, thành phố", "Province"));
		html_raw(h, " <select name=\"province\">");
		option(h, "", T(l, "Toàn quốc", "All (national)"), !v->filter.province[0]);
		for (size_t i = 0; i < dm_province_count(); i++)
			option(h, dm_province_at(i)->code, province_name(l, i),
			       strcmp(v->filter.province, dm_province_at(i)->code) == 0);
		html_raw(h, "</select></label>\n");
	}
	html_raw(h, "<label>");
	html_text(h, T(l, "Loại việc", "Track"));
	html_raw(h, " <select name=\"track\">");
	option(h, "", T(l, "Tất cả", "All"), !v->filter.track);
	for (int t = 1; t < MF_TRACKS; t++)
		option(h, dm_track_name((enum dm_track)t), track_words(l, t), v->filter.track == t);
	html_raw(h, "</select></label>\n<label>");
	html_text(h, T(l, "Lĩnh vực", "Category"));
	html_raw(h, " <select name=\"category\">");
	option(h, "", T(l, "Tất cả", "All"), !v->filter.category);
	for (int c = 1; c < MF_CATEGORIES; c++)
		option(h, dm_category_name((enum dm_category)c), category_words(l, c),
		       v->filter.category == c);
	html_raw(h, "</select></label>\n<button type=\"submit\">");
	html_text(h, T(l, "Xem", "Show"));
	html_raw(h, "</button>\n</form>\n");
}

static void charts(struct html *h, const struct view *v, const struct mon_figures *f)
{
	enum lang l = v->l;
	struct chart_rate_row rows[DM_PROVINCE_COUNT > MF_TRACKS ? DM_PROVINCE_COUNT : MF_TRACKS];
	size_t n = 0;
	/* Nationally, one bar per province; within a province, one per track. */
	if (!v->filter.province[0]) {
		for (size_t i = 0; i < dm_province_count(); i++)
			rows[n++] = (struct chart_rate_row){province_name(l, i),
							    f->ev_province[MF_ON_TIME][i],
							    f->ev_province[MF_SETTLED][i],
							    f->overdue_province[i]};
	} else {
		for (int t = 1; t < MF_TRACKS; t++)
			rows[n++] = (struct chart_rate_row){track_words(l, t), f->ev_track[MF_ON_TIME][t],
							    f->ev_track[MF_SETTLED][t],
							    f->overdue_track[t]};
	}
	html_raw(h, "<section class=\"chart\">\n<h2>");
	html_text(h, !v->filter.province[0]
			     ? T(l, "Tỷ lệ giải quyết đúng hạn theo tỉnh, thành phố",
				 "On-time settlement by province")
			     : T(l, "Tỷ lệ giải quyết đúng hạn theo loại việc", "On-time settlement by track"));
	html_raw(h, "</h2>\n");
	chart_rates(h, "rates",
		    T(l, "Tỷ lệ giải quyết đúng hạn", "Share of cases settled on time"),
		    T(l, "Mỗi thanh là tỷ lệ việc đã giải quyết trong kỳ mà giải quyết đúng hạn; số bên "
			 "phải là số việc đang quá hạn. Bảng số liệu ở dưới.",
		      "Each bar is the share of the cases settled in the period that were settled on "
		      "time; the number at the right is the cases overdue now. The table below has "
		      "the figures."),
		    T(l, "Quá hạn", "Overdue"), T(l, "chưa đủ số liệu", "too few to show"), rows, n);
	html_raw(h, "</section>\n<section class=\"chart\">\n<h2>");
	html_text(h, f->by_year ? T(l, "Tiếp nhận và giải quyết theo năm", "Received and settled by year")
				: T(l, "Tiếp nhận và giải quyết theo tháng",
				    "Received and settled by month"));
	html_raw(h, "</h2>\n");
	char labels[MF_BUCKETS_MAX][16];
	const char *label_ptrs[MF_BUCKETS_MAX];
	for (int b = 0; b < f->n_buckets; b++) {
		bucket_label(f, b, labels[b]);
		label_ptrs[b] = labels[b];
	}
	struct chart_series a = {T(l, "Tiếp nhận", "Received"), f->bucket[MF_RECEIVED]},
			    b = {T(l, "Đã giải quyết", "Settled"), f->bucket[MF_SETTLED]};
	chart_columns(h, "periods", T(l, "Tiếp nhận và giải quyết", "Received and settled"),
		      T(l, "Cột trái: số việc tiếp nhận; cột phải: số việc đã giải quyết, mỗi kỳ.",
			"Left column: cases received; right column: cases settled, per period."),
		      label_ptrs, (size_t)f->n_buckets, &a, &b);
	html_raw(h, "</section>\n<section class=\"chart\">\n<h2>");
	html_text(h, f->by_year ? T(l, "Tỷ lệ giải quyết đúng hạn theo năm", "On-time settlement by year")
				: T(l, "Tỷ lệ giải quyết đúng hạn theo tháng",
				    "On-time settlement by month"));
	html_raw(h, "</h2>\n");
	struct chart_rate_row months[MF_BUCKETS_MAX];
	for (int i = 0; i < f->n_buckets; i++)
		months[i] = (struct chart_rate_row){labels[i], f->bucket[MF_ON_TIME][i],
						    f->bucket[MF_SETTLED][i], 0};
	chart_rates(h, "trend", T(l, "Tỷ lệ giải quyết đúng hạn theo thời gian", "On-time share over time"),
		    T(l, "Mỗi thanh là tỷ lệ việc giải quyết trong kỳ đó mà đúng hạn.",
		      "Each bar is the share of the cases settled in that period that were on time."),
		    NULL, T(l, "chưa đủ số liệu", "too few to show"), months, (size_t)f->n_buckets);
	html_raw(h, "</section>\n");
}

static void heading(struct html *h, const struct view *v, const char *what)
{
	char d1[DM_DAY_STRLEN], d2[DM_DAY_STRLEN];
	dm_day_format(v->from, d1);
	dm_day_format(v->to, d2);
	html_raw(h, "<h1>");
	html_text(h, what);
	html_raw(h, " — ");
	html_text(h, scope_words(v));
	html_raw(h, "</h1>\n<p class=\"period\">");
	html_text(h, T(v->l, "Kỳ", "Period"));
	html_rawf(h, ": %s — %s", d1, d2);
	if (v->filter.track) {
		html_raw(h, " · ");
		html_text(h, track_words(v->l, v->filter.track));
	}
	if (v->filter.category) {
		html_raw(h, " · ");
		html_text(h, category_words(v->l, v->filter.category));
	}
	html_raw(h, "</p>\n");
}

static void render_page(struct server *srv, struct evhttp_request *req, const struct view *vp,
			const struct mon_figures *f)
{
	const struct view v = *vp;
	enum lang l = v.l;
	struct html h;
	html_init(&h);
	page_head(&h, l, T(l, "Bảng theo dõi", "Dashboard"), true, v.qs);
	heading(&h, &v, T(l, "Bảng theo dõi", "Dashboard"));
	filters(&h, &v, "/monitor");
	tiles(&h, &v, f);
	charts(&h, &v, f);

	struct sink s = {.h = &h};
	section(&h, &v, TABLE_OVERDUE, T(l, "Việc đang quá hạn", "Cases overdue now"));
	size_t shown = 0;
	int rc = table_overdue(&s, srv, &v, OVERDUE_PAGE_ROWS, &shown);
	section_end(&h);
	if (rc == TC_OK && shown == OVERDUE_PAGE_ROWS && f->overdue > (int64_t)shown) {
		html_rawf(&h, "<p class=\"note\">");
		html_text(&h, T(l, "Chỉ hiện những việc quá hạn lâu nhất; tải tệp CSV để có đủ danh sách",
				"Only the longest overdue are listed; download the CSV for the whole list"));
		html_rawf(&h, " (%zu / %lld).</p>\n", shown, (long long)f->overdue);
	}
	section(&h, &v, TABLE_PROVINCES, T(l, "Theo tỉnh, thành phố", "By province"));
	table_provinces(&s, &v, f);
	section_end(&h);
	section(&h, &v, TABLE_PERIODS, f->by_year ? T(l, "Theo năm", "By year")
						  : T(l, "Theo tháng", "By month"));
	table_periods(&s, &v, f);
	section_end(&h);
	section(&h, &v, TABLE_TRACKS, T(l, "Theo loại việc", "By track"));
	table_tracks(&s, &v, f);
	section_end(&h);
	section(&h, &v, TABLE_CATEGORIES, T(l, "Theo lĩnh vực (tiếp nhận)", "By category (received)"));
	table_categories(&s, &v, f);
	section_end(&h);
	section(&h, &v, TABLE_STATUS, T(l, "Trạng thái hiện nay", "Status now"));
	table_status(&s, &v, f);
	section_end(&h);
	page_foot(&h, l);
	audit_monitor_view(srv, v.who, "monitor:page");
	reply_page(req, 200, &h);
}

/* ---- CSV downloads ---- */

static void render_csv(struct server *srv, struct evhttp_request *req, const struct view *vp,
		       const struct mon_figures *f, int t)
{
	const struct view v = *vp;
	struct html h;
	html_init(&h);
	html_raw(&h, "\xEF\xBB\xBF"); /* a BOM, so spreadsheet programs read UTF-8 */
	struct sink s = {.h = &h, .csv = true};
	size_t shown = 0;
	int rc = TC_OK;
	switch ((enum table)t) {
	case TABLE_PROVINCES: table_provinces(&s, &v, f); break;
	case TABLE_PERIODS: table_periods(&s, &v, f); break;
	case TABLE_TRACKS: table_tracks(&s, &v, f); break;
	case TABLE_CATEGORIES: table_categories(&s, &v, f); break;
	case TABLE_STATUS: table_status(&s, &v, f); break;
	default: rc = table_overdue(&s, srv, &v, OVERDUE_CSV_ROWS, &shown); break;
	}
	size_t len = 0;
	char *text = html_finish(&h, &len);
	if (rc != TC_OK || text == NULL) {
		wipe_free(text);
		reply_error(req, v.l, 503, "Tạm thời không đọc được số liệu; hãy thử lại sau.",
			    "The figures cannot be read just now; try again shortly.");
		return;
	}
	char d1[DM_DAY_STRLEN], d2[DM_DAY_STRLEN], disp[128];
	dm_day_format(v.from, d1);
	dm_day_format(v.to, d2);
	snprintf(disp, sizeof(disp), "attachment; filename=\"tocao-%s-%s-%s-%s.csv\"",
		 table_names[t], v.filter.province[0] ? v.filter.province : "national", d1, d2);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Disposition", disp);
	audit_monitor_view(srv, v.who, t == TABLE_OVERDUE ? "monitor:rows" : "monitor:csv");
	http_reply_text(req, 200, "text/csv; charset=utf-8", text);
	wipe_free(text);
}

void handle_monitor_csv(struct server *srv, struct evhttp_request *req)
{
	struct view v;
	if (read_view(srv, req, &v) != 0)
		return;
	int t = 0;
	while (t < TABLE_COUNT && strcmp(table_names[t], v.table) != 0)
		t++;
	if (t == TABLE_COUNT) {
		reply_error(req, v.l, 404, "Không có bảng này.", "There is no such table.");
		return;
	}
	/* The overdue list reads at most its rows from an index: no figures needed. */
	if (t == TABLE_OVERDUE)
		render_csv(srv, req, &v, NULL, t);
	else
		with_figures(srv, req, &v, RENDER_CSV, t);
}

/* ---- The printable period report ---- */

static void report_row(struct html *h, const char *label, int64_t n, bool sub)
{
	html_rawf(h, "<tr%s><th scope=\"row\">", sub ? " class=\"sub\"" : "");
	html_text(h, label);
	html_raw(h, "</th>");
	count_cell(h, n);
	html_raw(h, "</tr>\n");
}

static void render_report(struct server *srv, struct evhttp_request *req, const struct view *vp,
			  const struct mon_figures *f)
{
	const struct view v = *vp;
	enum lang l = v.l;
	struct html h;
	html_init(&h);
	page_head(&h, l, T(l, "Báo cáo", "Report"), true, v.qs);
	html_raw(&h, "<article class=\"report\">\n");
	heading(&h, &v,
		T(l, "Báo cáo tình hình tiếp nhận, giải quyết khiếu nại, tố cáo",
		  "Report on complaints and denunciations received and settled"));
	char today[DM_DAY_STRLEN];
	dm_day_format(v.today, today);
	html_raw(&h, "<p class=\"noprint\">");
	html_text(&h, T(l, "Dùng lệnh In của trình duyệt (Ctrl+P) để in hoặc lưu thành PDF.",
			"Use your browser's Print command (Ctrl+P) to print it or save it as PDF."));
	html_raw(&h, "</p>\n");
	filters(&h, &v, "/monitor/report");
	html_raw(&h, "<table class=\"figures\">\n<thead><tr><th scope=\"col\">");
	html_text(&h, T(l, "Chỉ tiêu", "Figure"));
	html_raw(&h, "</th><th scope=\"col\">");
	html_text(&h, T(l, "Số việc", "Cases"));
	html_raw(&h, "</th></tr></thead>\n<tbody>\n");
	report_row(&h, T(l, "Tiếp nhận", "Received"), f->ev[MF_RECEIVED], false);
	for (int t = 1; t < MF_TRACKS; t++)
		report_row(&h, track_words(l, t), f->ev_track[MF_RECEIVED][t], true);
	report_row(&h, T(l, "Thụ lý giải quyết", "Accepted for settlement"), f->ev[MF_ACCEPTED], false);
	report_row(&h, T(l, "Đã giải quyết", "Settled"), f->ev[MF_SETTLED], false);
	report_row(&h, T(l, "trong đó đúng hạn", "of which on time"), f->ev[MF_ON_TIME], true);
	html_raw(&h, "<tr class=\"sub\"><th scope=\"row\">");
	html_text(&h, T(l, "Tỷ lệ đúng hạn", "On-time rate"));
	html_raw(&h, "</th>");
	rate_cell(&h, f->ev[MF_ON_TIME], f->ev[MF_SETTLED]);
	html_raw(&h, "</tr>\n");
	report_row(&h, T(l, "Chuyển đơn đến cơ quan có thẩm quyền", "Transferred to the competent body"),
		   f->ev[MF_TRANSFERRED], false);
	report_row(&h, T(l, "Chuyển cơ quan điều tra (có dấu hiệu tội phạm)",
			 "Referred to investigators (criminal signs)"),
		   f->ev[MF_CRIMINAL], false);
	report_row(&h, T(l, "Đưa vào diện giám sát", "Put under monitoring"), f->ev[MF_MONITORED], false);
	report_row(&h, T(l, "Không thụ lý", "Declined"), f->ev[MF_DECLINED], false);
	report_row(&h, T(l, "Rút đơn", "Withdrawn"), f->ev[MF_WITHDRAWN], false);
	report_row(&h, T(l, "Đình chỉ giải quyết", "Terminated"), f->ev[MF_TERMINATED], false);
	report_row(&h, T(l, "Đang quá hạn (tại ngày lập báo cáo)", "Overdue (on the day of this report)"),
		   f->overdue, false);
	/* With a category filter the histogram would be every category's: not shown. */
	bool exact = f->ev[MF_SETTLED] >= MF_SUPPRESS_BELOW && f->settle_days_exact;
	int med = exact ? mon_figures_settle_quantile(f, 0.5) : -1;
	int p90 = exact ? mon_figures_settle_quantile(f, 0.9) : -1;
	html_raw(&h, "<tr><th scope=\"row\">");
	html_text(&h, T(l, "Số ngày giải quyết: trung vị / 90% số việc",
			"Days to settle: median / 90th percentile"));
	if (med >= 0)
		html_rawf(&h, "</th><td class=\"num\">%d / %d</td></tr>\n", med, p90);
	else
		html_raw(&h, "</th><td class=\"num\">—</td></tr>\n");
	html_raw(&h, "</tbody>\n</table>\n");
	if (!v.filter.province[0]) {
		struct sink s = {.h = &h};
		html_raw(&h, "<h2>");
		html_text(&h, T(l, "Theo tỉnh, thành phố", "By province"));
		html_raw(&h, "</h2>\n<table class=\"provinces\">\n");
		table_provinces(&s, &v, f);
		html_raw(&h, "</table>\n");
	}
	html_raw(&h, "<p class=\"generated\">");
	html_text(&h, T(l, "Lập ngày", "Produced on"));
	html_rawf(&h, " %s. ", today);
	html_text(&h, T(l, "Số liệu từ hệ thống tocao; ô có 1 hoặc 2 trường hợp ghi \"<3\".",
			"Figures from tocao; a cell of 1 or 2 cases reads \"<3\"."));
	html_raw(&h, "</p>\n</article>\n");
	page_foot(&h, l);
	audit_monitor_view(srv, v.who, "monitor:report");
	reply_page(req, 200, &h);
}

/* ---- Handlers: the figures are computed off the loop, then rendered here ---- */

static void figures_ready(struct figures_job *j)
{
	const struct view_job *c = j->ctx;
	if (j->rc != TC_OK) {
		reply_error(j->req, c->v.l, 503, "Tạm thời không đọc được số liệu; hãy thử lại sau.",
			    "The figures cannot be read just now; try again shortly.");
		return;
	}
	switch (c->what) {
	case RENDER_PAGE: render_page(j->srv, j->req, &c->v, j->f); break;
	case RENDER_REPORT: render_report(j->srv, j->req, &c->v, j->f); break;
	case RENDER_CSV: render_csv(j->srv, j->req, &c->v, j->f, c->table); break;
	}
}

static void with_figures(struct server *srv, struct evhttp_request *req, const struct view *v,
			 enum render what, int table)
{
	struct view_job *c = malloc(sizeof(*c));
	if (c) {
		c->v = *v;
		c->what = what;
		c->table = table;
	}
	if (c == NULL || figures_job_start(srv, req, v->who, &v->filter, v->from, v->to,
					   figures_ready, c) != TC_OK) {
		free(c);
		reply_error(req, v->l, 503, "Tạm thời không đọc được số liệu; hãy thử lại sau.",
			    "The figures cannot be read just now; try again shortly.");
	}
}

void handle_monitor_page(struct server *srv, struct evhttp_request *req)
{
	struct view v;
	if (read_view(srv, req, &v) == 0)
		with_figures(srv, req, &v, RENDER_PAGE, 0);
}

void handle_monitor_report(struct server *srv, struct evhttp_request *req)
{
	struct view v;
	if (read_view(srv, req, &v) == 0)
		with_figures(srv, req, &v, RENDER_REPORT, 0);
}
