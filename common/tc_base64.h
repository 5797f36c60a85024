/* tc_base64.h - standard base64 (RFC 4648 §4, with padding) for export files. */
#ifndef TOCAO_TC_BASE64_H
#define TOCAO_TC_BASE64_H

#include <stddef.h>
#include <stdint.h>

#include "tc_err.h"

/* Encoded length of n bytes, without the NUL. */
size_t tc_base64_len(size_t n);
/* Writes tc_base64_len(n) characters and a NUL into out. */
void tc_base64_encode(const uint8_t *in, size_t n, char *out);
/* Strict: padding required, no white space. out needs len/4*3 bytes. */
int tc_base64_decode(const char *in, size_t len, uint8_t *out, size_t *out_len) TC_WUR;
/*
 * The same into a buffer of cap bytes: TC_ERANGE, before writing anything,
 * when len could decode to more than cap (len / 4 * 3). For fixed buffers.
 */
int tc_base64_decode_cap(const char *in, size_t len, uint8_t *out, size_t cap,
			 size_t *out_len) TC_WUR;

#endif
