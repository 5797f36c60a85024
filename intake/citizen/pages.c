/*
 * pages.c - the citizen's pages after the form (pages.h): the receipt, the
 * follow-up pages, errors. Plain HTML and one stylesheet: no script, no
 * inline style, nothing from another origin. Everything a citizen typed is
 * escaped by html_text().
 */
#include <stdio.h>
#include <string.h>

#include "pages_internal.h"

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
	pg_head(&h, l, T(l, "Đã nhận đơn", "Report received"), "/", "/?lang=en");
	html_raw(&h, "<h1>");
	html_text(&h, T(l, "Đơn của bạn đã được nhận và lưu an toàn", "Your report was received and stored safely"));
	html_raw(&h, "</h1>\n");
	if (r->warning != NULL) {
		html_raw(&h, "<p class=\"warn\" role=\"alert\">");
		html_text(&h, r->warning);
		html_raw(&h, "</p>\n");
	}
	html_raw(&h, "<section class=\"receipt\" aria-labelledby=\"receipt-title\">\n"
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
	pg_date(&h, l, r->received_on);
	html_raw(&h, "</dd>\n<dt>");
	html_text(&h, T(l, "Tệp đính kèm đã mã hóa", "Attachments, encrypted"));
	html_rawf(&h, "</dt><dd>%zu</dd>\n</dl>\n<h2>", r->n_attachments);
	html_text(&h, T(l, "Thời hạn theo luật", "Deadlines under the law"));
	html_raw(&h, "</h2>\n");
	pg_deadlines(&h, l, r->deadlines, r->n_deadlines);
	html_raw(&h, "<h2>");
	html_text(&h, T(l, "Tiếp theo", "What happens next"));
	html_raw(&h, "</h2>\n<p>");
	html_text(&h, next_steps(l, r->track));
	html_raw(&h, "</p>\n<p><a class=\"button\" href=\"/followup");
	html_raw(&h, l == LANG_EN ? "?lang=en" : "");
	html_raw(&h, "\">");
	html_text(&h, T(l, "Theo dõi đơn", "Follow your case"));
	html_raw(&h, "</a></p>\n");
	pg_foot(&h, l);
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
	pg_head(&h, l, T(l, "Theo dõi đơn", "Follow your case"), "/followup", "/followup?lang=en");
	html_raw(&h, "<h1>");
	html_text(&h, T(l, "Theo dõi đơn bằng mã biên nhận", "Follow your case with your receipt"));
	html_raw(&h, "</h1>\n<p>");
	html_text(&h, T(l, "Nhập mã biên nhận bạn nhận được khi gửi đơn. Mã không được lưu trên "
			   "trình duyệt.",
			"Enter the receipt you were given when you sent your report. It is not "
			"stored in your browser."));
	html_raw(&h, "</p>\n");
	receipt_form(&h, l, error);
	pg_foot(&h, l);
	return html_finish(&h, len);
}

/* What a unit message's signature says, after its date. */
static void signature_note(struct html *h, enum lang l, const char *sig)
{
	const char *words = NULL;
	if (sig && strcmp(sig, "signed") == 0)
		words = T(l, "có chữ ký của thanh tra viên", "signed by an inspector");
	else if (sig && strcmp(sig, "signed_revoked") == 0)
		words = T(l, "có chữ ký của thanh tra viên (khóa nay đã bị thu hồi)",
			  "signed by an inspector (whose key has since been revoked)");
	else if (sig && strcmp(sig, "unsigned_before_signatures") == 0)
		words = T(l, "không có chữ ký (gửi trước khi có chữ ký số)",
			  "unsigned (from before signatures)");
	if (words == NULL)
		return;
	html_raw(h, " · ");
	html_text(h, words);
}

/* A button posting the receipt again (it never goes in a URL), with a cursor or none. */
static void conversation_button(struct html *h, enum lang l, const char *receipt,
				unsigned long before, const char *words)
{
	html_raw(h, "<form class=\"pager\" method=\"post\" action=\"/followup\">\n");
	html_rawf(h, "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n", lang_code(l));
	html_raw(h, "<input type=\"hidden\" name=\"receipt\" value=\"");
	html_text(h, receipt);
	html_raw(h, "\">\n");
	if (before)
		html_rawf(h, "<input type=\"hidden\" name=\"before\" value=\"%lu\">\n", before);
	html_raw(h, "<button type=\"submit\">");
	html_text(h, words);
	html_raw(h, "</button>\n</form>\n");
}

/* A long conversation comes a page at a time: older messages, and back to the newest. */
static void messages_nav(struct html *h, enum lang l, const struct page_followup *f)
{
	html_raw(h, "<nav class=\"pages\" aria-label=\"");
	html_text(h, T(l, "Các trang tin nhắn", "Pages of messages"));
	html_raw(h, "\">\n");
	if (f->older)
		conversation_button(h, l, f->receipt, f->older,
				    T(l, "← Tin nhắn cũ hơn", "← Older messages"));
	if (f->paged)
		conversation_button(h, l, f->receipt, 0,
				    T(l, "Tin nhắn mới nhất →", "Newest messages →"));
	html_raw(h, "</nav>\n");
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
			pg_date(h, l, m->at);
			signature_note(h, l, m->signature);
			html_raw(h, "</p><p class=\"text\">");
			html_text(h, m->text);
			html_raw(h, "</p></li>\n");
		}
		html_raw(h, "</ol>\n");
	}
	if (f->older || f->paged)
		messages_nav(h, l, f);
}

char *page_followup(enum lang l, const struct page_followup *f, const struct page_limits *limits,
		    size_t *len)
{
	struct html h;
	html_init(&h);
	pg_head(&h, l, T(l, "Hồ sơ của bạn", "Your case"), "/followup", "/followup?lang=en");
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
	html_text(&h, pg_status_words(l, f->status));
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
	pg_date(&h, l, f->received_on);
	html_raw(&h, "</dd>\n</dl>\n");
	pg_deadlines(&h, l, f->deadlines, f->n_deadlines);
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
	pg_limits_words(&h, l, limits);
	html_raw(&h, "<input type=\"file\" id=\"f-file\" name=\"file\" multiple "
		     "aria-describedby=\"hint-file\"></div>\n<button type=\"submit\">");
	html_text(&h, T(l, "Gửi", "Send"));
	html_raw(&h, "</button>\n</form>\n<p class=\"hint\">");
	html_text(&h, T(l, "Mã biên nhận không được lưu trên trình duyệt; hãy đóng trang khi xong.",
			"Your receipt is not stored in the browser; close the page when you are done."));
	html_raw(&h, "</p>\n");
	pg_foot(&h, l);
	return html_finish(&h, len);
}

char *page_error(enum lang l, int status, const char *title, const char *message, size_t *len)
{
	struct html h;
	html_init(&h);
	pg_head(&h, l, title, "/", "/?lang=en");
	html_rawf(&h, "<h1>%d — ", status);
	html_text(&h, title);
	html_raw(&h, "</h1>\n<p>");
	html_text(&h, message);
	html_raw(&h, "</p>\n<p><a href=\"/");
	html_raw(&h, l == LANG_EN ? "?lang=en" : "");
	html_raw(&h, "\">");
	html_text(&h, T(l, "Về trang chủ", "Home"));
	html_raw(&h, "</a></p>\n");
	pg_foot(&h, l);
	return html_finish(&h, len);
}
