/*
 * dm_date.h - civil dates as day numbers.
 *
 * A dm_day counts days since 1970-01-01 in the proleptic Gregorian
 * calendar. All legal dates in tocao are local dates in Asia/Ho_Chi_Minh
 * (UTC+7, no daylight saving), so a dm_day never carries a time of day.
 */
#ifndef TOCAO_DM_DATE_H
#define TOCAO_DM_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t dm_day;

/* "No date": an absent deadline, a case not yet accepted. */
#define DM_DAY_NONE INT32_MIN

/* Supported years: the lunar calendar and the rules cover 1900-2100. */
#define DM_YEAR_MIN 1900
#define DM_YEAR_MAX 2100

/* Length of "YYYY-MM-DD" plus its NUL. */
#define DM_DAY_STRLEN 11

/* false if (y, m, d) is not a real date or y is outside DM_YEAR_MIN..MAX. */
bool dm_day_from_ymd(int y, int m, int d, dm_day *out);
void dm_day_to_ymd(dm_day day, int *y, int *m, int *d);

/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int dm_day_weekday(dm_day day);

/*
 * Parse exactly "YYYY-MM-DD" (len bytes, no NUL needed). Returns 0, or
 * TC_EINVAL for anything else (wrong shape, 31 April, 29 February of a
 * common year) and TC_ERANGE for a year outside the supported range.
 */
int dm_day_parse(const char *s, size_t len, dm_day *out);

/* Writes "YYYY-MM-DD" and a NUL into out. */
void dm_day_format(dm_day day, char out[DM_DAY_STRLEN]);

/* The local (UTC+7) date of a Unix time. */
dm_day dm_day_from_unix(int64_t unix_seconds);

int dm_days_in_month(int y, int m);

#endif
