/* timefmt.h - time stamps: RFC 3339, strptime-like formats, IANA zones,
 * calendar buckets.
 *
 * A time is an int64_t count of nanoseconds since 1970-01-01T00:00:00Z
 * (type dcr_time): 1677-09-21T00:12:43.145224192Z through
 * 2262-04-11T23:47:16.854775807Z are representable, which covers any log;
 * parsers return TIME_RANGE outside it. Times before 1970 work like any
 * other.
 * Nothing here allocates per call; zones are the system tz database, used
 * through the C library with TZ set once per process (tz_set). The zone
 * and its offset cache are process-wide: not thread-safe.
 */
#ifndef DCR_TIMEFMT_H
#define DCR_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t dcr_time;

#define DCR_NS_PER_SEC INT64_C(1000000000)

/* Broken-down civil time, as read from a log or shown to a user. */
struct civil {
	int year, month, day;	  /* 1..12, 1..31 */
	int hour, min, sec;	  /* 0..23, 0..59, 0..59 (no leap seconds) */
	int32_t nsec;		  /* 0..999999999 */
	bool has_offset;	  /* an explicit UTC offset was read */
	int32_t offset_s;	  /* seconds east of UTC when has_offset */
};

/* Result codes of the parsers and of local-time conversion. */
enum time_status {
	TIME_OK = 0,
	TIME_SYNTAX,	/* not of the expected form */
	TIME_RANGE,	/* a field out of range: Feb 30, 24:00, 23:59:60 ... */
	TIME_GAP,	/* local time skipped by a DST change */
	TIME_AMBIGUOUS,	/* local time repeated by a DST change, no fold given */
	TIME_NO_ZONE,	/* a local time, and no zone given (stamp.h) */
	TIME_LOCAL_REFUSED /* a local time where none is read (stamp.h) */
};
/* A short English phrase for a status ("impossible date or time", ...). */
const char *time_status_str(enum time_status st);

/* Canonical "YYYY-MM-DDTHH:MM:SS[.fff]Z" and any RFC 3339 time with an
 * offset ("+01:00", "-05:30", "Z" or "z", "T" or "t" or " " separator).
 * The fraction may have 1..9 digits. An offset is required (a stamp
 * without one is local time: use time_parse_format + civil_to_time).
 * Syntax is checked before ranges: "24:00:00", "23:59:60" (leap seconds
 * are not representable), Feb 29 of a common year or an offset hour > 23
 * give TIME_RANGE. */
enum time_status time_parse_rfc3339(const char *s, size_t n, dcr_time *out);

/* Fast path for a canonical UTC stamp as dcr writes it; returns false when
 * s is not exactly canonical (callers then try time_parse_rfc3339). */
bool time_parse_canonical(const char *s, size_t n, dcr_time *out);

/* The date of the last stamp of 20 bytes read through it, so that the next
 * one of the same day is read from its time of day alone: records come in
 * time order. Zero it to start; one per thread. */
struct time_day_cache {
	char day[11];		/* "YYYY-MM-DDT" */
	bool valid;
	int64_t secs;		/* its midnight, seconds from the epoch */
};
/* time_parse_canonical, the same answers, faster on the cached day. */
bool time_parse_canonical_cached(struct time_day_cache *c, const char *s,
				 size_t n, dcr_time *out);

/* Write the canonical UTC form of t into buf (at least TIME_BUFSZ bytes);
 * the fraction is omitted when zero, else 3, 6 or 9 digits, the fewest
 * that are exact. Returns the length written (no NUL counted; a NUL is
 * written after it). */
#define TIME_BUFSZ 40
size_t time_format_utc(dcr_time t, char *buf);

/* Parse s by a strptime-like FORMAT into c. Directives: %Y %m %d %H %M %S
 * %f (1..9 fraction digits) %y (2000+) %b (English month abbrev, any case)
 * %j (day of year) %p (AM/PM with %I) %I %z (+hhmm, +hh:mm or Z) %s (epoch
 * seconds) %% and %T (=%H:%M:%S) %F (=%Y-%m-%d). Other characters match
 * literally; a space in FORMAT matches one or more blanks (space or tab).
 * The whole of s must be consumed. Fields not in the format default to
 * 1970-01-01 00:00:00.
 * Numbers take 1 digit up to the field's width (%Y 4, %j 3, others 2), so
 * "%Y%m%d" reads "20240301" and "%d-%m-%Y" reads "1-3-2024".
 * %j sets month and day from the year. %p applies only to %I (12 AM = 00,
 * 12 PM = 12); %I without %p is AM. %z sets c->has_offset. %s (optional
 * '-') sets the whole time as UTC with has_offset and offset 0; of the
 * other fields only %f then counts ("%s.%f").
 * Ranges are checked (TIME_RANGE) after parsing, so a syntax error wins.
 * On TIME_SYNTAX, *col (when col is not NULL) receives the 0-based column
 * in s where matching failed and c is untouched; an unknown directive in
 * fmt is also TIME_SYNTAX. */
enum time_status time_parse_format(const char *fmt, const char *s, size_t n,
				   struct civil *c, size_t *col);

/* Numbers without a format: epoch seconds (up to 11 digits) or epoch
 * milliseconds (12..14 digits), either optionally with a fraction after
 * '.' (1..9 digits of a second, 1..6 of a millisecond). No sign, no
 * blanks; 15 or more digits is TIME_SYNTAX, beyond dcr_time TIME_RANGE. */
enum time_status time_parse_epoch(const char *s, size_t n, dcr_time *out);

/* True when the civil date and time exist on the Gregorian calendar. */
bool civil_valid(const struct civil *c);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12), and
 * back; years may be negative (year 0 = 1 BC). civil_from_days needs a
 * result year that fits an int (|days| < 7.8e11). */
int64_t days_from_civil(int y, int m, int d);
void civil_from_days(int64_t days, int *y, int *m, int *d);

/* ---- zones ---- */

/* Select the zone for local conversions: an IANA name such as
 * "Europe/Amsterdam", or "UTC". Fails (returns false, zone unchanged) when
 * the name is not a TZif file under $TZDIR or /usr/share/zoneinfo, is
 * empty, absolute or contains ".."; glibc would silently fall back to UTC.
 * Sets the TZ environment variable. Until tz_set is called the zone is
 * UTC, whatever TZ the process inherited. */
bool tz_set(const char *name);
/* The name given to tz_set, or "UTC". */
const char *tz_name(void);
/* True once tz_set has succeeded: a zone was asked for, UTC included. */
bool tz_given(void);
/* True when every instant of UTC minute min (seconds / 60) has the same
 * offset, a whole number of minutes: local minutes, hours and days then
 * begin only at UTC minute boundaries, so a calendar label (or a fixed
 * width of whole minutes) is the same over the whole minute. False for
 * Monrovia's -0:44:30 up to 1972-01-07, and for any other such offset. */
bool tz_minute_uniform(int64_t min);

/* Which of two repeated local times to take (the hour repeated in autumn). */
enum fold { FOLD_REJECT, FOLD_EARLIER, FOLD_LATER };

/* Convert a civil time to UTC. When c->has_offset, the offset is used and
 * the zone ignored; otherwise c is local time in the tz_set zone:
 * a time in a DST gap gives TIME_GAP (whatever fold), a repeated time
 * gives TIME_AMBIGUOUS unless fold says which (EARLIER = the smaller UTC
 * time). Validity of c is checked (TIME_RANGE), as are |offset_s| < 24h
 * and the dcr_time range. */
enum time_status civil_to_time(const struct civil *c, enum fold fold,
			       dcr_time *out);

/* Local civil time of t in the tz_set zone, with c->has_offset true and
 * c->offset_s set (so civil_to_time gives t back). Cached per UTC hour:
 * cheap when called for many times close together. */
void time_to_local(dcr_time t, struct civil *c);

/* ---- buckets ---- */

enum bucket_unit {
	BUCKET_HOUR,	/* hour=2024-03-01T08 */
	BUCKET_DAY,	/* day=2024-03-01 */
	BUCKET_WEEK,	/* week=2024-W09 (ISO 8601 week-numbering year) */
	BUCKET_MONTH,	/* month=2024-03 */
	BUCKET_QUARTER, /* quarter=2024-Q1 */
	BUCKET_YEAR,	/* year=2024 */
	BUCKET_HOD,	/* hod=14 (hour of day, 0..23, no leading zero) */
	BUCKET_DOW,	/* dow=5 (ISO weekday, Monday=1 .. Sunday=7) */
	BUCKET_FIXED	/* fixed width from the epoch, label = canonical start */
};

struct bucket {
	enum bucket_unit unit;
	int64_t width_s; /* BUCKET_FIXED only: width in seconds (> 0) */
};

/* Parse a bucket spec as written after "FIELD:": "hour" "day" "week"
 * "month" "quarter" "year" "hod" "dow" (lower case) or a fixed width: a
 * positive decimal integer and s, m, h or d ("15m" "2h" "30s" "1d"), at
 * most 2^31-1 seconds (24855d). Returns false on anything else. */
bool bucket_parse(const char *spec, size_t n, struct bucket *b);

/* The output key of a bucket: "hour", "day", ... and "ts" for fixed
 * widths. */
const char *bucket_key(const struct bucket *b);

/* Write the label of the bucket holding t (local time in the tz_set zone
 * for calendar units). Fixed widths are aligned to local time: the bucket
 * is the local interval starting at ls = floor((t + offset) / width) *
 * width, labelled with ls converted back to canonical UTC (no fraction).
 * That start is the first instant the local clock showed ls: ls - offset,
 * except when a DST change falls inside the bucket (so a "1d" bucket keeps
 * one label, local midnight, on DST days, and one group where midnight
 * repeats, as "day" does), or the end of the DST gap when ls itself was
 * skipped. A start before the first representable instant is labelled
 * with that instant (1677-09-21T00:12:43.145224192Z). Returns the length
 * (NUL written after it); buf has TIME_BUFSZ bytes. */
size_t bucket_label(const struct bucket *b, dcr_time t, char *buf);

#endif
