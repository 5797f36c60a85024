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

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void tcc_message_free(struct tcc_message *m)
{
	free(m->text);
	for (size_t i = 0; i < m->n_files; i++)
		cr_attachment_free(m->files[i].data);
	free(m->files);
	cJSON_Delete(m->body);
	memset(m, 0, sizeof(*m));
}

/* The n blobs after the envelope, from off: each opened under env's content key. */
static int open_files(const uint8_t *bytes, size_t len, size_t off, const uint8_t *env,
		      size_t env_len, const struct cr_unit_secret *sec, struct tcc_message *out)
{
	unsigned n = (unsigned)bytes[off] << 8 | bytes[off + 1];
	off += 2;
	out->files = n ? calloc(n, sizeof(*out->files)) : NULL;
	if (n && out->files == NULL)
		return TC_ENOMEM;
	for (unsigned i = 0; i < n; i++) {
		if (len - off < 4 || be32(bytes + off) > len - off - 4)
			return TC_EFORMAT;
		size_t bl = be32(bytes + off);
		struct tcc_file *f = &out->files[out->n_files];
		int rc = cr_attachment_open(env, env_len, bytes + off + 4, bl, sec, &f->index, &f->data,
					    &f->len);
		if (rc != TC_OK)
			return rc;
		out->n_files++;
		off += 4 + bl;
	}
	return TC_OK;
}

/* A reporter's message: its own envelope ({"text", "attachments"}), then its files. */
static int open_reporter_message(const uint8_t *bytes, size_t len,
				 const struct cr_unit_secret *sec, struct tcc_message *out)
{
	if (len < 6 || be32(bytes) > len - 6)
		return TC_EFORMAT;
	size_t env_len = be32(bytes);
	const uint8_t *env = bytes + 4;
	struct cr_envelope_opened op = {0};
	int rc = cr_envelope_open(env, env_len, sec, &op);
	if (rc == TC_OK)
		out->body = cJSON_ParseWithLength((const char *)op.body, op.body_len);
	cr_envelope_opened_free(&op);
	const cJSON *text = cJSON_GetObjectItemCaseSensitive(out->body, "text");
	if (rc == TC_OK && !cJSON_IsString(text))
		rc = TC_EFORMAT;
	if (rc == TC_OK)
		out->text = strdup(text->valuestring);
	if (rc == TC_OK && out->text == NULL)
		rc = TC_ENOMEM;
	return rc == TC_OK ? open_files(bytes, len, 4 + env_len, env, env_len, sec, out) : rc;
}

int tcc_open_message(const char *from, const uint8_t *sealed, size_t len,
		     const struct cr_unit_secret *sec, struct tcc_message *out)
{
	memset(out, 0, sizeof(*out));
	int rc;
	if (strcmp(from, "reporter") == 0) {
		rc = open_reporter_message(sealed, len, sec, out);
	} else if (len <= CR_SEAL_OVERHEAD) {
		rc = TC_EFORMAT;
	} else {
		/* The unit's own words (a reply, or an internal note), sealed to its key. */
		out->text = malloc(len - CR_SEAL_OVERHEAD + 1);
		rc = out->text ? cr_unit_open_sealed(sec, sealed, len, (uint8_t *)out->text)
			       : TC_ENOMEM;
		if (rc == TC_OK)
			out->text[len - CR_SEAL_OVERHEAD] = '\0';
	}
	if (rc != TC_OK)
		tcc_message_free(out);
	return rc;
}

const char *tcc_file_meta(const cJSON *body, unsigned index, const char *member)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(body, "attachments");
	const cJSON *a = cJSON_GetArrayItem(list, (int)index);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, member);
	return cJSON_IsString(v) ? v->valuestring : "";
}
