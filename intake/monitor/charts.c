/*
 * charts.c - server-side SVG bar charts (charts.h). Geometry is in the
 * viewBox's units; the SVG scales to the width of its container.
 */
#include <inttypes.h>
#include <stdio.h>

#include "charts.h"

void chart_count_text(char out[24], int64_t n)
{
	snprintf(out, 24, "%" PRId64, n);
}

static void open_svg(struct html *h, const char *id, int w, int ht, const char *title,
		     const char *desc)
{
	html_rawf(h, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
		     "aria-labelledby=\"%s-t %s-d\" xmlns=\"http://www.w3.org/2000/svg\">\n",
		  w, ht, id, id);
	html_rawf(h, "<title id=\"%s-t\">", id);
	html_text(h, title);
	html_rawf(h, "</title>\n<desc id=\"%s-d\">", id);
	html_text(h, desc);
	html_raw(h, "</desc>\n");
}

#define RATE_W 760
#define RATE_ROW 22
#define RATE_LABEL 170
#define RATE_BAR 430
#define RATE_TOP 28

void chart_rates(struct html *h, const char *id, const char *title, const char *desc,
		 const char *overdue_heading, const char *too_few, const struct chart_rate_row *rows,
		 size_t n)
{
	int height = RATE_TOP + (int)n * RATE_ROW + 8;
	open_svg(h, id, RATE_W, height, title, desc);
	/* Grid at 0, 25, 50, 75 and 100 %. */
	for (int g = 0; g <= 4; g++) {
		int x = RATE_LABEL + RATE_BAR * g / 4;
		html_rawf(h, "<line class=\"chart-grid\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
			     "<text class=\"chart-axis\" x=\"%d\" y=\"16\" text-anchor=\"middle\">%d%%</text>\n",
			  x, RATE_TOP - 6, x, height - 6, x, g * 25);
	}
	if (overdue_heading) {
		html_rawf(h, "<text class=\"chart-axis\" x=\"%d\" y=\"16\" text-anchor=\"end\">",
			  RATE_W - 4);
		html_text(h, overdue_heading);
		html_raw(h, "</text>\n");
	}
	for (size_t i = 0; i < n; i++) {
		const struct chart_rate_row *r = &rows[i];
		int y = RATE_TOP + (int)i * RATE_ROW;
		html_rawf(h, "<g><text class=\"chart-label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">",
			  RATE_LABEL - 8, y + 15);
		html_text(h, r->label);
		html_raw(h, "</text>");
		char od[24];
		chart_count_text(od, r->overdue);
		/* Tenths of a percent, in integers: no locale-dependent printf of doubles. */
		int64_t permille = mon_rate_permille(r->on_time, r->settled);
		if (permille >= 0) {
			int len = (int)(permille * RATE_BAR / 1000);
			const char *cls = permille >= 900 ? "good" : permille >= 700 ? "fair" : "poor";
			html_rawf(h, "<rect class=\"chart-bar chart-%s\" x=\"%d\" y=\"%d\" width=\"%d\" "
				     "height=\"%d\"><title>%" PRId64 ".%" PRId64 "%%</title></rect>",
				  cls, RATE_LABEL, y + 3, len, RATE_ROW - 6, permille / 10, permille % 10);
			html_rawf(h, "<text class=\"chart-value\" x=\"%d\" y=\"%d\">%" PRId64 ".%" PRId64
				     "%%</text>",
				  RATE_LABEL + len + 6, y + 15, permille / 10, permille % 10);
		} else {
			html_rawf(h, "<text class=\"chart-none\" x=\"%d\" y=\"%d\">", RATE_LABEL + 6,
				  y + 15);
			html_text(h, too_few);
			html_raw(h, "</text>");
		}
		if (overdue_heading)
			html_rawf(h, "<text class=\"chart-value%s\" x=\"%d\" y=\"%d\" "
				     "text-anchor=\"end\">%s</text>",
				  r->overdue ? " chart-overdue" : "", RATE_W - 4, y + 15, od);
		html_raw(h, "</g>\n");
	}
	html_raw(h, "</svg>\n");
}

/* A round axis maximum (1, 2 or 5 times a power of ten) at or above max. */
static int64_t nice_max(int64_t max)
{
	int64_t step = 1;
	while (step * 10 <= max)
		step *= 10;
	for (;;) {
		if (step >= max)
			return step;
		if (step * 2 >= max)
			return step * 2;
		if (step * 5 >= max)
			return step * 5;
		step *= 10;
	}
}

#define COL_W 760
#define COL_H 280
#define COL_LEFT 56
#define COL_TOP 30
#define COL_PLOT 200

static void column(struct html *h, const char *cls, int x, int w, int64_t v, int64_t top)
{
	char text[24];
	chart_count_text(text, v);
	int bar = top > 0 ? (int)(v * COL_PLOT / top) : 0;
	html_rawf(h, "<rect class=\"chart-bar %s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\">"
		     "<title>%s</title></rect>",
		  cls, x, COL_TOP + COL_PLOT - bar, w, bar, text);
}

void chart_columns(struct html *h, const char *id, const char *title, const char *desc,
		   const char *const *labels, size_t n, const struct chart_series *a,
		   const struct chart_series *b)
{
	int64_t max = 0;
	for (size_t i = 0; i < n; i++) {
		if (a->values[i] > max)
			max = a->values[i];
		if (b->values[i] > max)
			max = b->values[i];
	}
	int64_t top = nice_max(max < 4 ? 4 : max);
	open_svg(h, id, COL_W, COL_H, title, desc);
	for (int g = 0; g <= 4; g++) {
		int y = COL_TOP + COL_PLOT - COL_PLOT * g / 4;
		html_rawf(h, "<line class=\"chart-grid\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
			     "<text class=\"chart-axis\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%" PRId64
			     "</text>\n",
			  COL_LEFT, y, COL_W - 4, y, COL_LEFT - 6, y + 4, top * g / 4);
	}
	/* Legend. */
	html_rawf(h, "<rect class=\"chart-bar chart-a\" x=\"%d\" y=\"6\" width=\"12\" height=\"12\"/>"
		     "<text class=\"chart-label\" x=\"%d\" y=\"17\">",
		  COL_LEFT, COL_LEFT + 16);
	html_text(h, a->name);
	html_rawf(h, "</text><rect class=\"chart-bar chart-b\" x=\"%d\" y=\"6\" width=\"12\" "
		     "height=\"12\"/><text class=\"chart-label\" x=\"%d\" y=\"17\">",
		  COL_LEFT + 200, COL_LEFT + 216);
	html_text(h, b->name);
	html_raw(h, "</text>\n");
	int slot = n ? (COL_W - 4 - COL_LEFT) / (int)n : 1;
	int w = slot * 2 / 5 > 1 ? slot * 2 / 5 : 1;
	/* Label every bucket when they fit, else every k-th. */
	size_t every = (size_t)(n * 48 / (size_t)(COL_W - COL_LEFT)) + 1;
	for (size_t i = 0; i < n; i++) {
		int x = COL_LEFT + (int)i * slot + (slot - 2 * w) / 2;
		html_raw(h, "<g>");
		column(h, "chart-a", x, w, a->values[i], top);
		column(h, "chart-b", x + w, w, b->values[i], top);
		if (i % every == 0) {
			html_rawf(h, "<text class=\"chart-axis\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
				  x + w, COL_TOP + COL_PLOT + 16);
			html_text(h, labels[i]);
			html_raw(h, "</text>");
		}
		html_raw(h, "</g>\n");
	}
	html_raw(h, "</svg>\n");
}
