/*
 * paper_fill.c - a document's fields filled from the case: the issuing
 * unit and its parent body (domain/'s table of units), the number's
 * symbol, the place and day, the addressee, and the body's paragraphs in
 * the wording of the decrees' forms (docs/DOCUMENTS.md says which wording
 * was read and which reconstructed). What the case cannot know (a reason
 * written on paper, a conclusion's number) is left as dots to fill in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_units.h"
#include "paper.h"
#include "paper_case.h"

#define LAW_DEN "Luật Tố cáo ngày 12 tháng 6 năm 2018"
#define DECREE_DEN                                                                               \
	"Nghị định số 31/2019/NĐ-CP ngày 10 tháng 4 năm 2019 của Chính phủ quy định chi tiết "   \
	"một số điều và biện pháp tổ chức thi hành Luật Tố cáo"
#define LAW_COMP "Luật Khiếu nại ngày 11 tháng 11 năm 2011"
#define DECREE_COMP                                                                              \
	"Nghị định số 124/2020/NĐ-CP ngày 19 tháng 10 năm 2020 của Chính phủ quy định chi tiết " \
	"một số điều và biện pháp thi hành Luật Khiếu nại"

#define DECREE_COMP_2026                                                                         \
	"Nghị định số 155/2026/NĐ-CP ngày 15 tháng 5 năm 2026 của Chính phủ sửa đổi, bổ sung một " \
	"số điều của Nghị định số 124/2020/NĐ-CP"

/* What every body draws on. */
struct ctx {
	const cJSON *show, *body, *ident;
	int comp;                  /* a complaint, else a denunciation */
	const char *id, *issuer;   /* case id, the unit's name */
	char reporter[PAPER_LINE_MAX]; /* "ông (bà) NAME" */
	char addressee[PAPER_LINE_MAX]; /* "Ông (Bà) NAME" */
	char accused[PAPER_LINE_MAX];
	char to_unit[PAPER_LINE_MAX]; /* a transfer's receiving unit */
	const char *summary;
};

void pc_day(struct pbuf *b, const char *iso)
{
	int y, m, d;
	char tail;
	if (iso && sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && strlen(iso) == 10)
		pbuf_fmt(b, "%02d/%02d/%04d", d, m, y);
	else
		pbuf_str(b, PC_BLANK);
}

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

/* The unit's name, its parent body, place and the symbol's suffix. */
static void issuer_fields(struct paper_doc *doc, const char *unit_id)
{
	const struct dm_unit *u = dm_unit_find(unit_id);
	const struct dm_province *p = u ? u->province : NULL;
	copy(doc->issuer, sizeof(doc->issuer), u ? u->name : unit_id);
	if (p) {
		/* "Tỉnh Cà Mau" -> "UBND tỉnh Cà Mau", as headers abbreviate it (the first letter is ASCII) */
		snprintf(doc->parent, sizeof(doc->parent), "UBND %c%s",
			 p->full_name[0] >= 'A' && p->full_name[0] <= 'Z' ? p->full_name[0] + 32
									  : p->full_name[0],
			 p->full_name + 1);
		copy(doc->place, sizeof(doc->place), p->name);
	} else {
		doc->parent[0] = '\0';
		copy(doc->place, sizeof(doc->place), u ? "Hà Nội" : "");
	}
}

static const char *symbol_of(enum paper_kind k, const char *unit_id)
{
	int ttcp = strcmp(unit_id, "TTCP") == 0;
	switch (k) {
	case PAPER_TRANSFER_SLIP: return ttcp ? "PC-TTCP" : "PC-TTr";
	case PAPER_ACCEPT_DECISION:
	case PAPER_EXTEND_DECISION:
	case PAPER_SUSPEND_DECISION:
	case PAPER_RESUME_DECISION:
	case PAPER_TERMINATE_DECISION: return ttcp ? "QĐ-TTCP" : "QĐ-TTr";
	default: return ttcp ? "TB-TTCP" : "TB-TTr";
	}
}

static void ctx_init(struct ctx *c, const cJSON *show, const cJSON *body, const cJSON *ident)
{
	memset(c, 0, sizeof(*c));
	c->show = show;
	c->body = body;
	c->ident = ident;
	c->comp = strcmp(pc_str(show, "track"), "complaint") == 0;
	c->id = pc_str(show, "case_id");
	const char *name = pc_str(ident, "full_name");
	snprintf(c->reporter, sizeof(c->reporter), "ông (bà) %s", name[0] ? name : PC_BLANK);
	snprintf(c->addressee, sizeof(c->addressee), "Ông (Bà) %s", name[0] ? name : PC_BLANK);
	const cJSON *acc = cJSON_GetObjectItemCaseSensitive(body, "accused");
	const char *an = pc_str(acc, "name"), *pos = pc_str(acc, "position");
	snprintf(c->accused, sizeof(c->accused), "%s%s%s", an[0] ? an : PC_BLANK, pos[0] ? ", " : "",
		 pos);
	c->summary = pc_str(body, "summary")[0] ? pc_str(body, "summary") : PC_BLANK;
	const cJSON *tp = cJSON_GetObjectItemCaseSensitive(show, "transfer_pending");
	const char *to = cJSON_IsObject(tp) ? pc_str(tp, "to_unit") : "";
	const cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(show, "timeline"))
	{
		if (!to[0] && strcmp(pc_str(e, "event"), "transferred") == 0)
			to = pc_str(e, "detail");
	}
	const struct dm_unit *u = dm_unit_find(to);
	copy(c->to_unit, sizeof(c->to_unit), u ? u->name : to[0] ? to : PC_BLANK);
}

/* "Ngày 20/11/2026, X nhận được đơn tố cáo của ông (bà) …, địa chỉ: …, tố cáo …" */
static void received_paragraph(struct pbuf *b, const struct ctx *c)
{
	const char *addr = pc_str(c->ident, "address");
	pbuf_str(b, "Ngày ");
	pc_day(b, pc_str(c->show, "received_on"));
	pbuf_fmt(b, ", %s nhận được đơn %s của %s", c->issuer, c->comp ? "khiếu nại" : "tố cáo",
		 c->reporter);
	if (addr[0])
		pbuf_fmt(b, ", địa chỉ: %s", addr);
	if (c->comp) {
		const cJSON *cp = cJSON_GetObjectItemCaseSensitive(c->body, "complaint");
		const char *subject = pc_str(cp, "subject"), *num = pc_str(cp, "decision_number");
		pbuf_fmt(b, " (hồ sơ %s), khiếu nại", c->id);
		if (subject[0])
			pbuf_fmt(b, " %s", subject);
		if (num[0])
			pbuf_fmt(b, " (số %s)", num);
		pbuf_fmt(b, " về nội dung: %s.\n", c->summary);
	} else {
		pbuf_fmt(b, " (hồ sơ %s), tố cáo %s về nội dung: %s.\n", c->id, c->accused, c->summary);
	}
}

/* A decision's grounds; a complaint's decisions (suspend, resume) rest on Decree 155/2026 too. */
static void legal_basis(struct pbuf *b, const struct ctx *c)
{
	pbuf_fmt(b, "Căn cứ %s;\nCăn cứ %s;\n", c->comp ? LAW_COMP : LAW_DEN,
		 c->comp ? DECREE_COMP : DECREE_DEN);
	if (c->comp)
		pbuf_str(b, "Căn cứ " DECREE_COMP_2026 ";\n");
	pbuf_fmt(b, "Căn cứ quy định về chức năng, nhiệm vụ, quyền hạn của %s;\n", c->issuer);
}

/* Mẫu số 03 (complaints), its wording as read, the blanks filled from the case. */
static void body_accept_notice_complaint(struct pbuf *b, const struct ctx *c)
{
	const cJSON *cp = cJSON_GetObjectItemCaseSensitive(c->body, "complaint");
	const char *addr = pc_str(c->ident, "address"), *idn = pc_str(c->ident, "id_number");
	const char *name = pc_str(c->ident, "full_name");
	const char *subject = pc_str(cp, "subject"), *num = pc_str(cp, "decision_number");
	pbuf_fmt(b, "%s đã nhận được đơn khiếu nại của: %s\n", c->issuer, name[0] ? name : PC_BLANK);
	pbuf_fmt(b, "Địa chỉ: %s\n", addr[0] ? addr : PC_BLANK);
	pbuf_fmt(b, "Số căn cước/định danh cá nhân/giấy chứng nhận căn cước/hộ chiếu: %s ngày cấp "
		    "……/……/…… nơi cấp %s\n",
		 idn[0] ? idn : PC_BLANK, PC_BLANK);
	pbuf_str(b, "Khiếu nại về việc: ");
	if (subject[0])
		pbuf_fmt(b, "%s%s%s%s: ", subject, num[0] ? " (số " : "", num, num[0] ? ")" : "");
	pbuf_fmt(b, "%s\n", c->summary);
	pbuf_fmt(b, "Sau khi xem xét nội dung đơn khiếu nại, căn cứ quy định của pháp luật về khiếu "
		    "nại, %s nhận thấy đơn khiếu nại đủ điều kiện thụ lý.\n",
		 c->issuer);
	pbuf_fmt(b, "Vậy thông báo để %s được biết./.\n", c->reporter);
}

static void body_accept_notice(struct pbuf *b, const struct ctx *c)
{
	if (c->comp) {
		body_accept_notice_complaint(b, c);
		return;
	}
	received_paragraph(b, c);
	pbuf_fmt(b, "Căn cứ %s và %s, ngày ", LAW_DEN, DECREE_DEN);
	pc_day(b, pc_timeline_day(c->show, "action", "accept"));
	pbuf_fmt(b, ", %s đã thụ lý tố cáo. Thời hạn giải quyết tố cáo là không quá 30 ngày kể từ "
		    "ngày thụ lý, đến ngày ",
		 c->issuer);
	pc_day(b, pc_str(cJSON_GetObjectItemCaseSensitive(c->show, "deadlines"), "settle_by"));
	pbuf_str(b, "; có thể được gia hạn theo Điều 30 Luật Tố cáo.\n");
	pbuf_fmt(b, "%s thông báo để %s được biết và thực hiện các quyền, nghĩa vụ của người tố cáo "
		    "theo Điều 9 Luật Tố cáo.\n",
		 c->issuer, c->reporter);
}

static void body_decline_notice(struct pbuf *b, const struct ctx *c)
{
	if (c->comp) {
		/* Mẫu số 04 (complaints), its wording as read */
		pbuf_fmt(b, "Sau khi xem xét nội dung đơn khiếu nại, căn cứ Điều 11 của Luật Khiếu nại, "
			    "%s nhận thấy, đơn khiếu nại của %s (nhận ngày ",
			 c->issuer, c->reporter);
		pc_day(b, pc_str(c->show, "received_on"));
		pbuf_fmt(b, ", hồ sơ %s) không đủ điều kiện để thụ lý giải quyết vì %s (ghi rõ lý "
			    "do).\n",
			 c->id, PC_BLANK);
		pbuf_fmt(b, "Vậy thông báo để %s được biết./.\n", c->reporter);
		return;
	}
	received_paragraph(b, c);
	pbuf_fmt(b, "Sau khi xem xét, %s không thụ lý tố cáo vì tố cáo thuộc trường hợp quy định tại "
		    "khoản 1 Điều 29 Luật Tố cáo, cụ thể: %s (ghi rõ lý do).\n",
		 c->issuer, PC_BLANK);
	pbuf_fmt(b, "%s thông báo để %s được biết.\n", c->issuer, c->reporter);
}

static const char *transfer_day(const struct ctx *c)
{
	const char *d = pc_timeline_day(c->show, "transferred", NULL);
	return d[0] ? d : pc_timeline_day(c->show, "transfer_pending", NULL);
}

static void body_transfer_slip(struct pbuf *b, const struct ctx *c)
{
	/* a denouncer's name and address never travel on the slip (Law on Denunciations Art. 47) */
	struct ctx hidden = *c;
	if (!c->comp) {
		hidden.ident = NULL;
		snprintf(hidden.reporter, sizeof(hidden.reporter), "người tố cáo");
	}
	received_paragraph(b, &hidden);
	pbuf_fmt(b, "Căn cứ %sThông tư số 05/2021/TT-TTCP của Thanh tra Chính phủ quy định quy "
		    "trình xử lý đơn, xét thấy nội dung đơn không thuộc thẩm quyền giải quyết của "
		    "%s, %s chuyển đơn đến %s để xem xét, giải quyết theo thẩm quyền.\n",
		 c->comp ? "" : "Điều 24 Luật Tố cáo và ", c->issuer, c->issuer, c->to_unit);
	pbuf_fmt(b, "Hồ sơ được chuyển kèm theo qua hệ thống tocao (mã hồ sơ %s)%s. Đề nghị %s "
		    "thông báo kết quả xử lý cho %s và người gửi đơn biết.\n",
		 c->id,
		 c->comp ? "" : "; thông tin về người tố cáo được giữ bí mật theo Điều 47 Luật Tố cáo",
		 c->to_unit, c->issuer);
}

static void body_transfer_notice(struct pbuf *b, const struct ctx *c)
{
	received_paragraph(b, c);
	pbuf_fmt(b, "Xét thấy nội dung đơn không thuộc thẩm quyền giải quyết của %s, căn cứ %s"
		    "Thông tư số 05/2021/TT-TTCP của Thanh tra Chính phủ, ngày ",
		 c->issuer, c->comp ? "" : "Điều 24 Luật Tố cáo và ");
	pc_day(b, transfer_day(c));
	pbuf_fmt(b, " %s đã chuyển đơn đến %s để xem xét, giải quyết theo thẩm quyền.\n", c->issuer,
		 c->to_unit);
	pbuf_fmt(b, "%s thông báo để %s được biết và liên hệ với %s để được giải quyết.\n",
		 c->issuer, c->reporter, c->to_unit);
}

static void body_accept_decision(struct pbuf *b, const struct ctx *c)
{
	legal_basis(b, c);
	pbuf_str(b, "Xét đơn tố cáo ngày ");
	pc_day(b, pc_str(c->show, "received_on"));
	pbuf_fmt(b, " của %s (hồ sơ %s),\nQUYẾT ĐỊNH:\n", c->reporter, c->id);
	pbuf_fmt(b, "Điều 1. Thụ lý tố cáo đối với %s. Nội dung thụ lý: %s.\n", c->accused,
		 c->summary);
	pbuf_str(b, "Điều 2. Thời hạn giải quyết tố cáo là không quá 30 ngày kể từ ngày thụ lý, "
		    "đến ngày ");
	pc_day(b, pc_str(cJSON_GetObjectItemCaseSensitive(c->show, "deadlines"), "settle_by"));
	pbuf_str(b, ".\n");
	pbuf_fmt(b, "Điều 3. %s, người bị tố cáo và các cơ quan, tổ chức, cá nhân có liên quan chịu "
		    "trách nhiệm thi hành Quyết định này.\n",
		 c->issuer);
}

/* The criteria letters recorded by extend, "a, đ", or the dots. */
static void criteria_text(struct pbuf *b, const cJSON *show)
{
	const cJSON *k;
	int n = 0;
	cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(show, "complexity_criteria"))
	{
		if (!cJSON_IsString(k))
			continue;
		pbuf_str(b, n++ ? ", " : "");
		pbuf_str(b, strcmp(k->valuestring, "dd") == 0 ? "đ" : k->valuestring);
	}
	if (n == 0)
		pbuf_str(b, PC_BLANK);
}

static void body_extend_decision(struct pbuf *b, const struct ctx *c)
{
	int particular = strcmp(pc_str(c->show, "complexity"), "particularly_complicated") == 0;
	legal_basis(b, c);
	pbuf_str(b, "Căn cứ Quyết định thụ lý tố cáo ngày ");
	pc_day(b, pc_timeline_day(c->show, "action", "accept"));
	pbuf_fmt(b, " (hồ sơ %s);\nXét tính chất %s của vụ việc (điểm ", c->id,
		 particular ? "đặc biệt phức tạp" : "phức tạp");
	criteria_text(b, c->show);
	pbuf_str(b, " khoản 2 Điều 3 Nghị định số 31/2019/NĐ-CP),\nQUYẾT ĐỊNH:\n");
	pbuf_fmt(b, "Điều 1. Gia hạn giải quyết tố cáo (lần thứ %d) đối với tố cáo của %s về %s. "
		    "Thời gian gia hạn không quá 30 ngày; thời hạn giải quyết tố cáo đến ngày ",
		 pc_int(c->show, "extensions"), c->reporter, c->accused);
	pc_day(b, pc_str(cJSON_GetObjectItemCaseSensitive(c->show, "deadlines"), "settle_by"));
	pbuf_fmt(b, ".\nĐiều 2. %s, người bị tố cáo và các cơ quan, tổ chức, cá nhân có liên quan "
		    "chịu trách nhiệm thi hành Quyết định này.\n",
		 c->issuer);
}

/*
 * Mẫu số 14a and 14b (complaints): Điều 1 what is decided and, suspending,
 * "Lý do:"; Điều 2 as the form prints it (14a) or the day the time runs on
 * from (Decree 124/2020 Art. 28b(2) as added by Decree 155/2026); Điều 3
 * who carries it out, those Art. 28b sends it to.
 */
static void body_suspend_resume_complaint(struct pbuf *b, const struct ctx *c, int resume)
{
	legal_basis(b, c);
	pbuf_fmt(b, "QUYẾT ĐỊNH:\nĐiều 1. %s giải quyết khiếu nại của %s (hồ sơ %s) kể từ ngày ",
		 resume ? "Tiếp tục" : "Tạm đình chỉ", c->reporter, c->id);
	pc_day(b, pc_str(cJSON_GetObjectItemCaseSensitive(c->show, "last_decision"), "on"));
	pbuf_str(b, ".\n");
	if (resume)
		pbuf_str(b, "Điều 2. Thời hạn giải quyết khiếu nại tiếp tục được tính từ ngày ban hành "
			    "Quyết định này.\n");
	else
		pbuf_fmt(b, "Lý do: %s (ghi rõ căn cứ tại khoản 1 Điều 11a Luật Khiếu nại).\n"
			    "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.\n",
			 PC_BLANK);
	pbuf_fmt(b, "Điều 3. %s, người khiếu nại, người bị khiếu nại, người có quyền, nghĩa vụ liên "
		    "quan và các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành "
		    "Quyết định này./.\n",
		 c->issuer);
}

static void body_suspend_resume(struct pbuf *b, const struct ctx *c, int resume)
{
	if (c->comp) {
		body_suspend_resume_complaint(b, c, resume);
		return;
	}
	legal_basis(b, c);
	if (resume)
		pbuf_fmt(b, "Xét thấy lý do tạm đình chỉ việc giải quyết tố cáo không còn: %s,\n",
			 PC_BLANK);
	else
		pbuf_fmt(b, "Xét thấy cần tạm đình chỉ việc giải quyết tố cáo vì: %s (ghi rõ lý do),\n",
			 PC_BLANK);
	pbuf_fmt(b, "QUYẾT ĐỊNH:\nĐiều 1. %s việc giải quyết tố cáo của %s (hồ sơ %s) kể từ ngày ",
		 resume ? "Tiếp tục" : "Tạm đình chỉ", c->reporter, c->id);
	pc_day(b, pc_str(cJSON_GetObjectItemCaseSensitive(c->show, "last_decision"), "on"));
	pbuf_str(b, resume ? ". Thời gian tạm đình chỉ không tính vào thời hạn giải quyết.\n"
			   : ". Việc giải quyết được tiếp tục khi lý do tạm đình chỉ không còn.\n");
	pbuf_fmt(b, "Điều 2. %s và các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi "
		    "hành Quyết định này.\n",
		 c->issuer);
}

/*
 * Đình chỉ việc giải quyết: the ground is one the law lists (Law on
 * Denunciations Art. 34, as docs/DEADLINES.md reads it; for a complaint Art.
 * 11a added by Decree 155/2026's law, known only through its references, so
 * no clause is cited), which the case does not know: left as dots for the
 * inspector. Unlike a suspension it ends the settlement: the case is closed.
 */
static void body_terminate_decision(struct pbuf *b, const struct ctx *c)
{
	const char *what = c->comp ? "khiếu nại" : "tố cáo";
	legal_basis(b, c);
	pbuf_fmt(b, "Xét thấy việc giải quyết %s thuộc trường hợp phải đình chỉ theo quy định tại %s, "
		    "cụ thể: %s (ghi rõ căn cứ và lý do),\nQUYẾT ĐỊNH:\n",
		 what, c->comp ? "Luật Khiếu nại (ghi rõ điều, khoản)" : "Điều 34 Luật Tố cáo", PC_BLANK);
	pbuf_fmt(b, "Điều 1. Đình chỉ việc giải quyết %s của %s (hồ sơ %s)", what, c->reporter,
		 c->id);
	if (!c->comp)
		pbuf_fmt(b, " đối với %s", c->accused);
	pbuf_str(b, " kể từ ngày ");
	pc_day(b, pc_str(cJSON_GetObjectItemCaseSensitive(c->show, "last_decision"), "on"));
	pbuf_str(b, ". Việc giải quyết kết thúc theo quy định của pháp luật.\n");
	pbuf_fmt(b, "Điều 2. %s và các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi "
		    "hành Quyết định này.\n",
		 c->issuer);
}

static void body_conclusion_notice(struct pbuf *b, const struct ctx *c)
{
	pbuf_str(b, "Ngày ");
	pc_day(b, pc_timeline_day(c->show, "action", "accept"));
	pbuf_fmt(b, ", %s đã thụ lý tố cáo của %s (hồ sơ %s) đối với %s về nội dung: %s.\n",
		 c->issuer, c->reporter, c->id, c->accused, c->summary);
	pbuf_str(b, "Ngày ");
	pc_day(b, pc_timeline_day(c->show, "action", "settle"));
	pbuf_fmt(b, ", %s đã ban hành Kết luận nội dung tố cáo số %s. Nội dung kết luận: %s (tóm "
		    "tắt kết luận và các biện pháp xử lý).\n",
		 c->issuer, PC_BLANK, PC_BLANK);
	pbuf_fmt(b, "Căn cứ Điều 35 Luật Tố cáo, %s thông báo để %s được biết.\n", c->issuer,
		 c->reporter);
}

static void body_of(enum paper_kind k, struct pbuf *b, const struct ctx *c)
{
	switch (k) {
	case PAPER_ACCEPT_NOTICE: body_accept_notice(b, c); break;
	case PAPER_DECLINE_NOTICE: body_decline_notice(b, c); break;
	case PAPER_TRANSFER_SLIP: body_transfer_slip(b, c); break;
	case PAPER_TRANSFER_NOTICE: body_transfer_notice(b, c); break;
	case PAPER_ACCEPT_DECISION: body_accept_decision(b, c); break;
	case PAPER_EXTEND_DECISION: body_extend_decision(b, c); break;
	case PAPER_SUSPEND_DECISION: body_suspend_resume(b, c, 0); break;
	case PAPER_RESUME_DECISION: body_suspend_resume(b, c, 1); break;
	case PAPER_CONCLUSION_NOTICE: body_conclusion_notice(b, c); break;
	case PAPER_TERMINATE_DECISION: body_terminate_decision(b, c); break;
	default: break;
	}
}

/* The day a document is dated by default: the day of what it records. */
static const char *default_day(enum paper_kind k, const struct ctx *c)
{
	const cJSON *last = cJSON_GetObjectItemCaseSensitive(c->show, "last_decision");
	switch (k) {
	case PAPER_ACCEPT_NOTICE:
	case PAPER_ACCEPT_DECISION: return pc_timeline_day(c->show, "action", "accept");
	case PAPER_DECLINE_NOTICE: return pc_timeline_day(c->show, "action", "decline");
	case PAPER_TRANSFER_SLIP:
	case PAPER_TRANSFER_NOTICE: return transfer_day(c);
	case PAPER_EXTEND_DECISION: return pc_timeline_day(c->show, "action", "extend");
	case PAPER_SUSPEND_DECISION:
	case PAPER_RESUME_DECISION:
	case PAPER_TERMINATE_DECISION: return pc_str(last, "on");
	case PAPER_CONCLUSION_NOTICE: return pc_timeline_day(c->show, "action", "settle");
	default: return "";
	}
}

static int is_decision(enum paper_kind k)
{
	return k == PAPER_ACCEPT_DECISION || k == PAPER_EXTEND_DECISION ||
	       k == PAPER_SUSPEND_DECISION || k == PAPER_RESUME_DECISION ||
	       k == PAPER_TERMINATE_DECISION;
}

/* Title, subject, addressee, authority and "Nơi nhận". */
static void frame_fields(enum paper_kind k, const struct ctx *c, struct paper_doc *doc,
			 struct pbuf *rec)
{
	const char *title = paper_kind_title(k, pc_str(c->show, "track"));
	const char *rest = title;
	static const char *const skip[] = {"Thông báo ", "Quyết định ", "việc "};
	for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (strncmp(rest, skip[i], strlen(skip[i])) == 0)
			rest += strlen(skip[i]);
	copy(doc->title, sizeof(doc->title),
	     k == PAPER_TRANSFER_SLIP ? "PHIẾU CHUYỂN ĐƠN" : is_decision(k) ? "QUYẾT ĐỊNH" : "THÔNG BÁO");
	/* "Thông báo việc thụ lý tố cáo", "Quyết định thụ lý tố cáo" -> "Về việc thụ lý tố cáo" */
	if (k == PAPER_CONCLUSION_NOTICE)
		copy(doc->subject, sizeof(doc->subject), "Kết luận nội dung tố cáo");
	else if (k == PAPER_TRANSFER_SLIP)
		snprintf(doc->subject, sizeof(doc->subject), "Về việc chuyển đơn %s",
			 c->comp ? "khiếu nại" : "tố cáo");
	else
		snprintf(doc->subject, sizeof(doc->subject), "Về việc %s", rest);
	if (k == PAPER_TRANSFER_SLIP)
		snprintf(doc->to, sizeof(doc->to), "%s", c->to_unit);
	else if (!is_decision(k))
		snprintf(doc->to, sizeof(doc->to), "%s", c->addressee);
	if (is_decision(k)) {
		const struct dm_unit *u = dm_unit_find(pc_str(c->show, "unit"));
		snprintf(doc->authority, sizeof(doc->authority), "%s %s",
			 u && u->province ? "Chánh" : "Tổng", u ? u->name : c->issuer);
		if (c->comp) /* Mẫu số 14a, 14b: those who receive it are named in Điều 3 */
			pbuf_str(rec, "Như Điều 3;\n");
		else
			pbuf_fmt(rec, "Như Điều %s;\nNgười tố cáo;\n",
				 k == PAPER_ACCEPT_DECISION ? "3" : "2");
	} else {
		pbuf_str(rec, k == PAPER_TRANSFER_SLIP ? "Như trên;\nNgười gửi đơn (để biết);\n"
						       : "Như trên;\n");
	}
	pbuf_fmt(rec, "Lưu: VT, hồ sơ %s.\n", c->id);
}

int paper_prepare(enum paper_kind k, const cJSON *show, const cJSON *body, const cJSON *ident,
		  int en, struct paper_doc *doc, const char **why)
{
	struct ctx c;
	struct pbuf text = {0}, rec = {0};
	memset(doc, 0, sizeof(*doc));
	if ((*why = paper_refusal(k, show, en)) != NULL)
		return -1;
	doc->kind = k;
	issuer_fields(doc, pc_str(show, "unit"));
	ctx_init(&c, show, body, ident);
	c.issuer = doc->issuer;
	copy(doc->form, sizeof(doc->form), paper_kind_form(k, pc_str(show, "track"), NULL));
	copy(doc->symbol, sizeof(doc->symbol), symbol_of(k, pc_str(show, "unit")));
	copy(doc->date, sizeof(doc->date), default_day(k, &c));
	copy(doc->signer_title, sizeof(doc->signer_title), "THỦ TRƯỞNG CƠ QUAN");
	frame_fields(k, &c, doc, &rec);
	body_of(k, &text, &c);
	if (text.failed || rec.failed || text.p == NULL || rec.p == NULL) {
		pbuf_free(&text);
		pbuf_free(&rec);
		*why = en ? "out of memory" : "hết bộ nhớ";
		return -1;
	}
	doc->body = text.p;
	doc->recipients = rec.p;
	return 0;
}

/* The text after label on one of note's lines, up to its end, into out (appended). */
static int line_after(const char *note, const char *label, struct pbuf *out)
{
	size_t n = strlen(label);
	for (const char *l = note; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, label, n) != 0)
			continue;
		const char *end = strchr(l + n, '\n');
		size_t len = end ? (size_t)(end - (l + n)) : strlen(l + n);
		if (len == 0)
			return 0;
		pbuf_add(out, l + n, len);
		return 1;
	}
	return 0;
}

int paper_decline_reason(const char *note, char *out, size_t cap)
{
	struct pbuf b = {0};
	if (note == NULL || !line_after(note, "Căn cứ: ", &b)) {
		pbuf_free(&b);
		return 0;
	}
	struct pbuf detail = {0};
	if (line_after(note, "Căn cứ cụ thể: ", &detail)) {
		pbuf_str(&b, "; ");
		pbuf_add(&b, detail.p, detail.len);
	}
	pbuf_free(&detail);
	int ok = !b.failed && b.len < cap;
	if (ok)
		snprintf(out, cap, "%.*s", (int)b.len, b.p);
	pbuf_free(&b);
	return ok;
}

int paper_fill_reason(struct paper_doc *doc, const char *reason)
{
	static const char mark[] = PC_BLANK " (ghi rõ lý do)";
	char *at = doc->body ? strstr(doc->body, mark) : NULL;
	if (at == NULL || reason == NULL || reason[0] == '\0')
		return -1;
	struct pbuf b = {0};
	pbuf_add(&b, doc->body, (size_t)(at - doc->body));
	/* a ground ends without its own full stop: the sentence's is the body's */
	size_t rl = strlen(reason);
	while (rl > 0 && (reason[rl - 1] == '.' || reason[rl - 1] == ' '))
		rl--;
	pbuf_add(&b, reason, rl);
	pbuf_str(&b, at + strlen(mark));
	if (b.failed || b.p == NULL) {
		pbuf_free(&b);
		return -1;
	}
	explicit_bzero(doc->body, strlen(doc->body));
	free(doc->body);
	doc->body = b.p;
	return 0;
}
