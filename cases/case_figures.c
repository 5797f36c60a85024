/*
 * case_figures.c - oversight figures from the counters (case_figures.h).
 *
 * The cost is the number of counters in the period, which the month
 * roll-up bounds by (months + ragged days) x (provinces x units x tracks x
 * categories seen), not by the number of cases.
 */
#include <string.h>

#include "dm_case.h"
#include "case_figures.h"

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
	       (!flt->category || k->category == flt->category || k->kind == COUNT_SETTLE_DAYS);
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
	f->bucket[w->event][bucket_of(f, k->day)] += n;
	return 0;
}

int mon_figures_compute(struct store_txn *txn, const struct mf_filter *filter, dm_day from,
			dm_day to, struct mon_figures *f)
{
	static const struct {
		uint8_t kind;
		int event;
	} events[] = {
		{COUNT_RECEIVED, MF_RECEIVED},	 {COUNT_ACCEPTED, MF_ACCEPTED},
		{COUNT_SETTLED, MF_SETTLED},	 {COUNT_ON_TIME, MF_ON_TIME},
		{COUNT_DECLINED, MF_DECLINED},	 {COUNT_WITHDRAWN, MF_WITHDRAWN},
		{COUNT_TERMINATED, MF_TERMINATED}, {COUNT_TRANSFER_OUT, MF_TRANSFERRED},
		{COUNT_CRIMINAL, MF_CRIMINAL},	 {COUNT_MONITORED, MF_MONITORED},
	};
	memset(f, 0, sizeof(*f));
	f->filter = *filter;
	f->from = from;
	f->to = to;
	f->settle_days_exact = !filter->category;
	make_buckets(f);
	int rc = TC_OK;
	for (size_t i = 0; rc == TC_OK && i < sizeof(events) / sizeof(events[0]); i++) {
		struct walk w = {.f = f, .event = events[i].event, .kind = events[i].kind};
		rc = case_counts_range(txn, events[i].kind, from, to, add, &w);
	}
	struct walk w = {.f = f, .event = -1, .kind = COUNT_SETTLE_DAYS};
	if (rc == TC_OK)
		rc = case_counts_range(txn, COUNT_SETTLE_DAYS, from, to, add, &w);
	w.kind = COUNT_STATUS_NOW;
	if (rc == TC_OK)
		rc = case_counts_range(txn, COUNT_STATUS_NOW, 0, 0, add, &w);
	w.kind = COUNT_OVERDUE_NOW;
	if (rc == TC_OK)
		rc = case_counts_range(txn, COUNT_OVERDUE_NOW, 0, 0, add, &w);
	return rc;
}

int mon_figures_settle_quantile(const struct mon_figures *f, double q)
{
	int64_t total = 0;
	for (int d = 0; d <= COUNT_DAYS_CAP; d++)
		total += f->settle_days[d];
	/* The smallest d with at least ceil(q * total) cases settled within d days. */
	int64_t want = (int64_t)(q * (double)total + 0.999999), seen = 0;
	for (int d = 0; d <= COUNT_DAYS_CAP && want > 0; d++) {
		seen += f->settle_days[d];
		if (seen >= want)
			return d;
	}
	return -1;
}
