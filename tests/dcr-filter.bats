#!/usr/bin/env bats
# dcr-filter: the condition language, the test options, time ranges,
# output options, errors with a caret, bad input, regex limits, exit status
# and the block-search fast path.

load helpers

B="$DCR_TESTS/data/filter-basic.log"

# The client codes of the records selected by the arguments.
clients() { dcr-filter -k client "$@" "$B"; }

# ---- comparisons ----

@test "== selects the matching records, written as they are" {
	run -0 dcr-filter 'event == check_in' "$B"
	assert_output 'ts=2024-03-01T08:00:00Z event=check_in client=K0000001 n=10'
}

@test "a non-canonical selected line is written normalised" {
	run -0 dcr-filter 'client == k0000005' "$B"
	assert_output 'ts=2024-03-02T12:00:00Z event=consumption client=k0000005 route=inject substance=cocaine n=1e1 path=a/b'
}

@test "== compares numbers numerically when both sides are numbers" {
	run -0 clients 'n == 10'
	assert_output $'client=K0000001\nclient=K0000003\nclient=k0000005'
}

@test "< <= > >= compare numbers numerically" {
	run -0 clients 'n < 9'
	assert_output 'client=K0000004'
	run -0 clients 'n <= 9'
	assert_output $'client=K0000002\nclient=K0000004'
	run -0 clients 'n >= 10 and n <= 10'
	assert_output $'client=K0000001\nclient=K0000003\nclient=k0000005'
	run -0 clients 'd > 2.49'
	assert_output 'client=K0000002'
}

@test "a comparison is bytewise when a side is not a number" {
	run -0 clients 'substance < d'
	assert_output $'client=K0000003\nclient=k0000005'
	# n=abc against the number 9: bytewise, "abc" > "9"
	run -0 clients 'n > 9'
	assert_output $'client=K0000001\nclient=K0000003\nclient=k0000005\nclient=K0000006'
	run -0 clients 'd < 10.0'
	assert_output 'client=K0000002'
	run -1 clients 'd < 1x'
}

@test "time stamps compare chronologically, whatever their offset" {
	run -0 clients 'ts == 2024-03-01T10:30:00+01:00'
	assert_output 'client=K0000002'
	run -0 clients 'ts < 2024-03-01T10:00:00.5Z'
	assert_output $'client=K0000001\nclient=K0000002'
	run -0 clients 'ts > 2024-03-02T11:00:00Z'
	assert_output $'client=k0000005\nclient=K0000006'
}

@test "a date compares bytewise, which orders canonical time stamps" {
	run -0 clients 'ts >= 2024-03-02'
	assert_output $'client=K0000004\nclient=k0000005\nclient=K0000006'
}

@test "a missing key makes comparisons false and != true" {
	run -1 clients 'incident_type == x'
	run -1 clients --allow-missing nokey 'nokey < zzz'
	run -1 clients --allow-missing nokey 'nokey >= a'
	run -0 clients 'route != inject'
	assert_output $'client=K0000001\nclient=K0000003\nclient=K0000004'
}

@test "in (a, b) is == against any of the list" {
	run -0 clients "route in (smoke, 'inject')"
	assert_output $'client=K0000002\nclient=K0000003\nclient=k0000005\nclient=K0000006'
	run -0 clients 'n in (-1, 1e3)'
	assert_output 'client=K0000004'
	run -1 clients --allow-missing nokey 'nokey in (a)'
}

@test "KEY has VALUE: an item of a comma-separated list, byte for byte" {
	printf '%s\n' 'n=1 response=oxygen,naloxone,ems_called' 'n=2 response=naloxone' \
		'n=3 response=naloxone_kit' 'n=4' 'n=5 response="oxygen,naloxone"' \
		'n=6 response=oxygen,' 'n=7 response=Naloxone' 'n=8 response=""' > l.log
	run -0 dcr-filter -k n 'response has naloxone' l.log
	assert_output $'n=1\nn=2\nn=5'
	run -0 dcr-filter -k n 'response has ems_called or response has oxygen' l.log
	assert_output $'n=1\nn=5\nn=6'
	# an empty item is an item; a missing key has none
	run -0 dcr-filter -k n "response has ''" l.log
	assert_output $'n=6\nn=8'
	run -0 dcr-filter -k n 'not response has naloxone' l.log
	assert_output $'n=3\nn=4\nn=6\nn=7\nn=8'
	run -1 dcr-filter --allow-missing nokey 'nokey has a' l.log
	# == compares the whole value: it misses the lists
	run -0 dcr-filter -k n 'response == naloxone' l.log
	assert_output 'n=2'
	run --separate-stderr -2 dcr-filter 'response has' l.log
	assert_equal "$stderr" "dcr-filter: expression, column 13: expected a value after 'has'
  response has
              ^"
}

@test "dcr-agg counts list items with has" {
	printf '%s\n' 'event=intervention response=oxygen,naloxone,ems_called' \
		'event=intervention response=naloxone' 'event=incident response=ems_called' \
		'event=intervention response=oxygen' > l.log
	run -0 dcr-agg -a 'naloxone=count if response has naloxone' -a 'ems=count if response has ems_called' l.log
	assert_output 'naloxone=2 ems=2'
}

@test "has() and missing() test for the key" {
	run -0 clients 'has(incident_type)'
	assert_output 'client=K0000004'
	run -0 clients 'missing(route) and missing(incident_type)'
	assert_output 'client=K0000001'
	run -0 clients 'has(empty)'
	assert_output 'client=K0000004'
}

@test "and or not, && || !, and their precedence" {
	run -0 clients 'n == 9 or n == -1 and has(route)'
	assert_output 'client=K0000002'
	run -0 clients '(n == 9 or n == -1) and has(note)'
	assert_output 'client=K0000004'
	run -0 clients '! has(route) && ! (n == -1 || n == 0)'
	assert_output 'client=K0000001'
	run -0 clients 'not has(route) and not not n == 10'
	assert_output 'client=K0000001'
}

@test "keywords may be keys and values" {
	printf 'in=and not=or\n' >k.log
	run -0 dcr-filter 'in == and and not == or' k.log
	assert_output 'in=and not=or'
	run -0 dcr-filter 'in in (and)' k.log
}

# ---- strings and values ----

@test "single- and double-quoted strings with escapes" {
	run -0 clients "note == 'said \"hi\" twice'"
	assert_output 'client=K0000003'
	run -0 clients 'note == "said \"hi\" twice"'
	assert_output 'client=K0000003'
	run -0 clients "note == 'two\\nlines'"
	assert_output 'client=K0000004'
	run -0 clients "note == \"it\\'s\" or empty == ''"
	assert_output 'client=K0000004'
}

@test "bare words are strings, with any byte but the operators" {
	run -0 clients 'path == a/b'
	assert_output 'client=k0000005'
	printf 'v=caf\xc3\xa9 w=x:y-z\n' >u.log
	run -0 dcr-filter -c $'v == caf\xc3\xa9 and w == x:y-z' u.log
	assert_output 1
}

@test "a value written with needless escapes is found and normalised" {
	run -0 dcr-filter 'client == K0000006' "$B"
	assert_output 'ts=2024-03-02T13:00:00+01:00 event=consumption client=K0000006 route=inject substance=fentanyl n=abc'
}

@test "the block search finds values written quoted or escaped" {
	run -0 dcr-filter -c 'route == inject' "$B"
	assert_output 3
	run -0 dcr-filter -cv 'route != inject' "$B"
	assert_output 3
}

@test "the block search finds quoted values for in, or and alternations" {
	run -0 dcr-filter -c 'route in (inject, sniff)' "$B"
	assert_output 3
	run -0 dcr-filter -c 'route == inject or route == sniff' "$B"
	assert_output 3
	run -0 dcr-filter -c 'route ~ /^(inject|sniff)$/' "$B"
	assert_output 3
}

@test "a comment holding the literal is not a record" {
	run -0 dcr-filter 'route == inject' "$B"
	refute_output --partial '#'
}

# ---- regexes ----

@test "~ matches a PCRE2 pattern anywhere in the value" {
	run -0 clients 'substance ~ /oca/'
	assert_output 'client=k0000005'
	run -0 clients 'client ~ /^K000000[1-3]$/'
	assert_output $'client=K0000001\nclient=K0000002\nclient=K0000003'
}

@test "regex flags i, x and s" {
	run -0 clients 'client ~ /^k0000005/'
	assert_output 'client=k0000005'
	run -0 clients 'client ~ /^k000000[45]/i'
	assert_output $'client=K0000004\nclient=k0000005'
	run -0 clients 'substance ~ / ^ h e r # comment
	  oin $ /x'
	assert_output 'client=K0000002'
	run -1 clients 'note ~ /two.lines/'
	run -0 clients 'note ~ /two.lines/s'
	assert_output 'client=K0000004'
}

@test "!~ is true when the pattern does not match or the key is missing" {
	run -0 clients 'substance !~ /^(heroin|crack)$/'
	assert_output $'client=K0000001\nclient=K0000004\nclient=k0000005\nclient=K0000006'
}

@test "a pattern in quotes, and \\/ between slashes" {
	run -0 clients 'client ~ "^K\d+2$"'
	assert_output 'client=K0000002'
	run -0 clients 'path ~ /^a\/b$/'
	assert_output 'client=k0000005'
	run -0 clients "note ~ '\"hi\"'"
	assert_output 'client=K0000003'
}

@test "a catastrophic regex ends with a limit error, not a hang or no match" {
	python3 -c 'print("x=" + "a" * 30000 + "b")' >cat.log
	run --separate-stderr -2 timeout 20 dcr-filter 'x ~ /(a+)+$/' cat.log
	assert_output ''
	assert_equal "$stderr" 'dcr-filter: cat.log:1: key x: regex match limit exceeded (catastrophic pattern?)'
	run --separate-stderr -2 timeout 20 dcr-filter -v 'x ~ /(a+)+$/' cat.log
	assert_equal "$stderr" 'dcr-filter: cat.log:1: key x: regex match limit exceeded (catastrophic pattern?)'
}

# ---- options that are tests ----

@test "-e is repeatable and ANDed; every operand is then a file" {
	run -0 dcr-filter -k client -e 'has(route)' -e 'n == 10' "$B"
	assert_output $'client=K0000003\nclient=k0000005'
	run -0 dcr-filter -c -e 'has(route)' "$B" "$B"
	assert_output 8
}

@test "--eq and --ne take the value as it is" {
	run -0 dcr-filter -k client --eq 'note=said "hi" twice' "$B"
	assert_output 'client=K0000003'
	run -0 dcr-filter -k client --eq route=inject --ne substance=heroin "$B"
	assert_output $'client=k0000005\nclient=K0000006'
	run -0 dcr-filter -c --eq 'empty=' "$B"
	assert_output 1
}

@test "--lt --le --gt --ge compare with a number" {
	run -0 dcr-filter -k client --gt n=9 --lt n=11 "$B"
	assert_output $'client=K0000001\nclient=K0000003\nclient=k0000005'
	run -0 dcr-filter -k client --ge n=9 --le n=9 "$B"
	assert_output 'client=K0000002'
}

@test "--lt and friends want a number" {
	run --separate-stderr -2 dcr-filter --lt n=abc "$B"
	assert_equal "$stderr" "dcr-filter: --lt: expected a number after '='
Try 'dcr-filter --help' for more information."
}

@test "a test option without KEY= is a usage error" {
	run --separate-stderr -2 dcr-filter --eq route "$B"
	assert_equal "$stderr" "dcr-filter: --eq: expected KEY=VALUE
Try 'dcr-filter --help' for more information."
	run --separate-stderr -2 dcr-filter --eq Route=x "$B"
	assert_equal "$stderr" "dcr-filter: --eq: invalid key (keys are [a-z_][a-z0-9_]*, at most 64 bytes)
Try 'dcr-filter --help' for more information."
}

@test "--re matches a PCRE2 pattern; a bad one is reported with its offset" {
	run -0 dcr-filter -k client --re 'substance=^c' "$B"
	assert_output $'client=K0000003\nclient=k0000005'
	run --separate-stderr -2 dcr-filter --re 'x=a(b' "$B"
	assert_equal "$stderr" "dcr-filter: --re: invalid regex: missing closing parenthesis (at offset 3)
Try 'dcr-filter --help' for more information."
}

@test "--has selects the records with the key" {
	run -0 dcr-filter -k client --has note "$B"
	assert_output $'client=K0000003\nclient=K0000004'
}

# ---- time ranges ----

@test "--since and --until select the half-open range" {
	run -0 dcr-filter -k client --since 2024-03-01T09:30:00Z --until 2024-03-02 "$B"
	assert_output $'client=K0000002\nclient=K0000003'
	run -0 dcr-filter -k client --since 2024-03-02 "$B"
	assert_output $'client=K0000004\nclient=k0000005\nclient=K0000006'
}

@test "--since with an offset, and ts compared as times" {
	# 13:00+01:00 is 12:00Z: both records of 12:00Z are at or after it
	run -0 dcr-filter -k client --since 2024-03-02T13:00:00+01:00 "$B"
	assert_output $'client=k0000005\nclient=K0000006'
	run -0 dcr-filter -k client --until 2024-03-02T12:00:00.000000001Z --since 2024-03-02T11:59:59.999Z "$B"
	assert_output $'client=k0000005\nclient=K0000006'
}

@test "--since ignores records without a time stamp" {
	printf 'ts=yesterday a=1\na=2\nts=2030-01-01T00:00:00Z a=3\n' >t.log
	run -0 dcr-filter --since 2024-01-01 t.log
	assert_output 'ts=2030-01-01T00:00:00Z a=3'
	run -1 dcr-filter --until 2024-01-01 t.log
}

@test "--since and --until relative to now" {
	for d in '-2 hours' '-3 days' '-10 days'; do
		printf 'ts=%s when=%s\n' "$(date -u -d "$d" +%Y-%m-%dT%H:%M:%SZ)" "${d// /_}"
	done >rel.log
	run -0 dcr-filter -k when --since -24h rel.log
	assert_output 'when=-2_hours'
	run -0 dcr-filter -k when --since -7d rel.log
	assert_output $'when=-2_hours\nwhen=-3_days'
	run -0 dcr-filter -k when --until -1w rel.log
	assert_output 'when=-10_days'
	run -0 dcr-filter -k when --since -180m --until -60m rel.log
	assert_output 'when=-2_hours'
	run -1 dcr-filter -c --since -300s --until -0s rel.log
	assert_output 0
}

@test "a bad --since or --until is a usage error" {
	run --separate-stderr -2 dcr-filter --since yesterday "$B"
	assert_equal "$stderr" "dcr-filter: --since: expected a date (2024-03-01), an RFC 3339 time or -N with s, m, h, d or w (-24h)
Try 'dcr-filter --help' for more information."
	run --separate-stderr -2 dcr-filter --until 2024-02-30 "$B"
	assert_equal "${stderr%%$'\n'*}" "dcr-filter: --until: impossible date or time"
	run --separate-stderr -2 dcr-filter --since -5y "$B"
	run --separate-stderr -2 dcr-filter --since -99999999999w "$B"
	assert_equal "${stderr%%$'\n'*}" "dcr-filter: '-99999999999w': too far back"
}

# ---- output options ----

@test "-v selects the records that do not match" {
	run -0 clients -v 'has(route)'
	assert_output $'client=K0000001\nclient=K0000004'
}

@test "-c prints the count, 0 with status 1 when nothing matches" {
	run -0 dcr-filter -c 'has(route)' "$B"
	assert_output 4
	run -1 dcr-filter -c 'event == nothing' "$B"
	assert_output 0
	run -0 dcr-filter -cv 'has(route)' "$B"
	assert_output 2
}

@test "-m N stops after N records, over all inputs" {
	run -0 clients -m 2 'has(n)'
	assert_output $'client=K0000001\nclient=K0000002'
	run -0 dcr-filter -c -m 5 'has(n)' "$B" "$B"
	assert_output 5
	run -1 dcr-filter -m 0 'has(n)' "$B"
	assert_output ''
}

@test "-m stops reading an endless input" {
	run -0 timeout 10 sh -c "yes 'a=1' | dcr-filter -m 2 'a == 1'"
	assert_output $'a=1\na=1'
}

@test "-q prints nothing; its status says whether anything matched" {
	run -0 dcr-filter -q 'route == inject' "$B"
	assert_output ''
	run -1 dcr-filter -q 'route == sniff' "$B"
	assert_output ''
	run -0 timeout 10 sh -c "yes 'a=1' | dcr-filter -q 'a == 1'"
}

@test "-q exits 0 on a match even after a bad line, as grep" {
	run -0 dcr-filter -q 'route == inject' "$DATA/filter-bad.log"
}

@test "-k keeps only these keys, in this order" {
	run -0 dcr-filter -k substance,ts,nokey 'has(substance)' "$B"
	assert_output 'substance=heroin ts=2024-03-01T09:30:00Z
substance=crack ts=2024-03-01T10:00:00.5Z
substance=cocaine ts=2024-03-02T12:00:00Z
substance=fentanyl ts=2024-03-02T13:00:00+01:00'
}

@test "-k writes no line for a record that keeps no key" {
	run -0 dcr-filter -k route 'has(n)' "$B"
	assert_output $'route=inject\nroute=smoke\nroute=inject\nroute=inject'
}

@test "-x drops keys, keeping values quoted as needed" {
	run -0 dcr-filter -x ts,event,client,n,incident_type 'has(note)' "$B"
	assert_output 'route=smoke substance=crack note="said \"hi\" twice"
note="two\nlines" empty=""'
}

@test "-k and -x check their keys and do not combine" {
	run --separate-stderr -2 dcr-filter -k a,B 'has(a)' "$B"
	assert_equal "$stderr" "dcr-filter: -k: 'B' is not a valid key
Try 'dcr-filter --help' for more information."
	run --separate-stderr -2 dcr-filter -x a,,b 'has(a)' "$B"
	assert_equal "$stderr" "dcr-filter: -x: '' is not a valid key
Try 'dcr-filter --help' for more information."
	run --separate-stderr -2 dcr-filter -k a,a 'has(a)' "$B"
	assert_equal "$stderr" "dcr-filter: -k: key 'a' given twice
Try 'dcr-filter --help' for more information."
	run --separate-stderr -2 dcr-filter -k a -x b 'has(a)' "$B"
	assert_equal "$stderr" "dcr-filter: -k and -x cannot be used together
Try 'dcr-filter --help' for more information."
}

@test "-o writes the file atomically" {
	run -0 dcr-filter -o out.log 'route == smoke' "$B"
	assert_output ''
	run -0 cat out.log
	assert_output --partial 'client=K0000003'
}

@test "-o keeps the old file when an input cannot be read" {
	echo old >out.log
	run --separate-stderr -2 dcr-filter -o out.log 'has(n)' "$B" nosuchfile
	assert_equal "$stderr" "dcr-filter: nosuchfile: cannot open: No such file or directory
dcr-filter: out.log: not written because of the errors above"
	run -0 cat out.log
	assert_output old
}

@test "a write error is status 2, with a message" {
	run --separate-stderr -2 sh -c "dcr-filter 'has(n)' '$B' >/dev/full"
	assert_equal "$stderr" "dcr-filter: write error: No space left on device"
}

@test "stdin, - and gzip input" {
	gzip -c "$B" >b.gz
	run -0 sh -c "dcr-filter -c 'route == inject' <b.gz"
	assert_output 3
	run -0 sh -c "cat '$B' | dcr-filter -c 'route == inject' - b.gz"
	assert_output 6
}

@test "help and version" {
	run -0 dcr-filter --help
	assert_line --index 0 'usage: dcr-filter [-cqv] [-k KEYS | -x KEYS] [-m N] [-j N] [-o FILE] [-e EXPR] [--allow-missing KEYS] [--eq KEY=VALUE] [--ne KEY=VALUE] [--lt KEY=NUMBER] [--le KEY=NUMBER] [--gt KEY=NUMBER] [--ge KEY=NUMBER] [--re KEY=PATTERN] [--has KEY] [--since TIME] [--until TIME] [--] [EXPR] [FILE ...]'
	run -0 dcr-filter --version
	assert_output --regexp '^dcr-filter [0-9]'
}

# ---- expression errors: the expression, a caret, what was expected ----

@test "no expression is a usage error" {
	run --separate-stderr -2 dcr-filter
	assert_equal "$stderr" "dcr-filter: no expression given
Try 'dcr-filter --help' for more information."
}

@test "a missing value is shown with a caret" {
	run --separate-stderr -2 dcr-filter 'route ==' "$B"
	assert_output ''
	assert_equal "$stderr" "dcr-filter: expression, column 9: expected a value after '=='
  route ==
          ^"
}

@test "a missing operator" {
	run --separate-stderr -2 dcr-filter 'route inject' "$B"
	assert_equal "$stderr" "dcr-filter: expression, column 7: expected an operator (== != < <= > >= ~ !~ in has) after the key
  route inject
        ^"
}

@test "a single = is not an operator" {
	run --separate-stderr -2 dcr-filter 'route = inject' "$B"
	assert_equal "$stderr" "dcr-filter: expression, column 7: '=' is not an operator (did you mean '=='?)
  route = inject
        ^"
}

@test "an invalid key" {
	run --separate-stderr -2 dcr-filter 'Route == inject' "$B"
	assert_equal "$stderr" "dcr-filter: expression, column 1: invalid key (keys are [a-z_][a-z0-9_]*, at most 64 bytes)
  Route == inject
  ^"
}

@test "something after a complete condition" {
	run --separate-stderr -2 dcr-filter 'a == 1 b == 2' "$B"
	assert_equal "$stderr" "dcr-filter: expression, column 8: expected 'and', 'or' or the end of the expression
  a == 1 b == 2
         ^"
}

@test "an unclosed parenthesis" {
	run --separate-stderr -2 dcr-filter '(a == 1 or b == 2' "$B"
	assert_equal "$stderr" "dcr-filter: expression, column 18: expected ')' to close the '(' at column 1
  (a == 1 or b == 2
                   ^"
}

@test "an unterminated string" {
	run --separate-stderr -2 dcr-filter "a == 'x" "$B"
	assert_equal "$stderr" "dcr-filter: expression, column 6: unterminated string (no closing ')
  a == 'x
       ^"
}

@test "a nothing after and" {
	run --separate-stderr -2 dcr-filter 'a == 1 and' "$B"
	assert_equal "$stderr" "dcr-filter: expression, column 11: expected a condition (KEY == VALUE, has(KEY), ...)
  a == 1 and
            ^"
}

@test "a lone & or |" {
	run --separate-stderr -2 dcr-filter 'a == 1 & b == 2' "$B"
	assert_equal "$stderr" "dcr-filter: expression, column 8: expected '&&'
  a == 1 & b == 2
         ^"
	run --separate-stderr -2 dcr-filter 'a == 1 | b == 2' "$B"
	assert_equal "${stderr%%$'\n'*}" "dcr-filter: expression, column 8: expected '||'"
}

@test "errors in has(), missing() and in ()" {
	run --separate-stderr -2 dcr-filter 'has(a' "$B"
	assert_equal "$stderr" "dcr-filter: expression, column 6: expected ')' after the key
  has(a
       ^"
	run --separate-stderr -2 dcr-filter 'missing()' "$B"
	assert_equal "${stderr%%$'\n'*}" "dcr-filter: expression, column 9: expected a key"
	run --separate-stderr -2 dcr-filter 'a in (x y)' "$B"
	assert_equal "$stderr" "dcr-filter: expression, column 9: expected ',' or ')' in the list
  a in (x y)
          ^"
	run --separate-stderr -2 dcr-filter 'a in x' "$B"
	assert_equal "${stderr%%$'\n'*}" "dcr-filter: expression, column 6: expected '(' after 'in'"
}

@test "regex syntax errors: the pattern, PCRE2's message and offset" {
	run --separate-stderr -2 dcr-filter 'client ~ /^K(7F/' "$B"
	assert_equal "$stderr" "dcr-filter: expression, column 16: invalid regex: missing closing parenthesis (at offset 5)
  client ~ /^K(7F/
                 ^"
	run --separate-stderr -2 dcr-filter 'a ~ /x/g' "$B"
	assert_equal "$stderr" "dcr-filter: expression, column 8: unknown regex flag 'g' (flags are i, x, s)
  a ~ /x/g
         ^"
	run --separate-stderr -2 dcr-filter 'a ~ /x' "$B"
	assert_equal "${stderr%%$'\n'*}" "dcr-filter: expression, column 5: unterminated /PATTERN/ (no closing /)"
	run --separate-stderr -2 dcr-filter 'a ~ x' "$B"
	assert_equal "${stderr%%$'\n'*}" "dcr-filter: expression, column 5: expected /PATTERN/ or a quoted pattern after '~'"
}

@test "an error in one -e shows that expression" {
	run --separate-stderr -2 dcr-filter -e 'has(a)' -e 'b <' "$B"
	assert_equal "$stderr" "dcr-filter: expression, column 4: expected a value after '<'
  b <
     ^"
}

@test "the caret is placed by characters, on the line of the error" {
	run --separate-stderr -2 dcr-filter $'a == \xc3\xa9t\xc3\xa9 and\n  b ==' "$B"
	assert_equal "$stderr" "dcr-filter: expression, column 7: expected a value after '=='
    b ==
        ^"
	run --separate-stderr -2 dcr-filter $'a == \xc3\xa9 b' "$B"
	assert_equal "$stderr" $'dcr-filter: expression, column 9: expected \'and\', \'or\' or the end of the expression\n  a == \xc3\xa9 b\n         ^'
}

@test "nesting and length have limits, reported like other errors" {
	deep=$(python3 -c 'print("(" * 300 + "a == 1" + ")" * 300)')
	run --separate-stderr -2 dcr-filter "$deep" "$B"
	assert_equal "${stderr%%$'\n'*}" "dcr-filter: expression, column 257: more than 256 levels of 'not' and '('"
	long=$(python3 -c 'print(" or ".join(["a == 1"] * 5000))')
	run --separate-stderr -2 dcr-filter "$long" "$B"
	assert_equal "${stderr%%$'\n'*}" "dcr-filter: expression, column 40961: more than 4096 tests in one expression"
	ok=$(python3 -c 'print("(" * 256 + " and ".join(["has(n)"] * 4096) + ")" * 256)')
	run -0 dcr-filter -c "$ok" "$B"
	assert_output 6
}

# ---- bad input ----

@test "a bad line is an error naming file and line, never passed through" {
	run --separate-stderr -2 dcr-filter 'event == consumption' "$DATA/filter-bad.log"
	assert_output $'ts=2024-03-01T10:00:00Z event=consumption route=smoke\nts=2024-03-01T12:00:00Z event=consumption route=inject'
	assert_equal "$stderr" "dcr-filter: $DATA/filter-bad.log:2: key without '=' and value (column 56)
dcr-filter: $DATA/filter-bad.log:4: duplicate key (column 61)
dcr-filter: 2 lines rejected"
}

@test "the block search checks the lines holding its literal" {
	run --separate-stderr -2 dcr-filter 'route == inject' "$DATA/filter-bad.log"
	assert_output 'ts=2024-03-01T12:00:00Z event=consumption route=inject'
	assert_equal "$stderr" "dcr-filter: $DATA/filter-bad.log:2: key without '=' and value (column 56)
dcr-filter: 1 line rejected"
}

@test "lines without the literal are skipped unread; -v reads them all" {
	run --separate-stderr -2 dcr-filter -c 'route == smoke' "$DATA/filter-bad.log"
	assert_output 1
	assert_equal "$stderr" "dcr-filter: $DATA/filter-bad.log:4: duplicate key (column 61)
dcr-filter: 1 line rejected"
	run --separate-stderr -2 dcr-filter -cv 'route != smoke' "$DATA/filter-bad.log"
	assert_output 1
	assert_equal "${stderr##*$'\n'}" "dcr-filter: 2 lines rejected"
}

@test "a bad line ruled out by the value of the only key is passed over" {
	printf 'duration_s=5 bad\nduration_s=500 bad\nduration_s=600\n' >q.log
	run --separate-stderr -2 dcr-filter 'duration_s > 100' q.log
	assert_output 'duration_s=600'
	assert_equal "$stderr" "dcr-filter: q.log:2: key without '=' and value (column 16)
dcr-filter: 1 line rejected"
	run --separate-stderr -2 dcr-filter -v 'duration_s <= 100' q.log
	assert_equal "${stderr##*$'\n'}" "dcr-filter: 2 lines rejected"
}

@test "--reject keeps the bad lines" {
	run --separate-stderr -2 dcr-filter --reject rej.log -c 'has(ts)' "$DATA/filter-bad.log"
	assert_output 3
	run -0 cat rej.log
	assert_output "# $DATA/filter-bad.log:2: key without '=' and value
ts=2024-03-01T09:00:00Z event=consumption route=inject bad key=1
# $DATA/filter-bad.log:4: duplicate key
ts=2024-03-01T11:00:00Z event=consumption route=smoke dup=1 dup=2"
}

@test "line numbers are right deep into a large input, on both paths" {
	awk 'BEGIN { for (i = 1; i <= 300000; i++)
		if (i == 123457) print "n=" i " route=inject x"
		else if (i == 250000) print "n=" i " route=inject"
		else print "ts=2024-03-01T00:00:00Z n=" i " route=smoke" }' >big.log
	run --separate-stderr -2 dcr-filter 'route == inject' big.log
	assert_output 'n=250000 route=inject'
	assert_equal "${stderr%%$'\n'*}" "dcr-filter: big.log:123457: key without '=' and value (column 23)"
	run --separate-stderr -2 dcr-filter -v 'route != inject' big.log
	assert_output 'n=250000 route=inject'
	assert_equal "${stderr%%$'\n'*}" "dcr-filter: big.log:123457: key without '=' and value (column 23)"
	run --separate-stderr -2 dcr-filter 'n ~ /^12345[0-9]$/' big.log
	assert_equal "${stderr%%$'\n'*}" "dcr-filter: big.log:123457: key without '=' and value (column 23)"
}

@test "a line longer than --max-record is reported and skipped" {
	{ echo 'a=1 route=inject'; printf 'a=2 route=inject x=%02000d\n' 0; echo 'a=3 route=inject'; } >long.log
	run --separate-stderr -2 dcr-filter --max-record 1K 'route == inject' long.log
	assert_output $'a=1 route=inject\na=3 route=inject'
	assert_equal "$stderr" "dcr-filter: long.log:2: line longer than the maximum record length
dcr-filter: 1 line rejected"
}

@test "an unreadable input is an error; the others are still read" {
	run --separate-stderr -2 dcr-filter -c 'has(n)' nosuchfile "$B"
	assert_output 6
	assert_equal "$stderr" "dcr-filter: nosuchfile: cannot open: No such file or directory"
}

# ---- streams ----

@test "| head -1 ends at once on an endless input" {
	run -0 timeout 10 sh -c "yes 'a=1 b=2' | dcr-filter 'a == 1' | head -1"
	assert_output 'a=1 b=2'
	run -0 timeout 10 sh -c "yes 'a=1 b=2' | dcr-filter -v 'a == 2' | head -1"
	assert_output 'a=1 b=2'
}

@test "| head -1 on a large generated file ends at once, quietly" {
	awk 'BEGIN { for (i = 0; i < 2000000; i++) print "ts=2024-03-01T00:00:00Z event=consumption route=inject n=" i }' >large.log
	run --separate-stderr -0 timeout 10 sh -c "dcr-filter 'route == inject' large.log | head -1"
	assert_output 'ts=2024-03-01T00:00:00Z event=consumption route=inject n=0'
	assert_equal "$stderr" ''
}

@test "the fast path and a full read agree on generated logs" {
	command -v dcr-gen >/dev/null || fail "dcr-gen is not on PATH (make builds it)"
	dcr-gen -s 5 --days 20 -o gen.log
	for e in 'route == inject' 'client ~ /^[A-F]7/' 'substance ~ /ine$/' 'duration_s >= 1800' \
		'visit_id ~ /-0000[0-9]{2}$/' 'event == incident and outcome == transferred' \
		'substance in (heroin, fentanyl)' 'substance ~ /^(heroin|fentanyl)$/' \
		'route == inject or event == incident' 'place_id ~ /(?:i0|s1)[0-9]/'; do
		dcr-filter "$e" gen.log >fast.out || true
		DCR_SEARCH=sse2 dcr-filter "$e" gen.log >sse2.out || true
		dcr-filter -v "not ($e)" gen.log >full.out || true
		cmp fast.out full.out || fail "fast and full reads differ for: $e"
		cmp sse2.out full.out || fail "SSE2 and full reads differ for: $e"
	done
}

# ---- keys that no record has ----

@test "a key of the condition that no record has is exit 2, with suggestions" {
	printf 'ts=2024-03-01T08:00:00Z event=refusal\nts=2024-03-01T09:00:00Z event=check_in\n' >in.log
	run --separate-stderr -2 dcr-filter 'evnt == refusal' in.log
	assert_output ''
	assert_equal "$stderr" "dcr-filter: EXPR: no record has the key 'evnt'; did you mean 'event'?"
	run --separate-stderr -2 dcr-filter -c -e 'event == refusal' --ne evnt=x in.log
	assert_output ''
	assert_equal "$stderr" "dcr-filter: --ne: no record has the key 'evnt'; did you mean 'event'?"
	# -v reads every line, the block search passes most over: the same
	run --separate-stderr -2 dcr-filter -v 'evnt == refusal' in.log
	assert_equal "$stderr" "dcr-filter: EXPR: no record has the key 'evnt'; did you mean 'event'?"
	run --separate-stderr -2 dcr-filter -o out.log 'event == refusal or zzzzzz == 1' in.log
	assert_equal "$stderr" "dcr-filter: EXPR: no record has the key 'zzzzzz'
dcr-filter: out.log: not written because of the errors above"
	[ ! -e out.log ]
}

@test "a key in the data, --allow-missing, --schema, has() and an empty input pass" {
	printf 'ts=2024-03-01T08:00:00Z event=refusal\nts=2024-03-01T09:00:00Z event=check_in\n' >in.log
	run --separate-stderr -0 dcr-filter -c --allow-missing evnt,other 'evnt == refusal or event == refusal' in.log
	assert_output 1
	assert_equal "$stderr" ''
	run --separate-stderr -1 dcr-filter --allow-missing evnt 'evnt == refusal' in.log
	assert_equal "$stderr" ''
	run --separate-stderr -1 dcr-filter 'evnt == refusal' </dev/null
	assert_equal "$stderr" ''
	run --separate-stderr -0 dcr-filter -c 'has(evnt) or !has(incident_type)' in.log
	assert_output 2
	assert_equal "$stderr" ''
	run --separate-stderr -1 dcr-filter --has evnt in.log
	assert_equal "$stderr" ''
	printf 'dcr-schema v1\nkey ts time\nkey evnt enum refusal\n' >s.schema
	run --separate-stderr -1 dcr-filter --schema s.schema 'evnt == refusal' in.log
	assert_equal "$stderr" ''
	run --separate-stderr -2 dcr-filter --allow-missing 'Bad' 'evnt == x' in.log
	assert_equal "${stderr_lines[0]}" "dcr-filter: --allow-missing: 'Bad' is not a key"
}

@test "-q and -m stop before the end of input: no key is reported" {
	printf 'ts=2024-03-01T08:00:00Z event=refusal\nts=2024-03-01T09:00:00Z event=check_in\n' >in.log
	run --separate-stderr -0 dcr-filter -q 'event == refusal or evnt == x' in.log
	assert_equal "$stderr" ''
	run --separate-stderr -0 dcr-filter -m 1 -k event 'event == refusal or evnt == x' in.log
	assert_output 'event=refusal'
	assert_equal "$stderr" ''
}
