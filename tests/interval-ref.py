#!/usr/bin/env python3
"""interval-ref.py - an independent computation of dcr-agg's 95% intervals.

  interval-ref.py gen SEED N     write N records g=I x=X n=N (random counts)
  interval-ref.py check          read the output of
      dcr-agg -g g -a x=sum:x,n=sum:n --derive 'wlo = wilson_lo(x, n)'
        --derive 'whi = wilson_hi(x, n)' --derive 'plo = poisson_lo(x, n, 1000)'
        --derive 'phi = poisson_hi(x, n, 1000)'
    and compare each limit with the reference to 1e-9 relative.

The Wilson limits are the roots of (n + z^2) p^2 - (2x + z^2) p + x^2/n = 0,
the lower one by the product of the roots (no cancellation). The Poisson
limits are found by bisection on the Poisson distribution function: the upper
limit is the mean with P(X <= x) = 0.025, the lower the mean with
P(X >= x) = 0.025 (0 for x = 0). Only the standard library's math. Prints the
number of cases and the largest relative difference; exits 1 on any
difference beyond 1e-9.
"""
import math
import random
import sys

Z = 1.959963984540054
TOL = 1e-9


def wilson(x, n):
    z2 = Z * Z
    a, b, c = n + z2, 2 * x + z2, x * x / n
    hi = (b + math.sqrt(b * b - 4 * a * c)) / (2 * a)
    lo = c / (a * hi) if x > 0 else 0.0
    return lo, (1.0 if x == n else hi)


def poisson_cdf(k, mu):
    """P(X <= k) for X ~ Poisson(mu), summed from the largest term down."""
    if k < 0:
        return 0.0
    lm = math.log(mu)
    while len(LGAMMA) <= k:
        LGAMMA.append(math.lgamma(len(LGAMMA) + 1))
    return math.fsum([math.exp(i * lm - mu - LGAMMA[i]) for i in range(k + 1)])


LGAMMA = []  # LGAMMA[i] = log(i!)


def solve(f, target):
    """The mu where the decreasing f(mu) equals target, by bisection."""
    lo, hi = 0.0, 1.0
    while f(hi) > target:
        hi *= 2
    while hi - lo > 1e-15 * hi:
        mid = (lo + hi) / 2
        if f(mid) > target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def poisson(x, n, per):
    up = solve(lambda mu: poisson_cdf(x, mu), 0.025)
    low = solve(lambda mu: poisson_cdf(x - 1, mu), 0.975) if x > 0 else 0.0
    return low / n * per, up / n * per


def gen(seed, count):
    rnd = random.Random(seed)
    for i in range(count):
        kind = rnd.random()
        if kind < 0.1:
            x = 0
        elif kind < 0.6:
            x = rnd.randint(1, 30)
        else:
            x = rnd.randint(1, 600)
        n = x + rnd.choice([0, rnd.randint(1, 50), rnd.randint(1, 100000)])
        if n == 0:
            n = 1
        print(f"g={i} x={x} n={n}")


def rel(got, want):
    if got == want:
        return 0.0
    return abs(got - want) / max(abs(want), 1e-300)


def check():
    cases, worst, bad = 0, 0.0, 0
    for line in sys.stdin:
        if line.startswith("#"):  # a comment: dcr-records(5)
            continue
        f = dict(p.split("=", 1) for p in line.split())
        x, n = int(f["x"]), int(f["n"])
        wlo, whi = wilson(x, n)
        plo, phi = poisson(x, n, 1000)
        for key, want in (("wlo", wlo), ("whi", whi), ("plo", plo), ("phi", phi)):
            d = rel(float(f[key]), want)
            worst = max(worst, d)
            if d > TOL:
                bad += 1
                print(f"g={f['g']} x={x} n={n} {key}={f[key]} want {want!r}")
        cases += 1
    print(f"{cases} cases, largest relative difference {worst:.3g}", file=sys.stderr)
    print(f"{cases} cases")
    return 1 if bad or not cases else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["gen"]:
        gen(int(sys.argv[2]), int(sys.argv[3]))
    else:
        sys.exit(check())
