/*
 * monitor.h - the monitors' area: their API, dashboard, CSV tables and
 * printable report. What the daemon gives server_new() (route.h).
 */
#ifndef TOCAO_MONITOR_H
#define TOCAO_MONITOR_H

#include "route.h"

extern const struct route_table monitor_routes;

#endif
