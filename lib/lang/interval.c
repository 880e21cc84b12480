/* interval.c - Wilson and exact Poisson 95% intervals, with the
 * regularized incomplete gamma function and its inverse. */
#include "lang/interval.h"

#include <float.h>
#include <math.h>

static bool is_count(double x)
{
	return isfinite(x) && x >= 0 && x == floor(x) && x < 0x1p53;
}

bool interval_wilson(double x, double n, bool upper, double *out)
{
	if (!is_count(x) || !is_count(n) || n == 0 || x > n)
		return false;
	/* The closed form; the limits at 0 and n are exact there, not a
	 * rounding away from them. */
	if (!upper && x == 0) {
		*out = 0;
		return true;
	}
	if (upper && x == n) {
		*out = 1;
		return true;
	}
	double z = INTERVAL_Z, z2 = z * z;
	double centre = (x + z2 / 2) / (n + z2);
	double half = z * sqrt(x * (n - x) / n + z2 / 4) / (n + z2);
	*out = upper ? centre + half : centre - half;
	return true;
}

/* t^a e^-t / Gamma(a), in logarithms so that large a and t do not
 * overflow. */
static double gamma_front(double a, double t)
{
	return exp(a * log(t) - t - lgamma(a));
}

/* P(a, t) by its series, for t < a + 1 where it converges fast. */
static double gamma_series(double a, double t)
{
	double term = 1 / a, sum = term;
	for (int k = 1; k < 100000; k++) {
		term *= t / (a + k);
		sum += term;
		if (fabs(term) < fabs(sum) * DBL_EPSILON / 4)
			break;
	}
	return sum * gamma_front(a, t);
}

/* Q(a, t) by its continued fraction (modified Lentz), for t >= a + 1. */
static double gamma_fraction(double a, double t)
{
	const double tiny = DBL_MIN / DBL_EPSILON;
	double b = t + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
	for (int k = 1; k < 100000; k++) {
		double an = -k * (k - a);
		b += 2;
		d = an * d + b;
		if (fabs(d) < tiny)
			d = tiny;
		c = b + an / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < DBL_EPSILON / 4)
			break;
	}
	return h * gamma_front(a, t);
}

double interval_gamma_p(double a, double t)
{
	if (t <= 0)
		return 0;
	return t < a + 1 ? gamma_series(a, t) : 1 - gamma_fraction(a, t);
}

double interval_gamma_q(double a, double t)
{
	if (t <= 0)
		return 1;
	return t < a + 1 ? 1 - gamma_series(a, t) : gamma_fraction(a, t);
}

/* The t where the tail (P for the lower, Q for the upper) equals tail:
 * Newton steps on the tail itself, which is computed without
 * cancellation where it is small, kept inside a bracket that bisection
 * narrows whenever a step would leave it. */
double interval_gamma_inv(double a, double tail, bool upper)
{
	double lo = 0, hi = a + 1;
	/* P rises with t: widen hi until it is past the root. */
	while (upper ? interval_gamma_q(a, hi) > tail
		     : interval_gamma_p(a, hi) < tail)
		hi *= 2;
	double t = (lo + hi) / 2;
	for (int i = 0; i < 400; i++) {
		double f = upper ? tail - interval_gamma_q(a, t)
				 : interval_gamma_p(a, t) - tail;
		if (f == 0)
			return t;
		if (f < 0)
			lo = t;
		else
			hi = t;
		double dens = exp((a - 1) * log(t) - t - lgamma(a));
		double next = t - f / dens;
		if (!(next > lo && next < hi) || !isfinite(next))
			next = lo + (hi - lo) / 2;
		if (fabs(next - t) <= 4 * DBL_EPSILON * t || hi - lo <= 4 * DBL_EPSILON * hi)
			return next;
		t = next;
	}
	return t;
}

bool interval_poisson(double x, double n, double per, bool upper, double *out)
{
	if (!is_count(x) || !isfinite(n) || n <= 0 || !isfinite(per) || per <= 0)
		return false;
	if (!upper && x == 0) {
		*out = 0;
		return true;
	}
	double mu = upper ? interval_gamma_inv(x + 1, 0.025, true)
			  : interval_gamma_inv(x, 0.025, false);
	*out = mu / n * per;
	return isfinite(*out);
}
