/*
 * domain_worker.h - the daemon's thread for the domain data
 * (docs/DEADLINES.md §9, docs/OPERATIONS.md "Correcting the calendar and
 * the rules: SIGHUP").
 *
 * One thread, asleep until asked: at start-up it checks the store's
 * fingerprint against the data in force (loaded before the listeners, a
 * bad file refusing the start) and recomputes the open cases if they
 * differ; on each SIGHUP it re-reads the instance's calendar notices and
 * rule sets, publishes them if they are good (a bad file is logged with
 * its line and the data in force kept), then checks again. The recompute
 * runs in writes of CASE_RECOMPUTE_BATCH cases queued one after another,
 * so the event loops keep answering and new reports are committed in
 * between. Requests that arrive while it works are merged into one more
 * pass.
 */
#ifndef TOCAO_DOMAIN_WORKER_H
#define TOCAO_DOMAIN_WORKER_H

#include "store.h"
#include "tc_err.h"

struct domain_worker;

/*
 * Start the thread and ask for the start-up check. dir: the instance
 * (kept). on_reload(arg), if not NULL, runs on the thread at each reload,
 * before the domain data (the daemon re-reads the principals there).
 */
int domain_worker_start(const char *dir, struct store *st, void (*on_reload)(void *arg),
			void *arg, struct domain_worker **out) TC_WUR;
/* Ask for a reload and a check (SIGHUP); returns at once. Async-signal-unsafe: call from a loop. */
void domain_worker_reload(struct domain_worker *w);
/* Stop after the current batch and join; NULL is a no-op. Before store_close(). */
void domain_worker_stop(struct domain_worker *w);

#endif
