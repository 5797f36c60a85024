/*
 * age_case - the retention test's helper: move every date of a stored case
 * (received, accepted, settled, closed, decided, deadlines) DAYS back, as
 * if it had happened that long ago (the daemon must be stopped). Only for
 * tests: the daemon has no such operation.
 *
 *   e2e_age_case STORE_DIR CASE_ID DAYS
 */
#include <stdio.h>
#include <stdlib.h>

#include "cases.h"
#include "dm_units.h"

struct age {
	const char *id;
	int days;
};

static void shift(int32_t *day, int days)
{
	if (*day != STORE_DAY_NONE)
		*day -= days;
}

static int apply(struct store_txn *txn, struct store_write *w)
{
	struct age *a = w->arg;
	struct store_case before, after;
	int rc = store_case_get(txn, a->id, &before);
	if (rc != TC_OK)
		return rc;
	after = before;
	int32_t *days[] = {&after.received, &after.accepted, &after.settled, &after.closed,
			   &after.decided, &after.suspended_since, &after.next_deadline};
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++)
		shift(days[i], a->days);
	for (int k = 0; k < STORE_DEADLINES; k++)
		shift(&after.deadlines[k], a->days);
	const struct case_load op = {.before = &before, .after = &after, .day = before.received};
	return case_load_apply(txn, &op);
}

int main(int argc, char **argv)
{
	if (argc != 4 || dm_init() != TC_OK) {
		fprintf(stderr, "usage: e2e_age_case STORE_DIR CASE_ID DAYS\n");
		return 2;
	}
	struct store_options o = {.dir = argv[1], .exclusive = true};
	struct store *st;
	int rc = case_store_open(&o, &st);
	if (rc != TC_OK) {
		fprintf(stderr, "store: %s\n", tc_strerror(rc));
		return 1;
	}
	struct age a = {.id = argv[2], .days = atoi(argv[3])};
	struct store_write w = {.apply = apply, .arg = &a};
	rc = store_submit_wait(st, &w);
	store_close(st);
	if (rc != TC_OK)
		fprintf(stderr, "age_case: %s\n", tc_strerror(rc));
	return rc == TC_OK ? 0 : 1;
}
