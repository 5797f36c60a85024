/*
 * monitor_render.c - the monitors' page frame, cells and headings
 * (monitor_render.h). No JavaScript anywhere; words from labels.h.
 */
#include <stdio.h>
#include <string.h>

#include "charts.h"
#include "dm_units.h"
#include "audit.h"
#include "monitor_render.h"
#include "server_internal.h"


void mw_page_head(struct html *h, enum lang l, const char *title, bool signed_in,
		      const char *qs)
{
	html_rawf(h, "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
		  lang_code(l));
	html_raw(h, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<meta name=\"referrer\" content=\"no-referrer\">\n"
		    "<meta name=\"robots\" content=\"noindex\">\n"
		    "<link rel=\"stylesheet\" href=\"/static/style.css\">\n<title>");
	html_text(h, title);
	html_raw(h, " — ");
	html_text(h, T(l, "Giám sát việc giải quyết khiếu nại, tố cáo",
		       "Oversight of complaints and denunciations"));
	html_raw(h, "</title>\n</head>\n<body class=\"monitor\">\n<header class=\"site\">\n"
		    "<a class=\"brand\" href=\"/monitor");
	html_raw(h, l == LANG_EN ? "?lang=en" : "");
	html_raw(h, "\">");
	html_text(h, T(l, "Giám sát — Mặt trận Tổ quốc Việt Nam",
		       "Oversight — Vietnam Fatherland Front"));
	html_raw(h, "</a>\n<nav class=\"lang\">");
	if (signed_in) {
		html_raw(h, "<a href=\"/monitor?");
		html_text(h, qs);
		html_raw(h, "\">");
		html_text(h, T(l, "Bảng theo dõi", "Dashboard"));
		html_raw(h, "</a> ");
		static const struct {
			const char *path, *vi, *en;
		} views[] = {
			{"/monitor/units", "Theo cơ quan", "By inspectorate"},
			{"/monitor/levels", "Theo cấp", "By level"},
			{"/monitor/grounds", "Không thụ lý theo căn cứ", "Declines by ground"},
			{"/monitor/compare", "So sánh các kỳ", "Compare periods"},
			{"/monitor/monitored", "Việc đang giám sát", "Under monitoring"},
			{"/monitor/report", "Báo cáo để in", "Printable report"},
		};
		for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
			html_rawf(h, "<a href=\"%s?", views[i].path);
			html_text(h, qs);
			html_raw(h, "\">");
			html_text(h, T(l, views[i].vi, views[i].en));
			html_raw(h, "</a> ");
		}
	}
	html_raw(h, l == LANG_EN ? "<a href=\"?lang=vi\" hreflang=\"vi\" lang=\"vi\">Tiếng Việt</a>"
				 : "<a href=\"?lang=en\" hreflang=\"en\" lang=\"en\">English</a>");
	if (signed_in) {
		html_raw(h, "<form class=\"signout\" method=\"post\" action=\"/monitor/signout\">"
			    "<button type=\"submit\">");
		html_text(h, T(l, "Đăng xuất", "Sign out"));
		html_raw(h, "</button></form>");
	}
	html_raw(h, "</nav>\n</header>\n<main>\n");
}

void mw_page_foot(struct html *h, enum lang l)
{
	html_raw(h, "</main>\n<footer class=\"site\"><p>");
	html_text(h, T(l, "Số liệu ẩn danh: không có nội dung đơn, tên người hay giờ giấc. Mọi số "
			  "được làm tròn đến bội số của 5 (0 hay 5 có thể là từ 1 đến 4 việc), các "
			  "phần cộng lại bằng tổng; tỷ lệ chỉ tính khi có từ 10 việc đã giải quyết. "
			  "Ngày tính theo giờ Việt Nam.",
		       "Anonymous figures: no report text, no names, no times of day. Every count is "
		       "rounded to a multiple of 5 (a 0 or a 5 may stand for 1 to 4 cases) and the "
		       "parts of a table add up to its total; rates only over 10 or more settled "
		       "cases. Days are Vietnam's."));
	html_raw(h, "</p></footer>\n</body>\n</html>\n");
}

void mw_reply_page(struct evhttp_request *req, int status, struct html *h)
{
	size_t len = 0;
	char *page = html_finish(h, &len);
	http_reply_html(req, status, page, len);
}

void mw_reply_view(struct server *srv, struct evhttp_request *req, struct html *h, enum lang l,
		   const struct principal *who, const char *detail)
{
	mw_page_foot(h, l);
	audit_read(srv, CASE_AUDIT_LIST, who, NULL, detail);
	mw_reply_page(req, 200, h);
}

void mw_number_cell(struct html *h, enum lang l, int64_t n)
{
	char t[32];
	mw_number_text(l, n, t);
	html_raw(h, "<td class=\"num\">");
	html_text(h, t);
	html_raw(h, "</td>");
}

void mw_reply_error(struct evhttp_request *req, enum lang l, int status, const char *vi,
			const char *en)
{
	struct html h;
	html_init(&h);
	mw_page_head(&h, l, T(l, "Lỗi", "Error"), false, "");
	html_rawf(&h, "<h1>%d — ", status);
	html_text(&h, T(l, "Không hiển thị được", "Cannot show this"));
	html_raw(&h, "</h1>\n<p class=\"error\">");
	html_text(&h, T(l, vi, en));
	html_raw(&h, "</p>\n<p><a href=\"/monitor\">");
	html_text(&h, T(l, "Quay lại bảng theo dõi", "Back to the dashboard"));
	html_raw(&h, "</a></p>\n");
	mw_page_foot(&h, l);
	mw_reply_page(req, status, &h);
}

const char *mw_province_name(enum lang l, size_t i)
{
	const struct dm_province *p = dm_province_at(i);
	return l == LANG_EN ? p->name_en : p->name;
}

const char *mw_scope_words(const struct view *v)
{
	if (!v->filter.province[0])
		return T(v->l, "Toàn quốc", "National");
	const struct dm_province *p = dm_province_find(v->filter.province);
	return p ? (v->l == LANG_EN ? p->full_name_en : p->full_name) : "?";
}

/* A cell: a published count. */
void mw_count_cell(struct html *h, int64_t n)
{
	char t[24];
	chart_count_text(t, n);
	html_raw(h, "<td class=\"num\">");
	html_text(h, t);
	html_raw(h, "</td>");
}

/* A rate in percent with one decimal, or "—" over fewer than MF_RATE_MIN (published) cases. */
void mw_rate_text(char out[16], int64_t num, int64_t den)
{
	int permille = mon_rate_permille(num, den); /* 0..1000 */
	if (permille < 0) {
		snprintf(out, 16, "—");
		return;
	}
	snprintf(out, 16, "%d.%d%%", permille / 10, permille % 10);
}

void mw_rate_cell(struct html *h, int64_t num, int64_t den)
{
	char t[16];
	mw_rate_text(t, num, den);
	html_raw(h, "<td class=\"num\">");
	html_text(h, t);
	html_raw(h, "</td>");
}

void mw_bucket_label(const struct mon_figures *f, int b, char out[16])
{
	int y, m, d;
	dm_day_to_ymd(f->bucket_start[b], &y, &m, &d);
	if (f->by_year)
		snprintf(out, 16, "%04d", y);
	else
		snprintf(out, 16, "%02d/%04d", m, y);
}

void mw_heading(struct html *h, const struct view *v, const char *what)
{
	char d1[16], d2[16];
	mw_day_text(v->l, v->from, d1);
	mw_day_text(v->l, v->to, d2);
	html_raw(h, "<h1>");
	html_text(h, what);
	html_raw(h, " — ");
	html_text(h, mw_scope_words(v));
	html_raw(h, "</h1>\n<p class=\"period\">");
	html_text(h, T(v->l, "Kỳ", "Period"));
	html_rawf(h, ": %s — %s", d1, d2);
	if (v->filter.track) {
		html_raw(h, " · ");
		html_text(h, label_track(v->filter.track, LABEL_MONITOR, v->l));
	}
	if (v->filter.category) {
		html_raw(h, " · ");
		html_text(h, label_category(v->filter.category, LABEL_MONITOR, v->l));
	}
	html_raw(h, "</p>\n");
}

static void option(struct html *h, const char *value, const char *text, bool selected)
{
	html_raw(h, "<option value=\"");
	html_text(h, value);
	html_raw(h, selected ? "\" selected>" : "\">");
	html_text(h, text);
	html_raw(h, "</option>");
}

void mw_filters(struct html *h, const struct view *v, const char *action)
{
	enum lang l = v->l;
	char d1[DM_DAY_STRLEN], d2[DM_DAY_STRLEN];
	dm_day_format(v->from, d1);
	dm_day_format(v->to, d2);
	html_rawf(h, "<form class=\"filters\" method=\"get\" action=\"%s\">\n", action);
	html_rawf(h, "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n", lang_code(l));
	html_raw(h, "<label>");
	html_text(h, T(l, "Từ ngày", "From"));
	html_rawf(h, " <input type=\"date\" name=\"from\" value=\"%s\" required></label>\n<label>", d1);
	html_text(h, T(l, "Đến ngày", "To"));
	html_rawf(h, " <input type=\"date\" name=\"to\" value=\"%s\" required></label>\n", d2);
	if (strcmp(v->who->pub.scope, "national") == 0) {
		html_raw(h, "<label>");
		html_text(h, T(l, "Tỉnh, thành phố", "Province"));
		html_raw(h, " <select name=\"province\">");
		option(h, "", T(l, "Toàn quốc", "All (national)"), !v->filter.province[0]);
		for (size_t i = 0; i < dm_province_count(); i++)
			option(h, dm_province_at(i)->code, mw_province_name(l, i),
			       strcmp(v->filter.province, dm_province_at(i)->code) == 0);
		html_raw(h, "</select></label>\n");
	}
	html_raw(h, "<label>");
	html_text(h, T(l, "Loại việc", "Track"));
	html_raw(h, " <select name=\"track\">");
	option(h, "", T(l, "Tất cả", "All"), !v->filter.track);
	for (int t = 1; t < MF_TRACKS; t++)
		option(h, dm_track_name((enum dm_track)t), label_track(t, LABEL_MONITOR, l), v->filter.track == t);
	html_raw(h, "</select></label>\n<label>");
	html_text(h, T(l, "Lĩnh vực", "Category"));
	html_raw(h, " <select name=\"category\">");
	option(h, "", T(l, "Tất cả", "All"), !v->filter.category);
	for (int c = 1; c < MF_CATEGORIES; c++)
		option(h, dm_category_name((enum dm_category)c), label_category(c, LABEL_MONITOR, l),
		       v->filter.category == c);
	html_raw(h, "</select></label>\n<button type=\"submit\">");
	html_text(h, T(l, "Xem", "Show"));
	html_raw(h, "</button>\n</form>\n");
}


void mw_day_text(enum lang l, dm_day day, char out[16])
{
	int y, m, d;
	dm_day_to_ymd(day, &y, &m, &d);
	if (l == LANG_EN)
		snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
	else
		snprintf(out, 16, "%02d/%02d/%04d", d, m, y);
}

void mw_number_text(enum lang l, int64_t n, char out[32])
{
	/* Vietnamese groups thousands with dots (1.234), English with commas. */
	char digits[24];
	int len = snprintf(digits, sizeof(digits), "%lld", (long long)(n < 0 ? -n : n)), o = 0;
	if (n < 0)
		out[o++] = '-';
	for (int i = 0; i < len; i++) {
		out[o++] = digits[i];
		if ((len - i - 1) % 3 == 0 && i < len - 1)
			out[o++] = l == LANG_EN ? ',' : '.';
	}
	out[o] = '\0';
}
