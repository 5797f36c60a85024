/*
 * monitor_query.h - the one decoder of the monitors' query string, for
 * their API (/api/v1/monitor/summary, /api/v1/monitor/cases) and their
 * pages (/monitor, /monitor/report, /monitor/table.csv): one default
 * period, one set of filters (docs/API.md "Monitors").
 *
 *   from, to   YYYY-MM-DD; by default the first day of the month eleven
 *              months before today's, to today (twelve calendar months);
 *              from <= to, at most MONITOR_PERIOD_MAX_DAYS apart; then
 *              widened to whole months (mon_period_months: from the 1st,
 *              to the month's end or today)
 *   province   a province code within the monitor's scope ("" or absent:
 *              the whole scope; a provincial monitor's own is implied)
 *   track      denunciation | information | complaint | petition
 *   category   corruption | waste | ... (dm_case.h)
 *   status     received | accepted | ...      (the cases API's rows)
 *   overdue    "true": overdue rows only      (the cases API's rows)
 *   table      which CSV table                (checked by /monitor/table.csv)
 *   lang       en | vi                        (the pages' language)
 * Other keys are ignored. Pure: no I/O; fuzzed (tests/fuzz/fuzz_inspector.c).
 */
#ifndef TOCAO_MONITOR_QUERY_H
#define TOCAO_MONITOR_QUERY_H

#include <stdbool.h>

#include "case_figures.h"
#include "dm_date.h"
#include "form.h"
#include "lang.h"
#include "tc_err.h"

#define MONITOR_PERIOD_MAX_DAYS 3660

/* What a query asks, checked. */
struct monitor_query {
	bool has_lang;           /* ?lang= given: lang */
	enum lang lang;
	dm_day from, to;
	struct mf_filter filter; /* province ("" national), track, category (0: all) */
	int status;              /* enum dm_status; 0: any */
	bool overdue;
	char table[16];          /* "" when not given */
	/* The values as given (validated), to carry in links. */
	char province_arg[4], track_arg[24], category_arg[32];
};

/* Why a query was refused; checked in this order, the first fault wins. */
enum monitor_query_fault {
	MQ_MALFORMED = 1,   /* not urlencoded, a key repeated, a value too long for any valid one */
	MQ_PERIOD,          /* from, to */
	MQ_PROVINCE,        /* no such province */
	MQ_OUTSIDE_SCOPE,   /* a province outside a provincial monitor's */
	MQ_TRACK,
	MQ_CATEGORY,
	MQ_STATUS,
};

struct monitor_query_error {
	enum monitor_query_fault fault;
	const char *field;       /* the key at fault ("query" for MQ_MALFORMED of the whole) */
};

/*
 * The syntax only (query_rc: the urlencoded parse's result; each value's
 * length; the language): enough to say "malformed" before a session is
 * looked at. TC_OK, or TC_EINVAL with err (MQ_MALFORMED).
 */
int monitor_query_read(const struct form *q, int query_rc, struct monitor_query *out,
		       struct monitor_query_error *err) TC_WUR;
/*
 * The whole query for a monitor of scope ("national" or a province code),
 * as of today: TC_OK with out, or TC_EINVAL with err.
 */
int monitor_query_decode(const struct form *q, int query_rc, const char *scope, dm_day today,
			 struct monitor_query *out, struct monitor_query_error *err) TC_WUR;

#endif
