/*
 * mailer.h - the reminders' sender (docs/OPERATIONS.md "Reminders"): a
 * thread of its own, never an event loop, that queues each day's digests
 * in the store's outbox (cases/case_digest.h) from digest_hour, the
 * monitors' on monitor_digest_weekday, and sends what the outbox holds
 * through the SMTP relay with libcurl (the only user of libcurl). A digest
 * the relay does not take stays in the outbox and is tried again later,
 * after twice as long each time (digest_poll_s, 2x, ... up to an hour),
 * across restarts, for digest_keep_days; each failure is logged (no
 * address, no content) and counted for /metrics.
 */
#ifndef TOCAO_MAILER_H
#define TOCAO_MAILER_H

#include <stddef.h>

#include "conf.h"
#include "cr.h"
#include "store.h"

struct mailer;

/* NULL, with nothing started, when smtp_url is unset (reminders off) or on failure (logged). */
struct mailer *mailer_start(const char *dir, const struct tc_conf *conf, struct store *st,
			    const struct cr_server_key *key);
/* Stop the thread (after the send in progress, if any) and free. NULL: nothing. */
void mailer_stop(struct mailer *m);
/* Prometheus text of the counters, appended to /metrics (any thread). */
void mailer_metrics(char *out, size_t cap, void *m);

#endif
