/*
 * dm_reception.h - reports taken at a unit's reception office (tiếp công
 * dân) rather than on the web: how the report came (its channel, a stored
 * code) and which day of receipt an officer may record.
 *
 * The legal clocks run from the day the competent body received the report
 * (Law on Denunciations 2018 Art. 24, Law on Complaints 2011 Art. 27): for
 * a letter brought in person, by post or forwarded by another body, that is
 * the day it reached the unit, not the day an officer typed it in. Pure.
 */
#ifndef TOCAO_DM_RECEPTION_H
#define TOCAO_DM_RECEPTION_H

#include "dm_date.h"
#include "tc_err.h"

/*
 * How a report reached the unit. Stored (docs/FORMAT.md "Reception
 * entries"): never renumber, add at the end. 0 is no reception entry (a
 * report sent on the web), never stored as a channel.
 */
enum dm_channel {
	DM_CHANNEL_WEB = 0,
	DM_CHANNEL_IN_PERSON = 1, /* brought, or told, at the reception office (trực tiếp) */
	DM_CHANNEL_POST = 2,      /* by post (bưu chính) */
	DM_CHANNEL_FORWARDED = 3, /* sent on by another body (chuyển đến từ cơ quan khác) */
	DM_CHANNEL_MAILBOX = 4,   /* left in the unit's letter box (hòm thư) */
};
#define DM_CHANNEL_LAST DM_CHANNEL_MAILBOX

/* "in_person", "post", "forwarded", "mailbox" (and "web"); TC_EINVAL for anything else. */
int dm_channel_parse(const char *s, enum dm_channel *out) TC_WUR;
const char *dm_channel_name(enum dm_channel c);

/*
 * How far back an officer may date a receipt: 30 days. The shortest first
 * step runs 7 working days from receipt (Law on Denunciations Art. 24(1):
 * accept or not), the longest 10 days (Law on Complaints Art. 27), so an
 * entry made weeks after the letter came is already late and still must be
 * recorded with its true day; but a month covers a letter that lay in the
 * post, the Tết break (up to nine days off in a row) and an officer's
 * absence, while a mistyped month or year (the common slip) is refused.
 * Anything older is entered by the operator with a correction, not here.
 */
#define DM_RECEPTION_MAX_DAYS_BACK 30

enum dm_reception_day {
	DM_RECEPTION_DAY_OK = 0,
	DM_RECEPTION_DAY_FUTURE,   /* after today */
	DM_RECEPTION_DAY_TOO_OLD,  /* more than DM_RECEPTION_MAX_DAYS_BACK days before today */
};
/* Whether received may be recorded as the day of receipt on today. */
enum dm_reception_day dm_reception_day_check(dm_day received, dm_day today);

/*
 * Whether the channel needs a scan of the paper: a letter that came by post,
 * was forwarded or was left in the box always exists on paper; a report
 * told in person is written down by the officer (Law on Denunciations
 * Art. 22(2)) and the scan is then optional.
 */
int dm_channel_needs_scan(enum dm_channel c);

#endif
