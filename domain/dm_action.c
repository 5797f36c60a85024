#include <stdio.h>
#include <string.h>

#include "dm_action.h"

static const char *const action_names[] = {NULL,      "accept",  "decline", "transfer",
					   "extend",  "suspend", "resume",  "settle",
					   "withdraw", "terminate", "flag"};

int dm_action_parse(const char *s, enum dm_action *out)
{
	for (size_t i = 1; s && i < sizeof(action_names) / sizeof(action_names[0]); i++)
		if (strcmp(s, action_names[i]) == 0) {
			*out = (enum dm_action)i;
			return TC_OK;
		}
	return TC_EINVAL;
}

const char *dm_action_name(enum dm_action a)
{
	return a >= 1 && (size_t)a < sizeof(action_names) / sizeof(action_names[0]) ? action_names[a]
										     : "?";
}

static const struct {
	const char *name;
	enum dm_flag flag;
} flag_names[] = {{"several_places", DM_FLAG_SEVERAL_PLACES},
		  {"remote_area", DM_FLAG_REMOTE_AREA},
		  {"criminal_signs", DM_FLAG_CRIMINAL_SIGNS},
		  {"monitored", DM_FLAG_MONITORED},
		  {"delegated_verification", DM_FLAG_DELEGATED_VERIFICATION}};

int dm_flag_parse(const char *s, enum dm_flag *out)
{
	for (size_t i = 0; s && i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (strcmp(s, flag_names[i].name) == 0) {
			*out = flag_names[i].flag;
			return TC_OK;
		}
	return TC_EINVAL;
}

const char *dm_flag_name(enum dm_flag f)
{
	for (size_t i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (flag_names[i].flag == f)
			return flag_names[i].name;
	return "?";
}

static const char *const continue_names[] = {NULL, "signs_of_violation", "coerced", "abusive"};

int dm_continue_reason_parse(const char *s, enum dm_continue_reason *out)
{
	for (size_t i = 1; s && i < sizeof(continue_names) / sizeof(continue_names[0]); i++)
		if (strcmp(s, continue_names[i]) == 0) {
			*out = (enum dm_continue_reason)i;
			return TC_OK;
		}
	return TC_EINVAL;
}

const char *dm_continue_reason_name(enum dm_continue_reason r)
{
	return r >= 1 && (size_t)r < sizeof(continue_names) / sizeof(continue_names[0])
		       ? continue_names[r]
		       : "?";
}

/* Bit i is the i-th letter; "dd" stands for đ. */
static const char *const criterion_letters[] = {"a", "b", "c", "d", "dd", "e", "g"};

int dm_criterion_parse(const char *s, enum dm_criterion *out)
{
	for (size_t i = 0; s && i < sizeof(criterion_letters) / sizeof(criterion_letters[0]); i++)
		if (strcmp(s, criterion_letters[i]) == 0) {
			*out = (enum dm_criterion)(1u << i);
			return TC_OK;
		}
	return TC_EINVAL;
}

const char *dm_criteria_format(unsigned criteria, char *buf, size_t cap)
{
	size_t n = 0;
	if (cap == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(criterion_letters) / sizeof(criterion_letters[0]); i++) {
		if (!(criteria & (1u << i)))
			continue;
		int w = snprintf(buf + n, cap - n, "%s%s", n ? "," : "", criterion_letters[i]);
		if (w < 0 || (size_t)w >= cap - n)
			break;
		n += (size_t)w;
	}
	return buf;
}

enum dm_complexity dm_complexity_of_criteria(unsigned criteria)
{
	unsigned n = 0;
	for (unsigned m = criteria & DM_CRIT_ALL; m; m &= m - 1)
		n++;
	return n == 0 ? DM_COMPLEXITY_NONE
		      : n == 1 ? DM_COMPLEXITY_COMPLICATED : DM_COMPLEXITY_PARTICULARLY;
}

void dm_action_clock(const struct dm_case_state *s, dm_day today, struct dm_clock *c)
{
	dm_clock_init(c, s->track, s->received);
	c->accepted = s->accepted;
	c->settled = s->settled;
	c->extensions = s->extensions;
	c->complexity = s->complexity;
	/* A running suspension counts up to today, so that deadlines shown stay honest. */
	c->suspended_days = s->suspended_days +
			    (s->suspended_since != DM_DAY_NONE ? (int)(today - s->suspended_since) : 0);
	c->several_places = (s->flags & DM_FLAG_SEVERAL_PLACES) != 0;
	c->remote_area = (s->flags & DM_FLAG_REMOTE_AREA) != 0;
	c->instance = s->instance ? s->instance : 1;
	c->delegated_verification = (s->flags & DM_FLAG_DELEGATED_VERIFICATION) != 0;
	c->origin = s->origin;
	c->subject = s->subject;
	c->decision = s->decided != DM_DAY_NONE ? s->decision : DM_DECISION_NONE;
	c->decided = c->decision != DM_DECISION_NONE ? s->decided : DM_DAY_NONE;
}

#define REFUSE(msg)              \
	do {                     \
		*reason = (msg); \
		return TC_ESTATE; \
	} while (0)

/*
 * The complexity an extend asks for: from the criteria recorded so far and
 * those given (the criteria decide), or the complexity given alone.
 */
static int extend_complexity(const struct dm_case_state *s, const struct dm_action_args *args,
			     enum dm_complexity *out, const char **reason)
{
	if (args->criteria & ~DM_CRIT_ALL)
		return TC_EINVAL;
	if (args->criteria == 0) {
		if (args->complexity != DM_COMPLEXITY_COMPLICATED &&
		    args->complexity != DM_COMPLEXITY_PARTICULARLY)
			return TC_EINVAL;
		*out = args->complexity;
		return TC_OK;
	}
	*out = dm_complexity_of_criteria(s->criteria | args->criteria);
	if (args->complexity != DM_COMPLEXITY_NONE && args->complexity != *out)
		REFUSE(*out == DM_COMPLEXITY_PARTICULARLY
			       ? "two or more criteria make the case particularly complicated "
				 "(Decree 31/2019 Art. 3(3))"
			       : "one criterion makes the case complicated, not particularly "
				 "complicated (Decree 31/2019 Art. 3(2), (3))");
	return TC_OK;
}

/*
 * An extension (Art. 30), from s into n. A complaint has no extensions:
 * extend declares it complicated, once (Law on Complaints Art. 28, 37, 50).
 */
static int extend(const struct dm_case_state *s, struct dm_case_state *n,
		  const struct dm_action_args *args, const char **reason)
{
	enum dm_complexity complexity;
	if (s->track != DM_TRACK_DENUNCIATION && s->track != DM_TRACK_COMPLAINT)
		REFUSE("only a denunciation's or a complaint's settlement can be extended "
		       "(Law on Denunciations Art. 30; Law on Complaints Art. 28, 37, 50)");
	if (s->status != DM_STATUS_ACCEPTED)
		REFUSE("only an accepted case can be extended");
	int rc = extend_complexity(s, args, &complexity, reason);
	if (rc != TC_OK)
		return rc;
	/* A case may become particularly complicated; never less complicated. */
	if (complexity < s->complexity)
		REFUSE("the case was already declared particularly complicated");
	if (s->track == DM_TRACK_COMPLAINT) {
		if (s->complexity != DM_COMPLEXITY_NONE)
			REFUSE("the complaint was already declared complicated: a complaint has "
			       "one longer period and no extensions");
		n->complexity = DM_COMPLEXITY_COMPLICATED;
		n->criteria = s->criteria | args->criteria;
		return TC_OK;
	}
	if (s->extensions >= (complexity == DM_COMPLEXITY_PARTICULARLY ? 2 : 1))
		REFUSE(complexity == DM_COMPLEXITY_PARTICULARLY
			       ? "a particularly complicated case has at most two extensions"
			       : "a complicated case has at most one extension");
	n->extensions++;
	n->complexity = complexity;
	n->criteria = s->criteria | args->criteria;
	return TC_OK;
}

/* A flag that lengthens a clock, where the law lets it apply, from s into n. */
static int set_flag(const struct dm_case_state *s, struct dm_case_state *n, enum dm_flag flag,
		    const char **reason)
{
	if (flag == 0)
		return TC_EINVAL;
	if (flag == DM_FLAG_SEVERAL_PLACES &&
	    (s->track != DM_TRACK_DENUNCIATION || s->status != DM_STATUS_RECEIVED))
		REFUSE("several places extends processing of a received denunciation only (Art. 24(1))");
	if (flag == DM_FLAG_DELEGATED_VERIFICATION &&
	    (s->track != DM_TRACK_DENUNCIATION || s->status != DM_STATUS_RECEIVED))
		REFUSE("delegated verification extends processing of a received denunciation only "
		       "(Art. 24(1))");
	if (flag == DM_FLAG_REMOTE_AREA && s->track != DM_TRACK_COMPLAINT)
		REFUSE("remote areas lengthen complaint settlement only (Art. 28, 37)");
	n->flags |= (unsigned)flag;
	return TC_OK;
}

/*
 * A withdrawal (Art. 33: in writing, before the conclusion; the closed
 * check covers "before"). With a reason of Art. 33(3) the denunciation is
 * still settled: nothing changes but *continued.
 */
static int withdraw(const struct dm_case_state *s, struct dm_case_state *n,
		    enum dm_continue_reason why, dm_day today, bool *continued,
		    const char **reason)
{
	if (why != DM_CONTINUE_NONE) {
		if ((unsigned)why > DM_CONTINUE_ABUSIVE)
			return TC_EINVAL;
		if (s->track != DM_TRACK_DENUNCIATION)
			REFUSE("only a denunciation is settled despite its withdrawal (Law on "
			       "Denunciations Art. 33(3))");
		*continued = true;
		return TC_OK;
	}
	n->status = DM_STATUS_WITHDRAWN;
	if (s->suspended_since != DM_DAY_NONE) {
		n->suspended_days += (int)(today - s->suspended_since);
		n->suspended_since = DM_DAY_NONE;
	}
	n->closed = today;
	return TC_OK;
}

/* Suspend, resume or terminate: the status change and the decision of that day. */
static int decide(const struct dm_case_state *s, struct dm_case_state *n, enum dm_action a,
		  dm_day today, const char **reason)
{
	if (a == DM_ACT_SUSPEND) {
		if (s->status != DM_STATUS_ACCEPTED)
			REFUSE("only an accepted case can be suspended");
		n->status = DM_STATUS_SUSPENDED;
		n->suspended_since = today;
		n->decision = DM_DECISION_SUSPEND;
	} else if (a == DM_ACT_RESUME) {
		if (s->status != DM_STATUS_SUSPENDED)
			REFUSE("only a suspended case can be resumed");
		n->status = DM_STATUS_ACCEPTED;
		n->suspended_days += (int)(today - s->suspended_since);
		n->suspended_since = DM_DAY_NONE;
		n->decision = DM_DECISION_RESUME;
	} else {
		if (s->status != DM_STATUS_ACCEPTED && s->status != DM_STATUS_SUSPENDED)
			REFUSE("only an accepted or suspended case can be terminated");
		n->status = DM_STATUS_TERMINATED;
		n->suspended_since = DM_DAY_NONE;
		n->closed = today;
		n->decision = DM_DECISION_TERMINATE;
	}
	n->decided = today;
	return TC_OK;
}

int dm_action_apply_args(struct dm_case_state *s, enum dm_action a,
			 const struct dm_action_args *args, dm_day today, const char **reason,
			 bool *continued)
{
	struct dm_case_state n = *s;
	bool cont = false;
	int rc = TC_OK;
	*reason = NULL;
	if (continued != NULL)
		*continued = false;
	if (dm_status_is_closed(s->status))
		REFUSE("the case is closed: no action is possible");
	switch (a) {
	case DM_ACT_ACCEPT:
		if (s->status != DM_STATUS_RECEIVED)
			REFUSE("only a received case can be accepted");
		n.status = DM_STATUS_ACCEPTED;
		n.accepted = today;
		break;
	case DM_ACT_DECLINE:
		if (s->status != DM_STATUS_RECEIVED)
			REFUSE("only a received case can be declined");
		n.status = DM_STATUS_DECLINED;
		n.closed = today;
		break;
	case DM_ACT_TRANSFER:
		REFUSE("a transfer re-seals the content key for the receiving unit on an "
		       "inspector's machine: POST the re-sealed envelope to /transfer");
	case DM_ACT_EXTEND:
		rc = extend(s, &n, args, reason);
		break;
	case DM_ACT_SUSPEND:
	case DM_ACT_RESUME:
	case DM_ACT_TERMINATE:
		rc = decide(s, &n, a, today, reason);
		break;
	case DM_ACT_SETTLE:
		if (s->status != DM_STATUS_ACCEPTED)
			REFUSE("only an accepted case (not suspended) can be settled");
		n.status = DM_STATUS_SETTLED;
		n.settled = today;
		n.closed = today;
		break;
	case DM_ACT_WITHDRAW:
		rc = withdraw(s, &n, args->continue_reason, today, &cont, reason);
		break;
	case DM_ACT_FLAG:
		rc = set_flag(s, &n, args->flag, reason);
		break;
	default:
		return TC_EINVAL;
	}
	if (rc != TC_OK)
		return rc;
	if (continued != NULL)
		*continued = cont;
	*s = n;
	return TC_OK;
}

int dm_action_apply(struct dm_case_state *s, enum dm_action a, enum dm_complexity complexity,
		    enum dm_flag flag, dm_day today, const char **reason)
{
	const struct dm_action_args args = {.complexity = complexity, .flag = flag};
	return dm_action_apply_args(s, a, &args, today, reason, NULL);
}
