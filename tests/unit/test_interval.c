/* test_interval.c - lib/lang/interval.c: the incomplete gamma function,
 * its inverse and the interval limits, against closed forms. */

#include <math.h>

#include "lang/interval.h"
#include "unit.h"

static bool near(double got, double want, double rel)
{
	return fabs(got - want) <= rel * fabs(want);
}

static void test_gamma(void)
{
	/* P(1, t) = 1 - e^-t; P(1/2, t) = erf(sqrt t); Q(3, t) is the
	 * Poisson probability of at most 2: e^-t (1 + t + t^2/2). */
	CHECK(near(interval_gamma_p(1, 0.3), -expm1(-0.3), 1e-14));
	CHECK(near(interval_gamma_q(1, 7), exp(-7), 1e-14));
	CHECK(near(interval_gamma_p(0.5, 2), erf(sqrt(2)), 1e-14));
	CHECK(near(interval_gamma_q(3, 10), exp(-10) * (1 + 10 + 50), 1e-13));
	CHECK(near(interval_gamma_q(3, 1.5), exp(-1.5) * (1 + 1.5 + 1.125), 1e-14));
	CHECK(interval_gamma_p(2, 0) == 0 && interval_gamma_q(2, 0) == 1);
	/* The inverse: P(1, t) = p at t = -log(1 - p). */
	CHECK(near(interval_gamma_inv(1, 0.025, false), -log1p(-0.025), 1e-14));
	CHECK(near(interval_gamma_inv(1, 0.025, true), -log(0.025), 1e-14));
	double t = interval_gamma_inv(500, 0.025, true);
	CHECK(near(interval_gamma_q(500, t), 0.025, 1e-12));
}

static void test_limits(void)
{
	double v = -1;
	CHECK(interval_wilson(0, 10, false, &v) && v == 0);
	CHECK(interval_wilson(10, 10, true, &v) && v == 1);
	CHECK(!interval_wilson(11, 10, true, &v) && v == 1);
	CHECK(!interval_wilson(1, 0, true, &v));
	CHECK(!interval_wilson(0.5, 2, true, &v));
	CHECK(!interval_poisson(-1, 2, 1000, true, &v));
	CHECK(!interval_poisson(1, 0, 1000, true, &v));
	CHECK(!interval_poisson(1, 2, 0, true, &v));
	CHECK(!interval_poisson(NAN, 2, 1000, true, &v));
	CHECK(interval_poisson(0, 1, 1, false, &v) && v == 0);
	/* x = 0: the upper limit is -log(0.025) = 3.6888794541139363. */
	CHECK(interval_poisson(0, 2, 1000, true, &v) &&
	      near(v, 1000 * -log(0.025) / 2, 1e-14));
}

int main(void)
{
	test_gamma();
	test_limits();
	return unit_report("interval");
}
