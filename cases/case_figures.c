/*
 * case_figures.c - oversight figures from the counters (case_figures.h).
 *
 * A period of whole months reads the totals per dimension (case_totals.h)
 * under any filter: per bucket (year, quarter, month) one projection per
 * breakdown, at most 35 values each, whatever the number of cases; the
 * present likewise. A ragged period reads the full counters for its
 * breakdowns: bounded by the combinations province x unit x track x
 * category seen in the buckets read; its totals alone (the comparison's
 * and the digest's figures, mon_figures_compute_totals) read its whole
 * months' totals and its edge days' (case_totals_ragged), bounded.
 */
#include <string.h>

#include "dm_case.h"
#include "case_figures.h"
#include "case_notices.h"

int mon_scope_province(const char *scope, const char *asked, size_t len, char out[3])
{
	out[0] = '\0';
	if (len > 0) {
		if (len != 2)
			return -1;
		memcpy(out, asked, 2);
		out[2] = '\0';
		if (dm_province_find(out) == NULL) {
			out[0] = '\0';
			return -1;
		}
	}
	if (strcmp(scope, "national") == 0)
		return 0;
	if (out[0] && strcmp(out, scope) != 0)
		return -2;
	memcpy(out, scope, 2);
	out[2] = '\0';
	return 0;
}

void mon_figures_init(void)
{
	(void)mon_province_index("00");
	(void)mon_unit_index("TTCP");
}

int mon_province_index(const char code[2])
{
	/* Province codes are two digits; 34 of the 100 are in use. */
	static int8_t index_of[100];
	static bool ready;
	if (!ready) {
		memset(index_of, -1, sizeof(index_of));
		for (size_t i = 0; i < dm_province_count(); i++) {
			const char *c = dm_province_at(i)->code;
			index_of[(c[0] - '0') * 10 + (c[1] - '0')] = (int8_t)i;
		}
		ready = true;
	}
	if (code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9')
		return -1;
	return index_of[(code[0] - '0') * 10 + (code[1] - '0')];
}

int mon_unit_index(const char *unit)
{
	/* "TT-<province code>" or "TTCP": a table by province code, and the centre. */
	static int8_t index_of[100];
	static int centre = -1;
	static bool ready;
	if (!ready) {
		memset(index_of, -1, sizeof(index_of));
		for (size_t i = 0; i < dm_unit_count(); i++) {
			const struct dm_unit *u = dm_unit_at(i);
			if (u->province)
				index_of[(u->province->code[0] - '0') * 10 + (u->province->code[1] - '0')] =
					(int8_t)i;
			else
				centre = (int)i;
		}
		ready = true;
	}
	if (strncmp(unit, "TT-", 3) == 0 && unit[3] >= '0' && unit[3] <= '9' && unit[4] >= '0' &&
	    unit[4] <= '9' && unit[5] == '\0')
		return index_of[(unit[3] - '0') * 10 + (unit[4] - '0')];
	return strcmp(unit, "TTCP") == 0 ? centre : -1;
}

static void make_buckets(struct mon_figures *f)
{
	int y, m, d;
	dm_day_to_ymd(f->from, &y, &m, &d);
	int y2, m2;
	dm_day_to_ymd(f->to, &y2, &m2, &d);
	int months = (y2 - y) * 12 + (m2 - m) + 1;
	f->by_year = months > MF_MONTHS_MAX;
	f->n_buckets = 0;
	f->bucket_start[0] = f->from;
	while (f->n_buckets < MF_BUCKETS_MAX) {
		/* The next bucket starts on the 1st of the next month (or year). */
		if (f->by_year) {
			y++;
			m = 1;
		} else if (++m > 12) {
			m = 1;
			y++;
		}
		dm_day next;
		if (!dm_day_from_ymd(y, m, 1, &next) || next > f->to) {
			f->bucket_start[++f->n_buckets] = f->to + 1;
			break;
		}
		f->bucket_start[++f->n_buckets] = next;
	}
}

static int bucket_of(const struct mon_figures *f, dm_day day)
{
	int lo = 0, hi = f->n_buckets - 1;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (f->bucket_start[mid] <= day)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

struct walk {
	struct mon_figures *f;
	int event;      /* enum mf_event, or -1 for the kinds handled below */
	uint8_t kind;
};

static bool wanted(const struct mf_filter *flt, const struct case_count_key *k)
{
	/* Days-to-settle counters have no category (case_counts.h). */
	return (!flt->province[0] || memcmp(k->province, flt->province, 2) == 0) &&
	       (!flt->track || k->track == flt->track) &&
	       (!flt->category || k->category == flt->category || k->kind == COUNT_SETTLE_DAYS ||
		k->kind == COUNT_FIRST_DAYS);
}

static int add(const struct case_count_key *k, int64_t n, void *arg)
{
	struct walk *w = arg;
	struct mon_figures *f = w->f;
	if (!wanted(&f->filter, k))
		return 0;
	int p = mon_province_index(k->province);
	int t = k->track < MF_TRACKS ? k->track : 0;
	int c = k->category < MF_CATEGORIES ? k->category : 0;
	int u = mon_unit_index(k->unit);
	switch (w->kind) {
	case COUNT_SETTLE_DAYS:
		if (k->value <= COUNT_DAYS_CAP)
			f->settle_days[k->value] += n;
		return 0;
	case COUNT_FIRST_DAYS:
		if (k->value <= COUNT_DAYS_CAP)
			f->first_days[k->value] += n;
		return 0;
	case COUNT_MONITORED_NOW:
		if (dm_status_is_closed((enum dm_status)k->value) || k->value == DM_STATUS_TRANSFERRED)
			return 0;
		f->monitored_open += n;
		if (p >= 0)
			f->monitored_open_province[p] += n;
		if (u >= 0)
			f->monitored_open_unit[u] += n;
		return 0;
	case COUNT_MONITORED_OVERDUE:
		f->monitored_overdue += n;
		if (p >= 0)
			f->monitored_overdue_province[p] += n;
		if (u >= 0)
			f->monitored_overdue_unit[u] += n;
		return 0;
	case COUNT_STATUS_NOW:
		if (k->value < MF_STATUSES)
			f->status_now[k->value] += n;
		if (p >= 0 && !dm_status_is_closed((enum dm_status)k->value) &&
		    k->value != DM_STATUS_TRANSFERRED)
			f->open_province[p] += n;
		return 0;
	case COUNT_OVERDUE_NOW:
		f->overdue += n;
		if (p >= 0)
			f->overdue_province[p] += n;
		f->overdue_track[t] += n;
		f->overdue_category[c] += n;
		if (u >= 0)
			f->overdue_unit[u] += n;
		return 0;
	default:
		break;
	}
	f->ev[w->event] += n;
	if (p >= 0)
		f->ev_province[w->event][p] += n;
	f->ev_track[w->event][t] += n;
	f->ev_category[w->event][c] += n;
	if (u >= 0)
		f->ev_unit[w->event][u] += n;
	return 0;
}

struct chart_walk {
	struct mon_figures *f;
	int event;
};

static int add_month(int32_t month, int64_t n, void *arg)
{
	struct chart_walk *cw = arg;
	cw->f->bucket[cw->event][bucket_of(cw->f, month)] += n;
	return 0;
}

/* ---- From the totals per dimension (case_totals.h) ---- */

struct total_walk {
	struct mon_figures *f;
	int event;     /* enum mf_event for events */
	uint8_t kind;
	uint8_t dim;   /* the breakdown read: one enum total_dim, or 0 (histograms) */
	bool total;    /* this read also gives the total (each case in exactly one cell) */
};

/* The cell of an event's breakdown by dim that k falls in, or NULL. */
static int64_t *event_cell(struct mon_figures *f, int e, uint8_t dim,
			   const struct case_count_key *k, uint8_t level)
{
	int i;
	switch (dim) {
	case TOTAL_PROVINCE:
		i = mon_province_index(k->province);
		return i >= 0 ? &f->ev_province[e][i] : NULL;
	case TOTAL_UNIT:
		i = mon_unit_index(k->unit);
		return i >= 0 ? &f->ev_unit[e][i] : NULL;
	case TOTAL_TRACK: return k->track < MF_TRACKS ? &f->ev_track[e][k->track] : NULL;
	case TOTAL_CATEGORY:
		return k->category < MF_CATEGORIES ? &f->ev_category[e][k->category] : NULL;
	case TOTAL_LEVEL: return level < TOTAL_LEVELS ? &f->ev_level[e][level] : NULL;
	default: return NULL;
	}
}

/* The present's cells: overdue now by dim, under monitoring by province or unit. */
static int64_t *present_cell(struct mon_figures *f, uint8_t kind, uint8_t dim,
			     const struct case_count_key *k)
{
	int p = mon_province_index(k->province), u = mon_unit_index(k->unit);
	if (kind == COUNT_OVERDUE_NOW) {
		switch (dim) {
		case TOTAL_PROVINCE: return p >= 0 ? &f->overdue_province[p] : NULL;
		case TOTAL_UNIT: return u >= 0 ? &f->overdue_unit[u] : NULL;
		case TOTAL_TRACK: return k->track < MF_TRACKS ? &f->overdue_track[k->track] : NULL;
		case TOTAL_CATEGORY:
			return k->category < MF_CATEGORIES ? &f->overdue_category[k->category] : NULL;
		default: return NULL;
		}
	}
	bool open = kind == COUNT_MONITORED_NOW;
	if (dim == TOTAL_PROVINCE && p >= 0)
		return open ? &f->monitored_open_province[p] : &f->monitored_overdue_province[p];
	if (dim == TOTAL_UNIT && u >= 0)
		return open ? &f->monitored_open_unit[u] : &f->monitored_overdue_unit[u];
	return NULL;
}

static int add_total(const struct case_count_key *k, uint8_t level, int64_t n, void *arg)
{
	struct total_walk *w = arg;
	struct mon_figures *f = w->f;
	int64_t *cell = NULL, *total = NULL;
	switch (w->kind) {
	case COUNT_SETTLE_DAYS:
	case COUNT_FIRST_DAYS:
		if (k->value <= COUNT_DAYS_CAP)
			(w->kind == COUNT_SETTLE_DAYS ? f->settle_days : f->first_days)[k->value] += n;
		return 0;
	case COUNT_STATUS_NOW: {
		int p = mon_province_index(k->province);
		if (k->value < MF_STATUSES)
			f->status_now[k->value] += n;
		if (p >= 0 && !dm_status_is_closed((enum dm_status)k->value) &&
		    k->value != DM_STATUS_TRANSFERRED)
			f->open_province[p] += n;
		return 0;
	}
	case COUNT_MONITORED_NOW:
		if (dm_status_is_closed((enum dm_status)k->value) || k->value == DM_STATUS_TRANSFERRED)
			return 0;
		total = &f->monitored_open;
		cell = present_cell(f, w->kind, w->dim, k);
		break;
	case COUNT_MONITORED_OVERDUE:
		total = &f->monitored_overdue;
		cell = present_cell(f, w->kind, w->dim, k);
		break;
	case COUNT_OVERDUE_NOW:
		total = &f->overdue;
		cell = present_cell(f, w->kind, w->dim, k);
		break;
	default:
		total = &f->ev[w->event];
		cell = event_cell(f, w->event, w->dim, k, level);
		break;
	}
	if (w->total)
		*total += n;
	if (cell)
		*cell += n;
	return 0;
}

/* One breakdown by dim (the province's read gives the total too) within the filter. */
static int read_totals(struct store_txn *txn, struct total_walk *w, int32_t from, int32_t to)
{
	const struct mf_filter *flt = &w->f->filter;
	struct case_total_filter tf = {.track = flt->track, .category = flt->category};
	memcpy(tf.province, flt->province, sizeof(tf.province));
	w->total = w->dim == TOTAL_PROVINCE || w->dim == 0;
	return case_totals_range(txn, w->kind, w->dim, &tf, from, to, add_total, w);
}

/* An event's total and every breakdown, from the totals. */
static int event_totals(struct store_txn *txn, struct mon_figures *f, uint8_t kind, int event,
			int32_t from, int32_t to)
{
	static const uint8_t dims[] = {TOTAL_PROVINCE, TOTAL_UNIT, TOTAL_TRACK, TOTAL_CATEGORY,
				       TOTAL_LEVEL};
	int rc = TC_OK;
	for (size_t i = 0; rc == TC_OK && i < sizeof(dims); i++) {
		struct total_walk w = {.f = f, .event = event, .kind = kind, .dim = dims[i]};
		rc = read_totals(txn, &w, from, to);
	}
	return rc;
}

/* The present, from the totals. */
static int present_totals(struct store_txn *txn, struct mon_figures *f)
{
	static const struct {
		uint8_t kind, dim;
	} reads[] = {
		{COUNT_STATUS_NOW, TOTAL_PROVINCE},	  {COUNT_OVERDUE_NOW, TOTAL_PROVINCE},
		{COUNT_OVERDUE_NOW, TOTAL_UNIT},	  {COUNT_OVERDUE_NOW, TOTAL_TRACK},
		{COUNT_OVERDUE_NOW, TOTAL_CATEGORY},	  {COUNT_MONITORED_NOW, TOTAL_PROVINCE},
		{COUNT_MONITORED_NOW, TOTAL_UNIT},	  {COUNT_MONITORED_OVERDUE, TOTAL_PROVINCE},
		{COUNT_MONITORED_OVERDUE, TOTAL_UNIT},
	};
	int rc = TC_OK;
	for (size_t i = 0; rc == TC_OK && i < sizeof(reads) / sizeof(reads[0]); i++) {
		struct total_walk w = {.f = f, .kind = reads[i].kind, .dim = reads[i].dim};
		rc = read_totals(txn, &w, 0, 0);
	}
	return rc;
}

/*
 * The days histograms: from the totals when whole months (kept by province
 * and track only: with a category filter, all categories'), else from the
 * full counters.
 */
static int histograms(struct store_txn *txn, struct mon_figures *f, int32_t from, int32_t to,
		      bool covered)
{
	static const uint8_t kinds[] = {COUNT_SETTLE_DAYS, COUNT_FIRST_DAYS};
	int rc = TC_OK;
	for (size_t i = 0; rc == TC_OK && i < sizeof(kinds); i++) {
		if (covered) {
			struct mf_filter keep = f->filter;
			f->filter.category = 0;
			struct total_walk w = {.f = f, .event = -1, .kind = kinds[i]};
			rc = read_totals(txn, &w, from, to);
			f->filter = keep;
		} else {
			struct walk w = {.f = f, .event = -1, .kind = kinds[i]};
			rc = case_counts_range(txn, kinds[i], from, to, add, &w);
		}
	}
	return rc;
}

/*
 * An event in the period: totals and breakdowns from the totals per
 * dimension when the period is whole months (a bounded number of
 * counters); else from the full counters, without the level breakdown.
 */
static int event_figures(struct store_txn *txn, struct mon_figures *f, uint8_t kind, int event,
			 int32_t from, int32_t to, bool covered)
{
	if (covered)
		return event_totals(txn, f, kind, event, from, to);
	struct walk w = {.f = f, .event = event, .kind = kind};
	return case_counts_range(txn, kind, from, to, add, &w);
}

static const struct {
	uint8_t kind;
	int event;
} events[] = {
	{COUNT_RECEIVED, MF_RECEIVED},	 {COUNT_ACCEPTED, MF_ACCEPTED},
	{COUNT_SETTLED, MF_SETTLED},	 {COUNT_ON_TIME, MF_ON_TIME},
	{COUNT_DECLINED, MF_DECLINED},	 {COUNT_WITHDRAWN, MF_WITHDRAWN},
	{COUNT_TERMINATED, MF_TERMINATED}, {COUNT_TRANSFER_OUT, MF_TRANSFERRED},
	{COUNT_CRIMINAL, MF_CRIMINAL},	 {COUNT_MONITORED, MF_MONITORED},
	{COUNT_TRANSFER_IN, MF_TRANSFERRED_IN},
};

/*
 * A ragged period's totals and days histograms, no breakdown and no chart
 * (case_totals_ragged: its whole months from the totals, the days either
 * side from the days' totals), then the present: a bounded number of
 * counters whatever the number of cases.
 */
static int ragged_totals(struct store_txn *txn, struct mon_figures *f, int32_t from, int32_t to)
{
	static const uint8_t hist[] = {COUNT_SETTLE_DAYS, COUNT_FIRST_DAYS};
	struct case_total_filter tf = {.track = f->filter.track, .category = f->filter.category};
	memcpy(tf.province, f->filter.province, sizeof(tf.province));
	int rc = TC_OK;
	for (size_t i = 0; rc == TC_OK && i < sizeof(events) / sizeof(events[0]); i++) {
		struct total_walk w = {.f = f, .event = events[i].event, .kind = events[i].kind,
				       .total = true};
		rc = case_totals_ragged(txn, events[i].kind, &tf, from, to, add_total, &w);
	}
	/* The histograms have no category (as the full counters': all categories'). */
	tf.category = 0;
	for (size_t i = 0; rc == TC_OK && i < sizeof(hist); i++) {
		struct total_walk w = {.f = f, .event = -1, .kind = hist[i]};
		rc = case_totals_ragged(txn, hist[i], &tf, from, to, add_total, &w);
	}
	return rc == TC_OK ? present_totals(txn, f) : rc;
}

static int compute(struct store_txn *txn, const struct mf_filter *filter, dm_day from, dm_day to,
		   dm_day today, struct mon_figures *f, bool totals_only)
{
	memset(f, 0, sizeof(*f));
	f->filter = *filter;
	f->from = from;
	f->to = to;
	f->settle_days_exact = !filter->category;
	make_buckets(f);
	int rc = TC_OK;
	/* The period's totals and breakdowns from the coarsest buckets; the chart a month at a time. */
	dm_day horizon = case_counts_horizon(to, today);
	bool covered = case_totals_cover(from, horizon);
	f->has_level = covered;
	if (!covered && totals_only)
		return ragged_totals(txn, f, from, horizon);
	for (size_t i = 0; rc == TC_OK && i < sizeof(events) / sizeof(events[0]); i++) {
		struct chart_walk cw = {.f = f, .event = events[i].event};
		rc = event_figures(txn, f, events[i].kind, events[i].event, from, horizon, covered);
		if (rc == TC_OK)
			rc = case_counts_months(txn, events[i].kind, filter->province, filter->track,
						filter->category, from, to, today, add_month, &cw);
	}
	if (rc == TC_OK)
		rc = histograms(txn, f, from, horizon, covered);
	if (rc == TC_OK)
		rc = present_totals(txn, f);
	return rc;
}

int mon_figures_compute(struct store_txn *txn, const struct mf_filter *filter, dm_day from,
			dm_day to, dm_day today, struct mon_figures *f)
{
	return compute(txn, filter, from, to, today, f, false);
}

int mon_figures_compute_totals(struct store_txn *txn, const struct mf_filter *filter, dm_day from,
			       dm_day to, dm_day today, struct mon_figures *f)
{
	return compute(txn, filter, from, to, today, f, true);
}

static int quantile(const int64_t *days, double q)
{
	int64_t total = 0;
	for (int d = 0; d <= COUNT_DAYS_CAP; d++)
		total += days[d];
	/* The smallest d with at least ceil(q * total) cases within d days. */
	int64_t want = (int64_t)(q * (double)total + 0.999999), seen = 0;
	for (int d = 0; d <= COUNT_DAYS_CAP && want > 0; d++) {
		seen += days[d];
		if (seen >= want)
			return d;
	}
	return -1;
}

int mon_figures_settle_quantile(const struct mon_figures *f, double q)
{
	return quantile(f->settle_days, q);
}

/* The number of first steps in the histogram (exact). */
static int64_t first_steps(const struct mon_figures *f)
{
	int64_t total = 0;
	for (int d = 0; d <= COUNT_DAYS_CAP; d++)
		total += f->first_days[d];
	return total;
}

int mon_overdue_band(int days_overdue)
{
	return days_overdue <= 30 ? 0 : days_overdue <= 90 ? 1 : 2;
}

struct band_walk {
	struct mon_figures *f;
	int band;
};

static int band_add(const struct case_count_key *k, uint8_t level, int64_t n, void *arg)
{
	struct band_walk *w = arg;
	int u = mon_unit_index(k->unit);
	(void)level;
	if (u >= 0)
		w->f->overdue_band[u][w->band] += n;
	return 0;
}

/*
 * The bands from the open overdue cases by the day of the deadline they
 * missed, by unit within the filter (case_totals_due_range): deadlines 1-30
 * days ago give the first band, 31-90 days ago the second, and the unit's
 * overdue cases (COUNT_OVERDUE_NOW, read by mon_figures_compute) less
 * those are the third. Each range reads its whole 8-day blocks and at
 * most 7 days either side, at most 35 counters each, whatever the number
 * of cases overdue; and the bands add up to the unit's figure by
 * construction.
 */
int mon_figures_overdue_bands(struct store_txn *txn, dm_day today, struct mon_figures *f)
{
	const struct mf_filter *flt = &f->filter;
	struct case_total_filter tf = {.track = flt->track, .category = flt->category};
	memcpy(tf.province, flt->province, sizeof(tf.province));
	struct band_walk near = {.f = f, .band = 0}, far = {.f = f, .band = 1};
	memset(f->overdue_band, 0, sizeof(f->overdue_band));
	int rc = case_totals_due_range(txn, &tf, today - 30, today - 1, band_add, &near);
	if (rc == TC_OK)
		rc = case_totals_due_range(txn, &tf, today - 90, today - 31, band_add, &far);
	for (int u = 0; rc == TC_OK && u < DM_UNIT_COUNT; u++) {
		int64_t rest = f->overdue_unit[u] - f->overdue_band[u][0] - f->overdue_band[u][1];
		f->overdue_band[u][2] = rest > 0 ? rest : 0;
	}
	return rc;
}

struct notice_walk {
	struct store_txn *txn;
	struct mon_figures *f;
	int rc;
};

static int notice_case(const char *case_id, enum case_notice_kind kind, dm_day due, void *arg)
{
	struct notice_walk *w = arg;
	const struct mf_filter *flt = &w->f->filter;
	struct store_case c;
	(void)kind;
	(void)due;
	w->rc = store_case_get(w->txn, case_id, &c);
	if (w->rc != TC_OK)
		return 1;
	if ((flt->province[0] && strncmp(c.province, flt->province, 2) != 0) ||
	    (flt->track && c.track != flt->track) || (flt->category && c.category != flt->category))
		return 0;
	int p = mon_province_index(c.province);
	w->f->notices_overdue++;
	if (p >= 0)
		w->f->notices_overdue_province[p]++;
	return 0;
}

int mon_figures_notices(struct store_txn *txn, dm_day today, struct mon_figures *f)
{
	struct notice_walk w = {.txn = txn, .f = f};
	f->notices_overdue = 0;
	memset(f->notices_overdue_province, 0, sizeof(f->notices_overdue_province));
	int rc = case_notices_due(txn, today - 1, notice_case, &w);
	return rc == TC_OK ? w.rc : rc;
}

/* ---- Disclosure control ---- */

int64_t mf_round_total(int64_t x)
{
	if (x <= 0)
		return 0;
	return (x + MF_ROUND_BASE / 2) / MF_ROUND_BASE * MF_ROUND_BASE;
}

int64_t mf_round_total_keyed(int64_t x, const struct cr_server_key *key, const uint8_t *what,
			     size_t what_len)
{
	if (key == NULL || x <= 0)
		return mf_round_total(x);
	uint8_t in[96], h[CR_HASH_BYTES];
	size_t n = what_len < sizeof(in) - 8 ? what_len : sizeof(in) - 8;
	memcpy(in, what, n);
	for (int i = 0; i < 8; i++)
		in[n + (size_t)i] = (uint8_t)((uint64_t)x >> (8 * i));
	cr_keyed_hash(key, "figures-round", in, n + 8, h);
	uint32_t draw = (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16 |
			(uint32_t)h[3] << 24;
	int64_t rem = x % MF_ROUND_BASE, floor = x - rem;
	/* Up with a chance of rem / base: unbiased, and unknown without the key. */
	bool up = (uint64_t)draw * MF_ROUND_BASE < (uint64_t)rem << 32;
	return up ? floor + MF_ROUND_BASE : floor;
}

/* A fixed shuffle for ties (not a secret: the rule is public, see SECURITY.md). */
static uint32_t tie_key(uint32_t salt, size_t i)
{
	uint32_t a = salt * 0x9e3779b9u + (uint32_t)i * 0x85ebca6bu + 1u;
	a ^= a >> 16;
	a *= 0x7feb352du;
	a ^= a >> 15;
	a *= 0x846ca68bu;
	a ^= a >> 16;
	return a;
}

int64_t mf_round_margin(int64_t *x, size_t n, int64_t target, uint32_t salt)
{
	const int64_t b = MF_ROUND_BASE;
	size_t idx[MF_MARGIN_MAX], m = 0;
	uint32_t key[MF_MARGIN_MAX];
	int64_t sum = 0, base = 0;
	if (n > MF_MARGIN_MAX)
		n = MF_MARGIN_MAX; /* a programming error; the tests hold every caller under it */
	for (size_t i = 0; i < n; i++) {
		if (x[i] < 0)
			x[i] = 0;
		sum += x[i];
		base += x[i] - x[i] % b;
		if (x[i] % b) {
			idx[m] = i;
			key[m++] = tie_key(salt, i);
		}
	}
	/* A multiple of b less than b away from the sum: reachable by rounding k cells up. */
	if (target % b != 0 || target - sum >= b || sum - target >= b)
		target = mf_round_total(sum);
	int64_t k = (target - base) / b;
	/* Largest remainders first, ties in the shuffle's order (insertion sort: m <= 64). */
	for (size_t i = 1; i < m; i++) {
		for (size_t j = i; j > 0; j--) {
			int64_t rj = x[idx[j]] % b, rp = x[idx[j - 1]] % b;
			if (rj < rp || (rj == rp && key[j] <= key[j - 1]))
				break;
			size_t ti = idx[j];
			idx[j] = idx[j - 1];
			idx[j - 1] = ti;
			uint32_t tk = key[j];
			key[j] = key[j - 1];
			key[j - 1] = tk;
		}
	}
	for (size_t j = 0; j < m; j++) {
		int64_t floor = x[idx[j]] - x[idx[j]] % b;
		x[idx[j]] = (int64_t)j < k ? floor + b : floor;
	}
	return target;
}

/*
 * A breakdown x[0..n) of a total whose exact value is exact, rounded to add
 * up to target (the published total). What the breakdown does not cover
 * (exact minus its sum: normally nothing) is one more cell, never shown.
 */
static void round_breakdown(int64_t *x, size_t n, int64_t exact, int64_t target, uint32_t salt)
{
	int64_t tmp[MF_MARGIN_MAX], sum = 0;
	for (size_t i = 0; i < n; i++) {
		tmp[i] = x[i];
		sum += x[i];
	}
	tmp[n] = exact > sum ? exact - sum : 0;
	mf_round_margin(tmp, n + 1, target, salt);
	memcpy(x, tmp, n * sizeof(*x));
}

/*
 * A total as the same figure wherever it is asked for: which total (kind),
 * and the view's filters and period. The value is added by the rounding.
 */
static int64_t round_total_of(const struct mon_figures *f, const struct cr_server_key *key,
			      int kind, int64_t exact)
{
	uint8_t what[32];
	size_t n = 0;
	what[n++] = (uint8_t)kind;
	what[n++] = (uint8_t)f->filter.province[0];
	what[n++] = (uint8_t)f->filter.province[1];
	what[n++] = f->filter.track;
	what[n++] = f->filter.category;
	/* The present's totals do not depend on the period. */
	int32_t days[2] = {kind < MF_EVENTS ? f->from : 0, kind < MF_EVENTS ? f->to : 0};
	for (int d = 0; d < 2; d++)
		for (int i = 0; i < 4; i++)
			what[n++] = (uint8_t)((uint32_t)days[d] >> (8 * i));
	return mf_round_total_keyed(exact, key, what, n);
}

static void protect_events(struct mon_figures *f, const struct cr_server_key *key)
{
	for (int e = 0; e < MF_EVENTS; e++) {
		int64_t exact = f->ev[e], r = round_total_of(f, key, e, exact);
		uint32_t salt = (uint32_t)e << 4;
		round_breakdown(f->ev_province[e], DM_PROVINCE_COUNT, exact, r, salt | 1);
		round_breakdown(f->ev_track[e], MF_TRACKS, exact, r, salt | 2);
		round_breakdown(f->ev_category[e], MF_CATEGORIES, exact, r, salt | 3);
		round_breakdown(f->ev_unit[e], DM_UNIT_COUNT, exact, r, salt | 4);
		round_breakdown(f->ev_level[e], TOTAL_LEVELS, exact, r, salt | 6);
		round_breakdown(f->bucket[e], (size_t)f->n_buckets, exact, r, salt | 5);
		f->ev[e] = r;
	}
}

static bool counted_open(int status)
{
	return !dm_status_is_closed((enum dm_status)status) && status != DM_STATUS_TRANSFERRED;
}

/* Under monitoring now: two totals, each broken down by province and by unit. */
static void protect_monitored(struct mon_figures *f, const struct cr_server_key *key)
{
	int64_t exact = f->monitored_open, r = round_total_of(f, key, MF_EVENTS + 3, exact);
	round_breakdown(f->monitored_open_province, DM_PROVINCE_COUNT, exact, r, 0x3001);
	round_breakdown(f->monitored_open_unit, DM_UNIT_COUNT, exact, r, 0x3002);
	f->monitored_open = r;
	exact = f->monitored_overdue;
	r = round_total_of(f, key, MF_EVENTS + 4, exact);
	round_breakdown(f->monitored_overdue_province, DM_PROVINCE_COUNT, exact, r, 0x3003);
	round_breakdown(f->monitored_overdue_unit, DM_UNIT_COUNT, exact, r, 0x3004);
	f->monitored_overdue = r;
}

/*
 * The present: the statuses of the open cases and the open cases by
 * province are two breakdowns of one total (never shown itself), the
 * other statuses a third; the overdue cases by province, track, category
 * and unit break down the overdue total, and each unit's overdue cases by
 * days overdue break down that unit's published figure.
 */
static void protect_now(struct mon_figures *f, const struct cr_server_key *key)
{
	int64_t open[MF_STATUSES], closed[MF_STATUSES], n_open = 0, n_closed = 0;
	for (int s = 0; s < MF_STATUSES; s++) {
		bool o = s > 0 && counted_open(s);
		open[s] = o ? f->status_now[s] : 0;
		closed[s] = o ? 0 : f->status_now[s];
		n_open += open[s];
		n_closed += closed[s];
	}
	int64_t r_open = round_total_of(f, key, MF_EVENTS, n_open);
	round_breakdown(open, MF_STATUSES, n_open, r_open, 0x1001);
	round_breakdown(closed, MF_STATUSES, n_closed, round_total_of(f, key, MF_EVENTS + 1, n_closed),
			0x1002);
	for (int s = 0; s < MF_STATUSES; s++)
		f->status_now[s] = open[s] + closed[s];
	round_breakdown(f->open_province, DM_PROVINCE_COUNT, n_open, r_open, 0x1003);

	int64_t exact = f->overdue, r = round_total_of(f, key, MF_EVENTS + 2, exact);
	int64_t unit_exact[DM_UNIT_COUNT];
	memcpy(unit_exact, f->overdue_unit, sizeof(unit_exact));
	round_breakdown(f->overdue_province, DM_PROVINCE_COUNT, exact, r, 0x1004);
	round_breakdown(f->overdue_track, MF_TRACKS, exact, r, 0x1005);
	round_breakdown(f->overdue_category, MF_CATEGORIES, exact, r, 0x1006);
	round_breakdown(f->overdue_unit, DM_UNIT_COUNT, exact, r, 0x1007);
	f->overdue = r;
	int64_t nexact = f->notices_overdue, nr = round_total_of(f, key, MF_EVENTS + 3, nexact);
	round_breakdown(f->notices_overdue_province, DM_PROVINCE_COUNT, nexact, nr, 0x1008);
	f->notices_overdue = nr;
	for (int u = 0; u < DM_UNIT_COUNT; u++)
		round_breakdown(f->overdue_band[u], MF_OVERDUE_BANDS, unit_exact[u], f->overdue_unit[u],
				0x2000u + (uint32_t)u);
	protect_monitored(f, key);
}

void mon_figures_protect(struct mon_figures *f, const struct cr_server_key *key)
{
	if (f->is_protected)
		return;
	protect_events(f, key);
	protect_now(f, key);
	/* Quantiles of the exact histogram, shown over enough (published) settled cases only. */
	bool show = f->settle_days_exact && f->ev[MF_SETTLED] >= MF_RATE_MIN;
	f->median_days = show ? mon_figures_settle_quantile(f, 0.5) : -1;
	f->p90_days = show ? mon_figures_settle_quantile(f, 0.9) : -1;
	memset(f->settle_days, 0, sizeof(f->settle_days));
	/* The same for the first step, over enough first steps (their total rounded as any). */
	show = f->settle_days_exact &&
	       round_total_of(f, key, MF_EVENTS + 5, first_steps(f)) >= MF_RATE_MIN;
	f->median_first_days = show ? quantile(f->first_days, 0.5) : -1;
	f->p90_first_days = show ? quantile(f->first_days, 0.9) : -1;
	memset(f->first_days, 0, sizeof(f->first_days));
	f->is_protected = true;
}

static int publish(struct store_txn *txn, const struct mf_filter *filter, dm_day from, dm_day to,
		   dm_day today, const struct cr_server_key *key, struct mon_figures *f,
		   bool totals_only)
{
	int rc = compute(txn, filter, from, to, today, f, totals_only);
	if (rc == TC_OK)
		rc = mon_figures_overdue_bands(txn, today, f);
	if (rc == TC_OK)
		rc = mon_figures_notices(txn, today, f);
	if (rc == TC_OK)
		mon_figures_protect(f, key);
	else
		memset(f, 0, sizeof(*f));
	return rc;
}

int mon_figures_publish(struct store_txn *txn, const struct mf_filter *filter, dm_day from,
			dm_day to, dm_day today, const struct cr_server_key *key,
			struct mon_figures *f)
{
	return publish(txn, filter, from, to, today, key, f, false);
}

int mon_figures_publish_totals(struct store_txn *txn, const struct mf_filter *filter, dm_day from,
			       dm_day to, dm_day today, const struct cr_server_key *key,
			       struct mon_figures *f)
{
	return publish(txn, filter, from, to, today, key, f, true);
}

int mon_rate_permille(int64_t num, int64_t den)
{
	if (den < MF_RATE_MIN)
		return -1;
	if (num < 0)
		num = 0;
	if (num > den)
		num = den; /* on time and settled are rounded apart */
	return (int)(num * 1000 / den);
}

void mon_period_months(dm_day *from, dm_day *to, dm_day today)
{
	int y, m, d, ty, tm;
	dm_day first;
	dm_day_to_ymd(*from, &y, &m, &d);
	if (dm_day_from_ymd(y, m, 1, &first))
		*from = first;
	dm_day_to_ymd(*to, &y, &m, &d);
	dm_day_to_ymd(today, &ty, &tm, &d);
	if (y == ty && m == tm) {
		*to = today;
		return;
	}
	if (++m > 12) {
		m = 1;
		y++;
	}
	if (dm_day_from_ymd(y, m, 1, &first))
		*to = first - 1;
}
