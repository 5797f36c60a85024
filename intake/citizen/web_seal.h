/*
 * web_seal.h - what lets the citizen's pages answer a POST with a redirect
 * (post/redirect/get) without putting a secret in a URL, a log or the
 * browser's history:
 *
 * - one-time form tokens: random, carried in a hidden field of the report
 *   form and of the message form. A report's token is its Idempotency-Key
 *   (docs/API.md): the store remembers it with the case, so a second POST
 *   of the same form makes no second case. A message's token is claimed
 *   in memory (web_msg_token_claim) for the daemon's lifetime.
 * - a sealed cookie: the receipt and the case id, encrypted under a key
 *   derived from the server key (cr_wrap) with an expiry inside the
 *   sealed bytes, so the page the redirect leads to can show the receipt
 *   or the case again on reload for WEB_SEAL_TTL_S and never after. The
 *   browser holds only ciphertext it cannot read; HttpOnly, Secure,
 *   SameSite=Strict, no Max-Age (gone when the browser closes).
 */
#ifndef TOCAO_WEB_SEAL_H
#define TOCAO_WEB_SEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cr.h"
#include "store.h"

struct evhttp_request;

#define WEB_TOKEN_BYTES 24
#define WEB_TOKEN_LEN (2 * WEB_TOKEN_BYTES) /* hex */
#define WEB_SEAL_TTL_S (30 * 60)

/* The cookies: the receipt after a report, the case after a message. */
#define WEB_COOKIE_RECEIPT "tocao_receipt"
#define WEB_COOKIE_CASE "tocao_case"

/* A fresh token, hex, NUL-terminated. */
void web_token_new(char out[WEB_TOKEN_LEN + 1]);
/* Exactly WEB_TOKEN_LEN lowercase hex digits. Pure. */
bool web_token_valid(const char *s);

struct web_sealed {
	char case_id[STORE_CASE_ID_LEN + 1];
	char receipt[CR_RECEIPT_LEN + 1];
	uint8_t flags;       /* WEB_SEALED_* */
	int64_t expires;     /* unix seconds */
};
#define WEB_SEALED_REUSED 1u /* the receipt page of a form sent again */
#define WEB_SEALED_LATE 2u   /* a complaint that seemed late (its warning is not kept) */
#define WEB_SEALED_SENT 4u   /* the case page after a message was sent */

/* Set the cookie name to v sealed (expiry now + WEB_SEAL_TTL_S). TC_OK. */
int web_cookie_seal(struct evhttp_request *req, const struct cr_server_key *key,
		    const char *name, struct web_sealed *v) TC_WUR;
/*
 * The cookie name of the request, opened: TC_OK with *out; TC_ENOENT when
 * absent, TC_ECRYPTO when it does not open (forged, another server's),
 * TC_ESTATE once expired. out is wiped on failure.
 */
int web_cookie_open(struct evhttp_request *req, const struct cr_server_key *key,
		    const char *name, struct web_sealed *out) TC_WUR;
/* Tell the browser to forget the cookie. */
void web_cookie_clear(struct evhttp_request *req, const char *name);
/* The value of a cookie in a Cookie header (NULL if absent), *len its length. Pure. */
const char *web_cookie_value(const char *header, const char *name, size_t *len);

/*
 * A message form's token, by its keyed hash: true if it was not used
 * (now it is), false if a message was already posted with it. Released
 * again when the message could not be stored. Kept in memory: the last
 * WEB_MSG_TOKENS tokens since the daemon started.
 */
#define WEB_MSG_TOKENS 8192
bool web_msg_token_claim(const uint8_t hash[CR_HASH_BYTES]);
void web_msg_token_release(const uint8_t hash[CR_HASH_BYTES]);

#endif
