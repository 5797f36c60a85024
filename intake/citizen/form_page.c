/*
 * form_page.c - the report form: GET / (the province step, then the form),
 * POST /reports (the same report as the API, from a browser), and the
 * stylesheet. A submission is decoded into the API's JSON shape
 * (form_report.h) and validated by the same decoder (report.h); errors
 * re-render the form with every value the citizen typed and each message
 * beside its field. The dispatcher has applied the rate limit, the size
 * cap and the encoding check (route.h) before these run.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "citizen_handlers.h"
#include "dm_units.h"
#include "form_report.h"
#include "quota.h"
#include "report.h"
#include "server_internal.h"
#include "submit.h"
#include "web.h"
#include "web_seal.h"
#include "contacts.h"
#include "wipe_alloc.h"

void handle_stylesheet(struct request *r)
{
	size_t len;
	const char *css = page_stylesheet(&len);
	http_reply_text(r->req, 200, "text/css; charset=utf-8", css);
}

void handle_form_page(struct request *r)
{
	char lang_buf[8], prov_buf[8];
	bool ok = r->query_rc == TC_OK;
	const char *lang_s = ok ? web_field(r->query, "lang", lang_buf, sizeof(lang_buf)) : NULL;
	const char *prov = ok ? web_field(r->query, "province", prov_buf, sizeof(prov_buf)) : NULL;
	enum lang l = web_lang(r, lang_s);
	web_lang_remember(r, lang_s);
	const char *error = NULL;
	if (prov && *prov && dm_province_find(prov) == NULL) {
		error = l == LANG_EN ? "Choose a province or city from the list."
				     : "Hãy chọn một tỉnh, thành phố trong danh sách.";
		prov = NULL;
	}
	char token[WEB_TOKEN_LEN + 1];
	web_token_new(token);
	struct form_values v = {.form_token = token};
	struct page_limits lim = web_limits(r->srv);
	size_t len = 0;
	char *html = page_report_form(l, &v, prov, NULL, 0, error, &lim, &len);
	web_add_onion_location(r->srv, r->req);
	evhttp_add_header(evhttp_request_get_output_headers(r->req), "Content-Language", lang_code(l));
	http_reply_html(r->req, 200, html, len);
}

/* ---- POST /reports ---- */

/* "Hãy nhập tóm tắt.": a missing field named, not "this field is required". */
static const char *required_message(enum lang l, const char *field, char *buf, size_t cap)
{
	const char *label = page_field_label(l, field);
	if (strcmp(field, "undertaking") == 0) {
		snprintf(buf, cap, "%s", l == LANG_EN ? "Tick the box to declare that what you wrote is true."
						      : "Hãy đánh dấu vào ô cam đoan nội dung đơn là đúng sự thật.");
		return buf;
	}
	if (label == NULL)
		return NULL;
	bool choose = strcmp(field, "kind") == 0 || strcmp(field, "identity") == 0 ||
		      strcmp(field, "category") == 0 || strcmp(field, "province") == 0;
	if (l == LANG_EN)
		snprintf(buf, cap, "%s %s.", choose ? "Choose" : "Fill in", label);
	else
		snprintf(buf, cap, "Hãy %s mục «%s».", choose ? "chọn" : "điền", label);
	return buf;
}

static void render_form_again(struct request *r, enum lang l, const struct typed *t,
			      const struct report_errors *errs, const char *general, int status,
			      size_t files_dropped)
{
	struct form_values v = {
		.kind = t->kind, .identity = t->identity, .full_name = t->full_name,
		.address = t->address, .phone = t->phone, .email = t->email,
		.id_number = t->id_number, .province = t->province, .commune = t->commune,
		.level = t->level, .old_province = t->old_province,
		.accused_name = t->accused_name, .accused_position = t->accused_position,
		.accused_organisation = t->accused_organisation, .category = t->category,
		.summary = t->summary, .details = t->details, .occurred_on = t->occurred_on,
		.complaint_subject = t->complaint_subject, .complaint_instance = t->complaint_instance,
		.decision_date = t->decision_date, .decision_number = t->decision_number,
		.request = t->request, .undertaking = t->undertaking, .form_token = t->form_token,
		.files_dropped = files_dropped,
	};
	struct page_field_error pe[REPORT_MAX_ERRORS];
	char msgs[REPORT_MAX_ERRORS][512];
	size_t n = 0;
	for (size_t i = 0; errs && i < errs->n; i++) {
		pe[n].field = form_report_field(errs->e[i].field);
		pe[n].message = errs->e[i].code == RE_REQUIRED
					? required_message(l, pe[n].field, msgs[n], sizeof(msgs[n]))
					: NULL;
		if (pe[n].message == NULL)
			pe[n].message = report_err_message(&errs->e[i], l, msgs[n], sizeof(msgs[n]));
		n++;
	}
	struct page_limits lim = web_limits(r->srv);
	const char *prov = dm_province_find(t->province) ? t->province : NULL;
	size_t len = 0;
	char *html = page_report_form(l, &v, prov, pe, n, general, &lim, &len);
	evhttp_add_header(evhttp_request_get_output_headers(r->req), "Content-Language", lang_code(l));
	http_reply_html(r->req, status, html, len);
}

/* The body as a form (its encoding checked by the dispatcher); false once answered. */
static bool parse_form_body(struct request *r, struct form *f)
{
	int rc = r->body_type == BODY_TYPE_MULTIPART
			 ? form_parse_multipart(r->body, r->body_len, r->boundary, f)
			 : form_parse_urlencoded((const char *)r->body, r->body_len, f);
	if (rc != TC_OK) {
		web_reply_error(r->req, r->lang, 400,
				"Không đọc được biểu mẫu gửi lên. Hãy quay lại và gửi lại.",
				"The form could not be read. Go back and send it again.");
		return false;
	}
	return true;
}

/* The files of a form that goes back for corrections: how many were sent (they are not kept). */
static size_t files_sent(const struct form *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->f[i].is_file && strcmp(f->f[i].name, "file") == 0 &&
		    (f->f[i].len > 0 || f->f[i].filename[0] != '\0'))
			n++;
	return n;
}

/*
 * The form's one-time token: true when the request was answered already
 * (no token: the form is out of date; a token used before: its receipt
 * page again, no second case). Otherwise sp gets it as the idempotency key.
 */
static bool form_token_answered(struct request *r, enum lang l, const struct typed *t,
				struct submit_params *sp, dm_day today)
{
	struct server *srv = r->srv;
	if (!web_token_valid(t->form_token)) {
		web_reply_error(r->req, l, 400,
				"Biểu mẫu này đã cũ hoặc không đầy đủ nên chưa có gì được lưu. Hãy mở "
				"lại trang gửi đơn và gửi lại.",
				"This form is out of date or incomplete, so nothing was stored. Open "
				"the form again and send it.");
		return true;
	}
	static const char form_request[] = "html form";
	sp->idem_key = t->form_token;
	cr_keyed_hash(srv->deps.server_key, "idempotency", (const uint8_t *)t->form_token,
		      strlen(t->form_token), sp->idem_hash);
	cr_keyed_hash(srv->deps.server_key, "idem-request", (const uint8_t *)form_request,
		      sizeof(form_request) - 1, sp->request_hash);
	struct store_txn *txn = NULL;
	struct store_idem prior;
	int g = store_read_begin(srv->deps.store, &txn);
	if (g == TC_OK)
		g = store_idem_get(txn, sp->idem_hash, &prior);
	store_read_end(txn);
	if (g != TC_OK || prior.day + SUBMIT_IDEM_TTL_DAYS < today)
		return false;
	if (memcmp(prior.request_hash, sp->request_hash, CR_HASH_BYTES) == 0)
		submit_form_replay(srv, r->req, l, &prior, t->form_token);
	else
		web_reply_error(r->req, l, 409, "Mã biểu mẫu này đã được dùng cho việc khác.",
				"This form's token was used for something else.");
	return true;
}

/* The form's own checks, beyond the report's: the undertaking. */
static void form_checks(const struct typed *t, struct report_errors *errs)
{
	if (strcmp(t->undertaking, "yes") != 0 && errs->n < REPORT_MAX_ERRORS)
		errs->e[errs->n++] = (struct report_error){.field = "undertaking",
							   .code = RE_REQUIRED};
}

/* Decide: the token, then validate, then seal and queue; the redirect follows once durable. */
static void submit_typed(struct request *r, enum lang l, const struct typed *t,
			 const struct form *f)
{
	struct server *srv = r->srv;
	struct submit_file files[CR_ATTACHMENTS_MAX];
	size_t n_files = 0;
	char file_msg[200];
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	struct submit_params sp = {.mode = SUBMIT_FORM, .lang = l};
	if (form_token_answered(r, l, t, &sp, today))
		return;
	if (submit_collect_files(&srv->limits, f, l, files, &n_files, file_msg, sizeof(file_msg)) !=
	    TC_OK) {
		struct report_errors none = {0};
		render_form_again(r, l, t, &none, file_msg, 413, files_sent(f));
		return;
	}
	if (store_is_nearly_full(srv->deps.store)) {
		web_reply_unavailable(r->req, l, 300);
		return;
	}
	int retry = 0;
	if (quota_report_admit(srv, r->req, r->body_len, &retry) != QUOTA_OK) {
		web_reply_rate_limited(r->req, l, retry);
		return;
	}
	cJSON *root = NULL;
	struct report rep;
	struct report_errors errs = {0};
	int rc = form_report_json(t, &root);
	if (rc == TC_OK)
		rc = report_decode(root, today, &rep, &errs);
	form_checks(t, &errs);
	if (rc != TC_OK || errs.n > 0) {
		srv->counters.reports_rejected++;
		size_t dropped = files_sent(f);
		render_form_again(r, l, t, &errs,
				  l == LANG_EN ? (dropped ? "Some fields need your attention: see the "
							    "messages beside them. What you typed was "
							    "kept, but not the attached files: choose "
							    "them again."
							  : "Some fields need your attention: see the "
							    "messages beside them. Nothing you typed "
							    "was lost.")
					       : (dropped ? "Một số mục cần sửa: xem thông báo bên cạnh "
							    "từng mục. Những gì bạn đã nhập vẫn được "
							    "giữ, nhưng tệp đính kèm thì không: hãy "
							    "chọn lại tệp."
							  : "Một số mục cần sửa: xem thông báo bên cạnh "
							    "từng mục. Những gì bạn đã nhập vẫn được "
							    "giữ nguyên."),
				  422, dropped);
		cJSON_Delete(root);
		return;
	}
	sp.report = &rep;
	sp.files = files;
	sp.n_files = n_files;
	const char *fail_detail = NULL;
	if (submit_start(srv, r->req, &sp, &fail_detail) != TC_OK)
		web_reply_unavailable(r->req, l, 60);
	cJSON_Delete(root);
}

void handle_form_submit(struct request *r)
{
	struct form f = {0};
	struct typed *t = NULL;
	char *details = NULL;
	if (!parse_form_body(r, &f))
		goto out;
	t = calloc(1, sizeof(*t));
	details = wipe_malloc(REPORT_DETAILS_MAX * 4 + 1);
	if (t == NULL || details == NULL) {
		web_reply_unavailable(r->req, r->lang, 5);
		goto out;
	}
	form_report_read(&f, t, details, REPORT_DETAILS_MAX * 4 + 1);
	submit_typed(r, web_lang(r, t->lang), t, &f);
out:
	wipe_free(details);
	if (t) {
		explicit_bzero(t, sizeof(*t));
		free(t);
	}
	form_free(&f);
}

/* ---- GET /reports/receipt, POST /reports/receipt/forget, GET /lost ---- */

/* The receipt page the form's redirect leads to: shown again on reload while the cookie lasts. */
void handle_receipt_page(struct request *r)
{
	char lang_buf[8];
	enum lang l = web_lang(r, r->query_rc == TC_OK
					  ? web_field(r->query, "lang", lang_buf, sizeof(lang_buf))
					  : NULL);
	struct web_sealed v;
	struct store_case c;
	struct store_txn *t = NULL;
	unsigned n_atts = 0;
	int rc = web_cookie_open(r->req, r->srv->deps.server_key, WEB_COOKIE_RECEIPT, &v);
	if (rc == TC_OK && (rc = store_read_begin(r->srv->deps.store, &t)) == TC_OK) {
		rc = store_case_get(t, v.case_id, &c);
		if (rc == TC_OK && store_attachment_count(t, v.case_id, &n_atts) != TC_OK)
			n_atts = 0;
		store_read_end(t);
	}
	evhttp_add_header(evhttp_request_get_output_headers(r->req), "Content-Language", lang_code(l));
	if (rc != TC_OK) {
		if (rc == TC_ESTATE || rc == TC_ECRYPTO)
			web_cookie_clear(r->req, WEB_COOKIE_RECEIPT);
		size_t len = 0;
		char *html = page_receipt_gone(l, &len);
		http_reply_html(r->req, 200, html, len);
		explicit_bzero(&v, sizeof(v));
		return;
	}
	const char *notice =
		v.flags & WEB_SEALED_REUSED
			? (l == LANG_EN ? "This form had already been sent: no second report was "
					  "made. Here is the receipt of the one that was stored."
					: "Biểu mẫu này đã được gửi trước đó nên không có đơn thứ hai nào "
					  "được tạo. Dưới đây là mã tra cứu của đơn đã lưu.")
			: NULL;
	const char *warning =
		v.flags & WEB_SEALED_LATE
			? (l == LANG_EN ? "Your complaint seems to be past its time limit (Law on "
					  "Complaints Art. 9). It was received all the same: if an "
					  "obstacle kept you from complaining in time, say so to the "
					  "inspectorate."
					: "Khiếu nại của bạn có vẻ đã quá thời hiệu (Luật Khiếu nại, Điều 9). "
					  "Đơn vẫn được tiếp nhận: nếu có trở ngại khách quan khiến bạn "
					  "không khiếu nại đúng hạn, hãy trình bày với cơ quan giải quyết.")
			: NULL;
	web_reply_receipt(r->req, l, &c, v.receipt, n_atts, warning, notice);
	explicit_bzero(&v, sizeof(v));
}

void handle_receipt_forget(struct request *r)
{
	struct form f = {0};
	char lang_buf[8];
	bool ok = form_parse_urlencoded((const char *)r->body, r->body_len, &f) == TC_OK;
	enum lang l = web_lang(r, ok ? web_field(&f, "lang", lang_buf, sizeof(lang_buf)) : NULL);
	form_free(&f);
	web_cookie_clear(r->req, WEB_COOKIE_RECEIPT);
	evhttp_add_header(evhttp_request_get_output_headers(r->req), "Location",
			  l == LANG_EN ? "/reports/receipt?lang=en" : "/reports/receipt");
	http_reply_text(r->req, 303, "text/plain; charset=utf-8", "See the next page.\n");
}

void handle_lost_page(struct request *r)
{
	char lang_buf[8];
	const char *lang_s = r->query_rc == TC_OK
				     ? web_field(r->query, "lang", lang_buf, sizeof(lang_buf))
				     : NULL;
	enum lang l = web_lang(r, lang_s);
	web_lang_remember(r, lang_s);
	struct page_contact all[64];
	size_t n = contacts_all(l, all, sizeof(all) / sizeof(all[0]));
	size_t len = 0;
	evhttp_add_header(evhttp_request_get_output_headers(r->req), "Content-Language", lang_code(l));
	char *html = page_lost(l, all, n, &len);
	http_reply_html(r->req, 200, html, len);
}
