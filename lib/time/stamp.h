/* stamp.h - the time value of an input record turned into dcr's ts
 * (dcr-parse --time KEY[=FORMAT] --tz ZONE --fold WHEN).
 *
 * Without a FORMAT a value is read as, in this order: canonical UTC; RFC
 * 3339 with an offset ("2024-03-01T09:14:22+01:00"); epoch seconds (up to
 * 11 digits) or milliseconds (12 to 14), with an optional fraction; an ISO
 * date and time without an offset ("2024-03-01 09:14", "...T09:14:22.5"),
 * which is local time in the --tz zone. With a FORMAT (timefmt.h's
 * strptime-like directives) the value must match it whole; a time without
 * %z or %s is local time in the --tz zone. A local time when no zone was
 * given (tz_given) is TIME_NO_ZONE, never read as UTC.
 *
 * Local times that do not exist (DST gap), impossible dates and times (Feb
 * 30, 24:00, 23:59:60) and, unless a fold is chosen, repeated local times
 * are errors; nothing is rounded or moved.
 */
#ifndef DCR_STAMP_H
#define DCR_STAMP_H

#include <stdbool.h>
#include <stddef.h>

#include "time/timefmt.h"

/* True when every '%' of fmt starts a directive timefmt.h knows; else
 * false with *bad the 0-based offset of the offending '%'. */
bool stamp_format_valid(const char *fmt, size_t *bad);

/* True when v[0..n) is a time stamp exactly as dcr writes it (the
 * fraction, if any, with 3, 6 or 9 digits, the fewest that are exact),
 * with its time in *out. */
bool stamp_is_canonical(const char *v, size_t n, dcr_time *out);

/* From now on a local time is TIME_LOCAL_REFUSED, even when a zone was
 * given:
 * for dcr-agg -f, whose --tz is the zone of its buckets, not of the data.
 * Call before any thread starts. */
void stamp_refuse_local_times(void);

/* Read v[0..n) by fmt (NULL: the formats above) into *out. */
enum time_status stamp_parse(const char *fmt, const char *v, size_t n,
			     enum fold fold, dcr_time *out);

#endif
