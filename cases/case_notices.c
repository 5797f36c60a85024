/*
 * case_notices.c - notices owed, their sendings and their index
 * (case_notices.h, docs/FORMAT.md "Notices").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_audit.h"
#include "case_codes.h"
#include "case_notices.h"
#include "cr.h"
#include "dm_deadline.h"
#include "dm_watch.h"

static const char *const notice_names[CASE_NOTICE_COUNT] = {
	"notify_accepted", "notify_concluded", "answer_forwarder", "notify_decision"};
static const int notice_deadlines[CASE_NOTICE_COUNT] = {
	DM_DL_NOTIFY, DM_DL_CONCLUSION_NOTIFY, DM_DL_FORWARDED_ANSWER, DM_DL_DECISION_NOTIFY};
static const char *const channel_names[] = {NULL, "post", "in_person", "electronic"};

const char *case_notice_name(enum case_notice_kind k)
{
	return (unsigned)k < CASE_NOTICE_COUNT ? notice_names[k] : "?";
}

int case_notice_parse(const char *s, enum case_notice_kind *out)
{
	for (int k = 0; k < CASE_NOTICE_COUNT; k++)
		if (strcmp(s, notice_names[k]) == 0) {
			*out = (enum case_notice_kind)k;
			return TC_OK;
		}
	return TC_EINVAL;
}

const char *case_channel_name(enum case_notice_channel c)
{
	return c >= CASE_CHANNEL_POST && c <= CASE_CHANNEL_ELECTRONIC ? channel_names[c] : "?";
}

int case_channel_parse(const char *s, enum case_notice_channel *out)
{
	for (int c = CASE_CHANNEL_POST; c <= CASE_CHANNEL_ELECTRONIC; c++)
		if (strcmp(s, channel_names[c]) == 0) {
			*out = (enum case_notice_channel)c;
			return TC_OK;
		}
	return TC_EINVAL;
}

int case_notice_deadline(enum case_notice_kind k)
{
	return (unsigned)k < CASE_NOTICE_COUNT ? notice_deadlines[k] : DM_DL_COUNT;
}

bool case_notice_number_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > CASE_NOTICE_NUMBER_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e || s[i] == '"' || s[i] == '\\')
			return false;
	return true;
}

/* The day a notice's deadline counts from, on this record. */
static dm_day trigger_of(const struct store_case *c, enum case_notice_kind k)
{
	switch (k) {
	case CASE_NOTICE_ACCEPTED: return c->accepted;
	case CASE_NOTICE_CONCLUDED: return c->settled;
	case CASE_NOTICE_FORWARDER: return c->received;
	case CASE_NOTICE_DECISION: return c->decided;
	default: return DM_DAY_NONE;
	}
}

/* ---- The sending: trigger(4) sent_on(4) channel(1) number_len(1) number ---- */

#define SENT_MIN 10
#define SENT_MAX (SENT_MIN + CASE_NOTICE_NUMBER_MAX)

static void sent_name(char out[40], const char *case_id, enum case_notice_kind k)
{
	snprintf(out, 40, "%s%.8s:%d", CASE_META_NOTICE, case_id, (int)k);
}

static void put32(uint8_t *p, int32_t v)
{
	uint32_t u = (uint32_t)v;
	p[0] = (uint8_t)(u >> 24), p[1] = (uint8_t)(u >> 16), p[2] = (uint8_t)(u >> 8), p[3] = (uint8_t)u;
}

static int32_t get32(const uint8_t *p)
{
	return (int32_t)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]);
}

/* The sending recorded for k, if any and for this trigger: TC_OK, TC_ENOENT, TC_ECORRUPT. */
static int sent_get(struct store_txn *txn, const char *case_id, struct case_notice *nt)
{
	char name[40];
	uint8_t v[SENT_MAX];
	size_t len;
	sent_name(name, case_id, nt->kind);
	int rc = store_meta_get(txn, name, v, sizeof(v), &len);
	if (rc != TC_OK)
		return rc == -ENOBUFS ? TC_ECORRUPT : rc;
	if (len < SENT_MIN || v[9] > CASE_NOTICE_NUMBER_MAX || len != SENT_MIN + (size_t)v[9] ||
	    v[8] < CASE_CHANNEL_POST || v[8] > CASE_CHANNEL_ELECTRONIC)
		return TC_ECORRUPT;
	if (get32(v) != nt->trigger)
		return TC_ENOENT; /* sent for an earlier trigger: owed anew */
	nt->sent = true;
	nt->sent_on = get32(v + 4);
	nt->channel = (enum case_notice_channel)v[8];
	memcpy(nt->number, v + SENT_MIN, v[9]);
	nt->number[v[9]] = '\0';
	return TC_OK;
}

int case_notices_of(struct store_txn *txn, const struct store_case *c,
		    struct case_notice out[CASE_NOTICE_COUNT], size_t *n)
{
	*n = 0;
	for (int k = 0; k < CASE_NOTICE_COUNT; k++) {
		dm_day due = c->deadlines[notice_deadlines[k]];
		dm_day trig = trigger_of(c, (enum case_notice_kind)k);
		if (due == DM_DAY_NONE || trig == DM_DAY_NONE)
			continue;
		struct case_notice *nt = &out[*n];
		memset(nt, 0, sizeof(*nt));
		nt->kind = (enum case_notice_kind)k;
		nt->due = due;
		nt->trigger = trig;
		int rc = sent_get(txn, c->case_id, nt);
		if (rc != TC_OK && rc != TC_ENOENT)
			return rc;
		(*n)++;
	}
	return TC_OK;
}

int case_notice_overdue_days(const struct case_notice *nt, dm_day today)
{
	return nt->sent ? 0 : dm_watch_days_overdue(nt->due, today);
}

/* ---- The index: "ndue:" + 8 hex (day + 2^31) + case id + kind digit ---- */

#define DUE_NAME_LEN (sizeof(CASE_META_NOTICE_DUE) - 1 + 8 + STORE_CASE_ID_LEN + 1)

static void due_name(char out[DUE_NAME_LEN + 1], dm_day due, const char *case_id, int k)
{
	snprintf(out, DUE_NAME_LEN + 1, "%s%08x%.8s%d", CASE_META_NOTICE_DUE,
		 (unsigned)((uint32_t)due ^ 0x80000000u), case_id, k);
}

static int index_of(struct store_txn *txn, const struct store_case *c, bool put)
{
	struct case_notice nts[CASE_NOTICE_COUNT];
	size_t n;
	int rc = case_notices_of(txn, c, nts, &n);
	for (size_t i = 0; rc == TC_OK && i < n; i++) {
		if (nts[i].sent)
			continue;
		char name[DUE_NAME_LEN + 1];
		due_name(name, nts[i].due, c->case_id, nts[i].kind);
		rc = put ? store_meta_put(txn, name, "", 0) : store_meta_del(txn, name);
	}
	return rc;
}

int case_notices_reindex(struct store_txn *txn, const struct store_case *before,
			 const struct store_case *after)
{
	int rc = before ? index_of(txn, before, false) : TC_OK;
	if (rc == TC_OK && after)
		rc = index_of(txn, after, true);
	return rc;
}

int case_notices_purge(struct store_txn *txn, const struct store_case *c)
{
	int rc = index_of(txn, c, false);
	for (int k = 0; rc == TC_OK && k < CASE_NOTICE_COUNT; k++) {
		char name[40];
		sent_name(name, c->case_id, (enum case_notice_kind)k);
		rc = store_meta_del(txn, name);
	}
	return rc;
}

struct due_walk {
	dm_day until;
	case_notice_due_fn fn;
	void *arg;
	int rc;
};

static int due_one(const char *name, size_t name_len, const uint8_t *val, size_t len, void *arg)
{
	struct due_walk *w = arg;
	(void)val;
	(void)len;
	const size_t plen = sizeof(CASE_META_NOTICE_DUE) - 1;
	char hex[9], id[STORE_CASE_ID_LEN + 1];
	if (name_len != DUE_NAME_LEN) {
		w->rc = TC_ECORRUPT;
		return 1;
	}
	memcpy(hex, name + plen, 8);
	hex[8] = '\0';
	memcpy(id, name + plen + 8, STORE_CASE_ID_LEN);
	id[STORE_CASE_ID_LEN] = '\0';
	int k = name[DUE_NAME_LEN - 1] - '0';
	char *end;
	unsigned long u = strtoul(hex, &end, 16);
	if (*end != '\0' || k < 0 || k >= CASE_NOTICE_COUNT) {
		w->rc = TC_ECORRUPT;
		return 1;
	}
	dm_day due = (dm_day)(int32_t)((uint32_t)u ^ 0x80000000u);
	if (due > w->until)
		return 1; /* in deadline order: nothing later is due */
	return w->fn(id, (enum case_notice_kind)k, due, w->arg);
}

int case_notices_due(struct store_txn *txn, dm_day until, case_notice_due_fn fn, void *arg)
{
	struct due_walk w = {.until = until, .fn = fn, .arg = arg};
	int rc = store_meta_walk(txn, CASE_META_NOTICE_DUE, due_one, &w);
	return rc == TC_OK ? w.rc : rc;
}

/* ---- Recording a sending ---- */

/* The audit entry, as the case service appends it (cases.c; this module is below it). */
static int audit_notice(struct store_txn *txn, const struct case_notice_send *op)
{
	struct store_audit e;
	memset(&e, 0, sizeof(e));
	e.kind = CASE_AUDIT_NOTICE;
	e.day = op->today;
	memcpy(e.actor, op->actor, sizeof(e.actor));
	snprintf(e.case_id, sizeof(e.case_id), "%s", op->case_id);
	snprintf(e.detail, sizeof(e.detail), "%s", case_notice_name(op->kind));
	return case_audit_write(txn, &e);
}

static int send_check(const struct store_case *c, struct case_notice_send *op,
		      const struct case_notice *nt, bool owed)
{
	if (!owed) {
		op->reason = "this case owes no such notice now (its deadline is absent: e.g. not "
			     "accepted, settled, forwarded or decided)";
		return TC_ESTATE;
	}
	if (nt->sent) {
		op->reason = "this notice is already recorded as sent";
		return TC_ESTATE;
	}
	if (op->sent_on < nt->trigger || op->sent_on > op->today) {
		op->reason = "sent_on must be between the day the notice became owed and today";
		return TC_EINVAL;
	}
	if (op->number[0] && !case_notice_number_ok(op->number)) {
		op->reason = "number: 1 to 32 printable ASCII characters, no quote or backslash";
		return TC_EINVAL;
	}
	(void)c;
	return TC_OK;
}

static int load_owed(struct store_txn *txn, struct case_notice_send *op, struct store_case *c,
		     struct case_notice *nt, bool *owed)
{
	int rc = store_case_get(txn, op->case_id, c);
	if (rc == TC_OK && op->unit[0] && strncmp(c->unit, op->unit, STORE_UNIT_LEN) != 0)
		rc = TC_ENOENT;
	struct case_notice nts[CASE_NOTICE_COUNT];
	size_t n = 0;
	if (rc == TC_OK)
		rc = case_notices_of(txn, c, nts, &n);
	*owed = false;
	for (size_t i = 0; rc == TC_OK && i < n; i++)
		if (nts[i].kind == op->kind) {
			*nt = nts[i];
			*owed = true;
		}
	return rc;
}

int case_notice_send_apply(struct store_txn *txn, struct case_notice_send *op)
{
	struct store_case c;
	struct case_notice nt = {0};
	bool owed;
	int rc = load_owed(txn, op, &c, &nt, &owed);
	if (rc == TC_OK)
		rc = send_check(&c, op, &nt, owed);
	if (rc != TC_OK)
		return rc;
	char name[40], due[DUE_NAME_LEN + 1];
	uint8_t v[SENT_MAX];
	size_t nl = strlen(op->number);
	put32(v, nt.trigger);
	put32(v + 4, op->sent_on);
	v[8] = (uint8_t)op->channel;
	v[9] = (uint8_t)nl;
	memcpy(v + SENT_MIN, op->number, nl);
	sent_name(name, c.case_id, op->kind);
	due_name(due, nt.due, c.case_id, op->kind);
	rc = store_meta_del(txn, due);
	if (rc == TC_OK)
		rc = store_meta_put(txn, name, v, SENT_MIN + nl);
	const char *kname = case_notice_name(op->kind);
	if (rc == TC_OK)
		rc = audit_notice(txn, op);
	if (rc == TC_OK)
		rc = store_event_append(txn, c.case_id, op->sent_on, CASE_EVENT_NOTICE_SENT, kname);
	if (rc == TC_OK) {
		op->result = nt;
		op->result.sent = true;
		op->result.sent_on = op->sent_on;
		op->result.channel = op->channel;
		memcpy(op->result.number, op->number, nl + 1);
	}
	return rc;
}

/* ---- Backfill: once, for the cases written before the index ---- */

#define BACKFILL_MARK "notices.indexed"

struct backfill {
	struct store_txn *txn;
	int rc;
};

static int backfill_one(const struct store_case *c, void *arg)
{
	struct backfill *b = arg;
	b->rc = index_of(b->txn, c, true);
	return b->rc != TC_OK;
}

static int backfill_all(struct store_txn *txn, void *arg)
{
	(void)arg;
	struct backfill b = {.txn = txn};
	int rc = store_all_cases(txn, backfill_one, &b);
	return rc == TC_OK ? b.rc : rc;
}

int case_notices_backfill(struct store_txn *txn)
{
	return store_meta_once(txn, BACKFILL_MARK, backfill_all, NULL);
}
