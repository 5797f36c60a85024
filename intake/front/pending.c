/* pending.c - write, then answer (pending.h). */
#include "pending.h"

/* From the writer thread, once per group commit: event_active is thread-safe. */
static void wake(void *arg)
{
	struct pending_loop *pl = arg;
	event_active(pl->ev, EV_READ, 0);
}

/* On the loop: run every delivered write's done (pending_done below). */
static void on_wake(evutil_socket_t fd, short what, void *arg)
{
	struct pending_loop *pl = arg;
	(void)fd;
	(void)what;
	store_inbox_drain(pl->inbox);
}

int pending_loop_init(struct pending_loop *pl, struct event_base *base, struct store *store,
		      _Atomic uint64_t *in_flight)
{
	pl->store = store;
	pl->in_flight = in_flight;
	pl->ev = event_new(base, -1, 0, on_wake, pl);
	pl->inbox = store_inbox_new(wake, pl);
	if (pl->ev == NULL || pl->inbox == NULL) {
		pending_loop_free(pl, 0);
		return TC_ENOMEM;
	}
	return TC_OK;
}

void pending_loop_free(struct pending_loop *pl, uint64_t in_flight)
{
	if (in_flight)
		return; /* see pending.h: the store may still wake this loop */
	if (pl->ev)
		event_free(pl->ev);
	store_inbox_free(pl->inbox);
	pl->ev = NULL;
	pl->inbox = NULL;
}

static void pending_done(struct store_write *w, int rc)
{
	struct pending *p = w->arg;
	atomic_fetch_sub(p->loop->in_flight, 1);
	p->answer(p, rc);
}

int pending_submit(struct pending *p, struct server *srv, struct pending_loop *pl,
		   struct evhttp_request *req, enum lang l, enum case_op kind, void *op,
		   pending_answer_fn answer)
{
	case_write_init(&p->cw, kind, op);
	p->cw.w.done = pending_done;
	p->cw.w.arg = p;
	p->cw.w.inbox = pl->inbox;
	p->loop = pl;
	p->srv = srv;
	p->req = req;
	p->lang = l;
	p->answer = answer;
	/* Counted before the writer can answer it, undone if it was not queued. */
	atomic_fetch_add(pl->in_flight, 1);
	int rc = store_submit(pl->store, &p->cw.w);
	if (rc != TC_OK)
		atomic_fetch_sub(pl->in_flight, 1);
	return rc;
}
