/*
 * backdate - an end-to-end test's helper: move a stored case's dates back,
 * as if it had been received DAYS days earlier (the daemon must be
 * stopped). Only for tests: the daemon has no such operation.
 *
 *   e2e_backdate STORE_DIR CASE_ID DAYS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "dm_units.h"

struct shift {
	const char *id;
	int days;
};

static int apply(struct store_txn *txn, struct store_write *w)
{
	struct shift *s = w->arg;
	struct store_case before, after;
	int rc = store_case_get(txn, s->id, &before);
	if (rc != TC_OK)
		return rc;
	after = before;
	after.received -= s->days;
	for (int k = 0; k < STORE_DEADLINES; k++)
		if (after.deadlines[k] != STORE_DAY_NONE)
			after.deadlines[k] -= s->days;
	if (after.next_deadline != STORE_DAY_NONE)
		after.next_deadline -= s->days;
	const struct case_load op = {.before = &before, .after = &after, .day = before.received};
	return case_load_apply(txn, &op);
}

int main(int argc, char **argv)
{
	if (argc != 4 || dm_init() != TC_OK) {
		fprintf(stderr, "usage: e2e_backdate STORE_DIR CASE_ID DAYS\n");
		return 2;
	}
	struct store_options o = {.dir = argv[1], .exclusive = true};
	struct store *st;
	int rc = case_store_open(&o, &st);
	if (rc != TC_OK) {
		fprintf(stderr, "store: %s\n", tc_strerror(rc));
		return 1;
	}
	struct shift s = {.id = argv[2], .days = atoi(argv[3])};
	struct store_write w = {.apply = apply, .arg = &s};
	rc = store_submit_wait(st, &w);
	store_close(st);
	if (rc != TC_OK)
		fprintf(stderr, "backdate: %s\n", tc_strerror(rc));
	return rc == TC_OK ? 0 : 1;
}
