/*
 * inspector.h - the inspectors' area: sessions by signed challenge, the
 * unit's cases, listed and shown, and their changes. What the daemon gives
 * server_new() (route.h).
 */
#ifndef TOCAO_INSPECTOR_H
#define TOCAO_INSPECTOR_H

#include "route.h"

extern const struct route_table inspector_routes;

#endif
