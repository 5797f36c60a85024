/*
 * paper_buf.c - the text buffer of the documents and the one escaper every
 * case byte goes through (HTML and XML share & < > " ' and both refuse
 * control characters and broken UTF-8: they become U+FFFD).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paper.h"

static int grow(struct pbuf *b, size_t need)
{
	if (b->failed)
		return -1;
	if (b->len + need + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + need + 1)
		cap *= 2;
	char *p = malloc(cap);
	if (p == NULL) {
		b->failed = 1;
		return -1;
	}
	if (b->p) {
		/* a fresh block and a wiped old one: realloc would leave case text behind */
		memcpy(p, b->p, b->len);
		explicit_bzero(b->p, b->cap);
		free(b->p);
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void pbuf_add(struct pbuf *b, const char *s, size_t n)
{
	if (grow(b, n) != 0)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void pbuf_str(struct pbuf *b, const char *s)
{
	if (s)
		pbuf_add(b, s, strlen(s));
}

void pbuf_fmt(struct pbuf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = 1;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		pbuf_add(b, small, (size_t)n);
		return;
	}
	if (grow(b, (size_t)n) != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
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
	if (want == 3 && c == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF))
		return 0; /* U+FFFE, U+FFFF: not characters in XML */
	if (want == 4 && ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90)))
		return 0;
	return want;
}

static const char *escape_of(const unsigned char *p, size_t len)
{
	switch (p[0]) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default:
		if (len == 0 || (p[0] < 0x20 && p[0] != '\n' && p[0] != '\t') || p[0] == 0x7F)
			return "\xEF\xBF\xBD"; /* U+FFFD */
		return NULL;
	}
}

void paper_text(struct pbuf *b, const char *s)
{
	if (s == NULL)
		return;
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, run = 0;
	while (i < n) {
		size_t len = utf8_len(p + i, n - i);
		const char *esc = escape_of(p + i, len);
		if (esc == NULL) {
			i += len;
			run += len;
			continue;
		}
		pbuf_add(b, (const char *)p + i - run, run);
		pbuf_str(b, esc);
		run = 0;
		i += len ? len : 1;
	}
	pbuf_add(b, (const char *)p + i - run, run);
}

void pbuf_free(struct pbuf *b)
{
	if (b->p) {
		explicit_bzero(b->p, b->cap);
		free(b->p);
	}
	memset(b, 0, sizeof(*b));
}
