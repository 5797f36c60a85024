/*
 * The monitors' one query decoder (monitor_query.h): the default period,
 * the filters, the faults in order; and the label tables (labels.h).
 */
#include <string.h>

#include "dm_case.h"
#include "dm_units.h"
#include "labels.h"
#include "monitor_query.h"
#include "tc_test.h"

static int decode(const char *qs, const char *scope, struct monitor_query *q,
		  struct monitor_query_error *e)
{
	struct form f;
	dm_day today;
	dm_day_from_ymd(2026, 3, 15, &today);
	int rc = form_parse_urlencoded(qs, strlen(qs), &f);
	rc = monitor_query_decode(&f, rc, scope, today, q, e);
	form_free(&f);
	return rc;
}

static void test_defaults(void)
{
	struct monitor_query q;
	struct monitor_query_error e;
	dm_day from, to;
	dm_day_from_ymd(2025, 4, 1, &from);
	dm_day_from_ymd(2026, 3, 15, &to);
	TC_CHECK_INT(decode("", "national", &q, &e), TC_OK);
	TC_CHECK_INT(q.from, from); /* the current month and the eleven before */
	TC_CHECK_INT(q.to, to);
	TC_CHECK_STR(q.filter.province, "");
	TC_CHECK_INT(q.filter.track, 0);
	TC_CHECK(!q.has_lang);
	/* A provincial monitor's province is implied; "province=" is the whole scope. */
	TC_CHECK_INT(decode("province=", "96", &q, &e), TC_OK);
	TC_CHECK_STR(q.filter.province, "96");
}

static void test_filters(void)
{
	struct monitor_query q;
	struct monitor_query_error e;
	TC_CHECK_INT(decode("from=2026-01-01&to=2026-01-31&province=01&track=complaint&category=land"
			    "&status=settled&overdue=true&lang=en&table=tracks&other=1",
			    "national", &q, &e),
		     TC_OK);
	TC_CHECK_STR(q.filter.province, "01");
	TC_CHECK_INT(q.filter.track, DM_TRACK_COMPLAINT);
	TC_CHECK_INT(q.filter.category, DM_CAT_LAND);
	TC_CHECK_INT(q.status, DM_STATUS_SETTLED);
	TC_CHECK(q.overdue && q.has_lang && q.lang == LANG_EN);
	TC_CHECK_STR(q.table, "tracks");
	TC_CHECK_STR(q.track_arg, "complaint");
	/* Any language but en is Vietnamese; overdue is "true" or "false", nothing else (issue 13). */
	TC_CHECK_INT(decode("lang=xx&overdue=false", "national", &q, &e), TC_OK);
	TC_CHECK(q.has_lang && q.lang == LANG_VI && !q.overdue);
	TC_CHECK_INT(decode("overdue=yes", "national", &q, &e), TC_EINVAL);
	TC_CHECK(e.fault == MQ_MALFORMED && e.field && strcmp(e.field, "overdue") == 0);
	TC_CHECK_INT(decode("overdue=", "national", &q, &e), TC_EINVAL);
}

static void test_faults(void)
{
	static const struct {
		const char *qs, *scope;
		enum monitor_query_fault fault;
	} cases[] = {
		{"from=a&from=b", "national", MQ_MALFORMED},
		{"from=12345678901234567890", "national", MQ_MALFORMED},
		{"from=2026-02-30", "national", MQ_PERIOD},
		{"from=2026-02-01&to=2026-01-01", "national", MQ_PERIOD},
		{"from=2000-01-01&to=2026-01-01", "national", MQ_PERIOD},
		{"province=99", "national", MQ_PROVINCE},
		{"province=01", "96", MQ_OUTSIDE_SCOPE},
		{"track=nope", "national", MQ_TRACK},
		{"category=nope", "national", MQ_CATEGORY},
		{"status=nope", "national", MQ_STATUS},
		/* The period is checked before the province. */
		{"from=x&province=99", "national", MQ_PERIOD},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct monitor_query q;
		struct monitor_query_error e = {0};
		TC_CHECK_INT(decode(cases[i].qs, cases[i].scope, &q, &e), TC_EINVAL);
		TC_CHECK_INT(e.fault, cases[i].fault);
		TC_CHECK(e.field != NULL);
	}
	/* The language survives a malformed rest (the refusal is worded in it). */
	struct form f;
	struct monitor_query q;
	struct monitor_query_error e;
	int rc = form_parse_urlencoded("lang=en&to=12345678901234567890", 31, &f);
	TC_CHECK_INT(monitor_query_read(&f, rc, &q, &e), TC_EINVAL);
	TC_CHECK(q.has_lang && q.lang == LANG_EN);
	form_free(&f);
}

static void test_labels(void)
{
	TC_CHECK_STR(label_track(DM_TRACK_COMPLAINT, LABEL_MONITOR, LANG_EN), "Complaints");
	TC_CHECK_STR(label_category(DM_CAT_HARASSMENT, LABEL_CITIZEN, LANG_VI),
		     "Nhũng nhiễu, gây phiền hà");
	TC_CHECK_STR(label_category(DM_CAT_HARASSMENT, LABEL_MONITOR, LANG_VI), "Nhũng nhiễu");
	TC_CHECK_STR(label_status(DM_STATUS_RECEIVED, LABEL_MONITOR, LANG_VI), "Chờ xử lý");
	TC_CHECK_STR(label_status(DM_STATUS_RECEIVED, LABEL_CITIZEN, LANG_EN),
		     "Received, waiting to be processed");
	TC_CHECK_STR(label_level(DM_LEVEL_CENTRAL, LANG_EN), "A ministry or central agency");
	TC_CHECK_STR(label_status(0, LABEL_MONITOR, LANG_EN), "?");
	TC_CHECK_STR(label_category(99, LABEL_MONITOR, LANG_EN), "?");
	/* Every value of every enum has words in both languages. */
	for (int c = DM_CAT_CORRUPTION; c <= DM_CAT_OTHER; c++)
		for (int u = 0; u < 2; u++)
			TC_CHECK(strcmp(label_category(c, (enum label_use)u, LANG_VI), "?") != 0 &&
				 strcmp(label_category(c, (enum label_use)u, LANG_EN), "?") != 0);
	for (int s = DM_STATUS_RECEIVED; s <= DM_STATUS_TERMINATED; s++)
		TC_CHECK(strcmp(label_status(s, LABEL_CITIZEN, LANG_VI), "?") != 0);
}

int main(void)
{
	if (dm_init() != 0)
		return 1;
	TC_RUN(test_defaults);
	TC_RUN(test_filters);
	TC_RUN(test_faults);
	TC_RUN(test_labels);
	return tc_test_done();
}
