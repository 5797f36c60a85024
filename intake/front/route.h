/*
 * route.h - declarative routes: each area (citizen, inspector, monitor, and
 * the front's own /healthz) exports a table of routes, given
 * to server_new() by the daemon's main; the front never includes an area's
 * header. docs/ARCHITECTURE.md describes the request path.
 *
 * For every request the dispatcher (server_route.c), in this order:
 *   1. matches the raw path exactly, or with one {case_id} segment, and
 *      perhaps a last {n} segment (a number 0-9999, no leading zero);
 *   2. checks the method (405 with Allow listing the path's methods), then
 *      the case id's form (404);
 *   3. parses the query string into r->query when the route asks;
 *   4. checks the authentication the route names (401/403, or the monitors'
 *      sign-in page for the cookie session);
 *   5. applies the route's limits (the new-report and challenge rate limits: 429);
 *   6. checks the body: its content type (415) and size against the cap
 *      (413) -- the API's body kinds check the type first (the multipart cap
 *      depends on it), the browser forms' the size first (one cap whatever
 *      the encoding);
 *   7. calls the handler with a struct request.
 * Every refusal of steps 4-6 goes through the route's refusal style:
 * NULL is the API's problem documents (route_refuse_problem); an area may
 * give its own (the citizen's HTML error pages, the monitors' sign-in page).
 */
#ifndef TOCAO_ROUTE_H
#define TOCAO_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "cr.h"
#include "form.h"
#include "lang.h"

struct server;
struct loop;
struct evhttp_request;
struct route;

/* Methods a route answers; GET also answers HEAD. */
#define ROUTE_GET 1u
#define ROUTE_POST 2u
#define ROUTE_DELETE 4u

/* Who may call a route; the dispatcher checks it before the handler runs. */
enum route_auth {
	ROUTE_AUTH_NONE,
	ROUTE_AUTH_SESSION,         /* any principal's bearer session (sign-out) */
	ROUTE_AUTH_INSPECTOR,       /* an inspector's bearer session: 401, else 403 */
	ROUTE_AUTH_MONITOR,         /* a monitor's bearer session: 401, else 403 */
	ROUTE_AUTH_MONITOR_COOKIE,  /* the monitors' pages' cookie session: refused as 401 */
	ROUTE_AUTH_MONITOR_COOKIE_OPTIONAL, /* the same, r->who NULL when there is none */
};

/* What the body must be. */
enum route_body {
	ROUTE_BODY_NONE,             /* ignored */
	ROUTE_BODY_JSON,             /* Content-Type application/json...; cap max_body */
	ROUTE_BODY_FORM,             /* urlencoded, decoded by the handler whatever the
				      * Content-Type says (browsers' small forms); cap bytes */
	ROUTE_BODY_MULTIPART_OR_JSON, /* multipart/form-data (cap max_upload + max_body) or
				      * exactly application/json[; charset=utf-8] (max_body) */
	ROUTE_BODY_MULTIPART_OR_FORM, /* multipart/form-data or urlencoded; cap max_upload +
				      * max_body */
};

/* The body's cap, from the server's limits (server.h). */
enum route_cap {
	ROUTE_CAP_BODY,              /* max_body */
	ROUTE_CAP_UPLOAD,            /* max_upload + max_body */
	ROUTE_CAP_BYTES,             /* the route's cap_bytes */
};

/* Limits applied before the body is looked at. */
#define ROUTE_LIMIT_NEW_REPORT 1u  /* the new-report rate limit (per source, overall) */
#define ROUTE_LIMIT_CHALLENGE 2u   /* the sign-in challenge rate limit (per source) */

/* Why the dispatcher refused a request. */
enum refusal {
	REFUSE_UNAUTHORIZED,   /* no live session of the route's kind */
	REFUSE_FORBIDDEN,      /* a session, of another role */
	REFUSE_RATE_LIMITED,   /* r->retry_after set */
	REFUSE_MEDIA_TYPE,
	REFUSE_TOO_LARGE,      /* r->cap set */
};

/* The body's encoding, as the dispatcher found it. */
enum body_type { BODY_TYPE_NONE, BODY_TYPE_JSON, BODY_TYPE_MULTIPART, BODY_TYPE_URLENCODED };

/*
 * What a handler gets. Valid while the handler runs: a handler that answers
 * later copies what it needs (the evhttp request stays valid until answered).
 */
struct request {
	struct server *srv;
	struct loop *loop;
	struct evhttp_request *req;
	const struct route *route;
	enum lang lang;                 /* from Accept-Language */
	const struct principal *who;    /* the session's principal (route's auth), or NULL */
	uint8_t token[AUTH_TOKEN_BYTES]; /* its token; wiped once the handler returns */
	char case_id[CR_CASE_ID_LEN + 1]; /* the path's {case_id}, valid; "" without */
	unsigned index;                 /* the path's last {n} segment; 0 without */
	const char *path_query;         /* the raw query string (after '?'), "" if none */
	const struct form *query;       /* the parsed query (route's .query), else NULL */
	int query_rc;                   /* TC_OK, or why it did not parse (query->error) */
	const uint8_t *body;            /* the whole body (never NULL; "" when empty) */
	size_t body_len;
	enum body_type body_type;
	char boundary[FORM_MAX_BOUNDARY + 1]; /* multipart's */
	size_t cap;                     /* the body's cap that applied */
	int retry_after;                /* REFUSE_RATE_LIMITED */
};

typedef void (*route_handler)(struct request *r);
typedef void (*route_refuse)(struct request *r, enum refusal why);

struct route {
	const char *path;      /* exact, or one "{case_id}" segment, perhaps a last "{n}" */
	unsigned methods;      /* ROUTE_GET | ROUTE_POST | ROUTE_DELETE */
	route_handler handler;
	enum route_auth auth;
	enum route_body body;
	enum route_cap cap;
	size_t cap_bytes;      /* ROUTE_CAP_BYTES */
	unsigned limits;       /* ROUTE_LIMIT_* */
	bool query;            /* parse the query string into r->query */
	route_refuse refuse;   /* NULL: problem documents */
};

/* An area's routes. */
struct route_table {
	const char *area;      /* "citizen", ... for logs */
	const struct route *routes;
	size_t n;
	void (*init)(void);    /* once, at server_new (before any request); may be NULL */
};

/* The front's own routes: /healthz (front_routes.c); /metrics has a listener of its own. */
extern const struct route_table front_routes;

/*
 * The API's refusals (problem documents): 401 with WWW-Authenticate
 * (bearer routes), 403, 429 with Retry-After, 415, 413. An area's refusal
 * style may fall back to it.
 */
void route_refuse_problem(struct request *r, enum refusal why);

/* Dispatch one request (evhttp's callback, arg the server). */
void route_dispatch(struct evhttp_request *req, void *arg);

#endif
