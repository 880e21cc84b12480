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

@test "make demo runs the demo" {
	run -0 make -s -C "$DCR_TESTS/.." demo
	assert_line --index 0 --regexp '^facility +visits +clients'
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
