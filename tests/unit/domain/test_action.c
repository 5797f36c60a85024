/* The case state machine: every action from every status, and its refusals. */
#include "dm_action.h"
#include "dm_units.h"
#include "tc_test.h"

static struct dm_case_state fresh(enum dm_track track, dm_day received)
{
	return (struct dm_case_state){.status = DM_STATUS_RECEIVED, .track = track,
				      .received = received, .accepted = DM_DAY_NONE,
				      .settled = DM_DAY_NONE, .closed = DM_DAY_NONE,
				      .suspended_since = DM_DAY_NONE, .instance = 1};
}

static dm_day day(int y, int m, int d)
{
	dm_day out = 0;
	dm_day_from_ymd(y, m, d, &out);
	return out;
}

static void test_lifecycle_and_suspension(void)
{
	const char *why;
	struct dm_case_state s = fresh(DM_TRACK_DENUNCIATION, day(2026, 11, 2));
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_ACCEPT, 0, 0, day(2026, 11, 5), &why), 0);
	TC_CHECK_INT(s.status, DM_STATUS_ACCEPTED);
	TC_CHECK_INT(s.accepted, day(2026, 11, 5));
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_SUSPEND, 0, 0, day(2026, 11, 10), &why), 0);
	/* While suspended the clock counts the running suspension. */
	struct dm_clock c;
	dm_action_clock(&s, day(2026, 11, 13), &c);
	TC_CHECK_INT(c.suspended_days, 3);
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_SETTLE, 0, 0, day(2026, 11, 12), &why), TC_ESTATE);
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_RESUME, 0, 0, day(2026, 11, 20), &why), 0);
	TC_CHECK_INT(s.suspended_days, 10);
	TC_CHECK_INT(s.suspended_since, DM_DAY_NONE);
	/*
	 * Settlement: accepted 5 Nov + 30 CD = 5 Dec, + 10 suspended = 15 Dec 2026 (Tuesday,
	 * a working day): the engine agrees.
	 */
	struct dm_deadlines dl;
	dm_action_clock(&s, day(2026, 11, 20), &c);
	TC_CHECK_INT(dm_deadlines_compute(&c, &dl), 0);
	TC_CHECK_INT(dl.at[DM_DL_SETTLE], day(2026, 12, 15));
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_SETTLE, 0, 0, day(2026, 12, 1), &why), 0);
	TC_CHECK_INT(s.status, DM_STATUS_SETTLED);
	TC_CHECK_INT(s.closed, day(2026, 12, 1));
	struct dm_case_state before = s;
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_WITHDRAW, 0, 0, day(2026, 12, 2), &why), TC_ESTATE);
	TC_CHECK(why != NULL);
	TC_CHECK_INT(s.status, before.status); /* unchanged on refusal */
}

static void test_extensions(void)
{
	const char *why;
	struct dm_case_state s = fresh(DM_TRACK_DENUNCIATION, day(2026, 11, 2));
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_EXTEND, DM_COMPLEXITY_COMPLICATED, 0, day(2026, 11, 3), &why), TC_ESTATE);
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_ACCEPT, 0, 0, day(2026, 11, 3), &why), 0);
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_EXTEND, DM_COMPLEXITY_NONE, 0, day(2026, 11, 4), &why), TC_EINVAL);
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_EXTEND, DM_COMPLEXITY_COMPLICATED, 0, day(2026, 11, 4), &why), 0);
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_EXTEND, DM_COMPLEXITY_COMPLICATED, 0, day(2026, 11, 4), &why), TC_ESTATE);
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_EXTEND, DM_COMPLEXITY_PARTICULARLY, 0, day(2026, 11, 4), &why), 0);
	TC_CHECK_INT(s.extensions, 2);
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_EXTEND, DM_COMPLEXITY_PARTICULARLY, 0, day(2026, 11, 4), &why), TC_ESTATE);
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_EXTEND, DM_COMPLEXITY_COMPLICATED, 0, day(2026, 11, 4), &why), TC_ESTATE);
	struct dm_case_state pet = fresh(DM_TRACK_PETITION, day(2026, 11, 2));
	TC_CHECK_INT(dm_action_apply(&pet, DM_ACT_ACCEPT, 0, 0, day(2026, 11, 3), &why), 0);
	TC_CHECK_INT(dm_action_apply(&pet, DM_ACT_EXTEND, DM_COMPLEXITY_COMPLICATED, 0, day(2026, 11, 3), &why), TC_ESTATE);
}

static void test_flags_and_names(void)
{
	const char *why;
	enum dm_action a;
	enum dm_flag f;
	TC_CHECK_INT(dm_action_parse("terminate", &a), 0);
	TC_CHECK_INT(a, DM_ACT_TERMINATE);
	TC_CHECK_INT(dm_action_parse("Terminate", &a), TC_EINVAL);
	TC_CHECK_STR(dm_action_name(DM_ACT_FLAG), "flag");
	TC_CHECK_INT(dm_flag_parse("remote_area", &f), 0);
	struct dm_case_state s = fresh(DM_TRACK_DENUNCIATION, day(2026, 11, 2));
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_FLAG, 0, DM_FLAG_REMOTE_AREA, day(2026, 11, 3), &why), TC_ESTATE);
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_FLAG, 0, DM_FLAG_SEVERAL_PLACES, day(2026, 11, 3), &why), 0);
	TC_CHECK(s.flags & DM_FLAG_SEVERAL_PLACES);
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_FLAG, 0, 0, day(2026, 11, 3), &why), TC_EINVAL);
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_TRANSFER, 0, 0, day(2026, 11, 3), &why), TC_ESTATE);
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_TERMINATE, 0, 0, day(2026, 11, 3), &why), TC_ESTATE);
	TC_CHECK_INT(dm_action_apply(&s, DM_ACT_WITHDRAW, 0, 0, day(2026, 11, 3), &why), 0);
	TC_CHECK_INT(s.status, DM_STATUS_WITHDRAWN);
}

int main(void)
{
	if (dm_init() != 0)
		return 2;
	TC_RUN(test_lifecycle_and_suspension);
	TC_RUN(test_extensions);
	TC_RUN(test_flags_and_names);
	return tc_test_done();
}
