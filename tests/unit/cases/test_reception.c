/*
 * Reception entries in the case service (cases.h case_reception) over a
 * real LMDB store: the record's clocks counted from the day the unit
 * received the report (a hand-checked date), the reception facts, the
 * timeline event and the audit entry in the one write, and the refusals.
 * And the domain's rules of a reception entry (dm_reception.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cases.h"
#include "dm_reception.h"
#include "dm_units.h"
#include "tc_test.h"

static struct store *st;
static char tmpl[] = "/tmp/tocao-reception-XXXXXX";

static dm_day day(int y, int m, int d)
{
	dm_day out = DM_DAY_NONE;
	TC_CHECK(dm_day_from_ymd(y, m, d, &out));
	return out;
}

static void test_channels_and_days(void)
{
	enum dm_channel c;
	TC_CHECK_INT(dm_channel_parse("post", &c), TC_OK);
	TC_CHECK_INT(c, DM_CHANNEL_POST);
	TC_CHECK_INT(dm_channel_parse("forwarded", &c), TC_OK);
	TC_CHECK_INT(c, 3);
	TC_CHECK_INT(dm_channel_parse("Post", &c), TC_EINVAL);
	TC_CHECK_INT(dm_channel_parse(NULL, &c), TC_EINVAL);
	TC_CHECK_STR(dm_channel_name(DM_CHANNEL_IN_PERSON), "in_person");
	TC_CHECK_STR(dm_channel_name((enum dm_channel)9), "unknown");
	TC_CHECK(dm_channel_needs_scan(DM_CHANNEL_POST));
	TC_CHECK(!dm_channel_needs_scan(DM_CHANNEL_IN_PERSON));
	dm_day t = day(2026, 12, 2);
	TC_CHECK_INT(dm_reception_day_check(t, t), DM_RECEPTION_DAY_OK);
	TC_CHECK_INT(dm_reception_day_check(t + 1, t), DM_RECEPTION_DAY_FUTURE);
	TC_CHECK_INT(dm_reception_day_check(day(2026, 11, 2), t), DM_RECEPTION_DAY_OK);
	TC_CHECK_INT(dm_reception_day_check(day(2026, 11, 1), t), DM_RECEPTION_DAY_TOO_OLD);
}

static struct case_new sample(dm_day received)
{
	return (struct case_new){.unit = "TT-96", .province = "96",
				 .kind = DM_KIND_DENUNCIATION, .identity = DM_IDENTITY_NAMED,
				 .track = DM_TRACK_DENUNCIATION, .category = DM_CAT_LAND,
				 .instance = 1, .received = received};
}

/* A denunciation received on Friday 2026-11-20: process by Wednesday 2026-12-02 (README). */
static void test_record_counts_from_the_day_received(void)
{
	struct store_case c;
	struct case_new n = sample(day(2026, 11, 20));
	TC_CHECK_INT(case_record_new(&n, &c), TC_OK);
	TC_CHECK_INT(c.received, day(2026, 11, 20));
	TC_CHECK_INT(c.deadlines[DM_DL_PROCESS], day(2026, 12, 2));
	TC_CHECK_INT(c.status, DM_STATUS_RECEIVED);
	TC_CHECK_INT(c.next_deadline, day(2026, 12, 2));
}

static int run(struct case_reception *op)
{
	struct case_write cw;
	case_write_init(&cw, CASE_OP_RECEPTION, op);
	return store_submit_wait(st, &cw.w);
}

static int last_event(const struct store_event *e, void *arg)
{
	*(struct store_event *)arg = *e;
	return 0;
}

static int last_audit(const struct store_audit *e, void *arg)
{
	*(struct store_audit *)arg = *e;
	return 0;
}

static void test_reception_write(void)
{
	static const uint8_t env[] = "sealed-bytes";
	struct case_reception op = {.channel = DM_CHANNEL_POST, .received_by = "TT-01",
				    .today = day(2026, 12, 2)};
	struct case_new n = sample(day(2026, 11, 20));
	TC_CHECK_INT(case_record_new(&n, &op.create.rec), TC_OK);
	memcpy(op.create.rec.case_id, "7KQ2M9XD", 9);
	op.create.envelope = env;
	op.create.envelope_len = sizeof(env);
	op.create.receipt_hash[0] = 1;
	op.actor[0] = 0xab;
	TC_CHECK_INT(run(&op), TC_OK);

	struct store_txn *t = NULL;
	struct case_reception_info ri;
	struct store_event ev = {0};
	struct store_audit au;
	struct store_case c;
	memset(&au, 0, sizeof(au));
	TC_CHECK_INT(store_read_begin(st, &t), TC_OK);
	TC_CHECK_INT(case_reception_get(t, "7KQ2M9XD", &ri), TC_OK);
	TC_CHECK_INT(ri.channel, DM_CHANNEL_POST);
	TC_CHECK_STR(ri.received_by, "TT-01");
	TC_CHECK_INT(ri.registered, day(2026, 12, 2));
	TC_CHECK_INT(store_case_get(t, "7KQ2M9XD", &c), TC_OK);
	TC_CHECK_INT(c.received, day(2026, 11, 20));
	TC_CHECK_INT(store_events(t, "7KQ2M9XD", last_event, &ev), TC_OK);
	TC_CHECK_INT(ev.kind, CASE_EVENT_RECEPTION);
	TC_CHECK_INT(ev.kind, 14);
	TC_CHECK_STR(ev.detail, "post TT-01");
	TC_CHECK_INT(store_audit_walk(t, last_audit, &au), TC_OK);
	TC_CHECK_INT(au.kind, CASE_AUDIT_RECEPTION);
	TC_CHECK_INT(au.kind, 16);
	TC_CHECK_STR(au.case_id, "7KQ2M9XD");
	TC_CHECK_INT(au.actor[0], 0xab);
	/* A web report has no reception facts. */
	TC_CHECK_INT(case_reception_get(t, "ZZZZZZZZ", &ri), TC_ENOENT);
	store_read_end(t);

	/* The same id again: refused, and nothing else written. */
	op.create.receipt_hash[0] = 2;
	TC_CHECK_INT(run(&op), TC_EEXIST);
	TC_CHECK_INT(op.create.conflict, CASE_CONFLICT_ID);
	/* No channel: refused before anything is written. */
	struct case_reception web = op;
	web.channel = DM_CHANNEL_WEB;
	memcpy(web.create.rec.case_id, "7KQ2M9XE", 9);
	web.create.receipt_hash[0] = 3;
	TC_CHECK_INT(run(&web), TC_EINVAL);
	TC_CHECK_INT(store_read_begin(st, &t), TC_OK);
	TC_CHECK_INT(store_case_get(t, "7KQ2M9XE", &c), TC_ENOENT);
	store_read_end(t);
}

int main(void)
{
	if (mkdtemp(tmpl) == NULL || dm_init() != 0 || cr_init() != 0)
		return 2;
	char dir[256];
	snprintf(dir, sizeof(dir), "%s/s", tmpl);
	struct store_options o = {.dir = dir, .map_size = 16u << 20};
	if (case_store_open(&o, &st) != 0)
		return 2;
	TC_RUN(test_channels_and_days);
	TC_RUN(test_record_counts_from_the_day_received);
	TC_RUN(test_reception_write);
	store_close(st);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpl);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpl);
	return tc_test_done();
}
