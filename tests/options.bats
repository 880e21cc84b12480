#!/usr/bin/env bats
# Options anywhere: every command reads its options before, between and
# after file operands (GNU permutation), and `--` ends the options so that a
# file named like an option can still be read.

load helpers

B="$DATA/filter-basic.log"

@test "dcr-parse: -o after the file writes the file, not the terminal" {
	printf 'ts,event\n2024-03-01T08:00:00Z,check_in\n' >in.csv
	run --separate-stderr -0 dcr-parse in.csv -o out.log
	assert_output ''
	assert_equal "$(cat out.log)" 'ts=2024-03-01T08:00:00Z event=check_in'
}

@test "dcr-filter: EXPR FILE -c counts" {
	run --separate-stderr -0 dcr-filter 'event == consumption' "$B" -c
	assert_output 4
	assert_equal "$stderr" ''
	run --separate-stderr -0 dcr-filter 'event == consumption' -k client "$B" -m 1
	assert_output 'client=K0000002'
}

@test "dcr-agg and dcr-fmt: options after the files" {
	run --separate-stderr -0 dcr-agg "$B" -a count
	assert_output 'count=6'
	run --separate-stderr -0 dcr-fmt "$B" -t tsv -k client -o t.tsv
	assert_output ''
	assert_equal "$(head -2 t.tsv)" $'client\nK0000001'
}

@test "-- ends the options in every command" {
	printf 'ts=2024-03-01T08:00:00Z event=check_in\n' >-c
	run --separate-stderr -0 dcr-filter -k event -- 'has(event)' -c
	assert_output 'event=check_in'
	run --separate-stderr -0 dcr-agg -a count -- -c
	assert_output 'count=1'
	run --separate-stderr -0 dcr-fmt -t tsv -- -c
	assert_output $'ts\tevent\n2024-03-01T08:00:00Z\tcheck_in'
	run --separate-stderr -0 dcr-parse -- -c
	assert_output 'ts=2024-03-01T08:00:00Z event=check_in'
}

@test "the same permutation whatever POSIXLY_CORRECT says" {
	POSIXLY_CORRECT=1 run --separate-stderr -0 dcr-agg "$B" -a count
	assert_output 'count=6'
}
