#include <string.h>

#include "tc_err.h"

const char *tc_strerror(int err)
{
	switch (err) {
	case TC_OK: return "success";
	case TC_EFULL: return "store full";
	case TC_ECRYPTO: return "authentication failed (wrong key or tampered data)";
	case TC_EFORMAT: return "malformed data";
	case TC_ESTATE: return "not allowed in the current state";
	case TC_ECORRUPT: return "integrity check failed";
	case TC_EVERSION: return "unsupported version";
	case TC_ESTOPPED: return "shutting down";
	case TC_ELOCKED: return "the key file is protected by a passphrase";
	default:
		if (err < 0 && err > -4096)
			return strerror(-err);
		return "unknown error";
	}
}
