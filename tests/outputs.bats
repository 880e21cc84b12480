#!/usr/bin/env bats
# What an output path (-o, --reject) may be, for every command: never the
# same file as an input or as another output; a device, FIFO or socket
# written through; a symbolic link followed and its target replaced; the
# mode (and owner) of a replaced file kept; rejects always 0600; the
# temporary files of dead runs removed, never those of live ones.
# lib/io/output.h has the rules; dcr-reliability(7) the promises. Cases
# that need root or device nodes run in a private mount namespace with a
# tmpfs of their own, and never touch the machine's /dev.

load helpers

# Each command with arguments that read records and write some.
CMDS=("dcr-parse -f logfmt" "dcr-filter --has n" "dcr-agg -a count" "dcr-fmt -t logfmt")

records() { printf 'ts=2024-03-01T08:00:0%dZ event=check_in n=%d\n' 1 1 2 2; }
raw() { records; echo 'not a record'; }

# The files of the test directory, without bats' own.
files() { ls -A | grep -v '^separate-stderr-'; }

need_root() {
	[ "$(id -u)" = 0 ] || skip "device nodes and other owners need root"
}
need_ns() {
	need_root
	unshare -m true 2>/dev/null || skip "mount namespaces are not available here (unshare -m failed)"
}

# Run a script in a private mount namespace whose /dev is a tmpfs holding
# only fresh nodes made here: null, zero, full, and the links to the
# descriptors. What the script does to /dev stays in the namespace. The
# script gets the test directory as $0.
in_private_dev() {
	unshare -m sh -c '
		set -e
		mount --make-rprivate /
		mount -t tmpfs -o mode=755 tmpfs /dev
		mknod -m 666 /dev/null c 1 3
		mknod -m 666 /dev/zero c 1 5
		mknod -m 666 /dev/full c 1 7
		ln -s /proc/self/fd /dev/fd
		ln -s /proc/self/fd/0 /dev/stdin
		ln -s /proc/self/fd/1 /dev/stdout
		ln -s /proc/self/fd/2 /dev/stderr
		'"$1" "$2"
}

# ---- 1. no output is an input or another output ----

@test "--reject may not be an input: the raw log stays (every command)" {
	raw >raw.log
	for c in "${CMDS[@]}"; do
		# shellcheck disable=SC2086
		run --separate-stderr -2 $c --reject raw.log -o out.log raw.log
		assert_equal "$stderr" "${c%% *}: raw.log: is also the --reject file"
		assert_equal "$(cat raw.log)" "$(raw)"
		assert_equal "$(files)" raw.log
	done
}

@test "--reject and -o may not be the same file, existing or not (every command)" {
	raw >raw.log
	for c in "${CMDS[@]}"; do
		# shellcheck disable=SC2086
		run --separate-stderr -2 $c --reject x -o x raw.log
		assert_equal "$stderr" "${c%% *}: x: the --reject file is also the output file"
		assert_equal "$(files)" raw.log
		echo old >x
		# shellcheck disable=SC2086
		run --separate-stderr -2 $c -o x --reject ./x raw.log
		assert_equal "$stderr" "${c%% *}: ./x: the --reject file is also the output file"
		assert_equal "$(cat x)" old
		rm x
	done
}

@test "an output is an input under any name: a link, a hard link, a directory link, stdin" {
	raw >raw.log
	ln -s raw.log soft
	ln raw.log hard
	ln -s . here
	ln -s missing dangling
	for c in "${CMDS[@]}"; do
		p=${c%% *}
		# shellcheck disable=SC2086
		{
		run --separate-stderr -2 $c -o soft raw.log
		assert_equal "$stderr" "$p: raw.log: is also the output file"
		run --separate-stderr -2 $c --reject hard raw.log
		assert_equal "$stderr" "$p: raw.log: is also the --reject file"
		run --separate-stderr -2 $c -o here/raw.log raw.log
		assert_equal "$stderr" "$p: raw.log: is also the output file"
		run --separate-stderr -2 $c -o raw.log <raw.log
		assert_equal "$stderr" "$p: (stdin): is also the output file"
		run --separate-stderr -2 $c -o raw.log - <raw.log
		assert_equal "$stderr" "$p: (stdin): is also the output file"
		# Two outputs that meet only once a dangling link is followed.
		run --separate-stderr -2 $c -o dangling --reject missing raw.log
		assert_equal "$stderr" "$p: missing: the --reject file is also the output file"
		}
		assert_equal "$(cat raw.log)" "$(raw)"
		assert_equal "$(files)" $'dangling\nhard\nhere\nraw.log\nsoft'
	done
}

@test "standard output may not be an input either (cmd FILE >>FILE)" {
	records >a.log
	for c in "${CMDS[@]}"; do
		# shellcheck disable=SC2086
		run --separate-stderr -2 sh -c "$c a.log >>a.log"
		assert_equal "$stderr" "${c%% *}: a.log: is also the standard output"
		assert_equal "$(cat a.log)" "$(records)"
	done
}

@test "nothing is read before the refusal: a FIFO input is never opened" {
	raw >raw.log
	mkfifo fifo
	for c in "${CMDS[@]}"; do
		# shellcheck disable=SC2086
		run --separate-stderr -2 timeout 10 $c --reject raw.log fifo raw.log
		assert_equal "$stderr" "${c%% *}: raw.log: is also the --reject file"
	done
}

@test "dcr-parse: a pattern file or the key file is not an output either" {
	printf 'rule r\n  match ^(?<n>[0-9]+)$\n' >p.patterns
	cp p.patterns p.orig
	head -c 32 /dev/zero | tr '\0' k >key
	chmod 600 key
	echo 1 >in.txt
	run --separate-stderr -2 dcr-parse -p p.patterns -o p.patterns in.txt
	assert_equal "$stderr" "dcr-parse: p.patterns: is also the output file"
	run -0 cmp p.patterns p.orig
	run --separate-stderr -2 dcr-parse -f logfmt --pseudonymize n --key-file key --reject key in.txt
	assert_equal "$stderr" "dcr-parse: key: is also the --reject file"
	assert_equal "$(wc -c <key)" 32
}

# ---- 2. devices, FIFOs, sockets, links, directories ----

@test "as root, -o and --reject write through a device node and leave it as it was" {
	need_ns
	raw >raw.log
	records >a.log
	# A character device may take several outputs at once.
	run -0 in_private_dev '
		cd "$0"
		for c in "dcr-parse -f logfmt" "dcr-filter --has n" "dcr-agg -a count" "dcr-fmt -t logfmt"; do
			$c -o /dev/null --reject /dev/null raw.log 2>/dev/null || :
			$c -o /dev/full a.log 2>&1 || :
			stat -c "%F %t,%T %a" /dev/null /dev/full
		done
		ls -A /dev | tr "\n" " "
	' "$PWD"
	assert_output "dcr-parse: write error on /dev/full: No space left on device
character special file 1,3 666
character special file 1,7 666
dcr-filter: write error on /dev/full: No space left on device
character special file 1,3 666
character special file 1,7 666
dcr-agg: write error on /dev/full: No space left on device
character special file 1,3 666
character special file 1,7 666
dcr-fmt: write error on /dev/full: No space left on device
character special file 1,3 666
character special file 1,7 666
fd full null stderr stdin stdout zero "
}

@test "as root, -o /dev/stdout writes to the descriptor and keeps the link, even into a file opened with >>" {
	need_ns
	records >a.log
	run -0 in_private_dev '
		cd "$0"
		echo old >out
		ino=$(stat -c %i out)
		dcr-fmt -t logfmt -o /dev/stdout a.log >>out
		dcr-parse -f logfmt -o /dev/fd/1 a.log | wc -l
		readlink /dev/stdout
		[ "$(stat -c %i out)" = "$ino" ] && echo same-inode
		cat out
	' "$PWD"
	assert_output "2
/proc/self/fd/1
same-inode
old
$(records)"
}

@test "a FIFO is written through, not replaced (-o and --reject)" {
	raw >raw.log
	mkfifo out rej
	timeout 30 cat out >got.out &
	timeout 30 cat rej >got.rej &
	run --separate-stderr -2 timeout 20 dcr-fmt -t logfmt -o out --reject rej raw.log
	wait
	assert [ -p out ]
	assert [ -p rej ]
	assert_equal "$(cat got.out)" "$(records)"
	assert_equal "$(cat got.rej)" $'# raw.log:3: key without \'=\' and value\nnot a record'
}

@test "a Unix socket is written through (connected to, not replaced)" {
	records >a.log
	python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(30)
s.bind(sys.argv[1]); s.listen(1)
open("ready", "w").close()
c, _ = s.accept()
with open(sys.argv[2], "wb") as f:
    while True:
        b = c.recv(65536)
        if not b: break
        f.write(b)' sock got &
	for _ in $(seq 100); do [ -e ready ] && break; sleep 0.1; done
	run -0 timeout 20 dcr-fmt -t logfmt -o sock a.log
	wait
	assert [ -S sock ]
	assert_equal "$(cat got)" "$(records)"
}

@test "a symbolic link is followed: its target replaced atomically where it is, the link kept" {
	records >a.log
	mkdir d e
	echo old >d/target
	ln -s ../d/target e/link
	ln -s e/link chain
	ln -s d/new dangling
	for c in "${CMDS[@]}"; do
		# shellcheck disable=SC2086
		{
		run -0 $c -o chain a.log
		assert_equal "$(readlink chain)" e/link
		assert_equal "$(readlink e/link)" ../d/target
		assert_equal "$(cat d/target)" "$($c a.log)"
		assert_equal "$(ls -A e)" link
		run -0 $c -o dangling a.log
		assert_equal "$(readlink dangling)" d/new
		assert_equal "$(cat d/new)" "$($c a.log)"
		}
		rm d/new
	done
}

@test "as root, a link to another file system: the temporary file is made beside the target" {
	need_ns
	records >a.log
	run -0 unshare -m sh -c '
		set -e
		cd "$0"
		mkdir other
		mount -t tmpfs tmpfs other
		echo old >other/t
		ln -s other/t link
		dcr-fmt -t logfmt -o link a.log
		readlink link
		cat other/t
		ls -A other
	' "$PWD"
	assert_output "other/t
$(records)
t"
}

@test "a directory is an error, and so is a block device" {
	records >a.log
	mkdir d
	ln -s d dl
	for c in "${CMDS[@]}"; do
		# shellcheck disable=SC2086
		{
		run --separate-stderr -2 $c -o d a.log
		assert_equal "$stderr" "${c%% *}: d: is a directory"
		run --separate-stderr -2 $c --reject dl a.log
		assert_equal "$stderr" "${c%% *}: dl: is a directory"
		run --separate-stderr -2 $c -o d/ a.log
		assert_equal "$stderr" "${c%% *}: d/: is a directory"
		}
	done
	assert_equal "$(ls -A d)" ''
}

@test "as root, a block device is refused, not written or replaced" {
	need_ns
	records >a.log
	run -0 in_private_dev '
		cd "$0"
		mknod -m 600 /dev/blk b 7 200
		dcr-fmt -t logfmt -o /dev/blk a.log 2>&1 || echo "status $?"
		stat -c "%F %t,%T" /dev/blk
	' "$PWD"
	assert_output "dcr-fmt: /dev/blk: is a block device; dcr writes records to files, character devices, FIFOs and sockets
status 2
block special file 7,c8"
}

# ---- 3. modes and owners ----

@test "a replaced file keeps its mode; a new one gets 0666 less the umask (every command)" {
	records >a.log
	for c in "${CMDS[@]}"; do
		for mode in 600 640 604 444 755; do
			echo old >out
			chmod "$mode" out
			# shellcheck disable=SC2086
			run -0 $c -o out a.log
			assert_equal "$(stat -c %a out)" "$mode"
		done
		rm -f out
		for mask in 022 027 077 002 000; do
			# shellcheck disable=SC2086
			run -0 sh -c "umask $mask && $c -o new$mask a.log"
			assert_equal "$(stat -c %a new$mask)" "$(printf '%o' $((0666 & ~0$mask)))"
		done
		rm -f new*
	done
}

@test "--reject files are always 0600: new, replaced, through a link, any umask" {
	raw >raw.log
	echo old >old.rej
	chmod 644 old.rej
	ln -s old.rej link.rej
	run -2 sh -c 'umask 000 && dcr-fmt -t logfmt --reject new.rej raw.log'
	assert_equal "$(stat -c %a new.rej)" 600
	run -2 dcr-fmt -t logfmt --reject link.rej raw.log
	assert_equal "$(stat -c %a old.rej)" 600
	assert_equal "$(readlink link.rej)" old.rej
	assert_equal "$(tail -1 old.rej)" 'not a record'
}

@test "as root, a replaced file keeps its owner and group" {
	need_root
	records >a.log
	echo old >out
	chown 54321:54322 out
	chmod 640 out
	echo old >rej
	chown 54321:54322 rej
	run -0 dcr-fmt -t logfmt -o out --reject rej a.log
	assert_equal "$(stat -c '%u:%g %a' out)" '54321:54322 640'
	assert_equal "$(stat -c '%u:%g %a' rej)" '54321:54322 600'
}

@test "a user who cannot keep the group gets the group's bits cleared, not handed to their own group" {
	need_ns
	[ -z "${DCR_VALGRIND:-}" ] || skip "valgrind's wrapper cannot write its log as the other user"
	records >a.log
	run -0 unshare -m sh -c '
		set -e
		mount -t tmpfs -o mode=755 tmpfs /mnt
		cp "$0/a.log" /mnt/a.log
		mkdir -m 777 /mnt/d
		echo old >/mnt/d/out
		chown 54321:54322 /mnt/d/out
		chmod 664 /mnt/d/out
		setpriv --reuid=54323 --regid=54323 --clear-groups \
			dcr-fmt -t logfmt -o /mnt/d/out /mnt/a.log
		stat -c "%u:%g %a" /mnt/d/out
	' "$PWD"
	assert_output '54323:54323 604'
}

# ---- 4. temporary files of dead runs ----

@test "a run removes the temporary files of dead runs of the same output, and only those" {
	records >a.log
	for c in "${CMDS[@]}"; do
		touch .out.log.dcr-AbC123 .out.log.dcr-zz9999 .out.log.dcr-AbC12 .other.log.dcr-AbC123 .out.log.XyZ123
		# shellcheck disable=SC2086
		run -0 $c -o out.log a.log
		assert_equal "$(files)" $'.other.log.dcr-AbC123\n.out.log.XyZ123\n.out.log.dcr-AbC12\na.log\nout.log'
		rm -f .o* out.log
	done
}

@test "the temporary file of a killed run goes at the next run; a live run's never" {
	records >a.log
	mkfifo fifo
	# A run killed by SIGKILL cannot clean up after itself.
	dcr-fmt -t logfmt -o out.log fifo &
	dead=$!
	for _ in $(seq 100); do ls .out.log.dcr-* >/dev/null 2>&1 && break; sleep 0.1; done
	kill -KILL "$dead"
	wait "$dead" || :
	stale=$(ls -A | grep '^\.out\.log\.dcr-')
	# A live run, waiting for its input.
	dcr-fmt -t logfmt -o out.log fifo &
	live=$!
	for _ in $(seq 100); do [ "$(ls -A | grep -c '^\.out\.log\.dcr-')" = 2 ] && break; sleep 0.1; done
	run -0 dcr-fmt -t logfmt -o out.log a.log
	assert_equal "$(cat out.log)" "$(records)"
	left=$(ls -A | grep '^\.out\.log\.dcr-')
	assert_equal "$(echo "$left" | wc -l)" 1
	[ "$left" != "$stale" ] || fail "the dead run's temporary file is still there"
	# The live run finishes and publishes its own output.
	echo 'ts=2024-03-01T09:00:00Z n=9' >fifo
	wait "$live"
	assert_equal "$(cat out.log)" 'ts=2024-03-01T09:00:00Z n=9'
	assert_equal "$(files)" $'a.log\nfifo\nout.log'
}

@test "as root, another user's temporary files are left alone" {
	need_root
	records >a.log
	touch .out.log.dcr-AbC123
	chown 54321 .out.log.dcr-AbC123
	run -0 dcr-fmt -t logfmt -o out.log a.log
	assert_equal "$(files)" $'.out.log.dcr-AbC123\na.log\nout.log'
}
