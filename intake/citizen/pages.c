/*
 * pages.c - the citizen's pages (pages.h). Plain HTML and one stylesheet:
 * no script, no inline style, nothing from another origin. Everything a
 * citizen typed is escaped by html_text().
 */
#include <stdio.h>
#include <string.h>

#include "dm_case.h"
#include "dm_units.h"
#include "html.h"
#include "pages.h"

#define T(l, vi, en) ((l) == LANG_EN ? (en) : (vi))

extern const unsigned char tc_style_css[];
extern const size_t tc_style_css_len;

const char *page_stylesheet(size_t *len)
{
	*len = tc_style_css_len;
	return (const char *)tc_style_css;
}

static void head(struct html *h, enum lang l, const char *title, const char *switch_href_vi,
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

static void foot(struct html *h, enum lang l)
{
	html_raw(h, "</main>\n<footer class=\"site\"><p>");
	html_text(h, T(l, "Nội dung đơn được mã hóa ngay khi nhận; chỉ cơ quan thanh tra có thẩm "
			  "quyền mở được. Trang này không dùng JavaScript và không tải gì từ nơi khác.",
		       "Your report is encrypted as soon as it arrives; only the competent "
		       "inspectorate can open it. This page uses no JavaScript and loads nothing "
		       "from elsewhere."));
	html_raw(h, "</p></footer>\n</body>\n</html>\n");
}

/* DD/MM/YYYY (Vietnamese) or D Month YYYY (English) from "YYYY-MM-DD". */
static void date_words(struct html *h, enum lang l, const char *iso)
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
	if (strcmp(key, "process_by") == 0)
		return T(l, "Hạn xử lý ban đầu (thụ lý, chuyển đơn hoặc từ chối)",
			 "Deadline to accept, transfer or decline");
	if (strcmp(key, "transfer_by") == 0)
		return T(l, "Hạn chuyển đơn nếu không thuộc thẩm quyền",
			 "Deadline to transfer it if the unit is not competent");
	if (strcmp(key, "notify_by") == 0)
		return T(l, "Hạn thông báo thụ lý cho người gửi", "Deadline to tell you it was accepted");
	if (strcmp(key, "settle_by") == 0)
		return T(l, "Hạn giải quyết", "Deadline to settle");
	if (strcmp(key, "conclusion_notify_by") == 0)
		return T(l, "Hạn thông báo kết luận", "Deadline to tell you the conclusion");
	return key;
}

static void deadlines(struct html *h, enum lang l, const struct page_deadline *d, size_t n)
{
	if (n == 0)
		return;
	html_raw(h, "<dl class=\"deadlines\">\n");
	for (size_t i = 0; i < n; i++) {
		html_raw(h, "<dt>");
		html_text(h, deadline_label(l, d[i].key));
		html_raw(h, "</dt><dd>");
		date_words(h, l, d[i].date);
		html_raw(h, "</dd>\n");
	}
	html_raw(h, "</dl>\n");
}

static const char *status_words(enum lang l, const char *s)
{
	static const struct {
		const char *key, *vi, *en;
	} w[] = {
		{"received", "Đã tiếp nhận, đang chờ xử lý", "Received, waiting to be processed"},
		{"accepted", "Đã thụ lý, đang giải quyết", "Accepted, being settled"},
		{"suspended", "Tạm đình chỉ giải quyết", "Settlement suspended"},
		{"settled", "Đã giải quyết", "Settled"},
		{"declined", "Không thụ lý", "Declined"},
		{"transferred", "Đã chuyển đến cơ quan có thẩm quyền", "Transferred to the competent body"},
		{"withdrawn", "Đã rút đơn", "Withdrawn"},
		{"terminated", "Đã đình chỉ", "Terminated"},
	};
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (s && strcmp(s, w[i].key) == 0)
			return l == LANG_EN ? w[i].en : w[i].vi;
	return s ? s : "";
}

static void size_words(struct html *h, size_t bytes)
{
	if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
		html_rawf(h, "%zu MB", bytes >> 20);
	else
		html_rawf(h, "%zu KB", (bytes + 1023) >> 10);
}

static void limits_words(struct html *h, enum lang l, const struct page_limits *lim)
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

/* ---- The report form ---- */

struct ctx {
	struct html *h;
	enum lang l;
	const struct page_field_error *errs;
	size_t n_errs;
};

static const char *error_for(const struct ctx *c, const char *field)
{
	for (size_t i = 0; i < c->n_errs; i++)
		if (strcmp(c->errs[i].field, field) == 0)
			return c->errs[i].message;
	return NULL;
}

/* aria attributes for an input, and the error paragraph to follow it. */
static void aria(const struct ctx *c, const char *field, const char *hint)
{
	if (error_for(c, field)) {
		html_rawf(c->h, " aria-invalid=\"true\" aria-describedby=\"err-%s%s%s\"", field,
			  hint ? " " : "", hint ? hint : "");
	} else if (hint) {
		html_rawf(c->h, " aria-describedby=\"%s\"", hint);
	}
}

static void error_p(const struct ctx *c, const char *field)
{
	const char *msg = error_for(c, field);
	if (msg == NULL)
		return;
	html_rawf(c->h, "<p class=\"error\" id=\"err-%s\">", field);
	html_text(c->h, msg);
	html_raw(c->h, "</p>\n");
}

static void label(const struct ctx *c, const char *field, const char *text, bool required)
{
	html_rawf(c->h, "<label for=\"f-%s\">", field);
	html_text(c->h, text);
	if (required)
		html_raw(c->h, " <span class=\"req\" aria-hidden=\"true\">*</span>");
	html_raw(c->h, "</label>\n");
}

static void input(const struct ctx *c, const char *field, const char *type, const char *text,
		  const char *value, bool required, const char *extra, const char *hint_id,
		  const char *hint)
{
	html_raw(c->h, "<div class=\"field\">\n");
	label(c, field, text, required);
	if (hint) {
		html_rawf(c->h, "<p class=\"hint\" id=\"%s\">", hint_id);
		html_text(c->h, hint);
		html_raw(c->h, "</p>\n");
	}
	html_rawf(c->h, "<input type=\"%s\" id=\"f-%s\" name=\"%s\"", type, field, field);
	if (value && *value) {
		html_raw(c->h, " value=\"");
		html_text(c->h, value);
		html_raw(c->h, "\"");
	}
	if (extra)
		html_rawf(c->h, " %s", extra);
	aria(c, field, hint ? hint_id : NULL);
	html_raw(c->h, ">\n");
	error_p(c, field);
	html_raw(c->h, "</div>\n");
}

struct choice {
	const char *value, *vi, *en, *help_vi, *help_en;
};

static void radios(const struct ctx *c, const char *field, const char *legend,
		   const struct choice *ch, size_t n, const char *value)
{
	html_rawf(c->h, "<fieldset class=\"choices\" id=\"f-%s\"", field);
	aria(c, field, NULL);
	html_raw(c->h, "><legend>");
	html_text(c->h, legend);
	html_raw(c->h, " <span class=\"req\" aria-hidden=\"true\">*</span></legend>\n");
	for (size_t i = 0; i < n; i++) {
		html_rawf(c->h, "<div class=\"choice\"><input type=\"radio\" name=\"%s\" id=\"%s-%s\" "
				"value=\"%s\"%s><label for=\"%s-%s\"><strong>",
			  field, field, ch[i].value, ch[i].value,
			  value && strcmp(value, ch[i].value) == 0 ? " checked" : "", field,
			  ch[i].value);
		html_text(c->h, c->l == LANG_EN ? ch[i].en : ch[i].vi);
		html_raw(c->h, "</strong> ");
		html_text(c->h, c->l == LANG_EN ? ch[i].help_en : ch[i].help_vi);
		html_raw(c->h, "</label></div>\n");
	}
	error_p(c, field);
	html_raw(c->h, "</fieldset>\n");
}

static void select_open(const struct ctx *c, const char *field, const char *text, bool required)
{
	html_raw(c->h, "<div class=\"field\">\n");
	label(c, field, text, required);
	html_rawf(c->h, "<select id=\"f-%s\" name=\"%s\"", field, field);
	aria(c, field, NULL);
	html_raw(c->h, ">\n");
}

static void option(const struct ctx *c, const char *value, const char *text, const char *selected)
{
	html_raw(c->h, "<option value=\"");
	html_text(c->h, value);
	html_raw(c->h, "\"");
	if (selected && strcmp(selected, value) == 0)
		html_raw(c->h, " selected");
	html_raw(c->h, ">");
	html_text(c->h, text);
	html_raw(c->h, "</option>\n");
}

static void select_close(const struct ctx *c, const char *field)
{
	html_raw(c->h, "</select>\n");
	error_p(c, field);
	html_raw(c->h, "</div>\n");
}

static const struct choice kinds[] = {
	{"denunciation", "Tố cáo", "Denunciation",
	 "— báo cho cơ quan có thẩm quyền biết hành vi vi phạm pháp luật của cán bộ, công chức, "
	 "cơ quan, tổ chức.",
	 "— tell the authorities that an official or a body broke the law."},
	{"complaint", "Khiếu nại", "Complaint",
	 "— đề nghị xem xét lại một quyết định hoặc hành vi hành chính xâm phạm quyền, lợi ích của "
	 "chính bạn. Phải ghi rõ họ tên.",
	 "— ask for an administrative decision or act that harms your own rights to be reviewed. "
	 "It must carry your name."},
	{"petition", "Kiến nghị, phản ánh", "Petition",
	 "— góp ý, phản ánh một vấn đề để cơ quan nhà nước xem xét.",
	 "— raise a problem or a suggestion for the authorities to consider."},
};

static const struct choice identities[] = {
	{"named", "Ghi rõ họ tên", "Named",
	 "— đơn của bạn được giải quyết theo luật và bạn được thông báo kết quả.",
	 "— your report is handled under the law and you are told the outcome."},
	{"confidential", "Ghi rõ họ tên, đề nghị giữ bí mật", "Named, identity protected",
	 "— họ tên của bạn được niêm phong riêng; đơn vị xác minh nội dung mà không thấy bạn là ai, "
	 "và mỗi lần mở danh tính đều được ghi lại (Luật Tố cáo, Điều 9, 47, 56).",
	 "— your name is sealed apart; the unit can verify the report without seeing who you "
	 "are, and every opening of your identity is recorded (Law on Denunciations Art. 9, 47, 56)."},
	{"anonymous", "Nặc danh", "Anonymous",
	 "— không ghi tên. Đơn tố cáo nặc danh được xử lý như thông tin, không được giải quyết như "
	 "một vụ tố cáo; bạn chỉ theo dõi được bằng mã biên nhận. Khiếu nại không thể nặc danh.",
	 "— no name. An anonymous denunciation is handled as information and cannot be formally "
	 "settled; you can follow it only with the receipt. A complaint cannot be anonymous."},
};

static const struct choice levels[] = {
	{"unknown", "Không rõ", "Not sure", "", ""},
	{"commune", "Cán bộ, công chức cấp xã", "A commune official", "", ""},
	{"commune_leader", "Chủ tịch, Phó Chủ tịch UBND cấp xã", "Commune chairman or vice-chairman", "", ""},
	{"provincial_agency", "Cán bộ sở, ngành cấp tỉnh", "Staff of a provincial department", "", ""},
	{"provincial_agency_leader", "Giám đốc, Phó Giám đốc sở, ngành", "A provincial director or deputy", "", ""},
	{"provincial_leader", "Chủ tịch, Phó Chủ tịch UBND cấp tỉnh", "Provincial chairman or vice-chairman", "", ""},
	{"central", "Bộ, cơ quan trung ương", "A ministry or central agency", "", ""},
};

static const struct choice categories[] = {
	{"corruption", "Tham nhũng", "Corruption", "", ""},
	{"waste", "Lãng phí", "Waste", "", ""},
	{"land", "Đất đai", "Land", "", ""},
	{"public_finance", "Tài chính công", "Public finance", "", ""},
	{"public_investment", "Đầu tư công", "Public investment", "", ""},
	{"abuse_of_power", "Lạm quyền", "Abuse of power", "", ""},
	{"harassment", "Nhũng nhiễu, gây phiền hà", "Harassment", "", ""},
	{"personnel", "Tổ chức, cán bộ", "Personnel", "", ""},
	{"environment", "Môi trường", "Environment", "", ""},
	{"social_policy", "Chính sách xã hội", "Social policy", "", ""},
	{"other", "Khác", "Other", "", ""},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A field's label, for the list of errors at the top of the form. */
static const char *field_label(enum lang l, const char *field)
{
	static const struct {
		const char *field, *vi, *en;
	} labels[] = {
		{"kind", "Loại đơn", "Kind of report"},
		{"identity", "Danh tính", "Identity"},
		{"full_name", "Họ và tên", "Full name"},
		{"address", "Địa chỉ", "Address"},
		{"phone", "Số điện thoại", "Phone"},
		{"email", "Thư điện tử", "Email"},
		{"id_number", "Số CCCD", "Identity card number"},
		{"province", "Tỉnh, thành phố", "Province"},
		{"commune", "Xã, phường", "Commune"},
		{"level", "Cấp", "Level"},
		{"old_province", "Mã tỉnh cũ", "Old province code"},
		{"accused_name", "Người bị tố cáo", "Person concerned"},
		{"accused_position", "Chức vụ", "Position"},
		{"accused_organisation", "Cơ quan, tổ chức", "Organisation"},
		{"category", "Lĩnh vực", "Subject"},
		{"summary", "Tóm tắt", "Summary"},
		{"details", "Nội dung chi tiết", "Details"},
		{"occurred_on", "Ngày xảy ra", "Date"},
		{"file", "Tệp đính kèm", "Attachments"},
	};
	for (size_t i = 0; i < N(labels); i++)
		if (strcmp(labels[i].field, field) == 0)
			return l == LANG_EN ? labels[i].en : labels[i].vi;
	return NULL;
}

static void province_step(struct html *h, enum lang l, const char *general_error)
{
	html_raw(h, "<h1>");
	html_text(h, T(l, "Gửi đơn tố cáo, khiếu nại, kiến nghị", "Send a denunciation, complaint or petition"));
	html_raw(h, "</h1>\n<p class=\"lead\">");
	html_text(h, T(l, "Đơn được chuyển tới thanh tra có thẩm quyền và được mã hóa để chỉ cơ quan "
			  "đó đọc được. Bạn sẽ nhận một mã biên nhận để theo dõi đơn mà không cần tài "
			  "khoản.",
		       "Your report goes to the competent inspectorate, encrypted so that only it "
		       "can read it. You get a receipt to follow it, with no account."));
	html_raw(h, "</p>\n");
	if (general_error) {
		html_raw(h, "<p class=\"error\" role=\"alert\">");
		html_text(h, general_error);
		html_raw(h, "</p>\n");
	}
	html_raw(h, "<form method=\"get\" action=\"/\" class=\"step\">\n");
	html_rawf(h, "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n", lang_code(l));
	html_raw(h, "<div class=\"field\"><label for=\"f-province\">");
	html_text(h, T(l, "Bước 1. Người hoặc cơ quan bị tố cáo, khiếu nại ở tỉnh, thành phố nào?",
		       "Step 1. In which province or city is the person or body concerned?"));
	html_raw(h, "</label>\n<select id=\"f-province\" name=\"province\">\n");
	for (size_t i = 0; i < dm_province_count(); i++) {
		const struct dm_province *p = dm_province_at(i);
		html_raw(h, "<option value=\"");
		html_text(h, p->code);
		html_raw(h, "\">");
		html_text(h, l == LANG_EN ? p->full_name_en : p->full_name);
		html_raw(h, "</option>\n");
	}
	html_raw(h, "</select></div>\n<button type=\"submit\">");
	html_text(h, T(l, "Tiếp tục", "Continue"));
	html_raw(h, "</button>\n</form>\n<p><a href=\"/followup");
	html_raw(h, l == LANG_EN ? "?lang=en" : "");
	html_raw(h, "\">");
	html_text(h, T(l, "Đã gửi đơn? Theo dõi bằng mã biên nhận", "Already sent one? Follow it with your receipt"));
	html_raw(h, "</a></p>\n");
}

/* The list of problems at the top of a form sent back, each linking to its field. */
static void error_summary(struct ctx *c, const char *general_error)
{
	if (general_error || c->n_errs) {
		html_raw(c->h, "<div class=\"alert\" role=\"alert\">\n");
		if (general_error) {
			html_raw(c->h, "<p>");
			html_text(c->h, general_error);
			html_raw(c->h, "</p>\n");
		}
		if (c->n_errs) {
			html_raw(c->h, "<ul>\n");
			for (size_t i = 0; i < c->n_errs; i++) {
				html_rawf(c->h, "<li><a href=\"#f-%s\">", c->errs[i].field);
				const char *fl = field_label(c->l, c->errs[i].field);
				if (fl) {
					html_text(c->h, fl);
					html_raw(c->h, ": ");
				}
				html_text(c->h, c->errs[i].message);
				html_raw(c->h, "</a></li>\n");
			}
			html_raw(c->h, "</ul>\n");
		}
		html_raw(c->h, "</div>\n");
	}
}

/* The reporter's fieldset (ignored for an anonymous report). */
static void reporter_fieldset(struct ctx *c, const struct form_values *v)
{
	html_raw(c->h, "<fieldset class=\"reporter\"><legend>");
	html_text(c->h, T(c->l, "Thông tin người gửi (không cần khi gửi nặc danh)",
			"About you (not needed for an anonymous report)"));
	html_raw(c->h, "</legend>\n");
	input(c, "full_name", "text", T(c->l, "Họ và tên", "Full name"), v->full_name, true,
	      "autocomplete=\"name\" maxlength=\"200\"", NULL, NULL);
	input(c, "address", "text", T(c->l, "Địa chỉ liên hệ", "Address"), v->address, true,
	      "autocomplete=\"street-address\" maxlength=\"500\"", NULL, NULL);
	input(c, "phone", "tel", T(c->l, "Số điện thoại", "Phone"), v->phone, false,
	      "autocomplete=\"tel\" maxlength=\"30\"", NULL, NULL);
	input(c, "email", "email", T(c->l, "Thư điện tử", "Email"), v->email, false,
	      "autocomplete=\"email\" maxlength=\"254\"", NULL, NULL);
	input(c, "id_number", "text", T(c->l, "Số CCCD (12 số)", "Identity card number (12 digits)"),
	      v->id_number, false, "inputmode=\"numeric\" maxlength=\"12\"", NULL, NULL);
	html_raw(c->h, "</fieldset>\n");
}

/* Who is concerned: commune, level, the accused, a pre-2025 province. */
static void accused_fieldset(struct ctx *c, const struct form_values *v, const struct dm_province *p)
{
	html_raw(c->h, "<fieldset><legend>");
	html_text(c->h, T(c->l, "Người hoặc cơ quan bị tố cáo, khiếu nại", "Who is concerned"));
	html_raw(c->h, "</legend>\n");
	select_open(c, "commune", T(c->l, "Xã, phường, đặc khu", "Commune or ward"), false);
	option(c, "", T(c->l, "Không rõ", "Unknown"), v->commune);
	for (size_t i = 0; i < p->commune_count; i++) {
		const struct dm_commune *cm = dm_commune_at(p->commune_first + i);
		option(c, cm->code, c->l == LANG_EN ? cm->full_name_en : cm->full_name, v->commune);
	}
	select_close(c, "commune");
	select_open(c, "level", T(c->l, "Cấp của người bị tố cáo", "Their level"), false);
	for (size_t i = 0; i < N(levels); i++)
		option(c, levels[i].value, c->l == LANG_EN ? levels[i].en : levels[i].vi, v->level);
	select_close(c, "level");
	input(c, "accused_name", "text", T(c->l, "Họ tên người bị tố cáo", "Name of the person"),
	      v->accused_name, false, "maxlength=\"200\"", NULL, NULL);
	input(c, "accused_position", "text", T(c->l, "Chức vụ", "Position"), v->accused_position,
	      false, "maxlength=\"200\"", NULL, NULL);
	input(c, "accused_organisation", "text", T(c->l, "Cơ quan, tổ chức", "Organisation"),
	      v->accused_organisation, false, "maxlength=\"300\"", NULL, NULL);
	input(c, "old_province", "text", T(c->l, "Mã tỉnh cũ (nếu sự việc xảy ra trước 1/7/2025)",
					     "Old province code (if it happened before 1 July 2025)"),
	      v->old_province, false, "inputmode=\"numeric\" maxlength=\"2\"", "hint-old",
	      T(c->l, "Không bắt buộc. Ví dụ: 95 (Bạc Liêu cũ, nay thuộc Cà Mau).",
		"Optional. For example 95 (former Bạc Liêu, now part of Cà Mau)."));
	html_raw(c->h, "</fieldset>\n");
}

/* What happened: subject, summary, details, date, attachments (up to the submit button). */
static void content_fieldset(struct ctx *c, const struct form_values *v,
			     const struct page_limits *limits)
{
	html_raw(c->h, "<fieldset><legend>");
	html_text(c->h, T(c->l, "Nội dung", "What happened"));
	html_raw(c->h, "</legend>\n");
	select_open(c, "category", T(c->l, "Lĩnh vực", "Subject"), true);
	option(c, "", T(c->l, "— Chọn —", "— Choose —"), v->category);
	for (size_t i = 0; i < N(categories); i++)
		option(c, categories[i].value, c->l == LANG_EN ? categories[i].en : categories[i].vi,
		       v->category);
	select_close(c, "category");
	input(c, "summary", "text", T(c->l, "Tóm tắt", "Summary"), v->summary, true,
	      "maxlength=\"200\"", "hint-summary",
	      T(c->l, "Từ 5 đến 200 ký tự.", "5 to 200 characters."));
	html_raw(c->h, "<div class=\"field\">\n");
	label(c, "details", T(c->l, "Nội dung chi tiết", "Details"), true);
	html_raw(c->h, "<p class=\"hint\" id=\"hint-details\">");
	html_text(c->h, T(c->l, "Ít nhất 20 ký tự: việc gì, ở đâu, khi nào, ai biết, có chứng cứ gì.",
			"At least 20 characters: what, where, when, who knows, what evidence."));
	html_raw(c->h, "</p>\n<textarea id=\"f-details\" name=\"details\" rows=\"10\"");
	aria(c, "details", "hint-details");
	html_raw(c->h, ">");
	html_text(c->h, v->details);
	html_raw(c->h, "</textarea>\n");
	error_p(c, "details");
	html_raw(c->h, "</div>\n");
	input(c, "occurred_on", "date", T(c->l, "Ngày xảy ra", "Date it happened"), v->occurred_on,
	      false, NULL, NULL, NULL);
	html_raw(c->h, "<div class=\"field\">\n");
	label(c, "file", T(c->l, "Tệp đính kèm (chứng cứ)", "Attachments (evidence)"), false);
	limits_words(c->h, c->l, limits);
	html_raw(c->h, "<input type=\"file\" id=\"f-file\" name=\"file\" multiple");
	aria(c, "file", "hint-file");
	html_raw(c->h, ">\n");
	error_p(c, "file");
	html_raw(c->h, "</div>\n</fieldset>\n<button type=\"submit\">");
	html_text(c->h, T(c->l, "Gửi đơn", "Send"));
}

char *page_report_form(enum lang l, const struct form_values *v, const char *province,
		       const struct page_field_error *errs, size_t n_errs, const char *general_error,
		       const struct page_limits *limits, size_t *len)
{
	struct html h;
	html_init(&h);
	const struct dm_province *p = province && *province ? dm_province_find(province) : NULL;
	char href_vi[32], href_en[40];
	snprintf(href_vi, sizeof(href_vi), "/%s%s", p ? "?province=" : "", p ? p->code : "");
	snprintf(href_en, sizeof(href_en), "/?lang=en%s%s", p ? "&province=" : "", p ? p->code : "");
	head(&h, l, T(l, "Gửi đơn", "Send a report"), href_vi, href_en);
	if (p == NULL) {
		province_step(&h, l, general_error);
		foot(&h, l);
		return html_finish(&h, len);
	}
	struct form_values none = {0};
	if (v == NULL)
		v = &none;
	struct ctx c = {.h = &h, .l = l, .errs = errs, .n_errs = n_errs};
	html_raw(&h, "<h1>");
	html_text(&h, T(l, "Gửi đơn", "Send a report"));
	html_raw(&h, "</h1>\n");
	error_summary(&c, general_error);
	html_raw(&h, "<form method=\"post\" action=\"/reports\" enctype=\"multipart/form-data\" "
		     "novalidate>\n");
	html_rawf(&h, "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n", lang_code(l));
	html_raw(&h, "<input type=\"hidden\" name=\"province\" value=\"");
	html_text(&h, p->code);
	html_raw(&h, "\">\n<p class=\"province\">");
	html_text(&h, T(l, "Tỉnh, thành phố: ", "Province or city: "));
	html_raw(&h, "<strong>");
	html_text(&h, l == LANG_EN ? p->full_name_en : p->full_name);
	html_raw(&h, "</strong> <a href=\"/");
	html_raw(&h, l == LANG_EN ? "?lang=en" : "");
	html_raw(&h, "\">");
	html_text(&h, T(l, "Đổi", "Change"));
	html_raw(&h, "</a></p>\n");
	error_p(&c, "province");

	radios(&c, "kind", T(l, "Loại đơn", "Kind of report"), kinds, N(kinds), v->kind);
	radios(&c, "identity", T(l, "Danh tính của bạn", "Your identity"), identities, N(identities),
	       v->identity);

	reporter_fieldset(&c, v);

	accused_fieldset(&c, v, p);

	content_fieldset(&c, v, limits);
	html_raw(&h, "</button>\n</form>\n");
	foot(&h, l);
	return html_finish(&h, len);
}

/* ---- Receipt ---- */

static const char *next_steps(enum lang l, const char *track)
{
	if (track && strcmp(track, "denunciation") == 0)
		return T(l, "Đơn vị sẽ thụ lý, chuyển đơn đến nơi có thẩm quyền hoặc từ chối trong thời "
			    "hạn dưới đây (Luật Tố cáo, Điều 24), rồi giải quyết trong 30 ngày kể từ khi "
			    "thụ lý (có thể gia hạn). Bạn được thông báo qua trang theo dõi.",
			 "The unit will accept, transfer or decline your denunciation by the deadline "
			 "below (Law on Denunciations Art. 24), then settle it within 30 days of "
			 "accepting it (extensions are possible). You are told through the follow-up page.");
	if (track && strcmp(track, "information") == 0)
		return T(l, "Đơn nặc danh được xử lý như thông tin: nếu nội dung rõ ràng, có chứng cứ, "
			    "đơn vị có thể xác minh (Luật Tố cáo, Điều 25). Không có kết luận chính thức "
			    "gửi cho người tố cáo; hãy dùng mã biên nhận để xem tin nhắn của đơn vị.",
			 "An anonymous denunciation is handled as information: if it is specific and "
			 "evidenced the unit may verify it (Law on Denunciations Art. 25). There is no "
			 "formal conclusion for you; use the receipt to read the unit's messages.");
	if (track && strcmp(track, "complaint") == 0)
		return T(l, "Đơn vị sẽ thụ lý hoặc từ chối thụ lý khiếu nại trong thời hạn dưới đây, rồi "
			    "giải quyết trong 30 ngày (45 ngày nếu phức tạp) (Luật Khiếu nại, Điều 27, 28).",
			 "The unit will accept or refuse your complaint by the deadline below, then "
			 "settle it within 30 days (45 if complicated) (Law on Complaints Art. 27, 28).");
	return T(l, "Đơn vị sẽ xem xét kiến nghị, phản ánh của bạn trong thời hạn dưới đây và trả lời "
		    "qua trang theo dõi.",
		 "The unit will consider your petition by the deadline below and answer through "
		 "the follow-up page.");
}

char *page_receipt(enum lang l, const struct page_receipt *r, size_t *len)
{
	struct html h;
	html_init(&h);
	head(&h, l, T(l, "Đã nhận đơn", "Report received"), "/", "/?lang=en");
	html_raw(&h, "<h1>");
	html_text(&h, T(l, "Đơn của bạn đã được nhận và lưu an toàn", "Your report was received and stored safely"));
	html_raw(&h, "</h1>\n<section class=\"receipt\" aria-labelledby=\"receipt-title\">\n"
		     "<h2 id=\"receipt-title\">");
	html_text(&h, T(l, "Mã biên nhận của bạn", "Your receipt"));
	html_raw(&h, "</h2>\n<p class=\"code\">");
	html_text(&h, r->receipt);
	html_raw(&h, "</p>\n<p class=\"warn\">");
	html_text(&h, T(l, "Hãy chép lại hoặc chụp ảnh mã này ngay. Mã sẽ không bao giờ được hiển thị "
			   "lại và là cách duy nhất để theo dõi đơn, đọc tin nhắn của đơn vị và bổ sung "
			   "thông tin. Đừng đưa mã cho người khác.",
			"Write this down or photograph it now. It will never be shown again, and it "
			"is the only way to follow the case, read the unit's messages and add "
			"information. Do not share it."));
	html_raw(&h, "</p>\n</section>\n<dl class=\"facts\">\n<dt>");
	html_text(&h, T(l, "Số hồ sơ", "Case number"));
	html_raw(&h, "</dt><dd>");
	html_text(&h, r->case_id);
	html_raw(&h, "</dd>\n<dt>");
	html_text(&h, T(l, "Cơ quan giải quyết", "Handled by"));
	html_raw(&h, "</dt><dd>");
	html_text(&h, r->unit_name);
	html_raw(&h, "</dd>\n<dt>");
	html_text(&h, T(l, "Ngày nhận", "Received on"));
	html_raw(&h, "</dt><dd>");
	date_words(&h, l, r->received_on);
	html_raw(&h, "</dd>\n<dt>");
	html_text(&h, T(l, "Tệp đính kèm đã mã hóa", "Attachments, encrypted"));
	html_rawf(&h, "</dt><dd>%zu</dd>\n</dl>\n<h2>", r->n_attachments);
	html_text(&h, T(l, "Thời hạn theo luật", "Deadlines under the law"));
	html_raw(&h, "</h2>\n");
	deadlines(&h, l, r->deadlines, r->n_deadlines);
	html_raw(&h, "<h2>");
	html_text(&h, T(l, "Tiếp theo", "What happens next"));
	html_raw(&h, "</h2>\n<p>");
	html_text(&h, next_steps(l, r->track));
	html_raw(&h, "</p>\n<p><a class=\"button\" href=\"/followup");
	html_raw(&h, l == LANG_EN ? "?lang=en" : "");
	html_raw(&h, "\">");
	html_text(&h, T(l, "Theo dõi đơn", "Follow your case"));
	html_raw(&h, "</a></p>\n");
	foot(&h, l);
	return html_finish(&h, len);
}

/* ---- Follow-up ---- */

static void receipt_form(struct html *h, enum lang l, const char *error)
{
	if (error) {
		html_raw(h, "<p class=\"error\" id=\"err-receipt\" role=\"alert\">");
		html_text(h, error);
		html_raw(h, "</p>\n");
	}
	html_raw(h, "<form method=\"post\" action=\"/followup\">\n");
	html_rawf(h, "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n", lang_code(l));
	html_raw(h, "<div class=\"field\"><label for=\"f-receipt\">");
	html_text(h, T(l, "Mã biên nhận", "Receipt"));
	html_raw(h, "</label>\n<input type=\"text\" id=\"f-receipt\" name=\"receipt\" "
		    "autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\" "
		    "maxlength=\"64\" placeholder=\"XXXX-XXXX-XXXX-XXXX-XXXX\"");
	if (error)
		html_raw(h, " aria-invalid=\"true\" aria-describedby=\"err-receipt\"");
	html_raw(h, "></div>\n<button type=\"submit\">");
	html_text(h, T(l, "Xem hồ sơ", "Open"));
	html_raw(h, "</button>\n</form>\n");
}

char *page_followup_ask(enum lang l, const char *error, size_t *len)
{
	struct html h;
	html_init(&h);
	head(&h, l, T(l, "Theo dõi đơn", "Follow your case"), "/followup", "/followup?lang=en");
	html_raw(&h, "<h1>");
	html_text(&h, T(l, "Theo dõi đơn bằng mã biên nhận", "Follow your case with your receipt"));
	html_raw(&h, "</h1>\n<p>");
	html_text(&h, T(l, "Nhập mã biên nhận bạn nhận được khi gửi đơn. Mã không được lưu trên "
			   "trình duyệt.",
			"Enter the receipt you were given when you sent your report. It is not "
			"stored in your browser."));
	html_raw(&h, "</p>\n");
	receipt_form(&h, l, error);
	foot(&h, l);
	return html_finish(&h, len);
}

/* The messages between the reporter and the unit, oldest first. */
static void messages_list(struct html *h, enum lang l, const struct page_followup *f)
{
	html_raw(h, "<h2>");
	html_text(h, T(l, "Tin nhắn", "Messages"));
	html_raw(h, "</h2>\n");
	if (f->n_messages == 0) {
		html_raw(h, "<p>");
		html_text(h, T(l, "Chưa có tin nhắn.", "No messages yet."));
		html_raw(h, "</p>\n");
	} else {
		html_raw(h, "<ol class=\"messages\">\n");
		for (size_t i = 0; i < f->n_messages; i++) {
			const struct page_message *m = &f->messages[i];
			int unit = m->from && strcmp(m->from, "unit") == 0;
			html_rawf(h, "<li class=\"%s\"><p class=\"meta\">", unit ? "from-unit" : "from-you");
			html_text(h, unit ? T(l, "Đơn vị", "The unit") : T(l, "Bạn", "You"));
			html_raw(h, " · ");
			date_words(h, l, m->at);
			html_raw(h, "</p><p class=\"text\">");
			html_text(h, m->text);
			html_raw(h, "</p></li>\n");
		}
		html_raw(h, "</ol>\n");
	}
}

char *page_followup(enum lang l, const struct page_followup *f, const struct page_limits *limits,
		    size_t *len)
{
	struct html h;
	html_init(&h);
	head(&h, l, T(l, "Hồ sơ của bạn", "Your case"), "/followup", "/followup?lang=en");
	html_raw(&h, "<h1>");
	html_text(&h, T(l, "Hồ sơ ", "Case "));
	html_text(&h, f->case_id);
	html_raw(&h, "</h1>\n");
	if (f->notice) {
		html_raw(&h, "<p class=\"notice\" role=\"status\">");
		html_text(&h, f->notice);
		html_raw(&h, "</p>\n");
	}
	html_raw(&h, "<dl class=\"facts\">\n<dt>");
	html_text(&h, T(l, "Tình trạng", "Status"));
	html_raw(&h, "</dt><dd>");
	html_text(&h, status_words(l, f->status));
	if (f->overdue) {
		html_raw(&h, " <strong class=\"overdue\">");
		html_text(&h, T(l, "(đã quá hạn)", "(overdue)"));
		html_raw(&h, "</strong>");
	}
	html_raw(&h, "</dd>\n<dt>");
	html_text(&h, T(l, "Cơ quan giải quyết", "Handled by"));
	html_raw(&h, "</dt><dd>");
	html_text(&h, f->unit_name);
	html_raw(&h, "</dd>\n<dt>");
	html_text(&h, T(l, "Ngày nhận", "Received on"));
	html_raw(&h, "</dt><dd>");
	date_words(&h, l, f->received_on);
	html_raw(&h, "</dd>\n</dl>\n");
	deadlines(&h, l, f->deadlines, f->n_deadlines);
	messages_list(&h, l, f);
	html_raw(&h, "<h2>");
	html_text(&h, T(l, "Gửi tin nhắn hoặc bổ sung chứng cứ", "Write to the unit or add evidence"));
	html_raw(&h, "</h2>\n");
	if (f->error) {
		html_raw(&h, "<p class=\"error\" id=\"err-text\" role=\"alert\">");
		html_text(&h, f->error);
		html_raw(&h, "</p>\n");
	}
	html_raw(&h, "<form method=\"post\" action=\"/followup/messages\" "
		     "enctype=\"multipart/form-data\">\n");
	html_rawf(&h, "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n", lang_code(l));
	html_raw(&h, "<input type=\"hidden\" name=\"receipt\" value=\"");
	html_text(&h, f->receipt);
	html_raw(&h, "\">\n<div class=\"field\"><label for=\"f-text\">");
	html_text(&h, T(l, "Tin nhắn", "Message"));
	html_raw(&h, "</label>\n<textarea id=\"f-text\" name=\"text\" rows=\"6\"");
	if (f->error)
		html_raw(&h, " aria-invalid=\"true\" aria-describedby=\"err-text\"");
	html_raw(&h, "></textarea></div>\n<div class=\"field\"><label for=\"f-file\">");
	html_text(&h, T(l, "Tệp đính kèm", "Attachments"));
	html_raw(&h, "</label>\n");
	limits_words(&h, l, limits);
	html_raw(&h, "<input type=\"file\" id=\"f-file\" name=\"file\" multiple "
		     "aria-describedby=\"hint-file\"></div>\n<button type=\"submit\">");
	html_text(&h, T(l, "Gửi", "Send"));
	html_raw(&h, "</button>\n</form>\n<p class=\"hint\">");
	html_text(&h, T(l, "Mã biên nhận không được lưu trên trình duyệt; hãy đóng trang khi xong.",
			"Your receipt is not stored in the browser; close the page when you are done."));
	html_raw(&h, "</p>\n");
	foot(&h, l);
	return html_finish(&h, len);
}

char *page_error(enum lang l, int status, const char *title, const char *message, size_t *len)
{
	struct html h;
	html_init(&h);
	head(&h, l, title, "/", "/?lang=en");
	html_rawf(&h, "<h1>%d — ", status);
	html_text(&h, title);
	html_raw(&h, "</h1>\n<p>");
	html_text(&h, message);
	html_raw(&h, "</p>\n<p><a href=\"/");
	html_raw(&h, l == LANG_EN ? "?lang=en" : "");
	html_raw(&h, "\">");
	html_text(&h, T(l, "Về trang chủ", "Home"));
	html_raw(&h, "</a></p>\n");
	foot(&h, l);
	return html_finish(&h, len);
}
