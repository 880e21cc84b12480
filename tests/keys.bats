#!/usr/bin/env bats
# Secret key files (lib/key): who may have written the key, and what a
# process that holds one leaves behind. dcr-parse(1) --key-file states the
# rules; dcr-reliability(7) lists the promises. The pseudonyms themselves
# are tested in privacy.bats.

load helpers

key() { # key FILE: 32 bytes, mode 0600
	head -c 32 /dev/zero | tr '\0' k >"$1"
	chmod 600 "$1"
}

logs() { printf 'ts=2024-03-01T08:00:00Z event=check_in client=K7F3A9E2\n'; }

# A uid that owns nothing here: giving a file to another user needs root.
OTHER=54321
need_root() {
	[ "$(id -u)" = 0 ] || skip "giving a file to another user needs root"
}

# The physical path of the test directory, as the messages name it.
here() { pwd -P; }

pseudonymize() { dcr-parse --pseudonymize client --key-file "$1" in.log; }

@test "a key file in a directory of the user's own, mode 0600, is used" {
	mkdir -m 700 d
	key d/k
	logs >in.log
	run -0 pseudonymize d/k
	assert_output 'ts=2024-03-01T08:00:00Z event=check_in client=535576bc6b5675e2301b'
}

@test "refuses a key file that belongs to another user" {
	need_root
	key k
	chown "$OTHER" k
	logs >in.log
	run --separate-stderr -2 pseudonymize k
	assert_output ''
	assert_equal "$stderr" "dcr-parse: k: key file belongs to another user (it must be yours or root's)"
}

@test "refuses a key file in a directory that others can write to" {
	mkdir d
	key d/k
	logs >in.log
	for mode in 777 775 757 770; do
		chmod "$mode" d
		run --separate-stderr -2 pseudonymize d/k
		assert_output ''
		assert_equal "$stderr" "dcr-parse: d/k: key file is in $(here)/d, which others can write to (chmod go-w $(here)/d)"
	done
}

@test "refuses a key file below a directory that others can write to, however far up" {
	mkdir -p a/b/c
	key a/b/c/k
	chmod 777 a
	logs >in.log
	run --separate-stderr -2 pseudonymize a/b/c/k
	assert_equal "$stderr" "dcr-parse: a/b/c/k: key file is in $(here)/a, which others can write to (chmod go-w $(here)/a)"
	# The same through .. and a relative path from below.
	cd a/b
	run --separate-stderr -2 dcr-parse --pseudonymize client --key-file ../b/c/k ../../in.log
	assert_equal "$stderr" "dcr-parse: ../b/c/k: key file is in $(cd ../.. && pwd -P)/a, which others can write to (chmod go-w $(cd ../.. && pwd -P)/a)"
}

@test "accepts a key file in a sticky directory that others can write to (as /tmp)" {
	mkdir d
	chmod 1777 d
	key d/k
	logs >in.log
	run -0 pseudonymize d/k
	assert_output 'ts=2024-03-01T08:00:00Z event=check_in client=535576bc6b5675e2301b'
}

@test "refuses a key file in a directory that belongs to another user" {
	need_root
	mkdir d
	key d/k
	chown "$OTHER" d
	chmod 755 d
	logs >in.log
	run --separate-stderr -2 pseudonymize d/k
	assert_equal "$stderr" "dcr-parse: d/k: key file is in $(here)/d, which belongs to another user"
	# Even with the sticky bit: the owner of a directory may rename anything in it.
	chmod 1777 d
	run --separate-stderr -2 pseudonymize d/k
	assert_equal "$stderr" "dcr-parse: d/k: key file is in $(here)/d, which belongs to another user"
}

@test "follows a symbolic link to the key, and checks the directories on both sides" {
	mkdir -m 700 safe open
	key safe/k
	logs >in.log
	ln -s ../safe/k open/k
	run -0 pseudonymize open/k
	assert_output 'ts=2024-03-01T08:00:00Z event=check_in client=535576bc6b5675e2301b'
	# The link's directory: whoever can write there can point it elsewhere.
	chmod 777 open
	run --separate-stderr -2 pseudonymize open/k
	assert_equal "$stderr" "dcr-parse: open/k: key file is in $(here)/open, which others can write to (chmod go-w $(here)/open)"
	# The target's directory, reached through a link in a safe one.
	chmod 700 open
	chmod 777 safe
	run --separate-stderr -2 pseudonymize open/k
	assert_equal "$stderr" "dcr-parse: open/k: key file is in $(here)/safe, which others can write to (chmod go-w $(here)/safe)"
	# A link to a directory on the way.
	chmod 700 safe
	ln -s safe via
	chmod 777 safe
	run --separate-stderr -2 pseudonymize via/k
	assert_equal "$stderr" "dcr-parse: via/k: key file is in $(here)/safe, which others can write to (chmod go-w $(here)/safe)"
}

@test "refuses a key reached through a symbolic link of another user in a sticky directory" {
	need_root
	mkdir -m 700 safe
	mkdir -m 1777 shared
	key safe/k
	ln -s ../safe/k shared/k
	chown -h "$OTHER" shared/k
	logs >in.log
	run --separate-stderr -2 pseudonymize shared/k
	assert_equal "$stderr" "dcr-parse: shared/k: key file is reached through the symbolic link $(here)/shared/k, which belongs to another user"
}

@test "refuses a FIFO as the key file at once, without waiting for a writer" {
	mkfifo k
	chmod 600 k
	logs >in.log
	run --separate-stderr -2 timeout 10 dcr-parse --pseudonymize client --key-file k in.log
	assert_equal "$stderr" "dcr-parse: k: key file is not a regular file"
}

# A dcr-parse that holds the key and waits on a FIFO input, in a private
# mount namespace (a tmpfs on /mnt that the machine never sees), run as
# nobody so that /proc shows whether it may dump: the files of a process
# that is not dumpable belong to root. Prints "OWNER CORE-LIMIT".
held_key_process() {
	unshare -m sh -c '
		set -e
		mount -t tmpfs -o mode=755 tmpfs /mnt
		head -c 32 /dev/zero | tr "\0" k >/mnt/k
		chmod 600 /mnt/k
		chown 65534:65534 /mnt/k
		mkfifo -m 666 /mnt/in
		ulimit -c unlimited
		cd /mnt
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			dcr-parse --pseudonymize client --key-file /mnt/k /mnt/in &
		pid=$!
		# Wait (at most 10 s) until the key is loaded: the core limit
		# is set last. (The owner alone would not do: between the
		# setuid of setpriv and its exec, /proc shows root too.)
		i=0
		until grep -q "^Max core file size *0 " /proc/$pid/limits || [ $i -ge 100 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		owner=$(stat -c %u /proc/$pid/status)
		core=$(sed -n "s/^Max core file size *\([^ ]*\) *\([^ ]*\).*/\1 \2/p" /proc/$pid/limits)
		: >/mnt/in
		wait $pid
		echo "$owner $core"
	'
}

@test "a process holding a key cannot dump core and is closed to other users in /proc" {
	need_root
	command -v setpriv >/dev/null || fail "setpriv (util-linux) is missing"
	unshare -m true 2>/dev/null || skip "mount namespaces are not available here (unshare -m failed)"
	[ -z "${DCR_VALGRIND:-}" ] || skip "valgrind runs the command in a process of its own making"
	run -0 held_key_process
	assert_output '0 0 0'
}

@test "SIGQUIT leaves no core file once a key is loaded" {
	need_root
	unshare -m true 2>/dev/null || skip "mount namespaces are not available here (unshare -m failed)"
	[ "$(cat /proc/sys/kernel/core_pattern)" = core ] ||
		skip "core files go to $(cat /proc/sys/kernel/core_pattern), not to the working directory"
	[ -z "${DCR_VALGRIND:-}" ] || skip "valgrind writes its own core files"
	run --separate-stderr -0 unshare -m sh -c '
		mount -t tmpfs -o mode=755 tmpfs /mnt
		cd /mnt
		head -c 32 /dev/zero | tr "\0" k >k
		chmod 600 k
		mkfifo in
		ulimit -c unlimited
		# The control: a shell that quits does leave a core here. It gets
		# the default action of SIGQUIT too: a suite run under GNU parallel
		# inherits the signal ignored, and the control then never dumps.
		env --default-signal=QUIT sh -c "kill -QUIT \$\$"
		ls core* >/dev/null 2>&1 && echo control-dumped
		rm -f core*
		# A background job of sh ignores SIGQUIT: give it back its default.
		env --default-signal=QUIT dcr-parse --pseudonymize client --key-file k in &
		pid=$!
		i=0
		until grep -q "^Max core file size *0 " /proc/$pid/limits || [ $i -ge 100 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -QUIT $pid
		wait $pid
		echo "status $?"
		ls core* 2>/dev/null || echo no-core
	'
	assert_output $'control-dumped\nstatus 131\nno-core'
}

@test "only lib/key handles secrets: libsodium's header is in lib/key and in seal/digest, which holds none" {
	cd "$DCR_TESTS/.."
	run -0 sh -c "grep -rl --include='*.[ch]' 'sodium\.h' lib cmd | sort"
	assert_output - <<'OUT'
lib/key/key.c
lib/key/sign.c
lib/seal/digest.c
OUT
	# seal/digest: hashes and public signature checks only
	run -1 grep -E 'crypto_sign_(detached|seed_keypair|keypair)|sodium_malloc|randombytes|crypto_auth' lib/seal/digest.c
}
