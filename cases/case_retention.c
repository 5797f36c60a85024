/*
 * case_retention.c - the archival floors and the deletion of closed cases.
 *
 * The floors: Thông tư 01/2025/TT-TTCP (Government Inspectorate, 19 June
 * 2025, in force 1 July 2025) sets the retention periods of the inspection
 * sector's files; the summary of it we could read gives 20 years for the
 * inspection files of ordinary matters ("vụ việc khác") and permanent
 * keeping for serious ones. We could not read the rows for complaint and
 * denunciation settlement files themselves, so every track's floor is that
 * 20 years, and a case flagged with signs of a crime (the nearest a record
 * of tocao comes to "serious") is never deleted automatically. An operator
 * who has the text may only lengthen these (docs/OPERATIONS.md "Retention").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "dm_case.h"
#include "case_codes.h"
#include "cases.h"
#include "case_notices.h"
#include "case_retention.h"

#define TT_01_2025 "Thông tư 01/2025/TT-TTCP (retention periods of the inspection sector's files): " \
	"20 years for ordinary matters, permanent for serious ones"

static const struct case_retention_rule rules[CASE_RET_TRACKS] = {
	[CASE_RET_DENUNCIATION] = {"denunciation", 20, TT_01_2025},
	[CASE_RET_COMPLAINT] = {"complaint", 20, TT_01_2025},
	[CASE_RET_PETITION] = {"petition", 20, TT_01_2025},
};

void case_retention_from_conf(const struct tc_conf *conf, struct case_retention_policy *p)
{
	p->years[CASE_RET_DENUNCIATION] = conf->retention_denunciation_years;
	p->years[CASE_RET_COMPLAINT] = conf->retention_complaint_years;
	p->years[CASE_RET_PETITION] = conf->retention_petition_years;
}

bool case_retention_keeps_all(const struct case_retention_policy *p)
{
	for (int t = 0; t < CASE_RET_TRACKS; t++)
		if (p->years[t] > 0)
			return false;
	return true;
}

const struct case_retention_rule *case_retention_rule(enum case_retention_track t)
{
	return (unsigned)t < CASE_RET_TRACKS ? &rules[t] : NULL;
}

int case_retention_check(const struct case_retention_policy *p, char *err, size_t cap)
{
	for (int t = 0; t < CASE_RET_TRACKS; t++) {
		int y = p->years[t];
		if (y != 0 && y < rules[t].min_years) {
			snprintf(err, cap,
				 "retention_%s_years = %d is shorter than the law allows (%d years: %s); "
				 "set at least %d, or 0 to keep for ever",
				 rules[t].track, y, rules[t].min_years, rules[t].citation,
				 rules[t].min_years);
			return TC_EINVAL;
		}
	}
	return TC_OK;
}

static int track_of(const struct store_case *c)
{
	switch ((enum dm_track)c->track) {
	case DM_TRACK_DENUNCIATION:
	case DM_TRACK_INFORMATION: return CASE_RET_DENUNCIATION;
	case DM_TRACK_COMPLAINT: return CASE_RET_COMPLAINT;
	case DM_TRACK_PETITION: return CASE_RET_PETITION;
	}
	return -1;
}

dm_day case_retention_due(const struct case_retention_policy *p, const struct store_case *c)
{
	int t = track_of(c);
	if (t < 0 || p->years[t] <= 0 || !dm_status_is_closed((enum dm_status)c->status) ||
	    c->closed == STORE_DAY_NONE || (c->flags & STORE_FLAG_CRIMINAL_SIGNS))
		return DM_DAY_NONE;
	int y, m, d;
	dm_day_to_ymd(c->closed, &y, &m, &d);
	y += p->years[t];
	if (m == 2 && d == 29)
		d = 28; /* the anniversary of 29 February in a common year */
	dm_day due;
	return dm_day_from_ymd(y, m, d, &due) ? due : DM_DAY_NONE;
}

struct scan {
	const struct case_retention_policy *p;
	dm_day today;
	case_retention_fn fn;
	void *arg;
};

static int scan_one(const struct store_case *c, void *arg)
{
	struct scan *s = arg;
	dm_day due = case_retention_due(s->p, c);
	if (due == DM_DAY_NONE || due > s->today)
		return 0;
	return s->fn(c, due, s->arg);
}

int case_retention_scan(struct store_txn *txn, const struct case_retention_policy *p,
			dm_day today, case_retention_fn fn, void *arg)
{
	struct scan s = {.p = p, .today = today, .fn = fn, .arg = arg};
	return store_all_cases(txn, scan_one, &s);
}

/* The case's small values in the meta database: its assignee, a pending transfer, its reception. */
static int del_meta(struct store_txn *txn, const char *id)
{
	char name[64];
	snprintf(name, sizeof(name), "%s%s", CASE_META_ASSIGN, id);
	int rc = store_meta_del(txn, name);
	snprintf(name, sizeof(name), "%s%s", CASE_META_HANDOVER, id);
	rc = rc == TC_OK ? store_meta_del(txn, name) : rc;
	snprintf(name, sizeof(name), "%s%s", CASE_META_RECEPTION, id);
	return rc == TC_OK ? store_meta_del(txn, name) : rc;
}

int case_retention_apply(struct store_txn *txn, const struct case_retention_policy *p,
			 dm_day today, const char (*ids)[STORE_CASE_ID_LEN + 1], size_t n,
			 size_t *deleted)
{
	*deleted = 0;
	char (*keep)[STORE_CASE_ID_LEN + 1] = NULL;
	int rc = TC_OK;
	if (n > 0 && (keep = calloc(n, sizeof(*keep))) == NULL)
		return TC_ENOMEM;
	for (size_t i = 0; rc == TC_OK && i < n; i++) {
		struct store_case c;
		rc = store_case_get(txn, ids[i], &c);
		if (rc == TC_ENOENT) {
			rc = TC_OK; /* already gone */
			continue;
		}
		dm_day due = rc == TC_OK ? case_retention_due(p, &c) : DM_DAY_NONE;
		if (rc != TC_OK || due == DM_DAY_NONE || due > today)
			continue;
		char closed[DM_DAY_STRLEN];
		dm_day_format(c.closed, closed);
		rc = case_audit_append(txn, CASE_AUDIT_RETENTION_DELETE, NULL, today, c.case_id,
				       closed);
		if (rc == TC_OK)
			rc = del_meta(txn, c.case_id);
		if (rc == TC_OK)
			rc = case_notices_purge(txn, &c);
		if (rc == TC_OK)
			memcpy(keep[(*deleted)++], c.case_id, STORE_CASE_ID_LEN + 1);
	}
	if (rc == TC_OK)
		rc = store_cases_purge(txn, (const char (*)[STORE_CASE_ID_LEN + 1])keep, *deleted);
	free(keep);
	if (rc != TC_OK)
		*deleted = 0;
	return rc;
}
