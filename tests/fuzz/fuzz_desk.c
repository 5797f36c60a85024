/*
 * Fuzz target: the desk's readers of bytes it did not make. The first byte
 * picks one:
 *   0  search folding and matching (decrypted reports, the search box);
 *   1  a daemon's case answer read into the cases in memory, then searched;
 *   2  decrypted text written into a page (HTML escaping).
 * Invariants: folding never grows the text and yields only [a-z0-9 ];
 * escaped text holds no raw markup byte and only valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "desk_fold.h"
#include "desk_index.h"
#include "desk_internal.h"
#include "dm_units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_fold(const char *s, size_t n)
{
	char out[4096];
	size_t k = desk_fold(s, n, out, sizeof(out));
	if (k > n || strlen(out) != k)
		abort();
	for (size_t i = 0; i < k; i++)
		if (!((out[i] >= 'a' && out[i] <= 'z') || (out[i] >= '0' && out[i] <= '9') ||
		      out[i] == ' '))
			abort();
	(void)desk_fold_match("thu tien sai quy dinh", out);
	(void)desk_fold_match(out, "tien");
}

static void check_index(const char *s, size_t n)
{
	static int ready;
	if (!ready)
		ready = dm_init() == TC_OK ? 1 : -1;
	cJSON *c = cJSON_ParseWithLength(s, n);
	struct desk_index ix;
	desk_index_init(&ix, 20424); /* 2025-12-02 */
	if (c && desk_index_put(&ix, c, NULL) == TC_OK && desk_index_put(&ix, c, NULL) == TC_OK) {
		const struct desk_case **v = NULL;
		struct desk_query q = {.text = "a", .due = "soon"};
		size_t k = desk_index_select(&ix, &q, "", &v);
		if (k != (size_t)-1 && k > ix.n)
			abort();
		free(v);
	}
	cJSON_Delete(c);
	desk_index_free(&ix);
}

/* Whether p[0..n) is valid UTF-8 (no overlong form, no surrogate). */
static int valid_utf8(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = p[i];
		size_t w = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c & 0xF0) == 0xE0 ? 3
			   : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
		if (w == 0 || i + w > n)
			return 0;
		for (size_t k = 1; k < w; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				return 0;
		if (w == 3 && ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] >= 0xA0)))
			return 0;
		if (w == 4 && ((c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] >= 0x90)))
			return 0;
		i += w;
	}
	return 1;
}

static void check_escape(const char *s, size_t n)
{
	struct desk_req r = {.out = evbuffer_new()};
	if (r.out == NULL)
		return;
	dh_textn(&r, s, n);
	size_t len = evbuffer_get_length(r.out);
	unsigned char *p = evbuffer_pullup(r.out, -1);
	if (len && (memchr(p, '<', len) || memchr(p, '>', len) || memchr(p, '"', len) ||
		    memchr(p, '\'', len) || memchr(p, '\0', len) || !valid_utf8(p, len)))
		abort();
	evbuffer_free(r.out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	switch (data[0] % 3) {
	case 0: check_fold(s, n); break;
	case 1: check_index(s, n); break;
	default: check_escape(s, n); break;
	}
	return 0;
}
