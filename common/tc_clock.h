/*
 * tc_clock.h - the one monotonic clock, in seconds, for everything that
 * measures intervals (sessions, rate limits, deadlines): wall-clock jumps
 * must not end a session or refill a bucket.
 */
#ifndef TOCAO_TC_CLOCK_H
#define TOCAO_TC_CLOCK_H

#include <time.h>

static inline double tc_monotonic_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

#endif
