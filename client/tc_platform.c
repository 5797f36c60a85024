/*
 * tc_platform.c - the POSIX side of the client library (tc_platform.h).
 *
 * Certificates are always verified: against the system's CA store, or the
 * file given (a development instance's tls/cert.pem), with the host name
 * checked. There is no option to skip verification.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "tc_platform.h"

int tcp_tls_connect(SSL_CTX *ctx, const char *cacert, const char *host, const char *port,
		    BIO **bio, char *err, size_t err_cap)
{
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if ((cacert ? SSL_CTX_load_verify_locations(ctx, cacert, NULL)
		    : SSL_CTX_set_default_verify_paths(ctx)) != 1) {
		snprintf(err, err_cap, "cannot load the CA certificates%s%s", cacert ? " from " : "",
			 cacert ? cacert : "");
		return -1;
	}
	*bio = BIO_new_ssl_connect(ctx);
	SSL *ssl = NULL;
	if (*bio == NULL || BIO_get_ssl(*bio, &ssl) != 1 || ssl == NULL)
		return -1;
	char hostport[300];
	snprintf(hostport, sizeof(hostport), "%s:%s", host, port);
	BIO_set_conn_hostname(*bio, hostport);
	/* Check the name (or address) in the certificate against what we dialled. */
	X509_VERIFY_PARAM *param = SSL_get0_param(ssl);
	if (X509_VERIFY_PARAM_set1_ip_asc(param, host) != 1)
		X509_VERIFY_PARAM_set1_host(param, host, 0);
	/* OpenSSL's macro casts its argument to void *: hand it a writable copy. */
	char sni[256];
	snprintf(sni, sizeof(sni), "%s", host);
	SSL_set_tlsext_host_name(ssl, sni);
	if (BIO_do_connect(*bio) != 1 || BIO_do_handshake(*bio) != 1 ||
	    SSL_get_verify_result(ssl) != X509_V_OK) {
		unsigned long e = ERR_get_error();
		snprintf(err, err_cap, "cannot connect securely to %.120s: %.100s", hostport,
			 e ? ERR_reason_error_string(e) : "certificate not trusted");
		return -1;
	}
	return 0;
}

char *tcp_read_file(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	char *buf = malloc(max + 1);
	size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
	int bad = ferror(f);
	fclose(f);
	if (buf == NULL || n > max || bad) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

int64_t tcp_now(void)
{
	return (int64_t)time(NULL);
}

const char *tcp_getenv(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

int tcp_config_path(char *out, size_t cap)
{
	const char *xdg = tcp_getenv("XDG_CONFIG_HOME"), *home = tcp_getenv("HOME");
	int n = xdg ? snprintf(out, cap, "%s/tocao/client.conf", xdg)
		    : home ? snprintf(out, cap, "%s/.config/tocao/client.conf", home) : -1;
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}
