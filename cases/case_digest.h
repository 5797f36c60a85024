/*
 * case_digest.h - reminders without content (docs/OPERATIONS.md
 * "Reminders"): what a unit's mailbox, an inspector and a monitor are told,
 * and the outbox that keeps each digest until the relay has taken it.
 *
 * A digest holds counts only: cases new yesterday, due within the horizon
 * (working days), overdue, and notices owed (cases/case_notices.h), with a
 * line saying how to open the desk. Never a case id, a name, a summary or
 * any text of a report: a mailbox is kept by a mail provider, copied and
 * forwarded, and even a case id beside a date tells who reported what and
 * when to anyone who can match it; the desk shows which cases they are.
 * A monitor's weekly digest holds the published figures of its scope
 * (case_figures.h: the same disclosure control as the dashboard).
 *
 * The outbox is kept in the store's meta values, so a digest survives a
 * restart and a relay down for days:
 *   CASE_META_OUTBOX + YYYY-MM-DD + ":" + recipient -> tries(4) next(8) message
 * and "digest.daily" / "digest.weekly" name the last day digests were
 * queued, so that each is queued once a day (or week).
 */
#ifndef TOCAO_CASE_DIGEST_H
#define TOCAO_CASE_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cr.h"
#include "dm_date.h"
#include "store.h"

#define CASE_META_OUTBOX "outbox:"
#define CASE_DIGEST_ADDR_MAX 254
#define CASE_DIGEST_NAME_MAX 64
#define CASE_DIGEST_MSG_MAX 4096

enum case_digest_kind { CASE_DIGEST_UNIT = 1, CASE_DIGEST_INSPECTOR, CASE_DIGEST_MONITOR };

/* A recipient and, after case_digest_count, its counts. */
struct case_digest_to {
	enum case_digest_kind kind;
	char name[CASE_DIGEST_NAME_MAX];   /* the unit id, or the principal's file name */
	char scope[16];                    /* unit id; a monitor's "national" or province code */
	uint8_t pk[32];                    /* an inspector's key (its assigned cases) */
	char address[CASE_DIGEST_ADDR_MAX + 1];
	/* Results (a unit's: all its cases; an inspector's: those assigned to them). */
	uint32_t fresh, due_soon, overdue, notices_owed, notices_overdue;
	/* A monitor's: published figures of its scope, the last 7 days and now. */
	int64_t m_received, m_settled, m_overdue, m_notices_overdue;
};

/* Whether an address may go into a header: a@b, printable, no space, quote or angle bracket. */
bool case_digest_address_ok(const char *s);

/*
 * Count, as of today, for each unit and inspector recipient: cases received
 * yesterday, open cases due from today to horizon and overdue (from the
 * deadline index), and notices owed due by horizon and overdue (from the
 * owed-notice index). Never scans every case.
 */
int case_digest_count(struct store_txn *txn, dm_day today, dm_day horizon,
		      struct case_digest_to *to, size_t n) TC_WUR;
/* A monitor's figures (the last 7 days and now), protected with key (NULL: nearest). */
int case_digest_figures(struct store_txn *txn, dm_day today, const struct cr_server_key *key,
			struct case_digest_to *to) TC_WUR;

/*
 * The message (headers and body, CRLF lines, UTF-8) for to, as of today:
 * counts only, the horizon in working days, and link (how to open the
 * desk). TC_ERANGE if it does not fit cap.
 */
int case_digest_message(const struct case_digest_to *to, dm_day today, int horizon_wd,
			const char *from, const char *link, char *out, size_t cap) TC_WUR;

/*
 * Every message of a day for the recipients to[0..n): the daily ones
 * (units, inspectors) when daily, the monitors' when weekly; each passed to
 * fn with its recipient (fn returns non-zero to stop). Counts read in txn.
 */
struct case_digest_plan {
	dm_day today;
	int horizon_wd;
	dm_day horizon;
	bool daily, weekly;
	const struct cr_server_key *key;
	const char *from, *link;
};
int case_digest_build(struct store_txn *txn, const struct case_digest_plan *plan,
		      struct case_digest_to *to, size_t n,
		      int (*fn)(const struct case_digest_to *to, const char *message, void *arg),
		      void *arg) TC_WUR;

/* ---- The outbox ---- */

struct case_outbox_entry {
	char name[96];                 /* its meta name: CASE_META_OUTBOX + day + ":" + recipient */
	dm_day day;                    /* the day it was queued for */
	uint32_t tries;
	int64_t next_try;              /* unix seconds */
	char address[CASE_DIGEST_ADDR_MAX + 1];
	char *message;                 /* malloc'd, NUL-terminated */
};
void case_outbox_entry_free(struct case_outbox_entry *e);

/* Inside a write: queue a message for address under day and recipient (kind letter + name). */
int case_outbox_put(struct store_txn *txn, dm_day day, const struct case_digest_to *to,
		    const char *message) TC_WUR;
/* Every entry queued, in name order (day first); *out malloc'd (free each, then it). */
int case_outbox_list(struct store_txn *txn, struct case_outbox_entry **out, size_t *n) TC_WUR;
/* Inside a write: sent (or dropped): removed. */
int case_outbox_done(struct store_txn *txn, const char *name) TC_WUR;
/* Inside a write: a failed try recorded; the next one not before next_try. */
int case_outbox_retry(struct store_txn *txn, const struct case_outbox_entry *e) TC_WUR;

/* The last day digests of a kind ("digest.daily", "digest.weekly") were queued; NONE if never. */
dm_day case_digest_last(struct store_txn *txn, const char *which);
int case_digest_set_last(struct store_txn *txn, const char *which, dm_day day) TC_WUR;

#endif
