/*
 * sweep_bench - the cost of one deadline sweep as the store grows.
 *
 * For each size, fill a fresh store with synthetic cases (the sweep test's
 * mix of states, deadlines spread over the coming 400 days and the last 3,
 * so that about 1.5% are due within the horizon), then time
 * sweep_scan with a 3-day horizon (median of 7 runs), and for comparison a
 * scan that reads every case of one unit. Usage: sweep_bench [N ...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "dm_units.h"
#include "sweep.h"
#include "sweep_fixture.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int count_all(const struct store_case *c, void *arg)
{
	(void)c;
	(*(size_t *)arg)++;
	return 0;
}

int main(int argc, char **argv)
{
	size_t sizes[8] = {10000, 100000, 1000000};
	int nsizes = 3;
	if (argc > 1) {
		nsizes = 0;
		for (int i = 1; i < argc && nsizes < 8; i++)
			sizes[nsizes++] = strtoul(argv[i], NULL, 10);
	}
	if (dm_init() != 0)
		return 1;
	dm_day today;
	dm_day_from_ymd(2026, 11, 22, &today);
	printf("%10s %10s %12s %14s %16s\n", "cases", "visited", "sweep (ms)", "per case (us)",
	       "unit scan (ms)");
	for (int s = 0; s < nsizes; s++) {
		char dir[] = "/tmp/tocao-sweep-bench-XXXXXX";
		if (mkdtemp(dir) == NULL)
			return 1;
		struct store *st;
		struct store_options o = {.dir = dir, .map_size = (size_t)8 << 30};
		if (store_open(&o, &st) != 0 || fixture_fill_spread(st, sizes[s], today, -3, 403, NULL) != 0)
			return 1;
		double t[7];
		size_t visited = 0;
		for (int k = 0; k < 7; k++) {
			struct store_txn *txn;
			struct sweep_result r;
			double a = now();
			if (store_read_begin(st, &txn) != 0 || sweep_scan(txn, today, today + 3, &r) != 0)
				return 1;
			store_read_end(txn);
			t[k] = now() - a;
			visited = r.visited;
			free(r.marks);
		}
		qsort(t, 7, sizeof(t[0]), cmp_double);
		struct store_txn *txn;
		size_t n = 0;
		double a = now();
		if (store_read_begin(st, &txn) != 0 || store_unit_cases(txn, "TT-96", NULL, count_all, &n) != 0)
			return 1;
		store_read_end(txn);
		double full = now() - a;
		printf("%10zu %10zu %12.2f %14.3f %16.2f\n", sizes[s], visited, t[3] * 1e3,
		       visited ? t[3] * 1e6 / (double)visited : 0.0, full * 1e3);
		store_close(st);
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			return 1;
	}
	return 0;
}
