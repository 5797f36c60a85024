/*
 * cases.c - the case service (cases.h): every change of a case, with its
 * counters, timeline event and audit entry, in the caller's one write.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_audit.h"
#include "case_counts.h"
#include "case_notices.h"
#include "cases.h"
#include "dm_deadline.h"
#include "dm_watch.h"
#include "tc_base64.h"

_Static_assert(STORE_CASE_ID_LEN == CR_CASE_ID_LEN, "case id length");
_Static_assert(STORE_HASH_LEN == CR_HASH_BYTES, "hash length");

const char *case_event_name(int kind)
{
	switch (kind) {
	case CASE_EVENT_RECEIVED: return "received";
	case CASE_EVENT_ACTION: return "action";
	case CASE_EVENT_MESSAGE_UNIT: return "message_to_reporter";
	case CASE_EVENT_MESSAGE_REPORTER: return "message_from_reporter";
	case CASE_EVENT_REVEAL: return "identity_revealed";
	case CASE_EVENT_TRANSFER: return "transferred";
	case CASE_EVENT_NOTE: return "note";
	case CASE_EVENT_WITHDRAWAL_CONTINUED: return "withdrawal_continued";
	case CASE_EVENT_DEADLINES_RECOMPUTED: return "deadlines_recomputed";
	case CASE_EVENT_TRANSFER_PENDING: return "transfer_pending";
	case CASE_EVENT_TRANSFER_CANCELLED: return "transfer_cancelled";
	case CASE_EVENT_ASSIGNED: return "assigned";
	case CASE_EVENT_RECEPTION: return "reception";
	case CASE_EVENT_NOTICE_SENT: return "notice_sent";
	}
	return "event";
}

static int audit(struct store_txn *txn, enum case_audit_kind kind, const uint8_t *actor,
		 dm_day day, const char *case_id, const char *detail);

/* Append one audit entry; the chain's hash is the crypto layer's. */
int case_audit_append(struct store_txn *txn, enum case_audit_kind kind, const uint8_t *actor,
		      dm_day day, const char *case_id, const char *detail)
{
	return audit(txn, kind, actor, day, case_id, detail);
}

static int audit(struct store_txn *txn, enum case_audit_kind kind, const uint8_t *actor,
		 dm_day day, const char *case_id, const char *detail)
{
	struct store_audit e;
	memset(&e, 0, sizeof(e));
	e.kind = (uint8_t)kind;
	e.day = day;
	if (actor)
		memcpy(e.actor, actor, sizeof(e.actor));
	if (case_id)
		snprintf(e.case_id, sizeof(e.case_id), "%s", case_id);
	if (detail)
		snprintf(e.detail, sizeof(e.detail), "%s", detail);
	return case_audit_write(txn, &e); /* with its place in the case's index */
}

/* The case as the acting unit may see it: another unit's is TC_ENOENT, as a missing one. */
static int load(struct store_txn *txn, const struct case_who *who, struct store_case *c)
{
	int rc = store_case_get(txn, who->case_id, c);
	if (rc == TC_OK && who->unit[0] && strncmp(c->unit, who->unit, STORE_UNIT_LEN) != 0)
		rc = TC_ENOENT;
	return rc;
}

/* Replace the record and count what changed, in one step so neither is forgotten. */
static int put_changed(struct store_txn *txn, const struct store_case *before,
		       const struct store_case *after, dm_day today)
{
	int rc = store_case_put(txn, after, false);
	if (rc == TC_OK)
		rc = case_counts_change(txn, before, after, today);
	if (rc == TC_OK)
		rc = case_notices_reindex(txn, before, after);
	return rc;
}

/* ---- A new report ---- */

static int claim_idem(struct store_txn *txn, struct case_create *op)
{
	struct store_idem old;
	int g = store_idem_get(txn, op->idem_hash, &old);
	bool expired = g == TC_OK && old.day + op->idem_ttl_days < op->idem.day;
	if (g == TC_OK && !expired) {
		op->conflict = CASE_CONFLICT_IDEM;
		return TC_EEXIST;
	}
	return store_idem_put(txn, op->idem_hash, &op->idem, expired);
}

int case_create_apply(struct store_txn *txn, struct case_create *op)
{
	const struct store_case *c = &op->rec;
	int rc = op->has_idem ? claim_idem(txn, op) : TC_OK;
	if (rc != TC_OK)
		return rc;
	rc = store_case_put(txn, c, true);
	if (rc == TC_EEXIST)
		op->conflict = CASE_CONFLICT_ID;
	if (rc == TC_OK)
		rc = store_envelope_put(txn, c->case_id, op->envelope, op->envelope_len);
	if (rc == TC_OK) {
		rc = store_receipt_put(txn, op->receipt_hash, c->case_id);
		if (rc == TC_EEXIST)
			op->conflict = CASE_CONFLICT_ID;
	}
	for (size_t i = 0; rc == TC_OK && i < op->n_attachments; i++)
		rc = store_attachment_put(txn, c->case_id, (unsigned)i, op->attachments[i].data,
					  op->attachments[i].len);
	if (rc == TC_OK)
		rc = store_event_append(txn, c->case_id, c->received, CASE_EVENT_RECEIVED, NULL);
	if (rc == TC_OK)
		rc = case_counts_change(txn, NULL, c, c->received);
	if (rc == TC_OK)
		rc = case_notices_reindex(txn, NULL, c);
	return rc;
}

/* ---- Actions ---- */

#define DM_FLAGS_KEPT                                                                            \
	(DM_FLAG_SEVERAL_PLACES | DM_FLAG_REMOTE_AREA | DM_FLAG_CRIMINAL_SIGNS | DM_FLAG_MONITORED | \
	 DM_FLAG_DELEGATED_VERIFICATION)

void case_state_of(const struct store_case *c, struct dm_case_state *s)
{
	*s = (struct dm_case_state){
		.status = (enum dm_status)c->status, .track = (enum dm_track)c->track,
		.received = c->received, .accepted = c->accepted, .settled = c->settled,
		.closed = c->closed, .suspended_since = c->suspended_since,
		.suspended_days = c->suspended_days, .extensions = c->extensions,
		.complexity = (enum dm_complexity)c->complexity,
		.flags = c->flags & DM_FLAGS_KEPT, .instance = c->instance,
		.origin = (enum dm_origin)c->origin, .subject = (enum dm_subject)c->subject,
		.criteria = c->criteria, .decision = (enum dm_decision)c->decision,
		.decided = c->decided};
}

static void state_into(const struct dm_case_state *s, const struct dm_deadlines *dl,
		       struct store_case *c)
{
	c->status = (uint8_t)s->status;
	c->accepted = s->accepted;
	c->settled = s->settled;
	c->closed = s->closed;
	c->suspended_since = s->suspended_since;
	c->suspended_days = s->suspended_days;
	c->extensions = (uint8_t)s->extensions;
	c->complexity = (uint8_t)s->complexity;
	c->flags = (c->flags & ~(uint32_t)DM_FLAGS_KEPT) | s->flags;
	c->criteria = (uint8_t)s->criteria;
	c->decision = (uint8_t)s->decision;
	c->decided = s->decided;
	/* The deadline index follows: the one deadline the new status owes. */
	case_set_deadlines(c, dl);
}

/* The timeline's detail (at most STORE_AUDIT_DETAIL characters) for a kept withdrawal. */
static const char *continue_tag(enum dm_continue_reason r)
{
	switch (r) {
	case DM_CONTINUE_SIGNS_OF_VIOLATION: return "violation";
	case DM_CONTINUE_COERCED: return "coerced";
	case DM_CONTINUE_ABUSIVE: return "abusive";
	default: return "?";
	}
}

/*
 * A decline names its legal ground, of the case's track; no other action
 * takes one. TC_EINVAL with op->reason, before anything is written.
 */
static int ground_check(struct case_act *op, const struct store_case *c)
{
	if (op->action == DM_ACT_DECLINE)
		return dm_ground_check(op->ground, (enum dm_track)c->track, &op->reason);
	if (op->ground == DM_GROUND_NONE)
		return TC_OK;
	op->reason = "a ground is given with a decline only";
	return TC_EINVAL;
}

int case_act_apply(struct store_txn *txn, struct case_act *op)
{
	const struct case_who *who = &op->who;
	struct store_case c;
	int rc = load(txn, who, &c);
	if (rc != TC_OK)
		return rc;
	const struct store_case before = c;
	struct dm_case_state s;
	case_state_of(&c, &s);
	const struct dm_action_args args = {.complexity = op->complexity, .criteria = op->criteria,
					    .flag = op->flag,
					    .continue_reason = op->continue_reason};
	rc = dm_action_apply_args(&s, op->action, &args, who->today, &op->reason, &op->continued);
	if (rc == TC_OK) /* after the state machine's refusals: nothing is written yet */
		rc = ground_check(op, &c);
	if (rc != TC_OK)
		return rc;
	struct dm_clock clk;
	struct dm_deadlines dl;
	dm_action_clock(&s, who->today, &clk);
	rc = dm_deadlines_compute(&clk, &dl);
	if (rc != TC_OK) {
		snprintf(op->detail, sizeof(op->detail), "%s", dm_deadlines_explain(&clk, rc));
		op->reason = op->detail;
		return TC_ESTATE;
	}
	state_into(&s, &dl, &c);
	if (op->action == DM_ACT_DECLINE)
		c.ground = (uint8_t)op->ground; /* counted by case_counts_change as the value */
	/* A stage completed after its deadline was late; then overdue as of today, anew. */
	if (case_overdue_now(&before, who->today))
		c.flags |= STORE_FLAG_WAS_LATE;
	case_overdue_derive(&c, who->today);
	const char *name = dm_action_name(op->action);
	const char *detail = name;
	int event = CASE_EVENT_ACTION;
	if (op->continued) { /* Art. 33(3): recorded, the case stays as it was */
		event = CASE_EVENT_WITHDRAWAL_CONTINUED;
		detail = "withdraw-kept";
		name = continue_tag(op->continue_reason);
	}
	rc = put_changed(txn, &before, &c, who->today);
	if (rc == TC_OK)
		rc = audit(txn, CASE_AUDIT_ACTION, who->actor, who->today, who->case_id, detail);
	if (rc == TC_OK)
		rc = store_event_append(txn, who->case_id, who->today, event, name);
	if (rc == TC_OK && op->note_sealed) {
		/* Kept like a message only the unit can read (never shown to the reporter). */
		struct store_message m = {.from = STORE_MSG_NOTE, .day = who->today,
					  .for_unit = op->note_sealed, .for_unit_len = op->note_len};
		uint32_t seq;
		rc = store_message_append(txn, who->case_id, &m, &seq);
	}
	if (rc == TC_OK)
		op->after = c;
	return rc;
}

/* ---- Transfers: two steps (cases.h) ---- */

#define HANDOVER_VERSION 1
#define HANDOVER_LEN (1 + 8 + 8 + CR_ENV_HEADER_BYTES + CR_HASH_BYTES + 4 + CASE_ACTOR_LEN)

static void handover_name(char out[32], const char *case_id)
{
	snprintf(out, 32, "%s%.8s", CASE_META_HANDOVER, case_id);
}

static void handover_encode(const struct case_handover *h, uint8_t out[HANDOVER_LEN])
{
	uint8_t *p = out;
	memset(out, 0, HANDOVER_LEN);
	*p++ = HANDOVER_VERSION;
	memcpy(p, h->from_unit, strnlen(h->from_unit, STORE_UNIT_LEN));
	p += 8;
	memcpy(p, h->to_unit, strnlen(h->to_unit, STORE_UNIT_LEN));
	p += 8;
	memcpy(p, h->header, CR_ENV_HEADER_BYTES);
	p += CR_ENV_HEADER_BYTES;
	memcpy(p, h->commitment, CR_HASH_BYTES);
	p += CR_HASH_BYTES;
	uint32_t d = (uint32_t)h->day;
	p[0] = (uint8_t)(d >> 24), p[1] = (uint8_t)(d >> 16), p[2] = (uint8_t)(d >> 8);
	p[3] = (uint8_t)d;
	memcpy(p + 4, h->actor, CASE_ACTOR_LEN);
}

static int handover_decode(const uint8_t *in, size_t len, struct case_handover *h)
{
	memset(h, 0, sizeof(*h));
	if (len != HANDOVER_LEN || in[0] != HANDOVER_VERSION)
		return TC_ECORRUPT;
	const uint8_t *p = in + 1;
	memcpy(h->from_unit, p, 8);
	memcpy(h->to_unit, p + 8, 8);
	if (!h->from_unit[0] || !h->to_unit[0])
		return TC_ECORRUPT;
	p += 16;
	memcpy(h->header, p, CR_ENV_HEADER_BYTES);
	p += CR_ENV_HEADER_BYTES;
	memcpy(h->commitment, p, CR_HASH_BYTES);
	p += CR_HASH_BYTES;
	h->day = (dm_day)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]);
	memcpy(h->actor, p + 4, CASE_ACTOR_LEN);
	return TC_OK;
}

int case_handover_get(struct store_txn *txn, const char *case_id, struct case_handover *out)
{
	char name[32];
	uint8_t buf[HANDOVER_LEN + 1];
	size_t len = 0;
	handover_name(name, case_id);
	int rc = store_meta_get(txn, name, buf, sizeof(buf), &len);
	if (rc == -ENOBUFS)
		rc = TC_ECORRUPT;
	return rc == TC_OK ? handover_decode(buf, len, out) : rc;
}

struct handover_walk {
	const char *unit;
	case_handover_fn fn;
	void *arg;
	int rc;
};

static int handover_one(const char *name, size_t name_len, const uint8_t *val, size_t len,
			void *arg)
{
	struct handover_walk *w = arg;
	const size_t plen = sizeof(CASE_META_HANDOVER) - 1;
	char id[STORE_CASE_ID_LEN + 1];
	struct case_handover h;
	if (name_len != plen + STORE_CASE_ID_LEN || handover_decode(val, len, &h) != TC_OK) {
		w->rc = TC_ECORRUPT;
		return 1;
	}
	memcpy(id, name + plen, STORE_CASE_ID_LEN);
	id[STORE_CASE_ID_LEN] = '\0';
	if (w->unit[0] && strcmp(w->unit, h.to_unit) != 0)
		return 0;
	return w->fn(id, &h, w->arg);
}

int case_handovers(struct store_txn *txn, const char *unit, case_handover_fn fn, void *arg)
{
	struct handover_walk w = {.unit = unit, .fn = fn, .arg = arg};
	int rc = store_meta_walk(txn, CASE_META_HANDOVER, handover_one, &w);
	return rc == TC_OK ? w.rc : rc;
}

/* Whether the offer's header splices into env and names the receiving unit's current key. */
static bool header_for(const struct case_transfer_offer *op, const uint8_t *env, size_t len)
{
	struct cr_envelope_info info;
	uint8_t *spliced = NULL;
	size_t n = 0;
	bool ok = cr_envelope_splice(env, len, op->header, &spliced, &n, &info) == TC_OK &&
		  strncmp(info.unit, op->to_unit, STORE_UNIT_LEN) == 0 &&
		  memcmp(info.key_id, op->to_key_id, CR_KEY_ID_BYTES) == 0;
	free(spliced);
	return ok;
}

/* A case that may be offered: open, elsewhere than to_unit, no offer pending. */
static int offer_check(struct store_txn *txn, struct case_transfer_offer *op,
		       const struct store_case *c)
{
	struct case_handover h;
	int rc;
	if (dm_status_is_closed((enum dm_status)c->status)) {
		op->reason = "the case is closed: it cannot be transferred";
		return TC_ESTATE;
	}
	if (strncmp(op->to_unit, c->unit, STORE_UNIT_LEN) == 0) {
		op->reason = "the case is already at this unit";
		return TC_ESTATE;
	}
	rc = case_handover_get(txn, c->case_id, &h);
	if (rc == TC_OK) {
		op->reason = "a transfer of this case is pending already: cancel it first";
		return TC_ESTATE;
	}
	return rc == TC_ENOENT ? TC_OK : rc;
}

int case_transfer_offer_apply(struct store_txn *txn, struct case_transfer_offer *op)
{
	const struct case_who *who = &op->who;
	struct store_case c;
	const uint8_t *env;
	size_t len;
	int rc = load(txn, who, &c);
	if (rc == TC_OK)
		rc = offer_check(txn, op, &c);
	if (rc == TC_OK)
		rc = store_envelope_get(txn, who->case_id, &env, &len);
	if (rc != TC_OK)
		return rc;
	if (!header_for(op, env, len)) {
		op->reason = "header: the 96 header bytes (unit, key id, sealed content key) for "
			     "to_unit's current key";
		return TC_EINVAL;
	}
	struct case_handover h = {.day = who->today};
	memcpy(h.from_unit, c.unit, STORE_UNIT_LEN);
	memcpy(h.to_unit, op->to_unit, STORE_UNIT_LEN);
	memcpy(h.header, op->header, sizeof(h.header));
	memcpy(h.commitment, op->commitment, sizeof(h.commitment));
	memcpy(h.actor, who->actor, sizeof(h.actor));
	uint8_t val[HANDOVER_LEN];
	char name[32];
	handover_encode(&h, val);
	handover_name(name, c.case_id);
	rc = store_meta_put(txn, name, val, sizeof(val));
	if (rc == TC_OK)
		rc = audit(txn, CASE_AUDIT_TRANSFER_OFFER, who->actor, who->today, who->case_id,
			   h.to_unit);
	if (rc == TC_OK)
		rc = store_event_append(txn, who->case_id, who->today, CASE_EVENT_TRANSFER_PENDING,
					h.to_unit);
	if (rc == TC_OK)
		op->after = c;
	return rc;
}

/* The receiving unit starts its own clock: received there on the transfer day. */
static int restart_at(struct store_case *c, const char *to_unit, dm_day today)
{
	struct dm_clock clk;
	struct dm_deadlines dl;
	dm_clock_init(&clk, (enum dm_track)c->track, today);
	/* What the report is stays: its origin, a complaint's subject and instance. */
	clk.origin = (enum dm_origin)c->origin;
	clk.subject = (enum dm_subject)c->subject;
	clk.instance = c->instance ? c->instance : 1;
	if (dm_deadlines_compute(&clk, &dl) != TC_OK)
		return TC_ESTATE;
	memcpy(c->unit, to_unit, sizeof(c->unit));
	c->criteria = 0;
	c->decision = 0;
	c->decided = STORE_DAY_NONE;
	c->status = DM_STATUS_RECEIVED;
	c->received = today;
	c->accepted = c->settled = c->closed = c->suspended_since = STORE_DAY_NONE;
	c->suspended_days = 0;
	c->extensions = 0;
	c->complexity = 0;
	c->flags &= ~(uint32_t)STORE_FLAG_OVERDUE;
	case_set_deadlines(c, &dl);
	return TC_OK;
}

/* The case and its hand-over, for the receiving unit (anyone else: TC_ENOENT). */
static int confirm_load(struct store_txn *txn, struct case_transfer_confirm *op,
			struct store_case *c, struct case_handover *h)
{
	int rc = store_case_get(txn, op->who.case_id, c);
	if (rc == TC_OK)
		rc = case_handover_get(txn, op->who.case_id, h);
	if (rc == TC_OK && op->who.unit[0] && strncmp(h->to_unit, op->who.unit, STORE_UNIT_LEN))
		rc = TC_ENOENT;
	if (rc == TC_OK && dm_status_is_closed((enum dm_status)c->status)) {
		op->reason = "the sending unit closed the case meanwhile: it cannot be transferred";
		rc = TC_ESTATE;
	}
	if (rc == TC_OK && !cr_transfer_check(op->proof, h->commitment)) {
		op->reason = "proof: it does not answer the sending unit's commitment; open the "
			     "offered header with this unit's key (the case stays with the sender)";
		rc = TC_EINVAL;
	}
	return rc;
}

#define SENT_VERSION 1
#define SENT_LEN (1 + 4 + STORE_UNIT_LEN)

static void sent_name(char out[40], const char *unit, const char *case_id)
{
	snprintf(out, 40, "%s%.8s:%.8s", CASE_META_SENT, unit, case_id);
}

/* The sending unit's register entry for a confirmed hand-over. */
static int sent_put(struct store_txn *txn, const struct case_handover *h, const char *case_id,
		    dm_day day)
{
	uint8_t v[SENT_LEN] = {SENT_VERSION};
	char name[40];
	store_put_day_key(v + 1, day);
	memcpy(v + 5, h->to_unit, strnlen(h->to_unit, STORE_UNIT_LEN));
	sent_name(name, h->from_unit, case_id);
	return store_meta_put(txn, name, v, sizeof(v));
}

struct sent_walk {
	size_t plen;
	case_sent_fn fn;
	void *arg;
	int rc;
};

static int sent_one(const char *name, size_t name_len, const uint8_t *val, size_t len, void *arg)
{
	struct sent_walk *w = arg;
	struct case_sent s;
	memset(&s, 0, sizeof(s));
	if (name_len != w->plen + STORE_CASE_ID_LEN || len != SENT_LEN || val[0] != SENT_VERSION) {
		w->rc = TC_ECORRUPT;
		return 1;
	}
	memcpy(s.case_id, name + w->plen, STORE_CASE_ID_LEN);
	memcpy(s.to_unit, val + 5, STORE_UNIT_LEN);
	s.day = store_get_day_key(val + 1);
	return w->fn(&s, w->arg);
}

int case_sent_walk(struct store_txn *txn, const char *unit, case_sent_fn fn, void *arg)
{
	char prefix[40];
	snprintf(prefix, sizeof(prefix), "%s%.8s:", CASE_META_SENT, unit);
	struct sent_walk w = {.plen = strlen(prefix), .fn = fn, .arg = arg};
	int rc = store_meta_walk(txn, prefix, sent_one, &w);
	return rc == TC_OK ? w.rc : rc;
}

int case_transfer_confirm_apply(struct store_txn *txn, struct case_transfer_confirm *op)
{
	const struct case_who *who = &op->who;
	struct store_case c;
	struct case_handover h;
	const uint8_t *env;
	uint8_t *moved = NULL;
	size_t len, moved_len = 0;
	char name[32];
	int rc = confirm_load(txn, op, &c, &h);
	if (rc == TC_OK)
		rc = store_envelope_get(txn, who->case_id, &env, &len);
	if (rc == TC_OK)
		rc = cr_envelope_splice(env, len, h.header, &moved, &moved_len, NULL);
	if (rc != TC_OK)
		return rc == TC_EFORMAT ? TC_ECORRUPT : rc;
	const struct store_case before = c;
	if (case_overdue_now(&before, who->today))
		c.flags |= STORE_FLAG_WAS_LATE;
	if (restart_at(&c, h.to_unit, who->today) != TC_OK) {
		free(moved);
		op->reason = "deadlines could not be computed for the transfer day";
		return TC_ESTATE;
	}
	handover_name(name, c.case_id);
	rc = put_changed(txn, &before, &c, who->today);
	if (rc == TC_OK)
		rc = store_envelope_put(txn, c.case_id, moved, moved_len);
	free(moved);
	if (rc == TC_OK)
		rc = store_meta_del(txn, name);
	if (rc == TC_OK)
		rc = sent_put(txn, &h, who->case_id, who->today);
	if (rc == TC_OK)
		rc = audit(txn, CASE_AUDIT_TRANSFER, who->actor, who->today, who->case_id, h.to_unit);
	if (rc == TC_OK)
		rc = store_event_append(txn, who->case_id, who->today, CASE_EVENT_TRANSFER, h.to_unit);
	if (rc == TC_OK)
		op->after = c;
	return rc;
}

int case_transfer_cancel_apply(struct store_txn *txn, struct case_transfer_cancel *op)
{
	const struct case_who *who = &op->who;
	struct store_case c;
	struct case_handover h;
	char name[32];
	int rc = store_case_get(txn, who->case_id, &c);
	if (rc == TC_OK)
		rc = case_handover_get(txn, who->case_id, &h);
	if (rc == TC_OK && who->unit[0] && strncmp(c.unit, who->unit, STORE_UNIT_LEN) != 0 &&
	    strncmp(h.to_unit, who->unit, STORE_UNIT_LEN) != 0)
		rc = TC_ENOENT;
	if (rc != TC_OK)
		return rc;
	handover_name(name, who->case_id);
	memcpy(op->to_unit, h.to_unit, sizeof(op->to_unit));
	rc = store_meta_del(txn, name);
	if (rc == TC_OK)
		rc = audit(txn, CASE_AUDIT_TRANSFER_CANCEL, who->actor, who->today, who->case_id,
			   h.to_unit);
	if (rc == TC_OK)
		rc = store_event_append(txn, who->case_id, who->today, CASE_EVENT_TRANSFER_CANCELLED,
					h.to_unit);
	return rc;
}

/* ---- Messages and notes ---- */

/*
 * A unit message's signature (docs/FORMAT.md "Signed unit messages"): the
 * block decodes, names the case's unit, its signer is the acting
 * principal, the day is within one of today, and the signature verifies.
 * NULL if so, else the reason.
 */
static const char *unit_signature_problem(const struct case_message *op,
					  const struct store_case *c)
{
	const struct case_who *who = &op->who;
	struct cr_signed_message sm;
	uint8_t signed_bytes[CR_MSG_SIGNED_BYTES];
	if (cr_signed_message_decode(op->for_reporter, op->for_reporter_len, &sm) != TC_OK)
		return "a message to a reporter must be signed by an inspector of the unit";
	if (strncmp(sm.unit, c->unit, STORE_UNIT_LEN) != 0)
		return "the message is signed for another unit";
	if (memcmp(sm.signer, who->actor, CASE_ACTOR_LEN) != 0)
		return "the message is signed by another key than the session's";
	if (op->signed_day < who->today - 1 || op->signed_day > who->today + 1)
		return "day: sign with today's date";
	if (cr_unit_message_signed(c->case_id, c->unit, op->signed_day, sm.sealed, sm.sealed_len,
				   signed_bytes) != TC_OK ||
	    cr_sign_verify(sm.signer, signed_bytes, sizeof(signed_bytes), sm.sig) != TC_OK)
		return "signature: it does not verify for this case, unit, day and text";
	return NULL;
}

/* Append a message of the given side, then its event and (if audit_kind) its audit entry. */
static int append_message(struct store_txn *txn, struct case_message *op, uint8_t from,
			  enum case_event_kind ev, int audit_kind)
{
	const struct case_who *who = &op->who;
	struct store_case c;
	int rc = load(txn, who, &c);
	if (rc != TC_OK)
		return rc;
	struct store_message m = {.from = from, .day = who->today,
				  .for_unit = op->for_unit, .for_unit_len = op->for_unit_len};
	if (from == STORE_MSG_FROM_UNIT_SIGNED) {
		if ((op->reason = unit_signature_problem(op, &c)) != NULL)
			return TC_EINVAL;
		m.day = op->signed_day;
	}
	if (from != STORE_MSG_NOTE) {
		m.for_reporter = op->for_reporter;
		m.for_reporter_len = op->for_reporter_len;
	}
	rc = store_message_append(txn, who->case_id, &m, &op->seq);
	if (rc == TC_OK && audit_kind)
		rc = audit(txn, (enum case_audit_kind)audit_kind, who->actor, who->today,
			   who->case_id, NULL);
	if (rc == TC_OK)
		rc = store_event_append(txn, who->case_id, who->today, ev, NULL);
	return rc;
}

int case_message_apply(struct store_txn *txn, struct case_message *op)
{
	return append_message(txn, op, STORE_MSG_FROM_UNIT_SIGNED, CASE_EVENT_MESSAGE_UNIT,
			      CASE_AUDIT_MESSAGE);
}

struct usage_walk {
	dm_day today;
	struct case_reporter_usage *u;
};

static int count_reporter(uint32_t seq, const struct store_message *m, void *arg)
{
	struct usage_walk *w = arg;
	(void)seq;
	if (m->from != STORE_MSG_FROM_REPORTER)
		return 0;
	uint64_t bytes = (uint64_t)m->for_reporter_len + m->for_unit_len;
	w->u->total++;
	w->u->bytes_total += bytes;
	if (m->day == w->today) {
		w->u->today++;
		w->u->bytes_today += bytes;
	}
	return 0;
}

int case_reporter_usage(struct store_txn *txn, const char *case_id, dm_day today,
			struct case_reporter_usage *out)
{
	memset(out, 0, sizeof(*out));
	struct usage_walk w = {.today = today, .u = out};
	return store_messages(txn, case_id, count_reporter, &w);
}

int case_reporter_fits(const struct case_reporter_limits *lim,
		       const struct case_reporter_usage *u, uint64_t bytes)
{
	if ((lim->total && u->total + 1 > lim->total) ||
	    (lim->bytes_total && u->bytes_total + bytes > lim->bytes_total))
		return TC_ERANGE;
	if ((lim->per_day && u->today + 1 > lim->per_day) ||
	    (lim->bytes_per_day && u->bytes_today + bytes > lim->bytes_per_day))
		return TC_EBUSY;
	return TC_OK;
}

int case_reporter_message_apply(struct store_txn *txn, struct case_message *op)
{
	/* The receipt found the case: no unit restriction applies. */
	op->who.unit[0] = '\0';
	if (op->limits) {
		struct case_reporter_usage u;
		int rc = case_reporter_usage(txn, op->who.case_id, op->who.today, &u);
		if (rc == TC_OK)
			rc = case_reporter_fits(op->limits, &u,
						(uint64_t)op->for_reporter_len + op->for_unit_len);
		if (rc != TC_OK)
			return rc;
	}
	if (op->once) {
		/* Kept with the reports' idempotency entries: they expire and go with the case. */
		struct store_idem seen, mark = {.day = op->who.today};
		memcpy(mark.case_id, op->who.case_id, sizeof(mark.case_id));
		int g = store_idem_get(txn, op->once, &seen);
		if (g == TC_OK)
			return TC_EEXIST;
		if (g != TC_ENOENT)
			return g;
		g = store_idem_put(txn, op->once, &mark, false);
		if (g != TC_OK)
			return g;
	}
	return append_message(txn, op, STORE_MSG_FROM_REPORTER, CASE_EVENT_MESSAGE_REPORTER, 0);
}

int case_note_apply(struct store_txn *txn, struct case_message *op)
{
	if (op->for_unit == NULL || op->for_unit_len == 0)
		return TC_EINVAL;
	return append_message(txn, op, STORE_MSG_NOTE, CASE_EVENT_NOTE, CASE_AUDIT_NOTE);
}

/* ---- Assignment within the unit ---- */

static void assign_name(char out[32], const char *case_id)
{
	snprintf(out, 32, "%s%.8s", CASE_META_ASSIGN, case_id);
}

int case_assignee_get(struct store_txn *txn, const char *case_id, uint8_t out[CASE_ACTOR_LEN])
{
	char name[32];
	size_t len = 0;
	assign_name(name, case_id);
	int rc = store_meta_get(txn, name, out, CASE_ACTOR_LEN, &len);
	if (rc == TC_OK && len != CASE_ACTOR_LEN)
		rc = TC_ECORRUPT;
	return rc == -ENOBUFS ? TC_ECORRUPT : rc;
}

int case_assign_apply(struct store_txn *txn, struct case_assign *op)
{
	const struct case_who *who = &op->who;
	struct store_case c;
	char name[32], detail[48] = "none";
	int rc = load(txn, who, &c);
	assign_name(name, who->case_id);
	if (rc == TC_OK && op->has_to) {
		tc_base64_encode(op->to, CASE_ACTOR_LEN, detail);
		detail[8] = '\0';
		rc = store_meta_put(txn, name, op->to, CASE_ACTOR_LEN);
	} else if (rc == TC_OK) {
		rc = store_meta_del(txn, name);
	}
	if (rc == TC_OK)
		rc = store_event_append(txn, who->case_id, who->today, CASE_EVENT_ASSIGNED, detail);
	if (rc == TC_OK)
		rc = audit(txn, CASE_AUDIT_ASSIGN, who->actor, who->today, who->case_id, detail);
	return rc;
}

/* ---- Reveal ---- */

int case_reveal_apply(struct store_txn *txn, struct case_reveal *op)
{
	const struct case_who *who = &op->who;
	struct store_case c;
	const uint8_t *env;
	size_t len;
	int rc = load(txn, who, &c);
	if (rc == TC_OK && c.identity != DM_IDENTITY_CONFIDENTIAL) {
		op->reason = "only a confidential report's identity is sealed apart; this one is "
			     "in the envelope already";
		rc = TC_ESTATE;
	}
	if (rc == TC_OK)
		rc = store_envelope_get(txn, who->case_id, &env, &len);
	if (rc == TC_OK)
		rc = audit(txn, CASE_AUDIT_REVEAL, who->actor, who->today, who->case_id, "reveal");
	if (rc == TC_OK)
		rc = store_event_append(txn, who->case_id, who->today, CASE_EVENT_REVEAL, NULL);
	/* A copy: LMDB's bytes end with the transaction, the reply goes after the sync. */
	if (rc == TC_OK && (op->envelope = malloc(len)) == NULL)
		rc = TC_ENOMEM;
	if (rc == TC_OK) {
		memcpy(op->envelope, env, len);
		op->envelope_len = len;
	}
	return rc;
}

/* ---- The sweep's marks ---- */

int case_mark_overdue_apply(struct store_txn *txn, struct case_mark_overdue *op)
{
	op->marked = op->cleared = 0;
	for (size_t i = 0; i < op->n; i++) {
		struct store_case c;
		int rc = store_case_get(txn, op->ids[i], &c);
		if (rc == TC_ENOENT)
			continue;
		if (rc != TC_OK)
			return rc;
		const struct store_case before = c;
		case_overdue_derive(&c, op->today);
		if (c.flags == before.flags)
			continue;
		rc = put_changed(txn, &before, &c, op->today);
		if (rc != TC_OK)
			return rc;
		if (c.flags & STORE_FLAG_OVERDUE)
			op->marked++;
		else
			op->cleared++;
	}
	return TC_OK;
}

/* ---- Reads worth recording ---- */

int case_audit_read_apply(struct store_txn *txn, struct case_audit_read *op)
{
	return audit(txn, op->kind, op->actor, op->day, op->case_id, op->detail);
}

/* ---- Bulk loads ---- */

int case_load_apply(struct store_txn *txn, const struct case_load *op)
{
	int rc = store_case_put(txn, op->after, op->before == NULL);
	if (rc == TC_OK)
		rc = case_counts_change(txn, op->before, op->after, op->day);
	if (rc == TC_OK)
		rc = case_notices_reindex(txn, op->before, op->after);
	return rc;
}

/* ---- Queueing ---- */

static int apply_op(struct store_txn *txn, struct store_write *w)
{
	struct case_write *cw = case_write_of(w);
	switch (cw->op) {
	case CASE_OP_CREATE: return case_create_apply(txn, cw->data);
	case CASE_OP_ACT: return case_act_apply(txn, cw->data);
	case CASE_OP_MESSAGE: return case_message_apply(txn, cw->data);
	case CASE_OP_REPORTER_MESSAGE: return case_reporter_message_apply(txn, cw->data);
	case CASE_OP_NOTE: return case_note_apply(txn, cw->data);
	case CASE_OP_REVEAL: return case_reveal_apply(txn, cw->data);
	case CASE_OP_MARK_OVERDUE: return case_mark_overdue_apply(txn, cw->data);
	case CASE_OP_AUDIT_READ: return case_audit_read_apply(txn, cw->data);
	case CASE_OP_RECOMPUTE: return case_recompute_apply(txn, cw->data);
	case CASE_OP_TRANSFER_OFFER: return case_transfer_offer_apply(txn, cw->data);
	case CASE_OP_TRANSFER_CONFIRM: return case_transfer_confirm_apply(txn, cw->data);
	case CASE_OP_TRANSFER_CANCEL: return case_transfer_cancel_apply(txn, cw->data);
	case CASE_OP_ASSIGN: return case_assign_apply(txn, cw->data);
	case CASE_OP_RECEPTION: return case_reception_apply(txn, cw->data);
	case CASE_OP_NOTICE: return case_notice_send_apply(txn, cw->data);
	}
	return TC_EINVAL;
}

void case_write_init(struct case_write *cw, enum case_op op, void *data)
{
	memset(cw, 0, sizeof(*cw));
	cw->w.apply = apply_op;
	cw->op = op;
	cw->data = data;
}

struct case_write *case_write_of(struct store_write *w)
{
	/* w is the first member: the store hands back the pointer it was given. */
	return (struct case_write *)(void *)w;
}

static int backfill_notices(struct store_txn *txn, struct store_write *w)
{
	(void)w;
	int rc = case_notices_backfill(txn);
	return rc == TC_OK ? case_audit_backfill(txn) : rc;
}

int case_store_open(const struct store_options *opt, struct store **out)
{
	struct store_options o = *opt;
	o.upgrade = case_counts_upgrade;
	int rc = store_open(&o, out);
	if (rc != TC_OK || o.read_only)
		return rc;
	/* Stores written before the notice and audit indexes get them once (case_notices.h,
	 * case_audit.h). */
	struct store_write w = {.apply = backfill_notices};
	rc = store_submit_wait(*out, &w);
	if (rc != TC_OK) {
		store_close(*out);
		*out = NULL;
	}
	return rc;
}
