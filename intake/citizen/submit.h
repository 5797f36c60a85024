/*
 * submit.h - the one path from a validated report to a durable, sealed
 * case, shared by the JSON API and the HTML form. submit_start() seals and
 * queues the case; the answer (201 JSON, or the receipt page) goes out only
 * once the store has synced it.
 */
#ifndef TOCAO_SUBMIT_H
#define TOCAO_SUBMIT_H

#include <stddef.h>
#include <stdint.h>

#include "cr.h"
#include "form.h"
#include "lang.h"
#include "report.h"
#include "server.h"

struct evhttp_request;

struct submit_file {
	const uint8_t *data;     /* into the request body */
	size_t len;
	char name[256];          /* the client's name, sanitised, valid UTF-8 */
	char content_type[128];
};

enum submit_mode { SUBMIT_API, SUBMIT_FORM };

struct submit_params {
	enum submit_mode mode;
	enum lang lang;
	const struct report *report;
	const struct submit_file *files;
	size_t n_files;
	const char *idem_key;                  /* the API's Idempotency-Key, the form's token; or NULL */
	uint8_t idem_hash[CR_HASH_BYTES];      /* with idem_key */
	uint8_t request_hash[CR_HASH_BYTES];   /* with idem_key */
};

/*
 * Seal and queue. 0: the reply will be sent when the case is durable (or
 * its storing failed). Otherwise nothing was sent: the caller answers
 * (fail_detail may hold a message for the citizen).
 */
int submit_start(struct server *srv, struct evhttp_request *req, const struct submit_params *p,
		 const char **fail_detail) TC_WUR;

/*
 * Gather the "file" parts of a form within the limits: TC_OK, or TC_ERANGE
 * with message (in language l) saying which limit. Pure.
 */
int submit_collect_files(const struct server_limits *lim, const struct form *f, enum lang l,
			 struct submit_file *files, size_t *n, char *message, size_t cap) TC_WUR;

/*
 * Answer a retried submission (a known Idempotency-Key with the same
 * request) as the first time, receipt included.
 */
struct store_idem;
void submit_reply_replay(struct server *srv, struct evhttp_request *req, enum lang l,
			 const struct store_idem *idem, const uint8_t *key, size_t key_len);

/*
 * A form sent again with a token already used (or racing its twin): the
 * first one's receipt page, by redirect, marked "already sent" — no
 * second case.
 */
void submit_form_replay(struct server *srv, struct evhttp_request *req, enum lang l,
			const struct store_idem *idem, const char *token);

/* A retried submission is recognised for this many days. */
#define SUBMIT_IDEM_TTL_DAYS 2

#endif
