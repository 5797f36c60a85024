/*
 * json_guard.h - checks on untrusted JSON that cJSON does not make
 * (case-insensitive lookups, duplicate keys kept, \u0000 truncating strings,
 * no depth limit of ours: docs/INTERNALS.md §cjson): run before and after parsing.
 */
#ifndef TOCAO_JSON_GUARD_H
#define TOCAO_JSON_GUARD_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "tc_err.h"

/*
 * Scan raw JSON text before parsing: no NUL byte, no raw control character
 * inside a string, every "\u" escape four hex digits, never "\u0000" (cJSON
 * would truncate the string there, and reads a bad escape such as "\u00ZZ"
 * as one), surrogates only in pairs, nesting at most max_depth. TC_OK if fine, else TC_EINVAL with
 * *why (if why is not NULL) a short English reason for a 400.
 */
int json_prescan(const char *text, size_t len, int max_depth, const char **why) TC_WUR;

/* The Vietnamese for a reason json_prescan() gives (or "not valid JSON"). */
const char *json_reason_vi(const char *reason);

/*
 * Parse text (len bytes, need not be NUL-terminated) into *out (the caller
 * deletes it): TC_OK, TC_EINVAL when malformed, TC_ENOMEM; *out NULL unless TC_OK.
 */
int json_parse(const char *text, size_t len, cJSON **out) TC_WUR;

/* true if s is valid UTF-8: no overlongs, no surrogates, <= U+10FFFF. */
bool utf8_is_valid(const char *s, size_t len);
/* Number of code points in valid UTF-8. */
size_t utf8_length(const char *s, size_t len);

/* The first member name that appears twice in obj, or NULL. */
const char *json_duplicate_key(const cJSON *obj);

#endif
