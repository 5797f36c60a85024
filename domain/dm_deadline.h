/*
 * dm_deadline.h - the deadline engine (docs/DEADLINES.md §1-2).
 *
 * Given what happened to a case (received, accepted, settled, extensions,
 * suspension, flags), compute every legal deadline that applies, with the
 * article it rests on. Pure: it reads the calendar (dm_calendar.h) and the
 * rule set in force on the day of receipt (dm_rules.h), both loaded by
 * dm_init(); safe from any thread afterwards.
 *
 * Counting (Civil Code 91/2015/QH13): a period starts the day after its
 * trigger (Art. 147); a period in working days ends on the n-th working
 * day after the trigger; a period in calendar days that ends on a day off
 * ends on the next working day (Art. 148(5)). Settlement: the first
 * working day on or after accepted + period + extensions + suspended days;
 * only that final date is rolled.
 */
#ifndef TOCAO_DM_DEADLINE_H
#define TOCAO_DM_DEADLINE_H

#include <stdbool.h>

#include "dm_case.h"
#include "dm_date.h"
#include "dm_rules.h"
#include "tc_err.h"

enum dm_complexity {
	DM_COMPLEXITY_NONE = 0,
	DM_COMPLEXITY_COMPLICATED = 1,   /* vụ việc phức tạp */
	DM_COMPLEXITY_PARTICULARLY = 2,  /* đặc biệt phức tạp (Decree 31/2019 Art. 3) */
};

/*
 * The last decision to suspend, terminate or resume settlement: its notice
 * has a deadline (decision_notify_by). Stored (record byte 116): never
 * renumber.
 */
enum dm_decision {
	DM_DECISION_NONE = 0,
	DM_DECISION_SUSPEND = 1,   /* tạm đình chỉ */
	DM_DECISION_TERMINATE = 2, /* đình chỉ */
	DM_DECISION_RESUME = 3,    /* tiếp tục giải quyết */
};

struct dm_clock {
	enum dm_track track;
	dm_day received;        /* local date of receipt */
	dm_day accepted;        /* DM_DAY_NONE if not accepted */
	dm_day settled;         /* DM_DAY_NONE if not settled */
	int extensions;         /* 0..2, denunciations only */
	enum dm_complexity complexity;
	int suspended_days;     /* days under suspension so far, not counted (settlement only) */
	bool several_places;    /* Art. 24(1): 10 WD instead of 7 (denunciations) */
	bool remote_area;       /* complaints, Art. 28/37 */
	int instance;           /* complaint: 1 or 2 */
	bool delegated_verification; /* Art. 24(1): verification delegated, 10 WD (denunciations) */
	enum dm_origin origin;  /* forwarded by press / deputy / agency: Art. 26(2) (denunciations) */
	enum dm_subject subject;/* complaint: disciplinary decisions follow Art. 50 */
	enum dm_decision decision; /* the last suspension/termination/resumption decision */
	dm_day decided;         /* its day; DM_DAY_NONE with DM_DECISION_NONE */
};

/* Defaults: nothing accepted or settled, no extension, instance 1, direct, no decision. */
void dm_clock_init(struct dm_clock *c, enum dm_track track, dm_day received);

enum dm_deadline_kind {
	DM_DL_PROCESS,            /* process_by: accept/decline/transfer, or decide, or accept/refuse */
	DM_DL_TRANSFER,           /* transfer_by: denunciation not within competence */
	DM_DL_NOTIFY,             /* notify_by: tell the reporter it was accepted */
	DM_DL_SETTLE,             /* settle_by */
	DM_DL_CONCLUSION_NOTIFY,  /* conclusion_notify_by */
	DM_DL_FORWARDED_ANSWER,   /* forwarded_answer_by: tell the forwarding body, Art. 26(2) */
	DM_DL_DECISION_NOTIFY,    /* decision_notify_by: send a suspension/termination/resumption decision */
	DM_DL_COUNT
};

struct dm_deadlines {
	dm_day at[DM_DL_COUNT];          /* DM_DAY_NONE if not applicable */
	const char *basis[DM_DL_COUNT];  /* article cited, e.g. "Luật Tố cáo 2018, Điều 24(1)"; NULL if absent */
	const struct dm_rule_set *rules; /* the set applied (in force on the day received) */
	/*
	 * Provisional: the counted window, from the deadline's trigger day
	 * (receipt, acceptance or settlement) to the deadline, both included,
	 * holds a provisional day (dm_cal_is_provisional: a day of a computed
	 * year, or an unconfirmed one), so the date may move when the notice
	 * is known. false for an absent deadline.
	 */
	bool provisional[DM_DL_COUNT];
	dm_day provisional_day[DM_DL_COUNT]; /* the first such day; DM_DAY_NONE if not provisional */
};

/* "process_by", "transfer_by", "notify_by", "settle_by", "conclusion_notify_by",
 * "forwarded_answer_by", "decision_notify_by"; "?" otherwise. */
const char *dm_deadline_key(enum dm_deadline_kind k);

/*
 * Which deadlines are present:
 *   denunciation: process_by and transfer_by from receipt; once accepted
 *     also notify_by and settle_by; once settled also conclusion_notify_by.
 *   information: process_by (decide whether to verify) only.
 *   complaint: process_by (accept or refuse); once accepted also settle_by.
 *   petition: process_by.
 *   forwarded_answer_by: a denunciation or information forwarded by a press
 *     agency, a deputy or another body (origin), 20 CD from receipt.
 *   decision_notify_by: after a suspension or termination (denunciation,
 *     Art. 34: 5 WD; complaint, Decree 124 Art. 28b(1): 3 WD) or a
 *     resumption (complaint only, Art. 28b(2): 3 WD), counted from the
 *     decision's day under the rule set in force on THAT day (Decree
 *     155/2026 Art. 22(1) applies Art. 28b to complaints accepted before
 *     it); absent where that set has no such rule (NA).
 *   A complaint against a disciplinary decision (subject) is accepted and
 *     settled under Art. 50 (discipline.*), with no remote-area variant.
 * Flags that do not apply to a track (several_places on a complaint,
 * remote_area on a denunciation, accepted on a petition...) are ignored,
 * and so are suspended_days while no settlement clock runs.
 *
 * Errors (nothing useful in *out):
 *   TC_EINVAL - contradictions: unknown track; received missing; accepted
 *     before received; settled before accepted or without accepted (on a
 *     denunciation); extensions outside 0..2, an extension without
 *     complexity, more extensions than the complexity allows (1 for
 *     complicated, 2 for particularly complicated, per the rule set), any
 *     extension on a track other than denunciation; complexity outside the
 *     enum; negative suspended days; instance not 1 or 2 on a complaint;
 *     origin, subject or decision outside their enums; a decision without
 *     its day, or decided before received.
 *   TC_ERANGE - received before the first rule set (2019-01-01) or a date
 *     or result outside the calendar (1900-2100), or the calendar or rules
 *     not loaded (dm_init() not called).
 */
int dm_deadlines_compute(const struct dm_clock *c, struct dm_deadlines *out) TC_WUR;

/* Whether any present deadline is provisional. */
bool dm_deadlines_any_provisional(const struct dm_deadlines *d);

/* The earliest present deadline, DM_DAY_NONE if none. */
dm_day dm_deadlines_next(const struct dm_deadlines *d);

/* A one-line English reason for an error of dm_deadlines_compute() on c. */
const char *dm_deadlines_explain(const struct dm_clock *c, int err);

#endif
