#!/bin/sh
# tests/bench/seal.sh - how long dcr-seal takes to seal and to verify a
# generated year: 366 daily archives (dcr-gen, FACILITIES facilities), each
# with a report and a state file, sealed one day at a time.
#
# usage: [BINDIR=DIR] [FACILITIES=N] [VISITS=N] sh tests/bench/seal.sh [WORKDIR]
#
# Prints the size of the year and the seconds (best of three) that
# dcr-seal --verify takes; WORKDIR (default: a temporary directory,
# removed) keeps the folder for a look.
set -eu
LC_ALL=C
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
BINDIR=$(cd "${BINDIR:-$here/../../bin}" && pwd)
PATH=$BINDIR:$PATH
FACILITIES=${FACILITIES:-3} VISITS=${VISITS:-250}
if [ $# -gt 0 ]; then work=$1; mkdir -p "$work"; keep=1; else work=$(mktemp -d); keep=0; fi
work=$(cd "$work" && pwd)
[ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT
cd "$work"
chmod 700 .
mkdir -p out/archive out/reports out/state
dcr-gen --facilities "$FACILITIES" --visits "$VISITS" --start 2024-01-01 --days 366 >year.log
# One archive per UTC day: ts comes first, so the day is bytes 4-13.
awk '{ d = substr($1, 4, 10); if (d != last) { if (f) close(f); f = "out/archive/" d ".log"; last = d } print > f }' year.log
rm year.log
dcr-seal --new-key --key-file seal.key -o anchor
for a in out/archive/*.log; do
	day=$(basename "$a" .log)
	gzip -n "$a"
	printf 'report of %s\n' "$day" >"out/reports/$day.md"
	mkdir "out/state/$day"
	printf 'state of %s\n' "$day" >"out/state/$day/visits.agg"
	dcr-seal --key-file seal.key --day "$day" --archive "archive/$day.log.gz" out \
		"archive/$day.log.gz" "reports/$day.md" "state/$day/visits.agg" >/dev/null
done
days=$(ls out/archive | wc -l)
bytes=$(cat out/archive/*.gz | wc -c)
records=$(zcat out/archive/*.gz | wc -l)
best=
for run in 1 2 3; do
	start=$(date +%s.%N)
	dcr-seal --verify --anchor anchor out >/dev/null
	end=$(date +%s.%N)
	t=$(echo "$end - $start" | bc -l)
	if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
done
printf 'days %s, archives %s bytes of gzip, %s records; verify %.2f s\n' \
	"$days" "$bytes" "$records" "$best"
