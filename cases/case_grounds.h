/*
 * case_grounds.h - the declines of a period by their legal ground
 * (dm_grounds.h), for the monitors: in all, by province and by unit, read
 * from the COUNT_DECLINED counters (whose value is the ground, schema 6),
 * never from the cases. Protected like every other figure (case_figures.h
 * "Disclosure control"): each breakdown by ground is rounded, cell by cell
 * to a multiple of MF_ROUND_BASE, to add up to its published declined
 * total (f->ev[MF_DECLINED], its province's, its unit's), so that no cell
 * singles out 1 or 2 cases and the grounds add up to the figure shown
 * beside them.
 */
#ifndef TOCAO_CASE_GROUNDS_H
#define TOCAO_CASE_GROUNDS_H

#include <stdint.h>

#include "case_figures.h"
#include "dm_grounds.h"

#define MG_GROUNDS (DM_GROUND_MAX + 1) /* index 0: not recorded (declines before schema 6) */

struct mon_grounds {
	int64_t total[MG_GROUNDS];
	int64_t province[DM_PROVINCE_COUNT][MG_GROUNDS];
	int64_t unit[DM_UNIT_COUNT][MG_GROUNDS];
	bool is_protected;
};

/* The exact counts for [from, to] as of today within filter (as mon_figures_compute's). */
int mon_grounds_compute(struct store_txn *txn, const struct mf_filter *filter, dm_day from,
			dm_day to, dm_day today, struct mon_grounds *g) TC_WUR;

/*
 * Disclosure control, in place, against f's published figures of the same
 * filter and period (mon_figures_protect done): every cell a multiple of
 * MF_ROUND_BASE, each row adding up to its published declined count.
 */
void mon_grounds_protect(struct mon_grounds *g, const struct mon_figures *f);

#endif
