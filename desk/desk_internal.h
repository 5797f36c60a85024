/*
 * desk_internal.h - the desk's parts: the server and its gate
 * (desk_server.c), the page frame and HTML escaping (desk_html.c), the words
 * (desk_words.c), and one file per page: the inbox (desk_inbox.c), the case
 * (desk_case.c), the changes (desk_actions.c), the files (desk_files.c) and
 * the transfers (desk_transfers.c).
 */
#ifndef TOCAO_DESK_INTERNAL_H
#define TOCAO_DESK_INTERNAL_H

#include <stddef.h>

#include <sys/queue.h>

#include <cjson/cJSON.h>

#include <event2/buffer.h>
#include <event2/http.h>

#include "cr.h"
#include "desk.h"
#include "desk_index.h"
#include "form.h"

enum desk_lang { DESK_VI, DESK_EN };

/* The one secret pair a browser holds: the cookie, and the CSRF token in every form. */
#define DESK_SECRET_HEX 64

struct desk {
	struct tcc_session *s;
	const struct cr_unit_secret *sec;
	struct cr_unit_pub unit;
	char my_key[48];                       /* the inspector's key, base64 */
	const struct desk_options *o;
	struct event_base *base;
	struct evhttp *http;
	char origin[72];                       /* "http://127.0.0.1:PORT" */
	char hosts[2][56];                     /* the Host values answered: 127.0.0.1:PORT, localhost:PORT */
	char open_token[DESK_SECRET_HEX + 1];  /* in the printed URL; "" once used */
	char cookie[DESK_SECRET_HEX + 1];      /* the browser's, after the token */
	char csrf[DESK_SECRET_HEX + 1];
	struct desk_index ix;
	int requests;
};

/* Decoded fields (web/form.h: no duplicates, no NUL), each also as a C string. */
struct desk_fields {
	struct form f;
	char *text[FORM_MAX_FIELDS];
};

/* One request the gate let through. */
struct desk_req {
	struct desk *d;
	struct evhttp_request *req;
	enum desk_lang lang;
	const char *path;             /* decoded path, without the query */
	struct desk_fields query;     /* the query's parameters */
	struct desk_fields form;      /* a POST's fields (checked for the CSRF token) */
	uint8_t *body;                /* a multipart POST's body (its files point into it); wiped */
	size_t body_len;
	struct evbuffer *out;         /* the page being written */
};

/* Words: the Vietnamese first, the English beside it. */
#define T(r, vi, en) ((r)->lang == DESK_EN ? (en) : (vi))

/* ---- desk_html.c ---- */
void dh_raw(struct desk_req *r, const char *s);
void dh_fmt(struct desk_req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text as HTML (also inside attribute values): & < > " ' escaped, bad UTF-8 as U+FFFD. */
void dh_text(struct desk_req *r, const char *s);
void dh_textn(struct desk_req *r, const char *s, size_t n);
/* A value for a URL's query, percent-encoded. */
void dh_url(struct desk_req *r, const char *s);
/* "YYYY-MM-DD" shown as "DD/MM/YYYY" (anything else as it is). */
void dh_date(struct desk_req *r, const char *iso);
void dh_page_begin(struct desk_req *r, const char *title);
void dh_page_end(struct desk_req *r);
/* The hidden CSRF field of a form. */
void dh_csrf(struct desk_req *r);
/* A message box: kind "ok", "error" or "info". */
void dh_notice(struct desk_req *r, const char *kind, const char *text);

/* ---- desk_server.c: answers ---- */
void desk_send_page(struct desk_req *r, int status);
/* 303 to location (a path of the desk) with an optional notice shown there once. */
void desk_redirect(struct desk_req *r, const char *location);
/* A readable error page. */
void desk_error_page(struct desk_req *r, int status, const char *title, const char *text);
/* A form field or query parameter; NULL if absent. */
const char *desk_form(const struct desk_req *r, const char *name);
const char *desk_param(const struct desk_req *r, const char *name);

/* ---- desk_words.c ---- */
const char *dw_status(const struct desk_req *r, const char *api);
const char *dw_track(const struct desk_req *r, const char *api);
const char *dw_category(const struct desk_req *r, const char *api);
const char *dw_level(const struct desk_req *r, const char *api);
const char *dw_identity(const struct desk_req *r, const char *api);
const char *dw_deadline(const struct desk_req *r, const char *api);
const char *dw_action(const struct desk_req *r, const char *api);
const char *dw_flag(const struct desk_req *r, const char *api);
const char *dw_event(const struct desk_req *r, const char *api);
const char *dw_notice(const struct desk_req *r, const char *api);
/* The API names each table knows, NULL-terminated, for the filters' lists. */
extern const char *const dw_statuses[], *const dw_tracks[], *const dw_categories[],
	*const dw_levels[], *const dw_flags[];

/* ---- the pages ---- */
void desk_inbox(struct desk_req *r);
void desk_case_page(struct desk_req *r, const char *id);
void desk_case_post(struct desk_req *r, const char *id, const char *what);
void desk_file(struct desk_req *r, const char *id, const char *rest);
void desk_transfers_page(struct desk_req *r);
void desk_reload_post(struct desk_req *r);
/* desk_reception.c: the reception entry (tiếp công dân) and the citizen's slip. */
void desk_reception_page(struct desk_req *r);
void desk_reception_post(struct desk_req *r);
/* desk_slip.c: the slip from POST /api/v1/reception's answer. */
void desk_slip_page(struct desk_req *r, const cJSON *answer);
/* A channel's name in the desk's words. */
const char *desk_channel_words(const struct desk_req *r, const char *api);
/* "application/pdf", "image/jpeg" or "image/png" by a file's first bytes; NULL for others. */
const char *desk_scan_type(const uint8_t *b, size_t n);
/* The largest POST: a reception entry with its scan (multipart); every other form stays small. */
#define DESK_RECEPTION_MAX (8u << 20)

#endif
