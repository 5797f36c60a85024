/*
 * monitor_routes.c - the monitors' routes (route.h): the API refuses with
 * problem documents, the pages with the sign-in form or readable pages.
 */
#include "case_figures.h"
#include "monitor.h"
#include "monitor_devices.h"
#include "monitor_handlers.h"

/* The sign-in form holds a code and a language. */
#define SIGNIN_CAP 1024

static const struct route routes[] = {
	{.path = "/api/v1/monitor/summary", .methods = ROUTE_GET, .handler = handle_monitor_summary,
	 .auth = ROUTE_AUTH_MONITOR, .query = true},
	{.path = "/api/v1/monitor/cases", .methods = ROUTE_GET, .handler = handle_monitor_cases,
	 .auth = ROUTE_AUTH_MONITOR, .query = true},
	{.path = "/api/v1/monitor/grounds", .methods = ROUTE_GET,
	 .handler = handle_monitor_grounds_api, .auth = ROUTE_AUTH_MONITOR, .query = true},
	{.path = "/monitor", .methods = ROUTE_GET, .handler = handle_monitor_page,
	 .auth = ROUTE_AUTH_MONITOR_COOKIE, .query = true, .refuse = mw_refuse_pages},
	{.path = "/monitor/session", .methods = ROUTE_POST, .handler = handle_monitor_signin,
	 .body = ROUTE_BODY_FORM, .cap = ROUTE_CAP_BYTES, .cap_bytes = SIGNIN_CAP,
	 .refuse = mw_refuse_signin},
	{.path = "/monitor/device", .methods = ROUTE_POST, .handler = handle_monitor_device_signin,
	 .body = ROUTE_BODY_FORM, .cap = ROUTE_CAP_BYTES, .cap_bytes = SIGNIN_CAP,
	 .refuse = mw_refuse_signin},
	{.path = "/monitor/devices", .methods = ROUTE_GET, .handler = handle_monitor_devices,
	 .auth = ROUTE_AUTH_MONITOR_COOKIE, .query = true, .refuse = mw_refuse_pages},
	{.path = "/monitor/devices/revoke", .methods = ROUTE_POST,
	 .handler = handle_monitor_device_revoke, .auth = ROUTE_AUTH_MONITOR_COOKIE,
	 .body = ROUTE_BODY_FORM, .cap = ROUTE_CAP_BYTES, .cap_bytes = SIGNIN_CAP,
	 .refuse = mw_refuse_pages},
	{.path = "/monitor/signout", .methods = ROUTE_POST, .handler = handle_monitor_signout,
	 .auth = ROUTE_AUTH_MONITOR_COOKIE_OPTIONAL},
	{.path = "/monitor/report", .methods = ROUTE_GET, .handler = handle_monitor_report,
	 .auth = ROUTE_AUTH_MONITOR_COOKIE, .query = true, .refuse = mw_refuse_pages},
	{.path = "/monitor/units", .methods = ROUTE_GET, .handler = handle_monitor_units,
	 .auth = ROUTE_AUTH_MONITOR_COOKIE, .query = true, .refuse = mw_refuse_pages},
	{.path = "/monitor/monitored", .methods = ROUTE_GET, .handler = handle_monitor_monitored,
	 .auth = ROUTE_AUTH_MONITOR_COOKIE, .query = true, .refuse = mw_refuse_pages},
	{.path = "/monitor/levels", .methods = ROUTE_GET, .handler = handle_monitor_levels,
	 .auth = ROUTE_AUTH_MONITOR_COOKIE, .query = true, .refuse = mw_refuse_pages},
	{.path = "/monitor/grounds", .methods = ROUTE_GET, .handler = handle_monitor_grounds,
	 .auth = ROUTE_AUTH_MONITOR_COOKIE, .query = true, .refuse = mw_refuse_pages},
	{.path = "/monitor/compare", .methods = ROUTE_GET, .handler = handle_monitor_compare,
	 .auth = ROUTE_AUTH_MONITOR_COOKIE, .query = true, .refuse = mw_refuse_pages},
	/* The public transparency page: no sign-in, the same for everyone (transparency.c). */
	{.path = "/minh-bach", .methods = ROUTE_GET, .handler = handle_transparency, .query = true},
	{.path = "/monitor/table.csv", .methods = ROUTE_GET, .handler = handle_monitor_csv,
	 .auth = ROUTE_AUTH_MONITOR_COOKIE, .query = true, .refuse = mw_refuse_pages},
	{.path = "/monitor/table.xlsx", .methods = ROUTE_GET, .handler = handle_monitor_xlsx,
	 .auth = ROUTE_AUTH_MONITOR_COOKIE, .query = true, .refuse = mw_refuse_pages},
};

/* The figures' lookup tables, before the reader thread reads them. */
const struct route_table monitor_routes = {"monitor", routes, sizeof(routes) / sizeof(routes[0]),
					   mon_figures_init};
