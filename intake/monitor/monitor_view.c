/*
 * monitor_view.c - the view a page request asks for (decode: the one
 * query decoder, monitor_query.h, for the session's scope) and the figures
 * job that renders it once its figures are ready (figures_job.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "figures_job.h"
#include "monitor_query.h"
#include "monitor_render.h"
#include "server_internal.h"

/* A refused query as a readable page. */
static void reply_query_error(struct request *r, enum lang l, const struct monitor_query_error *e)
{
	struct evhttp_request *req = r->req;
	switch (e->fault) {
	case MQ_PERIOD:
		mw_reply_error(req, l, 400,
			       "Khoảng thời gian: ngày dạng NNNN-TT-NN, từ ngày không sau đến ngày, "
			       "tối đa mười năm.",
			       "Period: dates as YYYY-MM-DD, from not after to, at most ten years.");
		break;
	case MQ_PROVINCE:
		mw_reply_error(req, l, 400, "Tỉnh, thành phố không có trong danh mục.",
			       "Unknown province code.");
		break;
	case MQ_OUTSIDE_SCOPE:
		mw_reply_error(req, l, 403, "Bạn chỉ được xem số liệu của tỉnh mình.",
			       "You may see your own province only.");
		break;
	case MQ_TRACK:
		mw_reply_error(req, l, 400, "Loại việc không đúng.", "Unknown track.");
		break;
	case MQ_CATEGORY:
		mw_reply_error(req, l, 400, "Lĩnh vực không đúng.", "Unknown category.");
		break;
	case MQ_STATUS:
		mw_reply_error(req, l, 400, "Trạng thái không đúng.", "Unknown status.");
		break;
	case MQ_MALFORMED:
		mw_reply_error(req, l, 400, "Tham số trên địa chỉ không hợp lệ.",
			       "The address has malformed or repeated parameters.");
		break;
	}
}

bool mw_read_view(struct request *r, struct view *v)
{
	struct monitor_query q;
	struct monitor_query_error e;
	memset(v, 0, sizeof(*v));
	v->who = r->who;
	v->today = dm_day_from_unix((int64_t)time(NULL));
	int rc = monitor_query_decode(r->query, r->query_rc, v->who->pub.scope, v->today, &q, &e);
	v->l = q.has_lang ? q.lang : r->lang;
	if (rc != TC_OK) {
		reply_query_error(r, v->l, &e);
		return false;
	}
	v->filter = q.filter;
	v->from = q.from;
	v->to = q.to;
	memcpy(v->table, q.table, sizeof(v->table));
	char f1[DM_DAY_STRLEN], f2[DM_DAY_STRLEN];
	dm_day_format(v->from, f1);
	dm_day_format(v->to, f2);
	/* A provincial monitor's province is implied: links need not carry it. */
	bool national = strcmp(v->who->pub.scope, "national") == 0;
	const char *track = q.track_arg, *cat = q.category_arg;
	/* Every value here was validated: digits, dashes and lower-case names only. */
	snprintf(v->qs, sizeof(v->qs), "from=%s&to=%s%s%s%s%s%s%s%s", f1, f2,
		 v->filter.province[0] && national ? "&province=" : "",
		 v->filter.province[0] && national ? v->filter.province : "",
		 track[0] ? "&track=" : "", track[0] ? track : "", cat[0] ? "&category=" : "",
		 cat[0] ? cat : "", v->l == LANG_EN ? "&lang=en" : "");
	return true;
}

/* What to render once a view's figures are ready. */
struct view_job {
	struct view v;
	mw_render_fn render;
	mw_grounds_fn grounds; /* instead of render: a view of the declines by ground */
	int table;
};

static void figures_ready(struct figures_job *j)
{
	const struct view_job *c = j->ctx;
	if (j->rc != TC_OK) {
		mw_reply_error(j->req, c->v.l, 503, "Tạm thời không đọc được số liệu; hãy thử lại sau.",
			       "The figures cannot be read just now; try again shortly.");
		return;
	}
	if (c->grounds)
		c->grounds(j->srv, j->req, &c->v, j->f, j->g);
	else
		c->render(j->srv, j->req, &c->v, j->f, c->table);
}

void mw_with_grounds(struct server *srv, struct evhttp_request *req, const struct view *v,
		     mw_grounds_fn render)
{
	struct view_job *c = calloc(1, sizeof(*c));
	if (c) {
		c->v = *v;
		c->grounds = render;
	}
	if (c == NULL || figures_job_grounds(srv, req, v->who, &v->filter, v->from, v->to,
					     figures_ready, c) != TC_OK) {
		free(c);
		mw_reply_error(req, v->l, 503, "Tạm thời không đọc được số liệu; hãy thử lại sau.",
			       "The figures cannot be read just now; try again shortly.");
	}
}

void mw_with_figures(struct server *srv, struct evhttp_request *req, const struct view *v,
		     bool overdue_bands, mw_render_fn render, int table)
{
	struct view_job *c = malloc(sizeof(*c));
	if (c) {
		c->v = *v;
		c->render = render;
		c->grounds = NULL;
		c->table = table;
	}
	if (c == NULL || figures_job_start(srv, req, v->who, &v->filter, v->from, v->to, overdue_bands,
					   figures_ready, c) != TC_OK) {
		free(c);
		mw_reply_error(req, v->l, 503, "Tạm thời không đọc được số liệu; hãy thử lại sau.",
			       "The figures cannot be read just now; try again shortly.");
	}
}
