/*
 * dm_route.c - routing table (docs/DEADLINES.md §5) and the pre-2025 provinces.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_route.h"

#define OLD_PROVINCE_MAX 80

struct level_route {
	int central;                 /* 1: TTCP, 0: the province's inspectorate */
	const char *vi, *en, *basis;
};

/*
 * Indexed by enum dm_level. The competence of the administrative bodies is
 * Art. 13 of the Law on Denunciations 2018 (Art. 12 states only the
 * principles): (1) the commune chairman over the commune's civil servants;
 * (2) the district chairman over the commune's chairman and vice-chairmen;
 * (3) a provincial department's head over its staff; (4) the provincial
 * chairman over district chairmen and department heads. Since the district
 * level was abolished (2025) we assume the district chairman's powers of
 * (2) passed to the provincial chairman: the text of Art. 13 as amended in
 * 2025 was not read (docs/DEADLINES.md §5, §8); nor were the words of
 * clauses (5)-(7) (heads of bodies under ministries, ministers, the Prime
 * Minister), cited here as the project has numbered them since its start.
 */
static const struct level_route routes[] = {
	[DM_LEVEL_UNKNOWN] = {0, "Đơn vị tiếp nhận phân loại, xác định người có thẩm quyền",
			      "To be classified by the receiving unit",
			      "Luật Tố cáo 2018, Điều 12, 13"},
	[DM_LEVEL_COMMUNE] = {0, "Chủ tịch Ủy ban nhân dân cấp xã",
			      "Chairman of the commune People's Committee",
			      "Luật Tố cáo 2018, Điều 13(1)"},
	[DM_LEVEL_COMMUNE_LEADER] = {0, "Chủ tịch Ủy ban nhân dân cấp tỉnh",
				     "Chairman of the provincial People's Committee",
				     "Luật Tố cáo 2018, Điều 13(2), (4) (chính quyền hai cấp từ 2025)"},
	[DM_LEVEL_PROVINCIAL_AGENCY] = {0, "Thủ trưởng cơ quan chuyên môn thuộc Ủy ban nhân dân cấp tỉnh",
					"Director of the provincial department or agency",
					"Luật Tố cáo 2018, Điều 13(3)"},
	[DM_LEVEL_PROVINCIAL_AGENCY_LEADER] = {0, "Chủ tịch Ủy ban nhân dân cấp tỉnh",
					       "Chairman of the provincial People's Committee",
					       "Luật Tố cáo 2018, Điều 13(4)"},
	[DM_LEVEL_PROVINCIAL_LEADER] = {1, "Thủ tướng Chính phủ (Thanh tra Chính phủ tham mưu)",
					"The Prime Minister, advised by the Government Inspectorate",
					"Luật Tố cáo 2018, Điều 13(7)"},
	[DM_LEVEL_CENTRAL] = {1, "Bộ trưởng, Thủ trưởng cơ quan ngang bộ hoặc Thủ tướng Chính phủ",
			      "The minister, or the Prime Minister",
			      "Luật Tố cáo 2018, Điều 13(5)-(7)"},
};

struct old_province {
	char code[3];
	const char *name;
	const struct dm_province *now;
};

static struct old_province olds[OLD_PROVINCE_MAX];
static size_t n_olds;
static char *olds_text;

int dm_route(const char *province, const char *commune, enum dm_level level,
	     struct dm_route *out)
{
	const struct dm_province *p = dm_province_find(province);
	if (p == NULL)
		return TC_ENOENT;
	if (commune != NULL) {
		const struct dm_commune *c = dm_commune_find(commune);
		if (c == NULL)
			return TC_ERANGE;
		if (c->province != p)
			return DM_EPROVINCE_MISMATCH;
	}
	if (level < DM_LEVEL_UNKNOWN || level > DM_LEVEL_CENTRAL)
		return TC_EINVAL;
	const struct level_route *r = &routes[level];
	out->unit = r->central ? dm_unit_find("TTCP") : p->unit;
	out->resolver = r->vi;
	out->resolver_en = r->en;
	out->basis = r->basis;
	return out->unit != NULL ? TC_OK : TC_ENOENT;
}

const char *dm_route_strerror(int err)
{
	switch (err) {
	case TC_OK: return "ok";
	case TC_ENOENT: return "unknown province code (one of the 34 codes since 2025-07-01)";
	case TC_ERANGE: return "unknown commune code";
	case DM_EPROVINCE_MISMATCH: return "the commune does not belong to that province";
	case TC_EINVAL: return "unknown level";
	default: return tc_strerror(err);
	}
}

int dm_old_province_map(const char *old_code, const struct dm_province **new_out,
			const char **old_name)
{
	if (old_code == NULL)
		return TC_ENOENT;
	for (size_t i = 0; i < n_olds; i++) {
		if (strcmp(olds[i].code, old_code) == 0) {
			*new_out = olds[i].now;
			if (old_name != NULL)
				*old_name = olds[i].name;
			return TC_OK;
		}
	}
	return TC_ENOENT;
}

size_t dm_old_province_count(void) { return n_olds; }

const char *dm_old_province_code_at(size_t i)
{
	return i < n_olds ? olds[i].code : NULL;
}

static int ofail(struct dm_parse_error *err, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int ofail(struct dm_parse_error *err, int line, const char *fmt, ...)
{
	if (err != NULL) {
		va_list ap;
		va_start(ap, fmt);
		err->line = line;
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return TC_EFORMAT;
}

static int two_digits(const char *s)
{
	return strlen(s) == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9';
}

/*
 * One data line "old_code,old_name,new_code" (split in place) appended to
 * tmp[*n]; the name points into line.
 */
static int old_province_row(char *line, int line_no, struct old_province *tmp, size_t *n,
			    struct dm_parse_error *err)
{
	char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
	if (c1 == NULL || c2 == NULL || strchr(c2 + 1, ',') != NULL)
		return ofail(err, line_no, "expected 3 fields");
	*c1 = *c2 = '\0';
	const char *code = line, *name = c1 + 1, *now = c2 + 1;
	if (!two_digits(code) || !two_digits(now) || *name == '\0')
		return ofail(err, line_no, "codes must be two digits and the name non-empty");
	const struct dm_province *p = dm_province_find(now);
	if (p == NULL)
		return ofail(err, line_no, "new province code \"%s\" is not one of the 34", now);
	for (size_t i = 0; i < *n; i++) {
		if (strcmp(tmp[i].code, code) == 0)
			return ofail(err, line_no, "duplicate old code \"%s\"", code);
	}
	if (*n == OLD_PROVINCE_MAX)
		return ofail(err, line_no, "too many lines");
	memcpy(tmp[*n].code, code, 3);
	tmp[*n].name = name;
	tmp[*n].now = p;
	(*n)++;
	return TC_OK;
}

int dm_old_provinces_load(const char *text, size_t len, struct dm_parse_error *err)
{
	struct old_province tmp[OLD_PROVINCE_MAX];
	size_t n = 0;
	int rc = TC_OK, line_no = 0, header = 1;

	if (err != NULL) {
		err->line = 0;
		err->msg[0] = '\0';
	}
	if (olds_text != NULL)
		return TC_EBUSY;
	if (dm_province_count() == 0)
		return ofail(err, 0, "the units must be loaded first");
	if (memchr(text, '\0', len) != NULL)
		return ofail(err, 0, "file contains a NUL byte");
	char *copy = malloc(len + 1);
	if (copy == NULL)
		return TC_ENOMEM;
	memcpy(copy, text, len);
	copy[len] = '\0';
	for (char *line = copy, *next; line != NULL; line = next) {
		line_no++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		size_t ll = strlen(line);
		if (ll > 0 && line[ll - 1] == '\r')
			line[--ll] = '\0';
		if (ll == 0 || line[0] == '#')
			continue;
		if (header) {
			header = 0;
			if (strcmp(line, "old_code,old_name,new_code") != 0) {
				rc = ofail(err, line_no, "header must be old_code,old_name,new_code");
				goto out;
			}
			continue;
		}
		rc = old_province_row(line, line_no, tmp, &n, err);
		if (rc != TC_OK)
			goto out;
	}
	if (header || n == 0) {
		rc = ofail(err, 0, "no data");
		goto out;
	}
	memcpy(olds, tmp, n * sizeof(tmp[0]));
	n_olds = n;
	olds_text = copy;
	copy = NULL;
out:
	free(copy);
	return rc;
}
