/*
 * report.h - decoding and validating a citizen's report (docs/API.md,
 * POST /api/v1/reports) from a parsed JSON tree, with one error per
 * offending field, in the reporter's language.
 *
 * The decoder never echoes a submitted value in a message: error texts
 * name the field and the rule, never the content (docs/API.md "Errors").
 */
#ifndef TOCAO_REPORT_H
#define TOCAO_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "dm_case.h"
#include "dm_date.h"
#include "lang.h"

/* Field limits, in Unicode characters (docs/API.md). */
#define REPORT_SUMMARY_MIN 5
#define REPORT_SUMMARY_MAX 200
#define REPORT_DETAILS_MIN 20
#define REPORT_DETAILS_MAX 100000
#define REPORT_NAME_MAX 200
#define REPORT_ADDRESS_MAX 500
#define REPORT_ORG_MAX 300
#define REPORT_PHONE_MAX 30
#define REPORT_EMAIL_MAX 254
#define REPORT_DECISION_NUMBER_MAX 100 /* complaint.decision_number */
#define REPORT_REQUEST_MAX 2000        /* complaint.request: what the complainant asks */
#define REPORT_MAX_DEPTH 8       /* JSON nesting allowed in a report */

enum report_err {
	RE_REQUIRED = 1,
	RE_NOT_STRING,
	RE_NOT_OBJECT,
	RE_UNKNOWN_FIELD,
	RE_DUPLICATE_FIELD,
	RE_BAD_CHOICE,           /* not one of the allowed values (listed) */
	RE_TOO_SHORT,            /* a = minimum characters */
	RE_TOO_LONG,             /* a = maximum characters */
	RE_BAD_UTF8,
	RE_BAD_DATE,
	RE_FUTURE_DATE,
	RE_DATE_RANGE,
	RE_UNKNOWN_PROVINCE,
	RE_UNKNOWN_COMMUNE,
	RE_COMMUNE_ELSEWHERE,    /* the commune lies in another province */
	RE_REPORTER_FORBIDDEN,   /* reporter data on an anonymous report */
	RE_ANONYMOUS_COMPLAINT,
	RE_ACCUSED_REQUIRED,
	RE_BAD_PHONE,
	RE_BAD_EMAIL,
	RE_BAD_ID_NUMBER,
	RE_UNKNOWN_OLD_PROVINCE,
	RE_OLD_PROVINCE_MISMATCH,
	RE_COMPLAINT_ONLY,       /* "complaint" on a report that is not a complaint */
};

struct report_error {
	char field[40];          /* "jurisdiction.province" */
	enum report_err code;
	int a;                   /* a limit, when the message needs one */
	const char *allowed;     /* for RE_BAD_CHOICE: "a | b | c" */
};

#define REPORT_MAX_ERRORS 24
struct report_errors {
	struct report_error e[REPORT_MAX_ERRORS];
	size_t n;
};

struct report {
	enum dm_kind kind;
	enum dm_identity identity;
	enum dm_track track;
	enum dm_category category;
	enum dm_level level;
	char province[3];
	char commune[6];            /* "" if not given */
	char old_province[3];       /* pre-2025 code cited, "" if none */
	dm_day occurred_on;         /* DM_DAY_NONE if not given */
	/* "forwarded_by" (Law on Denunciations Art. 26): DM_ORIGIN_DIRECT if absent. */
	enum dm_origin origin;
	const cJSON *forwarded_by;  /* validated {kind, name}; NULL if absent */
	/* "complaint" (complaints only; defaults: no subject, first, no date). */
	enum dm_subject subject;
	int instance;               /* 1 or 2 */
	dm_day decision_date;       /* DM_DAY_NONE if not given */
	const cJSON *complaint;     /* the validated object (decision_number, request); NULL if absent */
	/* Validated parts of the tree (owned by the tree passed in). */
	const cJSON *reporter;      /* NULL when anonymous */
	const cJSON *accused;       /* may be NULL */
	const char *summary;
	const char *details;
};

/*
 * Validate root against the contract, as of the local date today.
 * Returns 0 and fills out, or TC_EINVAL with every problem found in errs.
 */
int report_decode(const cJSON *root, dm_day today, struct report *out,
		  struct report_errors *errs) TC_WUR;

/* The machine-readable name of an error ("too_long"), for problem documents. */
const char *report_err_name(enum report_err code);
/* The human message for e in language l, written to buf. */
const char *report_err_message(const struct report_error *e, enum lang l, char *buf, size_t cap);

/*
 * The filing-window warning of a complaint (Law on Complaints Art. 9,
 * 33(1), 48; dm_filing.h), computed from the submitted fields on the
 * filing day: true and *w filled when the complaint seems late, with msg
 * a sentence in language l (when msg is not NULL). Nothing is stored.
 */
struct dm_filing_window;
bool report_filing_late(const struct report *r, dm_day filed, struct dm_filing_window *w,
			enum lang l, char *msg, size_t cap);

/* What the body says of each attachment (its bytes are sealed apart). */
struct report_attachment {
	const char *name;          /* the client's file name, sanitised; may be "" */
	const char *content_type;  /* as sent; may be "" */
	size_t size;
};

/*
 * The plaintext that goes into the envelope: the report without the
 * reporter (body, with the list of attachments), and the reporter alone
 * (identity; NULL when anonymous). Canonical compact JSON, allocated with
 * cJSON's allocator; the caller frees both with wipe_free().
 */
int report_serialize(const struct report *r, dm_day received, const struct report_attachment *atts,
		     size_t n_atts, char **body, char **identity) TC_WUR;

#endif
