/*
 * http_lines.c - the watch on a request's raw header lines (http_lines.h).
 */
#include <string.h>

#include "http_lines.h"

void http_lines_start(struct http_lines *hl, uint64_t pos)
{
	memset(hl, 0, sizeof(*hl));
	hl->state = HTTP_LINES_FIRST;
	hl->pos = pos;
}

/* One byte of the head. */
static void step(struct http_lines *hl, uint8_t c)
{
	if (c == '\n') {
		if (hl->line_len == 0 && hl->state == HTTP_LINES_HEADERS)
			hl->state = HTTP_LINES_DONE; /* the blank line */
		else if (hl->line_len > 0)
			hl->state = HTTP_LINES_HEADERS;
		hl->line_len = 0;
		hl->cr = false;
		return;
	}
	if (hl->cr)
		hl->bad = true; /* a CR not followed by LF */
	hl->cr = c == '\r';
	if (hl->cr)
		return;
	if (c == '\0' ||
	    (hl->line_len == 0 && hl->state == HTTP_LINES_HEADERS && (c == ' ' || c == '\t')))
		hl->bad = true; /* a NUL, or obs-fold */
	hl->line_len++;
}

void http_lines_feed(struct http_lines *hl, const uint8_t *bytes, size_t len, uint64_t from)
{
	if (from + len <= hl->pos)
		return;
	size_t i = hl->pos > from ? (size_t)(hl->pos - from) : 0;
	for (; i < len && hl->state != HTTP_LINES_DONE; i++)
		step(hl, bytes[i]);
	hl->pos = from + i;
}
