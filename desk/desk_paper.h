/*
 * desk_paper.h - a case read and opened for paper/ (documents and the case
 * file), shared by the desk and `tocao document` / `tocao casefile`: the
 * daemon's show answer, the report and identity opened with the unit's
 * key, and, for the case file, the conversation opened and every
 * attachment (the report's, the reporter's messages') opened and hashed
 * with SHA-256, and the case's audit entries. The identity is only what the envelope shown holds: a
 * confidential one stays sealed (nothing here reveals it).
 */
#ifndef TOCAO_DESK_PAPER_H
#define TOCAO_DESK_PAPER_H

#include <cjson/cJSON.h>

#include "paper.h"
#include "tc_client.h"

struct desk_paper_case {
	cJSON *show, *body, *ident;
	cJSON *list;                 /* the messages' page(s), which msgs point into */
	cJSON *audit;                /* the case's audit entries (items only); NULL if unread */
	struct tcc_message *opened;  /* one per message; text NULL when it did not open */
	struct paper_msg *msgs;
	size_t n_msgs;
	struct paper_file *files;
	size_t n_files;
	char today[11];
	struct paper_casefile cf;    /* ready for paper_casefile_html */
};

/*
 * Read case id and open it; with items, the conversation and attachments
 * too. Returns the show's HTTP status (200 on success; -1 without an
 * answer), with *why the reason when not 200 or when the report does not
 * open (then TC_ECRYPTO is returned as 0 and show is still set: a caller
 * decides). pc is always safe to close.
 */
int desk_paper_open(struct tcc_session *s, const struct cr_unit_secret *sec, const char *id,
		    int items, struct desk_paper_case *pc, char *why, size_t cap);
void desk_paper_close(struct desk_paper_case *pc);

/*
 * The legal ground of the case's latest decline, from the notes (each
 * opened here, wiped after): paper_decline_reason of the newest note that
 * has one, into out. 200 (out "" when no note has one), or the messages
 * call's status.
 */
int desk_decline_reason(struct tcc_session *s, const struct cr_unit_secret *sec, const char *id,
			char *out, size_t cap);

/* Lower-case hex SHA-256 of n bytes into out (65 bytes). */
void desk_sha256_hex(const uint8_t *data, size_t n, char out[65]);

#endif
