/*
 * sessions.c - POST /api/v1/sessions/challenge, POST /api/v1/sessions (a
 * signed challenge for a token) and DELETE /api/v1/sessions/current
 * (docs/API.md "Inspectors"). Monitors sign in here too.
 */
#include <string.h>

#include <event2/http.h>

#include "audit.h"
#include "auth.h"
#include "case_json.h"
#include "case_requests.h"
#include "inspector_handlers.h"
#include "server_internal.h"

cJSON *inspector_body(struct request *r)
{
	cJSON *root = NULL;
	if (case_body_parse((const char *)r->body, r->body_len, &root) != TC_OK)
		http_reply_problem(r->req, PROBLEM_MALFORMED, r->lang, NULL, NULL);
	return root;
}

void handle_session_challenge(struct request *r)
{
	uint8_t c[AUTH_CHALLENGE_BYTES];
	if (auth_challenge(r->srv->auth, auth_now(), c) != TC_OK) {
		http_reply_unavailable(r->req, r->lang, NULL, 1);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "challenge", case_json_b64(c, sizeof(c)));
	cJSON_AddNumberToObject(o, "expires_in", AUTH_CHALLENGE_TTL);
	cJSON_AddStringToObject(o, "context", AUTH_CONTEXT);
	http_reply_json(r->req, 201, o);
}

void handle_session_login(struct request *r)
{
	cJSON *root = inspector_body(r);
	if (root == NULL)
		return;
	struct session_login_req lr;
	uint8_t token[AUTH_TOKEN_BYTES];
	const struct principal *who = NULL;
	int rc = case_login_decode(root, &lr);
	cJSON_Delete(root);
	if (rc != TC_OK) {
		http_reply_problem(r->req, PROBLEM_MALFORMED, r->lang,
				   "Send {\"public_key\", \"challenge\", \"signature\"} in base64.", NULL);
		return;
	}
	rc = auth_login(r->srv->auth, auth_now(), lr.pk, lr.challenge, lr.sig, token, &who);
	if (rc == TC_EBUSY) { /* this principal's own sign-ins, too many a minute */
		http_add_retry_after(r->req, AUTH_CHALLENGE_TTL);
		http_reply_problem(r->req, PROBLEM_RATE_LIMITED, r->lang, NULL, NULL);
		return;
	}
	if (rc != TC_OK) {
		http_reply_bearer_unauthorized(r->req, r->lang, true);
		return;
	}
	audit_read(r->srv, CASE_AUDIT_SESSION, who, NULL, NULL);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "token", case_json_b64(token, sizeof(token)));
	explicit_bzero(token, sizeof(token));
	cJSON_AddNumberToObject(o, "expires_in", auth_session_ttl(r->srv->auth, who->pub.role));
	cJSON_AddStringToObject(o, "role", who->pub.role);
	cJSON_AddStringToObject(o, "scope", who->pub.scope);
	http_reply_json(r->req, 201, o);
}

/* The dispatcher found the session (ROUTE_AUTH_SESSION); r->token is its token. */
void handle_session_logout(struct request *r)
{
	if (auth_logout(r->srv->auth, r->token) != TC_OK) {
		http_reply_bearer_unauthorized(r->req, r->lang, true);
		return;
	}
	evhttp_send_reply(r->req, 204, "No Content", NULL);
}
