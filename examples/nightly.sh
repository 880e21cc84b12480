#!/bin/bash
# nightly.sh - one night's facility logs to the records archive, the day's
# indicator report and the day's mergeable state (for monthly.sh).
#
# usage: nightly.sh [-k KEYFILE] [-m MIN_CELL] [-z ZONE] RAWDIR OUTDIR [DAY]
#
# RAWDIR/DAY/ holds the day's raw logs, plain or gzip, in any dialect that
# sources.conf (next to this script) knows. DAY defaults to yesterday in
# ZONE (default Europe/Amsterdam). Written under OUTDIR, each file whole
# or not at all:
#   archive/DAY.log.gz     the day's records in time order (zgrep them)
#   reports/DAY.md, .html  the indicators
#   state/DAY/*.agg        the day's mergeable state, for monthly.sh
#   rejects/DAY.rej        lines that could not be read (mode 0600)
# With -k, client codes are replaced by keyed pseudonyms as the logs are
# read (dcr-parse --pseudonymize), so no file above holds them.
#
# Exit status: 0 done; 1 done, but lines were rejected (see rejects/);
# 2 nothing replaced: bad usage, an unreadable or corrupt input, or a
# failed step. The previous files of DAY stay as they were.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ZONE=Europe/Amsterdam MIN_CELL=10 KEYFILE=
usage() { echo "usage: nightly.sh [-k KEYFILE] [-m MIN_CELL] [-z ZONE] RAWDIR OUTDIR [DAY]" >&2; exit 2; }
while getopts k:m:z: opt; do
	case $opt in
	k) KEYFILE=$OPTARG ;;
	m) MIN_CELL=$OPTARG ;;
	z) ZONE=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 2 ] || [ $# -eq 3 ] || usage
RAW=$1 OUT=$2
DAY=${3:-$(TZ=$ZONE date -d yesterday +%F)}
case $DAY in [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) ;; *) usage ;; esac
[ -d "$RAW/$DAY" ] || { echo "nightly.sh: $RAW/$DAY: no such directory" >&2; exit 2; }

# shellcheck source-path=SCRIPTDIR source=report.sh
. "$HERE/report.sh"

mkdir -p "$OUT/archive" "$OUT/reports" "$OUT/state" "$OUT/rejects"
RAW=$(cd "$RAW" && pwd) OUT=$(cd "$OUT" && pwd)
# dcr-parse runs in this script's directory (for the pattern files)
case $KEYFILE in ''|/*) ;; *) KEYFILE=$PWD/$KEYFILE ;; esac
WORK=$(mktemp -d "$OUT/.nightly.$DAY.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The dcr-parse options of a raw file, from sources.conf.
source_opts() {
	local name glob opts
	name=$(basename "$1")
	while read -r glob opts; do
		case $glob in ''|'#'*) continue ;; esac
		# shellcheck disable=SC2254 # the glob is meant to match
		case $name in $glob) printf '%s\n' "$opts"; return ;; esac
	done <"$HERE/sources.conf"
}

# Parse every raw log of the day; any unreadable input fails the night.
rejected=0 n=0
for f in "$RAW/$DAY"/*; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	read -r -a opts <<<"$(source_opts "$f")"
	[ -z "$KEYFILE" ] || opts+=(--pseudonymize client --key-file "$KEYFILE")
	st=0
	(cd "$HERE" && dcr-parse --tz "$ZONE" "${opts[@]}" --reject "$WORK/rej.$n" \
		-o "$WORK/rec.$n" "$f") || st=$?
	if [ ! -f "$WORK/rec.$n" ]; then
		echo "nightly.sh: $f: not read; nothing replaced" >&2
		exit 2
	fi
	[ "$st" -eq 0 ] || rejected=1
done
[ "$n" -gt 0 ] || { echo "nightly.sh: $RAW/$DAY: no logs" >&2; exit 2; }

# The day's records in time order: ts comes first and is canonical UTC.
LC_ALL=C sort -s -t ' ' -k1,1 "$WORK"/rec.* >"$WORK/day.log"
dcr-fmt -t logfmt -o "$WORK/archive.log.gz" "$WORK/day.log"
mkdir "$WORK/state"
partials "$WORK/day.log" "$WORK/state"
report "DCR indicators $DAY" "$WORK/report.md" "$WORK/report.html" "$WORK/state"

# Everything is ready: put it in place, each file by a rename.
mv "$WORK/archive.log.gz" "$OUT/archive/$DAY.log.gz"
rm -rf "$OUT/state/$DAY.old"
[ ! -d "$OUT/state/$DAY" ] || mv "$OUT/state/$DAY" "$OUT/state/$DAY.old"
mv "$WORK/state" "$OUT/state/$DAY"
rm -rf "$OUT/state/$DAY.old"
mv "$WORK/report.md" "$OUT/reports/$DAY.md"
mv "$WORK/report.html" "$OUT/reports/$DAY.html"
if [ "$rejected" -eq 1 ]; then
	cat "$WORK"/rej.* >"$WORK/rejects"
	chmod 600 "$WORK/rejects"
	mv "$WORK/rejects" "$OUT/rejects/$DAY.rej"
	echo "nightly.sh: lines were rejected: see $OUT/rejects/$DAY.rej" >&2
	exit 1
fi
