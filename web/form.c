#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "form.h"
#include "wipe_alloc.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode [s, s+n) into out; returns the decoded length or an error. */
static long url_decode(const char *s, size_t n, uint8_t *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			out[o++] = ' ';
		} else if (c == '%') {
			if (i + 2 >= n)
				return FORM_EMALFORMED;
			int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
			if (h < 0 || l < 0)
				return FORM_EMALFORMED;
			out[o] = (uint8_t)(h << 4 | l);
			if (out[o] == 0)
				return FORM_ENUL;
			o++;
			i += 2;
		} else if (c == '\0') {
			return FORM_ENUL;
		} else {
			out[o++] = (uint8_t)c;
		}
	}
	return (long)o;
}

static int name_ok(const uint8_t *s, size_t n)
{
	if (n == 0 || n >= FORM_MAX_NAME)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x21 || s[i] > 0x7e)
			return 0;
	return 1;
}

static int add_field(struct form *out, const uint8_t *name, size_t name_len, int is_file,
		     struct form_field **slot)
{
	if (!name_ok(name, name_len))
		return FORM_EMALFORMED;
	for (size_t i = 0; i < out->n && !is_file; i++)
		if (!out->f[i].is_file && strlen(out->f[i].name) == name_len &&
		    memcmp(out->f[i].name, name, name_len) == 0)
			return FORM_EDUPLICATE;
	if (out->n == FORM_MAX_FIELDS)
		return FORM_ETOO_MANY;
	struct form_field *f = &out->f[out->n++];
	memset(f, 0, sizeof(*f));
	memcpy(f->name, name, name_len);
	f->is_file = is_file;
	*slot = f;
	return FORM_OK;
}

static int parse_urlencoded(const char *body, size_t len, struct form *out)
{
	memset(out, 0, sizeof(*out));
	out->decoded = wipe_malloc(len + 1);
	if (out->decoded == NULL)
		return TC_ENOMEM;
	uint8_t *w = out->decoded;
	size_t i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && body[end] != '&')
			end++;
		if (end > i) {
			const char *eq = memchr(body + i, '=', end - i);
			size_t nlen = eq ? (size_t)(eq - (body + i)) : end - i;
			long dn = url_decode(body + i, nlen, w);
			if (dn < 0)
				return (int)dn;
			struct form_field *f;
			int rc = add_field(out, w, (size_t)dn, 0, &f);
			if (rc != FORM_OK)
				return rc;
			const char *v = eq ? eq + 1 : body + end;
			size_t vlen = eq ? (size_t)(body + end - v) : 0;
			long dv = url_decode(v, vlen, w);
			if (dv < 0)
				return (int)dv;
			f->value = w;
			f->len = (size_t)dv;
			w += dv;
		}
		i = end + 1;
	}
	return FORM_OK;
}

static int bchar(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       strchr("'()+_,-./:=? ", c) != NULL;
}

static int multipart_boundary(const char *ct, char out[FORM_MAX_BOUNDARY + 1])
{
	const char *type = "multipart/form-data";
	if (ct == NULL || strncasecmp(ct, type, strlen(type)) != 0)
		return FORM_EMALFORMED;
	const char *p = ct + strlen(type);
	while (*p) {
		while (*p == ';' || *p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "boundary=", 9) == 0) {
			p += 9;
			size_t n = 0;
			int quoted = *p == '"';
			if (quoted)
				p++;
			while (p[n] && (quoted ? p[n] != '"' : p[n] != ';') && n <= FORM_MAX_BOUNDARY)
				n++;
			if (n == 0 || n > FORM_MAX_BOUNDARY || (quoted && p[n] != '"'))
				return FORM_EMALFORMED;
			for (size_t i = 0; i < n; i++)
				if (!bchar(p[i]))
					return FORM_EMALFORMED;
			if (p[n - 1] == ' ')
				return FORM_EMALFORMED;
			memcpy(out, p, n);
			out[n] = '\0';
			return FORM_OK;
		}
		while (*p && *p != ';')
			p++;
	}
	return FORM_EMALFORMED;
}

/*
 * Read one parameter value of Content-Disposition at *pp: a token or a
 * quoted string (backslash escapes). Writes at most cap-1 bytes.
 */
static int param_value(const char **pp, const char *end, char *out, size_t cap)
{
	const char *p = *pp;
	size_t o = 0;
	if (p < end && *p == '"') {
		p++;
		while (p < end && *p != '"') {
			if (*p == '\\' && p + 1 < end)
				p++;
			if (o + 1 < cap)
				out[o++] = *p;
			p++;
		}
		if (p >= end)
			return FORM_EMALFORMED;
		p++;
	} else {
		while (p < end && *p != ';' && *p != ' ' && *p != '\t') {
			if (o + 1 < cap)
				out[o++] = *p;
			p++;
		}
	}
	out[o] = '\0';
	*pp = p;
	return FORM_OK;
}

/* Keep only a display name: the last path component, no control characters. */
static void sanitize_filename(char *s)
{
	char *base = s;
	for (char *p = s; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	memmove(s, base, strlen(base) + 1);
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '_';
}

static int parse_part_headers(const char *h, size_t len, char *name, size_t name_cap,
			      struct form_field *tmp, int *has_filename)
{
	int disposition = 0;
	*has_filename = 0;
	name[0] = '\0';
	const char *end = h + len;
	for (const char *line = h; line < end;) {
		const char *eol = memmem(line, (size_t)(end - line), "\r\n", 2);
		if (eol == NULL)
			eol = end;
		const char *colon = memchr(line, ':', (size_t)(eol - line));
		if (colon == NULL)
			return FORM_EMALFORMED;
		size_t hn = (size_t)(colon - line);
		const char *v = colon + 1;
		while (v < eol && (*v == ' ' || *v == '\t'))
			v++;
		if (hn == 19 && strncasecmp(line, "Content-Disposition", 19) == 0) {
			if (disposition++ || (size_t)(eol - v) < 9 || strncasecmp(v, "form-data", 9) != 0)
				return FORM_EMALFORMED;
			const char *p = v + 9;
			while (p < eol) {
				while (p < eol && (*p == ';' || *p == ' ' || *p == '\t'))
					p++;
				const char *eq = memchr(p, '=', (size_t)(eol - p));
				if (eq == NULL)
					break;
				size_t pn = (size_t)(eq - p);
				const char *q = eq + 1;
				int rc;
				if (pn == 4 && strncasecmp(p, "name", 4) == 0)
					rc = param_value(&q, eol, name, name_cap);
				else if (pn == 8 && strncasecmp(p, "filename", 8) == 0) {
					rc = param_value(&q, eol, tmp->filename, sizeof(tmp->filename));
					*has_filename = 1;
				} else {
					char skip[256];
					rc = param_value(&q, eol, skip, sizeof(skip));
				}
				if (rc != FORM_OK)
					return rc;
				p = q;
			}
		} else if (hn == 12 && strncasecmp(line, "Content-Type", 12) == 0) {
			size_t vl = (size_t)(eol - v);
			if (vl >= sizeof(tmp->content_type))
				vl = sizeof(tmp->content_type) - 1;
			memcpy(tmp->content_type, v, vl);
			tmp->content_type[vl] = '\0';
		}
		line = eol + 2;
	}
	return disposition && name[0] ? FORM_OK : FORM_EMALFORMED;
}

static int parse_multipart(const uint8_t *body, size_t len, const char *boundary,
			   struct form *out)
{
	memset(out, 0, sizeof(*out));
	size_t bl = strlen(boundary);
	if (bl == 0 || bl > FORM_MAX_BOUNDARY)
		return FORM_EMALFORMED;
	char delim[FORM_MAX_BOUNDARY + 5];
	delim[0] = '\r';
	delim[1] = '\n';
	delim[2] = '-';
	delim[3] = '-';
	memcpy(delim + 4, boundary, bl);
	size_t dl = bl + 4;

	/* The first boundary may open the body (no CRLF before it) or follow a preamble. */
	const uint8_t *p;
	if (len >= dl - 2 && memcmp(body, delim + 2, dl - 2) == 0) {
		p = body + dl - 2;
	} else {
		const uint8_t *d = memmem(body, len, delim, dl);
		if (d == NULL)
			return FORM_EMALFORMED;
		p = d + dl;
	}
	const uint8_t *end = body + len;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return FORM_OK; /* close delimiter; the epilogue is ignored */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++; /* transport padding */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return FORM_EMALFORMED;
		p += 2;
		size_t avail = (size_t)(end - p);
		size_t look = avail < FORM_MAX_PART_HEADERS + 4 ? avail : FORM_MAX_PART_HEADERS + 4;
		const uint8_t *hend = memmem(p, look, "\r\n\r\n", 4);
		if (hend == NULL)
			return avail > FORM_MAX_PART_HEADERS ? FORM_EHEADERS : FORM_EMALFORMED;
		struct form_field tmp;
		char name[FORM_MAX_NAME + 8];
		int has_filename;
		memset(&tmp, 0, sizeof(tmp));
		int rc = parse_part_headers((const char *)p, (size_t)(hend - p), name, sizeof(name),
					    &tmp, &has_filename);
		if (rc != FORM_OK)
			return rc;
		const uint8_t *content = hend + 4;
		const uint8_t *next = memmem(content, (size_t)(end - content), delim, dl);
		if (next == NULL)
			return FORM_EMALFORMED;
		struct form_field *f;
		rc = add_field(out, (const uint8_t *)name, strlen(name), has_filename, &f);
		if (rc != FORM_OK)
			return rc;
		memcpy(f->filename, tmp.filename, sizeof(f->filename));
		sanitize_filename(f->filename);
		memcpy(f->content_type, tmp.content_type, sizeof(f->content_type));
		f->value = content;
		f->len = (size_t)(next - content);
		if (!has_filename && memchr(f->value, '\0', f->len) != NULL)
			return FORM_ENUL;
		p = next + dl;
	}
}

/* The project's code for a parser's result; the reason kept in out->error. */
static int form_result(struct form *out, int rc)
{
	out->error = rc <= FORM_EMALFORMED && rc >= FORM_EHEADERS ? rc : FORM_OK;
	if (rc == FORM_OK)
		return TC_OK;
	return rc == TC_ENOMEM ? TC_ENOMEM : TC_EINVAL;
}

int form_parse_urlencoded(const char *body, size_t len, struct form *out)
{
	return form_result(out, parse_urlencoded(body, len, out));
}

int form_parse_multipart(const uint8_t *body, size_t len, const char *boundary, struct form *out)
{
	return form_result(out, parse_multipart(body, len, boundary, out));
}

int form_multipart_boundary(const char *ct, char out[FORM_MAX_BOUNDARY + 1])
{
	return multipart_boundary(ct, out) == FORM_OK ? TC_OK : TC_EINVAL;
}

const struct form_field *form_get(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0)
			return &f->f[i];
	return NULL;
}

void form_free(struct form *f)
{
	wipe_free(f->decoded); /* decoded values are report plaintext */
	f->decoded = NULL;
	f->n = 0;
}

const char *form_strerror(int err)
{
	switch (err) {
	case FORM_OK: return "ok";
	case FORM_EMALFORMED: return "malformed form data";
	case FORM_ETOO_MANY: return "too many fields";
	case FORM_EDUPLICATE: return "a field is given twice";
	case FORM_ENUL: return "a field contains a NUL character";
	case FORM_EHEADERS: return "a part's headers are too long";
	}
	return tc_strerror(err);
}
