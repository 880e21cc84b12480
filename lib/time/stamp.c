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

bool stamp_is_canonical(const char *v, size_t n, dcr_time *out)
{
	static _Thread_local struct time_day_cache day; /* dcr-agg -f: threads */
	if (!time_parse_canonical_cached(&day, v, n, out))
		return false;
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
