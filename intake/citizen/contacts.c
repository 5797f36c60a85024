/*
 * contacts.c - the inspectorates' contacts (contacts.h), parsed once from
 * the embedded CSV (the repository's own reference data: a line that does
 * not parse is skipped), then the instance's DIR/contacts.csv over it at
 * start (the operator's: a bad line stops the start with its number).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>

#include "contacts.h"
#include "dm_units.h"

extern const unsigned char tc_contacts_csv[];
extern const size_t tc_contacts_csv_len;

#define MAX_UNITS 40
#define FIELD_MAX 400

struct contact_line {
	char unit[16], address[FIELD_MAX], phone[128], source[FIELD_MAX];
};

static struct contact_line lines[MAX_UNITS];
static size_t n_lines;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* One CSV field (RFC 4180 quoting) from *p into out; false at the end of the line. */
static bool csv_field(const char **p, const char *end, char *out, size_t cap)
{
	size_t n = 0;
	const char *s = *p;
	bool quoted = s < end && *s == '"';
	if (quoted)
		s++;
	while (s < end) {
		if (quoted && *s == '"' && s + 1 < end && s[1] == '"') {
			s++;
		} else if (quoted && *s == '"') {
			quoted = false;
			s++;
			continue;
		} else if (!quoted && (*s == ',' || *s == '\n')) {
			break;
		}
		if (n + 1 < cap)
			out[n++] = *s;
		s++;
	}
	out[n] = '\0';
	bool more = s < end && *s == ',';
	*p = s < end ? s + 1 : s;
	return more;
}

/* The slot of unit: its line if there is one, else a new one (NULL when full). */
static struct contact_line *slot_of(const char *unit)
{
	for (size_t i = 0; i < n_lines; i++)
		if (strcmp(lines[i].unit, unit) == 0)
			return &lines[i];
	return n_lines < MAX_UNITS ? &lines[n_lines++] : NULL;
}

/*
 * The lines of a contacts CSV (unit,address,reception_phone,source; '#'
 * comments; a header line) into the table, each replacing its unit's line.
 * With strict (an instance's file), a line that does not parse, names no
 * unit or has no source is an error naming it; 0 or its line number.
 */
static size_t parse_text(const char *p, const char *end, bool strict)
{
	bool header = true;
	size_t lineno = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = eol ? eol : end;
		bool comment = *p == '#' || p == line_end;
		lineno++;
		if (comment || header) {
			header = header && comment; /* the first other line is the header */
			p = eol ? eol + 1 : end;
			continue;
		}
		struct contact_line c = {0};
		const char *q = p;
		bool ok = csv_field(&q, line_end, c.unit, sizeof(c.unit)) &&
			  csv_field(&q, line_end, c.address, sizeof(c.address)) &&
			  csv_field(&q, line_end, c.phone, sizeof(c.phone));
		if (ok)
			csv_field(&q, line_end, c.source, sizeof(c.source));
		/* Without a source, nothing of the line is shown. */
		bool sourced = c.source[0] && strncmp(c.source, "chưa có nguồn", 17) != 0;
		if (!sourced)
			c.address[0] = c.phone[0] = '\0';
		struct contact_line *to = ok && dm_unit_find(c.unit) ? slot_of(c.unit) : NULL;
		if (strict && (to == NULL || !sourced))
			return lineno;
		if (to)
			*to = c;
		p = eol ? eol + 1 : end;
	}
	return 0;
}

static void parse(void)
{
	const char *p = (const char *)tc_contacts_csv;
	(void)parse_text(p, p + tc_contacts_csv_len, false);
}

int contacts_load_instance(const char *dir, char *err, size_t cap)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/contacts.csv", dir);
	pthread_once(&once, parse);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return 0; /* none: the built-in lines */
	static char text[64 * 1024];
	size_t n = fread(text, 1, sizeof(text), f);
	int more = fgetc(f) != EOF;
	fclose(f);
	if (more) {
		snprintf(err, cap, "%s: larger than 64 KiB", path);
		return -1;
	}
	size_t bad = parse_text(text, text + n, true);
	if (bad) {
		snprintf(err, cap, "%s line %zu: not unit,address,reception_phone,source with a known "
				   "unit and a source",
			 path, bad);
		return -1;
	}
	return 0;
}

void contacts_get(const char *unit, enum lang l, struct page_contact *out)
{
	pthread_once(&once, parse);
	const struct dm_unit *u = dm_unit_find(unit);
	*out = (struct page_contact){.name = u ? (l == LANG_EN ? u->name_en : u->name) : unit};
	for (size_t i = 0; i < n_lines; i++) {
		if (strcmp(lines[i].unit, unit) != 0)
			continue;
		out->address = lines[i].address[0] ? lines[i].address : NULL;
		out->phone = lines[i].phone[0] ? lines[i].phone : NULL;
		out->source = lines[i].source[0] ? lines[i].source : NULL;
	}
}

size_t contacts_all(enum lang l, struct page_contact *out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < dm_unit_count() && n < cap; i++)
		contacts_get(dm_unit_at(i)->id, l, &out[n++]);
	return n;
}
