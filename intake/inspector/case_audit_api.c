/*
 * case_audit_api.c - GET /api/v1/cases/{id}/audit: the audit entries
 * naming one case of the session's unit (docs/API.md "A case's audit
 * entries"), read through the per-case index (cases/case_audit.h), never a
 * scan of the log. Another unit's case is 404. The read is itself an audit
 * entry (kind 23, audit_read), which the next read shows.
 */
#include <string.h>

#include "audit.h"
#include "case_audit.h"
#include "case_json.h"
#include "inspector_handlers.h"
#include "server_internal.h"
#include "tc_base64.h"

/* Entries in one answer; past this the oldest are kept and "more" says so. */
#define CASE_AUDIT_ENTRIES_MAX 10000

struct audit_list {
	cJSON *arr;
	int n;
	bool more;
};

static int entry_json(const struct store_audit *e, void *arg)
{
	struct audit_list *al = arg;
	static const uint8_t zero[32];
	char day[DM_DAY_STRLEN], b64[48];
	if (al->n == CASE_AUDIT_ENTRIES_MAX) {
		al->more = true;
		return 1;
	}
	cJSON *o = cJSON_CreateObject();
	dm_day_format(e->day, day);
	cJSON_AddNumberToObject(o, "seq", (double)e->seq);
	cJSON_AddStringToObject(o, "on", day);
	cJSON_AddStringToObject(o, "kind", case_audit_kind_name(e->kind));
	cJSON_AddNumberToObject(o, "kind_code", e->kind);
	if (memcmp(e->actor, zero, sizeof(zero)) == 0) {
		cJSON_AddNullToObject(o, "actor"); /* the operator or the daemon itself */
	} else {
		/* the first 8 base64 characters of the principal's key, as assignments show it */
		tc_base64_encode(e->actor, sizeof(e->actor), b64);
		b64[8] = '\0';
		cJSON_AddStringToObject(o, "actor", b64);
	}
	if (e->detail[0])
		cJSON_AddStringToObject(o, "detail", e->detail);
	cJSON_AddItemToArray(al->arr, o);
	al->n++;
	return 0;
}

void handle_case_audit(struct request *r)
{
	struct store_txn *t = NULL;
	struct store_case c;
	int rc = store_read_begin(r->srv->deps.store, &t);
	if (rc == TC_OK)
		rc = store_case_get(t, r->case_id, &c);
	/* Another unit's case is answered exactly like a missing one. */
	if (rc == TC_OK && strcmp(c.unit, r->who->pub.scope) != 0)
		rc = TC_ENOENT;
	cJSON *o = rc == TC_OK ? cJSON_CreateObject() : NULL;
	struct audit_list al = {0};
	if (o) {
		cJSON_AddStringToObject(o, "case_id", c.case_id);
		al.arr = cJSON_AddArrayToObject(o, "entries");
		rc = case_audit_of(t, c.case_id, entry_json, &al);
		cJSON_AddBoolToObject(o, "more", al.more);
	}
	store_read_end(t);
	if (rc == TC_ENOENT) {
		cJSON_Delete(o);
		http_reply_problem(r->req, PROBLEM_NOT_FOUND, r->lang, NULL, NULL);
	} else if (rc != TC_OK || o == NULL) {
		cJSON_Delete(o);
		http_reply_unavailable(r->req, r->lang, NULL, 5);
	} else {
		audit_read(r->srv, CASE_AUDIT_CASE_AUDIT, r->who, r->case_id, NULL);
		http_reply_json(r->req, 200, o);
	}
}
