/* store_internal.h - what the store's own files share (never included outside store/). */
#ifndef TOCAO_STORE_INTERNAL_H
#define TOCAO_STORE_INTERNAL_H

#include <lmdb.h>

#include "store.h"

/* The LMDB environment of an open store. */
MDB_env *store_env(struct store *st);

#endif
