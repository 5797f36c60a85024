/*
 * report_request.c - the API's report body decoded (report_request.h).
 */
#include <stdio.h>
#include <string.h>

#include "json_guard.h"
#include "report_request.h"

/* The multipart 'report' part and the files; TC_EINVAL with the fault set. */
static int decode_multipart(const uint8_t *body, size_t len, const char *boundary, enum lang l,
			    const struct server_limits *lim, struct report_request *out,
			    const char **json, size_t *json_len)
{
	const bool en = l == LANG_EN;
	int frc = form_parse_multipart(body, len, boundary, &out->form);
	const struct form_field *rep = frc == TC_OK ? form_get(&out->form, "report") : NULL;
	if (rep == NULL || rep->is_file) {
		snprintf(out->detail, sizeof(out->detail),
			 en ? "Bad multipart body: %s." : "Phần multipart không hợp lệ: %s.",
			 frc != TC_OK ? form_strerror(out->form.error)
				      : (en ? "no 'report' part" : "thiếu phần 'report'"));
		out->fault = RR_MALFORMED;
		return TC_EINVAL;
	}
	*json = (const char *)rep->value;
	*json_len = rep->len;
	if (submit_collect_files(lim, &out->form, l, out->files, &out->n_files, out->detail,
				 sizeof(out->detail)) != TC_OK) {
		out->fault = RR_FILES;
		return TC_EINVAL;
	}
	return TC_OK;
}

int report_request_decode(const uint8_t *body, size_t len, const char *boundary, enum lang l,
			  const struct server_limits *lim, dm_day today,
			  struct report_request *out)
{
	memset(out, 0, sizeof(*out));
	const char *json = (const char *)body;
	size_t json_len = len;
	if (boundary && decode_multipart(body, len, boundary, l, lim, out, &json, &json_len) != TC_OK)
		return TC_EINVAL;
	const char *why = NULL;
	int rc = json_prescan(json, json_len, REPORT_MAX_DEPTH, &why);
	if (rc == TC_OK && json_parse(json, json_len, &out->root) != TC_OK)
		why = "not valid JSON";
	if (why != NULL) {
		snprintf(out->detail, sizeof(out->detail),
			 l == LANG_EN ? "The body is not acceptable JSON: %s."
				      : "Nội dung không phải JSON hợp lệ: %s.",
			 l == LANG_EN ? why : json_reason_vi(why));
		out->fault = RR_MALFORMED;
		return TC_EINVAL;
	}
	if (report_decode(out->root, today, &out->report, &out->errs) != TC_OK) {
		out->fault = RR_INVALID;
		return TC_EINVAL;
	}
	return TC_OK;
}

void report_request_free(struct report_request *rr)
{
	form_free(&rr->form);
	cJSON_Delete(rr->root);
	rr->root = NULL;
}
