/*
 * server.h - the HTTPS front of tocaod: evhttp on N event loops (one per
 * thread, docs/SCALING.md), TLS by OpenSSL, our own routing on the raw path, security headers on every
 * response, and graceful stop.
 */
#ifndef TOCAO_SERVER_H
#define TOCAO_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cr.h"
#include "dm_units.h"
#include "store.h"
#include "tc_err.h"

struct event_base;

/* Named limits (docs/OPERATIONS.md "Limits"), each with its default. */
struct server_limits {
	size_t max_body;          /* API body cap, bytes (1 MiB): 413 above */
	size_t max_headers;       /* header bytes (8 KiB) */
	int request_timeout_s;    /* idle read/write timeout (15 s) */
	int shutdown_grace_s;     /* wait for in-flight requests on stop (10 s) */
	int max_files;            /* attachments per report (5) */
	size_t max_file_bytes;    /* per attachment (5 MiB) */
	size_t max_upload;        /* all attachments of one request (10 MiB) */
	size_t memory_budget;     /* request memory: above it, stop accepting (512 MiB) */
	size_t max_connections;   /* open HTTPS connections (4096): closed at once above */
	size_t max_connections_per_source; /* from one source (64); none on Tor listeners */
	size_t onion_max_connections; /* open on the Tor listener (1024), a pool of its own */
	int request_deadline_s;   /* to receive one request's headers and body (60 s) */
	double submit_per_source_per_min; /* new reports from one source (10 a minute), */
	double submit_per_source_burst;   /* with bursts of up to 20 */
	double submit_global_per_s;       /* new reports from everyone (100 a second), */
	double submit_global_burst;       /* with bursts of up to 1000 */
	/*
	 * The Tor listener has buckets of its own (every peer there is the
	 * local Tor daemon): a flood on it never spends the HTTPS listener's,
	 * nor the reverse (docs/OPERATIONS.md "Limits" gives the reasons).
	 */
	double onion_submit_per_s;        /* new reports over Tor (10 a second), */
	double onion_submit_burst;        /* bursts of 200 */
	double followup_wrong_global_per_s; /* wrong receipts, all HTTPS sources (50/s), */
	double followup_wrong_global_burst; /* bursts of 200 */
	double onion_followup_wrong_per_s;  /* wrong receipts over Tor (10/s), */
	double onion_followup_wrong_burst;  /* bursts of 50 */
	double signin_challenges_per_source_per_min; /* sign-in challenges, one source (120) */
	double onion_signin_challenges_per_s;        /* over Tor (2 a second), */
	double onion_signin_challenges_burst;        /* bursts of 30 */
	int monitor_session_s;    /* a monitor's session (7200 s; 0: that default) */
	int monitor_device_days;  /* an enrolled monitor's browser (90 days; 0: that default) */
};

struct server_config {
	const char *listen;       /* "HOST:PORT"; port 0 picks a free one */
	const char *cert_file;    /* PEM; NULL with plain_http */
	const char *key_file;
	bool plain_http;          /* the main listener in plain HTTP (loopback only) */
	const char *onion_listen; /* a second, plain-HTTP loopback listener for Tor, or NULL */
	const char *onion_location; /* an http://...onion/ base URL to announce, or NULL;
				     * printable ASCII only, else server_new refuses */
	const char *metrics_listen; /* "127.0.0.1:PORT": /metrics, plain HTTP, loopback; or NULL */
	int metrics_interval_s;   /* /metrics figures are refreshed this often (300 s) */
	/* More /metrics text from the daemon (the reminders' counters); NULL: none. On loop 0. */
	void (*metrics_more)(char *out, size_t cap, const void *arg);
	const void *metrics_more_arg;
	int threads;              /* event loops; 0: one per online core */
	struct server_limits limits;
};

struct principal;

/* What the handlers need; owned by the daemon, outlives the server. */
struct server_deps {
	const struct principal *principals; /* inspectors and monitors (copied) */
	size_t n_principals;
	struct store *store;
	const struct cr_server_key *server_key;
	/* Current public key of each unit, indexed like dm_unit_at(). */
	const struct cr_unit_pub *unit_keys[DM_UNIT_COUNT];
};

struct server;

/*
 * Bind and prepare (no requests are served until the loop runs). base is
 * the daemon's loop, which serves too; the other loops' threads start once
 * it runs (so after privileges are dropped). Needs evthread_use_pthreads()
 * before base was made. tables: the areas' routes (route.h), NULL-terminated,
 * static (kept, not copied); the front's own (/healthz, /metrics) come first.
 */
struct route_table;
int server_new(struct event_base *base, const struct server_config *cfg,
	       const struct server_deps *deps, const struct route_table *const *tables,
	       struct server **out) TC_WUR;
/* The bound port (useful with port 0); the onion and metrics listeners', 0 if none. */
int server_port(const struct server *srv);
int server_onion_port(const struct server *srv);
int server_metrics_port(const struct server *srv);
/*
 * Stop accepting, let in-flight requests finish (bounded by the grace
 * period), then exit the loop.
 */
void server_begin_shutdown(struct server *srv);
/*
 * Re-read the certificate and key files into a new TLS context for new
 * connections; open connections keep theirs. On a bad file, logs why and
 * keeps serving with the previous context (TC_EINVAL).
 */
int server_reload_tls(struct server *srv);
/*
 * Install a new list of principals for sessions (copied; any thread):
 * revoked ones' sessions end at once, new ones can sign in
 * (auth_set_principals). Logs what changed; TC_ENOMEM keeps the list in
 * force.
 */
int server_reload_principals(struct server *srv, const struct principal *ps, size_t n);
/*
 * After the main loop has returned: stop and join the other loops, free
 * listeners, connections and the reader. Event bases stay until
 * server_free, so that the store's last completions (store_close) still
 * find them. server_free does this too if it was not done.
 */
void server_stop(struct server *srv);
void server_free(struct server *srv);
/* Event loops serving (cfg->threads, resolved). */
int server_threads(const struct server *srv);

/* Counters for logs and /metrics. */
struct server_counters {
	uint64_t requests, reports_accepted, reports_rejected, store_full, in_flight;
};
void server_counters(const struct server *srv, struct server_counters *out);

/*
 * The completion inbox of the loop that took req (of the calling loop when
 * req is NULL), for pending_submit(): its answer runs on that loop.
 */
struct evhttp_request;
struct pending_loop;
struct pending_loop *server_pending_loop(struct server *srv, struct evhttp_request *req);

#endif
