/*
 * dm_watch.h - which deadline a case is being held to now, and whether it
 * is overdue now (docs/DEADLINES.md §7: past the deadline its status owes;
 * a suspended case's clock is paused, a closed case owes none).
 *
 * The deadline engine (dm_deadline.h) lists every deadline of a case; this
 * picks the one its current status still owes:
 *   received   -> process_by (accept, decline or transfer; Art. 24(1),
 *                 Art. 25 for information, Law on Complaints Art. 27)
 *   accepted   -> settle_by (Art. 30 / Law on Complaints Art. 28, 37)
 *   suspended  -> none: the clock is paused (Art. 31)
 *   closed     -> none (settled, declined, transferred, withdrawn, terminated)
 * transfer_by (Art. 24(2)) is not watched: it binds only once the unit
 * finds it is not competent, which it records by transferring.
 */
#ifndef TOCAO_DM_WATCH_H
#define TOCAO_DM_WATCH_H

#include "dm_case.h"
#include "dm_date.h"
#include "dm_deadline.h"

/* The deadline the case owes in status s, DM_DAY_NONE if none. */
dm_day dm_watch_due(enum dm_status s, const struct dm_deadlines *d);
/* Same, from the stored array of DM_DL_COUNT days. */
dm_day dm_watch_due_days(enum dm_status s, const dm_day days[DM_DL_COUNT]);

/* Calendar days past due on today (0 if not overdue or no deadline). */
int dm_watch_days_overdue(dm_day due, dm_day today);

#endif
