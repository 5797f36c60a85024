/*
 * cmd_document.c - a case's official documents and its printable file,
 * drawn up on the inspector's machine (docs/DOCUMENTS.md):
 *
 *   tocao document --unit-key UNIT.key CASE_ID KIND [--number N] [--date YYYY-MM-DD]
 *                  [--place P] [--signer NAME] [--format html|docx] --out FILE [--force]
 *   tocao casefile --unit-key UNIT.key CASE_ID --out FILE.html [--force]
 *
 * with the connection of `tocao cases` (--server, --cacert, --identity,
 * --config, or TOCAO_* or client.conf). KIND is accept-notice,
 * decline-notice, transfer-slip, transfer-notice, accept-decision,
 * extend-decision, suspend-decision, resume-decision or conclusion-notice.
 * A document the case's state does not allow is refused (exit 1) with
 * what is missing. The file is written 0600 (it holds the opened case).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "desk_paper.h"
#include "paper.h"
#include "platform.h"
#include "tc_client.h"

struct doc_args {
	struct tcc_conf given;
	const char *config, *out, *format;
	const char *set[4][2]; /* --number, --date, --place, --signer: field, value */
	int n_set, force;
};

static int parse(int argc, char **argv, struct doc_args *a, int document)
{
	static const struct option opts[] = {
		{"server", required_argument, NULL, 's'}, {"cacert", required_argument, NULL, 'c'},
		{"identity", required_argument, NULL, 'i'}, {"config", required_argument, NULL, 'f'},
		{"unit-key", required_argument, NULL, 'k'}, {"out", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'F'}, {"number", required_argument, NULL, 'n'},
		{"date", required_argument, NULL, 'd'}, {"place", required_argument, NULL, 'p'},
		{"signer", required_argument, NULL, 'S'}, {"force", no_argument, NULL, 'G'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
	};
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		char *field = ch == 's' ? a->given.server : ch == 'c' ? a->given.cacert
			      : ch == 'i' ? a->given.identity : ch == 'k' ? a->given.unit_key : NULL;
		const char *name = ch == 'n' ? "number" : ch == 'd' ? "date" : ch == 'p' ? "place"
				   : ch == 'S' ? "signer" : NULL;
		if (field)
			snprintf(field, TCC_CONF_VALUE_MAX, "%s", optarg);
		else if (name && document && a->n_set < 4)
			a->set[a->n_set][0] = name, a->set[a->n_set++][1] = optarg;
		else if (ch == 'f')
			a->config = optarg;
		else if (ch == 'o')
			a->out = optarg;
		else if (ch == 'F' && document)
			a->format = optarg;
		else if (ch == 'G')
			a->force = 1;
		else if (ch == 'h')
			return printf("%s\n", document ? "tocao document --unit-key UNIT.key CASE_ID KIND "
							 "[--number N] [--date YYYY-MM-DD] [--place P] "
							 "[--signer NAME] [--format html|docx] --out FILE"
						       : "tocao casefile --unit-key UNIT.key CASE_ID --out "
							 "FILE.html"),
			       CLI_EXIT_OK;
		else
			return cli_usage("%s: unknown option", document ? "document" : "casefile");
	}
	return -1;
}

/* A session and the unit key from the merged settings; -1 to go on, else the exit status. */
static int doc_connect(struct doc_args *a, const char *who, struct tcc_session **s,
		   struct cr_unit_secret **sec)
{
	struct tcc_conf env, file, conf;
	char err[256];
	tcc_conf_from_env(&env);
	if (tcc_conf_load(a->config, &file, err, sizeof(err)) != 0)
		return cli_usage("%s: %s", who, err);
	tcc_conf_merge(&conf, &a->given, &env, &file);
	if (conf.server[0] == '\0' || conf.identity[0] == '\0' || conf.unit_key[0] == '\0')
		return cli_usage("%s: give --server URL, --identity INSPECTOR_KEY and --unit-key "
				 "UNIT.key (or TOCAO_SERVER, TOCAO_IDENTITY, TOCAO_UNIT_KEY)", who);
	int rc = cli_load_unit_key(conf.unit_key, conf.identity, sec);
	if (rc != 0)
		return cli_fail("%s: %s: %s", who, conf.unit_key, cli_strerror(rc));
	*s = tcc_session_new(&conf);
	return *s ? -1 : cli_fail("out of memory");
}

static int write_out(const struct doc_args *a, const void *data, size_t len, const char *who)
{
	int rc = platform_write_private(a->out, data, len, a->force);
	if (rc != 0)
		return cli_fail("%s: cannot write %s: %s (an existing file needs --force)", who, a->out,
				strerror(rc < 0 ? -rc : rc));
	return CLI_EXIT_OK;
}

/* The document drawn up, edited by the options, rendered into the file. */
static int render(const struct doc_args *a, struct desk_paper_case *pc, int kind,
		  const char *reason)
{
	struct paper_doc doc;
	const char *why = NULL;
	int en = cli_lang() != TCC_LANG_VI;
	if (paper_prepare((enum paper_kind)kind, pc->show, pc->body, pc->ident, en, &doc, &why) != 0)
		return cli_fail("document: %s", why);
	if (reason[0])
		(void)paper_fill_reason(&doc, reason); /* the decline's ground; no place: dots stay */
	for (int i = 0; i < a->n_set; i++)
		if (paper_set(&doc, a->set[i][0], a->set[i][1]) != 0) {
			paper_doc_free(&doc);
			return cli_usage("document: bad --%s (a date is YYYY-MM-DD; fields have a "
					 "length limit)", a->set[i][0]);
		}
	int rc;
	if (strcmp(a->format, "docx") == 0) {
		uint8_t *data = NULL;
		size_t len = 0;
		char err[160];
		rc = paper_docx(&doc, &data, &len, err, sizeof(err)) == 0
			     ? write_out(a, data, len, "document") : cli_fail("document: %s", err);
		if (data)
			explicit_bzero(data, len);
		free(data);
	} else {
		struct pbuf b = {0};
		paper_html(&doc, NULL, &b);
		rc = b.failed ? cli_fail("out of memory") : write_out(a, b.p, b.len, "document");
		pbuf_free(&b);
	}
	paper_doc_free(&doc);
	return rc;
}

static int run(int argc, char **argv, int document)
{
	const char *who = document ? "document" : "casefile";
	struct doc_args a = {.format = "html"};
	struct tcc_session *s = NULL;
	struct cr_unit_secret *sec = NULL;
	struct desk_paper_case pc;
	char why[256] = "";
	int rc = parse(argc, argv, &a, document), kind = 0;
	if (rc >= 0)
		return rc;
	if (argc - optind != (document ? 2 : 1) || a.out == NULL)
		return cli_usage("%s: give CASE_ID%s and --out FILE", who, document ? " KIND" : "");
	if (document && (kind = paper_kind_from_name(argv[optind + 1])) < 0)
		return cli_usage("document: KIND is accept-notice, decline-notice, transfer-slip, "
				 "transfer-notice, accept-decision, extend-decision, suspend-decision, "
				 "resume-decision, terminate-decision or conclusion-notice");
	if (strcmp(a.format, "html") != 0 && strcmp(a.format, "docx") != 0)
		return cli_usage("document: --format is html or docx");
	if ((rc = doc_connect(&a, who, &s, &sec)) >= 0)
		return rc;
	int st = desk_paper_open(s, sec, argv[optind], !document, &pc, why, sizeof(why));
	if (st != 200 || pc.body == NULL) {
		rc = st == 200 ? cli_fail("%s: %s", who, why) : cli_fail("%s: %d %s", who, st, why);
	} else if (document) {
		char reason[1024] = "";
		if (kind == PAPER_DECLINE_NOTICE)
			(void)desk_decline_reason(s, sec, argv[optind], reason, sizeof(reason));
		rc = render(&a, &pc, kind, reason);
		explicit_bzero(reason, sizeof(reason));
	} else {
		struct pbuf b = {0};
		paper_casefile_html(&pc.cf, NULL, &b);
		rc = b.failed ? cli_fail("out of memory") : write_out(&a, b.p, b.len, who);
		pbuf_free(&b);
	}
	desk_paper_close(&pc);
	cr_unit_secret_free(sec);
	tcc_session_free(s);
	return rc;
}

int cmd_document(int argc, char **argv)
{
	return run(argc, argv, 1);
}

int cmd_casefile(int argc, char **argv)
{
	return run(argc, argv, 0);
}
