#include <string.h>

#include "dm_case.h"

/* Tables indexed by enum value; index 0 unused. */
static const char *const kind_names[] = {NULL, "denunciation", "complaint", "petition"};
static const char *const identity_names[] = {NULL, "anonymous", "named", "confidential"};
static const char *const track_names[] = {NULL, "denunciation", "information", "complaint",
					  "petition"};
static const char *const category_names[] = {
	NULL,		  "corruption",	    "waste",	      "land",
	"public_finance", "public_investment", "abuse_of_power", "harassment",
	"personnel",	  "environment",    "social_policy",  "other"};
static const char *const level_names[] = {NULL,
					  "unknown",
					  "commune",
					  "commune_leader",
					  "provincial_agency",
					  "provincial_agency_leader",
					  "provincial_leader",
					  "central"};
static const char *const status_names[] = {NULL,	  "received", "accepted",
					   "suspended",	  "settled",  "declined",
					   "transferred", "withdrawn", "terminated"};

/* Index 0 is a stored value here (direct, none): named, but parsed like the others. */
static const char *const origin_names[] = {"direct", "press", "deputy", "agency"};
static const char *const subject_names[] = {"none", "administrative_decision",
					    "administrative_act", "disciplinary_decision",
					    "dismissal"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int lookup(const char *const *names, size_t n, const char *s, int *out)
{
	if (s == NULL)
		return TC_EINVAL;
	for (size_t i = 1; i < n; i++) {
		if (strcmp(names[i], s) == 0) {
			*out = (int)i;
			return TC_OK;
		}
	}
	return TC_EINVAL;
}

static const char *name_of(const char *const *names, size_t n, int v)
{
	return v >= 1 && (size_t)v < n ? names[v] : "?";
}

#define DEFINE_ENUM(type, fn, table)                                    \
	int dm_##fn##_parse(const char *s, enum type *out)              \
	{                                                               \
		int v;                                                  \
		int rc = lookup(table, COUNT(table), s, &v);            \
		if (rc == TC_OK)                                        \
			*out = (enum type)v;                            \
		return rc;                                              \
	}                                                               \
	const char *dm_##fn##_name(enum type v)                         \
	{                                                               \
		return name_of(table, COUNT(table), (int)v);            \
	}

DEFINE_ENUM(dm_kind, kind, kind_names)
DEFINE_ENUM(dm_identity, identity, identity_names)
DEFINE_ENUM(dm_track, track, track_names)
DEFINE_ENUM(dm_category, category, category_names)
DEFINE_ENUM(dm_level, level, level_names)
DEFINE_ENUM(dm_status, status, status_names)

static int lookup0(const char *const *names, size_t n, const char *s, int *out)
{
	for (size_t i = 0; s != NULL && i < n; i++) {
		if (strcmp(names[i], s) == 0) {
			*out = (int)i;
			return TC_OK;
		}
	}
	return TC_EINVAL;
}

int dm_origin_parse(const char *s, enum dm_origin *out)
{
	int v;
	int rc = lookup0(origin_names, COUNT(origin_names), s, &v);
	if (rc == TC_OK)
		*out = (enum dm_origin)v;
	return rc;
}

int dm_subject_parse(const char *s, enum dm_subject *out)
{
	int v;
	/* "none" is the absence of a subject, not a value the API takes. */
	int rc = s != NULL && strcmp(s, "none") == 0
			 ? TC_EINVAL
			 : lookup0(subject_names, COUNT(subject_names), s, &v);
	if (rc == TC_OK)
		*out = (enum dm_subject)v;
	return rc;
}

const char *dm_origin_name(enum dm_origin o)
{
	return (unsigned)o < COUNT(origin_names) ? origin_names[o] : "?";
}

const char *dm_subject_name(enum dm_subject s)
{
	return (unsigned)s < COUNT(subject_names) ? subject_names[s] : "?";
}

int dm_subject_is_disciplinary(enum dm_subject s)
{
	return s == DM_SUBJECT_DISCIPLINARY || s == DM_SUBJECT_DISMISSAL;
}

int dm_track_for(enum dm_kind kind, enum dm_identity identity, enum dm_track *out)
{
	switch (kind) {
	case DM_KIND_DENUNCIATION:
		/* Art. 25: an anonymous denunciation is handled as information. */
		*out = identity == DM_IDENTITY_ANONYMOUS ? DM_TRACK_INFORMATION
							 : DM_TRACK_DENUNCIATION;
		return TC_OK;
	case DM_KIND_COMPLAINT:
		/* Law on Complaints Art. 8: a complainant files in their own name. */
		if (identity == DM_IDENTITY_ANONYMOUS)
			return TC_EINVAL;
		*out = DM_TRACK_COMPLAINT;
		return TC_OK;
	case DM_KIND_PETITION:
		*out = DM_TRACK_PETITION;
		return TC_OK;
	}
	return TC_EINVAL;
}

int dm_status_is_closed(enum dm_status s)
{
	return s == DM_STATUS_SETTLED || s == DM_STATUS_DECLINED || s == DM_STATUS_TRANSFERRED ||
	       s == DM_STATUS_WITHDRAWN || s == DM_STATUS_TERMINATED;
}
