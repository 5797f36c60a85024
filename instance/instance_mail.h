/*
 * instance_mail.h - who gets the reminders (docs/OPERATIONS.md "Reminders"):
 *   DIR/mailboxes.txt            "UNIT ADDRESS" a line: each unit's mailbox
 *                                (# comments; a unit may have several lines)
 *   DIR/principals/NAME.mail     one address beside NAME.pub: that inspector
 *                                (their assigned cases) or monitor (weekly figures)
 * Addresses are checked so that none can add a header (no space, no angle
 * bracket, no quote, no control character, one '@').
 */
#ifndef TOCAO_INSTANCE_MAIL_H
#define TOCAO_INSTANCE_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tc_err.h"

#define INSTANCE_MAILBOXES_FILE "mailboxes.txt"

struct instance_mail_to {
	char kind;          /* 'u' a unit's mailbox, 'i' an inspector, 'm' a monitor */
	char name[64];      /* the unit id, or the principal's file name without .pub */
	char scope[16];     /* the unit id; a monitor's scope ("national" or a province code) */
	uint8_t pk[32];     /* an inspector's public key */
	char address[255];
};

/* Whether s is an address that may go into a header as it is. */
bool instance_mail_address_ok(const char *s);

/*
 * Every recipient of the instance in dir; *out malloc'd. A bad line or file:
 * TC_EINVAL with err "PATH:LINE: reason". No file at all: none, TC_OK.
 */
int instance_load_mail_to(const char *dir, struct instance_mail_to **out, size_t *n, char *err,
			  size_t errcap) TC_WUR;

#endif
