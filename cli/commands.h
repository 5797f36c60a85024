/* commands.h - the sub-commands of tocao, one function each (argv[0] is the name). */
#ifndef TOCAO_COMMANDS_H
#define TOCAO_COMMANDS_H

int cmd_init(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_open(int argc, char **argv);
int cmd_reply(int argc, char **argv);

#endif
