/*
 * monitor_compare.c - /monitor/compare: the view's period beside the same
 * number of months just before it and the same months a year earlier,
 * with the same filters; published figures of each period (each under the
 * disclosure control as if asked alone), computed in one job off the loop;
 * audited "monitor:compare". Totals only (mon_figures_publish_totals): the
 * period a year earlier, ending on today's date a year ago when the view
 * ends today, is ragged, and its totals alone read a bounded number of
 * counters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "monitor_handlers.h"
#include "monitor_render.h"
#include "server_internal.h"

#define PERIODS 3

struct compare_job {
	struct reader_job base;
	struct server *srv;
	struct evhttp_request *req;
	struct view v;
	dm_day from[PERIODS], to[PERIODS];
	struct mon_figures *f[PERIODS];
	int rc;
};

/* day moved by months (to the 1st of that month). */
static dm_day months_back(dm_day day, int months)
{
	int y, m, d;
	dm_day out;
	dm_day_to_ymd(day, &y, &m, &d);
	int k = y * 12 + (m - 1) - months;
	return dm_day_from_ymd(k / 12, k % 12 + 1, 1, &out) ? out : day;
}

/* The last day of day's month. */
static dm_day month_end(dm_day day)
{
	return months_back(day, -1) - 1;
}

static void periods(struct compare_job *j)
{
	const struct view *v = &j->v;
	int y1, m1, y2, m2, d;
	dm_day_to_ymd(v->from, &y1, &m1, &d);
	dm_day_to_ymd(v->to, &y2, &m2, &d);
	int months = (y2 - y1) * 12 + (m2 - m1) + 1;
	j->from[0] = v->from;
	j->to[0] = v->to;
	j->from[1] = months_back(v->from, months);
	j->to[1] = v->from - 1;
	j->from[2] = months_back(v->from, 12);
	j->to[2] = month_end(months_back(v->to, 12));
	/* A period that ends today compares with the same days of a year ago. */
	if (v->to == v->today) {
		int y, m;
		dm_day_to_ymd(v->to, &y, &m, &d);
		dm_day same;
		if (dm_day_from_ymd(y - 1, m, d, &same))
			j->to[2] = same;
	}
}

static void compare_work(struct reader_job *rj)
{
	struct compare_job *j = (struct compare_job *)rj;
	struct store_txn *txn = NULL;
	j->rc = store_read_begin(j->srv->deps.store, &txn);
	for (int i = 0; j->rc == TC_OK && i < PERIODS; i++) {
		j->f[i] = malloc(sizeof(*j->f[i]));
		j->rc = j->f[i] ? mon_figures_publish_totals(txn, &j->v.filter, j->from[i],
							     j->to[i], j->v.today,
							     j->srv->deps.server_key, j->f[i])
				: TC_ENOMEM;
	}
	store_read_end(txn);
}

static void row(struct html *h, enum lang l, const char *name, const int64_t v[PERIODS])
{
	html_raw(h, "<tr><th scope=\"row\">");
	html_text(h, name);
	html_raw(h, "</th>");
	for (int i = 0; i < PERIODS; i++) {
		char t[32];
		mw_number_text(l, v[i], t);
		html_raw(h, "<td class=\"num\">");
		html_text(h, t);
		html_raw(h, "</td>");
	}
	html_raw(h, "</tr>\n");
}

static void head_row(struct html *h, const struct compare_job *j)
{
	enum lang l = j->v.l;
	static const char *const vi[] = {"Kỳ này", "Kỳ trước", "Cùng kỳ năm trước"};
	static const char *const en[] = {"This period", "Previous period", "Same period last year"};
	html_raw(h, "<thead><tr><td></td>");
	for (int i = 0; i < PERIODS; i++) {
		char d1[16], d2[16];
		mw_day_text(l, j->from[i], d1);
		mw_day_text(l, j->to[i], d2);
		html_raw(h, "<th scope=\"col\" class=\"num\">");
		html_text(h, l == LANG_EN ? en[i] : vi[i]);
		html_rawf(h, "<br><span class=\"period\">%s — %s</span></th>", d1, d2);
	}
	html_raw(h, "</tr></thead>\n<tbody>\n");
}

static void text_row(struct html *h, const char *name, char cells[PERIODS][64])
{
	html_raw(h, "<tr><th scope=\"row\">");
	html_text(h, name);
	html_raw(h, "</th>");
	for (int i = 0; i < PERIODS; i++) {
		html_raw(h, "<td class=\"num\">");
		html_text(h, cells[i]);
		html_raw(h, "</td>");
	}
	html_raw(h, "</tr>\n");
}

static void table(struct html *h, const struct compare_job *j)
{
	enum lang l = j->v.l;
	static const struct {
		int event;
		const char *vi, *en;
	} rows[] = {
		{MF_RECEIVED, "Tiếp nhận", "Received"},	     {MF_ACCEPTED, "Thụ lý", "Accepted"},
		{MF_SETTLED, "Đã giải quyết", "Settled"},
		{MF_ON_TIME, "Giải quyết đúng hạn", "Settled on time"},
		{MF_DECLINED, "Không thụ lý", "Not accepted"},
		{MF_TRANSFERRED, "Chuyển đơn", "Transferred"},
		{MF_MONITORED, "Đưa vào diện giám sát", "Put under monitoring"},
	};
	html_raw(h, "<table class=\"compare\">\n<caption>");
	html_text(h, T(l, "Cùng bộ lọc, ba kỳ; mỗi kỳ làm tròn như khi xem riêng",
		       "The same filters over three periods; each rounded as if asked alone"));
	html_raw(h, "</caption>\n");
	head_row(h, j);
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		int64_t v[PERIODS];
		for (int i = 0; i < PERIODS; i++)
			v[i] = j->f[i]->ev[rows[r].event];
		row(h, l, l == LANG_EN ? rows[r].en : rows[r].vi, v);
	}
	char rate[PERIODS][64], first[PERIODS][64], settle[PERIODS][64];
	for (int i = 0; i < PERIODS; i++) {
		mw_rate_text(rate[i], j->f[i]->ev[MF_ON_TIME], j->f[i]->ev[MF_SETTLED]);
		mw_days_text(l, j->f[i]->median_first_days, j->f[i]->p90_first_days, first[i]);
		mw_days_text(l, j->f[i]->median_days, j->f[i]->p90_days, settle[i]);
	}
	text_row(h, T(l, "Tỷ lệ đúng hạn", "On-time rate"), rate);
	text_row(h, T(l, "Đến bước xử lý đầu tiên", "To the first step"), first);
	text_row(h, T(l, "Đến khi giải quyết xong", "To settlement"), settle);
	html_raw(h, "</tbody>\n</table>\n");
}

static void compare_done(evutil_socket_t fd, short what, void *arg)
{
	struct compare_job *j = arg;
	(void)fd;
	(void)what;
	j->srv->counters.in_flight--;
	enum lang l = j->v.l;
	if (j->rc != TC_OK) {
		mw_reply_error(j->req, l, 503, "Tạm thời không đọc được số liệu; hãy thử lại sau.",
			       "The figures cannot be read just now; try again shortly.");
	} else {
		struct html h;
		html_init(&h);
		mw_page_head(&h, l, T(l, "So sánh các kỳ", "Periods compared"), true, j->v.qs);
		mw_heading(&h, &j->v, T(l, "So sánh các kỳ", "Periods compared"));
		mw_filters(&h, &j->v, "/monitor/compare");
		table(&h, j);
		mw_reply_view(j->srv, j->req, &h, l, j->v.who, "monitor:compare");
	}
	event_free(j->base.done);
	for (int i = 0; i < PERIODS; i++)
		free(j->f[i]);
	free(j);
}

void handle_monitor_compare(struct request *r)
{
	struct compare_job *j = calloc(1, sizeof(*j));
	if (j == NULL || !mw_read_view(r, &j->v)) {
		if (j == NULL)
			mw_reply_error(r->req, r->lang, 503, "Tạm thời không đọc được số liệu.",
				       "The figures cannot be read just now.");
		free(j);
		return;
	}
	j->base.done = event_new(server_loop_of(r->srv, r->req)->base, -1, 0, compare_done, j);
	if (j->base.done == NULL) {
		mw_reply_error(r->req, j->v.l, 503, "Tạm thời không đọc được số liệu.",
			       "The figures cannot be read just now.");
		free(j);
		return;
	}
	j->base.work = compare_work;
	j->srv = r->srv;
	j->req = r->req;
	periods(j);
	r->srv->counters.in_flight++;
	reader_submit(r->srv->reader, &j->base);
}
