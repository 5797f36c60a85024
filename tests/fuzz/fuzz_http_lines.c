/*
 * Fuzz target: the watch on raw header lines (http_lines.h), fed the bytes
 * as the network could split them (the first byte sets the piece size),
 * and again all at once: both must agree, stop inside the input, and call
 * the head bad the same way.
 */
#include <stdint.h>
#include <stdlib.h>

#include "http_lines.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t piece = (size_t)data[0] % 17 + 1;
	const uint8_t *text = data + 1;
	size_t len = size - 1;
	struct http_lines a, b;
	http_lines_start(&a, 0);
	http_lines_start(&b, 0);
	for (size_t at = 0; at < len; at += piece) {
		size_t end = at + piece < len ? at + piece : len;
		/* The input buffer holds what evhttp has not read: here, everything so far. */
		http_lines_feed(&a, text, end, 0);
	}
	http_lines_feed(&b, text, len, 0);
	if (a.pos > len || b.pos > len || a.pos != b.pos || a.bad != b.bad || a.state != b.state)
		abort();
	/* A second request from where the first head ended. */
	http_lines_start(&a, b.pos);
	http_lines_feed(&a, text + b.pos, len - (size_t)b.pos, b.pos);
	if (a.pos > len)
		abort();
	return 0;
}
