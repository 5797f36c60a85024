/*
 * pages_form.c - the report form (pages.h): the province step, then the
 * form with every value typed and each error beside its field.
 */
#include <stdio.h>
#include <string.h>

#include "dm_case.h"
#include "dm_route.h"
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


/* A field's label, for the list of errors at the top of the form and the messages. */
const char *page_field_label(enum lang l, const char *field)
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
		{"id_number", "Số định danh cá nhân", "Personal identification number"},
		{"province", "Tỉnh, thành phố", "Province"},
		{"commune", "Xã, phường", "Commune"},
		{"level", "Cấp", "Level"},
		{"old_province", "Tỉnh cũ", "Former province"},
		{"accused_name", "Người bị tố cáo", "Person concerned"},
		{"accused_position", "Chức vụ", "Position"},
		{"accused_organisation", "Cơ quan, tổ chức", "Organisation"},
		{"category", "Lĩnh vực", "Subject"},
		{"summary", "Tóm tắt", "Summary"},
		{"details", "Nội dung chi tiết", "Details"},
		{"occurred_on", "Ngày xảy ra", "Date"},
		{"file", "Tệp đính kèm", "Attachments"},
		{"complaint_subject", "Đối tượng khiếu nại", "What the complaint is against"},
		{"complaint_instance", "Khiếu nại lần đầu hay lần hai", "First or second complaint"},
		{"decision_date", "Ngày nhận hoặc biết quyết định", "Day the decision was received"},
		{"decision_number", "Số, ký hiệu quyết định", "Number of the decision"},
		{"request", "Yêu cầu của người khiếu nại", "What you ask"},
		{"undertaking", "Cam kết", "Undertaking"},
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
	html_raw(h, "</label>\n<p class=\"hint\" id=\"hint-province\">");
	html_text(h, T(l, "Gõ chữ cái đầu của tên để tìm nhanh, ví dụ \"C\" cho Cà Mau.",
		       "Type the first letter of the name to jump to it."));
	html_raw(h, "</p>\n<select id=\"f-province\" name=\"province\" required aria-required=\"true\" "
		    "aria-describedby=\"hint-province\">\n");
	for (size_t i = 0; i < dm_province_count(); i++) {
		const struct dm_province *p = dm_province_at(i);
		html_raw(h, "<option value=\"");
		html_text(h, p->code);
		html_raw(h, "\">");
		pg_place_name(h, l, p->name, p->full_name, p->full_name_en);
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
				const char *fl = page_field_label(c->l, c->errs[i].field);
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
	fw_input(c, "full_name", "text", T(c->l, "Họ và tên (bắt buộc khi ghi tên)",
					   "Full name (required unless anonymous)"),
		 v->full_name, false, "autocomplete=\"name\" maxlength=\"200\"", NULL, NULL);
	fw_input(c, "address", "text", T(c->l, "Địa chỉ liên hệ (bắt buộc khi ghi tên)",
					 "Address (required unless anonymous)"),
		 v->address, false, "autocomplete=\"street-address\" maxlength=\"500\"", NULL, NULL);
	fw_input(c, "phone", "tel", T(c->l, "Số điện thoại", "Phone"), v->phone, false,
	      "autocomplete=\"tel\" maxlength=\"30\"", NULL, NULL);
	fw_input(c, "email", "email", T(c->l, "Thư điện tử", "Email"), v->email, false,
	      "autocomplete=\"email\" maxlength=\"254\"", NULL, NULL);
	fw_input(c, "id_number", "text", T(c->l, "Số định danh cá nhân", "Personal identification number"),
		 v->id_number, false, "inputmode=\"numeric\" maxlength=\"12\"", "hint-id",
		 T(c->l, "Không bắt buộc. 12 chữ số, ghi trên thẻ căn cước (hoặc căn cước công dân).",
		   "Optional. 12 digits, printed on the identity card."));
	html_raw(c->h, "</fieldset>\n");
}

/* The pre-2025 provinces that became part of p, by name ("" first: none). */
static void old_province_select(struct ctx *c, const struct form_values *v,
				const struct dm_province *p)
{
	fw_select_open(c, "old_province", T(c->l, "Tỉnh cũ, nếu sự việc xảy ra trước 01/7/2025",
					    "Former province, if it happened before 1 July 2025"),
		       false);
	fw_option(c, "", T(c->l, "Không chọn", "None"), v->old_province);
	for (size_t i = 0; i < dm_old_province_count(); i++) {
		const char *code = dm_old_province_code_at(i), *name = NULL;
		const struct dm_province *now = NULL;
		if (dm_old_province_map(code, &now, &name) != TC_OK || now != p)
			continue;
		fw_option(c, code, name, v->old_province);
	}
	fw_select_close(c, "old_province");
}

/* Who is concerned: commune, level, the accused, a pre-2025 province. */
static void accused_fieldset(struct ctx *c, const struct form_values *v, const struct dm_province *p)
{
	html_raw(c->h, "<fieldset><legend>");
	html_text(c->h, T(c->l, "Người hoặc cơ quan bị tố cáo, bị khiếu nại", "Who is concerned"));
	html_raw(c->h, "</legend>\n");
	fw_select_open(c, "commune", T(c->l, "Xã, phường, đặc khu", "Commune or ward"), false);
	fw_option(c, "", T(c->l, "Không rõ", "Unknown"), v->commune);
	for (size_t i = 0; i < p->commune_count; i++) {
		const struct dm_commune *cm = dm_commune_at(p->commune_first + i);
		html_raw(c->h, "<option value=\"");
		html_text(c->h, cm->code);
		html_raw(c->h, v->commune && strcmp(v->commune, cm->code) == 0 ? "\" selected>" : "\">");
		pg_place_name(c->h, c->l, cm->name, cm->full_name, cm->full_name_en);
		html_raw(c->h, "</option>\n");
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
	old_province_select(c, v, p);
	html_raw(c->h, "</fieldset>\n");
}

/* A complaint's own fields (Law on Complaints Art. 8(2)): filled only for a complaint. */
static void complaint_fieldset(struct ctx *c, const struct form_values *v)
{
	static const char *const subjects[][3] = {
		{"administrative_decision", "Quyết định hành chính", "An administrative decision"},
		{"administrative_act", "Hành vi hành chính", "An administrative act"},
		{"disciplinary_decision", "Quyết định kỷ luật cán bộ, công chức",
		 "A disciplinary decision against an official"},
		{"dismissal", "Quyết định kỷ luật buộc thôi việc", "A dismissal"},
	};
	html_raw(c->h, "<fieldset class=\"complaint\"><legend>");
	html_text(c->h, T(c->l, "Chỉ điền khi gửi đơn khiếu nại", "Only for a complaint"));
	html_raw(c->h, "</legend>\n");
	fw_select_open(c, "complaint_subject", T(c->l, "Bạn khiếu nại", "You complain about"), false);
	fw_option(c, "", T(c->l, "— Chọn —", "— Choose —"), v->complaint_subject);
	for (size_t i = 0; i < N(subjects); i++)
		fw_option(c, subjects[i][0], T(c->l, subjects[i][1], subjects[i][2]),
			  v->complaint_subject);
	fw_select_close(c, "complaint_subject");
	fw_input(c, "decision_number", "text",
		 T(c->l, "Số, ký hiệu và cơ quan ban hành quyết định (hoặc người có hành vi)",
		   "Number and issuer of the decision (or who acted)"),
		 v->decision_number, false, "maxlength=\"100\"", "hint-decision",
		 T(c->l, "Ví dụ: Quyết định số 123/QĐ-UBND của UBND xã ...",
		   "For example: Decision No. 123/QĐ-UBND of the commune People's Committee"));
	fw_input(c, "decision_date", "date",
		 T(c->l, "Ngày bạn nhận được hoặc biết quyết định, hành vi",
		   "Day you received or learnt of the decision or act"),
		 v->decision_date, false, NULL, "hint-decision-date",
		 T(c->l, "Thời hiệu khiếu nại là 90 ngày kể từ ngày này (Luật Khiếu nại, Điều 9).",
		   "A complaint must be made within 90 days of this day (Law on Complaints Art. 9)."));
	fw_select_open(c, "complaint_instance", T(c->l, "Khiếu nại lần đầu hay lần hai",
						  "First or second complaint"), false);
	fw_option(c, "first", T(c->l, "Lần đầu", "First"), v->complaint_instance);
	fw_option(c, "second", T(c->l, "Lần hai (đã có quyết định giải quyết lần đầu, hoặc đã quá hạn mà không được giải quyết)",
				 "Second (after the first decision, or when the first was not settled in time)"),
		  v->complaint_instance);
	fw_select_close(c, "complaint_instance");
	html_raw(c->h, "<div class=\"field\">\n");
	fw_label(c, "request", T(c->l, "Bạn yêu cầu giải quyết điều gì", "What you ask for"), false);
	html_raw(c->h, "<textarea id=\"f-request\" name=\"request\" rows=\"3\" maxlength=\"2000\"");
	fw_aria(c, "request", NULL);
	html_raw(c->h, ">");
	html_text(c->h, v->request);
	html_raw(c->h, "</textarea>\n");
	fw_error_p(c, "request");
	html_raw(c->h, "</div>\n</fieldset>\n");
}

/* The attachments, with what a phone photo carries and what a sent-back form lost. */
static void files_field(struct ctx *c, const struct form_values *v,
			const struct page_limits *limits)
{
	html_raw(c->h, "<div class=\"field\">\n");
	fw_label(c, "file", T(c->l, "Tệp đính kèm (chứng cứ)", "Attachments (evidence)"), false);
	if (v->files_dropped) {
		html_raw(c->h, "<p class=\"warn\" id=\"files-again\">");
		html_rawf(c->h, T(c->l, "Bạn đã chọn %zu tệp nhưng các tệp <strong>chưa được giữ lại</strong> "
				     "khi biểu mẫu được gửi trả để sửa. Hãy chọn lại các tệp trước khi gửi.",
				  "You chose %zu file(s), but they <strong>were not kept</strong> when the "
				  "form was sent back for corrections. Choose them again before sending."),
			  v->files_dropped);
		html_raw(c->h, "</p>\n");
	}
	pg_limits_words(c->h, c->l, limits);
	html_raw(c->h, "<p class=\"hint\" id=\"hint-photo\">");
	html_text(c->h, T(c->l, "Lưu ý: ảnh chụp bằng điện thoại thường ghi kèm vị trí (GPS), ngày giờ "
			      "và loại máy. Nếu điều đó có thể làm lộ bạn, hãy tắt định vị của máy ảnh "
			      "hoặc chụp màn hình ảnh rồi gửi ảnh chụp màn hình.",
			"Note: photos taken with a phone usually carry the place (GPS), the time and "
			"the phone model. If that could identify you, turn off the camera's location "
			"or send a screenshot of the photo instead."));
	html_raw(c->h, "</p>\n<input type=\"file\" id=\"f-file\" name=\"file\" multiple");
	fw_aria(c, "file", v->files_dropped ? "files-again hint-file hint-photo" : "hint-file hint-photo");
	html_raw(c->h, ">\n");
	fw_error_p(c, "file");
	html_raw(c->h, "</div>\n");
}

/* The truthfulness undertaking (Law on Denunciations Art. 9(2); Law on Complaints Art. 12(2)). */
static void undertaking_field(struct ctx *c, const struct form_values *v)
{
	html_raw(c->h, "<div class=\"field choice undertaking\"><input type=\"checkbox\" "
		       "id=\"f-undertaking\" name=\"undertaking\" value=\"yes\" required "
		       "aria-required=\"true\"");
	if (v->undertaking && strcmp(v->undertaking, "yes") == 0)
		html_raw(c->h, " checked");
	fw_aria(c, "undertaking", NULL);
	html_raw(c->h, "><label for=\"f-undertaking\">");
	html_text(c->h, T(c->l, "Tôi cam đoan những điều trình bày trong đơn là đúng sự thật và chịu "
			      "trách nhiệm trước pháp luật về nội dung đơn.",
			"I declare that what I have written is true, and I am responsible before "
			"the law for it."));
	html_raw(c->h, " <span class=\"req\" aria-hidden=\"true\">*</span></label>\n");
	fw_error_p(c, "undertaking");
	html_raw(c->h, "</div>\n");
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
	      "maxlength=\"200\" minlength=\"5\"", "hint-summary",
	      T(c->l, "Từ 5 đến 200 ký tự.", "5 to 200 characters."));
	html_raw(c->h, "<div class=\"field\">\n");
	fw_label(c, "details", T(c->l, "Nội dung chi tiết", "Details"), true);
	html_raw(c->h, "<p class=\"hint\" id=\"hint-details\">");
	html_text(c->h, T(c->l, "Ít nhất 20 ký tự: việc gì, ở đâu, khi nào, ai biết, có chứng cứ gì.",
			"At least 20 characters: what, where, when, who knows, what evidence."));
	html_raw(c->h, "</p>\n<textarea id=\"f-details\" name=\"details\" rows=\"10\" required "
		       "aria-required=\"true\"");
	fw_aria(c, "details", "hint-details");
	html_raw(c->h, ">");
	html_text(c->h, v->details);
	html_raw(c->h, "</textarea>\n");
	fw_error_p(c, "details");
	html_raw(c->h, "</div>\n");
	fw_input(c, "occurred_on", "date", T(c->l, "Ngày xảy ra", "Date it happened"), v->occurred_on,
	      false, NULL, NULL, NULL);
	files_field(c, v, limits);
	html_raw(c->h, "</fieldset>\n");
	undertaking_field(c, v);
	html_raw(c->h, "<button type=\"submit\">");
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
	html_raw(&h, "<p class=\"hint\">");
	html_text(&h, T(l, "Các mục có dấu * là bắt buộc.", "Fields marked * are required."));
	html_raw(&h, "</p>\n<form method=\"post\" action=\"/reports\" enctype=\"multipart/form-data\">\n");
	html_rawf(&h, "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n", lang_code(l));
	if (v->form_token) {
		/* One-time: a second POST of this form shows the first one's receipt (web_seal.h). */
		html_raw(&h, "<input type=\"hidden\" name=\"form_token\" value=\"");
		html_text(&h, v->form_token);
		html_raw(&h, "\">\n");
	}
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

	complaint_fieldset(&c, v);

	content_fieldset(&c, v, limits);
	html_raw(&h, "</button>\n</form>\n");
	pg_foot(&h, l);
	return html_finish(&h, len);
}
