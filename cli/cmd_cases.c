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
 *   tocao cases reply ... --unit-key UNIT.key CASE_ID TEXT
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "cr.h"
#include "dm_filing.h"
#include "https_client.h"
#include "tc_base64.h"

struct conn {
	const char *server, *cacert, *identity, *unit_key;
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

/* The text is sealed here, to the reporter's key and to the unit's: the server never sees it. */
static int cases_reply(struct conn *c, const char *id, const char *text, int json)
{
	if (c->unit_key == NULL)
		return cli_usage("cases reply: give --unit-key UNIT.key");
	struct cr_unit_pub unit;
	int rc = cr_unit_secret_peek(c->unit_key, &unit);
	if (rc != TC_OK) { /* a wrapped key: its public part after unwrapping */
		struct cr_unit_secret *sec = NULL;
		rc = cli_load_unit_key(c->unit_key, c->identity, &sec);
		if (rc == TC_OK)
			unit = *cr_unit_secret_pub(sec);
		cr_unit_secret_free(sec);
	}
	if (rc != TC_OK)
		return cli_fail("reply: %s: %s", c->unit_key, tc_strerror(rc));
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/cases/%s", id);
	cJSON *doc = NULL;
	int st = call(c, "GET", path, NULL, &doc);
	size_t rpk_len = 0;
	uint8_t *rpk = st == 200 ? unb64(str(doc, "reporter_public_key"), &rpk_len) : NULL;
	cJSON_Delete(doc);
	if (rpk == NULL || rpk_len != CR_PK_BYTES) {
		free(rpk);
		return st < 0 ? CLI_EXIT_FAIL : cli_fail("reply: case %s: %d", id, st);
	}
	size_t n = strlen(text);
	uint8_t *to_reporter = malloc(n + CR_SEAL_OVERHEAD), *to_unit = malloc(n + CR_SEAL_OVERHEAD);
	rc = to_reporter && to_unit ? cr_seal_to(rpk, (const uint8_t *)text, n, to_reporter) : TC_ENOMEM;
	if (rc == TC_OK)
		rc = cr_seal_to(unit.pk, (const uint8_t *)text, n, to_unit);
	free(rpk);
	char *b1 = rc == TC_OK ? b64(to_reporter, n + CR_SEAL_OVERHEAD) : NULL;
	char *b2 = rc == TC_OK ? b64(to_unit, n + CR_SEAL_OVERHEAD) : NULL;
	free(to_reporter);
	free(to_unit);
	if (b1 == NULL || b2 == NULL) {
		free(b1);
		free(b2);
		return cli_fail("reply: %s", tc_strerror(rc ? rc : TC_ENOMEM));
	}
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "sealed_for_reporter", b1);
	cJSON_AddStringToObject(body, "sealed_for_unit", b2);
	free(b1);
	free(b2);
	snprintf(path, sizeof(path), "/api/v1/cases/%s/messages", id);
	st = call(c, "POST", path, body, &doc);
	if (st != 201) {
		int r = st < 0 ? CLI_EXIT_FAIL : fail_with("reply", st, doc);
		cJSON_Delete(doc);
		return r;
	}
	if (json)
		return cli_print_json(doc);
	printf("Message sent to the reporter of case %s.\n", id);
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

int cmd_cases(int argc, char **argv)
{
	static const struct option opts[] = {
		CONN_OPTIONS,
		{"unit-key", required_argument, NULL, 'k'}, {"status", required_argument, NULL, 'S'},
		{"overdue", no_argument, NULL, 'O'},	     {"reveal", no_argument, NULL, 'R'},
		{"complexity", required_argument, NULL, 'C'}, {"flag", required_argument, NULL, 'F'},
		{"criteria", required_argument, NULL, 'K'},
		{"continue-reason", required_argument, NULL, 'W'},
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
		case 'j': json = 1; break;
		case 'h':
			puts("Usage: tocao cases list|show|act|reply --server URL [--cacert FILE]\n"
			     "         --identity INSPECTOR_KEY [options]\n"
			     "  list  [--status S] [--overdue]\n"
			     "  show  --unit-key UNIT_KEY [--reveal] CASE_ID   (decrypted here)\n"
			     "  act   CASE_ID ACTION [--complexity C] [--criteria a,b,..] [--flag F]\n"
			     "        [--continue-reason R] [--unit-key UNIT_KEY: accept warns of a\n"
			     "        complaint that seems late, from the decrypted report]\n"
			     "  reply --unit-key UNIT_KEY CASE_ID TEXT          (sealed here)\n"
			     "Certificates are always verified (system CAs, or --cacert).");
			return CLI_EXIT_OK;
		default: return cli_usage("cases: bad option");
		}
	}
	if (optind >= argc)
		return cli_usage("cases: give list, show, act or reply");
	const char *sub = argv[optind++];
	int rest = argc - optind;
	if (c.server == NULL || c.identity == NULL)
		return cli_usage("cases: give --server URL and --identity INSPECTOR_KEY");
	if ((strcmp(sub, "list") == 0 && rest != 0) || (strcmp(sub, "show") == 0 && rest != 1) ||
	    (strcmp(sub, "act") == 0 && rest != 2) || (strcmp(sub, "reply") == 0 && rest != 2))
		return cli_usage("cases %s: wrong number of arguments", sub);
	if (strcmp(sub, "list") && strcmp(sub, "show") && strcmp(sub, "act") && strcmp(sub, "reply"))
		return cli_usage("cases: unknown sub-command '%s'", sub);
	if (rest >= 1 && !cr_case_id_is_valid(argv[optind]))
		return cli_usage("cases: '%s' is not a case id", argv[optind]);
	int rc = login(&c);
	if (rc != CLI_EXIT_OK)
		return rc;
	if (strcmp(sub, "list") == 0)
		rc = cases_list(&c, status, overdue, json);
	else if (strcmp(sub, "show") == 0)
		rc = cases_show(&c, argv[optind], reveal, json);
	else if (strcmp(sub, "act") == 0)
		rc = cases_act(&c, argv[optind], argv[optind + 1], &aa, json);
	else
		rc = cases_reply(&c, argv[optind], argv[optind + 1], json);
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
