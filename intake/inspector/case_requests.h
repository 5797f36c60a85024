/*
 * case_requests.h - decoding the inspectors' request bodies (sessions,
 * actions, messages, transfers): untrusted bytes, even from a signed-in
 * inspector, so each decoder is pure, bounded and fuzzed
 * (tests/fuzz/fuzz_inspector.c). The handlers in cases.c do the rest.
 */
#ifndef TOCAO_CASE_REQUESTS_H
#define TOCAO_CASE_REQUESTS_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "cr.h"
#include "dm_action.h"
#include "dm_deadline.h"
#include "dm_units.h"

#define CASE_NOTE_MAX 10000 /* bytes of an action's note */

/*
 * A request body: a JSON object, guarded (json_guard.h: no NUL, no raw
 * control characters in strings, no \u0000, depth <= 4), with no member
 * given twice. NULL when it is not.
 */
cJSON *case_body_parse(const char *text, size_t len);

/* POST /api/v1/sessions {"public_key", "challenge", "signature"} in base64. */
struct session_login_req {
	uint8_t pk[CR_SIGN_PK_BYTES];
	uint8_t challenge[32];
	uint8_t sig[CR_SIG_BYTES];
};
int case_login_decode(const cJSON *root, struct session_login_req *out); /* 0, or -1 */

/* POST /api/v1/cases/{id}/actions {"action", "complexity"?, "flag"?, "note"?}. */
struct case_action_req {
	enum dm_action action;
	enum dm_complexity complexity;
	enum dm_flag flag;
	const char *note; /* points into root; NULL if none */
	size_t note_len;
};
/* NULL when well formed, else what is wrong (English, for the problem's detail). */
const char *case_action_decode(const cJSON *root, struct case_action_req *out);

/*
 * POST /api/v1/cases/{id}/messages {"sealed_for_reporter", "sealed_for_unit"}:
 * two sealed boxes in base64, each longer than the seal's overhead and at
 * most max bytes. On 0 the caller frees both buffers; -1 leaves none.
 */
struct case_message_req {
	uint8_t *for_reporter, *for_unit;
	size_t for_reporter_len, for_unit_len;
};
int case_message_decode(const cJSON *root, size_t max, struct case_message_req *out);

/*
 * POST /api/v1/cases/{id}/transfer {"to_unit", "envelope"}: a known unit
 * and the case's envelope re-sealed for it (base64, at most max bytes).
 * NULL when well formed (the caller frees out->envelope), else the problem.
 */
struct case_transfer_req {
	const struct dm_unit *to;
	uint8_t *envelope;
	size_t envelope_len;
};
const char *case_transfer_decode(const cJSON *root, size_t max, struct case_transfer_req *out);

#endif
