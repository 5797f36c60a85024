/*
 * desk_index.h - the unit's cases in the desk's memory: what the list
 * shows (status, track, category, level, assignee, flags, the deadline now
 * running) and the decrypted summary with a folded search text. Built once
 * at start from the list with envelopes, refreshed per case after each
 * action; never written anywhere. No libevent: tests/unit/desk.
 */
#ifndef TOCAO_DESK_INDEX_H
#define TOCAO_DESK_INDEX_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "dm_date.h"

struct tcc_session;
struct cr_unit_secret;

/* Where a case stands against its running deadline; the inbox's colours and words. */
enum desk_due {
	DESK_DUE_OVERDUE, /* past the deadline its status owes */
	DESK_DUE_TODAY,   /* the deadline is today */
	DESK_DUE_SOON,    /* within 3 working days */
	DESK_DUE_LATER,
	DESK_DUE_NONE,    /* closed, or nothing running (suspended) */
	DESK_DUE_COUNT
};

struct desk_case {
	char id[32];
	char track[16], status[16], category[24], identity[16], level[32];
	char assignee[48];        /* the inspector's key, base64; "" for nobody */
	char flags[96];           /* the case's flags, comma separated */
	dm_day received, due;     /* due: the deadline its status owes, DM_DAY_NONE */
	char due_key[24];         /* which deadline that is ("process_by" ...) */
	int overdue_days;
	enum desk_due due_class;
	int transfer_pending;
	int notices_owed;         /* notices the law requires, not recorded as sent */
	int notices_overdue;      /* of them, past their deadline */
	int opened;               /* its envelope opened (else summary is "") */
	char *summary;            /* decrypted; malloc'd */
	char *search;             /* folded id, summary, details, accused; malloc'd */
};

struct desk_index {
	struct desk_case *v;
	size_t n, cap;
	dm_day today, soon;       /* soon: today + 3 working days */
	int pages;                /* pages the last load read */
	double load_seconds;      /* how long the last load took */
};

enum desk_sort { DESK_SORT_DEADLINE, DESK_SORT_RECEIVED, DESK_SORT_ID };

/* What the inbox asks for; NULL or "" for any. */
struct desk_query {
	const char *text;         /* the search box, raw (folded here) */
	const char *status, *track, *category, *level, *flag;
	const char *assignee;     /* "me", "none" or a key */
	const char *due;          /* "overdue", "today", "soon", "open" */
	const char *notices;      /* "owed": a notice not recorded as sent */
	enum desk_sort sort;
};

/* Start empty with today = day. */
void desk_index_init(struct desk_index *ix, dm_day today);
void desk_index_free(struct desk_index *ix);

/*
 * Fill or replace the entry of one case from its JSON (a list entry with
 * "envelope", or a show answer), opening the envelope with sec when it has
 * one. TC_OK, or TC_ENOMEM.
 */
int desk_index_put(struct desk_index *ix, const cJSON *c, const struct cr_unit_secret *sec);
/* The entry of id, NULL if none. */
struct desk_case *desk_index_find(struct desk_index *ix, const char *id);

/*
 * Every case of the unit, through s (all pages, with envelopes; a daemon
 * without them: each case's own answer). 200, or the failing status with
 * *why (a static or the daemon's text copied into why).
 */
int desk_index_load(struct desk_index *ix, struct tcc_session *s,
		    const struct cr_unit_secret *sec, char *why, size_t why_cap);
/* Re-read one case after a change (its show answer). 200 or the daemon's status. */
int desk_index_refresh(struct desk_index *ix, struct tcc_session *s,
		       const struct cr_unit_secret *sec, const char *id);

/*
 * The cases that match q, sorted: *out a malloc'd array of pointers into
 * ix (the caller frees it, not the entries). my_key: the inspector's key
 * for "me". Returns how many, or (size_t)-1 when out of memory.
 */
size_t desk_index_select(const struct desk_index *ix, const struct desk_query *q,
			 const char *my_key, const struct desk_case ***out);
/* How many open cases are in each due class. */
void desk_index_counts(const struct desk_index *ix, size_t counts[DESK_DUE_COUNT]);

/* Overwrite every string of j (and its siblings and children) before it is freed. */
void desk_json_wipe(cJSON *j);

/* "overdue", "today", ... for a class. */
const char *desk_due_name(enum desk_due d);

#endif
