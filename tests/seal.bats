#!/usr/bin/env bats
# dcr-seal(1): sealing each published day of a folder in a forward-secure
# chain, and --verify finding every tampering by kind and file. The
# independent checks use tests/gen/seal-forge (python3 Ed25519, hashlib).

load helpers

FORGE="$DCR_TESTS/gen/seal-forge"

# A client code that must never appear in a message.
CODE=K7F3A9E2

# publish DAY [N]: write DAY's archive (N records), report and state into
# out/ and seal them with key.
publish() {
	local day=$1 n=${2:-3} i
	mkdir -p out/archive out/reports "out/state/$day"
	for ((i = 0; i < n; i++)); do
		printf 'ts=%sT%02d:00:00Z event=check_in facility=nl-ams-01 client=%s\n' \
			"$day" $((8 + i)) "$CODE"
	done | gzip -n >"out/archive/$day.log.gz"
	printf '# report %s\n' "$day" >"out/reports/$day.md"
	printf 'state of %s\n' "$day" >"out/state/$day/visits.agg"
	dcr-seal --key-file key --day "$day" --archive "archive/$day.log.gz" out \
		"archive/$day.log.gz" "reports/$day.md" "state/$day/visits.agg" >/dev/null
}

# days FROM N: the N days from FROM, one a line.
days() { python3 -c "import datetime as d,sys
f=d.date.fromisoformat(sys.argv[1])
for i in range(int(sys.argv[2])): print(f+d.timedelta(i))" "$1" "$2"; }

# A key and six sealed days, 2024-03-01 to 2024-03-06 (epochs 0-5).
six_days() {
	dcr-seal --new-key --key-file key -o anchor
	for day in $(days 2024-03-01 6); do publish "$day"; done
}

verify() { run --separate-stderr dcr-seal --verify --anchor anchor "$@" out; }

# Everything under out/ but seals/: files with size, mode and time.
snapshot() {
	find out -path out/seals -prune -o -type f -printf '%p %s %m %T@\n' \
		-o -printf '%p %m\n' | sort
}

@test "--new-key makes a 0600 key file and prints the trust anchor" {
	run -0 dcr-seal --new-key --key-file key
	assert_output --regexp '^seal_anchor=1 key=[0-9a-f]{64}$'
	[ "$(stat -c %a key)" = 600 ]
	[ "$(stat -c %s key)" = 56 ]
	run -2 --separate-stderr dcr-seal --new-key --key-file key
	assert_equal "$stderr" "dcr-seal: key: key file exists; a signing key is made once (see dcr-seal(1), KEYS)"
}

@test "the signing key passes the checks of every key file" {
	mkdir -m 777 open
	run -2 --separate-stderr dcr-seal --new-key --key-file open/key -o anchor
	assert_equal "$stderr" "dcr-seal: open/key: key file is in $(pwd -P)/open, which others can write to (chmod go-w $(pwd -P)/open)"
	dcr-seal --new-key --key-file key -o anchor
	chmod 640 key
	mkdir out
	run -2 --separate-stderr dcr-seal --key-file key --day 2024-03-01 out
	assert_equal "$stderr" "dcr-seal: key: key file is accessible by others (chmod 600 key)"
	[ ! -e out/seals/000000-2024-03-01.seal ]
}

@test "a clean year verifies, re-runs and an empty day included" {
	dcr-seal --new-key --key-file key -o anchor
	for day in $(days 2024-01-01 366); do
		case $day in
		2024-12-25) mkdir -p out && dcr-seal --key-file key --day "$day" out >/dev/null ;;
		*) publish "$day" 2 ;;
		esac
		case $day in
		2024-02-10) publish 2024-02-09 3 ;; # a re-run, the next day
		2024-06-30) publish 2024-06-01 4 ;; # a re-run, weeks later
		esac
	done
	publish 2024-02-09 5
	verify
	assert_success
	assert_output - <<'OUT'
2024-02-09: re-run: seals/000041-2024-02-09.seal supersedes seals/000039-2024-02-09.seal
2024-06-01: re-run: seals/000183-2024-06-01.seal supersedes seals/000153-2024-06-01.seal
2024-02-09: re-run: seals/000368-2024-02-09.seal supersedes seals/000041-2024-02-09.seal
out: 366 days from 2024-01-01 to 2024-12-31, 369 seals (3 re-runs): every seal holds
OUT
	assert_equal "$stderr" ""
	run -0 "$FORGE" check anchor out
	assert_output "ok 369"
	run -1 grep -c '^file=' out/seals/000361-2024-12-25.seal
	assert_output 0
}

@test "the key moves on with each seal: the file holds the next epoch only" {
	six_days
	run -0 python3 -c "import sys; d=open('key','rb').read(); print(int.from_bytes(d[8:16],'big'))"
	assert_output 6
	next=$(sed -n 's/.* next_key=\([0-9a-f]*\).*/\1/p' out/seals/000005-2024-03-06.seal)
	run -0 python3 -c "
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization as s
k = Ed25519PrivateKey.from_private_bytes(open('key','rb').read()[16:48])
print(k.public_key().public_bytes(s.Encoding.Raw, s.PublicFormat.Raw).hex())"
	assert_output "$next"
}

@test "--verify needs no secret and writes nothing" {
	six_days
	find out/seals -printf '%p %s %m %T@\n' | sort >seals.before
	before=$(snapshot)
	rm key
	verify
	assert_success
	assert_equal "$(snapshot)" "$before"
	run -0 diff seals.before <(find out/seals -printf '%p %s %m %T@\n' | sort)
	run -2 --separate-stderr dcr-seal --verify --key-file key --anchor anchor out
	assert_equal "${stderr_lines[0]}" "dcr-seal: --verify takes one DIR, --anchor, --through, --ignore and --known-missing, and never a key file"
}

@test "sealing prints the seal's path and writes nothing else into the folder" {
	dcr-seal --new-key --key-file key -o anchor
	mkdir -p out/archive
	printf 'ts=2024-03-01T08:00:00Z event=check_in\n' | gzip -n >out/archive/2024-03-01.log.gz
	before=$(snapshot)
	run -0 dcr-seal --key-file key --day 2024-03-01 --archive archive/2024-03-01.log.gz \
		out archive/2024-03-01.log.gz
	assert_output "seals/000000-2024-03-01.seal"
	assert_equal "$(snapshot)" "$before"
	run -0 ls -A out/seals
	assert_output - <<'OUT'
.lock
000000-2024-03-01.seal
OUT
	run -0 grep '^file=' out/seals/000000-2024-03-01.seal
	assert_output --regexp '^file=archive/2024-03-01.log.gz size=[0-9]+ sha256=[0-9a-f]{64} records=1 first_ts=2024-03-01T08:00:00Z last_ts=2024-03-01T08:00:00Z$'
}

@test "a changed byte in an archive is an altered file" {
	six_days
	python3 - <<'PY'
p = "out/archive/2024-03-03.log.gz"
b = bytearray(open(p, "rb").read()); b[len(b) // 2] ^= 1; open(p, "wb").write(b)
PY
	verify
	assert_failure 2
	assert_line "archive/2024-03-03.log.gz: altered: its SHA-256 is not the one seals/000002-2024-03-03.seal sealed"
	assert_line "out: 6 days from 2024-03-01 to 2024-03-06, 6 seals (0 re-runs): 1 problem"
	refute_output --partial "$CODE"
	refute [ "$(printf '%s' "$stderr" | grep -c "$CODE")" != 0 ]
}

@test "a record removed from an archive that stays valid gzip is an altered file, with the counts" {
	six_days
	zcat out/archive/2024-03-04.log.gz | sed 2d | gzip -n >x && mv x out/archive/2024-03-04.log.gz
	verify
	assert_failure 2
	assert_output - <<'OUT'
archive/2024-03-04.log.gz: altered: its SHA-256 is not the one seals/000003-2024-03-04.seal sealed; it holds 2 records, 3 were sealed
out: 6 days from 2024-03-01 to 2024-03-06, 6 seals (0 re-runs): 1 problem
OUT
}

@test "a truncated archive is reported as truncated" {
	six_days
	truncate -s 20 out/archive/2024-03-02.log.gz
	verify
	assert_failure 2
	assert_line --regexp '^archive/2024-03-02.log.gz: truncated: 20 bytes, [0-9]+ were sealed by seals/000001-2024-03-02.seal$'
}

@test "a deleted day is a missing day and a truncated chain" {
	six_days
	rm -r out/archive/2024-03-04.log.gz out/reports/2024-03-04.md out/state/2024-03-04 \
		out/seals/000003-2024-03-04.seal
	verify
	assert_failure 2
	assert_output - <<'OUT'
seals/000004-2024-03-05.seal: truncated chain: the seal of epoch 3 is missing before it
2024-03-04: missing day: no seal of this day
out: 6 days from 2024-03-01 to 2024-03-06, 5 seals (0 re-runs): 2 problems
OUT
}

@test "a deleted archive is a missing file" {
	six_days
	rm out/reports/2024-03-02.md
	verify
	assert_failure 2
	assert_line "reports/2024-03-02.md: missing file: sealed by seals/000001-2024-03-02.seal"
}

@test "a swapped pair of days is out of order, both ways" {
	six_days
	cd out/archive
	mv 2024-03-02.log.gz x && mv 2024-03-03.log.gz 2024-03-02.log.gz && mv x 2024-03-03.log.gz
	cd ../..
	verify
	assert_failure 2
	assert_output - <<'OUT'
archive/2024-03-02.log.gz: out of order: it holds what seals/000002-2024-03-03.seal sealed as archive/2024-03-03.log.gz (2024-03-03)
archive/2024-03-03.log.gz: out of order: it holds what seals/000001-2024-03-02.seal sealed as archive/2024-03-02.log.gz (2024-03-02)
out: 6 days from 2024-03-01 to 2024-03-06, 6 seals (0 re-runs): 2 problems
OUT
}

@test "swapped seal files are out of order" {
	six_days
	cd out/seals
	mv 000001-2024-03-02.seal x && mv 000002-2024-03-03.seal 000001-2024-03-02.seal && mv x 000002-2024-03-03.seal
	cd ../..
	verify
	assert_failure 2
	assert_line "seals/000001-2024-03-02.seal: out of order: it seals epoch 2 of 2024-03-03, not what its name says"
	assert_line "seals/000002-2024-03-03.seal: out of order: it seals epoch 1 of 2024-03-02, not what its name says"
}

@test "an edited seal that was not signed again is altered" {
	six_days
	zcat out/archive/2024-03-04.log.gz | sed 2d | gzip -n >x && mv x out/archive/2024-03-04.log.gz
	"$FORGE" set out/seals/000003-2024-03-04.seal archive/2024-03-04.log.gz sha256 \
		"$(sha256sum out/archive/2024-03-04.log.gz | cut -c1-64)"
	"$FORGE" set out/seals/000003-2024-03-04.seal archive/2024-03-04.log.gz size \
		"$(stat -c %s out/archive/2024-03-04.log.gz)"
	verify
	assert_failure 2
	assert_output - <<'OUT'
seals/000003-2024-03-04.seal: altered: its signature does not hold: the seal was changed
seals/000004-2024-03-05.seal: broken chain: prev is not the hash of seals/000003-2024-03-04.seal
out: 6 days from 2024-03-01 to 2024-03-06, 6 seals (0 re-runs): 2 problems
OUT
}

@test "a seal re-signed with a later epoch's key is a wrong epoch key (CVE-2023-31439)" {
	six_days
	zcat out/archive/2024-03-02.log.gz | sed 2d | gzip -n >x && mv x out/archive/2024-03-02.log.gz
	s=out/seals/000001-2024-03-02.seal
	"$FORGE" set $s archive/2024-03-02.log.gz sha256 "$(sha256sum out/archive/2024-03-02.log.gz | cut -c1-64)"
	"$FORGE" set $s archive/2024-03-02.log.gz size "$(stat -c %s out/archive/2024-03-02.log.gz)"
	cp $s claimed
	"$FORGE" resign key $s
	verify
	assert_failure 2
	assert_output - <<'OUT'
seals/000001-2024-03-02.seal: wrong epoch key: signed with the key of epoch 6, not with its own (epoch 1)
seals/000002-2024-03-03.seal: broken chain: prev is not the hash of seals/000001-2024-03-02.seal
out: 6 days from 2024-03-01 to 2024-03-06, 6 seals (0 re-runs): 2 problems
OUT
	cp claimed $s
	"$FORGE" resign key $s --claim
	verify
	assert_failure 2
	assert_line "seals/000001-2024-03-02.seal: wrong epoch key: signed with the key of epoch 6, not with its own (epoch 1)"
}

@test "a whole chain re-signed with a new key pair fails at the trust anchor" {
	six_days
	zcat out/archive/2024-03-02.log.gz | sed 2d | gzip -n >x && mv x out/archive/2024-03-02.log.gz
	rm -r out/seals key
	dcr-seal --new-key --key-file key -o forged-anchor
	for day in $(days 2024-03-01 6); do
		dcr-seal --key-file key --day "$day" out "archive/$day.log.gz" \
			"reports/$day.md" "state/$day/visits.agg" >/dev/null
	done
	verify
	assert_failure 2
	assert_output - <<'OUT'
seals/000000-2024-03-01.seal: wrong epoch key: signed with a key that is not the trust anchor
out: 6 days from 2024-03-01 to 2024-03-06, 6 seals (0 re-runs): 1 problem
OUT
	run -0 dcr-seal --verify --anchor forged-anchor out
}

@test "a truncated chain: the last seals removed, days expected --through" {
	six_days
	rm out/seals/000004-2024-03-05.seal out/seals/000005-2024-03-06.seal
	verify
	assert_failure 2
	assert_output - <<'OUT'
archive/2024-03-05.log.gz: unsealed: in no seal
archive/2024-03-06.log.gz: unsealed: in no seal
reports/2024-03-05.md: unsealed: in no seal
reports/2024-03-06.md: unsealed: in no seal
state/2024-03-05/visits.agg: unsealed: in no seal
state/2024-03-06/visits.agg: unsealed: in no seal
out: 4 days from 2024-03-01 to 2024-03-04, 4 seals (0 re-runs): 6 problems
OUT
	rm -r out/*/2024-03-0[56]*
	verify
	assert_success
	verify --through 2024-03-06
	assert_failure 2
	assert_output - <<'OUT'
seals: truncated chain: the last day sealed is 2024-03-04; days through 2024-03-06 are expected
2024-03-05: missing day: no seal of this day
2024-03-06: missing day: no seal of this day
out: 4 days from 2024-03-01 to 2024-03-04, 4 seals (0 re-runs): 3 problems
OUT
}

@test "an extra file is unsealed, unless --ignore names it; hidden work files are not looked at" {
	six_days
	echo x >out/reports/2024-03.md
	mkdir out/.nightly.2024-03-07.abc
	echo x >out/.nightly.2024-03-07.abc/raw
	verify
	assert_failure 2
	assert_output - <<'OUT'
reports/2024-03.md: unsealed: in no seal
out: 6 days from 2024-03-01 to 2024-03-06, 6 seals (0 re-runs): 1 problem
OUT
	verify --ignore 'reports/????-??.md'
	assert_success
}

@test "a key older than the seals (a restored backup) does not sign again" {
	dcr-seal --new-key --key-file key -o anchor
	publish 2024-03-01
	cp key old
	publish 2024-03-02
	publish 2024-03-03
	cp old key
	run -2 --separate-stderr dcr-seal --key-file key --day 2024-03-04 out
	assert_equal "$stderr" "dcr-seal: key: key is at epoch 1 but out has sealed epoch 2: an old copy of the key (a restored backup?) must not sign again"
	[ ! -e out/seals/000003-2024-03-04.seal ]
}

@test "a run that died after its seal and before the key moved on is completed by the next" {
	dcr-seal --new-key --key-file key -o anchor
	publish 2024-03-01
	cp key before
	publish 2024-03-02
	cp before key # as if the key file had not been replaced
	publish 2024-03-03
	verify
	assert_success
	assert_output "out: 3 days from 2024-03-01 to 2024-03-03, 3 seals (0 re-runs): every seal holds"
}

@test "another folder's key is refused" {
	six_days
	mkdir other && dcr-seal --new-key --key-file key2 -o a2
	run -2 --separate-stderr dcr-seal --key-file key2 --day 2024-03-07 out
	assert_equal "$stderr" "dcr-seal: key2: key is at epoch 0 but out has sealed epoch 5: an old copy of the key (a restored backup?) must not sign again"
}

@test "the sources of the nightly manifest are sealed with the day" {
	dcr-seal --new-key --key-file key -o anchor
	mkdir -p out/manifests
	sum=$(printf raw | sha256sum | cut -c1-64)
	cat >out/manifests/2024-03-01.manifest <<EOF2
# the nightly manifest
day=2024-03-01 facilities=1
source=nl-ams-01.csv facility=nl-ams-01 size=3 sha256=$sum lines=1 records=1 rejects=0
EOF2
	run -0 dcr-seal --key-file key --day 2024-03-01 --sources out/manifests/2024-03-01.manifest \
		out manifests/2024-03-01.manifest
	run -0 grep '^source=' out/seals/000000-2024-03-01.seal
	assert_output "source=nl-ams-01.csv facility=nl-ams-01 size=3 sha256=$sum lines=1 records=1 rejects=0"
	printf 'source=x.csv size=3 sha256=ABC\n' >bad
	run -2 --separate-stderr dcr-seal --key-file key --day 2024-03-02 --sources bad out
	assert_equal "$stderr" "dcr-seal: bad:1: a source whose sha256 is not 64 lower-case hex digits"
}

@test "usage: each mode takes its own options" {
	run -2 --separate-stderr dcr-seal --verify out
	assert_equal "$stderr" "dcr-seal: --verify needs the trust anchor (--anchor KEY), the key --new-key printed
Try 'dcr-seal --help' for more information."
	run -2 --separate-stderr dcr-seal --key-file key out
	assert_equal "${stderr_lines[0]}" "dcr-seal: sealing needs --key-file FILE, --day DAY and DIR"
	run -2 --separate-stderr dcr-seal --key-file key --day 2024-02-30 out
	assert_equal "${stderr_lines[0]}" "dcr-seal: --day: expected a day YYYY-MM-DD, not '2024-02-30'"
	dcr-seal --new-key --key-file key -o anchor
	mkdir out
	run -2 --separate-stderr dcr-seal --key-file key --day 2024-03-01 out ../etc/passwd
	assert_equal "${stderr_lines[0]}" "dcr-seal: ../etc/passwd: a sealed file is named relative to the folder, without '.', '..' or hidden components, outside seals/"
	[ ! -e out/seals/000000-2024-03-01.seal ]
}

@test "NAME=PATH: files sealed in a work folder under the names they get, then moved in place" {
	dcr-seal --new-key --key-file key -o anchor
	mkdir -p out/store/2024-03-01.x out/days out/archive wip
	printf 'ts=2024-03-01T08:00:00Z event=check_in\n' | gzip -n >wip/archive.log.gz
	printf '# report\n' >wip/report.md
	run -0 dcr-seal --key-file key --day 2024-03-01 --archive days/2024-03-01/archive.log.gz out \
		days/2024-03-01/archive.log.gz="$PWD/wip/archive.log.gz" days/2024-03-01/report.md=wip/report.md
	assert_output seals/000000-2024-03-01.seal
	run -0 grep -c 'records=1 first_ts=2024-03-01T08:00:00Z' out/seals/000000-2024-03-01.seal
	mv wip/* out/store/2024-03-01.x/
	ln -s ../store/2024-03-01.x out/days/2024-03-01
	ln -s ../days/2024-03-01/archive.log.gz out/archive/2024-03-01.log.gz
	verify
	assert_success
	assert_output "out: 1 day from 2024-03-01 to 2024-03-01, 1 seal (0 re-runs): every seal holds"
	# a link to a file in no seal, a link to nothing, a stray file in store/
	printf 'x\n' >out/store/2024-03-01.x/extra
	ln -s ../store/2024-03-01.x/extra out/archive/2024-03-02.log.gz
	ln -s ../nowhere out/archive/2024-03-03.log.gz
	verify
	assert_failure 2
	assert_output - <<'OUT'
archive/2024-03-02.log.gz: unsealed: a link to a file in no seal
archive/2024-03-03.log.gz: unsealed: a link to nothing
store/2024-03-01.x/extra: unsealed: in no seal
out: 1 day from 2024-03-01 to 2024-03-01, 1 seal (0 re-runs): 3 problems
OUT
}

@test "--known-missing: a day known to be lost is listed, not a problem" {
	six_days
	rm -r out/archive/2024-03-04.log.gz out/reports/2024-03-04.md out/state/2024-03-04 \
		out/seals/000003-2024-03-04.seal
	verify --known-missing 2024-03-04
	assert_failure 2
	assert_output - <<'OUT'
seals/000004-2024-03-05.seal: truncated chain: the seal of epoch 3 is missing before it
2024-03-04: known missing
out: 6 days from 2024-03-01 to 2024-03-06, 5 seals (0 re-runs): 1 problem
OUT
	dcr-seal --new-key --key-file k2 -o a2
	mkdir o2
	dcr-seal --key-file k2 --day 2024-03-01 o2 >/dev/null
	dcr-seal --key-file k2 --day 2024-03-03 o2 >/dev/null
	run -0 dcr-seal --verify --anchor a2 --known-missing 2024-03-02 o2
	assert_output - <<'OUT'
2024-03-02: known missing
o2: 3 days from 2024-03-01 to 2024-03-03, 2 seals (0 re-runs): every seal holds
OUT
}

@test "a nightly manifest's source without a hash (a file not read) is sealed as it is" {
	dcr-seal --new-key --key-file key -o anchor
	mkdir out
	printf '# dcr-manifest 1\nmanifest=1 day=2024-03-01\nsource=x.txt facility=nl-ams-01 state=unmatched\n' >m
	run -0 dcr-seal --key-file key --day 2024-03-01 --sources m out
	run -0 grep '^source=' out/seals/000000-2024-03-01.seal
	assert_output "source=x.txt facility=nl-ams-01 state=unmatched"
}
