/*
 * desk_words.c - the names of the API's values in the words of the law
 * (Vietnamese) and in English. Keyed by the API's own strings, since the
 * desk reads them from the daemon's answers; an unknown value is shown as
 * it came.
 */
#include <string.h>

#include "desk_internal.h"

struct word {
	const char *api, *vi, *en;
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *look(const struct desk_req *r, const struct word *t, size_t n, const char *api)
{
	for (size_t i = 0; api && i < n; i++)
		if (strcmp(t[i].api, api) == 0)
			return r->lang == DESK_EN ? t[i].en : t[i].vi;
	return api ? api : "";
}

static const struct word statuses[] = {
	{"received", "Đã tiếp nhận, chờ xử lý", "Received, to be processed"},
	{"accepted", "Đã thụ lý", "Accepted"},
	{"suspended", "Tạm đình chỉ", "Suspended"},
	{"settled", "Đã giải quyết", "Settled"},
	{"declined", "Không thụ lý", "Not accepted"},
	{"transferred", "Đã chuyển đơn", "Transferred"},
	{"withdrawn", "Đã rút đơn", "Withdrawn"},
	{"terminated", "Đình chỉ giải quyết", "Terminated"},
};

static const struct word tracks[] = {
	{"denunciation", "Tố cáo", "Denunciation"},
	{"information", "Tố cáo nặc danh (thông tin)", "Anonymous denunciation (information)"},
	{"complaint", "Khiếu nại", "Complaint"},
	{"petition", "Kiến nghị, phản ánh", "Petition"},
};

static const struct word categories[] = {
	{"corruption", "Tham nhũng", "Corruption"},
	{"waste", "Lãng phí", "Waste"},
	{"land", "Đất đai", "Land"},
	{"public_finance", "Tài chính công", "Public finance"},
	{"public_investment", "Đầu tư công", "Public investment"},
	{"abuse_of_power", "Lạm quyền", "Abuse of power"},
	{"harassment", "Nhũng nhiễu, gây phiền hà", "Harassment"},
	{"personnel", "Tổ chức, cán bộ", "Personnel"},
	{"environment", "Môi trường", "Environment"},
	{"social_policy", "Chính sách xã hội", "Social policy"},
	{"other", "Khác", "Other"},
};

static const struct word levels[] = {
	{"unknown", "Chưa rõ cấp", "Level unknown"},
	{"commune", "Cán bộ, công chức cấp xã", "Commune official"},
	{"commune_leader", "Lãnh đạo cấp xã", "Commune leader"},
	{"provincial_agency", "Cán bộ cơ quan cấp tỉnh", "Provincial agency official"},
	{"provincial_agency_leader", "Lãnh đạo cơ quan cấp tỉnh", "Provincial agency leader"},
	{"provincial_leader", "Lãnh đạo cấp tỉnh", "Provincial leader"},
	{"central", "Cơ quan trung ương", "Central body"},
};

static const struct word identities[] = {
	{"anonymous", "Nặc danh", "Anonymous"},
	{"named", "Công khai họ tên", "Named"},
	{"confidential", "Đề nghị giữ bí mật danh tính", "Identity kept confidential"},
};

static const struct word deadlines[] = {
	{"process_by", "Hạn xử lý đơn (thụ lý, không thụ lý hoặc chuyển đơn)",
	 "Process by (accept, decline or transfer)"},
	{"transfer_by", "Hạn chuyển đơn đến cơ quan có thẩm quyền", "Transfer to the competent body by"},
	{"notify_by", "Hạn thông báo việc thụ lý", "Notify the acceptance by"},
	{"settle_by", "Hạn giải quyết", "Settle by"},
	{"conclusion_notify_by", "Hạn gửi kết luận", "Send the conclusion by"},
	{"forwarded_answer_by", "Hạn trả lời cơ quan đã chuyển đơn", "Answer the forwarding body by"},
	{"decision_notify_by", "Hạn gửi quyết định", "Send the decision by"},
};

static const struct word actions[] = {
	{"accept", "Thụ lý", "Accept"},
	{"decline", "Không thụ lý", "Do not accept"},
	{"transfer", "Chuyển đơn", "Transfer"},
	{"extend", "Gia hạn giải quyết", "Extend"},
	{"suspend", "Tạm đình chỉ", "Suspend"},
	{"resume", "Tiếp tục giải quyết", "Resume"},
	{"settle", "Kết luận, giải quyết", "Settle"},
	{"withdraw", "Rút đơn", "Withdrawal"},
	{"terminate", "Đình chỉ giải quyết", "Terminate"},
	{"flag", "Đánh dấu", "Flag"},
};

static const struct word flags[] = {
	{"several_places", "Xác minh ở nhiều nơi", "Verified in several places"},
	{"remote_area", "Vùng sâu, vùng xa", "Remote area"},
	{"criminal_signs", "Có dấu hiệu tội phạm, đã chuyển cơ quan điều tra",
	 "Signs of a crime, referred to investigators"},
	{"monitored", "Đang được Mặt trận giám sát", "Under the Front's monitoring"},
	{"delegated_verification", "Đã giao xác minh", "Verification delegated"},
};

/* The notices the law requires (Law on Denunciations Art. 26(2), 29, 34, 35; Decree 124 Art. 28b). */
static const struct word notices[] = {
	{"notify_accepted", "Thông báo việc thụ lý cho người tố cáo, khiếu nại",
	 "Notice of acceptance to the reporter"},
	{"notify_concluded", "Gửi kết luận, quyết định giải quyết", "Send the conclusion"},
	{"answer_forwarder", "Trả lời cơ quan, tổ chức đã chuyển đơn",
	 "Answer the body that forwarded it"},
	{"notify_decision", "Gửi quyết định tạm đình chỉ, đình chỉ, tiếp tục giải quyết",
	 "Send the suspension, termination or resumption decision"},
};

static const struct word events[] = {
	{"received", "Tiếp nhận", "Received"},
	{"action", "Xử lý", "Action"},
	{"message_to_reporter", "Gửi tin nhắn cho người gửi đơn", "Message to the reporter"},
	{"message_from_reporter", "Tin nhắn của người gửi đơn", "Message from the reporter"},
	{"identity_revealed", "Mở danh tính người tố cáo", "Identity revealed"},
	{"transferred", "Đã chuyển đơn", "Transferred"},
	{"transfer_pending", "Đề nghị chuyển đơn", "Transfer offered"},
	{"transfer_cancelled", "Hủy chuyển đơn", "Transfer cancelled"},
	{"note", "Ghi chú nội bộ", "Internal note"},
	{"withdrawal_continued", "Rút đơn nhưng vẫn giải quyết", "Withdrawn, settled anyway"},
	{"deadlines_recomputed", "Tính lại thời hạn", "Deadlines recomputed"},
	{"assigned", "Phân công", "Assigned"},
	{"reception", "Tiếp nhận tại nơi tiếp công dân", "Taken at the reception office"},
	{"notice_sent", "Đã gửi thông báo", "Notice sent"},
};

#define LOOKUP(fn, table)                                                                        \
	const char *fn(const struct desk_req *r, const char *api)                                \
	{                                                                                        \
		return look(r, table, N(table), api);                                            \
	}
LOOKUP(dw_status, statuses)
LOOKUP(dw_track, tracks)
LOOKUP(dw_category, categories)
LOOKUP(dw_level, levels)
LOOKUP(dw_identity, identities)
LOOKUP(dw_deadline, deadlines)
LOOKUP(dw_action, actions)
LOOKUP(dw_flag, flags)
LOOKUP(dw_event, events)
LOOKUP(dw_notice, notices)

const char *const dw_statuses[] = {"received", "accepted", "suspended", "settled", "declined",
				   "transferred", "withdrawn", "terminated", NULL};
const char *const dw_tracks[] = {"denunciation", "information", "complaint", "petition", NULL};
const char *const dw_categories[] = {"corruption", "waste", "land", "public_finance",
				     "public_investment", "abuse_of_power", "harassment",
				     "personnel", "environment", "social_policy", "other", NULL};
const char *const dw_levels[] = {"unknown", "commune", "commune_leader", "provincial_agency",
				 "provincial_agency_leader", "provincial_leader", "central", NULL};
const char *const dw_flags[] = {"several_places", "remote_area", "criminal_signs", "monitored",
				"delegated_verification", NULL};
