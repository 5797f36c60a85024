/*
 * Fuzz target: the JSON report decoder (prescan, parse, validate,
 * serialize), and the API's body decoder (report_request.h) on the same
 * bytes, as JSON and as a multipart body with the boundary "B".
 */
#include <stdint.h>
#include <stdlib.h>

#include "dm_units.h"
#include "json_guard.h"
#include "report.h"
#include "report_request.h"
#include "wipe_alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		wipe_alloc_install();
		if (dm_init() != 0)
			abort();
		ready = 1;
	}
	dm_day today;
	dm_day_from_ymd(2026, 11, 22, &today);
	struct server_limits lim = {.max_files = 5, .max_file_bytes = 64, .max_upload = 128};
	for (int mp = 0; mp < 2; mp++) {
		struct report_request *rr = malloc(sizeof(*rr));
		if (rr == NULL)
			return 0;
		int rc = report_request_decode(data, size, mp ? "B" : NULL, LANG_VI, &lim, today, rr);
		if (rc == TC_OK && (rr->root == NULL || rr->n_files > (size_t)lim.max_files))
			abort();
		if (rc == TC_EINVAL && (rr->fault < RR_MALFORMED || rr->fault > RR_INVALID))
			abort();
		report_request_free(rr);
		free(rr);
	}
	const char *text = (const char *)data;
	cJSON *root = NULL;
	if (json_prescan(text, size, REPORT_MAX_DEPTH, NULL) != TC_OK ||
	    json_parse(text, size, &root) != TC_OK)
		return 0;
	struct report r;
	struct report_errors errs;
	if (report_decode(root, today, &r, &errs) == 0) {
		char *body = NULL, *ident = NULL;
		if (report_serialize(&r, today, NULL, 0, &body, &ident) == 0) {
			wipe_free(body);
			wipe_free(ident);
		}
	} else {
		char msg[512];
		for (size_t i = 0; i < errs.n; i++)
			report_err_message(&errs.e[i], LANG_EN, msg, sizeof(msg));
	}
	cJSON_Delete(root);
	return 0;
}
