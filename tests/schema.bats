#!/usr/bin/env bats
# --schema FILE (dcr-schema(5)): the shipped schema of the canonical record,
# the file format and its version, dcr-parse's checks (unknown key, value
# outside its type or enum, list items, required keys; never the value),
# and the option in every command.

load helpers

SCHEMA="$DCR_TESTS/../share/dcr.schema"

# A small schema for the checks, independent of the shipped one.
small_schema() {
	cat > s.schema <<'EOF'
dcr-schema v1
# a comment
key ts time
key end time
key event enum check_in consumption ban_end
key facility text
key route enum inject smoke
key response list oxygen naloxone ems_called
key doses integer
key amount number
require ts event facility
event consumption route
EOF
}

# ------------------------------------------------------- the shipped schema

@test "the shipped schema accepts every record of the logfmt example" {
	run -0 dcr-parse --schema "$SCHEMA" "$EXAMPLES/logs/nl-ams-01.log"
	assert_equal "$output" "$(cat "$EXAMPLES/logs/nl-ams-01.log")"
}

@test "the shipped schema knows the vocabulary of the domain" {
	# One record per event of dcr-indicators(7), with the keys it requires
	# and list values; each one passes.
	cat > in.log <<'EOF'
ts=2024-03-01T08:00:00Z event=shift_start facility=f staff_role=nurse
ts=2024-03-01T08:01:00Z event=registration facility=f visit_id=v1 client=C sex=x birth_year=1983 housing=unstable target_group=migrant residence_region=r
ts=2024-03-01T08:02:00Z event=check_in facility=f visit_id=v1 client=C
ts=2024-03-01T08:03:00Z event=session_start facility=f visit_id=v1 client=C place_type=flex place_id=f01
ts=2024-03-01T08:04:00Z event=consumption facility=f visit_id=v1 route=sniff substance=other_opioid
ts=2024-03-01T08:05:00Z event=incident facility=f visit_id=v1 incident_type=stimulant_overamp outcome=transferred
ts=2024-03-01T08:06:00Z event=intervention facility=f visit_id=v1 response=oxygen,naloxone,ems_called naloxone_doses=2
ts=2024-03-01T08:07:00Z event=session_end facility=f visit_id=v1 duration_s=420 end=2024-03-01T08:07:00Z
ts=2024-03-01T08:08:00Z event=referral facility=f visit_id=v1 referral_target=oat referral_location=offsite
ts=2024-03-01T08:09:00Z event=service facility=f visit_id=v1 service_type=naloxone_kit
ts=2024-03-01T08:10:00Z event=drug_check facility=f visit_id=v1 check_method=ftir check_result=positive substance=fentanyl
ts=2024-03-01T08:11:00Z event=refusal facility=f visit_id=v2 client=D refusal_reason=capacity_full
ts=2024-03-01T08:12:00Z event=ban_start facility=f client=D duration_s=604800
ts=2024-03-08T08:12:00Z event=ban_end facility=f client=D
ts=2024-03-01T08:13:00Z event=capacity_change facility=f municipality=0363 facility_kind=integrated
EOF
	run -0 dcr-parse --schema "$SCHEMA" in.log
	assert_equal "$output" "$(cat in.log)"
}

@test "the shipped schema requires the keys of each event" {
	printf '%s\n' \
		'ts=2024-03-01T08:04:00Z event=consumption facility=f visit_id=v1 route=smoke' \
		'ts=2024-03-01T08:04:00Z event=check_in facility=f client=C' \
		'event=check_in facility=f visit_id=v1 client=C' > in.log
	run -2 --separate-stderr dcr-parse --schema "$SCHEMA" in.log
	assert_output ''
	assert_equal "$stderr" "dcr-parse: in.log:1: no key 'substance', which the schema requires for this event
dcr-parse: in.log:2: no key 'visit_id', which the schema requires for this event
dcr-parse: in.log:3: no key 'ts', which every record needs
dcr-parse: 3 lines rejected"
}

# ------------------------------------------------------ dcr-parse's checks

@test "--schema: a record that fits is written as it is" {
	small_schema
	printf 'ts=2024-03-01T08:00:00Z event=consumption facility=f route=smoke response=naloxone doses=2 amount=-1.5 _src=x:1\n' > in.log
	run -0 dcr-parse --schema s.schema in.log
	assert_output "$(cat in.log)"
}

@test "--schema: an unknown key is named, a value never" {
	small_schema
	printf 'ts=2024-03-01T08:00:00Z event=check_in facility=f middel=heroine\n' > in.log
	run -2 --separate-stderr dcr-parse --schema s.schema in.log
	assert_output ''
	assert_equal "$stderr" "dcr-parse: in.log:1: key 'middel' is not in the schema
dcr-parse: 1 line rejected"
}

@test "--schema: an unknown key with digits (a code as a key) is not shown" {
	small_schema
	# a CSV whose header row is a record: the client code became a key
	printf 'ts,event,facility,k7f3a9e2\n2024-03-01T08:00:00Z,check_in,f,x\n' > in.csv
	run -2 --separate-stderr dcr-parse -f csv --schema s.schema in.csv
	assert_output ''
	assert_equal "$stderr" "dcr-parse: in.csv:2: key number 4 is not in the schema (its name has digits: not shown)
dcr-parse: 1 line rejected"
}

@test "--schema: values outside their type, enum or list are rejected by key" {
	small_schema
	printf '%s\n' \
		'ts=2024-03-01T08:00:00Z event=check_in facility=f end=2024-03-01' \
		'ts=2024-03-01T08:00:00Z event=check_out facility=f' \
		'ts=2024-03-01T08:00:00Z event=check_in facility=f route=K7F3A9E2' \
		'ts=2024-03-01T08:00:00Z event=check_in facility=f response=oxygen,K7F3A9E2' \
		'ts=2024-03-01T08:00:00Z event=check_in facility=f response=oxygen,' \
		'ts=2024-03-01T08:00:00Z event=check_in facility=f doses=1.5' \
		'ts=2024-03-01T08:00:00Z event=check_in facility=f amount=25,4' \
		'ts=2024-03-01T08:00:00Z event=check_in facility=f route=""' > in.log
	run -2 --separate-stderr dcr-parse --empty keep --schema s.schema --reject rej in.log
	assert_output ''
	assert_equal "$stderr" "dcr-parse: in.log:1: key 'end': not a time as dcr writes it (YYYY-MM-DDTHH:MM:SSZ)
dcr-parse: in.log:2: key 'event': not one of the values the schema lists
dcr-parse: in.log:3: key 'route': not one of the values the schema lists
dcr-parse: in.log:4: key 'response': an item of the list is not one of the values the schema lists
dcr-parse: in.log:5: key 'response': an item of the list is not one of the values the schema lists
dcr-parse: in.log:6: key 'doses': not an integer
dcr-parse: in.log:7: key 'amount': not a number
dcr-parse: in.log:8: key 'route': not one of the values the schema lists
dcr-parse: 8 lines rejected"
	# the rejects keep the lines verbatim, each after its reason
	run -0 grep -v '^#' rej
	assert_output "$(cat in.log)"
}

@test "--schema: a required key and an event's keys are checked after --map and --set" {
	small_schema
	printf 'ts=2024-03-01T08:00:00Z event=consumption site=f way=smoke\nts=2024-03-01T08:00:00Z event=consumption site=f\n' > in.log
	run -2 --separate-stderr dcr-parse --schema s.schema --map site=facility,way=route in.log
	assert_output 'ts=2024-03-01T08:00:00Z event=consumption facility=f route=smoke'
	assert_equal "$stderr" "dcr-parse: in.log:2: no key 'route', which the schema requires for this event
dcr-parse: 1 line rejected"
	run -0 dcr-parse --schema s.schema --map site=facility,way=route --set route=inject in.log
	assert_line -n 1 'ts=2024-03-01T08:00:00Z event=consumption facility=f route=inject'
}

@test "--schema: --strict stops at the first record that does not fit" {
	small_schema
	printf 'ts=2024-03-01T08:00:00Z event=check_in facility=f\nts=2024-03-01T08:00:00Z event=check_in\nts=2024-03-01T08:00:00Z event=check_in facility=f\n' > in.log
	run -2 --separate-stderr dcr-parse --strict --schema s.schema in.log
	assert_output 'ts=2024-03-01T08:00:00Z event=check_in facility=f'
	assert_equal "$stderr" "dcr-parse: in.log:2: no key 'facility', which every record needs
dcr-parse: stopped at the first rejected record (--strict)"
}

# ------------------------------------------------------------- the format

@test "a schema of another version is refused before any input is read" {
	printf 'dcr-schema v2\nkey ts time\n' > v2.schema
	printf 'ts=2024-03-01T08:00:00Z\n' > in.log
	run -2 --separate-stderr dcr-parse --schema v2.schema -o out.log in.log
	assert_output ''
	assert_equal "$stderr" "dcr-parse: v2.schema:1: schema version 'v2' is not supported (this dcr reads v1)
dcr-parse: --schema: v2.schema cannot be used"
	[ ! -e out.log ]
}

@test "a file without the version line, or empty, is not a schema" {
	printf 'key ts time\n' > a.schema
	: > b.schema
	run -2 --separate-stderr dcr-parse --schema a.schema /dev/null
	assert_equal "$stderr" "dcr-parse: a.schema:1: not a dcr schema: the first line must be 'dcr-schema v1'
dcr-parse: --schema: a.schema cannot be used"
	run -2 --separate-stderr dcr-parse --schema b.schema /dev/null
	assert_equal "$stderr" "dcr-parse: b.schema:1: not a dcr schema: the file is empty
dcr-parse: --schema: b.schema cannot be used"
	run -2 --separate-stderr dcr-parse --schema missing.schema /dev/null
	assert_equal "$stderr" "dcr-parse: missing.schema: cannot open: No such file or directory
dcr-parse: --schema: missing.schema cannot be used"
}

@test "every error of a schema file is named by its line" {
	cat > bad.schema <<'EOF'
dcr-schema v1
key a enum
key b decimal
key a text
key _c text
key route enum smoke smoke
key route2 enum a=b
key n integer 5
require zz
event consumption route
key event enum consumption
event check_in
event consumption zz
event consumption
frobnicate
EOF
	run -2 --separate-stderr dcr-filter --schema bad.schema 'a == 1' /dev/null
	assert_equal "$stderr" "dcr-filter: bad.schema:2: type 'enum' needs its values
dcr-filter: bad.schema:3: unknown type 'decimal' (text, time, integer, number, enum, list)
dcr-filter: bad.schema:4: key 'a' is declared twice
dcr-filter: bad.schema:5: '_c' is not a key (a-z, 0-9 and _, not starting with _)
dcr-filter: bad.schema:6: value 'smoke' is listed twice
dcr-filter: bad.schema:7: value 'a=b' cannot be a value of the record (no blanks, quotes, '=' or '\\'; no ',' in a list)
dcr-filter: bad.schema:8: type 'integer' takes no values
dcr-filter: bad.schema:9: key 'zz' is not declared (a 'key' line must come first)
dcr-filter: bad.schema:10: 'event' lines need 'key event enum ...' first
dcr-filter: bad.schema:12: event 'check_in' is not a value of the key 'event'
dcr-filter: bad.schema:13: key 'zz' is not declared (a 'key' line must come first)
dcr-filter: bad.schema:14: the keys of this are given twice
dcr-filter: bad.schema:15: unknown directive 'frobnicate' (key, require, event)
dcr-filter: --schema: bad.schema cannot be used"
}

# --------------------------------------------------------- every command

@test "every command takes --schema FILE and refuses a bad one, writing nothing" {
	small_schema
	printf 'dcr-schema v0\n' > bad.schema
	printf 'ts=2024-03-01T08:00:00Z event=check_in facility=f\n' > in.log
	run -0 dcr-filter --schema s.schema 'event == check_in' in.log
	assert_output "$(cat in.log)"
	run -0 dcr-agg --schema s.schema -g event -a count in.log
	assert_output 'event=check_in count=1'
	run -0 dcr-fmt --schema s.schema -t csv in.log
	assert_line -n 0 "$(printf 'ts,event,facility\r')"
	for c in "dcr-filter -e has(ts)" "dcr-agg -a count" "dcr-fmt" "dcr-parse"; do
		run -2 --separate-stderr $c --schema bad.schema -o out in.log
		assert_equal "$stderr" "${c%% *}: bad.schema:1: schema version 'v0' is not supported (this dcr reads v1)
${c%% *}: --schema: bad.schema cannot be used"
		[ ! -e out ] || fail "$c wrote out"
	done
}

@test "the schema file is never an output" {
	small_schema
	cp s.schema keep
	for c in "dcr-filter -e has(ts)" "dcr-agg -a count" "dcr-fmt" "dcr-parse"; do
		run -2 --separate-stderr $c --schema s.schema -o s.schema /dev/null
		assert_equal "$stderr" "${c%% *}: s.schema: is also the output file"
		cmp s.schema keep
	done
}

# ------------------------------------------------------------- --recode

recode_file() {
	cat > nl.recode <<'EOF2'
dcr-recode v1
# KEY FROM TO
substance heroïne heroin
substance basecoke crack
route roken smoke
EOF2
}

@test "--recode: values are recoded after --map; others are kept, counted by key, never shown" {
	recode_file
	printf '%s\n' 'middel=heroïne route=roken n=1' 'middel=basecoke route=smoke n=2' \
		'middel=K7F3A9E2 route=spuiten n=3' 'middel=crack n=4' 'middel=xtc n=5' > in.log
	run -0 --separate-stderr dcr-parse --map middel=substance --recode nl.recode in.log
	assert_output 'substance=heroin route=smoke n=1
substance=crack route=smoke n=2
substance=K7F3A9E2 route=spuiten n=3
substance=crack n=4
substance=xtc n=5'
	assert_equal "$stderr" "dcr-parse: --recode: key 'substance': 2 values not in the recode file, kept as they were
dcr-parse: --recode: key 'route': 1 value not in the recode file, kept as it was"
}

@test "--recode with --schema: a value left unrecoded is rejected by key" {
	recode_file
	printf 'dcr-schema v1\nkey substance enum heroin crack\nkey n integer\n' > s.schema
	printf '%s\n' 'substance=heroïne n=1' 'substance=xtc n=2' > in.log
	run -2 --separate-stderr dcr-parse --schema s.schema --recode nl.recode in.log
	assert_output 'substance=heroin n=1'
	assert_equal "$stderr" "dcr-parse: in.log:2: key 'substance': not one of the values the schema lists
dcr-parse: --recode: key 'substance': 1 value not in the recode file, kept as it was
dcr-parse: 1 line rejected"
}

@test "--recode: a file of another version or with errors is refused before any input is read" {
	printf 'dcr-recode v2\n' > v2.recode
	printf 'a=1\n' > in.log
	run -2 --separate-stderr dcr-parse --recode v2.recode -o out.log in.log
	assert_equal "$stderr" "dcr-parse: v2.recode:1: recode version 'v2' is not supported (this dcr reads v1)
dcr-parse: --recode: the recode files cannot be used"
	[ ! -e out.log ]
	printf 'substance heroïne heroin\n' > nover.recode
	run -2 --separate-stderr dcr-parse --recode nover.recode in.log
	assert_equal "$stderr" "dcr-parse: nover.recode:1: not a recode file: the first line must be 'dcr-recode v1'
dcr-parse: --recode: the recode files cannot be used"
	printf 'dcr-recode v1\nsubstance heroïne\nSubst a b\nsubstance a b c\nsubstance a=1 b\nsubstance x y\nsubstance x z\n' > bad.recode
	printf 'dcr-recode v1\nsubstance x w\n' > two.recode
	run -2 --separate-stderr dcr-parse --recode bad.recode --recode two.recode in.log
	assert_equal "$stderr" "dcr-parse: bad.recode:2: expected 'KEY FROM TO'
dcr-parse: bad.recode:3: 'Subst' is not a key
dcr-parse: bad.recode:4: expected 'KEY FROM TO'
dcr-parse: bad.recode:5: a value cannot hold quotes, '=' or '\\'
dcr-parse: bad.recode:7: key 'substance': value 'x' is recoded twice
dcr-parse: two.recode:2: key 'substance': value 'x' is recoded twice
dcr-parse: --recode: the recode files cannot be used"
	run -2 --separate-stderr dcr-parse --recode two.recode -o two.recode in.log
	assert_equal "$stderr" "dcr-parse: two.recode: is also the output file"
}
