#include <math.h>
#include <stdlib.h>
#include <strings.h>
#include <time.h>
#include <pthread.h>
#include <string.h>

#include "auth.h"
#include "tc_base64.h"
#include "tc_clock.h"

/* A challenge: expiry (4, big-endian seconds of auth_now) || random (12) || tag (16). */
#define CH_EXPIRY 4
#define CH_RANDOM 12
#define CH_TAG (AUTH_CHALLENGE_BYTES - CH_EXPIRY - CH_RANDOM)
#define EPOCH_BYTES 16

/* A challenge a principal's valid sign-in used: refused again until it expires. */
struct used {
	uint8_t challenge[AUTH_CHALLENGE_BYTES];
	double expires; /* 0: free */
};

struct session {
	uint8_t token_hash[CR_HASH_BYTES];
	double expires; /* 0: free */
};

/* A principal's own state: nobody else's sign-ins touch it. */
struct slots {
	struct used used[AUTH_SIGNINS_PER_TTL];
	struct session sessions[AUTH_SESSIONS_PER_PRINCIPAL];
};

/* A principal list replaced by auth_set_principals: kept until auth_free. */
struct retired {
	struct principal *principals;
	struct retired *next;
};

/*
 * The principal list, the slots and live are swapped together under the
 * lock (auth_set_principals). An index keeps its principal across reloads
 * (tokens name their slot by index); a revoked principal's index is a
 * tombstone (live 0, its sessions wiped) that a later addition may reuse.
 * Arrays of principals are never freed before auth_free: a pointer that
 * auth_check or auth_login returned stays valid for the whole request.
 */
struct auth {
	pthread_mutex_t lock;        /* every loop thread shares the sessions */
	const struct cr_server_key *key;
	uint8_t epoch[EPOCH_BYTES];  /* per start: a restart voids every challenge */
	struct principal *principals;
	struct slots *slots;         /* one per principal */
	uint8_t *live;               /* one per principal: 0 for a revoked one's tombstone */
	size_t n_principals;
	struct retired *retired;
	int monitor_ttl;             /* seconds a monitor's session lasts */
};

struct auth *auth_new(const struct principal *principals, size_t n, const struct cr_server_key *key)
{
	struct auth *a = calloc(1, sizeof(*a));
	if (a == NULL)
		return NULL;
	a->principals = calloc(n ? n : 1, sizeof(*principals));
	a->slots = calloc(n ? n : 1, sizeof(*a->slots));
	a->live = calloc(n ? n : 1, 1);
	if (a->principals == NULL || a->slots == NULL || a->live == NULL) {
		free(a->principals);
		free(a->slots);
		free(a->live);
		free(a);
		return NULL;
	}
	if (n)
		memcpy(a->principals, principals, n * sizeof(*principals));
	memset(a->live, 1, n);
	a->n_principals = n;
	a->key = key;
	a->monitor_ttl = AUTH_MONITOR_SESSION_TTL;
	cr_random(a->epoch, sizeof(a->epoch));
	pthread_mutex_init(&a->lock, NULL);
	return a;
}

int auth_principals_now(struct auth *a, struct principal **out, size_t *n)
{
	pthread_mutex_lock(&a->lock);
	size_t live = 0;
	for (size_t i = 0; i < a->n_principals; i++)
		live += a->live[i] != 0;
	*out = malloc((live ? live : 1) * sizeof(**out));
	*n = 0;
	for (size_t i = 0; *out != NULL && i < a->n_principals; i++)
		if (a->live[i])
			(*out)[(*n)++] = a->principals[i];
	pthread_mutex_unlock(&a->lock);
	return *out ? TC_OK : TC_ENOMEM;
}

void auth_free(struct auth *a)
{
	if (a == NULL)
		return;
	free(a->principals);
	explicit_bzero(a->slots, (a->n_principals ? a->n_principals : 1) * sizeof(*a->slots));
	free(a->slots);
	free(a->live);
	while (a->retired) {
		struct retired *r = a->retired;
		a->retired = r->next;
		free(r->principals);
		free(r);
	}
	pthread_mutex_destroy(&a->lock);
	explicit_bzero(a, sizeof(*a));
	free(a);
}

/* The tag of a challenge's first CH_EXPIRY + CH_RANDOM bytes. */
static void challenge_tag(const struct auth *a, const uint8_t *head, uint8_t tag[CH_TAG])
{
	uint8_t in[EPOCH_BYTES + CH_EXPIRY + CH_RANDOM], h[CR_HASH_BYTES];
	memcpy(in, a->epoch, EPOCH_BYTES);
	memcpy(in + EPOCH_BYTES, head, CH_EXPIRY + CH_RANDOM);
	cr_keyed_hash(a->key, "challenge", in, sizeof(in), h);
	memcpy(tag, h, CH_TAG);
}

int auth_challenge(struct auth *a, double now, uint8_t out[AUTH_CHALLENGE_BYTES])
{
	uint32_t exp = (uint32_t)ceil(now) + AUTH_CHALLENGE_TTL;
	out[0] = (uint8_t)(exp >> 24);
	out[1] = (uint8_t)(exp >> 16);
	out[2] = (uint8_t)(exp >> 8);
	out[3] = (uint8_t)exp;
	cr_random(out + CH_EXPIRY, CH_RANDOM);
	challenge_tag(a, out, out + CH_EXPIRY + CH_RANDOM);
	return TC_OK;
}

/* Ours (the tag), and not expired: its expiry, else 0. */
static double challenge_expiry(const struct auth *a, double now,
			       const uint8_t c[AUTH_CHALLENGE_BYTES])
{
	uint8_t tag[CH_TAG];
	challenge_tag(a, c, tag);
	if (!cr_equal(tag, c + CH_EXPIRY + CH_RANDOM, CH_TAG))
		return 0;
	double exp = (double)((uint32_t)c[0] << 24 | (uint32_t)c[1] << 16 | (uint32_t)c[2] << 8 |
			      c[3]);
	return exp > now && exp <= now + AUTH_CHALLENGE_TTL + 1 ? exp : 0;
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

/*
 * A token is its session slot (4 bytes, little-endian: principal index *
 * AUTH_SESSIONS_PER_PRINCIPAL + way) then 28 random bytes: a lookup reads
 * one slot. Only a keyed hash of the whole token is kept.
 */
static size_t token_slot(const uint8_t token[AUTH_TOKEN_BYTES])
{
	return (size_t)token[0] | (size_t)token[1] << 8 | (size_t)token[2] << 16 |
	       (size_t)token[3] << 24;
}

/* Under the lock: the challenge not used by p yet, and room to remember it; TC_OK once kept. */
static int challenge_use(struct slots *ps, double now, double exp,
			 const uint8_t challenge[AUTH_CHALLENGE_BYTES])
{
	struct used *free_slot = NULL;
	for (size_t i = 0; i < AUTH_SIGNINS_PER_TTL; i++) {
		struct used *u = &ps->used[i];
		if (u->expires <= now) {
			free_slot = free_slot ? free_slot : u;
			continue;
		}
		if (cr_equal(u->challenge, challenge, AUTH_CHALLENGE_BYTES))
			return TC_ECRYPTO; /* a replay */
	}
	if (free_slot == NULL)
		return TC_EBUSY;
	memcpy(free_slot->challenge, challenge, AUTH_CHALLENGE_BYTES);
	free_slot->expires = exp;
	return TC_OK;
}

/* Under the lock: the principal's free or expired session slot, else its oldest. */
static size_t session_way(const struct slots *ps, double now)
{
	size_t w = 0;
	for (size_t i = 0; i < AUTH_SESSIONS_PER_PRINCIPAL; i++) {
		if (ps->sessions[i].expires <= now)
			return i;
		if (ps->sessions[i].expires < ps->sessions[w].expires)
			w = i;
	}
	return w;
}

/* Under the lock: the live principal of pk, or NULL. */
static const struct principal *principal_of(const struct auth *a,
					    const uint8_t pk[CR_SIGN_PK_BYTES], size_t *index)
{
	for (size_t i = 0; i < a->n_principals; i++)
		if (a->live[i] && cr_equal(a->principals[i].pub.pk, pk, CR_SIGN_PK_BYTES)) {
			*index = i;
			return &a->principals[i];
		}
	return NULL;
}

/*
 * Under the lock: a new session in one of principal pi's own slots, for
 * its role's lifetime (a monitor's lasts a meeting).
 */
static void session_take(struct auth *a, struct slots *ps, size_t pi, double now,
			 uint8_t token[AUTH_TOKEN_BYTES], const struct principal **who)
{
	const struct principal *p = &a->principals[pi];
	size_t way = session_way(ps, now), slot = pi * AUTH_SESSIONS_PER_PRINCIPAL + way;
	uint8_t h[CR_HASH_BYTES];
	cr_random(token, AUTH_TOKEN_BYTES);
	for (int i = 0; i < 4; i++)
		token[i] = (uint8_t)(slot >> (8 * i));
	token_hash(a, token, h);
	memcpy(ps->sessions[way].token_hash, h, sizeof(h));
	ps->sessions[way].expires =
		now + (strcmp(p->pub.role, "monitor") == 0 ? a->monitor_ttl : AUTH_SESSION_TTL);
	*who = p;
}

/*
 * Everything that needs no shared state first (the principal, the
 * challenge's tag and expiry, the signature), so that the lock is held for
 * a few comparisons only; then, under it, the challenge is used once and a
 * session slot of the principal's own is taken.
 */
int auth_login(struct auth *a, double now, const uint8_t pk[CR_SIGN_PK_BYTES],
	       const uint8_t challenge[AUTH_CHALLENGE_BYTES], const uint8_t sig[CR_SIG_BYTES],
	       uint8_t token[AUTH_TOKEN_BYTES], const struct principal **who)
{
	size_t pi = 0;
	pthread_mutex_lock(&a->lock);
	const struct principal *p = principal_of(a, pk, &pi);
	pthread_mutex_unlock(&a->lock);
	double exp = p ? challenge_expiry(a, now, challenge) : 0;
	if (exp == 0)
		return TC_ECRYPTO;
	uint8_t msg[AUTH_SIGNED_LEN];
	auth_signed_bytes(challenge, pk, msg);
	if (cr_sign_verify(pk, msg, sizeof(msg), sig) != TC_OK)
		return TC_ECRYPTO;
	pthread_mutex_lock(&a->lock);
	/* A reload may have come in between: the principal must still be there, at pi. */
	p = principal_of(a, pk, &pi);
	struct slots *ps = p ? &a->slots[pi] : NULL;
	int rc = ps ? challenge_use(ps, now, exp, challenge) : TC_ECRYPTO;
	if (rc == TC_OK)
		session_take(a, ps, pi, now, token, who);
	pthread_mutex_unlock(&a->lock);
	return rc;
}

int auth_session_open(struct auth *a, double now, const uint8_t pk[CR_SIGN_PK_BYTES],
		      uint8_t token[AUTH_TOKEN_BYTES], const struct principal **who)
{
	size_t pi = 0;
	pthread_mutex_lock(&a->lock);
	const struct principal *p = principal_of(a, pk, &pi);
	if (p)
		session_take(a, &a->slots[pi], pi, now, token, who);
	pthread_mutex_unlock(&a->lock);
	return p ? TC_OK : TC_ECRYPTO;
}

void auth_set_monitor_ttl(struct auth *a, int ttl)
{
	pthread_mutex_lock(&a->lock);
	a->monitor_ttl = ttl > 0 ? ttl : AUTH_MONITOR_SESSION_TTL;
	pthread_mutex_unlock(&a->lock);
}

int auth_session_ttl(struct auth *a, const char *role)
{
	pthread_mutex_lock(&a->lock);
	int ttl = strcmp(role, "monitor") == 0 ? a->monitor_ttl : AUTH_SESSION_TTL;
	pthread_mutex_unlock(&a->lock);
	return ttl;
}

/* Under the lock: the live session of token (any not ended when now is 0), or NULL. */
static struct session *find(struct auth *a, double now, const uint8_t token[AUTH_TOKEN_BYTES],
			    size_t *principal)
{
	size_t slot = token_slot(token);
	if (slot >= a->n_principals * AUTH_SESSIONS_PER_PRINCIPAL)
		return NULL;
	uint8_t h[CR_HASH_BYTES];
	token_hash(a, token, h);
	*principal = slot / AUTH_SESSIONS_PER_PRINCIPAL;
	if (!a->live[*principal])
		return NULL;
	struct session *s = &a->slots[*principal].sessions[slot % AUTH_SESSIONS_PER_PRINCIPAL];
	return s->expires > now && cr_equal(s->token_hash, h, sizeof(h)) ? s : NULL;
}

const struct principal *auth_check(struct auth *a, double now, const uint8_t token[AUTH_TOKEN_BYTES])
{
	size_t pi = 0;
	pthread_mutex_lock(&a->lock);
	struct session *s = find(a, now, token, &pi);
	const struct principal *p = s ? &a->principals[pi] : NULL;
	pthread_mutex_unlock(&a->lock);
	return p; /* its array is kept until auth_free: safe unlocked */
}

/* The index of a principal equal to p (key, role and scope) among list[0..n), or n. */
static size_t index_in(const struct principal *list, const uint8_t *live, size_t n,
		       const struct principal *p)
{
	for (size_t i = 0; i < n; i++)
		if ((live == NULL || live[i]) && memcmp(&list[i], p, sizeof(*p)) == 0)
			return i;
	return n;
}

/* Where the new list goes: kept ones at their index, added ones in tombstones, then after. */
static size_t place_new(const struct auth *a, const struct principal *ps, size_t n,
			struct principal *np, struct slots *nslots, uint8_t *nlive, size_t *added)
{
	size_t total = a->n_principals;
	for (size_t i = 0; i < a->n_principals; i++) {
		if (!a->live[i] || index_in(ps, NULL, n, &a->principals[i]) == n)
			continue; /* a tombstone, or revoked now: sessions not carried over */
		np[i] = a->principals[i];
		nslots[i] = a->slots[i];
		nlive[i] = 1;
	}
	size_t hole = 0;
	for (size_t j = 0; j < n; j++) {
		if (index_in(a->principals, a->live, a->n_principals, &ps[j]) < a->n_principals ||
		    index_in(ps, NULL, j, &ps[j]) < j)
			continue; /* kept, or a duplicate in the new list */
		while (hole < total && nlive[hole])
			hole++;
		size_t at = hole < total ? hole : total++;
		np[at] = ps[j];
		nlive[at] = 1;
		(*added)++;
	}
	return total;
}

int auth_set_principals(struct auth *a, const struct principal *ps, size_t n, size_t *added,
			size_t *revoked)
{
	pthread_mutex_lock(&a->lock);
	size_t cap = a->n_principals + n + 1, was = 0;
	struct principal *np = calloc(cap, sizeof(*np));
	struct slots *nslots = calloc(cap, sizeof(*nslots));
	uint8_t *nlive = calloc(cap, 1);
	struct retired *r = malloc(sizeof(*r));
	if (np == NULL || nslots == NULL || nlive == NULL || r == NULL) {
		pthread_mutex_unlock(&a->lock);
		free(np);
		free(nslots);
		free(nlive);
		free(r);
		return TC_ENOMEM;
	}
	*added = *revoked = 0;
	for (size_t i = 0; i < a->n_principals; i++)
		was += a->live[i];
	size_t total = place_new(a, ps, n, np, nslots, nlive, added), now_live = 0;
	for (size_t i = 0; i < total; i++)
		now_live += nlive[i];
	*revoked = was - (now_live - *added); /* those live before and not kept */
	r->principals = a->principals;
	r->next = a->retired;
	a->retired = r;
	explicit_bzero(a->slots, (a->n_principals ? a->n_principals : 1) * sizeof(*a->slots));
	free(a->slots);
	free(a->live);
	a->principals = np;
	a->slots = nslots;
	a->live = nlive;
	a->n_principals = total;
	pthread_mutex_unlock(&a->lock);
	return TC_OK;
}

int auth_logout(struct auth *a, const uint8_t token[AUTH_TOKEN_BYTES])
{
	size_t pi = 0;
	pthread_mutex_lock(&a->lock);
	struct session *s = find(a, 0, token, &pi);
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
	int rc = n > 0 && tc_base64_decode_cap(s, n, buf, sizeof(buf), &got) == TC_OK &&
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
