/*
 * case_figures.h - the oversight figures of one scope and period, read
 * from the counters (case_counts.h), never from the cases: what the
 * monitors' pages, CSV files, printable report, JSON and `tocao report`
 * show (docs/API.md "Monitors").
 *
 * Disclosure control (SECURITY.md "Disclosure control"): no output may
 * let anyone work out that a cell holds 1 or 2 cases (fewer than
 * MF_SUPPRESS_BELOW). mon_figures_compute() counts exactly;
 * mon_figures_protect() then replaces every count, in place, by a
 * controlled rounding to a multiple of MF_ROUND_BASE: each total is
 * rounded to the multiple just below or just above it (up with a chance
 * of remainder/5, drawn from a keyed hash of the figure's identity and
 * value under the instance's server key, so that the same figure always
 * rounds the same way and nobody without the key knows which way; without
 * a key, to the nearest), and each breakdown of it (by province,
 * track, category, unit, month; the statuses of the open cases and the
 * open cases by province; the overdue cases by unit and days overdue) is
 * rounded, each cell to the multiple just below or just above it, so that
 * its cells add up to the rounded total exactly. Subtracting published
 * parts from a published total then gives back only what is published.
 * Rates and days to settle are computed from the protected figures and
 * shown only over at least MF_RATE_MIN settled cases. Renderers only ever
 * see protected figures (mon_figures_publish).
 */
#ifndef TOCAO_CASE_FIGURES_H
#define TOCAO_CASE_FIGURES_H

#include <stdbool.h>
#include <stdint.h>

#include "dm_date.h"
#include "dm_units.h"
#include "cr.h"
#include "store.h"
#include "case_counts.h"
#include "case_totals.h"

#define MF_SUPPRESS_BELOW 3 /* no output may single out 1 or 2 cases */
#define MF_ROUND_BASE 5     /* every published count is a multiple of this */
#define MF_RATE_MIN 10      /* rates and days to settle over at least this many (published) settled */
#define MF_OVERDUE_BANDS 3  /* days overdue: 1-30, 31-90, over 90 */
#define MF_TRACKS 5      /* enum dm_track values 1..4, index 0 unused */
#define MF_CATEGORIES 12 /* enum dm_category values 1..11 */
#define MF_STATUSES 9    /* enum dm_status values 1..8 */
#define MF_BUCKETS_MAX 40
#define MF_MONTHS_MAX 36 /* longer periods are shown by year */

enum mf_event {
	MF_RECEIVED,
	MF_ACCEPTED,
	MF_SETTLED,
	MF_ON_TIME,
	MF_DECLINED,
	MF_WITHDRAWN,
	MF_TERMINATED,
	MF_TRANSFERRED,  /* out of a unit (to another) */
	MF_CRIMINAL,     /* referred for criminal signs */
	MF_MONITORED,    /* put under monitoring */
	MF_TRANSFERRED_IN, /* into a unit (from another) */
	MF_EVENTS
};

/* Optional filters; 0 / "" = all. */
struct mf_filter {
	char province[3];
	uint8_t track, category;
};

struct mon_figures {
	struct mf_filter filter;
	dm_day from, to;

	/*
	 * Events in the period: in all, per province (dm_province_at order), per
	 * track, per category, per unit (dm_unit_at order).
	 */
	int64_t ev[MF_EVENTS];
	int64_t ev_province[MF_EVENTS][DM_PROVINCE_COUNT];
	int64_t ev_track[MF_EVENTS][MF_TRACKS];
	int64_t ev_category[MF_EVENTS][MF_CATEGORIES];
	int64_t ev_unit[MF_EVENTS][DM_UNIT_COUNT];
	/*
	 * Per level of the accused (index: 0 not recorded, 1..7 dm_level), from
	 * the totals per dimension: a period of whole months only (all that the
	 * monitors' pages ask for); zero for a ragged period (then the level
	 * breakdown covers nothing, and its rounding shows nothing either).
	 */
	int64_t ev_level[MF_EVENTS][TOTAL_LEVELS];
	bool has_level;
	/*
	 * Days from received to settled. Kept by province and track only, so
	 * with a category filter these are all categories' (settle_days_exact false).
	 */
	int64_t settle_days[COUNT_DAYS_CAP + 1];
	bool settle_days_exact;

	/* Over time: months, or years when the period spans more than MF_MONTHS_MAX months. */
	bool by_year;
	int n_buckets;
	dm_day bucket_start[MF_BUCKETS_MAX + 1]; /* [n_buckets] = the day after the period */
	int64_t bucket[MF_EVENTS][MF_BUCKETS_MAX];

	/* Now, whatever the period. */
	int64_t status_now[MF_STATUSES];
	int64_t open_province[DM_PROVINCE_COUNT];
	int64_t overdue, overdue_province[DM_PROVINCE_COUNT], overdue_track[MF_TRACKS];
	int64_t overdue_category[MF_CATEGORIES], overdue_unit[DM_UNIT_COUNT];
	/*
	 * Notices the law requires, past their deadline and not recorded as sent
	 * (case_notices.h), in all and by province (mon_figures_notices; zero until
	 * then). A breakdown of their own total, protected like the overdue cases.
	 */
	int64_t notices_overdue, notices_overdue_province[DM_PROVINCE_COUNT];
	/*
	 * Under monitoring now (STORE_FLAG_MONITORED): open, and overdue among
	 * them; by province and by unit.
	 */
	int64_t monitored_open, monitored_open_province[DM_PROVINCE_COUNT];
	int64_t monitored_open_unit[DM_UNIT_COUNT];
	int64_t monitored_overdue, monitored_overdue_province[DM_PROVINCE_COUNT];
	int64_t monitored_overdue_unit[DM_UNIT_COUNT];
	/* Days from received to the first step (COUNT_FIRST_DAYS), like settle_days. */
	int64_t first_days[COUNT_DAYS_CAP + 1];
	/* Overdue now by unit and days overdue (mon_figures_overdue_bands; zero until then). */
	int64_t overdue_band[DM_UNIT_COUNT][MF_OVERDUE_BANDS];

	/* Set by mon_figures_protect: the counts above are the published ones. */
	bool is_protected;
	/* Days to settle (median, 90th percentile), -1 when not shown; set by mon_figures_protect. */
	int median_days, p90_days;
	/*
	 * Days to the first step (median, 90th percentile), -1 when not shown
	 * (fewer than MF_RATE_MIN first steps, published); set by mon_figures_protect.
	 */
	int median_first_days, p90_first_days;
};

/* The band of a number of days overdue (> 0): 0 for 1-30, 1 for 31-90, 2 beyond. */
int mon_overdue_band(int days_overdue);

/*
 * Fill f (about 50 KB: allocate it) with the exact counts for the period
 * [from, to] as of today (nothing is dated after today: a period up to
 * today reads today's year, quarter and month whole, case_counts_horizon).
 */
int mon_figures_compute(struct store_txn *txn, const struct mf_filter *filter, dm_day from,
			dm_day to, dm_day today, struct mon_figures *f) TC_WUR;

/*
 * The same for the totals only: every event's total, the days histograms
 * and the present exactly as mon_figures_compute's; for a ragged period
 * (not whole months up to the horizon) the breakdowns by province, unit,
 * track, category and level and the chart (bucket) are left zero, and it
 * reads a bounded number of counters (case_totals_ragged) where
 * mon_figures_compute walks the day counters. For figures that show the
 * totals only: the comparison's periods, the digest's last 7 days.
 */
int mon_figures_compute_totals(struct store_txn *txn, const struct mf_filter *filter, dm_day from,
			       dm_day to, dm_day today, struct mon_figures *f) TC_WUR;

/*
 * The cases overdue now (open, flagged by the sweep or the action that
 * made them late: past the deadline their status owes) by unit and band
 * of days overdue on today, within f's filter, from the counters kept by
 * the day of the missed deadline and by 8-day block (case_totals_due_range), after
 * mon_figures_compute: each unit's bands add up to its overdue figure,
 * which the card, the charts and the list all take from the same
 * COUNT_OVERDUE_NOW counters, so they cannot disagree. Never reads a case.
 */
int mon_figures_overdue_bands(struct store_txn *txn, dm_day today, struct mon_figures *f) TC_WUR;

/* Count the notices overdue on today, from the owed-notice index, within f's filter. */
int mon_figures_notices(struct store_txn *txn, dm_day today, struct mon_figures *f) TC_WUR;

/*
 * Disclosure control, in place (see the top of this file): after it, every
 * count in f is published-safe, median_days/p90_days are set, and the
 * days-to-settle histogram is cleared. key: the instance's server key
 * (the totals' rounding), NULL for the nearest multiple. Deterministic;
 * calling it twice does nothing.
 */
void mon_figures_protect(struct mon_figures *f, const struct cr_server_key *key);

/* compute + overdue_bands + notices + protect: what every monitor-facing output uses. */
int mon_figures_publish(struct store_txn *txn, const struct mf_filter *filter, dm_day from,
			dm_day to, dm_day today, const struct cr_server_key *key,
			struct mon_figures *f) TC_WUR;

/* The same with mon_figures_compute_totals: the published totals are mon_figures_publish's. */
int mon_figures_publish_totals(struct store_txn *txn, const struct mf_filter *filter, dm_day from,
			       dm_day to, dm_day today, const struct cr_server_key *key,
			       struct mon_figures *f) TC_WUR;

/*
 * An on-time rate in tenths of a percent (0..1000) from published counts,
 * or -1 when den is under MF_RATE_MIN (not shown).
 */
int mon_rate_permille(int64_t num, int64_t den);

/*
 * The building blocks of mon_figures_protect, for its tests:
 * mf_round_total: the nearest multiple of MF_ROUND_BASE (1 and 2 give 0, 3 and 4 give 5).
 * mf_round_total_keyed: the multiple just below or above x, up with a chance of
 *   (x mod base)/base drawn from the keyed hash of (what, x); nearest without a key.
 * mf_round_margin: x[0..n) in place, each to the multiple of MF_ROUND_BASE just below or
 *   just above it (a multiple stays), adding up to target when target is a multiple
 *   next to their sum (else to mf_round_total of their sum); the cells rounded up are
 *   those with the largest remainders, ties broken by a fixed shuffle seeded by salt.
 *   Returns what they add up to. n <= MF_MARGIN_MAX.
 */
#define MF_MARGIN_MAX 64
int64_t mf_round_total(int64_t x);
int64_t mf_round_total_keyed(int64_t x, const struct cr_server_key *key, const uint8_t *what,
			     size_t what_len);
int64_t mf_round_margin(int64_t *x, size_t n, int64_t target, uint32_t salt);

/*
 * Whole months only: from becomes the 1st of its month, to the last day of
 * its month, or today when that month is today's (a period that ends in
 * the middle of a month would let two periods a day apart be subtracted).
 */
void mon_period_months(dm_day *from, dm_day *to, dm_day today);

/* Median (q = 0.5) or other quantile of days to settle, exact counts; -1 when nothing was settled. */
int mon_figures_settle_quantile(const struct mon_figures *f, double q);

/*
 * The province a monitor of scope ("national" or a province code) sees
 * when asking for asked (len bytes; empty: the whole scope): out gets it,
 * "" for the nation. -1 when asked is no province code, -2 when it lies
 * outside the scope (a provincial monitor sees its province and nothing else).
 */
int mon_scope_province(const char *scope, const char *asked, size_t len, char out[3]);

/* Build the lookup tables below (once, before threads use them; later calls do nothing). */
void mon_figures_init(void);

/* Index of a province code in dm_province_at() order, or -1. */
int mon_province_index(const char code[2]);
/* Index of a unit id in dm_unit_at() order, or -1. */
int mon_unit_index(const char *unit);

#endif
