#!/bin/bash
# monthly.sh - a month's report from the nightly states, without reading
# the raw logs again: unique clients are counted once over the month.
#
# usage: monthly.sh [-m MIN_CELL] [-z ZONE] OUTDIR [MONTH]
#
# Reads OUTDIR/state/MONTH-*/ (written by nightly.sh) and writes
# OUTDIR/reports/MONTH.md and MONTH.html, each whole or not at all.
# MONTH (YYYY-MM) defaults to last month. Exit status: 0 done, 2 failed
# (the previous report stays).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ZONE=Europe/Amsterdam MIN_CELL=10
usage() { echo "usage: monthly.sh [-m MIN_CELL] [-z ZONE] OUTDIR [MONTH]" >&2; exit 2; }
while getopts m:z: opt; do
	case $opt in
	m) MIN_CELL=$OPTARG ;;
	z) ZONE=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || [ $# -eq 2 ] || usage
OUT=$1
MONTH=${2:-$(TZ=$ZONE date -d "$(TZ=$ZONE date +%Y-%m-01) -1 day" +%Y-%m)}
case $MONTH in [0-9][0-9][0-9][0-9]-[0-9][0-9]) ;; *) usage ;; esac

# shellcheck source-path=SCRIPTDIR source=report.sh
. "$HERE/report.sh"

days=()
for d in "$OUT/state/$MONTH"-[0-3][0-9]; do
	[ -d "$d" ] && days+=("$d")
done
[ ${#days[@]} -gt 0 ] || { echo "monthly.sh: no nightly states for $MONTH in $OUT/state" >&2; exit 2; }

WORK=$(mktemp -d "$OUT/.monthly.$MONTH.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
report "DCR indicators $MONTH (${#days[@]} days)" "$WORK/report.md" "$WORK/report.html" "${days[@]}"
mv "$WORK/report.md" "$OUT/reports/$MONTH.md"
mv "$WORK/report.html" "$OUT/reports/$MONTH.html"
