/*
 * tc_test.h - a minimal unit-test harness.
 *
 * A test file defines test functions and lists them in main() through
 * TC_RUN(fn); TC_CHECK* record a failure with file:line and go on, so one
 * run reports every broken expectation. tc_test_done() prints
 * "N passed, N failed" and returns the exit status.
 */
#ifndef TOCAO_TC_TEST_H
#define TOCAO_TC_TEST_H

#include <stdio.h>
#include <string.h>

static int tc_test_failed_checks;
static int tc_test_passed, tc_test_failed;

#define TC_CHECK(cond)                                                              \
	do {                                                                        \
		if (!(cond)) {                                                      \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
				#cond);                                             \
			tc_test_failed_checks++;                                    \
		}                                                                   \
	} while (0)

#define TC_CHECK_INT(a, b)                                                          \
	do {                                                                        \
		long long a_ = (long long)(a), b_ = (long long)(b);                 \
		if (a_ != b_) {                                                     \
			fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", \
				__FILE__, __LINE__, #a, a_, #b, b_);                \
			tc_test_failed_checks++;                                    \
		}                                                                   \
	} while (0)

#define TC_CHECK_STR(a, b)                                                          \
	do {                                                                        \
		const char *a_ = (a), *b_ = (b);                                    \
		if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0) {              \
			fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n",   \
				__FILE__, __LINE__, #a, a_ ? a_ : "(null)",         \
				b_ ? b_ : "(null)");                                \
			tc_test_failed_checks++;                                    \
		}                                                                   \
	} while (0)

#define TC_RUN(fn)                                                                  \
	do {                                                                        \
		int before_ = tc_test_failed_checks;                                \
		fn();                                                               \
		if (tc_test_failed_checks == before_) {                             \
			tc_test_passed++;                                           \
		} else {                                                            \
			tc_test_failed++;                                           \
			fprintf(stderr, "FAIL %s\n", #fn);                          \
		}                                                                   \
	} while (0)

static inline int tc_test_done(void)
{
	printf("%d passed, %d failed\n", tc_test_passed, tc_test_failed);
	return tc_test_failed ? 1 : 0;
}

#endif
