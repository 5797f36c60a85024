/*
 * pages_form.c - the report form (pages.h): the province step, then the
 * form with every value typed and each error beside its field.
 */
#include <stdio.h>
#include <string.h>

#include "dm_case.h"
#include "dm_units.h"
#include "labels.h"
#include "pages_internal.h"

static const char *kind_name(int v)
{
	return dm_kind_name((enum dm_kind)v);
}

static const char *identity_name(int v)
{
	return dm_identity_name((enum dm_identity)v);
}

static const int kind_values[] = {DM_KIND_DENUNCIATION, DM_KIND_COMPLAINT, DM_KIND_PETITION};
static const int identity_values[] = {DM_IDENTITY_NAMED, DM_IDENTITY_CONFIDENTIAL,
				      DM_IDENTITY_ANONYMOUS};
static const struct choices kinds = {kind_values, 3, kind_name, label_kind, label_kind_help};
static const struct choices identities = {identity_values, 3, identity_name, label_identity,
					  label_identity_help};


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
	fw_input(c, "full_name", "text", T(c->l, "Họ và tên", "Full name"), v->full_name, true,
	      "autocomplete=\"name\" maxlength=\"200\"", NULL, NULL);
	fw_input(c, "address", "text", T(c->l, "Địa chỉ liên hệ", "Address"), v->address, true,
	      "autocomplete=\"street-address\" maxlength=\"500\"", NULL, NULL);
	fw_input(c, "phone", "tel", T(c->l, "Số điện thoại", "Phone"), v->phone, false,
	      "autocomplete=\"tel\" maxlength=\"30\"", NULL, NULL);
	fw_input(c, "email", "email", T(c->l, "Thư điện tử", "Email"), v->email, false,
	      "autocomplete=\"email\" maxlength=\"254\"", NULL, NULL);
	fw_input(c, "id_number", "text", T(c->l, "Số CCCD (12 số)", "Identity card number (12 digits)"),
	      v->id_number, false, "inputmode=\"numeric\" maxlength=\"12\"", NULL, NULL);
	html_raw(c->h, "</fieldset>\n");
}

/* Who is concerned: commune, level, the accused, a pre-2025 province. */
static void accused_fieldset(struct ctx *c, const struct form_values *v, const struct dm_province *p)
{
	html_raw(c->h, "<fieldset><legend>");
	html_text(c->h, T(c->l, "Người hoặc cơ quan bị tố cáo, khiếu nại", "Who is concerned"));
	html_raw(c->h, "</legend>\n");
	fw_select_open(c, "commune", T(c->l, "Xã, phường, đặc khu", "Commune or ward"), false);
	fw_option(c, "", T(c->l, "Không rõ", "Unknown"), v->commune);
	for (size_t i = 0; i < p->commune_count; i++) {
		const struct dm_commune *cm = dm_commune_at(p->commune_first + i);
		fw_option(c, cm->code, c->l == LANG_EN ? cm->full_name_en : cm->full_name, v->commune);
	}
	fw_select_close(c, "commune");
	fw_select_open(c, "level", T(c->l, "Cấp của người bị tố cáo", "Their level"), false);
	for (int lv = DM_LEVEL_UNKNOWN; lv <= DM_LEVEL_CENTRAL; lv++)
		fw_option(c, dm_level_name((enum dm_level)lv), label_level(lv, c->l), v->level);
	fw_select_close(c, "level");
	fw_input(c, "accused_name", "text", T(c->l, "Họ tên người bị tố cáo", "Name of the person"),
	      v->accused_name, false, "maxlength=\"200\"", NULL, NULL);
	fw_input(c, "accused_position", "text", T(c->l, "Chức vụ", "Position"), v->accused_position,
	      false, "maxlength=\"200\"", NULL, NULL);
	fw_input(c, "accused_organisation", "text", T(c->l, "Cơ quan, tổ chức", "Organisation"),
	      v->accused_organisation, false, "maxlength=\"300\"", NULL, NULL);
	fw_input(c, "old_province", "text", T(c->l, "Mã tỉnh cũ (nếu sự việc xảy ra trước 1/7/2025)",
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
	fw_select_open(c, "category", T(c->l, "Lĩnh vực", "Subject"), true);
	fw_option(c, "", T(c->l, "— Chọn —", "— Choose —"), v->category);
	for (int k = DM_CAT_CORRUPTION; k <= DM_CAT_OTHER; k++)
		fw_option(c, dm_category_name((enum dm_category)k), label_category(k, LABEL_CITIZEN, c->l),
		       v->category);
	fw_select_close(c, "category");
	fw_input(c, "summary", "text", T(c->l, "Tóm tắt", "Summary"), v->summary, true,
	      "maxlength=\"200\"", "hint-summary",
	      T(c->l, "Từ 5 đến 200 ký tự.", "5 to 200 characters."));
	html_raw(c->h, "<div class=\"field\">\n");
	fw_label(c, "details", T(c->l, "Nội dung chi tiết", "Details"), true);
	html_raw(c->h, "<p class=\"hint\" id=\"hint-details\">");
	html_text(c->h, T(c->l, "Ít nhất 20 ký tự: việc gì, ở đâu, khi nào, ai biết, có chứng cứ gì.",
			"At least 20 characters: what, where, when, who knows, what evidence."));
	html_raw(c->h, "</p>\n<textarea id=\"f-details\" name=\"details\" rows=\"10\"");
	fw_aria(c, "details", "hint-details");
	html_raw(c->h, ">");
	html_text(c->h, v->details);
	html_raw(c->h, "</textarea>\n");
	fw_error_p(c, "details");
	html_raw(c->h, "</div>\n");
	fw_input(c, "occurred_on", "date", T(c->l, "Ngày xảy ra", "Date it happened"), v->occurred_on,
	      false, NULL, NULL, NULL);
	html_raw(c->h, "<div class=\"field\">\n");
	fw_label(c, "file", T(c->l, "Tệp đính kèm (chứng cứ)", "Attachments (evidence)"), false);
	pg_limits_words(c->h, c->l, limits);
	html_raw(c->h, "<input type=\"file\" id=\"f-file\" name=\"file\" multiple");
	fw_aria(c, "file", "hint-file");
	html_raw(c->h, ">\n");
	fw_error_p(c, "file");
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
	pg_head(&h, l, T(l, "Gửi đơn", "Send a report"), href_vi, href_en);
	if (p == NULL) {
		province_step(&h, l, general_error);
		pg_foot(&h, l);
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
	fw_error_p(&c, "province");

	fw_radios(&c, "kind", T(l, "Loại đơn", "Kind of report"), &kinds, v->kind);
	fw_radios(&c, "identity", T(l, "Danh tính của bạn", "Your identity"), &identities, v->identity);

	reporter_fieldset(&c, v);

	accused_fieldset(&c, v, p);

	content_fieldset(&c, v, limits);
	html_raw(&h, "</button>\n</form>\n");
	pg_foot(&h, l);
	return html_finish(&h, len);
}
