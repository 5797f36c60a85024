/*
 * cmd_passwd.c - passphrases of identity files for every command, and
 * `tocao key passwd FILE` (docs/OPERATIONS.md "Keys").
 *
 * Every command that loads an --identity goes through crypto's
 * cr_signer_load, which asks the source installed here for a protected
 * file's passphrase: TOCAO_PASSPHRASE when set (one try), else the
 * terminal without echo (three tries). A wrong passphrase ends the
 * command with exit status 2 and one clear line; an unprotected (version
 * 1) identity outside a development instance's dev-secrets/ is loaded
 * with a warning.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_util.h"
#include "tc_i18n_help.h"
#include "commands.h"
#include "conf.h"
#include "cr.h"
#include "instance.h"
#include "platform.h"

#define PASS_MIN 12
#define PASS_TRIES 3

int cli_instance_is_dev(const char *dir)
{
	struct tc_conf conf;
	char err[INSTANCE_PATH_MAX + 256];
	return instance_load_conf(dir, &conf, err, sizeof(err)) == TC_OK && conf.dev;
}

/* Whether path is in DIR/dev-secrets/ of a development instance DIR. */
static int in_dev_secrets(const char *path)
{
	char a[4096], b[4096];
	snprintf(a, sizeof(a), "%s", path);
	char *d = dirname(a);
	snprintf(b, sizeof(b), "%s", d);
	if (strcmp(basename(b), "dev-secrets") != 0)
		return 0;
	snprintf(b, sizeof(b), "%s", d);
	return cli_instance_is_dev(dirname(b));
}

static void notice_unprotected(void *arg, const char *path)
{
	(void)arg;
	if (!in_dev_secrets(path))
		fprintf(stderr, "tocao: warning: %s is not protected by a passphrase (an old or "
				"development identity); protect it with: tocao key passwd %s\n",
			path, path);
}

static int ask_identity(void *arg, const char *path, int attempt, char *buf, size_t cap,
			size_t *len)
{
	(void)arg;
	const char *env = getenv("TOCAO_PASSPHRASE");
	if (attempt > 0 && (env != NULL || attempt >= PASS_TRIES)) {
		fprintf(stderr, TR("tocao: wrong passphrase for %s%s\n"), path,
			env ? " (TOCAO_PASSPHRASE)" : TR(", three tries"));
		exit(CLI_EXIT_USAGE);
	}
	if (attempt > 0)
		fputs(TR("tocao: wrong passphrase, try again\n"), stderr);
	if (env != NULL) {
		size_t n = strlen(env);
		if (n >= cap)
			return -1;
		memcpy(buf, env, n + 1);
		*len = n;
		return 0;
	}
	char prompt[4200];
	snprintf(prompt, sizeof(prompt), TR("Passphrase for %s: "), path);
	if (platform_read_secret(prompt, buf, cap, len) != 0) {
		fprintf(stderr, TR("tocao: %s is protected by a passphrase and there is no terminal to "
				   "ask on (set TOCAO_PASSPHRASE)\n"),
			path);
		return -1;
	}
	return 0;
}

void cli_passphrase_install(void)
{
	cr_set_passphrase_source(ask_identity, notice_unprotected, NULL);
}

int cli_new_passphrase(const char *what, char *buf, size_t cap, size_t *len)
{
	const char *env = getenv("TOCAO_NEW_PASSPHRASE");
	int r;
	if (env != NULL && strlen(env) < cap) {
		*len = strlen(env);
		memcpy(buf, env, *len + 1);
		r = 0;
	} else {
		char prompt[200];
		snprintf(prompt, sizeof(prompt), TR("New passphrase for %s: "), what);
		r = cli_read_passphrase(prompt, 1, buf, cap, len);
	}
	if (r == -2)
		return cli_fail("the two passphrases differ");
	if (r != 0 || *len < PASS_MIN)
		return cli_usage("a passphrase of at least %d characters is needed (terminal, or "
				 "TOCAO_PASSPHRASE / TOCAO_NEW_PASSPHRASE)", PASS_MIN);
	return CLI_EXIT_OK;
}

/* A temporary name in path's directory. */
static void tmp_name(const char *path, char *out, size_t cap)
{
	snprintf(out, cap, "%s.tmp-%ld", path, (long)getpid());
}

static int passwd_identity(const char *path, const char *pass, size_t pass_len, char *tmp)
{
	struct cr_signer *s = NULL;
	int rc = cr_signer_load(path, &s);
	if (rc != TC_OK)
		return rc;
	rc = cr_signer_save_protected(s, tmp, NULL, pass, pass_len, CR_KDF_MODERATE);
	cr_signer_free(s);
	return rc;
}

static int passwd_unit(const char *path, const char *pass, size_t pass_len, char *tmp)
{
	struct cr_unit_secret *u = NULL;
	int rc = cli_load_unit_secret(path, &u);
	if (rc != TC_OK)
		return rc;
	rc = cr_unit_secret_save_protected(u, tmp, pass, pass_len, CR_KDF_MODERATE);
	cr_unit_secret_free(u);
	return rc;
}

/* tocao key passwd FILE: a new passphrase for an identity or a unit secret key, in place. */
int cmd_key(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		puts(TR(TCC_HELP_KEY));
		return CLI_EXIT_OK;
	}
	if (argc != 3 || strcmp(argv[1], "passwd") != 0)
		return cli_usage("key: give passwd FILE");
	const char *path = argv[2];
	int prot = cr_signer_file_protected(path);
	int identity = prot == 0 || prot == 1;
	struct cr_unit_pub peek;
	if (!identity && cr_unit_secret_peek(path, &peek) != TC_OK)
		return cli_fail("key: %s is neither an identity nor a unit secret key", path);
	char pass[256], tmp[4200];
	size_t pass_len = 0;
	int rc = cli_new_passphrase(path, pass, sizeof(pass), &pass_len);
	if (rc != CLI_EXIT_OK)
		return rc;
	tmp_name(path, tmp, sizeof(tmp));
	rc = identity ? passwd_identity(path, pass, pass_len, tmp)
		      : passwd_unit(path, pass, pass_len, tmp);
	explicit_bzero(pass, sizeof(pass));
	if (rc == TC_OK)
		rc = platform_replace_file(tmp, path);
	else
		unlink(tmp);
	if (rc != TC_OK)
		return rc == TC_ECRYPTO ? cli_fail("key: %s: wrong passphrase", path)
					: cli_fail("key: %s: %s", path, cli_strerror(rc));
	printf(TR("%s is now protected by the new passphrase.\n"), path);
	return CLI_EXIT_OK;
}
