/*
 * reader.h - one thread for long reads, off the event loop.
 *
 * The loop must never stall: a monitor's figures over a million cases take
 * about ten milliseconds of counter reads, and in that time the loop could
 * have answered dozens of citizens. Such reads go to this thread instead
 * (LMDB read transactions are independent of threads with MDB_NOTLS); the
 * job's event is activated when it is done, and the loop replies. Jobs
 * touch the store and their own memory only: never a request or libevent.
 */
#ifndef TOCAO_READER_H
#define TOCAO_READER_H

struct event;

struct reader_job {
	void (*work)(struct reader_job *job); /* on the reader thread */
	struct event *done;                   /* activated (on the loop) once work returns */
	struct reader_job *next;              /* the reader's queue */
};

struct reader;

/* NULL when out of memory or a thread cannot be started. */
struct reader *reader_new(void);
/* Queue a job (never fails once the reader exists; jobs run in order). */
void reader_submit(struct reader *r, struct reader_job *job);
/* Run what is queued, then stop the thread. */
void reader_free(struct reader *r);

#endif
