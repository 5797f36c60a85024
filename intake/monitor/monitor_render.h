/*
 * monitor_render.h - what the monitors' pages share: the view a request
 * asks for (decoded by monitor_query.h, for the session's scope), the page
 * frame, cells, the tables (shown on the page and downloadable as CSV
 * through one interface, so they cannot disagree), and the figures job
 * that renders a view once its figures are ready.
 *
 * Everything shown is anonymous and comes from published figures
 * (mon_figures_protect): counts rounded to multiples of 5 whose parts add
 * up to their totals, rates only over at least MF_RATE_MIN settled cases,
 * the overdue cases as counts by unit and days overdue -- never a case's
 * row, text, names, attachments or times of day.
 */
#ifndef TOCAO_MONITOR_RENDER_H
#define TOCAO_MONITOR_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "case_figures.h"
#include "case_grounds.h"
#include "html.h"
#include "labels.h"
#include "route.h"

#define T(l, vi, en) ((l) == LANG_EN ? (en) : (vi))

/* What one request asks to see, checked. */
struct view {
	enum lang l;
	const struct principal *who;
	struct mf_filter filter;
	dm_day from, to, today;
	char qs[192];   /* the same filters as a query string (validated values only) */
	char table[16]; /* /monitor/table.csv: which table (checked there) */
};

/*
 * The view of a page request (the dispatcher found the cookie session);
 * false after answering with a readable error page.
 */
bool mw_read_view(struct request *r, struct view *v);

/* Render v once its figures are ready (table: the CSV's, else 0). */
typedef void (*mw_render_fn)(struct server *srv, struct evhttp_request *req, const struct view *v,
			     const struct mon_figures *f, int table);
/*
 * Compute v's published figures off the loop (with the overdue table by
 * unit and days overdue when overdue_bands), then render; answers 503
 * itself on failure.
 */
void mw_with_figures(struct server *srv, struct evhttp_request *req, const struct view *v,
		     bool overdue_bands, mw_render_fn render, int table);

/* The same for a view of the declines by legal ground (g published against f). */
typedef void (*mw_grounds_fn)(struct server *srv, struct evhttp_request *req, const struct view *v,
			      const struct mon_figures *f, const struct mon_grounds *g);
void mw_with_grounds(struct server *srv, struct evhttp_request *req, const struct view *v,
		     mw_grounds_fn render);

/* ---- Frame (monitor_render.c) ---- */
void mw_page_head(struct html *h, enum lang l, const char *title, bool signed_in, const char *qs);
void mw_page_foot(struct html *h, enum lang l);
void mw_reply_page(struct evhttp_request *req, int status, struct html *h);
/*
 * A view's page finished: its foot, the audit entry of the read
 * (CASE_AUDIT_LIST, detail "monitor:..."), then the page with 200.
 */
void mw_reply_view(struct server *srv, struct evhttp_request *req, struct html *h, enum lang l,
		   const struct principal *who, const char *detail);
/* A count in a table cell, written as the page's language writes numbers. */
void mw_number_cell(struct html *h, enum lang l, int64_t n);
void mw_reply_error(struct evhttp_request *req, enum lang l, int status, const char *vi,
		    const char *en);
/* The sign-in page (monitor_signin.c), with an error or NULL. */
void mw_reply_signin(struct evhttp_request *req, enum lang l, int status, const char *error);
/* The same, with the one-button sign-in when this browser is enrolled. */
void mw_reply_signin_device(struct evhttp_request *req, enum lang l, int status, const char *error,
			    bool enrolled);
/* A day as the page's language writes it: dd/mm/yyyy in Vietnamese, YYYY-MM-DD in English. */
void mw_day_text(enum lang l, dm_day day, char out[16]);
/* A count as the page's language writes it: 1.234 in Vietnamese, 1,234 in English. */
void mw_number_text(enum lang l, int64_t n, char out[32]);

/* Days (median and 90th percentile) in words, or "too few to show" when median < 0. */
void mw_days_text(enum lang l, int median, int p90, char out[64]);

const char *mw_province_name(enum lang l, size_t i);
const char *mw_scope_words(const struct view *v);
void mw_count_cell(struct html *h, int64_t n);
void mw_rate_text(char out[16], int64_t num, int64_t den);
void mw_rate_cell(struct html *h, int64_t num, int64_t den);
void mw_bucket_label(const struct mon_figures *f, int b, char out[16]);
/* The heading with the period and filters, and the filters' form (GET to action). */
void mw_heading(struct html *h, const struct view *v, const char *what);
void mw_filters(struct html *h, const struct view *v, const char *action);

/* ---- Tables (monitor_tables.c) ---- */
enum table { TABLE_PROVINCES, TABLE_PERIODS, TABLE_TRACKS, TABLE_CATEGORIES, TABLE_STATUS,
	     TABLE_OVERDUE, TABLE_COUNT };
extern const char *const mw_table_names[TABLE_COUNT];

/* A table is emitted cell by cell through a sink: HTML rows, CSV lines, or a spreadsheet. */
struct paper_sheet;
struct sink {
	struct html *h;
	bool csv;
	struct paper_sheet *sheet; /* set: cells go to this .xlsx sheet (h unused) */
	int col;
	enum lang l; /* HTML cells write numbers as the page's language does (1.234, 1,234) */
};

void mw_table_provinces(struct sink *s, const struct view *v, const struct mon_figures *f);
void mw_table_periods(struct sink *s, const struct view *v, const struct mon_figures *f);
void mw_table_tracks(struct sink *s, const struct view *v, const struct mon_figures *f);
void mw_table_categories(struct sink *s, const struct view *v, const struct mon_figures *f);
void mw_table_status(struct sink *s, const struct view *v, const struct mon_figures *f);
/* The cases overdue now by unit and days overdue (published counts; no case's row). */
void mw_table_overdue(struct sink *s, const struct view *v, const struct mon_figures *f);

#endif
