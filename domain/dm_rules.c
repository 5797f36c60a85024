/*
 * dm_rules.c - parser and lookup for the versioned rule sets.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_rules.h"
#include "dm_snapshot.h"

#define MAX_SETS 32

static const char *const key_names[DM_R_COUNT] = {
	[DM_R_DEN_PROCESS] = "denunciation.process",
	[DM_R_DEN_PROCESS_SEVERAL] = "denunciation.process_several_places",
	[DM_R_DEN_TRANSFER] = "denunciation.transfer",
	[DM_R_DEN_NOTIFY] = "denunciation.notify_accepted",
	[DM_R_DEN_SETTLE] = "denunciation.settle",
	[DM_R_DEN_EXTENSION] = "denunciation.extension",
	[DM_R_DEN_EXT_COMPLICATED] = "denunciation.extensions_complicated",
	[DM_R_DEN_EXT_PARTICULARLY] = "denunciation.extensions_particularly",
	[DM_R_DEN_CONCLUSION_NOTIFY] = "denunciation.conclusion_notify",
	[DM_R_INFO_DECIDE] = "information.decide",
	[DM_R_C1_ACCEPT] = "complaint1.accept",
	[DM_R_C1_SETTLE] = "complaint1.settle",
	[DM_R_C1_SETTLE_COMPLICATED] = "complaint1.settle_complicated",
	[DM_R_C1_SETTLE_REMOTE] = "complaint1.settle_remote",
	[DM_R_C1_SETTLE_REMOTE_COMPLICATED] = "complaint1.settle_remote_complicated",
	[DM_R_C2_ACCEPT] = "complaint2.accept",
	[DM_R_C2_SETTLE] = "complaint2.settle",
	[DM_R_C2_SETTLE_COMPLICATED] = "complaint2.settle_complicated",
	[DM_R_C2_SETTLE_REMOTE] = "complaint2.settle_remote",
	[DM_R_C2_SETTLE_REMOTE_COMPLICATED] = "complaint2.settle_remote_complicated",
	[DM_R_COMPLAINT_WINDOW] = "complaint.filing_window",
	[DM_R_PETITION_PROCESS] = "petition.process",
	[DM_R_DEN_PROCESS_DELEGATED] = "denunciation.process_delegated",
	[DM_R_DEN_FORWARDED_ANSWER] = "denunciation.forwarded_answer",
	[DM_R_DEN_SUSPEND_NOTIFY] = "denunciation.suspend_notify",
	[DM_R_DEN_TERMINATE_NOTIFY] = "denunciation.terminate_notify",
	[DM_R_C_SUSPEND_NOTIFY] = "complaint.suspend_notify",
	[DM_R_C_RESUME_NOTIFY] = "complaint.resume_notify",
	[DM_R_C2_WINDOW] = "complaint2.filing_window",
	[DM_R_C2_WINDOW_REMOTE] = "complaint2.filing_window_remote",
	[DM_R_D1_WINDOW] = "discipline1.filing_window",
	[DM_R_D2_WINDOW] = "discipline2.filing_window",
	[DM_R_D2_WINDOW_DISMISSAL] = "discipline2.filing_window_dismissal",
	[DM_R_D_ACCEPT] = "discipline.accept",
	[DM_R_D_SETTLE] = "discipline.settle",
	[DM_R_D_SETTLE_COMPLICATED] = "discipline.settle_complicated",
};

/*
 * The unit each rule must have, 0 = WD or CD. Settlement periods are added
 * to extensions and suspended days before one final roll, which only makes
 * sense in calendar days; extension limits are counts.
 */
static enum dm_rule_unit required_unit(enum dm_rule_key k)
{
	switch (k) {
	case DM_R_DEN_SETTLE:
	case DM_R_DEN_EXTENSION:
	case DM_R_C1_SETTLE:
	case DM_R_C1_SETTLE_COMPLICATED:
	case DM_R_C1_SETTLE_REMOTE:
	case DM_R_C1_SETTLE_REMOTE_COMPLICATED:
	case DM_R_C2_SETTLE:
	case DM_R_C2_SETTLE_COMPLICATED:
	case DM_R_C2_SETTLE_REMOTE:
	case DM_R_C2_SETTLE_REMOTE_COMPLICATED:
	case DM_R_COMPLAINT_WINDOW:
	case DM_R_C2_WINDOW:
	case DM_R_C2_WINDOW_REMOTE:
	case DM_R_D1_WINDOW:
	case DM_R_D2_WINDOW:
	case DM_R_D2_WINDOW_DISMISSAL:
	case DM_R_D_SETTLE:
	case DM_R_D_SETTLE_COMPLICATED:
		return DM_RULE_CD;
	case DM_R_DEN_EXT_COMPLICATED:
	case DM_R_DEN_EXT_PARTICULARLY:
		return DM_RULE_N;
	default:
		return 0;
	}
}

/* One immutable collection of rule sets, by effective date; never freed (dm_snapshot.h). */
struct dm_rules {
	struct dm_rule_set sets[MAX_SETS];
	size_t n;
	uint64_t fp;
};

/* The built-in sets (dm_init()), the base an operator's file overrides. */
static const struct dm_rules *builtin_rules;

/* The sets of the snapshot in force; NULL before dm_init(). */
static const struct dm_rules *cur(void)
{
	return dm_snapshot_current()->rules;
}

const char *dm_rule_key_name(enum dm_rule_key k)
{
	return (unsigned)k < DM_R_COUNT ? key_names[k] : "?";
}

int dm_rule_may_be_absent(enum dm_rule_key k)
{
	return k == DM_R_C_SUSPEND_NOTIFY || k == DM_R_C_RESUME_NOTIFY;
}

struct rparser {
	struct dm_parse_error *err;
	int line;
	struct dm_rule_set sets[MAX_SETS];
	int lines[MAX_SETS];            /* where each set began */
	size_t n;
	int open;                       /* inside set ... end */
	int set_line;                   /* where the open set began */
	unsigned char seen[DM_R_COUNT];
};

static int rfail(struct rparser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int rfail(struct rparser *p, const char *fmt, ...)
{
	if (p->err != NULL) {
		va_list ap;
		va_start(ap, fmt);
		p->err->line = p->line;
		vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
		va_end(ap);
	}
	return TC_EFORMAT;
}

static char *next_token(char **s)
{
	char *p = *s;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return NULL;
	char *start = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	if (*p)
		*p++ = '\0';
	*s = p;
	return start;
}

static char *rest_trimmed(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static int close_set(struct rparser *p)
{
	for (int k = 0; k < DM_R_COUNT; k++)
		if (!p->seen[k])
			return rfail(p, "set \"%s\" lacks rule %s", p->sets[p->n - 1].name,
				     key_names[k]);
	p->open = 0;
	return TC_OK;
}

static int parse_set_line(struct rparser *p, char *rest)
{
	if (p->open)
		return rfail(p, "\"set\" inside a set (missing \"end\")");
	if (p->n == MAX_SETS)
		return rfail(p, "too many sets");
	const char *name = next_token(&rest), *eff = next_token(&rest);
	if (name == NULL || eff == NULL)
		return rfail(p, "usage: set NAME YYYY-MM-DD TITLE");
	struct dm_rule_set *s = &p->sets[p->n];
	if (dm_day_parse(eff, strlen(eff), &s->effective) != TC_OK)
		return rfail(p, "\"%s\" is not a date in 1900-2100", eff);
	if (p->n > 0 && s->effective <= p->sets[p->n - 1].effective)
		return rfail(p, "sets must be in increasing order of effective date");
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->sets[i].name, name) == 0)
			return rfail(p, "duplicate set name \"%s\"", name);
	s->name = name;
	s->title = rest_trimmed(rest);
	if (*s->title == '\0')
		return rfail(p, "set \"%s\" has no title", name);
	p->lines[p->n] = p->line;
	p->n++;
	p->open = 1;
	p->set_line = p->line;
	memset(p->seen, 0, sizeof(p->seen));
	return TC_OK;
}

static int parse_rule_line(struct rparser *p, const char *key, char *rest)
{
	if (!p->open)
		return rfail(p, "rule \"%s\" outside a set", key);
	int k;
	for (k = 0; k < DM_R_COUNT; k++)
		if (strcmp(key_names[k], key) == 0)
			break;
	if (k == DM_R_COUNT)
		return rfail(p, "unknown rule \"%s\"", key);
	if (p->seen[k])
		return rfail(p, "duplicate rule \"%s\"", key);
	const char *num = next_token(&rest), *unit = next_token(&rest);
	if (num == NULL || unit == NULL)
		return rfail(p, "usage: RULE N WD|CD|N BASIS");
	char *end;
	long n = strtol(num, &end, 10);
	if (*end != '\0' || end == num || n < 0 || n > 366)
		return rfail(p, "\"%s\" is not a number of days (0-366)", num);
	struct dm_rule *r = &p->sets[p->n - 1].rule[k];
	if (strcmp(unit, "WD") == 0)
		r->unit = DM_RULE_WD;
	else if (strcmp(unit, "CD") == 0)
		r->unit = DM_RULE_CD;
	else if (strcmp(unit, "N") == 0)
		r->unit = DM_RULE_N;
	else if (strcmp(unit, "NA") == 0)
		r->unit = DM_RULE_NA;
	else
		return rfail(p, "unit \"%s\" is not WD, CD, N or NA", unit);
	enum dm_rule_unit need = required_unit((enum dm_rule_key)k);
	if (r->unit == DM_RULE_NA) {
		if (!dm_rule_may_be_absent((enum dm_rule_key)k))
			return rfail(p, "rule \"%s\" cannot be NA: it exists in every set", key);
		if (n != 0)
			return rfail(p, "rule \"%s\" is NA: its number must be 0", key);
	} else if (need != 0 ? r->unit != need : r->unit == DM_RULE_N)
		return rfail(p, "rule \"%s\" must be in %s", key,
			     need == DM_RULE_N ? "N" : need == DM_RULE_CD ? "CD" : "WD or CD");
	if ((k == DM_R_DEN_EXT_COMPLICATED || k == DM_R_DEN_EXT_PARTICULARLY) && n > 2)
		return rfail(p, "at most 2 extensions (the deadline engine allows 0-2)");
	r->n = (int)n;
	r->basis = rest_trimmed(rest);
	if (*r->basis == '\0')
		return rfail(p, "rule \"%s\" cites no article", key);
	p->seen[k] = 1;
	return TC_OK;
}

/* Parse into p; text is modified in place and must outlive the result. */
static int parse_rules(struct rparser *p, char *text)
{
	int rc = TC_OK;
	for (char *line = text, *next; line != NULL; line = next) {
		p->line++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		char *hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		size_t ll = strlen(line);
		if (ll > 0 && line[ll - 1] == '\r')
			line[ll - 1] = '\0';
		char *rest = line;
		const char *first = next_token(&rest);
		if (first == NULL)
			continue;
		if (strcmp(first, "set") == 0) {
			rc = parse_set_line(p, rest);
		} else if (strcmp(first, "end") == 0) {
			if (!p->open)
				return rfail(p, "\"end\" without \"set\"");
			if (next_token(&rest) != NULL)
				return rfail(p, "unexpected text after \"end\"");
			rc = close_set(p);
		} else {
			rc = parse_rule_line(p, first, rest);
		}
		if (rc != TC_OK)
			return rc;
	}
	if (p->open) {
		p->line = p->set_line;
		return rfail(p, "set \"%s\" is not closed with \"end\"", p->sets[p->n - 1].name);
	}
	if (p->n == 0) {
		p->line = 0;
		return rfail(p, "no rule set");
	}
	return TC_OK;
}

uint64_t dm_rule_set_fingerprint(const struct dm_rule_set *set)
{
	uint64_t h = dm_fnv1a(DM_FNV_OFFSET, set->name, strlen(set->name) + 1);
	int32_t eff = set->effective;
	h = dm_fnv1a(h, &eff, sizeof(eff));
	for (int k = 0; k < DM_R_COUNT; k++) {
		int32_t v[2] = {set->rule[k].n, (int32_t)set->rule[k].unit};
		h = dm_fnv1a(h, v, sizeof(v));
		h = dm_fnv1a(h, set->rule[k].basis, strlen(set->rule[k].basis) + 1);
	}
	return h;
}

/* Lay the parsed sets over base's: a set of the same name replaces it, others are added. */
static int merge(struct rparser *p, const struct dm_rules *base, struct dm_rules *out)
{
	int line[MAX_SETS] = {0};
	out->n = 0;
	if (base != NULL) {
		memcpy(out->sets, base->sets, base->n * sizeof(out->sets[0]));
		out->n = base->n;
	}
	for (size_t i = 0; i < p->n; i++) {
		size_t j = 0;
		while (j < out->n && strcmp(out->sets[j].name, p->sets[i].name) != 0)
			j++;
		p->line = p->lines[i];
		if (j == MAX_SETS)
			return rfail(p, "too many sets");
		out->sets[j] = p->sets[i];
		line[j] = p->lines[i];
		if (j == out->n)
			out->n++;
	}
	/* By effective date (insertion sort: a few sets). */
	for (size_t i = 1; i < out->n; i++)
		for (size_t j = i; j > 0 && out->sets[j].effective < out->sets[j - 1].effective; j--) {
			struct dm_rule_set t = out->sets[j];
			int tl = line[j];
			out->sets[j] = out->sets[j - 1];
			line[j] = line[j - 1];
			out->sets[j - 1] = t;
			line[j - 1] = tl;
		}
	for (size_t i = 1; i < out->n; i++)
		if (out->sets[i].effective == out->sets[i - 1].effective) {
			p->line = line[i] ? line[i] : line[i - 1];
			return rfail(p, "sets \"%s\" and \"%s\" take effect on the same day",
				     out->sets[i - 1].name, out->sets[i].name);
		}
	uint64_t h = DM_FNV_OFFSET;
	for (size_t i = 0; i < out->n; i++) {
		uint64_t f = dm_rule_set_fingerprint(&out->sets[i]);
		h = dm_fnv1a(h, &f, sizeof(f));
	}
	out->fp = h;
	return TC_OK;
}

/* Parse text; with out, merge over base into a new collection (text kept for good). */
static int load(const char *text, size_t len, struct dm_parse_error *err,
		const struct dm_rules *base, const struct dm_rules **out)
{
	int rc;
	struct rparser *p = calloc(1, sizeof(*p));
	struct dm_rules *r = out ? calloc(1, sizeof(*r)) : NULL;
	char *copy = malloc(len + 1);
	if (err != NULL) {
		err->line = 0;
		err->msg[0] = '\0';
	}
	if (p == NULL || copy == NULL || (out != NULL && r == NULL)) {
		rc = TC_ENOMEM;
		goto out;
	}
	p->err = err;
	if (memchr(text, '\0', len) != NULL) {
		rc = rfail(p, "file contains a NUL byte");
		goto out;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	rc = parse_rules(p, copy);
	if (rc != TC_OK || out == NULL)
		goto out;
	rc = merge(p, base, r);
	if (rc != TC_OK)
		goto out;
	/* Kept for good, with the text the sets' strings point into (dm_snapshot.h). */
	if (dm_keep(copy) != TC_OK) {
		rc = TC_ENOMEM;
		goto out;
	}
	if (dm_keep(r) != TC_OK) {
		copy = NULL; /* listed already */
		rc = TC_ENOMEM;
		goto out;
	}
	*out = r;
	r = NULL;
	copy = NULL; /* the sets' names and bases point into it */
out:
	free(r);
	free(copy);
	free(p);
	return rc;
}

int dm_rules_build(const struct dm_rules *base, const char *text, size_t len,
		   struct dm_parse_error *err, const struct dm_rules **out)
{
	*out = NULL;
	return load(text, len, err, base, out);
}

int dm_rules_load(const char *text, size_t len, struct dm_parse_error *err)
{
	if (builtin_rules != NULL)
		return TC_EBUSY;
	const struct dm_rules *r;
	int rc = dm_rules_build(NULL, text, len, err, &r);
	if (rc != TC_OK)
		return rc;
	const struct dm_snapshot *s = dm_snapshot_current();
	rc = dm_snapshot_publish(s->cal, s->cal_fp, r, r->fp);
	if (rc == TC_OK)
		builtin_rules = r;
	return rc;
}

int dm_rules_check(const char *text, size_t len, struct dm_parse_error *err)
{
	return load(text, len, err, NULL, NULL);
}

const struct dm_rules *dm_rules_builtin(void) { return builtin_rules; }

uint64_t dm_rules_fingerprint(const struct dm_rules *r) { return r ? r->fp : 0; }

size_t dm_rules_count(const struct dm_rules *r) { return r ? r->n : 0; }

const struct dm_rule_set *dm_rules_at(const struct dm_rules *r, size_t i)
{
	return r != NULL && i < r->n ? &r->sets[i] : NULL;
}

const struct dm_rule_set *dm_rules_for(dm_day day)
{
	const struct dm_rules *r = cur();
	const struct dm_rule_set *found = NULL;
	if (day == DM_DAY_NONE || r == NULL)
		return NULL;
	for (size_t i = 0; i < r->n && r->sets[i].effective <= day; i++)
		found = &r->sets[i];
	return found;
}

size_t dm_rule_set_count(void) { return dm_rules_count(cur()); }

const struct dm_rule_set *dm_rule_set_at(size_t i)
{
	return dm_rules_at(cur(), i);
}
