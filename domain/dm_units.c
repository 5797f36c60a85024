#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_units.h"

/* Upper bounds with room for boundary changes; the loader checks them. */
#define MAX_COMMUNES 4096

static char *units_text;                /* the CSV, fields NUL-split in place */
static struct dm_province provinces[DM_PROVINCE_COUNT];
static size_t n_provinces;
static struct dm_commune *communes;
static size_t n_communes;
static struct dm_unit units[DM_UNIT_COUNT];
static char *unit_names;                /* storage for units[].name/name_en */

static int is_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Split one line into exactly n comma-separated fields (no quoting in the data). */
static int split_fields(char *line, char **fields, size_t n)
{
	size_t i = 0;
	fields[i++] = line;
	for (char *p = line; *p; p++) {
		if (*p == ',') {
			if (i == n)
				return -1;
			*p = '\0';
			fields[i++] = p + 1;
		}
	}
	return i == n ? 0 : -1;
}

static int cmp_province(const void *a, const void *b)
{
	return strcmp(((const struct dm_province *)a)->code, ((const struct dm_province *)b)->code);
}

static int cmp_commune(const void *a, const void *b)
{
	const struct dm_commune *x = a, *y = b;
	int c = strcmp(x->province->code, y->province->code);
	return c ? c : strcmp(x->code, y->code);
}

/*
 * Unit names follow the Law on Inspection 84/2025/QH15: "Thanh tra tỉnh X"
 * or "Thanh tra thành phố X" after the province's own type.
 */
static int build_unit_names(void)
{
	size_t cap = 0;
	for (size_t i = 0; i < n_provinces; i++)
		cap += 2 * (strlen(provinces[i].name) + strlen(provinces[i].full_name_en)) + 80;
	cap += 128;
	unit_names = malloc(cap);
	if (unit_names == NULL)
		return TC_ENOMEM;
	char *w = unit_names;
	size_t left = cap;
#define PUT(dst, ...)                                            \
	do {                                                     \
		int n_ = snprintf(w, left, __VA_ARGS__);         \
		(dst) = w;                                       \
		w += n_ + 1;                                     \
		left -= (size_t)n_ + 1;                          \
	} while (0)

	memcpy(units[0].id, "TTCP", 5);
	PUT(units[0].name, "%s", "Thanh tra Chính phủ");
	PUT(units[0].name_en, "%s", "Government Inspectorate");
	units[0].province = NULL;
	for (size_t i = 0; i < n_provinces; i++) {
		struct dm_unit *u = &units[i + 1];
		struct dm_province *p = &provinces[i];
		int city = strncmp(p->full_name, "Thành phố ", strlen("Thành phố ")) == 0;
		memcpy(u->id, "TT-", 3);
		memcpy(u->id + 3, p->code, 3);
		PUT(u->name, "Thanh tra %s %s", city ? "thành phố" : "tỉnh", p->name);
		PUT(u->name_en, "%s Inspectorate", p->full_name_en);
		u->province = p;
		p->unit = u;
	}
#undef PUT
	return TC_OK;
}

/*
 * One data line of the units CSV (split in place): a province into
 * provinces[*np], or a commune into cs[*nc] with its province's code in
 * cprov[*nc]. Names point into line. -1 on a malformed line or too many.
 */
static int units_row(char *line, size_t *np, struct dm_commune *cs, char (*cprov)[3], size_t *nc)
{
	char *f[8];
	if (split_fields(line, f, 8) != 0)
		return -1;
	if (strcmp(f[0], "province") == 0) {
		if (*np == DM_PROVINCE_COUNT || !is_digits(f[1], 2) || strcmp(f[1], f[2]))
			return -1;
		struct dm_province *p = &provinces[(*np)++];
		memcpy(p->code, f[1], 3);
		p->name = f[3];
		p->full_name = f[4];
		p->name_en = f[5];
		p->full_name_en = f[6];
		return 0;
	}
	if (strcmp(f[0], "commune") == 0) {
		if (*nc == MAX_COMMUNES || !is_digits(f[1], 5) || !is_digits(f[2], 2))
			return -1;
		struct dm_commune *c = &cs[*nc];
		memcpy(c->code, f[1], 6);
		memcpy(cprov[*nc], f[2], 3);
		c->name = f[3];
		c->full_name = f[4];
		c->name_en = f[5];
		c->full_name_en = f[6];
		(*nc)++;
		return 0;
	}
	return -1;
}

/*
 * Sort the provinces, link each commune to its province and give each
 * province its range of communes. -1 on a duplicate code or a commune of
 * an unknown province.
 */
static int units_index(size_t np, struct dm_commune *cs, char (*cprov)[3], size_t nc)
{
	qsort(provinces, np, sizeof(provinces[0]), cmp_province);
	n_provinces = np;
	for (size_t i = 1; i < np; i++)
		if (strcmp(provinces[i - 1].code, provinces[i].code) == 0)
			return -1;
	for (size_t i = 0; i < nc; i++) {
		cs[i].province = dm_province_find(cprov[i]);
		if (cs[i].province == NULL)
			return -1;
	}
	/* Sorting by (province, code) makes each province's communes one range. */
	qsort(cs, nc, sizeof(cs[0]), cmp_commune);
	for (size_t i = 0; i < nc; i++) {
		struct dm_province *p = &provinces[cs[i].province - provinces];
		if (p->commune_count == 0)
			p->commune_first = i;
		p->commune_count++;
		if (i > 0 && strcmp(cs[i - 1].code, cs[i].code) == 0)
			return -1;
	}
	return 0;
}

int dm_units_load(const char *csv, size_t len)
{
	if (units_text != NULL)
		return TC_EBUSY;
	int rc = TC_EFORMAT;
	char *text = malloc(len + 1);
	struct dm_commune *cs = calloc(MAX_COMMUNES, sizeof(*cs));
	/* commune -> province code, resolved after provinces are sorted */
	char (*cprov)[3] = calloc(MAX_COMMUNES, sizeof(*cprov));
	if (text == NULL || cs == NULL || cprov == NULL) {
		rc = TC_ENOMEM;
		goto out;
	}
	memcpy(text, csv, len);
	text[len] = '\0';

	size_t np = 0, nc = 0;
	int header = 1;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		size_t ll = strlen(line);
		if (ll && line[ll - 1] == '\r')
			line[--ll] = '\0';
		if (ll == 0)
			continue;
		if (header) {
			header = 0;
			if (strncmp(line, "level,code,", 11) != 0)
				goto out;
			continue;
		}
		if (units_row(line, &np, cs, cprov, &nc) != 0)
			goto out;
	}
	if (np != DM_PROVINCE_COUNT || nc == 0)
		goto out;
	if (units_index(np, cs, cprov, nc) != 0)
		goto out;
	communes = cs;
	n_communes = nc;
	cs = NULL;
	rc = build_unit_names();
	if (rc != TC_OK)
		goto out;
	units_text = text;
	text = NULL;
	rc = TC_OK;
out:
	if (rc != TC_OK) {
		n_provinces = 0;
		memset(provinces, 0, sizeof(provinces));
		if (communes != NULL && cs == NULL) {
			free(communes);
			communes = NULL;
		}
		n_communes = 0;
	}
	free(cs);
	free(cprov);
	free(text);
	return rc;
}

size_t dm_province_count(void) { return n_provinces; }

const struct dm_province *dm_province_at(size_t i)
{
	return i < n_provinces ? &provinces[i] : NULL;
}

const struct dm_province *dm_province_find(const char *code)
{
	if (code == NULL || !is_digits(code, 2))
		return NULL;
	struct dm_province key;
	memcpy(key.code, code, 3);
	return bsearch(&key, provinces, n_provinces, sizeof(provinces[0]), cmp_province);
}

size_t dm_commune_count(void) { return n_communes; }

const struct dm_commune *dm_commune_at(size_t i)
{
	return i < n_communes ? &communes[i] : NULL;
}

const struct dm_commune *dm_commune_find(const char *code)
{
	if (code == NULL || !is_digits(code, 5))
		return NULL;
	/* Sorted by (province, code), not by code alone: search each province's range. */
	for (size_t i = 0; i < n_provinces; i++) {
		const struct dm_province *p = &provinces[i];
		size_t lo = p->commune_first, hi = p->commune_first + p->commune_count;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(communes[mid].code, code);
			if (c == 0)
				return &communes[mid];
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return NULL;
}

size_t dm_unit_count(void) { return n_provinces ? n_provinces + 1 : 0; }

const struct dm_unit *dm_unit_at(size_t i)
{
	return i < dm_unit_count() ? &units[i] : NULL;
}

const struct dm_unit *dm_unit_find(const char *id)
{
	if (id == NULL)
		return NULL;
	if (strcmp(id, "TTCP") == 0)
		return n_provinces ? &units[0] : NULL;
	if (strncmp(id, "TT-", 3) != 0)
		return NULL;
	const struct dm_province *p = dm_province_find(id + 3);
	return p ? p->unit : NULL;
}
