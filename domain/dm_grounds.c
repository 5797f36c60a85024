/*
 * dm_grounds.c - the grounds for not accepting a case (dm_grounds.h).
 *
 * Each provision was read in a public copy of the text before it was
 * written here:
 * - Law on Denunciations 2018, Art. 29(1)(a)-(d) and the paragraph after
 *   point d (a denunciation arising from a complaint already settled), and
 *   Art. 24(1) (not accepted: the reporter is told the reason at once):
 *   quoted by truongcanbothanhtra.gov.vn, btcd.vpubnd.bacninh.gov.vn and
 *   thuviennhadat.vn. Art. 29 lists conditions of acceptance, not cases of
 *   non-acceptance: each ground is a condition not met. Only the start of
 *   the paragraph after point d was read ("Trường hợp tố cáo xuất phát từ
 *   vụ việc khiếu nại đã được giải quyết đúng thẩm quyền, trình tự, thủ
 *   tục ..."), so its label says no more than that.
 * - Art. 25(1), (2) (information with denunciation content: not handled
 *   under the Law; inspected only when clear, with evidence and a basis
 *   to verify): the Article's text quoted in a public legal Q&A set.
 * - Law on Complaints 2011, Art. 11(1)-(9) (unchanged in the consolidated
 *   text 03/VBHN-VPQH 2021): numbered by 123docz.net, worded as in
 *   luathongthai.com and chiakhoaphapluat.vn. Point 9 was read only up to
 *   "Việc khiếu nại đã được Tòa án thụ lý hoặc đã được ..." (its end is
 *   about a court's judgment or decision); the label keeps to that.
 * - Circular 05/2021/TT-TTCP, Art. 6 (sorting letters: by the conditions
 *   for handling them, and by competence): luathoanhut.vn, and the
 *   Đắk Nông labour department's summary. Its clause numbers were not
 *   read, so only the Article is cited.
 */
#include <stddef.h>
#include <string.h>

#include "dm_grounds.h"

#define DEN "Luật Tố cáo 2018 (25/2018/QH14), "
#define DEN_EN "Law on Denunciations 2018 (25/2018/QH14), "
#define COM "Luật Khiếu nại 2011 (02/2011/QH13), "
#define COM_EN "Law on Complaints 2011 (02/2011/QH13), "
#define PET "Thông tư 05/2021/TT-TTCP, "
#define PET_EN "Circular 05/2021/TT-TTCP, "
#define OTHER_VI "Căn cứ khác (ghi rõ trong ghi chú niêm phong của đơn vị)"
#define OTHER_EN "Another ground (stated in the unit's sealed note)"

static const struct dm_ground grounds[] = {
	{DM_GROUND_DEN_29_1_A, DM_TRACK_DENUNCIATION, "den-29-1-a",
	 "Tố cáo không được thực hiện theo quy định tại Điều 23 (hình thức tố cáo)",
	 "The denunciation was not made as Art. 23 requires (its form)",
	 DEN "Điều 29 khoản 1 điểm a", DEN_EN "Art. 29(1)(a)", false},
	{DM_GROUND_DEN_29_1_B, DM_TRACK_DENUNCIATION, "den-29-1-b",
	 "Người tố cáo không có đủ năng lực hành vi dân sự và không có người đại diện theo quy "
	 "định của pháp luật",
	 "The reporter lacks full legal capacity and has no legal representative",
	 DEN "Điều 29 khoản 1 điểm b", DEN_EN "Art. 29(1)(b)", false},
	{DM_GROUND_DEN_29_1_C, DM_TRACK_DENUNCIATION, "den-29-1-c",
	 "Vụ việc không thuộc thẩm quyền giải quyết tố cáo của cơ quan, tổ chức, cá nhân tiếp "
	 "nhận tố cáo",
	 "The matter is not within the receiving body's competence to settle",
	 DEN "Điều 29 khoản 1 điểm c", DEN_EN "Art. 29(1)(c)", false},
	{DM_GROUND_DEN_29_1_D, DM_TRACK_DENUNCIATION, "den-29-1-d",
	 "Nội dung tố cáo không có cơ sở để xác định người vi phạm, hành vi vi phạm pháp luật",
	 "The denunciation gives no basis to identify the offender or the violation",
	 DEN "Điều 29 khoản 1 điểm d", DEN_EN "Art. 29(1)(d)", false},
	{DM_GROUND_DEN_29_1_COMPLAINT, DM_TRACK_DENUNCIATION, "den-29-1-complaint",
	 "Tố cáo xuất phát từ vụ việc khiếu nại đã được giải quyết đúng thẩm quyền, trình tự, "
	 "thủ tục, chưa đủ điều kiện thụ lý",
	 "The denunciation arises from a complaint already settled by the competent body in due "
	 "form, and does not meet the condition for acceptance",
	 DEN "Điều 29 khoản 1 (đoạn sau điểm d)", DEN_EN "Art. 29(1), the paragraph after (d)",
	 false},
	{DM_GROUND_DEN_OTHER, DM_TRACK_DENUNCIATION, "den-other", OTHER_VI, OTHER_EN,
	 DEN "Điều 29 khoản 1", DEN_EN "Art. 29(1)", true},
	{DM_GROUND_INFO_25_2, DM_TRACK_INFORMATION, "info-25-2",
	 "Thông tin có nội dung tố cáo không rõ ràng về người vi phạm, không có tài liệu, chứng "
	 "cứ cụ thể hoặc không có cơ sở để thẩm tra, xác minh",
	 "The information is not clear about the offender, has no specific evidence, or gives no "
	 "basis to verify it",
	 DEN "Điều 25 khoản 1, 2", DEN_EN "Art. 25(1), (2)", false},
	{DM_GROUND_INFO_OTHER, DM_TRACK_INFORMATION, "info-other", OTHER_VI, OTHER_EN,
	 DEN "Điều 25", DEN_EN "Art. 25", true},
	{DM_GROUND_COM_11_1, DM_TRACK_COMPLAINT, "com-11-1",
	 "Quyết định, hành vi hành chính trong nội bộ cơ quan nhà nước, trong chỉ đạo điều hành "
	 "của cấp trên với cấp dưới, quyết định có chứa quy phạm pháp luật, hoặc thuộc bí mật nhà "
	 "nước trong quốc phòng, an ninh, ngoại giao",
	 "An internal or directing administrative decision or act, a decision containing legal "
	 "norms, or one within state secrets in defence, security or foreign affairs",
	 COM "Điều 11 khoản 1", COM_EN "Art. 11(1)", false},
	{DM_GROUND_COM_11_2, DM_TRACK_COMPLAINT, "com-11-2",
	 "Quyết định, hành vi hành chính bị khiếu nại không liên quan trực tiếp đến quyền, lợi "
	 "ích hợp pháp của người khiếu nại",
	 "The decision or act does not directly concern the complainant's lawful rights or "
	 "interests",
	 COM "Điều 11 khoản 2", COM_EN "Art. 11(2)", false},
	{DM_GROUND_COM_11_3, DM_TRACK_COMPLAINT, "com-11-3",
	 "Người khiếu nại không có năng lực hành vi dân sự đầy đủ mà không có người đại diện hợp "
	 "pháp",
	 "The complainant lacks full legal capacity and has no lawful representative",
	 COM "Điều 11 khoản 3", COM_EN "Art. 11(3)", false},
	{DM_GROUND_COM_11_4, DM_TRACK_COMPLAINT, "com-11-4",
	 "Người đại diện không hợp pháp thực hiện khiếu nại",
	 "The complaint was made by an unlawful representative",
	 COM "Điều 11 khoản 4", COM_EN "Art. 11(4)", false},
	{DM_GROUND_COM_11_5, DM_TRACK_COMPLAINT, "com-11-5",
	 "Đơn khiếu nại không có chữ ký hoặc điểm chỉ của người khiếu nại",
	 "The complaint bears neither the complainant's signature nor fingerprint",
	 COM "Điều 11 khoản 5", COM_EN "Art. 11(5)", false},
	{DM_GROUND_COM_11_6, DM_TRACK_COMPLAINT, "com-11-6",
	 "Thời hiệu, thời hạn khiếu nại đã hết mà không có lý do chính đáng",
	 "The time limit for complaining has passed without a legitimate reason",
	 COM "Điều 11 khoản 6", COM_EN "Art. 11(6)", false},
	{DM_GROUND_COM_11_7, DM_TRACK_COMPLAINT, "com-11-7",
	 "Khiếu nại đã có quyết định giải quyết khiếu nại lần hai",
	 "The complaint already has a second-instance settlement decision",
	 COM "Điều 11 khoản 7", COM_EN "Art. 11(7)", false},
	{DM_GROUND_COM_11_8, DM_TRACK_COMPLAINT, "com-11-8",
	 "Có văn bản thông báo đình chỉ việc giải quyết khiếu nại mà sau 30 ngày người khiếu nại "
	 "không tiếp tục khiếu nại",
	 "Settlement was discontinued by written notice and the complainant did not pursue the "
	 "complaint within 30 days",
	 COM "Điều 11 khoản 8", COM_EN "Art. 11(8)", false},
	{DM_GROUND_COM_11_9, DM_TRACK_COMPLAINT, "com-11-9",
	 "Việc khiếu nại đã được Tòa án thụ lý hoặc đã được Tòa án giải quyết",
	 "A court has accepted or decided the matter", COM "Điều 11 khoản 9",
	 COM_EN "Art. 11(9)", false},
	{DM_GROUND_COM_OTHER, DM_TRACK_COMPLAINT, "com-other", OTHER_VI, OTHER_EN,
	 COM "Điều 11", COM_EN "Art. 11", true},
	{DM_GROUND_PET_06_UNFIT, DM_TRACK_PETITION, "pet-06-unfit",
	 "Đơn không đủ điều kiện xử lý", "The letter does not meet the conditions for handling",
	 PET "Điều 6", PET_EN "Art. 6", false},
	{DM_GROUND_PET_06_NOT_COMPETENT, DM_TRACK_PETITION, "pet-06-not-competent",
	 "Đơn không thuộc thẩm quyền giải quyết của đơn vị: hướng dẫn hoặc chuyển đơn",
	 "The letter is not within the unit's competence: guided or forwarded", PET "Điều 6",
	 PET_EN "Art. 6", false},
	{DM_GROUND_PET_OTHER, DM_TRACK_PETITION, "pet-other", OTHER_VI, OTHER_EN,
	 "Thông tư 05/2021/TT-TTCP", "Circular 05/2021/TT-TTCP", true},
};

_Static_assert(sizeof(grounds) / sizeof(grounds[0]) == DM_GROUND_MAX, "one row per code");

const struct dm_ground *dm_ground_of(enum dm_decline_ground g)
{
	if ((unsigned)g == 0 || (unsigned)g > DM_GROUND_MAX)
		return NULL;
	return &grounds[(unsigned)g - 1]; /* rows in code order: the unit test checks */
}

int dm_ground_parse(const char *s, enum dm_decline_ground *out)
{
	for (size_t i = 0; s && i < sizeof(grounds) / sizeof(grounds[0]); i++)
		if (strcmp(grounds[i].name, s) == 0) {
			*out = grounds[i].code;
			return TC_OK;
		}
	return TC_EINVAL;
}

const char *dm_ground_name(enum dm_decline_ground g)
{
	const struct dm_ground *d = dm_ground_of(g);
	return d ? d->name : "?";
}

int dm_ground_check(enum dm_decline_ground g, enum dm_track t, const char **reason)
{
	const struct dm_ground *d = dm_ground_of(g);
	if (g == DM_GROUND_NONE)
		*reason = "a decline needs its legal ground (ground)";
	else if (d == NULL)
		*reason = "the ground is not one of the law's grounds for not accepting";
	else if (d->track != t)
		*reason = "the ground is not one of this track's grounds for not accepting";
	else
		return TC_OK;
	return TC_EINVAL;
}

const char *dm_ground_for_reporter(enum dm_decline_ground g)
{
	const struct dm_ground *d = dm_ground_of(g);
	if (d == NULL || d->other)
		return "Đơn không đủ điều kiện để thụ lý giải quyết; lý do cụ thể được nêu trong "
		       "thông báo của cơ quan tiếp nhận.";
	return d->vi;
}
