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
	run -0 dcr-parse --empty keep --pseudonymize client --key-file k in.csv
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

@test "a key named twice by --pseudonymize is refused, never pseudonymized twice" {
	key k a
	logs >in.log
	run --separate-stderr -2 dcr-parse --pseudonymize client,client --key-file k in.log
	assert_output ''
	assert_equal "$stderr" "dcr-parse: --pseudonymize: key 'client' given twice
Try 'dcr-parse --help' for more information."
	run --separate-stderr -2 dcr-parse --pseudonymize client --pseudonymize event,client --key-file k in.log
	assert_output ''
	assert_equal "$stderr" "dcr-parse: --pseudonymize: key 'client' given twice
Try 'dcr-parse --help' for more information."
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

@test "a duplicate key is reported by position, never by a name that came from the data" {
	# A client code as a key: an export whose header row is a data row,
	# read as JSON lines and raw logfmt, and a --map onto such a key.
	printf '{"K7F3A9E2":1,"k7f3a9e2":2}\n' >in.jsonl
	printf 'K7F3A9E2=1 event=check_in k7f3a9e2=2\n' >in.log
	printf 'ts,k7f3a9e2,client\n2024-03-01T08:00:00Z,x,K7F3A9E2\n' >in.csv
	for run in "dcr-parse in.jsonl" "dcr-parse -f logfmt in.log" \
		"dcr-parse --map client=k7f3a9e2 in.csv" "dcr-parse --reject rej in.jsonl"; do
		run --separate-stderr -2 $run
		[[ "${stderr,,}" != *k7f3a9e2* ]] || fail "$run: $stderr"
	done
	run -0 grep '^#' rej
	refute_output --partial 7F3A9E2
	run --separate-stderr -2 dcr-parse in.jsonl
	assert_equal "$stderr" "dcr-parse: in.jsonl:1: duplicate key (column 26)
dcr-parse: 1 line rejected"
	run --separate-stderr -2 dcr-parse -f logfmt in.log
	assert_equal "$stderr" "dcr-parse: in.log:1: duplicate key (column 27)
dcr-parse: 1 line rejected"
	run --separate-stderr -2 dcr-parse --map client=k7f3a9e2 in.csv
	assert_equal "$stderr" "dcr-parse: in.csv:2: --map gives pairs 2 and 3 the same key
dcr-parse: 1 line rejected"
	# The record reader of the other commands says the same.
	printf 'k7f3a9e2=1 event=check_in k7f3a9e2=2\n' >dup.log
	run --separate-stderr -2 dcr-fmt -t logfmt dup.log
	assert_equal "$stderr" "dcr-fmt: dup.log:1: duplicate key (column 27)
dcr-fmt: 1 line rejected"
}

# Small-cell suppression: three facilities, 20, 3 and 15 visits, one
# overdose at c.
cells() {
	for i in $(seq 20); do echo "facility=a event=session_start"; done
	for i in $(seq 3); do echo "facility=b event=session_start"; done
	for i in $(seq 15); do echo "facility=c event=session_start"; done
	echo "facility=c event=incident"
}

@test "--min-cell: a count from fewer than K records is written as <K" {
	cells >in.log
	run -0 dcr-agg -g facility --min-cell 10 -a 'visits=count if event == session_start' in.log
	assert_output "facility=a visits=20
facility=b visits=<10
facility=c visits=15"
}

@test "--min-cell: rates, means and distinct counts built on small cells are hidden" {
	cells >in.log
	printf 'facility=a event=session_end duration_s=60 client=X\n' >>in.log
	run -0 dcr-agg -g facility --min-cell 10 -a 'visits=count if event == session_start' \
		-a 'ods=count if event == incident' -a 'mean:duration_s if event == session_end' \
		-a 'clients=distinct:client' --derive 'od_per_1000 = 1000 * ods / visits' \
		--derive 'twice = 2 * visits' in.log
	assert_output "# dcr-keys 1 facility,visits,ods,duration_s_mean,clients,od_per_1000,twice
facility=a visits=20 ods=<10 duration_s_mean=<10 clients=<10 od_per_1000=<10 twice=40
facility=b visits=<10 ods=<10 clients=<10 od_per_1000=<10 twice=<10
facility=c visits=15 ods=<10 clients=<10 od_per_1000=<10 twice=30"
}

@test "--min-cell: an interval around a hidden count is hidden" {
	cells >in.log
	run -0 dcr-agg -g facility --min-cell 10 -a 'visits=count if event == session_start' \
		-a 'ods=count if event == incident' \
		--derive 'od_lo = poisson_lo(ods, visits, 1000)' --derive 'od_hi = poisson_hi(ods, visits, 1000)' \
		--derive 'v_lo = wilson_lo(visits, 40)' --derive 'v_hi = wilson_hi(visits, 40)' in.log
	assert_output "facility=a visits=20 ods=<10 od_lo=<10 od_hi=<10 v_lo=0.35199526933465386 v_hi=0.6480047306653461
facility=b visits=<10 ods=<10 od_lo=<10 od_hi=<10 v_lo=<10 v_hi=<10
facility=c visits=15 ods=<10 od_lo=<10 od_hi=<10 v_lo=0.24222979167233272 v_hi=0.5296756086269889"
}

@test "--min-cell: min and max need a count of the same field to be shown" {
	for i in $(seq 12); do echo "facility=a duration_s=$i"; done >in.log
	run -0 dcr-agg -g facility --min-cell 10 -a max:duration_s in.log
	assert_output "facility=a duration_s_max=<10"
	run -0 dcr-agg -g facility --min-cell 10 -a max:duration_s,count:duration_s in.log
	assert_output "facility=a duration_s_max=12 duration_s_count=12"
}

@test "--min-cell with --totals: complementary suppression defeats subtraction" {
	cells >in.log
	run -0 dcr-agg -g facility --min-cell 10 --totals -a 'visits=count if event == session_start' in.log
	assert_output "# dcr-keys 1 facility,visits
facility=a visits=<10
facility=b visits=<10
facility=c visits=<10
visits=38"
	# the attack: total minus every visible cell no longer gives b, nor
	# bounds it (b + c = 18 with c >= 10 would give b <= 8)
	run -0 sh -c "dcr-agg -g facility --min-cell 10 --totals \
		-a 'visits=count if event == session_start' in.log | python3 -c '
import sys
rows = [dict(kv.split(\"=\", 1) for kv in l.split()) for l in sys.stdin if l[0] != \"#\"]
total = int(rows[-1][\"visits\"])
hidden = [r[\"facility\"] for r in rows[:-1] if r[\"visits\"].startswith(\"<\")]
known = sum(int(r[\"visits\"]) for r in rows[:-1] if not r[\"visits\"].startswith(\"<\"))
print(len(hidden), \"unknown cells share\", total - known)'"
	assert_output '3 unknown cells share 38'
}

@test "--min-cell with --totals: a lone small group hides the total too" {
	for i in $(seq 3); do echo "facility=b"; done >in.log
	run -0 dcr-agg -g facility --min-cell 10 --totals -a count in.log
	assert_output "# dcr-keys 1 facility,count
facility=b count=<10
count=<10"
}

@test "--min-cell and --totals belong to the final result, not to --partial" {
	cells >in.log
	run --separate-stderr -2 dcr-agg --partial --min-cell 10 -a count in.log
	assert_equal "$stderr" "dcr-agg: --min-cell and --totals apply to final results: give them to the --merge that reads the partials
Try 'dcr-agg --help' for more information."
}

@test "--min-cell on merged partials suppresses the merged counts" {
	cells >in.log
	head -20 in.log >p1.log
	tail -n +21 in.log >p2.log
	dcr-agg --partial -g facility -a 'visits=count if event == session_start' p1.log >1.agg
	dcr-agg --partial -g facility -a 'visits=count if event == session_start' p2.log >2.agg
	run -0 dcr-agg --merge --min-cell 10 --totals 1.agg 2.agg
	assert_output "# dcr-keys 1 facility,visits
facility=a visits=<10
facility=b visits=<10
facility=c visits=<10
visits=38"
}

@test "--pseudonymize: a file none of whose records holds the key writes none of them, exit 2, and names look-alike keys" {
	key k a
	printf 'Cli\303\253ntcode;Gebeurtenis\nK7F3A9E2;inloop\nS008DA99;weigering\n' >in.csv
	printf 'client=QC31BF25 event=check_in\n' >ok.log
	run --separate-stderr -2 dcr-parse --pseudonymize client --key-file k ok.log in.csv
	assert_output "client=$(hmac k QC31BF25) event=check_in"
	assert_equal "$stderr" "dcr-parse: in.csv: no record holds the key 'client' of --pseudonymize, so none of the file's records is written; did you mean 'cli_ntcode' (--map renames it)? --allow-missing client if the file may lack it"
	refute_output --partial K7F3A9E2
	printf 'old\n' >out
	run -2 dcr-parse --pseudonymize client --key-file k -o out in.csv ok.log
	assert_equal "$(cat out)" old
	run -0 dcr-parse --pseudonymize client --key-file k --map cli_ntcode=client in.csv
	assert_output "client=$(hmac k K7F3A9E2) gebeurtenis=inloop
client=$(hmac k S008DA99) gebeurtenis=weigering"
}

@test "--pseudonymize: misspelt keys are named, unrelated ones are not; each key is checked on its own" {
	key k a
	printf 'clinet,client_id,event,staff\n1,2,3,4\n' >in.csv
	run --separate-stderr -2 dcr-parse --pseudonymize client,staff --key-file k in.csv
	assert_output ''
	assert_equal "$stderr" "dcr-parse: in.csv: no record holds the key 'client' of --pseudonymize, so none of the file's records is written; did you mean 'clinet', 'client_id' (--map renames it)? --allow-missing client if the file may lack it"
	printf 'event\ncheck_in\n' >in.csv
	run --separate-stderr -2 dcr-parse --pseudonymize client --key-file k in.csv
	assert_equal "$stderr" "dcr-parse: in.csv: no record holds the key 'client' of --pseudonymize, so none of the file's records is written; --allow-missing client if the file may lack it"
}

@test "--pseudonymize: records without the key before one with it are fine; --allow-missing; an empty file is fine" {
	key k a
	printf 'ts=2024-03-01T07:00:00Z event=service\nts=2024-03-01T08:00:00Z event=check_in client=K7F3A9E2\n' >in.log
	run -0 dcr-parse --pseudonymize client --key-file k in.log
	assert_output "ts=2024-03-01T07:00:00Z event=service
ts=2024-03-01T08:00:00Z event=check_in client=$(hmac k K7F3A9E2)"
	printf 'ts=2024-03-01T07:00:00Z event=service\n' >svc.log
	run -0 dcr-parse --pseudonymize client --key-file k --allow-missing client svc.log
	assert_output 'ts=2024-03-01T07:00:00Z event=service'
	: >empty.log
	run -0 dcr-parse --pseudonymize client --key-file k empty.log
	assert_output ''
	run -2 --separate-stderr dcr-parse --allow-missing 'Client' --pseudonymize client --key-file k empty.log
	assert_equal "${stderr%%$'\n'*}" "dcr-parse: --allow-missing: 'Client' is not a valid key"
}

# keyless N [WIDE]: N records of exactly 64 bytes without the key (the
# first WIDE bytes longer), 1 MiB of records for N=16384.
keyless() {
	python3 -c 'import sys
n, wide = int(sys.argv[1]), int(sys.argv[2])
base = "ts=2024-03-01T07:00:00Z event=service n="
w = sys.stdout.write
for i in range(n):
    w(base + str(i).zfill(64 - len(base) - 1 + (wide if i == 0 else 0)) + "\n")' "$1" "${2:-0}"
}

@test "--pseudonymize holds back up to 64 MiB of records without the key: a key seen right at the limit writes the file whole" {
	key k a
	{ keyless 1048576; printf 'ts=2024-03-01T08:00:00Z event=check_in client=K7F3A9E2\n'; } >at.log
	[ "$(head -n -1 at.log | wc -c)" -eq 67108864 ]
	{ head -n -1 at.log; printf 'ts=2024-03-01T08:00:00Z event=check_in client=%s\n' "$(hmac k K7F3A9E2)"; } >want
	run --separate-stderr -0 dcr-parse --pseudonymize client --key-file k -o out at.log
	assert_equal "$stderr" ''
	cmp out want
}

@test "--pseudonymize: one byte beyond 64 MiB without the key fails the file though the key comes later; nothing of it is written" {
	key k a
	printf 'client=QC31BF25 event=check_in\n' >ok.log
	{ keyless 1048576 1; printf 'ts=2024-03-01T08:00:00Z event=check_in client=K7F3A9E2\n'; } >over.log
	[ "$(head -n -1 over.log | wc -c)" -eq 67108865 ]
	run --separate-stderr -2 dcr-parse --pseudonymize client --key-file k ok.log over.log
	assert_output "client=$(hmac k QC31BF25) event=check_in"
	assert_equal "$stderr" "dcr-parse: over.log: no record in its first 64 MiB holds the key 'client' of --pseudonymize, so none of the file's records is written; --allow-missing client if the file may lack it"
	printf 'old\n' >out
	run -2 dcr-parse --pseudonymize client --key-file k -o out over.log ok.log
	assert_equal "$(cat out)" old
}

@test "--pseudonymize: a wrongly read export beyond 64 MiB puts none of its raw codes out, not even those read before the limit" {
	key k a
	# A Dutch header read without --map: the codes land under cli_ntcode.
	python3 -c 'import sys
w = sys.stdout.buffer.write
w(b"Cli\xc3\xabntcode;Gebeurtenis\n")
for i in range(1800000): # 39 bytes out each: 67 MiB
    w(b"R%07d;inloop\n" % i)' >in.csv
	run --separate-stderr -2 dcr-parse --pseudonymize client --key-file k in.csv
	assert_output ''
	assert_equal "$stderr" "dcr-parse: in.csv: no record in its first 64 MiB holds the key 'client' of --pseudonymize, so none of the file's records is written; did you mean 'cli_ntcode' (--map renames it)? --allow-missing client if the file may lack it"
}

@test "--pseudonymize with --allow-missing holds nothing back: a file beyond 64 MiB without the key is written whole" {
	key k a
	keyless 1048577 >in.log
	run --separate-stderr -0 dcr-parse --pseudonymize client --key-file k --allow-missing client -o out in.log
	assert_equal "$stderr" ''
	cmp out in.log
}
