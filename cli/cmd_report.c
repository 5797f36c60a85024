/*
 * tocao report --data DIR [--province P] --from DATE --to DATE - the period
 * figures a provincial steering committee reviews: received by track,
 * accepted, settled (on time), transferred, referred for criminal signs,
 * under monitoring, overdue now, on-time rate. The same figures as the
 * monitors' (case_figures.h, read from the counters: no case is read),
 * under the same disclosure control (mon_figures_publish: whole months,
 * counts rounded to multiples of 5 adding up to their totals, the rate
 * from those over at least MF_RATE_MIN settled cases), so that what a
 * committee is handed tells no more than the monitors' pages.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_util.h"
#include "commands.h"
#include "dm_case.h"
#include "dm_date.h"
#include "dm_units.h"
#include "instance.h"
#include "case_figures.h"

#define ROWS 9
#define TRACKS 8

struct sum {
	int64_t total, by_track[TRACKS];
};

/* The report's rows from the monitors' figures, in the order of rows[] below. */
static void sums_of(const struct mon_figures *f, struct sum sums[ROWS])
{
	static const int events[ROWS - 1] = {MF_RECEIVED, MF_ACCEPTED,	  MF_SETTLED,
					     MF_ON_TIME,  MF_DECLINED,	  MF_TRANSFERRED,
					     MF_CRIMINAL, MF_MONITORED};
	memset(sums, 0, ROWS * sizeof(*sums));
	for (int i = 0; i < ROWS - 1; i++) {
		sums[i].total = f->ev[events[i]];
		for (int k = 0; k < MF_TRACKS && k < TRACKS; k++)
			sums[i].by_track[k] = f->ev_track[events[i]][k];
	}
	sums[ROWS - 1].total = f->overdue;
}

/* The report's figures for a province (NULL: the nation) over [from, to]. */
static int compute(const char *dir, const struct dm_province *p, dm_day from, dm_day to,
		   dm_day today, struct sum sums[ROWS])
{
	char store_dir[INSTANCE_PATH_MAX], key_path[INSTANCE_PATH_MAX];
	struct store *st = NULL;
	struct store_txn *t = NULL;
	struct cr_server_key *key = NULL;
	struct store_options so = {.dir = store_dir, .read_only = true};
	struct mf_filter filter = {.province = ""};
	struct mon_figures *f = malloc(sizeof(*f));
	if (p)
		memcpy(filter.province, p->code, 2);
	int rc = f ? instance_path(dir, "store", store_dir, sizeof(store_dir)) : TC_ENOMEM;
	/* The server key decides the totals' rounding: the same figures as the monitors' pages. */
	if (rc == TC_OK)
		rc = instance_path(dir, "server.key", key_path, sizeof(key_path));
	if (rc == TC_OK)
		rc = cr_server_key_load(key_path, &key);
	if (rc == TC_OK)
		rc = store_open(&so, &st);
	if (rc == TC_OK)
		rc = store_read_begin(st, &t);
	mon_figures_init();
	if (rc == TC_OK)
		rc = mon_figures_publish(t, &filter, from, to, today, key, f);
	if (rc == TC_OK)
		sums_of(f, sums);
	store_read_end(t);
	store_close(st);
	cr_server_key_free(key);
	free(f);
	return rc;
}

static void cell(char *out, size_t cap, int64_t n)
{
	snprintf(out, cap, "%lld", (long long)n);
}

/* The report's rows, in the order of sums_of. */
static const struct {
	const char *key, *label;
} rows[ROWS] = {
	{"received", "Tiếp nhận / received"},
	{"accepted", "Thụ lý / accepted"},
	{"settled", "Giải quyết / settled"},
	{"settled_on_time", "  đúng hạn / on time"},
	{"declined", "Không thụ lý / declined"},
	{"transferred", "Chuyển đơn / transferred"},
	{"referred_criminal_signs", "Chuyển cơ quan điều tra / criminal signs"},
	{"under_monitoring", "Giám sát / under monitoring"},
	{"overdue_now", "Quá hạn hiện nay / overdue now"},
};

struct report_args {
	const char *dir, *province, *from_s, *to_s;
	int json;
	dm_day from, to;
	const struct dm_province *p; /* NULL: the nation */
};

/* -1 to go on, else the exit status. */
static int report_options(int argc, char **argv, struct report_args *a)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},	   {"province", required_argument, NULL, 'p'},
		{"from", required_argument, NULL, 'f'},	   {"to", required_argument, NULL, 't'},
		{"json", no_argument, NULL, 'j'},	   {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': a->dir = optarg; break;
		case 'p': a->province = optarg; break;
		case 'f': a->from_s = optarg; break;
		case 't': a->to_s = optarg; break;
		case 'j': a->json = 1; break;
		case 'h':
			puts("Usage: tocao report --data DIR [--province P] --from YYYY-MM-DD --to YYYY-MM-DD [--json]\n"
			     "Period figures for a provincial steering committee (or the nation).");
			return CLI_EXIT_OK;
		default: return cli_usage("report: bad option");
		}
	}
	if (a->dir == NULL || a->from_s == NULL || a->to_s == NULL || optind != argc)
		return cli_usage("report: give --data DIR, --from and --to");
	if (dm_day_parse(a->from_s, strlen(a->from_s), &a->from) != TC_OK ||
	    dm_day_parse(a->to_s, strlen(a->to_s), &a->to) != TC_OK || a->from > a->to)
		return cli_usage("report: --from and --to are real dates, from <= to");
	a->p = a->province ? dm_province_find(a->province) : NULL;
	if (a->province && a->p == NULL)
		return cli_usage("report: '%s' is not one of the 34 province codes", a->province);
	return -1;
}

/* A published figure. */
static void add_cell(cJSON *o, const char *name, int64_t n)
{
	cJSON_AddNumberToObject(o, name, (double)n);
}

/* The period as used (whole months), for the output. */
static void period_strings(const struct report_args *a, char from[DM_DAY_STRLEN],
			   char to[DM_DAY_STRLEN])
{
	dm_day_format(a->from, from);
	dm_day_format(a->to, to);
}

static int report_json(const struct report_args *a, const struct sum sums[ROWS])
{
	int rate = mon_rate_permille(sums[3].total, sums[2].total);
	char from[DM_DAY_STRLEN], to[DM_DAY_STRLEN];
	period_strings(a, from, to);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "scope", a->p ? a->p->code : "national");
	cJSON_AddStringToObject(o, "from", from);
	cJSON_AddStringToObject(o, "to", to);
	cJSON_AddNumberToObject(o, "rounding_base", MF_ROUND_BASE);
	for (size_t i = 0; i < ROWS; i++)
		add_cell(o, rows[i].key, sums[i].total);
	cJSON *bt = cJSON_AddObjectToObject(o, "received_by_track");
	for (int k = 1; k < TRACKS; k++)
		if (sums[0].by_track[k])
			add_cell(bt, dm_track_name((enum dm_track)k), sums[0].by_track[k]);
	if (rate >= 0)
		cJSON_AddNumberToObject(o, "on_time_rate", rate / 1000.0);
	else
		cJSON_AddNullToObject(o, "on_time_rate");
	return cli_print_json(o);
}

static int report_text(const struct report_args *a, const struct sum sums[ROWS])
{
	int rate = mon_rate_permille(sums[3].total, sums[2].total);
	char buf[32], from[DM_DAY_STRLEN], to[DM_DAY_STRLEN];
	period_strings(a, from, to);
	printf("Báo cáo / report: %s, %s → %s\n\n", a->p ? a->p->full_name : "toàn quốc / national",
	       from, to);
	for (size_t i = 0; i < ROWS; i++) {
		cell(buf, sizeof(buf), sums[i].total);
		printf("  %-44s %8s\n", rows[i].label, buf);
		if (i == 0)
			for (int k = 1; k < TRACKS; k++)
				if (sums[0].by_track[k]) {
					cell(buf, sizeof(buf), sums[0].by_track[k]);
					printf("    %-42s %8s\n", dm_track_name((enum dm_track)k), buf);
				}
	}
	if (rate >= 0)
		printf("  %-44s %5d.%d%%\n", "Tỷ lệ đúng hạn / on-time rate", rate / 10, rate % 10);
	printf("\n  Làm tròn đến bội số của %d / rounded to multiples of %d (the parts add up to the totals)\n",
	       MF_ROUND_BASE, MF_ROUND_BASE);
	return CLI_EXIT_OK;
}

int cmd_report(int argc, char **argv)
{
	struct report_args a = {0};
	int rc = report_options(argc, argv, &a);
	if (rc >= 0)
		return rc;
	struct sum sums[ROWS];
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	/* Whole months, as on the monitors' pages. */
	mon_period_months(&a.from, &a.to, today);
	rc = compute(a.dir, a.p, a.from, a.to, today, sums);
	if (rc != TC_OK)
		return cli_fail("report: %s", tc_strerror(rc));
	return a.json ? report_json(&a, sums) : report_text(&a, sums);
}
