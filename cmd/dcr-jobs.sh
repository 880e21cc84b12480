#!/bin/bash
# dcr-jobs.sh - the production jobs dcr-nightly(1) and dcr-monthly(1): one
# program installed under both names, which chooses its job by the name
# it is called by. A night publishes one local day of facility logs, and a
# month rolls up the published days, each whole or not at all.
#
# Robustness rules of this file (why it may be shell): errexit holds
# everywhere (inherit_errexit, pipefail); no function is ever called as
# the left side of || or && or in a condition, where bash would turn
# errexit off inside it; every status that may legitimately be non-zero
# is taken with "|| st=$?" on one simple command. Any exit that did not
# go through finish() is status 2, and the EXIT trap removes the run's
# unpublished folder, so a failed or killed run never shows a mix.
# SC2015: "A && B || die" is meant: die runs when A or B fails.
# SC2054: commas in -g arguments are dcr-agg's, not array separators.
# SC2317: cleanup runs from the EXIT trap.
# SC2004: array indexes are written as variables on purpose.
# shellcheck disable=SC2015,SC2054,SC2317,SC2004
set -Eeuo pipefail
shopt -s inherit_errexit nullglob
export LC_ALL=C

PROG=${0##*/}
VERSION=@VERSION@
# What a job writes is 0640 (folders 0750) whatever the caller's umask.
umask 027

STATUS=2 WORK='' PUBOUT='' PUBLINK='' LOCKFD='' WORK_TMP='' SEAL_KEY='' ANCHOR=''
KNOWN_MISSING=() CELLOPTS=()
trap 'cleanup' EXIT
trap 'failed $? "$BASH_COMMAND"' ERR
trap 'exit 2' TERM INT HUP

# cleanup: remove the run's folder unless it was published (a signal may
# come between the rename that publishes it and the next command).
cleanup() {
	local now=''
	if [ -n "$WORK" ]; then
		[ -z "$PUBLINK" ] || now=$(readlink -- "$PUBLINK" 2>/dev/null) || now=''
		[ "$now" = "../store/${WORK##*/}" ] || rm -rf -- "$WORK"
	fi
	[ -z "$WORK_TMP" ] || rm -rf -- "$WORK_TMP"
	exit "$STATUS"
}

# failed STATUS COMMAND: a step failed under errexit; say which, once (in
# the main shell, not again in each command substitution on the way).
failed() {
	[ "$BASHPID" != "$$" ] ||
		printf '%s: %s failed (status %s); nothing published\n' "$PROG" "${2%% *}" "$1" >&2
}

die() {
	printf '%s: %s\n' "$PROG" "$*" >&2
	exit 2
}

usage_error() {
	printf '%s: %s\n' "$PROG" "$1" >&2
	printf "Try '%s --help' for more information.\n" "$PROG" >&2
	exit 2
}

finish() {
	STATUS=$1
	exit "$STATUS"
}

# ---- shared by both jobs ----------------------------------------------------

ZONE=Europe/Amsterdam MIN_CELL=10 STRICT=0 LOCK_TIMEOUT=600
SOURCES=/etc/dcr/sources.conf FACILITIES=/etc/dcr/facilities.conf
# The shipped indicator sets, found from where the program is (make
# writes the path from bin/ to them: ../share in the tree, ../share/dcr
# once installed), so that a staged install works as well.
SETS=$(dirname -- "$(readlink -f -- "$0")")/@SHARE@/indicators
IND=$SETS/facility.ind
# The shipped schema: its keys are known to dcr-agg and dcr-filter even on
# a day when no record has them (a quiet day without refusals is no typo).
SCHEMA=${SETS%/indicators}/dcr.schema
NOTES=() INFOS=()

# cell_key FILE: perturb every count with the key in FILE (dcr-agg
# --cell-key, which checks the file), in the days' states and in every
# merge of them alike.
cell_key() {
	local f=$1
	case $f in /*) ;; *) f=$PWD/$f ;; esac
	CELLOPTS=(--cell-key "$f")
}

note() { NOTES+=("$*"); }
info() { INFOS+=("$*"); }

# lock OUT: hold OUT's lock for the rest of the run; a run that cannot
# get it within LOCK_TIMEOUT seconds publishes nothing.
lock() {
	exec {LOCKFD}>>"$1/.lock"
	local st=0
	flock -w "$LOCK_TIMEOUT" "$LOCKFD" || st=$?
	[ "$st" -eq 0 ] || die "$1: another run holds the lock for more than $LOCK_TIMEOUT s; nothing published"
}

# sweep OUT: remove the folders of runs that died (nothing refers to
# them) and dangling publish links. Runs with the lock held.
sweep() {
	local out=$1 d l keep
	declare -A keep=()
	for l in "$out"/days/* "$out"/months/*; do
		[ -L "$l" ] || continue
		d=$(readlink -- "$l")
		keep[${d##*/}]=1
	done
	for l in "$out"/days/.* "$out"/months/.*; do
		case ${l##*/} in . | ..) continue ;; esac
		rm -f -- "$l"
	done
	for d in "$out"/store/*; do
		[ -n "${keep[${d##*/}]+y}" ] || rm -rf -- "$d"
	done
}

# publish OUT KIND NAME FOLDER: make KIND/NAME point at FOLDER (under
# OUT/store) by one rename of a symbolic link, then remove what it
# pointed at before. Readers see the old folder or the new, never a mix.
publish() {
	local out=$1 kind=$2 name=$3 folder=$4 old=
	if [ -L "$out/$kind/$name" ]; then
		old=$(readlink -- "$out/$kind/$name")
	fi
	sync -- "$folder" "$folder"/* "$folder"/*/
	ln -s -- "../store/${folder##*/}" "$out/$kind/.$name.new"
	PUBLINK=$out/$kind/$name
	mv -T -- "$out/$kind/.$name.new" "$out/$kind/$name"
	WORK=''
	sync -- "$out/$kind"
	[ -z "$old" ] || [ "$old" = "../store/${folder##*/}" ] || rm -rf -- "${out:?}/$kind/$old"
}

# link OUT PATH TARGET: a stable convenience link (archive/DAY.log.gz and
# so on) through the published link; made once, never swapped.
link() {
	[ -L "$1/$2" ] || ln -s -- "$3" "$1/$2"
}

# roster FILE: read the facilities file into FAC_* arrays.
declare -a ROSTER=()
declare -A FAC_MUNI=() FAC_SMOKE=() FAC_INJECT=() FAC_OPEN=()
roster() {
	local file=$1 first fac muni smoke inject open extra n=0
	[ -f "$file" ] && [ -r "$file" ] || die "$file: cannot read the facilities file (--facilities)"
	IFS= read -r first <"$file" || first=
	[ "$first" = "# dcr-facilities 1" ] ||
		die "$file: not a version 1 facilities file (its first line must be '# dcr-facilities 1')"
	while read -r fac muni smoke inject open extra; do
		n=$((n + 1))
		case $fac in '' | '#'*) continue ;; esac
		[[ $fac =~ ^[a-z0-9][a-z0-9_-]*$ && $muni =~ ^[0-9A-Za-z_-]+$ && $smoke =~ ^[0-9]+$ &&
			$inject =~ ^[0-9]+$ && $open =~ ^(-|(mon|tue|wed|thu|fri|sat|sun)(,(mon|tue|wed|thu|fri|sat|sun))*)$ &&
			-z $extra ]] ||
			die "$file:$n: expected FACILITY MUNICIPALITY SMOKE INJECT OPEN-DAYS (such as mon,tue,sat or -)"
		[ -z "${FAC_MUNI[$fac]+y}" ] || die "$file:$n: facility $fac is listed twice"
		ROSTER+=("$fac")
		FAC_MUNI[$fac]=$muni FAC_SMOKE[$fac]=$smoke FAC_INJECT[$fac]=$inject FAC_OPEN[$fac]=$open
	done <"$file"
	[ ${#ROSTER[@]} -gt 0 ] || die "$file: no facility listed"
}

# check_day DAY: a local calendar day written YYYY-MM-DD.
check_day() {
	[[ $1 =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] && [ "$(date -d "$1" +%F 2>/dev/null || :)" = "$1" ] ||
		usage_error "DAY '$1' is not a date: expected YYYY-MM-DD, such as 2024-03-01"
}

# utc DAY: the UTC time of local midnight starting DAY in ZONE.
utc() {
	local s
	s=$(TZ=$ZONE date -d "$1 00:00:00" +%s)
	date -u -d "@$s" +%Y-%m-%dT%H:%M:%SZ
}

# ---- the indicator set: the report's sections, as data -------------------------

# The indicator file (dcr-indicators(5)): records of sections and fields.
SEC_KEYS=section,title,select,group,totals,places,bar,sort,digits,tz,columns,html,html_bar,html_line,period,month_group,month_title
FIELD_KEYS=field,section,agg,derive,label,unit,define
KEY_KEYS=key,label,unit,define
declare -a SECTIONS=()
declare -A SEC_TITLE=() SEC_SELECT=() SEC_GROUP=() SEC_TOTALS=() SEC_PLACES=() SEC_BAR=() SEC_SORT=()
declare -A SEC_DIGITS=() SEC_TZ=() SEC_COLUMNS=() SEC_HTML=() SEC_HTML_BAR=() SEC_AGGS=() SEC_DERIVES=() SEC_FIELDS=()
declare -A SEC_HTML_LINE=() SEC_PERIOD=() SEC_MONTH_GROUP=() SEC_MONTH_TITLE=() SEC_REGROUP=()
declare -A SEC_LABELS=() SEC_LEGEND=() KEY_LABEL=() KEY_LEGEND=()
INDICATORS='' INDICATORS_SUM=''

# tsv KEYS EXPR FILE: the records of FILE where EXPR holds, as lines of
# KEYS separated by 0x1f (TSV escapes tabs and newlines in values, and
# empty cells must survive "read", which merges runs of blank IFS).
tsv() {
	local st=0
	dcr-filter --no-progress -o "$WORK_TMP/ind.sel" "$2" "$3" || st=$?
	[ "$st" -le 1 ] || die "$3: not an indicator file (dcr-filter status $st)"
	# Every key of an indicator record is optional: declared known, so that
	# dcr-fmt leaves its cell empty (which are required is checked by the
	# caller, with a message of its own).
	{ printf '# dcr-keys 1 %s\n' "$1" && cat -- "$WORK_TMP/ind.sel"; } >"$WORK_TMP/ind.decl"
	dcr-fmt --no-progress -t tsv --no-guard --no-header -k "$1" \
		-o "$WORK_TMP/ind.tsv" "$WORK_TMP/ind.decl"
	tr '\t' '\037' <"$WORK_TMP/ind.tsv"
}

# indicators FILE: read the indicator set; refuse another version, an
# unknown key, a field without its section, label or definition.
indicators() {
	local file=$1 first name title select group totals places bar sort digits tz columns html html_bar html_line period month_group month_title g
	local section agg derive label unit define
	[ -f "$file" ] && [ -r "$file" ] || die "$file: cannot read the indicator file (--indicators)"
	IFS= read -r first <"$file" || first=''
	[ "$first" = "# dcr-indicators 1" ] ||
		die "$file: not a version 1 indicator file (its first line must be '# dcr-indicators 1')"
	INDICATORS=$file
	INDICATORS_SUM=$(sha256sum <"$file")
	INDICATORS_SUM=${INDICATORS_SUM%% *}
	WORK_TMP=$(mktemp -d)
	select_to "$WORK_TMP/left" -x "$SEC_KEYS,${FIELD_KEYS#field,section,},field,key" 'has(section) or has(field) or has(key)' "$file"
	[ "$(grep -c = "$WORK_TMP/left" || :)" -eq 0 ] ||
		die "$file: a key that is not one of $SEC_KEYS,$FIELD_KEYS,key"
	select_to "$WORK_TMP/left" 'missing(section) and missing(field) and missing(key) or has(key) and (has(section) or has(field))' "$file"
	[ ! -s "$WORK_TMP/left" ] ||
		die "$file: a record that is not one of a section, a field or a key: give it section=, field= or key= (one of them)"
	while IFS=$'\037' read -r name title select group totals places bar sort digits tz columns html html_bar html_line period month_group month_title; do
		[[ $name =~ ^[a-z][a-z0-9_]*$ ]] || die "$file: section '$name': a name such as per_facility"
		[ -z "${SEC_TITLE[$name]+y}" ] || die "$file: section $name is declared twice"
		[ -n "$title" ] && [ -n "$select" ] && [ -n "$group" ] ||
			die "$file: section $name: give its title, select and group"
		SECTIONS+=("$name")
		SEC_TITLE[$name]=$title SEC_SELECT[$name]=$select SEC_GROUP[$name]=$group SEC_TOTALS[$name]=$totals
		SEC_PLACES[$name]=$places SEC_BAR[$name]=$bar SEC_SORT[$name]=$sort SEC_DIGITS[$name]=$digits
		SEC_TZ[$name]=$tz SEC_COLUMNS[$name]=$columns SEC_HTML[$name]=$html SEC_HTML_BAR[$name]=$html_bar
		[ -z "$period" ] || [ "$period" = month ] ||
			die "$file: section $name: period=month (in the month's report only) or no period"
		SEC_HTML_LINE[$name]=$html_line SEC_PERIOD[$name]=$period
		# month_group: the month merges the days' states by these of
		# the group's keys only (dcr-agg --merge -g), the others away
		for g in ${month_group//,/ }; do
			[[ ,$group, == *",$g,"* ]] ||
				die "$file: section $name: month_group names '$g', not a key of its group"
		done
		SEC_MONTH_GROUP[$name]=$month_group SEC_MONTH_TITLE[$name]=$month_title
		SEC_AGGS[$name]='' SEC_DERIVES[$name]='' SEC_FIELDS[$name]='' SEC_LABELS[$name]=''
	done < <(tsv "$SEC_KEYS" 'has(section) and missing(field)' "$file")
	[ ${#SECTIONS[@]} -gt 0 ] || die "$file: no section"
	while IFS=$'\037' read -r name section agg derive label unit define; do
		[[ $name =~ ^[a-z][a-z0-9_]*$ ]] || die "$file: field '$name': a name such as visits"
		[ -n "${SEC_TITLE[$section]+y}" ] || die "$file: field $name: no section '$section'"
		[ -n "$label" ] && [ -n "$unit" ] && [ -n "$define" ] ||
			die "$file: field $name: give its label, unit and definition"
		SEC_FIELDS[$section]+="$name,"
		SEC_LABELS[$section]+="$name=$(label_of "$label" "$unit")"$'\n'
		SEC_LEGEND[$section,$name]="$label"$'\037'"$unit"$'\037'"$define"
		if [ -n "$agg" ] && [ -z "$derive" ]; then
			SEC_AGGS[$section]+="$name=$agg"$'\n'
		elif [ -z "$agg" ] && [ -n "$derive" ]; then
			SEC_DERIVES[$section]+="$name = $derive"$'\n'
		else
			die "$file: field $name: give either agg or derive"
		fi
	done < <(tsv "$FIELD_KEYS" 'has(field)' "$file")
	for name in "${SECTIONS[@]}"; do
		[ -n "${SEC_AGGS[$name]}" ] || die "$file: section $name has no agg field"
	done
	keys "$file"
	rm -rf -- "$WORK_TMP"
	WORK_TMP=''
}

# keys FILE: the key records of the indicator set: the label, unit and
# definition of a column that is not a field (a grouping key, the places
# of the roster), for every section that shows it.
keys() {
	local file=$1 name label unit define s
	while IFS=$'\037' read -r name label unit define; do
		[[ $name =~ ^[a-z][a-z0-9_]*$ ]] || die "$file: key '$name': a name such as facility"
		[ -z "${KEY_LABEL[$name]+y}" ] || die "$file: key $name is declared twice"
		[ -n "$label" ] && [ -n "$define" ] || die "$file: key $name: give its label and definition"
		for s in "${SECTIONS[@]}"; do
			[[ ,${SEC_FIELDS[$s]} != *",$name,"* ]] ||
				die "$file: key $name is a field of section $s: its field record labels it"
		done
		KEY_LABEL[$name]=$label
		[ -z "$unit" ] || KEY_LABEL[$name]=$(label_of "$label" "$unit")
		KEY_LEGEND[$name]="$label"$'\037'"$unit"$'\037'"$define"
	done < <(tsv "$KEY_KEYS" 'has(key)' "$file")
}

# month_view: the sections as the month shows them: a section with
# month_group is grouped by those keys (SEC_REGROUP: merged passes them as
# -g), its columns lose the keys merged away (a day), and month_title is
# its heading.
month_view() {
	local s g k cols html
	for s in "${SECTIONS[@]}"; do
		[ -z "${SEC_MONTH_TITLE[$s]}" ] || SEC_TITLE[$s]=${SEC_MONTH_TITLE[$s]}
		[ -n "${SEC_MONTH_GROUP[$s]}" ] || continue
		cols=,${SEC_COLUMNS[$s]}, html=,${SEC_HTML[$s]},
		for g in ${SEC_GROUP[$s]//,/ }; do
			[[ ,${SEC_MONTH_GROUP[$s]}, != *",$g,"* ]] || continue
			k=${g##*:}
			cols=${cols//,"$k",/,} html=${html//,"$k",/,}
		done
		cols=${cols#,} html=${html#,}
		SEC_COLUMNS[$s]=${cols%,} SEC_HTML[$s]=${html%,}
		SEC_GROUP[$s]=${SEC_MONTH_GROUP[$s]} SEC_REGROUP[$s]=1
	done
}

# label_of LABEL UNIT: a column's heading, "LABEL (UNIT)" unless LABEL
# names the unit already (Visits, visits).
label_of() {
	local words=" ${1,,} "
	words=${words//,/ }
	if [[ $words == *" ${2,,} "* ]]; then
		printf '%s\n' "$1"
	else
		printf '%s (%s)\n' "$1" "$2"
	fi
}

# select_to OUT ARGS...: the records dcr-filter ARGS selects, in OUT
# (none is fine: OUT is then empty).
select_to() {
	local out=$1 st=0
	shift
	dcr-filter --no-progress -o "$out" "$@" || st=$?
	[ "$st" -le 1 ] && [ -f "$out" ] || die "dcr-filter failed on ${*: -1} (status $st)"
}

# partials RECORDS DIR: each section's state of RECORDS, DIR/SECTION.agg.
partials() {
	local s st line args
	for s in "${SECTIONS[@]}"; do
		select_to "$2/.in" --schema "$SCHEMA" "${SEC_SELECT[$s]}" "$1"
		args=(-g "${SEC_GROUP[$s]}")
		while IFS= read -r line; do [ -z "$line" ] || args+=(-a "$line"); done <<<"${SEC_AGGS[$s]}"
		st=0
		dcr-agg --no-progress --tz "$ZONE" --schema "$SCHEMA" "${CELLOPTS[@]}" "${args[@]}" --partial -o "$2/$s.agg" "$2/.in" 2>"$2/.log" || st=$?
		if [ "$st" -ne 0 ]; then
			cat -- "$2/.log" >&2
			die "the $s section failed (dcr-agg status $st); nothing published"
		fi
		# What dcr-agg says of records it skips goes to the notes file,
		# as information: cron mails nothing for it.
		while IFS= read -r line; do info "$s section: $line"; done <"$2/.log"
	done
	rm -f -- "$2/.in" "$2/.log"
}

# merged SECTION OUT STATE...: the section's records over the states,
# small cells suppressed, with its derived values and, for totals=, the
# row of all groups in the same run (so that complementary suppression
# covers that margin).
merged() {
	local s=$1 out=$2 line
	shift 2
	local extra=()
	[ -z "${SEC_TOTALS[$s]}" ] || extra=(--totals)
	[ -z "${SEC_REGROUP[$s]:-}" ] || extra+=(-g "${SEC_GROUP[$s]}")
	while IFS= read -r line; do [ -z "$line" ] || extra+=(--derive "$line"); done <<<"${SEC_DERIVES[$s]}"
	local st=0
	dcr-agg --no-progress --tz "$ZONE" --merge --min-cell "$MIN_CELL" "${CELLOPTS[@]}" "${extra[@]}" -o "$out" "$@" 2>"$out.log" || st=$?
	if [ "$st" -ne 0 ]; then
		cat -- "$out.log" >&2
		die "the $s section failed (dcr-agg status $st); nothing published"
	fi
	# What it says of values it leaves absent (a peak without sessions)
	# goes to the notes file, as in partials.
	while IFS= read -r line; do info "$s section: $line"; done <"$out.log"
	rm -f -- "$out.log"
}

# with_places IN OUT: occupancy records with the places of the roster and
# the utilisation, joined by dcr-join(1) from a table of the roster's
# places per facility and place type. Only a shown peak is looked up: a
# hidden one (<10) gets neither, so that no row shows a utilisation
# beside a peak it hides. dcr-join declares the two keys, which a row may
# lack, for dcr-fmt.
with_places() {
	local fac st=0 line
	for fac in "${ROSTER[@]}"; do
		printf 'facility=%s place_type=smoke places=%s\n' "$fac" "${FAC_SMOKE[$fac]}"
		printf 'facility=%s place_type=inject places=%s\n' "$fac" "${FAC_INJECT[$fac]}"
	done >"$1.places"
	dcr-join --no-progress -T "$1.places" --on facility,place_type --fields places \
		--if 'peak ~ /^[0-9]+$/ and place_type in (smoke, inject)' \
		--derive 'utilisation_pct = round(100 * peak / places)' \
		-o "$2" "$1" 2>"$2.log" || st=$?
	if [ "$st" -gt 1 ]; then
		cat -- "$2.log" >&2
		die "the places of the roster could not be joined (dcr-join status $st); nothing published"
	fi
	# A row of a facility the roster no longer lists (a month over an
	# older roster) keeps no places: said in the notes file, as information.
	while IFS= read -r line; do info "occupancy: $line"; done <"$2.log"
	rm -f -- "$1.places" "$2.log"
}

# declare_keys KEYS FILE: FILE's first line, the declaration of its keys
# ("# dcr-keys 1 ...", written by dcr-agg when a record lacks one), with
# KEYS added, or a new one: the keys a step adds to some records only
# (an interval) stay known to dcr-fmt, so that their cells may be empty
# while a typo in a column list is refused.
declare_keys() {
	local first
	IFS= read -r first <"$2" || first=''
	if [[ $first == "# dcr-keys 1 "* ]]; then
		{ printf '%s,%s\n' "$first" "$1" && tail -n +2 -- "$2"; } >"$2.decl"
	else
		{ printf '# dcr-keys 1 %s\n' "$1" && cat -- "$2"; } >"$2.decl"
	fi
	mv -- "$2.decl" "$2"
}

# fmt_args SECTION: FMT with the dcr-fmt options of SECTION's table.
fmt_args() {
	FMT=()
	[ -z "${SEC_DIGITS[$1]}" ] || FMT+=(--digits "${SEC_DIGITS[$1]}")
	[ -z "${SEC_BAR[$1]}" ] || FMT+=(--bar "${SEC_BAR[$1]}")
	[ -z "${SEC_SORT[$1]}" ] || FMT+=(--sort "${SEC_SORT[$1]}")
	[ -z "${SEC_TZ[$1]}" ] || FMT+=(--tz "$ZONE")
	[ -z "${SEC_COLUMNS[$1]}" ] || FMT+=(-k "${SEC_COLUMNS[$1]}")
}

# intervals SECTION: the NAMEs of the NAME_ci columns of SECTION's tables
# that have their NAME_lo and NAME_hi fields, one a line.
intervals() {
	local k
	for k in ${SEC_COLUMNS[$1]//,/ } ${SEC_HTML[$1]//,/ }; do
		[[ $k == *_ci ]] || continue
		k=${k%_ci}
		[[ ,${SEC_FIELDS[$1]} == *",${k}_lo,"* && ,${SEC_FIELDS[$1]} == *",${k}_hi,"* ]] || continue
		printf '%s\n' "$k"
	done | sort -u
}

# with_intervals SECTION FILE: each record of FILE with NAME_ci, the
# interval "lo–hi" of its NAME_lo and NAME_hi rounded to the section's
# digits (1 without), for each NAME of intervals; a hidden limit (the
# rate rests on a hidden count) hides the interval, never shows half.
with_intervals() {
	local names
	names=$(intervals "$1" | tr '\n' ' ')
	[ -n "$names" ] || return 0
	awk -v names="$names" -v digits="${SEC_DIGITS[$1]:-1}" '
		function val(k,   m) {
			if (match(" " $0, " " k "=[^ ]*")) return substr(" " $0, RSTART + length(k) + 2, RLENGTH - length(k) - 2)
			return ""
		}
		BEGIN { n = split(names, name, " ") }
		{
			line = $0
			for (i = 1; i <= n; i++) {
				lo = val(name[i] "_lo"); hi = val(name[i] "_hi")
				if (lo ~ /^</) line = line " " name[i] "_ci=" lo
				else if (hi ~ /^</) line = line " " name[i] "_ci=" hi
				else if (lo != "" && hi != "") line = line sprintf(" %s_ci=%.*f\342\200\223%.*f", name[i], digits, lo, digits, hi)
			}
			print line
		}' "$2" >"$2.ci"
	mv -- "$2.ci" "$2"
	declare_keys "$(intervals "$1" | sed 's/$/_ci/' | paste -sd,)" "$2"
}

# html_args SECTION: FMT with the dcr-fmt options of SECTION's HTML table:
# the columns of html= (or of its Markdown table) and a chart of html_bar=
# (or bar=) over its rows.
html_args() {
	local chart=${SEC_HTML_BAR[$1]:-${SEC_BAR[$1]}}
	FMT=()
	[ -z "${SEC_DIGITS[$1]}" ] || FMT+=(--digits "${SEC_DIGITS[$1]}")
	[ -z "${SEC_SORT[$1]}" ] || FMT+=(--sort "${SEC_SORT[$1]}")
	[ -z "${SEC_TZ[$1]}" ] || FMT+=(--tz "$ZONE")
	[ -z "$chart" ] || FMT+=(--chart "$chart")
	labels "$1"
	if [ -n "${SEC_HTML[$1]}" ]; then
		FMT+=(-k "${SEC_HTML[$1]}")
	elif [ -n "${SEC_COLUMNS[$1]}" ]; then
		FMT+=(-k "${SEC_COLUMNS[$1]}")
	fi
}

# labels SECTION: FMT with a --label per field of SECTION and per key
# record of the set that its tables show.
labels() {
	local line k
	while IFS= read -r line; do [ -z "$line" ] || FMT+=(--label "$line"); done <<<"${SEC_LABELS[$1]}"
	for k in $(intervals "$1"); do FMT+=(--label "${k}_ci=95% interval"); done
	for k in $(shown "$1" html | tr , ' '); do
		[ -z "${KEY_LABEL[$k]+y}" ] || FMT+=(--label "$k=${KEY_LABEL[$k]}")
	done
}

# shown SECTION md|html: the keys of SECTION's table, comma-separated: its
# html= (for html) or columns=, else its grouping keys (the name of a
# time bucket, hod for ts:hod; NAME of NAME=...; FIELD_band or age_band
# of a band, whose edges are the items that start with a digit or sign)
# and its fields.
shown() {
	local g keys=''
	[ "$2" != html ] || [ -z "${SEC_HTML[$1]}" ] || { printf '%s\n' "${SEC_HTML[$1]}"; return 0; }
	[ -z "${SEC_COLUMNS[$1]}" ] || { printf '%s\n' "${SEC_COLUMNS[$1]}"; return 0; }
	for g in ${SEC_GROUP[$1]//,/ }; do
		case $g in
		[-+0-9]*) ;;
		*=*) keys+="${g%%=*}," ;;
		band:age\(*\):*) keys+="age_band," ;;
		band:*:*) g=${g#band:} && keys+="${g%%:*}_band," ;;
		*) keys+="${g##*:}," ;;
		esac
	done
	printf '%s\n' "$keys${SEC_FIELDS[$1]%,}"
}

# interval_legend SECTION NAME: the legend entry of NAME_ci, from that
# of NAME and the definition of NAME_lo.
interval_legend() {
	local label unit define lo
	[ -n "${SEC_LEGEND[$1,$2]:-}" ] && [ -n "${SEC_LEGEND[$1,$2_lo]:-}" ] || return 0
	IFS=$'\037' read -r label unit define <<<"${SEC_LEGEND[$1,$2]}"
	IFS=$'\037' read -r _ _ lo <<<"${SEC_LEGEND[$1,$2_lo]}"
	printf '95%% interval, %s\037%s\037%s\n' "${label,}" "$unit" "$lo, which holds the true value with 95% confidence"
}

# legend SECTION md|html: the label, unit and definition of each key of
# SECTION's table, as a Markdown list or an HTML <dl>.
legend() {
	local k entry label unit define term
	[ "$2" = md ] || printf '<dl>\n'
	for k in $(shown "$1" "$2" | tr , ' '); do
		entry=${SEC_LEGEND[$1,$k]:-${KEY_LEGEND[$k]:-}}
		[[ $k != *_ci ]] || entry=$(interval_legend "$1" "${k%_ci}")
		[ -n "$entry" ] || continue
		IFS=$'\037' read -r label unit define <<<"$entry"
		term=$label
		[ -z "$unit" ] || term=$(label_of "$label" "$unit")
		if [ "$2" = md ]; then
			# the Markdown tables are headed by keys: the legend names them
			printf -- '- %s, %s: %s\n' "$k" "$term" "$define"
		else
			IFS=$'\037' read -r term define < <(printf '%s\037%s\n' "$term" "$define" | html_escape)
			printf '<dt>%s</dt><dd>%s</dd>\n' "$term" "$define"
		fi
	done
	[ "$2" = md ] || printf '</dl>\n'
}

# The month's report (dcr-monthly sets these; the night's report leaves
# them empty): its month, its days so far (YYYY-MM-DD, blank-separated),
# and the published folder of the month before, for comparison.
REPORT_MONTH='' REPORT_DAYS='' REPORT_PREV='' REPORT_PREV_NAME=''

# every_day FILE FIELDS: the rows of FILE, a section grouped by ts:day,
# with a row "day=D" (no value: a gap in its chart) for each day D of the
# month so far that it lacks, in day order, so that row i is day i of the
# month (the line chart sets months side by side by row); a row of
# another day comes after them. The FIELDS (comma-separated) are declared
# known, as a month without records has rows without any of them.
every_day() {
	local first k missing=''
	awk -v days="$REPORT_DAYS" '
		BEGIN { n = split(days, day, " "); for (i = 1; i <= n; i++) want[day[i]] = 1 }
		/^#/ { print; next }
		match(" " $0, / day=[^ ]*/) {
			d = substr(" " $0, RSTART + 5, RLENGTH - 5)
			if (d in want) row[d] = $0; else other[++no] = $0
			next
		}
		{ other[++no] = $0 }
		END {
			for (i = 1; i <= n; i++) print (day[i] in row) ? row[day[i]] : "day=" day[i]
			for (i = 1; i <= no; i++) print other[i]
		}' "$1" >"$1.days"
	mv -- "$1.days" "$1"
	IFS= read -r first <"$1" || first=''
	[[ $first == "# dcr-keys 1 "* ]] || first=''
	for k in ${2//,/ }; do
		[[ ,${first#"# dcr-keys 1 "}, == *",$k,"* ]] || missing+=",$k"
	done
	[ -z "$missing" ] || declare_keys "${missing#,}" "$1"
}

# line_args SECTION: FMT with the line chart of SECTION's html_line= over
# its rows and, in the month's report, the same section of the month
# before, as published, to compare; a month before that was not published
# or whose table lacks the key (another indicator set) draws no second
# line, as an unknown is not a zero.
line_args() {
	local key=${SEC_HTML_LINE[$1]} prev
	[ -n "$key" ] || return 0
	FMT+=(--line "$key")
	[ -n "$REPORT_PREV" ] || return 0
	prev="$REPORT_PREV/tables/$1.log"
	[ -f "$prev" ] && grep -q -E "(^| )$key=" -- "$prev" || return 0
	FMT+=(--compare "$prev" --compare-label "$REPORT_PREV_NAME")
}

# html_section SECTION HEADING DIR N: DIR/N.html, the section of
# report.html: its heading, chart and table, and its totals= table.
html_section() {
	local s=$1 first=${SEC_GROUP[$1]%%,*}
	first=${first%%:*}
	first=${first#*=}
	html_args "$s"
	line_args "$s"
	{
		printf '<section>\n'
		dcr-fmt --no-progress -t html --fragment 2 --title "$2" "${FMT[@]}" "$3/$s.rows"
		if [ -n "${SEC_TOTALS[$s]}" ]; then
			local cols=${SEC_HTML[$s]:-${SEC_COLUMNS[$s]}}
			FMT=()
			[ -z "${SEC_DIGITS[$s]}" ] || FMT+=(--digits "${SEC_DIGITS[$s]}")
			[ -z "$cols" ] || FMT+=(-k "${cols#"$first",}")
			labels "$s"
			dcr-fmt --no-progress -t html --fragment 3 --title "${SEC_TOTALS[$s]}" "${FMT[@]}" "$3/$s.total"
		fi
		legend "$s" html
		printf '</section>\n'
	} >"$3/$4.html"
}

# html_escape: stdin as HTML text.
html_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }

# html_prose FILE: the paragraphs of the Markdown head FILE (its title
# is the page's <h1>), as HTML.
html_prose() {
	sed -e '1,2d' -- "$1" | html_escape |
		awk 'BEGIN { printf "<p>" } /^$/ { printf "</p>\n<p>"; next } { print } END { print "</p>" }'
}

# html_notes FILE: the notes of the run as a section of report.html.
html_notes() {
	[ -s "$1" ] || return 0
	printf '<section>\n<h2>Notes</h2>\n<ul>\n'
	html_escape <"$1" | sed -e 's/^/<li>/' -e 's/$/<\/li>/'
	printf '</ul>\n</section>\n'
}

# report TITLE DIR STATEDIR...: DIR/report.md and report.html from the
# states in the STATEDIRs, a table per section of the indicator set.
report() {
	local title=$1 dir=$2 s d i=0 first FMT heading
	shift 2
	local t="$dir/.report"
	mkdir "$t"
	{
		printf '# %s\n\n' "$title"
		printf 'Values from fewer than %s records are shown as <%s, and so are the cells\n' "$MIN_CELL" "$MIN_CELL"
		printf 'that would let one work them out from a total (dcr-agg(1), SMALL CELLS).\n'
		[ ${#CELLOPTS[@]} -eq 0 ] || printf '%s\n' '' \
			'Counts carry a small random noise (the cell key method): each may differ from' \
			'the true count by up to 8, by 0 or 1 in 84 of 100 cells; a count of 0 stays 0,' \
			'and rates are computed from the published counts. A cell has the same value in' \
			'every table and report, so that no difference of two published figures gives' \
			'away a hidden one (dcr-agg(1), SMALL CELLS).'
	} >"$t/head.md"
	html_prose "$t/head.md" >"$t/head.html"
	for s in "${SECTIONS[@]}"; do
		# period=month: in the month's report only (a day has one day)
		[ "${SEC_PERIOD[$s]}" != month ] || [ -n "$REPORT_MONTH" ] || continue
		local states=()
		for d in "$@"; do states+=("$d/$s.agg"); done
		merged "$s" "$t/$s" "${states[@]}"
		[ -z "$REPORT_MONTH" ] || [ "${SEC_GROUP[$s]}" != ts:day ] || every_day "$t/$s" "${SEC_FIELDS[$s]%,}"
		first=${SEC_GROUP[$s]%%,*}
		first=${first%%:*}
		first=${first#*=}
		# every field of the section, machine-readable, as the report shows it
		[ -d "$dir/tables" ] || mkdir -- "$dir/tables"
		cp -- "$t/$s" "$dir/tables/$s.log"
		if [ -n "${SEC_PLACES[$s]}" ]; then
			with_places "$t/$s" "$t/$s.rows"
			cp -- "$t/$s.rows" "$dir/tables/$s.log"
		elif [ -n "${SEC_TOTALS[$s]}" ]; then
			select_to "$t/$s.rows" "has($first)" "$t/$s"
			select_to "$t/$s.total" "missing($first)" "$t/$s"
		else
			mv -- "$t/$s" "$t/$s.rows"
		fi
		with_intervals "$s" "$t/$s.rows"
		[ -z "${SEC_TOTALS[$s]}" ] || with_intervals "$s" "$t/$s.total"
		heading=${SEC_TITLE[$s]}
		# local times shown (a day, peak_at): the zone is named
		if [[ ${SEC_GROUP[$s]} == *ts:* ]] || [ -n "${SEC_TZ[$s]}" ]; then heading+=" ($ZONE)"; fi
		fmt_args "$s"
		i=$((i + 1))
		printf '\n## %s\n\n' "$heading" >"$t/$i.md"
		dcr-fmt --no-progress -t md "${FMT[@]}" -o "$t/$i.tab" "$t/$s.rows"
		cat -- "$t/$i.tab" >>"$t/$i.md"
		if [ -n "${SEC_TOTALS[$s]}" ]; then
			local cols=${SEC_COLUMNS[$s]#"$first",}
			FMT=()
			[ -z "${SEC_DIGITS[$s]}" ] || FMT+=(--digits "${SEC_DIGITS[$s]}")
			[ -z "${SEC_COLUMNS[$s]}" ] || FMT+=(-k "$cols")
			printf '\n## %s\n\n' "${SEC_TOTALS[$s]}" >>"$t/$i.md"
			dcr-fmt --no-progress -t md "${FMT[@]}" -o "$t/$i.tab" "$t/$s.total"
			cat -- "$t/$i.tab" >>"$t/$i.md"
		fi
		{ printf '\n' && legend "$s" md; } >>"$t/$i.md"
		html_section "$s" "$heading" "$t" "$i"
	done
	# the merges may have added information: the notes file again, quietly
	write_notes "$dir" quiet
	html_notes "$dir/notes" >"$t/notes.html"
	local parts=("$t/head.html")
	for d in $(seq 1 "$i"); do parts+=("$t/$d.html"); done
	dcr-fmt --no-progress -t html --page --title "$title" -o "$dir/report.html" "${parts[@]}" "$t/notes.html"
	{
		cat -- "$t/head.md"
		for d in $(seq 1 "$i"); do cat -- "$t/$d.md"; done
		if [ -s "$dir/notes" ]; then
			printf '\n## Notes\n\n'
			sed 's/^/- /' -- "$dir/notes"
		fi
	} >"$dir/report.md"
	rm -rf -- "$t"
}

# write_notes DIR [quiet]: the notes (status 1) and the information
# (status 0) of the run, one per line, in DIR/notes; the notes also on
# stderr, unless quiet.
write_notes() {
	local n
	: >"$1/notes"
	for n in "${NOTES[@]}"; do
		printf 'note: %s\n' "$n" >>"$1/notes"
		[ -n "${2:-}" ] || printf '%s: note: %s\n' "$PROG" "$n" >&2
	done
	for n in "${INFOS[@]}"; do printf 'info: %s\n' "$n" >>"$1/notes"; done
}

# outcome: 0 without notes, 1 with notes; --strict makes notes fatal
# before anything is published.
outcome() {
	if [ ${#NOTES[@]} -eq 0 ]; then
		echo 0
	elif [ "$STRICT" -eq 1 ]; then
		echo 2
	else
		echo 1
	fi
}

# ---- dcr-nightly ------------------------------------------------------------

NIGHTLY_USAGE="usage: dcr-nightly [-k FILE | --no-client-codes] [-c FILE] [-F FILE] [-I FILE] [-m K] [-z ZONE] [--strict] [--keep-rejects DAYS] [--lock-timeout SECS] [--seal-key FILE] [--cell-key FILE] RAWDIR OUTDIR [DAY]"

nightly_help() {
	cat <<HELP
$NIGHTLY_USAGE
Publish one local day of facility logs: archive, reports, state, manifest.

  -k, --key-file FILE      the pseudonym key (required, unless --no-client-codes)
      --no-client-codes    the logs hold no client codes (refused if they do)
  -c, --sources FILE       how to read each raw file (default $SOURCES)
  -F, --facilities FILE    the roster of facilities (default $FACILITIES)
  -I, --indicators FILE    the indicator set (default: the facility report)
  -m, --min-cell K         suppress values from fewer than K records (default 10)
  -z, --tz ZONE            the zone of the day (default Europe/Amsterdam)
      --strict             any note fails the run (status 2)
      --keep-rejects DAYS  remove rejected lines of days older than DAYS (default 30)
      --lock-timeout SECS  wait at most SECS for another run (default 600)
      --seal-key FILE      seal each publication with this signing key (dcr-seal(1))
      --cell-key FILE      perturb counts by the cell key method, with this key (dcr-agg(1))
  -h, --help               show this help and exit
      --version            show the version and exit

Exit status: 0 published, complete; 1 published with notes (listed on
standard error and in the day's notes); 2 nothing published.
HELP
}

declare -a SRC_GLOB=() SRC_FAC=() SRC_OVERLAP=() SRC_OPTS=()

# sources FILE: the sources file into SRC_* arrays; every entry names its
# facility, its overlap window and its dialect (-f).
sources() {
	local file=$1 first glob fac overlap opts n=0 secs
	[ -f "$file" ] && [ -r "$file" ] || die "$file: cannot read the sources file (--sources)"
	IFS= read -r first <"$file" || first=
	[ "$first" = "# dcr-sources 1" ] ||
		die "$file: not a version 1 sources file (its first line must be '# dcr-sources 1')"
	while read -r glob fac overlap opts; do
		n=$((n + 1))
		case $glob in '' | '#'*) continue ;; esac
		case $glob in
		*[!*?]*) ;;
		*) die "$file:$n: '$glob' matches every file: name each export by its own pattern" ;;
		esac
		[ -n "$fac" ] && [ -n "${FAC_MUNI[$fac]+y}" ] ||
			die "$file:$n: the facility (second word) must be one of the facilities file"
		[[ $overlap =~ ^([0-9]+)(h|m)$ ]] ||
			die "$file:$n: the overlap window (third word) must be hours or minutes, such as 6h or 0h"
		secs=${BASH_REMATCH[1]}
		if [ "${BASH_REMATCH[2]}" = m ]; then secs=$((secs * 60)); else secs=$((secs * 3600)); fi
		# Records set aside belong to the day before or after, never
		# further (a local day is 23 hours long at the least).
		[ "$secs" -le $((23 * 3600)) ] ||
			die "$file:$n: the overlap window (third word) must be at most 23h"
		[[ " $opts " =~ \ (-f|--format)\ [a-z]+\  ]] ||
			die "$file:$n: the dcr-parse options must name the dialect with -f FORMAT"
		[[ $opts != *[\"\'\\]* ]] || die "$file:$n: options are words without quotes or backslashes"
		SRC_GLOB+=("$glob") SRC_FAC+=("$fac") SRC_OVERLAP+=("$secs") SRC_OPTS+=("$opts")
	done <"$file"
	[ ${#SRC_GLOB[@]} -gt 0 ] || die "$file: no entry"
}

# match NAME: the index of the first entry whose pattern matches NAME, or -1.
match() {
	local i
	for i in "${!SRC_GLOB[@]}"; do
		# shellcheck disable=SC2053 # the pattern is meant to match
		if [[ $1 == ${SRC_GLOB[$i]} ]]; then
			echo "$i"
			return
		fi
	done
	echo -1
}

# owner NAME: the roster facility whose id NAME starts with, or nothing.
owner() {
	local fac
	for fac in "${ROSTER[@]}"; do
		case $1 in "$fac" | "$fac"[!a-z0-9]*) echo "$fac"; return ;; esac
	done
}

# count EXPR FILE: how many records of FILE satisfy EXPR.
count() {
	local n st=0
	n=$(dcr-filter --no-progress -c "$@") || st=$?
	[ "$st" -le 1 ] || die "dcr-filter failed on ${*: -1} (status $st)"
	echo "$n"
}

lines() {
	local n
	n=$(wc -l <"$1")
	echo $((n))
}

declare -A FAILED=() FAC_RECORDS=() SEEN=()
declare -a MANIFEST=() FILES=() NAME=()

# read_source F N: parse raw file F (the N-th) into WORK/.tmp/day.N with
# the records of the day; account for it in the manifest.
read_source() {
	local f=$1 n=$2 b=${1##*/} i fac size sum csum nlines nrec nrej nday nwin ov st opts
	i=$(match "$b")
	if [ "$i" -lt 0 ]; then
		fac=$(owner "$b")
		if [ -n "$fac" ]; then
			FAILED[$fac]+="${FAILED[$fac]:+; }$b: no entry of the sources file matches"
		else
			note "$b: no entry of the sources file matches it, and it names no facility; not read"
		fi
		MANIFEST[$n]="source=$(quote "$b") facility=${fac:-unknown} state=unmatched"
		return
	fi
	fac=${SRC_FAC[$i]}
	if [ -L "$f" ] || [ ! -f "$f" ]; then
		FAILED[$fac]+="${FAILED[$fac]:+; }$b: a symbolic link or not a regular file"
		MANIFEST[$n]="source=$(quote "$b") facility=$fac state=not_regular"
		return
	fi
	size=$(stat -c %s -- "$f")
	sum=$(sha256sum <"$f")
	sum=${sum%% *}
	st=0
	csum=$(gzip -dcf <"$f" 2>/dev/null | sha256sum) || st=$?
	[ "$st" -eq 0 ] || die "$b: corrupt or truncated gzip data; nothing published"
	csum=${csum%% *}
	if [ -n "${SEEN[$csum]+y}" ]; then
		info "$b: the same content as ${SEEN[$csum]}; counted once"
		MANIFEST[$n]="source=$(quote "$b") facility=$fac size=$size sha256=$sum content_sha256=$csum state=duplicate duplicate_of=$(quote "${SEEN[$csum]}")"
		return
	fi
	SEEN[$csum]=$b
	NAME[$n]=$b
	nlines=$(gzip -dcf <"$f" | wc -l)
	read -r -a opts <<<"${SRC_OPTS[$i]}"
	st=0
	dcr-parse --no-progress --tz "$ZONE" --schema "$SCHEMA" "${opts[@]}" "${KEYOPTS[@]}" --src \
		--reject "$WORK/.tmp/rej.$n" -o "$WORK/.tmp/src.$n" -- "$f" || st=$?
	[ -f "$WORK/.tmp/src.$n" ] || die "$b: not read (dcr-parse status $st); nothing published"
	named "$WORK/.tmp/src.$n" "$WORK/.tmp/rec.$n"
	nrej=0
	if [ -f "$WORK/.tmp/rej.$n" ]; then
		nrej=$(grep -c '^# ' "$WORK/.tmp/rej.$n" || :)
	fi
	[ "$st" -eq 0 ] || [ "$nrej" -gt 0 ] || die "$b: dcr-parse failed (status $st); nothing published"
	[ "$nrej" -eq 0 ] || note "$b: $nrej lines rejected (rejects/$DAY.rej)"
	if [ "$NO_CODES" -eq 1 ] && [ "$(count 'has(client)' "$WORK/.tmp/rec.$n")" -gt 0 ]; then
		die "$b: the records hold client codes: give the pseudonym key (-k FILE); nothing published"
	fi
	nrec=$(lines "$WORK/.tmp/rec.$n")
	st=$(count "facility != \"$fac\"" "$WORK/.tmp/rec.$n")
	[ "$st" -eq 0 ] || FAILED[$fac]+="${FAILED[$fac]:+; }$b: $st records of another facility"
	ov=${SRC_OVERLAP[$i]}
	select_to "$WORK/.tmp/day.$n" --since "$START" --until "$END" "$WORK/.tmp/rec.$n"
	nday=$(lines "$WORK/.tmp/day.$n")
	nwin=$(count --since "$(utc_at $((START_S - ov)))" --until "$(utc_at $((END_S + ov)))" "$WORK/.tmp/rec.$n")
	[ $((nwin - nday)) -eq 0 ] || set_aside "$n" "$fac" "$ov"
	[ $((nrec - nwin)) -eq 0 ] ||
		note "$b: $((nrec - nwin)) records outside $DAY and beyond its overlap window, not counted"
	FILES+=("$n:$fac")
	MANIFEST[$n]="source=$(quote "$b") facility=$fac size=$size sha256=$sum content_sha256=$csum lines=$nlines records=$nrec rejects=$nrej day_records=$nday set_aside=$((nwin - nday)) beyond_window=$((nrec - nwin)) state=read"
}

# named IN OUT: IN's records with _src=NAME:LINE, the raw file's name as
# the manifest and the seal give it, not the machine's path to it.
named() {
	local prefix
	prefix=$(printf '%s' "$RAWDAY/" | sed 's/[][\.*^$/]/\\&/g')
	sed "s/ _src=\(\"\{0,1\}\)$prefix/ _src=\1/" -- "$1" >"$2"
	rm -f -- "$1"
}

# The _src that dcr-parse --src puts last: a bare or a quoted value.
SRC_TAIL=' _src=("([^"\\]|\\.)*"|[^ "]*)$'

# unseen SEEN FILE: the records of FILE, less one for each copy in SEEN
# (records without _src, one per line); a record repeated in FILE more
# often than in SEEN stays as often as it is repeated beyond.
unseen() {
	# by the environment: awk -v would take the backslashes as escapes
	SRC_TAIL=$SRC_TAIL awk '
	BEGIN { tail = ENVIRON["SRC_TAIL"] }
	FILENAME == ARGV[1] { seen[$0]++; next }
	{ r = $0; sub(tail, "", r) }
	seen[r] > 0 { seen[r]--; next }
	{ print }' "$1" "$2"
}

# set_aside N FAC OV: the records of the N-th file within OV seconds
# before or after the day go to WORK/setaside/NEIGHBOUR.FAC.N.log.gz,
# published with the day, for the night of their own day to read. A
# neighbour already published without them is a note: run it again.
set_aside() {
	local n=$1 fac=$2 ov=$3 b=${NAME[$1]} day from to k new
	for day in "$(date -d "$DAY -1 day" +%F)" "$(date -d "$DAY +1 day" +%F)"; do
		if [[ $day < $DAY ]]; then
			from=$(utc_at $((START_S - ov))) to=$START
		else
			from=$END to=$(utc_at $((END_S + ov)))
		fi
		select_to "$WORK/.tmp/aside" --since "$from" --until "$to" "$WORK/.tmp/rec.$n"
		k=$(lines "$WORK/.tmp/aside")
		[ "$k" -gt 0 ] || continue
		[ -d "$WORK/setaside" ] || mkdir -- "$WORK/setaside"
		dcr-fmt --no-progress -t logfmt -o "$WORK/setaside/$day.$fac.$n.log.gz" "$WORK/.tmp/aside"
		if [ ! -e "$PUBOUT/days/$day" ]; then
			info "$b: $k records of $day, within its overlap window, set aside for the night of $day"
			continue
		fi
		gzip -dc -- "$PUBOUT/days/$day/archive.log.gz" | sed -E "s/$SRC_TAIL//" >"$WORK/.tmp/there"
		new=$(unseen "$WORK/.tmp/there" "$WORK/.tmp/aside" | wc -l)
		if [ "$new" -eq 0 ]; then
			info "$b: $k records of $day, within its overlap window, set aside (its night has them)"
		else
			note "$b: $new records of $day that its published night does not count, set aside: run the night of $day again to count them"
		fi
	done
	rm -f -- "$WORK/.tmp/aside" "$WORK/.tmp/there"
}

# read_set_aside OUT F N: the records that the night of a neighbouring
# day set aside for this one, as the N-th file of the day.
read_set_aside() {
	local f=$2 n=$3 name fac sum
	name=${f#"$1"/}
	fac=${f##*/}
	fac=${fac#"$DAY".}
	fac=${fac%%.*}
	[ -n "${FAC_MUNI[$fac]+y}" ] || { note "$name: set aside for a facility not in the roster; not read"; return; }
	gzip -dc -- "$f" >"$WORK/.tmp/day.$n"
	sum=$(sha256sum <"$f")
	NAME[$n]=$name
	FILES+=("$n:$fac")
	MANIFEST[$n]="source=$(quote "$name") facility=$fac size=$(stat -L -c %s -- "$f") sha256=${sum%% *} records=$(lines "$WORK/.tmp/day.$n") state=set_aside"
}

utc_at() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

# quote VALUE: VALUE as a record value (dcr-records(5)).
quote() {
	local v=$1
	if [[ $v =~ ^[A-Za-z0-9._+:@%,/-]+$ ]]; then
		printf '%s' "$v"
	else
		v=${v//\\/\\\\}
		v=${v//\"/\\\"}
		v=${v//$'\n'/\\n}
		v=${v//$'\t'/\\t}
		v=${v//$'\r'/\\r}
		printf '"%s"' "$v"
	fi
}

# dedup: the records of each facility's files, each record that an
# earlier file of the facility also holds dropped once (a multiset
# difference: repeats within one file stay). Records are compared
# without their _src, which names the file. Identical records have the
# same time, so only files whose time ranges overlap lose any.
dedup() {
	local e n fac kept dropped
	declare -A acc=()
	for e in "${FILES[@]}"; do
		n=${e%%:*} fac=${e#*:}
		sort -o "$WORK/.tmp/sorted.$n" -- "$WORK/.tmp/day.$n"
		if [ -z "${acc[$fac]+y}" ]; then
			acc[$fac]="$WORK/.tmp/acc.$fac"
			: >"${acc[$fac]}"
		fi
		unseen "${acc[$fac]}" "$WORK/.tmp/sorted.$n" >"$WORK/.tmp/kept.$n"
		kept=$(lines "$WORK/.tmp/kept.$n")
		dropped=$(($(lines "$WORK/.tmp/sorted.$n") - kept))
		sed -E "s/$SRC_TAIL//" -- "$WORK/.tmp/kept.$n" >>"${acc[$fac]}"
		FAC_RECORDS[$fac]=$((${FAC_RECORDS[$fac]:-0} + kept))
		if [ "$dropped" -gt 0 ]; then
			info "${NAME[$n]}: $dropped records also in an earlier file of $fac, counted once"
		fi
		MANIFEST[$n]+=" duplicates_dropped=$dropped"
	done
}

# seal_guard OUT: a folder is sealed from its first day or not at all. A
# sealed folder given no key would get a day that no seal covers, and a
# key given to a folder of unsealed days would start a chain that leaves
# them out: verifying either fails for good, so neither is published.
seal_guard() {
	local out=$1 seals=("$1"/seals/*.seal) days=("$1"/days/*)
	if [ -z "$SEAL_KEY" ]; then
		[ ${#seals[@]} -eq 0 ] ||
			die "$out: its days are sealed: give the signing key (--seal-key FILE); nothing published"
		return 0
	fi
	[ -f "$SEAL_KEY" ] ||
		die "--seal-key: $SEAL_KEY: no such file (make it once with dcr-seal --new-key --key-file FILE); nothing published"
	[ ${#seals[@]} -gt 0 ] || [ ${#days[@]} -eq 0 ] ||
		die "$out: its days were published without seals: seal a new folder from its first day (dcr-seal(1), KEYS); nothing published"
}

# seal_day OUT: seal the work folder under the names its files will have
# once published (days/DAY/...), before the rename that publishes it, so
# that a day that cannot be sealed is not published. The rejected lines
# are not sealed: --keep-rejects removes them, and the manifest, which
# is sealed, counts them.
seal_day() {
	local out=$1 f names=() sources=() st=0
	shopt -s globstar
	for f in "$WORK"/**; do
		[ -f "$f" ] && [ ! -L "$f" ] || continue
		case ${f#"$WORK"/} in rejects/*) continue ;; esac
		names+=("days/$DAY/${f#"$WORK"/}=$f")
	done
	shopt -u globstar
	# A day without raw files (every facility closed) has no source.
	[ ${#MANIFEST[@]} -eq 0 ] || sources=(--sources "$WORK/manifest")
	dcr-seal --no-progress --key-file "$SEAL_KEY" --day "$DAY" --archive "days/$DAY/archive.log.gz" \
		"${sources[@]}" -- "$out" "${names[@]}" >/dev/null || st=$?
	[ "$st" -eq 0 ] || die "$DAY could not be sealed (dcr-seal status $st); nothing published"
}

nightly_main() {
	local opts key='' raw out st weekday fac f n next rejected cutoff d
	NO_CODES=0 KEEP_REJECTS=30
	opts=$(getopt -n "$PROG" -o k:c:F:I:m:z:h -l key-file:,no-client-codes,sources:,facilities:,indicators:,min-cell:,tz:,strict,keep-rejects:,lock-timeout:,seal-key:,cell-key:,help,version -- "$@") ||
		usage_error "bad usage"
	eval set -- "$opts"
	while :; do
		case $1 in
		-k | --key-file) key=$2; shift 2 ;;
		--no-client-codes) NO_CODES=1; shift ;;
		-c | --sources) SOURCES=$2; shift 2 ;;
		-F | --facilities) FACILITIES=$2; shift 2 ;;
		-I | --indicators) IND=$2; shift 2 ;;
		-m | --min-cell) MIN_CELL=$2; shift 2 ;;
		-z | --tz) ZONE=$2; shift 2 ;;
		--strict) STRICT=1; shift ;;
		--keep-rejects) KEEP_REJECTS=$2; shift 2 ;;
		--lock-timeout) LOCK_TIMEOUT=$2; shift 2 ;;
		--seal-key) SEAL_KEY=$2; shift 2 ;;
		--cell-key) cell_key "$2"; shift 2 ;;
		-h | --help) nightly_help; finish 0 ;;
		--version) echo "dcr-nightly $VERSION"; finish 0 ;;
		--) shift; break ;;
		esac
	done
	[ $# -eq 2 ] || [ $# -eq 3 ] || usage_error "expected RAWDIR OUTDIR [DAY]"
	[[ $MIN_CELL =~ ^[1-9][0-9]*$ ]] || usage_error "--min-cell: expected a whole number from 1"
	[[ $KEEP_REJECTS =~ ^[0-9]+$ ]] || usage_error "--keep-rejects: expected a number of days"
	[[ $LOCK_TIMEOUT =~ ^[0-9]+$ ]] || usage_error "--lock-timeout: expected seconds"
	[ -e "/usr/share/zoneinfo/$ZONE" ] || usage_error "--tz: $ZONE is not an IANA zone name, such as Europe/Amsterdam"
	if [ -n "$key" ] && [ "$NO_CODES" -eq 1 ]; then
		usage_error "-k and --no-client-codes exclude each other"
	fi
	[ -n "$key" ] || [ "$NO_CODES" -eq 1 ] ||
		usage_error "no pseudonym key: give -k FILE, or --no-client-codes if the logs hold no client codes"
	raw=$1 out=$2
	DAY=${3:-$(TZ=$ZONE date -d yesterday +%F)}
	check_day "$DAY"
	[ -d "$raw/$DAY" ] || die "$raw/$DAY: no such directory"
	raw=$(cd -- "$raw" && pwd)
	RAWDAY=$raw/$DAY
	KEYOPTS=()
	if [ -n "$key" ]; then
		case $key in /*) ;; *) key=$PWD/$key ;; esac
		KEYOPTS=(--pseudonymize client --key-file "$key")
	fi
	case $SOURCES in /*) ;; *) SOURCES=$PWD/$SOURCES ;; esac
	case $FACILITIES in /*) ;; *) FACILITIES=$PWD/$FACILITIES ;; esac
	case $IND in /*) ;; *) IND=$PWD/$IND ;; esac
	case $SEAL_KEY in /* | '') ;; *) SEAL_KEY=$PWD/$SEAL_KEY ;; esac
	roster "$FACILITIES"
	indicators "$IND"
	sources "$SOURCES"
	mkdir -p -- "$out"
	out=$(cd -- "$out" && pwd)
	PUBOUT=$out
	mkdir -p -- "$out/days" "$out/months" "$out/store" "$out/archive" "$out/reports" "$out/state"
	# dcr-parse finds the pattern files of the sources file beside it.
	cd -- "${SOURCES%/*}"

	lock "$out"
	sweep "$out"
	seal_guard "$out"
	cutoff=$(date -d "$DAY -$KEEP_REJECTS days" +%F)
	for d in "$out"/days/*; do
		[[ ${d##*/} < $cutoff ]] || continue
		rm -f -- "$d"/rejects/*
	done

	WORK=$(mktemp -d -- "$out/store/$DAY.XXXXXX")
	chmod 0750 -- "$WORK"
	mkdir -- "$WORK/.tmp" "$WORK/state"
	next=$(date -d "$DAY +1 day" +%F)
	START=$(utc "$DAY") END=$(utc "$next")
	START_S=$(date -d "$START" +%s) END_S=$(date -d "$END" +%s)

	n=0
	for f in "$raw/$DAY"/* "$raw/$DAY"/.[!.]*; do
		n=$((n + 1))
		read_source "$f" "$n"
	done
	# after the raw files, so that their records are the ones kept
	for f in "$out/days/$(date -d "$DAY -1 day" +%F)/setaside/$DAY".*.log.gz \
		"$out/days/$next/setaside/$DAY".*.log.gz; do
		n=$((n + 1))
		read_set_aside "$out" "$f" "$n"
	done
	dedup

	weekday=$(date -d "$DAY" +%a)
	weekday=${weekday,,}
	for fac in "${ROSTER[@]}"; do
		if [ -n "${FAILED[$fac]+y}" ]; then
			note "$fac: failed (${FAILED[$fac]}); none of its records published"
		elif [ "${FAC_RECORDS[$fac]:-0}" -eq 0 ] && [[ ,${FAC_OPEN[$fac]}, == *,$weekday,* ]]; then
			note "$fac: no data, though open on $DAY"
		fi
	done
	st=$(outcome)
	[ "$st" -ne 2 ] || die "notes are fatal with --strict; nothing published"

	# The day's records in time order: ts comes first and is canonical UTC.
	: >"$WORK/.tmp/all"
	for f in "${FILES[@]}"; do
		[ -z "${FAILED[${f#*:}]+y}" ] || continue
		cat -- "$WORK/.tmp/kept.${f%%:*}" >>"$WORK/.tmp/all"
	done
	sort -s -t ' ' -k1,1 -o "$WORK/.tmp/day.log" -- "$WORK/.tmp/all"
	dcr-fmt --no-progress -t logfmt -o "$WORK/archive.log.gz" "$WORK/.tmp/day.log"
	partials "$WORK/.tmp/day.log" "$WORK/state"
	write_notes "$WORK"
	report "DCR indicators $DAY" "$WORK" "$WORK/state"

	rejected=()
	for f in "$WORK"/.tmp/rej.*; do
		[ ! -s "$f" ] || rejected+=("$f")
	done
	if [ ${#rejected[@]} -gt 0 ]; then
		mkdir -- "$WORK/rejects"
		cat -- "${rejected[@]}" >"$WORK/rejects/$DAY.rej"
		chmod 0600 -- "$WORK/rejects/$DAY.rej"
	fi
	{
		echo "# dcr-manifest 1"
		printf 'manifest=1 day=%s zone=%s start=%s end=%s status=%s notes=%s records=%s indicators=%s indicators_sha256=%s cell_key=%s\n' \
			"$DAY" "$ZONE" "$START" "$END" "$st" "${#NOTES[@]}" "$(lines "$WORK/.tmp/day.log")" \
			"$(quote "${INDICATORS##*/}")" "$INDICATORS_SUM" "$([ ${#CELLOPTS[@]} -eq 0 ] && echo no || echo yes)"
		for f in "${!MANIFEST[@]}"; do printf '%s\n' "${MANIFEST[$f]}"; done
	} >"$WORK/manifest"
	rm -rf -- "$WORK/.tmp"
	chmod -R u=rwX,g=rX,o= -- "$WORK"
	[ ! -d "$WORK/rejects" ] || chmod -R u=rwX,go= -- "$WORK/rejects"
	[ -z "$SEAL_KEY" ] || seal_day "$out"

	publish "$out" days "$DAY" "$WORK"
	link "$out" "archive/$DAY.log.gz" "../days/$DAY/archive.log.gz"
	link "$out" "reports/$DAY.md" "../days/$DAY/report.md"
	link "$out" "reports/$DAY.html" "../days/$DAY/report.html"
	link "$out" "state/$DAY" "../days/$DAY/state"
	finish "$st"
}

# ---- dcr-monthly ------------------------------------------------------------

MONTHLY_USAGE="usage: dcr-monthly [-F FILE] [-I FILE] [-m K] [-z ZONE] [--strict] [--lock-timeout SECS] [--anchor KEY [--known-missing DAY] ...] [--cell-key FILE] OUTDIR [MONTH]"

monthly_help() {
	cat <<HELP
$MONTHLY_USAGE
Roll a month's published days up into the month's report.

  -F, --facilities FILE    the roster of facilities (default $FACILITIES)
  -I, --indicators FILE    the indicator set of the days (default: the facility report)
  -m, --min-cell K         suppress values from fewer than K records (default 10)
  -z, --tz ZONE            the zone of the days (default Europe/Amsterdam)
      --strict             any note fails the run (status 2)
      --lock-timeout SECS  wait at most SECS for another run (default 600)
      --anchor KEY         verify the seals of the days from this trust anchor (dcr-seal(1))
      --known-missing DAY  DAY is known to be lost: a note, not a refusal (repeatable)
      --cell-key FILE      the cell key of the nights: counts perturbed as theirs (dcr-agg(1))
  -h, --help               show this help and exit
      --version            show the version and exit

Exit status: 0 published, every day complete; 1 published with notes
(days missing, facilities failed or without data); 2 nothing published.
HELP
}

# published OUT DAY: check that OUT/days/DAY is whole: a version 1
# manifest and every section's state.
published() {
	local dir=$1/days/$2 first s
	[ -d "$dir" ] && [ -r "$dir/manifest" ] || die "$dir: published, but its folder or manifest is missing; nothing published"
	IFS= read -r first <"$dir/manifest" || first=
	[ "$first" = "# dcr-manifest 1" ] || die "$dir/manifest: not a version 1 manifest; nothing published"
	# Merging states of another indicator set would mix aggregates that
	# merely share a name.
	grep -q " indicators_sha256=$INDICATORS_SUM\( \|$\)" "$dir/manifest" ||
		die "$dir: made with another indicator set than $INDICATORS (see its manifest); nothing published"
	# A month of perturbed days merged without the key, or the other way
	# round, would be refused by dcr-agg; say which day and what to do.
	if grep -q " cell_key=yes\( \|$\)" "$dir/manifest"; then
		[ ${#CELLOPTS[@]} -gt 0 ] ||
			die "$dir: its counts are perturbed: give the cell key of the nights (--cell-key FILE); nothing published"
	elif [ ${#CELLOPTS[@]} -gt 0 ]; then
		die "$dir: made without a cell key: merge it without --cell-key; nothing published"
	fi
	for s in "${SECTIONS[@]}"; do
		[ -f "$dir/state/$s.agg" ] && [ -r "$dir/state/$s.agg" ] ||
			die "$dir/state/$s.agg: missing or unreadable; nothing published"
	done
}

# over MONTH: the last day of MONTH that is over in ZONE (the month's
# last, or yesterday), or nothing: days to come are not missing.
over() {
	local yesterday last
	yesterday=$(TZ=$ZONE date -d "$(TZ=$ZONE date +%F) -1 day" +%F)
	last=$(date -d "$1-01 +1 month -1 day" +%F)
	if [[ $last < $yesterday || $last == "$yesterday" ]]; then
		echo "$last"
	elif [[ ${yesterday%-*} == "$1" ]]; then
		echo "$yesterday"
	fi
}

# verify_seals OUT MONTH THROUGH: with --anchor, check every seal of OUT
# (dcr-seal --verify) before a day is merged. A problem with a day of the
# month, or one that names no day (the chain itself), publishes nothing;
# one with a day of another month is a note, as this month's seals still
# verify from the anchor. A sealed folder is never merged unverified.
verify_seals() {
	local out=$1 month=$2 through=$3 seals=("$1"/seals/*.seal) d opts=() st=0 report line fatal=0
	if [ -z "$ANCHOR" ]; then
		[ ${#seals[@]} -eq 0 ] ||
			die "$out: its days are sealed: give the trust anchor (--anchor KEY) to verify them; nothing published"
		return 0
	fi
	for d in "${KNOWN_MISSING[@]}"; do opts+=(--known-missing "$d"); done
	# Days known missing at the end of the month are not expected sealed.
	while [[ " ${KNOWN_MISSING[*]} " == *" $through "* ]] && [[ $through != "$month-01" ]]; do
		through=$(date -d "$through -1 day" +%F)
	done
	report=$(dcr-seal --no-progress --verify --anchor "$ANCHOR" --through "$through" \
		--ignore 'store/????-??.*' --ignore 'reports/????-??.*' --ignore 'store/*/rejects/*' \
		"${opts[@]}" -- "$out") || st=$?
	[ "$st" -eq 0 ] || [ -n "$report" ] || die "the seals could not be verified (dcr-seal status $st); nothing published"
	while IFS= read -r line; do
		case $line in "$out: "* | *": re-run: "* | *": known missing") continue ;; esac
		# The day of a problem is in its place (WHERE: KIND: what).
		if [[ ${line%%: *} =~ [0-9]{4}-[0-9]{2}-[0-9]{2} ]] && [[ ${BASH_REMATCH[0]} != "$month"-* ]]; then
			note "seal: $line"
		else
			printf '%s: seal: %s\n' "$PROG" "$line" >&2
			fatal=$((fatal + 1))
		fi
	done <<<"$report"
	[ "$fatal" -eq 0 ] || [ "$fatal" -eq 1 ] ||
		die "$fatal problems with the seals of $month (dcr-seal --verify); nothing published"
	[ "$fatal" -eq 0 ] || die "1 problem with the seals of $month (dcr-seal --verify); nothing published"
}

monthly_main() {
	local opts out month last d day states=() line through days
	opts=$(getopt -n "$PROG" -o F:I:m:z:h -l facilities:,indicators:,min-cell:,tz:,strict,lock-timeout:,anchor:,known-missing:,cell-key:,help,version -- "$@") ||
		usage_error "bad usage"
	eval set -- "$opts"
	while :; do
		case $1 in
		-F | --facilities) FACILITIES=$2; shift 2 ;;
		-I | --indicators) IND=$2; shift 2 ;;
		-m | --min-cell) MIN_CELL=$2; shift 2 ;;
		-z | --tz) ZONE=$2; shift 2 ;;
		--strict) STRICT=1; shift ;;
		--lock-timeout) LOCK_TIMEOUT=$2; shift 2 ;;
		--anchor) ANCHOR=$2; shift 2 ;;
		--known-missing) check_day "$2"; KNOWN_MISSING+=("$2"); shift 2 ;;
		--cell-key) cell_key "$2"; shift 2 ;;
		-h | --help) monthly_help; finish 0 ;;
		--version) echo "dcr-monthly $VERSION"; finish 0 ;;
		--) shift; break ;;
		esac
	done
	[ $# -eq 1 ] || [ $# -eq 2 ] || usage_error "expected OUTDIR [MONTH]"
	[[ $MIN_CELL =~ ^[1-9][0-9]*$ ]] || usage_error "--min-cell: expected a whole number from 1"
	[[ $LOCK_TIMEOUT =~ ^[0-9]+$ ]] || usage_error "--lock-timeout: expected seconds"
	[ -e "/usr/share/zoneinfo/$ZONE" ] || usage_error "--tz: $ZONE is not an IANA zone name, such as Europe/Amsterdam"
	[ ${#KNOWN_MISSING[@]} -eq 0 ] || [ -n "$ANCHOR" ] || usage_error "--known-missing applies to the seals: give --anchor KEY"
	out=$1
	month=${2:-$(TZ=$ZONE date -d "$(TZ=$ZONE date +%Y-%m-01) -1 day" +%Y-%m)}
	[[ $month =~ ^[0-9]{4}-[0-9]{2}$ ]] && [ "$(date -d "$month-01" +%Y-%m 2>/dev/null || :)" = "$month" ] ||
		usage_error "MONTH '$month' is not a month: expected YYYY-MM, such as 2024-03"
	roster "$FACILITIES"
	indicators "$IND"
	month_view
	[ -d "$out/days" ] || die "$out/days: no such directory (no day published by dcr-nightly)"
	out=$(cd -- "$out" && pwd)
	mkdir -p -- "$out/months" "$out/store" "$out/reports"
	lock "$out"
	sweep "$out"

	last=$(date -d "$month-01 +1 month -1 day" +%d)
	through=$(over "$month")
	[ -n "$through" ] || die "$month: no day of it is over yet; nothing published"
	verify_seals "$out" "$month" "$through"
	days=$((10#${through##*-}))
	for d in $(seq -f %02g 1 "$days"); do
		day=$month-$d
		if [ ! -L "$out/days/$day" ] && [ ! -e "$out/days/$day" ]; then
			if [[ " ${KNOWN_MISSING[*]} " == *" $day "* ]]; then
				note "$day: not published (known missing)"
			else
				note "$day: not published"
			fi
			continue
		fi
		published "$out" "$day"
		states+=("$out/days/$day/state")
		while IFS= read -r line; do
			case $line in
			"note: "*": failed "* | "note: "*": no data"*) note "$day: ${line#note: }" ;;
			esac
		done <"$out/days/$day/notes"
	done
	[ ${#states[@]} -gt 0 ] || die "no day of $month is published in $out/days; nothing published"
	st=$(outcome)
	[ "$st" -ne 2 ] || die "notes are fatal with --strict; nothing published"

	WORK=$(mktemp -d -- "$out/store/$month.XXXXXX")
	chmod 0750 -- "$WORK"
	write_notes "$WORK"
	REPORT_MONTH=$month
	REPORT_DAYS=$(seq -f "$month-%02g" 1 "$days" | tr '\n' ' ')
	REPORT_PREV_NAME=$(date -d "$month-01 -1 month" +%Y-%m)
	[ ! -d "$out/months/$REPORT_PREV_NAME" ] || REPORT_PREV="$out/months/$REPORT_PREV_NAME"
	if [ "$days" -eq $((10#$last)) ]; then
		report "DCR indicators $month (${#states[@]} of $days days)" "$WORK" "${states[@]}"
	else
		report "DCR indicators $month (${#states[@]} of $days days so far)" "$WORK" "${states[@]}"
	fi
	chmod -R u=rwX,g=rX,o= -- "$WORK"
	publish "$out" months "$month" "$WORK"
	link "$out" "reports/$month.md" "../months/$month/report.md"
	link "$out" "reports/$month.html" "../months/$month/report.html"
	finish "$st"
}

case $PROG in
dcr-monthly*) monthly_main "$@" ;;
*) nightly_main "$@" ;;
esac
