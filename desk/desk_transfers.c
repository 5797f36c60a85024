/*
 * desk_transfers.c - the transfers page: cases offered to this unit (to
 * receive: the desk opens the offered key with the unit's key and proves
 * it, so the sender's copy is dropped only once this unit can read the
 * case), offers this unit made and not yet confirmed, and the register of
 * the cases it transferred (no content: id, unit, day).
 */
#include <string.h>

#include "desk_case.h"

static void offers(struct desk_req *r, const cJSON *list, int incoming)
{
	const cJSON *k;
	if (cJSON_GetArraySize(list) == 0) {
		dh_fmt(r, "<p class=\"muted\">%s</p>", T(r, "Không có.", "None."));
		return;
	}
	dh_fmt(r, "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th></th></tr>"
		  "</thead><tbody>",
	       T(r, "Mã hồ sơ", "Case"), incoming ? T(r, "Từ đơn vị", "From") : T(r, "Đến đơn vị", "To"),
	       T(r, "Loại", "Kind"), T(r, "Từ ngày", "Since"));
	cJSON_ArrayForEach(k, list)
	{
		const char *id = desk_jstr(k, "case_id");
		dh_raw(r, "<tr><td>");
		dh_text(r, id);
		dh_raw(r, "</td><td>");
		dh_text(r, desk_jstr(k, incoming ? "from_unit" : "to_unit"));
		dh_raw(r, "</td><td>");
		dh_text(r, dw_track(r, desk_jstr(k, "track")));
		if (strcmp(desk_jstr(k, "identity"), "confidential") == 0)
			dh_fmt(r, "<br><small>%s</small>", T(r, "danh tính niêm phong", "identity sealed"));
		dh_raw(r, "</td><td>");
		dh_date(r, desk_jstr(k, "since"));
		dh_raw(r, "</td><td><form method=\"post\" action=\"/case/");
		dh_url(r, id);
		dh_fmt(r, "/%s\">", incoming ? "receive" : "cancel-transfer");
		dh_csrf(r);
		dh_fmt(r, "<button type=\"submit\"%s>%s</button></form></td></tr>",
		       incoming ? "" : " class=\"plain\"",
		       incoming ? T(r, "Nhận hồ sơ", "Receive") : T(r, "Hủy", "Cancel"));
	}
	dh_raw(r, "</tbody></table>");
}

static void register_table(struct desk_req *r, const cJSON *list)
{
	const cJSON *k;
	if (cJSON_GetArraySize(list) == 0) {
		dh_fmt(r, "<p class=\"muted\">%s</p>", T(r, "Chưa chuyển hồ sơ nào.", "None yet."));
		return;
	}
	dh_fmt(r, "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	       T(r, "Mã hồ sơ", "Case"), T(r, "Đã chuyển đến", "Transferred to"),
	       T(r, "Ngày", "Day"));
	cJSON_ArrayForEach(k, list)
	{
		dh_raw(r, "<tr><td>");
		dh_text(r, desk_jstr(k, "case_id"));
		dh_raw(r, "</td><td>");
		dh_text(r, desk_jstr(k, "to_unit"));
		dh_raw(r, "</td><td>");
		dh_date(r, desk_jstr(k, "day"));
		dh_raw(r, "</td></tr>");
	}
	dh_raw(r, "</tbody></table>");
}

void desk_transfers_page(struct desk_req *r)
{
	struct tcc_result list, sent;
	int st = tcc_transfers(r->d->s, &list);
	int st2 = st == 200 ? tcc_transfers_sent(r->d->s, &sent) : -1;
	if (st != 200 || st2 != 200) {
		desk_error_page(r, 502, T(r, "Không đọc được", "Cannot read"),
				tcc_problem(st != 200 ? &list : &sent));
		tcc_result_free(&list);
		if (st == 200)
			tcc_result_free(&sent);
		return;
	}
	dh_page_begin(r, T(r, "Chuyển đơn", "Transfers"));
	dh_fmt(r, "<h1>%s</h1><section class=\"box\"><h2>%s</h2>", T(r, "Chuyển đơn", "Transfers"),
	       T(r, "Đơn vị khác chuyển đến, chờ nhận", "Offered to this unit"));
	offers(r, cJSON_GetObjectItemCaseSensitive(list.doc, "incoming"), 1);
	dh_fmt(r, "</section><section class=\"box\"><h2>%s</h2>",
	       T(r, "Đơn vị này đã đề nghị chuyển, chờ xác nhận", "Offered by this unit, unconfirmed"));
	offers(r, cJSON_GetObjectItemCaseSensitive(list.doc, "outgoing"), 0);
	dh_fmt(r, "</section><section class=\"box\"><h2>%s</h2><p class=\"muted\">%s</p>",
	       T(r, "Sổ theo dõi hồ sơ đã chuyển", "Register of transferred cases"),
	       T(r, "Chỉ ghi mã, đơn vị nhận và ngày; nội dung đã thuộc đơn vị nhận.",
		 "Only the id, the receiving unit and the day; the contents are the receiver's now."));
	register_table(r, cJSON_GetObjectItemCaseSensitive(sent.doc, "sent"));
	dh_raw(r, "</section>");
	dh_page_end(r);
	desk_send_page(r, 200);
	tcc_result_free(&list);
	tcc_result_free(&sent);
}
