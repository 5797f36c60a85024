/*
 * platform.h - what tocao needs from the operating system for keys: a
 * secret line from the terminal without echo, and replacing a file
 * atomically. One implementation per platform (platform_posix.c here; a
 * Windows build would bring its own file behind the same functions).
 */
#ifndef TOCAO_PLATFORM_H
#define TOCAO_PLATFORM_H

#include <stddef.h>

/*
 * Show prompt on the controlling terminal and read one line there with
 * echo off (the newline stripped, NUL-terminated, at most cap - 1 bytes).
 * 0, or -1 when there is no terminal to ask on.
 */
int platform_read_secret(const char *prompt, char *buf, size_t cap, size_t *len);

/*
 * Make tmp (a complete, synced file in the same directory as path) be
 * path: rename it over path and sync the directory. 0, or -errno (tmp
 * removed).
 */
int platform_replace_file(const char *tmp, const char *path);
/*
 * Write len bytes to path, a new file of mode 0600 (an existing one is
 * refused with -EEXIST unless overwrite: then truncated and set to 0600; a
 * symbolic link is never followed), synced. 0, or -errno.
 */
int platform_write_private(const char *path, const void *data, size_t len, int overwrite);

/*
 * Open url in the user's browser (xdg-open here), not waiting for it. 0, or
 * -1 when no browser could be started.
 */
int platform_open_browser(const char *url);

#endif
