/*
 * desk_reception.c - the reception entry (tiếp công dân, docs/DESK.md
 * "Reception"): a reception officer types in a report brought on paper, by
 * post or in person, with a scan of the letter. It is validated by the very
 * code that validates the citizen's web form (web/report.h), routed by the
 * domain's routing, sealed here to the competent unit's public key from
 * --directory (the daemon never sees it), and registered with
 * POST /api/v1/reception. The answer is the citizen's slip: receipt code,
 * case id, unit, day received, the deadlines that now run with their
 * articles, and how to follow the case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "desk_directory.h"
#include "desk_internal.h"
#include "dm_reception.h"
#include "dm_route.h"
#include "form_report.h"
#include "report.h"
#include "tc_client.h"
#include "tc_err.h"
#include "wipe_alloc.h"

#define SCAN_MAX (5u << 20) /* the daemon's default size of one file (docs/OPERATIONS.md) */
#define SCANS_MAX 4
#define FIELD_ERRORS_MAX (REPORT_MAX_ERRORS + 4)

struct field_error {
	/* The form's field, copied: a report error's name lives in the caller's errors. */
	char field[48];
	char message[200];
};
struct field_errors {
	struct field_error e[FIELD_ERRORS_MAX];
	size_t n;
};

static void add_error(struct field_errors *fe, const char *field, const char *message)
{
	if (fe->n < FIELD_ERRORS_MAX) {
		snprintf(fe->e[fe->n].field, sizeof(fe->e[0].field), "%s", field);
		snprintf(fe->e[fe->n].message, sizeof(fe->e[0].message), "%s", message);
		fe->n++;
	}
}

const char *desk_scan_type(const uint8_t *b, size_t n)
{
	if (n >= 5 && memcmp(b, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return "image/jpeg";
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	return NULL;
}

/* ---- The form ---- */

static const char *const KINDS[][3] = {
	{"denunciation", "Tố cáo", "Denunciation"},
	{"complaint", "Khiếu nại", "Complaint"},
	{"petition", "Kiến nghị, phản ánh", "Petition"}};
static const char *const IDENTITIES[][3] = {
	{"named", "Ghi rõ họ tên", "Named"},
	{"confidential", "Đề nghị giữ bí mật danh tính", "Identity kept confidential"},
	{"anonymous", "Nặc danh", "Anonymous"}};
static const char *const CHANNELS[][3] = {
	{"in_person", "Trực tiếp tại nơi tiếp công dân", "In person at the reception office"},
	{"post", "Qua bưu chính", "By post"},
	{"forwarded", "Cơ quan, tổ chức khác chuyển đến", "Forwarded by another body"},
	{"mailbox", "Hòm thư tiếp nhận đơn", "The unit's letter box"}};
static const char *const SUBJECTS[][3] = {
	{"", "—", "—"},
	{"administrative_decision", "Quyết định hành chính", "Administrative decision"},
	{"administrative_act", "Hành vi hành chính", "Administrative act"},
	{"disciplinary_decision", "Quyết định kỷ luật", "Disciplinary decision"},
	{"dismissal", "Quyết định kỷ luật buộc thôi việc", "Dismissal"}};
static const char *const INSTANCES[][3] = {
	{"first", "Lần đầu", "First"}, {"second", "Lần hai", "Second"}};

const char *desk_channel_words(const struct desk_req *r, const char *api)
{
	for (size_t i = 0; i < sizeof(CHANNELS) / sizeof(CHANNELS[0]); i++)
		if (strcmp(CHANNELS[i][0], api) == 0)
			return T(r, CHANNELS[i][1], CHANNELS[i][2]);
	return api;
}

static void field_errors_of(struct desk_req *r, const struct field_errors *fe, const char *name)
{
	/* The first error of the field, as the citizen's form shows it (id="err-FIELD"). */
	for (size_t i = 0; fe && i < fe->n; i++) {
		if (strcmp(fe->e[i].field, name) != 0)
			continue;
		dh_fmt(r, "<span class=\"ferr\" id=\"err-%s\">", name);
		dh_text(r, fe->e[i].message);
		dh_raw(r, "</span>");
		return;
	}
}

static void label(struct desk_req *r, const char *name, const char *text,
		  const struct field_errors *fe)
{
	dh_fmt(r, "<label for=\"%s\">", name);
	dh_text(r, text);
	dh_raw(r, "</label>");
	field_errors_of(r, fe, name);
}

static void text_input(struct desk_req *r, const char *name, const char *text, const char *type,
		       const struct field_errors *fe)
{
	const char *v = desk_form(r, name);
	label(r, name, text, fe);
	dh_fmt(r, "<input type=\"%s\" id=\"%s\" name=\"%s\" value=\"", type, name, name);
	dh_text(r, v ? v : "");
	dh_raw(r, "\">");
}

static void choice(struct desk_req *r, const char *name, const char *text,
		   const char *const (*opts)[3], size_t n, const struct field_errors *fe)
{
	const char *v = desk_form(r, name);
	label(r, name, text, fe);
	dh_fmt(r, "<select id=\"%s\" name=\"%s\">", name, name);
	for (size_t i = 0; i < n; i++) {
		dh_fmt(r, "<option value=\"%s\"%s>", opts[i][0],
		       v && strcmp(v, opts[i][0]) == 0 ? " selected" : "");
		dh_text(r, T(r, opts[i][1], opts[i][2]));
		dh_raw(r, "</option>");
	}
	dh_raw(r, "</select>");
}

/* A list of the API's names shown in the desk's words (levels, categories). */
static void word_choice(struct desk_req *r, const char *name, const char *text,
			const char *const *names,
			const char *(*words)(const struct desk_req *, const char *),
			const struct field_errors *fe)
{
	const char *v = desk_form(r, name);
	label(r, name, text, fe);
	dh_fmt(r, "<select id=\"%s\" name=\"%s\">", name, name);
	for (size_t i = 0; names[i]; i++) {
		dh_fmt(r, "<option value=\"%s\"%s>", names[i],
		       v && strcmp(v, names[i]) == 0 ? " selected" : "");
		dh_text(r, words(r, names[i]));
		dh_raw(r, "</option>");
	}
	dh_raw(r, "</select>");
}

static void province_choice(struct desk_req *r, const struct field_errors *fe)
{
	const char *v = desk_form(r, "province");
	label(r, "province", T(r, "Tỉnh, thành phố nơi xảy ra sự việc",
			       "Province where it happened"), fe);
	dh_raw(r, "<select id=\"province\" name=\"province\"><option value=\"\">—</option>");
	for (size_t i = 0; i < dm_province_count(); i++) {
		const struct dm_province *p = dm_province_at(i);
		dh_fmt(r, "<option value=\"%s\"%s>", p->code,
		       v && strcmp(v, p->code) == 0 ? " selected" : "");
		dh_text(r, r->lang == DESK_EN ? p->full_name_en : p->full_name);
		dh_raw(r, "</option>");
	}
	dh_raw(r, "</select>");
}

static void details_area(struct desk_req *r, const struct field_errors *fe)
{
	const char *v = desk_form(r, "details");
	label(r, "details", T(r, "Nội dung đơn (chép lại đầy đủ)", "The letter's text, in full"),
	      fe);
	dh_raw(r, "<textarea id=\"details\" name=\"details\" rows=\"10\">");
	dh_text(r, v ? v : "");
	dh_raw(r, "</textarea>");
}

static void today_iso(char out[DM_DAY_STRLEN])
{
	dm_day_format(dm_day_from_unix((int64_t)time(NULL)), out);
}

/* Who brought it, how, when, and the scan. */
static void form_reception_part(struct desk_req *r, const struct field_errors *fe)
{
	char today[DM_DAY_STRLEN];
	today_iso(today);
	dh_raw(r, "<fieldset><legend>");
	dh_text(r, T(r, "Tiếp nhận", "Reception"));
	dh_raw(r, "</legend>");
	choice(r, "channel", T(r, "Hình thức tiếp nhận", "How it came"), CHANNELS, 4, fe);
	label(r, "received_on", T(r, "Ngày đơn vị nhận được đơn (không quá 30 ngày trước)",
				  "Day the unit received it (at most 30 days ago)"), fe);
	const char *v = desk_form(r, "received_on");
	dh_fmt(r, "<input type=\"date\" id=\"received_on\" name=\"received_on\" max=\"%s\" value=\"",
	       today);
	dh_text(r, v ? v : today);
	dh_raw(r, "\">");
	label(r, "scan", T(r, "Bản quét đơn giấy (PDF, JPEG, PNG; tối đa 5 MB mỗi tệp)",
			   "Scan of the paper letter (PDF, JPEG, PNG; 5 MB a file at most)"), fe);
	dh_raw(r, "<input type=\"file\" id=\"scan\" name=\"scan\" multiple "
		  "accept=\"application/pdf,image/jpeg,image/png\"></fieldset>");
}

/* The report's own fields: the names of the citizen's form (form_report.h). */
static void form_report_part(struct desk_req *r, const struct field_errors *fe)
{
	dh_raw(r, "<fieldset><legend>");
	dh_text(r, T(r, "Đơn", "The report"));
	dh_raw(r, "</legend>");
	choice(r, "kind", T(r, "Loại đơn", "Kind"), KINDS, 3, fe);
	choice(r, "identity", T(r, "Danh tính người gửi", "Reporter's identity"), IDENTITIES, 3, fe);
	text_input(r, "full_name", T(r, "Họ và tên người gửi", "Reporter's full name"), "text", fe);
	text_input(r, "address", T(r, "Địa chỉ", "Address"), "text", fe);
	text_input(r, "phone", T(r, "Điện thoại", "Phone"), "text", fe);
	text_input(r, "email", "Email", "text", fe);
	text_input(r, "id_number", T(r, "Số CCCD", "Identity number"), "text", fe);
	province_choice(r, fe);
	text_input(r, "commune", T(r, "Mã xã, phường (5 chữ số, nếu biết)",
				   "Commune code (5 digits, if known)"), "text", fe);
	word_choice(r, "level", T(r, "Cấp của người bị tố cáo, khiếu nại", "Level of the accused"),
		    dw_levels, dw_level, fe);
	text_input(r, "accused_name", T(r, "Người bị tố cáo, khiếu nại", "Accused: name"), "text",
		   fe);
	text_input(r, "accused_position", T(r, "Chức vụ", "Position"), "text", fe);
	text_input(r, "accused_organisation", T(r, "Cơ quan, tổ chức", "Organisation"), "text", fe);
	word_choice(r, "category", T(r, "Lĩnh vực", "Category"), dw_categories, dw_category, fe);
	text_input(r, "summary", T(r, "Tóm tắt nội dung", "Summary"), "text", fe);
	details_area(r, fe);
	text_input(r, "occurred_on", T(r, "Ngày xảy ra sự việc (nếu biết)", "When it happened"),
		   "date", fe);
	choice(r, "complaint_subject", T(r, "Khiếu nại: đối tượng", "Complaint: against"),
	       SUBJECTS, 5, fe);
	choice(r, "complaint_instance", T(r, "Khiếu nại: lần", "Complaint: instance"), INSTANCES,
	       2, fe);
	text_input(r, "decision_date", T(r, "Khiếu nại: ngày nhận quyết định, biết hành vi",
					 "Complaint: day of the decision"), "date", fe);
	dh_raw(r, "</fieldset>");
}

#define ENTRY_KEY_HEX 32 /* the form's one-time Idempotency-Key: 128 random bits in hex */

/* The form's key as posted, when it is one the desk made; NULL else. */
static const char *entry_key(const struct desk_req *r)
{
	const char *k = desk_form(r, "entry_key");
	if (k == NULL || strlen(k) != ENTRY_KEY_HEX)
		return NULL;
	for (size_t i = 0; i < ENTRY_KEY_HEX; i++)
		if (!((k[i] >= '0' && k[i] <= '9') || (k[i] >= 'a' && k[i] <= 'f')))
			return NULL;
	return k;
}

/*
 * A hidden one-time key per form rendered (the same again when the form
 * comes back with its mistakes): sent as the entry's Idempotency-Key, so a
 * reload, a second click or a retry after a lost answer never makes a
 * second case -- the first one's slip comes back instead.
 */
static void entry_key_field(struct desk_req *r)
{
	char key[ENTRY_KEY_HEX + 1];
	const char *again = entry_key(r);
	if (again) {
		memcpy(key, again, sizeof(key));
	} else {
		uint8_t b[ENTRY_KEY_HEX / 2];
		cr_random(b, sizeof(b));
		for (size_t i = 0; i < sizeof(b); i++)
			snprintf(key + 2 * i, 3, "%02x", b[i]);
	}
	dh_fmt(r, "<input type=\"hidden\" name=\"entry_key\" value=\"%s\">", key);
}

static void reception_form(struct desk_req *r, int status, const struct field_errors *fe)
{
	dh_page_begin(r, T(r, "Tiếp công dân", "Reception"));
	dh_raw(r, "<h1>");
	dh_text(r, T(r, "Tiếp nhận đơn tại nơi tiếp công dân", "A report taken at the reception office"));
	dh_raw(r, "</h1>");
	if (fe && fe->n)
		dh_notice(r, "error", T(r, "Đơn chưa được ghi nhận: hãy sửa các trường được đánh dấu.",
					"Not registered: correct the fields marked."));
	dh_notice(r, "info", T(r, "Đơn được mã hóa trên máy này bằng khóa công khai của đơn vị có "
				  "thẩm quyền trước khi gửi: máy chủ không đọc được nội dung.",
			       "The report is sealed on this machine to the competent unit's public "
			       "key before it is sent: the server cannot read it."));
	dh_raw(r, "<form class=\"stack reception\" method=\"post\" action=\"/reception\" "
		  "enctype=\"multipart/form-data\">");
	dh_csrf(r);
	entry_key_field(r);
	form_reception_part(r, fe);
	form_report_part(r, fe);
	dh_fmt(r, "<p><button type=\"submit\">%s</button></p></form>",
	       T(r, "Ghi nhận và in phiếu", "Register and print the slip"));
	dh_page_end(r);
	desk_send_page(r, status);
}

void desk_reception_page(struct desk_req *r)
{
	reception_form(r, 200, NULL);
}

/* ---- Checking ---- */

/* The scans: PDF, JPEG or PNG by their first bytes, each within SCAN_MAX. */
static size_t collect_scans(struct desk_req *r, struct cr_attachment *att,
			    struct report_attachment *meta, struct field_errors *fe)
{
	size_t n = 0;
	for (size_t i = 0; i < r->form.f.n; i++) {
		const struct form_field *f = &r->form.f.f[i];
		if (!f->is_file || strcmp(f->name, "scan") != 0 || f->len == 0)
			continue;
		const char *type = desk_scan_type(f->value, f->len);
		if (n == SCANS_MAX) {
			add_error(fe, "scan", T(r, "Tối đa 4 tệp.", "At most 4 files."));
			break;
		} else if (type == NULL) {
			add_error(fe, "scan", T(r, "Chỉ nhận tệp PDF, JPEG hoặc PNG.",
						"Only PDF, JPEG or PNG files."));
		} else if (f->len > SCAN_MAX) {
			add_error(fe, "scan", T(r, "Tệp quá lớn: tối đa 5 MB.",
						"The file is too large: 5 MB at most."));
		} else {
			att[n] = (struct cr_attachment){.data = f->value, .len = f->len};
			meta[n] = (struct report_attachment){.name = f->filename, .content_type = type,
							     .size = f->len};
			n++;
		}
	}
	return n;
}

/* channel, received_on (dm_reception.h), and whether the channel needs a scan. */
static void check_reception(struct desk_req *r, dm_day today, size_t n_scans,
			    enum dm_channel *ch, dm_day *received, struct field_errors *fe)
{
	const char *c = desk_form(r, "channel"), *d = desk_form(r, "received_on");
	if (c == NULL || dm_channel_parse(c, ch) != TC_OK || *ch == DM_CHANNEL_WEB)
		add_error(fe, "channel", T(r, "Chọn hình thức tiếp nhận.", "Choose how it came."));
	else if (dm_channel_needs_scan(*ch) && n_scans == 0)
		add_error(fe, "scan", T(r, "Đơn gửi qua bưu chính, được chuyển đến hoặc bỏ hòm thư "
					   "phải kèm bản quét.",
					"A letter by post, forwarded or from the box needs its scan."));
	if (d == NULL || dm_day_parse(d, strlen(d), received) != TC_OK) {
		add_error(fe, "received_on", T(r, "Ngày không hợp lệ; dùng dạng YYYY-MM-DD.",
					       "Not a valid date; use YYYY-MM-DD."));
		return;
	}
	switch (dm_reception_day_check(*received, today)) {
	case DM_RECEPTION_DAY_FUTURE:
		add_error(fe, "received_on", T(r, "Ngày nhận đơn không thể ở tương lai.",
					       "The day received cannot be in the future."));
		break;
	case DM_RECEPTION_DAY_TOO_OLD:
		add_error(fe, "received_on",
			  T(r, "Quá 30 ngày trước: đề nghị quản trị hệ thống nhập đơn này.",
			    "More than 30 days ago: the operator enters this one."));
		break;
	case DM_RECEPTION_DAY_OK: break;
	}
}

struct form_report_holder {
	struct typed t;
	char *details;
	cJSON *root;
	struct report rep;
};

/* The report's fields through the web form's own decoder; its errors by form field. */
static int check_report(struct desk_req *r, dm_day today, struct form_report_holder *h,
			struct field_errors *fe)
{
	struct report_errors errs;
	size_t cap = REPORT_DETAILS_MAX * 4 + 1;
	if ((h->details = wipe_malloc(cap)) == NULL)
		return TC_ENOMEM;
	form_report_read(&r->form.f, &h->t, h->details, cap);
	/* The complaint's fields are always sent by the form's lists: they belong to complaints. */
	if (strcmp(h->t.kind, "complaint") != 0)
		h->t.complaint_subject[0] = h->t.complaint_instance[0] = h->t.decision_date[0] = '\0';
	if (form_report_json(&h->t, &h->root) != TC_OK)
		return TC_ENOMEM;
	if (report_decode(h->root, today, &h->rep, &errs) == TC_OK)
		return TC_OK;
	for (size_t i = 0; i < errs.n; i++) {
		char msg[200];
		report_err_message(&errs.e[i], r->lang == DESK_EN ? LANG_EN : LANG_VI, msg,
				   sizeof(msg));
		add_error(fe, form_report_field(errs.e[i].field), msg);
	}
	return TC_EINVAL;
}

static void holder_free(struct form_report_holder *h)
{
	cJSON_Delete(h->root); /* the wiping allocator clears the tree's text */
	wipe_free(h->details);
	explicit_bzero(h, sizeof(*h));
}

/* ---- Sealing and registering ---- */

struct entry {
	const struct report *rep;
	enum dm_channel channel;
	dm_day received;
	struct cr_attachment att[SCANS_MAX];
	struct report_attachment meta[SCANS_MAX];
	size_t n;
	const struct dm_unit *unit;
	struct cr_unit_pub pub;
};

/* The competent unit's public key from --directory; -1 if it is not there. */
static int unit_pub(const struct desk *d, const char *unit, struct cr_unit_pub *out)
{
	struct cr_unit_pub *units = NULL;
	size_t n = 0;
	int rc = -1;
	if (d->o->directory && desk_directory_units(d->o->directory, &units, &n) == 0)
		for (size_t i = 0; i < n && rc != 0; i++)
			if (strcmp(units[i].unit, unit) == 0) {
				*out = units[i];
				rc = 0;
			}
	free(units);
	return rc;
}

static cJSON *b64_string(const uint8_t *b, size_t n)
{
	char *s = tcc_b64(b, n);
	cJSON *j = s ? cJSON_CreateString(s) : NULL;
	free(s);
	return j;
}

/* The routing facts the daemon checks (docs/API.md "Reception entries"). */
static void entry_facts(cJSON *o, const struct entry *e)
{
	const struct report *rep = e->rep;
	char day[DM_DAY_STRLEN];
	dm_day_format(e->received, day);
	cJSON_AddStringToObject(o, "kind", dm_kind_name(rep->kind));
	cJSON_AddStringToObject(o, "identity", dm_identity_name(rep->identity));
	cJSON_AddStringToObject(o, "category", dm_category_name(rep->category));
	cJSON_AddStringToObject(o, "province", rep->province);
	if (rep->commune[0])
		cJSON_AddStringToObject(o, "commune", rep->commune);
	cJSON_AddStringToObject(o, "level", dm_level_name(rep->level));
	cJSON_AddStringToObject(o, "unit", e->unit->id);
	cJSON_AddStringToObject(o, "channel", dm_channel_name(e->channel));
	cJSON_AddStringToObject(o, "received_on", day);
	cJSON_AddStringToObject(o, "origin", dm_origin_name(rep->origin));
	if (rep->kind == DM_KIND_COMPLAINT) {
		cJSON *c = cJSON_AddObjectToObject(o, "complaint");
		if (rep->subject != DM_SUBJECT_NONE)
			cJSON_AddStringToObject(c, "subject", dm_subject_name(rep->subject));
		cJSON_AddStringToObject(c, "instance", rep->instance == 2 ? "second" : "first");
	}
}

/* Seal the report and its scans under a fresh case id; the request's body in *out. */
static int seal_entry(struct entry *e, cJSON **out)
{
	char id[CR_CASE_ID_LEN + 1], *body = NULL, *ident = NULL;
	uint8_t *env = NULL;
	size_t env_len = 0;
	cr_case_id_new(id);
	int rc = report_serialize(e->rep, e->received, e->meta, e->n, &body, &ident);
	struct cr_envelope_params p = {
		.case_id = id, .unit = &e->pub, .body = (const uint8_t *)body,
		.body_len = body ? strlen(body) : 0, .identity = (const uint8_t *)ident,
		.identity_len = ident ? strlen(ident) : 0, .attachments = e->att,
		.n_attachments = e->n};
	if (rc == TC_OK)
		rc = cr_envelope_seal(&p, &env, &env_len);
	wipe_free(body);
	wipe_free(ident);
	if (rc != TC_OK)
		return rc;
	cJSON *o = cJSON_CreateObject(), *list = cJSON_CreateArray();
	cJSON_AddStringToObject(o, "case_id", id);
	cJSON_AddItemToObject(o, "envelope", b64_string(env, env_len));
	for (size_t i = 0; i < e->n; i++) {
		cJSON_AddItemToArray(list, b64_string(e->att[i].sealed, e->att[i].sealed_len));
		free(e->att[i].sealed);
		e->att[i].sealed = NULL;
	}
	cJSON_AddItemToObject(o, "attachments", list);
	entry_facts(o, e);
	free(env);
	*out = o;
	return TC_OK;
}

/* Seal and register; a case id already taken (40 random bits) is made again once. */
static int register_entry(struct desk_req *r, struct entry *e, struct tcc_result *res)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		cJSON *body = NULL;
		if (seal_entry(e, &body) != TC_OK)
			return -1;
		tcc_result_free(res);
		const char *key = entry_key(r);
		int st = key ? tcc_reception_idem(r->d->s, body, key, res)
			     : tcc_reception(r->d->s, body, res);
		cJSON_Delete(body);
		if (st != 409)
			return st;
	}
	return 409;
}

void desk_reception_post(struct desk_req *r)
{
	struct field_errors fe = {.n = 0};
	struct form_report_holder h;
	struct entry e;
	struct dm_route route;
	struct tcc_result res = {.status = -1};
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	memset(&h, 0, sizeof(h));
	memset(&e, 0, sizeof(e));
	e.n = collect_scans(r, e.att, e.meta, &fe);
	check_reception(r, today, e.n, &e.channel, &e.received, &fe);
	int rc = check_report(r, today, &h, &fe);
	e.rep = &h.rep;
	if (rc == TC_ENOMEM) {
		desk_error_page(r, 500, T(r, "Lỗi", "Error"), T(r, "Hết bộ nhớ.", "Out of memory."));
	} else if (fe.n) {
		reception_form(r, 422, &fe);
	} else if (dm_route(h.rep.province, h.rep.commune[0] ? h.rep.commune : NULL, h.rep.level,
			    &route) != TC_OK) {
		desk_error_page(r, 422, T(r, "Không xác định được đơn vị", "No competent unit"),
				T(r, "Không xác định được đơn vị có thẩm quyền.",
				  "The competent unit could not be found."));
	} else if ((e.unit = route.unit, unit_pub(r->d, route.unit->id, &e.pub)) != 0) {
		desk_error_page(r, 409, T(r, "Thiếu khóa công khai", "No public key"),
				T(r, "Thư mục khóa (--directory) không có khóa công khai của đơn vị có "
				     "thẩm quyền (units/ĐƠN-VỊ.pub): không niêm phong được đơn.",
				  "The key directory (--directory) has no public key of the competent "
				  "unit (units/UNIT.pub): the report cannot be sealed."));
	} else if (register_entry(r, &e, &res) == 201) {
		desk_slip_page(r, res.doc);
	} else {
		desk_error_page(r, res.status > 0 ? res.status : 502,
				T(r, "Máy chủ không ghi nhận đơn", "The server did not register it"),
				tcc_problem(&res));
	}
	tcc_result_free(&res);
	holder_free(&h);
}
