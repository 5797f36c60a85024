/*
 * monitor_levels.c - /monitor/levels: the period's figures by the level of
 * the accused (commune officials and leaders, provincial departments and
 * their directors, provincial leaders, central bodies), the core question
 * of anti-corruption oversight. From published figures only (the <3 rule
 * and the rounding of case_figures.h: each row a cell of its total's
 * breakdown), audited like the other views (CASE_AUDIT_LIST, detail
 * "monitor:levels"). The level is recorded at intake from schema 5 on;
 * older cases show as "not recorded".
 */
#include "dm_case.h"
#include "labels.h"
#include "monitor_handlers.h"
#include "monitor_render.h"
#include "server_internal.h"

/* A level's name: the report form's words; 0 is a case from before the level was kept. */
static const char *level_name(enum lang l, int level)
{
	if (level == 0)
		return T(l, "Chưa ghi nhận (đơn nhận trước khi lưu cấp)",
			 "Not recorded (cases received before the level was kept)");
	if (level == DM_LEVEL_UNKNOWN)
		return T(l, "Người gửi không rõ cấp", "Not known to the sender");
	return label_level(level, l);
}

static void level_row(struct html *h, enum lang l, const struct mon_figures *f, int lv,
		      const char *name)
{
	html_raw(h, "<tr><th scope=\"row\">");
	html_text(h, name);
	html_raw(h, "</th>");
	const int ev[] = {MF_RECEIVED, MF_ACCEPTED, MF_DECLINED, MF_SETTLED};
	for (size_t k = 0; k < sizeof(ev) / sizeof(ev[0]); k++)
		mw_number_cell(h, l, lv < 0 ? f->ev[ev[k]] : f->ev_level[ev[k]][lv]);
	if (lv < 0)
		mw_rate_cell(h, f->ev[MF_ON_TIME], f->ev[MF_SETTLED]);
	else
		mw_rate_cell(h, f->ev_level[MF_ON_TIME][lv], f->ev_level[MF_SETTLED][lv]);
	mw_number_cell(h, l, lv < 0 ? f->ev[MF_TRANSFERRED] : f->ev_level[MF_TRANSFERRED][lv]);
	html_raw(h, "</tr>\n");
}

static void levels_table(struct html *h, enum lang l, const struct mon_figures *f)
{
	static const char *const vi[] = {"Cấp của người bị tố cáo, khiếu nại", "Tiếp nhận",
					 "Thụ lý", "Không thụ lý", "Đã giải quyết",
					 "Tỷ lệ đúng hạn", "Chuyển đơn"};
	static const char *const en[] = {"Level of the accused", "Received", "Accepted",
					 "Not accepted", "Settled", "On-time rate", "Transferred"};
	html_raw(h, "<table class=\"levels\">\n<caption>");
	html_text(h, T(l, "Theo cấp của người bị tố cáo, khiếu nại (cấp xã, cấp tỉnh, trung ương), "
			  "như người gửi cho biết khi gửi đơn; chỉ các cấp có số liệu",
		       "By the level of the accused (commune, province, central), as the sender "
		       "gave it; levels with figures only"));
	html_raw(h, "</caption>\n<thead><tr>");
	for (size_t i = 0; i < sizeof(vi) / sizeof(vi[0]); i++) {
		html_raw(h, i ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
		html_text(h, l == LANG_EN ? en[i] : vi[i]);
		html_raw(h, "</th>");
	}
	html_raw(h, "</tr></thead>\n<tbody>\n");
	/* Commune first, then province, central; "not known" and "not recorded" last. */
	static const int order[] = {DM_LEVEL_COMMUNE,
				    DM_LEVEL_COMMUNE_LEADER,
				    DM_LEVEL_PROVINCIAL_AGENCY,
				    DM_LEVEL_PROVINCIAL_AGENCY_LEADER,
				    DM_LEVEL_PROVINCIAL_LEADER,
				    DM_LEVEL_CENTRAL,
				    DM_LEVEL_UNKNOWN,
				    0};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		int lv = order[i];
		int64_t any = 0;
		for (int e = 0; e < MF_EVENTS; e++)
			any |= f->ev_level[e][lv];
		if (any)
			level_row(h, l, f, lv, level_name(l, lv));
	}
	level_row(h, l, f, -1, T(l, "Tổng", "Total"));
	html_raw(h, "</tbody>\n</table>\n");
}

static void render_levels(struct server *srv, struct evhttp_request *req, const struct view *v,
			  const struct mon_figures *f, int table)
{
	enum lang l = v->l;
	struct html h;
	(void)table;
	html_init(&h);
	mw_page_head(&h, l, T(l, "Theo cấp của người bị tố cáo", "By level of the accused"), true,
		     v->qs);
	mw_heading(&h, v, T(l, "Theo cấp của người bị tố cáo", "By level of the accused"));
	mw_filters(&h, v, "/monitor/levels");
	if (f->has_level) {
		levels_table(&h, l, f);
	} else {
		html_raw(&h, "<p class=\"note\">");
		html_text(&h, T(l, "Chỉ có số liệu theo cấp cho các kỳ trọn tháng.",
				"Figures by level exist for periods of whole months only."));
		html_raw(&h, "</p>\n");
	}
	html_raw(&h, "<p class=\"note\">");
	html_text(&h, T(l, "Cấp do người gửi đơn cho biết; nó quyết định cơ quan có thẩm quyền (đơn "
			   "tố cáo người đứng đầu cấp tỉnh do Thanh tra Chính phủ giải quyết). Đơn "
			   "nhận trước khi hệ thống lưu cấp được tính là \"chưa ghi nhận\". Mỗi số "
			   "được làm tròn đến bội số của 5 và các dòng cộng lại đúng bằng dòng tổng.",
			"The level is as the sender gave it; it decides the competent unit "
			"(denunciations of provincial leaders go to the Government Inspectorate). "
			"Cases received before the level was kept count as \"not recorded\". Every "
			"count is rounded to a multiple of 5 and the rows add up to the total."));
	html_raw(&h, "</p>\n");
	mw_reply_view(srv, req, &h, l, v->who, "monitor:levels");
}

void handle_monitor_levels(struct request *r)
{
	struct view v;
	if (mw_read_view(r, &v))
		mw_with_figures(r->srv, r->req, &v, false, render_levels, 0);
}
