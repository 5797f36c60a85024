#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "wipe_alloc.h"

void html_init(struct html *h)
{
	memset(h, 0, sizeof(*h));
}

static void append(struct html *h, const char *s, size_t n)
{
	if (h->failed)
		return;
	if (h->len + n + 1 > h->cap) {
		size_t cap = h->cap ? h->cap : 8192;
		while (cap < h->len + n + 1)
			cap *= 2;
		char *p = cap > HTML_MAX ? NULL : wipe_realloc(h->buf, cap);
		if (p == NULL) {
			h->failed = true;
			return;
		}
		h->buf = p;
		h->cap = cap;
	}
	memcpy(h->buf + h->len, s, n);
	h->len += n;
	h->buf[h->len] = '\0';
}

void html_raw(struct html *h, const char *s)
{
	append(h, s, strlen(s));
}

void html_rawf(struct html *h, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		h->failed = true;
		return;
	}
	append(h, tmp, (size_t)n);
}

void html_text(struct html *h, const char *s)
{
	if (s == NULL)
		return;
	const char *run = s;
	for (; *s; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		append(h, run, (size_t)(s - run));
		html_raw(h, rep);
		run = s + 1;
	}
	append(h, run, (size_t)(s - run));
}

char *html_finish(struct html *h, size_t *len)
{
	if (h->failed || h->buf == NULL) {
		wipe_free(h->buf);
		h->buf = NULL;
		return NULL;
	}
	*len = h->len;
	return h->buf;
}
