/*
 * cases.h - the case service: the only code that changes a case.
 *
 * Each operation is a struct of inputs and results and a function
 * case_X_apply(txn, op) that runs inside a store write's apply (on the
 * writer thread) and writes everything the change means in that one
 * transaction: the record and its indexes, the oversight counters
 * (case_counts.h), the case's timeline event and the audit log entry
 * (case_codes.h). An error return is a refusal or a failure; the store
 * then rolls the whole write back, so a refusal writes nothing. A refusal
 * under the rules is TC_ESTATE or TC_EINVAL with `reason` set (English,
 * never submitted content); another unit's case is TC_ENOENT, exactly as
 * a missing one (do not confirm that it exists).
 *
 * case_write_init/case_submit queue one operation as a store write; the
 * caller keeps the op and the case_write alive until done has run.
 * No libevent, no cJSON, no OpenSSL here: common, domain, crypto, store.
 */
#ifndef TOCAO_CASES_H
#define TOCAO_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "case_codes.h"
#include "cr.h"
#include "dm_action.h"
#include "dm_data.h"
#include "dm_grounds.h"
#include "store.h"

#define CASE_ACTOR_LEN 32 /* a principal's public key; all zero: the operator on the server */

/* A new report: record, envelope, receipt hash, attachments, idempotency entry. */
enum case_conflict { CASE_CONFLICT_NONE, CASE_CONFLICT_ID, CASE_CONFLICT_IDEM };
struct case_blob {
	const uint8_t *data;
	size_t len;
};
struct case_create {
	struct store_case rec;         /* complete: status RECEIVED, deadlines, index key */
	const uint8_t *envelope;
	size_t envelope_len;
	uint8_t receipt_hash[STORE_HASH_LEN];
	const struct case_blob *attachments;
	size_t n_attachments;
	bool has_idem;                 /* an Idempotency-Key came with the request */
	uint8_t idem_hash[STORE_HASH_LEN];
	struct store_idem idem;        /* kept under idem_hash */
	int idem_ttl_days;             /* an older entry under the key may be replaced */
	enum case_conflict conflict;   /* result: why TC_EEXIST */
};
int case_create_apply(struct store_txn *txn, struct case_create *op) TC_WUR;

/* Common inputs of an inspector's operation on one case. */
struct case_who {
	char case_id[STORE_CASE_ID_LEN + 1];
	char unit[STORE_UNIT_LEN];     /* the acting unit; "" = any (the operator) */
	uint8_t actor[CASE_ACTOR_LEN];
	dm_day today;
};

/* An action under the state machine (dm_action.h), with an optional note. */
struct case_act {
	struct case_who who;
	enum dm_action action;
	enum dm_complexity complexity;
	enum dm_flag flag;
	unsigned criteria;             /* extend: dm_criterion bits; 0 = none */
	enum dm_continue_reason continue_reason; /* withdraw: Art. 33(3); 0 = none */
	/*
	 * decline: its legal ground (dm_grounds.h), required and of the case's
	 * track (else TC_EINVAL with reason); kept in the record (byte 27) and
	 * counted (COUNT_DECLINED's value). Any other action: 0.
	 */
	enum dm_decline_ground ground;
	bool continued;                /* result: a withdrawal that left the case open */
	const uint8_t *note_sealed;    /* sealed to the unit's key; NULL if none */
	size_t note_len;
	const char *reason;            /* result on refusal */
	char detail[160];              /* storage for reason */
	struct store_case after;       /* result */
};
int case_act_apply(struct store_txn *txn, struct case_act *op) TC_WUR;

/*
 * ---- Two-step transfers (docs/API.md "Transfers", docs/FORMAT.md) ----
 *
 * 1. offer (the sending unit): the receiving unit's header (envelope bytes
 *    14-109, cr_transfer_offer) and a commitment to the content key. The
 *    header must splice into the stored envelope and name the receiving
 *    unit's current key. Kept as a pending hand-over; the case stays the
 *    sending unit's (readable, its deadlines running); TRANSFER_PENDING
 *    event, TRANSFER_OFFER audit. One pending offer per case.
 * 2. confirm (the receiving unit): the proof (cr_transfer_proof). Checked
 *    against the commitment (cr_transfer_check); only then is the header
 *    spliced in, the case moved (received there that day, its clock
 *    restarted), the hand-over dropped: TRANSFER event and audit. A wrong
 *    proof is TC_EINVAL and changes nothing: the sending unit keeps it.
 *    Anyone but the receiving unit: TC_ENOENT.
 * cancel (either unit, or the operator): the hand-over dropped,
 *    TRANSFER_CANCELLED event, TRANSFER_CANCEL audit.
 */
struct case_handover {
	char from_unit[STORE_UNIT_LEN + 1], to_unit[STORE_UNIT_LEN + 1];
	uint8_t header[CR_ENV_HEADER_BYTES];
	uint8_t commitment[CR_HASH_BYTES];
	dm_day day;                    /* offered on */
	uint8_t actor[CASE_ACTOR_LEN]; /* who offered it */
};
/* The pending hand-over of a case: TC_ENOENT if none, TC_ECORRUPT if it does not decode. */
int case_handover_get(struct store_txn *txn, const char *case_id, struct case_handover *out) TC_WUR;
/* Each pending hand-over to unit ("" = every one); fn returns non-zero to stop. */
typedef int (*case_handover_fn)(const char *case_id, const struct case_handover *h, void *arg);
int case_handovers(struct store_txn *txn, const char *unit, case_handover_fn fn, void *arg) TC_WUR;

struct case_transfer_offer {
	struct case_who who;
	char to_unit[STORE_UNIT_LEN];
	uint8_t to_key_id[CR_KEY_ID_BYTES]; /* the receiving unit's current key */
	uint8_t header[CR_ENV_HEADER_BYTES];
	uint8_t commitment[CR_HASH_BYTES];
	const char *reason;
	struct store_case after;       /* the case, still the sending unit's */
};
int case_transfer_offer_apply(struct store_txn *txn, struct case_transfer_offer *op) TC_WUR;

struct case_transfer_confirm {
	struct case_who who;           /* who.unit: the receiving unit */
	uint8_t proof[CR_CK_PROOF_BYTES];
	const char *reason;
	struct store_case after;
};
int case_transfer_confirm_apply(struct store_txn *txn, struct case_transfer_confirm *op) TC_WUR;

/*
 * The sending unit's read-only register: one entry per case it transferred
 * (the latest hand-over of that case by that unit), written by the
 * confirmation. fn returns non-zero to stop.
 */
struct case_sent {
	char case_id[STORE_CASE_ID_LEN + 1];
	char to_unit[STORE_UNIT_LEN + 1];
	dm_day day;                    /* confirmed on */
};
typedef int (*case_sent_fn)(const struct case_sent *s, void *arg);
int case_sent_walk(struct store_txn *txn, const char *unit, case_sent_fn fn, void *arg) TC_WUR;

struct case_transfer_cancel {
	struct case_who who;           /* the sending or the receiving unit; "" = the operator */
	char to_unit[STORE_UNIT_LEN + 1]; /* result */
};
int case_transfer_cancel_apply(struct store_txn *txn, struct case_transfer_cancel *op) TC_WUR;

/*
 * What a reporter may write to one case (one receipt): messages and stored
 * bytes (both sealed copies, attachments included) per local day and in all.
 * 0 is no limit. docs/OPERATIONS.md "Limits".
 */
struct case_reporter_limits {
	uint32_t per_day, total;
	uint64_t bytes_per_day, bytes_total;
};
/* What the reporter has written to a case, counted from the stored messages. */
struct case_reporter_usage {
	uint32_t today, total;
	uint64_t bytes_today, bytes_total;
};
int case_reporter_usage(struct store_txn *txn, const char *case_id, dm_day today,
			struct case_reporter_usage *out) TC_WUR;
/*
 * Whether one more message of `bytes` stored bytes fits: TC_OK; TC_EBUSY
 * over a daily limit (it passes tomorrow); TC_ERANGE over a limit in all.
 */
int case_reporter_fits(const struct case_reporter_limits *lim,
		       const struct case_reporter_usage *u, uint64_t bytes) TC_WUR;

/* A message (unit -> reporter, or reporter -> unit), or an internal note. */
struct case_message {
	struct case_who who;
	/*
	 * Sealed to the reporter's key; unused for a note. From the unit: the
	 * signed block (cr_signed_message_encode) around that sealed box.
	 */
	const uint8_t *for_reporter;
	size_t for_reporter_len;
	const uint8_t *for_unit;       /* sealed to the unit's key */
	size_t for_unit_len;
	dm_day signed_day;             /* from the unit: the day signed, kept as the message's */
	const char *reason;            /* result on refusal */
	/* The reporter's: checked again inside the write (NULL: none). */
	const struct case_reporter_limits *limits;
	/*
	 * The reporter's web form: the keyed hash of its one-time token (NULL:
	 * none). A token already used gives TC_EEXIST and nothing is written:
	 * a reload or Back never posts twice, across restarts too.
	 */
	const uint8_t *once;
	uint32_t seq;                  /* result */
};
/*
 * The unit writes to the reporter: message, MESSAGE_UNIT event, MESSAGE
 * audit. Only signed (docs/FORMAT.md "Signed unit messages"): the block's
 * signature must verify for this case, the case's unit and signed_day
 * (within a day of today), and its signer must be who.actor. Otherwise
 * TC_EINVAL with reason, and nothing is written.
 */
int case_message_apply(struct store_txn *txn, struct case_message *op) TC_WUR;
/*
 * The reporter writes (follow-up, authorised by the receipt): message and
 * MESSAGE_REPORTER event; no audit entry, as the reporter is no principal.
 * With op->limits, TC_EBUSY / TC_ERANGE as case_reporter_fits (the check
 * made on the loop is repeated here, where writes are serial).
 */
int case_reporter_message_apply(struct store_txn *txn, struct case_message *op) TC_WUR;
/* An internal note (for_unit only): STORE_MSG_NOTE message, NOTE event, NOTE audit. */
int case_note_apply(struct store_txn *txn, struct case_message *op) TC_WUR;

/*
 * Assign a case to a named inspector of its unit, or to nobody: the key in
 * the meta values (CASE_META_ASSIGN), ASSIGNED event, ASSIGN audit (detail:
 * the key's first 8 base64 characters, or "none"). The case service knows
 * no principals: the caller checks that `to` is an inspector of who.unit.
 * Another unit's case: TC_ENOENT.
 */
struct case_assign {
	struct case_who who;
	bool has_to;                   /* false: nobody */
	uint8_t to[CASE_ACTOR_LEN];
};
int case_assign_apply(struct store_txn *txn, struct case_assign *op) TC_WUR;
/* The case's assignee: TC_OK with out; TC_ENOENT if nobody; TC_ECORRUPT if not 32 bytes. */
int case_assignee_get(struct store_txn *txn, const char *case_id,
		      uint8_t out[CASE_ACTOR_LEN]) TC_WUR;

/*
 * A new case's record from its routing facts: status RECEIVED, every clock
 * empty, the deadlines counted from `received` (the day the unit received
 * it) with their provisional bits and the index key. Shared by the web
 * report (intake/citizen) and the reception entry (intake/inspector), so
 * that both start their clocks the same way. c->case_id is left empty.
 */
struct case_new {
	const char *unit;              /* the competent unit's id */
	const char *province;          /* 2 digits: the accused's province */
	enum dm_kind kind;
	enum dm_identity identity;
	enum dm_track track;
	enum dm_category category;
	int instance;                  /* 1 or 2 */
	enum dm_origin origin;
	enum dm_subject subject;
	enum dm_level level;           /* the accused's level, from the report (routing) */
	dm_day received;
};
int case_record_new(const struct case_new *n, struct store_case *c) TC_WUR;

/*
 * A report taken at a reception office (tiếp công dân), sealed on the
 * officer's machine: the case created exactly as a web report's
 * (case_create; create.rec.received is the day the unit received it, its
 * deadlines counted from it), plus its reception facts in the meta values
 * (CASE_META_RECEPTION), a RECEPTION event and a RECEPTION audit entry
 * dated today. The caller checks the envelope, the unit and the day.
 */
struct case_reception {
	struct case_create create;
	uint8_t channel;               /* dm_channel, not DM_CHANNEL_WEB */
	char received_by[STORE_UNIT_LEN + 1]; /* the registering officer's unit */
	uint8_t actor[CASE_ACTOR_LEN];
	dm_day today;                  /* the day of the entry */
};
int case_reception_apply(struct store_txn *txn, struct case_reception *op) TC_WUR;
/* A case's reception facts: TC_OK, TC_ENOENT for a web report, TC_ECORRUPT. */
struct case_reception_info {
	uint8_t channel;
	char received_by[STORE_UNIT_LEN + 1];
	dm_day registered;
};
int case_reception_get(struct store_txn *txn, const char *case_id,
		       struct case_reception_info *out) TC_WUR;

/* Release a confidential identity: recorded durably before it leaves. */
struct case_reveal {
	struct case_who who;
	const char *reason;
	uint8_t *envelope;             /* result: malloc'd copy, the caller frees */
	size_t envelope_len;
};
int case_reveal_apply(struct store_txn *txn, struct case_reveal *op) TC_WUR;

/*
 * The sweep's marks: bring the overdue flag of each listed case to what it
 * is on today (re-read here, so a case closed meanwhile is left alone):
 * set on a case overdue now (and was-late with it), cleared on one that no
 * longer is. Record and counters only: the flag is the system's, not a
 * principal's act.
 */
struct case_mark_overdue {
	dm_day today;
	char (*ids)[STORE_CASE_ID_LEN + 1];
	size_t n;
	size_t marked, cleared;        /* results */
};
int case_mark_overdue_apply(struct store_txn *txn, struct case_mark_overdue *op) TC_WUR;

/* A read worth recording: a session, a listing, an envelope fetch, a monitor's view. */
struct case_audit_read {
	enum case_audit_kind kind;
	uint8_t actor[CASE_ACTOR_LEN];
	char case_id[STORE_CASE_ID_LEN + 1];     /* "" if none */
	char detail[STORE_AUDIT_DETAIL + 1];     /* "" if none */
	dm_day day;
};
int case_audit_read_apply(struct store_txn *txn, struct case_audit_read *op) TC_WUR;

/*
 * A bulk load (a benchmark's synthetic store, an import of earlier cases):
 * one state of a case written as the operations above write it, the record
 * and its indexes with the counters of what changed since before, dated
 * day; but no envelope, receipt, timeline event or audit entry. before
 * NULL: a new case (TC_EEXIST if the id is taken). Inside the caller's
 * store write, as many to a write as the caller batches.
 */
struct case_load {
	const struct store_case *before; /* NULL: a new case */
	const struct store_case *after;
	dm_day day;
};
int case_load_apply(struct store_txn *txn, const struct case_load *op) TC_WUR;

/*
 * ---- Overdue now, was late, and recomputing deadlines (docs/DEADLINES.md §7, §9) ----
 *
 * Overdue now: the case is open and not suspended, and the deadline its
 * status owes (dm_watch.h) is before today. STORE_FLAG_OVERDUE mirrors it
 * (the sweep sets and clears it; every change of the case re-derives it);
 * readers that answer "is it overdue" compute case_overdue_now() from the
 * record and today, so they agree with the flag after each sweep and never
 * lag behind a change. Was late: STORE_FLAG_WAS_LATE, set once a case is
 * seen overdue or completes a stage after its deadline; never cleared.
 */
bool case_overdue_now(const struct store_case *c, dm_day today);
/* Set or clear STORE_FLAG_OVERDUE as of today; setting it sets WAS_LATE too. */
void case_overdue_derive(struct store_case *c, dm_day today);
/* The record's deadlines, their provisional bits, and the index key for its status. */
void case_set_deadlines(struct store_case *c, const struct dm_deadlines *dl);
/* The domain's state of a stored case (dm_action.h). */
void case_state_of(const struct store_case *c, struct dm_case_state *s);
/* One audit entry in the caller's write (the chain's hash is crypto's). */
int case_audit_append(struct store_txn *txn, enum case_audit_kind kind, const uint8_t *actor,
		      dm_day day, const char *case_id, const char *detail) TC_WUR;

/*
 * A case recomputed with the data in force: its deadlines and their
 * provisional bits, the index key, the overdue flag as of today, and
 * was-late re-derived from its dates where they show a stage completed
 * late (accepted after process_by, settled after settle_by). Closed cases
 * keep their dates (false, after = before). A suspended case is computed
 * as on the day it was suspended (its running suspension is added when it
 * resumes). Returns whether anything changed; TC_ESTATE in *rc if the
 * deadlines cannot be computed (the case is then left as it is).
 */
bool case_recompute_one(const struct store_case *before, dm_day today, struct store_case *after,
			int *rc);

/*
 * Recompute the listed cases in one write: for each that changed, the
 * record and its indexes, the counters (before/after), a
 * DEADLINES_RECOMPUTED timeline event and a RECOMPUTE audit entry, both
 * with the cause (dm_data_cause() against old_fingerprint); nothing for a
 * case that did not change.
 */
struct case_recompute {
	dm_day today;
	const char *old_fingerprint;   /* "" if the store has none */
	char (*ids)[STORE_CASE_ID_LEN + 1];
	size_t n;
	size_t checked, changed;       /* results */
};
int case_recompute_apply(struct store_txn *txn, struct case_recompute *op) TC_WUR;

/*
 * The whole run, for the daemon (its domain thread) and `tocao recompute`:
 * if the fingerprint of the data in force differs from the store's (or
 * force), list every open case, recompute them in writes of at most
 * CASE_RECOMPUTE_BATCH cases queued one after another (store_submit_wait:
 * never one huge transaction, and new reports are committed in between),
 * then store the new fingerprint. With dry_run nothing is written: each
 * case that would change is passed to report. Blocks the calling thread;
 * not on the writer thread nor an event loop.
 */
#define CASE_RECOMPUTE_BATCH 256
struct case_recompute_run {
	dm_day today;
	bool dry_run, force;
	void (*report)(const struct store_case *before, const struct store_case *after,
		       const char *cause, void *arg);
	void *arg;
	/* Asked between writes: true to stop there (the fingerprint is then not stored). */
	bool (*cancelled)(void *arg);
	/* results */
	bool needed;                   /* the fingerprints differed (or force) */
	size_t checked, changed;
	char old_fingerprint[DM_FINGERPRINT_MAX];
	char new_fingerprint[DM_FINGERPRINT_MAX];
};
int case_recompute_all(struct store *st, struct case_recompute_run *run) TC_WUR;

/* ---- Queueing one operation as a store write ---- */

enum case_op {
	CASE_OP_CREATE, CASE_OP_ACT, CASE_OP_MESSAGE, CASE_OP_REPORTER_MESSAGE,
	CASE_OP_NOTE, CASE_OP_REVEAL, CASE_OP_MARK_OVERDUE, CASE_OP_AUDIT_READ, CASE_OP_RECOMPUTE,
	CASE_OP_TRANSFER_OFFER, CASE_OP_TRANSFER_CONFIRM, CASE_OP_TRANSFER_CANCEL,
	CASE_OP_ASSIGN, CASE_OP_RECEPTION,
	CASE_OP_NOTICE, /* struct case_notice_send (case_notices.h) */
};
struct case_write {
	struct store_write w;          /* w.done, w.arg, w.inbox are the caller's */
	enum case_op op;
	void *data;                    /* the struct case_X */
};
/* Set cw up to run op on data; then set cw->w.done/arg/inbox and store_submit(&cw->w). */
void case_write_init(struct case_write *cw, enum case_op op, void *data);
/* The case_write whose w this is (in a done callback). */
struct case_write *case_write_of(struct store_write *w);

/* Open a store for writing, with the schema upgrade the counters need. */
int case_store_open(const struct store_options *opt, struct store **out) TC_WUR;

#endif
