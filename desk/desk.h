/*
 * desk.h - the inspectors' desk: a local web console that `tocao desk`
 * serves on the inspector's own machine (docs/DESK.md).
 *
 * The desk holds the unlocked unit key and the signed-in session; it reads
 * the unit's cases through the client library (client/tc_client.h), opens
 * them here, keeps what it opened in memory only, and answers only on
 * loopback, only to its own Host name, only to the browser that opened the
 * one-time URL, and only to forms that carry its CSRF token.
 */
#ifndef TOCAO_DESK_H
#define TOCAO_DESK_H

#include <stdio.h>

struct tcc_session;
struct cr_unit_secret;

struct desk_options {
	const char *listen;    /* "127.0.0.1:PORT" or "[::1]:PORT"; PORT 0: any free port */
	const char *directory; /* public keys: DIR/units/UNIT.pub (transfers), DIR/principals/NAME.pub (staff) */
	int english;           /* 1: English pages by default (Vietnamese otherwise) */
	const char *public_url; /* the citizens' address for the reception slip; NULL: the server's */
	int max_requests;      /* stop after this many requests (tests); 0: never */
};

/*
 * Load the unit's cases (s signed in, sec its unit key), listen, print the
 * URL to open (with its one-time token) as the first line of out, call
 * on_ready (may be NULL: e.g. to open a browser), then serve until SIGINT
 * or SIGTERM. 0 on a clean stop; -1 with err set when it cannot start.
 */
int desk_run(struct tcc_session *s, const struct cr_unit_secret *sec,
	     const struct desk_options *o, FILE *out, void (*on_ready)(const char *url),
	     char *err, size_t err_cap);

#endif
