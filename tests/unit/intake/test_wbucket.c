/*
 * Weighted buckets (intake/citizen/wbucket.h): bytes per source and overall, the largest
 * request always passing a full bucket, nothing taken on a refusal, a NULL source.
 */
#include <string.h>

#include "tc_test.h"
#include "wbucket.h"

static void key(uint8_t k[32], int n)
{
	memset(k, 0, 32);
	k[0] = (uint8_t)n;
	k[31] = (uint8_t)(n * 7);
}

static void test_bytes_per_source(void)
{
	/* 1,000 bytes a second, up to 3,000; overall out of the way. */
	struct wbucket_config cfg = {.source_rate = 1000, .source_burst = 3000,
				     .global_rate = 1e9, .global_burst = 1e9, .sources = 64};
	struct wbucket *wb = wbucket_new(&cfg);
	uint8_t a[32], b[32];
	int retry = 0;
	key(a, 1);
	key(b, 2);
	TC_CHECK(wbucket_take(wb, a, 10.0, 2000, &retry));
	TC_CHECK(wbucket_take(wb, a, 10.0, 1000, &retry));
	TC_CHECK(!wbucket_take(wb, a, 10.0, 500, &retry));
	TC_CHECK_INT(retry, 1);
	/* A refusal takes nothing: 1.5 s later 1,500 bytes are there, not 1,000. */
	TC_CHECK(!wbucket_take(wb, a, 10.5, 2000, &retry));
	TC_CHECK_INT(retry, 2);
	TC_CHECK(wbucket_take(wb, a, 11.5, 1500, &retry));
	/* Another source has its own bucket. */
	TC_CHECK(wbucket_take(wb, b, 11.5, 3000, &retry));
	/* Heavier than the bucket: taken as the whole bucket, once it is full. */
	TC_CHECK(!wbucket_take(wb, b, 12.0, 1e6, &retry));
	TC_CHECK_INT(retry, 3);
	TC_CHECK(wbucket_take(wb, b, 14.6, 1e6, &retry));
	wbucket_free(wb);
}

static void test_overall_and_null_source(void)
{
	struct wbucket_config cfg = {.source_rate = 1e6, .source_burst = 1e6,
				     .global_rate = 100, .global_burst = 1000, .sources = 16};
	struct wbucket *wb = wbucket_new(&cfg);
	uint8_t k[32];
	int retry = 0;
	/* Many sources share the overall bucket; a NULL source (Tor) meets it alone. */
	for (int i = 0; i < 10; i++) {
		key(k, i + 1);
		TC_CHECK(wbucket_take(wb, k, 1.0, 100, &retry));
	}
	TC_CHECK(!wbucket_take(wb, NULL, 1.0, 100, &retry));
	TC_CHECK_INT(retry, 1);
	TC_CHECK(wbucket_take(wb, NULL, 2.0, 100, &retry));
	/* A table of 16 slots under 1,000 sources stays usable (stale slots are taken over). */
	for (int i = 0; i < 1000; i++) {
		key(k, i);
		k[5] = (uint8_t)(i >> 8);
		(void)wbucket_take(wb, k, 100.0 + i, 1, &retry);
	}
	key(k, 3);
	TC_CHECK(wbucket_take(wb, k, 2000.0, 50, &retry));
	wbucket_free(wb);
}

int main(void)
{
	TC_RUN(test_bytes_per_source);
	TC_RUN(test_overall_and_null_source);
	return tc_test_done();
}
