/*
 * domain_worker.c - reloading the domain data and recomputing open cases
 * off the event loops (domain_worker.h).
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "cases.h"
#include "domain_worker.h"
#include "instance.h"
#include "log.h"

struct domain_worker {
	const char *dir;
	struct store *st;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool check, reload, stop; /* guarded by lock */
	void (*on_reload)(void *arg);
	void *arg;
};

/* Re-read the files; a bad one leaves the data in force. */
static void reload(struct domain_worker *w)
{
	char err[INSTANCE_PATH_MAX + 256];
	const struct dm_snapshot *s;
	if (instance_build_domain(w->dir, &s, err, sizeof(err)) != TC_OK) {
		log_msg(LOG_ERR, "domain data reload failed, still using the data in force: %s", err);
		return;
	}
	dm_snapshot_install(s);
	log_msg(LOG_INFO, "domain data reloaded (calendar notices and rule sets)");
}

static bool stopping(void *arg)
{
	struct domain_worker *w = arg;
	pthread_mutex_lock(&w->lock);
	bool stop = w->stop;
	pthread_mutex_unlock(&w->lock);
	return stop;
}

/* Recompute the open cases if the store's fingerprint is not the data in force's. */
static void check(struct domain_worker *w)
{
	struct case_recompute_run run = {.today = dm_day_from_unix((int64_t)time(NULL)),
					 .cancelled = stopping, .arg = w};
	int rc = case_recompute_all(w->st, &run);
	/* Counts only: never a case id next to a time. */
	if (rc != TC_OK)
		log_msg(LOG_WARN, "recompute failed after %zu cases checked, %zu changed: %s (the next "
				  "SIGHUP or start-up tries again)",
			run.checked, run.changed, tc_strerror(rc));
	else if (run.needed)
		log_msg(LOG_INFO, "recompute: the domain data changed: %zu open cases checked, %zu "
				  "changed",
			run.checked, run.changed);
}

static void *worker_main(void *arg)
{
	struct domain_worker *w = arg;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->stop && !w->check && !w->reload)
			pthread_cond_wait(&w->wake, &w->lock);
		if (w->stop)
			break;
		bool do_reload = w->reload;
		w->reload = w->check = false;
		pthread_mutex_unlock(&w->lock);
		if (do_reload && w->on_reload)
			w->on_reload(w->arg);
		if (do_reload)
			reload(w);
		check(w);
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int domain_worker_start(const char *dir, struct store *st, void (*on_reload)(void *arg),
			void *arg, struct domain_worker **out)
{
	struct domain_worker *w = calloc(1, sizeof(*w));
	if (w == NULL)
		return TC_ENOMEM;
	w->on_reload = on_reload;
	w->arg = arg;
	w->dir = dir;
	w->st = st;
	w->check = true;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->wake);
		free(w);
		return TC_ENOMEM;
	}
	*out = w;
	return TC_OK;
}

void domain_worker_reload(struct domain_worker *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->reload = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

void domain_worker_stop(struct domain_worker *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	free(w);
}
