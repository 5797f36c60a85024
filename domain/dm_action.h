/*
 * dm_action.h - what a unit may do to a case, and when (docs/DEADLINES.md
 * §1, §7; docs/API.md "Cases").
 *
 * Pure: apply an action to a case's state as of a day, or say why the law
 * or the state forbids it. The caller then recomputes the deadlines
 * (dm_deadlines_compute), which may still refuse a combination (e.g. a
 * second extension of a case that is only "complicated").
 */
#ifndef TOCAO_DM_ACTION_H
#define TOCAO_DM_ACTION_H

#include <stdbool.h>
#include <stddef.h>

#include "dm_case.h"
#include "dm_date.h"
#include "dm_deadline.h"

enum dm_action {
	DM_ACT_ACCEPT = 1,  /* thụ lý (for information: decide to verify) */
	DM_ACT_DECLINE,     /* không thụ lý (information: file it) */
	DM_ACT_TRANSFER,    /* to the competent unit: needs the content key re-sealed */
	DM_ACT_EXTEND,      /* gia hạn: Art. 30 */
	DM_ACT_SUSPEND,     /* tạm đình chỉ: Art. 31 */
	DM_ACT_RESUME,
	DM_ACT_SETTLE,      /* kết luận / quyết định giải quyết */
	DM_ACT_WITHDRAW,    /* rút đơn: Art. 33, before the conclusion */
	DM_ACT_TERMINATE,   /* đình chỉ */
	DM_ACT_FLAG,
};

enum dm_flag {
	DM_FLAG_SEVERAL_PLACES = 1u << 0, /* Art. 24(1): 10 WD to process */
	DM_FLAG_REMOTE_AREA = 1u << 1,    /* complaints, Art. 28/37 */
	DM_FLAG_CRIMINAL_SIGNS = 1u << 2, /* Art. 27: transfer to investigators at once */
	DM_FLAG_MONITORED = 1u << 3,      /* under the Fatherland Front's monitoring */
	/* 1u << 4 is the store's overdue mark, 1u << 5 its "was late" mark: not the domain's. */
	DM_FLAG_DELEGATED_VERIFICATION = 1u << 6, /* Art. 24(1): verification delegated, 10 WD */
};

/*
 * The complexity criteria (Decree 31/2019/NĐ-CP Art. 3(2) a-g for
 * denunciations; the same seven in Decree 124/2020/NĐ-CP Art. 3a, added
 * by Decree 155/2026/NĐ-CP, for complaints from 2026-07-01), as a bit
 * mask; stored (record byte 115): never renumber.
 *   a: one content, verified at 2 or more places
 *   b: 2 or more contents to verify
 *   c: many reporters on one content, or the rights of many people
 *   d: a foreign element (reporter or act abroad, verification abroad)
 *   đ: the management responsibility of several bodies ("dd" in the API)
 *   e: the bodies concerned still disagree
 *   g: contradictory documents or evidence needing time or expert opinion
 * One criterion makes a case complicated; two or more particularly
 * complicated (Decree 31/2019 Art. 3(3)); a complaint has one complicated
 * level (Law on Complaints Art. 28, 37, 50).
 */
enum dm_criterion {
	DM_CRIT_A = 1u << 0,
	DM_CRIT_B = 1u << 1,
	DM_CRIT_C = 1u << 2,
	DM_CRIT_D = 1u << 3,
	DM_CRIT_DD = 1u << 4,
	DM_CRIT_E = 1u << 5,
	DM_CRIT_G = 1u << 6,
};
#define DM_CRIT_ALL 0x7fu

/* Why a withdrawn denunciation is still settled (Art. 33(3)); 0 = none. */
enum dm_continue_reason {
	DM_CONTINUE_NONE = 0,
	DM_CONTINUE_SIGNS_OF_VIOLATION = 1, /* the act shows signs of a violation of law */
	DM_CONTINUE_COERCED = 2,            /* withdrawn under threat, coercion or bribery */
	DM_CONTINUE_ABUSIVE = 3,            /* the denunciation was abused to slander */
};

/* The state an action changes: stored in the case record. */
struct dm_case_state {
	enum dm_status status;
	enum dm_track track;
	dm_day received, accepted, settled, closed;
	dm_day suspended_since;  /* DM_DAY_NONE unless suspended */
	int suspended_days;      /* finished suspensions */
	int extensions;
	enum dm_complexity complexity;
	unsigned flags;          /* enum dm_flag */
	int instance;
	enum dm_origin origin;   /* set at intake */
	enum dm_subject subject; /* set at intake (complaints) */
	unsigned criteria;       /* enum dm_criterion bits recorded by extend */
	enum dm_decision decision; /* the last suspend/terminate/resume */
	dm_day decided;          /* its day, DM_DAY_NONE if none */
};

/* The arguments an action may take (docs/API.md "Cases"); zero = none. */
struct dm_action_args {
	enum dm_complexity complexity;         /* extend (the old form) */
	unsigned criteria;                     /* extend: enum dm_criterion bits */
	enum dm_flag flag;                     /* flag */
	enum dm_continue_reason continue_reason; /* withdraw of a denunciation: Art. 33(3) */
};

int dm_action_parse(const char *s, enum dm_action *out) TC_WUR;
const char *dm_action_name(enum dm_action a);
int dm_flag_parse(const char *s, enum dm_flag *out) TC_WUR;
/* "several_places", "remote_area", "criminal_signs", "monitored", "delegated_verification"; "?". */
const char *dm_flag_name(enum dm_flag f);
/* "signs_of_violation", "coerced", "abusive". */
int dm_continue_reason_parse(const char *s, enum dm_continue_reason *out) TC_WUR;
const char *dm_continue_reason_name(enum dm_continue_reason r); /* "?" if none */
/* One criterion letter: "a", "b", "c", "d", "dd" (đ), "e", "g". */
int dm_criterion_parse(const char *s, enum dm_criterion *out) TC_WUR;
/* The letters of a mask, comma separated ("a,dd"), into buf; "" for none. */
const char *dm_criteria_format(unsigned criteria, char *buf, size_t cap);
/* Complexity from the criteria met: none, complicated (1), particularly (2+). */
enum dm_complexity dm_complexity_of_criteria(unsigned criteria);

/*
 * Apply a on day today. TC_ESTATE when the state or the law forbids it,
 * with *reason an English sentence saying why; TC_EINVAL for a missing or
 * meaningless argument. On failure s is unchanged.
 *   extend: complexity and/or criteria. With criteria, the complexity is
 *     derived from every criterion recorded so far (1 = complicated, 2+ =
 *     particularly complicated); a complexity given as well must agree. A
 *     denunciation gets one more extension (Art. 30); a complaint is
 *     declared complicated once (its longer period, Art. 28, 37, 50).
 *   withdraw: continue_reason (denunciations only, Art. 33(3)) keeps the
 *     case open in its status; *continued is set true (may be NULL).
 *   suspend, terminate, resume: record the decision and its day.
 */
int dm_action_apply_args(struct dm_case_state *s, enum dm_action a,
			 const struct dm_action_args *args, dm_day today, const char **reason,
			 bool *continued) TC_WUR;

/* The earlier form: complexity for extend, flag for flag. */
int dm_action_apply(struct dm_case_state *s, enum dm_action a, enum dm_complexity complexity,
		    enum dm_flag flag, dm_day today, const char **reason) TC_WUR;

/* The deadline engine's input for a state. */
void dm_action_clock(const struct dm_case_state *s, dm_day today, struct dm_clock *c);

#endif
