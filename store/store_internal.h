/* store_internal.h - what store_counts.c needs from store.c. Not for use outside store/. */
#ifndef TOCAO_STORE_INTERNAL_H
#define TOCAO_STORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "store_counts.h"

void store_put_day_key(uint8_t *p, int32_t day);
int32_t store_get_day_key(const uint8_t *p);

/* Add delta to the signed 64-bit counter at key (absent: 0). */
int store_count_add(struct store_txn *txn, const uint8_t *key, size_t len, int64_t delta) TC_WUR;

/*
 * Add every counter of from_kind into the counter with kind to_kind and
 * day day_to_bucket(day), the rest of the key unchanged (key length len).
 */
int store_count_rollup(struct store_txn *txn, uint8_t from_kind, uint8_t to_kind, size_t len,
		       int32_t (*day_to_bucket)(int32_t day)) TC_WUR;

/* Walk counters from start while the kind matches and the day (key bytes 1-4) <= end_day. */
int store_count_walk(struct store_txn *txn, const uint8_t *start, size_t len,
		     const uint8_t end_day[4], store_count_fn fn, void *arg,
		     void (*decode)(const uint8_t *key, struct store_count_key *out)) TC_WUR;

#endif
