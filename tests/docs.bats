#!/usr/bin/env bats
# Documentation is part of each feature: every command has a man page whose
# SYNOPSIS is its --help usage and which names all its options; every page
# is clean under mandoc -Tlint; every man page EXAMPLE runs as shown.

load helpers

MANDIR="$DCR_TESTS/../share/man"
COMMANDS="dcr-parse dcr-filter dcr-agg dcr-join dcr-fmt dcr-nightly dcr-monthly dcr-seal"

@test "every page is clean under mandoc -Tlint" {
	for page in "$MANDIR"/man*/*.[1-9]; do
		run mandoc -Tlint -Wwarning "$page"
		assert_output ''
	done
}

@test "each command has a man page" {
	for cmd in $COMMANDS; do
		[ -f "$MANDIR/man1/$cmd.1" ] || fail "no man page for $cmd"
	done
}

@test "each SYNOPSIS is the command's --help usage line" {
	for cmd in $COMMANDS; do
		run -0 python3 "$DCR_TESTS/mancheck.py" synopsis "$MANDIR/man1/$cmd.1" "$cmd"
	done
}

@test "each option in --help is documented in the man page" {
	for cmd in $COMMANDS; do
		run -0 python3 "$DCR_TESTS/mancheck.py" options "$MANDIR/man1/$cmd.1" "$cmd"
	done
}

@test "every man page EXAMPLE runs and prints what it shows" {
	for page in "$MANDIR"/man*/*.[1-9]; do
		grep -q '^\.Sh EXAMPLES' "$page" || continue
		run python3 "$DCR_TESTS/mancheck.py" examples "$page" "$EXAMPLES"
		[ "$status" -eq 0 ] || fail "$page: $output"
	done
}

@test "dcr-records(5) documents the format" {
	[ -f "$MANDIR/man5/dcr-records.5" ]
}
