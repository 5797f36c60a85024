/*
 * monitor_dashboard.c - GET /monitor: the dashboard a provincial committee
 * can put on a screen: figures, timeliness charts drawn on the server as
 * SVG, the overdue list, filters (docs/API.md "Monitors' pages").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charts.h"
#include "monitor_handlers.h"
#include "monitor_render.h"
#include "server_internal.h"


static void section(struct html *h, const struct view *v, enum table t, const char *title)
{
	html_rawf(h, "<section class=\"table\" id=\"%s\">\n<h2>", mw_table_names[t]);
	html_text(h, title);
	html_rawf(h, "</h2>\n<p class=\"download\"><a href=\"/monitor/table.csv?table=%s&amp;",
		  mw_table_names[t]);
	html_text(h, v->qs);
	html_raw(h, "\" download>");
	html_text(h, T(v->l, "Tải về (CSV)", "Download (CSV)"));
	html_rawf(h, "</a> · <a href=\"/monitor/table.xlsx?table=%s&amp;", mw_table_names[t]);
	html_text(h, v->qs);
	html_raw(h, "\" download>");
	html_text(h, T(v->l, "Tải về (Excel .xlsx)", "Download (Excel .xlsx)"));
	html_raw(h, "</a></p>\n<div class=\"scroll\"><table>\n");
}

static void section_end(struct html *h)
{
	html_raw(h, "</table></div>\n</section>\n");
}

static void tile(struct html *h, const char *label, const char *value, const char *cls)
{
	html_rawf(h, "<div class=\"tile%s%s\"><span class=\"value\">", cls ? " " : "", cls ? cls : "");
	html_text(h, value);
	html_raw(h, "</span><span class=\"label\">");
	html_text(h, label);
	html_raw(h, "</span></div>\n");
}

static void tiles(struct html *h, const struct view *v, const struct mon_figures *f)
{
	enum lang l = v->l;
	char t[32];
	html_raw(h, "<div class=\"tiles\">\n");
	mw_number_text(l, f->ev[MF_RECEIVED], t);
	tile(h, T(l, "Tiếp nhận trong kỳ", "Received in the period"), t, NULL);
	mw_number_text(l, f->ev[MF_ACCEPTED], t);
	tile(h, T(l, "Thụ lý", "Accepted"), t, NULL);
	mw_number_text(l, f->ev[MF_SETTLED], t);
	tile(h, T(l, "Đã giải quyết", "Settled"), t, NULL);
	mw_rate_text(t, f->ev[MF_ON_TIME], f->ev[MF_SETTLED]);
	tile(h, T(l, "Giải quyết đúng hạn", "Settled on time"), t, NULL);
	if (f->median_days >= 0)
		snprintf(t, sizeof(t), "%d", f->median_days);
	else
		snprintf(t, sizeof(t), "—");
	tile(h, T(l, "Số ngày giải quyết (trung vị)", "Days to settle (median)"), t, NULL);
	mw_number_text(l, f->overdue, t);
	tile(h, T(l, "Đang quá hạn", "Overdue now"), t, f->overdue ? "tile-alert" : NULL);
	html_raw(h, "</div>\n<dl class=\"definitions\">\n<dt>");
	html_text(h, T(l, "Đúng hạn", "On time"));
	html_raw(h, "</dt><dd>");
	html_text(h, T(l, "việc được giải quyết xong không muộn hơn thời hạn giải quyết theo luật (kể "
			  "cả thời hạn đã gia hạn hợp lệ), và không bước nào trước đó (xử lý ban đầu, "
			  "thụ lý) bị quá hạn. Kiến nghị, phản ánh không có thời hạn giải quyết nên "
			  "giải quyết lúc nào cũng là đúng hạn.",
		       "settled no later than the settlement deadline the law sets (an extension "
		       "granted in time included), and no earlier step (first processing, acceptance) "
		       "was late. Petitions have no settlement deadline, so settling one is on time."));
	html_raw(h, "</dd>\n<dt>");
	html_text(h, T(l, "Đang quá hạn", "Overdue now"));
	html_raw(h, "</dt><dd>");
	html_text(h, T(l, "việc chưa kết thúc đã qua thời hạn của bước hiện tại (tính theo ngày làm "
			  "việc và lịch nghỉ lễ); cùng một số ở thẻ này, trên biểu đồ và trong bảng "
			  "dưới.",
		       "open cases past the deadline of their current step (working days and public "
		       "holidays counted); the same figure on this card, the chart and the table "
		       "below."));
	html_raw(h, "</dd>\n</dl>\n");
}

static int by_rate(const void *pa, const void *pb)
{
	const struct chart_rate_row *a = pa, *b = pb;
	int ra = mon_rate_permille(a->on_time, a->settled), rb = mon_rate_permille(b->on_time, b->settled);
	if (ra != rb)
		return ra > rb ? -1 : 1;
	if (a->overdue != b->overdue)
		return a->overdue < b->overdue ? -1 : 1;
	return strcmp(a->label, b->label);
}

/*
 * What the bars' colours mean, in words (a chart's colours are never its
 * only message), and how the provinces are ordered.
 */
static void legend(struct html *h, enum lang l, bool ranked)
{
	static const char *const cls[] = {"good", "fair", "poor"};
	const char *words[] = {T(l, "Từ 90% trở lên giải quyết đúng hạn", "90% or more settled on time"),
			       T(l, "Từ 70% đến dưới 90%", "70% to under 90%"),
			       T(l, "Dưới 70%", "Under 70%")};
	html_raw(h, "<ul class=\"legend\">\n");
	for (int i = 0; i < 3; i++) {
		html_rawf(h, "<li><span class=\"swatch swatch-%s\"></span> ", cls[i]);
		html_text(h, words[i]);
		html_raw(h, "</li>\n");
	}
	html_raw(h, "<li>");
	html_text(h, T(l, "“chưa đủ số liệu”: dưới 10 việc đã giải quyết, không tính tỷ lệ",
		       "“too few to show”: fewer than 10 settled, no rate"));
	html_raw(h, "</li>\n</ul>\n");
	if (!ranked)
		return;
	html_raw(h, "<p class=\"note\">");
	html_text(h, T(l, "Các tỉnh, thành phố được xếp hạng theo tỷ lệ giải quyết đúng hạn, từ cao "
			  "xuống thấp; cùng tỷ lệ thì ít việc quá hạn hơn đứng trước.",
		       "Provinces are ranked by on-time rate, highest first; at equal rates, fewer "
		       "overdue cases first."));
	html_raw(h, "</p>\n");
}

/* The bucket that holds today and whose month (or year) has not ended: -1 if none. */
static int partial_bucket(const struct mon_figures *f, dm_day today)
{
	for (int b = 0; b < f->n_buckets; b++) {
		int y, m, d;
		dm_day next;
		dm_day_to_ymd(f->bucket_start[b], &y, &m, &d);
		bool ok = f->by_year ? dm_day_from_ymd(y + 1, 1, 1, &next)
				     : dm_day_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1, &next);
		if (ok && f->bucket_start[b] <= today && today + 1 < next)
			return b;
	}
	return -1;
}

static void partial_note(struct html *h, const struct view *v, const struct mon_figures *f)
{
	char d[16];
	enum lang l = v->l;
	mw_day_text(l, v->today, d);
	html_raw(h, "<p class=\"note\">* ");
	html_text(h, f->by_year ? T(l, "Năm hiện tại chưa hết: số liệu đến hết ngày",
				    "The current year has not ended: figures up to")
				: T(l, "Tháng hiện tại chưa hết: số liệu đến hết ngày",
				    "The current month has not ended: figures up to"));
	html_rawf(h, " %s.</p>\n", d);
}

static void charts(struct html *h, const struct view *v, const struct mon_figures *f)
{
	enum lang l = v->l;
	struct chart_rate_row rows[DM_PROVINCE_COUNT > MF_TRACKS ? DM_PROVINCE_COUNT : MF_TRACKS];
	size_t n = 0;
	/* Nationally, one bar per province; within a province, one per track. */
	if (!v->filter.province[0]) {
		for (size_t i = 0; i < dm_province_count(); i++)
			rows[n++] = (struct chart_rate_row){mw_province_name(l, i),
							    f->ev_province[MF_ON_TIME][i],
							    f->ev_province[MF_SETTLED][i],
							    f->overdue_province[i]};
		/* Ranked: the best on-time rate first; those too few to rate last. */
		qsort(rows, n, sizeof(rows[0]), by_rate);
	} else {
		for (int t = 1; t < MF_TRACKS; t++)
			rows[n++] = (struct chart_rate_row){label_track(t, LABEL_MONITOR, l), f->ev_track[MF_ON_TIME][t],
							    f->ev_track[MF_SETTLED][t],
							    f->overdue_track[t]};
	}
	html_raw(h, "<section class=\"chart\">\n<h2>");
	html_text(h, !v->filter.province[0]
			     ? T(l, "Tỷ lệ giải quyết đúng hạn theo tỉnh, thành phố",
				 "On-time settlement by province")
			     : T(l, "Tỷ lệ giải quyết đúng hạn theo loại việc", "On-time settlement by track"));
	html_raw(h, "</h2>\n");
	chart_rates(h, "rates",
		    T(l, "Tỷ lệ giải quyết đúng hạn", "Share of cases settled on time"),
		    T(l, "Mỗi thanh là tỷ lệ việc đã giải quyết trong kỳ mà giải quyết đúng hạn; số bên "
			 "phải là số việc đang quá hạn. Bảng số liệu ở dưới.",
		      "Each bar is the share of the cases settled in the period that were settled on "
		      "time; the number at the right is the cases overdue now. The table below has "
		      "the figures."),
		    T(l, "Quá hạn", "Overdue"), T(l, "chưa đủ số liệu", "too few to show"), rows, n);
	legend(h, l, !v->filter.province[0]);
	html_raw(h, "</section>\n<section class=\"chart\">\n<h2>");
	html_text(h, f->by_year ? T(l, "Tiếp nhận và giải quyết theo năm", "Received and settled by year")
				: T(l, "Tiếp nhận và giải quyết theo tháng",
				    "Received and settled by month"));
	html_raw(h, "</h2>\n");
	char labels[MF_BUCKETS_MAX][16];
	const char *label_ptrs[MF_BUCKETS_MAX];
	/* The month (or year) that has not ended yet is marked: its figures are so far. */
	int partial = partial_bucket(f, v->today);
	for (int b = 0; b < f->n_buckets; b++) {
		mw_bucket_label(f, b, labels[b]);
		size_t len = strlen(labels[b]);
		if (b == partial && len + 1 < sizeof(labels[b]))
			memcpy(labels[b] + len, "*", 2);
		label_ptrs[b] = labels[b];
	}
	struct chart_series a = {T(l, "Tiếp nhận", "Received"), f->bucket[MF_RECEIVED]},
			    b = {T(l, "Đã giải quyết", "Settled"), f->bucket[MF_SETTLED]};
	chart_columns(h, "periods", T(l, "Tiếp nhận và giải quyết", "Received and settled"),
		      T(l, "Cột trái: số việc tiếp nhận; cột phải: số việc đã giải quyết, mỗi kỳ.",
			"Left column: cases received; right column: cases settled, per period."),
		      label_ptrs, (size_t)f->n_buckets, &a, &b);
	if (partial >= 0)
		partial_note(h, v, f);
	html_raw(h, "</section>\n<section class=\"chart\">\n<h2>");
	html_text(h, f->by_year ? T(l, "Tỷ lệ giải quyết đúng hạn theo năm", "On-time settlement by year")
				: T(l, "Tỷ lệ giải quyết đúng hạn theo tháng",
				    "On-time settlement by month"));
	html_raw(h, "</h2>\n");
	struct chart_rate_row months[MF_BUCKETS_MAX];
	for (int i = 0; i < f->n_buckets; i++)
		months[i] = (struct chart_rate_row){labels[i], f->bucket[MF_ON_TIME][i],
						    f->bucket[MF_SETTLED][i], 0};
	chart_rates(h, "trend", T(l, "Tỷ lệ giải quyết đúng hạn theo thời gian", "On-time share over time"),
		    T(l, "Mỗi thanh là tỷ lệ việc giải quyết trong kỳ đó mà đúng hạn.",
		      "Each bar is the share of the cases settled in that period that were on time."),
		    NULL, T(l, "chưa đủ số liệu", "too few to show"), months, (size_t)f->n_buckets);
	html_raw(h, "</section>\n");
}

static void render_page(struct server *srv, struct evhttp_request *req, const struct view *vp,
			const struct mon_figures *f, int table)
{
	const struct view v = *vp;
	(void)table;
	(void)srv;
	enum lang l = v.l;
	struct html h;
	html_init(&h);
	mw_page_head(&h, l, T(l, "Bảng theo dõi", "Dashboard"), true, v.qs);
	mw_heading(&h, &v, T(l, "Bảng theo dõi", "Dashboard"));
	mw_filters(&h, &v, "/monitor");
	tiles(&h, &v, f);
	charts(&h, &v, f);

	struct sink s = {.h = &h, .l = l};
	section(&h, &v, TABLE_OVERDUE, T(l, "Việc đang quá hạn, theo đơn vị", "Cases overdue now, by unit"));
	mw_table_overdue(&s, &v, f);
	section_end(&h);
	section(&h, &v, TABLE_PROVINCES, T(l, "Theo tỉnh, thành phố", "By province"));
	mw_table_provinces(&s, &v, f);
	section_end(&h);
	section(&h, &v, TABLE_PERIODS, f->by_year ? T(l, "Theo năm", "By year")
						  : T(l, "Theo tháng", "By month"));
	mw_table_periods(&s, &v, f);
	section_end(&h);
	section(&h, &v, TABLE_TRACKS, T(l, "Theo loại việc", "By track"));
	mw_table_tracks(&s, &v, f);
	section_end(&h);
	section(&h, &v, TABLE_CATEGORIES, T(l, "Theo lĩnh vực (tiếp nhận)", "By category (received)"));
	mw_table_categories(&s, &v, f);
	section_end(&h);
	section(&h, &v, TABLE_STATUS, T(l, "Trạng thái hiện nay", "Status now"));
	mw_table_status(&s, &v, f);
	section_end(&h);
	mw_reply_view(srv, req, &h, l, v.who, "monitor:page");
}

void handle_monitor_page(struct request *r)
{
	struct view v;
	if (mw_read_view(r, &v))
		mw_with_figures(r->srv, r->req, &v, true, render_page, 0);
}
