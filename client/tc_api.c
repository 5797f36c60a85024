/*
 * tc_api.c - the inspectors' API (docs/API.md "Inspectors"), one function
 * per call. Replies and transfers are sealed and signed here.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_date.h"
#include "tc_client.h"
#include "tc_platform.h"

#define PAGES_MAX 100000

/* Append "&name=value" to path (value percent-encoded outside the unreserved set). */
static void add_param(char *path, size_t cap, const char *name, const char *value)
{
	size_t n = strlen(path);
	if (value == NULL)
		return;
	n += (size_t)snprintf(path + n, n < cap ? cap - n : 0, "%c%s=", strchr(path, '?') ? '&' : '?',
			      name);
	for (const unsigned char *p = (const unsigned char *)value; *p && n + 4 < cap; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p))
			path[n++] = (char)*p;
		else
			n += (size_t)snprintf(path + n, cap - n, "%%%02X", *p);
	}
	path[n < cap ? n : cap - 1] = '\0';
}

int tcc_cases_page(struct tcc_session *s, const struct tcc_list_query *q, const char *cursor,
		   struct tcc_result *r)
{
	char path[512] = "/api/v1/cases", limit[16];
	snprintf(limit, sizeof(limit), "%d", q->limit);
	add_param(path, sizeof(path), "limit", q->limit > 0 ? limit : NULL);
	add_param(path, sizeof(path), "status", q->status);
	add_param(path, sizeof(path), "track", q->track);
	add_param(path, sizeof(path), "overdue", q->overdue ? "true" : NULL);
	add_param(path, sizeof(path), "due_before", q->due_before);
	add_param(path, sizeof(path), "notices", q->notices_owed ? "owed" : NULL);
	add_param(path, sizeof(path), "assignee", q->assignee);
	add_param(path, sizeof(path), "include", q->include_envelope ? "envelope" : NULL);
	add_param(path, sizeof(path), "cursor", cursor);
	return tcc_call(s, "GET", path, NULL, r);
}

int tcc_cases_all(struct tcc_session *s, const struct tcc_list_query *q, cJSON **cases,
		  int *pages, struct tcc_result *r)
{
	char cursor[64] = "";
	*cases = cJSON_CreateArray();
	*pages = 0;
	for (;;) {
		int st = tcc_cases_page(s, q, cursor[0] ? cursor : NULL, r);
		if (st != 200)
			return st;
		++*pages;
		cJSON *list = cJSON_DetachItemFromObjectCaseSensitive(r->doc, "cases");
		for (cJSON *k = list ? list->child : NULL, *next; k; k = next) {
			next = k->next;
			cJSON_AddItemToArray(*cases, cJSON_DetachItemViaPointer(list, k));
		}
		cJSON_Delete(list);
		const cJSON *nc = cJSON_GetObjectItemCaseSensitive(r->doc, "next_cursor");
		if (!cJSON_IsString(nc) || nc->valuestring[0] == '\0' ||
		    strcmp(nc->valuestring, cursor) == 0 || *pages >= PAGES_MAX)
			return st; /* r keeps the last page's answer (without its cases) */
		snprintf(cursor, sizeof(cursor), "%s", nc->valuestring);
		tcc_result_free(r);
	}
}

int tcc_case_show(struct tcc_session *s, const char *id, struct tcc_result *r)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/cases/%s", id);
	return tcc_call(s, "GET", path, NULL, r);
}

int tcc_case_attachment(struct tcc_session *s, const char *id, unsigned n, struct tcc_blob *blob,
			struct tcc_result *r)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/cases/%.16s/attachments/%u", id, n);
	return tcc_get_bytes(s, path, blob, r);
}

int tcc_case_messages(struct tcc_session *s, const char *id, uint32_t before,
		      struct tcc_result *page)
{
	char path[128];
	if (before)
		snprintf(path, sizeof(path), "/api/v1/cases/%.16s/messages?before=%u", id,
			 (unsigned)before);
	else
		snprintf(path, sizeof(path), "/api/v1/cases/%.16s/messages", id);
	return tcc_call(s, "GET", path, NULL, page);
}

int tcc_case_messages_all(struct tcc_session *s, const char *id, cJSON **messages,
			  struct tcc_result *r)
{
	uint32_t before = 0;
	*messages = cJSON_CreateArray();
	for (int pages = 0; *messages && pages < 1000; pages++) {
		int st = tcc_case_messages(s, id, before, r);
		cJSON *list = cJSON_DetachItemFromObjectCaseSensitive(r->doc, "messages");
		const cJSON *older = cJSON_GetObjectItemCaseSensitive(r->doc, "older");
		if (st != 200 || !cJSON_IsArray(list)) {
			cJSON_Delete(list);
			cJSON_Delete(*messages);
			*messages = NULL;
			return st == 200 ? (r->status = 502) : st;
		}
		/* This page is older than everything gathered so far: it goes first. */
		cJSON *item;
		while ((item = cJSON_DetachItemFromArray(list, cJSON_GetArraySize(list) - 1)))
			cJSON_InsertItemInArray(*messages, 0, item);
		cJSON_Delete(list);
		/* The cursor must move back; anything else ends the walk. */
		bool more = cJSON_IsNumber(older) && older->valuedouble >= 1 &&
			    older->valuedouble <= 1000000 &&
			    (before == 0 || (uint32_t)older->valuedouble < before);
		if (!more) {
			tcc_result_free(r);
			return 200;
		}
		before = (uint32_t)older->valuedouble;
		tcc_result_free(r);
	}
	return *messages ? 200 : -1;
}

int tcc_case_reveal(struct tcc_session *s, const char *id, struct tcc_result *r)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/cases/%s/identity", id);
	cJSON *empty = cJSON_CreateObject();
	int st = tcc_call(s, "POST", path, empty, r);
	cJSON_Delete(empty);
	return st;
}

int tcc_case_audit(struct tcc_session *s, const char *id, struct tcc_result *r)
{
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/cases/%s/audit", id);
	return tcc_call(s, "GET", path, NULL, r);
}

int tcc_case_notice(struct tcc_session *s, const char *id, const char *kind, const char *sent_on,
		    const char *channel, const char *number, struct tcc_result *r)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/cases/%s/notices", id);
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "kind", kind);
	cJSON_AddStringToObject(body, "sent_on", sent_on);
	cJSON_AddStringToObject(body, "channel", channel);
	if (number)
		cJSON_AddStringToObject(body, "number", number);
	int st = tcc_call(s, "POST", path, body, r);
	cJSON_Delete(body);
	return st;
}

int tcc_case_assign(struct tcc_session *s, const char *id, const uint8_t *pk,
		    struct tcc_result *r)
{
	char path[128], *b64 = pk ? tcc_b64(pk, CR_SIGN_PK_BYTES) : NULL;
	snprintf(path, sizeof(path), "/api/v1/cases/%s/assign", id);
	cJSON *body = cJSON_CreateObject();
	cJSON_AddItemToObject(body, "to", b64 ? cJSON_CreateString(b64) : cJSON_CreateNull());
	int st = -1;
	if (pk && b64 == NULL) {
		memset(r, 0, sizeof(*r));
		r->status = -1;
		snprintf(r->error, sizeof(r->error), "out of memory");
	} else {
		st = tcc_call(s, "POST", path, body, r);
	}
	cJSON_Delete(body);
	free(b64);
	return st;
}

int tcc_case_note(struct tcc_session *s, const char *id, const char *text, struct tcc_result *r)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/cases/%s/notes", id);
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "note", text);
	int st = tcc_call(s, "POST", path, body, r);
	cJSON_Delete(body);
	return st;
}

/* The action's body: criteria given as "a,dd,g". */
static cJSON *act_body(const struct tcc_action *a)
{
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "action", a->action);
	if (a->complexity)
		cJSON_AddStringToObject(body, "complexity", a->complexity);
	if (a->flag)
		cJSON_AddStringToObject(body, "flag", a->flag);
	if (a->continue_reason)
		cJSON_AddStringToObject(body, "continue_reason", a->continue_reason);
	if (a->ground)
		cJSON_AddStringToObject(body, "ground", a->ground);
	if (a->note)
		cJSON_AddStringToObject(body, "note", a->note);
	if (a->criteria) {
		cJSON *list = cJSON_AddArrayToObject(body, "criteria");
		char buf[64];
		snprintf(buf, sizeof(buf), "%s", a->criteria);
		for (char *t = buf, *save = NULL; (t = strtok_r(t, ",", &save)) != NULL; t = NULL)
			cJSON_AddItemToArray(list, cJSON_CreateString(t));
	}
	return body;
}

int tcc_case_act(struct tcc_session *s, const char *id, const struct tcc_action *a,
		 struct tcc_result *r)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/cases/%s/actions", id);
	cJSON *body = act_body(a);
	int st = tcc_call(s, "POST", path, body, r);
	cJSON_Delete(body);
	return st;
}

/* Adds name: base64(data) to o; 0 or -1 when out of memory. */
static int add_b64(cJSON *o, const char *name, const uint8_t *data, size_t n)
{
	char *t = tcc_b64(data, n);
	if (t == NULL)
		return -1;
	cJSON_AddStringToObject(o, name, t);
	free(t);
	return 0;
}

/*
 * The message's body: the text sealed to the reporter and to the unit, and
 * the inspector's signature over this case, unit, day and the reporter's
 * copy (docs/FORMAT.md "Signed unit messages"). NULL on failure.
 */
static cJSON *reply_body(const char *identity, const char *id, const char *unit,
			 const uint8_t *rpk, const struct cr_unit_pub *upub, const char *text)
{
	size_t n = strlen(text), sl = n + CR_SEAL_OVERHEAD;
	uint8_t *to_reporter = malloc(sl), *to_unit = malloc(sl);
	uint8_t bytes[CR_MSG_SIGNED_BYTES], sig[CR_SIG_BYTES];
	struct cr_signer *me = NULL;
	dm_day today = dm_day_from_unix(tcp_now());
	int rc = to_reporter && to_unit ? cr_seal_to(rpk, (const uint8_t *)text, n, to_reporter)
					: TC_ENOMEM;
	if (rc == TC_OK)
		rc = cr_seal_to(upub->pk, (const uint8_t *)text, n, to_unit);
	if (rc == TC_OK)
		rc = cr_unit_message_signed(id, unit, today, to_reporter, sl, bytes);
	if (rc == TC_OK)
		rc = cr_signer_load(identity, &me);
	if (rc == TC_OK)
		cr_signer_sign(me, bytes, sizeof(bytes), sig);
	cr_signer_free(me);
	cJSON *body = rc == TC_OK ? cJSON_CreateObject() : NULL;
	char day[DM_DAY_STRLEN];
	dm_day_format(today, day);
	if (body && (add_b64(body, "sealed_for_reporter", to_reporter, sl) != 0 ||
		     add_b64(body, "sealed_for_unit", to_unit, sl) != 0 ||
		     add_b64(body, "signature", sig, sizeof(sig)) != 0 ||
		     cJSON_AddStringToObject(body, "day", day) == NULL)) {
		cJSON_Delete(body);
		body = NULL;
	}
	free(to_reporter);
	free(to_unit);
	return body;
}

int tcc_case_reply(struct tcc_session *s, const char *id, const struct cr_unit_pub *unit,
		   const char *text, struct tcc_result *r)
{
	int st = tcc_case_show(s, id, r);
	if (st != 200)
		return st;
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(r->doc, "reporter_public_key");
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(r->doc, "unit");
	size_t rpk_len = 0;
	uint8_t *rpk = cJSON_IsString(k) ? tcc_unb64(k->valuestring, &rpk_len) : NULL;
	cJSON *body = rpk && rpk_len == CR_PK_BYTES && cJSON_IsString(u)
			      ? reply_body(tcc_session_conf(s)->identity, id, u->valuestring, rpk,
					   unit, text)
			      : NULL;
	free(rpk);
	tcc_result_free(r);
	if (body == NULL) {
		snprintf(r->error, sizeof(r->error), "cannot seal and sign the message for case %s", id);
		return r->status = -1;
	}
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/cases/%s/messages", id);
	st = tcc_call(s, "POST", path, body, r);
	cJSON_Delete(body);
	return st;
}

/* GET path; its envelope member decoded (the caller frees it), NULL otherwise (r says why). */
static uint8_t *fetch_envelope(struct tcc_session *s, const char *path, size_t *len,
			       struct tcc_result *r)
{
	if (tcc_call(s, "GET", path, NULL, r) != 200)
		return NULL;
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(r->doc, "envelope");
	uint8_t *env = cJSON_IsString(e) ? tcc_unb64(e->valuestring, len) : NULL;
	if (env == NULL) {
		snprintf(r->error, sizeof(r->error), "the answer to %s holds no envelope", path);
		r->status = -1;
	}
	return env;
}

int tcc_transfer_offer(struct tcc_session *s, const char *id, const struct cr_unit_secret *sec,
		       const struct cr_unit_pub *to, struct tcc_result *r)
{
	char path[128];
	size_t len = 0;
	snprintf(path, sizeof(path), "/api/v1/cases/%s", id);
	uint8_t *env = fetch_envelope(s, path, &len, r), hdr[CR_ENV_HEADER_BYTES];
	uint8_t commitment[CR_HASH_BYTES];
	if (env == NULL)
		return r->status;
	tcc_result_free(r);
	int rc = cr_transfer_offer(env, len, sec, to, hdr, commitment);
	free(env);
	if (rc != TC_OK) {
		snprintf(r->error, sizeof(r->error), "cannot open case %s with the unit key: %s", id,
			 tc_strerror(rc));
		return r->status = -1;
	}
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "to_unit", to->unit);
	int st = add_b64(body, "header", hdr, sizeof(hdr)) == 0 &&
				 add_b64(body, "commitment", commitment, sizeof(commitment)) == 0
			 ? 0 : -1;
	snprintf(path, sizeof(path), "/api/v1/cases/%s/transfer", id);
	if (st == 0)
		st = tcc_call(s, "POST", path, body, r);
	cJSON_Delete(body);
	return st;
}

int tcc_transfer_receive(struct tcc_session *s, const char *id, const struct cr_unit_secret *sec,
			 struct tcc_result *r)
{
	char path[128];
	size_t len = 0;
	snprintf(path, sizeof(path), "/api/v1/cases/%s/transfer", id);
	uint8_t *env = fetch_envelope(s, path, &len, r), proof[CR_CK_PROOF_BYTES];
	if (env == NULL)
		return r->status;
	tcc_result_free(r);
	int rc = cr_transfer_proof(env, len, sec, proof);
	free(env);
	if (rc != TC_OK) {
		snprintf(r->error, sizeof(r->error), "the offered case %s does not open with the unit "
			 "key (%s): not confirmed; the sending unit keeps it", id, tc_strerror(rc));
		return r->status = -1;
	}
	cJSON *body = cJSON_CreateObject();
	int st = add_b64(body, "proof", proof, sizeof(proof));
	snprintf(path, sizeof(path), "/api/v1/cases/%s/transfer/confirm", id);
	if (st == 0)
		st = tcc_call(s, "POST", path, body, r);
	cJSON_Delete(body);
	return st;
}

int tcc_transfer_cancel(struct tcc_session *s, const char *id, struct tcc_result *r)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/cases/%s/transfer", id);
	return tcc_call(s, "DELETE", path, NULL, r);
}

int tcc_transfers(struct tcc_session *s, struct tcc_result *r)
{
	return tcc_call(s, "GET", "/api/v1/transfers", NULL, r);
}

int tcc_transfers_sent(struct tcc_session *s, struct tcc_result *r)
{
	return tcc_call(s, "GET", "/api/v1/transfers/sent", NULL, r);
}

int tcc_reception(struct tcc_session *s, const cJSON *entry, struct tcc_result *r)
{
	return tcc_call(s, "POST", "/api/v1/reception", entry, r);
}

int tcc_reception_idem(struct tcc_session *s, const cJSON *entry, const char *idem,
		       struct tcc_result *r)
{
	return tcc_call_idem(s, "POST", "/api/v1/reception", entry, idem, r);
}
