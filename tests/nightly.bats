#!/usr/bin/env bats
# The nightly job (examples/nightly.sh) and the monthly roll-up
# (examples/monthly.sh) on generated logs of several facilities and days.

load helpers

NIGHTLY="$EXAMPLES/nightly.sh"
MONTHLY="$EXAMPLES/monthly.sh"

# raw DAY...: a day of logs of four facilities, each in its own dialect.
raw() {
	for day in "$@"; do
		mkdir -p "raw/$day"
		dcr-gen -s 5 --facility nl-ams-01 --start "$day" --days 1 -o "raw/$day/nl-ams-01.log"
		dcr-gen -s 5 --facility nl-rtm-01 --start "$day" --days 1 -f csv -o "raw/$day/nl-rtm-01.csv"
		dcr-gen -s 5 --facility nl-utr-01 --start "$day" --days 1 -f jsonl -o "raw/$day/nl-utr-01.jsonl"
		dcr-gen -s 5 --facility nl-dhg-01 --start "$day" --days 1 -f text -o "raw/$day/nl-dhg-01.txt"
		gzip "raw/$day/nl-ams-01.log"
	done
}

key() {
	head -c 32 /dev/urandom >key
	chmod 600 key
}

@test "the scripts are shellcheck-clean" {
	run -0 shellcheck -x "$NIGHTLY" "$MONTHLY" "$EXAMPLES/report.sh" "$EXAMPLES/demo.sh"
}

@test "a night writes the archive, the reports and the state, atomically" {
	raw 2024-03-01
	key
	run -0 "$NIGHTLY" -k key raw out 2024-03-01
	run -0 ls out/archive out/reports out/state/2024-03-01
	assert_output "out/archive:
2024-03-01.log.gz

out/reports:
2024-03-01.html
2024-03-01.md

out/state/2024-03-01:
facility.agg
hour.agg
occupancy.agg
referrals.agg
refusals.agg
substances.agg"
	# no temporary files are left behind
	run -0 find out -name '.*'
	assert_output ''
	# the archive is greppable with zgrep, ts-ordered, and pseudonymised
	run -0 sh -c 'zgrep -c "event=session_start" out/archive/2024-03-01.log.gz'
	[ "$output" -gt 100 ]
	run -0 sh -c 'zcat out/archive/2024-03-01.log.gz | cut -d" " -f1 | LC_ALL=C sort -c && echo sorted'
	assert_output sorted
	run -1 sh -c 'zcat out/archive/2024-03-01.log.gz | grep -E "client=[A-Z][0-9A-F]{7}( |$)"'
	run -0 grep -c '^| nl-' out/reports/2024-03-01.md
	assert_output --regexp '^[0-9]+$'
}

@test "the month's report equals a single pass over all its days" {
	raw 2024-03-01 2024-03-02 2024-03-03
	key
	for d in 2024-03-01 2024-03-02 2024-03-03; do
		run -0 "$NIGHTLY" -k key -m 1 raw out "$d"
	done
	run -0 "$MONTHLY" -m 1 out 2024-03
	# The single pass: every raw log of the month through one dcr-agg.
	zcat out/archive/*.log.gz >all.log
	single=$(dcr-agg -g facility -a 'visits=count if event == session_start' \
		-a clients=distinct:client all.log | dcr-fmt -t tsv --no-header)
	# facility, visits and clients: columns 1, 2 and 4 of the report
	monthly=$(grep '^| nl-' out/reports/2024-03.md | head -4 |
		awk -F' *[|] *' -v OFS='\t' '{ print $2, $3, $5 }')
	assert_equal "$monthly" "$single"
	# unique clients of the month are fewer than the sum over the nights
	month_clients=$(dcr-agg -a clients=distinct:client all.log)
	nights=0
	for f in out/archive/*.log.gz; do
		n=$(zcat "$f" | dcr-agg -a clients=distinct:client | cut -d= -f2)
		nights=$((nights + n))
	done
	[ "${month_clients#clients=}" -lt "$nights" ]
}

@test "a corrupt input fails the night and leaves the previous reports intact" {
	raw 2024-03-01
	run -0 "$NIGHTLY" raw out 2024-03-01
	cp -r out before
	# the night is run again with a truncated archive among the inputs
	head -c 2000 raw/2024-03-01/nl-ams-01.log.gz >cut.gz
	mv cut.gz raw/2024-03-01/nl-ams-01.log.gz
	run --separate-stderr -2 "$NIGHTLY" raw out 2024-03-01
	[[ "$stderr" == *"truncated gzip data"* ]] || fail "$stderr"
	run -0 diff -r before out
	run -0 find out -name '.*'
	assert_output ''
}

@test "rejected lines: reports written, rejects kept with mode 0600, status 1" {
	raw 2024-03-01
	printf 'this is not a record\n' >>raw/2024-03-01/nl-rtm-01.csv
	run --separate-stderr -1 "$NIGHTLY" raw out 2024-03-01
	[ -f out/reports/2024-03-01.md ]
	run -0 stat -c %a out/rejects/2024-03-01.rej
	assert_output 600
	run -0 grep -c '^# ' out/rejects/2024-03-01.rej
	assert_output 1
}

@test "a missing day is an error" {
	mkdir raw
	run --separate-stderr -2 "$NIGHTLY" raw out 2024-03-09
	assert_equal "$stderr" "nightly.sh: raw/2024-03-09: no such directory"
}

@test "the README's crontab lines work as written" {
	root="$TMP/root"
	run -0 make -s -C "$DCR_TESTS/.." install DESTDIR="$root" PREFIX=/usr/local
	mkdir -p "$root/etc/dcr" "$root/var/lib/dcr/raw"
	head -c 32 /dev/urandom >"$root/etc/dcr/client.key"
	chmod 600 "$root/etc/dcr/client.key"
	yesterday=$(TZ=Europe/Amsterdam date -d yesterday +%F)
	lastday=$(TZ=Europe/Amsterdam date -d "$(TZ=Europe/Amsterdam date +%Y-%m-01) -1 day" +%F)
	(cd "$root/var/lib/dcr" && raw "$yesterday" && { [ -d "raw/$lastday" ] || raw "$lastday"; })
	# a night of last month, for the monthly line to roll up
	PATH="$root/usr/local/bin:$PATH" "$root/usr/local/share/dcr/examples/nightly.sh" \
		"$root/var/lib/dcr/raw" "$root/var/lib/dcr/out" "$lastday"
	# the crontab block of the README: its PATH line and command lines
	sed -n '/^```crontab$/,/^```$/p' "$DCR_TESTS/../README.md" | sed '1d;$d' >crontab
	[ -s crontab ]
	path=$(sed -n 's/^PATH=//p' crontab | sed "s|/usr/local|$root/usr/local|g")
	grep -E '^[0-9*]' crontab | cut -d' ' -f6- | sed "s|/|$root/|" |
		sed "s| /| $root/|g" >commands
	[ "$(wc -l <commands)" -eq 2 ]
	while read -r cmd; do
		run env -i PATH="$path" HOME="$TMP" sh -c "$cmd"
		[ "$status" -eq 0 ] || fail "$cmd: $output"
	done <commands
	[ -f "$root/var/lib/dcr/out/reports/$yesterday.md" ]
	[ -f "$root/var/lib/dcr/out/reports/${lastday%-*}.md" ]
}
