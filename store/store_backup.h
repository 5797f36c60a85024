/*
 * store_backup.h - a consistent, compacted copy of an open store, streamed
 * to the caller (docs/OPERATIONS.md "Backup and restore"). It runs beside
 * the daemon: LMDB copies one read transaction's snapshot, so writers go on
 * and nothing committed before the copy began is missing from it.
 */
#ifndef TOCAO_STORE_BACKUP_H
#define TOCAO_STORE_BACKUP_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* Where the copy's bytes go, in order: 0, or an error that stops the backup. */
typedef int (*store_sink_fn)(void *arg, const uint8_t *data, size_t len);

/*
 * The bytes the store's pages use now (up to its last page in use): an
 * upper bound of the compacted copy's size, for a progress bar.
 */
uint64_t store_used_bytes(struct store *st);

/*
 * Stream a copy of the store (LMDB's mdb_env_copyfd2 with MDB_CP_COMPACT:
 * free pages left out, every database rewritten in order) through a pipe
 * to sink; nothing is written to a file. *bytes gets the copy's size. The
 * sink's error if it failed (the copy is then drained and discarded, so
 * that LMDB's writer never meets a closed pipe), else the copy's.
 */
int store_backup(struct store *st, store_sink_fn sink, void *arg, uint64_t *bytes) TC_WUR;

/* The name of the store's data file inside its directory (what a restore writes). */
#define STORE_DATA_FILE "data.mdb"

#endif
