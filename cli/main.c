/*
 * tocao - the command-line tool: instance set-up, offline case access,
 * and the legal calendar. Each sub-command lives in its own file.
 */
#include <stdio.h>
#include <string.h>

#include "cli_util.h"
#include "cmd_domain.h"
#include "commands.h"
#include "cr.h"
#include "dm_units.h"

struct command {
	const char *name;
	cli_command_fn fn;
	const char *summary;
};

static const struct command commands[] = {
	{"init", cmd_init, "init [--dev] DIR: create an instance"},
	{"export", cmd_export, "export --data DIR CASE_ID: a case's sealed envelope as JSON"},
	{"open", cmd_open, "open --key FILE [--out-dir DIR] [EXPORT|-]: decrypt an exported case"},
	{"cases", cmd_cases, "cases list|show|act|reply --server URL --identity KEY: an inspector's work"},
	{"document", cmd_document, "document --unit-key KEY CASE_ID KIND --out FILE: an official document"},
	{"casefile", cmd_casefile, "casefile --unit-key KEY CASE_ID --out FILE.html: the printable case file"},
	{"desk", cmd_desk, "desk --server URL --identity KEY --unit-key KEY: the inspectors' desk"},
	{"signin", cmd_signin, "signin --server URL --identity KEY: a sign-in code for /monitor"},
	{"report", cmd_report, "report --data DIR [--province P] --from D --to D: period figures"},
	{"verify", cmd_verify, "verify --data DIR: check the store and the audit chain"},
	{"keygen", cmd_keygen, "keygen --unit UNIT --out FILE: a unit key pair, passphrase-protected"},
	{"key", cmd_key, "key passwd FILE: protect an identity or unit key with a new passphrase"},
	{"inspector", cmd_inspector, "inspector add --unit-key FILE --name NAME | revoke: an inspector's keys"},
	{"monitor", cmd_monitor, "monitor add --name NAME --scope SCOPE | revoke: a monitor's keys"},
	{"reply", cmd_reply, "reply --data DIR CASE_ID [TEXT|-]: the unit's message to the reporter"},
	{"deadlines", cmd_deadlines, "deadlines --kind K --received DATE ...: legal deadlines"},
	{"calendar", cmd_calendar, "calendar holidays YEAR | add-days DATE N --working|--calendar"},
	{"route", cmd_route, "route --province P [--commune C] [--level L]: competent unit"},
	{"backup", cmd_backup, "backup --data DIR --to BACKUP_KEY.pub OUT: a sealed hot copy"},
	{"restore", cmd_restore, "restore --key BACKUP_KEY BACKUP NEWDIR: an instance from a backup"},
	{"digest", cmd_digest, "digest --data DIR --dry-run: the reminders that would be sent today"},
	{"recompute", cmd_recompute, "recompute --data DIR [--dry-run]: open cases after a data correction"},
	{"retention", cmd_retention, "retention --data DIR [--dry-run|--compact]: closed cases past their period"},
};

static void usage(FILE *f)
{
	fputs("Usage: tocao COMMAND [OPTIONS]\n\nCommands:\n", f);
	cli_passphrase_install();
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %s\n", commands[i].summary);
	fputs("\nEvery command takes --json for JSON output and --help.\n"
	      "Exit status: 0 success, 1 failure, 2 bad usage.\n",
	      f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		puts("tocao " TOCAO_VERSION);
		return CLI_EXIT_OK;
	}
	if (cr_init() != TC_OK || dm_init() != TC_OK)
		return cli_fail("cannot initialise the crypto library or reference data");
	cli_passphrase_install();
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	return cli_usage("unknown command '%s'", argv[1]);
}
