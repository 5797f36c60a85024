/*
 * instance_backup.c - which files of an instance a backup carries, and
 * which names a restore accepts (docs/OPERATIONS.md "Backup and restore").
 *
 * Carried: what the daemon needs to start again and answer as before:
 * tocao.conf, server.key (the lookup key: without it no receipt is found
 * again; it opens nothing of a report), the units' public keys, the
 * principals' public keys, the operator's calendar and rule corrections,
 * and the TLS pair under tls/. Never dev-secrets/ (unit and principal
 * secrets of a development instance), and not the store's files, which the
 * store copies itself. A restore writes only names this file accepts, so a
 * crafted backup cannot write outside the new directory.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "instance.h"

static const char *const single_files[] = {
	"tocao.conf", "server.key", INSTANCE_NOTICES_FILE, INSTANCE_RULES_FILE,
	"tls/cert.pem", "tls/key.pem",
};
static const char *const key_dirs[] = {"units", "principals"};

/* A key file's base name: 1-100 of A-Z a-z 0-9 . _ -, not starting with '.', ending ".pub". */
static bool pub_name_ok(const char *base)
{
	size_t n = strlen(base);
	if (n < 5 || n > 100 || base[0] == '.' || strcmp(base + n - 4, ".pub") != 0)
		return false;
	return strspn(base, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

bool instance_backup_name_ok(const char *rel)
{
	for (size_t i = 0; i < sizeof(single_files) / sizeof(single_files[0]); i++)
		if (strcmp(rel, single_files[i]) == 0)
			return true;
	for (size_t i = 0; i < sizeof(key_dirs) / sizeof(key_dirs[0]); i++) {
		size_t n = strlen(key_dirs[i]);
		if (strncmp(rel, key_dirs[i], n) == 0 && rel[n] == '/' && pub_name_ok(rel + n + 1))
			return true;
	}
	return false;
}

bool instance_backup_name_secret(const char *rel)
{
	return strcmp(rel, "server.key") == 0 || strcmp(rel, "tls/key.pem") == 0;
}

static int each_pub(const char *dir, const char *sub, instance_file_fn fn, void *arg)
{
	char path[INSTANCE_PATH_MAX], rel[INSTANCE_PATH_MAX];
	int rc = instance_path(dir, sub, path, sizeof(path));
	if (rc != TC_OK)
		return rc;
	DIR *d = opendir(path);
	if (d == NULL)
		return TC_OK; /* an instance without principals yet */
	struct dirent *e;
	while (rc == TC_OK && (e = readdir(d)) != NULL) {
		if (!pub_name_ok(e->d_name))
			continue;
		snprintf(rel, sizeof(rel), "%s/%s", sub, e->d_name);
		rc = fn(arg, rel);
	}
	closedir(d);
	return rc;
}

int instance_backup_files(const char *dir, instance_file_fn fn, void *arg)
{
	char path[INSTANCE_PATH_MAX];
	int rc = TC_OK;
	for (size_t i = 0; rc == TC_OK && i < sizeof(single_files) / sizeof(single_files[0]); i++) {
		rc = instance_path(dir, single_files[i], path, sizeof(path));
		if (rc == TC_OK && access(path, F_OK) == 0)
			rc = fn(arg, single_files[i]);
	}
	for (size_t i = 0; rc == TC_OK && i < sizeof(key_dirs) / sizeof(key_dirs[0]); i++)
		rc = each_pub(dir, key_dirs[i], fn, arg);
	return rc;
}
