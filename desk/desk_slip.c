/*
 * desk_slip.c - the citizen's slip after a reception entry (phiếu tiếp nhận,
 * docs/DESK.md "Reception"): printed from the desk and handed over or
 * posted. The receipt code is shown here once, as the web's receipt page
 * shows it once; the desk keeps no copy of it.
 */
#include <stdio.h>
#include <string.h>

#include "desk_internal.h"
#include "tc_client.h"

static const char *jstr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static void row(struct desk_req *r, const char *key, const char *value, int date)
{
	dh_raw(r, "<dt>");
	dh_text(r, key);
	dh_raw(r, "</dt><dd>");
	if (date)
		dh_date(r, value);
	else
		dh_text(r, value);
	dh_raw(r, "</dd>");
}

/* The deadlines that now run, each with its article. */
static void slip_deadlines(struct desk_req *r, const cJSON *a)
{
	const cJSON *dl = cJSON_GetObjectItemCaseSensitive(a, "deadlines");
	const cJSON *basis = cJSON_GetObjectItemCaseSensitive(a, "basis");
	dh_raw(r, "<h2>");
	dh_text(r, T(r, "Thời hạn giải quyết đơn", "The deadlines that now run"));
	dh_raw(r, "</h2><dl class=\"kv deadlines\">");
	for (const cJSON *k = dl ? dl->child : NULL; k; k = k->next) {
		if (!cJSON_IsString(k) || k->string == NULL)
			continue;
		dh_raw(r, "<dt>");
		dh_text(r, dw_deadline(r, k->string));
		dh_raw(r, "</dt><dd>");
		dh_date(r, k->valuestring);
		const char *art = jstr(basis, k->string);
		if (*art) {
			dh_raw(r, " <span class=\"muted\">(");
			dh_text(r, art);
			dh_raw(r, ")</span>");
		}
		dh_raw(r, "</dd>");
	}
	dh_raw(r, "</dl>");
}

/* How to follow the case, and what happens next, in plain words. */
static void slip_next(struct desk_req *r, const cJSON *a)
{
	const struct tcc_conf *conf = tcc_session_conf(r->d->s);
	const char *base = r->d->o->public_url ? r->d->o->public_url : conf->server;
	size_t n = strlen(base);
	while (n && base[n - 1] == '/')
		n--;
	dh_raw(r, "<h2>");
	dh_text(r, T(r, "Theo dõi đơn", "Following the case"));
	dh_raw(r, "</h2><p>");
	dh_text(r, T(r, "Ông/bà vào địa chỉ dưới đây và nhập mã tiếp nhận để xem tình trạng đơn, "
			"các thời hạn, thông báo của cơ quan và để gửi thêm thông tin, chứng cứ:",
		     "Go to the address below and enter the receipt code to see the case's status, "
		     "its deadlines, the unit's messages, and to send more information:"));
	dh_raw(r, "</p><p class=\"url\">");
	dh_textn(r, base, n);
	dh_raw(r, "/followup</p><p>");
	dh_text(r, T(r, "Giữ kín mã tiếp nhận: ai có mã đều xem được tình trạng đơn và gửi tin nhắn "
			"thay ông/bà. Cơ quan không lưu mã này và không cấp lại khi bị mất.",
		     "Keep the receipt code secret: whoever holds it can see the case and write in "
		     "your name. The unit does not keep it and cannot issue it again."));
	dh_raw(r, "</p><h2>");
	dh_text(r, T(r, "Các bước tiếp theo", "What happens next"));
	dh_raw(r, "</h2><p>");
	dh_text(r, strcmp(jstr(a, "track"), "petition") == 0
			   ? T(r, "Đơn vị xem xét kiến nghị, phản ánh và trả lời ông/bà qua địa chỉ theo "
				  "dõi ở trên.",
			       "The unit considers the petition and answers at the address above.")
			   : T(r, "Trước hạn xử lý đơn, đơn vị quyết định thụ lý hoặc không thụ lý, hoặc "
				  "chuyển đơn đến cơ quan có thẩm quyền, và thông báo cho ông/bà. Nếu "
				  "thụ lý, đơn được giải quyết trong thời hạn ghi trên, có thể được gia "
				  "hạn theo quy định của luật; ông/bà được thông báo kết quả.",
			       "Before the processing deadline the unit accepts the report, declines it "
			       "or transfers it to the competent body, and tells you. Once accepted, "
			       "it is settled within the deadline above (which the law allows to be "
			       "extended); you are told the outcome."));
	dh_raw(r, "</p>");
}

void desk_slip_page(struct desk_req *r, const cJSON *a)
{
	dh_page_begin(r, T(r, "Phiếu tiếp nhận đơn", "Receipt slip"));
	dh_notice(r, "ok", T(r, "Đã ghi nhận. Hãy in phiếu này (Ctrl+P) và trao cho người gửi đơn: "
				"mã tiếp nhận chỉ hiện một lần.",
			     "Registered. Print this slip (Ctrl+P) for the reporter: the receipt "
			     "code is shown only once."));
	dh_raw(r, "<article class=\"slip\"><p class=\"motto\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
		  "<br>Độc lập - Tự do - Hạnh phúc</p><h1>");
	dh_text(r, T(r, "PHIẾU TIẾP NHẬN ĐƠN", "RECEIPT SLIP"));
	dh_raw(r, "</h1><p class=\"receipt\">");
	dh_text(r, T(r, "Mã tiếp nhận: ", "Receipt code: "));
	dh_raw(r, "<strong id=\"receipt\">");
	dh_text(r, jstr(a, "receipt"));
	dh_raw(r, "</strong></p><dl class=\"kv\">");
	row(r, T(r, "Mã hồ sơ", "Case id"), jstr(a, "case_id"), 0);
	row(r, T(r, "Đơn vị có thẩm quyền", "Competent unit"), jstr(a, "unit_name"), 0);
	row(r, T(r, "Loại đơn", "Track"), dw_track(r, jstr(a, "track")), 0);
	row(r, T(r, "Ngày nhận đơn", "Day received"), jstr(a, "received_on"), 1);
	row(r, T(r, "Hình thức tiếp nhận", "How it came"),
	    desk_channel_words(r, jstr(a, "channel")), 0);
	row(r, T(r, "Nơi tiếp nhận", "Received at"), jstr(a, "received_by"), 0);
	dh_raw(r, "</dl>");
	slip_deadlines(r, a);
	slip_next(r, a);
	dh_raw(r, "<p class=\"sign\">");
	dh_text(r, T(r, "Người tiếp nhận (ký, ghi rõ họ tên)", "Received by (signature, name)"));
	dh_raw(r, "</p></article><p class=\"noprint\"><a href=\"/reception\">");
	dh_text(r, T(r, "Tiếp nhận đơn khác", "Take another report"));
	dh_raw(r, "</a></p>");
	dh_page_end(r);
	desk_send_page(r, 200);
}
