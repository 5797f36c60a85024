/*
 * dm_filing.h - the time to file a complaint (thời hiệu khiếu nại), as a
 * check: is a complaint filed on a day within its window, or late by how
 * many days (docs/DEADLINES.md §1, "Filing windows").
 *
 *   first complaint (administrative decision or act): 90 CD, Law on
 *     Complaints 02/2011/QH13 Art. 9;
 *   second complaint: 30 CD, 45 CD in remote areas, Art. 33(1);
 *   against a disciplinary decision: 15 CD first, 10 CD second, 30 CD
 *     second against a dismissal (buộc thôi việc), Art. 48.
 * The window runs from the day the complainant received the decision or
 * learnt of it (decision_date; for a second complaint the day the first
 * decision was received, or the day the first-instance period of Art. 28
 * ran out without one), counted like every calendar-day period (Civil
 * Code Art. 147, 148(5)). The rule set is the one in force on the filing
 * day.
 *
 * Not modelled: Art. 9 and 48 do not count the time an objective obstacle
 * (illness, natural disaster, war, a mission or study far away...) kept
 * the complainant from filing. Only the person settling the complaint can
 * weigh that evidence, so a late result is a warning ("seems late"),
 * never a refusal. Pure; safe from any thread after dm_init().
 */
#ifndef TOCAO_DM_FILING_H
#define TOCAO_DM_FILING_H

#include <stdbool.h>

#include "dm_case.h"
#include "dm_date.h"
#include "dm_rules.h"
#include "tc_err.h"

struct dm_filing_window {
	bool late;             /* filed after last_day */
	int days_late;         /* filed - last_day when late, else 0 */
	int days;              /* the window's length, calendar days */
	dm_day last_day;       /* the last day to file (a working day) */
	enum dm_rule_key rule; /* complaint.filing_window, complaint2.filing_window, ... */
	const char *basis;     /* "Luật Khiếu nại 2011, Điều 9" */
	const struct dm_rule_set *rules; /* the set in force on the filing day */
};

/*
 * Check a complaint against subject (DM_SUBJECT_NONE: an administrative
 * decision), instance (1 or 2), remote_area (second administrative
 * complaints only), the day of the decision and the filing day.
 * TC_EINVAL: instance not 1 or 2, subject unknown, decision_date missing
 * or after filed. TC_ERANGE: filed before the first rule set, rules or
 * calendar not loaded, a date outside the calendar.
 */
int dm_filing_window_check(enum dm_subject subject, int instance, bool remote_area,
			   dm_day decision_date, dm_day filed, struct dm_filing_window *out) TC_WUR;

#endif
