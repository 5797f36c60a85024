/*
 * citizen_handlers.h - the citizen's handlers and refusal styles, for its
 * route table (citizen_routes.c). Each gets a struct request (route.h).
 */
#ifndef TOCAO_CITIZEN_HANDLERS_H
#define TOCAO_CITIZEN_HANDLERS_H

#include "route.h"

void handle_report_submit(struct request *r);        /* report_api.c */
void report_api_refuse(struct request *r, enum refusal why);
void handle_form_page(struct request *r);            /* form_page.c */
void handle_form_submit(struct request *r);
void handle_stylesheet(struct request *r);
void handle_receipt_page(struct request *r);
void handle_receipt_forget(struct request *r);
void handle_lost_page(struct request *r);
void handle_followup_case(struct request *r);        /* followup_pages.c */
void handle_followup_page(struct request *r);        /* followup_pages.c */
void handle_followup_post(struct request *r);
void handle_followup_reply(struct request *r);
void handle_api_followup(struct request *r);         /* followup_api.c */
void handle_api_followup_message(struct request *r);

#endif
