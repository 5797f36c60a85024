/*
 * tocao cases list|show|act|reply|... - an inspector's work against a
 * running daemon, through the client library (client/tc_client.h: the API
 * calls, the session, the decryption). The inspector signs in with their
 * own signing key (a signed challenge; no password); case contents are
 * decrypted here, on the inspector's machine, with the unit's key — never
 * by the server.
 *
 *   tocao cases list  --server URL [--cacert F] --identity INSPECTOR.key [--status S] [--overdue]
 *                     [--track T] [--due-before D] [--limit N] [--all] [--sort deadline]
 *                     [--summary (needs --unit-key)]
 *   tocao cases show  ... --unit-key UNIT.key [--reveal] CASE_ID   (with the conversation)
 *   tocao cases attachment ... --unit-key UNIT.key CASE_ID N --out FILE [--force]
 *   tocao cases act   ... CASE_ID ACTION [--complexity C] [--criteria L,..] [--flag F]
 *                     [--continue-reason R] [--ground G] [--note TEXT] [--decision-number N]
 *                     [--decision-date D] [--unit-key K]
 *   tocao cases reply ... --unit-key UNIT.key CASE_ID TEXT   (sealed here, signed with --identity)
 *   tocao cases note  ... CASE_ID TEXT    (an internal note, sealed to the unit by the daemon)
 *   tocao cases assign ... CASE_ID --to-me | --to INSPECTOR.pub | --none
 *   tocao cases list --mine                  (the cases assigned to you)
 *   tocao cases transfer ... --unit-key UNIT.key --to-key TO.pub CASE_ID TO_UNIT   (step 1)
 *   tocao cases incoming ...                                  (offers to and from this unit)
 *   tocao cases receive  ... --unit-key UNIT.key CASE_ID      (step 2: prove and take it)
 *   tocao cases cancel-transfer ... CASE_ID                   (either unit)
 *   tocao cases sent ...                    (the cases this unit transferred: id, unit, day)
 *
 * The connection's settings: the options, else TOCAO_SERVER, TOCAO_CACERT,
 * TOCAO_IDENTITY, TOCAO_UNIT_KEY, else ~/.config/tocao/client.conf (or
 * --config FILE). Tables and main messages in Vietnamese when LC_ALL,
 * LC_MESSAGES or LANG asks for it (client/tc_i18n.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_items.h"
#include "cli_util.h"
#include "tc_i18n_help.h"
#include "commands.h"
#include "dm_grounds.h"
#include "cr.h"
#include "dm_date.h"
#include "dm_filing.h"
#include "tc_client.h"
#include "tc_i18n.h"

struct conn {
	struct tcc_conf conf; /* merged: options over environment over file */
	const char *to_key;
	struct tcc_session *s;
	enum tcc_lang lang;
};

/* What list, show and act take besides the connection. */
struct cases_args {
	struct tcc_list_query q;
	struct tcc_action act;
	const char *sort, *decision_number, *decision_date, *out;
	const char *assign_to; /* --to PUBKEY_FILE */
	const char *sent_on, *channel, *number; /* notice */
	int all, summary, reveal, json, force, assign_me, assign_none;
};

#define MSG(c, id) tcc_msg((c)->lang, (id))

/* A failed call as one line: what, the status and the problem (or the transport's reason). */
static int fail_with(const char *what, const struct tcc_result *r)
{
	if (r->status < 0)
		return cli_fail("%s: %s", what, tcc_problem(r));
	return cli_fail("%s: %d %s", what, r->status, tcc_problem(r));
}

/* The connection's unit key, loaded (its passphrase asked for when it has one). */
static int load_unit(struct conn *c, struct cr_unit_secret **sec)
{
	return cli_load_unit_key(c->conf.unit_key, c->conf.identity, sec);
}

static const char *str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* s left-aligned in width columns (characters, not bytes: Vietnamese headers stay aligned). */
static void col(const char *s, int width)
{
	int n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	fputs(s, stdout);
	for (; n < width; n++)
		putchar(' ');
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

/* The notices the law requires, one a line: sent (when, how, number) or owed (days overdue). */
static void print_notices(const cJSON *k)
{
	const cJSON *ns = cJSON_GetObjectItemCaseSensitive(k, "notices");
	for (const cJSON *n = ns ? ns->child : NULL; n; n = n->next) {
		const cJSON *od = cJSON_GetObjectItemCaseSensitive(n, "overdue_days");
		printf("notice %-17s due %s: ", str(n, "kind"), str(n, "due"));
		if (cJSON_GetObjectItemCaseSensitive(n, "sent_on"))
			printf("sent %s (%s)%s%s\n", str(n, "sent_on"), str(n, "channel"),
			       str(n, "number")[0] ? " no. " : "", str(n, "number"));
		else if (cJSON_IsNumber(od) && od->valueint > 0)
			printf("NOT SENT, %d days overdue\n", od->valueint);
		else
			puts("to send");
	}
}

/* The deadlines of a case, one a line, "(provisional)" where they may move. */
static void print_deadlines(const cJSON *k)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(k, "deadlines");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(k, "provisional");
	for (const cJSON *e = d ? d->child : NULL; e; e = e->next)
		printf("%-14s %s%s\n", cli_term(e->string), cJSON_IsString(e) ? e->valuestring : "",
		       cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, e->string)) ? " (provisional)"
										   : "");
	const cJSON *od = cJSON_GetObjectItemCaseSensitive(k, "overdue_days");
	if (cJSON_IsNumber(od) && od->valueint > 0)
		printf(TR("%-14s %d days\n"), cli_term("overdue"), od->valueint);
	print_notices(k);
}

/* Each deadline's article, and what the law allows next (the case's own answer). */
static void print_law(const cJSON *k)
{
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(k, "basis");
	for (const cJSON *e = b ? b->child : NULL; e; e = e->next)
		if (cJSON_IsString(e))
			printf(TR("%-14s rests on %s\n"), cli_term(e->string), e->valuestring);
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(k, "allowed_actions");
	if (cJSON_GetArraySize(a) == 0)
		return;
	fputs(TR("Allowed next:"), stdout);
	for (const cJSON *e = a->child; e; e = e->next)
		if (cJSON_IsString(e))
			printf(" %s", cli_term(e->valuestring));
	putchar('\n');
}

/*
 * Adds "summary" to each case, decrypted here from the envelope the listing
 * carried (include=envelope), which is then dropped from the output.
 */
static int add_summaries(struct conn *c, cJSON *cases)
{
	struct cr_unit_secret *sec = NULL;
	int rc = load_unit(c, &sec);
	if (rc != TC_OK)
		return cli_fail("list: %s: %s", c->conf.unit_key, cli_strerror(rc));
	for (cJSON *k = cases->child; k && rc == TC_OK; k = k->next) {
		cJSON *body = NULL, *ident = NULL;
		if ((rc = tcc_open_case(k, sec, &body, &ident)) != TC_OK)
			cli_fail("list: case %s does not open with %s: %s", str(k, "case_id"),
				 c->conf.unit_key, cli_strerror(rc));
		cJSON_AddStringToObject(k, "summary", str(body, "summary"));
		cJSON_DeleteItemFromObjectCaseSensitive(k, "envelope");
		cJSON_DeleteItemFromObjectCaseSensitive(k, "reporter_public_key");
		cJSON_DeleteItemFromObjectCaseSensitive(k, "identity_sealed_apart");
		cJSON_Delete(body);
		cJSON_Delete(ident);
	}
	cr_unit_secret_free(sec);
	return rc == TC_OK ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}

static void notices_cell(const cJSON *k, char *out, size_t cap)
{
	const cJSON *owed = cJSON_GetObjectItemCaseSensitive(k, "notices_owed");
	const cJSON *late = cJSON_GetObjectItemCaseSensitive(k, "notices_overdue");
	int o = cJSON_IsNumber(owed) ? owed->valueint : 0, l = cJSON_IsNumber(late) ? late->valueint : 0;
	if (l > 0)
		snprintf(out, cap, "%d (%d!)", o, l);
	else
		snprintf(out, cap, "%d", o);
}

static void print_list(struct conn *c, const cJSON *cases, int summary)
{
	static const enum tcc_msg heads[] = {TCC_H_CASE, TCC_H_TRACK, TCC_H_CATEGORY, TCC_H_STATUS,
					     TCC_H_RECEIVED, TCC_H_PROCESS_BY, TCC_H_SETTLE_BY};
	static const int widths[] = {10, 14, 18, 13, 12, 15, 15};
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		col(MSG(c, heads[i]), widths[i]);
	col(MSG(c, TCC_H_OVERDUE), (int)strlen(MSG(c, TCC_H_OVERDUE)) + 2);
	printf("%s%s%s\n", MSG(c, TCC_H_NOTICES), summary ? "  " : "",
	       summary ? MSG(c, TCC_H_SUMMARY) : "");
	int any = 0;
	for (const cJSON *k = cases ? cases->child : NULL; k; k = k->next) {
		const cJSON *od = cJSON_GetObjectItemCaseSensitive(k, "overdue_days");
		char pb[16], sb[16], odn[16];
		any |= dated(pb, sizeof(pb), k, "process_by") | dated(sb, sizeof(sb), k, "settle_by");
		const char *cells[] = {str(k, "case_id"), cli_term(str(k, "track")),
				       cli_term(str(k, "category")), cli_term(str(k, "status")),
				       str(k, "received_on"), pb, sb};
		for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++)
			col(cells[i], widths[i]);
		/* OVERDUE: days overdue now (0 when within the deadline it owes). */
		snprintf(odn, sizeof(odn), "%d", cJSON_IsNumber(od) ? od->valueint : 0);
		col(odn, (int)strlen(MSG(c, TCC_H_OVERDUE)) + 2);
		/* NOTICES DUE: owed, and "(N overdue)" past their deadline. */
		char nd[32];
		notices_cell(k, nd, sizeof(nd));
		if (summary) {
			col(nd, (int)strlen(MSG(c, TCC_H_NOTICES)) + 2);
			puts(str(k, "summary"));
		} else {
			puts(nd);
		}
	}
	if (any)
		puts(MSG(c, TCC_M_PROVISIONAL));
}

static int cases_list(struct conn *c, const struct cases_args *a)
{
	if (a->summary && c->conf.unit_key[0] == '\0')
		return cli_usage("cases list --summary: give --unit-key UNIT.key to decrypt");
	struct tcc_result r;
	cJSON *cases = NULL;
	int pages = 1, st;
	struct tcc_list_query q = a->q;
	q.include_envelope = a->summary; /* one request a page, not one a case */
	if (a->all || a->sort) {
		st = tcc_cases_all(c->s, &q, &cases, &pages, &r);
	} else {
		st = tcc_cases_page(c->s, &q, NULL, &r);
		cases = cJSON_DetachItemFromObjectCaseSensitive(r.doc, "cases");
	}
	if (st != 200) {
		cJSON_Delete(cases);
		int rc = fail_with("list", &r);
		tcc_result_free(&r);
		return rc;
	}
	if (cases == NULL)
		cases = cJSON_CreateArray();
	if (a->sort)
		tcc_sort_by_deadline(cases);
	int rc = a->summary ? add_summaries(c, cases) : CLI_EXIT_OK;
	if (rc == CLI_EXIT_OK && a->json) {
		cJSON *out = cJSON_CreateObject();
		cJSON_AddNumberToObject(out, "count", cJSON_GetArraySize(cases));
		cJSON_AddNumberToObject(out, "pages", pages);
		cJSON_AddItemToObject(out, "cases", cases);
		cJSON *nc = cJSON_DetachItemFromObjectCaseSensitive(r.doc, "next_cursor");
		cJSON_AddItemToObject(out, "next_cursor", nc ? nc : cJSON_CreateNull());
		cases = NULL;
		rc = cli_print_json(out);
	} else if (rc == CLI_EXIT_OK) {
		print_list(c, cases, a->summary);
		printf("%d %s, %d %s\n", cJSON_GetArraySize(cases), MSG(c, TCC_W_CASES), pages,
		       MSG(c, TCC_W_PAGES));
	}
	cJSON_Delete(cases);
	tcc_result_free(&r);
	return rc;
}

/* The attachments (names and types from the decrypted report) and the timeline, one a line. */
static void print_items(const cJSON *doc, const cJSON *body)
{
	cli_print_attachments(body, doc);
	const cJSON *tl = cJSON_GetObjectItemCaseSensitive(doc, "timeline");
	for (const cJSON *e = tl ? tl->child : NULL; e; e = e->next)
		printf("%-14s %s %s%s%s\n", cli_term("timeline"), str(e, "on"), cli_term(str(e, "event")),
		       str(e, "detail")[0] ? " " : "", cli_term(str(e, "detail")));
}

/* A decline's legal ground: its name, what it says and its provision (dm_grounds.h). */
static void print_ground(const cJSON *k)
{
	enum dm_decline_ground g;
	const char *name = str(k, "decline_ground");
	if (!name[0])
		return;
	const struct dm_ground *d = dm_ground_parse(name, &g) == TC_OK ? dm_ground_of(g) : NULL;
	int vi = cli_lang() == TCC_LANG_VI;
	if (d == NULL) /* a newer server's code */
		printf("%-14s %s\n", cli_term("decline_ground"), name);
	else
		printf("%-14s %s: %s (%s)\n", cli_term("decline_ground"), name, vi ? d->vi : d->en,
		       vi ? d->citation_vi : d->citation_en);
}

/* What show prints: the case, the report, attachments, timeline, then the conversation. */
static int show_print(struct conn *c, const char *id, const cJSON *doc, const cJSON *body,
		      const cJSON *ident, const struct cr_unit_secret *sec)
{
	printf("%-14s %s\n", cli_term("status"), cli_term(str(doc, "status")));
	print_ground(doc);
	print_deadlines(doc);
	print_law(doc);
	cli_print_report(id, body, ident);
	putchar('\n');
	print_items(doc, body);
	const cJSON *sealed = cJSON_GetObjectItemCaseSensitive(doc, "identity_sealed_apart");
	if (cJSON_IsTrue(sealed) && ident == NULL)
		printf("\n%s\n", MSG(c, TCC_M_SEALED_APART));
	return cli_case_conversation(c->s, id, sec, NULL);
}

static int cases_show(struct conn *c, const char *id, int reveal, int json)
{
	if (c->conf.unit_key[0] == '\0')
		return cli_usage("cases show: give --unit-key UNIT.key to decrypt");
	struct tcc_result r;
	int st = reveal ? tcc_case_reveal(c->s, id, &r) : tcc_case_show(c->s, id, &r);
	if (st != 200) {
		int rc = fail_with("show", &r);
		tcc_result_free(&r);
		return rc;
	}
	struct cr_unit_secret *sec = NULL;
	cJSON *body = NULL, *ident = NULL, *doc = r.doc;
	int rc = load_unit(c, &sec);
	if (rc == TC_OK)
		rc = tcc_open_case(doc, sec, &body, &ident);
	if (rc != TC_OK) {
		cr_unit_secret_free(sec);
		tcc_result_free(&r);
		return cli_fail("show: cannot decrypt with %s: %s", c->conf.unit_key, cli_strerror(rc));
	}
	if (json) {
		cJSON *out = cJSON_CreateObject();
		cJSON_AddStringToObject(out, "case_id", id);
		cJSON_AddItemToObject(out, "report", body ? body : cJSON_CreateNull());
		cJSON_AddItemToObject(out, "identity", ident ? ident : cJSON_CreateNull());
		cJSON_AddItemToObject(out, "case", doc);
		rc = cli_case_conversation(c->s, id, sec, out);
		cr_unit_secret_free(sec);
		if (rc != CLI_EXIT_OK) {
			cJSON_Delete(out);
			return rc;
		}
		return cli_print_json(out);
	}
	rc = show_print(c, id, doc, body, ident, sec);
	cr_unit_secret_free(sec);
	cJSON_Delete(body);
	cJSON_Delete(ident);
	tcc_result_free(&r);
	return rc;
}

/* tocao cases attachment CASE_ID N --out FILE [--force]. */
static int cases_attachment(struct conn *c, const char *id, const char *n,
			    const struct cases_args *a)
{
	char *end = NULL;
	long i = strtol(n, &end, 10);
	if (c->conf.unit_key[0] == '\0' || a->out == NULL)
		return cli_usage("cases attachment: give --unit-key UNIT.key and --out FILE");
	if (end == n || *end || i < 0 || i > 9999)
		return cli_usage("cases attachment: N is an attachment's number, from 0");
	struct cr_unit_secret *sec = NULL;
	int rc = load_unit(c, &sec);
	if (rc != TC_OK)
		return cli_fail("attachment: %s: %s", c->conf.unit_key, cli_strerror(rc));
	rc = cli_case_attachment(c->s, id, (unsigned)i, sec, a->out, a->force);
	cr_unit_secret_free(sec);
	return rc;
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
	if (strcmp(kind, "complaint") != 0 || !cJSON_IsObject(cp))
		return;
	const char *subj = str(cp, "subject"), *inst = str(cp, "instance");
	if (subj[0] && dm_subject_parse(subj, &subject) != TC_OK)
		return;
	dm_day decided = day_member(cp, "decision_date"), filed = day_member(body, "received_on");
	int instance = strcmp(inst, "second") == 0 ? 2 : 1;
	if (dm_filing_window_check(subject, instance, false, decided, filed, &w) != TC_OK || !w.late)
		return;
	char last[DM_DAY_STRLEN];
	dm_day_format(w.last_day, last);
	printf(TR("warning: the complaint seems late: %d days (%s) ended on %s, %d day%s before it "
	       "was received.\n  Time lost to illness, disaster, a mission or study far away or "
	       "another objective obstacle\n  does not count (Art. 9, 48): weigh it before "
	       "accepting.\n"),
	       w.days, w.basis, last, w.days_late, w.days_late == 1 ? "" : "s");
}

/* The decrypted report of a case (the caller deletes it); NULL without --unit-key or on failure. */
static cJSON *fetch_report(struct conn *c, const char *id)
{
	struct tcc_result r;
	struct cr_unit_secret *sec = NULL;
	cJSON *body = NULL, *ident = NULL;
	if (c->conf.unit_key[0] == '\0')
		return NULL;
	if (tcc_case_show(c->s, id, &r) == 200 && load_unit(c, &sec) == TC_OK &&
	    tcc_open_case(r.doc, sec, &body, &ident) != TC_OK)
		body = NULL;
	cr_unit_secret_free(sec);
	cJSON_Delete(ident);
	tcc_result_free(&r);
	return body;
}

/*
 * The note sent with an action: --note, and the decision's number and date
 * folded into it (the API has no fields for them yet). The server seals
 * the note to the unit's key at once (docs/API.md). 0, or -1 if too long.
 */
static int action_note(const struct cases_args *a, char *out, size_t cap)
{
	int n = 0;
	out[0] = '\0';
	if (a->decision_number || a->decision_date)
		n = snprintf(out, cap, "Quyết định số %s ngày %s%s",
			     a->decision_number ? a->decision_number : "?",
			     a->decision_date ? a->decision_date : "?", a->act.note ? "\n" : "");
	if (n >= 0 && (size_t)n < cap && a->act.note)
		n += snprintf(out + n, cap - (size_t)n, "%s", a->act.note);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

static int cases_act(struct conn *c, const char *id, const char *action,
		     const struct cases_args *a)
{
	static char note[10001];
	struct tcc_action act = a->act;
	act.action = action;
	if (action_note(a, note, sizeof(note)) != 0)
		return cli_usage("cases act: the note is at most 10,000 bytes");
	act.note = note[0] ? note : NULL;
	cJSON *report = NULL;
	if (strcmp(action, "accept") == 0 && !a->json && (report = fetch_report(c, id)) != NULL) {
		accept_warning(report);
		cJSON_Delete(report);
	}
	struct tcc_result r;
	if (tcc_case_act(c->s, id, &act, &r) != 200) {
		int rc = fail_with(action, &r);
		tcc_result_free(&r);
		return rc;
	}
	if (a->json)
		return cli_print_json(r.doc);
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(r.doc, "deadlines");
	printf("%s %s: %s\n", MSG(c, TCC_W_CASE), id, cli_term(str(r.doc, "status")));
	if (str(r.doc, "withdrawal_continued")[0])
		printf(TR("  withdrawal recorded; the case continues (Art. 33(3): %s)\n"),
		       str(r.doc, "withdrawal_continued"));
	for (const cJSON *k = d ? d->child : NULL; k; k = k->next)
		printf("  %-22s %s\n", cli_term(k->string), cJSON_IsString(k) ? k->valuestring : "");
	if (act.note)
		puts(TR("  (note sealed to the unit's key by the server; the reporter never sees it)"));
	tcc_result_free(&r);
	return CLI_EXIT_OK;
}

/* The public half of --unit-key (a wrapped key: after unwrapping it). */
static int unit_pub_of(struct conn *c, struct cr_unit_pub *unit)
{
	int rc = cr_unit_secret_peek(c->conf.unit_key, unit);
	if (rc != TC_OK) {
		struct cr_unit_secret *sec = NULL;
		rc = load_unit(c, &sec);
		if (rc == TC_OK)
			*unit = *cr_unit_secret_pub(sec);
		cr_unit_secret_free(sec);
	}
	return rc;
}

/* An answer with the wanted status: printed as JSON, or what; otherwise a failure. */
static int answered(struct tcc_result *r, int st, int want, const char *fail, const char *what,
		    int json)
{
	if (st != want) {
		int rc = fail_with(fail, r);
		tcc_result_free(r);
		return rc;
	}
	if (json && r->doc)
		return cli_print_json(r->doc);
	puts(what);
	tcc_result_free(r);
	return CLI_EXIT_OK;
}

/* The text is sealed here, to the reporter's key and to the unit's, and signed: the server
 * never sees it, and the reporter sees it only if an inspector of the unit signed it. */
static int cases_reply(struct conn *c, const char *id, const char *text, int json)
{
	if (c->conf.unit_key[0] == '\0')
		return cli_usage("cases reply: give --unit-key UNIT.key");
	struct cr_unit_pub unit;
	int rc = unit_pub_of(c, &unit);
	if (rc != TC_OK)
		return cli_fail("reply: %s: %s", c->conf.unit_key, cli_strerror(rc));
	struct tcc_result r;
	char what[160];
	snprintf(what, sizeof(what), "%s %s.", MSG(c, TCC_M_REPLY_SENT), id);
	return answered(&r, tcc_case_reply(c->s, id, &unit, text, &r), 201, "reply", what, json);
}

/* An internal note: sealed to the unit's key by the daemon, never shown to the reporter. */
static int cases_note(struct conn *c, const char *id, const char *text, int json)
{
	if (strlen(text) > 10000)
		return cli_usage("cases note: the note is at most 10,000 bytes");
	struct tcc_result r;
	char what[160];
	snprintf(what, sizeof(what), "note kept on %s (sealed to the unit's key by the server).", id);
	return answered(&r, tcc_case_note(c->s, id, text, &r), 201, "note", what, json);
}

/* A notice the law requires, recorded as sent (docs/API.md "Notices"). */
static int cases_notice(struct conn *c, const char *id, const char *kind,
			const struct cases_args *a)
{
	if (a->sent_on == NULL || a->channel == NULL)
		return cli_usage("cases notice: give --sent-on YYYY-MM-DD and --channel "
				 "post|in_person|electronic");
	struct tcc_result r;
	char what[160];
	snprintf(what, sizeof(what), "%s: %s recorded as sent on %s.", id, kind, a->sent_on);
	return answered(&r, tcc_case_notice(c->s, id, kind, a->sent_on, a->channel, a->number, &r),
			200, "notice", what, a->json);
}

/* Assign the case to yourself, to an inspector of your unit (their .pub file), or nobody. */
static int cases_assign(struct conn *c, const char *id, const struct cases_args *a)
{
	uint8_t pk[CR_SIGN_PK_BYTES];
	struct cr_signer_pub to;
	if (a->assign_me + a->assign_none + (a->assign_to != NULL) != 1)
		return cli_usage("cases assign: give one of --to-me, --to INSPECTOR.pub, --none");
	if (a->assign_to && cr_signer_pub_load(a->assign_to, &to) != TC_OK)
		return cli_usage("cases assign: %s is not an inspector's public key", a->assign_to);
	if (a->assign_to)
		memcpy(pk, to.pk, sizeof(pk));
	if (a->assign_me && tcc_my_key(c->s, pk) != TC_OK)
		return cli_fail("assign: your identity is not unlocked");
	struct tcc_result r;
	char what[160];
	snprintf(what, sizeof(what), "%s %s.", id,
		 a->assign_none ? "assigned to nobody" : a->assign_me ? "assigned to you"
								      : "assigned");
	return answered(&r, tcc_case_assign(c->s, id, a->assign_none ? NULL : pk, &r), 200,
			"assign", what, a->json);
}

/*
 * Step 1, the sending unit: open the content key with --unit-key, seal it
 * to the receiving unit's key (--to-key, a public key file the unit trusts:
 * never one the server hands out) and send only that header and the key
 * commitment. The case stays this unit's until the receiving unit confirms.
 */
static int cases_transfer(struct conn *c, const char *id, const char *to_unit, int json)
{
	if (c->conf.unit_key[0] == '\0' || c->to_key == NULL)
		return cli_usage("cases transfer: give --unit-key UNIT.key and --to-key TO_UNIT.pub");
	struct cr_unit_pub to;
	int rc = cr_unit_pub_load(c->to_key, &to);
	if (rc != TC_OK || strcmp(to.unit, to_unit) != 0)
		return cli_fail("transfer: %s is not %s's public key", c->to_key, to_unit);
	struct cr_unit_secret *sec = NULL;
	rc = load_unit(c, &sec);
	if (rc != TC_OK)
		return cli_fail("transfer: %s: %s", c->conf.unit_key, cli_strerror(rc));
	struct tcc_result r;
	int st = tcc_transfer_offer(c->s, id, sec, &to, &r);
	cr_unit_secret_free(sec);
	char what[200];
	snprintf(what, sizeof(what), "Transfer of case %s offered to %s: it stays with this unit "
		 "until %s confirms (tocao cases receive).", id, to_unit, to_unit);
	return answered(&r, st, 202, "transfer", what, json);
}

/* Step 2, the receiving unit: open the offered header with --unit-key, prove it, take the case. */
static int cases_receive(struct conn *c, const char *id, int json)
{
	if (c->conf.unit_key[0] == '\0')
		return cli_usage("cases receive: give --unit-key UNIT.key");
	struct cr_unit_secret *sec = NULL;
	int rc = load_unit(c, &sec);
	if (rc != TC_OK)
		return cli_fail("receive: %s: %s", c->conf.unit_key, cli_strerror(rc));
	struct tcc_result r;
	int st = tcc_transfer_receive(c->s, id, sec, &r);
	cr_unit_secret_free(sec);
	char what[128];
	snprintf(what, sizeof(what), "Case %s received: it is this unit's from today.", id);
	return answered(&r, st, 200, "receive", what, json);
}

static int cases_cancel_transfer(struct conn *c, const char *id, int json)
{
	struct tcc_result r;
	char what[96];
	snprintf(what, sizeof(what), "Transfer of case %s cancelled.", id);
	return answered(&r, tcc_transfer_cancel(c->s, id, &r), 204, "cancel-transfer", what, json);
}

static void print_offers(const cJSON *list, const char *title)
{
	printf("%s\n", TR(title));
	for (const cJSON *k = list ? list->child : NULL; k; k = k->next)
		printf(TR("  %-9s %-8s -> %-8s since %s  %s %s\n"), str(k, "case_id"), str(k, "from_unit"),
		       str(k, "to_unit"), str(k, "since"), cli_term(str(k, "track")),
		       cli_term(str(k, "identity")));
}

static int cases_incoming(struct conn *c, int json)
{
	struct tcc_result r;
	if (tcc_transfers(c->s, &r) != 200) {
		int rc = fail_with("incoming", &r);
		tcc_result_free(&r);
		return rc;
	}
	if (json)
		return cli_print_json(r.doc);
	print_offers(cJSON_GetObjectItemCaseSensitive(r.doc, "incoming"),
		     "Offered to this unit (tocao cases receive CASE_ID):");
	print_offers(cJSON_GetObjectItemCaseSensitive(r.doc, "outgoing"),
		     "Offered by this unit, not yet confirmed:");
	tcc_result_free(&r);
	return CLI_EXIT_OK;
}

/* The unit's register of what it transferred (confirmed hand-overs; no content). */
static int cases_sent(struct conn *c, int json)
{
	struct tcc_result r;
	if (tcc_transfers_sent(c->s, &r) != 200) {
		int rc = fail_with("sent", &r);
		tcc_result_free(&r);
		return rc;
	}
	if (json)
		return cli_print_json(r.doc);
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(r.doc, "sent");
	puts(TR("Transferred by this unit (confirmed by the receiving unit):"));
	for (const cJSON *k = list ? list->child : NULL; k; k = k->next)
		printf(TR("  %-9s -> %-8s on %s\n"), str(k, "case_id"), str(k, "to_unit"), str(k, "day"));
	tcc_result_free(&r);
	return CLI_EXIT_OK;
}

/* The connection's options, shared by cases and signin (only cases takes --unit-key). */
#define CONN_OPTIONS                                                                             \
	{"server", required_argument, NULL, 's'}, {"cacert", required_argument, NULL, 'c'},     \
		{"identity", required_argument, NULL, 'i'},                                      \
		{"config", required_argument, NULL, 'f'}

/* 1 when ch is one of the connection's options (now in opts, or *config), else 0. */
static int conn_option(struct tcc_conf *opts, const char **config, int ch, const char *arg)
{
	char *field = ch == 's' ? opts->server : ch == 'c' ? opts->cacert
		      : ch == 'i' ? opts->identity : ch == 'k' ? opts->unit_key : NULL;
	if (ch == 'f')
		*config = arg;
	else if (field)
		snprintf(field, TCC_CONF_VALUE_MAX, "%s", arg);
	return field != NULL || ch == 'f';
}

/* c->conf from the options, the environment and the file; a session for it. -1 to go on. */
static int conn_setup(struct conn *c, const struct tcc_conf *opts, const char *config,
		      const char *who)
{
	struct tcc_conf env, file;
	char err[256];
	tcc_conf_from_env(&env);
	if (tcc_conf_load(config, &file, err, sizeof(err)) != 0)
		return cli_usage("%s: %s", who, err);
	tcc_conf_merge(&c->conf, opts, &env, &file);
	c->lang = tcc_lang_env();
	if (c->conf.server[0] == '\0' || c->conf.identity[0] == '\0')
		return cli_usage("%s: give --server URL and --identity INSPECTOR_KEY (or TOCAO_SERVER "
				 "and TOCAO_IDENTITY, or client.conf)", who);
	c->s = tcc_session_new(&c->conf);
	return c->s ? -1 : cli_fail("out of memory");
}

/* Sign in now, for a clear failure before any work. */
static int conn_signin(struct conn *c)
{
	struct tcc_result r;
	int st = tcc_signin(c->s, &r);
	int rc = st == 201 ? CLI_EXIT_OK : st < 0 ? cli_fail("%s", tcc_problem(&r))
						  : fail_with("sign-in refused", &r);
	tcc_result_free(&r);
	return rc;
}

/* A sub-command of cases and the number of arguments it takes. */
struct sub {
	const char *name;
	int args;
};
static const struct sub subs[] = {
	{"list", 0}, {"show", 1}, {"act", 2}, {"reply", 2}, {"note", 2}, {"assign", 1}, {"transfer", 2}, {"incoming", 0},
	{"receive", 1}, {"cancel-transfer", 1}, {"attachment", 2}, {"sent", 0}, {"notice", 2},
};

static void cases_help(void)
{
	puts(TR(TCC_HELP_CASES));
}

static int run_sub(struct conn *c, const char *sub, char **a, const struct cases_args *ca)
{
	if (strcmp(sub, "list") == 0)
		return cases_list(c, ca);
	if (strcmp(sub, "show") == 0)
		return cases_show(c, a[0], ca->reveal, ca->json);
	if (strcmp(sub, "act") == 0)
		return cases_act(c, a[0], a[1], ca);
	if (strcmp(sub, "reply") == 0)
		return cases_reply(c, a[0], a[1], ca->json);
	if (strcmp(sub, "assign") == 0)
		return cases_assign(c, a[0], ca);
	if (strcmp(sub, "note") == 0)
		return cases_note(c, a[0], a[1], ca->json);
	if (strcmp(sub, "transfer") == 0)
		return cases_transfer(c, a[0], a[1], ca->json);
	if (strcmp(sub, "incoming") == 0)
		return cases_incoming(c, ca->json);
	if (strcmp(sub, "receive") == 0)
		return cases_receive(c, a[0], ca->json);
	if (strcmp(sub, "attachment") == 0)
		return cases_attachment(c, a[0], a[1], ca);
	if (strcmp(sub, "sent") == 0)
		return cases_sent(c, ca->json);
	if (strcmp(sub, "notice") == 0)
		return cases_notice(c, a[0], a[1], ca);
	return cases_cancel_transfer(c, a[0], ca->json);
}

/* -1 when sub with rest arguments (the first a case id) may run, else the exit status. */
static int check_sub(const char *sub, int rest, char **a, const struct cases_args *ca)
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
	if (ca->sort && strcmp(ca->sort, "deadline") != 0)
		return cli_usage("cases list: --sort takes deadline");
	if (ca->q.limit < 0 || ca->q.limit > 500)
		return cli_usage("cases list: --limit is 1 to 500");
	return -1;
}

/* One option of cases (not a connection option); -1 to go on, else the exit status. */
static int cases_option(int ch, const char *arg, struct cases_args *a, struct conn *c)
{
	char *end = NULL;
	switch (ch) {
	case 'S': a->q.status = arg; break;
	case 'r': a->q.track = arg; break;
	case 'd': a->q.due_before = arg; break;
	case 'O': a->q.overdue = 1; break;
	case 'M': a->q.assignee = "me"; break;
	case 'Y': a->assign_me = 1; break;
	case 'Z': a->assign_to = arg; break;
	case 'U': a->assign_none = 1; break;
	case 'L':
		a->q.limit = (int)strtol(arg, &end, 10);
		if (end == arg || *end || a->q.limit < 1)
			a->q.limit = -1;
		break;
	case 'A': a->all = 1; break;
	case 'o': a->sort = arg; break;
	case 'm': a->summary = 1; break;
	case 'R': a->reveal = 1; break;
	case 'C': a->act.complexity = arg; break;
	case 'F': a->act.flag = arg; break;
	case 'K': a->act.criteria = arg; break;
	case 'W': a->act.continue_reason = arg; break;
	case 'N': a->act.note = arg; break;
	case 'n': a->decision_number = arg; break;
	case 'D': a->decision_date = arg; break;
	case 'T': c->to_key = arg; break;
	case 'j': a->json = 1; break;
	case 'P': a->out = arg; break;
	case 'G': a->force = 1; break;
	case 1001: a->q.notices_owed = 1; break;
	case 1002: a->sent_on = arg; break;
	case 1003: a->channel = arg; break;
	case 1004: a->number = arg; break;
	case 1005: a->act.ground = arg; break;
	case 'h': cases_help(); return CLI_EXIT_OK;
	default: return cli_usage("cases: bad option");
	}
	return -1;
}

int cmd_cases(int argc, char **argv)
{
	static const struct option opts[] = {
		CONN_OPTIONS,
		{"unit-key", required_argument, NULL, 'k'}, {"status", required_argument, NULL, 'S'},
		{"track", required_argument, NULL, 'r'}, {"due-before", required_argument, NULL, 'd'},
		{"overdue", no_argument, NULL, 'O'}, {"limit", required_argument, NULL, 'L'},
		{"all", no_argument, NULL, 'A'}, {"sort", required_argument, NULL, 'o'},
		{"summary", no_argument, NULL, 'm'}, {"reveal", no_argument, NULL, 'R'},
		{"complexity", required_argument, NULL, 'C'}, {"flag", required_argument, NULL, 'F'},
		{"criteria", required_argument, NULL, 'K'},
		{"continue-reason", required_argument, NULL, 'W'},
		{"note", required_argument, NULL, 'N'},
		{"decision-number", required_argument, NULL, 'n'},
		{"decision-date", required_argument, NULL, 'D'},
		{"to-key", required_argument, NULL, 'T'},
		{"mine", no_argument, NULL, 'M'}, {"to-me", no_argument, NULL, 'Y'},
		{"to", required_argument, NULL, 'Z'}, {"none", no_argument, NULL, 'U'},
		{"out", required_argument, NULL, 'P'}, {"force", no_argument, NULL, 'G'},
		{"json", no_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'},
		{"notices-due", no_argument, NULL, 1001}, {"sent-on", required_argument, NULL, 1002},
		{"channel", required_argument, NULL, 1003}, {"number", required_argument, NULL, 1004},
		{"ground", required_argument, NULL, 1005},
		{NULL, 0, NULL, 0},
	};
	static struct tcc_conf given;
	struct conn c = {0};
	struct cases_args a = {0};
	const char *config = NULL;
	int ch, rc;
	memset(&given, 0, sizeof(given));
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		if (!conn_option(&given, &config, ch, optarg) &&
		    (rc = cases_option(ch, optarg, &a, &c)) >= 0)
			return rc;
	if (optind >= argc)
		return cli_usage("cases: give list, show, attachment, act, reply, note, assign, transfer, "
				 "incoming, "
				 "receive, cancel-transfer or sent");
	const char *sub = argv[optind++];
	if (a.q.limit == 0 && !a.all && !a.sort)
		a.q.limit = 500; /* one page: the largest */
	if ((rc = check_sub(sub, argc - optind, argv + optind, &a)) >= 0 ||
	    (rc = conn_setup(&c, &given, config, "cases")) >= 0)
		return rc;
	rc = conn_signin(&c);
	if (rc == CLI_EXIT_OK)
		rc = run_sub(&c, sub, argv + optind, &a);
	tcc_session_free(c.s);
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
	static struct tcc_conf given;
	struct conn c = {0};
	const char *config = NULL;
	int json = 0, ch;
	memset(&given, 0, sizeof(given));
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (conn_option(&given, &config, ch, optarg))
			continue;
		switch (ch) {
		case 'j': json = 1; break;
		case 'h':
			puts("Usage: tocao signin --server URL [--cacert FILE] --identity KEY [--json]\n"
			     "Signs in with your key and prints a sign-in code for the monitors' pages\n"
			     "(paste it at URL/monitor). The code is a session: it lasts 15 minutes;\n"
			     "treat it like a password. Settings as for tocao cases (environment,\n"
			     "client.conf).");
			return CLI_EXIT_OK;
		default: return cli_usage("signin: bad option");
		}
	}
	if (optind != argc)
		return cli_usage("signin: give --server URL and --identity KEY");
	int rc = conn_setup(&c, &given, config, "signin");
	if (rc >= 0)
		return rc;
	rc = conn_signin(&c);
	if (rc == CLI_EXIT_OK && json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "code", tcc_token(c.s));
		cJSON_AddNumberToObject(o, "expires_in", 900);
		rc = cli_print_json(o);
	} else if (rc == CLI_EXIT_OK) {
		printf("%s\n", tcc_token(c.s));
		fprintf(stderr, TR("Paste this sign-in code at %s/monitor within 15 minutes.\n"),
			c.conf.server);
	}
	tcc_session_free(c.s);
	return rc;
}
