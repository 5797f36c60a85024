/*
 * case_requests.h - decoding the inspectors' request bodies (sessions,
 * actions, messages, transfers): untrusted bytes, even from a signed-in
 * inspector, so each decoder is pure, bounded and fuzzed
 * (tests/fuzz/fuzz_inspector.c). The handlers (sessions.c, cases_list.c, case_writes.c) do the rest.
 */
#ifndef TOCAO_CASE_REQUESTS_H
#define TOCAO_CASE_REQUESTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "cr.h"
#include "dm_action.h"
#include "dm_deadline.h"
#include "dm_grounds.h"
#include "dm_units.h"
#include "form.h"
#include "tc_err.h"

#define CASE_NOTE_MAX 10000 /* bytes of an action's note */

/*
 * Every decoder returns TC_OK, or TC_EINVAL (with *why, when it has one,
 * the problem's detail in English) and nothing to free.
 *
 * A request body: a JSON object, guarded (json_guard.h: no NUL, no raw
 * control characters in strings, no \u0000, depth <= 4), with no member
 * given twice. On TC_OK the caller deletes *out.
 */
int case_body_parse(const char *text, size_t len, cJSON **out) TC_WUR;

/* POST /api/v1/sessions {"public_key", "challenge", "signature"} in base64. */
struct session_login_req {
	uint8_t pk[CR_SIGN_PK_BYTES];
	uint8_t challenge[32];
	uint8_t sig[CR_SIG_BYTES];
};
int case_login_decode(const cJSON *root, struct session_login_req *out) TC_WUR;

/*
 * POST /api/v1/cases/{id}/actions {"action", "complexity"?, "criteria"?,
 * "flag"?, "continue_reason"?, "note"?}: criteria an array of the letters
 * of Decree 31/2019 Art. 3(2) ("a", "b", "c", "d", "dd" or "đ", "e", "g"),
 * each at most once; continue_reason one of signs_of_violation, coerced,
 * abusive (withdraw, Art. 33(3)); ground the API name of a decline's legal
 * ground (dm_grounds.h; whether one is needed, and of which track, is the
 * case service's to say). *why: the problem, ground_problem set when it is
 * the ground's (an unknown name).
 */
struct case_action_req {
	enum dm_action action;
	enum dm_decline_ground ground;
	bool ground_problem;
	enum dm_complexity complexity;
	unsigned criteria;
	enum dm_continue_reason continue_reason;
	enum dm_flag flag;
	const char *note; /* points into root; NULL if none */
	size_t note_len;
};
int case_action_decode(const cJSON *root, struct case_action_req *out, const char **why) TC_WUR;

/*
 * POST /api/v1/cases/{id}/notes {"note"}: 1 to CASE_NOTE_MAX bytes of UTF-8
 * text, no other member. *note points into root.
 */
int case_note_decode(const cJSON *root, const char **note, size_t *len, const char **why) TC_WUR;

/*
 * POST /api/v1/cases/{id}/assign {"to"}: an inspector's Ed25519 public key
 * (32 bytes in base64), or null for nobody; no other member.
 */
int case_assign_decode(const cJSON *root, bool *has_to, uint8_t to[CR_SIGN_PK_BYTES],
		       const char **why) TC_WUR;

/*
 * POST /api/v1/cases/{id}/messages {"sealed_for_reporter", "sealed_for_unit",
 * "signature", "day"}: two sealed boxes in base64, each longer than the
 * seal's overhead and at most max bytes; the inspector's Ed25519 signature
 * (base64, 64 bytes) of the signed bytes (cr_unit_message_signed) over
 * this case, the unit, day and sealed_for_reporter; day YYYY-MM-DD. On
 * TC_OK the caller frees both buffers. TC_EINVAL with *why.
 */
struct case_message_req {
	uint8_t *for_reporter, *for_unit;
	size_t for_reporter_len, for_unit_len;
	uint8_t sig[CR_SIG_BYTES];
	dm_day day;
};
int case_message_decode(const cJSON *root, size_t max, struct case_message_req *out,
			const char **why) TC_WUR;

/*
 * POST /api/v1/cases/{id}/transfer {"to_unit", "header", "commitment"}: a
 * known unit, the 96 header bytes for it and the 32-byte commitment (both
 * base64; cr_transfer_offer). The one-step body of before, {"to_unit",
 * "envelope"}, is refused with *why saying so.
 */
struct case_transfer_req {
	const struct dm_unit *to;
	uint8_t header[CR_ENV_HEADER_BYTES];
	uint8_t commitment[CR_HASH_BYTES];
};
int case_transfer_decode(const cJSON *root, struct case_transfer_req *out,
			 const char **why) TC_WUR;

/* POST /api/v1/cases/{id}/transfer/confirm {"proof"}: 32 bytes in base64. */
int case_transfer_confirm_decode(const cJSON *root, uint8_t proof[CR_CK_PROOF_BYTES],
				 const char **why) TC_WUR;

/*
 * GET /api/v1/cases?status=&track=&overdue=true&notices=owed&due_before=&limit=&cursor=&assignee=
 * &include=envelope: the query as parsed by the dispatcher (query_rc its
 * parse's result). TC_EINVAL with *field ("query" for the query as a whole)
 * and *why. A value too long for any valid one is taken as absent, except
 * include's: only "envelope" is known (docs/API.md "Inspectors").
 */
#define CASE_LIST_LIMIT_DEFAULT 50
#define CASE_LIST_LIMIT_MAX 500
struct case_list_query {
	int status, track;           /* enum dm_status, dm_track; 0: any */
	bool overdue;
	bool notices_owed;           /* notices=owed: cases with a notice not recorded as sent */
	dm_day due_before;           /* DM_DAY_NONE: none */
	int limit;
	char cursor[16];             /* with has_cursor */
	bool has_cursor;
	enum { CASE_ASSIGNEE_ANY, CASE_ASSIGNEE_ME, CASE_ASSIGNEE_KEY } assignee;
	uint8_t assignee_pk[CR_SIGN_PK_BYTES]; /* with CASE_ASSIGNEE_KEY */
	bool include_envelope; /* include=envelope: each case's envelope and reporter key */
};
int case_list_query_decode(const struct form *q, int query_rc, struct case_list_query *out,
			   const char **field, const char **why) TC_WUR;
/*
 * The base64 of a page's envelopes stays under this (include=envelope): a
 * page is cut before the case that would pass it, never before its first.
 */
#define CASE_LIST_ENVELOPE_PAGE_BYTES (4u << 20)
/*
 * Whether key is given more than once in the raw query string raw (names
 * compared as sent, before percent-decoding): to name the repeated field of
 * a query the parser refused (FORM_EDUPLICATE).
 */
bool case_query_repeats(const char *raw, const char *key);

/*
 * GET /api/v1/cases/{id}/messages?before=&limit=: before a message's number
 * (1-1,000,000; absent: the newest page), limit 1-50 (default 50); no other
 * key, none repeated. TC_EINVAL with *field (the parameter, or "query") and
 * *why.
 */
#define CASE_MESSAGES_LIMIT_MAX 50
#define CASE_MESSAGES_BEFORE_MAX 1000000
#define CASE_MESSAGES_PAGE_BYTES (512u << 10) /* base64 of the sealed copies */
struct case_messages_query {
	uint32_t before; /* 0: the newest page */
	int limit;
};
int case_messages_query_decode(const struct form *q, int query_rc,
			       struct case_messages_query *out, const char **field,
			       const char **why) TC_WUR;

struct case_notice_send;
/*
 * POST /api/v1/cases/{id}/notices's body into op (kind, sent_on, channel,
 * number): NULL, or the problem to answer with 422 (case_notices_api.c).
 */
const char *case_notice_decode(const cJSON *root, struct case_notice_send *op);

#endif
