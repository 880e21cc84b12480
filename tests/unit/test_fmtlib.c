/* test_fmtlib.c - unit tests of dcr-fmt's value layer: escape.c (CSV
 * guard, JSON, Markdown, visible terminal text, widths), humanfmt.c
 * (rounding, grouping, local time) and chart.c (bars, sparklines). */
#include "fmt/chart.h"
#include "fmt/escape.h"
#include "fmt/humanfmt.h"
#include "time/timefmt.h"
#include "unit.h"

#include <math.h>

static struct buf b;

#define PUT(call) do { buf_reset(&b); (void)(call); } while (0)

static const char *human(int digits, bool group, const char *v)
{
	struct human h = {digits, group, false};
	buf_reset(&b);
	human_put(&h, &b, v, strlen(v));
	buf_addc(&b, '\0');
	return b.p;
}

static void test_csv(void)
{
	PUT(csv_put_guarded(&b, "=1+2", 4, ','));
	CHECK_MEM(b.p, b.len, "'=1+2");
	PUT(csv_put_guarded(&b, "-12.5", 5, ','));
	CHECK_MEM(b.p, b.len, "-12.5");
	PUT(csv_put_guarded(&b, "=a,\"b\"", 6, ','));
	CHECK_MEM(b.p, b.len, "\"'=a,\"\"b\"\"\"");
	PUT(csv_put_guarded(&b, "@x ", 3, ','));
	CHECK_MEM(b.p, b.len, "\"'@x \"");
	PUT(csv_put_cell(&b, " x", 2, ','));
	CHECK_MEM(b.p, b.len, "\" x\"");
	PUT(csv_put_cell(&b, "", 0, ','));
	CHECK_MEM(b.p, b.len, "");
	CHECK(!csv_is_formula("", 0));
	CHECK(csv_is_formula("\r1", 2));
	CHECK(!csv_is_formula("+1e3", 4));
}

static void test_json_md(void)
{
	PUT(json_put_string(&b, "a\"\\\n\x01\x7f\xc3\xab", 8));
	CHECK_MEM(b.p, b.len, "\"a\\\"\\\\\\n\\u0001\\u007f\xc3\xab\"");
	PUT(md_put_cell(&b, "_a_b|c\r\nd\x01", 10));
	CHECK_MEM(b.p, b.len, "\\_a_b\\|c<br>d\\x01");
	PUT(html_put_text(&b, "<a href='x'>&\x02", 14));
	CHECK_MEM(b.p, b.len, "&lt;a href=&#39;x&#39;&gt;&amp;&#xfffd;");
}

static void test_visible(void)
{
	const char *v = "a\x1b[1m\t\xc2\x9b\xe2\x80\xaez\xcc\x88";
	size_t n = strlen(v);
	PUT(text_put_visible(&b, v, n));
	CHECK_MEM(b.p, b.len, "a\\x1b[1m\\t\\u009b\\u202ez\xcc\x88");
	CHECK(text_visible_width(v, n) == 1 + 4 + 3 + 2 + 6 + 6 + 1);
	CHECK(utf8_width("Den Haag \xe2\x80\x93 Centrum", 20) == 18);
	CHECK(utf8_width("\xe6\x9d\xb1\xe4\xba\xac", 6) == 4);
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

static void test_chart(void)
{
	PUT(chart_bar_text(&b, 1, 8, 1, true));
	CHECK_MEM(b.p, b.len, "\u258f");
	buf_reset(&b);
	CHECK(chart_bar_text(&b, 8, 8, 2, true) == 2);
	CHECK_MEM(b.p, b.len, "\u2588\u2588");
	PUT(chart_bar_text(&b, 0.01, 100, 30, false));
	CHECK_MEM(b.p, b.len, "#");
	PUT(chart_bar_text(&b, -1, 100, 30, false));
	CHECK(b.len == 0);
	PUT(chart_bar_text(&b, NAN, 100, 30, true));
	CHECK(b.len == 0);
	double s[] = {1, NAN, 8, 4.5};
	PUT(chart_spark_text(&b, s, 4, false));
	CHECK_MEM(b.p, b.len, ". @+"); /* (4.5-1)/7*7 = 3.5 rounds to 4 */
	double flat[] = {3, 3};
	PUT(chart_spark_text(&b, flat, 2, true));
	CHECK_MEM(b.p, b.len, "\u2585\u2585"); /* flat: the middle, 3.5 -> 4 */
	double none[] = {NAN};
	double lo, hi;
	CHECK(!chart_range(none, 1, &lo, &hi));
	CHECK(chart_range(s, 4, &lo, &hi) && lo == 1 && hi == 8);
}

int main(void)
{
	test_csv();
	test_json_md();
	test_visible();
	test_human();
	test_chart();
	buf_free(&b);
	return unit_report("fmtlib");
}
