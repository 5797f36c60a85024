/*
 * monitor_views.c - the monitors' further views (issue 16), each from
 * published figures only (mon_figures_publish: counts in multiples of 5
 * whose parts add up to their totals, rates and days over at least
 * MF_RATE_MIN) and each audited like the dashboard (CASE_AUDIT_LIST,
 * detail "monitor:units", "monitor:followed", "monitor:compare"):
 *   /monitor/units      per inspectorate (the unit handling the cases,
 *                       the Government Inspectorate included): the period's
 *                       figures, transfers out and in, overdue now, under
 *                       monitoring now, and days to the first step
 *   /monitor/monitored  the cases put under monitoring: open now and
 *                       overdue among them, by province and by unit
 *   /monitor/compare    the period beside the one before it and the same
 *                       period a year earlier (monitor_compare.c)
 */
#include <stdio.h>
#include <string.h>

#include "dm_units.h"
#include "monitor_handlers.h"
#include "monitor_render.h"
#include "server_internal.h"

static void header_row(struct html *h, enum lang l, const char *const *vi, const char *const *en,
		       size_t n)
{
	html_raw(h, "<thead><tr>");
	for (size_t i = 0; i < n; i++) {
		html_raw(h, i ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
		html_text(h, l == LANG_EN ? en[i] : vi[i]);
		html_raw(h, "</th>");
	}
	html_raw(h, "</tr></thead>\n<tbody>\n");
}

void mw_days_text(enum lang l, int median, int p90, char out[64])
{
	if (median < 0)
		snprintf(out, 64, "%s", T(l, "chưa đủ số liệu", "too few to show"));
	else
		snprintf(out, 64, l == LANG_EN ? "median %d days, 90%% within %d days"
					       : "trung vị %d ngày, 90%% trong %d ngày",
			 median, p90);
}

static void first_step_line(struct html *h, enum lang l, const struct mon_figures *f)
{
	char t[64];
	mw_days_text(l, f->median_first_days, f->p90_first_days, t);
	html_raw(h, "<p class=\"first-step\"><strong>");
	html_text(h, T(l, "Thời gian đến bước xử lý đầu tiên", "Time to the first step"));
	html_raw(h, "</strong> (");
	html_text(h, T(l, "từ ngày tiếp nhận đến khi thụ lý, không thụ lý hoặc chuyển đơn",
		       "from receipt to acceptance, non-acceptance or transfer"));
	html_raw(h, "): ");
	html_text(h, t);
	html_raw(h, ".</p>\n");
}

static void units_table(struct html *h, enum lang l, const struct mon_figures *f)
{
	static const char *const vi[] = {"Cơ quan thanh tra", "Tiếp nhận", "Thụ lý", "Đã giải quyết",
					 "Tỷ lệ đúng hạn", "Chuyển đi", "Nhận chuyển đến",
					 "Đang quá hạn", "Đang giám sát", "Giám sát, quá hạn"};
	static const char *const en[] = {"Inspectorate", "Received", "Accepted", "Settled",
					 "On-time rate", "Transferred out", "Transferred in",
					 "Overdue now", "Monitored now", "Monitored, overdue"};
	html_raw(h, "<table class=\"units\">\n<caption>");
	html_text(h, T(l, "Theo cơ quan đang giải quyết (kể cả Thanh tra Chính phủ); chỉ các cơ quan "
			  "có số liệu",
		       "By the unit handling the cases (the Government Inspectorate included); "
		       "units with figures only"));
	html_raw(h, "</caption>\n");
	header_row(h, l, vi, en, sizeof(vi) / sizeof(vi[0]));
	for (size_t i = 0; i < dm_unit_count(); i++) {
		const int64_t v[] = {f->ev_unit[MF_RECEIVED][i], f->ev_unit[MF_ACCEPTED][i],
				     f->ev_unit[MF_SETTLED][i], f->ev_unit[MF_TRANSFERRED][i],
				     f->ev_unit[MF_TRANSFERRED_IN][i], f->overdue_unit[i],
				     f->monitored_open_unit[i], f->monitored_overdue_unit[i]};
		int64_t any = 0;
		for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++)
			any |= v[k];
		if (!any)
			continue;
		const struct dm_unit *u = dm_unit_at(i);
		html_raw(h, "<tr><th scope=\"row\">");
		html_text(h, l == LANG_EN ? u->name_en : u->name);
		html_raw(h, "</th>");
		for (int k = 0; k < 3; k++)
			mw_number_cell(h, l, v[k]);
		mw_rate_cell(h, f->ev_unit[MF_ON_TIME][i], f->ev_unit[MF_SETTLED][i]);
		for (int k = 3; k < 8; k++)
			mw_number_cell(h, l, v[k]);
		html_raw(h, "</tr>\n");
	}
	html_raw(h, "</tbody>\n</table>\n");
}

static void render_units(struct server *srv, struct evhttp_request *req, const struct view *v,
			 const struct mon_figures *f, int table)
{
	enum lang l = v->l;
	struct html h;
	(void)table;
	html_init(&h);
	mw_page_head(&h, l, T(l, "Theo cơ quan thanh tra", "By inspectorate"), true, v->qs);
	mw_heading(&h, v, T(l, "Theo cơ quan thanh tra", "By inspectorate"));
	mw_filters(&h, v, "/monitor/units");
	first_step_line(&h, l, f);
	units_table(&h, l, f);
	html_raw(&h, "<p class=\"note\">");
	html_text(&h, T(l, "Chuyển đi, nhận chuyển đến: đơn chuyển giữa các cơ quan trong kỳ (chuyển "
			   "đơn theo thẩm quyền). Đơn tố cáo người đứng đầu cấp tỉnh do Thanh tra "
			   "Chính phủ giải quyết; số liệu theo cấp của người bị tố cáo ở trang "
			   "\"Theo cấp\".",
			"Transferred out and in: cases moved between units in the period. "
			"Denunciations of provincial leaders go to the Government Inspectorate; the "
			"figures by the accused's level are on the \"By level\" page."));
	html_raw(&h, "</p>\n");
	mw_reply_view(srv, req, &h, l, v->who, "monitor:units");
}

void handle_monitor_units(struct request *r)
{
	struct view v;
	if (mw_read_view(r, &v))
		mw_with_figures(r->srv, r->req, &v, false, render_units, 0);
}

static void monitored_rows(struct html *h, enum lang l, const struct mon_figures *f)
{
	for (size_t i = 0; i < dm_province_count(); i++) {
		if (!f->monitored_open_province[i] && !f->monitored_overdue_province[i] &&
		    !f->ev_province[MF_MONITORED][i])
			continue;
		html_raw(h, "<tr><th scope=\"row\">");
		html_text(h, mw_province_name(l, i));
		html_raw(h, "</th>");
		mw_number_cell(h, l, f->ev_province[MF_MONITORED][i]);
		mw_number_cell(h, l, f->monitored_open_province[i]);
		mw_number_cell(h, l, f->monitored_overdue_province[i]);
		html_raw(h, "</tr>\n");
	}
	html_raw(h, "<tr class=\"total\"><th scope=\"row\">");
	html_text(h, T(l, "Tổng", "Total"));
	html_raw(h, "</th>");
	mw_number_cell(h, l, f->ev[MF_MONITORED]);
	mw_number_cell(h, l, f->monitored_open);
	mw_number_cell(h, l, f->monitored_overdue);
	html_raw(h, "</tr>\n");
}

static void render_monitored(struct server *srv, struct evhttp_request *req, const struct view *v,
			     const struct mon_figures *f, int table)
{
	static const char *const vi[] = {"Tỉnh, thành phố", "Đưa vào diện giám sát trong kỳ",
					 "Đang giám sát (chưa xong)", "Trong đó đang quá hạn"};
	static const char *const en[] = {"Province", "Put under monitoring in the period",
					 "Under monitoring now (open)", "Of which overdue now"};
	enum lang l = v->l;
	struct html h;
	(void)table;
	html_init(&h);
	mw_page_head(&h, l, T(l, "Việc đang giám sát", "Cases under monitoring"), true, v->qs);
	mw_heading(&h, v, T(l, "Việc đang giám sát", "Cases under monitoring"));
	mw_filters(&h, v, "/monitor/monitored");
	html_raw(&h, "<p>");
	html_text(&h, T(l, "Các vụ việc cơ quan thanh tra đánh dấu \"theo dõi, giám sát\": bao nhiêu "
			   "việc đang được giám sát và bao nhiêu việc trong số đó đang quá hạn — "
			   "không có danh sách vụ việc, chỉ có số đếm.",
			"Cases a unit marked as under monitoring: how many are under monitoring now "
			"and how many of them are overdue — counts only, never a list of cases."));
	html_raw(&h, "</p>\n<table class=\"monitored\">\n<caption>");
	html_text(&h, T(l, "Theo tỉnh, thành phố nơi người bị tố cáo, khiếu nại công tác",
			"By the province where the accused works"));
	html_raw(&h, "</caption>\n");
	header_row(&h, l, vi, en, 4);
	monitored_rows(&h, l, f);
	html_raw(&h, "</tbody>\n</table>\n");
	mw_reply_view(srv, req, &h, l, v->who, "monitor:followed");
}

void handle_monitor_monitored(struct request *r)
{
	struct view v;
	if (mw_read_view(r, &v))
		mw_with_figures(r->srv, r->req, &v, false, render_monitored, 0);
}
