/* platform_posix.c - platform.h for POSIX systems: /dev/tty with termios, rename(2). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <spawn.h>
#include <unistd.h>

extern char **environ;

#include "platform.h"

int platform_read_secret(const char *prompt, char *buf, size_t cap, size_t *len)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct termios old, quiet;
	int have_termios = tcgetattr(fd, &old) == 0;
	if (have_termios) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* nothing to do: the read below still works */
	}
	size_t n = 0;
	char ch;
	ssize_t r = 0;
	while (n + 1 < cap && (r = read(fd, &ch, 1)) == 1 && ch != '\n')
		buf[n++] = ch;
	buf[n] = '\0';
	ch = 0;
	if (have_termios)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0) {
		/* as above */
	}
	close(fd);
	*len = n;
	return r < 0 ? -1 : 0;
}

int platform_replace_file(const char *tmp, const char *path)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	if (rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		return -e;
	}
	int fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int rc = fsync(fd) == 0 ? 0 : -errno;
	close(fd);
	return rc;
}

int platform_write_private(const char *path, const void *data, size_t len, int overwrite)
{
	int flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (overwrite ? O_TRUNC : O_EXCL);
	int fd = open(path, flags, 0600);
	if (fd < 0)
		return -errno;
	int rc = fchmod(fd, 0600) == 0 ? 0 : -errno;
	const char *p = data;
	while (rc == 0 && len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -errno : -EIO;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	if (rc == 0 && fsync(fd) != 0)
		rc = -errno;
	if (close(fd) != 0 && rc == 0)
		rc = -errno;
	return rc;
}

int platform_open_browser(const char *url)
{
	pid_t pid;
	posix_spawn_file_actions_t fa;
	char prog[] = "xdg-open", *copy = strdup(url);
	char *argv[] = {prog, copy, NULL};
	if (copy == NULL || posix_spawn_file_actions_init(&fa) != 0) {
		free(copy);
		return -1;
	}
	/* The browser's own chatter does not belong on the desk's terminal. */
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	int rc = posix_spawnp(&pid, "xdg-open", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	explicit_bzero(copy, strlen(copy)); /* it holds the one-time token */
	free(copy);
	return rc == 0 ? 0 : -1;
}
