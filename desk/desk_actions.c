/*
 * desk_actions.c - the changes a case page posts: an action with its
 * paperwork, a reply to the reporter (sealed and signed here), an internal
 * note, an assignment, a reveal with its reason, a transfer offer, its
 * cancellation, and receiving a case offered to this unit. Each goes
 * through the client library; on success the inbox's entry is read again
 * and the browser is sent back to the case (post/redirect/get); on a
 * refusal the case page says the daemon's reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desk_case.h"
#include "desk_directory.h"
#include "desk_forms.h"
#include "dm_grounds.h"

#define NOTE_MAX 10000

/* Text fields beyond what the API takes are kept in the note the daemon seals at once. */
static int add_line(char *note, size_t cap, size_t *n, const char *label, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return 0;
	int k = snprintf(note + *n, cap - *n, "%s%s%s", *n ? "\n" : "", label, value);
	if (k < 0 || (size_t)k >= cap - *n)
		return -1;
	*n += (size_t)k;
	return 0;
}

/*
 * The decline's ground chosen in the form (an API name of dm_grounds.h):
 * its words and provision for the sealed note, or NULL when none or unknown.
 */
static const struct dm_ground *ground_of(const struct desk_req *r)
{
	enum dm_decline_ground g;
	const char *name = desk_form(r, "ground");
	return name && dm_ground_parse(name, &g) == TC_OK ? dm_ground_of(g) : NULL;
}

/* The ground's line of the note: its words and provision (its name travels as "ground"). */
static int add_ground(char *note, size_t cap, size_t *n, const struct dm_ground *d)
{
	char line[600];
	if (d == NULL)
		return 0;
	snprintf(line, sizeof(line), "%s (%s)", d->vi, d->citation_vi);
	return add_line(note, cap, n, "Căn cứ: ", line);
}

/* The paperwork folded into one note (the API's note: sealed to the unit by the daemon). */
static int paper_note(const struct desk_req *r, const char *action, char *note, size_t cap)
{
	size_t n = 0;
	const char *num = desk_form(r, "decision_number"), *date = desk_form(r, "decision_date");
	char head[160] = "";
	note[0] = '\0';
	if ((num && num[0]) || (date && date[0]))
		snprintf(head, sizeof(head), "%s %s, %s %s", "Quyết định, văn bản số",
			 num && num[0] ? num : "?", "ngày", date && date[0] ? date : "?");
	if (add_line(note, cap, &n, "", head) ||
	    (strcmp(action, "decline") == 0 &&
	     (add_ground(note, cap, &n, ground_of(r)) ||
	      add_line(note, cap, &n, "Căn cứ cụ thể: ", desk_form(r, "ground_detail")))) ||
	    add_line(note, cap, &n, "Lý do: ", desk_form(r, "reason")) ||
	    add_line(note, cap, &n, "", desk_form(r, "note")))
		return -1;
	return 0;
}

/* Every criterion box ticked (criteria_a ...), as "a,dd". */
static void criteria_of(const struct desk_req *r, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; desk_criteria[i].key; i++) {
		char name[32];
		snprintf(name, sizeof(name), "criteria_%s", desk_criteria[i].key);
		if (desk_form(r, name) && n + 4 < cap)
			n += (size_t)snprintf(out + n, cap - n, "%s%s", n ? "," : "",
					      desk_criteria[i].key);
	}
}

/* The case page again, with the daemon's refusal (or a form's mistake) on top. */
static void refused(struct desk_req *r, const char *id, int status, const char *why)
{
	struct desk_view v;
	desk_view_open(r, id, 1, NULL, &v);
	if (v.status == 200)
		desk_case_render(r, &v, "error", why, status);
	else
		desk_error_page(r, status, T(r, "Không thực hiện được", "Not done"), why);
	desk_view_close(&v);
}

/* Success: the inbox's entry read again, then back to the case with what was done. */
static void done(struct desk_req *r, const char *id, const char *what)
{
	char to[96];
	desk_index_refresh(&r->d->ix, r->d->s, r->d->sec, id);
	snprintf(to, sizeof(to), "/case/%s?done=%s", id, what);
	desk_redirect(r, to);
}

/* The daemon's answer: done with its status, else the page with its reason. */
static void answered(struct desk_req *r, const char *id, int st, int want,
		     struct tcc_result *res, const char *what)
{
	if (st == want) {
		tcc_result_free(res);
		done(r, id, what);
		return;
	}
	char why[400];
	snprintf(why, sizeof(why), "%s %s", T(r, "Máy chủ từ chối:", "The server refused:"),
		 st < 0 ? res->error : desk_reason(r, res));
	tcc_result_free(res);
	refused(r, id, st == 404 ? 404 : st < 0 ? 502 : 409, why);
}

static void post_act(struct desk_req *r, const char *id)
{
	static char note[NOTE_MAX + 1];
	char criteria[32];
	const char *action = desk_form(r, "action");
	if (action == NULL || action[0] == '\0') {
		refused(r, id, 422, T(r, "Thiếu việc xử lý.", "No action given."));
		return;
	}
	if (strcmp(action, "decline") == 0 && ground_of(r) == NULL) {
		refused(r, id, 422, T(r, "Hãy chọn căn cứ pháp lý của việc không thụ lý.",
				      "Choose the legal ground for not accepting."));
		return;
	}
	if (paper_note(r, action, note, sizeof(note)) != 0) {
		refused(r, id, 422, T(r, "Ghi chú quá dài (tối đa 10.000 byte).",
				      "The note is too long (at most 10,000 bytes)."));
		return;
	}
	criteria_of(r, criteria, sizeof(criteria));
	const char *cont = desk_form(r, "continue_reason"), *flag = desk_form(r, "flag");
	struct tcc_action a = {.action = action, .note = note[0] ? note : NULL,
			       .criteria = criteria[0] ? criteria : NULL,
			       .continue_reason = cont && cont[0] ? cont : NULL,
			       .flag = flag && flag[0] ? flag : NULL,
			       .ground = strcmp(action, "decline") == 0 ? desk_form(r, "ground") : NULL};
	struct tcc_result res;
	int st = tcc_case_act(r->d->s, id, &a, &res);
	explicit_bzero(note, sizeof(note));
	answered(r, id, st, 200, &res, "act");
}

/* A required text field, at most NOTE_MAX bytes: it, or NULL after saying why. */
static const char *required_text(struct desk_req *r, const char *id, const char *name)
{
	const char *t = desk_form(r, name);
	size_t n = t ? strspn(t, " \t\r\n") : 0;
	if (t == NULL || t[n] == '\0') {
		refused(r, id, 422, T(r, "Hãy nhập nội dung.", "Write something first."));
		return NULL;
	}
	if (strlen(t) > NOTE_MAX) {
		refused(r, id, 422, T(r, "Nội dung quá dài (tối đa 10.000 byte).",
				      "Too long (at most 10,000 bytes)."));
		return NULL;
	}
	return t;
}

static void post_reply(struct desk_req *r, const char *id)
{
	const char *text = required_text(r, id, "text");
	struct tcc_result res;
	if (text)
		answered(r, id, tcc_case_reply(r->d->s, id, &r->d->unit, text, &res), 201, &res,
			 "reply");
}

static void post_note(struct desk_req *r, const char *id)
{
	const char *text = required_text(r, id, "text");
	struct tcc_result res;
	if (text)
		answered(r, id, tcc_case_note(r->d->s, id, text, &res), 201, &res, "note");
}

static void post_assign(struct desk_req *r, const char *id)
{
	const char *to = desk_form(r, "to");
	uint8_t pk[CR_SIGN_PK_BYTES];
	const uint8_t *who = NULL;
	struct tcc_result res;
	if (to && strcmp(to, "me") == 0 && tcc_my_key(r->d->s, pk) == TC_OK) {
		who = pk;
	} else if (to && strcmp(to, "none") != 0) {
		struct desk_staff *staff = NULL;
		size_t n = 0;
		desk_directory_staff(r->d->o->directory, r->d->unit.unit, &staff, &n);
		for (size_t i = 0; i < n && who == NULL; i++)
			if (strcmp(staff[i].name, to) == 0) {
				memcpy(pk, staff[i].pk, sizeof(pk));
				who = pk;
			}
		free(staff);
		if (who == NULL) {
			refused(r, id, 422, T(r, "Không có thanh tra viên này trong danh bạ.",
					      "No such inspector in the directory."));
			return;
		}
	}
	answered(r, id, tcc_case_assign(r->d->s, id, who, &res), 200, &res, "assign");
}

/*
 * Open a confidential identity: the reason is kept first, as a note sealed
 * to the unit (it is the reporter's secret too), then the reveal is
 * recorded by the daemon; the page shows the identity from the reveal's
 * own answer, and it is kept nowhere.
 */
static void post_reveal(struct desk_req *r, const char *id)
{
	const char *reason = required_text(r, id, "reason");
	char note[NOTE_MAX + 64];
	struct tcc_result res;
	if (reason == NULL)
		return;
	snprintf(note, sizeof(note), "Mở danh tính người tố cáo. Lý do: %s", reason);
	int st = tcc_case_note(r->d->s, id, note, &res);
	explicit_bzero(note, sizeof(note));
	if (st != 201) {
		answered(r, id, st, 201, &res, "reveal");
		return;
	}
	tcc_result_free(&res);
	st = tcc_case_reveal(r->d->s, id, &res);
	if (st != 200) {
		answered(r, id, st, 200, &res, "reveal");
		return;
	}
	struct desk_view v;
	cJSON *doc = res.doc;
	res.doc = NULL;
	desk_view_open(r, id, 1, doc, &v);
	desk_case_render(r, &v, "info",
			 T(r, "Danh tính đã được mở và việc mở đã được ghi lại cùng lý do. Danh "
			      "tính chỉ hiện trên trang này; tải lại trang sẽ niêm phong lại.",
			   "The identity was opened; the opening and its reason are recorded. It is "
			   "shown on this page only; reloading seals it again."),
			 200);
	desk_view_close(&v);
}

static void post_transfer(struct desk_req *r, const char *id)
{
	const char *to = desk_form(r, "to_unit");
	struct cr_unit_pub *units = NULL;
	size_t n = 0;
	const struct cr_unit_pub *dest = NULL;
	struct tcc_result res;
	desk_directory_units(r->d->o->directory, &units, &n);
	for (size_t i = 0; to && i < n && dest == NULL; i++)
		if (strcmp(units[i].unit, to) == 0)
			dest = &units[i];
	if (dest == NULL)
		refused(r, id, 422, T(r, "Hãy chọn đơn vị nhận có trong danh bạ khóa.",
				      "Choose a receiving unit from the key directory."));
	else
		answered(r, id, tcc_transfer_offer(r->d->s, id, r->d->sec, dest, &res), 202, &res,
			 "transfer");
	free(units);
}

static void post_receive(struct desk_req *r, const char *id)
{
	struct tcc_result res;
	int st = tcc_transfer_receive(r->d->s, id, r->d->sec, &res);
	if (st == 200) {
		tcc_result_free(&res);
		done(r, id, "receive");
		return;
	}
	char why[400];
	snprintf(why, sizeof(why), "%s %s", T(r, "Máy chủ từ chối:", "The server refused:"),
		 st < 0 ? res.error : desk_reason(r, &res));
	tcc_result_free(&res);
	desk_error_page(r, st < 0 ? 502 : 409, T(r, "Không nhận được hồ sơ", "Not received"), why);
}

static void post_cancel(struct desk_req *r, const char *id)
{
	struct tcc_result res;
	answered(r, id, tcc_transfer_cancel(r->d->s, id, &res), 204, &res, "cancel");
}

void desk_case_post(struct desk_req *r, const char *id, const char *what)
{
	static const struct {
		const char *what;
		void (*fn)(struct desk_req *, const char *);
	} posts[] = {{"act", post_act},		{"reply", post_reply},
		     {"note", post_note},	{"assign", post_assign},
		     {"reveal", post_reveal},	{"transfer", post_transfer},
		     {"receive", post_receive}, {"cancel-transfer", post_cancel}};
	for (size_t i = 0; i < sizeof(posts) / sizeof(posts[0]); i++)
		if (strcmp(what, posts[i].what) == 0) {
			posts[i].fn(r, id);
			return;
		}
	desk_error_page(r, 404, T(r, "Không có trang này", "No such page"), what);
}
