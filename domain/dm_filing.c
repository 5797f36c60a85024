/*
 * dm_filing.c - the complaint filing windows (dm_filing.h).
 */
#include "dm_calendar.h"
#include "dm_filing.h"

static enum dm_rule_key window_rule(enum dm_subject subject, int instance, bool remote_area)
{
	if (dm_subject_is_disciplinary(subject)) /* Art. 48 */
		return instance == 1 ? DM_R_D1_WINDOW
				     : subject == DM_SUBJECT_DISMISSAL ? DM_R_D2_WINDOW_DISMISSAL
								       : DM_R_D2_WINDOW;
	if (instance == 1) /* Art. 9 */
		return DM_R_COMPLAINT_WINDOW;
	return remote_area ? DM_R_C2_WINDOW_REMOTE : DM_R_C2_WINDOW; /* Art. 33(1) */
}

int dm_filing_window_check(enum dm_subject subject, int instance, bool remote_area,
			   dm_day decision_date, dm_day filed, struct dm_filing_window *out)
{
	if (out == NULL || (instance != 1 && instance != 2) ||
	    (unsigned)subject > DM_SUBJECT_DISMISSAL || decision_date == DM_DAY_NONE ||
	    filed == DM_DAY_NONE || decision_date > filed)
		return TC_EINVAL;
	if (!dm_cal_is_loaded())
		return TC_ERANGE;
	const struct dm_rule_set *set = dm_rules_for(filed);
	if (set == NULL)
		return TC_ERANGE;
	const enum dm_rule_key k = window_rule(subject, instance, remote_area);
	const struct dm_rule *r = &set->rule[k];
	const dm_day last = dm_cal_add_calendar_days(decision_date, r->n);
	if (last == DM_DAY_NONE)
		return TC_ERANGE;
	*out = (struct dm_filing_window){
		.late = filed > last,
		.days_late = filed > last ? (int)(filed - last) : 0,
		.days = r->n,
		.last_day = last,
		.rule = k,
		.basis = r->basis,
		.rules = set,
	};
	return TC_OK;
}
