/*
 * paper_doc.c - a document's fields by name (the desk's form and the
 * command's options edit them through here), and the place and date line.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paper.h"

const char *const paper_fields[] = {"form",	"number",    "date",	   "place", "parent",
				    "issuer",	"symbol",    "title",	   "subject", "authority",
				    "to",	"body",	     "recipients", "signer_title", "signer",
				    NULL};

/* The fixed-size field called name: its offset and capacity; -1 for body, recipients, unknown. */
static int fixed(const char *name, size_t *off, size_t *cap)
{
	static const struct {
		const char *name;
		size_t off, cap;
	} t[] = {
#define F(x) {#x, offsetof(struct paper_doc, x), sizeof(((struct paper_doc *)0)->x)}
		F(form), F(parent), F(issuer), F(number), F(symbol), F(place), F(date), F(title),
		F(subject), F(authority), F(to), F(signer_title), F(signer),
#undef F
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(name, t[i].name) == 0) {
			*off = t[i].off;
			*cap = t[i].cap;
			return 0;
		}
	return -1;
}

static int iso_ok(const char *s)
{
	if (s[0] == '\0')
		return 1;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int set_text(char **slot, const char *value)
{
	size_t n = strlen(value);
	if (n > 64 * 1024)
		return -1;
	char *p = malloc(n + 1);
	if (p == NULL)
		return -1;
	memcpy(p, value, n + 1);
	if (*slot) {
		explicit_bzero(*slot, strlen(*slot));
		free(*slot);
	}
	*slot = p;
	return 0;
}

int paper_set(struct paper_doc *doc, const char *field, const char *value)
{
	size_t off = 0, cap = 0;
	if (value == NULL)
		return -1;
	if (strcmp(field, "body") == 0)
		return set_text(&doc->body, value);
	if (strcmp(field, "recipients") == 0)
		return set_text(&doc->recipients, value);
	if (fixed(field, &off, &cap) != 0 || strlen(value) >= cap ||
	    (strcmp(field, "date") == 0 && !iso_ok(value)))
		return -1;
	memcpy((char *)doc + off, value, strlen(value) + 1);
	return 0;
}

const char *paper_get(const struct paper_doc *doc, const char *field)
{
	size_t off = 0, cap = 0;
	if (strcmp(field, "body") == 0)
		return doc->body ? doc->body : "";
	if (strcmp(field, "recipients") == 0)
		return doc->recipients ? doc->recipients : "";
	return fixed(field, &off, &cap) == 0 ? (const char *)doc + off : NULL;
}

void paper_doc_free(struct paper_doc *doc)
{
	if (doc->body) {
		explicit_bzero(doc->body, strlen(doc->body));
		free(doc->body);
	}
	if (doc->recipients) {
		explicit_bzero(doc->recipients, strlen(doc->recipients));
		free(doc->recipients);
	}
	explicit_bzero(doc, sizeof(*doc));
}

void paper_place_date(struct pbuf *b, const char *place, const char *iso)
{
	int y = 0, m = 0, d = 0;
	paper_text(b, place[0] ? place : "……………");
	if (iso[0] == '\0' || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3) {
		pbuf_str(b, ", ngày …… tháng …… năm ……");
		return;
	}
	/* Decree 30/2020: a day below 10 and the months 1 and 2 take a leading zero. */
	pbuf_fmt(b, ", ngày %02d tháng %s%d năm %04d", d, m < 3 ? "0" : "", m, y);
}
