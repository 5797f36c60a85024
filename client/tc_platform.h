/*
 * tc_platform.h - every call of the client library that depends on the
 * operating system, in one small file (tc_platform.c): the TLS connection's
 * trust store and socket, reading a file, the clock, the environment and
 * where the user's configuration lives. A Windows build replaces this file.
 */
#ifndef TOCAO_TC_PLATFORM_H
#define TOCAO_TC_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

/*
 * Set up ctx to verify the server (TLS 1.2+, the CA file or the system's
 * store), then connect and shake hands with host:port, checking the
 * certificate's name or address against host. *bio is set as soon as it
 * exists, for the caller to free. -1 with err set on failure.
 */
int tcp_tls_connect(SSL_CTX *ctx, const char *cacert, const char *host, const char *port,
		    BIO **bio, char *err, size_t err_cap);
/* A whole file, at most max bytes, NUL-terminated (malloc'd); NULL if absent, unreadable or larger. */
char *tcp_read_file(const char *path, size_t max, size_t *len);
/* Seconds since the epoch. */
int64_t tcp_now(void);
/* An environment variable, NULL when unset or empty. */
const char *tcp_getenv(const char *name);
/* The user's client configuration file ($XDG_CONFIG_HOME or ~/.config, /tocao/client.conf). -1 if none. */
int tcp_config_path(char *out, size_t cap);

#endif
