#!/usr/bin/env bats
# dcr-parse: every input dialect to records, and every rule of the issue:
# formats and detection, header names, JSON mapping, raw logfmt, pattern
# files and --check, --map/--set/--keep/--drop, time and zones, --src,
# rejects, --strict.

load helpers

PATTERNS="$DCR_TESTS/../share/patterns"
EXPAT="$EXAMPLES/patterns"

# ---------------------------------------------------------------- formats

@test "auto: canonical logfmt is copied unchanged" {
	run -0 dcr-parse "$EXAMPLES/logs/nl-ams-01.log"
	assert_equal "$output" "$(cat "$EXAMPLES/logs/nl-ams-01.log")"
}

@test "auto: a first line starting with { means JSON lines" {
	printf '{"event":"check_in","n":1}\n' > in
	run -0 dcr-parse in
	assert_output 'event=check_in n=1'
}

@test "auto: a first line starting with # means logfmt" {
	printf '# export\nevent=check_in\n' > in
	run -0 dcr-parse in
	assert_output 'event=check_in'
}

@test "auto: raw logfmt is detected" {
	printf 'Level=info msg="door opened"\n' > in
	run -0 dcr-parse in
	assert_output 'level=info msg="door opened"'
}

@test "auto: other text is delimited, its delimiter guessed from the header" {
	printf 'event;client;note\ncheck_in;K7F3A9E2;a,b\n' > in
	run -0 dcr-parse in
	assert_output 'event=check_in client=K7F3A9E2 note=a,b'
	printf 'event|client\ncheck_in|K7F3A9E2\n' > in
	run -0 dcr-parse in
	assert_output 'event=check_in client=K7F3A9E2'
	printf 'event\tclient\ncheck_in\tK7F3A9E2\n' > in
	run -0 dcr-parse in
	assert_output 'event=check_in client=K7F3A9E2'
}

@test "auto: the delimiter inside quotes does not count" {
	printf '"a;b;c",d\n1,2\n' > in
	run -0 dcr-parse in
	assert_output 'a_b_c=1 d=2'
}

@test "auto: each file is detected on its own, leading blank lines skipped" {
	printf 'a,b\n1,2\n' > one.csv
	printf '\n\n{"c":3}\n' > two.jsonl
	printf 'd=4\n' > three.log
	run -0 dcr-parse one.csv two.jsonl three.log
	assert_output $'a=1 b=2\nc=3\nd=4'
}

@test "auto: with -p, free text is read by the patterns" {
	printf 'rule r\nmatch (?<w>\\w+) in\nsample x in\n' > p.patterns
	printf 'door in\n' > in.txt
	run -0 dcr-parse -p p.patterns in.txt
	assert_output 'w=door'
}

@test "gzip input is read transparently, whatever its name" {
	printf 'a;b\n1;2\n' | gzip > in.data
	run -0 dcr-parse in.data
	assert_output 'a=1 b=2'
}

@test "-f csv with -d: the delimiter given" {
	printf 'a;b,c\n1;2,3\n' > in
	run -0 dcr-parse -f csv -d ';' in
	assert_output 'a=1 b_c=2,3'
	printf 'a b\n1 2\n' > in
	run -0 dcr-parse -f csv -d ' ' in
	assert_output 'a=1 b=2'
	printf 'a\tb\n"1\t2"\t3\n' > in
	run -0 dcr-parse -f csv -d tab in
	assert_output $'a="1\\t2" b=3'
}

@test "-f tsv decodes dcr-fmt's escapes and knows no quotes" {
	printf 'a\tb\tc\nx\\ty\t"q"\tback\\\\slash\\z\n' > in
	run -0 dcr-parse -f tsv in
	assert_output $'a="x\\ty" b="\\"q\\"" c="back\\\\slash\\\\z"'
}

@test "-f tsv reads what dcr-fmt -t tsv writes" {
	printf 'a="x\\ty" b="two\\nlines" c="back\\\\slash"\n' > in.log
	dcr-fmt -t tsv in.log > in.tsv
	run -0 dcr-parse -f tsv in.tsv
	assert_output "$(cat in.log)"
}

@test "-f jsonl and -f logfmt force the format" {
	printf 'a=1\n' > in
	run -2 --separate-stderr dcr-parse -f jsonl in
	assert_equal "$stderr" $'dcr-parse: in:1: not a JSON object (column 1)\ndcr-parse: 1 line rejected'
	printf '{"a":1}\n' > in
	run -2 --separate-stderr dcr-parse -f logfmt in
	assert_equal "$stderr" $'dcr-parse: in:1: key without \'=\' and value (column 1)\ndcr-parse: 1 line rejected'
}

@test "usage errors: unknown format, bad delimiter, -d with -f jsonl" {
	run -2 --separate-stderr dcr-parse -f xml
	assert_equal "$stderr" $'dcr-parse: -f: unknown format \'xml\'\nTry \'dcr-parse --help\' for more information.'
	run -2 --separate-stderr dcr-parse -d ';;'
	assert_equal "$stderr" $'dcr-parse: -d: expected one character such as , ; | or \'tab\', not \';;\'\nTry \'dcr-parse --help\' for more information.'
	run -2 --separate-stderr dcr-parse -f jsonl -d ';'
	assert_equal "$stderr" $'dcr-parse: -d: only delimited input (-f csv) has a delimiter\nTry \'dcr-parse --help\' for more information.'
}

@test "usage errors: -p with -f csv, -f pattern without -p" {
	run -2 --separate-stderr dcr-parse -f csv -p x.patterns
	assert_equal "$stderr" $'dcr-parse: -p: free text is read with -f auto or -f pattern\nTry \'dcr-parse --help\' for more information.'
	run -2 --separate-stderr dcr-parse -f pattern
	assert_equal "$stderr" $'dcr-parse: -f pattern needs a pattern file (-p FILE)\nTry \'dcr-parse --help\' for more information.'
}

@test "an input that cannot be opened: reported, the others read, status 2" {
	printf 'a=1\n' > in
	run -2 --separate-stderr dcr-parse missing in
	assert_output 'a=1'
	assert_equal "$stderr" 'dcr-parse: missing: cannot open: No such file or directory'
}

# ------------------------------------------------------------- no guessing

@test "auto: a title line above logfmt fails the file, naming --skip-lines; --skip-lines 1 reads it" {
	printf 'Export nl-ams-01 2024-03-01\nts=2024-03-01T08:00:00Z event=check_in client=K7F3A9E2\n' > in.log
	printf 'old\n' > out
	head -c 32 /dev/zero | tr '\0' a > k && chmod 600 k
	run -2 --separate-stderr dcr-parse --pseudonymize client --key-file k -o out in.log
	assert_equal "$stderr" 'dcr-parse: in.log:1: the first line has one cell with blanks in it: a title line? --skip-lines N skips it (-f csv takes it as the header)
dcr-parse: out: not written because of the errors above'
	assert_equal "$(cat out)" old
	run -0 dcr-parse --skip-lines 1 in.log
	assert_output 'ts=2024-03-01T08:00:00Z event=check_in client=K7F3A9E2'
}

@test "auto: --skip-lines drops title lines above a CSV header, in each file, and counts them in line numbers" {
	printf 'Export nl-rtm-01\nvan 2024-03-01 tot 2024-03-31\nclient,event\nK7F3A9E2,check_in\nS008DA99\n' > a.csv
	printf 'Export\n\nclient,event\nK0000001,refusal\n' > b.csv
	run -2 --separate-stderr dcr-parse --skip-lines 2 a.csv b.csv
	assert_output $'client=K7F3A9E2 event=check_in\nclient=K0000001 event=refusal'
	assert_equal "$stderr" $'dcr-parse: a.csv:5: 1 cell, the header has 2\ndcr-parse: 1 line rejected'
	run -2 --separate-stderr dcr-parse --skip-lines -1 a.csv
	assert_equal "${stderr%%$'\n'*}" "dcr-parse: --skip-lines: expected a whole number from 0 to 1000000, not '-1'"
}

@test "auto: a CSV without a header row fails the file, naming --no-header; client codes never become keys" {
	printf 'K7F3A9E2,2024-03-01 08:14,check_in\nS008DA99,2024-03-01 08:20,refusal\n' > in.csv
	run -2 --separate-stderr dcr-parse in.csv
	assert_output ''
	assert_equal "$stderr" 'dcr-parse: in.csv:1: cell 2 of the first line is a number or a time: not a CSV header; a file without one needs --no-header --fields KEYS (-f csv takes it as the header)'
	for row in 'K7F3A9E2;25,4;x' 'K7F3A9E2|12|x' 'x,01-03-2024,y' 'x,1.5'; do
		printf '%s\n' "$row" > in.csv
		run -2 dcr-parse in.csv
	done
	printf 'K7F3A9E2,2024-03-01 08:14,check_in\n' > in.csv
	run -0 dcr-parse --no-header --fields client,tijd,event in.csv
	assert_output 'client=K7F3A9E2 tijd="2024-03-01 08:14" event=check_in'
	run -0 dcr-parse -f csv in.csv
	assert_output ''
}

@test "auto: cells holding key=value pairs fail the file, naming -f" {
	printf 'ts=2024-03-01T08:00:00Z,event=check_in,client=K7F3A9E2\n' > a.txt
	printf 'facility;"event=check_in"\n' > b.txt
	run -2 --separate-stderr dcr-parse a.txt
	assert_output ''
	assert_equal "$stderr" "dcr-parse: a.txt:1: pair 1 of the first line holds a delimiter and then '=': cells of key=value pairs? say the format with -f"
	run -2 --separate-stderr dcr-parse b.txt
	assert_equal "$stderr" "dcr-parse: b.txt:1: cell 2 of the first line holds key=value: not a CSV header; say the format with -f"
	printf 'a=1 b="x,y=z"\n' > c.log
	run -0 dcr-parse c.log
	assert_output 'a=1 b="x,y=z"'
}

# ------------------------------------------------------------ header names

@test "header names: lowercase, other bytes _, runs collapsed, trimmed, digit prefixed, empty x, duplicates numbered" {
	run -0 dcr-parse "$DATA/parse-headers.csv"
	assert_output 'datum_tijd="01-03-2024 09:14" client_id=K7F3A9E2 gebeurtenis=inloop x1e_bezoek=ja x=a client_id_2=b rger=c x_2=d client_id_3=e'
}

@test "header names: a name longer than 64 bytes is cut, and its duplicate still fits" {
	long=$(printf 'Abcdefghij%.0s' 1 2 3 4 5 6 7)
	printf '%s,%s\n1,2\n' "$long" "$long" > in.csv
	run -0 dcr-parse in.csv
	cut64=$(printf 'abcdefghij%.0s' 1 2 3 4 5 6 7 | cut -c1-64)
	cut62=$(printf '%s' "$cut64" | cut -c1-62)
	assert_output "$cut64=1 ${cut62}_2=2"
}

@test "header names: a byte order mark before the header is dropped" {
	printf '\357\273\277Datum;Tijd\r\n01-03-2024;09:14\r\n' > in.csv
	run -0 dcr-parse in.csv
	assert_output 'datum=01-03-2024 tijd=09:14'
}

@test "--fields names the columns of a file without a header" {
	printf 'check_in,K7F3A9E2\nrefusal,S008DA99\n' > in.csv
	run -0 dcr-parse --no-header --fields event,client in.csv
	assert_output $'event=check_in client=K7F3A9E2\nevent=refusal client=S008DA99'
}

@test "--fields replaces the header's names, which must be as many" {
	printf 'Gebeurtenis,Cli\303\253nt\ncheck_in,K7F3A9E2\n' > in.csv
	run -0 dcr-parse --fields event,client in.csv
	assert_output 'event=check_in client=K7F3A9E2'
	run -2 --separate-stderr dcr-parse --fields event in.csv
	assert_output ''
	assert_equal "$stderr" 'dcr-parse: in.csv:1: the header has 2 columns, --fields names 1'
}

@test "--fields must be valid keys, each once; --no-header needs it" {
	run -2 --separate-stderr dcr-parse --fields event,Client
	assert_equal "$stderr" $'dcr-parse: --fields: \'Client\' is not a valid key\nTry \'dcr-parse --help\' for more information.'
	run -2 --separate-stderr dcr-parse --fields a,b,a
	assert_equal "$stderr" $'dcr-parse: --fields: key \'a\' given twice\nTry \'dcr-parse --help\' for more information.'
	run -2 --separate-stderr dcr-parse --no-header
	assert_equal "$stderr" $'dcr-parse: --no-header needs the column names (--fields KEYS)\nTry \'dcr-parse --help\' for more information.'
}

# --------------------------------------------------------------- CSV cells

@test "CSV: quoted cells hold delimiters, doubled quotes, LF and CRLF; empty cells are absent" {
	run -0 dcr-parse -f csv "$DATA/parse-roundtrip.csv"
	assert_line -n 0 'event=check_in client=K7F3A9E2 place="Den Haag, Centrum"'
	assert_line -n 1 'event=incident client=S008DA99 note="said \"no\"\nthen left" place="Den Haag"'
	assert_line -n 2 $'event=service client=T13E44E7 note="wond\\r\\nverzorging: h\303\251ri\303\266ne \342\234\223"'
	assert_line -n 3 $'event=referral note="\\"quoted\\"" place="a;b|c\\td"'
	assert_line -n 4 'event=refusal client=C3366441 note="trailing space " place=" leading space"'
}

@test "--empty keep: empty cells are k=\"\"" {
	run -0 dcr-parse -f csv --empty keep "$DATA/parse-roundtrip.csv"
	assert_line -n 0 'event=check_in client=K7F3A9E2 note="" place="Den Haag, Centrum"'
	assert_line -n 2 $'event=service client=T13E44E7 note="wond\\r\\nverzorging: h\303\251ri\303\266ne \342\234\223" place=""'
	assert_line -n 3 $'event=referral client="" note="\\"quoted\\"" place="a;b|c\\td"'
	run -0 dcr-parse -f csv --empty drop "$DATA/parse-roundtrip.csv"
	assert_line -n 0 'event=check_in client=K7F3A9E2 place="Den Haag, Centrum"'
	run -2 --separate-stderr dcr-parse --empty none /dev/null
	assert_equal "$stderr" "dcr-parse: --empty: expected drop or keep, not 'none'
Try 'dcr-parse --help' for more information."
}

@test "empty values are absent in every dialect, and kept with --empty keep" {
	printf 'a,b,c\r\n1,,3\r\n' > in.csv
	printf 'a\tb\tc\n1\t\t3\n' > in.tsv
	printf '{"a":1,"b":"","c":3}\n' > in.jsonl
	printf 'a=1 b="" c=3\n' > strict.log
	printf 'a=1 b= c=3\n' > raw.log
	printf 'rule r\nmatch a=(?<a>\\d) b=(?<b>\\d*) c=(?<c>\\d)\n' > p.patterns
	printf 'a=1 b= c=3\n' > in.txt
	for f in "-f csv in.csv" "-f tsv in.tsv" "in.jsonl" "strict.log" "raw.log" "-p p.patterns in.txt"; do
		run -0 dcr-parse $f
		assert_output 'a=1 c=3'
		run -0 dcr-parse --empty keep $f
		assert_output 'a=1 b="" c=3'
	done
	# the empty value of a time key is still a bad time, not a missing one
	printf 'ts,a\n,1\n' > t.csv
	run -2 --separate-stderr dcr-parse t.csv
	assert_output ''
	assert_equal "$stderr" "dcr-parse: t.csv:2: key 'ts': not a valid time (RFC 3339, epoch seconds or ISO date and time)
dcr-parse: 1 line rejected"
}

@test "CSV: cells round-trip through dcr-parse | dcr-fmt -t csv (checked with python3's csv module)" {
	dcr-parse -f csv --empty keep "$DATA/parse-roundtrip.csv" | dcr-fmt -t csv --no-guard > out.csv
	run -0 python3 -c '
import csv, sys
def rows(p):
    with open(p, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))
a, b = rows(sys.argv[1]), rows(sys.argv[2])
print("same" if a == b else "differ: %r %r" % (a, b))' "$DATA/parse-roundtrip.csv" out.csv
	assert_output 'same'
}

@test "CSV: blank lines between records are skipped, CRLF and a missing last LF are fine" {
	printf 'a,b\r\n\r\n1,2\r\n\n3,4' > in.csv
	run -0 dcr-parse in.csv
	assert_output $'a=1 b=2\na=3 b=4'
}

@test "CSV: a line of blanks is rejected wherever it is, with --no-header too; empty lines are skipped" {
	printf ' \nK7F3A9E2,check_in\n\n \t\nS008DA99,refusal\n' > in.csv
	run -2 --separate-stderr dcr-parse --no-header --fields client,event in.csv
	assert_output $'client=K7F3A9E2 event=check_in\nclient=S008DA99 event=refusal'
	assert_equal "$stderr" $'dcr-parse: in.csv:1: a line of blanks only\ndcr-parse: in.csv:4: a line of blanks only\ndcr-parse: 2 lines rejected'
	printf ' \nevent\ncheck_in\n \n' > one.csv
	run -2 --separate-stderr dcr-parse -f csv --reject rej one.csv
	assert_output 'event=check_in'
	assert_equal "$stderr" $'dcr-parse: one.csv:1: a line of blanks only\ndcr-parse: one.csv:4: a line of blanks only\ndcr-parse: 2 lines rejected'
	assert_equal "$(grep -c '^ $' rej)" 2
	run -2 --separate-stderr dcr-parse one.csv
	assert_equal "$stderr" $'dcr-parse: one.csv:1: a line of blanks only\ndcr-parse: one.csv:4: a line of blanks only\ndcr-parse: 2 lines rejected'
	printf '\t\t\n' > tabs.tsv
	run -0 dcr-parse -f tsv --no-header --fields a,b,c --empty keep tabs.tsv
	assert_output 'a="" b="" c=""'
}

@test "CSV: a row with too few cells is rejected, not padded" {
	printf 'event,client,note\ncheck_in,K7F3A9E2\nrefusal,S008DA99,x\n' > in.csv
	run -2 --separate-stderr dcr-parse in.csv
	assert_output 'event=refusal client=S008DA99 note=x'
	assert_equal "$stderr" $'dcr-parse: in.csv:2: 2 cells, the header has 3\ndcr-parse: 1 line rejected'
}

@test "CSV: a row with too many cells is rejected, not cut" {
	printf 'event,client\ncheck_in,K7F3A9E2,extra\n' > in.csv
	run -2 --separate-stderr dcr-parse in.csv
	assert_output ''
	assert_equal "$stderr" $'dcr-parse: in.csv:2: 3 cells, the header has 2\ndcr-parse: 1 line rejected'
}

@test "CSV: a quote inside a bare cell is rejected with its column" {
	printf 'a,b\n1,5" screen\n2,3\n' > in.csv
	run -2 --separate-stderr dcr-parse in.csv
	assert_output 'a=2 b=3'
	assert_equal "$stderr" $'dcr-parse: in.csv:2: quote inside an unquoted cell (column 4)\ndcr-parse: 1 line rejected'
}

@test "CSV: text after a closing quote is rejected" {
	printf 'a,b\n"x"y,2\n' > in.csv
	run -2 --separate-stderr dcr-parse in.csv
	assert_equal "$stderr" $'dcr-parse: in.csv:2: text after the closing quote of a cell (column 4)\ndcr-parse: 1 line rejected'
}

@test "CSV: an error in a record spanning lines names the line and column" {
	printf 'a,b\n"x\ny"z,2\n3,4\n' > in.csv
	run -2 --separate-stderr dcr-parse in.csv
	assert_output 'a=3 b=4'
	assert_equal "$stderr" $'dcr-parse: in.csv:2: text after the closing quote of a cell (line 3, column 3)\ndcr-parse: 1 line rejected'
}

@test "CSV: a quoted cell still open at the end of the input is rejected at its first line" {
	printf 'a,b\n1,2\n3,"open\nmore\n' > in.csv
	run -2 --separate-stderr dcr-parse in.csv
	assert_output 'a=1 b=2'
	assert_equal "$stderr" $'dcr-parse: in.csv:3: unterminated quoted cell at the end of the input\ndcr-parse: 1 line rejected'
}

@test "CSV: a record spanning lines is bounded by --max-record" {
	{ printf 'a,b\n1,"open\n'; for i in 1 2 3 4 5 6; do printf 'xxxxxxxxxx\n'; done; printf 'x",2\n3,4\n'; } > in.csv
	run -2 --separate-stderr dcr-parse --max-record 40 in.csv
	assert_output 'a=3 b=4'
	assert_equal "$stderr" 'dcr-parse: in.csv:2: record longer than the maximum record length (a quoted cell not closed?)
dcr-parse: in.csv:7: 1 cell, the header has 2
dcr-parse: in.csv:8: 1 cell, the header has 2
dcr-parse: in.csv:9: quote inside an unquoted cell (column 2)
dcr-parse: 4 lines rejected'
}

@test "CSV: invalid UTF-8 and NUL bytes are rejected with their column" {
	printf 'a,b\n1,caf\351\n2,x\000y\n3,4\n' > in.csv
	run -2 --separate-stderr dcr-parse in.csv
	assert_output 'a=3 b=4'
	assert_equal "$stderr" $'dcr-parse: in.csv:2: invalid UTF-8, try --encoding WINDOWS-1252 or ISO-8859-15 (column 6)\ndcr-parse: in.csv:3: NUL byte in line (column 4)\ndcr-parse: 2 lines rejected'
}

@test "CSV: a header that cannot be read fails the file, not the next row" {
	printf 'a,b"c\n1,2\n' > bad.csv
	printf 'c=1\n' > good.log
	printf 'old\n' > out
	run -2 --separate-stderr dcr-parse -o out bad.csv good.log
	assert_equal "$stderr" 'dcr-parse: bad.csv:1: header: quote inside an unquoted cell (column 4)
dcr-parse: out: not written because of the errors above'
	assert_equal "$(cat out)" old
	run -2 --separate-stderr dcr-parse bad.csv good.log
	assert_output 'c=1'
}

# --------------------------------------------------------------- encodings

# An export as Excel on Windows saves it: WINDOWS-1252, ';', CRLF, Dutch
# headers and values (written by python3's own codec, not by dcr).
excel_export() {
	python3 -c '
import sys
rows = ["Cliëntcode;Middel;Opmerking", "K7F3A9E2;heroïne;café “binnen”", "S008DA99;crack;€ 5"]
sys.stdout.buffer.write(("\r\n".join(rows) + "\r\n").encode(sys.argv[1]))' "$1"
}

@test "encoding: a WINDOWS-1252 export without --encoding is refused with the option to use" {
	excel_export cp1252 > in.csv
	printf 'old\n' > out
	run -2 --separate-stderr dcr-parse -o out in.csv
	assert_output ''
	assert_equal "$stderr" $'dcr-parse: in.csv:1: header: invalid UTF-8, try --encoding WINDOWS-1252 or ISO-8859-15 (column 4)\ndcr-parse: out: not written because of the errors above'
	assert_equal "$(cat out)" old
}

@test "encoding: --encoding WINDOWS-1252 reads ë, ï, curly quotes and the euro sign" {
	excel_export cp1252 > in.csv
	run -0 --separate-stderr dcr-parse --encoding WINDOWS-1252 in.csv
	assert_output $'cli_ntcode=K7F3A9E2 middel=heroïne opmerking="café “binnen”"\ncli_ntcode=S008DA99 middel=crack opmerking="€ 5"'
	run -0 dcr-parse --encoding windows-1252 --map cli_ntcode=client -f csv -d ';' in.csv
	assert_line -n 0 'client=K7F3A9E2 middel=heroïne opmerking="café “binnen”"'
}

@test "encoding: ISO-8859-15 and ISO-8859-1 read the same byte 0xA4 as € and ¤" {
	python3 -c '
import sys
sys.stdout.buffer.write("Cliëntcode,Middel,Prijs\nK7F3A9E2,heroïne,€4\n".encode("iso8859_15"))' > in.csv
	run -0 dcr-parse --encoding ISO-8859-15 in.csv
	assert_output 'cli_ntcode=K7F3A9E2 middel=heroïne prijs=€4'
	run -0 dcr-parse --encoding ISO-8859-1 in.csv
	assert_output 'cli_ntcode=K7F3A9E2 middel=heroïne prijs=¤4'
}

@test "encoding: a byte with no meaning in the encoding rejects its line, by line and column" {
	printf 'client,middel\nK7F3A9E2,hero\357ne\nS008DA99,x\201y\nK0000001,crack\n' > in.csv
	run -2 --separate-stderr dcr-parse --encoding WINDOWS-1252 --reject rej in.csv
	assert_output $'client=K7F3A9E2 middel=heroïne\nclient=K0000001 middel=crack'
	assert_equal "$stderr" $'dcr-parse: in.csv:3: byte 0x81 is not WINDOWS-1252 text (column 11)\ndcr-parse: 1 line rejected'
	assert_equal "$(tail -n 1 rej)" "$(printf 'S008DA99,x\201y')"
}

@test "encoding: a first line that does not convert fails the file: its header is not known" {
	printf 'cli\201nt,middel\nK7F3A9E2,crack\n' > in.csv
	printf 'event=check_in\n' > good.log
	run -2 --separate-stderr dcr-parse --encoding WINDOWS-1252 in.csv good.log
	assert_output 'event=check_in'
	assert_equal "$stderr" 'dcr-parse: in.csv:1: byte 0x81 is not WINDOWS-1252 text (column 4)'
}

@test "encoding: a CSV record spanning lines is converted line by line" {
	printf 'client,opmerking\nK7F3A9E2,"caf\351\nbinnen"\n' > in.csv
	run -0 dcr-parse --encoding WINDOWS-1252 in.csv
	assert_output 'client=K7F3A9E2 opmerking="café\nbinnen"'
}

@test "encoding: JSON lines, logfmt and TSV are converted too, before detection" {
	printf '{"middel":"hero\357ne"}\n' > in.jsonl
	printf 'middel=hero\357ne opmerking="caf\351 x"\n' > in.log
	printf 'n\tmiddel\n1\thero\357ne\n' > in.tsv
	run -0 dcr-parse --encoding WINDOWS-1252 in.jsonl in.log
	assert_output $'middel=heroïne\nmiddel=heroïne opmerking="café x"'
	run -0 dcr-parse --encoding WINDOWS-1252 -f tsv in.tsv
	assert_output 'n=1 middel=heroïne'
}

@test "encoding: a free-text log read by a pattern file: no line is lost for its ë" {
	printf 'rule r\nmatch (?<client>[A-Z0-9]+) meldt zich: (?<middel>\\S+)\nset event=check_in\n' > p.patterns
	printf 'K7F3A9E2 meldt zich: hero\357ne\r\nS008DA99 meldt zich: crack\r\n' > in.txt
	run -2 --separate-stderr dcr-parse -p p.patterns in.txt
	assert_output 'client=S008DA99 middel=crack event=check_in'
	assert_equal "$stderr" $'dcr-parse: in.txt:1: invalid UTF-8, try --encoding WINDOWS-1252 or ISO-8859-15 (column 26)\ndcr-parse: 1 line rejected'
	run -0 dcr-parse --encoding WINDOWS-1252 -p p.patterns in.txt
	assert_output $'client=K7F3A9E2 middel=heroïne event=check_in\nclient=S008DA99 middel=crack event=check_in'
}

@test "encoding: UTF-8 is the default and may be named; unknown names and UTF-16 are usage errors" {
	printf 'middel=hero\303\257ne\n' > in.log
	run -0 dcr-parse --encoding utf-8 in.log
	assert_output 'middel=heroïne'
	for e in UTF-16 UTF-32 no-such-encoding; do
		run -2 --separate-stderr dcr-parse --encoding "$e" in.log
		assert_equal "${stderr%%$'\n'*}" "dcr-parse: --encoding: '$e' is not an encoding that keeps ASCII (UTF-8, WINDOWS-1252, ISO-8859-15, ...)"
	done
}

# ---------------------------------------------------------- decimal commas

@test "--decimal-comma: 25,4 and 1.234,5 become numbers in the keys named, after --map" {
	printf 'client;dosis;lengte;opmerking\r\nK7F3A9E2;25,4;1.234,5;a,b\r\nS008DA99;3;-0,5;1,5\r\nK0000001;;12.345.678,90;x\r\n' > in.csv
	run -0 dcr-parse --map dosis=dose --decimal-comma dose,lengte --empty keep in.csv
	assert_output 'client=K7F3A9E2 dose=25.4 lengte=1234.5 opmerking=a,b
client=S008DA99 dose=3 lengte=-0.5 opmerking=1,5
client=K0000001 dose="" lengte=12345678.90 opmerking=x'
}

@test "--decimal-comma: a value not in that notation rejects the record, naming the key, never the value" {
	printf 'client;dosis\nK7F3A9E2;25.4\nS008DA99;1.23,4\nK0000001;2,5\nK0000002;1,5e3\n' > in.csv
	run -2 --separate-stderr dcr-parse --decimal-comma dosis in.csv
	assert_output 'client=K0000001 dosis=2.5'
	assert_equal "$stderr" "dcr-parse: in.csv:2: key 'dosis': not a number with a decimal comma (such as 25,4 or 1.234,5)
dcr-parse: in.csv:3: key 'dosis': not a number with a decimal comma (such as 25,4 or 1.234,5)
dcr-parse: in.csv:5: key 'dosis': not a number with a decimal comma (such as 25,4 or 1.234,5)
dcr-parse: 3 lines rejected"
}

@test "--scale: minutes with a decimal comma become exact seconds, after --map and --decimal-comma" {
	printf 'client;duur\r\nK7F3A9E2;25,4\r\nS008DA99;0,1\r\nK0000001;\r\nK0000002;-1,25\r\n' > in.csv
	run -0 --separate-stderr dcr-parse --map duur=duration_s --decimal-comma duration_s --scale duration_s=60 in.csv
	assert_output 'client=K7F3A9E2 duration_s=1524
client=S008DA99 duration_s=6
client=K0000001
client=K0000002 duration_s=-75'
	assert_equal "$stderr" ""
	# every value of 500 random ones agrees with python3's exact product
	python3 -c '
import random
random.seed(11)
for i in range(500):
    print("v=%d.%0*d" % (random.randrange(0, 10**random.randrange(1, 19)), random.randrange(1, 9), random.randrange(0, 10**8) % 10**8))' > in.log
	run -0 dcr-parse --scale v=777 in.log
	run -0 python3 -c '
import sys
from fractions import Fraction as F
got = [F(l[2:]) for l in sys.argv[1].split("\n")]
want = [F(l.strip()[2:]) * 777 for l in open("in.log")]
assert got == want, "differs"
assert all(not l.endswith(".0") and "e" not in l for l in sys.argv[1].split("\n"))
print(len(got))' "$output"
	assert_output 500
}

@test "--scale: a value that is not a plain decimal rejects the record, naming the key; bad arguments are usage errors" {
	printf 'v=1e3\nv=12\nv=1,5\nv=.5\n' > in.log
	run -2 --separate-stderr dcr-parse --scale v=60 in.log
	assert_output 'v=720'
	assert_equal "$stderr" "dcr-parse: in.log:1: key 'v': not a decimal number (such as 12.5) for --scale
dcr-parse: in.log:3: key 'v': not a decimal number (such as 12.5) for --scale
dcr-parse: in.log:4: key 'v': not a decimal number (such as 12.5) for --scale
dcr-parse: 3 lines rejected"
	run -2 --separate-stderr dcr-parse --scale v in.log
	assert_equal "$stderr" "dcr-parse: --scale: expected KEY=FACTOR (such as duration_s=60), not 'v'
Try 'dcr-parse --help' for more information."
	run -2 --separate-stderr dcr-parse --scale v=0 in.log
	assert_equal "$stderr" "dcr-parse: --scale: expected a whole number from 1 to 1000000, not '0'
Try 'dcr-parse --help' for more information."
	run -2 --separate-stderr dcr-parse --scale v=60 --scale v=60 in.log
	assert_equal "$stderr" "dcr-parse: --scale: key 'v' given twice
Try 'dcr-parse --help' for more information."
	run -2 --separate-stderr dcr-parse --scale vv=60 -o out.log in.log
	assert_equal "$stderr" "dcr-parse: --scale: no record has the key 'vv'; did you mean 'v'?
dcr-parse: out.log: not written because of the errors above"
	[ ! -e out.log ]
}

@test "--decimal-comma: sums and means of a Dutch export equal python3's exact ones" {
	python3 -c '
import random
random.seed(7)
print("client;duur")
for i in range(500):
    print("K%07d;%d,%d" % (i, random.randrange(0, 3000), random.randrange(0, 10)))' > in.csv
	run -0 sh -c 'dcr-parse --decimal-comma duur in.csv | dcr-agg -a sum:duur,mean:duur'
	want=$(python3 -c '
from fractions import Fraction as F
v = [F(l.split(";")[1].replace(",", ".")) for l in open("in.csv").read().split("\n")[1:] if l]
s = sum(v); print("duur_sum=%s duur_mean=%s" % (float(s), repr(float(s / len(v)))))')
	assert_output "$want"
}

@test "--decimal-comma: the keys must be valid" {
	run -2 --separate-stderr dcr-parse --decimal-comma 'Dosis' /dev/null
	assert_equal "${stderr%%$'\n'*}" "dcr-parse: --decimal-comma: 'Dosis' is not a valid key"
}

@test "--decimal-comma: a key named twice is a usage error, not a rejected record" {
	printf 'ts=2024-03-01T08:00:00Z dosis=25,4\n' >in.log
	run -2 --separate-stderr dcr-parse --decimal-comma dosis,dosis in.log
	assert_output ''
	assert_equal "$stderr" "dcr-parse: --decimal-comma: key 'dosis' given twice
Try 'dcr-parse --help' for more information."
	run -2 --separate-stderr dcr-parse --decimal-comma dosis --decimal-comma dosis in.log
	assert_equal "${stderr%%$'\n'*}" "dcr-parse: --decimal-comma: key 'dosis' given twice"
}

# -------------------------------------------------------------- JSON lines

@test "JSON: strings, numbers kept as written, true and false, null is an absent key" {
	printf '{"event":"check_in","n":1.50,"e":-2E+3,"ok":true,"no":false,"gone":null,"z":0}\n' > in.jsonl
	run -0 dcr-parse in.jsonl
	assert_output 'event=check_in n=1.50 e=-2E+3 ok=true no=false z=0'
}

@test "JSON: nested objects are flattened with _" {
	printf '{"site":{"id":"nl-utr-01","geo":{"municipality":"0344"}},"a":1}\n' > in.jsonl
	run -0 dcr-parse in.jsonl
	assert_output 'site_id=nl-utr-01 site_geo_municipality=0344 a=1'
}

@test "JSON: arrays are flattened by position from 1; empty ones give nothing" {
	printf '{"r":["oxygen","naloxone"],"d":[1,null,3],"o":[{"b":1},{"b":2}],"m":[[1,2],[3]],"e":[],"f":{}}\n' > in.jsonl
	run -0 dcr-parse in.jsonl
	assert_output 'r_1=oxygen r_2=naloxone d_1=1 d_3=3 o_1_b=1 o_2_b=2 m_1_1=1 m_1_2=2 m_2_1=3'
}

@test "JSON: every escape, \\u escapes and surrogate pairs are decoded" {
	printf '%s\n' '{"s":"q\" b\\ s\/ \b\f\n\r\t","u":"caf\u00e9 \u20ac \ud83d\ude00 \u0041"}' > in.jsonl
	run -0 dcr-parse in.jsonl
	assert_output $'s="q\\" b\\\\ s/ \\u0008\\u000C\\n\\r\\t" u="caf\303\251 \342\202\254 \360\237\230\200 A"'
}

@test "JSON: keys are renamed like header names; a repeated key rejects the line" {
	printf '{"Client ID":"K7F3A9E2","1st":1,"":2}\n{"a_b":1,"a":{"b":2}}\n' > in.jsonl
	run -2 --separate-stderr dcr-parse in.jsonl
	assert_output 'client_id=K7F3A9E2 x1st=1 x=2'
	assert_equal "$stderr" $'dcr-parse: in.jsonl:2: duplicate key (column 19)\ndcr-parse: 1 line rejected'
}

@test "JSON: keys that are already valid are kept as they are; a leading _ goes, as dcr's own keys start with it" {
	printf '{"a__b":1,"v_":2,"_x":3,"a":{"B_c":5,"d__e":6}}\n{"__":4}\n' > in.jsonl
	run -0 dcr-parse in.jsonl
	assert_output $'a__b=1 v_=2 x=3 a_b_c=5 a_d__e=6\nx=4'
}

@test "JSON: an empty or nameless nested name is x, as a header's: {\"v\":{\"\":1}} gives v_x" {
	printf '{"v":{"":1}}\n{"v":{"":{"":3}}}\n{"v":{"":1,"!!":2}}\n' > in.jsonl
	run -2 --separate-stderr dcr-parse in.jsonl
	assert_output $'v_x=1\nv_x_x=3'
	assert_equal "$stderr" $'dcr-parse: in.jsonl:3: duplicate key (column 17)\ndcr-parse: 1 line rejected'
}

@test "JSON: \\u0000 is rejected: a record holds no NUL byte" {
	printf '{"a":"x\\u0000y"}\n{"a":"x\\u0001y"}\n' > in.jsonl
	run -2 --separate-stderr dcr-parse in.jsonl
	assert_output 'a="x\u0001y"'
	assert_equal "$stderr" $'dcr-parse: in.jsonl:1: invalid JSON: \\u0000, a NUL byte, in a string (column 8)\ndcr-parse: 1 line rejected'
}

@test "JSON: lines of blanks are skipped as blank lines, before and between objects" {
	printf ' \n{"a":1}\n \t \n{"b":2}\n' > in.jsonl
	run -0 dcr-parse in.jsonl
	assert_output $'a=1\nb=2'
}

@test "raw logfmt: a raw TAB inside quotes is read, as the strict reader reads it; _x loses its _" {
	printf 'a="x\ty" b=c=d\n_x=1 a__b=2 Q=v\n' > in.log
	run -0 dcr-parse -f logfmt in.log
	assert_output $'a="x\\ty" b="c=d"\nx=1 a__b=2 q=v'
}

@test "JSON: an unpaired surrogate is rejected with its column" {
	printf '%s\n' '{"a":"x\ud800y"}' '{"a":"\udc00"}' '{"a":"\ud800\u0041"}' > in.jsonl
	run -2 --separate-stderr dcr-parse in.jsonl
	assert_equal "$stderr" 'dcr-parse: in.jsonl:1: invalid JSON: unpaired surrogate in \u escape (column 8)
dcr-parse: in.jsonl:2: invalid JSON: unpaired surrogate in \u escape (column 7)
dcr-parse: in.jsonl:3: invalid JSON: unpaired surrogate in \u escape (column 7)
dcr-parse: 3 lines rejected'
}

@test "JSON: invalid JSON is rejected with line and column" {
	printf '%s\n' '{"a":1,}' '{"a" 1}' '{"a":1} x' '[1]' '{"a":01}' '{"a":"x' '{"a":tru}' '{"a":"\q"}' '{a:1}' '{"a":1' > in.jsonl
	printf '{"a":"tab\there"}\n' >> in.jsonl
	run -2 --separate-stderr dcr-parse -f jsonl in.jsonl
	assert_output ''
	assert_equal "$stderr" 'dcr-parse: in.jsonl:1: invalid JSON: expected a string key (column 8)
dcr-parse: in.jsonl:2: invalid JSON: expected '"':'"' (column 6)
dcr-parse: in.jsonl:3: invalid JSON: text after the object (column 9)
dcr-parse: in.jsonl:4: not a JSON object (column 1)
dcr-parse: in.jsonl:5: invalid JSON: expected '"','"' or '"'}'"' (column 7)
dcr-parse: in.jsonl:6: invalid JSON: unterminated string (column 6)
dcr-parse: in.jsonl:7: invalid JSON: expected a value (column 6)
dcr-parse: in.jsonl:8: invalid JSON: invalid escape in a string (column 7)
dcr-parse: in.jsonl:9: invalid JSON: expected a string key (column 2)
dcr-parse: in.jsonl:10: invalid JSON: expected '"','"' or '"'}'"' (column 7)
dcr-parse: in.jsonl:11: invalid JSON: control character in a string (column 10)
dcr-parse: 11 lines rejected'
}

@test "JSON: nesting deeper than 32 is rejected; an object with nothing left gives no record" {
	deep=$(printf '{"a":%.0s' $(seq 33))1$(printf '}%.0s' $(seq 33))
	printf '%s\n{}\n{"a":null}\n{"b":1}\n' "$deep" > in.jsonl
	run -2 --separate-stderr dcr-parse in.jsonl
	assert_output 'b=1'
	assert_equal "$stderr" $'dcr-parse: in.jsonl:1: JSON nested too deeply (column 161)\ndcr-parse: 1 line rejected'
}

@test "JSON: a key longer than 64 bytes after flattening is rejected" {
	k=$(printf 'abcdefghij%.0s' 1 2 3 4)
	printf '{"%s":{"%s":1}}\n' "$k" "$k" > in.jsonl
	run -2 --separate-stderr dcr-parse in.jsonl
	assert_equal "$stderr" $'dcr-parse: in.jsonl:1: key longer than 64 bytes (after flattening) (column 89)\ndcr-parse: 1 line rejected'
}

# ------------------------------------------------------------- raw logfmt

@test "logfmt: a valid record that is not canonical is written canonically" {
	printf 'ts=2024-03-01T08:14:22Z  a="b"\tc="x y" \r\n' > in.log
	run -0 dcr-parse in.log
	assert_output 'ts=2024-03-01T08:14:22Z a=b c="x y"'
}

@test "logfmt: ts is moved first" {
	printf 'event=check_in ts=2024-03-01T08:14:22Z\n' > in.log
	run -0 dcr-parse in.log
	assert_output 'ts=2024-03-01T08:14:22Z event=check_in'
}

@test "raw logfmt: renamed keys, k= empty, = and \\ in bare values, JSON escapes" {
	printf '%s\n' 'Level=info http.status=200 user-id= url=/a?b=c path=C:\x msg="caf\u00e9 \/ \"ok\""' > in.log
	run -0 dcr-parse --empty keep in.log
	assert_output $'level=info http_status=200 user_id="" url="/a?b=c" path="C:\\\\x" msg="caf\303\251 / \\"ok\\""'
}

@test "raw logfmt: what is still rejected" {
	printf '%s\n' 'a=1 flag' 'a=5"x' 'a="x"y' 'a="\q"' 'A=1 a=2' 'a=1 "b"=2' > in.log
	run -2 --separate-stderr dcr-parse -f logfmt in.log
	assert_output ''
	assert_equal "$stderr" "dcr-parse: in.log:1: key without '=' and value (column 5)
dcr-parse: in.log:2: quote inside an unquoted value (column 4)
dcr-parse: in.log:3: text right after a closing quote (column 6)
dcr-parse: in.log:4: invalid escape in a string (column 4)
dcr-parse: in.log:5: duplicate key (column 5)
dcr-parse: in.log:6: quoted key (column 5)
dcr-parse: 6 lines rejected"
}

@test "logfmt: comments and blank lines are skipped" {
	printf '# a comment\n\n  \na=1\n' > in.log
	run -0 dcr-parse -f logfmt in.log
	assert_output 'a=1'
}

# --------------------------------------------------------------- patterns

@test "--check passes on every shipped pattern file" {
	for f in "$PATTERNS"/*.patterns "$EXPAT"/*.patterns; do
		run -0 dcr-parse --check -p "$f"
	done
}

@test "--check on the library all at once, included by name through DCR_PATTERN_PATH" {
	printf 'include time\ninclude number\ninclude word\ninclude duration\ninclude net\ninclude dcr\ninclude time.patterns\n' > all.patterns
	DCR_PATTERN_PATH="/nonexistent:$PATTERNS" run -0 dcr-parse --check -p all.patterns
	assert_line -n 0 'all.patterns: 0 rules, 0 sub-patterns, 0 samples'
	assert_equal "${#lines[@]}" 7
}

@test "dcr-patterns(5) lists every sub-pattern of the library" {
	page=$(mandoc -Tascii "$DCR_TESTS/../share/man/man5/dcr-patterns.5" | sed 's/.\x08//g')
	for f in "$PATTERNS"/*.patterns; do
		for name in $(sed -n 's/^define \([A-Z0-9_]*\) .*/\1/p' "$f"); do
			[[ "$page" =~ [^A-Z0-9_]"$name"[^A-Z0-9_] ]] || fail "$name of $f is not in dcr-patterns(5)"
		done
	done
}

@test "patterns: the example door log gives the events of the generator's records" {
	command -v dcr-gen >/dev/null || fail "dcr-gen is not on PATH (make builds it)"
	dcr-gen -s 28 --facility nl-dhg-01 --start 2024-10-26 --days 2 -f logfmt |
		grep -v event=intervention |
		sed -E 's/^(ts=[^ ]+) event=([a-z_]+).* visit_id=([^ ]+).*/\1 \2 \3/; s/^(ts=[^ ]+) event=(ban_end).*/\1 \2/' | sort > want
	dcr-parse --tz Europe/Amsterdam -p "$EXPAT/nl-dhg-01.patterns" "$EXAMPLES/logs/nl-dhg-01.txt" |
		sed -E 's/^(ts=[^ ]+).* visit_id=([^ ]+) .*event=([a-z_]+).*/\1 \3 \2/; s/^(ts=[^ ]+).* event=(ban_end).*/\1 \2/' | sort > got
	run -0 diff want got
	[ "$(wc -l < got)" -gt 300 ]
}

@test "patterns: rules are tried in order, the first that matches wins" {
	cat > p.patterns <<'EOF'
rule first
match (?<w>\w+) in
set which=first
rule second
match (?<w>\w+) (?<d>\w+)
set which=second
EOF
	printf 'door in\ndoor out\n' > in.txt
	run -0 dcr-parse -p p.patterns in.txt
	assert_output $'w=door which=first\nw=door d=out which=second'
}

@test "patterns: %{NAME} and %{NAME:key}; groups in pattern order, then constants; unset groups absent, empty ones k=\"\" with --empty keep" {
	cat > p.patterns <<'EOF'
define CODE [A-Z][0-9A-F]{7}
define NOTE [^;]*
rule r
match %{CODE}:%{CODE:client}(?: room=(?<room>\w+))? note=%{NOTE:note};
set event=check_in note2="a b"
EOF
	printf 'K0000000:K7F3A9E2 note=;\nK0000000:S008DA99 room=r1 note=hi there;\n' > in.txt
	run -0 dcr-parse --empty keep -p p.patterns in.txt
	assert_output $'client=K7F3A9E2 note="" event=check_in note2="a b"\nclient=S008DA99 room=r1 note="hi there" event=check_in note2="a b"'
}

@test "patterns: a rule must match the whole line" {
	printf 'rule r\nmatch (?<w>\\w+)\n' > p.patterns
	printf 'door\ndoor open\n' > in.txt
	run -2 --separate-stderr dcr-parse -p p.patterns in.txt
	assert_output 'w=door'
	assert_equal "$stderr" $'dcr-parse: in.txt:2: no pattern rule matches\ndcr-parse: 1 line rejected'
}

@test "patterns: skip rules drop their lines; blank lines are skipped; a CR at the end is ignored" {
	printf 'rule noise\nmatch .*heartbeat\nskip\nrule r\nmatch (?<w>\\w+)\n' > p.patterns
	printf 'x heartbeat\r\n\ndoor\r\n' > in.txt
	run -0 dcr-parse -p p.patterns in.txt
	assert_output 'w=door'
}

@test "patterns: the rule's time line makes ts, by its format, in the --tz zone; it wins over --time" {
	cat > p.patterns <<'EOF'
rule r
match (?<t>\S+ \S+) (?<w>\w+)
time t %d-%m-%Y %H:%M
rule s
match (?<when>\S+) (?<w>\w+)
EOF
	printf '31-03-2024 01:59 a\n31-03-2024 03:00 b\n2024-03-01T09:00:00+01:00 c\n' > in.txt
	run -0 dcr-parse --tz Europe/Amsterdam --time when -p p.patterns in.txt
	assert_output $'ts=2024-03-31T00:59:00Z w=a\nts=2024-03-31T01:00:00Z w=b\nts=2024-03-01T08:00:00Z w=c'
}

@test "patterns: errors name FILE:LINE and the offset in the pattern, before any input is read" {
	cat > p.patterns <<'EOF'
define CODE [A-Z][0-9A-F]{7}
rule r
match %{CODE:client} (?<x>[a-z]+
rule s
match %{CODE:client} %{NOPE}
rule t
match %{CODE:Client}
rule u
match (?<Door>\w+)
define bad x
frobnicate yes
set a=1
rule v
time t %Q
rule w
match x
set _x=1 ts=2
match y
define CODE x
include nowhere
EOF
	run -2 --separate-stderr dcr-parse -p p.patterns does-not-exist
	assert_output ''
	assert_equal "$stderr" "dcr-parse: p.patterns:3: missing closing parenthesis (offset 26 in the pattern)
dcr-parse: p.patterns:5: unknown sub-pattern 'NOPE' (offset 15 in the pattern)
dcr-parse: p.patterns:7: 'Client' is not a valid key ([a-z][a-z0-9_]*, at most 64 bytes) (offset 7 in the pattern)
dcr-parse: p.patterns:9: group name 'Door' is not a valid key ([a-z][a-z0-9_]*) (offset 3 in the pattern)
dcr-parse: p.patterns:10: define: a sub-pattern name is [A-Z][A-Z0-9_]*
dcr-parse: p.patterns:11: unknown directive 'frobnicate'
dcr-parse: p.patterns:12: 'set' outside a rule
dcr-parse: p.patterns:14: time: unknown directive in the format (offset 0)
dcr-parse: p.patterns:13: rule 'v' has no match line
dcr-parse: p.patterns:17: set: '_x' is reserved (ts comes from the time line)
dcr-parse: p.patterns:17: set: 'ts' is reserved (ts comes from the time line)
dcr-parse: p.patterns:18: a second match line in rule 'w'
dcr-parse: p.patterns:19: sub-pattern 'CODE' is already defined at p.patterns:1
dcr-parse: p.patterns:20: include: cannot find 'nowhere'"
}

@test "patterns: a constant that is also captured, and a time key that is neither, are errors" {
	printf 'rule r\nmatch (?<a>x)\nset a=1\ntime b\n' > p.patterns
	run -2 --separate-stderr dcr-parse -p p.patterns
	assert_equal "$stderr" "dcr-parse: p.patterns:3: key 'a' is both captured and set
dcr-parse: p.patterns:1: rule 'r': time key 'b' is neither captured nor set"
}

@test "patterns: an error in a sub-pattern is reported at its define line" {
	printf 'define A (x\nrule r\nmatch %%{A}\n' > p.patterns
	run -2 --separate-stderr dcr-parse -p p.patterns
	assert_equal "$stderr" "dcr-parse: p.patterns:1: missing closing parenthesis (offset 2 in the pattern)
dcr-parse: p.patterns:3: unknown sub-pattern 'A' (offset 0 in the pattern)"
}

@test "patterns: a file without rules cannot read input" {
	run -2 --separate-stderr dcr-parse -p "$PATTERNS/time.patterns" /dev/null
	assert_equal "$stderr" "dcr-parse: $PATTERNS/time.patterns: no rules in the pattern files"
}

@test "patterns: include looks beside the including file and loads a file once" {
	mkdir lib
	printf 'define W \\w+\nsample door\n' > lib/words.patterns
	printf 'include words\ninclude words.patterns\nrule r\nmatch %%{W:w}\nsample door\nexpect w=door\n' > lib/main.patterns
	run -0 dcr-parse --check -p lib/main.patterns
	assert_output $'lib/main.patterns: 1 rule, 0 sub-patterns, 1 sample\nlib/words.patterns: 0 rules, 1 sub-pattern, 1 sample'
}

@test "patterns: PCRE2 limits end a catastrophic match with a reject, quickly" {
	printf 'rule slow\nmatch (a|aa)+(b|c)\nrule any\nmatch .*\n' > p.patterns
	printf '%s\n' "$(printf 'a%.0s' $(seq 200))" > in.txt
	run -2 --separate-stderr timeout 20 dcr-parse -p p.patterns in.txt
	assert_equal "$stderr" $'dcr-parse: in.txt:1: rule \'slow\': regex match limit exceeded (catastrophic pattern?)\ndcr-parse: 1 line rejected'
}

@test "patterns: hostile patterns end with an error at load: nesting, length, size" {
	python3 -c "print('rule r\nmatch ' + '('*300 + 'a' + ')'*300)" > nest.patterns
	run -2 --separate-stderr dcr-parse -p nest.patterns /dev/null
	assert_equal "$stderr" 'dcr-parse: nest.patterns:2: parentheses are too deeply nested (offset 250 in the pattern)'
	python3 -c "print('rule r\nmatch ' + 'a'*70000)" > long.patterns
	run -2 --separate-stderr dcr-parse -p long.patterns /dev/null
	assert_equal "$stderr" 'dcr-parse: long.patterns:2: pattern longer than 65536 bytes (offset 65533 in the pattern)'
	python3 -c "
print('define A0 (?:x|y)')
for i in range(1, 24): print('define A%d %%{A%d}%%{A%d}' % (i, i - 1, i - 1))" > blowup.patterns
	run -2 --separate-stderr timeout 10 dcr-parse -p blowup.patterns /dev/null
	assert_equal "${stderr%%$'\n'*}" 'dcr-parse: blowup.patterns:13: regular expression is too large (offset 12 in the pattern)'
}

@test "--check: a sample matched by no rule or by an earlier one, a wrong expect, a rule without sample" {
	cat > p.patterns <<'EOF'
define CODE [A-Z][0-9A-F]{7}
sample K7F3A9E2
sample k7f3a9e2
rule any_door
match door (?<what>\w+)
sample door in
rule check_in
match door in (?<client>\S+)
set event=check_in
sample door in K7F3A9E2
sample door out
rule refusal
match refused %{CODE:client}
set event=refusal
sample refused K7F3A9E2
expect client=K7F3A9E2 event=check_in reason=x
rule never
match never
EOF
	run -2 --separate-stderr dcr-parse --check -p p.patterns
	assert_output 'p.patterns: 4 rules, 1 sub-pattern, 6 samples'
	assert_equal "$stderr" "dcr-parse: p.patterns:3: sample does not match sub-pattern 'CODE'
dcr-parse: p.patterns:11: sample is matched by rule 'any_door' (p.patterns:4) before its rule 'check_in'
dcr-parse: p.patterns:16: sample gives another value for key 'event'
dcr-parse: p.patterns:16: sample gives no key 'reason'
dcr-parse: p.patterns:17: rule 'never' has no sample"
}

@test "--check: a sample whose time does not read by the rule's format" {
	printf 'rule r\nmatch (?<t>.*)\ntime t %%Y-%%m-%%d\nsample 2024-02-30\nsample 2024-02-29\n' > p.patterns
	run -2 --separate-stderr dcr-parse --check -p p.patterns
	assert_equal "$stderr" "dcr-parse: p.patterns:4: sample: key 't': impossible date or time"
}

@test "--check needs -p and takes no input files" {
	run -2 --separate-stderr dcr-parse --check
	assert_equal "$stderr" $'dcr-parse: --check needs a pattern file (-p FILE)\nTry \'dcr-parse --help\' for more information.'
	run -2 --separate-stderr dcr-parse --check -p p.patterns in.txt
	assert_equal "$stderr" $'dcr-parse: --check reads no input files\nTry \'dcr-parse --help\' for more information.'
}

# ----------------------------------------------------------------- fields

@test "--map renames keys, all at once; a list or several options" {
	printf 'a=1 b=2 c=3\n' > in.log
	run -0 dcr-parse --map a=b,b=a --map c=d in.log
	assert_output 'b=1 a=2 d=3'
}

@test "--map that makes a key appear twice rejects the record" {
	printf 'a=1 b=2\n' > in.log
	run -2 --separate-stderr dcr-parse --map a=b in.log
	assert_equal "$stderr" $'dcr-parse: in.log:1: --map gives pairs 1 and 2 the same key\ndcr-parse: 1 line rejected'
}

@test "--map, --set, --keep, --drop: bad arguments are usage errors" {
	run -2 --separate-stderr dcr-parse --map a
	assert_equal "$stderr" $'dcr-parse: --map: expected KEY=VALUE, not \'a\'\nTry \'dcr-parse --help\' for more information.'
	run -2 --separate-stderr dcr-parse --map a=_b
	assert_equal "$stderr" $'dcr-parse: --map: \'a=_b\' is not FROM=TO with valid keys ([a-z][a-z0-9_]*)\nTry \'dcr-parse --help\' for more information.'
	run -2 --separate-stderr dcr-parse --set ts=x
	assert_equal "$stderr" $'dcr-parse: --set: ts comes from the input\'s time (see --time)\nTry \'dcr-parse --help\' for more information.'
	run -2 --separate-stderr dcr-parse --set Facility=x
	assert_equal "$stderr" $'dcr-parse: --set: \'Facility\' is not a valid key ([a-z][a-z0-9_]*)\nTry \'dcr-parse --help\' for more information.'
	run -2 --separate-stderr dcr-parse --keep a,,b
	assert_equal "$stderr" $'dcr-parse: --keep: \'\' is not a valid key\nTry \'dcr-parse --help\' for more information.'
}

@test "--set adds a constant after the input's keys, or replaces the input's value" {
	printf 'a=1 facility=x\nb=2\n' > in.log
	run -0 dcr-parse --set facility=nl-ams-01 --set note="a b" in.log
	assert_output $'a=1 facility=nl-ams-01 note="a b"\nb=2 facility=nl-ams-01 note="a b"'
}

@test "--keep keeps the keys named and ts; --drop leaves keys out, ts too if named" {
	printf 'ts=2024-03-01T08:14:22Z event=x client=K7F3A9E2 note=y\n' > in.log
	run -0 dcr-parse --keep event,note in.log
	assert_output 'ts=2024-03-01T08:14:22Z event=x note=y'
	run -0 dcr-parse --drop ts,client in.log
	assert_output 'event=x note=y'
}

@test "the steps run in order: --map, time, --keep/--drop, --set, --src" {
	printf 'Tijd,Wat,Wie\n2024-03-01 09:14,check_in,K7F3A9E2\n' > in.csv
	run -0 dcr-parse --map wat=event,wie=client --time tijd --tz UTC --keep event --set facility=nl-ams-01 --src in.csv
	assert_output 'ts=2024-03-01T09:14:00Z event=check_in facility=nl-ams-01 _src=in.csv:2'
}

@test "a key of --keep, --drop, --map, --time or --decimal-comma that no record has is an error, with suggestions" {
	printf 'ts=2024-03-01T08:14:22Z event=x client=K7F3A9E2\nts=2024-03-01T08:15:00Z event=y facility=a\n' > in.log
	printf 'old\n' > out
	run -2 --separate-stderr dcr-parse -o out --keep evnt,client in.log
	assert_output ''
	assert_equal "$stderr" "dcr-parse: --keep: no record has the key 'evnt'; did you mean 'event'?
dcr-parse: out: not written because of the errors above"
	assert_equal "$(cat out)" old
	run -2 --separate-stderr dcr-parse --drop facilty in.log
	assert_output $'ts=2024-03-01T08:14:22Z event=x client=K7F3A9E2\nts=2024-03-01T08:15:00Z event=y facility=a'
	assert_equal "$stderr" "dcr-parse: --drop: no record has the key 'facilty'; did you mean 'facility'?"
	run -2 --separate-stderr dcr-parse -o out --map evnt=event,clinet=client,site=facility in.log
	assert_equal "$stderr" "dcr-parse: --map: no record has the key 'evnt'; did you mean 'event'?
dcr-parse: --map: no record has the key 'clinet'; did you mean 'client'?
dcr-parse: --map: no record has the key 'site'
dcr-parse: out: not written because of the errors above"
	assert_equal "$(cat out)" old
	printf 'Tijd,Wat,Dosis\n2024-03-01 09:14,check_in,"1,5"\n' > in.csv
	run -2 --separate-stderr dcr-parse -o out --tz UTC --time tjid --decimal-comma dosis,dose in.csv
	assert_equal "$stderr" "dcr-parse: in.csv:2: no key 'tjid' for the time
dcr-parse: --time: no record has the key 'tjid'; did you mean 'tijd'?
dcr-parse: --decimal-comma: no record has the key 'dose'; did you mean 'dosis'?
dcr-parse: out: not written because of the errors above"
	assert_equal "$(cat out)" old
	# --drop works on the keys after --map: the old name is gone
	run -2 --separate-stderr dcr-parse --map wat=event --drop wat in.csv
	assert_equal "$stderr" "dcr-parse: --drop: no record has the key 'wat'"
}

@test "the key check: a key in some records, --allow-missing (either name of a rename), --set, --schema, an empty column or input pass" {
	printf 'ts=2024-03-01T08:14:22Z event=x\nts=2024-03-01T08:15:00Z event=y note=2,5\n' > in.log
	run -0 --separate-stderr dcr-parse --keep event,note --decimal-comma note --drop note in.log
	assert_output $'ts=2024-03-01T08:14:22Z event=x\nts=2024-03-01T08:15:00Z event=y'
	assert_equal "$stderr" ''
	run -0 --separate-stderr dcr-parse -o out --keep event,reason --map reden=reason,wie=client --allow-missing reason,wie in.log
	assert_equal "$stderr" ''
	assert_equal "$(cat out)" $'ts=2024-03-01T08:14:22Z event=x\nts=2024-03-01T08:15:00Z event=y'
	run -0 --separate-stderr dcr-parse --keep event,facility --set facility=a in.log
	assert_equal "${lines[0]}" 'ts=2024-03-01T08:14:22Z event=x facility=a'
	assert_equal "$stderr" ''
	printf 'dcr-schema v1\nkey ts time\nkey event text\nkey note text\nkey route text\n' > s.schema
	run -0 --separate-stderr dcr-parse --schema s.schema --keep event,route in.log
	assert_equal "$stderr" ''
	# an export's column that is empty in every row: the key is known by its header
	printf 'wat,reden\ncheck_in,\nexit,\n' > in.csv
	run -0 --separate-stderr dcr-parse --map reden=reason --keep event,reason --map wat=event in.csv
	assert_output $'event=check_in\nevent=exit'
	assert_equal "$stderr" ''
	# no record at all: an empty file, or a header only
	: > empty.log
	printf 'wat,reden\n' > header.csv
	run -0 --separate-stderr dcr-parse --keep nothing --map x=y --time t empty.log header.csv
	assert_output ''
	assert_equal "$stderr" ''
}

@test "--allow-missing: a key that no record has, and a file without a --pseudonymize key, pass once named" {
	printf 'event=x client=K7F3A9E2\nevent=y\n' > in.log
	printf 'event=z\n' > svc.log
	(umask 077 && head -c 32 /dev/urandom > k)
	run -2 --separate-stderr dcr-parse --pseudonymize client --key-file k --keep event,client,incident in.log svc.log
	assert_equal "$stderr" "dcr-parse: svc.log: no record holds the key 'client' of --pseudonymize, so none of the file's records is written; --allow-missing client if the file may lack it"
	run -2 --separate-stderr dcr-parse --pseudonymize client --key-file k --keep event,client,incident --allow-missing client in.log svc.log
	assert_equal "$stderr" "dcr-parse: --keep: no record has the key 'incident'"
	run -0 --separate-stderr dcr-parse --pseudonymize client --key-file k --keep event,client,incident --allow-missing client,incident in.log svc.log
	assert_equal "${#lines[@]}" 3
	assert_equal "$stderr" ''
}

# ------------------------------------------------------------------- time

@test "time: RFC 3339 with an offset, epoch seconds and milliseconds, canonical, fractions" {
	printf 't\n2024-03-01T09:14:22+01:00\n1709280862\n1709280862500\n2024-03-01T08:14:22.25Z\n2024-03-01t08:14:22.123456789z\n1709280862.5\n' > in.csv
	run -0 dcr-parse --time t in.csv
	assert_output 'ts=2024-03-01T08:14:22Z
ts=2024-03-01T08:14:22Z
ts=2024-03-01T08:14:22.500Z
ts=2024-03-01T08:14:22.250Z
ts=2024-03-01T08:14:22.123456789Z
ts=2024-03-01T08:14:22.500Z'
}

@test "time: a ts read from the input is written canonically" {
	printf 'ts=2024-03-01T09:14:22+01:00 a=1\n' > in.log
	run -0 dcr-parse in.log
	assert_output 'ts=2024-03-01T08:14:22Z a=1'
}

@test "time: a FORMAT, and keys in separate columns joined by a blank" {
	printf 'datum;tijd;wat\n01-03-2024;09:14;inloop\n' > in.csv
	run -0 dcr-parse --tz Europe/Amsterdam --time 'datum,tijd=%d-%m-%Y %H:%M' in.csv
	assert_output 'ts=2024-03-01T08:14:00Z wat=inloop'
	printf 'when\n01/Mar/2024:09:14:22 +0100\n' > in.csv
	run -0 dcr-parse --time 'when=%d/%b/%Y:%H:%M:%S %z' in.csv
	assert_output 'ts=2024-03-01T08:14:22Z'
}

@test "time: a local time without --tz is an error, never read as UTC; --tz UTC says it is" {
	printf 't\n2024-03-31 02:30\n2024-03-31T02:30:00+02:00\n1711845000\n' > in.csv
	run -2 --separate-stderr dcr-parse --time t in.csv
	assert_output $'ts=2024-03-31T00:30:00Z\nts=2024-03-31T00:30:00Z'
	assert_equal "$stderr" "dcr-parse: in.csv:2: key 't': a local time without a zone: give --tz ZONE (--tz UTC if it is UTC)
dcr-parse: 1 line rejected"
	run -0 dcr-parse --time t --tz UTC in.csv
	assert_output $'ts=2024-03-31T02:30:00Z\nts=2024-03-31T00:30:00Z\nts=2024-03-31T00:30:00Z'
	printf 't\n31-03-2024 02:30\n31-03-2024 02:30 +0200\n' > f.csv
	run -2 --separate-stderr dcr-parse --time 't=%d-%m-%Y %H:%M' f.csv
	assert_equal "$stderr" "dcr-parse: f.csv:2: key 't': a local time without a zone: give --tz ZONE (--tz UTC if it is UTC)
dcr-parse: f.csv:3: key 't': not a valid time in the format '%d-%m-%Y %H:%M'
dcr-parse: 2 lines rejected"
	run -2 --separate-stderr dcr-parse --time 't=%d-%m-%Y %H:%M %z' f.csv
	assert_output 'ts=2024-03-31T00:30:00Z'
	printf 'ts=2024-03-31T02:30\n' > in.log
	run -2 --separate-stderr dcr-parse in.log
	assert_equal "$stderr" "dcr-parse: in.log:1: key 'ts': a local time without a zone: give --tz ZONE (--tz UTC if it is UTC)
dcr-parse: 1 line rejected"
}

@test "time: Europe/Amsterdam across the start of summer time (31 March 2024)" {
	printf 't,n\n2024-03-31 01:59:59,1\n2024-03-31 02:00,2\n2024-03-31 02:30,3\n2024-03-31 03:00,4\n2024-03-31T12:00:00+02:00,5\n' > in.csv
	run -2 --separate-stderr dcr-parse --tz Europe/Amsterdam --time t in.csv
	assert_output $'ts=2024-03-31T00:59:59Z n=1\nts=2024-03-31T01:00:00Z n=4\nts=2024-03-31T10:00:00Z n=5'
	assert_equal "$stderr" "dcr-parse: in.csv:3: key 't': local time does not exist (DST gap)
dcr-parse: in.csv:4: key 't': local time does not exist (DST gap)
dcr-parse: 2 lines rejected"
}

@test "time: Europe/Amsterdam across the end of summer time (27 October 2024), and --fold" {
	printf 't,n\n2024-10-27 01:59,1\n2024-10-27 02:00,2\n2024-10-27 02:59,3\n2024-10-27 03:00,4\n' > in.csv
	run -2 --separate-stderr dcr-parse --tz Europe/Amsterdam --time t in.csv
	assert_output $'ts=2024-10-26T23:59:00Z n=1\nts=2024-10-27T02:00:00Z n=4'
	assert_equal "$stderr" "dcr-parse: in.csv:3: key 't': ambiguous local time (DST fold)
dcr-parse: in.csv:4: key 't': ambiguous local time (DST fold)
dcr-parse: 2 lines rejected"
	run -0 dcr-parse --tz Europe/Amsterdam --time t --fold earlier in.csv
	assert_output $'ts=2024-10-26T23:59:00Z n=1\nts=2024-10-27T00:00:00Z n=2\nts=2024-10-27T00:59:00Z n=3\nts=2024-10-27T02:00:00Z n=4'
	run -0 dcr-parse --tz Europe/Amsterdam --time t --fold later in.csv
	assert_output $'ts=2024-10-26T23:59:00Z n=1\nts=2024-10-27T01:00:00Z n=2\nts=2024-10-27T01:59:00Z n=3\nts=2024-10-27T02:00:00Z n=4'
}

@test "time: the example JSON lines across the start of summer time" {
	grep -q '"time":"2024-03-30T[^"]*+01:00"' "$EXAMPLES/logs/nl-utr-01.jsonl"
	grep -q '"time":"2024-03-31T[^"]*+02:00"' "$EXAMPLES/logs/nl-utr-01.jsonl"
	run -0 python3 -c '
import json, sys, datetime
for l in open(sys.argv[1]):
    t = datetime.datetime.fromisoformat(json.loads(l)["time"])
    print(t.astimezone(datetime.timezone.utc).strftime("ts=%Y-%m-%dT%H:%M:%SZ"))' "$EXAMPLES/logs/nl-utr-01.jsonl"
	want=$output
	run -0 sh -c "dcr-parse --time time '$EXAMPLES/logs/nl-utr-01.jsonl' | cut -d' ' -f1"
	assert_equal "$output" "$want"
}

@test "time: impossible dates and times are rejected, not normalised" {
	printf 't\n2024-02-30 10:00\n2023-02-29 10:00\n2024-02-29 10:00\n2024-03-01 24:00\n2024-12-31 23:59:60\n2024-13-01 00:00\n' > in.csv
	run -2 --separate-stderr dcr-parse --time t --tz UTC in.csv
	assert_output 'ts=2024-02-29T10:00:00Z'
	assert_equal "$stderr" "dcr-parse: in.csv:2: key 't': impossible date or time
dcr-parse: in.csv:3: key 't': impossible date or time
dcr-parse: in.csv:5: key 't': impossible date or time
dcr-parse: in.csv:6: key 't': impossible date or time
dcr-parse: in.csv:7: key 't': impossible date or time
dcr-parse: 5 lines rejected"
}

@test "time: a value that is not a time, a missing key, a ts besides the time key" {
	printf 't,ts\nsoon,x\n' > a.csv
	printf 'a=1\nt=1709280862 ts=x\n' > b.log
	run -2 --separate-stderr dcr-parse --time t a.csv b.log
	assert_output ''
	assert_equal "$stderr" "dcr-parse: a.csv:2: key 'ts' is present besides the time key 't'
dcr-parse: b.log:1: no key 't' for the time
dcr-parse: b.log:2: key 'ts' is present besides the time key 't'
dcr-parse: 3 lines rejected"
	printf 't\nsoon\n' > c.csv
	run -2 --separate-stderr dcr-parse --time t c.csv
	assert_equal "$stderr" $'dcr-parse: c.csv:2: key \'t\': not a valid time (RFC 3339, epoch seconds or ISO date and time)\ndcr-parse: 1 line rejected'
	run -2 --separate-stderr dcr-parse --time 't=%d-%m-%Y %H:%M' c.csv
	assert_equal "$stderr" $'dcr-parse: c.csv:2: key \'t\': not a valid time in the format \'%d-%m-%Y %H:%M\'\ndcr-parse: 1 line rejected'
}

@test "bad lines: the first five of each kind are named, then a count per kind" {
	{ echo 'Datum,n'; for i in $(seq 1 12); do echo "2024-03-01 10:00,$i"; done; echo '01-03-2024 10:00,1,2'; } >in.csv
	run -2 --separate-stderr dcr-parse --time 'datum=%d-%m-%Y %H:%M' in.csv
	assert_output ''
	assert_equal "$stderr" "dcr-parse: in.csv:2: key 'datum': not a valid time in the format '%d-%m-%Y %H:%M'
dcr-parse: in.csv:3: key 'datum': not a valid time in the format '%d-%m-%Y %H:%M'
dcr-parse: in.csv:4: key 'datum': not a valid time in the format '%d-%m-%Y %H:%M'
dcr-parse: in.csv:5: key 'datum': not a valid time in the format '%d-%m-%Y %H:%M'
dcr-parse: in.csv:6: key 'datum': not a valid time in the format '%d-%m-%Y %H:%M'
dcr-parse: in.csv:14: 3 cells, the header has 2
dcr-parse: key 'datum': not a valid time in the format '%d-%m-%Y %H:%M': 12 lines, the first 5 named above
dcr-parse: 13 lines rejected"
}

@test "bad lines: every line is still kept in --reject, and dcr-filter counts per kind too" {
	{ for i in $(seq 1 7); do echo 'a=1 a=2'; done; echo 'a="b'; } >in.log
	run -2 --separate-stderr dcr-filter --reject rej 'has(a)' in.log
	assert_equal "$(grep -c '^a=1 a=2$' rej)" 7
	assert_equal "$stderr" "dcr-filter: in.log:1: duplicate key (column 5)
dcr-filter: in.log:2: duplicate key (column 5)
dcr-filter: in.log:3: duplicate key (column 5)
dcr-filter: in.log:4: duplicate key (column 5)
dcr-filter: in.log:5: duplicate key (column 5)
dcr-filter: in.log:8: unterminated quoted value (column 5)
dcr-filter: duplicate key: 7 lines, the first 5 named above
dcr-filter: 8 lines rejected"
}

@test "time: usage errors for --time, --tz and --fold" {
	run -2 --separate-stderr dcr-parse --time 't=%d %Q'
	assert_equal "$stderr" $'dcr-parse: --time: unknown directive at offset 3 of the format\nTry \'dcr-parse --help\' for more information.'
	run -2 --separate-stderr dcr-parse --tz Europe/Nowhere
	assert_equal "$stderr" $'dcr-parse: --tz: unknown time zone \'Europe/Nowhere\'\nTry \'dcr-parse --help\' for more information.'
	run -2 --separate-stderr dcr-parse --fold sometimes
	assert_equal "$stderr" $'dcr-parse: --fold: expected earlier or later, not \'sometimes\'\nTry \'dcr-parse --help\' for more information.'
}

# ----------------------------------------------------- provenance, rejects

@test "--src adds _src=FILE:LINE, the first line of a record spanning lines" {
	printf 'a,b\n1,"x\ny"\n3,4\n' > in.csv
	run -0 dcr-parse --src in.csv
	assert_output $'a=1 b="x\\ny" _src=in.csv:2\na=3 b=4 _src=in.csv:4'
	printf 'a=1 _src=old:9\n' | dcr-parse --src > out
	run -0 cat out
	assert_output 'a=1 _src=(stdin):1'
}

@test "--reject keeps the rejected lines verbatim after their location, mode 0600" {
	printf 'a,b\r\n1,2\r\n3\r\n"x\r\ny"z,5\r\n6,7\r\n' > in.csv
	run -2 --separate-stderr dcr-parse --reject rej in.csv
	assert_output $'a=1 b=2\na=6 b=7'
	assert_equal "$(stat -c %a rej)" 600
	printf '# in.csv:3: 1 cell, the header has 2\n3\r\n# in.csv:4: text after the closing quote of a cell (line 5, column 3)\n"x\r\ny"z,5\r\n' > want
	cmp want rej
}

@test "rejects never echo the content of a line" {
	printf 'event,client\ncheck_in,K7F3A9E2,Jan Jansen\n' > in.csv
	printf '{"client":"K7F3A9E2","name":"Jan Jansen"\n' > in.jsonl
	run -2 --separate-stderr dcr-parse in.csv in.jsonl
	refute [ -z "$stderr" ]
	[[ "$stderr" != *K7F3A9E2* && "$stderr" != *Jansen* ]]
}

@test "a line longer than --max-record is rejected by location" {
	printf 'a=1\na=%s\na=3\n' "$(printf 'x%.0s' $(seq 100))" > in.log
	run -2 --separate-stderr dcr-parse --max-record 50 --reject rej in.log
	assert_output $'a=1\na=3'
	assert_equal "$stderr" $'dcr-parse: in.log:2: line longer than the maximum record length\ndcr-parse: 1 line rejected'
	assert_equal "$(cat rej)" '# in.log:2: line longer than the maximum record length'
}

@test "--strict stops at the first rejected record; -o keeps the old file" {
	printf 'old\n' > out
	printf 'a,b\n1,2\n3\n4,5\n' > in.csv
	run -2 --separate-stderr dcr-parse --strict -o out in.csv
	assert_equal "$stderr" "dcr-parse: in.csv:3: 1 cell, the header has 2
dcr-parse: stopped at the first rejected record (--strict)
dcr-parse: out: not written because of the errors above"
	assert_equal "$(cat out)" old
	run -2 --separate-stderr dcr-parse --strict in.csv
	assert_output 'a=1 b=2'
}

@test "without rejects the status is 0 and -o writes the file" {
	printf 'a,b\n1,2\n' > in.csv
	run -0 dcr-parse -o out in.csv
	assert_output ''
	assert_equal "$(cat out)" 'a=1 b=2'
}

@test "rejects are summed up and the good records still written, from every file" {
	printf 'a,b\n1\n2,3\n' > one.csv
	printf '{"a":\n{"a":4}\n' > two.jsonl
	run -2 --separate-stderr dcr-parse one.csv two.jsonl
	assert_output $'a=2 b=3\na=4'
	assert_equal "$stderr" "dcr-parse: one.csv:2: 1 cell, the header has 2
dcr-parse: two.jsonl:1: invalid JSON: expected a value (column 6)
dcr-parse: 2 lines rejected"
}

@test "the help's usage line and options" {
	run -0 dcr-parse --help
	assert_line -n 0 'usage: dcr-parse [-f FORMAT] [-d DELIM] [-p FILE] [-o FILE] [OPTION ...] [--] [FILE ...]'
	assert_line --partial '--time KEY[=FORMAT]'
	assert_line '      --allow-missing KEYS these keys of the options may be in no record or file'
}
