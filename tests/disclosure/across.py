#!/usr/bin/env python3
"""across.py - the attacker of small cells across published tables, for tests.

usage: across.py hour  K D MAIN HOUR EVENTS
       across.py month K D MONTH DAY EVENTS [DAY EVENTS]...

hour:  MAIN is the all-facilities table (its total row, without keys,
       holds visits), HOUR the visits by hour of day; the hours add up to
       the total, so the hidden hours add up to the total less the shown.
month: MONTH and each DAY are tables of visits by facility; for each
       facility the days add up to the month.
EVENTS are the raw records (of the day, or of each DAY): the truth,
counted here, session_start records per hour (UTC) or per facility.

D is the bound of the noise on every published count (0 without the cell
key method). Every hidden cell lies in 0..K-1+D if its true count is
below K, else in K-D..inf (the attacker even knows which); the published
margin less the shown parts, within the noise of each cell used, bounds
the hidden parts' sum. For each hidden cell whose true count is below K
the interval consistent with all that is printed; one narrower than K
values is "pinned" (stderr, exit 1).
"""
import sys


def records(path):
    with open(path) as f:
        return [dict(kv.split("=", 1) for kv in l.split()) for l in f if l.strip() and not l.startswith("#")]


def hidden(v):
    return v.startswith("<")


def attack(k, d, margin, parts, truth, label):
    """margin: published text; parts: {name: published text}; truth: {name: n}."""
    if hidden(margin):
        return 0
    shown = [int(v) for v in parts.values() if not hidden(v)]
    hid = [p for p, v in parts.items() if hidden(v)]
    if not hid:
        return 0
    used = len(shown) + 1
    s_lo = int(margin) - sum(shown) - used * d
    s_hi = int(margin) - sum(shown) + used * d
    inf = float("inf")
    box = {p: ((0, k - 1 + d) if truth[p] < k else (max(0, k - d), inf)) for p in hid}
    bad = 0
    for p in hid:
        if truth[p] >= k:
            continue
        lo = max(box[p][0], s_lo - sum(box[q][1] for q in hid if q != p))
        hi = min(box[p][1], s_hi - sum(box[q][0] for q in hid if q != p))
        width = hi - lo + 1
        print(label, p, truth[p], lo, hi)
        if width < k:
            print("pinned", label, p, "true", truth[p], "in", lo, hi, file=sys.stderr)
            bad = 1
    return bad


def hour_mode(k, d, main, hour, events):
    total = [r for r in records(main) if "facility" not in r][0]["visits"]
    parts = {int(r["hod"]): r["visits"] for r in records(hour)}
    truth = {}
    for r in records(events):
        if r.get("event") == "session_start":
            h = int(r["ts"][11:13])
            truth[h] = truth.get(h, 0) + 1
    truth = {h: truth.get(h, 0) for h in parts}
    return attack(k, d, total, parts, truth, "hour")


def month_mode(k, d, month, pairs):
    days = pairs[0::2]
    truth = {}
    for i, events in enumerate(pairs[1::2]):
        for r in records(events):
            if r.get("event") == "session_start":
                key = (r["facility"], i)
                truth[key] = truth.get(key, 0) + 1
    bad = 0
    for m in records(month):
        if "facility" not in m:
            continue
        f = m["facility"]
        parts = {}
        for i, day in enumerate(days):
            for r in records(day):
                if r.get("facility") == f:
                    parts[i] = r["visits"]
        t = {i: truth.get((f, i), 0) for i in parts}
        bad |= attack(k, d, m["visits"], parts, t, f)
    return bad


def main():
    mode, k, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if mode == "hour":
        return hour_mode(k, d, *sys.argv[4:7])
    return month_mode(k, d, sys.argv[4], sys.argv[5:])


sys.exit(main())
