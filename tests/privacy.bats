#!/usr/bin/env bats
# Privacy: keyed pseudonyms for client codes, refusals, no codes in
# diagnostics. (Small-cell suppression: see dcr-agg.bats and below.)

load helpers

key() { # key FILE BYTE: 32 bytes of BYTE, mode 0600
	head -c 32 /dev/zero | tr '\0' "$2" >"$1"
	chmod 600 "$1"
}

hmac() { # the expected pseudonym: first 80 bits of HMAC-SHA-256, in hex
	python3 -c 'import hmac, hashlib, sys
print(hmac.new(open(sys.argv[1], "rb").read(), sys.argv[2].encode(), hashlib.sha256).hexdigest()[:20])' "$1" "$2"
}

logs() {
	printf 'ts=2024-03-01T08:00:00Z event=check_in client=K7F3A9E2\n'
	printf 'ts=2024-03-01T08:05:00Z event=session_start client=K7F3A9E2\n'
	printf 'ts=2024-03-01T09:00:00Z event=check_in client=QC31BF25\n'
}

@test "a pseudonym is HMAC-SHA-256 under the key, as documented" {
	key k a
	logs >in.log
	run -0 dcr-parse --pseudonymize client --key-file k in.log
	assert_line --index 0 "ts=2024-03-01T08:00:00Z event=check_in client=$(hmac k K7F3A9E2)"
	assert_line --index 2 "ts=2024-03-01T09:00:00Z event=check_in client=$(hmac k QC31BF25)"
}

@test "the same key gives the same pseudonyms across runs, files and formats" {
	key k a
	logs >in.log
	printf 'ts,event,client\n2024-03-02T08:00:00Z,check_in,K7F3A9E2\n' >in.csv
	printf '{"ts":"2024-03-03T08:00:00Z","event":"check_in","client":"K7F3A9E2"}\n' >in.jsonl
	a=$(dcr-parse --pseudonymize client --key-file k in.log | head -1 | sed 's/.*client=//')
	b=$(dcr-parse --pseudonymize client --key-file k in.csv | sed 's/.*client=//')
	c=$(dcr-parse --pseudonymize client --key-file k in.jsonl | sed 's/.*client=//')
	d=$(dcr-parse --pseudonymize client --key-file k in.log | head -1 | sed 's/.*client=//')
	[ "${#a}" -eq 20 ]
	assert_equal "$b" "$a"
	assert_equal "$c" "$a"
	assert_equal "$d" "$a"
}

@test "another key gives unrelated pseudonyms" {
	key k1 a
	key k2 b
	logs >in.log
	run -0 diff <(dcr-parse --pseudonymize client --key-file k1 in.log) \
		<(dcr-parse --pseudonymize client --key-file k2 in.log) || true
	a=$(dcr-parse --pseudonymize client --key-file k1 in.log | head -1)
	b=$(dcr-parse --pseudonymize client --key-file k2 in.log | head -1)
	[ "$a" != "$b" ]
	assert_equal "${b##*client=}" "$(hmac k2 K7F3A9E2)"
}

@test "visits still link: two records of one client share one pseudonym" {
	key k a
	logs >in.log
	run -0 sh -c 'dcr-parse --pseudonymize client --key-file k in.log | dcr-agg -a clients=distinct:client'
	assert_output 'clients=2'
}

@test "no client code from the input reaches stdout" {
	key k a
	logs >in.log
	run -0 dcr-parse --pseudonymize client --key-file k in.log
	refute_output --partial K7F3A9E2
	refute_output --partial QC31BF25
}

@test "empty values stay empty" {
	key k a
	printf 'ts,event,client\n2024-03-02T08:00:00Z,check_in,\n' >in.csv
	run -0 dcr-parse --pseudonymize client --key-file k in.csv
	assert_output 'ts=2024-03-02T08:00:00Z event=check_in client=""'
}

@test "refuses to pseudonymize without a key file" {
	logs >in.log
	run --separate-stderr -2 dcr-parse --pseudonymize client in.log
	assert_output ''
	assert_equal "$stderr" "dcr-parse: --pseudonymize needs a secret key (--key-file FILE)
Try 'dcr-parse --help' for more information."
}

@test "refuses a missing key file" {
	logs >in.log
	run --separate-stderr -2 dcr-parse --pseudonymize client --key-file nokey in.log
	assert_output ''
	assert_equal "$stderr" "dcr-parse: nokey: cannot open key file: No such file or directory"
}

@test "refuses a key shorter than 32 bytes" {
	head -c 31 /dev/zero | tr '\0' a >k
	chmod 600 k
	logs >in.log
	run --separate-stderr -2 dcr-parse --pseudonymize client --key-file k in.log
	assert_output ''
	assert_equal "$stderr" "dcr-parse: k: key shorter than 32 bytes (make one with: head -c 32 /dev/urandom >KEYFILE)"
}

@test "refuses a key file that others can read" {
	key k a
	logs >in.log
	for mode in 644 640 604 660; do
		chmod "$mode" k
		run --separate-stderr -2 dcr-parse --pseudonymize client --key-file k in.log
		assert_output ''
		assert_equal "$stderr" "dcr-parse: k: key file is accessible by others (chmod 600 k)"
	done
}

@test "refuses a key file that is a directory" {
	mkdir kd
	chmod 700 kd
	logs >in.log
	run --separate-stderr -2 dcr-parse --pseudonymize client --key-file kd in.log
	assert_equal "$stderr" "dcr-parse: kd: key file is not a regular file"
}

@test "a key file without --pseudonymize is a usage error" {
	key k a
	logs >in.log
	run --separate-stderr -2 dcr-parse --key-file k in.log
	assert_equal "$stderr" "dcr-parse: --key-file is only used with --pseudonymize KEYS
Try 'dcr-parse --help' for more information."
}

@test "no client code in diagnostics, reject messages or the summary" {
	key k a
	printf 'ts,event,client\n2024-03-02T08:00:00Z,check_in,K7F3A9E2,extra\n2024-02-30T08:00:00Z,check_in,QC31BF25\n' >in.csv
	run --separate-stderr -2 dcr-parse --pseudonymize client --key-file k --reject rej in.csv
	assert_output ''
	[ -n "$stderr" ]
	[[ "$stderr" != *K7F3A9E2* && "$stderr" != *QC31BF25* ]]
	run -0 grep '^#' rej
	refute_output --partial K7F3A9E2
	refute_output --partial QC31BF25
	run -0 stat -c %a rej
	assert_output 600
}

@test "no client code in the messages of the other commands" {
	printf 'ts=2024-03-01T08:00:00Z client=K7F3A9E2 n=x\nclient=K7F3A9E2 bad\n' >in.log
	for cmd in "dcr-filter 'has(client)'" "dcr-agg --strict -a sum:n" "dcr-fmt"; do
		run --separate-stderr -2 eval "$cmd in.log"
		[ -n "$stderr" ] || fail "$cmd: no message"
		[[ "$stderr" != *K7F3A9E2* ]] || fail "$cmd: $stderr"
	done
}
