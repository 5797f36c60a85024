/*
 * desk_directory.c - reading the public key directory (desk_directory.h).
 * Read at each use: the IT office may replace a file while the desk runs.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desk_directory.h"
#include "tc_client.h"
#include "tc_err.h"

#define DIRECTORY_MAX 512

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void names_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* The NAME of every DIR/sub/NAME.pub (at most DIRECTORY_MAX), sorted; NULL if none. */
static char **pub_names(const char *dir, const char *sub, size_t *n)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	DIR *d = opendir(path);
	char **v = d ? calloc(DIRECTORY_MAX, sizeof(*v)) : NULL;
	struct dirent *e;
	*n = 0;
	while (v && *n < DIRECTORY_MAX && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len > 4 && len < 64 && e->d_name[0] != '.' &&
		    strcmp(e->d_name + len - 4, ".pub") == 0 &&
		    (v[*n] = strndup(e->d_name, len - 4)) != NULL)
			(*n)++;
	}
	if (d)
		closedir(d);
	if (v)
		qsort(v, *n, sizeof(*v), by_name);
	return v;
}

int desk_directory_units(const char *dir, struct cr_unit_pub **out, size_t *n)
{
	size_t k = 0;
	char **names = dir ? pub_names(dir, "units", &k) : NULL;
	*out = calloc(k ? k : 1, sizeof(**out));
	*n = 0;
	for (size_t i = 0; *out && i < k; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/units/%s.pub", dir, names[i]);
		if (cr_unit_pub_load(path, &(*out)[*n]) == TC_OK &&
		    strcmp((*out)[*n].unit, names[i]) == 0)
			(*n)++;
	}
	names_free(names, k);
	return *out ? 0 : -1;
}

int desk_directory_staff(const char *dir, const char *unit, struct desk_staff **out, size_t *n)
{
	size_t k = 0;
	char **names = dir ? pub_names(dir, "principals", &k) : NULL;
	*out = calloc(k ? k : 1, sizeof(**out));
	*n = 0;
	for (size_t i = 0; *out && i < k; i++) {
		char path[4096];
		struct cr_signer_pub p;
		snprintf(path, sizeof(path), "%s/principals/%s.pub", dir, names[i]);
		if (cr_signer_pub_load(path, &p) != TC_OK || strcmp(p.role, "inspector") != 0 ||
		    strcmp(p.scope, unit) != 0)
			continue;
		struct desk_staff *s = &(*out)[(*n)++];
		char *b = tcc_b64(p.pk, sizeof(p.pk));
		snprintf(s->name, sizeof(s->name), "%s", names[i]);
		snprintf(s->key, sizeof(s->key), "%s", b ? b : "");
		memcpy(s->pk, p.pk, sizeof(s->pk));
		free(b);
	}
	names_free(names, k);
	return *out ? 0 : -1;
}
