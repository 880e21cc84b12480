#!/usr/bin/env python3
"""moments-ref.py - dcr-agg's mean, var and stdev against exact fractions.

  moments-ref.py gen CASES SEED LOG      write CASES random groups to LOG
  moments-ref.py check LOG RESULT        compare RESULT with the exact values

LOG holds records "g=CASE v=VALUE"; RESULT is the output of
  dcr-agg -g g -a mean:v,var:v,stdev:v LOG
Each group is a case: values near a large offset (5e16 + noise, 18-digit
integers, 1e9 with 8-decimal noise), plain decimals, values with exponents
over a wide range of magnitudes, and mixtures, with 1 to 60 values. The
reference is computed here with fractions: a decimal without exponent of up
to 18 significant and 9 fraction digits as written, any other number as the
nearest double (what dcr-agg(1) documents). mean, var and stdev must be
within 4 units in the last place of the exact value (stdev: of its square
root to 40 digits); with one value var and stdev must be absent. Prints
"N cases, M differences" and each difference; exits 1 when there is any.
"""
import random
import sys
from decimal import Decimal, getcontext
from fractions import Fraction

getcontext().prec = 60
ULPS = 4


def short_decimal(s):
    """True when dcr-agg keeps s as an exact decimal."""
    if "e" in s or "E" in s:
        return False
    t = s.lstrip("+-")
    whole, _, frac = t.partition(".")
    frac = frac.rstrip("0")
    digits = (whole + frac).lstrip("0")
    return len(frac) <= 9 and len(digits) <= 18


def exact(s):
    return Fraction(s) if short_decimal(s) else Fraction(float(s))


def ulp(x):
    """A double's unit in the last place at |x| (x a Fraction)."""
    if x == 0:
        return Fraction(2) ** -1074
    e = abs(x).numerator.bit_length() - abs(x).denominator.bit_length()
    while Fraction(2) ** e > abs(x):
        e -= 1
    while Fraction(2) ** (e + 1) <= abs(x):
        e += 1
    return Fraction(2) ** max(e - 52, -1074)


def case_values(rng):
    kind = rng.randrange(8)
    n = rng.choice([1, 2, 3, 5, 10, 30, 60])
    if kind == 0:  # 5e16 + U(0, 1e6)
        return [str(50000000000000000 + rng.randrange(1000001)) for _ in range(n)]
    if kind == 1:  # 18-digit integers close together
        base = rng.randrange(10**17, 10**18 - 10**7)
        return [str(base + rng.randrange(10**6)) for _ in range(n)]
    if kind == 2:  # 1e9 + 8-decimal noise
        return ["1000000000.%08d" % rng.randrange(10**8) for _ in range(n)]
    if kind == 3:  # short decimals, either sign, up to 9 fraction digits
        out = []
        for _ in range(n):
            k = rng.randrange(10)
            m = rng.randrange(-10**9, 10**9)
            s = str(abs(m)).rjust(k + 1, "0")
            s = (s[:-k] + "." + s[-k:]) if k else s
            out.append(("-" if m < 0 else "") + s)
        return out
    if kind == 4:  # exponents, one magnitude with tiny noise
        base = rng.uniform(-1, 1) * 10 ** rng.randrange(-120, 120)
        return ["%.17e" % (base * (1 + rng.uniform(-1e-9, 1e-9))) for _ in range(n)]
    if kind == 5:  # exponents over wide magnitudes
        return ["%.17e" % (rng.uniform(-1, 1) * 10 ** rng.randrange(-140, 140))
                for _ in range(n)]
    if kind == 6:  # a mixture of decimals and exponents
        return [str(rng.randrange(-10**6, 10**6)) if rng.random() < 0.5
                else "%.6e" % rng.uniform(-1e6, 1e6) for _ in range(n)]
    # long decimals (past 18 digits) near a large offset
    return ["123456789012.%012d" % rng.randrange(10**12) for _ in range(n)]


def gen(cases, seed, path):
    rng = random.Random(seed)
    with open(path, "w") as f:
        for c in range(cases):
            for v in case_values(rng):
                f.write("g=c%d v=%s\n" % (c, v))


def sqrt_frac(x):
    d = Decimal(x.numerator) / Decimal(x.denominator)
    return Fraction(d.sqrt())


def check(log, result):
    groups = {}
    with open(log) as f:
        for line in f:
            kv = dict(p.split("=", 1) for p in line.split())
            groups.setdefault(kv["g"], []).append(kv["v"])
    got = {}
    with open(result) as f:
        for line in f:
            if line.startswith("#"):  # a comment: dcr-records(5)
                continue
            kv = dict(p.split("=", 1) for p in line.split())
            got[kv["g"]] = kv
    diffs = []
    for g, vals in groups.items():
        xs = [exact(v) for v in vals]
        n = len(xs)
        mean = sum(xs) / n
        want = {"v_mean": mean}
        if n > 1:
            var = sum((x - mean) ** 2 for x in xs) / (n - 1)
            want["v_var"] = var
            want["v_stdev"] = sqrt_frac(var)
        have = got.get(g, {})
        for k in ("v_mean", "v_var", "v_stdev"):
            if k not in want:
                if k in have:
                    diffs.append("%s %s: %s, want absent" % (g, k, have[k]))
                continue
            if k not in have:
                diffs.append("%s %s: absent" % (g, k))
                continue
            err = abs(Fraction(have[k]) - want[k])
            if err > ULPS * ulp(want[k]):
                diffs.append("%s %s: %s, want %.17g (%.1f ulps)" % (
                    g, k, have[k], float(want[k]), float(err / ulp(want[k]))))
    print("%d cases, %d differences" % (len(groups), len(diffs)))
    for d in diffs[:20]:
        print(d)
    return 1 if diffs else 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "gen":
        gen(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
