#!/usr/bin/env bats
# The record format, dcr-records(5), end to end through dcr-fmt -t logfmt:
# what is accepted and normalised, and what is rejected with which message.

load helpers

@test "a canonical record passes through unchanged" {
	printf 'ts=2024-03-01T08:14:22Z event=session_start facility=nl-ams-01 note="a b"\n' >in
	run -0 dcr-fmt -t logfmt in
	assert_output 'ts=2024-03-01T08:14:22Z event=session_start facility=nl-ams-01 note="a b"'
}

@test "runs of blanks, tabs and a trailing CR are normalised" {
	printf 'a=1  \t b=2 \r\n' >in
	run -0 dcr-fmt -t logfmt in
	assert_output 'a=1 b=2'
}

@test "needless quotes are dropped and needed ones kept" {
	printf 'a="plain" b="two words" c="" d="x=y"\n' >in
	run -0 dcr-fmt -t logfmt in
	assert_output 'a=plain b="two words" c="" d="x=y"'
}

@test "escapes are read and written canonically" {
	printf '%s\n' 'a="q\"b\\c" b="\u0041\u0009\u0001" c="l1\nl2"' >in
	run -0 dcr-fmt -t logfmt in
	assert_output 'a="q\"b\\c" b="A\t\u0001" c="l1\nl2"'
}

@test "comments and blank lines are skipped" {
	printf '# header\n\n   \na=1\n  # indented\nb=2\n' >in
	run -0 dcr-fmt -t logfmt in
	assert_output $'a=1\nb=2'
}

@test "reserved _ keys are accepted" {
	printf '_src=in.csv:7 a=1\n' >in
	run -0 dcr-fmt -t logfmt in
	assert_output '_src=in.csv:7 a=1'
}

@test "UTF-8 values pass through" {
	printf 'name=Cli\xc3\xabnt place="Den Haag \xe2\x80\x93 Centrum"\n' >in
	run -0 dcr-fmt -t logfmt in
	assert_output "$(printf 'name=Cli\xc3\xabnt place="Den Haag \xe2\x80\x93 Centrum"')"
}

@test "a UTF-8 byte order mark at the start of a file is dropped" {
	printf '\xef\xbb\xbfa=1\n' >in
	run -0 dcr-fmt -t logfmt in
	assert_output 'a=1'
}

@test "the last line needs no newline" {
	printf 'a=1\nb=2' >in
	run -0 dcr-fmt -t logfmt in
	assert_output $'a=1\nb=2'
}

# Each rejected line: named with file, line and column; the good lines are
# still written; the status is 2 and a summary counts the rejects.
reject_case() {
	printf 'ok=1\n%s\nok=2\n' "$1" >in
	run --separate-stderr -2 dcr-fmt -t logfmt in
	assert_output $'ok=1\nok=2'
	assert_equal "$stderr" "dcr-fmt: in:2: $2
dcr-fmt: 1 line rejected"
}

@test "rejects a duplicate key" { reject_case 'a=1 b=2 a=3' 'duplicate key (column 9)'; }
@test "rejects an upper-case key" { reject_case 'Event=x' 'invalid key (keys are [a-z_][a-z0-9_]*) (column 1)'; }
@test "rejects a key starting with a digit" { reject_case '1a=x' 'invalid key (keys are [a-z_][a-z0-9_]*) (column 1)'; }
@test "rejects a bare word" { reject_case 'a=1 word' "key without '=' and value (column 5)"; }
@test "rejects an empty unquoted value" { reject_case 'a= b=1' 'missing value (an empty value is written k="") (column 3)'; }
@test "rejects = in an unquoted value" { reject_case 'a=b=c' 'invalid character in unquoted value (column 4)'; }
@test "rejects a quote in an unquoted value" { reject_case 'a=b"c' 'invalid character in unquoted value (column 4)'; }
@test "rejects an unterminated quote" { reject_case 'a="open' 'unterminated quoted value (column 8)'; }
@test "rejects text glued to a quoted value" { reject_case 'a="x"y' 'expected a blank after the quoted value (column 6)'; }
@test "rejects an unknown escape" { reject_case 'a="\q"' 'invalid escape in quoted value (column 4)'; }
@test "rejects a \\u escape above U+007F" { reject_case 'a="\u00e9"' 'invalid \u escape (only \u0000 to \u007F) (column 4)'; }
@test "rejects a raw control character in quotes" { reject_case "$(printf 'a="x\001"')" 'control character in quoted value (column 5)'; }
@test "rejects invalid UTF-8" { reject_case "$(printf 'a=\xff')" 'invalid UTF-8 (column 3)'; }
@test "rejects overlong UTF-8" { reject_case "$(printf 'a=\xc0\xaf')" 'invalid UTF-8 (column 3)'; }
@test "rejects a key longer than 64 bytes" {
	reject_case "$(printf '%065d=1' 0 | tr 0 k)" 'key longer than 64 bytes (column 1)'
}
@test "accepts a key of exactly 64 bytes" {
	printf '%064d=1\n' 0 | tr 0 k >in
	run -0 dcr-fmt -t logfmt in
	assert_output "$(cat in)"
}

@test "rejects a NUL byte" {
	printf 'ok=1\na=x\000y\n' >in
	run --separate-stderr -2 dcr-fmt -t logfmt in
	assert_output 'ok=1'
	assert_equal "$stderr" "dcr-fmt: in:2: NUL byte in line (column 4)
dcr-fmt: 1 line rejected"
}

@test "messages never echo the rejected value" {
	printf 'client=K7F3A9E2 x="K7F3A9E2\n' >in
	run --separate-stderr -2 dcr-fmt -t logfmt in
	refute [ -z "$stderr" ]
	[[ "$stderr" != *K7F3A9E2* ]]
}

@test "a line longer than the maximum record length is reported, not split" {
	{ echo a=1; printf 'b=%0200d\n' 0; echo c=3; } >in
	run --separate-stderr -2 dcr-fmt -t logfmt --max-record 100 in
	assert_output $'a=1\nc=3'
	assert_equal "$stderr" "dcr-fmt: in:2: line longer than the maximum record length
dcr-fmt: 1 line rejected"
}

@test "--reject keeps rejected lines verbatim with their location, mode 0600" {
	printf 'a=1\nbad line\nb="x\n' >in
	run --separate-stderr -2 dcr-fmt -t logfmt --reject rej in
	assert_output 'a=1'
	run -0 cat rej
	assert_output "# in:2: key without '=' and value
bad line
# in:3: unterminated quoted value
b=\"x"
	run -0 stat -c %a rej
	assert_output 600
}

@test "a record written by dcr re-parses to the same values (round trip)" {
	python3 - >in <<'PY'
vals = ["", " ", "a b", '"', "\\", "=", "a=b", "\n\r\t", "x\x01y\x7fz",
        "Den Haag \u2013 Centrum", "#", "'", "\\u0041", "naïve café", "tab\there"]
def enc(v):
    bare = v and all(0x20 < ord(c) != 0x7f and c not in '"=\\' for c in v)
    if bare: return v
    out = ""
    for c in v:
        if c == '"': out += '\\"'
        elif c == "\\": out += "\\\\"
        elif c == "\n": out += "\\n"
        elif c == "\r": out += "\\r"
        elif c == "\t": out += "\\t"
        elif ord(c) < 0x20 or ord(c) == 0x7f: out += "\\u%04X" % ord(c)
        else: out += c
    return '"' + out + '"'
print(" ".join("k%d=%s" % (i, enc(v)) for i, v in enumerate(vals)))
PY
	run -0 dcr-fmt -t logfmt in
	assert_output "$(cat in)"
	run -0 dcr-fmt -t jsonl in
	run -0 python3 -c '
import json, sys
rec = json.loads(sys.argv[1])
vals = ["", " ", "a b", "\"", "\\", "=", "a=b", "\n\r\t", "x\x01y\x7fz",
        "Den Haag \u2013 Centrum", "#", "'"'"'", "\\u0041", "naïve café", "tab\there"]
assert [rec["k%d" % i] for i in range(len(vals))] == vals, rec
print("same")' "$output"
	assert_output same
}
