/*
 * wbucket.h - weighted token buckets, per source and overall: like
 * ratelimit.h, but a request takes as many tokens as it weighs (bytes, or
 * 1 for a count), so that one bucket can bound bytes per second.
 *
 * A source is the keyed hash of its address from connlimit_source() (never
 * the address); the table is fixed-size, and a new source takes the
 * stalest of four slots, so memory stays bounded under a flood of sources.
 * A NULL source (a Tor listener) meets the overall bucket only. Safe from
 * any thread (one mutex).
 */
#ifndef TOCAO_WBUCKET_H
#define TOCAO_WBUCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wbucket_config {
	double source_rate, source_burst; /* tokens a second, and at most, for one source */
	double global_rate, global_burst; /* for everyone together; 0 rate: no overall bucket */
	size_t sources;                   /* table slots (0: 4096) */
};

struct wbucket;

struct wbucket *wbucket_new(const struct wbucket_config *cfg);
void wbucket_free(struct wbucket *wb);

/*
 * Take weight tokens from source's bucket and the overall one at time now
 * (seconds, monotonic), or none: true when both had them. A weight above a
 * bucket's burst is taken as the burst (the largest request must pass when
 * the bucket is full). false with *retry_after_s (at least 1) otherwise.
 */
bool wbucket_take(struct wbucket *wb, const uint8_t source[32], double now, double weight,
		  int *retry_after_s);

#endif
