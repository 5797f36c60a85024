#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <event2/event.h>

#include "wipe_alloc.h"

#include <stdatomic.h>

static atomic_size_t in_use;

void *wipe_malloc(size_t n)
{
	void *p = malloc(n);
	if (p)
		atomic_fetch_add(&in_use, malloc_usable_size(p));
	return p;
}

void wipe_free(void *p)
{
	if (p == NULL)
		return;
	/* malloc_usable_size covers the whole block, including slack. */
	size_t n = malloc_usable_size(p);
	explicit_bzero(p, n);
	atomic_fetch_sub(&in_use, n);
	free(p);
}

size_t wipe_alloc_in_use(void)
{
	return atomic_load(&in_use);
}

void *wipe_realloc(void *p, size_t n)
{
	if (p == NULL)
		return wipe_malloc(n);
	if (n == 0) {
		wipe_free(p);
		return NULL;
	}
	size_t old = malloc_usable_size(p);
	if (n <= old)
		return p; /* fits: no copy left behind */
	void *q = wipe_malloc(n);
	if (q == NULL)
		return NULL;
	memcpy(q, p, old);
	wipe_free(p);
	return q;
}

void wipe_alloc_install(void)
{
	cJSON_Hooks hooks = {.malloc_fn = wipe_malloc, .free_fn = wipe_free};
	cJSON_InitHooks(&hooks);
	event_set_mem_functions(wipe_malloc, wipe_realloc, wipe_free);
}
