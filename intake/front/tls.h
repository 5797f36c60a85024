/*
 * tls.h - the server's TLS context: built once at start and again on each
 * reload (SIGHUP), always from the same settings, so that a reloaded
 * certificate can never come with weaker protocols or ciphers.
 */
#ifndef TOCAO_TLS_H
#define TOCAO_TLS_H

#include <stddef.h>

#include <openssl/ssl.h>

/*
 * A new server context for the PEM certificate chain and key, or NULL with
 * a one-line reason (OpenSSL's, naming the file) in err. Nothing partial
 * is ever returned: the key must match the certificate.
 */
SSL_CTX *tls_ctx_new(const char *cert_file, const char *key_file, char *err, size_t errcap);

#endif
