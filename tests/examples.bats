#!/usr/bin/env bats
# Every script in examples/ runs on the sample logs and prints what the
# README and the man pages show.

load helpers

@test "demo.sh prints the summary table of the sample logs" {
	run -0 sh "$EXAMPLES/demo.sh"
	assert_output "facility   visits  clients  inject_pct  od_per_1000  ref_per_100
nl-ams-01     109       71        20.6          9.2          8.3
nl-rtm-01      94       61         8.1            0          4.3"
}

@test "nightly.sh publishes the sample days with the jobs and prints the month" {
	run --separate-stderr sh "$EXAMPLES/nightly.sh"
	[ "$status" -eq 0 ] || fail "exit $status: $stderr"
	assert_equal "$stderr" ""
	assert_output "# DCR indicators 2024-03 (2 of 31 days)
## Per facility

| facility | visits | consumptions | clients | visits_per_client | inject_pct | inject_pct_ci | od_per_1000 | od_per_1000_ci | naloxone_pct | ambulance_per_1000 | referrals_per_100 | refusal_pct | duration_s_median | duration_s_p90 |
| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| nl-ams-01 | 36 | 38 | 14 | 2.6 | <10 | <10 | <10 | <10 | <10 | <10 | <10 | <10 | 1139 | 2234.5 |
| nl-dhg-01 | 46 | 57 | 30 | 1.5 | <10 | <10 | <10 | <10 | <10 | <10 | <10 | <10 | 1324 | 2252 |
| nl-ein-01 | 27 | 34 | 19 | 1.4 | <10 | <10 | <10 | <10 | <10 | <10 | <10 | <10 | 1500 | 2436 |
| nl-rtm-01 | 35 | 37 | 24 | 1.5 | <10 | <10 | <10 | <10 | <10 | <10 | <10 | <10 | 1009 | 2038.8 |
| nl-utr-01 | 36 | 45 | 23 | 1.6 | 26.7 | 16.0–41.0 | <10 | <10 | <10 | <10 | <10 | <10 | 1366.5 | 2360 |

<10: fewer than 10 records (or a cell that would reveal one), hidden to protect privacy"
	# OUTDIR kept: the published days and month are there
	run -0 sh "$EXAMPLES/nightly.sh" "$TMP/out"
	run -0 ls "$TMP/out/days" "$TMP/out/months"
	assert_output "$TMP/out/days:
2024-03-01
2024-03-02

$TMP/out/months:
2024-03"
}

@test "make demo runs the demo and the jobs on the sample days" {
	run -0 make -s -C "$DCR_TESTS/.." demo
	assert_line --index 0 --regexp '^facility +visits +clients'
	assert_line '# DCR indicators 2024-03 (2 of 31 days)'
	assert_line --regexp '^[|] nl-utr-01 [|] 36 [|]'
}

@test "the jobs run on the sample days of examples/raw, each visit counted as the generator made it" {
	cp -r "$EXAMPLES" ex
	cd ex
	(umask 077 && head -c 32 /dev/urandom >key)
	# The jobs' stderr is shown on failure: it names the step that refused.
	for day in 2024-03-01 2024-03-02; do
		run --separate-stderr dcr-nightly -k key -c sources.conf -F facilities.conf raw out "$day"
		[ "$status" -eq 0 ] || fail "dcr-nightly $day: exit $status: $stderr"
		assert_equal "$stderr" ""
	done
	run --separate-stderr dcr-monthly -F facilities.conf out 2024-03
	[ "$status" -eq 1 ] || fail "dcr-monthly: exit $status: $stderr"
	# The oracle: the canonical records of the same events (the generator
	# with its logfmt output), counted by python per local day.
	for day in 2024-03-01 2024-03-02; do
		for f in nl-ams-01 nl-rtm-01 nl-utr-01 nl-dhg-01 nl-ein-01; do
			dcr-gen -s 11 --facility "$f" --start "$day" --days 1 --visits 15
		done
	done >truth.log
	python3 - truth.log >truth <<'PY'
import sys, collections, datetime, zoneinfo
z = zoneinfo.ZoneInfo("Europe/Amsterdam")
v = collections.Counter()
for line in open(sys.argv[1], encoding="utf-8"):
    r = dict(p.split("=", 1) for p in line.split())
    if r.get("event") == "session_start":
        t = datetime.datetime.strptime(r["ts"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
        v[(t.astimezone(z).date().isoformat(), r["facility"])] += 1
        v[("2024-03", r["facility"])] += 1
for k in sorted(v):
    print(k[0], k[1], v[k])
PY
	for p in 2024-03-01 2024-03-02 2024-03; do
		sed -n '/^## Per facility/,/^## All/p' "out/reports/$p.md" | grep '^| nl-' |
			awk -F' *[|] *' -v p="$p" '{ print p, $2, $3 }'
	done | sort >got
	run -0 diff truth got
	run -0 wc -l <got
	assert_output 15
}
