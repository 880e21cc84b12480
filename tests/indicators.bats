#!/usr/bin/env bats
# The indicator sets of share/indicators: the jobs read them, and every
# field each declares comes out of a generated month as an independent
# computation (tests/indicators-ref.py) says it must.

load helpers

SETS="$DCR_TESTS/../share/indicators"

# month SET: ten generated days of two facilities through dcr-nightly and
# dcr-monthly with the indicator SET (small cells from 1), in out-SET/.
month() {
	local day d
	for d in $(seq -w 1 10); do
		day=2024-02-$d
		[ -d "raw/$day" ] && continue
		mkdir -p "raw/$day"
		# the truth: the canonical records of the same events, less the
		# registration details that the CSV dialect has no column for
		dcr-gen -s 9 --facility nl-ams-01 --facility nl-rtm-01 --start "$day" --days 1 --visits 25 |
			sed -E '/ facility=nl-rtm-01 /s/ (sex|birth_year|housing|target_group)=[^ ]*//g' >>truth.log
		dcr-gen -s 9 --facility nl-ams-01 --facility nl-rtm-01 --start "$day" --days 1 --visits 25 |
			grep 'facility=nl-ams-01 ' >"raw/$day/nl-ams-01.log"
		dcr-gen -s 9 --facility nl-ams-01 --facility nl-rtm-01 --start "$day" --days 1 --visits 25 -f csv |
			grep -E '^(ts,|[^,]*,[^,]*,nl-rtm-01,)' >"raw/$day/nl-rtm-01.csv"
	done
	for d in $(seq -w 1 10); do
		dcr-nightly -I "$SETS/$1" -k key -c sources.conf -F facilities.conf -m 1 raw "out-$1" "2024-02-$d"
	done
	run --separate-stderr -1 dcr-monthly -I "$SETS/$1" -F facilities.conf -m 1 "out-$1" 2024-02
}

setup() {
	TMP="$BATS_TEST_TMPDIR"
	cd "$TMP" || return 1
	cp -r "$EXAMPLES/patterns" .
	printf '# dcr-facilities 1\n' >facilities.conf
	grep -E '^nl-(ams|rtm)-01 ' "$EXAMPLES/facilities.conf" >>facilities.conf
	printf '# dcr-sources 1\n' >sources.conf
	grep -E '^[^# ]+ +nl-(ams|rtm)-01 ' "$EXAMPLES/sources.conf" >>sources.conf
	(umask 077 && head -c 32 /dev/urandom >key)
}

@test "the facility report: every field of a generated month as computed independently" {
	month facility.ind
	run -0 python3 "$DCR_TESTS/indicators-ref.py" "$SETS/facility.ind" truth.log out-facility.ind/months/2024-02/tables
	assert_output --regexp '^[0-9]+ cells checked, 0 wrong$'
	[ "${output%% *}" -gt 100 ] || fail "$output"
}

@test "Health Canada's monthly fields: every field of a generated month as computed independently" {
	month health-canada.ind
	run -0 python3 "$DCR_TESTS/indicators-ref.py" "$SETS/health-canada.ind" truth.log out-health-canada.ind/months/2024-02/tables
	assert_output --regexp '^[0-9]+ cells checked, 0 wrong$'
	[ "${output%% *}" -gt 35 ] || fail "$output"
	run -0 grep -c '^## ' out-health-canada.ind/reports/2024-02.md
	assert_output 8
	# the age bands of each site in the return's order, under 20 first
	run -0 python3 -c '
import sys
order = ["under_20", "20-29", "30-39", "40-49", "50-59", "60+"]
rows = [dict(p.split("=", 1) for p in l.split()) for l in open(sys.argv[1]) if not l.startswith("#")]
for f in sorted({r["facility"] for r in rows}):
    got = [r["age_band"] for r in rows if r["facility"] == f]
    print(f, " ".join(got), "in order" if got == sorted(got, key=order.index) else "OUT OF ORDER")
' out-health-canada.ind/months/2024-02/tables/age_band.log
	assert_line --regexp '^nl-ams-01 [^ ]+( [^ ]+)* in order$'
	refute_output --partial 'OUT OF ORDER'
	run -0 grep -c '^## New clients by age band$' out-health-canada.ind/reports/2024-02.md
	assert_output 1
}

@test "each shipped set on a quiet day (no incidents, referrals or refusals) exits 0" {
	mkdir -p raw/2024-02-05
	dcr-gen -s 3 --facility nl-ams-01 --start 2024-02-05 --days 1 --visits 20 |
		dcr-filter 'event != incident and event != intervention and event != referral and event != refusal' \
		>raw/2024-02-05/nl-ams-01.log
	printf '# dcr-facilities 1\n' >facilities.conf
	grep -E '^nl-ams-01 ' "$EXAMPLES/facilities.conf" >>facilities.conf
	printf '# dcr-sources 1\n' >sources.conf
	grep -E '^[^# ]+ +nl-ams-01 ' "$EXAMPLES/sources.conf" >>sources.conf
	for set in facility.ind health-canada.ind; do
		run --separate-stderr dcr-nightly -I "$SETS/$set" -k key -c sources.conf -F facilities.conf raw "out-$set" 2024-02-05
		[ "$status" -eq 0 ] || fail "$set: exit $status: $stderr"
	done
}

@test "an indicator file of another version, with an unknown key or an incomplete field is refused" {
	mkdir -p raw/2024-02-01 && : >raw/2024-02-01/nl-ams-01.log
	sed 1d "$SETS/facility.ind" >v0.ind
	run --separate-stderr -2 dcr-nightly -I v0.ind -k key -c sources.conf -F facilities.conf raw out 2024-02-01
	assert_equal "$stderr" "dcr-nightly: $TMP/v0.ind: not a version 1 indicator file (its first line must be '# dcr-indicators 1')"
	{ cat "$SETS/facility.ind"; echo 'field=x section=hour agg=count label=X unit=x defnie="typo"'; } >typo.ind
	run --separate-stderr -2 dcr-nightly -I typo.ind -k key -c sources.conf -F facilities.conf raw out 2024-02-01
	assert_equal "$stderr" "dcr-nightly: $TMP/typo.ind: a key that is not one of section,title,select,group,totals,places,bar,sort,digits,tz,columns,html,html_bar,html_line,period,month_group,month_title,field,section,agg,derive,label,unit,define,key"
	{ cat "$SETS/facility.ind"; echo 'field=x section=hour agg=count label=X unit=x'; } >nodef.ind
	run --separate-stderr -2 dcr-nightly -I nodef.ind -k key -c sources.conf -F facilities.conf raw out 2024-02-01
	assert_equal "$stderr" "dcr-nightly: $TMP/nodef.ind: field x: give its label, unit and definition"
	[ ! -e out/days ]
}

@test "a key record without its definition, twice, named as a field, or a record of no kind is refused" {
	mkdir -p raw/2024-02-01 && : >raw/2024-02-01/nl-ams-01.log
	bad() {
		{ cat "$SETS/facility.ind"; echo "$1"; } >bad.ind
		run --separate-stderr -2 dcr-nightly -I bad.ind -k key -c sources.conf -F facilities.conf raw out 2024-02-01
		assert_equal "$stderr" "dcr-nightly: $TMP/bad.ind: $2"
	}
	bad 'key=sex label=Sex' "key sex: give its label and definition"
	bad 'section=weekly title=W select="has(event)" group=ts:day period=week' "section weekly: period=month (in the month's report only) or no period"
	bad 'key=facility label=Site define="the site"' "key facility is declared twice"
	bad 'key=peak label=Peak define="the peak"' "key peak is a field of section occupancy: its field record labels it"
	bad 'kye=sex label=Sex define="the sex"' "a record that is not one of a section, a field or a key: give it section=, field= or key= (one of them)"
	bad 'key=sex section=hour label=Sex define="the sex"' "a record that is not one of a section, a field or a key: give it section=, field= or key= (one of them)"
	[ ! -e out/days ]
}

@test "a month_group that names a key outside its section's group is refused" {
	mkdir -p raw/2024-02-01 && : >raw/2024-02-01/nl-ams-01.log
	sed 's/ month_group=facility,place_type / month_group=facility,day /' "$SETS/facility.ind" >bad.ind
	run --separate-stderr -2 dcr-nightly -I bad.ind -k key -c sources.conf -F facilities.conf raw out 2024-02-01
	assert_equal "$stderr" "dcr-nightly: $TMP/bad.ind: section occupancy: month_group names 'day', not a key of its group"
	[ "$output" = '' ]
	[ ! -e out/days ]
}

@test "monthly refuses days made with another indicator set" {
	month facility.ind
	run --separate-stderr -2 dcr-monthly -I "$SETS/health-canada.ind" -F facilities.conf out-facility.ind 2024-02
	assert_equal "$stderr" "dcr-monthly: $TMP/out-facility.ind/days/2024-02-01: made with another indicator set than $SETS/health-canada.ind (see its manifest); nothing published"
}
