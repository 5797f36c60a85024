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

#include "cli_util.h"
#include "commands.h"
#include "cr.h"
#include "dm_case.h"
#include "dm_date.h"
#include "dm_deadline.h"
#include "instance.h"
#include "store.h"
#include "tc_base64.h"

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

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'j': break; /* always JSON */
		case 'h':
			puts("Usage: tocao export --data DIR CASE_ID\n"
			     "Print a case's metadata and sealed envelope as JSON (docs/FORMAT.md).");
			return CLI_EXIT_OK;
		default: return cli_usage("export: bad option");
		}
	}
	if (dir == NULL || optind != argc - 1)
		return cli_usage("export: give --data DIR and one CASE_ID");
	const char *id = argv[optind];
	if (!cr_case_id_is_valid(id))
		return cli_usage("export: '%s' is not a case id (8 characters of 0-9 A-Z)", id);

	char store_dir[INSTANCE_PATH_MAX];
	struct store *st = NULL;
	struct store_txn *t = NULL;
	struct store_case rec;
	const uint8_t *env;
	size_t env_len;
	int rc = instance_path(dir, "store", store_dir, sizeof(store_dir));
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
	char *b64 = malloc(tc_base64_len(env_len) + 1);
	if (b64 == NULL) {
		store_read_end(t);
		store_close(st);
		return cli_fail("out of memory");
	}
	tc_base64_encode(env, env_len, b64);
	store_read_end(t);
	store_close(st);

	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "format", EXPORT_FORMAT);
	cJSON_AddStringToObject(o, "case_id", rec.case_id);
	cJSON_AddStringToObject(o, "unit", rec.unit);
	cJSON_AddStringToObject(o, "kind", dm_kind_name(rec.kind));
	cJSON_AddStringToObject(o, "identity", dm_identity_name(rec.identity));
	cJSON_AddStringToObject(o, "track", dm_track_name(rec.track));
	cJSON_AddStringToObject(o, "category", dm_category_name(rec.category));
	cJSON_AddStringToObject(o, "status", dm_status_name(rec.status));
	add_day(o, "received_on", rec.received);
	cJSON_AddBoolToObject(o, "overdue", (rec.flags & STORE_FLAG_OVERDUE) != 0);
	cJSON *d = cJSON_AddObjectToObject(o, "deadlines");
	for (int k = 0; k < DM_DL_COUNT; k++)
		add_day(d, dm_deadline_key((enum dm_deadline_kind)k), rec.deadlines[k]);
	cJSON_AddStringToObject(o, "envelope", b64);
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
	if (cJSON_IsString(v))
		printf("%-14s %s\n", label, v->valuestring);
}

static void print_readable(const char *case_id, const cJSON *body, const cJSON *ident)
{
	printf("%-14s %s\n", "case", case_id);
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

int cmd_open(int argc, char **argv)
{
	static const struct option opts[] = {
		{"key", required_argument, NULL, 'k'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *key_path = NULL;
	int json = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "k:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': key_path = optarg; break;
		case 'j': json = 1; break;
		case 'h':
			puts("Usage: tocao open --key UNIT_KEY_FILE [--json] [EXPORT_FILE|-]\n"
			     "Decrypt a case exported with 'tocao export' (standard input by default).");
			return CLI_EXIT_OK;
		default: return cli_usage("open: bad option");
		}
	}
	if (key_path == NULL || argc - optind > 1)
		return cli_usage("open: give --key FILE and at most one export file");
	const char *in_path = optind < argc ? argv[optind] : "-";

	int rc = CLI_EXIT_FAIL;
	size_t len = 0, env_len = 0;
	char *text = read_all(in_path, EXPORT_MAX, &len);
	cJSON *exp = NULL, *body = NULL, *ident = NULL;
	uint8_t *env = NULL;
	struct cr_unit_secret *sec = NULL;
	struct cr_envelope_opened opened = {0};
	if (text == NULL) {
		rc = cli_fail("open: cannot read %s: %s", in_path, strerror(errno));
		goto out;
	}
	exp = cJSON_ParseWithLengthOpts(text, len + 1, NULL, 1);
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(exp, "format");
	const cJSON *b64 = cJSON_GetObjectItemCaseSensitive(exp, "envelope");
	if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, EXPORT_FORMAT) != 0 ||
	    !cJSON_IsString(b64)) {
		rc = cli_fail("open: %s is not a tocao export (%s)", in_path, EXPORT_FORMAT);
		goto out;
	}
	size_t b64_len = strlen(b64->valuestring);
	env = malloc(b64_len / 4 * 3 + 3);
	if (env == NULL || tc_base64_decode(b64->valuestring, b64_len, env, &env_len) != TC_OK) {
		rc = cli_fail("open: the envelope is not valid base64");
		goto out;
	}
	int r = cr_unit_secret_load(key_path, &sec);
	if (r != TC_OK) {
		rc = cli_fail("open: key file %s: %s", key_path, tc_strerror(r));
		goto out;
	}
	struct cr_envelope_info info;
	r = cr_envelope_inspect(env, env_len, &info);
	if (r == TC_OK && strcmp(info.unit, cr_unit_secret_pub(sec)->unit) != 0) {
		rc = cli_fail("open: this case is sealed to %s, not to %s", info.unit,
			      cr_unit_secret_pub(sec)->unit);
		goto out;
	}
	if (r == TC_OK)
		r = cr_envelope_open(env, env_len, sec, &opened);
	if (r != TC_OK) {
		rc = cli_fail("open: cannot decrypt: %s", tc_strerror(r));
		goto out;
	}
	body = cJSON_ParseWithLength((const char *)opened.body, opened.body_len);
	if (opened.identity)
		ident = cJSON_ParseWithLength((const char *)opened.identity, opened.identity_len);
	if (body == NULL || (opened.identity && ident == NULL)) {
		rc = cli_fail("open: the decrypted report is not JSON");
		goto out;
	}
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "case_id", info.case_id);
		cJSON_AddStringToObject(o, "unit", info.unit);
		cJSON_AddItemToObject(o, "report", body);
		cJSON_AddItemToObject(o, "identity", ident ? ident : cJSON_CreateNull());
		body = ident = NULL;
		rc = cli_print_json(o);
	} else {
		print_readable(info.case_id, body, ident);
		rc = CLI_EXIT_OK;
	}
out:
	cJSON_Delete(body);
	cJSON_Delete(ident);
	cJSON_Delete(exp);
	cr_envelope_opened_free(&opened);
	cr_unit_secret_free(sec);
	free(env);
	free(text);
	return rc;
}
