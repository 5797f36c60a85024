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

/*
 * Whether a stored unit message (the reporter's copy of a
 * STORE_MSG_FROM_UNIT_SIGNED message: cr_signed_message_encode's block) is
 * the inspectorate's, for case_id and the message's day
 * (docs/FORMAT.md "Signed unit messages"):
 *   CR_MSG_SIGNED          the signature verifies and its signer is one of
 *                          known, an inspector of the unit signed;
 *   CR_MSG_SIGNED_REVOKED  the signature verifies, the signer is no longer
 *                          known (revoked), and the server's acceptance tag
 *                          shows that it was when the message was stored;
 *   CR_MSG_FORGED          anything else: never shown to the reporter.
 * out (may be NULL) gets the decoded block (its sealed box points into block).
 */
enum cr_msg_trust { CR_MSG_FORGED = 0, CR_MSG_SIGNED = 1, CR_MSG_SIGNED_REVOKED = 2 };
enum cr_msg_trust cr_signed_message_check(const struct cr_server_key *key,
					  const struct principal *known, size_t n_known,
					  const char *case_id, int32_t day, const uint8_t *block,
					  size_t len, struct cr_signed_message *out);

#endif
