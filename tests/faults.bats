#!/usr/bin/env bats
# Fault injection (issue 10): writes, fsync, close and rename that fail
# with ENOSPC or EIO, through the LD_PRELOAD shim tests/fault/faultshim.c.
# Whatever fails, the status is 2 with a message naming the file and the
# error, the previous -o file is untouched and no temporary file is left.

load helpers

setup_file() {
	cc -O2 -shared -fPIC -o "$BATS_FILE_TMPDIR/faultshim.so" \
		"$DCR_TESTS/fault/faultshim.c" -ldl
}

# Run CMD... with the shim and the FAULT_* settings given before it as
# NAME=VALUE words: fault FAULT_FSYNC=1 dcr-fmt -o out in.log
fault() {
	local settings=()
	while [[ "$1" == FAULT_*=* ]]; do
		settings+=("$1")
		shift
	done
	# an ASan build wants its runtime first; the shim only wraps libc
	env LD_PRELOAD="$BATS_FILE_TMPDIR/faultshim.so" \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		"${settings[@]}" "$@"
}

# The files of the test directory, without bats' own.
files() { ls -A | grep -v '^separate-stderr-'; }

# Enough records for several flushes of the output buffer.
big_log() { seq 1 100000 | sed 's/^/ts=2024-03-01T08:00:00Z event=session_start n=/' >in.log; }

# The old out.log must be intact and alone.
old_file_kept() {
	run -0 cat out.log
	assert_output old
	run -0 files
	assert_output $'in.log\nout.log'
}

@test "the shim fails nothing unless asked" {
	big_log
	run -0 fault dcr-fmt -t logfmt -o out.log in.log
	cmp in.log out.log
}

@test "ENOSPC on write: status 2, the old file kept" {
	big_log
	echo old >out.log
	run --separate-stderr -2 fault FAULT_WRITE_AFTER=1000 dcr-fmt -t logfmt -o out.log in.log
	assert_equal "$stderr" "dcr-fmt: write error on out.log: No space left on device"
	old_file_kept
}

@test "EIO on write: status 2, the old file kept" {
	big_log
	echo old >out.log
	run --separate-stderr -2 fault FAULT_WRITE_AFTER=0 FAULT_ERRNO=EIO dcr-fmt -t logfmt -o out.log in.log
	assert_equal "$stderr" "dcr-fmt: write error on out.log: Input/output error"
	old_file_kept
}

@test "ENOSPC on write of a gzip -o file: status 2, the old file kept" {
	big_log
	echo old >out.log.gz
	run --separate-stderr -2 fault FAULT_WRITE_AFTER=100 dcr-fmt -t logfmt -o out.log.gz in.log
	assert_equal "$stderr" "dcr-fmt: write error on out.log.gz: No space left on device"
	run -0 cat out.log.gz
	assert_output old
	run -0 files
	assert_output $'in.log\nout.log.gz'
}

@test "EIO on fsync: status 2, the old file kept" {
	big_log
	echo old >out.log
	run --separate-stderr -2 fault FAULT_FSYNC=1 FAULT_ERRNO=EIO dcr-fmt -t logfmt -o out.log in.log
	assert_equal "$stderr" "dcr-fmt: out.log: fsync: Input/output error"
	old_file_kept
}

@test "ENOSPC on fsync: status 2, the old file kept" {
	big_log
	echo old >out.log
	run --separate-stderr -2 fault FAULT_FSYNC=1 dcr-fmt -t logfmt -o out.log in.log
	assert_equal "$stderr" "dcr-fmt: out.log: fsync: No space left on device"
	old_file_kept
}

@test "EIO on close: status 2, the old file kept" {
	big_log
	echo old >out.log
	run --separate-stderr -2 fault FAULT_CLOSE=1 FAULT_ERRNO=EIO dcr-fmt -t logfmt -o out.log in.log
	assert_equal "$stderr" "dcr-fmt: out.log: close: Input/output error"
	old_file_kept
}

@test "ENOSPC on close: status 2, the old file kept" {
	big_log
	echo old >out.log
	run --separate-stderr -2 fault FAULT_CLOSE=1 dcr-fmt -t logfmt -o out.log in.log
	assert_equal "$stderr" "dcr-fmt: out.log: close: No space left on device"
	old_file_kept
}

@test "EIO on rename: status 2, the old file kept" {
	big_log
	echo old >out.log
	run --separate-stderr -2 fault FAULT_RENAME=1 FAULT_ERRNO=EIO dcr-fmt -t logfmt -o out.log in.log
	assert_equal "$stderr" "dcr-fmt: out.log: cannot rename temporary file into place: Input/output error"
	old_file_kept
}

@test "dcr-filter: ENOSPC on write: status 2, the old file kept" {
	big_log
	echo old >out.log
	run --separate-stderr -2 fault FAULT_WRITE_AFTER=1000 dcr-filter -o out.log 'n > 0' in.log
	assert_equal "$stderr" "dcr-filter: write error on out.log: No space left on device"
	old_file_kept
}

@test "dcr-parse: EIO on fsync: status 2, the old file kept" {
	big_log
	echo old >out.log
	run --separate-stderr -2 fault FAULT_FSYNC=1 FAULT_ERRNO=EIO dcr-parse -f logfmt -o out.log in.log
	assert_equal "$stderr" "dcr-parse: out.log: fsync: Input/output error"
	old_file_kept
}

@test "dcr-agg: ENOSPC on write: status 2, the old file kept" {
	seq 1 100000 | sed 's/^/client=K/' >in.log
	echo old >out.log
	run --separate-stderr -2 fault FAULT_WRITE_AFTER=1000 dcr-agg -g client -a count -o out.log in.log
	assert_equal "$stderr" "dcr-agg: write error on out.log: No space left on device"
	old_file_kept
}

@test "dcr-agg: EIO on close: status 2, the old file kept" {
	big_log
	echo old >out.log
	run --separate-stderr -2 fault FAULT_CLOSE=1 FAULT_ERRNO=EIO dcr-agg -g event -a count -o out.log in.log
	assert_equal "$stderr" "dcr-agg: out.log: close: Input/output error"
	old_file_kept
}

@test "a failing --reject file fails the run and keeps the old -o file" {
	{ echo 'ts=2024-03-01T08:00:00Z n=1'; echo 'bad line'; } >in.log
	echo old >out.log
	# the rejects are closed (and fsynced) first
	run --separate-stderr -2 fault FAULT_FSYNC=1 FAULT_ERRNO=EIO dcr-fmt -t logfmt --reject rej -o out.log in.log
	assert_equal "$stderr" "dcr-fmt: in.log:2: key without '=' and value (column 1)
dcr-fmt: rej: fsync: Input/output error"
	old_file_kept
}

@test "a full disk behind standard output is an error" {
	big_log
	run -2 fault FAULT_WRITE_AFTER=1000 sh -c 'dcr-fmt -t logfmt in.log >out.log 2>err'
	run -0 cat err
	assert_output "dcr-fmt: write error: No space left on device"
}

@test "a close error on standard output is an error" {
	big_log
	run -2 fault FAULT_CLOSE=1 FAULT_ERRNO=EIO sh -c 'dcr-fmt -t logfmt in.log >out.log 2>err'
	run -0 cat err
	assert_output "dcr-fmt: write error: Input/output error"
}
