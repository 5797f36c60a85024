/*
 * test_notices.c - the notices the law requires, on hand-counted dates from
 * the calendar (data/calendar/notices.txt, year 2026: notice 9441/TB-BNV of
 * 16/10/2025 — Tết 14-22 Feb, Mon 31 Aug swapped off for Sat 22 Aug, 1-2
 * Sep National Day), watched through their index on a real LMDB store until
 * recorded as sent; and the digests' text (counts only).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "case_digest.h"
#include "case_notices.h"
#include "cases.h"
#include "dm_action.h"
#include "dm_deadline.h"
#include "dm_units.h"
#include "tc_test.h"

static char tmpl[] = "/tmp/tocao-notices-test-XXXXXX";
static struct store *st;

static dm_day day(int y, int m, int d)
{
	dm_day out = DM_DAY_NONE;
	(void)dm_day_from_ymd(y, m, d, &out);
	return out;
}

/*
 * Art. 29(3): tell the denouncer within 5 working days of acceptance.
 * Accepted Thu 27 Aug 2026: Fri 28 (1); Sat 29, Sun 30; Mon 31 off (swapped,
 * 9441/TB-BNV); Tue 1, Wed 2 Sep National Day; Thu 3 (2), Fri 4 (3), Mon 7 (4),
 * Tue 8 (5): 2026-09-08.
 */
static void test_notify_after_acceptance(void)
{
	struct dm_clock c;
	struct dm_deadlines dl;
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, day(2026, 8, 20));
	c.accepted = day(2026, 8, 27);
	TC_CHECK_INT(dm_deadlines_compute(&c, &dl), TC_OK);
	TC_CHECK_INT(dl.at[DM_DL_NOTIFY], day(2026, 9, 8));
	TC_CHECK_INT(case_notice_deadline(CASE_NOTICE_ACCEPTED), DM_DL_NOTIFY);
}

/*
 * Art. 34: send a suspension decision within 5 working days. Suspended Wed
 * 11 Feb 2026: Thu 12 (1), Fri 13 (2); Sat 14 - Sun 22 Tết (9441/TB-BNV);
 * Mon 23 (3), Tue 24 (4), Wed 25 (5): 2026-02-25.
 */
static void test_decision_notify_after_suspension(void)
{
	struct dm_clock c;
	struct dm_deadlines dl;
	dm_clock_init(&c, DM_TRACK_DENUNCIATION, day(2026, 1, 20));
	c.accepted = day(2026, 1, 27);
	c.decision = DM_DECISION_SUSPEND;
	c.decided = day(2026, 2, 11);
	TC_CHECK_INT(dm_deadlines_compute(&c, &dl), TC_OK);
	TC_CHECK_INT(dl.at[DM_DL_DECISION_NOTIFY], day(2026, 2, 25));
}

static int apply_load(struct store_txn *txn, struct store_write *w)
{
	return case_load_apply(txn, w->arg);
}

static int run(enum case_op kind, void *op)
{
	struct case_write cw;
	case_write_init(&cw, kind, op);
	return store_submit_wait(st, &cw.w);
}

struct seen {
	int n;
	char id[STORE_CASE_ID_LEN + 1];
	enum case_notice_kind kind;
	dm_day due;
};

static int seen_one(const char *id, enum case_notice_kind kind, dm_day due, void *arg)
{
	struct seen *s = arg;
	s->n++;
	memcpy(s->id, id, sizeof(s->id));
	s->kind = kind;
	s->due = due;
	return 0;
}

static struct seen due_by(dm_day until)
{
	struct store_txn *t = NULL;
	struct seen s = {0};
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(case_notices_due(t, until, seen_one, &s), 0);
	store_read_end(t);
	return s;
}

/* A suspended denunciation owes notify_accepted and notify_decision, watched until sent. */
static void test_index_until_sent(void)
{
	struct store_case c;
	memset(&c, 0, sizeof(c));
	memcpy(c.case_id, "NNNNNNA1", STORE_CASE_ID_LEN + 1);
	memcpy(c.unit, "TT-96", 6);
	memcpy(c.province, "96", 3);
	c.kind = DM_KIND_DENUNCIATION;
	c.identity = DM_IDENTITY_NAMED;
	c.track = DM_TRACK_DENUNCIATION;
	c.category = DM_CAT_CORRUPTION;
	c.status = DM_STATUS_SUSPENDED;
	c.instance = 1;
	c.received = day(2026, 1, 20);
	c.accepted = day(2026, 1, 27);
	c.settled = c.closed = STORE_DAY_NONE;
	c.suspended_since = c.decided = day(2026, 2, 11);
	c.decision = DM_DECISION_SUSPEND;
	for (int k = 0; k < STORE_DEADLINES; k++)
		c.deadlines[k] = STORE_DAY_NONE;
	c.deadlines[DM_DL_NOTIFY] = day(2026, 2, 3);
	c.deadlines[DM_DL_DECISION_NOTIFY] = day(2026, 2, 25);
	c.next_deadline = STORE_DAY_NONE;
	struct case_load op = {NULL, &c, c.received};
	struct store_write w = {.apply = apply_load, .arg = &op};
	TC_CHECK_INT(store_submit_wait(st, &w), 0);
	TC_CHECK_INT(due_by(day(2026, 2, 2)).n, 0);
	TC_CHECK_INT(due_by(day(2026, 2, 3)).n, 1);
	struct seen s = due_by(day(2026, 3, 1));
	TC_CHECK_INT(s.n, 2);
	TC_CHECK_INT(s.kind, CASE_NOTICE_DECISION); /* deadline order: the later one last */
	TC_CHECK_INT(s.due, day(2026, 2, 25));

	struct case_notice_send send = {.kind = CASE_NOTICE_DECISION, .sent_on = day(2026, 2, 24),
					.channel = CASE_CHANNEL_POST, .today = day(2026, 3, 2)};
	memcpy(send.case_id, "NNNNNNA1", STORE_CASE_ID_LEN + 1);
	snprintf(send.number, sizeof(send.number), "7/QD-TTT");
	TC_CHECK_INT(run(CASE_OP_NOTICE, &send), 0);
	s = due_by(day(2026, 3, 1));
	TC_CHECK_INT(s.n, 1);
	TC_CHECK_INT(s.kind, CASE_NOTICE_ACCEPTED);
	/* Again: refused. Before the decision: refused. Another unit: not found. */
	TC_CHECK_INT(run(CASE_OP_NOTICE, &send), TC_ESTATE);
	struct case_notice_send early = send;
	early.kind = CASE_NOTICE_ACCEPTED;
	early.sent_on = day(2026, 1, 26);
	TC_CHECK_INT(run(CASE_OP_NOTICE, &early), TC_EINVAL);
	struct case_notice_send other = early;
	other.sent_on = day(2026, 2, 1);
	memcpy(other.unit, "TT-01", 6);
	TC_CHECK_INT(run(CASE_OP_NOTICE, &other), TC_ENOENT);
	struct case_notice_send none = send;
	none.kind = CASE_NOTICE_CONCLUDED;
	TC_CHECK_INT(run(CASE_OP_NOTICE, &none), TC_ESTATE);

	/* What a reader sees: the sent one with its day, the other 27 days overdue on 2 Mar. */
	struct store_txn *t = NULL;
	struct case_notice nts[CASE_NOTICE_COUNT];
	size_t n = 0;
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(store_case_get(t, "NNNNNNA1", &c), 0);
	TC_CHECK_INT(case_notices_of(t, &c, nts, &n), 0);
	store_read_end(t);
	TC_CHECK_INT(n, 2);
	TC_CHECK(!nts[0].sent && nts[1].sent);
	TC_CHECK_INT(case_notice_overdue_days(&nts[0], day(2026, 3, 2)), 27);
	TC_CHECK_INT(case_notice_overdue_days(&nts[1], day(2026, 3, 2)), 0);
	TC_CHECK_INT(nts[1].sent_on, day(2026, 2, 24));
	TC_CHECK(strcmp(nts[1].number, "7/QD-TTT") == 0);

	/* A resumption is a new decision: its notice is owed anew, then the index follows. */
	struct store_case after = c;
	after.status = DM_STATUS_ACCEPTED;
	after.suspended_since = STORE_DAY_NONE;
	after.decision = DM_DECISION_RESUME;
	after.decided = day(2026, 3, 2);
	after.deadlines[DM_DL_DECISION_NOTIFY] = day(2026, 3, 5);
	struct case_load op2 = {&c, &after, after.decided};
	w = (struct store_write){.apply = apply_load, .arg = &op2};
	TC_CHECK_INT(store_submit_wait(st, &w), 0);
	TC_CHECK_INT(due_by(day(2026, 3, 31)).n, 2);
}

static void test_parse_names(void)
{
	enum case_notice_kind k;
	enum case_notice_channel ch;
	for (int i = 0; i < CASE_NOTICE_COUNT; i++) {
		TC_CHECK_INT(case_notice_parse(case_notice_name((enum case_notice_kind)i), &k), 0);
		TC_CHECK_INT(k, i);
		TC_CHECK(strlen(case_notice_name((enum case_notice_kind)i)) <= STORE_AUDIT_DETAIL);
	}
	TC_CHECK_INT(case_notice_parse("notify", &k), TC_EINVAL);
	TC_CHECK_INT(case_channel_parse("in_person", &ch), 0);
	TC_CHECK_INT(case_channel_parse("fax", &ch), TC_EINVAL);
	TC_CHECK(case_notice_number_ok("12/TB-TTT"));
	TC_CHECK(!case_notice_number_ok(""));
	TC_CHECK(!case_notice_number_ok("a\"b"));
	TC_CHECK(!case_notice_number_ok("a\r\nBcc: x@y"));
}

/* The digest: counts, the link, the Vietnamese subject encoded, and never a header injected. */
static void test_digest_text(void)
{
	struct case_digest_to to = {.kind = CASE_DIGEST_UNIT, .fresh = 2, .due_soon = 1,
				    .overdue = 3, .notices_owed = 4, .notices_overdue = 1};
	snprintf(to.name, sizeof(to.name), "TT-96");
	snprintf(to.scope, sizeof(to.scope), "TT-96");
	snprintf(to.address, sizeof(to.address), "hopthu@tt96.example");
	char msg[CASE_DIGEST_MSG_MAX];
	TC_CHECK_INT(case_digest_message(&to, day(2026, 11, 20), 3, "tocao@tt96.example",
					 "Mở tocao desk", msg, sizeof(msg)), 0);
	TC_CHECK(strstr(msg, "From: tocao@tt96.example\r\nTo: hopthu@tt96.example\r\n") == msg);
	TC_CHECK(strstr(msg, "Subject: =?UTF-8?B?") != NULL);
	TC_CHECK(strstr(msg, "(nhận ngày 2026-11-19) / new (received 2026-11-19): 2\r\n") != NULL);
	TC_CHECK(strstr(msg, "due within 3 working days: 1\r\n") != NULL);
	TC_CHECK(strstr(msg, "Quá hạn / overdue: 3\r\n") != NULL);
	TC_CHECK(strstr(msg, "notices to send: 4 (quá hạn / overdue: 1)\r\n") != NULL);
	TC_CHECK(strstr(msg, "\r\nMở tocao desk\r\n") != NULL);
	TC_CHECK_INT(case_digest_message(&to, day(2026, 11, 20), 3, "a@b.c", "x", msg, 100),
		     TC_ERANGE);
	TC_CHECK(case_digest_address_ok("a.b@c.example"));
	TC_CHECK(!case_digest_address_ok("a@b\r\nBcc: x@y"));
	TC_CHECK(!case_digest_address_ok("<a@b>"));
	TC_CHECK(!case_digest_address_ok("a b@c"));
	TC_CHECK(!case_digest_address_ok("nobody"));
}

/* The outbox keeps a message across reads until done; a retry keeps its tries and time. */
static int apply_outbox(struct store_txn *txn, struct store_write *w)
{
	const struct case_digest_to *to = w->arg;
	return case_outbox_put(txn, day(2026, 11, 20), to, "hello\r\n");
}

static void test_outbox(void)
{
	struct case_digest_to to = {.kind = CASE_DIGEST_INSPECTOR};
	snprintf(to.name, sizeof(to.name), "inspector-TT-96");
	snprintf(to.address, sizeof(to.address), "a@b.example");
	struct store_write w = {.apply = apply_outbox, .arg = &to};
	TC_CHECK_INT(store_submit_wait(st, &w), 0);
	struct store_txn *t = NULL;
	struct case_outbox_entry *es = NULL;
	size_t n = 0;
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(case_outbox_list(t, &es, &n), 0);
	store_read_end(t);
	TC_CHECK_INT(n, 1);
	if (n == 1) {
		TC_CHECK(strcmp(es[0].name, "outbox:2026-11-20:iinspector-TT-96") == 0);
		TC_CHECK(strcmp(es[0].message, "hello\r\n") == 0);
		TC_CHECK(strcmp(es[0].address, "a@b.example") == 0);
		TC_CHECK_INT(es[0].day, day(2026, 11, 20));
		TC_CHECK_INT(es[0].tries, 0);
		case_outbox_entry_free(&es[0]);
	}
	free(es);
}

int main(void)
{
	if (mkdtemp(tmpl) == NULL || dm_init() != 0 || cr_init() != 0)
		return 2;
	char dir[256];
	snprintf(dir, sizeof(dir), "%s/s", tmpl);
	struct store_options o = {.dir = dir, .map_size = 64u << 20};
	if (case_store_open(&o, &st) != 0)
		return 2;
	TC_RUN(test_notify_after_acceptance);
	TC_RUN(test_decision_notify_after_suspension);
	TC_RUN(test_index_until_sent);
	TC_RUN(test_parse_names);
	TC_RUN(test_digest_text);
	TC_RUN(test_outbox);
	store_close(st);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpl);
	if (system(cmd) != 0)
		return 2;
	return tc_test_done();
}
