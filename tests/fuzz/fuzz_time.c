/* fuzz_time.c - libFuzzer harness for time stamps (lib/time/timefmt.c, and
 * dcr-parse's reading of time values, lib/time/stamp.c).
 * fuzz-needs: lib/time/stamp.c lib/time/timefmt.c
 *
 * Input: byte 0 chooses the zone and the fold, byte 1 is the length L of
 * a strptime-like format (also tried as a bucket spec) that follows; the
 * rest is the subject. Properties:
 *   - an RFC 3339 stamp that parses, written canonically, parses back to
 *     the same time, and the canonical fast path agrees with the full one;
 *   - any representable time (8 subject bytes as an int64) written
 *     canonically parses back to itself;
 *   - a format parse that succeeds gives a valid civil time, and a local
 *     time that converts to UTC shows the same clock reading back;
 *   - a syntax error's column is inside the subject;
 *   - bucket labels fit their buffer;
 *   - a value dcr-parse reads as a time (by shape, or by the format when
 *     stamp_format_valid accepts it) gives a time that writes and reads
 *     back; one stamp_is_canonical accepts is written back byte for byte.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "time/stamp.h"
#include "time/timefmt.h"

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_time: property violated: %s\n", what);
	abort();
}

static void check_canonical_round_trip(dcr_time t)
{
	char buf[TIME_BUFSZ];
	size_t len = time_format_utc(t, buf);
	if (len >= TIME_BUFSZ || buf[len] != '\0')
		fail("time_format_utc overran or did not terminate");
	dcr_time back;
	if (time_parse_rfc3339(buf, len, &back) != TIME_OK || back != t)
		fail("a canonical stamp does not parse back to its time");
	if (!time_parse_canonical(buf, len, &back) || back != t)
		fail("the canonical fast path rejects a canonical stamp");
}

static void check_rfc3339(const char *s, size_t n)
{
	dcr_time t, fast;
	enum time_status st = time_parse_rfc3339(s, n, &t);
	bool canon = time_parse_canonical(s, n, &fast);
	if (canon && (st != TIME_OK || fast != t))
		fail("the canonical fast path disagrees with RFC 3339");
	if (st == TIME_OK)
		check_canonical_round_trip(t);
	if (time_parse_epoch(s, n, &t) == TIME_OK)
		check_canonical_round_trip(t);
}

static void check_stamp(const char *fmt, const char *s, size_t n,
			enum fold fold)
{
	dcr_time t;
	if (stamp_is_canonical(s, n, &t)) {
		char buf[TIME_BUFSZ];
		size_t len = time_format_utc(t, buf);
		if (len != n || memcmp(buf, s, n) != 0)
			fail("stamp_is_canonical accepts a stamp dcr writes otherwise");
	}
	if (stamp_parse(NULL, s, n, fold, &t) == TIME_OK)
		check_canonical_round_trip(t);
	size_t bad;
	if (stamp_format_valid(fmt, &bad)) {
		if (stamp_parse(fmt, s, n, fold, &t) == TIME_OK)
			check_canonical_round_trip(t);
	} else if (bad >= strlen(fmt) || fmt[bad] != '%') {
		fail("stamp_format_valid points at no '%'");
	}
}

static bool same_clock(const struct civil *a, const struct civil *b)
{
	return a->year == b->year && a->month == b->month &&
	       a->day == b->day && a->hour == b->hour && a->min == b->min &&
	       a->sec == b->sec && a->nsec == b->nsec;
}

static void check_format(const char *fmt, const char *s, size_t n,
			 enum fold fold, const struct bucket *b, bool has_b)
{
	struct civil c;
	size_t col = (size_t)-1;
	enum time_status st = time_parse_format(fmt, s, n, &c, &col);
	if (st == TIME_SYNTAX && col != (size_t)-1 && col > n)
		fail("a syntax error column past the subject");
	if (st != TIME_OK)
		return;
	if (!civil_valid(&c))
		fail("a format parse gave an impossible civil time");
	dcr_time t;
	if (civil_to_time(&c, fold, &t) != TIME_OK)
		return;
	check_canonical_round_trip(t);
	struct civil local;
	time_to_local(t, &local);
	dcr_time back;
	if (civil_to_time(&local, FOLD_REJECT, &back) != TIME_OK || back != t)
		fail("time_to_local does not convert back");
	if (!c.has_offset && !same_clock(&c, &local))
		fail("a local time converts to an instant showing another time");
	if (has_b) {
		char label[TIME_BUFSZ];
		size_t len = bucket_label(b, t, label);
		if (len >= TIME_BUFSZ || label[len] != '\0')
			fail("bucket_label overran");
	}
}

static void set_zone(unsigned which)
{
	static const char *const zones[4] = {
		"UTC", "Europe/Amsterdam", "America/St_Johns",
		"Australia/Lord_Howe"};
	static int current = -1;
	if ((int)which == current)
		return;
	if (!tz_set(zones[which]))
		fail("a zone of the tz database is refused");
	current = (int)which;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	set_zone(data[0] & 3);
	enum fold fold = (enum fold)(data[0] >> 2 & 3) % 3;
	size_t flen = data[1];
	if (flen > size - 2)
		flen = size - 2;
	char *fmt = malloc(flen + 1);
	memcpy(fmt, data + 2, flen);
	fmt[flen] = '\0';
	size_t n = size - 2 - flen;
	char *s = malloc(n ? n : 1); /* exact size: ASan sees overreads */
	memcpy(s, data + 2 + flen, n);

	check_rfc3339(s, n);
	if (n >= 8) {
		int64_t t;
		memcpy(&t, s, 8);
		check_canonical_round_trip(t);
	}
	struct bucket b;
	bool has_b = bucket_parse(fmt, flen, &b);
	if (has_b && (b.unit == BUCKET_FIXED) && b.width_s <= 0)
		fail("a fixed bucket of no width");
	if (strlen(fmt) == flen) {
		check_format(fmt, s, n, fold, &b, has_b);
		check_stamp(fmt, s, n, fold);
	}
	free(fmt);
	free(s);
	return 0;
}
