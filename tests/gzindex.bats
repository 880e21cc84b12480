#!/usr/bin/env bats
# The index of dcr's gzip members (io/gzmember.h) cannot hide data: each
# member's deflate stream must end exactly where its index says, so the
# members cover the file with no gap or overlap. A file that gzip and zgrep
# read whole is never read short by dcr with status 0.

load helpers

CMDS=("dcr-parse -f logfmt" "dcr-filter --has client" "dcr-agg -a count" "dcr-fmt -t logfmt")

records() {
	for i in 1 2 3 4 5 6; do
		echo "ts=2024-03-01T08:00:0${i}Z event=check_in facility=nl-ams-01 client=K7F3A9E$i"
	done
}

@test "a forged index that covers a second member is refused (every command), though gzip reads it" {
	records >a.log
	dcr-fmt -t logfmt -o m1.gz a.log
	echo 'ts=2024-03-01T09:00:00Z event=overdose facility=nl-ams-01 client=HIDDEN01' >hidden.log
	"$DCR_TESTS/gen/forge-gz-index" m1.gz hidden.log forged.gz
	# The forgery holds for gzip: both members check out, the record shows.
	run -0 gzip -t forged.gz
	run -0 sh -c 'zgrep -a -c overdose forged.gz'
	assert_output 1
	for c in "${CMDS[@]}"; do
		# shellcheck disable=SC2086
		run --separate-stderr -2 $c forged.gz
		assert_equal "$stderr" "${c%% *}: forged.gz: gzip member does not end where its index says (a damaged or forged file)"
	done
	# dcr-agg writes no total that lacks the hidden record.
	run --separate-stderr -2 dcr-agg -a count forged.gz
	assert_output ''
}

@test "a gap between a member's deflate data and its trailer is refused" {
	records >a.log
	dcr-fmt -t logfmt -o m.gz a.log
	# Enlarge the index by 16 and put 16 bytes before the trailer.
	python3 -c 'import struct, sys
m = bytearray(open(sys.argv[1], "rb").read())
m[16:20] = struct.pack("<I", len(m) + 16)
open(sys.argv[2], "wb").write(bytes(m[:-8]) + b"\0" * 16 + bytes(m[-8:]))' m.gz gap.gz
	for c in "${CMDS[@]}"; do
		# shellcheck disable=SC2086
		run --separate-stderr -2 $c gap.gz
		assert_equal "$stderr" "${c%% *}: gap.gz: gzip member does not end where its index says (a damaged or forged file)"
	done
}

@test "an index that ends inside a member's deflate data is refused" {
	records >a.log
	dcr-fmt -t logfmt -o m.gz a.log
	python3 -c 'import struct, sys
m = bytearray(open(sys.argv[1], "rb").read())
m[16:20] = struct.pack("<I", len(m) - 8)
open(sys.argv[2], "wb").write(bytes(m))' m.gz short.gz
	for c in "${CMDS[@]}"; do
		# shellcheck disable=SC2086
		run --separate-stderr -2 $c short.gz
		assert_output ''
		[ -n "$stderr" ] || fail "${c%% *}: no message"
	done
}

@test "files dcr writes, of one member or many, still read back exactly" {
	records >a.log
	dcr-fmt -t logfmt -o one.gz a.log
	run -0 dcr-fmt -t logfmt one.gz
	assert_output "$(records)"
	# More than one member (4 MiB of data each).
	for _ in $(seq 60000); do echo 'ts=2024-03-01T08:00:00Z event=check_in facility=nl-ams-01 client=K7F3A9E2 n=1'; done >big.log
	dcr-fmt -t logfmt -o big.gz big.log
	run -0 sh -c 'dcr-fmt -t logfmt big.gz | cmp - big.log'
}

@test "no record to FILE.gz is still a gzip file: one empty member, read as empty" {
	# dcr-agg is left out: it writes count=0 of no record
	for c in "dcr-parse -f logfmt" "dcr-filter --has client" "dcr-fmt -t logfmt"; do
		: >empty.log
		# shellcheck disable=SC2086 # the command and its options are words
		run $c -o out.log.gz empty.log
		[ "$status" -le 1 ] || fail "$c: status $status" # dcr-filter: 1, nothing matched
		run -0 gzip -t out.log.gz
		run -0 sh -c 'zcat out.log.gz | wc -c'
		assert_output 0
		run -0 dcr-fmt -t logfmt out.log.gz
		assert_output ''
	done
}
