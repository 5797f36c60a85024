/*
 * cr_principal.h - a principal: an inspector or a monitor, known to the
 * server by its public signing key (DIR/principals/NAME.pub). The instance
 * layer loads them (instance.h) and the front end's sessions check them
 * (intake/front/auth.h); the type lives here, below both, so that neither
 * has to include the other.
 */
#ifndef TOCAO_CR_PRINCIPAL_H
#define TOCAO_CR_PRINCIPAL_H

#include "cr.h"

struct principal {
	struct cr_signer_pub pub; /* role ("inspector" | "monitor"), scope, key */
};

#endif
