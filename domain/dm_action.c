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

int dm_flag_parse(const char *s, enum dm_flag *out)
{
	static const struct {
		const char *name;
		enum dm_flag flag;
	} flags[] = {{"several_places", DM_FLAG_SEVERAL_PLACES},
		     {"remote_area", DM_FLAG_REMOTE_AREA},
		     {"criminal_signs", DM_FLAG_CRIMINAL_SIGNS},
		     {"monitored", DM_FLAG_MONITORED}};
	for (size_t i = 0; s && i < sizeof(flags) / sizeof(flags[0]); i++)
		if (strcmp(s, flags[i].name) == 0) {
			*out = flags[i].flag;
			return TC_OK;
		}
	return TC_EINVAL;
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
}

#define REFUSE(msg)              \
	do {                     \
		*reason = (msg); \
		return TC_ESTATE; \
	} while (0)

/* An extension of a denunciation's settlement (Art. 30), from s into n. */
static int extend(const struct dm_case_state *s, struct dm_case_state *n,
		  enum dm_complexity complexity, const char **reason)
{
	if (s->track != DM_TRACK_DENUNCIATION)
		REFUSE("only a denunciation's settlement can be extended (Art. 30)");
	if (s->status != DM_STATUS_ACCEPTED)
		REFUSE("only an accepted case can be extended");
	if (complexity != DM_COMPLEXITY_COMPLICATED && complexity != DM_COMPLEXITY_PARTICULARLY)
		return TC_EINVAL;
	/* A case may become particularly complicated; never less complicated. */
	if (complexity < s->complexity)
		REFUSE("the case was already declared particularly complicated");
	if (s->extensions >= (complexity == DM_COMPLEXITY_PARTICULARLY ? 2 : 1))
		REFUSE(complexity == DM_COMPLEXITY_PARTICULARLY
			       ? "a particularly complicated case has at most two extensions"
			       : "a complicated case has at most one extension");
	n->extensions++;
	n->complexity = complexity;
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
	if (flag == DM_FLAG_REMOTE_AREA && s->track != DM_TRACK_COMPLAINT)
		REFUSE("remote areas lengthen complaint settlement only (Art. 28, 37)");
	n->flags |= (unsigned)flag;
	return TC_OK;
}

int dm_action_apply(struct dm_case_state *s, enum dm_action a, enum dm_complexity complexity,
		    enum dm_flag flag, dm_day today, const char **reason)
{
	struct dm_case_state n = *s;
	int rc;
	*reason = NULL;
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
		rc = extend(s, &n, complexity, reason);
		if (rc != TC_OK)
			return rc;
		break;
	case DM_ACT_SUSPEND:
		if (s->status != DM_STATUS_ACCEPTED)
			REFUSE("only an accepted case can be suspended");
		n.status = DM_STATUS_SUSPENDED;
		n.suspended_since = today;
		break;
	case DM_ACT_RESUME:
		if (s->status != DM_STATUS_SUSPENDED)
			REFUSE("only a suspended case can be resumed");
		n.status = DM_STATUS_ACCEPTED;
		n.suspended_days += (int)(today - s->suspended_since);
		n.suspended_since = DM_DAY_NONE;
		break;
	case DM_ACT_SETTLE:
		if (s->status != DM_STATUS_ACCEPTED)
			REFUSE("only an accepted case (not suspended) can be settled");
		n.status = DM_STATUS_SETTLED;
		n.settled = today;
		n.closed = today;
		break;
	case DM_ACT_WITHDRAW:
		/* Art. 33: in writing, before the conclusion; the closed check covers "before". */
		n.status = DM_STATUS_WITHDRAWN;
		if (s->suspended_since != DM_DAY_NONE) {
			n.suspended_days += (int)(today - s->suspended_since);
			n.suspended_since = DM_DAY_NONE;
		}
		n.closed = today;
		break;
	case DM_ACT_TERMINATE:
		if (s->status != DM_STATUS_ACCEPTED && s->status != DM_STATUS_SUSPENDED)
			REFUSE("only an accepted or suspended case can be terminated");
		n.status = DM_STATUS_TERMINATED;
		n.suspended_since = DM_DAY_NONE;
		n.closed = today;
		break;
	case DM_ACT_FLAG:
		rc = set_flag(s, &n, flag, reason);
		if (rc != TC_OK)
			return rc;
		break;
	default:
		return TC_EINVAL;
	}
	*s = n;
	return TC_OK;
}
