/*
 * web_seal.c - one-time form tokens and the sealed cookie of the citizen's
 * pages (web_seal.h).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "web_seal.h"

/* The cookie's wrapping secret: a purpose of its own, apart from idempotency keys. */
static const char seal_purpose[] = "tocao page cookie v1";

/* case id, receipt, flags, expiry (8 bytes, big-endian). */
#define PLAIN_LEN (STORE_CASE_ID_LEN + CR_RECEIPT_LEN + 1 + 8)
#define SEALED_LEN (PLAIN_LEN + CR_WRAP_OVERHEAD)

static void hex_encode(const uint8_t *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static bool hex_decode(const char *in, size_t len, uint8_t *out, size_t n)
{
	if (len != 2 * n)
		return false;
	for (size_t i = 0; i < n; i++) {
		int hi = hex_digit(in[2 * i]), lo = hex_digit(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

void web_token_new(char out[WEB_TOKEN_LEN + 1])
{
	uint8_t raw[WEB_TOKEN_BYTES];
	cr_random(raw, sizeof(raw));
	hex_encode(raw, sizeof(raw), out);
	explicit_bzero(raw, sizeof(raw));
}

bool web_token_valid(const char *s)
{
	if (s == NULL || strlen(s) != WEB_TOKEN_LEN)
		return false;
	for (size_t i = 0; i < WEB_TOKEN_LEN; i++)
		if (hex_digit(s[i]) < 0)
			return false;
	return true;
}

const char *web_cookie_value(const char *header, const char *name, size_t *len)
{
	const size_t name_len = strlen(name);
	for (const char *p = header; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n > name_len && strncmp(p, name, name_len) == 0 && p[name_len] == '=') {
			*len = n - name_len - 1;
			return p + name_len + 1;
		}
		p = end;
	}
	return NULL;
}

int web_cookie_seal(struct evhttp_request *req, const struct cr_server_key *key,
		    const char *name, struct web_sealed *v)
{
	uint8_t plain[PLAIN_LEN], sealed[SEALED_LEN];
	char hex[2 * SEALED_LEN + 1], header[2 * SEALED_LEN + 128];
	v->expires = (int64_t)time(NULL) + WEB_SEAL_TTL_S;
	memcpy(plain, v->case_id, STORE_CASE_ID_LEN);
	memcpy(plain + STORE_CASE_ID_LEN, v->receipt, CR_RECEIPT_LEN);
	plain[STORE_CASE_ID_LEN + CR_RECEIPT_LEN] = v->flags;
	for (int i = 0; i < 8; i++)
		plain[PLAIN_LEN - 1 - i] = (uint8_t)((uint64_t)v->expires >> (8 * i));
	int rc = cr_wrap(key, (const uint8_t *)seal_purpose, strlen(seal_purpose), plain,
			 PLAIN_LEN, sealed);
	explicit_bzero(plain, sizeof(plain));
	if (rc != TC_OK)
		return rc;
	hex_encode(sealed, SEALED_LEN, hex);
	/* No Max-Age: a session cookie; the expiry that counts is the sealed one. */
	snprintf(header, sizeof(header), "%s=%s; Path=/; Secure; HttpOnly; SameSite=Strict", name,
		 hex);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Set-Cookie", header);
	explicit_bzero(header, sizeof(header));
	return TC_OK;
}

int web_cookie_open(struct evhttp_request *req, const struct cr_server_key *key,
		    const char *name, struct web_sealed *out)
{
	uint8_t plain[PLAIN_LEN], sealed[SEALED_LEN];
	size_t n = 0;
	memset(out, 0, sizeof(*out));
	const char *h = evhttp_find_header(evhttp_request_get_input_headers(req), "Cookie");
	const char *v = web_cookie_value(h, name, &n);
	if (v == NULL)
		return TC_ENOENT;
	if (!hex_decode(v, n, sealed, SEALED_LEN) ||
	    cr_unwrap(key, (const uint8_t *)seal_purpose, strlen(seal_purpose), sealed, SEALED_LEN,
		      plain) != TC_OK)
		return TC_ECRYPTO;
	uint64_t exp = 0;
	for (int i = 0; i < 8; i++)
		exp = exp << 8 | plain[STORE_CASE_ID_LEN + CR_RECEIPT_LEN + 1 + i];
	int rc = TC_OK;
	if ((int64_t)exp < (int64_t)time(NULL)) {
		rc = TC_ESTATE;
	} else {
		memcpy(out->case_id, plain, STORE_CASE_ID_LEN);
		memcpy(out->receipt, plain + STORE_CASE_ID_LEN, CR_RECEIPT_LEN);
		out->flags = plain[STORE_CASE_ID_LEN + CR_RECEIPT_LEN];
		out->expires = (int64_t)exp;
	}
	explicit_bzero(plain, sizeof(plain));
	return rc;
}

void web_cookie_clear(struct evhttp_request *req, const char *name)
{
	char header[128];
	snprintf(header, sizeof(header), "%s=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict",
		 name);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Set-Cookie", header);
}

/* ---- Message tokens: a ring of the last ones used, shared by every loop ---- */

static pthread_mutex_t msg_lock = PTHREAD_MUTEX_INITIALIZER;
static uint8_t msg_used[WEB_MSG_TOKENS][CR_HASH_BYTES];
static size_t msg_next;

bool web_msg_token_claim(const uint8_t hash[CR_HASH_BYTES])
{
	bool fresh = true;
	pthread_mutex_lock(&msg_lock);
	for (size_t i = 0; i < WEB_MSG_TOKENS && fresh; i++)
		if (memcmp(msg_used[i], hash, CR_HASH_BYTES) == 0)
			fresh = false;
	if (fresh) {
		memcpy(msg_used[msg_next], hash, CR_HASH_BYTES);
		msg_next = (msg_next + 1) % WEB_MSG_TOKENS;
	}
	pthread_mutex_unlock(&msg_lock);
	return fresh;
}

void web_msg_token_release(const uint8_t hash[CR_HASH_BYTES])
{
	pthread_mutex_lock(&msg_lock);
	for (size_t i = 0; i < WEB_MSG_TOKENS; i++)
		if (memcmp(msg_used[i], hash, CR_HASH_BYTES) == 0)
			memset(msg_used[i], 0, CR_HASH_BYTES);
	pthread_mutex_unlock(&msg_lock);
}
