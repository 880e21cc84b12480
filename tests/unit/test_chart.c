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

/* The ticks of chart_nice_scale(min, max), written out by hand. */
static void check_scale(double min, double max, int n, const double *want)
{
	struct chart_scale s;
	chart_nice_scale(&s, min, max);
	CHECK(s.nsteps + 1 == n);
	for (int j = 0; j < n && j <= s.nsteps; j++)
		CHECK(chart_tick(&s, j) == want[j]);
}

static void test_scale(void)
{
	check_scale(0, 30, 4, (double[]){0, 10, 20, 30});
	check_scale(12, 101, 4, (double[]){0, 50, 100, 150});
	check_scale(0, 9, 6, (double[]){0, 2, 4, 6, 8, 10});
	check_scale(0, 0.7, 5, (double[]){0, 0.2, 0.4, 0.6, 0.8});
	check_scale(0, 0.3, 4, (double[]){0, 0.1, 0.2, 0.3});
	check_scale(-3, 12, 5, (double[]){-5, 0, 5, 10, 15});
	check_scale(0, 0, 6, (double[]){0, 1, 2, 3, 4, 5}); /* nothing to hold */
	check_scale(3, 3, 4, (double[]){0, 1, 2, 3});
	check_scale(0, 1234567, 4, (double[]){0, 500000, 1000000, 1500000});
	/* every scale of a count holds it in 3 to 5 steps */
	for (int m = 1; m < 3000; m++) {
		struct chart_scale s;
		chart_nice_scale(&s, 0, m);
		CHECK(s.nsteps >= 3 && s.nsteps <= 5 &&
		      chart_tick(&s, s.nsteps) >= m && chart_tick(&s, 0) == 0);
	}
}

int main(void)
{
	test_chart();
	test_scale();
	buf_free(&b);
	return unit_report("chart");
}
