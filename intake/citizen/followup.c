/*
 * followup.c - what a reporter can do with the receipt (followup.h): look
 * the case up, and write to the unit (reading is followup_read.c's).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/keyvalq_struct.h>
#include <event2/http.h>

#include "dm_deadline.h"
#include "dm_units.h"
#include "cr_principal.h"
#include "followup.h"
#include "json_guard.h"
#include "log.h"
#include "connlimit.h"
#include "ratelimit.h"
#include "tc_clock.h"
#include "server_internal.h"
#include "wipe_alloc.h"
#include "quota.h"

const char *followup_sig_name(uint8_t sig)
{
	switch (sig) {
	case FOLLOWUP_SIG_SIGNED: return "signed";
	case FOLLOWUP_SIG_SIGNED_REVOKED: return "signed_revoked";
	case FOLLOWUP_SIG_UNSIGNED_BEFORE: return "unsigned_before_signatures";
	default: return NULL;
	}
}

int followup_unit_message(const struct server *srv, const char *case_id, struct store_message *m,
			  uint8_t *trust)
{
	struct cr_signed_message sm;
	*trust = FOLLOWUP_SIG_NONE;
	if (m->from == STORE_MSG_FROM_UNIT) {
		*trust = FOLLOWUP_SIG_UNSIGNED_BEFORE;
		return TC_OK;
	}
	if (m->from != STORE_MSG_FROM_UNIT_SIGNED)
		return TC_OK;
	/* The inspectors in force now: one added or revoked by a SIGHUP counts at once. */
	struct principal *now = NULL;
	size_t n_now = 0;
	if (auth_principals_now(srv->auth, &now, &n_now) != TC_OK)
		return TC_ENOMEM;
	enum cr_msg_trust t = cr_signed_message_check(srv->deps.server_key, now, n_now, case_id,
						      m->day, m->for_reporter, m->for_reporter_len,
						      &sm);
	free(now);
	if (t == CR_MSG_FORGED)
		return TC_ECRYPTO;
	*trust = t == CR_MSG_SIGNED ? FOLLOWUP_SIG_SIGNED : FOLLOWUP_SIG_SIGNED_REVOKED;
	m->from = STORE_MSG_FROM_UNIT;
	m->for_reporter = sm.sealed;
	m->for_reporter_len = sm.sealed_len;
	return TC_OK;
}

int followup_open(struct server *srv, struct evhttp_request *req, const char *receipt,
		  size_t len, struct followup_case *out, int *retry_after_s)
{
	memset(out, 0, sizeof(*out));
	uint8_t hash[CR_HASH_BYTES], pk[CR_PK_BYTES];
	double now = tc_monotonic_now();
	/*
	 * The connection's source, hashed once when it was accepted (never the
	 * address itself); NULL on a Tor listener, where the overall bucket alone
	 * means anything.
	 */
	const uint8_t *source = connlimit_source(srv->conns, evhttp_request_get_connection(req));
	if (!ratelimit_check(srv->followup_limit, source, now, false, retry_after_s))
		return TC_EBUSY;

	/*
	 * The same work whatever the receipt: normalise (a malformed one is
	 * replaced by a fixed stand-in), derive the key pair, look up the hash.
	 */
	int valid = cr_receipt_normalize(receipt, len, out->receipt) == TC_OK;
	if (!valid)
		memcpy(out->receipt, "0000-0000-0000-0000-0000", CR_RECEIPT_LEN + 1);
	cr_reporter_pk(out->receipt, pk);
	cr_keyed_hash(srv->deps.server_key, "receipt", (const uint8_t *)out->receipt,
		      CR_RECEIPT_LEN, hash);
	struct store_txn *t = NULL;
	char case_id[CR_CASE_ID_LEN + 1];
	int rc = store_read_begin(srv->deps.store, &t);
	int found = rc == TC_OK && store_receipt_find(t, hash, case_id) == TC_OK;
	if (!valid || !found || store_case_get(t, case_id, &out->rec) != TC_OK ||
	    memcmp(out->rec.reporter_pk, pk, CR_PK_BYTES) != 0) {
		store_read_end(t);
		ratelimit_check(srv->followup_limit, source, now, true, retry_after_s);
		followup_case_free(out);
		return rc == TC_OK ? TC_ENOENT : TC_EIO;
	}
	store_read_end(t);
	return TC_OK;
}

void followup_case_free(struct followup_case *fc)
{
	for (size_t i = 0; i < fc->n_msgs; i++)
		wipe_free(fc->msgs[i].text);
	free(fc->msgs);
	explicit_bzero(fc, sizeof(*fc));
}

/* ---- A message from the reporter ---- */

struct post_write {
	struct pending p; /* first: the write and its answer */
	struct case_message op;
	uint8_t *for_reporter, *for_unit;
	followup_done_fn done;
	void *arg;
	size_t stored; /* counted as queued (quota.h) until durable */
	uint8_t once[CR_HASH_BYTES]; /* the web form's token hash, when op.once */
};

static void post_complete(struct pending *p, int rc)
{
	struct post_write *pw = (struct post_write *)p;
	quota_post_done(pw->stored);
	pw->done(pw->arg, rc);
	free(pw->for_reporter);
	free(pw->for_unit);
	free(pw);
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * The unit's copy (docs/FORMAT.md "Messages"): an envelope of its own
 * (fresh content key) whose body is {"v":1,"text":..,"attachments":[..]},
 * followed by the attachments it seals: u32 envelope length, envelope,
 * u16 count, then per attachment u32 length and the blob.
 */
static int seal_for_unit(const struct cr_unit_pub *unit, const char *case_id, const char *text,
			 const struct submit_file *files, size_t n_files, uint8_t **out,
			 size_t *out_len)
{
	cJSON *body = cJSON_CreateObject();
	cJSON *list = NULL;
	char *json = NULL;
	uint8_t *env = NULL, *bundle = NULL;
	size_t env_len = 0;
	struct cr_attachment atts[CR_ATTACHMENTS_MAX];
	int rc = TC_ENOMEM;
	memset(atts, 0, sizeof(atts));
	if (body == NULL || !cJSON_AddNumberToObject(body, "v", 1) ||
	    !cJSON_AddStringToObject(body, "text", text) ||
	    (n_files && (list = cJSON_AddArrayToObject(body, "attachments")) == NULL))
		goto out;
	for (size_t i = 0; i < n_files; i++) {
		cJSON *a = cJSON_CreateObject();
		if (a == NULL || !cJSON_AddNumberToObject(a, "index", (double)i) ||
		    !cJSON_AddStringToObject(a, "name", files[i].name) ||
		    !cJSON_AddStringToObject(a, "content_type", files[i].content_type) ||
		    !cJSON_AddNumberToObject(a, "size", (double)files[i].len)) {
			cJSON_Delete(a);
			goto out;
		}
		cJSON_AddItemToArray(list, a);
		atts[i] = (struct cr_attachment){.data = files[i].data, .len = files[i].len};
	}
	json = cJSON_PrintUnformatted(body);
	if (json == NULL)
		goto out;
	struct cr_envelope_params p = {.case_id = case_id, .unit = unit,
				       .body = (const uint8_t *)json, .body_len = strlen(json),
				       .attachments = atts, .n_attachments = n_files};
	rc = cr_envelope_seal(&p, &env, &env_len);
	if (rc != TC_OK)
		goto out;
	size_t len = 4 + env_len + 2;
	for (size_t i = 0; i < n_files; i++)
		len += 4 + atts[i].sealed_len;
	bundle = malloc(len);
	rc = TC_ENOMEM;
	if (bundle == NULL)
		goto out;
	put_be32(bundle, (uint32_t)env_len);
	memcpy(bundle + 4, env, env_len);
	size_t off = 4 + env_len;
	bundle[off] = (uint8_t)(n_files >> 8);
	bundle[off + 1] = (uint8_t)n_files;
	off += 2;
	for (size_t i = 0; i < n_files; i++) {
		put_be32(bundle + off, (uint32_t)atts[i].sealed_len);
		memcpy(bundle + off + 4, atts[i].sealed, atts[i].sealed_len);
		off += 4 + atts[i].sealed_len;
	}
	*out = bundle;
	*out_len = len;
	bundle = NULL;
	rc = TC_OK;
out:
	for (size_t i = 0; i < n_files; i++)
		free(atts[i].sealed);
	free(env);
	free(bundle);
	wipe_free(json);
	cJSON_Delete(body);
	return rc;
}

/* The quotas' verdict as followup_post's code (followup.h). */
static int post_verdict(enum quota_verdict v)
{
	switch (v) {
	case QUOTA_OK: return TC_OK;
	case QUOTA_RATE:
	case QUOTA_CASE_DAY: return TC_EBUSY;
	case QUOTA_CASE_TOTAL: return TC_ERANGE;
	case QUOTA_RESERVE: return TC_EFULL;
	case QUOTA_ERROR: break;
	}
	return TC_EIO;
}

/* The unit's public key for the case, or NULL. */
static const struct cr_unit_pub *unit_key(const struct server *srv, const char *unit)
{
	const struct dm_unit *u = dm_unit_find(unit);
	for (size_t i = 0; u && i < dm_unit_count(); i++)
		if (dm_unit_at(i) == u)
			return srv->deps.unit_keys[i];
	return NULL;
}

int followup_post(struct server *srv, struct evhttp_request *req,
		  const struct followup_case *fc, const char *text,
		  const struct submit_file *files, size_t n_files, size_t request,
		  const uint8_t *once, followup_done_fn done, void *arg, int *retry_after_s)
{
	size_t len = strlen(text);
	size_t chars = utf8_length(text, len);
	if (!utf8_is_valid(text, len) || chars == 0 || chars > FOLLOWUP_TEXT_MAX)
		return TC_EINVAL;
	const struct cr_unit_pub *pub = unit_key(srv, fc->rec.unit);
	if (pub == NULL)
		return TC_ENOENT;
	/* What it will store, at least: its text and files (sealing adds a little). */
	size_t stored = len;
	for (size_t i = 0; i < n_files; i++)
		stored += files[i].len;
	int rc = post_verdict(quota_post_admit(srv, req, fc->rec.case_id, stored, request,
					       retry_after_s));
	if (rc != TC_OK)
		return rc;
	struct post_write *pw = calloc(1, sizeof(*pw));
	if (pw == NULL) {
		quota_post_done(stored);
		return TC_ENOMEM;
	}
	pw->stored = stored;
	rc = TC_ENOMEM;
	size_t unit_len = 0;
	pw->for_reporter = malloc(len + CR_SEAL_OVERHEAD);
	if (pw->for_reporter == NULL)
		goto fail;
	/* The reporter's own copy, readable with the receipt. */
	rc = cr_seal_to(fc->rec.reporter_pk, (const uint8_t *)text, len, pw->for_reporter);
	if (rc == TC_OK)
		rc = seal_for_unit(pub, fc->rec.case_id, text, files, n_files, &pw->for_unit,
				   &unit_len);
	if (rc != TC_OK)
		goto fail;
	pw->op = (struct case_message){.who.today = dm_day_from_unix((int64_t)time(NULL)),
				       .for_reporter = pw->for_reporter,
				       .for_reporter_len = len + CR_SEAL_OVERHEAD,
				       .for_unit = pw->for_unit, .for_unit_len = unit_len,
				       .limits = quota_case_limits()};
	if (once) {
		memcpy(pw->once, once, sizeof(pw->once));
		pw->op.once = pw->once;
	}
	memcpy(pw->op.who.case_id, fc->rec.case_id, sizeof(pw->op.who.case_id));
	pw->done = done;
	pw->arg = arg;
	rc = pending_submit(&pw->p, srv, server_pending_loop(srv, NULL),
			     NULL, LANG_VI, CASE_OP_REPORTER_MESSAGE, &pw->op,
			    post_complete);
	if (rc == TC_OK)
		return TC_OK;
fail:
	quota_post_done(stored);
	free(pw->for_reporter);
	free(pw->for_unit);
	free(pw);
	return rc;
}
