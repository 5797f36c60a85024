/*
 * tocao backup --data DIR --to BACKUP_KEY.pub OUT - a sealed hot copy.
 *
 * The store's compacted copy (LMDB's own, from one read transaction, so
 * the daemon goes on serving) flows from a pipe through the sealing stream
 * into OUT.tmp; the instance files come first. Nothing in plaintext ever
 * reaches a disk. OUT appears (fsync, rename, fsync of the directory) only
 * once the whole file is written; on any error OUT.tmp is removed and OUT
 * does not exist (docs/OPERATIONS.md "Backup and restore").
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
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
#include "store.h"
#include "store_backup.h"
#include "tc_clock.h"

struct backup_run {
	const char *dir;
	int fd;                       /* OUT.tmp */
	struct cr_backup_writer *w;
	uint64_t out_bytes, store_bytes, used_bytes;
	size_t files;
	int tty;
	double started, last_progress;
	char problem[3 * INSTANCE_PATH_MAX];
};

/* The writer's output: everything to OUT.tmp, a full disk said as such. */
static int write_out(void *arg, const uint8_t *data, size_t len)
{
	struct backup_run *b = arg;
	int rc = backup_write_all(b->fd, data, len);
	if (rc == -ENOSPC)
		snprintf(b->problem, sizeof(b->problem),
			 "no space left on the backup's device after %llu bytes",
			 (unsigned long long)b->out_bytes);
	else if (rc != TC_OK)
		snprintf(b->problem, sizeof(b->problem), "writing the backup: %s", tc_strerror(rc));
	else
		b->out_bytes += len;
	return rc;
}

static void progress(struct backup_run *b, int last)
{
	double now = tc_monotonic_now();
	if (!b->tty || (!last && now - b->last_progress < 0.25))
		return;
	b->last_progress = now;
	double pct = b->used_bytes ? 100.0 * (double)b->store_bytes / (double)b->used_bytes : 100;
	fprintf(stderr, "\rbackup: %.1f MB of at most %.1f MB (%3.0f%%)%s",
		(double)b->store_bytes / 1e6, (double)b->used_bytes / 1e6,
		last ? 100.0 : (pct > 99 ? 99 : pct), last ? "\n" : "");
}

static int store_bytes_in(void *arg, const uint8_t *data, size_t len)
{
	struct backup_run *b = arg;
	int rc = cr_backup_put_store(b->w, data, len);
	b->store_bytes += len;
	progress(b, 0);
	return rc;
}

static int one_file(void *arg, const char *rel)
{
	struct backup_run *b = arg;
	char path[INSTANCE_PATH_MAX];
	uint8_t *buf = malloc(CR_BACKUP_FILE_MAX);
	size_t len = 0;
	int rc = buf ? instance_path(b->dir, rel, path, sizeof(path)) : TC_ENOMEM;
	if (rc == TC_OK)
		rc = backup_read_small(path, buf, CR_BACKUP_FILE_MAX, &len);
	if (rc == TC_ERANGE)
		snprintf(b->problem, sizeof(b->problem), "%s is larger than %u bytes", path,
			 (unsigned)CR_BACKUP_FILE_MAX);
	else if (rc != TC_OK)
		snprintf(b->problem, sizeof(b->problem), "reading %s: %s", path, tc_strerror(rc));
	if (rc == TC_OK)
		rc = cr_backup_put_file(b->w, rel, buf, len);
	if (buf) {
		explicit_bzero(buf, len); /* server.key and the TLS key pass through here */
		free(buf);
	}
	b->files++;
	return rc;
}

/* The whole stream into b->fd: header, instance files, the store, the end record. */
static int backup_stream(struct backup_run *b, struct store *st, const struct cr_unit_pub *to)
{
	int rc = cr_backup_writer_new(to, write_out, b, &b->w);
	if (rc == TC_OK)
		rc = instance_backup_files(b->dir, one_file, b);
	if (rc == TC_OK) {
		uint64_t copied = 0;
		b->used_bytes = store_used_bytes(st);
		rc = store_backup(st, store_bytes_in, b, &copied);
		if (rc != TC_OK && b->problem[0] == '\0')
			snprintf(b->problem, sizeof(b->problem), "copying the store: %s",
				 tc_strerror(rc));
	}
	if (rc == TC_OK)
		rc = cr_backup_finish(b->w);
	if (rc == TC_OK && fsync(b->fd) != 0) {
		rc = errno == ENOSPC ? -ENOSPC : TC_EIO;
		snprintf(b->problem, sizeof(b->problem), "syncing the backup: %s", strerror(errno));
	}
	progress(b, 1);
	cr_backup_writer_free(b->w);
	b->w = NULL;
	return rc;
}

static int backup_report(const struct backup_run *b, const char *out, uint64_t cases, int json)
{
	double secs = tc_monotonic_now() - b->started;
	if (secs <= 0)
		secs = 1e-6;
	double mbs = (double)b->store_bytes / 1e6 / secs, cps = (double)cases / secs;
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "file", out);
		cJSON_AddNumberToObject(o, "cases", (double)cases);
		cJSON_AddNumberToObject(o, "instance_files", (double)b->files);
		cJSON_AddNumberToObject(o, "store_bytes", (double)b->store_bytes);
		cJSON_AddNumberToObject(o, "file_bytes", (double)b->out_bytes);
		cJSON_AddNumberToObject(o, "seconds", secs);
		cJSON_AddNumberToObject(o, "mb_per_s", mbs);
		cJSON_AddNumberToObject(o, "cases_per_s", cps);
		return cli_print_json(o);
	}
	printf("backup   %s\ncases    %llu\nfiles    %zu instance files\nstore    %.1f MB "
	       "(compacted copy)\nfile     %.1f MB sealed\ntime     %.2f s: %.1f MB/s, %.0f cases/s\n",
	       out, (unsigned long long)cases, b->files, (double)b->store_bytes / 1e6,
	       (double)b->out_bytes / 1e6, secs, mbs, cps);
	return CLI_EXIT_OK;
}

static void backup_help(void)
{
	puts("Usage: tocao backup --data DIR --to BACKUP_KEY.pub [--json] OUT\n"
	     "A consistent copy of a running instance (its store, compacted, and the files\n"
	     "it needs to start again), sealed to the operator's backup key (tocao keygen\n"
	     "--backup). Written to OUT.tmp, synced, then renamed to OUT; OUT must not exist.\n"
	     "Restore with tocao restore --key BACKUP_KEY OUT NEWDIR.");
}

/* Open the store beside the daemon and stream into OUT.tmp, then rename it to OUT. */
static int backup_run_to(struct backup_run *b, const struct cr_unit_pub *to, const char *out,
			 int json)
{
	char store_dir[INSTANCE_PATH_MAX], tmp[INSTANCE_PATH_MAX];
	struct store *st = NULL;
	struct store_options so = {.dir = store_dir, .read_only = true};
	int rc = instance_path(b->dir, "store", store_dir, sizeof(store_dir));
	if (rc == TC_OK)
		rc = store_open(&so, &st);
	if (rc != TC_OK)
		return cli_fail("backup: the store of %s: %s", b->dir, tc_strerror(rc));
	struct store_stats ss;
	store_stats(st, &ss);
	snprintf(tmp, sizeof(tmp), "%s.tmp", out);
	b->fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (b->fd < 0) {
		store_close(st);
		return cli_fail("backup: cannot create %s: %s", tmp, strerror(errno));
	}
	rc = backup_stream(b, st, to);
	store_close(st);
	if (close(b->fd) != 0 && rc == TC_OK)
		rc = TC_EIO;
	if (rc == TC_OK && (rc = backup_publish(tmp, out)) != TC_OK)
		snprintf(b->problem, sizeof(b->problem), "renaming %s to %s: %s", tmp, out,
			 tc_strerror(rc));
	if (rc != TC_OK) {
		unlink(tmp);
		return cli_fail("backup: %s; nothing was kept (%s removed)",
				b->problem[0] ? b->problem : tc_strerror(rc), tmp);
	}
	return backup_report(b, out, ss.cases, json);
}

int cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"to", required_argument, NULL, 't'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *to_path = NULL, *dir = NULL;
	int json = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 't': to_path = optarg; break;
		case 'j': json = 1; break;
		case 'h': backup_help(); return CLI_EXIT_OK;
		default: return cli_usage("backup: bad option");
		}
	}
	if (dir == NULL || to_path == NULL || optind != argc - 1)
		return cli_usage("backup: give --data DIR --to BACKUP_KEY.pub OUT");
	const char *out = argv[optind];
	struct cr_unit_pub to;
	int rc = cr_backup_pub_load(to_path, &to);
	if (rc != TC_OK)
		return cli_fail("backup: %s: %s", to_path,
				rc == TC_EFORMAT ? "not a backup public key (tocao keygen --backup)"
						 : tc_strerror(rc));
	struct stat sb;
	if (lstat(out, &sb) == 0)
		return cli_fail("backup: %s exists already: choose a new name", out);
	struct backup_run b = {.dir = dir, .fd = -1, .tty = isatty(2), .started = tc_monotonic_now()};
	return backup_run_to(&b, &to, out, json);
}
