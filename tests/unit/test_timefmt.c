/* test_timefmt.c - unit tests of lib/time/timefmt.c: parsing, formatting,
 * zones and DST, buckets. Needs the system tz database. */
#include "time/timefmt.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S(x) ((dcr_time)(x) * DCR_NS_PER_SEC)

static char buf[TIME_BUFSZ];

/* A canonical stamp that the test itself writes; aborts the check run
 * loudly when mistyped rather than testing against garbage. */
static dcr_time T(const char *s)
{
	dcr_time t = 0;
	if (time_parse_rfc3339(s, strlen(s), &t) != TIME_OK) {
		fprintf(stderr, "bad test stamp %s\n", s);
		unit_fail++;
	}
	return t;
}

static enum time_status rfc(const char *s, dcr_time *t)
{
	dcr_time dummy;
	return time_parse_rfc3339(s, strlen(s), t ? t : &dummy);
}

static bool canon(const char *s, dcr_time *t)
{
	dcr_time dummy;
	return time_parse_canonical(s, strlen(s), t ? t : &dummy);
}

static enum time_status epoch(const char *s, dcr_time *t)
{
	dcr_time dummy;
	return time_parse_epoch(s, strlen(s), t ? t : &dummy);
}

static enum time_status pf(const char *fmt, const char *s, struct civil *c,
			   size_t *col)
{
	struct civil dummy;
	size_t dcol;
	return time_parse_format(fmt, s, strlen(s), c ? c : &dummy,
				 col ? col : &dcol);
}

/* time_format_utc of t equals want. */
#define CHECK_FMT(t, want)                                                 \
	do {                                                               \
		size_t n_ = time_format_utc((t), buf);                     \
		CHECK_MEM(buf, n_, want);                                  \
		CHECK(buf[n_] == '\0');                                    \
	} while (0)

/* want parses to itself: rfc3339 and canonical agree, format inverts. */
#define CHECK_ROUND(s)                                                     \
	do {                                                               \
		dcr_time a_ = 0, b_ = 1;                                   \
		CHECK(rfc((s), &a_) == TIME_OK);                           \
		CHECK(canon((s), &b_) && a_ == b_);                        \
		CHECK_FMT(a_, s);                                          \
	} while (0)

#define CHECK_LABEL(spec, t, want)                                         \
	do {                                                               \
		struct bucket b_;                                          \
		CHECK(bucket_parse((spec), strlen(spec), &b_));            \
		size_t n_ = bucket_label(&b_, (t), buf);                   \
		CHECK_MEM(buf, n_, want);                                  \
	} while (0)

/* Local civil time read with time_parse_format("%F %T"), resolved. */
static enum time_status local(const char *s, enum fold fold, dcr_time *t)
{
	struct civil c;
	enum time_status st = pf("%F %T", s, &c, NULL);
	if (st != TIME_OK)
		return st;
	return civil_to_time(&c, fold, t);
}

static void test_calendar(void)
{
	CHECK(days_from_civil(1970, 1, 1) == 0);
	CHECK(days_from_civil(1969, 12, 31) == -1);
	CHECK(days_from_civil(2000, 3, 1) == 11017);
	CHECK(days_from_civil(2024, 3, 1) == 19783);
	CHECK(days_from_civil(1600, 1, 1) == -135140);
	CHECK(days_from_civil(0, 3, 1) == -719468);
	CHECK(days_from_civil(-1, 12, 31) == -719529);

	/* round trip over four centuries around 1970 and far away */
	bool ok = true;
	for (int64_t d = -200000; d <= 200000 && ok; d += 7) {
		int y, m, dd;
		civil_from_days(d, &y, &m, &dd);
		ok = days_from_civil(y, m, dd) == d && m >= 1 && m <= 12 &&
		     dd >= 1 && dd <= 31;
	}
	CHECK(ok);
	int y, m, d;
	civil_from_days(-1, &y, &m, &d);
	CHECK(y == 1969 && m == 12 && d == 31);
	civil_from_days(11016, &y, &m, &d);
	CHECK(y == 2000 && m == 2 && d == 29);
	civil_from_days(-719529, &y, &m, &d);
	CHECK(y == -1 && m == 12 && d == 31);

	struct civil c = {.year = 2024, .month = 2, .day = 29};
	CHECK(civil_valid(&c));
	c.year = 2023;
	CHECK(!civil_valid(&c));
	c.year = 1900;
	CHECK(!civil_valid(&c));
	c.year = 2000;
	CHECK(civil_valid(&c));
	c = (struct civil){.year = 2024, .month = 4, .day = 31};
	CHECK(!civil_valid(&c));
	c = (struct civil){.year = 2024, .month = 13, .day = 1};
	CHECK(!civil_valid(&c));
	c = (struct civil){.year = 2024, .month = 0, .day = 1};
	CHECK(!civil_valid(&c));
	c = (struct civil){.year = 2024, .month = 1, .day = 1, .hour = 23,
			   .min = 59, .sec = 59, .nsec = 999999999};
	CHECK(civil_valid(&c));
	c.nsec = 1000000000;
	CHECK(!civil_valid(&c));
	c.nsec = 0;
	c.sec = 60;
	CHECK(!civil_valid(&c));
	c.sec = 0;
	c.hour = 24;
	CHECK(!civil_valid(&c));
	c.hour = -1;
	CHECK(!civil_valid(&c));
}

static void test_canonical(void)
{
	dcr_time t;
	CHECK(canon("2024-03-01T08:14:22Z", &t) && t == S(1709280862));
	CHECK(canon("1970-01-01T00:00:00Z", &t) && t == 0);
	CHECK(canon("2024-03-01T08:14:22.5Z", &t) &&
	      t == S(1709280862) + 500000000);
	CHECK(canon("2024-03-01T08:14:22.123456789Z", &t) &&
	      t == S(1709280862) + 123456789);
	CHECK(!canon("2024-03-01T08:14:22.1234567890Z", NULL));
	CHECK(!canon("2024-03-01T08:14:22.Z", NULL));
	CHECK(!canon("2024-03-01t08:14:22Z", NULL));
	CHECK(!canon("2024-03-01 08:14:22Z", NULL));
	CHECK(!canon("2024-03-01T08:14:22z", NULL));
	CHECK(!canon("2024-03-01T08:14:22+00:00", NULL));
	CHECK(!canon("2024-03-01T08:14:22", NULL));
	CHECK(!canon("2024-3-01T08:14:22Z", NULL));
	CHECK(!canon("2024-03-01T08:14:22ZZ", NULL));
	CHECK(!canon("", NULL));
	CHECK(!canon("2024-02-30T00:00:00Z", NULL));
	CHECK(!canon("2024-03-01T24:00:00Z", NULL));
	CHECK(!canon("2024-03-01T23:60:00Z", NULL));
	CHECK(!canon("2024-03-01T23:59:60Z", NULL));
	CHECK(!canon("2024-00-01T00:00:00Z", NULL));
	CHECK(!canon("2024-01-00T00:00:00Z", NULL));
	CHECK(!canon("9999-01-01T00:00:00Z", NULL)); /* beyond dcr_time */
	/* only the first n bytes are read */
	CHECK(time_parse_canonical("2024-03-01T08:14:22Zjunk", 20, &t) &&
	      t == S(1709280862));
}

static void test_rfc3339(void)
{
	dcr_time t;
	CHECK(rfc("2024-03-01T09:14:22+01:00", &t) == TIME_OK &&
	      t == S(1709280862));
	CHECK(rfc("2024-03-01T03:14:22-05:00", &t) == TIME_OK &&
	      t == S(1709280862));
	CHECK(rfc("2024-03-01T13:44:22+05:30", &t) == TIME_OK &&
	      t == S(1709280862));
	CHECK(rfc("2024-03-01t08:14:22z", &t) == TIME_OK &&
	      t == S(1709280862));
	CHECK(rfc("2024-03-01 08:14:22Z", &t) == TIME_OK &&
	      t == S(1709280862));
	CHECK(rfc("2024-03-01T08:14:22-00:00", &t) == TIME_OK &&
	      t == S(1709280862));
	CHECK(rfc("2024-03-01T08:14:22.25+00:00", &t) == TIME_OK &&
	      t == S(1709280862) + 250000000);
	/* an offset can move the date across a year end */
	CHECK(rfc("2024-01-01T00:30:00+01:00", &t) == TIME_OK &&
	      t == T("2023-12-31T23:30:00Z"));
	CHECK(rfc("2023-12-31T20:00:00-05:00", &t) == TIME_OK &&
	      t == T("2024-01-01T01:00:00Z"));

	CHECK(rfc("2024-02-29T00:00:00Z", NULL) == TIME_OK);
	CHECK(rfc("2000-02-29T00:00:00Z", NULL) == TIME_OK);
	CHECK(rfc("2023-02-29T00:00:00Z", NULL) == TIME_RANGE);
	CHECK(rfc("1900-02-29T00:00:00Z", NULL) == TIME_RANGE);
	CHECK(rfc("2024-02-30T00:00:00Z", NULL) == TIME_RANGE);
	CHECK(rfc("2024-04-31T00:00:00Z", NULL) == TIME_RANGE);
	CHECK(rfc("2024-03-01T24:00:00Z", NULL) == TIME_RANGE);
	CHECK(rfc("2016-12-31T23:59:60Z", NULL) == TIME_RANGE);
	CHECK(rfc("2024-13-01T00:00:00Z", NULL) == TIME_RANGE);
	CHECK(rfc("2024-03-01T00:00:00+24:00", NULL) == TIME_RANGE);
	CHECK(rfc("2024-03-01T00:00:00+01:60", NULL) == TIME_RANGE);
	CHECK(rfc("1600-01-01T00:00:00Z", NULL) == TIME_RANGE);
	CHECK(rfc("2262-04-11T23:47:16.854775807Z", &t) == TIME_OK &&
	      t == INT64_MAX);
	CHECK(rfc("2262-04-11T23:47:16.854775808Z", NULL) == TIME_RANGE);
	CHECK(rfc("1677-09-21T00:12:43.145224192Z", &t) == TIME_OK &&
	      t == INT64_MIN);
	CHECK(rfc("1677-09-21T00:12:43.145224191Z", NULL) == TIME_RANGE);

	CHECK(rfc("2024-03-01T08:14:22", NULL) == TIME_SYNTAX);
	CHECK(rfc("2024-03-01T08:14:22+0100", NULL) == TIME_SYNTAX);
	CHECK(rfc("2024-03-01T08:14:22+01", NULL) == TIME_SYNTAX);
	CHECK(rfc("2024-03-01T08:14Z", NULL) == TIME_SYNTAX);
	CHECK(rfc("2024-03-01X08:14:22Z", NULL) == TIME_SYNTAX);
	CHECK(rfc("2024-03-01T08:14:22.Z", NULL) == TIME_SYNTAX);
	CHECK(rfc("2024-03-01T08:14:22.1234567891Z", NULL) == TIME_SYNTAX);
	CHECK(rfc("2024-03-01T08:14:22Z ", NULL) == TIME_SYNTAX);
	CHECK(rfc(" 2024-03-01T08:14:22Z", NULL) == TIME_SYNTAX);
	CHECK(rfc("24-03-01T08:14:22Z", NULL) == TIME_SYNTAX);
	CHECK(rfc("", NULL) == TIME_SYNTAX);
	CHECK(rfc("2024-03-01T08:14:2aZ", NULL) == TIME_SYNTAX);
	/* syntax is judged before ranges */
	CHECK(rfc("2024-02-30T08:14:22", NULL) == TIME_SYNTAX);
}

static void test_format(void)
{
	CHECK_FMT(0, "1970-01-01T00:00:00Z");
	CHECK_FMT(S(1709280862), "2024-03-01T08:14:22Z");
	CHECK_FMT(S(1709280862) + 500000000, "2024-03-01T08:14:22.500Z");
	CHECK_FMT(S(1709280862) + 123000000, "2024-03-01T08:14:22.123Z");
	CHECK_FMT(S(1709280862) + 123400000, "2024-03-01T08:14:22.123400Z");
	CHECK_FMT(S(1709280862) + 123456000, "2024-03-01T08:14:22.123456Z");
	CHECK_FMT(S(1709280862) + 1000, "2024-03-01T08:14:22.000001Z");
	CHECK_FMT(S(1709280862) + 1, "2024-03-01T08:14:22.000000001Z");
	CHECK_FMT(S(1709280862) + 123456789, "2024-03-01T08:14:22.123456789Z");
	/* before 1970: floor, not truncation */
	CHECK_FMT(-1, "1969-12-31T23:59:59.999999999Z");
	CHECK_FMT(-500000000, "1969-12-31T23:59:59.500Z");
	CHECK_FMT(S(-1), "1969-12-31T23:59:59Z");
	CHECK_FMT(S(-86400), "1969-12-31T00:00:00Z");
	CHECK_FMT(S(-86401), "1969-12-30T23:59:59Z");
	CHECK_FMT(T("1900-02-28T12:00:00Z"), "1900-02-28T12:00:00Z");
	CHECK_FMT(INT64_MIN, "1677-09-21T00:12:43.145224192Z");
	CHECK_FMT(INT64_MAX, "2262-04-11T23:47:16.854775807Z");
	CHECK_FMT(T("1999-12-31T23:59:59Z") + S(1), "2000-01-01T00:00:00Z");
	CHECK_FMT(T("2024-02-28T23:59:59Z") + S(1), "2024-02-29T00:00:00Z");
	CHECK_FMT(T("2023-02-28T23:59:59Z") + S(1), "2023-03-01T00:00:00Z");

	CHECK_ROUND("1969-07-20T20:17:40Z");
	CHECK_ROUND("1970-01-01T00:00:00.001Z");
	CHECK_ROUND("2000-02-29T23:59:59.999999Z");
	CHECK_ROUND("2261-12-31T23:59:59.999999999Z");
	CHECK_ROUND("1678-01-01T00:00:00Z");

	/* every day boundary of a long stretch formats and parses back */
	bool ok = true;
	for (int64_t s = -3000000000LL; s < 3000000000LL && ok;
	     s += 86400 * 37 + 3601) {
		dcr_time t = S(s) + 1000, u;
		size_t n = time_format_utc(t, buf);
		ok = time_parse_canonical(buf, n, &u) && u == t;
	}
	CHECK(ok);
}

static void test_epoch(void)
{
	dcr_time t;
	CHECK(epoch("1709280862", &t) == TIME_OK && t == S(1709280862));
	CHECK(epoch("1709280862123", &t) == TIME_OK &&
	      t == S(1709280862) + 123000000);
	CHECK(epoch("1709280862.5", &t) == TIME_OK &&
	      t == S(1709280862) + 500000000);
	CHECK(epoch("1709280862.123456789", &t) == TIME_OK &&
	      t == S(1709280862) + 123456789);
	CHECK(epoch("1709280862123.456", &t) == TIME_OK &&
	      t == S(1709280862) + 123456000);
	CHECK(epoch("1709280862123.456789", &t) == TIME_OK &&
	      t == S(1709280862) + 123456789);
	CHECK(epoch("0", &t) == TIME_OK && t == 0);
	CHECK(epoch("99999999999", NULL) == TIME_RANGE);  /* 11 digits, s */
	CHECK(epoch("99999999999999", NULL) == TIME_RANGE);
	CHECK(epoch("9223372036", &t) == TIME_OK && t == S(9223372036));
	CHECK(epoch("9223372037", NULL) == TIME_RANGE);
	CHECK(epoch("100000000000", &t) == TIME_OK && t == S(100000000));
	CHECK(epoch("999999999999999", NULL) == TIME_SYNTAX); /* 15 digits */
	CHECK(epoch("1709280862.1234567891", NULL) == TIME_SYNTAX);
	CHECK(epoch("1709280862123.1234567", NULL) == TIME_SYNTAX);
	CHECK(epoch("1709280862.", NULL) == TIME_SYNTAX);
	CHECK(epoch(".5", NULL) == TIME_SYNTAX);
	CHECK(epoch("-1", NULL) == TIME_SYNTAX);
	CHECK(epoch("+1", NULL) == TIME_SYNTAX);
	CHECK(epoch("17092808 62", NULL) == TIME_SYNTAX);
	CHECK(epoch("1709280862x", NULL) == TIME_SYNTAX);
	CHECK(epoch("", NULL) == TIME_SYNTAX);
}

static void test_format_parse(void)
{
	struct civil c;
	size_t col = 99;
	dcr_time t;

	CHECK(pf("%d-%m-%Y %H:%M", "01-03-2024 09:14", &c, NULL) == TIME_OK);
	CHECK(c.year == 2024 && c.month == 3 && c.day == 1 && c.hour == 9 &&
	      c.min == 14 && c.sec == 0 && c.nsec == 0 && !c.has_offset);
	CHECK(pf("%d-%m-%Y %H:%M", "1-3-2024  9:14", &c, NULL) == TIME_OK &&
	      c.day == 1 && c.month == 3 && c.hour == 9);
	CHECK(pf("%d-%m-%Y %H:%M", "01-03-2024\t09:14", &c, NULL) == TIME_OK);
	CHECK(pf("%d-%m-%Y %H:%M", "01-03-202409:14", &c, &col) ==
		      TIME_SYNTAX &&
	      col == 10);
	CHECK(pf("%d-%m-%Y %H:%M", "01-03-2024 09:14x", &c, &col) ==
		      TIME_SYNTAX &&
	      col == 16);
	CHECK(pf("%d-%m-%Y %H:%M", "01/03/2024 09:14", &c, &col) ==
		      TIME_SYNTAX &&
	      col == 2);
	CHECK(pf("%d-%m-%Y %H:%M", "01-03-2024 09:", &c, &col) ==
		      TIME_SYNTAX &&
	      col == 14);
	CHECK(pf("%d-%m-%Y %H:%M", "31-02-2024 09:14", &c, NULL) ==
	      TIME_RANGE);
	CHECK(pf("%d-%m-%Y %H:%M", "01-03-2024 25:14", &c, NULL) ==
	      TIME_RANGE);

	/* fields not in the format default to 1970-01-01 00:00:00 */
	CHECK(pf("%H:%M", "12:34", &c, NULL) == TIME_OK && c.year == 1970 &&
	      c.month == 1 && c.day == 1 && c.hour == 12 && c.min == 34);
	CHECK(pf("", "", &c, NULL) == TIME_OK && c.year == 1970);
	CHECK(pf("", "x", &c, &col) == TIME_SYNTAX && col == 0);

	/* compact forms: widths bound the digits */
	CHECK(pf("%Y%m%d%H%M%S", "20240301081422", &c, NULL) == TIME_OK &&
	      c.year == 2024 && c.month == 3 && c.day == 1 && c.hour == 8 &&
	      c.min == 14 && c.sec == 22);
	CHECK(pf("%F %T", "2024-03-01 08:14:22", &c, NULL) == TIME_OK &&
	      c.day == 1 && c.sec == 22);
	CHECK(pf("%FT%T.%f", "2024-03-01T08:14:22.5", &c, NULL) == TIME_OK &&
	      c.nsec == 500000000);
	CHECK(pf("%T,%f", "08:14:22,000000001", &c, NULL) == TIME_OK &&
	      c.nsec == 1);
	CHECK(pf("%T.%f", "08:14:22.1234567890", &c, &col) == TIME_SYNTAX);
	CHECK(pf("%T.%f", "08:14:22.", &c, &col) == TIME_SYNTAX && col == 9);
	CHECK(pf("%y-%m-%d", "24-03-01", &c, NULL) == TIME_OK &&
	      c.year == 2024);
	CHECK(pf("%y", "99", &c, NULL) == TIME_OK && c.year == 2099);

	/* month names */
	CHECK(pf("%d %b %Y", "01 Mar 2024", &c, NULL) == TIME_OK &&
	      c.month == 3);
	CHECK(pf("%d %b %Y", "01 mar 2024", &c, NULL) == TIME_OK &&
	      c.month == 3);
	CHECK(pf("%d %b %Y", "01 DEC 2024", &c, NULL) == TIME_OK &&
	      c.month == 12);
	CHECK(pf("%b %d %T", "Jan  5 12:00:00", &c, NULL) == TIME_OK &&
	      c.month == 1 && c.day == 5);
	CHECK(pf("%d %b %Y", "01 Mrt 2024", &c, &col) == TIME_SYNTAX &&
	      col == 3);
	CHECK(pf("%d/%b/%Y:%T %z", "01/Mar/2024:09:14:22 +0100", &c, NULL) ==
	      TIME_OK);
	CHECK(civil_to_time(&c, FOLD_REJECT, &t) == TIME_OK &&
	      t == S(1709280862));

	/* 12-hour clock */
	CHECK(pf("%I:%M %p", "12:05 AM", &c, NULL) == TIME_OK &&
	      c.hour == 0 && c.min == 5);
	CHECK(pf("%I:%M %p", "12:05 PM", &c, NULL) == TIME_OK && c.hour == 12);
	CHECK(pf("%I:%M %p", "1:05 pm", &c, NULL) == TIME_OK && c.hour == 13);
	CHECK(pf("%I:%M %p", "11:59 am", &c, NULL) == TIME_OK && c.hour == 11);
	CHECK(pf("%I:%M%p", "11:59PM", &c, NULL) == TIME_OK && c.hour == 23);
	CHECK(pf("%I:%M %p", "13:05 PM", &c, NULL) == TIME_RANGE);
	CHECK(pf("%I:%M %p", "0:05 AM", &c, NULL) == TIME_RANGE);
	CHECK(pf("%I:%M %p", "10:05 XM", &c, &col) == TIME_SYNTAX &&
	      col == 6);
	CHECK(pf("%I:%M", "12:05", &c, NULL) == TIME_OK && c.hour == 0);

	/* offsets */
	CHECK(pf("%T%z", "08:14:22+0100", &c, NULL) == TIME_OK &&
	      c.has_offset && c.offset_s == 3600);
	CHECK(pf("%T%z", "08:14:22-05:30", &c, NULL) == TIME_OK &&
	      c.has_offset && c.offset_s == -19800);
	CHECK(pf("%T%z", "08:14:22Z", &c, NULL) == TIME_OK && c.has_offset &&
	      c.offset_s == 0);
	CHECK(pf("%T%z", "08:14:22z", &c, NULL) == TIME_OK && c.has_offset);
	CHECK(pf("%T%z", "08:14:22+01", &c, &col) == TIME_SYNTAX && col == 8);
	CHECK(pf("%T%z", "08:14:22 0100", &c, &col) == TIME_SYNTAX &&
	      col == 8);
	CHECK(pf("%T%z", "08:14:22+0160", &c, NULL) == TIME_RANGE);

	/* epoch seconds: UTC, with an optional fraction */
	CHECK(pf("%s", "1709280862", &c, NULL) == TIME_OK && c.year == 2024 &&
	      c.month == 3 && c.day == 1 && c.hour == 8 && c.min == 14 &&
	      c.sec == 22 && c.has_offset && c.offset_s == 0);
	CHECK(civil_to_time(&c, FOLD_REJECT, &t) == TIME_OK &&
	      t == S(1709280862));
	CHECK(pf("%s.%f", "1709280862.25", &c, NULL) == TIME_OK &&
	      c.nsec == 250000000);
	CHECK(pf("%s", "-1", &c, NULL) == TIME_OK && c.year == 1969 &&
	      c.sec == 59);
	CHECK(pf("%s", "9223372036", &c, NULL) == TIME_OK && c.year == 2262);
	CHECK(pf("%s", "9223372037", &c, NULL) == TIME_RANGE);
	CHECK(pf("%s", "99999999999999999999999999", &c, NULL) == TIME_RANGE);
	CHECK(pf("%s", "-99999999999999999999999999", &c, NULL) ==
	      TIME_RANGE);
	CHECK(pf("%s x", "99999999999999999999999999 y", &c, &col) ==
		      TIME_SYNTAX &&
	      col == 27);
	CHECK(pf("%s", "abc", &c, &col) == TIME_SYNTAX && col == 0);
	CHECK(pf("%s", "-", &c, &col) == TIME_SYNTAX);

	/* day of year */
	CHECK(pf("%Y-%j", "2024-060", &c, NULL) == TIME_OK && c.month == 2 &&
	      c.day == 29);
	CHECK(pf("%Y-%j", "2023-060", &c, NULL) == TIME_OK && c.month == 3 &&
	      c.day == 1);
	CHECK(pf("%Y-%j", "2024-366", &c, NULL) == TIME_OK && c.month == 12 &&
	      c.day == 31);
	CHECK(pf("%Y-%j", "2023-366", &c, NULL) == TIME_RANGE);
	CHECK(pf("%Y-%j", "2023-000", &c, NULL) == TIME_RANGE);
	CHECK(pf("%j/%Y", "1/2024", &c, NULL) == TIME_OK && c.month == 1 &&
	      c.day == 1 && c.year == 2024);

	/* literals and %% */
	CHECK(pf("%%%Y", "%2024", &c, NULL) == TIME_OK && c.year == 2024);
	CHECK(pf("%%%Y", "2024", &c, &col) == TIME_SYNTAX && col == 0);
	CHECK(pf("[%T]", "[08:14:22]", &c, NULL) == TIME_OK);
	CHECK(pf("[%T]", "[08:14:22", &c, &col) == TIME_SYNTAX && col == 9);
	CHECK(pf("%Y %m", "2024 03", &c, NULL) == TIME_OK);
	CHECK(pf("%Y %m", "202403", &c, &col) == TIME_SYNTAX && col == 4);
	CHECK(pf("%Y  %m", "2024 03", &c, NULL) == TIME_OK);
	/* bad formats fail as syntax errors */
	CHECK(pf("%Q", "x", &c, NULL) == TIME_SYNTAX);
	CHECK(pf("%Y%", "2024", &c, NULL) == TIME_SYNTAX);
	/* col may be NULL */
	CHECK(time_parse_format("%Y", "x", 1, &c, NULL) == TIME_SYNTAX);
	/* only n bytes of s are read */
	CHECK(time_parse_format("%Y", "20245", 4, &c, NULL) == TIME_OK &&
	      c.year == 2024);
	CHECK(pf("%S", "60", &c, NULL) == TIME_RANGE);
	CHECK(pf("%M", "60", &c, NULL) == TIME_RANGE);
}

static void test_zone_names(void)
{
	CHECK(strcmp(tz_name(), "UTC") == 0);
	CHECK(tz_set("UTC"));
	CHECK(strcmp(tz_name(), "UTC") == 0);
	CHECK(tz_set("Europe/Amsterdam"));
	CHECK(strcmp(tz_name(), "Europe/Amsterdam") == 0);
	CHECK(!tz_set("Europe/Nowhere"));
	CHECK(!tz_set("Europe"));	      /* a directory */
	CHECK(!tz_set("zone.tab"));	      /* a data file, not a zone */
	CHECK(!tz_set(""));
	CHECK(!tz_set("/usr/share/zoneinfo/UTC"));
	CHECK(!tz_set("../zoneinfo/UTC"));
	CHECK(!tz_set("Europe/../UTC"));
	CHECK(!tz_set("CET-1CEST,M3.5.0,M10.5.0/3")); /* POSIX, not IANA */
	/* a failed tz_set keeps the zone */
	CHECK(strcmp(tz_name(), "Europe/Amsterdam") == 0);

	setenv("TZDIR", "/nonexistent", 1);
	CHECK(!tz_set("America/New_York"));
	CHECK(tz_set("UTC")); /* always */
	unsetenv("TZDIR");
	CHECK(tz_set("America/New_York"));
	CHECK(tz_set("Etc/UTC"));
	struct civil c;
	time_to_local(S(1709280862), &c);
	CHECK(c.offset_s == 0 && c.hour == 8);
	CHECK(tz_set("UTC"));
}

static void test_amsterdam(void)
{
	dcr_time t;
	struct civil c;
	CHECK(tz_set("Europe/Amsterdam"));

	CHECK(local("2024-03-31 02:30:00", FOLD_REJECT, &t) == TIME_GAP);
	CHECK(local("2024-03-31 02:30:00", FOLD_EARLIER, &t) == TIME_GAP);
	CHECK(local("2024-03-31 02:00:00", FOLD_LATER, &t) == TIME_GAP);
	CHECK(local("2024-03-31 01:59:59", FOLD_REJECT, &t) == TIME_OK &&
	      t == T("2024-03-31T00:59:59Z"));
	CHECK(local("2024-03-31 03:00:00", FOLD_REJECT, &t) == TIME_OK &&
	      t == T("2024-03-31T01:00:00Z"));
	CHECK(local("2024-10-27 02:30:00", FOLD_REJECT, &t) ==
	      TIME_AMBIGUOUS);
	CHECK(local("2024-10-27 02:30:00", FOLD_EARLIER, &t) == TIME_OK &&
	      t == T("2024-10-27T00:30:00Z"));
	CHECK(local("2024-10-27 02:30:00", FOLD_LATER, &t) == TIME_OK &&
	      t == T("2024-10-27T01:30:00Z"));
	CHECK(local("2024-10-27 01:59:59", FOLD_REJECT, &t) == TIME_OK &&
	      t == T("2024-10-26T23:59:59Z"));
	CHECK(local("2024-10-27 03:00:00", FOLD_REJECT, &t) == TIME_OK &&
	      t == T("2024-10-27T02:00:00Z"));
	CHECK(local("2024-07-01 12:00:00", FOLD_LATER, &t) == TIME_OK &&
	      t == T("2024-07-01T10:00:00Z"));
	CHECK(local("2024-01-01 00:00:00", FOLD_REJECT, &t) == TIME_OK &&
	      t == T("2023-12-31T23:00:00Z"));
	CHECK(local("2024-02-30 00:00:00", FOLD_REJECT, &t) == TIME_RANGE);

	/* an explicit offset wins over the zone */
	CHECK(pf("%F %T%z", "2024-03-31 02:30:00+01:00", &c, NULL) ==
	      TIME_OK);
	CHECK(civil_to_time(&c, FOLD_REJECT, &t) == TIME_OK &&
	      t == T("2024-03-31T01:30:00Z"));
	c.offset_s = 86400;
	CHECK(civil_to_time(&c, FOLD_REJECT, &t) == TIME_RANGE);

	time_to_local(T("2024-03-31T00:59:59Z"), &c);
	CHECK(c.hour == 1 && c.min == 59 && c.offset_s == 3600 &&
	      c.has_offset);
	time_to_local(T("2024-03-31T01:00:00Z"), &c);
	CHECK(c.hour == 3 && c.min == 0 && c.offset_s == 7200);
	time_to_local(T("2024-10-27T00:30:00.25Z"), &c);
	CHECK(c.hour == 2 && c.min == 30 && c.offset_s == 7200 &&
	      c.nsec == 250000000);
	time_to_local(T("2024-10-27T01:30:00Z"), &c);
	CHECK(c.hour == 2 && c.min == 30 && c.offset_s == 3600);
	/* time_to_local is inverted by civil_to_time */
	CHECK(civil_to_time(&c, FOLD_REJECT, &t) == TIME_OK &&
	      t == T("2024-10-27T01:30:00Z"));
	time_to_local(T("1969-12-31T23:30:00Z"), &c);
	CHECK(c.year == 1970 && c.month == 1 && c.day == 1 && c.hour == 0 &&
	      c.min == 30 && c.offset_s == 3600);
	/* local mean time before 1892: the C library knows +00:19:32 */
	time_to_local(T("1850-06-01T12:00:00Z"), &c);
	CHECK(c.offset_s == 1172 && c.hour == 12 && c.min == 19 &&
	      c.sec == 32);
}

static void test_new_york(void)
{
	dcr_time t;
	CHECK(tz_set("America/New_York"));
	CHECK(local("2024-03-10 02:30:00", FOLD_REJECT, &t) == TIME_GAP);
	CHECK(local("2024-03-10 01:59:59", FOLD_REJECT, &t) == TIME_OK &&
	      t == T("2024-03-10T06:59:59Z"));
	CHECK(local("2024-03-10 03:00:00", FOLD_REJECT, &t) == TIME_OK &&
	      t == T("2024-03-10T07:00:00Z"));
	CHECK(local("2024-11-03 01:30:00", FOLD_REJECT, &t) ==
	      TIME_AMBIGUOUS);
	CHECK(local("2024-11-03 01:30:00", FOLD_EARLIER, &t) == TIME_OK &&
	      t == T("2024-11-03T05:30:00Z"));
	CHECK(local("2024-11-03 01:30:00", FOLD_LATER, &t) == TIME_OK &&
	      t == T("2024-11-03T06:30:00Z"));
	CHECK(local("2024-11-03 02:00:00", FOLD_REJECT, &t) == TIME_OK &&
	      t == T("2024-11-03T07:00:00Z"));
	CHECK(local("2024-11-03 00:59:59", FOLD_REJECT, &t) == TIME_OK &&
	      t == T("2024-11-03T04:59:59Z"));
	CHECK_LABEL("day", T("2024-01-01T04:59:59Z"), "2023-12-31");
	CHECK_LABEL("day", T("2024-01-01T05:00:00Z"), "2024-01-01");
	CHECK_LABEL("hod", T("2024-11-03T05:30:00Z"), "1");
	CHECK_LABEL("hod", T("2024-11-03T06:30:00Z"), "1");
	CHECK_LABEL("1d", T("2024-11-03T12:00:00Z"), "2024-11-03T04:00:00Z");
	CHECK_LABEL("1d", T("2024-11-03T04:30:00Z"), "2024-11-03T04:00:00Z");
	CHECK_LABEL("1d", T("2024-03-10T12:00:00Z"), "2024-03-10T05:00:00Z");
	CHECK(tz_set("UTC"));
}

/* The offset cache agrees with the C library everywhere, including zones
 * whose changes fall in the middle of a UTC hour. */
static void test_offset_cache(const char *zone)
{
	CHECK(tz_set(zone));
	bool ok = true;
	dcr_time start = T("2023-01-01T00:00:00Z");
	for (int64_t s = 0; s < 2 * 366 * 86400 && ok; s += 599) {
		dcr_time t = start + S(s);
		struct civil c;
		time_to_local(t, &c);
		time_t tt = (time_t)(start / DCR_NS_PER_SEC + s);
		struct tm tm;
		localtime_r(&tt, &tm);
		ok = c.offset_s == tm.tm_gmtoff && c.hour == tm.tm_hour &&
		     c.min == tm.tm_min && c.day == tm.tm_mday;
		if (!ok)
			fprintf(stderr, "%s: mismatch at %lld\n", zone,
				(long long)tt);
	}
	CHECK(ok);
	CHECK(tz_set("UTC"));
}

static void test_lord_howe(void)
{
	/* half-hour DST, changing at 15:00 and 15:30 UTC */
	struct civil c;
	dcr_time t;
	CHECK(tz_set("Australia/Lord_Howe"));
	time_to_local(T("2024-04-06T14:59:59Z"), &c);
	CHECK(c.offset_s == 39600 && c.hour == 1 && c.min == 59);
	time_to_local(T("2024-04-06T15:00:00Z"), &c);
	CHECK(c.offset_s == 37800 && c.hour == 1 && c.min == 30);
	CHECK(local("2024-04-07 01:45:00", FOLD_REJECT, &t) ==
	      TIME_AMBIGUOUS);
	CHECK(local("2024-10-06 02:15:00", FOLD_REJECT, &t) == TIME_GAP);
	CHECK(local("2024-10-06 02:30:00", FOLD_REJECT, &t) == TIME_OK &&
	      t == T("2024-10-05T15:30:00Z"));
	CHECK(tz_set("UTC"));
}

static void test_bucket_parse(void)
{
	struct bucket b;
	static const struct {
		const char *spec;
		enum bucket_unit unit;
	} names[] = {
		{"hour", BUCKET_HOUR},	   {"day", BUCKET_DAY},
		{"week", BUCKET_WEEK},	   {"month", BUCKET_MONTH},
		{"quarter", BUCKET_QUARTER}, {"year", BUCKET_YEAR},
		{"hod", BUCKET_HOD},	   {"dow", BUCKET_DOW},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		CHECK(bucket_parse(names[i].spec, strlen(names[i].spec), &b) &&
		      b.unit == names[i].unit &&
		      strcmp(bucket_key(&b), names[i].spec) == 0);
	}
	CHECK(bucket_parse("15m", 3, &b) && b.unit == BUCKET_FIXED &&
	      b.width_s == 900 && strcmp(bucket_key(&b), "ts") == 0);
	CHECK(bucket_parse("2h", 2, &b) && b.width_s == 7200);
	CHECK(bucket_parse("30s", 3, &b) && b.width_s == 30);
	CHECK(bucket_parse("1d", 2, &b) && b.width_s == 86400);
	CHECK(bucket_parse("7d", 2, &b) && b.width_s == 604800);
	CHECK(bucket_parse("90m", 3, &b) && b.width_s == 5400);
	CHECK(bucket_parse("24855d", 6, &b) && b.width_s == 24855 * 86400LL);
	CHECK(!bucket_parse("24856d", 6, &b));
	CHECK(!bucket_parse("99999999999999999999999s", 24, &b));
	CHECK(!bucket_parse("0m", 2, &b));
	CHECK(!bucket_parse("m", 1, &b));
	CHECK(!bucket_parse("15", 2, &b));
	CHECK(!bucket_parse("15x", 3, &b));
	CHECK(!bucket_parse("-5m", 3, &b));
	CHECK(!bucket_parse("+5m", 3, &b));
	CHECK(!bucket_parse("1.5h", 4, &b));
	CHECK(!bucket_parse("15 m", 4, &b));
	CHECK(!bucket_parse("Hour", 4, &b));
	CHECK(!bucket_parse("hours", 5, &b));
	CHECK(!bucket_parse("", 0, &b));
	CHECK(bucket_parse("hourly", 4, &b) && b.unit == BUCKET_HOUR);
}

static void test_buckets_utc(void)
{
	CHECK(tz_set("UTC"));
	dcr_time t = T("2024-03-01T08:14:22.5Z");
	CHECK_LABEL("hour", t, "2024-03-01T08");
	CHECK_LABEL("day", t, "2024-03-01");
	CHECK_LABEL("week", t, "2024-W09");
	CHECK_LABEL("month", t, "2024-03");
	CHECK_LABEL("quarter", t, "2024-Q1");
	CHECK_LABEL("year", t, "2024");
	CHECK_LABEL("hod", t, "8");
	CHECK_LABEL("dow", t, "5"); /* a Friday */
	CHECK_LABEL("15m", t, "2024-03-01T08:00:00Z");
	CHECK_LABEL("2h", t, "2024-03-01T08:00:00Z");
	CHECK_LABEL("30s", t, "2024-03-01T08:14:00Z");
	CHECK_LABEL("1d", t, "2024-03-01T00:00:00Z");
	CHECK_LABEL("7m", t, "2024-03-01T08:12:00Z");
	CHECK_LABEL("hod", T("2024-03-01T00:00:00Z"), "0");
	CHECK_LABEL("hod", T("2024-03-01T23:59:59Z"), "23");
	CHECK_LABEL("dow", T("2024-03-04T00:00:00Z"), "1");
	CHECK_LABEL("dow", T("2024-03-03T23:59:59Z"), "7");
	CHECK_LABEL("quarter", T("2024-04-01T00:00:00Z"), "2024-Q2");
	CHECK_LABEL("quarter", T("2024-09-30T23:59:59Z"), "2024-Q3");
	CHECK_LABEL("quarter", T("2024-12-31T23:59:59Z"), "2024-Q4");

	/* ISO weeks at year ends */
	CHECK_LABEL("week", T("2021-01-03T12:00:00Z"), "2020-W53");
	CHECK_LABEL("week", T("2021-01-04T00:00:00Z"), "2021-W01");
	CHECK_LABEL("week", T("2024-12-30T00:00:00Z"), "2025-W01");
	CHECK_LABEL("week", T("2024-12-29T23:59:59Z"), "2024-W52");
	CHECK_LABEL("week", T("2026-12-31T00:00:00Z"), "2026-W53");
	CHECK_LABEL("week", T("2027-01-01T00:00:00Z"), "2026-W53");
	CHECK_LABEL("week", T("2027-01-04T00:00:00Z"), "2027-W01");
	CHECK_LABEL("week", T("2024-01-01T00:00:00Z"), "2024-W01");
	CHECK_LABEL("week", T("2023-01-01T00:00:00Z"), "2022-W52");
	CHECK_LABEL("week", T("1970-01-01T00:00:00Z"), "1970-W01");
	CHECK_LABEL("week", T("1969-12-29T00:00:00Z"), "1970-W01");
	CHECK_LABEL("week", T("1969-12-28T00:00:00Z"), "1969-W52");

	/* before 1970 */
	dcr_time neg = T("1969-12-31T23:59:59.999Z");
	CHECK_LABEL("hour", neg, "1969-12-31T23");
	CHECK_LABEL("day", neg, "1969-12-31");
	CHECK_LABEL("year", neg, "1969");
	CHECK_LABEL("dow", neg, "3");
	CHECK_LABEL("15m", neg, "1969-12-31T23:45:00Z");
	CHECK_LABEL("1d", neg, "1969-12-31T00:00:00Z");
	CHECK_LABEL("7d", T("1970-01-01T00:00:00Z"), "1970-01-01T00:00:00Z");
	CHECK_LABEL("7d", T("1969-12-31T00:00:00Z"), "1969-12-25T00:00:00Z");
	CHECK_LABEL("30s", -1, "1969-12-31T23:59:30Z");
	/* buckets that begin before the first representable instant are
	 * labelled with it: a time stamp dcr reads back */
	CHECK_LABEL("1d", INT64_MIN, "1677-09-21T00:12:43.145224192Z");
	CHECK_LABEL("1d", INT64_MAX, "2262-04-11T00:00:00Z");
	CHECK_LABEL("24855d", INT64_MIN, "1677-09-21T00:12:43.145224192Z");
	CHECK_LABEL("year", INT64_MAX, "2262");
}

static void test_buckets_amsterdam(void)
{
	CHECK(tz_set("Europe/Amsterdam"));
	/* spring: UTC+1 until 01:00Z, then UTC+2 */
	CHECK_LABEL("day", T("2024-03-30T22:59:59Z"), "2024-03-30");
	CHECK_LABEL("day", T("2024-03-30T23:30:00Z"), "2024-03-31");
	CHECK_LABEL("hour", T("2024-03-31T00:30:00Z"), "2024-03-31T01");
	CHECK_LABEL("hour", T("2024-03-31T01:00:00Z"), "2024-03-31T03");
	CHECK_LABEL("hod", T("2024-03-31T01:00:00Z"), "3");
	CHECK_LABEL("day", T("2024-03-31T21:59:59Z"), "2024-03-31");
	CHECK_LABEL("day", T("2024-03-31T22:00:00Z"), "2024-04-01");
	/* autumn: UTC+2 until 01:00Z, then UTC+1 */
	CHECK_LABEL("day", T("2024-10-26T21:59:59Z"), "2024-10-26");
	CHECK_LABEL("day", T("2024-10-26T22:30:00Z"), "2024-10-27");
	CHECK_LABEL("hod", T("2024-10-26T23:30:00Z"), "1");
	CHECK_LABEL("hod", T("2024-10-27T00:00:00Z"), "2");
	CHECK_LABEL("hod", T("2024-10-27T00:59:59Z"), "2");
	CHECK_LABEL("hod", T("2024-10-27T01:00:00Z"), "2");
	CHECK_LABEL("hod", T("2024-10-27T01:59:59Z"), "2");
	CHECK_LABEL("hod", T("2024-10-27T02:00:00Z"), "3");
	CHECK_LABEL("hour", T("2024-10-27T00:30:00Z"), "2024-10-27T02");
	CHECK_LABEL("hour", T("2024-10-27T01:30:00Z"), "2024-10-27T02");
	CHECK_LABEL("day", T("2024-10-27T22:59:59Z"), "2024-10-27");
	CHECK_LABEL("day", T("2024-10-27T23:00:00Z"), "2024-10-28");
	CHECK_LABEL("dow", T("2024-10-27T22:59:59Z"), "7");
	/* year, quarter, month, week ends are local */
	CHECK_LABEL("year", T("2023-12-31T23:00:00Z"), "2024");
	CHECK_LABEL("month", T("2023-12-31T23:00:00Z"), "2024-01");
	CHECK_LABEL("quarter", T("2024-03-31T21:59:59Z"), "2024-Q1");
	CHECK_LABEL("quarter", T("2024-03-31T22:00:00Z"), "2024-Q2");
	CHECK_LABEL("week", T("2024-12-29T23:00:00Z"), "2025-W01");
	CHECK_LABEL("week", T("2024-12-29T22:59:59Z"), "2024-W52");

	/* fixed widths align to local time; a day with a DST change keeps
	 * one label, its local midnight in UTC */
	CHECK_LABEL("1d", T("2024-03-01T08:00:00Z"), "2024-02-29T23:00:00Z");
	CHECK_LABEL("1d", T("2024-07-01T08:00:00Z"), "2024-06-30T22:00:00Z");
	CHECK_LABEL("1d", T("2024-03-30T23:30:00Z"), "2024-03-30T23:00:00Z");
	CHECK_LABEL("1d", T("2024-03-31T12:00:00Z"), "2024-03-30T23:00:00Z");
	CHECK_LABEL("1d", T("2024-03-31T21:59:59Z"), "2024-03-30T23:00:00Z");
	CHECK_LABEL("1d", T("2024-03-31T22:00:00Z"), "2024-03-31T22:00:00Z");
	CHECK_LABEL("1d", T("2024-10-26T22:30:00Z"), "2024-10-26T22:00:00Z");
	CHECK_LABEL("1d", T("2024-10-27T12:00:00Z"), "2024-10-26T22:00:00Z");
	CHECK_LABEL("1d", T("2024-10-27T23:00:00Z"), "2024-10-27T23:00:00Z");
	CHECK_LABEL("15m", T("2024-03-31T00:50:00Z"), "2024-03-31T00:45:00Z");
	CHECK_LABEL("15m", T("2024-03-31T01:05:00Z"), "2024-03-31T01:00:00Z");
	/* the repeated hour: one local 02:15 bucket, as "hour" has one
	 * 02 bucket, labelled when the clock first showed 02:15 */
	CHECK_LABEL("15m", T("2024-10-27T00:20:00Z"), "2024-10-27T00:15:00Z");
	CHECK_LABEL("15m", T("2024-10-27T01:20:00Z"), "2024-10-27T00:15:00Z");
	CHECK_LABEL("1h", T("2024-10-27T01:20:00Z"), "2024-10-27T00:00:00Z");
	/* a 2h bucket that begins in the spring gap (local 02:00) starts
	 * when the gap ends */
	CHECK_LABEL("2h", T("2024-03-31T00:30:00Z"), "2024-03-30T23:00:00Z");
	CHECK_LABEL("2h", T("2024-03-31T01:30:00Z"), "2024-03-31T01:00:00Z");
	CHECK_LABEL("2h", T("2024-03-31T02:30:00Z"), "2024-03-31T02:00:00Z");
	CHECK_LABEL("30s", T("2024-07-01T08:00:45Z"), "2024-07-01T08:00:30Z");
	CHECK(tz_set("UTC"));
}

static void test_buckets_kolkata(void)
{
	/* +05:30: fixed hours and days align to local clock hours */
	CHECK(tz_set("Asia/Kolkata"));
	CHECK_LABEL("1h", T("2024-03-01T08:14:22Z"), "2024-03-01T07:30:00Z");
	CHECK_LABEL("1d", T("2024-03-01T08:14:22Z"), "2024-02-29T18:30:00Z");
	CHECK_LABEL("15m", T("2024-03-01T08:14:22Z"), "2024-03-01T08:00:00Z");
	CHECK_LABEL("hod", T("2024-03-01T18:29:59Z"), "23");
	CHECK_LABEL("day", T("2024-03-01T18:30:00Z"), "2024-03-02");
	CHECK(tz_set("UTC"));
}

static void test_status(void)
{
	CHECK(strcmp(time_status_str(TIME_OK), "ok") == 0);
	CHECK(strcmp(time_status_str(TIME_SYNTAX), "not a valid time") == 0);
	CHECK(strcmp(time_status_str(TIME_RANGE), "impossible date or time") ==
	      0);
	CHECK(strcmp(time_status_str(TIME_GAP),
		     "local time does not exist (DST gap)") == 0);
	CHECK(strcmp(time_status_str(TIME_AMBIGUOUS),
		     "ambiguous local time (DST fold)") == 0);
}

static void test_utc_default(void)
{
	/* before any tz_set the zone is UTC, whatever TZ says */
	struct civil c;
	dcr_time t;
	time_to_local(S(1709280862), &c);
	CHECK(c.offset_s == 0 && c.hour == 8 && c.has_offset);
	CHECK(local("2024-03-31 02:30:00", FOLD_REJECT, &t) == TIME_OK &&
	      t == T("2024-03-31T02:30:00Z"));
	CHECK(local("1600-01-01 00:00:00", FOLD_REJECT, &t) == TIME_RANGE);
	CHECK(local("2262-04-11 23:47:16", FOLD_REJECT, &t) == TIME_OK);
	CHECK(local("2262-04-11 23:47:17", FOLD_REJECT, &t) == TIME_RANGE);
	struct civil big = {.year = 2000000000, .month = 1, .day = 1};
	CHECK(civil_to_time(&big, FOLD_REJECT, &t) == TIME_RANGE);
	big.has_offset = true;
	CHECK(civil_to_time(&big, FOLD_REJECT, &t) == TIME_RANGE);
}

/* The day cache gives time_parse_canonical's answer for every stamp,
 * whatever day it holds: bad times on the cached day, other days, the
 * ends of dcr_time's range, fractions. */
static void test_canonical_cached(void)
{
	static const char *const stamps[] = {
		"2024-03-01T08:00:00Z", "2024-03-01T08:00:01Z",
		"2024-03-01T23:59:59Z", "2024-03-01T24:00:00Z",
		"2024-03-01T23:59:60Z", "2024-03-01T23:60:00Z",
		"2024-03-01T08:00:00z", "2024-03-01T08:00:00+00:00",
		"2024-03-01T8:00:00Z", "2024-03-01T08:00:00.5Z",
		"2024-03-01T08:00:00.123456789Z", "2024-03-02T00:00:00Z",
		"2024-03-01T0a:00:00Z", "2024-02-30T08:00:00Z",
		"2024-03-01T08:00:00Z", "1970-01-01T00:00:00Z",
		"-0001-01-01T00:00:00Z", "2262-04-11T23:47:16Z",
		"2262-04-11T23:47:17Z", "2262-04-11T00:00:00Z",
		"1677-09-21T00:12:44Z", "1677-09-21T00:12:43Z",
		"1677-09-21T23:59:59Z", "2024-03-01T08:00:00Z",
	};
	struct time_day_cache c = {0};
	size_t n = sizeof stamps / sizeof *stamps, same = 0;
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < n; i++) {
			const char *v = stamps[round ? n - 1 - i : i];
			dcr_time a = 0, b = 0;
			bool ra = time_parse_canonical(v, strlen(v), &a);
			bool rb = time_parse_canonical_cached(&c, v, strlen(v), &b);
			same += ra == rb && (!ra || a == b);
		}
	CHECK(same == 2 * n);
}

int main(void)
{
	setenv("TZ", "America/Los_Angeles", 1); /* must not leak into dcr */
	test_utc_default();
	unsetenv("TZ");
	test_calendar();
	test_canonical();
	test_canonical_cached();
	test_rfc3339();
	test_format();
	test_epoch();
	test_format_parse();
	test_status();
	test_zone_names();
	test_amsterdam();
	test_new_york();
	test_lord_howe();
	test_offset_cache("Europe/Amsterdam");
	test_offset_cache("America/New_York");
	test_offset_cache("Australia/Lord_Howe");
	test_offset_cache("Asia/Kathmandu");
	test_bucket_parse();
	test_buckets_utc();
	test_buckets_amsterdam();
	test_buckets_kolkata();
	return unit_report("timefmt");
}
