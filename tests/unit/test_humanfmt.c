/* test_humanfmt.c - lib/fmt/humanfmt.c: rounding, digit grouping and
 * local time stamps of --digits, --group-digits and --tz. */

#include "fmt/humanfmt.h"
#include "time/timefmt.h"
#include "unit.h"

static struct buf b;

static const char *human(int digits, bool group, const char *v)
{
	struct human h = {digits, group, false};
	buf_reset(&b);
	human_put(&h, &b, v, strlen(v));
	buf_addc(&b, '\0');
	return b.p;
}

static void test_human(void)
{
	CHECK(strcmp(human(2, false, "0.125"), "0.13") == 0);
	CHECK(strcmp(human(2, false, "-0.125"), "-0.13") == 0);
	CHECK(strcmp(human(1, false, "0.05"), "0.1") == 0);
	CHECK(strcmp(human(2, false, "-0.004"), "0.00") == 0);
	CHECK(strcmp(human(0, false, "99.5"), "100") == 0);
	CHECK(strcmp(human(3, false, "2"), "2") == 0);
	CHECK(strcmp(human(3, false, "2.0"), "2.000") == 0);
	CHECK(strcmp(human(2, false, "1e21"), "1e21") == 0);
	CHECK(strcmp(human(2, false, "x1.5"), "x1.5") == 0);
	CHECK(strcmp(human(-1, true, "1234"), "1234") == 0);
	CHECK(strcmp(human(-1, true, "123456"), "123,456") == 0);
	CHECK(strcmp(human(-1, true, "+1234567"), "+1,234,567") == 0);
	CHECK(strcmp(human(-1, true, "12345.6789"), "12,345.6789") == 0);
	CHECK(strcmp(human(-1, true, "12345."), "12345.") == 0);
	CHECK(strcmp(human(-1, true, "012345"), "012345") == 0);
	CHECK(strcmp(human(2, true, "99999.999"), "100,000.00") == 0);

	struct human h = {-1, false, true};
	CHECK(tz_set("Europe/Amsterdam"));
	buf_reset(&b);
	human_put(&h, &b, "2024-07-01T10:00:00.5Z", 22);
	CHECK_MEM(b.p, b.len, "2024-07-01 12:00:00.5+02:00");
	buf_reset(&b);
	human_put(&h, &b, "2024-07-01T10:00:00+00:00", 25);
	CHECK_MEM(b.p, b.len, "2024-07-01T10:00:00+00:00"); /* not canonical */
	CHECK(tz_set("America/St_Johns"));
	buf_reset(&b);
	human_put(&h, &b, "2024-01-01T00:00:00Z", 20);
	CHECK_MEM(b.p, b.len, "2023-12-31 20:30:00-03:30");
}

int main(void)
{
	test_human();
	buf_free(&b);
	return unit_report("humanfmt");
}
