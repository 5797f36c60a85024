/*
 * monitor_devices.h - sign-in without a terminal (docs/OPERATIONS.md
 * "Monitors"): a browser is enrolled once with a sign-in code from
 * `tocao signin` (the code is spent: its session ends), and gets a device
 * credential, a random secret in a cookie that is Secure, HttpOnly,
 * SameSite=Strict, Path=/monitor, for monitor_device_days (90 by default).
 * From then on, signing in on that browser is one button; the session lasts
 * monitor_session_s (2 hours, fixed from sign-in). The store keeps only a
 * keyed hash of the secret (cases/case_devices.h); enrolment, each sign-in
 * and revocation are audited; a monitor lists and revokes their browsers
 * at /monitor/devices, and revoking the monitor's key (`tocao monitor
 * revoke` + SIGHUP) stops every browser of theirs at once.
 */
#ifndef TOCAO_MONITOR_DEVICES_H
#define TOCAO_MONITOR_DEVICES_H

/* How long the session cookie outlives the session (monitor_devices.c: the reason shown). */
#define MW_SESSION_COOKIE_GRACE_S 43200

#include <stdbool.h>

#include "case_devices.h"
#include "route.h"

#define MW_DEVICE_COOKIE "tocao_monitor_device"
#define MW_DEVICE_DAYS_DEFAULT 90

/*
 * The code's session just checked (token, principal p): spend it and enrol
 * this browser, then answer (cookies and a redirect to the dashboard, or
 * the sign-in page with what went wrong).
 */
void mw_device_enrol(struct request *r, const uint8_t token[AUTH_TOKEN_BYTES],
		     const struct principal *p, enum lang l);

/* The state of the device cookie req carries, if any (CASE_DEVICE_UNKNOWN: none or not ours). */
enum case_device_state mw_device_state(struct request *r, bool *present, int64_t *expires);

/* Same-site form posts only (Sec-Fetch-Site and Origin; monitor_signin.c). */
bool mw_same_origin(struct evhttp_request *req);

/* A session cookie for token, set on the reply with a redirect to the dashboard. */
void mw_reply_session(struct request *r, const uint8_t token[AUTH_TOKEN_BYTES], enum lang l,
		      const char *device_cookie);

void handle_monitor_device_signin(struct request *r); /* POST /monitor/device */
void handle_monitor_devices(struct request *r);       /* GET /monitor/devices */
void handle_monitor_device_revoke(struct request *r); /* POST /monitor/devices/revoke */

#endif
