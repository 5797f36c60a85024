/*
 * store.h - durable storage of cases in LMDB: the only module that
 * includes <lmdb.h>.
 *
 * The store keeps plaintext metadata (SECURITY.md's minimum: ids, unit,
 * track, category, identity mode, status, dates as days, deadlines, flags)
 * and opaque sealed bytes (envelopes); it knows nothing of cryptography.
 *
 * Writes: one writer thread applies queued writes in batches, each write in
 * its own nested transaction (so one failing write does not undo its
 * neighbours), then commits and syncs the batch once (group commit), and
 * only then completes every write. A completion with rc == 0 therefore
 * means "durably on disk". A write without an inbox completes on the
 * writer thread; a write with one (struct store_inbox) is handed to that
 * inbox and completes on whichever thread drains it (an event loop).
 *
 * Reads: short read transactions on the caller's thread (MDB_NOTLS), never
 * held across event callbacks. Pointers obtained from a transaction are
 * owned by LMDB and valid until that transaction ends.
 */
#ifndef TOCAO_STORE_H
#define TOCAO_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tc_err.h"

/*
 * 2: month roll-up of the oversight counters; 3: overdue now vs was late, provisional bits;
 * 4: quarter and year roll-ups, the charts' totals; 5: the counters' totals per dimension
 * (province, unit, track, category, the accused's level); 6: the decline's ground (record
 * byte 27, the value of the declined counters); 7: every breakdown of every filter
 * in the totals, the overdue cases by deadline day under every filter and by 8-day block;
 * 8: each filter's total by day (a ragged period's edges)
 */
#define STORE_SCHEMA_VERSION 8
#define STORE_CASE_ID_LEN 8
#define STORE_UNIT_LEN 8      /* "TT-96", "TTCP", NUL-padded */
#define STORE_HASH_LEN 32
#define STORE_PK_LEN 32
#define STORE_DEADLINES 7     /* = DM_DL_COUNT, checked where both are known */
#define STORE_DAY_NONE INT32_MIN
#define STORE_LEVEL_MAX 7      /* = DM_LEVEL_CENTRAL, the last dm_level */
#define STORE_GROUND_MAX 21    /* = DM_GROUND_MAX, the last dm_decline_ground */

/* Case flags (docs/API.md "Cases", action flag). Stored: never renumber. */
enum store_case_flag {
	STORE_FLAG_SEVERAL_PLACES = 1u << 0,
	STORE_FLAG_REMOTE_AREA = 1u << 1,
	STORE_FLAG_CRIMINAL_SIGNS = 1u << 2,
	STORE_FLAG_MONITORED = 1u << 3,
	/*
	 * Overdue now: open, not suspended, and its watched deadline has passed.
	 * Set by the sweep, cleared by the sweep and by every change that moves
	 * the watched deadline or closes or suspends the case (docs/FORMAT.md).
	 * Before schema 3 it stayed set until the case closed.
	 */
	STORE_FLAG_OVERDUE = 1u << 4,
	/* Was late: a deadline was once missed (kept for statistics, never cleared). */
	STORE_FLAG_WAS_LATE = 1u << 5,
	STORE_FLAG_DELEGATED_VERIFICATION = 1u << 6, /* Art. 24(1): verification delegated */
};

/*
 * The plaintext record of a case. Enumerated fields hold the domain
 * layer's values (dm_case.h); days are dm_day values (days since
 * 1970-01-01, local dates). No text, no names, no times.
 */
struct store_case {
	char case_id[STORE_CASE_ID_LEN + 1];
	char unit[STORE_UNIT_LEN];
	char province[3];           /* the accused's province, for oversight scope */
	uint8_t kind, identity, track, category, status;
	uint8_t extensions, complexity, instance;
	uint32_t flags;
	int32_t received, accepted, settled, closed;
	int32_t suspended_since;    /* STORE_DAY_NONE unless suspended */
	int32_t suspended_days;     /* days under suspension already finished */
	int32_t deadlines[STORE_DEADLINES]; /* the first 5 at bytes 56.., the last 2 at 119.. */
	int32_t next_deadline;      /* the deadline index key; STORE_DAY_NONE: not indexed */
	uint8_t reporter_pk[STORE_PK_LEN]; /* replies are sealed to it; zero if none */
	uint8_t provisional;        /* bit k: deadlines[k] is provisional (byte 112) */
	/* Bytes 113.. (docs/FORMAT.md); zero in records written before them. */
	uint8_t origin;             /* dm_origin: forwarded by press / deputy / agency */
	uint8_t subject;            /* dm_subject: what a complaint is against */
	uint8_t criteria;           /* dm_criterion bits recorded by extend */
	uint8_t decision;           /* dm_decision: the last suspend/terminate/resume */
	int32_t decided;            /* its day; STORE_DAY_NONE if none */
	/*
	 * Byte 127: the accused's level (dm_level, 1..7) as known at intake;
	 * 0 = not recorded (records written before it).
	 */
	uint8_t level;
	/*
	 * Byte 27: the legal ground of a decline (dm_decline_ground, 1..21),
	 * from schema 6; 0 = none or not recorded (records written before it).
	 */
	uint8_t ground;
};

/* What a retried submission needs to answer again (docs/API.md Idempotency-Key). */
struct store_idem {
	char case_id[STORE_CASE_ID_LEN + 1];
	int32_t day;                       /* when it was made; entries expire */
	uint8_t request_hash[STORE_HASH_LEN]; /* keyed hash of the request body */
	uint8_t wrapped_receipt[64];       /* the receipt, encrypted by the caller */
	uint8_t wrapped_len;
};

struct store;
struct store_txn;

struct store_options {
	const char *dir;          /* directory holding data.mdb and lock.mdb */
	size_t map_size;          /* bytes; the file grows up to this */
	unsigned max_batch;       /* writes per group commit (default 512) */
	double full_ratio;        /* refuse new cases above this fill (default 0.95) */
	bool read_only;           /* CLI inspection: no writer thread */
	/*
	 * Hold an exclusive lock (flock on DIR/owner.lock) while open: the
	 * daemon does, and so does an offline writer (tocao recompute), so that
	 * one refuses to start while the other runs (TC_EBUSY).
	 */
	bool exclusive;
	/*
	 * Schema upgrade, inside the opening write transaction, when the store on
	 * disk is older (from < STORE_SCHEMA_VERSION). The store does not know
	 * what its counters mean, so the layer that does (cases/) brings them up
	 * to date. NULL: an older store is refused (TC_EVERSION) when writable.
	 */
	int (*upgrade)(struct store_txn *txn, uint32_t from);
};

/* Open (creating if needed, mode 0600) and start the writer thread. */
int store_open(const struct store_options *opt, struct store **out) TC_WUR;
/* Drain queued writes, stop the writer, close. store_close(NULL) is a no-op. */
void store_close(struct store *st);

/* ---- Writes ---- */

struct store_write;
/*
 * Runs on the writer thread inside the write's own nested transaction.
 * Return 0 to keep its effects, or an error to roll them back (the error
 * is passed to done).
 */
typedef int (*store_apply_fn)(struct store_txn *txn, struct store_write *w);
/*
 * Runs after the batch is durable (rc 0) or failed: on the writer thread
 * when the write has no inbox, else on the thread that drains its inbox.
 */
typedef void (*store_done_fn)(struct store_write *w, int rc);

struct store_inbox;

struct store_write {
	store_apply_fn apply;
	store_done_fn done;        /* may be NULL with store_submit_wait */
	void *arg;                 /* the caller's */
	struct store_inbox *inbox; /* NULL: done runs on the writer thread */
	struct store_write *next;  /* owned by the store while queued */
	int rc;                    /* set by the store before completion */
};

/*
 * Queue a write. The caller keeps w alive until done has been called.
 * TC_ESTOPPED when closing (done is then not called).
 */
int store_submit(struct store *st, struct store_write *w) TC_WUR;

/*
 * Queue a write and block the calling thread until it is durable or
 * failed; returns its rc (done, if set, has run on this thread first).
 * For the command-line tool, which has no event loop. Not on the writer
 * thread (inside apply or a done without inbox): that would deadlock.
 */
int store_submit_wait(struct store *st, struct store_write *w) TC_WUR;

/*
 * A completion inbox: how an event loop gets its writes' completions
 * without the store knowing the loop. Threads and ownership:
 *  - the owner (one loop thread) creates it and sets w->inbox on its writes;
 *  - after each group commit the writer thread appends every finished write
 *    of the batch to its inbox and then calls that inbox's wake(arg) ONCE
 *    for the batch, from the writer thread (wake must be thread-safe and
 *    quick, e.g. event_active);
 *  - the owner calls store_inbox_drain on its own thread, which runs each
 *    write's done(w, w->rc) there, in commit order.
 * Free it only when no write that names it is still in the store.
 */
struct store_inbox *store_inbox_new(void (*wake)(void *arg), void *arg);
/* Run the done of every write delivered so far; returns how many ran. */
size_t store_inbox_drain(struct store_inbox *inbox);
void store_inbox_free(struct store_inbox *inbox);

/* true when the map is filled beyond full_ratio: refuse new cases (503). */
bool store_is_nearly_full(const struct store *st);
/*
 * The map's fill, 0..1, as of the last commit (or the opening): a read of
 * an atomic, for admission checks that keep a reserve below full_ratio
 * (the citizen's follow-up messages stop at their own, lower ratio, so that
 * the space between is kept for new reports: docs/OPERATIONS.md "Limits").
 */
double store_fill_ratio(const struct store *st);
/* The map's size in bytes (store_options.map_size). */
size_t store_map_bytes(const struct store *st);
/* Fill ratio of the map, 0..1, and counters for /metrics. */
struct store_stats {
	double fill;
	uint64_t commits, writes, cases;
};
void store_stats(struct store *st, struct store_stats *out);

/*
 * Clear stale reader slots (a crashed reader's slot pins old pages and the
 * file grows: docs/INTERNALS.md §lmdb-readers); call at start and periodically.
 */
void store_maintenance(struct store *st);

/* ---- Transactions (reads on any thread; writes only inside apply) ---- */

int store_read_begin(struct store *st, struct store_txn **out) TC_WUR;
void store_read_end(struct store_txn *txn);

/* TC_ENOENT if absent, TC_ECORRUPT if the record does not decode. */
int store_case_get(struct store_txn *txn, const char *case_id, struct store_case *out) TC_WUR;
/* The sealed envelope; *data is owned by LMDB until the transaction ends. */
int store_envelope_get(struct store_txn *txn, const char *case_id, const uint8_t **data,
		       size_t *len) TC_WUR;
int store_receipt_find(struct store_txn *txn, const uint8_t hash[STORE_HASH_LEN],
		       char case_id[STORE_CASE_ID_LEN + 1]) TC_WUR;
int store_idem_get(struct store_txn *txn, const uint8_t key_hash[STORE_HASH_LEN],
		   struct store_idem *out) TC_WUR;

/*
 * Iterate a unit's cases newest first, starting after cursor (a case id, or
 * NULL for the start); fn returns non-zero to stop. next_cursor gets the
 * last case visited.
 */
typedef int (*store_case_fn)(const struct store_case *c, void *arg);
int store_unit_cases(struct store_txn *txn, const char *unit, const char *cursor,
		     store_case_fn fn, void *arg) TC_WUR;
/* Iterate cases whose next deadline is <= until (deadline order). */
int store_due_cases(struct store_txn *txn, int32_t until, store_case_fn fn, void *arg) TC_WUR;

/*
 * Inside apply: create or replace a case and keep every index in step
 * (per unit, per deadline). Creating an existing id with create=true is
 * TC_EEXIST.
 */
int store_case_put(struct store_txn *txn, const struct store_case *c, bool create) TC_WUR;
int store_envelope_put(struct store_txn *txn, const char *case_id, const uint8_t *data,
		       size_t len) TC_WUR;
/* TC_EEXIST if the hash is already taken. */
int store_receipt_put(struct store_txn *txn, const uint8_t hash[STORE_HASH_LEN],
		      const char *case_id) TC_WUR;
/* TC_EEXIST if the key is taken, unless replace (an expired entry being reused). */
int store_idem_put(struct store_txn *txn, const uint8_t key_hash[STORE_HASH_LEN],
		   const struct store_idem *idem, bool replace) TC_WUR;

/* ---- Attachments and messages (sealed bytes; the store cannot read them) ---- */

int store_attachment_put(struct store_txn *txn, const char *case_id, unsigned index,
			 const uint8_t *data, size_t len) TC_WUR;
/* *data owned by LMDB until the transaction ends. TC_ENOENT if absent. */
int store_attachment_get(struct store_txn *txn, const char *case_id, unsigned index,
			 const uint8_t **data, size_t *len) TC_WUR;
/* Number of attachments of a case (they are numbered 0..n-1). */
int store_attachment_count(struct store_txn *txn, const char *case_id, unsigned *n) TC_WUR;

enum store_msg_from {
	STORE_MSG_FROM_UNIT = 1,
	STORE_MSG_FROM_REPORTER = 2,
	STORE_MSG_NOTE = 3, /* an inspector's note on an action: sealed to the unit only */
	/* From the unit, signed by an inspector: the reporter's copy carries the signature
	 * (docs/FORMAT.md "Signed unit messages"). */
	STORE_MSG_FROM_UNIT_SIGNED = 4,
};

/*
 * A message of a case's conversation: sealed once to the reporter's key
 * (readable with the receipt) and once to the unit's key. Either may be
 * absent (len 0).
 */
struct store_message {
	uint8_t from;                /* enum store_msg_from */
	int32_t day;                 /* date only: no time of day is kept */
	const uint8_t *for_reporter; /* crypto_box_seal to the reporter's key */
	size_t for_reporter_len;
	const uint8_t *for_unit;     /* crypto_box_seal to the unit's key */
	size_t for_unit_len;
};
#define STORE_MESSAGES_MAX 1000      /* per case */
#define STORE_MESSAGE_MAX (128u << 10)     /* the reporter's copy: text only */
#define STORE_MESSAGE_UNIT_MAX (80u << 20) /* the unit's copy may carry attachments */

/* Append; *seq gets its number. TC_ERANGE past STORE_MESSAGES_MAX. */
int store_message_append(struct store_txn *txn, const char *case_id,
			 const struct store_message *m, uint32_t *seq) TC_WUR;
/* In order; pointers valid until the transaction ends; fn returns non-zero to stop. */
typedef int (*store_message_fn)(uint32_t seq, const struct store_message *m, void *arg);
int store_messages(struct store_txn *txn, const char *case_id, store_message_fn fn,
		   void *arg) TC_WUR;

/* ---- The audit log: append-only, hash-chained (the store only keeps bytes) ---- */

#define STORE_AUDIT_DETAIL 16
/*
 * One entry. The chain: each entry's hash covers its bytes and the
 * previous entry's hash; the hash function is the caller's (crypto).
 */
struct store_audit {
	uint64_t seq;                       /* set by append: 0, 1, 2, ... */
	uint8_t kind;                       /* the caller's event code */
	int32_t day;
	uint8_t actor[32];                  /* the principal's public key, or zero */
	char case_id[STORE_CASE_ID_LEN + 1]; /* "" if none */
	char detail[STORE_AUDIT_DETAIL + 1]; /* short ASCII, e.g. an action name */
	uint8_t prev[STORE_HASH_LEN];       /* set by append */
	uint8_t hash[STORE_HASH_LEN];       /* set by append */
};
#define STORE_AUDIT_BODY_LEN (1 + 8 + 1 + 4 + 32 + STORE_CASE_ID_LEN + STORE_AUDIT_DETAIL + STORE_HASH_LEN)

typedef void (*store_hash_fn)(const uint8_t *data, size_t len, uint8_t out[STORE_HASH_LEN]);

/* Inside a write: append e after the last entry (fills seq, prev, hash). */
int store_audit_append(struct store_txn *txn, struct store_audit *e, store_hash_fn hash) TC_WUR;
/* The bytes an entry's hash covers (STORE_AUDIT_BODY_LEN), for verification. */
void store_audit_body(const struct store_audit *e, uint8_t out[STORE_AUDIT_BODY_LEN]);
/* The entry numbered seq: TC_ENOENT if there is none, TC_ECORRUPT if it does not decode. */
int store_audit_get(struct store_txn *txn, uint64_t seq, struct store_audit *out) TC_WUR;
/* Walk the log in order. TC_ECORRUPT for an entry that does not decode. */
typedef int (*store_audit_fn)(const struct store_audit *e, void *arg);
int store_audit_walk(struct store_txn *txn, store_audit_fn fn, void *arg) TC_WUR;

/* ---- A case's timeline: what happened to it, by day (no times, no text) ---- */

struct store_event {
	uint32_t seq;
	int32_t day;
	uint8_t kind;                        /* the caller's event code */
	char detail[STORE_AUDIT_DETAIL + 1]; /* e.g. an action's name, a unit id */
};
int store_event_append(struct store_txn *txn, const char *case_id, int32_t day, uint8_t kind,
		       const char *detail) TC_WUR;
typedef int (*store_event_fn)(const struct store_event *e, void *arg);
int store_events(struct store_txn *txn, const char *case_id, store_event_fn fn, void *arg) TC_WUR;

/*
 * ---- Small named values in the meta database ("schema" is the store's) ----
 * get: TC_ENOENT if absent, -ENOBUFS if cap is too small (*len the size);
 * put: inside a write. Names are short ASCII ("domain.fingerprint").
 */
int store_meta_get(struct store_txn *txn, const char *name, void *buf, size_t cap,
		   size_t *len) TC_WUR;
int store_meta_put(struct store_txn *txn, const char *name, const void *val, size_t len) TC_WUR;
/*
 * Inside a write: run fill(txn, arg) once in the store's life — unless the
 * named mark exists already — then set the mark in the same transaction
 * (a one-time rebuild of an index for stores written before it existed).
 */
int store_meta_once(struct store_txn *txn, const char *mark,
		    int (*fill)(struct store_txn *txn, void *arg), void *arg) TC_WUR;
/* Inside a write: remove a named value (absent is not an error). */
int store_meta_del(struct store_txn *txn, const char *name) TC_WUR;
/* Each named value whose name starts with prefix, in name order; fn returns non-zero to stop. */
typedef int (*store_meta_fn)(const char *name, size_t name_len, const uint8_t *val, size_t len,
			     void *arg);
int store_meta_walk(struct store_txn *txn, const char *prefix, store_meta_fn fn, void *arg) TC_WUR;

/* Walk every case (for verification); fn returns non-zero to stop. */
int store_all_cases(struct store_txn *txn, store_case_fn fn, void *arg) TC_WUR;
/* Whether the index entries of c exist (per unit; per deadline when it has one). */
int store_case_indexed(struct store_txn *txn, const struct store_case *c) TC_WUR;
/*
 * The other direction: every entry of the unit and deadline indexes is
 * exactly what its case's record makes, and every receipt, envelope,
 * attachment, message and timeline event names a case that exists.
 * *entries gets how many were checked; TC_ECORRUPT with problem filled in.
 */
int store_check_indexes(struct store_txn *txn, uint64_t *entries, char *problem,
			size_t cap) TC_WUR;
/* The schema version written in the store (meta "schema"). */
int store_schema_version(struct store_txn *txn, uint32_t *out) TC_WUR;

/*
 * ---- Counters: signed 64-bit cells under opaque keys (cases/ gives them meaning) ----
 * A counter key starts kind(1) | day(4, store_put_day_key) and the rest is
 * the caller's, of one length per kind. Only inside writes, except walk.
 */
void store_put_day_key(uint8_t p[4], int32_t day); /* days sort as bytes */
int32_t store_get_day_key(const uint8_t p[4]);

/* Add delta to the counter at key (absent: 0). */
int store_count_add(struct store_txn *txn, const uint8_t *key, size_t len, int64_t delta) TC_WUR;
/*
 * Add every counter of from_kind into the counter with kind to_kind and
 * day day_to_bucket(day), the rest of the key unchanged (key length len).
 */
int store_count_rollup(struct store_txn *txn, uint8_t from_kind, uint8_t to_kind, size_t len,
		       int32_t (*day_to_bucket)(int32_t day)) TC_WUR;
/* Delete every counter of kind (a family of counters no longer kept). */
int store_count_drop(struct store_txn *txn, uint8_t kind) TC_WUR;
/* Walk counters from start while the kind matches and the day (key bytes 1-4) <= end_day. */
typedef int (*store_counter_fn)(const uint8_t *key, size_t len, int64_t count, void *arg);
int store_count_walk(struct store_txn *txn, const uint8_t *start, size_t len,
		     const uint8_t end_day[4], store_counter_fn fn, void *arg) TC_WUR;

/*
 * ---- Deletion at the end of the retention period (cases/case_retention.h) ----
 * Inside a write: remove each listed case's record, envelope, attachments,
 * messages, timeline, index entries, and the receipts and idempotency
 * entries that point to it (one pass over each of those two databases for
 * the whole list). Counters and the audit log are left alone. TC_ENOENT if
 * a case is absent. LMDB reuses freed pages without clearing them: the
 * sealed bytes leave the file only at store_compact.
 */
int store_cases_purge(struct store_txn *txn, const char (*ids)[STORE_CASE_ID_LEN + 1],
		      size_t n) TC_WUR;
/*
 * Rewrite DIR/data.mdb with its live pages only (LMDB's compacting copy,
 * synced, renamed over the old file). Takes the owner's lock: TC_EBUSY
 * while the daemon runs. *before and *after get the file's sizes.
 */
int store_compact(const char *dir, size_t map_size, uint64_t *before, uint64_t *after) TC_WUR;

/*
 * The schema version of the store in dir, read without changing anything
 * (for the message that refuses a store newer than this build).
 */
int store_schema_read(const char *dir, uint32_t *version) TC_WUR;

/* Record codec, exposed for tests and the fuzz target. */
#define STORE_CASE_RECORD_LEN 128
int store_case_encode(const struct store_case *c, uint8_t out[STORE_CASE_RECORD_LEN]);
int store_case_decode(const uint8_t *in, size_t len, struct store_case *out) TC_WUR;

#endif
