/*
 * Fuzz target: the inspectors' request bodies (case_requests.h), the
 * monitors' session cookie, and the query decoders of the cases listing
 * and of the monitors' API and pages (monitor_query.h). The first byte
 * picks the decoder: 0x05 the monitors' query, 0x06 the cases listing's
 * query, 0x07 the conversation's query (GET .../messages); otherwise its value mod 5 (session login, action, message,
 * transfer, cookie). The rest is the body, the Cookie header or the query.
 * Checks what a decoder promises when it accepts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "case_notices.h"
#include "case_requests.h"
#include "dm_units.h"
#include "json_guard.h"
#include "monitor_query.h"
#include "reception_request.h"
#include "auth.h"

#define MESSAGE_MAX 65536

/* A notice recorded as sent: on success a known kind and channel, a day, a short number. */
static void notice(const uint8_t *data, size_t size)
{
	cJSON *root = NULL;
	if (case_body_parse((const char *)data, size, &root) != TC_OK)
		return;
	struct case_notice_send op;
	memset(&op, 0, sizeof(op));
	if (case_notice_decode(root, &op) == NULL &&
	    (op.sent_on == DM_DAY_NONE || strlen(op.number) > CASE_NOTICE_NUMBER_MAX ||
	     op.kind >= CASE_NOTICE_COUNT || op.channel == 0))
		abort();
	cJSON_Delete(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A query string through the urlencoded parser, then a query decoder. */
static void query(const uint8_t *data, size_t size, bool monitor)
{
	struct form q;
	int rc = form_parse_urlencoded((const char *)data, size, &q);
	if (monitor) {
		struct monitor_query mq;
		struct monitor_query_error e;
		dm_day today;
		dm_day_from_ymd(2026, 11, 22, &today);
		const char *scope = size && (data[0] & 1) ? "96" : "national";
		if (monitor_query_decode(&q, rc, scope, today, &mq, &e) == TC_OK) {
			if (mq.from > mq.to || mq.to - mq.from > MONITOR_PERIOD_MAX_DAYS ||
			    (strcmp(scope, "96") == 0 && strcmp(mq.filter.province, "96") != 0))
				abort();
		} else if (e.fault < MQ_MALFORMED || e.fault > MQ_STATUS || e.field == NULL) {
			abort();
		}
	} else {
		struct case_list_query lq;
		const char *field = NULL, *why = NULL;
		if (case_list_query_decode(&q, rc, &lq, &field, &why) == TC_OK) {
			if (lq.limit < 1 || lq.limit > CASE_LIST_LIMIT_MAX)
				abort();
		} else if (field == NULL || why == NULL) {
			abort();
		}
	}
	form_free(&q);
}

/* The conversation's query: a page of 1-50 messages below a cursor of 1-1,000,000, or none. */
static void messages_query(const uint8_t *data, size_t size)
{
	struct form q;
	int rc = form_parse_urlencoded((const char *)data, size, &q);
	struct case_messages_query mq;
	const char *field = NULL, *why = NULL;
	if (case_messages_query_decode(&q, rc, &mq, &field, &why) == TC_OK) {
		if (mq.limit < 1 || mq.limit > CASE_MESSAGES_LIMIT_MAX ||
		    mq.before > CASE_MESSAGES_BEFORE_MAX)
			abort();
	} else if (field == NULL || why == NULL) {
		abort();
	}
	form_free(&q);
}

/* A reception entry: when accepted, every promise of reception_request.h holds. */
static void reception(const uint8_t *data, size_t size)
{
	cJSON *root = NULL;
	if (case_body_parse((const char *)data, size, &root) != TC_OK)
		return;
	struct reception_req q;
	const char *field = NULL, *why = NULL;
	if (reception_decode(root, 5, 4096, &q, &field, &why) == TC_OK) {
		if (q.envelope == NULL || q.envelope_len == 0 ||
		    q.envelope_len > RECEPTION_ENVELOPE_MAX || q.n_atts > 5 || q.unit == NULL ||
		    q.channel == DM_CHANNEL_WEB || q.channel > DM_CHANNEL_LAST ||
		    !cr_case_id_is_valid(q.case_id) || (q.instance != 1 && q.instance != 2))
			abort();
		for (size_t i = 0; i < q.n_atts; i++)
			if (q.atts[i] == NULL || q.att_len[i] == 0 || q.att_len[i] > 4096)
				abort();
		reception_req_free(&q);
	} else if (field == NULL || why == NULL || q.envelope != NULL || q.n_atts != 0) {
		abort();
	}
	cJSON_Delete(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		if (dm_init() != 0)
			abort();
		ready = 1;
	}
	if (size == 0)
		return 0;
	if (data[0] == 7) {
		messages_query(data + 1, size - 1);
		return 0;
	}
	if (data[0] == 8) {
		reception(data + 1, size - 1);
		return 0;
	}
	if (data[0] == 9) {
		notice(data + 1, size - 1);
		return 0;
	}
	if (data[0] == 5 || data[0] == 6) {
		query(data + 1, size - 1, data[0] == 5);
		return 0;
	}
	if (data[0] % 5 == 4) {
		char *header = malloc(size);
		uint8_t token[AUTH_TOKEN_BYTES];
		if (header == NULL)
			return 0;
		memcpy(header, data + 1, size - 1);
		header[size - 1] = '\0';
		if (auth_cookie_token(header, AUTH_MONITOR_COOKIE, token) == TC_OK &&
		    strstr(header, AUTH_MONITOR_COOKIE "=") == NULL)
			abort(); /* a token from nowhere */
		free(header);
		return 0;
	}
	cJSON *root = NULL;
	if (case_body_parse((const char *)data + 1, size - 1, &root) != TC_OK)
		return 0;
	if (!cJSON_IsObject(root) || json_duplicate_key(root) != NULL)
		abort();
	switch (data[0] % 5) {
	case 0: {
		struct session_login_req lr;
		if (case_login_decode(root, &lr) != TC_OK)
			break;
		break;
	}
	case 1: {
		struct case_action_req ar;
		const char *why = NULL;
		if (case_action_decode(root, &ar, &why) == TC_OK && ar.note &&
		    (ar.note_len == 0 || ar.note_len > CASE_NOTE_MAX ||
		     !utf8_is_valid(ar.note, ar.note_len) || strlen(ar.note) != ar.note_len))
			abort();
		/* A ground decodes to a code of the table, or the problem says it is the ground's. */
		if (case_action_decode(root, &ar, &why) == TC_OK && ar.ground != DM_GROUND_NONE &&
		    dm_ground_of(ar.ground) == NULL)
			abort();
		/* The standalone note's body, same promises. */
		const char *note = NULL;
		size_t note_len = 0;
		if (case_note_decode(root, &note, &note_len, &why) == TC_OK &&
		    (note == NULL || note_len == 0 || note_len > CASE_NOTE_MAX ||
		     !utf8_is_valid(note, note_len) || strlen(note) != note_len))
			abort();
		break;
	}
	case 2: {
		struct case_message_req mr;
		const char *why = NULL;
		if (case_message_decode(root, MESSAGE_MAX, &mr, &why) == TC_OK) {
			if (mr.for_reporter_len <= CR_SEAL_OVERHEAD || mr.for_reporter_len > MESSAGE_MAX ||
			    mr.for_unit_len <= CR_SEAL_OVERHEAD || mr.for_unit_len > MESSAGE_MAX ||
			    why != NULL)
				abort();
			free(mr.for_reporter);
			free(mr.for_unit);
		} else if (mr.for_reporter || mr.for_unit || why == NULL) {
			abort();
		}
		break;
	}
	case 3: {
		struct case_transfer_req tr;
		uint8_t proof[CR_CK_PROOF_BYTES];
		const char *problem = NULL;
		if (case_transfer_decode(root, &tr, &problem) == TC_OK && tr.to == NULL)
			abort();
		if (case_transfer_confirm_decode(root, proof, &problem) != TC_OK && problem == NULL)
			abort();
		/* The assignment's body: a key or null, and a reason whenever refused. */
		bool has_to = false;
		uint8_t to[CR_SIGN_PK_BYTES];
		problem = NULL;
		if (case_assign_decode(root, &has_to, to, &problem) != TC_OK && problem == NULL)
			abort();
		break;
	}
	}
	cJSON_Delete(root);
	return 0;
}
