/*
 * tocaod - the tocao intake daemon.
 *
 *   tocaod -d DIR [--listen HOST:PORT] [--plain-http]
 *
 * Start-up order matters: process hardening first (no core dumps: they
 * would hold plaintext), then the allocation hooks (before libevent or
 * cJSON allocate), threads support for libevent (before any base), keys
 * and store, and finally the listener.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include <event2/event.h>
#include <event2/thread.h>

#include "citizen.h"
#include "cr.h"
#include "dm_calendar.h"
#include "dm_units.h"
#include "auth.h"
#include "inspector.h"
#include "instance.h"
#include "log.h"
#include "monitor.h"
#include "privdrop.h"
#include "server.h"
#include "store.h"
#include "cases.h"
#include "sweep.h"
#include "wipe_alloc.h"

static void usage(FILE *f)
{
	fputs("Usage: tocaod -d DIR [--listen HOST:PORT] [--plain-http]\n"
	      "\n"
	      "Run the tocao intake daemon on the instance in DIR (see 'tocao init').\n"
	      "\n"
	      "  -d, --dir DIR          the instance directory\n"
	      "  -l, --listen HOST:PORT address to listen on (default from DIR/tocao.conf,\n"
	      "                         127.0.0.1:8443); port 0 picks a free port\n"
	      "      --plain-http       serve plain HTTP (loopback only: for a Tor onion service)\n"
	      "  -h, --help             this help\n"
	      "  -V, --version          the version\n",
	      f);
}

/* No core dumps, no ptrace by other users: memory holds plaintext and keys. */
static void harden_process(void)
{
	struct rlimit no_core = {0, 0};
	setrlimit(RLIMIT_CORE, &no_core);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	umask(077);
}

/*
 * Each connection is a descriptor, and the usual soft limit (1024) is
 * below the connection cap: raise the soft limit to the hard one (no
 * privilege needed) and say so when even that cannot hold the cap, since
 * then accept() fails before the cap is reached.
 */
static void raise_fd_limit(size_t max_connections)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	/* Only when short: under systemd LimitNOFILE= does it, and setrlimit is filtered. */
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < max_connections + 64 &&
	    rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	/* The store, the log and the listeners need a few dozen more. */
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < max_connections + 64)
		log_msg(LOG_WARN, "open files limited to %llu: fewer than max_connections (%zu) "
				  "can be served (raise LimitNOFILE)",
			(unsigned long long)rl.rlim_cur, max_connections);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	log_msg(LOG_INFO, "signal %d: stopping", (int)sig);
	server_begin_shutdown(arg);
}

/* SIGHUP: a renewed certificate, without dropping any connection. */
static void on_hup(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	/* A bad file is logged and the previous certificate kept: nothing to do here. */
	(void)server_reload_tls(arg);
}

/* libevent's own messages, routed to our log (docs/INTERNALS.md §libevent-log). */
static void on_event_log(int severity, const char *msg)
{
	log_msg(severity >= EVENT_LOG_ERR ? LOG_ERR : severity == EVENT_LOG_WARN ? LOG_WARN : LOG_DEBUG,
		"libevent: %s", msg);
}


/* ---- The deadline sweep, on the event loop ---- */

struct sweeper {
	struct store *store;
	struct event *timer;
	struct timeval period;
	int horizon_wd;
};

struct mark_write {
	struct case_write cw; /* the case service's case_mark_overdue */
	struct case_mark_overdue op;
	struct sweep_result r;
};

/* On the writer thread; nothing to answer, only to free. */
static void marks_done(struct store_write *w, int rc)
{
	struct mark_write *m = w->arg;
	if (rc != TC_OK)
		log_msg(LOG_WARN, "deadline sweep: marking overdue cases failed: %s", tc_strerror(rc));
	free(m->r.marks);
	free(m);
}

static void on_sweep(evutil_socket_t fd, short what, void *arg)
{
	struct sweeper *sw = arg;
	(void)fd;
	(void)what;
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	dm_day horizon = dm_cal_add_working_days(today, sw->horizon_wd);
	struct store_txn *txn = NULL;
	struct mark_write *m = calloc(1, sizeof(*m));
	int rc = m ? store_read_begin(sw->store, &txn) : TC_ENOMEM;
	if (rc == TC_OK)
		rc = sweep_scan(txn, today, horizon, &m->r);
	store_read_end(txn);
	store_maintenance(sw->store);
	if (rc != TC_OK) {
		log_msg(LOG_WARN, "deadline sweep failed: %s", tc_strerror(rc));
		free(m);
	} else {
		/* Aggregates only: never a case id next to a time. */
		log_msg(LOG_INFO, "deadline sweep: %zu overdue (%zu newly), %zu due within %d working days",
			m->r.overdue, m->r.to_mark, m->r.due_soon, sw->horizon_wd);
		if (m->r.to_mark == 0) {
			free(m->r.marks);
			free(m);
		} else {
			m->op = (struct case_mark_overdue){.today = today, .ids = m->r.marks,
							   .n = m->r.to_mark};
			case_write_init(&m->cw, CASE_OP_MARK_OVERDUE, &m->op);
			m->cw.w.done = marks_done;
			m->cw.w.arg = m;
			if (store_submit(sw->store, &m->cw.w) != TC_OK) {
				free(m->r.marks);
				free(m);
			}
		}
	}
	evtimer_add(sw->timer, &sw->period);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"dir", required_argument, NULL, 'd'},	 {"listen", required_argument, NULL, 'l'},
		{"plain-http", no_argument, NULL, 'P'},	 {"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},	 {NULL, 0, NULL, 0},
	};
	const char *dir = NULL, *listen = NULL;
	int plain = 0, c;
	while ((c = getopt_long(argc, argv, "d:l:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'l': listen = optarg; break;
		case 'P': plain = 1; break;
		case 'h': usage(stdout); return 0;
		case 'V': puts("tocaod " TOCAO_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (dir == NULL || optind != argc) {
		usage(stderr);
		return 2;
	}

	harden_process();
	wipe_alloc_install();
	event_set_log_callback(on_event_log);
	signal(SIGPIPE, SIG_IGN);
	if (evthread_use_pthreads() != 0) {
		log_msg(LOG_FATAL, "libevent has no thread support");
		return 1;
	}
	if (cr_init() != TC_OK || dm_init() != TC_OK) {
		log_msg(LOG_FATAL, "cannot initialise the crypto library or reference data");
		return 1;
	}

	char err[512];
	struct tc_conf conf;
	struct instance_keys keys;
	if (instance_load_conf(dir, &conf, err, sizeof(err)) != TC_OK) {
		log_msg(LOG_FATAL, "cannot start: %s", err);
		return 1;
	}
	struct priv_target priv;
	if (priv_plan(conf.user, conf.dev, &priv, err, sizeof(err)) != TC_OK) {
		log_msg(LOG_FATAL, "cannot start: %s", err);
		return 1;
	}
	if (instance_load_notices(dir, err, sizeof(err)) != TC_OK) {
		log_msg(LOG_FATAL, "cannot start: %s", err);
		return 1;
	}
	if (instance_load_keys(dir, &keys, err, sizeof(err)) != TC_OK) {
		log_msg(LOG_FATAL, "cannot start: %s", err);
		return 1;
	}
	struct principal *principals = NULL;
	size_t n_principals = 0;
	if (instance_load_principals(dir, &principals, &n_principals, err, sizeof(err)) != TC_OK) {
		log_msg(LOG_FATAL, "cannot start: %s", err);
		instance_keys_free(&keys);
		return 1;
	}
	if (keys.missing)
		log_msg(LOG_WARN, "%zu units have no public key yet: reports for them are refused",
			keys.missing);

	int rc = 1;
	struct store *st = NULL;
	struct event_base *base = NULL;
	struct server *srv = NULL;
	struct event *sigterm = NULL, *sigint = NULL, *sighup = NULL;
	struct sweeper sweeper = {0};
	char store_dir[INSTANCE_PATH_MAX], cert[INSTANCE_PATH_MAX], key[INSTANCE_PATH_MAX];
	if (instance_path(dir, "store", store_dir, sizeof(store_dir)) != TC_OK ||
	    instance_path(dir, conf.tls_cert, cert, sizeof(cert)) != TC_OK ||
	    instance_path(dir, conf.tls_key, key, sizeof(key)) != TC_OK) {
		log_msg(LOG_FATAL, "cannot start: instance path too long");
		goto out;
	}
	struct store_options so = {
		.dir = store_dir,
		.map_size = conf.store_map_mb << 20,
		.full_ratio = conf.store_full_ratio,
	};
	int src = case_store_open(&so, &st);
	if (src != TC_OK) {
		log_msg(LOG_FATAL, "cannot start: store %s: %s", store_dir, tc_strerror(src));
		goto out;
	}

	base = event_base_new();
	if (base == NULL) {
		log_msg(LOG_FATAL, "cannot start: no event base");
		goto out;
	}
	raise_fd_limit(conf.max_connections);
	struct server_config sc = {
		.listen = listen ? listen : conf.listen,
		.cert_file = cert,
		.key_file = key,
		.plain_http = plain || conf.plain_http,
		.limits = {
			.max_body = conf.max_body_kb << 10,
			.max_headers = conf.max_headers_bytes,
			.request_timeout_s = conf.request_timeout_s,
			.shutdown_grace_s = conf.shutdown_grace_s,
			.max_files = conf.max_files,
			.max_file_bytes = conf.max_file_kb << 10,
			.max_upload = conf.max_upload_kb << 10,
			.memory_budget = conf.memory_budget_mb << 20,
			.max_connections = conf.max_connections,
			.max_connections_per_source = conf.max_connections_per_source,
			.request_deadline_s = conf.request_deadline_s,
			.submit_per_source_per_min = conf.submit_per_source_per_min,
			.submit_per_source_burst = conf.submit_per_source_burst,
			.submit_global_per_s = conf.submit_global_per_s,
			.submit_global_burst = conf.submit_global_burst,
		},
		.onion_location = conf.onion_location[0] ? conf.onion_location : NULL,
		.onion_listen = conf.onion_listen[0] ? conf.onion_listen : NULL,
		.threads = conf.threads,
	};
	struct server_deps deps = {.store = st, .server_key = keys.server_key,
				   .principals = principals, .n_principals = n_principals};
	memcpy(deps.unit_keys, keys.unit_keys, sizeof(deps.unit_keys));
	src = server_new(base, &sc, &deps,
			 (const struct route_table *const[]){&citizen_routes, &inspector_routes,
							      &monitor_routes, NULL},
			 &srv);
	if (src != TC_OK) {
		log_msg(LOG_FATAL, "cannot start: listening on %s: %s", sc.listen, tc_strerror(src));
		goto out;
	}
	/* Listeners bound, keys read, store open: root is no longer needed. */
	if (priv_drop(&priv, err, sizeof(err)) != TC_OK) {
		log_msg(LOG_FATAL, "cannot start: %s", err);
		goto out;
	}
	sigterm = evsignal_new(base, SIGTERM, on_signal, srv);
	sigint = evsignal_new(base, SIGINT, on_signal, srv);
	sighup = evsignal_new(base, SIGHUP, on_hup, srv);
	if (!sigterm || !sigint || !sighup || evsignal_add(sigterm, NULL) ||
	    evsignal_add(sigint, NULL) || evsignal_add(sighup, NULL)) {
		log_msg(LOG_FATAL, "cannot start: signal handlers");
		goto out;
	}
	sweeper.store = st;
	sweeper.period.tv_sec = conf.sweep_interval_s;
	sweeper.horizon_wd = conf.sweep_horizon_wd;
	sweeper.timer = evtimer_new(base, on_sweep, &sweeper);
	struct timeval soon = {1, 0};
	if (sweeper.timer == NULL || evtimer_add(sweeper.timer, &soon) != 0) {
		log_msg(LOG_FATAL, "cannot start: sweep timer");
		goto out;
	}
	/* Our own address, never a peer's. Tests read the port from this line. */
	const char *host_end = strrchr(sc.listen, ':');
	log_msg(LOG_INFO, "listening on %s://%.*s:%d", sc.plain_http ? "http" : "https",
		(int)(host_end - sc.listen), sc.listen, server_port(srv));
	if (server_onion_port(srv))
		log_msg(LOG_INFO, "onion service listener (plain HTTP) on %s, port %d",
			sc.onion_listen, server_onion_port(srv));
	event_base_dispatch(base);
	rc = 0;
out:
	if (sigterm)
		event_free(sigterm);
	if (sigint)
		event_free(sigint);
	if (sighup)
		event_free(sighup);
	if (sweeper.timer)
		event_free(sweeper.timer);
	/* Every loop stopped and joined, the reader too, connections closed... */
	server_stop(srv);
	/* ...then the store: drains queued writes, whose completions need the bases. */
	store_close(st);
	server_free(srv);
	if (base)
		event_base_free(base);
	instance_keys_free(&keys);
	free(principals);
	if (rc == 0)
		log_msg(LOG_INFO, "stopped");
	return rc;
}
