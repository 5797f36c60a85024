#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_guard.h"

/* The value of 4 hex digits at s (len bytes left), or -1. */
static long hex4(const char *s, size_t len)
{
	if (len < 4)
		return -1;
	long v = 0;
	for (int k = 0; k < 4; k++) {
		char c = s[k];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/*
 * The \u escape at text + *i (its backslash): four hex digits, not U+0000,
 * a high surrogate followed by an escaped low one, never a lone one.
 * cJSON reads "\u00ZZ" as U+0000 and cuts the string there (issue 13), and
 * turns a lone surrogate into bytes that are not UTF-8. *i is left on the
 * escape's last byte.
 */
static const char *u_escape(const char *text, size_t len, size_t *i)
{
	long v = hex4(text + *i + 2, len - *i - 2);
	if (v < 0)
		return "a \\u escape needs four hex digits";
	if (v == 0)
		return "strings must not contain \\u0000";
	if (v >= 0xDC00 && v <= 0xDFFF)
		return "a \\u escape is a lone surrogate";
	*i += 5;
	if (v < 0xD800 || v > 0xDBFF)
		return NULL;
	size_t j = *i + 1;
	long lo = j + 1 < len && text[j] == '\\' && text[j + 1] == 'u' ? hex4(text + j + 2, len - j - 2)
									: -1;
	if (lo < 0xDC00 || lo > 0xDFFF)
		return "a \\u escape is a lone surrogate";
	*i += 6;
	return NULL;
}

static const char *prescan(const char *text, size_t len, int max_depth)
{
	int depth = 0;
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == 0)
			return "the body contains a NUL byte";
		if (in_string) {
			if (c == '"') {
				in_string = false;
			} else if (c == '\\') {
				if (i + 1 >= len)
					return "unterminated escape";
				if (text[i + 1] != 'u') {
					i++; /* skip the escaped character */
					continue;
				}
				const char *bad = u_escape(text, len, &i);
				if (bad != NULL)
					return bad;
			} else if (c < 0x20) {
				return "unescaped control character in a string";
			}
			continue;
		}
		if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[') {
			if (++depth > max_depth)
				return "nested too deeply";
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return NULL;
}

int json_prescan(const char *text, size_t len, int max_depth, const char **why)
{
	const char *reason = prescan(text, len, max_depth);
	if (why)
		*why = reason;
	return reason ? TC_EINVAL : TC_OK;
}

const char *json_reason_vi(const char *reason)
{
	static const char *const pairs[][2] = {
		{"the body contains a NUL byte", "nội dung chứa byte NUL"},
		{"unterminated escape", "chuỗi thoát không kết thúc"},
		{"strings must not contain \\u0000", "chuỗi không được chứa \\u0000"},
		{"a \\u escape needs four hex digits", "chuỗi thoát \\u cần đủ bốn chữ số hex"},
		{"a \\u escape is a lone surrogate", "chuỗi thoát \\u là nửa cặp thay thế đơn lẻ"},
		{"unescaped control character in a string", "chuỗi chứa ký tự điều khiển"},
		{"nested too deeply", "lồng nhau quá sâu"},
		{"not valid JSON", "cú pháp JSON sai"},
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (strcmp(reason, pairs[i][0]) == 0)
			return pairs[i][1];
	return reason;
}

int json_parse(const char *text, size_t len, cJSON **out)
{
	*out = NULL;
	/* cJSON wants a NUL-terminated buffer to be sure where it ends. */
	char *copy = malloc(len + 1);
	if (copy == NULL)
		return TC_ENOMEM;
	memcpy(copy, text, len);
	copy[len] = '\0';
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(copy, len + 1, &end, 1);
	explicit_bzero(copy, len);
	free(copy);
	*out = root;
	return root ? TC_OK : TC_EINVAL;
}

bool utf8_is_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		uint32_t cp;
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}

size_t utf8_length(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

const char *json_duplicate_key(const cJSON *obj)
{
	for (const cJSON *a = obj->child; a; a = a->next)
		for (const cJSON *b = a->next; b; b = b->next)
			if (a->string && b->string && strcmp(a->string, b->string) == 0)
				return a->string;
	return NULL;
}
