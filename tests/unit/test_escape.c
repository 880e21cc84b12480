/* test_escape.c - lib/fmt/escape.c: the CSV formula guard and cells,
 * JSON strings, Markdown cells, HTML text, visible terminal text, widths. */

#include "fmt/escape.h"
#include "unit.h"

static struct buf b;

#define PUT(call) do { buf_reset(&b); (void)(call); } while (0)

static void test_csv(void)
{
	PUT(escape_csv_guarded(&b, "=1+2", 4, ','));
	CHECK_MEM(b.p, b.len, "'=1+2");
	PUT(escape_csv_guarded(&b, "-12.5", 5, ','));
	CHECK_MEM(b.p, b.len, "-12.5");
	PUT(escape_csv_guarded(&b, "=a,\"b\"", 6, ','));
	CHECK_MEM(b.p, b.len, "\"'=a,\"\"b\"\"\"");
	PUT(escape_csv_guarded(&b, "@x ", 3, ','));
	CHECK_MEM(b.p, b.len, "\"'@x \"");
	PUT(escape_csv_cell(&b, " x", 2, ','));
	CHECK_MEM(b.p, b.len, "\" x\"");
	PUT(escape_csv_cell(&b, "", 0, ','));
	CHECK_MEM(b.p, b.len, "");
	CHECK(!escape_is_formula("", 0));
	CHECK(escape_is_formula("\r1", 2));
	CHECK(!escape_is_formula("+1e3", 4));
}

static void test_json_md(void)
{
	PUT(escape_json_string(&b, "a\"\\\n\x01\x7f\xc3\xab", 8));
	CHECK_MEM(b.p, b.len, "\"a\\\"\\\\\\n\\u0001\\u007f\xc3\xab\"");
	PUT(escape_md_cell(&b, "_a_b|c\r\nd\x01", 10));
	CHECK_MEM(b.p, b.len, "\\_a_b\\|c<br>d\\x01");
	PUT(escape_md_cell(&b, "<10 <a </b> a>b &amp; & <!x", 27));
	CHECK_MEM(b.p, b.len, "<10 \\<a \\</b> a>b \\&amp; & \\<!x");
	PUT(escape_html_text(&b, "<a href='x'>&\x02", 14));
	CHECK_MEM(b.p, b.len, "&lt;a href=&#39;x&#39;&gt;&amp;&#xfffd;");
}

static void test_visible(void)
{
	const char *v = "a\x1b[1m\t\xc2\x9b\xe2\x80\xaez\xcc\x88";
	size_t n = strlen(v);
	PUT(escape_visible(&b, v, n));
	CHECK_MEM(b.p, b.len, "a\\x1b[1m\\t\\u009b\\u202ez\xcc\x88");
	CHECK(escape_visible_width(v, n) == 1 + 4 + 3 + 2 + 6 + 6 + 1);
	CHECK(utf8_width("Den Haag \xe2\x80\x93 Centrum", 20) == 18);
	CHECK(utf8_width("\xe6\x9d\xb1\xe4\xba\xac", 6) == 4);
}

int main(void)
{
	test_csv();
	test_json_md();
	test_visible();
	buf_free(&b);
	return unit_report("escape");
}
