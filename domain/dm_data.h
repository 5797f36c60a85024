/*
 * dm_data.h - the domain data in force as a whole: the built-in calendar
 * and rule sets with an operator's corrections laid over them, built into
 * one snapshot (dm_snapshot.h), and its fingerprint (docs/DEADLINES.md §9).
 *
 * Corrections come from the instance directory (instance.h reads the
 * files): calendar notices (the format of data/calendar/notices.txt) and
 * rule sets (the format of data/rules/rules.txt; a set named as a
 * built-in one replaces it, another name adds a set). Both are validated
 * completely before anything is published; a reload builds from the
 * built-in data again, so removing a correction from a file removes it.
 *
 * The fingerprint is a short text naming a hash of each part:
 *   "cal:<16 hex> set:<name>:<16 hex> set:<name>:<16 hex> ..."
 * (FNV-1a 64: dm_cal_fingerprint(), dm_rule_set_fingerprint()). It is not
 * a security measure, only a way to notice that the data changed since
 * the store's cases were computed; from the old text, dm_data_cause() says
 * what changed for one case.
 */
#ifndef TOCAO_DM_DATA_H
#define TOCAO_DM_DATA_H

#include <stddef.h>

#include "dm_date.h"
#include "dm_parse.h"
#include "dm_snapshot.h"
#include "tc_err.h"

/* An operator's files, as bytes; an absent file is NULL (or length 0). */
struct dm_corrections {
	const char *notices;
	size_t notices_len;
	const char *rules;
	size_t rules_len;
};

enum dm_data_file { DM_DATA_NONE = 0, DM_DATA_NOTICES, DM_DATA_RULES };

/*
 * Build a snapshot of the built-in data with the corrections laid over it;
 * nothing is published (dm_snapshot_install() does that). TC_ESTATE before
 * dm_init(); a bad file: TC_EFORMAT or TC_ERANGE with *which naming it and
 * *err its line and reason; TC_ENOMEM.
 */
int dm_data_build(const struct dm_corrections *c, const struct dm_snapshot **out,
		  struct dm_parse_error *err, enum dm_data_file *which) TC_WUR;

#define DM_FINGERPRINT_MAX 2048

/* The fingerprint text of s (above); -ENOBUFS if cap is too small. */
int dm_data_fingerprint(const struct dm_snapshot *s, char *out, size_t cap) TC_WUR;

/*
 * What changed for a case received on day, between the data whose
 * fingerprint is old (NULL or "": unknown) and s: "rules NAME" when the
 * set governing the case is new or differs, else "calendar". At most
 * cap - 1 characters (a timeline event's detail holds 16).
 */
void dm_data_cause(const char *old, const struct dm_snapshot *s, dm_day received, char *out,
		   size_t cap);

/* The set of s in force on day (not necessarily the published snapshot); NULL if none. */
const struct dm_rule_set *dm_data_rules_for(const struct dm_snapshot *s, dm_day day);

#endif
