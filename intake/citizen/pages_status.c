/*
 * pages_status.c - the story of a case as the reporter reads it on the
 * follow-up page (pages.h): each step in plain words with its legal
 * meaning, and the one deadline running now. Only what the timeline holds
 * (no text: a reason or a conclusion is the unit's to send, sealed, as a
 * message), so the page says where to find it rather than inventing it.
 */
#include <stdio.h>
#include <string.h>

#include "pages_internal.h"

struct step_words {
	const char *what, *vi, *en;
};

/* Steps whose words do not depend on the track. */
static const struct step_words common_steps[] = {
	{"received", "Đơn được tiếp nhận và mã hóa cho cơ quan có thẩm quyền.",
	 "The report was received and encrypted for the competent inspectorate."},
	{"decline", "Không thụ lý: đơn không được giải quyết theo thủ tục của luật. Cơ quan phải "
		    "thông báo lý do cho bạn; lý do do cơ quan quyết định gửi qua hệ thống (nếu có) "
		    "nằm ở mục Tin nhắn, còn văn bản chính thức gửi theo địa chỉ bạn đã ghi.",
	 "Not accepted: the report is not handled under the law's procedure. The inspectorate "
	 "must tell you why; the reason it chose to send through this system (if any) is under "
	 "Messages, the official letter goes to the address you gave."},
	{"extend", "Gia hạn thời hạn giải quyết vì vụ việc phức tạp; hạn mới là thời hạn đang chạy "
		   "ghi ở trên.",
	 "The time to settle was extended because the case is complex; the new deadline is the "
	 "one running, above."},
	{"suspend", "Tạm đình chỉ việc giải quyết: thời hạn ngừng tính cho đến khi có quyết định "
		    "tiếp tục.",
	 "Settlement suspended: the clock stops until it is resumed."},
	{"resume", "Tiếp tục giải quyết; thời hạn được tính tiếp.",
	 "Settlement resumed; the clock runs again."},
	{"withdraw", "Đơn đã được rút.", "The report was withdrawn."},
	{"terminate", "Đình chỉ việc giải quyết: vụ việc kết thúc mà không có kết luận.",
	 "Settlement ended without a conclusion."},
	{"reveal", "Danh tính của bạn đã được mở cho người có thẩm quyền giải quyết. Việc mở được "
		   "ghi lại; người biết danh tính có nghĩa vụ giữ bí mật (Luật Tố cáo, Điều 47, 48).",
	 "Your identity was opened to the person competent to settle the case. The opening is "
	 "recorded; whoever knows it must keep it secret (Law on Denunciations Art. 47, 48)."},
};

static const char *accept_words(enum lang l, const char *track)
{
	if (strcmp(track, "complaint") == 0)
		return T(l, "Đã thụ lý khiếu nại: việc giải quyết bắt đầu (Luật Khiếu nại, Điều 27).",
			 "The complaint was accepted: settlement has begun (Law on Complaints Art. 27).");
	if (strcmp(track, "information") == 0)
		return T(l, "Cơ quan quyết định xác minh thông tin bạn gửi.",
			 "The inspectorate decided to verify the information.");
	if (strcmp(track, "petition") == 0)
		return T(l, "Kiến nghị, phản ánh được đưa vào xem xét.", "The petition is being considered.");
	return T(l, "Đã thụ lý tố cáo: việc giải quyết bắt đầu (Luật Tố cáo, Điều 29).",
		 "The denunciation was accepted: settlement has begun (Law on Denunciations Art. 29).");
}

static const char *settle_words(enum lang l, const char *track)
{
	if (strcmp(track, "complaint") == 0)
		return T(l, "Đã có quyết định giải quyết khiếu nại. Quyết định được gửi cho bạn; nếu "
			    "không đồng ý, bạn có thể khiếu nại lần hai hoặc khởi kiện ra Tòa án (Luật "
			    "Khiếu nại, Điều 33).",
			 "The complaint was decided. The decision is sent to you; if you disagree you "
			 "may complain a second time or go to court (Law on Complaints Art. 33).");
	if (strcmp(track, "denunciation") == 0)
		return T(l, "Đã có kết luận nội dung tố cáo. Cơ quan phải thông báo kết luận cho bạn "
			    "(Luật Tố cáo, Điều 40); xem mục Tin nhắn hoặc văn bản gửi đến địa chỉ của bạn.",
			 "The denunciation was concluded. You must be told the conclusion (Law on "
			 "Denunciations Art. 40): see Messages, or the letter sent to your address.");
	return T(l, "Đã xử lý xong.", "Handled.");
}

static const char *step_text(enum lang l, const char *track, const struct page_step *s,
			     char *buf, size_t cap)
{
	if (strcmp(s->what, "accept") == 0)
		return accept_words(l, track);
	if (strcmp(s->what, "settle") == 0)
		return settle_words(l, track);
	if (strcmp(s->what, "transfer") == 0) {
		snprintf(buf, cap, T(l, "Đơn được chuyển đến %s, nơi có thẩm quyền giải quyết; từ nay "
				       "cơ quan này giải quyết và thời hạn được tính lại từ ngày nhận.",
				     "The report was transferred to %s, which is competent; it now "
				     "handles it and the deadlines run again from its receipt."),
			 s->unit ? s->unit : "?");
		return buf;
	}
	if (strcmp(s->what, "transfer_pending") == 0) {
		snprintf(buf, cap, T(l, "Cơ quan đang chuyển đơn đến %s (chờ nơi nhận xác nhận).",
				     "Being transferred to %s (waiting for it to confirm)."),
			 s->unit ? s->unit : "?");
		return buf;
	}
	for (size_t i = 0; i < N(common_steps); i++)
		if (strcmp(common_steps[i].what, s->what) == 0)
			return T(l, common_steps[i].vi, common_steps[i].en);
	return NULL;
}

/* A decline's ground, after its step: the reason in plain words and its provision. */
static void decline_reason(struct html *h, enum lang l, const struct page_followup *f)
{
	html_raw(h, "<br><span class=\"reason\">");
	html_text(h, T(l, "Lý do không thụ lý: ", "Why it was not accepted: "));
	html_text(h, f->decline_reason);
	if (f->decline_citation) {
		html_raw(h, " (");
		html_text(h, f->decline_citation);
		html_raw(h, ")");
	}
	html_raw(h, "</span>");
}

void pg_story(struct html *h, enum lang l, const struct page_followup *f)
{
	char buf[400];
	html_raw(h, "<h2>");
	html_text(h, T(l, "Quá trình giải quyết", "What has happened"));
	html_raw(h, "</h2>\n<ol class=\"story\">\n");
	for (size_t i = 0; i < f->n_steps; i++) {
		const char *t = step_text(l, f->track, &f->steps[i], buf, sizeof(buf));
		if (t == NULL)
			continue;
		html_raw(h, "<li><span class=\"date\">");
		pg_date(h, l, f->steps[i].at);
		html_raw(h, "</span> ");
		html_text(h, t);
		if (f->decline_reason && strcmp(f->steps[i].what, "decline") == 0)
			decline_reason(h, l, f);
		html_raw(h, "</li>\n");
	}
	html_raw(h, "</ol>\n");
}

void pg_running(struct html *h, enum lang l, const struct page_followup *f)
{
	html_raw(h, "<h2>");
	html_text(h, T(l, "Thời hạn đang chạy", "The deadline running now"));
	html_raw(h, "</h2>\n");
	if (f->running_key == NULL) {
		html_raw(h, "<p>");
		html_text(h, T(l, "Không còn thời hạn nào đang chạy với hồ sơ này.",
			       "No deadline is running for this case any more."));
		html_raw(h, "</p>\n");
		return;
	}
	struct page_deadline d = {.key = f->running_key, .date = f->running_date,
				  .provisional = f->running_provisional};
	pg_deadlines(h, l, &d, 1);
	if (f->overdue > 0) {
		html_raw(h, "<p class=\"overdue\">");
		html_rawf(h, T(l, "Thời hạn này đã qua %d ngày mà cơ quan chưa ghi nhận việc thực hiện. "
				  "Bạn có thể liên hệ cơ quan (ở dưới) hoặc cơ quan cấp trên.",
			       "This deadline passed %d day(s) ago without the step being recorded. "
			       "You may contact the inspectorate (below) or the one above it."),
			  f->overdue);
		html_raw(h, "</p>\n");
	}
}
