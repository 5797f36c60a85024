/*
 * dm_action.h - what a unit may do to a case, and when (docs/DEADLINES.md
 * §1, §7; docs/API.md "Cases").
 *
 * Pure: apply an action to a case's state as of a day, or say why the law
 * or the state forbids it. The caller then recomputes the deadlines
 * (dm_deadlines_compute), which may still refuse a combination (e.g. a
 * second extension of a case that is only "complicated").
 */
#ifndef TOCAO_DM_ACTION_H
#define TOCAO_DM_ACTION_H

#include <stdbool.h>

#include "dm_case.h"
#include "dm_date.h"
#include "dm_deadline.h"

enum dm_action {
	DM_ACT_ACCEPT = 1,  /* thụ lý (for information: decide to verify) */
	DM_ACT_DECLINE,     /* không thụ lý (information: file it) */
	DM_ACT_TRANSFER,    /* to the competent unit: needs the content key re-sealed */
	DM_ACT_EXTEND,      /* gia hạn: Art. 30 */
	DM_ACT_SUSPEND,     /* tạm đình chỉ: Art. 31 */
	DM_ACT_RESUME,
	DM_ACT_SETTLE,      /* kết luận / quyết định giải quyết */
	DM_ACT_WITHDRAW,    /* rút đơn: Art. 33, before the conclusion */
	DM_ACT_TERMINATE,   /* đình chỉ */
	DM_ACT_FLAG,
};

enum dm_flag {
	DM_FLAG_SEVERAL_PLACES = 1u << 0, /* Art. 24(1): 10 WD to process */
	DM_FLAG_REMOTE_AREA = 1u << 1,    /* complaints, Art. 28/37 */
	DM_FLAG_CRIMINAL_SIGNS = 1u << 2, /* Art. 27: transfer to investigators at once */
	DM_FLAG_MONITORED = 1u << 3,      /* under the Fatherland Front's monitoring */
};

/* The state an action changes: stored in the case record. */
struct dm_case_state {
	enum dm_status status;
	enum dm_track track;
	dm_day received, accepted, settled, closed;
	dm_day suspended_since;  /* DM_DAY_NONE unless suspended */
	int suspended_days;      /* finished suspensions */
	int extensions;
	enum dm_complexity complexity;
	unsigned flags;          /* enum dm_flag */
	int instance;
};

int dm_action_parse(const char *s, enum dm_action *out) TC_WUR;
const char *dm_action_name(enum dm_action a);
int dm_flag_parse(const char *s, enum dm_flag *out) TC_WUR;

/*
 * Apply a on day today. complexity: for DM_ACT_EXTEND; flag: for
 * DM_ACT_FLAG. TC_ESTATE when the state or the law forbids it, with
 * *reason an English sentence saying why; TC_EINVAL for a missing or
 * meaningless argument. On failure s is unchanged.
 */
int dm_action_apply(struct dm_case_state *s, enum dm_action a, enum dm_complexity complexity,
		    enum dm_flag flag, dm_day today, const char **reason) TC_WUR;

/* The deadline engine's input for a state. */
void dm_action_clock(const struct dm_case_state *s, dm_day today, struct dm_clock *c);

#endif
