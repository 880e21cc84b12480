#!/usr/bin/env bats
# make install and make uninstall, staged with DESTDIR.

load helpers

@test "make install puts every piece under PREFIX, make uninstall removes it" {
	src="$DCR_TESTS/.."
	run -0 make -s -C "$src" install DESTDIR="$TMP/stage" PREFIX=/usr/local
	root="$TMP/stage/usr/local"
	for c in dcr-parse dcr-filter dcr-agg dcr-join dcr-fmt dcr-nightly dcr-monthly dcr-seal; do
		[ -x "$root/bin/$c" ] || fail "no $c"
		[ -f "$root/share/man/man1/$c.1" ] || fail "no $c.1"
		[ -f "$root/share/bash-completion/completions/$c" ] || fail "no completion for $c"
	done
	[ -f "$root/share/man/man5/dcr-records.5" ]
	[ -f "$root/share/zsh/site-functions/_dcr" ]
	[ -f "$root/share/dcr/examples/logs/nl-ams-01.log" ]
	[ -f "$root/share/dcr/examples/raw/2024-03-01/nl-ams-01.log" ]
	[ -f "$root/share/dcr/indicators/facility.ind" ]
	[ -f "$root/share/dcr/indicators/health-canada.ind" ]
	run -0 "$root/bin/dcr-nightly" --version
	assert_output "dcr-nightly 0.1.0"
	ls "$root"/share/dcr/patterns/* >/dev/null
	[ -f "$root/share/dcr/dcr.schema" ]
	[ -f "$root/share/man/man5/dcr-schema.5" ]
	run -0 "$root/bin/dcr-fmt" --version
	run -0 make -s -C "$src" uninstall DESTDIR="$TMP/stage" PREFIX=/usr/local
	run -0 find "$TMP/stage" -type f
	assert_output ''
}

@test "bash completion offers a command's options" {
	run -0 bash -c "source '$DCR_TESTS/../share/completion/dcr.bash'
		COMP_WORDS=(dcr-fmt --no-p); COMP_CWORD=1; _dcr_complete dcr-fmt
		echo \"\${COMPREPLY[@]}\""
	assert_output '--no-progress'
}

# complete WORD...: what bash completion offers for the last WORD.
complete_words() {
	bash -c "source '$DCR_TESTS/../share/completion/dcr.bash'
		COMP_WORDS=($*); COMP_CWORD=$(($# - 1)); _dcr_complete $1
		echo \"\${COMPREPLY[*]}\""
}

@test "bash completion offers option values: formats, zones, fold modes, aggregates" {
	run -0 complete_words dcr-fmt -t j
	assert_output 'json jsonl'
	run -0 complete_words dcr-fmt --color a
	assert_output 'auto always'
	run -0 complete_words dcr-parse -f l
	assert_output 'logfmt'
	run -0 complete_words dcr-parse --tz Europe/Amst
	assert_output 'Europe/Amsterdam'
	run -0 complete_words dcr-nightly -z America/New_
	assert_output 'America/New_York'
	run -0 complete_words dcr-parse --fold e
	assert_output 'earlier'
	run -0 complete_words dcr-agg -a med
	assert_output 'median'
	run -0 complete_words dcr-agg -a clients=dist
	assert_output 'clients=distinct'
	# a file operand still completes as a file name
	touch key.file
	run -0 complete_words dcr-nightly -k key.f
	assert_output 'key.file'
}

# zsh_words WORD...: what the zsh completion offers for the last WORD. The
# completion system's builtins are stood in for by functions that match
# as they do (compadd offers the words that start with PREFIX, after
# IPREFIX; compset -P moves the prefix up to '=' to IPREFIX), so the test
# runs _dcr's own logic in zsh without a terminal.
zsh_words() {
	zsh -f -c '
		compadd() { local -a a; a=(${(P)2}); print -r -- ${^${(M)a:#${PREFIX}*}/#/$IPREFIX} }
		compset() { [[ $1 == -P ]] && { IPREFIX=${PREFIX%%=*}=; PREFIX=${PREFIX#*=} } }
		_files() { print -r -- "(file names)" }
		_dcr_file=$1; shift
		eval "$(sed "\$d" "$_dcr_file")" # all but the last line, the call
		words=("$@"); CURRENT=$#; PREFIX=${words[CURRENT]}; IPREFIX=
		_dcr' zsh "$DCR_TESTS/../share/completion/_dcr" "$@"
}

@test "zsh completion offers options and option values as bash does" {
	run -0 zsh_words dcr-fmt --no-p
	assert_output '--no-progress'
	run -0 zsh_words dcr-fmt -t j
	assert_output 'json jsonl'
	run -0 zsh_words dcr-fmt --color a
	assert_output 'auto always'
	run -0 zsh_words dcr-parse --tz Europe/Amst
	assert_output 'Europe/Amsterdam'
	run -0 zsh_words dcr-parse --fold e
	assert_output 'earlier'
	run -0 zsh_words dcr-agg -a med
	assert_output 'median'
	run -0 zsh_words dcr-agg -a clients=dist
	assert_output 'clients=distinct'
	run -0 zsh_words dcr-nightly -k key.f
	assert_output '(file names)'
	# the first line names every command, as the bash completion does
	run -0 sed -n 's/^#compdef //p' "$DCR_TESTS/../share/completion/_dcr"
	want=$(sed -n 's/^complete -o filenames -F _dcr_complete //p' "$DCR_TESTS/../share/completion/dcr.bash")
	assert_output "$want"
}
