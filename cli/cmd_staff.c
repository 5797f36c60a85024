/*
 * cmd_staff.c - `tocao monitor add|revoke` and `tocao inspector revoke`
 * (docs/OPERATIONS.md "Adding and revoking staff without a restart").
 *
 * A monitor's identity is made like an inspector's (cli_staff_identity:
 * passphrase-protected with Argon2id), without a unit key: monitors read
 * figures, never cases. Registering is the .pub in the instance's
 * principals/; revoking moves it out to principals-revoked/ (kept, so the
 * operator can see who was revoked and when). Either takes effect at the
 * daemon's next SIGHUP, without a restart.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli_util.h"
#include "tc_i18n_help.h"
#include "commands.h"
#include "cr.h"
#include "dm_units.h"
#include "instance.h"

static int name_ok(const char *name)
{
	size_t n = strlen(name);
	return n > 0 && n <= 40 &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == n;
}

/* A copy of the file src at dst, which must not exist yet (0644, a public key). */
static int copy_public(const char *src, const char *dst)
{
	FILE *in = fopen(src, "rb");
	if (in == NULL)
		return -errno;
	char buf[4096];
	size_t n = fread(buf, 1, sizeof(buf), in);
	int rc = ferror(in) || !feof(in) ? TC_EIO : TC_OK;
	fclose(in);
	FILE *out = rc == TC_OK ? fopen(dst, "wx") : NULL;
	if (rc == TC_OK && out == NULL)
		rc = errno == EEXIST ? TC_EEXIST : -errno;
	if (out) {
		if (fwrite(buf, 1, n, out) != n)
			rc = TC_EIO;
		if (fclose(out) != 0 && rc == TC_OK)
			rc = TC_EIO;
		if (rc == TC_OK)
			chmod(dst, 0644);
	}
	return rc;
}

static void monitor_help(void)
{
	puts(TR(TCC_HELP_MONITOR));
}

static int monitor_print(int json, const char *name, const char *scope, const char *key_path,
			 const char *pub_path, const char *registered, int protected_)
{
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "scope", scope);
		cJSON_AddStringToObject(o, "identity", key_path);
		cJSON_AddStringToObject(o, "public", pub_path);
		if (registered)
			cJSON_AddStringToObject(o, "registered", registered);
		else
			cJSON_AddNullToObject(o, "registered");
		cJSON_AddBoolToObject(o, "protected", protected_);
		return cli_print_json(o);
	}
	printf(TR("monitor %s (%s)\n  identity  %s (keep; %s)\n  public    %s\n"), name, scope,
	       key_path, protected_ ? TR("passphrase-protected") : TR("NOT protected"), pub_path);
	if (registered)
		printf(TR("  registered as %s: send SIGHUP to the daemon (systemctl reload tocaod)\n"),
		       registered);
	else
		puts(TR("  copy the public file to the server's principals/, then SIGHUP the daemon"));
	return CLI_EXIT_OK;
}

/* Register pub_path in data's principals/ as monitor-NAME.pub: 0 or a TC_E code. */
static int monitor_register(const char *data, const char *name, const char *pub_path, char *out,
			    size_t cap)
{
	char rel[96];
	snprintf(rel, sizeof(rel), "principals/monitor-%s.pub", name);
	int rc = instance_path(data, rel, out, cap);
	return rc == TC_OK ? copy_public(pub_path, out) : rc;
}

static int monitor_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'n'},   {"scope", required_argument, NULL, 's'},
		{"out-dir", required_argument, NULL, 'o'}, {"data", required_argument, NULL, 'd'},
		{"no-passphrase", no_argument, NULL, 'N'}, {"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
	};
	const char *name = NULL, *scope = NULL, *out_dir = ".", *data = NULL;
	int json = 0, no_pass = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 's': scope = optarg; break;
		case 'o': out_dir = optarg; break;
		case 'd': data = optarg; break;
		case 'N': no_pass = 1; break;
		case 'j': json = 1; break;
		case 'h': monitor_help(); return CLI_EXIT_OK;
		default: return cli_usage("monitor: bad option");
		}
	}
	if (optind != argc || name == NULL || scope == NULL)
		return cli_usage("monitor: give add --name NAME --scope national|PROVINCE");
	if (!name_ok(name))
		return cli_usage("monitor: NAME is 1-40 of a-z A-Z 0-9 - _");
	if (strcmp(scope, "national") != 0 && dm_province_find(scope) == NULL)
		return cli_usage("monitor: --scope is national or a province's code (e.g. 96)");
	char pass[256];
	size_t pass_len = 0;
	int rc = cli_staff_protection("monitor", no_pass, data, pass, sizeof(pass), &pass_len);
	if (rc != CLI_EXIT_OK)
		return rc;
	char key_path[4096], pub_path[4096], registered[INSTANCE_PATH_MAX];
	snprintf(key_path, sizeof(key_path), "%s/monitor-%s.key", out_dir, name);
	snprintf(pub_path, sizeof(pub_path), "%s/monitor-%s.pub", out_dir, name);
	rc = cli_staff_identity("monitor", scope, no_pass ? NULL : pass, pass_len, key_path, pub_path,
				NULL);
	explicit_bzero(pass, sizeof(pass));
	if (rc != TC_OK)
		return cli_fail("monitor: %s", rc == TC_EEXIST ? TR("an output file exists already")
							       : cli_strerror(rc));
	if (data && (rc = monitor_register(data, name, pub_path, registered, sizeof(registered))) !=
			    TC_OK)
		return cli_fail("monitor: made %s, but could not register it in %s/principals: %s",
				pub_path, data,
				rc == TC_EEXIST ? TR("a monitor of that name is there already")
						: cli_strerror(rc));
	return monitor_print(json, name, scope, key_path, pub_path, data ? registered : NULL,
			     !no_pass);
}

/* DIR/principals/ROLE-NAME.pub, or DIR/principals/NAME.pub if that is the role's: 0 or TC_E. */
static int revoke_find(const char *role, const char *data, const char *name, char *path,
		       size_t cap, char *file, size_t file_cap)
{
	struct cr_signer_pub pub;
	struct stat st;
	for (int i = 0; i < 2; i++) {
		char rel[160];
		if (i == 0)
			snprintf(file, file_cap, "%s-%s.pub", role, name);
		else
			snprintf(file, file_cap, "%s.pub", name);
		snprintf(rel, sizeof(rel), "principals/%s", file);
		if (instance_path(data, rel, path, cap) != TC_OK || stat(path, &st) != 0)
			continue;
		if (cr_signer_pub_load(path, &pub) != TC_OK)
			return TC_EFORMAT;
		if (strcmp(pub.role, role) == 0)
			return TC_OK;
	}
	return TC_ENOENT;
}

int cli_staff_revoke(const char *role, int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *data = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'h': printf("Usage: tocao %s revoke --data INSTANCE NAME\n", role); return 0;
		default: return cli_usage("%s revoke: bad option", role);
		}
	}
	if (data == NULL || optind != argc - 1 || !name_ok(argv[optind]))
		return cli_usage("%s: give revoke --data INSTANCE NAME", role);
	char path[INSTANCE_PATH_MAX], file[96], dir[INSTANCE_PATH_MAX], to[INSTANCE_PATH_MAX + 128];
	int rc = revoke_find(role, data, argv[optind], path, sizeof(path), file, sizeof(file));
	if (rc != TC_OK)
		return cli_fail("%s revoke: %s", role,
				rc == TC_ENOENT ? TR("no such principal in the instance's principals/")
						: TR("its file in principals/ is not a public key"));
	if ((rc = instance_path(data, "principals-revoked", dir, sizeof(dir))) != TC_OK ||
	    (mkdir(dir, 0755) != 0 && errno != EEXIST))
		return cli_fail("%s revoke: %s: %s", role, dir, cli_strerror(-errno));
	snprintf(to, sizeof(to), "%s/%s.%lld", dir, file, (long long)time(NULL));
	if (rename(path, to) != 0)
		return cli_fail("%s revoke: %s: %s", role, path, cli_strerror(-errno));
	printf(TR("%s %s revoked: %s moved to %s.\nSend SIGHUP to the daemon (systemctl reload "
		  "tocaod): its sessions end then.\n"),
	       role, argv[optind], path, to);
	return CLI_EXIT_OK;
}

int cmd_monitor(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "add") == 0)
		return monitor_add(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "revoke") == 0)
		return cli_staff_revoke("monitor", argc - 1, argv + 1);
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		monitor_help();
		return CLI_EXIT_OK;
	}
	return cli_usage("monitor: give add or revoke (tocao monitor --help)");
}
