/*
 * inspector_handlers.h - the inspectors' handlers, for their route table
 * (inspector_routes.c), and what they share. Every case endpoint answers
 * only for the session's own unit: another unit's case is 404, exactly as
 * a case that does not exist. Monitors have sessions too but no access
 * here: the dispatcher answers 403 (ROUTE_AUTH_INSPECTOR).
 */
#ifndef TOCAO_INSPECTOR_HANDLERS_H
#define TOCAO_INSPECTOR_HANDLERS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "dm_date.h"
#include "route.h"

void handle_session_challenge(struct request *r);  /* sessions.c */
void handle_session_login(struct request *r);
void handle_session_logout(struct request *r);
void handle_cases_list(struct request *r);         /* cases_list.c */
void handle_case_show(struct request *r);          /* case_show.c */
void handle_case_attachment(struct request *r);    /* case_items.c */
void handle_case_messages(struct request *r);
void handle_case_action(struct request *r);        /* case_writes.c */
void handle_case_message(struct request *r);
void handle_case_reveal(struct request *r);
void handle_case_note(struct request *r);
void handle_case_assign(struct request *r);         /* case_assign.c */
void handle_case_notice(struct request *r);         /* case_notices_api.c */
void handle_case_audit(struct request *r);          /* case_audit_api.c */
void handle_case_transfer(struct request *r);          /* case_transfer.c */
void handle_case_transfer_show(struct request *r);
void handle_case_transfer_confirm(struct request *r);
void handle_case_transfer_cancel(struct request *r);
void handle_transfers_list(struct request *r);
void handle_transfers_sent(struct request *r);
void handle_reception(struct request *r);          /* reception.c */

/* The body as a guarded JSON object; NULL after answering 400. */
cJSON *inspector_body(struct request *r);

struct case_who;
struct principal;
struct store_txn;
/* The case's "assignee" (base64 key) into o when it has one. */
void inspector_add_assignee(cJSON *o, struct store_txn *t, const char *case_id);
/*
 * "channel", "received_by" and "registered_on" into o for a case taken at a
 * reception office (reception.c); nothing for a web report.
 */
void inspector_add_reception(cJSON *o, struct store_txn *t, const char *case_id);
struct store_case;
/*
 * The case's "notices" (each owed or sent), "notices_owed" and
 * "notices_overdue" into o; *owed (may be NULL) gets the count owed.
 */
int inspector_add_notices(cJSON *o, struct store_txn *t, const struct store_case *c,
			  dm_day today, int *owed);
struct pending;
/* The acting inspector, for the case service; false if the scope is not a unit id. */
bool inspector_who(struct case_who *who, const struct principal *p, const char *case_id);
/* The answer to a refused or failed change: 404, 409 or 422 with reason, else 503. */
void inspector_write_failed(struct pending *p, int rc, const char *reason);

#endif
