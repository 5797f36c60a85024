/*
 * case_next.c - the actions allowed next and the deadlines' articles
 * (case_next.h).
 */
#include "case_next.h"
#include "cases.h"

static const enum dm_flag all_flags[] = {DM_FLAG_SEVERAL_PLACES, DM_FLAG_REMOTE_AREA,
					 DM_FLAG_CRIMINAL_SIGNS, DM_FLAG_MONITORED,
					 DM_FLAG_DELEGATED_VERIFICATION};
static const enum dm_criterion all_criteria[] = {DM_CRIT_A, DM_CRIT_B,  DM_CRIT_C, DM_CRIT_D,
						 DM_CRIT_DD, DM_CRIT_E, DM_CRIT_G};

/* Whether a with args applies to s today and its deadlines still compute. */
static int applies(const struct dm_case_state *s, enum dm_action a,
		   const struct dm_action_args *args, dm_day today)
{
	struct dm_case_state t = *s;
	const char *reason = NULL;
	bool continued = false;
	if (dm_action_apply_args(&t, a, args, today, &reason, &continued) != TC_OK)
		return 0;
	struct dm_clock clk;
	struct dm_deadlines dl;
	dm_action_clock(&t, today, &clk);
	return dm_deadlines_compute(&clk, &dl) == TC_OK;
}

/* extend needs a criterion not yet recorded (or, for the old form, a complexity). */
static int extend_allowed(const struct dm_case_state *s, dm_day today)
{
	for (size_t i = 0; i < sizeof(all_criteria) / sizeof(all_criteria[0]); i++) {
		struct dm_action_args args = {.criteria = s->criteria | (unsigned)all_criteria[i]};
		if (applies(s, DM_ACT_EXTEND, &args, today))
			return 1;
	}
	return 0;
}

void case_next_allowed(const struct store_case *c, dm_day today, struct case_next *out)
{
	struct dm_case_state s;
	case_state_of(c, &s);
	*out = (struct case_next){0};
	for (enum dm_action a = DM_ACT_ACCEPT; a <= DM_ACT_TERMINATE; a++) {
		/* A withdrawal of a denunciation may be kept open (Art. 33(3)): plain withdraw suffices. */
		const struct dm_action_args none = {0};
		/* A transfer goes through the two-step hand-over: any open case may be offered. */
		int ok = a == DM_ACT_TRANSFER ? !dm_status_is_closed(s.status)
			 : a == DM_ACT_EXTEND ? extend_allowed(&s, today)
					      : applies(&s, a, &none, today);
		if (ok)
			out->actions |= 1u << a;
	}
	for (size_t i = 0; i < sizeof(all_flags) / sizeof(all_flags[0]); i++) {
		const struct dm_action_args args = {.flag = all_flags[i]};
		if (applies(&s, DM_ACT_FLAG, &args, today)) {
			out->flags |= (unsigned)all_flags[i];
			out->actions |= 1u << DM_ACT_FLAG;
		}
	}
}

int case_next_basis(const struct store_case *c, dm_day today, struct dm_deadlines *dl)
{
	struct dm_case_state s;
	struct dm_clock clk;
	case_state_of(c, &s);
	dm_action_clock(&s, today, &clk);
	return dm_deadlines_compute(&clk, dl);
}
