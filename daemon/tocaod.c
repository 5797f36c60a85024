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
#include <stdbool.h>
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
#include "contacts.h"
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
#include "domain_worker.h"
#include "mailer.h"
#include "sweep.h"
#include "sweep_retention.h"
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

struct daemon;
static void reload_domain(struct daemon *d);
static void reload_principals(void *arg);

/*
 * SIGHUP: a renewed certificate, without dropping any connection; and the
 * instance's calendar notices and rule sets, re-read and (if the data
 * changed) the open cases recomputed, on the domain thread.
 */
static void on_hup(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	/* A bad file is logged and the previous data kept: nothing to do here. */
	reload_domain(arg);
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
	struct case_retention_policy retention; /* closed cases past it are deleted */
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
	sweep_retention_run(sw->store, &sw->retention, today);
	store_maintenance(sw->store);
	if (rc != TC_OK) {
		log_msg(LOG_WARN, "deadline sweep failed: %s", tc_strerror(rc));
		free(m);
	} else {
		/* Aggregates only: never a case id next to a time. */
		log_msg(LOG_INFO, "deadline sweep: %zu overdue, %zu flags to set or clear, %zu due within %d working days; notices: %zu overdue, %zu due",
			m->r.overdue, m->r.to_mark, m->r.due_soon, sw->horizon_wd,
			m->r.notices_overdue, m->r.notices_due_soon);
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

/* ---- Start-up steps, in order; each logs why it failed ---- */

/* Everything main sets up, so that one exit path can undo whatever was done. */
struct daemon {
	const char *dir, *listen;
	int plain;
	char err[512];
	struct tc_conf conf;
	struct priv_target priv;
	struct instance_keys keys;
	struct principal *principals;
	size_t n_principals;
	struct store *st;
	struct event_base *base;
	struct server_config sc;
	struct server *srv;
	struct event *sigterm, *sigint, *sighup;
	struct sweeper sweeper;
	struct domain_worker *domain;
	struct mailer *mailer; /* the reminders; NULL when off */
	char store_dir[INSTANCE_PATH_MAX], cert[INSTANCE_PATH_MAX], key[INSTANCE_PATH_MAX];
};

/* -1 to go on, else the exit status (help, version, bad usage). */
static int parse_options(int argc, char **argv, struct daemon *d)
{
	static const struct option opts[] = {
		{"dir", required_argument, NULL, 'd'},	 {"listen", required_argument, NULL, 'l'},
		{"plain-http", no_argument, NULL, 'P'},	 {"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},	 {NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "d:l:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': d->dir = optarg; break;
		case 'l': d->listen = optarg; break;
		case 'P': d->plain = 1; break;
		case 'h': usage(stdout); return 0;
		case 'V': puts("tocaod " TOCAO_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (d->dir == NULL || optind != argc) {
		usage(stderr);
		return 2;
	}
	return -1;
}

/* Hardening, allocation hooks, libevent's threads and log, crypto and reference data. */
static int init_process(void)
{
	harden_process();
	wipe_alloc_install();
	event_set_log_callback(on_event_log);
	signal(SIGPIPE, SIG_IGN);
	if (evthread_use_pthreads() != 0) {
		log_msg(LOG_FATAL, "libevent has no thread support");
		return TC_EINVAL;
	}
	if (cr_init() != TC_OK || dm_init() != TC_OK) {
		log_msg(LOG_FATAL, "cannot initialise the crypto library or reference data");
		return TC_EINVAL;
	}
	return TC_OK;
}

/* The configuration, the user to become, the calendar notices. */
static int load_instance(struct daemon *d)
{
	int rc = instance_load_conf(d->dir, &d->conf, d->err, sizeof(d->err));
	if (rc == TC_OK)
		rc = priv_plan(d->conf.user, d->conf.dev, &d->priv, d->err, sizeof(d->err));
	if (rc == TC_OK)
		rc = instance_load_domain(d->dir, d->err, sizeof(d->err));
	/* Each inspectorate's public address and reception phone, as the operator declares them. */
	if (rc == TC_OK && contacts_load_instance(d->dir, d->err, sizeof(d->err)) != 0)
		rc = TC_EINVAL;
	if (rc != TC_OK)
		log_msg(LOG_FATAL, "cannot start: %s", d->err);
	return rc;
}

/* The server key, the units' public keys, the principals' signing keys. */
static int load_keys(struct daemon *d)
{
	int rc = instance_load_keys(d->dir, &d->keys, d->err, sizeof(d->err));
	if (rc == TC_OK)
		rc = instance_load_principals(d->dir, &d->principals, &d->n_principals, d->err,
					      sizeof(d->err));
	if (rc != TC_OK) {
		log_msg(LOG_FATAL, "cannot start: %s", d->err);
		return rc;
	}
	if (d->keys.missing)
		log_msg(LOG_WARN, "%zu units have no public key yet: reports for them are refused",
			d->keys.missing);
	return TC_OK;
}

/* A store this build cannot upgrade: say which schema it has and which this build reads. */
static void refuse_version(const char *store_dir)
{
	uint32_t have = 0;
	if (store_schema_read(store_dir, &have) == TC_OK && have > STORE_SCHEMA_VERSION)
		log_msg(LOG_FATAL, "cannot start: store %s has schema %u, written by a newer tocao "
				   "(this tocaod reads schemas 1 to %d): run that version, or restore a "
				   "backup made with this one; the store was not changed",
			store_dir, (unsigned)have, STORE_SCHEMA_VERSION);
	else
		log_msg(LOG_FATAL, "cannot start: store %s has schema %u, which this tocaod (schemas "
				   "1 to %d) does not know; the store was not changed",
			store_dir, (unsigned)have, STORE_SCHEMA_VERSION);
}

/* The instance's paths, then the store (through the case service: counters upgraded). */
static int open_store(struct daemon *d)
{
	if (instance_path(d->dir, "store", d->store_dir, sizeof(d->store_dir)) != TC_OK ||
	    instance_path(d->dir, d->conf.tls_cert, d->cert, sizeof(d->cert)) != TC_OK ||
	    instance_path(d->dir, d->conf.tls_key, d->key, sizeof(d->key)) != TC_OK) {
		log_msg(LOG_FATAL, "cannot start: instance path too long");
		return TC_EINVAL;
	}
	struct case_retention_policy rp;
	case_retention_from_conf(&d->conf, &rp);
	if (case_retention_check(&rp, d->err, sizeof(d->err)) != TC_OK) {
		log_msg(LOG_FATAL, "cannot start: %s", d->err);
		return TC_EINVAL;
	}
	struct store_options so = {
		.dir = d->store_dir,
		.map_size = d->conf.store_map_mb << 20,
		.full_ratio = d->conf.store_full_ratio,
		.exclusive = true,
	};
	int src = case_store_open(&so, &d->st);
	if (src == TC_EBUSY)
		log_msg(LOG_FATAL, "cannot start: store %s is in use by another process (another "
				   "tocaod, or tocao recompute)", d->store_dir);
	else if (src == TC_EVERSION)
		refuse_version(d->store_dir);
	else if (src != TC_OK)
		log_msg(LOG_FATAL, "cannot start: store %s: %s", d->store_dir, tc_strerror(src));
	return src;
}

/* The reminders' counters in /metrics, once the mailer runs (on loop 0, the main thread's). */
static void reminders_metrics(char *out, size_t cap, const void *arg)
{
	const struct daemon *d = arg;
	if (d->mailer)
		mailer_metrics(out, cap, d->mailer);
}

/* The server's settings from the configuration (and the command line's --listen, --plain-http). */
static void server_config_of(const struct daemon *d, struct server_config *sc)
{
	const struct tc_conf *conf = &d->conf;
	*sc = (struct server_config){
		.listen = d->listen ? d->listen : conf->listen,
		.cert_file = d->cert,
		.key_file = d->key,
		.plain_http = d->plain || conf->plain_http,
		.limits = {
			.max_body = conf->max_body_kb << 10,
			.max_headers = conf->max_headers_bytes,
			.request_timeout_s = conf->request_timeout_s,
			.shutdown_grace_s = conf->shutdown_grace_s,
			.max_files = conf->max_files,
			.max_file_bytes = conf->max_file_kb << 10,
			.max_upload = conf->max_upload_kb << 10,
			.memory_budget = conf->memory_budget_mb << 20,
			.max_connections = conf->max_connections,
			.max_connections_per_source = conf->max_connections_per_source,
			.request_deadline_s = conf->request_deadline_s,
			.submit_per_source_per_min = conf->submit_per_source_per_min,
			.submit_per_source_burst = conf->submit_per_source_burst,
			.submit_global_per_s = conf->submit_global_per_s,
			.submit_global_burst = conf->submit_global_burst,
			.onion_max_connections = conf->onion_max_connections,
			.onion_submit_per_s = conf->onion_submit_per_s,
			.onion_submit_burst = conf->onion_submit_burst,
			.followup_wrong_global_per_s = conf->followup_wrong_global_per_s,
			.followup_wrong_global_burst = conf->followup_wrong_global_burst,
			.onion_followup_wrong_per_s = conf->onion_followup_wrong_per_s,
			.onion_followup_wrong_burst = conf->onion_followup_wrong_burst,
			.signin_challenges_per_source_per_min =
				conf->signin_challenges_per_source_per_min,
			.onion_signin_challenges_per_s = conf->onion_signin_challenges_per_s,
			.onion_signin_challenges_burst = conf->onion_signin_challenges_burst,
			.monitor_session_s = conf->monitor_session_s,
			.monitor_device_days = conf->monitor_device_days,
		},
		.metrics_listen = conf->metrics_listen[0] ? conf->metrics_listen : NULL,
		.metrics_interval_s = conf->metrics_interval_s,
		.onion_location = conf->onion_location[0] ? conf->onion_location : NULL,
		.onion_listen = conf->onion_listen[0] ? conf->onion_listen : NULL,
		.threads = conf->threads,
		.metrics_more = reminders_metrics,
		.metrics_more_arg = d,
	};
}

/* The citizen's limits from the configuration (docs/OPERATIONS.md "Limits"). */
static void citizen_limits_of(const struct tc_conf *c, struct citizen_limits *l)
{
	citizen_limits_defaults(l);
	l->followup_reserve_ratio = c->followup_reserve_ratio;
	l->case_per_day = (uint32_t)c->followup_case_per_day;
	l->case_total = (uint32_t)c->followup_case_total;
	l->case_bytes_per_day = (uint64_t)c->followup_case_kb_per_day << 10;
	l->case_bytes_total = (uint64_t)c->followup_case_mb_total << 20;
	l->post_per_source_per_s = c->followup_per_source_per_min / 60.0;
	l->post_bytes_per_source_per_s = (double)(c->followup_source_kb_per_min << 10) / 60.0;
	l->post_bytes_global_per_s = (double)(c->followup_global_kb_per_s << 10);
	l->report_bytes_per_source_per_s = (double)(c->report_source_kb_per_min << 10) / 60.0;
	l->report_bytes_global_per_s = (double)(c->report_global_kb_per_s << 10);
	l->reads_per_source_per_s = c->followup_reads_per_source_per_min / 60.0;
	l->page_messages = (uint32_t)c->followup_page_messages;
	l->page_bytes = c->followup_page_kb << 10;
	l->read_budget = c->followup_read_budget_mb << 20;
	l->largest_request = (c->max_upload_kb + c->max_body_kb) << 10;
}

/* The event base, then the server: its listeners bound (still as root), its loops started. */
static int start_server(struct daemon *d)
{
	if (d->conf.followup_reserve_ratio >= d->conf.store_full_ratio) {
		log_msg(LOG_FATAL, "cannot start: followup_reserve_ratio must be below "
			"store_full_ratio (the space between is kept for new reports)");
		return TC_EINVAL;
	}
	struct citizen_limits cl;
	citizen_limits_of(&d->conf, &cl);
	if (citizen_start(&cl) != TC_OK) {
		log_msg(LOG_FATAL, "cannot start: the follow-up worker");
		return TC_ENOMEM;
	}
	struct event_base *base = d->base = event_base_new();
	if (base == NULL) {
		log_msg(LOG_FATAL, "cannot start: no event base");
		return TC_ENOMEM;
	}
	/* The Tor listener's pool is its own, on top of the HTTPS one. */
	raise_fd_limit(d->conf.max_connections +
		       (d->conf.onion_listen[0] ? d->conf.onion_max_connections : 0));
	/* In d, as the server's settings lived in main before: alive until the end. */
	struct server_config *sc = &d->sc;
	server_config_of(d, sc);
	struct server_deps deps = {.store = d->st, .server_key = d->keys.server_key,
				   .principals = d->principals, .n_principals = d->n_principals};
	memcpy(deps.unit_keys, d->keys.unit_keys, sizeof(deps.unit_keys));
	static const struct route_table *const areas[] = {&citizen_routes, &inspector_routes,
							   &monitor_routes, NULL};
	int src = server_new(base, sc, &deps, areas, &d->srv);
	if (src != TC_OK)
		log_msg(LOG_FATAL, "cannot start: listening on %s: %s", sc->listen, tc_strerror(src));
	return src;
}

/* Listeners bound, keys read, store open: root is no longer needed. */
static int drop_privileges(struct daemon *d)
{
	int rc = priv_drop(&d->priv, d->err, sizeof(d->err));
	if (rc != TC_OK)
		log_msg(LOG_FATAL, "cannot start: %s", d->err);
	return rc;
}

/* SIGTERM and SIGINT stop, SIGHUP reloads the certificate; the sweep runs a second from now. */
static int add_signals_and_sweep(struct daemon *d)
{
	d->sigterm = evsignal_new(d->base, SIGTERM, on_signal, d->srv);
	d->sigint = evsignal_new(d->base, SIGINT, on_signal, d->srv);
	d->sighup = evsignal_new(d->base, SIGHUP, on_hup, d);
	if (!d->sigterm || !d->sigint || !d->sighup || evsignal_add(d->sigterm, NULL) ||
	    evsignal_add(d->sigint, NULL) || evsignal_add(d->sighup, NULL)) {
		log_msg(LOG_FATAL, "cannot start: signal handlers");
		return TC_EINVAL;
	}
	/* The start-up check of the store's fingerprint, then each SIGHUP's reload. */
	if (domain_worker_start(d->dir, d->st, reload_principals, d, &d->domain) != TC_OK) {
		log_msg(LOG_FATAL, "cannot start: domain thread");
		return TC_ENOMEM;
	}
	struct sweeper *sw = &d->sweeper;
	sw->store = d->st;
	sw->period.tv_sec = d->conf.sweep_interval_s;
	sw->horizon_wd = d->conf.sweep_horizon_wd;
	case_retention_from_conf(&d->conf, &sw->retention);
	sw->timer = evtimer_new(d->base, on_sweep, sw);
	struct timeval soon = {1, 0};
	if (sw->timer == NULL || evtimer_add(sw->timer, &soon) != 0) {
		log_msg(LOG_FATAL, "cannot start: sweep timer");
		return TC_EINVAL;
	}
	/* Reminders (off without smtp_url): a thread of their own, never this loop. */
	d->mailer = mailer_start(d->dir, &d->conf, d->st, d->keys.server_key);
	return TC_OK;
}

/* Say where we listen, then serve until a signal stops the loop. */
static void run(struct daemon *d)
{
	const struct server_config *sc = &d->sc;
	/* Our own address, never a peer's. Tests read the port from this line. */
	const char *host_end = strrchr(sc->listen, ':');
	log_msg(LOG_INFO, "listening on %s://%.*s:%d", sc->plain_http ? "http" : "https",
		(int)(host_end - sc->listen), sc->listen, server_port(d->srv));
	if (server_onion_port(d->srv))
		log_msg(LOG_INFO, "onion service listener (plain HTTP) on %s, port %d",
			sc->onion_listen, server_onion_port(d->srv));
	if (server_metrics_port(d->srv))
		log_msg(LOG_INFO, "metrics listener (plain HTTP, loopback) on %s, port %d",
			sc->metrics_listen, server_metrics_port(d->srv));
	event_base_dispatch(d->base);
}

/* Undo whatever start-up did, in this order; safe on a partly started daemon. */
static void stop(struct daemon *d)
{
	if (d->sigterm)
		event_free(d->sigterm);
	if (d->sigint)
		event_free(d->sigint);
	if (d->sighup)
		event_free(d->sighup);
	if (d->sweeper.timer)
		event_free(d->sweeper.timer);
	/* Every loop stopped and joined, the reader too, connections closed... */
	server_stop(d->srv);
	/* ...the follow-up worker after what it was given (it reads the store)... */
	citizen_stop();
	/* ...the domain thread after its current write, the mailer after its current send... */
	domain_worker_stop(d->domain);
	mailer_stop(d->mailer);
	d->mailer = NULL;
	/* ...then the store: drains queued writes, whose completions need the bases. */
	store_close(d->st);
	server_free(d->srv);
	if (d->base)
		event_base_free(d->base);
	instance_keys_free(&d->keys);
	free(d->principals);
}

/*
 * On the domain thread, at each SIGHUP: re-read DIR/principals/ and give
 * the sessions the new list; a bad or unreadable file keeps the list in
 * force (and says why).
 */
static void reload_principals(void *arg)
{
	struct daemon *d = arg;
	struct principal *ps = NULL;
	size_t n = 0;
	char err[INSTANCE_PATH_MAX + 256] = "";
	int rc = instance_load_principals(d->dir, &ps, &n, err, sizeof(err));
	if (rc != TC_OK) {
		log_msg(LOG_ERR, "principals reload failed, the list in force is kept: %s",
			err[0] ? err : tc_strerror(rc));
		return;
	}
	(void)server_reload_principals(d->srv, ps, n);
	free(ps);
}

static void reload_domain(struct daemon *d)
{
	(void)server_reload_tls(d->srv);
	domain_worker_reload(d->domain);
}

int main(int argc, char **argv)
{
	static struct daemon d; /* large (paths, keys): static, and zeroed */
	bool ran = false;
	int rc = parse_options(argc, argv, &d);
	if (rc >= 0)
		goto out;
	rc = 1;
	if (init_process() != TC_OK || load_instance(&d) != TC_OK || load_keys(&d) != TC_OK ||
	    open_store(&d) != TC_OK || start_server(&d) != TC_OK || drop_privileges(&d) != TC_OK ||
	    add_signals_and_sweep(&d) != TC_OK)
		goto out;
	run(&d);
	rc = 0;
	ran = true;
out:
	stop(&d);
	if (ran)
		log_msg(LOG_INFO, "stopped");
	return rc;
}
