/*
 * backup_fill - a store of N synthetic cases for bench/backup.sh: each with
 * its record, indexes and counters (the case service's bulk load,
 * case_load_apply) and an envelope of a real report's size (about 1.3 KB:
 * one envelope sealed per unit, its header's case id rewritten per case, so
 * that tocao verify finds every envelope naming its case and unit), batched
 * 5,000 cases to a write.
 *
 *   backup_fill STORE_DIR N [MAP_MB]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cases.h"
#include "cr.h"
#include "dm_case.h"
#include "dm_units.h"
#include "store.h"

#define BATCH 5000
#define ENV_CASE_ID_AT 6 /* docs/FORMAT.md "Envelope" */

struct fill {
	struct store_write w;
	size_t from, n;
	int32_t today;
	uint8_t *env[64];
	size_t env_len[64], units;
};

static void case_id(size_t i, char out[STORE_CASE_ID_LEN + 1])
{
	static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	for (int k = STORE_CASE_ID_LEN - 1; k >= 0; k--) {
		out[k] = alpha[i % 32];
		i /= 32;
	}
	out[STORE_CASE_ID_LEN] = '\0';
}

static int fill_apply(struct store_txn *txn, struct store_write *w)
{
	struct fill *f = w->arg;
	for (size_t i = f->from; i < f->from + f->n; i++) {
		struct store_case c;
		memset(&c, 0, sizeof(c));
		case_id(i, c.case_id);
		size_t u = i % f->units;
		const struct dm_unit *unit = dm_unit_at(u);
		snprintf(c.unit, sizeof(c.unit), "%s", unit->id);
		memcpy(c.province, strcmp(unit->id, "TTCP") == 0 ? "01" : unit->id + 3, 2);
		c.track = 1;
		c.kind = 1;
		c.identity = 2;
		c.category = 1;
		c.instance = 1;
		c.status = DM_STATUS_RECEIVED;
		c.received = f->today - (int32_t)(i % 700);
		c.accepted = c.settled = c.closed = c.suspended_since = STORE_DAY_NONE;
		for (int k = 0; k < STORE_DEADLINES; k++)
			c.deadlines[k] = STORE_DAY_NONE;
		c.deadlines[0] = c.received + 14;
		c.next_deadline = c.deadlines[0];
		const struct case_load op = {.before = NULL, .after = &c, .day = c.received};
		int rc = case_load_apply(txn, &op);
		memcpy(f->env[u] + ENV_CASE_ID_AT, c.case_id, STORE_CASE_ID_LEN);
		if (rc == 0)
			rc = store_envelope_put(txn, c.case_id, f->env[u], f->env_len[u]);
		if (rc)
			return rc;
	}
	return 0;
}

static int seal_envelopes(struct fill *f)
{
	static uint8_t body[1024];
	memset(body, 'x', sizeof(body));
	f->units = dm_unit_count() < 64 ? dm_unit_count() : 64;
	for (size_t u = 0; u < f->units; u++) {
		struct cr_unit_secret *sec = NULL;
		if (cr_unit_keygen(dm_unit_at(u)->id, &sec) != 0)
			return 1;
		struct cr_envelope_params p = {.case_id = "00000000", .unit = cr_unit_secret_pub(sec),
					       .body = body, .body_len = sizeof(body)};
		int rc = cr_envelope_seal(&p, &f->env[u], &f->env_len[u]);
		cr_unit_secret_free(sec);
		if (rc)
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3 || cr_init() != 0 || dm_init() != 0) {
		fprintf(stderr, "usage: backup_fill STORE_DIR N [MAP_MB]\n");
		return 2;
	}
	size_t n = strtoull(argv[2], NULL, 10);
	size_t map_mb = argc > 3 ? strtoull(argv[3], NULL, 10) : 16384;
	struct store *st;
	struct store_options so = {.dir = argv[1], .map_size = map_mb << 20, .full_ratio = 0.99};
	if (store_open(&so, &st) != 0) {
		fprintf(stderr, "cannot open %s\n", argv[1]);
		return 1;
	}
	struct fill f = {.today = (int32_t)(time(NULL) / 86400)};
	if (seal_envelopes(&f) != 0)
		return 1;
	for (size_t from = 0; from < n; from += BATCH) {
		f.from = from;
		f.n = n - from < BATCH ? n - from : BATCH;
		f.w = (struct store_write){.apply = fill_apply, .arg = &f};
		int rc = store_submit_wait(st, &f.w);
		if (rc != 0) {
			fprintf(stderr, "fill failed at %zu: %d\n", from, rc);
			return 1;
		}
	}
	store_close(st);
	printf("filled %zu cases\n", n);
	return 0;
}
