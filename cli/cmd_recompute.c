/*
 * cmd_recompute.c - tocao recompute --data DIR [--dry-run] [--all] [--json]:
 * the open cases' deadlines recomputed with the instance's calendar
 * notices and rule sets, as the daemon does on start-up and SIGHUP
 * (docs/DEADLINES.md §9). --dry-run lists what would change and writes
 * nothing (the daemon may run); otherwise the store is opened exclusively,
 * which a running tocaod refuses (stop it, or send it SIGHUP instead).
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cases.h"
#include "cli_util.h"
#include "commands.h"
#include "dm_deadline.h"
#include "instance.h"

struct listing {
	bool json;
	cJSON *arr;
};

static cJSON *days_json(const struct store_case *c)
{
	cJSON *o = cJSON_CreateObject();
	char day[DM_DAY_STRLEN];
	for (int k = 0; k < STORE_DEADLINES; k++) {
		if (c->deadlines[k] == STORE_DAY_NONE)
			continue;
		dm_day_format(c->deadlines[k], day);
		cJSON_AddStringToObject(o, dm_deadline_key((enum dm_deadline_kind)k), day);
	}
	return o;
}

/* One case that would change: a line per deadline or flag that moves. */
static void report(const struct store_case *b, const struct store_case *a, const char *cause,
		   void *arg)
{
	struct listing *l = arg;
	if (l->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "case_id", a->case_id);
		cJSON_AddStringToObject(o, "cause", cause);
		cJSON_AddItemToObject(o, "old", days_json(b));
		cJSON_AddItemToObject(o, "new", days_json(a));
		cJSON_AddBoolToObject(o, "overdue_old", (b->flags & STORE_FLAG_OVERDUE) != 0);
		cJSON_AddBoolToObject(o, "overdue_new", (a->flags & STORE_FLAG_OVERDUE) != 0);
		cJSON_AddItemToArray(l->arr, o);
		return;
	}
	char od[DM_DAY_STRLEN], nd[DM_DAY_STRLEN];
	for (int k = 0; k < STORE_DEADLINES; k++) {
		if (b->deadlines[k] == a->deadlines[k] &&
		    ((b->provisional ^ a->provisional) >> k & 1) == 0)
			continue;
		dm_day_format(b->deadlines[k], od);
		dm_day_format(a->deadlines[k], nd);
		printf("%-9s %-16s %-21s %-11s %s%s\n", a->case_id, cause,
		       dm_deadline_key((enum dm_deadline_kind)k), b->deadlines[k] == STORE_DAY_NONE ? "-" : od,
		       a->deadlines[k] == STORE_DAY_NONE ? "-" : nd,
		       (a->provisional >> k) & 1 ? " (provisional)" : "");
	}
	if ((a->flags ^ b->flags) & STORE_FLAG_OVERDUE)
		printf("%-9s %-16s %-21s %-11s %s\n", a->case_id, cause, "overdue",
		       b->flags & STORE_FLAG_OVERDUE ? "yes" : "no",
		       a->flags & STORE_FLAG_OVERDUE ? "yes" : "no");
}

static int open_store(const char *dir, bool dry_run, struct store **st)
{
	char store_dir[INSTANCE_PATH_MAX];
	if (instance_path(dir, "store", store_dir, sizeof(store_dir)) != TC_OK)
		return cli_usage("recompute: instance path too long");
	struct store_options so = {.dir = store_dir, .read_only = dry_run, .exclusive = !dry_run};
	int rc = dry_run ? store_open(&so, st) : case_store_open(&so, st);
	if (rc == TC_EBUSY)
		return cli_fail("recompute: the store %s is in use by a running tocaod: stop it first, "
				"or send it SIGHUP (it recomputes itself), or use --dry-run",
				store_dir);
	if (rc != TC_OK)
		return cli_fail("recompute: store %s: %s", store_dir, tc_strerror(rc));
	return CLI_EXIT_OK;
}

static int print_result(const struct case_recompute_run *run, struct listing *l)
{
	if (l->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddBoolToObject(o, "dry_run", run->dry_run);
		cJSON_AddBoolToObject(o, "needed", run->needed);
		cJSON_AddNumberToObject(o, "checked", (double)run->checked);
		cJSON_AddNumberToObject(o, "changed", (double)run->changed);
		cJSON_AddStringToObject(o, "fingerprint", run->new_fingerprint);
		cJSON_AddStringToObject(o, "store_fingerprint", run->old_fingerprint);
		cJSON_AddItemToObject(o, "cases", l->arr);
		return cli_print_json(o);
	}
	cJSON_Delete(l->arr);
	if (!run->needed)
		puts("up to date: the open cases were computed with the data in force");
	else
		printf("%s: %zu open cases checked, %zu %s\n", run->dry_run ? "dry run" : "recomputed",
		       run->checked, run->changed, run->dry_run ? "would change" : "changed");
	return CLI_EXIT_OK;
}

int cmd_recompute(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'}, {"dry-run", no_argument, NULL, 'n'},
		{"all", no_argument, NULL, 'a'},	{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},	{NULL, 0, NULL, 0},
	};
	const char *dir = NULL;
	struct listing l = {0};
	struct case_recompute_run run = {.today = dm_day_from_unix((int64_t)time(NULL)),
					 .report = report, .arg = &l};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'n': run.dry_run = true; break;
		case 'a': run.force = true; break;
		case 'j': l.json = true; break;
		case 'h':
			puts("Usage: tocao recompute --data DIR [--dry-run] [--all] [--json]\n"
			     "Recompute the open cases' deadlines and overdue flags with DIR's calendar\n"
			     "notices and rule sets, if they changed since the store's cases were computed\n"
			     "(--all: check every open case anyway). --dry-run lists what would change\n"
			     "(case, cause, deadline, old, new) and writes nothing; without it the daemon\n"
			     "must be stopped.");
			return CLI_EXIT_OK;
		default: return cli_usage("recompute: bad option");
		}
	}
	if (dir == NULL || optind != argc)
		return cli_usage("recompute: give --data DIR");
	char err[INSTANCE_PATH_MAX + 256];
	if (instance_load_domain(dir, err, sizeof(err)) != TC_OK) {
		fprintf(stderr, "tocao: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	struct store *st = NULL;
	int rc = open_store(dir, run.dry_run, &st);
	if (rc != CLI_EXIT_OK)
		return rc;
	l.arr = cJSON_CreateArray();
	rc = case_recompute_all(st, &run);
	store_close(st);
	if (rc != TC_OK) {
		cJSON_Delete(l.arr);
		return cli_fail("recompute: %s (after %zu cases checked, %zu changed)", tc_strerror(rc),
				run.checked, run.changed);
	}
	return print_result(&run, &l);
}
