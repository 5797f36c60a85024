/*
 * reception_idem.h - the Idempotency-Key of POST /api/v1/reception
 * (docs/API.md "Reception entries"): a reception entry retried after a
 * lost 201, or a desk form sent again, makes no second case; the first
 * one's answer, receipt included, comes back instead.
 *
 * A desk seals again at each try (a fresh case id and content key), so two
 * tries of the same entry differ in their bytes: what must match is what
 * the server can see of the entry without its content -- the routing
 * facts, the kind, identity mode, category, channel, day of receipt and
 * the number of scans. The key is scoped to the registering unit, kept as a
 * keyed hash, and the receipt wrapped under it (as the citizens' API does:
 * docs/API.md "Idempotency-Key"); entries expire after two days.
 */
#ifndef TOCAO_RECEPTION_IDEM_H
#define TOCAO_RECEPTION_IDEM_H

#include <stdbool.h>

#include "cases.h"
#include "reception_request.h"
#include "route.h"

struct reception_idem {
	const char *key;                     /* the header; NULL when none came */
	uint8_t idem_hash[CR_HASH_BYTES];
	uint8_t facts_hash[CR_HASH_BYTES];
};

/*
 * Read the header into ri (nothing when absent). true when the request has
 * been answered: a bad key (400), the same entry again (its first answer,
 * 201), or the key reused for another entry (422).
 */
bool reception_idem_check(struct request *r, const char *unit, const struct reception_req *q,
			  dm_day today, struct reception_idem *ri);

/* Inside the new case's write: the key kept with the wrapped receipt. TC_OK or an error. */
int reception_idem_attach(const struct server *srv, const struct reception_idem *ri,
			  const char *receipt, dm_day today, struct case_create *cc) TC_WUR;

/* A twin raced in and won the key: answer as it was answered (or 422 for another entry). */
void reception_idem_twin(struct server *srv, struct evhttp_request *req, enum lang l,
			 const struct reception_idem *ri);

/*
 * The 201 of a reception entry (reception.c): the case's summary, receipt,
 * unit's name, channel, registering unit and the deadlines' articles.
 */
void reception_reply_created(struct evhttp_request *req, const struct store_case *c,
			     const char *receipt, enum dm_channel channel, const char *received_by,
			     dm_day today);

#endif
