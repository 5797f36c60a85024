/*
 * front_routes.c - the front's own route, /healthz for load balancers, and
 * /metrics for the operators (Prometheus text), which only the metrics
 * listener serves (loopback, off by default: server.c).
 *
 * /metrics shows counters only, never a case, and never when a report came
 * in (SECURITY.md "Metrics"): polled every second, a counter that moves at
 * once would date each report to the second, and the store's fill would
 * give its size. So the figures are a snapshot taken at each multiple of
 * metrics_interval_s of the clock (every poller sees the same one, however
 * often it asks), the fill rounded to a whole per cent, and there is no gauge of
 * requests in flight.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <event2/http.h>

#include "route.h"
#include "server_internal.h"

static void handle_healthz(struct request *r)
{
	http_reply_text(r->req, 200, "text/plain; charset=utf-8", "ok\n");
}

static void metrics_render(struct server *srv)
{
	struct store_stats ss;
	store_stats(srv->deps.store, &ss);
	struct server_counters c;
	server_counters(srv, &c); /* summed over every loop */
	snprintf(srv->metrics_text, sizeof(srv->metrics_text),
		 "# Figures as of the daemon's start or the last multiple of %d s of the clock.\n"
		 "# HELP tocao_requests_total HTTP requests received.\n"
		 "# TYPE tocao_requests_total counter\ntocao_requests_total %llu\n"
		 "# HELP tocao_reports_accepted_total Reports stored durably and acknowledged.\n"
		 "# TYPE tocao_reports_accepted_total counter\ntocao_reports_accepted_total %llu\n"
		 "# HELP tocao_reports_rejected_total Reports refused for invalid fields.\n"
		 "# TYPE tocao_reports_rejected_total counter\ntocao_reports_rejected_total %llu\n"
		 "# HELP tocao_store_full_total Submissions refused because the store was full.\n"
		 "# TYPE tocao_store_full_total counter\ntocao_store_full_total %llu\n"
		 "# HELP tocao_store_fill Fraction of the store's map in use (whole per cent).\n"
		 "# TYPE tocao_store_fill gauge\ntocao_store_fill %.2f\n"
		 "# HELP tocao_store_commits_total Group commits (each one sync).\n"
		 "# TYPE tocao_store_commits_total counter\ntocao_store_commits_total %llu\n"
		 "# HELP tocao_store_writes_total Writes committed.\n"
		 "# TYPE tocao_store_writes_total counter\ntocao_store_writes_total %llu\n"
		 "# HELP tocao_cases Cases in the store.\n"
		 "# TYPE tocao_cases gauge\ntocao_cases %llu\n",
		 srv->metrics_interval_s, (unsigned long long)c.requests,
		 (unsigned long long)c.reports_accepted, (unsigned long long)c.reports_rejected,
		 (unsigned long long)c.store_full, (double)(long)(ss.fill * 100 + 0.5) / 100,
		 (unsigned long long)ss.commits, (unsigned long long)ss.writes,
		 (unsigned long long)ss.cases);
	size_t len = strlen(srv->metrics_text);
	if (srv->metrics_more)
		srv->metrics_more(srv->metrics_text + len, sizeof(srv->metrics_text) - len,
				  srv->metrics_more_arg);
}

/* Loop 0's timer: the text is renewed at each multiple of the interval, and only then. */
void front_metrics_tick(evutil_socket_t fd, short what, void *arg)
{
	struct server *srv = arg;
	(void)fd;
	(void)what;
	metrics_render(srv);
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	long long n = srv->metrics_interval_s;
	long long next = (now.tv_sec / n + 1) * n;
	struct timeval tv = {(time_t)(next - now.tv_sec - 1), (suseconds_t)(1000000 - now.tv_nsec / 1000)};
	if (tv.tv_usec >= 1000000) {
		tv.tv_sec++;
		tv.tv_usec -= 1000000;
	}
	evtimer_add(srv->metrics_timer, &tv);
}

/* The metrics listener's only answer (loop 0). */
void front_metrics_serve(struct evhttp_request *req, void *arg)
{
	struct server *srv = arg;
	const char *uri = evhttp_request_get_uri(req);
	size_t plen = uri ? strcspn(uri, "?") : 0;
	if (uri == NULL || plen != strlen("/metrics") || memcmp(uri, "/metrics", plen) != 0) {
		http_reply_text(req, 404, "text/plain; charset=utf-8", "not found\n");
		return;
	}
	http_reply_text(req, 200, "text/plain; version=0.0.4; charset=utf-8", srv->metrics_text);
}

static const struct route routes[] = {
	{.path = "/healthz", .methods = ROUTE_GET, .handler = handle_healthz},
};

const struct route_table front_routes = {"front", routes, sizeof(routes) / sizeof(routes[0]),
					 NULL};
