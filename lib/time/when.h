/* when.h - a point in time as a user writes it on the command line
 * (dcr-filter --since and --until): a date, taken as midnight UTC
 * ("2024-03-01"), an RFC 3339 time with its offset, or a time relative to
 * now: -N followed by s, m, h, d or w ("-24h", "-7d").
 *
 * The current time is passed in, so that a relative time is reproducible
 * (and testable); when_now() reads the clock.
 */
#ifndef DCR_WHEN_H
#define DCR_WHEN_H

#include "time/timefmt.h"

enum when_status {
	WHEN_OK = 0,
	WHEN_SYNTAX,	/* none of the forms above */
	WHEN_RANGE,	/* out of range (Feb 30, 24:00): TIME_RANGE's */
	WHEN_TOO_FAR	/* a relative time beyond dcr_time's range */
};

/* Read s, as of the time now, into *out. */
enum when_status when_parse(const char *s, dcr_time now, dcr_time *out);

/* The current time (CLOCK_REALTIME). */
dcr_time when_now(void);

#endif
