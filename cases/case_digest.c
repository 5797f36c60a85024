/*
 * case_digest.c - the digests' counts and text, and their outbox
 * (case_digest.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_codes.h"
#include "case_digest.h"
#include "case_figures.h"
#include "case_notices.h"
#include "cases.h"
#include "tc_base64.h"

bool case_digest_address_ok(const char *s)
{
	size_t n = strlen(s);
	const char *at = strchr(s, '@');
	if (n < 3 || n > CASE_DIGEST_ADDR_MAX || at == NULL || at == s || at[1] == '\0' ||
	    strchr(at + 1, '@'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f || strchr("<>\"(),;:\\[]", s[i]))
			return false;
	return true;
}

/* ---- Counting ---- */

struct count_walk {
	struct store_txn *txn;
	dm_day today;
	struct case_digest_to *to;
	size_t n;
	int rc;
};

/* Whether c (assigned to pk, or nobody when has_pk is false) is to's. */
static bool is_for(const struct case_digest_to *to, const struct store_case *c, bool has_pk,
		   const uint8_t *pk)
{
	if (strncmp(c->unit, to->scope, STORE_UNIT_LEN) != 0)
		return false;
	return to->kind == CASE_DIGEST_UNIT ||
	       (to->kind == CASE_DIGEST_INSPECTOR && has_pk && memcmp(pk, to->pk, 32) == 0);
}

static bool assignee(struct count_walk *w, const char *case_id, uint8_t pk[32])
{
	return case_assignee_get(w->txn, case_id, pk) == TC_OK;
}

static int due_case(const struct store_case *c, void *arg)
{
	struct count_walk *w = arg;
	uint8_t pk[32];
	bool has = assignee(w, c->case_id, pk);
	for (size_t i = 0; i < w->n; i++)
		if (is_for(&w->to[i], c, has, pk)) {
			if (c->next_deadline < w->today)
				w->to[i].overdue++;
			else
				w->to[i].due_soon++;
		}
	return 0;
}

static int due_notice(const char *case_id, enum case_notice_kind kind, dm_day due, void *arg)
{
	struct count_walk *w = arg;
	struct store_case c;
	uint8_t pk[32];
	(void)kind;
	w->rc = store_case_get(w->txn, case_id, &c);
	if (w->rc != TC_OK)
		return 1;
	bool has = assignee(w, case_id, pk);
	for (size_t i = 0; i < w->n; i++)
		if (is_for(&w->to[i], &c, has, pk)) {
			w->to[i].notices_owed++;
			w->to[i].notices_overdue += due < w->today;
		}
	return 0;
}

struct fresh_walk {
	struct count_walk *w;
	struct case_digest_to *to;
};

static int fresh_case(const struct store_case *c, void *arg)
{
	struct fresh_walk *f = arg;
	if (c->received < f->w->today - 1)
		return 1; /* newest first: nothing later was received yesterday */
	uint8_t pk[32];
	bool has = assignee(f->w, c->case_id, pk);
	if (c->received == f->w->today - 1 && is_for(f->to, c, has, pk))
		f->to->fresh++;
	return 0;
}

int case_digest_count(struct store_txn *txn, dm_day today, dm_day horizon,
		      struct case_digest_to *to, size_t n)
{
	struct count_walk w = {.txn = txn, .today = today, .to = to, .n = n};
	for (size_t i = 0; i < n; i++)
		to[i].fresh = to[i].due_soon = to[i].overdue = to[i].notices_owed =
			to[i].notices_overdue = 0;
	int rc = store_due_cases(txn, horizon, due_case, &w);
	if (rc == TC_OK)
		rc = case_notices_due(txn, horizon, due_notice, &w);
	if (rc == TC_OK)
		rc = w.rc;
	for (size_t i = 0; rc == TC_OK && i < n; i++) {
		if (to[i].kind == CASE_DIGEST_MONITOR)
			continue;
		struct fresh_walk f = {.w = &w, .to = &to[i]};
		rc = store_unit_cases(txn, to[i].scope, NULL, fresh_case, &f);
	}
	return rc;
}

int case_digest_figures(struct store_txn *txn, dm_day today, const struct cr_server_key *key,
			struct case_digest_to *to)
{
	struct mon_figures *f = calloc(1, sizeof(*f));
	if (f == NULL)
		return TC_ENOMEM;
	struct mf_filter flt = {0};
	if (strcmp(to->scope, "national") != 0)
		snprintf(flt.province, sizeof(flt.province), "%.2s", to->scope);
	/* Totals only: the last 7 days are ragged; their totals alone read few counters. */
	int rc = mon_figures_publish_totals(txn, &flt, today - 7, today - 1, today, key, f);
	if (rc == TC_OK) {
		to->m_received = f->ev[MF_RECEIVED];
		to->m_settled = f->ev[MF_SETTLED];
		to->m_overdue = f->overdue;
		to->m_notices_overdue = f->notices_overdue;
	}
	free(f);
	return rc;
}

/* ---- The message ---- */

struct out {
	char *p;
	size_t cap, len;
	bool full;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->cap - o->len)
		o->full = true;
	else
		o->len += (size_t)n;
}

/* An RFC 2047 encoded word of a UTF-8 subject. */
static void put_subject(struct out *o, const char *subject)
{
	char b64[512];
	size_t n = strlen(subject);
	if (tc_base64_len(n) >= sizeof(b64)) {
		o->full = true;
		return;
	}
	tc_base64_encode((const uint8_t *)subject, n, b64);
	put(o, "Subject: =?UTF-8?B?%s?=\r\n", b64);
}

static void body_counts(struct out *o, const struct case_digest_to *to, dm_day today,
			int horizon_wd)
{
	char day[DM_DAY_STRLEN];
	dm_day_format(today - 1, day);
	put(o, "Hồ sơ mới (nhận ngày %s) / new (received %s): %u\r\n", day, day, to->fresh);
	put(o, "Sắp đến hạn (trong %d ngày làm việc) / due within %d working days: %u\r\n",
	    horizon_wd, horizon_wd, to->due_soon);
	put(o, "Quá hạn / overdue: %u\r\n", to->overdue);
	put(o, "Thông báo phải gửi / notices to send: %u (quá hạn / overdue: %u)\r\n",
	    to->notices_owed, to->notices_overdue);
}

static void body_figures(struct out *o, const struct case_digest_to *to)
{
	put(o, "Số liệu đã công bố (làm tròn đến bội số của %d) / published figures (rounded to "
	       "a multiple of %d):\r\n", MF_ROUND_BASE, MF_ROUND_BASE);
	put(o, "Nhận trong 7 ngày qua / received in the last 7 days: %lld\r\n",
	    (long long)to->m_received);
	put(o, "Đã giải quyết trong 7 ngày qua / settled in the last 7 days: %lld\r\n",
	    (long long)to->m_settled);
	put(o, "Quá hạn hiện nay / overdue now: %lld\r\n", (long long)to->m_overdue);
	put(o, "Thông báo quá hạn chưa gửi / notices overdue, not sent: %lld\r\n",
	    (long long)to->m_notices_overdue);
}

int case_digest_message(const struct case_digest_to *to, dm_day today, int horizon_wd,
			const char *from, const char *link, char *out, size_t cap)
{
	struct out o = {.p = out, .cap = cap};
	char day[DM_DAY_STRLEN], subject[256];
	dm_day_format(today, day);
	bool mon = to->kind == CASE_DIGEST_MONITOR;
	if (mon)
		snprintf(subject, sizeof(subject), "tocao: số liệu tuần %s (%s)", day, to->scope);
	else
		snprintf(subject, sizeof(subject),
			 "tocao %s: %u mới, %u sắp đến hạn, %u quá hạn, %u thông báo phải gửi",
			 to->scope, to->fresh, to->due_soon, to->overdue, to->notices_owed);
	put(&o, "From: %s\r\nTo: %s\r\n", from, to->address);
	put_subject(&o, subject);
	put(&o, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
		"Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n");
	put(&o, "tocao — %s %s, %s %s\r\n\r\n", mon ? "số liệu tuần / weekly figures" :
		"tổng hợp ngày / daily digest", day,
	    to->kind == CASE_DIGEST_UNIT ? "đơn vị / unit" :
	    to->kind == CASE_DIGEST_INSPECTOR ? "hồ sơ được phân công / assigned to you, unit" :
	    "phạm vi / scope", to->scope);
	if (mon)
		body_figures(&o, to);
	else
		body_counts(&o, to, today, horizon_wd);
	put(&o, "\r\n%s\r\n\r\n", link);
	put(&o, "Thư này chỉ có số đếm: không có mã hồ sơ, tên người, tóm tắt hay nội dung "
		"đơn.\r\nThis mail holds counts only: no case id, name, summary or text of a "
		"report.\r\n");
	return o.full ? TC_ERANGE : TC_OK;
}

int case_digest_build(struct store_txn *txn, const struct case_digest_plan *plan,
		      struct case_digest_to *to, size_t n,
		      int (*fn)(const struct case_digest_to *to, const char *message, void *arg),
		      void *arg)
{
	char *msg = malloc(CASE_DIGEST_MSG_MAX);
	if (msg == NULL)
		return TC_ENOMEM;
	int rc = plan->daily ? case_digest_count(txn, plan->today, plan->horizon, to, n) : TC_OK;
	for (size_t i = 0; rc == TC_OK && i < n; i++) {
		bool mon = to[i].kind == CASE_DIGEST_MONITOR;
		if (mon ? !plan->weekly : !plan->daily)
			continue;
		if (!case_digest_address_ok(to[i].address) || !case_digest_address_ok(plan->from))
			continue; /* checked when loaded: never a header built from a bad one */
		if (mon)
			rc = case_digest_figures(txn, plan->today, plan->key, &to[i]);
		if (rc == TC_OK)
			rc = case_digest_message(&to[i], plan->today, plan->horizon_wd, plan->from,
						 plan->link, msg, CASE_DIGEST_MSG_MAX);
		if (rc == TC_OK && fn(&to[i], msg, arg) != 0)
			break;
	}
	free(msg);
	return rc;
}

/* ---- The outbox: tries(4) next_try(8) address_len(1) address message ---- */

static void be_put(uint8_t *p, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * (bytes - 1 - i)));
}

static uint64_t be_get(const uint8_t *p, int bytes)
{
	uint64_t v = 0;
	for (int i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	return v;
}

#define OUTBOX_HEAD 13

static int outbox_write(struct store_txn *txn, const char *name, uint32_t tries, int64_t next,
			const char *address, const char *message)
{
	size_t al = strlen(address), ml = strlen(message);
	uint8_t *v = malloc(OUTBOX_HEAD + al + ml);
	if (v == NULL)
		return TC_ENOMEM;
	be_put(v, tries, 4);
	be_put(v + 4, (uint64_t)next, 8);
	v[12] = (uint8_t)al;
	memcpy(v + OUTBOX_HEAD, address, al);
	memcpy(v + OUTBOX_HEAD + al, message, ml);
	int rc = store_meta_put(txn, name, v, OUTBOX_HEAD + al + ml);
	free(v);
	return rc;
}

int case_outbox_put(struct store_txn *txn, dm_day day, const struct case_digest_to *to,
		    const char *message)
{
	char name[96], d[DM_DAY_STRLEN];
	static const char kinds[] = "?uim";
	dm_day_format(day, d);
	snprintf(name, sizeof(name), "%s%s:%c%s", CASE_META_OUTBOX, d, kinds[to->kind & 3], to->name);
	return outbox_write(txn, name, 0, 0, to->address, message);
}

struct list_walk {
	struct case_outbox_entry *e;
	size_t n, cap;
	int rc;
};

static int decode_entry(const char *name, size_t name_len, const uint8_t *v, size_t len,
			struct case_outbox_entry *e)
{
	const size_t plen = sizeof(CASE_META_OUTBOX) - 1;
	memset(e, 0, sizeof(*e));
	if (name_len >= sizeof(e->name) || name_len < plen + 10 || len < OUTBOX_HEAD ||
	    len < OUTBOX_HEAD + (size_t)v[12] || v[12] > CASE_DIGEST_ADDR_MAX ||
	    dm_day_parse(name + plen, 10, &e->day) != TC_OK)
		return TC_ECORRUPT;
	memcpy(e->name, name, name_len);
	e->tries = (uint32_t)be_get(v, 4);
	e->next_try = (int64_t)be_get(v + 4, 8);
	memcpy(e->address, v + OUTBOX_HEAD, v[12]);
	size_t ml = len - OUTBOX_HEAD - v[12];
	if ((e->message = malloc(ml + 1)) == NULL)
		return TC_ENOMEM;
	memcpy(e->message, v + OUTBOX_HEAD + v[12], ml);
	e->message[ml] = '\0';
	return TC_OK;
}

static int list_one(const char *name, size_t name_len, const uint8_t *v, size_t len, void *arg)
{
	struct list_walk *w = arg;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		void *p = realloc(w->e, cap * sizeof(*w->e));
		if (p == NULL) {
			w->rc = TC_ENOMEM;
			return 1;
		}
		w->e = p;
		w->cap = cap;
	}
	w->rc = decode_entry(name, name_len, v, len, &w->e[w->n]);
	if (w->rc != TC_OK)
		return 1;
	w->n++;
	return 0;
}

void case_outbox_entry_free(struct case_outbox_entry *e)
{
	free(e->message);
	e->message = NULL;
}

int case_outbox_list(struct store_txn *txn, struct case_outbox_entry **out, size_t *n)
{
	struct list_walk w = {0};
	int rc = store_meta_walk(txn, CASE_META_OUTBOX, list_one, &w);
	if (rc == TC_OK)
		rc = w.rc;
	if (rc != TC_OK) {
		for (size_t i = 0; i < w.n; i++)
			case_outbox_entry_free(&w.e[i]);
		free(w.e);
		w.e = NULL;
		w.n = 0;
	}
	*out = w.e;
	*n = w.n;
	return rc;
}

int case_outbox_done(struct store_txn *txn, const char *name)
{
	return store_meta_del(txn, name);
}

int case_outbox_retry(struct store_txn *txn, const struct case_outbox_entry *e)
{
	return outbox_write(txn, e->name, e->tries, e->next_try, e->address, e->message);
}

dm_day case_digest_last(struct store_txn *txn, const char *which)
{
	char v[DM_DAY_STRLEN];
	size_t len;
	dm_day d;
	if (store_meta_get(txn, which, v, sizeof(v), &len) != TC_OK || len != 10 ||
	    dm_day_parse(v, 10, &d) != TC_OK)
		return DM_DAY_NONE;
	return d;
}

int case_digest_set_last(struct store_txn *txn, const char *which, dm_day day)
{
	char v[DM_DAY_STRLEN];
	dm_day_format(day, v);
	return store_meta_put(txn, which, v, 10);
}
