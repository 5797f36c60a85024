/*
 * case_codes.h - the codes the cases layer writes into the store: audit
 * entry kinds and timeline event kinds.
 *
 * Stored: never renumber. Each value is written to disk (audit log, case
 * timelines) and read back by `tocao verify`, the inspectors' API and
 * older stores; add new codes at the end, never reuse one.
 * (Statuses, tracks and the other enumerations of a case record are the
 * domain's, in dm_case.h, and are stored too.)
 */
#ifndef TOCAO_CASE_CODES_H
#define TOCAO_CASE_CODES_H

#include "dm_action.h"
#include "dm_case.h"
#include "dm_deadline.h"
#include "store.h"

/* Audit log entry kinds (store_audit.kind). Stored: never renumber. */
enum case_audit_kind {
	CASE_AUDIT_SESSION = 1,  /* a principal signed in */
	CASE_AUDIT_LIST = 2,     /* listed the unit's cases; a monitor's view (detail: what) */
	CASE_AUDIT_SHOW = 3,     /* fetched a case's envelope: a decryption request */
	CASE_AUDIT_ACTION = 4,   /* acted on a case (detail: the action) */
	CASE_AUDIT_MESSAGE = 5,  /* wrote to a reporter (API, or `tocao reply`) */
	CASE_AUDIT_REVEAL = 6,   /* a confidential identity released (detail: "reveal") */
	CASE_AUDIT_TRANSFER = 7, /* sent to another unit (detail: the receiving unit) */
	CASE_AUDIT_NOTE = 8,     /* an internal note, sealed to the unit */
	CASE_AUDIT_RECOMPUTE = 9, /* deadlines recomputed after a data change (detail: the cause) */
	/* A two-step transfer (docs/API.md "Transfers"): offered by the sending unit (detail:
	 * the receiving unit); cancelled by either unit (detail: the receiving unit). Its
	 * confirmation by the receiving unit is CASE_AUDIT_TRANSFER. */
	CASE_AUDIT_TRANSFER_OFFER = 10,
	CASE_AUDIT_TRANSFER_CANCEL = 11,
	/* A case assigned to an inspector of its unit, or unassigned (detail: the first 8
	 * base64 characters of the assignee's public key, or "none"). */
	CASE_AUDIT_ASSIGN = 12,
	/* A case's envelope sent in a listing (GET /api/v1/cases?include=envelope), one entry
	 * per case listed with it: a decryption request like CASE_AUDIT_SHOW. */
	CASE_AUDIT_LIST_ENVELOPE = 13,
	/* A closed case deleted at the end of its retention period (detail: its closing date,
	 * YYYY-MM-DD; cases/case_retention.h). */
	CASE_AUDIT_RETENTION_DELETE = 14,
	/* A notice the law requires recorded as sent (detail: its kind, e.g. "notify_accepted";
	 * cases/case_notices.h). */
	CASE_AUDIT_NOTICE = 15,
	/* A report taken at a unit's reception office registered by an inspector (detail: the
	 * channel and the registering unit, "post TT-01"; cases.h case_reception). */
	CASE_AUDIT_RECEPTION = 16,
	/* A monitor's browser enrolled, used to sign in, revoked (cases/case_devices.h; actor:
	 * the monitor's key; detail: "device:" and the device's 8-hex id). */
	CASE_AUDIT_DEVICE_ENROL = 17,
	CASE_AUDIT_DEVICE_SIGNIN = 18,
	CASE_AUDIT_DEVICE_REVOKE = 19,
	/* 20 to 22 are reserved (never used). */
	/* A case's audit entries read (GET /api/v1/cases/{id}/audit; case_audit.h). */
	CASE_AUDIT_CASE_AUDIT = 23,
};

/* Timeline event kinds (store_event.kind). Stored: never renumber. */
enum case_event_kind {
	CASE_EVENT_RECEIVED = 1,
	CASE_EVENT_ACTION = 2,           /* detail: the action */
	CASE_EVENT_MESSAGE_UNIT = 3,
	CASE_EVENT_MESSAGE_REPORTER = 4,
	CASE_EVENT_REVEAL = 5,
	CASE_EVENT_TRANSFER = 6,         /* detail: the receiving unit */
	CASE_EVENT_NOTE = 7,             /* an internal note (text sealed to the unit) */
	CASE_EVENT_WITHDRAWAL_CONTINUED = 8, /* a withdrawal that does not end the case,
					      * Law on Denunciations Art. 33(3) (detail: the reason) */
	/* The calendar or rule set changed and so did the case's deadlines or overdue state
	 * (detail: "calendar" or "rules NAME"). */
	CASE_EVENT_DEADLINES_RECOMPUTED = 9,
	CASE_EVENT_TRANSFER_PENDING = 10,   /* offered to another unit (detail: that unit) */
	CASE_EVENT_TRANSFER_CANCELLED = 11, /* the offer withdrawn or declined (detail: that unit) */
	CASE_EVENT_ASSIGNED = 12, /* detail: the assignee's key, first 8 base64 characters, or "none" */
	/* A notice recorded as sent, dated the day it was sent (detail: its kind). */
	CASE_EVENT_NOTICE_SENT = 13,
	/* Registered from the reception office, on the day of the entry (the RECEIVED event is
	 * dated the day the unit received it; detail: the channel and the registering unit). */
	CASE_EVENT_RECEPTION = 14,
};

/*
 * A pending transfer is kept in the store's meta values under
 * CASE_META_HANDOVER + case id (docs/FORMAT.md "Pending transfers"), until
 * the receiving unit confirms it or either unit cancels it.
 */
#define CASE_META_HANDOVER "handover:"

/*
 * A case's assignee (an inspector of its unit): its 32-byte public key in
 * the store's meta values under CASE_META_ASSIGN + case id; absent: nobody.
 */
#define CASE_META_ASSIGN "assign:"

/*
 * The sending unit's register of what it transferred: CASE_META_SENT + unit
 * + ":" + case id, written when the receiving unit confirms (no content:
 * the day and the receiving unit; docs/FORMAT.md "Sent register").
 */
#define CASE_META_SENT "sent:"

/*
 * The store's meta value naming the domain data the open cases were last
 * computed with (dm_data_fingerprint()'s text); absent in older stores.
 */
#define CASE_META_DOMAIN "domain.fingerprint"

/*
 * A reception entry's facts (no content): CASE_META_RECEPTION + case id,
 * 14 bytes: version 1, the channel (dm_channel), the registering unit (8,
 * NUL-padded), the day registered (4, big-endian signed days since
 * 1970-01-01). Absent: a report sent on the web. docs/FORMAT.md.
 */
#define CASE_META_RECEPTION "reception:"

/* The name the inspectors' API shows for an event kind ("event" if unknown). */
const char *case_event_name(int kind);

/* The store's case flags hold the domain's flag bits as they are. */
_Static_assert((int)STORE_FLAG_SEVERAL_PLACES == (int)DM_FLAG_SEVERAL_PLACES,
	       "store and domain flags agree: several places");
_Static_assert((int)STORE_FLAG_REMOTE_AREA == (int)DM_FLAG_REMOTE_AREA,
	       "store and domain flags agree: remote area");
_Static_assert((int)STORE_FLAG_CRIMINAL_SIGNS == (int)DM_FLAG_CRIMINAL_SIGNS,
	       "store and domain flags agree: criminal signs");
_Static_assert((int)STORE_FLAG_MONITORED == (int)DM_FLAG_MONITORED,
	       "store and domain flags agree: monitored");
_Static_assert((int)STORE_FLAG_DELEGATED_VERIFICATION == (int)DM_FLAG_DELEGATED_VERIFICATION,
	       "store and domain flags agree: delegated verification");
_Static_assert((DM_FLAG_DELEGATED_VERIFICATION & STORE_FLAG_OVERDUE) == 0,
	       "the domain's flags leave the store's overdue mark alone");
_Static_assert(STORE_DEADLINES == DM_DL_COUNT, "store and domain agree on deadlines");

#endif
