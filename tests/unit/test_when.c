/* test_when.c - unit tests of lib/time/when.c: the times of --since and
 * --until, relative ones against a fixed now. Epoch seconds were checked
 * with python3's datetime. */
#include "time/when.h"
#include "unit.h"

#define S(x) ((dcr_time)(x) * DCR_NS_PER_SEC)

/* 2024-03-01T12:00:00.5Z */
static const dcr_time now = S(1709294400) + DCR_NS_PER_SEC / 2;

static enum when_status when(const char *s, dcr_time *t)
{
	*t = -1;
	return when_parse(s, now, t);
}

int main(void)
{
	dcr_time t;

	/* Relative: every unit, counted back from now, fraction kept. */
	CHECK(when("-30s", &t) == WHEN_OK && t == now - S(30));
	CHECK(when("-15m", &t) == WHEN_OK && t == now - S(15 * 60));
	CHECK(when("-24h", &t) == WHEN_OK && t == now - S(86400));
	CHECK(when("-7d", &t) == WHEN_OK && t == now - S(7 * 86400));
	CHECK(when("-2w", &t) == WHEN_OK && t == now - S(2 * 604800));
	CHECK(when("-0h", &t) == WHEN_OK && t == now);
	CHECK(when("-007d", &t) == WHEN_OK && t == now - S(7 * 86400));

	/* Up to about 285 years back; beyond is refused, not wrapped. */
	CHECK(when("-9000000000s", &t) == WHEN_OK && t == now - S(9000000000));
	CHECK(when("-9000000001s", &t) == WHEN_TOO_FAR);
	CHECK(when("-999999999999w", &t) == WHEN_TOO_FAR);
	/* More than 12 digits is not a relative time at all. */
	CHECK(when("-1000000000000s", &t) == WHEN_SYNTAX);

	/* Not relative: no digits, no unit, another unit, a sign. */
	CHECK(when("-h", &t) == WHEN_SYNTAX);
	CHECK(when("-24", &t) == WHEN_SYNTAX);
	CHECK(when("-24y", &t) == WHEN_SYNTAX);
	CHECK(when("+24h", &t) == WHEN_SYNTAX);
	CHECK(when("24h", &t) == WHEN_SYNTAX);
	CHECK(when("-2 h", &t) == WHEN_SYNTAX);
	CHECK(when("", &t) == WHEN_SYNTAX);
	CHECK(when("yesterday", &t) == WHEN_SYNTAX);

	/* A date is midnight UTC; an RFC 3339 time keeps its offset. */
	CHECK(when("2024-03-01", &t) == WHEN_OK && t == S(1709251200));
	CHECK(when("1970-01-01", &t) == WHEN_OK && t == 0);
	CHECK(when("2024-03-01T08:00:00+01:00", &t) == WHEN_OK &&
	      t == S(1709276400));
	CHECK(when("2024-03-01T12:00:00.5Z", &t) == WHEN_OK && t == now);

	/* Out of range is told apart from a wrong form. */
	CHECK(when("2024-02-30", &t) == WHEN_RANGE);
	CHECK(when("2023-02-29", &t) == WHEN_RANGE);
	CHECK(when("2024-03-01T24:00:00Z", &t) == WHEN_RANGE);
	CHECK(when("2024-3-1", &t) == WHEN_SYNTAX);
	CHECK(when("2024-03-01T08:00:00", &t) == WHEN_SYNTAX);

	/* The clock: after this test was written, before dcr_time ends. */
	dcr_time c = when_now();
	CHECK(c > S(1709294400) && c < INT64_MAX);
	return unit_report("when");
}
