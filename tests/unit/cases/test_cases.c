/*
 * test_cases.c - the case service on a real LMDB store in a temporary
 * directory: each operation writes record, index, counters, timeline event
 * and audit entry together (the audit chain verified entry by entry); a
 * refusal writes nothing; another unit's case is ENOENT; the store's
 * completion inbox wakes once per batch and drain runs every done;
 * store_submit_wait returns the write's rc.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "case_counts.h"
#include "cases.h"
#include "dm_calendar.h"
#include "dm_rules.h"
#include "dm_units.h"
#include "dm_watch.h"
#include "tc_test.h"

static char tmpl[] = "/tmp/tocao-cases-test-XXXXXX";
static struct store *st;
static struct cr_unit_secret *key96, *key01;
static struct cr_signer *insp96;
static dm_day today;

static int run(enum case_op kind, void *op)
{
	struct case_write cw;
	case_write_init(&cw, kind, op);
	return store_submit_wait(st, &cw.w);
}

/* ---- What the store holds ---- */

struct chain {
	uint64_t n;
	uint8_t prev[STORE_HASH_LEN];
	struct store_audit last;
	int broken;
};

static int chain_entry(const struct store_audit *e, void *arg)
{
	struct chain *ch = arg;
	uint8_t body[STORE_AUDIT_BODY_LEN], h[STORE_HASH_LEN];
	store_audit_body(e, body);
	cr_audit_hash(body, sizeof(body), h);
	if (e->seq != ch->n || memcmp(e->prev, ch->prev, STORE_HASH_LEN) != 0 ||
	    memcmp(h, e->hash, STORE_HASH_LEN) != 0)
		ch->broken = 1;
	memcpy(ch->prev, e->hash, STORE_HASH_LEN);
	ch->last = *e;
	ch->n++;
	return 0;
}

/* The audit log, checked link by link; its last entry in *last. */
static uint64_t audit_count(struct store_audit *last)
{
	struct store_txn *t = NULL;
	struct chain ch = {0};
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(store_audit_walk(t, chain_entry, &ch), 0);
	store_read_end(t);
	TC_CHECK(!ch.broken);
	if (last)
		*last = ch.last;
	return ch.n;
}

struct events {
	int n;
	struct store_event last;
};

static int event_one(const struct store_event *e, void *arg)
{
	struct events *ev = arg;
	ev->n++;
	ev->last = *e;
	return 0;
}

static struct events events_of(const char *id)
{
	struct store_txn *t = NULL;
	struct events ev = {0};
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(store_events(t, id, event_one, &ev), 0);
	store_read_end(t);
	return ev;
}

static int add(const struct case_count_key *k, int64_t n, void *arg)
{
	(void)k;
	*(int64_t *)arg += n;
	return 0;
}

/* A counter of kind summed over every key, today's (or the present's for day-0 kinds). */
static int64_t count(uint8_t kind)
{
	struct store_txn *t = NULL;
	int64_t n = 0;
	int now = kind == COUNT_STATUS_NOW || kind == COUNT_OVERDUE_NOW;
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(case_counts_range(t, kind, now ? 0 : today - 400, now ? 0 : today, add, &n), 0);
	store_read_end(t);
	return n;
}

static struct store_case get(const char *id)
{
	struct store_txn *t = NULL;
	struct store_case c;
	memset(&c, 0, sizeof(c));
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(store_case_get(t, id, &c), 0);
	TC_CHECK_INT(store_case_indexed(t, &c), 0);
	store_read_end(t);
	return c;
}

/* ---- Fixtures ---- */

static uint8_t *envelope_for(const char *id, const struct cr_unit_secret *k, int identity,
			     size_t *len)
{
	static const char body[] = "{\"v\":1,\"summary\":\"test\"}";
	struct cr_envelope_params p = {.case_id = id, .unit = cr_unit_secret_pub(k),
				       .body = (const uint8_t *)body, .body_len = strlen(body),
				       .identity = identity ? (const uint8_t *)"{\"n\":1}" : NULL,
				       .identity_len = identity ? 7 : 0};
	uint8_t *env = NULL;
	TC_CHECK_INT(cr_envelope_seal(&p, &env, len), 0);
	return env;
}

/* A new report of TT-96, received received_days_ago days ago. */
static void create(const char *id, enum dm_identity identity, int received_days_ago)
{
	struct case_create op = {.idem_ttl_days = 2};
	struct store_case *c = &op.rec;
	memcpy(c->case_id, id, STORE_CASE_ID_LEN + 1);
	memcpy(c->unit, "TT-96", 6);
	memcpy(c->province, "96", 3);
	c->kind = DM_KIND_DENUNCIATION;
	c->identity = (uint8_t)identity;
	c->track = DM_TRACK_DENUNCIATION;
	c->category = DM_CAT_CORRUPTION;
	c->status = DM_STATUS_RECEIVED;
	c->instance = 1;
	c->received = today - received_days_ago;
	c->accepted = c->settled = c->closed = c->suspended_since = STORE_DAY_NONE;
	struct dm_clock clk;
	struct dm_deadlines dl;
	dm_clock_init(&clk, DM_TRACK_DENUNCIATION, c->received);
	TC_CHECK_INT(dm_deadlines_compute(&clk, &dl), 0);
	for (int k = 0; k < DM_DL_COUNT; k++)
		c->deadlines[k] = dl.at[k];
	c->next_deadline = dm_watch_due(DM_STATUS_RECEIVED, &dl);
	uint8_t *env = envelope_for(id, key96, identity == DM_IDENTITY_CONFIDENTIAL, &op.envelope_len);
	op.envelope = env;
	memcpy(op.receipt_hash, id, STORE_CASE_ID_LEN); /* any unique 32 bytes */
	TC_CHECK_INT(run(CASE_OP_CREATE, &op), 0);
	free(env);
}

static void who(struct case_who *w, const char *id, const char *unit)
{
	memset(w, 0, sizeof(*w));
	memcpy(w->case_id, id, STORE_CASE_ID_LEN + 1);
	snprintf(w->unit, sizeof(w->unit), "%s", unit);
	memset(w->actor, 0xA5, sizeof(w->actor));
	w->today = today;
}

/* ---- Tests ---- */

static void test_create(void)
{
	int64_t received = count(COUNT_RECEIVED), audits = (int64_t)audit_count(NULL);
	create("AAAAAAA1", DM_IDENTITY_NAMED, 0);
	struct store_case c = get("AAAAAAA1");
	TC_CHECK_INT(c.status, DM_STATUS_RECEIVED);
	TC_CHECK_INT(count(COUNT_RECEIVED), received + 1);
	struct events ev = events_of("AAAAAAA1");
	TC_CHECK_INT(ev.n, 1);
	TC_CHECK_INT(ev.last.kind, CASE_EVENT_RECEIVED);
	/* A report is the reporter's act, not a principal's: no audit entry, as before. */
	TC_CHECK_INT((int64_t)audit_count(NULL), audits);
}

static void test_act(void)
{
	create("AAAAAAA2", DM_IDENTITY_NAMED, 0);
	uint64_t audits = audit_count(NULL);
	int64_t accepted = count(COUNT_ACCEPTED);
	struct case_act op = {.action = DM_ACT_ACCEPT};
	who(&op.who, "AAAAAAA2", "TT-96");
	TC_CHECK_INT(run(CASE_OP_ACT, &op), 0);
	TC_CHECK_INT(op.after.status, DM_STATUS_ACCEPTED);
	TC_CHECK_INT(get("AAAAAAA2").status, DM_STATUS_ACCEPTED);
	TC_CHECK_INT(count(COUNT_ACCEPTED), accepted + 1);
	struct events ev = events_of("AAAAAAA2");
	TC_CHECK_INT(ev.last.kind, CASE_EVENT_ACTION);
	TC_CHECK_STR(ev.last.detail, "accept");
	struct store_audit last;
	TC_CHECK_INT((int64_t)audit_count(&last), (int64_t)audits + 1);
	TC_CHECK_INT(last.kind, CASE_AUDIT_ACTION);
	TC_CHECK_STR(last.case_id, "AAAAAAA2");
	TC_CHECK_INT(last.actor[0], 0xA5);

	/* Refused by the state machine: a reason, and nothing written. */
	struct case_act again = {.action = DM_ACT_ACCEPT};
	who(&again.who, "AAAAAAA2", "TT-96");
	TC_CHECK_INT(run(CASE_OP_ACT, &again), TC_ESTATE);
	TC_CHECK(again.reason != NULL);
	TC_CHECK_INT((int64_t)audit_count(NULL), (int64_t)audits + 1);
	TC_CHECK_INT(events_of("AAAAAAA2").n, ev.n);
	TC_CHECK_INT(count(COUNT_ACCEPTED), accepted + 1);
}

/* Issue 12: criteria, a kept withdrawal and a decision, stored in record bytes 113.. */
static void test_law_bytes(void)
{
	create("AAAAAAW1", DM_IDENTITY_NAMED, 0);
	struct case_act op = {.action = DM_ACT_ACCEPT};
	who(&op.who, "AAAAAAW1", "TT-96");
	TC_CHECK_INT(run(CASE_OP_ACT, &op), 0);
	struct case_act ext = {.action = DM_ACT_EXTEND, .criteria = DM_CRIT_A | DM_CRIT_C};
	who(&ext.who, "AAAAAAW1", "TT-96");
	TC_CHECK_INT(run(CASE_OP_ACT, &ext), 0);
	struct store_case c = get("AAAAAAW1");
	TC_CHECK_INT(c.criteria, DM_CRIT_A | DM_CRIT_C);
	TC_CHECK_INT(c.complexity, DM_COMPLEXITY_PARTICULARLY); /* two criteria */
	TC_CHECK_INT(c.extensions, 1);

	struct case_act wd = {.action = DM_ACT_WITHDRAW, .continue_reason = DM_CONTINUE_COERCED};
	who(&wd.who, "AAAAAAW1", "TT-96");
	TC_CHECK_INT(run(CASE_OP_ACT, &wd), 0);
	TC_CHECK(wd.continued);
	c = get("AAAAAAW1");
	TC_CHECK_INT(c.status, DM_STATUS_ACCEPTED);
	struct events ev = events_of("AAAAAAW1");
	TC_CHECK_INT(ev.last.kind, CASE_EVENT_WITHDRAWAL_CONTINUED);
	TC_CHECK_STR(ev.last.detail, "coerced");
	TC_CHECK_STR(case_event_name(CASE_EVENT_WITHDRAWAL_CONTINUED), "withdrawal_continued");

	struct case_act sus = {.action = DM_ACT_SUSPEND};
	who(&sus.who, "AAAAAAW1", "TT-96");
	TC_CHECK_INT(run(CASE_OP_ACT, &sus), 0);
	c = get("AAAAAAW1");
	TC_CHECK_INT(c.decision, DM_DECISION_SUSPEND);
	TC_CHECK_INT(c.decided, today);
	TC_CHECK_INT(c.deadlines[DM_DL_DECISION_NOTIFY], dm_cal_add_working_days(today, 5));
	TC_CHECK_INT(c.deadlines[DM_DL_FORWARDED_ANSWER], STORE_DAY_NONE);
	TC_CHECK_INT(c.criteria, DM_CRIT_A | DM_CRIT_C); /* kept by later actions */
	/* The flag of delegated verification is the domain's bit, kept in the record. */
	create("AAAAAAW2", DM_IDENTITY_NAMED, 0);
	struct case_act fl = {.action = DM_ACT_FLAG, .flag = DM_FLAG_DELEGATED_VERIFICATION};
	who(&fl.who, "AAAAAAW2", "TT-96");
	TC_CHECK_INT(run(CASE_OP_ACT, &fl), 0);
	c = get("AAAAAAW2");
	TC_CHECK(c.flags & STORE_FLAG_DELEGATED_VERIFICATION);
	TC_CHECK_INT(c.deadlines[DM_DL_PROCESS], dm_cal_add_working_days(today, 10));
}

static void test_other_unit(void)
{
	create("AAAAAAA3", DM_IDENTITY_NAMED, 0);
	uint64_t audits = audit_count(NULL);
	struct case_act act = {.action = DM_ACT_ACCEPT};
	who(&act.who, "AAAAAAA3", "TT-01");
	TC_CHECK_INT(run(CASE_OP_ACT, &act), TC_ENOENT);
	struct case_message msg = {.for_reporter = (const uint8_t *)"x", .for_reporter_len = 1};
	who(&msg.who, "AAAAAAA3", "TT-01");
	TC_CHECK_INT(run(CASE_OP_MESSAGE, &msg), TC_ENOENT);
	struct case_transfer_offer tr = {.to_unit = "TT-01"};
	who(&tr.who, "AAAAAAA3", "TT-01");
	TC_CHECK_INT(run(CASE_OP_TRANSFER_OFFER, &tr), TC_ENOENT);
	struct case_reveal rv;
	memset(&rv, 0, sizeof(rv));
	who(&rv.who, "AAAAAAA3", "TT-01");
	TC_CHECK_INT(run(CASE_OP_REVEAL, &rv), TC_ENOENT);
	TC_CHECK_INT((int64_t)audit_count(NULL), (int64_t)audits);
	TC_CHECK_INT(events_of("AAAAAAA3").n, 1);
	TC_CHECK_INT(get("AAAAAAA3").status, DM_STATUS_RECEIVED);
}

/* A unit message signed by signer for case id of unit on day: the stored block (malloc'd). */
static uint8_t *signed_block(const struct cr_signer *signer, const char *id, const char *unit,
			     dm_day day, size_t *len)
{
	static const uint8_t sealed[CR_SEAL_OVERHEAD + 3] = "sealed-for-reporter";
	struct cr_signed_message sm = {.sealed = sealed, .sealed_len = sizeof(sealed)};
	uint8_t bytes[CR_MSG_SIGNED_BYTES];
	snprintf(sm.unit, sizeof(sm.unit), "%s", unit);
	cr_signer_pk(signer, sm.signer);
	TC_CHECK_INT(cr_unit_message_signed(id, unit, day, sealed, sizeof(sealed), bytes), 0);
	cr_signer_sign(signer, bytes, sizeof(bytes), sm.sig);
	*len = CR_SIGNED_MSG_HEADER + sizeof(sealed);
	uint8_t *out = malloc(*len);
	TC_CHECK_INT(cr_signed_message_encode(&sm, out), 0);
	return out;
}

static void test_messages_and_note(void)
{
	create("AAAAAAA4", DM_IDENTITY_NAMED, 0);
	uint64_t audits = audit_count(NULL);
	struct store_audit last;
	size_t blen = 0;
	uint8_t *block = signed_block(insp96, "AAAAAAA4", "TT-96", today, &blen);
	struct case_message m = {.for_reporter = block, .for_reporter_len = blen,
				 .for_unit = (const uint8_t *)"u", .for_unit_len = 1,
				 .signed_day = today};
	who(&m.who, "AAAAAAA4", "TT-96");
	cr_signer_pk(insp96, m.who.actor);
	TC_CHECK_INT(run(CASE_OP_MESSAGE, &m), 0);
	TC_CHECK_INT(events_of("AAAAAAA4").last.kind, CASE_EVENT_MESSAGE_UNIT);
	TC_CHECK_INT((int64_t)audit_count(&last), (int64_t)audits + 1);
	TC_CHECK_INT(last.kind, CASE_AUDIT_MESSAGE);

	/* Refused, with nothing written: unsigned (the operator of before), another
	 * signer than the actor, another day, a flipped bit, another case. */
	struct case_message op = m;
	who(&op.who, "AAAAAAA4", "");
	memset(op.who.actor, 0, sizeof(op.who.actor));
	TC_CHECK_INT(run(CASE_OP_MESSAGE, &op), TC_EINVAL);
	TC_CHECK(op.reason != NULL);
	struct case_message unsigned_msg = {.for_reporter = (const uint8_t *)"r",
					    .for_reporter_len = 1, .signed_day = today};
	who(&unsigned_msg.who, "AAAAAAA4", "TT-96");
	TC_CHECK_INT(run(CASE_OP_MESSAGE, &unsigned_msg), TC_EINVAL);
	struct case_message late = m;
	late.signed_day = today - 3;
	TC_CHECK_INT(run(CASE_OP_MESSAGE, &late), TC_EINVAL);
	block[blen - 1] ^= 1;
	TC_CHECK_INT(run(CASE_OP_MESSAGE, &m), TC_EINVAL);
	block[blen - 1] ^= 1;
	create("AAAAAAB4", DM_IDENTITY_NAMED, 0);
	struct case_message elsewhere = m;
	who(&elsewhere.who, "AAAAAAB4", "TT-96");
	cr_signer_pk(insp96, elsewhere.who.actor);
	TC_CHECK_INT(run(CASE_OP_MESSAGE, &elsewhere), TC_EINVAL);
	TC_CHECK_INT((int64_t)audit_count(&last), (int64_t)audits + 1);
	free(block);

	struct case_message rep = {.for_reporter = (const uint8_t *)"r", .for_reporter_len = 1,
				   .for_unit = (const uint8_t *)"u", .for_unit_len = 1};
	who(&rep.who, "AAAAAAA4", "");
	TC_CHECK_INT(run(CASE_OP_REPORTER_MESSAGE, &rep), 0);
	TC_CHECK_INT(events_of("AAAAAAA4").last.kind, CASE_EVENT_MESSAGE_REPORTER);
	TC_CHECK_INT((int64_t)audit_count(NULL), (int64_t)audits + 1);

	struct case_message note = {.for_unit = (const uint8_t *)"n", .for_unit_len = 1};
	who(&note.who, "AAAAAAA4", "TT-96");
	TC_CHECK_INT(run(CASE_OP_NOTE, &note), 0);
	TC_CHECK_INT(note.seq, 2);
	struct events ev = events_of("AAAAAAA4");
	TC_CHECK_INT(ev.last.kind, CASE_EVENT_NOTE);
	TC_CHECK_STR(case_event_name(ev.last.kind), "note");
	TC_CHECK_INT((int64_t)audit_count(&last), (int64_t)audits + 2);
	TC_CHECK_INT(last.kind, CASE_AUDIT_NOTE);
	struct case_message empty = {.for_unit_len = 0};
	who(&empty.who, "AAAAAAA4", "TT-96");
	TC_CHECK_INT(run(CASE_OP_NOTE, &empty), TC_EINVAL);
	TC_CHECK_INT(events_of("AAAAAAA4").n, ev.n);
}

struct sent_seen {
	int n;
	struct case_sent last;
};

static int sent_note(const struct case_sent *s, void *arg)
{
	struct sent_seen *seen = arg;
	seen->n++;
	seen->last = *s;
	return 0;
}

/* Assignment within the unit: a meta value, an event and an audit entry; another unit's 404. */
static void test_assign(void)
{
	create("AAAAAAS1", DM_IDENTITY_NAMED, 0);
	struct store_audit last;
	uint64_t audits = audit_count(NULL);
	struct case_assign op = {.has_to = true};
	memset(op.to, 0xfb, sizeof(op.to)); /* base64 "+/v7+/v7..." */
	who(&op.who, "AAAAAAS1", "TT-01");
	TC_CHECK_INT(run(CASE_OP_ASSIGN, &op), TC_ENOENT);
	who(&op.who, "AAAAAAS1", "TT-96");
	TC_CHECK_INT(run(CASE_OP_ASSIGN, &op), 0);
	struct events ev = events_of("AAAAAAS1");
	TC_CHECK_INT(ev.last.kind, CASE_EVENT_ASSIGNED);
	TC_CHECK_STR(case_event_name(ev.last.kind), "assigned");
	TC_CHECK_STR(ev.last.detail, "+/v7+/v7");
	TC_CHECK_INT((int64_t)audit_count(&last), (int64_t)audits + 1);
	TC_CHECK_INT(last.kind, CASE_AUDIT_ASSIGN);
	struct store_txn *t = NULL;
	uint8_t got[CASE_ACTOR_LEN];
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(case_assignee_get(t, "AAAAAAS1", got), 0);
	TC_CHECK(memcmp(got, op.to, sizeof(got)) == 0);
	store_read_end(t);
	op.has_to = false;
	TC_CHECK_INT(run(CASE_OP_ASSIGN, &op), 0);
	TC_CHECK_STR(events_of("AAAAAAS1").last.detail, "none");
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(case_assignee_get(t, "AAAAAAS1", got), TC_ENOENT);
	store_read_end(t);
}

/* The reporter's shares of a case, counted from its messages and checked inside the write. */
static void test_reporter_limits(void)
{
	create("AAAAAAQ1", DM_IDENTITY_NAMED, 0);
	static const uint8_t blob[100] = {0};
	struct case_reporter_limits lim = {.per_day = 3, .total = 4, .bytes_per_day = 1000,
					   .bytes_total = 100000};
	struct case_message m = {.for_reporter = blob, .for_reporter_len = 50, .for_unit = blob,
				 .for_unit_len = 100, .limits = &lim};
	who(&m.who, "AAAAAAQ1", "");
	for (int i = 0; i < 3; i++)
		TC_CHECK_INT(run(CASE_OP_REPORTER_MESSAGE, &m), 0);
	/* The day's count: refused, nothing written. */
	TC_CHECK_INT(run(CASE_OP_REPORTER_MESSAGE, &m), TC_EBUSY);
	TC_CHECK_INT(events_of("AAAAAAQ1").n, 4);
	/* The unit's messages are not the reporter's. */
	size_t ulen = 0;
	uint8_t *ublock = signed_block(insp96, "AAAAAAQ1", "TT-96", today, &ulen);
	struct case_message u = {.for_reporter = ublock, .for_reporter_len = ulen, .for_unit = blob,
				 .for_unit_len = 100, .signed_day = today};
	who(&u.who, "AAAAAAQ1", "TT-96");
	cr_signer_pk(insp96, u.who.actor);
	TC_CHECK_INT(run(CASE_OP_MESSAGE, &u), 0);
	free(ublock);
	struct store_txn *t = NULL;
	struct case_reporter_usage use;
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(case_reporter_usage(t, "AAAAAAQ1", m.who.today, &use), 0);
	store_read_end(t);
	TC_CHECK_INT(use.today, 3);
	TC_CHECK_INT(use.total, 3);
	TC_CHECK_INT((int64_t)use.bytes_today, 450);
	/* Tomorrow the day's share is back, the total's is not. */
	m.who.today++;
	TC_CHECK_INT(run(CASE_OP_REPORTER_MESSAGE, &m), 0);
	TC_CHECK_INT(run(CASE_OP_REPORTER_MESSAGE, &m), TC_ERANGE);
	/* Bytes too: a day's 1,000 bytes. */
	lim = (struct case_reporter_limits){.bytes_per_day = 1000};
	m.who.today++;
	m.for_unit_len = 100;
	m.for_reporter_len = 100;
	for (int i = 0; i < 5; i++)
		TC_CHECK_INT(run(CASE_OP_REPORTER_MESSAGE, &m), 0);
	TC_CHECK_INT(run(CASE_OP_REPORTER_MESSAGE, &m), TC_EBUSY);
	struct case_reporter_usage none = {0};
	TC_CHECK_INT(case_reporter_fits(&lim, &none, 1001), TC_EBUSY);
	lim.bytes_total = 500;
	TC_CHECK_INT(case_reporter_fits(&lim, &none, 501), TC_ERANGE);
	TC_CHECK_INT(case_reporter_fits(&lim, &none, 500), 0);
}

static void test_reveal(void)
{
	create("AAAAAAA5", DM_IDENTITY_NAMED, 0);
	create("AAAAAAA6", DM_IDENTITY_CONFIDENTIAL, 0);
	uint64_t audits = audit_count(NULL);
	struct case_reveal named;
	memset(&named, 0, sizeof(named));
	who(&named.who, "AAAAAAA5", "TT-96");
	TC_CHECK_INT(run(CASE_OP_REVEAL, &named), TC_ESTATE);
	TC_CHECK(named.reason != NULL && named.envelope == NULL);
	struct case_reveal conf;
	memset(&conf, 0, sizeof(conf));
	who(&conf.who, "AAAAAAA6", "TT-96");
	TC_CHECK_INT(run(CASE_OP_REVEAL, &conf), 0);
	TC_CHECK(conf.envelope != NULL && conf.envelope_len > CR_ENV_RESEAL_END);
	free(conf.envelope);
	struct store_audit last;
	TC_CHECK_INT((int64_t)audit_count(&last), (int64_t)audits + 1);
	TC_CHECK_INT(last.kind, CASE_AUDIT_REVEAL);
	TC_CHECK_INT(events_of("AAAAAAA6").last.kind, CASE_EVENT_REVEAL);
}

static uint8_t *stored_envelope(const char *id, size_t *len)
{
	struct store_txn *t = NULL;
	const uint8_t *env;
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(store_envelope_get(t, id, &env, len), 0);
	uint8_t *copy = malloc(*len);
	memcpy(copy, env, *len);
	store_read_end(t);
	return copy;
}

/* An offer of case id from TT-96 to TT-01 with this header and commitment. */
static struct case_transfer_offer offer_of(const char *id, const uint8_t *header,
					   const uint8_t *commitment)
{
	struct case_transfer_offer op = {.to_unit = "TT-01"};
	memcpy(op.to_key_id, cr_unit_secret_pub(key01)->key_id, CR_KEY_ID_BYTES);
	memcpy(op.header, header, CR_ENV_HEADER_BYTES);
	memcpy(op.commitment, commitment, CR_HASH_BYTES);
	who(&op.who, id, "TT-96");
	return op;
}

/* The proof TT-01's tool would compute from the stored envelope with the offered header. */
static int proof_for(const char *id, const uint8_t *header, uint8_t proof[CR_CK_PROOF_BYTES])
{
	size_t len = 0, n = 0;
	uint8_t *env = stored_envelope(id, &len), *moved = NULL;
	TC_CHECK_INT(cr_envelope_splice(env, len, header, &moved, &n, NULL), 0);
	int rc = cr_transfer_proof(moved, n, key01, proof);
	free(env);
	free(moved);
	return rc;
}

static void test_transfer(void)
{
	create("AAAAAAA7", DM_IDENTITY_CONFIDENTIAL, 0);
	uint64_t audits = audit_count(NULL);
	int64_t out = count(COUNT_TRANSFER_OUT);
	size_t len = 0;
	uint8_t *env = stored_envelope("AAAAAAA7", &len);
	uint8_t header[CR_ENV_HEADER_BYTES], commitment[CR_HASH_BYTES], proof[CR_CK_PROOF_BYTES];
	TC_CHECK_INT(cr_transfer_offer(env, len, key96, cr_unit_secret_pub(key01), header,
				       commitment), 0);
	/* A header for another key is refused, nothing written. */
	struct case_transfer_offer bad = offer_of("AAAAAAA7", header, commitment);
	bad.to_key_id[0] ^= 1;
	TC_CHECK_INT(run(CASE_OP_TRANSFER_OFFER, &bad), TC_EINVAL);
	TC_CHECK_INT((int64_t)audit_count(NULL), (int64_t)audits);

	/* A garbage sealed key: offered, but never confirmable; TT-96 keeps the case. */
	uint8_t garbage[CR_ENV_HEADER_BYTES];
	memcpy(garbage, header, sizeof(garbage));
	cr_random(garbage + 16, sizeof(garbage) - 16);
	struct case_transfer_offer g = offer_of("AAAAAAA7", garbage, commitment);
	TC_CHECK_INT(run(CASE_OP_TRANSFER_OFFER, &g), 0);
	TC_CHECK_INT(events_of("AAAAAAA7").last.kind, CASE_EVENT_TRANSFER_PENDING);
	TC_CHECK(proof_for("AAAAAAA7", garbage, proof) != 0); /* TT-01 cannot open it */
	struct case_transfer_confirm cf = {0};
	who(&cf.who, "AAAAAAA7", "TT-01");
	cr_random(cf.proof, sizeof(cf.proof)); /* a guess */
	TC_CHECK_INT(run(CASE_OP_TRANSFER_CONFIRM, &cf), TC_EINVAL);
	TC_CHECK_STR(get("AAAAAAA7").unit, "TT-96");
	struct case_transfer_offer twice = offer_of("AAAAAAA7", header, commitment);
	TC_CHECK_INT(run(CASE_OP_TRANSFER_OFFER, &twice), TC_ESTATE); /* one offer at a time */
	struct case_transfer_cancel cancel = {0};
	who(&cancel.who, "AAAAAAA7", "TT-02");
	TC_CHECK_INT(run(CASE_OP_TRANSFER_CANCEL, &cancel), TC_ENOENT); /* a third unit */
	who(&cancel.who, "AAAAAAA7", "TT-96");
	TC_CHECK_INT(run(CASE_OP_TRANSFER_CANCEL, &cancel), 0);
	TC_CHECK_INT(events_of("AAAAAAA7").last.kind, CASE_EVENT_TRANSFER_CANCELLED);

	/* The real offer: only TT-01 may confirm, with the proof from its key. */
	struct case_transfer_offer op = offer_of("AAAAAAA7", header, commitment);
	TC_CHECK_INT(run(CASE_OP_TRANSFER_OFFER, &op), 0);
	TC_CHECK_INT(proof_for("AAAAAAA7", header, proof), 0);
	memcpy(cf.proof, proof, sizeof(proof));
	who(&cf.who, "AAAAAAA7", "TT-96");
	TC_CHECK_INT(run(CASE_OP_TRANSFER_CONFIRM, &cf), TC_ENOENT);
	who(&cf.who, "AAAAAAA7", "TT-01");
	TC_CHECK_INT(run(CASE_OP_TRANSFER_CONFIRM, &cf), 0);
	struct store_case c = get("AAAAAAA7");
	TC_CHECK_STR(c.unit, "TT-01");
	TC_CHECK_INT(c.received, today);
	TC_CHECK_INT(count(COUNT_TRANSFER_OUT), out + 1);
	TC_CHECK_INT(events_of("AAAAAAA7").last.kind, CASE_EVENT_TRANSFER);
	struct store_audit last;
	TC_CHECK_INT((int64_t)audit_count(&last), (int64_t)audits + 4);
	TC_CHECK_INT(last.kind, CASE_AUDIT_TRANSFER);
	TC_CHECK_STR(last.detail, "TT-01");
	/* The sending unit's register names it; the receiving unit's does not. */
	struct sent_seen seen = {0};
	struct store_txn *rt = NULL;
	TC_CHECK_INT(store_read_begin(st, &rt), 0);
	TC_CHECK_INT(case_sent_walk(rt, "TT-96", sent_note, &seen), 0);
	TC_CHECK_INT(case_sent_walk(rt, "TT-01", sent_note, &seen), 0);
	store_read_end(rt);
	TC_CHECK_INT(seen.n, 1);
	TC_CHECK_STR(seen.last.case_id, "AAAAAAA7");
	TC_CHECK_STR(seen.last.to_unit, "TT-01");
	TC_CHECK_INT(seen.last.day, today);
	/* TT-01 opens all of it, identity included; the rest of the envelope is unchanged. */
	size_t n = 0;
	uint8_t *moved = stored_envelope("AAAAAAA7", &n);
	struct cr_envelope_opened o;
	TC_CHECK_INT(cr_envelope_open(moved, n, key01, &o), 0);
	TC_CHECK(o.identity != NULL);
	cr_envelope_opened_free(&o);
	TC_CHECK(cr_envelope_same_report(env, len, moved, n));
	struct store_txn *t = NULL;
	struct case_handover h;
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(case_handover_get(t, "AAAAAAA7", &h), TC_ENOENT);
	store_read_end(t);
	free(moved);
	free(env);
}

static void test_mark_overdue(void)
{
	create("AAAAAAA8", DM_IDENTITY_NAMED, 200);
	int64_t overdue = count(COUNT_OVERDUE_NOW);
	char ids[2][STORE_CASE_ID_LEN + 1] = {"AAAAAAA8", "AAAAAAA1"};
	struct case_mark_overdue op = {.today = today, .ids = ids, .n = 2};
	TC_CHECK_INT(run(CASE_OP_MARK_OVERDUE, &op), 0);
	TC_CHECK_INT((int)op.marked, 1);
	TC_CHECK(get("AAAAAAA8").flags & STORE_FLAG_OVERDUE);
	TC_CHECK_INT(count(COUNT_OVERDUE_NOW), overdue + 1);
	TC_CHECK_INT(run(CASE_OP_MARK_OVERDUE, &op), 0);
	TC_CHECK_INT((int)op.marked, 0);
}

/* ---- Bulk loads ---- */

static int apply_load(struct store_txn *txn, struct store_write *w)
{
	const struct case_load *ops = w->arg;
	int rc = TC_OK;
	for (size_t i = 0; rc == TC_OK && ops[i].after; i++)
		rc = case_load_apply(txn, &ops[i]);
	return rc;
}

static void test_load(void)
{
	int64_t received = count(COUNT_RECEIVED), accepted = count(COUNT_ACCEPTED);
	uint64_t audits = audit_count(NULL);
	struct store_case a, b;
	memset(&a, 0, sizeof(a));
	memcpy(a.case_id, "AAAAAAB1", STORE_CASE_ID_LEN + 1);
	memcpy(a.unit, "TT-96", 6);
	memcpy(a.province, "96", 3);
	a.kind = DM_KIND_DENUNCIATION;
	a.identity = DM_IDENTITY_NAMED;
	a.track = DM_TRACK_DENUNCIATION;
	a.category = DM_CAT_CORRUPTION;
	a.status = DM_STATUS_RECEIVED;
	a.instance = 1;
	a.received = today - 20;
	a.accepted = a.settled = a.closed = a.suspended_since = STORE_DAY_NONE;
	for (int k = 0; k < STORE_DEADLINES; k++)
		a.deadlines[k] = STORE_DAY_NONE;
	b = a;
	b.status = DM_STATUS_ACCEPTED;
	b.accepted = a.received + 7;
	/* A new case and a later state of it, in one write. */
	struct case_load ops[3] = {{NULL, &a, a.received}, {&a, &b, b.accepted}, {0}};
	struct store_write w = {.apply = apply_load, .arg = ops};
	TC_CHECK_INT(store_submit_wait(st, &w), 0);
	TC_CHECK_INT(get("AAAAAAB1").status, DM_STATUS_ACCEPTED);
	TC_CHECK_INT(count(COUNT_RECEIVED), received + 1);
	TC_CHECK_INT(count(COUNT_ACCEPTED), accepted + 1);
	/* The record and its counters only: no timeline event, no audit entry. */
	TC_CHECK_INT(events_of("AAAAAAB1").n, 0);
	TC_CHECK_INT((int64_t)audit_count(NULL), (int64_t)audits);
	/* A new case under a taken id: refused, and the write rolled back whole. */
	struct case_load again[2] = {{NULL, &a, a.received}, {0}};
	w = (struct store_write){.apply = apply_load, .arg = again};
	TC_CHECK_INT(store_submit_wait(st, &w), TC_EEXIST);
	TC_CHECK_INT(get("AAAAAAB1").status, DM_STATUS_ACCEPTED);
	TC_CHECK_INT(count(COUNT_RECEIVED), received + 1);
}

/* ---- The store's completion inbox and blocking submit ---- */

static atomic_int wakes;
static int dones;

static void count_wake(void *arg)
{
	(void)arg;
	atomic_fetch_add(&wakes, 1);
}

static void count_done(struct store_write *w, int rc)
{
	(void)w;
	TC_CHECK_INT(rc, 0);
	dones++;
}

static int apply_audit_read(struct store_txn *txn, struct store_write *w)
{
	return case_audit_read_apply(txn, w->arg);
}

static int apply_refuse(struct store_txn *txn, struct store_write *w)
{
	(void)txn;
	(void)w;
	return TC_ERANGE;
}

static void test_inbox(void)
{
	enum { N = 300 };
	static struct store_write ws[N];
	static struct case_audit_read op = {.kind = CASE_AUDIT_LIST, .detail = "test"};
	struct store_inbox *in = store_inbox_new(count_wake, NULL);
	struct store_stats before, after;
	store_stats(st, &before);
	for (int i = 0; i < N; i++) {
		ws[i] = (struct store_write){.apply = apply_audit_read, .done = count_done, .arg = &op,
					     .inbox = in};
		TC_CHECK_INT(store_submit(st, &ws[i]), 0);
	}
	/* The last write's commit: a blocking write queued behind them all. */
	struct store_write last = {.apply = apply_refuse};
	TC_CHECK_INT(store_submit_wait(st, &last), TC_ERANGE);
	store_stats(st, &after);
	/* Once per batch, not once per write; nothing runs until drained. */
	TC_CHECK_INT(dones, 0);
	TC_CHECK(atomic_load(&wakes) >= 1);
	TC_CHECK(atomic_load(&wakes) < N);
	TC_CHECK((uint64_t)atomic_load(&wakes) <= after.commits - before.commits);
	TC_CHECK_INT((int)store_inbox_drain(in), N);
	TC_CHECK_INT(dones, N);
	TC_CHECK_INT((int)store_inbox_drain(in), 0);
	store_inbox_free(in);
}


/* ---- Overdue now, was late, recompute ---- */

static void test_overdue_now_vs_was_late(void)
{
	/* AAAAAAA8 is overdue now (test_mark_overdue); accepting it late moves its clock on. */
	int64_t overdue = count(COUNT_OVERDUE_NOW);
	struct case_act op = {.action = DM_ACT_ACCEPT};
	who(&op.who, "AAAAAAA8", "TT-96");
	TC_CHECK_INT(run(CASE_OP_ACT, &op), 0);
	struct store_case c = get("AAAAAAA8");
	TC_CHECK(!(c.flags & STORE_FLAG_OVERDUE));
	TC_CHECK(c.flags & STORE_FLAG_WAS_LATE);
	TC_CHECK(!case_overdue_now(&c, today));
	TC_CHECK_INT(count(COUNT_OVERDUE_NOW), overdue - 1);
	/* The sweep's pass leaves it alone, and clears a flag that no longer holds. */
	char ids[1][STORE_CASE_ID_LEN + 1] = {"AAAAAAA8"};
	struct case_mark_overdue m = {.today = today, .ids = ids, .n = 1};
	TC_CHECK_INT(run(CASE_OP_MARK_OVERDUE, &m), 0);
	TC_CHECK_INT((int)(m.marked + m.cleared), 0);
	/* Overdue again once settle_by passes (seen from a later day): marked, then cleared. */
	m.today = c.deadlines[DM_DL_SETTLE] + 1;
	TC_CHECK_INT(run(CASE_OP_MARK_OVERDUE, &m), 0);
	TC_CHECK_INT((int)m.marked, 1);
	TC_CHECK_INT(count(COUNT_OVERDUE_NOW), overdue);
	m.today = today;
	TC_CHECK_INT(run(CASE_OP_MARK_OVERDUE, &m), 0);
	TC_CHECK_INT((int)m.cleared, 1);
	TC_CHECK_INT(count(COUNT_OVERDUE_NOW), overdue - 1);
}

/* The set in force on day, re-issued with denunciation.process = n WD. */
static char *override_text(dm_day day, int n)
{
	const struct dm_rule_set *set = dm_rules_for(day);
	size_t cap = 16384, len = 0;
	char *t = malloc(cap);
	len += (size_t)snprintf(t, cap, "set %s %04d-01-01 %s\n", set->name, 2000 + 0, set->title);
	/* Keep the set's own effective date. */
	char eff[DM_DAY_STRLEN];
	dm_day_format(set->effective, eff);
	len = (size_t)snprintf(t, cap, "set %s %s %s\n", set->name, eff, set->title);
	for (int k = 0; k < DM_R_COUNT; k++) {
		const struct dm_rule *r = &set->rule[k];
		const char *u = r->unit == DM_RULE_WD ? "WD" : r->unit == DM_RULE_CD ? "CD" : "N";
		len += (size_t)snprintf(t + len, cap - len, "%s %d %s %s\n",
					dm_rule_key_name((enum dm_rule_key)k),
					k == DM_R_DEN_PROCESS ? n : r->n, u,
					k == DM_R_DEN_PROCESS ? "Test override, Điều 1" : r->basis);
	}
	snprintf(t + len, cap - len, "end\n");
	return t;
}

struct seen {
	int n, r2;
	int32_t old_process, new_process;
	char cause[32];
};

static void saw(const struct store_case *b, const struct store_case *a, const char *cause,
		void *arg)
{
	struct seen *s = arg;
	s->r2 += strcmp(a->case_id, "RRRRRRR2") == 0;
	if (strcmp(a->case_id, "RRRRRRR1") != 0)
		return; /* the other open cases of this store change too */
	s->n++;
	s->old_process = b->deadlines[DM_DL_PROCESS];
	s->new_process = a->deadlines[DM_DL_PROCESS];
	snprintf(s->cause, sizeof(s->cause), "%s", cause);
}

static void test_recompute(void)
{
	/* The store's first run records the fingerprint and re-derives every open case. */
	struct case_recompute_run first = {.today = today};
	TC_CHECK_INT(case_recompute_all(st, &first), 0);
	TC_CHECK(first.needed);
	struct case_recompute_run again = {.today = today};
	TC_CHECK_INT(case_recompute_all(st, &again), 0);
	TC_CHECK(!again.needed);
	TC_CHECK_INT((int)again.checked, 0);

	create("RRRRRRR1", DM_IDENTITY_NAMED, 3);          /* under the set in force today */
	dm_day old_day;
	TC_CHECK(dm_day_from_ymd(2020, 3, 2, &old_day));
	create("RRRRRRR2", DM_IDENTITY_NAMED, today - old_day); /* set 2019: untouched */
	char ids[1][STORE_CASE_ID_LEN + 1] = {"RRRRRRR2"};
	struct case_mark_overdue m = {.today = today, .ids = ids, .n = 1};
	TC_CHECK_INT(run(CASE_OP_MARK_OVERDUE, &m), 0);
	struct store_case r1 = get("RRRRRRR1"), r2 = get("RRRRRRR2");
	TC_CHECK(!(r1.flags & STORE_FLAG_OVERDUE));
	int64_t overdue = count(COUNT_OVERDUE_NOW);
	uint64_t audits = audit_count(NULL);
	int ev1 = events_of("RRRRRRR1").n, ev2 = events_of("RRRRRRR2").n;

	/* A correction shortening the running period to 1 working day. */
	char *text = override_text(today, 1);
	struct dm_corrections c = {.rules = text, .rules_len = strlen(text)};
	const struct dm_snapshot *snap = NULL, *before = dm_snapshot_current();
	struct dm_parse_error err;
	enum dm_data_file which;
	TC_CHECK_INT(dm_data_build(&c, &snap, &err, &which), 0);
	dm_snapshot_install(snap);

	struct seen seen = {0};
	struct case_recompute_run dry = {.today = today, .dry_run = true, .report = saw, .arg = &seen};
	TC_CHECK_INT(case_recompute_all(st, &dry), 0);
	TC_CHECK(dry.needed);
	TC_CHECK_INT(seen.n, 1);
	TC_CHECK_INT(seen.r2, 0);
	TC_CHECK_INT(seen.old_process, r1.deadlines[DM_DL_PROCESS]);
	TC_CHECK(seen.new_process < seen.old_process);
	TC_CHECK(strncmp(seen.cause, "rules ", 6) == 0);
	/* A dry run writes nothing. */
	TC_CHECK_INT(get("RRRRRRR1").deadlines[DM_DL_PROCESS], r1.deadlines[DM_DL_PROCESS]);
	TC_CHECK_INT((int64_t)audit_count(NULL), (int64_t)audits);

	struct case_recompute_run real = {.today = today};
	TC_CHECK_INT(case_recompute_all(st, &real), 0);
	TC_CHECK_INT((int)real.changed, (int)dry.changed);
	TC_CHECK(real.checked >= 2);
	struct store_case a1 = get("RRRRRRR1"), a2 = get("RRRRRRR2");
	TC_CHECK_INT(a1.deadlines[DM_DL_PROCESS], seen.new_process);
	TC_CHECK_INT(a1.next_deadline, seen.new_process);
	/* Received 3 days ago with 1 working day: overdue now, and was late. */
	TC_CHECK(a1.flags & STORE_FLAG_OVERDUE);
	TC_CHECK(a1.flags & STORE_FLAG_WAS_LATE);
	TC_CHECK_INT(count(COUNT_OVERDUE_NOW), overdue + 1);
	struct events e1 = events_of("RRRRRRR1");
	TC_CHECK_INT(e1.n, ev1 + 1);
	TC_CHECK_INT(e1.last.kind, CASE_EVENT_DEADLINES_RECOMPUTED);
	TC_CHECK_STR(e1.last.detail, seen.cause);
	TC_CHECK_STR(case_event_name(e1.last.kind), "deadlines_recomputed");
	struct store_audit last;
	TC_CHECK_INT((int64_t)audit_count(&last), (int64_t)(audits + real.changed));
	TC_CHECK_INT(last.kind, CASE_AUDIT_RECOMPUTE);
	/* The unchanged case: same record, no event, no audit entry. */
	TC_CHECK(memcmp(&a2, &r2, sizeof(a2)) == 0);
	TC_CHECK_INT(events_of("RRRRRRR2").n, ev2);

	/* Back to the built-in data: the period lengthens, the flag clears, was-late stays. */
	struct dm_corrections none = {0};
	TC_CHECK_INT(dm_data_build(&none, &snap, &err, &which), 0);
	dm_snapshot_install(snap);
	struct case_recompute_run back = {.today = today};
	TC_CHECK_INT(case_recompute_all(st, &back), 0);
	a1 = get("RRRRRRR1");
	TC_CHECK_INT(a1.deadlines[DM_DL_PROCESS], r1.deadlines[DM_DL_PROCESS]);
	TC_CHECK(!(a1.flags & STORE_FLAG_OVERDUE));
	TC_CHECK(a1.flags & STORE_FLAG_WAS_LATE);
	TC_CHECK_INT(count(COUNT_OVERDUE_NOW), overdue);
	TC_CHECK_INT(events_of("RRRRRRR1").n, ev1 + 2);
	TC_CHECK_STR(events_of("RRRRRRR1").last.detail, seen.cause); /* its set changed back */
	(void)before;
	free(text);
}

/* Was late from the record's dates: accepted after its process_by. */
static void test_was_late_from_dates(void)
{
	struct store_case c = {.status = DM_STATUS_ACCEPTED, .track = DM_TRACK_DENUNCIATION,
			       .instance = 1, .settled = STORE_DAY_NONE, .closed = STORE_DAY_NONE,
			       .suspended_since = STORE_DAY_NONE};
	TC_CHECK(dm_day_from_ymd(2025, 3, 3, &c.received));
	c.accepted = c.received + 30; /* 7 working days had run out */
	struct store_case a;
	int rc;
	TC_CHECK(case_recompute_one(&c, c.accepted, &a, &rc));
	TC_CHECK_INT(rc, 0);
	TC_CHECK(a.flags & STORE_FLAG_WAS_LATE);
	TC_CHECK(!(a.flags & STORE_FLAG_OVERDUE));
	TC_CHECK_INT(a.next_deadline, a.deadlines[DM_DL_SETTLE]);
	/* Accepted in time: not late. */
	c.accepted = c.received + 2;
	TC_CHECK(case_recompute_one(&c, c.accepted, &a, &rc));
	TC_CHECK(!(a.flags & STORE_FLAG_WAS_LATE));
	/* A closed case is left as it is. */
	c.status = DM_STATUS_DECLINED;
	TC_CHECK(!case_recompute_one(&c, c.accepted, &a, &rc));
}

/* ---- A recompute in batches lets other writes in between ---- */

struct interleave {
	atomic_int batches;     /* writes of the recompute done so far */
	atomic_int created_after; /* batches done when the new report was durable; -1 before */
	struct case_create op;
	struct case_write cw;
	uint8_t *env;
};

static int many(struct store_txn *txn, struct store_write *w)
{
	(void)w;
	for (int i = 0; i < 1000; i++) {
		struct store_case c = get("AAAAAAA1");
		snprintf(c.case_id, sizeof(c.case_id), "M%07d", i);
		const struct case_load op = {.after = &c, .day = today};
		int rc = case_load_apply(txn, &op);
		if (rc != TC_OK)
			return rc;
	}
	return TC_OK;
}

static void created(struct store_write *w, int rc)
{
	struct interleave *il = w->arg;
	atomic_store(&il->created_after, rc == 0 ? atomic_load(&il->batches) : -2);
}

/* Between two of the recompute's writes: a report arrives. */
static bool between(void *arg)
{
	struct interleave *il = arg;
	if (atomic_fetch_add(&il->batches, 1) + 1 == 1) {
		struct case_create *op = &il->op;
		*op = (struct case_create){.idem_ttl_days = 2, .rec = get("AAAAAAA1")};
		memcpy(op->rec.case_id, "NEWCASE1", STORE_CASE_ID_LEN + 1);
		il->env = envelope_for("NEWCASE1", key96, 0, &op->envelope_len);
		op->envelope = il->env;
		memcpy(op->receipt_hash, "NEWCASE1-receipt", 16);
		case_write_init(&il->cw, CASE_OP_CREATE, op);
		il->cw.w.done = created;
		il->cw.w.arg = il;
		TC_CHECK_INT(store_submit(st, &il->cw.w), 0);
	}
	return false;
}

static void test_recompute_lets_intake_in(void)
{
	struct store_write w = {.apply = many};
	TC_CHECK_INT(store_submit_wait(st, &w), 0);
	/* 1 working day for the set in force: every one of them changes. */
	char *text = override_text(today, 1);
	struct dm_corrections c = {.rules = text, .rules_len = strlen(text)};
	const struct dm_snapshot *snap = NULL;
	struct dm_parse_error err;
	enum dm_data_file which;
	TC_CHECK_INT(dm_data_build(&c, &snap, &err, &which), 0);
	dm_snapshot_install(snap);
	static struct interleave il;
	atomic_store(&il.created_after, -1);
	struct case_recompute_run run = {.today = today, .cancelled = between, .arg = &il};
	TC_CHECK_INT(case_recompute_all(st, &run), 0);
	TC_CHECK(run.changed >= 1000);
	int batches = atomic_load(&il.batches);
	TC_CHECK(batches >= 4); /* 1000 cases: at least 4 writes of 256 */
	/* The report was durable after the first batch, long before the last. */
	int after = atomic_load(&il.created_after);
	TC_CHECK(after >= 1 && after < batches);
	struct store_case nc = get("NEWCASE1");
	TC_CHECK_STR(nc.case_id, "NEWCASE1");
	struct dm_corrections none = {0};
	TC_CHECK_INT(dm_data_build(&none, &snap, &err, &which), 0);
	dm_snapshot_install(snap);
	free(il.env);
	free(text);
}

/* The provisional bits follow the deadlines (2027 is a computed year). */
static void test_provisional_bits(void)
{
	struct store_case c = {.status = DM_STATUS_RECEIVED, .track = DM_TRACK_DENUNCIATION};
	struct dm_clock clk;
	struct dm_deadlines dl;
	dm_day d;
	TC_CHECK(dm_day_from_ymd(2027, 3, 1, &d));
	dm_clock_init(&clk, DM_TRACK_DENUNCIATION, d);
	TC_CHECK_INT(dm_deadlines_compute(&clk, &dl), 0);
	case_set_deadlines(&c, &dl);
	TC_CHECK_INT(c.provisional, (1u << DM_DL_PROCESS) | (1u << DM_DL_TRANSFER));
	TC_CHECK(dm_day_from_ymd(2025, 3, 3, &d));
	dm_clock_init(&clk, DM_TRACK_DENUNCIATION, d);
	TC_CHECK_INT(dm_deadlines_compute(&clk, &dl), 0);
	case_set_deadlines(&c, &dl);
	TC_CHECK_INT(c.provisional, 0);
}

int main(void)
{
	if (mkdtemp(tmpl) == NULL || dm_init() != 0 || cr_init() != 0 ||
	    cr_unit_keygen("TT-96", &key96) != 0 || cr_unit_keygen("TT-01", &key01) != 0 ||
	    cr_signer_keygen("inspector", "TT-96", &insp96) != 0)
		return 2;
	today = dm_day_from_unix((int64_t)time(NULL));
	char dir[256];
	snprintf(dir, sizeof(dir), "%s/s", tmpl);
	struct store_options o = {.dir = dir, .map_size = 64u << 20};
	if (case_store_open(&o, &st) != 0)
		return 2;
	TC_RUN(test_create);
	TC_RUN(test_act);
	TC_RUN(test_law_bytes);
	TC_RUN(test_other_unit);
	TC_RUN(test_messages_and_note);
	TC_RUN(test_reveal);
	TC_RUN(test_transfer);
	TC_RUN(test_mark_overdue);
	TC_RUN(test_load);
	TC_RUN(test_inbox);
	TC_RUN(test_overdue_now_vs_was_late);
	TC_RUN(test_provisional_bits);
	TC_RUN(test_was_late_from_dates);
	TC_RUN(test_recompute);
	TC_RUN(test_recompute_lets_intake_in);
	TC_RUN(test_reporter_limits);
	TC_RUN(test_assign);
	store_close(st);
	cr_unit_secret_free(key96);
	cr_unit_secret_free(key01);
	cr_signer_free(insp96);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpl);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpl);
	return tc_test_done();
}
