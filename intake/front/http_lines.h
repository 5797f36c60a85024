/*
 * http_lines.h - a watch on the raw header lines of each request, for what
 * evhttp (libevent 2.1) accepts and then hides: it merges an obsolete
 * folded line (one starting with a space or tab) into the header before
 * it, and reads a bare CR as part of a value, so that neither can be seen
 * in the parsed headers (docs/INTERNALS.md §evhttp-strict-framing).
 *
 * The connection's input bytes are fed here as they arrive, before evhttp
 * reads them (connlimit.c hooks the input buffer); from the request line
 * to the blank line that ends the headers, each byte is looked at once, the
 * body never. RFC 9112 §5.2 says a server must refuse obs-fold in a
 * request; the dispatcher answers 400 when the watch saw it (or a bare CR,
 * or a NUL) in the request it serves.
 *
 * Pure (no libevent): fuzzed by tests/fuzz/fuzz_http_lines.c.
 */
#ifndef TOCAO_HTTP_LINES_H
#define TOCAO_HTTP_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum http_lines_state {
	HTTP_LINES_FIRST,   /* before the request line (empty lines there are skipped) */
	HTTP_LINES_HEADERS, /* after it, up to the blank line */
	HTTP_LINES_DONE,    /* the body and the wait for the answer: nothing looked at */
};

struct http_lines {
	enum http_lines_state state;
	uint64_t pos;       /* stream offset of the next byte to look at */
	size_t line_len;    /* bytes of the current line so far (not its CR) */
	bool cr;            /* the last byte was a CR */
	bool bad;           /* a folded line, a bare CR or a NUL in this request's head */
};

/* The head of a request starts at stream offset pos. */
void http_lines_start(struct http_lines *hl, uint64_t pos);

/*
 * Look at bytes [from, from + len) of the stream (from <= hl->pos; the
 * bytes before hl->pos were looked at already and are skipped). Stops at
 * the blank line that ends the head.
 */
void http_lines_feed(struct http_lines *hl, const uint8_t *bytes, size_t len, uint64_t from);

#endif
