#!/usr/bin/env bats
# Input and output contracts shared by every command (DESIGN.md): gzip by
# magic, every gzip fault an error, checked writes, atomic -o, quiet | head.
# Each contract is one test that loops over the table of commands below, so
# that a contract holds for all of them or fails naming the one that broke
# it (tests/README). What only one command does is in its own .bats file,
# hostile input and surroundings in hostile.bats.

load helpers

records() { printf 'ts=2024-03-01T08:00:0%dZ n=%d\n' 1 1 2 2 3 3; }

# The table: every command, and how each reads records for these tests.
# dcr-fmt, dcr-filter and dcr-parse write the records back as they are;
# dcr-agg writes one count per n (every n below is unique). When an input
# fails, dcr-agg writes no summary at all (a total that lacks a file would
# mislead); the others have written the records of the inputs before it.
# dcr-join joins a table of the n alone onto the records of n up to 3
# (the others pass unlooked): each gains no key, so it too writes the
# records back as they are.
COMMANDS=(dcr-fmt dcr-filter dcr-parse dcr-agg dcr-join)

# args_of CMD: set ARGS to the arguments CMD reads records with.
args_of() {
	case $1 in
	dcr-fmt) ARGS=(-t logfmt) ;;
	dcr-filter) ARGS=('n > 0') ;;
	dcr-parse) ARGS=(-f logfmt) ;;
	dcr-agg) ARGS=(-g n -a count) ;;
	dcr-join)
		# outside the test's own folder (whose files some tests list),
		# one for each test: tests of a file run side by side, and a
		# table one of them is writing anew reads as empty in another
		local table="$BATS_FILE_TMPDIR/ns.$BATS_TEST_NUMBER.table"
		printf 'n=%d\n' 1 2 3 >"$table"
		ARGS=(-T "$table" --on n --strict --if 'n <= 3') ;;
	*) echo "$1 is not in the table" >&2; return 64 ;;
	esac
}

# as CMD [ARG...]: CMD reading records the table's way, with ARGs.
as() {
	local cmd=$1
	shift
	args_of "$cmd" || return
	"$cmd" "${ARGS[@]}" "$@"
}

# expect CMD: what CMD writes for the records on stdin.
expect() {
	case $1 in
	dcr-agg) sed 's/^\(.* \)\{0,1\}\(n=[^ ]*\).*/\2 count=1/' ;;
	*) cat ;;
	esac
}

# writes_partial CMD: whether CMD has written the records of the good
# inputs when another input fails.
writes_partial() { [ "$1" != dcr-agg ]; }

# empty_status CMD: the status of CMD when no record came (dcr-filter: 1,
# nothing selected).
empty_status() { if [ "$1" = dcr-filter ]; then echo 1; else echo 0; fi; }

# The checks of a run of the command $c: a failure names it.
want_status() {
	[ "$status" -eq "$1" ] || fail "$c: status $status, want $1
stdout: $output
stderr: ${stderr:-}"
}
want_output() {
	[ "$output" = "$1" ] || fail "$c: stdout is not what it should be
want: $1
got:  $output"
}
want_stderr() {
	[ "$stderr" = "$1" ] || fail "$c: stderr is not what it should be
want: $1
got:  $stderr"
}

# The files of the test directory, without bats' own, on one line.
files() { ls -A | grep -v '^separate-stderr-' | tr '\n' ' '; }

# Corrupt byte N from the end of a gzip file (the trailer is CRC32, ISIZE).
corrupt_tail() {
	python3 -c 'import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[-int(sys.argv[2])] ^= 0xff
open(sys.argv[3], "wb").write(b)' "$@"
}

# ---- gzip input ----

@test "gzip input is detected by its magic bytes, whatever the name" {
	records | gzip >plain.log
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr as "$c" plain.log
		want_status 0
		want_output "$(records | expect "$c")"
	done
}

@test "every member of a multi-member gzip file is read" {
	{ records | gzip; printf 'n=4\n' | gzip; printf '' | gzip; printf 'n=5\n' | gzip; } >multi.gz
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr as "$c" multi.gz
		want_status 0
		want_output "$({ records; printf 'n=4\nn=5\n'; } | expect "$c")"
	done
}

@test "gzip from stdin" {
	for c in "${COMMANDS[@]}"; do
		records | gzip >in.gz
		run --separate-stderr as "$c" <in.gz
		want_status 0
		want_output "$(records | expect "$c")"
	done
}

@test "a truncated gzip file is an error, not a short read" {
	seq 1 20000 | sed 's/^/n=/' | gzip >full.gz
	head -c 2000 full.gz >cut.gz
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr as "$c" -o out cut.gz
		want_status 2
		want_stderr "$c: cut.gz: unexpected end of file (truncated gzip data)
$c: out: not written because of the errors above"
		[ ! -e out ] || fail "$c: wrote out"
	done
}

@test "a gzip file with a bad CRC is an error" {
	records | gzip >good.gz
	corrupt_tail good.gz 8 bad.gz
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr as "$c" bad.gz
		want_status 2
		want_stderr "$c: bad.gz: incorrect data check"
	done
}

@test "a gzip file with a bad length is an error" {
	records | gzip >good.gz
	corrupt_tail good.gz 1 bad.gz
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr as "$c" bad.gz
		want_status 2
		want_stderr "$c: bad.gz: incorrect length check"
	done
}

@test "trailing garbage after gzip data is an error" {
	{ records | gzip; printf 'junk'; } >junk.gz
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr as "$c" junk.gz
		want_status 2
		want_stderr "$c: junk.gz: trailing garbage after gzip data"
	done
}

@test "a .gz file that is not gzip is an error" {
	records >fake.gz
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr as "$c" fake.gz
		want_status 2
		want_output ''
		want_stderr "$c: fake.gz: not in gzip format"
	done
}

@test "an empty .gz file is an error, as for zcat" {
	: >empty.gz
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr as "$c" empty.gz
		want_status 2
		want_output ''
		want_stderr "$c: empty.gz: not in gzip format"
	done
}

@test "an empty plain file gives no output and no error" {
	: >empty.log
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr as "$c" empty.log
		want_status "$(empty_status "$c")"
		want_output ''
		want_stderr ''
	done
}

@test "a gzip bomb is streamed in bounded memory" {
	head -c 100000000 /dev/zero | tr '\0' '\n' | gzip -1 >bomb.gz
	for c in "${COMMANDS[@]}"; do
		# only blank lines: no output; peak RSS (KiB) on the last line
		args_of "$c"
		run --separate-stderr /usr/bin/time -f '%M' -o rss "$c" "${ARGS[@]}" bomb.gz
		want_status "$(empty_status "$c")"
		want_output ''
		kib=$(tail -1 rss)
		[ "$kib" -lt 32768 ] || fail "$c: peak RSS $kib KiB"
	done
}

# ---- inputs that cannot be read ----

@test "a missing input is named, the others are processed, status 2" {
	records >a.log
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr as "$c" a.log missing.log
		want_status 2
		if writes_partial "$c"; then
			want_output "$(records | expect "$c")"
		else
			want_output ''
		fi
		want_stderr "$c: missing.log: cannot open: No such file or directory"
	done
}

@test "a directory as input is an error" {
	mkdir d
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr as "$c" d
		want_status 2
		want_output ''
		want_stderr "$c: d: is a directory"
	done
}

# ---- writing ----

@test "writing to a full disk fails loudly" {
	records >a.log
	for c in "${COMMANDS[@]}"; do
		args_of "$c"
		run --separate-stderr sh -c '"$@" a.log >/dev/full' - "$c" "${ARGS[@]}"
		want_status 2
		want_stderr "$c: write error: No space left on device"
	done
}

@test "writing to a closed stdout fails loudly" {
	records >a.log
	for c in "${COMMANDS[@]}"; do
		args_of "$c"
		run --separate-stderr sh -c '"$@" a.log >&-' - "$c" "${ARGS[@]}"
		want_status 2
		want_stderr "$c: write error: Bad file descriptor"
	done
}

@test "| head -1 ends quietly and at once on a large input" {
	seq 1 300000 | sed 's/^/n=/' >big.log
	for c in "${COMMANDS[@]}"; do
		args_of "$c"
		run --separate-stderr sh -c '"$@" big.log 2>err | head -1' - "$c" "${ARGS[@]}"
		want_status 0
		want_output "$(echo n=1 | expect "$c")"
		[ ! -s err ] || fail "$c: said $(cat err)"
	done
}

@test "-o writes the file atomically, with the usual mode" {
	records >a.log
	for c in "${COMMANDS[@]}"; do
		args_of "$c"
		run --separate-stderr sh -c 'umask 022 && "$@" -o out.log a.log' - "$c" "${ARGS[@]}"
		want_status 0
		want_output ''
		[ "$(cat out.log)" = "$(records | expect "$c")" ] || fail "$c: out.log is $(cat out.log)"
		[ "$(stat -c %a out.log)" = 644 ] || fail "$c: out.log has mode $(stat -c %a out.log)"
		[ "$(files)" = "a.log out.log " ] || fail "$c: left $(files)"
		rm out.log
	done
}

@test "-o FILE.gz writes gzip" {
	records >a.log
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr as "$c" -o out.gz a.log
		want_status 0
		[ "$(gzip -dc out.gz)" = "$(records | expect "$c")" ] || fail "$c: out.gz holds $(gzip -dc out.gz)"
	done
}

@test "-o leaves the old file in place when an input fails" {
	records >a.log
	for c in "${COMMANDS[@]}"; do
		echo old >out.log
		run --separate-stderr as "$c" -o out.log a.log missing.log
		want_status 2
		want_stderr "$c: missing.log: cannot open: No such file or directory
$c: out.log: not written because of the errors above"
		[ "$(cat out.log)" = old ] || fail "$c: out.log is $(cat out.log)"
		[ "$(files)" = "a.log out.log " ] || fail "$c: left $(files)"
	done
}

@test "-o on a full disk fails and leaves no partial file" {
	records >a.log
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr as "$c" -o /dev/full/x a.log
		want_status 2
		want_stderr "$c: /dev/full/x: cannot create temporary file: Not a directory"
	done
}

@test "the output file may not also be an input" {
	records >a.log
	ln a.log b.log
	for c in "${COMMANDS[@]}"; do
		# by the same name, by another path, by a hard link
		for args in "-o a.log a.log" "-o ./a.log a.log" "-o a.log b.log"; do
			set -- $args
			run --separate-stderr as "$c" "$@"
			want_status 2
			want_stderr "$c: $3: is also the output file"
			[ "$(cat a.log)" = "$(records)" ] || fail "$c $args: a.log changed"
		done
	done
}

# Start CMD... reading a fifo, feed it records, then send SIG; the
# command's exit status is left in $status.
kill_mid_run() {
	local sig=$1
	shift
	rm -f fifo
	mkfifo fifo
	"$@" fifo 3>&- &
	local pid=$!
	exec 4>fifo
	records >&4
	sleep 0.3
	kill -"$sig" "$pid"
	exec 4>&-
	status=0
	wait "$pid" || status=$?
}

@test "SIGINT, SIGTERM or SIGHUP mid-run leaves no partial -o file and the old one intact" {
	for c in "${COMMANDS[@]}"; do
		for sig in INT:130 TERM:143 HUP:129; do
			for out in out.log out.log.gz; do
				echo old >"$out"
				# background jobs of a script start with SIGINT ignored: restore
				# every signal
				args_of "$c"
				kill_mid_run "${sig%:*}" env --default-signal "$c" "${ARGS[@]}" -o "$out"
				[ "$status" -eq "${sig#*:}" ] || fail "$c: SIG${sig%:*}: status $status"
				[ "$(cat "$out")" = old ] || fail "$c: SIG${sig%:*}: $out changed"
				[ "$(files)" = "fifo $out " ] || fail "$c: SIG${sig%:*}: left $(files)"
				rm "$out"
			done
		done
	done
}

# ---- the options every command has ----

@test "--help prints the usage on stdout, status 0" {
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr "$c" --help
		want_status 0
		[[ ${lines[0]} == "usage: $c "* ]] || fail "$c: --help begins with ${lines[0]}"
	done
}

@test "--version prints the version" {
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr "$c" --version
		want_status 0
		[[ $output =~ ^$c\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "$c: --version says $output"
	done
}

@test "an unknown option is a usage error, status 2" {
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr "$c" --bogus
		want_status 2
		want_stderr "$c: unknown option '--bogus'
Try '$c --help' for more information."
	done
}

# ---- dcr's own gzip output: members with a size index, read in parallel ----

big_records() { seq 1 300000 | sed 's/^/ts=2024-03-01T08:00:00Z n=/'; }

@test "-o FILE.gz is cut into members that zcat and dcr both read whole" {
	big_records >a.log
	for c in "${COMMANDS[@]}"; do
		big_records | expect "$c" >want
		run --separate-stderr as "$c" -o out.gz a.log
		want_status 0
		gzip -dc out.gz | cmp -s - want || fail "$c: zcat reads out.gz otherwise"
		gzip -t out.gz || fail "$c: gzip -t fails on out.gz"
		# what each command writes, it reads back unchanged
		as "$c" out.gz | cmp -s - want || fail "$c: reads its out.gz otherwise"
	done
}

@test "dcr's gzip members and ordinary ones may follow each other" {
	records >a.log
	dcr-fmt -t logfmt -o part.gz a.log # dcr's indexed members
	{ cat part.gz; printf 'n=last\n' | gzip; cat part.gz; } >mixed.gz
	for c in "${COMMANDS[@]}"; do
		if [ "$c" = dcr-agg ]; then # every n twice, but n=last
			want="$({ records; echo n=last; } | expect dcr-agg | sed '/^n=last /!s/count=1/count=2/')"
		else
			want="$({ records; echo n=last; records; } | expect "$c")"
		fi
		[ "$(as "$c" mixed.gz)" = "$want" ] || fail "$c: mixed.gz read otherwise"
	done
}

@test "a truncated dcr gzip file is an error" {
	big_records >a.log
	dcr-fmt -t logfmt -o out.gz a.log
	head -c 100000 out.gz >cut.gz
	for c in "${COMMANDS[@]}"; do
		args_of "$c"
		run --separate-stderr sh -c '"$@" cut.gz >/dev/null' - "$c" "${ARGS[@]}"
		want_status 2
		want_stderr "$c: cut.gz: unexpected end of file (truncated gzip data)"
	done
}

@test "a dcr gzip file with a bad CRC or length is an error" {
	printf 'n=1\n' >a.log
	dcr-fmt -t logfmt -o out.gz a.log
	corrupt_tail out.gz 8 crc.gz
	corrupt_tail out.gz 1 len.gz
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr as "$c" crc.gz
		want_status 2
		want_stderr "$c: crc.gz: incorrect data check"
		run --separate-stderr as "$c" len.gz
		want_status 2
		want_stderr "$c: len.gz: incorrect length check"
	done
}

@test "trailing garbage after dcr gzip members is an error" {
	printf 'n=1\n' >a.log
	dcr-fmt -t logfmt -o out.gz a.log
	printf 'junk' >>out.gz
	for c in "${COMMANDS[@]}"; do
		run --separate-stderr as "$c" out.gz
		want_status 2
		if writes_partial "$c"; then want_output 'n=1'; else want_output ''; fi
		want_stderr "$c: out.gz: trailing garbage after gzip data"
	done
}
