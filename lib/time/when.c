/* when.c - dates, RFC 3339 times and "-24h" as given on the command line. */
#include "time/when.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* -N followed by s, m, h, d or w: that long before now. False when s is
 * not of that form; *too_far when it is, but beyond dcr_time's range. */
static bool relative_time(const char *s, dcr_time now, dcr_time *out,
			  bool *too_far)
{
	static const struct { char unit; int64_t secs; } units[] = {
		{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 604800},
	};
	size_t n = strlen(s);
	/* At most 12 digits: 999999999999 weeks in seconds fits int64_t. */
	if (n < 3 || s[0] != '-' || !all_digits(s + 1, n - 2) || n - 2 > 12)
		return false;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (s[n - 1] != units[i].unit)
			continue;
		int64_t back = strtoll(s + 1, NULL, 10) * units[i].secs;
		*too_far = back > INT64_C(9000000000); /* ~285 years */
		if (!*too_far)
			*out = now - back * DCR_NS_PER_SEC;
		return true;
	}
	return false;
}

enum when_status when_parse(const char *s, dcr_time now, dcr_time *out)
{
	bool too_far = false;
	if (relative_time(s, now, out, &too_far))
		return too_far ? WHEN_TOO_FAR : WHEN_OK;
	size_t n = strlen(s);
	enum time_status st;
	if (n == 10) { /* a date: midnight UTC */
		char full[32];
		snprintf(full, sizeof full, "%sT00:00:00Z", s);
		st = time_parse_rfc3339(full, strlen(full), out);
	} else {
		st = time_parse_rfc3339(s, n, out);
	}
	if (st == TIME_OK)
		return WHEN_OK;
	return st == TIME_RANGE ? WHEN_RANGE : WHEN_SYNTAX;
}

dcr_time when_now(void)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	return (dcr_time)now.tv_sec * DCR_NS_PER_SEC + now.tv_nsec;
}
