/*
 * test_auth.c - sessions by signed challenge (auth.h): sign-in, single-use
 * challenges, wrong keys and signatures, expiry, sign-out, and the session
 * table under more live sessions than it holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "cr.h"
#include "tc_test.h"

static struct cr_server_key *server_key;

static struct cr_signer *signer(const char *role, const char *scope, struct principal *p)
{
	struct cr_signer *s = NULL;
	TC_CHECK_INT(cr_signer_keygen(role, scope, &s), 0);
	memset(p, 0, sizeof(*p));
	snprintf(p->pub.role, sizeof(p->pub.role), "%s", role);
	snprintf(p->pub.scope, sizeof(p->pub.scope), "%s", scope);
	cr_signer_pk(s, p->pub.pk);
	return s;
}

/* Sign in at time now: 0 and the token, or the error. */
static int sign_in(struct auth *a, const struct cr_signer *s, double now,
		   uint8_t token[AUTH_TOKEN_BYTES], const struct principal **who)
{
	uint8_t ch[AUTH_CHALLENGE_BYTES], pk[CR_SIGN_PK_BYTES], msg[AUTH_SIGNED_LEN], sig[CR_SIG_BYTES];
	if (auth_challenge(a, now, ch) != TC_OK)
		return -1;
	cr_signer_pk(s, pk);
	auth_signed_bytes(ch, pk, msg);
	cr_signer_sign(s, msg, sizeof(msg), sig);
	return auth_login(a, now, pk, ch, sig, token, who);
}

static void test_sign_in_check_out(void)
{
	struct principal ps[2];
	struct cr_signer *insp = signer("inspector", "TT-96", &ps[0]);
	struct cr_signer *mon = signer("monitor", "national", &ps[1]);
	struct principal stranger_p;
	struct cr_signer *stranger = signer("inspector", "TT-01", &stranger_p);
	struct auth *a = auth_new(ps, 2, server_key);
	uint8_t t1[AUTH_TOKEN_BYTES], t2[AUTH_TOKEN_BYTES];
	const struct principal *who = NULL;

	TC_CHECK_INT(sign_in(a, insp, 100, t1, &who), 0);
	TC_CHECK(who && strcmp(who->pub.scope, "TT-96") == 0);
	TC_CHECK_INT(sign_in(a, mon, 100, t2, &who), 0);
	TC_CHECK(auth_check(a, 101, t1) && strcmp(auth_check(a, 101, t1)->pub.role, "inspector") == 0);
	TC_CHECK(auth_check(a, 101, t2) && strcmp(auth_check(a, 101, t2)->pub.role, "monitor") == 0);
	/* Someone not among the principals, however well they sign. */
	uint8_t t3[AUTH_TOKEN_BYTES];
	TC_CHECK_INT(sign_in(a, stranger, 100, t3, &who), TC_ECRYPTO);

	/* A challenge is good once, and for AUTH_CHALLENGE_TTL seconds. */
	uint8_t ch[AUTH_CHALLENGE_BYTES], pk[CR_SIGN_PK_BYTES], msg[AUTH_SIGNED_LEN],
		sig[CR_SIG_BYTES];
	TC_CHECK_INT(auth_challenge(a, 200, ch), 0);
	cr_signer_pk(insp, pk);
	auth_signed_bytes(ch, pk, msg);
	cr_signer_sign(insp, msg, sizeof(msg), sig);
	TC_CHECK_INT(auth_login(a, 200 + AUTH_CHALLENGE_TTL + 1, pk, ch, sig, t3, &who), TC_ECRYPTO);
	TC_CHECK_INT(auth_challenge(a, 300, ch), 0);
	auth_signed_bytes(ch, pk, msg);
	cr_signer_sign(insp, msg, sizeof(msg), sig);
	sig[5] ^= 1; /* a wrong signature does not use the challenge up... */
	TC_CHECK_INT(auth_login(a, 300, pk, ch, sig, t3, &who), TC_ECRYPTO);
	sig[5] ^= 1;
	TC_CHECK_INT(auth_login(a, 300, pk, ch, sig, t3, &who), 0);
	TC_CHECK_INT(auth_login(a, 300, pk, ch, sig, t3, &who), TC_ECRYPTO); /* ...a replay finds none */

	/* Sessions expire, and end on sign-out. */
	TC_CHECK(auth_check(a, 100 + AUTH_SESSION_TTL + 1, t1) == NULL);
	TC_CHECK(auth_check(a, 301, t3) != NULL);
	TC_CHECK_INT(auth_logout(a, t3), 0);
	TC_CHECK(auth_check(a, 302, t3) == NULL);
	TC_CHECK_INT(auth_logout(a, t3), TC_ENOENT);
	uint8_t forged[AUTH_TOKEN_BYTES] = {0};
	TC_CHECK(auth_check(a, 101, forged) == NULL);

	auth_free(a);
	cr_signer_free(insp);
	cr_signer_free(mon);
	cr_signer_free(stranger);
}

/*
 * More live sessions than the table holds: each new one takes a free slot
 * or, in its bucket, the one closest to expiry — so the newest sessions
 * always work and every live one found is the right principal's.
 */
static void test_many_sessions(void)
{
	enum { N = 4400 };
	struct principal ps[2];
	struct cr_signer *s0 = signer("inspector", "TT-96", &ps[0]);
	struct cr_signer *s1 = signer("inspector", "TT-01", &ps[1]);
	struct auth *a = auth_new(ps, 2, server_key);
	uint8_t (*tokens)[AUTH_TOKEN_BYTES] = malloc(N * sizeof(*tokens));
	const struct principal *who;
	int ok = 0, wrong = 0, live = 0;
	for (int i = 0; i < N; i++)
		ok += sign_in(a, i % 2 ? s1 : s0, 1000 + i * 0.01, tokens[i], &who) == 0;
	TC_CHECK_INT(ok, N);
	for (int i = 0; i < N; i++) {
		const struct principal *p = auth_check(a, 1100, tokens[i]);
		if (p == NULL)
			continue;
		live++;
		wrong += strcmp(p->pub.scope, i % 2 ? "TT-01" : "TT-96") != 0;
	}
	TC_CHECK_INT(wrong, 0);
	TC_CHECK(live <= 4096 && live > 2800); /* most slots in use, none shared */
	for (int i = N - 64; i < N; i++) /* the latest are never the ones evicted */
		TC_CHECK(auth_check(a, 1100, tokens[i]) != NULL);
	free(tokens);
	auth_free(a);
	cr_signer_free(s0);
	cr_signer_free(s1);
}

int main(void)
{
	char dir[] = "/tmp/tocao-auth-test-XXXXXX", path[64];
	if (cr_init() != 0 || mkdtemp(dir) == NULL)
		return 2;
	snprintf(path, sizeof(path), "%s/server.key", dir);
	if (cr_server_key_create(path) != 0 || cr_server_key_load(path, &server_key) != 0)
		return 2;
	TC_RUN(test_sign_in_check_out);
	TC_RUN(test_many_sessions);
	cr_server_key_free(server_key);
	remove(path);
	rmdir(dir);
	return tc_test_done();
}
