#include <stdio.h>

#include <openssl/err.h>

#include "tls.h"

SSL_CTX *tls_ctx_new(const char *cert_file, const char *key_file, char *err, size_t errcap)
{
	/* Errors left over from elsewhere must not be reported as ours. */
	ERR_clear_error();
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	if (ctx == NULL) {
		snprintf(err, errcap, "out of memory");
		return NULL;
	}
	/* TLS 1.2+, AEAD suites, no renegotiation, modern groups (docs/INTERNALS.md §tls). */
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE |
					 SSL_OP_NO_COMPRESSION |
					 /* Tickets could link one visitor's connections. */
					 SSL_OP_NO_TICKET);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	const char *step = "cipher list";
	int ok = SSL_CTX_set_cipher_list(ctx, "ECDHE-ECDSA-AES128-GCM-SHA256:"
					      "ECDHE-RSA-AES128-GCM-SHA256:"
					      "ECDHE-ECDSA-AES256-GCM-SHA384:"
					      "ECDHE-RSA-AES256-GCM-SHA384:"
					      "ECDHE-ECDSA-CHACHA20-POLY1305:"
					      "ECDHE-RSA-CHACHA20-POLY1305") == 1;
	/* TLS 1.3's suites are all AEAD; listed so that a changed default cannot widen them. */
	if (ok) {
		step = "TLS 1.3 suites";
		ok = SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256:"
						   "TLS_AES_256_GCM_SHA384:"
						   "TLS_CHACHA20_POLY1305_SHA256") == 1;
	}
	if (ok) {
		step = "groups";
		ok = SSL_CTX_set1_groups_list(ctx, "X25519:prime256v1:secp384r1") == 1;
	}
	if (ok) {
		step = cert_file;
		ok = SSL_CTX_use_certificate_chain_file(ctx, cert_file) == 1;
	}
	if (ok) {
		step = key_file;
		ok = SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) == 1 &&
		     SSL_CTX_check_private_key(ctx) == 1;
	}
	if (!ok) {
		char why[256];
		ERR_error_string_n(ERR_get_error(), why, sizeof(why));
		snprintf(err, errcap, "%s: %s", step, why);
		ERR_clear_error();
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}
