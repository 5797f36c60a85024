/*
 * dm_parse.h - how the domain layer's data parsers (calendar notices,
 * rule sets, old province codes) report a malformed file: the 1-based
 * line and a one-line English reason, so an operator can fix the file.
 */
#ifndef TOCAO_DM_PARSE_H
#define TOCAO_DM_PARSE_H

#define DM_PARSE_MSG_MAX 160

struct dm_parse_error {
	int line;                    /* 1-based; 0 when the whole file is at fault */
	char msg[DM_PARSE_MSG_MAX];  /* e.g. "unknown holiday key \"tett\"" */
};

#endif
