/*
 * citizen.h - the citizen's area: the report form and API, receipts,
 * follow-up. What the daemon gives server_new() (route.h), and the area's
 * own limits (docs/OPERATIONS.md "Limits").
 */
#ifndef TOCAO_CITIZEN_H
#define TOCAO_CITIZEN_H

#include <stddef.h>
#include <stdint.h>

#include "route.h"
#include "tc_err.h"

extern const struct route_table citizen_routes;

/*
 * What a citizen may write and read, in requests and in bytes. Rates are
 * per second; bursts derive from them and from the largest request (a
 * bucket smaller than one request would refuse it for ever).
 */
struct citizen_limits {
	double followup_reserve_ratio;     /* follow-up messages stop at this fill (0.80) */
	uint32_t case_per_day, case_total; /* messages a reporter writes to one case (20, 300) */
	uint64_t case_bytes_per_day;       /* stored bytes a day (20 MiB) */
	uint64_t case_bytes_total;         /* and in all (64 MiB) */
	double post_per_source_per_s;      /* follow-up messages from one source (10 a minute) */
	double post_bytes_per_source_per_s;  /* their bytes, per source (1 MiB a minute) */
	double post_bytes_global_per_s;      /* and from everyone (1 MiB/s) */
	double report_bytes_per_source_per_s; /* new reports' bytes beyond the free 64 KiB */
	double report_bytes_global_per_s;     /* per source (10 MiB/min), overall (8 MiB/s) */
	double reads_per_source_per_s;     /* follow-up reads (with a valid receipt; 1 a second) */
	uint32_t page_messages;            /* messages in one answer (50) */
	size_t page_bytes;                 /* their escaped text in one answer (512 KiB) */
	size_t read_budget;                /* decryption and answers in flight (64 MiB) */
	size_t largest_request;            /* max_upload + max_body: each bucket holds 2 */
};

void citizen_limits_defaults(struct citizen_limits *l);
/*
 * Set the limits and start the follow-up worker (the thread that opens
 * conversations off the event loops). Before server_new(); without it, the
 * route table's init uses the defaults. TC_ENOMEM.
 */
int citizen_start(const struct citizen_limits *l) TC_WUR;
/* After server_stop() and before the store closes: run what is queued, stop the worker. */
void citizen_stop(void);

#endif
