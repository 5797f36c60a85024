/*
 * figures_job.c - the monitors' figures off the loop (figures_job.h).
 */
#include <stdlib.h>
#include <time.h>

#include <event2/event.h>

#include "figures_job.h"
#include "server_internal.h"

static void figures_work(struct reader_job *rj)
{
	struct figures_job *j = (struct figures_job *)rj;
	struct store_txn *txn = NULL;
	j->f = malloc(sizeof(*j->f));
	j->rc = j->f ? store_read_begin(j->srv->deps.store, &txn) : TC_ENOMEM;
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	if (j->rc == TC_OK)
		j->rc = mon_figures_compute(txn, &j->filter, j->from, j->to, today, j->f);
	/* The overdue table walks the deadline index: only for the outputs that show it. */
	if (j->rc == TC_OK && j->overdue_bands)
		j->rc = mon_figures_overdue_bands(txn, today, j->f);
	if (j->rc == TC_OK && j->grounds) {
		j->g = malloc(sizeof(*j->g));
		j->rc = j->g ? mon_grounds_compute(txn, &j->filter, j->from, j->to, today, j->g)
			     : TC_ENOMEM;
	}
	/* What mon_figures_publish does: nothing leaves this job unprotected. */
	if (j->rc == TC_OK)
		mon_figures_protect(j->f, j->srv->deps.server_key);
	if (j->rc == TC_OK && j->g) /* against the published declines, so the rows add up */
		mon_grounds_protect(j->g, j->f);
	store_read_end(txn);
}

static void figures_done(evutil_socket_t fd, short what, void *arg)
{
	struct figures_job *j = arg;
	(void)fd;
	(void)what;
	j->srv->counters.in_flight--;
	j->reply(j);
	event_free(j->base.done);
	free(j->f);
	free(j->g);
	free(j->ctx);
	free(j);
}

static int job_start(struct server *srv, struct evhttp_request *req, const struct principal *who,
		     const struct mf_filter *filter, dm_day from, dm_day to, bool overdue_bands,
		     bool grounds, figures_reply_fn reply, void *ctx);

int figures_job_start(struct server *srv, struct evhttp_request *req, const struct principal *who,
		      const struct mf_filter *filter, dm_day from, dm_day to, bool overdue_bands,
		      figures_reply_fn reply, void *ctx)
{
	return job_start(srv, req, who, filter, from, to, overdue_bands, false, reply, ctx);
}

int figures_job_grounds(struct server *srv, struct evhttp_request *req, const struct principal *who,
			const struct mf_filter *filter, dm_day from, dm_day to,
			figures_reply_fn reply, void *ctx)
{
	return job_start(srv, req, who, filter, from, to, false, true, reply, ctx);
}

static int job_start(struct server *srv, struct evhttp_request *req, const struct principal *who,
		     const struct mf_filter *filter, dm_day from, dm_day to, bool overdue_bands,
		     bool grounds, figures_reply_fn reply, void *ctx)
{
	struct figures_job *j = calloc(1, sizeof(*j));
	if (j == NULL)
		return TC_ENOMEM;
	j->base.work = figures_work;
	j->base.done = event_new(server_loop_of(srv, req)->base, -1, 0, figures_done, j);
	if (j->base.done == NULL) {
		free(j);
		return TC_ENOMEM;
	}
	j->srv = srv;
	j->req = req;
	j->who = who;
	j->filter = *filter;
	j->from = from;
	j->to = to;
	j->overdue_bands = overdue_bands;
	j->grounds = grounds;
	j->reply = reply;
	j->ctx = ctx;
	srv->counters.in_flight++;
	reader_submit(srv->reader, &j->base);
	return TC_OK;
}
