#!/usr/bin/env bats
# dcr-join: the fields of a small reference table appended to each record
# whose keys match; duplicate keys, limits, unmatched records, the key
# declaration, derived values and the common options.

load helpers

# places.log: the places of two facilities; occ.log: peaks per place
# type, one hidden (<10) and one of a facility not in the table.
tables() {
	printf '%s\n' '# the roster' \
		'facility=a place_type=smoke places=16 municipality=0363' \
		'facility=a place_type=inject places=6 municipality=0363' \
		'facility=b place_type=smoke places=0 municipality=0599' >places.log
	printf '%s\n' 'facility=a place_type=smoke peak=3' \
		'facility=a place_type=inject peak=<10' \
		'facility=b place_type=smoke peak=2' \
		'facility=c place_type=smoke peak=1' >occ.log
}

@test "--fields appends the chosen fields; an unmatched record is kept and counted (status 1)" {
	tables
	run --separate-stderr -1 dcr-join -T places.log --on facility,place_type --fields places occ.log
	assert_output - <<'EOF'
# dcr-keys 1 places
facility=a place_type=smoke peak=3 places=16
facility=a place_type=inject peak=<10 places=6
facility=b place_type=smoke peak=2 places=0
facility=c place_type=smoke peak=1
EOF
	assert_equal "$stderr" "dcr-join: 1 of 4 records matched no table record (--on facility,place_type)"
}

@test "without --fields every key of the table but the --on keys, in the table's order" {
	tables
	head -3 occ.log >in.log
	run --separate-stderr -0 dcr-join --strict -T places.log --on facility,place_type in.log
	assert_output - <<'EOF'
facility=a place_type=smoke peak=3 places=16 municipality=0363
facility=a place_type=inject peak=<10 places=6 municipality=0363
facility=b place_type=smoke peak=2 places=0 municipality=0599
EOF
	assert_equal "$stderr" ""
}

@test "options may follow the files, and standard input is read without one" {
	tables
	run --separate-stderr -1 dcr-join occ.log --on facility,place_type --fields municipality -T places.log
	assert_line --index 1 'facility=a place_type=smoke peak=3 municipality=0363'
	run --separate-stderr -1 sh -c 'dcr-join --on facility,place_type -T places.log <occ.log'
	assert_line --index 4 'facility=c place_type=smoke peak=1'
}

@test "--strict refuses an unmatched record: named by file and line, kept in --reject, nothing written" {
	tables
	echo old >out.log
	run --separate-stderr -2 dcr-join --strict -T places.log --on facility,place_type --reject rej.log -o out.log occ.log
	assert_output ""
	assert_equal "$stderr" "dcr-join: occ.log:4: no table record has its facility,place_type
dcr-join: out.log: not written because of the errors above"
	run -0 cat out.log
	assert_output old
	run -0 cat rej.log
	assert_output $'# occ.log:4: no table record has its facility,place_type\nfacility=c place_type=smoke peak=1'
}

@test "a key value the table has twice is refused, naming both lines and no value" {
	tables
	echo 'facility=a place_type=smoke places=12' >>places.log
	run --separate-stderr -2 dcr-join -T places.log --on facility,place_type -o out.log occ.log
	assert_output ""
	assert_equal "$stderr" "dcr-join: places.log:5: its facility,place_type is also that of line 2; a table has one record per key"
	[ ! -e out.log ]
	# one key alone repeats: facility a is on two lines
	run --separate-stderr -2 dcr-join -T places.log --on facility occ.log
	assert_equal "$stderr" "dcr-join: places.log:3: its facility is also that of line 2; a table has one record per key"
}

@test "a table of more records than --max-table is refused" {
	tables
	run --separate-stderr -2 dcr-join -T places.log --max-table 2 --on facility,place_type occ.log
	assert_output ""
	assert_equal "$stderr" "dcr-join: places.log: more than 2 records: a table is held in memory whole (--max-table N allows more)"
	run --separate-stderr -1 dcr-join -T places.log --max-table 3 --on facility,place_type occ.log
}

@test "a table record without an --on key, or an --on key no table record has, is refused" {
	tables
	echo 'facility=d places=3' >>places.log
	run --separate-stderr -2 dcr-join -T places.log --on facility,place_type occ.log
	assert_equal "$stderr" "dcr-join: places.log:5: no key 'place_type' of --on; every table record has them all"
	run --separate-stderr -2 dcr-join -T places.log --on facility,place occ.log
	assert_equal "$stderr" "dcr-join: --on: no table record has the key 'place'; did you mean 'places'?"
}

@test "an --on key that no input record has is an error with a suggestion, unless --allow-missing or --schema" {
	printf '%s\n' 'facility=a kind=smoke places=16' >t.log
	printf '%s\n' 'facility=a kinds=smoke peak=3' >in.log
	run --separate-stderr -2 dcr-join -T t.log --on facility,kind in.log
	assert_equal "$stderr" "dcr-join: --on: no record has the key 'kind'; did you mean 'kinds'?"
	run --separate-stderr -1 dcr-join -T t.log --on facility,kind --allow-missing kind in.log
	assert_output $'# dcr-keys 1 places\nfacility=a kinds=smoke peak=3'
	assert_equal "$stderr" "dcr-join: 1 of 1 records matched no table record (--on facility,kind)"
	printf '%s\n' 'dcr-schema v1' 'key kind text' >s.schema
	run --separate-stderr -1 dcr-join -T t.log --on facility,kind --schema s.schema in.log
	assert_equal "$stderr" "dcr-join: 1 of 1 records matched no table record (--on facility,kind)"
}

@test "a --fields key that no table record has is a usage error with a suggestion" {
	tables
	run --separate-stderr -2 dcr-join -T places.log --on facility,place_type --fields place occ.log
	assert_output ""
	assert_equal "$stderr" "dcr-join: --fields: no table record has the key 'place'; did you mean 'places'?"
}

@test "a record that has a key of the table already is rejected, not given a second value" {
	tables
	printf '%s\n' 'facility=a place_type=smoke places=9' 'facility=a place_type=inject' >in.log
	run --separate-stderr -2 dcr-join -T places.log --on facility,place_type --fields places in.log
	assert_output $'# dcr-keys 1 places\nfacility=a place_type=inject places=6'
	assert_equal "$stderr" "dcr-join: in.log:1: the record has the key 'places' of the table already
dcr-join: 1 line rejected"
}

@test "values match as they read, quoted or bare; the table's values are written canonical" {
	printf '%s\n' 'site="nl ams" n=1 label="a \"b\""' 'site=x n=2 label=plain' >t.log
	printf '%s\n' 'site="nl\u0020ams" v=1' 'site="x" v=2' >in.log
	run --separate-stderr -0 dcr-join -T t.log --on site --strict in.log
	assert_output $'site="nl ams" v=1 n=1 label="a \\"b\\""\nsite=x v=2 n=2 label=plain'
}

@test "the keys the input declares are passed on with the added ones" {
	tables
	{ echo '# dcr-keys 1 peak,peak_at'; cat occ.log; } >decl.log
	run --separate-stderr -1 dcr-join -T places.log --on facility,place_type --fields places decl.log
	assert_line --index 0 '# dcr-keys 1 peak,peak_at,places'
	# every record matched, each table record has the field: nothing to declare
	head -1 occ.log >one.log
	run --separate-stderr -0 dcr-join -T places.log --on facility,place_type --fields places --strict one.log
	assert_output 'facility=a place_type=smoke peak=3 places=16'
}

@test "dcr-fmt downstream knows the declared keys: a column no record has is empty, not a typo" {
	tables
	tail -1 occ.log >c.log
	run --separate-stderr -0 sh -c 'dcr-join -T places.log --on facility,place_type --fields places c.log 2>/dev/null | dcr-fmt -t tsv -k facility,peak,places'
	assert_output $'facility\tpeak\tplaces\nc\t1\t'
	run --separate-stderr -2 sh -c 'dcr-join -T places.log --on facility,place_type --fields places c.log 2>/dev/null | dcr-fmt -t tsv -k facility,peak,place'
	assert_equal "$stderr" "dcr-fmt: -k: no record has the key 'place'; did you mean 'places'?"
}

@test "--if: only the records where it holds are looked up; the others pass unchanged, uncounted" {
	tables
	run --separate-stderr -1 dcr-join -T places.log --on facility,place_type --fields places --if 'peak ~ /^[0-9]+$/' occ.log
	assert_output - <<'EOF'
# dcr-keys 1 places
facility=a place_type=smoke peak=3 places=16
facility=a place_type=inject peak=<10
facility=b place_type=smoke peak=2 places=0
facility=c place_type=smoke peak=1
EOF
	assert_equal "$stderr" "dcr-join: 1 of 3 records matched no table record (--on facility,place_type)"
}

@test "--derive: the utilisation, absent for a hidden peak or no places" {
	tables
	run --separate-stderr -1 dcr-join -T places.log --on facility,place_type --fields places \
		--derive 'utilisation_pct = round(100 * peak / places)' occ.log
	assert_output - <<'EOF'
# dcr-keys 1 places,utilisation_pct
facility=a place_type=smoke peak=3 places=16 utilisation_pct=19
facility=a place_type=inject peak=<10 places=6
facility=b place_type=smoke peak=2 places=0
facility=c place_type=smoke peak=1
EOF
}

@test "--derive round(): half up, as python's fractions compute it, over every peak and place count" {
	for places in $(seq 1 60); do echo "kind=k$places places=$places"; done >t.log
	for places in $(seq 1 60); do
		for peak in $(seq 0 $((places + 5))); do echo "kind=k$places peak=$peak"; done
	done >in.log
	run -0 dcr-join -T t.log --on kind --strict --derive 'u = round(100 * peak / places)' --derive 'h = round(0 - peak / 2)' -o out.log in.log
	run -0 python3 - out.log <<'PY'
import sys
from fractions import Fraction
from math import floor
bad = n = 0
for line in open(sys.argv[1]):
    if line.startswith("#"):
        continue
    r = dict(p.split("=", 1) for p in line.split())
    peak, places = int(r["peak"]), int(r["places"])
    want = floor(Fraction(100 * peak, places) + Fraction(1, 2))
    half = floor(Fraction(-peak, 2) + Fraction(1, 2))
    n += 1
    bad += int(r["u"]) != want or int(r["h"]) != half
print(n, "checked,", bad, "wrong")
PY
	assert_output "2190 checked, 0 wrong"
}

@test "a --derive name that is a --fields key, and a bad expression, are usage errors" {
	tables
	run --separate-stderr -2 dcr-join -T places.log --on facility,place_type --fields places --derive 'places = 1' occ.log
	[ "${stderr_lines[0]}" = "dcr-join: --derive: places is a key of --fields already" ]
	run --separate-stderr -2 dcr-join -T places.log --on facility,place_type --derive 'u = round(1, 2)' occ.log
	[ "${stderr_lines[0]}" = "dcr-join: --derive 'u = round(1, 2)': expected ')': this function takes 1 argument (column 12)" ]
}

@test "an output that is the table, and a missing --table or --on, are refused before anything is read" {
	tables
	run --separate-stderr -2 dcr-join -T places.log --on facility -o places.log occ.log
	assert_equal "$stderr" "dcr-join: places.log: is also the output file"
	run --separate-stderr -2 dcr-join --on facility occ.log
	assert_equal "$stderr" "dcr-join: no table given (-T FILE)
Try 'dcr-join --help' for more information."
	run --separate-stderr -2 dcr-join -T places.log occ.log
	assert_equal "$stderr" "dcr-join: no key to join on given (--on KEYS)
Try 'dcr-join --help' for more information."
}

@test "a table that cannot be read leaves nothing" {
	tables
	run --separate-stderr -2 dcr-join -T nothere.log --on facility -o out.log occ.log
	assert_equal "$stderr" "dcr-join: nothere.log: cannot open: No such file or directory
dcr-join: nothere.log: cannot read the table; nothing joined"
	[ ! -e out.log ]
	printf 'facility=a =x\n' >bad.log
	run --separate-stderr -2 dcr-join -T bad.log --on facility -o out.log occ.log
	[ "${stderr_lines[1]}" = "dcr-join: bad.log: a table line cannot be read (above); nothing joined" ]
	[ ! -e out.log ]
}

@test "--help prints the usage of the man page" {
	run --separate-stderr -0 dcr-join --help
	assert_line --index 0 --partial "dcr-join -T FILE --on KEYS"
}
