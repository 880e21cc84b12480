#!/usr/bin/env bats
# dcr-filter -c on large files by threads (-j): the count of one pass and
# of an independent oracle, every report of one pass at its line, and one
# pass wherever threads could not give the same result.

load helpers

setup_file() {
	command -v dcr-gen >/dev/null || return 1
	# 40 MB: two ranges of 16 MiB or more for -j 2
	dcr-gen -s 9 --size 40M -o "$BATS_FILE_TMPDIR/large.log"
}

setup() {
	TMP="$BATS_TEST_TMPDIR"
	cd "$TMP" || return 1
	ln -s "$BATS_FILE_TMPDIR/large.log" large.log
}

# How many times dcr-filter opened large.log: one pass opens it once, each
# thread's range once more.
opens() {
	strace -f -qq -e trace=openat -o trace dcr-filter "$@" >/dev/null 2>&1
	grep -c 'large\.log' trace
}

# The oracle: the records of FILE whose KEY is VALUE, read by python.
oracle_count() {
	python3 - "$@" <<-'PY'
		import sys
		path, key, value = sys.argv[1:]
		n = 0
		for line in open(path, encoding="utf-8"):
		    pairs = dict(p.split("=", 1) for p in line.split())
		    n += pairs.get(key) == value
		print(n)
	PY
}

@test "-j 2 -c: two threads count what one pass and the oracle count" {
	command -v strace >/dev/null || fail "no strace: make deps installs it"
	run -0 oracle_count large.log route inject
	want=$output
	[ "$want" -gt 1000 ]
	run -0 dcr-filter -j 1 -c 'route == inject' large.log
	assert_output "$want"
	run -0 dcr-filter -j 2 -c 'route == inject' large.log
	assert_output "$want"
	run -0 opens -j 2 -c 'route == inject' large.log
	assert_output 4 # the size, looked at to choose and to cut; one a range
	run -0 opens -j 1 -c 'route == inject' large.log
	assert_output 1
}

@test "-j 2 -c: every kind of condition counts as in one pass" {
	for cond in 'route ~ "^inj"' 'duration_s > 600' 'has(incident_type)' \
		'event == session_end and facility != nl-rtm-01' 'ts >= 2024-03-05'; do
		run -0 dcr-filter -j 1 -c "$cond" large.log
		want=$output
		run -0 dcr-filter -j 2 -c "$cond" large.log
		assert_output "$want"
		run -0 dcr-filter -j 2 -c -v "$cond" large.log
		want_v=$output
		run -0 dcr-filter -j 1 -c -v "$cond" large.log
		assert_output "$want_v"
	done
	run -0 dcr-filter -j 1 -c --eq event=check_in --since 2024-03-03 --re facility=rtm-0[12] large.log
	want=$output
	run -0 dcr-filter -j 2 -c --eq event=check_in --since 2024-03-03 --re facility=rtm-0[12] large.log
	assert_output "$want"
}

@test "-j 3 -c over two large files adds their counts" {
	cp large.log second.log
	run -0 dcr-filter -j 1 -c 'event == check_in' large.log
	one=$output
	run -0 dcr-filter -j 3 -c 'event == check_in' large.log second.log
	assert_output "$((one * 2))"
}

@test "-j 2 -c: a bad line in the second range is reported at its line, as in one pass" {
	# the block search reads only the lines that hold route=inject
	{ head -200000 large.log; echo 'oops route=inject'; tail -n +200001 large.log; } >bad.log
	run --separate-stderr -2 dcr-filter -j 1 -c 'route == inject' bad.log
	want=$output
	run --separate-stderr -2 dcr-filter -j 2 -c 'route == inject' bad.log
	assert_output "$want"
	assert_equal "$stderr" $'dcr-filter: bad.log:200001: key without \'=\' and value (column 1)\ndcr-filter: 1 line rejected'
	# -v reads every line
	run --separate-stderr -2 dcr-filter -j 1 -c -v 'route == inject' bad.log
	want=$output
	run --separate-stderr -2 dcr-filter -j 2 -c -v 'route == inject' bad.log
	assert_output "$want"
	assert_equal "$stderr" $'dcr-filter: bad.log:200001: key without \'=\' and value (column 1)\ndcr-filter: 1 line rejected'
}

@test "-j 2 -c: a condition that fails in the second range stops at its line" {
	{ head -200000 large.log; python3 -c 'print("x=" + "a" * 30000 + "b")'
	  tail -n +200001 large.log; } >cat.log
	run --separate-stderr -2 timeout 60 dcr-filter -j 2 -c 'x ~ /(a+)+$/' cat.log
	assert_output ''
	assert_equal "$stderr" 'dcr-filter: cat.log:200001: key x: regex match limit exceeded (catastrophic pattern?)'
}

@test "-j 2 -c: a key declared on the first line is known, a typo still refused" {
	{ echo '# dcr-keys 1 naloxone_given'; cat large.log; } >decl.log
	run --separate-stderr -1 dcr-filter -j 2 -c 'naloxone_given == 1' decl.log
	assert_output 0
	assert_equal "$stderr" ''
	run --separate-stderr -2 dcr-filter -j 2 -c 'rout == inject' large.log
	assert_output ''
	assert_equal "$stderr" "dcr-filter: EXPR: no record has the key 'rout'; did you mean 'route'?"
}

@test "-j 2 -c: a byte order mark, CRLF, comments, blank lines and no final LF" {
	{ printf '\357\273\277'; head -150000 large.log; echo '# a comment'; echo
	  sed -n '150001,200000p' large.log | sed 's/$/\r/'
	  tail -n +200001 large.log | head -c -1; } >odd.log
	run -0 dcr-filter -j 1 -c 'route == inject' odd.log
	want=$output
	run -0 dcr-filter -j 2 -c 'route == inject' odd.log
	assert_output "$want"
	run -0 dcr-filter -j 2 -c 'route == inject' large.log
	assert_output "$want"
}

@test "-q, -m, --reject, a gzip file and stdin are read in one pass whatever -j says" {
	command -v strace >/dev/null || fail "no strace: make deps installs it"
	run -0 opens -j 2 -c -m 5 'route == inject' large.log
	assert_output 1
	run -0 opens -j 2 -q 'route == inject' large.log
	assert_output 1
	run -0 opens -j 2 -c --reject rej 'route == inject' large.log
	assert_output 1
	run -0 opens -j 2 'route == inject' large.log
	assert_output 1
	run -0 dcr-filter -j 2 -c -m 5 'route == inject' large.log
	assert_output 5
	run -0 dcr-filter -j 1 -c 'route == inject' large.log
	want=$output
	run -0 sh -c "dcr-filter -j 2 -c 'route == inject' <large.log"
	assert_output "$want"
	gzip -c large.log >large.log.gz
	run -0 dcr-filter -j 2 -c 'route == inject' large.log.gz
	assert_output "$want"
}

@test "--jobs takes 1 to 64" {
	for n in 0 65 x; do
		run --separate-stderr -2 dcr-filter -j "$n" -c 'a == 1' large.log
		assert_equal "$stderr" "dcr-filter: --jobs: expected a whole number from 1 to 64, not '$n'
Try 'dcr-filter --help' for more information."
	done
}
