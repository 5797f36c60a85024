/* tc_https.h - a blocking HTTPS request that always verifies the server. */
#ifndef TOCAO_HTTPS_CLIENT_H
#define TOCAO_HTTPS_CLIENT_H

#include <stddef.h>

struct https_response {
	int status;
	char *body;        /* NUL-terminated; free with https_response_free */
	size_t body_len;
	char error[256];   /* why the request failed, when it returns non-zero */
};

/* "https://host[:port]" into host and port ("443" by default). */
int https_parse_url(const char *url, char *host, size_t host_cap, char *port, size_t port_cap);

/*
 * One request (Connection: close). cacert: a PEM file to trust instead of
 * the system's CA store, or NULL. bearer: a session token or NULL.
 * json_body: sent as application/json, or NULL. 0 when an HTTP answer
 * came back (whatever its status).
 */
int https_request(const char *url, const char *cacert, const char *method, const char *path,
		  const char *bearer, const char *json_body, struct https_response *out);
/* The same with an Idempotency-Key header (idem: visible ASCII, or NULL for none). */
int https_request_idem(const char *url, const char *cacert, const char *method, const char *path,
		       const char *bearer, const char *json_body, const char *idem,
		       struct https_response *out);
void https_response_free(struct https_response *r);

#endif
