/* backup_io.h - the file work of tocao backup and restore (cli/backup_io.c). */
#ifndef TOCAO_BACKUP_IO_H
#define TOCAO_BACKUP_IO_H

#include <stddef.h>
#include <stdint.h>

/* Write all of data (EINTR and short writes retried); -errno on failure (-ENOSPC: disk full). */
int backup_write_all(int fd, const uint8_t *data, size_t len);
/* Read a whole file of at most cap bytes; TC_ERANGE if larger. */
int backup_read_small(const char *path, uint8_t *buf, size_t cap, size_t *len);
/* fsync the directory holding path (or path itself if it is a directory). */
int backup_sync_dir(const char *path);
/* rename(from, to) then fsync to's directory: the file is there, whole, after a crash too. */
int backup_publish(const char *from, const char *to);
/* Remove a directory tree the restore made (files and directories, no symbolic links followed). */
void backup_remove_tree(const char *path);

#endif
