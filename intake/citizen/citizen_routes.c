/*
 * citizen_routes.c - the citizen's routes (route.h). The pages refuse with
 * readable pages (web.h); the API with problem documents.
 */
#include "citizen.h"
#include "citizen_handlers.h"
#include "quota.h"
#include "web.h"

/* POST /followup takes only a receipt and a language. */
#define FOLLOWUP_ASK_CAP 4096

static const struct route routes[] = {
	{.path = "/", .methods = ROUTE_GET, .handler = handle_form_page, .query = true},
	{.path = "/reports", .methods = ROUTE_POST, .handler = handle_form_submit,
	 .body = ROUTE_BODY_MULTIPART_OR_FORM, .cap = ROUTE_CAP_UPLOAD,
	 .limits = ROUTE_LIMIT_NEW_REPORT, .refuse = web_refuse_report_form},
	{.path = "/reports/receipt", .methods = ROUTE_GET, .handler = handle_receipt_page,
	 .query = true},
	{.path = "/reports/receipt/forget", .methods = ROUTE_POST, .handler = handle_receipt_forget,
	 .body = ROUTE_BODY_FORM, .cap = ROUTE_CAP_BYTES, .cap_bytes = 256},
	{.path = "/lost", .methods = ROUTE_GET, .handler = handle_lost_page, .query = true},
	{.path = "/followup/case", .methods = ROUTE_GET, .handler = handle_followup_case,
	 .query = true},
	{.path = "/static/style.css", .methods = ROUTE_GET, .handler = handle_stylesheet},
	{.path = "/followup", .methods = ROUTE_GET, .handler = handle_followup_page, .query = true},
	{.path = "/followup", .methods = ROUTE_POST, .handler = handle_followup_post,
	 .body = ROUTE_BODY_FORM, .cap = ROUTE_CAP_BYTES, .cap_bytes = FOLLOWUP_ASK_CAP,
	 .refuse = web_refuse_followup_ask},
	{.path = "/followup/messages", .methods = ROUTE_POST, .handler = handle_followup_reply,
	 .body = ROUTE_BODY_MULTIPART_OR_FORM, .cap = ROUTE_CAP_UPLOAD,
	 .refuse = web_refuse_followup_reply},
	{.path = "/api/v1/reports", .methods = ROUTE_POST, .handler = handle_report_submit,
	 .body = ROUTE_BODY_MULTIPART_OR_JSON, .cap = ROUTE_CAP_UPLOAD,
	 .limits = ROUTE_LIMIT_NEW_REPORT, .refuse = report_api_refuse},
	{.path = "/api/v1/followup", .methods = ROUTE_POST, .handler = handle_api_followup,
	 .body = ROUTE_BODY_JSON, .cap = ROUTE_CAP_BODY},
	{.path = "/api/v1/followup/messages", .methods = ROUTE_POST,
	 .handler = handle_api_followup_message, .body = ROUTE_BODY_JSON, .cap = ROUTE_CAP_BODY},
};

const struct route_table citizen_routes = {"citizen", routes, sizeof(routes) / sizeof(routes[0]),
					   citizen_init};
