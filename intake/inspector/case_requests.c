/*
 * case_requests.c - the inspectors' request bodies (case_requests.h).
 */
#include <stdlib.h>
#include <string.h>

#include "case_requests.h"
#include "json_guard.h"
#include "tc_base64.h"

cJSON *case_body_parse(const char *text, size_t len)
{
	cJSON *root = NULL;
	if (text && json_prescan(text, len, 4) == NULL)
		root = json_parse(text, len);
	if (!cJSON_IsObject(root) || json_duplicate_key(root) != NULL) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

/* Exactly n bytes of base64 in a string member. */
static int b64_exact(const cJSON *item, uint8_t *out, size_t n)
{
	if (!cJSON_IsString(item))
		return -1;
	size_t len = strlen(item->valuestring), got = 0;
	uint8_t buf[128];
	if (n > sizeof(buf) || len > 4 * ((sizeof(buf) + 2) / 3) ||
	    tc_base64_decode(item->valuestring, len, buf, &got) != TC_OK || got != n)
		return -1;
	memcpy(out, buf, n);
	return 0;
}

int case_login_decode(const cJSON *root, struct session_login_req *out)
{
	return b64_exact(cJSON_GetObjectItemCaseSensitive(root, "public_key"), out->pk,
			 sizeof(out->pk)) == 0 &&
			       b64_exact(cJSON_GetObjectItemCaseSensitive(root, "challenge"),
					 out->challenge, sizeof(out->challenge)) == 0 &&
			       b64_exact(cJSON_GetObjectItemCaseSensitive(root, "signature"), out->sig,
					 sizeof(out->sig)) == 0
		       ? 0
		       : -1;
}

const char *case_action_decode(const cJSON *root, struct case_action_req *out)
{
	memset(out, 0, sizeof(*out));
	for (const cJSON *m = root->child; m; m = m->next)
		if (strcmp(m->string, "action") && strcmp(m->string, "complexity") &&
		    strcmp(m->string, "flag") && strcmp(m->string, "note"))
			return "Unknown member: use action, complexity, flag, note.";
	const cJSON *act = cJSON_GetObjectItemCaseSensitive(root, "action");
	const cJSON *cx = cJSON_GetObjectItemCaseSensitive(root, "complexity");
	const cJSON *fl = cJSON_GetObjectItemCaseSensitive(root, "flag");
	const cJSON *note = cJSON_GetObjectItemCaseSensitive(root, "note");
	if (note) {
		size_t n = cJSON_IsString(note) ? strlen(note->valuestring) : 0;
		if (n == 0 || n > CASE_NOTE_MAX || !utf8_is_valid(note->valuestring, n))
			return "note: 1 to 10,000 bytes of UTF-8 text.";
		out->note = note->valuestring;
		out->note_len = n;
	}
	if (!cJSON_IsString(act) || dm_action_parse(act->valuestring, &out->action) != TC_OK)
		return "action: one of accept, decline, transfer, extend, suspend, resume, settle, "
		       "withdraw, terminate, flag.";
	if (cx) {
		if (cJSON_IsString(cx) && strcmp(cx->valuestring, "complicated") == 0)
			out->complexity = DM_COMPLEXITY_COMPLICATED;
		else if (cJSON_IsString(cx) && strcmp(cx->valuestring, "particularly_complicated") == 0)
			out->complexity = DM_COMPLEXITY_PARTICULARLY;
		else
			return "complexity: complicated or particularly_complicated.";
	}
	if (fl && (!cJSON_IsString(fl) || dm_flag_parse(fl->valuestring, &out->flag) != TC_OK))
		return "flag: several_places, remote_area, criminal_signs or monitored.";
	return NULL;
}

/* A base64 member decoded into a malloc'd buffer of 1..max bytes; NULL if not. */
static uint8_t *b64_member(const cJSON *root, const char *name, size_t max, size_t *len)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, name);
	if (!cJSON_IsString(v))
		return NULL;
	size_t n = strlen(v->valuestring);
	if (n == 0 || n > tc_base64_len(max))
		return NULL;
	uint8_t *out = malloc(n / 4 * 3 + 3);
	if (out && (tc_base64_decode(v->valuestring, n, out, len) != TC_OK || *len == 0 ||
		    *len > max)) {
		free(out);
		return NULL;
	}
	return out;
}

int case_message_decode(const cJSON *root, size_t max, struct case_message_req *out)
{
	memset(out, 0, sizeof(*out));
	size_t members = 0;
	for (const cJSON *m = root->child; m; m = m->next)
		members++;
	if (members != 2)
		return -1;
	out->for_reporter = b64_member(root, "sealed_for_reporter", max, &out->for_reporter_len);
	out->for_unit = b64_member(root, "sealed_for_unit", max, &out->for_unit_len);
	if (out->for_reporter == NULL || out->for_unit == NULL ||
	    out->for_reporter_len <= CR_SEAL_OVERHEAD || out->for_unit_len <= CR_SEAL_OVERHEAD) {
		free(out->for_reporter);
		free(out->for_unit);
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

const char *case_transfer_decode(const cJSON *root, size_t max, struct case_transfer_req *out)
{
	memset(out, 0, sizeof(*out));
	const cJSON *to = cJSON_GetObjectItemCaseSensitive(root, "to_unit");
	out->to = cJSON_IsString(to) ? dm_unit_find(to->valuestring) : NULL;
	if (out->to == NULL)
		return "to_unit: TTCP or TT-<province code>.";
	out->envelope = b64_member(root, "envelope", max, &out->envelope_len);
	if (out->envelope == NULL)
		return "envelope: the case's envelope re-sealed for to_unit, in base64.";
	return NULL;
}
