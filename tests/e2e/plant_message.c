/*
 * plant_message - an end-to-end test's helper: write a unit message into a
 * case straight into the store, past the case service and its signature
 * check, as someone who can write the store but holds no inspector's key
 * (the daemon must be stopped). Only for tests.
 *
 *   e2e_plant_message STORE_DIR CASE_ID MODE TEXT
 *
 * MODE: "unsigned" - an unsigned unit message (the format of before
 *       signatures); "forged" - a signed-message block signed by a key of
 *       the planter's own, with a made-up acceptance tag; "copied" - a
 *       block whose signature and tag are copied from the case's first
 *       signed message, around the planter's own text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "dm_units.h"

struct plant {
	const char *id, *mode, *text;
	struct cr_signed_message first; /* copied mode: the first signed message's block */
	uint8_t first_block[CR_SIGNED_MSG_HEADER + 64];
	int have_first;
};

static int first_signed(uint32_t seq, const struct store_message *m, void *arg)
{
	struct plant *p = arg;
	(void)seq;
	if (m->from != STORE_MSG_FROM_UNIT_SIGNED || p->have_first)
		return 0;
	memcpy(p->first_block, m->for_reporter, CR_SIGNED_MSG_HEADER);
	p->have_first = 1;
	return 1;
}

static int apply(struct store_txn *txn, struct store_write *w)
{
	struct plant *p = w->arg;
	struct store_case c;
	int rc = store_case_get(txn, p->id, &c);
	if (rc != TC_OK)
		return rc;
	size_t n = strlen(p->text), sl = n + CR_SEAL_OVERHEAD;
	uint8_t *sealed = malloc(sl), *block = malloc(CR_SIGNED_MSG_HEADER + sl);
	if (sealed == NULL || block == NULL || cr_seal_to(c.reporter_pk, (const uint8_t *)p->text,
							  n, sealed) != TC_OK)
		return TC_ENOMEM;
	struct store_message m = {.from = STORE_MSG_FROM_UNIT, .day = c.received,
				  .for_reporter = sealed, .for_reporter_len = sl,
				  .for_unit = sealed, .for_unit_len = sl};
	if (strcmp(p->mode, "unsigned") != 0) {
		struct cr_signed_message sm = {.sealed = sealed, .sealed_len = sl};
		memcpy(sm.unit, c.unit, sizeof(sm.unit));
		if (strcmp(p->mode, "copied") == 0) {
			rc = store_messages(txn, p->id, first_signed, p);
			if (rc != TC_OK || !p->have_first)
				return TC_ENOENT;
			memcpy(block, p->first_block, CR_SIGNED_MSG_HEADER);
			memcpy(sm.signer, block + 9, CR_SIGN_PK_BYTES);
			memcpy(sm.sig, block + 9 + CR_SIGN_PK_BYTES, CR_SIG_BYTES);
			memcpy(sm.tag, block + 9 + CR_SIGN_PK_BYTES + CR_SIG_BYTES, CR_HASH_BYTES);
		} else {
			struct cr_signer *mine = NULL;
			uint8_t bytes[CR_MSG_SIGNED_BYTES];
			if (cr_signer_keygen("inspector", c.unit, &mine) != TC_OK ||
			    cr_unit_message_signed(c.case_id, sm.unit, c.received, sealed, sl, bytes))
				return TC_EINVAL;
			cr_signer_pk(mine, sm.signer);
			cr_signer_sign(mine, bytes, sizeof(bytes), sm.sig);
			cr_random(sm.tag, sizeof(sm.tag));
			cr_signer_free(mine);
		}
		if (cr_signed_message_encode(&sm, block) != TC_OK)
			return TC_EINVAL;
		m.from = STORE_MSG_FROM_UNIT_SIGNED;
		m.for_reporter = block;
		m.for_reporter_len = CR_SIGNED_MSG_HEADER + sl;
	}
	uint32_t seq;
	rc = store_message_append(txn, p->id, &m, &seq);
	free(sealed);
	free(block);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc != 5 || dm_init() != TC_OK || cr_init() != TC_OK) {
		fprintf(stderr, "usage: e2e_plant_message STORE_DIR CASE_ID unsigned|forged|copied TEXT\n");
		return 2;
	}
	struct store_options o = {.dir = argv[1], .exclusive = true};
	struct store *st;
	int rc = case_store_open(&o, &st);
	if (rc != TC_OK) {
		fprintf(stderr, "store: %s\n", tc_strerror(rc));
		return 1;
	}
	struct plant p = {.id = argv[2], .mode = argv[3], .text = argv[4]};
	struct store_write w = {.apply = apply, .arg = &p};
	rc = store_submit_wait(st, &w);
	store_close(st);
	if (rc != TC_OK)
		fprintf(stderr, "plant: %s\n", tc_strerror(rc));
	return rc == TC_OK ? 0 : 1;
}
