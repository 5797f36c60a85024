/* cr_internal.h - helpers shared inside crypto/ only. */
#ifndef TOCAO_CR_INTERNAL_H
#define TOCAO_CR_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Exactly 2n lower-case hex digits into n bytes; TC_EFORMAT otherwise. */
int cr_hex_decode(const char *hex, uint8_t *out, size_t n);
/*
 * Create path (O_EXCL) with exactly mode (not masked by the umask), write
 * text, fsync it and its directory. TC_EEXIST if it exists; TC_EIO (and no
 * file left) if any step fails.
 */
int cr_file_write_new(const char *path, mode_t mode, const char *text, size_t len);
/* Read a file of fewer than cap bytes into buf (NUL-terminated); TC_EFORMAT if larger. */
int cr_file_read_small(const char *path, char *buf, size_t cap, size_t *len);

struct cr_unit_secret;
/* The X25519 secret key inside a unit secret (sodium memory). */
const uint8_t *cr_unit_secret_sk(const struct cr_unit_secret *sec);

#endif
