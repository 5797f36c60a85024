/*
 * pending.h - the one base for "write a case change, then answer this
 * request": the change is queued to the store as a case service write
 * (cases.h), and once it is durable (or failed) answer(p, rc) runs on the
 * loop thread that took the request.
 *
 * Completions come back through the loop's store inbox (store.h): the
 * writer wakes the loop once per group commit with event_active on ONE
 * event per loop (created once), and that event's callback drains the
 * inbox. A pending write counts as in flight, so a graceful stop waits.
 */
#ifndef TOCAO_PENDING_H
#define TOCAO_PENDING_H

#include <event2/event.h>
#include <event2/http.h>

#include "cases.h"
#include "lang.h"

#include <stdatomic.h>
#include <stdint.h>

/*
 * One event loop's completion inbox and its wake-up event, with the store
 * its writes go to and the server's in-flight counter (shared by every
 * loop). Loop thread only, except wake. It knows nothing of the server, so
 * the server can own one per loop without the two depending on each other.
 */
struct pending_loop {
	struct event *ev;
	struct store_inbox *inbox;
	struct store *store;
	_Atomic uint64_t *in_flight;
};
int pending_loop_init(struct pending_loop *pl, struct event_base *base, struct store *store,
		      _Atomic uint64_t *in_flight) TC_WUR;
/*
 * Free both, unless writes are still in flight (a stop that outlived its
 * grace): those are left allocated, since the store will still deliver to
 * them while it drains; the process is about to exit.
 */
void pending_loop_free(struct pending_loop *pl, uint64_t in_flight);

struct server;
struct pending;
/* Runs on the loop thread once the write is durable (rc 0) or failed; frees what it owns. */
typedef void (*pending_answer_fn)(struct pending *p, int rc);

/* Embed first in the request's own state, then pending_submit. */
struct pending {
	struct case_write cw;          /* the operation as a store write */
	struct server *srv;            /* the caller's, passed through */
	struct pending_loop *loop;     /* the loop that answers */
	struct evhttp_request *req;    /* may be NULL: an answer that is not HTTP */
	enum lang lang;
	pending_answer_fn answer;
};

/*
 * Queue op (a struct case_X for kind), to be answered on loop pl (the
 * request's: server_pending_loop()); on success the request is in flight
 * and answer will run exactly once. On error nothing was queued and answer
 * will not run.
 */
int pending_submit(struct pending *p, struct server *srv, struct pending_loop *pl,
		   struct evhttp_request *req, enum lang l, enum case_op kind, void *op,
		   pending_answer_fn answer) TC_WUR;

#endif
