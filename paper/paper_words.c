/*
 * paper_words.c - the Vietnamese words the case file prints for the API's
 * codes (the same words as the desk's, desk/desk_words.c, kept here so
 * that paper/ depends on no front end).
 */
#include <string.h>

#include "paper_words.h"

static const char *const words[][2] = {
	{"status.received", "Đã tiếp nhận, chờ xử lý"}, {"status.accepted", "Đã thụ lý"},
	{"status.suspended", "Tạm đình chỉ"}, {"status.settled", "Đã giải quyết"},
	{"status.declined", "Không thụ lý"}, {"status.transferred", "Đã chuyển đơn"},
	{"status.withdrawn", "Đã rút đơn"}, {"status.terminated", "Đình chỉ giải quyết"},
	{"track.denunciation", "Tố cáo"}, {"track.information", "Tố cáo nặc danh (thông tin)"},
	{"track.complaint", "Khiếu nại"}, {"track.petition", "Kiến nghị, phản ánh"},
	{"category.corruption", "Tham nhũng"}, {"category.waste", "Lãng phí"},
	{"category.land", "Đất đai"}, {"category.public_finance", "Tài chính công"},
	{"category.public_investment", "Đầu tư công"}, {"category.abuse_of_power", "Lạm quyền"},
	{"category.harassment", "Nhũng nhiễu, gây phiền hà"},
	{"category.personnel", "Tổ chức, cán bộ"}, {"category.environment", "Môi trường"},
	{"category.social_policy", "Chính sách xã hội"}, {"category.other", "Khác"},
	{"identity.anonymous", "Nặc danh"}, {"identity.named", "Công khai họ tên"},
	{"identity.confidential", "Đề nghị giữ bí mật danh tính"},
	{"deadline.process_by", "Hạn xử lý đơn (thụ lý, không thụ lý hoặc chuyển đơn)"},
	{"deadline.transfer_by", "Hạn chuyển đơn đến cơ quan có thẩm quyền"},
	{"deadline.notify_by", "Hạn thông báo việc thụ lý"}, {"deadline.settle_by", "Hạn giải quyết"},
	{"deadline.conclusion_notify_by", "Hạn gửi kết luận"},
	{"deadline.forwarded_answer_by", "Hạn trả lời cơ quan đã chuyển đơn"},
	{"deadline.decision_notify_by", "Hạn gửi quyết định"},
	{"action.accept", "Thụ lý"}, {"action.decline", "Không thụ lý"},
	{"action.transfer", "Chuyển đơn"}, {"action.extend", "Gia hạn giải quyết"},
	{"action.suspend", "Tạm đình chỉ"}, {"action.resume", "Tiếp tục giải quyết"},
	{"action.settle", "Kết luận, giải quyết"}, {"action.withdraw", "Rút đơn"},
	{"action.terminate", "Đình chỉ giải quyết"}, {"action.flag", "Đánh dấu"},
	{"event.received", "Tiếp nhận"}, {"event.action", "Xử lý"},
	{"event.message_to_reporter", "Gửi tin nhắn cho người gửi đơn"},
	{"event.message_from_reporter", "Tin nhắn của người gửi đơn"},
	{"event.identity_revealed", "Mở danh tính người tố cáo"},
	{"event.transferred", "Đã chuyển đơn"}, {"event.transfer_pending", "Đề nghị chuyển đơn"},
	{"event.transfer_cancelled", "Hủy chuyển đơn"}, {"event.note", "Ghi chú nội bộ"},
	{"event.withdrawal_continued", "Rút đơn nhưng vẫn giải quyết"},
	{"event.deadlines_recomputed", "Tính lại thời hạn"}, {"event.assigned", "Phân công"},
	{"event.reception", "Tiếp nhận tại nơi tiếp công dân"},
	{"event.notice_sent", "Đã gửi thông báo"},
	{"audit.session", "Đăng nhập"}, {"audit.list", "Xem danh sách"},
	{"audit.show", "Đọc hồ sơ (tải phong bì mã hóa)"}, {"audit.action", "Xử lý"},
	{"audit.message", "Gửi tin nhắn cho người gửi đơn"},
	{"audit.reveal", "Mở danh tính người tố cáo"}, {"audit.transfer", "Nhận chuyển đơn"},
	{"audit.note", "Ghi chú nội bộ"}, {"audit.recompute", "Tính lại thời hạn"},
	{"audit.transfer_offer", "Đề nghị chuyển đơn"}, {"audit.transfer_cancel", "Hủy chuyển đơn"},
	{"audit.assign", "Phân công"}, {"audit.list_envelope", "Tải phong bì mã hóa qua danh sách"},
	{"audit.retention_delete", "Xóa khi hết thời hạn lưu trữ"},
	{"audit.notice", "Ghi nhận đã gửi thông báo"},
	{"audit.reception", "Ghi nhận đơn tại nơi tiếp công dân"},
	{"audit.audit_read", "Đọc nhật ký kiểm toán của hồ sơ"},
	{"from.reporter", "Người gửi đơn"}, {"from.unit", "Đơn vị"},
	{"from.note", "Ghi chú nội bộ (người gửi đơn không thấy)"},
	{"signature.signed", "đã ký"}, {"signature.signed_revoked", "đã ký (khóa đã thu hồi)"},
	{"signature.unsigned_before_signatures", "chưa ký (trước khi có chữ ký)"},
	{"signature.invalid", "CHỮ KÝ KHÔNG HỢP LỆ"},
};

const char *pw(const char *group, const char *api)
{
	size_t g = strlen(group);
	for (size_t i = 0; api && i < sizeof(words) / sizeof(words[0]); i++)
		if (strncmp(words[i][0], group, g) == 0 && words[i][0][g] == '.' &&
		    strcmp(words[i][0] + g + 1, api) == 0)
			return words[i][1];
	return api ? api : "";
}
