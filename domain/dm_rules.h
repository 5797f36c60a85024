/*
 * dm_rules.h - the legal time limits as versioned data (data/rules/rules.txt).
 *
 * A rule set is in force from its effective date until the next set's;
 * a case is governed by the set in force on the day it was received.
 * Every rule carries its number, its unit and the article it rests on.
 * dm_init() loads the built-in sets once. An operator's file in the same
 * format (the instance's rule-sets.txt, dm_data.h) is laid over them: a
 * set of the same name replaces the built-in one, a new name adds a set.
 * Each result is an immutable collection (struct dm_rules) published in a
 * snapshot (dm_snapshot.h); lookups read the snapshot in force, and
 * returned pointers stay valid for the life of the process.
 */
#ifndef TOCAO_DM_RULES_H
#define TOCAO_DM_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "dm_date.h"
#include "dm_parse.h"
#include "tc_err.h"

/* The rules every set must define; the data names are in dm_rule_key_name(). */
enum dm_rule_key {
	DM_R_DEN_PROCESS,              /* denunciation.process: received -> process, Art. 24(1) */
	DM_R_DEN_PROCESS_SEVERAL,      /* denunciation.process_several_places */
	DM_R_DEN_TRANSFER,             /* denunciation.transfer, Art. 24(2) */
	DM_R_DEN_NOTIFY,               /* denunciation.notify_accepted, Art. 29(3) */
	DM_R_DEN_SETTLE,               /* denunciation.settle, Art. 30 (CD) */
	DM_R_DEN_EXTENSION,            /* denunciation.extension: length of one (CD) */
	DM_R_DEN_EXT_COMPLICATED,      /* denunciation.extensions_complicated: how many (N) */
	DM_R_DEN_EXT_PARTICULARLY,     /* denunciation.extensions_particularly (N) */
	DM_R_DEN_CONCLUSION_NOTIFY,    /* denunciation.conclusion_notify, Art. 35(3) */
	DM_R_INFO_DECIDE,              /* information.decide, Art. 25 */
	DM_R_C1_ACCEPT,                /* complaint1.accept, Law on Complaints Art. 27 */
	DM_R_C1_SETTLE,                /* complaint1.settle, Art. 28 (CD) */
	DM_R_C1_SETTLE_COMPLICATED,
	DM_R_C1_SETTLE_REMOTE,
	DM_R_C1_SETTLE_REMOTE_COMPLICATED,
	DM_R_C2_ACCEPT,                /* complaint2.accept, Art. 36 */
	DM_R_C2_SETTLE,                /* complaint2.settle, Art. 37 (CD) */
	DM_R_C2_SETTLE_COMPLICATED,
	DM_R_C2_SETTLE_REMOTE,
	DM_R_C2_SETTLE_REMOTE_COMPLICATED,
	DM_R_COMPLAINT_WINDOW,         /* complaint.filing_window, Art. 9 (informative) */
	DM_R_PETITION_PROCESS,         /* petition.process, Circular 05/2021 */
	/* Added for issue 12 (the law as amended); every set lists them too. */
	DM_R_DEN_PROCESS_DELEGATED,    /* denunciation.process_delegated: Art. 24(1), verification delegated */
	DM_R_DEN_FORWARDED_ANSWER,     /* denunciation.forwarded_answer: Art. 26(2), 20 CD from receipt */
	DM_R_DEN_SUSPEND_NOTIFY,       /* denunciation.suspend_notify: Art. 34, from the decision */
	DM_R_DEN_TERMINATE_NOTIFY,     /* denunciation.terminate_notify: Art. 34 */
	DM_R_C_SUSPEND_NOTIFY,         /* complaint.suspend_notify: Decree 124 Art. 28b(1); NA before 2026-07 */
	DM_R_C_RESUME_NOTIFY,          /* complaint.resume_notify: Decree 124 Art. 28b(2); NA before 2026-07 */
	DM_R_C2_WINDOW,                /* complaint2.filing_window: Law on Complaints Art. 33(1) (CD) */
	DM_R_C2_WINDOW_REMOTE,         /* complaint2.filing_window_remote: Art. 33(1) (CD) */
	DM_R_D1_WINDOW,                /* discipline1.filing_window: Art. 48 (CD) */
	DM_R_D2_WINDOW,                /* discipline2.filing_window: Art. 48 (CD) */
	DM_R_D2_WINDOW_DISMISSAL,      /* discipline2.filing_window_dismissal: Art. 48 (CD) */
	DM_R_D_ACCEPT,                 /* discipline.accept: Art. 50; operative WD per the decrees */
	DM_R_D_SETTLE,                 /* discipline.settle: Art. 50 (CD), both instances */
	DM_R_D_SETTLE_COMPLICATED,     /* discipline.settle_complicated: Art. 50 (CD) */
	DM_R_COUNT
};

enum dm_rule_unit {
	DM_RULE_WD = 1, /* working days (dm_cal_add_working_days) */
	DM_RULE_CD,     /* calendar days, end rolled to a working day */
	DM_RULE_N,      /* a plain count */
	DM_RULE_NA,     /* "NA": no such rule in this set (n is 0); only where dm_rule_may_be_absent() */
};

struct dm_rule {
	int n;
	enum dm_rule_unit unit;
	const char *basis;     /* "Luật Tố cáo 2018, Điều 24(1)" */
};

struct dm_rule_set {
	const char *name;      /* "2019", "2026-07" */
	dm_day effective;      /* first day in force */
	const char *title;     /* the laws it implements */
	struct dm_rule rule[DM_R_COUNT];
};

/*
 * Parse rule sets (text, len bytes). Called once by dm_init() with the
 * built-in data; TC_EBUSY if sets are already loaded. TC_EFORMAT with
 * *err (line and reason; err may be NULL) for a malformed file: unknown
 * rule, duplicate or missing rule, wrong unit, sets out of order, text
 * outside a set. TC_ENOMEM.
 */
int dm_rules_load(const char *text, size_t len, struct dm_parse_error *err) TC_WUR;

/*
 * Parse and check rule sets without loading them (for tests and for
 * checking an edited file). Same errors as dm_rules_load() but TC_EBUSY.
 */
int dm_rules_check(const char *text, size_t len, struct dm_parse_error *err) TC_WUR;

/* Rule sets as one immutable collection (dm_rules.c); never freed. */
struct dm_rules;

/*
 * Parse a file of sets and lay it over base (NULL: none): a set named as
 * one of base's replaces it, whatever its effective date; another is
 * added. The result is ordered by effective date; two sets taking effect
 * on the same day are refused (TC_EFORMAT, the line of the operator's
 * set). Otherwise the errors of dm_rules_check(). *out is NULL on failure.
 */
int dm_rules_build(const struct dm_rules *base, const char *text, size_t len,
		   struct dm_parse_error *err, const struct dm_rules **out) TC_WUR;

/* The built-in sets (dm_init()); NULL before. */
const struct dm_rules *dm_rules_builtin(void);
size_t dm_rules_count(const struct dm_rules *r);
const struct dm_rule_set *dm_rules_at(const struct dm_rules *r, size_t i);

/*
 * Fingerprints (FNV-1a 64): of one set (name, effective date, every
 * rule's number, unit and basis), and of a collection (its sets' in order).
 */
uint64_t dm_rule_set_fingerprint(const struct dm_rule_set *set);
uint64_t dm_rules_fingerprint(const struct dm_rules *r);

/* The set in force on day (in the snapshot in force); NULL before the first set or if none is loaded. */
const struct dm_rule_set *dm_rules_for(dm_day day);

size_t dm_rule_set_count(void);
const struct dm_rule_set *dm_rule_set_at(size_t i);   /* by effective date; NULL past the end */

/* Data name of a rule ("denunciation.process"), "?" out of range. */
const char *dm_rule_key_name(enum dm_rule_key k);

/*
 * Whether a set may say that rule k does not exist in it (unit NA): the
 * complaint decision notices of Decree 124 Art. 28b, which only exist from
 * Decree 155/2026 (2026-07-01) on.
 */
int dm_rule_may_be_absent(enum dm_rule_key k);

/* Whether rule r of a set applies (false for NA). */
static inline int dm_rule_applies(const struct dm_rule *r)
{
	return r->unit == DM_RULE_WD || r->unit == DM_RULE_CD || r->unit == DM_RULE_N;
}

#endif
