/*
 * dm_units.h - the administrative units (34 provinces, 3,321 communes;
 * Law 72/2025/QH15) and the 35 inspectorate units that receive reports.
 *
 * The tables are parsed once from the embedded reference CSV by dm_init()
 * and are read-only afterwards, so lookups are safe from any thread.
 * Returned pointers are valid for the life of the process.
 */
#ifndef TOCAO_DM_UNITS_H
#define TOCAO_DM_UNITS_H

#include <stddef.h>

#include "tc_err.h"

#define DM_PROVINCE_COUNT 34
#define DM_UNIT_COUNT (DM_PROVINCE_COUNT + 1)
/* "TT-96" or "TTCP" plus NUL, with room to spare. */
#define DM_UNIT_ID_MAX 8

struct dm_unit {
	char id[DM_UNIT_ID_MAX];   /* "TTCP" or "TT-<province code>" */
	const char *name;          /* "Thanh tra tỉnh Cà Mau", "Thanh tra Chính phủ" */
	const char *name_en;       /* "Ca Mau Provincial Inspectorate" */
	const struct dm_province *province; /* NULL for TTCP */
};

struct dm_province {
	char code[3];              /* two digits, "01".."96" */
	const char *name;          /* "Cà Mau" */
	const char *full_name;     /* "Tỉnh Cà Mau" */
	const char *name_en;
	const char *full_name_en;
	const struct dm_unit *unit;
	size_t commune_first;      /* this province's communes: index range in */
	size_t commune_count;      /* dm_commune_at(), sorted by code */
};

struct dm_commune {
	char code[6];              /* five digits */
	const struct dm_province *province;
	const char *name;
	const char *full_name;     /* "Phường Ba Đình" */
	const char *name_en;
	const char *full_name_en;
};

/*
 * Parse the reference CSV (columns as in data/README: level, code,
 * province_code, name, full_name, name_en, full_name_en, unit_type).
 * Called by dm_init() with the embedded copy. TC_EFORMAT on a malformed
 * file, TC_ENOMEM. Replaces nothing once loaded: TC_EBUSY.
 */
int dm_units_load(const char *csv, size_t len) TC_WUR;

size_t dm_province_count(void);
const struct dm_province *dm_province_at(size_t i);       /* sorted by code */
const struct dm_province *dm_province_find(const char *code); /* NULL if unknown */

size_t dm_commune_count(void);
const struct dm_commune *dm_commune_at(size_t i);
const struct dm_commune *dm_commune_find(const char *code);   /* NULL if unknown */

/* The 35 units: index 0 is TTCP, then provinces in code order. */
size_t dm_unit_count(void);
const struct dm_unit *dm_unit_at(size_t i);
const struct dm_unit *dm_unit_find(const char *id);           /* NULL if unknown */

/* Load every embedded reference table (units, calendar, rules). Idempotent. */
int dm_init(void) TC_WUR;

#endif
