#!/usr/bin/env python3
"""indicators-ref.py - an independent computation of every field of the
shipped indicator sets, to check dcr-monthly's tables against.

  indicators-ref.py SET.ind RECORDS.log TABLES/

RECORDS.log holds the canonical records of the month (as the generator
wrote them, before dcr read them). Each field of SET.ind must have a
definition here (else the check fails: a new field needs its oracle), and
each cell of TABLES/SECTION.log must equal it. A cell shown as <K (small
cells) must be a count below K, or hidden by complementary suppression in
a column that has such a cell. Prints what differs; exit 1 on any.
"""
import collections
import importlib.util
import os
import datetime
import math
import re
import statistics
import sys
import zoneinfo

ZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")


def ev(*names):
    return lambda r: r.get("event") in names


def has(k, v):
    return lambda r: r.get(k) == v


def both(*ps):
    return lambda r: all(p(r) for p in ps)


def count(p):
    return ("count", p)


def distinct(k, p=lambda r: True):
    return ("distinct", k, p)


def dur(stat):
    return ("dur", stat)


def derive(f):
    return ("derive", f)


def local(r):
    t = datetime.datetime.strptime(r["ts"], "%Y-%m-%dT%H:%M:%SZ")
    return t.replace(tzinfo=datetime.timezone.utc).astimezone(ZONE)


def age_band(r):
    """Health Canada's band of the age at r: the local year of its ts less
    the year of birth (None without one)."""
    if "birth_year" not in r:
        return None
    age = local(r).year - int(r["birth_year"])
    if age < 20:
        return "under_20"
    if age >= 60:
        return "60+"
    lo = age // 10 * 10
    return "%d-%d" % (lo, lo + 9)


def ratio(n, d, k):
    return lambda v: None if not v[d] else k * v[n] / v[d]


def _interval_ref():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "interval-ref.py")
    spec = importlib.util.spec_from_file_location("interval_ref", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


IV = _interval_ref()


def wilson(x, n, end):
    """100 times a limit (end 0 or 1) of the Wilson interval of x/n."""
    def f(v):
        xs, ns = v[x], n(v)
        return None if not ns or xs > ns else 100 * IV.wilson(xs, ns)[end]
    return f


def poisson(x, n, per, end):
    return lambda v: None if not v[n] else IV.poisson(v[x], v[n], per)[end]


OD = has("incident_type", "opioid_overdose")
FACILITY = {
    "visits": count(ev("session_start")),
    "consumptions": count(ev("consumption")),
    "clients": distinct("client"),
    "injected": count(both(ev("consumption"), has("route", "inject"))),
    "registrations": count(ev("registration")),
    "overdoses": count(both(ev("incident"), OD)),
    "naloxone": count(both(ev("intervention"), OD, has("response", "naloxone"))),
    "ambulance": count(both(ev("intervention"), has("response", "ems_called"))),
    "referrals": count(ev("referral")),
    "refusals": count(ev("refusal")),
    "check_ins": count(ev("check_in")),
    "sessions": count(ev("session_end")),
    "duration_s_mean": dur("mean"),
    "duration_s_median": dur(0.5),
    "duration_s_p90": dur(0.9),
    "visits_per_client": derive(ratio("visits", "clients", 1)),
    "inject_pct": derive(ratio("injected", "consumptions", 100)),
    "od_per_1000": derive(ratio("overdoses", "visits", 1000)),
    "naloxone_pct": derive(ratio("naloxone", "overdoses", 100)),
    "ambulance_per_1000": derive(ratio("ambulance", "visits", 1000)),
    "referrals_per_100": derive(ratio("referrals", "visits", 100)),
    "refusal_pct": derive(lambda v: None if not v["refusals"] + v["check_ins"]
                          else 100 * v["refusals"] / (v["refusals"] + v["check_ins"])),
    "inject_pct_lo": derive(wilson("injected", lambda v: v["consumptions"], 0)),
    "inject_pct_hi": derive(wilson("injected", lambda v: v["consumptions"], 1)),
    "od_per_1000_lo": derive(poisson("overdoses", "visits", 1000, 0)),
    "od_per_1000_hi": derive(poisson("overdoses", "visits", 1000, 1)),
    "ambulance_per_1000_lo": derive(poisson("ambulance", "visits", 1000, 0)),
    "ambulance_per_1000_hi": derive(poisson("ambulance", "visits", 1000, 1)),
    "referrals_per_100_lo": derive(poisson("referrals", "visits", 100, 0)),
    "referrals_per_100_hi": derive(poisson("referrals", "visits", 100, 1)),
    "refusal_pct_lo": derive(wilson("refusals", lambda v: v["refusals"] + v["check_ins"], 0)),
    "refusal_pct_hi": derive(wilson("refusals", lambda v: v["refusals"] + v["check_ins"], 1)),
}

# SECTION: (records, group keys as (name, function), totals, fields)
# A section grouped by the local day alone has a row for every day of the
# month (EVERY_DAY), one without records a row with no value.
EVERY_DAY = {"daily"}

def key(k):
    return (k, lambda r: r.get(k))


SETS = {
    "facility.ind": {
        "facility": (lambda r: True, [key("facility")], True, FACILITY),
        "daily": (ev("session_start"), [("day", lambda r: local(r).date().isoformat())], False,
                  {"visits": count(ev("session_start"))}),
        "hour": (ev("session_start"), [("hod", lambda r: str(local(r).hour))], False,
                 {"visits": count(ev("session_start"))}),
        # the month's table (month_group): a facility and place type's
        # peak over all the sessions of the month
        "occupancy": (ev("session_end"), [key("facility"), key("place_type")], False,
                      {"peak": ("peak",)}),
        "referrals": (ev("referral"), [key("facility"), key("referral_target"),
                                       key("referral_location")], False,
                      {"referrals": count(ev("referral"))}),
        "refusals": (ev("refusal"), [key("facility"), key("refusal_reason")], False,
                     {"refusals": count(ev("refusal"))}),
        "substances": (ev("consumption"), [key("route"), key("substance")], False,
                       {"consumptions": count(ev("consumption"))}),
    },
    "health-canada.ind": {
        "site": (lambda r: True, [key("facility")], True, {
            "total_visits": count(ev("session_start")),
            "unique_clients": distinct("client"),
            "overdoses": count(lambda r: r.get("event") == "incident" and r.get("incident_type")
                               in ("opioid_overdose", "stimulant_overamp")),
            "overdoses_naloxone": count(both(ev("intervention"), has("response", "naloxone"))),
            "ems_calls": count(both(ev("intervention"), has("response", "ems_called"))),
            "services_onsite": count(ev("service")),
            "referrals_offsite": count(both(ev("referral"), has("referral_location", "offsite"))),
        }),
        "gender": (ev("registration"), [key("facility"), key("sex")], False,
                   {"clients": distinct("client")}),
        "age_band": (ev("registration"), [key("facility"), ("age_band", age_band)], False,
                     {"clients": distinct("client")}),
        "drugs": (ev("consumption"), [key("facility"), key("substance")], False,
                  {"consumptions": count(ev("consumption"))}),
        "services": (ev("service"), [key("facility"), key("service_type")], False,
                     {"services": count(ev("service"))}),
        "referrals": (both(ev("referral"), has("referral_location", "offsite")),
                      [key("facility"), key("referral_target")], False,
                      {"referrals": count(ev("referral"))}),
    },
}


def quantile7(xs, q):
    xs = sorted(xs)
    h = (len(xs) - 1) * q
    lo = math.floor(h)
    return xs[lo] + (h - lo) * (xs[min(lo + 1, len(xs) - 1)] - xs[lo])


def peak(rs):
    edges = []
    for r in rs:
        end = datetime.datetime.strptime(r["ts"], "%Y-%m-%dT%H:%M:%SZ").timestamp()
        edges += [(end - float(r["duration_s"]), 1), (end, -1)]
    best = cur = 0
    for _, d in sorted(edges, key=lambda e: (e[0], e[1])):
        cur += d
        best = max(best, cur)
    return best


def compute(rs, fields):
    """(value, records it counts) of each field over the records rs."""
    out = {}
    for name, f in fields.items():
        if f[0] == "count":
            n = sum(1 for r in rs if f[1](r))
            out[name] = (n, n)
        elif f[0] == "distinct":
            s = {r[f[1]] for r in rs if f[2](r) and f[1] in r}
            out[name] = (len(s), sum(1 for r in rs if f[2](r) and f[1] in r))
        elif f[0] == "dur":
            xs = [float(r["duration_s"]) for r in rs
                  if r.get("event") == "session_end" and "duration_s" in r]
            v = None if not xs else (statistics.fmean(xs) if f[1] == "mean" else quantile7(xs, f[1]))
            out[name] = (v, len(xs))
        elif f[0] == "peak":
            ss = [r for r in rs if "duration_s" in r]
            out[name] = (peak(ss), len(ss))
    for name, f in fields.items():
        if f[0] == "derive":
            v = f[1]({k: x[0] for k, x in out.items()})
            out[name] = (v, None)
    return out


def fields_of(path):
    """{section: [field, ...]} declared in an indicator file."""
    got = collections.defaultdict(list)
    for line in open(path, encoding="utf-8"):
        m = re.match(r"field=(\S+) section=(\S+)", line)
        if m:
            got[m.group(2)].append(m.group(1))
    return got


def main():
    setfile, records, tables = sys.argv[1:4]
    spec = SETS[setfile.rsplit("/", 1)[-1]]
    rs = [dict(p.split("=", 1) for p in l.split()) for l in open(records, encoding="utf-8") if l.strip() and not l.startswith("#")]
    bad = checked = 0
    declared = fields_of(setfile)
    if sorted(declared) != sorted(spec):
        print("sections: the file has %s, the oracle %s" % (sorted(declared), sorted(spec)))
        return 1
    for section, (sel, group, totals, fields) in spec.items():
        if sorted(declared[section]) != sorted(fields):
            print("%s: the file has fields %s, the oracle %s" % (section, declared[section], sorted(fields)))
            bad += 1
            continue
        mine = [r for r in rs if sel(r)]
        groups = collections.defaultdict(list)
        for r in mine:
            k = tuple(g(r) for _, g in group)
            if None not in k:
                groups[k].append(r)
        if totals:
            groups[()] = mine
        want = {k: compute(v, fields) for k, v in groups.items()}
        if section in EVERY_DAY and mine:
            first = min(local(r).date() for r in mine).replace(day=1)
            d = first
            while d.month == first.month:
                want.setdefault((d.isoformat(),), None)
                d += datetime.timedelta(days=1)
        got = {}
        for line in open("%s/%s.log" % (tables, section), encoding="utf-8"):
            if line.startswith("#"):  # a comment: dcr-records(5)
                continue
            r = dict(p.split("=", 1) for p in line.split())
            k = tuple(r[g] for g, _ in group if g in r)
            got[k] = r
        if sorted(got) != sorted(want):
            print("%s: groups %s, expected %s" % (section, sorted(got)[:5], sorted(want)[:5]))
            bad += 1
            continue
        for name in fields:
            zero_in_column = any(w is not None and w[name][1] == 0 for w in want.values())
            for k, w in want.items():
                if w is None:  # a day without records: no value
                    checked += 1
                    if name in got[k]:
                        print("%s %s %s: %s, expected none" % (section, k, name, got[k][name]))
                        bad += 1
                    continue
                v, n = w[name]
                cell = got[k].get(name)
                if cell is not None and cell.startswith("<"):
                    if not (n == 0 or n is None or zero_in_column):
                        print("%s %s %s: hidden, but from %s records" % (section, k, name, n))
                        bad += 1
                    continue
                checked += 1
                if v is None or cell is None or not math.isclose(float(cell), v, rel_tol=1e-9, abs_tol=1e-9):
                    print("%s %s %s: %s, expected %s" % (section, k, name, cell, v))
                    bad += 1
    print("%d cells checked, %d wrong" % (checked, bad))
    return 1 if bad else 0


sys.exit(main())
