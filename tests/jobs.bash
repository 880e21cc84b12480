# jobs.bash - loaded by the tests of dcr-nightly(1) and dcr-monthly(1):
# generated raw days, the example configuration, and the two jobs.

# raw DAY...: a day of logs of the five facilities, each in its dialect;
# RAW_SEED (default 5) and RAW_VISITS (arrivals a day) vary them.
raw() {
	local day gen=(-s "${RAW_SEED:-5}")
	[ -z "${RAW_VISITS:-}" ] || gen+=(--visits "$RAW_VISITS")
	for day in "$@"; do
		mkdir -p "raw/$day"
		dcr-gen "${gen[@]}" --facility nl-ams-01 --start "$day" --days 1 -o "raw/$day/nl-ams-01.log"
		dcr-gen "${gen[@]}" --facility nl-rtm-01 --start "$day" --days 1 -f csv -o "raw/$day/nl-rtm-01.csv"
		dcr-gen "${gen[@]}" --facility nl-utr-01 --start "$day" --days 1 -f jsonl -o "raw/$day/nl-utr-01.jsonl"
		dcr-gen "${gen[@]}" --facility nl-dhg-01 --start "$day" --days 1 -f text -o "raw/$day/nl-dhg-01.txt"
		dcr-gen "${gen[@]}" --facility nl-ein-01 --start "$day" --days 1 -f nl-csv -o "raw/$day/nl-ein-01-export.csv"
		gzip "raw/$day/nl-ams-01.log"
	done
}

# conf: the example sources and facilities files, with their patterns and
# recode files.
conf() {
	cp "$EXAMPLES/sources.conf" "$EXAMPLES/facilities.conf" .
	cp -r "$EXAMPLES/patterns" "$EXAMPLES/recode" .
	head -c 32 /dev/urandom >key
	chmod 600 key
}

night() { dcr-nightly -k key -c sources.conf -F facilities.conf "$@"; }
month() { dcr-monthly -F facilities.conf "$@"; }
