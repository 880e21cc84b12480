#!/bin/sh
# nightly.sh - the production jobs on the sample days of raw/: each day
# published by dcr-nightly with a throwaway pseudonym key, then the month
# rolled up by dcr-monthly; prints the month's per-facility table. The
# output folder is OUTDIR (default: a new temporary folder, removed after).
# Run from anywhere, with the dcr commands on PATH (make demo does that).
set -eu
cd "$(dirname "$0")"
out=${1:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -n "$out" ] || out=$tmp/out
(umask 077 && head -c 32 /dev/urandom >"$tmp/key")

for day in 2024-03-01 2024-03-02; do
	dcr-nightly -k "$tmp/key" -c sources.conf -F facilities.conf raw "$out" "$day"
done
# The month has 29 days that were never published: dcr-monthly lists
# them and exits 1, which is not a failure here.
dcr-monthly -F facilities.conf "$out" 2024-03 2>/dev/null || [ $? -eq 1 ]
sed -n '1p; /^## Per facility/,/^## All/p' "$out/reports/2024-03.md" | sed '$d'
