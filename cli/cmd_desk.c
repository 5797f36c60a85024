/*
 * tocao desk - the inspectors' desk: a local web console on this machine
 * (docs/DESK.md). Unlocks the identity and the unit key once, signs in,
 * reads the unit's cases, prints the URL to open (its first line, with a
 * one-time token) and opens the browser unless --no-browser.
 *
 *   tocao desk [--server URL] [--cacert F] [--identity KEY] [--unit-key KEY]
 *              [--config FILE] [--directory DIR] [--listen 127.0.0.1:PORT]
 *              [--no-browser] [--english]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "cr.h"
#include "desk.h"
#include "platform.h"
#include "tc_client.h"
#include "wipe_alloc.h"

static void desk_help(void)
{
	puts("Usage: tocao desk [--server URL] [--cacert FILE] [--identity INSPECTOR.key]\n"
	     "                  [--unit-key UNIT.key] [--config FILE] [--directory DIR]\n"
	     "                  [--listen 127.0.0.1:PORT] [--no-browser] [--english]\n"
	     "                  [--public-url URL]\n"
	     "The inspectors' desk: a web console on this machine for the unit's cases, opened\n"
	     "here with the unit's key. Prints the URL to open (one use) as its first line.\n"
	     "  --directory DIR  the instance's public keys: DIR/units (transfers) and\n"
	     "                   DIR/principals (assignment); also TOCAO_DIRECTORY\n"
	     "  --listen ADDR    loopback only (default 127.0.0.1:0, any free port)\n"
	     "  --public-url URL the citizens' address printed on reception slips (default:\n"
	     "                   --server); also TOCAO_PUBLIC_URL\n"
	     "Settings also from TOCAO_SERVER, TOCAO_CACERT, TOCAO_IDENTITY, TOCAO_UNIT_KEY\n"
	     "or ~/.config/tocao/client.conf; the passphrase from the terminal or\n"
	     "TOCAO_PASSPHRASE. Stop with Ctrl-C.");
}

static void open_browser(const char *url)
{
	if (platform_open_browser(url) != 0)
		fputs("tocao: could not start a browser: open the URL above by hand\n", stderr);
}

struct desk_args {
	struct tcc_conf opts;
	const char *config;
	struct desk_options o;
	int no_browser;
};

static int desk_option(int ch, const char *arg, struct desk_args *a)
{
	char *field = ch == 's' ? a->opts.server : ch == 'c' ? a->opts.cacert
		      : ch == 'i' ? a->opts.identity : ch == 'k' ? a->opts.unit_key : NULL;
	if (field)
		snprintf(field, TCC_CONF_VALUE_MAX, "%s", arg);
	else if (ch == 'f')
		a->config = arg;
	else if (ch == 'd')
		a->o.directory = arg;
	else if (ch == 'l')
		a->o.listen = arg;
	else if (ch == 'n')
		a->no_browser = 1;
	else if (ch == 'e')
		a->o.english = 1;
	else if (ch == 'u')
		a->o.public_url = arg;
	else
		return -1;
	return 0;
}

static int desk_args_parse(int argc, char **argv, struct desk_args *a)
{
	static const struct option longs[] = {
		{"server", required_argument, NULL, 's'},  {"cacert", required_argument, NULL, 'c'},
		{"identity", required_argument, NULL, 'i'}, {"unit-key", required_argument, NULL, 'k'},
		{"config", required_argument, NULL, 'f'},  {"directory", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'l'},  {"no-browser", no_argument, NULL, 'n'},
		{"english", no_argument, NULL, 'e'},	   {"help", no_argument, NULL, 'h'},
		{"public-url", required_argument, NULL, 'u'}, {NULL, 0, NULL, 0}};
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", longs, NULL)) != -1) {
		if (ch == 'h') {
			desk_help();
			return CLI_EXIT_OK;
		}
		if (desk_option(ch, optarg, a) != 0)
			return cli_usage("desk: unknown option (see tocao desk --help)");
	}
	if (optind != argc)
		return cli_usage("desk: takes no arguments (see tocao desk --help)");
	if (a->o.directory == NULL)
		a->o.directory = getenv("TOCAO_DIRECTORY");
	if (a->o.public_url == NULL)
		a->o.public_url = getenv("TOCAO_PUBLIC_URL");
	return -1;
}

/* The merged settings; all four needed. -1 to go on, else the exit status. */
static int desk_settings(struct desk_args *a, struct tcc_conf *conf)
{
	struct tcc_conf env, file;
	char err[256];
	tcc_conf_from_env(&env);
	if (tcc_conf_load(a->config, &file, err, sizeof(err)) != 0)
		return cli_usage("desk: %s", err);
	tcc_conf_merge(conf, &a->opts, &env, &file);
	if (!conf->server[0] || !conf->identity[0] || !conf->unit_key[0])
		return cli_usage("desk: give --server URL, --identity INSPECTOR.key and --unit-key "
				 "UNIT.key (or TOCAO_SERVER, TOCAO_IDENTITY, TOCAO_UNIT_KEY, or "
				 "client.conf)");
	return -1;
}

int cmd_desk(int argc, char **argv)
{
	struct desk_args a = {0};
	struct tcc_conf conf;
	/* Decrypted text passes through libevent's buffers and cJSON: wipe what they free. */
	wipe_alloc_install();
	int rc = desk_args_parse(argc, argv, &a);
	if (rc >= 0 || (rc = desk_settings(&a, &conf)) >= 0)
		return rc;
	struct tcc_session *s = tcc_session_new(&conf);
	struct cr_unit_secret *sec = NULL;
	struct tcc_result r = {0};
	char err[300];
	if (s == NULL)
		return cli_fail("out of memory");
	rc = CLI_EXIT_FAIL;
	if (tcc_session_unlock(s, err, sizeof(err)) != TC_OK ||
	    tcc_session_unit_key(s, conf.unit_key, &sec, err, sizeof(err)) != TC_OK) {
		cli_fail("desk: %s", err);
	} else if (tcc_signin(s, &r) != 201) {
		cli_fail("desk: sign-in refused: %s", tcc_problem(&r));
	} else if (desk_run(s, sec, &a.o, stdout, a.no_browser ? NULL : open_browser, err,
			    sizeof(err)) != 0) {
		cli_fail("desk: %s", err);
	} else {
		rc = CLI_EXIT_OK;
	}
	tcc_result_free(&r);
	cr_unit_secret_free(sec);
	tcc_session_free(s);
	return rc;
}
