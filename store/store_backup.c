/*
 * store_backup.c - LMDB's own compacting copy, run on a thread of its own
 * into a pipe whose other end is read here and handed to the caller: the
 * copy never touches a disk unless the caller writes it (sealed).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_backup.h"
#include "store_internal.h"

#define READ_CHUNK (1u << 20)

struct copier {
	MDB_env *env;
	int fd; /* the pipe's write end, closed by the copier when done */
	int rc;
};

static void *copier_main(void *arg)
{
	struct copier *c = arg;
	int m = mdb_env_copyfd2(c->env, c->fd, MDB_CP_COMPACT);
	c->rc = m == 0 ? TC_OK : m > 0 ? -m : TC_EIO;
	close(c->fd); /* the reader sees the end */
	return NULL;
}

uint64_t store_used_bytes(struct store *st)
{
	MDB_envinfo info;
	MDB_stat stat;
	if (mdb_env_info(store_env(st), &info) != 0 || mdb_env_stat(store_env(st), &stat) != 0)
		return 0;
	return (uint64_t)(info.me_last_pgno + 1) * stat.ms_psize;
}

/* Read the pipe to its end, handing bytes to sink until it fails (then only draining). */
static int pump(int fd, uint8_t *buf, store_sink_fn sink, void *arg, uint64_t *bytes)
{
	int sink_rc = TC_OK, read_rc = TC_OK;
	for (;;) {
		ssize_t n = read(fd, buf, READ_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			read_rc = -errno;
			break;
		}
		if (n == 0)
			break;
		if (sink_rc == TC_OK) {
			sink_rc = sink(arg, buf, (size_t)n);
			*bytes += (uint64_t)n;
		}
	}
	return sink_rc != TC_OK ? sink_rc : read_rc;
}

int store_backup(struct store *st, store_sink_fn sink, void *arg, uint64_t *bytes)
{
	int fds[2];
	*bytes = 0;
	uint8_t *buf = malloc(READ_CHUNK);
	if (buf == NULL)
		return TC_ENOMEM;
	if (pipe(fds) != 0) {
		free(buf);
		return -errno;
	}
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	struct copier c = {.env = store_env(st), .fd = fds[1], .rc = TC_OK};
	pthread_t t;
	if (pthread_create(&t, NULL, copier_main, &c) != 0) {
		close(fds[0]);
		close(fds[1]);
		free(buf);
		return TC_ENOMEM;
	}
	int rc = pump(fds[0], buf, sink, arg, bytes);
	pthread_join(t, NULL);
	close(fds[0]);
	free(buf);
	return rc != TC_OK ? rc : c.rc;
}
