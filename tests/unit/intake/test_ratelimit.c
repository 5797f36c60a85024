/* Token buckets: per source, overall, and overall only for a NULL source (a Tor listener). */
#include <string.h>

#include "ratelimit.h"
#include "tc_test.h"

static void key(uint8_t k[32], int n)
{
	memset(k, 0, 32);
	k[0] = (uint8_t)n;
	k[31] = (uint8_t)(n * 7);
}

static void test_per_source(void)
{
	struct ratelimit_config cfg = {.per_source_rate = 1.0, .per_source_burst = 3,
				       .global_rate = 1000, .global_burst = 1000, .sources = 64};
	struct ratelimit *rl = ratelimit_new(&cfg);
	uint8_t a[32], b[32];
	int retry = 0;
	key(a, 1);
	key(b, 2);
	for (int i = 0; i < 3; i++)
		TC_CHECK(ratelimit_check(rl, a, 10.0, true, &retry));
	TC_CHECK(!ratelimit_check(rl, a, 10.0, true, &retry));
	TC_CHECK_INT(retry, 1);
	/* Another source is not affected; a refused try costs nothing. */
	TC_CHECK(ratelimit_check(rl, b, 10.0, true, &retry));
	TC_CHECK(!ratelimit_check(rl, a, 10.5, true, &retry));
	TC_CHECK(ratelimit_check(rl, a, 11.01, true, &retry));
	/* Checking without consuming leaves the token there. */
	TC_CHECK(ratelimit_check(rl, a, 12.02, false, &retry));
	TC_CHECK(ratelimit_check(rl, a, 12.02, true, &retry));
	TC_CHECK(!ratelimit_check(rl, a, 12.02, true, &retry));
	ratelimit_free(rl);
}

static void test_global_and_null_source(void)
{
	struct ratelimit_config cfg = {.per_source_rate = 1.0 / 60, .per_source_burst = 1,
				       .global_rate = 1000, .global_burst = 1000,
				       .onion_rate = 0.5, .onion_burst = 4, .sources = 64};
	struct ratelimit *rl = ratelimit_new(&cfg);
	uint8_t a[32];
	int retry = 0;
	key(a, 1);
	TC_CHECK(ratelimit_check(rl, a, 1.0, true, &retry));
	/* The per-source bucket is empty; a NULL source meets only the Tor listener's. */
	TC_CHECK(!ratelimit_check(rl, a, 1.0, true, &retry));
	TC_CHECK_INT(retry, 60);
	for (int i = 0; i < 4; i++)
		TC_CHECK(ratelimit_check(rl, NULL, 1.0, true, &retry));
	TC_CHECK(!ratelimit_check(rl, NULL, 1.0, true, &retry));
	TC_CHECK_INT(retry, 2);
	TC_CHECK(ratelimit_check(rl, NULL, 3.0, true, &retry));
	ratelimit_free(rl);
}

/*
 * Issue 13: the Tor listener's overall bucket and the sources' are apart:
 * emptying either leaves the other whole.
 */
static void test_tor_and_https_apart(void)
{
	struct ratelimit_config cfg = {.per_source_rate = 1, .per_source_burst = 1000,
				       .global_rate = 1, .global_burst = 5,
				       .onion_rate = 1, .onion_burst = 5, .sources = 64};
	struct ratelimit *rl = ratelimit_new(&cfg);
	uint8_t a[32];
	int retry = 0;
	key(a, 1);
	for (int i = 0; i < 100; i++) /* a Tor client's flood */
		ratelimit_check(rl, NULL, 1.0, true, &retry);
	TC_CHECK(!ratelimit_check(rl, NULL, 1.0, true, &retry));
	for (int i = 0; i < 5; i++)
		TC_CHECK(ratelimit_check(rl, a, 1.0, true, &retry));
	TC_CHECK(!ratelimit_check(rl, a, 1.0, true, &retry)); /* the HTTPS overall one, now */
	TC_CHECK(ratelimit_check(rl, NULL, 2.01, true, &retry)); /* refilled on its own */
	ratelimit_free(rl);
}

static void test_many_sources_bounded(void)
{
	/* More sources than slots: the stalest are evicted, nothing grows. */
	struct ratelimit_config cfg = {.per_source_rate = 1.0, .per_source_burst = 1,
				       .global_rate = 1e9, .global_burst = 1e9, .sources = 16};
	struct ratelimit *rl = ratelimit_new(&cfg);
	uint8_t k[32];
	int retry = 0;
	for (int i = 0; i < 200; i++) {
		key(k, i);
		TC_CHECK(ratelimit_check(rl, k, (double)i / 1000, true, &retry));
	}
	ratelimit_free(rl);
}

int main(void)
{
	TC_RUN(test_per_source);
	TC_RUN(test_global_and_null_source);
	TC_RUN(test_tor_and_https_apart);
	TC_RUN(test_many_sources_bounded);
	return tc_test_done();
}
