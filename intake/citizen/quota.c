/*
 * quota.c - the citizen's limits in requests and bytes (quota.h).
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/http.h>

#include "connlimit.h"
#include "dm_date.h"
#include "log.h"
#include "quota.h"
#include "reader.h"
#include "server_internal.h"
#include "tc_clock.h"
#include "wbucket.h"
#include "wipe_alloc.h"

/* Follow-up reads queued or running at once: above, 503 at once (each is a few ms). */
#define QUOTA_READS_QUEUED_MAX 64

static struct {
	bool started;
	struct citizen_limits lim;
	struct case_reporter_limits case_lim;
	struct wbucket *post_count, *post_bytes, *report_bytes, *reads;
	struct reader *worker;
	_Atomic uint64_t post_queued;   /* follow-up bytes queued, not yet durable */
	_Atomic uint64_t read_reserved; /* decryption and answers in flight */
	_Atomic uint32_t reads_queued;
} q;

void citizen_limits_defaults(struct citizen_limits *l)
{
	*l = (struct citizen_limits){
		.followup_reserve_ratio = 0.80,
		.case_per_day = 20,
		.case_total = 300,
		.case_bytes_per_day = 20u << 20,
		.case_bytes_total = 64u << 20,
		.post_per_source_per_s = 10.0 / 60,
		.post_bytes_per_source_per_s = (1u << 20) / 60.0,
		.post_bytes_global_per_s = 1u << 20,
		.report_bytes_per_source_per_s = (10u << 20) / 60.0,
		.report_bytes_global_per_s = 8u << 20,
		.reads_per_source_per_s = 1.0,
		.page_messages = 50,
		.page_bytes = 512u << 10,
		.read_budget = 64u << 20,
		.largest_request = 11u << 20,
	};
}

static double max2(double a, double b)
{
	return a > b ? a : b;
}

/* The buckets: each holds two of the largest requests, so that one always passes a full bucket. */
static int make_buckets(const struct citizen_limits *l)
{
	double big = (double)l->largest_request;
	struct wbucket_config pc = {.source_rate = l->post_per_source_per_s,
				    .source_burst = max2(2, l->post_per_source_per_s * 120),
				    .global_rate = l->post_per_source_per_s * 300,
				    .global_burst = max2(20, l->post_per_source_per_s * 3000)};
	struct wbucket_config pb = {.source_rate = l->post_bytes_per_source_per_s,
				    .source_burst = 2 * big,
				    .global_rate = l->post_bytes_global_per_s,
				    .global_burst = max2(8 * big, 60 * l->post_bytes_global_per_s)};
	struct wbucket_config rb = {.source_rate = l->report_bytes_per_source_per_s,
				    .source_burst = 2 * big,
				    .global_rate = l->report_bytes_global_per_s,
				    .global_burst = max2(16 * big, 60 * l->report_bytes_global_per_s)};
	struct wbucket_config rd = {.source_rate = l->reads_per_source_per_s,
				    .source_burst = max2(5, l->reads_per_source_per_s * 30),
				    .global_rate = l->reads_per_source_per_s * 100,
				    .global_burst = max2(50, l->reads_per_source_per_s * 200)};
	q.post_count = wbucket_new(&pc);
	q.post_bytes = wbucket_new(&pb);
	q.report_bytes = wbucket_new(&rb);
	q.reads = wbucket_new(&rd);
	return q.post_count && q.post_bytes && q.report_bytes && q.reads ? TC_OK : TC_ENOMEM;
}

int citizen_start(const struct citizen_limits *l)
{
	if (q.started)
		return TC_OK;
	q.lim = *l;
	q.case_lim = (struct case_reporter_limits){.per_day = l->case_per_day,
						   .total = l->case_total,
						   .bytes_per_day = l->case_bytes_per_day,
						   .bytes_total = l->case_bytes_total};
	if (make_buckets(l) != TC_OK || (q.worker = reader_new()) == NULL) {
		citizen_stop();
		return TC_ENOMEM;
	}
	q.started = true;
	return TC_OK;
}

void citizen_stop(void)
{
	reader_free(q.worker);
	wbucket_free(q.post_count);
	wbucket_free(q.post_bytes);
	wbucket_free(q.report_bytes);
	wbucket_free(q.reads);
	memset(&q, 0, sizeof(q));
}

void citizen_init(void)
{
	struct citizen_limits l;
	citizen_limits_defaults(&l);
	if (!q.started && citizen_start(&l) != TC_OK)
		log_msg(LOG_ERR, "citizen: cannot start the follow-up worker");
}

const struct citizen_limits *quota_limits(void)
{
	return &q.lim;
}

const struct case_reporter_limits *quota_case_limits(void)
{
	return &q.case_lim;
}

struct reader *quota_worker(void)
{
	return q.worker;
}

int quota_until_tomorrow(void)
{
	/* The first second of another local day (the offset is the calendar's to know). */
	int64_t now = (int64_t)time(NULL), lo = 0, hi = 86400;
	dm_day today = dm_day_from_unix(now);
	while (lo + 1 < hi) {
		int64_t mid = (lo + hi) / 2;
		if (dm_day_from_unix(now + mid) > today)
			hi = mid;
		else
			lo = mid;
	}
	return (int)hi;
}

static const uint8_t *source_of(struct server *srv, struct evhttp_request *req)
{
	return connlimit_source(srv->conns, evhttp_request_get_connection(req));
}

/* Above the reserve once what is queued and this message are written. */
static bool over_reserve(struct server *srv, size_t stored)
{
	struct store *st = srv->deps.store;
	double map = (double)store_map_bytes(st);
	double ahead = (double)(atomic_load(&q.post_queued) + stored + (64u << 10));
	return store_fill_ratio(st) + ahead / map >= q.lim.followup_reserve_ratio;
}

static enum quota_verdict case_share(struct server *srv, const char *case_id, size_t stored,
				     int *retry_after_s)
{
	struct store_txn *t = NULL;
	struct case_reporter_usage u;
	int rc = store_read_begin(srv->deps.store, &t);
	if (rc == TC_OK)
		rc = case_reporter_usage(t, case_id, dm_day_from_unix((int64_t)time(NULL)), &u);
	store_read_end(t);
	if (rc != TC_OK)
		return QUOTA_ERROR;
	rc = case_reporter_fits(&q.case_lim, &u, stored);
	if (rc == TC_EBUSY) {
		*retry_after_s = quota_until_tomorrow();
		return QUOTA_CASE_DAY;
	}
	return rc == TC_OK ? QUOTA_OK : QUOTA_CASE_TOTAL;
}

enum quota_verdict quota_post_admit(struct server *srv, struct evhttp_request *req,
				    const char *case_id, size_t stored, size_t request,
				    int *retry_after_s)
{
	if (over_reserve(srv, stored)) {
		*retry_after_s = 3600;
		return QUOTA_RESERVE;
	}
	enum quota_verdict v = case_share(srv, case_id, stored, retry_after_s);
	if (v != QUOTA_OK)
		return v;
	const uint8_t *src = source_of(srv, req);
	double now = tc_monotonic_now();
	if (!wbucket_take(q.post_count, src, now, 1, retry_after_s) ||
	    !wbucket_take(q.post_bytes, src, now, (double)request, retry_after_s))
		return QUOTA_RATE;
	atomic_fetch_add(&q.post_queued, stored);
	return QUOTA_OK;
}

void quota_post_done(size_t stored)
{
	atomic_fetch_sub(&q.post_queued, stored);
}

enum quota_verdict quota_report_admit(struct server *srv, struct evhttp_request *req,
				      size_t request, int *retry_after_s)
{
	if (request <= QUOTA_REPORT_FREE_BYTES)
		return QUOTA_OK;
	double w = (double)(request - QUOTA_REPORT_FREE_BYTES);
	return wbucket_take(q.report_bytes, source_of(srv, req), tc_monotonic_now(), w,
			    retry_after_s)
		       ? QUOTA_OK
		       : QUOTA_RATE;
}

enum quota_verdict quota_read_admit(struct server *srv, struct evhttp_request *req,
				    int *retry_after_s)
{
	return wbucket_take(q.reads, source_of(srv, req), tc_monotonic_now(), 1, retry_after_s)
		       ? QUOTA_OK
		       : QUOTA_RATE;
}

int quota_read_reserve(struct server *srv, size_t bytes)
{
	size_t budget = srv->limits.memory_budget;
	uint64_t before = atomic_fetch_add(&q.read_reserved, bytes);
	uint32_t queued = atomic_fetch_add(&q.reads_queued, 1);
	if (before + bytes > q.lim.read_budget || queued >= QUOTA_READS_QUEUED_MAX ||
	    (budget && wipe_alloc_in_use() + bytes > budget)) {
		quota_read_release(bytes);
		return TC_EBUSY;
	}
	return TC_OK;
}

void quota_read_release(size_t bytes)
{
	atomic_fetch_sub(&q.read_reserved, bytes);
	atomic_fetch_sub(&q.reads_queued, 1);
}
