/*
 * tc_https.c - the small blocking HTTPS client of the inspectors' tools (tocao
 * cases, and the desk to come): HTTP/1.1 framing over OpenSSL BIOs; the
 * connection itself is made in tc_platform.c.
 *
 * Certificates are always verified: against the system's CA store, or the
 * file given with --cacert (a development instance's tls/cert.pem), with
 * the host name checked. There is no option to skip verification.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/ssl.h>

#include "tc_https.h"
#include "tc_i18n.h"
#include "tc_platform.h"

#define RESPONSE_MAX (32u << 20)

int https_parse_url(const char *url, char *host, size_t host_cap, char *port, size_t port_cap)
{
	const char *p = url;
	if (strncmp(p, "https://", 8) != 0)
		return -1;
	p += 8;
	size_t hl;
	const char *colon;
	if (*p == '[') { /* [::1]:8443 */
		const char *end = strchr(p, ']');
		if (end == NULL)
			return -1;
		hl = (size_t)(end - p - 1);
		if (hl == 0 || hl >= host_cap)
			return -1;
		memcpy(host, p + 1, hl);
		host[hl] = '\0';
		colon = end[1] == ':' ? end + 1 : NULL;
		p = end + 1;
	} else {
		hl = strcspn(p, ":/");
		if (hl == 0 || hl >= host_cap)
			return -1;
		memcpy(host, p, hl);
		host[hl] = '\0';
		colon = p[hl] == ':' ? p + hl : NULL;
		p += hl;
	}
	if (colon) {
		size_t pl = strcspn(colon + 1, "/");
		if (pl == 0 || pl >= port_cap)
			return -1;
		memcpy(port, colon + 1, pl);
		port[pl] = '\0';
	} else {
		snprintf(port, port_cap, "443");
	}
	return 0;
}

/*
 * Everything the server sends until it closes, at most about RESPONSE_MAX
 * bytes; malloc'd with room for a NUL after *len bytes. NULL if out of memory.
 */
static char *read_all(BIO *bio, size_t *len)
{
	size_t cap = 65536;
	char *buf = malloc(cap + 1);
	*len = 0;
	for (int n; buf && (n = BIO_read(bio, buf + *len, (int)(cap - *len))) > 0;) {
		*len += (size_t)n;
		if (*len == cap) {
			if (cap >= RESPONSE_MAX)
				break;
			char *bigger = realloc(buf, cap * 2 + 1);
			if (bigger == NULL)
				break;
			buf = bigger;
			cap *= 2;
		}
	}
	return buf;
}

/* The status code of a status line's "NNN" (after "HTTP/1.1 "); 0 if not three digits. */
static int status_code(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

int https_request(const char *url, const char *cacert, const char *method, const char *path,
		  const char *bearer, const char *json_body, struct https_response *out)
{
	return https_request_idem(url, cacert, method, path, bearer, json_body, NULL, out);
}

int https_request_idem(const char *url, const char *cacert, const char *method, const char *path,
		       const char *bearer, const char *json_body, const char *idem,
		       struct https_response *out)
{
	char host[256], port[16];
	memset(out, 0, sizeof(*out));
	if (https_parse_url(url, host, sizeof(host), port, sizeof(port)) != 0) {
		snprintf(out->error, sizeof(out->error), "bad server URL (want https://HOST[:PORT])");
		return -1;
	}
	int rc = -1;
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	BIO *bio = NULL;
	char *buf = NULL;
	if (ctx == NULL ||
	    tcp_tls_connect(ctx, cacert, host, port, &bio, out->error, sizeof(out->error)) != 0)
		goto out;
	size_t body_len = json_body ? strlen(json_body) : 0;
	char head[1024];
	int hn = snprintf(head, sizeof(head),
			  "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\nAccept: application/json\r\n"
			  "Accept-Language: %s\r\n%s%s%s%s%s%s%s%s%zu\r\n\r\n",
			  method, path, host,
			  /* the daemon's reasons (problem details) in the inspector's language */
			  tcc_lang_env() == TCC_LANG_VI ? "vi" : "en", bearer ? "Authorization: Bearer " : "", bearer ? bearer : "",
			  bearer ? "\r\n" : "", idem ? "Idempotency-Key: " : "", idem ? idem : "",
			  idem ? "\r\n" : "", json_body ? "Content-Type: application/json\r\n" : "",
			  "Content-Length: ", body_len);
	if (hn < 0 || (size_t)hn >= sizeof(head) || BIO_write(bio, head, hn) != hn ||
	    (body_len && BIO_write(bio, json_body, (int)body_len) != (int)body_len)) {
		snprintf(out->error, sizeof(out->error), "sending the request failed");
		goto out;
	}
	size_t len;
	buf = read_all(bio, &len);
	if (buf == NULL || len < 12 || strncmp(buf, "HTTP/1.1 ", 9) != 0) {
		snprintf(out->error, sizeof(out->error), "no HTTP answer from the server");
		goto out;
	}
	buf[len] = '\0';
	out->status = status_code(buf + 9);
	char *body = strstr(buf, "\r\n\r\n");
	if (body == NULL) {
		snprintf(out->error, sizeof(out->error), "malformed HTTP answer");
		goto out;
	}
	body += 4;
	out->body_len = len - (size_t)(body - buf);
	out->body = malloc(out->body_len + 1);
	if (out->body == NULL)
		goto out;
	memcpy(out->body, body, out->body_len);
	out->body[out->body_len] = '\0';
	rc = 0;
out:
	free(buf);
	BIO_free_all(bio);
	SSL_CTX_free(ctx);
	return rc;
}

void https_response_free(struct https_response *r)
{
	free(r->body);
	r->body = NULL;
}
