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

/*
 * A passphrase from TOCAO_PASSPHRASE or the terminal (not echoed; with
 * confirm, asked twice). 0, -1 if none could be read, -2 if the two differ.
 */
int cli_read_passphrase(const char *prompt, int confirm, char *buf, size_t cap, size_t *len);

#endif
