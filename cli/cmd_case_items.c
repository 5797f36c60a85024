/*
 * cmd_case_items.c - `tocao cases show`'s conversation and attachments and
 * `tocao cases attachment` (case_items.h): the daemon hands out sealed bytes
 * only, and they are opened here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_items.h"
#include "cli_util.h"
#include "platform.h"

static const char *member(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static double number(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

/* One message of a page opened into o ({seq, from, at, signature?, text, files?}). */
static int open_one(const cJSON *m, const struct cr_unit_secret *sec, cJSON *o)
{
	const char *from = member(m, "from");
	size_t len = 0;
	uint8_t *sealed = tcc_unb64(member(m, "for_unit"), &len);
	struct tcc_message msg;
	int rc = sealed ? tcc_open_message(from, sealed, len, sec, &msg) : TC_EFORMAT;
	free(sealed);
	cJSON_AddNumberToObject(o, "seq", number(m, "seq"));
	cJSON_AddStringToObject(o, "from", from);
	cJSON_AddStringToObject(o, "at", member(m, "at"));
	if (member(m, "signature")[0])
		cJSON_AddStringToObject(o, "signature", member(m, "signature"));
	if (member(m, "signer")[0])
		cJSON_AddStringToObject(o, "signer", member(m, "signer"));
	if (rc != TC_OK) {
		cJSON_AddStringToObject(o, "error", cli_strerror(rc));
		return rc;
	}
	cJSON_AddStringToObject(o, "text", msg.text);
	cJSON *files = msg.body ? cJSON_AddArrayToObject(o, "files") : NULL;
	for (size_t i = 0; i < msg.n_files; i++) {
		cJSON *f = cJSON_CreateObject();
		cJSON_AddNumberToObject(f, "index", msg.files[i].index);
		cJSON_AddStringToObject(f, "name", tcc_file_meta(msg.body, msg.files[i].index, "name"));
		cJSON_AddStringToObject(f, "content_type",
					tcc_file_meta(msg.body, msg.files[i].index, "content_type"));
		cJSON_AddNumberToObject(f, "size", (double)msg.files[i].len);
		cJSON_AddItemToArray(files, f);
	}
	tcc_message_free(&msg);
	return TC_OK;
}

static void print_message(const cJSON *o)
{
	const char *from = member(o, "from");
	const char *who = cli_term(strcmp(from, "reporter") == 0 ? "from the reporter"
				   : strcmp(from, "note") == 0 ? "[note: the unit only]"
								 : "from the unit");
	printf(TR("\nmessage #%.0f %s %s"), number(o, "seq"), member(o, "at"), who);
	if (member(o, "signature")[0])
		printf(TR(" (signature: %s)"), member(o, "signature"));
	putchar('\n');
	if (member(o, "error")[0]) {
		printf(TR("  (cannot be opened: %s)\n"), member(o, "error"));
		return;
	}
	printf("%s\n", member(o, "text"));
	const cJSON *files = cJSON_GetObjectItemCaseSensitive(o, "files");
	for (const cJSON *f = files ? files->child : NULL; f; f = f->next)
		printf(TR("  file #%.0f: %s (%s), %.0f bytes\n"), number(f, "index"), member(f, "name"),
		       member(f, "content_type"), number(f, "size"));
}

int cli_case_conversation(struct tcc_session *s, const char *id,
			  const struct cr_unit_secret *sec, cJSON *json_out)
{
	struct tcc_result r;
	cJSON *msgs = NULL;
	int st = tcc_case_messages_all(s, id, &msgs, &r);
	if (st != 200) {
		int rc = cli_fail("show: messages: %d %s", st, tcc_problem(&r));
		tcc_result_free(&r);
		return rc;
	}
	cJSON *opened = cJSON_CreateArray();
	int failed = 0;
	for (const cJSON *m = msgs->child; m; m = m->next) {
		cJSON *o = cJSON_CreateObject();
		failed |= open_one(m, sec, o) != TC_OK;
		cJSON_AddItemToArray(opened, o);
		if (json_out == NULL)
			print_message(o);
	}
	cJSON_Delete(msgs);
	if (json_out)
		cJSON_AddItemToObject(json_out, "messages", opened);
	else
		cJSON_Delete(opened);
	if (failed)
		fputs(TR("tocao: show: some messages could not be opened with this key\n"), stderr);
	return CLI_EXIT_OK;
}

void cli_print_attachments(const cJSON *report, const cJSON *case_doc)
{
	const cJSON *atts = cJSON_GetObjectItemCaseSensitive(case_doc, "attachments");
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(report, "attachments");
	for (const cJSON *a = atts ? atts->child : NULL; a; a = a->next) {
		double i = number(a, "index");
		const cJSON *meta = cJSON_GetArrayItem(list, (int)i);
		printf(TR("%-14s #%.0f %s (%s), %.0f bytes (%.0f sealed)\n"), cli_term("attachment"), i,
		       member(meta, "name")[0] ? member(meta, "name") : "?",
		       member(meta, "content_type")[0] ? member(meta, "content_type") : "?",
		       number(meta, "size"), number(a, "sealed_size"));
	}
}

int cli_case_attachment(struct tcc_session *s, const char *id, unsigned n,
			const struct cr_unit_secret *sec, const char *out, int force)
{
	struct tcc_result r;
	int st = tcc_case_show(s, id, &r);
	const cJSON *env = cJSON_GetObjectItemCaseSensitive(r.doc, "envelope");
	if (st != 200 || !cJSON_IsString(env)) {
		int rc = cli_fail("attachment: %d %s", st, tcc_problem(&r));
		tcc_result_free(&r);
		return rc;
	}
	char *env_b64 = strdup(env->valuestring);
	tcc_result_free(&r);
	struct tcc_blob blob;
	st = env_b64 ? tcc_case_attachment(s, id, n, &blob, &r) : -1;
	if (st != 200) {
		int rc = cli_fail("attachment #%u: %d %s", n, st, env_b64 ? tcc_problem(&r) : "");
		tcc_result_free(&r);
		free(env_b64);
		return rc;
	}
	unsigned index = 0;
	uint8_t *data = NULL;
	size_t len = 0;
	int rc = tcc_open_attachment(env_b64, blob.data, blob.len, sec, &index, &data, &len);
	free(env_b64);
	tcc_blob_free(&blob);
	if (rc == TC_OK && index != n)
		rc = TC_ECRYPTO; /* a blob of another position */
	if (rc != TC_OK) {
		cr_attachment_free(data);
		return cli_fail("attachment #%u: cannot decrypt: %s", n, cli_strerror(rc));
	}
	int w = platform_write_private(out, data, len, force);
	cr_attachment_free(data);
	if (w == -EEXIST)
		return cli_fail("attachment: %s exists (--force to overwrite)", out);
	if (w != 0)
		return cli_fail("attachment: %s: %s", out, strerror(-w));
	printf(TR("attachment #%u: %zu bytes written to %s\n"), n, len, out);
	return CLI_EXIT_OK;
}
