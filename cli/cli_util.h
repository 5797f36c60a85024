/*
 * cli_util.h - conventions shared by every tocao sub-command (docs/API.md
 * "Command-line contract"):
 * exit 0 on success, 2 on bad usage, 1 on failure with one line on stderr;
 * --json prints JSON, otherwise a readable table.
 */
#ifndef TOCAO_CLI_UTIL_H
#define TOCAO_CLI_UTIL_H

#include <cjson/cJSON.h>

#include "tc_i18n.h"

#define CLI_EXIT_OK 0
#define CLI_EXIT_FAIL 1
#define CLI_EXIT_USAGE 2

/* Print "tocao: <message>" on stderr; return CLI_EXIT_FAIL. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "tocao: <message>" and a hint to use --help; return CLI_EXIT_USAGE. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print item as indented JSON with a newline on stdout, then delete it. */
int cli_print_json(cJSON *item);

/*
 * The language the environment asks for (LC_ALL, LC_MESSAGES, LANG;
 * tc_i18n.h), and what is shown in it: TR(an English sentence or printf
 * format, checked as such) and cli_term(an API code such as a status).
 * cli_fail and cli_usage translate their formats themselves.
 */
enum tcc_lang cli_lang(void);
#define TR(en) tcc_fmt(cli_lang(), (en))
const char *cli_term(const char *code);
/* tc_strerror's words in the language asked for. */
const char *cli_strerror(int rc);

/* Each sub-command: argv[0] is the sub-command's name. */
typedef int (*cli_command_fn)(int argc, char **argv);

#endif
