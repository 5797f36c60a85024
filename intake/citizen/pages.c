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
		return T(l, "Trong thời hạn ghi ở mục «Thời hạn theo luật», người giải quyết tố cáo sẽ "
			    "kiểm tra thông tin về người tố cáo và nội dung đơn, rồi thụ lý, chuyển đơn "
			    "đến nơi có thẩm quyền hoặc không thụ lý (Luật Tố cáo, Điều 24); nếu thụ lý, "
			    "đơn được giải quyết trong 30 ngày kể từ ngày thụ lý (có thể gia hạn). Bạn "
			    "được thông báo qua trang theo dõi.",
			 "By the deadlines in \"Deadlines under the law\", the person settling "
			 "denunciations checks who you are and what you wrote, then accepts, transfers "
			 "or does not accept your denunciation (Law on Denunciations Art. 24); once "
			 "accepted it is settled within 30 days (extensions are possible). You are told "
			 "through the follow-up page.");
	if (track && strcmp(track, "information") == 0)
		return T(l, "Đơn nặc danh được xử lý như thông tin: nếu nội dung rõ ràng, có chứng cứ, "
			    "cơ quan có thẩm quyền có thể xác minh (Luật Tố cáo, Điều 25). Không có kết "
			    "luận chính thức gửi cho người tố cáo; hãy dùng mã tra cứu để xem tin nhắn.",
			 "An anonymous denunciation is handled as information: if it is specific and "
			 "evidenced the inspectorate may verify it (Law on Denunciations Art. 25). There "
			 "is no formal conclusion for you; use the receipt to read its messages.");
	if (track && strcmp(track, "complaint") == 0)
		return T(l, "Trong thời hạn ghi ở mục «Thời hạn theo luật», người giải quyết khiếu nại sẽ "
			    "thụ lý hoặc không thụ lý khiếu nại (khi không thụ lý phải nêu rõ lý do), rồi "
			    "giải quyết trong 30 ngày (45 ngày nếu phức tạp) (Luật Khiếu nại, Điều 27, 28).",
			 "By the deadlines in \"Deadlines under the law\", the complaint is accepted or "
			 "not accepted (with the reason), then settled within 30 days (45 if "
			 "complicated) (Law on Complaints Art. 27, 28).");
	return T(l, "Cơ quan có thẩm quyền sẽ xem xét kiến nghị, phản ánh của bạn trong thời hạn ghi ở "
		    "mục «Thời hạn theo luật» và trả lời qua trang theo dõi.",
		 "The inspectorate will consider your petition by the deadline in \"Deadlines under "
		 "the law\" and answer through the follow-up page.");
}

static void lang_link(struct html *h, enum lang l, const char *path)
{
	html_raw(h, path);
	html_raw(h, l == LANG_EN ? "?lang=en" : "");
}

/* The receipt box: the code, and how long this page shows it. */
static void receipt_box(struct html *h, enum lang l, const char *receipt)
{
	html_raw(h, "<section class=\"receipt\" aria-labelledby=\"receipt-title\">\n"
		    "<h2 id=\"receipt-title\">");
	html_text(h, T(l, "Mã tra cứu (mã biên nhận) của bạn", "Your receipt"));
	html_raw(h, "</h2>\n<p class=\"code\">");
	html_text(h, receipt);
	html_raw(h, "</p>\n<p class=\"warn\">");
	html_text(h, T(l, "Hãy chép lại hoặc chụp ảnh mã này ngay. Trang này chỉ hiện mã trong 30 "
			  "phút (kể cả khi tải lại), sau đó mã không bao giờ được hiển thị lại. Mã là "
			  "cách duy nhất để theo dõi đơn, đọc tin nhắn và bổ sung thông tin trên mạng; "
			  "không ai, kể cả cơ quan thanh tra, lấy lại được mã cho bạn. Đừng đưa mã cho "
			  "người khác.",
			"Write this down or photograph it now. This page shows it for 30 minutes "
			"(reloading included), then never again. It is the only way to follow the "
			"case, read messages and add information online; nobody, the inspectorate "
			"included, can recover it for you. Do not share it."));
	html_raw(h, "</p>\n<form method=\"post\" action=\"/reports/receipt/forget\">\n");
	html_rawf(h, "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n", lang_code(l));
	html_raw(h, "<button type=\"submit\" class=\"secondary\">");
	html_text(h, T(l, "Tôi đã chép mã — ẩn mã khỏi trình duyệt này", "I have written it down — hide it now"));
	html_raw(h, "</button>\n</form>\n</section>\n");
}

char *page_receipt(enum lang l, const struct page_receipt *r, size_t *len)
{
	struct html h;
	html_init(&h);
	pg_head(&h, l, T(l, "Đã nhận đơn", "Report received"), "/reports/receipt?lang=vi",
		"/reports/receipt?lang=en");
	html_raw(&h, "<h1>");
	html_text(&h, T(l, "Đơn của bạn đã được nhận và lưu an toàn", "Your report was received and stored safely"));
	html_raw(&h, "</h1>\n");
	if (r->notice != NULL) {
		html_raw(&h, "<p class=\"notice\" role=\"status\">");
		html_text(&h, r->notice);
		html_raw(&h, "</p>\n");
	}
	if (r->warning != NULL) {
		html_raw(&h, "<p class=\"warn\" role=\"alert\">");
		html_text(&h, r->warning);
		html_raw(&h, "</p>\n");
	}
	receipt_box(&h, l, r->receipt);
	html_raw(&h, "<dl class=\"facts\">\n<dt>");
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
	html_raw(&h, "</p>\n<h2>");
	html_text(&h, T(l, "Liên hệ trực tiếp", "In person or by phone"));
	html_raw(&h, "</h2>\n");
	pg_contact(&h, l, r->contact);
	html_raw(&h, "<p><a class=\"button\" href=\"");
	lang_link(&h, l, "/followup");
	html_raw(&h, "\">");
	html_text(&h, T(l, "Theo dõi đơn", "Follow your case"));
	html_raw(&h, "</a></p>\n");
	pg_foot(&h, l);
	return html_finish(&h, len);
}

char *page_receipt_gone(enum lang l, size_t *len)
{
	struct html h;
	html_init(&h);
	pg_head(&h, l, T(l, "Mã tra cứu không còn hiển thị", "The receipt is no longer shown"),
		"/reports/receipt?lang=vi", "/reports/receipt?lang=en");
	html_raw(&h, "<h1>");
	html_text(&h, T(l, "Mã tra cứu không còn hiển thị ở đây", "The receipt is no longer shown here"));
	html_raw(&h, "</h1>\n<p>");
	html_text(&h, T(l, "Nếu bạn vừa gửi đơn, đơn đã được lưu: tải lại hay quay lại trang trước không "
			  "tạo thêm đơn nào. Để bảo vệ bạn, mã tra cứu chỉ hiện trong 30 phút sau khi "
			  "gửi, trên trình duyệt đã gửi đơn, hoặc đến khi bạn chọn ẩn mã.",
			"If you have just sent a report, it is stored: reloading or going back creates "
			"no other report. To protect you, the receipt is shown only for 30 minutes "
			"after sending, in the browser that sent it, or until you chose to hide it."));
	html_raw(&h, "</p>\n<ul>\n<li><a href=\"");
	lang_link(&h, l, "/followup");
	html_raw(&h, "\">");
	html_text(&h, T(l, "Đã chép mã? Theo dõi đơn", "Have your receipt? Follow your case"));
	html_raw(&h, "</a></li>\n<li><a href=\"");
	lang_link(&h, l, "/lost");
	html_raw(&h, "\">");
	html_text(&h, T(l, "Mất mã tra cứu? Xem cách làm", "Lost your receipt? What to do"));
	html_raw(&h, "</a></li>\n</ul>\n");
	pg_foot(&h, l);
	return html_finish(&h, len);
}

char *page_lost(enum lang l, const struct page_contact *contacts, size_t n, size_t *len)
{
	struct html h;
	html_init(&h);
	pg_head(&h, l, T(l, "Mất mã tra cứu?", "Lost your receipt?"), "/lost", "/lost?lang=en");
	html_raw(&h, "<h1>");
	html_text(&h, T(l, "Mất mã tra cứu?", "Lost your receipt?"));
	html_raw(&h, "</h1>\n<p>");
	html_text(&h, T(l, "Mã tra cứu không được lưu ở đâu dưới dạng đọc được, nên không ai cấp lại "
			  "được: hệ thống chỉ giữ một dấu vết một chiều của mã. Đơn của bạn vẫn được giải "
			  "quyết bình thường; bạn chỉ mất cách theo dõi trên mạng.",
			"The receipt is kept nowhere in readable form, so nobody can issue it again: "
			"the system keeps only a one-way trace of it. Your report is handled all the "
			"same; you only lose the way to follow it online."));
	html_raw(&h, "</p>\n<h2>");
	html_text(&h, T(l, "Bạn có thể", "What you can do"));
	html_raw(&h, "</h2>\n<ol>\n<li>");
	html_text(&h, T(l, "Nếu đơn ghi rõ họ tên: liên hệ cơ quan thanh tra đang giải quyết (địa chỉ, "
			  "điện thoại ở dưới), nói số hồ sơ nếu còn nhớ, ngày gửi và tỉnh. Cơ quan đối "
			  "chiếu với thông tin người gửi trong đơn và liên hệ với bạn theo địa chỉ bạn đã "
			  "ghi; các thông báo theo luật vẫn được gửi đến bạn.",
			"If your report carries your name: contact the inspectorate handling it "
			"(address and phone below) with the case number if you remember it, the day "
			"you sent it and the province. It matches you with the sender's details in "
			"the report and contacts you at the address you gave; the notices the law "
			"requires still reach you."));
	html_raw(&h, "</li>\n<li>");
	html_text(&h, T(l, "Nếu đơn nặc danh: không ai liên kết được bạn với đơn, và đó là điều bảo "
			  "vệ bạn. Bạn có thể gửi một đơn mới nhắc lại sự việc và chứng cứ, ghi trong "
			  "nội dung rằng đã gửi một đơn trước đó (ngày, tỉnh).",
			"If it was anonymous: nobody can link you to it, which is what protects you. "
			"You can send a new report repeating the facts and evidence, saying in it that "
			"you sent one before (the day, the province)."));
	html_raw(&h, "</li>\n<li>");
	html_text(&h, T(l, "Đừng gửi lại cùng một đơn chỉ để có mã mới nếu không cần: đơn trùng làm "
			  "việc giải quyết chậm hơn.",
			"Do not send the same report again just to get a new receipt unless you need "
			"to: duplicates slow the handling down."));
	html_raw(&h, "</li>\n</ol>\n<h2>");
	html_text(&h, T(l, "Địa chỉ, điện thoại tiếp công dân", "Addresses and reception phones"));
	html_raw(&h, "</h2>\n<div class=\"contacts\">\n");
	for (size_t i = 0; i < n; i++)
		pg_contact(&h, l, &contacts[i]);
	html_raw(&h, "</div>\n");
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
	html_text(h, T(l, "Mã tra cứu (mã biên nhận)", "Receipt"));
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
	html_raw(&h, "<p><a href=\"");
	lang_link(&h, l, "/lost");
	html_raw(&h, "\">");
	html_text(&h, T(l, "Mất mã tra cứu?", "Lost your receipt?"));
	html_raw(&h, "</a></p>\n");
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
			html_text(h, unit ? f->unit_name : T(l, "Bạn", "You"));
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

/* The form to write to the inspectorate (its last hint left open). */
static void reply_form(struct html *h, enum lang l, const struct page_followup *f,
		       const struct page_limits *limits)
{
	html_raw(h, "<h2>");
	html_text(h, T(l, "Gửi tin nhắn hoặc bổ sung chứng cứ", "Write to the inspectorate or add evidence"));
	html_raw(h, "</h2>\n");
	if (f->error) {
		html_raw(h, "<p class=\"error\" id=\"err-text\" role=\"alert\">");
		html_text(h, f->error);
		html_raw(h, "</p>\n");
	}
	html_raw(h, "<form method=\"post\" action=\"/followup/messages\" "
		     "enctype=\"multipart/form-data\">\n");
	html_rawf(h, "<input type=\"hidden\" name=\"lang\" value=\"%s\">\n", lang_code(l));
	html_raw(h, "<input type=\"hidden\" name=\"receipt\" value=\"");
	html_text(h, f->receipt);
	if (f->msg_token) {
		/* One-time: a second POST of this form sends nothing more (web_seal.h). */
		html_raw(h, "\">\n<input type=\"hidden\" name=\"msg_token\" value=\"");
		html_text(h, f->msg_token);
	}
	html_raw(h, "\">\n<div class=\"field\"><label for=\"f-text\">");
	html_text(h, T(l, "Tin nhắn", "Message"));
	html_raw(h, "</label>\n<textarea id=\"f-text\" name=\"text\" rows=\"6\"");
	if (f->error)
		html_raw(h, " aria-invalid=\"true\" aria-describedby=\"err-text\"");
	html_raw(h, " required aria-required=\"true\"></textarea></div>\n<div class=\"field\"><label for=\"f-file\">");
	html_text(h, T(l, "Tệp đính kèm", "Attachments"));
	html_raw(h, "</label>\n");
	pg_limits_words(h, l, limits);
	html_raw(h, "<p class=\"hint\" id=\"hint-photo\">");
	html_text(h, T(l, "Ảnh chụp bằng điện thoại thường ghi kèm vị trí (GPS); nếu điều đó có thể "
			  "làm lộ bạn, hãy gửi ảnh chụp màn hình thay cho ảnh gốc.",
			"Phone photos usually carry the place (GPS); if that could identify you, "
			"send a screenshot instead of the original."));
	html_raw(h, "</p>\n<input type=\"file\" id=\"f-file\" name=\"file\" multiple "
		     "aria-describedby=\"hint-file hint-photo\"></div>\n<button type=\"submit\">");
	html_text(h, T(l, "Gửi", "Send"));
	html_raw(h, "</button>\n</form>\n<p class=\"hint\">");
	html_text(h, T(l, "Sau khi gửi tin nhắn, trình duyệt giữ một bản mã hóa (không đọc được) của "
			  "mã tra cứu trong 30 phút để hiện lại trang này; hãy đóng trình duyệt khi xong "
			  "nếu máy dùng chung.",
			"After you send a message, the browser keeps an encrypted (unreadable) copy of "
			"the receipt for 30 minutes to show this page again; close the browser when "
			"done if the device is shared."));
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
	html_raw(&h, "</dd>\n<dt>");
	html_text(&h, T(l, "Cơ quan đang giải quyết", "Handled now by"));
	html_raw(&h, "</dt><dd>");
	html_text(&h, f->unit_name);
	html_raw(&h, "</dd>\n<dt>");
	html_text(&h, T(l, "Ngày nhận", "Received on"));
	html_raw(&h, "</dt><dd>");
	pg_date(&h, l, f->received_on);
	html_raw(&h, "</dd>\n</dl>\n");
	pg_running(&h, l, f);
	if (f->n_deadlines) {
		html_raw(&h, "<h2>");
		html_text(&h, T(l, "Các thời hạn tiếp theo", "Deadlines after it"));
		html_raw(&h, "</h2>\n");
		pg_deadlines(&h, l, f->deadlines, f->n_deadlines);
	}
	pg_story(&h, l, f);
	messages_list(&h, l, f);
	reply_form(&h, l, f, limits);
	html_raw(&h, "</p>\n<h2>");
	html_text(&h, T(l, "Liên hệ trực tiếp", "In person or by phone"));
	html_raw(&h, "</h2>\n");
	pg_contact(&h, l, f->contact);
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
