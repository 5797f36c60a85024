/*
 * monitor_api.c - the Fatherland Front's anonymised view as JSON
 * (docs/API.md "Monitors"): GET /api/v1/monitor/summary and
 * GET /api/v1/monitor/cases.
 *
 * Monitors see figures only, never a case's row: counts from counters kept
 * with every change (case_counts.h, read through case_figures.h like the
 * monitors' pages), never from the cases, published under disclosure
 * control (mon_figures_publish: every count a multiple of 5, the parts of
 * each breakdown adding up to its total, rates over enough cases only).
 * A monitor's scope is the nation or one province. The query is the
 * pages' (monitor_query.h); the session was checked by the dispatcher.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "dm_units.h"
#include "figures_job.h"
#include "monitor_handlers.h"
#include "monitor_query.h"
#include "server_internal.h"

/* The problem for a refused query; the details name the parameter at fault. */
static void reply_query_error(struct request *r, const struct monitor_query_error *e)
{
	static const char period[] = "from, to: YYYY-MM-DD, from <= to, at most ten years apart.";
	static const char province[] = "province: one of the 34 codes.";
	const char *f = e->field;
	const char *detail = "Malformed or repeated query parameters.";
	enum problem p = PROBLEM_BAD_REQUEST;
	if (e->fault == MQ_OUTSIDE_SCOPE) {
		p = PROBLEM_FORBIDDEN;
		detail = "Outside this monitor's province.";
	} else if (e->fault == MQ_PERIOD || strcmp(f, "from") == 0 || strcmp(f, "to") == 0) {
		detail = period;
	} else if (e->fault == MQ_PROVINCE || strcmp(f, "province") == 0) {
		detail = province;
	} else if (e->fault == MQ_STATUS || strcmp(f, "status") == 0) {
		detail = "status: unknown.";
	} else if (e->fault == MQ_TRACK || strcmp(f, "track") == 0) {
		detail = "track: unknown.";
	} else if (e->fault == MQ_CATEGORY || strcmp(f, "category") == 0) {
		detail = "category: unknown.";
	}
	http_reply_problem(r->req, p, r->lang, detail, NULL);
}

/* The query for this monitor; false after answering 400/403. */
static bool query_of(struct request *r, struct monitor_query *q);

bool monitor_api_query(struct request *r, struct monitor_query *q)
{
	return query_of(r, q);
}

static bool query_of(struct request *r, struct monitor_query *q)
{
	struct monitor_query_error e;
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	if (monitor_query_decode(r->query, r->query_rc, r->who->pub.scope, today, q, &e) == TC_OK)
		return true;
	reply_query_error(r, &e);
	return false;
}

/* A published count (already protected: a multiple of MF_ROUND_BASE). */
static cJSON *cell(int64_t n)
{
	return cJSON_CreateNumber((double)n);
}

/* {total, by_track, by_category, by_unit}: non-zero (published) cells only. */
static cJSON *breakdown(int64_t total, const int64_t track[MF_TRACKS],
			const int64_t category[MF_CATEGORIES], const int64_t unit[DM_UNIT_COUNT])
{
	cJSON *o = cJSON_CreateObject(), *tr = cJSON_AddObjectToObject(o, "by_track"),
	      *ca = cJSON_AddObjectToObject(o, "by_category"), *un = cJSON_AddObjectToObject(o, "by_unit");
	cJSON_AddItemToObject(o, "total", cell(total));
	for (int i = 1; i < MF_TRACKS; i++)
		if (track[i])
			cJSON_AddItemToObject(tr, dm_track_name((enum dm_track)i), cell(track[i]));
	for (int i = 1; i < MF_CATEGORIES; i++)
		if (category[i])
			cJSON_AddItemToObject(ca, dm_category_name((enum dm_category)i), cell(category[i]));
	for (size_t i = 0; i < dm_unit_count(); i++)
		if (unit[i])
			cJSON_AddItemToObject(un, dm_unit_at(i)->id, cell(unit[i]));
	return o;
}

/* by_level: the period's count per level of the accused (whole months only), non-zero cells. */
static void add_levels(cJSON *o, const int64_t level[TOTAL_LEVELS])
{
	cJSON *lv = cJSON_AddObjectToObject(o, "by_level");
	for (int i = 0; i < TOTAL_LEVELS; i++)
		if (level[i])
			cJSON_AddItemToObject(lv, i ? dm_level_name((enum dm_level)i) : "not_recorded",
					      cell(level[i]));
}

/* The summary as JSON, from the same figures as the monitors' pages (case_figures.h). */
static cJSON *summary_json(const struct mon_figures *f)
{
	static const struct {
		int event;
		const char *name;
	} events[] = {
		{MF_RECEIVED, "received"},	    {MF_ACCEPTED, "accepted"},
		{MF_SETTLED, "settled"},	    {MF_DECLINED, "declined"},
		{MF_WITHDRAWN, "withdrawn"},	    {MF_TERMINATED, "terminated"},
		{MF_TRANSFERRED, "transferred"},    {MF_CRIMINAL, "referred_criminal_signs"},
		{MF_MONITORED, "under_monitoring"}, {MF_TRANSFERRED_IN, "transferred_in"},
	};
	cJSON *o = cJSON_CreateObject();
	char day[DM_DAY_STRLEN];
	cJSON_AddStringToObject(o, "scope", f->filter.province[0] ? f->filter.province : "national");
	cJSON_AddNumberToObject(o, "rounding_base", MF_ROUND_BASE);
	dm_day_format(f->from, day);
	cJSON_AddStringToObject(o, "from", day);
	dm_day_format(f->to, day);
	cJSON_AddStringToObject(o, "to", day);
	cJSON *period = cJSON_AddObjectToObject(o, "period");
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		int e = events[i].event;
		cJSON *b = breakdown(f->ev[e], f->ev_track[e], f->ev_category[e], f->ev_unit[e]);
		if (f->has_level)
			add_levels(b, f->ev_level[e]);
		cJSON_AddItemToObject(period, events[i].name, b);
	}
	cJSON_AddItemToObject(period, "settled_on_time", cell(f->ev[MF_ON_TIME]));
	/* From the published figures, over enough of them (case_figures.h). */
	int rate = mon_rate_permille(f->ev[MF_ON_TIME], f->ev[MF_SETTLED]);
	if (rate >= 0)
		cJSON_AddNumberToObject(period, "on_time_rate", rate / 1000.0);
	else
		cJSON_AddNullToObject(period, "on_time_rate");
	if (f->median_days >= 0) {
		cJSON_AddNumberToObject(period, "median_days_to_settle", f->median_days);
		cJSON_AddNumberToObject(period, "p90_days_to_settle", f->p90_days);
	} else {
		cJSON_AddNullToObject(period, "median_days_to_settle");
		cJSON_AddNullToObject(period, "p90_days_to_settle");
	}
	if (f->median_first_days >= 0) {
		cJSON_AddNumberToObject(period, "median_days_to_first_step", f->median_first_days);
		cJSON_AddNumberToObject(period, "p90_days_to_first_step", f->p90_first_days);
	} else {
		cJSON_AddNullToObject(period, "median_days_to_first_step");
		cJSON_AddNullToObject(period, "p90_days_to_first_step");
	}
	cJSON *now = cJSON_AddObjectToObject(o, "now");
	cJSON *mon = cJSON_AddObjectToObject(now, "under_monitoring");
	cJSON_AddItemToObject(mon, "open", cell(f->monitored_open));
	cJSON_AddItemToObject(mon, "overdue", cell(f->monitored_overdue));
	cJSON_AddItemToObject(now, "overdue", breakdown(f->overdue, f->overdue_track,
							f->overdue_category, f->overdue_unit));
	/* Notices the law requires, overdue and not recorded as sent: {total, by_province}. */
	cJSON *nt = cJSON_AddObjectToObject(now, "notices_overdue");
	cJSON_AddItemToObject(nt, "total", cell(f->notices_overdue));
	cJSON *np = cJSON_AddObjectToObject(nt, "by_province");
	for (size_t i = 0; np && i < DM_PROVINCE_COUNT; i++)
		if (f->notices_overdue_province[i])
			cJSON_AddItemToObject(np, dm_province_at(i)->code,
					      cell(f->notices_overdue_province[i]));
	cJSON *st = cJSON_AddObjectToObject(now, "by_status");
	for (int i = 1; i < MF_STATUSES; i++)
		if (f->status_now[i])
			cJSON_AddItemToObject(st, dm_status_name((enum dm_status)i), cell(f->status_now[i]));
	return o;
}

static void summary_reply(struct figures_job *j)
{
	enum lang l = http_request_lang(j->req);
	if (j->rc != TC_OK) {
		http_reply_unavailable(j->req, l, NULL, 5);
		return;
	}
	audit_read(j->srv, CASE_AUDIT_LIST, j->who, NULL, "monitor:summary");
	http_reply_json(j->req, 200, summary_json(j->f));
}

void handle_monitor_summary(struct request *r)
{
	struct monitor_query q;
	if (!query_of(r, &q))
		return;
	if (figures_job_start(r->srv, r->req, r->who, &q.filter, q.from, q.to, true, summary_reply,
			      NULL) != TC_OK)
		http_reply_unavailable(r->req, r->lang, NULL, 5);
}

/* The overdue cases by unit and days overdue: {unit, overdue, days_1_30, days_31_90, days_over_90}. */
static cJSON *overdue_json(const struct mon_figures *f)
{
	static const char *const bands[MF_OVERDUE_BANDS] = {"days_1_30", "days_31_90",
							    "days_over_90"};
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "scope", f->filter.province[0] ? f->filter.province : "national");
	cJSON_AddNumberToObject(o, "rounding_base", MF_ROUND_BASE);
	cJSON_AddItemToObject(o, "overdue", cell(f->overdue));
	cJSON *arr = cJSON_AddArrayToObject(o, "by_unit");
	for (size_t i = 0; i < dm_unit_count(); i++) {
		if (f->overdue_unit[i] <= 0)
			continue;
		cJSON *u = cJSON_CreateObject();
		cJSON_AddStringToObject(u, "unit", dm_unit_at(i)->id);
		cJSON_AddItemToObject(u, "overdue", cell(f->overdue_unit[i]));
		for (int b = 0; b < MF_OVERDUE_BANDS; b++)
			cJSON_AddItemToObject(u, bands[b], cell(f->overdue_band[i][b]));
		cJSON_AddItemToArray(arr, u);
	}
	return o;
}

static void overdue_reply(struct figures_job *j)
{
	enum lang l = http_request_lang(j->req);
	if (j->rc != TC_OK) {
		http_reply_unavailable(j->req, l, NULL, 5);
		return;
	}
	audit_read(j->srv, CASE_AUDIT_LIST, j->who, NULL, "monitor:rows");
	http_reply_json(j->req, 200, overdue_json(j->f));
}

/*
 * Once per-case rows (case id, unit, track, category, received day, status,
 * deadline, days overdue): a lone case in a province or status stood out
 * with all of them, and counting rows undid any rounding of the figures.
 * Now the overdue cases by unit and days overdue, as published figures
 * (the status and overdue parameters are checked and no longer matter).
 */
void handle_monitor_cases(struct request *r)
{
	struct monitor_query q;
	if (!query_of(r, &q))
		return;
	if (figures_job_start(r->srv, r->req, r->who, &q.filter, q.from, q.to, true, overdue_reply,
			      NULL) != TC_OK)
		http_reply_unavailable(r->req, r->lang, NULL, 5);
}
