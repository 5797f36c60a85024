/* commands.h - the sub-commands of tocao, one function each (argv[0] is the name). */
#ifndef TOCAO_COMMANDS_H
#define TOCAO_COMMANDS_H

#include <stddef.h>

int cmd_init(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_open(int argc, char **argv);
int cmd_reply(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_cases(int argc, char **argv);
int cmd_signin(int argc, char **argv);
int cmd_inspector(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_recompute(int argc, char **argv);
int cmd_digest(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_desk(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_retention(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_document(int argc, char **argv);
int cmd_casefile(int argc, char **argv);

struct cr_unit_secret;
struct cJSON;
/*
 * Load a unit secret key file, asking for its passphrase when it has one
 * (TOCAO_PASSPHRASE or the terminal). Prints nothing; TC_ECRYPTO for a
 * wrong passphrase, TC_ELOCKED when none could be read.
 */
int cli_load_unit_secret(const char *path, struct cr_unit_secret **out);
/* Like cli_load_unit_secret, and a unit key wrapped for the inspector whose key is identity. */
int cli_load_unit_key(const char *path, const char *identity, struct cr_unit_secret **out);
/* A decrypted report (and identity, or NULL) as readable lines. */
void cli_print_report(const char *case_id, const struct cJSON *body, const struct cJSON *ident);

/*
 * A passphrase from TOCAO_PASSPHRASE or the terminal (not echoed; with
 * confirm, asked twice). 0, -1 if none could be read, -2 if the two differ.
 */
int cli_read_passphrase(const char *prompt, int confirm, char *buf, size_t cap, size_t *len);

/* Install the identity passphrase source (cmd_passwd.c): every --identity load prompts. */
void cli_passphrase_install(void);
/* Whether DIR is a development instance (tocao.conf: dev = true). */
int cli_instance_is_dev(const char *dir);
/*
 * A new passphrase (TOCAO_NEW_PASSPHRASE, else TOCAO_PASSPHRASE or the
 * terminal, asked twice), at least 12 characters: CLI_EXIT_OK, or the exit
 * status after printing why.
 */
int cli_new_passphrase(const char *what, char *buf, size_t cap, size_t *len);

/*
 * Staff identities (cmd_keys.c), one code path for inspectors and monitors.
 * cli_staff_protection: a new passphrase into pass, or with no_pass the
 * check that data names a development instance; CLI_EXIT_OK or the exit
 * status after printing why. cli_staff_identity: a new signing identity of
 * role for scope, saved to key_path (passphrase-protected, Argon2id,
 * unless pass is NULL) and pub_path; with keep, the signer is kept there
 * (the caller frees it).
 */
struct cr_signer;
int cli_staff_protection(const char *role, int no_pass, const char *data, char *pass, size_t cap,
			 size_t *pass_len);
int cli_staff_identity(const char *role, const char *scope, const char *pass, size_t pass_len,
		       const char *key_path, const char *pub_path, struct cr_signer **keep);
/* `tocao ROLE revoke --data DIR NAME` (cmd_staff.c); argv[0] is "revoke". */
int cli_staff_revoke(const char *role, int argc, char **argv);

#endif
