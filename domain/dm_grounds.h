/*
 * dm_grounds.h - the legal grounds of a decision not to accept a case
 * (không thụ lý), as a code the server may count: the ground names a
 * provision of the law, never the case's content (the inspector's own
 * words stay in the note sealed to the unit).
 *
 * The numeric values are stored (record byte 27, the value of the
 * COUNT_DECLINED counters; docs/FORMAT.md): never renumber, new codes at
 * the end. 0 = not recorded (a decline made before the codes existed).
 * Each code applies to one track; each track has one "other ground"
 * code, so that an inspector is never forced into a wrong one.
 */
#ifndef TOCAO_DM_GROUNDS_H
#define TOCAO_DM_GROUNDS_H

#include <stdbool.h>

#include "dm_case.h"
#include "tc_err.h"

enum dm_decline_ground {
	DM_GROUND_NONE = 0,
	/* Law on Denunciations 25/2018/QH14, Art. 29(1): the conditions of acceptance. */
	DM_GROUND_DEN_29_1_A = 1,
	DM_GROUND_DEN_29_1_B = 2,
	DM_GROUND_DEN_29_1_C = 3,
	DM_GROUND_DEN_29_1_D = 4,
	DM_GROUND_DEN_29_1_COMPLAINT = 5, /* the paragraph after point d */
	DM_GROUND_DEN_OTHER = 6,
	/* Information with denunciation content (Art. 25). */
	DM_GROUND_INFO_25_2 = 7,
	DM_GROUND_INFO_OTHER = 8,
	/* Law on Complaints 02/2011/QH13, Art. 11(1) to (9). */
	DM_GROUND_COM_11_1 = 9,
	DM_GROUND_COM_11_2 = 10,
	DM_GROUND_COM_11_3 = 11,
	DM_GROUND_COM_11_4 = 12,
	DM_GROUND_COM_11_5 = 13,
	DM_GROUND_COM_11_6 = 14,
	DM_GROUND_COM_11_7 = 15,
	DM_GROUND_COM_11_8 = 16,
	DM_GROUND_COM_11_9 = 17,
	DM_GROUND_COM_OTHER = 18,
	/* Petitions (Circular 05/2021/TT-TTCP, Art. 6: the sorting of letters). */
	DM_GROUND_PET_06_UNFIT = 19,
	DM_GROUND_PET_06_NOT_COMPETENT = 20,
	DM_GROUND_PET_OTHER = 21,
};
#define DM_GROUND_MAX 21 /* the last code */

struct dm_ground {
	enum dm_decline_ground code;
	enum dm_track track;
	const char *name;                    /* the API's name, e.g. "den-29-1-a" */
	const char *vi, *en;                 /* what the ground says */
	const char *citation_vi, *citation_en; /* its exact provision */
	bool other;                          /* "another ground, stated in the sealed note" */
};

/* The ground of code 1..DM_GROUND_MAX; NULL for 0 or out of range. */
const struct dm_ground *dm_ground_of(enum dm_decline_ground g);
/* An API name: TC_EINVAL if unknown. */
int dm_ground_parse(const char *s, enum dm_decline_ground *out) TC_WUR;
/* The API name; "?" for 0 or out of range (never NULL). */
const char *dm_ground_name(enum dm_decline_ground g);

/*
 * Whether g may be the ground of declining a case on track t: TC_OK, or
 * TC_EINVAL with *reason an English sentence (dm_reasons.c has its
 * Vietnamese): none given, unknown, or another track's.
 */
int dm_ground_check(enum dm_decline_ground g, enum dm_track t, const char **reason) TC_WUR;

/*
 * The reporter's plain words for why the case was not accepted (Law on
 * Denunciations Art. 24(1): the reporter is told the reason at once): the
 * ground's Vietnamese (its provision is citation_vi), or for "other" and 0
 * a general sentence (the specifics are in the unit's notice).
 */
const char *dm_ground_for_reporter(enum dm_decline_ground g);

#endif
