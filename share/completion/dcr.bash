# bash completion for the dcr commands: options come from each command's
# --help, so they never go out of date; operands complete as file names.
_dcr_complete()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	if [[ $cur == -* ]]; then
		local opts
		opts=$("$1" --help 2>/dev/null | grep -oE '(^|[ ,])--?[a-z][a-z0-9-]*' | tr -d ' ,')
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
	else
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	fi
}
complete -o filenames -F _dcr_complete dcr-parse dcr-filter dcr-agg dcr-fmt dcr-nightly dcr-monthly dcr-seal
