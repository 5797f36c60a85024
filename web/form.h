/*
 * form.h - decoding HTML form submissions: application/x-www-form-urlencoded
 * and multipart/form-data (RFC 7578). evhttp has no multipart parser and
 * its query parser has traps (undecoded keys, first duplicate wins, %00
 * truncates: docs/INTERNALS.md §evhttp-query-parser, §multipart), so both
 * are ours.
 *
 * Fields point into the request body (multipart) or into memory owned by
 * the struct form (urlencoded, decoded); release with form_free(). Client
 * file names are kept only as text to show back, never used as paths.
 */
#ifndef TOCAO_FORM_H
#define TOCAO_FORM_H

#include <stddef.h>
#include <stdint.h>

#include "tc_err.h"

#define FORM_MAX_FIELDS 64
#define FORM_MAX_NAME 64
#define FORM_MAX_PART_HEADERS 1024   /* bytes of headers per multipart part */
#define FORM_MAX_BOUNDARY 70         /* RFC 2046 */

struct form_field {
	char name[FORM_MAX_NAME];
	const uint8_t *value;     /* not NUL-terminated unless decoded */
	size_t len;
	char filename[256];       /* multipart file parts: the client's name, sanitised */
	char content_type[128];   /* multipart: the part's type, "" if none */
	int is_file;
};

/* Why a form did not parse (struct form's error; form_strerror). */
enum form_err {
	FORM_OK = 0,
	FORM_EMALFORMED = -20001,  /* not the declared encoding */
	FORM_ETOO_MANY = -20002,   /* more than FORM_MAX_FIELDS fields */
	FORM_EDUPLICATE = -20003,  /* a (non-file) field given twice */
	FORM_ENUL = -20004,        /* %00 or a NUL byte in a text field */
	FORM_EHEADERS = -20005,    /* a part's headers too long */
};

struct form {
	struct form_field f[FORM_MAX_FIELDS];
	size_t n;
	uint8_t *decoded;         /* urlencoded: the decoded values */
	int error;                /* after a parse: FORM_OK, or why it failed (enum form_err) */
};

/*
 * The parsers return TC_OK, TC_EINVAL (out->error says why: a FORM_E*
 * code, form_strerror() its words) or TC_ENOMEM; out is to be form_free()d
 * either way.
 *
 * Parse an urlencoded body. Names and values are percent-decoded ('+' is a
 * space); a repeated name is FORM_EDUPLICATE; %00 is FORM_ENUL.
 */
int form_parse_urlencoded(const char *body, size_t len, struct form *out) TC_WUR;

/*
 * Extract the boundary from a multipart/form-data Content-Type header
 * into out (NUL-terminated). TC_EINVAL if absent or invalid.
 */
int form_multipart_boundary(const char *content_type, char out[FORM_MAX_BOUNDARY + 1]) TC_WUR;

/*
 * Parse a multipart/form-data body. Only form-data parts; text fields may
 * not repeat; file fields ("file", or any part with a filename) may.
 */
int form_parse_multipart(const uint8_t *body, size_t len, const char *boundary,
			 struct form *out) TC_WUR;

/* The first field named name, or NULL. */
const struct form_field *form_get(const struct form *f, const char *name);

void form_free(struct form *f);

/* Words for a form's error (FORM_E*), e.g. "a field is given twice". */
const char *form_strerror(int err);

#endif
