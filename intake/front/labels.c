/*
 * labels.c - the words of every enum value (labels.h). Indexed by the
 * domain's enum values (dm_case.h, dm_deadline.h); index 0 is unused where
 * the enum starts at 1.
 */
#include <stddef.h>

#include "dm_case.h"
#include "dm_deadline.h"
#include "labels.h"

struct label {
	const char *vi, *en;
};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *pick(const struct label *t, int n, int v, enum lang l)
{
	if (v < 0 || v >= n || t[v].vi == NULL)
		return "?";
	return l == LANG_EN ? t[v].en : t[v].vi;
}

/* The citizen's pages do not name tracks; both uses read the monitors' words. */
static const struct label tracks[] = {
	[DM_TRACK_DENUNCIATION] = {"Tố cáo", "Denunciations"},
	[DM_TRACK_INFORMATION] = {"Thông tin có nội dung tố cáo (nặc danh)",
				  "Anonymous information with denunciation content"},
	[DM_TRACK_COMPLAINT] = {"Khiếu nại", "Complaints"},
	[DM_TRACK_PETITION] = {"Kiến nghị, phản ánh", "Petitions"},
};

static const struct label categories_citizen[] = {
	[DM_CAT_CORRUPTION] = {"Tham nhũng", "Corruption"},
	[DM_CAT_WASTE] = {"Lãng phí", "Waste"},
	[DM_CAT_LAND] = {"Đất đai", "Land"},
	[DM_CAT_PUBLIC_FINANCE] = {"Tài chính công", "Public finance"},
	[DM_CAT_PUBLIC_INVESTMENT] = {"Đầu tư công", "Public investment"},
	[DM_CAT_ABUSE_OF_POWER] = {"Lạm quyền", "Abuse of power"},
	[DM_CAT_HARASSMENT] = {"Nhũng nhiễu, gây phiền hà", "Harassment"},
	[DM_CAT_PERSONNEL] = {"Tổ chức, cán bộ", "Personnel"},
	[DM_CAT_ENVIRONMENT] = {"Môi trường", "Environment"},
	[DM_CAT_SOCIAL_POLICY] = {"Chính sách xã hội", "Social policy"},
	[DM_CAT_OTHER] = {"Khác", "Other"},
};

static const struct label categories_monitor[] = {
	[DM_CAT_CORRUPTION] = {"Tham nhũng", "Corruption"},
	[DM_CAT_WASTE] = {"Lãng phí", "Waste"},
	[DM_CAT_LAND] = {"Đất đai", "Land"},
	[DM_CAT_PUBLIC_FINANCE] = {"Tài chính công", "Public finance"},
	[DM_CAT_PUBLIC_INVESTMENT] = {"Đầu tư công", "Public investment"},
	[DM_CAT_ABUSE_OF_POWER] = {"Lạm quyền", "Abuse of power"},
	[DM_CAT_HARASSMENT] = {"Nhũng nhiễu", "Harassment"},
	[DM_CAT_PERSONNEL] = {"Tổ chức cán bộ", "Personnel"},
	[DM_CAT_ENVIRONMENT] = {"Môi trường", "Environment"},
	[DM_CAT_SOCIAL_POLICY] = {"Chính sách xã hội", "Social policy"},
	[DM_CAT_OTHER] = {"Khác", "Other"},
};

static const struct label statuses_citizen[] = {
	[DM_STATUS_RECEIVED] = {"Đã tiếp nhận, đang chờ xử lý", "Received, waiting to be processed"},
	[DM_STATUS_ACCEPTED] = {"Đã thụ lý, đang giải quyết", "Accepted, being settled"},
	[DM_STATUS_SUSPENDED] = {"Tạm đình chỉ giải quyết", "Settlement suspended"},
	[DM_STATUS_SETTLED] = {"Đã giải quyết", "Settled"},
	[DM_STATUS_DECLINED] = {"Không thụ lý", "Not accepted"},
	[DM_STATUS_TRANSFERRED] = {"Đã chuyển đến cơ quan có thẩm quyền",
				   "Transferred to the competent body"},
	[DM_STATUS_WITHDRAWN] = {"Đã rút đơn", "Withdrawn"},
	[DM_STATUS_TERMINATED] = {"Đã đình chỉ", "Terminated"},
};

static const struct label statuses_monitor[] = {
	[DM_STATUS_RECEIVED] = {"Chờ xử lý", "Received"},
	[DM_STATUS_ACCEPTED] = {"Đã thụ lý", "Accepted"},
	[DM_STATUS_SUSPENDED] = {"Tạm đình chỉ", "Suspended"},
	[DM_STATUS_SETTLED] = {"Đã giải quyết", "Settled"},
	[DM_STATUS_DECLINED] = {"Không thụ lý", "Not accepted"},
	[DM_STATUS_TRANSFERRED] = {"Đã chuyển", "Transferred"},
	[DM_STATUS_WITHDRAWN] = {"Đã rút", "Withdrawn"},
	[DM_STATUS_TERMINATED] = {"Đình chỉ", "Terminated"},
};

static const struct label kinds[] = {
	[DM_KIND_DENUNCIATION] = {"Tố cáo", "Denunciation"},
	[DM_KIND_COMPLAINT] = {"Khiếu nại", "Complaint"},
	[DM_KIND_PETITION] = {"Kiến nghị, phản ánh", "Petition"},
};

static const struct label kinds_help[] = {
	[DM_KIND_DENUNCIATION] = {
		"— báo cho cơ quan có thẩm quyền biết hành vi vi phạm pháp luật của cán bộ, công "
		"chức, cơ quan, tổ chức.",
		"— tell the authorities that an official or a body broke the law."},
	[DM_KIND_COMPLAINT] = {
		"— đề nghị xem xét lại một quyết định hoặc hành vi hành chính xâm phạm quyền, lợi "
		"ích của chính bạn. Phải ghi rõ họ tên.",
		"— ask for an administrative decision or act that harms your own rights to be "
		"reviewed. It must carry your name."},
	[DM_KIND_PETITION] = {"— góp ý, phản ánh một vấn đề để cơ quan nhà nước xem xét.",
			      "— raise a problem or a suggestion for the authorities to consider."},
};

static const struct label identities[] = {
	[DM_IDENTITY_ANONYMOUS] = {"Nặc danh", "Anonymous"},
	[DM_IDENTITY_NAMED] = {"Ghi rõ họ tên", "Named"},
	[DM_IDENTITY_CONFIDENTIAL] = {"Ghi rõ họ tên, đề nghị giữ bí mật", "Named, identity protected"},
};

static const struct label identities_help[] = {
	[DM_IDENTITY_ANONYMOUS] = {
		"— không ghi tên. Đơn tố cáo nặc danh được xử lý như thông tin, không được giải "
		"quyết như một vụ tố cáo; bạn chỉ theo dõi được bằng mã biên nhận. Khiếu nại không "
		"thể nặc danh.",
		"— no name. An anonymous denunciation is handled as information and cannot be "
		"formally settled; you can follow it only with the receipt. A complaint cannot be "
		"anonymous."},
	[DM_IDENTITY_NAMED] = {
		"— đơn của bạn được giải quyết theo luật và bạn được thông báo kết quả.",
		"— your report is handled under the law and you are told the outcome."},
	[DM_IDENTITY_CONFIDENTIAL] = {
		"— họ tên của bạn được niêm phong riêng; đơn vị xác minh nội dung mà không thấy bạn "
		"là ai, và mỗi lần mở danh tính đều được ghi lại (Luật Tố cáo, Điều 9, 47, 56).",
		"— your name is sealed apart; the unit can verify the report without seeing who "
		"you are, and every opening of your identity is recorded (Law on Denunciations "
		"Art. 9, 47, 56)."},
};

static const struct label levels[] = {
	[DM_LEVEL_UNKNOWN] = {"Không rõ", "Not sure"},
	[DM_LEVEL_COMMUNE] = {"Cán bộ, công chức cấp xã", "A commune official"},
	[DM_LEVEL_COMMUNE_LEADER] = {"Chủ tịch, Phó Chủ tịch UBND cấp xã",
				     "Commune chairman or vice-chairman"},
	[DM_LEVEL_PROVINCIAL_AGENCY] = {"Cán bộ sở, ngành cấp tỉnh",
					"Staff of a provincial department"},
	[DM_LEVEL_PROVINCIAL_AGENCY_LEADER] = {"Giám đốc, Phó Giám đốc sở, ngành",
					       "A provincial director or deputy"},
	[DM_LEVEL_PROVINCIAL_LEADER] = {"Chủ tịch, Phó Chủ tịch UBND cấp tỉnh",
					"Provincial chairman or vice-chairman"},
	[DM_LEVEL_CENTRAL] = {"Bộ, cơ quan trung ương", "A ministry or central agency"},
};

static const struct label deadlines[] = {
	[DM_DL_PROCESS] = {"Hạn xử lý ban đầu (thụ lý, chuyển đơn hoặc không thụ lý)",
			   "Deadline to accept, transfer or not accept"},
	[DM_DL_TRANSFER] = {"Hạn chuyển đơn nếu không thuộc thẩm quyền",
			    "Deadline to transfer it if the unit is not competent"},
	[DM_DL_NOTIFY] = {"Hạn thông báo thụ lý cho người gửi", "Deadline to tell you it was accepted"},
	[DM_DL_SETTLE] = {"Hạn giải quyết", "Deadline to settle"},
	[DM_DL_CONCLUSION_NOTIFY] = {"Hạn thông báo kết luận", "Deadline to tell you the conclusion"},
	[DM_DL_FORWARDED_ANSWER] = {"Hạn báo kết quả xử lý cho cơ quan đã chuyển đơn",
				    "Deadline to tell the forwarding body the outcome"},
	[DM_DL_DECISION_NOTIFY] = {"Hạn gửi quyết định tạm đình chỉ, đình chỉ hoặc tiếp tục giải quyết",
				   "Deadline to send the decision to suspend, end or resume"},
};

const char *label_track(int track, enum label_use use, enum lang l)
{
	(void)use;
	return pick(tracks, N(tracks), track, l);
}

const char *label_category(int category, enum label_use use, enum lang l)
{
	return use == LABEL_MONITOR ? pick(categories_monitor, N(categories_monitor), category, l)
				    : pick(categories_citizen, N(categories_citizen), category, l);
}

const char *label_status(int status, enum label_use use, enum lang l)
{
	return use == LABEL_MONITOR ? pick(statuses_monitor, N(statuses_monitor), status, l)
				    : pick(statuses_citizen, N(statuses_citizen), status, l);
}

const char *label_kind(int kind, enum lang l)
{
	return pick(kinds, N(kinds), kind, l);
}

const char *label_kind_help(int kind, enum lang l)
{
	return pick(kinds_help, N(kinds_help), kind, l);
}

const char *label_identity(int identity, enum lang l)
{
	return pick(identities, N(identities), identity, l);
}

const char *label_identity_help(int identity, enum lang l)
{
	return pick(identities_help, N(identities_help), identity, l);
}

const char *label_level(int level, enum lang l)
{
	return pick(levels, N(levels), level, l);
}

const char *label_deadline(int kind, enum lang l)
{
	return pick(deadlines, N(deadlines), kind, l);
}
