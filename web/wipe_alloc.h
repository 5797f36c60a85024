/*
 * wipe_alloc.h - allocation that zeroes memory before giving it back.
 *
 * Request bodies (libevent's evbuffers) and parsed JSON (cJSON's nodes)
 * hold report plaintext. Rather than chase every copy, the daemon routes
 * both libraries' allocations through these functions, which clear each
 * block on free and on realloc, so plaintext does not linger in freed heap
 * memory (SECURITY.md "Memory and processes").
 */
#ifndef TOCAO_WIPE_ALLOC_H
#define TOCAO_WIPE_ALLOC_H

#include <stddef.h>

void *wipe_malloc(size_t n);
void *wipe_realloc(void *p, size_t n);
void wipe_free(void *p);

/* Install for cJSON and libevent. Call before either allocates anything. */
void wipe_alloc_install(void);

/*
 * Bytes currently allocated through these functions: request bodies,
 * response buffers, parsed JSON. The server compares it with its memory
 * budget to stop accepting connections under a flood of large uploads.
 */
size_t wipe_alloc_in_use(void);

#endif
