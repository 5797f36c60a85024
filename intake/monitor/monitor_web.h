/*
 * monitor_web.h - what the monitors' pages (monitor_web.c) expose beyond
 * their handlers: the cookie decoder, for its fuzz target.
 */
#ifndef TOCAO_MONITOR_WEB_H
#define TOCAO_MONITOR_WEB_H

#include <stdint.h>

#include "auth.h"

#define MONITOR_COOKIE "tocao_monitor"

/*
 * The session token in a Cookie header's tocao_monitor value (base64 of
 * AUTH_TOKEN_BYTES). 0 when present and well formed, else -1 (token untouched).
 */
int monitor_cookie_token(const char *cookie_header, uint8_t token[AUTH_TOKEN_BYTES]);

#endif
