/*
 * desk_items.c - the case page's attachments and conversation. Files are
 * only linked here: desk_files.c opens and serves them, as downloads, or
 * shown inline only when their bytes are a plain image or a PDF.
 */
#include <stdio.h>
#include <string.h>

#include "desk_case.h"

/* Whether a declared type may be offered for viewing (desk_files.c checks the bytes). */
static int viewable(const char *type)
{
	return strcmp(type, "image/png") == 0 || strcmp(type, "image/jpeg") == 0 ||
	       strcmp(type, "image/gif") == 0 || strcmp(type, "image/webp") == 0 ||
	       strcmp(type, "application/pdf") == 0;
}

/* One file's line: name, type, size, download and (for images and PDFs) view. */
static void file_line(struct desk_req *r, const char *href, const char *name, const char *type,
		      double size)
{
	dh_raw(r, "<li>");
	dh_text(r, name[0] ? name : T(r, "(không tên)", "(no name)"));
	dh_raw(r, " <small class=\"muted\">");
	dh_text(r, type);
	if (size > 0)
		dh_fmt(r, ", %.0f %s", size < 1024 ? size : size / 1024, size < 1024 ? "B" : "KiB");
	dh_fmt(r, "</small> <a href=\"%s\" download>%s</a>", href, T(r, "Tải về", "Download"));
	if (viewable(type)) {
		dh_fmt(r, " <a href=\"%s/view\" target=\"_blank\" rel=\"noopener\">%s</a>", href,
		       T(r, "Xem", "View"));
		if (strncmp(type, "image/", 6) == 0)
			dh_fmt(r, "<br><img class=\"preview\" src=\"%s/view\" alt=\"\" loading=\"lazy\">",
			       href);
	}
	dh_raw(r, "</li>");
}

void desk_attachments_box(struct desk_req *r, const struct desk_view *v)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(v->doc, "attachments"), *a;
	dh_fmt(r, "<section class=\"box\"><h2>%s (%d)</h2>", T(r, "Tài liệu kèm theo", "Attachments"),
	       cJSON_GetArraySize(list));
	if (cJSON_GetArraySize(list) == 0) {
		dh_fmt(r, "<p class=\"muted\">%s</p></section>",
		       T(r, "Không có tài liệu kèm theo.", "No attachment."));
		return;
	}
	dh_raw(r, "<ul>");
	cJSON_ArrayForEach(a, list)
	{
		unsigned i = (unsigned)desk_jint(a, "index");
		char href[80];
		snprintf(href, sizeof(href), "/case/%s/file/%u", v->id, i);
		const cJSON *meta = cJSON_GetArrayItem(
			cJSON_GetObjectItemCaseSensitive(v->body, "attachments"), (int)i);
		const cJSON *sz = cJSON_GetObjectItemCaseSensitive(meta, "size");
		file_line(r, href, tcc_file_meta(v->body, i, "name"),
			  tcc_file_meta(v->body, i, "content_type"),
			  cJSON_IsNumber(sz) ? sz->valuedouble : 0);
	}
	dh_fmt(r, "</ul><p><small class=\"muted\">%s</small></p></section>",
	       T(r, "Tệp chỉ được hiển thị ngay khi đúng là ảnh hoặc PDF; mọi tệp khác chỉ tải "
		    "về. Không mở tệp lạ bằng chương trình có macro.",
		 "Files are shown only when they really are images or PDFs; anything else is a "
		 "download. Do not open unknown files in programs that run macros."));
}

static const char *who(const struct desk_req *r, const struct desk_msg *m)
{
	if (strcmp(m->from, "reporter") == 0)
		return T(r, "Người gửi đơn", "Reporter");
	if (strcmp(m->from, "note") == 0)
		return T(r, "Ghi chú nội bộ (người gửi đơn không thấy)",
			 "Internal note (never shown to the reporter)");
	return T(r, "Đơn vị", "The unit");
}

static void message(struct desk_req *r, const struct desk_view *v, const struct desk_msg *m)
{
	dh_fmt(r, "<article class=\"msg %s\"><header><strong>", m->from);
	dh_text(r, who(r, m));
	dh_raw(r, "</strong> — ");
	dh_date(r, m->at);
	if (strcmp(m->signature, "invalid") == 0)
		dh_fmt(r, " <em>%s</em>", T(r, "(chữ ký không hợp lệ: người gửi đơn không thấy)",
					    "(invalid signature: not shown to the reporter)"));
	dh_raw(r, "</header>");
	if (!m->opened) {
		dh_fmt(r, "<p class=\"muted\">%s</p></article>",
		       T(r, "Không mở được tin nhắn này.", "This message does not open."));
		return;
	}
	dh_raw(r, "<div class=\"text\">");
	dh_text(r, m->m.text);
	dh_raw(r, "</div>");
	if (m->m.n_files) {
		dh_raw(r, "<ul>");
		for (size_t f = 0; f < m->m.n_files; f++) {
			char href[96];
			unsigned i = m->m.files[f].index;
			snprintf(href, sizeof(href), "/case/%s/msg/%d/%u", v->id, m->seq, i);
			file_line(r, href, tcc_file_meta(m->m.body, i, "name"),
				  tcc_file_meta(m->m.body, i, "content_type"), (double)m->m.files[f].len);
		}
		dh_raw(r, "</ul>");
	}
	dh_raw(r, "</article>");
}

/* A form with one text area posted to /case/ID/what. */
static void text_form(struct desk_req *r, const struct desk_view *v, const char *what,
		      const char *label, const char *button)
{
	dh_fmt(r, "<form class=\"stack\" method=\"post\" action=\"/case/%s/%s\">", v->id, what);
	dh_csrf(r);
	dh_fmt(r, "<label for=\"%s-text\">%s</label><textarea id=\"%s-text\" name=\"text\" rows=\"4\" "
		  "required aria-required=\"true\" maxlength=\"10000\"></textarea>"
		  "<p><button type=\"submit\">%s</button></p></form>",
	       what, label, what, button);
}

void desk_conversation_box(struct desk_req *r, const struct desk_view *v)
{
	dh_fmt(r, "<section class=\"box\"><h2>%s (%zu)</h2>",
	       T(r, "Trao đổi với người gửi đơn và ghi chú", "Conversation and notes"), v->n_msgs);
	for (size_t i = 0; i < v->n_msgs; i++)
		message(r, v, &v->msgs[i]);
	if (v->n_msgs == 0)
		dh_fmt(r, "<p class=\"muted\">%s</p>", T(r, "Chưa có tin nhắn.", "No message yet."));
	if (desk_jstr(v->doc, "reporter_public_key")[0])
		text_form(r, v, "reply",
			  T(r, "Trả lời người gửi đơn (họ đọc được bằng mã tra cứu)",
			    "Reply to the reporter (they read it with their receipt)"),
			  T(r, "Gửi trả lời", "Send the reply"));
	text_form(r, v, "note", T(r, "Ghi chú nội bộ (chỉ đơn vị đọc được)",
				  "Internal note (only the unit can read it)"),
		  T(r, "Lưu ghi chú", "Keep the note"));
	dh_raw(r, "</section>");
}
