/*
 * tc_conf.c - the pure pieces of the client: the connection settings
 * (command line over environment over client.conf) and the order of a
 * list of cases by their next legal deadline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tc_client.h"
#include "tc_platform.h"

#define CONF_FILE_MAX (64 * 1024)

/* The setting called name in c, NULL if there is none. */
static char *setting(struct tcc_conf *c, const char *name, size_t nlen)
{
	static const char *const names[] = {"server", "cacert", "identity", "unit_key"};
	char *fields[] = {c->server, c->cacert, c->identity, c->unit_key};
	for (size_t i = 0; i < 4; i++)
		if (strlen(names[i]) == nlen && memcmp(names[i], name, nlen) == 0)
			return fields[i];
	return NULL;
}

/* s[0..n) without surrounding blanks: *n updated, the start returned. */
static const char *trim(const char *s, size_t *n)
{
	while (*n && (*s == ' ' || *s == '\t'))
		s++, --*n;
	while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t' || s[*n - 1] == '\r'))
		--*n;
	return s;
}

int tcc_conf_parse(const char *text, size_t len, struct tcc_conf *out, char *err, size_t err_cap)
{
	memset(out, 0, sizeof(*out));
	int line = 0;
	for (const char *p = text, *end = text + len; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *s = trim(p, &n);
		p += (nl ? (size_t)(nl - p) + 1 : (size_t)(end - p));
		if (n == 0 || s[0] == '#')
			continue;
		const char *eq = memchr(s, '=', n);
		size_t kn = eq ? (size_t)(eq - s) : 0, vn = eq ? n - kn - 1 : 0;
		const char *k = eq ? trim(s, &kn) : NULL, *v = eq ? trim(eq + 1, &vn) : NULL;
		char *field = eq ? setting(out, k, kn) : NULL;
		if (field == NULL || vn == 0 || vn >= TCC_CONF_VALUE_MAX || memchr(v, '\0', vn)) {
			snprintf(err, err_cap, "line %d: want server, cacert, identity or unit_key = "
				 "a value", line + 1);
			return -1;
		}
		memcpy(field, v, vn);
		field[vn] = '\0';
	}
	return 0;
}

void tcc_conf_from_env(struct tcc_conf *out)
{
	static const char *const vars[] = {"TOCAO_SERVER", "TOCAO_CACERT", "TOCAO_IDENTITY",
					   "TOCAO_UNIT_KEY"};
	char *fields[] = {out->server, out->cacert, out->identity, out->unit_key};
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < 4; i++) {
		const char *v = tcp_getenv(vars[i]);
		if (v)
			snprintf(fields[i], TCC_CONF_VALUE_MAX, "%s", v);
	}
}

int tcc_conf_load(const char *path, struct tcc_conf *out, char *err, size_t err_cap)
{
	char def[4096];
	memset(out, 0, sizeof(*out));
	if (path == NULL && tcp_config_path(def, sizeof(def)) != 0)
		return 0;
	size_t len = 0;
	char *text = tcp_read_file(path ? path : def, CONF_FILE_MAX, &len), msg[160];
	if (text == NULL) {
		if (path == NULL) /* no client.conf: nothing to take from it */
			return 0;
		snprintf(err, err_cap, "cannot read %s", path);
		return -1;
	}
	int rc = tcc_conf_parse(text, len, out, msg, sizeof(msg));
	free(text);
	if (rc != 0)
		snprintf(err, err_cap, "%s: %s", path ? path : def, msg);
	return rc;
}

void tcc_conf_merge(struct tcc_conf *out, const struct tcc_conf *a, const struct tcc_conf *b,
		    const struct tcc_conf *c)
{
	const struct tcc_conf *from[] = {a, b, c};
	struct tcc_conf m;
	memset(&m, 0, sizeof(m));
	for (int i = 2; i >= 0; i--) {
		if (from[i] == NULL)
			continue;
		if (from[i]->server[0])
			memcpy(m.server, from[i]->server, sizeof(m.server));
		if (from[i]->cacert[0])
			memcpy(m.cacert, from[i]->cacert, sizeof(m.cacert));
		if (from[i]->identity[0])
			memcpy(m.identity, from[i]->identity, sizeof(m.identity));
		if (from[i]->unit_key[0])
			memcpy(m.unit_key, from[i]->unit_key, sizeof(m.unit_key));
	}
	*out = m;
}

const char *tcc_next_deadline(const cJSON *c)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(c, "deadlines");
	const char *best = "";
	for (const cJSON *e = d ? d->child : NULL; e; e = e->next)
		if (cJSON_IsString(e) && (best[0] == '\0' || strcmp(e->valuestring, best) < 0))
			best = e->valuestring;
	return best;
}

static int overdue_days(const cJSON *c)
{
	const cJSON *od = cJSON_GetObjectItemCaseSensitive(c, "overdue_days");
	return cJSON_IsNumber(od) ? od->valueint : 0;
}

static int by_deadline(const void *x, const void *y)
{
	const cJSON *a = *(const cJSON *const *)x, *b = *(const cJSON *const *)y;
	int oa = overdue_days(a), ob = overdue_days(b);
	if (oa != ob)
		return oa > ob ? -1 : 1;
	const char *da = tcc_next_deadline(a), *db = tcc_next_deadline(b);
	if ((da[0] == '\0') != (db[0] == '\0'))
		return da[0] == '\0' ? 1 : -1; /* no deadline (closed): last */
	int cmp = strcmp(da, db);
	if (cmp != 0)
		return cmp;
	const cJSON *ia = cJSON_GetObjectItemCaseSensitive(a, "case_id");
	const cJSON *ib = cJSON_GetObjectItemCaseSensitive(b, "case_id");
	return strcmp(cJSON_IsString(ia) ? ia->valuestring : "",
		      cJSON_IsString(ib) ? ib->valuestring : "");
}

void tcc_sort_by_deadline(cJSON *cases)
{
	int n = cJSON_GetArraySize(cases);
	cJSON **items = n > 0 ? malloc((size_t)n * sizeof(*items)) : NULL;
	if (items == NULL)
		return;
	int i = 0;
	for (cJSON *k = cases->child; k && i < n; k = k->next)
		items[i++] = k;
	qsort(items, (size_t)i, sizeof(*items), by_deadline);
	for (int j = 0; j < i; j++) {
		items[j]->prev = j > 0 ? items[j - 1] : items[i - 1]; /* cJSON: child->prev is the tail */
		items[j]->next = j + 1 < i ? items[j + 1] : NULL;
	}
	cases->child = items[0];
	free(items);
}
