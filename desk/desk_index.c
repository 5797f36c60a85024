/*
 * desk_index.c - the unit's cases in memory (desk_index.h).
 *
 * Opened text lives in two malloc'd strings per case and nowhere else; they
 * are wiped before they are freed. 10,000 cases with a few KiB of text each
 * is tens of MiB at most, and a linear scan of the folded text answers a
 * search in milliseconds (bench/desk.sh), so there is no second index.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cr.h"
#include "desk_fold.h"
#include "desk_index.h"
#include "dm_calendar.h"
#include "dm_case.h"
#include "dm_deadline.h"
#include "dm_watch.h"
#include "tc_client.h"
#include "tc_err.h"

/* Bytes of opened text kept per case for the search (summary, details, accused). */
#define DESK_SEARCH_MAX (64 * 1024)

void desk_index_init(struct desk_index *ix, dm_day today)
{
	memset(ix, 0, sizeof(*ix));
	ix->today = today;
	ix->soon = dm_cal_add_working_days(today, 3);
}

static void wipe_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

static void case_clear(struct desk_case *c)
{
	wipe_free(c->summary);
	wipe_free(c->search);
	memset(c, 0, sizeof(*c));
}

void desk_index_free(struct desk_index *ix)
{
	for (size_t i = 0; i < ix->n; i++)
		case_clear(&ix->v[i]);
	free(ix->v);
	memset(ix, 0, sizeof(*ix));
}

void desk_json_wipe(cJSON *j)
{
	for (cJSON *k = j; k; k = k->next) {
		if (cJSON_IsString(k) && k->valuestring)
			explicit_bzero(k->valuestring, strlen(k->valuestring));
		desk_json_wipe(k->child);
	}
}

static const char *jstr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static void copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static dm_day day_of(const char *s)
{
	dm_day d = DM_DAY_NONE;
	if (dm_day_parse(s, strlen(s), &d) != TC_OK)
		return DM_DAY_NONE;
	return d;
}

/* The deadline the case's status owes (the server's own rule, dm_watch.h) and its class. */
static void due_of(struct desk_case *c, const cJSON *j, dm_day today, dm_day soon)
{
	dm_day days[DM_DL_COUNT];
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "deadlines");
	enum dm_status st = 0;
	for (int k = 0; k < DM_DL_COUNT; k++)
		days[k] = day_of(jstr(d, dm_deadline_key((enum dm_deadline_kind)k)));
	if (dm_status_parse(c->status, &st) != TC_OK)
		st = DM_STATUS_SETTLED;
	c->due = dm_watch_due_days(st, days);
	c->due_key[0] = '\0';
	for (int k = 0; k < DM_DL_COUNT && c->due != DM_DAY_NONE; k++)
		if (days[k] == c->due) {
			copy(c->due_key, sizeof(c->due_key), dm_deadline_key((enum dm_deadline_kind)k));
			break;
		}
	const cJSON *od = cJSON_GetObjectItemCaseSensitive(j, "overdue_days");
	c->overdue_days = cJSON_IsNumber(od) ? od->valueint : 0;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "overdue")))
		c->due_class = DESK_DUE_OVERDUE;
	else if (c->due == DM_DAY_NONE)
		c->due_class = DESK_DUE_NONE;
	else if (c->due <= today)
		c->due_class = c->due < today ? DESK_DUE_OVERDUE : DESK_DUE_TODAY;
	else
		c->due_class = c->due <= soon ? DESK_DUE_SOON : DESK_DUE_LATER;
}

/* The flags array as "a,b". */
static void flags_of(struct desk_case *c, const cJSON *j)
{
	const cJSON *f;
	size_t n = 0;
	c->flags[0] = '\0';
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(j, "flags"))
	{
		if (!cJSON_IsString(f) || n + strlen(f->valuestring) + 2 > sizeof(c->flags))
			continue;
		n += (size_t)snprintf(c->flags + n, sizeof(c->flags) - n, "%s%s", n ? "," : "",
				      f->valuestring);
	}
}

/* Append s (folded) to buf at *n, with a space. */
static void fold_into(char *buf, size_t cap, size_t *n, const char *s)
{
	if (*n + 2 >= cap || s[0] == '\0')
		return;
	if (*n)
		buf[(*n)++] = ' ';
	*n += desk_fold(s, strlen(s), buf + *n, cap - *n);
}

/* Open the envelope: the summary and the folded search text. */
static int open_text(struct desk_case *c, const cJSON *j, const struct cr_unit_secret *sec)
{
	cJSON *body = NULL, *ident = NULL;
	char *search = malloc(DESK_SEARCH_MAX);
	size_t n = 0;
	if (search == NULL)
		return TC_ENOMEM;
	fold_into(search, DESK_SEARCH_MAX, &n, c->id);
	if (sec && cJSON_GetObjectItemCaseSensitive(j, "envelope") &&
	    tcc_open_case(j, sec, &body, &ident) == TC_OK) {
		c->opened = 1;
		c->summary = strdup(jstr(body, "summary"));
		fold_into(search, DESK_SEARCH_MAX, &n, jstr(body, "summary"));
		fold_into(search, DESK_SEARCH_MAX, &n,
			  jstr(cJSON_GetObjectItemCaseSensitive(body, "accused"), "name"));
		fold_into(search, DESK_SEARCH_MAX, &n, jstr(body, "details"));
		const cJSON *jur = cJSON_GetObjectItemCaseSensitive(body, "jurisdiction");
		copy(c->level, sizeof(c->level), jstr(jur, "level"));
	}
	search[n] = '\0';
	/* Shrunk to its length; a shrink that fails leaves the block as it was. */
	char *fit = realloc(search, n + 1);
	c->search = fit ? fit : search;
	if (body)
		desk_json_wipe(body);
	if (ident)
		desk_json_wipe(ident);
	cJSON_Delete(body);
	cJSON_Delete(ident);
	return c->opened && c->summary == NULL ? TC_ENOMEM : TC_OK;
}

static int fill(struct desk_case *c, const cJSON *j, const struct cr_unit_secret *sec,
		const struct desk_index *ix)
{
	memset(c, 0, sizeof(*c));
	copy(c->id, sizeof(c->id), jstr(j, "case_id"));
	copy(c->track, sizeof(c->track), jstr(j, "track"));
	copy(c->status, sizeof(c->status), jstr(j, "status"));
	copy(c->category, sizeof(c->category), jstr(j, "category"));
	copy(c->identity, sizeof(c->identity), jstr(j, "identity"));
	copy(c->assignee, sizeof(c->assignee), jstr(j, "assignee"));
	c->received = day_of(jstr(j, "received_on"));
	c->transfer_pending = cJSON_GetObjectItemCaseSensitive(j, "transfer_pending") != NULL;
	const cJSON *no = cJSON_GetObjectItemCaseSensitive(j, "notices_owed");
	const cJSON *nl = cJSON_GetObjectItemCaseSensitive(j, "notices_overdue");
	c->notices_owed = cJSON_IsNumber(no) ? no->valueint : 0;
	c->notices_overdue = cJSON_IsNumber(nl) ? nl->valueint : 0;
	flags_of(c, j);
	due_of(c, j, ix->today, ix->soon);
	return open_text(c, j, sec);
}

struct desk_case *desk_index_find(struct desk_index *ix, const char *id)
{
	for (size_t i = 0; i < ix->n; i++)
		if (strcmp(ix->v[i].id, id) == 0)
			return &ix->v[i];
	return NULL;
}

int desk_index_put(struct desk_index *ix, const cJSON *c, const struct cr_unit_secret *sec)
{
	struct desk_case *slot = desk_index_find(ix, jstr(c, "case_id"));
	if (slot) {
		case_clear(slot);
		return fill(slot, c, sec, ix);
	}
	if (ix->n == ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 1024;
		struct desk_case *v = realloc(ix->v, cap * sizeof(*v));
		if (v == NULL)
			return TC_ENOMEM;
		ix->v = v;
		ix->cap = cap;
	}
	int rc = fill(&ix->v[ix->n], c, sec, ix);
	ix->n++;
	return rc;
}

/* A daemon that lists no envelopes: each case's own answer (one request a case). */
static int put_shown(struct desk_index *ix, struct tcc_session *s,
		     const struct cr_unit_secret *sec, const char *id)
{
	struct tcc_result r;
	int st = tcc_case_show(s, id, &r);
	if (st == 200 && desk_index_put(ix, r.doc, sec) != TC_OK)
		st = -1;
	tcc_result_free(&r);
	return st;
}

int desk_index_load(struct desk_index *ix, struct tcc_session *s,
		    const struct cr_unit_secret *sec, char *why, size_t why_cap)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct tcc_list_query q = {.limit = 500, .include_envelope = 1};
	struct tcc_result r;
	cJSON *cases = NULL;
	int st = tcc_cases_all(s, &q, &cases, &ix->pages, &r);
	if (st != 200) {
		snprintf(why, why_cap, "%s", tcc_problem(&r));
		tcc_result_free(&r);
		return st;
	}
	tcc_result_free(&r);
	const cJSON *c;
	cJSON_ArrayForEach(c, cases)
	{
		int ok = cJSON_GetObjectItemCaseSensitive(c, "envelope")
				 ? desk_index_put(ix, c, sec) == TC_OK
				 : put_shown(ix, s, sec, jstr(c, "case_id")) == 200;
		if (!ok) {
			snprintf(why, why_cap, "case %s could not be read", jstr(c, "case_id"));
			st = -1;
			break;
		}
	}
	desk_json_wipe(cases);
	cJSON_Delete(cases);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ix->load_seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return st;
}

int desk_index_refresh(struct desk_index *ix, struct tcc_session *s,
		       const struct cr_unit_secret *sec, const char *id)
{
	return put_shown(ix, s, sec, id);
}

/* ---- Selecting and sorting ---- */

static int is_open(const struct desk_case *c)
{
	return strcmp(c->status, "received") == 0 || strcmp(c->status, "accepted") == 0 ||
	       strcmp(c->status, "suspended") == 0;
}

static int has_flag(const char *flags, const char *flag)
{
	size_t n = strlen(flag);
	for (const char *p = flags; (p = strstr(p, flag)) != NULL; p += n)
		if ((p == flags || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
			return 1;
	return 0;
}

static int given(const char *s)
{
	return s && s[0];
}

static int due_matches(const struct desk_case *c, const char *due)
{
	if (!given(due))
		return 1;
	if (strcmp(due, "open") == 0)
		return is_open(c);
	if (strcmp(due, "overdue") == 0)
		return c->due_class == DESK_DUE_OVERDUE;
	if (strcmp(due, "today") == 0)
		return c->due_class == DESK_DUE_TODAY;
	if (strcmp(due, "soon") == 0) /* within 3 working days, today included */
		return c->due_class == DESK_DUE_TODAY || c->due_class == DESK_DUE_SOON;
	return 0;
}

static int matches(const struct desk_case *c, const struct desk_query *q, const char *my_key,
		   const char *folded)
{
	if ((given(q->status) && strcmp(c->status, q->status) != 0) ||
	    (given(q->track) && strcmp(c->track, q->track) != 0) ||
	    (given(q->category) && strcmp(c->category, q->category) != 0) ||
	    (given(q->level) && strcmp(c->level, q->level) != 0) ||
	    (given(q->flag) && !has_flag(c->flags, q->flag)) || !due_matches(c, q->due) ||
	    (given(q->notices) && c->notices_owed == 0))
		return 0;
	if (given(q->assignee)) {
		const char *who = strcmp(q->assignee, "me") == 0     ? my_key
				  : strcmp(q->assignee, "none") == 0 ? ""
								     : q->assignee;
		if (who == NULL || strcmp(c->assignee, who) != 0)
			return 0;
	}
	return folded[0] == '\0' || desk_fold_match(c->search ? c->search : "", folded);
}

/* Overdue first (most days first), then by the deadline, no deadline last; then the id. */
static int by_deadline(const void *a, const void *b)
{
	const struct desk_case *x = *(const struct desk_case *const *)a;
	const struct desk_case *y = *(const struct desk_case *const *)b;
	int ox = x->due_class == DESK_DUE_OVERDUE, oy = y->due_class == DESK_DUE_OVERDUE;
	if (ox != oy)
		return oy - ox;
	if (ox && x->overdue_days != y->overdue_days)
		return y->overdue_days - x->overdue_days;
	dm_day dx = x->due == DM_DAY_NONE ? INT32_MAX : x->due;
	dm_day dy = y->due == DM_DAY_NONE ? INT32_MAX : y->due;
	if (dx != dy)
		return dx < dy ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int by_received(const void *a, const void *b)
{
	const struct desk_case *x = *(const struct desk_case *const *)a;
	const struct desk_case *y = *(const struct desk_case *const *)b;
	if (x->received != y->received)
		return x->received > y->received ? -1 : 1;
	return strcmp(y->id, x->id);
}

static int by_id(const void *a, const void *b)
{
	const struct desk_case *x = *(const struct desk_case *const *)a;
	const struct desk_case *y = *(const struct desk_case *const *)b;
	return strcmp(x->id, y->id);
}

size_t desk_index_select(const struct desk_index *ix, const struct desk_query *q,
			 const char *my_key, const struct desk_case ***out)
{
	char folded[512] = "";
	if (given(q->text))
		desk_fold(q->text, strlen(q->text), folded, sizeof(folded));
	const struct desk_case **v = malloc((ix->n ? ix->n : 1) * sizeof(*v));
	size_t n = 0;
	*out = v;
	if (v == NULL)
		return (size_t)-1;
	for (size_t i = 0; i < ix->n; i++)
		if (matches(&ix->v[i], q, my_key, folded))
			v[n++] = &ix->v[i];
	qsort(v, n, sizeof(*v),
	      q->sort == DESK_SORT_RECEIVED ? by_received : q->sort == DESK_SORT_ID ? by_id
									     : by_deadline);
	return n;
}

void desk_index_counts(const struct desk_index *ix, size_t counts[DESK_DUE_COUNT])
{
	memset(counts, 0, DESK_DUE_COUNT * sizeof(counts[0]));
	for (size_t i = 0; i < ix->n; i++)
		if (is_open(&ix->v[i]))
			counts[ix->v[i].due_class]++;
}

const char *desk_due_name(enum desk_due d)
{
	static const char *const names[] = {"overdue", "today", "soon", "later", "none"};
	return d < DESK_DUE_COUNT ? names[d] : "?";
}
