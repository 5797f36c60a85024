/* paper_case.h - reading the daemon's answer for the documents (internal to paper/). */
#ifndef TOCAO_PAPER_CASE_H
#define TOCAO_PAPER_CASE_H

#include <cjson/cJSON.h>

#include "paper.h"

/* A string member of o, "" when absent; a number member, 0 when absent. */
const char *pc_str(const cJSON *o, const char *name);
int pc_int(const cJSON *o, const char *name);
/* The day of the last timeline event (with that detail, unless NULL); "" when none. */
const char *pc_timeline_day(const cJSON *show, const char *event, const char *detail);
/* "20/11/2026" from "2026-11-20"; the placeholder for anything else. */
void pc_day(struct pbuf *b, const char *iso);
/* The dots an inspector fills in by hand. */
#define PC_BLANK "……………………"

#endif
