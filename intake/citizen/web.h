/*
 * web.h - what the citizen's page handlers share (web.c): the language a
 * page is asked in, form fields as strings, the common replies (the
 * receipt, "unavailable", an error page) and the refusal styles of the
 * citizen's routes (route.h).
 */
#ifndef TOCAO_WEB_H
#define TOCAO_WEB_H

#include <stddef.h>

#include "form.h"
#include "lang.h"
#include "pages.h"
#include "route.h"
#include "dm_date.h"
#include "store.h"

struct server;
struct evhttp_request;

/*
 * The language: a ?lang= / form lang field of "en" or "vi", else the
 * remembered choice (lang_from_cookie), else Vietnamese. Never
 * Accept-Language.
 */
enum lang web_lang(const struct request *r, const char *field);
/* Remember an explicit ?lang= choice in a cookie ("vi" forgets it). */
void web_lang_remember(const struct request *r, const char *field);
/* A field's value as a NUL-terminated string in buf (NULL if absent or a file). */
const char *web_field(const struct form *f, const char *name, char *buf, size_t cap);
/* The attachment limits shown on the pages. */
struct page_limits web_limits(const struct server *srv);
/* Onion-Location, when the instance has an onion address. */
void web_add_onion_location(struct server *srv, struct evhttp_request *req);
/* Deadlines of c for the pages; days holds their text. */
size_t web_deadlines(const struct store_case *c, char days[][DM_DAY_STRLEN], struct page_deadline *out);

/* The receipt page (GET /reports/receipt, 200): the receipt, the case, its inspectorate's contact. */
void web_reply_receipt(struct evhttp_request *req, enum lang l, const struct store_case *c,
		       const char *receipt, size_t n_attachments, const char *warning,
		       const char *notice);
/*
 * Post/redirect/get: seal v into the cookie (web_seal.h) and answer 303 to
 * location (with ?lang=en in English). Nothing secret goes in the URL.
 */
struct web_sealed;
void web_redirect_sealed(struct server *srv, struct evhttp_request *req, enum lang l,
			 const char *cookie, struct web_sealed *v, const char *location);
/* 503 with Retry-After, as a page: nothing was stored. */
void web_reply_unavailable(struct evhttp_request *req, enum lang l, int retry_after_s);
/* 429 with Retry-After, as a page: too many reports (or their bytes) just now; nothing stored. */
void web_reply_rate_limited(struct evhttp_request *req, enum lang l, int retry_after_s);
/* An error page "Request not accepted" with a message per language. */
void web_reply_error(struct evhttp_request *req, enum lang l, int status, const char *vi,
		     const char *en);

/* Refusal styles (route.h) of the citizen's form routes. */
void web_refuse_report_form(struct request *r, enum refusal why);   /* POST /reports */
void web_refuse_followup_ask(struct request *r, enum refusal why);  /* POST /followup */
void web_refuse_followup_reply(struct request *r, enum refusal why); /* POST /followup/messages */

#endif
