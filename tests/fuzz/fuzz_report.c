/* Fuzz target: the JSON report decoder (prescan, parse, validate, serialize). */
#include <stdint.h>
#include <stdlib.h>

#include "dm_units.h"
#include "json_guard.h"
#include "report.h"
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
	const char *text = (const char *)data;
	cJSON *root = NULL;
	if (json_prescan(text, size, REPORT_MAX_DEPTH, NULL) != TC_OK ||
	    json_parse(text, size, &root) != TC_OK)
		return 0;
	dm_day today;
	dm_day_from_ymd(2026, 11, 22, &today);
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
