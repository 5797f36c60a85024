/*
 * test_law.c - the rules of issue 12 ("the law as amended"): delegated
 * verification, the answer to a forwarding body, the notices of
 * suspension, termination and resumption decisions, complaints against
 * disciplinary decisions, the complaint filing windows, a withdrawal that
 * does not end a denunciation, and complexity from its criteria.
 *
 * Every date was counted by hand on the calendar of the notices
 * (data/calendar/notices.txt; the years' days off are listed at the top
 * of test_deadlines.c); the comment beside each check shows the count:
 * "(n)" the n-th working day, "[...]" days skipped, "+N" calendar days,
 * "->" the roll of a period ending on a day off (Civil Code Art. 148(5)).
 */
#include <stdbool.h>
#include <string.h>

#include "dm_action.h"
#include "dm_calendar.h"
#include "dm_deadline.h"
#include "dm_filing.h"
#include "dm_units.h"
#include "tc_test.h"

static dm_day D(const char *s)
{
	dm_day d = DM_DAY_NONE;
	if (dm_day_parse(s, strlen(s), &d) != TC_OK)
		tc_test_failed_checks++;
	return d;
}

static const char *F(dm_day d)
{
	static char buf[4][DM_DAY_STRLEN];
	static int i;
	i = (i + 1) % 4;
	if (d == DM_DAY_NONE)
		return "none";
	dm_day_format(d, buf[i]);
	return buf[i];
}

static void compute(const struct dm_clock *c, struct dm_deadlines *d)
{
	TC_CHECK_INT(dm_deadlines_compute(c, d), TC_OK);
}

/* Art. 24(1): "ủy quyền cho cơ quan, tổ chức có thẩm quyền kiểm tra, xác minh": 10 WD. */
static void test_delegated_verification(void)
{
	struct dm_clock c;
	struct dm_deadlines d;
	/* Mon 20 Jan 2025: 21(1) 22(2) 23(3) 24(4) [25 Jan-2 Feb Tết] 3 Feb(5)=transfer
	 * 4(6) 5(7)=the 7 WD default 6(8) 7(9) 10(10) */
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, D("2025-01-20"));
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_PROCESS]), "2025-02-05");
	c.delegated_verification = true;
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_PROCESS]), "2025-02-10");
	TC_CHECK(strstr(d.basis[DM_DL_PROCESS], "Điều 24(1)") != NULL);
	TC_CHECK(strstr(d.basis[DM_DL_PROCESS], "ủy quyền") != NULL);
	TC_CHECK_STR(F(d.at[DM_DL_TRANSFER]), "2025-02-03"); /* 24(2) unchanged */
	/* Both grounds: still 10 WD, never 20. */
	c.several_places = true;
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_PROCESS]), "2025-02-10");
	/* A complaint ignores it (the library; the CLI refuses it). */
	dm_clock_init(&c, DM_TRACK_COMPLAINT, D("2026-07-03"));
	c.delegated_verification = true;
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_PROCESS]), "2026-07-14"); /* 7 WD: 6(1)..10(5) 13(6) 14(7) */
}

/* Art. 26(2): the result to the forwarding press agency / body within 20 days of receipt. */
static void test_forwarded_answer(void)
{
	struct dm_clock c;
	struct dm_deadlines d;
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, D("2026-01-12"));
	compute(&c, &d);
	TC_CHECK_INT(d.at[DM_DL_FORWARDED_ANSWER], DM_DAY_NONE); /* direct: none */
	/* Mon 12 Jan 2026, press: +20 = Sun 1 Feb -> Mon 2 Feb (Tết starts Sat 14 Feb) */
	c.origin = DM_ORIGIN_PRESS;
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_FORWARDED_ANSWER]), "2026-02-02");
	TC_CHECK_STR(d.basis[DM_DL_FORWARDED_ANSWER],
		     "Luật Tố cáo 2018, Điều 26(2): báo cho cơ quan báo chí, cơ quan, tổ chức, cá "
		     "nhân đã chuyển tố cáo");
	TC_CHECK(!d.provisional[DM_DL_FORWARDED_ANSWER]);
	/* Fri 20 Nov 2026, a deputy: +20 = Thu 10 Dec (working); the window holds Tue 24
	 * Nov (Culture Day, unconfirmed): provisional. */
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, D("2026-11-20"));
	c.origin = DM_ORIGIN_DEPUTY;
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_FORWARDED_ANSWER]), "2026-12-10");
	TC_CHECK(d.provisional[DM_DL_FORWARDED_ANSWER]);
	TC_CHECK_INT(d.provisional_day[DM_DL_FORWARDED_ANSWER], D("2026-11-24"));
	/* Information forwarded by an agency (Art. 26(1)(b) sends it to Art. 25), Wed 28 Jan
	 * 2026: +20 = Tue 17 Feb (Tết, 14-22 Feb) -> Mon 23 Feb. */
	dm_clock_init(&c, DM_TRACK_INFORMATION, D("2026-01-28"));
	c.origin = DM_ORIGIN_AGENCY;
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_FORWARDED_ANSWER]), "2026-02-23");
	/* Not for complaints and petitions: the Law on Complaints sets no such period. */
	dm_clock_init(&c, DM_TRACK_COMPLAINT, D("2026-01-28"));
	c.origin = DM_ORIGIN_AGENCY;
	compute(&c, &d);
	TC_CHECK_INT(d.at[DM_DL_FORWARDED_ANSWER], DM_DAY_NONE);
	c.origin = (enum dm_origin)4;
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_EINVAL);
}

/* Art. 34 (5 WD) and Decree 124 Art. 28b (3 WD, from 2026-07-01): decision notices. */
static void test_decision_notices(void)
{
	struct dm_clock c;
	struct dm_deadlines d;
	/* Denunciation suspended Mon 7 Dec 2026: 8(1) 9(2) 10(3) 11(4) 14(5) */
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, D("2026-11-02"));
	c.accepted = D("2026-11-05");
	c.decision = DM_DECISION_SUSPEND;
	c.decided = D("2026-12-07");
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_DECISION_NOTIFY]), "2026-12-14");
	TC_CHECK(strstr(d.basis[DM_DL_DECISION_NOTIFY], "Điều 34") != NULL);
	/* Terminated Fri 18 Dec 2026: 21(1) 22 23 24(4) 25(5) */
	c.decision = DM_DECISION_TERMINATE;
	c.decided = D("2026-12-18");
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_DECISION_NOTIFY]), "2026-12-25");
	TC_CHECK(strstr(d.basis[DM_DL_DECISION_NOTIFY], "đình chỉ") != NULL);
	/* A denunciation's resumption has no period in Art. 34 as read: none. */
	c.decision = DM_DECISION_RESUME;
	compute(&c, &d);
	TC_CHECK_INT(d.at[DM_DL_DECISION_NOTIFY], DM_DAY_NONE);

	/* Complaint (set 2026-07) suspended Wed 15 Jul 2026: 16(1) 17(2) 20(3) */
	dm_clock_init(&c, DM_TRACK_COMPLAINT, D("2026-07-06"));
	c.accepted = D("2026-07-08");
	c.decision = DM_DECISION_SUSPEND;
	c.decided = D("2026-07-15");
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_DECISION_NOTIFY]), "2026-07-20");
	TC_CHECK(strstr(d.basis[DM_DL_DECISION_NOTIFY], "Điều 28b(1)") != NULL);
	/* Resumed Fri 24 Jul: 27(1) 28(2) 29(3); Art. 28b(2) */
	c.decision = DM_DECISION_RESUME;
	c.decided = D("2026-07-24");
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_DECISION_NOTIFY]), "2026-07-29");
	TC_CHECK(strstr(d.basis[DM_DL_DECISION_NOTIFY], "Điều 28b(2)") != NULL);
	/* Suspended Fri 28 Aug 2026: [Mon 31 Aug swapped off, Tue 1-Wed 2 Sep National Day]
	 * 3 Sep(1) 4(2) 7(3) */
	c.decision = DM_DECISION_SUSPEND;
	c.decided = D("2026-08-28");
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_DECISION_NOTIFY]), "2026-09-07");
	/* Received and accepted under set 2020-12, suspended Thu 2 Jul 2026: the set of the
	 * decision's day applies (Decree 155/2026 Art. 22(1)): 3(1) 6(2) 7(3). */
	dm_clock_init(&c, DM_TRACK_COMPLAINT, D("2026-06-15"));
	c.accepted = D("2026-06-17");
	c.decision = DM_DECISION_SUSPEND;
	c.decided = D("2026-07-02");
	compute(&c, &d);
	TC_CHECK_STR(d.rules->name, "2020-12");
	TC_CHECK_STR(F(d.at[DM_DL_DECISION_NOTIFY]), "2026-07-07");
	/* Suspended Tue 30 Jun 2026: no Art. 28b yet (NA in set 2020-12): none. */
	c.decided = D("2026-06-30");
	compute(&c, &d);
	TC_CHECK_INT(d.at[DM_DL_DECISION_NOTIFY], DM_DAY_NONE);
	/* Contradictions. */
	c.decided = DM_DAY_NONE;
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_EINVAL);
	c.decided = D("2026-06-14");
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_EINVAL);
	TC_CHECK_STR(dm_deadline_key(DM_DL_FORWARDED_ANSWER), "forwarded_answer_by");
	TC_CHECK_STR(dm_deadline_key(DM_DL_DECISION_NOTIFY), "decision_notify_by");
}

/* Law on Complaints Art. 50 (with the decrees' working days to accept). */
static void test_disciplinary_complaints(void)
{
	struct dm_clock c;
	struct dm_deadlines d;
	/* Fri 3 Jul 2026 (set 2026-07, 7 WD, Decree 155 Art. 10 names disciplinary
	 * decisions): 6(1) 7 8 9 10(5) 13(6) 14(7); accepted Mon 13 Jul: +30 = Wed 12 Aug */
	dm_clock_init(&c, DM_TRACK_COMPLAINT, D("2026-07-03"));
	c.subject = DM_SUBJECT_DISCIPLINARY;
	c.accepted = D("2026-07-13");
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_PROCESS]), "2026-07-14");
	TC_CHECK(strstr(d.basis[DM_DL_PROCESS], "quyết định kỷ luật") != NULL);
	TC_CHECK_STR(F(d.at[DM_DL_SETTLE]), "2026-08-12");
	TC_CHECK_STR(d.basis[DM_DL_SETTLE], "Luật Khiếu nại 2011, Điều 50");
	/* Remote areas do not lengthen it (Art. 50 has no such variant); the second
	 * instance has the same period. */
	c.remote_area = true;
	c.instance = 2;
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_SETTLE]), "2026-08-12");
	/* Complicated: +45 = Thu 27 Aug (working) */
	c.complexity = DM_COMPLEXITY_COMPLICATED;
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_SETTLE]), "2026-08-27");
	/* Dismissal, received Mon 2 Mar 2026 (set 2020-12, 10 WD): 3(1) 4 5 6(4) 9(5)
	 * 10 11 12 13(9) 16(10) */
	dm_clock_init(&c, DM_TRACK_COMPLAINT, D("2026-03-02"));
	c.subject = DM_SUBJECT_DISMISSAL;
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_PROCESS]), "2026-03-16");
	TC_CHECK(strstr(d.basis[DM_DL_PROCESS], "Điều 50") != NULL);
	c.subject = (enum dm_subject)5;
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_EINVAL);
}

static void window(enum dm_subject subj, int inst, bool remote, const char *decision,
		   const char *filed, const char *last, int late, const char *article)
{
	struct dm_filing_window w;
	TC_CHECK_INT(dm_filing_window_check(subj, inst, remote, D(decision), D(filed), &w), TC_OK);
	TC_CHECK_STR(F(w.last_day), last);
	TC_CHECK_INT(w.late, late > 0);
	TC_CHECK_INT(w.days_late, late);
	TC_CHECK(strstr(w.basis, article) != NULL);
}

/* Art. 9, 33(1), 48: the windows, inside, on the last day, late. */
static void test_filing_windows(void)
{
	/* First complaint, decision received Mon 2 Mar 2026: +29 = 31 Mar, +30 = 30 Apr (59),
	 * +31 = Sun 31 May (90) -> Mon 1 Jun */
	window(DM_SUBJECT_ADMIN_DECISION, 1, false, "2026-03-02", "2026-04-15", "2026-06-01", 0,
	       "Điều 9");
	window(DM_SUBJECT_NONE, 1, false, "2026-03-02", "2026-06-01", "2026-06-01", 0, "Điều 9");
	window(DM_SUBJECT_ADMIN_ACT, 1, false, "2026-03-02", "2026-06-02", "2026-06-01", 1,
	       "Điều 9");
	/* Second complaint, first decision received Wed 1 Jul 2026: +30 = Fri 31 Jul;
	 * remote: +45 = Sat 15 Aug -> Mon 17 Aug */
	window(DM_SUBJECT_ADMIN_DECISION, 2, false, "2026-07-01", "2026-07-31", "2026-07-31", 0,
	       "Điều 33(1)");
	window(DM_SUBJECT_ADMIN_DECISION, 2, false, "2026-07-01", "2026-08-03", "2026-07-31", 3,
	       "Điều 33(1)");
	window(DM_SUBJECT_ADMIN_DECISION, 2, true, "2026-07-01", "2026-08-03", "2026-08-17", 0,
	       "vùng sâu");
	/* Disciplinary, first: received Mon 17 Aug 2026: +15 = Tue 1 Sep (holiday) -> Wed 2
	 * (holiday) -> Thu 3 Sep */
	window(DM_SUBJECT_DISCIPLINARY, 1, false, "2026-08-17", "2026-09-03", "2026-09-03", 0,
	       "Điều 48");
	window(DM_SUBJECT_DISCIPLINARY, 1, false, "2026-08-17", "2026-09-04", "2026-09-03", 1,
	       "Điều 48");
	/* Disciplinary, second: first decision Fri 4 Dec 2026: +10 = Mon 14 Dec; a dismissal:
	 * +30 = Sun 3 Jan 2027 -> Mon 4 Jan (Fri 1 Jan New Year) */
	window(DM_SUBJECT_DISCIPLINARY, 2, false, "2026-12-04", "2026-12-15", "2026-12-14", 1,
	       "Điều 48");
	window(DM_SUBJECT_DISMISSAL, 2, false, "2026-12-04", "2026-12-15", "2027-01-04", 0,
	       "buộc thôi việc");
	/* The remote variant is Art. 33(1)'s only: not for a disciplinary second complaint. */
	window(DM_SUBJECT_DISCIPLINARY, 2, true, "2026-12-04", "2026-12-15", "2026-12-14", 1,
	       "Điều 48");
	/* Late by many days: 1 Jan 2025 + 90 = Wed 1 Apr 2025 (working); filed Mon 1 Dec
	 * 2025: 30 Apr (29) 31 May (60) 30 Jun (90) 31 Jul (121) 31 Aug (152) 30 Sep (182)
	 * 31 Oct (213) 30 Nov (243) 1 Dec (244) */
	window(DM_SUBJECT_NONE, 1, false, "2025-01-01", "2025-12-01", "2025-04-01", 244, "Điều 9");
	/* Errors. */
	struct dm_filing_window w;
	TC_CHECK_INT(dm_filing_window_check(DM_SUBJECT_NONE, 3, false, D("2026-01-02"),
					    D("2026-01-05"), &w), TC_EINVAL);
	TC_CHECK_INT(dm_filing_window_check(DM_SUBJECT_NONE, 1, false, D("2026-01-06"),
					    D("2026-01-05"), &w), TC_EINVAL);
	TC_CHECK_INT(dm_filing_window_check(DM_SUBJECT_NONE, 1, false, DM_DAY_NONE,
					    D("2026-01-05"), &w), TC_EINVAL);
	TC_CHECK_INT(dm_filing_window_check(DM_SUBJECT_NONE, 1, false, D("2018-10-01"),
					    D("2018-12-31"), &w), TC_ERANGE);
}

/* Art. 33(3), Decree 31/2019 Art. 4 as replaced by Decree 156/2026 Art. 1. */
static void test_withdrawal_continued(void)
{
	const char *why;
	bool cont;
	struct dm_case_state s = {.status = DM_STATUS_RECEIVED, .track = DM_TRACK_DENUNCIATION,
				  .received = D("2026-11-02"), .accepted = DM_DAY_NONE,
				  .settled = DM_DAY_NONE, .closed = DM_DAY_NONE,
				  .suspended_since = DM_DAY_NONE, .instance = 1,
				  .decided = DM_DAY_NONE};
	struct dm_action_args none = {0};
	TC_CHECK_INT(dm_action_apply_args(&s, DM_ACT_ACCEPT, &none, D("2026-11-05"), &why, &cont),
		     TC_OK);
	TC_CHECK(!cont);
	struct dm_action_args keep = {.continue_reason = DM_CONTINUE_COERCED};
	TC_CHECK_INT(dm_action_apply_args(&s, DM_ACT_WITHDRAW, &keep, D("2026-11-10"), &why, &cont),
		     TC_OK);
	TC_CHECK(cont);
	TC_CHECK_INT(s.status, DM_STATUS_ACCEPTED); /* still settled */
	TC_CHECK_INT(s.closed, DM_DAY_NONE);
	keep.continue_reason = DM_CONTINUE_SIGNS_OF_VIOLATION;
	TC_CHECK_INT(dm_action_apply_args(&s, DM_ACT_SUSPEND, &none, D("2026-11-12"), &why, &cont),
		     TC_OK);
	TC_CHECK_INT(s.decision, DM_DECISION_SUSPEND);
	TC_CHECK_INT(s.decided, D("2026-11-12"));
	TC_CHECK_INT(dm_action_apply_args(&s, DM_ACT_WITHDRAW, &keep, D("2026-11-13"), &why, &cont),
		     TC_OK);
	TC_CHECK(cont && s.status == DM_STATUS_SUSPENDED);
	/* Without a reason the withdrawal ends it. */
	TC_CHECK_INT(dm_action_apply_args(&s, DM_ACT_WITHDRAW, &none, D("2026-11-16"), &why, &cont),
		     TC_OK);
	TC_CHECK(!cont && s.status == DM_STATUS_WITHDRAWN);
	/* A complaint: Art. 33(3) is the Law on Denunciations' (refused). */
	struct dm_case_state c = s;
	c.track = DM_TRACK_COMPLAINT;
	c.status = DM_STATUS_ACCEPTED;
	c.closed = DM_DAY_NONE;
	TC_CHECK_INT(dm_action_apply_args(&c, DM_ACT_WITHDRAW, &keep, D("2026-11-16"), &why, &cont),
		     TC_ESTATE);
	TC_CHECK(why != NULL && strstr(why, "33(3)") != NULL);
	enum dm_continue_reason r;
	TC_CHECK_INT(dm_continue_reason_parse("abusive", &r), TC_OK);
	TC_CHECK_INT(r, DM_CONTINUE_ABUSIVE);
	TC_CHECK_INT(dm_continue_reason_parse("bored", &r), TC_EINVAL);
	TC_CHECK_STR(dm_continue_reason_name(DM_CONTINUE_SIGNS_OF_VIOLATION), "signs_of_violation");
}

/* Decree 31/2019 Art. 3(2), (3); Decree 124 Art. 3a (complaints). */
static void test_complexity_from_criteria(void)
{
	const char *why;
	char buf[32];
	TC_CHECK_INT(dm_complexity_of_criteria(0), DM_COMPLEXITY_NONE);
	TC_CHECK_INT(dm_complexity_of_criteria(DM_CRIT_G), DM_COMPLEXITY_COMPLICATED);
	TC_CHECK_INT(dm_complexity_of_criteria(DM_CRIT_A | DM_CRIT_DD), DM_COMPLEXITY_PARTICULARLY);
	TC_CHECK_STR(dm_criteria_format(DM_CRIT_A | DM_CRIT_DD | DM_CRIT_G, buf, sizeof(buf)),
		     "a,dd,g");
	enum dm_criterion k;
	TC_CHECK_INT(dm_criterion_parse("dd", &k), TC_OK);
	TC_CHECK_INT(k, DM_CRIT_DD);
	TC_CHECK_INT(dm_criterion_parse("f", &k), TC_EINVAL); /* the Vietnamese list has no f */

	struct dm_case_state s = {.status = DM_STATUS_ACCEPTED, .track = DM_TRACK_DENUNCIATION,
				  .received = D("2026-11-02"), .accepted = D("2026-11-05"),
				  .settled = DM_DAY_NONE, .closed = DM_DAY_NONE,
				  .suspended_since = DM_DAY_NONE, .instance = 1,
				  .decided = DM_DAY_NONE};
	/* One criterion: complicated, one extension. */
	struct dm_action_args one = {.criteria = DM_CRIT_B};
	TC_CHECK_INT(dm_action_apply_args(&s, DM_ACT_EXTEND, &one, D("2026-11-20"), &why, NULL), 0);
	TC_CHECK_INT(s.complexity, DM_COMPLEXITY_COMPLICATED);
	TC_CHECK_INT(s.extensions, 1);
	TC_CHECK_INT(s.criteria, DM_CRIT_B);
	/* A second extension needs a second criterion; saying "particularly" without one
	 * is refused: the criteria decide. */
	struct dm_action_args claim = {.criteria = DM_CRIT_B,
				       .complexity = DM_COMPLEXITY_PARTICULARLY};
	TC_CHECK_INT(dm_action_apply_args(&s, DM_ACT_EXTEND, &claim, D("2026-12-01"), &why, NULL),
		     TC_ESTATE);
	TC_CHECK(why != NULL && strstr(why, "complicated") != NULL);
	TC_CHECK_INT(dm_action_apply_args(&s, DM_ACT_EXTEND, &one, D("2026-12-01"), &why, NULL),
		     TC_ESTATE); /* still one criterion: one extension only */
	struct dm_action_args two = {.criteria = DM_CRIT_E};
	TC_CHECK_INT(dm_action_apply_args(&s, DM_ACT_EXTEND, &two, D("2026-12-01"), &why, NULL), 0);
	TC_CHECK_INT(s.complexity, DM_COMPLEXITY_PARTICULARLY);
	TC_CHECK_INT(s.extensions, 2);
	TC_CHECK_INT(s.criteria, DM_CRIT_B | DM_CRIT_E);
	struct dm_action_args bad = {.criteria = 0x80};
	TC_CHECK_INT(dm_action_apply_args(&s, DM_ACT_EXTEND, &bad, D("2026-12-02"), &why, NULL),
		     TC_EINVAL);
	/* Settlement: accepted Thu 5 Nov 2026 + 30 + 2 x 30 = +90: 30 Nov (25), 31 Dec (56),
	 * 31 Jan 2027 (87), Wed 3 Feb 2027 (90, working before Tết 4-10 Feb) */
	struct dm_clock c;
	struct dm_deadlines d;
	dm_action_clock(&s, D("2026-12-02"), &c);
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_SETTLE]), "2027-02-03");

	/* A complaint: extend declares it complicated once (45 instead of 30, Art. 28). */
	struct dm_case_state q = s;
	q.track = DM_TRACK_COMPLAINT;
	q.extensions = 0;
	q.complexity = DM_COMPLEXITY_NONE;
	q.criteria = 0;
	TC_CHECK_INT(dm_action_apply_args(&q, DM_ACT_EXTEND, &two, D("2026-11-20"), &why, NULL), 0);
	TC_CHECK_INT(q.complexity, DM_COMPLEXITY_COMPLICATED);
	TC_CHECK_INT(q.extensions, 0);
	TC_CHECK_INT(q.criteria, DM_CRIT_E);
	TC_CHECK_INT(dm_action_apply_args(&q, DM_ACT_EXTEND, &one, D("2026-11-21"), &why, NULL),
		     TC_ESTATE);
	/* The old argument still works. */
	struct dm_case_state o = s;
	o.extensions = 0;
	o.complexity = DM_COMPLEXITY_NONE;
	o.criteria = 0;
	TC_CHECK_INT(dm_action_apply(&o, DM_ACT_EXTEND, DM_COMPLEXITY_PARTICULARLY, 0,
				     D("2026-11-20"), &why), 0);
	TC_CHECK_INT(o.complexity, DM_COMPLEXITY_PARTICULARLY);
	TC_CHECK_INT(o.criteria, 0);
}

/* The delegated-verification flag: on a received denunciation only. */
static void test_delegated_flag(void)
{
	const char *why;
	enum dm_flag f;
	TC_CHECK_INT(dm_flag_parse("delegated_verification", &f), TC_OK);
	TC_CHECK_INT(f, DM_FLAG_DELEGATED_VERIFICATION);
	struct dm_case_state s = {.status = DM_STATUS_RECEIVED, .track = DM_TRACK_DENUNCIATION,
				  .received = D("2025-01-20"), .accepted = DM_DAY_NONE,
				  .settled = DM_DAY_NONE, .closed = DM_DAY_NONE,
				  .suspended_since = DM_DAY_NONE, .instance = 1,
				  .decided = DM_DAY_NONE};
	struct dm_action_args a = {.flag = DM_FLAG_DELEGATED_VERIFICATION};
	TC_CHECK_INT(dm_action_apply_args(&s, DM_ACT_FLAG, &a, D("2025-01-21"), &why, NULL), 0);
	struct dm_clock c;
	struct dm_deadlines d;
	dm_action_clock(&s, D("2025-01-21"), &c);
	compute(&c, &d);
	TC_CHECK_STR(F(d.at[DM_DL_PROCESS]), "2025-02-10"); /* as in test_delegated_verification */
	s.track = DM_TRACK_COMPLAINT;
	TC_CHECK_INT(dm_action_apply_args(&s, DM_ACT_FLAG, &a, D("2025-01-21"), &why, NULL),
		     TC_ESTATE);
}

int main(void)
{
	if (dm_init() != 0)
		return 2;
	TC_RUN(test_delegated_verification);
	TC_RUN(test_forwarded_answer);
	TC_RUN(test_decision_notices);
	TC_RUN(test_disciplinary_complaints);
	TC_RUN(test_filing_windows);
	TC_RUN(test_withdrawal_continued);
	TC_RUN(test_complexity_from_criteria);
	TC_RUN(test_delegated_flag);
	return tc_test_done();
}
