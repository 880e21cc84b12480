#!/bin/sh
# demo.sh - the sample logs in logs/ to a summary table per facility:
# visits, unique clients, injecting share, overdoses per 1000 visits.
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
