/*
 * desk_fold.h - text folded for search: lower case, Vietnamese letters
 * without their marks (đ -> d, ạ -> a, ư -> u ...), everything else that is
 * not a letter or digit a single space. "Nguyễn Văn Ạ" and "nguyen van a"
 * fold alike, so an inspector finds a case whether or not the keyboard
 * types the marks. Pure; the input is untrusted (decrypted reports, the
 * search box): invalid UTF-8 folds to spaces (tests/fuzz/fuzz_desk_fold.c).
 */
#ifndef TOCAO_DESK_FOLD_H
#define TOCAO_DESK_FOLD_H

#include <stddef.h>

/*
 * Fold len bytes of s into out (at most cap - 1 bytes and a NUL; cap > 0):
 * never longer than the input. Returns the folded length.
 */
size_t desk_fold(const char *s, size_t len, char *out, size_t cap);

/*
 * Whether every word of the folded query occurs in the folded text (both
 * NUL-terminated, already folded). An empty query matches everything.
 */
int desk_fold_match(const char *text, const char *query);

#endif
