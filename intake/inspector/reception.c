/*
 * reception.c - POST /api/v1/reception (docs/API.md "Reception entries"):
 * a report a unit's reception office took on paper, by post or in person,
 * sealed on the officer's machine to the competent unit's key. The server
 * never sees its content; it checks what it can without it (the routing
 * facts route to the unit named, the envelope is this case's and sealed to
 * that unit's current key, the day of receipt lies within the window), then
 * creates the case through the case service exactly as a web report's --
 * its deadlines counted from the day the unit received it, its receipt made
 * and hashed here as the web's -- and answers 201 once it is durable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "case_json.h"
#include "case_next.h"
#include "dm_route.h"
#include "inspector_handlers.h"
#include "reception_idem.h"
#include "reception_request.h"
#include "server_internal.h"

struct reception_write {
	struct pending p; /* first */
	struct case_reception op;
	struct case_blob blobs[CR_ATTACHMENTS_MAX];
	struct reception_req req;
	struct reception_idem idem;       /* its Idempotency-Key, if any */
	char receipt[CR_RECEIPT_LEN + 1]; /* secret until sent; wiped */
};

static void reception_free(struct reception_write *w)
{
	reception_req_free(&w->req);
	explicit_bzero(w, sizeof(*w));
	free(w);
}

/* "basis": the article each deadline rests on, for the citizen's slip. */
static void add_basis(cJSON *o, const struct store_case *c, dm_day today)
{
	struct dm_deadlines dl;
	cJSON *b = cJSON_AddObjectToObject(o, "basis");
	if (b && case_next_basis(c, today, &dl) == TC_OK)
		for (int k = 0; k < DM_DL_COUNT && k < STORE_DEADLINES; k++)
			if (c->deadlines[k] != STORE_DAY_NONE && dl.basis[k])
				cJSON_AddStringToObject(b, dm_deadline_key((enum dm_deadline_kind)k),
							dl.basis[k]);
}

void reception_reply_created(struct evhttp_request *req, const struct store_case *c,
			     const char *receipt, enum dm_channel channel, const char *received_by,
			     dm_day today)
{
	const struct dm_unit *u = dm_unit_find(c->unit);
	cJSON *o = case_json_summary(c, today);
	cJSON_AddStringToObject(o, "receipt", receipt);
	cJSON_AddStringToObject(o, "unit_name", u ? u->name : "");
	cJSON_AddStringToObject(o, "channel", dm_channel_name(channel));
	cJSON_AddStringToObject(o, "received_by", received_by);
	add_basis(o, c, today);
	http_reply_json(req, 201, o);
}

static void reception_complete(struct pending *p, int rc)
{
	struct reception_write *w = (struct reception_write *)p;
	const struct store_case *c = &w->op.create.rec;
	if (rc == TC_OK) {
		reception_reply_created(p->req, c, w->receipt, w->req.channel, w->op.received_by,
					w->op.today);
	} else if (w->op.create.conflict == CASE_CONFLICT_ID) {
		http_reply_problem(p->req, PROBLEM_CONFLICT, p->lang,
				   "case_id is taken: make a new one and seal again.", NULL);
	} else if (w->op.create.conflict == CASE_CONFLICT_IDEM) {
		/* the same entry sent twice at once: the second gets the first's answer */
		reception_idem_twin(p->srv, p->req, p->lang, &w->idem);
	} else if (rc == TC_EFULL) {
		http_reply_unavailable(p->req, p->lang, NULL, 300);
	} else {
		inspector_write_failed(p, rc, NULL);
	}
	reception_free(w);
}

void inspector_add_reception(cJSON *o, struct store_txn *t, const char *case_id)
{
	struct case_reception_info ri;
	char day[DM_DAY_STRLEN];
	if (case_reception_get(t, case_id, &ri) != TC_OK) {
		cJSON_AddStringToObject(o, "channel", "web");
		return;
	}
	dm_day_format(ri.registered, day);
	cJSON_AddStringToObject(o, "channel", dm_channel_name((enum dm_channel)ri.channel));
	cJSON_AddStringToObject(o, "received_by", ri.received_by);
	cJSON_AddStringToObject(o, "registered_on", day);
}

/* The unit's current public key; NULL if it has none. */
static const struct cr_unit_pub *unit_key(const struct server *srv, const struct dm_unit *u)
{
	for (size_t i = 0; i < dm_unit_count(); i++)
		if (dm_unit_at(i) == u)
			return srv->deps.unit_keys[i];
	return NULL;
}

/* What the server can check without the content; NULL if it passes, else *field and why. */
static const char *check_entry(const struct server *srv, const struct reception_req *q,
			       dm_day today, const char **field)
{
	struct dm_route route;
	struct cr_envelope_info info;
	const struct cr_unit_pub *pub = unit_key(srv, q->unit);
	size_t total = 0;
	*field = "received_on";
	switch (dm_reception_day_check(q->received, today)) {
	case DM_RECEPTION_DAY_FUTURE: return "The day of receipt cannot be after today.";
	case DM_RECEPTION_DAY_TOO_OLD:
		return "The day of receipt is more than 30 days ago: the operator enters it "
		       "(docs/DESK.md \"Reception\").";
	case DM_RECEPTION_DAY_OK: break;
	}
	*field = "unit";
	if (dm_route(q->province, q->commune[0] ? q->commune : NULL, q->level, &route) != TC_OK ||
	    route.unit != q->unit)
		return "Not the competent unit for this province, commune and level (dm_route).";
	if (pub == NULL)
		return "The competent unit has no key configured yet.";
	*field = "envelope";
	if (cr_envelope_inspect(q->envelope, q->envelope_len, &info) != TC_OK)
		return "Not an envelope (docs/FORMAT.md \"Envelope\").";
	if (strcmp(info.case_id, q->case_id) != 0)
		return "The envelope is sealed for another case id.";
	if (strcmp(info.unit, q->unit->id) != 0 ||
	    memcmp(info.key_id, pub->key_id, CR_KEY_ID_BYTES) != 0)
		return "The envelope is not sealed to the competent unit's current key.";
	if ((info.has_identity != 0) != (q->identity != DM_IDENTITY_ANONYMOUS))
		return "The envelope's identity section does not match the identity mode.";
	*field = "attachments";
	for (size_t i = 0; i < q->n_atts; i++)
		total += q->att_len[i];
	if (total > srv->limits.max_upload)
		return "The attachments pass the upload limit of one report.";
	*field = NULL;
	return NULL;
}

/* The case as a web report's: record, receipt, its hash and the reporter's key. */
static int build(struct server *srv, struct reception_write *w)
{
	const struct reception_req *q = &w->req;
	struct case_create *cc = &w->op.create;
	const struct case_new n = {
		.unit = q->unit->id, .province = q->province, .kind = q->kind,
		.identity = q->identity, .track = q->track, .category = q->category,
		.instance = q->instance, .origin = q->origin, .subject = q->subject,
		.level = q->level, .received = q->received};
	int rc = case_record_new(&n, &cc->rec);
	if (rc != TC_OK)
		return rc;
	memcpy(cc->rec.case_id, q->case_id, sizeof(cc->rec.case_id));
	/* Received weeks ago, it may be late already: the record says so from the start. */
	case_overdue_derive(&cc->rec, w->op.today);
	cr_receipt_new(w->receipt);
	cr_keyed_hash(srv->deps.server_key, "receipt", (const uint8_t *)w->receipt, CR_RECEIPT_LEN,
		      cc->receipt_hash);
	cr_reporter_pk(w->receipt, cc->rec.reporter_pk);
	cc->envelope = q->envelope;
	cc->envelope_len = q->envelope_len;
	for (size_t i = 0; i < q->n_atts; i++)
		w->blobs[i] = (struct case_blob){q->atts[i], q->att_len[i]};
	cc->attachments = w->blobs;
	cc->n_attachments = q->n_atts;
	w->op.channel = (uint8_t)q->channel;
	return TC_OK;
}

void handle_reception(struct request *r)
{
	cJSON *root = inspector_body(r);
	if (root == NULL)
		return;
	struct reception_write *w = calloc(1, sizeof(*w));
	struct case_who who;
	const char *field = NULL, *why = NULL;
	if (w == NULL || !inspector_who(&who, r->who, "")) {
		cJSON_Delete(root);
		free(w);
		http_reply_unavailable(r->req, r->lang, NULL, 5);
		return;
	}
	int rc = reception_decode(root, (size_t)r->srv->limits.max_files,
				  r->srv->limits.max_file_bytes + 4096, &w->req, &field, &why);
	cJSON_Delete(root);
	w->op.today = who.today;
	memcpy(w->op.actor, who.actor, sizeof(w->op.actor));
	snprintf(w->op.received_by, sizeof(w->op.received_by), "%s", who.unit);
	if (rc == TC_OK)
		why = check_entry(r->srv, &w->req, who.today, &field);
	if (why) {
		http_reply_field_problem(r->req, PROBLEM_VALIDATION, r->lang, field, "invalid", why);
	} else if (reception_idem_check(r, who.unit, &w->req, who.today, &w->idem)) {
		/* answered: a bad key, the same entry again, or the key reused */
	} else if (build(r->srv, w) != TC_OK ||
		   reception_idem_attach(r->srv, &w->idem, w->receipt, who.today, &w->op.create) !=
			   TC_OK) {
		http_reply_unavailable(r->req, r->lang, NULL, 5);
	} else if (pending_submit(&w->p, r->srv, server_pending_loop(r->srv, r->req), r->req,
				  r->lang, CASE_OP_RECEPTION, &w->op, reception_complete) == TC_OK) {
		return; /* w is the write's until reception_complete */
	} else {
		http_reply_unavailable(r->req, r->lang, NULL, 5);
	}
	reception_free(w);
}
