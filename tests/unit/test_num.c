/* test_num.c - locale-free number parsing and shortest printing. */
#include <math.h>

#include "base/num.h"
#include "unit.h"

static void put_is(double v, const char *want)
{
	struct buf b = BUF_INIT;
	num_put(&b, v);
	CHECK_MEM(b.p, b.len, want);
	buf_free(&b);
}

static int parses(const char *s, double want)
{
	double v;
	return num_parse(s, strlen(s), &v) && v == want;
}

/* s in decimal-comma notation reads as want in dcr's ("" = not a number). */
static int comma_is(const char *s, const char *want)
{
	char out[64];
	size_t n = num_from_decimal_comma(s, strlen(s), out);
	return n == strlen(want) && memcmp(out, want, n) == 0;
}

/* s times f is want ("" = not a plain decimal). */
static int scaled_is(const char *s, uint32_t f, const char *want)
{
	char out[64];
	size_t n = num_scale_decimal(s, strlen(s), f, out);
	return n == strlen(want) && memcmp(out, want, n) == 0;
}

static int rejects(const char *s)
{
	double v;
	return !num_parse(s, strlen(s), &v);
}

int main(void)
{
	CHECK(parses("0", 0) && parses("-12", -12) && parses("+3", 3));
	CHECK(parses("1.5", 1.5) && parses(".5", 0.5) && parses("5.", 5));
	CHECK(parses("1e3", 1000) && parses("2.5E-1", 0.25));
	CHECK(parses("123456789012345678901234", 123456789012345678901234.0));
	CHECK(rejects("") && rejects("-") && rejects(".") && rejects("1e"));
	CHECK(rejects("0x10") && rejects("nan") && rejects("inf") && rejects("1,5"));
	CHECK(rejects("1e309") && rejects(" 1") && rejects("1 ") && rejects("1e+"));
	CHECK(scaled_is("12.5", 60, "750") && scaled_is("0.05", 60, "3"));
	CHECK(scaled_is("-1.25", 60, "-75") && scaled_is("-0.0", 60, "0"));
	CHECK(scaled_is("0.1", 60, "6") && scaled_is("007", 3, "21") && scaled_is("2.5", 1, "2.5"));
	CHECK(scaled_is("1.001", 7, "7.007") && scaled_is("99999999999999999999", 1000000,
							   "99999999999999999999000000"));
	CHECK(scaled_is("0.000001", 1000000, "1") && scaled_is("0", 60, "0"));
	CHECK(scaled_is("1e3", 60, "") && scaled_is("1.", 60, "") && scaled_is(".5", 60, ""));
	CHECK(scaled_is("-", 60, "") && scaled_is("1.2.3", 60, "") && scaled_is("12", 0, ""));
	CHECK(scaled_is("12", NUM_SCALE_MAX + 1, "") && scaled_is("+1", 60, ""));
	CHECK(comma_is("25,4", "25.4") && comma_is("1.234,5", "1234.5"));
	CHECK(comma_is("-0,5", "-0.5") && comma_is("25", "25") && comma_is("1.234", "1234"));
	CHECK(comma_is("12.345.678,90", "12345678.90") && comma_is("0,0", "0.0"));
	CHECK(comma_is("25.4", "") && comma_is("1.5", "") && comma_is("1234.567,8", ""));
	CHECK(comma_is("1.23,4", "") && comma_is(",5", "") && comma_is("5,", ""));
	CHECK(comma_is("+1,5", "") && comma_is("1,2,3", "") && comma_is("", "") && comma_is("-", ""));
	CHECK(comma_is("1.234.", "") && comma_is("1,5e3", "") && comma_is(" 1,5", ""));
	CHECK(num_looks_decimal_comma("25,4", 4) && num_looks_decimal_comma("1.234,5", 7));
	CHECK(!num_looks_decimal_comma("1.234", 5) && !num_looks_decimal_comma("25", 2));
	CHECK(!num_looks_decimal_comma("oxygen,naloxone", 15));
	int64_t i;
	CHECK(num_parse_int("-42", 3, &i) && i == -42);
	CHECK(!num_parse_int("1234567890123456789", 19, &i)); /* > 18 digits */

	put_is(0, "0");
	put_is(42, "42");
	put_is(-7, "-7");
	put_is(0.1, "0.1");
	put_is(1.0 / 3, "0.3333333333333333");
	put_is(2.5e-3, "0.0025");
	put_is(123456.789, "123456.789");
	put_is(1e-7, "1e-07");
	put_is(9007199254740992.0, "9007199254740992");
	put_is(1e20, "100000000000000000000");
	put_is(1.5e300, "1.5e+300");
	put_is(-0.5, "-0.5");
	put_is(NAN, "nan");

	CHECK(num_is_json("0", 1) && num_is_json("-1.5e3", 6));
	CHECK(!num_is_json("01", 2) && !num_is_json("1.", 2) && !num_is_json("+1", 2));
	CHECK(!num_is_json(".5", 2) && !num_is_json("0x1", 3) && !num_is_json("", 0));
	return unit_report("num");
}
