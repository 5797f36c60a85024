/*
 * case_audit.c - audit entries written with their per-case index, and one
 * case's entries read through it (case_audit.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_audit.h"
#include "cr.h"

#define BACKFILL_MARK "audit.indexed"
#define INDEX_NAME_LEN (sizeof(CASE_META_AUDIT) - 1 + STORE_CASE_ID_LEN + 1 + 16)

const char *case_audit_kind_name(int kind)
{
	static const char *const names[] = {
		[CASE_AUDIT_SESSION] = "session",
		[CASE_AUDIT_LIST] = "list",
		[CASE_AUDIT_SHOW] = "show",
		[CASE_AUDIT_ACTION] = "action",
		[CASE_AUDIT_MESSAGE] = "message",
		[CASE_AUDIT_REVEAL] = "reveal",
		[CASE_AUDIT_TRANSFER] = "transfer",
		[CASE_AUDIT_NOTE] = "note",
		[CASE_AUDIT_RECOMPUTE] = "recompute",
		[CASE_AUDIT_TRANSFER_OFFER] = "transfer_offer",
		[CASE_AUDIT_TRANSFER_CANCEL] = "transfer_cancel",
		[CASE_AUDIT_ASSIGN] = "assign",
		[CASE_AUDIT_LIST_ENVELOPE] = "list_envelope",
		[CASE_AUDIT_RETENTION_DELETE] = "retention_delete",
		[CASE_AUDIT_NOTICE] = "notice",
		[CASE_AUDIT_RECEPTION] = "reception",
		[CASE_AUDIT_CASE_AUDIT] = "audit_read",
	};
	if (kind > 0 && (size_t)kind < sizeof(names) / sizeof(names[0]) && names[kind])
		return names[kind];
	return "other";
}

static void index_name(char out[INDEX_NAME_LEN + 1], const char *case_id, uint64_t seq)
{
	snprintf(out, INDEX_NAME_LEN + 1, "%s%.8s:%016" PRIx64, CASE_META_AUDIT, case_id, seq);
}

static int index_put(struct store_txn *txn, const struct store_audit *e)
{
	char name[INDEX_NAME_LEN + 1];
	if (strnlen(e->case_id, STORE_CASE_ID_LEN) != STORE_CASE_ID_LEN)
		return TC_OK; /* names no case (a session, a listing, a monitor's view) */
	index_name(name, e->case_id, e->seq);
	return store_meta_put(txn, name, "", 0);
}

int case_audit_write(struct store_txn *txn, struct store_audit *e)
{
	int rc = store_audit_append(txn, e, cr_audit_hash);
	return rc == TC_OK ? index_put(txn, e) : rc;
}

struct reading {
	struct store_txn *txn;
	const char *case_id;
	store_audit_fn fn;
	void *arg;
	int rc;
};

static int read_one(const char *name, size_t name_len, const uint8_t *val, size_t len, void *arg)
{
	struct reading *rd = arg;
	struct store_audit e;
	char hex[17];
	(void)val;
	(void)len;
	if (name_len != INDEX_NAME_LEN) {
		rd->rc = TC_ECORRUPT;
		return 1;
	}
	memcpy(hex, name + INDEX_NAME_LEN - 16, 16);
	hex[16] = '\0';
	char *end = NULL;
	uint64_t seq = strtoull(hex, &end, 16);
	rd->rc = end == hex + 16 ? store_audit_get(rd->txn, seq, &e) : TC_ECORRUPT;
	if (rd->rc == TC_ENOENT ||
	    (rd->rc == TC_OK && strncmp(e.case_id, rd->case_id, STORE_CASE_ID_LEN) != 0))
		rd->rc = TC_ECORRUPT;
	if (rd->rc != TC_OK)
		return 1;
	return rd->fn(&e, rd->arg);
}

int case_audit_of(struct store_txn *txn, const char *case_id, store_audit_fn fn, void *arg)
{
	char prefix[sizeof(CASE_META_AUDIT) + STORE_CASE_ID_LEN + 1];
	struct reading rd = {.txn = txn, .case_id = case_id, .fn = fn, .arg = arg};
	if (strlen(case_id) != STORE_CASE_ID_LEN)
		return TC_ENOENT;
	snprintf(prefix, sizeof(prefix), "%s%s:", CASE_META_AUDIT, case_id);
	int rc = store_meta_walk(txn, prefix, read_one, &rd);
	return rc == TC_OK ? rd.rc : rc;
}

struct backfill {
	struct store_txn *txn;
	int rc;
};

static int backfill_one(const struct store_audit *e, void *arg)
{
	struct backfill *b = arg;
	b->rc = index_put(b->txn, e);
	return b->rc != TC_OK;
}

static int backfill_all(struct store_txn *txn, void *arg)
{
	(void)arg;
	struct backfill b = {.txn = txn};
	int rc = store_audit_walk(txn, backfill_one, &b);
	return rc == TC_OK ? b.rc : rc;
}

int case_audit_backfill(struct store_txn *txn)
{
	return store_meta_once(txn, BACKFILL_MARK, backfill_all, NULL);
}
