/*
 * dm_case.h - the vocabulary of a case: kinds, identity modes, tracks,
 * categories, accused levels, statuses. Names are the API's strings
 * (docs/API.md); the numeric values are stored on disk (case records, counter
 * keys; see also cases/case_codes.h). Stored: never renumber.
 */
#ifndef TOCAO_DM_CASE_H
#define TOCAO_DM_CASE_H

#include <stddef.h>

#include "tc_err.h"

enum dm_kind { DM_KIND_DENUNCIATION = 1, DM_KIND_COMPLAINT = 2, DM_KIND_PETITION = 3 };

enum dm_identity {
	DM_IDENTITY_ANONYMOUS = 1,
	DM_IDENTITY_NAMED = 2,
	DM_IDENTITY_CONFIDENTIAL = 3, /* named, identity sealed apart (Art. 9(1)(b), 47, 56) */
};

/* Which clock a submission runs on (docs/DEADLINES.md §1). */
enum dm_track {
	DM_TRACK_DENUNCIATION = 1, /* Law on Denunciations 25/2018/QH14 */
	DM_TRACK_INFORMATION = 2,  /* anonymous denunciation, Art. 25: internal clock */
	DM_TRACK_COMPLAINT = 3,    /* Law on Complaints 02/2011/QH13 */
	DM_TRACK_PETITION = 4,     /* Circular 05/2021: internal clock */
};

enum dm_category {
	DM_CAT_CORRUPTION = 1,
	DM_CAT_WASTE,
	DM_CAT_LAND,
	DM_CAT_PUBLIC_FINANCE,
	DM_CAT_PUBLIC_INVESTMENT,
	DM_CAT_ABUSE_OF_POWER,
	DM_CAT_HARASSMENT,
	DM_CAT_PERSONNEL,
	DM_CAT_ENVIRONMENT,
	DM_CAT_SOCIAL_POLICY,
	DM_CAT_OTHER,
};
#define DM_CAT_COUNT 11

/* The accused's level decides province or centre (docs/DEADLINES.md §5). */
enum dm_level {
	DM_LEVEL_UNKNOWN = 1,
	DM_LEVEL_COMMUNE,
	DM_LEVEL_COMMUNE_LEADER,
	DM_LEVEL_PROVINCIAL_AGENCY,
	DM_LEVEL_PROVINCIAL_AGENCY_LEADER,
	DM_LEVEL_PROVINCIAL_LEADER,
	DM_LEVEL_CENTRAL,
};

enum dm_status {
	DM_STATUS_RECEIVED = 1, /* waiting to be processed (accept/decline/transfer) */
	DM_STATUS_ACCEPTED,     /* accepted for settlement; settlement clock runs */
	DM_STATUS_SUSPENDED,    /* clock paused */
	DM_STATUS_SETTLED,
	DM_STATUS_DECLINED,
	DM_STATUS_TRANSFERRED,  /* moved to another unit (the case lives on there) */
	DM_STATUS_WITHDRAWN,
	DM_STATUS_TERMINATED,
};

/*
 * Who brought the report, when not the citizen directly (Law on
 * Denunciations Art. 26: a denunciation forwarded by a press agency or by a
 * competent body or person, e.g. a National Assembly deputy). Stored
 * (record byte 113): never renumber.
 */
enum dm_origin {
	DM_ORIGIN_DIRECT = 0, /* the citizen, through tocao */
	DM_ORIGIN_PRESS = 1,  /* cơ quan báo chí */
	DM_ORIGIN_DEPUTY = 2, /* đại biểu Quốc hội, đại biểu Hội đồng nhân dân */
	DM_ORIGIN_AGENCY = 3, /* another competent body, organisation or person */
};

/*
 * What a complaint is against (Law on Complaints Art. 2, Chapter IV for
 * disciplinary decisions). Stored (record byte 114): never renumber.
 */
enum dm_subject {
	DM_SUBJECT_NONE = 0,            /* not said: handled as an administrative decision */
	DM_SUBJECT_ADMIN_DECISION = 1,  /* quyết định hành chính */
	DM_SUBJECT_ADMIN_ACT = 2,       /* hành vi hành chính */
	DM_SUBJECT_DISCIPLINARY = 3,    /* quyết định kỷ luật cán bộ, công chức (Art. 48-50) */
	DM_SUBJECT_DISMISSAL = 4,       /* a disciplinary decision of dismissal (buộc thôi việc) */
};

/* Each _parse takes a NUL-terminated API string; TC_EINVAL if unknown. */
int dm_kind_parse(const char *s, enum dm_kind *out) TC_WUR;
int dm_identity_parse(const char *s, enum dm_identity *out) TC_WUR;
int dm_category_parse(const char *s, enum dm_category *out) TC_WUR;
int dm_level_parse(const char *s, enum dm_level *out) TC_WUR;
int dm_status_parse(const char *s, enum dm_status *out) TC_WUR;
int dm_track_parse(const char *s, enum dm_track *out) TC_WUR;
/* "press", "deputy", "agency" ("direct" is not a choice of the API, but parses). */
int dm_origin_parse(const char *s, enum dm_origin *out) TC_WUR;
/* "administrative_decision", "administrative_act", "disciplinary_decision", "dismissal". */
int dm_subject_parse(const char *s, enum dm_subject *out) TC_WUR;

/* API names; "?" for a value out of range (never NULL). */
const char *dm_kind_name(enum dm_kind k);
const char *dm_identity_name(enum dm_identity i);
const char *dm_track_name(enum dm_track t);
const char *dm_category_name(enum dm_category c);
const char *dm_level_name(enum dm_level l);
const char *dm_status_name(enum dm_status s);
const char *dm_origin_name(enum dm_origin o);   /* "direct" for DM_ORIGIN_DIRECT */
const char *dm_subject_name(enum dm_subject s); /* "none" for DM_SUBJECT_NONE */
/* Whether a complaint subject is a disciplinary decision (Art. 48-50). */
int dm_subject_is_disciplinary(enum dm_subject s);

/*
 * The track of a submission (docs/DEADLINES.md §1). An anonymous complaint is not
 * eligible: TC_EINVAL (the caller explains: file it named or as a petition).
 */
int dm_track_for(enum dm_kind kind, enum dm_identity identity, enum dm_track *out) TC_WUR;

/* true when the status has no open clock (settled, declined, ...). */
int dm_status_is_closed(enum dm_status s);

#endif
