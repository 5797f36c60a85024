/*
 * charts.h - bar charts as inline SVG, drawn on the server so a monitor's
 * dashboard needs no JavaScript and nothing from elsewhere. Colours and
 * fonts come from the stylesheet (classes chart-*): the page's CSP allows
 * no inline style. Each chart has a <title> and <desc>; the page puts the
 * same figures in a table beside it.
 *
 * Charts draw published figures only (mon_figures_protect: every count a
 * multiple of MF_ROUND_BASE, the bars of a breakdown adding up to its
 * total), so a bar's length tells no more than the figure in the table
 * beside it; a rate over fewer than MF_RATE_MIN published settled cases
 * is not drawn ("too few to show").
 */
#ifndef TOCAO_CHARTS_H
#define TOCAO_CHARTS_H

#include <stddef.h>
#include <stdint.h>

#include "html.h"
#include "case_figures.h"

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

/* A (published) count as shown anywhere a monitor can read it. */
void chart_count_text(char out[24], int64_t n);

#endif
