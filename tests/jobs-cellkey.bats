#!/usr/bin/env bats
# The jobs with --cell-key: the counts of every published table carry the
# noise of the cell key method (dcr-agg(1), SMALL CELLS), the same in the
# nights and the month, so that the shipped reports cannot be differenced
# into a hidden cell: the attacks of tests/disclosure/across.py on them.

load helpers
load jobs

cellkey() {
	head -c 32 /dev/urandom >ck
	chmod 600 ck
}

cnight() { night --cell-key ck "$@"; }

@test "with --cell-key, the month's report is one pass with the key over its records, and says so" {
	raw 2024-03-01 2024-03-02 2024-03-03
	conf
	cellkey
	for d in 2024-03-01 2024-03-02 2024-03-03; do
		run -0 cnight -m 1 raw out "$d"
	done
	run --separate-stderr -1 month --cell-key ck -m 1 out 2024-03
	run -0 grep -c '^Counts carry a small random noise (the cell key method)' out/reports/2024-03.md
	assert_output 1
	zcat out/archive/*.log.gz >all.log
	pass() {
		dcr-agg "$@" -g facility -a 'visits=count if event == session_start' \
			-a clients=distinct:client all.log | dcr-fmt -t tsv --no-header
	}
	# facility, visits and clients: columns 1, 2 and 4 of the report
	monthly=$(sed -n '/^## Per facility/,/^## All/p' out/reports/2024-03.md | grep '^| nl-' |
		awk -F' *[|] *' -v OFS='\t' '{ print $2, $3, $5 }')
	assert_equal "$monthly" "$(pass --cell-key ck)"
	# the noise is there: the true counts differ somewhere
	[ "$monthly" != "$(pass)" ] || fail "no count was perturbed"
}

@test "monthly refuses perturbed days without their key, and plain days with one" {
	raw 2024-03-01
	conf
	cellkey
	run -0 cnight raw out 2024-03-01
	run --separate-stderr -2 month out 2024-03
	assert_equal "$stderr" "dcr-monthly: $TMP/out/days/2024-03-01: its counts are perturbed: give the cell key of the nights (--cell-key FILE); nothing published"
	run -0 night raw plain 2024-03-01
	run --separate-stderr -2 month --cell-key ck plain 2024-03
	assert_equal "$stderr" "dcr-monthly: $TMP/plain/days/2024-03-01: made without a cell key: merge it without --cell-key; nothing published"
}

# hour_attack SEEDS ARGS...: for each seed a night of small facilities;
# the attacker subtracts the shown hours of the published hour table from
# the all-facilities visits of the published facility table. Prints the
# seeds where a hidden hour was pinned.
hour_attack() {
	local seeds=$1 d=$2 seed st
	shift 2
	for seed in $(seq "$seeds"); do
		rm -rf raw out
		RAW_SEED=$seed raw 2024-03-05
		st=0
		night -z UTC "$@" raw out 2024-03-05 >/dev/null 2>&1 || st=$?
		[ "$st" -le 1 ] || { echo "night $seed failed"; continue; }
		zcat out/archive/2024-03-05.log.gz >day.log
		python3 "$DCR_TESTS/disclosure/across.py" hour 10 "$d" out/days/2024-03-05/tables/facility.log \
			out/days/2024-03-05/tables/hour.log day.log >/dev/null 2>&1 || echo "$seed"
	done
}

# attacked ATTACK N M: ATTACK pins a hidden cell for some of N seeds
# without the cell key (the attack is real), and for none of M with it
# (noise bounded by 8).
attacked() {
	conf
	cellkey
	run -0 "$1" "$2" 0
	[ -n "$output" ] || fail "the attack pinned nothing without --cell-key"
	[[ "$output" != *failed* ]] || fail "$output"
	run -0 "$1" "$3" 8 --cell-key ck
	assert_output ''
}

@test "the shipped night's hour table against its facility table: no hidden hour pinned with --cell-key" {
	attacked hour_attack 6 12
}

# month_attack SEEDS D ARGS...: a week of small facilities published night
# by night and rolled up by the monthly job; the attacker subtracts the
# shown days of each facility from the month.
month_attack() {
	local seeds=$1 d=$2 seed day pairs st
	shift 2
	for seed in $(seq "$seeds"); do
		rm -rf raw out
		pairs=()
		for day in 1 2 3 4 5 6 7; do
			RAW_SEED=$seed RAW_VISITS=12 raw "2024-03-0$day"
			st=0
			night "$@" raw out "2024-03-0$day" >/dev/null 2>&1 || st=$?
			[ "$st" -le 1 ] || { echo "night $seed failed"; continue 2; }
			zcat "out/archive/2024-03-0$day.log.gz" >"ev$day.log"
			pairs+=("out/days/2024-03-0$day/tables/facility.log" "ev$day.log")
		done
		month "$@" out 2024-03 >/dev/null 2>&1
		python3 "$DCR_TESTS/disclosure/across.py" month 10 "$d" out/months/2024-03/tables/facility.log \
			"${pairs[@]}" >/dev/null 2>&1 || echo "$seed"
	done
}

@test "the shipped month against its days: no hidden day pinned with --cell-key" {
	attacked month_attack 3 3
}
