/*
 * desk_files.c - a case's files, opened on this machine and handed to the
 * browser from memory: /case/ID/file/N and /case/ID/msg/SEQ/N download;
 * with /view, shown in the browser only when the bytes themselves are a
 * PNG, JPEG, GIF or WebP image or a PDF whose declared type says the same,
 * under a sandboxing Content-Security-Policy. Anything else (an HTML page,
 * an SVG with scripts, an office document, a file lying about its type) is
 * only ever a download with nosniff: the browser never runs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desk_case.h"

/* The type the bytes are, among those shown inline; NULL for anything else. */
static const char *sniff(const uint8_t *p, size_t n)
{
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 3 && memcmp(p, "\xff\xd8\xff", 3) == 0)
		return "image/jpeg";
	if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0))
		return "image/gif";
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
		return "image/webp";
	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return "application/pdf";
	return NULL;
}

/* name percent-encoded for filename*= (RFC 6266, RFC 8187). */
static void ext_value(char *out, size_t cap, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p && o + 4 < cap; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '.' || *p == '-' || *p == '_') {
			out[o++] = (char)*p;
		} else {
			out[o++] = '%';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		}
	}
	out[o] = '\0';
}

static void send_file(struct desk_req *r, const char *fallback, const char *name,
		      const char *declared, const uint8_t *data, size_t len, int view)
{
	const char *real = sniff(data, len);
	int inline_ok = view && real && strcmp(real, declared) == 0;
	struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
	char disp[600], enc[400];
	ext_value(enc, sizeof(enc), name[0] ? name : fallback);
	snprintf(disp, sizeof(disp), "%s; filename=\"%s\"; filename*=UTF-8''%s",
		 inline_ok ? "inline" : "attachment", fallback, enc);
	evhttp_add_header(h, "Content-Type", inline_ok ? real : "application/octet-stream");
	evhttp_add_header(h, "Content-Disposition", disp);
	evhttp_add_header(h, "Content-Security-Policy",
			  "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
			  "object-src 'self'; plugin-types application/pdf; sandbox");
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "Cache-Control", "no-store");
	evhttp_add_header(h, "Referrer-Policy", "no-referrer");
	evhttp_add_header(h, "Cross-Origin-Resource-Policy", "same-origin");
	evbuffer_add(r->out, data, len);
	evhttp_send_reply(r->req, 200, "OK", r->out);
}

/* /file/N: attachment N of the report. */
static void report_file(struct desk_req *r, struct desk_view *v, unsigned n, int view)
{
	struct tcc_blob blob = {0};
	struct tcc_result res;
	uint8_t *data = NULL;
	size_t len = 0;
	unsigned index = 0;
	int st = tcc_case_attachment(r->d->s, v->id, n, &blob, &res);
	tcc_result_free(&res);
	if (st != 200 ||
	    tcc_open_attachment(desk_jstr(v->doc, "envelope"), blob.data, blob.len, r->d->sec,
				&index, &data, &len) != TC_OK || index != n) {
		desk_error_page(r, st == 404 ? 404 : 502, T(r, "Không mở được tệp", "Cannot open"),
				T(r, "Tệp không có hoặc không mở được bằng khóa của đơn vị.",
				  "No such file, or it does not open with the unit's key."));
	} else {
		char fallback[64];
		snprintf(fallback, sizeof(fallback), "%s-%u", v->id, n);
		send_file(r, fallback, tcc_file_meta(v->body, n, "name"),
			  tcc_file_meta(v->body, n, "content_type"), data, len, view);
	}
	cr_attachment_free(data);
	tcc_blob_free(&blob);
}

/* /msg/SEQ/N: file N of the reporter's message SEQ. */
static void message_file(struct desk_req *r, struct desk_view *v, int seq, unsigned n, int view)
{
	for (size_t i = 0; i < v->n_msgs; i++) {
		const struct desk_msg *m = &v->msgs[i];
		if (m->seq != seq || !m->opened)
			continue;
		for (size_t f = 0; f < m->m.n_files; f++)
			if (m->m.files[f].index == n) {
				char fallback[64];
				snprintf(fallback, sizeof(fallback), "%s-m%d-%u", v->id, seq, n);
				send_file(r, fallback, tcc_file_meta(m->m.body, n, "name"),
					  tcc_file_meta(m->m.body, n, "content_type"),
					  m->m.files[f].data, m->m.files[f].len, view);
				return;
			}
	}
	desk_error_page(r, 404, T(r, "Không có tệp này", "No such file"), "");
}

/* "N" or "N/view": N (0-9999) and whether to view; -1 for anything else. */
static int file_ref(const char *s, unsigned *n, int *view)
{
	char *end = NULL;
	if (s[0] < '0' || s[0] > '9' || strlen(s) > 16)
		return -1;
	unsigned long v = strtoul(s, &end, 10);
	if (v > 9999 || (strcmp(end, "") != 0 && strcmp(end, "/view") != 0))
		return -1;
	*n = (unsigned)v;
	*view = end[0] != '\0';
	return 0;
}

void desk_file(struct desk_req *r, const char *id, const char *rest)
{
	unsigned n = 0;
	int view = 0, seq = -1, msg = strncmp(rest, "msg/", 4) == 0;
	const char *ref = msg ? strchr(rest + 4, '/') : strncmp(rest, "file/", 5) == 0 ? rest + 5 : NULL;
	if (msg && ref) {
		char *end = NULL;
		long k = strtol(rest + 4, &end, 10);
		seq = end == ref && k >= 0 && k < 1000000 ? (int)k : -1;
		ref++;
	}
	if (ref == NULL || file_ref(ref, &n, &view) != 0 || (msg && seq < 0)) {
		desk_error_page(r, 404, T(r, "Không có trang này", "No such page"), rest);
		return;
	}
	struct desk_view v;
	desk_view_open(r, id, msg, NULL, &v);
	if (v.status != 200)
		desk_error_page(r, v.status == 404 ? 404 : 502, T(r, "Không có hồ sơ này", "No such case"),
				v.why);
	else if (msg)
		message_file(r, &v, seq, n, view);
	else
		report_file(r, &v, n, view);
	desk_view_close(&v);
}
