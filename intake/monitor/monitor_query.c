/*
 * monitor_query.c - the monitors' one query decoder (monitor_query.h).
 */
#include <stddef.h>
#include <string.h>

#include "dm_case.h"
#include "monitor_query.h"

/* A value into out (NUL-terminated); -1 when longer than any valid one. */
static int field_copy(const struct form *q, const char *name, char *out, size_t cap)
{
	const struct form_field *f = form_get(q, name);
	if (f == NULL || f->len == 0) {
		out[0] = '\0';
		return 0;
	}
	if (f->len >= cap)
		return -1;
	memcpy(out, f->value, f->len);
	out[f->len] = '\0';
	return 0;
}

static int fail(struct monitor_query_error *err, enum monitor_query_fault fault, const char *field)
{
	err->fault = fault;
	err->field = field;
	return TC_EINVAL;
}

/* The raw values: from and to, status (the others go straight to out). */
struct raw {
	char from[16], to[16], status[32];
};

static int read_raw(const struct form *q, struct monitor_query *out, struct raw *raw,
		    struct monitor_query_error *err)
{
	static const struct {
		const char *name;
		size_t off, cap;
	} fields[] = {
#define F(name, where) {#name, offsetof(struct raw, where), sizeof(((struct raw *)0)->where)}
		F(from, from), F(to, to), F(status, status),
#undef F
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (field_copy(q, fields[i].name, (char *)raw + fields[i].off, fields[i].cap))
			return fail(err, MQ_MALFORMED, fields[i].name);
	if (field_copy(q, "province", out->province_arg, sizeof(out->province_arg)))
		return fail(err, MQ_MALFORMED, "province");
	if (field_copy(q, "track", out->track_arg, sizeof(out->track_arg)))
		return fail(err, MQ_MALFORMED, "track");
	if (field_copy(q, "category", out->category_arg, sizeof(out->category_arg)))
		return fail(err, MQ_MALFORMED, "category");
	if (field_copy(q, "table", out->table, sizeof(out->table)))
		return fail(err, MQ_MALFORMED, "table");
	return TC_OK;
}

/* The language first: a refusal of the rest is worded in it. */
static int read_all(const struct form *q, int query_rc, struct monitor_query *out,
		    struct raw *raw, struct monitor_query_error *err)
{
	char lang[4];
	memset(out, 0, sizeof(*out));
	memset(raw, 0, sizeof(*raw));
	if (query_rc != TC_OK)
		return fail(err, MQ_MALFORMED, "query");
	/* Any language but "en" given is Vietnamese, the default; a long one is ignored. */
	if (field_copy(q, "lang", lang, sizeof(lang)) == 0 && lang[0]) {
		out->has_lang = true;
		out->lang = strcmp(lang, "en") == 0 ? LANG_EN : LANG_VI;
	}
	int rc = read_raw(q, out, raw, err);
	if (rc != TC_OK)
		return rc;
	const struct form_field *od = form_get(q, "overdue");
	out->overdue = od && od->len == 4 && memcmp(od->value, "true", 4) == 0;
	if (od && !out->overdue && !(od->len == 5 && memcmp(od->value, "false", 5) == 0))
		return fail(err, MQ_MALFORMED, "overdue"); /* true or false, nothing else */
	return TC_OK;
}

int monitor_query_read(const struct form *q, int query_rc, struct monitor_query *out,
		       struct monitor_query_error *err)
{
	struct raw raw;
	return read_all(q, query_rc, out, &raw, err);
}

/* The default period: the first of the month eleven months back, to today. */
static void default_period(dm_day today, dm_day *from, dm_day *to)
{
	int y, m, d;
	dm_day_to_ymd(today, &y, &m, &d);
	m -= 11;
	if (m < 1) {
		m += 12;
		y--;
	}
	if (!dm_day_from_ymd(y, m, 1, from))
		*from = today;
	*to = today;
}

static int check_period(const struct raw *raw, dm_day today, struct monitor_query *out)
{
	default_period(today, &out->from, &out->to);
	if ((raw->from[0] && dm_day_parse(raw->from, strlen(raw->from), &out->from) != TC_OK) ||
	    (raw->to[0] && dm_day_parse(raw->to, strlen(raw->to), &out->to) != TC_OK) ||
	    out->from > out->to || out->to - out->from > MONITOR_PERIOD_MAX_DAYS)
		return TC_EINVAL;
	/*
	 * Whole months only (disclosure control: no two periods a day apart).
	 * Widening to whole months can pass the cap again (2027-01-30..2037-01-30
	 * becomes 3,683 days; found by fuzz_inspector): checked after it too.
	 */
	mon_period_months(&out->from, &out->to, today);
	if (out->to - out->from > MONITOR_PERIOD_MAX_DAYS)
		return TC_EINVAL;
	return TC_OK;
}

/* Track, category and status names. */
static int check_names(const struct raw *raw, struct monitor_query *out,
		       struct monitor_query_error *err)
{
	enum dm_track t;
	enum dm_category c;
	enum dm_status s;
	if (out->track_arg[0]) {
		if (dm_track_parse(out->track_arg, &t) != TC_OK)
			return fail(err, MQ_TRACK, "track");
		out->filter.track = (uint8_t)t;
	}
	if (out->category_arg[0]) {
		if (dm_category_parse(out->category_arg, &c) != TC_OK)
			return fail(err, MQ_CATEGORY, "category");
		out->filter.category = (uint8_t)c;
	}
	if (raw->status[0]) {
		if (dm_status_parse(raw->status, &s) != TC_OK)
			return fail(err, MQ_STATUS, "status");
		out->status = (int)s;
	}
	return TC_OK;
}

int monitor_query_decode(const struct form *q, int query_rc, const char *scope, dm_day today,
			 struct monitor_query *out, struct monitor_query_error *err)
{
	struct raw raw;
	int rc = read_all(q, query_rc, out, &raw, err);
	if (rc != TC_OK)
		return rc;
	if (check_period(&raw, today, out) != TC_OK)
		return fail(err, MQ_PERIOD, "from");
	int scoped = mon_scope_province(scope, out->province_arg, strlen(out->province_arg),
					out->filter.province);
	if (scoped == -1)
		return fail(err, MQ_PROVINCE, "province");
	if (scoped == -2)
		return fail(err, MQ_OUTSIDE_SCOPE, "province");
	return check_names(&raw, out, err);
}
