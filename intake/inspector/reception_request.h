/*
 * reception_request.h - decoding POST /api/v1/reception (docs/API.md
 * "Reception entries"): a report taken at a reception office, sealed on the
 * officer's machine, with the routing facts the server needs and can check
 * without its content. Untrusted bytes even from a signed-in inspector:
 * pure, bounded, fuzzed (tests/fuzz/fuzz_inspector.c).
 */
#ifndef TOCAO_RECEPTION_REQUEST_H
#define TOCAO_RECEPTION_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "cr.h"
#include "dm_case.h"
#include "dm_date.h"
#include "dm_reception.h"
#include "dm_units.h"
#include "tc_err.h"

/* An envelope's bytes at most (a report's body and identity, sealed). */
#define RECEPTION_ENVELOPE_MAX (512u << 10)

struct reception_req {
	char case_id[CR_CASE_ID_LEN + 1];
	uint8_t *envelope;                 /* malloc'd */
	size_t envelope_len;
	uint8_t *atts[CR_ATTACHMENTS_MAX]; /* sealed attachments, malloc'd */
	size_t att_len[CR_ATTACHMENTS_MAX];
	size_t n_atts;
	enum dm_kind kind;
	enum dm_identity identity;
	enum dm_track track;
	enum dm_category category;
	char province[3];
	char commune[6];                   /* "" if not given */
	enum dm_level level;
	const struct dm_unit *unit;        /* the unit the client routed it to */
	enum dm_channel channel;           /* never DM_CHANNEL_WEB */
	dm_day received;                   /* the day the unit received it (not yet checked) */
	enum dm_origin origin;
	enum dm_subject subject;
	int instance;                      /* 1 or 2 */
};

/*
 * Decode root: TC_OK and out filled (free with reception_req_free), or
 * TC_EINVAL with *field (the member) and *why (English, never the
 * content) and nothing to free. max_files and max_file bound the
 * attachments' number and each one's sealed bytes.
 */
int reception_decode(const cJSON *root, size_t max_files, size_t max_file,
		     struct reception_req *out, const char **field, const char **why) TC_WUR;
void reception_req_free(struct reception_req *r);

#endif
