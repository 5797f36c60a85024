/*
 * case_grounds.c - the declines by legal ground (case_grounds.h). The
 * counters of kind COUNT_DECLINED keep the ground as their value, and so
 * do their totals per dimension (case_totals.h): a period of whole months
 * -- every period a monitor can ask -- reads the total, the breakdown by
 * province and the breakdown by unit under its filter from the totals, at
 * most 35 x 22 counters per bucket whatever the number of cases. A ragged
 * period reads the full counters (case_counts_range: bounded by the
 * combinations kept, not the cases).
 */
#include <string.h>

#include "case_grounds.h"
#include "case_totals.h"

struct ground_walk {
	const struct mf_filter *filter;
	struct mon_grounds *g;
	uint8_t dim; /* the totals' breakdown being read (0: the total); unused for counters */
};

/* A value beyond the table (a newer tocao's code) counts as "not recorded". */
static int ground_index(uint16_t value)
{
	return value < MG_GROUNDS ? value : 0;
}

static int add_decline(const struct case_count_key *k, int64_t n, void *arg)
{
	struct ground_walk *w = arg;
	const struct mf_filter *flt = w->filter;
	if ((flt->province[0] && memcmp(k->province, flt->province, 2) != 0) ||
	    (flt->track && k->track != flt->track) || (flt->category && k->category != flt->category))
		return 0;
	int v = ground_index(k->value);
	int p = mon_province_index(k->province), u = mon_unit_index(k->unit);
	w->g->total[v] += n;
	if (p >= 0)
		w->g->province[p][v] += n;
	if (u >= 0)
		w->g->unit[u][v] += n;
	return 0;
}

/* One counter of a totals breakdown (the filter already applied by the read). */
static int add_total(const struct case_count_key *k, uint8_t level, int64_t n, void *arg)
{
	(void)level;
	struct ground_walk *w = arg;
	int v = ground_index(k->value);
	if (w->dim == 0) {
		w->g->total[v] += n;
	} else if (w->dim == TOTAL_PROVINCE) {
		int p = mon_province_index(k->province);
		if (p >= 0)
			w->g->province[p][v] += n;
	} else {
		int u = mon_unit_index(k->unit);
		if (u >= 0)
			w->g->unit[u][v] += n;
	}
	return 0;
}

/* The total and the two breakdowns from the totals, when whole months make up [from, to]. */
static int from_totals(struct store_txn *txn, struct ground_walk *w, int32_t from, int32_t to)
{
	struct case_total_filter tf = {.track = w->filter->track, .category = w->filter->category};
	memcpy(tf.province, w->filter->province, sizeof(tf.province));
	static const uint8_t dims[] = {0, TOTAL_PROVINCE, TOTAL_UNIT};
	int rc = TC_OK;
	for (size_t i = 0; rc == TC_OK && i < sizeof(dims) / sizeof(dims[0]); i++) {
		w->dim = dims[i];
		rc = case_totals_range(txn, COUNT_DECLINED, w->dim, &tf, from, to, add_total, w);
	}
	return rc;
}

static bool totals_hold(const struct mf_filter *filter, int32_t from, int32_t to)
{
	struct case_total_filter tf = {.track = filter->track, .category = filter->category};
	memcpy(tf.province, filter->province, sizeof(tf.province));
	return case_totals_cover(from, to) && case_totals_kept(COUNT_DECLINED, 0, &tf) &&
	       case_totals_kept(COUNT_DECLINED, TOTAL_PROVINCE, &tf) &&
	       case_totals_kept(COUNT_DECLINED, TOTAL_UNIT, &tf);
}

int mon_grounds_compute(struct store_txn *txn, const struct mf_filter *filter, dm_day from,
			dm_day to, dm_day today, struct mon_grounds *g)
{
	memset(g, 0, sizeof(*g));
	struct ground_walk w = {.filter = filter, .g = g};
	int32_t horizon = case_counts_horizon(to, today);
	if (totals_hold(filter, from, horizon))
		return from_totals(txn, &w, from, horizon);
	return case_counts_range(txn, COUNT_DECLINED, from, horizon, add_decline, &w);
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
