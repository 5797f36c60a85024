/*
 * figures_job.h - the monitors' figures, computed on the reader thread
 * (reader.h) so the loop never waits for them; reply() runs on the
 * request's loop with f set (or rc an error), then the job, f and ctx
 * (malloc'd by the caller) are freed. f holds the published figures
 * (mon_figures_publish: disclosure control applied), never exact counts. Counted in flight, so a graceful
 * stop waits for it.
 */
#ifndef TOCAO_FIGURES_JOB_H
#define TOCAO_FIGURES_JOB_H

#include "case_figures.h"
#include "case_grounds.h"
#include "reader.h"
#include "tc_err.h"

struct server;
struct evhttp_request;
struct principal;
struct figures_job;
typedef void (*figures_reply_fn)(struct figures_job *job);

struct figures_job {
	struct reader_job base;
	struct server *srv;
	struct evhttp_request *req;
	const struct principal *who;
	struct mf_filter filter;
	dm_day from, to;
	bool overdue_bands; /* also the overdue cases by unit and days overdue */
	bool grounds;       /* also the declines by legal ground (g; figures_job_grounds) */
	struct mon_figures *f;
	struct mon_grounds *g; /* published like f; NULL unless grounds */
	int rc;
	figures_reply_fn reply;
	void *ctx;
};

int figures_job_start(struct server *srv, struct evhttp_request *req, const struct principal *who,
		      const struct mf_filter *filter, dm_day from, dm_day to, bool overdue_bands,
		      figures_reply_fn reply, void *ctx) TC_WUR;
/* The same, with the declines by legal ground too (case_grounds.h), in the same read. */
int figures_job_grounds(struct server *srv, struct evhttp_request *req, const struct principal *who,
			const struct mf_filter *filter, dm_day from, dm_day to,
			figures_reply_fn reply, void *ctx) TC_WUR;

#endif
