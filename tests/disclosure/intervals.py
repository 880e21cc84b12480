#!/usr/bin/env python3
"""intervals.py - the attacker of dcr-agg's small-cell protection, for tests.

usage: intervals.py K COLUMN TRUE.log PUBLISHED.log

TRUE.log holds "group=G n=N" lines: the true count of every group (the
test computes them from its input, not from dcr-agg). PUBLISHED.log is
dcr-agg's output with --totals: group rows, then the total row (no
group key). For column COLUMN the attacker knows everything published,
K, and even which hidden cells are small (true count < K); each hidden
cell lies in 0..K-1 when small and in K..inf otherwise, and the hidden
cells sum to the total less the shown cells. For every small hidden
cell it prints the interval of values consistent with all that:

    G lo hi

and "pinned G" on stderr, exit 1, when the interval is not all of
0..K-1. Exact integers throughout: Fraction-free, no floating point.
"""
import sys


def records(path):
    with open(path) as f:
        return [dict(kv.split("=", 1) for kv in line.split()) for line in f if line.strip() and not line.startswith("#")]


def main():
    k, col, true_path, pub_path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    truth = {r["group"]: int(r["n"]) for r in records(true_path)}
    pub = records(pub_path)
    total_row = [r for r in pub if "facility" not in r]
    rows = [r for r in pub if "facility" in r]
    assert len(total_row) == 1, "one total row expected"
    total = total_row[0][col]
    if total.startswith("<"):
        return 0  # no margin published: nothing to subtract from
    shown = sum(int(r[col]) for r in rows if not r[col].startswith("<"))
    hidden = [r["facility"] for r in rows if r[col].startswith("<")]
    s = int(total) - shown
    inf = float("inf")
    bounds = {g: ((0, k - 1) if truth[g] < k else (k, inf)) for g in hidden}
    bad = 0
    for g in hidden:
        if truth[g] >= k:
            continue
        lo_o = sum(bounds[h][0] for h in hidden if h != g)
        hi_o = sum(bounds[h][1] for h in hidden if h != g)
        lo = max(0, s - hi_o)
        hi = min(k - 1, s - lo_o)
        print(g, lo, hi)
        if lo > 0 or hi < k - 1:
            print("pinned", g, lo, hi, file=sys.stderr)
            bad = 1
    return bad


sys.exit(main())
