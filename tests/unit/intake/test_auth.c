/*
 * test_auth.c - sessions by signed challenge (auth.h): sign-in, single-use
 * challenges, wrong keys and signatures, expiry, sign-out; stateless
 * challenges and per-principal sessions (issue 13).
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

	/* Issue 16: a monitor's session lasts a meeting (2 hours), an inspector's 15 minutes. */
	TC_CHECK(auth_check(a, 100 + AUTH_SESSION_TTL + 1, t2) != NULL);
	TC_CHECK(auth_check(a, 100 + AUTH_MONITOR_SESSION_TTL - 1, t2) != NULL);
	TC_CHECK(auth_check(a, 100 + AUTH_MONITOR_SESSION_TTL + 1, t2) == NULL);
	TC_CHECK_INT(AUTH_MONITOR_SESSION_TTL, 7200);
	TC_CHECK_INT(auth_session_ttl(a, "monitor"), 7200);
	TC_CHECK_INT(auth_session_ttl(a, "inspector"), AUTH_SESSION_TTL);
	/* An enrolled browser's session: for a live principal only, for the configured length. */
	auth_set_monitor_ttl(a, 60);
	uint8_t pk_mon[CR_SIGN_PK_BYTES], pk_stranger[CR_SIGN_PK_BYTES], t4[AUTH_TOKEN_BYTES];
	cr_signer_pk(mon, pk_mon);
	cr_signer_pk(stranger, pk_stranger);
	TC_CHECK_INT(auth_session_open(a, 1000, pk_mon, t4, &who), 0);
	TC_CHECK(auth_check(a, 1059, t4) != NULL);
	TC_CHECK(auth_check(a, 1061, t4) == NULL);
	TC_CHECK_INT(auth_session_open(a, 1000, pk_stranger, t4, &who), TC_ECRYPTO);

	auth_free(a);
	cr_signer_free(insp);
	cr_signer_free(mon);
	cr_signer_free(stranger);
}

/*
 * Issue 13: one principal signing in thousands of times ends only its own
 * sessions (AUTH_SESSIONS_PER_PRINCIPAL of them live, the newest), is held
 * to AUTH_SIGNINS_PER_TTL sign-ins a minute, and never touches another's.
 */
static void test_one_principal_cannot_evict_others(void)
{
	enum { OTHERS = 40, N = 5000 };
	struct principal ps[OTHERS + 1];
	struct cr_signer *s[OTHERS + 1];
	for (int i = 0; i <= OTHERS; i++)
		s[i] = signer(i ? "inspector" : "monitor", i ? "TT-96" : "national", &ps[i]);
	struct auth *a = auth_new(ps, OTHERS + 1, server_key);
	uint8_t others[OTHERS + 1][AUTH_TOKEN_BYTES];
	const struct principal *who;
	for (int i = 1; i <= OTHERS; i++)
		TC_CHECK_INT(sign_in(a, s[i], 1000, others[i], &who), 0);
	uint8_t (*mine)[AUTH_TOKEN_BYTES] = malloc(N * sizeof(*mine));
	int ok = 0, busy = 0;
	/* 5,000 sign-ins in 750 s: far more than its sessions, and than a minute allows. */
	for (int i = 0; i < N; i++) {
		int rc = sign_in(a, s[0], 1000 + i * 0.15, mine[ok], &who);
		ok += rc == 0;
		busy += rc == TC_EBUSY;
	}
	TC_CHECK_INT(ok + busy, N);
	/* About 64 a minute for 12.5 minutes. */
	TC_CHECK(ok >= 12 * AUTH_SIGNINS_PER_TTL && ok <= 14 * AUTH_SIGNINS_PER_TTL);
	double end = 1000 + N * 0.15;
	for (int i = 1; i <= OTHERS; i++) {
		const struct principal *p = auth_check(a, end, others[i]);
		TC_CHECK(p && memcmp(p->pub.pk, ps[i].pub.pk, CR_SIGN_PK_BYTES) == 0);
	}
	int live = 0;
	for (int i = 0; i < ok; i++)
		live += auth_check(a, end, mine[i]) != NULL;
	TC_CHECK_INT(live, AUTH_SESSIONS_PER_PRINCIPAL);
	for (int i = ok - AUTH_SESSIONS_PER_PRINCIPAL; i < ok; i++) { /* the newest */
		const struct principal *p = auth_check(a, end, mine[i]);
		TC_CHECK(p && memcmp(p->pub.pk, ps[0].pub.pk, CR_SIGN_PK_BYTES) == 0);
	}
	/* A minute without signing in: room again. */
	uint8_t t[AUTH_TOKEN_BYTES];
	TC_CHECK_INT(sign_in(a, s[0], end + AUTH_CHALLENGE_TTL + 1, t, &who), 0);
	free(mine);
	auth_free(a);
	for (int i = 0; i <= OTHERS; i++)
		cr_signer_free(s[i]);
}

/*
 * Issue 13: challenges are stateless. A flood of them stores nothing and
 * voids none; a challenge not made by this server (forged tag, changed
 * expiry, another start's) is refused; one is used once per principal.
 */
static void test_stateless_challenges(void)
{
	struct principal ps[2];
	struct cr_signer *s0 = signer("inspector", "TT-96", &ps[0]);
	struct cr_signer *s1 = signer("monitor", "national", &ps[1]);
	struct auth *a = auth_new(ps, 2, server_key), *b = auth_new(ps, 2, server_key);
	uint8_t ch[AUTH_CHALLENGE_BYTES], pk[CR_SIGN_PK_BYTES], msg[AUTH_SIGNED_LEN],
		sig[CR_SIG_BYTES], t[AUTH_TOKEN_BYTES], junk[AUTH_CHALLENGE_BYTES];
	const struct principal *who;
	TC_CHECK_INT(auth_challenge(a, 500, ch), 0);
	for (int i = 0; i < 200000; i++) /* the flood that used to overwrite every pending one */
		TC_CHECK_INT(auth_challenge(a, 500 + i * 1e-6, junk), 0);
	cr_signer_pk(s0, pk);
	uint8_t bad[AUTH_CHALLENGE_BYTES];
	/* Forged tag, changed expiry, another start's challenge. */
	for (int k = 0; k < 3; k++) {
		memcpy(bad, ch, sizeof(bad));
		if (k == 0)
			bad[31] ^= 1;
		else if (k == 1)
			bad[3] ^= 2;
		auth_signed_bytes(bad, pk, msg);
		cr_signer_sign(s0, msg, sizeof(msg), sig);
		TC_CHECK_INT(auth_login(k == 2 ? b : a, 501, pk, bad, sig, t, &who), TC_ECRYPTO);
	}
	auth_signed_bytes(ch, pk, msg);
	cr_signer_sign(s0, msg, sizeof(msg), sig);
	TC_CHECK_INT(auth_login(a, 501, pk, ch, sig, t, &who), 0);
	TC_CHECK_INT(auth_login(a, 502, pk, ch, sig, t, &who), TC_ECRYPTO); /* replayed */
	TC_CHECK_INT(auth_login(a, 500 + AUTH_CHALLENGE_TTL + 5, pk, ch, sig, t, &who), TC_ECRYPTO);
	/* Another principal's own signature over the same challenge is its own sign-in. */
	cr_signer_pk(s1, pk);
	auth_signed_bytes(ch, pk, msg);
	cr_signer_sign(s1, msg, sizeof(msg), sig);
	TC_CHECK_INT(auth_login(a, 503, pk, ch, sig, t, &who), 0);
	TC_CHECK(who == auth_check(a, 504, t));
	/* A token naming a slot beyond the table, or another slot, is nobody's. */
	uint8_t forged[AUTH_TOKEN_BYTES];
	memcpy(forged, t, sizeof(forged));
	forged[3] = 0x7f;
	TC_CHECK(auth_check(a, 504, forged) == NULL);
	forged[3] = t[3];
	forged[0] ^= 1;
	TC_CHECK(auth_check(a, 504, forged) == NULL);
	auth_free(a);
	auth_free(b);
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
	TC_RUN(test_one_principal_cannot_evict_others);
	TC_RUN(test_stateless_challenges);
	cr_server_key_free(server_key);
	remove(path);
	rmdir(dir);
	return tc_test_done();
}
