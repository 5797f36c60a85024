#include "dm_date.h"
#include "tc_err.h"

/* Vietnam has kept UTC+7 without daylight saving since 1975. */
#define DM_UTC_OFFSET_SECONDS (7 * 3600)

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int dm_days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Days from civil: Howard Hinnant's algorithm, exact for all int years. */
static dm_day days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const int yoe = y - era * 400;
	const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool dm_day_from_ymd(int y, int m, int d, dm_day *out)
{
	if (y < DM_YEAR_MIN || y > DM_YEAR_MAX || m < 1 || m > 12 || d < 1 ||
	    d > dm_days_in_month(y, m))
		return false;
	*out = days_from_civil(y, m, d);
	return true;
}

void dm_day_to_ymd(dm_day z, int *y, int *m, int *d)
{
	z += 719468;
	const int era = (z >= 0 ? z : z - 146096) / 146097;
	const int doe = z - era * 146097;
	const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int dm_day_weekday(dm_day day)
{
	/* 1970-01-01 was a Thursday (ISO 4). */
	int r = (int)((day % 7 + 7) % 7);
	return (r + 3) % 7 + 1;
}

static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int dm_day_parse(const char *s, size_t len, dm_day *out)
{
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return TC_EINVAL;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 1 || m > 12 || d < 1 || d > dm_days_in_month(y, m))
		return TC_EINVAL;
	if (y < DM_YEAR_MIN || y > DM_YEAR_MAX)
		return TC_ERANGE;
	return dm_day_from_ymd(y, m, d, out) ? TC_OK : TC_EINVAL;
}

void dm_day_format(dm_day day, char out[DM_DAY_STRLEN])
{
	int y, m, d;

	dm_day_to_ymd(day, &y, &m, &d);
	/* Years are kept within 0..9999 by every caller; clamp to be safe. */
	if (y < 0 || y > 9999)
		y = 0;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

dm_day dm_day_from_unix(int64_t t)
{
	int64_t local = t + DM_UTC_OFFSET_SECONDS;
	int64_t day = local / 86400;
	if (local % 86400 < 0)
		day--;
	return (dm_day)day;
}
