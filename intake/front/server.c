/*
 * server.c - listeners, TLS, event loops, the memory budget, graceful stop.
 *
 * N event loops serve the connections, one per thread, each with its own
 * evhttp on the same ports (SO_REUSEPORT); docs/SCALING.md says who owns
 * what. Every request goes to route_dispatch() (server_route.c), which serves the
 * route tables given to server_new(); replies are in replies.c.
 */
#include <arpa/inet.h>
#include <signal.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <event2/thread.h>

#include "auth.h"
#include "connlimit.h"
#include "log.h"
#include "ratelimit.h"
#include "tls.h"
#include "wipe_alloc.h"
#include "server_internal.h"

/* ---- TLS ---- */

/*
 * evhttp asks for a bufferevent per connection. Returning NULL would make
 * evhttp fall back to a plaintext bufferevent on the HTTPS port
 * (docs/INTERNALS.md §evhttp-bevcb-plaintext); rather than ever serve plaintext there, give up.
 */
static struct bufferevent *make_tls_bev(struct event_base *base, void *arg)
{
	struct server *srv = arg;
	/* SSL_new takes its own reference: a reload may then free ours. */
	pthread_mutex_lock(&srv->tls_lock);
	SSL *ssl = SSL_new(srv->ssl_ctx);
	pthread_mutex_unlock(&srv->tls_lock);
	struct bufferevent *bev = NULL;
	if (ssl != NULL)
		bev = bufferevent_openssl_socket_new(base, -1, ssl, BUFFEREVENT_SSL_ACCEPTING,
						     BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL) {
		log_msg(LOG_FATAL, "cannot create TLS state for a connection; stopping rather "
				   "than serve plaintext");
		abort();
	}
	/* A TLS close without close_notify is still the end of the stream. */
	bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	return bev;
}

/*
 * Every connection's bufferevent is made here, so that each is counted
 * and checked against the caps before any TLS work (connlimit.c says how).
 * A plain one (Tor listener) that cannot be made is left to evhttp, which
 * then makes its own, untracked: that is no worse than before caps.
 */
static struct bufferevent *front_bev(struct event_base *base, void *arg)
{
	struct front *fr = arg;
	struct bufferevent *bev = fr->tls ? make_tls_bev(base, fr->srv)
					  : bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (bev != NULL)
		connlimit_track(fr->srv->conns, base, bev, fr->tls);
	return bev;
}

static int tls_setup(struct server *srv, const struct server_config *cfg)
{
	/* Kept for reloads: the daemon's strings need not outlive this call. */
	srv->cert_file = strdup(cfg->cert_file);
	srv->key_file = strdup(cfg->key_file);
	if (srv->cert_file == NULL || srv->key_file == NULL)
		return TC_ENOMEM;
	char why[320];
	srv->ssl_ctx = tls_ctx_new(srv->cert_file, srv->key_file, why, sizeof(why));
	if (srv->ssl_ctx == NULL) {
		log_msg(LOG_ERR, "TLS set-up failed: %s", why);
		return TC_EINVAL;
	}
	return TC_OK;
}

int server_reload_principals(struct server *srv, const struct principal *ps, size_t n)
{
	size_t added = 0, revoked = 0;
	int rc = auth_set_principals(srv->auth, ps, n, &added, &revoked);
	if (rc != TC_OK)
		log_msg(LOG_ERR, "principals reload failed, the list in force is kept: %s",
			tc_strerror(rc));
	else
		log_msg(LOG_INFO, "principals reloaded: %zu in force, %zu added, %zu revoked", n, added,
			revoked);
	return rc;
}

int server_reload_tls(struct server *srv)
{
	if (srv->ssl_ctx == NULL)
		return TC_OK; /* plain HTTP: nothing to reload */
	char why[320];
	SSL_CTX *ctx = tls_ctx_new(srv->cert_file, srv->key_file, why, sizeof(why));
	if (ctx == NULL) {
		/* Never stop serving over a bad file: the old certificate stays. */
		log_msg(LOG_ERR, "TLS reload failed, still serving the previous certificate: %s",
			why);
		return TC_EINVAL;
	}
	/*
	 * New connections get the new context. Each open connection's SSL
	 * holds its own reference to the old one, so this only drops ours; the
	 * old context is freed with the last connection that uses it.
	 */
	pthread_mutex_lock(&srv->tls_lock);
	SSL_CTX *old = srv->ssl_ctx;
	srv->ssl_ctx = ctx;
	pthread_mutex_unlock(&srv->tls_lock);
	SSL_CTX_free(old);
	log_msg(LOG_INFO, "TLS certificate reloaded from %s", srv->cert_file);
	return TC_OK;
}

/* ---- Listening ---- */

static int parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	if (colon == NULL || (size_t)(colon - s) >= sizeof(host))
		return TC_EINVAL;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 0 || port > 65535 || colon[1] == '\0')
		return TC_EINVAL;
	/* [::1]:8443 */
	if (host[0] == '[') {
		size_t hl = strlen(host);
		if (hl < 3 || host[hl - 1] != ']')
			return TC_EINVAL;
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = '\0';
	}
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof(host), "127.0.0.1");
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		*len = sizeof(*in4);
	} else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*in6);
	} else {
		return TC_EINVAL;
	}
	return TC_OK;
}

static bool is_loopback(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *in4 = (const struct sockaddr_in *)ss;
		return (ntohl(in4->sin_addr.s_addr) >> 24) == 127;
	}
	const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ss;
	return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
}

static void listener_error(struct evconnlistener *lis, void *arg)
{
	(void)lis;
	(void)arg;
	/* EMFILE and friends: keep serving what we have; the kernel queues the rest. */
	log_msg(LOG_WARN, "accept failed: %s", strerror(errno));
}

/*
 * SO_REUSEPORT would also let us join a group another daemon of our user
 * already listens with, silently sharing its traffic. So with several
 * loops the first binds the address once without it, which fails as it
 * would with one loop if anything listens there, and learns the port that
 * "port 0" picks (written into *ss for every loop to use).
 */
static int probe_port(struct sockaddr_storage *ss, socklen_t sslen, const char *listen)
{
	int one = 1;
	int probe = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (probe < 0)
		return -errno;
	setsockopt(probe, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss->ss_family == AF_INET6)
		setsockopt(probe, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	struct sockaddr_storage got;
	socklen_t glen = sizeof(got);
	if (bind(probe, (struct sockaddr *)ss, sslen) != 0 ||
	    getsockname(probe, (struct sockaddr *)&got, &glen) != 0) {
		int rc = -errno;
		log_msg(LOG_ERR, "cannot bind %s: %s", listen, strerror(errno));
		close(probe);
		return rc;
	}
	close(probe);
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = ((struct sockaddr_in *)&got)->sin_port;
	else
		((struct sockaddr_in6 *)ss)->sin6_port = ((struct sockaddr_in6 *)&got)->sin6_port;
	return TC_OK;
}

/*
 * The listening socket of one front, bound. One socket per loop on the same
 * port (SO_REUSEPORT); the kernel spreads connections across them. Only
 * processes of our own user may join the group.
 */
static int bind_socket(bool reuseport, const struct sockaddr_storage *ss, socklen_t sslen,
		       const char *listen, int *out)
{
	int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0) {
		int rc = -errno;
		close(fd);
		return rc;
	}
	/* Accepted sockets inherit TCP_NODELAY on Linux (docs/INTERNALS.md §tcp-nodelay). */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (ss->ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (const struct sockaddr *)ss, sslen) != 0) {
		int rc = -errno;
		log_msg(LOG_ERR, "cannot bind %s: %s", listen, strerror(errno));
		close(fd);
		return rc;
	}
	*out = fd;
	return TC_OK;
}

/*
 * One listening front: an evhttp on its own socket. With tls, every
 * connection gets a TLS bufferevent; without, the address must be
 * loopback (plain HTTP exists only for a local Tor onion service).
 */
static int open_front(struct loop *lp, struct front *fr, const char *listen, bool tls,
		      int port, const struct server_limits *lim)
{
	struct server *srv = lp->srv;
	struct sockaddr_storage ss;
	socklen_t sslen;
	if (parse_listen(listen, &ss, &sslen) != TC_OK) {
		log_msg(LOG_ERR, "bad listen address %s (want HOST:PORT)", listen);
		return TC_EINVAL;
	}
	if (!tls && !is_loopback(&ss)) {
		log_msg(LOG_ERR, "plain HTTP is allowed on loopback only (for an onion service)");
		return TC_EINVAL;
	}
	/* The first loop's port for the others: "port 0" picks one, once. */
	if (port > 0) {
		if (ss.ss_family == AF_INET)
			((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)port);
		else
			((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)port);
	}
	fr->http = evhttp_new(lp->base);
	if (fr->http == NULL)
		return TC_ENOMEM;
	/*
	 * Caps (docs/INTERNALS.md §evhttp-sizes). evhttp reads a whole body before calling us,
	 * so its cap bounds memory; it is set above ours so that bodies just
	 * over a limit still get a clear answer from us.
	 */
	evhttp_set_max_headers_size(fr->http, (ev_ssize_t)lim->max_headers);
	size_t biggest = lim->max_upload + lim->max_body;
	evhttp_set_max_body_size(fr->http, (ev_ssize_t)(biggest + (1u << 20)));
	evhttp_set_timeout(fr->http, lim->request_timeout_s);
	/* Every method reaches route_dispatch(), which answers 405 as a problem document. */
	evhttp_set_allowed_methods(fr->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD |
						     EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE |
						     EVHTTP_REQ_OPTIONS | EVHTTP_REQ_PATCH |
						     EVHTTP_REQ_TRACE | EVHTTP_REQ_CONNECT);
	evhttp_set_gencb(fr->http, route_dispatch, srv);
	fr->srv = srv;
	fr->loop = lp;
	fr->tls = tls;
	evhttp_set_bevcb(fr->http, front_bev, fr);

	int fd = -1;
	int rc = srv->n_loops > 1 && port == 0 ? probe_port(&ss, sslen, listen) : TC_OK;
	if (rc == TC_OK)
		rc = bind_socket(srv->n_loops > 1, &ss, sslen, listen, &fd);
	if (rc != TC_OK)
		return rc;
	fr->listener = evconnlistener_new(lp->base, NULL, NULL,
					  LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 1024, fd);
	if (fr->listener == NULL) {
		close(fd);
		return TC_EIO;
	}
	evconnlistener_set_error_cb(fr->listener, listener_error);
	if (evhttp_bind_listener(fr->http, fr->listener) == NULL)
		return TC_EIO;
	struct sockaddr_storage bound;
	socklen_t blen = sizeof(bound);
	getsockname(fd, (struct sockaddr *)&bound, &blen);
	fr->port = ntohs(bound.ss_family == AF_INET ? ((struct sockaddr_in *)&bound)->sin_port
						    : ((struct sockaddr_in6 *)&bound)->sin6_port);
	return TC_OK;
}

static void budget_tick(evutil_socket_t fd, short what, void *arg);

/*
 * /metrics has a listener of its own, on loop 0, plain HTTP, loopback only,
 * off unless metrics_listen is set (SECURITY.md "Metrics"): the public
 * fronts never route it. Operators scrape it from the machine itself.
 */
static int open_metrics(struct server *srv, const char *listen)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	if (parse_listen(listen, &ss, &sslen) != TC_OK || !is_loopback(&ss)) {
		log_msg(LOG_ERR, "metrics_listen must be a loopback HOST:PORT (e.g. 127.0.0.1:9100)");
		return TC_EINVAL;
	}
	struct evhttp *http = srv->metrics_http = evhttp_new(srv->base);
	if (http == NULL)
		return TC_ENOMEM;
	evhttp_set_max_headers_size(http, 8192);
	evhttp_set_max_body_size(http, 0);
	evhttp_set_timeout(http, 10);
	evhttp_set_allowed_methods(http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD);
	evhttp_set_gencb(http, front_metrics_serve, srv);
	int fd = -1;
	int rc = bind_socket(false, &ss, sslen, listen, &fd);
	if (rc != TC_OK)
		return rc;
	struct evconnlistener *lis = evconnlistener_new(
		srv->base, NULL, NULL, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 16, fd);
	if (lis == NULL) {
		close(fd);
		return TC_EIO;
	}
	if (evhttp_bind_listener(http, lis) == NULL) {
		evconnlistener_free(lis);
		return TC_EIO;
	}
	srv->metrics_timer = evtimer_new(srv->base, front_metrics_tick, srv);
	if (srv->metrics_timer == NULL)
		return TC_ENOMEM;
	front_metrics_tick(-1, 0, srv); /* the figures at start, then at each interval */
	struct sockaddr_storage bound;
	socklen_t blen = sizeof(bound);
	getsockname(fd, (struct sockaddr *)&bound, &blen);
	srv->metrics_port = ntohs(bound.ss_family == AF_INET
					  ? ((struct sockaddr_in *)&bound)->sin_port
					  : ((struct sockaddr_in6 *)&bound)->sin6_port);
	return TC_OK;
}

/*
 * Onion-Location is this base followed by the request's path (which the
 * dispatcher has checked is printable ASCII): a URL of printable ASCII
 * with no space, or the daemon does not start. A trailing '/' is dropped.
 */
static int onion_location_set(struct server *srv, const char *loc)
{
	if (loc == NULL)
		return TC_OK;
	size_t n = strlen(loc);
	bool ok = n < 256 && (strncmp(loc, "http://", 7) == 0 || strncmp(loc, "https://", 8) == 0);
	for (size_t i = 0; ok && i < n; i++)
		ok = (unsigned char)loc[i] > 0x20 && (unsigned char)loc[i] < 0x7f;
	if (!ok) {
		log_msg(LOG_ERR, "onion_location must be an http:// URL of printable ASCII, without "
				 "spaces or control characters");
		return TC_EINVAL;
	}
	while (n > 8 && loc[n - 1] == '/')
		n--;
	srv->onion_location_copy = strndup(loc, n);
	srv->onion_location = srv->onion_location_copy;
	return srv->onion_location ? TC_OK : TC_ENOMEM;
}

/* On a loop's own thread: listeners follow srv's state (stopping, over budget). */
static void loop_apply(struct loop *lp)
{
	struct server *srv = lp->srv;
	bool accept = !atomic_load(&srv->stopping) && !atomic_load(&srv->over_budget);
	for (int i = 0; i < 2; i++)
		if (lp->fronts[i].listener) {
			if (accept)
				evconnlistener_enable(lp->fronts[i].listener);
			else
				evconnlistener_disable(lp->fronts[i].listener);
		}
}

static void loop_ctl(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	loop_apply(arg);
}

/* From the main loop: every loop applies srv's state, loop 0 at once, the others soon. */
static void loops_apply(struct server *srv)
{
	loop_apply(&srv->loops[0]);
	for (int i = 1; i < srv->n_loops; i++)
		event_active(srv->loops[i].ctl, EV_READ, 0);
}

/* Set on loops 1..n-1's threads; NULL on the daemon's thread (loop 0). */
static _Thread_local struct loop *current_loop;

static void *loop_main(void *arg)
{
	struct loop *lp = arg;
	current_loop = lp;
	event_base_loop(lp->base, EVLOOP_NO_EXIT_ON_EMPTY);
	return NULL;
}

/*
 * Loops 1..n-1 start from the main loop's first iteration: after the
 * daemon has dropped privileges, and with the signals it handles blocked
 * (they are the main loop's).
 */
static void start_loops(evutil_socket_t fd, short what, void *arg)
{
	struct server *srv = arg;
	(void)fd;
	(void)what;
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (int i = 1; i < srv->n_loops; i++) {
		struct loop *lp = &srv->loops[i];
		int e = pthread_create(&lp->thread, NULL, loop_main, lp);
		if (e != 0) {
			/* Its listeners stay open but unserved: refuse to run half-started. */
			log_msg(LOG_ERR, "cannot start event loop thread %d: %s; stopping", i,
				strerror(e));
			pthread_sigmask(SIG_SETMASK, &old, NULL);
			server_begin_shutdown(srv);
			return;
		}
		lp->started = true;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (srv->n_loops > 1)
		log_msg(LOG_INFO, "serving from %d event loops", srv->n_loops);
}

static int resolve_threads(int want)
{
	if (want > 0)
		return want > 256 ? 256 : want;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/*
 * The rate limits: per source on the HTTPS listener with an overall bucket
 * for all its sources, and the Tor listener's own overall bucket (no
 * source there), so that neither can spend the other's (issue 13).
 * server.h and docs/OPERATIONS.md give the reasons for the defaults.
 */
static int limits_new(struct server *srv, const struct server_limits *l)
{
	struct ratelimit_config rl = {.per_source_rate = 10.0 / 60, .per_source_burst = 10,
				      .global_rate = l->followup_wrong_global_per_s,
				      .global_burst = l->followup_wrong_global_burst,
				      .onion_rate = l->onion_followup_wrong_per_s,
				      .onion_burst = l->onion_followup_wrong_burst,
				      .sources = 8192};
	srv->followup_limit = ratelimit_new(&rl);
	struct ratelimit_config sl = {.per_source_rate = l->submit_per_source_per_min / 60,
				      .per_source_burst = l->submit_per_source_burst,
				      .global_rate = l->submit_global_per_s,
				      .global_burst = l->submit_global_burst,
				      .onion_rate = l->onion_submit_per_s,
				      .onion_burst = l->onion_submit_burst,
				      .sources = 8192};
	srv->submit_limit = ratelimit_new(&sl);
	/* Challenges store nothing (auth.h): the per-source bucket only bounds the work. */
	struct ratelimit_config cl = {.per_source_rate = l->signin_challenges_per_source_per_min / 60,
				      .per_source_burst = l->signin_challenges_per_source_per_min,
				      .global_rate = 1e9, .global_burst = 1e9,
				      .onion_rate = l->onion_signin_challenges_per_s,
				      .onion_burst = l->onion_signin_challenges_burst,
				      .sources = 8192};
	srv->challenge_limit = ratelimit_new(&cl);
	return srv->followup_limit && srv->submit_limit && srv->challenge_limit ? TC_OK
										: TC_ENOMEM;
}

/* The shared state every loop uses: limits, sessions, the reader thread. */
static int shared_new(struct server *srv, const struct server_config *cfg,
		      const struct server_deps *deps)
{
	int rc = limits_new(srv, &cfg->limits);
	struct connlimit_config cc = {.max_total = cfg->limits.max_connections,
				      .max_onion = cfg->limits.onion_max_connections,
				      .max_per_source = cfg->limits.max_connections_per_source,
				      .deadline_s = cfg->limits.request_deadline_s};
	srv->conns = connlimit_new(&cc, deps->server_key);
	srv->auth = auth_new(deps->principals, deps->n_principals, deps->server_key);
	if (srv->auth)
		auth_set_monitor_ttl(srv->auth, cfg->limits.monitor_session_s);
	/* The areas' start-up (e.g. the monitors' figure tables), before the reader reads. */
	for (size_t i = 0; i < srv->n_tables; i++)
		if (srv->tables[i]->init)
			srv->tables[i]->init();
	srv->reader = reader_new();
	if (rc != TC_OK || srv->conns == NULL || srv->auth == NULL || srv->reader == NULL)
		return TC_ENOMEM;
	return TC_OK;
}

/* The front's own routes first, then the areas'. */
static int tables_set(struct server *srv, const struct route_table *const *tables)
{
	size_t n = 1;
	while (tables && tables[n - 1])
		n++;
	srv->tables = calloc(n, sizeof(*srv->tables));
	if (srv->tables == NULL)
		return TC_ENOMEM;
	srv->tables[0] = &front_routes;
	for (size_t i = 1; i < n; i++)
		srv->tables[i] = tables[i - 1];
	srv->n_tables = n;
	return TC_OK;
}

/* Each loop's base, events and fronts (the main one, then the optional onion one). */
static int loops_open(struct server *srv, const struct server_config *cfg)
{
	for (int i = 0; i < srv->n_loops; i++) {
		struct loop *lp = &srv->loops[i];
		lp->srv = srv;
		lp->index = i;
		lp->base = i == 0 ? srv->base : event_base_new();
		if (lp->base == NULL ||
		    (lp->ctl = event_new(lp->base, -1, 0, loop_ctl, lp)) == NULL ||
		    pending_loop_init(&lp->pending, lp->base, srv->deps.store,
				      &srv->counters.in_flight) != TC_OK)
			return TC_ENOMEM;
		int rc = open_front(lp, &lp->fronts[0], cfg->listen, !cfg->plain_http,
				    i ? srv->loops[0].fronts[0].port : 0, &cfg->limits);
		if (rc == TC_OK && cfg->onion_listen)
			rc = open_front(lp, &lp->fronts[1], cfg->onion_listen, false,
					i ? srv->loops[0].fronts[1].port : 0, &cfg->limits);
		if (rc != TC_OK)
			return rc;
	}
	srv->port = srv->loops[0].fronts[0].port;
	return TC_OK;
}

/* Loops 1..n-1 start once the main loop runs; the memory budget is watched from it. */
static int timers_start(struct server *srv, const struct server_config *cfg)
{
	if (srv->n_loops > 1) {
		srv->start_ev = event_new(srv->base, -1, 0, start_loops, srv);
		if (srv->start_ev == NULL)
			return TC_ENOMEM;
		event_active(srv->start_ev, EV_READ, 0);
	}
	if (cfg->limits.memory_budget) {
		srv->budget_timer = event_new(srv->base, -1, EV_PERSIST, budget_tick, srv);
		struct timeval tick = {0, 100000};
		if (srv->budget_timer == NULL || event_add(srv->budget_timer, &tick) != 0)
			return TC_ENOMEM;
	}
	return TC_OK;
}

int server_new(struct event_base *base, const struct server_config *cfg,
	       const struct server_deps *deps, const struct route_table *const *tables,
	       struct server **out)
{
	struct server *srv = calloc(1, sizeof(*srv));
	if (srv == NULL)
		return TC_ENOMEM;
	srv->base = base;
	srv->deps = *deps;
	srv->limits = cfg->limits;
	srv->metrics_interval_s = cfg->metrics_interval_s > 0 ? cfg->metrics_interval_s : 300;
	srv->metrics_more = cfg->metrics_more;
	srv->metrics_more_arg = cfg->metrics_more_arg;
	pthread_mutex_init(&srv->tls_lock, NULL);
	atomic_init(&srv->stopping, false);
	atomic_init(&srv->over_budget, false);
	srv->n_loops = resolve_threads(cfg->threads);
	srv->loops = calloc((size_t)srv->n_loops, sizeof(*srv->loops));
	int rc = srv->loops ? tables_set(srv, tables) : TC_ENOMEM;
	if (rc == TC_OK)
		rc = onion_location_set(srv, cfg->onion_location);
	if (rc == TC_OK)
		rc = shared_new(srv, cfg, deps);
	if (rc == TC_OK && !cfg->plain_http)
		rc = tls_setup(srv, cfg);
	if (rc == TC_OK)
		rc = loops_open(srv, cfg);
	if (rc == TC_OK && cfg->metrics_listen)
		rc = open_metrics(srv, cfg->metrics_listen);
	if (rc == TC_OK)
		rc = timers_start(srv, cfg);
	if (rc != TC_OK) {
		server_free(srv);
		return rc;
	}
	*out = srv;
	return TC_OK;
}

int server_port(const struct server *srv)
{
	return srv->port;
}

int server_onion_port(const struct server *srv)
{
	return srv->loops[0].fronts[1].http ? srv->loops[0].fronts[1].port : 0;
}

int server_metrics_port(const struct server *srv)
{
	return srv->metrics_http ? srv->metrics_port : 0;
}

int server_threads(const struct server *srv)
{
	return srv->n_loops;
}

struct loop *server_loop_of(struct server *srv, struct evhttp_request *req)
{
	struct evhttp_connection *evcon = req ? evhttp_request_get_connection(req) : NULL;
	struct event_base *b = evcon ? evhttp_connection_get_base(evcon) : NULL;
	for (int i = 1; i < srv->n_loops; i++)
		if (srv->loops[i].base == b)
			return &srv->loops[i];
	return &srv->loops[0];
}

struct pending_loop *server_pending_loop(struct server *srv, struct evhttp_request *req)
{
	return req ? &server_loop_of(srv, req)->pending : &server_loop_current(srv)->pending;
}

struct loop *server_loop_current(struct server *srv)
{
	return current_loop != NULL && current_loop->srv == srv ? current_loop : &srv->loops[0];
}

/*
 * Request bodies are read whole into memory before a handler runs
 * (docs/INTERNALS.md §evhttp-sizes). Every request byte goes through the wiping allocator,
 * which counts them (all loops together): above the budget, stop accepting
 * new connections on every loop (those in progress finish) and answer new
 * requests 503, until use falls back below three quarters of the budget.
 */
static void budget_tick(evutil_socket_t fd, short what, void *arg)
{
	struct server *srv = arg;
	(void)fd;
	(void)what;
	size_t used = wipe_alloc_in_use(), budget = srv->limits.memory_budget;
	if (!srv->over_budget && used > budget) {
		atomic_store(&srv->over_budget, true);
		log_msg(LOG_WARN, "request memory %zu MiB over the budget of %zu MiB: not accepting",
			used >> 20, budget >> 20);
		loops_apply(srv);
	} else if (srv->over_budget && used < budget / 4 * 3 && !srv->stopping) {
		atomic_store(&srv->over_budget, false);
		log_msg(LOG_INFO, "request memory back to %zu MiB: accepting again", used >> 20);
		loops_apply(srv);
	}
}

static void shutdown_tick(evutil_socket_t fd, short what, void *arg)
{
	struct server *srv = arg;
	(void)fd;
	(void)what;
	/* Acknowledgements still owed, on any loop, are sent before we leave (docs/INTERNALS.md §graceful-stop). */
	uint64_t in_flight = atomic_load(&srv->counters.in_flight);
	if (in_flight == 0 || ++srv->shutdown_ticks > srv->limits.shutdown_grace_s * 10) {
		if (in_flight)
			log_msg(LOG_WARN, "stopping with %llu requests unanswered",
				(unsigned long long)in_flight);
		/*
		 * Thread-safe (evthread). The other loops get a moment to write
		 * out the replies their last completions queued; server_stop
		 * joins them.
		 */
		struct timeval drain = {0, 100000};
		for (int i = 1; i < srv->n_loops; i++)
			if (srv->loops[i].started)
				event_base_loopexit(srv->loops[i].base, &drain);
		event_base_loopexit(srv->base, NULL);
		return;
	}
	struct timeval tv = {0, 100000};
	evtimer_add(srv->shutdown_timer, &tv);
}

void server_begin_shutdown(struct server *srv)
{
	if (srv->stopping)
		return;
	atomic_store(&srv->stopping, true);
	/* Stop accepting on every loop; requests already read finish normally. */
	loops_apply(srv);
	srv->shutdown_timer = evtimer_new(srv->base, shutdown_tick, srv);
	if (srv->shutdown_timer == NULL) {
		shutdown_tick(-1, 0, srv);
		return;
	}
	struct timeval tv = {0, 0};
	evtimer_add(srv->shutdown_timer, &tv);
}

void server_stop(struct server *srv)
{
	if (srv == NULL || srv->stopped)
		return;
	srv->stopped = true;
	/* The other loops: told to leave by a graceful stop already; anyway, wait for them. */
	for (int i = 1; i < srv->n_loops; i++)
		if (srv->loops[i].started) {
			struct timeval drain = {0, 100000};
			event_base_loopexit(srv->loops[i].base, &drain);
			pthread_join(srv->loops[i].thread, NULL);
			srv->loops[i].started = false;
		}
	/*
	 * The reader next: it may still be reading the store. A graceful stop
	 * has waited for its jobs (they count as in flight).
	 */
	reader_free(srv->reader);
	srv->reader = NULL;
	if (srv->start_ev)
		event_free(srv->start_ev);
	srv->start_ev = NULL;
	if (srv->shutdown_timer)
		event_free(srv->shutdown_timer);
	srv->shutdown_timer = NULL;
	if (srv->budget_timer)
		event_free(srv->budget_timer);
	srv->budget_timer = NULL;
	/* evhttp_free frees the bound listener too. No loop runs now. */
	if (srv->metrics_http)
		evhttp_free(srv->metrics_http);
	srv->metrics_http = NULL;
	if (srv->metrics_timer)
		event_free(srv->metrics_timer);
	srv->metrics_timer = NULL;
	for (int l = 0; srv->loops && l < srv->n_loops; l++) {
		struct loop *lp = &srv->loops[l];
		for (int i = 0; i < 2; i++) {
			if (lp->fronts[i].http)
				evhttp_free(lp->fronts[i].http);
			else if (lp->fronts[i].listener)
				evconnlistener_free(lp->fronts[i].listener);
			lp->fronts[i].http = NULL;
			lp->fronts[i].listener = NULL;
		}
		if (lp->ctl)
			event_free(lp->ctl);
		lp->ctl = NULL;
		pending_loop_free(&lp->pending, atomic_load(&srv->counters.in_flight));
	}
	if (srv->ssl_ctx)
		SSL_CTX_free(srv->ssl_ctx);
	srv->ssl_ctx = NULL;
	ratelimit_free(srv->followup_limit);
	ratelimit_free(srv->submit_limit);
	ratelimit_free(srv->challenge_limit);
	srv->followup_limit = srv->submit_limit = srv->challenge_limit = NULL;
	/* After evhttp_free, whose connections' close callbacks it receives. */
	connlimit_free(srv->conns);
	srv->conns = NULL;
	auth_free(srv->auth);
	srv->auth = NULL;
}

void server_free(struct server *srv)
{
	if (srv == NULL)
		return;
	server_stop(srv);
	/*
	 * Loop 0's base is the daemon's. With writes still in flight (a stop
	 * that outlived its grace) the store may yet wake their loops' events:
	 * those bases are left for the process's exit (pending.h).
	 */
	bool owed = atomic_load(&srv->counters.in_flight) != 0;
	for (int l = 1; !owed && srv->loops && l < srv->n_loops; l++)
		if (srv->loops[l].base)
			event_base_free(srv->loops[l].base);
	free(srv->loops);
	free(srv->tables);
	free(srv->cert_file);
	free(srv->key_file);
	free(srv->onion_location_copy);
	pthread_mutex_destroy(&srv->tls_lock);
	free(srv);
}

void server_counters(const struct server *srv, struct server_counters *out)
{
	out->requests = atomic_load(&srv->counters.requests);
	out->reports_accepted = atomic_load(&srv->counters.reports_accepted);
	out->reports_rejected = atomic_load(&srv->counters.reports_rejected);
	out->store_full = atomic_load(&srv->counters.store_full);
	out->in_flight = atomic_load(&srv->counters.in_flight);
}
