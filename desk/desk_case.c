/*
 * desk_case.c - one case, opened on this machine: the report, the
 * reporter (a confidential identity stays sealed until a reveal with its
 * reason), the attachments, the conversation, the deadlines with their
 * articles, the timeline, and the forms of what the law allows next
 * (desk_forms.c). Everything is read from the daemon for each view and
 * dropped after it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desk_case.h"
#include "desk_internal.h"
#include "dm_reasons.h"
#include "tc_client.h"

#define jstr desk_jstr

const char *desk_jstr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

int desk_jint(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsNumber(v) ? v->valueint : 0;
}

const char *desk_reason(const struct desk_req *r, const struct tcc_result *res)
{
	const char *en = tcc_problem(res), *vi = dm_reason_vi(en);
	return r->lang == DESK_VI && vi ? vi : en;
}

/* One "label: value" line of a definition list, the value as text; skipped when empty. */
static void kv(struct desk_req *r, const char *label, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	dh_raw(r, "<dt>");
	dh_text(r, label);
	dh_raw(r, "</dt><dd>");
	dh_text(r, value);
	dh_raw(r, "</dd>");
}

static void kv_date(struct desk_req *r, const char *label, const char *iso)
{
	if (iso == NULL || iso[0] == '\0')
		return;
	dh_raw(r, "<dt>");
	dh_text(r, label);
	dh_raw(r, "</dt><dd>");
	dh_date(r, iso);
	dh_raw(r, "</dd>");
}

static void report_box(struct desk_req *r, const struct desk_view *v)
{
	const cJSON *b = v->body, *acc = cJSON_GetObjectItemCaseSensitive(b, "accused");
	const cJSON *jur = cJSON_GetObjectItemCaseSensitive(b, "jurisdiction");
	dh_fmt(r, "<section class=\"box\"><h2>%s</h2>", T(r, "Nội dung đơn", "The report"));
	if (b == NULL) {
		dh_notice(r, "error", T(r, "Không mở được nội dung bằng khóa của đơn vị.",
					"The contents do not open with the unit's key."));
		dh_raw(r, "</section>");
		return;
	}
	dh_raw(r, "<dl class=\"kv\">");
	kv(r, T(r, "Loại đơn", "Kind"), dw_track(r, jstr(v->doc, "track")));
	kv(r, T(r, "Lĩnh vực", "Category"), dw_category(r, jstr(v->doc, "category")));
	kv_date(r, T(r, "Ngày nhận", "Received"), jstr(v->doc, "received_on"));
	kv(r, T(r, "Người bị tố cáo, khiếu nại", "Accused"), jstr(acc, "name"));
	kv(r, T(r, "Chức vụ, nơi công tác", "Position, workplace"), jstr(acc, "position"));
	kv(r, T(r, "Cấp", "Level"), dw_level(r, jstr(jur, "level")));
	kv(r, T(r, "Tỉnh (mã)", "Province (code)"), jstr(jur, "province"));
	kv(r, T(r, "Xã, phường (mã)", "Commune (code)"), jstr(jur, "commune"));
	kv(r, T(r, "Tóm tắt", "Summary"), jstr(b, "summary"));
	dh_raw(r, "</dl>");
	dh_fmt(r, "<h3>%s</h3><div class=\"text\">", T(r, "Nội dung chi tiết", "Details"));
	dh_text(r, jstr(b, "details"));
	dh_raw(r, "</div>");
	const cJSON *cp = cJSON_GetObjectItemCaseSensitive(b, "complaint");
	if (cJSON_IsObject(cp)) {
		dh_raw(r, "<dl class=\"kv\">");
		kv(r, T(r, "Quyết định, hành vi bị khiếu nại", "Decision or act complained of"),
		   jstr(cp, "subject"));
		kv(r, T(r, "Số quyết định", "Decision number"), jstr(cp, "decision_number"));
		kv_date(r, T(r, "Ngày quyết định", "Decision date"), jstr(cp, "decision_date"));
		kv(r, T(r, "Khiếu nại lần", "Complaint instance"), jstr(cp, "instance"));
		dh_raw(r, "</dl>");
	}
	dh_raw(r, "</section>");
}

/* The reporter: anonymous, named (shown), or confidential (sealed until a reveal). */
static void reporter_box(struct desk_req *r, const struct desk_view *v)
{
	const char *identity = jstr(v->doc, "identity");
	dh_fmt(r, "<section class=\"box\"><h2>%s</h2><p>", T(r, "Người gửi đơn", "The reporter"));
	dh_text(r, dw_identity(r, identity));
	dh_raw(r, "</p>");
	if (v->ident) {
		dh_raw(r, "<dl class=\"kv\">");
		kv(r, T(r, "Họ tên", "Full name"), jstr(v->ident, "full_name"));
		kv(r, T(r, "Địa chỉ", "Address"), jstr(v->ident, "address"));
		kv(r, T(r, "Điện thoại", "Phone"), jstr(v->ident, "phone"));
		kv(r, T(r, "Thư điện tử", "Email"), jstr(v->ident, "email"));
		kv(r, T(r, "Số định danh cá nhân", "Personal ID number"), jstr(v->ident, "id_number"));
		dh_raw(r, "</dl>");
	} else if (strcmp(identity, "confidential") == 0) {
		dh_fmt(r, "<div class=\"sealed\"><p>%s</p>",
		       T(r, "Danh tính người tố cáo đang được niêm phong riêng. Chỉ mở khi thật cần "
			    "thiết; việc mở và lý do được ghi lại và người tố cáo được biết.",
			 "The reporter's identity is sealed apart. Open it only when needed; the "
			 "opening and its reason are recorded and the reporter is told."));
		dh_fmt(r, "<form class=\"stack\" method=\"post\" action=\"/case/%s/reveal\">", v->id);
		dh_csrf(r);
		dh_fmt(r, "<label for=\"reveal-reason\">%s</label>"
			  "<textarea id=\"reveal-reason\" name=\"reason\" rows=\"2\" required "
			  "aria-required=\"true\" maxlength=\"2000\"></textarea>"
			  "<p><button type=\"submit\">%s</button></p></form></div>",
		       T(r, "Lý do mở danh tính (bắt buộc)", "Reason for opening it (required)"),
		       T(r, "Mở danh tính", "Open the identity"));
	}
	dh_raw(r, "</section>");
}

/* The notices the law requires (docs/API.md "Notices"): each owed one's deadline, or when sent. */
static void notices_part(struct desk_req *r, const struct desk_view *v)
{
	const cJSON *ns = cJSON_GetObjectItemCaseSensitive(v->doc, "notices"), *n;
	if (ns == NULL || ns->child == NULL)
		return;
	dh_fmt(r, "<h3>%s</h3><ul class=\"notices\">", T(r, "Thông báo phải gửi", "Notices to send"));
	cJSON_ArrayForEach(n, ns)
	{
		dh_raw(r, "<li>");
		dh_text(r, dw_notice(r, jstr(n, "kind")));
		dh_fmt(r, " — %s ", T(r, "hạn", "due"));
		dh_date(r, jstr(n, "due"));
		if (jstr(n, "sent_on")[0]) {
			dh_fmt(r, ": %s ", T(r, "đã gửi", "sent"));
			dh_date(r, jstr(n, "sent_on"));
		} else if (desk_jint(n, "overdue_days") > 0) {
			dh_fmt(r, " <span class=\"due overdue\">%s %d %s</span>",
			       T(r, "chưa gửi, quá hạn", "not sent, overdue"),
			       desk_jint(n, "overdue_days"), T(r, "ngày", "days"));
		}
		dh_raw(r, "</li>");
	}
	dh_raw(r, "</ul>");
}

static void deadlines_box(struct desk_req *r, const struct desk_view *v)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(v->doc, "deadlines");
	const cJSON *basis = cJSON_GetObjectItemCaseSensitive(v->doc, "basis");
	const cJSON *prov = cJSON_GetObjectItemCaseSensitive(v->doc, "provisional");
	const cJSON *k;
	dh_fmt(r, "<section class=\"box\"><h2>%s</h2>", T(r, "Thời hạn", "Deadlines"));
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v->doc, "overdue")))
		dh_fmt(r, "<p><span class=\"due overdue\">%s %d %s</span></p>",
		       T(r, "Quá hạn", "Overdue"),
		       desk_jint(v->doc, "overdue_days"),
		       T(r, "ngày", "days"));
	dh_raw(r, "<dl class=\"deadlines\">");
	cJSON_ArrayForEach(k, d)
	{
		if (!cJSON_IsString(k))
			continue;
		dh_raw(r, "<dt>");
		dh_text(r, dw_deadline(r, k->string));
		dh_raw(r, "</dt><dd>");
		dh_date(r, k->valuestring);
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(prov, k->string)))
			dh_fmt(r, " <em>(%s)</em>", T(r, "tạm tính: lịch nghỉ năm đó chưa công bố",
						      "provisional: that year's calendar is not out"));
		const char *art = jstr(basis, k->string);
		if (art[0]) {
			dh_raw(r, "<br><small class=\"muted\">");
			dh_text(r, art);
			dh_raw(r, "</small>");
		}
		dh_raw(r, "</dd>");
	}
	dh_raw(r, "</dl>");
	if (d == NULL || d->child == NULL)
		dh_fmt(r, "<p class=\"muted\">%s</p>", T(r, "Không có thời hạn đang chạy.",
							  "No deadline is running."));
	notices_part(r, v);
	dh_raw(r, "</section>");
}

static void timeline_box(struct desk_req *r, const struct desk_view *v)
{
	const cJSON *e;
	dh_fmt(r, "<section class=\"box\"><h2>%s</h2><ol>", T(r, "Diễn biến", "Timeline"));
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(v->doc, "timeline"))
	{
		const char *ev = jstr(e, "event"), *detail = jstr(e, "detail");
		dh_raw(r, "<li>");
		dh_date(r, jstr(e, "on"));
		dh_raw(r, " — ");
		dh_text(r, dw_event(r, ev));
		if (detail[0]) {
			dh_raw(r, ": ");
			dh_text(r, strcmp(ev, "action") == 0	    ? dw_action(r, detail)
				   : strcmp(ev, "notice_sent") == 0 ? dw_notice(r, detail)
								    : detail);
		}
		dh_raw(r, "</li>");
	}
	dh_raw(r, "</ol></section>");
}

/* Open each message of the conversation (a page of JSON from the daemon). */
static void open_messages(struct desk_req *r, struct desk_view *v, const cJSON *list)
{
	int n = cJSON_GetArraySize(list);
	v->msgs = n > 0 ? calloc((size_t)n, sizeof(*v->msgs)) : NULL;
	if (v->msgs == NULL)
		return;
	const cJSON *m;
	cJSON_ArrayForEach(m, list)
	{
		struct desk_msg *dm = &v->msgs[v->n_msgs++];
		size_t len = 0;
		uint8_t *sealed = tcc_unb64(jstr(m, "for_unit"), &len);
		dm->seq = desk_jint(m, "seq");
		snprintf(dm->from, sizeof(dm->from), "%s", jstr(m, "from"));
		snprintf(dm->at, sizeof(dm->at), "%s", jstr(m, "at"));
		snprintf(dm->signature, sizeof(dm->signature), "%s", jstr(m, "signature"));
		dm->opened = sealed && tcc_open_message(dm->from, sealed, len, r->d->sec, &dm->m) == TC_OK;
		free(sealed);
	}
}

void desk_view_open(struct desk_req *r, const char *id, int messages, cJSON *revealed,
		    struct desk_view *v)
{
	struct tcc_result res;
	memset(v, 0, sizeof(*v));
	snprintf(v->id, sizeof(v->id), "%s", id);
	if (revealed) {
		v->doc = revealed;
		v->status = 200;
	} else {
		v->status = tcc_case_show(r->d->s, id, &res);
		if (v->status != 200) {
			snprintf(v->why, sizeof(v->why), "%s", desk_reason(r, &res));
			tcc_result_free(&res);
			return;
		}
		v->doc = res.doc;
	}
	if (tcc_open_case(v->doc, r->d->sec, &v->body, &v->ident) != TC_OK) {
		v->body = NULL;
		v->ident = NULL;
	}
	cJSON *list = NULL;
	if (messages && tcc_case_messages_all(r->d->s, id, &list, &res) == 200)
		open_messages(r, v, list);
	if (messages)
		tcc_result_free(&res);
	cJSON_Delete(list);
}

void desk_view_close(struct desk_view *v)
{
	for (size_t i = 0; i < v->n_msgs; i++) {
		struct tcc_message *m = &v->msgs[i].m;
		if (m->text)
			explicit_bzero(m->text, strlen(m->text));
		for (size_t f = 0; f < m->n_files; f++)
			explicit_bzero(m->files[f].data, m->files[f].len);
		desk_json_wipe(m->body);
		if (v->msgs[i].opened)
			tcc_message_free(m);
	}
	free(v->msgs);
	desk_json_wipe(v->body);
	desk_json_wipe(v->ident);
	cJSON_Delete(v->body);
	cJSON_Delete(v->ident);
	cJSON_Delete(v->doc);
	memset(v, 0, sizeof(*v));
}

/* What ?done= says after a change (the change's own page redirects here). */
static const char *done_text(const struct desk_req *r, const char *done)
{
	static const struct {
		const char *key, *vi, *en;
	} t[] = {
		{"act", "Đã ghi nhận việc xử lý.", "The action was recorded."},
		{"reply", "Đã gửi tin nhắn cho người gửi đơn (đã ký và mã hóa trên máy này).",
		 "The message was sent to the reporter (signed and sealed on this machine)."},
		{"note", "Đã lưu ghi chú nội bộ (niêm phong bằng khóa của đơn vị).",
		 "The internal note was kept (sealed to the unit's key)."},
		{"assign", "Đã phân công.", "Assigned."},
		{"notice", "Đã ghi nhận việc gửi thông báo: thời hạn gửi không còn được theo dõi.",
		 "The notice was recorded as sent: its deadline is no longer watched."},
		{"transfer", "Đã đề nghị chuyển đơn: hồ sơ vẫn thuộc đơn vị này cho đến khi đơn vị "
			     "nhận xác nhận.",
		 "Transfer offered: the case stays with this unit until the receiving unit confirms."},
		{"receive", "Đã nhận hồ sơ chuyển đến.", "The transferred case was received."},
		{"cancel", "Đã hủy đề nghị chuyển đơn.", "The transfer offer was cancelled."},
	};
	for (size_t i = 0; done && i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(done, t[i].key) == 0)
			return T(r, t[i].vi, t[i].en);
	return NULL;
}

void desk_case_render(struct desk_req *r, struct desk_view *v, const char *kind,
		      const char *notice, int status)
{
	char title[64];
	snprintf(title, sizeof(title), "%s %s", T(r, "Hồ sơ", "Case"), v->id);
	dh_page_begin(r, title);
	dh_fmt(r, "<h1>%s <span class=\"muted\">— ", title);
	dh_text(r, dw_status(r, jstr(v->doc, "status")));
	dh_raw(r, "</span></h1>");
	if (notice)
		dh_notice(r, kind, notice);
	const cJSON *tp = cJSON_GetObjectItemCaseSensitive(v->doc, "transfer_pending");
	if (tp) {
		char text[200];
		snprintf(text, sizeof(text), T(r, "Đang chờ %s xác nhận nhận hồ sơ (đề nghị từ %s).",
					       "Waiting for %s to confirm the transfer (offered on %s)."),
			 jstr(tp, "to_unit"), jstr(tp, "since"));
		dh_notice(r, "info", text);
	}
	dh_raw(r, "<div class=\"grid\"><div>");
	report_box(r, v);
	reporter_box(r, v);
	desk_attachments_box(r, v);
	desk_conversation_box(r, v);
	dh_raw(r, "</div><div>");
	deadlines_box(r, v);
	desk_documents_box(r, v);
	desk_next_box(r, v);
	desk_assign_box(r, v);
	desk_transfer_box(r, v);
	timeline_box(r, v);
	dh_raw(r, "</div></div>");
	dh_page_end(r);
	desk_send_page(r, status);
}

void desk_case_page(struct desk_req *r, const char *id)
{
	struct desk_view v;
	desk_view_open(r, id, 1, NULL, &v);
	if (v.status != 200) {
		desk_error_page(r, v.status == 404 ? 404 : 502,
				v.status == 404 ? T(r, "Không có hồ sơ này", "No such case")
						: T(r, "Không đọc được hồ sơ", "Cannot read the case"),
				v.status == 404 ? T(r, "Hồ sơ không có hoặc không thuộc đơn vị này.",
						    "No such case in this unit.")
						: v.why);
	} else {
		desk_case_render(r, &v, "ok", done_text(r, desk_param(r, "done")), 200);
	}
	desk_view_close(&v);
}
