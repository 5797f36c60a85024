/*
 * desk_documents.c - the paperwork of a case in the desk (docs/DOCUMENTS.md):
 * the "Văn bản" box of the case page lists the documents its state allows
 * (paper/), each opening a form with every field prefilled and editable;
 * the form renders the print-ready page (its own print style sheet, no
 * script) or downloads the .docx. The case file (hồ sơ) prints the whole
 * case. "Đã gửi" records that a document was sent (number, date, channel):
 * a document that discharges a notice the law requires (docs/DEADLINES.md
 * §7a) through the notices call (POST /api/v1/cases/{id}/notices), which
 * stops its deadline being owed; any other document as an internal note in
 * the timeline (sealed to the unit like the rest). The form offers exactly
 * the notices still owed, and the documents that owe none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desk_case.h"
#include "desk_documents.h"
#include "desk_internal.h"
#include "desk_paper.h"
#include "paper.h"

/* The form's channel, its words, and the notices call's channel. */
static const char *const channels[][4] = {
	{"post", "bưu điện", "post", "post"},
	{"hand", "trực tiếp", "in person", "in_person"},
	{"email", "thư điện tử", "email", "electronic"},
};

/* The form's value for answering the body that forwarded the report: a notice, no document. */
#define ANSWER_FORWARDER "answer_forwarder"

/*
 * The notice (API kind) that sending document k discharges, NULL for none.
 * Art. 29(3) the acceptance notice; Art. 35(3) the conclusion; Art. 34 and
 * Decree 124/2020 Art. 28b a suspension, resumption or termination decision.
 * The transfer notice goes to the reporter and the slip to the competent
 * body: neither is the answer Art. 26(2) owes the body that forwarded the
 * report (answer_forwarder), which has no form here and is offered apart.
 */
static const char *notice_of(enum paper_kind k)
{
	switch (k) {
	case PAPER_ACCEPT_NOTICE: return "notify_accepted";
	case PAPER_CONCLUSION_NOTICE: return "notify_concluded";
	case PAPER_SUSPEND_DECISION:
	case PAPER_RESUME_DECISION:
	case PAPER_TERMINATE_DECISION: return "notify_decision";
	default: return NULL;
	}
}

/* The case's notice of that kind while owed (not recorded as sent), else NULL. */
static const cJSON *owed_notice(const cJSON *show, const char *kind)
{
	const cJSON *n;
	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(show, "notices"))
	{
		if (strcmp(desk_jstr(n, "kind"), kind) == 0 && desk_jstr(n, "sent_on")[0] == '\0')
			return n;
	}
	return NULL;
}

static const char *field_label(const struct desk_req *r, const char *f)
{
	static const char *const t[][3] = {
		{"form", "Mẫu số (theo phụ lục)", "Form number (annex)"},
		{"number", "Số", "Number"},
		{"date", "Ngày ban hành", "Date"},
		{"place", "Địa danh", "Place"},
		{"parent", "Cơ quan chủ quản", "Parent body"},
		{"issuer", "Cơ quan ban hành", "Issuing body"},
		{"symbol", "Ký hiệu", "Symbol"},
		{"title", "Tên loại văn bản", "Kind of document"},
		{"subject", "Trích yếu", "Subject"},
		{"authority", "Thẩm quyền ban hành", "Issuing authority"},
		{"to", "Kính gửi", "To"},
		{"body", "Nội dung (mỗi dòng một đoạn)", "Body (one paragraph a line)"},
		{"recipients", "Nơi nhận (mỗi dòng một nơi)", "Recipients (one a line)"},
		{"signer_title", "Chức danh người ký", "Signer's title"},
		{"signer", "Họ tên người ký", "Signer's name"},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(f, t[i][0]) == 0)
			return T(r, t[i][1], t[i][2]);
	return f;
}

/* One option of the "sent" form; with the notice's deadline when it discharges one. */
static void sent_option(struct desk_req *r, const char *value, const char *title,
			const cJSON *notice)
{
	dh_fmt(r, "<option value=\"%s\">", value);
	dh_text(r, title);
	if (notice) {
		dh_fmt(r, " — %s ", T(r, "thông báo phải gửi, hạn", "a notice owed, due"));
		dh_date(r, desk_jstr(notice, "due"));
	}
	dh_raw(r, "</option>");
}

/* The owed notices' documents, answer_forwarder when owed, and the documents owing none. */
static void sent_options(struct desk_req *r, const struct desk_view *v)
{
	const char *track = desk_jstr(v->doc, "track");
	const cJSON *fw = owed_notice(v->doc, ANSWER_FORWARDER);
	for (int k = 0; k < PAPER_KIND_COUNT; k++) {
		const char *n = notice_of((enum paper_kind)k);
		const cJSON *owed = n ? owed_notice(v->doc, n) : NULL;
		if (paper_refusal((enum paper_kind)k, v->doc, 0) == NULL && (n == NULL || owed))
			sent_option(r, paper_kind_name((enum paper_kind)k),
				    paper_kind_title((enum paper_kind)k, track), owed);
	}
	if (fw)
		sent_option(r, ANSWER_FORWARDER,
			    T(r, "Văn bản trả lời cơ quan, tổ chức đã chuyển đơn (Điều 26(2) Luật Tố "
				 "cáo)", "The answer to the body that forwarded the report (Art. 26(2))"),
			    fw);
}

void desk_documents_box(struct desk_req *r, const struct desk_view *v)
{
	const char *track = desk_jstr(v->doc, "track");
	int any = 0;
	dh_fmt(r, "<section class=\"box\"><h2>%s</h2><ul>", T(r, "Văn bản", "Documents"));
	for (int k = 0; k < PAPER_KIND_COUNT; k++) {
		if (paper_refusal((enum paper_kind)k, v->doc, 0) != NULL)
			continue;
		dh_fmt(r, "<li><a href=\"/case/%s/doc/%s\">", v->id, paper_kind_name((enum paper_kind)k));
		dh_text(r, paper_kind_title((enum paper_kind)k, track));
		dh_raw(r, "</a></li>");
		any = 1;
	}
	dh_fmt(r, "<li><a href=\"/case/%s/casefile\">%s</a></li></ul>", v->id,
	       T(r, "Hồ sơ in (bìa, nội dung, tài liệu, diễn biến, thời hạn)",
		 "The printable case file"));
	if (!any)
		dh_fmt(r, "<p class=\"muted\">%s</p>",
		       T(r, "Trạng thái hiện tại chưa có văn bản nào theo mẫu.",
			 "No form applies to the case's present state."));
	dh_fmt(r, "<details class=\"act\"><summary>%s</summary>"
		  "<form class=\"stack\" method=\"post\" action=\"/case/%s/sent\">",
	       T(r, "Ghi nhận đã gửi văn bản", "Record that a document was sent"), v->id);
	dh_csrf(r);
	dh_fmt(r, "<label for=\"sent-kind\">%s</label><select id=\"sent-kind\" name=\"kind\">",
	       T(r, "Văn bản", "Document"));
	sent_options(r, v);
	dh_fmt(r, "</select><label for=\"sent-number\">%s</label><input type=\"text\" "
		  "id=\"sent-number\" name=\"number\" required maxlength=\"40\">"
		  "<label for=\"sent-date\">%s</label><input type=\"date\" id=\"sent-date\" "
		  "name=\"date\" required><label for=\"sent-channel\">%s</label>"
		  "<select id=\"sent-channel\" name=\"channel\">",
	       T(r, "Số văn bản", "Number"), T(r, "Ngày gửi", "Sent on"), T(r, "Gửi qua", "Sent by"));
	for (size_t i = 0; i < sizeof(channels) / sizeof(channels[0]); i++)
		dh_fmt(r, "<option value=\"%s\">%s</option>", channels[i][0],
		       T(r, channels[i][1], channels[i][2]));
	dh_fmt(r, "</select><p><button type=\"submit\">%s</button></p></form></details></section>",
	       T(r, "Ghi vào diễn biến", "Record in the timeline"));
}

/* The form of one document, every field prefilled. */
static void document_form(struct desk_req *r, const struct desk_view *v,
			  const struct paper_doc *doc)
{
	char title[160];
	snprintf(title, sizeof(title), "%s — %s", paper_kind_title(doc->kind,
			desk_jstr(v->doc, "track")), v->id);
	dh_page_begin(r, title);
	dh_raw(r, "<h1>");
	dh_text(r, title);
	dh_fmt(r, "</h1><p><a href=\"/case/%s\">%s</a></p><section class=\"box\"><p class=\"muted\">"
		  "%s</p><form class=\"stack\" method=\"post\" action=\"/case/%s/doc/%s\">",
	       v->id, T(r, "Về hồ sơ", "Back to the case"),
	       T(r, "Sửa các trường trước khi in. Các chỗ “……” là phần ghi tay hoặc cần bổ sung.",
		 "Edit the fields before printing. The dots are left to be filled in."),
	       v->id, paper_kind_name(doc->kind));
	dh_csrf(r);
	for (const char *const *f = paper_fields; *f; f++) {
		int area = strcmp(*f, "body") == 0 || strcmp(*f, "recipients") == 0;
		dh_fmt(r, "<label for=\"f-%s\">%s</label>", *f, field_label(r, *f));
		if (area) {
			dh_fmt(r, "<textarea id=\"f-%s\" name=\"%s\" rows=\"%d\">", *f, *f,
			       strcmp(*f, "body") == 0 ? 16 : 4);
			dh_text(r, paper_get(doc, *f));
			dh_raw(r, "</textarea>");
		} else {
			dh_fmt(r, "<input type=\"%s\" id=\"f-%s\" name=\"%s\" value=\"",
			       strcmp(*f, "date") == 0 ? "date" : "text", *f, *f);
			dh_text(r, paper_get(doc, *f));
			dh_raw(r, "\">");
		}
	}
	dh_fmt(r, "<p><button type=\"submit\" name=\"format\" value=\"html\">%s</button> "
		  "<button type=\"submit\" class=\"plain\" name=\"format\" value=\"docx\">%s</button>"
		  "</p></form></section>",
	       T(r, "Xem bản in", "Print view"), T(r, "Tải về .docx", "Download .docx"));
	dh_page_end(r);
	desk_send_page(r, 200);
}

static void send_docx(struct desk_req *r, const char *id, const struct paper_doc *doc)
{
	uint8_t *data = NULL;
	size_t len = 0;
	char err[160], disp[128];
	if (paper_docx(doc, &data, &len, err, sizeof(err)) != 0) {
		desk_error_page(r, 500, T(r, "Không tạo được tệp .docx", "Cannot make the .docx"), err);
		return;
	}
	struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s-%s.docx\"", id,
		 paper_kind_name(doc->kind));
	evhttp_add_header(h, "Content-Type", "application/vnd.openxmlformats-officedocument."
					     "wordprocessingml.document");
	evhttp_add_header(h, "Content-Disposition", disp);
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "Cache-Control", "no-store");
	evhttp_add_header(h, "Content-Security-Policy", "default-src 'none'; sandbox");
	evbuffer_add(r->out, data, len);
	explicit_bzero(data, len);
	free(data);
	evhttp_send_reply(r->req, 200, "OK", r->out);
}

/* The fields posted, set on doc; the first bad one named, or NULL. */
static const char *apply_fields(struct desk_req *r, struct paper_doc *doc)
{
	for (const char *const *f = paper_fields; *f; f++) {
		const char *v = desk_form(r, *f);
		if (v && paper_set(doc, *f, v) != 0)
			return *f;
	}
	return NULL;
}

/* The decline notice's reason prefilled from the latest decline note, still editable. */
static void decline_reason(struct desk_req *r, const char *id, struct paper_doc *doc)
{
	char reason[1024];
	if (desk_decline_reason(r->d->s, r->d->sec, id, reason, sizeof(reason)) == 200 &&
	    reason[0])
		(void)paper_fill_reason(doc, reason); /* no place for it: the dots stay */
	explicit_bzero(reason, sizeof(reason));
}

static void document(struct desk_req *r, const char *id, const char *kind_name, int post)
{
	int k = paper_kind_from_name(kind_name);
	struct desk_view v;
	struct paper_doc doc;
	const char *why = NULL, *bad = NULL, *fmt = post ? desk_form(r, "format") : NULL;
	if (k < 0) {
		desk_error_page(r, 404, T(r, "Không có văn bản này", "No such document"), kind_name);
		return;
	}
	desk_view_open(r, id, 0, NULL, &v);
	if (v.status != 200) {
		desk_error_page(r, v.status == 404 ? 404 : 502, T(r, "Không có hồ sơ này", "No such case"),
				v.why);
	} else if (paper_prepare((enum paper_kind)k, v.doc, v.body, v.ident, r->lang == DESK_EN,
				 &doc, &why) != 0) {
		desk_error_page(r, 409, T(r, "Chưa lập được văn bản này", "This document does not apply"),
				why);
	} else {
		if (!post && k == PAPER_DECLINE_NOTICE)
			decline_reason(r, id, &doc);
		if (!post)
			document_form(r, &v, &doc);
		else if ((bad = apply_fields(r, &doc)) != NULL)
			desk_error_page(r, 422, T(r, "Trường không hợp lệ", "Invalid field"),
					field_label(r, bad));
		else if (fmt && strcmp(fmt, "docx") == 0)
			send_docx(r, id, &doc);
		else {
			struct pbuf b = {0};
			paper_html(&doc, "/static/paper.css", &b);
			evbuffer_add(r->out, b.p, b.len);
			pbuf_free(&b);
			desk_send_page(r, 200);
		}
		paper_doc_free(&doc);
	}
	desk_view_close(&v);
}

static void casefile(struct desk_req *r, const char *id)
{
	struct desk_paper_case pc;
	char why[256] = "";
	int st = desk_paper_open(r->d->s, r->d->sec, id, 1, &pc, why, sizeof(why));
	if (st != 200) {
		desk_error_page(r, st == 404 ? 404 : 502, T(r, "Không có hồ sơ này", "No such case"), why);
	} else {
		struct pbuf b = {0};
		paper_casefile_html(&pc.cf, "/static/paper.css", &b);
		evbuffer_add(r->out, b.p, b.len);
		pbuf_free(&b);
		desk_send_page(r, 200);
	}
	desk_paper_close(&pc);
}

/* Whether the notices call takes the number as it is (1-32 printable ASCII, no " or \\). */
static int api_number_ok(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e || s[i] == '"' || s[i] == '\\')
			return 0;
	return n >= 1 && n <= 32;
}

/* After a change: the inbox's entry read again (its notices owed), back to the case. */
static void sent_done(struct desk_req *r, const char *id, const char *what)
{
	char loc[96];
	desk_index_refresh(&r->d->ix, r->d->s, r->d->sec, id);
	snprintf(loc, sizeof(loc), "/case/%s?done=%s", id, what);
	desk_redirect(r, loc);
}

/*
 * A notice recorded through the notices call, its deadline no longer owed.
 * A number the call cannot carry ("12/QĐ-TTr": not ASCII) is kept whole in
 * a note beside it.
 */
static void record_notice(struct desk_req *r, const char *id, const char *notice,
			  const char *title, const char *num, const char *date, const char *channel)
{
	struct tcc_result res;
	int carried = api_number_ok(num);
	int st = tcc_case_notice(r->d->s, id, notice, date, channel, carried ? num : NULL, &res);
	if (st != 200) {
		desk_error_page(r, st == 404 ? 404 : st == 409 || st == 422 ? st : 502,
				T(r, "Không ghi nhận được việc gửi", "The sending was not recorded"),
				st < 0 ? res.error : desk_reason(r, &res));
		tcc_result_free(&res);
		return;
	}
	tcc_result_free(&res);
	if (!carried) {
		char note[600];
		snprintf(note, sizeof(note), "Số của %s đã gửi ngày %s: %s.", title, date, num);
		if (tcc_case_note(r->d->s, id, note, &res) != 201) {
			desk_error_page(r, 502, T(r, "Đã ghi nhận việc gửi, chưa lưu được số văn bản",
						  "The sending was recorded, not the number"),
					desk_reason(r, &res));
			tcc_result_free(&res);
			return;
		}
		tcc_result_free(&res);
	}
	sent_done(r, id, "notice");
}

/* "Đã gửi Thông báo … số … ngày … qua …" as an internal note: a document owing no notice. */
static void record_note(struct desk_req *r, const char *id, const char *title, const char *num,
			const char *date, const char *via)
{
	int y = 0, m = 0, d = 0;
	char note[600];
	struct tcc_result res;
	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return;
	snprintf(note, sizeof(note), "Đã gửi %s số %s ngày %02d/%02d/%04d qua %s.", title, num, d, m,
		 y, via);
	int st = tcc_case_note(r->d->s, id, note, &res);
	if (st == 201)
		sent_done(r, id, "note");
	else
		desk_error_page(r, st == 404 ? 404 : 502, T(r, "Không ghi được", "Not recorded"),
				desk_reason(r, &res));
	tcc_result_free(&res);
}

/* POST /case/ID/sent: a notice owed through the notices call, another document as a note. */
static void sent(struct desk_req *r, const char *id)
{
	const char *kind = desk_form(r, "kind"), *num = desk_form(r, "number");
	const char *date = desk_form(r, "date"), *ch = desk_form(r, "channel");
	int k = paper_kind_from_name(kind), y, m, d, c = -1;
	int forwarder = kind && strcmp(kind, ANSWER_FORWARDER) == 0;
	char tail;
	for (size_t i = 0; ch && i < sizeof(channels) / sizeof(channels[0]); i++)
		if (strcmp(ch, channels[i][0]) == 0)
			c = (int)i;
	if ((k < 0 && !forwarder) || num == NULL || num[0] == '\0' || strlen(num) > 40 ||
	    strpbrk(num, "\r\n") || date == NULL ||
	    sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen(date) != 10 || m < 1 ||
	    m > 12 || d < 1 || d > 31 || c < 0) {
		desk_error_page(r, 422, T(r, "Thiếu thông tin", "Missing information"),
				T(r, "Cần chọn văn bản, ghi số văn bản (tối đa 40 ký tự), ngày gửi "
				     "(YYYY-MM-DD) và cách gửi (bưu điện, trực tiếp, thư điện tử).",
				  "Give the document, its number (up to 40 characters), the day it "
				  "was sent (YYYY-MM-DD) and how (post, in person, email)."));
		return;
	}
	const char *title = forwarder ? "văn bản trả lời cơ quan, tổ chức đã chuyển đơn"
				      : paper_kind_title((enum paper_kind)k, NULL);
	const char *notice = forwarder ? ANSWER_FORWARDER : notice_of((enum paper_kind)k);
	if (notice)
		record_notice(r, id, notice, title, num, date, channels[c][3]);
	else
		record_note(r, id, title, num, date, channels[c][1]);
}

void desk_paper_css(struct desk_req *r)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
	evhttp_add_header(h, "Content-Type", "text/css; charset=utf-8");
	evhttp_add_header(h, "Cache-Control", "no-store");
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	dh_raw(r, paper_css());
	evhttp_send_reply(r->req, 200, "OK", r->out);
}

int desk_documents_route(struct desk_req *r, const char *id, const char *rest, int post)
{
	if (strncmp(rest, "doc/", 4) == 0)
		document(r, id, rest + 4, post);
	else if (!post && strcmp(rest, "casefile") == 0)
		casefile(r, id);
	else if (post && strcmp(rest, "sent") == 0)
		sent(r, id);
	else
		return 0;
	return 1;
}
