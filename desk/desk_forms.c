/*
 * desk_forms.c - the forms of what the law allows next on a case, each
 * with its paperwork fields (the decision's number and date, the legal
 * ground, the criteria met, the reason, a note); assignment; transfer.
 * Only the actions the daemon lists as allowed now ("allowed_actions",
 * computed by the case service from the domain's own rules) get a form.
 */
#include <stdlib.h>
#include <string.h>

#include "desk_case.h"
#include "desk_directory.h"
#include "desk_forms.h"
#include "dm_grounds.h"

/* Decree 31/2019/NĐ-CP Art. 3(2) (complaints: Decree 124/2020 Art. 3a, the same seven). */
const struct desk_choice desk_criteria[] = {
	{"a", "a) Một nội dung nhưng phải xác minh ở từ 2 địa điểm trở lên"},
	{"b", "b) Có từ 2 nội dung trở lên phải xác minh"},
	{"c", "c) Nhiều người cùng tố cáo một nội dung hoặc liên quan quyền, lợi ích của nhiều người"},
	{"d", "d) Có yếu tố nước ngoài"},
	{"dd", "đ) Liên quan trách nhiệm quản lý của nhiều cơ quan, tổ chức"},
	{"e", "e) Các cơ quan, tổ chức có liên quan còn có ý kiến khác nhau"},
	{"g", "g) Tài liệu, chứng cứ mâu thuẫn, cần thời gian xem xét, thẩm định, giám định"},
	{NULL, NULL},
};

static int listed(const cJSON *arr, const char *s)
{
	const cJSON *k;
	cJSON_ArrayForEach(k, arr) if (cJSON_IsString(k) && strcmp(k->valuestring, s) == 0) return 1;
	return 0;
}

/* The decision's number and date and a note: every action's paperwork. */
static void paperwork(struct desk_req *r, const char *a)
{
	dh_fmt(r, "<label for=\"%s-num\">%s</label><input type=\"text\" id=\"%s-num\" "
		  "name=\"decision_number\" maxlength=\"64\" placeholder=\"%s\">"
		  "<label for=\"%s-date\">%s</label><input type=\"date\" id=\"%s-date\" "
		  "name=\"decision_date\">"
		  "<label for=\"%s-note\">%s</label><textarea id=\"%s-note\" name=\"note\" rows=\"3\" "
		  "maxlength=\"8000\"></textarea>",
	       a, T(r, "Số quyết định, văn bản", "Decision or document number"), a,
	       T(r, "ví dụ 12/QĐ-TTr", "e.g. 12/QĐ-TTr"), a,
	       T(r, "Ngày ký", "Date signed"), a, a,
	       T(r, "Ghi chú (niêm phong bằng khóa của đơn vị)", "Note (sealed to the unit's key)"),
	       a);
}

static void decline_fields(struct desk_req *r, const struct desk_view *v)
{
	const char *track = desk_jstr(v->doc, "track");
	dh_fmt(r, "<label for=\"decline-ground\">%s</label><select id=\"decline-ground\" "
		  "name=\"ground\" required aria-required=\"true\"><option value=\"\">%s</option>",
	       T(r, "Căn cứ pháp lý (bắt buộc)", "Legal ground (required)"),
	       T(r, "— chọn căn cứ —", "— choose —"));
	/* The domain's table (dm_grounds.h): the value posted is the API's name. */
	enum dm_track t = 0;
	if (dm_track_parse(track, &t) != TC_OK)
		t = 0;
	for (int g = 1; g <= DM_GROUND_MAX; g++) {
		const struct dm_ground *d = dm_ground_of((enum dm_decline_ground)g);
		if (d->track != t)
			continue;
		dh_fmt(r, "<option value=\"%s\">", d->name);
		dh_text(r, d->vi);
		dh_raw(r, " (");
		dh_text(r, d->citation_vi);
		dh_raw(r, ")</option>");
	}
	dh_fmt(r, "</select><label for=\"decline-detail\">%s</label>"
		  "<input type=\"text\" id=\"decline-detail\" name=\"ground_detail\" maxlength=\"500\">",
	       T(r, "Căn cứ cụ thể (khoản, điểm; lý do)", "Specific ground (clause, point; why)"));
}

static void extend_fields(struct desk_req *r, const struct desk_view *v)
{
	const cJSON *met = cJSON_GetObjectItemCaseSensitive(v->doc, "complexity_criteria");
	dh_fmt(r, "<fieldset><legend>%s</legend>",
	       T(r, "Tiêu chí vụ việc phức tạp đáp ứng (Nghị định 31/2019/NĐ-CP, Điều 3 khoản 2)",
		 "Complexity criteria met (Decree 31/2019/NĐ-CP Art. 3(2))"));
	for (size_t i = 0; desk_criteria[i].key; i++) {
		int had = listed(met, desk_criteria[i].key);
		dh_fmt(r, "<label><input type=\"checkbox\" name=\"criteria_%s\" value=\"1\"%s> ",
		       desk_criteria[i].key, had ? " checked disabled" : "");
		dh_text(r, desk_criteria[i].text);
		if (had)
			dh_fmt(r, " <em>(%s)</em>", T(r, "đã ghi nhận", "recorded"));
		dh_raw(r, "</label>");
	}
	dh_fmt(r, "<small class=\"muted\">%s</small></fieldset>",
	       T(r, "Một tiêu chí: phức tạp, gia hạn một lần; từ hai tiêu chí: đặc biệt phức tạp, "
		    "gia hạn tối đa hai lần, mỗi lần không quá 30 ngày (Luật Tố cáo, Điều 30).",
		 "One criterion: complicated, one extension; two or more: particularly "
		 "complicated, at most two extensions of 30 days each (Law on Denunciations Art. 30)."));
}

static void reason_field(struct desk_req *r, const char *a, int required)
{
	dh_fmt(r, "<label for=\"%s-reason\">%s</label><input type=\"text\" id=\"%s-reason\" "
		  "name=\"reason\" maxlength=\"500\"%s>",
	       a, required ? T(r, "Lý do (bắt buộc)", "Reason (required)") : T(r, "Lý do", "Reason"),
	       a, required ? " required aria-required=\"true\"" : "");
}

static void withdraw_fields(struct desk_req *r, const struct desk_view *v)
{
	if (strcmp(desk_jstr(v->doc, "track"), "denunciation") != 0)
		return;
	dh_fmt(r, "<label for=\"withdraw-cont\">%s</label><select id=\"withdraw-cont\" "
		  "name=\"continue_reason\"><option value=\"\">%s</option>"
		  "<option value=\"signs_of_violation\">%s</option><option value=\"coerced\">%s</option>"
		  "<option value=\"abusive\">%s</option></select>",
	       T(r, "Vẫn tiếp tục giải quyết vì (Luật Tố cáo, Điều 33 khoản 3)",
		 "Settled anyway because (Law on Denunciations Art. 33(3))"),
	       T(r, "— không: dừng giải quyết —", "— no: stop —"),
	       T(r, "Hành vi có dấu hiệu vi phạm pháp luật", "The act shows signs of a violation"),
	       T(r, "Người tố cáo rút đơn do bị đe dọa, mua chuộc", "Withdrawn under threat or bribery"),
	       T(r, "Lợi dụng việc tố cáo để vu khống", "The denunciation was abused to slander"));
}

static void flag_fields(struct desk_req *r, const struct desk_view *v)
{
	const cJSON *k;
	dh_fmt(r, "<label for=\"flag-which\">%s</label><select id=\"flag-which\" name=\"flag\" "
		  "required aria-required=\"true\">",
	       T(r, "Đánh dấu", "Flag"));
	cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(v->doc, "allowed_flags"))
	{
		if (!cJSON_IsString(k))
			continue;
		dh_fmt(r, "<option value=\"%s\">", k->valuestring);
		dh_text(r, dw_flag(r, k->valuestring));
		dh_raw(r, "</option>");
	}
	dh_raw(r, "</select>");
}

/* One allowed action: a folded form with its own fields and the paperwork. */
static void action_form(struct desk_req *r, const struct desk_view *v, const char *a)
{
	dh_fmt(r, "<details class=\"act\"><summary>");
	dh_text(r, dw_action(r, a));
	dh_fmt(r, "</summary><form class=\"stack\" method=\"post\" action=\"/case/%s/act\">", v->id);
	dh_csrf(r);
	dh_fmt(r, "<input type=\"hidden\" name=\"action\" value=\"%s\">", a);
	if (strcmp(a, "decline") == 0)
		decline_fields(r, v);
	else if (strcmp(a, "extend") == 0)
		extend_fields(r, v);
	else if (strcmp(a, "withdraw") == 0)
		withdraw_fields(r, v);
	else if (strcmp(a, "flag") == 0)
		flag_fields(r, v);
	else if (strcmp(a, "suspend") == 0 || strcmp(a, "terminate") == 0 ||
		 strcmp(a, "resume") == 0)
		reason_field(r, a, 1);
	paperwork(r, a);
	dh_raw(r, "<p><button type=\"submit\">");
	dh_text(r, dw_action(r, a));
	dh_raw(r, "</button></p></form></details>");
}

void desk_next_box(struct desk_req *r, const struct desk_view *v)
{
	const cJSON *allowed = cJSON_GetObjectItemCaseSensitive(v->doc, "allowed_actions"), *k;
	int any = 0;
	dh_fmt(r, "<section class=\"box\"><h2>%s</h2>",
	       T(r, "Xử lý tiếp theo theo quy định", "What the law allows next"));
	cJSON_ArrayForEach(k, allowed)
	{
		if (!cJSON_IsString(k) || strcmp(k->valuestring, "transfer") == 0)
			continue;
		action_form(r, v, k->valuestring);
		any = 1;
	}
	if (!any)
		dh_fmt(r, "<p class=\"muted\">%s</p>", T(r, "Không còn việc xử lý nào theo quy định.",
							  "The law allows no further action."));
	dh_raw(r, "</section>");
}

void desk_assign_box(struct desk_req *r, const struct desk_view *v)
{
	struct desk_staff *staff = NULL;
	size_t n = 0;
	const char *now = desk_jstr(v->doc, "assignee");
	desk_directory_staff(r->d->o->directory, r->d->unit.unit, &staff, &n);
	dh_fmt(r, "<section class=\"box\"><h2>%s</h2><form class=\"stack\" method=\"post\" "
		  "action=\"/case/%s/assign\">",
	       T(r, "Phân công", "Assignment"), v->id);
	dh_csrf(r);
	dh_fmt(r, "<label for=\"assign-to\">%s</label><select id=\"assign-to\" name=\"to\">"
		  "<option value=\"me\"%s>%s</option><option value=\"none\"%s>%s</option>",
	       T(r, "Giao cho", "Assign to"), strcmp(now, r->d->my_key) == 0 ? " selected" : "",
	       T(r, "Tôi", "Me"), now[0] ? "" : " selected", T(r, "Chưa phân công", "Nobody"));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(staff[i].key, r->d->my_key) == 0)
			continue;
		dh_fmt(r, "<option value=\"%s\"%s>", staff[i].name,
		       strcmp(now, staff[i].key) == 0 ? " selected" : "");
		dh_text(r, staff[i].name);
		dh_raw(r, "</option>");
	}
	dh_fmt(r, "</select><p><button type=\"submit\">%s</button></p></form></section>",
	       T(r, "Phân công", "Assign"));
	free(staff);
}

static void transfer_form(struct desk_req *r, const struct desk_view *v)
{
	struct cr_unit_pub *units = NULL;
	size_t n = 0;
	desk_directory_units(r->d->o->directory, &units, &n);
	dh_fmt(r, "<form class=\"stack\" method=\"post\" action=\"/case/%s/transfer\">", v->id);
	dh_csrf(r);
	dh_fmt(r, "<label for=\"transfer-to\">%s</label><select id=\"transfer-to\" name=\"to_unit\" "
		  "required aria-required=\"true\"><option value=\"\">%s</option>",
	       T(r, "Chuyển đến đơn vị có thẩm quyền", "Transfer to the competent unit"),
	       T(r, "— chọn đơn vị —", "— choose —"));
	for (size_t i = 0; i < n; i++)
		if (strcmp(units[i].unit, r->d->unit.unit) != 0)
			dh_fmt(r, "<option value=\"%s\">%s</option>", units[i].unit, units[i].unit);
	dh_raw(r, "</select>");
	if (strcmp(desk_jstr(v->doc, "identity"), "confidential") == 0)
		dh_fmt(r, "<p>%s</p>", T(r, "Danh tính người tố cáo vẫn niêm phong khi chuyển: đơn vị "
					    "nhận chỉ mở được bằng một lần mở có ghi lại lý do.",
					 "The identity stays sealed in the transfer: the receiving "
					 "unit can open it only by a recorded reveal."));
	dh_fmt(r, "<p><button type=\"submit\">%s</button></p></form>", T(r, "Chuyển đơn", "Transfer"));
	if (n == 0)
		dh_fmt(r, "<p class=\"muted\">%s</p>",
		       T(r, "Chưa có danh bạ khóa công khai của các đơn vị (--directory).",
			 "No directory of the units' public keys (--directory)."));
	free(units);
}

void desk_transfer_box(struct desk_req *r, const struct desk_view *v)
{
	const cJSON *tp = cJSON_GetObjectItemCaseSensitive(v->doc, "transfer_pending");
	if (!listed(cJSON_GetObjectItemCaseSensitive(v->doc, "allowed_actions"), "transfer") && !tp)
		return;
	dh_fmt(r, "<section class=\"box\"><h2>%s</h2>", T(r, "Chuyển đơn", "Transfer"));
	if (tp) {
		dh_fmt(r, "<form method=\"post\" action=\"/case/%s/cancel-transfer\">", v->id);
		dh_csrf(r);
		dh_fmt(r, "<button class=\"plain\" type=\"submit\">%s</button></form>",
		       T(r, "Hủy đề nghị chuyển", "Cancel the offer"));
	} else {
		transfer_form(r, v);
	}
	dh_raw(r, "</section>");
}
