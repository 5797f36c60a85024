/*
 * cr_message.c - unit messages signed by an inspector (cr.h, docs/FORMAT.md
 * "Signed unit messages"): the bytes signed, and the stored block that
 * carries the signature beside the reporter's sealed copy.
 */
#include <string.h>

#include <sodium.h>

#include "cr.h"
#include "cr_principal.h"

#define SIGNED_MSG_VERSION 1

/* A unit id as headers hold it: 1 to 7 of A-Z, 0-9, '-', NUL-padded to 8. */
static int unit_ok(const char *unit, size_t cap)
{
	size_t n = strnlen(unit, cap);
	if (n == 0 || n >= 8)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((unit[i] >= 'A' && unit[i] <= 'Z') || (unit[i] >= '0' && unit[i] <= '9') ||
		      unit[i] == '-'))
			return 0;
	return 1;
}

int cr_unit_message_signed(const char *case_id, const char *unit, int32_t day,
			   const uint8_t *sealed, size_t sealed_len,
			   uint8_t out[CR_MSG_SIGNED_BYTES])
{
	if (case_id == NULL || !cr_case_id_is_valid(case_id) || unit == NULL ||
	    !unit_ok(unit, CR_UNIT_MAX))
		return TC_EINVAL;
	uint8_t *p = out;
	memcpy(p, CR_MSG_CONTEXT, sizeof(CR_MSG_CONTEXT)); /* with its NUL */
	p += sizeof(CR_MSG_CONTEXT);
	memcpy(p, case_id, CR_CASE_ID_LEN);
	p += CR_CASE_ID_LEN;
	memset(p, 0, 8);
	memcpy(p, unit, strnlen(unit, 7));
	p += 8;
	uint32_t d = (uint32_t)day;
	p[0] = (uint8_t)(d >> 24);
	p[1] = (uint8_t)(d >> 16);
	p[2] = (uint8_t)(d >> 8);
	p[3] = (uint8_t)d;
	p += 4;
	uint8_t pers[crypto_generichash_blake2b_PERSONALBYTES] = {0};
	memcpy(pers, "tocao-msg-body", 14);
	crypto_generichash_blake2b_salt_personal(p, CR_HASH_BYTES, sealed, sealed_len, NULL, 0,
						 NULL, pers);
	return TC_OK;
}

int cr_signed_message_encode(const struct cr_signed_message *m, uint8_t *out)
{
	if (!unit_ok(m->unit, sizeof(m->unit)) || m->sealed_len <= CR_SEAL_OVERHEAD)
		return TC_EINVAL;
	uint8_t *p = out;
	*p++ = SIGNED_MSG_VERSION;
	memset(p, 0, 8);
	memcpy(p, m->unit, strnlen(m->unit, 7));
	p += 8;
	memcpy(p, m->signer, CR_SIGN_PK_BYTES);
	p += CR_SIGN_PK_BYTES;
	memcpy(p, m->sig, CR_SIG_BYTES);
	p += CR_SIG_BYTES;
	memcpy(p, m->tag, CR_HASH_BYTES);
	p += CR_HASH_BYTES;
	memcpy(p, m->sealed, m->sealed_len);
	return TC_OK;
}

int cr_signed_message_decode(const uint8_t *in, size_t len, struct cr_signed_message *out)
{
	memset(out, 0, sizeof(*out));
	if (len <= CR_SIGNED_MSG_HEADER + CR_SEAL_OVERHEAD || in[0] != SIGNED_MSG_VERSION)
		return TC_EFORMAT;
	const uint8_t *p = in + 1;
	memcpy(out->unit, p, 8);
	size_t n = strnlen(out->unit, 8);
	if (!unit_ok(out->unit, 8))
		return TC_EFORMAT;
	for (size_t i = n; i < 8; i++) /* one encoding: the padding is zero */
		if (p[i] != 0)
			return TC_EFORMAT;
	p += 8;
	memcpy(out->signer, p, CR_SIGN_PK_BYTES);
	p += CR_SIGN_PK_BYTES;
	memcpy(out->sig, p, CR_SIG_BYTES);
	p += CR_SIG_BYTES;
	memcpy(out->tag, p, CR_HASH_BYTES);
	p += CR_HASH_BYTES;
	out->sealed = p;
	out->sealed_len = len - CR_SIGNED_MSG_HEADER;
	return TC_OK;
}

enum cr_msg_trust cr_signed_message_check(const struct cr_server_key *key,
					  const struct principal *known, size_t n_known,
					  const char *case_id, int32_t day, const uint8_t *block,
					  size_t len, struct cr_signed_message *out)
{
	struct cr_signed_message m;
	uint8_t bytes[CR_MSG_SIGNED_BYTES], tag[CR_HASH_BYTES];
	if (out)
		memset(out, 0, sizeof(*out));
	if (cr_signed_message_decode(block, len, &m) != TC_OK ||
	    cr_unit_message_signed(case_id, m.unit, day, m.sealed, m.sealed_len, bytes) != TC_OK ||
	    cr_sign_verify(m.signer, bytes, sizeof(bytes), m.sig) != TC_OK)
		return CR_MSG_FORGED;
	if (out)
		*out = m;
	for (size_t i = 0; i < n_known; i++)
		if (strcmp(known[i].pub.role, "inspector") == 0 &&
		    strcmp(known[i].pub.scope, m.unit) == 0 &&
		    memcmp(known[i].pub.pk, m.signer, CR_SIGN_PK_BYTES) == 0)
			return CR_MSG_SIGNED;
	if (key == NULL)
		return CR_MSG_FORGED;
	cr_message_accept_tag(key, bytes, m.signer, m.sig, tag);
	return sodium_memcmp(tag, m.tag, sizeof(tag)) == 0 ? CR_MSG_SIGNED_REVOKED : CR_MSG_FORGED;
}
