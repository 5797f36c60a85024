/*
 * tocao digest --data DIR --dry-run [--date YYYY-MM-DD] [--weekly] - the
 * reminders the daemon would queue on that day (today by default): every
 * recipient's message, as it would be sent (docs/OPERATIONS.md
 * "Reminders"). Reads the store; sends and writes nothing. The monitors'
 * weekly digests are shown on monitor_digest_weekday, or with --weekly.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "case_digest.h"
#include "case_figures.h"
#include "cli_util.h"
#include "commands.h"
#include "dm_calendar.h"
#include "instance.h"
#include "instance_mail.h"

struct digest_args {
	const char *dir, *date;
	int dry_run, weekly;
	struct tc_conf conf;
};

static int print_one(const struct case_digest_to *to, const char *message, void *arg)
{
	int *n = arg;
	(*n)++;
	printf("==== %s %s\n", to->kind == CASE_DIGEST_UNIT ? "unit" :
	       to->kind == CASE_DIGEST_INSPECTOR ? "inspector" : "monitor", to->name);
	for (const char *p = message; *p; p++)
		if (*p != '\r')
			putchar(*p);
	putchar('\n');
	return 0;
}

static struct case_digest_to *recipients(const char *dir, size_t *n, int *rc)
{
	struct instance_mail_to *in = NULL;
	char err[512] = "";
	*rc = instance_load_mail_to(dir, &in, n, err, sizeof(err));
	if (*rc != TC_OK) {
		cli_fail("digest: %s", err[0] ? err : tc_strerror(*rc));
		return NULL;
	}
	struct case_digest_to *to = calloc(*n ? *n : 1, sizeof(*to));
	for (size_t i = 0; to && i < *n; i++) {
		to[i].kind = in[i].kind == 'u'	 ? CASE_DIGEST_UNIT
			     : in[i].kind == 'm' ? CASE_DIGEST_MONITOR
						 : CASE_DIGEST_INSPECTOR;
		snprintf(to[i].name, sizeof(to[i].name), "%s", in[i].name);
		snprintf(to[i].scope, sizeof(to[i].scope), "%s", in[i].scope);
		memcpy(to[i].pk, in[i].pk, sizeof(to[i].pk));
		snprintf(to[i].address, sizeof(to[i].address), "%s", in[i].address);
	}
	free(in);
	return to;
}

static int build(struct digest_args *a, struct case_digest_plan *plan, struct case_digest_to *to,
		 size_t n, int *printed)
{
	char store_dir[INSTANCE_PATH_MAX], key_path[INSTANCE_PATH_MAX];
	struct store *st = NULL;
	struct store_txn *t = NULL;
	struct cr_server_key *key = NULL;
	struct store_options so = {.dir = store_dir, .read_only = true};
	int rc = instance_path(a->dir, "store", store_dir, sizeof(store_dir));
	if (rc == TC_OK)
		rc = instance_path(a->dir, "server.key", key_path, sizeof(key_path));
	if (rc == TC_OK)
		rc = cr_server_key_load(key_path, &key);
	if (rc == TC_OK)
		rc = store_open(&so, &st);
	if (rc == TC_OK)
		rc = store_read_begin(st, &t);
	mon_figures_init();
	plan->key = key;
	if (rc == TC_OK)
		rc = case_digest_build(t, plan, to, n, print_one, printed);
	store_read_end(t);
	store_close(st);
	cr_server_key_free(key);
	return rc;
}

static int parse(int argc, char **argv, struct digest_args *a)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'}, {"dry-run", no_argument, NULL, 'n'},
		{"date", required_argument, NULL, 't'}, {"weekly", no_argument, NULL, 'w'},
		{"help", no_argument, NULL, 'h'},	{NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': a->dir = optarg; break;
		case 'n': a->dry_run = 1; break;
		case 't': a->date = optarg; break;
		case 'w': a->weekly = 1; break;
		case 'h':
			puts("Usage: tocao digest --data DIR --dry-run [--date YYYY-MM-DD] [--weekly]");
			return CLI_EXIT_OK;
		default: return cli_usage("digest: bad option");
		}
	}
	if (a->dir == NULL || !a->dry_run || optind != argc)
		return cli_usage("digest: give --data DIR --dry-run (the daemon sends them)");
	return -1;
}

int cmd_digest(int argc, char **argv)
{
	struct digest_args a = {0};
	char err[512];
	int rc = parse(argc, argv, &a);
	if (rc >= 0)
		return rc;
	if (instance_load_conf(a.dir, &a.conf, err, sizeof(err)) != TC_OK ||
	    instance_load_domain(a.dir, err, sizeof(err)) != TC_OK)
		return cli_fail("digest: %s", err);
	struct case_digest_plan plan = {.today = dm_day_from_unix((int64_t)time(NULL)),
					.horizon_wd = a.conf.sweep_horizon_wd, .daily = true,
					.from = a.conf.smtp_from[0] ? a.conf.smtp_from : "tocao@localhost",
					.link = a.conf.digest_link};
	if (a.date && dm_day_parse(a.date, strlen(a.date), &plan.today) != TC_OK)
		return cli_usage("digest: --date is YYYY-MM-DD");
	int wd = dm_day_weekday(plan.today) % 7;
	plan.weekly = a.weekly || a.conf.monitor_digest_weekday == 7 ||
		      a.conf.monitor_digest_weekday == wd;
	plan.horizon = dm_cal_add_working_days(plan.today, plan.horizon_wd);
	size_t n = 0;
	struct case_digest_to *to = recipients(a.dir, &n, &rc);
	if (to == NULL)
		return CLI_EXIT_FAIL;
	int printed = 0;
	rc = build(&a, &plan, to, n, &printed);
	free(to);
	if (rc != TC_OK)
		return cli_fail("digest: %s", tc_strerror(rc));
	if (printed == 0)
		puts("No recipients: DIR/mailboxes.txt and DIR/principals/NAME.mail name none.");
	return CLI_EXIT_OK;
}
