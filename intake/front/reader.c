/*
 * reader.c - the reader thread (reader.h): a queue under a mutex, one
 * thread, event_active to wake the loop (thread-safe: the daemon calls
 * evthread_use_pthreads before making its base).
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include <event2/event.h>

#include "reader.h"

struct reader {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct reader_job *head, *tail;
	bool stopping;
};

static void *reader_main(void *arg)
{
	struct reader *r = arg;
	pthread_mutex_lock(&r->lock);
	for (;;) {
		while (r->head == NULL && !r->stopping)
			pthread_cond_wait(&r->wake, &r->lock);
		struct reader_job *job = r->head;
		if (job == NULL)
			break; /* stopping, and nothing left */
		r->head = job->next;
		if (r->head == NULL)
			r->tail = NULL;
		pthread_mutex_unlock(&r->lock);
		job->work(job);
		event_active(job->done, EV_WRITE, 0);
		pthread_mutex_lock(&r->lock);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

struct reader *reader_new(void)
{
	struct reader *r = calloc(1, sizeof(*r));
	if (r == NULL)
		return NULL;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->wake, NULL);
	if (pthread_create(&r->thread, NULL, reader_main, r) != 0) {
		pthread_mutex_destroy(&r->lock);
		pthread_cond_destroy(&r->wake);
		free(r);
		return NULL;
	}
	return r;
}

void reader_submit(struct reader *r, struct reader_job *job)
{
	job->next = NULL;
	pthread_mutex_lock(&r->lock);
	if (r->tail)
		r->tail->next = job;
	else
		r->head = job;
	r->tail = job;
	pthread_cond_signal(&r->wake);
	pthread_mutex_unlock(&r->lock);
}

void reader_free(struct reader *r)
{
	if (r == NULL)
		return;
	pthread_mutex_lock(&r->lock);
	r->stopping = true;
	pthread_cond_signal(&r->wake);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->wake);
	free(r);
}
