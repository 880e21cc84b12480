#!/usr/bin/env bats
# The house rules of the source tree (DEVELOPERS.md, lib/*/README): the
# layout that shows the architecture, thin mains, includes that only go
# down, unit tests named after their modules, fuzz harnesses that name what
# they need, and builds with the builder's flags free of warnings.

load helpers

SRC="$DCR_TESTS/.."

# The parts of lib/ from the bottom up; a part may include its own tier and
# those below, never one above. key/ holds secrets and depends on base/
# only (lib/key/README).
tier() {
	case $1 in
	base) echo 0 ;;
	io | record | time | key) echo 1 ;;
	lang | parse | stats | seal) echo 2 ;;
	filter | agg | fmt | join) echo 3 ;;
	cmd) echo 4 ;;
	*) echo "unknown part $1" >&2; return 1 ;;
	esac
}

# "FROM TO" for each include of a part by another part, once.
part_includes() {
	local f from
	for f in "$SRC"/lib/*/*.[ch] "$SRC"/cmd/*.c; do
		from=${f%/*}
		from=${from##*/}
		sed -n 's/^#include "\([a-z_]*\)\/[a-z_0-9]*\.h".*/\1/p' "$f" |
			while read -r to; do
				[ "$to" = "$from" ] || echo "$from $to"
			done
	done | sort -u
}

# "CALLER CALLEE" for each file of a part of lib/ that calls a function
# another file of the same part defines, once. Comments are stripped first
# (cc -fpreprocessed), so that a function a comment names is not a call.
file_calls() {
	local dir part f
	for dir in "$SRC"/lib/*/; do
		part=${dir%/}
		mkdir -p "$TMP/code/${part##*/}"
		for f in "$dir"*.c; do
			"${CC:-cc}" -fpreprocessed -dD -E -P "$f" >"$TMP/code/${part##*/}/${f##*/}" || return 1
		done
	done
	for dir in "$SRC"/lib/*/; do
		part=${dir%/}
		part=${part##*/}
		# What each file defines for the others: functions not static.
		for f in "$TMP/code/$part"/*.c; do
			grep -v '^static' "$f" |
				sed -n 's/^[a-z][a-z_0-9 *]*[ *]\([a-z_][a-z_0-9]*\)(.*[^;]$/\1 '"${f##*/}"'/p'
		done >"$TMP/code/$part.defs"
		for f in "$TMP/code/$part"/*.c; do
			grep -ow '[a-z_][a-z_0-9]*' "$f" | sort -u |
				awk -v me="${f##*/}" -v p="lib/$part/" \
					'NR == FNR { def[$1] = $2; next }
					 ($1 in def) && def[$1] != me { print p me " " p def[$1] }' \
					"$TMP/code/$part.defs" -
		done
	done | sort -u
}

@test "no .c file directly under lib/; every part of lib/ has a README" {
	run -0 find "$SRC/lib" -maxdepth 1 -type f -name '*.c'
	assert_output ''
	for d in "$SRC"/lib/*/; do
		[ -s "${d}README" ] || fail "${d#"$SRC"/} has no README"
	done
}

@test "every cmd/*.c is under 250 lines" {
	for f in "$SRC"/cmd/*.c; do
		n=$(wc -l <"$f")
		[ "$n" -lt 250 ] || fail "${f#"$SRC"/} has $n lines: move all but options, loop and status into lib/"
	done
}

@test "includes name their part, \"part/file.h\", and the file is there" {
	for f in "$SRC"/lib/*/*.[ch] "$SRC"/cmd/*.c; do
		while read -r inc; do
			case $inc in
			[a-z]*/*.h) [ -f "$SRC/lib/$inc" ] || fail "${f#"$SRC"/} includes \"$inc\", which is not in lib/" ;;
			*) fail "${f#"$SRC"/} includes \"$inc\": write \"part/file.h\"" ;;
			esac
		done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
	done
}

@test "no part includes a higher one, key/ only base/, and the parts have no cycle" {
	pairs=$(part_includes)
	[ -n "$pairs" ] || fail "no includes between parts found"
	while read -r from to; do
		a=$(tier "$from") && b=$(tier "$to") || fail "part outside the tiers: $from or $to"
		[ "$b" -le "$a" ] || fail "$from/ (tier $a) includes $to/ (tier $b), a higher part"
		[ "$from" != key ] || [ "$to" = base ] || fail "key/ includes $to/: it may include base/ only"
	done <<<"$pairs"
	# Within a tier includes may go either way, but not both: tsort finds loops.
	run -0 --separate-stderr tsort <<<"$pairs"
	assert_equal "$stderr" ''
}

@test "within a part of lib/, calls between files go one way, never round in a circle" {
	calls=$(file_calls) || fail "cannot strip the comments of lib/*/*.c"
	# the check sees calls: filter.c hands blocks to filter_scan.c
	grep -qx 'lib/filter/filter.c lib/filter/filter_scan.c' <<<"$calls" ||
		fail "no call from filter.c to filter_scan.c found: $calls"
	run --separate-stderr tsort <<<"$calls"
	[ -z "$stderr" ] || fail "files that call each other, round in a circle: $stderr
(move what the higher file shares into the lower one, or into a file of its own that calls neither)"
	assert_equal "$status" 0
}

@test "each part's README says what it may include, and the code keeps to it" {
	pairs=$(part_includes)
	for d in "$SRC"/lib/*/; do
		p=$(basename "$d")
		may=$(sed -n 's/^May include: *//p' "${d}README")
		[ -n "$may" ] || fail "lib/$p/README has no 'May include:' line"
		for to in $(awk -v p="$p" '$1 == p { print $2 }' <<<"$pairs"); do
			case " $may " in
			*" $to/"[,.\ ]*) ;;
			*) fail "lib/$p/ includes $to/, which its README does not allow (May include: $may)" ;;
			esac
		done
	done
}

@test "every unit test is named after the module it tests" {
	for f in "$SRC"/tests/unit/test_*.c; do
		m=${f##*/test_}
		m=${m%.c}
		# a module is a .c file, or a header of inline functions alone
		set -- "$SRC"/lib/*/"$m".c "$SRC"/lib/*/"$m".h
		[ -f "$1" ] || [ -f "$2" ] || fail "tests/unit/test_$m.c: there is no module lib/*/$m.c or lib/*/$m.h (name a unit test after its module)"
		grep -q "unit_report(\"$m\")" "$f" || fail "tests/unit/test_$m.c reports under another name than $m"
	done
}

@test "every fuzz harness names the files it needs, and they are there" {
	for f in "$SRC"/tests/fuzz/fuzz_*.c; do
		name=${f##*/fuzz_}
		name=${name%.c}
		needs=$(sed -n 's/.*fuzz-needs: *\([^*]*\).*/\1/p' "$f")
		[ -n "$needs" ] || fail "tests/fuzz/fuzz_$name.c has no fuzz-needs: line"
		for n in $needs; do
			[ -e "$SRC/$n" ] || fail "tests/fuzz/fuzz_$name.c needs $n, which is not there"
		done
		[ -d "$SRC/tests/fuzz/corpus/$name" ] || fail "fuzz_$name has no seeds in tests/fuzz/corpus/$name/"
	done
}

@test "the fuzz runner fails, not skips, a harness whose named file is missing" {
	mkdir -p tree/tests/fuzz/corpus/gone tree/tests/fuzz/corpus/here tree/lib/x
	cp "$SRC/tests/fuzz/run" tree/tests/fuzz/run
	printf '/* fuzz-needs: lib/x/gone.c */\n' >tree/tests/fuzz/fuzz_gone.c
	printf '/* fuzz-needs: lib/x/here.c */\n' >tree/tests/fuzz/fuzz_here.c
	: >tree/lib/x/here.c
	rmdir tree/tests/fuzz/corpus/here
	printf '/* no needs */\n' >tree/tests/fuzz/fuzz_vague.c
	run -1 env FUZZ_CC=true FUZZ_OUT="$TMP/out" bash tree/tests/fuzz/run 1
	assert_line 'fuzz_gone     FAILED: it needs lib/x/gone.c, which is not there'
	assert_line 'fuzz_here     FAILED: it needs tests/fuzz/corpus/here/, which is not there'
	assert_line 'fuzz_vague    FAILED: it needs a fuzz-needs: line naming them, which is not there'
	assert_line '0 passed, 3 failed'
	run -1 env FUZZ_CC=true FUZZ_OUT="$TMP/out" FUZZ_ONLY=nosuch bash tree/tests/fuzz/run 1
	assert_line 'fuzz_nosuch   FAILED: FUZZ_ONLY names it, but there is no tests/fuzz/fuzz_nosuch.c'
	assert_line '0 passed, 1 failed'
}

# A build into a directory of its own with the builder's flags: it must
# keep dcr's own flags, and the code must stay free of their warnings.
build_with() {
	run --separate-stderr make -s -j2 -C "$SRC" OBJDIR="$TMP/obj" BINOUT="$TMP/bin" "$@" all unit
	[ "$status" -eq 0 ] || fail "make $* failed: $stderr"
	assert_equal "$stderr" ''
	assert_output ''
	flags=$(cat "$TMP/obj/flags")
	for f in -std=c11 -Wall -Wextra -Wshadow -Wconversion -Wsign-conversion \
		-Wmissing-prototypes -Wstrict-prototypes -pthread -Ilib "${@#*=}"; do
		case " $flags " in *" $f "*) ;; *) fail "make $* built without $f: $flags" ;; esac
	done
	[ -x "$TMP/bin/dcr-parse" ] && [ -x "$TMP/obj/unit/test_record" ]
}

@test "make CFLAGS=-O3 keeps dcr's flags and builds without a warning" {
	[ -z "${DCR_VALGRIND:-}" ] || skip "a build checks the compiler, not the commands valgrind watches"
	build_with CFLAGS=-O3
}

@test "make CPPFLAGS=-DNDEBUG keeps dcr's flags and builds without a warning" {
	[ -z "${DCR_VALGRIND:-}" ] || skip "a build checks the compiler, not the commands valgrind watches"
	build_with CPPFLAGS=-DNDEBUG
}
