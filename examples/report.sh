# shellcheck shell=bash
# report.sh - the DCR indicators of the nightly and monthly jobs: which
# mergeable states a night keeps, and how a report is made from them.
# Sourced by nightly.sh and monthly.sh, with ZONE, MIN_CELL and HERE set.
#
# Each section is one dcr-agg grouping. A night writes each section's
# state with dcr-agg --partial; a report merges the states of its period
# with dcr-agg --merge, so a month's unique clients are counted once,
# never summed over nights.

SECTIONS="facility hour occupancy referrals refusals substances"

# The aggregates of the main table, one per line.
INDICATORS="visits=count if event == session_start
consumptions=count if event == consumption
clients=distinct:client
injected=count if event == consumption and route == inject
registrations=count if event == registration
overdoses=count if event == incident and incident_type == opioid_overdose
naloxone=count if event == intervention and incident_type == opioid_overdose and response == naloxone
ambulance=count if event == intervention and response == ems_called
referrals=count if event == referral
refusals=count if event == refusal
check_ins=count if event == check_in
sessions=count,mean:duration_s,median:duration_s,p90:duration_s if event == session_end"

# Derived at report time, one per line.
DERIVED="visits_per_client = visits / clients
inject_pct = 100 * injected / consumptions
od_per_1000 = 1000 * overdoses / visits
naloxone_pct = 100 * naloxone / overdoses
ambulance_per_1000 = 1000 * ambulance / visits
referrals_per_100 = 100 * referrals / visits
refusal_pct = 100 * refusals / (refusals + check_ins)"

MAIN_KEYS=visits,consumptions,clients,visits_per_client,inject_pct,od_per_1000,naloxone_pct,ambulance_per_1000,referrals_per_100,refusal_pct,duration_s_median,duration_s_p90

# each_line OPTION TEXT: OPTION and each line of TEXT, one per line.
each_line() {
	printf '%s\n' "$2" | while IFS= read -r line; do
		printf '%s\n%s\n' "$1" "$line"
	done
}

# section_args SECTION: the grouping and aggregates, one word per line.
section_args() {
	case $1 in
	facility) printf '%s\n' -g facility; each_line -a "$INDICATORS" ;;
	hour) printf '%s\n' -g ts:hod -a 'visits=count if event == session_start' ;;
	occupancy) printf '%s\n' -g facility,place_type,ts:day \
		-a 'peak=peak:ts-duration_s if event == session_end' ;;
	referrals) printf '%s\n' -g facility,referral_target,referral_location \
		-a 'referrals=count if event == referral' ;;
	refusals) printf '%s\n' -g facility,refusal_reason \
		-a 'refusals=count if event == refusal' ;;
	substances) printf '%s\n' -g route,substance \
		-a 'consumptions=count if event == consumption' ;;
	esac
}

# agg SECTION ARGS...: dcr-agg ARGS with the section's grouping and
# aggregates (split on newlines only, so aggregates keep their blanks).
agg() {
	_words=$(section_args "$1")
	shift
	set -f
	_ifs=$IFS
	IFS='
'
	# shellcheck disable=SC2086 # split on newlines, on purpose
	set -- $_words "$@"
	IFS=$_ifs
	set +f
	dcr-agg --tz "$ZONE" "$@"
}

# section_events SECTION: the events a section counts (all for the main
# tables), so that no empty group appears.
section_events() {
	case $1 in
	facility) echo 'has(event)' ;;
	hour) echo 'event == session_start' ;;
	occupancy) echo 'event == session_end' ;;
	referrals|refusals) echo "event == ${1%s}" ;;
	substances) echo 'event == consumption' ;;
	esac
}

# partials RECORDS DIR: each section's state of RECORDS, as DIR/SECTION.agg
partials() {
	for s in $SECTIONS; do
		{ dcr-filter "$(section_events "$s")" "$1" || [ $? -eq 1 ]; } |
			agg "$s" --partial -o "$2/$s.agg" || return
	done
}

# merged SECTION STATE...: the section's records over the given states,
# small cells suppressed. The main table gets its derived values and the
# row of all facilities (without a facility key) in the same run, so that
# complementary suppression covers that margin.
merged() {
	_s=$1
	shift
	case $_s in
	facility)
		_derive=$(each_line --derive "$DERIVED")
		set -f
		_ifs=$IFS
		IFS='
'
		# shellcheck disable=SC2086
		set -- --totals $_derive "$@"
		IFS=$_ifs
		set +f ;;
	esac
	dcr-agg --tz "$ZONE" --merge --min-cell "$MIN_CELL" "$@"
}

# with_places: add the places of facilities.conf, and the utilisation,
# to occupancy records.
with_places() {
	awk 'NR == FNR { if ($1 !~ /^#/ && NF == 3) places[$1 " " $2] = $3; next }
	{
		f = t = p = ""
		for (i = 1; i <= NF; i++) {
			eq = index($i, "=")
			k = substr($i, 1, eq - 1); v = substr($i, eq + 1)
			if (k == "facility") f = v
			else if (k == "place_type") t = v
			else if (k == "peak") p = v
		}
		if ((f " " t) in places && p ~ /^[0-9]+$/)
			$0 = $0 " places=" places[f " " t] " utilisation_pct=" int(100 * p / places[f " " t] + 0.5)
		print
	}' "$HERE/facilities.conf" -
}

# report TITLE MD HTML DIR...: the report of the states in the DIRs.
report() {
	_title=$1 _md=$2 _html=$3
	shift 3
	_dirs=$*
	states() { for d in $_dirs; do printf '%s\n' "$d/$1.agg"; done; }
	{
		printf '# %s\n\n' "$_title"
		printf 'Values from fewer than %s records are shown as <%s, and so are the cells\n' "$MIN_CELL" "$MIN_CELL"
		printf 'that would let one work them out from a total (dcr-agg(1), SMALL CELLS).\n\n'
		# shellcheck disable=SC2046 # state file names have no blanks
		merged facility $(states facility) >"$_md.main"
		printf '## Per facility\n\n'
		dcr-filter 'has(facility)' "$_md.main" | dcr-fmt -t md --digits 1 -k "facility,$MAIN_KEYS"
		printf '\n## All facilities\n\n'
		dcr-filter 'missing(facility)' "$_md.main" | dcr-fmt -t md --digits 1 -k "$MAIN_KEYS"
		printf '\n## Visits by hour of day (%s)\n\n' "$ZONE"
		# shellcheck disable=SC2046
		merged hour $(states hour) | dcr-fmt -t md --bar visits
		printf '\n## Peak occupancy per day\n\n'
		# shellcheck disable=SC2046
		merged occupancy $(states occupancy) | with_places |
			dcr-fmt -t md --tz "$ZONE" -k facility,place_type,day,peak,peak_at,places,utilisation_pct
		printf '\n## Referrals\n\n'
		# shellcheck disable=SC2046
		merged referrals $(states referrals) | dcr-fmt -t md
		printf '\n## Refusals by reason\n\n'
		# shellcheck disable=SC2046
		merged refusals $(states refusals) | dcr-fmt -t md
		printf '\n## Consumptions by route and substance\n\n'
		# shellcheck disable=SC2046
		merged substances $(states substances) | dcr-fmt -t md --sort consumptions:n:r
	} >"$_md" || return
	dcr-filter 'has(facility)' "$_md.main" |
		dcr-fmt -t html --title "$_title" --digits 1 --bar visits -o "$_html" \
			-k facility,visits,clients,inject_pct,od_per_1000,referrals_per_100,refusal_pct,duration_s_median
	rm -f "$_md.main"
}
