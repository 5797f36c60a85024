/*
 * log.h - the daemon's log, to stderr (journald adds the time).
 *
 * Rule: nothing about an individual report or request is ever logged (no
 * case id with a time, no address, no content, no receipt): a log line's
 * timestamp next to a case would re-create the exact submission time that
 * SECURITY.md promises is never kept. Log start-up, shutdown, failures of the
 * service, and aggregate counters only.
 */
#ifndef TOCAO_LOG_H
#define TOCAO_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERR, LOG_FATAL };

void log_set_level(enum log_level min);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
