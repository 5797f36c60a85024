/*
 * report_request.h - the body of POST /api/v1/reports decoded: JSON, or
 * multipart/form-data with a 'report' part (the JSON) and 'file' parts,
 * within the attachment limits, then validated (report.h). Pure: bytes in,
 * a report or what is wrong out; fuzzed (tests/fuzz/fuzz_report.c).
 */
#ifndef TOCAO_REPORT_REQUEST_H
#define TOCAO_REPORT_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "form.h"
#include "lang.h"
#include "report.h"
#include "server.h"
#include "submit.h"

/* Why a body was refused. */
enum report_request_fault {
	RR_MALFORMED = 1,  /* 400: not a readable multipart body or not acceptable JSON */
	RR_FILES,          /* 413: over an attachment limit */
	RR_INVALID,        /* 422: fields in errs */
};

struct report_request {
	struct form form;             /* multipart's parts (files point into the body) */
	cJSON *root;                  /* the report's tree (report points into it) */
	struct report report;
	struct submit_file files[CR_ATTACHMENTS_MAX];
	size_t n_files;
	/* When refused: */
	enum report_request_fault fault;
	char detail[200];             /* RR_MALFORMED, RR_FILES: the message, in the request's language */
	struct report_errors errs;    /* RR_INVALID */
};

/*
 * Decode body (len > 0): JSON, or multipart with boundary (NULL: JSON),
 * validated as of today. TC_OK with out->report, or TC_EINVAL with
 * out->fault and its detail or errs (TC_ENOMEM when out of memory). Free
 * out with report_request_free() either way.
 */
int report_request_decode(const uint8_t *body, size_t len, const char *boundary, enum lang l,
			  const struct server_limits *lim, dm_day today,
			  struct report_request *out) TC_WUR;
void report_request_free(struct report_request *rr);

#endif
