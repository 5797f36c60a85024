/*
 * dm_calendar.h - working days in Vietnam's public administration.
 *
 * Working days are Monday to Friday, less the statutory holidays of the
 * Labour Code 45/2019/QH14 Art. 112 (with the compensatory day of
 * Art. 111(3) when one falls on a weekend), less the extra days off of the
 * yearly government notices, plus any weekend day a notice makes a working
 * day in exchange. The holidays are computed for every year 1900-2100; a
 * notice can fix the exact days of a holiday in a given year (Tết, the day
 * next to 2 September...), which then replaces the computation for that
 * holiday and year. The notice format is described in docs/DEADLINES.md.
 *
 * A year is announced when the notices say they hold all of it (a "year
 * YEAR announced DOCUMENTS" line) and computed otherwise; a day of a
 * computed year, or a day marked unconfirmed, is provisional, and so is
 * any deadline whose counted window holds one (dm_deadline.h).
 *
 * dm_init() loads the built-in notices (data/calendar/notices.txt). An
 * operator's notice file is laid over them (its lines override the
 * built-in ones) into a new, immutable calendar (dm_cal_build), which
 * becomes the one in force when its snapshot is published (dm_snapshot.h,
 * dm_data.h): queries read the calendar of the snapshot in force, so they
 * are safe from any thread, also while a reload publishes another one.
 */
#ifndef TOCAO_DM_CALENDAR_H
#define TOCAO_DM_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dm_date.h"
#include "dm_parse.h"
#include "tc_err.h"

/* What a day is. Values are not stored; they may be renumbered. */
enum dm_cal_kind {
	DM_CAL_WORKING = 0,      /* an ordinary working day */
	DM_CAL_WORKING_SWAPPED,  /* a weekend day made a working day by a notice */
	DM_CAL_WEEKEND,          /* Saturday or Sunday */
	DM_CAL_NEW_YEAR,         /* 1 January */
	DM_CAL_TET,              /* Lunar New Year */
	DM_CAL_HUNG_KINGS,       /* 10th day of the 3rd lunar month */
	DM_CAL_REUNIFICATION,    /* 30 April */
	DM_CAL_LABOUR,           /* 1 May */
	DM_CAL_NATIONAL,         /* 2 September and the adjacent day */
	DM_CAL_CULTURE,          /* 24 November, from 2026-07-01 */
	DM_CAL_COMPENSATORY,     /* Art. 111(3): next working day after a holiday on a weekend */
	DM_CAL_NOTICE_OFF,       /* an extra day off by a government notice (swap, special) */
	DM_CAL_KIND_COUNT
};

/* One day's status. The strings are static or owned by the calendar (process lifetime). */
struct dm_cal_day {
	dm_day day;
	enum dm_cal_kind kind;
	bool working;
	const char *reason;      /* Vietnamese, e.g. "Tết Nguyên đán"; "" on an ordinary working day */
	const char *reason_en;   /* English, e.g. "Lunar New Year (Tết)" */
	enum dm_cal_kind compensates; /* for DM_CAL_COMPENSATORY: the holiday made up for */
	bool provisional;        /* in a computed year, or marked unconfirmed (see below) */
	const char *doubt;       /* Vietnamese reason of an "unconfirmed" line; "" if none */
	const char *doubt_en;    /* its English reason; "" if none */
};

/*
 * Whether a year's days off come from its government notices or only from
 * the Labour Code. A year is announced when a notice file has a line
 * "year YEAR announced DOCUMENTS" for it (the last "year" line about a
 * year wins); every other year is computed.
 */
enum dm_cal_year_status {
	DM_CAL_YEAR_COMPUTED = 0,
	DM_CAL_YEAR_ANNOUNCED,
};

/* The most entries one year can list (the holidays plus notices, with room). */
#define DM_CAL_YEAR_MAX 96

/*
 * Parse an operator's notice file (text, len bytes, no NUL needed) and add
 * its lines on top of everything loaded before (the built-in notices
 * included), build the calendar and publish it (with the rule sets in
 * force). For tests and tools; the instance's files go through
 * dm_data_build(). Nothing changes on failure. Errors: TC_ESTATE
 * before dm_init(); TC_EFORMAT with *err filled in (err may be NULL);
 * TC_ENOMEM; TC_ERANGE for a date outside 1900-2100 (also with *err).
 */
int dm_cal_load_notices(const char *text, size_t len, struct dm_parse_error *err) TC_WUR;

/* One immutable calendar (dm_calendar.c); never freed. */
struct dm_cal;

/*
 * Parse a notice file and build a new calendar from base's lines (NULL:
 * none) followed by the file's, without publishing it. TC_EFORMAT or
 * TC_ERANGE with *err filled in; TC_ENOMEM. *out is NULL on failure.
 */
int dm_cal_build(const struct dm_cal *base, const char *text, size_t len,
		 struct dm_parse_error *err, const struct dm_cal **out) TC_WUR;

/* The built-in calendar (dm_init()), the base of every operator's file; NULL before. */
const struct dm_cal *dm_cal_builtin(void);

/*
 * Its fingerprint: FNV-1a 64 over each day's working and provisional bits,
 * 1900-2100 in order (what deadlines depend on; reasons are left out).
 */
uint64_t dm_cal_fingerprint(const struct dm_cal *cal);

/*
 * For dm_init() only: the built-in notices, which must come first so that
 * an operator's lines override them. TC_EBUSY if already loaded; otherwise
 * as dm_cal_load_notices().
 */
int dm_cal_load_builtin(const char *text, size_t len, struct dm_parse_error *err) TC_WUR;

/* Whether the calendar has been built (dm_init() does it). */
bool dm_cal_is_loaded(void);

/*
 * Status of a day. TC_ERANGE outside 1900-01-01..2100-12-31 (or before
 * the calendar is loaded).
 */
int dm_cal_day_info(dm_day day, struct dm_cal_day *out) TC_WUR;

/* false for days off and for days outside the supported range. */
bool dm_cal_is_working_day(dm_day day);

/*
 * The days off of a Gregorian year other than ordinary weekends (holidays,
 * weekend days inside a notice's holiday range, compensatory days, extra
 * days off), in date order. Writes at most cap entries, sets *n to the
 * total. TC_ERANGE for a year outside DM_YEAR_MIN..MAX; -ENOBUFS if cap
 * was too small (DM_CAL_YEAR_MAX always suffices).
 */
int dm_cal_holidays(int year, struct dm_cal_day *out, size_t cap, size_t *n) TC_WUR;

/* The weekend days a notice made working days in that year; as above. */
int dm_cal_swapped_workdays(int year, struct dm_cal_day *out, size_t cap, size_t *n) TC_WUR;

/*
 * The n-th working day after start (Civil Code Art. 147: counting begins
 * the day after the trigger; start itself never counts, whatever it is).
 * n == 0 gives start. DM_DAY_NONE if n < 0, start is DM_DAY_NONE, or the
 * count runs outside the supported range.
 */
dm_day dm_cal_add_working_days(dm_day start, int n);

/*
 * start + n calendar days, moved to the next working day if that day is a
 * day off (Civil Code Art. 148(5)). DM_DAY_NONE as above.
 */
dm_day dm_cal_add_calendar_days(dm_day start, int n);

/* The first working day on or after day; DM_DAY_NONE out of range. */
dm_day dm_cal_roll_forward(dm_day day);

/* DM_CAL_YEAR_COMPUTED for a year without notice, outside 1900-2100 or before loading. */
enum dm_cal_year_status dm_cal_year_status(int year);

/* "announced" or "computed". */
const char *dm_cal_year_status_name(enum dm_cal_year_status s);

/* The documents of an announced year as its "year" line names them; "" otherwise. */
const char *dm_cal_year_documents(int year);

/*
 * A day is provisional when its year is computed, or when an
 * "unconfirmed" notice line covers it (a day off whose instrument nobody
 * has read) and no later "confirmed" line lifts it. true outside the
 * supported range.
 */
bool dm_cal_is_provisional(dm_day day);

/*
 * The first provisional day of first..last (both included), or
 * DM_DAY_NONE if there is none (or either bound is DM_DAY_NONE). A
 * deadline is provisional when the window from its trigger day to the
 * deadline holds such a day: its date may move once the notice is known.
 */
dm_day dm_cal_first_provisional(dm_day first, dm_day last);

/* API name of a kind ("tet", "compensatory"...), never NULL. */
const char *dm_cal_kind_name(enum dm_cal_kind k);

#endif
