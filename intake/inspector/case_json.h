/*
 * case_json.h - the inspectors' JSON renderers, shared by the list, the
 * case and the answers to changes (docs/API.md "Inspectors").
 */
#ifndef TOCAO_CASE_JSON_H
#define TOCAO_CASE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "dm_date.h"
#include "store.h"

/* A string of data in base64; NULL when out of memory. */
cJSON *case_json_b64(const uint8_t *data, size_t n);
/* A case's summary as listed (and the head of the full case), as of today. */
cJSON *case_json_summary(const struct store_case *c, dm_day today);

#endif
