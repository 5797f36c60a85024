/*
 * monitor.c - the Fatherland Front's anonymised view (docs/API.md "Monitors") and the
 * operators' /metrics.
 *
 * Monitors see figures and per-case rows without content, names or times:
 * case id, unit, track, category, received day, status, deadline, days
 * overdue. A monitor's scope is the nation or one province. Figures come
 * from counters kept with every change (case_counts.h, read through
 * case_figures.h like the monitors' pages), never from the cases.
 * Cells that would single out fewer than 3 cases show "<3".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <event2/http.h>

#include "auth.h"
#include "dm_deadline.h"
#include "dm_units.h"
#include "dm_watch.h"
#include "form.h"
#include "case_figures.h"
#include "server_internal.h"
#include "case_counts.h"

#define ROWS_MAX 500

/* A monitor's session and the province asked for ("" = the whole scope); NULL after an error. */
static const struct principal *monitor_of(struct server *srv, struct evhttp_request *req, enum lang l,
					  struct form *q, char province[3])
{
	const char *h = evhttp_find_header(evhttp_request_get_input_headers(req), "Authorization");
	const struct principal *p = auth_check_header(srv->auth, h);
	if (p == NULL) {
		evhttp_add_header(evhttp_request_get_output_headers(req), "WWW-Authenticate",
				  "Bearer realm=\"tocao\"");
		http_reply_problem(req, PROBLEM_UNAUTHORIZED, l, NULL, NULL);
		return NULL;
	}
	if (strcmp(p->pub.role, "monitor") != 0) {
		http_reply_problem(req, PROBLEM_FORBIDDEN, l, NULL, NULL);
		return NULL;
	}
	const char *uri = evhttp_request_get_uri(req);
	const char *qs = strchr(uri, '?');
	if (form_parse_urlencoded(qs ? qs + 1 : "", qs ? strlen(qs + 1) : 0, q) != FORM_OK) {
		http_reply_problem(req, PROBLEM_BAD_REQUEST, l, "Malformed or repeated query parameters.",
				   NULL);
		return NULL;
	}
	const struct form_field *pv = form_get(q, "province");
	/* "province=" with no code is an error, not the whole scope. */
	int scope = pv && pv->len == 0 ? -1
		    : mon_scope_province(p->pub.scope, pv ? (const char *)pv->value : "",
					 pv ? pv->len : 0, province);
	if (scope == -1) {
		http_reply_problem(req, PROBLEM_BAD_REQUEST, l, "province: one of the 34 codes.", NULL);
		return NULL;
	}
	if (scope == -2) {
		http_reply_problem(req, PROBLEM_FORBIDDEN, l, "Outside this monitor's province.", NULL);
		return NULL;
	}
	return p;
}

static int query_day(const struct form *q, const char *name, dm_day *out)
{
	const struct form_field *f = form_get(q, name);
	if (f == NULL)
		return 0;
	return dm_day_parse((const char *)f->value, f->len, out) == TC_OK ? 0 : -1;
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

/* ---- Figures off the loop ---- */

static void figures_work(struct reader_job *rj)
{
	struct figures_job *j = (struct figures_job *)rj;
	struct store_txn *txn = NULL;
	j->f = malloc(sizeof(*j->f));
	j->rc = j->f ? store_read_begin(j->srv->deps.store, &txn) : TC_ENOMEM;
	if (j->rc == TC_OK)
		j->rc = mon_figures_compute(txn, &j->filter, j->from, j->to, j->f);
	store_read_end(txn);
}

static void figures_done(evutil_socket_t fd, short what, void *arg)
{
	struct figures_job *j = arg;
	(void)fd;
	(void)what;
	j->srv->counters.in_flight--;
	j->reply(j);
	event_free(j->base.done);
	free(j->f);
	free(j->ctx);
	free(j);
}

int figures_job_start(struct server *srv, struct evhttp_request *req, const struct principal *who,
		      const struct mf_filter *filter, dm_day from, dm_day to, figures_reply_fn reply,
		      void *ctx)
{
	struct figures_job *j = calloc(1, sizeof(*j));
	if (j == NULL)
		return TC_ENOMEM;
	j->base.work = figures_work;
	j->base.done = event_new(server_loop_of(srv, req)->base, -1, 0, figures_done, j);
	if (j->base.done == NULL) {
		free(j);
		return TC_ENOMEM;
	}
	j->srv = srv;
	j->req = req;
	j->who = who;
	j->filter = *filter;
	j->from = from;
	j->to = to;
	j->reply = reply;
	j->ctx = ctx;
	srv->counters.in_flight++;
	reader_submit(srv->reader, &j->base);
	return TC_OK;
}

static void summary_reply(struct figures_job *j)
{
	enum lang l = http_request_lang(j->req);
	if (j->rc != TC_OK) {
		http_reply_unavailable(j->req, l, NULL, 5);
		return;
	}
	audit_monitor_view(j->srv, j->who, "monitor:summary");
	http_reply_json(j->req, 200, summary_json(j->f));
}

void handle_monitor_summary(struct server *srv, struct evhttp_request *req)
{
	enum lang l = http_request_lang(req);
	struct form q = {0};
	char province[3];
	const struct principal *p = monitor_of(srv, req, l, &q, province);
	if (p == NULL) {
		form_free(&q);
		return;
	}
	dm_day today = dm_day_from_unix((int64_t)time(NULL)), from = today - 365, to = today;
	int bad = query_day(&q, "from", &from) || query_day(&q, "to", &to) || from > to ||
		  to - from > 3660;
	form_free(&q);
	if (bad) {
		http_reply_problem(req, PROBLEM_BAD_REQUEST, l,
				   "from, to: YYYY-MM-DD, from <= to, at most ten years apart.", NULL);
		return;
	}
	struct mf_filter filter = {0};
	memcpy(filter.province, province, 3);
	if (figures_job_start(srv, req, p, &filter, from, to, summary_reply, NULL) != TC_OK)
		http_reply_unavailable(req, l, NULL, 5);
}

struct rows {
	cJSON *arr;
	const char *province;
	int status, overdue, n;
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
	if ((r->status && c->status != r->status) || (r->overdue && od == 0))
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

void handle_monitor_cases(struct server *srv, struct evhttp_request *req)
{
	enum lang l = http_request_lang(req);
	struct form q = {0};
	char province[3];
	const struct principal *p = monitor_of(srv, req, l, &q, province);
	if (p == NULL) {
		form_free(&q);
		return;
	}
	struct rows r = {.arr = cJSON_CreateArray(), .province = province,
			 .today = dm_day_from_unix((int64_t)time(NULL))};
	const struct form_field *st = form_get(&q, "status"), *od = form_get(&q, "overdue");
	char buf[32];
	enum dm_status status;
	if (st) {
		snprintf(buf, sizeof(buf), "%.*s", (int)(st->len < 31 ? st->len : 31), (const char *)st->value);
		if (dm_status_parse(buf, &status) != TC_OK) {
			form_free(&q);
			cJSON_Delete(r.arr);
			http_reply_problem(req, PROBLEM_BAD_REQUEST, l, "status: unknown.", NULL);
			return;
		}
		r.status = (int)status;
	}
	r.overdue = od && od->len == 4 && memcmp(od->value, "true", 4) == 0;
	form_free(&q);
	struct store_txn *txn = NULL;
	int rc = store_read_begin(srv->deps.store, &txn);
	/*
	 * Overdue cases through the deadline index (only cases whose watched
	 * deadline has passed); otherwise through the per-unit index: a
	 * province's inspectorate, and the Government Inspectorate's cases
	 * about that province.
	 */
	if (rc == TC_OK && r.overdue)
		rc = store_due_cases(txn, r.today - 1, add_row, &r);
	for (size_t i = 0; rc == TC_OK && !r.overdue && i < dm_unit_count() && r.n < ROWS_MAX; i++) {
		const struct dm_unit *u = dm_unit_at(i);
		if (province[0] && u->province && strcmp(u->province->code, province) != 0)
			continue;
		rc = store_unit_cases(txn, u->id, NULL, add_row, &r);
	}
	store_read_end(txn);
	if (rc != TC_OK) {
		cJSON_Delete(r.arr);
		http_reply_unavailable(req, l, NULL, 5);
		return;
	}
	audit_monitor_view(srv, p, "monitor:rows");
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "scope", province[0] ? province : "national");
	cJSON_AddItemToObject(o, "cases", r.arr);
	cJSON_AddBoolToObject(o, "truncated", r.n >= ROWS_MAX);
	http_reply_json(req, 200, o);
}

void handle_metrics(struct server *srv, struct evhttp_request *req)
{
	struct store_stats ss;
	store_stats(srv->deps.store, &ss);
	struct server_counters snap;
	server_counters(srv, &snap); /* summed over every loop */
	const struct server_counters *c = &snap;
	char text[2048];
	snprintf(text, sizeof(text),
		 "# HELP tocao_requests_total HTTP requests received.\n"
		 "# TYPE tocao_requests_total counter\ntocao_requests_total %llu\n"
		 "# HELP tocao_reports_accepted_total Reports stored durably and acknowledged.\n"
		 "# TYPE tocao_reports_accepted_total counter\ntocao_reports_accepted_total %llu\n"
		 "# HELP tocao_reports_rejected_total Reports refused for invalid fields.\n"
		 "# TYPE tocao_reports_rejected_total counter\ntocao_reports_rejected_total %llu\n"
		 "# HELP tocao_store_full_total Submissions refused because the store was full.\n"
		 "# TYPE tocao_store_full_total counter\ntocao_store_full_total %llu\n"
		 "# HELP tocao_in_flight Requests waiting for the store.\n"
		 "# TYPE tocao_in_flight gauge\ntocao_in_flight %llu\n"
		 "# HELP tocao_store_fill Fraction of the store's map in use.\n"
		 "# TYPE tocao_store_fill gauge\ntocao_store_fill %.4f\n"
		 "# HELP tocao_store_commits_total Group commits (each one sync).\n"
		 "# TYPE tocao_store_commits_total counter\ntocao_store_commits_total %llu\n"
		 "# HELP tocao_store_writes_total Writes committed.\n"
		 "# TYPE tocao_store_writes_total counter\ntocao_store_writes_total %llu\n"
		 "# HELP tocao_cases Cases in the store.\n"
		 "# TYPE tocao_cases gauge\ntocao_cases %llu\n",
		 (unsigned long long)c->requests, (unsigned long long)c->reports_accepted,
		 (unsigned long long)c->reports_rejected, (unsigned long long)c->store_full,
		 (unsigned long long)c->in_flight, ss.fill, (unsigned long long)ss.commits,
		 (unsigned long long)ss.writes, (unsigned long long)ss.cases);
	http_reply_text(req, 200, "text/plain; version=0.0.4; charset=utf-8", text);
}
