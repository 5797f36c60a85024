/*
 * contacts.c - the inspectorates' contacts (contacts.h), parsed once from
 * the embedded CSV. The file is the repository's own reference data (not
 * input from outside); a line that does not parse is skipped.
 */
#include <pthread.h>
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

static void parse(void)
{
	const char *p = (const char *)tc_contacts_csv, *end = p + tc_contacts_csv_len;
	bool header = true;
	while (p < end && n_lines < MAX_UNITS) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = eol ? eol : end;
		bool comment = *p == '#' || p == line_end;
		if (comment || header) {
			header = header && comment; /* the first other line is the header */
			p = eol ? eol + 1 : end;
			continue;
		}
		struct contact_line *c = &lines[n_lines];
		const char *q = p;
		bool ok = csv_field(&q, line_end, c->unit, sizeof(c->unit)) &&
			  csv_field(&q, line_end, c->address, sizeof(c->address)) &&
			  csv_field(&q, line_end, c->phone, sizeof(c->phone));
		if (ok) {
			csv_field(&q, line_end, c->source, sizeof(c->source));
			/* Without a source, nothing of the line is shown. */
			if (c->source[0] == '\0' || strncmp(c->source, "chưa có nguồn", 17) == 0)
				c->address[0] = c->phone[0] = '\0';
			n_lines++;
		}
		p = eol ? eol + 1 : end;
	}
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
