/*
 * dm_snapshot.h - the domain data in force (calendar + rule sets), as one
 * immutable snapshot behind an atomic pointer (docs/DEADLINES.md §9).
 *
 * The calendar (dm_calendar.c) and the rule sets (dm_rules.c) are built
 * into immutable objects; a snapshot pairs one of each with their
 * fingerprints. Publishing a new snapshot is one atomic store: readers on
 * any thread (the event loops, the store's writer, the reader thread, the
 * CLI) take the current pointer for each computation and never see a half
 * built one. Snapshots are never freed: reloads are rare (an operator's
 * SIGHUP), each costs about 0.7 MB, and a reader may still hold the old
 * pointer (a rule set's address is kept in struct dm_deadlines).
 *
 * Pinning: dm_snapshot_pin() makes the calling thread keep the snapshot
 * current at that moment until the matching dm_snapshot_unpin(), so that
 * a computation made of several calendar queries (dm_deadlines_compute)
 * uses one snapshot throughout. Pins nest.
 *
 * This module knows neither the calendar's nor the rules' layout (both
 * include this header, not the other way round).
 */
#ifndef TOCAO_DM_SNAPSHOT_H
#define TOCAO_DM_SNAPSHOT_H

#include <stdint.h>

struct dm_cal;   /* dm_calendar.c */
struct dm_rules; /* dm_rules.c */

struct dm_snapshot {
	const struct dm_cal *cal;     /* NULL until the built-in calendar is loaded */
	const struct dm_rules *rules; /* NULL until the built-in rule sets are loaded */
	uint64_t cal_fp, rules_fp;    /* their fingerprints (FNV-1a 64, see dm_data.h) */
	unsigned generation;          /* 1, 2, ...: in the order they were made */
};

/* The snapshot in force (this thread's pinned one, if pinned). Never NULL. */
const struct dm_snapshot *dm_snapshot_current(void);

/*
 * Make and publish a snapshot of cal and rules (either may be the current
 * one's). TC_ENOMEM leaves the current one in force.
 */
int dm_snapshot_publish(const struct dm_cal *cal, uint64_t cal_fp, const struct dm_rules *rules,
			uint64_t rules_fp);

/* Publish an already made snapshot (dm_data_build()'s). */
void dm_snapshot_install(const struct dm_snapshot *s);

/* Make one without publishing it. NULL on allocation failure. */
const struct dm_snapshot *dm_snapshot_make(const struct dm_cal *cal, uint64_t cal_fp,
					   const struct dm_rules *rules, uint64_t rules_fp);

/*
 * Keep a block for the life of the process (a snapshot, a calendar, the
 * text a rule set's strings point into): listed here, so that it stays
 * reachable after a newer snapshot replaces the one that used it.
 * TC_ENOMEM if the list cannot grow (the block is then not kept: free it).
 */
int dm_keep(void *block);

void dm_snapshot_pin(void);
void dm_snapshot_unpin(void);

/* FNV-1a 64 over len bytes, continuing from h (start with DM_FNV_OFFSET). */
#define DM_FNV_OFFSET 0xcbf29ce484222325ULL
uint64_t dm_fnv1a(uint64_t h, const void *data, unsigned long len);

#endif
