# bash completion for the dcr commands: options and their values come from
# each command's --help, so they never go out of date; operands complete
# as file names.

# _dcr_values CMD OPTION: the values OPTION takes, one per line, from the
# line of CMD --help that documents it: zone names for ZONE, the
# operators for -a (the "Operators" block), a listed choice
# ("auto (default), csv, tsv", "the earlier or later"); nothing (status
# 1) for a value that is a file or free text.
_dcr_values()
{
	local help line arg desc
	help=$("$1" --help 2>/dev/null) || return 1
	line=$(grep -E -- "^ *(-[A-Za-z0-9], )?--[a-z0-9-]+ [A-Z]" <<<"$help" | grep -E -m1 -- "(^|[ ,])$2(,| )") ||
		return 1
	arg=$(sed -E 's/^ *(-[A-Za-z0-9], )?--[a-z0-9-]+ ([A-Z][A-Z_]*).*/\2/' <<<"$line")
	desc=$(sed -E 's/^ *(-[A-Za-z0-9], )?--[a-z0-9-]+ [A-Z_]+ +//' <<<"$line")
	case $arg in
	ZONE)
		(cd /usr/share/zoneinfo 2>/dev/null && find . -type f -name '[A-Z]*' ! -path './posix/*' \
			! -path './right/*' | sed 's|^\./||')
		return ;;
	AGGS)
		sed -n '/^Operators/,/^[A-Z]/s/^  \([a-z_]*\)[ N].*/\1/p' <<<"$help" | grep -v '^p$'
		printf '%s\n' p50 p90 p99
		return ;;
	FILE | DIR | KEYS | EXPR | TEXT | N | K | DAYS | SECS | BYTES | KEY | DEF) return 1 ;;
	esac
	desc=${desc#*: }
	if [[ $desc =~ ^[a-z0-9_-]+( \(default\))?(, [a-z0-9_-]+( \(default\))?)+$ ]]; then
		desc=${desc// (default)/}
		tr -d ',' <<<"$desc" | tr ' ' '\n'
	elif [[ $desc =~ \ ([a-z]+)\ or\ ([a-z]+)$ ]]; then
		printf '%s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
	else
		return 1
	fi
}

_dcr_complete()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=''
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	if [[ $prev == -* && $cur != -* ]]; then
		local values pre=''
		if values=$(_dcr_values "$1" "$prev") && [ -n "$values" ]; then
			# -a NAME=OP: complete the operator after the name
			[[ $cur == *=* ]] && pre=${cur%%=*}= cur=${cur#*=}
			mapfile -t COMPREPLY < <(compgen -P "$pre" -W "$values" -- "$cur")
			return
		fi
	fi
	if [[ $cur == -* ]]; then
		local opts
		opts=$("$1" --help 2>/dev/null | grep -oE '(^|[ ,])--?[a-z][a-z0-9-]*' | tr -d ' ,')
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
	else
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	fi
}
complete -o filenames -F _dcr_complete dcr-parse dcr-filter dcr-agg dcr-join dcr-fmt dcr-nightly dcr-monthly dcr-seal
