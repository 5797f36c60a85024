/*
 * cmd_domain.c - tocao deadlines | calendar | route: the domain layer's
 * answers without a daemon, computed exactly as the daemon computes them.
 */
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "cmd_domain.h"
#include "dm_calendar.h"
#include "dm_case.h"
#include "dm_deadline.h"
#include "dm_route.h"
#include "dm_units.h"
#include "instance.h"

static const char *const weekday_en[8] = {"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* --data DIR: the instance whose corrections (notices, rule sets) apply. */
static const char *data_dir;

/*
 * Take "--data DIR" or "--data=DIR" out of argv (every command of this
 * file accepts it, anywhere), so that the commands' own parsing is as
 * before. CLI_EXIT_USAGE without a value.
 */
static int take_data_option(int *argc, char **argv)
{
	data_dir = NULL;
	int out = 0;
	for (int i = 0; i < *argc; i++) {
		if (strcmp(argv[i], "--data") == 0) {
			if (i + 1 >= *argc)
				return cli_usage("option --data needs a value");
			data_dir = argv[++i];
		} else if (strncmp(argv[i], "--data=", 7) == 0) {
			data_dir = argv[i] + 7;
		} else {
			argv[out++] = argv[i];
		}
	}
	*argc = out;
	argv[out] = NULL;
	return CLI_EXIT_OK;
}

/* The reference data, and with --data the instance's corrections as the daemon loads them. */
static int init_domain(void)
{
	int rc = dm_init();
	if (rc != TC_OK)
		return cli_fail("cannot load the reference data: %s", tc_strerror(rc));
	if (data_dir != NULL) {
		char err[INSTANCE_PATH_MAX + 256];
		if (instance_load_domain(data_dir, err, sizeof(err)) != TC_OK) {
			fprintf(stderr, "tocao: %s\n", err);
			return CLI_EXIT_USAGE;
		}
	}
	return CLI_EXIT_OK;
}

/* Start a fresh getopt_long scan (glibc: optind = 0 re-initialises). */
static void getopt_reset(void)
{
	optind = 0;
	opterr = 0;
}

/*
 * getopt_long returned '?': with opterr = 0, optopt holds the option's
 * value when its argument is missing (our long options are >= 256), the
 * letter of an unknown short option, or 0 for an unknown long option.
 */
static int bad_option(char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";
	if (optopt >= 256)
		return cli_usage("option %s needs a value", arg);
	if (arg[0] == '-' && arg[1] >= '0' && arg[1] <= '9')
		return cli_usage("%s: negative numbers of days are not accepted", arg);
	if (optopt != 0)
		return cli_usage("unknown option -%c", optopt);
	return cli_usage("unknown option %s", arg);
}

/* A whole decimal integer in [lo, hi]. */
static bool parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	if (s == NULL || *s == '\0')
		return false;
	long v = strtol(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static int parse_day_arg(const char *opt, const char *s, dm_day *out)
{
	int rc = dm_day_parse(s, strlen(s), out);
	if (rc == TC_ERANGE)
		return cli_usage("%s %s: year outside %d-%d", opt, s, DM_YEAR_MIN, DM_YEAR_MAX);
	if (rc != TC_OK)
		return cli_usage("%s %s: not a real date (YYYY-MM-DD)", opt, s);
	return CLI_EXIT_OK;
}

static void add_date(cJSON *obj, const char *key, dm_day d)
{
	char b[DM_DAY_STRLEN];
	dm_day_format(d, b);
	cJSON_AddStringToObject(obj, key, b);
}

/* ---- tocao deadlines ---- */

static void deadlines_help(void)
{
	puts("usage: tocao deadlines --kind denunciation|complaint|petition [--anonymous]\n"
	     "         --received YYYY-MM-DD [--accepted YYYY-MM-DD] [--settled YYYY-MM-DD]\n"
	     "         [--extensions N] [--complicated | --particularly-complicated]\n"
	     "         [--suspended-days N] [--several-places] [--remote-area]\n"
	     "         [--instance 1|2] [--json] [--data DIR]\n"
	     "Prints the legal deadlines of a case as the daemon computes them; with\n"
	     "--data DIR, with that instance's calendar notices and rule sets.");
}

enum {
	OPT_KIND = 256, OPT_ANON, OPT_RECEIVED, OPT_ACCEPTED, OPT_SETTLED, OPT_EXT, OPT_SUSP,
	OPT_SEVERAL, OPT_REMOTE, OPT_INSTANCE, OPT_COMPL, OPT_PCOMPL, OPT_JSON, OPT_HELP,
	OPT_WORKING, OPT_CALENDAR, OPT_PROVINCE, OPT_COMMUNE, OPT_LEVEL, OPT_OLD,
};

static const struct option deadlines_opts[] = {
	{"kind", required_argument, NULL, OPT_KIND},
	{"anonymous", no_argument, NULL, OPT_ANON},
	{"received", required_argument, NULL, OPT_RECEIVED},
	{"accepted", required_argument, NULL, OPT_ACCEPTED},
	{"settled", required_argument, NULL, OPT_SETTLED},
	{"extensions", required_argument, NULL, OPT_EXT},
	{"suspended-days", required_argument, NULL, OPT_SUSP},
	{"several-places", no_argument, NULL, OPT_SEVERAL},
	{"remote-area", no_argument, NULL, OPT_REMOTE},
	{"instance", required_argument, NULL, OPT_INSTANCE},
	{"complicated", no_argument, NULL, OPT_COMPL},
	{"particularly-complicated", no_argument, NULL, OPT_PCOMPL},
	{"json", no_argument, NULL, OPT_JSON},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

/* The options of tocao deadlines, as given. */
struct deadlines_args {
	const char *kind_s, *received_s, *accepted_s, *settled_s;
	bool anonymous, json, several, remote, compl, pcompl, have_instance, have_ext, help;
	long extensions, suspended, instance;
};

/* Read the options into a; an exit status other than CLI_EXIT_OK on bad usage. */
static int deadlines_parse(int argc, char **argv, struct deadlines_args *a)
{
	int c;
	*a = (struct deadlines_args){.instance = 1};
	getopt_reset();
	while ((c = getopt_long(argc, argv, "", deadlines_opts, NULL)) != -1) {
		switch (c) {
		case OPT_KIND: a->kind_s = optarg; break;
		case OPT_ANON: a->anonymous = true; break;
		case OPT_RECEIVED: a->received_s = optarg; break;
		case OPT_ACCEPTED: a->accepted_s = optarg; break;
		case OPT_SETTLED: a->settled_s = optarg; break;
		case OPT_EXT:
			if (!parse_int(optarg, 0, INT_MAX, &a->extensions))
				return cli_usage("--extensions %s: not a number of extensions", optarg);
			a->have_ext = true;
			break;
		case OPT_SUSP:
			if (!parse_int(optarg, 0, 36500, &a->suspended))
				return cli_usage("--suspended-days %s: not a number of days (0-36500)",
						 optarg);
			break;
		case OPT_SEVERAL: a->several = true; break;
		case OPT_REMOTE: a->remote = true; break;
		case OPT_INSTANCE:
			if (!parse_int(optarg, 1, 2, &a->instance))
				return cli_usage("--instance %s: a complaint is settled at instance 1 or 2",
						 optarg);
			a->have_instance = true;
			break;
		case OPT_COMPL: a->compl = true; break;
		case OPT_PCOMPL: a->pcompl = true; break;
		case OPT_JSON: a->json = true; break;
		case OPT_HELP: a->help = true; return CLI_EXIT_OK;
		default: return bad_option(argv);
		}
	}
	if (optind < argc)
		return cli_usage("deadlines: unexpected argument %s", argv[optind]);
	if (a->kind_s == NULL)
		return cli_usage("deadlines: --kind is required (denunciation, complaint, petition)");
	if (a->received_s == NULL)
		return cli_usage("deadlines: --received YYYY-MM-DD is required");
	return CLI_EXIT_OK;
}

/* Flags that cannot apply to this track are contradictions, not noise. */
static int deadlines_contradictions(const struct deadlines_args *a, enum dm_track track)
{
	const bool den = track == DM_TRACK_DENUNCIATION, cpl = track == DM_TRACK_COMPLAINT;
	const char *tname = dm_track_name(track);
	if (a->compl && a->pcompl)
		return cli_usage("--complicated and --particularly-complicated exclude each other");
	if ((a->compl || a->pcompl) && !den && !cpl)
		return cli_usage("complexity applies to denunciations and complaints, not to the "
				 "%s track", tname);
	if (a->have_ext && !den)
		return cli_usage("--extensions applies to denunciations only (this is the %s track)",
				 tname);
	if (a->several && !den)
		return cli_usage("--several-places applies to denunciations only (Art. 24(1))");
	if ((a->remote || a->have_instance) && !cpl)
		return cli_usage("--remote-area and --instance apply to complaints only");
	if (a->accepted_s != NULL && !den && !cpl)
		return cli_usage("the %s track has no acceptance (--accepted)", tname);
	if (a->settled_s != NULL && !den)
		return cli_usage("--settled applies to denunciations only (conclusion notice)");
	if (a->suspended > 0 && a->accepted_s == NULL)
		return cli_usage("--suspended-days needs --accepted: only the settlement clock is "
				 "suspended");
	if (((a->have_ext && a->extensions > 0) || a->settled_s != NULL) && a->accepted_s == NULL)
		return cli_usage("extensions and settlement need --accepted");
	return CLI_EXIT_OK;
}

/*
 * Why deadline k is provisional, in English, into buf: its window counts a
 * day of a year whose calendar is only computed, or a day off whose
 * instrument is unconfirmed. "" if it is not provisional.
 */
static const char *provisional_note(const struct dm_deadlines *dl, int k, char *buf, size_t n)
{
	buf[0] = '\0';
	if (!dl->provisional[k])
		return buf;
	const dm_day d = dl->provisional_day[k];
	int y, m, dd;
	dm_day_to_ymd(d, &y, &m, &dd);
	struct dm_cal_day info;
	if (dm_cal_year_status(y) == DM_CAL_YEAR_ANNOUNCED && dm_cal_day_info(d, &info) == TC_OK &&
	    info.doubt_en[0] != '\0') {
		char b[DM_DAY_STRLEN];
		dm_day_format(d, b);
		snprintf(buf, n, "provisional: %s is not confirmed (%s)", b, info.doubt_en);
	} else {
		snprintf(buf, n, "provisional: the calendar of %d is not announced yet", y);
	}
	return buf;
}

static int deadlines_print_json(enum dm_kind kind, enum dm_track track, dm_day received,
				const struct dm_deadlines *dl)
{
	cJSON *root = cJSON_CreateObject(), *d = cJSON_CreateObject(),
	      *basis = cJSON_CreateObject(), *prov = cJSON_CreateObject(),
	      *notes = cJSON_CreateObject();
	char note[320];
	cJSON_AddStringToObject(root, "kind", dm_kind_name(kind));
	cJSON_AddStringToObject(root, "track", dm_track_name(track));
	add_date(root, "received_on", received);
	cJSON_AddStringToObject(root, "rule_set", dl->rules->name);
	for (int k = 0; k < DM_DL_COUNT; k++) {
		if (dl->at[k] == DM_DAY_NONE)
			continue;
		const char *key = dm_deadline_key((enum dm_deadline_kind)k);
		add_date(d, key, dl->at[k]);
		/* Also at the top level, for scripts that want one lookup. */
		add_date(root, key, dl->at[k]);
		cJSON_AddStringToObject(basis, key, dl->basis[k]);
		cJSON_AddBoolToObject(prov, key, dl->provisional[k]);
		if (dl->provisional[k])
			cJSON_AddStringToObject(notes, key, provisional_note(dl, k, note, sizeof(note)));
	}
	cJSON_AddItemToObject(root, "deadlines", d);
	cJSON_AddItemToObject(root, "basis", basis);
	cJSON_AddItemToObject(root, "provisional", prov);
	cJSON_AddItemToObject(root, "provisional_note", notes);
	return cli_print_json(root);
}

/* The computed deadlines, as JSON or as a table. */
static int deadlines_print(bool json, enum dm_kind kind, enum dm_track track, dm_day received,
			   const struct dm_deadlines *dl)
{
	char b[DM_DAY_STRLEN], note[320];
	if (json)
		return deadlines_print_json(kind, track, received, dl);
	dm_day_format(received, b);
	printf("%-22s %s\n", "track", dm_track_name(track));
	printf("%-22s %s (%s)\n", "rule set", dl->rules->name, dl->rules->title);
	printf("%-22s %s %s\n", "received", b, weekday_en[dm_day_weekday(received)]);
	for (int k = 0; k < DM_DL_COUNT; k++) {
		if (dl->at[k] == DM_DAY_NONE)
			continue;
		dm_day_format(dl->at[k], b);
		printf("%-22s %s %s  %s\n", dm_deadline_key((enum dm_deadline_kind)k), b,
		       weekday_en[dm_day_weekday(dl->at[k])], dl->basis[k]);
		if (dl->provisional[k])
			printf("%-22s (%s)\n", "", provisional_note(dl, k, note, sizeof(note)));
	}
	return CLI_EXIT_OK;
}

int cmd_deadlines(int argc, char **argv)
{
	struct deadlines_args a;
	int rc = take_data_option(&argc, argv);
	if (rc != CLI_EXIT_OK)
		return rc;
	rc = deadlines_parse(argc, argv, &a);
	if (rc != CLI_EXIT_OK)
		return rc;
	if (a.help) {
		deadlines_help();
		return CLI_EXIT_OK;
	}
	enum dm_kind kind;
	if (dm_kind_parse(a.kind_s, &kind) != TC_OK)
		return cli_usage("--kind %s: not one of denunciation, complaint, petition", a.kind_s);
	enum dm_track track;
	if (dm_track_for(kind, a.anonymous ? DM_IDENTITY_ANONYMOUS : DM_IDENTITY_NAMED, &track) !=
	    TC_OK)
		return cli_usage("an anonymous complaint is not accepted: file it named, or as a "
				 "petition");
	if ((rc = init_domain()) != CLI_EXIT_OK)
		return rc;

	struct dm_clock clk;
	dm_day received;
	if ((rc = parse_day_arg("--received", a.received_s, &received)) != CLI_EXIT_OK)
		return rc;
	dm_clock_init(&clk, track, received);
	if (a.accepted_s != NULL && (rc = parse_day_arg("--accepted", a.accepted_s, &clk.accepted)))
		return rc;
	if (a.settled_s != NULL && (rc = parse_day_arg("--settled", a.settled_s, &clk.settled)))
		return rc;
	if ((rc = deadlines_contradictions(&a, track)) != CLI_EXIT_OK)
		return rc;
	clk.extensions = a.extensions > 2 ? 3 : (int)a.extensions;
	clk.complexity = a.pcompl ? DM_COMPLEXITY_PARTICULARLY
			 : a.compl ? DM_COMPLEXITY_COMPLICATED
				   : DM_COMPLEXITY_NONE;
	clk.suspended_days = (int)a.suspended;
	clk.several_places = a.several;
	clk.remote_area = a.remote;
	clk.instance = (int)a.instance;

	struct dm_deadlines dl;
	rc = dm_deadlines_compute(&clk, &dl);
	if (rc != TC_OK)
		return cli_usage("%s", dm_deadlines_explain(&clk, rc));
	return deadlines_print(a.json, kind, track, received, &dl);
}

/* ---- tocao calendar ---- */

static void calendar_help(void)
{
	puts("usage: tocao calendar holidays YEAR [--json] [--data DIR]\n"
	     "       tocao calendar add-days YYYY-MM-DD N --working|--calendar [--json] [--data DIR]\n"
	     "--data DIR: with the instance's calendar notices (DIR/calendar-notices.txt).\n"
	     "holidays: the days off of YEAR (besides ordinary weekends) with their reason,\n"
	     "and the weekend days made working days.\n"
	     "add-days: N working days after the date (counting starts the next day), or\n"
	     "N calendar days moved to the next working day if they end on a day off.");
}

static cJSON *day_json(const struct dm_cal_day *e)
{
	cJSON *o = cJSON_CreateObject();
	add_date(o, "date", e->day);
	cJSON_AddStringToObject(o, "weekday", weekday_en[dm_day_weekday(e->day)]);
	cJSON_AddStringToObject(o, "kind", dm_cal_kind_name(e->kind));
	cJSON_AddStringToObject(o, "reason", e->reason);
	cJSON_AddStringToObject(o, "reason_en", e->reason_en);
	cJSON_AddBoolToObject(o, "provisional", e->provisional);
	if (e->doubt_en[0] != '\0')
		cJSON_AddStringToObject(o, "unconfirmed", e->doubt_en);
	return o;
}

static int holidays_print_json(int year, const struct dm_cal_day *off, size_t n_off,
			       const struct dm_cal_day *work, size_t n_work)
{
	cJSON *root = cJSON_CreateObject(), *a = cJSON_CreateArray(), *w = cJSON_CreateArray();
	cJSON_AddNumberToObject(root, "year", (double)year);
	cJSON_AddStringToObject(root, "status", dm_cal_year_status_name(dm_cal_year_status(year)));
	cJSON_AddStringToObject(root, "documents", dm_cal_year_documents(year));
	for (size_t i = 0; i < n_off; i++)
		cJSON_AddItemToArray(a, day_json(&off[i]));
	for (size_t i = 0; i < n_work; i++)
		cJSON_AddItemToArray(w, day_json(&work[i]));
	cJSON_AddItemToObject(root, "holidays", a);
	cJSON_AddItemToObject(root, "working_days", w);
	return cli_print_json(root);
}

/* One line of the text listing, with its doubt if any. */
static void holiday_line(const struct dm_cal_day *e)
{
	char b[DM_DAY_STRLEN];
	dm_day_format(e->day, b);
	printf("%s %s  %s (%s)", b, weekday_en[dm_day_weekday(e->day)], e->reason, e->reason_en);
	if (e->doubt_en[0] != '\0')
		printf(" [unconfirmed: %s]", e->doubt_en);
	putchar('\n');
}

static void holidays_print_text(int year, const struct dm_cal_day *off, size_t n_off,
				const struct dm_cal_day *work, size_t n_work)
{
	if (dm_cal_year_status(year) == DM_CAL_YEAR_ANNOUNCED)
		printf("Calendar of %d: announced (%s)\n", year, dm_cal_year_documents(year));
	else
		printf("Calendar of %d: computed from the Labour Code, no notice announced yet; "
		       "deadlines that count its days are provisional\n",
		       year);
	printf("Days off in %d (besides ordinary weekends):\n", year);
	for (size_t i = 0; i < n_off; i++)
		holiday_line(&off[i]);
	if (n_work > 0) {
		printf("Weekend days made working days:\n");
		for (size_t i = 0; i < n_work; i++)
			holiday_line(&work[i]);
	}
}

static int calendar_holidays(const char *year_s, bool json)
{
	long year;
	if (!parse_int(year_s, INT_MIN, INT_MAX, &year) || strlen(year_s) != 4)
		return cli_usage("calendar holidays %s: not a year (YYYY)", year_s);
	if (year < DM_YEAR_MIN || year > DM_YEAR_MAX)
		return cli_usage("calendar holidays %s: year outside %d-%d", year_s, DM_YEAR_MIN,
				 DM_YEAR_MAX);
	int rc = init_domain();
	if (rc != CLI_EXIT_OK)
		return rc;
	struct dm_cal_day off[DM_CAL_YEAR_MAX], work[DM_CAL_YEAR_MAX];
	size_t n_off, n_work;
	if (dm_cal_holidays((int)year, off, DM_CAL_YEAR_MAX, &n_off) != TC_OK ||
	    dm_cal_swapped_workdays((int)year, work, DM_CAL_YEAR_MAX, &n_work) != TC_OK)
		return cli_fail("cannot list the days of %ld", year);
	if (json)
		return holidays_print_json((int)year, off, n_off, work, n_work);
	holidays_print_text((int)year, off, n_off, work, n_work);
	return CLI_EXIT_OK;
}

static int calendar_add_days(const char *date_s, const char *n_s, int mode, bool json)
{
	dm_day start;
	long n;
	int rc = parse_day_arg("calendar add-days", date_s, &start);
	if (rc != CLI_EXIT_OK)
		return rc;
	if (!parse_int(n_s, 0, 36500, &n))
		return cli_usage("calendar add-days: N must be a whole number of days, 0-36500 (got "
				 "%s)", n_s);
	if (mode == 0)
		return cli_usage("calendar add-days: say --working or --calendar");
	if ((rc = init_domain()) != CLI_EXIT_OK)
		return rc;
	dm_day r = mode == OPT_WORKING ? dm_cal_add_working_days(start, (int)n)
				       : dm_cal_add_calendar_days(start, (int)n);
	if (r == DM_DAY_NONE)
		return cli_usage("calendar add-days: the result falls after %d-12-31", DM_YEAR_MAX);
	if (json) {
		cJSON *root = cJSON_CreateObject();
		add_date(root, "start", start);
		cJSON_AddNumberToObject(root, "days", (double)n);
		cJSON_AddStringToObject(root, "mode", mode == OPT_WORKING ? "working" : "calendar");
		add_date(root, "date", r);
		return cli_print_json(root);
	}
	char b[DM_DAY_STRLEN];
	dm_day_format(r, b);
	puts(b);
	return CLI_EXIT_OK;
}

int cmd_calendar(int argc, char **argv)
{
	static const struct option opts[] = {
		{"working", no_argument, NULL, OPT_WORKING},
		{"calendar", no_argument, NULL, OPT_CALENDAR},
		{"json", no_argument, NULL, OPT_JSON},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	bool json = false;
	int mode = 0, c;

	if (take_data_option(&argc, argv) != CLI_EXIT_OK)
		return CLI_EXIT_USAGE;
	getopt_reset();
	/* "+" is not used: options may follow the positional arguments. */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_WORKING:
		case OPT_CALENDAR:
			if (mode != 0 && mode != c)
				return cli_usage("calendar add-days: --working and --calendar exclude "
						 "each other");
			mode = c;
			break;
		case OPT_JSON: json = true; break;
		case OPT_HELP: calendar_help(); return CLI_EXIT_OK;
		default: return bad_option(argv);
		}
	}
	char **pos = argv + optind;
	int npos = argc - optind;
	if (npos < 1)
		return cli_usage("calendar: say holidays YEAR or add-days YYYY-MM-DD N");
	if (strcmp(pos[0], "holidays") == 0) {
		if (npos != 2)
			return cli_usage("usage: calendar holidays YEAR");
		if (mode != 0)
			return cli_usage("calendar holidays takes no --working/--calendar");
		return calendar_holidays(pos[1], json);
	}
	if (strcmp(pos[0], "add-days") == 0) {
		if (npos != 3)
			return cli_usage("usage: calendar add-days YYYY-MM-DD N --working|--calendar");
		return calendar_add_days(pos[1], pos[2], mode, json);
	}
	return cli_usage("calendar: unknown action %s (holidays, add-days)", pos[0]);
}

/* ---- tocao route ---- */

static void route_help(void)
{
	puts("usage: tocao route --province P [--commune C] [--level L] [--old-province OLD] "
	     "[--json]\n"
	     "Levels: unknown (default), commune, commune_leader, provincial_agency,\n"
	     "provincial_agency_leader, provincial_leader, central.\n"
	     "--old-province takes one of the 63 codes of before 2025-07-01 and maps it\n"
	     "to the province it is part of now (Resolution 202/2025/QH15).");
}

/* tocao route --json: the route and what it was asked for. */
static int route_print_json(const struct dm_route *r, const struct dm_province *p,
			    enum dm_level level, const char *commune, const char *old,
			    const char *old_name)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "unit", r->unit->id);
	cJSON_AddStringToObject(root, "unit_name", r->unit->name);
	cJSON_AddStringToObject(root, "unit_name_en", r->unit->name_en);
	cJSON_AddStringToObject(root, "resolver", r->resolver);
	cJSON_AddStringToObject(root, "resolver_en", r->resolver_en);
	cJSON_AddStringToObject(root, "basis", r->basis);
	cJSON_AddStringToObject(root, "province", p->code);
	cJSON_AddStringToObject(root, "province_name", p->full_name);
	cJSON_AddStringToObject(root, "level", dm_level_name(level));
	if (commune != NULL)
		cJSON_AddStringToObject(root, "commune", commune);
	if (old != NULL) {
		cJSON_AddStringToObject(root, "old_province", old);
		cJSON_AddStringToObject(root, "old_province_name", old_name);
	}
	return cli_print_json(root);
}

int cmd_route(int argc, char **argv)
{
	static const struct option opts[] = {
		{"province", required_argument, NULL, OPT_PROVINCE},
		{"commune", required_argument, NULL, OPT_COMMUNE},
		{"level", required_argument, NULL, OPT_LEVEL},
		{"old-province", required_argument, NULL, OPT_OLD},
		{"json", no_argument, NULL, OPT_JSON},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	const char *province = NULL, *commune = NULL, *level_s = "unknown", *old = NULL;
	bool json = false;
	int c, rc;

	getopt_reset();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_PROVINCE: province = optarg; break;
		case OPT_COMMUNE: commune = optarg; break;
		case OPT_LEVEL: level_s = optarg; break;
		case OPT_OLD: old = optarg; break;
		case OPT_JSON: json = true; break;
		case OPT_HELP: route_help(); return CLI_EXIT_OK;
		default: return bad_option(argv);
		}
	}
	if (optind < argc)
		return cli_usage("route: unexpected argument %s", argv[optind]);
	enum dm_level level;
	if (dm_level_parse(level_s, &level) != TC_OK)
		return cli_usage("--level %s: not one of unknown, commune, commune_leader, "
				 "provincial_agency, provincial_agency_leader, provincial_leader, "
				 "central", level_s);
	if (province == NULL && old == NULL)
		return cli_usage("route: --province (or --old-province) is required");
	if ((rc = init_domain()) != CLI_EXIT_OK)
		return rc;
	const char *old_name = NULL;
	if (old != NULL) {
		const struct dm_province *now;
		if (dm_old_province_map(old, &now, &old_name) != TC_OK)
			return cli_usage("--old-province %s: not one of the 63 pre-2025 province codes",
					 old);
		if (province != NULL && strcmp(province, now->code) != 0)
			return cli_usage("--old-province %s (%s) is now province %s, not %s", old,
					 old_name, now->code, province);
		province = now->code;
	}
	struct dm_route r;
	rc = dm_route(province, commune, level, &r);
	if (rc != TC_OK) {
		if (rc == TC_ENOENT)
			return cli_usage("--province %s: %s", province, dm_route_strerror(rc));
		if (rc == TC_ERANGE || rc == DM_EPROVINCE_MISMATCH)
			return cli_usage("--commune %s: %s", commune, dm_route_strerror(rc));
		return cli_usage("%s", dm_route_strerror(rc));
	}
	const struct dm_province *p = dm_province_find(province);
	if (json)
		return route_print_json(&r, p, level, commune, old, old_name);
	if (old != NULL)
		printf("%-14s %s (%s), now %s\n", "old province", old, old_name, p->code);
	printf("%-14s %s (%s)\n", "province", p->code, p->full_name);
	if (commune != NULL)
		printf("%-14s %s (%s)\n", "commune", commune, dm_commune_find(commune)->full_name);
	printf("%-14s %s\n", "level", dm_level_name(level));
	printf("%-14s %s (%s)\n", "unit", r.unit->id, r.unit->name);
	printf("%-14s %s\n", "resolver", r.resolver);
	printf("%-14s %s\n", "basis", r.basis);
	return CLI_EXIT_OK;
}
