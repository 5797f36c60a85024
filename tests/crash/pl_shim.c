/*
 * pl_shim.c - an LD_PRELOAD library for the power-loss test: records every
 * write and sync the process makes on an LMDB store's files, in order, into
 * the log named by TOCAO_PL_LOG (tests/crash/test_powerloss.py replays it).
 *
 * Why a log of calls and not a copy of the file: SIGKILL leaves the page
 * cache intact, so a killed daemon's file shows every write, synced or not.
 * A power cut keeps only what reached the disk: the writes before the last
 * fsync/fdatasync of the file, the writes made through a descriptor opened
 * with O_DSYNC/O_SYNC (LMDB writes its meta page so), and any subset of the
 * rest. The log lets the test build each of those disks.
 *
 * tocao opens LMDB without MDB_WRITEMAP (store/store.c), so the store is
 * written with pwrite/writev and never through the map: msync is logged but
 * carries no data. Each record is one write(2) on an O_APPEND descriptor, so
 * the test's own markers (acknowledgements it received) interleave with the
 * daemon's records in the order they happened.
 *
 * Record: type(4) file(4) offset(8) length(8), then length bytes for writes.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum { PL_WRITE = 'W', PL_DSYNC_WRITE = 'D', PL_SYNC = 'S', PL_SYNC_ALL = 'A',
       PL_TRUNCATE = 'T', PL_RANGE = 'R', PL_MSYNC = 'Y' };
enum { PL_DATA = 0, PL_LOCK = 1, PL_FDS = 4096 };

struct pl_head {
	uint32_t type, file;
	uint64_t off, len;
};

/* Per descriptor: 0 not a store file; else 1 + file, plus 16 when opened O_DSYNC/O_SYNC. */
static _Atomic unsigned char fd_kind[PL_FDS];
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = -2;

#define REAL(name, ret, ...)                                                   \
	static ret (*real_##name)(__VA_ARGS__);                                \
	if (real_##name == NULL)                                               \
		real_##name = (ret(*)(__VA_ARGS__))dlsym(RTLD_NEXT, #name)

static ssize_t raw_write(int fd, const void *buf, size_t len)
{
	REAL(write, ssize_t, int, const void *, size_t);
	return real_write(fd, buf, len);
}

static int log_open(void)
{
	if (log_fd == -2) {
		const char *path = getenv("TOCAO_PL_LOG");
		REAL(open, int, const char *, int, ...);
		log_fd = path ? real_open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)
			      : -1;
	}
	return log_fd;
}

/* One record, written whole (header and bytes in one buffer, one append). */
static void log_rec(uint32_t type, int file, uint64_t off, const struct iovec *iov, int n)
{
	uint64_t len = 0;
	for (int i = 0; i < n; i++)
		len += iov[i].iov_len;
	size_t total = sizeof(struct pl_head) + (size_t)len;
	unsigned char *buf = malloc(total);
	if (buf == NULL)
		abort(); /* a lost record would make the replay lie */
	struct pl_head h = {.type = type, .file = (uint32_t)file, .off = off, .len = len};
	memcpy(buf, &h, sizeof(h));
	size_t at = sizeof(h);
	for (int i = 0; i < n; i++) {
		memcpy(buf + at, iov[i].iov_base, iov[i].iov_len);
		at += iov[i].iov_len;
	}
	pthread_mutex_lock(&log_lock);
	int fd = log_open();
	for (size_t done = 0; fd >= 0 && done < total;) {
		ssize_t w = raw_write(fd, buf + done, total - done);
		if (w <= 0)
			abort();
		done += (size_t)w;
	}
	pthread_mutex_unlock(&log_lock);
	free(buf);
}

static int kind_of(int fd)
{
	return fd >= 0 && fd < PL_FDS ? fd_kind[fd] : 0;
}

static void track(int fd, const char *path, int flags)
{
	if (fd < 0 || fd >= PL_FDS || path == NULL)
		return;
	size_t n = strlen(path);
	int file = -1;
	if (n >= 8 && strcmp(path + n - 8, "data.mdb") == 0)
		file = PL_DATA;
	else if (n >= 8 && strcmp(path + n - 8, "lock.mdb") == 0)
		file = PL_LOCK;
	unsigned char k = file < 0 ? 0 : (unsigned char)(1 + file);
	if (k && (flags & (O_DSYNC | O_SYNC)))
		k |= 16;
	fd_kind[fd] = k;
}

static void log_written(int fd, uint64_t off, const struct iovec *iov, int n, ssize_t rc)
{
	int k = kind_of(fd);
	if (k == 0 || rc <= 0)
		return;
	/* Only the bytes the call reports as written. */
	struct iovec part[64];
	int m = 0;
	size_t left = (size_t)rc;
	for (int i = 0; i < n && m < 64 && left > 0; i++) {
		part[m].iov_base = iov[i].iov_base;
		part[m].iov_len = iov[i].iov_len < left ? iov[i].iov_len : left;
		left -= part[m++].iov_len;
	}
	log_rec((k & 16) ? PL_DSYNC_WRITE : PL_WRITE, (k & 15) - 1, off, part, m);
}

static void log_mark(uint32_t type, int fd, uint64_t off)
{
	int k = kind_of(fd);
	if (k != 0 || type == PL_SYNC_ALL)
		log_rec(type, k ? (k & 15) - 1 : -1, off, NULL, 0);
}

static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
	REAL(open, int, const char *, int, ...);
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	int fd = real_open(path, flags, mode);
	track(fd, path, flags);
	return fd;
}

int open64(const char *path, int flags, ...)
{
	REAL(open64, int, const char *, int, ...);
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	int fd = real_open64(path, flags, mode);
	track(fd, path, flags);
	return fd;
}

int openat(int dirfd, const char *path, int flags, ...)
{
	REAL(openat, int, int, const char *, int, ...);
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	int fd = real_openat(dirfd, path, flags, mode);
	track(fd, path, flags);
	return fd;
}

int close(int fd)
{
	REAL(close, int, int);
	if (fd >= 0 && fd < PL_FDS)
		fd_kind[fd] = 0;
	return real_close(fd);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	REAL(pwrite, ssize_t, int, const void *, size_t, off_t);
	ssize_t rc = real_pwrite(fd, buf, len, off);
	struct iovec v = {.iov_base = (void *)(uintptr_t)buf, .iov_len = len};
	log_written(fd, (uint64_t)off, &v, 1, rc);
	return rc;
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off_t off)
{
	REAL(pwrite64, ssize_t, int, const void *, size_t, off_t);
	ssize_t rc = real_pwrite64(fd, buf, len, off);
	struct iovec v = {.iov_base = (void *)(uintptr_t)buf, .iov_len = len};
	log_written(fd, (uint64_t)off, &v, 1, rc);
	return rc;
}

ssize_t pwritev(int fd, const struct iovec *iov, int n, off_t off)
{
	REAL(pwritev, ssize_t, int, const struct iovec *, int, off_t);
	ssize_t rc = real_pwritev(fd, iov, n, off);
	log_written(fd, (uint64_t)off, iov, n, rc);
	return rc;
}

ssize_t pwritev64(int fd, const struct iovec *iov, int n, off_t off)
{
	REAL(pwritev64, ssize_t, int, const struct iovec *, int, off_t);
	ssize_t rc = real_pwritev64(fd, iov, n, off);
	log_written(fd, (uint64_t)off, iov, n, rc);
	return rc;
}

/* write/writev: the offset is the descriptor's position before the call (LMDB seeks first). */
static uint64_t position(int fd)
{
	REAL(lseek, off_t, int, off_t, int);
	return kind_of(fd) ? (uint64_t)real_lseek(fd, 0, SEEK_CUR) : 0;
}

ssize_t write(int fd, const void *buf, size_t len)
{
	uint64_t off = position(fd);
	ssize_t rc = raw_write(fd, buf, len);
	struct iovec v = {.iov_base = (void *)(uintptr_t)buf, .iov_len = len};
	log_written(fd, off, &v, 1, rc);
	return rc;
}

ssize_t writev(int fd, const struct iovec *iov, int n)
{
	REAL(writev, ssize_t, int, const struct iovec *, int);
	uint64_t off = position(fd);
	ssize_t rc = real_writev(fd, iov, n);
	log_written(fd, off, iov, n, rc);
	return rc;
}

/* Syncs are logged after they return: only then is the disk known to hold the data. */
int fsync(int fd)
{
	REAL(fsync, int, int);
	int rc = real_fsync(fd);
	if (rc == 0)
		log_mark(PL_SYNC, fd, 0);
	return rc;
}

int fdatasync(int fd)
{
	REAL(fdatasync, int, int);
	int rc = real_fdatasync(fd);
	if (rc == 0)
		log_mark(PL_SYNC, fd, 0);
	return rc;
}

/* Not a barrier (no disk cache flush, no metadata): logged, never counted as a sync. */
int sync_file_range(int fd, off64_t off, off64_t n, unsigned int flags)
{
	REAL(sync_file_range, int, int, off64_t, off64_t, unsigned int);
	int rc = real_sync_file_range(fd, off, n, flags);
	if (rc == 0)
		log_mark(PL_RANGE, fd, (uint64_t)off);
	return rc;
}

void sync(void)
{
	REAL(sync, void, void);
	real_sync();
	log_mark(PL_SYNC_ALL, -1, 0);
}

int syncfs(int fd)
{
	REAL(syncfs, int, int);
	int rc = real_syncfs(fd);
	if (rc == 0)
		log_mark(PL_SYNC_ALL, -1, 0);
	return rc;
}

/* The store is not written through its map (no MDB_WRITEMAP): an msync carries no data. */
int msync(void *addr, size_t len, int flags)
{
	REAL(msync, int, void *, size_t, int);
	int rc = real_msync(addr, len, flags);
	if (rc == 0)
		log_rec(PL_MSYNC, -1, (uint64_t)len, NULL, 0);
	return rc;
}

int ftruncate(int fd, off_t len)
{
	REAL(ftruncate, int, int, off_t);
	int rc = real_ftruncate(fd, len);
	if (rc == 0)
		log_mark(PL_TRUNCATE, fd, (uint64_t)len);
	return rc;
}

int ftruncate64(int fd, off_t len)
{
	REAL(ftruncate64, int, int, off_t);
	int rc = real_ftruncate64(fd, len);
	if (rc == 0)
		log_mark(PL_TRUNCATE, fd, (uint64_t)len);
	return rc;
}
