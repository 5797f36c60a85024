/*
 * cmd_domain.h - the offline sub-commands over the pure domain layer
 * (docs/API.md "Command-line contract", docs/DEADLINES.md §6): deadlines,
 * calendar, route.
 * Each takes argv[0] = the sub-command's name and returns the exit status
 * (0 ok, 1 failure, 2 bad usage or invalid input).
 */
#ifndef TOCAO_CMD_DOMAIN_H
#define TOCAO_CMD_DOMAIN_H

/* tocao deadlines --kind K [--anonymous] --received D [--accepted D] ... [--json] */
int cmd_deadlines(int argc, char **argv);
/* tocao calendar holidays YEAR | calendar add-days YYYY-MM-DD N --working|--calendar [--json] */
int cmd_calendar(int argc, char **argv);
/* tocao route --province P [--commune C] [--level L] [--old-province OLD] [--json] */
int cmd_route(int argc, char **argv);

#endif
