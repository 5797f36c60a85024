/*
 * dm_deadline.c - the deadline engine. All numbers come from the rule set
 * in force on the day of receipt; this file only knows which clock starts
 * from which event.
 */
#include <stddef.h>
#include <stdint.h>

#include "dm_calendar.h"
#include "dm_deadline.h"
#include "dm_snapshot.h"

static const char *const dl_keys[DM_DL_COUNT] = {
	[DM_DL_PROCESS] = "process_by",
	[DM_DL_TRANSFER] = "transfer_by",
	[DM_DL_NOTIFY] = "notify_by",
	[DM_DL_SETTLE] = "settle_by",
	[DM_DL_CONCLUSION_NOTIFY] = "conclusion_notify_by",
	[DM_DL_FORWARDED_ANSWER] = "forwarded_answer_by",
	[DM_DL_DECISION_NOTIFY] = "decision_notify_by",
};

/* Beyond any real suspension; keeps the arithmetic far from overflow. */
#define MAX_SUSPENDED_DAYS 36500

const char *dm_deadline_key(enum dm_deadline_kind k)
{
	return (unsigned)k < DM_DL_COUNT ? dl_keys[k] : "?";
}

void dm_clock_init(struct dm_clock *c, enum dm_track track, dm_day received)
{
	*c = (struct dm_clock){
		.track = track,
		.received = received,
		.accepted = DM_DAY_NONE,
		.settled = DM_DAY_NONE,
		.extensions = 0,
		.complexity = DM_COMPLEXITY_NONE,
		.suspended_days = 0,
		.several_places = false,
		.remote_area = false,
		.instance = 1,
		.delegated_verification = false,
		.origin = DM_ORIGIN_DIRECT,
		.subject = DM_SUBJECT_NONE,
		.decision = DM_DECISION_NONE,
		.decided = DM_DAY_NONE,
	};
}

/* Checks c; on failure returns the error and sets *why. */
static int validate(const struct dm_clock *c, const struct dm_rule_set **set_out,
		    const char **why)
{
	*why = NULL;
	if (c->track < DM_TRACK_DENUNCIATION || c->track > DM_TRACK_PETITION)
		return *why = "unknown track", TC_EINVAL;
	if (c->received == DM_DAY_NONE)
		return *why = "the date of receipt is missing", TC_EINVAL;
	if (!dm_cal_is_loaded() || dm_rule_set_count() == 0)
		return *why = "the calendar and rules are not loaded", TC_ERANGE;
	const struct dm_rule_set *set = dm_rules_for(c->received);
	if (set == NULL)
		return *why = "no rule set was in force on the date of receipt (before 2019-01-01)",
		       TC_ERANGE;
	struct dm_cal_day info;
	if (dm_cal_day_info(c->received, &info) != TC_OK)
		return *why = "the date of receipt is outside the calendar (1900-2100)", TC_ERANGE;
	if ((unsigned)c->complexity > DM_COMPLEXITY_PARTICULARLY)
		return *why = "unknown complexity", TC_EINVAL;
	if (c->suspended_days < 0 || c->suspended_days > MAX_SUSPENDED_DAYS)
		return *why = "suspended days must be 0 or more", TC_EINVAL;
	if (c->extensions < 0 || c->extensions > 2)
		return *why = "at most 2 extensions are allowed (Art. 30)", TC_EINVAL;
	if ((unsigned)c->origin > DM_ORIGIN_AGENCY)
		return *why = "unknown origin", TC_EINVAL;
	if ((unsigned)c->subject > DM_SUBJECT_DISMISSAL)
		return *why = "unknown complaint subject", TC_EINVAL;
	if ((unsigned)c->decision > DM_DECISION_RESUME)
		return *why = "unknown decision", TC_EINVAL;
	if ((c->decision == DM_DECISION_NONE) != (c->decided == DM_DAY_NONE))
		return *why = "a decision needs its day, and a day its decision", TC_EINVAL;
	if (c->decided != DM_DAY_NONE && c->decided < c->received)
		return *why = "a decision before the report was received", TC_EINVAL;

	const bool settles = c->track == DM_TRACK_DENUNCIATION || c->track == DM_TRACK_COMPLAINT;
	if (settles && c->accepted != DM_DAY_NONE && c->accepted < c->received)
		return *why = "accepted before it was received", TC_EINVAL;
	if (c->track == DM_TRACK_DENUNCIATION) {
		if (c->settled != DM_DAY_NONE && c->accepted == DM_DAY_NONE)
			return *why = "settled but never accepted", TC_EINVAL;
		if (c->settled != DM_DAY_NONE && c->settled < c->accepted)
			return *why = "settled before it was accepted", TC_EINVAL;
		if (c->extensions > 0 && c->complexity == DM_COMPLEXITY_NONE)
			return *why = "an extension needs a complicated case (Art. 30)", TC_EINVAL;
		const int allowed = c->complexity == DM_COMPLEXITY_PARTICULARLY
					    ? set->rule[DM_R_DEN_EXT_PARTICULARLY].n
					    : set->rule[DM_R_DEN_EXT_COMPLICATED].n;
		if (c->extensions > allowed)
			return *why = c->complexity == DM_COMPLEXITY_PARTICULARLY
					      ? "too many extensions for a particularly complicated case"
					      : "a complicated case allows one extension; two need a "
						"particularly complicated case",
			       TC_EINVAL;
	} else if (c->extensions > 0) {
		return *why = "extensions apply to denunciations only", TC_EINVAL;
	}
	if (c->track == DM_TRACK_COMPLAINT) {
		if (c->instance != 1 && c->instance != 2)
			return *why = "a complaint is settled at instance 1 or 2", TC_EINVAL;
		if (c->settled != DM_DAY_NONE && c->accepted != DM_DAY_NONE &&
		    c->settled < c->accepted)
			return *why = "settled before it was accepted", TC_EINVAL;
	}
	*set_out = set;
	return TC_OK;
}

/* Apply one WD or CD rule from a trigger day. */
static dm_day apply(const struct dm_rule *r, dm_day from)
{
	return r->unit == DM_RULE_WD ? dm_cal_add_working_days(from, r->n)
				     : dm_cal_add_calendar_days(from, r->n);
}

/* Record deadline k, counted from the trigger day from. */
static int put(struct dm_deadlines *out, enum dm_deadline_kind k, dm_day from, dm_day at,
	       const char *basis)
{
	if (at == DM_DAY_NONE)
		return TC_ERANGE;
	out->at[k] = at;
	out->basis[k] = basis;
	out->provisional_day[k] = dm_cal_first_provisional(from, at);
	out->provisional[k] = out->provisional_day[k] != DM_DAY_NONE;
	return TC_OK;
}

/* Every deadline absent. */
static void clear(struct dm_deadlines *out)
{
	for (int k = 0; k < DM_DL_COUNT; k++) {
		out->at[k] = DM_DAY_NONE;
		out->basis[k] = NULL;
		out->provisional[k] = false;
		out->provisional_day[k] = DM_DAY_NONE;
	}
}

/*
 * Settlement: extensions and suspended days are added first, and only the
 * final date is rolled to a working day, never an intermediate one
 * (docs/DEADLINES.md §2).
 */
static int put_settle(struct dm_deadlines *out, const struct dm_clock *c, int days,
		      const char *basis)
{
	long end = (long)c->accepted + days + c->suspended_days;
	if (end > INT32_MAX)
		return TC_ERANGE;
	return put(out, DM_DL_SETTLE, c->accepted, dm_cal_roll_forward((dm_day)end), basis);
}

static enum dm_rule_key complaint_period(const struct dm_clock *c)
{
	const bool cx = c->complexity != DM_COMPLEXITY_NONE;
	if (dm_subject_is_disciplinary(c->subject)) /* Art. 50: both instances, no remote variant */
		return cx ? DM_R_D_SETTLE_COMPLICATED : DM_R_D_SETTLE;
	if (c->instance == 1)
		return c->remote_area ? (cx ? DM_R_C1_SETTLE_REMOTE_COMPLICATED : DM_R_C1_SETTLE_REMOTE)
				      : (cx ? DM_R_C1_SETTLE_COMPLICATED : DM_R_C1_SETTLE);
	return c->remote_area ? (cx ? DM_R_C2_SETTLE_REMOTE_COMPLICATED : DM_R_C2_SETTLE_REMOTE)
			      : (cx ? DM_R_C2_SETTLE_COMPLICATED : DM_R_C2_SETTLE);
}

/* The rule for the notice of c's last decision, NULL if none (or NA in the set of that day). */
static const struct dm_rule *decision_rule(const struct dm_clock *c)
{
	if (c->decision == DM_DECISION_NONE)
		return NULL;
	const struct dm_rule_set *set = dm_rules_for(c->decided);
	enum dm_rule_key k;
	if (set == NULL)
		return NULL;
	if (c->track == DM_TRACK_DENUNCIATION && c->decision != DM_DECISION_RESUME)
		k = c->decision == DM_DECISION_SUSPEND ? DM_R_DEN_SUSPEND_NOTIFY
						      : DM_R_DEN_TERMINATE_NOTIFY;
	else if (c->track == DM_TRACK_COMPLAINT)
		k = c->decision == DM_DECISION_RESUME ? DM_R_C_RESUME_NOTIFY : DM_R_C_SUSPEND_NOTIFY;
	else
		return NULL;
	return dm_rule_applies(&set->rule[k]) ? &set->rule[k] : NULL;
}

/* The deadlines that do not depend on the track's main clock. */
static int put_notices(struct dm_deadlines *out, const struct dm_clock *c,
		       const struct dm_rule *r)
{
	int rc = TC_OK;
	const bool forwardable =
		c->track == DM_TRACK_DENUNCIATION || c->track == DM_TRACK_INFORMATION;
	if (forwardable && c->origin != DM_ORIGIN_DIRECT)
		rc = put(out, DM_DL_FORWARDED_ANSWER, c->received,
			 apply(&r[DM_R_DEN_FORWARDED_ANSWER], c->received),
			 r[DM_R_DEN_FORWARDED_ANSWER].basis);
	const struct dm_rule *d = decision_rule(c);
	if (rc == TC_OK && d != NULL)
		rc = put(out, DM_DL_DECISION_NOTIFY, c->decided, apply(d, c->decided), d->basis);
	return rc;
}

/* A denunciation's processing period: 10 WD on either ground of Art. 24(1). */
static const struct dm_rule *den_process_rule(const struct dm_clock *c, const struct dm_rule *r)
{
	if (c->delegated_verification)
		return &r[DM_R_DEN_PROCESS_DELEGATED];
	return &r[c->several_places ? DM_R_DEN_PROCESS_SEVERAL : DM_R_DEN_PROCESS];
}

/* A complaint's acceptance period: Art. 50 rule for disciplinary decisions. */
static const struct dm_rule *complaint_accept_rule(const struct dm_clock *c,
						   const struct dm_rule *r)
{
	if (dm_subject_is_disciplinary(c->subject))
		return &r[DM_R_D_ACCEPT];
	return &r[c->instance == 1 ? DM_R_C1_ACCEPT : DM_R_C2_ACCEPT];
}

static int compute(const struct dm_clock *c, struct dm_deadlines *out)
{
	const struct dm_rule_set *set = NULL;
	const char *why;
	int rc;

	if (c == NULL || out == NULL)
		return TC_EINVAL;
	clear(out);
	out->rules = NULL;
	rc = validate(c, &set, &why);
	if (rc != TC_OK)
		return rc;
	out->rules = set;
	const struct dm_rule *r = set->rule;

	switch (c->track) {
	case DM_TRACK_DENUNCIATION: {
		const struct dm_rule *proc = den_process_rule(c, r);
		rc = put(out, DM_DL_PROCESS, c->received, apply(proc, c->received), proc->basis);
		if (rc == TC_OK)
			rc = put(out, DM_DL_TRANSFER, c->received,
				 apply(&r[DM_R_DEN_TRANSFER], c->received),
				 r[DM_R_DEN_TRANSFER].basis);
		if (rc == TC_OK && c->accepted != DM_DAY_NONE) {
			rc = put(out, DM_DL_NOTIFY, c->accepted,
				 apply(&r[DM_R_DEN_NOTIFY], c->accepted),
				 r[DM_R_DEN_NOTIFY].basis);
			if (rc == TC_OK)
				rc = put_settle(out, c,
						r[DM_R_DEN_SETTLE].n +
							c->extensions * r[DM_R_DEN_EXTENSION].n,
						r[DM_R_DEN_SETTLE].basis);
		}
		if (rc == TC_OK && c->settled != DM_DAY_NONE)
			rc = put(out, DM_DL_CONCLUSION_NOTIFY, c->settled,
				 apply(&r[DM_R_DEN_CONCLUSION_NOTIFY], c->settled),
				 r[DM_R_DEN_CONCLUSION_NOTIFY].basis);
		break;
	}
	case DM_TRACK_INFORMATION:
		rc = put(out, DM_DL_PROCESS, c->received, apply(&r[DM_R_INFO_DECIDE], c->received),
			 r[DM_R_INFO_DECIDE].basis);
		break;
	case DM_TRACK_COMPLAINT: {
		const struct dm_rule *acc = complaint_accept_rule(c, r);
		rc = put(out, DM_DL_PROCESS, c->received, apply(acc, c->received), acc->basis);
		if (rc == TC_OK && c->accepted != DM_DAY_NONE) {
			const struct dm_rule *p = &r[complaint_period(c)];
			rc = put_settle(out, c, p->n, p->basis);
		}
		break;
	}
	case DM_TRACK_PETITION:
		rc = put(out, DM_DL_PROCESS, c->received,
			 apply(&r[DM_R_PETITION_PROCESS], c->received),
			 r[DM_R_PETITION_PROCESS].basis);
		break;
	}
	if (rc == TC_OK)
		rc = put_notices(out, c, r);
	if (rc != TC_OK)
		clear(out);
	return rc;
}

/* One snapshot of the calendar and rules for the whole computation (dm_snapshot.h). */
int dm_deadlines_compute(const struct dm_clock *c, struct dm_deadlines *out)
{
	dm_snapshot_pin();
	int rc = compute(c, out);
	dm_snapshot_unpin();
	return rc;
}

bool dm_deadlines_any_provisional(const struct dm_deadlines *d)
{
	for (int k = 0; k < DM_DL_COUNT; k++)
		if (d->at[k] != DM_DAY_NONE && d->provisional[k])
			return true;
	return false;
}

dm_day dm_deadlines_next(const struct dm_deadlines *d)
{
	dm_day best = DM_DAY_NONE;
	for (int k = 0; k < DM_DL_COUNT; k++)
		if (d->at[k] != DM_DAY_NONE && (best == DM_DAY_NONE || d->at[k] < best))
			best = d->at[k];
	return best;
}

const char *dm_deadlines_explain(const struct dm_clock *c, int err)
{
	const struct dm_rule_set *set;
	const char *why = NULL;
	if (c != NULL && validate(c, &set, &why) != TC_OK && why != NULL)
		return why;
	if (err == TC_ERANGE)
		return "a deadline falls outside the calendar (1900-2100)";
	return err == TC_OK ? "ok" : "invalid clock";
}
