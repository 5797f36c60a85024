/*
 * case_items.c - a case's sealed items for the unit's inspectors:
 *   GET /api/v1/cases/{id}/attachments/{n}  one attachment blob, as stored;
 *   GET /api/v1/cases/{id}/messages          a page of the conversation,
 *                                            the unit's sealed copies.
 * Sealed bytes only: nothing is decrypted here, the inspector's tool opens
 * them with the unit's key. One short read transaction per request; every
 * fetch is audited like the envelope's (CASE_AUDIT_SHOW, detail naming it).
 * Another unit's case is 404, like a missing one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/http.h>

#include "audit.h"
#include "case_json.h"
#include "case_requests.h"
#include "cr_principal.h"
#include "inspector_handlers.h"
#include "server_internal.h"

/* The case, when it is the session's unit's; TC_ENOENT otherwise. */
static int own_case(struct store_txn *t, const struct request *r)
{
	struct store_case c;
	int rc = store_case_get(t, r->case_id, &c);
	if (rc == TC_OK && strcmp(c.unit, r->who->pub.scope) != 0)
		rc = TC_ENOENT;
	return rc;
}

static void reply_failure(struct request *r, int rc)
{
	if (rc == TC_ENOENT)
		http_reply_problem(r->req, PROBLEM_NOT_FOUND, r->lang, NULL, NULL);
	else
		http_reply_unavailable(r->req, r->lang, NULL, 5);
}

void handle_case_attachment(struct request *r)
{
	struct store_txn *t = NULL;
	const uint8_t *blob = NULL;
	size_t len = 0;
	int rc = store_read_begin(r->srv->deps.store, &t);
	if (rc == TC_OK)
		rc = own_case(t, r);
	if (rc == TC_OK)
		rc = store_attachment_get(t, r->case_id, r->index, &blob, &len);
	if (rc != TC_OK) {
		store_read_end(t);
		reply_failure(r, rc);
		return;
	}
	char disp[96], detail[24];
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s-%u.sealed\"", r->case_id, r->index);
	evhttp_add_header(evhttp_request_get_output_headers(r->req), "Content-Disposition", disp);
	/* The bytes are copied into the answer before the transaction ends. */
	http_reply_bytes(r->req, 200, "application/octet-stream", blob, len);
	store_read_end(t);
	snprintf(detail, sizeof(detail), "attachment %u", r->index);
	audit_read(r->srv, CASE_AUDIT_SHOW, r->who, r->case_id, detail);
}

/* ---- The conversation, a page at a time ---- */

struct held {
	uint32_t seq;
	struct store_message m; /* pointers valid while the transaction lasts */
};

struct page_walk {
	uint32_t before;        /* 0: none */
	size_t cap;             /* the page's messages at most */
	struct held *ring;      /* the last cap messages below before */
	size_t n_seen;
};

static int hold_message(uint32_t seq, const struct store_message *m, void *arg)
{
	struct page_walk *w = arg;
	if (w->before && seq >= w->before)
		return 1; /* in order: nothing further is older */
	w->ring[w->n_seen++ % w->cap] = (struct held){seq, *m};
	return 0;
}

static const char *from_name(uint8_t from)
{
	switch (from) {
	case STORE_MSG_FROM_REPORTER: return "reporter";
	case STORE_MSG_NOTE: return "note";
	default: return "unit";
	}
}

/* A unit message's signer and what its signature is worth (docs/API.md). */
static void add_signature(const struct server *srv, const char *case_id, const struct held *h,
			  cJSON *o)
{
	if (h->m.from == STORE_MSG_FROM_UNIT) {
		cJSON_AddStringToObject(o, "signature", "unsigned_before_signatures");
		return;
	}
	struct cr_signed_message sm;
	enum cr_msg_trust tr = cr_signed_message_check(
		srv->deps.server_key, srv->deps.principals, srv->deps.n_principals, case_id,
		h->m.day, h->m.for_reporter, h->m.for_reporter_len, &sm);
	bool decoded = tr != CR_MSG_FORGED ||
		       cr_signed_message_decode(h->m.for_reporter, h->m.for_reporter_len, &sm) ==
			       TC_OK;
	if (decoded)
		cJSON_AddItemToObject(o, "signer", case_json_b64(sm.signer, sizeof(sm.signer)));
	cJSON_AddStringToObject(o, "signature", tr == CR_MSG_SIGNED		? "signed"
						: tr == CR_MSG_SIGNED_REVOKED ? "signed_revoked"
									      : "invalid");
}

static cJSON *message_json(const struct server *srv, const char *case_id, const struct held *h)
{
	cJSON *o = cJSON_CreateObject();
	char day[DM_DAY_STRLEN];
	dm_day_format(h->m.day, day);
	cJSON_AddNumberToObject(o, "seq", h->seq);
	cJSON_AddStringToObject(o, "from", from_name(h->m.from));
	cJSON_AddStringToObject(o, "at", day);
	if (h->m.for_unit_len > 0)
		cJSON_AddItemToObject(o, "for_unit", case_json_b64(h->m.for_unit, h->m.for_unit_len));
	if (h->m.from == STORE_MSG_FROM_UNIT || h->m.from == STORE_MSG_FROM_UNIT_SIGNED)
		add_signature(srv, case_id, h, o);
	return o;
}

/*
 * From the newest back: at most the page's messages and base64 of at most
 * CASE_MESSAGES_PAGE_BYTES, but never none. *first the ring's position of
 * the oldest picked, *k how many.
 */
static void pick_page(const struct page_walk *w, size_t *first, size_t *k)
{
	size_t in_ring = w->n_seen < w->cap ? w->n_seen : w->cap, bytes = 0;
	*k = 0;
	while (*k < in_ring) {
		const struct held *h = &w->ring[(w->n_seen - 1 - *k) % w->cap];
		size_t b64 = (h->m.for_unit_len + 2) / 3 * 4;
		if (*k > 0 && bytes + b64 > CASE_MESSAGES_PAGE_BYTES)
			break;
		bytes += b64;
		(*k)++;
	}
	*first = w->n_seen - *k;
}

static int render_page(const struct request *r, struct page_walk *w, cJSON **out)
{
	size_t first, k;
	pick_page(w, &first, &k);
	cJSON *o = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(o, "messages");
	cJSON_AddStringToObject(o, "case_id", r->case_id);
	for (size_t i = 0; i < k; i++)
		cJSON_AddItemToArray(list, message_json(r->srv, r->case_id,
							&w->ring[(first + i) % w->cap]));
	if (first > 0)
		cJSON_AddNumberToObject(o, "older", w->ring[first % w->cap].seq);
	*out = o;
	return TC_OK;
}

/* A bad query parameter: 400 naming it. */
static void bad_query(struct request *r, const char *field, const char *msg)
{
	http_reply_field_problem(r->req, PROBLEM_BAD_REQUEST, r->lang, field, "invalid_query", msg);
}

void handle_case_messages(struct request *r)
{
	struct case_messages_query q;
	const char *field = NULL, *why = NULL;
	if (case_messages_query_decode(r->query, r->query_rc, &q, &field, &why) != TC_OK) {
		bad_query(r, field, why);
		return;
	}
	struct page_walk w = {.before = q.before, .cap = (size_t)q.limit};
	w.ring = malloc(w.cap * sizeof(*w.ring));
	struct store_txn *t = NULL;
	cJSON *page = NULL;
	int rc = w.ring ? store_read_begin(r->srv->deps.store, &t) : TC_ENOMEM;
	if (rc == TC_OK)
		rc = own_case(t, r);
	if (rc == TC_OK)
		rc = store_messages(t, r->case_id, hold_message, &w);
	if (rc == TC_OK)
		rc = render_page(r, &w, &page);
	store_read_end(t);
	free(w.ring);
	if (rc != TC_OK) {
		reply_failure(r, rc);
		return;
	}
	/* audit_read keeps 15 characters; a cursor past every message reads the newest page. */
	char detail[24];
	if (q.before && q.before <= STORE_MESSAGES_MAX)
		snprintf(detail, sizeof(detail), "messages<%u", (unsigned)q.before);
	else
		snprintf(detail, sizeof(detail), "messages");
	audit_read(r->srv, CASE_AUDIT_SHOW, r->who, r->case_id, detail);
	http_reply_json(r->req, 200, page);
}
