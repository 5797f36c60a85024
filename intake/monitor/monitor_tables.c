/*
 * monitor_tables.c - the monitors' tables (monitor_render.h): each one is
 * shown on the page and downloadable as CSV and as .xlsx, through one sink.
 */
#include <stdio.h>
#include <string.h>

#include "charts.h"
#include "dm_units.h"
#include "monitor_render.h"
#include "paper_sheet.h"
#include "server_internal.h"


const char *const mw_table_names[TABLE_COUNT] = {"provinces", "periods", "tracks",
						   "categories", "status", "overdue"};

static void mw_sink_row_start(struct sink *s)
{
	s->col = 0;
	if (s->sheet)
		paper_sheet_row_start(s->sheet);
	else if (!s->csv)
		html_raw(s->h, "<tr>");
}

static void mw_sink_row_end(struct sink *s)
{
	if (s->sheet) {
		paper_sheet_row_end(s->sheet);
		return;
	}
	html_raw(s->h, s->csv ? "\r\n" : "</tr>\n");
}

static void mw_sink_text(struct sink *s, const char *text, bool header)
{
	if (s->sheet) {
		paper_sheet_text(s->sheet, text, header);
		return;
	}
	if (s->csv) {
		/* RFC 4180: every text field quoted, quotes doubled. */
		if (s->col++)
			html_raw(s->h, ",");
		html_raw(s->h, "\"");
		for (const char *p = text; *p; p++) {
			char c[3] = {*p, *p == '"' ? '"' : '\0', '\0'};
			html_raw(s->h, c);
		}
		html_raw(s->h, "\"");
		return;
	}
	if (header)
		html_raw(s->h, "<th scope=\"col\">");
	else
		html_raw(s->h, s->col == 0 ? "<th scope=\"row\">" : "<td>");
	html_text(s->h, text);
	html_raw(s->h, header || s->col == 0 ? "</th>" : "</td>");
	s->col++;
}

static void mw_sink_count(struct sink *s, int64_t n)
{
	if (s->sheet) {
		paper_sheet_number(s->sheet, n);
		return;
	}
	char t[24];
	chart_count_text(t, n);
	if (s->csv) {
		mw_sink_text(s, t, false);
		return;
	}
	char local[32];
	mw_number_text(s->l, n, local);
	s->col++;
	html_raw(s->h, "<td class=\"num\">");
	html_text(s->h, local);
	html_raw(s->h, "</td>");
}

static void mw_sink_rate(struct sink *s, int64_t num, int64_t den)
{
	if (s->sheet) {
		paper_sheet_permille(s->sheet, mon_rate_permille(num, den)); /* none: an empty cell */
		return;
	}
	char t[16];
	mw_rate_text(t, num, den);
	if (s->csv) {
		mw_sink_text(s, mon_rate_permille(num, den) < 0 ? "" : t, false);
		return;
	}
	s->col++;
	html_raw(s->h, "<td class=\"num\">");
	html_text(s->h, t);
	html_raw(s->h, "</td>");
}

static void mw_sink_headers(struct sink *s, enum lang l, const char *const *vi, const char *const *en,
			 size_t n)
{
	mw_sink_row_start(s);
	for (size_t i = 0; i < n; i++)
		mw_sink_text(s, l == LANG_EN ? en[i] : vi[i], true);
	mw_sink_row_end(s);
}

void mw_table_provinces(struct sink *s, const struct view *v, const struct mon_figures *f)
{
	static const char *const vi[] = {"Tỉnh, thành phố", "Tiếp nhận", "Thụ lý", "Đã giải quyết",
					 "Đúng hạn", "Tỷ lệ đúng hạn", "Chuyển đơn", "Đang mở",
					 "Quá hạn hiện nay"};
	static const char *const en[] = {"Province", "Received", "Accepted", "Settled", "On time",
					 "On-time rate", "Transferred", "Open now", "Overdue now"};
	mw_sink_headers(s, v->l, vi, en, 9);
	for (size_t i = 0; i < dm_province_count(); i++) {
		if (v->filter.province[0] && strcmp(dm_province_at(i)->code, v->filter.province) != 0)
			continue;
		mw_sink_row_start(s);
		mw_sink_text(s, mw_province_name(v->l, i), false);
		mw_sink_count(s, f->ev_province[MF_RECEIVED][i]);
		mw_sink_count(s, f->ev_province[MF_ACCEPTED][i]);
		mw_sink_count(s, f->ev_province[MF_SETTLED][i]);
		mw_sink_count(s, f->ev_province[MF_ON_TIME][i]);
		mw_sink_rate(s, f->ev_province[MF_ON_TIME][i], f->ev_province[MF_SETTLED][i]);
		mw_sink_count(s, f->ev_province[MF_TRANSFERRED][i]);
		mw_sink_count(s, f->open_province[i]);
		mw_sink_count(s, f->overdue_province[i]);
		mw_sink_row_end(s);
	}
}

void mw_table_periods(struct sink *s, const struct view *v, const struct mon_figures *f)
{
	static const char *const vi[] = {"Kỳ", "Tiếp nhận", "Thụ lý", "Đã giải quyết", "Đúng hạn",
					 "Tỷ lệ đúng hạn"};
	static const char *const en[] = {"Period", "Received", "Accepted", "Settled", "On time",
					 "On-time rate"};
	mw_sink_headers(s, v->l, vi, en, 6);
	for (int b = 0; b < f->n_buckets; b++) {
		char label[16];
		mw_bucket_label(f, b, label);
		mw_sink_row_start(s);
		mw_sink_text(s, label, false);
		mw_sink_count(s, f->bucket[MF_RECEIVED][b]);
		mw_sink_count(s, f->bucket[MF_ACCEPTED][b]);
		mw_sink_count(s, f->bucket[MF_SETTLED][b]);
		mw_sink_count(s, f->bucket[MF_ON_TIME][b]);
		mw_sink_rate(s, f->bucket[MF_ON_TIME][b], f->bucket[MF_SETTLED][b]);
		mw_sink_row_end(s);
	}
}

void mw_table_tracks(struct sink *s, const struct view *v, const struct mon_figures *f)
{
	static const char *const vi[] = {"Loại việc", "Tiếp nhận", "Đã giải quyết", "Đúng hạn",
					 "Tỷ lệ đúng hạn", "Quá hạn hiện nay"};
	static const char *const en[] = {"Track", "Received", "Settled", "On time", "On-time rate",
					 "Overdue now"};
	mw_sink_headers(s, v->l, vi, en, 6);
	for (int t = 1; t < MF_TRACKS; t++) {
		mw_sink_row_start(s);
		mw_sink_text(s, label_track(t, LABEL_MONITOR, v->l), false);
		mw_sink_count(s, f->ev_track[MF_RECEIVED][t]);
		mw_sink_count(s, f->ev_track[MF_SETTLED][t]);
		mw_sink_count(s, f->ev_track[MF_ON_TIME][t]);
		mw_sink_rate(s, f->ev_track[MF_ON_TIME][t], f->ev_track[MF_SETTLED][t]);
		mw_sink_count(s, f->overdue_track[t]);
		mw_sink_row_end(s);
	}
}

void mw_table_categories(struct sink *s, const struct view *v, const struct mon_figures *f)
{
	static const char *const vi[] = {"Lĩnh vực", "Tiếp nhận"};
	static const char *const en[] = {"Category", "Received"};
	mw_sink_headers(s, v->l, vi, en, 2);
	for (int c = 1; c < MF_CATEGORIES; c++) {
		mw_sink_row_start(s);
		mw_sink_text(s, label_category(c, LABEL_MONITOR, v->l), false);
		mw_sink_count(s, f->ev_category[MF_RECEIVED][c]);
		mw_sink_row_end(s);
	}
}

void mw_table_status(struct sink *s, const struct view *v, const struct mon_figures *f)
{
	static const char *const vi[] = {"Trạng thái hiện nay", "Số việc"};
	static const char *const en[] = {"Status now", "Cases"};
	mw_sink_headers(s, v->l, vi, en, 2);
	for (int st = 1; st < MF_STATUSES; st++) {
		mw_sink_row_start(s);
		mw_sink_text(s, label_status(st, LABEL_MONITOR, v->l), false);
		mw_sink_count(s, f->status_now[st]);
		mw_sink_row_end(s);
	}
}

/*
 * The overdue list: how many cases are overdue now, by unit, and for how
 * long -- published counts (the unit's figure is the same as in the
 * summary's overdue by unit, its bands add up to it). No case's row: a row
 * of a unit with one overdue case would single that case out with its
 * track, category and days, and counting rows would undo the rounding.
 * The monitors ask the unit about its overdue cases; the unit knows which.
 */
void mw_table_overdue(struct sink *s, const struct view *v, const struct mon_figures *f)
{
	static const char *const vi[] = {"Đơn vị", "Đang quá hạn", "Quá hạn 1–30 ngày",
					 "Quá hạn 31–90 ngày", "Quá hạn trên 90 ngày"};
	static const char *const en[] = {"Unit", "Overdue now", "1–30 days overdue",
					 "31–90 days overdue", "Over 90 days overdue"};
	mw_sink_headers(s, v->l, vi, en, 5);
	for (size_t i = 0; i < dm_unit_count(); i++) {
		if (f->overdue_unit[i] <= 0)
			continue;
		const struct dm_unit *u = dm_unit_at(i);
		mw_sink_row_start(s);
		mw_sink_text(s, v->l == LANG_EN ? u->name_en : u->name, false);
		mw_sink_count(s, f->overdue_unit[i]);
		for (int b = 0; b < MF_OVERDUE_BANDS; b++)
			mw_sink_count(s, f->overdue_band[i][b]);
		mw_sink_row_end(s);
	}
}
