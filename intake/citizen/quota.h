/*
 * quota.h - what a citizen may write and read, in requests and in bytes
 * (docs/OPERATIONS.md "Limits"): the area's limits (citizen.h), its
 * weighted buckets (wbucket.h), the space kept for new reports, and the
 * follow-up worker with its memory reservations. One set per process,
 * made by citizen_start() (or the route table's init, with the defaults).
 *
 * Every check here runs before the work it guards: nothing of a refused
 * request is sealed, stored or decrypted.
 */
#ifndef TOCAO_QUOTA_H
#define TOCAO_QUOTA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cases.h"
#include "citizen.h"

struct server;
struct evhttp_request;
struct reader;

/* The answer to a refused write; QUOTA_OK when it may go on. */
enum quota_verdict {
	QUOTA_OK,
	QUOTA_RATE,        /* 429, Retry-After: a source's or everyone's requests or bytes */
	QUOTA_CASE_DAY,    /* 429, Retry-After until the next day: the case's daily share */
	QUOTA_CASE_TOTAL,  /* 409: the case's share in all */
	QUOTA_RESERVE,     /* 503, Retry-After: the space left is kept for new reports */
	QUOTA_ERROR,       /* 503: the store could not be read */
};

/* The route table's init: the defaults, unless the daemon started the area itself. */
void citizen_init(void);

const struct citizen_limits *quota_limits(void);
const struct case_reporter_limits *quota_case_limits(void);
/* The follow-up worker (NULL if it could not be started: reads answer 503). */
struct reader *quota_worker(void);
/* Seconds until the next local (UTC+7) day. */
int quota_until_tomorrow(void);

/*
 * A follow-up message to case_id storing about `stored` bytes (its text
 * and files), sent as a request of `request` bytes: the reserve, then the
 * case's shares (counted from the store), then the source's and everyone's
 * messages and bytes. On QUOTA_OK the tokens are taken and `stored` counts
 * as queued until quota_post_done(stored).
 */
enum quota_verdict quota_post_admit(struct server *srv, struct evhttp_request *req,
				    const char *case_id, size_t stored, size_t request,
				    int *retry_after_s);
void quota_post_done(size_t stored);

/* A new report of `request` bytes: its bytes beyond the first 64 KiB, per source and overall. */
enum quota_verdict quota_report_admit(struct server *srv, struct evhttp_request *req,
				      size_t request, int *retry_after_s);
#define QUOTA_REPORT_FREE_BYTES (64u << 10)

/* A follow-up read with a valid receipt, per source and overall. */
enum quota_verdict quota_read_admit(struct server *srv, struct evhttp_request *req,
				    int *retry_after_s);
/*
 * Reserve `bytes` of decryption and answer before a read is queued: TC_OK,
 * or TC_EBUSY when the reads in flight, or the request memory of the whole
 * server, would pass their budget (answer 503; nothing was done).
 */
int quota_read_reserve(struct server *srv, size_t bytes);
void quota_read_release(size_t bytes);

#endif
