/*
 * tc_client.h - the inspectors' client library: one copy of the API calls
 * and of the decryption on the inspector's machine, shared by `tocao cases`
 * and the desk to come. Portable C; what depends on the operating system is
 * in tc_platform.c. It never prints: answers and reasons come back in a
 * struct tcc_result.
 *
 * The server sees sealed bytes only: envelopes are opened here, replies are
 * sealed and signed here, transfers re-seal only the content key here.
 */
#ifndef TOCAO_TC_CLIENT_H
#define TOCAO_TC_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "cr.h"

/* ---- Connection settings: command line over environment over file ---- */

#define TCC_CONF_VALUE_MAX 1024

/* The four connection settings; "" when not given. */
struct tcc_conf {
	char server[TCC_CONF_VALUE_MAX];   /* server = https://host[:port]   TOCAO_SERVER */
	char cacert[TCC_CONF_VALUE_MAX];   /* cacert = FILE                  TOCAO_CACERT */
	char identity[TCC_CONF_VALUE_MAX]; /* identity = INSPECTOR.key       TOCAO_IDENTITY */
	char unit_key[TCC_CONF_VALUE_MAX]; /* unit_key = UNIT.key            TOCAO_UNIT_KEY */
};

/*
 * Parse a client.conf ("key = value" lines, '#' comments; keys server,
 * cacert, identity, unit_key). 0, or -1 with err naming the line.
 */
int tcc_conf_parse(const char *text, size_t len, struct tcc_conf *out, char *err, size_t err_cap);
/* The settings from TOCAO_SERVER, TOCAO_CACERT, TOCAO_IDENTITY, TOCAO_UNIT_KEY. */
void tcc_conf_from_env(struct tcc_conf *out);
/*
 * The user's client.conf (tc_platform.h), or path when not NULL. 0 (also
 * when the default file does not exist), -1 with err on a bad file.
 */
int tcc_conf_load(const char *path, struct tcc_conf *out, char *err, size_t err_cap);
/* out = each setting from the first of a, b, c that has it (a wins). */
void tcc_conf_merge(struct tcc_conf *out, const struct tcc_conf *a, const struct tcc_conf *b,
		    const struct tcc_conf *c);

/* ---- Session ---- */

struct tcc_session;

/* One answer: the HTTP status (or -1: no answer, see error) and its parsed JSON. */
struct tcc_result {
	int status;
	cJSON *doc;       /* the answer's JSON, or NULL; tcc_result_free deletes it */
	char error[256];  /* why there was no answer, when status is -1 */
};
void tcc_result_free(struct tcc_result *r);
/* A failed answer's problem detail (or title), or its transport error; never NULL. */
const char *tcc_problem(const struct tcc_result *r);

/* A session for conf (copied; server and identity needed). NULL when out of memory. */
struct tcc_session *tcc_session_new(const struct tcc_conf *conf);
/* Sign out of nothing: wipes the token and frees the session. */
void tcc_session_free(struct tcc_session *s);
/*
 * Load (and, for a protected file, unlock with the passphrase source the
 * program installed) the session's identity, once; tcc_signin calls it
 * before any network, so a passphrase is asked at most once per session.
 * On failure *err says why.
 */
int tcc_session_unlock(struct tcc_session *s, char *err, size_t cap) TC_WUR;

/*
 * The unit's secret key from path: a key wrapped for this inspector opens
 * with the identity (unlocked once, as above: no second passphrase); a
 * unit key file of its own asks for its own passphrase. On failure *err
 * says why.
 */
int tcc_session_unit_key(struct tcc_session *s, const char *path, struct cr_unit_secret **out,
			 char *err, size_t cap) TC_WUR;

/*
 * Sign in by a signed challenge with the identity (docs/API.md
 * "Sessions"). Returns the HTTP status of the sign-in (201 on success) or
 * -1. Every call below signs in first when needed, and once more when the
 * daemon answers 401 (the session expired or was ended).
 */
int tcc_signin(struct tcc_session *s, struct tcc_result *r);
/* The settings the session was made with. */
const struct tcc_conf *tcc_session_conf(const struct tcc_session *s);
/* The session's token ("" before sign-in): a monitor's page takes it. */
const char *tcc_token(const struct tcc_session *s);
/* How many sign-ins this session made (1 + the 401s it recovered from). */
int tcc_signins(const struct tcc_session *s);
/* One JSON request (body may be NULL; not consumed). Returns the status, or -1. */
int tcc_call(struct tcc_session *s, const char *method, const char *path, const cJSON *body,
	     struct tcc_result *r);
/* tcc_call with an Idempotency-Key header (16-255 visible ASCII characters). */
int tcc_call_idem(struct tcc_session *s, const char *method, const char *path,
		  const cJSON *body, const char *idem, struct tcc_result *r);

/* Bytes of an answer that is no JSON (a sealed attachment); malloc'd. */
struct tcc_blob {
	uint8_t *data;
	size_t len;
};
void tcc_blob_free(struct tcc_blob *b);
/*
 * One GET whose 200 answer is bytes: they go to *blob (the caller frees
 * it); any other answer's JSON to r->doc. Returns the status, or -1.
 */
int tcc_get_bytes(struct tcc_session *s, const char *path, struct tcc_blob *blob,
		  struct tcc_result *r);

/* ---- The inspectors' API, one function per call ---- */

/* GET /api/v1/cases filters; NULL or 0 when not given. */
struct tcc_list_query {
	const char *status, *track, *due_before;
	const char *assignee; /* "me" or an inspector's public key in base64 */
	int overdue; /* 1: overdue=true */
	int notices_owed; /* 1: notices=owed, a notice not recorded as sent */
	int limit;   /* 1-500; 0: the server's default */
	/*
	 * 1: include=envelope, each case with its "envelope" (base64; a
	 * confidential reporter's identity stripped; open with tcc_open_case)
	 * and "reporter_public_key"; pages are then also cut at 4 MiB of
	 * envelopes, and every envelope's fetch is audited.
	 */
	int include_envelope;
};
/* One page; cursor NULL for the first. The answer has cases and next_cursor. */
int tcc_cases_page(struct tcc_session *s, const struct tcc_list_query *q, const char *cursor,
		   struct tcc_result *r);
/*
 * Every page, following next_cursor to the end: *cases gets one array of
 * all the cases (the caller deletes it), *pages how many pages it took.
 * 200, or the status of the page that failed (r holds it), or -1.
 */
int tcc_cases_all(struct tcc_session *s, const struct tcc_list_query *q, cJSON **cases,
		  int *pages, struct tcc_result *r);
/* GET /api/v1/cases/{id}: the case, its envelope, attachments' sizes, timeline. */
int tcc_case_show(struct tcc_session *s, const char *id, struct tcc_result *r);
/*
 * GET /api/v1/cases/{id}/attachments/{n}: attachment n's sealed blob into
 * *blob (open it with tcc_open_attachment). 200, 404 past the last.
 */
int tcc_case_attachment(struct tcc_session *s, const char *id, unsigned n, struct tcc_blob *blob,
			struct tcc_result *r);
/*
 * GET /api/v1/cases/{id}/messages: a page of the conversation, oldest
 * first, each message's unit copy sealed (tcc_open_message); before 0 for
 * the newest page, else the "older" cursor of the page after.
 */
int tcc_case_messages(struct tcc_session *s, const char *id, uint32_t before,
		      struct tcc_result *page);
/*
 * Every page, from the newest back: *messages one array of them all, oldest
 * first (the caller deletes it). 200, or the failed page's status, or -1.
 */
int tcc_case_messages_all(struct tcc_session *s, const char *id, cJSON **messages,
			  struct tcc_result *r);
/* POST /api/v1/cases/{id}/identity: the whole envelope; the reveal is recorded. */
int tcc_case_reveal(struct tcc_session *s, const char *id, struct tcc_result *r);

/* An action's arguments; NULL when not given. criteria: "a,dd,g". */
struct tcc_action {
	const char *action, *complexity, *criteria, *flag, *continue_reason, *note;
	const char *ground; /* decline: the API name of its legal ground (docs/API.md) */
};
/* POST /api/v1/cases/{id}/actions. */
int tcc_case_act(struct tcc_session *s, const char *id, const struct tcc_action *a,
		 struct tcc_result *r);
/* GET /api/v1/cases/{id}/audit: the audit entries naming the case, oldest first. 200. */
int tcc_case_audit(struct tcc_session *s, const char *id, struct tcc_result *r);
/* POST /api/v1/cases/{id}/notices {kind, sent_on, channel, number?}: a notice sent. 200. */
int tcc_case_notice(struct tcc_session *s, const char *id, const char *kind, const char *sent_on,
		    const char *channel, const char *number, struct tcc_result *r);
/* POST /api/v1/cases/{id}/assign: to the inspector whose public key is pk; NULL: nobody. 200. */
int tcc_case_assign(struct tcc_session *s, const char *id, const uint8_t *pk,
		    struct tcc_result *r);
/* The identity's public key (after tcc_session_unlock or a sign-in); TC_ESTATE before. */
int tcc_my_key(const struct tcc_session *s, uint8_t pk[CR_SIGN_PK_BYTES]);
/*
 * POST /api/v1/cases/{id}/notes: an internal note; the daemon seals it to
 * the unit's key (as an action's note). 201.
 */
int tcc_case_note(struct tcc_session *s, const char *id, const char *text, struct tcc_result *r);
/*
 * POST /api/v1/cases/{id}/messages: text sealed here to the reporter's key
 * (from the case) and to unit, and signed with the identity for today.
 * 201 on success; -1 with r->error when sealing or signing failed.
 */
int tcc_case_reply(struct tcc_session *s, const char *id, const struct cr_unit_pub *unit,
		   const char *text, struct tcc_result *r);
/* Step 1 of a transfer: the content key re-sealed to `to` (a key the unit trusts). 202. */
int tcc_transfer_offer(struct tcc_session *s, const char *id, const struct cr_unit_secret *sec,
		       const struct cr_unit_pub *to, struct tcc_result *r);
/* Step 2: open the offer with sec, prove it, take the case. 200. */
int tcc_transfer_receive(struct tcc_session *s, const char *id, const struct cr_unit_secret *sec,
			 struct tcc_result *r);
/* DELETE the offer (either unit). 204. */
int tcc_transfer_cancel(struct tcc_session *s, const char *id, struct tcc_result *r);
/* GET /api/v1/transfers: incoming and outgoing offers. */
int tcc_transfers(struct tcc_session *s, struct tcc_result *r);
/* GET /api/v1/transfers/sent: the unit's register of the cases it transferred. */
int tcc_transfers_sent(struct tcc_session *s, struct tcc_result *r);

/*
 * POST /api/v1/reception: a reception entry (docs/API.md "Reception
 * entries"), its envelope and attachments already sealed here to the
 * competent unit's key. 201 with the case id and the citizen's receipt.
 */
int tcc_reception(struct tcc_session *s, const cJSON *entry, struct tcc_result *r);
/*
 * The same with an Idempotency-Key: the same entry sent again with the same
 * key (a retry, a form sent twice) answers the first case's 201, no second case.
 */
int tcc_reception_idem(struct tcc_session *s, const cJSON *entry, const char *idem,
		       struct tcc_result *r);

/* ---- Decryption on the inspector's machine ---- */

/*
 * Open a case's envelope (the "envelope" member of a show or reveal
 * answer): *body the report, *ident the identity when the envelope holds it
 * (NULL otherwise). TC_OK or a TC_E code.
 */
int tcc_open_case(const cJSON *case_doc, const struct cr_unit_secret *sec, cJSON **body,
		  cJSON **ident);
/* A base64 text sealed to the unit (its copy of a reply, a note): malloc'd, NUL-terminated. */
int tcc_open_unit_text(const char *b64, const struct cr_unit_secret *sec, char **text);
/* An attachment blob of a case whose envelope (base64) is env_b64. */
int tcc_open_attachment(const char *env_b64, const uint8_t *blob, size_t blob_len,
			const struct cr_unit_secret *sec, unsigned *index, uint8_t **data,
			size_t *len);

/* A file of a reporter's message, opened: its index in the message's list. */
struct tcc_file {
	unsigned index;
	uint8_t *data;
	size_t len;
};
/* A message opened: its text and, for a reporter's, its body and files. */
struct tcc_message {
	char *text;
	cJSON *body;             /* a reporter's {"text", "attachments": [...]}, or NULL */
	struct tcc_file *files;
	size_t n_files;
};
/*
 * A message's unit copy (raw sealed bytes, the "for_unit" of a messages
 * page or an export) from "reporter", "unit" or "note": a reporter's is an
 * envelope of its own and its files (docs/FORMAT.md "Messages"), the unit's
 * and notes' a text sealed to the unit. On TC_OK free out with
 * tcc_message_free.
 */
int tcc_open_message(const char *from, const uint8_t *sealed, size_t len,
		     const struct cr_unit_secret *sec, struct tcc_message *out);
void tcc_message_free(struct tcc_message *m);
/* A string member ("name", "content_type") of attachment index in a body's list; "" if none. */
const char *tcc_file_meta(const cJSON *body, unsigned index, const char *member);

/* ---- Pure helpers ---- */

/* A case's next legal deadline (the earliest of "deadlines"), "" when none. */
const char *tcc_next_deadline(const cJSON *c);
/* Sort an array of cases: overdue first (most days first), then by next deadline, then id. */
void tcc_sort_by_deadline(cJSON *cases);
/* base64 of n bytes (malloc'd) / base64 text decoded (malloc'd, *len set); NULL on failure. */
char *tcc_b64(const uint8_t *data, size_t n);
uint8_t *tcc_unb64(const char *s, size_t *len);

#endif
