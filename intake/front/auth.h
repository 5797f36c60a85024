/*
 * auth.h - inspectors' and monitors' sessions, by proof of key possession.
 *
 * No password ever reaches the server: a principal asks for a challenge,
 * signs "tocao-session-v1\0" || challenge || public key with its Ed25519
 * key (made by `tocao init --dev` or `tocao inspector add`), and gets a
 * random session token. The server knows principals by their public keys
 * (DIR/principals/NAME.pub); challenges are single-use and expire in 60 s;
 * sessions expire after 15 minutes and can be revoked. Only keyed hashes
 * of tokens are kept, in memory (a restart ends every session). Loop
 * thread, under one mutex (every loop thread shares the sessions).
 *
 * Nothing a stranger sends can push a principal out (SECURITY.md "Sign-in"):
 *  - a challenge is stateless, expiry (4) || random (12) || tag (16), the
 *    tag a keyed hash (server key and a per-start secret) of the rest:
 *    asking for challenges stores nothing, so no flood can overwrite one;
 *  - single use is kept per principal, by a ring of the challenges its
 *    valid signed sign-ins used in the last AUTH_CHALLENGE_TTL seconds
 *    (AUTH_SIGNINS_PER_TTL of them): only a principal's own key fills it;
 *  - each principal has AUTH_SESSIONS_PER_PRINCIPAL session slots of its
 *    own: a sign-in beyond them ends that principal's oldest session,
 *    never another's.
 */
#ifndef TOCAO_AUTH_H
#define TOCAO_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "cr.h"
#include "cr_principal.h"

#define AUTH_CHALLENGE_TTL 60
#define AUTH_SESSION_TTL 900
/*
 * A monitor's session lasts a meeting: 2 hours, fixed from sign-in (not
 * sliding: a browser left open in a meeting room ends on its own), unless
 * the instance sets monitor_session_s (auth_set_monitor_ttl).
 */
#define AUTH_MONITOR_SESSION_TTL 7200
#define AUTH_TOKEN_BYTES 32
#define AUTH_CHALLENGE_BYTES 32
#define AUTH_CONTEXT "tocao-session-v1"
/* Live sessions per principal: the ninth sign-in ends the principal's own oldest. */
#define AUTH_SESSIONS_PER_PRINCIPAL 8
/* Sign-ins per principal within AUTH_CHALLENGE_TTL seconds; more are refused (TC_EBUSY). */
#define AUTH_SIGNINS_PER_TTL 64

struct auth;

/* principals is copied. NULL when out of memory. */
struct auth *auth_new(const struct principal *principals, size_t n,
		      const struct cr_server_key *key);
void auth_free(struct auth *a);

/*
 * Replace the principals (a SIGHUP's reload of DIR/principals/; ps is
 * copied), safe while loop threads check sessions: a principal still in
 * the list (same key, role and scope) keeps its sessions; one no longer
 * in it is revoked at once (its sessions end: the next request is 401,
 * and it cannot sign in); a new one can sign in. The lists replaced are
 * kept until auth_free (a pointer auth_check returned stays valid).
 * added and revoked get the counts. TC_ENOMEM leaves the list in force.
 */
int auth_set_principals(struct auth *a, const struct principal *ps, size_t n, size_t *added,
			size_t *revoked) TC_WUR;
/*
 * A copy of the principals in force now (revoked ones left out), for
 * checking who signed something outside a session (the reporter's view of
 * unit messages): *out is malloc'd, the caller frees it. Any thread.
 */
int auth_principals_now(struct auth *a, struct principal **out, size_t *n) TC_WUR;

/* A new single-use challenge, valid AUTH_CHALLENGE_TTL seconds from now; stores nothing. */
int auth_challenge(struct auth *a, double now, uint8_t out[AUTH_CHALLENGE_BYTES]) TC_WUR;

/*
 * Exchange a signed challenge for a token. TC_ECRYPTO when the key is not
 * a principal's, the challenge not ours, expired or used, or the signature
 * wrong (the caller answers 401 without saying which); TC_EBUSY when this
 * principal signed in AUTH_SIGNINS_PER_TTL times in the last
 * AUTH_CHALLENGE_TTL seconds (429).
 */
int auth_login(struct auth *a, double now, const uint8_t pk[CR_SIGN_PK_BYTES],
	       const uint8_t challenge[AUTH_CHALLENGE_BYTES], const uint8_t sig[CR_SIG_BYTES],
	       uint8_t token[AUTH_TOKEN_BYTES], const struct principal **who) TC_WUR;

/* Monitors' sessions last ttl seconds from now on (auth.h's default: AUTH_MONITOR_SESSION_TTL). */
void auth_set_monitor_ttl(struct auth *a, int ttl);
/* The seconds a session of role lasts ("monitor": the monitors' length; else AUTH_SESSION_TTL). */
int auth_session_ttl(struct auth *a, const char *role);

/*
 * Open a session for the live principal of pk without a challenge: the
 * caller has proven possession another way (a monitor's enrolled device,
 * intake/monitor/monitor_devices.h). TC_ECRYPTO when pk is no live
 * principal's (revoked since). Same slots and lifetime as auth_login.
 */
int auth_session_open(struct auth *a, double now, const uint8_t pk[CR_SIGN_PK_BYTES],
		      uint8_t token[AUTH_TOKEN_BYTES], const struct principal **who) TC_WUR;

/* The principal of a live session, or NULL (unknown, expired or revoked). */
const struct principal *auth_check(struct auth *a, double now,
				   const uint8_t token[AUTH_TOKEN_BYTES]);

/* The monotonic clock the session times are kept in, in seconds. */
double auth_now(void);

/*
 * A session token from its base64 form (spaces and a line end around it
 * ignored): TC_OK when it is exactly AUTH_TOKEN_BYTES, else TC_EINVAL
 * (token untouched).
 */
int auth_token_decode(const char *s, size_t n, uint8_t token[AUTH_TOKEN_BYTES]) TC_WUR;
/* The same from an "Authorization: Bearer <base64>" header value (NULL: TC_EINVAL). */
int auth_bearer_token(const char *header, uint8_t token[AUTH_TOKEN_BYTES]) TC_WUR;

/*
 * The cookie the monitors' pages keep their session in: Secure, HttpOnly,
 * SameSite=Strict, Path=/monitor (docs/API.md "Monitors' pages").
 */
#define AUTH_MONITOR_COOKIE "tocao_monitor"
/*
 * The session token in a Cookie header's cookie called name (base64 of
 * AUTH_TOKEN_BYTES): TC_OK when present and well formed, else TC_EINVAL
 * (token untouched). Fuzzed (tests/fuzz/fuzz_inspector.c).
 */
int auth_cookie_token(const char *cookie_header, const char *name,
		      uint8_t token[AUTH_TOKEN_BYTES]) TC_WUR;

/* The principal of an "Authorization: Bearer <base64 token>" header, now; NULL if none. */
const struct principal *auth_check_header(struct auth *a, const char *header);

/* End a session. TC_ENOENT if there is none. */
int auth_logout(struct auth *a, const uint8_t token[AUTH_TOKEN_BYTES]) TC_WUR;

/* The bytes a principal signs for a challenge (len AUTH_SIGNED_LEN). */
#define AUTH_SIGNED_LEN (sizeof(AUTH_CONTEXT) + AUTH_CHALLENGE_BYTES + CR_SIGN_PK_BYTES)
void auth_signed_bytes(const uint8_t challenge[AUTH_CHALLENGE_BYTES],
		       const uint8_t pk[CR_SIGN_PK_BYTES], uint8_t out[AUTH_SIGNED_LEN]);

#endif
