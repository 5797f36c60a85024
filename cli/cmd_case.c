/*
 * tocao export / tocao open - offline access to a case.
 *
 * export reads the store (read-only; safe beside a running daemon) and
 * prints the case's plaintext metadata and its sealed envelope as JSON
 * (docs/FORMAT.md, "Export JSON"). open decrypts such an export with a
 * unit's secret key on the unit's own machine.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_util.h"
#include "commands.h"
#include "cases.h"
#include "cr.h"
#include "cr_principal.h"
#include "dm_case.h"
#include "dm_date.h"
#include "dm_deadline.h"
#include "instance.h"
#include "store.h"
#include "tc_base64.h"
#include "tc_client.h"

#define EXPORT_FORMAT "tocao-export-1"
#define EXPORT_MAX (8u << 20)

static void add_day(cJSON *o, const char *name, int32_t day)
{
	if (day == STORE_DAY_NONE)
		return;
	char s[DM_DAY_STRLEN];
	dm_day_format(day, s);
	cJSON_AddStringToObject(o, name, s);
}

/* Each message as the unit will read it: who, when, and the unit's sealed copy. */
static int export_message(uint32_t seq, const struct store_message *m, void *arg)
{
	cJSON *list = arg, *o = cJSON_CreateObject();
	char day[DM_DAY_STRLEN];
	char *sealed = tcc_b64(m->for_unit, m->for_unit_len);
	if (o == NULL || sealed == NULL) {
		cJSON_Delete(o);
		free(sealed);
		return 1;
	}
	dm_day_format(m->day, day);
	cJSON_AddNumberToObject(o, "seq", seq);
	bool unit = m->from == STORE_MSG_FROM_UNIT || m->from == STORE_MSG_FROM_UNIT_SIGNED;
	cJSON_AddStringToObject(o, "from", unit ? "unit" : m->from == STORE_MSG_NOTE ? "note" : "reporter");
	cJSON_AddStringToObject(o, "at", day);
	cJSON_AddStringToObject(o, "sealed", sealed);
	free(sealed);
	cJSON_AddItemToArray(list, o);
	return 0;
}

/* -1 to go on (dir and the case id at argv[optind]), else the exit status. */
static int export_options(int argc, char **argv, const char **dir)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': *dir = optarg; break;
		case 'j': break; /* always JSON */
		case 'h':
			puts("Usage: tocao export --data DIR CASE_ID\n"
			     "Print a case's metadata and sealed envelope as JSON (docs/FORMAT.md).");
			return CLI_EXIT_OK;
		default: return cli_usage("export: bad option");
		}
	}
	if (*dir == NULL || optind != argc - 1)
		return cli_usage("export: give --data DIR and one CASE_ID");
	if (!cr_case_id_is_valid(argv[optind]))
		return cli_usage("export: '%s' is not a case id (8 characters of 0-9 A-Z)",
				 argv[optind]);
	return -1;
}

/* The case's attachments (base64 strings) into atts, its messages into msgs. */
static int export_items(struct store_txn *t, const char *id, cJSON *atts, cJSON *msgs)
{
	unsigned n_att = 0;
	int rc = store_attachment_count(t, id, &n_att);
	for (unsigned i = 0; rc == TC_OK && i < n_att; i++) {
		const uint8_t *blob;
		size_t blob_len;
		rc = store_attachment_get(t, id, i, &blob, &blob_len);
		char *a = rc == TC_OK ? tcc_b64(blob, blob_len) : NULL;
		if (rc == TC_OK && a == NULL)
			rc = TC_ENOMEM;
		if (a) {
			cJSON_AddItemToArray(atts, cJSON_CreateString(a));
			free(a);
		}
	}
	if (rc == TC_OK)
		rc = store_messages(t, id, export_message, msgs);
	return rc;
}

/* The export document (docs/FORMAT.md "Export JSON"); takes atts and msgs. */
static cJSON *export_json(const struct store_case *rec, const char *envelope_b64, cJSON *atts,
			  cJSON *msgs)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "format", EXPORT_FORMAT);
	cJSON_AddStringToObject(o, "case_id", rec->case_id);
	cJSON_AddStringToObject(o, "unit", rec->unit);
	cJSON_AddStringToObject(o, "kind", dm_kind_name(rec->kind));
	cJSON_AddStringToObject(o, "identity", dm_identity_name(rec->identity));
	cJSON_AddStringToObject(o, "track", dm_track_name(rec->track));
	cJSON_AddStringToObject(o, "category", dm_category_name(rec->category));
	cJSON_AddStringToObject(o, "status", dm_status_name(rec->status));
	if (rec->ground != 0)
		cJSON_AddStringToObject(o, "decline_ground", dm_ground_name(rec->ground));
	add_day(o, "received_on", rec->received);
	/* Overdue now (from the record and today); was late: a deadline once missed. */
	cJSON_AddBoolToObject(o, "overdue",
			      case_overdue_now(rec, dm_day_from_unix((int64_t)time(NULL))));
	cJSON_AddBoolToObject(o, "was_late", (rec->flags & STORE_FLAG_WAS_LATE) != 0);
	cJSON *d = cJSON_AddObjectToObject(o, "deadlines");
	cJSON *p = cJSON_CreateObject();
	for (int k = 0; k < DM_DL_COUNT; k++) {
		add_day(d, dm_deadline_key((enum dm_deadline_kind)k), rec->deadlines[k]);
		if (rec->deadlines[k] != STORE_DAY_NONE)
			cJSON_AddBoolToObject(p, dm_deadline_key((enum dm_deadline_kind)k),
					      (rec->provisional >> k) & 1);
	}
	cJSON_AddItemToObject(o, "provisional", p);
	cJSON_AddStringToObject(o, "envelope", envelope_b64);
	cJSON_AddItemToObject(o, "attachments", atts);
	cJSON_AddItemToObject(o, "messages", msgs);
	return o;
}

int cmd_export(int argc, char **argv)
{
	const char *dir = NULL;
	int rc = export_options(argc, argv, &dir);
	if (rc >= 0)
		return rc;
	const char *id = argv[optind];

	char store_dir[INSTANCE_PATH_MAX];
	struct store *st = NULL;
	struct store_txn *t = NULL;
	struct store_case rec;
	const uint8_t *env;
	size_t env_len;
	rc = instance_path(dir, "store", store_dir, sizeof(store_dir));
	struct store_options so = {.dir = store_dir, .read_only = true, .map_size = 0};
	if (rc == TC_OK)
		rc = store_open(&so, &st);
	if (rc != TC_OK)
		return cli_fail("export: cannot open the store in %s: %s", dir, tc_strerror(rc));
	rc = store_read_begin(st, &t);
	if (rc == TC_OK)
		rc = store_case_get(t, id, &rec);
	if (rc == TC_OK)
		rc = store_envelope_get(t, id, &env, &env_len);
	if (rc != TC_OK) {
		store_read_end(t);
		store_close(st);
		return cli_fail("export: case %s: %s", id, rc == TC_ENOENT ? "no such case"
									: tc_strerror(rc));
	}
	cJSON *atts = cJSON_CreateArray(), *msgs = cJSON_CreateArray();
	char *b64 = tcc_b64(env, env_len);
	rc = b64 ? export_items(t, id, atts, msgs) : TC_ENOMEM;
	store_read_end(t);
	store_close(st);
	if (rc != TC_OK) {
		free(b64);
		cJSON_Delete(atts);
		cJSON_Delete(msgs);
		return cli_fail("export: case %s: %s", id, tc_strerror(rc));
	}
	cJSON *o = export_json(&rec, b64, atts, msgs);
	free(b64);
	return cli_print_json(o);
}

/* Read a whole file (or stdin for "-") up to max bytes, NUL-terminated. */
static char *read_all(const char *path, size_t max, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (f == NULL)
		return NULL;
	char *buf = malloc(max + 1);
	size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
	if (f != stdin)
		fclose(f);
	if (buf == NULL || n > max) {
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void print_member(const cJSON *obj, const char *name, const char *label)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	/* Codes (kind, track, category, level, identity) in words; free text as it is. */
	if (cJSON_IsString(v))
		printf("%-14s %s\n", cli_term(label), cli_term(v->valuestring));
}

void cli_print_report(const char *case_id, const cJSON *body, const cJSON *ident)
{
	printf("%-14s %s\n", cli_term("case"), case_id);
	print_member(body, "kind", "kind");
	print_member(body, "track", "track");
	print_member(body, "received_on", "received");
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(body, "jurisdiction");
	print_member(j, "province", "province");
	print_member(j, "commune", "commune");
	print_member(j, "level", "level");
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(body, "accused");
	print_member(a, "name", "accused");
	print_member(a, "position", "position");
	print_member(a, "organisation", "organisation");
	print_member(body, "category", "category");
	print_member(body, "occurred_on", "occurred on");
	print_member(body, "identity", "identity");
	if (ident) {
		print_member(ident, "full_name", "reporter");
		print_member(ident, "address", "address");
		print_member(ident, "phone", "phone");
		print_member(ident, "email", "email");
		print_member(ident, "id_number", "id number");
	}
	print_member(body, "summary", "summary");
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(body, "details");
	if (cJSON_IsString(d))
		printf("\n%s\n", d->valuestring);
}


/* Write a decrypted attachment under dir as "<prefix><index>-<name>" (name made safe). */
static int save_attachment(const char *dir, const char *prefix, unsigned index, const char *name,
			   const uint8_t *data, size_t len, char *path, size_t cap)
{
	char safe[128];
	size_t k = 0;
	for (const char *p = name ? name : ""; *p && k < sizeof(safe) - 1; p++)
		safe[k++] = (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20) ? '_' : *p;
	safe[k] = '\0';
	if (k == 0 || strcmp(safe, ".") == 0 || strcmp(safe, "..") == 0)
		snprintf(safe, sizeof(safe), "file");
	snprintf(path, cap, "%s/%s%u-%s", dir, prefix, index, safe);
	FILE *f = fopen(path, "wbx");
	if (f == NULL)
		return -errno;
	int rc = fwrite(data, 1, len, f) == len ? TC_OK : TC_EIO;
	if (fclose(f) != 0)
		rc = TC_EIO;
	return rc;
}

/* The name the sealed body gives attachment i. */
static const char *attachment_name(const cJSON *body, unsigned i)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(body, "attachments");
	const cJSON *a = cJSON_GetArrayItem(list, (int)i);
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(a, "name");
	return cJSON_IsString(n) ? n->valuestring : "";
}

/*
 * Open the attachment blobs (base64 strings in list) sealed under env's
 * content key; save them under out_dir when given. Adds one entry per
 * attachment to result.
 */
static int open_attachments(const uint8_t *env, size_t env_len, const cJSON *list,
			    const cJSON *body, const struct cr_unit_secret *sec, const char *out_dir,
			    const char *prefix, cJSON *result)
{
	int i = 0;
	for (const cJSON *item = list ? list->child : NULL; item; item = item->next, i++) {
		size_t blob_len, n;
		uint8_t *blob = cJSON_IsString(item) ? tcc_unb64(item->valuestring, &blob_len) : NULL;
		uint8_t *data = NULL;
		unsigned index;
		int rc = blob ? cr_attachment_open(env, env_len, blob, blob_len, sec, &index, &data, &n)
			      : TC_EFORMAT;
		free(blob);
		if (rc != TC_OK)
			return rc;
		cJSON *a = cJSON_CreateObject();
		cJSON_AddNumberToObject(a, "index", index);
		cJSON_AddStringToObject(a, "name", attachment_name(body, index));
		cJSON_AddNumberToObject(a, "size", (double)n);
		if (out_dir) {
			char path[4096];
			rc = save_attachment(out_dir, prefix, index, attachment_name(body, index), data, n,
					     path, sizeof(path));
			if (rc == TC_OK)
				cJSON_AddStringToObject(a, "saved_as", path);
		}
		cr_attachment_free(data);
		cJSON_AddItemToArray(result, a);
		if (rc != TC_OK)
			return rc;
	}
	return TC_OK;
}

/* Save (when out_dir) and list a reporter's message's files, opened by tcc_open_message. */
static int message_files(const struct tcc_message *msg, int seq, const char *out_dir,
			 cJSON *atts)
{
	char prefix[32];
	snprintf(prefix, sizeof(prefix), "message%d-", seq);
	for (size_t i = 0; i < msg->n_files; i++) {
		const struct tcc_file *f = &msg->files[i];
		const char *name = tcc_file_meta(msg->body, f->index, "name");
		cJSON *a = cJSON_CreateObject();
		cJSON_AddNumberToObject(a, "index", f->index);
		cJSON_AddStringToObject(a, "name", name);
		cJSON_AddNumberToObject(a, "size", (double)f->len);
		cJSON_AddItemToArray(atts, a);
		if (out_dir) {
			char path[4096];
			int rc = save_attachment(out_dir, prefix, f->index, name, f->data, f->len, path,
						 sizeof(path));
			if (rc != TC_OK)
				return rc;
			cJSON_AddStringToObject(a, "saved_as", path);
		}
	}
	return TC_OK;
}

/* One exported message, decrypted with the unit's key (docs/FORMAT.md "Messages"). */
static int open_message(const cJSON *m, const struct cr_unit_secret *sec, const char *out_dir,
			cJSON *result)
{
	const cJSON *from = cJSON_GetObjectItemCaseSensitive(m, "from");
	const cJSON *at = cJSON_GetObjectItemCaseSensitive(m, "at");
	const cJSON *seq = cJSON_GetObjectItemCaseSensitive(m, "seq");
	const cJSON *sealed = cJSON_GetObjectItemCaseSensitive(m, "sealed");
	if (!cJSON_IsString(from) || !cJSON_IsString(at) || !cJSON_IsString(sealed) ||
	    !cJSON_IsNumber(seq))
		return TC_EFORMAT;
	size_t len;
	uint8_t *bytes = tcc_unb64(sealed->valuestring, &len);
	if (bytes == NULL)
		return TC_EFORMAT;
	struct tcc_message msg;
	int rc = tcc_open_message(from->valuestring, bytes, len, sec, &msg);
	free(bytes);
	if (rc != TC_OK)
		return rc;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "from", from->valuestring);
	cJSON_AddStringToObject(o, "at", at->valuestring);
	cJSON_AddStringToObject(o, "text", msg.text);
	if (msg.body)
		rc = message_files(&msg, seq->valueint, out_dir,
				   cJSON_AddArrayToObject(o, "attachments"));
	tcc_message_free(&msg);
	if (rc != TC_OK) {
		cJSON_Delete(o);
		return rc;
	}
	cJSON_AddItemToArray(result, o);
	return TC_OK;
}

/* What tocao open holds from reading the export to printing it; open_end frees it. */
struct open_job {
	const char *key_paths[8], *key_path, *out_dir, *in_path;
	size_t n_keys;
	int json;
	char *text;                    /* the export file */
	cJSON *exp, *body, *ident, *atts, *msgs;
	uint8_t *env;
	size_t env_len;
	struct cr_unit_secret *sec;
	struct cr_envelope_opened opened;
	struct cr_envelope_info info;
};

/* -1 to go on, else the exit status. */
static int open_options(int argc, char **argv, struct open_job *j)
{
	static const struct option opts[] = {
		{"key", required_argument, NULL, 'k'},
		{"out-dir", required_argument, NULL, 'o'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "k:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (j->n_keys == sizeof(j->key_paths) / sizeof(j->key_paths[0]))
				return cli_usage("open: at most 8 --key files");
			j->key_paths[j->n_keys++] = optarg;
			break;
		case 'o': j->out_dir = optarg; break;
		case 'j': j->json = 1; break;
		case 'h':
			puts("Usage: tocao open --key UNIT_KEY_FILE [--key OLDER_KEY ...] [--out-dir DIR]\n"
			     "                  [--json] [EXPORT_FILE|-]\n"
			     "Decrypt a case exported with 'tocao export' (standard input by default):\n"
			     "the report, the reporter's identity, the messages, and with --out-dir\n"
			     "the attachments, written as files into DIR. After a key rotation, give\n"
			     "every key: the one the case was sealed to is picked by its key id.");
			return CLI_EXIT_OK;
		default: return cli_usage("open: bad option");
		}
	}
	if (j->n_keys == 0 || argc - optind > 1)
		return cli_usage("open: give --key FILE and at most one export file");
	j->in_path = optind < argc ? argv[optind] : "-";
	return -1;
}

/* Read the export, check its format, decode its envelope. */
static int open_read(struct open_job *j)
{
	size_t len = 0;
	j->text = read_all(j->in_path, EXPORT_MAX, &len);
	if (j->text == NULL)
		return cli_fail("open: cannot read %s: %s", j->in_path, strerror(errno));
	j->exp = cJSON_ParseWithLengthOpts(j->text, len + 1, NULL, 1);
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(j->exp, "format");
	const cJSON *b64 = cJSON_GetObjectItemCaseSensitive(j->exp, "envelope");
	if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, EXPORT_FORMAT) != 0 ||
	    !cJSON_IsString(b64))
		return cli_fail("open: %s is not a tocao export (%s)", j->in_path, EXPORT_FORMAT);
	size_t b64_len = strlen(b64->valuestring);
	j->env = malloc(b64_len / 4 * 3 + 3);
	if (j->env == NULL ||
	    tc_base64_decode(b64->valuestring, b64_len, j->env, &j->env_len) != TC_OK)
		return cli_fail("open: the envelope is not valid base64");
	return CLI_EXIT_OK;
}

/* The key the envelope names, among those given (key rotation). */
static int open_pick_key(struct open_job *j)
{
	struct cr_envelope_info want;
	int r = cr_envelope_inspect(j->env, j->env_len, &want);
	if (r != TC_OK)
		return cli_fail("open: the envelope is malformed: %s", tc_strerror(r));
	for (size_t i = 0; i < j->n_keys && j->key_path == NULL; i++) {
		struct cr_unit_pub pub;
		if (cr_unit_secret_peek(j->key_paths[i], &pub) == TC_OK &&
		    memcmp(pub.key_id, want.key_id, CR_KEY_ID_BYTES) == 0)
			j->key_path = j->key_paths[i];
	}
	if (j->key_path == NULL) {
		char id[2 * CR_KEY_ID_BYTES + 1];
		for (int i = 0; i < CR_KEY_ID_BYTES; i++)
			snprintf(id + 2 * i, 3, "%02x", want.key_id[i]);
		return cli_fail("open: this case is sealed to %s key %s, which is none of the keys given",
				want.unit, id);
	}
	return CLI_EXIT_OK;
}

/* Load the key (asking for its passphrase), open the envelope, parse report and identity. */
static int open_decrypt(struct open_job *j)
{
	int r = cli_load_unit_secret(j->key_path, &j->sec);
	if (r != TC_OK)
		return r == TC_ECRYPTO ? cli_fail("open: wrong passphrase for %s", j->key_path)
		       : r == TC_ELOCKED
			       ? cli_fail("open: %s is protected by a passphrase (terminal or "
					  "TOCAO_PASSPHRASE)", j->key_path)
			       : cli_fail("open: key file %s: %s", j->key_path, tc_strerror(r));
	const char *mine = cr_unit_secret_pub(j->sec)->unit;
	r = cr_envelope_inspect(j->env, j->env_len, &j->info);
	if (r == TC_OK && strcmp(j->info.unit, mine) != 0)
		return cli_fail("open: this case is sealed to %s, not to %s", j->info.unit, mine);
	if (r == TC_OK)
		r = cr_envelope_open(j->env, j->env_len, j->sec, &j->opened);
	if (r != TC_OK)
		return cli_fail("open: cannot decrypt: %s", tc_strerror(r));
	const struct cr_envelope_opened *o = &j->opened;
	j->body = cJSON_ParseWithLength((const char *)o->body, o->body_len);
	if (o->identity)
		j->ident = cJSON_ParseWithLength((const char *)o->identity, o->identity_len);
	if (j->body == NULL || (o->identity && j->ident == NULL))
		return cli_fail("open: the decrypted report is not JSON");
	return CLI_EXIT_OK;
}

/* The attachments (saved under --out-dir) and the messages, decrypted. */
static int open_items(struct open_job *j)
{
	j->atts = cJSON_CreateArray();
	j->msgs = cJSON_CreateArray();
	int r = open_attachments(j->env, j->env_len,
				 cJSON_GetObjectItemCaseSensitive(j->exp, "attachments"), j->body,
				 j->sec, j->out_dir, "attachment", j->atts);
	const cJSON *mlist = cJSON_GetObjectItemCaseSensitive(j->exp, "messages");
	for (const cJSON *m = mlist ? mlist->child : NULL; r == TC_OK && m; m = m->next)
		r = open_message(m, j->sec, j->out_dir, j->msgs);
	if (r != TC_OK)
		return cli_fail("open: attachments or messages: %s", tc_strerror(r));
	return CLI_EXIT_OK;
}

static int open_print(struct open_job *j)
{
	if (j->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "case_id", j->info.case_id);
		cJSON_AddStringToObject(o, "unit", j->info.unit);
		cJSON_AddItemToObject(o, "report", j->body);
		cJSON_AddItemToObject(o, "identity", j->ident ? j->ident : cJSON_CreateNull());
		cJSON_AddItemToObject(o, "attachments", j->atts);
		cJSON_AddItemToObject(o, "messages", j->msgs);
		j->body = j->ident = j->atts = j->msgs = NULL;
		return cli_print_json(o);
	}
	cli_print_report(j->info.case_id, j->body, j->ident);
	for (const cJSON *a = j->atts->child; a; a = a->next) {
		const cJSON *saved = cJSON_GetObjectItemCaseSensitive(a, "saved_as");
		printf("attachment     %s (%.0f bytes)%s%s\n",
		       cJSON_GetObjectItemCaseSensitive(a, "name")->valuestring,
		       cJSON_GetObjectItemCaseSensitive(a, "size")->valuedouble,
		       saved ? " -> " : "", saved ? saved->valuestring : "");
	}
	for (const cJSON *m = j->msgs->child; m; m = m->next)
		printf("\n[%s, %s]\n%s\n", cJSON_GetObjectItemCaseSensitive(m, "from")->valuestring,
		       cJSON_GetObjectItemCaseSensitive(m, "at")->valuestring,
		       cJSON_GetObjectItemCaseSensitive(m, "text")->valuestring);
	return CLI_EXIT_OK;
}

static void open_end(struct open_job *j)
{
	cJSON_Delete(j->atts);
	cJSON_Delete(j->msgs);
	cJSON_Delete(j->body);
	cJSON_Delete(j->ident);
	cJSON_Delete(j->exp);
	cr_envelope_opened_free(&j->opened);
	cr_unit_secret_free(j->sec);
	free(j->env);
	free(j->text);
}

int cmd_open(int argc, char **argv)
{
	struct open_job j = {0};
	int rc = open_options(argc, argv, &j);
	if (rc >= 0)
		return rc;
	rc = open_read(&j);
	if (rc == CLI_EXIT_OK)
		rc = open_pick_key(&j);
	if (rc == CLI_EXIT_OK)
		rc = open_decrypt(&j);
	if (rc == CLI_EXIT_OK)
		rc = open_items(&j);
	if (rc == CLI_EXIT_OK)
		rc = open_print(&j);
	open_end(&j);
	return rc;
}

/* ---- tocao reply: an inspector's message to the reporter, on the server ---- */

/* -1 to go on (the case id at argv[optind], maybe the text after it), else the exit status. */
static int reply_options(int argc, char **argv, const char **dir, const char **identity,
			 int *json)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"identity", required_argument, NULL, 'i'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:i:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': *dir = optarg; break;
		case 'i': *identity = optarg; break;
		case 'j': *json = 1; break;
		case 'h':
			puts("Usage: tocao reply --data DIR --identity INSPECTOR_KEY CASE_ID [TEXT|-]\n"
			     "Post a message to the reporter of CASE_ID (text from the argument or\n"
			     "standard input) on the server, signed with the key of an inspector of\n"
			     "the case's unit (one of DIR/principals): sealed to the reporter's\n"
			     "receipt-derived key and to the unit's key, through the case service\n"
			     "(timeline, audit entry with the inspector as actor). Without a signature\n"
			     "no message reaches a reporter; from another machine use\n"
			     "'tocao cases reply'.");
			return CLI_EXIT_OK;
		default: return cli_usage("reply: bad option");
		}
	}
	if (*dir == NULL || *identity == NULL || argc - optind < 1 || argc - optind > 2)
		return cli_usage("reply: give --data DIR, --identity INSPECTOR_KEY, a CASE_ID and the "
				 "text (or - for stdin)");
	if (!cr_case_id_is_valid(argv[optind]))
		return cli_usage("reply: '%s' is not a case id", argv[optind]);
	return -1;
}

/* The case's record and its unit's public key (DIR/units/UNIT.pub). */
static int reply_keys(const char *dir, struct store *st, const char *id, struct store_case *rec,
		      struct cr_unit_pub *pub)
{
	char pub_path[INSTANCE_PATH_MAX], rel[64];
	struct store_txn *t = NULL;
	int rc = store_read_begin(st, &t);
	if (rc == TC_OK)
		rc = store_case_get(t, id, rec);
	store_read_end(t);
	if (rc == TC_OK) {
		snprintf(rel, sizeof(rel), "units/%s.pub", rec->unit);
		rc = instance_path(dir, rel, pub_path, sizeof(pub_path));
	}
	if (rc == TC_OK)
		rc = cr_unit_pub_load(pub_path, pub);
	return rc;
}

/* Whether pk is an inspector of unit among DIR/principals (-EPERM if not). */
static int reply_known(const char *dir, const uint8_t *pk, const char *unit)
{
	struct principal *list = NULL;
	size_t n = 0;
	char err[256];
	int rc = instance_load_principals(dir, &list, &n, err, sizeof(err));
	bool known = false;
	for (size_t i = 0; rc == TC_OK && i < n; i++)
		known |= strcmp(list[i].pub.role, "inspector") == 0 &&
			 strcmp(list[i].pub.scope, unit) == 0 &&
			 memcmp(list[i].pub.pk, pk, CR_SIGN_PK_BYTES) == 0;
	free(list);
	return rc != TC_OK ? rc : known ? TC_OK : -EPERM;
}

/*
 * The signed block (docs/FORMAT.md "Signed unit messages") around the
 * reporter's sealed copy, with the server's acceptance tag; *out malloc'd.
 */
static int reply_sign(const char *dir, const struct cr_signer *me, const struct store_case *rec,
		      dm_day day, const uint8_t *sealed, size_t sealed_len, uint8_t **out)
{
	char path[INSTANCE_PATH_MAX];
	struct cr_server_key *key = NULL;
	struct cr_signed_message sm = {.sealed = sealed, .sealed_len = sealed_len};
	uint8_t bytes[CR_MSG_SIGNED_BYTES];
	snprintf(sm.unit, sizeof(sm.unit), "%.7s", rec->unit);
	cr_signer_pk(me, sm.signer);
	int rc = cr_unit_message_signed(rec->case_id, sm.unit, day, sealed, sealed_len, bytes);
	if (rc == TC_OK)
		rc = instance_path(dir, "server.key", path, sizeof(path));
	if (rc == TC_OK)
		rc = cr_server_key_load(path, &key);
	if (rc != TC_OK)
		return rc;
	cr_signer_sign(me, bytes, sizeof(bytes), sm.sig);
	cr_message_accept_tag(key, bytes, sm.signer, sm.sig, sm.tag);
	cr_server_key_free(key);
	*out = malloc(CR_SIGNED_MSG_HEADER + sealed_len);
	if (*out == NULL)
		return TC_ENOMEM;
	return cr_signed_message_encode(&sm, *out);
}

struct reply_job {
	const char *dir, *id, *text;
	size_t tlen;
	const struct cr_signer *me;
};

/* Seal text to the reporter and to the unit, sign it, and post it through the case service. */
static int post_reply(const struct reply_job *j)
{
	char store_dir[INSTANCE_PATH_MAX];
	struct store *st = NULL;
	struct store_case rec;
	struct cr_unit_pub pub;
	size_t sealed_len = j->tlen + CR_SEAL_OVERHEAD;
	uint8_t *for_reporter = malloc(sealed_len), *for_unit = malloc(sealed_len), *block = NULL;
	dm_day today = dm_day_from_unix((int64_t)time(NULL));
	int rc = instance_path(j->dir, "store", store_dir, sizeof(store_dir));
	struct store_options so = {.dir = store_dir, .map_size = 0};
	if (rc == TC_OK)
		rc = case_store_open(&so, &st);
	if (rc == TC_OK)
		rc = reply_keys(j->dir, st, j->id, &rec, &pub);
	if (rc == TC_OK) {
		uint8_t pk[CR_SIGN_PK_BYTES];
		cr_signer_pk(j->me, pk);
		rc = reply_known(j->dir, pk, rec.unit);
	}
	if (rc == TC_OK && (for_reporter == NULL || for_unit == NULL))
		rc = TC_ENOMEM;
	if (rc == TC_OK)
		rc = cr_seal_to(rec.reporter_pk, (const uint8_t *)j->text, j->tlen, for_reporter);
	if (rc == TC_OK)
		rc = cr_seal_to(pub.pk, (const uint8_t *)j->text, j->tlen, for_unit);
	if (rc == TC_OK)
		rc = reply_sign(j->dir, j->me, &rec, today, for_reporter, sealed_len, &block);
	if (rc == TC_OK) {
		/* Through the case service, like the API's message: checked, timeline, audit. */
		struct case_message op = {.who.today = today, .signed_day = today,
					  .for_reporter = block,
					  .for_reporter_len = CR_SIGNED_MSG_HEADER + sealed_len,
					  .for_unit = for_unit, .for_unit_len = sealed_len};
		snprintf(op.who.case_id, sizeof(op.who.case_id), "%s", j->id);
		memcpy(op.who.unit, rec.unit, sizeof(op.who.unit));
		cr_signer_pk(j->me, op.who.actor);
		struct case_write cw;
		case_write_init(&cw, CASE_OP_MESSAGE, &op);
		rc = store_submit_wait(st, &cw.w);
	}
	store_close(st);
	free(for_reporter);
	free(for_unit);
	free(block);
	return rc;
}

int cmd_reply(int argc, char **argv)
{
	const char *dir = NULL, *identity = NULL;
	int json = 0;
	int rc = reply_options(argc, argv, &dir, &identity, &json);
	if (rc >= 0)
		return rc;
	const char *id = argv[optind];
	struct cr_signer *me = NULL;
	if ((rc = cr_signer_load(identity, &me)) != TC_OK)
		return cli_fail("reply: cannot read the identity %s: %s", identity, tc_strerror(rc));
	size_t tlen = 0;
	char *text = NULL;
	if (argc - optind == 2 && strcmp(argv[optind + 1], "-") != 0) {
		text = strdup(argv[optind + 1]);
		tlen = text ? strlen(text) : 0;
	} else {
		text = read_all("-", 64 << 10, &tlen);
	}
	if (text == NULL || tlen == 0 || tlen > 60000 || memchr(text, '\0', tlen)) {
		cr_signer_free(me);
		return cli_usage("reply: the text must be 1 to 60000 bytes");
	}
	struct reply_job j = {.dir = dir, .id = id, .text = text, .tlen = tlen, .me = me};
	rc = post_reply(&j);
	cr_signer_free(me);
	explicit_bzero(text, tlen);
	free(text);
	if (rc != TC_OK)
		return cli_fail("reply: case %s: %s", id,
				rc == TC_ENOENT	 ? "no such case"
				: rc == -EPERM ? "the identity is not an inspector of the case's unit "
						   "(DIR/principals)"
						 : tc_strerror(rc));
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "case_id", id);
		cJSON_AddStringToObject(o, "from", "unit");
		cJSON_AddBoolToObject(o, "signed", 1);
		return cli_print_json(o);
	}
	printf("Message signed and posted to case %s.\n", id);
	return CLI_EXIT_OK;
}
