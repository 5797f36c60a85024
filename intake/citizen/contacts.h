/*
 * contacts.h - each inspectorate's public contact (address, citizen
 * reception phone), from data/inspectorate-contacts.csv embedded at build
 * time: unit,address,reception_phone,source (a line without a source has
 * no address or phone: "chưa có nguồn" is never filled by guessing).
 */
#ifndef TOCAO_CONTACTS_H
#define TOCAO_CONTACTS_H

#include <stddef.h>

#include "lang.h"
#include "pages.h"

/*
 * Lay DIR/contacts.csv (same columns; every line with a known unit and its
 * source, e.g. the unit's own declaration) over the built-in lines; none is
 * fine. Call once at start, before the server's threads. 0, or -1 with err.
 */
int contacts_load_instance(const char *dir, char *err, size_t cap);

/* The contact of a unit ("TT-96", "TTCP"): its name always, address and phone when known. */
void contacts_get(const char *unit, enum lang l, struct page_contact *out);
/* Every unit's, in the units' order (TTCP first); returns how many were written. */
size_t contacts_all(enum lang l, struct page_contact *out, size_t cap);

#endif
