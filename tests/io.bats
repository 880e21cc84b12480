#!/usr/bin/env bats
# Input and output contracts shared by every command (DESIGN.md): gzip by
# magic, every gzip fault an error, checked writes, atomic -o, quiet | head.

load helpers

records() { printf 'ts=2024-03-01T08:00:0%dZ n=%d\n' 1 1 2 2 3 3; }

@test "gzip input is detected by its magic bytes, whatever the name" {
	records | gzip >plain.log
	run -0 dcr-fmt -t logfmt plain.log
	assert_output "$(records)"
}

@test "every member of a multi-member gzip file is read" {
	{ records | gzip; printf 'n=4\n' | gzip; printf '' | gzip; printf 'n=5\n' | gzip; } >multi.gz
	run -0 dcr-fmt -t logfmt multi.gz
	assert_output "$(records; printf 'n=4\nn=5')"
}

@test "gzip from stdin" {
	run -0 sh -c 'printf "a=1\n" | gzip | dcr-fmt -t logfmt'
	assert_output 'a=1'
}

@test "a truncated gzip file is an error, not a short read" {
	seq 1 20000 | sed 's/^/n=/' | gzip >full.gz
	head -c 2000 full.gz >cut.gz
	run --separate-stderr -2 dcr-fmt -t logfmt -o out cut.gz
	assert_equal "$stderr" "dcr-fmt: cut.gz: unexpected end of file (truncated gzip data)
dcr-fmt: out: not written because of the errors above"
	[ ! -e out ]
}

# Corrupt byte N from the end of a gzip file (the trailer is CRC32, ISIZE).
corrupt_tail() {
	python3 -c 'import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[-int(sys.argv[2])] ^= 0xff
open(sys.argv[3], "wb").write(b)' "$@"
}

@test "a gzip file with a bad CRC is an error" {
	records | gzip >good.gz
	corrupt_tail good.gz 8 bad.gz
	run --separate-stderr -2 dcr-fmt -t logfmt bad.gz
	assert_equal "$stderr" "dcr-fmt: bad.gz: incorrect data check"
}

@test "a gzip file with a bad length is an error" {
	records | gzip >good.gz
	corrupt_tail good.gz 1 bad.gz
	run --separate-stderr -2 dcr-fmt -t logfmt bad.gz
	assert_equal "$stderr" "dcr-fmt: bad.gz: incorrect length check"
}

@test "trailing garbage after gzip data is an error" {
	{ records | gzip; printf 'junk'; } >junk.gz
	run --separate-stderr -2 dcr-fmt -t logfmt junk.gz
	assert_equal "$stderr" "dcr-fmt: junk.gz: trailing garbage after gzip data"
}

@test "a .gz file that is not gzip is an error" {
	records >fake.gz
	run --separate-stderr -2 dcr-fmt -t logfmt fake.gz
	assert_output ''
	assert_equal "$stderr" "dcr-fmt: fake.gz: not in gzip format"
}

@test "an empty .gz file is an error, as for zcat" {
	: >empty.gz
	run --separate-stderr -2 dcr-fmt -t logfmt empty.gz
	assert_equal "$stderr" "dcr-fmt: empty.gz: not in gzip format"
}

@test "an empty plain file gives no output and no error" {
	: >empty.log
	run --separate-stderr -0 dcr-fmt -t logfmt empty.log
	assert_output ''
	assert_equal "$stderr" ''
}

@test "a gzip bomb is streamed in bounded memory" {
	head -c 300000000 /dev/zero | tr '\0' '\n' | gzip -1 >bomb.gz
	run -0 /usr/bin/time -f '%M' dcr-fmt -t logfmt bomb.gz
	# only blank lines: no output; peak RSS (KiB) on the last line
	[ "${lines[-1]}" -lt 32768 ]
}

@test "a missing input is named, the others are processed, status 2" {
	records >a.log
	run --separate-stderr -2 dcr-fmt -t logfmt a.log missing.log a.log
	assert_output "$(records; records)"
	assert_equal "$stderr" "dcr-fmt: missing.log: cannot open: No such file or directory"
}

@test "a directory as input is an error" {
	mkdir d
	run --separate-stderr -2 dcr-fmt -t logfmt d
	assert_equal "$stderr" "dcr-fmt: d: is a directory"
}

@test "writing to a full disk fails loudly" {
	records >a.log
	run --separate-stderr -2 sh -c 'dcr-fmt -t logfmt a.log >/dev/full'
	assert_equal "$stderr" "dcr-fmt: write error: No space left on device"
}

@test "writing to a closed stdout fails loudly" {
	records >a.log
	run --separate-stderr -2 sh -c 'dcr-fmt -t logfmt a.log >&-'
	assert_equal "$stderr" "dcr-fmt: write error: Bad file descriptor"
}

@test "| head -1 ends quietly and at once on a large input" {
	seq 1 3000000 | sed 's/^/n=/' >big.log
	run -0 bash -c 'time (dcr-fmt -t logfmt big.log 2>err | head -1)'
	assert_line --index 0 'n=1'
	run -0 cat err
	assert_output ''
}

@test "-o writes the file atomically, with the usual mode" {
	records >a.log
	run -0 sh -c 'umask 022 && dcr-fmt -t logfmt -o out.log a.log'
	assert_output ''
	run -0 cat out.log
	assert_output "$(records)"
	run -0 stat -c %a out.log
	assert_output 644
	run -0 ls -A
	assert_output $'a.log\nout.log'
}

@test "-o FILE.gz writes gzip" {
	records >a.log
	run -0 dcr-fmt -t logfmt -o out.gz a.log
	run -0 gzip -dc out.gz
	assert_output "$(records)"
}

@test "-o leaves the old file in place when an input fails" {
	records >a.log
	echo old >out.log
	run -2 dcr-fmt -t logfmt -o out.log a.log missing.log
	run -0 cat out.log
	assert_output old
	run -0 ls -A
	assert_output $'a.log\nout.log'
}

@test "-o on a full disk fails and leaves no partial file" {
	records >a.log
	run --separate-stderr -2 dcr-fmt -t logfmt -o /dev/full/x a.log
	assert_equal "$stderr" "dcr-fmt: /dev/full/x: cannot create temporary file: Not a directory"
}

@test "the output file may not also be an input" {
	records >a.log
	run --separate-stderr -2 dcr-fmt -t logfmt -o a.log a.log
	assert_equal "$stderr" "dcr-fmt: a.log: is also the output file"
	run -0 cat a.log
	assert_output "$(records)"
}

@test "SIGTERM mid-run leaves no partial -o file and the old one intact" {
	echo old >out.log
	mkfifo fifo
	dcr-fmt -t logfmt -o out.log fifo 3>&- &
	pid=$!
	exec 4>fifo
	records >&4
	sleep 0.3
	kill -TERM "$pid"
	exec 4>&-
	status=0
	wait "$pid" || status=$?
	assert_equal "$status" 143
	run -0 cat out.log
	assert_output old
	run -0 ls -A
	assert_output $'fifo\nout.log'
}

@test "--help prints the usage on stdout, status 0" {
	run -0 dcr-fmt --help
	assert_line --index 0 --regexp '^usage: dcr-fmt '
}

@test "--version prints the version" {
	run -0 dcr-fmt --version
	assert_output --regexp '^dcr-fmt [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "an unknown option is a usage error, status 2" {
	run --separate-stderr -2 dcr-fmt --bogus
	assert_equal "$stderr" "dcr-fmt: unknown option '--bogus'
Try 'dcr-fmt --help' for more information."
}

# dcr's own gzip output: members with a size index, read back in parallel.
big_records() { seq 1 300000 | sed 's/^/ts=2024-03-01T08:00:00Z n=/'; }

@test "-o FILE.gz is cut into members that zcat and dcr both read whole" {
	big_records >a.log
	run -0 dcr-fmt -t logfmt -o out.gz a.log
	[ "$(gzip -dc out.gz | cmp - a.log && echo same)" = same ]
	run -0 sh -c 'dcr-fmt -t logfmt out.gz | cmp - a.log && echo same'
	assert_output same
	run -0 gzip -t out.gz
}

@test "an ordinary gzip member after dcr members is read too" {
	big_records >a.log
	dcr-fmt -t logfmt -o out.gz a.log
	printf 'n=last\n' | gzip >>out.gz
	run -0 sh -c 'dcr-fmt -t logfmt out.gz | tail -1'
	assert_output 'n=last'
}

@test "a truncated dcr gzip file is an error" {
	big_records >a.log
	dcr-fmt -t logfmt -o out.gz a.log
	head -c 100000 out.gz >cut.gz
	run --separate-stderr -2 sh -c 'dcr-fmt -t logfmt cut.gz >/dev/null'
	assert_equal "$stderr" "dcr-fmt: cut.gz: unexpected end of file (truncated gzip data)"
}

@test "a dcr gzip file with a bad CRC or length is an error" {
	printf 'a=1\n' >a.log
	dcr-fmt -t logfmt -o out.gz a.log
	corrupt_tail out.gz 8 crc.gz
	run --separate-stderr -2 dcr-fmt -t logfmt crc.gz
	assert_equal "$stderr" "dcr-fmt: crc.gz: incorrect data check"
	corrupt_tail out.gz 1 len.gz
	run --separate-stderr -2 dcr-fmt -t logfmt len.gz
	assert_equal "$stderr" "dcr-fmt: len.gz: incorrect length check"
}

@test "trailing garbage after dcr gzip members is an error" {
	printf 'a=1\n' >a.log
	dcr-fmt -t logfmt -o out.gz a.log
	printf 'junk' >>out.gz
	run --separate-stderr -2 dcr-fmt -t logfmt out.gz
	assert_output 'a=1'
	assert_equal "$stderr" "dcr-fmt: out.gz: trailing garbage after gzip data"
}
