/*
 * connlimit.c - connection caps and the per-request deadline (connlimit.h).
 *
 * How it hooks into libevent 2.1.12, which offers no accept-time hook to
 * an evhttp user: evhttp calls our bufferevent callback for each accepted
 * socket, then creates its connection around that bufferevent, sets the
 * socket and starts reading, all in one go from the listener's callback.
 * We cannot refuse from inside the callback (a NULL bufferevent means a
 * plaintext fallback, docs/INTERNALS.md §evhttp-bevcb-plaintext), so we take a reference on the
 * bufferevent and activate a timer; it runs in the same loop iteration,
 * before the socket can be read, i.e. before any TLS work. By then evhttp
 * has made the bufferevent's callback argument its connection (checked:
 * the connection's bufferevent must be ours), so we can free an unwanted
 * connection with evhttp_connection_free and watch an admitted one with
 * its close callback.
 */
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>

#include "connlimit.h"
#include "http_lines.h"
#include "tc_clock.h"
#include "cr.h"
#include "log.h"

struct source {
	uint8_t key[CONNLIMIT_SOURCE_BYTES];
	size_t open;
	struct source *next;
};

struct conn {
	struct connlimit *cl;
	struct bufferevent *bev;          /* our reference, until checked */
	struct evhttp_connection *evcon;  /* once admitted */
	struct event *timer;              /* the check, then each request's deadline */
	struct source *src;               /* NULL: no per-source cap here */
	bool per_source;                  /* else the Tor listener's pool */
	struct evbuffer_cb_entry *watch;  /* on the input: the header lines' watch */
	uint64_t drained;                 /* input bytes evhttp has consumed */
	struct http_lines lines;
	struct conn *hnext;               /* chain in by_evcon */
	struct conn *prev, *next;         /* every connection we know of */
};

/* A warning at most once a minute per kind: a flood must not flood the log. */
struct warn {
	double last;
	unsigned long long count, reported;
};

/*
 * Shared by every loop thread: lock guards the tables and counts. A
 * connection's own fields (its timer, evcon, bev) are touched only on the
 * loop that accepted it, where its timer lives too.
 */
struct connlimit {
	pthread_mutex_t lock;
	struct connlimit_config cfg;
	const struct cr_server_key *key;
	size_t open;                      /* every connection we know of */
	size_t open_tls, open_onion;      /* admitted, by pool */
	size_t mask;                      /* buckets - 1 (a power of two) */
	struct conn **by_evcon;
	struct source **sources;
	struct conn *all;
	struct warn over_total, over_onion, over_source, too_slow;
};

static void warn_count(struct warn *w, const char *what)
{
	double now = tc_monotonic_now();
	w->count++;
	if (w->last != 0 && now - w->last < 60)
		return;
	log_msg(LOG_WARN, "%llu connection(s) %s", w->count - w->reported, what);
	w->reported = w->count;
	w->last = now;
}

struct connlimit *connlimit_new(const struct connlimit_config *cfg, const struct cr_server_key *key)
{
	struct connlimit *cl = calloc(1, sizeof(*cl));
	if (cl == NULL)
		return NULL;
	pthread_mutex_init(&cl->lock, NULL);
	cl->cfg = *cfg;
	cl->key = key;
	/* About one bucket per allowed connection keeps the chains short. */
	size_t n = 64;
	while (n < cfg->max_total + cfg->max_onion && n < ((size_t)1 << 20))
		n <<= 1;
	cl->mask = n - 1;
	cl->by_evcon = calloc(n, sizeof(*cl->by_evcon));
	cl->sources = calloc(n, sizeof(*cl->sources));
	if (cl->by_evcon == NULL || cl->sources == NULL) {
		connlimit_free(cl);
		return NULL;
	}
	return cl;
}

static size_t ptr_bucket(const struct connlimit *cl, const void *p)
{
	uint64_t h = (uint64_t)(uintptr_t)p >> 4;
	return (size_t)((h * 0x9e3779b97f4a7c15ull) >> 40) & cl->mask;
}

static struct conn **conn_slot(struct connlimit *cl, const struct evhttp_connection *evcon)
{
	struct conn **pp = &cl->by_evcon[ptr_bucket(cl, evcon)];
	while (*pp != NULL && (*pp)->evcon != evcon)
		pp = &(*pp)->hnext;
	return pp;
}

/* The result may be used unlocked on the connection's own loop: only that loop frees it. */
static struct conn *conn_find(struct connlimit *cl, const struct evhttp_connection *evcon)
{
	if (evcon == NULL)
		return NULL;
	pthread_mutex_lock(&cl->lock);
	struct conn *c = *conn_slot(cl, evcon);
	pthread_mutex_unlock(&cl->lock);
	return c;
}

/* The source's entry, made with no connection counted if it is new; NULL without memory. */
static struct source *source_get(struct connlimit *cl, const uint8_t key[CONNLIMIT_SOURCE_BYTES])
{
	size_t b;
	/* The key is already a keyed hash: its first bytes are a fine index. */
	memcpy(&b, key, sizeof(b));
	struct source **pp = &cl->sources[b & cl->mask];
	for (; *pp != NULL; pp = &(*pp)->next)
		if (memcmp((*pp)->key, key, CONNLIMIT_SOURCE_BYTES) == 0)
			return *pp;
	struct source *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	memcpy(s->key, key, CONNLIMIT_SOURCE_BYTES);
	*pp = s;
	return s;
}

static void source_put(struct connlimit *cl, struct source *s)
{
	if (s->open > 0)
		return;
	size_t b;
	memcpy(&b, s->key, sizeof(b));
	struct source **pp = &cl->sources[b & cl->mask];
	while (*pp != s)
		pp = &(*pp)->next;
	*pp = s->next;
	explicit_bzero(s, sizeof(*s));
	free(s);
}

/* Forget a connection: its counts, its timer, its entry. */
static void conn_forget(struct conn *c)
{
	struct connlimit *cl = c->cl;
	if (c->evcon != NULL) {
		evhttp_connection_set_closecb(c->evcon, NULL, NULL);
		struct bufferevent *bev = evhttp_connection_get_bufferevent(c->evcon);
		if (c->watch != NULL && bev != NULL)
			evbuffer_remove_cb_entry(bufferevent_get_input(bev), c->watch);
	}
	pthread_mutex_lock(&cl->lock);
	if (c->evcon != NULL) {
		struct conn **pp = conn_slot(cl, c->evcon);
		if (*pp == c)
			*pp = c->hnext;
		if (c->per_source)
			cl->open_tls--;
		else
			cl->open_onion--;
	}
	if (c->src != NULL) {
		c->src->open--;
		source_put(cl, c->src);
	}
	if (c->prev)
		c->prev->next = c->next;
	else
		cl->all = c->next;
	if (c->next)
		c->next->prev = c->prev;
	cl->open--;
	pthread_mutex_unlock(&cl->lock);
	event_free(c->timer);
	free(c);
}

static void on_close(struct evhttp_connection *evcon, void *arg)
{
	(void)evcon;
	conn_forget(arg);
}

static void arm_deadline(struct conn *c)
{
	struct timeval tv = {c->cl->cfg.deadline_s, 0};
	evtimer_add(c->timer, &tv);
}

void connlimit_source_key(const struct cr_server_key *key, const struct sockaddr *sa,
			  uint8_t out[CONNLIMIT_SOURCE_BYTES])
{
	/* A family byte, then the prefix: 4 bytes of IPv4, 8 of IPv6. */
	uint8_t in[9] = {0};
	size_t n = 1;
	if (sa != NULL && sa->sa_family == AF_INET) {
		in[0] = 4;
		memcpy(in + 1, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
		n = 5;
	} else if (sa != NULL && sa->sa_family == AF_INET6) {
		const struct in6_addr *a6 = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		bool mapped = IN6_IS_ADDR_V4MAPPED(a6);
		in[0] = mapped ? 4 : 6;
		memcpy(in + 1, a6->s6_addr + (mapped ? 12 : 0), mapped ? 4 : 8);
		n = mapped ? 5 : 9;
	}
	cr_keyed_hash(key, "ratelimit", in, n, out);
	explicit_bzero(in, sizeof(in));
}

static void source_key(struct connlimit *cl, struct evhttp_connection *evcon,
		       uint8_t out[CONNLIMIT_SOURCE_BYTES])
{
	/* One keyed hash per connection: every per-source limit (connections, reports,
	 * wrong receipts, challenges) reads it from here. */
	connlimit_source_key(cl->key, evhttp_connection_get_addr(evcon), out);
}

/* The input's bytes from the watch's position, as they arrive (before evhttp reads them). */
static void watch_scan(struct conn *c, struct evbuffer *in)
{
	if (c->lines.state == HTTP_LINES_DONE)
		return;
	struct evbuffer_ptr at;
	uint64_t skip = c->lines.pos > c->drained ? c->lines.pos - c->drained : 0;
	if (skip >= evbuffer_get_length(in) ||
	    evbuffer_ptr_set(in, &at, (size_t)skip, EVBUFFER_PTR_SET) != 0)
		return;
	uint64_t off = c->drained + skip;
	struct evbuffer_iovec v[8];
	while (c->lines.state != HTTP_LINES_DONE) {
		int n = evbuffer_peek(in, -1, &at, v, 8);
		if (n <= 0)
			return;
		size_t got = 0;
		for (int i = 0; i < n && i < 8 && c->lines.state != HTTP_LINES_DONE; i++) {
			http_lines_feed(&c->lines, v[i].iov_base, v[i].iov_len, off + got);
			got += v[i].iov_len;
		}
		if (n <= 8 || evbuffer_ptr_set(in, &at, got, EVBUFFER_PTR_ADD) != 0)
			return;
		off += got;
	}
}

static void on_input(struct evbuffer *in, const struct evbuffer_cb_info *info, void *arg)
{
	struct conn *c = arg;
	c->drained += info->n_deleted;
	if (info->n_added)
		watch_scan(c, in);
}

/* Just after accept: admit the connection, or close it before any TLS work. */
static void conn_check(struct conn *c)
{
	struct connlimit *cl = c->cl;
	struct bufferevent *bev = c->bev;
	void *arg = NULL;
	c->bev = NULL;
	bufferevent_getcb(bev, NULL, NULL, NULL, &arg);
	struct evhttp_connection *evcon = arg;
	if (evcon == NULL || evhttp_connection_get_bufferevent(evcon) != bev) {
		/* evhttp could not set the connection up and has let it go. */
		bufferevent_decref(bev);
		conn_forget(c);
		return;
	}
	struct source *s = NULL;
	struct warn *over = NULL;
	uint8_t key[CONNLIMIT_SOURCE_BYTES];
	if (c->per_source)
		source_key(cl, evcon, key); /* hashed outside the lock */
	pthread_mutex_lock(&cl->lock);
	if (c->per_source ? cl->open_tls >= cl->cfg.max_total
			  : cl->open_onion >= cl->cfg.max_onion) {
		over = c->per_source ? &cl->over_total : &cl->over_onion;
	} else if (c->per_source) {
		s = source_get(cl, key);
		if (s != NULL && s->open >= cl->cfg.max_per_source)
			over = &cl->over_source;
	}
	explicit_bzero(key, sizeof(key));
	if (over != NULL) {
		warn_count(over, over == &cl->over_total   ? "refused: too many open (HTTPS)"
				 : over == &cl->over_onion ? "refused: too many open (Tor listener)"
							   : "refused: too many open from one source");
		if (s != NULL)
			source_put(cl, s);
		pthread_mutex_unlock(&cl->lock);
		evhttp_connection_free(evcon);
		bufferevent_decref(bev); /* the last reference: the socket closes now */
		conn_forget(c);
		return;
	}
	if (s != NULL)
		s->open++;
	if (c->per_source)
		cl->open_tls++;
	else
		cl->open_onion++;
	c->src = s;
	c->evcon = evcon;
	struct conn **pp = conn_slot(cl, evcon);
	c->hnext = NULL;
	*pp = c;
	pthread_mutex_unlock(&cl->lock);
	evhttp_connection_set_closecb(evcon, on_close, c);
	/* Nothing is read yet: the watch sees every byte of the first request's head. */
	http_lines_start(&c->lines, 0);
	c->watch = evbuffer_add_cb(bufferevent_get_input(bev), on_input, c);
	bufferevent_decref(bev);
	arm_deadline(c);
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	(void)fd;
	(void)what;
	if (c->bev != NULL) {
		conn_check(c);
		return;
	}
	/*
	 * The request's headers and body did not arrive in time: however
	 * steadily the bytes trickle (each one resets evhttp's idle timeout),
	 * the connection goes.
	 */
	pthread_mutex_lock(&c->cl->lock);
	warn_count(&c->cl->too_slow, "closed: a request took longer than request_deadline_s");
	pthread_mutex_unlock(&c->cl->lock);
	struct evhttp_connection *evcon = c->evcon;
	conn_forget(c); /* first, so that nothing hangs on the close callback being called */
	evhttp_connection_free(evcon);
}

void connlimit_track(struct connlimit *cl, struct event_base *base, struct bufferevent *bev,
		     bool per_source)
{
	struct conn *c = calloc(1, sizeof(*c));
	if (c != NULL)
		c->timer = evtimer_new(base, on_timer, c);
	if (c == NULL || c->timer == NULL) {
		/* Out of memory: served untracked rather than not at all. */
		free(c);
		log_msg(LOG_ERR, "no memory to track a connection");
		return;
	}
	c->cl = cl;
	c->bev = bev;
	c->per_source = per_source;
	pthread_mutex_lock(&cl->lock);
	c->next = cl->all;
	if (cl->all)
		cl->all->prev = c;
	cl->all = c;
	cl->open++;
	pthread_mutex_unlock(&cl->lock);
	/* Keeps bev alive until the check, whatever evhttp does meanwhile. */
	bufferevent_incref(bev);
	event_active(c->timer, EV_TIMEOUT, 1);
}

static void on_answered(struct evhttp_request *req, void *arg)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	struct conn *c = conn_find(arg, evcon);
	if (c == NULL)
		return;
	/* A kept-alive connection's next request gets a deadline of its own... */
	arm_deadline(c);
	/* ...and a watch from its first byte, which may be in the input already. */
	http_lines_start(&c->lines, c->drained);
	struct bufferevent *bev = evhttp_connection_get_bufferevent(evcon);
	if (bev != NULL)
		watch_scan(c, bufferevent_get_input(bev));
}

bool connlimit_request_read(struct connlimit *cl, struct evhttp_request *req)
{
	struct conn *c = conn_find(cl, evhttp_request_get_connection(req));
	if (c == NULL)
		return true;
	bool ok = !c->lines.bad;
	c->lines.state = HTTP_LINES_DONE;
	/*
	 * Answering is ours to bound, and freeing the connection while a
	 * handler still holds the request would leave it a dangling pointer.
	 */
	evtimer_del(c->timer);
	evhttp_request_set_on_complete_cb(req, on_answered, cl);
	return ok;
}

const uint8_t *connlimit_source(struct connlimit *cl, struct evhttp_connection *evcon)
{
	struct conn *c = conn_find(cl, evcon);
	return c != NULL && c->src != NULL ? c->src->key : NULL;
}

size_t connlimit_open(struct connlimit *cl)
{
	pthread_mutex_lock(&cl->lock);
	size_t n = cl->open;
	pthread_mutex_unlock(&cl->lock);
	return n;
}

void connlimit_free(struct connlimit *cl)
{
	if (cl == NULL)
		return;
	/* evhttp_free has closed every admitted connection; these were never checked. */
	while (cl->all != NULL) {
		struct conn *c = cl->all;
		if (c->bev != NULL)
			bufferevent_decref(c->bev);
		c->evcon = NULL;
		c->src = NULL;
		conn_forget(c);
	}
	for (size_t i = 0; cl->sources && i <= cl->mask; i++)
		while (cl->sources[i] != NULL) {
			struct source *s = cl->sources[i];
			cl->sources[i] = s->next;
			free(s);
		}
	free(cl->sources);
	free(cl->by_evcon);
	pthread_mutex_destroy(&cl->lock);
	free(cl);
}
