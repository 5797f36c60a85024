/*
 * desk_case.h - a case as one view of the desk opens it: the daemon's
 * answer, the report and identity opened with the unit's key, and the
 * conversation opened message by message. desk_view_open reads and opens;
 * desk_view_close wipes and frees. Used by the case page (desk_case.c),
 * its boxes (desk_items.c, desk_forms.c) and the files (desk_files.c).
 */
#ifndef TOCAO_DESK_CASE_H
#define TOCAO_DESK_CASE_H

#include <cjson/cJSON.h>

#include "desk_internal.h"
#include "tc_client.h"

struct desk_msg {
	int seq;
	char from[12];        /* "reporter", "unit", "note" */
	char at[16];
	char signature[32];   /* a unit message's signature state */
	int opened;
	struct tcc_message m; /* text, and a reporter's body and files */
};

struct desk_view {
	char id[32];
	cJSON *doc;           /* GET /api/v1/cases/{id} (or the reveal's answer) */
	cJSON *body, *ident;  /* opened; ident only when the envelope holds it */
	struct desk_msg *msgs;
	size_t n_msgs;
	int status;           /* the daemon's answer to the show, or -1 */
	char why[256];        /* its problem, when not 200 */
};

/*
 * Read and open case id: with messages, the conversation too; with
 * revealed (a reveal's answer, taken over), that answer instead of a show.
 * v->status says how it went.
 */
void desk_view_open(struct desk_req *r, const char *id, int messages, cJSON *revealed,
		    struct desk_view *v);
void desk_view_close(struct desk_view *v);

/* Render the case page of an opened view, with notice (kind, text) on top when given. */
void desk_case_render(struct desk_req *r, struct desk_view *v, const char *kind,
		      const char *notice, int status);

/* desk_items.c: the attachments and the conversation with its reply and note forms. */
void desk_attachments_box(struct desk_req *r, const struct desk_view *v);
void desk_conversation_box(struct desk_req *r, const struct desk_view *v);
/* desk_forms.c: what the law allows next, assignment, transfer. */
void desk_next_box(struct desk_req *r, const struct desk_view *v);
void desk_assign_box(struct desk_req *r, const struct desk_view *v);
void desk_transfer_box(struct desk_req *r, const struct desk_view *v);
/* desk_documents.c: the documents the case's state allows, the case file, "sent". */
void desk_documents_box(struct desk_req *r, const struct desk_view *v);

/* A string member of o, "" when absent. */
const char *desk_jstr(const cJSON *o, const char *name);
/* A number member of o, 0 when absent. */
int desk_jint(const cJSON *o, const char *name);
/* The daemon's reason in the page's language (Vietnamese when it has one). */
const char *desk_reason(const struct desk_req *r, const struct tcc_result *res);

#endif
