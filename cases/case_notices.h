/*
 * case_notices.h - the notices the law makes a unit send, watched until
 * they are recorded as sent (docs/DEADLINES.md §7a, docs/API.md "Notices").
 *
 * A notice is owed while its deadline is present in the case's record
 * (the deadline engine decides that: dm_deadline.h) and no sending of it
 * is recorded for the same trigger:
 *   notify_accepted   notify_by             acceptance  Law on Denunciations Art. 29(3)
 *   notify_concluded  conclusion_notify_by  settlement  Art. 35(3)
 *   answer_forwarder  forwarded_answer_by   receipt     Art. 26(2)
 *   notify_decision   decision_notify_by    the decision  Art. 34; Decree 124/2020 Art. 28b
 * The trigger is kept with the sending, so a new decision (a resumption
 * after a suspension) or a transfer that restarts the clock owes its notice
 * anew. Closed cases owe their notices too (the conclusion is sent after
 * settlement).
 *
 * Stored in the store's meta values (no case text: days, a channel code,
 * the document's number):
 *   CASE_META_NOTICE + case id + ":" + kind digit -> the sending
 *   CASE_META_NOTICE_DUE + day (8 hex, biased) + case id + kind digit -> ""
 * The second is the index of notices owed, in deadline order: the sweep
 * and the digests walk it up to a day and stop, never scanning every case.
 * Every change of a case's record re-indexes its notices in the same write
 * (case_notices_reindex, called by the case service wherever it puts a
 * record).
 */
#ifndef TOCAO_CASE_NOTICES_H
#define TOCAO_CASE_NOTICES_H

#include <stdbool.h>
#include <stddef.h>

#include <stdint.h>

#include "dm_date.h"
#include "store.h"

/* API codes of the notice kinds; the digit is stored (meta names): never renumber. */
enum case_notice_kind {
	CASE_NOTICE_ACCEPTED = 0,  /* notify_accepted */
	CASE_NOTICE_CONCLUDED = 1, /* notify_concluded */
	CASE_NOTICE_FORWARDER = 2, /* answer_forwarder */
	CASE_NOTICE_DECISION = 3,  /* notify_decision */
	CASE_NOTICE_COUNT
};

/* How it was sent. Stored: never renumber. */
enum case_notice_channel {
	CASE_CHANNEL_POST = 1,       /* "post" */
	CASE_CHANNEL_IN_PERSON = 2,  /* "in_person" */
	CASE_CHANNEL_ELECTRONIC = 3, /* "electronic" */
};

#define CASE_META_NOTICE "notice:"
#define CASE_META_NOTICE_DUE "ndue:"
#define CASE_NOTICE_NUMBER_MAX 32 /* "12/TB-TTT": printable ASCII, no quote or backslash */

const char *case_notice_name(enum case_notice_kind k); /* "?" out of range */
int case_notice_parse(const char *s, enum case_notice_kind *out) TC_WUR;
const char *case_channel_name(enum case_notice_channel c);
int case_channel_parse(const char *s, enum case_notice_channel *out) TC_WUR;
/* The deadline (enum dm_deadline_kind) a notice answers. */
int case_notice_deadline(enum case_notice_kind k);
/* Whether a document number is acceptable (1..32 printable ASCII, no '"' or '\\'). */
bool case_notice_number_ok(const char *s);

/* One notice of a case: owed (sent false) or recorded as sent. */
struct case_notice {
	enum case_notice_kind kind;
	dm_day due;
	dm_day trigger;      /* the day its deadline counts from */
	bool sent;
	dm_day sent_on;      /* when sent */
	enum case_notice_channel channel;
	char number[CASE_NOTICE_NUMBER_MAX + 1];
};

/*
 * The notices c has (a deadline present), with what is recorded of each:
 * out gets up to CASE_NOTICE_COUNT, *n how many. Reads the meta values.
 */
int case_notices_of(struct store_txn *txn, const struct store_case *c,
		    struct case_notice out[CASE_NOTICE_COUNT], size_t *n) TC_WUR;
/* Calendar days an owed notice is past due on today; 0 if sent or not yet due. */
int case_notice_overdue_days(const struct case_notice *nt, dm_day today);

/*
 * Inside a write: bring the owed-notice index of a case from what before
 * made (NULL: a new case) to what after makes (NULL: the case is gone).
 * The sendings recorded are read in txn, and must be the same for both.
 */
int case_notices_reindex(struct store_txn *txn, const struct store_case *before,
			 const struct store_case *after) TC_WUR;
/* Inside a write: a purged case's sendings and index entries removed. */
int case_notices_purge(struct store_txn *txn, const struct store_case *c) TC_WUR;

/* Each owed notice due on or before until, in deadline order; fn returns non-zero to stop. */
typedef int (*case_notice_due_fn)(const char *case_id, enum case_notice_kind kind, dm_day due,
				  void *arg);
int case_notices_due(struct store_txn *txn, dm_day until, case_notice_due_fn fn,
		     void *arg) TC_WUR;

/*
 * Record that a notice was sent: the sending in the meta values, the index
 * entry dropped, a NOTICE_SENT timeline event and a NOTICE audit entry
 * (detail: the kind's name). Refused (TC_ESTATE with reason) when the case
 * owes no such notice (its deadline is absent, e.g. not accepted yet) or it
 * is already recorded for the same trigger; TC_EINVAL with reason for
 * sent_on before the trigger or after today, or a bad number.
 */
struct case_notice_send {
	/* As struct case_who (cases.h): the case, the acting unit ("" = any), the actor. */
	char case_id[STORE_CASE_ID_LEN + 1];
	char unit[STORE_UNIT_LEN];
	uint8_t actor[32];
	dm_day today;
	enum case_notice_kind kind;
	dm_day sent_on;
	enum case_notice_channel channel;
	char number[CASE_NOTICE_NUMBER_MAX + 1]; /* "" if none */
	const char *reason;            /* result on refusal */
	struct case_notice result;     /* result: as recorded */
};
int case_notice_send_apply(struct store_txn *txn, struct case_notice_send *op) TC_WUR;

/*
 * Once per store: index the notices of every case written before the index
 * existed (meta "notices.indexed"). Inside a write; cheap when done.
 */
int case_notices_backfill(struct store_txn *txn) TC_WUR;

#endif
