/*
 * paper_casefile.c - the printable case file (hồ sơ): a cover sheet, then
 * the report, the reporter, the conversation, the attachments with their
 * SHA-256, the timeline, the deadlines with their articles, and the audit
 * entries naming the case (GET /api/v1/cases/{id}/audit), with "Trang N /
 * M" at the foot of every page (CSS paged media). The identity is printed only when the caller
 * passes it opened: the case file never opens a sealed identity itself.
 */
#include <stdio.h>
#include <string.h>

#include "dm_units.h"
#include "paper.h"
#include "paper_case.h"
#include "paper_internal.h"
#include "paper_words.h"

static void kv(struct pbuf *b, const char *label, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	pbuf_fmt(b, "<dt>%s</dt><dd>", label);
	paper_text(b, value);
	pbuf_str(b, "</dd>");
}

static void kv_day(struct pbuf *b, const char *label, const char *iso)
{
	if (iso == NULL || iso[0] == '\0')
		return;
	pbuf_fmt(b, "<dt>%s</dt><dd>", label);
	pc_day(b, iso);
	pbuf_str(b, "</dd>");
}

static const char *file_title(const char *track)
{
	if (strcmp(track, "denunciation") == 0)
		return "Hồ sơ giải quyết tố cáo";
	if (strcmp(track, "complaint") == 0)
		return "Hồ sơ giải quyết khiếu nại";
	return "Hồ sơ xử lý đơn";
}

static void cover(const struct paper_casefile *cf, struct pbuf *b)
{
	const cJSON *s = cf->show;
	const struct dm_unit *u = dm_unit_find(pc_str(s, "unit"));
	const cJSON *acc = cJSON_GetObjectItemCaseSensitive(cf->body, "accused");
	pbuf_str(b, "<section class=\"cover\"><p class=\"org\">");
	paper_text(b, u ? u->name : pc_str(s, "unit"));
	pbuf_fmt(b, "</p><div class=\"rule\"></div><h1>%s</h1><dl>", file_title(pc_str(s, "track")));
	kv(b, "Mã hồ sơ", pc_str(s, "case_id"));
	kv(b, "Loại đơn", pw("track", pc_str(s, "track")));
	kv(b, "Lĩnh vực", pw("category", pc_str(s, "category")));
	kv_day(b, "Ngày nhận", pc_str(s, "received_on"));
	kv(b, "Trạng thái", pw("status", pc_str(s, "status")));
	kv(b, "Người bị tố cáo, khiếu nại", pc_str(acc, "name"));
	kv(b, "Tóm tắt", pc_str(cf->body, "summary"));
	kv_day(b, "Ngày in", cf->printed_on);
	pbuf_str(b, "</dl><p class=\"muted\">Hồ sơ gồm: I. Nội dung đơn; II. Người gửi đơn; "
		    "III. Trao đổi; IV. Tài liệu kèm theo; V. Diễn biến; VI. Thời hạn; VII. Nhật ký "
		    "truy cập.</p><p class=\"muted\">Bản in chứa nội dung đơn đã giải mã trên máy "
		    "của thanh tra viên: bảo quản như tài liệu mật, không để lộ thông tin người gửi "
		    "đơn.</p></section>\n");
}

static void report(const struct paper_casefile *cf, struct pbuf *b)
{
	const cJSON *body = cf->body, *s = cf->show;
	const cJSON *acc = cJSON_GetObjectItemCaseSensitive(body, "accused");
	const cJSON *jur = cJSON_GetObjectItemCaseSensitive(body, "jurisdiction");
	const cJSON *cp = cJSON_GetObjectItemCaseSensitive(body, "complaint");
	const struct dm_province *p = dm_province_find(pc_str(jur, "province"));
	const struct dm_commune *c = dm_commune_find(pc_str(jur, "commune"));
	pbuf_str(b, "<h2>I. Nội dung đơn</h2>");
	if (body == NULL) {
		pbuf_str(b, "<p class=\"muted\">Nội dung không mở được bằng khóa của đơn vị.</p>");
		return;
	}
	pbuf_str(b, "<dl>");
	kv(b, "Người bị tố cáo, khiếu nại", pc_str(acc, "name"));
	kv(b, "Chức vụ, nơi công tác", pc_str(acc, "position"));
	kv(b, "Tỉnh, thành phố", p ? p->full_name : pc_str(jur, "province"));
	kv(b, "Xã, phường", c ? c->full_name : pc_str(jur, "commune"));
	kv(b, "Lĩnh vực", pw("category", pc_str(s, "category")));
	kv(b, "Tóm tắt", pc_str(body, "summary"));
	kv(b, "Quyết định, hành vi bị khiếu nại", pc_str(cp, "subject"));
	kv(b, "Số quyết định", pc_str(cp, "decision_number"));
	kv_day(b, "Ngày quyết định", pc_str(cp, "decision_date"));
	pbuf_str(b, "</dl><h3>Nội dung chi tiết</h3><div class=\"text\">");
	paper_text(b, pc_str(body, "details"));
	pbuf_str(b, "</div>\n");
}

static void reporter(const struct paper_casefile *cf, struct pbuf *b)
{
	const char *identity = pc_str(cf->show, "identity");
	pbuf_str(b, "<h2>II. Người gửi đơn</h2><p>");
	paper_text(b, pw("identity", identity));
	pbuf_str(b, "</p>");
	if (cf->ident) {
		pbuf_str(b, "<dl>");
		kv(b, "Họ tên", pc_str(cf->ident, "full_name"));
		kv(b, "Địa chỉ", pc_str(cf->ident, "address"));
		kv(b, "Điện thoại", pc_str(cf->ident, "phone"));
		kv(b, "Thư điện tử", pc_str(cf->ident, "email"));
		kv(b, "Số định danh cá nhân", pc_str(cf->ident, "id_number"));
		pbuf_str(b, "</dl>\n");
	} else if (strcmp(identity, "confidential") == 0) {
		pbuf_str(b, "<p class=\"muted\">Danh tính người gửi đơn được niêm phong riêng và không "
			    "được mở để in hồ sơ này. Việc mở danh tính chỉ làm trên bàn làm việc, có "
			    "ghi lý do (Điều 47 Luật Tố cáo).</p>\n");
	}
}

static void conversation(const struct paper_casefile *cf, struct pbuf *b)
{
	pbuf_str(b, "<h2>III. Trao đổi</h2>");
	if (cf->n_msgs == 0)
		pbuf_str(b, "<p class=\"muted\">Không có tin nhắn hay ghi chú.</p>");
	for (size_t i = 0; i < cf->n_msgs; i++) {
		const struct paper_msg *m = &cf->msgs[i];
		pbuf_fmt(b, "<div class=\"msg\"><p><b>Số %d — %s — ", m->seq, pw("from", m->from));
		pc_day(b, m->at);
		if (m->signature && m->signature[0]) {
			pbuf_str(b, " — ");
			paper_text(b, pw("signature", m->signature));
		}
		pbuf_str(b, "</b></p><div class=\"text\">");
		if (m->text)
			paper_text(b, m->text);
		else
			pbuf_str(b, "<span class=\"muted\">(không mở được bằng khóa của đơn vị)</span>");
		pbuf_str(b, "</div></div>\n");
	}
}

static void files(const struct paper_casefile *cf, struct pbuf *b)
{
	pbuf_str(b, "<h2>IV. Tài liệu kèm theo</h2>");
	if (cf->n_files == 0) {
		pbuf_str(b, "<p class=\"muted\">Không có tài liệu kèm theo.</p>");
		return;
	}
	pbuf_str(b, "<table class=\"grid\"><tr><th>STT</th><th>Nguồn</th><th>Tên tệp</th>"
		    "<th>Loại</th><th>Kích thước (byte)</th><th>SHA-256 (của tệp đã giải mã)</th></tr>");
	for (size_t i = 0; i < cf->n_files; i++) {
		const struct paper_file *f = &cf->files[i];
		pbuf_fmt(b, "<tr><td>%zu</td><td>", i + 1);
		paper_text(b, f->where);
		pbuf_fmt(b, " (tệp %u)</td><td>", f->index);
		paper_text(b, f->name);
		pbuf_str(b, "</td><td>");
		paper_text(b, f->type);
		pbuf_fmt(b, "</td><td>%zu</td><td class=\"hash\">", f->size);
		paper_text(b, f->sha256[0] ? f->sha256 : "(không mở được)");
		pbuf_str(b, "</td></tr>");
	}
	pbuf_str(b, "</table>\n");
}

static void timeline(const struct paper_casefile *cf, struct pbuf *b)
{
	const cJSON *e;
	pbuf_str(b, "<h2>V. Diễn biến</h2><table class=\"grid\"><tr><th>Ngày</th><th>Sự kiện</th>"
		    "<th>Chi tiết</th></tr>");
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(cf->show, "timeline"))
	{
		const char *ev = pc_str(e, "event"), *detail = pc_str(e, "detail");
		pbuf_str(b, "<tr><td>");
		pc_day(b, pc_str(e, "on"));
		pbuf_str(b, "</td><td>");
		paper_text(b, pw("event", ev));
		pbuf_str(b, "</td><td>");
		paper_text(b, strcmp(ev, "action") == 0 ? pw("action", detail) : detail);
		pbuf_str(b, "</td></tr>");
	}
	pbuf_str(b, "</table>\n");
}

static void deadlines(const struct paper_casefile *cf, struct pbuf *b)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(cf->show, "deadlines");
	const cJSON *basis = cJSON_GetObjectItemCaseSensitive(cf->show, "basis"), *k;
	pbuf_str(b, "<h2>VI. Thời hạn</h2>");
	if (d == NULL || d->child == NULL) {
		pbuf_str(b, "<p class=\"muted\">Không có thời hạn đang chạy.</p>");
		return;
	}
	pbuf_str(b, "<table class=\"grid\"><tr><th>Thời hạn</th><th>Ngày</th><th>Căn cứ</th></tr>");
	cJSON_ArrayForEach(k, d)
	{
		if (!cJSON_IsString(k))
			continue;
		pbuf_str(b, "<tr><td>");
		paper_text(b, pw("deadline", k->string));
		pbuf_str(b, "</td><td>");
		pc_day(b, k->valuestring);
		pbuf_str(b, "</td><td>");
		paper_text(b, pc_str(basis, k->string));
		pbuf_str(b, "</td></tr>");
	}
	pbuf_str(b, "</table>");
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cf->show, "overdue")))
		pbuf_fmt(b, "<p><b>Quá hạn %d ngày.</b></p>", pc_int(cf->show, "overdue_days"));
	pbuf_str(b, "\n");
}

/* One entry of the audit's answer as a row: day, what, who (key prefix), detail. */
static void audit_row(struct pbuf *b, const cJSON *e)
{
	const char *kind = pc_str(e, "kind"), *detail = pc_str(e, "detail");
	const cJSON *actor = cJSON_GetObjectItemCaseSensitive(e, "actor");
	pbuf_fmt(b, "<tr><td>%d</td><td>", pc_int(e, "seq"));
	pc_day(b, pc_str(e, "on"));
	pbuf_str(b, "</td><td>");
	paper_text(b, pw("audit", kind));
	pbuf_str(b, "</td><td class=\"hash\">");
	paper_text(b, cJSON_IsString(actor) ? actor->valuestring : "máy chủ / người vận hành");
	pbuf_str(b, "</td><td>");
	paper_text(b, strcmp(kind, "action") == 0 ? pw("action", detail) : detail);
	pbuf_str(b, "</td></tr>");
}

static void audit(const struct paper_casefile *cf, struct pbuf *b)
{
	const cJSON *entries = cJSON_GetObjectItemCaseSensitive(cf->audit, "entries"), *e;
	pbuf_str(b, "<h2>VII. Nhật ký kiểm toán</h2>");
	if (!cJSON_IsArray(entries)) {
		pbuf_str(b, "<p class=\"muted\">Không đọc được nhật ký kiểm toán của hồ sơ từ máy chủ "
			    "khi in. Người vận hành kiểm tra chuỗi băm của nhật ký bằng lệnh "
			    "<code>tocao verify</code>.</p>\n");
		return;
	}
	pbuf_str(b, "<p>Các mục của nhật ký kiểm toán (có chuỗi băm, kiểm tra bằng <code>tocao "
		    "verify</code>) ghi tên hồ sơ này, theo thứ tự ghi; người thực hiện là 8 ký tự "
		    "đầu của khóa công khai (base64).</p><table class=\"grid\"><tr><th>Số</th>"
		    "<th>Ngày</th><th>Việc</th><th>Người thực hiện</th><th>Chi tiết</th></tr>");
	cJSON_ArrayForEach(e, entries)
	{
		audit_row(b, e);
	}
	pbuf_str(b, "</table>");
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cf->audit, "more")))
		pbuf_str(b, "<p><b>Nhật ký dài hơn phần được in (các mục cũ nhất).</b></p>");
	pbuf_str(b, "\n");
}

void paper_casefile_html(const struct paper_casefile *cf, const char *css_href, struct pbuf *b)
{
	char title[96];
	snprintf(title, sizeof(title), "%s %s", file_title(pc_str(cf->show, "track")),
		 pc_str(cf->show, "case_id"));
	paper_head(b, title, css_href);
	pbuf_str(b, "<body><article class=\"sheet casefile\">\n");
	cover(cf, b);
	report(cf, b);
	reporter(cf, b);
	conversation(cf, b);
	files(cf, b);
	timeline(cf, b);
	deadlines(cf, b);
	audit(cf, b);
	pbuf_str(b, "</article></body></html>\n");
}
