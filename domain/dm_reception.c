/*
 * dm_reception.c - channels and the day of receipt of a reception entry
 * (dm_reception.h).
 */
#include <string.h>

#include "dm_reception.h"

static const char *const channel_names[] = {"web", "in_person", "post", "forwarded", "mailbox"};

int dm_channel_parse(const char *s, enum dm_channel *out)
{
	for (int c = 0; s && c <= DM_CHANNEL_LAST; c++) {
		if (strcmp(s, channel_names[c]) == 0) {
			*out = (enum dm_channel)c;
			return TC_OK;
		}
	}
	return TC_EINVAL;
}

const char *dm_channel_name(enum dm_channel c)
{
	return (int)c >= 0 && c <= DM_CHANNEL_LAST ? channel_names[c] : "unknown";
}

enum dm_reception_day dm_reception_day_check(dm_day received, dm_day today)
{
	if (received > today)
		return DM_RECEPTION_DAY_FUTURE;
	if (today - received > DM_RECEPTION_MAX_DAYS_BACK)
		return DM_RECEPTION_DAY_TOO_OLD;
	return DM_RECEPTION_DAY_OK;
}

int dm_channel_needs_scan(enum dm_channel c)
{
	return c == DM_CHANNEL_POST || c == DM_CHANNEL_FORWARDED || c == DM_CHANNEL_MAILBOX;
}
