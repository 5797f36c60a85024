/*
 * tc_open.c - decryption on the inspector's machine: a case's envelope
 * (and the identity, once revealed), the unit's copy of a message or note,
 * an attachment. The unit's secret key never leaves this machine.
 */
#include <stdlib.h>
#include <string.h>

#include "tc_base64.h"
#include "tc_client.h"

char *tcc_b64(const uint8_t *data, size_t n)
{
	char *s = malloc(tc_base64_len(n) + 1);
	if (s)
		tc_base64_encode(data, n, s);
	return s;
}

uint8_t *tcc_unb64(const char *s, size_t *len)
{
	size_t n = strlen(s);
	uint8_t *out = malloc(n / 4 * 3 + 3);
	if (out && tc_base64_decode(s, n, out, len) != TC_OK) {
		free(out);
		return NULL;
	}
	return out;
}

int tcc_open_case(const cJSON *case_doc, const struct cr_unit_secret *sec, cJSON **body,
		  cJSON **ident)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(case_doc, "envelope");
	size_t env_len = 0;
	uint8_t *env = cJSON_IsString(e) ? tcc_unb64(e->valuestring, &env_len) : NULL;
	struct cr_envelope_opened o = {0};
	*body = *ident = NULL;
	int rc = env ? cr_envelope_open(env, env_len, sec, &o) : TC_EFORMAT;
	free(env);
	if (rc != TC_OK)
		return rc;
	*body = cJSON_ParseWithLength((const char *)o.body, o.body_len);
	if (o.identity)
		*ident = cJSON_ParseWithLength((const char *)o.identity, o.identity_len);
	cr_envelope_opened_free(&o);
	return *body ? TC_OK : TC_EFORMAT;
}

int tcc_open_unit_text(const char *b64, const struct cr_unit_secret *sec, char **text)
{
	size_t len = 0;
	uint8_t *bytes = tcc_unb64(b64, &len);
	*text = NULL;
	if (bytes == NULL || len <= CR_SEAL_OVERHEAD) {
		free(bytes);
		return TC_EFORMAT;
	}
	char *t = malloc(len - CR_SEAL_OVERHEAD + 1);
	int rc = t ? cr_unit_open_sealed(sec, bytes, len, (uint8_t *)t) : TC_ENOMEM;
	free(bytes);
	if (rc != TC_OK) {
		free(t);
		return rc;
	}
	t[len - CR_SEAL_OVERHEAD] = '\0';
	*text = t;
	return TC_OK;
}

int tcc_open_attachment(const char *env_b64, const uint8_t *blob, size_t blob_len,
			const struct cr_unit_secret *sec, unsigned *index, uint8_t **data,
			size_t *len)
{
	size_t env_len = 0;
	uint8_t *env = tcc_unb64(env_b64, &env_len);
	int rc = env ? cr_attachment_open(env, env_len, blob, blob_len, sec, index, data, len)
		     : TC_EFORMAT;
	free(env);
	return rc;
}
