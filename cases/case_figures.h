/*
 * case_figures.h - the oversight figures of one scope and period, read
 * from the counters (case_counts.h), never from the cases: what the
 * monitors' pages, CSV files and printable report show (docs/API.md
 * "Monitors").
 *
 * Counts here are exact; suppressing cells under 3 is the renderer's job
 * (MF_SUPPRESS_BELOW), because a rate or a median must be computed from
 * the exact figures first.
 */
#ifndef TOCAO_CASE_FIGURES_H
#define TOCAO_CASE_FIGURES_H

#include <stdbool.h>
#include <stdint.h>

#include "dm_date.h"
#include "dm_units.h"
#include "store.h"
#include "case_counts.h"

#define MF_SUPPRESS_BELOW 3
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
};

/* Fill f (about 50 KB: allocate it) for the period [from, to]. */
int mon_figures_compute(struct store_txn *txn, const struct mf_filter *filter, dm_day from,
			dm_day to, struct mon_figures *f) TC_WUR;

/* Median (q = 0.5) or other quantile of days to settle; -1 when nothing was settled. */
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
