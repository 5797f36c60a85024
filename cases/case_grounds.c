/*
 * case_grounds.c - the declines by legal ground (case_grounds.h). The
 * counters of kind COUNT_DECLINED keep the ground as their value, in the
 * day counters and their roll-ups: a period reads its whole years,
 * quarters and months from one counter each (case_counts_range), so the
 * cost follows the combinations kept, not the cases.
 */
#include <string.h>

#include "case_grounds.h"

struct ground_walk {
	const struct mf_filter *filter;
	struct mon_grounds *g;
};

static int add_decline(const struct case_count_key *k, int64_t n, void *arg)
{
	struct ground_walk *w = arg;
	const struct mf_filter *flt = w->filter;
	if ((flt->province[0] && memcmp(k->province, flt->province, 2) != 0) ||
	    (flt->track && k->track != flt->track) || (flt->category && k->category != flt->category))
		return 0;
	/* A value beyond the table (a newer tocao's code) counts as "not recorded". */
	int v = k->value < MG_GROUNDS ? k->value : 0;
	int p = mon_province_index(k->province), u = mon_unit_index(k->unit);
	w->g->total[v] += n;
	if (p >= 0)
		w->g->province[p][v] += n;
	if (u >= 0)
		w->g->unit[u][v] += n;
	return 0;
}

int mon_grounds_compute(struct store_txn *txn, const struct mf_filter *filter, dm_day from,
			dm_day to, dm_day today, struct mon_grounds *g)
{
	memset(g, 0, sizeof(*g));
	struct ground_walk w = {.filter = filter, .g = g};
	return case_counts_range(txn, COUNT_DECLINED, from, case_counts_horizon(to, today),
				 add_decline, &w);
}

/* One breakdown by ground rounded to add up to its published total; salt keeps rows apart. */
static void protect_row(int64_t row[MG_GROUNDS], int64_t published, uint32_t salt)
{
	_Static_assert(MG_GROUNDS <= MF_MARGIN_MAX, "a row fits the rounding");
	(void)mf_round_margin(row, MG_GROUNDS, published, salt);
}

void mon_grounds_protect(struct mon_grounds *g, const struct mon_figures *f)
{
	if (g->is_protected)
		return;
	protect_row(g->total, f->ev[MF_DECLINED], 0x67720000u);
	for (size_t p = 0; p < DM_PROVINCE_COUNT; p++)
		protect_row(g->province[p], f->ev_province[MF_DECLINED][p], 0x67720100u + (uint32_t)p);
	for (size_t u = 0; u < DM_UNIT_COUNT; u++)
		protect_row(g->unit[u], f->ev_unit[MF_DECLINED][u], 0x67720200u + (uint32_t)u);
	g->is_protected = true;
}
