/*
 * pages.h - the citizen's HTML pages, rendered on the server (no
 * JavaScript needed, no inline script or style, no third-party resource).
 *
 * Every function returns a malloc'd, NUL-terminated UTF-8 HTML document
 * (the caller frees it with wipe_free(): pages can hold what the citizen
 * typed) and its length, or NULL when out of memory. Every string given is
 * escaped for HTML by the renderer; callers pass raw text.
 */
#ifndef TOCAO_PAGES_H
#define TOCAO_PAGES_H

#include <stddef.h>

#include "lang.h"

/* What the citizen typed, to keep on a re-render; NULL or "" when empty. */
struct form_values {
	const char *kind, *identity;
	const char *full_name, *address, *phone, *email, *id_number;
	const char *province, *commune, *level, *old_province;
	const char *accused_name, *accused_position, *accused_organisation;
	const char *category, *summary, *details, *occurred_on;
	/* A complaint's own fields. */
	const char *complaint_subject, *complaint_instance, *decision_date, *decision_number;
	const char *request;
	const char *undertaking;   /* "yes" when ticked */
	const char *form_token;    /* the one-time token (web_seal.h); carried in a hidden field */
	size_t files_dropped;      /* files sent with a form sent back: to be chosen again */
};

/* A field's label as the form shows it ("summary" -> "Tóm tắt"), or NULL. */
const char *page_field_label(enum lang l, const char *field);

/* An inspectorate's public contact (contacts.h); NULL members when unknown. */
struct page_contact {
	const char *name, *address, *phone, *source;
};

/* One message beside one field; field is a form field name (e.g. "summary"). */
struct page_field_error {
	const char *field;
	const char *message;
};

/* Limits shown to the citizen (attachments). */
struct page_limits {
	int max_files;
	size_t max_file_bytes;
	size_t max_total_bytes;
};

/*
 * The report form (GET /, and a re-render after errors, POST /reports).
 * province: the chosen province code ("" or NULL: the form asks for the
 * province first, then shows that province's communes — usable without
 * JavaScript). general_error: a message above the form (or NULL).
 */
char *page_report_form(enum lang l, const struct form_values *v, const char *province,
		       const struct page_field_error *errs, size_t n_errs, const char *general_error,
		       const struct page_limits *limits, size_t *len);

struct page_deadline {
	const char *key;   /* "process_by", "transfer_by", "notify_by", "settle_by", ... */
	const char *date;  /* "YYYY-MM-DD" */
	/*
	 * Provisional: 0 no; a year: the deadline may move, that year's calendar
	 * is not announced yet; -1: it may move, a day off in its window is not
	 * confirmed.
	 */
	int provisional;
};

struct page_receipt {
	const char *case_id, *receipt, *track, *unit_name, *received_on;
	const struct page_deadline *deadlines;
	size_t n_deadlines;
	size_t n_attachments;
	const char *warning;   /* e.g. a complaint that seems late (report_filing_late); NULL if none */
	const char *notice;    /* e.g. "this form was already sent": no second case; NULL if none */
	const struct page_contact *contact;
};

/* /reports/receipt once the receipt is no longer shown (expired, or never there). */
char *page_receipt_gone(enum lang l, size_t *len);

/* /lost: what to do with a lost receipt, with every inspectorate's contact. */
char *page_lost(enum lang l, const struct page_contact *contacts, size_t n, size_t *len);

/* After a successful submission: the receipt, shown once. */
char *page_receipt(enum lang l, const struct page_receipt *r, size_t *len);

/* GET /followup: ask for the receipt. error: a neutral message, or NULL. */
char *page_followup_ask(enum lang l, const char *error, size_t *len);

struct page_message {
	const char *from;  /* "unit" or "reporter" */
	const char *at;    /* "YYYY-MM-DD" */
	const char *text;
	/* A unit message's signature (followup_sig_name): "signed", "signed_revoked",
	 * "unsigned_before_signatures"; NULL for none. */
	const char *signature;
};

/* One step of a case's story (the timeline, pages_status.c). */
struct page_step {
	const char *at;    /* "YYYY-MM-DD" */
	const char *what;  /* "received", an action name ("accept", "extend", ...), "transfer",
			    * "transfer_pending", "reveal" */
	const char *unit;  /* for a transfer: the receiving inspectorate's name */
};

struct page_followup {
	const char *receipt;          /* carried in a hidden field for the reply form */
	const char *case_id, *track, *status, *unit_name, *received_on;
	int overdue;                  /* days the running deadline is past (0: not) */
	const struct page_deadline *deadlines;
	size_t n_deadlines;
	const struct page_message *messages; /* one page of the conversation, oldest first */
	size_t n_messages;
	unsigned long older;          /* the cursor of older messages ("before"); 0: none */
	int paged;                    /* this page is not the newest: link back to it */
	const char *notice;           /* e.g. "your message was sent", or NULL */
	const char *error;            /* e.g. a reply too long, or NULL */
	const char *msg_token;        /* the message form's one-time token */
	const struct page_contact *contact;
	const struct page_step *steps; /* the story so far, oldest first */
	size_t n_steps;
	const char *running_key;      /* the deadline running now (dm_deadline_key), or NULL */
	const char *running_date;
	int running_provisional;      /* as page_deadline.provisional */
	/*
	 * A decline's legal ground in the page's language (Law on Denunciations
	 * Art. 24(1): the reporter is told why), and its provision (NULL for
	 * "another ground": the unit's notice says it); NULL: none recorded.
	 */
	const char *decline_reason, *decline_citation;
};

/* POST /followup: the case as the reporter may see it, and a reply form. */
char *page_followup(enum lang l, const struct page_followup *f, const struct page_limits *limits,
		    size_t *len);

/* Any other error, as a readable page (status shown in the title). */
char *page_error(enum lang l, int status, const char *title, const char *message, size_t *len);

/* The stylesheet served at /static/style.css. */
const char *page_stylesheet(size_t *len);

#endif
