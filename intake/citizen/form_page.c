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
	const char *error = NULL;
	if (prov && *prov && dm_province_find(prov) == NULL) {
		error = l == LANG_EN ? "Choose a province or city from the list."
				     : "Hãy chọn một tỉnh, thành phố trong danh sách.";
		prov = NULL;
	}
	struct form_values v = {0};
	struct page_limits lim = web_limits(r->srv);
	size_t len = 0;
	char *html = page_report_form(l, &v, prov, NULL, 0, error, &lim, &len);
	web_add_onion_location(r->srv, r->req);
	evhttp_add_header(evhttp_request_get_output_headers(r->req), "Content-Language", lang_code(l));
	http_reply_html(r->req, 200, html, len);
}

/* ---- POST /reports ---- */

static void render_form_again(struct request *r, enum lang l, const struct typed *t,
			      const struct report_errors *errs, const char *general, int status)
{
	struct form_values v = {
		.kind = t->kind, .identity = t->identity, .full_name = t->full_name,
		.address = t->address, .phone = t->phone, .email = t->email,
		.id_number = t->id_number, .province = t->province, .commune = t->commune,
		.level = t->level, .old_province = t->old_province,
		.accused_name = t->accused_name, .accused_position = t->accused_position,
		.accused_organisation = t->accused_organisation, .category = t->category,
		.summary = t->summary, .details = t->details, .occurred_on = t->occurred_on,
	};
	struct page_field_error pe[REPORT_MAX_ERRORS];
	char msgs[REPORT_MAX_ERRORS][512];
	size_t n = 0;
	for (size_t i = 0; errs && i < errs->n; i++) {
		pe[n].field = form_report_field(errs->e[i].field);
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

/* Decide: validate, then seal and queue; the receipt page follows once durable. */
static void submit_typed(struct request *r, enum lang l, const struct typed *t,
			 const struct form *f)
{
	struct server *srv = r->srv;
	struct submit_file files[CR_ATTACHMENTS_MAX];
	size_t n_files = 0;
	char file_msg[200];
	if (submit_collect_files(&srv->limits, f, l, files, &n_files, file_msg, sizeof(file_msg)) !=
	    TC_OK) {
		struct report_errors none = {0};
		render_form_again(r, l, t, &none, file_msg, 413);
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
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	if (form_report_json(t, &root) != TC_OK || report_decode(root, today, &rep, &errs) != TC_OK) {
		srv->counters.reports_rejected++;
		render_form_again(r, l, t, &errs,
				  l == LANG_EN ? "Some fields need your attention: see the messages "
						 "beside them. Nothing you typed was lost."
					       : "Một số mục cần sửa: xem thông báo bên cạnh từng mục. "
						 "Những gì bạn đã nhập vẫn được giữ nguyên.",
				  422);
		cJSON_Delete(root);
		return;
	}
	struct submit_params sp = {.mode = SUBMIT_FORM, .lang = l, .report = &rep, .files = files,
				   .n_files = n_files};
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
