/*
 * inspector_routes.c - the inspectors' routes (route.h): problem documents
 * for every refusal.
 */
#include "inspector.h"
#include "inspector_handlers.h"

#define CASE "/api/v1/cases/{case_id}"

static const struct route routes[] = {
	{.path = "/api/v1/sessions/challenge", .methods = ROUTE_POST,
	 .handler = handle_session_challenge, .limits = ROUTE_LIMIT_CHALLENGE},
	{.path = "/api/v1/sessions", .methods = ROUTE_POST, .handler = handle_session_login,
	 .body = ROUTE_BODY_JSON, .cap = ROUTE_CAP_BODY},
	{.path = "/api/v1/sessions/current", .methods = ROUTE_DELETE,
	 .handler = handle_session_logout, .auth = ROUTE_AUTH_SESSION},
	{.path = "/api/v1/cases", .methods = ROUTE_GET, .handler = handle_cases_list,
	 .auth = ROUTE_AUTH_INSPECTOR, .query = true},
	{.path = CASE, .methods = ROUTE_GET, .handler = handle_case_show,
	 .auth = ROUTE_AUTH_INSPECTOR},
	{.path = CASE "/actions", .methods = ROUTE_POST, .handler = handle_case_action,
	 .auth = ROUTE_AUTH_INSPECTOR, .body = ROUTE_BODY_JSON, .cap = ROUTE_CAP_BODY},
	{.path = CASE "/attachments/{n}", .methods = ROUTE_GET, .handler = handle_case_attachment,
	 .auth = ROUTE_AUTH_INSPECTOR},
	{.path = CASE "/messages", .methods = ROUTE_GET, .handler = handle_case_messages,
	 .auth = ROUTE_AUTH_INSPECTOR, .query = true},
	{.path = CASE "/messages", .methods = ROUTE_POST, .handler = handle_case_message,
	 .auth = ROUTE_AUTH_INSPECTOR, .body = ROUTE_BODY_JSON, .cap = ROUTE_CAP_BODY},
	{.path = CASE "/notes", .methods = ROUTE_POST, .handler = handle_case_note,
	 .auth = ROUTE_AUTH_INSPECTOR, .body = ROUTE_BODY_JSON, .cap = ROUTE_CAP_BODY},
	{.path = CASE "/assign", .methods = ROUTE_POST, .handler = handle_case_assign,
	 .auth = ROUTE_AUTH_INSPECTOR, .body = ROUTE_BODY_JSON, .cap = ROUTE_CAP_BODY},
	{.path = CASE "/notices", .methods = ROUTE_POST, .handler = handle_case_notice,
	 .auth = ROUTE_AUTH_INSPECTOR, .body = ROUTE_BODY_JSON, .cap = ROUTE_CAP_BODY},
	{.path = CASE "/audit", .methods = ROUTE_GET, .handler = handle_case_audit,
	 .auth = ROUTE_AUTH_INSPECTOR},
	{.path = CASE "/identity", .methods = ROUTE_POST, .handler = handle_case_reveal,
	 .auth = ROUTE_AUTH_INSPECTOR},
	{.path = CASE "/transfer", .methods = ROUTE_POST, .handler = handle_case_transfer,
	 .auth = ROUTE_AUTH_INSPECTOR, .body = ROUTE_BODY_JSON, .cap = ROUTE_CAP_BODY},
	{.path = CASE "/transfer", .methods = ROUTE_GET, .handler = handle_case_transfer_show,
	 .auth = ROUTE_AUTH_INSPECTOR},
	{.path = CASE "/transfer", .methods = ROUTE_DELETE, .handler = handle_case_transfer_cancel,
	 .auth = ROUTE_AUTH_INSPECTOR},
	{.path = CASE "/transfer/confirm", .methods = ROUTE_POST,
	 .handler = handle_case_transfer_confirm, .auth = ROUTE_AUTH_INSPECTOR,
	 .body = ROUTE_BODY_JSON, .cap = ROUTE_CAP_BODY},
	{.path = "/api/v1/transfers", .methods = ROUTE_GET, .handler = handle_transfers_list,
	 .auth = ROUTE_AUTH_INSPECTOR},
	{.path = "/api/v1/transfers/sent", .methods = ROUTE_GET, .handler = handle_transfers_sent,
	 .auth = ROUTE_AUTH_INSPECTOR},
	/* A reception entry: sealed attachments in base64 (the upload cap), and the new-report
	 * rate limits, as any new case. */
	{.path = "/api/v1/reception", .methods = ROUTE_POST, .handler = handle_reception,
	 .auth = ROUTE_AUTH_INSPECTOR, .body = ROUTE_BODY_JSON, .cap = ROUTE_CAP_UPLOAD,
	 .limits = ROUTE_LIMIT_NEW_REPORT},
};

const struct route_table inspector_routes = {"inspector", routes,
					     sizeof(routes) / sizeof(routes[0]), NULL};
