#!/usr/bin/env bats
# Every shipped example dialect, parsed with the options examples/sources.conf
# gives it (and the zone the jobs add), yields records that pass the shipped
# schema and the same indicators as the generator's canonical logfmt records
# of the same events (tests/gen/dcr-gen.c, with the seeds of
# examples/logs/README), within what each dialect carries.

load helpers

SCHEMA="$DCR_TESTS/../share/dcr.schema"

need_gen() {
	command -v dcr-gen >/dev/null || fail "dcr-gen is not on PATH (make builds it)"
}

# The dcr-parse options of sources.conf for a file name (its first match).
shipped_options() {
	awk -v f="$1" '!/^#/ && NF >= 4 {
		pat = $1; gsub(/\./, "\\.", pat); gsub(/\*/, ".*", pat)
		if (f ~ "^" pat "$") { $1 = $2 = $3 = ""; sub(/^ +/, ""); print; exit }
	}' "$EXAMPLES/sources.conf"
}

# Parse the shipped example file $1 as the jobs do, checked by the schema:
# nothing rejected, nothing on stderr.
parse_shipped() {
	local opts
	opts=$(shipped_options "$1")
	[ -n "$opts" ] || fail "no entry of sources.conf for $1"
	(cd "$EXAMPLES" && dcr-parse --tz Europe/Amsterdam --schema "$SCHEMA" $opts "logs/$1") > "$2" 2> "$2.err" ||
		fail "$1: dcr-parse failed: $(cat "$2.err")"
	[ ! -s "$2.err" ] || fail "$1: $(cat "$2.err")"
}

# The indicators compared, one record per line, sorted: events by type
# (those in $2, a dcr-filter condition), consumptions by route and
# substance, sessions by place type, and, where incidents have types, the
# overdoses, naloxone and ambulance responses counted by visit.
indicators() {
	dcr-filter "$2" "$1" | dcr-agg -g event -a count
	dcr-filter 'event == consumption' "$1" | dcr-agg -g route,substance -a count
	dcr-filter 'event == session_start' "$1" | dcr-agg -g place_type -a count,distinct:client
	if [ "$4" = durations ]; then
		dcr-filter 'event == session_end' "$1" | dcr-agg -g place_type -a count,sum:duration_s,median:duration_s
	fi
	if [ "$3" = incidents ]; then
		dcr-agg -a 'ods=distinct:visit_id if incident_type == opioid_overdose' \
			-a 'naloxone=distinct:visit_id if response has naloxone' \
			-a 'ems=distinct:visit_id if response has ems_called' \
			-a 'incidents=count if event == incident' "$1"
	fi
}

compare() { # FILE GEN-ARGS EVENT-CONDITION [incidents] [durations]
	need_gen
	parse_shipped "$1" got.log
	dcr-gen $2 -o want.log
	run -0 dcr-parse --schema "$SCHEMA" want.log
	if [ "${5:-}" = durations ]; then
		# the export gives minutes with one decimal: 6 s steps, rounded
		awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^duration_s=/) {
			n = substr($i, 12); $i = "duration_s=" 6 * int((n + 3) / 6) } print }' want.log >want.6s
		mv want.6s want.log
	fi
	indicators want.log "$3" "$4" "${5:-}" > want
	indicators got.log "$3" "$4" "${5:-}" > got
	[ -s want ] || fail "no indicators"
	run -0 diff want got
}

@test "the logfmt source passes the schema" {
	parse_shipped nl-ams-01.log got.log
	run -0 cmp got.log "$EXAMPLES/logs/nl-ams-01.log"
}

@test "nl-rtm-01.csv: the same indicators as its logfmt source" {
	compare nl-rtm-01.csv "-s 1 --facility nl-rtm-01 --days 2 --visits 40" 'has(event)' incidents
}

@test "nl-utr-01.jsonl: the same indicators as its logfmt source" {
	compare nl-utr-01.jsonl "-s 22 --facility nl-utr-01 --start 2024-03-30 --days 2" 'has(event)' incidents
}

@test "nl-dhg-01.txt: the same indicators as its logfmt source (responses as lists on the incident)" {
	compare nl-dhg-01.txt "-s 28 --facility nl-dhg-01 --start 2024-10-26 --days 2" 'event != intervention' incidents
}

@test "nl-ein-01-export.csv: the same indicators as its logfmt source (Dutch words recoded, minutes to seconds)" {
	compare nl-ein-01-export.csv "-s 7 --facility nl-ein-01 --days 2 --visits 40" \
		'not event in (drug_check, ban_start, ban_end)' '' durations
}
