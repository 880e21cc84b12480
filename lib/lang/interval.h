/* interval.h - 95% confidence intervals for the derive language: the
 * Wilson score interval of a share and the exact (Garwood) Poisson
 * interval of a rate.
 *
 * Each function returns false, leaving *out alone, when its arguments are
 * outside its domain (a count that is negative or not whole, a share with
 * x > n, a non-positive denominator): a derived value is then absent, never
 * a plausible wrong number. No state; nothing to free.
 */
#ifndef DCR_INTERVAL_H
#define DCR_INTERVAL_H

#include <stdbool.h>

/* The 0.975 quantile of the standard normal distribution. */
#define INTERVAL_Z 1.959963984540054

/* Wilson score limits of the share x/n, as fractions in [0, 1]. */
bool interval_wilson(double x, double n, bool upper, double *out);
/* Garwood limits of the rate x/n * per: the 0.025 quantile of
 * Gamma(x, 1) (0 when x is 0) or the 0.975 quantile of Gamma(x + 1, 1),
 * divided by n, times per. */
bool interval_poisson(double x, double n, double per, bool upper, double *out);
/* The regularized incomplete gamma functions P(a, t) and Q = 1 - P, and
 * the t with P(a, t) = p (lower) or Q(a, t) = q (upper); exported for the
 * unit tests. */
double interval_gamma_p(double a, double t);
double interval_gamma_q(double a, double t);
double interval_gamma_inv(double a, double tail, bool upper);

#endif
