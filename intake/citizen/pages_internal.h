/*
 * pages_internal.h - what the citizen's page renderers share (pages_frame.c).
 */
#ifndef TOCAO_PAGES_INTERNAL_H
#define TOCAO_PAGES_INTERNAL_H

#include "html.h"
#include "pages.h"

#define T(l, vi, en) ((l) == LANG_EN ? (en) : (vi))
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The page's head (title; links to the other language) and foot. */
void pg_head(struct html *h, enum lang l, const char *title, const char *switch_href_vi,
	     const char *switch_href_en);
void pg_foot(struct html *h, enum lang l);
/* DD/MM/YYYY (Vietnamese) or D Month YYYY (English) from "YYYY-MM-DD". */
void pg_date(struct html *h, enum lang l, const char *iso);
/* The deadlines as a list of labelled dates. */
void pg_deadlines(struct html *h, enum lang l, const struct page_deadline *d, size_t n);
/* A status name ("accepted") as the reporter reads it. */
const char *pg_status_words(enum lang l, const char *s);
/* The attachment limits, as a hint paragraph (id hint-file). */
void pg_limits_words(struct html *h, enum lang l, const struct page_limits *lim);

#endif
