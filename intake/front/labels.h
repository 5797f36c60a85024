/*
 * labels.h - the words for each value of the domain's enums (track,
 * category, status, identity, kind, level, deadline kinds), in Vietnamese
 * and English: the one table every page and CSV file takes them from.
 *
 * Some values are worded differently for the citizen (a sentence on the
 * follow-up page, the report form's choices) and for the monitors (short
 * table headings): the use says which. Wording changes go here, and only
 * here. Every function returns a static string, never NULL ("?" for a
 * value out of range).
 */
#ifndef TOCAO_LABELS_H
#define TOCAO_LABELS_H

#include "lang.h"

enum label_use {
	LABEL_CITIZEN,   /* the citizen's form and follow-up pages */
	LABEL_MONITOR,   /* the monitors' dashboard, report and CSV tables */
};

const char *label_track(int track, enum label_use use, enum lang l);       /* enum dm_track */
const char *label_category(int category, enum label_use use, enum lang l); /* enum dm_category */
const char *label_status(int status, enum label_use use, enum lang l);     /* enum dm_status */
const char *label_kind(int kind, enum lang l);                             /* enum dm_kind */
const char *label_identity(int identity, enum lang l);                     /* enum dm_identity */
const char *label_level(int level, enum lang l);                           /* enum dm_level */
/* The report form's explanation beside a kind or an identity choice ("— ..."). */
const char *label_kind_help(int kind, enum lang l);
const char *label_identity_help(int identity, enum lang l);
/* A deadline for the reporter, by kind (enum dm_deadline_kind). */
const char *label_deadline(int kind, enum lang l);

#endif
