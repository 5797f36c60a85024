/*
 * test_cli.c - tocao deadlines | calendar | route (cli/cmd_domain.c):
 * outputs, JSON keys of the contract, and exit status 2 with a specific
 * message for every kind of bad input.
 *
 * With arguments it is a driver instead: domain_cli_test deadlines --kind
 * denunciation --received 2026-11-20 runs that sub-command.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cmd_domain.h"
#include "tc_test.h"

static char out_buf[65536], err_buf[4096];

static void slurp(FILE *f, char *buf, size_t cap)
{
	rewind(f);
	size_t n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
}

/* Run cmd with a NULL-terminated list of arguments; capture stdout and stderr. */
static int run(int (*cmd)(int, char **), ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	va_start(ap, cmd);
	for (const char *a; (a = va_arg(ap, const char *)) != NULL && argc < 31;)
		argv[argc++] = (char *)(uintptr_t)a;
	va_end(ap);
	argv[argc] = NULL;

	FILE *o = tmpfile(), *e = tmpfile();
	if (o == NULL || e == NULL)
		return -1;
	fflush(stdout);
	fflush(stderr);
	int so = dup(1), se = dup(2);
	dup2(fileno(o), 1);
	dup2(fileno(e), 2);
	int rc = cmd(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	slurp(o, out_buf, sizeof(out_buf));
	slurp(e, err_buf, sizeof(err_buf));
	fclose(o);
	fclose(e);
	return rc;
}

static const char *jstr(const cJSON *obj, const char *path1, const char *path2)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(obj, path1);
	if (path2 != NULL)
		x = cJSON_GetObjectItemCaseSensitive(x, path2);
	return cJSON_IsString(x) ? x->valuestring : NULL;
}

#define EXPECT_USAGE(needle, ...)                                                        \
	do {                                                                             \
		TC_CHECK_INT(run(__VA_ARGS__, NULL), 2);                                 \
		if (strstr(err_buf, needle) == NULL) {                                   \
			fprintf(stderr, "%s:%d: stderr \"%s\" lacks \"%s\"\n", __FILE__, \
				__LINE__, err_buf, needle);                              \
			tc_test_failed_checks++;                                         \
		}                                                                        \
	} while (0)

static void test_deadlines_json(void)
{
	TC_CHECK_INT(run(cmd_deadlines, "deadlines", "--kind", "denunciation", "--received",
			 "2026-11-20", "--json", NULL),
		     0);
	cJSON *j = cJSON_Parse(out_buf);
	TC_CHECK(j != NULL);
	TC_CHECK_STR(jstr(j, "deadlines", "process_by"), "2026-12-02");
	TC_CHECK_STR(jstr(j, "deadlines", "transfer_by"), "2026-11-30");
	TC_CHECK(jstr(j, "deadlines", "notify_by") == NULL);
	TC_CHECK_STR(jstr(j, "process_by", NULL), "2026-12-02");
	TC_CHECK_STR(jstr(j, "track", NULL), "denunciation");
	TC_CHECK_STR(jstr(j, "rule_set", NULL), "2026-07");
	TC_CHECK_STR(jstr(j, "basis", "process_by"), "Luật Tố cáo 2018, Điều 24(1)");
	cJSON_Delete(j);

	/* Accepted, two extensions, suspended: row 63 of test_deadlines.c. */
	TC_CHECK_INT(run(cmd_deadlines, "deadlines", "--kind=denunciation", "--received",
			 "2026-05-28", "--accepted", "2026-06-01", "--extensions", "2",
			 "--particularly-complicated", "--suspended-days", "3", "--json", NULL),
		     0);
	j = cJSON_Parse(out_buf);
	TC_CHECK_STR(jstr(j, "deadlines", "notify_by"), "2026-06-08");
	TC_CHECK_STR(jstr(j, "deadlines", "settle_by"), "2026-09-03");
	cJSON_Delete(j);

	/* An anonymous denunciation runs on the information track. */
	TC_CHECK_INT(run(cmd_deadlines, "deadlines", "--kind", "denunciation", "--anonymous",
			 "--received", "2026-11-23", "--json", NULL),
		     0);
	j = cJSON_Parse(out_buf);
	TC_CHECK_STR(jstr(j, "track", NULL), "information");
	TC_CHECK_STR(jstr(j, "deadlines", "process_by"), "2026-12-08");
	TC_CHECK(jstr(j, "deadlines", "transfer_by") == NULL);
	cJSON_Delete(j);

	/* Second complaint, remote area: row 72. */
	TC_CHECK_INT(run(cmd_deadlines, "deadlines", "--kind", "complaint", "--received",
			 "2026-09-03", "--accepted", "2026-09-07", "--instance", "2",
			 "--remote-area", "--json", NULL),
		     0);
	j = cJSON_Parse(out_buf);
	TC_CHECK_STR(jstr(j, "deadlines", "process_by"), "2026-09-14");
	TC_CHECK_STR(jstr(j, "deadlines", "settle_by"), "2026-11-06");
	cJSON_Delete(j);

	TC_CHECK_INT(run(cmd_deadlines, "deadlines", "--kind", "petition", "--received",
			 "2026-07-06", NULL),
		     0);
	TC_CHECK(strstr(out_buf, "process_by") != NULL);
	TC_CHECK(strstr(out_buf, "2026-07-20") != NULL);
	TC_CHECK(strstr(out_buf, "Thông tư 05/2021") != NULL);

	TC_CHECK_INT(run(cmd_deadlines, "deadlines", "--help", NULL), 0);
	TC_CHECK(strstr(out_buf, "usage") != NULL);
}

/* A boolean at obj.path1.path2: 1 true, 0 false, -1 absent or not a boolean. */
static int jbool(const cJSON *obj, const char *path1, const char *path2)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, path1);
	if (o != NULL && path2 != NULL)
		o = cJSON_GetObjectItemCaseSensitive(o, path2);
	return cJSON_IsBool(o) ? cJSON_IsTrue(o) : -1;
}

/* Provisional deadlines: a window into 2027 (computed) or through Culture Day 2026
 * (unconfirmed); a window inside announced 2026 is not. */
static void test_deadlines_provisional(void)
{
	TC_CHECK_INT(run(cmd_deadlines, "deadlines", "--kind", "denunciation", "--received",
			 "2026-11-20", "--json", NULL),
		     0);
	cJSON *j = cJSON_Parse(out_buf);
	TC_CHECK_INT(jbool(j, "provisional", "process_by"), 1);
	TC_CHECK_INT(jbool(j, "provisional", "transfer_by"), 1);
	TC_CHECK(strstr(jstr(j, "provisional_note", "process_by"), "2026-11-24") != NULL);
	cJSON_Delete(j);

	/* Tue 15 Dec 2026: 16(1) 17 18 21 22(5)=transfer 23(6) 24(7), all announced. */
	TC_CHECK_INT(run(cmd_deadlines, "deadlines", "--kind", "denunciation", "--received",
			 "2026-12-15", "--json", NULL),
		     0);
	j = cJSON_Parse(out_buf);
	TC_CHECK_STR(jstr(j, "deadlines", "process_by"), "2026-12-24");
	TC_CHECK_INT(jbool(j, "provisional", "process_by"), 0);
	TC_CHECK_INT(jbool(j, "provisional", "transfer_by"), 0);
	TC_CHECK(jstr(j, "provisional_note", "process_by") == NULL);
	cJSON_Delete(j);

	/* Mon 28 Dec 2026: process_by Thu 7 Jan 2027 (row 45 of test_deadlines.c). */
	TC_CHECK_INT(run(cmd_deadlines, "deadlines", "--kind", "denunciation", "--received",
			 "2026-12-28", NULL),
		     0);
	TC_CHECK(strstr(out_buf, "2027-01-07") != NULL);
	TC_CHECK(strstr(out_buf, "(provisional: the calendar of 2027 is not announced yet)") !=
		 NULL);
	TC_CHECK_INT(run(cmd_deadlines, "deadlines", "--kind", "denunciation", "--received",
			 "2026-12-15", NULL),
		     0);
	TC_CHECK(strstr(out_buf, "provisional") == NULL);
}

static void test_deadlines_errors(void)
{
	EXPECT_USAGE("at most 2 extensions", cmd_deadlines, "deadlines", "--kind", "denunciation",
		     "--received", "2026-03-02", "--accepted", "2026-03-09", "--extensions", "3",
		     "--particularly-complicated");
	EXPECT_USAGE("needs a complicated case", cmd_deadlines, "deadlines", "--kind",
		     "denunciation", "--received", "2026-03-02", "--accepted", "2026-03-09",
		     "--extensions", "1");
	EXPECT_USAGE("allows one extension", cmd_deadlines, "deadlines", "--kind", "denunciation",
		     "--received", "2026-03-02", "--accepted", "2026-03-09", "--extensions", "2",
		     "--complicated");
	EXPECT_USAGE("exclude each other", cmd_deadlines, "deadlines", "--kind", "denunciation",
		     "--received", "2026-03-02", "--complicated", "--particularly-complicated");
	EXPECT_USAGE("not a number", cmd_deadlines, "deadlines", "--kind", "denunciation",
		     "--received", "2026-03-02", "--accepted", "2026-03-09", "--extensions", "x");
	EXPECT_USAGE("not a real date", cmd_deadlines, "deadlines", "--kind", "denunciation",
		     "--received", "2026-02-30");
	EXPECT_USAGE("not a real date", cmd_deadlines, "deadlines", "--kind", "denunciation",
		     "--received", "20-11-2026");
	EXPECT_USAGE("year outside", cmd_deadlines, "deadlines", "--kind", "denunciation",
		     "--received", "1899-12-31");
	EXPECT_USAGE("before 2019", cmd_deadlines, "deadlines", "--kind", "denunciation",
		     "--received", "2018-12-31");
	EXPECT_USAGE("not one of denunciation", cmd_deadlines, "deadlines", "--kind", "tip",
		     "--received", "2026-03-02");
	EXPECT_USAGE("--kind is required", cmd_deadlines, "deadlines", "--received", "2026-03-02");
	EXPECT_USAGE("--received", cmd_deadlines, "deadlines", "--kind", "petition");
	EXPECT_USAGE("anonymous complaint", cmd_deadlines, "deadlines", "--kind", "complaint",
		     "--anonymous", "--received", "2026-03-02");
	EXPECT_USAGE("instance 1 or 2", cmd_deadlines, "deadlines", "--kind", "complaint",
		     "--received", "2026-03-02", "--instance", "3");
	EXPECT_USAGE("complaints only", cmd_deadlines, "deadlines", "--kind", "denunciation",
		     "--received", "2026-03-02", "--instance", "2");
	EXPECT_USAGE("denunciations only", cmd_deadlines, "deadlines", "--kind", "complaint",
		     "--received", "2026-03-02", "--several-places");
	EXPECT_USAGE("accepted before it was received", cmd_deadlines, "deadlines", "--kind",
		     "denunciation", "--received", "2026-03-02", "--accepted", "2026-03-01");
	EXPECT_USAGE("needs --accepted", cmd_deadlines, "deadlines", "--kind", "denunciation",
		     "--received", "2026-03-02", "--suspended-days", "4");
	EXPECT_USAGE("no acceptance", cmd_deadlines, "deadlines", "--kind", "petition",
		     "--received", "2026-03-02", "--accepted", "2026-03-04");
	EXPECT_USAGE("unknown option --frobnicate", cmd_deadlines, "deadlines", "--frobnicate");
	EXPECT_USAGE("needs a value", cmd_deadlines, "deadlines", "--kind");
	EXPECT_USAGE("unexpected argument", cmd_deadlines, "deadlines", "--kind", "petition",
		     "--received", "2026-03-02", "extra");
}

static void test_calendar(void)
{
	TC_CHECK_INT(run(cmd_calendar, "calendar", "holidays", "2026", "--json", NULL), 0);
	cJSON *j = cJSON_Parse(out_buf);
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(j, "holidays");
	TC_CHECK_INT(cJSON_GetArraySize(h), 19);
	int culture = 0;
	for (int i = 0; i < cJSON_GetArraySize(h); i++) {
		const cJSON *e = cJSON_GetArrayItem(h, i);
		const char *date = jstr(e, "date", NULL);
		if (date != NULL && strcmp(date, "2026-11-24") == 0) {
			culture = 1;
			TC_CHECK_STR(jstr(e, "kind", NULL), "culture");
			TC_CHECK_STR(jstr(e, "reason_en", NULL), "Vietnamese Culture Day");
		}
	}
	TC_CHECK(culture);
	TC_CHECK_STR(jstr(j, "status", NULL), "announced");
	TC_CHECK(strstr(jstr(j, "documents", NULL), "12729/VPCP-KGVX") != NULL);
	cJSON_Delete(j);

	TC_CHECK_INT(run(cmd_calendar, "calendar", "holidays", "2027", "--json", NULL), 0);
	j = cJSON_Parse(out_buf);
	TC_CHECK_STR(jstr(j, "status", NULL), "computed");
	TC_CHECK_STR(jstr(j, "documents", NULL), "");
	const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "holidays"), 0);
	TC_CHECK_INT(jbool(first, "provisional", NULL), 1);
	cJSON_Delete(j);

	TC_CHECK_INT(run(cmd_calendar, "calendar", "holidays", "2026", NULL), 0);
	TC_CHECK(strstr(out_buf, "Calendar of 2026: announced (12729/VPCP-KGVX 25/12/2025; "
				 "9441/TB-BNV 16/10/2025)") != NULL);
	TC_CHECK(strstr(out_buf, "2026-01-10 Sat") != NULL);
	TC_CHECK(strstr(out_buf, "2026-08-31 Mon") != NULL);
	TC_CHECK(strstr(out_buf, "[unconfirmed: ") != NULL);
	TC_CHECK_INT(run(cmd_calendar, "calendar", "holidays", "2027", NULL), 0);
	TC_CHECK(strstr(out_buf, "Calendar of 2027: computed") != NULL);

	TC_CHECK_INT(run(cmd_calendar, "calendar", "holidays", "2025", NULL), 0);
	TC_CHECK(strstr(out_buf, "2025-05-02 Fri") != NULL);
	TC_CHECK(strstr(out_buf, "2025-04-26 Sat") != NULL); /* the working Saturday */

	TC_CHECK_INT(run(cmd_calendar, "calendar", "add-days", "2026-11-20", "7", "--working", NULL),
		     0);
	TC_CHECK_STR(out_buf, "2026-12-02\n");
	TC_CHECK_INT(run(cmd_calendar, "calendar", "--calendar", "add-days", "2026-11-14", "10",
			 NULL),
		     0);
	TC_CHECK_STR(out_buf, "2026-11-25\n");
	TC_CHECK_INT(run(cmd_calendar, "calendar", "add-days", "2026-02-12", "1", "--working",
			 "--json", NULL),
		     0);
	j = cJSON_Parse(out_buf);
	TC_CHECK_STR(jstr(j, "date", NULL), "2026-02-13");
	TC_CHECK_STR(jstr(j, "mode", NULL), "working");
	cJSON_Delete(j);

	EXPECT_USAGE("year outside", cmd_calendar, "calendar", "holidays", "1899");
	EXPECT_USAGE("not a year", cmd_calendar, "calendar", "holidays", "20x6");
	EXPECT_USAGE("usage", cmd_calendar, "calendar", "holidays");
	EXPECT_USAGE("--working or --calendar", cmd_calendar, "calendar", "add-days", "2026-11-20",
		     "7");
	EXPECT_USAGE("exclude each other", cmd_calendar, "calendar", "add-days", "2026-11-20", "7",
		     "--working", "--calendar");
	EXPECT_USAGE("negative", cmd_calendar, "calendar", "add-days", "2026-11-20", "-3",
		     "--working");
	EXPECT_USAGE("whole number", cmd_calendar, "calendar", "add-days", "2026-11-20", "1.5",
		     "--working");
	EXPECT_USAGE("not a real date", cmd_calendar, "calendar", "add-days", "2026-02-29", "3",
		     "--working");
	EXPECT_USAGE("after 2100", cmd_calendar, "calendar", "add-days", "2100-12-30", "5",
		     "--working");
	EXPECT_USAGE("unknown action", cmd_calendar, "calendar", "list", "2026");
	EXPECT_USAGE("say holidays", cmd_calendar, "calendar");
}

static void test_route(void)
{
	TC_CHECK_INT(run(cmd_route, "route", "--province", "96", "--commune", "32002", "--level",
			 "commune", "--json", NULL),
		     0);
	cJSON *j = cJSON_Parse(out_buf);
	TC_CHECK_STR(jstr(j, "unit", NULL), "TT-96");
	TC_CHECK_STR(jstr(j, "unit_name", NULL), "Thanh tra tỉnh Cà Mau");
	TC_CHECK_STR(jstr(j, "resolver", NULL), "Chủ tịch Ủy ban nhân dân cấp xã");
	cJSON_Delete(j);

	TC_CHECK_INT(run(cmd_route, "route", "--province", "79", "--level", "provincial_leader",
			 "--json", NULL),
		     0);
	j = cJSON_Parse(out_buf);
	TC_CHECK_STR(jstr(j, "unit", NULL), "TTCP");
	TC_CHECK_STR(jstr(j, "unit_name", NULL), "Thanh tra Chính phủ");
	cJSON_Delete(j);

	TC_CHECK_INT(run(cmd_route, "route", "--old-province", "77", "--json", NULL), 0);
	j = cJSON_Parse(out_buf);
	TC_CHECK_STR(jstr(j, "unit", NULL), "TT-79");
	TC_CHECK_STR(jstr(j, "old_province_name", NULL), "Bà Rịa - Vũng Tàu");
	cJSON_Delete(j);

	TC_CHECK_INT(run(cmd_route, "route", "--province", "01", NULL), 0);
	TC_CHECK(strstr(out_buf, "TT-01") != NULL);
	TC_CHECK(strstr(out_buf, "Thanh tra thành phố Hà Nội") != NULL);

	EXPECT_USAGE("unknown province", cmd_route, "route", "--province", "99");
	EXPECT_USAGE("unknown commune", cmd_route, "route", "--province", "96", "--commune",
		     "99999");
	EXPECT_USAGE("does not belong", cmd_route, "route", "--province", "96", "--commune",
		     "00004");
	EXPECT_USAGE("not one of unknown", cmd_route, "route", "--province", "96", "--level",
		     "mayor");
	EXPECT_USAGE("63 pre-2025", cmd_route, "route", "--old-province", "03");
	EXPECT_USAGE("is now province 79", cmd_route, "route", "--old-province", "77",
		     "--province", "96");
	EXPECT_USAGE("required", cmd_route, "route");
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		if (strcmp(argv[1], "deadlines") == 0)
			return cmd_deadlines(argc - 1, argv + 1);
		if (strcmp(argv[1], "calendar") == 0)
			return cmd_calendar(argc - 1, argv + 1);
		if (strcmp(argv[1], "route") == 0)
			return cmd_route(argc - 1, argv + 1);
		fprintf(stderr, "usage: %s deadlines|calendar|route ...\n", argv[0]);
		return 2;
	}
	TC_RUN(test_deadlines_json);
	TC_RUN(test_deadlines_provisional);
	TC_RUN(test_deadlines_errors);
	TC_RUN(test_calendar);
	TC_RUN(test_route);
	return tc_test_done();
}
