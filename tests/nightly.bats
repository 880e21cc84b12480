#!/usr/bin/env bats
# The production jobs dcr-nightly(1) and dcr-monthly(1) on generated logs
# of several facilities and days: what they publish, their notes and exit
# statuses, and each way issue 17 showed them publishing wrong numbers.
# (The kill and concurrency loops are in nightly-faults.bats.)

load helpers
load jobs

# visits FILE FACILITY: the visits of FACILITY in a report (column 2).
visits() {
	sed -n '/^## Per facility/,/^## All/p' "$1" | grep "^| $2 " | awk -F' *[|] *' '{ print $3 }'
}

@test "the job is shellcheck-clean" {
	run -0 shellcheck -x "$DCR_TESTS/../cmd/dcr-jobs.sh"
}

@test "a night publishes the archive, the reports, the state and the manifest as one folder" {
	raw 2024-03-01
	conf
	run -0 night raw out 2024-03-01
	run -0 ls out/days/2024-03-01
	assert_output "archive.log.gz
manifest
notes
report.html
report.md
state
tables"
	run -0 ls out/archive out/reports out/state/2024-03-01
	assert_output "out/archive:
2024-03-01.log.gz

out/reports:
2024-03-01.html
2024-03-01.md

out/state/2024-03-01:
daily.agg
facility.agg
hour.agg
occupancy.agg
referrals.agg
refusals.agg
substances.agg"
	# one folder in the store, no temporary files left behind
	run -0 ls out/store
	assert_output --regexp '^2024-03-01\.[A-Za-z0-9]{6}$'
	run -0 find out -name '.*' ! -name .lock
	assert_output ''
	# the archive is greppable with zgrep, ts-ordered, and pseudonymised
	run -0 sh -c 'zgrep -c "event=session_start" out/archive/2024-03-01.log.gz'
	[ "$output" -gt 100 ]
	run -0 sh -c 'zcat out/archive/2024-03-01.log.gz | cut -d" " -f1 | LC_ALL=C sort -c && echo sorted'
	assert_output sorted
	run -1 sh -c 'zcat out/archive/2024-03-01.log.gz | grep -E "client=[A-Z][0-9A-F]{7}( |$)"'
	run -0 sh -c "sed -n '/^## Per facility/,/^## All/p' out/reports/2024-03-01.md | grep -c '^| nl-'"
	assert_output 5
}

@test "published files are 0640 whatever the umask" {
	raw 2024-03-01
	conf
	printf 'this is not a record\n' >>raw/2024-03-01/nl-rtm-01.csv
	run -1 sh -c 'umask 000 && dcr-nightly -k key -c sources.conf -F facilities.conf raw out 2024-03-01'
	run -0 sh -c 'cd out/days/2024-03-01/ && stat -c "%a %n" * state/* tables/hour.log rejects/*'
	assert_output "640 archive.log.gz
640 manifest
640 notes
700 rejects
640 report.html
640 report.md
750 state
750 tables
640 state/daily.agg
640 state/facility.agg
640 state/hour.agg
640 state/occupancy.agg
640 state/referrals.agg
640 state/refusals.agg
640 state/substances.agg
640 tables/hour.log
600 rejects/2024-03-01.rej"
}

@test "rejected lines: published with a note, rejects 0600 in their folder, cleared by a clean re-run" {
	raw 2024-03-01
	conf
	cp raw/2024-03-01/nl-rtm-01.csv good.csv
	printf 'this is not a record\n' >>raw/2024-03-01/nl-rtm-01.csv
	run --separate-stderr -1 night raw out 2024-03-01
	assert_equal "$stderr" "dcr-parse: $TMP/raw/2024-03-01/nl-rtm-01.csv:382: 1 cell, the header has 21
dcr-parse: 1 line rejected
dcr-nightly: note: nl-rtm-01.csv: 1 lines rejected (rejects/2024-03-01.rej)"
	run -0 grep -c '^# ' out/days/2024-03-01/rejects/2024-03-01.rej
	assert_output 1
	run -0 grep -c 'rejects=1 ' out/days/2024-03-01/manifest
	# the export is fixed and the night run again: no rejects are left
	cp good.csv raw/2024-03-01/nl-rtm-01.csv
	run -0 night raw out 2024-03-01
	[ ! -e out/days/2024-03-01/rejects ]
	run -0 ls out/store
	assert_output --regexp '^2024-03-01\.[A-Za-z0-9]{6}$'
}

@test "--strict: a note fails the night and the previous day stays" {
	raw 2024-03-01
	conf
	run -0 night raw out 2024-03-01
	before=$(readlink out/days/2024-03-01)
	printf 'this is not a record\n' >>raw/2024-03-01/nl-rtm-01.csv
	run --separate-stderr -2 night --strict raw out 2024-03-01
	assert_equal "$stderr" "dcr-parse: $TMP/raw/2024-03-01/nl-rtm-01.csv:382: 1 cell, the header has 21
dcr-parse: 1 line rejected
dcr-nightly: notes are fatal with --strict; nothing published"
	assert_equal "$(readlink out/days/2024-03-01)" "$before"
	run -0 ls out/store
	assert_output "${before#../store/}"
}

@test "--keep-rejects: rejects of older days are removed, the rest of the day stays" {
	raw 2024-03-01 2024-03-05
	conf
	printf 'this is not a record\n' >>raw/2024-03-01/nl-rtm-01.csv
	run -1 night raw out 2024-03-01
	[ -f out/days/2024-03-01/rejects/2024-03-01.rej ]
	run -0 night --keep-rejects 7 raw out 2024-03-05
	[ -f out/days/2024-03-01/rejects/2024-03-01.rej ]
	run -0 night --keep-rejects 3 raw out 2024-03-05
	[ ! -e out/days/2024-03-01/rejects/2024-03-01.rej ]
	[ -f out/days/2024-03-01/state/facility.agg ]
}

@test "a corrupt input fails the night and leaves the previous day intact" {
	raw 2024-03-01
	conf
	run -0 night raw out 2024-03-01
	cp -r out before
	head -c 2000 raw/2024-03-01/nl-ams-01.log.gz >cut.gz
	mv cut.gz raw/2024-03-01/nl-ams-01.log.gz
	run --separate-stderr -2 night raw out 2024-03-01
	assert_equal "$stderr" "dcr-nightly: nl-ams-01.log.gz: corrupt or truncated gzip data; nothing published"
	run -0 diff -r before out
}

@test "a missing day, a malformed DAY and a missing key are errors" {
	conf
	mkdir raw
	run --separate-stderr -2 night raw out 2024-03-09
	assert_equal "$stderr" "dcr-nightly: raw/2024-03-09: no such directory"
	run --separate-stderr -2 night raw out 2024-3-9
	assert_equal "$stderr" "dcr-nightly: DAY '2024-3-9' is not a date: expected YYYY-MM-DD, such as 2024-03-01
Try 'dcr-nightly --help' for more information."
	run --separate-stderr -2 night raw out 2024-02-30
	assert_equal "${stderr_lines[0]}" "dcr-nightly: DAY '2024-02-30' is not a date: expected YYYY-MM-DD, such as 2024-03-01"
	run --separate-stderr -2 dcr-nightly -c sources.conf -F facilities.conf raw out 2024-03-09
	assert_equal "${stderr_lines[0]}" "dcr-nightly: no pseudonym key: give -k FILE, or --no-client-codes if the logs hold no client codes"
	[ ! -e out ]
}

@test "--no-client-codes is refused when the logs hold client codes" {
	raw 2024-03-01
	conf
	run --separate-stderr -2 dcr-nightly --no-client-codes -c sources.conf -F facilities.conf raw out 2024-03-01
	assert_equal "$stderr" "dcr-nightly: nl-ams-01.log.gz: the records hold client codes: give the pseudonym key (-k FILE); nothing published"
	[ ! -e out/days/2024-03-01 ]
}

@test "a catch-all sources entry, or one without its dialect or facility, is refused" {
	raw 2024-03-01
	conf
	printf '*  nl-ams-01  0h  -f logfmt\n' >>sources.conf
	run --separate-stderr -2 night raw out 2024-03-01
	assert_equal "$stderr" "dcr-nightly: $TMP/sources.conf:17: '*' matches every file: name each export by its own pattern"
	conf
	printf 'x*.log  nl-ams-01  0h  --tz UTC\n' >>sources.conf
	run --separate-stderr -2 night raw out 2024-03-01
	assert_equal "$stderr" "dcr-nightly: $TMP/sources.conf:17: the dcr-parse options must name the dialect with -f FORMAT"
	conf
	printf 'x*.log  nl-xyz-01  0h  -f logfmt\n' >>sources.conf
	run --separate-stderr -2 night raw out 2024-03-01
	assert_equal "$stderr" "dcr-nightly: $TMP/sources.conf:17: the facility (second word) must be one of the facilities file"
	[ ! -e out/days ]
}

@test "an unknown file, a symlink or an empty export: noted, the facility never vanishes" {
	raw 2024-03-01
	conf
	mv raw/2024-03-01/nl-rtm-01.csv raw/2024-03-01/nl-rtm-01-renamed.txt
	rm raw/2024-03-01/nl-utr-01.jsonl
	printf 'secret\n' >secret
	chmod 600 secret
	ln -s "$TMP/secret" raw/2024-03-01/nl-utr-01.jsonl
	: >raw/2024-03-01/nl-dhg-01.txt
	cp raw/2024-03-01/nl-ein-01-export.csv raw/2024-03-01/unknown.csv
	run --separate-stderr -1 night raw out 2024-03-01
	assert_equal "$stderr" "dcr-nightly: note: unknown.csv: no entry of the sources file matches it, and it names no facility; not read
dcr-nightly: note: nl-rtm-01: failed (nl-rtm-01-renamed.txt: no entry of the sources file matches); none of its records published
dcr-nightly: note: nl-utr-01: failed (nl-utr-01.jsonl: a symbolic link or not a regular file); none of its records published
dcr-nightly: note: nl-dhg-01: no data, though open on 2024-03-01"
	run -0 sh -c "sed -n '/^## Per facility/,/^## All/p' out/reports/2024-03-01.md | grep -c '^| nl-'"
	assert_output 2
	run -0 grep -A4 '^## Notes' out/reports/2024-03-01.md
	assert_line --index 1 "- note: unknown.csv: no entry of the sources file matches it, and it names no facility; not read"
	run -1 zgrep -c secret out/archive/2024-03-01.log.gz
	run -1 zgrep -c 'facility=nl-rtm-01' out/archive/2024-03-01.log.gz
}

@test "a facility closed on the day and without data is no note" {
	raw 2024-03-01
	conf
	rm raw/2024-03-01/nl-dhg-01.txt
	sed -i 's/^\(nl-dhg-01 .*\)mon,tue,wed,thu,fri,sat,sun$/\1mon,tue,wed,thu,sat,sun/' facilities.conf
	run -0 night raw out 2024-03-01
	sed -i 's/^\(nl-dhg-01 .*\)mon,tue,wed,thu,sat,sun$/\1-/' facilities.conf
	run -0 night raw out 2024-03-01
}

# only FACILITY...: a roster and sources of just these facilities.
only() {
	{
		echo '# dcr-facilities 1'
		for f in "$@"; do grep "^$f " "$EXAMPLES/facilities.conf"; done
	} >facilities.conf
	{
		echo '# dcr-sources 1'
		for f in "$@"; do grep -E "^[^# ]+ +$f " "$EXAMPLES/sources.conf"; done
	} >sources.conf
}

# oracle FILE: the visits (distinct visit ids of session starts) of a
# logfmt FILE per local day in Europe/Amsterdam, "DAY VISITS" lines.
oracle() {
	python3 - "$1" <<'PY'
import sys, collections, datetime, zoneinfo
z = zoneinfo.ZoneInfo("Europe/Amsterdam")
days = collections.defaultdict(set)
for line in open(sys.argv[1], encoding="utf-8"):
    r = dict(p.split("=", 1) for p in line.split())
    if r.get("event") == "session_start":
        t = datetime.datetime.strptime(r["ts"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
        days[t.astimezone(z).date().isoformat()].add(r["visit_id"])
for d in sorted(days):
    print(d, len(days[d]))
print("total", sum(len(v) for v in days.values()))
PY
}

@test "a two-day export delivered on both days counts each visit once" {
	conf
	only nl-ams-01
	log="$EXAMPLES/logs/nl-ams-01.log"
	mkdir -p raw/2024-03-01 raw/2024-03-02
	cp "$log" raw/2024-03-01/nl-ams-01.log
	cp "$log" raw/2024-03-02/nl-ams-01.log
	# day 2 also got the same export gzipped, and a later export of the
	# same facility that repeats the evening of day 2
	gzip -c "$log" >raw/2024-03-02/nl-ams-01.log.gz
	grep -E '^ts=2024-03-02T(1[6-9]|2)' "$log" >raw/2024-03-02/nl-ams-01-late.log
	oracle "$log" >truth
	run -0 cat truth
	assert_output "2024-03-01 54
2024-03-02 55
total 109"
	# records beyond the 12 h window of 1 March (local midnight is 23:00Z)
	beyond=$(awk '$1 >= "ts=2024-03-02T11:00:00Z"' "$log" | wc -l)
	[ "$beyond" -gt 0 ]
	run --separate-stderr -1 night raw out 2024-03-01
	assert_equal "$stderr" "dcr-nightly: note: nl-ams-01.log: $beyond records outside 2024-03-01 and beyond its overlap window, not counted"
	run -0 visits out/reports/2024-03-01.md nl-ams-01
	assert_output 54
	run --separate-stderr -1 night raw out 2024-03-02
	run -0 visits out/reports/2024-03-02.md nl-ams-01
	assert_output 55
	run -0 grep -c 'same content as nl-ams-01.log; counted once' out/days/2024-03-02/notes
	# the later export is read first; the full one then loses its 140
	# records, and the gzipped copy is not read at all
	run -0 grep -c . raw/2024-03-02/nl-ams-01-late.log
	assert_output 140
	run -0 grep '^source=' out/days/2024-03-02/manifest
	assert_line --index 0 --regexp '^source=nl-ams-01-late.log .* state=read duplicates_dropped=0$'
	assert_line --index 1 --regexp '^source=nl-ams-01.log .* state=read duplicates_dropped=140$'
	assert_line --index 2 --regexp '^source=nl-ams-01.log.gz .* state=duplicate duplicate_of=nl-ams-01.log$'
	run --separate-stderr -1 month out 2024-03
	run -0 visits out/reports/2024-03.md nl-ams-01
	assert_output 109
}

@test "the month's report equals a single pass over its published records and lists missing days" {
	raw 2024-03-01 2024-03-02 2024-03-03
	conf
	for d in 2024-03-01 2024-03-02 2024-03-03; do
		run -0 night -m 1 raw out "$d"
	done
	run --separate-stderr -1 month -m 1 out 2024-03
	assert_equal "${stderr_lines[0]}" "dcr-monthly: note: 2024-03-04: not published"
	assert_equal "${stderr_lines[27]}" "dcr-monthly: note: 2024-03-31: not published"
	assert_equal "${#stderr_lines[@]}" 28
	run -0 head -1 out/reports/2024-03.md
	assert_output "# DCR indicators 2024-03 (3 of 31 days)"
	# The single pass: every published record of the month through one dcr-agg.
	zcat out/archive/*.log.gz >all.log
	single=$(dcr-agg -g facility -a 'visits=count if event == session_start' \
		-a clients=distinct:client all.log | dcr-fmt -t tsv --no-header)
	# facility, visits and clients: columns 1, 2 and 4 of the report
	monthly=$(sed -n '/^## Per facility/,/^## All/p' out/reports/2024-03.md | grep '^| nl-' |
		awk -F' *[|] *' -v OFS='\t' '{ print $2, $3, $5 }')
	assert_equal "$monthly" "$single"
	# unique clients of the month are fewer than the sum over the nights
	month_clients=$(dcr-agg -a clients=distinct:client all.log)
	nights=0
	for f in out/archive/*.log.gz; do
		n=$(zcat "$f" | dcr-agg -a clients=distinct:client | cut -d= -f2)
		nights=$((nights + n))
	done
	[ "${month_clients#clients=}" -lt "$nights" ]
}

@test "the month's report draws visits per day, with the month before beside it once that is published" {
	raw 2024-02-29 2024-03-01 2024-03-03
	conf
	for d in 2024-02-29 2024-03-01 2024-03-03; do run -0 night raw out "$d"; done
	# a day's report has no such section: a day has one day
	run -1 grep -e 'Visits per day' out/reports/2024-03-01.html out/reports/2024-03-01.md
	[ ! -e out/days/2024-03-01/tables/daily.log ]
	run -1 month out 2024-03
	# a row per day of the month, in order; the unpublished days have no
	# visits, a key then declared (dcr-records(5))
	run -0 cut -d' ' -f1 out/months/2024-03/tables/daily.log
	assert_output "$(printf '#\n' && seq -f 'day=2024-03-%02g' 1 31)"
	run -0 head -1 out/months/2024-03/tables/daily.log
	assert_output '# dcr-keys 1 visits'
	run -0 grep -c ' visits=' out/months/2024-03/tables/daily.log
	assert_output 2
	# the month before is not published yet: one line, no legend, no error
	sed -n '/<h2>Visits per day/,/<\/section>/p' out/reports/2024-03.html >first.html
	run -0 grep -c '<title>Visits</title>' first.html
	run -1 grep -e 'stroke-dasharray' -e '<circle [^>]*fill="#fff"' first.html
	run -0 grep -c '<circle ' first.html
	assert_output 2
	run -1 month out 2024-02
	run -1 month out 2024-03
	sed -n '/<h2>Visits per day/,/<\/section>/p' out/reports/2024-03.html >both.html
	# the points, from the published tables: the visits over all facilities
	# of each day, row i of March at x = 56 + 544 i / 30, February's 29th
	# beside March's 29th; the scale is the round number above the largest
	run -0 python3 - out/days/2024-03-01/tables/facility.log out/days/2024-03-03/tables/facility.log \
		out/days/2024-02-29/tables/facility.log <<'PY'
import math, sys
def total(path):
    for line in open(path):
        f = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
        if "facility" not in f and "visits" in f:
            return int(f["visits"])
m1, m3, f29 = (total(p) for p in sys.argv[1:])
top = max(m1, m3, f29)
step = min(s for s in (d * 10 ** e for e in range(0, 6) for d in (1, 2, 5)) if math.ceil(top / s) <= 5)
hi = math.ceil(top / step) * step
pt = lambda i, v: "%.1f %.1f" % (56 + i * 544 / 30, 208 - v / hi * 180)
print('<path d="M%s M%s" fill="none" stroke-width="2" stroke="#3b6fb6"/>' % (pt(0, m1), pt(2, m3)))
print('<circle cx="%s" cy="%s" r="3" fill="#fff" stroke="#c05600" stroke-width="1.5"><title>2024-02, 2024-02-29: %d</title></circle>' % (*pt(28, f29).split(), f29))
PY
	want=("${lines[@]}")
	want[0]=${want[0]/ M/M}
	run -0 cat both.html
	assert_line "${want[0]}"
	assert_line "${want[1]}"
	assert_line '<text x="178.0" y="14.0">2024-02</text>'
	run -0 grep -c '<circle [^>]*fill="#fff"' both.html
	assert_output 1
}

@test "monthly: a published day without its state, or a broken state, fails with 2" {
	raw 2024-03-01 2024-03-02
	conf
	run -0 night raw out 2024-03-01
	run -0 night raw out 2024-03-02
	run -1 month out 2024-03
	cp -rL out/reports before
	chmod u+w out/days/2024-03-02/state
	mv out/days/2024-03-02/state/referrals.agg referrals.agg
	run --separate-stderr -2 month out 2024-03
	assert_equal "$stderr" "dcr-monthly: $TMP/out/days/2024-03-02/state/referrals.agg: missing or unreadable; nothing published"
	printf 'not a state\n' >out/days/2024-03-02/state/referrals.agg
	run --separate-stderr -2 month out 2024-03
	[[ "${stderr_lines[-1]}" == "dcr-monthly: "* ]] || fail "$stderr"
	run -0 diff -r before out/reports
	run -0 ls out/store
	assert_line --index 2 --regexp '^2024-03\.[A-Za-z0-9]{6}$'
	assert_equal "${#lines[@]}" 3
}

@test "a broken section fails the night with 2 and publishes nothing" {
	raw 2024-03-01
	conf
	mkdir fake
	cat >fake/dcr-agg <<FAKE
#!/bin/sh
case " \$* " in *" -g facility,referral_target,referral_location "*) echo "dcr-agg: broken" >&2; exit 2 ;; esac
exec "$BINDIR/dcr-agg" "\$@"
FAKE
	chmod +x fake/dcr-agg
	PATH="$TMP/fake:$PATH" run --separate-stderr -2 night raw out 2024-03-01
	assert_equal "$stderr" "dcr-agg: broken
dcr-nightly: the referrals section failed (dcr-agg status 2); nothing published"
	[ ! -e out/days/2024-03-01 ]
	run -0 ls out/store
	assert_output ''
}

@test "a quiet day (no incidents, referrals or refusals) exits 0" {
	conf
	only nl-ams-01
	mkdir -p raw/2024-03-05
	dcr-gen -s 3 --facility nl-ams-01 --start 2024-03-05 --days 1 --visits 20 |
		dcr-filter 'event != incident and event != intervention and event != referral and event != refusal and event != ban_start and event != ban_end' \
		>raw/2024-03-05/nl-ams-01.log
	run -1 grep -c 'event=referral' raw/2024-03-05/nl-ams-01.log
	run --separate-stderr -0 night raw out 2024-03-05
	assert_equal "$stderr" ""

}

@test "a day where a report column has no value in any row (no ended session) exits 0" {
	conf
	only nl-ams-01
	mkdir -p raw/2024-03-05
	dcr-gen -s 3 --facility nl-ams-01 --start 2024-03-05 --days 1 --visits 20 |
		dcr-filter 'event != session_end' >raw/2024-03-05/nl-ams-01.log
	run --separate-stderr -0 night raw out 2024-03-05
	assert_equal "$stderr" ""
	# the column is there, with empty cells
	run -0 grep -c '^| facility .* duration_s_median | duration_s_p90 |$' out/days/2024-03-05/report.md
	run -0 grep -c '^| nl-ams-01 | .* |  |  |$' out/days/2024-03-05/report.md
}

@test "the README's crontab lines work as written, with the installed jobs" {
	root="$TMP/root"
	run -0 make -s -C "$DCR_TESTS/.." install DESTDIR="$root" PREFIX=/usr/local
	mkdir -p "$root/etc/dcr" "$root/var/lib/dcr/raw"
	ex="$root/usr/local/share/dcr/examples"
	cp -r "$ex/sources.conf" "$ex/facilities.conf" "$ex/patterns" "$ex/recode" "$root/etc/dcr"
	head -c 32 /dev/urandom >"$root/etc/dcr/client.key"
	chmod 600 "$root/etc/dcr/client.key"
	head -c 32 /dev/urandom >"$root/etc/dcr/cell.key"
	chmod 600 "$root/etc/dcr/cell.key"
	# the signing key and its anchor, as the README's set-up makes them
	mkdir -m 700 "$root/var/lib/dcr/seal"
	"$root/usr/local/bin/dcr-seal" --new-key --key-file "$root/var/lib/dcr/seal/seal.key" >"$root/etc/dcr/seal.anchor"
	yesterday=$(TZ=Europe/Amsterdam date -d yesterday +%F)
	lastday=$(TZ=Europe/Amsterdam date -d "$(TZ=Europe/Amsterdam date +%Y-%m-01) -1 day" +%F)
	(cd "$root/var/lib/dcr" && raw "$yesterday" && { [ -d "raw/$lastday" ] || raw "$lastday"; })
	# the crontab block of the README: its PATH line and command lines
	sed -n '/^```crontab$/,/^```$/p' "$DCR_TESTS/../README.md" | sed '1d;$d' >crontab
	[ -s crontab ]
	path=$(sed -n 's/^PATH=//p' crontab | sed "s|/usr/local|$root/usr/local|g")
	grep -E '^[0-9*]' crontab | cut -d' ' -f6- | sed "s| /| $root/|g" >commands
	[ "$(wc -l <commands)" -eq 2 ]
	# a night of last month, for the monthly line to roll up
	nightly=$(head -1 commands)
	run env -i PATH="$path" HOME="$TMP" sh -c "$nightly $lastday"
	[ "$status" -eq 0 ] || fail "$nightly $lastday: $output"
	run env -i PATH="$path" HOME="$TMP" sh -c "$nightly"
	[ "$status" -eq 0 ] || fail "$nightly: $output"
	# the month has days that were never published: listed, status 1
	run env -i PATH="$path" HOME="$TMP" sh -c "$(tail -1 commands)"
	[ "$status" -le 1 ] || fail "$output"
	[ -f "$root/var/lib/dcr/out/reports/$yesterday.md" ]
	[ -f "$root/var/lib/dcr/out/reports/${lastday%-*}.md" ]
}

@test "each archived record names the raw file and the line it came from (_src)" {
	raw 2024-03-01
	conf
	run -0 night raw out 2024-03-01
	zcat out/archive/2024-03-01.log.gz >day.log
	# every record ends with _src=NAME:LINE, NAME a file of the raw day
	run -1 grep -cvE ' _src=(nl-ams-01[.]log[.]gz|nl-rtm-01[.]csv|nl-utr-01[.]jsonl|nl-dhg-01[.]txt|nl-ein-01-export[.]csv):[1-9][0-9]*$' day.log
	assert_output 0
	# the line of a logfmt record in its raw file holds the record's visit
	zcat raw/2024-03-01/nl-ams-01.log.gz >ams.log
	checked=0
	while read -r visit line; do
		sed -n "${line}p" ams.log | grep -q " visit_id=$visit\( \|$\)" || fail "line $line: not visit $visit"
		checked=$((checked + 1))
	done < <(grep ' _src=nl-ams-01.log.gz:' day.log | grep ' visit_id=' |
		sed 's/.* visit_id=\([^ ]*\).* _src=[^:]*:\([0-9]*\)$/\1 \2/' | head -50)
	[ "$checked" -eq 50 ]
}

@test "a quiet day: exports without the optional fields their options name publish with no note" {
	conf
	only nl-utr-01 nl-ein-01
	mkdir -p raw/2024-03-01
	# check-ins only: no incident, service, person or duration fields
	dcr-gen -s 5 --facility nl-utr-01 --start 2024-03-01 --days 1 -f jsonl |
		grep '"type":"check_in"' >raw/2024-03-01/nl-utr-01.jsonl
	dcr-gen -s 5 --facility nl-ein-01 --start 2024-03-01 --days 1 -f nl-csv |
		grep -E '^.Datum|;inloop;' >raw/2024-03-01/nl-ein-01-export.csv
	run --separate-stderr night raw out 2024-03-01
	[ "$status" -eq 0 ] || fail "exit $status: $stderr"
	assert_equal "$stderr" ''
	run -0 grep -c 'state=read' out/days/2024-03-01/manifest
	assert_output 2
}

@test "a misspelt key in the options of a sources entry fails the night, named" {
	conf
	only nl-utr-01
	sed -i 's/--map type=event,/--map tpye=event,/' sources.conf
	mkdir -p raw/2024-03-01
	dcr-gen -s 5 --facility nl-utr-01 --start 2024-03-01 --days 1 -f jsonl -o raw/2024-03-01/nl-utr-01.jsonl
	run --separate-stderr -2 night raw out 2024-03-01
	# the records, with a key the schema does not have, are rejected too
	[[ $stderr == *$'\n'"dcr-parse: --map: no record has the key 'tpye'; did you mean 'type' or 'time'?"$'\n'* ]] ||
		fail "$stderr"
	assert_equal "${stderr_lines[-1]}" 'dcr-nightly: nl-utr-01.jsonl: not read (dcr-parse status 2); nothing published'
	[ ! -e out/days/2024-03-01 ]
}

@test "a record that does not fit the schema is rejected, never published" {
	raw 2024-03-01
	conf
	{
		zcat raw/2024-03-01/nl-ams-01.log.gz
		echo 'ts=2024-03-01T10:00:00Z event=teleport facility=nl-ams-01'
	} | gzip -n >ams.gz
	mv ams.gz raw/2024-03-01/nl-ams-01.log.gz
	n=$(zcat raw/2024-03-01/nl-ams-01.log.gz | wc -l)
	run --separate-stderr -1 night raw out 2024-03-01
	assert_equal "${stderr_lines[0]}" "dcr-parse: $TMP/raw/2024-03-01/nl-ams-01.log.gz:$n: key 'event': not one of the values the schema lists"
	assert_equal "${stderr_lines[-1]}" "dcr-nightly: note: nl-ams-01.log.gz: 1 lines rejected (rejects/2024-03-01.rej)"
	run -0 grep -c 'event=teleport' out/days/2024-03-01/rejects/2024-03-01.rej
	assert_output 1
	run -1 zgrep -c 'event=teleport' out/archive/2024-03-01.log.gz
}

@test "records of the day before, in the next day's export, are set aside for it and counted by its night" {
	conf
	only nl-ams-01
	log="$EXAMPLES/logs/nl-ams-01.log"
	# 1 March's export is missing; 2 March's holds both days
	mkdir -p raw/2024-03-01 raw/2024-03-02
	cp "$log" raw/2024-03-02/nl-ams-01.log
	# the oracle: the records of 1 March within the 12 h window before
	# local midnight (23:00Z), zoneinfo's
	read -r from to < <(python3 -c '
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
end = datetime(2024, 3, 2, tzinfo=ZoneInfo("Europe/Amsterdam")).astimezone(ZoneInfo("UTC"))
f = "%Y-%m-%dT%H:%M:%SZ"
print((end - timedelta(hours=12)).strftime(f), end.strftime(f))')
	aside=$(awk -v a="ts=$from" -v b="ts=$to" '$1 >= a && $1 < b' "$log" | wc -l)
	[ "$aside" -gt 0 ]
	run --separate-stderr -1 night raw out 2024-03-01
	assert_equal "$stderr" "dcr-nightly: note: nl-ams-01: no data, though open on 2024-03-01"
	# 1 March is published without them: a note says to run it again
	run --separate-stderr -1 night raw out 2024-03-02
	assert_equal "${stderr_lines[0]}" "dcr-nightly: note: nl-ams-01.log: $aside records of 2024-03-01 that its published night does not count, set aside: run the night of 2024-03-01 again to count them"
	run -0 sh -c 'zcat out/days/2024-03-02/setaside/2024-03-01.nl-ams-01.1.log.gz | wc -l'
	assert_output "$aside"
	run --separate-stderr -0 night raw out 2024-03-01
	assert_equal "$stderr" ""
	run -0 grep -c "^source=days/2024-03-02/setaside/2024-03-01.nl-ams-01.1.log.gz facility=nl-ams-01 .* records=$aside state=set_aside duplicates_dropped=0$" out/days/2024-03-01/manifest
	run -0 sh -c 'zcat out/archive/2024-03-01.log.gz | wc -l'
	assert_output "$aside"
	# and a night of 2 March again finds them counted
	run --separate-stderr -1 night raw out 2024-03-02
	run -0 grep -c "^info: nl-ams-01.log: $aside records of 2024-03-01, within its overlap window, set aside (its night has them)$" out/days/2024-03-02/notes
}

@test "the day's report.html has a section per section of the set, with its heading, chart, table and legend" {
	raw 2024-03-01
	conf
	run -0 night raw out 2024-03-01
	run -0 python3 - out/reports/2024-03-01.html <<'PY'
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.out = []; s.depth = 0; s.h = None
    def handle_starttag(s, t, a):
        if t == "section": s.depth += 1; s.out.append("section")
        elif t in ("h2", "h3"): s.h = t; s.text = ""
        elif t in ("svg", "table", "figcaption", "dl") and s.depth: s.out.append("  " + t)
        elif t == "th" and dict(a).get("scope") != "col": s.out.append("th without scope")
    def handle_endtag(s, t):
        if t == "section": s.depth -= 1
        if t == s.h: s.out.append("  %s %s" % (t, s.text)); s.h = None
    def handle_data(s, d):
        if s.h: s.text += d
p = P(); p.feed(open(sys.argv[1]).read())
print("\n".join(p.out))
PY
	assert_output - <<'EOF2'
section
  h2 Per facility
  svg
  table
  h3 All facilities
  table
  dl
section
  h2 Visits by hour of day (Europe/Amsterdam)
  svg
  figcaption
  table
  dl
section
  h2 Peak occupancy per day (Europe/Amsterdam)
  svg
  figcaption
  table
  dl
section
  h2 Referrals
  svg
  figcaption
  table
  dl
section
  h2 Refusals by reason
  svg
  figcaption
  table
  dl
section
  h2 Consumptions by route and substance
  svg
  figcaption
  table
  dl
EOF2
	# self-contained: nothing to fetch, no script
	run -1 grep -Ei 'http|src=|href=|url\(|@import|<script|<link|<img' out/reports/2024-03-01.html
	# the chart of the hour section: a bar per hour with a number, none for a hidden one
	run -0 python3 - out/days/2024-03-01/tables/hour.log out/reports/2024-03-01.html <<'PY'
import re, sys
shown = hidden = 0
for line in open(sys.argv[1]):
    m = re.search(r"(^| )visits=(\S+)", line)
    if m and re.fullmatch(r"[0-9]+", m.group(2)): shown += 1
    elif m: hidden += 1
page = open(sys.argv[2]).read()
sec = page.split("<section>")[2]
svg = sec[sec.index("<svg"):sec.index("</svg>")]
print(svg.count("<rect "), shown, svg.count(" *</text>"), hidden, "<title>Visits</title>" in svg)
PY
	assert_output --regexp '^([0-9]+) \1 ([0-9]+) \2 True$'
	# the columns of the fields are headed by their label and unit
	run -0 grep -o -F -e '>Visits</th>' -e '>Injecting share (%)</th>' -e '>Session length, median (s)</th>' out/reports/2024-03-01.html
	assert_output - <<'EOF2'
>Visits</th>
>Injecting share (%)</th>
>Session length, median (s)</th>
>Visits</th>
>Injecting share (%)</th>
>Session length, median (s)</th>
>Visits</th>
EOF2
	# and those of the other keys by the labels of the set's key records
	run -0 grep -o -F -e '<th scope="col" class="n" style="text-align:right">Hour of day</th>' -e '<th scope="col">Referred to</th>' -e '<th scope="col" class="n" style="text-align:right">Utilisation (%)</th>' out/reports/2024-03-01.html
	assert_output - <<'EOF2'
<th scope="col" class="n" style="text-align:right">Hour of day</th>
<th scope="col" class="n" style="text-align:right">Utilisation (%)</th>
<th scope="col">Referred to</th>
EOF2
	# a legend per section: each column's label, unit and definition
	run -0 sed -n '/<h2>Peak occupancy/,/<\/section>/{/^<dt>/p}' out/reports/2024-03-01.html
	assert_output - <<'EOF2'
<dt>Facility</dt><dd>the facility's id in the roster</dd>
<dt>Place type</dt><dd>the kind of consumption place: smoke or inject</dd>
<dt>Day</dt><dd>the local calendar day</dd>
<dt>Peak occupancy (sessions)</dt><dd>most sessions at once in a place type on a local day</dd>
<dt>Peak at</dt><dd>the local time at which the peak was first reached</dd>
<dt>Places</dt><dd>consumption places of that type in the roster</dd>
<dt>Utilisation (%)</dt><dd>peak occupancy over places</dd>
EOF2
	run -0 sed -n '/^## Visits by hour/,/^## Peak/{/^- /p}' out/reports/2024-03-01.md
	assert_output - <<'EOF2'
- hod, Hour of day: the local hour in which the sessions started: 9 is from 09:00 to 09:59
- visits, Visits: sessions started in that local hour
EOF2
}

@test "the rates and shares have 95% intervals, hidden with their counts, as computed independently" {
	raw 2024-03-01
	conf
	run -0 night raw out 2024-03-01
	# every limit resting on a hidden count is hidden, and so is its
	# interval in the report; a shown one agrees with the exact formulas
	run -0 python3 - out/days/2024-03-01/tables/facility.log out/days/2024-03-01/report.md <<'PY'
import math, sys
Z = 1.959963984540054
def wilson(x, n):
    c = Z * Z
    mid, half = x + c / 2, Z * math.sqrt(x * (n - x) / n + c / 4)
    return (mid - half) / (n + c), (mid + half) / (n + c)
def cdf(k, mu):  # P(X <= k), X ~ Poisson(mu)
    return math.fsum(math.exp(i * math.log(mu) - mu - math.lgamma(i + 1)) for i in range(k + 1))
def mean_where(f, p):  # the mu where the decreasing f(mu) is p, by bisection
    lo, hi = 0.0, 1.0
    while f(hi) > p: hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) > p else (lo, mid)
    return lo
def poisson(x, n, per):
    lo = mean_where(lambda mu: cdf(x - 1, mu), 0.975) if x else 0.0
    return lo / n * per, mean_where(lambda mu: cdf(x, mu), 0.025) / n * per
iv = {"inject_pct": ("injected", "consumptions", lambda x, n: [100 * v for v in wilson(x, n)]),
      "refusal_pct": ("refusals", None, lambda x, n: [100 * v for v in wilson(x, n)]),
      "od_per_1000": ("overdoses", "visits", lambda x, n: poisson(x, n, 1000)),
      "ambulance_per_1000": ("ambulance", "visits", lambda x, n: poisson(x, n, 1000)),
      "referrals_per_100": ("referrals", "visits", lambda x, n: poisson(x, n, 100))}
hidden = shown = 0
rows = {}
for line in open(sys.argv[1]):
    if line.startswith("#"):  # a comment: the declaration of keys
        continue
    r = dict(p.split("=", 1) for p in line.split())
    rows[r.get("facility", "")] = r
    for name, (x, n, f) in iv.items():
        xs = r[x]
        ns = r["check_ins"] if n is None else r[n]
        if xs.startswith("<") or ns.startswith("<"):
            assert r[name + "_lo"].startswith("<") and r[name + "_hi"].startswith("<"), (name, line)
            hidden += 1
            continue
        ns = int(ns) + (int(xs) if n is None else 0)
        for got, want in zip((r[name + "_lo"], r[name + "_hi"]), f(int(xs), ns)):
            assert math.isclose(float(got), want, rel_tol=1e-9, abs_tol=1e-12), (name, got, want)
        shown += 1
md = [l.split(" | ") for l in open(sys.argv[2]) if l.startswith("| nl-")][:5]
head = [l for l in open(sys.argv[2]) if l.startswith("| facility |")][0].split(" | ")
for cells in md:
    r = rows[cells[0][2:]]
    for name in ("inject_pct", "od_per_1000"):
        cell = cells[head.index(name + "_ci")]
        if r[name + "_lo"].startswith("<"):
            assert cell == "<10", cell
        else:
            assert cell == "%.1f\u2013%.1f" % (float(r[name + "_lo"]), float(r[name + "_hi"])), cell
print(hidden > 0, shown > 0)
PY
	assert_output "True True"
	run -0 grep -c -F '<th scope="col">95% interval</th>' out/reports/2024-03-01.html
	assert_output 2
	run -0 grep -o -F -e '<td>7.9–19.0</td>' -e '<td>4.9–9.4</td>' out/reports/2024-03-01.html
	assert_output - <<'EOF2'
<td>7.9–19.0</td>
<td>4.9–9.4</td>
EOF2
}

@test "the jobs never pass --allow-missing: their keys are declared or come from the schema" {
	run -1 grep -n -e '--allow-missing' "$(command -v dcr-nightly)" "$(command -v dcr-monthly)"
	assert_output ''
}

@test "occupancy: the roster's places of each shown peak and the utilisation, as computed independently" {
	raw 2024-03-01
	conf
	# nl-ams-01 without injecting places: 0 places, no utilisation
	sed -i 's/^\(nl-ams-01 *[0-9]* *[0-9]* *\)6 /\10 /' facilities.conf
	run -0 night raw out 2024-03-01
	run -0 python3 - facilities.conf out/days/2024-03-01/tables/occupancy.log <<'PY'
import sys
from fractions import Fraction
from math import floor
places = {}
for line in open(sys.argv[1]):
    w = line.split()
    if w and not w[0].startswith("#"):
        places[(w[0], "smoke")], places[(w[0], "inject")] = int(w[2]), int(w[3])
lines = open(sys.argv[2]).read().splitlines()
assert lines[0].startswith("# dcr-keys 1 ") and lines[0].split()[-1].split(",")[-2:] == ["places", "utilisation_pct"], lines[0]
kinds = set()
for line in lines[1:]:
    r = dict(p.split("=", 1) for p in line.split())
    if not r["peak"].isdigit():
        assert "places" not in r and "utilisation_pct" not in r, line
        kinds.add("hidden")
        continue
    n = places[(r["facility"], r["place_type"])]
    assert r["places"] == str(n), line
    if n == 0:
        assert "utilisation_pct" not in r, line
        kinds.add("none")
        continue
    assert r["utilisation_pct"] == str(floor(Fraction(100 * int(r["peak"]), n) + Fraction(1, 2))), line
    kinds.add("shown")
print(" ".join(sorted(kinds)))
PY
	assert_output "hidden none shown"
}

@test "the month's occupancy: one row per facility and place type, the highest of the daily peaks" {
	raw 2024-03-01 2024-03-02 2024-03-03
	conf
	for d in 2024-03-01 2024-03-02 2024-03-03; do
		run -0 night -m 1 raw out "$d"
	done
	run --separate-stderr -1 month -m 1 out 2024-03
	# the independent computation: over the published day tables, each
	# facility and place type's highest peak, first reached at the
	# earliest peak_at among the days that reached it
	run -0 python3 - out/days/2024-03-0[123]/tables/occupancy.log out/months/2024-03/tables/occupancy.log out/reports/2024-03.md <<'PY'
import sys
def rows(path):
    out = []
    for line in open(path).read().splitlines():
        if not line.startswith("#"):
            out.append(dict(p.split("=", 1) for p in line.split()))
    return out
best = {}
for path in sys.argv[1:-2]:
    for r in rows(path):
        k = (r["facility"], r["place_type"])
        v = (int(r["peak"]), r["peak_at"])
        if k not in best or v[0] > best[k][0] or (v[0] == best[k][0] and v[1] < best[k][1]):
            best[k] = v
month = rows(sys.argv[-2])
assert len(month) == len(best) == 10, (len(month), len(best))
for r in month:
    k = (r["facility"], r["place_type"])
    assert "day" not in r, r
    assert (int(r["peak"]), r["peak_at"]) == best.pop(k), (r, k)
assert not best, best
# the report's table: one row per facility and place type, no day column
md = open(sys.argv[-1]).read().split("\n## ")
sec = [s for s in md if s.startswith("Peak occupancy")]
assert len(sec) == 1, [s.splitlines()[0] for s in md]
lines = sec[0].splitlines()
table = [l for l in lines if l.startswith("| nl-")]
assert len(table) == 10, table
assert lines[2].split(" | ")[:3] == ["| facility", "place_type", "peak"], lines[2]
print(lines[0])
PY
	assert_output "Peak occupancy in the month (Europe/Amsterdam)"
	# the day's report keeps a row per facility, place type and day
	run -0 grep -c '^facility=.* day=2024-03-01 ' out/days/2024-03-01/tables/occupancy.log
	assert_output 10
}
