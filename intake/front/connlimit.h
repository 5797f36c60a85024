/*
 * connlimit.h - connection caps and the per-request deadline.
 *
 * libevent 2.1 has no cap on connections and no hook at accept time that
 * evhttp honours, and its timeout is an idle one that every trickled byte
 * resets (docs/INTERNALS.md §evhttp-timeouts). So every connection's bufferevent is announced
 * here from evhttp's bufferevent callback; a moment later, still before
 * any TLS byte is read, it is checked against the overall and per-source
 * caps and closed at once when over either. An admitted connection then
 * has an absolute deadline for each request's headers and body, which
 * stops while we answer and starts again for the next request.
 *
 * A source is a keyed hash of the peer's network prefix, its /32 for IPv4
 * and its /64 for IPv6 (one host is usually given a whole /64: keyed on
 * the address, hopping within it would be a new source each time), never
 * the address itself, which is neither kept nor logged (SECURITY.md).
 * The Tor listener's connections are a pool of their own, with their own
 * cap, so that idle connections there cannot shut out HTTPS users, nor
 * the reverse (issue 13). Each admitted connection's header lines are
 * watched as they arrive (http_lines.h). Shared by every loop thread (one
 * mutex); a connection's timer lives on the loop that accepted it.
 */
#ifndef TOCAO_CONNLIMIT_H
#define TOCAO_CONNLIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bufferevent;
struct event_base;
struct evhttp_connection;
struct evhttp_request;
struct cr_server_key;
struct sockaddr;

#define CONNLIMIT_SOURCE_BYTES 32

struct connlimit_config {
	size_t max_total;      /* open connections on the HTTPS listener */
	size_t max_onion;      /* open connections on the Tor listener, a pool of its own */
	size_t max_per_source; /* open connections from one source (HTTPS) */
	int deadline_s;        /* to receive one request's headers and body */
};

struct connlimit;

struct connlimit *connlimit_new(const struct connlimit_config *cfg, const struct cr_server_key *key);
/* After evhttp_free: connections not yet checked are let go here. */
void connlimit_free(struct connlimit *cl);

/*
 * From evhttp's bufferevent callback: bev is a new connection's, its
 * socket not yet set. per_source is false on plain-HTTP listeners, which
 * exist only for a Tor onion service: there every peer is the local Tor
 * daemon, so only that listener's own cap (max_onion) means anything.
 */
void connlimit_track(struct connlimit *cl, struct event_base *base, struct bufferevent *bev,
		     bool per_source);

/* On the connection's loop (base: the one its bufferevent was made on). */

/*
 * A request was read whole: its deadline stops until it is answered.
 * false when its head had a folded line, a bare CR or a NUL (http_lines.h):
 * the dispatcher refuses it.
 */
bool connlimit_request_read(struct connlimit *cl, struct evhttp_request *req);

/*
 * The keyed hash of the connection's source, or NULL where there is none
 * worth having (a Tor listener, or a connection that could not be tracked).
 */
const uint8_t *connlimit_source(struct connlimit *cl, struct evhttp_connection *evcon);

/*
 * The source of a peer: a keyed hash of its /32 (IPv4, or IPv4-mapped
 * IPv6) or /64 (IPv6) prefix, personalised "ratelimit".
 */
void connlimit_source_key(const struct cr_server_key *key, const struct sockaddr *sa,
			  uint8_t out[CONNLIMIT_SOURCE_BYTES]);

/* Connections open now (for tests and logs). */
size_t connlimit_open(struct connlimit *cl);

#endif
