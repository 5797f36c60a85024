/*
 * case_items.h - a case's conversation and attachments for `tocao cases`:
 * fetched sealed from the inspectors' API, decrypted here with the unit's
 * key (client/tc_client.h).
 */
#ifndef TOCAO_CASE_ITEMS_H
#define TOCAO_CASE_ITEMS_H

#include <cjson/cJSON.h>

#include "tc_client.h"

/*
 * Every page of the case's conversation, opened with sec: printed one
 * message a paragraph (from, day, signature status for the unit's, notes
 * marked, a reporter's files listed), or, with json_out, added to it as
 * "messages". CLI_EXIT_OK or the exit status (the failure printed).
 */
int cli_case_conversation(struct tcc_session *s, const char *id,
			  const struct cr_unit_secret *sec, cJSON *json_out);
/* The report's attachments: index, name, type and size from its list, and the sealed size. */
void cli_print_attachments(const cJSON *report, const cJSON *case_doc);
/*
 * Attachment n of the case, fetched sealed, opened with sec (its envelope
 * from a show), written to out (0600; an existing file only with force).
 */
int cli_case_attachment(struct tcc_session *s, const char *id, unsigned n,
			const struct cr_unit_secret *sec, const char *out, int force);

#endif
