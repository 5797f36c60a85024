/*
 * mailer.c - queue the digests and send them (mailer.h).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "case_digest.h"
#include "dm_calendar.h"
#include "instance_mail.h"
#include "log.h"
#include "mailer.h"

#define LOCAL_OFFSET_S (7 * 3600) /* dates are local: Asia/Ho_Chi_Minh, UTC+7 */

struct mailer {
	char dir[512];
	struct tc_conf conf;
	struct store *store;
	const struct cr_server_key *key;
	char password[256];
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping;             /* guarded by lock */
	atomic_uint_fast64_t queued, sent, failures, dropped;
};

/* ---- Sending one message ---- */

struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb < u->left ? size * nmemb : u->left;
	memcpy(buf, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/* TC_OK once the relay has taken it; else TC_EIO (why: curl's reason, no address in it). */
static int smtp_send(struct mailer *m, const char *address, const char *message, char *why,
		     size_t cap)
{
	CURL *c = curl_easy_init();
	if (c == NULL)
		return TC_ENOMEM;
	char from[300], rcpt[300];
	snprintf(from, sizeof(from), "<%s>", m->conf.smtp_from);
	snprintf(rcpt, sizeof(rcpt), "<%s>", address);
	struct curl_slist *to = curl_slist_append(NULL, rcpt);
	struct upload u = {message, strlen(message)};
	curl_easy_setopt(c, CURLOPT_URL, m->conf.smtp_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, to);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
	if (m->conf.smtp_user[0]) {
		/* A password never crosses the network in the clear: TLS or nothing. */
		curl_easy_setopt(c, CURLOPT_USERNAME, m->conf.smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, m->password);
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	} else {
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	}
	CURLcode rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		snprintf(why, cap, "%s", curl_easy_strerror(rc));
	curl_slist_free_all(to);
	curl_easy_cleanup(c);
	return rc == CURLE_OK ? TC_OK : TC_EIO;
}

/* ---- Queueing a day's digests ---- */

struct queue_write {
	struct store_write w;
	struct case_digest_plan plan;
	struct case_digest_to *to;
	size_t n;
	size_t queued;
	struct store_txn *txn;
};

static int put_one(const struct case_digest_to *to, const char *message, void *arg)
{
	struct queue_write *q = arg;
	int rc = case_outbox_put(q->txn, q->plan.today, to, message);
	q->queued += rc == TC_OK;
	return rc != TC_OK;
}

/* In one write: the messages, and the day marked, so a day is queued once and wholly. */
static int queue_apply(struct store_txn *txn, struct store_write *w)
{
	struct queue_write *q = w->arg;
	q->txn = txn;
	q->queued = 0;
	int rc = case_digest_build(txn, &q->plan, q->to, q->n, put_one, q);
	if (rc == TC_OK && q->plan.daily)
		rc = case_digest_set_last(txn, "digest.daily", q->plan.today);
	if (rc == TC_OK && q->plan.weekly)
		rc = case_digest_set_last(txn, "digest.weekly", q->plan.today);
	return rc;
}

static struct case_digest_to *recipients(struct mailer *m, size_t *n)
{
	struct instance_mail_to *in = NULL;
	char err[512] = "";
	if (instance_load_mail_to(m->dir, &in, n, err, sizeof(err)) != TC_OK) {
		log_msg(LOG_WARN, "reminders: recipients not read: %s", err);
		*n = 0;
		return NULL;
	}
	struct case_digest_to *to = calloc(*n ? *n : 1, sizeof(*to));
	for (size_t i = 0; to && i < *n; i++) {
		to[i].kind = in[i].kind == 'u'	 ? CASE_DIGEST_UNIT
			     : in[i].kind == 'm' ? CASE_DIGEST_MONITOR
						 : CASE_DIGEST_INSPECTOR;
		snprintf(to[i].name, sizeof(to[i].name), "%s", in[i].name);
		snprintf(to[i].scope, sizeof(to[i].scope), "%s", in[i].scope);
		memcpy(to[i].pk, in[i].pk, sizeof(to[i].pk));
		snprintf(to[i].address, sizeof(to[i].address), "%s", in[i].address);
	}
	free(in);
	return to;
}

/* Whether the daily (and the weekly) digests are owed now and not yet queued. */
static void what_is_owed(struct mailer *m, time_t now, struct case_digest_plan *p)
{
	dm_day today = dm_day_from_unix((int64_t)now);
	int hour = (int)(((int64_t)now + LOCAL_OFFSET_S) % 86400 / 3600);
	struct store_txn *t = NULL;
	dm_day daily = DM_DAY_NONE, weekly = DM_DAY_NONE;
	if (store_read_begin(m->store, &t) == TC_OK) {
		daily = case_digest_last(t, "digest.daily");
		weekly = case_digest_last(t, "digest.weekly");
	}
	store_read_end(t);
	int wd = dm_day_weekday(today) % 7; /* 0 Sunday .. 6 Saturday */
	bool time = hour >= m->conf.digest_hour;
	p->today = today;
	p->daily = time && (daily == DM_DAY_NONE || daily < today);
	p->weekly = time && (m->conf.monitor_digest_weekday == 7 || m->conf.monitor_digest_weekday == wd) &&
		    (weekly == DM_DAY_NONE || weekly < today);
}

static void queue_due(struct mailer *m, time_t now)
{
	struct queue_write q = {0};
	what_is_owed(m, now, &q.plan);
	if (!q.plan.daily && !q.plan.weekly)
		return;
	q.plan.horizon_wd = m->conf.sweep_horizon_wd;
	q.plan.horizon = dm_cal_add_working_days(q.plan.today, q.plan.horizon_wd);
	q.plan.key = m->key;
	q.plan.from = m->conf.smtp_from;
	q.plan.link = m->conf.digest_link;
	q.to = recipients(m, &q.n);
	if (q.to == NULL)
		return; /* a bad recipients' file: nothing marked, tried again at the next poll */
	q.w.apply = queue_apply;
	q.w.arg = &q;
	int rc = store_submit_wait(m->store, &q.w);
	if (rc == TC_OK) {
		atomic_fetch_add(&m->queued, q.queued);
		log_msg(LOG_INFO, "reminders: %zu digest(s) queued", q.queued);
	} else {
		log_msg(LOG_WARN, "reminders: queueing the digests failed: %s", tc_strerror(rc));
	}
	free(q.to);
}

/* ---- Sending what the outbox holds ---- */

struct entry_write {
	struct store_write w;
	const struct case_outbox_entry *e;
	bool done;
};

static int entry_apply(struct store_txn *txn, struct store_write *w)
{
	struct entry_write *ew = (struct entry_write *)w;
	return ew->done ? case_outbox_done(txn, ew->e->name) : case_outbox_retry(txn, ew->e);
}

static void entry_record(struct mailer *m, const struct case_outbox_entry *e, bool done)
{
	struct entry_write ew = {.w = {.apply = entry_apply}, .e = e, .done = done};
	int rc = store_submit_wait(m->store, &ew.w);
	if (rc != TC_OK)
		log_msg(LOG_WARN, "reminders: outbox not updated: %s", tc_strerror(rc));
}

static void send_one(struct mailer *m, struct case_outbox_entry *e, time_t now, dm_day today)
{
	if (e->day < today - m->conf.digest_keep_days) {
		atomic_fetch_add(&m->dropped, 1);
		log_msg(LOG_ERR, "reminders: a digest of %.10s was never taken by the relay in %d "
			"days: dropped", e->name + sizeof(CASE_META_OUTBOX) - 1, m->conf.digest_keep_days);
		entry_record(m, e, true);
		return;
	}
	if (e->next_try > (int64_t)now)
		return;
	char why[256] = "";
	if (smtp_send(m, e->address, e->message, why, sizeof(why)) == TC_OK) {
		atomic_fetch_add(&m->sent, 1);
		entry_record(m, e, true);
		return;
	}
	atomic_fetch_add(&m->failures, 1);
	int64_t wait = (int64_t)m->conf.digest_poll_s << (e->tries < 12 ? e->tries : 12);
	e->tries++;
	e->next_try = (int64_t)now + (wait < 3600 ? wait : 3600);
	/* No address and no content in the log: the relay's reason and the try. */
	log_msg(LOG_WARN, "reminders: the SMTP relay did not take a digest (try %u, again in %lld s): %s",
		e->tries, (long long)(e->next_try - (int64_t)now), why);
	entry_record(m, e, false);
}

static void send_due(struct mailer *m, time_t now)
{
	struct store_txn *t = NULL;
	struct case_outbox_entry *es = NULL;
	size_t n = 0;
	int rc = store_read_begin(m->store, &t);
	if (rc == TC_OK)
		rc = case_outbox_list(t, &es, &n);
	store_read_end(t);
	if (rc != TC_OK) {
		log_msg(LOG_WARN, "reminders: outbox not read: %s", tc_strerror(rc));
		return;
	}
	dm_day today = dm_day_from_unix((int64_t)now);
	for (size_t i = 0; i < n; i++) {
		pthread_mutex_lock(&m->lock);
		bool stop = m->stopping;
		pthread_mutex_unlock(&m->lock);
		if (!stop)
			send_one(m, &es[i], now, today);
		case_outbox_entry_free(&es[i]);
	}
	free(es);
}

static void *mailer_main(void *arg)
{
	struct mailer *m = arg;
	pthread_mutex_lock(&m->lock);
	while (!m->stopping) {
		pthread_mutex_unlock(&m->lock);
		time_t now = time(NULL);
		queue_due(m, now);
		send_due(m, now);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += m->conf.digest_poll_s;
		pthread_mutex_lock(&m->lock);
		if (!m->stopping)
			pthread_cond_timedwait(&m->wake, &m->lock, &until);
	}
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

static bool read_password(struct mailer *m)
{
	if (m->conf.smtp_password_file[0] == '\0')
		return true;
	FILE *f = fopen(m->conf.smtp_password_file, "r");
	if (f == NULL || fgets(m->password, sizeof(m->password), f) == NULL) {
		if (f)
			fclose(f);
		return false;
	}
	fclose(f);
	m->password[strcspn(m->password, "\r\n")] = '\0';
	return true;
}

struct mailer *mailer_start(const char *dir, const struct tc_conf *conf, struct store *st,
			    const struct cr_server_key *key)
{
	if (conf->smtp_url[0] == '\0')
		return NULL;
	struct mailer *m = calloc(1, sizeof(*m));
	if (m == NULL)
		return NULL;
	snprintf(m->dir, sizeof(m->dir), "%s", dir);
	m->conf = *conf;
	m->store = st;
	m->key = key;
	const char *bad = !instance_mail_address_ok(conf->smtp_from) ? "smtp_from is not an address"
			  : !read_password(m) ? "smtp_password_file cannot be read"
			  : curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ? "libcurl did not start"
									    : NULL;
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->wake, NULL);
	if (bad == NULL && pthread_create(&m->thread, NULL, mailer_main, m) != 0)
		bad = "no thread";
	if (bad != NULL) {
		log_msg(LOG_ERR, "reminders are off: %s", bad);
		pthread_mutex_destroy(&m->lock);
		pthread_cond_destroy(&m->wake);
		free(m);
		return NULL;
	}
	log_msg(LOG_INFO, "reminders: digests from %02d:00, through the relay in smtp_url",
		conf->digest_hour);
	return m;
}

void mailer_stop(struct mailer *m)
{
	if (m == NULL)
		return;
	pthread_mutex_lock(&m->lock);
	m->stopping = true;
	pthread_cond_signal(&m->wake);
	pthread_mutex_unlock(&m->lock);
	pthread_join(m->thread, NULL);
	pthread_mutex_destroy(&m->lock);
	pthread_cond_destroy(&m->wake);
	explicit_bzero(m->password, sizeof(m->password));
	free(m);
}

void mailer_metrics(char *out, size_t cap, void *arg)
{
	struct mailer *m = arg;
	snprintf(out, cap,
		 "# HELP tocao_digests_queued_total Digests queued in the outbox.\n"
		 "# TYPE tocao_digests_queued_total counter\ntocao_digests_queued_total %llu\n"
		 "# HELP tocao_digests_sent_total Digests the SMTP relay took.\n"
		 "# TYPE tocao_digests_sent_total counter\ntocao_digests_sent_total %llu\n"
		 "# HELP tocao_digest_send_failures_total Tries the SMTP relay did not take (retried).\n"
		 "# TYPE tocao_digest_send_failures_total counter\ntocao_digest_send_failures_total %llu\n"
		 "# HELP tocao_digests_dropped_total Digests dropped after digest_keep_days untaken.\n"
		 "# TYPE tocao_digests_dropped_total counter\ntocao_digests_dropped_total %llu\n",
		 (unsigned long long)atomic_load(&m->queued), (unsigned long long)atomic_load(&m->sent),
		 (unsigned long long)atomic_load(&m->failures),
		 (unsigned long long)atomic_load(&m->dropped));
}
