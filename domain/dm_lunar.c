/*
 * dm_lunar.c - the Vietnamese lunar calendar, after the method published
 * by Hồ Ngọc Đức ("Lịch Việt Nam", informatik.uni-leipzig.de/~duc/amlich):
 * new moons and the sun's longitude from truncated series in Julian day
 * numbers, evaluated for the local time zone UTC+7. Written from the
 * description of the method, not from any existing implementation.
 *
 * Vocabulary: a "lunation index" k counts new moons since the one of
 * 1900-01-01 (JD 2415021); month 11 of a year is the month holding the
 * winter solstice, found near 31 December.
 */
#include <math.h>

#include "dm_lunar.h"

#define TZ_HOURS 7.0                  /* Asia/Ho_Chi_Minh, no DST */
#define JDN_UNIX_EPOCH 2440588L       /* Julian day number of 1970-01-01 */
#define NEW_MOON_EPOCH 2415021.076998695 /* JD of the new moon of 1900-01-01 */
#define SYNODIC 29.530588853          /* mean synodic month, days */
#define PI 3.14159265358979323846
#define RAD (PI / 180.0)

static long jdn_of(dm_day d) { return (long)d + JDN_UNIX_EPOCH; }
static dm_day day_of(long jdn) { return (dm_day)(jdn - JDN_UNIX_EPOCH); }

/*
 * Local day (JDN) holding the k-th new moon after the 1900 epoch. The
 * series gives the moment in Julian Ephemeris Days; delta-T converts to
 * Universal Time and the zone offset to the local civil day.
 */
static long new_moon_day(long k)
{
	const double kk = (double)k;
	const double t = kk / 1236.85; /* Julian centuries from 1900 */
	const double t2 = t * t, t3 = t2 * t;
	double jd = 2415020.75933 + 29.53058868 * kk + 0.0001178 * t2 - 0.000000155 * t3;
	jd += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
	const double m = 359.2242 + 29.10535608 * kk - 0.0000333 * t2 - 0.00000347 * t3;
	const double mp = 306.0253 + 385.81691806 * kk + 0.0107306 * t2 + 0.00001236 * t3;
	const double f = 21.2964 + 390.67050646 * kk - 0.0016528 * t2 - 0.00000239 * t3;
	/* Periodic terms; each carries its own sign. */
	double c = (0.1734 - 0.000393 * t) * sin(m * RAD);
	c += 0.0021 * sin(2 * m * RAD);
	c -= 0.4068 * sin(mp * RAD);
	c += 0.0161 * sin(2 * mp * RAD);
	c -= 0.0004 * sin(3 * mp * RAD);
	c += 0.0104 * sin(2 * f * RAD);
	c -= 0.0051 * sin((m + mp) * RAD);
	c -= 0.0074 * sin((m - mp) * RAD);
	c += 0.0004 * sin((2 * f + m) * RAD);
	c -= 0.0004 * sin((2 * f - m) * RAD);
	c -= 0.0006 * sin((2 * f + mp) * RAD);
	c += 0.0010 * sin((2 * f - mp) * RAD);
	c += 0.0005 * sin((2 * mp + m) * RAD);
	double delta_t;
	if (t < -11)
		delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 -
			  0.000000081 * t * t3;
	else
		delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;
	return (long)floor(jd + c - delta_t + 0.5 + TZ_HOURS / 24.0);
}

/*
 * The sun's apparent longitude at local midnight starting day jdn, as
 * the index of its 30-degree sector (0 = from the vernal equinox; 9 holds
 * the winter solstice). Major solar terms begin each sector.
 */
static int sun_sector(long jdn)
{
	const double jd = (double)jdn - 0.5 - TZ_HOURS / 24.0;
	const double t = (jd - 2451545.0) / 36525.0; /* centuries from J2000 */
	const double t2 = t * t;
	const double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
	const double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
	double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(m * RAD);
	dl += (0.019993 - 0.000101 * t) * sin(2 * m * RAD) + 0.000290 * sin(3 * m * RAD);
	double l = (l0 + dl) * RAD;
	l -= 2 * PI * floor(l / (2 * PI));
	return (int)floor(l / PI * 6);
}

/*
 * First local day of month 11 (the solstice month) of Gregorian year y.
 * y may lie one or two years outside the supported range (the lunar year
 * 1899 begins in 1899; the last months of 2100 need 2101): only a day
 * near 31 December is needed, so step from the nearest supported year.
 */
static long month11_start(int y)
{
	const int yy = y < DM_YEAR_MIN ? DM_YEAR_MIN : y > DM_YEAR_MAX ? DM_YEAR_MAX : y;
	dm_day dec31;
	if (!dm_day_from_ymd(yy, 12, 31, &dec31))
		return 0;
	const long jdn = jdn_of(dec31) + 365L * (y - yy);
	long k = (long)floor(((double)jdn - 2415021.0) / SYNODIC);
	long nm = new_moon_day(k);
	/* A new moon after the solstice (sector 9 reached) starts month 12. */
	if (sun_sector(nm) >= 9)
		nm = new_moon_day(k - 1);
	return nm;
}

static long lunation_of(long jdn)
{
	return (long)floor(((double)jdn - NEW_MOON_EPOCH) / SYNODIC + 0.5);
}

/*
 * In a 13-month year starting at a11, the offset (1..12) of the leap
 * month: the first month whose start sees no change of solar sector,
 * i.e. the month holding no major term.
 */
static int leap_offset(long a11)
{
	long k = lunation_of(a11);
	int i = 1;
	int arc = sun_sector(new_moon_day(k + i)), last;
	do {
		last = arc;
		i++;
		arc = sun_sector(new_moon_day(k + i));
	} while (arc != last && i < 14);
	return i - 1;
}

int dm_lunar_from_solar(dm_day day, struct dm_lunar_date *out)
{
	int y, m, d;
	dm_day first, last;

	(void)dm_day_from_ymd(DM_YEAR_MIN, 1, 1, &first);
	(void)dm_day_from_ymd(DM_YEAR_MAX, 12, 31, &last);
	if (day == DM_DAY_NONE || day < first || day > last)
		return TC_ERANGE;
	dm_day_to_ymd(day, &y, &m, &d);
	const long jdn = jdn_of(day);
	long k = (long)floor(((double)jdn - NEW_MOON_EPOCH) / SYNODIC);
	long month_start = new_moon_day(k + 1);
	/* The mean-motion estimate of k can be one lunation late when the
	 * true new moon is far from the mean one: step back until the month
	 * starts on or before the day (e.g. 2054-05-07, 2062-04-09). */
	while (month_start > jdn)
		month_start = new_moon_day(k--);
	long a11 = month11_start(y), b11;
	int lunar_year;
	if (a11 >= month_start) {
		/* Still before this year's month 11: the year began last winter. */
		lunar_year = y;
		b11 = a11;
		a11 = month11_start(y - 1);
	} else {
		lunar_year = y + 1;
		b11 = month11_start(y + 1);
	}
	const int diff = (int)((month_start - a11) / 29); /* months since month 11 */
	int month = diff + 11;
	bool leap = false;
	if (b11 - a11 > 365) {
		const int lo = leap_offset(a11);
		if (diff >= lo) {
			month = diff + 10;
			leap = diff == lo;
		}
	}
	if (month > 12)
		month -= 12;
	if (month >= 11 && diff < 4)
		lunar_year--;
	out->year = lunar_year;
	out->month = month;
	out->day = (int)(jdn - month_start) + 1;
	out->leap = leap;
	return TC_OK;
}

/* Lunation index of the first day of a lunar month, or a negative tc_err. */
static int lunation_of_month(int year, int month, bool leap, long *k_out)
{
	if (month < 1 || month > 12)
		return TC_EINVAL;
	if (year < DM_YEAR_MIN - 1 || year > DM_YEAR_MAX)
		return TC_ERANGE;
	long a11, b11;
	if (month < 11) {
		a11 = month11_start(year - 1);
		b11 = month11_start(year);
	} else {
		a11 = month11_start(year);
		b11 = month11_start(year + 1);
	}
	int off = month - 11;
	if (off < 0)
		off += 12;
	if (b11 - a11 > 365) {
		const int lo = leap_offset(a11);
		int leap_month = lo - 2;
		if (leap_month <= 0)
			leap_month += 12;
		if (leap && month != leap_month)
			return TC_EINVAL;
		if (leap || off >= lo)
			off++;
	} else if (leap) {
		return TC_EINVAL;
	}
	*k_out = lunation_of(a11) + off;
	return TC_OK;
}

int dm_lunar_month_length(int year, int month, bool leap, int *out)
{
	long k;
	int rc = lunation_of_month(year, month, leap, &k);
	if (rc != TC_OK)
		return rc;
	*out = (int)(new_moon_day(k + 1) - new_moon_day(k));
	return TC_OK;
}

int dm_lunar_to_solar(const struct dm_lunar_date *ld, dm_day *out)
{
	long k;
	int rc = lunation_of_month(ld->year, ld->month, ld->leap, &k);
	if (rc != TC_OK)
		return rc;
	const long start = new_moon_day(k);
	const long len = new_moon_day(k + 1) - start;
	if (ld->day < 1 || ld->day > len)
		return TC_EINVAL;
	dm_day first, last, d = day_of(start + ld->day - 1);
	(void)dm_day_from_ymd(DM_YEAR_MIN, 1, 1, &first);
	(void)dm_day_from_ymd(DM_YEAR_MAX, 12, 31, &last);
	if (d < first || d > last)
		return TC_ERANGE;
	*out = d;
	return TC_OK;
}

int dm_lunar_leap_month(int year, int *out)
{
	if (year < DM_YEAR_MIN || year > DM_YEAR_MAX)
		return TC_ERANGE;
	*out = 0;
	for (int m = 1; m <= 12; m++) {
		long k;
		if (lunation_of_month(year, m, true, &k) == TC_OK) {
			*out = m;
			break;
		}
	}
	return TC_OK;
}

static dm_day lunar_fixed(int year, int month, int day)
{
	struct dm_lunar_date ld = {.year = year, .month = month, .day = day, .leap = false};
	dm_day d;

	if (year < DM_YEAR_MIN || year > DM_YEAR_MAX || dm_lunar_to_solar(&ld, &d) != TC_OK)
		return DM_DAY_NONE;
	return d;
}

dm_day dm_lunar_tet(int year) { return lunar_fixed(year, 1, 1); }

dm_day dm_lunar_hung_kings(int year) { return lunar_fixed(year, 3, 10); }
