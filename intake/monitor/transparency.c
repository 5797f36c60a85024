/*
 * transparency.c - the public transparency page, GET /minh-bach (no
 * sign-in): national and per-province figures by quarter -- received,
 * accepted, settled, settled on time -- under the monitors' disclosure
 * control (mon_figures_publish: every count a multiple of 5, the parts of
 * a table adding up to its total, rates only over MF_RATE_MIN settled
 * cases). Vietnamese by default (?lang=en for English), no JavaScript.
 *
 * It is the same for everyone, so it is computed off the loop once per
 * quarter and language and kept for CACHE_S seconds (and browsers and
 * proxies may keep it as long): anonymous visitors cannot make the reader
 * thread work harder than one computation per page every CACHE_S.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "monitor_handlers.h"
#include "monitor_render.h"
#include "server_internal.h"
#include "transparency.h"
#include "wipe_alloc.h"

#define CACHE_S 300

/* Kept pages: one per (quarter shown, language); a small table, oldest replaced. */
#define CACHE_SLOTS 16
struct cached {
	int quarter; /* tp_quarter_index */
	enum lang l;
	time_t made;
	char *html;
	size_t len;
};
static struct cached cache[CACHE_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

/* A copy of the kept page, or NULL (the caller frees it). */
static char *cache_get(int quarter, enum lang l, time_t now, size_t *len)
{
	char *out = NULL;
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < CACHE_SLOTS && out == NULL; i++) {
		struct cached *c = &cache[i];
		if (c->html && c->quarter == quarter && c->l == l && now - c->made < CACHE_S &&
		    now >= c->made && (out = malloc(c->len + 1)) != NULL) {
			memcpy(out, c->html, c->len + 1);
			*len = c->len;
		}
	}
	pthread_mutex_unlock(&cache_lock);
	return out;
}

static void cache_put(int quarter, enum lang l, time_t now, const char *html, size_t len)
{
	char *copy = malloc(len + 1);
	if (copy == NULL)
		return;
	memcpy(copy, html, len + 1);
	pthread_mutex_lock(&cache_lock);
	int slot = 0;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (cache[i].html && cache[i].quarter == quarter && cache[i].l == l) {
			slot = i;
			break;
		}
		if (cache[i].made < cache[slot].made || cache[i].html == NULL)
			slot = i;
	}
	free(cache[slot].html);
	cache[slot] = (struct cached){.quarter = quarter, .l = l, .made = now, .html = copy,
				      .len = len};
	pthread_mutex_unlock(&cache_lock);
}

struct tp_job {
	struct reader_job base;
	struct server *srv;
	struct evhttp_request *req;
	struct tp_page page;
	time_t now;
	char *html;
	size_t len;
	int rc;
};

static void tp_work(struct reader_job *rj)
{
	struct tp_job *j = (struct tp_job *)rj;
	struct store_txn *txn = NULL;
	j->rc = store_read_begin(j->srv->deps.store, &txn);
	if (j->rc == TC_OK)
		j->rc = tp_compute(txn, j->srv->deps.server_key, &j->page);
	store_read_end(txn);
	if (j->rc == TC_OK) {
		j->html = tp_render(&j->page, &j->len);
		j->rc = j->html ? TC_OK : TC_ENOMEM;
	}
	if (j->rc == TC_OK)
		cache_put(j->page.shown, j->page.l, j->now, j->html, j->len);
}

static void tp_done(evutil_socket_t fd, short what, void *arg)
{
	struct tp_job *j = arg;
	(void)fd;
	(void)what;
	j->srv->counters.in_flight--;
	if (j->rc == TC_OK)
		http_reply_public_html(j->req, 200, j->html, j->len, CACHE_S);
	else
		tp_reply_error(j->req, j->page.l, 503);
	event_free(j->base.done);
	tp_page_free(&j->page);
	wipe_free(j->html);
	free(j);
}

void handle_transparency(struct request *r)
{
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	time_t now = time(NULL);
	struct tp_page page;
	int rc = tp_page_read(r->query, r->query_rc, today, &page);
	if (rc != TC_OK) {
		tp_reply_error(r->req, page.l, 400);
		return;
	}
	size_t len = 0;
	char *kept = cache_get(page.shown, page.l, now, &len);
	if (kept) {
		http_reply_public_html(r->req, 200, kept, len, CACHE_S);
		free(kept);
		return;
	}
	struct tp_job *j = calloc(1, sizeof(*j));
	if (j)
		j->base.done = event_new(server_loop_of(r->srv, r->req)->base, -1, 0, tp_done, j);
	if (j == NULL || j->base.done == NULL) {
		free(j);
		tp_reply_error(r->req, page.l, 503);
		return;
	}
	j->base.work = tp_work;
	j->srv = r->srv;
	j->req = r->req;
	j->page = page;
	j->now = now;
	r->srv->counters.in_flight++;
	reader_submit(r->srv->reader, &j->base);
}
