/* case_counts.c - the oversight counters' meaning (case_counts.h); the store only adds. */
#include <stdlib.h>
#include <string.h>

#include "dm_case.h"
#include "dm_date.h"
#include "case_counts.h"

#define COUNT_KEY_LEN (1 + 4 + 2 + STORE_UNIT_LEN + 1 + 1 + 2)

static void encode_key(const struct case_count_key *k, uint8_t out[COUNT_KEY_LEN])
{
	memset(out, 0, COUNT_KEY_LEN);
	out[0] = k->kind;
	store_put_day_key(out + 1, k->day);
	memcpy(out + 5, k->province, 2);
	memcpy(out + 7, k->unit, strnlen(k->unit, STORE_UNIT_LEN));
	out[15] = k->track;
	out[16] = k->category;
	out[17] = (uint8_t)(k->value >> 8);
	out[18] = (uint8_t)k->value;
}

static void decode_key(const uint8_t *p, struct case_count_key *k)
{
	memset(k, 0, sizeof(*k));
	k->kind = p[0];
	k->day = store_get_day_key(p + 1);
	memcpy(k->province, p + 5, 2);
	memcpy(k->unit, p + 7, STORE_UNIT_LEN);
	k->unit[STORE_UNIT_LEN - 1] = '\0';
	k->track = p[15];
	k->category = p[16];
	k->value = (uint16_t)(p[17] << 8 | p[18]);
}

/* The first day of day's month. */
static int32_t month_start(int32_t day)
{
	int y, m, d;
	dm_day first;
	dm_day_to_ymd(day, &y, &m, &d);
	return dm_day_from_ymd(y, m, 1, &first) ? first : day;
}

/* The month roll-up of an event kind: the same key with the kind in lower case. */
static uint8_t month_kind(uint8_t kind)
{
	return (uint8_t)(kind | 0x20);
}

static int bump(struct store_txn *txn, uint8_t kind, int32_t day, const struct store_case *c,
		uint16_t value, int64_t delta)
{
	struct case_count_key k = {.kind = kind, .day = day, .track = c->track,
				    .category = c->category, .value = value};
	memcpy(k.province, c->province, 2);
	memcpy(k.unit, c->unit, STORE_UNIT_LEN);
	uint8_t key[COUNT_KEY_LEN];
	encode_key(&k, key);
	int rc = store_count_add(txn, key, sizeof(key), delta);
	if (rc != TC_OK || day == 0)
		return rc;
	/* Events also count in their month, so a long period reads months, not days. */
	k.kind = month_kind(kind);
	k.day = month_start(day);
	encode_key(&k, key);
	return store_count_add(txn, key, sizeof(key), delta);
}

static int is_open_overdue(const struct store_case *c)
{
	return c && (c->flags & STORE_FLAG_OVERDUE) && !dm_status_is_closed((enum dm_status)c->status);
}

int case_counts_change(struct store_txn *txn, const struct store_case *b,
			     const struct store_case *a, int32_t today)
{
	int rc = TC_OK;
	/* The present: one case per status. */
	if (b && (b->status != a->status || strcmp(b->unit, a->unit) != 0))
		rc = bump(txn, COUNT_STATUS_NOW, 0, b, b->status, -1);
	if (rc == TC_OK && (!b || b->status != a->status || strcmp(b->unit, a->unit) != 0))
		rc = bump(txn, COUNT_STATUS_NOW, 0, a, a->status, +1);
	if (rc == TC_OK && is_open_overdue(b) && !(is_open_overdue(a) && !strcmp(b->unit, a->unit)))
		rc = bump(txn, COUNT_OVERDUE_NOW, 0, b, 0, -1);
	if (rc == TC_OK && is_open_overdue(a) && !(is_open_overdue(b) && !strcmp(b->unit, a->unit)))
		rc = bump(txn, COUNT_OVERDUE_NOW, 0, a, 0, +1);
	if (rc != TC_OK)
		return rc;

	/* Events, on the day they happened. */
	if (b == NULL)
		return bump(txn, COUNT_RECEIVED, a->received, a, 0, 1);
	if (strcmp(b->unit, a->unit) != 0) {
		rc = bump(txn, COUNT_TRANSFER_OUT, today, b, 0, 1);
		if (rc == TC_OK)
			rc = bump(txn, COUNT_TRANSFER_IN, today, a, 0, 1);
		return rc;
	}
	if (b->status != a->status) {
		uint8_t kind = 0;
		switch ((enum dm_status)a->status) {
		case DM_STATUS_ACCEPTED: kind = b->status == DM_STATUS_RECEIVED ? COUNT_ACCEPTED : 0; break;
		case DM_STATUS_SETTLED: kind = COUNT_SETTLED; break;
		case DM_STATUS_DECLINED: kind = COUNT_DECLINED; break;
		case DM_STATUS_WITHDRAWN: kind = COUNT_WITHDRAWN; break;
		case DM_STATUS_TERMINATED: kind = COUNT_TERMINATED; break;
		default: break;
		}
		if (kind)
			rc = bump(txn, kind, today, a, 0, 1);
		if (rc == TC_OK && kind == COUNT_SETTLED) {
			/*
			 * On time: settled by the deadline it owed (settle_by while accepted),
			 * and never late on the way (overdue now, or was late: a deadline
			 * missed before). A track with no settlement clock (petitions,
			 * information) breaches nothing by settling.
			 */
			int32_t due = b->deadlines[3];
			int late = (b->flags & (STORE_FLAG_OVERDUE | STORE_FLAG_WAS_LATE)) ||
				   (due != STORE_DAY_NONE && today > due);
			if (!late)
				rc = bump(txn, COUNT_ON_TIME, today, a, 0, 1);
			/*
			 * The days-to-settle histogram has a value per day, so it is kept by
			 * province and track only (no unit, no category): that keeps its
			 * counters as few as the others' and the medians cheap to read.
			 */
			int32_t days = today - a->received;
			struct store_case coarse = *a;
			coarse.category = 0;
			memset(coarse.unit, 0, sizeof(coarse.unit));
			if (rc == TC_OK)
				rc = bump(txn, COUNT_SETTLE_DAYS, today, &coarse,
					  (uint16_t)(days < 0 ? 0 : days > COUNT_DAYS_CAP ? COUNT_DAYS_CAP : days), 1);
		}
	}
	if (rc == TC_OK && (a->flags & ~b->flags & STORE_FLAG_CRIMINAL_SIGNS))
		rc = bump(txn, COUNT_CRIMINAL, today, a, 0, 1);
	if (rc == TC_OK && (a->flags & ~b->flags & STORE_FLAG_MONITORED))
		rc = bump(txn, COUNT_MONITORED, today, a, 0, 1);
	return rc;
}

/* The 1st of the month after day's. */
static int32_t next_month(int32_t day)
{
	return month_start(month_start(day) + 31);
}

struct part_walk {
	case_count_fn fn;
	void *arg;
	uint8_t kind;  /* reported kind: month counters come back as their event kind */
	int stopped;
};

static int part_one(const uint8_t *key, size_t len, int64_t n, void *arg)
{
	struct part_walk *pw = arg;
	struct case_count_key e;
	(void)len; /* the walk only yields keys of the length it started with */
	decode_key(key, &e);
	e.kind = pw->kind;
	pw->stopped = pw->fn(&e, n, pw->arg);
	return pw->stopped;
}

/* The day (or, with month, month roll-up) counters of kind dated in [from, to]. */
static int walk(struct store_txn *txn, struct part_walk *pw, int32_t from, int32_t to, int month)
{
	if (pw->stopped)
		return TC_OK;
	uint8_t start[COUNT_KEY_LEN] = {0}, end_day[4];
	start[0] = month ? month_kind(pw->kind) : pw->kind;
	store_put_day_key(start + 1, from);
	store_put_day_key(end_day, to);
	return store_count_walk(txn, start, sizeof(start), end_day, part_one, pw);
}

int case_counts_range(struct store_txn *txn, uint8_t kind, int32_t from, int32_t to,
		       case_count_fn fn, void *arg)
{
	struct part_walk pw = {.fn = fn, .arg = arg, .kind = kind};
	if (from == 0 && to == 0)
		return walk(txn, &pw, 0, 0, 0);
	/*
	 * Whole months inside [from, to] come from the month roll-up, the ragged
	 * ends from day counters: a year costs 12 months plus at most 60 days of
	 * counters, whatever the number of cases. first_full is the 1st of the
	 * first whole month; end_full the 1st of the month after the last one.
	 */
	int32_t first_full = month_start(from) == from ? from : next_month(from);
	int32_t end_full = month_start(to + 1);
	if (first_full >= end_full)
		return walk(txn, &pw, from, to, 0);
	int rc = TC_OK;
	if (from < first_full)
		rc = walk(txn, &pw, from, first_full - 1, 0);
	if (rc == TC_OK)
		rc = walk(txn, &pw, first_full, end_full - 1, 1);
	if (rc == TC_OK && end_full <= to)
		rc = walk(txn, &pw, end_full, to, 0);
	return rc;
}

int case_counts_build_months(struct store_txn *txn)
{
	/* Every event kind's day counters, summed into their months. */
	static const uint8_t kinds[] = {COUNT_RECEIVED,	    COUNT_ACCEPTED,   COUNT_SETTLED,
					COUNT_ON_TIME,	    COUNT_DECLINED,   COUNT_WITHDRAWN,
					COUNT_TERMINATED,   COUNT_TRANSFER_OUT, COUNT_TRANSFER_IN,
					COUNT_CRIMINAL,	    COUNT_MONITORED,  COUNT_SETTLE_DAYS};
	int rc = TC_OK;
	for (size_t i = 0; rc == TC_OK && i < sizeof(kinds); i++)
		rc = store_count_rollup(txn, kinds[i], month_kind(kinds[i]), COUNT_KEY_LEN, month_start);
	return rc;
}

struct flag_walk {
	char (*ids)[STORE_CASE_ID_LEN + 1];
	size_t n, cap;
	int rc;
};

static int flagged(const struct store_case *c, void *arg)
{
	struct flag_walk *w = arg;
	if (!(c->flags & STORE_FLAG_OVERDUE))
		return 0;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 256;
		void *p = realloc(w->ids, cap * sizeof(*w->ids));
		if (p == NULL) {
			w->rc = TC_ENOMEM;
			return 1;
		}
		w->ids = p;
		w->cap = cap;
	}
	memcpy(w->ids[w->n++], c->case_id, STORE_CASE_ID_LEN + 1);
	return 0;
}

/*
 * Schema 3: STORE_FLAG_OVERDUE means "overdue now". A case flagged under
 * the old meaning (once late, until closed) was late: it gets
 * STORE_FLAG_WAS_LATE; a closed one loses OVERDUE (it counted nowhere, as
 * COUNT_OVERDUE_NOW counts open cases only); an open one keeps it until
 * the first recompute or sweep re-derives it, with its counters.
 */
static int upgrade_flags(struct store_txn *txn)
{
	struct flag_walk w = {0};
	int rc = store_all_cases(txn, flagged, &w);
	if (rc == TC_OK)
		rc = w.rc;
	for (size_t i = 0; rc == TC_OK && i < w.n; i++) {
		struct store_case c;
		rc = store_case_get(txn, w.ids[i], &c);
		if (rc != TC_OK)
			break;
		c.flags |= STORE_FLAG_WAS_LATE;
		if (dm_status_is_closed((enum dm_status)c.status))
			c.flags &= ~(uint32_t)STORE_FLAG_OVERDUE;
		rc = store_case_put(txn, &c, false);
	}
	free(w.ids);
	return rc;
}

int case_counts_upgrade(struct store_txn *txn, uint32_t from)
{
	/* Version 2 added the month roll-up; version 3 the flags' new meaning. */
	int rc = from == 1 ? case_counts_build_months(txn) : from == 2 ? TC_OK : TC_EVERSION;
	return rc == TC_OK ? upgrade_flags(txn) : rc;
}
