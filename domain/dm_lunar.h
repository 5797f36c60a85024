/*
 * dm_lunar.h - the Vietnamese lunar calendar (âm lịch).
 *
 * Hồ Ngọc Đức's method: a lunar month begins on the local day (UTC+7)
 * that holds the astronomical new moon; month 11 is the month holding the
 * winter solstice; a year with 13 months between two months 11 repeats
 * (as leap month) the first month that holds no major solar term. The
 * astronomy is approximate (Meeus-style series), accurate to well under a
 * day for 1900-2100, which is the supported range. Because months begin
 * at UTC+7 instead of the Chinese UTC+8, some dates differ from the
 * Chinese calendar (Tết 1985, 2007, 2030...).
 *
 * Pure functions: no state, safe from any thread.
 */
#ifndef TOCAO_DM_LUNAR_H
#define TOCAO_DM_LUNAR_H

#include <stdbool.h>

#include "dm_date.h"
#include "tc_err.h"

struct dm_lunar_date {
	int year;   /* lunar year, named after the Gregorian year its 1st month begins in */
	int month;  /* 1..12 */
	int day;    /* 1..30 */
	bool leap;  /* a leap (intercalary) month, e.g. the leap 2nd month of 2023 */
};

/*
 * The lunar date of a solar day. TC_ERANGE if the day lies outside
 * DM_YEAR_MIN-01-01 .. DM_YEAR_MAX-12-31.
 */
int dm_lunar_from_solar(dm_day day, struct dm_lunar_date *out) TC_WUR;

/*
 * The solar day of a lunar date. TC_EINVAL if the date does not exist
 * (month out of 1..12, a leap flag on a month that is not leap that year,
 * day 30 of a 29-day month); TC_ERANGE if the result would lie outside
 * the supported years.
 */
int dm_lunar_to_solar(const struct dm_lunar_date *ld, dm_day *out) TC_WUR;

/* Length (29 or 30) of a lunar month; TC_EINVAL/TC_ERANGE as above. */
int dm_lunar_month_length(int year, int month, bool leap, int *out) TC_WUR;

/* The leap month of a lunar year (1..12), or 0 if the year has none. */
int dm_lunar_leap_month(int year, int *out) TC_WUR;

/*
 * Tết Nguyên đán (1st day of the 1st lunar month) of the Gregorian year
 * `year`, and Hùng Kings' day (10th day of the 3rd lunar month).
 * DM_DAY_NONE if year is outside DM_YEAR_MIN..DM_YEAR_MAX.
 */
dm_day dm_lunar_tet(int year);
dm_day dm_lunar_hung_kings(int year);

#endif
