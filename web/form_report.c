/*
 * form_report.c - the report form's fields as the API's report (form_report.h).
 */
#include <stdio.h>
#include <string.h>

#include "form_report.h"

const char *form_report_field(const char *api_field)
{
	static const char *const map[][2] = {
		{"reporter.full_name", "full_name"},	{"reporter.address", "address"},
		{"reporter.phone", "phone"},		{"reporter.email", "email"},
		{"reporter.id_number", "id_number"},	{"reporter", "full_name"},
		{"jurisdiction.province", "province"},	{"jurisdiction.commune", "commune"},
		{"jurisdiction.level", "level"},	{"jurisdiction.old_province", "old_province"},
		{"jurisdiction", "province"},		{"accused.name", "accused_name"},
		{"accused.position", "accused_position"}, {"accused.organisation", "accused_organisation"},
		{"accused", "accused_name"},
		{"complaint.subject", "complaint_subject"}, {"complaint.instance", "complaint_instance"},
		{"complaint.decision_date", "decision_date"},
		{"complaint.decision_number", "decision_number"}, {"complaint.request", "request"},
		{"complaint", "complaint_subject"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], api_field) == 0)
			return map[i][1];
	return api_field;
}

/* A field's text, cut to cap - 1 bytes; "" when absent or a file. */
static void field_str(const struct form *f, const char *name, char *buf, size_t cap)
{
	const struct form_field *ff = form_get(f, name);
	size_t n = ff == NULL || ff->is_file ? 0 : ff->len < cap - 1 ? ff->len : cap - 1;
	if (n)
		memcpy(buf, ff->value, n);
	buf[n] = '\0';
}

void form_report_read(const struct form *f, struct typed *t, char *details_buf,
		      size_t details_cap)
{
#define READ(name) field_str(f, #name, t->name, sizeof(t->name))
	READ(kind);
	READ(identity);
	READ(lang);
	READ(full_name);
	READ(address);
	READ(phone);
	READ(email);
	READ(id_number);
	READ(province);
	READ(commune);
	READ(level);
	READ(old_province);
	READ(accused_name);
	READ(accused_position);
	READ(accused_organisation);
	READ(category);
	READ(summary);
	READ(occurred_on);
	READ(complaint_subject);
	READ(complaint_instance);
	READ(decision_date);
	READ(decision_number);
	READ(request);
	READ(form_token);
	READ(undertaking);
#undef READ
	field_str(f, "details", details_buf, details_cap);
	t->details = details_buf;
}

static void add_if(cJSON *o, const char *name, const char *v)
{
	if (v && *v)
		cJSON_AddStringToObject(o, name, v);
}

static void add_people(cJSON *r, const struct typed *t)
{
	/* Reporter fields hidden for anonymous reports are dropped, never sent on. */
	if (strcmp(t->identity, "anonymous") != 0 &&
	    (*t->full_name || *t->address || *t->phone || *t->email || *t->id_number)) {
		cJSON *rep = cJSON_AddObjectToObject(r, "reporter");
		add_if(rep, "full_name", t->full_name);
		add_if(rep, "address", t->address);
		add_if(rep, "phone", t->phone);
		add_if(rep, "email", t->email);
		add_if(rep, "id_number", t->id_number);
	}
	cJSON *j = cJSON_AddObjectToObject(r, "jurisdiction");
	add_if(j, "province", t->province);
	add_if(j, "commune", t->commune);
	add_if(j, "level", t->level);
	add_if(j, "old_province", t->old_province);
	if (*t->accused_name || *t->accused_position || *t->accused_organisation) {
		cJSON *a = cJSON_AddObjectToObject(r, "accused");
		add_if(a, "name", t->accused_name);
		add_if(a, "position", t->accused_position);
		add_if(a, "organisation", t->accused_organisation);
	}
}

int form_report_json(const struct typed *t, cJSON **out)
{
	cJSON *r = cJSON_CreateObject();
	*out = NULL;
	if (r == NULL)
		return TC_ENOMEM;
	add_if(r, "kind", t->kind);
	add_if(r, "identity", t->identity);
	add_people(r, t);
	add_if(r, "category", t->category);
	add_if(r, "summary", t->summary);
	add_if(r, "details", t->details);
	add_if(r, "occurred_on", t->occurred_on);
	/* The complaint's fields go on only with a complaint (the form shows them to everyone). */
	if (strcmp(t->kind, "complaint") == 0 &&
	    (*t->complaint_subject || *t->complaint_instance || *t->decision_date ||
	     *t->decision_number || *t->request)) {
		cJSON *c = cJSON_AddObjectToObject(r, "complaint");
		add_if(c, "subject", t->complaint_subject);
		add_if(c, "instance", t->complaint_instance);
		add_if(c, "decision_date", t->decision_date);
		add_if(c, "decision_number", t->decision_number);
		add_if(c, "request", t->request);
	}
	*out = r;
	return TC_OK;
}
