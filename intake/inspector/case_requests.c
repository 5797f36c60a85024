/*
 * case_requests.c - the inspectors' request bodies (case_requests.h).
 */
#include <stdlib.h>
#include <string.h>

#include "case_requests.h"
#include "json_guard.h"
#include "tc_base64.h"

int case_body_parse(const char *text, size_t len, cJSON **out)
{
	cJSON *root = NULL;
	*out = NULL;
	if (text && json_prescan(text, len, 4, NULL) == TC_OK && json_parse(text, len, &root) != TC_OK)
		root = NULL;
	if (!cJSON_IsObject(root) || json_duplicate_key(root) != NULL) {
		cJSON_Delete(root);
		return TC_EINVAL;
	}
	*out = root;
	return TC_OK;
}

/* Exactly n bytes of base64 in a string member. */
static int b64_exact(const cJSON *item, uint8_t *out, size_t n)
{
	if (!cJSON_IsString(item))
		return -1;
	size_t len = strlen(item->valuestring), got = 0;
	uint8_t buf[128];
	/*
	 * The capacity check is the decoder's: a bound computed here once let
	 * 172 characters (129 bytes) into this 128-byte buffer (found by fuzz_inspector).
	 */
	if (n > sizeof(buf) ||
	    tc_base64_decode_cap(item->valuestring, len, buf, sizeof(buf), &got) != TC_OK || got != n)
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
		       ? TC_OK
		       : TC_EINVAL;
}

/* "criteria": an array of distinct criterion letters, 1 to 7 of them. */
static const char *criteria_problem(const cJSON *cr, unsigned *out)
{
	static const char *const bad = "criteria: an array of the letters a, b, c, d, dd (đ), e, g "
				       "(Decree 31/2019 Art. 3(2)), each once.";
	*out = 0;
	if (!cJSON_IsArray(cr) || cr->child == NULL)
		return bad;
	for (const cJSON *e = cr->child; e; e = e->next) {
		enum dm_criterion k;
		if (!cJSON_IsString(e))
			return bad;
		const char *v = strcmp(e->valuestring, "đ") == 0 ? "dd" : e->valuestring;
		if (dm_criterion_parse(v, &k) != TC_OK || (*out & (unsigned)k))
			return bad;
		*out |= (unsigned)k;
	}
	return NULL;
}

static bool action_member_known(const char *name)
{
	static const char *const known[] = {"action", "complexity", "criteria", "flag",
					    "continue_reason", "note", "ground"};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(name, known[i]) == 0)
			return true;
	return false;
}

/* The arguments of issue 12: criteria (extend) and continue_reason (withdraw). */
static const char *law_args_problem(const cJSON *root, struct case_action_req *out)
{
	const cJSON *cr = cJSON_GetObjectItemCaseSensitive(root, "criteria");
	const cJSON *cont = cJSON_GetObjectItemCaseSensitive(root, "continue_reason");
	const char *p = cr ? criteria_problem(cr, &out->criteria) : NULL;
	if (p == NULL && cont &&
	    (!cJSON_IsString(cont) ||
	     dm_continue_reason_parse(cont->valuestring, &out->continue_reason) != TC_OK))
		p = "continue_reason: signs_of_violation, coerced or abusive (Law on Denunciations "
		    "Art. 33(3)).";
	return p;
}

/* A decline's ground: an API name of dm_grounds.h (its sentence is the case service's). */
static const char *ground_problem(const cJSON *root, struct case_action_req *out)
{
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(root, "ground");
	if (g == NULL ||
	    (cJSON_IsString(g) && dm_ground_parse(g->valuestring, &out->ground) == TC_OK))
		return NULL;
	out->ground_problem = true;
	return "the ground is not one of the law's grounds for not accepting";
}

static const char *action_problem(const cJSON *root, struct case_action_req *out)
{
	memset(out, 0, sizeof(*out));
	for (const cJSON *m = root->child; m; m = m->next)
		if (!action_member_known(m->string))
			return "Unknown member: use action, complexity, criteria, flag, "
			       "continue_reason, ground, note.";
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
		return "flag: several_places, delegated_verification, remote_area, criminal_signs "
		       "or monitored.";
	const char *p = law_args_problem(root, out);
	return p ? p : ground_problem(root, out);
}

int case_action_decode(const cJSON *root, struct case_action_req *out, const char **why)
{
	*why = action_problem(root, out);
	return *why ? TC_EINVAL : TC_OK;
}

int case_note_decode(const cJSON *root, const char **note, size_t *len, const char **why)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "note");
	*note = NULL;
	*len = 0;
	*why = "Unknown member: use note.";
	for (const cJSON *m = root->child; m; m = m->next)
		if (strcmp(m->string, "note") != 0)
			return TC_EINVAL;
	*why = "note: 1 to 10,000 bytes of UTF-8 text.";
	size_t n = cJSON_IsString(v) ? strlen(v->valuestring) : 0;
	if (n == 0 || n > CASE_NOTE_MAX || !utf8_is_valid(v->valuestring, n))
		return TC_EINVAL;
	*why = NULL;
	*note = v->valuestring;
	*len = n;
	return TC_OK;
}

int case_assign_decode(const cJSON *root, bool *has_to, uint8_t to[CR_SIGN_PK_BYTES],
		       const char **why)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "to");
	*has_to = false;
	*why = "Send {\"to\"}: an inspector's public key (32 bytes in base64), or null.";
	for (const cJSON *m = root->child; m; m = m->next)
		if (strcmp(m->string, "to") != 0)
			return TC_EINVAL;
	if (cJSON_IsNull(v)) {
		*why = NULL;
		return TC_OK;
	}
	if (b64_exact(v, to, CR_SIGN_PK_BYTES) != 0)
		return TC_EINVAL;
	*has_to = true;
	*why = NULL;
	return TC_OK;
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

/* Exactly the members named (each once: the body parser refuses duplicates). */
static bool members_exactly(const cJSON *root, const char *const *names, size_t n)
{
	size_t members = 0;
	for (const cJSON *m = root->child; m; m = m->next) {
		bool known = false;
		for (size_t i = 0; i < n; i++)
			known |= strcmp(m->string, names[i]) == 0;
		if (!known)
			return false;
		members++;
	}
	return members == n;
}

static const char *message_problem(const cJSON *root, size_t max, struct case_message_req *out)
{
	static const char *const names[] = {"sealed_for_reporter", "sealed_for_unit", "signature",
					    "day"};
	if (!members_exactly(root, names, 4))
		return "Send {\"sealed_for_reporter\", \"sealed_for_unit\", \"signature\", \"day\"}: "
		       "the text sealed (crypto_box_seal, base64) to the reporter's key and to the "
		       "unit's key, and your signature of it (docs/FORMAT.md \"Signed unit "
		       "messages\").";
	out->for_reporter = b64_member(root, "sealed_for_reporter", max, &out->for_reporter_len);
	out->for_unit = b64_member(root, "sealed_for_unit", max, &out->for_unit_len);
	if (out->for_reporter == NULL || out->for_unit == NULL ||
	    out->for_reporter_len <= CR_SEAL_OVERHEAD || out->for_unit_len <= CR_SEAL_OVERHEAD)
		return "sealed_for_reporter, sealed_for_unit: sealed boxes in base64.";
	if (b64_exact(cJSON_GetObjectItemCaseSensitive(root, "signature"), out->sig,
		      sizeof(out->sig)) != 0)
		return "signature: 64 bytes of Ed25519 signature in base64.";
	const cJSON *day = cJSON_GetObjectItemCaseSensitive(root, "day");
	if (!cJSON_IsString(day) ||
	    dm_day_parse(day->valuestring, strlen(day->valuestring), &out->day) != TC_OK)
		return "day: the day signed, YYYY-MM-DD.";
	return NULL;
}

int case_message_decode(const cJSON *root, size_t max, struct case_message_req *out,
			const char **why)
{
	memset(out, 0, sizeof(*out));
	*why = message_problem(root, max, out);
	if (*why == NULL)
		return TC_OK;
	free(out->for_reporter);
	free(out->for_unit);
	memset(out, 0, sizeof(*out));
	return TC_EINVAL;
}

int case_transfer_decode(const cJSON *root, struct case_transfer_req *out, const char **why)
{
	static const char *const names[] = {"to_unit", "header", "commitment"};
	memset(out, 0, sizeof(*out));
	*why = NULL;
	const cJSON *to = cJSON_GetObjectItemCaseSensitive(root, "to_unit");
	out->to = cJSON_IsString(to) ? dm_unit_find(to->valuestring) : NULL;
	if (cJSON_GetObjectItemCaseSensitive(root, "envelope"))
		*why = "The one-step transfer (a whole re-sealed envelope) is retired: send "
		       "{\"to_unit\", \"header\", \"commitment\"} and let the receiving unit "
		       "confirm (docs/API.md \"Transfers\"; tocao cases transfer).";
	else if (!members_exactly(root, names, 3))
		*why = "Send {\"to_unit\", \"header\", \"commitment\"}.";
	else if (out->to == NULL)
		*why = "to_unit: TTCP or TT-<province code>.";
	else if (b64_exact(cJSON_GetObjectItemCaseSensitive(root, "header"), out->header,
			   sizeof(out->header)) != 0)
		*why = "header: the 96 header bytes for to_unit (unit, key id, sealed content "
		       "key), in base64.";
	else if (b64_exact(cJSON_GetObjectItemCaseSensitive(root, "commitment"), out->commitment,
			   sizeof(out->commitment)) != 0)
		*why = "commitment: 32 bytes in base64 (docs/FORMAT.md \"Transfers\").";
	return *why ? TC_EINVAL : TC_OK;
}

int case_transfer_confirm_decode(const cJSON *root, uint8_t proof[CR_CK_PROOF_BYTES],
				 const char **why)
{
	static const char *const names[] = {"proof"};
	*why = members_exactly(root, names, 1) &&
			       b64_exact(cJSON_GetObjectItemCaseSensitive(root, "proof"), proof,
					 CR_CK_PROOF_BYTES) == 0
		       ? NULL
		       : "Send {\"proof\"}: 32 bytes in base64 (docs/FORMAT.md \"Transfers\").";
	return *why ? TC_EINVAL : TC_OK;
}

/* ---- GET /api/v1/cases?... ---- */

/* A query value (allow-listed, not repeated) in buf; NULL when absent or too long. */
static const char *qget(const struct form *q, const char *key, char *buf, size_t cap)
{
	const struct form_field *f = form_get(q, key);
	if (f == NULL || f->len >= cap)
		return NULL;
	memcpy(buf, f->value, f->len);
	buf[f->len] = '\0';
	return buf;
}

static int list_fail(const char **field, const char **why, const char *f, const char *w)
{
	*field = f;
	*why = w;
	return TC_EINVAL;
}

static const char *const list_keys[] = {"status", "track", "overdue", "due_before", "limit",
					"cursor", "assignee", "include", "notices", NULL};

/* assignee=me or an inspector's public key (base64; '+' sent as %2B). */
static int list_assignee(const struct form *q, struct case_list_query *out)
{
	char v[64];
	const char *s = qget(q, "assignee", v, sizeof(v));
	if (form_get(q, "assignee") == NULL)
		return TC_OK;
	if (s == NULL)
		return TC_EINVAL;
	out->assignee = strcmp(s, "me") == 0 ? CASE_ASSIGNEE_ME : CASE_ASSIGNEE_KEY;
	uint8_t buf[48]; /* the decoder's capacity counts the padding's bytes too */
	size_t got = 0;
	if (out->assignee == CASE_ASSIGNEE_ME)
		return TC_OK;
	if (tc_base64_decode_cap(s, strlen(s), buf, sizeof(buf), &got) != TC_OK ||
	    got != sizeof(out->assignee_pk))
		return TC_EINVAL;
	memcpy(out->assignee_pk, buf, sizeof(out->assignee_pk));
	return TC_OK;
}
static const char *const messages_keys[] = {"before", "limit", NULL};

/* Every key one of allowed (NULL-terminated). */
static bool keys_known(const struct form *q, const char *const *allowed)
{
	for (size_t i = 0; i < q->n; i++) {
		bool known = false;
		for (size_t k = 0; allowed[k]; k++)
			known |= strcmp(q->f[i].name, allowed[k]) == 0;
		if (!known)
			return false;
	}
	return true;
}

int case_list_query_decode(const struct form *q, int query_rc, struct case_list_query *out,
			   const char **field, const char **why)
{
	memset(out, 0, sizeof(*out));
	out->limit = CASE_LIST_LIMIT_DEFAULT;
	out->due_before = DM_DAY_NONE;
	if (query_rc != TC_OK)
		return list_fail(field, why, "query", "Malformed or repeated query parameters.");
	if (!keys_known(q, list_keys))
		return list_fail(field, why, "query", "Unknown query parameter.");
	char v[32];
	const char *s;
	enum dm_status st;
	enum dm_track tr;
	if ((s = qget(q, "status", v, sizeof(v)))) {
		if (dm_status_parse(s, &st) != TC_OK)
			return list_fail(field, why, "status", "Unknown status.");
		out->status = (int)st;
	}
	if ((s = qget(q, "track", v, sizeof(v)))) {
		if (dm_track_parse(s, &tr) != TC_OK)
			return list_fail(field, why, "track", "Unknown track.");
		out->track = (int)tr;
	}
	if (form_get(q, "overdue") != NULL) {
		s = qget(q, "overdue", v, sizeof(v));
		if (s == NULL || (strcmp(s, "true") != 0 && strcmp(s, "false") != 0))
			return list_fail(field, why, "overdue", "true or false.");
		out->overdue = strcmp(s, "true") == 0;
	}
	if (form_get(q, "notices") != NULL) {
		s = qget(q, "notices", v, sizeof(v));
		if (s == NULL || strcmp(s, "owed") != 0)
			return list_fail(field, why, "notices", "Only notices=owed.");
		out->notices_owed = true;
	}
	if ((s = qget(q, "due_before", v, sizeof(v))) &&
	    dm_day_parse(s, strlen(s), &out->due_before) != TC_OK)
		return list_fail(field, why, "due_before", "Use YYYY-MM-DD.");
	if ((s = qget(q, "limit", v, sizeof(v)))) {
		char *end;
		long n = strtol(s, &end, 10);
		if (*end || n < 1 || n > CASE_LIST_LIMIT_MAX)
			return list_fail(field, why, "limit", "Between 1 and 500.");
		out->limit = (int)n;
	}
	if (list_assignee(q, out) != TC_OK)
		return list_fail(field, why, "assignee", "me, or an inspector's public key in base64.");
	if (form_get(q, "include") != NULL) {
		if (qget(q, "include", v, sizeof(v)) == NULL || strcmp(v, "envelope") != 0)
			return list_fail(field, why, "include", "Only include=envelope.");
		out->include_envelope = true;
	}
	out->has_cursor = qget(q, "cursor", out->cursor, sizeof(out->cursor)) != NULL;
	return TC_OK;
}

bool case_query_repeats(const char *raw, const char *key)
{
	size_t klen = strlen(key);
	int seen = 0;
	for (const char *p = raw; p && *p;) {
		const char *end = strchr(p, '&');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		size_t name_len = eq ? (size_t)(eq - p) : len;
		if (name_len == klen && memcmp(p, key, klen) == 0)
			seen++;
		p = end ? end + 1 : NULL;
	}
	return seen > 1;
}

/* ---- GET /api/v1/cases/{id}/messages?... ---- */

/* key's value: decimal digits only (no sign, space or leading zero), lo..hi; -1 otherwise. */
static long qnumber(const struct form *q, const char *key, long lo, long hi)
{
	const struct form_field *f = form_get(q, key);
	long n = 0;
	if (f == NULL || f->len == 0 || f->len > 7 || (f->value[0] == '0' && f->len > 1))
		return -1;
	for (size_t i = 0; i < f->len; i++) {
		if (f->value[i] < '0' || f->value[i] > '9')
			return -1;
		n = n * 10 + (f->value[i] - '0');
	}
	return n >= lo && n <= hi ? n : -1;
}

int case_messages_query_decode(const struct form *q, int query_rc,
			       struct case_messages_query *out, const char **field,
			       const char **why)
{
	out->before = 0;
	out->limit = CASE_MESSAGES_LIMIT_MAX;
	if (query_rc != TC_OK)
		return list_fail(field, why, "query", "Malformed or repeated query parameters.");
	if (!keys_known(q, messages_keys))
		return list_fail(field, why, "query", "Unknown query parameter.");
	long n;
	if (form_get(q, "before") != NULL) {
		if ((n = qnumber(q, "before", 1, CASE_MESSAGES_BEFORE_MAX)) < 0)
			return list_fail(field, why, "before", "A message number, 1 to 1000000.");
		out->before = (uint32_t)n;
	}
	if (form_get(q, "limit") != NULL) {
		if ((n = qnumber(q, "limit", 1, CASE_MESSAGES_LIMIT_MAX)) < 0)
			return list_fail(field, why, "limit", "Between 1 and 50.");
		out->limit = (int)n;
	}
	return TC_OK;
}
