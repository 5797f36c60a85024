/*
 * reception_idem.c - the Idempotency-Key of reception entries
 * (reception_idem.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/http.h>

#include "log.h"
#include "reception_idem.h"
#include "server_internal.h"

/* Two days, as the citizens' API (intake/citizen/submit.h SUBMIT_IDEM_TTL_DAYS). */
#define RECEPTION_IDEM_TTL_DAYS 2
#define IDEM_KEY_MIN 16
#define IDEM_KEY_MAX 255

static bool key_ok(const char *k)
{
	size_t n = strlen(k);
	if (n < IDEM_KEY_MIN || n > IDEM_KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (k[i] < 0x21 || k[i] > 0x7e)
			return false;
	return true;
}

/* The key as the registering unit's ("TT-96\n" + key): another unit's same key is another. */
static void hash_key(const struct server *srv, const char *unit, const char *key,
		     uint8_t out[CR_HASH_BYTES])
{
	char scoped[STORE_UNIT_LEN + 2 + IDEM_KEY_MAX + 1];
	int n = snprintf(scoped, sizeof(scoped), "%s\n%s", unit, key);
	cr_keyed_hash(srv->deps.server_key, "reception-idem", (const uint8_t *)scoped, (size_t)n,
		      out);
}

/* What the server sees of the entry besides its sealed bytes, in one line. */
static void hash_facts(const struct server *srv, const struct reception_req *q,
		       uint8_t out[CR_HASH_BYTES])
{
	char facts[160];
	int n = snprintf(facts, sizeof(facts), "%s|%s|%s|%d|%d|%d|%d|%d|%d|%d|%d|%d|%zu|%ld",
			 q->unit ? q->unit->id : "", q->province, q->commune, (int)q->level,
			 (int)q->kind, (int)q->identity, (int)q->track, (int)q->category,
			 (int)q->channel, (int)q->origin, (int)q->subject, q->instance, q->n_atts,
			 (long)q->received);
	cr_keyed_hash(srv->deps.server_key, "reception-req", (const uint8_t *)facts, (size_t)n, out);
}

/* The first answer again, from the kept entry: the case and its receipt unwrapped. */
static void replay(struct server *srv, struct evhttp_request *req, enum lang l,
		   const struct store_idem *idem, const char *key, dm_day today)
{
	struct store_txn *t = NULL;
	struct store_case c;
	struct case_reception_info ri;
	char receipt[CR_RECEIPT_LEN + 1];
	int rc = store_read_begin(srv->deps.store, &t);
	if (rc == TC_OK)
		rc = store_case_get(t, idem->case_id, &c);
	if (rc == TC_OK)
		rc = case_reception_get(t, idem->case_id, &ri);
	store_read_end(t);
	if (rc == TC_OK && idem->wrapped_len != CR_RECEIPT_LEN + CR_WRAP_OVERHEAD)
		rc = TC_ECORRUPT;
	if (rc == TC_OK)
		rc = cr_unwrap(srv->deps.server_key, (const uint8_t *)key, strlen(key),
			       idem->wrapped_receipt, idem->wrapped_len, (uint8_t *)receipt);
	if (rc != TC_OK) {
		log_msg(LOG_ERR, "a reception entry's replay failed: %s", tc_strerror(rc));
		http_reply_problem(req, PROBLEM_INTERNAL, l, NULL, NULL);
		return;
	}
	receipt[CR_RECEIPT_LEN] = '\0';
	reception_reply_created(req, &c, receipt, (enum dm_channel)ri.channel, ri.received_by, today);
	explicit_bzero(receipt, sizeof(receipt));
}

/* The kept entry under ri's key, if any and not expired: replayed or refused. */
static bool answer_known(struct server *srv, struct evhttp_request *req, enum lang l,
			 const struct reception_idem *ri, dm_day today)
{
	struct store_txn *t = NULL;
	struct store_idem prior;
	int g = store_read_begin(srv->deps.store, &t);
	if (g == TC_OK)
		g = store_idem_get(t, ri->idem_hash, &prior);
	store_read_end(t);
	if (g != TC_OK || prior.day + RECEPTION_IDEM_TTL_DAYS < today)
		return false;
	if (memcmp(prior.request_hash, ri->facts_hash, CR_HASH_BYTES) == 0)
		replay(srv, req, l, &prior, ri->key, today);
	else
		http_reply_problem(req, PROBLEM_IDEMPOTENCY, l, NULL, NULL);
	return true;
}

bool reception_idem_check(struct request *r, const char *unit, const struct reception_req *q,
			  dm_day today, struct reception_idem *ri)
{
	const char *key = evhttp_find_header(evhttp_request_get_input_headers(r->req),
					     "Idempotency-Key");
	memset(ri, 0, sizeof(*ri));
	if (key == NULL)
		return false;
	if (!key_ok(key)) {
		http_reply_field_problem(r->req, PROBLEM_BAD_REQUEST, r->lang, "Idempotency-Key",
					 "invalid_idempotency_key",
					 "Use 16 to 255 visible ASCII characters, e.g. a random UUID.");
		return true;
	}
	ri->key = key;
	hash_key(r->srv, unit, key, ri->idem_hash);
	hash_facts(r->srv, q, ri->facts_hash);
	return answer_known(r->srv, r->req, r->lang, ri, today);
}

int reception_idem_attach(const struct server *srv, const struct reception_idem *ri,
			  const char *receipt, dm_day today, struct case_create *cc)
{
	if (ri->key == NULL)
		return TC_OK;
	cc->has_idem = true;
	memcpy(cc->idem_hash, ri->idem_hash, CR_HASH_BYTES);
	memcpy(cc->idem.case_id, cc->rec.case_id, sizeof(cc->idem.case_id));
	cc->idem.day = today;
	memcpy(cc->idem.request_hash, ri->facts_hash, CR_HASH_BYTES);
	cc->idem.wrapped_len = CR_RECEIPT_LEN + CR_WRAP_OVERHEAD;
	cc->idem_ttl_days = RECEPTION_IDEM_TTL_DAYS;
	return cr_wrap(srv->deps.server_key, (const uint8_t *)ri->key, strlen(ri->key),
		       (const uint8_t *)receipt, CR_RECEIPT_LEN, cc->idem.wrapped_receipt);
}

void reception_idem_twin(struct server *srv, struct evhttp_request *req, enum lang l,
			 const struct reception_idem *ri)
{
	if (ri->key == NULL || !answer_known(srv, req, l, ri, dm_day_from_unix((int64_t)time(NULL))))
		http_reply_unavailable(req, l, NULL, 5);
}
