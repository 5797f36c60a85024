/*
 * backup_io.c - writing and removing files for tocao backup and restore:
 * whole writes, synced directories, a tree removed after a failed restore.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backup_io.h"
#include "tc_err.h"

int backup_write_all(int fd, const uint8_t *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return TC_EIO;
		data += n;
		len -= (size_t)n;
	}
	return TC_OK;
}

int backup_read_small(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t have = 0;
	int rc = TC_OK;
	for (;;) {
		ssize_t n = read(fd, buf + have, cap - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			break;
		}
		if (n == 0)
			break;
		have += (size_t)n;
		if (have == cap) {
			char probe;
			rc = read(fd, &probe, 1) == 0 ? TC_OK : TC_ERANGE;
			break;
		}
	}
	close(fd);
	*len = have;
	return rc;
}

int backup_sync_dir(const char *path)
{
	char copy[4096];
	struct stat sb;
	snprintf(copy, sizeof(copy), "%s", path);
	const char *dir = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode) ? copy : dirname(copy);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int rc = fsync(fd) == 0 ? TC_OK : -errno;
	close(fd);
	return rc;
}

int backup_publish(const char *from, const char *to)
{
	if (rename(from, to) != 0)
		return -errno;
	char copy[4096];
	snprintf(copy, sizeof(copy), "%s", to);
	return backup_sync_dir(dirname(copy));
}

static void remove_in(int dirfd, int depth)
{
	DIR *d = fdopendir(dirfd);
	if (d == NULL) {
		close(dirfd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		struct stat sb;
		if (fstatat(dirfd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISDIR(sb.st_mode) && depth < 8) {
			int sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0)
				remove_in(sub, depth + 1);
			unlinkat(dirfd, e->d_name, AT_REMOVEDIR);
		} else {
			unlinkat(dirfd, e->d_name, 0);
		}
	}
	closedir(d);
}

void backup_remove_tree(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	remove_in(fd, 0);
	rmdir(path);
}
