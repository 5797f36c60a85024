/*
 * citizen.h - the citizen's area: the report form and API, receipts,
 * follow-up. What the daemon gives server_new() (route.h).
 */
#ifndef TOCAO_CITIZEN_H
#define TOCAO_CITIZEN_H

#include "route.h"

extern const struct route_table citizen_routes;

#endif
