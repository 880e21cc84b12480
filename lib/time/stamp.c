/* stamp.c - reading a record's time by a format, or by its shape. */
#include "time/stamp.h"

#include <stdint.h>
#include <string.h>

bool stamp_format_valid(const char *fmt, size_t *bad)
{
	static const char known[] = "YmdHMSfybjpIzsTF%";
	for (size_t i = 0; fmt[i]; i++) {
		if (fmt[i] != '%')
			continue;
		if (!fmt[i + 1] || !strchr(known, fmt[i + 1])) {
			*bad = i;
			return false;
		}
		i++;
	}
	return true;
}

/* Two digits at p, or -1. */
static int two_digits(const char *p)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return -1;
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* The seconds of "HH:MM:SSZ" at p, or -1. */
static int64_t time_of_day(const char *p)
{
	int h = two_digits(p), m = two_digits(p + 3), sec = two_digits(p + 6);
	if (h < 0 || h > 23 || p[2] != ':' || m < 0 || m > 59 || p[5] != ':' ||
	    sec < 0 || sec > 59 || p[8] != 'Z')
		return -1;
	return h * 3600 + m * 60 + sec;
}

bool stamp_is_canonical(const char *v, size_t n, dcr_time *out)
{
	/* Records come in time order, so most stamps fall on the day of the
	 * one before: its date ("YYYY-MM-DDT") was checked already. */
	static _Thread_local char day[11]; /* per thread: dcr-agg -f */
	static _Thread_local int64_t day_secs;
	static _Thread_local bool have_day;
	if (n == 20 && have_day && memcmp(v, day, 11) == 0) {
		int64_t tod = time_of_day(v + 11);
		if (tod >= 0) {
			*out = (day_secs + tod) * DCR_NS_PER_SEC;
			return true;
		}
	}
	if (!time_parse_canonical(v, n, out))
		return false;
	if (n == 20) {
		int64_t tod = time_of_day(v + 11);
		memcpy(day, v, 11);
		day_secs = *out / DCR_NS_PER_SEC - tod;
		/* Not the first or last day dcr_time reaches: there, a time
		 * of day may be out of range, which only the full parse
		 * checks (and the product below would overflow). */
		have_day = tod >= 0 && day_secs >= INT64_MIN / DCR_NS_PER_SEC &&
			   day_secs < INT64_MAX / DCR_NS_PER_SEC - 86400;
	}
	if (n == 20) /* no fraction: the common case */
		return true;
	/* time_parse_canonical takes 1 to 9 digits: compare with the form
	 * dcr writes */
	char buf[TIME_BUFSZ];
	return time_format_utc(*out, buf) == n && memcmp(buf, v, n) == 0;
}

static bool all_digits_or_dot(const char *v, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((v[i] >= '0' && v[i] <= '9') || v[i] == '.'))
			return false;
	return true;
}

/* "YYYY-MM-DD[T ]HH:MM[:SS[.f]]" without an offset: the format to read it
 * with, or NULL. */
static const char *iso_local_format(const char *v, size_t n)
{
	if (n < 16 || v[4] != '-' || v[7] != '-' || v[13] != ':')
		return NULL;
	bool t = v[10] == 'T';
	if (!t && v[10] != ' ')
		return NULL;
	if (n == 16)
		return t ? "%Y-%m-%dT%H:%M" : "%Y-%m-%d %H:%M";
	if (v[16] != ':')
		return NULL;
	if (n > 19 && v[19] == '.')
		return t ? "%Y-%m-%dT%H:%M:%S.%f" : "%Y-%m-%d %H:%M:%S.%f";
	return t ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d %H:%M:%S";
}

static bool refuse_local;

void stamp_refuse_local_times(void)
{
	refuse_local = true;
}

static enum time_status by_format(const char *fmt, const char *v, size_t n,
				  enum fold fold, dcr_time *out)
{
	struct civil c;
	enum time_status st = time_parse_format(fmt, v, n, &c, NULL);
	if (st != TIME_OK)
		return st;
	/* Refused before the zone is asked: threads do not share its cache. */
	if (!c.has_offset && refuse_local)
		return TIME_LOCAL_REFUSED;
	st = civil_to_time(&c, fold, out);
	/* Never local time read as UTC because no zone was named. */
	if (st == TIME_OK && !c.has_offset && !tz_given())
		return TIME_NO_ZONE;
	return st;
}

enum time_status stamp_parse(const char *fmt, const char *v, size_t n,
			     enum fold fold, dcr_time *out)
{
	if (fmt)
		return by_format(fmt, v, n, fold, out);
	if (time_parse_canonical(v, n, out))
		return TIME_OK;
	enum time_status st = time_parse_rfc3339(v, n, out);
	if (st != TIME_SYNTAX)
		return st;
	if (all_digits_or_dot(v, n))
		return time_parse_epoch(v, n, out);
	const char *local = iso_local_format(v, n);
	if (local)
		return by_format(local, v, n, fold, out);
	return TIME_SYNTAX;
}
