/*
 * dm_route.h - which unit receives a report and who settles it
 * (docs/DEADLINES.md §5; Law on Denunciations 25/2018/QH14 Art. 13, competence
 * of administrative bodies, as the
 * two-tier administration of 2025 applies them).
 *
 * The province that decides is the accused's (for a complaint, the
 * deciding agency's), not the reporter's. The accused's level decides
 * between the provincial inspectorate TT-<p> and the Government
 * Inspectorate TTCP. Read-only after dm_init(); safe from any thread.
 */
#ifndef TOCAO_DM_ROUTE_H
#define TOCAO_DM_ROUTE_H

#include <stddef.h>

#include "dm_case.h"
#include "dm_parse.h"
#include "dm_units.h"
#include "tc_err.h"

struct dm_route {
	const struct dm_unit *unit;   /* the inbox: TTCP or TT-<province> */
	const char *resolver;         /* Vietnamese: "Chủ tịch Ủy ban nhân dân cấp xã" */
	const char *resolver_en;      /* English */
	const char *basis;            /* "Luật Tố cáo 2018, Điều 13(1)" */
};

/*
 * Route a report. province: a code of the 34 (e.g. "96"); commune: a
 * 5-digit code or NULL. Static strings; the unit lives for the process.
 * Errors, each distinct so callers can name the faulty field:
 *   TC_ENOENT - province is NULL or not one of the 34 codes
 *   TC_ERANGE - commune is given but not one of the 3,321 codes
 *   DM_EPROVINCE_MISMATCH - commune exists but belongs to another province
 *   TC_EINVAL - level is not a dm_level value
 */
#define DM_EPROVINCE_MISMATCH (-EXDEV) /* errno-compatible, like every tc_err */
int dm_route(const char *province, const char *commune, enum dm_level level,
	     struct dm_route *out) TC_WUR;

/* A one-line English message for an error of dm_route(). */
const char *dm_route_strerror(int err);

/*
 * Map a pre-2025 province code (the 63 of before Resolution 202/2025/QH15)
 * to the province it is part of now. *old_name (may be NULL) gets the old
 * name ("Bắc Giang"). TC_ENOENT if old_code is not one of the 63.
 */
int dm_old_province_map(const char *old_code, const struct dm_province **new_out,
			const char **old_name) TC_WUR;

/* Number of old provinces loaded (63), and the i-th old code, for listings. */
size_t dm_old_province_count(void);
const char *dm_old_province_code_at(size_t i);

/*
 * Parse the old-province table (CSV old_code,old_name,new_code with a
 * header; '#' comment lines). Needs the units loaded. Called by dm_init();
 * TC_EBUSY once loaded; TC_EFORMAT with *err for a malformed line, an
 * unknown new code, a duplicate old code; TC_ENOMEM.
 */
int dm_old_provinces_load(const char *text, size_t len, struct dm_parse_error *err) TC_WUR;

#endif
