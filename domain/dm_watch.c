#include "dm_watch.h"

dm_day dm_watch_due_days(enum dm_status s, const dm_day days[DM_DL_COUNT])
{
	switch (s) {
	case DM_STATUS_RECEIVED:
		return days[DM_DL_PROCESS];
	case DM_STATUS_ACCEPTED:
		return days[DM_DL_SETTLE];
	default:
		return DM_DAY_NONE;
	}
}

dm_day dm_watch_due(enum dm_status s, const struct dm_deadlines *d)
{
	return dm_watch_due_days(s, d->at);
}

int dm_watch_days_overdue(dm_day due, dm_day today)
{
	if (due == DM_DAY_NONE || today <= due)
		return 0;
	return (int)(today - due);
}
