/*
 * tocao restore --key BACKUP_KEY BACKUP NEWDIR - an instance from a backup.
 *
 * Everything is built in NEWDIR.partial and renamed to NEWDIR only after
 * the last record authenticated (the final tag) and every file was synced:
 * a wrong key, a truncated or altered file, a full disk leave nothing
 * behind. NEWDIR must not exist, or be empty. The backup's bytes are
 * untrusted until authenticated, and even then a restore writes only the
 * names an instance has (instance_backup_name_ok).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backup_io.h"
#include "cli_util.h"
#include "commands.h"
#include "cr.h"
#include "instance.h"
#include "store_backup.h"
#include "tc_clock.h"

#define READ_CHUNK (1u << 20)

struct restore_run {
	char partial[INSTANCE_PATH_MAX / 2]; /* NEWDIR.partial */
	int store_fd;
	uint64_t store_bytes;
	size_t files;
	char problem[3 * INSTANCE_PATH_MAX];
};

/* An instance file from the backup: a known name only, created new, synced. */
static int restore_file(struct restore_run *r, const char *name, const uint8_t *data, size_t len)
{
	char path[INSTANCE_PATH_MAX], sub[INSTANCE_PATH_MAX];
	if (!instance_backup_name_ok(name)) {
		snprintf(r->problem, sizeof(r->problem),
			 "the backup holds a file no instance has (%.100s): refused", name);
		return TC_EFORMAT;
	}
	const char *slash = strchr(name, '/');
	if (slash) {
		snprintf(sub, sizeof(sub), "%s/%.*s", r->partial, (int)(slash - name) & 0xff, name);
		if (mkdir(sub, 0755) != 0 && errno != EEXIST)
			return -errno;
	}
	snprintf(path, sizeof(path), "%s/%s", r->partial, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		      instance_backup_name_secret(name) ? 0600 : 0644);
	if (fd < 0) {
		snprintf(r->problem, sizeof(r->problem), "cannot create %s: %s", path,
			 errno == EEXIST ? "the backup holds it twice" : strerror(errno));
		return -errno;
	}
	int rc = backup_write_all(fd, data, len);
	if (rc == TC_OK && fsync(fd) != 0)
		rc = -errno;
	close(fd);
	r->files++;
	return rc;
}

static int on_record(void *arg, enum cr_backup_record type, const char *name, const uint8_t *data,
		     size_t len)
{
	struct restore_run *r = arg;
	if (type == CR_BK_FILE)
		return restore_file(r, name, data, len);
	if (type == CR_BK_STORE) {
		r->store_bytes += len;
		return backup_write_all(r->store_fd, data, len);
	}
	return TC_OK;
}

/* The backup's bytes through the reader into r->partial. */
static int restore_read(struct restore_run *r, int in, const struct cr_unit_secret *key)
{
	struct cr_backup_reader *rd = NULL;
	uint8_t *buf = malloc(READ_CHUNK);
	int rc = buf ? cr_backup_reader_new(key, on_record, r, &rd) : TC_ENOMEM;
	while (rc == TC_OK) {
		ssize_t n = read(in, buf, READ_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = -errno;
		else if (n == 0)
			rc = cr_backup_reader_finish(rd) == TC_OK ? 1 : TC_EFORMAT;
		else
			rc = cr_backup_reader_feed(rd, buf, (size_t)n);
	}
	if (rc < 0 && r->problem[0] == '\0' && rd != NULL &&
	    strcmp(cr_backup_reader_problem(rd), "no problem") != 0)
		snprintf(r->problem, sizeof(r->problem), "%s", cr_backup_reader_problem(rd));
	cr_backup_reader_free(rd);
	free(buf);
	return rc == 1 ? TC_OK : rc;
}

/* The store's file and the directories synced: then the rename may make it all visible. */
static int restore_sync(struct restore_run *r)
{
	char path[INSTANCE_PATH_MAX];
	if (fsync(r->store_fd) != 0)
		return -errno;
	static const char *const dirs[] = {"store", "units", "principals", "tls", "."};
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", r->partial, dirs[i]);
		struct stat sb;
		if (stat(path, &sb) == 0 && backup_sync_dir(path) != TC_OK)
			return TC_EIO;
	}
	return TC_OK;
}

static int restore_into(struct restore_run *r, int in, const struct cr_unit_secret *key)
{
	char store_dir[INSTANCE_PATH_MAX], data[INSTANCE_PATH_MAX];
	snprintf(store_dir, sizeof(store_dir), "%s/store", r->partial);
	snprintf(data, sizeof(data), "%s/store/" STORE_DATA_FILE, r->partial);
	if (mkdir(r->partial, 0700) != 0 || mkdir(store_dir, 0700) != 0)
		return -errno;
	r->store_fd = open(data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (r->store_fd < 0)
		return -errno;
	int rc = restore_read(r, in, key);
	if (rc == TC_OK)
		rc = restore_sync(r);
	if (close(r->store_fd) != 0 && rc == TC_OK)
		rc = TC_EIO;
	if (rc == -ENOSPC && r->problem[0] == '\0')
		snprintf(r->problem, sizeof(r->problem), "no space left on the device of %s",
			 r->partial);
	return rc;
}

/* 0 if path does not exist or is an empty directory; else why not. */
static const char *target_unfit(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return errno == ENOENT ? NULL : "cannot be examined";
	if (!S_ISDIR(sb.st_mode))
		return "exists and is not a directory";
	DIR *d = opendir(path);
	if (d == NULL)
		return "cannot be read";
	struct dirent *e;
	int empty = 1;
	while (empty && (e = readdir(d)) != NULL)
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	closedir(d);
	return empty ? NULL : "exists and is not empty: restore into a new directory";
}

static int load_backup_key(const char *path, struct cr_unit_secret **out)
{
	int rc = cr_backup_secret_load_pass(path, NULL, 0, out);
	if (rc != TC_ELOCKED)
		return rc;
	char pass[256];
	size_t pass_len = 0;
	if (cli_read_passphrase("Passphrase of the backup key: ", 0, pass, sizeof(pass),
				&pass_len) != 0)
		return TC_ELOCKED;
	rc = cr_backup_secret_load_pass(path, pass, pass_len, out);
	explicit_bzero(pass, sizeof(pass));
	return rc;
}

static int restore_report(const struct restore_run *r, const char *newdir, double secs, int json)
{
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "dir", newdir);
		cJSON_AddNumberToObject(o, "instance_files", (double)r->files);
		cJSON_AddNumberToObject(o, "store_bytes", (double)r->store_bytes);
		cJSON_AddNumberToObject(o, "seconds", secs);
		return cli_print_json(o);
	}
	printf("restored %s: %zu instance files, store %.1f MB, %.2f s\n"
	       "next: tocao verify --data %s\n",
	       newdir, r->files, (double)r->store_bytes / 1e6, secs, newdir);
	return CLI_EXIT_OK;
}

/* Key loaded, target checked: build NEWDIR.partial, then rename it to NEWDIR. */
static int restore_run(const char *backup, const char *newdir, const struct cr_unit_secret *key,
		       struct restore_run *r, int json)
{
	double started = tc_monotonic_now();
	int in = open(backup, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return cli_fail("restore: %s: %s", backup, strerror(errno));
	int rc = restore_into(r, in, key);
	close(in);
	if (rc == TC_OK) {
		rmdir(newdir); /* an empty NEWDIR (checked) gives way */
		rc = backup_publish(r->partial, newdir);
		if (rc != TC_OK)
			snprintf(r->problem, sizeof(r->problem), "renaming %s to %s: %s", r->partial,
				 newdir, tc_strerror(rc));
	}
	if (rc != TC_OK) {
		backup_remove_tree(r->partial);
		return cli_fail("restore: %s: %s; nothing was restored", backup,
				r->problem[0] ? r->problem : tc_strerror(rc));
	}
	return restore_report(r, newdir, tc_monotonic_now() - started, json);
}

int cmd_restore(int argc, char **argv)
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
			puts("Usage: tocao restore --key BACKUP_KEY [--json] BACKUP NEWDIR\n"
			     "Restore an instance (store and files) from a backup made by tocao backup\n"
			     "into NEWDIR, which must not exist or be empty. The key's passphrase comes\n"
			     "from the terminal or TOCAO_PASSPHRASE. Then: tocao verify --data NEWDIR.");
			return CLI_EXIT_OK;
		default: return cli_usage("restore: bad option");
		}
	}
	if (key_path == NULL || optind != argc - 2)
		return cli_usage("restore: give --key BACKUP_KEY BACKUP NEWDIR");
	const char *backup = argv[optind], *newdir = argv[optind + 1];
	struct restore_run r = {.store_fd = -1};
	if (strlen(newdir) + sizeof(".partial") > sizeof(r.partial))
		return cli_usage("restore: NEWDIR is too long");
	const char *why = target_unfit(newdir);
	if (why)
		return cli_fail("restore: %s %s; nothing was changed", newdir, why);
	snprintf(r.partial, sizeof(r.partial), "%s.partial", newdir);
	struct stat sb;
	if (lstat(r.partial, &sb) == 0)
		return cli_fail("restore: %s exists (left by an interrupted restore?): remove it "
				"first", r.partial);
	struct cr_unit_secret *key = NULL;
	int rc = load_backup_key(key_path, &key);
	if (rc != TC_OK)
		return cli_fail("restore: %s: %s", key_path,
				rc == TC_ECRYPTO   ? "wrong passphrase"
				: rc == TC_EFORMAT ? "not a backup secret key (tocao keygen --backup)"
						   : tc_strerror(rc));
	rc = restore_run(backup, newdir, key, &r, json);
	cr_unit_secret_free(key);
	return rc;
}
