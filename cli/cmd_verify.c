/*
 * tocao verify --data DIR - check the store and the audit chain.
 *
 * The audit log: sequence numbers 0, 1, 2, ... without a gap, each entry's
 * "previous" equal to the hash before it, each hash recomputed from its
 * entry: an edited, removed or reordered entry breaks the chain. The
 * store: its schema is this version's; every record decodes, has its
 * envelope (whose header names the same case and unit) and its index
 * entries; and the other way round, every index entry, receipt, envelope,
 * attachment, message and timeline event belongs to a case that exists
 * and says what its record says (what a restored store must show).
 * Read-only: safe beside a running daemon.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "cr.h"
#include "instance.h"
#include "store.h"

struct chain {
	uint64_t next_seq;
	uint8_t prev[STORE_HASH_LEN];
	size_t n;
	char problem[160];
};

static int check_entry(const struct store_audit *e, void *arg)
{
	struct chain *ch = arg;
	uint8_t body[STORE_AUDIT_BODY_LEN], h[STORE_HASH_LEN];
	store_audit_body(e, body);
	cr_audit_hash(body, sizeof(body), h);
	if (e->seq != ch->next_seq)
		snprintf(ch->problem, sizeof(ch->problem), "audit entry %llu missing (found %llu)",
			 (unsigned long long)ch->next_seq, (unsigned long long)e->seq);
	else if (memcmp(e->prev, ch->prev, STORE_HASH_LEN) != 0)
		snprintf(ch->problem, sizeof(ch->problem),
			 "audit entry %llu does not follow the entry before it",
			 (unsigned long long)e->seq);
	else if (memcmp(h, e->hash, STORE_HASH_LEN) != 0)
		snprintf(ch->problem, sizeof(ch->problem), "audit entry %llu was altered",
			 (unsigned long long)e->seq);
	if (ch->problem[0])
		return 1;
	memcpy(ch->prev, e->hash, STORE_HASH_LEN);
	ch->next_seq++;
	ch->n++;
	return 0;
}

struct cases_check {
	struct store_txn *txn;
	size_t n;
	char problem[160];
};

static int check_case(const struct store_case *c, void *arg)
{
	struct cases_check *cc = arg;
	const uint8_t *env;
	size_t len;
	struct cr_envelope_info info;
	int rc = store_envelope_get(cc->txn, c->case_id, &env, &len);
	if (rc == TC_OK)
		rc = cr_envelope_inspect(env, len, &info);
	if (rc != TC_OK)
		snprintf(cc->problem, sizeof(cc->problem), "case %s: envelope: %s", c->case_id,
			 tc_strerror(rc));
	else if (strcmp(info.case_id, c->case_id) != 0 || strcmp(info.unit, c->unit) != 0)
		snprintf(cc->problem, sizeof(cc->problem),
			 "case %s: the envelope is for %s of %s", c->case_id, info.case_id, info.unit);
	else if (store_case_indexed(cc->txn, c) != TC_OK)
		snprintf(cc->problem, sizeof(cc->problem), "case %s: index entries missing",
			 c->case_id);
	if (cc->problem[0])
		return 1;
	cc->n++;
	return 0;
}

struct verify {
	struct chain ch;
	struct cases_check cc;
	uint32_t schema;
	uint64_t index_entries;
	char problem[200];
};

/* Every check on an open store, in one read transaction (one snapshot). */
static int verify_store(struct store *st, struct verify *v)
{
	struct store_txn *t = NULL;
	int rc = store_read_begin(st, &t);
	if (rc == TC_OK)
		rc = store_schema_version(t, &v->schema);
	if (rc == TC_OK)
		rc = store_audit_walk(t, check_entry, &v->ch);
	if (rc == TC_OK) {
		v->cc.txn = t;
		rc = store_all_cases(t, check_case, &v->cc);
	}
	if (rc == TC_OK && !v->ch.problem[0] && !v->cc.problem[0])
		rc = store_check_indexes(t, &v->index_entries, v->problem, sizeof(v->problem));
	store_read_end(t);
	return rc;
}

static int verify_print(const struct verify *v, const char *problem, int json)
{
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddBoolToObject(o, "ok", problem == NULL);
		cJSON_AddNumberToObject(o, "schema", v->schema);
		cJSON_AddNumberToObject(o, "cases", (double)v->cc.n);
		cJSON_AddNumberToObject(o, "audit_entries", (double)v->ch.n);
		cJSON_AddNumberToObject(o, "index_entries", (double)v->index_entries);
		if (problem)
			cJSON_AddStringToObject(o, "problem", problem);
		cli_print_json(o);
		return problem ? CLI_EXIT_FAIL : CLI_EXIT_OK;
	}
	if (problem)
		return cli_fail("verify: FAILED: %s", problem);
	printf("ok: %zu cases, %zu audit entries in an unbroken chain, %llu index entries "
	       "consistent, schema %u\n",
	       v->cc.n, v->ch.n, (unsigned long long)v->index_entries, (unsigned)v->schema);
	return CLI_EXIT_OK;
}

int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL;
	int json = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'j': json = 1; break;
		case 'h':
			puts("Usage: tocao verify --data DIR [--json]\n"
			     "Check the store (records, envelopes, indexes) and the audit chain.");
			return CLI_EXIT_OK;
		default: return cli_usage("verify: bad option");
		}
	}
	if (dir == NULL || optind != argc)
		return cli_usage("verify: give --data DIR");
	char store_dir[INSTANCE_PATH_MAX];
	struct store *st = NULL;
	struct verify v = {0};
	struct store_options so = {.dir = store_dir, .read_only = true};
	int rc = instance_path(dir, "store", store_dir, sizeof(store_dir));
	if (rc == TC_OK)
		rc = store_open(&so, &st);
	if (rc == TC_EVERSION)
		return cli_fail("verify: the store of %s has a schema version other than %d (this "
				"tocao's): start the daemon of its version, or this one to upgrade an "
				"older store", dir, STORE_SCHEMA_VERSION);
	if (rc == TC_OK)
		rc = verify_store(st, &v);
	store_close(st);
	const char *problem = v.ch.problem[0]   ? v.ch.problem
			      : v.cc.problem[0] ? v.cc.problem
			      : v.problem[0]    ? v.problem
						: NULL;
	if (rc != TC_OK && problem == NULL)
		return cli_fail("verify: %s", tc_strerror(rc));
	return verify_print(&v, problem, json);
}
