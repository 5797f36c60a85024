/*
 * dm_calendar.c - the working-day calendar, precomputed for 1900-2100.
 *
 * Every day of the supported range gets a kind in one table, built at
 * load time from the Labour Code's holidays and the notices; queries are
 * then table lookups, so a deadline never depends on the order in which
 * questions are asked, and readers need no lock.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_calendar.h"
#include "dm_lunar.h"
#include "dm_snapshot.h"

/* 1900-01-01 .. 2100-12-31: 201 years, 49 of them leap (1900 and 2100 are not). */
#define NDAYS (201 * 365 + 49)
#define NOTE_NONE UINT16_MAX
/* Caps on what notice files may add, so a runaway file cannot exhaust memory. */
#define MAX_OVERRIDES 2048
#define MAX_NOTICE_DAYS 4096
/* A notice range longer than this is a typo, not a holiday. */
#define MAX_HOLIDAY_SPAN 16
#define MAX_OFF_SPAN 31
#define MAX_YEAR_LINES 1024
#define NYEARS (DM_YEAR_MAX - DM_YEAR_MIN + 1)

/* A notice's exact days for one statutory holiday in one year. */
struct override {
	enum dm_cal_kind key;
	int year;
	dm_day first, last;
};

/* What an off/work/unconfirmed/confirmed line does to its days. */
enum nd_kind { ND_OFF, ND_WORK, ND_UNCONFIRMED, ND_CONFIRMED };

/* An extra day off (range), a day made working, or a doubt, with its reason. */
struct notice_day {
	dm_day first, last;
	enum nd_kind kind;
	const char *vi, *en;
};

/* A "year" line: the year is announced (documents given) or computed. */
struct year_line {
	int year;
	bool announced;
	const char *docs;
};

/*
 * One immutable calendar: its day tables and the notice lines it was built
 * from (the built-in ones first, then an operator's), so that a later
 * calendar can be built on top of it. Never freed (dm_snapshot.h).
 */
struct dm_cal {
	dm_day first;                  /* 1900-01-01 */
	uint8_t kind[NDAYS];
	uint8_t comp[NDAYS];           /* compensated holiday, for DM_CAL_COMPENSATORY */
	uint16_t note[NDAYS];          /* index in nd, or NOTE_NONE */
	uint8_t needs_comp[NDAYS];     /* build scratch: computed holiday on a weekend */
	uint16_t doubt[NDAYS];         /* index of the "unconfirmed" line in nd, or NOTE_NONE */
	uint8_t prov[NDAYS];           /* provisional: a computed year, or a doubt */
	bool year_announced[NYEARS];
	const char *year_docs[NYEARS]; /* the documents of an announced year */
	struct override *ov;
	size_t n_ov;
	struct notice_day *nd;
	size_t n_nd;
	struct year_line *yl;
	size_t n_yl;
	uint64_t fp;                   /* dm_cal_fingerprint() */
};

/* The built-in calendar (dm_init()), the base every operator's file is laid on. */
static const struct dm_cal *builtin_cal;

/* The calendar of the snapshot in force; NULL before dm_init(). */
static const struct dm_cal *cur(void)
{
	return dm_snapshot_current()->cal;
}

struct kind_info {
	const char *name, *vi, *en, *comp_vi, *comp_en;
};

static const struct kind_info kinds[DM_CAL_KIND_COUNT] = {
	[DM_CAL_WORKING] = {"working", "", "", NULL, NULL},
	[DM_CAL_WORKING_SWAPPED] = {"working_swapped", "Ngày làm việc bù", "Working day (swapped)",
				    NULL, NULL},
	[DM_CAL_WEEKEND] = {"weekend", "Nghỉ hằng tuần", "Weekend", NULL, NULL},
	[DM_CAL_NEW_YEAR] = {"new_year", "Tết Dương lịch", "New Year's Day",
			     "Nghỉ bù Tết Dương lịch", "Compensatory day for New Year's Day"},
	[DM_CAL_TET] = {"tet", "Tết Nguyên đán", "Lunar New Year (Tết)", "Nghỉ bù Tết Nguyên đán",
			"Compensatory day for Tết"},
	[DM_CAL_HUNG_KINGS] = {"hung_kings", "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
			       "Hùng Kings' Commemoration Day", "Nghỉ bù Giỗ Tổ Hùng Vương",
			       "Compensatory day for Hùng Kings' Day"},
	[DM_CAL_REUNIFICATION] = {"reunification", "Ngày Chiến thắng (30/4)", "Reunification Day",
				  "Nghỉ bù Ngày Chiến thắng", "Compensatory day for Reunification Day"},
	[DM_CAL_LABOUR] = {"labour", "Ngày Quốc tế lao động (1/5)", "International Labour Day",
			   "Nghỉ bù Ngày Quốc tế lao động", "Compensatory day for Labour Day"},
	[DM_CAL_NATIONAL] = {"national", "Quốc khánh (2/9)", "National Day", "Nghỉ bù Quốc khánh",
			     "Compensatory day for National Day"},
	[DM_CAL_CULTURE] = {"culture", "Ngày Văn hóa Việt Nam (24/11)", "Vietnamese Culture Day",
			    "Nghỉ bù Ngày Văn hóa Việt Nam", "Compensatory day for Culture Day"},
	[DM_CAL_COMPENSATORY] = {"compensatory", "Nghỉ bù", "Compensatory day off", NULL, NULL},
	[DM_CAL_NOTICE_OFF] = {"notice_off", "Nghỉ theo thông báo", "Day off by notice", NULL, NULL},
};

const char *dm_cal_kind_name(enum dm_cal_kind k)
{
	return (unsigned)k < DM_CAL_KIND_COUNT ? kinds[k].name : "?";
}

static bool is_holiday_kind(enum dm_cal_kind k)
{
	return k >= DM_CAL_NEW_YEAR && k <= DM_CAL_CULTURE;
}

static bool is_weekend(dm_day d) { return dm_day_weekday(d) >= 6; }

static dm_day ymd(int y, int m, int d)
{
	dm_day r;
	return dm_day_from_ymd(y, m, d, &r) ? r : DM_DAY_NONE;
}

/* Table index of a day, or -1 outside the range (or before loading). */
static long idx_of(const struct dm_cal *C, dm_day d)
{
	if (C == NULL || d == DM_DAY_NONE)
		return -1;
	long i = (long)d - (long)C->first;
	return i >= 0 && i < NDAYS ? i : -1;
}

/*
 * The day a holiday is anchored to in a year (the day a notice's range
 * must contain), or DM_DAY_NONE if the holiday did not exist that year.
 */
static dm_day holiday_anchor(enum dm_cal_kind key, int year)
{
	switch (key) {
	case DM_CAL_NEW_YEAR: return ymd(year, 1, 1);
	case DM_CAL_TET: return dm_lunar_tet(year);
	/* A public holiday since 2007 (Labour Code amendment 2007). */
	case DM_CAL_HUNG_KINGS: return year >= 2007 ? dm_lunar_hung_kings(year) : DM_DAY_NONE;
	case DM_CAL_REUNIFICATION: return ymd(year, 4, 30);
	case DM_CAL_LABOUR: return ymd(year, 5, 1);
	case DM_CAL_NATIONAL: return ymd(year, 9, 2);
	/* Resolution 28/2026/QH16: from 2026-07-01, so first observed 2026-11-24. */
	case DM_CAL_CULTURE: return year >= 2026 ? ymd(year, 11, 24) : DM_DAY_NONE;
	default: return DM_DAY_NONE;
	}
}

/*
 * The day next to 2 September when no notice fixes it (Labour Code 2019,
 * from 2021). The Prime Minister picks 1 or 3 September each year; the
 * habit has been the one that joins a weekend (Thu→Fri 3 in 2021, Fri→Thu 1
 * in 2022, Sat→Fri 1 in 2023, Mon→Tue 3 in 2024, Tue→Mon 1 in 2025, Wed→Tue 1
 * in 2026, per the notices of data/calendar/notices.txt). This is only a
 * fallback: ship the notice.
 */
static dm_day national_adjacent(int year)
{
	dm_day sep2 = ymd(year, 9, 2);
	switch (dm_day_weekday(sep2)) {
	case 1: return sep2 + 1; /* Mon: Tue 3 (Sun 1 would be a weekend) */
	case 4: return sep2 + 1; /* Thu: Fri 3 */
	case 5: return sep2 - 1; /* Fri: Thu 1 */
	case 6: return sep2 - 1; /* Sat: Fri 1 (2023) */
	case 7: return sep2 + 1; /* Sun: Mon 3 */
	default: return sep2 - 1; /* Tue: Mon 1 (2025); Wed: Tue 1 */
	}
}

static const struct override *find_override(const struct dm_cal *C, enum dm_cal_kind key,
					   int year)
{
	/* The last one wins: operator files load after the built-in data. */
	for (size_t i = C->n_ov; i-- > 0;)
		if (C->ov[i].key == key && C->ov[i].year == year)
			return &C->ov[i];
	return NULL;
}

static void mark(struct dm_cal *C, dm_day d, enum dm_cal_kind k, bool needs_comp)
{
	long i = idx_of(C, d);
	if (i < 0 || is_holiday_kind((enum dm_cal_kind)C->kind[i]))
		return;
	C->kind[i] = (uint8_t)k;
	C->needs_comp[i] = needs_comp && is_weekend(d);
}

static void mark_range(struct dm_cal *C, dm_day a, dm_day b, enum dm_cal_kind k,
		       bool needs_comp)
{
	for (dm_day d = a; d <= b; d++)
		mark(C, d, k, needs_comp);
}

static void build_year(struct dm_cal *C, int y)
{
	for (int k = DM_CAL_NEW_YEAR; k <= DM_CAL_CULTURE; k++) {
		const enum dm_cal_kind key = (enum dm_cal_kind)k;
		const dm_day anchor = holiday_anchor(key, y);
		if (anchor == DM_DAY_NONE)
			continue;
		/* A notice's range is final: it already arranges any make-up day. */
		const struct override *o = find_override(C, key, y);
		if (o != NULL) {
			mark_range(C, o->first, o->last, key, false);
			continue;
		}
		if (key == DM_CAL_TET) {
			/* Customary choice: the last day of the old year and the first
			 * four of the new (5 days since the Labour Code 2012; 4 before). */
			mark_range(C, anchor - 1, anchor + (y >= 2013 ? 3 : 2), key, true);
		} else if (key == DM_CAL_NATIONAL && y >= 2021) {
			/* Labour Code 45/2019/QH14 Art. 112(1)(đ), in force 2021-01-01:
			 * 2 September and one adjacent day. Before, Labour Code
			 * 10/2012/QH13 Art. 115(1)(đ): 2 September only (the else). */
			mark(C, anchor, key, true);
			mark(C, national_adjacent(y), key, true);
		} else {
			mark(C, anchor, key, true);
		}
	}
}

/* Art. 111(3) (Art. 115(3) of the 2012 Code): a holiday on a weekly rest
 * day gives the next working day off. In date order, so Saturday's make-up
 * day comes before Sunday's and both skip days already off. */
static void apply_compensation(struct dm_cal *C)
{
	for (long i = 0; i < NDAYS; i++) {
		if (!C->needs_comp[i])
			continue;
		for (long j = i + 1; j < NDAYS; j++) {
			if (C->kind[j] == DM_CAL_WORKING) {
				C->kind[j] = DM_CAL_COMPENSATORY;
				C->comp[j] = C->kind[i];
				break;
			}
		}
	}
}

/* Notices last, in load order: a later line about the same day wins. */
static void apply_notices(struct dm_cal *C)
{
	for (size_t n = 0; n < C->n_nd; n++) {
		const struct notice_day *nd = &C->nd[n];
		for (dm_day d = nd->first; d <= nd->last; d++) {
			long i = idx_of(C, d);
			if (i < 0)
				continue;
			if (nd->kind == ND_UNCONFIRMED || nd->kind == ND_CONFIRMED) {
				C->doubt[i] = nd->kind == ND_UNCONFIRMED ? (uint16_t)n : NOTE_NONE;
				continue;
			}
			if (nd->kind == ND_WORK)
				C->kind[i] = DM_CAL_WORKING_SWAPPED;
			else if (is_holiday_kind((enum dm_cal_kind)C->kind[i]))
				continue; /* keep the statutory reason */
			else
				C->kind[i] = DM_CAL_NOTICE_OFF;
			C->note[i] = (uint16_t)n;
		}
	}
}

/* Year lines in load order (the last about a year wins), then each day's
 * provisional bit. */
static void apply_years(struct dm_cal *C)
{
	for (int y = 0; y < NYEARS; y++) {
		C->year_announced[y] = false;
		C->year_docs[y] = "";
	}
	for (size_t n = 0; n < C->n_yl; n++) {
		const struct year_line *yl = &C->yl[n];
		C->year_announced[yl->year - DM_YEAR_MIN] = yl->announced;
		C->year_docs[yl->year - DM_YEAR_MIN] = yl->announced ? yl->docs : "";
	}
	for (int y = DM_YEAR_MIN; y <= DM_YEAR_MAX; y++) {
		long a = idx_of(C, ymd(y, 1, 1)), b = idx_of(C, ymd(y, 12, 31));
		for (long i = a; i <= b; i++)
			C->prov[i] = !C->year_announced[y - DM_YEAR_MIN] || C->doubt[i] != NOTE_NONE;
	}
}

/*
 * The fingerprint of what deadlines depend on: each day's working and
 * provisional bits, in date order (FNV-1a 64). Reasons and documents are
 * left out: rewording a notice changes no deadline.
 */
static uint64_t fingerprint(const struct dm_cal *C)
{
	uint64_t h = DM_FNV_OFFSET;
	for (long i = 0; i < NDAYS; i++) {
		uint8_t b = (uint8_t)((C->kind[i] == DM_CAL_WORKING ||
				       C->kind[i] == DM_CAL_WORKING_SWAPPED) |
				      (C->prov[i] ? 2 : 0));
		h = dm_fnv1a(h, &b, 1);
	}
	return h;
}

static void rebuild(struct dm_cal *C)
{
	C->first = ymd(DM_YEAR_MIN, 1, 1);
	for (long i = 0; i < NDAYS; i++) {
		C->kind[i] = is_weekend(C->first + (dm_day)i) ? DM_CAL_WEEKEND : DM_CAL_WORKING;
		C->comp[i] = 0;
		C->note[i] = NOTE_NONE;
		C->doubt[i] = NOTE_NONE;
		C->needs_comp[i] = 0;
	}
	for (int y = DM_YEAR_MIN; y <= DM_YEAR_MAX; y++)
		build_year(C, y);
	apply_compensation(C);
	apply_notices(C);
	apply_years(C);
	C->fp = fingerprint(C);
}

bool dm_cal_is_loaded(void) { return cur() != NULL; }

/* ---- notice parser ---- */

struct parser {
	struct dm_parse_error *err;
	size_t b_ov, b_nd, b_yl;       /* what the base calendar already holds */
	int line;
	struct override ov[MAX_OVERRIDES];
	size_t n_ov;
	struct notice_day nd[MAX_NOTICE_DAYS];
	size_t n_nd;
	struct year_line yl[MAX_YEAR_LINES];
	size_t n_yl;
};

static int fail(struct parser *p, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, int rc, const char *fmt, ...)
{
	if (p->err != NULL) {
		va_list ap;
		va_start(ap, fmt);
		p->err->line = p->line;
		vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* Next whitespace-separated token of *s, NUL-terminated in place; NULL at end. */
static char *token(char **s)
{
	char *p = *s;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return NULL;
	char *start = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	if (*p)
		*p++ = '\0';
	*s = p;
	return start;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static int parse_date(struct parser *p, const char *tok, dm_day *out)
{
	if (tok == NULL)
		return fail(p, TC_EFORMAT, "missing date");
	int rc = dm_day_parse(tok, strlen(tok), out);
	if (rc == TC_ERANGE)
		return fail(p, TC_ERANGE, "date \"%s\" is outside 1900-2100", tok);
	if (rc != TC_OK)
		return fail(p, TC_EFORMAT, "\"%s\" is not a date (YYYY-MM-DD)", tok);
	return TC_OK;
}

/* "Vietnamese | English", both non-empty. */
static int parse_reason(struct parser *p, char *rest, const char **vi, const char **en)
{
	char *bar = strchr(rest, '|');
	if (bar == NULL)
		return fail(p, TC_EFORMAT, "reason must be \"Vietnamese | English\"");
	*bar = '\0';
	*vi = trim(rest);
	*en = trim(bar + 1);
	if (**vi == '\0' || **en == '\0' || strchr(*en, '|') != NULL)
		return fail(p, TC_EFORMAT, "reason must be \"Vietnamese | English\"");
	return TC_OK;
}

/* Exactly four digits, within 1900-2100. */
static int parse_year(struct parser *p, const char *tok, int *out)
{
	if (tok == NULL)
		return fail(p, TC_EFORMAT, "missing year");
	char *end;
	long year = strtol(tok, &end, 10);
	if (*end != '\0' || end == tok || strlen(tok) != 4)
		return fail(p, TC_EFORMAT, "\"%s\" is not a year", tok);
	if (year < DM_YEAR_MIN || year > DM_YEAR_MAX)
		return fail(p, TC_ERANGE, "year %s is outside 1900-2100", tok);
	*out = (int)year;
	return TC_OK;
}

/* year YEAR announced DOCUMENTS... | year YEAR computed [why...] */
static int parse_yearline(struct parser *p, char *rest)
{
	struct year_line yl = {0};
	int rc = parse_year(p, token(&rest), &yl.year);
	if (rc != TC_OK)
		return rc;
	const char *status = token(&rest);
	if (status == NULL || (strcmp(status, "announced") != 0 && strcmp(status, "computed") != 0))
		return fail(p, TC_EFORMAT, "usage: year YEAR announced DOCUMENTS | year YEAR computed");
	yl.announced = strcmp(status, "announced") == 0;
	yl.docs = trim(rest);
	if (yl.announced && yl.docs[0] == '\0')
		return fail(p, TC_EFORMAT, "an announced year must name its documents");
	if (p->n_yl == MAX_YEAR_LINES || p->b_yl + p->n_yl >= MAX_YEAR_LINES)
		return fail(p, TC_EFORMAT, "too many year lines");
	p->yl[p->n_yl++] = yl;
	return TC_OK;
}

static int parse_holiday(struct parser *p, char *rest)
{
	const char *key_s = token(&rest), *year_s = token(&rest);
	if (key_s == NULL || year_s == NULL)
		return fail(p, TC_EFORMAT, "usage: holiday KEY YEAR FIRST LAST");
	enum dm_cal_kind key = DM_CAL_KIND_COUNT;
	for (int k = DM_CAL_NEW_YEAR; k <= DM_CAL_CULTURE; k++)
		if (strcmp(kinds[k].name, key_s) == 0)
			key = (enum dm_cal_kind)k;
	if (key == DM_CAL_KIND_COUNT)
		return fail(p, TC_EFORMAT, "unknown holiday key \"%s\"", key_s);
	int year;
	int rc = parse_year(p, year_s, &year);
	if (rc != TC_OK)
		return rc;
	dm_day first, last;
	rc = parse_date(p, token(&rest), &first);
	if (rc == TC_OK)
		rc = parse_date(p, token(&rest), &last);
	if (rc != TC_OK)
		return rc;
	if (token(&rest) != NULL)
		return fail(p, TC_EFORMAT, "unexpected text after the range");
	if (last < first || last - first >= MAX_HOLIDAY_SPAN)
		return fail(p, TC_EFORMAT, "range must be 1 to 16 days, first day first");
	dm_day anchor = holiday_anchor(key, year);
	if (anchor == DM_DAY_NONE)
		return fail(p, TC_EFORMAT, "holiday \"%s\" did not exist that year", key_s);
	if (anchor < first || anchor > last)
		return fail(p, TC_EFORMAT, "range does not contain the %s holiday of that year",
			    key_s);
	if (p->n_ov == MAX_OVERRIDES || p->b_ov + p->n_ov >= MAX_OVERRIDES)
		return fail(p, TC_EFORMAT, "too many holiday lines");
	p->ov[p->n_ov++] = (struct override){key, year, first, last};
	return TC_OK;
}

static int parse_offwork(struct parser *p, char *rest, enum nd_kind kind)
{
	dm_day first, last;
	int rc = parse_date(p, token(&rest), &first);
	if (rc != TC_OK)
		return rc;
	last = first;
	if (kind != ND_WORK) {
		/* An optional second date: ten characters shaped like one. */
		while (*rest == ' ' || *rest == '\t')
			rest++;
		if (strlen(rest) >= 10 && rest[4] == '-' && rest[7] == '-' &&
		    (rest[10] == '\0' || rest[10] == ' ' || rest[10] == '\t')) {
			rc = parse_date(p, token(&rest), &last);
			if (rc != TC_OK)
				return rc;
		}
		if (last < first || last - first >= MAX_OFF_SPAN)
			return fail(p, TC_EFORMAT, "range must be 1 to 31 days, first day first");
	} else if (!is_weekend(first)) {
		return fail(p, TC_EFORMAT, "only a Saturday or Sunday can be made a working day");
	}
	struct notice_day nd = {.first = first, .last = last, .kind = kind};
	rc = parse_reason(p, rest, &nd.vi, &nd.en);
	if (rc != TC_OK)
		return rc;
	if (p->n_nd == MAX_NOTICE_DAYS || p->b_nd + p->n_nd >= MAX_NOTICE_DAYS)
		return fail(p, TC_EFORMAT, "too many off/work/unconfirmed lines");
	p->nd[p->n_nd++] = nd;
	return TC_OK;
}

static int parse_directive(struct parser *p, const char *dir, char *rest)
{
	if (strcmp(dir, "holiday") == 0)
		return parse_holiday(p, rest);
	if (strcmp(dir, "year") == 0)
		return parse_yearline(p, rest);
	if (strcmp(dir, "off") == 0)
		return parse_offwork(p, rest, ND_OFF);
	if (strcmp(dir, "work") == 0)
		return parse_offwork(p, rest, ND_WORK);
	if (strcmp(dir, "unconfirmed") == 0)
		return parse_offwork(p, rest, ND_UNCONFIRMED);
	if (strcmp(dir, "confirmed") == 0)
		return parse_offwork(p, rest, ND_CONFIRMED);
	return fail(p, TC_EFORMAT,
		    "unknown directive \"%s\" (year, holiday, off, work, unconfirmed, confirmed)", dir);
}

/* Parse text (a NUL-terminated copy, modified in place) into p. */
static int parse_notices(struct parser *p, char *copy)
{
	for (char *line = copy, *next; line != NULL; line = next) {
		p->line++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		size_t ll = strlen(line);
		if (ll > 0 && line[ll - 1] == '\r')
			line[ll - 1] = '\0';
		/* '#' starts a comment anywhere; reasons therefore cannot hold one. */
		char *hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		char *rest = line;
		char *dir = token(&rest);
		if (dir == NULL)
			continue;
		int rc = parse_directive(p, dir, rest);
		if (rc != TC_OK)
			return rc;
	}
	return TC_OK;
}

/* base's lines then p's, in a new calendar built from them; NULL on allocation failure. */
static struct dm_cal *assemble(const struct dm_cal *base, const struct parser *p)
{
	struct dm_cal *C = calloc(1, sizeof(*C));
	size_t n_ov = p->b_ov + p->n_ov, n_nd = p->b_nd + p->n_nd, n_yl = p->b_yl + p->n_yl;
	if (C == NULL || (C->ov = calloc(n_ov + 1, sizeof(*C->ov))) == NULL ||
	    (C->nd = calloc(n_nd + 1, sizeof(*C->nd))) == NULL ||
	    (C->yl = calloc(n_yl + 1, sizeof(*C->yl))) == NULL) {
		if (C != NULL) {
			free(C->ov);
			free(C->nd);
		}
		free(C);
		return NULL;
	}
	if (base != NULL) {
		memcpy(C->ov, base->ov, p->b_ov * sizeof(*C->ov));
		memcpy(C->nd, base->nd, p->b_nd * sizeof(*C->nd));
		memcpy(C->yl, base->yl, p->b_yl * sizeof(*C->yl));
	}
	memcpy(C->ov + p->b_ov, p->ov, p->n_ov * sizeof(*C->ov));
	memcpy(C->nd + p->b_nd, p->nd, p->n_nd * sizeof(*C->nd));
	memcpy(C->yl + p->b_yl, p->yl, p->n_yl * sizeof(*C->yl));
	C->n_ov = n_ov;
	C->n_nd = n_nd;
	C->n_yl = n_yl;
	rebuild(C);
	return C;
}

int dm_cal_build(const struct dm_cal *base, const char *text, size_t len,
		 struct dm_parse_error *err, const struct dm_cal **out)
{
	int rc = TC_OK;
	struct parser *p = calloc(1, sizeof(*p));
	/* The copy is never freed once used: the reasons of the calendar point into it. */
	char *copy = malloc(len + 1);
	*out = NULL;
	if (err != NULL) {
		err->line = 0;
		err->msg[0] = '\0';
	}
	if (p == NULL || copy == NULL) {
		rc = TC_ENOMEM;
		goto out;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	p->err = err;
	if (base != NULL) {
		p->b_ov = base->n_ov;
		p->b_nd = base->n_nd;
		p->b_yl = base->n_yl;
	}
	if (memchr(text, '\0', len) != NULL)
		rc = fail(p, TC_EFORMAT, "file contains a NUL byte");
	else
		rc = parse_notices(p, copy);
	struct dm_cal *C = rc == TC_OK ? assemble(base, p) : NULL;
	if (rc == TC_OK && C == NULL)
		rc = TC_ENOMEM;
	/*
	 * Kept for good, with the text its reasons point into (dm_snapshot.h).
	 * Out of memory here, a listed C stays allocated, unused: harmless.
	 */
	if (rc == TC_OK && (dm_keep(C) != TC_OK || dm_keep(copy) != TC_OK))
		rc = TC_ENOMEM;
	if (rc == TC_OK) {
		*out = C;
		copy = NULL;
	}
out:
	free(copy);
	free(p);
	return rc;
}

const struct dm_cal *dm_cal_builtin(void) { return builtin_cal; }

uint64_t dm_cal_fingerprint(const struct dm_cal *cal) { return cal ? cal->fp : 0; }

int dm_cal_load_builtin(const char *text, size_t len, struct dm_parse_error *err)
{
	if (builtin_cal != NULL)
		return TC_EBUSY;
	const struct dm_cal *C;
	int rc = dm_cal_build(NULL, text, len, err, &C);
	if (rc != TC_OK)
		return rc;
	const struct dm_snapshot *s = dm_snapshot_current();
	rc = dm_snapshot_publish(C, C->fp, s->rules, s->rules_fp);
	if (rc == TC_OK)
		builtin_cal = C;
	return rc;
}

int dm_cal_load_notices(const char *text, size_t len, struct dm_parse_error *err)
{
	const struct dm_snapshot *s = dm_snapshot_current();
	if (builtin_cal == NULL || s->cal == NULL) {
		if (err != NULL) {
			err->line = 0;
			snprintf(err->msg, sizeof(err->msg), "call dm_init() first");
		}
		return TC_ESTATE;
	}
	const struct dm_cal *C;
	int rc = dm_cal_build(s->cal, text, len, err, &C);
	if (rc == TC_OK)
		rc = dm_snapshot_publish(C, C->fp, s->rules, s->rules_fp);
	return rc;
}

/* ---- queries ---- */

static void fill(const struct dm_cal *C, long i, struct dm_cal_day *out)
{
	const enum dm_cal_kind k = (enum dm_cal_kind)C->kind[i];
	out->day = C->first + (dm_day)i;
	out->kind = k;
	out->working = k == DM_CAL_WORKING || k == DM_CAL_WORKING_SWAPPED;
	out->compensates = DM_CAL_WORKING;
	out->reason = kinds[k].vi;
	out->reason_en = kinds[k].en;
	out->provisional = C->prov[i] != 0;
	out->doubt = C->doubt[i] != NOTE_NONE ? C->nd[C->doubt[i]].vi : "";
	out->doubt_en = C->doubt[i] != NOTE_NONE ? C->nd[C->doubt[i]].en : "";
	if (C->note[i] != NOTE_NONE) {
		out->reason = C->nd[C->note[i]].vi;
		out->reason_en = C->nd[C->note[i]].en;
	} else if (k == DM_CAL_COMPENSATORY) {
		out->compensates = (enum dm_cal_kind)C->comp[i];
		out->reason = kinds[C->comp[i]].comp_vi;
		out->reason_en = kinds[C->comp[i]].comp_en;
	}
}

int dm_cal_day_info(dm_day day, struct dm_cal_day *out)
{
	const struct dm_cal *C = cur();
	long i = idx_of(C, day);
	if (i < 0)
		return TC_ERANGE;
	fill(C, i, out);
	return TC_OK;
}

bool dm_cal_is_working_day(dm_day day)
{
	const struct dm_cal *C = cur();
	long i = idx_of(C, day);
	return i >= 0 && (C->kind[i] == DM_CAL_WORKING || C->kind[i] == DM_CAL_WORKING_SWAPPED);
}

static int list_year(int year, bool working, struct dm_cal_day *out, size_t cap, size_t *n)
{
	const struct dm_cal *C = cur();
	*n = 0;
	if (year < DM_YEAR_MIN || year > DM_YEAR_MAX || C == NULL)
		return TC_ERANGE;
	long a = idx_of(C, ymd(year, 1, 1)), b = idx_of(C, ymd(year, 12, 31));
	for (long i = a; i <= b; i++) {
		const enum dm_cal_kind k = (enum dm_cal_kind)C->kind[i];
		bool want = working ? k == DM_CAL_WORKING_SWAPPED
				    : k != DM_CAL_WORKING && k != DM_CAL_WORKING_SWAPPED &&
					      k != DM_CAL_WEEKEND;
		if (!want)
			continue;
		if (*n < cap)
			fill(C, i, &out[*n]);
		(*n)++;
	}
	return *n > cap ? -ENOBUFS : TC_OK;
}

int dm_cal_holidays(int year, struct dm_cal_day *out, size_t cap, size_t *n)
{
	return list_year(year, false, out, cap, n);
}

int dm_cal_swapped_workdays(int year, struct dm_cal_day *out, size_t cap, size_t *n)
{
	return list_year(year, true, out, cap, n);
}

dm_day dm_cal_add_working_days(dm_day start, int n)
{
	const struct dm_cal *C = cur();
	long i = idx_of(C, start);
	if (i < 0 || n < 0)
		return DM_DAY_NONE;
	while (n > 0) {
		if (++i >= NDAYS)
			return DM_DAY_NONE;
		if (C->kind[i] == DM_CAL_WORKING || C->kind[i] == DM_CAL_WORKING_SWAPPED)
			n--;
	}
	return C->first + (dm_day)i;
}

dm_day dm_cal_roll_forward(dm_day day)
{
	const struct dm_cal *C = cur();
	for (long i = idx_of(C, day); i >= 0 && i < NDAYS; i++)
		if (C->kind[i] == DM_CAL_WORKING || C->kind[i] == DM_CAL_WORKING_SWAPPED)
			return C->first + (dm_day)i;
	return DM_DAY_NONE;
}

dm_day dm_cal_add_calendar_days(dm_day start, int n)
{
	if (idx_of(cur(), start) < 0 || n < 0 || n > NDAYS)
		return DM_DAY_NONE;
	return dm_cal_roll_forward(start + n);
}

/* ---- announced and computed years ---- */

enum dm_cal_year_status dm_cal_year_status(int year)
{
	const struct dm_cal *C = cur();
	if (year < DM_YEAR_MIN || year > DM_YEAR_MAX || C == NULL)
		return DM_CAL_YEAR_COMPUTED;
	return C->year_announced[year - DM_YEAR_MIN] ? DM_CAL_YEAR_ANNOUNCED
						     : DM_CAL_YEAR_COMPUTED;
}

const char *dm_cal_year_status_name(enum dm_cal_year_status s)
{
	return s == DM_CAL_YEAR_ANNOUNCED ? "announced" : "computed";
}

const char *dm_cal_year_documents(int year)
{
	const struct dm_cal *C = cur();
	if (C == NULL || year < DM_YEAR_MIN || year > DM_YEAR_MAX ||
	    !C->year_announced[year - DM_YEAR_MIN])
		return "";
	return C->year_docs[year - DM_YEAR_MIN];
}

bool dm_cal_is_provisional(dm_day day)
{
	const struct dm_cal *C = cur();
	long i = idx_of(C, day);
	return i < 0 || C->prov[i] != 0;
}

dm_day dm_cal_first_provisional(dm_day first, dm_day last)
{
	const struct dm_cal *C = cur();
	if (first == DM_DAY_NONE || last == DM_DAY_NONE)
		return DM_DAY_NONE;
	for (dm_day d = first; d <= last; d++) {
		long i = idx_of(C, d);
		if (i < 0 || C->prov[i] != 0)
			return d;
	}
	return DM_DAY_NONE;
}
