/*
 * reception_request.c - the body of POST /api/v1/reception (reception_request.h).
 */
#include <stdlib.h>
#include <string.h>

#include "reception_request.h"
#include "tc_base64.h"

static const char *const MEMBERS[] = {
	"case_id", "envelope", "attachments", "kind", "identity", "category", "province",
	"commune", "level", "unit", "channel", "received_on", "origin", "complaint", NULL};

void reception_req_free(struct reception_req *r)
{
	free(r->envelope);
	for (size_t i = 0; i < r->n_atts; i++)
		free(r->atts[i]);
	memset(r, 0, sizeof(*r));
}

static const char *str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

/* A base64 string of 1..max bytes into a malloc'd buffer; NULL if not. */
static uint8_t *b64(const cJSON *v, size_t max, size_t *len)
{
	if (!cJSON_IsString(v) || v->valuestring == NULL)
		return NULL;
	size_t n = strlen(v->valuestring);
	if (n == 0 || n > tc_base64_len(max))
		return NULL;
	uint8_t *out = malloc(n / 4 * 3 + 3);
	if (out && (tc_base64_decode(v->valuestring, n, out, len) != TC_OK || *len == 0 ||
		    *len > max)) {
		free(out);
		return NULL;
	}
	return out;
}

static const char *unknown_member(const cJSON *root)
{
	for (const cJSON *m = root->child; m; m = m->next) {
		int known = 0;
		for (const char *const *n = MEMBERS; *n; n++)
			known |= m->string && strcmp(m->string, *n) == 0;
		if (!known)
			return "Unknown member: the body has case_id, envelope, attachments, kind, "
			       "identity, category, province, commune, level, unit, channel, "
			       "received_on, origin, complaint.";
	}
	return NULL;
}

/* The sealed bytes: the envelope and the attachments. */
static int decode_sealed(const cJSON *root, size_t max_files, size_t max_file,
			 struct reception_req *out, const char **field, const char **why)
{
	out->envelope = b64(cJSON_GetObjectItemCaseSensitive(root, "envelope"),
			    RECEPTION_ENVELOPE_MAX, &out->envelope_len);
	if (out->envelope == NULL) {
		*field = "envelope";
		*why = "The sealed envelope in base64 (docs/FORMAT.md \"Envelope\"), at most 512 KiB.";
		return TC_EINVAL;
	}
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "attachments");
	if (list == NULL || cJSON_IsNull(list))
		return TC_OK;
	*field = "attachments";
	if (!cJSON_IsArray(list)) {
		*why = "An array of sealed attachments in base64.";
		return TC_EINVAL;
	}
	int n = cJSON_GetArraySize(list);
	if (n < 0 || (size_t)n > max_files || (size_t)n > CR_ATTACHMENTS_MAX) {
		*why = "Too many attachments for one report.";
		return TC_EINVAL;
	}
	for (const cJSON *a = list->child; a; a = a->next) {
		out->atts[out->n_atts] = b64(a, max_file, &out->att_len[out->n_atts]);
		if (out->atts[out->n_atts] == NULL) {
			*why = "Each attachment: its sealed bytes in base64, within the size limit "
			       "of one file.";
			return TC_EINVAL;
		}
		out->n_atts++;
	}
	*field = NULL;
	return TC_OK;
}

#define FAIL(f, w) do { *field = (f); *why = (w); return TC_EINVAL; } while (0)

/* kind, identity, category: the track follows. */
static int decode_kind(const cJSON *root, struct reception_req *out, const char **field,
		       const char **why)
{
	const char *s = str(root, "kind");
	if (s == NULL || dm_kind_parse(s, &out->kind) != TC_OK)
		FAIL("kind", "denunciation | complaint | petition");
	s = str(root, "identity");
	if (s == NULL || dm_identity_parse(s, &out->identity) != TC_OK)
		FAIL("identity", "anonymous | named | confidential");
	if (dm_track_for(out->kind, out->identity, &out->track) != TC_OK)
		FAIL("identity", "A complaint cannot be anonymous (Law on Complaints).");
	s = str(root, "category");
	if (s == NULL || dm_category_parse(s, &out->category) != TC_OK)
		FAIL("category", "Not a category (docs/API.md).");
	return TC_OK;
}

/* province, commune, level, unit. */
static int decode_routing(const cJSON *root, struct reception_req *out, const char **field,
			  const char **why)
{
	const char *s = str(root, "province");
	const struct dm_province *p = s ? dm_province_find(s) : NULL;
	if (p == NULL)
		FAIL("province", "A province code of the 34 (since 2025-07-01).");
	memcpy(out->province, p->code, 3);
	s = str(root, "commune");
	if (s) {
		const struct dm_commune *c = dm_commune_find(s);
		if (c == NULL || c->province != p)
			FAIL("commune", "A commune code of that province, or absent.");
		memcpy(out->commune, c->code, 6);
	}
	s = str(root, "level");
	if (s && dm_level_parse(s, &out->level) != TC_OK)
		FAIL("level", "Not a level (docs/API.md).");
	s = str(root, "unit");
	if (s == NULL || (out->unit = dm_unit_find(s)) == NULL)
		FAIL("unit", "The competent unit: TTCP or TT-<province code>.");
	return TC_OK;
}

/* channel, received_on, origin, complaint {subject, instance}. */
static int decode_reception(const cJSON *root, struct reception_req *out, const char **field,
			    const char **why)
{
	const char *s = str(root, "channel");
	if (s == NULL || dm_channel_parse(s, &out->channel) != TC_OK ||
	    out->channel == DM_CHANNEL_WEB)
		FAIL("channel", "in_person | post | forwarded | mailbox");
	s = str(root, "received_on");
	if (s == NULL || dm_day_parse(s, strlen(s), &out->received) != TC_OK)
		FAIL("received_on", "The day the unit received it, YYYY-MM-DD.");
	s = str(root, "origin");
	if (s && dm_origin_parse(s, &out->origin) != TC_OK)
		FAIL("origin", "direct | press | deputy | agency");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(root, "complaint");
	if (c == NULL || cJSON_IsNull(c))
		return TC_OK;
	if (!cJSON_IsObject(c) || out->kind != DM_KIND_COMPLAINT)
		FAIL("complaint", "An object, for complaints only.");
	s = str(c, "subject");
	if (s && dm_subject_parse(s, &out->subject) != TC_OK)
		FAIL("complaint.subject", "Not a complaint's subject (docs/API.md).");
	s = str(c, "instance");
	if (s && strcmp(s, "first") != 0 && strcmp(s, "second") != 0)
		FAIL("complaint.instance", "first | second");
	out->instance = s && strcmp(s, "second") == 0 ? 2 : 1;
	return TC_OK;
}

int reception_decode(const cJSON *root, size_t max_files, size_t max_file,
		     struct reception_req *out, const char **field, const char **why)
{
	memset(out, 0, sizeof(*out));
	out->level = DM_LEVEL_UNKNOWN;
	out->instance = 1;
	*field = NULL;
	*why = unknown_member(root);
	const char *id = str(root, "case_id");
	if (*why)
		*field = "";
	else if (id == NULL || !cr_case_id_is_valid(id))
		*field = "case_id", *why = "8 Crockford base32 symbols, made on the officer's machine.";
	if (*field == NULL) {
		memcpy(out->case_id, id, CR_CASE_ID_LEN + 1);
		if (decode_kind(root, out, field, why) == TC_OK &&
		    decode_routing(root, out, field, why) == TC_OK &&
		    decode_reception(root, out, field, why) == TC_OK &&
		    decode_sealed(root, max_files, max_file, out, field, why) == TC_OK)
			return TC_OK;
	}
	reception_req_free(out);
	return TC_EINVAL;
}
