/*
 * pages_internal.h - what the citizen's page renderers share (pages_frame.c).
 */
#ifndef TOCAO_PAGES_INTERNAL_H
#define TOCAO_PAGES_INTERNAL_H

#include <stdbool.h>

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
/*
 * A place's name first, so that typing its first letters finds it in a
 * list: "Cà Mau (tỉnh)", "Ba Đình (phường)"; in English the full name
 * ("Ba Dinh Ward"), which already starts with it.
 */
void pg_place_name(struct html *h, enum lang l, const char *name, const char *full_name,
		   const char *full_name_en);
/* An inspectorate's contact as a paragraph (nothing if none is known). */
void pg_contact(struct html *h, enum lang l, const struct page_contact *c);
/* The case's story and the deadline running now (pages_status.c). */
void pg_story(struct html *h, enum lang l, const struct page_followup *f);
void pg_running(struct html *h, enum lang l, const struct page_followup *f);
/* The attachment limits, as a hint paragraph (id hint-file). */
void pg_limits_words(struct html *h, enum lang l, const struct page_limits *lim);

/* ---- The report form's fields (pages_fields.c) ---- */
struct ctx {
	struct html *h;
	enum lang l;
	const struct page_field_error *errs;
	size_t n_errs;
};

/* A set of radio choices: enum values, named by the API and worded by labels.h. */
struct choices {
	const int *values;
	size_t n;
	const char *(*name)(int v);
	const char *(*words)(int v, enum lang l);
	const char *(*help)(int v, enum lang l);
};

const char *fw_error_for(const struct ctx *c, const char *field);
void fw_aria(const struct ctx *c, const char *field, const char *hint);
void fw_error_p(const struct ctx *c, const char *field);
void fw_label(const struct ctx *c, const char *field, const char *text, bool required);
void fw_input(const struct ctx *c, const char *field, const char *type, const char *text,
	      const char *value, bool required, const char *extra, const char *hint_id,
	      const char *hint);
void fw_radios(const struct ctx *c, const char *field, const char *legend,
	       const struct choices *ch, const char *value);
void fw_select_open(const struct ctx *c, const char *field, const char *text, bool required);
void fw_option(const struct ctx *c, const char *value, const char *text, const char *selected);
void fw_select_close(const struct ctx *c, const char *field);

#endif
