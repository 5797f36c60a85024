/*
 * charts.h - bar charts as inline SVG, drawn on the server so a monitor's
 * dashboard needs no JavaScript and nothing from elsewhere. Colours and
 * fonts come from the stylesheet (classes chart-*): the page's CSP allows
 * no inline style. Each chart has a <title> and <desc>; the page puts the
 * same figures in a table beside it.
 *
 * Counts from 1 to CHART_SUPPRESS_BELOW - 1 are never drawn to scale nor
 * written: they show as "<3", and a rate over fewer settled cases shows as
 * "—": no cell may single out fewer than 3 cases (docs/API.md "Monitors").
 */
#ifndef TOCAO_CHARTS_H
#define TOCAO_CHARTS_H

#include <stddef.h>
#include <stdint.h>

#include "html.h"
#include "case_figures.h"

#define CHART_SUPPRESS_BELOW MF_SUPPRESS_BELOW /* one rule for every view */

/* One row of a timeliness chart: settled on time out of settled, and open overdue now. */
struct chart_rate_row {
	const char *label;
	int64_t on_time, settled, overdue;
};

/*
 * Horizontal bars of on-time rates, one row each, with the overdue count
 * at the right (no such column when overdue_heading is NULL). id makes the
 * title/desc ids unique on the page.
 */
void chart_rates(struct html *h, const char *id, const char *title, const char *desc,
		 const char *overdue_heading, const char *too_few, const struct chart_rate_row *rows,
		 size_t n);

/* Two series over time (e.g. received and settled per month), as paired columns. */
struct chart_series {
	const char *name;
	const int64_t *values;
};
void chart_columns(struct html *h, const char *id, const char *title, const char *desc,
		   const char *const *labels, size_t n, const struct chart_series *a,
		   const struct chart_series *b);

/* A count as shown anywhere a monitor can read it: the number, or "<3". */
void chart_count_text(char out[24], int64_t n);

#endif
