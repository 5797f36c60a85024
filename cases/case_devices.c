/* case_devices.c - monitors' enrolled browsers (case_devices.h). */
#include <stdio.h>
#include <string.h>

#include "cases.h"
#include "case_devices.h"

/* The record: version (1) || pk (32) || created, expires, revoked (8 each, big-endian). */
#define DEVICE_VERSION 1
#define DEVICE_RECORD_LEN (1 + CASE_DEVICE_PK_BYTES + 3 * 8)
#define DEVICE_NAME_LEN (sizeof(CASE_DEVICE_PREFIX) - 1 + 2 * CASE_DEVICE_HASH_BYTES)

static void put64(uint8_t *p, int64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)((uint64_t)v >> (56 - 8 * i));
}

static int64_t get64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return (int64_t)v;
}

static void hex(const uint8_t *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static int unhex(const char *in, size_t n, uint8_t *out)
{
	for (size_t i = 0; i < n; i++) {
		int v = 0;
		for (int j = 0; j < 2; j++) {
			char c = in[2 * i + j];
			int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
			if (d < 0)
				return TC_EFORMAT;
			v = v << 4 | d;
		}
		out[i] = (uint8_t)v;
	}
	return TC_OK;
}

static void device_name(const uint8_t hash[CASE_DEVICE_HASH_BYTES], char out[DEVICE_NAME_LEN + 1])
{
	memcpy(out, CASE_DEVICE_PREFIX, sizeof(CASE_DEVICE_PREFIX) - 1);
	hex(hash, CASE_DEVICE_HASH_BYTES, out + sizeof(CASE_DEVICE_PREFIX) - 1);
}

static void encode(const struct case_device *d, uint8_t out[DEVICE_RECORD_LEN])
{
	out[0] = DEVICE_VERSION;
	memcpy(out + 1, d->pk, CASE_DEVICE_PK_BYTES);
	put64(out + 1 + CASE_DEVICE_PK_BYTES, d->created);
	put64(out + 9 + CASE_DEVICE_PK_BYTES, d->expires);
	put64(out + 17 + CASE_DEVICE_PK_BYTES, d->revoked);
}

static int decode(const uint8_t *in, size_t len, struct case_device *d)
{
	if (len != DEVICE_RECORD_LEN || in[0] != DEVICE_VERSION)
		return TC_ECORRUPT;
	memcpy(d->pk, in + 1, CASE_DEVICE_PK_BYTES);
	d->created = get64(in + 1 + CASE_DEVICE_PK_BYTES);
	d->expires = get64(in + 9 + CASE_DEVICE_PK_BYTES);
	d->revoked = get64(in + 17 + CASE_DEVICE_PK_BYTES);
	return TC_OK;
}

void case_device_id(const uint8_t hash[CASE_DEVICE_HASH_BYTES], char out[CASE_DEVICE_ID_LEN + 1])
{
	hex(hash, CASE_DEVICE_ID_LEN / 2, out);
}

int case_device_get(struct store_txn *txn, const uint8_t hash[CASE_DEVICE_HASH_BYTES],
		    struct case_device *out)
{
	char name[DEVICE_NAME_LEN + 1];
	uint8_t rec[DEVICE_RECORD_LEN + 1];
	size_t len = 0;
	device_name(hash, name);
	int rc = store_meta_get(txn, name, rec, sizeof(rec), &len);
	if (rc == -ENOBUFS)
		return TC_ECORRUPT;
	if (rc != TC_OK)
		return rc;
	memcpy(out->hash, hash, CASE_DEVICE_HASH_BYTES);
	return decode(rec, len, out);
}

enum case_device_state case_device_check(const struct case_device *d, int64_t now)
{
	if (d->revoked)
		return CASE_DEVICE_REVOKED;
	return now < d->expires ? CASE_DEVICE_OK : CASE_DEVICE_EXPIRED;
}

static int put(struct store_txn *txn, const struct case_device *d)
{
	char name[DEVICE_NAME_LEN + 1];
	uint8_t rec[DEVICE_RECORD_LEN];
	device_name(d->hash, name);
	encode(d, rec);
	return store_meta_put(txn, name, rec, sizeof(rec));
}

static int audit_device(struct store_txn *txn, enum case_audit_kind kind, const struct case_device *d,
			dm_day day)
{
	struct case_audit_read a = {.kind = kind, .day = day};
	char id[CASE_DEVICE_ID_LEN + 1];
	_Static_assert(CASE_ACTOR_LEN == CASE_DEVICE_PK_BYTES, "the actor is the monitor's key");
	memcpy(a.actor, d->pk, sizeof(a.actor));
	case_device_id(d->hash, id);
	snprintf(a.detail, sizeof(a.detail), "device:%s", id);
	return case_audit_read_apply(txn, &a);
}

int case_device_apply(struct store_txn *txn, struct case_device_op *op)
{
	struct case_device cur;
	int rc = case_device_get(txn, op->dev.hash, &cur);
	switch (op->kind) {
	case CASE_DEVICE_ENROL:
		if (rc != TC_ENOENT)
			return rc == TC_OK ? TC_EEXIST : rc;
		rc = put(txn, &op->dev);
		return rc == TC_OK ? audit_device(txn, CASE_AUDIT_DEVICE_ENROL, &op->dev, op->day) : rc;
	case CASE_DEVICE_SIGNIN:
		op->state = rc == TC_OK ? case_device_check(&cur, op->now) : CASE_DEVICE_UNKNOWN;
		if (rc != TC_OK && rc != TC_ENOENT)
			return rc;
		if (op->state != CASE_DEVICE_OK)
			return TC_ESTATE;
		op->dev = cur;
		return audit_device(txn, CASE_AUDIT_DEVICE_SIGNIN, &cur, op->day);
	case CASE_DEVICE_REVOKE:
		if (rc != TC_OK || memcmp(cur.pk, op->dev.pk, CASE_DEVICE_PK_BYTES) != 0)
			return rc == TC_OK || rc == TC_ENOENT ? TC_ENOENT : rc;
		op->state = case_device_check(&cur, op->now);
		if (cur.revoked)
			return TC_ESTATE;
		cur.revoked = op->now > 0 ? op->now : 1;
		rc = put(txn, &cur);
		return rc == TC_OK ? audit_device(txn, CASE_AUDIT_DEVICE_REVOKE, &cur, op->day) : rc;
	}
	return TC_EINVAL;
}

struct walk {
	const uint8_t *pk;
	case_device_fn fn;
	void *arg;
	int rc;
};

static int one(const char *name, size_t name_len, const uint8_t *val, size_t len, void *arg)
{
	struct walk *w = arg;
	struct case_device d;
	const size_t pre = sizeof(CASE_DEVICE_PREFIX) - 1;
	if (name_len != DEVICE_NAME_LEN || unhex(name + pre, CASE_DEVICE_HASH_BYTES, d.hash) != TC_OK ||
	    decode(val, len, &d) != TC_OK) {
		w->rc = TC_ECORRUPT;
		return 1;
	}
	if (w->pk && memcmp(w->pk, d.pk, CASE_DEVICE_PK_BYTES) != 0)
		return 0;
	return w->fn(&d, w->arg);
}

int case_devices_walk(struct store_txn *txn, const uint8_t *pk, case_device_fn fn, void *arg)
{
	struct walk w = {.pk = pk, .fn = fn, .arg = arg};
	int rc = store_meta_walk(txn, CASE_DEVICE_PREFIX, one, &w);
	return rc == TC_OK ? w.rc : rc;
}
