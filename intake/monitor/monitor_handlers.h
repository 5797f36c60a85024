/*
 * monitor_handlers.h - the monitors' handlers and refusal styles, for their
 * route table (monitor_routes.c).
 */
#ifndef TOCAO_MONITOR_HANDLERS_H
#define TOCAO_MONITOR_HANDLERS_H

#include <stdbool.h>

#include "route.h"

void handle_monitor_summary(struct request *r);   /* monitor_api.c */
void handle_monitor_cases(struct request *r);
void handle_monitor_page(struct request *r);      /* monitor_dashboard.c */
void handle_monitor_report(struct request *r);    /* monitor_report.c */
void handle_monitor_csv(struct request *r);       /* monitor_export.c */
void handle_monitor_xlsx(struct request *r);      /* monitor_export.c */
void handle_monitor_signin(struct request *r);    /* monitor_signin.c */
void handle_monitor_signout(struct request *r);
void handle_transparency(struct request *r);
void handle_monitor_units(struct request *r);     /* monitor_views.c */
void handle_monitor_monitored(struct request *r);
void handle_monitor_levels(struct request *r);    /* monitor_levels.c */
void handle_monitor_compare(struct request *r);   /* monitor_compare.c */
void handle_monitor_grounds(struct request *r);   /* monitor_grounds.c */
void handle_monitor_grounds_api(struct request *r);

struct monitor_query;
/* The JSON API's query of this monitor (monitor_api.c); false after answering 400/403. */
bool monitor_api_query(struct request *r, struct monitor_query *q);      /* transparency.c: public, no sign-in */

/* The pages' refusal style: the sign-in form for a missing session. */
void mw_refuse_pages(struct request *r, enum refusal why);
/* The sign-in form's: 400, the form could not be read. */
void mw_refuse_signin(struct request *r, enum refusal why);

#endif
