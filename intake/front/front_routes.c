/*
 * front_routes.c - the front's own routes: /healthz for load balancers and
 * /metrics for the operators (Prometheus text). Neither needs a session;
 * /metrics shows counters only, never a case.
 */
#include <stdio.h>

#include "route.h"
#include "server_internal.h"

static void handle_healthz(struct request *r)
{
	http_reply_text(r->req, 200, "text/plain; charset=utf-8", "ok\n");
}

static void handle_metrics(struct request *r)
{
	struct store_stats ss;
	store_stats(r->srv->deps.store, &ss);
	struct server_counters c;
	server_counters(r->srv, &c); /* summed over every loop */
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
		 (unsigned long long)c.requests, (unsigned long long)c.reports_accepted,
		 (unsigned long long)c.reports_rejected, (unsigned long long)c.store_full,
		 (unsigned long long)c.in_flight, ss.fill, (unsigned long long)ss.commits,
		 (unsigned long long)ss.writes, (unsigned long long)ss.cases);
	http_reply_text(r->req, 200, "text/plain; version=0.0.4; charset=utf-8", text);
}

static const struct route routes[] = {
	{.path = "/healthz", .methods = ROUTE_GET, .handler = handle_healthz},
	{.path = "/metrics", .methods = ROUTE_GET, .handler = handle_metrics},
};

const struct route_table front_routes = {"front", routes, sizeof(routes) / sizeof(routes[0]),
					 NULL};
