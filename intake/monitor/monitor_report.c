/*
 * monitor_report.c - GET /monitor/report: the printable period report a
 * provincial steering committee reviews, laid out as an administrative
 * document (Decree 30/2020/NĐ-CP on administrative documents, Appendix I):
 * the issuing body and the number on the left, the national title and motto
 * on the right, place and date, the title, the body, "Nơi nhận:" and the
 * signature block. The number is left blank ("Số: …/BC-MTTQ") for the
 * office's register; the signature block for the signer's name and seal.
 */
#include <stdio.h>
#include <string.h>

#include "dm_units.h"
#include "monitor_handlers.h"
#include "monitor_render.h"
#include "server_internal.h"


static void report_row(struct html *h, const char *label, int64_t n, bool sub)
{
	html_rawf(h, "<tr%s><th scope=\"row\">", sub ? " class=\"sub\"" : "");
	html_text(h, label);
	html_raw(h, "</th>");
	mw_count_cell(h, n);
	html_raw(h, "</tr>\n");
}

/* The issuing body: the Front's committee of the monitor's scope. */
static void issuer_words(const struct view *v, char *out, size_t cap, char *place, size_t pcap)
{
	const struct dm_province *p = NULL;
	if (strcmp(v->who->pub.scope, "national") != 0)
		p = dm_province_find(v->who->pub.scope);
	if (p == NULL) {
		snprintf(out, cap, "ỦY BAN TRUNG ƯƠNG\nMẶT TRẬN TỔ QUỐC VIỆT NAM");
		snprintf(place, pcap, "Hà Nội");
		return;
	}
	snprintf(out, cap, "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM\n%s", p->full_name);
	snprintf(place, pcap, "%s", p->name);
}

static void text_lines(struct html *h, const char *s)
{
	/* Each line of s, with <br> between: the issuer's two lines. */
	char line[128];
	while (*s) {
		size_t n = strcspn(s, "\n");
		snprintf(line, sizeof(line), "%.*s", (int)n, s);
		html_text(h, line);
		s += n;
		if (*s == '\n') {
			html_raw(h, "<br>");
			s++;
		}
	}
}

/* The header (Decree 30/2020 Appendix I): issuer and number | motto, then place and date. */
static void document_header(struct html *h, const struct view *v)
{
	char issuer[160], place[64];
	int y, m, d;
	issuer_words(v, issuer, sizeof(issuer), place, sizeof(place));
	dm_day_to_ymd(v->today, &y, &m, &d);
	html_raw(h, "<div class=\"doc-header\">\n<div class=\"doc-issuer\"><p class=\"issuer\">");
	text_lines(h, issuer);
	html_raw(h, "</p><p class=\"doc-number\">Số: …/BC-MTTQ</p></div>\n"
		    "<div class=\"doc-motto\"><p class=\"nation\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>"
		    "<p class=\"motto\">Độc lập - Tự do - Hạnh phúc</p>\n<p class=\"doc-date\">");
	html_text(h, place);
	html_rawf(h, ", ngày %02d tháng %02d năm %04d</p></div>\n</div>\n", d, m, y);
}

/* After the body: "Nơi nhận:" on the left, the signature block on the right. */
static void document_footer(struct html *h)
{
	html_raw(h, "<div class=\"doc-footer\">\n<div class=\"doc-recipients\"><p><strong><em>"
		    "Nơi nhận:</em></strong></p><ul><li>Như trên;</li><li>Ban Thường trực (để b/c);"
		    "</li><li>Lưu: VT.</li></ul></div>\n<div class=\"doc-signature\">"
		    "<p class=\"sign-role\">TM. BAN THƯỜNG TRỰC</p><p class=\"sign-note\">"
		    "(Ký, ghi rõ họ tên, đóng dấu)</p><p class=\"sign-space\"></p></div>\n</div>\n");
}

static void render_report(struct server *srv, struct evhttp_request *req, const struct view *vp,
			  const struct mon_figures *f, int table)
{
	const struct view v = *vp;
	(void)table;
	enum lang l = v.l;
	struct html h;
	html_init(&h);
	mw_page_head(&h, l, T(l, "Báo cáo", "Report"), true, v.qs);
	html_raw(&h, "<article class=\"report\">\n");
	/* The administrative form is Vietnamese whatever the page's language. */
	document_header(&h, &v);
	html_raw(&h, "<p class=\"doc-kind\">BÁO CÁO</p>\n");
	mw_heading(&h, &v,
		T(l, "Kết quả giám sát việc tiếp nhận, giải quyết khiếu nại, tố cáo",
		  "Report on complaints and denunciations received and settled"));
	char today[16];
	mw_day_text(l, v.today, today);
	html_raw(&h, "<p class=\"noprint\">");
	html_text(&h, T(l, "Dùng lệnh In của trình duyệt (Ctrl+P) để in hoặc lưu thành PDF.",
			"Use your browser's Print command (Ctrl+P) to print it or save it as PDF."));
	html_raw(&h, "</p>\n");
	mw_filters(&h, &v, "/monitor/report");
	html_raw(&h, "<table class=\"figures\">\n<thead><tr><th scope=\"col\">");
	html_text(&h, T(l, "Chỉ tiêu", "Figure"));
	html_raw(&h, "</th><th scope=\"col\">");
	html_text(&h, T(l, "Số việc", "Cases"));
	html_raw(&h, "</th></tr></thead>\n<tbody>\n");
	report_row(&h, T(l, "Tiếp nhận", "Received"), f->ev[MF_RECEIVED], false);
	for (int t = 1; t < MF_TRACKS; t++)
		report_row(&h, label_track(t, LABEL_MONITOR, l), f->ev_track[MF_RECEIVED][t], true);
	report_row(&h, T(l, "Thụ lý giải quyết", "Accepted for settlement"), f->ev[MF_ACCEPTED], false);
	report_row(&h, T(l, "Đã giải quyết", "Settled"), f->ev[MF_SETTLED], false);
	report_row(&h, T(l, "trong đó đúng hạn", "of which on time"), f->ev[MF_ON_TIME], true);
	html_raw(&h, "<tr class=\"sub\"><th scope=\"row\">");
	html_text(&h, T(l, "Tỷ lệ đúng hạn", "On-time rate"));
	html_raw(&h, "</th>");
	mw_rate_cell(&h, f->ev[MF_ON_TIME], f->ev[MF_SETTLED]);
	html_raw(&h, "</tr>\n");
	report_row(&h, T(l, "Chuyển đơn đến cơ quan có thẩm quyền", "Transferred to the competent body"),
		   f->ev[MF_TRANSFERRED], false);
	report_row(&h, T(l, "Chuyển cơ quan điều tra (có dấu hiệu tội phạm)",
			 "Referred to investigators (criminal signs)"),
		   f->ev[MF_CRIMINAL], false);
	report_row(&h, T(l, "Đưa vào diện giám sát", "Put under monitoring"), f->ev[MF_MONITORED], false);
	report_row(&h, T(l, "Không thụ lý", "Declined"), f->ev[MF_DECLINED], false);
	report_row(&h, T(l, "Rút đơn", "Withdrawn"), f->ev[MF_WITHDRAWN], false);
	report_row(&h, T(l, "Đình chỉ giải quyết", "Terminated"), f->ev[MF_TERMINATED], false);
	report_row(&h, T(l, "Đang quá hạn (tại ngày lập báo cáo)", "Overdue (on the day of this report)"),
		   f->overdue, false);
	/* Set only over enough settled cases, and not with a category filter (case_figures.h). */
	int med = f->median_days, p90 = f->p90_days;
	html_raw(&h, "<tr><th scope=\"row\">");
	html_text(&h, T(l, "Số ngày giải quyết: trung vị / 90% số việc",
			"Days to settle: median / 90th percentile"));
	if (med >= 0)
		html_rawf(&h, "</th><td class=\"num\">%d / %d</td></tr>\n", med, p90);
	else
		html_raw(&h, "</th><td class=\"num\">—</td></tr>\n");
	html_raw(&h, "</tbody>\n</table>\n");
	if (!v.filter.province[0]) {
		struct sink s = {.h = &h, .l = v.l};
		html_raw(&h, "<h2>");
		html_text(&h, T(l, "Theo tỉnh, thành phố", "By province"));
		html_raw(&h, "</h2>\n<table class=\"provinces\">\n");
		mw_table_provinces(&s, &v, f);
		html_raw(&h, "</table>\n");
	}
	html_raw(&h, "<p class=\"generated\">");
	html_text(&h, T(l, "Lập ngày", "Produced on"));
	html_rawf(&h, " %s. ", today);
	html_text(&h, T(l, "Số liệu từ hệ thống tocao, làm tròn đến bội số của 5 (các phần cộng lại "
			   "bằng tổng); tỷ lệ chỉ tính khi có từ 10 việc đã giải quyết.",
			"Figures from tocao, rounded to multiples of 5 (the parts add up to the "
			"totals); rates only over 10 or more settled cases."));
	html_raw(&h, "</p>\n");
	document_footer(&h);
	html_raw(&h, "</article>\n");
	mw_reply_view(srv, req, &h, l, v.who, "monitor:report");
}

void handle_monitor_report(struct request *r)
{
	struct view v;
	if (mw_read_view(r, &v))
		mw_with_figures(r->srv, r->req, &v, true, render_report, 0);
}
