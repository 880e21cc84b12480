#!/usr/bin/env python3
"""band-ref.py - dcr-agg's numeric bands of an age against zoneinfo.

  band-ref.py gen N SEED LOG              write N records "id=I ts=T
                                          birth_year=B" to LOG
  band-ref.py check ZONE EDGES LOG RESULT check RESULT of
        dcr-agg --tz ZONE -g 'id,a=band:age(birth_year):EDGES' LOG

Most instants lie within 14 hours of a UTC New Year (1900 to 2200), where
the local year differs from the UTC one in zones east and west of UTC;
the birth years make ages from -3 to 34. The reference: the local year of
ts in ZONE (Python's zoneinfo) less the birth year, banded by EDGES as
dcr-agg(1) says: under_E1, E_i-(E_i+1 - 1), En+. Prints "N records, M
differences" and each difference; exit 1 if any.
"""
import random
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def gen(n, seed, path):
    rng = random.Random(seed)
    with open(path, "w") as f:
        for i in range(n):
            if rng.random() < 0.8:
                year = rng.randint(1900, 2200)
                t = datetime(year, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randint(-14 * 3600, 14 * 3600))
            else:
                t = EPOCH + timedelta(seconds=rng.randint(-2208988800, 7258118400))
            born = t.year - rng.randint(-3, 34)
            f.write("id=%d ts=%s birth_year=%d\n" % (i, t.strftime("%Y-%m-%dT%H:%M:%SZ"), born))


def label(edges, v):
    if v < edges[0]:
        return "under_%d" % edges[0]
    for lo, hi in zip(edges, edges[1:]):
        if lo <= v < hi:
            return "%d-%d" % (lo, hi - 1)
    return "%d+" % edges[-1]


def check(zone, edges, log, result):
    z = ZoneInfo(zone)
    edges = [int(e) for e in edges.split(",")]
    want = {}
    for line in open(log):
        r = dict(p.split("=", 1) for p in line.split())
        t = datetime.strptime(r["ts"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        want[r["id"]] = label(edges, t.astimezone(z).year - int(r["birth_year"]))
    got = {}
    for line in open(result):
        r = dict(p.split("=", 1) for p in line.split())
        got[r["id"]] = r["a"]
    bad = [i for i in want if got.get(i) != want[i]] + [i for i in got if i not in want]
    print("%d records, %d differences" % (len(want), len(bad)))
    for i in bad[:20]:
        print("id=%s: %s, expected %s" % (i, got.get(i), want.get(i)))
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit(check(*sys.argv[2:6]))
