/*
 * desk_directory.h - the public keys an inspectorate hands its staff with
 * the desk (`--directory DIR`, the instance's public part): DIR/units/UNIT.pub,
 * the units' keys a case may be transferred to (never a key the server
 * hands out), and DIR/principals/NAME.pub, the staff a case may be assigned
 * to, shown by NAME.
 */
#ifndef TOCAO_DESK_DIRECTORY_H
#define TOCAO_DESK_DIRECTORY_H

#include <stddef.h>

#include "cr.h"

struct desk_staff {
	char name[64];
	char key[48]; /* base64 of the signing key */
	uint8_t pk[CR_SIGN_PK_BYTES];
};

/* The units' public keys in dir/units, sorted by unit; *out malloc'd. 0, or -1. */
int desk_directory_units(const char *dir, struct cr_unit_pub **out, size_t *n);
/* The inspectors of unit in dir/principals, sorted by name; *out malloc'd. 0, or -1. */
int desk_directory_staff(const char *dir, const char *unit, struct desk_staff **out, size_t *n);

#endif
