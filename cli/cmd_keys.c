/*
 * tocao keygen - make a unit's key pair on the unit's own machine.
 *
 * The secret half is written protected by a passphrase (Argon2id +
 * XChaCha20-Poly1305, docs/FORMAT.md); the public half is what the server
 * operator copies into DIR/units/. The passphrase comes from the terminal
 * (asked twice, not echoed) or, for automation, from TOCAO_PASSPHRASE.
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_util.h"
#include "tc_i18n_help.h"
#include "commands.h"
#include "cr.h"
#include "dm_units.h"
#include "platform.h"

#define PASS_MIN 12

int cli_read_passphrase(const char *prompt, int confirm, char *buf, size_t cap, size_t *len)
{
	const char *env = getenv("TOCAO_PASSPHRASE");
	if (env != NULL) {
		size_t n = strlen(env);
		if (n >= cap)
			return -1;
		memcpy(buf, env, n + 1);
		*len = n;
		return 0;
	}
	if (platform_read_secret(prompt, buf, cap, len) != 0)
		return -1;
	if (confirm) {
		char again[256];
		size_t n2;
		int same = platform_read_secret(TR("Again: "), again, sizeof(again), &n2) == 0 && n2 == *len &&
			   memcmp(again, buf, n2) == 0;
		explicit_bzero(again, sizeof(again));
		if (!same)
			return -2;
	}
	return 0;
}

static void keygen_help(void)
{
	puts("Usage: tocao keygen --unit UNIT --out SECRET_FILE [--public-out PUBLIC_FILE]\n"
	     "                    [--no-passphrase] [--json]\n"
	     "       tocao keygen --backup --out BACKUP_KEY [--public-out PUBLIC_FILE] [--json]\n"
	     "Make a unit's key pair on the unit's own machine. The secret file is\n"
	     "protected by a passphrase (at least 12 characters; from the terminal, or\n"
	     "TOCAO_PASSPHRASE). Copy only the public file to the server's units/.\n"
	     "--no-passphrase writes the secret unprotected (development only).\n"
	     "--backup makes the operator's backup key pair instead (always protected):\n"
	     "tocao backup seals to BACKUP_KEY.pub; keep BACKUP_KEY off the server.");
}

/* What keygen made, as JSON or as a table. */
static int keygen_print(int json, const char *unit, const char *id, const char *out,
			const char *pub_out, int no_pass)
{
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "unit", unit);
		cJSON_AddStringToObject(o, "key_id", id);
		cJSON_AddStringToObject(o, "secret_file", out);
		cJSON_AddStringToObject(o, "public_file", pub_out);
		cJSON_AddBoolToObject(o, "protected", !no_pass);
		return cli_print_json(o);
	}
	printf("unit           %s\nkey id         %s\nsecret         %s (%s)\npublic         %s\n",
	       unit, id, out, no_pass ? "NOT protected" : "passphrase-protected", pub_out);
	return CLI_EXIT_OK;
}

/*
 * The operator's backup key pair: the same X25519 keys and the same
 * passphrase protection as a unit key (crypto's one code path), in files
 * of the backup kind, so that neither loads as the other.
 */
static int keygen_backup(const char *out, const char *pub_out, int no_pass, int json)
{
	if (no_pass)
		return cli_usage("keygen: a backup key is always protected by a passphrase");
	char pass[256];
	size_t pass_len = 0;
	int r = cli_read_passphrase("Passphrase for the new backup key: ", 1, pass, sizeof(pass),
				    &pass_len);
	if (r != 0 || pass_len < PASS_MIN) {
		explicit_bzero(pass, sizeof(pass));
		return r == -2 ? cli_fail("keygen: the two passphrases differ")
			       : cli_usage("keygen: a passphrase of at least %d characters is "
					   "needed (terminal or TOCAO_PASSPHRASE)", PASS_MIN);
	}
	struct cr_unit_secret *sec = NULL;
	int rc = cr_backup_keygen(&sec);
	if (rc == TC_OK)
		rc = cr_backup_secret_save_protected(sec, out, pass, pass_len, CR_KDF_MODERATE);
	explicit_bzero(pass, sizeof(pass));
	if (rc == TC_OK)
		rc = cr_backup_pub_save(cr_unit_secret_pub(sec), pub_out);
	char id[2 * CR_KEY_ID_BYTES + 1] = "";
	for (int i = 0; sec && i < CR_KEY_ID_BYTES; i++)
		snprintf(id + 2 * i, 3, "%02x", cr_unit_secret_pub(sec)->key_id[i]);
	cr_unit_secret_free(sec);
	if (rc != TC_OK)
		return cli_fail("keygen: %s", rc == TC_EEXIST ? "the output file exists already"
							     : tc_strerror(rc));
	return keygen_print(json, CR_BACKUP_KEY_NAME, id, out, pub_out, 0);
}

int cmd_keygen(int argc, char **argv)
{
	static const struct option opts[] = {
		{"unit", required_argument, NULL, 'u'},
		{"out", required_argument, NULL, 'o'},
		{"public-out", required_argument, NULL, 'p'},
		{"no-passphrase", no_argument, NULL, 'N'},
		{"backup", no_argument, NULL, 'B'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *unit = NULL, *out = NULL, *pub_out = NULL;
	int no_pass = 0, json = 0, backup = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "u:o:p:h", opts, NULL)) != -1) {
		switch (c) {
		case 'u': unit = optarg; break;
		case 'o': out = optarg; break;
		case 'p': pub_out = optarg; break;
		case 'N': no_pass = 1; break;
		case 'B': backup = 1; break;
		case 'j': json = 1; break;
		case 'h': keygen_help(); return CLI_EXIT_OK;
		default: return cli_usage("keygen: bad option");
		}
	}
	if (backup && (unit != NULL || out == NULL || optind != argc))
		return cli_usage("keygen: give --backup --out FILE (no --unit)");
	char pub_default[4096];
	if (pub_out == NULL) {
		snprintf(pub_default, sizeof(pub_default), "%s.pub", out ? out : "");
		pub_out = pub_default;
	}
	if (backup)
		return keygen_backup(out, pub_out, no_pass, json);
	if (unit == NULL || out == NULL || optind != argc)
		return cli_usage("keygen: give --unit UNIT and --out FILE");
	if (dm_unit_find(unit) == NULL)
		return cli_usage("keygen: '%s' is not a unit (TTCP or TT-<province code>)", unit);
	struct cr_unit_secret *sec = NULL;
	char pass[256];
	size_t pass_len = 0;
	int rc = cr_unit_keygen(unit, &sec);
	if (rc != TC_OK)
		return cli_fail("keygen: %s", cli_strerror(rc));
	if (no_pass) {
		rc = cr_unit_secret_save(sec, out);
	} else {
		int r = cli_read_passphrase("Passphrase for the new key: ", 1, pass, sizeof(pass),
					    &pass_len);
		if (r != 0 || pass_len < PASS_MIN) {
			explicit_bzero(pass, sizeof(pass));
			cr_unit_secret_free(sec);
			return r == -2 ? cli_fail("keygen: the two passphrases differ")
				       : cli_usage("keygen: a passphrase of at least %d characters is "
						   "needed (terminal or TOCAO_PASSPHRASE)", PASS_MIN);
		}
		rc = cr_unit_secret_save_protected(sec, out, pass, pass_len, CR_KDF_MODERATE);
		explicit_bzero(pass, sizeof(pass));
	}
	if (rc == TC_OK)
		rc = cr_unit_pub_save(cr_unit_secret_pub(sec), pub_out);
	char id[2 * CR_KEY_ID_BYTES + 1];
	for (int i = 0; i < CR_KEY_ID_BYTES; i++)
		snprintf(id + 2 * i, 3, "%02x", cr_unit_secret_pub(sec)->key_id[i]);
	cr_unit_secret_free(sec);
	if (rc != TC_OK)
		return cli_fail("keygen: %s", rc == TC_EEXIST ? "the output file exists already"
							     : cli_strerror(rc));
	return keygen_print(json, unit, id, out, pub_out, no_pass);
}

int cli_load_unit_secret(const char *path, struct cr_unit_secret **out)
{
	int rc = cr_unit_secret_load(path, out);
	if (rc != TC_ELOCKED)
		return rc;
	char pass[256];
	size_t pass_len = 0;
	if (cli_read_passphrase("Passphrase: ", 0, pass, sizeof(pass), &pass_len) != 0)
		return TC_ELOCKED;
	rc = cr_unit_secret_load_pass(path, pass, pass_len, out);
	explicit_bzero(pass, sizeof(pass));
	return rc;
}

int cli_load_unit_key(const char *path, const char *identity, struct cr_unit_secret **out)
{
	if (!cr_key_file_is_wrapped(path))
		return cli_load_unit_secret(path, out);
	/* A unit key wrapped for an inspector opens with that inspector's signing key. */
	if (identity == NULL)
		return TC_ELOCKED;
	struct cr_signer *me = NULL;
	int rc = cr_signer_load(identity, &me);
	if (rc == TC_OK)
		rc = cr_unit_unwrap_load(path, me, out);
	cr_signer_free(me);
	return rc;
}

int cli_staff_protection(const char *role, int no_pass, const char *data, char *pass, size_t cap,
			 size_t *pass_len)
{
	if (no_pass) {
		if (data == NULL || !cli_instance_is_dev(data))
			return cli_usage("%s: --no-passphrase only with --data DIR of a "
					 "development instance (init --dev)",
					 role);
		return CLI_EXIT_OK;
	}
	return cli_new_passphrase(strcmp(role, "monitor") == 0 ? TR("the monitor's identity")
								: TR("the inspector's identity"),
				  pass, cap, pass_len);
}

int cli_staff_identity(const char *role, const char *scope, const char *pass, size_t pass_len,
		       const char *key_path, const char *pub_path, struct cr_signer **keep)
{
	struct cr_signer *s = NULL;
	int rc = cr_signer_keygen(role, scope, &s);
	if (rc == TC_OK)
		rc = pass ? cr_signer_save_protected(s, key_path, pub_path, pass, pass_len,
						     CR_KDF_MODERATE)
			  : cr_signer_save(s, key_path, pub_path);
	if (rc == TC_OK && keep)
		*keep = s;
	else
		cr_signer_free(s);
	return rc;
}

/* The identity (protected unless pass is NULL), its public file, the wrapped unit key. */
static int inspector_files(const struct cr_unit_secret *unit, const char *pass, size_t pass_len,
			   const char *key_path, const char *pub_path, const char *wrapped_path)
{
	struct cr_signer *s = NULL;
	int rc = cli_staff_identity("inspector", cr_unit_secret_pub(unit)->unit, pass, pass_len,
				    key_path, pub_path, &s);
	if (rc == TC_OK)
		rc = cr_unit_wrap_save(unit, s, wrapped_path);
	cr_signer_free(s);
	return rc;
}

static void inspector_help(void)
{
	puts(TR(TCC_HELP_INSPECTOR));
}

/*
 * tocao inspector add: on the unit's machine, where its key is, make an
 * inspector's signing identity and give them the unit key wrapped for
 * that identity alone. Only the .pub file goes to the server.
 */
int cmd_inspector(int argc, char **argv)
{
	static const struct option opts[] = {
		{"unit-key", required_argument, NULL, 'k'},
		{"name", required_argument, NULL, 'n'},
		{"out-dir", required_argument, NULL, 'o'},
		{"no-passphrase", no_argument, NULL, 'N'},
		{"data", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *unit_key = NULL, *name = NULL, *out_dir = ".", *data = NULL;
	int json = 0, no_pass = 0, c;
	if (argc > 1 && strcmp(argv[1], "revoke") == 0)
		return cli_staff_revoke("inspector", argc - 1, argv + 1);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': unit_key = optarg; break;
		case 'n': name = optarg; break;
		case 'o': out_dir = optarg; break;
		case 'N': no_pass = 1; break;
		case 'd': data = optarg; break;
		case 'j': json = 1; break;
		case 'h': inspector_help(); return CLI_EXIT_OK;
		default: return cli_usage("inspector: bad option");
		}
	}
	if (optind != argc - 1 || strcmp(argv[optind], "add") != 0 || unit_key == NULL || name == NULL)
		return cli_usage("inspector: give add --unit-key FILE --name NAME");
	if (strlen(name) == 0 || strlen(name) > 32 || strspn(name, "abcdefghijklmnopqrstuvwxyz"
							    "0123456789-_") != strlen(name))
		return cli_usage("inspector: NAME is 1-32 of a-z 0-9 - _");
	char pass[256];
	size_t pass_len = 0;
	int rc = cli_staff_protection("inspector", no_pass, data, pass, sizeof(pass), &pass_len);
	if (rc != CLI_EXIT_OK)
		return rc;
	struct cr_unit_secret *unit = NULL;
	rc = cli_load_unit_secret(unit_key, &unit);
	if (rc != TC_OK) {
		explicit_bzero(pass, sizeof(pass));
		return cli_fail("inspector: %s: %s", unit_key,
				rc == TC_ECRYPTO ? "wrong passphrase" : cli_strerror(rc));
	}
	char unit_id[CR_UNIT_MAX];
	memcpy(unit_id, cr_unit_secret_pub(unit)->unit, sizeof(unit_id)); /* outlives unit */
	char key_path[4096], pub_path[4096], wrapped_path[4096];
	snprintf(key_path, sizeof(key_path), "%s/inspector-%s.key", out_dir, name);
	snprintf(pub_path, sizeof(pub_path), "%s/inspector-%s.pub", out_dir, name);
	snprintf(wrapped_path, sizeof(wrapped_path), "%s/%s.unitkey", out_dir, name);
	rc = inspector_files(unit, no_pass ? NULL : pass, pass_len, key_path, pub_path, wrapped_path);
	explicit_bzero(pass, sizeof(pass));
	cr_unit_secret_free(unit);
	if (rc != TC_OK)
		return cli_fail("inspector: %s", rc == TC_EEXIST ? TR("an output file exists already")
								 : cli_strerror(rc));
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "unit", unit_id);
		cJSON_AddStringToObject(o, "identity", key_path);
		cJSON_AddStringToObject(o, "public", pub_path);
		cJSON_AddStringToObject(o, "unit_key", wrapped_path);
		cJSON_AddBoolToObject(o, "protected", !no_pass);
		return cli_print_json(o);
	}
	printf(TR("inspector %s of %s\n  identity  %s (keep; %s)\n  unit key  %s (keep)\n"
		  "  public    %s (copy to the server's principals/, then SIGHUP the daemon)\n"),
	       name, unit_id, key_path, no_pass ? TR("NOT protected") : TR("passphrase-protected"),
	       wrapped_path, pub_path);
	return CLI_EXIT_OK;
}
