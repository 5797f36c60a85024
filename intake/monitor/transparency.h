/*
 * transparency.h - the public transparency page (transparency.c): what a
 * request asks (the quarter shown, the language), the published figures
 * of the last TP_QUARTERS quarters, and the page made of them
 * (transparency_page.c).
 */
#ifndef TOCAO_TRANSPARENCY_H
#define TOCAO_TRANSPARENCY_H

#include <stddef.h>

#include "case_figures.h"
#include "form.h"
#include "lang.h"

struct evhttp_request;

#define TP_QUARTERS 8 /* two years, the current quarter first */

struct tp_page {
	enum lang l;
	dm_day today;
	int quarter[TP_QUARTERS];          /* year * 4 + (quarter - 1), newest first */
	int shown;                         /* the quarter whose provinces are shown */
	struct mon_figures *f[TP_QUARTERS]; /* national, published (tp_compute) */
};

/* A quarter's first and last day (the last no later than today). */
void tp_quarter_days(int quarter, dm_day today, dm_day *from, dm_day *to);

/*
 * The query: quy=YYYY-Q (one of the last TP_QUARTERS quarters; default the
 * current), lang=en|vi (default: Vietnamese); other keys are ignored.
 * TC_EINVAL for a malformed query or another quarter (page->l is set).
 */
int tp_page_read(const struct form *q, int query_rc, dm_day today,
		 struct tp_page *page) TC_WUR;
/* The published figures of each quarter (allocated; tp_page_free frees them). */
int tp_compute(struct store_txn *txn, const struct cr_server_key *key, struct tp_page *page) TC_WUR;
void tp_page_free(struct tp_page *page);
/* The page (malloc'd, NUL-terminated; *len without the NUL), NULL when out of memory. */
char *tp_render(const struct tp_page *page, size_t *len);
/* A readable error page (400: the address; 503: the figures cannot be read now). */
void tp_reply_error(struct evhttp_request *req, enum lang l, int status);

#endif
