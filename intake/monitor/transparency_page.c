/*
 * transparency_page.c - the public transparency page's query, figures and
 * HTML (transparency.h). Words: received "tiếp nhận", accepted "thụ lý",
 * settled "giải quyết" (Law on Denunciations, Law on Complaints).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_units.h"
#include "monitor_render.h"
#include "server_internal.h"
#include "transparency.h"

static int quarter_of(dm_day day)
{
	int y, m, d;
	dm_day_to_ymd(day, &y, &m, &d);
	return y * 4 + (m - 1) / 3;
}

void tp_quarter_days(int quarter, dm_day today, dm_day *from, dm_day *to)
{
	int y = quarter / 4, m = quarter % 4 * 3 + 1;
	dm_day next;
	if (!dm_day_from_ymd(y, m, 1, from))
		*from = today;
	if (!dm_day_from_ymd(m == 10 ? y + 1 : y, m == 10 ? 1 : m + 3, 1, &next))
		next = today + 1;
	*to = next - 1 < today ? next - 1 : today;
}

/* "YYYY-Q" into a quarter index; -1 when it is not that. */
static int parse_quarter(const uint8_t *v, size_t len)
{
	if (len != 6 || v[4] != '-' || v[5] < '1' || v[5] > '4')
		return -1;
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		y = y * 10 + (v[i] - '0');
	}
	return y * 4 + (v[5] - '1');
}

int tp_page_read(const struct form *q, int query_rc, dm_day today, struct tp_page *page)
{
	memset(page, 0, sizeof(*page));
	page->l = LANG_VI;
	page->today = today;
	for (int i = 0; i < TP_QUARTERS; i++)
		page->quarter[i] = quarter_of(today) - i;
	page->shown = page->quarter[0];
	if (q != NULL) {
		const struct form_field *lang = form_get(q, "lang");
		if (lang && lang->len == 2 && memcmp(lang->value, "en", 2) == 0)
			page->l = LANG_EN;
	}
	if (query_rc != TC_OK)
		return TC_EINVAL;
	if (q == NULL)
		return TC_OK;
	const struct form_field *quy = form_get(q, "quy");
	if (quy == NULL || quy->len == 0)
		return TC_OK;
	int want = parse_quarter(quy->value, quy->len);
	if (want > page->quarter[0] || want <= page->quarter[0] - TP_QUARTERS)
		return TC_EINVAL;
	page->shown = want;
	return TC_OK;
}

int tp_compute(struct store_txn *txn, const struct cr_server_key *key, struct tp_page *page)
{
	const struct mf_filter national = {{0}, 0, 0};
	int rc = TC_OK;
	for (int i = 0; rc == TC_OK && i < TP_QUARTERS; i++) {
		dm_day from, to;
		tp_quarter_days(page->quarter[i], page->today, &from, &to);
		page->f[i] = malloc(sizeof(*page->f[i]));
		rc = page->f[i] ? mon_figures_publish(txn, &national, from, to, page->today, key,
						      page->f[i])
				: TC_ENOMEM;
	}
	return rc;
}

void tp_page_free(struct tp_page *page)
{
	for (int i = 0; i < TP_QUARTERS; i++) {
		free(page->f[i]);
		page->f[i] = NULL;
	}
}

static void head(struct html *h, enum lang l)
{
	html_rawf(h, "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
		  lang_code(l));
	html_raw(h, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<meta name=\"referrer\" content=\"no-referrer\">\n"
		    "<link rel=\"stylesheet\" href=\"/static/style.css\">\n<title>");
	html_text(h, T(l, "Minh bạch số liệu giải quyết khiếu nại, tố cáo",
		       "Transparency: how complaints and denunciations are handled"));
	html_raw(h, "</title>\n</head>\n<body class=\"monitor public\">\n<header class=\"site\">\n"
		    "<a class=\"brand\" href=\"/\">");
	html_text(h, T(l, "Gửi đơn khiếu nại, tố cáo", "Send a complaint or denunciation"));
	html_raw(h, "</a>\n<nav class=\"lang\">");
	html_raw(h, l == LANG_EN ? "<a href=\"/minh-bach\" hreflang=\"vi\" lang=\"vi\">Tiếng Việt</a>"
				 : "<a href=\"/minh-bach?lang=en\" hreflang=\"en\" lang=\"en\">English</a>");
	html_raw(h, "</nav>\n</header>\n<main>\n");
}

static void foot(struct html *h, enum lang l)
{
	html_raw(h, "</main>\n<footer class=\"site\"><p>");
	html_text(h, T(l, "Số liệu ẩn danh, từ các bộ đếm của hệ thống, không đọc nội dung đơn. Mọi "
			  "số được làm tròn đến bội số của 5 (0 hay 5 có thể là từ 1 đến 4 việc) để "
			  "không ai nhận ra một vụ việc riêng lẻ; các dòng cộng lại bằng tổng; tỷ lệ "
			  "chỉ tính khi có từ 10 việc đã giải quyết. Ngày tính theo giờ Việt Nam; "
			  "trang được cập nhật 5 phút một lần.",
		       "Anonymous figures from the system's counters; no report is read. Every count "
		       "is rounded to a multiple of 5 (a 0 or a 5 may stand for 1 to 4 cases) so that "
		       "no single case can be recognised; the rows add up to the total; rates only "
		       "over 10 or more settled cases. Days are Vietnam's; the page is refreshed "
		       "every 5 minutes."));
	html_raw(h, "</p></footer>\n</body>\n</html>\n");
}

static void quarter_label(enum lang l, int quarter, dm_day today, char out[64])
{
	dm_day from, to, end;
	tp_quarter_days(quarter, today, &from, &to);
	tp_quarter_days(quarter, today + 400, &from, &end);
	char d[16];
	mw_day_text(l, to, d);
	int n = snprintf(out, 64, l == LANG_EN ? "Q%d %d" : "Quý %d/%d", quarter % 4 + 1,
			 quarter / 4);
	/* The current quarter is not over: say so. */
	if (to < end)
		snprintf(out + n, 64 - (size_t)n, l == LANG_EN ? " (to %s)" : " (đến %s)", d);
}

static void columns(struct html *h, enum lang l, const char *first)
{
	static const char *const vi[] = {"Tiếp nhận", "Thụ lý", "Đã giải quyết", "Giải quyết đúng hạn",
					 "Tỷ lệ đúng hạn"};
	static const char *const en[] = {"Received", "Accepted", "Settled", "Settled on time",
					 "On-time rate"};
	html_raw(h, "<thead><tr><th scope=\"col\">");
	html_text(h, first);
	html_raw(h, "</th>");
	for (int i = 0; i < 5; i++) {
		html_raw(h, "<th scope=\"col\" class=\"num\">");
		html_text(h, l == LANG_EN ? en[i] : vi[i]);
		html_raw(h, "</th>");
	}
	html_raw(h, "</tr></thead>\n<tbody>\n");
}

/* One row: a name, then received, accepted, settled, on time, rate. */
static void row(struct html *h, enum lang l, const char *name, const int64_t v[4], bool strong)
{
	html_raw(h, strong ? "<tr class=\"total\"><th scope=\"row\">" : "<tr><th scope=\"row\">");
	html_text(h, name);
	html_raw(h, "</th>");
	for (int i = 0; i < 4; i++)
		mw_number_cell(h, l, v[i]);
	mw_rate_cell(h, v[3], v[2]);
	html_raw(h, "</tr>\n");
}

static void national_table(struct html *h, const struct tp_page *p)
{
	enum lang l = p->l;
	html_raw(h, "<h2 id=\"toan-quoc\">");
	html_text(h, T(l, "Toàn quốc, theo quý", "National, by quarter"));
	html_raw(h, "</h2>\n<table class=\"figures\">\n<caption>");
	html_text(h, T(l, "Số việc tiếp nhận, thụ lý, giải quyết và giải quyết đúng hạn trong từng quý",
		       "Cases received, accepted, settled and settled on time in each quarter"));
	html_raw(h, "</caption>\n");
	columns(h, l, T(l, "Quý", "Quarter"));
	for (int i = 0; i < TP_QUARTERS; i++) {
		const struct mon_figures *f = p->f[i];
		const int64_t v[4] = {f->ev[MF_RECEIVED], f->ev[MF_ACCEPTED], f->ev[MF_SETTLED],
				      f->ev[MF_ON_TIME]};
		char name[64];
		quarter_label(l, p->quarter[i], p->today, name);
		row(h, l, name, v, false);
	}
	html_raw(h, "</tbody>\n</table>\n");
}

static void quarter_links(struct html *h, const struct tp_page *p)
{
	html_raw(h, "<nav class=\"quarters\" aria-label=\"");
	html_text(h, T(p->l, "Chọn quý", "Choose a quarter"));
	html_raw(h, "\"><ul>\n");
	for (int i = 0; i < TP_QUARTERS; i++) {
		int q = p->quarter[i];
		char name[64];
		quarter_label(p->l, q, p->today, name);
		html_raw(h, "<li>");
		if (q == p->shown) {
			html_raw(h, "<strong aria-current=\"page\">");
			html_text(h, name);
			html_raw(h, "</strong>");
		} else {
			html_rawf(h, "<a href=\"/minh-bach?quy=%04d-%d%s#tinh\">", q / 4, q % 4 + 1,
				  p->l == LANG_EN ? "&amp;lang=en" : "");
			html_text(h, name);
			html_raw(h, "</a>");
		}
		html_raw(h, "</li>\n");
	}
	html_raw(h, "</ul></nav>\n");
}

static void province_table(struct html *h, const struct tp_page *p)
{
	enum lang l = p->l;
	const struct mon_figures *f = p->f[p->quarter[0] - p->shown];
	char name[64];
	quarter_label(l, p->shown, p->today, name);
	html_raw(h, "<h2 id=\"tinh\">");
	html_text(h, T(l, "Theo tỉnh, thành phố — ", "By province — "));
	html_text(h, name);
	html_raw(h, "</h2>\n");
	quarter_links(h, p);
	html_raw(h, "<table class=\"figures\">\n<caption>");
	html_text(h, T(l, "Theo tỉnh, thành phố nơi người bị tố cáo, khiếu nại công tác; dòng cuối "
			  "là toàn quốc",
		       "By the province where the accused works; the last row is the nation"));
	html_raw(h, "</caption>\n");
	columns(h, l, T(l, "Tỉnh, thành phố", "Province"));
	for (size_t i = 0; i < dm_province_count(); i++) {
		const int64_t v[4] = {f->ev_province[MF_RECEIVED][i], f->ev_province[MF_ACCEPTED][i],
				      f->ev_province[MF_SETTLED][i], f->ev_province[MF_ON_TIME][i]};
		row(h, l, mw_province_name(l, i), v, false);
	}
	const int64_t all[4] = {f->ev[MF_RECEIVED], f->ev[MF_ACCEPTED], f->ev[MF_SETTLED],
				f->ev[MF_ON_TIME]};
	row(h, l, T(l, "Toàn quốc", "National"), all, true);
	html_raw(h, "</tbody>\n</table>\n");
}

static void definitions(struct html *h, enum lang l)
{
	html_raw(h, "<h2 id=\"dinh-nghia\">");
	html_text(h, T(l, "Cách hiểu các số", "What the figures mean"));
	html_raw(h, "</h2>\n<dl class=\"definitions\">\n<dt>");
	html_text(h, T(l, "Tiếp nhận", "Received"));
	html_raw(h, "</dt><dd>");
	html_text(h, T(l, "Đơn khiếu nại, tố cáo, kiến nghị, phản ánh gửi đến trong quý.",
		       "Complaints, denunciations and petitions that arrived in the quarter."));
	html_raw(h, "</dd>\n<dt>");
	html_text(h, T(l, "Thụ lý", "Accepted"));
	html_raw(h, "</dt><dd>");
	html_text(h, T(l, "Đơn được cơ quan có thẩm quyền thụ lý để giải quyết trong quý.",
		       "Cases the competent body accepted for settlement in the quarter."));
	html_raw(h, "</dd>\n<dt>");
	html_text(h, T(l, "Đúng hạn", "On time"));
	html_raw(h, "</dt><dd>");
	html_text(h, T(l, "Giải quyết xong không muộn hơn thời hạn luật định (kể cả thời gian gia "
			  "hạn hợp lệ) và không trễ hạn ở bước nào trước đó.",
		       "Settled no later than the legal deadline (valid extensions included) and "
		       "never late at an earlier step."));
	html_raw(h, "</dd>\n</dl>\n");
}

char *tp_render(const struct tp_page *p, size_t *len)
{
	struct html h;
	enum lang l = p->l;
	char today[16];
	mw_day_text(l, p->today, today);
	html_init(&h);
	head(&h, l);
	html_raw(&h, "<h1>");
	html_text(&h, T(l, "Minh bạch số liệu giải quyết khiếu nại, tố cáo",
			"Transparency: how complaints and denunciations are handled"));
	html_raw(&h, "</h1>\n<p class=\"period\">");
	html_text(&h, T(l, "Số liệu đến ngày ", "Figures up to "));
	html_text(&h, today);
	html_raw(&h, ".</p>\n");
	national_table(&h, p);
	province_table(&h, p);
	definitions(&h, l);
	foot(&h, l);
	return html_finish(&h, len);
}

void tp_reply_error(struct evhttp_request *req, enum lang l, int status)
{
	struct html h;
	html_init(&h);
	head(&h, l);
	html_rawf(&h, "<h1>%d — ", status);
	html_text(&h, T(l, "Không hiển thị được", "Cannot show this"));
	html_raw(&h, "</h1>\n<p class=\"error\">");
	if (status == 400)
		html_text(&h, T(l, "Địa chỉ không đúng: quý ghi dạng quy=NNNN-Q (ví dụ quy=2026-3), "
				   "trong hai năm gần nhất.",
				"Wrong address: the quarter is written quy=YYYY-Q (e.g. quy=2026-3), "
				"within the last two years."));
	else
		html_text(&h, T(l, "Tạm thời không đọc được số liệu; hãy thử lại sau.",
				"The figures cannot be read just now; try again shortly."));
	html_raw(&h, "</p>\n<p><a href=\"/minh-bach\">");
	html_text(&h, T(l, "Xem số liệu mới nhất", "See the latest figures"));
	html_raw(&h, "</a></p>\n");
	foot(&h, l);
	size_t len = 0;
	char *page = html_finish(&h, &len);
	http_reply_html(req, status, page, len);
}
