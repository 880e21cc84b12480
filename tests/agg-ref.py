#!/usr/bin/env python3
"""agg-ref.py - an independent computation of dcr-agg's aggregates.

  agg-ref.py LOG ZONE RESULT

LOG is a dcr log (bare values, as dcr-gen writes them); RESULT is the output
of dcr-agg run with the command line that tests/dcr-agg.bats gives (groups
facility and local day in ZONE, the aggregates named below). The reference is
computed here with exact fractions where it matters; RESULT must hold the
same groups and values (floats to 1e-12 relative). Prints each difference
and exits 1 when there is any.
"""
import statistics
import sys
from collections import Counter, defaultdict
from datetime import datetime, timezone
from fractions import Fraction
from zoneinfo import ZoneInfo


def records(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield dict(p.split("=", 1) for p in line.split(" "))


def parse_ts(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def type7(xs, p):
    """Percentile p (a Fraction) of sorted xs, exactly."""
    h = (len(xs) - 1) * p / 100
    lo = int(h)
    if lo + 1 >= len(xs):
        return Fraction(xs[-1])
    return Fraction(xs[lo]) + (h - lo) * (Fraction(xs[lo + 1]) - Fraction(xs[lo]))


def peak(sessions):
    """(peak, first instant) of [start, end) intervals, by brute force."""
    best, at = 0, None
    for t in sorted(s for s, _ in sessions):
        n = sum(1 for s, e in sessions if s <= t < e)
        if n > best:
            best, at = n, t
    return best, at


def num(s):
    return Fraction(s)


def fmt_time(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def reference(path, zone):
    tz = ZoneInfo(zone)
    groups = defaultdict(lambda: defaultdict(list))
    order = []
    for r in records(path):
        day = parse_ts(r["ts"]).astimezone(tz).strftime("%Y-%m-%d")
        key = (r["facility"], day)
        g = groups[key]
        if key not in order:
            order.append(key)
        g["count"].append(1)
        g["ts"].append(r["ts"])
        if "client" in r:
            g["client"].append(r["client"])
        if r["event"] == "session_start":
            g["visits"].append(1)
        if r["event"] == "session_end":
            d = int(r["duration_s"])
            g["dur"].append(d)
            end = parse_ts(r["ts"]).timestamp()
            g["sess"].append((end - d, end))
        if r["event"] == "consumption":
            g["substance"].append(r["substance"])
    out = {}
    for key in order:
        g = groups[key]
        v = {"count": len(g["count"]), "visits": len(g["visits"]),
             "clients": len(set(g["client"])),
             "aclients": len(set(g["client"])),
             "first_client": g["client"][0], "last_client": g["client"][-1],
             "min_ts": min(g["ts"])}
        dur = sorted(g["dur"])
        if dur:
            v["dur_sum"] = sum(dur)
            v["dur_mean"] = Fraction(sum(dur), len(dur))
            v["dur_min"], v["dur_max"] = dur[0], dur[-1]
            v["dur_median"] = type7(dur, Fraction(50))
            v["dur_p90"] = type7(dur, Fraction(90))
            v["dur_p99_9"] = type7(dur, Fraction("99.9"))
            if len(dur) > 1:
                v["dur_var"] = statistics.variance([Fraction(x) for x in dur])
                v["dur_stdev"] = statistics.stdev(dur)
            p, at = peak(g["sess"])
            v["occupancy"] = p
            v["occupancy_at"] = fmt_time(datetime.fromtimestamp(at, timezone.utc))
        else:
            v["dur_sum"] = 0
            v["occupancy"] = 0
        if g["substance"]:
            c = Counter(g["substance"])
            top = max(c.values())
            v["substance_mode"] = min(s for s in c if c[s] == top)
        out[key] = v
    return out


def close(want, got):
    if isinstance(want, str):
        return want == got
    if isinstance(want, int):
        return str(want) == got
    g = float(got)
    w = float(want)
    return abs(g - w) <= 1e-12 * max(1.0, abs(w))


def main():
    log, zone, result = sys.argv[1:4]
    want = reference(log, zone)
    got = {}
    with open(result, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):  # a comment: dcr-records(5)
                continue
            kv = dict(p.split("=", 1) for p in line.split())
            got[(kv.pop("facility"), kv.pop("day"))] = kv
    bad = 0
    for key in sorted(set(want) | set(got)):
        w, g = want.get(key), got.get(key)
        if w is None or g is None:
            print("group %s: %s" % (key, "only in dcr-agg" if w is None else "missing"))
            bad += 1
            continue
        for k in sorted(set(w) | set(g)):
            if k not in g or k not in w or not close(w[k], g[k]):
                print("group %s %s: want %s, got %s" % (key, k, w.get(k), g.get(k)))
                bad += 1
    if not want:
        print("no groups")
        bad += 1
    print("%d groups, %d differences" % (len(want), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
