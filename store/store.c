/*
 * store.c - LMDB environment, the group-commit writer, and the indexes.
 *
 * Databases (named, in one environment):
 *   meta       "schema" -> u32 version; other names -> the callers' small values
 *   cases      case_id(8) -> case record (store_case_encode)
 *   envelopes  case_id(8) -> sealed envelope bytes
 *   by_unit    unit(8) | received(4, biased BE) | case_id(8) -> ""
 *   by_due     next_deadline(4, biased BE) | case_id(8) -> ""
 *   receipts   keyed hash(32) -> case_id(8)
 *   idem       keyed hash(32) -> idempotency record
 *   attachments  case_id(8) | index(2) -> sealed attachment
 *   messages   case_id(8) | seq(4) -> from(1) day(4) n1(4) sealed-for-reporter n2(4) sealed-for-unit
 *   audit      seq(8) -> entry body (store_audit_body) | hash(32)
 *   events     case_id(8) | seq(4) -> day(4) kind(1) detail(16)
 *   counts     kind(1) | day(4) | province(2) | unit(8) | track | category | value(2) -> i64
 * Composite keys in plain databases instead of DUPSORT, which has bugs in
 * LMDB 0.9.24 (docs/INTERNALS.md §lmdb-dupsort);
 * no key holds personal data.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lmdb.h>

#include "store.h"
#include "store_internal.h"

enum {
	DB_META,
	DB_CASES,
	DB_ENVELOPES,
	DB_BY_UNIT,
	DB_BY_DUE,
	DB_RECEIPTS,
	DB_IDEM,
	DB_ATTACHMENTS,
	DB_MESSAGES,
	DB_AUDIT,
	DB_EVENTS,
	DB_COUNTS,
	DB_COUNT
};
static const char *const db_names[DB_COUNT] = {"meta",	   "cases", "envelopes",
					       "by_unit",  "by_due", "receipts",
					       "idem",	   "attachments", "messages", "audit",
					       "events",   "counts"};

struct store {
	MDB_env *env;
	MDB_dbi dbi[DB_COUNT];
	size_t map_size;
	double full_ratio;
	unsigned max_batch;
	bool read_only;
	int (*upgrade)(struct store_txn *txn, uint32_t from);

	int owner_fd;                    /* DIR/owner.lock, flock'd when exclusive; -1 if not */

	pthread_t writer;
	bool writer_started;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct store_write *head, *tail; /* queue, guarded by lock */
	bool stopping;                   /* guarded by lock */

	atomic_bool nearly_full;
	atomic_uint_fast64_t fill_ppm;   /* the map's use in millionths, as of the last commit */
	atomic_uint_fast64_t commits, writes;
};

struct store_txn {
	MDB_txn *txn;
	struct store *st;
};

/* The one adapter from LMDB's errors to ours: no other code sees an MDB_ code. */
static int lmdb_err(int rc)
{
	switch (rc) {
	case MDB_SUCCESS: return TC_OK;
	case MDB_NOTFOUND: return TC_ENOENT;
	case MDB_KEYEXIST: return TC_EEXIST;
	case MDB_MAP_FULL: return TC_EFULL;
	case MDB_TXN_FULL: return TC_EFULL;
	case MDB_CORRUPTED:
	case MDB_PAGE_NOTFOUND:
	case MDB_INVALID: return TC_ECORRUPT;
	case MDB_VERSION_MISMATCH: return TC_EVERSION;
	case MDB_READERS_FULL: return TC_EBUSY;
	case MDB_MAP_RESIZED: return TC_EBUSY;
	default: return rc > 0 ? -rc : TC_EIO;
	}
}

/* ---- Integer and key helpers ---- */

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Signed days sort correctly as unsigned big-endian once the sign bit is flipped. */
static void put_day_key(uint8_t *p, int32_t day)
{
	put_be32(p, (uint32_t)day ^ 0x80000000u);
}

static int32_t get_day_key(const uint8_t *p)
{
	return (int32_t)(get_be32(p) ^ 0x80000000u);
}

#define UNIT_KEY_LEN (STORE_UNIT_LEN + 4 + STORE_CASE_ID_LEN)
#define DUE_KEY_LEN (4 + STORE_CASE_ID_LEN)

static void unit_key(uint8_t key[UNIT_KEY_LEN], const struct store_case *c)
{
	memset(key, 0, STORE_UNIT_LEN);
	memcpy(key, c->unit, strnlen(c->unit, STORE_UNIT_LEN));
	put_day_key(key + STORE_UNIT_LEN, c->received);
	memcpy(key + STORE_UNIT_LEN + 4, c->case_id, STORE_CASE_ID_LEN);
}

static void due_key(uint8_t key[DUE_KEY_LEN], const struct store_case *c)
{
	put_day_key(key, c->next_deadline);
	memcpy(key + 4, c->case_id, STORE_CASE_ID_LEN);
}

static int case_id_is_valid(const char *id)
{
	/* Crockford base32 upper case, no I L O U: what cr_case_id_new makes. */
	for (int i = 0; i < STORE_CASE_ID_LEN; i++) {
		char ch = id[i];
		int ok = (ch >= '0' && ch <= '9') ||
			 (ch >= 'A' && ch <= 'Z' && ch != 'I' && ch != 'L' && ch != 'O' && ch != 'U');
		if (!ok)
			return 0;
	}
	return id[STORE_CASE_ID_LEN] == '\0';
}

/* ---- Record codec ---- */

#define REC_VERSION 1

/*
 * Bytes 113..126 (docs/FORMAT.md), added in place of reserved zeros: a
 * record written before them decodes with every field absent. A day
 * there is 0 for none (day 0, 1970-01-01, is never a case's), the
 * decision's day an offset from the day received, plus one.
 */
#define STORE_DEADLINES_V1 5 /* the deadlines at 56..75; the others at 119.. */
#define OFF_ORIGIN 113
#define OFF_SUBJECT 114
#define OFF_CRITERIA 115
#define OFF_DECISION 116
#define OFF_DECIDED 117     /* uint16: decided - received + 1; 0 = none */
#define OFF_DEADLINES2 119  /* int32 each: forwarded_answer_by, decision_notify_by; 0 = none */
#define OFF_GROUND 27       /* the decline's ground (dm_decline_ground); 0 = none */
#define OFF_LEVEL 127       /* the accused's level (dm_level); 0 = not recorded */

static void encode_law_bytes(const struct store_case *c, uint8_t *out)
{
	out[OFF_ORIGIN] = c->origin;
	out[OFF_SUBJECT] = c->subject;
	out[OFF_CRITERIA] = c->criteria;
	long off = c->decision == 0 || c->decided == STORE_DAY_NONE
			   ? 0
			   : (long)c->decided - c->received + 1;
	if (off <= 0 || off > 0xffff)
		off = 0; /* none, or outside the encoding: dropped with its decision */
	out[OFF_DECISION] = off ? c->decision : 0;
	out[OFF_DECIDED] = (uint8_t)(off >> 8);
	out[OFF_DECIDED + 1] = (uint8_t)off;
	for (size_t i = STORE_DEADLINES_V1; i < STORE_DEADLINES; i++) {
		int32_t d = c->deadlines[i];
		put_be32(out + OFF_DEADLINES2 + 4 * (i - STORE_DEADLINES_V1),
			 d == STORE_DAY_NONE ? 0u : (uint32_t)d);
	}
}

static int decode_law_bytes(const uint8_t *in, struct store_case *c)
{
	c->origin = in[OFF_ORIGIN];
	c->subject = in[OFF_SUBJECT];
	c->criteria = in[OFF_CRITERIA];
	c->decision = in[OFF_DECISION];
	if (c->origin > 3 || c->subject > 4 || (c->criteria & 0x80) || c->decision > 3)
		return TC_ECORRUPT;
	unsigned off = (unsigned)in[OFF_DECIDED] << 8 | in[OFF_DECIDED + 1];
	if ((off == 0) != (c->decision == 0))
		return TC_ECORRUPT;
	/* One encoding per record: a decision needs a day received to count from. */
	int64_t decided = (int64_t)c->received + off - 1;
	if (off != 0 && (c->received == STORE_DAY_NONE || decided > INT32_MAX))
		return TC_ECORRUPT;
	c->decided = off == 0 ? STORE_DAY_NONE : (int32_t)decided;
	for (size_t i = STORE_DEADLINES_V1; i < STORE_DEADLINES; i++) {
		int32_t d = (int32_t)get_be32(in + OFF_DEADLINES2 + 4 * (i - STORE_DEADLINES_V1));
		if (d == STORE_DAY_NONE) /* "none" is written 0 here */
			return TC_ECORRUPT;
		c->deadlines[i] = d == 0 ? STORE_DAY_NONE : d;
	}
	return TC_OK;
}

int store_case_encode(const struct store_case *c, uint8_t out[STORE_CASE_RECORD_LEN])
{
	memset(out, 0, STORE_CASE_RECORD_LEN);
	out[0] = REC_VERSION;
	out[1] = c->kind;
	out[2] = c->identity;
	out[3] = c->track;
	out[4] = c->category;
	out[5] = c->status;
	out[6] = c->extensions;
	out[7] = c->complexity;
	out[8] = c->instance;
	memcpy(out + 9, c->case_id, STORE_CASE_ID_LEN);
	memcpy(out + 17, c->unit, strnlen(c->unit, STORE_UNIT_LEN));
	memcpy(out + 25, c->province, 2);
	out[OFF_GROUND] = c->ground;
	put_be32(out + 28, c->flags);
	const int32_t days[] = {c->received,	    c->accepted,      c->settled,
				c->closed,	    c->suspended_since, c->suspended_days};
	for (size_t i = 0; i < 6; i++)
		put_be32(out + 32 + 4 * i, (uint32_t)days[i]);
	for (size_t i = 0; i < STORE_DEADLINES_V1; i++)
		put_be32(out + 56 + 4 * i, (uint32_t)c->deadlines[i]);
	put_be32(out + 76, (uint32_t)c->next_deadline);
	memcpy(out + 80, c->reporter_pk, STORE_PK_LEN);
	out[112] = c->provisional; /* bit k: deadlines[k] is provisional */
	encode_law_bytes(c, out);
	out[OFF_LEVEL] = c->level;
	return STORE_CASE_RECORD_LEN;
}

int store_case_decode(const uint8_t *in, size_t len, struct store_case *out)
{
	if (len != STORE_CASE_RECORD_LEN)
		return TC_ECORRUPT;
	if (in[0] != REC_VERSION)
		return TC_EVERSION;
	if (in[112] >> STORE_DEADLINES || in[OFF_LEVEL] > STORE_LEVEL_MAX)
		return TC_ECORRUPT;
	struct store_case c;
	memset(&c, 0, sizeof(c));
	c.kind = in[1];
	c.identity = in[2];
	c.track = in[3];
	c.category = in[4];
	c.status = in[5];
	c.extensions = in[6];
	c.complexity = in[7];
	c.instance = in[8];
	memcpy(c.case_id, in + 9, STORE_CASE_ID_LEN);
	if (!case_id_is_valid(c.case_id))
		return TC_ECORRUPT;
	/* The unit id: printable, NUL-padded, padding all zero (one encoding per record). */
	memcpy(c.unit, in + 17, STORE_UNIT_LEN);
	size_t ul = strnlen(c.unit, STORE_UNIT_LEN);
	if (ul == 0 || ul == STORE_UNIT_LEN)
		return TC_ECORRUPT;
	for (size_t i = 0; i < STORE_UNIT_LEN; i++)
		if (i < ul ? (c.unit[i] < 0x21 || c.unit[i] > 0x7e) : c.unit[i] != '\0')
			return TC_ECORRUPT;
	memcpy(c.province, in + 25, 2);
	/* The ground: a code, or 0 (none; every record written before schema 6). */
	if (in[OFF_GROUND] > STORE_GROUND_MAX)
		return TC_ECORRUPT;
	c.ground = in[OFF_GROUND];
	c.flags = get_be32(in + 28);
	int32_t *days[] = {&c.received, &c.accepted, &c.settled,
			   &c.closed,	&c.suspended_since, &c.suspended_days};
	for (size_t i = 0; i < 6; i++)
		*days[i] = (int32_t)get_be32(in + 32 + 4 * i);
	for (size_t i = 0; i < STORE_DEADLINES_V1; i++)
		c.deadlines[i] = (int32_t)get_be32(in + 56 + 4 * i);
	c.next_deadline = (int32_t)get_be32(in + 76);
	memcpy(c.reporter_pk, in + 80, STORE_PK_LEN);
	c.provisional = in[112];
	c.level = in[OFF_LEVEL];
	if (decode_law_bytes(in, &c) != TC_OK)
		return TC_ECORRUPT;
	*out = c;
	return TC_OK;
}

/* ---- Idempotency record: case_id(8) day(4) hash(32) len(1) wrapped(64) ---- */

#define IDEM_REC_LEN (8 + 4 + STORE_HASH_LEN + 1 + 64)

/* ---- Completions: on the writer thread, or through an inbox ---- */

struct store_inbox {
	pthread_mutex_t lock;
	struct store_write *head, *tail; /* delivered, not yet drained; guarded by lock */
	void (*wake)(void *arg);
	void *arg;
};

struct store_inbox *store_inbox_new(void (*wake)(void *arg), void *arg)
{
	struct store_inbox *in = calloc(1, sizeof(*in));
	if (in == NULL)
		return NULL;
	pthread_mutex_init(&in->lock, NULL);
	in->wake = wake;
	in->arg = arg;
	return in;
}

void store_inbox_free(struct store_inbox *in)
{
	if (in == NULL)
		return;
	pthread_mutex_destroy(&in->lock);
	free(in);
}

size_t store_inbox_drain(struct store_inbox *in)
{
	/* Take the whole list at once, so a done that queues a new write cannot loop here. */
	pthread_mutex_lock(&in->lock);
	struct store_write *w = in->head;
	in->head = in->tail = NULL;
	pthread_mutex_unlock(&in->lock);
	size_t n = 0;
	for (struct store_write *next; w; w = next, n++) {
		next = w->next; /* done may free w */
		if (w->done)
			w->done(w, w->rc);
	}
	return n;
}

/* Move w and every later write of the batch bound for the same inbox into it. */
static void deliver(struct store_write *w, struct store_write **rest)
{
	struct store_inbox *in = w->inbox;
	struct store_write *keep = NULL, **keep_tail = &keep;
	pthread_mutex_lock(&in->lock);
	for (struct store_write *next; w; w = next) {
		next = w->next;
		if (w->inbox != in) {
			*keep_tail = w;
			keep_tail = &w->next;
			continue;
		}
		w->next = NULL;
		if (in->tail)
			in->tail->next = w;
		else
			in->head = w;
		in->tail = w;
	}
	*keep_tail = NULL;
	pthread_mutex_unlock(&in->lock);
	*rest = keep;
}

/*
 * Complete a finished batch: writes without an inbox here, in order; the
 * others handed to their inboxes, each inbox woken once for the batch
 * (after its lock is released, so wake may drain at once).
 */
static void complete_batch(struct store_write *batch)
{
	struct store_write *with_inbox = NULL, **tail = &with_inbox;
	for (struct store_write *w = batch, *next; w; w = next) {
		next = w->next; /* done may free w */
		if (w->inbox) {
			*tail = w;
			tail = &w->next;
			continue;
		}
		if (w->done)
			w->done(w, w->rc);
	}
	*tail = NULL;
	while (with_inbox) {
		struct store_inbox *in = with_inbox->inbox;
		deliver(with_inbox, &with_inbox);
		in->wake(in->arg);
	}
}

struct waiter {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool woken;
};

static void waiter_wake(void *arg)
{
	struct waiter *wt = arg;
	pthread_mutex_lock(&wt->lock);
	wt->woken = true;
	pthread_cond_signal(&wt->cond);
	pthread_mutex_unlock(&wt->lock);
}

int store_submit_wait(struct store *st, struct store_write *w)
{
	/* A private inbox whose wake is a condition variable: no polling. */
	struct waiter wt = {.woken = false};
	pthread_mutex_init(&wt.lock, NULL);
	pthread_cond_init(&wt.cond, NULL);
	struct store_inbox *in = store_inbox_new(waiter_wake, &wt);
	int rc = in ? TC_OK : TC_ENOMEM;
	if (rc == TC_OK) {
		w->inbox = in;
		rc = store_submit(st, w);
	}
	if (rc == TC_OK) {
		pthread_mutex_lock(&wt.lock);
		while (!wt.woken)
			pthread_cond_wait(&wt.cond, &wt.lock);
		pthread_mutex_unlock(&wt.lock);
		rc = w->rc; /* read before drain: done may free w */
		store_inbox_drain(in);
	}
	store_inbox_free(in);
	pthread_cond_destroy(&wt.cond);
	pthread_mutex_destroy(&wt.lock);
	return rc;
}

/* ---- The writer ---- */

/* The map's use after a commit (or at open): the admission checks read it without a syscall. */
static void update_fill(struct store *st)
{
	MDB_envinfo info;
	MDB_stat stat;
	if (mdb_env_info(st->env, &info) == 0 && mdb_env_stat(st->env, &stat) == 0) {
		double fill = (double)(info.me_last_pgno + 1) * stat.ms_psize / (double)info.me_mapsize;
		atomic_store(&st->fill_ppm, (uint_fast64_t)(fill * 1e6));
		atomic_store(&st->nearly_full, fill >= st->full_ratio);
	}
}

static void run_batch(struct store *st, struct store_write *batch)
{
	MDB_txn *txn = NULL;
	int batch_rc = lmdb_err(mdb_txn_begin(st->env, NULL, 0, &txn));
	int rcs_small[64];
	int *rcs = rcs_small;
	size_t n = 0;
	for (struct store_write *w = batch; w; w = w->next)
		n++;
	if (n > 64) {
		rcs = malloc(n * sizeof(*rcs));
		if (rcs == NULL) {
			batch_rc = TC_ENOMEM;
			rcs = rcs_small;
			n = 0;
		}
	}

	size_t i = 0;
	int kept = 0;
	for (struct store_write *w = batch; w && batch_rc == TC_OK && i < n; w = w->next, i++) {
		/* A nested transaction per write: one failure undoes only itself. */
		MDB_txn *child = NULL;
		int rc = lmdb_err(mdb_txn_begin(st->env, txn, 0, &child));
		if (rc == TC_OK) {
			struct store_txn t = {.txn = child, .st = st};
			rc = w->apply(&t, w);
			if (rc == TC_OK)
				rc = lmdb_err(mdb_txn_commit(child));
			else
				mdb_txn_abort(child);
		}
		rcs[i] = rc;
		kept += rc == TC_OK;
	}
	if (batch_rc == TC_OK) {
		/* The one synced commit for the whole batch (docs/INTERNALS.md §lmdb-group-commit). */
		batch_rc = lmdb_err(mdb_txn_commit(txn));
		txn = NULL;
	}
	if (txn != NULL)
		mdb_txn_abort(txn);
	if (batch_rc == TC_OK) {
		atomic_fetch_add(&st->commits, 1);
		atomic_fetch_add(&st->writes, (uint_fast64_t)kept);
	}

	update_fill(st);

	i = 0;
	for (struct store_write *w = batch; w; w = w->next, i++)
		w->rc = batch_rc != TC_OK ? batch_rc : (i < n ? rcs[i] : TC_ENOMEM);
	if (rcs != rcs_small)
		free(rcs);
	complete_batch(batch);
}

static void *writer_main(void *arg)
{
	struct store *st = arg;

	pthread_mutex_lock(&st->lock);
	for (;;) {
		while (st->head == NULL && !st->stopping)
			pthread_cond_wait(&st->wake, &st->lock);
		if (st->head == NULL)
			break; /* stopping and drained */
		/* Take up to max_batch writes; everything that queued while the
		 * previous batch was syncing goes into this one. */
		struct store_write *batch = st->head, *last = batch;
		unsigned n = 1;
		while (last->next != NULL && n < st->max_batch) {
			last = last->next;
			n++;
		}
		st->head = last->next;
		if (st->head == NULL)
			st->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&st->lock);
		run_batch(st, batch);
		pthread_mutex_lock(&st->lock);
	}
	pthread_mutex_unlock(&st->lock);
	return NULL;
}

int store_submit(struct store *st, struct store_write *w)
{
	if (st->read_only)
		return TC_EINVAL;
	w->next = NULL;
	pthread_mutex_lock(&st->lock);
	if (st->stopping) {
		pthread_mutex_unlock(&st->lock);
		return TC_ESTOPPED;
	}
	if (st->tail)
		st->tail->next = w;
	else
		st->head = w;
	st->tail = w;
	pthread_cond_signal(&st->wake);
	pthread_mutex_unlock(&st->lock);
	return TC_OK;
}

/* ---- Open / close ---- */

static int check_schema(struct store *st)
{
	MDB_txn *txn;
	int rc = lmdb_err(mdb_txn_begin(st->env, NULL, st->read_only ? MDB_RDONLY : 0, &txn));
	if (rc != TC_OK)
		return rc;
	for (int i = 0; i < DB_COUNT && rc == TC_OK; i++)
		rc = lmdb_err(mdb_dbi_open(txn, db_names[i], st->read_only ? 0 : MDB_CREATE,
					   &st->dbi[i]));
	if (rc != TC_OK)
		goto fail;
	MDB_val key = {.mv_size = 6, .mv_data = (void *)"schema"}, val;
	uint8_t ver[4];
	int g = mdb_get(txn, st->dbi[DB_META], &key, &val);
	if (g == MDB_NOTFOUND && !st->read_only) {
		put_be32(ver, STORE_SCHEMA_VERSION);
		val.mv_size = 4;
		val.mv_data = ver;
		rc = lmdb_err(mdb_put(txn, st->dbi[DB_META], &key, &val, 0));
	} else if (g == MDB_SUCCESS) {
		uint32_t have = val.mv_size == 4 ? get_be32(val.mv_data) : 0;
		if (have >= 1 && have < STORE_SCHEMA_VERSION && !st->read_only) {
			/* 2 added the month roll-up of the counters; 3 the flags' new meaning. */
			struct store_txn t = {.txn = txn, .st = st};
			rc = st->upgrade ? st->upgrade(&t, have) : TC_EVERSION;
			put_be32(ver, STORE_SCHEMA_VERSION);
			val.mv_size = 4;
			val.mv_data = ver;
			if (rc == TC_OK)
				rc = lmdb_err(mdb_put(txn, st->dbi[DB_META], &key, &val, 0));
		} else if (have != STORE_SCHEMA_VERSION) {
			rc = TC_EVERSION;
		}
	} else {
		rc = lmdb_err(g);
	}
	if (rc != TC_OK)
		goto fail;
	return lmdb_err(mdb_txn_commit(txn));
fail:
	mdb_txn_abort(txn);
	return rc;
}

/*
 * The owner's lock: LMDB itself lets several processes write one store
 * (its writer lock serialises them), but the daemon's sweep and recompute
 * assume no other writer changes cases under them, so an offline writer
 * and the daemon exclude each other with a flock. TC_EBUSY if held.
 */
static int take_owner_lock(struct store *st, const char *dir)
{
	char path[4096];
	if ((size_t)snprintf(path, sizeof(path), "%s/owner.lock", dir) >= sizeof(path))
		return TC_ERANGE;
	st->owner_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (st->owner_fd < 0)
		return -errno;
	if (flock(st->owner_fd, LOCK_EX | LOCK_NB) != 0)
		return errno == EWOULDBLOCK ? TC_EBUSY : -errno;
	return TC_OK;
}

int store_meta_get(struct store_txn *txn, const char *name, void *buf, size_t cap, size_t *len)
{
	MDB_val key = {.mv_size = strlen(name), .mv_data = (void *)(uintptr_t)name}, val;
	int rc = lmdb_err(mdb_get(txn->txn, txn->st->dbi[DB_META], &key, &val));
	if (rc != TC_OK)
		return rc;
	*len = val.mv_size;
	if (val.mv_size > cap)
		return -ENOBUFS;
	memcpy(buf, val.mv_data, val.mv_size);
	return TC_OK;
}

int store_meta_once(struct store_txn *txn, const char *mark,
		    int (*fill)(struct store_txn *txn, void *arg), void *arg)
{
	uint8_t v[4];
	size_t len;
	int rc = store_meta_get(txn, mark, v, sizeof(v), &len);
	if (rc != TC_ENOENT)
		return rc; /* done before (TC_OK), or the error */
	rc = fill(txn, arg);
	return rc == TC_OK ? store_meta_put(txn, mark, "1", 1) : rc;
}

int store_meta_put(struct store_txn *txn, const char *name, const void *val, size_t len)
{
	if (strcmp(name, "schema") == 0 || name[0] == '\0')
		return TC_EINVAL;
	MDB_val key = {.mv_size = strlen(name), .mv_data = (void *)(uintptr_t)name};
	MDB_val v = {.mv_size = len, .mv_data = (void *)(uintptr_t)val};
	return lmdb_err(mdb_put(txn->txn, txn->st->dbi[DB_META], &key, &v, 0));
}

static int del(struct store_txn *t, int db, const void *k, size_t klen);

int store_meta_del(struct store_txn *txn, const char *name)
{
	if (strcmp(name, "schema") == 0 || name[0] == '\0')
		return TC_EINVAL;
	return del(txn, DB_META, name, strlen(name));
}

int store_meta_walk(struct store_txn *txn, const char *prefix, store_meta_fn fn, void *arg)
{
	size_t plen = strlen(prefix);
	MDB_cursor *cur;
	int rc = lmdb_err(mdb_cursor_open(txn->txn, txn->st->dbi[DB_META], &cur));
	if (rc != TC_OK)
		return rc;
	MDB_val key = {.mv_size = plen, .mv_data = (void *)(uintptr_t)prefix}, val;
	int m = mdb_cursor_get(cur, &key, &val, plen ? MDB_SET_RANGE : MDB_FIRST);
	while (m == MDB_SUCCESS && key.mv_size >= plen && memcmp(key.mv_data, prefix, plen) == 0) {
		if (fn(key.mv_data, key.mv_size, val.mv_data, val.mv_size, arg) != 0)
			break;
		m = mdb_cursor_get(cur, &key, &val, MDB_NEXT);
	}
	if (m != MDB_SUCCESS && m != MDB_NOTFOUND)
		rc = lmdb_err(m);
	mdb_cursor_close(cur);
	return rc;
}

int store_open(const struct store_options *opt, struct store **out)
{
	struct store *st = calloc(1, sizeof(*st));
	if (st == NULL)
		return TC_ENOMEM;
	st->map_size = opt->map_size ? opt->map_size : (size_t)1 << 30;
	st->full_ratio = opt->full_ratio > 0 ? opt->full_ratio : 0.95;
	st->max_batch = opt->max_batch ? opt->max_batch : 512;
	st->read_only = opt->read_only;
	st->upgrade = opt->upgrade;
	st->owner_fd = -1;
	pthread_mutex_init(&st->lock, NULL);
	pthread_cond_init(&st->wake, NULL);

	int rc;
	if (!opt->read_only && mkdir(opt->dir, 0700) != 0 && errno != EEXIST) {
		rc = -errno;
		goto fail;
	}
	if (opt->exclusive && (rc = take_owner_lock(st, opt->dir)) != TC_OK)
		goto fail;
	rc = lmdb_err(mdb_env_create(&st->env));
	if (rc != TC_OK)
		goto fail;
	mdb_env_set_maxdbs(st->env, DB_COUNT + 4);
	mdb_env_set_maxreaders(st->env, 256);
	rc = lmdb_err(mdb_env_set_mapsize(st->env, st->map_size));
	if (rc != TC_OK)
		goto fail;
	/*
	 * MDB_NOTLS: read transactions are not tied to threads' TLS slots.
	 * Sync stays on (no MDB_NOSYNC / MDB_NOMETASYNC): a commit returns only
	 * once durable, which is what makes a 201 honest.
	 */
	unsigned flags = MDB_NOTLS | (opt->read_only ? MDB_RDONLY : 0);
	rc = lmdb_err(mdb_env_open(st->env, opt->dir, flags, 0600));
	if (rc != TC_OK)
		goto fail;
	int dead = 0;
	mdb_reader_check(st->env, &dead);
	rc = check_schema(st);
	if (rc != TC_OK)
		goto fail;
	update_fill(st);
	if (!opt->read_only) {
		if (pthread_create(&st->writer, NULL, writer_main, st) != 0) {
			rc = TC_ENOMEM;
			goto fail;
		}
		st->writer_started = true;
	}
	*out = st;
	return TC_OK;
fail:
	if (st->env)
		mdb_env_close(st->env);
	if (st->owner_fd >= 0)
		close(st->owner_fd);
	pthread_mutex_destroy(&st->lock);
	pthread_cond_destroy(&st->wake);
	free(st);
	return rc;
}

void store_close(struct store *st)
{
	if (st == NULL)
		return;
	pthread_mutex_lock(&st->lock);
	st->stopping = true;
	pthread_cond_signal(&st->wake);
	pthread_mutex_unlock(&st->lock);
	if (st->writer_started)
		pthread_join(st->writer, NULL);
	mdb_env_close(st->env);
	if (st->owner_fd >= 0)
		close(st->owner_fd); /* releases the flock */
	pthread_mutex_destroy(&st->lock);
	pthread_cond_destroy(&st->wake);
	free(st);
}

bool store_is_nearly_full(const struct store *st)
{
	return atomic_load(&st->nearly_full);
}

double store_fill_ratio(const struct store *st)
{
	return (double)atomic_load(&st->fill_ppm) / 1e6;
}

size_t store_map_bytes(const struct store *st)
{
	return st->map_size;
}

void store_stats(struct store *st, struct store_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->commits = atomic_load(&st->commits);
	out->writes = atomic_load(&st->writes);
	MDB_envinfo info;
	MDB_stat stat;
	if (mdb_env_info(st->env, &info) == 0 && mdb_env_stat(st->env, &stat) == 0)
		out->fill = (double)(info.me_last_pgno + 1) * stat.ms_psize / (double)info.me_mapsize;
	MDB_txn *txn;
	if (mdb_txn_begin(st->env, NULL, MDB_RDONLY, &txn) == 0) {
		if (mdb_stat(txn, st->dbi[DB_CASES], &stat) == 0)
			out->cases = stat.ms_entries;
		mdb_txn_abort(txn);
	}
}

void store_maintenance(struct store *st)
{
	int dead = 0;
	mdb_reader_check(st->env, &dead);
}

/* ---- Transactions and records ---- */

int store_read_begin(struct store *st, struct store_txn **out)
{
	struct store_txn *t = malloc(sizeof(*t));
	if (t == NULL)
		return TC_ENOMEM;
	int rc = lmdb_err(mdb_txn_begin(st->env, NULL, MDB_RDONLY, &t->txn));
	if (rc != TC_OK) {
		free(t);
		return rc;
	}
	t->st = st;
	*out = t;
	return TC_OK;
}

void store_read_end(struct store_txn *txn)
{
	if (txn == NULL)
		return;
	mdb_txn_abort(txn->txn);
	free(txn);
}

static int get(struct store_txn *t, int db, const void *k, size_t klen, MDB_val *val)
{
	MDB_val key = {.mv_size = klen, .mv_data = (void *)(uintptr_t)k};
	return lmdb_err(mdb_get(t->txn, t->st->dbi[db], &key, val));
}

static int put(struct store_txn *t, int db, const void *k, size_t klen, const void *v,
	       size_t vlen, unsigned flags)
{
	MDB_val key = {.mv_size = klen, .mv_data = (void *)(uintptr_t)k};
	MDB_val val = {.mv_size = vlen, .mv_data = (void *)(uintptr_t)v};
	return lmdb_err(mdb_put(t->txn, t->st->dbi[db], &key, &val, flags));
}

static int del(struct store_txn *t, int db, const void *k, size_t klen)
{
	MDB_val key = {.mv_size = klen, .mv_data = (void *)(uintptr_t)k};
	int rc = lmdb_err(mdb_del(t->txn, t->st->dbi[db], &key, NULL));
	return rc == TC_ENOENT ? TC_OK : rc;
}

int store_case_get(struct store_txn *txn, const char *case_id, struct store_case *out)
{
	if (strlen(case_id) != STORE_CASE_ID_LEN)
		return TC_ENOENT;
	MDB_val val;
	int rc = get(txn, DB_CASES, case_id, STORE_CASE_ID_LEN, &val);
	if (rc != TC_OK)
		return rc;
	return store_case_decode(val.mv_data, val.mv_size, out);
}

int store_envelope_get(struct store_txn *txn, const char *case_id, const uint8_t **data,
		       size_t *len)
{
	if (strlen(case_id) != STORE_CASE_ID_LEN)
		return TC_ENOENT;
	MDB_val val;
	int rc = get(txn, DB_ENVELOPES, case_id, STORE_CASE_ID_LEN, &val);
	if (rc != TC_OK)
		return rc;
	*data = val.mv_data;
	*len = val.mv_size;
	return TC_OK;
}

int store_receipt_find(struct store_txn *txn, const uint8_t hash[STORE_HASH_LEN],
		       char case_id[STORE_CASE_ID_LEN + 1])
{
	MDB_val val;
	int rc = get(txn, DB_RECEIPTS, hash, STORE_HASH_LEN, &val);
	if (rc != TC_OK)
		return rc;
	if (val.mv_size != STORE_CASE_ID_LEN)
		return TC_ECORRUPT;
	memcpy(case_id, val.mv_data, STORE_CASE_ID_LEN);
	case_id[STORE_CASE_ID_LEN] = '\0';
	return TC_OK;
}

int store_idem_get(struct store_txn *txn, const uint8_t key_hash[STORE_HASH_LEN],
		   struct store_idem *out)
{
	MDB_val val;
	int rc = get(txn, DB_IDEM, key_hash, STORE_HASH_LEN, &val);
	if (rc != TC_OK)
		return rc;
	const uint8_t *p = val.mv_data;
	if (val.mv_size != IDEM_REC_LEN || p[8 + 4 + STORE_HASH_LEN] > 64)
		return TC_ECORRUPT;
	memcpy(out->case_id, p, STORE_CASE_ID_LEN);
	out->case_id[STORE_CASE_ID_LEN] = '\0';
	out->day = (int32_t)get_be32(p + 8);
	memcpy(out->request_hash, p + 12, STORE_HASH_LEN);
	out->wrapped_len = p[12 + STORE_HASH_LEN];
	memcpy(out->wrapped_receipt, p + 13 + STORE_HASH_LEN, 64);
	return TC_OK;
}

int store_idem_put(struct store_txn *txn, const uint8_t key_hash[STORE_HASH_LEN],
		   const struct store_idem *idem, bool replace)
{
	uint8_t rec[IDEM_REC_LEN] = {0};
	if (idem->wrapped_len > 64)
		return TC_EINVAL;
	memcpy(rec, idem->case_id, STORE_CASE_ID_LEN);
	put_be32(rec + 8, (uint32_t)idem->day);
	memcpy(rec + 12, idem->request_hash, STORE_HASH_LEN);
	rec[12 + STORE_HASH_LEN] = idem->wrapped_len;
	memcpy(rec + 13 + STORE_HASH_LEN, idem->wrapped_receipt, idem->wrapped_len);
	return put(txn, DB_IDEM, key_hash, STORE_HASH_LEN, rec, sizeof(rec),
		   replace ? 0 : MDB_NOOVERWRITE);
}

int store_receipt_put(struct store_txn *txn, const uint8_t hash[STORE_HASH_LEN],
		      const char *case_id)
{
	return put(txn, DB_RECEIPTS, hash, STORE_HASH_LEN, case_id, STORE_CASE_ID_LEN,
		   MDB_NOOVERWRITE);
}

int store_envelope_put(struct store_txn *txn, const char *case_id, const uint8_t *data,
		       size_t len)
{
	if (!case_id_is_valid(case_id))
		return TC_EINVAL;
	return put(txn, DB_ENVELOPES, case_id, STORE_CASE_ID_LEN, data, len, 0);
}

int store_case_put(struct store_txn *txn, const struct store_case *c, bool create)
{
	if (!case_id_is_valid(c->case_id) || c->unit[0] == '\0' ||
	    memchr(c->unit, '\0', STORE_UNIT_LEN) == NULL)
		return TC_EINVAL;
	struct store_case old;
	int rc = store_case_get(txn, c->case_id, &old);
	if (rc == TC_OK && create)
		return TC_EEXIST;
	if (rc != TC_OK && rc != TC_ENOENT)
		return rc;
	bool had = rc == TC_OK;

	uint8_t k_old[UNIT_KEY_LEN], k_new[UNIT_KEY_LEN];
	uint8_t d_old[DUE_KEY_LEN], d_new[DUE_KEY_LEN];
	unit_key(k_new, c);
	due_key(d_new, c);
	/* Keep each index in step: drop the old entry when its key changed. */
	if (had) {
		unit_key(k_old, &old);
		due_key(d_old, &old);
		if (memcmp(k_old, k_new, UNIT_KEY_LEN) != 0 &&
		    (rc = del(txn, DB_BY_UNIT, k_old, UNIT_KEY_LEN)) != TC_OK)
			return rc;
		if (old.next_deadline != STORE_DAY_NONE &&
		    (c->next_deadline == STORE_DAY_NONE || memcmp(d_old, d_new, DUE_KEY_LEN) != 0) &&
		    (rc = del(txn, DB_BY_DUE, d_old, DUE_KEY_LEN)) != TC_OK)
			return rc;
	}
	uint8_t rec[STORE_CASE_RECORD_LEN];
	store_case_encode(c, rec);
	rc = put(txn, DB_CASES, c->case_id, STORE_CASE_ID_LEN, rec, sizeof(rec), 0);
	if (rc == TC_OK)
		rc = put(txn, DB_BY_UNIT, k_new, UNIT_KEY_LEN, "", 0, 0);
	if (rc == TC_OK && c->next_deadline != STORE_DAY_NONE)
		rc = put(txn, DB_BY_DUE, d_new, DUE_KEY_LEN, "", 0, 0);
	return rc;
}

int store_unit_cases(struct store_txn *txn, const char *unit, const char *cursor,
		     store_case_fn fn, void *arg)
{
	uint8_t prefix[STORE_UNIT_LEN] = {0};
	size_t ulen = strlen(unit);
	if (ulen == 0 || ulen >= STORE_UNIT_LEN)
		return TC_EINVAL;
	memcpy(prefix, unit, ulen);

	/* Position just past the unit's range (or at the cursor) and walk back. */
	uint8_t start[UNIT_KEY_LEN];
	if (cursor != NULL) {
		struct store_case at;
		int rc = store_case_get(txn, cursor, &at);
		if (rc != TC_OK)
			return rc;
		if (strcmp(at.unit, unit) != 0)
			return TC_ENOENT;
		unit_key(start, &at);
	} else {
		memcpy(start, prefix, STORE_UNIT_LEN);
		memset(start + STORE_UNIT_LEN, 0xff, UNIT_KEY_LEN - STORE_UNIT_LEN);
	}
	MDB_cursor *cur;
	int rc = lmdb_err(mdb_cursor_open(txn->txn, txn->st->dbi[DB_BY_UNIT], &cur));
	if (rc != TC_OK)
		return rc;
	MDB_val key = {.mv_size = UNIT_KEY_LEN, .mv_data = start}, val;
	int m = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE);
	/* SET_RANGE lands on the first key >= start: step back once to get below it. */
	if (m == MDB_NOTFOUND)
		m = mdb_cursor_get(cur, &key, &val, MDB_LAST);
	else if (m == MDB_SUCCESS)
		m = mdb_cursor_get(cur, &key, &val, MDB_PREV);
	rc = TC_OK;
	while (m == MDB_SUCCESS) {
		if (key.mv_size != UNIT_KEY_LEN || memcmp(key.mv_data, prefix, STORE_UNIT_LEN) != 0)
			break;
		char id[STORE_CASE_ID_LEN + 1];
		memcpy(id, (const uint8_t *)key.mv_data + STORE_UNIT_LEN + 4, STORE_CASE_ID_LEN);
		id[STORE_CASE_ID_LEN] = '\0';
		struct store_case c;
		rc = store_case_get(txn, id, &c);
		if (rc != TC_OK)
			break;
		if (fn(&c, arg) != 0)
			break;
		m = mdb_cursor_get(cur, &key, &val, MDB_PREV);
	}
	if (rc == TC_OK && m != MDB_SUCCESS && m != MDB_NOTFOUND)
		rc = lmdb_err(m);
	mdb_cursor_close(cur);
	return rc;
}

int store_due_cases(struct store_txn *txn, int32_t until, store_case_fn fn, void *arg)
{
	MDB_cursor *cur;
	int rc = lmdb_err(mdb_cursor_open(txn->txn, txn->st->dbi[DB_BY_DUE], &cur));
	if (rc != TC_OK)
		return rc;
	MDB_val key, val;
	int m = mdb_cursor_get(cur, &key, &val, MDB_FIRST);
	while (m == MDB_SUCCESS) {
		if (key.mv_size != DUE_KEY_LEN) {
			rc = TC_ECORRUPT;
			break;
		}
		if (get_day_key(key.mv_data) > until)
			break;
		char id[STORE_CASE_ID_LEN + 1];
		memcpy(id, (const uint8_t *)key.mv_data + 4, STORE_CASE_ID_LEN);
		id[STORE_CASE_ID_LEN] = '\0';
		struct store_case c;
		rc = store_case_get(txn, id, &c);
		if (rc != TC_OK || fn(&c, arg) != 0)
			break;
		m = mdb_cursor_get(cur, &key, &val, MDB_NEXT);
	}
	if (rc == TC_OK && m != MDB_SUCCESS && m != MDB_NOTFOUND)
		rc = lmdb_err(m);
	mdb_cursor_close(cur);
	return rc;
}

/* ---- Attachments ---- */

static void att_key(uint8_t key[STORE_CASE_ID_LEN + 2], const char *case_id, unsigned index)
{
	memcpy(key, case_id, STORE_CASE_ID_LEN);
	key[STORE_CASE_ID_LEN] = (uint8_t)(index >> 8);
	key[STORE_CASE_ID_LEN + 1] = (uint8_t)index;
}

int store_attachment_put(struct store_txn *txn, const char *case_id, unsigned index,
			 const uint8_t *data, size_t len)
{
	if (!case_id_is_valid(case_id) || index > 0xffff)
		return TC_EINVAL;
	uint8_t key[STORE_CASE_ID_LEN + 2];
	att_key(key, case_id, index);
	return put(txn, DB_ATTACHMENTS, key, sizeof(key), data, len, MDB_NOOVERWRITE);
}

int store_attachment_get(struct store_txn *txn, const char *case_id, unsigned index,
			 const uint8_t **data, size_t *len)
{
	if (strlen(case_id) != STORE_CASE_ID_LEN || index > 0xffff)
		return TC_ENOENT;
	uint8_t key[STORE_CASE_ID_LEN + 2];
	att_key(key, case_id, index);
	MDB_val val;
	int rc = get(txn, DB_ATTACHMENTS, key, sizeof(key), &val);
	if (rc == TC_OK) {
		*data = val.mv_data;
		*len = val.mv_size;
	}
	return rc;
}

/* Walk the keys of db that start with the case id. */
typedef int (*prefix_fn)(const MDB_val *key, const MDB_val *val, void *arg);

static int walk_case_prefix(struct store_txn *txn, int db, const char *case_id, prefix_fn fn,
			    void *arg)
{
	if (strlen(case_id) != STORE_CASE_ID_LEN)
		return TC_ENOENT;
	MDB_cursor *cur;
	int rc = lmdb_err(mdb_cursor_open(txn->txn, txn->st->dbi[db], &cur));
	if (rc != TC_OK)
		return rc;
	MDB_val key = {.mv_size = STORE_CASE_ID_LEN, .mv_data = (void *)(uintptr_t)case_id}, val;
	int m = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE);
	while (m == MDB_SUCCESS && key.mv_size > STORE_CASE_ID_LEN &&
	       memcmp(key.mv_data, case_id, STORE_CASE_ID_LEN) == 0) {
		rc = fn(&key, &val, arg);
		if (rc != 0)
			break;
		m = mdb_cursor_get(cur, &key, &val, MDB_NEXT);
	}
	if (rc == 0 && m != MDB_SUCCESS && m != MDB_NOTFOUND)
		rc = lmdb_err(m);
	mdb_cursor_close(cur);
	return rc > 0 ? TC_OK : rc;
}

/*
 * The next sequence number under a case's prefix (keys case id ‖ u32 seq,
 * from 0, never deleted): one past the last key's, found by seeking just
 * past the prefix and stepping back — no walk over the case's entries.
 */
static int next_seq(struct store_txn *txn, int db, const char *case_id, unsigned *n)
{
	MDB_cursor *cur;
	int rc = lmdb_err(mdb_cursor_open(txn->txn, txn->st->dbi[db], &cur));
	if (rc != TC_OK)
		return rc;
	uint8_t past[STORE_CASE_ID_LEN + 5];
	memcpy(past, case_id, STORE_CASE_ID_LEN);
	memset(past + STORE_CASE_ID_LEN, 0xFF, 5); /* after every seq of this case */
	MDB_val key = {.mv_size = sizeof(past), .mv_data = past}, val;
	int m = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE);
	m = m == MDB_SUCCESS ? mdb_cursor_get(cur, &key, &val, MDB_PREV)
	    : m == MDB_NOTFOUND ? mdb_cursor_get(cur, &key, &val, MDB_LAST) : m;
	*n = 0;
	if (m == MDB_SUCCESS && key.mv_size == STORE_CASE_ID_LEN + 4 &&
	    memcmp(key.mv_data, case_id, STORE_CASE_ID_LEN) == 0)
		*n = get_be32((const uint8_t *)key.mv_data + STORE_CASE_ID_LEN) + 1;
	else if (m != MDB_SUCCESS && m != MDB_NOTFOUND)
		rc = lmdb_err(m);
	mdb_cursor_close(cur);
	return rc;
}

static int count_fn(const MDB_val *key, const MDB_val *val, void *arg)
{
	(void)key;
	(void)val;
	(*(unsigned *)arg)++;
	return 0;
}

int store_attachment_count(struct store_txn *txn, const char *case_id, unsigned *n)
{
	*n = 0;
	return walk_case_prefix(txn, DB_ATTACHMENTS, case_id, count_fn, n);
}

/* ---- Messages ---- */

#define MSG_KEY_LEN (STORE_CASE_ID_LEN + 4)

int store_message_append(struct store_txn *txn, const char *case_id,
			 const struct store_message *m, uint32_t *seq)
{
	if (!case_id_is_valid(case_id) || m->for_reporter_len > STORE_MESSAGE_MAX ||
	    m->for_unit_len > STORE_MESSAGE_UNIT_MAX)
		return TC_EINVAL;
	unsigned n = 0;
	int rc = next_seq(txn, DB_MESSAGES, case_id, &n);
	if (rc != TC_OK)
		return rc;
	if (n >= STORE_MESSAGES_MAX)
		return TC_ERANGE;
	size_t len = 1 + 4 + 4 + m->for_reporter_len + 4 + m->for_unit_len;
	uint8_t *rec = malloc(len);
	if (rec == NULL)
		return TC_ENOMEM;
	rec[0] = m->from;
	put_be32(rec + 1, (uint32_t)m->day);
	put_be32(rec + 5, (uint32_t)m->for_reporter_len);
	if (m->for_reporter_len)
		memcpy(rec + 9, m->for_reporter, m->for_reporter_len);
	put_be32(rec + 9 + m->for_reporter_len, (uint32_t)m->for_unit_len);
	if (m->for_unit_len)
		memcpy(rec + 13 + m->for_reporter_len, m->for_unit, m->for_unit_len);
	uint8_t key[MSG_KEY_LEN];
	memcpy(key, case_id, STORE_CASE_ID_LEN);
	put_be32(key + STORE_CASE_ID_LEN, n); /* messages are never deleted: n is the next */
	rc = put(txn, DB_MESSAGES, key, sizeof(key), rec, len, MDB_NOOVERWRITE);
	free(rec);
	if (rc == TC_OK)
		*seq = n;
	return rc;
}

struct msg_walk {
	store_message_fn fn;
	void *arg;
};

static int message_fn(const MDB_val *key, const MDB_val *val, void *arg)
{
	struct msg_walk *w = arg;
	const uint8_t *p = val->mv_data;
	size_t len = val->mv_size;
	if (key->mv_size != MSG_KEY_LEN || len < 13)
		return TC_ECORRUPT;
	struct store_message m = {.from = p[0], .day = (int32_t)get_be32(p + 1)};
	m.for_reporter_len = get_be32(p + 5);
	if (m.for_reporter_len > len - 13)
		return TC_ECORRUPT;
	m.for_reporter = p + 9;
	m.for_unit_len = get_be32(p + 9 + m.for_reporter_len);
	if (m.for_unit_len != len - 13 - m.for_reporter_len)
		return TC_ECORRUPT;
	m.for_unit = p + 13 + m.for_reporter_len;
	if (m.from != STORE_MSG_FROM_UNIT && m.from != STORE_MSG_FROM_REPORTER &&
	    m.from != STORE_MSG_NOTE && m.from != STORE_MSG_FROM_UNIT_SIGNED)
		return TC_ECORRUPT;
	int stop = w->fn(get_be32((const uint8_t *)key->mv_data + STORE_CASE_ID_LEN), &m, w->arg);
	return stop ? 1 : 0;
}

int store_messages(struct store_txn *txn, const char *case_id, store_message_fn fn, void *arg)
{
	struct msg_walk w = {.fn = fn, .arg = arg};
	return walk_case_prefix(txn, DB_MESSAGES, case_id, message_fn, &w);
}

/* ---- The audit log ---- */

static void put_be64(uint8_t *p, uint64_t v)
{
	put_be32(p, (uint32_t)(v >> 32));
	put_be32(p + 4, (uint32_t)v);
}

static uint64_t get_be64(const uint8_t *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

void store_audit_body(const struct store_audit *e, uint8_t out[STORE_AUDIT_BODY_LEN])
{
	memset(out, 0, STORE_AUDIT_BODY_LEN);
	out[0] = 1; /* entry version */
	put_be64(out + 1, e->seq);
	out[9] = e->kind;
	put_be32(out + 10, (uint32_t)e->day);
	memcpy(out + 14, e->actor, 32);
	memcpy(out + 46, e->case_id, strnlen(e->case_id, STORE_CASE_ID_LEN));
	memcpy(out + 54, e->detail, strnlen(e->detail, STORE_AUDIT_DETAIL));
	memcpy(out + 70, e->prev, STORE_HASH_LEN);
}

static int audit_decode(const MDB_val *key, const MDB_val *val, struct store_audit *e)
{
	const uint8_t *p = val->mv_data;
	if (key->mv_size != 8 || val->mv_size != STORE_AUDIT_BODY_LEN + STORE_HASH_LEN || p[0] != 1)
		return TC_ECORRUPT;
	memset(e, 0, sizeof(*e));
	e->seq = get_be64(p + 1);
	e->kind = p[9];
	e->day = (int32_t)get_be32(p + 10);
	memcpy(e->actor, p + 14, 32);
	memcpy(e->case_id, p + 46, STORE_CASE_ID_LEN);
	memcpy(e->detail, p + 54, STORE_AUDIT_DETAIL);
	memcpy(e->prev, p + 70, STORE_HASH_LEN);
	memcpy(e->hash, p + STORE_AUDIT_BODY_LEN, STORE_HASH_LEN);
	/* The key is the sequence number, and must say the same as the body. */
	return get_be64(key->mv_data) == e->seq ? TC_OK : TC_ECORRUPT;
}

int store_audit_append(struct store_txn *txn, struct store_audit *e, store_hash_fn hash)
{
	MDB_cursor *cur;
	int rc = lmdb_err(mdb_cursor_open(txn->txn, txn->st->dbi[DB_AUDIT], &cur));
	if (rc != TC_OK)
		return rc;
	MDB_val key, val;
	int m = mdb_cursor_get(cur, &key, &val, MDB_LAST);
	if (m == MDB_SUCCESS) {
		struct store_audit last;
		rc = audit_decode(&key, &val, &last);
		if (rc == TC_OK) {
			e->seq = last.seq + 1;
			memcpy(e->prev, last.hash, STORE_HASH_LEN);
		}
	} else if (m == MDB_NOTFOUND) {
		e->seq = 0;
		memset(e->prev, 0, STORE_HASH_LEN);
	} else {
		rc = lmdb_err(m);
	}
	mdb_cursor_close(cur);
	if (rc != TC_OK)
		return rc;
	uint8_t rec[STORE_AUDIT_BODY_LEN + STORE_HASH_LEN], k[8];
	store_audit_body(e, rec);
	hash(rec, STORE_AUDIT_BODY_LEN, e->hash);
	memcpy(rec + STORE_AUDIT_BODY_LEN, e->hash, STORE_HASH_LEN);
	put_be64(k, e->seq);
	return put(txn, DB_AUDIT, k, sizeof(k), rec, sizeof(rec), MDB_NOOVERWRITE);
}

int store_audit_get(struct store_txn *txn, uint64_t seq, struct store_audit *out)
{
	uint8_t k[8];
	put_be64(k, seq);
	MDB_val key = {.mv_size = sizeof(k), .mv_data = k}, val;
	int rc = lmdb_err(mdb_get(txn->txn, txn->st->dbi[DB_AUDIT], &key, &val));
	return rc == TC_OK ? audit_decode(&key, &val, out) : rc;
}

int store_audit_walk(struct store_txn *txn, store_audit_fn fn, void *arg)
{
	MDB_cursor *cur;
	int rc = lmdb_err(mdb_cursor_open(txn->txn, txn->st->dbi[DB_AUDIT], &cur));
	if (rc != TC_OK)
		return rc;
	MDB_val key, val;
	int m = mdb_cursor_get(cur, &key, &val, MDB_FIRST);
	while (m == MDB_SUCCESS && rc == TC_OK) {
		struct store_audit e;
		rc = audit_decode(&key, &val, &e);
		if (rc == TC_OK && fn(&e, arg) != 0)
			break;
		m = mdb_cursor_get(cur, &key, &val, MDB_NEXT);
	}
	if (rc == TC_OK && m != MDB_SUCCESS && m != MDB_NOTFOUND)
		rc = lmdb_err(m);
	mdb_cursor_close(cur);
	return rc;
}

int store_all_cases(struct store_txn *txn, store_case_fn fn, void *arg)
{
	MDB_cursor *cur;
	int rc = lmdb_err(mdb_cursor_open(txn->txn, txn->st->dbi[DB_CASES], &cur));
	if (rc != TC_OK)
		return rc;
	MDB_val key, val;
	int m = mdb_cursor_get(cur, &key, &val, MDB_FIRST);
	while (m == MDB_SUCCESS && rc == TC_OK) {
		struct store_case c;
		rc = store_case_decode(val.mv_data, val.mv_size, &c);
		if (rc == TC_OK && (key.mv_size != STORE_CASE_ID_LEN ||
				    memcmp(key.mv_data, c.case_id, STORE_CASE_ID_LEN) != 0))
			rc = TC_ECORRUPT;
		if (rc == TC_OK && fn(&c, arg) != 0)
			break;
		m = mdb_cursor_get(cur, &key, &val, MDB_NEXT);
	}
	if (rc == TC_OK && m != MDB_SUCCESS && m != MDB_NOTFOUND)
		rc = lmdb_err(m);
	mdb_cursor_close(cur);
	return rc;
}

int store_case_indexed(struct store_txn *txn, const struct store_case *c)
{
	uint8_t uk[UNIT_KEY_LEN], dk[DUE_KEY_LEN];
	MDB_val val;
	unit_key(uk, c);
	int rc = get(txn, DB_BY_UNIT, uk, sizeof(uk), &val);
	if (rc == TC_OK && c->next_deadline != STORE_DAY_NONE) {
		due_key(dk, c);
		rc = get(txn, DB_BY_DUE, dk, sizeof(dk), &val);
	}
	return rc == TC_ENOENT ? TC_ECORRUPT : rc;
}

/* ---- Timelines ---- */

#define EVENT_LEN (4 + 1 + STORE_AUDIT_DETAIL)

int store_event_append(struct store_txn *txn, const char *case_id, int32_t day, uint8_t kind,
		       const char *detail)
{
	if (!case_id_is_valid(case_id))
		return TC_EINVAL;
	unsigned n = 0;
	int rc = next_seq(txn, DB_EVENTS, case_id, &n);
	if (rc != TC_OK)
		return rc;
	uint8_t key[STORE_CASE_ID_LEN + 4], val[EVENT_LEN] = {0};
	memcpy(key, case_id, STORE_CASE_ID_LEN);
	put_be32(key + STORE_CASE_ID_LEN, n);
	put_be32(val, (uint32_t)day);
	val[4] = kind;
	if (detail)
		memcpy(val + 5, detail, strnlen(detail, STORE_AUDIT_DETAIL));
	return put(txn, DB_EVENTS, key, sizeof(key), val, sizeof(val), MDB_NOOVERWRITE);
}

struct event_walk {
	store_event_fn fn;
	void *arg;
};

static int event_fn(const MDB_val *key, const MDB_val *val, void *arg)
{
	struct event_walk *w = arg;
	if (key->mv_size != STORE_CASE_ID_LEN + 4 || val->mv_size != EVENT_LEN)
		return TC_ECORRUPT;
	const uint8_t *p = val->mv_data;
	struct store_event e = {.seq = get_be32((const uint8_t *)key->mv_data + STORE_CASE_ID_LEN),
				.day = (int32_t)get_be32(p), .kind = p[4]};
	memcpy(e.detail, p + 5, STORE_AUDIT_DETAIL);
	return w->fn(&e, w->arg) ? 1 : 0;
}

int store_events(struct store_txn *txn, const char *case_id, store_event_fn fn, void *arg)
{
	struct event_walk w = {.fn = fn, .arg = arg};
	return walk_case_prefix(txn, DB_EVENTS, case_id, event_fn, &w);
}

/* ---- Counters (cases/case_counts.c gives them meaning) ---- */

void store_put_day_key(uint8_t p[4], int32_t day)
{
	put_day_key(p, day);
}

int32_t store_get_day_key(const uint8_t p[4])
{
	return get_day_key(p);
}

int store_count_add(struct store_txn *txn, const uint8_t *key, size_t len, int64_t delta)
{
	MDB_val val;
	int64_t n = 0;
	int rc = get(txn, DB_COUNTS, key, len, &val);
	if (rc == TC_OK) {
		if (val.mv_size != 8)
			return TC_ECORRUPT;
		const uint8_t *p = val.mv_data;
		n = (int64_t)((uint64_t)get_be32(p) << 32 | get_be32(p + 4));
	} else if (rc != TC_ENOENT) {
		return rc;
	}
	n += delta;
	uint8_t out[8];
	put_be32(out, (uint32_t)((uint64_t)n >> 32));
	put_be32(out + 4, (uint32_t)(uint64_t)n);
	return put(txn, DB_COUNTS, key, len, out, sizeof(out), 0);
}

int store_count_rollup(struct store_txn *txn, uint8_t from_kind, uint8_t to_kind, size_t len,
		       int32_t (*day_to_bucket)(int32_t day))
{
	/*
	 * Collect first, then add: the roll-up keys land in the same database
	 * the cursor walks.
	 */
	struct item {
		uint8_t key[32];
		int64_t n;
	} *items = NULL;
	size_t n_items = 0, cap = 0;
	if (len > sizeof(items->key))
		return TC_EINVAL;
	MDB_cursor *cur;
	int rc = lmdb_err(mdb_cursor_open(txn->txn, txn->st->dbi[DB_COUNTS], &cur));
	if (rc != TC_OK)
		return rc;
	uint8_t first = from_kind;
	MDB_val key = {.mv_size = 1, .mv_data = &first}, val;
	int m = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE);
	for (; m == MDB_SUCCESS; m = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
		const uint8_t *k = key.mv_data, *p = val.mv_data;
		if (key.mv_size == 0 || k[0] != from_kind)
			break;
		if (key.mv_size != len || val.mv_size != 8) {
			rc = TC_ECORRUPT;
			break;
		}
		if (n_items == cap) {
			cap = cap ? cap * 2 : 1024;
			struct item *bigger = realloc(items, cap * sizeof(*items));
			if (bigger == NULL) {
				rc = TC_ENOMEM;
				break;
			}
			items = bigger;
		}
		struct item *it = &items[n_items++];
		memcpy(it->key, k, len);
		it->key[0] = to_kind;
		put_day_key(it->key + 1, day_to_bucket(get_day_key(k + 1)));
		it->n = (int64_t)((uint64_t)get_be32(p) << 32 | get_be32(p + 4));
	}
	if (rc == TC_OK && m != MDB_SUCCESS && m != MDB_NOTFOUND)
		rc = lmdb_err(m);
	mdb_cursor_close(cur);
	for (size_t i = 0; rc == TC_OK && i < n_items; i++)
		rc = store_count_add(txn, items[i].key, len, items[i].n);
	free(items);
	return rc;
}

int store_count_drop(struct store_txn *txn, uint8_t kind)
{
	MDB_cursor *cur;
	int rc = lmdb_err(mdb_cursor_open(txn->txn, txn->st->dbi[DB_COUNTS], &cur));
	if (rc != TC_OK)
		return rc;
	MDB_val key = {.mv_size = 1, .mv_data = &kind}, val;
	int m = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE);
	while (m == MDB_SUCCESS && key.mv_size > 0 && ((const uint8_t *)key.mv_data)[0] == kind) {
		if ((m = mdb_cursor_del(cur, 0)) != MDB_SUCCESS)
			break;
		/* Seek again rather than trust the cursor's position after a delete. */
		key = (MDB_val){.mv_size = 1, .mv_data = &kind};
		m = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE);
	}
	if (m != MDB_SUCCESS && m != MDB_NOTFOUND)
		rc = lmdb_err(m);
	mdb_cursor_close(cur);
	return rc;
}

int store_count_walk(struct store_txn *txn, const uint8_t *start, size_t len,
		     const uint8_t end_day[4], store_counter_fn fn, void *arg)
{
	MDB_cursor *cur;
	int rc = lmdb_err(mdb_cursor_open(txn->txn, txn->st->dbi[DB_COUNTS], &cur));
	if (rc != TC_OK)
		return rc;
	MDB_val key = {.mv_size = len, .mv_data = (void *)(uintptr_t)start}, val;
	int m = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE);
	while (m == MDB_SUCCESS) {
		const uint8_t *k = key.mv_data;
		if (key.mv_size != len || k[0] != start[0] || memcmp(k + 1, end_day, 4) > 0)
			break;
		if (val.mv_size != 8) {
			rc = TC_ECORRUPT;
			break;
		}
		const uint8_t *p = val.mv_data;
		int64_t n = (int64_t)((uint64_t)get_be32(p) << 32 | get_be32(p + 4));
		if (fn(k, len, n, arg) != 0)
			break;
		m = mdb_cursor_get(cur, &key, &val, MDB_NEXT);
	}
	if (rc == TC_OK && m != MDB_SUCCESS && m != MDB_NOTFOUND)
		rc = lmdb_err(m);
	mdb_cursor_close(cur);
	return rc;
}

/* ---- Deletion (retention) and compaction ---- */

/* Delete every key of db that starts with the case id (cursor deletes, no walk twice). */
static int del_case_prefix(struct store_txn *txn, int db, const char *case_id)
{
	MDB_cursor *cur;
	int rc = lmdb_err(mdb_cursor_open(txn->txn, txn->st->dbi[db], &cur));
	if (rc != TC_OK)
		return rc;
	MDB_val key = {.mv_size = STORE_CASE_ID_LEN, .mv_data = (void *)(uintptr_t)case_id}, val;
	int m = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE);
	while (m == MDB_SUCCESS && key.mv_size >= STORE_CASE_ID_LEN &&
	       memcmp(key.mv_data, case_id, STORE_CASE_ID_LEN) == 0) {
		if ((m = mdb_cursor_del(cur, 0)) != MDB_SUCCESS)
			break;
		/* Seek again rather than trust the cursor's position after a delete. */
		key.mv_size = STORE_CASE_ID_LEN;
		key.mv_data = (void *)(uintptr_t)case_id;
		m = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE);
	}
	if (m != MDB_SUCCESS && m != MDB_NOTFOUND)
		rc = lmdb_err(m);
	mdb_cursor_close(cur);
	return rc;
}

static bool listed(const char (*ids)[STORE_CASE_ID_LEN + 1], size_t n, const void *id)
{
	for (size_t i = 0; i < n; i++)
		if (memcmp(ids[i], id, STORE_CASE_ID_LEN) == 0)
			return true;
	return false;
}

/* Receipts and idempotency entries point to a case by value: one pass over each. */
static int del_pointers(struct store_txn *txn, int db, const char (*ids)[STORE_CASE_ID_LEN + 1],
			size_t n)
{
	MDB_cursor *cur;
	int rc = lmdb_err(mdb_cursor_open(txn->txn, txn->st->dbi[db], &cur));
	if (rc != TC_OK)
		return rc;
	MDB_val key, val;
	int m = mdb_cursor_get(cur, &key, &val, MDB_FIRST);
	while (m == MDB_SUCCESS) {
		if (val.mv_size >= STORE_CASE_ID_LEN && listed(ids, n, val.mv_data) &&
		    key.mv_size == STORE_HASH_LEN) {
			uint8_t at[STORE_HASH_LEN];
			memcpy(at, key.mv_data, STORE_HASH_LEN);
			if ((m = mdb_cursor_del(cur, 0)) != MDB_SUCCESS)
				break;
			/* The next key is the first one at or after the deleted one. */
			key.mv_size = STORE_HASH_LEN;
			key.mv_data = at;
			m = mdb_cursor_get(cur, &key, &val, MDB_SET_RANGE);
			continue;
		}
		m = mdb_cursor_get(cur, &key, &val, MDB_NEXT);
	}
	if (m != MDB_SUCCESS && m != MDB_NOTFOUND)
		rc = lmdb_err(m);
	mdb_cursor_close(cur);
	return rc;
}

static int purge_one(struct store_txn *txn, const char *id)
{
	struct store_case c;
	int rc = store_case_get(txn, id, &c);
	if (rc != TC_OK)
		return rc;
	uint8_t k[UNIT_KEY_LEN], d[DUE_KEY_LEN];
	unit_key(k, &c);
	due_key(d, &c);
	rc = del(txn, DB_BY_UNIT, k, UNIT_KEY_LEN);
	if (rc == TC_OK && c.next_deadline != STORE_DAY_NONE)
		rc = del(txn, DB_BY_DUE, d, DUE_KEY_LEN);
	static const int per_case[] = {DB_ENVELOPES, DB_ATTACHMENTS, DB_MESSAGES, DB_EVENTS,
				       DB_CASES};
	for (size_t i = 0; rc == TC_OK && i < sizeof(per_case) / sizeof(per_case[0]); i++)
		rc = del_case_prefix(txn, per_case[i], id);
	return rc;
}

int store_cases_purge(struct store_txn *txn, const char (*ids)[STORE_CASE_ID_LEN + 1], size_t n)
{
	int rc = TC_OK;
	for (size_t i = 0; rc == TC_OK && i < n; i++)
		rc = case_id_is_valid(ids[i]) ? purge_one(txn, ids[i]) : TC_EINVAL;
	if (rc == TC_OK && n > 0)
		rc = del_pointers(txn, DB_RECEIPTS, ids, n);
	if (rc == TC_OK && n > 0)
		rc = del_pointers(txn, DB_IDEM, ids, n);
	return rc;
}

/*
 * Copy the live pages only (MDB_CP_COMPACT) into DIR/data.mdb.compact,
 * sync it, and rename it over DIR/data.mdb: the freed pages, which LMDB
 * reuses but never clears, are not in the new file. Under the owner's lock,
 * so the daemon (which holds it) cannot be running.
 */
int store_compact(const char *dir, size_t map_size, uint64_t *before, uint64_t *after)
{
	char path[4096], tmp[4096];
	if ((size_t)snprintf(path, sizeof(path), "%s/data.mdb", dir) >= sizeof(path) ||
	    (size_t)snprintf(tmp, sizeof(tmp), "%s/data.mdb.compact", dir) >= sizeof(tmp))
		return TC_ERANGE;
	struct store_options o = {.dir = dir, .map_size = map_size, .read_only = true,
				  .exclusive = true};
	struct store *st;
	int rc = store_open(&o, &st);
	if (rc != TC_OK)
		return rc;
	struct stat sb;
	*before = stat(path, &sb) == 0 ? (uint64_t)sb.st_size : 0;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	rc = fd < 0 ? -errno : lmdb_err(mdb_env_copyfd2(st->env, fd, MDB_CP_COMPACT));
	if (fd >= 0 && rc == TC_OK && fsync(fd) != 0)
		rc = -errno;
	if (fd >= 0)
		close(fd);
	if (rc == TC_OK && rename(tmp, path) != 0)
		rc = -errno;
	int dfd = rc == TC_OK ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	if (dfd >= 0) {
		if (fsync(dfd) != 0)
			rc = -errno;
		close(dfd);
	}
	if (rc != TC_OK)
		unlink(tmp);
	*after = rc == TC_OK && stat(path, &sb) == 0 ? (uint64_t)sb.st_size : 0;
	store_close(st);
	return rc;
}

int store_schema_read(const char *dir, uint32_t *version)
{
	MDB_env *env;
	MDB_txn *txn = NULL;
	MDB_dbi meta;
	MDB_val key = {.mv_size = 6, .mv_data = (void *)"schema"}, val;
	int rc = lmdb_err(mdb_env_create(&env));
	if (rc != TC_OK)
		return rc;
	mdb_env_set_maxdbs(env, DB_COUNT + 4);
	rc = lmdb_err(mdb_env_open(env, dir, MDB_RDONLY | MDB_NOTLS, 0600));
	if (rc == TC_OK)
		rc = lmdb_err(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn));
	if (rc == TC_OK)
		rc = lmdb_err(mdb_dbi_open(txn, "meta", 0, &meta));
	if (rc == TC_OK)
		rc = lmdb_err(mdb_get(txn, meta, &key, &val));
	if (rc == TC_OK)
		*version = val.mv_size == 4 ? get_be32(val.mv_data) : 0;
	if (txn)
		mdb_txn_abort(txn);
	mdb_env_close(env);
	return rc;
}

MDB_env *store_env(struct store *st)
{
	return st->env;
}

/*
 * ---- The other direction of store_case_indexed (tocao verify, after a restore) ----
 * Every index entry and every per-case item names a case that exists; the
 * two indexes' keys are exactly what the case's record makes of them.
 */
enum check_mode { CHECK_PREFIX, CHECK_BY_UNIT, CHECK_BY_DUE, CHECK_VALUE };

struct check_db {
	int db;
	enum check_mode mode;
	const char *what;
};

static const struct check_db check_dbs[] = {
	{DB_BY_UNIT, CHECK_BY_UNIT, "unit index"},      {DB_BY_DUE, CHECK_BY_DUE, "deadline index"},
	{DB_RECEIPTS, CHECK_VALUE, "receipt"},          {DB_ENVELOPES, CHECK_PREFIX, "envelope"},
	{DB_ATTACHMENTS, CHECK_PREFIX, "attachment"},   {DB_MESSAGES, CHECK_PREFIX, "message"},
	{DB_EVENTS, CHECK_PREFIX, "timeline event"},
};

/* 0 if the entry (key, val) of d is consistent; else TC_ECORRUPT. */
static int check_entry(struct store_txn *txn, const struct check_db *d, const MDB_val *key,
		       const MDB_val *val)
{
	const uint8_t *k = key->mv_data;
	size_t at = d->mode == CHECK_BY_UNIT ? STORE_UNIT_LEN + 4 : d->mode == CHECK_BY_DUE ? 4 : 0;
	const uint8_t *id = d->mode == CHECK_VALUE ? val->mv_data : k + at;
	size_t need = d->mode == CHECK_VALUE ? val->mv_size : key->mv_size;
	if (need < at + STORE_CASE_ID_LEN || (d->mode == CHECK_VALUE && need != STORE_CASE_ID_LEN))
		return TC_ECORRUPT;
	MDB_val rec;
	struct store_case c;
	int rc = get(txn, DB_CASES, id, STORE_CASE_ID_LEN, &rec);
	if (rc == TC_OK)
		rc = store_case_decode(rec.mv_data, rec.mv_size, &c);
	if (rc != TC_OK)
		return TC_ECORRUPT;
	uint8_t want[UNIT_KEY_LEN];
	if (d->mode == CHECK_BY_UNIT) {
		unit_key(want, &c);
		return key->mv_size == UNIT_KEY_LEN && memcmp(want, k, UNIT_KEY_LEN) == 0 ? TC_OK
											  : TC_ECORRUPT;
	}
	if (d->mode == CHECK_BY_DUE) {
		due_key(want, &c);
		return c.next_deadline != STORE_DAY_NONE && key->mv_size == DUE_KEY_LEN &&
				       memcmp(want, k, DUE_KEY_LEN) == 0
			       ? TC_OK
			       : TC_ECORRUPT;
	}
	return TC_OK;
}

int store_check_indexes(struct store_txn *txn, uint64_t *entries, char *problem, size_t cap)
{
	*entries = 0;
	for (size_t i = 0; i < sizeof(check_dbs) / sizeof(check_dbs[0]); i++) {
		const struct check_db *d = &check_dbs[i];
		MDB_cursor *cur;
		int rc = lmdb_err(mdb_cursor_open(txn->txn, txn->st->dbi[d->db], &cur));
		if (rc != TC_OK)
			return rc;
		MDB_val key, val;
		int m = mdb_cursor_get(cur, &key, &val, MDB_FIRST);
		while (m == MDB_SUCCESS && rc == TC_OK) {
			rc = check_entry(txn, d, &key, &val);
			(*entries)++;
			if (rc == TC_OK)
				m = mdb_cursor_get(cur, &key, &val, MDB_NEXT);
		}
		if (rc == TC_OK && m != MDB_NOTFOUND)
			rc = lmdb_err(m);
		mdb_cursor_close(cur);
		if (rc == TC_ECORRUPT)
			snprintf(problem, cap, "a %s entry names no case, or not as its record says "
				 "(entry %llu)", d->what, (unsigned long long)*entries);
		if (rc != TC_OK)
			return rc;
	}
	return TC_OK;
}

int store_schema_version(struct store_txn *txn, uint32_t *out)
{
	MDB_val val;
	int rc = get(txn, DB_META, "schema", 6, &val);
	if (rc == TC_OK && val.mv_size != 4)
		rc = TC_ECORRUPT;
	if (rc == TC_OK)
		*out = get_be32(val.mv_data);
	return rc;
}
