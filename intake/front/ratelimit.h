/*
 * ratelimit.h - token buckets per source and overall, in memory only.
 *
 * A source is identified by a keyed hash of its address (SECURITY.md: the
 * address itself is never kept); the table is fixed-size and the least
 * recently seen source is evicted, so memory stays bounded under a flood
 * of distinct sources. Behind a Tor onion service every source is
 * 127.0.0.1, which is why the overall buckets exist (docs/INTERNALS.md
 * §tor-global-limits). There are two: one for the sources of the HTTPS
 * listener, one of its own for the Tor listener (where there is no source),
 * so that a flood on either can never spend the other's (issue 13).
 * Safe from any thread (one mutex).
 */
#ifndef TOCAO_RATELIMIT_H
#define TOCAO_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ratelimit;

struct ratelimit_config {
	double per_source_rate;   /* tokens per second for one source */
	double per_source_burst;
	double global_rate;       /* tokens per second for every source together */
	double global_burst;
	double onion_rate;        /* tokens per second for the Tor listener (NULL source) */
	double onion_burst;
	size_t sources;           /* table size */
};

struct ratelimit *ratelimit_new(const struct ratelimit_config *cfg);
void ratelimit_free(struct ratelimit *rl);

/*
 * Whether source (a 32-byte keyed hash) has a token at time now (seconds,
 * monotonic) in its bucket and in the overall one; with consume, take it.
 * false when either is empty; *retry_after_s then says when to come back.
 * (Follow-up checks first and charges only wrong receipts.) A NULL source
 * (a Tor listener, where every peer is the same) meets the Tor listener's
 * own overall bucket only, which no source ever draws on.
 */
bool ratelimit_check(struct ratelimit *rl, const uint8_t source[32], double now, bool consume,
		     int *retry_after_s);

#endif
