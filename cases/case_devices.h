/*
 * case_devices.h - monitors' enrolled browsers (docs/OPERATIONS.md
 * "Monitors"): a browser that once presented a monitor's sign-in code gets
 * a device credential, a random secret kept only in its cookie; the store
 * keeps a keyed hash of it (the caller's, under the server key) with the
 * monitor's public key, its dates and whether it was revoked, in the meta
 * database under CASE_DEVICE_PREFIX. Enrolment, each sign-in with it and
 * revocation are audited (CASE_AUDIT_DEVICE_*) in the same transaction.
 * No plaintext secret, no password, nothing about the browser is stored.
 */
#ifndef TOCAO_CASE_DEVICES_H
#define TOCAO_CASE_DEVICES_H

#include <stdint.h>

#include "dm_date.h"
#include "store.h"

#define CASE_DEVICE_PREFIX "monitor.device."
#define CASE_DEVICE_HASH_BYTES 32
#define CASE_DEVICE_PK_BYTES 32
#define CASE_DEVICE_ID_LEN 8 /* hex characters of the hash that name a device */

struct case_device {
	uint8_t hash[CASE_DEVICE_HASH_BYTES]; /* keyed hash of the secret */
	uint8_t pk[CASE_DEVICE_PK_BYTES];     /* the monitor it signs in */
	int64_t created, expires, revoked;    /* Unix seconds; revoked 0: in force */
};

enum case_device_op_kind { CASE_DEVICE_ENROL, CASE_DEVICE_SIGNIN, CASE_DEVICE_REVOKE };

/* Why a device cannot sign in (case_device_check). */
enum case_device_state { CASE_DEVICE_OK, CASE_DEVICE_UNKNOWN, CASE_DEVICE_EXPIRED,
			 CASE_DEVICE_REVOKED };

struct case_device_op {
	enum case_device_op_kind kind;
	struct case_device dev; /* ENROL: the record; SIGNIN: hash; REVOKE: hash and pk (owner) */
	int64_t now;
	dm_day day;
	enum case_device_state state; /* out: SIGNIN/REVOKE's finding (the write fails unless OK) */
};

/*
 * Inside a write: enrol (a new record, TC_EEXIST if its hash is taken),
 * sign in (TC_ESTATE unless the device is in force now; state says why),
 * or revoke (TC_ENOENT unless the device is op->dev.pk's, TC_ESTATE if
 * already revoked), each with its audit entry.
 */
int case_device_apply(struct store_txn *txn, struct case_device_op *op) TC_WUR;

/* The device of hash: TC_ENOENT if none. */
int case_device_get(struct store_txn *txn, const uint8_t hash[CASE_DEVICE_HASH_BYTES],
		    struct case_device *out) TC_WUR;
/* Whether d can sign in at now. */
enum case_device_state case_device_check(const struct case_device *d, int64_t now);

/* Each device of the monitor pk (every monitor's when pk is NULL), in hash order. */
typedef int (*case_device_fn)(const struct case_device *d, void *arg);
int case_devices_walk(struct store_txn *txn, const uint8_t *pk, case_device_fn fn,
		      void *arg) TC_WUR;

/* A device's short public name: the first CASE_DEVICE_ID_LEN hex characters of its hash. */
void case_device_id(const uint8_t hash[CASE_DEVICE_HASH_BYTES], char out[CASE_DEVICE_ID_LEN + 1]);

#endif
