#!/usr/bin/env python3
"""tz-ref.py - dcr's local time buckets and local stamps against zoneinfo.

  tz-ref.py gen N SEED LOG       write N random instants (ts=...) to LOG
  tz-ref.py agg ZONE LOG RESULT  check RESULT of
        dcr-agg --tz ZONE -g ts,day=ts:day,hour=ts:hour,d=ts:1d LOG
  tz-ref.py fmt ZONE LOG RESULT  check RESULT of dcr-fmt --tz ZONE -k ts LOG

The instants lie from 1850 to 2040, half of them within two hours of a
local midnight and some within a minute of Monrovia's 1972-01-07T00:44:30Z:
where offsets have seconds (LMT) and where local midnight is skipped or
repeated. The reference, with Python's zoneinfo: day and hour are the local
date and hour; 1d is the first instant the local clock showed the local
midnight of that day (or, where that midnight was skipped, the instant the
day began); the local stamp carries the offset with its seconds when it has
them. Prints "N records, M differences" and each difference; exit 1 if any.
"""
import random
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def stamp(t):
    return (EPOCH + timedelta(seconds=t)).strftime("%Y-%m-%dT%H:%M:%SZ")


def gen(n, seed, path):
    rng = random.Random(seed)
    lo = int((datetime(1850, 1, 1, tzinfo=UTC) - EPOCH).total_seconds())
    hi = int((datetime(2040, 1, 1, tzinfo=UTC) - EPOCH).total_seconds())
    monrovia = int((datetime(1972, 1, 7, 0, 44, 30, tzinfo=UTC) - EPOCH).total_seconds())
    with open(path, "w") as f:
        for i in range(n):
            r = rng.random()
            if r < 0.1:
                t = monrovia + rng.randint(-90, 90)
            elif r < 0.55:
                # near a UTC midnight shifted by a plausible offset
                day = rng.randint(lo // 86400, hi // 86400)
                t = day * 86400 + rng.randint(-14, 14) * 1800 + rng.randint(-7200, 7200)
            else:
                t = rng.randint(lo, hi)
            f.write("ts=%s\n" % stamp(t))


def secs(dt):
    return int((dt - EPOCH).total_seconds())


def local(z, t):
    return (EPOCH + timedelta(seconds=t)).astimezone(z)


def day_start(z, t):
    """The first instant the local clock showed midnight of t's local day."""
    d = local(z, t).date()
    cands = []
    for fold in (0, 1):
        m = datetime(d.year, d.month, d.day, tzinfo=z, fold=fold)
        u = secs(m.astimezone(UTC))
        lm = local(z, u)
        if lm.replace(tzinfo=None) == m.replace(tzinfo=None) and u <= t:
            cands.append(u)
    if cands:
        return min(cands)
    # midnight skipped: the first instant whose local date is d
    lo, hi = t - 2 * 86400, t
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if local(z, mid).date() >= d:
            hi = mid
        else:
            lo = mid
    return hi


def offset_text(off):
    s = int(off.total_seconds())
    sign = "-" if s < 0 else "+"
    s = abs(s)
    out = "%s%02d:%02d" % (sign, s // 3600, s // 60 % 60)
    return out + (":%02d" % (s % 60) if s % 60 else "")


def records(path):
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                yield dict(p.split("=", 1) for p in line.split())


def parse(ts):
    return secs(datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC))


def check_agg(zone, log, result):
    z = ZoneInfo(zone)
    diffs, n = [], 0
    for r in records(result):
        n += 1
        t = parse(r["ts"])
        lt = local(z, t)
        want = {"day": lt.strftime("%Y-%m-%d"), "hour": lt.strftime("%Y-%m-%dT%H"),
                "d": stamp(day_start(z, t))}
        for k, v in want.items():
            if r.get(k) != v:
                diffs.append("%s ts=%s %s=%s, want %s" % (zone, r["ts"], k, r.get(k), v))
    return n, diffs


def check_fmt(zone, log, result):
    z = ZoneInfo(zone)
    diffs, n = [], 0
    with open(result) as f:
        lines = [l.rstrip("\n") for l in f][1:]  # after the header
    for r, got in zip(records(log), lines):
        n += 1
        lt = local(z, parse(r["ts"]))
        want = lt.strftime("%Y-%m-%d %H:%M:%S") + offset_text(lt.utcoffset())
        if got != want:
            diffs.append("%s ts=%s: %s, want %s" % (zone, r["ts"], got, want))
    return n, diffs


if __name__ == "__main__":
    a = sys.argv
    if len(a) == 5 and a[1] == "gen":
        gen(int(a[2]), int(a[3]), a[4])
        sys.exit(0)
    if len(a) == 5 and a[1] in ("agg", "fmt"):
        n, diffs = (check_agg if a[1] == "agg" else check_fmt)(a[2], a[3], a[4])
        print("%d records, %d differences" % (n, len(diffs)))
        for d in diffs[:20]:
            print(d)
        sys.exit(1 if diffs else 0)
    sys.exit(__doc__)
