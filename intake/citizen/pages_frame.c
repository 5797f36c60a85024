/*
 * pages_frame.c - what every citizen's page shares (pages_internal.h): the
 * head and foot, dates, deadlines, status and attachment limits in words.
 */
#include <stdio.h>
#include <string.h>

#include "dm_case.h"
#include "dm_deadline.h"
#include "labels.h"
#include "pages_internal.h"

extern const unsigned char tc_style_css[];
extern const size_t tc_style_css_len;

const char *page_stylesheet(size_t *len)
{
	*len = tc_style_css_len;
	return (const char *)tc_style_css;
}

void pg_head(struct html *h, enum lang l, const char *title, const char *switch_href_vi,
		 const char *switch_href_en)
{
	html_rawf(h, "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
		  lang_code(l));
	html_raw(h, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<meta name=\"referrer\" content=\"no-referrer\">\n"
		    "<link rel=\"stylesheet\" href=\"/static/style.css\">\n<title>");
	html_text(h, title);
	html_raw(h, " — ");
	html_text(h, T(l, "Tiếp nhận đơn tố cáo, khiếu nại, kiến nghị",
		       "Complaints and denunciations intake"));
	html_raw(h, "</title>\n</head>\n<body>\n<header class=\"site\">\n<a class=\"brand\" href=\"/");
	html_raw(h, l == LANG_EN ? "?lang=en" : "");
	html_raw(h, "\">");
	html_text(h, T(l, "Tiếp nhận đơn tố cáo, khiếu nại, kiến nghị",
		       "Complaints and denunciations intake"));
	html_raw(h, "</a>\n<nav class=\"lang\">");
	if (l == LANG_EN) {
		html_raw(h, "<a href=\"");
		html_text(h, switch_href_vi);
		html_raw(h, "\" hreflang=\"vi\" lang=\"vi\">Tiếng Việt</a>");
	} else {
		html_raw(h, "<a href=\"");
		html_text(h, switch_href_en);
		html_raw(h, "\" hreflang=\"en\" lang=\"en\">English</a>");
	}
	html_raw(h, "</nav>\n</header>\n<main>\n");
}

void pg_foot(struct html *h, enum lang l)
{
	html_raw(h, "</main>\n<footer class=\"site\"><p>");
	html_text(h, T(l, "Nội dung đơn được mã hóa ngay khi nhận; chỉ cơ quan thanh tra có thẩm "
			  "quyền mở được. Trang này không dùng JavaScript và không tải gì từ nơi khác.",
		       "Your report is encrypted as soon as it arrives; only the competent "
		       "inspectorate can open it. This page uses no JavaScript and loads nothing "
		       "from elsewhere."));
	html_raw(h, l == LANG_EN ? "</p><p><a href=\"/minh-bach?lang=en\">Public figures: how reports are handled</a>" : "</p><p><a href=\"/minh-bach\">Số liệu công khai về giải quyết đơn</a>");
	html_raw(h, "</p></footer>\n</body>\n</html>\n");
}

/* DD/MM/YYYY (Vietnamese) or D Month YYYY (English) from "YYYY-MM-DD". */
void pg_date(struct html *h, enum lang l, const char *iso)
{
	static const char *const months[] = {"January", "February", "March",	 "April",
					     "May",	"June",	    "July",	 "August",
					     "September", "October", "November", "December"};
	int y, m, d;
	if (iso == NULL || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12) {
		html_text(h, iso);
		return;
	}
	if (l == LANG_EN)
		html_rawf(h, "%d %s %d", d, months[m - 1], y);
	else
		html_rawf(h, "%02d/%02d/%04d", d, m, y);
}

static const char *deadline_label(enum lang l, const char *key)
{
	for (int k = 0; k < DM_DL_COUNT; k++)
		if (strcmp(key, dm_deadline_key((enum dm_deadline_kind)k)) == 0)
			return label_deadline(k, l);
	return key;
}

void pg_deadlines(struct html *h, enum lang l, const struct page_deadline *d, size_t n)
{
	if (n == 0)
		return;
	html_raw(h, "<dl class=\"deadlines\">\n");
	for (size_t i = 0; i < n; i++) {
		html_raw(h, "<dt>");
		html_text(h, deadline_label(l, d[i].key));
		html_raw(h, "</dt><dd>");
		pg_date(h, l, d[i].date);
		if (d[i].provisional > 0) {
			html_rawf(h, " <small class=\"provisional\">(");
			html_text(h, T(l, "tạm tính — lịch nghỉ năm ", "provisional — the "));
			html_rawf(h, "%d", d[i].provisional);
			html_text(h, T(l, " chưa được công bố", " holiday calendar is not announced yet"));
			html_raw(h, ")</small>");
		} else if (d[i].provisional < 0) {
			html_rawf(h, " <small class=\"provisional\">(");
			html_text(h, T(l, "tạm tính — một ngày nghỉ trong thời hạn chưa được xác nhận",
				       "provisional — a day off in this period is not confirmed yet"));
			html_raw(h, ")</small>");
		}
		html_raw(h, "</dd>\n");
	}
	html_raw(h, "</dl>\n");
}

const char *pg_status_words(enum lang l, const char *s)
{
	enum dm_status st;
	if (s && dm_status_parse(s, &st) == TC_OK)
		return label_status(st, LABEL_CITIZEN, l);
	return s ? s : "";
}

static void size_words(struct html *h, size_t bytes)
{
	if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
		html_rawf(h, "%zu MB", bytes >> 20);
	else
		html_rawf(h, "%zu KB", (bytes + 1023) >> 10);
}

void pg_limits_words(struct html *h, enum lang l, const struct page_limits *lim)
{
	html_raw(h, "<p class=\"hint\" id=\"hint-file\">");
	if (lim == NULL || lim->max_files == 0) {
		html_text(h, T(l, "Không nhận tệp đính kèm.", "Attachments are not accepted."));
	} else {
		html_rawf(h, T(l, "Tối đa %d tệp, mỗi tệp tối đa ", "Up to %d files, each at most "),
			  lim->max_files);
		size_words(h, lim->max_file_bytes);
		html_raw(h, T(l, ", tổng cộng tối đa ", ", at most "));
		size_words(h, lim->max_total_bytes);
		html_raw(h, T(l, ". Tệp được mã hóa trước khi lưu.", " together. Files are encrypted before they are stored."));
	}
	html_raw(h, "</p>\n");
}

void pg_place_name(struct html *h, enum lang l, const char *name, const char *full_name,
		   const char *full_name_en)
{
	if (l == LANG_EN) {
		html_text(h, full_name_en);
		return;
	}
	size_t nl = strlen(name), fl = strlen(full_name);
	html_text(h, name);
	if (fl <= nl + 1 || strcmp(full_name + fl - nl, name) != 0)
		return;
	/* The kind of unit, as the words before the name, in lower case. */
	char kind[64];
	size_t kl = fl - nl - 1;
	if (kl >= sizeof(kind))
		return;
	memcpy(kind, full_name, kl);
	kind[kl] = '\0';
	if (kind[0] >= 'A' && kind[0] <= 'Z')
		kind[0] = (char)(kind[0] - 'A' + 'a');
	else if ((unsigned char)kind[0] == 0xC4 && (unsigned char)kind[1] == 0x90)
		kind[1] = (char)0x91; /* Đ -> đ */
	html_raw(h, " (");
	html_text(h, kind);
	html_raw(h, ")");
}

void pg_contact(struct html *h, enum lang l, const struct page_contact *c)
{
	if (c == NULL || c->name == NULL)
		return;
	html_raw(h, "<address class=\"contact\"><strong>");
	html_text(h, c->name);
	html_raw(h, "</strong><br>");
	if (c->address && *c->address) {
		html_text(h, T(l, "Địa chỉ: ", "Address: "));
		html_text(h, c->address);
		html_raw(h, "<br>");
	}
	if (c->phone && *c->phone) {
		html_text(h, T(l, "Điện thoại tiếp công dân: ", "Citizen reception phone: "));
		html_text(h, c->phone);
		html_raw(h, "<br>");
	}
	if ((c->address == NULL || !*c->address) && (c->phone == NULL || !*c->phone))
		html_text(h, T(l, "Chưa có địa chỉ, điện thoại đã kiểm chứng trong dữ liệu của hệ thống.",
			       "No checked address or phone in this system's data yet."));
	html_raw(h, "</address>\n");
}
