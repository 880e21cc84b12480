#!/usr/bin/env bats
# The nesting limits of the languages: dcr-agg --derive, like the filter
# language, refuses more than 256 levels with a message and status 2,
# never a crash of the parser's recursion (dcr-reliability(7)).

load helpers

rep() { printf "%${2}s" '' | tr ' ' "$1"; } # rep CHAR N

one() { echo 'ts=2024-03-01T08:00:00Z n=3'; }

@test "--derive: 60,000 parentheses are refused with a message, not a crash" {
	one >n.log
	run --separate-stderr -2 dcr-agg -a t=sum:n --derive "x = $(rep '(' 60000)t$(rep ')' 60000)" n.log
	assert_output ''
	assert_equal "$(echo "$stderr" | wc -l)" 2
	assert_equal "$(echo "$stderr" | head -1 | sed 's/.*: //')" "more than 256 levels of '(' and unary '-' or '+' (column 261)"
	assert_equal "$(echo "$stderr" | tail -1)" "Try 'dcr-agg --help' for more information."
}

@test "--derive: 130,000 unary minus signs are refused with a message, not a crash" {
	one >n.log
	run --separate-stderr -2 dcr-agg -a t=sum:n --derive "x = $(rep - 130000)t" n.log
	assert_output ''
	assert_equal "$(echo "$stderr" | head -1 | sed 's/.*: //')" "more than 256 levels of '(' and unary '-' or '+' (column 261)"
	run --separate-stderr -2 dcr-agg -a t=sum:n --derive "x = $(rep + 130000)t" n.log
	assert_equal "$(echo "$stderr" | head -1 | sed 's/.*: //')" "more than 256 levels of '(' and unary '-' or '+' (column 261)"
}

@test "--derive: 256 levels are allowed, in any mix, and computed right" {
	one >n.log
	# 256 minus signs: an even count, so +3; 255: -3 (python3 as the oracle).
	want() { python3 -c "print(eval('$1'.replace('t', '3')))"; }
	e256="$(rep - 256)t"
	e255="$(rep - 255)t"
	run -0 dcr-agg -a t=sum:n --derive "x = $e256" --derive "y = $e255" n.log
	assert_output "t=3 x=$(want "$e256") y=$(want "$e255")"
	# 128 pairs of "-(" are 256 levels.
	mix="$(for _ in $(seq 128); do printf -- '-('; done)t$(rep ')' 128)"
	run -0 dcr-agg -a t=sum:n --derive "x = $mix" n.log
	assert_output "t=3 x=$(want "$mix")"
	run --separate-stderr -2 dcr-agg -a t=sum:n --derive "x = -$mix" n.log
	assert_equal "$(echo "$stderr" | head -1 | sed 's/.*: //')" "more than 256 levels of '(' and unary '-' or '+' (column 261)"
	run -0 dcr-agg -a t=sum:n --derive "x = $(rep '(' 256)t$(rep ')' 256)" n.log
	assert_output 't=3 x=3'
}

@test "the filter language keeps its limit of 256 at 60,000 parentheses" {
	one >n.log
	run --separate-stderr -2 dcr-filter "$(rep '(' 60000)has(n)$(rep ')' 60000)" n.log
	assert_output ''
	assert_equal "$(echo "$stderr" | head -1)" "dcr-filter: expression, column 257: more than 256 levels of 'not' and '('"
}
