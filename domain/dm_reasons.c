/*
 * dm_reasons.c - the refusals in Vietnamese (dm_reasons.h). A test checks
 * that every REFUSE() sentence of dm_action.c has its line here
 * (tests/unit/domain/test_reasons.c).
 */
#include <stddef.h>
#include <string.h>

#include "dm_reasons.h"

static const struct {
	const char *en, *vi;
} reasons[] = {
	{"only a denunciation's or a complaint's settlement can be extended (Law on Denunciations "
	 "Art. 30; Law on Complaints Art. 28, 37, 50)",
	 "Chỉ gia hạn giải quyết tố cáo hoặc khiếu nại (Luật Tố cáo, Điều 30; Luật Khiếu nại, "
	 "Điều 28, 37, 50)."},
	{"only an accepted case can be extended", "Chỉ gia hạn được hồ sơ đã thụ lý."},
	{"the case was already declared particularly complicated",
	 "Hồ sơ đã được xác định là đặc biệt phức tạp."},
	{"the complaint was already declared complicated: a complaint has one longer period and no "
	 "extensions",
	 "Khiếu nại đã được xác định là phức tạp: khiếu nại chỉ có một thời hạn dài hơn, không gia "
	 "hạn."},
	{"two or more criteria make the case particularly complicated (Decree 31/2019 Art. 3(3))",
	 "Có từ hai tiêu chí trở lên thì vụ việc là đặc biệt phức tạp (Nghị định 31/2019/NĐ-CP, "
	 "Điều 3 khoản 3)."},
	{"one criterion makes the case complicated, not particularly complicated (Decree 31/2019 "
	 "Art. 3(2), (3))",
	 "Một tiêu chí thì vụ việc là phức tạp, chưa phải đặc biệt phức tạp (Nghị định "
	 "31/2019/NĐ-CP, Điều 3 khoản 2, 3)."},
	{"a particularly complicated case has at most two extensions",
	 "Vụ việc đặc biệt phức tạp được gia hạn tối đa hai lần (Luật Tố cáo, Điều 30)."},
	{"a complicated case has at most one extension",
	 "Vụ việc phức tạp được gia hạn một lần (Luật Tố cáo, Điều 30)."},
	{"several places extends processing of a received denunciation only (Art. 24(1))",
	 "Xác minh ở nhiều nơi chỉ kéo dài thời hạn xử lý đơn tố cáo mới tiếp nhận (Điều 24 "
	 "khoản 1)."},
	{"delegated verification extends processing of a received denunciation only (Art. 24(1))",
	 "Giao xác minh chỉ kéo dài thời hạn xử lý đơn tố cáo mới tiếp nhận (Điều 24 khoản 1)."},
	{"remote areas lengthen complaint settlement only (Art. 28, 37)",
	 "Vùng sâu, vùng xa chỉ kéo dài thời hạn giải quyết khiếu nại (Điều 28, 37)."},
	{"only a denunciation is settled despite its withdrawal (Law on Denunciations Art. 33(3))",
	 "Chỉ tố cáo mới tiếp tục được giải quyết dù đã rút (Luật Tố cáo, Điều 33 khoản 3)."},
	{"only an accepted case can be suspended", "Chỉ tạm đình chỉ được hồ sơ đã thụ lý."},
	{"only a suspended case can be resumed",
	 "Chỉ tiếp tục giải quyết được hồ sơ đang tạm đình chỉ."},
	{"only an accepted or suspended case can be terminated",
	 "Chỉ đình chỉ được hồ sơ đã thụ lý hoặc đang tạm đình chỉ."},
	{"the case is closed: no action is possible",
	 "Hồ sơ đã kết thúc: không thể xử lý thêm."},
	{"only a received case can be accepted", "Chỉ thụ lý được đơn mới tiếp nhận."},
	{"only a received case can be declined",
	 "Chỉ quyết định không thụ lý được đơn mới tiếp nhận."},
	{"a transfer re-seals the content key for the receiving unit on an inspector's machine: "
	 "POST the re-sealed envelope to /transfer",
	 "Chuyển đơn phải được làm từ máy của thanh tra viên (mã hóa lại cho đơn vị nhận)."},
	{"only an accepted case (not suspended) can be settled",
	 "Chỉ kết luận được hồ sơ đã thụ lý và không đang tạm đình chỉ."},
	{"the case is closed: it cannot be transferred", "Hồ sơ đã kết thúc: không thể chuyển."},
	{"the case is already at this unit", "Hồ sơ đã thuộc đơn vị này."},
	{"a transfer of this case is pending already: cancel it first",
	 "Hồ sơ đang chờ chuyển: hãy hủy đề nghị chuyển trước."},
	{"the sending unit closed the case meanwhile: it cannot be transferred",
	 "Đơn vị chuyển đã kết thúc hồ sơ trong lúc chờ: không thể nhận."},
	{"proof: it does not answer the sending unit's commitment; open the offered header with "
	 "this unit's key (the case stays with the sender)",
	 "Không chứng minh được việc mở khóa hồ sơ bằng khóa của đơn vị này (hồ sơ vẫn ở đơn vị "
	 "chuyển)."},
	{"deadlines could not be computed for the transfer day",
	 "Không tính được thời hạn cho ngày chuyển."},
	{"only a confidential report's identity is sealed apart; this one is in the envelope "
	 "already",
	 "Chỉ đơn đề nghị giữ bí mật mới có danh tính niêm phong riêng; danh tính của đơn này đã "
	 "có trong hồ sơ."},
	{"a decline needs its legal ground (ground)",
	 "Quyết định không thụ lý phải nêu căn cứ pháp lý (ground)."},
	{"the ground is not one of the law's grounds for not accepting",
	 "Căn cứ không nằm trong các căn cứ không thụ lý của pháp luật."},
	{"the ground is not one of this track's grounds for not accepting",
	 "Căn cứ này không áp dụng cho loại đơn của hồ sơ."},
	{"a ground is given with a decline only", "Chỉ quyết định không thụ lý mới có căn cứ (ground)."},
	{"a deadline falls outside the calendar (1900-2100)",
	 "Thời hạn nằm ngoài lịch (1900-2100)."},
};

const char *dm_reason_vi(const char *en)
{
	for (size_t i = 0; en && i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (strcmp(reasons[i].en, en) == 0)
			return reasons[i].vi;
	return NULL;
}
