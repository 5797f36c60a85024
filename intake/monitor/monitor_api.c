/*
 * monitor_api.c - the Fatherland Front's anonymised view as JSON
 * (docs/API.md "Monitors"): GET /api/v1/monitor/summary and
 * GET /api/v1/monitor/cases.
 *
 * Monitors see figures and per-case rows without content, names or times:
 * case id, unit, track, category, received day, status, deadline, days
 * overdue. A monitor's scope is the nation or one province. Figures come
 * from counters kept with every change (case_counts.h, read through
 * case_figures.h like the monitors' pages), never from the cases.
 * Cells that would single out fewer than 3 cases show "<3". The query is
 * the pages' (monitor_query.h); the session was checked by the dispatcher.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "dm_deadline.h"
#include "dm_units.h"
#include "dm_watch.h"
#include "figures_job.h"
#include "monitor_handlers.h"
#include "monitor_query.h"
#include "server_internal.h"

#define ROWS_MAX 500

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
static bool query_of(struct request *r, struct monitor_query *q)
{
	struct monitor_query_error e;
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	if (monitor_query_decode(r->query, r->query_rc, r->who->pub.scope, today, q, &e) == TC_OK)
		return true;
	reply_query_error(r, &e);
	return false;
}

/* A count as a monitor may see it: the number, or "<3" for 1 and 2. */
static cJSON *cell(int64_t n)
{
	if (n > 0 && n < MF_SUPPRESS_BELOW)
		return cJSON_CreateString("<3");
	return cJSON_CreateNumber((double)n);
}

/* {total, by_track, by_category, by_unit}: non-zero cells only, each a count or "<3". */
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
		{MF_MONITORED, "under_monitoring"},
	};
	cJSON *o = cJSON_CreateObject();
	char day[DM_DAY_STRLEN];
	cJSON_AddStringToObject(o, "scope", f->filter.province[0] ? f->filter.province : "national");
	dm_day_format(f->from, day);
	cJSON_AddStringToObject(o, "from", day);
	dm_day_format(f->to, day);
	cJSON_AddStringToObject(o, "to", day);
	cJSON *period = cJSON_AddObjectToObject(o, "period");
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		int e = events[i].event;
		cJSON_AddItemToObject(period, events[i].name,
				      breakdown(f->ev[e], f->ev_track[e], f->ev_category[e], f->ev_unit[e]));
	}
	int64_t settled = f->ev[MF_SETTLED];
	cJSON_AddItemToObject(period, "settled_on_time", cell(f->ev[MF_ON_TIME]));
	/* A rate over one or two cases would single them out. */
	if (settled >= MF_SUPPRESS_BELOW)
		cJSON_AddNumberToObject(period, "on_time_rate", (double)f->ev[MF_ON_TIME] / (double)settled);
	else
		cJSON_AddNullToObject(period, "on_time_rate");
	/* Each settlement is counted in the histogram too: its total is settled. */
	if (settled >= MF_SUPPRESS_BELOW) {
		cJSON_AddNumberToObject(period, "median_days_to_settle",
					mon_figures_settle_quantile(f, 0.5));
		cJSON_AddNumberToObject(period, "p90_days_to_settle", mon_figures_settle_quantile(f, 0.9));
	} else {
		cJSON_AddNullToObject(period, "median_days_to_settle");
		cJSON_AddNullToObject(period, "p90_days_to_settle");
	}
	cJSON *now = cJSON_AddObjectToObject(o, "now");
	cJSON_AddItemToObject(now, "overdue", breakdown(f->overdue, f->overdue_track,
							f->overdue_category, f->overdue_unit));
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
	if (figures_job_start(r->srv, r->req, r->who, &q.filter, q.from, q.to, summary_reply,
			      NULL) != TC_OK)
		http_reply_unavailable(r->req, r->lang, NULL, 5);
}

struct rows {
	cJSON *arr;
	const char *province;
	int status, overdue, n;
	uint8_t track, category;
	dm_day today;
};

static int add_row(const struct store_case *c, void *arg)
{
	struct rows *r = arg;
	if (r->n >= ROWS_MAX)
		return 1;
	if (r->province[0] && strncmp(c->province, r->province, 2) != 0)
		return 0;
	dm_day due = dm_watch_due_days((enum dm_status)c->status, c->deadlines);
	int od = dm_watch_days_overdue(due, r->today);
	/* Overdue now, as the card counts it: past due and flagged by the sweep. */
	bool now = od > 0 && (c->flags & STORE_FLAG_OVERDUE);
	if ((r->status && c->status != r->status) || (r->overdue && !now) ||
	    (r->track && c->track != r->track) || (r->category && c->category != r->category))
		return 0;
	/* Exactly the fields the law lets a monitor see: no text, no names, no times. */
	cJSON *o = cJSON_CreateObject();
	char day[DM_DAY_STRLEN];
	cJSON_AddStringToObject(o, "case_id", c->case_id);
	cJSON_AddStringToObject(o, "unit", c->unit);
	cJSON_AddStringToObject(o, "track", dm_track_name((enum dm_track)c->track));
	cJSON_AddStringToObject(o, "category", dm_category_name((enum dm_category)c->category));
	dm_day_format(c->received, day);
	cJSON_AddStringToObject(o, "received_on", day);
	cJSON_AddStringToObject(o, "status", dm_status_name((enum dm_status)c->status));
	if (due != DM_DAY_NONE) {
		dm_day_format(due, day);
		cJSON_AddStringToObject(o, "deadline", day);
	} else {
		cJSON_AddNullToObject(o, "deadline");
	}
	cJSON_AddNumberToObject(o, "days_overdue", od);
	cJSON_AddItemToArray(r->arr, o);
	r->n++;
	return 0;
}

/*
 * Overdue cases through the deadline index (only cases whose watched
 * deadline has passed); otherwise through the per-unit index: a province's
 * inspectorate, and the Government Inspectorate's cases about that province.
 */
static int read_rows(struct server *srv, struct rows *r)
{
	struct store_txn *txn = NULL;
	int rc = store_read_begin(srv->deps.store, &txn);
	if (rc == TC_OK && r->overdue)
		rc = store_due_cases(txn, r->today - 1, add_row, r);
	for (size_t i = 0; rc == TC_OK && !r->overdue && i < dm_unit_count() && r->n < ROWS_MAX; i++) {
		const struct dm_unit *u = dm_unit_at(i);
		if (r->province[0] && u->province && strcmp(u->province->code, r->province) != 0)
			continue;
		rc = store_unit_cases(txn, u->id, NULL, add_row, r);
	}
	store_read_end(txn);
	return rc;
}

void handle_monitor_cases(struct request *r)
{
	struct monitor_query q;
	if (!query_of(r, &q))
		return;
	const char *province = q.filter.province;
	struct rows rows = {.arr = cJSON_CreateArray(), .province = province, .status = q.status,
			    .overdue = q.overdue, .track = q.filter.track,
			    .category = q.filter.category,
			    .today = dm_day_from_unix((int64_t)time(NULL))};
	if (read_rows(r->srv, &rows) != TC_OK) {
		cJSON_Delete(rows.arr);
		http_reply_unavailable(r->req, r->lang, NULL, 5);
		return;
	}
	audit_read(r->srv, CASE_AUDIT_LIST, r->who, NULL, "monitor:rows");
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "scope", province[0] ? province : "national");
	cJSON_AddItemToObject(o, "cases", rows.arr);
	cJSON_AddBoolToObject(o, "truncated", rows.n >= ROWS_MAX);
	http_reply_json(r->req, 200, o);
}
