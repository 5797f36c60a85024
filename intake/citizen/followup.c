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
#include "followup.h"
#include "json_guard.h"
#include "log.h"
#include "connlimit.h"
#include "ratelimit.h"
#include "tc_clock.h"
#include "server_internal.h"
#include "wipe_alloc.h"

struct load_ctx {
	struct followup_case *fc;
	size_t cap;
	int rc;
};

static int load_message(uint32_t seq, const struct store_message *m, void *arg)
{
	struct load_ctx *lc = arg;
	struct followup_case *fc = lc->fc;
	(void)seq;
	if (m->from == STORE_MSG_NOTE || m->for_reporter_len <= CR_SEAL_OVERHEAD)
		return 0; /* nothing for the reporter in this one (an internal note) */
	if (fc->n_msgs == lc->cap) {
		size_t cap = lc->cap ? lc->cap * 2 : 8;
		void *p = realloc(fc->msgs, cap * sizeof(*fc->msgs));
		if (p == NULL) {
			lc->rc = TC_ENOMEM;
			return 1;
		}
		fc->msgs = p;
		lc->cap = cap;
	}
	size_t n = m->for_reporter_len - CR_SEAL_OVERHEAD;
	char *text = wipe_malloc(n + 1);
	if (text == NULL) {
		lc->rc = TC_ENOMEM;
		return 1;
	}
	if (cr_reporter_open(fc->receipt, m->for_reporter, m->for_reporter_len,
			     (uint8_t *)text) != TC_OK) {
		/* Sealed to another key: not this reporter's to read. */
		wipe_free(text);
		return 0;
	}
	text[n] = '\0';
	fc->msgs[fc->n_msgs++] = (struct followup_message){.from = m->from, .day = m->day,
							   .text = text};
	return 0;
}

enum followup_outcome followup_load(struct server *srv, struct evhttp_request *req,
				    const char *receipt, size_t len, struct followup_case *out,
				    int *retry_after_s)
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
		return FOLLOWUP_LIMITED;

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
		return rc == TC_OK ? FOLLOWUP_BAD_RECEIPT : FOLLOWUP_FAILED;
	}
	struct load_ctx lc = {.fc = out};
	rc = store_messages(t, case_id, load_message, &lc);
	store_read_end(t);
	if (rc == TC_OK)
		rc = lc.rc;
	if (rc != TC_OK) {
		log_msg(LOG_ERR, "follow-up: reading messages failed: %s", tc_strerror(rc));
		followup_case_free(out);
		return FOLLOWUP_FAILED;
	}
	return FOLLOWUP_OK;
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
	struct store_write w;
	struct event *ev;
	char case_id[CR_CASE_ID_LEN + 1];
	struct store_message m;
	uint8_t *for_reporter, *for_unit;
	int rc;
	followup_done_fn done;
	void *arg;
};

static int apply_post(struct store_txn *txn, struct store_write *w)
{
	struct post_write *pw = w->arg;
	uint32_t seq;
	int rc = store_message_append(txn, pw->case_id, &pw->m, &seq);
	if (rc == TC_OK)
		rc = store_event_append(txn, pw->case_id, pw->m.day, EVENT_MESSAGE_REPORTER, NULL);
	return rc;
}

static void post_durable(struct store_write *w, int rc)
{
	struct post_write *pw = w->arg;
	pw->rc = rc;
	event_active(pw->ev, EV_WRITE, 0);
}

static void post_complete(evutil_socket_t fd, short what, void *arg)
{
	struct post_write *pw = arg;
	(void)fd;
	(void)what;
	pw->done(pw->arg, pw->rc);
	event_free(pw->ev);
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

int followup_post(struct server *srv, const struct followup_case *fc, const char *text,
		  const struct submit_file *files, size_t n_files, followup_done_fn done, void *arg)
{
	size_t len = strlen(text);
	size_t chars = utf8_length(text, len);
	if (!utf8_is_valid(text, len) || chars == 0 || chars > FOLLOWUP_TEXT_MAX)
		return TC_EINVAL;
	const struct dm_unit *u = dm_unit_find(fc->rec.unit);
	const struct cr_unit_pub *pub = NULL;
	for (size_t i = 0; u && i < dm_unit_count(); i++)
		if (dm_unit_at(i) == u)
			pub = srv->deps.unit_keys[i];
	if (pub == NULL)
		return TC_ENOENT;
	struct post_write *pw = calloc(1, sizeof(*pw));
	if (pw == NULL)
		return TC_ENOMEM;
	int rc = TC_ENOMEM;
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
	memcpy(pw->case_id, fc->rec.case_id, sizeof(pw->case_id));
	pw->m = (struct store_message){
		.from = STORE_MSG_FROM_REPORTER,
		.day = dm_day_from_unix((int64_t)time(NULL)),
		.for_reporter = pw->for_reporter,
		.for_reporter_len = len + CR_SEAL_OVERHEAD,
		.for_unit = pw->for_unit,
		.for_unit_len = unit_len,
	};
	pw->done = done;
	pw->arg = arg;
	pw->ev = event_new(server_loop_current(srv)->base, -1, 0, post_complete, pw);
	rc = TC_ENOMEM;
	if (pw->ev == NULL)
		goto fail;
	pw->w = (struct store_write){.apply = apply_post, .done = post_durable, .arg = pw};
	rc = store_submit(srv->deps.store, &pw->w);
	if (rc != TC_OK)
		goto fail;
	return TC_OK;
fail:
	if (pw->ev)
		event_free(pw->ev);
	free(pw->for_reporter);
	free(pw->for_unit);
	free(pw);
	return rc;
}

/* ---- The JSON API ---- */

static cJSON *followup_json(const struct followup_case *fc)
{
	const struct dm_unit *u = dm_unit_find(fc->rec.unit);
	char day[DM_DAY_STRLEN];
	cJSON *o = cJSON_CreateObject(), *d = cJSON_CreateObject(), *msgs = cJSON_CreateArray();
	if (o == NULL || d == NULL || msgs == NULL)
		goto fail;
	cJSON_AddStringToObject(o, "case_id", fc->rec.case_id);
	cJSON_AddStringToObject(o, "track", dm_track_name((enum dm_track)fc->rec.track));
	cJSON_AddStringToObject(o, "status", dm_status_name((enum dm_status)fc->rec.status));
	cJSON_AddStringToObject(o, "unit", fc->rec.unit);
	if (u)
		cJSON_AddStringToObject(o, "unit_name", u->name);
	dm_day_format(fc->rec.received, day);
	cJSON_AddStringToObject(o, "received_on", day);
	cJSON_AddBoolToObject(o, "overdue", (fc->rec.flags & STORE_FLAG_OVERDUE) != 0);
	for (int k = 0; k < STORE_DEADLINES; k++) {
		if (fc->rec.deadlines[k] == STORE_DAY_NONE)
			continue;
		dm_day_format(fc->rec.deadlines[k], day);
		cJSON_AddStringToObject(d, dm_deadline_key((enum dm_deadline_kind)k), day);
	}
	cJSON_AddItemToObject(o, "deadlines", d);
	d = NULL;
	for (size_t i = 0; i < fc->n_msgs; i++) {
		cJSON *m = cJSON_CreateObject();
		if (m == NULL)
			goto fail;
		dm_day_format(fc->msgs[i].day, day);
		cJSON_AddStringToObject(m, "from",
					fc->msgs[i].from == STORE_MSG_FROM_UNIT ? "unit" : "reporter");
		cJSON_AddStringToObject(m, "at", day);
		cJSON_AddStringToObject(m, "text", fc->msgs[i].text);
		cJSON_AddItemToArray(msgs, m);
	}
	cJSON_AddItemToObject(o, "messages", msgs);
	return o;
fail:
	cJSON_Delete(o);
	cJSON_Delete(d);
	cJSON_Delete(msgs);
	return NULL;
}

int followup_body_decode(const char *text, size_t len, bool with_text, cJSON **root_out)
{
	*root_out = NULL;
	if (text == NULL || json_prescan(text, len, 2) != NULL)
		return TC_EINVAL;
	cJSON *root = json_parse(text, len);
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(root, "receipt");
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "text");
	size_t members = 0;
	for (const cJSON *m = root ? root->child : NULL; m; m = m->next)
		members++;
	if (!cJSON_IsObject(root) || !cJSON_IsString(r) || (with_text && !cJSON_IsString(t)) ||
	    members != (with_text ? 2u : 1u) || json_duplicate_key(root) != NULL) {
		cJSON_Delete(root);
		return TC_EINVAL;
	}
	*root_out = root;
	return TC_OK;
}

/* The request's body as {"receipt"[, "text"]}; NULL after answering with an error. */
static cJSON *parse_followup_body(struct server *srv, struct evhttp_request *req, enum lang l,
				  bool with_text)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	size_t len = evbuffer_get_length(in);
	const char *ct = evhttp_find_header(evhttp_request_get_input_headers(req), "Content-Type");
	if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0) {
		http_reply_problem(req, PROBLEM_MEDIA_TYPE, l, NULL, NULL);
		return NULL;
	}
	if (len > srv->limits.max_body) {
		http_reply_problem(req, PROBLEM_TOO_LARGE, l, NULL, NULL);
		return NULL;
	}
	cJSON *root;
	if (followup_body_decode((const char *)evbuffer_pullup(in, -1), len, with_text, &root) !=
	    TC_OK) {
		http_reply_problem(req, PROBLEM_MALFORMED, l,
				   l == LANG_EN ? (with_text ? "Send {\"receipt\": \"...\", \"text\": \"...\"}."
							     : "Send {\"receipt\": \"...\"}.")
						: (with_text ? "Hãy gửi {\"receipt\": \"...\", \"text\": \"...\"}."
							     : "Hãy gửi {\"receipt\": \"...\"}."),
				   NULL);
		return NULL;
	}
	return root;
}

/* 401 and 429 share one neutral wording: nothing says whether a case exists. */
static void reply_outcome(struct evhttp_request *req, enum lang l, enum followup_outcome o,
			  int retry_after)
{
	if (o == FOLLOWUP_LIMITED) {
		char ra[16];
		snprintf(ra, sizeof(ra), "%d", retry_after > 0 ? retry_after : 1);
		evhttp_add_header(evhttp_request_get_output_headers(req), "Retry-After", ra);
		http_reply_problem(req, PROBLEM_RATE_LIMITED, l, NULL, NULL);
	} else if (o == FOLLOWUP_BAD_RECEIPT) {
		http_reply_problem(req, PROBLEM_UNAUTHORIZED, l,
				   l == LANG_EN ? "This receipt does not open a case."
						: "Mã biên nhận này không mở được hồ sơ nào.",
				   NULL);
	} else {
		http_reply_unavailable(req, l, NULL, 5);
	}
}

void handle_api_followup(struct server *srv, struct evhttp_request *req)
{
	enum lang l = http_request_lang(req);
	cJSON *root = parse_followup_body(srv, req, l, false);
	if (root == NULL)
		return;
	const char *receipt = cJSON_GetObjectItemCaseSensitive(root, "receipt")->valuestring;
	struct followup_case fc;
	int retry = 0;
	enum followup_outcome o = followup_load(srv, req, receipt, strlen(receipt), &fc, &retry);
	cJSON_Delete(root);
	if (o != FOLLOWUP_OK) {
		reply_outcome(req, l, o, retry);
		return;
	}
	cJSON *doc = followup_json(&fc);
	followup_case_free(&fc);
	if (doc == NULL)
		http_reply_problem(req, PROBLEM_INTERNAL, l, NULL, NULL);
	else
		http_reply_json(req, 200, doc);
}

struct api_post {
	struct evhttp_request *req;
	enum lang lang;
	char case_id[CR_CASE_ID_LEN + 1];
	struct server *srv;
};

static void api_post_done(void *arg, int rc)
{
	struct api_post *ap = arg;
	ap->srv->counters.in_flight--;
	if (rc == TC_OK) {
		char day[DM_DAY_STRLEN];
		dm_day_format(dm_day_from_unix((int64_t)time(NULL)), day);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "case_id", ap->case_id);
		cJSON_AddStringToObject(o, "from", "reporter");
		cJSON_AddStringToObject(o, "at", day);
		http_reply_json(ap->req, 201, o);
	} else if (rc == TC_ERANGE) {
		http_reply_problem(ap->req, PROBLEM_CONFLICT, ap->lang,
				   ap->lang == LANG_EN ? "This case has reached its message limit."
						       : "Hồ sơ đã đạt số tin nhắn tối đa.",
				   NULL);
	} else {
		http_reply_unavailable(ap->req, ap->lang, NULL, rc == TC_EFULL ? 300 : 5);
	}
	free(ap);
}

void handle_api_followup_message(struct server *srv, struct evhttp_request *req)
{
	enum lang l = http_request_lang(req);
	cJSON *root = parse_followup_body(srv, req, l, true);
	if (root == NULL)
		return;
	const char *receipt = cJSON_GetObjectItemCaseSensitive(root, "receipt")->valuestring;
	const char *text = cJSON_GetObjectItemCaseSensitive(root, "text")->valuestring;
	struct followup_case fc;
	int retry = 0;
	struct api_post *ap = NULL;
	enum followup_outcome o = followup_load(srv, req, receipt, strlen(receipt), &fc, &retry);
	if (o != FOLLOWUP_OK) {
		reply_outcome(req, l, o, retry);
		goto out;
	}
	ap = calloc(1, sizeof(*ap));
	if (ap == NULL) {
		http_reply_unavailable(req, l, NULL, 5);
		goto out_case;
	}
	*ap = (struct api_post){.req = req, .lang = l, .srv = srv};
	memcpy(ap->case_id, fc.rec.case_id, sizeof(ap->case_id));
	int rc = followup_post(srv, &fc, text, NULL, 0, api_post_done, ap);
	if (rc == TC_EINVAL) {
		char msg[160];
		snprintf(msg, sizeof(msg),
			 l == LANG_EN ? "Write 1 to %d characters of valid UTF-8 text."
				      : "Hãy viết từ 1 đến %d ký tự (UTF-8 hợp lệ).",
			 FOLLOWUP_TEXT_MAX);
		cJSON *errs = cJSON_CreateArray(), *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "field", "text");
		cJSON_AddStringToObject(e, "code", "invalid_text");
		cJSON_AddStringToObject(e, "message", msg);
		cJSON_AddItemToArray(errs, e);
		http_reply_problem(req, PROBLEM_VALIDATION, l, NULL, errs);
		free(ap);
	} else if (rc != TC_OK) {
		http_reply_unavailable(req, l, NULL, 5);
		free(ap);
	} else {
		srv->counters.in_flight++;
	}
out_case:
	followup_case_free(&fc);
out:
	cJSON_Delete(root);
}
