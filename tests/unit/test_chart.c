/* test_chart.c - lib/fmt/chart.c: text bars and sparklines, and the
 * range of a column of values. */
#include <math.h>


#include "fmt/chart.h"
#include "unit.h"

static struct buf b;

#define PUT(call) do { buf_reset(&b); (void)(call); } while (0)

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
	test_chart();
	buf_free(&b);
	return unit_report("chart");
}
