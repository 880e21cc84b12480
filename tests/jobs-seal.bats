#!/usr/bin/env bats
# The jobs and the seals: dcr-nightly --seal-key seals each day in the step
# that publishes it, and dcr-monthly --anchor verifies the days it merges
# and refuses a month with an altered or missing day (dcr-seal(1)). Also:
# a month not yet over expects only the days that are.

load helpers
load jobs

# sealkey: the signing key and its trust anchor.
sealkey() {
	dcr-seal --new-key --key-file seal.key -o anchor >/dev/null
}

snight() { night --seal-key seal.key "$@"; }

# nights DAY...: raw logs of the days, each published and sealed.
nights() {
	raw "$@"
	conf
	sealkey
	for d in "$@"; do
		run -0 snight raw out "$d"
	done
}

# drop_record DAY: one record fewer in DAY's archive, the gzip still valid.
drop_record() {
	zcat "out/archive/$1.log.gz" | sed 1d | gzip -n >cut.gz
	cat cut.gz >"out/days/$1/archive.log.gz"
}

@test "a sealed night seals every file it publishes, under its published name" {
	nights 2024-03-01
	run -0 ls out/seals
	assert_output "000000-2024-03-01.seal"
	sealed=$(grep -c '^file=days/2024-03-01/' out/seals/000000-2024-03-01.seal)
	published=$(cd out/days/2024-03-01/ && find . -type f | wc -l)
	assert_equal "$sealed" "$published"
	records=$(zcat out/archive/2024-03-01.log.gz | wc -l)
	run -0 grep -c "^file=days/2024-03-01/archive.log.gz size=[0-9]* sha256=[0-9a-f]* records=$records " \
		out/seals/000000-2024-03-01.seal
	assert_output 1
	run -0 grep -c '^source=' out/seals/000000-2024-03-01.seal
	assert_output 5
	run -0 dcr-seal --verify --anchor anchor out
	assert_output "out: 1 day from 2024-03-01 to 2024-03-01, 1 seal (0 re-runs): every seal holds"
}

@test "sealed nights and a re-run verify; the rejected lines are not sealed, so they may go" {
	raw 2024-03-01 2024-03-02
	conf
	sealkey
	echo '{broken' >>raw/2024-03-01/nl-utr-01.jsonl
	run -1 snight raw out 2024-03-01
	[ -s out/days/2024-03-01/rejects/2024-03-01.rej ]
	run -0 snight raw out 2024-03-02
	run -1 snight raw out 2024-03-01
	run -2 dcr-seal --verify --anchor anchor out
	assert_line --index 1 --regexp '^store/2024-03-01[.].*/rejects/2024-03-01.rej: unsealed: in no seal$'
	# an auditor ignores them as dcr-audit(7) says, and as dcr-monthly does
	run -0 dcr-seal --verify --anchor anchor --ignore 'store/*/rejects/*' out
	assert_output "2024-03-01: re-run: seals/000002-2024-03-01.seal supersedes seals/000000-2024-03-01.seal
out: 2 days from 2024-03-01 to 2024-03-02, 3 seals (1 re-run): every seal holds"
	# --keep-rejects 0 removes the rejects of the days before
	run -0 snight --keep-rejects 0 raw out 2024-03-02
	[ ! -e out/days/2024-03-01/rejects/2024-03-01.rej ]
	run -0 dcr-seal --verify --anchor anchor out
	assert_line --index 2 "out: 2 days from 2024-03-01 to 2024-03-02, 4 seals (2 re-runs): every seal holds"
}

@test "a night that cannot seal publishes nothing, and the key stays at its epoch" {
	raw 2024-03-01
	conf
	sealkey
	chmod 644 seal.key
	run --separate-stderr -2 snight raw out 2024-03-01
	assert_equal "${stderr_lines[-1]}" "dcr-nightly: 2024-03-01 could not be sealed (dcr-seal status 2); nothing published"
	[ ! -e out/days/2024-03-01 ]
	run -0 ls out/seals
	assert_output ""
	chmod 600 seal.key
	run -0 snight raw out 2024-03-01
	run -0 ls out/seals
	assert_output "000000-2024-03-01.seal"
}

@test "a folder is sealed from its first day or not at all" {
	nights 2024-03-01
	raw 2024-03-02
	run --separate-stderr -2 night raw out 2024-03-02
	assert_equal "$stderr" "dcr-nightly: $TMP/out: its days are sealed: give the signing key (--seal-key FILE); nothing published"
	[ ! -e out/days/2024-03-02 ]
	run -0 night raw plain 2024-03-01
	run --separate-stderr -2 snight raw plain 2024-03-02
	assert_equal "$stderr" "dcr-nightly: $TMP/plain: its days were published without seals: seal a new folder from its first day (dcr-seal(1), KEYS); nothing published"
	[ ! -e plain/seals ]
	run --separate-stderr -2 night --seal-key nokey raw new 2024-03-01
	assert_equal "$stderr" "dcr-nightly: --seal-key: $TMP/nokey: no such file (make it once with dcr-seal --new-key --key-file FILE); nothing published"
}

@test "monthly verifies the sealed days it merges; lost days are refused unless known missing" {
	nights 2024-03-01 2024-03-03
	run --separate-stderr -2 month --anchor anchor out 2024-03
	expected="dcr-monthly: seal: seals: truncated chain: the last day sealed is 2024-03-03; days through 2024-03-31 are expected"
	for d in 02 $(seq -w 4 31); do
		expected+=$'\n'"dcr-monthly: seal: 2024-03-$d: missing day: no seal of this day"
	done
	expected+=$'\n'"dcr-monthly: 30 problems with the seals of 2024-03 (dcr-seal --verify); nothing published"
	assert_equal "$stderr" "$expected"
	[ ! -e out/months/2024-03 ]
	known=()
	for d in 02 $(seq -w 4 31); do known+=(--known-missing "2024-03-$d"); done
	run --separate-stderr -1 month --anchor anchor "${known[@]}" out 2024-03
	assert_equal "${stderr_lines[0]}" "dcr-monthly: note: 2024-03-02: not published (known missing)"
	assert_equal "${stderr_lines[28]}" "dcr-monthly: note: 2024-03-31: not published (known missing)"
	assert_equal "${#stderr_lines[@]}" 29
	run -0 head -1 out/reports/2024-03.md
	assert_output "# DCR indicators 2024-03 (2 of 31 days)"
}

@test "monthly refuses a month with an altered day, and notes one of another month" {
	nights 2024-02-29 2024-03-01
	known=()
	for d in $(seq -w 2 31); do known+=(--known-missing "2024-03-$d"); done
	sealed=$(zcat out/archive/2024-03-01.log.gz | wc -l)
	drop_record 2024-03-01
	run --separate-stderr -2 month --anchor anchor "${known[@]}" out 2024-03
	assert_equal "$stderr" "dcr-monthly: seal: days/2024-03-01/archive.log.gz: altered: its SHA-256 is not the one seals/000001-2024-03-01.seal sealed; it holds $((sealed - 1)) records, $sealed were sealed
dcr-monthly: 1 problem with the seals of 2024-03 (dcr-seal --verify); nothing published"
	[ ! -e out/months/2024-03 ]
	# the day published again: sealed again, so March holds; February's alteration is a note
	run -0 snight raw out 2024-03-01
	sealed=$(zcat out/archive/2024-02-29.log.gz | wc -l)
	drop_record 2024-02-29
	run --separate-stderr -1 month --anchor anchor "${known[@]}" out 2024-03
	assert_equal "${stderr_lines[0]}" "dcr-monthly: note: seal: days/2024-02-29/archive.log.gz: altered: its SHA-256 is not the one seals/000000-2024-02-29.seal sealed; it holds $((sealed - 1)) records, $sealed were sealed"
	[ -L out/months/2024-03 ]
}

@test "monthly refuses a sealed folder without its anchor, or with another" {
	nights 2024-03-01
	run --separate-stderr -2 month out 2024-03
	assert_equal "$stderr" "dcr-monthly: $TMP/out: its days are sealed: give the trust anchor (--anchor KEY) to verify them; nothing published"
	dcr-seal --new-key --key-file other.key -o other >/dev/null
	run --separate-stderr -2 month --anchor other out 2024-03
	assert_equal "${stderr_lines[0]}" "dcr-monthly: seal: seals/000000-2024-03-01.seal: wrong epoch key: signed with a key that is not the trust anchor"
	[ ! -e out/months/2024-03 ]
	run --separate-stderr -2 month --known-missing 2024-03-02 out 2024-03
	assert_equal "${stderr_lines[0]}" "dcr-monthly: --known-missing applies to the seals: give --anchor KEY"
}

@test "a month not over yet expects only the days that are over" {
	conf
	mkdir -p out/days
	run --separate-stderr -2 month out 2099-01
	assert_equal "$stderr" "dcr-monthly: 2099-01: no day of it is over yet; nothing published"
	# the month of today in the jobs' zone, and its last day over (oracle: zoneinfo)
	read -r thismonth yesterday < <(python3 -c '
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
t = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
print(t.strftime("%Y-%m"), (t - timedelta(days=1)).isoformat())')
	mkdir -p "raw/$yesterday"
	run night raw out "$yesterday"
	[ "$status" -le 1 ]
	if [ "${yesterday%-*}" != "$thismonth" ]; then
		# today is the first of the month: none of its days is over
		run --separate-stderr -2 month out "$thismonth"
		assert_equal "$stderr" "dcr-monthly: $thismonth: no day of it is over yet; nothing published"
		return
	fi
	run --separate-stderr month out "$thismonth"
	[ "$status" -le 1 ]
	days=$((10#${yesterday##*-}))
	run -0 head -1 "out/reports/$thismonth.md"
	assert_output "# DCR indicators $thismonth (1 of $days days so far)"
	run grep -c ': not published$' "out/months/$thismonth/notes"
	[ "$output" -eq $((days - 1)) ] || fail "$output notes of days not published; expected $((days - 1))"
}

@test "a day on which every facility was closed is an empty, sealed day" {
	conf
	sealkey
	# every facility open on Mondays only; 2024-03-03 is a Sunday
	awk '/^#/ || NF < 5 { print; next } { $5 = "mon"; print }' facilities.conf >f && mv f facilities.conf
	mkdir -p raw/2024-03-03
	run --separate-stderr -0 snight raw out 2024-03-03
	assert_equal "$stderr" ""
	run -0 gzip -t out/archive/2024-03-03.log.gz
	run -0 grep -c '^file=days/2024-03-03/archive.log.gz size=[0-9]* sha256=[0-9a-f]* records=0$' \
		out/seals/000000-2024-03-03.seal
	run -0 dcr-seal --verify --anchor anchor out
	assert_output "out: 1 day from 2024-03-03 to 2024-03-03, 1 seal (0 re-runs): every seal holds"
	# a day with only a file that no entry matches has no source to seal either
	echo x >raw/2024-03-03/unknown.csv
	dcr-seal --new-key --key-file other.key -o other >/dev/null
	run --separate-stderr -1 night --seal-key other.key raw other-out 2024-03-03
	assert_equal "$stderr" "dcr-nightly: note: unknown.csv: no entry of the sources file matches it, and it names no facility; not read"
	run -0 dcr-seal --verify --anchor other other-out
	assert_output "other-out: 1 day from 2024-03-03 to 2024-03-03, 1 seal (0 re-runs): every seal holds"
}
