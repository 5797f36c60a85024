#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cr_principal.h"
#include "dm_data.h"
#include "instance.h"

int instance_path(const char *dir, const char *rel, char *out, size_t cap)
{
	int n = rel[0] == '/' ? snprintf(out, cap, "%s", rel) : snprintf(out, cap, "%s/%s", dir, rel);
	return n < 0 || (size_t)n >= cap ? TC_ERANGE : TC_OK;
}

int instance_load_conf(const char *dir, struct tc_conf *conf, char *err, size_t errcap)
{
	char path[INSTANCE_PATH_MAX], why[200] = "";
	int rc = instance_path(dir, "tocao.conf", path, sizeof(path));
	if (rc != TC_OK) {
		snprintf(err, errcap, "instance path too long");
		return rc;
	}
	tc_conf_defaults(conf);
	rc = tc_conf_load(path, conf, why, sizeof(why));
	if (rc != TC_OK)
		snprintf(err, errcap, "%s: %s", path, why);
	return rc;
}

int instance_load_keys(const char *dir, struct instance_keys *keys, char *err, size_t errcap)
{
	char path[INSTANCE_PATH_MAX];
	memset(keys, 0, sizeof(*keys));
	int rc = instance_path(dir, "server.key", path, sizeof(path));
	if (rc == TC_OK)
		rc = cr_server_key_load(path, &keys->server_key);
	if (rc != TC_OK) {
		snprintf(err, errcap, "%s: %s", path, tc_strerror(rc));
		return rc;
	}
	for (size_t i = 0; i < dm_unit_count(); i++) {
		const struct dm_unit *u = dm_unit_at(i);
		char rel[64];
		snprintf(rel, sizeof(rel), "units/%s.pub", u->id);
		if (instance_path(dir, rel, path, sizeof(path)) != TC_OK)
			continue;
		if (access(path, F_OK) != 0) {
			keys->missing++;
			continue;
		}
		rc = cr_unit_pub_load(path, &keys->unit_pubs[i]);
		if (rc == TC_OK && strcmp(keys->unit_pubs[i].unit, u->id) != 0)
			rc = TC_EFORMAT;
		if (rc != TC_OK) {
			snprintf(err, errcap, "%s: %s", path, tc_strerror(rc));
			instance_keys_free(keys);
			return rc;
		}
		keys->unit_keys[i] = &keys->unit_pubs[i];
	}
	return TC_OK;
}

void instance_keys_free(struct instance_keys *keys)
{
	cr_server_key_free(keys->server_key);
	memset(keys, 0, sizeof(*keys));
}

/* A whole optional file of at most MAX_CORRECTION bytes: *buf NULL if absent. */
#define MAX_CORRECTION (256 * 1024)
static int read_optional(const char *path, char **buf, size_t *len, char *err, size_t errcap)
{
	*buf = NULL;
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		if (errno == ENOENT)
			return TC_OK;
		int e = errno;
		snprintf(err, errcap, "%s: %s", path, strerror(e));
		return -e;
	}
	char *b = malloc(MAX_CORRECTION + 1);
	size_t n = b ? fread(b, 1, MAX_CORRECTION + 1, f) : 0;
	int bad = ferror(f);
	fclose(f);
	if (b == NULL)
		return TC_ENOMEM;
	if (bad || n > MAX_CORRECTION) {
		snprintf(err, errcap, "%s: %s", path,
			 bad ? "cannot be read" : "larger than 262144 bytes");
		free(b);
		return TC_EINVAL;
	}
	*buf = b;
	*len = n;
	return TC_OK;
}

int instance_build_domain(const char *dir, const struct dm_snapshot **out, char *err,
			  size_t errcap)
{
	char npath[INSTANCE_PATH_MAX], rpath[INSTANCE_PATH_MAX];
	struct dm_corrections c = {0};
	char *nb = NULL, *rb = NULL;
	*out = NULL;
	int rc = instance_path(dir, INSTANCE_NOTICES_FILE, npath, sizeof(npath));
	if (rc == TC_OK)
		rc = instance_path(dir, INSTANCE_RULES_FILE, rpath, sizeof(rpath));
	if (rc != TC_OK) {
		snprintf(err, errcap, "instance path too long");
		return rc;
	}
	rc = read_optional(npath, &nb, &c.notices_len, err, errcap);
	if (rc == TC_OK)
		rc = read_optional(rpath, &rb, &c.rules_len, err, errcap);
	c.notices = nb;
	c.rules = rb;
	struct dm_parse_error pe = {0};
	enum dm_data_file which = DM_DATA_NONE;
	if (rc == TC_OK) {
		rc = dm_data_build(&c, out, &pe, &which);
		/* The one message a bad file gets, from the daemon and the CLI alike. */
		if (rc != TC_OK && which != DM_DATA_NONE)
			snprintf(err, errcap, "%s:%d: %s", which == DM_DATA_NOTICES ? npath : rpath,
				 pe.line, pe.msg);
		else if (rc != TC_OK)
			snprintf(err, errcap, "domain data: %s", tc_strerror(rc));
	}
	free(nb);
	free(rb);
	return rc;
}

int instance_load_domain(const char *dir, char *err, size_t errcap)
{
	const struct dm_snapshot *s;
	int rc = instance_build_domain(dir, &s, err, errcap);
	if (rc == TC_OK)
		dm_snapshot_install(s);
	return rc;
}

int instance_load_notices(const char *dir, char *err, size_t errcap)
{
	return instance_load_domain(dir, err, errcap);
}

int instance_load_principals(const char *dir, struct principal **out, size_t *n, char *err,
			     size_t errcap)
{
	char path[INSTANCE_PATH_MAX];
	*out = NULL;
	*n = 0;
	int rc = instance_path(dir, "principals", path, sizeof(path));
	if (rc != TC_OK)
		return rc;
	DIR *d = opendir(path);
	if (d == NULL)
		return errno == ENOENT ? TC_OK : -errno;
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".pub") != 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			struct principal *p = realloc(*out, cap * sizeof(**out));
			if (p == NULL) {
				rc = TC_ENOMEM;
				break;
			}
			*out = p;
		}
		char file[INSTANCE_PATH_MAX + 256];
		snprintf(file, sizeof(file), "%s/%s", path, e->d_name);
		rc = cr_signer_pub_load(file, &(*out)[*n].pub);
		if (rc != TC_OK) {
			snprintf(err, errcap, "%s: %s", file, tc_strerror(rc));
			break;
		}
		(*n)++;
	}
	closedir(d);
	if (rc != TC_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
