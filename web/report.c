#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_filing.h"
#include "dm_route.h"
#include "dm_units.h"
#include "json_guard.h"
#include "report.h"
#include "wipe_alloc.h"

static const char KINDS[] = "denunciation | complaint | petition";
static const char IDENTITIES[] = "anonymous | named | confidential";
static const char LEVELS[] = "unknown | commune | commune_leader | provincial_agency | "
			     "provincial_agency_leader | provincial_leader | central";
static const char ORIGINS[] = "press | deputy | agency";
static const char SUBJECTS[] =
	"administrative_decision | administrative_act | disciplinary_decision | dismissal";
static const char INSTANCES[] = "first | second";
static const char CATEGORIES[] =
	"corruption | waste | land | public_finance | public_investment | abuse_of_power | "
	"harassment | personnel | environment | social_policy | other";

static void add_error(struct report_errors *errs, const char *field, enum report_err code, int a,
		      const char *allowed)
{
	if (errs->n == REPORT_MAX_ERRORS)
		return;
	struct report_error *e = &errs->e[errs->n++];
	snprintf(e->field, sizeof(e->field), "%s", field);
	e->code = code;
	e->a = a;
	e->allowed = allowed;
}

/* Reject members not in allowed[] and duplicate members; both name the field. */
static void check_members(const cJSON *obj, const char *prefix, const char *const *allowed,
			  struct report_errors *errs)
{
	char field[40];
	const char *dup = json_duplicate_key(obj);
	if (dup != NULL) {
		snprintf(field, sizeof(field), "%s%.24s", prefix, dup);
		add_error(errs, field, RE_DUPLICATE_FIELD, 0, NULL);
	}
	for (const cJSON *m = obj->child; m; m = m->next) {
		int known = 0;
		for (const char *const *a = allowed; *a; a++)
			known |= m->string && strcmp(m->string, *a) == 0;
		if (!known) {
			/* The member name is the client's text: bound it, keep only what is safe. */
			char name[25];
			size_t k = 0;
			for (const char *s = m->string ? m->string : ""; *s && k < 24; s++)
				name[k++] = (*s >= 0x21 && *s <= 0x7e) ? *s : '?';
			name[k] = '\0';
			snprintf(field, sizeof(field), "%s%s", prefix, name);
			add_error(errs, field, RE_UNKNOWN_FIELD, 0, NULL);
		}
	}
}

/* Trimmed length check of a text member; returns the string or NULL. */
static const char *text_field(const cJSON *obj, const char *name, const char *field, int required,
			      int min, int max, struct report_errors *errs)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (v == NULL || cJSON_IsNull(v)) {
		if (required)
			add_error(errs, field, RE_REQUIRED, 0, NULL);
		return NULL;
	}
	if (!cJSON_IsString(v) || v->valuestring == NULL) {
		add_error(errs, field, RE_NOT_STRING, 0, NULL);
		return NULL;
	}
	const char *s = v->valuestring;
	size_t len = strlen(s);
	if (!utf8_is_valid(s, len)) {
		add_error(errs, field, RE_BAD_UTF8, 0, NULL);
		return NULL;
	}
	/* Leading and trailing white space does not count towards the minimum. */
	const char *b = s, *e = s + len;
	while (b < e && (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r'))
		b++;
	while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		e--;
	size_t chars = utf8_length(b, (size_t)(e - b));
	if (chars == 0 && !required)
		return NULL;
	if ((int)chars < min) {
		add_error(errs, field, chars == 0 ? RE_REQUIRED : RE_TOO_SHORT, min, NULL);
		return NULL;
	}
	if (chars > (size_t)max) {
		add_error(errs, field, RE_TOO_LONG, max, NULL);
		return NULL;
	}
	return s;
}

/* An enumerated member parsed by parse(); sets *ok. */
static const char *choice_field(const cJSON *obj, const char *name, const char *field,
				int required, const char *allowed, struct report_errors *errs)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (v == NULL || cJSON_IsNull(v)) {
		if (required)
			add_error(errs, field, RE_REQUIRED, 0, NULL);
		return NULL;
	}
	if (!cJSON_IsString(v) || v->valuestring == NULL) {
		add_error(errs, field, RE_NOT_STRING, 0, NULL);
		return NULL;
	}
	return v->valuestring;
}

static int all_chars(const char *s, const char *set)
{
	for (; *s; s++)
		if (strchr(set, *s) == NULL)
			return 0;
	return 1;
}

static void check_reporter(const cJSON *rep, struct report_errors *errs)
{
	static const char *const allowed[] = {"full_name", "address", "phone", "email",
					      "id_number", NULL};
	check_members(rep, "reporter.", allowed, errs);
	text_field(rep, "full_name", "reporter.full_name", 1, 2, REPORT_NAME_MAX, errs);
	text_field(rep, "address", "reporter.address", 1, 5, REPORT_ADDRESS_MAX, errs);
	const char *phone = text_field(rep, "phone", "reporter.phone", 0, 0, REPORT_PHONE_MAX, errs);
	if (phone && (!all_chars(phone, "0123456789+-.() ") || strspn(phone, "+-.() ") == strlen(phone)))
		add_error(errs, "reporter.phone", RE_BAD_PHONE, 0, NULL);
	const char *email = text_field(rep, "email", "reporter.email", 0, 0, REPORT_EMAIL_MAX, errs);
	if (email) {
		const char *at = strchr(email, '@');
		if (at == NULL || at == email || strchr(at + 1, '@') || strchr(at + 1, '.') == NULL ||
		    strpbrk(email, " \t\r\n<>,;\"") != NULL)
			add_error(errs, "reporter.email", RE_BAD_EMAIL, 0, NULL);
	}
	/* Identity card numbers: 9 digits (old CMND) or 12 (CCCD, Law 26/2023/QH15). */
	const char *idn = text_field(rep, "id_number", "reporter.id_number", 0, 0, 12, errs);
	if (idn && (!all_chars(idn, "0123456789") || (strlen(idn) != 9 && strlen(idn) != 12)))
		add_error(errs, "reporter.id_number", RE_BAD_ID_NUMBER, 0, NULL);
}

static void check_jurisdiction(const cJSON *j, struct report *out, struct report_errors *errs)
{
	static const char *const allowed[] = {"province", "commune", "level", "old_province", NULL};
	check_members(j, "jurisdiction.", allowed, errs);

	const char *old = choice_field(j, "old_province", "jurisdiction.old_province", 0, NULL, errs);
	const struct dm_province *from_old = NULL;
	if (old) {
		const char *old_name = NULL;
		if (dm_old_province_map(old, &from_old, &old_name) != TC_OK)
			add_error(errs, "jurisdiction.old_province", RE_UNKNOWN_OLD_PROVINCE, 0, NULL);
		else
			memcpy(out->old_province, old, 3);
	}

	/* The province may be omitted when a pre-2025 province is cited: it maps to one. */
	const char *prov = choice_field(j, "province", "jurisdiction.province",
					old == NULL, NULL, errs);
	const struct dm_province *p = NULL;
	if (prov) {
		p = dm_province_find(prov);
		if (p == NULL)
			add_error(errs, "jurisdiction.province", RE_UNKNOWN_PROVINCE, 0, NULL);
		else if (from_old && from_old != p)
			add_error(errs, "jurisdiction.old_province", RE_OLD_PROVINCE_MISMATCH, 0, NULL);
	} else if (from_old) {
		p = from_old;
	}
	if (p)
		memcpy(out->province, p->code, 3);

	const char *com = choice_field(j, "commune", "jurisdiction.commune", 0, NULL, errs);
	if (com) {
		const struct dm_commune *c = dm_commune_find(com);
		if (c == NULL)
			add_error(errs, "jurisdiction.commune", RE_UNKNOWN_COMMUNE, 0, NULL);
		else if (p && c->province != p)
			add_error(errs, "jurisdiction.commune", RE_COMMUNE_ELSEWHERE, 0, NULL);
		else
			memcpy(out->commune, c->code, 6);
	}

	const char *lvl = choice_field(j, "level", "jurisdiction.level", 0, LEVELS, errs);
	out->level = DM_LEVEL_UNKNOWN;
	if (lvl && dm_level_parse(lvl, &out->level) != TC_OK)
		add_error(errs, "jurisdiction.level", RE_BAD_CHOICE, 0, LEVELS);
}

/* "reporter": none at all when anonymous, else required and checked. */
static void decode_reporter(const cJSON *root, int have_identity, struct report *out,
			    struct report_errors *errs)
{
const cJSON *rep = cJSON_GetObjectItemCaseSensitive(root, "reporter");
if (rep != NULL && cJSON_IsNull(rep))
	rep = NULL;
if (have_identity && out->identity == DM_IDENTITY_ANONYMOUS) {
	/* Anonymous means no reporter data at all, not even an empty object. */
	if (rep != NULL)
		add_error(errs, "reporter", RE_REPORTER_FORBIDDEN, 0, NULL);
} else if (rep == NULL) {
	if (have_identity)
		add_error(errs, "reporter", RE_REQUIRED, 0, NULL);
} else if (!cJSON_IsObject(rep)) {
	add_error(errs, "reporter", RE_NOT_OBJECT, 0, NULL);
} else {
	check_reporter(rep, errs);
	out->reporter = rep;
}
}

/* "accused": optional, but a denunciation must name someone. */
static void decode_accused(const cJSON *root, int have_kind, struct report *out,
			   struct report_errors *errs)
{
const cJSON *acc = cJSON_GetObjectItemCaseSensitive(root, "accused");
if (acc != NULL && cJSON_IsNull(acc))
	acc = NULL;
if (acc != NULL && !cJSON_IsObject(acc)) {
	add_error(errs, "accused", RE_NOT_OBJECT, 0, NULL);
} else {
	const char *name = NULL, *org = NULL;
	size_t errors_before = errs->n;
	if (acc != NULL) {
		static const char *const acc_allowed[] = {"name", "position", "organisation",
							  NULL};
		check_members(acc, "accused.", acc_allowed, errs);
		errors_before = errs->n;
		name = text_field(acc, "name", "accused.name", 0, 0, REPORT_NAME_MAX, errs);
		org = text_field(acc, "organisation", "accused.organisation", 0, 0,
				 REPORT_ORG_MAX, errs);
		text_field(acc, "position", "accused.position", 0, 0, REPORT_NAME_MAX, errs);
		out->accused = acc;
	}
	/* A denunciation accuses someone (Law on Denunciations Art. 2(1)); when a
	 * name was given but is itself invalid, that error says enough. */
	if (have_kind && out->kind == DM_KIND_DENUNCIATION && name == NULL && org == NULL &&
	    errs->n == errors_before)
		add_error(errs, "accused", RE_ACCUSED_REQUIRED, 0, NULL);
}
}

/* "occurred_on": optional, a real date, not after today. */
static void decode_occurred_on(const cJSON *root, dm_day today, struct report *out,
			       struct report_errors *errs)
{
	const char *s = choice_field(root, "occurred_on", "occurred_on", 0, NULL, errs);
	if (s) {
		int rc = dm_day_parse(s, strlen(s), &out->occurred_on);
		if (rc == TC_ERANGE)
			add_error(errs, "occurred_on", RE_DATE_RANGE, DM_YEAR_MIN, NULL);
		else if (rc != TC_OK)
			add_error(errs, "occurred_on", RE_BAD_DATE, 0, NULL);
		else if (out->occurred_on > today)
			add_error(errs, "occurred_on", RE_FUTURE_DATE, 0, NULL);
	}
}

/* A date member not after today; DM_DAY_NONE if absent or wrong (the error added). */
static dm_day past_date(const cJSON *obj, const char *name, const char *field, dm_day today,
			struct report_errors *errs)
{
	dm_day d = DM_DAY_NONE;
	const char *s = choice_field(obj, name, field, 0, NULL, errs);
	if (s == NULL)
		return DM_DAY_NONE;
	int rc = dm_day_parse(s, strlen(s), &d);
	if (rc == TC_ERANGE)
		add_error(errs, field, RE_DATE_RANGE, DM_YEAR_MIN, NULL);
	else if (rc != TC_OK)
		add_error(errs, field, RE_BAD_DATE, 0, NULL);
	else if (d > today)
		add_error(errs, field, RE_FUTURE_DATE, 0, NULL);
	else
		return d;
	return DM_DAY_NONE;
}

/* "forwarded_by": optional {kind: press|deputy|agency, name}. */
static void decode_forwarded_by(const cJSON *root, struct report *out,
				struct report_errors *errs)
{
	static const char *const allowed[] = {"kind", "name", NULL};
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(root, "forwarded_by");
	if (f == NULL || cJSON_IsNull(f))
		return;
	if (!cJSON_IsObject(f)) {
		add_error(errs, "forwarded_by", RE_NOT_OBJECT, 0, NULL);
		return;
	}
	check_members(f, "forwarded_by.", allowed, errs);
	const char *k = choice_field(f, "kind", "forwarded_by.kind", 1, ORIGINS, errs);
	enum dm_origin o = DM_ORIGIN_DIRECT;
	if (k && (dm_origin_parse(k, &o) != TC_OK || o == DM_ORIGIN_DIRECT))
		add_error(errs, "forwarded_by.kind", RE_BAD_CHOICE, 0, ORIGINS);
	text_field(f, "name", "forwarded_by.name", 1, 2, REPORT_ORG_MAX, errs);
	out->origin = o;
	out->forwarded_by = f;
}

/* "complaint": optional {subject, instance, decision_date}, complaints only. */
static void decode_complaint(const cJSON *root, int have_kind, dm_day today,
			     struct report *out, struct report_errors *errs)
{
	static const char *const allowed[] = {"subject", "instance", "decision_date",
					      "decision_number", "request", NULL};
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(root, "complaint");
	if (c == NULL || cJSON_IsNull(c))
		return;
	if (have_kind && out->kind != DM_KIND_COMPLAINT) {
		add_error(errs, "complaint", RE_COMPLAINT_ONLY, 0, NULL);
		return;
	}
	if (!cJSON_IsObject(c)) {
		add_error(errs, "complaint", RE_NOT_OBJECT, 0, NULL);
		return;
	}
	check_members(c, "complaint.", allowed, errs);
	const char *s = choice_field(c, "subject", "complaint.subject", 0, SUBJECTS, errs);
	if (s && dm_subject_parse(s, &out->subject) != TC_OK)
		add_error(errs, "complaint.subject", RE_BAD_CHOICE, 0, SUBJECTS);
	s = choice_field(c, "instance", "complaint.instance", 0, INSTANCES, errs);
	if (s && strcmp(s, "first") != 0 && strcmp(s, "second") != 0)
		add_error(errs, "complaint.instance", RE_BAD_CHOICE, 0, INSTANCES);
	else if (s)
		out->instance = strcmp(s, "second") == 0 ? 2 : 1;
	out->decision_date = past_date(c, "decision_date", "complaint.decision_date", today, errs);
	/* The decision's number and what is asked: sealed with the body, never in plaintext. */
	text_field(c, "decision_number", "complaint.decision_number", 0, 1,
		   REPORT_DECISION_NUMBER_MAX, errs);
	text_field(c, "request", "complaint.request", 0, 2, REPORT_REQUEST_MAX, errs);
	out->complaint = c;
}

int report_decode(const cJSON *root, dm_day today, struct report *out, struct report_errors *errs)
{
	static const char *const allowed[] = {"kind",	  "identity", "reporter", "jurisdiction",
					      "accused",  "category", "summary",  "details",
					      "occurred_on", "forwarded_by", "complaint", NULL};
	memset(out, 0, sizeof(*out));
	out->occurred_on = DM_DAY_NONE;
	out->decision_date = DM_DAY_NONE;
	out->instance = 1;
	errs->n = 0;
	if (!cJSON_IsObject(root)) {
		add_error(errs, "", RE_NOT_OBJECT, 0, NULL);
		return TC_EINVAL;
	}
	check_members(root, "", allowed, errs);

	int have_kind = 0, have_identity = 0;
	const char *s = choice_field(root, "kind", "kind", 1, KINDS, errs);
	if (s) {
		have_kind = dm_kind_parse(s, &out->kind) == TC_OK;
		if (!have_kind)
			add_error(errs, "kind", RE_BAD_CHOICE, 0, KINDS);
	}
	s = choice_field(root, "identity", "identity", 1, IDENTITIES, errs);
	if (s) {
		have_identity = dm_identity_parse(s, &out->identity) == TC_OK;
		if (!have_identity)
			add_error(errs, "identity", RE_BAD_CHOICE, 0, IDENTITIES);
	}
	if (have_kind && have_identity && dm_track_for(out->kind, out->identity, &out->track) != TC_OK)
		add_error(errs, "identity", RE_ANONYMOUS_COMPLAINT, 0, NULL);

	decode_reporter(root, have_identity, out, errs);

	const cJSON *j = cJSON_GetObjectItemCaseSensitive(root, "jurisdiction");
	if (j == NULL || cJSON_IsNull(j))
		add_error(errs, "jurisdiction", RE_REQUIRED, 0, NULL);
	else if (!cJSON_IsObject(j))
		add_error(errs, "jurisdiction", RE_NOT_OBJECT, 0, NULL);
	else
		check_jurisdiction(j, out, errs);

	decode_accused(root, have_kind, out, errs);

	s = choice_field(root, "category", "category", 1, CATEGORIES, errs);
	if (s && dm_category_parse(s, &out->category) != TC_OK)
		add_error(errs, "category", RE_BAD_CHOICE, 0, CATEGORIES);

	out->summary = text_field(root, "summary", "summary", 1, REPORT_SUMMARY_MIN,
				  REPORT_SUMMARY_MAX, errs);
	out->details = text_field(root, "details", "details", 1, REPORT_DETAILS_MIN,
				  REPORT_DETAILS_MAX, errs);

	decode_occurred_on(root, today, out, errs);
	decode_forwarded_by(root, out, errs);
	decode_complaint(root, have_kind, today, out, errs);
	return errs->n ? TC_EINVAL : TC_OK;
}

bool report_filing_late(const struct report *r, dm_day filed, struct dm_filing_window *w,
			enum lang l, char *msg, size_t cap)
{
	if (r->kind != DM_KIND_COMPLAINT || r->decision_date == DM_DAY_NONE ||
	    dm_filing_window_check(r->subject, r->instance, false, r->decision_date, filed, w) !=
		    TC_OK ||
	    !w->late)
		return false;
	if (msg != NULL) {
		char last[DM_DAY_STRLEN];
		dm_day_format(w->last_day, last);
		snprintf(msg, cap,
			 l == LANG_VI
				 ? "Đơn khiếu nại có vẻ đã quá thời hiệu %d ngày (%s): hạn cuối là %s, "
				   "quá %d ngày. Thời gian ốm đau, thiên tai, địch họa, đi công tác, học "
				   "tập ở nơi xa hoặc trở ngại khách quan khác không tính vào thời hiệu: "
				   "hãy nêu rõ trong đơn. Đơn vẫn được tiếp nhận."
				 : "The complaint seems late: the window is %d days (%s), its last day "
				   "%s, %d days ago. Time lost to illness, natural disaster, war, a "
				   "mission or study far away or another objective obstacle does not "
				   "count: say so in the complaint. It has been received all the same.",
			 w->days, w->basis, last, w->days_late);
	}
	return true;
}

const char *report_err_name(enum report_err code)
{
	switch (code) {
	case RE_REQUIRED: return "required";
	case RE_NOT_STRING: return "not_a_string";
	case RE_NOT_OBJECT: return "not_an_object";
	case RE_UNKNOWN_FIELD: return "unknown_field";
	case RE_DUPLICATE_FIELD: return "duplicate_field";
	case RE_BAD_CHOICE: return "not_allowed_value";
	case RE_TOO_SHORT: return "too_short";
	case RE_TOO_LONG: return "too_long";
	case RE_BAD_UTF8: return "invalid_utf8";
	case RE_BAD_DATE: return "invalid_date";
	case RE_FUTURE_DATE: return "date_in_future";
	case RE_DATE_RANGE: return "date_out_of_range";
	case RE_UNKNOWN_PROVINCE: return "unknown_province";
	case RE_UNKNOWN_COMMUNE: return "unknown_commune";
	case RE_COMMUNE_ELSEWHERE: return "commune_not_in_province";
	case RE_REPORTER_FORBIDDEN: return "reporter_on_anonymous";
	case RE_ANONYMOUS_COMPLAINT: return "anonymous_complaint";
	case RE_ACCUSED_REQUIRED: return "accused_required";
	case RE_BAD_PHONE: return "invalid_phone";
	case RE_BAD_EMAIL: return "invalid_email";
	case RE_BAD_ID_NUMBER: return "invalid_id_number";
	case RE_UNKNOWN_OLD_PROVINCE: return "unknown_old_province";
	case RE_OLD_PROVINCE_MISMATCH: return "old_province_mismatch";
	case RE_COMPLAINT_ONLY: return "complaint_only";
	}
	return "invalid";
}

/* The messages that take no value, in Vietnamese and English. */
static const struct {
	enum report_err code;
	const char *vi, *en;
} fixed_messages[] = {
	{RE_REQUIRED, "Trường này là bắt buộc.",
	 "This field is required."},
	{RE_NOT_STRING, "Giá trị phải là một chuỗi văn bản.",
	 "Must be a string."},
	{RE_NOT_OBJECT, "Giá trị phải là một đối tượng JSON.",
	 "Must be a JSON object."},
	{RE_UNKNOWN_FIELD, "Trường không được hỗ trợ.",
	 "Unknown field."},
	{RE_DUPLICATE_FIELD, "Trường bị lặp lại.",
	 "This field appears more than once."},
	{RE_BAD_UTF8, "Văn bản không phải UTF-8 hợp lệ.",
	 "The text is not valid UTF-8."},
	{RE_BAD_DATE, "Ngày không hợp lệ; dùng dạng YYYY-MM-DD với một ngày có thật.",
	 "Not a valid date; use YYYY-MM-DD with a real date."},
	{RE_FUTURE_DATE, "Ngày xảy ra không thể ở tương lai.",
	 "The date cannot be in the future."},
	{RE_UNKNOWN_PROVINCE, "Không có tỉnh, thành phố với mã này (34 đơn vị từ 01/7/2025).",
	 "No province or city has this code (34 units since 2025-07-01)."},
	{RE_UNKNOWN_COMMUNE, "Không có xã, phường, đặc khu với mã này.",
	 "No commune, ward or special zone has this code."},
	{RE_COMMUNE_ELSEWHERE, "Xã, phường này không thuộc tỉnh, thành phố đã chọn.",
	 "This commune is not in the province given."},
	{RE_REPORTER_FORBIDDEN, "Đơn nặc danh không được kèm thông tin người gửi; hãy bỏ trường này hoặc chọn gửi có danh tính.",
	 "An anonymous report must carry no reporter data; remove it or choose a named report."},
	{RE_ANONYMOUS_COMPLAINT, "Khiếu nại không thể nặc danh (Luật Khiếu nại): hãy gửi có ghi rõ họ tên, hoặc gửi dưới dạng kiến nghị, phản ánh.",
	 "A complaint cannot be anonymous (Law on Complaints): file it with your name, or as a petition."},
	{RE_ACCUSED_REQUIRED, "Đơn tố cáo cần nêu tên người hoặc cơ quan, tổ chức bị tố cáo.",
	 "A denunciation must name the person or the organisation accused."},
	{RE_BAD_PHONE, "Số điện thoại chỉ gồm chữ số và các ký tự + - . ( ).",
	 "A phone number has only digits and + - . ( )."},
	{RE_BAD_EMAIL, "Địa chỉ email không hợp lệ.",
	 "Not a valid email address."},
	{RE_BAD_ID_NUMBER, "Số định danh cá nhân gồm 12 chữ số (ghi trên thẻ căn cước); số CMND cũ 9 chữ số cũng được nhận.",
	 "A personal identification number has 12 digits (on the identity card); an old 9-digit CMND number is accepted too."},
	{RE_UNKNOWN_OLD_PROVINCE, "Không có tỉnh cũ (trước 01/7/2025) với mã này.",
	 "No pre-2025 province has this code."},
	{RE_OLD_PROVINCE_MISMATCH, "Tỉnh cũ này không được hợp nhất vào tỉnh đã chọn.",
	 "This pre-2025 province did not merge into the province given."},
	{RE_COMPLAINT_ONLY, "Trường này chỉ dùng cho đơn khiếu nại.",
	 "This field applies to complaints only."},
};

const char *report_err_message(const struct report_error *e, enum lang l, char *buf, size_t cap)
{
	const int vi = l == LANG_VI;
	switch (e->code) {
	case RE_BAD_CHOICE:
		snprintf(buf, cap, vi ? "Giá trị không hợp lệ; chọn một trong: %s." :
					"Not an allowed value; use one of: %s.",
			 e->allowed ? e->allowed : "");
		return buf;
	case RE_TOO_SHORT:
		snprintf(buf, cap, vi ? "Quá ngắn: cần ít nhất %d ký tự." :
					"Too short: at least %d characters.", e->a);
		return buf;
	case RE_TOO_LONG:
		snprintf(buf, cap, vi ? "Quá dài: tối đa %d ký tự." :
					"Too long: at most %d characters.", e->a);
		return buf;
	case RE_DATE_RANGE:
		snprintf(buf, cap, vi ? "Năm phải trong khoảng %d–%d." :
					"The year must be between %d and %d.", DM_YEAR_MIN, DM_YEAR_MAX);
		return buf;
	default:
		break;
	}
	for (size_t i = 0; i < sizeof(fixed_messages) / sizeof(fixed_messages[0]); i++) {
		if (fixed_messages[i].code == e->code) {
			snprintf(buf, cap, "%s", vi ? fixed_messages[i].vi : fixed_messages[i].en);
			return buf;
		}
	}
	snprintf(buf, cap, vi ? "Giá trị không hợp lệ." : "Invalid value.");
	return buf;
}

static int add_str(cJSON *obj, const char *name, const cJSON *src, const char *member)
{
	const cJSON *v = src ? cJSON_GetObjectItemCaseSensitive(src, member) : NULL;
	if (v == NULL || !cJSON_IsString(v) || v->valuestring[0] == '\0')
		return 0;
	return cJSON_AddStringToObject(obj, name, v->valuestring) ? 0 : -1;
}

/* occurred_on, forwarded_by and complaint, as decoded (a complaint's defaults written out). */
static int serialize_optional(const struct report *r, cJSON *body)
{
	char day[DM_DAY_STRLEN];
	if (r->occurred_on != DM_DAY_NONE) {
		dm_day_format(r->occurred_on, day);
		if (!cJSON_AddStringToObject(body, "occurred_on", day))
			return -1;
	}
	if (r->forwarded_by) {
		cJSON *f = cJSON_AddObjectToObject(body, "forwarded_by");
		if (f == NULL || !cJSON_AddStringToObject(f, "kind", dm_origin_name(r->origin)) ||
		    add_str(f, "name", r->forwarded_by, "name"))
			return -1;
	}
	if (r->kind != DM_KIND_COMPLAINT)
		return 0;
	cJSON *c = cJSON_AddObjectToObject(body, "complaint");
	if (c == NULL ||
	    (r->subject != DM_SUBJECT_NONE &&
	     !cJSON_AddStringToObject(c, "subject", dm_subject_name(r->subject))) ||
	    !cJSON_AddStringToObject(c, "instance", r->instance == 2 ? "second" : "first") ||
	    add_str(c, "decision_number", r->complaint, "decision_number") ||
	    add_str(c, "request", r->complaint, "request"))
		return -1;
	if (r->decision_date != DM_DAY_NONE) {
		dm_day_format(r->decision_date, day);
		if (!cJSON_AddStringToObject(c, "decision_date", day))
			return -1;
	}
	return 0;
}

int report_serialize(const struct report *r, dm_day received, const struct report_attachment *atts,
		     size_t n_atts, char **body_out, char **identity_out)
{
	int rc = TC_ENOMEM;
	char day[DM_DAY_STRLEN];
	cJSON *body = cJSON_CreateObject(), *ident = NULL;
	*body_out = NULL;
	*identity_out = NULL;
	if (body == NULL)
		goto out;
	cJSON *j;
	dm_day_format(received, day);
	if (!cJSON_AddNumberToObject(body, "v", 1) ||
	    !cJSON_AddStringToObject(body, "kind", dm_kind_name(r->kind)) ||
	    !cJSON_AddStringToObject(body, "identity", dm_identity_name(r->identity)) ||
	    !cJSON_AddStringToObject(body, "track", dm_track_name(r->track)) ||
	    !cJSON_AddStringToObject(body, "received_on", day) ||
	    !(j = cJSON_AddObjectToObject(body, "jurisdiction")) ||
	    !cJSON_AddStringToObject(j, "province", r->province) ||
	    (r->commune[0] && !cJSON_AddStringToObject(j, "commune", r->commune)) ||
	    (r->old_province[0] && !cJSON_AddStringToObject(j, "old_province", r->old_province)) ||
	    !cJSON_AddStringToObject(j, "level", dm_level_name(r->level)))
		goto out;
	if (r->accused) {
		cJSON *a = cJSON_AddObjectToObject(body, "accused");
		if (a == NULL || add_str(a, "name", r->accused, "name") ||
		    add_str(a, "position", r->accused, "position") ||
		    add_str(a, "organisation", r->accused, "organisation"))
			goto out;
	}
	if (!cJSON_AddStringToObject(body, "category", dm_category_name(r->category)) ||
	    !cJSON_AddStringToObject(body, "summary", r->summary) ||
	    !cJSON_AddStringToObject(body, "details", r->details))
		goto out;
	if (serialize_optional(r, body) != 0)
		goto out;
	if (n_atts) {
		cJSON *list = cJSON_AddArrayToObject(body, "attachments");
		for (size_t i = 0; list && i < n_atts; i++) {
			cJSON *a = cJSON_CreateObject();
			if (a == NULL || !cJSON_AddNumberToObject(a, "index", (double)i) ||
			    !cJSON_AddStringToObject(a, "name", atts[i].name ? atts[i].name : "") ||
			    !cJSON_AddStringToObject(a, "content_type",
						     atts[i].content_type ? atts[i].content_type : "") ||
			    !cJSON_AddNumberToObject(a, "size", (double)atts[i].size)) {
				cJSON_Delete(a);
				goto out;
			}
			cJSON_AddItemToArray(list, a);
		}
		if (list == NULL)
			goto out;
	}
	if (r->reporter) {
		ident = cJSON_CreateObject();
		if (ident == NULL || add_str(ident, "full_name", r->reporter, "full_name") ||
		    add_str(ident, "address", r->reporter, "address") ||
		    add_str(ident, "phone", r->reporter, "phone") ||
		    add_str(ident, "email", r->reporter, "email") ||
		    add_str(ident, "id_number", r->reporter, "id_number"))
			goto out;
		*identity_out = cJSON_PrintUnformatted(ident);
		if (*identity_out == NULL)
			goto out;
	}
	*body_out = cJSON_PrintUnformatted(body);
	if (*body_out == NULL)
		goto out;
	rc = TC_OK;
out:
	if (rc != TC_OK) {
		wipe_free(*identity_out);
		*identity_out = NULL;
	}
	/* The trees hold plaintext too; the wiping allocator (wipe_alloc.c) clears them. */
	cJSON_Delete(body);
	cJSON_Delete(ident);
	return rc;
}
