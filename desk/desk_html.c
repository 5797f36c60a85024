/*
 * desk_html.c - writing the desk's pages: escaping, dates, the frame
 * (header with the unit, the navigation, the language switch) and the CSS.
 * Every byte of a case reaches a page through dh_text or dh_textn.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "desk_internal.h"

void dh_raw(struct desk_req *r, const char *s)
{
	evbuffer_add(r->out, s, strlen(s));
}

void dh_fmt(struct desk_req *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	evbuffer_add_vprintf(r->out, fmt, ap);
	va_end(ap);
}

/* Length of a valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t want = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c & 0xF0) == 0xE0 ? 3
		      : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
	if (want == 0 || want > n)
		return 0;
	for (size_t i = 1; i < want; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if (want == 3 && ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0)))
		return 0; /* overlong, or a surrogate */
	if (want == 4 && ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90)))
		return 0;
	return want;
}

void dh_textn(struct desk_req *r, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	while (i < n) {
		const char *esc = NULL;
		size_t len = utf8_len(p + i, n - i);
		switch (p[i]) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = "&quot;"; break;
		case '\'': esc = "&#39;"; break;
		default:
			if (len == 0 || (p[i] < 0x20 && p[i] != '\n' && p[i] != '\t') || p[i] == 0x7F)
				esc = "\xEF\xBF\xBD"; /* U+FFFD */
			break;
		}
		if (esc == NULL) {
			i += len;
			run += len;
			continue;
		}
		evbuffer_add(r->out, p + i - run, run);
		evbuffer_add(r->out, esc, strlen(esc));
		run = 0;
		i += len ? len : 1;
	}
	evbuffer_add(r->out, p + i - run, run);
}

void dh_text(struct desk_req *r, const char *s)
{
	if (s)
		dh_textn(r, s, strlen(s));
}

void dh_url(struct desk_req *r, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			evbuffer_add(r->out, p, 1);
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			evbuffer_add(r->out, e, 3);
		}
	}
}

void dh_date(struct desk_req *r, const char *iso)
{
	if (iso && strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-')
		dh_fmt(r, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	else
		dh_text(r, iso);
}

void dh_csrf(struct desk_req *r)
{
	dh_fmt(r, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", r->d->csrf);
}

void dh_notice(struct desk_req *r, const char *kind, const char *text)
{
	dh_fmt(r, "<div class=\"notice %s\" role=\"%s\">", kind,
	       strcmp(kind, "error") == 0 ? "alert" : "status");
	dh_text(r, text);
	dh_raw(r, "</div>");
}

/* The link that switches the language and comes back to this page. */
static void lang_switch(struct desk_req *r)
{
	const char *q = evhttp_uri_get_query(evhttp_request_get_evhttp_uri(r->req));
	char back[1024];
	snprintf(back, sizeof(back), "%s%s%s", r->path, q ? "?" : "", q ? q : "");
	dh_fmt(r, "<a class=\"lang\" href=\"/lang?to=%s&amp;back=", r->lang == DESK_EN ? "vi" : "en");
	dh_url(r, back);
	dh_fmt(r, "\" lang=\"%s\">%s</a>", r->lang == DESK_EN ? "vi" : "en",
	       r->lang == DESK_EN ? "Tiếng Việt" : "English");
}

void dh_page_begin(struct desk_req *r, const char *title)
{
	dh_fmt(r, "<!doctype html><html lang=\"%s\"><head><meta charset=\"utf-8\">"
		  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		  "<link rel=\"stylesheet\" href=\"/static/desk.css\"><title>",
	       r->lang == DESK_EN ? "en" : "vi");
	dh_text(r, title);
	dh_raw(r, " — tocao</title></head><body><header class=\"top\"><div class=\"brand\">");
	dh_text(r, T(r, "Bàn làm việc của thanh tra", "Inspector's desk"));
	dh_raw(r, " <span class=\"unit\">");
	dh_text(r, r->d->unit.unit);
	dh_raw(r, "</span></div><nav><a href=\"/\">");
	dh_text(r, T(r, "Hộp hồ sơ", "Inbox"));
	dh_raw(r, "</a> <a href=\"/?assignee=me\">");
	dh_text(r, T(r, "Hồ sơ của tôi", "My cases"));
	dh_raw(r, "</a> <a href=\"/transfers\">");
	dh_text(r, T(r, "Chuyển đơn", "Transfers"));
	dh_raw(r, "</a> <a href=\"/reception\">");
	dh_text(r, T(r, "Tiếp công dân", "Reception"));
	dh_raw(r, "</a> ");
	lang_switch(r);
	dh_raw(r, "</nav></header><main>");
}

void dh_page_end(struct desk_req *r)
{
	dh_raw(r, "</main><footer>");
	dh_text(r, T(r, "Nội dung được giải mã trên máy này và chỉ giữ trong bộ nhớ; máy chủ "
			"không bao giờ thấy khóa của đơn vị.",
		     "Contents are decrypted on this machine and kept in memory only; the server "
		     "never sees the unit's key."));
	dh_raw(r, "</footer></body></html>");
}
