/*
 * form_report.h - the report form's fields (POST /reports) decoded into the
 * API's JSON shape, so that one decoder (report.h) validates both and the
 * rules cannot drift apart. Pure: no I/O; fuzzed (tests/fuzz/fuzz_form.c).
 */
#ifndef TOCAO_FORM_REPORT_H
#define TOCAO_FORM_REPORT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "form.h"
#include "tc_err.h"

/* The form's text fields, NUL-terminated, cut to their buffers. */
struct typed {
	char kind[32], identity[32], lang[8];
	char full_name[1024], address[2048], phone[128], email[512], id_number[64];
	char province[8], commune[16], level[64], old_province[8];
	char accused_name[1024], accused_position[1024], accused_organisation[1536];
	char category[64], summary[1024], occurred_on[32];
	/*
	 * A complaint's own fields (sent only with kind "complaint"; the
	 * citizen's form and the desk's reception form).
	 */
	char complaint_subject[64], complaint_instance[16], decision_date[32];
	char decision_number[512], request[8192];
	/* The form's alone, never sent on: its one-time token and the undertaking. */
	char form_token[80], undertaking[8];
	const char *details; /* may be large: points into details_buf, never NULL */
};

/* Read f's fields into t (absent ones ""); details into details_buf. */
void form_report_read(const struct form *f, struct typed *t, char *details_buf,
		      size_t details_cap);
/*
 * The API's JSON report of what was typed (reporter fields of an anonymous
 * report dropped, never sent on): TC_OK with *out (the caller deletes it),
 * or TC_ENOMEM.
 */
int form_report_json(const struct typed *t, cJSON **out) TC_WUR;
/* The form's field for an API field name ("reporter.full_name" -> "full_name"). */
const char *form_report_field(const char *api_field);

#endif
