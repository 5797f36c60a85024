/* Unit tests of the store: real LMDB in a temporary directory. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "tc_test.h"

static char tmpl[] = "/tmp/tocao-store-test-XXXXXX";
static int dir_no;

static void fresh_dir(char *out, size_t cap)
{
	snprintf(out, cap, "%s/s%d", tmpl, dir_no++);
}

static struct store *open_store(const char *dir, size_t map)
{
	struct store_options o = {.dir = dir, .map_size = map};
	struct store *st = NULL;
	int rc = store_open(&o, &st);
	TC_CHECK_INT(rc, 0);
	return st;
}

static void make_case(struct store_case *c, const char *id, const char *unit, int32_t received,
		      int32_t due)
{
	memset(c, 0, sizeof(*c));
	memcpy(c->case_id, id, 9);
	snprintf(c->unit, sizeof(c->unit), "%s", unit);
	memcpy(c->province, "96", 3);
	c->kind = 1;
	c->identity = 2;
	c->track = 1;
	c->category = 1;
	c->status = 1;
	c->instance = 1;
	c->received = received;
	c->accepted = c->settled = c->closed = c->suspended_since = STORE_DAY_NONE;
	for (int i = 0; i < STORE_DEADLINES; i++)
		c->deadlines[i] = STORE_DAY_NONE;
	c->deadlines[0] = due;
	c->next_deadline = due;
	c->decided = STORE_DAY_NONE;
}

/* A write that creates a case with an envelope, and waits for its completion. */
struct create_write {
	struct store_write w;
	struct store_case c;
	uint8_t env[256];
	size_t env_len;
	pthread_mutex_t m;
	pthread_cond_t cv;
	int done, rc;
};

static int apply_create(struct store_txn *txn, struct store_write *w)
{
	struct create_write *cw = w->arg;
	int rc = store_case_put(txn, &cw->c, true);
	if (rc == 0)
		rc = store_envelope_put(txn, cw->c.case_id, cw->env, cw->env_len);
	return rc;
}

static void done_create(struct store_write *w, int rc)
{
	struct create_write *cw = w->arg;
	pthread_mutex_lock(&cw->m);
	cw->rc = rc;
	cw->done = 1;
	pthread_cond_signal(&cw->cv);
	pthread_mutex_unlock(&cw->m);
}

static int create_sync(struct store *st, const struct store_case *c, size_t env_len)
{
	struct create_write cw;
	memset(&cw, 0, sizeof(cw));
	cw.c = *c;
	cw.env_len = env_len > sizeof(cw.env) ? sizeof(cw.env) : env_len;
	memset(cw.env, 0xA5, cw.env_len);
	cw.w.apply = apply_create;
	cw.w.done = done_create;
	cw.w.arg = &cw;
	pthread_mutex_init(&cw.m, NULL);
	pthread_cond_init(&cw.cv, NULL);
	int rc = store_submit(st, &cw.w);
	if (rc == 0) {
		pthread_mutex_lock(&cw.m);
		while (!cw.done)
			pthread_cond_wait(&cw.cv, &cw.m);
		pthread_mutex_unlock(&cw.m);
		rc = cw.rc;
	}
	pthread_mutex_destroy(&cw.m);
	pthread_cond_destroy(&cw.cv);
	return rc;
}

static void test_codec(void)
{
	struct store_case c, d;
	uint8_t rec[STORE_CASE_RECORD_LEN];
	make_case(&c, "K7QM2XPD", "TT-96", 20412, 20424);
	c.flags = STORE_FLAG_MONITORED | STORE_FLAG_REMOTE_AREA;
	c.deadlines[3] = -5;
	memset(c.reporter_pk, 7, sizeof(c.reporter_pk));
	store_case_encode(&c, rec);
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &d), 0);
	TC_CHECK(memcmp(&c, &d, sizeof(c)) == 0);
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec) - 1, &d), TC_ECORRUPT);
	rec[0] = 9;
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &d), TC_EVERSION);
	rec[0] = 1;
	rec[9] = 'I'; /* not in the case-id alphabet */
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &d), TC_ECORRUPT);
	rec[9] = 'K';
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &d), 0);
	rec[112] = 1u << 7; /* 112: one provisional bit per deadline; bit 7 has none */
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &d), TC_ECORRUPT);
	rec[112] = 1u << 6; /* the decision notice's deadline is provisional */
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &d), 0);
	TC_CHECK_INT(d.provisional, 1u << 6);
	rec[112] = 0;
	rec[127] = 8; /* 127: the accused's level, 0 (not recorded) or a dm_level 1..7 */
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &d), TC_ECORRUPT);
	rec[127] = 7;
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &d), 0);
	TC_CHECK_INT(d.level, 7);
	rec[127] = 0;
	/* 27: the decline's ground, 0 (none, and every record before schema 6) or 1..21. */
	TC_CHECK_INT(d.ground, 0);
	rec[27] = STORE_GROUND_MAX + 1;
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &d), TC_ECORRUPT);
	rec[27] = 0xff;
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &d), TC_ECORRUPT);
	rec[27] = STORE_GROUND_MAX;
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &d), 0);
	TC_CHECK_INT(d.ground, STORE_GROUND_MAX);
	c.ground = 14;
	store_case_encode(&c, rec);
	TC_CHECK_INT(rec[27], 14);
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &d), 0);
	TC_CHECK(memcmp(&c, &d, sizeof(c)) == 0);
	c.ground = 0;
	store_case_encode(&c, rec);
	TC_CHECK_INT(rec[27], 0);

	/* Bytes 113..126 (docs/FORMAT.md): written before them they are zero = absent. */
	TC_CHECK_INT(rec[113] | rec[114] | rec[115] | rec[116] | rec[117] | rec[118], 0);
	for (size_t i = 119; i < 127; i++)
		TC_CHECK_INT(rec[i], 0);
	TC_CHECK_INT(d.deadlines[5], STORE_DAY_NONE);
	TC_CHECK_INT(d.deadlines[6], STORE_DAY_NONE);
	TC_CHECK_INT(d.decided, STORE_DAY_NONE);
	c.origin = 1;    /* press */
	c.subject = 4;   /* dismissal */
	c.criteria = 0x11; /* a and đ */
	c.decision = 1;  /* suspend */
	c.decided = 20412 + 40;
	c.deadlines[5] = 20432;
	c.deadlines[6] = 20457;
	store_case_encode(&c, rec);
	TC_CHECK_INT(rec[113], 1);
	TC_CHECK_INT(rec[114], 4);
	TC_CHECK_INT(rec[115], 0x11);
	TC_CHECK_INT(rec[116], 1);
	TC_CHECK_INT(rec[117] << 8 | rec[118], 41); /* decided - received + 1 */
	TC_CHECK_INT(rec[119] << 24 | rec[120] << 16 | rec[121] << 8 | rec[122], 20432);
	TC_CHECK_INT(rec[123] << 24 | rec[124] << 16 | rec[125] << 8 | rec[126], 20457);
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &d), 0);
	TC_CHECK(memcmp(&c, &d, sizeof(c)) == 0);
	rec[113] = 4; /* no such origin */
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &d), TC_ECORRUPT);
	rec[113] = 1;
	rec[115] = 0x80; /* no eighth criterion */
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &d), TC_ECORRUPT);
	rec[115] = 0x11;
	rec[117] = rec[118] = 0; /* a decision without its day */
	TC_CHECK_INT(store_case_decode(rec, sizeof(rec), &d), TC_ECORRUPT);
}

static void test_create_read_and_duplicate(void)
{
	char dir[128];
	fresh_dir(dir, sizeof(dir));
	struct store *st = open_store(dir, 16u << 20);
	struct store_case c, got;
	make_case(&c, "AAAAAAA1", "TT-01", 100, 110);
	TC_CHECK_INT(create_sync(st, &c, 100), 0);
	TC_CHECK_INT(create_sync(st, &c, 100), TC_EEXIST);

	struct store_txn *t;
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(store_case_get(t, "AAAAAAA1", &got), 0);
	TC_CHECK_STR(got.unit, "TT-01");
	TC_CHECK_INT(got.received, 100);
	const uint8_t *env;
	size_t len;
	TC_CHECK_INT(store_envelope_get(t, "AAAAAAA1", &env, &len), 0);
	TC_CHECK_INT(len, 100);
	TC_CHECK_INT(env[0], 0xA5);
	TC_CHECK_INT(store_case_get(t, "AAAAAAA2", &got), TC_ENOENT);
	TC_CHECK_INT(store_case_get(t, "short", &got), TC_ENOENT);
	store_read_end(t);
	store_close(st);

	/* Durable: a reopened store has it. */
	st = open_store(dir, 16u << 20);
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(store_case_get(t, "AAAAAAA1", &got), 0);
	store_read_end(t);
	store_close(st);
}

struct collect {
	char ids[64][9];
	int n, stop_at;
};

static int collect_fn(const struct store_case *c, void *arg)
{
	struct collect *col = arg;
	if (col->n < 64)
		memcpy(col->ids[col->n], c->case_id, 9);
	col->n++;
	return col->stop_at && col->n >= col->stop_at;
}

/* An update that moves a case's deadline: the due index must follow. */
struct put_write {
	struct store_write w;
	struct store_case c;
	int rc, done;
};

static int apply_put(struct store_txn *txn, struct store_write *w)
{
	return store_case_put(txn, &((struct put_write *)w->arg)->c, false);
}

static void done_put(struct store_write *w, int rc)
{
	struct put_write *pw = w->arg;
	pw->rc = rc;
	__atomic_store_n(&pw->done, 1, __ATOMIC_RELEASE);
}

static int put_sync(struct store *st, const struct store_case *c)
{
	struct put_write pw = {.c = *c};
	pw.w.apply = apply_put;
	pw.w.done = done_put;
	pw.w.arg = &pw;
	int rc = store_submit(st, &pw.w);
	if (rc)
		return rc;
	while (!__atomic_load_n(&pw.done, __ATOMIC_ACQUIRE))
		usleep(100);
	return pw.rc;
}

static void test_indexes(void)
{
	char dir[128];
	fresh_dir(dir, sizeof(dir));
	struct store *st = open_store(dir, 16u << 20);
	struct store_case c;
	/* Three cases of TT-01 received on days 10, 30, 20, one of TT-02. */
	make_case(&c, "AAAAAAA1", "TT-01", 10, 50);
	TC_CHECK_INT(create_sync(st, &c, 8), 0);
	make_case(&c, "AAAAAAA3", "TT-01", 30, 40);
	TC_CHECK_INT(create_sync(st, &c, 8), 0);
	make_case(&c, "AAAAAAA2", "TT-01", 20, STORE_DAY_NONE);
	TC_CHECK_INT(create_sync(st, &c, 8), 0);
	make_case(&c, "BBBBBBB1", "TT-02", 15, 45);
	TC_CHECK_INT(create_sync(st, &c, 8), 0);

	struct store_txn *t;
	struct collect col = {0};
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(store_unit_cases(t, "TT-01", NULL, collect_fn, &col), 0);
	TC_CHECK_INT(col.n, 3);
	TC_CHECK_STR(col.ids[0], "AAAAAAA3"); /* newest first */
	TC_CHECK_STR(col.ids[1], "AAAAAAA2");
	TC_CHECK_STR(col.ids[2], "AAAAAAA1");
	/* Cursor pagination: after AAAAAAA3 come the two older ones. */
	memset(&col, 0, sizeof(col));
	TC_CHECK_INT(store_unit_cases(t, "TT-01", "AAAAAAA3", collect_fn, &col), 0);
	TC_CHECK_INT(col.n, 2);
	TC_CHECK_STR(col.ids[0], "AAAAAAA2");
	/* Another unit's case is not a valid cursor here. */
	TC_CHECK_INT(store_unit_cases(t, "TT-01", "BBBBBBB1", collect_fn, &col), TC_ENOENT);
	memset(&col, 0, sizeof(col));
	TC_CHECK_INT(store_unit_cases(t, "TT-02", NULL, collect_fn, &col), 0);
	TC_CHECK_INT(col.n, 1);
	memset(&col, 0, sizeof(col));
	TC_CHECK_INT(store_unit_cases(t, "TT-03", NULL, collect_fn, &col), 0);
	TC_CHECK_INT(col.n, 0);

	/* Due index: deadlines 40 (A3), 45 (B1), 50 (A1); A2 has none. */
	memset(&col, 0, sizeof(col));
	TC_CHECK_INT(store_due_cases(t, 45, collect_fn, &col), 0);
	TC_CHECK_INT(col.n, 2);
	TC_CHECK_STR(col.ids[0], "AAAAAAA3");
	TC_CHECK_STR(col.ids[1], "BBBBBBB1");
	store_read_end(t);

	/* Move A1's deadline to 5 and close A3 (no deadline): index follows. */
	make_case(&c, "AAAAAAA1", "TT-01", 10, 5);
	TC_CHECK_INT(put_sync(st, &c), 0);
	make_case(&c, "AAAAAAA3", "TT-01", 30, STORE_DAY_NONE);
	TC_CHECK_INT(put_sync(st, &c), 0);
	memset(&col, 0, sizeof(col));
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(store_due_cases(t, 1000, collect_fn, &col), 0);
	TC_CHECK_INT(col.n, 2);
	TC_CHECK_STR(col.ids[0], "AAAAAAA1");
	TC_CHECK_STR(col.ids[1], "BBBBBBB1");
	/* Transfer: the unit index follows a unit change. */
	store_read_end(t);
	make_case(&c, "BBBBBBB1", "TT-01", 15, 45);
	TC_CHECK_INT(put_sync(st, &c), 0);
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	memset(&col, 0, sizeof(col));
	TC_CHECK_INT(store_unit_cases(t, "TT-02", NULL, collect_fn, &col), 0);
	TC_CHECK_INT(col.n, 0);
	memset(&col, 0, sizeof(col));
	TC_CHECK_INT(store_unit_cases(t, "TT-01", NULL, collect_fn, &col), 0);
	TC_CHECK_INT(col.n, 4); /* A1, A2, A3 and the transferred B1 */
	store_read_end(t);
	store_close(st);
}

struct receipt_write {
	struct store_write w;
	uint8_t hash[32];
	const char *id;
	int rc, done;
};

static int apply_receipt(struct store_txn *txn, struct store_write *w)
{
	struct receipt_write *rw = w->arg;
	return store_receipt_put(txn, rw->hash, rw->id);
}

static void done_receipt(struct store_write *w, int rc)
{
	struct receipt_write *rw = w->arg;
	rw->rc = rc;
	__atomic_store_n(&rw->done, 1, __ATOMIC_RELEASE);
}

static void test_receipts_and_batch_isolation(void)
{
	char dir[128];
	fresh_dir(dir, sizeof(dir));
	struct store *st = open_store(dir, 16u << 20);
	/* Two writes with the same receipt hash in one go: one wins, one gets EEXIST,
	 * and the loser's failure does not undo the winner. */
	struct receipt_write a = {.id = "AAAAAAA1"}, b = {.id = "AAAAAAA2"};
	memset(a.hash, 1, 32);
	memset(b.hash, 1, 32);
	a.w = (struct store_write){.apply = apply_receipt, .done = done_receipt, .arg = &a};
	b.w = (struct store_write){.apply = apply_receipt, .done = done_receipt, .arg = &b};
	TC_CHECK_INT(store_submit(st, &a.w), 0);
	TC_CHECK_INT(store_submit(st, &b.w), 0);
	while (!__atomic_load_n(&a.done, __ATOMIC_ACQUIRE) ||
	       !__atomic_load_n(&b.done, __ATOMIC_ACQUIRE))
		usleep(100);
	TC_CHECK_INT(a.rc, 0);
	TC_CHECK_INT(b.rc, TC_EEXIST);
	struct store_txn *t;
	char id[9];
	TC_CHECK_INT(store_read_begin(st, &t), 0);
	TC_CHECK_INT(store_receipt_find(t, a.hash, id), 0);
	TC_CHECK_STR(id, "AAAAAAA1");
	uint8_t other[32] = {2};
	TC_CHECK_INT(store_receipt_find(t, other, id), TC_ENOENT);
	store_read_end(t);
	store_close(st);
}

#define N_THREADS 8
#define PER_THREAD 200

struct worker {
	struct store *st;
	int no, failures;
};

static void *worker_main(void *arg)
{
	struct worker *wk = arg;
	static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	for (int i = 0; i < PER_THREAD; i++) {
		struct store_case c;
		char id[9];
		int v = wk->no * PER_THREAD + i;
		for (int k = 0; k < 8; k++) {
			id[7 - k] = alpha[v % 32];
			v /= 32;
		}
		id[8] = 0;
		make_case(&c, id, "TT-79", 1000 + i, 2000 + i);
		if (create_sync(wk->st, &c, 200) != 0)
			wk->failures++;
	}
	return NULL;
}

static void test_group_commit_concurrent(void)
{
	char dir[128];
	fresh_dir(dir, sizeof(dir));
	struct store *st = open_store(dir, 64u << 20);
	pthread_t th[N_THREADS];
	struct worker wk[N_THREADS];
	for (int i = 0; i < N_THREADS; i++) {
		wk[i] = (struct worker){.st = st, .no = i};
		pthread_create(&th[i], NULL, worker_main, &wk[i]);
	}
	int failures = 0;
	for (int i = 0; i < N_THREADS; i++) {
		pthread_join(th[i], NULL);
		failures += wk[i].failures;
	}
	TC_CHECK_INT(failures, 0);
	struct store_stats s;
	store_stats(st, &s);
	TC_CHECK_INT(s.cases, N_THREADS * PER_THREAD);
	TC_CHECK_INT(s.writes, N_THREADS * PER_THREAD);
	/* Concurrent writers share commits: fewer syncs than writes. */
	TC_CHECK(s.commits < s.writes);
	store_close(st);
}

static void test_map_full(void)
{
	char dir[128];
	fresh_dir(dir, sizeof(dir));
	/* A 1 MiB map fills after a few thousand small cases. */
	struct store *st = open_store(dir, 1u << 20);
	int rc = 0, made = 0;
	static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	for (int i = 0; i < 100000 && rc == 0; i++) {
		struct store_case c;
		char id[9];
		int v = i;
		for (int k = 0; k < 8; k++) {
			id[7 - k] = alpha[v % 32];
			v /= 32;
		}
		id[8] = 0;
		make_case(&c, id, "TT-01", i, i);
		rc = create_sync(st, &c, 256);
		made += rc == 0;
	}
	TC_CHECK_INT(rc, TC_EFULL);
	TC_CHECK(made > 100);
	TC_CHECK(store_is_nearly_full(st));
	store_close(st);
	/* Nothing corrupted: every case committed before the full map is there. */
	st = open_store(dir, 1u << 20);
	struct store_stats s;
	store_stats(st, &s);
	TC_CHECK_INT(s.cases, made);
	store_close(st);
}

/* Messages and timeline events of neighbouring cases, appended in turn. */
struct seq_write {
	struct store_write w;
	uint32_t msg_seq[6];
	int rc, done;
};

static int apply_seqs(struct store_txn *txn, struct store_write *w)
{
	struct seq_write *sw = w->arg;
	/* "SEQA0001" < "SEQA0002" < "SEQA0003": neighbours in key order; the last has none. */
	static const char *const ids[6] = {"SEQA0002", "SEQA0001", "SEQA0002",
					   "SEQA0001", "SEQA0002", "SEQA0003"};
	static const uint8_t text[40] = {1};
	for (int i = 0; i < 6; i++) {
		struct store_message m = {.from = 1, .day = 20000, .for_reporter = text,
					  .for_reporter_len = sizeof(text), .for_unit = text,
					  .for_unit_len = sizeof(text)};
		int rc = store_message_append(txn, ids[i], &m, &sw->msg_seq[i]);
		if (rc == 0 && i < 5)
			rc = store_event_append(txn, ids[i], 20000, 1, "x");
		if (rc)
			return rc;
	}
	return 0;
}

static void done_seqs(struct store_write *w, int rc)
{
	struct seq_write *sw = w->arg;
	sw->rc = rc;
	__atomic_store_n(&sw->done, 1, __ATOMIC_RELEASE);
}

static int count_events(const struct store_event *e, void *arg)
{
	int *n = arg;
	TC_CHECK_INT(e->seq, *n); /* in order, from 0, no gap */
	(*n)++;
	return 0;
}

static void test_sequences_per_case(void)
{
	char dir[256];
	fresh_dir(dir, sizeof(dir));
	struct store *st = open_store(dir, 16u << 20);
	struct seq_write sw = {.w = {.apply = apply_seqs, .done = done_seqs}};
	sw.w.arg = &sw;
	TC_CHECK_INT(store_submit(st, &sw.w), 0);
	while (!__atomic_load_n(&sw.done, __ATOMIC_ACQUIRE))
		usleep(100);
	TC_CHECK_INT(sw.rc, 0);
	static const uint32_t want[6] = {0, 0, 1, 1, 2, 0};
	for (int i = 0; i < 6; i++)
		TC_CHECK_INT(sw.msg_seq[i], want[i]);
	struct store_txn *txn;
	int n2 = 0, n1 = 0;
	TC_CHECK_INT(store_read_begin(st, &txn), 0);
	TC_CHECK_INT(store_events(txn, "SEQA0002", count_events, &n2), 0);
	TC_CHECK_INT(store_events(txn, "SEQA0001", count_events, &n1), 0);
	store_read_end(txn);
	TC_CHECK_INT(n2, 3);
	TC_CHECK_INT(n1, 2);
	store_close(st);
}

int main(void)
{
	if (mkdtemp(tmpl) == NULL)
		return 2;
	TC_RUN(test_codec);
	TC_RUN(test_create_read_and_duplicate);
	TC_RUN(test_indexes);
	TC_RUN(test_receipts_and_batch_isolation);
	TC_RUN(test_group_commit_concurrent);
	TC_RUN(test_map_full);
	TC_RUN(test_sequences_per_case);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpl);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpl);
	return tc_test_done();
}
