/* tc_i18n.c - the message table of the inspectors' tools (tc_i18n.h). */
#include <string.h>

#include "tc_i18n.h"
#include "tc_platform.h"

static const char *const table[TCC_MSG_COUNT][2] = {
	[TCC_H_CASE] = {"CASE", "HỒ SƠ"},
	[TCC_H_TRACK] = {"TRACK", "LOẠI"},
	[TCC_H_STATUS] = {"STATUS", "TRẠNG THÁI"},
	[TCC_H_RECEIVED] = {"RECEIVED", "NGÀY NHẬN"},
	[TCC_H_PROCESS_BY] = {"PROCESS BY", "HẠN XỬ LÝ"},
	[TCC_H_SETTLE_BY] = {"SETTLE BY", "HẠN GIẢI QUYẾT"},
	[TCC_H_OVERDUE] = {"OVERDUE", "QUÁ HẠN"},
	[TCC_H_CATEGORY] = {"CATEGORY", "LĨNH VỰC"},
	[TCC_H_SUMMARY] = {"SUMMARY", "TÓM TẮT"},
	[TCC_M_PROVISIONAL] = {"* provisional: the date may move once the holiday calendar is "
			       "confirmed",
			       "* tạm tính: ngày có thể thay đổi khi lịch nghỉ lễ được xác nhận"},
	[TCC_W_CASES] = {"case(s)", "hồ sơ"},
	[TCC_W_PAGES] = {"page(s)", "trang"},
	[TCC_W_CASE] = {"case", "hồ sơ"},
	[TCC_M_REPLY_SENT] = {"Message signed and sent to the reporter of case",
			      "Đã ký và gửi tin nhắn cho người gửi đơn của hồ sơ"},
	[TCC_M_SEALED_APART] = {"(identity sealed apart: --reveal opens it, and the reveal is "
				"recorded)",
				"(danh tính được niêm phong riêng: --reveal mở ra, và việc mở được "
				"ghi lại)"},
	[TCC_M_NO_CASES] = {"No cases.", "Không có hồ sơ."},
	[TCC_H_NOTICES] = {"NOTICES DUE", "THÔNG BÁO PHẢI GỬI"},
};

enum tcc_lang tcc_lang_from(const char *lc_all, const char *lc_messages, const char *lang)
{
	const char *v = lc_all && *lc_all ? lc_all : lc_messages && *lc_messages ? lc_messages : lang;
	return v && strncmp(v, "vi", 2) == 0 ? TCC_LANG_VI : TCC_LANG_EN;
}

enum tcc_lang tcc_lang_env(void)
{
	return tcc_lang_from(tcp_getenv("LC_ALL"), tcp_getenv("LC_MESSAGES"), tcp_getenv("LANG"));
}

const char *tcc_msg(enum tcc_lang lang, enum tcc_msg id)
{
	if ((unsigned)id >= TCC_MSG_COUNT)
		return "";
	return table[id][lang == TCC_LANG_VI ? 1 : 0];
}
