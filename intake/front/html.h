/*
 * html.h - a capped, growable buffer for building HTML, with escaping.
 * Memory comes from the wiping allocator: pages can hold what a citizen typed.
 */
#ifndef TOCAO_HTML_H
#define TOCAO_HTML_H

#include <stdbool.h>
#include <stddef.h>

#define HTML_MAX (4u << 20) /* no page is larger */

struct html {
	char *buf;
	size_t len, cap;
	bool failed; /* out of memory or over HTML_MAX: the page is dropped */
};

void html_init(struct html *h);
/* Raw markup (trusted, from our own templates). */
void html_raw(struct html *h, const char *s);
/* printf into raw markup: only for our own numbers and fixed strings. */
void html_rawf(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text escaped for element content and attribute values (& < > " '). */
void html_text(struct html *h, const char *s);
/* The finished page (NUL-terminated) and its length; NULL if it failed. */
char *html_finish(struct html *h, size_t *len);

#endif
