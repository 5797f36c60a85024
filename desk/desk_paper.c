/*
 * desk_paper.c - a case read and opened for the documents and the case
 * file (desk_paper.h). Opened bytes stay in memory; attachments are
 * wiped as soon as they are hashed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "cr.h"
#include "desk_paper.h"
#include "dm_grounds.h"

void desk_sha256_hex(const uint8_t *data, size_t n, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	out[0] = '\0';
	if (EVP_Digest(data, n, md, &len, EVP_sha256(), NULL) != 1 || len != 32)
		return;
	for (unsigned i = 0; i < len; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static const char *jstr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Room for n more files. */
static struct paper_file *more_files(struct desk_paper_case *pc, size_t n)
{
	struct paper_file *f = realloc(pc->files, (pc->n_files + n) * sizeof(*f));
	if (f == NULL)
		return NULL;
	pc->files = f;
	memset(f + pc->n_files, 0, n * sizeof(*f));
	return f + pc->n_files;
}

/* The report's attachments: fetched sealed, opened, hashed, wiped. */
static void report_files(struct tcc_session *s, const struct cr_unit_secret *sec, const char *id,
			 struct desk_paper_case *pc)
{
	const cJSON *atts = cJSON_GetObjectItemCaseSensitive(pc->show, "attachments"), *a;
	int n = cJSON_GetArraySize(atts);
	struct paper_file *f = n > 0 ? more_files(pc, (size_t)n) : NULL;
	if (f == NULL)
		return;
	cJSON_ArrayForEach(a, atts)
	{
		const cJSON *ix = cJSON_GetObjectItemCaseSensitive(a, "index");
		unsigned i = cJSON_IsNumber(ix) ? (unsigned)ix->valueint : (unsigned)(f - pc->files);
		struct tcc_blob blob = {0};
		struct tcc_result res;
		uint8_t *data = NULL;
		size_t len = 0;
		unsigned index = 0;
		f->where = "Đơn";
		f->index = i;
		f->name = tcc_file_meta(pc->body, i, "name");
		f->type = tcc_file_meta(pc->body, i, "content_type");
		if (tcc_case_attachment(s, id, i, &blob, &res) == 200 &&
		    tcc_open_attachment(jstr(pc->show, "envelope"), blob.data, blob.len, sec, &index,
					&data, &len) == TC_OK &&
		    index == i) {
			f->size = len;
			desk_sha256_hex(data, len, f->sha256);
		}
		cr_attachment_free(data); /* wiped and freed by crypto/, which allocated it */
		tcc_result_free(&res);
		tcc_blob_free(&blob);
		f++;
		pc->n_files++;
	}
}

/* The conversation, each message opened; a reporter's files hashed. */
static void messages(struct tcc_session *s, const struct cr_unit_secret *sec, const char *id,
		     struct desk_paper_case *pc)
{
	struct tcc_result res;
	int st = tcc_case_messages_all(s, id, &pc->list, &res);
	tcc_result_free(&res);
	int n = st == 200 ? cJSON_GetArraySize(pc->list) : 0;
	if (n <= 0 || (pc->msgs = calloc((size_t)n, sizeof(*pc->msgs))) == NULL ||
	    (pc->opened = calloc((size_t)n, sizeof(*pc->opened))) == NULL)
		return;
	const cJSON *m;
	cJSON_ArrayForEach(m, pc->list)
	{
		struct paper_msg *pm = &pc->msgs[pc->n_msgs];
		struct tcc_message *om = &pc->opened[pc->n_msgs++];
		size_t len = 0;
		uint8_t *sealed = tcc_unb64(jstr(m, "for_unit"), &len);
		pm->seq = cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(m, "seq"))
				  ? cJSON_GetObjectItemCaseSensitive(m, "seq")->valueint : 0;
		pm->from = jstr(m, "from");
		pm->at = jstr(m, "at");
		pm->signature = jstr(m, "signature");
		if (sealed && tcc_open_message(pm->from, sealed, len, sec, om) == TC_OK)
			pm->text = om->text ? om->text : "";
		else
			memset(om, 0, sizeof(*om));
		free(sealed);
		struct paper_file *f = om->n_files ? more_files(pc, om->n_files) : NULL;
		for (size_t i = 0; f && i < om->n_files; i++, f++, pc->n_files++) {
			f->where = "Tin nhắn";
			f->index = om->files[i].index;
			f->name = tcc_file_meta(om->body, f->index, "name");
			f->type = tcc_file_meta(om->body, f->index, "content_type");
			f->size = om->files[i].len;
			desk_sha256_hex(om->files[i].data, om->files[i].len, f->sha256);
		}
	}
}

/*
 * No note said the ground (a decline from the API or the CLI): the ground
 * recorded with the decline (dm_grounds.h), its words and provision.
 */
static void ground_reason(struct tcc_session *s, const char *id, char *out, size_t cap)
{
	struct tcc_result res;
	enum dm_decline_ground g;
	if (tcc_case_show(s, id, &res) == 200 &&
	    dm_ground_parse(jstr(res.doc, "decline_ground"), &g) == TC_OK &&
	    !dm_ground_of(g)->other)
		snprintf(out, cap, "%s (%s)", dm_ground_of(g)->vi, dm_ground_of(g)->citation_vi);
	tcc_result_free(&res);
}

int desk_decline_reason(struct tcc_session *s, const struct cr_unit_secret *sec, const char *id,
			char *out, size_t cap)
{
	cJSON *list = NULL;
	struct tcc_result res;
	const cJSON *m;
	out[0] = '\0';
	int st = tcc_case_messages_all(s, id, &list, &res);
	tcc_result_free(&res);
	/* oldest first: each note with a ground overwrites the one before */
	if (st != 200) {
		cJSON_Delete(list);
		return st;
	}
	cJSON_ArrayForEach(m, list)
	{
		size_t len = 0;
		struct tcc_message om;
		uint8_t *sealed = NULL;
		if (strcmp(jstr(m, "from"), "note") == 0)
			sealed = tcc_unb64(jstr(m, "for_unit"), &len);
		memset(&om, 0, sizeof(om));
		if (sealed && tcc_open_message("note", sealed, len, sec, &om) == TC_OK) {
			if (om.text) {
				paper_decline_reason(om.text, out, cap);
				explicit_bzero(om.text, strlen(om.text));
			}
			tcc_message_free(&om);
		}
		free(sealed);
	}
	cJSON_Delete(list);
	if (out[0] == '\0')
		ground_reason(s, id, out, cap);
	return st;
}

static void today(char out[11])
{
	time_t t = time(NULL) + 7 * 3600; /* the day in Vietnam (UTC+7, no daylight saving) */
	struct tm tm;
	gmtime_r(&t, &tm);
	if (strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		out[0] = '\0';
}

int desk_paper_open(struct tcc_session *s, const struct cr_unit_secret *sec, const char *id,
		    int items, struct desk_paper_case *pc, char *why, size_t cap)
{
	struct tcc_result res;
	memset(pc, 0, sizeof(*pc));
	today(pc->today);
	int st = tcc_case_show(s, id, &res);
	if (st != 200) {
		snprintf(why, cap, "%s", tcc_problem(&res));
		tcc_result_free(&res);
		return st;
	}
	pc->show = res.doc;
	if (tcc_open_case(pc->show, sec, &pc->body, &pc->ident) != TC_OK) {
		pc->body = pc->ident = NULL;
		snprintf(why, cap, "the report does not open with this unit key");
	}
	if (items && pc->body) {
		report_files(s, sec, id, pc);
		messages(s, sec, id, pc);
		/* Last: this read is itself an entry, and every read above is in the list. */
		struct tcc_result ar;
		if (tcc_case_audit(s, id, &ar) == 200) {
			pc->audit = ar.doc;
			ar.doc = NULL;
		}
		tcc_result_free(&ar);
	}
	pc->cf = (struct paper_casefile){.show = pc->show, .body = pc->body, .ident = pc->ident,
					 .msgs = pc->msgs, .n_msgs = pc->n_msgs,
					 .files = pc->files, .n_files = pc->n_files,
					 .printed_on = pc->today, .audit = pc->audit};
	return 200;
}

static void json_wipe(cJSON *j)
{
	for (cJSON *c = j; c; c = c->next) {
		if (c->valuestring)
			explicit_bzero(c->valuestring, strlen(c->valuestring));
		json_wipe(c->child);
	}
}

void desk_paper_close(struct desk_paper_case *pc)
{
	for (size_t i = 0; pc->opened && i < pc->n_msgs; i++) {
		struct tcc_message *m = &pc->opened[i];
		if (m->text)
			explicit_bzero(m->text, strlen(m->text));
		for (size_t f = 0; f < m->n_files; f++)
			explicit_bzero(m->files[f].data, m->files[f].len);
		if (m->text || m->body || m->files)
			tcc_message_free(m);
	}
	free(pc->opened);
	free(pc->msgs);
	free(pc->files);
	json_wipe(pc->body);
	json_wipe(pc->ident);
	cJSON_Delete(pc->body);
	cJSON_Delete(pc->ident);
	cJSON_Delete(pc->list);
	cJSON_Delete(pc->audit);
	cJSON_Delete(pc->show);
	memset(pc, 0, sizeof(*pc));
}
