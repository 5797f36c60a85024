/*
 * server_internal.h - the server's state and the common replies, shared by
 * the front's files and the areas' handlers (which get a struct request,
 * route.h). Not for use outside intake/. It names no area: the areas give
 * their routes to server_new().
 */
#ifndef TOCAO_SERVER_INTERNAL_H
#define TOCAO_SERVER_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include <openssl/ssl.h>

#include <cjson/cJSON.h>
#include <event2/http.h>

#include "lang.h"
#include "pending.h"
#include "reader.h"
#include "route.h"
#include "server.h"

/*
 * A listening socket with its evhttp: the main one, and optionally the
 * onion one. Each loop has its own of both, bound to the same ports
 * (SO_REUSEPORT when there is more than one loop).
 */
struct front {
	struct evhttp *http;
	struct evconnlistener *listener;
	int port;
	struct server *srv;
	struct loop *loop;
	bool tls;                     /* plain HTTP is for Tor only: no per-source limits, and
				       * a pool and buckets of its own */
};

/*
 * One event loop (docs/SCALING.md): its base, its fronts, and the events
 * other threads may activate. Loop 0 runs on the daemon's base and thread
 * (with the signals and the sweep); loops 1..n-1 each run on a thread of
 * their own. Everything a connection owns (its bufferevent, its evhttp
 * request, its deadline timer, its completion events) lives on the loop
 * that accepted it; across threads only event_active is used.
 */
struct loop {
	struct server *srv;
	int index;
	struct event_base *base;
	struct front fronts[2];
	struct event *ctl;            /* "apply srv's accepting state to my listeners" */
	struct pending_loop pending;  /* the store's completions for requests of this loop */
	pthread_t thread;
	bool started;                 /* thread running (loops 1..n-1) */
};

/* Summed over every loop: atomics, updated from any loop thread. */
struct server_live_counters {
	_Atomic uint64_t requests, reports_accepted, reports_rejected, store_full, in_flight;
};

struct server {
	struct event_base *base;      /* the daemon's: loop 0, signals, timers */
	struct loop *loops;
	int n_loops;
	struct event *start_ev;       /* starts loops 1..n-1 once the main loop runs */
	bool stopped;                 /* server_stop() done */

	pthread_mutex_t tls_lock;     /* guards ssl_ctx: SSL_new on any loop, swap on reload */
	SSL_CTX *ssl_ctx;             /* NULL when serving plain HTTP; new connections use it */
	char *cert_file, *key_file;   /* re-read by server_reload_tls() */
	struct server_deps deps;
	struct server_limits limits;
	int port;

	atomic_bool stopping;
	atomic_bool over_budget;      /* memory budget exceeded: not accepting */
	struct event *budget_timer;   /* main loop */
	struct event *shutdown_timer; /* main loop */
	int shutdown_ticks;

	const char *onion_location;   /* checked: printable ASCII, no trailing '/' */
	char *onion_location_copy;

	/* /metrics: its own loopback listener on loop 0 (front_routes.c), never the fronts. */
	struct evhttp *metrics_http;
	int metrics_port;
	int metrics_interval_s;
	void (*metrics_more)(char *out, size_t cap, const void *arg);
	const void *metrics_more_arg;
	struct event *metrics_timer;  /* loop 0: renews the text at each interval's start */
	char metrics_text[4096];

	/* The routes: the front's own, then each area's (route.h), in order. */
	const struct route_table **tables;
	size_t n_tables;

	/* Shared by every loop thread; each is thread-safe (its own mutex). */
	struct server_live_counters counters;
	struct ratelimit *followup_limit; /* wrong receipts, per source and overall */
	struct ratelimit *submit_limit;   /* new reports, per source and overall */
	struct ratelimit *challenge_limit; /* sign-in challenges, per source (Tor: overall) */
	struct connlimit *conns;          /* connection caps, request deadline */
	struct auth *auth;                /* inspectors' and monitors' sessions */
	struct reader *reader;            /* long reads (monitors' figures), off the loop */
};

/*
 * The loop serving this request: per-request events (completions) must be
 * made on its base, so that they run on the thread that owns the request.
 */
struct loop *server_loop_of(struct server *srv, struct evhttp_request *req);
/* The loop of the calling thread (a loop thread; loop 0 for the daemon's). */
struct loop *server_loop_current(struct server *srv);

/* Problem types (RFC 9457); each has a title per language. */
enum problem {
	PROBLEM_MALFORMED,        /* 400 */
	PROBLEM_VALIDATION,       /* 422 */
	PROBLEM_TOO_LARGE,        /* 413 */
	PROBLEM_MEDIA_TYPE,       /* 415 */
	PROBLEM_NOT_FOUND,        /* 404 */
	PROBLEM_METHOD,           /* 405 */
	PROBLEM_IDEMPOTENCY,      /* 422: key reused with another request */
	PROBLEM_UNAVAILABLE,      /* 503: store full or shutting down */
	PROBLEM_INTERNAL,         /* 500 */
	PROBLEM_BAD_REQUEST,      /* 400: bad URI, headers */
	PROBLEM_UNAUTHORIZED,     /* 401 */
	PROBLEM_RATE_LIMITED,     /* 429, with Retry-After */
	PROBLEM_CONFLICT,         /* 409 */
	PROBLEM_FORBIDDEN,        /* 403 */
	PROBLEM_DECLINE_GROUND,   /* 422: a decline's legal ground missing, unknown, wrong */
};

/* Send body (consumed) as JSON with the given status. */
void http_reply_json(struct evhttp_request *req, int status, cJSON *body);
/*
 * Send an application/problem+json document. detail is English or
 * Vietnamese prose that never includes submitted content; errors (may be
 * NULL) is consumed.
 */
void http_reply_problem(struct evhttp_request *req, enum problem p, enum lang l,
			const char *detail, cJSON *errors);
/* A problem document whose errors hold one entry {field, code, message}. */
void http_reply_field_problem(struct evhttp_request *req, enum problem p, enum lang l,
			      const char *field, const char *code, const char *message);
/* 503 with Retry-After. */
void http_reply_unavailable(struct evhttp_request *req, enum lang l, const char *detail,
			    int retry_after_s);
void http_reply_text(struct evhttp_request *req, int status, const char *content_type,
		     const char *text);

/* Bytes as they are (a sealed blob); the caller adds any other header first. */
void http_reply_bytes(struct evhttp_request *req, int status, const char *content_type,
		      const uint8_t *data, size_t len);

enum lang http_request_lang(struct evhttp_request *req);

/* Retry-After: seconds. */
void http_add_retry_after(struct evhttp_request *req, int retry_after_s);
/*
 * 401 for a bearer route, with WWW-Authenticate; with_detail adds "Sign in
 * again: no valid session." (the inspectors' API and sessions).
 */
void http_reply_bearer_unauthorized(struct evhttp_request *req, enum lang l, bool with_detail);
/*
 * A public page, the same for everyone (the transparency page): not
 * consumed; Cache-Control public for max_age seconds instead of no-store.
 */
void http_reply_public_html(struct evhttp_request *req, int status, const char *html, size_t len,
			    int max_age);
/* Send a page made by html_finish() (consumed; NULL: 500). */
void http_reply_html(struct evhttp_request *req, int status, char *html, size_t len);

/*
 * Whether a new report from this request's source may be taken now (and
 * if so, one is counted); false with *retry_after_s when over the limit.
 * The dispatcher applies it to routes with ROUTE_LIMIT_NEW_REPORT (server_route.c).
 */
bool submit_rate_ok(struct server *srv, struct evhttp_request *req, int *retry_after_s);

/*
 * The same for a sign-in challenge (ROUTE_LIMIT_CHALLENGE): per source on
 * HTTPS, the Tor listener's own overall bucket there.
 */
bool challenge_rate_ok(struct server *srv, struct evhttp_request *req, int *retry_after_s);

/* evhttp's callback of the metrics listener: GET /metrics, nothing else (front_routes.c). */
void front_metrics_serve(struct evhttp_request *req, void *arg);
/* The metrics timer's callback (arg the server): renders, then waits for the next interval. */
void front_metrics_tick(evutil_socket_t fd, short what, void *arg);

/* Timeline event kinds and names: cases/case_codes.h. */

#endif
