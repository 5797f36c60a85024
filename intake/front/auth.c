#include <stdlib.h>
#include <strings.h>
#include <time.h>
#include <pthread.h>
#include <string.h>

#include "auth.h"
#include "tc_base64.h"
#include "tc_clock.h"

#define CHALLENGES 1024
/*
 * Sessions in a set-associative table: the bucket comes from the token's
 * keyed hash (random to anyone without server.key), so a lookup reads 8
 * slots, not 4,096, and nobody can aim their sessions at another's bucket.
 */
#define SESSION_WAYS 8
#define SESSION_BUCKETS 512
#define SESSIONS (SESSION_WAYS * SESSION_BUCKETS)

struct challenge {
	uint8_t bytes[AUTH_CHALLENGE_BYTES];
	double expires; /* 0: free or used */
};

struct session {
	uint8_t token_hash[CR_HASH_BYTES];
	const struct principal *who;
	double expires; /* 0: free */
};

struct auth {
	pthread_mutex_t lock;        /* every loop thread shares the sessions */
	const struct cr_server_key *key;
	struct principal *principals;
	size_t n_principals;
	struct challenge challenges[CHALLENGES];
	size_t next_challenge; /* a ring: the oldest is overwritten first */
	struct session sessions[SESSIONS];
};

struct auth *auth_new(const struct principal *principals, size_t n, const struct cr_server_key *key)
{
	struct auth *a = calloc(1, sizeof(*a));
	if (a == NULL)
		return NULL;
	a->principals = calloc(n ? n : 1, sizeof(*principals));
	if (a->principals == NULL) {
		free(a);
		return NULL;
	}
	if (n)
		memcpy(a->principals, principals, n * sizeof(*principals));
	a->n_principals = n;
	a->key = key;
	pthread_mutex_init(&a->lock, NULL);
	return a;
}

void auth_free(struct auth *a)
{
	if (a == NULL)
		return;
	free(a->principals);
	pthread_mutex_destroy(&a->lock);
	explicit_bzero(a, sizeof(*a));
	free(a);
}

int auth_challenge(struct auth *a, double now, uint8_t out[AUTH_CHALLENGE_BYTES])
{
	pthread_mutex_lock(&a->lock);
	struct challenge *c = &a->challenges[a->next_challenge];
	a->next_challenge = (a->next_challenge + 1) % CHALLENGES;
	cr_random(c->bytes, sizeof(c->bytes));
	c->expires = now + AUTH_CHALLENGE_TTL;
	memcpy(out, c->bytes, AUTH_CHALLENGE_BYTES);
	pthread_mutex_unlock(&a->lock);
	return TC_OK;
}

void auth_signed_bytes(const uint8_t challenge[AUTH_CHALLENGE_BYTES],
		       const uint8_t pk[CR_SIGN_PK_BYTES], uint8_t out[AUTH_SIGNED_LEN])
{
	/* The layout is crypto's (cr_session_signed_message), shared with the CLI that signs. */
	_Static_assert(AUTH_SIGNED_LEN == CR_SESSION_SIGNED_BYTES &&
			       AUTH_CHALLENGE_BYTES == CR_SESSION_CHALLENGE_BYTES,
		       "auth.h's sizes are crypto's session sign-in sizes");
	cr_session_signed_message(challenge, pk, out);
}

static void token_hash(const struct auth *a, const uint8_t token[AUTH_TOKEN_BYTES],
		       uint8_t out[CR_HASH_BYTES])
{
	cr_keyed_hash(a->key, "session", token, AUTH_TOKEN_BYTES, out);
}

static struct session *bucket_of(struct auth *a, const uint8_t h[CR_HASH_BYTES])
{
	return &a->sessions[((size_t)h[0] << 8 | h[1]) % SESSION_BUCKETS * SESSION_WAYS];
}

static int login_locked(struct auth *a, double now, const uint8_t pk[CR_SIGN_PK_BYTES],
			const uint8_t challenge[AUTH_CHALLENGE_BYTES], const uint8_t sig[CR_SIG_BYTES],
			uint8_t token[AUTH_TOKEN_BYTES], const struct principal **who)
{
	const struct principal *p = NULL;
	for (size_t i = 0; i < a->n_principals; i++)
		if (cr_equal(a->principals[i].pub.pk, pk, CR_SIGN_PK_BYTES))
			p = &a->principals[i];
	struct challenge *c = NULL;
	for (size_t i = 0; i < CHALLENGES; i++)
		if (a->challenges[i].expires > now &&
		    cr_equal(a->challenges[i].bytes, challenge, AUTH_CHALLENGE_BYTES))
			c = &a->challenges[i];
	if (p == NULL || c == NULL)
		return TC_ECRYPTO;
	uint8_t msg[AUTH_SIGNED_LEN];
	auth_signed_bytes(challenge, pk, msg);
	if (cr_sign_verify(pk, msg, sizeof(msg), sig) != TC_OK)
		return TC_ECRYPTO;
	c->expires = 0; /* single use: a replayed signature finds no challenge */

	/* In the token's bucket: a free or expired slot, else the one closest to expiry. */
	uint8_t h[CR_HASH_BYTES];
	cr_random(token, AUTH_TOKEN_BYTES);
	token_hash(a, token, h);
	struct session *bucket = bucket_of(a, h), *s = &bucket[0];
	for (size_t i = 0; i < SESSION_WAYS; i++) {
		if (bucket[i].expires <= now) {
			s = &bucket[i];
			break;
		}
		if (bucket[i].expires < s->expires)
			s = &bucket[i];
	}
	memcpy(s->token_hash, h, sizeof(h));
	s->who = p;
	s->expires = now + AUTH_SESSION_TTL;
	*who = p;
	return TC_OK;
}

/* Under the lock, so that a challenge is consumed once whichever loop sees it. */
int auth_login(struct auth *a, double now, const uint8_t pk[CR_SIGN_PK_BYTES],
	       const uint8_t challenge[AUTH_CHALLENGE_BYTES], const uint8_t sig[CR_SIG_BYTES],
	       uint8_t token[AUTH_TOKEN_BYTES], const struct principal **who)
{
	pthread_mutex_lock(&a->lock);
	int rc = login_locked(a, now, pk, challenge, sig, token, who);
	pthread_mutex_unlock(&a->lock);
	return rc;
}

static struct session *find(struct auth *a, double now, const uint8_t token[AUTH_TOKEN_BYTES])
{
	uint8_t h[CR_HASH_BYTES];
	token_hash(a, token, h);
	struct session *bucket = bucket_of(a, h);
	for (size_t i = 0; i < SESSION_WAYS; i++)
		if (bucket[i].expires > now && cr_equal(bucket[i].token_hash, h, sizeof(h)))
			return &bucket[i];
	return NULL;
}

const struct principal *auth_check(struct auth *a, double now, const uint8_t token[AUTH_TOKEN_BYTES])
{
	pthread_mutex_lock(&a->lock);
	struct session *s = find(a, now, token);
	const struct principal *p = s ? s->who : NULL;
	pthread_mutex_unlock(&a->lock);
	return p; /* principals are copied once and never change: safe unlocked */
}

int auth_logout(struct auth *a, const uint8_t token[AUTH_TOKEN_BYTES])
{
	pthread_mutex_lock(&a->lock);
	struct session *s = find(a, 0, token);
	if (s != NULL)
		memset(s, 0, sizeof(*s));
	pthread_mutex_unlock(&a->lock);
	return s ? TC_OK : TC_ENOENT;
}

double auth_now(void)
{
	return tc_monotonic_now();
}

int auth_token_decode(const char *s, size_t n, uint8_t token[AUTH_TOKEN_BYTES])
{
	uint8_t buf[64];
	size_t got = 0;
	/* A pasted code may carry spaces or a line end around it. */
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	while (n > 0 && *s == ' ') {
		s++;
		n--;
	}
	int rc = n > 0 && n <= 64 && tc_base64_decode(s, n, buf, &got) == TC_OK &&
			 got == AUTH_TOKEN_BYTES
		 ? TC_OK
		 : TC_EINVAL;
	if (rc == TC_OK)
		memcpy(token, buf, AUTH_TOKEN_BYTES);
	explicit_bzero(buf, sizeof(buf));
	return rc;
}

int auth_bearer_token(const char *h, uint8_t token[AUTH_TOKEN_BYTES])
{
	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
		return TC_EINVAL;
	return auth_token_decode(h + 7, strlen(h + 7), token);
}

/* The value of the cookie name in a Cookie header, or NULL; *len its length. */
static const char *cookie_value(const char *header, const char *name, size_t *len)
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

int auth_cookie_token(const char *cookie_header, const char *name,
		      uint8_t token[AUTH_TOKEN_BYTES])
{
	size_t n = 0;
	const char *v = cookie_value(cookie_header, name, &n);
	return v ? auth_token_decode(v, n, token) : TC_EINVAL;
}

const struct principal *auth_check_header(struct auth *a, const char *h)
{
	uint8_t token[AUTH_TOKEN_BYTES];
	const struct principal *p = NULL;
	if (auth_bearer_token(h, token) == TC_OK)
		p = auth_check(a, auth_now(), token);
	explicit_bzero(token, sizeof(token));
	return p;
}
