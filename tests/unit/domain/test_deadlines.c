/*
 * test_deadlines.c - the deadline engine against hand-worked cases.
 *
 * Every expected date below was counted by hand on a wall calendar, from
 * the rules of docs/DEADLINES.md §1-2 and the days off of data/calendar/notices.txt
 * (or the Labour Code computation for years without a notice); the
 * comment beside each row lists the days counted. "(n)" marks the n-th
 * working day; "[...]" days skipped; "+N" calendar days; "->" the roll to
 * a working day (Civil Code Art. 148(5)).
 *
 * Days off used (besides weekends):
 *   2025: Wed 1 Jan; Tết Sat 25 Jan-Sun 2 Feb; Mon 7 Apr; Wed 30 Apr,
 *         Thu 1 May, Fri 2 May (swap; Sat 26 Apr is a working day);
 *         Sat 30 Aug-Tue 2 Sep.
 *   2026: Thu 1 Jan; Tết Sat 14-Sun 22 Feb; Sun 26 Apr + Mon 27 Apr
 *         (compensatory); Thu 30 Apr, Fri 1 May; Tue 1, Wed 2 Sep;
 *         Tue 24 Nov (Culture Day, first year).
 *   2027: Fri 1 Jan; Tết Fri 5-Tue 9 Feb + Wed 10, Thu 11 Feb (make-up for
 *         Sat 6, Sun 7); Fri 16 Apr; Fri 30 Apr; Sat 1 May -> Mon 3 May;
 *         Thu 2, Fri 3 Sep; Wed 24 Nov.
 *   2028: Sat 1 Jan -> Mon 3 Jan.
 * Rule sets: received before 2026-07-01 -> set 2019 (complaint accept
 * 10 CD); from 2026-07-01 -> set 2026-07 (1st complaint accept 7 WD).
 */
#include <stdbool.h>
#include <string.h>

#include "dm_calendar.h"
#include "dm_deadline.h"
#include "dm_units.h"
#include "tc_test.h"

#define DEN DM_TRACK_DENUNCIATION
#define INF DM_TRACK_INFORMATION
#define CPL DM_TRACK_COMPLAINT
#define PET DM_TRACK_PETITION
#define NO DM_COMPLEXITY_NONE
#define CX DM_COMPLEXITY_COMPLICATED
#define PX DM_COMPLEXITY_PARTICULARLY

struct row {
	enum dm_track track;
	const char *received, *accepted, *settled;
	int ext;
	enum dm_complexity cx;
	int susp;
	bool several, remote;
	int instance;
	/* expected: process_by, transfer_by, notify_by, settle_by, conclusion_notify_by */
	const char *want[DM_DL_COUNT];
};

static const struct row rows[] = {
	/* ---- Tết 2025 ---- */
	/* 1. Fri 24 Jan: [25 Jan-2 Feb] 3 Feb(1) 4(2) 5(3) 6(4) 7(5)=transfer 10(6) 11(7)=process */
	{DEN, "2025-01-24", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-02-11", "2025-02-07"}},
	/* 2. Wed 22 Jan: 23(1) 24(2) [25 Jan-2 Feb] 3 Feb(3) 4(4) 5(5)=transfer 6(6) 7(7) */
	{DEN, "2025-01-22", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-02-07", "2025-02-05"}},
	/* 3. Sat 25 Jan (received on a day off; counting still starts next day):
	 *    [26 Jan-2 Feb] 3(1)..7(5)=transfer 10(6) 11(7) */
	{DEN, "2025-01-25", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-02-11", "2025-02-07"}},
	/* 4. several places, Mon 20 Jan: 21(1) 22(2) 23(3) 24(4) 3 Feb(5)=transfer
	 *    4(6) 5(7) 6(8) 7(9) 10(10) */
	{DEN, "2025-01-20", 0, 0, 0, NO, 0, 1, 0, 1, {"2025-02-10", "2025-02-03"}},
	/* 5. information, Fri 31 Jan (Tết): 3 Feb(1) 4 5 6 7(5) 10 11 12 13 14(10) */
	{INF, "2025-01-31", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-02-14"}},
	/* 6. petition, Wed 15 Jan: 16(1) 17(2) 20(3) 21(4) 22(5) 23(6) 24(7) 3 Feb(8) 4(9) 5(10) */
	{PET, "2025-01-15", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-02-05"}},
	/* 7. complaint, Mon 20 Jan: +10 = Thu 30 Jan (Tết) -> 31, 1, 2 off -> Mon 3 Feb */
	{CPL, "2025-01-20", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-02-03"}},
	/* 8. complaint, received Thu 2 Jan: +10 = Sun 12 Jan -> Mon 13;
	 *    accepted Mon 6 Jan: +30 = Wed 5 Feb (working) */
	{CPL, "2025-01-02", "2025-01-06", 0, 0, NO, 0, 0, 0, 1,
	 {"2025-01-13", NULL, NULL, "2025-02-05"}},
	/* 9. year end + Tết: received Fri 27 Dec 2024: 30(1) 31(2) [1 Jan] 2(3) 3(4) 6(5)=transfer
	 *    7(6) 8(7); accepted Fri 3 Jan: 6(1) 7 8 9 10(5)=notify;
	 *    +30 = Sun 2 Feb (Tết range) -> Mon 3 Feb */
	{DEN, "2024-12-27", "2025-01-03", 0, 0, NO, 0, 0, 0, 1,
	 {"2025-01-08", "2025-01-06", "2025-01-10", "2025-02-03"}},

	/* ---- 30/4-1/5 and Hùng Kings 2025 ---- */
	/* 10. Thu 24 Apr: 25(1) Sat 26 worked(2) 28(3) 29(4) [30 Apr-4 May] 5 May(5)=transfer 6(6) 7(7) */
	{DEN, "2025-04-24", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-05-07", "2025-05-05"}},
	/* 11. petition Fri 25 Apr: Sat 26(1) 28(2) 29(3) 5 May(4) 6 7 8 9(8) 12(9) 13(10) */
	{PET, "2025-04-25", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-05-13"}},
	/* 12. complaint Tue 22 Apr: +10 = Fri 2 May (swapped off) -> 3, 4 weekend -> Mon 5 May */
	{CPL, "2025-04-22", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-05-05"}},
	/* 13. complaint Wed 16 Apr: +10 = Sat 26 Apr, a working Saturday: no roll */
	{CPL, "2025-04-16", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-04-26"}},
	/* 14. received Thu 20 Mar: 21(1) 24 25 26 27(5)=transfer 28(6) 31(7);
	 *     accepted Mon 31 Mar: 1 Apr(1) 2 3 4(4) [7 Apr Hùng] 8(5)=notify;
	 *     +30 = Wed 30 Apr (holiday) -> 1, 2 May off, 3-4 weekend -> Mon 5 May */
	{DEN, "2025-03-20", "2025-03-31", 0, 0, NO, 0, 0, 0, 1,
	 {"2025-03-31", "2025-03-27", "2025-04-08", "2025-05-05"}},
	/* 15. Fri 4 Apr: [7 Hùng] 8(1) 9 10 11(4) 14(5)=transfer 15(6) 16(7) */
	{DEN, "2025-04-04", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-04-16", "2025-04-14"}},

	/* ---- 2/9 2025 ---- */
	/* 16. Wed 27 Aug: 28(1) 29(2) [30 Aug-2 Sep] 3(3) 4(4) 5(5)=transfer 8(6) 9(7) */
	{DEN, "2025-08-27", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-09-09", "2025-09-05"}},
	/* 17. information Fri 29 Aug: 3 Sep(1) 4 5 8 9(5) 10 11 12 15(9) 16(10) */
	{INF, "2025-08-29", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-09-16"}},
	/* 18. complaint Fri 22 Aug: +10 = Mon 1 Sep (off) -> Tue 2 off -> Wed 3 Sep */
	{CPL, "2025-08-22", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-09-03"}},
	/* 19. received Mon 28 Jul: 29(1) 30 31 1 Aug(4) 4(5)=transfer 5(6) 6(7);
	 *     accepted Fri 1 Aug: 4(1) 5 6 7 8(5)=notify; +30 = Sun 31 Aug -> [1, 2 Sep] -> Wed 3 Sep */
	{DEN, "2025-07-28", "2025-08-01", 0, 0, NO, 0, 0, 0, 1,
	 {"2025-08-06", "2025-08-04", "2025-08-08", "2025-09-03"}},

	/* ---- Tết 2026 ---- */
	/* 20. Thu 12 Feb: 13(1) [14-22] 23(2) 24(3) 25(4) 26(5)=transfer 27(6) 2 Mar(7) */
	{DEN, "2026-02-12", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-03-02", "2026-02-26"}},
	/* 21. several places, Fri 13 Feb: [14-22] 23(1) 24 25 26 27(5)=transfer 2 Mar(6) 3 4 5 6(10) */
	{DEN, "2026-02-13", 0, 0, 0, NO, 0, 1, 0, 1, {"2026-03-06", "2026-02-27"}},
	/* 22. complaint Thu 5 Feb (set 2019): +10 = Sun 15 Feb (Tết) -> ... -> Mon 23 Feb */
	{CPL, "2026-02-05", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-02-23"}},
	/* 23. petition Mon 9 Feb: 10(1) 11 12 13(4) [14-22] 23(5) 24 25 26 27(9) 2 Mar(10) */
	{PET, "2026-02-09", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-03-02"}},
	/* 24. received Thu 15 Jan: 16(1) 19 20 21 22(5)=transfer 23(6) 26(7);
	 *     accepted Tue 20 Jan: 21(1) 22 23 26 27(5)=notify; +30 = Thu 19 Feb (Tết) -> Mon 23 Feb */
	{DEN, "2026-01-15", "2026-01-20", 0, 0, NO, 0, 0, 0, 1,
	 {"2026-01-26", "2026-01-22", "2026-01-27", "2026-02-23"}},
	/* 25. one extension, complicated: received Mon 5 Jan: 6(1) 7 8 9 12(5)=transfer 13(6) 14(7);
	 *     accepted Mon 12 Jan: 13(1) 14 15 16 19(5)=notify; +30+30 = +60:
	 *     12 Jan +19 = 31 Jan, +28 = 28 Feb (47), +13 = Fri 13 Mar */
	{DEN, "2026-01-05", "2026-01-12", 0, 1, CX, 0, 0, 0, 1,
	 {"2026-01-14", "2026-01-12", "2026-01-19", "2026-03-13"}},

	/* ---- Hùng Kings (Sunday) and 30/4-1/5 2026 ---- */
	/* 26. Thu 23 Apr: 24(1) [25-26 weekend, 27 make-up] 28(2) 29(3) [30 Apr-3 May] 4 May(4)
	 *     5(5)=transfer 6(6) 7(7) */
	{DEN, "2026-04-23", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-05-07", "2026-05-05"}},
	/* 27. information Fri 24 Apr: [25-27] 28(1) 29(2) [30 Apr-3 May] 4(3) 5 6 7 8(7) 11 12 13(10) */
	{INF, "2026-04-24", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-05-13"}},
	/* 28. complaint Fri 17 Apr (set 2019): +10 = Mon 27 Apr (make-up day) -> Tue 28 Apr */
	{CPL, "2026-04-17", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-04-28"}},
	/* 29. complaint Mon 20 Apr: +10 = Thu 30 Apr -> [1 May, 2-3] -> Mon 4 May */
	{CPL, "2026-04-20", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-05-04"}},
	/* 30. received Wed 25 Mar: 26(1) 27 30 31 1 Apr(5)=transfer 2(6) 3(7);
	 *     accepted Tue 31 Mar: 1(1) 2 3 6 7(5)=notify; +30 = Thu 30 Apr -> Mon 4 May */
	{DEN, "2026-03-25", "2026-03-31", 0, 0, NO, 0, 0, 0, 1,
	 {"2026-04-03", "2026-04-01", "2026-04-07", "2026-05-04"}},
	/* 31. petition Wed 22 Apr: 23(1) 24(2) [25-27] 28(3) 29(4) [30 Apr-3 May] 4(5) 5 6 7 8(9) 11(10) */
	{PET, "2026-04-22", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-05-11"}},

	/* ---- the rule-set boundary, 2026-07-01 ---- */
	/* 32. complaint Tue 30 Jun (set 2019, 10 CD): +10 = Fri 10 Jul */
	{CPL, "2026-06-30", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-07-10"}},
	/* 33. complaint Fri 3 Jul (set 2026-07, 7 WD): 6(1) 7 8 9 10(5) 13(6) 14(7);
	 *     under the old set it would be +10 = Mon 13 Jul */
	{CPL, "2026-07-03", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-07-14"}},
	/* 34. complaint Fri 26 Jun (set 2019): +10 = Mon 6 Jul (7 WD would give 7 Jul) */
	{CPL, "2026-06-26", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-07-06"}},
	/* 35. second complaint Fri 3 Jul (set 2026-07 keeps 10 CD for Art. 36): +10 = Mon 13 Jul */
	{CPL, "2026-07-03", 0, 0, 0, NO, 0, 0, 0, 2, {"2026-07-13"}},
	/* 36. complaint Tue 25 Aug (7 WD): 26(1) 27 28 31(4) [1-2 Sep] 3(5) 4(6) 7(7) */
	{CPL, "2026-08-25", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-09-07"}},
	/* 37. denunciation Wed 1 Jul (set 2026-07, same limits): 2(1) 3 6 7 8(5)=transfer 9(6) 10(7) */
	{DEN, "2026-07-01", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-07-10", "2026-07-08"}},

	/* ---- 2/9 2026 ---- */
	/* 38. Fri 28 Aug: 31(1) [1-2 Sep] 3(2) 4(3) 7(4) 8(5)=transfer 9(6) 10(7) */
	{DEN, "2026-08-28", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-09-10", "2026-09-08"}},
	/* 39. received Thu 30 Jul: 31(1) 3 Aug 4 5 6(5)=transfer 7(6) 10(7);
	 *     accepted Mon 3 Aug: 4(1) 5 6 7 10(5)=notify; +30 = Wed 2 Sep (holiday) -> Thu 3 Sep */
	{DEN, "2026-07-30", "2026-08-03", 0, 0, NO, 0, 0, 0, 1,
	 {"2026-08-10", "2026-08-06", "2026-08-10", "2026-09-03"}},

	/* ---- Culture Day, 24 November 2026 ---- */
	/* 40. docs/DEADLINES.md's worked example, Fri 20 Nov: 23(1) [24] 25(2) 26(3) 27(4) 30(5)=transfer 1 Dec(6) 2(7) */
	{DEN, "2026-11-20", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-12-02", "2026-11-30"}},
	/* 41. a year earlier no Culture Day: Thu 20 Nov 2025: 21(1) 24(2) 25 26 27(5)=transfer 28(6) 1 Dec(7) */
	{DEN, "2025-11-20", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-12-01", "2025-11-27"}},
	/* 42. complaint Sat 14 Nov (7 WD): 16(1) 17 18 19 20(5) 23(6) [24] 25(7) */
	{CPL, "2026-11-14", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-11-25"}},
	/* 43. information Mon 23 Nov: [24] 25(1) 26 27 30(4) 1 Dec(5) 2 3 4(8) 7(9) 8(10) */
	{INF, "2026-11-23", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-12-08"}},
	/* 44. received Tue 20 Oct: 21(1) 22 23 26 27(5)=transfer 28(6) 29(7);
	 *     accepted Sun 25 Oct: 26(1) 27 28 29 30(5)=notify; +30 = Tue 24 Nov (holiday) -> Wed 25 */
	{DEN, "2026-10-20", "2026-10-25", 0, 0, NO, 0, 0, 0, 1,
	 {"2026-10-29", "2026-10-27", "2026-10-30", "2026-11-25"}},

	/* ---- year ends ---- */
	/* 45. Mon 28 Dec 2026: 29(1) 30(2) 31(3) [1 Jan Fri, 2-3] 4(4) 5(5)=transfer 6(6) 7(7) */
	{DEN, "2026-12-28", 0, 0, 0, NO, 0, 0, 0, 1, {"2027-01-07", "2027-01-05"}},
	/* 46. petition Thu 24 Dec 2026: 25(1) 28 29 30 31(5) [1 Jan] 4(6) 5 6 7(9) 8(10) */
	{PET, "2026-12-24", 0, 0, 0, NO, 0, 0, 0, 1, {"2027-01-08"}},
	/* 47. complaint Tue 22 Dec 2026 (7 WD): 23(1) 24 25 28 29 30(6) 31(7) */
	{CPL, "2026-12-22", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-12-31"}},
	/* 48. complaint Mon 22 Dec 2025 (set 2019): +10 = Thu 1 Jan 2026 (holiday) -> Fri 2 Jan */
	{CPL, "2025-12-22", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-01-02"}},
	/* 49. received Wed 1 Dec 2027: 2(1) 3 6 7 8(5)=transfer 9(6) 10(7);
	 *     accepted Thu 2 Dec: 3(1) 6 7 8 9(5)=notify; +30 = Sat 1 Jan 2028 (New Year on a
	 *     Saturday) -> Sun 2 -> Mon 3 (its make-up day) -> Tue 4 Jan 2028 */
	{DEN, "2027-12-01", "2027-12-02", 0, 0, NO, 0, 0, 0, 1,
	 {"2027-12-10", "2027-12-08", "2027-12-09", "2028-01-04"}},
	/* 50. information Mon 27 Dec 2027: 28(1) 29 30 31(4) [1-3 Jan] 4(5) 5 6 7(8) 10(9) 11(10) */
	{INF, "2027-12-27", 0, 0, 0, NO, 0, 0, 0, 1, {"2028-01-11"}},

	/* ---- Tết 2027, computed (Tết on Saturday 6 Feb) ---- */
	/* 51. Wed 3 Feb: 4(1) [5-11] 12(2) 15(3) 16(4) 17(5)=transfer 18(6) 19(7) */
	{DEN, "2027-02-03", 0, 0, 0, NO, 0, 0, 0, 1, {"2027-02-19", "2027-02-17"}},
	/* 52. complaint Fri 29 Jan (7 WD): 1 Feb(1) 2 3 4(4) [5-11] 12(5) 15(6) 16(7) */
	{CPL, "2027-01-29", 0, 0, 0, NO, 0, 0, 0, 1, {"2027-02-16"}},
	/* 53. complaint received Fri 8 Jan: 11(1) 12 13 14 15(5) 18(6) 19(7);
	 *     accepted Mon 11 Jan: +30 = Wed 10 Feb (make-up day) -> Thu 11 (make-up) -> Fri 12 Feb */
	{CPL, "2027-01-08", "2027-01-11", 0, 0, NO, 0, 0, 0, 1,
	 {"2027-01-19", NULL, NULL, "2027-02-12"}},
	/* 54. petition Mon 8 Feb (Tết): [9-11] 12(1) 15 16 17 18 19(6) 22(7) 23 24 25(10) */
	{PET, "2027-02-08", 0, 0, 0, NO, 0, 0, 0, 1, {"2027-02-25"}},
	/* 55. several places Mon 1 Feb: 2(1) 3(2) 4(3) [5-11] 12(4) 15(5)=transfer 16 17 18 19(9) 22(10) */
	{DEN, "2027-02-01", 0, 0, 0, NO, 0, 1, 0, 1, {"2027-02-22", "2027-02-15"}},

	/* ---- 1 May 2027 on a Saturday: make-up Monday 3 May ---- */
	/* 56. Wed 28 Apr: 29(1) [30 Apr, 1-2 May, 3 May] 4(2) 5 6 7(5)=transfer 10(6) 11(7) */
	{DEN, "2027-04-28", 0, 0, 0, NO, 0, 0, 0, 1, {"2027-05-11", "2027-05-07"}},
	/* 57. complaint Wed 21 Apr (7 WD): 22(1) 23 26 27 28(5) 29(6) [30 Apr-3 May] 4(7) */
	{CPL, "2027-04-21", 0, 0, 0, NO, 0, 0, 0, 1, {"2027-05-04"}},

	/* ---- suspensions (days not counted, added before the single roll) ---- */
	/* 58. received Fri 27 Feb 2026: 2 Mar(1) 3 4 5 6(5)=transfer 9(6) 10(7);
	 *     accepted Mon 2 Mar: 3(1) 4 5 6 9(5)=notify; +30+10 = +40: 2 Mar +29 = 31 Mar,
	 *     +11 = Sat 11 Apr -> Mon 13 Apr */
	{DEN, "2026-02-27", "2026-03-02", 0, 0, NO, 10, 0, 0, 1,
	 {"2026-03-10", "2026-03-06", "2026-03-09", "2026-04-13"}},
	/* 59. same, one extension (complicated) and 5 suspended: +30+30+5 = +65:
	 *     2 Mar +29 = 31 Mar, +30 = 30 Apr (59), +6 = Wed 6 May */
	{DEN, "2026-02-27", "2026-03-02", 0, 1, CX, 5, 0, 0, 1,
	 {"2026-03-10", "2026-03-06", "2026-03-09", "2026-05-06"}},
	/* 60. complaint received Mon 1 Jun 2026 (set 2019): +10 = Thu 11 Jun;
	 *     accepted Mon 8 Jun, 3 suspended: +33 = Sat 11 Jul -> Mon 13 Jul */
	{CPL, "2026-06-01", "2026-06-08", 0, 0, NO, 3, 0, 0, 1,
	 {"2026-06-11", NULL, NULL, "2026-07-13"}},

	/* ---- extensions ---- */
	/* 61. two extensions, particularly complicated: received Thu 28 May 2026: 29(1) 1 Jun 2 3
	 *     4(5)=transfer 5(6) 8(7); accepted Mon 1 Jun: 2(1) 3 4 5 8(5)=notify;
	 *     +90: 1 Jun +29 = 30 Jun, +31 = 31 Jul (60), +30 = Sun 30 Aug -> Mon 31 Aug */
	{DEN, "2026-05-28", "2026-06-01", 0, 2, PX, 0, 0, 0, 1,
	 {"2026-06-08", "2026-06-04", "2026-06-08", "2026-08-31"}},
	/* 62. one extension on a particularly complicated case: +60 = Fri 31 Jul */
	{DEN, "2026-05-28", "2026-06-01", 0, 1, PX, 0, 0, 0, 1,
	 {"2026-06-08", "2026-06-04", "2026-06-08", "2026-07-31"}},
	/* 63. two extensions + 3 suspended: +93 = Wed 2 Sep (holiday) -> Thu 3 Sep */
	{DEN, "2026-05-28", "2026-06-01", 0, 2, PX, 3, 0, 0, 1,
	 {"2026-06-08", "2026-06-04", "2026-06-08", "2026-09-03"}},
	/* 64. complicated but not extended: plain +30 from Mon 1 Jun = Wed 1 Jul */
	{DEN, "2026-05-28", "2026-06-01", 0, 0, CX, 0, 0, 0, 1,
	 {"2026-06-08", "2026-06-04", "2026-06-08", "2026-07-01"}},

	/* ---- settled: the conclusion notice ---- */
	/* 65. received Mon 2 Mar 2026: 3(1) 4 5 6 9(5)=transfer 10(6) 11(7); accepted Mon 9 Mar:
	 *     10(1) 11 12 13 16(5)=notify; +30 = Wed 8 Apr; settled Fri 24 Apr: [25-27]
	 *     28(1) 29(2) [30 Apr-3 May] 4(3) 5(4) 6(5) */
	{DEN, "2026-03-02", "2026-03-09", "2026-04-24", 0, NO, 0, 0, 0, 1,
	 {"2026-03-11", "2026-03-09", "2026-03-16", "2026-04-08", "2026-05-06"}},
	/* 66. received Tue 1 Jul 2025: 2(1) 3 4 7 8(5)=transfer 9(6) 10(7); accepted Mon 7 Jul:
	 *     8(1) 9 10 11 14(5)=notify; +30 = Wed 6 Aug; settled Thu 28 Aug: 29(1)
	 *     [30 Aug-2 Sep] 3(2) 4(3) 5(4) 8(5) */
	{DEN, "2025-07-01", "2025-07-07", "2025-08-28", 0, NO, 0, 0, 0, 1,
	 {"2025-07-10", "2025-07-08", "2025-07-14", "2025-08-06", "2025-09-08"}},

	/* ---- complaints: remote areas, complexity, second instance ---- */
	/* 67. 1st, remote: received Wed 25 Feb 2026: +10 = Sat 7 Mar -> Mon 9 Mar;
	 *     accepted Mon 2 Mar: +45: +29 = 31 Mar, +16 = Thu 16 Apr */
	{CPL, "2026-02-25", "2026-03-02", 0, 0, NO, 0, 0, 1, 1,
	 {"2026-03-09", NULL, NULL, "2026-04-16"}},
	/* 68. 1st, remote + complicated: +60: 31 Mar (29), 30 Apr (59), Fri 1 May (holiday)
	 *     -> 2-3 weekend -> Mon 4 May */
	{CPL, "2026-02-25", "2026-03-02", 0, 0, CX, 0, 0, 1, 1,
	 {"2026-03-09", NULL, NULL, "2026-05-04"}},
	/* 69. 1st, particularly complicated (same period as complicated, 45): received Tue 10 Mar:
	 *     +10 = Fri 20 Mar; accepted Thu 12 Mar: +19 = 31 Mar, +26 = Sun 26 Apr (Hùng)
	 *     -> Mon 27 (make-up) -> Tue 28 Apr */
	{CPL, "2026-03-10", "2026-03-12", 0, 0, PX, 0, 0, 0, 1,
	 {"2026-03-20", NULL, NULL, "2026-04-28"}},
	/* 70. 2nd instance: received Thu 26 Feb 2026: +10 = Sun 8 Mar -> Mon 9 Mar;
	 *     accepted Mon 2 Mar: +45 = Thu 16 Apr */
	{CPL, "2026-02-26", "2026-03-02", 0, 0, NO, 0, 0, 0, 2,
	 {"2026-03-09", NULL, NULL, "2026-04-16"}},
	/* 71. 2nd, complicated: +60 = Fri 1 May -> Mon 4 May */
	{CPL, "2026-02-26", "2026-03-02", 0, 0, CX, 0, 0, 0, 2,
	 {"2026-03-09", NULL, NULL, "2026-05-04"}},
	/* 72. 2nd, remote: received Thu 3 Sep 2026 (set 2026-07; Art. 36 still 10 CD):
	 *     +10 = Sun 13 Sep -> Mon 14; accepted Mon 7 Sep: +60: +23 = 30 Sep, +31 = 31 Oct (54),
	 *     +6 = Fri 6 Nov */
	{CPL, "2026-09-03", "2026-09-07", 0, 0, NO, 0, 0, 1, 2,
	 {"2026-09-14", NULL, NULL, "2026-11-06"}},
	/* 73. 2nd, remote + complicated: +70 = 31 Oct (54) +16 = Mon 16 Nov */
	{CPL, "2026-09-03", "2026-09-07", 0, 0, CX, 0, 0, 1, 2,
	 {"2026-09-14", NULL, NULL, "2026-11-16"}},
	/* 74. 1st, remote, set 2026-07: received Mon 16 Nov: 17(1) 18 19 20 23(5) [24] 25(6) 26(7);
	 *     accepted Mon 23 Nov: +45: +7 = 30 Nov, +31 = 31 Dec (38), +7 = Thu 7 Jan 2027 */
	{CPL, "2026-11-16", "2026-11-23", 0, 0, NO, 0, 0, 1, 1,
	 {"2026-11-26", NULL, NULL, "2027-01-07"}},
	/* 75. 1st: received Tue 1 Dec 2026: 2(1) 3 4 7 8 9(6) 10(7); accepted Wed 2 Dec:
	 *     +30 = Fri 1 Jan 2027 (holiday) -> 2-3 weekend -> Mon 4 Jan */
	{CPL, "2026-12-01", "2026-12-02", 0, 0, NO, 0, 0, 0, 1,
	 {"2026-12-10", NULL, NULL, "2027-01-04"}},

	/* ---- internal clocks ---- */
	/* 76. information Mon 6 Jul 2026: 7(1) 8 9 10 13(5) 14 15 16 17(9) 20(10) */
	{INF, "2026-07-06", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-07-20"}},
	/* 77. petition on the first day of the 2019 set, Wed 2 Jan 2019:
	 *     3(1) 4(2) 7 8 9 10 11(7) 14 15(9) 16(10) */
	{PET, "2019-01-02", 0, 0, 0, NO, 0, 0, 0, 1, {"2019-01-16"}},
	/* 78. flags that do not apply are ignored: a petition marked several places/remote,
	 *     Mon 6 Jul 2026 -> as row 76 */
	{PET, "2026-07-06", 0, 0, 0, NO, 0, 1, 1, 1, {"2026-07-20"}},
};

static dm_day day_of(const char *s)
{
	dm_day d;
	if (s == NULL)
		return DM_DAY_NONE;
	if (dm_day_parse(s, strlen(s), &d) != TC_OK) {
		fprintf(stderr, "bad date in the test table: %s\n", s);
		tc_test_failed_checks++;
		return 0;
	}
	return d;
}

static void test_table(void)
{
	TC_CHECK(sizeof(rows) / sizeof(rows[0]) >= 60);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct dm_clock c;
		struct dm_deadlines d;
		dm_clock_init(&c, r->track, day_of(r->received));
		c.accepted = day_of(r->accepted);
		c.settled = day_of(r->settled);
		c.extensions = r->ext;
		c.complexity = r->cx;
		c.suspended_days = r->susp;
		c.several_places = r->several;
		c.remote_area = r->remote;
		c.instance = r->instance;
		int rc = dm_deadlines_compute(&c, &d);
		if (rc != TC_OK) {
			fprintf(stderr, "row %zu: rc %d (%s)\n", i + 1, rc,
				dm_deadlines_explain(&c, rc));
			TC_CHECK_INT(rc, TC_OK);
			continue;
		}
		for (int k = 0; k < DM_DL_COUNT; k++) {
			char got[DM_DAY_STRLEN] = "-";
			if (d.at[k] != DM_DAY_NONE)
				dm_day_format(d.at[k], got);
			const char *want = r->want[k] ? r->want[k] : "-";
			if (strcmp(got, want) != 0) {
				fprintf(stderr, "row %zu: %s is %s, expected %s\n", i + 1,
					dm_deadline_key((enum dm_deadline_kind)k), got, want);
				TC_CHECK_STR(got, want);
			}
			TC_CHECK((d.at[k] == DM_DAY_NONE) == (d.basis[k] == NULL));
		}
	}
}

static void test_basis_and_sets(void)
{
	struct dm_clock c;
	struct dm_deadlines d;
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, day_of("2026-11-20"));
	c.accepted = day_of("2026-11-23");
	c.settled = day_of("2026-12-21");
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_OK);
	TC_CHECK_STR(d.basis[DM_DL_PROCESS], "Luật Tố cáo 2018, Điều 24(1)");
	TC_CHECK_STR(d.basis[DM_DL_TRANSFER], "Luật Tố cáo 2018, Điều 24(2)");
	TC_CHECK_STR(d.basis[DM_DL_NOTIFY], "Luật Tố cáo 2018, Điều 29(3)");
	TC_CHECK_STR(d.basis[DM_DL_SETTLE], "Luật Tố cáo 2018, Điều 30, 34");
	TC_CHECK_STR(d.basis[DM_DL_CONCLUSION_NOTIFY], "Luật Tố cáo 2018, Điều 35(3)");
	TC_CHECK_STR(d.rules->name, "2026-07");
	/* next = the earliest: transfer_by Mon 30 Nov */
	TC_CHECK_INT(dm_deadlines_next(&d), day_of("2026-11-30"));

	dm_clock_init(&c, DM_TRACK_COMPLAINT, day_of("2026-06-30"));
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_OK);
	TC_CHECK_STR(d.rules->name, "2019");
	TC_CHECK_STR(d.basis[DM_DL_PROCESS], "Luật Khiếu nại 2011, Điều 27");

	struct dm_deadlines none;
	for (int k = 0; k < DM_DL_COUNT; k++)
		none.at[k] = DM_DAY_NONE;
	TC_CHECK_INT(dm_deadlines_next(&none), DM_DAY_NONE);

	TC_CHECK_STR(dm_deadline_key(DM_DL_PROCESS), "process_by");
	TC_CHECK_STR(dm_deadline_key(DM_DL_TRANSFER), "transfer_by");
	TC_CHECK_STR(dm_deadline_key(DM_DL_NOTIFY), "notify_by");
	TC_CHECK_STR(dm_deadline_key(DM_DL_SETTLE), "settle_by");
	TC_CHECK_STR(dm_deadline_key(DM_DL_CONCLUSION_NOTIFY), "conclusion_notify_by");
	TC_CHECK_STR(dm_deadline_key(DM_DL_COUNT), "?");

	dm_clock_init(&c, DM_TRACK_PETITION, day_of("2026-01-05"));
	TC_CHECK_INT(c.instance, 1);
	TC_CHECK_INT(c.accepted, DM_DAY_NONE);
	TC_CHECK_INT(c.settled, DM_DAY_NONE);
	TC_CHECK_INT(c.extensions, 0);
}

/* One clock, one expected error. */
static void expect_err(struct dm_clock *c, int want, const char *what)
{
	struct dm_deadlines d;
	int rc = dm_deadlines_compute(c, &d);
	if (rc != want)
		fprintf(stderr, "%s: rc %d, expected %d\n", what, rc, want);
	TC_CHECK_INT(rc, want);
	if (rc != TC_OK) {
		TC_CHECK_INT(dm_deadlines_next(&d), DM_DAY_NONE);
		TC_CHECK(strlen(dm_deadlines_explain(c, rc)) > 0);
	}
}

static void test_errors(void)
{
	struct dm_clock c;
	const dm_day rec = day_of("2026-03-02"), acc = day_of("2026-03-09");

#define DEN_ACCEPTED() (dm_clock_init(&c, DM_TRACK_DENUNCIATION, rec), c.accepted = acc)
	DEN_ACCEPTED(), c.extensions = 3, c.complexity = PX;
	expect_err(&c, TC_EINVAL, "third extension");
	DEN_ACCEPTED(), c.extensions = 1;
	expect_err(&c, TC_EINVAL, "extension without complexity");
	DEN_ACCEPTED(), c.extensions = 2, c.complexity = CX;
	expect_err(&c, TC_EINVAL, "two extensions, merely complicated");
	DEN_ACCEPTED(), c.extensions = -1, c.complexity = CX;
	expect_err(&c, TC_EINVAL, "negative extensions");
	DEN_ACCEPTED(), c.complexity = (enum dm_complexity)7;
	expect_err(&c, TC_EINVAL, "unknown complexity");
	DEN_ACCEPTED(), c.suspended_days = -1;
	expect_err(&c, TC_EINVAL, "negative suspension");
	DEN_ACCEPTED(), c.accepted = rec - 1;
	expect_err(&c, TC_EINVAL, "accepted before received");
	DEN_ACCEPTED(), c.settled = acc - 1;
	expect_err(&c, TC_EINVAL, "settled before accepted");
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, rec), c.settled = acc;
	expect_err(&c, TC_EINVAL, "settled, never accepted");
	dm_clock_init(&c, DM_TRACK_COMPLAINT, rec), c.instance = 3;
	expect_err(&c, TC_EINVAL, "complaint instance 3");
	dm_clock_init(&c, DM_TRACK_COMPLAINT, rec), c.instance = 0;
	expect_err(&c, TC_EINVAL, "complaint instance 0");
	dm_clock_init(&c, DM_TRACK_COMPLAINT, rec), c.accepted = acc, c.extensions = 1,
		c.complexity = CX;
	expect_err(&c, TC_EINVAL, "extension on a complaint");
	dm_clock_init(&c, DM_TRACK_PETITION, rec), c.extensions = 1, c.complexity = CX;
	expect_err(&c, TC_EINVAL, "extension on a petition");
	dm_clock_init(&c, (enum dm_track)0, rec);
	expect_err(&c, TC_EINVAL, "track 0");
	dm_clock_init(&c, (enum dm_track)9, rec);
	expect_err(&c, TC_EINVAL, "track 9");
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, DM_DAY_NONE);
	expect_err(&c, TC_EINVAL, "no receipt");
	/* Before the first rule set. */
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, day_of("2018-12-31"));
	expect_err(&c, TC_ERANGE, "before 2019");
	/* Runs off the end of the calendar. */
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, day_of("2100-12-28"));
	expect_err(&c, TC_ERANGE, "past 2100");
	DEN_ACCEPTED(), c.suspended_days = 36500;
	expect_err(&c, TC_ERANGE, "suspended a century");
	/* The instance of a non-complaint is not looked at. */
	dm_clock_init(&c, DM_TRACK_PETITION, rec), c.instance = 0;
	expect_err(&c, TC_OK, "petition ignores instance");
#undef DEN_ACCEPTED

	struct dm_deadlines d;
	TC_CHECK_INT(dm_deadlines_compute(NULL, &d), TC_EINVAL);
	TC_CHECK_INT(dm_deadlines_compute(&c, NULL), TC_EINVAL);
}

int main(void)
{
	if (dm_init() != TC_OK) {
		fprintf(stderr, "dm_init failed\n");
		return 1;
	}
	TC_RUN(test_table);
	TC_RUN(test_basis_and_sets);
	TC_RUN(test_errors);
	return tc_test_done();
}
