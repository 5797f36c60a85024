/*
 * tc_err.h - the project's one error space.
 *
 * Every fallible function returns int: 0 (TC_OK) on success, a negative
 * value on failure. System errors are negated errno values (-ENOMEM,
 * -EINVAL, ...); project-specific conditions use the TC_E* codes below,
 * which lie outside errno's range. Results go to out-parameters.
 */
#ifndef TOCAO_TC_ERR_H
#define TOCAO_TC_ERR_H

#include <errno.h>

#define TC_WUR __attribute__((warn_unused_result))

enum tc_err {
	TC_OK = 0,
	TC_ENOMEM = -ENOMEM,
	TC_EINVAL = -EINVAL,
	TC_ENOENT = -ENOENT,    /* not found */
	TC_EEXIST = -EEXIST,    /* already exists */
	TC_EIO = -EIO,
	TC_ERANGE = -ERANGE,    /* value out of the supported range */
	TC_EBUSY = -EBUSY,

	TC_EFULL = -10001,      /* the store is full (or nearly): refuse, 503 */
	TC_ECRYPTO = -10002,    /* authentication or decryption failed */
	TC_EFORMAT = -10003,    /* malformed bytes (envelope, record, key file) */
	TC_ESTATE = -10004,     /* transition not allowed in the current state */
	TC_ECORRUPT = -10005,   /* stored data fails its integrity checks */
	TC_EVERSION = -10006,   /* unsupported format or schema version */
	TC_ESTOPPED = -10007,   /* the component is shutting down */
	TC_ELOCKED = -10008,    /* a key file is protected by a passphrase */
};

/* A short English description of err, never NULL; for logs and CLI messages. */
const char *tc_strerror(int err);

#endif
