/*
 * test_deadlines.c - the deadline engine against hand-worked cases.
 *
 * Every expected date below was counted by hand, day by day, from the
 * rules of docs/DEADLINES.md §1-2 on the calendar of the government
 * notices (data/calendar/notices.txt); the comment beside each row lists
 * the days counted. "(n)" marks the n-th working day; "[...]" days
 * skipped; "+N" calendar days; "->" the roll to a working day (Civil Code
 * Art. 148(5)). Rows marked "re-counted" expected other dates before the
 * calendar was checked against the notices; their comment says why.
 *
 * Source of each year (civil servants; the letters are the Government
 * Office's, Văn phòng Chính phủ; "computed" days follow from the Labour
 * Code alone: 10/2012/QH13 Art. 115 until 2020, 45/2019/QH14 Art. 111(3)
 * and 112 from 2021):
 *   2019: 6519/VPCP-KGVX of 11/7/2018 (Mon 31 Dec 2018 off, Sat 5 Jan
 *         worked; Tết Sat 2-Sun 10 Feb; Mon 29 Apr off, Sat 4 May worked);
 *         computed: Tue 1 Jan, Mon 15 Apr (Hùng Kings Sun 14 Apr), Tue 30
 *         Apr, Wed 1 May, Mon 2 Sep (one day only, Art. 115(1)(đ)).
 *   2020: Bộ LĐTB&XH 4544 of 25/10/2019 (Tết Thu 23-Wed 29 Jan); computed:
 *         Wed 1 Jan, Thu 2 Apr, Thu 30 Apr, Fri 1 May, Wed 2 Sep (one day).
 *   2021: 9895/VPCP-KGVX of 26/11/2020 (Tết Wed 10-Tue 16 Feb; National
 *         Day Thu 2-Sun 5 Sep); computed: Fri 1 Jan, Wed 21 Apr, Fri 30 Apr,
 *         Mon 3 May (for Sat 1 May).
 *   2022: 245/VPCP-KGVX of 11/1/2022 (Tết Mon 31 Jan-Fri 4 Feb; National
 *         Day Thu 1-Fri 2 Sep); computed: Mon 3 Jan (for Sat 1 Jan), Mon 11
 *         Apr (for Sun 10 Apr), Mon 2, Tue 3 May (for Sat 30 Apr, Sun 1 May).
 *   2023: 8056/VPCP-KGVX of 1/12/2022 (Tết Fri 20-Thu 26 Jan; National Day
 *         Fri 1-Mon 4 Sep); computed: Mon 2 Jan (for Sun 1 Jan), Mon 1 May,
 *         Tue 2 and Wed 3 May (for Hùng Kings Sat 29 Apr and Sun 30 Apr).
 *   2024: 8662/VPCP-KGVX of 3/11/2023 (Tết Thu 8-Wed 14 Feb; National Day
 *         Sat 31 Aug-Tue 3 Sep); 2450/VPCP-KGVX of 12/4/2024 (Mon 29 Apr
 *         off, Sat 4 May worked); computed: Mon 1 Jan, Thu 18 Apr, Tue 30
 *         Apr, Wed 1 May.
 *   2025: 8726/VPCP-KGVX of 26/11/2024, 6150/TB-BLĐTBXH of 3/12/2024 (Tết
 *         Sat 25 Jan-Sun 2 Feb; Fri 2 May off, Sat 26 Apr worked; National
 *         Day Sat 30 Aug-Tue 2 Sep); computed: Wed 1 Jan, Mon 7 Apr, Wed 30
 *         Apr, Thu 1 May.
 *   2026: 12729/VPCP-KGVX of 25/12/2025 (Fri 2 Jan off, Sat 10 Jan
 *         worked); 9441/TB-BNV of 16/10/2025 (Tết Sat 14-Sun 22 Feb; National
 *         Day Tue 1-Wed 2 Sep, Mon 31 Aug off, Sat 22 Aug worked); computed:
 *         Thu 1 Jan, Mon 27 Apr (for Hùng Kings Sun 26 Apr), Thu 30 Apr, Fri
 *         1 May (no swap), Tue 24 Nov (Culture Day, first year: applied but
 *         unconfirmed, so provisional).
 *   2027: computed (no notice read), so every deadline counting a day of
 *         2027 is provisional; Tết Thu 4-Wed 10 Feb and National Day Thu
 *         2-Sun 5 Sep as reported of 10065/VPCP-KGVX of 2/10/2026; Fri 1
 *         Jan; Fri 16 Apr; Fri 30 Apr; Sat 1 May -> Mon 3 May; Wed 24 Nov.
 *   2028: computed: Sat 1 Jan -> Mon 3 Jan.
 * Rule sets: received before 2020-12-05 -> set 2019, then set 2020-12 (both:
 * complaint accept 10 WD, first and second, Circular 07/2013 as amended in
 * 2016, then Decree 124/2020 Art. 16(1)); from 2026-07-01 -> set 2026-07
 * (accept 7 WD, first and second, Decree 155/2026 Art. 10).
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
	/* 7. complaint, Mon 20 Jan (10 WD, set 2020-12): 21(1) 22(2) 23(3) 24(4) [25 Jan-2 Feb
	 *    Tết] 3 Feb(5) 4(6) 5(7) 6(8) 7(9) 10(10). Re-counted: expected Mon 3 Feb, 10 CD
	 *    read from the Law's "10 ngày" (Art. 27), not the decree's working days. */
	{CPL, "2025-01-20", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-02-10"}},
	/* 8. complaint, received Thu 2 Jan (10 WD): 3(1) 6(2) 7 8 9 10(6) 13(7) 14 15 16(10);
	 *    accepted Mon 6 Jan: +30 = Wed 5 Feb (working). Re-counted from 10 CD (Mon 13). */
	{CPL, "2025-01-02", "2025-01-06", 0, 0, NO, 0, 0, 0, 1,
	 {"2025-01-16", NULL, NULL, "2025-02-05"}},
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
	/* 12. complaint Tue 22 Apr (10 WD): 23(1) 24(2) 25(3) Sat 26 worked(4) 28(5) 29(6)
	 *     [30 Apr, 1 May, Fri 2 May swapped off, 3-4 weekend] 5 May(7) 6(8) 7(9) 8(10).
	 *     Re-counted from 10 CD (Mon 5 May). */
	{CPL, "2025-04-22", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-05-08"}},
	/* 13. complaint Wed 16 Apr (10 WD): 17(1) 18(2) 21 22 23 24 25(7) Sat 26 worked(8)
	 *     28(9) 29(10). Re-counted from 10 CD (Sat 26 Apr); the working Saturday counts. */
	{CPL, "2025-04-16", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-04-29"}},
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
	/* 18. complaint Fri 22 Aug (10 WD): 25(1) 26 27 28 29(5) [Sat 30 Aug-Tue 2 Sep]
	 *     3 Sep(6) 4(7) 5(8) 8(9) 9(10). Re-counted from 10 CD (Wed 3 Sep). */
	{CPL, "2025-08-22", 0, 0, 0, NO, 0, 0, 0, 1, {"2025-09-09"}},
	/* 19. received Mon 28 Jul: 29(1) 30 31 1 Aug(4) 4(5)=transfer 5(6) 6(7);
	 *     accepted Fri 1 Aug: 4(1) 5 6 7 8(5)=notify; +30 = Sun 31 Aug -> [1, 2 Sep] -> Wed 3 Sep */
	{DEN, "2025-07-28", "2025-08-01", 0, 0, NO, 0, 0, 0, 1,
	 {"2025-08-06", "2025-08-04", "2025-08-08", "2025-09-03"}},

	/* ---- Tết 2026 ---- */
	/* 20. Thu 12 Feb: 13(1) [14-22] 23(2) 24(3) 25(4) 26(5)=transfer 27(6) 2 Mar(7) */
	{DEN, "2026-02-12", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-03-02", "2026-02-26"}},
	/* 21. several places, Fri 13 Feb: [14-22] 23(1) 24 25 26 27(5)=transfer 2 Mar(6) 3 4 5 6(10) */
	{DEN, "2026-02-13", 0, 0, 0, NO, 0, 1, 0, 1, {"2026-03-06", "2026-02-27"}},
	/* 22. complaint Thu 5 Feb (set 2020-12, 10 WD): 6(1) 9(2) 10 11 12 13(6) [14-22 Feb
	 *     Tết] 23(7) 24(8) 25(9) 26(10). Re-counted from 10 CD (Mon 23 Feb). */
	{CPL, "2026-02-05", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-02-26"}},
	/* 23. petition Mon 9 Feb: 10(1) 11 12 13(4) [14-22] 23(5) 24 25 26 27(9) 2 Mar(10) */
	{PET, "2026-02-09", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-03-02"}},
	/* 24. received Thu 15 Jan: 16(1) 19 20 21 22(5)=transfer 23(6) 26(7);
	 *     accepted Tue 20 Jan: 21(1) 22 23 26 27(5)=notify; +30 = Thu 19 Feb (Tết) -> Mon 23 Feb */
	{DEN, "2026-01-15", "2026-01-20", 0, 0, NO, 0, 0, 0, 1,
	 {"2026-01-26", "2026-01-22", "2026-01-27", "2026-02-23"}},
	/* 25. one extension, complicated: received Mon 5 Jan: 6(1) 7(2) 8(3) 9(4)
	 *     Sat 10(5, worked, 12729/VPCP-KGVX)=transfer 12(6) 13(7);
	 *     accepted Mon 12 Jan: 13(1) 14 15 16 19(5)=notify; +30+30 = +60:
	 *     12 Jan +19 = 31 Jan, +28 = 28 Feb (47), +13 = Fri 13 Mar.
	 *     Re-counted: expected transfer Mon 12, process Wed 14 Jan, which
	 *     missed the working Saturday 10 January. */
	{DEN, "2026-01-05", "2026-01-12", 0, 1, CX, 0, 0, 0, 1,
	 {"2026-01-13", "2026-01-10", "2026-01-19", "2026-03-13"}},

	/* ---- Hùng Kings (Sunday) and 30/4-1/5 2026 ---- */
	/* 26. Thu 23 Apr: 24(1) [25-26 weekend, 27 make-up] 28(2) 29(3) [30 Apr-3 May] 4 May(4)
	 *     5(5)=transfer 6(6) 7(7) */
	{DEN, "2026-04-23", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-05-07", "2026-05-05"}},
	/* 27. information Fri 24 Apr: [25-27] 28(1) 29(2) [30 Apr-3 May] 4(3) 5 6 7 8(7) 11 12 13(10) */
	{INF, "2026-04-24", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-05-13"}},
	/* 28. complaint Fri 17 Apr (set 2020-12, 10 WD): 20(1) 21 22 23 24(5) [25-26 weekend,
	 *     Mon 27 for Hùng Kings] 28(6) 29(7) [30 Apr-3 May] 4 May(8) 5(9) 6(10).
	 *     Re-counted from 10 CD (Tue 28 Apr). */
	{CPL, "2026-04-17", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-05-06"}},
	/* 29. complaint Mon 20 Apr (10 WD): 21(1) 22 23 24(4) [25-27] 28(5) 29(6) [30 Apr-3 May]
	 *     4(7) 5(8) 6(9) 7(10). Re-counted from 10 CD (Mon 4 May). */
	{CPL, "2026-04-20", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-05-07"}},
	/* 30. received Wed 25 Mar: 26(1) 27 30 31 1 Apr(5)=transfer 2(6) 3(7);
	 *     accepted Tue 31 Mar: 1(1) 2 3 6 7(5)=notify; +30 = Thu 30 Apr -> Mon 4 May */
	{DEN, "2026-03-25", "2026-03-31", 0, 0, NO, 0, 0, 0, 1,
	 {"2026-04-03", "2026-04-01", "2026-04-07", "2026-05-04"}},
	/* 31. petition Wed 22 Apr: 23(1) 24(2) [25-27] 28(3) 29(4) [30 Apr-3 May] 4(5) 5 6 7 8(9) 11(10) */
	{PET, "2026-04-22", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-05-11"}},

	/* ---- the rule-set boundary, 2026-07-01 ---- */
	/* 32. complaint Tue 30 Jun (set 2020-12, 10 WD): 1 Jul(1) 2 3(3) 6 7 8 9 10(8) 13(9)
	 *     14(10). Re-counted from 10 CD (Fri 10 Jul). */
	{CPL, "2026-06-30", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-07-14"}},
	/* 33. complaint Fri 3 Jul (set 2026-07, 7 WD): 6(1) 7 8 9 10(5) 13(6) 14(7);
	 *     under the old set (10 WD) it would be 15(8) 16(9) 17(10) = Fri 17 Jul */
	{CPL, "2026-07-03", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-07-14"}},
	/* 34. complaint Fri 26 Jun (set 2020-12, 10 WD): 29(1) 30(2) 1 Jul(3) 2 3(5) 6 7 8 9(9)
	 *     10(10) (7 WD would give Tue 7 Jul). Re-counted from 10 CD (Mon 6 Jul). */
	{CPL, "2026-06-26", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-07-10"}},
	/* 35. second complaint Fri 3 Jul (set 2026-07: 7 WD, Decree 155/2026 Art. 10 covers
	 *     "lần đầu hoặc lần hai"): 6(1) 7 8 9 10(5) 13(6) 14(7). Re-counted: expected Mon
	 *     13 Jul (10 CD), when the set kept Art. 36's days. */
	{CPL, "2026-07-03", 0, 0, 0, NO, 0, 0, 0, 2, {"2026-07-14"}},
	/* 36. complaint Tue 25 Aug (7 WD): 26(1) 27(2) 28(3) [29-30 weekend, Mon 31 Aug
	 *     swapped off (9441/TB-BNV), Tue 1-Wed 2 Sep National Day] 3(4) 4(5) 7(6) 8(7).
	 *     Re-counted: expected Mon 7 Sep, which counted Mon 31 Aug as a working day. */
	{CPL, "2026-08-25", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-09-08"}},
	/* 37. denunciation Wed 1 Jul (set 2026-07, same limits): 2(1) 3 6 7 8(5)=transfer 9(6) 10(7) */
	{DEN, "2026-07-01", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-07-10", "2026-07-08"}},

	/* ---- 2/9 2026 ---- */
	/* 38. Fri 28 Aug: [29-30 weekend, 31 Aug swapped off, 1-2 Sep] 3(1) 4(2) 7(3) 8(4)
	 *     9(5)=transfer 10(6) 11(7). Re-counted: expected transfer Tue 8, process
	 *     Thu 10 Sep, which counted Mon 31 Aug (off by 9441/TB-BNV) as working. */
	{DEN, "2026-08-28", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-09-11", "2026-09-09"}},
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
	/* 48. complaint Mon 22 Dec 2025 (set 2020-12, 10 WD): 23(1) 24 25 26(4) 29 30 31(7)
	 *     [Thu 1 Jan holiday, Fri 2 Jan swapped off (12729/VPCP-KGVX), 3-4 weekend]
	 *     5 Jan(8) 6(9) 7(10). Re-counted twice: Fri 2 Jan (10 CD, before the letter),
	 *     then Mon 5 Jan (10 CD). */
	{CPL, "2025-12-22", 0, 0, 0, NO, 0, 0, 0, 1, {"2026-01-07"}},
	/* 49. received Wed 1 Dec 2027: 2(1) 3 6 7 8(5)=transfer 9(6) 10(7);
	 *     accepted Thu 2 Dec: 3(1) 6 7 8 9(5)=notify; +30 = Sat 1 Jan 2028 (New Year on a
	 *     Saturday) -> Sun 2 -> Mon 3 (its make-up day) -> Tue 4 Jan 2028 */
	{DEN, "2027-12-01", "2027-12-02", 0, 0, NO, 0, 0, 0, 1,
	 {"2027-12-10", "2027-12-08", "2027-12-09", "2028-01-04"}},
	/* 50. information Mon 27 Dec 2027: 28(1) 29 30 31(4) [1-3 Jan] 4(5) 5 6 7(8) 10(9) 11(10) */
	{INF, "2027-12-27", 0, 0, 0, NO, 0, 0, 0, 1, {"2028-01-11"}},

	/* ---- Tết 2027 (Tết on Saturday 6 Feb): Thu 4-Wed 10 Feb as reported of
	 *      10065/VPCP-KGVX; the year is computed, so all provisional ---- */
	/* 51. Wed 3 Feb: [4-10] 11(1) 12(2) 15(3) 16(4) 17(5)=transfer 18(6) 19(7)
	 *     (same dates as with the computed Fri 5-Thu 11 Feb) */
	{DEN, "2027-02-03", 0, 0, 0, NO, 0, 0, 0, 1, {"2027-02-19", "2027-02-17"}},
	/* 52. complaint Fri 29 Jan (7 WD): 1 Feb(1) 2(2) 3(3) [4-10] 11(4) 12(5) 15(6) 16(7) */
	{CPL, "2027-01-29", 0, 0, 0, NO, 0, 0, 0, 1, {"2027-02-16"}},
	/* 53. complaint received Fri 8 Jan: 11(1) 12 13 14 15(5) 18(6) 19(7);
	 *     accepted Mon 11 Jan: +30 = Wed 10 Feb (last day of Tết) -> Thu 11 Feb.
	 *     Re-counted: expected Fri 12 Feb on the computed Tết (Fri 5-Thu 11). */
	{CPL, "2027-01-08", "2027-01-11", 0, 0, NO, 0, 0, 0, 1,
	 {"2027-01-19", NULL, NULL, "2027-02-11"}},
	/* 54. petition Mon 8 Feb (Tết): [9-10] 11(1) 12(2) 15 16 17 18 19(7) 22(8) 23(9) 24(10).
	 *     Re-counted: expected Thu 25 Feb on the computed Tết (Fri 5-Thu 11). */
	{PET, "2027-02-08", 0, 0, 0, NO, 0, 0, 0, 1, {"2027-02-24"}},
	/* 55. several places Mon 1 Feb: 2(1) 3(2) [4-10] 11(3) 12(4) 15(5)=transfer 16 17 18
	 *     19(9) 22(10) */
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
	/* 60. complaint received Mon 1 Jun 2026 (set 2020-12, 10 WD): 2(1) 3 4 5 8(5) 9 10 11
	 *     12(9) 15(10) (re-counted from 10 CD, Thu 11 Jun);
	 *     accepted Mon 8 Jun, 3 suspended: +33 = Sat 11 Jul -> Mon 13 Jul */
	{CPL, "2026-06-01", "2026-06-08", 0, 0, NO, 3, 0, 0, 1,
	 {"2026-06-15", NULL, NULL, "2026-07-13"}},

	/* ---- extensions ---- */
	/* 61. two extensions, particularly complicated: received Thu 28 May 2026: 29(1) 1 Jun 2 3
	 *     4(5)=transfer 5(6) 8(7); accepted Mon 1 Jun: 2(1) 3 4 5 8(5)=notify;
	 *     +90: 1 Jun +29 = 30 Jun, +31 = 31 Jul (60), +30 = Sun 30 Aug -> Mon 31 Aug
	 *     (swapped off, 9441/TB-BNV) -> Tue 1, Wed 2 Sep (National Day) -> Thu 3 Sep.
	 *     Re-counted: expected Mon 31 Aug, a day off. */
	{DEN, "2026-05-28", "2026-06-01", 0, 2, PX, 0, 0, 0, 1,
	 {"2026-06-08", "2026-06-04", "2026-06-08", "2026-09-03"}},
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
	/* 67. 1st, remote: received Wed 25 Feb 2026 (10 WD): 26(1) 27(2) 2 Mar(3) 3 4 5 6(7)
	 *     9(8) 10(9) 11(10) (re-counted from 10 CD, Mon 9 Mar);
	 *     accepted Mon 2 Mar: +45: +29 = 31 Mar, +16 = Thu 16 Apr */
	{CPL, "2026-02-25", "2026-03-02", 0, 0, NO, 0, 0, 1, 1,
	 {"2026-03-11", NULL, NULL, "2026-04-16"}},
	/* 68. 1st, remote + complicated: +60: 31 Mar (29), 30 Apr (59), Fri 1 May (holiday)
	 *     -> 2-3 weekend -> Mon 4 May */
	{CPL, "2026-02-25", "2026-03-02", 0, 0, CX, 0, 0, 1, 1,
	 {"2026-03-11", NULL, NULL, "2026-05-04"}},
	/* 69. 1st, particularly complicated (same period as complicated, 45): received Tue 10 Mar
	 *     (10 WD): 11(1) 12 13(3) 16 17 18 19 20(8) 23(9) 24(10) (re-counted from 10 CD,
	 *     Fri 20 Mar); accepted Thu 12 Mar: +19 = 31 Mar, +26 = Sun 26 Apr (Hùng)
	 *     -> Mon 27 (make-up) -> Tue 28 Apr */
	{CPL, "2026-03-10", "2026-03-12", 0, 0, PX, 0, 0, 0, 1,
	 {"2026-03-24", NULL, NULL, "2026-04-28"}},
	/* 70. 2nd instance: received Thu 26 Feb 2026 (10 WD): 27(1) 2 Mar(2) 3 4 5 6(6) 9(7)
	 *     10 11(9) 12(10) (re-counted from 10 CD, Mon 9 Mar);
	 *     accepted Mon 2 Mar: +45 = Thu 16 Apr */
	{CPL, "2026-02-26", "2026-03-02", 0, 0, NO, 0, 0, 0, 2,
	 {"2026-03-12", NULL, NULL, "2026-04-16"}},
	/* 71. 2nd, complicated: +60 = Fri 1 May -> Mon 4 May */
	{CPL, "2026-02-26", "2026-03-02", 0, 0, CX, 0, 0, 0, 2,
	 {"2026-03-12", NULL, NULL, "2026-05-04"}},
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
	 *     3(1) 4(2) Sat 5(3, worked, 6519/VPCP-KGVX) 7(4) 8 9 10 11(8) 14(9) 15(10).
	 *     Re-counted: expected Wed 16 Jan, which missed the working Saturday. */
	{PET, "2019-01-02", 0, 0, 0, NO, 0, 0, 0, 1, {"2019-01-15"}},
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

/*
 * What the data says independently of the engine: the years 2019-2026 are
 * announced, 2027 on are computed, and the one unconfirmed day is Culture
 * Day 2026. A window (trigger to deadline, both included) is provisional
 * iff it reaches 2027 or holds 2026-11-24.
 */
static bool window_provisional(dm_day from, dm_day to)
{
	int y, m, d;
	dm_day_to_ymd(to, &y, &m, &d);
	if (y >= 2027)
		return true;
	dm_day culture;
	TC_CHECK(dm_day_from_ymd(2026, 11, 24, &culture));
	return from <= culture && culture <= to;
}

/* The trigger day of deadline k of row r. */
static dm_day trigger_of(const struct row *r, int k)
{
	if (k == DM_DL_NOTIFY || k == DM_DL_SETTLE)
		return day_of(r->accepted);
	if (k == DM_DL_CONCLUSION_NOTIFY)
		return day_of(r->settled);
	return day_of(r->received);
}

/* "YYYY-MM-DD" of a day, in one of four rotating buffers. */
static const char *F(dm_day d)
{
	static char buf[4][DM_DAY_STRLEN];
	static int n;
	char *b = buf[n++ % 4];
	if (d == DM_DAY_NONE)
		return "-";
	dm_day_format(d, b);
	return b;
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
			const bool prov = d.at[k] != DM_DAY_NONE &&
					  window_provisional(trigger_of(r, k), d.at[k]);
			if (d.provisional[k] != prov)
				fprintf(stderr, "row %zu: %s provisional is %d, expected %d\n", i + 1,
					dm_deadline_key((enum dm_deadline_kind)k), d.provisional[k], prov);
			TC_CHECK(d.provisional[k] == prov);
			TC_CHECK(d.provisional[k] == (d.provisional_day[k] != DM_DAY_NONE));
		}
	}
}

/*
 * Every notice line of 2019-2026 (and the compensatory days the Labour
 * Code gives), crossed by a deadline counted by hand. 'W': n working days
 * after the trigger (Civil Code Art. 147); 'C': trigger + n calendar days,
 * moved to the next working day if that is a day off (Art. 148(5)).
 */
struct src_row {
	const char *line; /* the notice line, or the computed day, crossed */
	const char *from;
	int n;
	char unit;
	const char *want;
	bool provisional;
};

static const struct src_row src_rows[] = {
	/* ---- 2019: 6519/VPCP-KGVX of 11/7/2018. The first three windows start in
	 *      December 2018, a computed year (no rule set receives a case then):
	 *      provisional ---- */
	/* Fri 28 Dec 2018: [29-30 weekend, Mon 31 swapped off, Tue 1 Jan] 2(1) 3(2) 4(3) Sat 5(4) */
	{"off 2018-12-31 / work 2019-01-05", "2018-12-28", 4, 'W', "2019-01-05", true},
	/* Fri 21 Dec 2018 +10 = Mon 31 Dec (off) -> Tue 1 Jan (New Year) -> Wed 2 Jan */
	{"off 2018-12-31", "2018-12-21", 10, 'C', "2019-01-02", true},
	/* Wed 26 Dec 2018 +10 = Sat 5 Jan 2019, a working Saturday: no roll */
	{"work 2019-01-05", "2018-12-26", 10, 'C', "2019-01-05", true},
	/* Wed 2 Jan 2019: Thu 3(1) Fri 4(2) Sat 5(3), worked; inside 2019, not provisional */
	{"work 2019-01-05", "2019-01-02", 3, 'W', "2019-01-05", false},
	/* Fri 1 Feb: [Sat 2-Sun 10 Feb, Tết] Mon 11(1) */
	{"holiday tet 2019", "2019-02-01", 1, 'W', "2019-02-11", false},
	/* Fri 25 Jan +10 = Mon 4 Feb (Tết) -> ... Sun 10 -> Mon 11 Feb */
	{"holiday tet 2019", "2019-01-25", 10, 'C', "2019-02-11", false},
	/* Hùng Kings Sun 14 Apr -> Mon 15 compensatory (Art. 115(3)): Fri 12: [13-15] Tue 16(1) */
	{"compensatory 2019-04-15", "2019-04-12", 1, 'W', "2019-04-16", false},
	/* Fri 5 Apr +10 = Mon 15 Apr (compensatory) -> Tue 16 */
	{"compensatory 2019-04-15", "2019-04-05", 10, 'C', "2019-04-16", false},
	/* Fri 26 Apr: [27-28 weekend, Mon 29 swapped off, Tue 30, Wed 1 May] 2(1) 3(2) Sat 4(3) */
	{"off 2019-04-29 / work 2019-05-04", "2019-04-26", 3, 'W', "2019-05-04", false},
	/* Fri 19 Apr +10 = Mon 29 Apr (off) -> 30, 1 May -> Thu 2 May */
	{"off 2019-04-29", "2019-04-19", 10, 'C', "2019-05-02", false},
	/* Wed 24 Apr +10 = Sat 4 May, worked: no roll */
	{"work 2019-05-04", "2019-04-24", 10, 'C', "2019-05-04", false},
	/* National Day 2019, one day (Labour Code 10/2012/QH13 Art. 115(1)(đ)):
	 * Fri 30 Aug: [31 Aug-1 Sep weekend, Mon 2 Sep] Tue 3(1), a working day */
	{"2 Sep 2019, one day", "2019-08-30", 1, 'W', "2019-09-03", false},
	/* Fri 23 Aug +10 = Mon 2 Sep -> Tue 3 Sep */
	{"2 Sep 2019, one day", "2019-08-23", 10, 'C', "2019-09-03", false},

	/* ---- 2020: Bộ LĐTB&XH 4544 of 25/10/2019 ---- */
	/* Wed 22 Jan: [Thu 23-Wed 29 Jan] Thu 30(1) */
	{"holiday tet 2020", "2020-01-22", 1, 'W', "2020-01-30", false},
	/* Mon 13 Jan +10 = Thu 23 Jan (Tết) -> ... Wed 29 -> Thu 30 */
	{"holiday tet 2020", "2020-01-13", 10, 'C', "2020-01-30", false},
	/* Sat 18 Jan +10 = Tue 28 Jan (Tết, for mùng 1 on Sat 25) -> Wed 29 -> Thu 30 */
	{"holiday tet 2020", "2020-01-18", 10, 'C', "2020-01-30", false},
	/* National Day 2020, one day (Art. 115(1)(đ)): Mon 31 Aug: Tue 1 Sep(1) [Wed 2] Thu 3(2) */
	{"2 Sep 2020, one day", "2020-08-31", 2, 'W', "2020-09-03", false},
	/* Sat 22 Aug +10 = Tue 1 Sep, a working day: no roll */
	{"2 Sep 2020, one day", "2020-08-22", 10, 'C', "2020-09-01", false},
	/* Sun 23 Aug +10 = Wed 2 Sep -> Thu 3 Sep */
	{"2 Sep 2020, one day", "2020-08-23", 10, 'C', "2020-09-03", false},

	/* ---- 2021: 9895/VPCP-KGVX of 26/11/2020 ---- */
	/* Tue 9 Feb: [Wed 10-Tue 16 Feb] Wed 17(1) */
	{"holiday tet 2021", "2021-02-09", 1, 'W', "2021-02-17", false},
	/* Sun 31 Jan +10 = Wed 10 Feb -> ... Tue 16 -> Wed 17 */
	{"holiday tet 2021", "2021-01-31", 10, 'C', "2021-02-17", false},
	/* Sat 1 May -> Mon 3 May compensatory (Art. 111(3)): Thu 29 Apr: [Fri 30, 1-2, Mon 3] Tue 4(1) */
	{"compensatory 2021-05-03", "2021-04-29", 1, 'W', "2021-05-04", false},
	/* Fri 23 Apr +10 = Mon 3 May -> Tue 4 */
	{"compensatory 2021-05-03", "2021-04-23", 10, 'C', "2021-05-04", false},
	/* Wed 1 Sep: [Thu 2, Fri 3 (adjacent), 4-5] Mon 6(1) */
	{"holiday national 2021", "2021-09-01", 1, 'W', "2021-09-06", false},
	/* Tue 24 Aug +10 = Fri 3 Sep -> Mon 6 */
	{"holiday national 2021", "2021-08-24", 10, 'C', "2021-09-06", false},

	/* ---- 2022: 245/VPCP-KGVX of 11/1/2022 ---- */
	/* Sat 1 Jan -> Mon 3 Jan compensatory: Fri 31 Dec 2021: [1-2, Mon 3] Tue 4(1) */
	{"compensatory 2022-01-03", "2021-12-31", 1, 'W', "2022-01-04", false},
	/* Fri 24 Dec 2021 +10 = Mon 3 Jan -> Tue 4 */
	{"compensatory 2022-01-03", "2021-12-24", 10, 'C', "2022-01-04", false},
	/* Fri 28 Jan: [29-30 weekend, Mon 31 Jan-Fri 4 Feb, 5-6] Mon 7(1) */
	{"holiday tet 2022", "2022-01-28", 1, 'W', "2022-02-07", false},
	/* Fri 21 Jan +10 = Mon 31 Jan -> ... -> Mon 7 Feb */
	{"holiday tet 2022", "2022-01-21", 10, 'C', "2022-02-07", false},
	/* Sun 10 Apr -> Mon 11 Apr: Fri 8: [9-11] Tue 12(1) */
	{"compensatory 2022-04-11", "2022-04-08", 1, 'W', "2022-04-12", false},
	/* Fri 1 Apr +10 = Mon 11 Apr -> Tue 12 */
	{"compensatory 2022-04-11", "2022-04-01", 10, 'C', "2022-04-12", false},
	/* Sat 30 Apr, Sun 1 May -> Mon 2, Tue 3 May: Fri 29 Apr: [30 Apr-3 May] Wed 4(1) */
	{"compensatory 2022-05-02/03", "2022-04-29", 1, 'W', "2022-05-04", false},
	/* Sat 23 Apr +10 = Tue 3 May -> Wed 4 */
	{"compensatory 2022-05-03", "2022-04-23", 10, 'C', "2022-05-04", false},
	/* Wed 31 Aug: [Thu 1 (adjacent), Fri 2, 3-4] Mon 5(1) */
	{"holiday national 2022", "2022-08-31", 1, 'W', "2022-09-05", false},
	/* Mon 22 Aug +10 = Thu 1 Sep -> Mon 5 */
	{"holiday national 2022", "2022-08-22", 10, 'C', "2022-09-05", false},

	/* ---- 2023: 8056/VPCP-KGVX of 1/12/2022 ---- */
	/* Sun 1 Jan -> Mon 2 Jan: Fri 30 Dec 2022: [31-1, Mon 2] Tue 3(1) */
	{"compensatory 2023-01-02", "2022-12-30", 1, 'W', "2023-01-03", false},
	/* Fri 23 Dec 2022 +10 = Mon 2 Jan -> Tue 3 */
	{"compensatory 2023-01-02", "2022-12-23", 10, 'C', "2023-01-03", false},
	/* Thu 19 Jan: [Fri 20-Thu 26 Jan] Fri 27(1) */
	{"holiday tet 2023", "2023-01-19", 1, 'W', "2023-01-27", false},
	/* Tue 10 Jan +10 = Fri 20 Jan -> ... -> Fri 27 */
	{"holiday tet 2023", "2023-01-10", 10, 'C', "2023-01-27", false},
	/* Hùng Kings Sat 29 Apr, Sun 30 Apr, Mon 1 May -> Tue 2, Wed 3 May (Art. 111(3)):
	 * Fri 28 Apr: [29 Apr-3 May] Thu 4(1) */
	{"compensatory 2023-05-02/03", "2023-04-28", 1, 'W', "2023-05-04", false},
	/* Sat 22 Apr +10 = Tue 2 May -> Wed 3 -> Thu 4 */
	{"compensatory 2023-05-02", "2023-04-22", 10, 'C', "2023-05-04", false},
	/* Sun 23 Apr +10 = Wed 3 May -> Thu 4 */
	{"compensatory 2023-05-03", "2023-04-23", 10, 'C', "2023-05-04", false},
	/* Thu 31 Aug: [Fri 1 (adjacent), 2-3, Mon 4] Tue 5(1) */
	{"holiday national 2023", "2023-08-31", 1, 'W', "2023-09-05", false},
	/* Fri 25 Aug +10 = Mon 4 Sep -> Tue 5 */
	{"holiday national 2023", "2023-08-25", 10, 'C', "2023-09-05", false},

	/* ---- 2024: 8662/VPCP-KGVX of 3/11/2023; 2450/VPCP-KGVX of 12/4/2024 ---- */
	/* Wed 7 Feb: [Thu 8-Wed 14 Feb] Thu 15(1) */
	{"holiday tet 2024", "2024-02-07", 1, 'W', "2024-02-15", false},
	/* Mon 29 Jan +10 = Thu 8 Feb -> ... -> Thu 15 */
	{"holiday tet 2024", "2024-01-29", 10, 'C', "2024-02-15", false},
	/* Fri 26 Apr: [27-28, Mon 29 swapped off, 30, 1 May] 2(1) 3(2) Sat 4(3) */
	{"off 2024-04-29 / work 2024-05-04", "2024-04-26", 3, 'W', "2024-05-04", false},
	/* Fri 19 Apr +10 = Mon 29 Apr (off) -> 30, 1 May -> Thu 2 May */
	{"off 2024-04-29", "2024-04-19", 10, 'C', "2024-05-02", false},
	/* Wed 24 Apr +10 = Sat 4 May, worked: no roll */
	{"work 2024-05-04", "2024-04-24", 10, 'C', "2024-05-04", false},
	/* Fri 30 Aug: [Sat 31 Aug-Tue 3 Sep (adjacent)] Wed 4(1) */
	{"holiday national 2024", "2024-08-30", 1, 'W', "2024-09-04", false},
	/* Sat 24 Aug +10 = Tue 3 Sep -> Wed 4 */
	{"holiday national 2024", "2024-08-24", 10, 'C', "2024-09-04", false},

	/* ---- 2025: 8726/VPCP-KGVX of 26/11/2024 ---- */
	/* Fri 24 Jan: [Sat 25 Jan-Sun 2 Feb] Mon 3(1) */
	{"holiday tet 2025", "2025-01-24", 1, 'W', "2025-02-03", false},
	/* Fri 17 Jan +10 = Mon 27 Jan -> ... -> Mon 3 Feb */
	{"holiday tet 2025", "2025-01-17", 10, 'C', "2025-02-03", false},
	/* Fri 25 Apr: Sat 26(1), worked */
	{"work 2025-04-26", "2025-04-25", 1, 'W', "2025-04-26", false},
	/* Tue 29 Apr: [30, 1, Fri 2 swapped off, 3-4] Mon 5(1) */
	{"off 2025-05-02", "2025-04-29", 1, 'W', "2025-05-05", false},
	/* Tue 22 Apr +10 = Fri 2 May (off) -> Mon 5 */
	{"off 2025-05-02", "2025-04-22", 10, 'C', "2025-05-05", false},
	/* Fri 29 Aug: [Sat 30 Aug-Tue 2 Sep, Mon 1 adjacent] Wed 3(1) */
	{"holiday national 2025", "2025-08-29", 1, 'W', "2025-09-03", false},
	/* Fri 22 Aug +10 = Mon 1 Sep -> Tue 2 -> Wed 3 */
	{"holiday national 2025", "2025-08-22", 10, 'C', "2025-09-03", false},

	/* ---- 2026: 12729/VPCP-KGVX of 25/12/2025; 9441/TB-BNV of 16/10/2025 ---- */
	/* Wed 31 Dec 2025: [Thu 1 Jan, Fri 2 swapped off, 3-4] Mon 5(1) */
	{"off 2026-01-02", "2025-12-31", 1, 'W', "2026-01-05", false},
	/* Fri 9 Jan: Sat 10(1), worked */
	{"work 2026-01-10", "2026-01-09", 1, 'W', "2026-01-10", false},
	/* Tue 23 Dec 2025 +10 = Fri 2 Jan (off) -> 3-4 -> Mon 5 */
	{"off 2026-01-02", "2025-12-23", 10, 'C', "2026-01-05", false},
	/* Wed 31 Dec 2025 +10 = Sat 10 Jan, worked: no roll */
	{"work 2026-01-10", "2025-12-31", 10, 'C', "2026-01-10", false},
	/* Fri 13 Feb: [Sat 14-Sun 22 Feb] Mon 23(1) */
	{"holiday tet 2026", "2026-02-13", 1, 'W', "2026-02-23", false},
	/* Fri 6 Feb +10 = Mon 16 Feb -> ... -> Mon 23 */
	{"holiday tet 2026", "2026-02-06", 10, 'C', "2026-02-23", false},
	/* Hùng Kings Sun 26 Apr -> Mon 27 compensatory: Fri 24: [25-27] Tue 28(1) */
	{"compensatory 2026-04-27", "2026-04-24", 1, 'W', "2026-04-28", false},
	/* No swap at 30/4-1/5: Mon 27 Apr: Tue 28(1) Wed 29(2) [Thu 30-Sun 3 May] Mon 4(3) */
	{"30 Apr-1 May 2026, no swap", "2026-04-27", 3, 'W', "2026-05-04", false},
	/* Sat 18 Apr +10 = Tue 28 Apr, a working day (no swap): no roll */
	{"30 Apr-1 May 2026, no swap", "2026-04-18", 10, 'C', "2026-04-28", false},
	/* Fri 21 Aug: Sat 22(1), worked */
	{"work 2026-08-22", "2026-08-21", 1, 'W', "2026-08-22", false},
	/* Wed 12 Aug +10 = Sat 22 Aug, worked: no roll */
	{"work 2026-08-22", "2026-08-12", 10, 'C', "2026-08-22", false},
	/* Fri 28 Aug: [29-30, Mon 31 swapped off, Tue 1 (adjacent), Wed 2] Thu 3(1) */
	{"off 2026-08-31 / holiday national 2026", "2026-08-28", 1, 'W', "2026-09-03", false},
	/* Fri 21 Aug +10 = Mon 31 Aug (off) -> 1, 2 Sep -> Thu 3 */
	{"off 2026-08-31", "2026-08-21", 10, 'C', "2026-09-03", false},
	/* Culture Day Tue 24 Nov, unconfirmed: Mon 23: [24] Wed 25(1), provisional */
	{"unconfirmed 2026-11-24", "2026-11-23", 1, 'W', "2026-11-25", true},
	/* Sat 14 Nov +10 = Tue 24 Nov -> Wed 25, provisional */
	{"unconfirmed 2026-11-24", "2026-11-14", 10, 'C', "2026-11-25", true},

	/* ---- 2027: computed, lines reported of 10065/VPCP-KGVX: provisional ---- */
	/* Wed 3 Feb: [Thu 4-Wed 10 Feb] Thu 11(1) */
	{"holiday tet 2027 (reported)", "2027-02-03", 1, 'W', "2027-02-11", true},
	/* Mon 25 Jan +10 = Thu 4 Feb -> ... -> Thu 11 */
	{"holiday tet 2027 (reported)", "2027-01-25", 10, 'C', "2027-02-11", true},
	/* Wed 1 Sep: [Thu 2, Fri 3 (adjacent), 4-5] Mon 6(1) */
	{"holiday national 2027 (reported)", "2027-09-01", 1, 'W', "2027-09-06", true},
};

static void test_sources(void)
{
	for (size_t i = 0; i < sizeof(src_rows) / sizeof(src_rows[0]); i++) {
		const struct src_row *r = &src_rows[i];
		const dm_day from = day_of(r->from);
		const dm_day at = r->unit == 'W' ? dm_cal_add_working_days(from, r->n)
						 : dm_cal_add_calendar_days(from, r->n);
		char got[DM_DAY_STRLEN] = "-";
		if (at != DM_DAY_NONE)
			dm_day_format(at, got);
		if (strcmp(got, r->want) != 0)
			fprintf(stderr, "%s: %s + %d %c is %s, expected %s\n", r->line, r->from,
				r->n, r->unit, got, r->want);
		TC_CHECK_STR(got, r->want);
		const bool prov = dm_cal_first_provisional(from, at) != DM_DAY_NONE;
		if (prov != r->provisional)
			fprintf(stderr, "%s: provisional is %d\n", r->line, prov);
		TC_CHECK(prov == r->provisional);
	}
}

/* The provisional bit of dm_deadlines_compute, and the years' status. */
static void test_provisional(void)
{
	struct dm_clock c;
	struct dm_deadlines d;
	for (int y = 2019; y <= 2026; y++)
		TC_CHECK_INT(dm_cal_year_status(y), DM_CAL_YEAR_ANNOUNCED);
	TC_CHECK_INT(dm_cal_year_status(2018), DM_CAL_YEAR_COMPUTED);
	TC_CHECK_INT(dm_cal_year_status(2027), DM_CAL_YEAR_COMPUTED);
	TC_CHECK_INT(dm_cal_year_status(2100), DM_CAL_YEAR_COMPUTED);
	TC_CHECK_INT(dm_cal_year_status(2101), DM_CAL_YEAR_COMPUTED);
	TC_CHECK(strstr(dm_cal_year_documents(2026), "12729/VPCP-KGVX") != NULL);
	TC_CHECK(strstr(dm_cal_year_documents(2026), "9441/TB-BNV") != NULL);
	TC_CHECK(strstr(dm_cal_year_documents(2019), "6519/VPCP-KGVX") != NULL);
	TC_CHECK_STR(dm_cal_year_documents(2027), "");
	TC_CHECK_STR(dm_cal_year_status_name(DM_CAL_YEAR_ANNOUNCED), "announced");
	TC_CHECK_STR(dm_cal_year_status_name(DM_CAL_YEAR_COMPUTED), "computed");

	/* Into 2027: Mon 28 Dec 2026: 29(1) 30 31(3) [1-3 Jan] 4(4) 5(5)=transfer 6 7(7);
	 * both windows reach Fri 1 Jan 2027, the first day of a computed year. */
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, day_of("2026-12-28"));
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_OK);
	TC_CHECK(d.provisional[DM_DL_PROCESS] && d.provisional[DM_DL_TRANSFER]);
	TC_CHECK_INT(d.provisional_day[DM_DL_PROCESS], day_of("2027-01-01"));
	TC_CHECK(dm_deadlines_any_provisional(&d));
	TC_CHECK(!d.provisional[DM_DL_NOTIFY]); /* absent */

	/* Inside 2026, after Culture Day: Tue 15 Dec: 16(1) 17 18 21 22(5)=transfer 23 24(7). */
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, day_of("2026-12-15"));
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_OK);
	TC_CHECK_STR(F(d.at[DM_DL_PROCESS]), "2026-12-24");
	TC_CHECK(!d.provisional[DM_DL_PROCESS] && !d.provisional[DM_DL_TRANSFER]);
	TC_CHECK_INT(d.provisional_day[DM_DL_PROCESS], DM_DAY_NONE);
	TC_CHECK(!dm_deadlines_any_provisional(&d));

	/* Second complaint (7 WD, set 2026-07): Mon 21 Dec 2026: 22(1) 23 24 25(4) 28 29(6)
	 * 30(7), inside an announced year: not provisional. Wed 23 Dec: 24(1) 25(2) 28 29
	 * 30(5) 31(6) [Fri 1 Jan 2027] Mon 4 Jan(7): provisional (the count runs into 2027).
	 * Re-counted: expected Thu 31 Dec and, from Tue 22 Dec, Mon 4 Jan (10 CD). */
	dm_clock_init(&c, DM_TRACK_COMPLAINT, day_of("2026-12-21"));
	c.instance = 2;
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_OK);
	TC_CHECK_STR(F(d.at[DM_DL_PROCESS]), "2026-12-30");
	TC_CHECK(!d.provisional[DM_DL_PROCESS]);
	c.received = day_of("2026-12-23");
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_OK);
	TC_CHECK_STR(F(d.at[DM_DL_PROCESS]), "2027-01-04");
	TC_CHECK(d.provisional[DM_DL_PROCESS]);

	/* Culture Day 2026 is unconfirmed: Fri 20 Nov (the worked example) is provisional
	 * through Tue 24 Nov; Wed 25 Nov: 26(1) 27 30 1 Dec 2(5)=transfer 3 4(7) is not. */
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, day_of("2026-11-20"));
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_OK);
	TC_CHECK(d.provisional[DM_DL_PROCESS]);
	TC_CHECK_INT(d.provisional_day[DM_DL_PROCESS], day_of("2026-11-24"));
	struct dm_cal_day info;
	TC_CHECK_INT(dm_cal_day_info(day_of("2026-11-24"), &info), TC_OK);
	TC_CHECK(info.provisional && strstr(info.doubt_en, "28/2026/QH16") != NULL);
	TC_CHECK_INT(dm_cal_day_info(day_of("2026-11-25"), &info), TC_OK);
	TC_CHECK(!info.provisional && info.doubt_en[0] == '\0');
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, day_of("2026-11-25"));
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_OK);
	TC_CHECK_STR(F(d.at[DM_DL_PROCESS]), "2026-12-04");
	TC_CHECK(!d.provisional[DM_DL_PROCESS]);

	/* Settlement from an acceptance in 2026 into 2027 (row 74): accepted Mon 23 Nov;
	 * the first provisional day of the window is the acceptance's next day, 24 Nov. */
	dm_clock_init(&c, DM_TRACK_COMPLAINT, day_of("2026-11-16"));
	c.accepted = day_of("2026-11-23");
	c.remote_area = true;
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_OK);
	TC_CHECK(d.provisional[DM_DL_SETTLE]);
	TC_CHECK_INT(d.provisional_day[DM_DL_SETTLE], day_of("2026-11-24"));

	/* Deadlines wholly inside announced years: 2019, 2020, 2025. */
	static const char *const inside[] = {"2019-01-02", "2020-08-31", "2025-08-27"};
	for (size_t i = 0; i < sizeof(inside) / sizeof(inside[0]); i++) {
		dm_clock_init(&c, DM_TRACK_DENUNCIATION, day_of(inside[i]));
		TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_OK);
		TC_CHECK(!dm_deadlines_any_provisional(&d));
	}
	/* A failed computation leaves nothing provisional. */
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, day_of("2100-12-28"));
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_ERANGE);
	TC_CHECK(!dm_deadlines_any_provisional(&d));
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
	TC_CHECK_STR(d.basis[DM_DL_SETTLE], "Luật Tố cáo 2018, Điều 30(1)");
	TC_CHECK_STR(d.basis[DM_DL_CONCLUSION_NOTIFY], "Luật Tố cáo 2018, Điều 35(3)");
	TC_CHECK_STR(d.rules->name, "2026-07");
	/* next = the earliest: transfer_by Mon 30 Nov */
	TC_CHECK_INT(dm_deadlines_next(&d), day_of("2026-11-30"));

	dm_clock_init(&c, DM_TRACK_COMPLAINT, day_of("2026-06-30"));
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_OK);
	TC_CHECK_STR(d.rules->name, "2020-12");
	TC_CHECK_STR(d.basis[DM_DL_PROCESS],
		     "Nghị định 124/2020/NĐ-CP, Điều 16(1) (Luật Khiếu nại 2011, Điều 27: 10 ngày)");
	/* The set boundaries: 2019 until 2020-12-04, 2020-12 from 2020-12-05 (citations only),
	 * 2026-07 from 2026-07-01 (Decree 155/2026). */
	dm_clock_init(&c, DM_TRACK_COMPLAINT, day_of("2020-12-04"));
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_OK);
	TC_CHECK_STR(d.rules->name, "2019");
	TC_CHECK(strstr(d.basis[DM_DL_PROCESS], "Thông tư 07/2013/TT-TTCP, Điều 5(1)") != NULL);
	c.received = day_of("2020-12-05");
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_OK);
	TC_CHECK_STR(d.rules->name, "2020-12");
	c.received = day_of("2026-07-01");
	TC_CHECK_INT(dm_deadlines_compute(&c, &d), TC_OK);
	TC_CHECK_STR(d.rules->name, "2026-07");
	TC_CHECK_STR(d.basis[DM_DL_PROCESS], "Nghị định 155/2026/NĐ-CP, Điều 10 (sửa khoản 1 "
					     "Điều 16 Nghị định 124/2020/NĐ-CP)");

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
	TC_RUN(test_sources);
	TC_RUN(test_provisional);
	TC_RUN(test_basis_and_sets);
	TC_RUN(test_errors);
	return tc_test_done();
}
