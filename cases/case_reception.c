/*
 * case_reception.c - a report taken at a unit's reception office, created
 * through the case service (cases.h case_reception): the case as a web
 * report's, plus its channel and registering unit, a timeline event and an
 * audit entry, in the one write.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cases.h"
#include "dm_deadline.h"
#include "dm_reception.h"

#define RECEPTION_META_VERSION 1
#define RECEPTION_META_LEN (1 + 1 + STORE_UNIT_LEN + 4)

static void meta_name(char out[32], const char *case_id)
{
	snprintf(out, 32, "%s%.8s", CASE_META_RECEPTION, case_id);
}

/* The record's level byte holds a dm_level (docs/FORMAT.md byte 127). */
_Static_assert(STORE_LEVEL_MAX == DM_LEVEL_CENTRAL, "store and domain disagree on levels");
/* And its byte 27 a dm_decline_ground (cases.c case_act_apply writes it). */
_Static_assert(STORE_GROUND_MAX == DM_GROUND_MAX, "store and domain disagree on grounds");

int case_record_new(const struct case_new *n, struct store_case *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->unit, sizeof(c->unit), "%s", n->unit);
	memcpy(c->province, n->province, 3);
	c->kind = (uint8_t)n->kind;
	c->identity = (uint8_t)n->identity;
	c->track = (uint8_t)n->track;
	c->category = (uint8_t)n->category;
	c->status = DM_STATUS_RECEIVED;
	c->instance = (uint8_t)(n->instance == 2 ? 2 : 1);
	c->origin = (uint8_t)n->origin;
	c->subject = (uint8_t)n->subject;
	/* Out of range (a caller's mistake) is stored as not recorded, never refused. */
	c->level = (uint8_t)(n->level >= DM_LEVEL_UNKNOWN && n->level <= DM_LEVEL_CENTRAL ? n->level
										  : 0);
	c->received = n->received;
	c->accepted = c->settled = c->closed = c->suspended_since = STORE_DAY_NONE;
	c->decided = STORE_DAY_NONE;

	struct dm_clock clk;
	struct dm_deadlines dl;
	dm_clock_init(&clk, n->track, n->received);
	clk.instance = c->instance;
	clk.origin = n->origin;
	clk.subject = n->subject;
	int rc = dm_deadlines_compute(&clk, &dl);
	if (rc != TC_OK)
		return rc;
	/* The deadlines, their provisional bits, and the index key: the one it owes now. */
	case_set_deadlines(c, &dl);
	return TC_OK;
}

int case_reception_apply(struct store_txn *txn, struct case_reception *op)
{
	const struct store_case *c = &op->create.rec;
	if (op->channel == DM_CHANNEL_WEB || op->channel > DM_CHANNEL_LAST ||
	    op->received_by[0] == '\0')
		return TC_EINVAL;
	int rc = case_create_apply(txn, &op->create);
	if (rc != TC_OK)
		return rc;
	uint8_t v[RECEPTION_META_LEN] = {RECEPTION_META_VERSION, op->channel};
	memcpy(v + 2, op->received_by, strnlen(op->received_by, STORE_UNIT_LEN));
	uint32_t d = (uint32_t)op->today;
	v[10] = (uint8_t)(d >> 24);
	v[11] = (uint8_t)(d >> 16);
	v[12] = (uint8_t)(d >> 8);
	v[13] = (uint8_t)d;
	char name[32], detail[STORE_AUDIT_DETAIL + 1];
	meta_name(name, c->case_id);
	snprintf(detail, sizeof(detail), "%s %.8s", dm_channel_name((enum dm_channel)op->channel),
		 op->received_by);
	rc = store_meta_put(txn, name, v, sizeof(v));
	if (rc == TC_OK)
		rc = store_event_append(txn, c->case_id, op->today, CASE_EVENT_RECEPTION, detail);
	if (rc == TC_OK)
		rc = case_audit_append(txn, CASE_AUDIT_RECEPTION, op->actor, op->today, c->case_id,
				       detail);
	return rc;
}

int case_reception_get(struct store_txn *txn, const char *case_id,
		       struct case_reception_info *out)
{
	uint8_t v[RECEPTION_META_LEN];
	size_t len = 0;
	char name[32];
	meta_name(name, case_id);
	int rc = store_meta_get(txn, name, v, sizeof(v), &len);
	if (rc == -ENOBUFS)
		return TC_ECORRUPT;
	if (rc != TC_OK)
		return rc;
	if (len != RECEPTION_META_LEN || v[0] != RECEPTION_META_VERSION || v[1] == DM_CHANNEL_WEB ||
	    v[1] > DM_CHANNEL_LAST)
		return TC_ECORRUPT;
	memset(out, 0, sizeof(*out));
	out->channel = v[1];
	memcpy(out->received_by, v + 2, STORE_UNIT_LEN);
	out->received_by[STORE_UNIT_LEN] = '\0';
	out->registered = (dm_day)(int32_t)((uint32_t)v[10] << 24 | (uint32_t)v[11] << 16 |
					    (uint32_t)v[12] << 8 | v[13]);
	return TC_OK;
}
