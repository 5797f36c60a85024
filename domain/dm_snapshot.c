/*
 * dm_snapshot.c - the atomic pointer to the domain data in force
 * (dm_snapshot.h). Snapshots are allocated once and never freed.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "dm_snapshot.h"
#include "tc_err.h"

/* Before anything is loaded: no calendar, no rules (queries answer "not loaded"). */
static const struct dm_snapshot empty;
static _Atomic(const struct dm_snapshot *) current = &empty;
static atomic_uint generations;

/* Every block kept for the life of the process (dm_keep). */
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static void **kept;
static size_t n_kept, cap_kept;

int dm_keep(void *block)
{
	int rc = TC_OK;
	pthread_mutex_lock(&kept_lock);
	if (n_kept == cap_kept) {
		size_t cap = cap_kept ? cap_kept * 2 : 32;
		void **k = realloc(kept, cap * sizeof(*k));
		if (k == NULL)
			rc = TC_ENOMEM;
		else {
			kept = k;
			cap_kept = cap;
		}
	}
	if (rc == TC_OK)
		kept[n_kept++] = block;
	pthread_mutex_unlock(&kept_lock);
	return rc;
}

static _Thread_local const struct dm_snapshot *pinned;
static _Thread_local unsigned pin_depth;

const struct dm_snapshot *dm_snapshot_current(void)
{
	if (pinned != NULL)
		return pinned;
	return atomic_load_explicit(&current, memory_order_acquire);
}

const struct dm_snapshot *dm_snapshot_make(const struct dm_cal *cal, uint64_t cal_fp,
					   const struct dm_rules *rules, uint64_t rules_fp)
{
	struct dm_snapshot *s = calloc(1, sizeof(*s));
	if (s == NULL || dm_keep(s) != TC_OK) {
		free(s);
		return NULL;
	}
	*s = (struct dm_snapshot){.cal = cal, .rules = rules, .cal_fp = cal_fp,
				  .rules_fp = rules_fp,
				  .generation = atomic_fetch_add(&generations, 1) + 1};
	return s;
}

void dm_snapshot_install(const struct dm_snapshot *s)
{
	atomic_store_explicit(&current, s, memory_order_release);
}

int dm_snapshot_publish(const struct dm_cal *cal, uint64_t cal_fp, const struct dm_rules *rules,
			uint64_t rules_fp)
{
	const struct dm_snapshot *s = dm_snapshot_make(cal, cal_fp, rules, rules_fp);
	if (s == NULL)
		return TC_ENOMEM;
	dm_snapshot_install(s);
	return TC_OK;
}

void dm_snapshot_pin(void)
{
	if (pin_depth++ == 0)
		pinned = atomic_load_explicit(&current, memory_order_acquire);
}

void dm_snapshot_unpin(void)
{
	if (pin_depth > 0 && --pin_depth == 0)
		pinned = NULL;
}

uint64_t dm_fnv1a(uint64_t h, const void *data, unsigned long len)
{
	const unsigned char *p = data;
	for (unsigned long i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}
