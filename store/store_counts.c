#include <string.h>

#include "dm_case.h"
#include "store_counts.h"
#include "store_internal.h"

#define COUNT_KEY_LEN (1 + 4 + 2 + STORE_UNIT_LEN + 1 + 1 + 2)

static void encode_key(const struct store_count_key *k, uint8_t out[COUNT_KEY_LEN])
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

static void decode_key(const uint8_t *p, struct store_count_key *k)
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

static int bump(struct store_txn *txn, uint8_t kind, int32_t day, const struct store_case *c,
		uint16_t value, int64_t delta)
{
	struct store_count_key k = {.kind = kind, .day = day, .track = c->track,
				    .category = c->category, .value = value};
	memcpy(k.province, c->province, 2);
	memcpy(k.unit, c->unit, STORE_UNIT_LEN);
	uint8_t key[COUNT_KEY_LEN];
	encode_key(&k, key);
	return store_count_add(txn, key, sizeof(key), delta);
}

static int is_open_overdue(const struct store_case *c)
{
	return c && (c->flags & STORE_FLAG_OVERDUE) && !dm_status_is_closed((enum dm_status)c->status);
}

int store_counts_case_change(struct store_txn *txn, const struct store_case *b,
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
			 * and never flagged overdue on the way. A track with no settlement
			 * clock (petitions, information) breaches nothing by settling.
			 */
			int32_t due = b->deadlines[3];
			int late = (b->flags & STORE_FLAG_OVERDUE) || (due != STORE_DAY_NONE && today > due);
			if (!late)
				rc = bump(txn, COUNT_ON_TIME, today, a, 0, 1);
			int32_t days = today - a->received;
			if (rc == TC_OK)
				rc = bump(txn, COUNT_SETTLE_DAYS, today, a,
					  (uint16_t)(days < 0 ? 0 : days > COUNT_DAYS_CAP ? COUNT_DAYS_CAP : days), 1);
		}
	}
	if (rc == TC_OK && (a->flags & ~b->flags & STORE_FLAG_CRIMINAL_SIGNS))
		rc = bump(txn, COUNT_CRIMINAL, today, a, 0, 1);
	if (rc == TC_OK && (a->flags & ~b->flags & STORE_FLAG_MONITORED))
		rc = bump(txn, COUNT_MONITORED, today, a, 0, 1);
	return rc;
}

struct range_walk {
	store_count_fn fn;
	void *arg;
};

int store_counts_range(struct store_txn *txn, uint8_t kind, int32_t from, int32_t to,
		       store_count_fn fn, void *arg)
{
	uint8_t start[COUNT_KEY_LEN] = {0}, end_day[4];
	start[0] = kind;
	store_put_day_key(start + 1, from);
	store_put_day_key(end_day, to);
	return store_count_walk(txn, start, sizeof(start), end_day, fn, arg, decode_key);
}
