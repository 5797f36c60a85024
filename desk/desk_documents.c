/*
 * desk_documents.c - the paperwork of a case in the desk (docs/DOCUMENTS.md):
 * the "Văn bản" box of the case page lists the documents its state allows
 * (paper/), each opening a form with every field prefilled and editable;
 * the form renders the print-ready page (its own print style sheet, no
 * script) or downloads the .docx. The case file (hồ sơ) prints the whole
 * case. "Đã gửi" records that a document was sent (number, date, channel)
 * as an internal note in the timeline: the API has no other place for it,
 * and a note is sealed to the unit like the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desk_case.h"
#include "desk_documents.h"
#include "desk_internal.h"
#include "desk_paper.h"
#include "paper.h"

static const char *const channels[][3] = {
	{"post", "bưu điện", "post"},
	{"hand", "trực tiếp", "in person"},
	{"email", "thư điện tử", "email"},
};

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
	for (int k = 0; k < PAPER_KIND_COUNT; k++)
		if (paper_refusal((enum paper_kind)k, v->doc, 0) == NULL)
			dh_fmt(r, "<option value=\"%s\">%s</option>", paper_kind_name((enum paper_kind)k),
			       paper_kind_title((enum paper_kind)k, track));
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

/* POST /case/ID/sent: "Đã gửi Thông báo … số … ngày … qua …" as an internal note. */
static void sent(struct desk_req *r, const char *id)
{
	const char *kind = desk_form(r, "kind"), *num = desk_form(r, "number");
	const char *date = desk_form(r, "date"), *ch = desk_form(r, "channel"), *via = NULL;
	int k = paper_kind_from_name(kind), y, m, d;
	char tail, note[600];
	for (size_t i = 0; ch && i < sizeof(channels) / sizeof(channels[0]); i++)
		if (strcmp(ch, channels[i][0]) == 0)
			via = channels[i][1];
	if (k < 0 || num == NULL || num[0] == '\0' || strlen(num) > 40 || strpbrk(num, "\r\n") ||
	    date == NULL || sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    strlen(date) != 10 || m < 1 || m > 12 || d < 1 || d > 31 || via == NULL) {
		desk_error_page(r, 422, T(r, "Thiếu thông tin", "Missing information"),
				T(r, "Cần chọn văn bản, ghi số văn bản (tối đa 40 ký tự), ngày gửi "
				     "(YYYY-MM-DD) và cách gửi (bưu điện, trực tiếp, thư điện tử).",
				  "Give the document, its number (up to 40 characters), the day it "
				  "was sent (YYYY-MM-DD) and how (post, in person, email)."));
		return;
	}
	snprintf(note, sizeof(note), "Đã gửi %s số %s ngày %02d/%02d/%04d qua %s.",
		 paper_kind_title((enum paper_kind)k, NULL), num, d, m, y, via);
	struct tcc_result res;
	int st = tcc_case_note(r->d->s, id, note, &res);
	if (st == 201) {
		char loc[96];
		snprintf(loc, sizeof(loc), "/case/%s?done=note", id);
		desk_redirect(r, loc);
	} else {
		desk_error_page(r, st == 404 ? 404 : 502, T(r, "Không ghi được", "Not recorded"),
				desk_reason(r, &res));
	}
	tcc_result_free(&res);
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
