/*
 * tocao cases list|show|act|reply - an inspector's work against a running
 * daemon. The inspector signs in with their own signing key (a signed
 * challenge; no password); case contents are decrypted here, on the
 * inspector's machine, with the unit's key — never by the server.
 *
 *   tocao cases list  --server URL [--cacert F] --identity INSPECTOR.key [--status S] [--overdue]
 *   tocao cases show  ... --unit-key UNIT.key [--reveal] CASE_ID
 *   tocao cases act   ... CASE_ID ACTION [--complexity C] [--criteria L,..] [--flag F]
 *                     [--continue-reason R] [--unit-key K]
 *   tocao cases reply ... --unit-key UNIT.key CASE_ID TEXT   (sealed here, signed with --identity)
 *   tocao cases transfer ... --unit-key UNIT.key --to-key TO.pub CASE_ID TO_UNIT   (step 1)
 *   tocao cases incoming ...                                  (offers to and from this unit)
 *   tocao cases receive  ... --unit-key UNIT.key CASE_ID      (step 2: prove and take it)
 *   tocao cases cancel-transfer ... CASE_ID                   (either unit)
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_util.h"
#include "commands.h"
#include "cr.h"
#include "dm_date.h"
#include "dm_filing.h"
#include "https_client.h"
#include "tc_base64.h"

struct conn {
	const char *server, *cacert, *identity, *unit_key, *to_key;
	char token[64];
};

static char *b64(const uint8_t *data, size_t n)
{
	char *s = malloc(tc_base64_len(n) + 1);
	if (s)
		tc_base64_encode(data, n, s);
	return s;
}

static uint8_t *unb64(const char *s, size_t *len)
{
	size_t n = strlen(s);
	uint8_t *out = malloc(n / 4 * 3 + 3);
	if (out && tc_base64_decode(s, n, out, len) != TC_OK) {
		free(out);
		return NULL;
	}
	return out;
}

/* One JSON request; *doc gets the parsed answer. Returns the HTTP status, or -1. */
static int call(struct conn *c, const char *method, const char *path, cJSON *body, cJSON **doc)
{
	char *text = body ? cJSON_PrintUnformatted(body) : NULL;
	cJSON_Delete(body);
	struct https_response r;
	int rc = https_request(c->server, c->cacert, method, path, c->token[0] ? c->token : NULL,
			       text, &r);
	free(text);
	*doc = NULL;
	if (rc != 0) {
		cli_fail("%s", r.error);
		return -1;
	}
	*doc = cJSON_ParseWithLength(r.body, r.body_len);
	int status = r.status;
	https_response_free(&r);
	return status;
}

/* A problem document's detail or title, for a one-line failure. */
static int fail_with(const char *what, int status, const cJSON *doc)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(doc, "detail");
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(doc, "title");
	return cli_fail("%s: %d %s", what, status,
			cJSON_IsString(d) ? d->valuestring : cJSON_IsString(t) ? t->valuestring : "");
}

static int login(struct conn *c)
{
	struct cr_signer *me = NULL;
	int rc = cr_signer_load(c->identity, &me);
	if (rc != TC_OK)
		return cli_fail("cannot read the identity %s: %s", c->identity, tc_strerror(rc));
	cJSON *doc = NULL;
	int status = call(c, "POST", "/api/v1/sessions/challenge", cJSON_CreateObject(), &doc);
	const cJSON *ch = cJSON_GetObjectItemCaseSensitive(doc, "challenge");
	size_t clen = 0;
	uint8_t *challenge = status == 201 && cJSON_IsString(ch) ? unb64(ch->valuestring, &clen) : NULL;
	cJSON_Delete(doc);
	if (challenge == NULL || clen != CR_SESSION_CHALLENGE_BYTES) {
		free(challenge);
		cr_signer_free(me);
		return status < 0 ? CLI_EXIT_FAIL : cli_fail("sign-in: no challenge (%d)", status);
	}
	uint8_t pk[CR_SIGN_PK_BYTES], msg[CR_SESSION_SIGNED_BYTES], sig[CR_SIG_BYTES];
	cr_signer_pk(me, pk);
	cr_session_signed_message(challenge, pk, msg);
	cr_signer_sign(me, msg, sizeof(msg), sig);
	cr_signer_free(me);
	cJSON *body = cJSON_CreateObject();
	char *s1 = b64(pk, sizeof(pk)), *s2 = b64(challenge, CR_SESSION_CHALLENGE_BYTES), *s3 = b64(sig, sizeof(sig));
	cJSON_AddStringToObject(body, "public_key", s1 ? s1 : "");
	cJSON_AddStringToObject(body, "challenge", s2 ? s2 : "");
	cJSON_AddStringToObject(body, "signature", s3 ? s3 : "");
	free(s1);
	free(s2);
	free(s3);
	free(challenge);
	status = call(c, "POST", "/api/v1/sessions", body, &doc);
	const cJSON *tok = cJSON_GetObjectItemCaseSensitive(doc, "token");
	if (status != 201 || !cJSON_IsString(tok) || strlen(tok->valuestring) >= sizeof(c->token)) {
		int r = status < 0 ? CLI_EXIT_FAIL : fail_with("sign-in refused", status, doc);
		cJSON_Delete(doc);
		return r;
	}
	memcpy(c->token, tok->valuestring, strlen(tok->valuestring) + 1);
	cJSON_Delete(doc);
	return CLI_EXIT_OK;
}

static const char *str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* A case's deadline with "*" when provisional; returns 1 if it is. */
static int dated(char *out, size_t cap, const cJSON *k, const char *key)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(k, "deadlines");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(k, "provisional");
	int prov = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, key));
	snprintf(out, cap, "%s%s", str(d, key), prov ? "*" : "");
	return prov;
}

/* The deadlines of a case, one a line, "(provisional)" where they may move. */
static void print_deadlines(const cJSON *k)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(k, "deadlines");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(k, "provisional");
	for (const cJSON *e = d ? d->child : NULL; e; e = e->next)
		printf("%-14s %s%s\n", e->string, cJSON_IsString(e) ? e->valuestring : "",
		       cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, e->string)) ? " (provisional)"
										   : "");
	const cJSON *od = cJSON_GetObjectItemCaseSensitive(k, "overdue_days");
	if (cJSON_IsNumber(od) && od->valueint > 0)
		printf("%-14s %d days\n", "overdue", od->valueint);
}

static int cases_list(struct conn *c, const char *status, int overdue, int json)
{
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/cases?limit=500%s%s%s", status ? "&status=" : "",
		 status ? status : "", overdue ? "&overdue=true" : "");
	cJSON *doc = NULL;
	int st = call(c, "GET", path, NULL, &doc);
	if (st != 200) {
		int r = st < 0 ? CLI_EXIT_FAIL : fail_with("list", st, doc);
		cJSON_Delete(doc);
		return r;
	}
	if (json)
		return cli_print_json(doc);
	printf("%-9s %-13s %-12s %-11s %-12s %-12s %s\n", "CASE", "TRACK", "STATUS", "RECEIVED",
	       "PROCESS BY", "SETTLE BY", "OVERDUE");
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "cases");
	int any = 0;
	for (const cJSON *k = list ? list->child : NULL; k; k = k->next) {
		const cJSON *od = cJSON_GetObjectItemCaseSensitive(k, "overdue_days");
		char pb[16], sb[16];
		any |= dated(pb, sizeof(pb), k, "process_by") | dated(sb, sizeof(sb), k, "settle_by");
		/* OVERDUE: days overdue now (0 when within the deadline it owes). */
		printf("%-9s %-13s %-12s %-11s %-12s %-12s %d\n", str(k, "case_id"), str(k, "track"),
		       str(k, "status"), str(k, "received_on"), pb, sb,
		       cJSON_IsNumber(od) ? od->valueint : 0);
	}
	if (any)
		puts("* provisional: the date may move once the holiday calendar is confirmed");
	cJSON_Delete(doc);
	return CLI_EXIT_OK;
}

static int cases_show(struct conn *c, const char *id, int reveal, int json)
{
	if (c->unit_key == NULL)
		return cli_usage("cases show: give --unit-key UNIT.key to decrypt");
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/cases/%s%s", id, reveal ? "/identity" : "");
	cJSON *doc = NULL;
	int st = call(c, reveal ? "POST" : "GET", path, reveal ? cJSON_CreateObject() : NULL, &doc);
	if (st != 200) {
		int r = st < 0 ? CLI_EXIT_FAIL : fail_with("show", st, doc);
		cJSON_Delete(doc);
		return r;
	}
	size_t env_len = 0;
	uint8_t *env = unb64(str(doc, "envelope"), &env_len);
	struct cr_unit_secret *sec = NULL;
	struct cr_envelope_opened o = {0};
	int rc = env ? cli_load_unit_key(c->unit_key, c->identity, &sec) : TC_EFORMAT;
	if (rc == TC_OK)
		rc = cr_envelope_open(env, env_len, sec, &o);
	free(env);
	cr_unit_secret_free(sec);
	if (rc != TC_OK) {
		cJSON_Delete(doc);
		return cli_fail("show: cannot decrypt with %s: %s", c->unit_key, tc_strerror(rc));
	}
	cJSON *body = cJSON_ParseWithLength((const char *)o.body, o.body_len);
	cJSON *ident = o.identity ? cJSON_ParseWithLength((const char *)o.identity, o.identity_len)
				  : NULL;
	cr_envelope_opened_free(&o);
	if (json) {
		cJSON *out = cJSON_CreateObject();
		cJSON_AddStringToObject(out, "case_id", id);
		cJSON_AddItemToObject(out, "report", body ? body : cJSON_CreateNull());
		cJSON_AddItemToObject(out, "identity", ident ? ident : cJSON_CreateNull());
		cJSON_AddItemToObject(out, "case", doc);
		return cli_print_json(out);
	}
	printf("%-14s %s\n", "status", str(doc, "status"));
	print_deadlines(doc);
	cli_print_report(id, body, ident);
	const cJSON *sealed = cJSON_GetObjectItemCaseSensitive(doc, "identity_sealed_apart");
	if (cJSON_IsTrue(sealed) && ident == NULL)
		puts("\n(identity sealed apart: --reveal opens it, and the reveal is recorded)");
	cJSON_Delete(body);
	cJSON_Delete(ident);
	cJSON_Delete(doc);
	return CLI_EXIT_OK;
}

/* A date member of obj, DM_DAY_NONE if absent or not a date. */
static dm_day day_member(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	dm_day d = DM_DAY_NONE;
	if (!cJSON_IsString(v) || dm_day_parse(v->valuestring, strlen(v->valuestring), &d) != TC_OK)
		return DM_DAY_NONE;
	return d;
}

/*
 * Before accepting a complaint: its filing window (Law on Complaints Art. 9,
 * 33(1), 48) from the decrypted report, on the day it was received. Prints
 * a warning when it seems late; the server never sees the date.
 */
static void accept_warning(const cJSON *body)
{
	const cJSON *cp = cJSON_GetObjectItemCaseSensitive(body, "complaint");
	const char *kind = str(body, "kind");
	enum dm_subject subject = DM_SUBJECT_NONE;
	struct dm_filing_window w;
	if (kind == NULL || strcmp(kind, "complaint") != 0 || !cJSON_IsObject(cp))
		return;
	const char *subj = str(cp, "subject"), *inst = str(cp, "instance");
	if (subj != NULL && dm_subject_parse(subj, &subject) != TC_OK)
		return;
	dm_day decided = day_member(cp, "decision_date"), filed = day_member(body, "received_on");
	int instance = inst != NULL && strcmp(inst, "second") == 0 ? 2 : 1;
	if (dm_filing_window_check(subject, instance, false, decided, filed, &w) != TC_OK || !w.late)
		return;
	char last[DM_DAY_STRLEN];
	dm_day_format(w.last_day, last);
	printf("warning: the complaint seems late: %d days (%s) ended on %s, %d day%s before it "
	       "was received.\n  Time lost to illness, disaster, a mission or study far away or "
	       "another objective obstacle\n  does not count (Art. 9, 48): weigh it before "
	       "accepting.\n",
	       w.days, w.basis, last, w.days_late, w.days_late == 1 ? "" : "s");
}

/* The decrypted report of a case (the caller deletes it); NULL without --unit-key or on failure. */
static cJSON *fetch_report(struct conn *c, const char *id)
{
	char path[128];
	cJSON *doc = NULL, *body = NULL;
	snprintf(path, sizeof(path), "/api/v1/cases/%s", id);
	if (c->unit_key == NULL || call(c, "GET", path, NULL, &doc) != 200) {
		cJSON_Delete(doc);
		return NULL;
	}
	size_t env_len = 0;
	uint8_t *env = unb64(str(doc, "envelope"), &env_len);
	struct cr_unit_secret *sec = NULL;
	struct cr_envelope_opened o = {0};
	int rc = env ? cli_load_unit_key(c->unit_key, c->identity, &sec) : TC_EFORMAT;
	if (rc == TC_OK)
		rc = cr_envelope_open(env, env_len, sec, &o);
	free(env);
	cr_unit_secret_free(sec);
	cJSON_Delete(doc);
	if (rc != TC_OK)
		return NULL;
	body = cJSON_ParseWithLength((const char *)o.body, o.body_len);
	cr_envelope_opened_free(&o);
	return body;
}

struct act_args {
	const char *complexity, *criteria, *flag, *continue_reason;
};

/* The action's body: criteria given as "a,dd,g". */
static cJSON *act_body(const char *action, const struct act_args *a)
{
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "action", action);
	if (a->complexity)
		cJSON_AddStringToObject(body, "complexity", a->complexity);
	if (a->flag)
		cJSON_AddStringToObject(body, "flag", a->flag);
	if (a->continue_reason)
		cJSON_AddStringToObject(body, "continue_reason", a->continue_reason);
	if (a->criteria) {
		cJSON *list = cJSON_AddArrayToObject(body, "criteria");
		char buf[64];
		snprintf(buf, sizeof(buf), "%s", a->criteria);
		for (char *t = buf, *save = NULL; (t = strtok_r(t, ",", &save)) != NULL; t = NULL)
			cJSON_AddItemToArray(list, cJSON_CreateString(t));
	}
	return body;
}

static int cases_act(struct conn *c, const char *id, const char *action, const struct act_args *a,
		     int json)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/cases/%s/actions", id);
	cJSON *doc = NULL, *report = NULL;
	if (strcmp(action, "accept") == 0 && !json && (report = fetch_report(c, id)) != NULL) {
		accept_warning(report);
		cJSON_Delete(report);
	}
	int st = call(c, "POST", path, act_body(action, a), &doc);
	if (st != 200) {
		int r = st < 0 ? CLI_EXIT_FAIL : fail_with(action, st, doc);
		cJSON_Delete(doc);
		return r;
	}
	if (json)
		return cli_print_json(doc);
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(doc, "deadlines");
	printf("case %s: %s\n", id, str(doc, "status"));
	if (str(doc, "withdrawal_continued"))
		printf("  withdrawal recorded; the case continues (Art. 33(3): %s)\n",
		       str(doc, "withdrawal_continued"));
	for (const cJSON *k = d ? d->child : NULL; k; k = k->next)
		printf("  %-22s %s\n", k->string, cJSON_IsString(k) ? k->valuestring : "");
	cJSON_Delete(doc);
	return CLI_EXIT_OK;
}

/* The public half of --unit-key (a wrapped key: after unwrapping it). */
static int unit_pub_of(struct conn *c, struct cr_unit_pub *unit)
{
	int rc = cr_unit_secret_peek(c->unit_key, unit);
	if (rc != TC_OK) {
		struct cr_unit_secret *sec = NULL;
		rc = cli_load_unit_key(c->unit_key, c->identity, &sec);
		if (rc == TC_OK)
			*unit = *cr_unit_secret_pub(sec);
		cr_unit_secret_free(sec);
	}
	return rc;
}

/*
 * The message's body: the text sealed to the reporter and to the unit, and
 * the inspector's signature over this case, unit, day and the reporter's
 * copy (docs/FORMAT.md "Signed unit messages"). NULL on failure.
 */
static cJSON *reply_body(struct conn *c, const char *id, const char *unit, const uint8_t *rpk,
			 const struct cr_unit_pub *upub, const char *text)
{
	size_t n = strlen(text), sl = n + CR_SEAL_OVERHEAD;
	uint8_t *to_reporter = malloc(sl), *to_unit = malloc(sl);
	uint8_t bytes[CR_MSG_SIGNED_BYTES], sig[CR_SIG_BYTES];
	struct cr_signer *me = NULL;
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	int rc = to_reporter && to_unit ? cr_seal_to(rpk, (const uint8_t *)text, n, to_reporter)
					: TC_ENOMEM;
	if (rc == TC_OK)
		rc = cr_seal_to(upub->pk, (const uint8_t *)text, n, to_unit);
	if (rc == TC_OK)
		rc = cr_unit_message_signed(id, unit, today, to_reporter, sl, bytes);
	if (rc == TC_OK)
		rc = cr_signer_load(c->identity, &me);
	if (rc == TC_OK)
		cr_signer_sign(me, bytes, sizeof(bytes), sig);
	cr_signer_free(me);
	char *b1 = rc == TC_OK ? b64(to_reporter, sl) : NULL, *b2 = rc == TC_OK ? b64(to_unit, sl) : NULL;
	char *b3 = rc == TC_OK ? b64(sig, sizeof(sig)) : NULL, day[DM_DAY_STRLEN];
	free(to_reporter);
	free(to_unit);
	cJSON *body = NULL;
	if (b1 && b2 && b3) {
		dm_day_format(today, day);
		body = cJSON_CreateObject();
		cJSON_AddStringToObject(body, "sealed_for_reporter", b1);
		cJSON_AddStringToObject(body, "sealed_for_unit", b2);
		cJSON_AddStringToObject(body, "signature", b3);
		cJSON_AddStringToObject(body, "day", day);
	}
	free(b1);
	free(b2);
	free(b3);
	return body;
}

/* The text is sealed here, to the reporter's key and to the unit's, and signed: the server
 * never sees it, and the reporter sees it only if an inspector of the unit signed it. */
static int cases_reply(struct conn *c, const char *id, const char *text, int json)
{
	if (c->unit_key == NULL)
		return cli_usage("cases reply: give --unit-key UNIT.key");
	struct cr_unit_pub unit;
	int rc = unit_pub_of(c, &unit);
	if (rc != TC_OK)
		return cli_fail("reply: %s: %s", c->unit_key, tc_strerror(rc));
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/cases/%s", id);
	cJSON *doc = NULL;
	int st = call(c, "GET", path, NULL, &doc);
	size_t rpk_len = 0;
	uint8_t *rpk = st == 200 ? unb64(str(doc, "reporter_public_key"), &rpk_len) : NULL;
	cJSON *body = rpk && rpk_len == CR_PK_BYTES
			      ? reply_body(c, id, str(doc, "unit"), rpk, &unit, text)
			      : NULL;
	cJSON_Delete(doc);
	free(rpk);
	if (body == NULL)
		return st < 0 ? CLI_EXIT_FAIL : cli_fail("reply: case %s: %d", id, st);
	snprintf(path, sizeof(path), "/api/v1/cases/%s/messages", id);
	st = call(c, "POST", path, body, &doc);
	if (st != 201) {
		int r = st < 0 ? CLI_EXIT_FAIL : fail_with("reply", st, doc);
		cJSON_Delete(doc);
		return r;
	}
	if (json)
		return cli_print_json(doc);
	printf("Message signed and sent to the reporter of case %s.\n", id);
	cJSON_Delete(doc);
	return CLI_EXIT_OK;
}

/* ---- Two-step transfers (docs/API.md "Transfers") ---- */

/* GET path; the envelope member decoded (the caller frees it), NULL on failure. */
static uint8_t *fetch_envelope(struct conn *c, const char *path, size_t *len, int *status)
{
	cJSON *doc = NULL;
	*status = call(c, "GET", path, NULL, &doc);
	uint8_t *env = *status == 200 ? unb64(str(doc, "envelope"), len) : NULL;
	if (*status > 0 && *status != 200)
		fail_with(path, *status, doc);
	cJSON_Delete(doc);
	return env;
}

/* A JSON body of base64 members: name, bytes, length, ...; NULL name ends the list. */
static cJSON *b64_body(const char *to_unit, const char *n1, const uint8_t *v1, size_t l1,
		       const char *n2, const uint8_t *v2, size_t l2)
{
	cJSON *body = cJSON_CreateObject();
	char *s1 = b64(v1, l1), *s2 = n2 ? b64(v2, l2) : NULL;
	if (to_unit)
		cJSON_AddStringToObject(body, "to_unit", to_unit);
	cJSON_AddStringToObject(body, n1, s1 ? s1 : "");
	if (n2)
		cJSON_AddStringToObject(body, n2, s2 ? s2 : "");
	free(s1);
	free(s2);
	return body;
}

/* POST or DELETE path with body; prints the answer (or what). */
static int post_and_print(struct conn *c, const char *method, const char *path, cJSON *body,
			  int want, const char *what, int json)
{
	cJSON *doc = NULL;
	int st = call(c, method, path, body, &doc);
	if (st != want) {
		int r = st < 0 ? CLI_EXIT_FAIL : fail_with(what, st, doc);
		cJSON_Delete(doc);
		return r;
	}
	if (json && doc)
		return cli_print_json(doc);
	printf("%s\n", what);
	cJSON_Delete(doc);
	return CLI_EXIT_OK;
}

/*
 * Step 1, the sending unit: open the content key with --unit-key, seal it
 * to the receiving unit's key (--to-key, a public key file the unit trusts:
 * never one the server hands out) and send only that header and the key
 * commitment. The case stays this unit's until the receiving unit confirms.
 */
static int cases_transfer(struct conn *c, const char *id, const char *to_unit, int json)
{
	if (c->unit_key == NULL || c->to_key == NULL)
		return cli_usage("cases transfer: give --unit-key UNIT.key and --to-key TO_UNIT.pub");
	struct cr_unit_pub to;
	int rc = cr_unit_pub_load(c->to_key, &to);
	if (rc != TC_OK || strcmp(to.unit, to_unit) != 0)
		return cli_fail("transfer: %s is not %s's public key", c->to_key, to_unit);
	char path[128], what[160];
	size_t len = 0;
	int st;
	snprintf(path, sizeof(path), "/api/v1/cases/%s", id);
	uint8_t *env = fetch_envelope(c, path, &len, &st), hdr[CR_ENV_HEADER_BYTES];
	uint8_t commitment[CR_HASH_BYTES];
	if (env == NULL)
		return CLI_EXIT_FAIL;
	struct cr_unit_secret *sec = NULL;
	rc = cli_load_unit_key(c->unit_key, c->identity, &sec);
	if (rc == TC_OK)
		rc = cr_transfer_offer(env, len, sec, &to, hdr, commitment);
	cr_unit_secret_free(sec);
	free(env);
	if (rc != TC_OK)
		return cli_fail("transfer: cannot open case %s with %s: %s", id, c->unit_key,
				tc_strerror(rc));
	snprintf(path, sizeof(path), "/api/v1/cases/%s/transfer", id);
	snprintf(what, sizeof(what), "Transfer of case %s offered to %s: it stays with this unit "
		 "until %s confirms (tocao cases receive).", id, to_unit, to_unit);
	return post_and_print(c, "POST", path,
			      b64_body(to_unit, "header", hdr, sizeof(hdr), "commitment", commitment,
				       sizeof(commitment)),
			      202, what, json);
}

/* Step 2, the receiving unit: open the offered header with --unit-key, prove it, take the case. */
static int cases_receive(struct conn *c, const char *id, int json)
{
	if (c->unit_key == NULL)
		return cli_usage("cases receive: give --unit-key UNIT.key");
	char path[128], what[128];
	size_t len = 0;
	int st;
	snprintf(path, sizeof(path), "/api/v1/cases/%s/transfer", id);
	uint8_t *env = fetch_envelope(c, path, &len, &st), proof[CR_CK_PROOF_BYTES];
	if (env == NULL)
		return CLI_EXIT_FAIL;
	struct cr_unit_secret *sec = NULL;
	int rc = cli_load_unit_key(c->unit_key, c->identity, &sec);
	if (rc == TC_OK)
		rc = cr_transfer_proof(env, len, sec, proof);
	cr_unit_secret_free(sec);
	free(env);
	if (rc != TC_OK)
		return cli_fail("receive: the offered case %s does not open with %s (%s): not "
				"confirmed; the sending unit keeps it", id, c->unit_key, tc_strerror(rc));
	snprintf(path, sizeof(path), "/api/v1/cases/%s/transfer/confirm", id);
	snprintf(what, sizeof(what), "Case %s received: it is this unit's from today.", id);
	return post_and_print(c, "POST", path,
			      b64_body(NULL, "proof", proof, sizeof(proof), NULL, NULL, 0), 200,
			      what, json);
}

static int cases_cancel_transfer(struct conn *c, const char *id, int json)
{
	char path[128], what[96];
	snprintf(path, sizeof(path), "/api/v1/cases/%s/transfer", id);
	snprintf(what, sizeof(what), "Transfer of case %s cancelled.", id);
	return post_and_print(c, "DELETE", path, NULL, 204, what, json);
}

static void print_offers(const cJSON *list, const char *title)
{
	printf("%s\n", title);
	for (const cJSON *k = list ? list->child : NULL; k; k = k->next)
		printf("  %-9s %-8s -> %-8s since %s  %s %s\n", str(k, "case_id"), str(k, "from_unit"),
		       str(k, "to_unit"), str(k, "since"), str(k, "track"), str(k, "identity"));
}

static int cases_incoming(struct conn *c, int json)
{
	cJSON *doc = NULL;
	int st = call(c, "GET", "/api/v1/transfers", NULL, &doc);
	if (st != 200) {
		int r = st < 0 ? CLI_EXIT_FAIL : fail_with("incoming", st, doc);
		cJSON_Delete(doc);
		return r;
	}
	if (json)
		return cli_print_json(doc);
	print_offers(cJSON_GetObjectItemCaseSensitive(doc, "incoming"),
		     "Offered to this unit (tocao cases receive CASE_ID):");
	print_offers(cJSON_GetObjectItemCaseSensitive(doc, "outgoing"),
		     "Offered by this unit, not yet confirmed:");
	cJSON_Delete(doc);
	return CLI_EXIT_OK;
}

/* The connection's options, shared by cases and signin (only cases takes --unit-key). */
#define CONN_OPTIONS                                                                             \
	{"server", required_argument, NULL, 's'}, {"cacert", required_argument, NULL, 'c'},     \
		{"identity", required_argument, NULL, 'i'}

/* 1 when ch is one of the connection's options (now in c), else 0. */
static int conn_option(struct conn *c, int ch, const char *arg)
{
	switch (ch) {
	case 's': c->server = arg; return 1;
	case 'c': c->cacert = arg; return 1;
	case 'i': c->identity = arg; return 1;
	case 'k': c->unit_key = arg; return 1;
	default: return 0;
	}
}

/* A sub-command of cases and the number of arguments it takes. */
struct sub {
	const char *name;
	int args;
};
static const struct sub subs[] = {
	{"list", 0}, {"show", 1}, {"act", 2}, {"reply", 2}, {"transfer", 2}, {"incoming", 0},
	{"receive", 1}, {"cancel-transfer", 1},
};

static void cases_help(void)
{
	puts("Usage: tocao cases SUB --server URL [--cacert FILE] --identity INSPECTOR_KEY [options]\n"
	     "  list  [--status S] [--overdue]\n"
	     "  show  --unit-key UNIT_KEY [--reveal] CASE_ID   (decrypted here)\n"
	     "  act   CASE_ID ACTION [--complexity C] [--criteria a,b,..] [--flag F]\n"
	     "        [--continue-reason R] [--unit-key UNIT_KEY: accept warns of a\n"
	     "        complaint that seems late, from the decrypted report]\n"
	     "  reply --unit-key UNIT_KEY CASE_ID TEXT          (sealed here, signed with your key)\n"
	     "  transfer --unit-key UNIT_KEY --to-key TO.pub CASE_ID TO_UNIT\n"
	     "        offer the case: only its key header for TO_UNIT leaves this machine\n"
	     "  incoming                                        (offers to and from your unit)\n"
	     "  receive --unit-key UNIT_KEY CASE_ID             (open the offer, prove it, take it)\n"
	     "  cancel-transfer CASE_ID                         (either unit)\n"
	     "Certificates are always verified (system CAs, or --cacert).");
}

static int run_sub(struct conn *c, const char *sub, char **a, const char *status, int overdue,
		   int reveal, const struct act_args *aa, int json)
{
	if (strcmp(sub, "list") == 0)
		return cases_list(c, status, overdue, json);
	if (strcmp(sub, "show") == 0)
		return cases_show(c, a[0], reveal, json);
	if (strcmp(sub, "act") == 0)
		return cases_act(c, a[0], a[1], aa, json);
	if (strcmp(sub, "reply") == 0)
		return cases_reply(c, a[0], a[1], json);
	if (strcmp(sub, "transfer") == 0)
		return cases_transfer(c, a[0], a[1], json);
	if (strcmp(sub, "incoming") == 0)
		return cases_incoming(c, json);
	if (strcmp(sub, "receive") == 0)
		return cases_receive(c, a[0], json);
	return cases_cancel_transfer(c, a[0], json);
}

/* -1 when sub with rest arguments (the first a case id) may run, else the exit status. */
static int check_sub(const char *sub, int rest, char **a)
{
	const struct sub *s = NULL;
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(sub, subs[i].name) == 0)
			s = &subs[i];
	if (s == NULL)
		return cli_usage("cases: unknown sub-command '%s'", sub);
	if (rest != s->args)
		return cli_usage("cases %s: wrong number of arguments", sub);
	if (rest >= 1 && !cr_case_id_is_valid(a[0]))
		return cli_usage("cases: '%s' is not a case id", a[0]);
	return -1;
}

int cmd_cases(int argc, char **argv)
{
	static const struct option opts[] = {
		CONN_OPTIONS,
		{"unit-key", required_argument, NULL, 'k'}, {"status", required_argument, NULL, 'S'},
		{"overdue", no_argument, NULL, 'O'},	     {"reveal", no_argument, NULL, 'R'},
		{"complexity", required_argument, NULL, 'C'}, {"flag", required_argument, NULL, 'F'},
		{"criteria", required_argument, NULL, 'K'},
		{"continue-reason", required_argument, NULL, 'W'},
		{"to-key", required_argument, NULL, 'T'},
		{"json", no_argument, NULL, 'j'},	     {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct conn c = {0};
	const char *status = NULL;
	struct act_args aa = {0};
	int overdue = 0, reveal = 0, json = 0, ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (conn_option(&c, ch, optarg))
			continue;
		switch (ch) {
		case 'S': status = optarg; break;
		case 'O': overdue = 1; break;
		case 'R': reveal = 1; break;
		case 'C': aa.complexity = optarg; break;
		case 'F': aa.flag = optarg; break;
		case 'K': aa.criteria = optarg; break;
		case 'W': aa.continue_reason = optarg; break;
		case 'T': c.to_key = optarg; break;
		case 'j': json = 1; break;
		case 'h': cases_help(); return CLI_EXIT_OK;
		default: return cli_usage("cases: bad option");
		}
	}
	if (optind >= argc)
		return cli_usage("cases: give list, show, act, reply, transfer, incoming, receive or "
				 "cancel-transfer");
	const char *sub = argv[optind++];
	if (c.server == NULL || c.identity == NULL)
		return cli_usage("cases: give --server URL and --identity INSPECTOR_KEY");
	int rc = check_sub(sub, argc - optind, argv + optind);
	if (rc >= 0)
		return rc;
	rc = login(&c);
	if (rc == CLI_EXIT_OK)
		rc = run_sub(&c, sub, argv + optind, status, overdue, reveal, &aa, json);
	explicit_bzero(c.token, sizeof(c.token));
	return rc;
}

/*
 * tocao signin: a session for the browser. Monitors' pages need no
 * JavaScript, so the signed challenge is done here, with the key that
 * never leaves this machine, and the browser gets only the session token
 * (pasted once at /monitor, then kept in an HttpOnly cookie).
 */
int cmd_signin(int argc, char **argv)
{
	static const struct option opts[] = {
		CONN_OPTIONS,
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct conn c = {0};
	int json = 0, ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (conn_option(&c, ch, optarg))
			continue;
		switch (ch) {
		case 'j': json = 1; break;
		case 'h':
			puts("Usage: tocao signin --server URL [--cacert FILE] --identity KEY [--json]\n"
			     "Signs in with your key and prints a sign-in code for the monitors' pages\n"
			     "(paste it at URL/monitor). The code is a session: it lasts 15 minutes;\n"
			     "treat it like a password.");
			return CLI_EXIT_OK;
		default: return cli_usage("signin: bad option");
		}
	}
	if (optind != argc || c.server == NULL || c.identity == NULL)
		return cli_usage("signin: give --server URL and --identity KEY");
	int rc = login(&c);
	if (rc != CLI_EXIT_OK)
		return rc;
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "code", c.token);
		cJSON_AddNumberToObject(o, "expires_in", 900);
		rc = cli_print_json(o);
	} else {
		printf("%s\n", c.token);
		fprintf(stderr, "Paste this sign-in code at %s/monitor within 15 minutes.\n", c.server);
	}
	explicit_bzero(c.token, sizeof(c.token));
	return rc;
}
