/*
 * followup.h - what a reporter can do with the receipt alone (docs/API.md
 * "Follow-up with the receipt"): see the case's status, deadlines and
 * messages, a page at a time, and write to the unit. Shared by the JSON API
 * and the HTML pages.
 *
 * The receipt is looked up by keyed hash; the reporter's key pair is
 * derived from it for the moment it takes to open the unit's messages,
 * then wiped. A wrong receipt costs the same work as a right one (a key
 * derivation and a lookup) and is charged to the source's rate limit.
 * Opening the messages is the follow-up worker's (quota.h), never the
 * event loop's: a page is planned from the stored lengths, its memory
 * reserved, then decrypted off the loop, and answered on it.
 */
#ifndef TOCAO_FOLLOWUP_H
#define TOCAO_FOLLOWUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "cr.h"
#include "lang.h"
#include "store.h"
#include "submit.h"

struct server;
struct evhttp_request;

#define FOLLOWUP_TEXT_MAX 20000 /* characters in one message */

/* What the signature of a message shown says (docs/API.md "Follow-up"). */
enum followup_sig {
	FOLLOWUP_SIG_NONE = 0,           /* the reporter's own message */
	FOLLOWUP_SIG_SIGNED = 1,         /* signed by a current inspector of the unit */
	FOLLOWUP_SIG_SIGNED_REVOKED = 2, /* signed by an inspector whose key was since revoked */
	FOLLOWUP_SIG_UNSIGNED_BEFORE = 3, /* stored before unit messages were signed */
};

struct followup_message {
	uint8_t from;   /* enum store_msg_from (a signed unit message reads STORE_MSG_FROM_UNIT) */
	int32_t day;
	uint32_t seq;   /* its number in the case's conversation */
	char *text;     /* decrypted, wipe_free()d by followup_case_free */
	uint8_t signature; /* enum followup_sig */
};

/*
 * A stored message as the reporter may see it: a signed unit message is
 * checked (cr_signed_message_check against the daemon's principals and the
 * server key) and rewritten in *m to its sealed box, from
 * STORE_MSG_FROM_UNIT; *trust says what was found. TC_ECRYPTO for a unit
 * message that no inspector signed: never shown.
 */
/* "signed", "signed_revoked", "unsigned_before_signatures"; NULL for FOLLOWUP_SIG_NONE. */
const char *followup_sig_name(uint8_t sig);
int followup_unit_message(const struct server *srv, const char *case_id, struct store_message *m,
			  uint8_t *trust) TC_WUR;

struct followup_case {
	char receipt[CR_RECEIPT_LEN + 1]; /* normalised; wiped on free */
	struct store_case rec;
	struct followup_message *msgs;    /* one page, oldest first */
	size_t n_msgs;
	uint32_t older;                   /* the cursor of the page before; 0: none */
};

/*
 * Look the receipt up (no message is read): TC_OK; TC_ENOENT for a
 * receipt that opens no case (401, a neutral message); TC_EBUSY when the
 * source tried too many (429, *retry_after_s set); another error when the
 * store failed (503).
 */
int followup_open(struct server *srv, struct evhttp_request *req, const char *receipt,
		  size_t len, struct followup_case *out, int *retry_after_s) TC_WUR;
void followup_case_free(struct followup_case *fc);

/*
 * Read one page of fc's conversation: the newest messages with a number
 * below `before` (0: the newest of all), at most the page's messages and
 * escaped bytes (citizen.h), then done(ctx, rc, fc) on req's loop, with
 * fc->msgs and fc->older filled (rc TC_OK) or not (TC_EIO). fc is moved
 * into the read (the caller's copy is wiped; free it all the same) and
 * freed after done. The caller has applied quota_read_admit (quota.h). At
 * once, with nothing queued and done not to run: TC_ENOMEM when the memory
 * the page needs is not there now, or the worker is missing (503,
 * *retry_after_s).
 */
typedef void (*followup_read_fn)(void *ctx, int rc, const struct followup_case *fc);
int followup_read_start(struct server *srv, struct evhttp_request *req,
			struct followup_case *fc, uint32_t before, followup_read_fn done,
			void *ctx, int *retry_after_s) TC_WUR;

/*
 * Queue a message from the reporter (text, optional files; `request` the
 * request's size) on the opened case, after the quotas (quota.h): the case
 * service's case_reporter_message through pending.h, so it counts in
 * flight; done(arg, rc) runs on the loop thread once it is durable (rc 0)
 * or failed (TC_EBUSY: the case's daily share, TC_ERANGE: its share in
 * all, TC_EFULL: the store). At once: TC_EINVAL for an empty or too long
 * text; TC_EBUSY over a rate or the case's daily share (429,
 * *retry_after_s); TC_ERANGE over the case's share in all (409); TC_EFULL
 * above the reserve kept for new reports (503, *retry_after_s).
 */
typedef void (*followup_done_fn)(void *arg, int rc);
int followup_post(struct server *srv, struct evhttp_request *req,
		  const struct followup_case *fc, const char *text,
		  const struct submit_file *files, size_t n_files, size_t request,
		  const uint8_t *once, followup_done_fn done, void *arg,
		  int *retry_after_s) TC_WUR;

/*
 * Decode a follow-up API body: {"receipt": string[, "before": cursor]} or,
 * with_text, exactly {"receipt": string, "text": string}. TC_EINVAL
 * otherwise; *root is the parsed tree (the caller deletes it), *before the
 * cursor (0 without). Pure; fuzzed (tests/fuzz/fuzz_followup.c).
 */
int followup_body_decode(const char *text, size_t len, bool with_text, cJSON **root,
			 uint32_t *before) TC_WUR;
/*
 * Decode a cursor as the pages send it (a form field): 1 to 9 decimal
 * digits, no sign or space, 1..FOLLOWUP_CURSOR_MAX. TC_EINVAL otherwise. Pure; fuzzed.
 */
int followup_cursor_decode(const char *s, size_t len, uint32_t *before) TC_WUR;
#define FOLLOWUP_CURSOR_MAX 1000000u

#endif
