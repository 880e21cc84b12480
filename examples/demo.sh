#!/bin/sh
# demo.sh - the sample logs in logs/ to a summary table per facility:
# visits, unique clients, injecting share, overdoses per 1000 visits.
# Then the nightly job on the sample days in raw/, and its published table.
# Run from anywhere, with the dcr commands on PATH (make demo does that).
set -eu
cd "$(dirname "$0")"

dcr-parse logs/nl-ams-01.log logs/nl-rtm-01.csv |
	dcr-agg -g facility \
		-a 'visits=count if event == session_start' \
		-a 'clients=distinct:client' \
		-a 'consumptions=count if event == consumption' \
		-a 'injecting=count if event == consumption and route == inject' \
		-a 'overdoses=count if event == incident and incident_type == opioid_overdose' \
		-a 'referrals=count if event == referral' \
		--derive 'inject_pct = 100 * injecting / consumptions' \
		--derive 'od_per_1000 = 1000 * overdoses / visits' \
		--derive 'ref_per_100 = 100 * referrals / visits' |
	dcr-fmt -t table --digits 1 -k facility,visits,clients,inject_pct,od_per_1000,ref_per_100

# The nightly job on the sample days of raw/, as cron runs it, into a
# temporary folder (removed at the end) with a key made for the demo.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(umask 077 && head -c 32 /dev/urandom >"$work/key")
for day in 2024-03-01 2024-03-02; do
	dcr-nightly -k "$work/key" -c sources.conf -F facilities.conf raw "$work/out" "$day"
done
echo
echo "dcr-nightly, 2024-03-02 as published (small cells hidden):"
dcr-fmt -t table -k facility,visits,clients,consumptions,duration_s_median \
	"$work/out/days/2024-03-02/tables/facility.log"
