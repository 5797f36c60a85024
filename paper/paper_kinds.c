/*
 * paper_kinds.c - which documents exist, their names, and whether one
 * applies to a case in its present state. A refusal names what is missing
 * (the action that must come first), in Vietnamese or English.
 */
#include <stdio.h>
#include <string.h>

#include "paper.h"
#include "paper_case.h"

static const struct {
	const char *name;
	const char *den, *comp; /* its title for a denunciation, for a complaint */
} kinds[PAPER_KIND_COUNT] = {
	[PAPER_ACCEPT_NOTICE] = {"accept-notice", "Thông báo việc thụ lý tố cáo",
				 "Thông báo việc thụ lý giải quyết khiếu nại"},
	[PAPER_DECLINE_NOTICE] = {"decline-notice", "Thông báo việc không thụ lý tố cáo",
				  "Thông báo việc không thụ lý giải quyết khiếu nại"},
	[PAPER_TRANSFER_SLIP] = {"transfer-slip", "Phiếu chuyển đơn tố cáo", "Phiếu chuyển đơn khiếu nại"},
	[PAPER_TRANSFER_NOTICE] = {"transfer-notice", "Thông báo việc chuyển đơn tố cáo",
				   "Thông báo việc chuyển đơn khiếu nại"},
	[PAPER_ACCEPT_DECISION] = {"accept-decision", "Quyết định thụ lý tố cáo", NULL},
	[PAPER_EXTEND_DECISION] = {"extend-decision", "Quyết định gia hạn giải quyết tố cáo", NULL},
	[PAPER_SUSPEND_DECISION] = {"suspend-decision", "Quyết định tạm đình chỉ việc giải quyết tố cáo",
				    "Quyết định tạm đình chỉ giải quyết khiếu nại"},
	[PAPER_RESUME_DECISION] = {"resume-decision", "Quyết định tiếp tục giải quyết tố cáo",
				   "Quyết định tiếp tục giải quyết khiếu nại"},
	[PAPER_CONCLUSION_NOTICE] = {"conclusion-notice", "Thông báo kết luận nội dung tố cáo", NULL},
	[PAPER_TERMINATE_DECISION] = {"terminate-decision", "Quyết định đình chỉ việc giải quyết tố cáo",
				      "Quyết định đình chỉ việc giải quyết khiếu nại"},
};

int paper_kind_from_name(const char *name)
{
	for (int i = 0; name && i < PAPER_KIND_COUNT; i++)
		if (strcmp(name, kinds[i].name) == 0)
			return i;
	return -1;
}

const char *paper_kind_name(enum paper_kind k)
{
	return (unsigned)k < PAPER_KIND_COUNT ? kinds[k].name : "";
}

const char *paper_kind_title(enum paper_kind k, const char *track)
{
	if ((unsigned)k >= PAPER_KIND_COUNT)
		return "";
	if (track && strcmp(track, "complaint") == 0 && kinds[k].comp)
		return kinds[k].comp;
	return kinds[k].den;
}

#define ANNEX_DEN "Phụ lục Nghị định số 31/2019/NĐ-CP"
#define ANNEX_COMP                                                                               \
	"Phụ lục Nghị định số 124/2020/NĐ-CP (thay thế, bổ sung bởi Nghị định số 155/2026/NĐ-CP)"
#define ANNEX_LETTERS "Thông tư số 05/2021/TT-TTCP"

/*
 * The forms found (docs/DOCUMENTS.md: where each was read). A document
 * missing here has no form in what was read: its number is never guessed.
 */
static const struct {
	enum paper_kind kind;
	int comp;
	const char *number, *source;
} forms[] = {
	{PAPER_EXTEND_DECISION, 0, "Mẫu số 01", ANNEX_DEN},
	{PAPER_ACCEPT_DECISION, 0, "Mẫu số 04", ANNEX_DEN},
	{PAPER_ACCEPT_NOTICE, 0, "Mẫu số 05", ANNEX_DEN},
	{PAPER_TRANSFER_SLIP, 0, "Mẫu số 03", ANNEX_LETTERS},
	{PAPER_ACCEPT_NOTICE, 1, "Mẫu số 03", ANNEX_COMP},
	{PAPER_DECLINE_NOTICE, 1, "Mẫu số 04", ANNEX_COMP},
	{PAPER_SUSPEND_DECISION, 1, "Mẫu số 14a", ANNEX_COMP},
	{PAPER_RESUME_DECISION, 1, "Mẫu số 14b", ANNEX_COMP},
};

const char *paper_kind_form(enum paper_kind k, const char *track, const char **source)
{
	int comp = track && strcmp(track, "complaint") == 0;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		if (forms[i].kind == k && forms[i].comp == comp) {
			if (source)
				*source = forms[i].source;
			return forms[i].number;
		}
	if (source)
		*source = "";
	return "";
}

const char *pc_str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

const char *pc_timeline_day(const cJSON *show, const char *event, const char *detail)
{
	const char *day = "";
	const cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(show, "timeline"))
	{
		if (strcmp(pc_str(e, "event"), event) == 0 &&
		    (detail == NULL || strcmp(pc_str(e, "detail"), detail) == 0))
			day = pc_str(e, "on");
	}
	return day;
}

static const char *status_vi(const char *s)
{
	static const char *const t[][2] = {
		{"received", "đã tiếp nhận, chưa xử lý"}, {"accepted", "đã thụ lý"},
		{"suspended", "tạm đình chỉ"},		   {"settled", "đã giải quyết"},
		{"declined", "không thụ lý"},		   {"transferred", "đã chuyển đơn"},
		{"withdrawn", "đã rút đơn"},		   {"terminated", "đình chỉ giải quyết"},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(s, t[i][0]) == 0)
			return t[i][1];
	return s;
}

/* What is missing for k, as (Vietnamese, English); NULL when nothing is. */
static const char *const *missing(enum paper_kind k, const cJSON *show)
{
	static const char *const not_den_comp[2] = {
		"văn bản này chỉ lập cho đơn tố cáo hoặc đơn khiếu nại",
		"this document exists only for a denunciation or a complaint"};
	static const char *const not_accepted[2] = {
		"hồ sơ chưa được thụ lý: cần ghi nhận việc thụ lý (hành động accept) trước",
		"the case was not accepted: the accept action comes first"};
	static const char *const comp_by_notice[2] = {
		"khiếu nại được thụ lý bằng thông báo (Điều 27 Luật Khiếu nại), không có quyết định "
		"thụ lý: hãy lập accept-notice",
		"a complaint is accepted by a notice (Law on Complaints Art. 27), not by a decision: "
		"use accept-notice"};
	static const char *const not_declined[2] = {
		"hồ sơ không ở trạng thái không thụ lý: cần ghi nhận việc không thụ lý (hành động "
		"decline) trước",
		"the case was not declined: the decline action comes first"};
	static const char *const not_transferred[2] = {
		"hồ sơ chưa được chuyển: cần đề nghị chuyển đơn (transfer) trước",
		"the case was not transferred: a transfer offer comes first"};
	static const char *const comp_no_ext[2] = {
		"khiếu nại không có quyết định gia hạn: extend chỉ ghi nhận vụ việc phức tạp (Điều 28 "
		"Luật Khiếu nại)",
		"a complaint has no extension decision: extend only declares it complicated (Law on "
		"Complaints Art. 28)"};
	static const char *const no_ext[2] = {
		"chưa có lần gia hạn nào được ghi nhận: cần hành động extend trước",
		"no extension was recorded: the extend action comes first"};
	static const char *const no_suspend[2] = {
		"chưa có quyết định tạm đình chỉ được ghi nhận: cần hành động suspend trước",
		"no suspension was recorded: the suspend action comes first"};
	static const char *const no_resume[2] = {
		"chưa có quyết định tiếp tục giải quyết được ghi nhận: cần hành động resume trước",
		"no resumption was recorded: the resume action comes first"};
	static const char *const no_terminate[2] = {
		"chưa có quyết định đình chỉ việc giải quyết được ghi nhận: cần hành động terminate "
		"trước",
		"no termination was recorded: the terminate action comes first"};
	static const char *const comp_no_concl[2] = {
		"khiếu nại kết thúc bằng quyết định giải quyết khiếu nại, không bằng thông báo kết "
		"luận nội dung tố cáo",
		"a complaint ends with a decision on the complaint, not with a conclusion notice"};
	static const char *const not_settled[2] = {
		"hồ sơ chưa giải quyết xong: cần ghi nhận việc giải quyết (hành động settle) trước "
		"khi thông báo kết luận",
		"the case is not settled: the settle action comes before the conclusion notice"};
	const char *track = pc_str(show, "track"), *status = pc_str(show, "status");
	int den = strcmp(track, "denunciation") == 0, comp = strcmp(track, "complaint") == 0;
	const char *last = pc_str(cJSON_GetObjectItemCaseSensitive(show, "last_decision"), "decision");
	int accepted = pc_timeline_day(show, "action", "accept")[0] != '\0';
	int transfer = cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(show, "transfer_pending")) ||
		       strcmp(status, "transferred") == 0;
	if (!den && !comp)
		return not_den_comp;
	switch (k) {
	case PAPER_ACCEPT_DECISION:
		if (comp)
			return comp_by_notice;
		return accepted ? NULL : not_accepted;
	case PAPER_ACCEPT_NOTICE: return accepted ? NULL : not_accepted;
	case PAPER_DECLINE_NOTICE: return strcmp(status, "declined") == 0 ? NULL : not_declined;
	case PAPER_TRANSFER_SLIP:
	case PAPER_TRANSFER_NOTICE: return transfer ? NULL : not_transferred;
	case PAPER_EXTEND_DECISION:
		if (comp)
			return comp_no_ext;
		return pc_int(show, "extensions") > 0 ? NULL : no_ext;
	case PAPER_SUSPEND_DECISION: return strcmp(last, "suspend") == 0 ? NULL : no_suspend;
	case PAPER_RESUME_DECISION: return strcmp(last, "resume") == 0 ? NULL : no_resume;
	case PAPER_TERMINATE_DECISION: return strcmp(last, "terminate") == 0 ? NULL : no_terminate;
	case PAPER_CONCLUSION_NOTICE:
		if (comp)
			return comp_no_concl;
		return strcmp(status, "settled") == 0 ? NULL : not_settled;
	default: return not_den_comp;
	}
}

int pc_int(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsNumber(v) ? v->valueint : 0;
}

const char *paper_refusal(enum paper_kind k, const cJSON *show, int en)
{
	static _Thread_local char why[768];
	if ((unsigned)k >= PAPER_KIND_COUNT)
		return en ? "no such document" : "không có văn bản này";
	const char *const *m = missing(k, show);
	if (m == NULL)
		return NULL;
	const char *status = pc_str(show, "status");
	if (en)
		snprintf(why, sizeof(why), "cannot draw up %s (%s) for case %s (status %s): %s",
			 kinds[k].name, paper_kind_title(k, pc_str(show, "track")),
			 pc_str(show, "case_id"), status, m[1]);
	else
		snprintf(why, sizeof(why), "Không lập được %s cho hồ sơ %s (trạng thái: %s): %s.",
			 paper_kind_title(k, pc_str(show, "track")), pc_str(show, "case_id"),
			 status_vi(status), m[0]);
	return why;
}
