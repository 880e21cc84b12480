#!/usr/bin/env bats
# The pattern files of examples/patterns: their samples check, the sample
# logs they are for parse with no rejects, and the records they give are
# the events the generator wrote (tests/gen/dcr-gen.c, same seed).

load helpers

EXPAT="$EXAMPLES/patterns"
EIN="$EXPAT/nl-ein-01-export.patterns"
# the options sources.conf gives the export: minutes with a decimal comma, Dutch words
EIN_OPTS="--decimal-comma duration_min --recode $EXAMPLES/recode/nl-ein-01-export.recode"

# The generator's records of the events the Dutch export contains (it
# leaves out drug_check, ban_start and ban_end), with ts, event, visit_id
# and client only, and the time cut to the minute as the export writes it.
gen_minutes() {
	dcr-filter -v -k ts,event,visit_id,client 'event in (drug_check, ban_start, ban_end)' "$1" |
		sed -E 's/^ts=([0-9-]+T[0-9]{2}:[0-9]{2}):[0-9]{2}Z /ts=\1:00Z /'
}

need_gen() {
	command -v dcr-gen >/dev/null || fail "dcr-gen is not on PATH (make builds it)"
}

# ------------------------------------------------------- nl-ein-01-export

@test "nl-ein-01-export: --check passes" {
	run --separate-stderr -0 dcr-parse --check -p "$EIN"
	assert_output "$EIN: 22 rules, 9 sub-patterns, 32 samples"
	assert_equal "$stderr" ""
}

@test "nl-ein-01-export: the sample export parses with no rejects" {
	run --separate-stderr -0 dcr-parse --tz Europe/Amsterdam -p "$EIN" $EIN_OPTS "$EXAMPLES/logs/nl-ein-01-export.csv"
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 353
	assert_line --index 0 'ts=2024-03-01T10:11:00Z facility=nl-ein-01 municipality=0772 visit_id=ein01-000001 client=QC31BF25 event=registration'
	assert_line --index 3 'ts=2024-03-01T10:19:00Z facility=nl-ein-01 municipality=0772 visit_id=ein01-000001 client=QC31BF25 place_id=s04 substance=crack event=consumption place_type=smoke route=smoke'
	assert_line --index 6 'ts=2024-03-01T10:41:00Z facility=nl-ein-01 municipality=0772 visit_id=ein01-000001 client=QC31BF25 place_id=s04 duration_min=25.3 event=session_end place_type=smoke'
}

@test "nl-ein-01-export: every event of the export is the generator's, in the same order (ts to the minute, event, visit_id, client)" {
	need_gen
	dcr-gen -s 7 --facility nl-ein-01 --days 2 --visits 40 -f nl-csv -o export.csv
	cmp export.csv "$EXAMPLES/logs/nl-ein-01-export.csv"
	dcr-gen -s 7 --facility nl-ein-01 --days 2 --visits 40 -o gen.log
	gen_minutes gen.log > want
	dcr-parse --tz Europe/Amsterdam -p "$EIN" export.csv |
		dcr-fmt -t logfmt -k ts,event,visit_id,client > got
	run -0 wc -l < got
	assert_output 353
	run -0 diff want got
}

@test "nl-ein-01-export: places, routes, substances and lengths agree with the generator" {
	need_gen
	dcr-gen -s 7 --facility nl-ein-01 --days 2 --visits 40 -o gen.log
	dcr-filter -v 'event in (drug_check, ban_start, ban_end)' gen.log > want
	dcr-parse --tz Europe/Amsterdam -p "$EIN" $EIN_OPTS "$EXAMPLES/logs/nl-ein-01-export.csv" > got
	run -0 python3 - want got <<'EOF'
import sys
def recs(path):
    with open(path, encoding="utf-8") as f:
        return [dict(p.split("=", 1) for p in line.split()) for line in f]
want, got = recs(sys.argv[1]), recs(sys.argv[2])
assert len(want) == len(got), (len(want), len(got))
place = {}
checked = 0
for w, g in zip(want, got):
    for k in ("event", "facility", "municipality", "visit_id", "client"):
        assert w[k] == g[k], k
    e = w["event"]
    if e in ("session_start", "session_end"):
        assert (w["place_type"], w["place_id"]) == (g["place_type"], g["place_id"])
        place[w["visit_id"]] = (w["place_type"], w["place_id"])
    if e == "session_end":
        # the export rounds duration_s to tenths of a minute, halves up
        tenths = round(float(g["duration_min"]) * 10)
        assert tenths == (int(w["duration_s"]) + 3) // 6, w["visit_id"]
    if e == "consumption":
        assert w["route"] == g["route"]
        assert w["substance"] == g["substance"]
        assert place[w["visit_id"]] == (g["place_type"], g["place_id"])
    if e in ("incident", "intervention"):
        assert place[w["visit_id"]] == (g["place_type"], g["place_id"])
    checked += 1
print(checked)
EOF
	assert_output 353
}

@test "nl-ein-01-export: a generated week of five facilities across the change to summer time parses like the generator's records" {
	need_gen
	dcr-gen -s 3 --facilities 5 --start 2024-03-29 --days 7 -f nl-csv -o week.csv
	dcr-gen -s 3 --facilities 5 --start 2024-03-29 --days 7 -o week.log
	gen_minutes week.log > want
	run --separate-stderr -0 dcr-parse --tz Europe/Amsterdam -p "$EIN" -o got.log week.csv
	assert_equal "$stderr" ""
	dcr-fmt -t logfmt -k ts,event,visit_id,client got.log > got
	run -0 diff want got
	run -0 dcr-agg -g facility -a count got.log
	assert_output 'facility=nl-ams-01 count=2573
facility=nl-dhg-01 count=2418
facility=nl-ein-01 count=1816
facility=nl-rtm-01 count=2117
facility=nl-utr-01 count=1609'
}

@test "nl-ein-01-export: a row with a word the file does not know is rejected, by line, without its content" {
	printf '\357\273\277Datum;Tijd;Locatie;Gemeente;Bezoeknummer;Cli\303\253ntcode;Gebeurtenis;Plek;Route;Middel;Duur (min)\r\n' > in.csv
	printf '01-03-2024;11:12;nl-ein-01;0772;ein01-000001;QC31BF25;inloop;;;;\r\n' >> in.csv
	printf '01-03-2024;11:19;nl-ein-01;0772;ein01-000001;QC31BF25;gebruik;s04;rooken;basecoke;\r\n' >> in.csv
	run --separate-stderr -2 dcr-parse --tz Europe/Amsterdam -p "$EIN" in.csv
	assert_output 'ts=2024-03-01T10:12:00Z facility=nl-ein-01 municipality=0772 visit_id=ein01-000001 client=QC31BF25 event=check_in'
	assert_equal "$stderr" 'dcr-parse: in.csv:3: no pattern rule matches
dcr-parse: 1 line rejected'
}

@test "nl-ein-01-export: a length without its decimal comma is rejected" {
	printf '01-03-2024;11:41;nl-ein-01;0772;ein01-000001;QC31BF25;sessie_einde;s04;;;25.3\r\n' > in.csv
	run --separate-stderr -2 dcr-parse -f pattern --tz Europe/Amsterdam -p "$EIN" in.csv
	assert_output ''
	assert_equal "$stderr" 'dcr-parse: in.csv:1: no pattern rule matches
dcr-parse: 1 line rejected'
}

# ------------------------------------------------------------- nl-dhg-01

@test "nl-dhg-01: --check passes and the sample log parses with no rejects" {
	run --separate-stderr -0 dcr-parse --check -p "$EXPAT/nl-dhg-01.patterns"
	assert_equal "$stderr" ""
	run --separate-stderr -0 dcr-parse --tz Europe/Amsterdam -p "$EXPAT/nl-dhg-01.patterns" "$EXAMPLES/logs/nl-dhg-01.txt"
	assert_equal "$stderr" ""
}
