/*
 * case_json.c - the inspectors' JSON renderers (case_json.h).
 */
#include <stdlib.h>
#include <string.h>

#include "case_json.h"
#include "dm_action.h"
#include "dm_case.h"
#include "dm_deadline.h"
#include "dm_grounds.h"
#include "cases.h"
#include "dm_watch.h"
#include "tc_base64.h"

cJSON *case_json_b64(const uint8_t *data, size_t n)
{
	char *s = malloc(tc_base64_len(n) + 1);
	if (s == NULL)
		return NULL;
	tc_base64_encode(data, n, s);
	cJSON *j = cJSON_CreateString(s);
	free(s);
	return j;
}

static const char *const complexity_names[] = {"none", "complicated",
					       "particularly_complicated"};
static const char *const decision_names[] = {"none", "suspend", "terminate", "resume"};

/* The fields of issue 12: complexity and its criteria, instance, origin, subject, decision. */
static void case_json_law(cJSON *o, const struct store_case *c)
{
	char letters[32];
	cJSON_AddStringToObject(o, "complexity",
				c->complexity < 3 ? complexity_names[c->complexity] : "?");
	cJSON *cr = cJSON_AddArrayToObject(o, "complexity_criteria");
	dm_criteria_format(c->criteria, letters, sizeof(letters));
	for (char *t = letters, *save = NULL; cr && (t = strtok_r(t, ",", &save)); t = NULL)
		cJSON_AddItemToArray(cr, cJSON_CreateString(t));
	if (c->track == DM_TRACK_COMPLAINT) {
		cJSON_AddStringToObject(o, "instance", c->instance == 2 ? "second" : "first");
		if (c->subject != DM_SUBJECT_NONE)
			cJSON_AddStringToObject(o, "complaint_subject",
						dm_subject_name((enum dm_subject)c->subject));
	}
	if (c->ground != 0) /* a decline's legal ground: a provision, never content */
		cJSON_AddStringToObject(o, "decline_ground",
					dm_ground_name((enum dm_decline_ground)c->ground));
	if (c->origin != DM_ORIGIN_DIRECT)
		cJSON_AddStringToObject(o, "forwarded_by", dm_origin_name((enum dm_origin)c->origin));
	if (c->decision != 0 && c->decision < 4 && c->decided != STORE_DAY_NONE) {
		char day[DM_DAY_STRLEN];
		dm_day_format(c->decided, day);
		cJSON *d = cJSON_AddObjectToObject(o, "last_decision");
		cJSON_AddStringToObject(d, "decision", decision_names[c->decision]);
		cJSON_AddStringToObject(d, "on", day);
	}
}

/* "flags": the domain's flags set on the case (criminal signs referred, monitored ...). */
static void case_json_flags(cJSON *o, const struct store_case *c)
{
	static const enum dm_flag shown[] = {DM_FLAG_SEVERAL_PLACES, DM_FLAG_REMOTE_AREA,
					     DM_FLAG_CRIMINAL_SIGNS, DM_FLAG_MONITORED,
					     DM_FLAG_DELEGATED_VERIFICATION};
	cJSON *f = cJSON_AddArrayToObject(o, "flags");
	for (size_t i = 0; f && i < sizeof(shown) / sizeof(shown[0]); i++)
		if (c->flags & (unsigned)shown[i])
			cJSON_AddItemToArray(f, cJSON_CreateString(dm_flag_name(shown[i])));
}

cJSON *case_json_summary(const struct store_case *c, dm_day today)
{
	cJSON *o = cJSON_CreateObject(), *d = cJSON_CreateObject();
	char day[DM_DAY_STRLEN];
	cJSON_AddStringToObject(o, "case_id", c->case_id);
	cJSON_AddStringToObject(o, "track", dm_track_name((enum dm_track)c->track));
	cJSON_AddStringToObject(o, "category", dm_category_name((enum dm_category)c->category));
	cJSON_AddStringToObject(o, "status", dm_status_name((enum dm_status)c->status));
	cJSON_AddStringToObject(o, "identity", dm_identity_name((enum dm_identity)c->identity));
	cJSON_AddStringToObject(o, "unit", c->unit);
	dm_day_format(c->received, day);
	cJSON_AddStringToObject(o, "received_on", day);
	for (int k = 0; k < STORE_DEADLINES; k++) {
		if (c->deadlines[k] == STORE_DAY_NONE)
			continue;
		dm_day_format(c->deadlines[k], day);
		cJSON_AddStringToObject(d, dm_deadline_key((enum dm_deadline_kind)k), day);
	}
	cJSON_AddItemToObject(o, "deadlines", d);
	cJSON_AddNumberToObject(o, "extensions", c->extensions);
	case_json_law(o, c);
	/* Which deadlines may still move (a computed year, an unconfirmed day). */
	cJSON *p = cJSON_CreateObject();
	for (int k = 0; k < STORE_DEADLINES; k++)
		if (c->deadlines[k] != STORE_DAY_NONE)
			cJSON_AddBoolToObject(p, dm_deadline_key((enum dm_deadline_kind)k),
					      (c->provisional >> k) & 1);
	cJSON_AddItemToObject(o, "provisional", p);
	dm_day due = dm_watch_due_days((enum dm_status)c->status, c->deadlines);
	/* Overdue now (computed from the record and today); was late: a deadline once missed. */
	cJSON_AddNumberToObject(o, "overdue_days", dm_watch_days_overdue(due, today));
	cJSON_AddBoolToObject(o, "overdue", case_overdue_now(c, today));
	cJSON_AddBoolToObject(o, "was_late", (c->flags & STORE_FLAG_WAS_LATE) != 0);
	case_json_flags(o, c);
	return o;
}
