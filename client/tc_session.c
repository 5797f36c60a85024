/*
 * tc_session.c - a signed-in session against the daemon: sign in by a
 * signed challenge (no password), one JSON request at a time, and a second
 * sign-in by itself when the daemon says 401.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tc_client.h"
#include "tc_https.h"

struct tcc_session {
	struct tcc_conf conf;
	char token[64];
	int signins;
	/*
	 * The identity, unlocked once (a passphrase is asked at most once per
	 * session, before any network) and kept for signing in again after a 401.
	 */
	struct cr_signer *me;
};

void tcc_result_free(struct tcc_result *r)
{
	cJSON_Delete(r->doc);
	r->doc = NULL;
}

const char *tcc_problem(const struct tcc_result *r)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(r->doc, "detail");
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(r->doc, "title");
	if (r->status < 0)
		return r->error;
	return cJSON_IsString(d) ? d->valuestring : cJSON_IsString(t) ? t->valuestring : "";
}

struct tcc_session *tcc_session_new(const struct tcc_conf *conf)
{
	struct tcc_session *s = calloc(1, sizeof(*s));
	if (s)
		s->conf = *conf;
	return s;
}

void tcc_session_free(struct tcc_session *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s->token, sizeof(s->token));
	cr_signer_free(s->me);
	free(s);
}

const struct tcc_conf *tcc_session_conf(const struct tcc_session *s)
{
	return &s->conf;
}

const char *tcc_token(const struct tcc_session *s)
{
	return s->token;
}

int tcc_signins(const struct tcc_session *s)
{
	return s->signins;
}

/*
 * One request with the current token (if any); r is reset first. With raw,
 * a 200's body is handed over as bytes instead of parsed.
 */
static int call_raw(struct tcc_session *s, const char *method, const char *path,
		    const cJSON *body, const char *idem, struct tcc_blob *raw, struct tcc_result *r)
{
	char *text = body ? cJSON_PrintUnformatted(body) : NULL;
	struct https_response h;
	memset(r, 0, sizeof(*r));
	r->status = -1;
	if (body && text == NULL) {
		snprintf(r->error, sizeof(r->error), "out of memory");
		return -1;
	}
	int rc = https_request_idem(s->conf.server, s->conf.cacert[0] ? s->conf.cacert : NULL,
				    method, path, s->token[0] ? s->token : NULL, text, idem, &h);
	free(text);
	if (rc != 0) {
		snprintf(r->error, sizeof(r->error), "%s", h.error);
		return -1;
	}
	r->status = h.status;
	if (raw && h.status == 200) {
		raw->data = (uint8_t *)h.body;
		raw->len = h.body_len;
		h.body = NULL;
	} else {
		r->doc = cJSON_ParseWithLength(h.body, h.body_len);
	}
	https_response_free(&h);
	return r->status;
}

static int call_once(struct tcc_session *s, const char *method, const char *path,
		     const cJSON *body, struct tcc_result *r)
{
	return call_raw(s, method, path, body, NULL, NULL, r);
}

int tcc_session_unlock(struct tcc_session *s, char *err, size_t cap)
{
	if (s->me != NULL)
		return TC_OK;
	int rc = cr_signer_load(s->conf.identity, &s->me);
	if (rc != TC_OK)
		snprintf(err, cap, "cannot read the identity %.150s: %s", s->conf.identity,
			 tc_strerror(rc));
	return rc;
}

int tcc_session_unit_key(struct tcc_session *s, const char *path, struct cr_unit_secret **out,
			 char *err, size_t cap)
{
	int rc;
	if (!cr_key_file_is_wrapped(path)) {
		rc = cr_unit_secret_load(path, out);
	} else {
		/* Wrapped for this inspector: it opens with the identity unlocked once. */
		rc = tcc_session_unlock(s, err, cap);
		if (rc != TC_OK)
			return rc;
		rc = cr_unit_unwrap_load(path, s->me, out);
	}
	if (rc != TC_OK)
		snprintf(err, cap, "cannot read the unit key %.150s: %s", path, tc_strerror(rc));
	return rc;
}

int tcc_my_key(const struct tcc_session *s, uint8_t pk[CR_SIGN_PK_BYTES])
{
	if (s->me == NULL)
		return TC_ESTATE;
	cr_signer_pk(s->me, pk);
	return TC_OK;
}

/* The sign-in body for challenge (base64 members), signed by me; NULL on failure. */
static cJSON *signin_body(const struct cr_signer *me, const uint8_t *challenge)
{
	uint8_t pk[CR_SIGN_PK_BYTES], msg[CR_SESSION_SIGNED_BYTES], sig[CR_SIG_BYTES];
	cr_signer_pk(me, pk);
	cr_session_signed_message(challenge, pk, msg);
	cr_signer_sign(me, msg, sizeof(msg), sig);
	char *s1 = tcc_b64(pk, sizeof(pk)), *s2 = tcc_b64(challenge, CR_SESSION_CHALLENGE_BYTES);
	char *s3 = tcc_b64(sig, sizeof(sig));
	cJSON *body = s1 && s2 && s3 ? cJSON_CreateObject() : NULL;
	if (body) {
		cJSON_AddStringToObject(body, "public_key", s1);
		cJSON_AddStringToObject(body, "challenge", s2);
		cJSON_AddStringToObject(body, "signature", s3);
	}
	free(s1);
	free(s2);
	free(s3);
	return body;
}

int tcc_signin(struct tcc_session *s, struct tcc_result *r)
{
	s->token[0] = '\0';
	memset(r, 0, sizeof(*r));
	if (tcc_session_unlock(s, r->error, sizeof(r->error)) != TC_OK)
		return r->status = -1;
	cJSON *empty = cJSON_CreateObject();
	int st = call_once(s, "POST", "/api/v1/sessions/challenge", empty, r);
	cJSON_Delete(empty);
	const cJSON *ch = cJSON_GetObjectItemCaseSensitive(r->doc, "challenge");
	size_t clen = 0;
	uint8_t *challenge = st == 201 && cJSON_IsString(ch) ? tcc_unb64(ch->valuestring, &clen) : NULL;
	if (challenge == NULL || clen != CR_SESSION_CHALLENGE_BYTES) {
		free(challenge);
		if (st == 201) /* a 201 without a challenge of the right size */
			r->status = 502;
		return r->status;
	}
	tcc_result_free(r);
	cJSON *body = signin_body(s->me, challenge);
	free(challenge);
	if (body == NULL) {
		snprintf(r->error, sizeof(r->error), "out of memory");
		return r->status = -1;
	}
	st = call_once(s, "POST", "/api/v1/sessions", body, r);
	cJSON_Delete(body);
	const cJSON *tok = cJSON_GetObjectItemCaseSensitive(r->doc, "token");
	if (st != 201 || !cJSON_IsString(tok) || strlen(tok->valuestring) >= sizeof(s->token))
		return st == 201 ? (r->status = 502) : st;
	memcpy(s->token, tok->valuestring, strlen(tok->valuestring) + 1);
	s->signins++;
	return st;
}

static int call_signed_in(struct tcc_session *s, const char *method, const char *path,
			  const cJSON *body, const char *idem, struct tcc_blob *raw,
			  struct tcc_result *r)
{
	if (s->token[0] == '\0') {
		int st = tcc_signin(s, r);
		if (st != 201)
			return st;
		tcc_result_free(r);
	}
	int st = call_raw(s, method, path, body, idem, raw, r);
	if (st != 401)
		return st;
	/* The session expired or was ended: sign in again, once, and repeat the request. */
	tcc_result_free(r);
	st = tcc_signin(s, r);
	if (st != 201)
		return st;
	tcc_result_free(r);
	return call_raw(s, method, path, body, idem, raw, r);
}

int tcc_call(struct tcc_session *s, const char *method, const char *path, const cJSON *body,
	     struct tcc_result *r)
{
	return call_signed_in(s, method, path, body, NULL, NULL, r);
}

int tcc_call_idem(struct tcc_session *s, const char *method, const char *path,
		  const cJSON *body, const char *idem, struct tcc_result *r)
{
	return call_signed_in(s, method, path, body, idem, NULL, r);
}

int tcc_get_bytes(struct tcc_session *s, const char *path, struct tcc_blob *blob,
		  struct tcc_result *r)
{
	blob->data = NULL;
	blob->len = 0;
	return call_signed_in(s, "GET", path, NULL, NULL, blob, r);
}

void tcc_blob_free(struct tcc_blob *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
}
