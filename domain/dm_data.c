/*
 * dm_data.c - building the data in force from the built-in data and an
 * operator's corrections, and its fingerprint (dm_data.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dm_calendar.h"
#include "dm_data.h"
#include "dm_rules.h"

int dm_data_build(const struct dm_corrections *c, const struct dm_snapshot **out,
		  struct dm_parse_error *err, enum dm_data_file *which)
{
	const struct dm_cal *cal = dm_cal_builtin();
	const struct dm_rules *rules = dm_rules_builtin();
	*out = NULL;
	*which = DM_DATA_NONE;
	if (cal == NULL || rules == NULL)
		return TC_ESTATE;
	int rc = TC_OK;
	if (c->notices != NULL && c->notices_len > 0) {
		rc = dm_cal_build(cal, c->notices, c->notices_len, err, &cal);
		if (rc != TC_OK) {
			*which = DM_DATA_NOTICES;
			return rc;
		}
	}
	if (c->rules != NULL && c->rules_len > 0) {
		rc = dm_rules_build(rules, c->rules, c->rules_len, err, &rules);
		if (rc != TC_OK) {
			*which = DM_DATA_RULES;
			return rc;
		}
	}
	*out = dm_snapshot_make(cal, dm_cal_fingerprint(cal), rules, dm_rules_fingerprint(rules));
	return *out != NULL ? TC_OK : TC_ENOMEM;
}

int dm_data_fingerprint(const struct dm_snapshot *s, char *out, size_t cap)
{
	size_t n = (size_t)snprintf(out, cap, "cal:%016" PRIx64, s->cal_fp);
	for (size_t i = 0; n < cap && i < dm_rules_count(s->rules); i++) {
		const struct dm_rule_set *set = dm_rules_at(s->rules, i);
		n += (size_t)snprintf(out + n, cap - n, " set:%s:%016" PRIx64, set->name,
				      dm_rule_set_fingerprint(set));
	}
	return n < cap ? TC_OK : -ENOBUFS;
}

const struct dm_rule_set *dm_data_rules_for(const struct dm_snapshot *s, dm_day day)
{
	const struct dm_rule_set *found = NULL;
	for (size_t i = 0; day != DM_DAY_NONE && i < dm_rules_count(s->rules); i++) {
		const struct dm_rule_set *set = dm_rules_at(s->rules, i);
		if (set->effective > day)
			break;
		found = set;
	}
	return found;
}

void dm_data_cause(const char *old, const struct dm_snapshot *s, dm_day received, char *out,
		   size_t cap)
{
	const struct dm_rule_set *set = dm_data_rules_for(s, received);
	snprintf(out, cap, "calendar");
	if (set == NULL)
		return;
	char want[160];
	snprintf(want, sizeof(want), " set:%s:%016" PRIx64 "", set->name,
		 dm_rule_set_fingerprint(set));
	/* The entry must match whole: followed by a space or the end. */
	const char *p = old != NULL ? strstr(old, want) : NULL;
	size_t wl = strlen(want);
	bool same = p != NULL && (p[wl] == ' ' || p[wl] == '\0');
	if (!same)
		snprintf(out, cap, "rules %s", set->name);
}
