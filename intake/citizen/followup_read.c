/*
 * followup_read.c - one page of a conversation, off the event loop
 * (followup.h): planned on the loop from the stored lengths (no byte is
 * decrypted there), its memory reserved against the budgets (quota.h),
 * then opened on the follow-up worker (reader.h), and answered on the loop
 * that took the request, like the monitors' figures (figures_job.c).
 */
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <event2/http.h>

#include "followup.h"
#include "log.h"
#include "quota.h"
#include "reader.h"
#include "server_internal.h"
#include "wipe_alloc.h"

/* What one message adds to an answer besides its text (JSON members, HTML markup). */
#define PAGE_MESSAGE_OVERHEAD 160u

struct read_job {
	struct reader_job base;     /* first: the worker's */
	struct server *srv;
	struct store *store;
	struct followup_case fc;
	uint32_t *seqs;             /* planned, ascending */
	size_t n_seqs;
	bool more;                  /* visible messages older than the plan */
	size_t page_bytes;          /* the cap on the page's escaped text */
	size_t reserved;            /* quota_read_reserve'd */
	int rc;
	followup_read_fn done;
	void *ctx;
};

/* ---- The plan, on the loop: the newest visible messages below `before` ---- */

struct plan {
	uint32_t before;
	size_t cap;                 /* ring capacity: the page's messages */
	uint32_t *seq;              /* ring of the last `cap` candidates */
	size_t *plain;              /* their plaintext lengths */
	size_t n_seen;              /* candidates seen in all */
};

static bool visible(const struct store_message *m)
{
	return m->from != STORE_MSG_NOTE && m->for_reporter_len > CR_SEAL_OVERHEAD;
}

static int plan_message(uint32_t seq, const struct store_message *m, void *arg)
{
	struct plan *p = arg;
	if (!visible(m) || (p->before && seq >= p->before))
		return 0;
	size_t i = p->n_seen++ % p->cap;
	p->seq[i] = seq;
	p->plain[i] = m->for_reporter_len - CR_SEAL_OVERHEAD;
	return 0;
}

/*
 * From the newest back: at most the page's messages, and plaintext of at
 * most the page's bytes (escaping only adds), but never none. Fills j's
 * seqs (ascending) and more; *plain gets the plaintext bytes planned.
 */
static int plan_pick(const struct plan *p, struct read_job *j, size_t *plain)
{
	size_t in_ring = p->n_seen < p->cap ? p->n_seen : p->cap, k = 0, bytes = 0;
	while (k < in_ring) {
		size_t i = (p->n_seen - 1 - k) % p->cap;
		if (k > 0 && bytes + p->plain[i] > j->page_bytes)
			break;
		bytes += p->plain[i];
		k++;
	}
	j->seqs = malloc((k ? k : 1) * sizeof(*j->seqs));
	if (j->seqs == NULL)
		return TC_ENOMEM;
	for (size_t n = 0; n < k; n++)
		j->seqs[n] = p->seq[(p->n_seen - k + n) % p->cap];
	j->n_seqs = k;
	j->more = p->n_seen > k;
	*plain = bytes;
	return TC_OK;
}

static int plan_page(struct read_job *j, uint32_t before, size_t page_messages, size_t *plain)
{
	struct plan p = {.before = before, .cap = page_messages ? page_messages : 1};
	p.seq = malloc(p.cap * sizeof(*p.seq));
	p.plain = malloc(p.cap * sizeof(*p.plain));
	struct store_txn *t = NULL;
	int rc = p.seq && p.plain ? store_read_begin(j->store, &t) : TC_ENOMEM;
	if (rc == TC_OK)
		rc = store_messages(t, j->fc.rec.case_id, plan_message, &p);
	store_read_end(t);
	if (rc == TC_OK)
		rc = plan_pick(&p, j, plain);
	free(p.seq);
	free(p.plain);
	return rc;
}

/* ---- The work, on the follow-up worker ---- */

/* Bytes of s once escaped for JSON (cJSON) or HTML (html.h), whichever is more. */
static size_t escaped_len(const char *s)
{
	size_t json = 0, html = 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		json += *c == '"' || *c == '\\' || *c == '\b' || *c == '\f' || *c == '\n' ||
				*c == '\r' || *c == '\t' ? 2 : *c < 0x20 ? 6 : 1;
		html += *c == '&' || *c == '\'' ? 5 : *c == '<' || *c == '>' ? 4 : *c == '"' ? 6 : 1;
	}
	return json > html ? json : html;
}

struct open_walk {
	struct read_job *j;
	size_t next;                /* the next planned seq to find */
};

static int open_message(uint32_t seq, const struct store_message *m, void *arg)
{
	struct open_walk *w = arg;
	struct read_job *j = w->j;
	if (w->next == j->n_seqs)
		return 1; /* the plan is done */
	if (seq != j->seqs[w->next])
		return 0;
	w->next++;
	/* A unit message is shown only when an inspector of the unit signed it. */
	struct store_message um = *m;
	uint8_t trust = FOLLOWUP_SIG_NONE;
	if (followup_unit_message(j->srv, j->fc.rec.case_id, &um, &trust) != TC_OK)
		return 0;
	m = &um;
	size_t n = m->for_reporter_len - CR_SEAL_OVERHEAD;
	char *text = wipe_malloc(n + 1);
	if (text == NULL) {
		j->rc = TC_ENOMEM;
		return 1;
	}
	if (cr_reporter_open(j->fc.receipt, m->for_reporter, m->for_reporter_len,
			     (uint8_t *)text) != TC_OK) {
		wipe_free(text); /* sealed to another key: not this reporter's to read */
		return 0;
	}
	text[n] = '\0';
	j->fc.msgs[j->fc.n_msgs++] = (struct followup_message){
		.from = m->from, .day = m->day, .seq = seq, .text = text, .signature = trust};
	return 0;
}

/* Keep the newest messages whose escaped text fits the page (never none); the rest is older. */
static void trim_to_page(struct read_job *j)
{
	struct followup_case *fc = &j->fc;
	size_t keep = 0, bytes = 0;
	while (keep < fc->n_msgs) {
		size_t add = escaped_len(fc->msgs[fc->n_msgs - 1 - keep].text) + PAGE_MESSAGE_OVERHEAD;
		if (keep > 0 && bytes + add > j->page_bytes)
			break;
		bytes += add;
		keep++;
	}
	size_t drop = fc->n_msgs - keep;
	for (size_t i = 0; i < drop; i++)
		wipe_free(fc->msgs[i].text);
	memmove(fc->msgs, fc->msgs + drop, keep * sizeof(*fc->msgs));
	fc->n_msgs = keep;
	if (drop || j->more)
		fc->older = keep ? fc->msgs[0].seq : (j->n_seqs ? j->seqs[0] : 0);
}

static void read_work(struct reader_job *rj)
{
	struct read_job *j = (struct read_job *)rj;
	struct store_txn *t = NULL;
	j->fc.msgs = calloc(j->n_seqs ? j->n_seqs : 1, sizeof(*j->fc.msgs));
	j->rc = j->fc.msgs ? store_read_begin(j->store, &t) : TC_ENOMEM;
	if (j->rc == TC_OK && j->n_seqs) {
		struct open_walk w = {.j = j};
		int rc = store_messages(t, j->fc.rec.case_id, open_message, &w);
		if (rc != TC_OK && j->rc == TC_OK)
			j->rc = rc;
	}
	store_read_end(t);
	if (j->rc == TC_OK)
		trim_to_page(j);
}

/* ---- The answer, on the loop ---- */

static void read_free(struct read_job *j)
{
	if (j->reserved)
		quota_read_release(j->reserved);
	if (j->base.done)
		event_free(j->base.done);
	followup_case_free(&j->fc);
	free(j->seqs);
	free(j);
}

static void read_done(evutil_socket_t fd, short what, void *arg)
{
	struct read_job *j = arg;
	(void)fd;
	(void)what;
	j->srv->counters.in_flight--;
	if (j->rc != TC_OK)
		log_msg(LOG_ERR, "follow-up: reading messages failed: %s", tc_strerror(j->rc));
	j->done(j->ctx, j->rc == TC_OK ? TC_OK : TC_EIO, &j->fc);
	read_free(j);
}

/* The page's memory: its plaintext, and an answer of at most the page's bytes. */
static size_t page_estimate(const struct read_job *j, size_t plain)
{
	size_t answer = plain * 6 < j->page_bytes ? plain * 6 : j->page_bytes;
	return plain + answer + j->n_seqs * (sizeof(struct followup_message) + 2 *
					     PAGE_MESSAGE_OVERHEAD) + (32u << 10);
}

int followup_read_start(struct server *srv, struct evhttp_request *req,
			struct followup_case *fc, uint32_t before, followup_read_fn done,
			void *ctx, int *retry_after_s)
{
	const struct citizen_limits *lim = quota_limits();
	if (quota_worker() == NULL)
		return TC_ENOMEM;
	struct read_job *j = calloc(1, sizeof(*j));
	if (j == NULL)
		return TC_ENOMEM;
	*j = (struct read_job){.srv = srv, .store = srv->deps.store, .fc = *fc,
			       .page_bytes = lim->page_bytes, .done = done, .ctx = ctx};
	explicit_bzero(fc, sizeof(*fc));
	size_t plain = 0;
	int rc = plan_page(j, before, lim->page_messages, &plain);
	if (rc == TC_OK) {
		size_t need = page_estimate(j, plain);
		rc = quota_read_reserve(srv, need) == TC_OK ? TC_OK : TC_ENOMEM;
		j->reserved = rc == TC_OK ? need : 0;
	}
	j->base.work = read_work;
	j->base.done = rc == TC_OK ? event_new(server_loop_of(srv, req)->base, -1, 0, read_done, j)
				   : NULL;
	if (rc == TC_OK && j->base.done == NULL)
		rc = TC_ENOMEM;
	if (rc != TC_OK) {
		*retry_after_s = 1;
		read_free(j);
		return TC_ENOMEM;
	}
	srv->counters.in_flight++;
	reader_submit(quota_worker(), &j->base);
	return TC_OK;
}
