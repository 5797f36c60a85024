/*
 * case_recompute.c - overdue now and was late, and recomputing open cases
 * when the calendar or the rule sets change (cases.h, docs/DEADLINES.md §9).
 */
#include <stdlib.h>
#include <string.h>

#include "case_counts.h"
#include "case_notices.h"
#include "cases.h"
#include "dm_deadline.h"
#include "dm_watch.h"

bool case_overdue_now(const struct store_case *c, dm_day today)
{
	dm_day due = dm_watch_due_days((enum dm_status)c->status, c->deadlines);
	return dm_watch_days_overdue(due, today) > 0;
}

void case_overdue_derive(struct store_case *c, dm_day today)
{
	if (case_overdue_now(c, today))
		c->flags |= STORE_FLAG_OVERDUE | STORE_FLAG_WAS_LATE;
	else
		c->flags &= ~(uint32_t)STORE_FLAG_OVERDUE;
}

void case_set_deadlines(struct store_case *c, const struct dm_deadlines *dl)
{
	c->provisional = 0;
	for (int k = 0; k < DM_DL_COUNT; k++) {
		c->deadlines[k] = dl->at[k];
		if (dl->at[k] != DM_DAY_NONE && dl->provisional[k])
			c->provisional |= (uint8_t)(1u << k);
	}
	c->next_deadline = dm_watch_due((enum dm_status)c->status, dl);
}

/* A day done after the deadline it answered: both present and day later. */
static bool late(int32_t day, int32_t due)
{
	return day != STORE_DAY_NONE && due != STORE_DAY_NONE && day > due;
}

static bool same(const struct store_case *a, const struct store_case *b)
{
	return memcmp(a->deadlines, b->deadlines, sizeof(a->deadlines)) == 0 &&
	       a->provisional == b->provisional && a->next_deadline == b->next_deadline &&
	       a->flags == b->flags;
}

bool case_recompute_one(const struct store_case *before, dm_day today, struct store_case *after,
			int *rc)
{
	*after = *before;
	*rc = TC_OK;
	if (dm_status_is_closed((enum dm_status)before->status))
		return false;
	struct dm_case_state s;
	struct dm_clock clk;
	struct dm_deadlines dl;
	case_state_of(before, &s);
	/* As stored at suspension: the running suspension is added when it resumes. */
	dm_day at = before->suspended_since != STORE_DAY_NONE ? before->suspended_since : today;
	dm_action_clock(&s, at, &clk);
	if (dm_deadlines_compute(&clk, &dl) != TC_OK) {
		*rc = TC_ESTATE;
		return false;
	}
	case_set_deadlines(after, &dl);
	if (late(after->accepted, after->deadlines[DM_DL_PROCESS]) ||
	    late(after->settled, after->deadlines[DM_DL_SETTLE]))
		after->flags |= STORE_FLAG_WAS_LATE;
	case_overdue_derive(after, today);
	return !same(before, after);
}

int case_recompute_apply(struct store_txn *txn, struct case_recompute *op)
{
	static const uint8_t system_actor[CASE_ACTOR_LEN];
	op->checked = op->changed = 0;
	const struct dm_snapshot *snap = dm_snapshot_current();
	for (size_t i = 0; i < op->n; i++) {
		struct store_case before, after;
		int rc = store_case_get(txn, op->ids[i], &before);
		if (rc == TC_ENOENT)
			continue;
		if (rc != TC_OK)
			return rc;
		op->checked++;
		int crc;
		if (!case_recompute_one(&before, op->today, &after, &crc))
			continue; /* unchanged, closed, or not computable: left as it is */
		char cause[STORE_AUDIT_DETAIL + 1];
		dm_data_cause(op->old_fingerprint, snap, before.received, cause, sizeof(cause));
		rc = store_case_put(txn, &after, false);
		if (rc == TC_OK)
			rc = case_counts_change(txn, &before, &after, op->today);
		if (rc == TC_OK)
			rc = case_notices_reindex(txn, &before, &after);
		if (rc == TC_OK)
			rc = store_event_append(txn, after.case_id, op->today,
						CASE_EVENT_DEADLINES_RECOMPUTED, cause);
		if (rc == TC_OK)
			rc = case_audit_append(txn, CASE_AUDIT_RECOMPUTE, system_actor, op->today,
					       after.case_id, cause);
		if (rc != TC_OK)
			return rc;
		op->changed++;
	}
	return TC_OK;
}

/* ---- The whole run ---- */

struct id_list {
	char (*ids)[STORE_CASE_ID_LEN + 1];
	size_t n, cap;
	int rc;
};

static int collect_open(const struct store_case *c, void *arg)
{
	struct id_list *l = arg;
	if (dm_status_is_closed((enum dm_status)c->status))
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 1024;
		void *p = realloc(l->ids, cap * sizeof(*l->ids));
		if (p == NULL) {
			l->rc = TC_ENOMEM;
			return 1;
		}
		l->ids = p;
		l->cap = cap;
	}
	memcpy(l->ids[l->n++], c->case_id, STORE_CASE_ID_LEN + 1);
	return 0;
}

/* The stored fingerprint and the open cases, in one read. */
static int read_state(struct store *st, struct case_recompute_run *run, struct id_list *l)
{
	struct store_txn *t = NULL;
	size_t len = 0;
	int rc = store_read_begin(st, &t);
	if (rc != TC_OK)
		return rc;
	rc = store_meta_get(t, CASE_META_DOMAIN, run->old_fingerprint,
			    sizeof(run->old_fingerprint) - 1, &len);
	run->old_fingerprint[rc == TC_OK ? len : 0] = '\0';
	rc = rc == TC_ENOENT || rc == -ENOBUFS ? TC_OK : rc;
	run->needed = run->force || strcmp(run->old_fingerprint, run->new_fingerprint) != 0;
	if (rc == TC_OK && run->needed)
		rc = store_all_cases(t, collect_open, l);
	if (rc == TC_OK)
		rc = l->rc;
	store_read_end(t);
	return rc;
}

/* Dry run: what would change, reported case by case; nothing written. */
static int dry_run(struct store *st, struct case_recompute_run *run, const struct id_list *l)
{
	struct store_txn *t = NULL;
	int rc = store_read_begin(st, &t);
	const struct dm_snapshot *snap = dm_snapshot_current();
	for (size_t i = 0; rc == TC_OK && i < l->n; i++) {
		struct store_case before, after;
		int crc = store_case_get(t, l->ids[i], &before);
		if (crc == TC_ENOENT)
			continue;
		rc = crc;
		if (rc != TC_OK)
			break;
		run->checked++;
		if (!case_recompute_one(&before, run->today, &after, &crc))
			continue;
		run->changed++;
		char cause[STORE_AUDIT_DETAIL + 1];
		dm_data_cause(run->old_fingerprint, snap, before.received, cause, sizeof(cause));
		if (run->report)
			run->report(&before, &after, cause, run->arg);
	}
	store_read_end(t);
	return rc;
}

static int put_fingerprint(struct store_txn *txn, struct store_write *w)
{
	const char *fp = w->arg;
	return store_meta_put(txn, CASE_META_DOMAIN, fp, strlen(fp));
}

/* Writes of CASE_RECOMPUTE_BATCH cases, one after another, then the fingerprint. */
static int apply_batches(struct store *st, struct case_recompute_run *run,
			 const struct id_list *l)
{
	int rc = TC_OK;
	for (size_t at = 0; rc == TC_OK && at < l->n; at += CASE_RECOMPUTE_BATCH) {
		struct case_recompute op = {.today = run->today,
					    .old_fingerprint = run->old_fingerprint,
					    .ids = l->ids + at,
					    .n = l->n - at < CASE_RECOMPUTE_BATCH ? l->n - at
										  : CASE_RECOMPUTE_BATCH};
		struct case_write cw;
		case_write_init(&cw, CASE_OP_RECOMPUTE, &op);
		rc = store_submit_wait(st, &cw.w);
		run->checked += op.checked;
		run->changed += op.changed;
		if (rc == TC_OK && run->cancelled && run->cancelled(run->arg))
			rc = TC_ESTOPPED;
	}
	if (rc == TC_OK) {
		struct store_write w = {.apply = put_fingerprint, .arg = run->new_fingerprint};
		rc = store_submit_wait(st, &w);
	}
	return rc;
}

int case_recompute_all(struct store *st, struct case_recompute_run *run)
{
	struct id_list l = {0};
	run->checked = run->changed = 0;
	run->needed = false;
	int rc = dm_data_fingerprint(dm_snapshot_current(), run->new_fingerprint,
				     sizeof(run->new_fingerprint));
	if (rc == TC_OK)
		rc = read_state(st, run, &l);
	if (rc == TC_OK && run->needed)
		rc = run->dry_run ? dry_run(st, run, &l) : apply_batches(st, run, &l);
	free(l.ids);
	return rc;
}
