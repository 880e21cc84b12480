/* occupancy.h - peak concurrent sessions: how many sessions were under way
 * at once at most, and when that number was first reached.
 *
 * A session occupies its place over [start, end): one ending at t and
 * another starting at t never overlap, and a session of length zero
 * occupies nothing. Sessions are kept exactly (16 bytes each) until the
 * peak is computed by a sweep over the sorted starts and ends.
 *
 * Ownership: struct occ owns its array; a zeroed one is empty; occ_free()
 * releases it.
 */
#ifndef DCR_OCCUPANCY_H
#define DCR_OCCUPANCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "time/timefmt.h"

struct occ_session {
	dcr_time start, end;
};

struct occ {
	struct occ_session *s;
	size_t n, cap;
};

/* Add a session; one with end <= start occupies nothing and is dropped. */
void occ_add(struct occ *o, dcr_time start, dcr_time end);
void occ_merge(struct occ *dst, const struct occ *src);
/* The peak number of concurrent sessions; when it is above zero, *at is
 * the first instant it was reached. */
uint64_t occ_peak(const struct occ *o, dcr_time *at);

/* Order the sessions by start (then end), as occ_write needs. */
void occ_sort(struct occ *o);
/* State text: sessions from *pos on as ",START/LENGTH" (seconds, exact to
 * the nanosecond), START after the first item as "+DELTA" from the one
 * before, until about budget bytes; returns the number of items. */
uint64_t occ_write(const struct occ *o, size_t *pos, size_t budget,
		   struct buf *out);
/* Add the sessions of a state (without the leading ','); false when
 * malformed. */
bool occ_read(struct occ *o, const char *s, size_t n, uint64_t *items);
void occ_free(struct occ *o);

/* Seconds as exact decimal text ("1800", "0.25"), and back. */
void occ_put_seconds(struct buf *out, int64_t ns);
bool occ_parse_seconds(const char *s, size_t n, int64_t *ns);

#endif
