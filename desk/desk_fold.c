/*
 * desk_fold.c - folding text for the desk's search (desk_fold.h).
 *
 * Vietnamese letters live in three blocks: Latin-1 (à, â, ê, ô ...), Latin
 * Extended-A/B (ă, đ, ĩ, ũ, ơ, ư) and Latin Extended Additional U+1EA0 to
 * U+1EF9 (ạ ... ỹ, in runs per base letter). Text typed with combining
 * marks (U+0300-U+036F) folds alike because the marks are dropped.
 */
#include <stdint.h>
#include <string.h>

#include "desk_fold.h"

/* U+00C0-U+00FF by base letter ('.' for ×, ÷, which are no letters). */
static const char latin1[] = "aaaaaaaceeeeiiiidnooooo.ouuuuyts"
			     "aaaaaaaceeeeiiiidnooooo.ouuuuyty";

/* U+1EA0-U+1EF9 in runs: 24 a, 16 e, 4 i, 24 o, 14 u, 8 y. */
static char extended_additional(uint32_t cp)
{
	static const struct {
		uint32_t last;
		char base;
	} runs[] = {{0x1EB7, 'a'}, {0x1EC7, 'e'}, {0x1ECB, 'i'},
		    {0x1EE3, 'o'}, {0x1EF1, 'u'}, {0x1EF9, 'y'}};
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		if (cp <= runs[i].last)
			return runs[i].base;
	return 0;
}

/* The base letter of a code point, 0 to drop it (a combining mark), ' ' for anything else. */
static char base_of(uint32_t cp)
{
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			return (char)cp;
		if (cp >= 'A' && cp <= 'Z')
			return (char)(cp - 'A' + 'a');
		return ' ';
	}
	if (cp >= 0x300 && cp <= 0x36F)
		return 0;
	if (cp >= 0xC0 && cp <= 0xFF)
		return latin1[cp - 0xC0] == '.' ? ' ' : latin1[cp - 0xC0];
	switch (cp) {
	case 0x102: case 0x103: return 'a';
	case 0x110: case 0x111: return 'd';
	case 0x128: case 0x129: return 'i';
	case 0x168: case 0x169: return 'u';
	case 0x1A0: case 0x1A1: return 'o';
	case 0x1AF: case 0x1B0: return 'u';
	default: break;
	}
	if (cp >= 0x1EA0 && cp <= 0x1EF9)
		return extended_additional(cp);
	return ' ';
}

/* One UTF-8 sequence at s (n > 0 bytes left): its code point and length; invalid: 0xFFFD, 1. */
static uint32_t next_cp(const unsigned char *s, size_t n, size_t *used)
{
	unsigned c = s[0];
	size_t want = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
		      : (c & 0xF8) == 0xF0 ? 4 : 0;
	*used = 1;
	if (want == 0 || want > n)
		return want == 1 ? c : 0xFFFD;
	uint32_t cp = want == 1 ? c : want == 2 ? (c & 0x1F) : want == 3 ? (c & 0x0F) : (c & 0x07);
	for (size_t i = 1; i < want; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0xFFFD;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < least[want] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0xFFFD;
	*used = want;
	return cp;
}

size_t desk_fold(const char *s, size_t len, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0;
	while (i < len && o + 1 < cap) {
		size_t used;
		char b = base_of(next_cp(p + i, len - i, &used));
		i += used;
		if (b == 0 || (b == ' ' && (o == 0 || out[o - 1] == ' ')))
			continue;
		out[o++] = b;
	}
	if (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return o;
}

int desk_fold_match(const char *text, const char *query)
{
	char word[128];
	const char *q = query;
	while (*q) {
		while (*q == ' ')
			q++;
		size_t n = strcspn(q, " ");
		if (n == 0)
			break;
		if (n >= sizeof(word))
			n = sizeof(word) - 1;
		memcpy(word, q, n);
		word[n] = '\0';
		if (strstr(text, word) == NULL)
			return 0;
		q += strcspn(q, " ");
	}
	return 1;
}
