/*
 * Fuzz target: the form decoders. The first byte picks urlencoded or
 * multipart (with a fixed boundary); a multipart input may also carry its
 * own Content-Type line first ("ct:...\n") to fuzz the boundary parser.
 * A form that parses is also read as the report form (form_report.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "form_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The report form's reading: every field NUL-terminated within its buffer, JSON made. */
static void report_form(const struct form *f)
{
	static struct typed t;
	static char details[4096];
	memset(&t, 0, sizeof(t));
	form_report_read(f, &t, details, sizeof(details));
	if (strlen(t.summary) >= sizeof(t.summary) || strlen(t.details) >= sizeof(details))
		abort();
	cJSON *root = NULL;
	if (form_report_json(&t, &root) == TC_OK && !cJSON_IsObject(root))
		abort();
	cJSON_Delete(root);
	(void)form_report_field(t.kind);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const uint8_t *p = data + 1;
	size_t n = size - 1;
	struct form f;
	char boundary[FORM_MAX_BOUNDARY + 1] = "XyZzY";
	if (data[0] & 1) {
		if (form_parse_urlencoded((const char *)p, n, &f) == TC_OK) {
			for (size_t i = 0; i < f.n; i++)
				if (f.f[i].name[0] == '\0' || memchr(f.f[i].value, 0, f.f[i].len))
					abort();
			report_form(&f);
		}
		form_free(&f);
		return 0;
	}
	if (n > 3 && memcmp(p, "ct:", 3) == 0) {
		const uint8_t *nl = memchr(p, '\n', n);
		if (nl == NULL)
			return 0;
		char ct[256];
		size_t cl = (size_t)(nl - p - 3) < sizeof(ct) - 1 ? (size_t)(nl - p - 3) : sizeof(ct) - 1;
		memcpy(ct, p + 3, cl);
		ct[cl] = '\0';
		if (form_multipart_boundary(ct, boundary) != TC_OK)
			return 0;
		n -= (size_t)(nl + 1 - p);
		p = nl + 1;
	}
	if (form_parse_multipart(p, n, boundary, &f) == TC_OK) {
		for (size_t i = 0; i < f.n; i++)
			if (f.f[i].value < p || f.f[i].value + f.f[i].len > p + n)
				abort();
		report_form(&f);
	}
	form_free(&f);
	return 0;
}
