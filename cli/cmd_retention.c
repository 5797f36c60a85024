/*
 * cmd_retention.c - tocao retention --data DIR [--dry-run | --compact] [--json]:
 * the closed cases past their retention period (tocao.conf
 * retention_*_years; docs/OPERATIONS.md "Retention").
 *
 *   --dry-run  lists them (case id, track, closing date, the day it became
 *              deletable; never content) and writes nothing: the daemon may run.
 *   (none)     deletes them now, as the daemon's sweep does, with an audit
 *              entry each; the store is opened exclusively (stop tocaod first).
 *   --compact  then rewrites the store with its live pages only, so that the
 *              pages the deleted cases' sealed bytes were on leave the file.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "case_retention.h"
#include "cases.h"
#include "cli_util.h"
#include "commands.h"
#include "dm_case.h"
#include "instance.h"

struct retention_args {
	const char *dir;
	bool dry_run, compact, json;
	struct tc_conf conf;
	struct case_retention_policy policy;
	char store_dir[INSTANCE_PATH_MAX];
};

struct found {
	bool json;
	cJSON *arr;
	char (*ids)[STORE_CASE_ID_LEN + 1];
	size_t n, cap;
	int rc;
};

static int list_one(const struct store_case *c, dm_day due, void *arg)
{
	struct found *f = arg;
	char closed[DM_DAY_STRLEN], on[DM_DAY_STRLEN];
	dm_day_format(c->closed, closed);
	dm_day_format(due, on);
	const char *track = dm_track_name((enum dm_track)c->track);
	if (f->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "case_id", c->case_id);
		cJSON_AddStringToObject(o, "track", track);
		cJSON_AddStringToObject(o, "closed", closed);
		cJSON_AddStringToObject(o, "deletable_since", on);
		cJSON_AddItemToArray(f->arr, o);
	} else {
		printf("%s  %-12s closed %s  deletable since %s\n", c->case_id, track, closed, on);
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		void *p = realloc(f->ids, cap * sizeof(*f->ids));
		if (p == NULL) {
			f->rc = TC_ENOMEM;
			return 1;
		}
		f->ids = p;
		f->cap = cap;
	}
	memcpy(f->ids[f->n++], c->case_id, STORE_CASE_ID_LEN + 1);
	return 0;
}

struct purge_write {
	struct store_write w;
	const struct case_retention_policy *p;
	dm_day today;
	struct found *f;
	size_t deleted;
};

static int purge_apply(struct store_txn *txn, struct store_write *w)
{
	struct purge_write *pw = w->arg;
	return case_retention_apply(txn, pw->p, pw->today,
				    (const char (*)[STORE_CASE_ID_LEN + 1])pw->f->ids, pw->f->n,
				    &pw->deleted);
}

static int parse(int argc, char **argv, struct retention_args *a)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'}, {"dry-run", no_argument, NULL, 'n'},
		{"compact", no_argument, NULL, 'c'},	 {"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},	 {NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': a->dir = optarg; break;
		case 'n': a->dry_run = true; break;
		case 'c': a->compact = true; break;
		case 'j': a->json = true; break;
		case 'h':
			puts("Usage: tocao retention --data DIR [--dry-run | --compact] [--json]\n"
			     "The closed cases past their retention period (tocao.conf retention_*_years):\n"
			     "--dry-run lists them (ids and closing dates only); without it they are\n"
			     "deleted (tocaod stopped); --compact also removes their pages from the file.");
			return CLI_EXIT_OK;
		default: return cli_usage("retention: bad option");
		}
	}
	if (a->dir == NULL || optind != argc)
		return cli_usage("retention: give --data DIR");
	if (a->dry_run && a->compact)
		return cli_usage("retention: --dry-run and --compact do not go together");
	return -1;
}

/* The instance's policy, refused (with the law's reason) when shorter than the floor. */
static int load_policy(struct retention_args *a)
{
	char err[INSTANCE_PATH_MAX + 512];
	if (instance_load_conf(a->dir, &a->conf, err, sizeof(err)) != TC_OK)
		return cli_fail("retention: %s", err);
	case_retention_from_conf(&a->conf, &a->policy);
	if (case_retention_check(&a->policy, err, sizeof(err)) != TC_OK)
		return cli_fail("retention: %s", err);
	if (instance_path(a->dir, "store", a->store_dir, sizeof(a->store_dir)) != TC_OK)
		return cli_fail("retention: instance path too long");
	return -1;
}

static int open_store(struct retention_args *a, struct store **st)
{
	struct store_options so = {.dir = a->store_dir, .read_only = a->dry_run,
				   .exclusive = !a->dry_run,
				   .map_size = a->conf.store_map_mb << 20};
	int rc = a->dry_run ? store_open(&so, st) : case_store_open(&so, st);
	if (rc == TC_EBUSY)
		return cli_fail("retention: the store %s is in use by a running tocaod: stop it "
				"first (or use --dry-run)", a->store_dir);
	if (rc != TC_OK)
		return cli_fail("retention: store %s: %s", a->store_dir, tc_strerror(rc));
	return -1;
}

static int compact(struct retention_args *a)
{
	uint64_t before = 0, after = 0;
	int rc = store_compact(a->store_dir, a->conf.store_map_mb << 20, &before, &after);
	if (rc == TC_EBUSY)
		return cli_fail("retention: the store %s is in use by a running tocaod: stop it "
				"first", a->store_dir);
	if (rc != TC_OK)
		return cli_fail("retention: compaction: %s (the store is unchanged)",
				tc_strerror(rc));
	if (!a->json)
		printf("compacted: %llu -> %llu bytes\n", (unsigned long long)before,
		       (unsigned long long)after);
	return -1;
}

static int finish(struct retention_args *a, struct found *f, size_t deleted)
{
	int r = a->compact ? compact(a) : -1;
	if (r >= 0)
		return r;
	if (a->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddBoolToObject(o, "dry_run", a->dry_run);
		cJSON_AddItemToObject(o, "cases", f->arr);
		cJSON_AddNumberToObject(o, "deleted", (double)deleted);
		cJSON_AddBoolToObject(o, "compacted", a->compact);
		cli_print_json(o);
		f->arr = NULL;
	} else {
		printf(a->dry_run ? "%zu closed cases past their retention period (nothing deleted)\n"
				  : "%zu closed cases deleted\n",
		       a->dry_run ? f->n : deleted);
	}
	return CLI_EXIT_OK;
}

int cmd_retention(int argc, char **argv)
{
	struct retention_args a = {0};
	int r = parse(argc, argv, &a);
	if (r < 0)
		r = load_policy(&a);
	struct store *st = NULL;
	if (r < 0)
		r = open_store(&a, &st);
	if (r >= 0)
		return r;
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	struct found f = {.json = a.json, .arr = cJSON_CreateArray()};
	struct store_txn *t = NULL;
	int rc = store_read_begin(st, &t);
	if (rc == TC_OK)
		rc = case_retention_scan(t, &a.policy, today, list_one, &f);
	store_read_end(t);
	if (rc == TC_OK)
		rc = f.rc;
	struct purge_write pw = {.p = &a.policy, .today = today, .f = &f};
	if (rc == TC_OK && !a.dry_run && f.n > 0) {
		pw.w = (struct store_write){.apply = purge_apply, .arg = &pw};
		rc = store_submit_wait(st, &pw.w);
	}
	store_close(st);
	if (rc == TC_OK)
		r = finish(&a, &f, pw.deleted);
	else
		r = cli_fail("retention: %s (nothing deleted)", tc_strerror(rc));
	cJSON_Delete(f.arr);
	free(f.ids);
	return r;
}
