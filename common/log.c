#include <stdarg.h>
#include <stdio.h>

#include "log.h"

static enum log_level min_level = LOG_INFO;

void log_set_level(enum log_level min)
{
	min_level = min;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const names[] = {"debug", "info", "warning", "error", "fatal"};
	if (level < min_level)
		return;
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One write per line so that concurrent lines do not interleave. */
	fprintf(stderr, "tocaod: %s: %s\n", names[level], line);
}
