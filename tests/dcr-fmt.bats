#!/usr/bin/env bats
# dcr-fmt: every format and option, checked by exact output and by
# independent readers (python3's csv and json modules, headless Chromium).
load helpers

SITES="$DATA/fmt-sites.log"
TRICKY="$DATA/fmt-tricky.log"
MAN="$DCR_TESTS/../share/man/man1/dcr-fmt.1"

# The cells of fmt-tricky.log, written out by hand: what any reader of our
# CSV, TSV or JSON must get back.
tricky_cells_py() {
	cat <<'EOF'
HEADER = ["id", "text", "other"]
ROWS = [
    ["1", 'say "hi", then go', ""],
    ["2", "line one\nline two", ""],
    ["3", "", ""],
    ["4", "Cliënt, Den Haag – Centrum", ""],
    ["5", "<script>alert(1)</script>", ""],
    ["6", "a|b\\c\td", ""],
    ["7", "-5", ""],
    ["8", "=1+2", ""],
    ["9", "+31 20 555 0000", ""],
    ["10", "@home", ""],
    ["11", "\tstart", ""],
    ["12", " padded ", ""],
    ["13", "", "only"],
    ["14", "*bold* _it_ [x](y) `c` ~s~ &amp;", ""],
]
EOF
}

# ---- table ----

@test "table: aligned columns, numbers right-aligned, UTF-8 names by display width" {
	run -0 dcr-fmt "$SITES"
	assert_output - <<'EOF'
facility   name                visits  share  note
nl-ams-01  Cliënt                 120   0.25
nl-dhg-01  Den Haag – Centrum       7  0.125
nl-rtm-01  Rotterdam             1234  0.625  new
EOF
}

@test "table: every column starts at the same display column on every line" {
	dcr-fmt "$SITES" >out
	# python counts code points: one display column each for these names
	run -0 python3 -c '
lines = open("out", encoding="utf-8").read().splitlines()
h = lines[0]
name_at, note_at = h.index("name"), h.index("note")
visits_end, share_end = h.index("visits") + 6, h.index("share") + 5
rows = [("Cliënt", "120", "0.25", None), ("Den Haag – Centrum", "7", "0.125", None),
        ("Rotterdam", "1234", "0.625", "new")]
for line, (name, visits, share, note) in zip(lines[1:], rows):
    assert line.index(name) == name_at, line
    assert line.index(" " + visits + " ") + 1 + len(visits) == visits_end, line
    assert line.index(" " + share) + 1 + len(share) == share_end, line
    assert note is None or line.index(note) == note_at, line
print("aligned")'
	assert_output aligned
}

@test "table: a combining accent takes no column (decomposed Cliënt)" {
	printf 'name="Clie\xcc\x88nt" n=1\nname=Rotterdam n=22\n' >in.log
	run -0 dcr-fmt in.log
	assert_output - <<EOF
name        n
$(printf 'Clie\xcc\x88nt')      1
Rotterdam  22
EOF
}

@test "table: wide East Asian characters take two columns" {
	printf 'city=東京 n=1\ncity=Utrecht n=2\n' >in.log
	run -0 dcr-fmt in.log
	assert_output - <<'EOF'
city     n
東京     1
Utrecht  2
EOF
}

@test "table: no line ends in a blank, even with empty last cells" {
	run -0 dcr-fmt "$TRICKY"
	refute_line --regexp ' $'
	assert_line --index 3 ' 3'
}

@test "table: control characters in values are shown escaped, never sent to the terminal" {
	printf 'a="x\\u001b[31my\\nz\\tw" b="\xe2\x80\xaeevil"\n' >in.log
	run -0 dcr-fmt in.log
	assert_output - <<'EOF'
a                 b
x\x1b[31my\nz\tw  \u202eevil
EOF
	dcr-fmt in.log >out
	run -1 grep -c $'\033' out
}

@test "table: --barred draws an ASCII box in the C locale" {
	run -0 dcr-fmt --barred -k facility,visits "$SITES"
	assert_output - <<'EOF'
+-----------+--------+
| facility  | visits |
+-----------+--------+
| nl-ams-01 |    120 |
| nl-dhg-01 |      7 |
| nl-rtm-01 |   1234 |
+-----------+--------+
EOF
}

@test "table: --barred draws box-drawing lines on a UTF-8 locale" {
	LC_ALL=C.UTF-8 run -0 dcr-fmt --barred -k facility,name "$SITES"
	assert_output - <<'EOF'
┌───────────┬────────────────────┐
│ facility  │ name               │
├───────────┼────────────────────┤
│ nl-ams-01 │ Cliënt             │
│ nl-dhg-01 │ Den Haag – Centrum │
│ nl-rtm-01 │ Rotterdam          │
└───────────┴────────────────────┘
EOF
}

@test "table: --barred --no-header has no header and no rule under it" {
	run -0 dcr-fmt --barred --no-header -k facility,visits "$SITES"
	assert_output - <<'EOF'
+-----------+------+
| nl-ams-01 |  120 |
| nl-dhg-01 |    7 |
| nl-rtm-01 | 1234 |
+-----------+------+
EOF
}

@test "table: --no-header" {
	run -0 dcr-fmt --no-header -k name,visits "$SITES"
	assert_output - <<'EOF'
Cliënt               120
Den Haag – Centrum     7
Rotterdam           1234
EOF
}

@test "table: empty input writes nothing" {
	run -0 dcr-fmt </dev/null
	assert_output ''
}

@test "table: a column of numbers with blanks stays right-aligned" {
	printf 'k=a n=10\nk=b\nk=c n=""\nk=d n=2.5\n' >in.log
	run -0 dcr-fmt in.log
	assert_output - <<'EOF'
k    n
a   10
b
c
d  2.5
EOF
}

@test "table: a column of numbers and suppression marks is right-aligned, marks included" {
	printf '%s\n' 'facility=a visits=12' 'facility=b visits=<10' 'facility=c visits=7.5' >in.log
	run --separate-stderr -0 dcr-fmt in.log
	assert_output - <<'EOF'
facility  visits
a             12
b            <10
c            7.5
EOF
	[ "$stderr" = '' ]
}

@test "table: a column with a text value among numbers and marks stays left-aligned" {
	printf '%s\n' 'facility=a visits=12' 'facility=b visits=<10' 'facility=c visits=n/a' >in.log
	run --separate-stderr -0 dcr-fmt in.log
	assert_output - <<'EOF'
facility  visits
a         12
b         <10
c         n/a
EOF
	[ "$stderr" = '' ]
}

# ---- csv ----

@test "csv: RFC 4180 quoting with CRLF line ends" {
	run -0 dcr-fmt -t csv -k id,text "$TRICKY"
	assert_output "$(printf '%s\r\n' 'id,text' '1,"say ""hi"", then go"' \
		$'2,"line one\nline two"' 3, '4,"Cliënt, Den Haag – Centrum"' \
		'5,<script>alert(1)</script>' "6,a|b\\c$(printf '\t')d" 7,-5 "8,'=1+2" \
		"9,'+31 20 555 0000" "10,'@home" "11,'$(printf '\t')start" \
		'12," padded "' 13, '14,*bold* _it_ [x](y) `c` ~s~ &amp;')"
}

@test "csv: --lf ends lines with LF only" {
	run -0 dcr-fmt -t csv --lf -k facility,name "$SITES"
	assert_output - <<'EOF'
facility,name
nl-ams-01,Cliënt
nl-dhg-01,Den Haag – Centrum
nl-rtm-01,Rotterdam
EOF
}

@test "csv: python's csv module reads back the same cells" {
	dcr-fmt -t csv --no-guard "$TRICKY" >out.csv
	tricky_cells_py >cells.py
	run -0 python3 -c '
import csv
exec(open("cells.py", encoding="utf-8").read())
with open("out.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
assert rows[0] == HEADER, rows[0]
assert rows[1:] == ROWS, rows[1:]
raw = open("out.csv", "rb").read()
assert raw.count(b"\r\n") == len(ROWS) + 1, "CRLF after every row"
print("same cells")'
	assert_output 'same cells'
}

@test "csv: formula-like cells get a ' prefix, numbers do not" {
	printf 'v="=SUM(A1:A9)"\nv=+1\nv=-1.5\nv=-x\nv=@me\nv="\\tx"\nv="\\rx"\nv=\"a=b\"\nv=1e5\n' >in.log
	run -0 dcr-fmt -t csv --lf in.log
	assert_output "$(printf '%s\n' v "'=SUM(A1:A9)" +1 -1.5 "'-x" "'@me" "'$(printf '\t')x" "\"'$(printf '\r')x\"" a=b 1e5)"
}

@test "csv: --no-guard writes formula-like cells as they are" {
	printf 'v="=SUM(A1:A9)"\nv=@me\n' >in.log
	run -0 dcr-fmt -t csv --lf --no-guard in.log
	assert_output - <<'EOF'
v
=SUM(A1:A9)
@me
EOF
}

@test "csv: the columns are the union of keys in order of first appearance" {
	printf 'a=1 b=2\nc=3 a=4\nb=5 d=6\n' >in.log
	run -0 dcr-fmt -t csv --lf in.log
	assert_output - <<'EOF'
a,b,c,d
1,2,,
4,,3,
,5,,6
EOF
}

@test "csv: --no-header" {
	run -0 dcr-fmt -t csv --lf --no-header -k facility,visits "$SITES"
	assert_output - <<'EOF'
nl-ams-01,120
nl-dhg-01,7
nl-rtm-01,1234
EOF
}

# ---- tsv ----

@test "tsv: tab, newline, CR and backslash escaped" {
	printf 'a="x\\ty" b="1\\n2\\r" c="back\\\\slash"\n' >in.log
	run -0 dcr-fmt -t tsv in.log
	assert_output "$(printf 'a\tb\tc\nx\\ty\t1\\n2\\r\tback\\\\slash')"
}

@test "tsv: formula-like cells get a ' prefix, as in csv; numbers, tabs and CRs do not" {
	printf 'v="=HYPERLINK(\\"http://x\\",\\"y\\")"\nv=+1\nv=-1.5\nv=-x\nv=@me\nv=+x\nv="\\tx"\nv="\\rx"\nv=\"a=b\"\nv=1e5\n' >in.log
	run -0 dcr-fmt -t tsv in.log
	assert_output "$(printf '%s\n' v "'=HYPERLINK(\"http://x\",\"y\")" +1 -1.5 "'-x" "'@me" "'+x" '\tx' '\rx' a=b 1e5)"
}

@test "tsv: --no-guard writes formula-like cells as they are" {
	printf 'v="=SUM(A1:A9)"\nv=@me\n' >in.log
	run -0 dcr-fmt -t tsv --no-guard in.log
	assert_output "$(printf 'v\n=SUM(A1:A9)\n@me')"
}

@test "tsv: the cells of every row, absent keys empty" {
	run -0 dcr-fmt -t tsv -k facility,note "$SITES"
	assert_output "$(printf 'facility\tnote\nnl-ams-01\t\nnl-dhg-01\t\nnl-rtm-01\tnew')"
}

# ---- json, jsonl ----

@test "jsonl: one object per record, numbers as numbers" {
	run -0 dcr-fmt -t jsonl "$SITES"
	assert_output - <<'EOF'
{"facility":"nl-ams-01","name":"Cliënt","visits":120,"share":0.25}
{"facility":"nl-dhg-01","name":"Den Haag – Centrum","visits":7,"share":0.125}
{"facility":"nl-rtm-01","name":"Rotterdam","visits":1234,"share":0.625,"note":"new"}
EOF
}

@test "json: one array, one object per line" {
	run -0 dcr-fmt -t json -k facility,visits "$SITES"
	assert_output - <<'EOF'
[
{"facility":"nl-ams-01","visits":120},
{"facility":"nl-dhg-01","visits":7},
{"facility":"nl-rtm-01","visits":1234}
]
EOF
}

@test "json: empty input is an empty array" {
	run -0 dcr-fmt -t json </dev/null
	assert_output '[]'
}

@test "json: only values that are entirely JSON numbers become numbers" {
	printf 'a=0363 b=-0 c=1.5e3 d=1e999 e=+1 f=.5 g=1. h=0x1f i=12,345 j=-2.5\n' >in.log
	run -0 dcr-fmt -t jsonl in.log
	assert_output '{"a":"0363","b":-0,"c":1.5e3,"d":"1e999","e":"+1","f":".5","g":"1.","h":"0x1f","i":"12,345","j":-2.5}'
}

@test "json: --strings writes every value as a string" {
	run -0 dcr-fmt -t jsonl --strings -k facility,visits "$SITES"
	assert_output - <<'EOF'
{"facility":"nl-ams-01","visits":"120"}
{"facility":"nl-dhg-01","visits":"7"}
{"facility":"nl-rtm-01","visits":"1234"}
EOF
}

@test "json: python's json module reads back the same values (json and jsonl)" {
	dcr-fmt -t json "$TRICKY" >out.json
	dcr-fmt -t jsonl "$TRICKY" >out.jsonl
	printf 'x="\\u0001\\u001f\\u007f" y="\xf0\x9f\x92\x89 \\\\ \\"q\\""\n' | dcr-fmt -t jsonl >ctl.jsonl
	tricky_cells_py >cells.py
	run -0 python3 -c '
import json
exec(open("cells.py", encoding="utf-8").read())
want = []
for r in ROWS:
    o = {"id": int(r[0])}
    if r[2]:
        o["other"] = r[2]
    else:
        o["text"] = -5 if r[1] == "-5" else r[1]
    want.append(o)
got = json.load(open("out.json", encoding="utf-8"))
assert got == want, got
lines = [json.loads(l) for l in open("out.jsonl", encoding="utf-8")]
assert lines == want, lines
ctl = json.loads(open("ctl.jsonl", encoding="utf-8").read())
assert ctl == {"x": "\x01\x1f\x7f", "y": "\U0001F489 \\ \"q\""}, ctl
print("same values")'
	assert_output 'same values'
}

# ---- md ----

@test "md: a GitHub table, numeric columns right-aligned" {
	run -0 dcr-fmt -t md "$SITES"
	assert_output - <<'EOF'
| facility | name | visits | share | note |
| --- | --- | ---: | ---: | --- |
| nl-ams-01 | Cliënt | 120 | 0.25 |  |
| nl-dhg-01 | Den Haag – Centrum | 7 | 0.125 |  |
| nl-rtm-01 | Rotterdam | 1234 | 0.625 | new |
EOF
}

@test "md: | and markup are escaped, <script> shows as text" {
	run -0 dcr-fmt -t md -k text "$TRICKY"
	assert_line --index 6 '| \<script>alert(1)\</script> |'
	assert_line --index 7 '| a\|b\\c d |'
	assert_line --index 3 '| line one<br>line two |'
	assert_line --index 15 '| \*bold\* \_it\_ \[x\](y) \`c\` \~s\~ \&amp; |'
	refute_output --partial '| <script>'
}

@test "md: no HTML entities: <10, 5 > 3 and & show as they are" {
	printf '%s\n' 'a="<10" b="5 > 3 & 2 < 4" c="&#60;x & <y" d="R&D"' >in.log
	run -0 dcr-fmt -t md in.log
	assert_output - <<'EOF'
| a | b | c | d |
| ---: | --- | --- | --- |
| <10 | 5 > 3 & 2 < 4 | \&#60;x & \<y | R\&D |

<10: fewer than 10 records (or a cell that would reveal one), hidden to protect privacy
EOF
}

@test "md: a footnote explains each suppression mark, once, under the table" {
	printf '%s\n' 'f=a n=<5 m=<5' 'f=b n=7 m=<20' 'f=c n=8 m=<5' >in.log
	run -0 dcr-fmt -t md in.log
	assert_output - <<'EOF'
| f | n | m |
| --- | ---: | ---: |
| a | <5 | <5 |
| b | 7 | <20 |
| c | 8 | <5 |

<5: fewer than 5 records (or a cell that would reveal one), hidden to protect privacy
<20: fewer than 20 records (or a cell that would reveal one), hidden to protect privacy
EOF
}

@test "html: a note under the table explains each suppression mark, once" {
	printf '%s\n' 'f=a n=<5 m=<5' 'f=b n=7 m=<20' 'f=c n=8 m=<5' >in.log
	run -0 dcr-fmt -t html --fragment 2 --title T in.log
	assert_output - <<'EOF'
<h2>T</h2>
<div class="wide">
<table>
<thead><tr><th scope="col">f</th><th scope="col" class="n" style="text-align:right">n</th><th scope="col" class="n" style="text-align:right">m</th></tr></thead>
<tbody>
<tr><td>a</td><td class="n" style="text-align:right">&lt;5</td><td class="n" style="text-align:right">&lt;5</td></tr>
<tr><td>b</td><td class="n" style="text-align:right">7</td><td class="n" style="text-align:right">&lt;20</td></tr>
<tr><td>c</td><td class="n" style="text-align:right">8</td><td class="n" style="text-align:right">&lt;5</td></tr>
</tbody>
</table>
</div>
<p class="note">&lt;5: fewer than 5 records (or a cell that would reveal one), hidden to protect privacy.</p>
<p class="note">&lt;20: fewer than 20 records (or a cell that would reveal one), hidden to protect privacy.</p>
EOF
	printf 'f=a n=7\n' | dcr-fmt -t html --fragment 2 --title T >plain.html
	run -1 grep -c 'class="note"' plain.html
}

@test "md: no footnote without a suppressed cell; <x and <1.5 are not marks" {
	printf '%s\n' 'a="<x" b="<1.5" c="<"' >in.log
	run -0 dcr-fmt -t md in.log
	assert_output - <<'EOF'
| a | b | c |
| --- | --- | --- |
| \<x | <1.5 | < |
EOF
}

@test "html: a suppressed cell stays escaped" {
	printf '%s\n' 'a="<10"' >in.log
	run -0 dcr-fmt -t html in.log
	assert_output --partial '<td class="n" style="text-align:right">&lt;10</td>'
}

@test "md: a column of numbers and suppression marks is right-aligned (---:)" {
	printf '%s\n' 'facility=a visits=12' 'facility=b visits=<10' 'facility=c visits=7.5' >in.log
	run --separate-stderr -0 dcr-fmt -t md in.log
	assert_output - <<'EOF'
| facility | visits |
| --- | ---: |
| a | 12 |
| b | <10 |
| c | 7.5 |

<10: fewer than 10 records (or a cell that would reveal one), hidden to protect privacy
EOF
	[ "$stderr" = '' ]
}

@test "md: a column with a text value among numbers and marks stays left-aligned" {
	printf '%s\n' 'facility=a visits=12' 'facility=b visits=<10' 'facility=c visits=n/a' >in.log
	run --separate-stderr -0 dcr-fmt -t md in.log
	assert_output - <<'EOF'
| facility | visits |
| --- | --- |
| a | 12 |
| b | <10 |
| c | n/a |

<10: fewer than 10 records (or a cell that would reveal one), hidden to protect privacy
EOF
	[ "$stderr" = '' ]
}

@test "html: a column of numbers and suppression marks gets the numeric class, marks included" {
	printf '%s\n' 'facility=a visits=12' 'facility=b visits=<10' 'facility=c visits=7.5' >in.log
	run --separate-stderr -0 dcr-fmt -t html --fragment 2 --title T in.log
	assert_output - <<'EOF'
<h2>T</h2>
<div class="wide">
<table>
<thead><tr><th scope="col">facility</th><th scope="col" class="n" style="text-align:right">visits</th></tr></thead>
<tbody>
<tr><td>a</td><td class="n" style="text-align:right">12</td></tr>
<tr><td>b</td><td class="n" style="text-align:right">&lt;10</td></tr>
<tr><td>c</td><td class="n" style="text-align:right">7.5</td></tr>
</tbody>
</table>
</div>
<p class="note">&lt;10: fewer than 10 records (or a cell that would reveal one), hidden to protect privacy.</p>
EOF
	[ "$stderr" = '' ]
}

@test "html: a column with a text value among numbers and marks stays left-aligned" {
	printf '%s\n' 'facility=a visits=12' 'facility=b visits=<10' 'facility=c visits=n/a' >in.log
	run --separate-stderr -0 dcr-fmt -t html --fragment 2 --title T in.log
	assert_output - <<'EOF'
<h2>T</h2>
<div class="wide">
<table>
<thead><tr><th scope="col">facility</th><th scope="col">visits</th></tr></thead>
<tbody>
<tr><td>a</td><td>12</td></tr>
<tr><td>b</td><td>&lt;10</td></tr>
<tr><td>c</td><td>n/a</td></tr>
</tbody>
</table>
</div>
<p class="note">&lt;10: fewer than 10 records (or a cell that would reveal one), hidden to protect privacy.</p>
EOF
	[ "$stderr" = '' ]
}

@test "md: an underscore inside a word is left alone" {
	printf 'place_type=a_b\n' >in.log
	run -0 dcr-fmt -t md in.log
	assert_output - <<'EOF'
| place_type |
| --- |
| a_b |
EOF
}

@test "md: --no-header leaves the header cells empty" {
	run -0 dcr-fmt -t md --no-header -k facility,visits "$SITES"
	assert_output - <<'EOF'
|  |  |
| --- | ---: |
| nl-ams-01 | 120 |
| nl-dhg-01 | 7 |
| nl-rtm-01 | 1234 |
EOF
}

# ---- logfmt ----

@test "logfmt: records normalised (blanks, needless quotes, escapes)" {
	printf 'ts=2024-03-01T08:14:22Z   a="plain"  b="x y" c="\\u0041"\r\n' >in.log
	run -0 dcr-fmt -t logfmt in.log
	assert_output 'ts=2024-03-01T08:14:22Z a=plain b="x y" c=A'
}

@test "logfmt: canonical records are copied unchanged" {
	run -0 dcr-fmt -t logfmt "$SITES"
	assert_output "$(cat "$SITES")"
}

@test "logfmt: -k keeps those keys in that order, skipping absent ones" {
	run -0 dcr-fmt -t logfmt -k note,facility "$SITES"
	assert_output - <<'EOF'
facility=nl-ams-01
facility=nl-dhg-01
note=new facility=nl-rtm-01
EOF
}

# ---- html ----

@test "html: one self-contained page, exactly" {
	run -0 dcr-fmt -t html --title 'Visits <March> & "more"' -k facility,visits "$SITES"
	assert_output "$(cat "$DATA/fmt-report.html")"
}

@test "html: values and the title are escaped: <script> shows as text" {
	dcr-fmt -t html --title '<script>alert(2)</script>' -k text "$TRICKY" >out.html
	run -1 grep -c '<script' out.html
	assert_output 0
	run -0 grep -F '<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>' out.html
	run -0 grep -F '<title>&lt;script&gt;alert(2)&lt;/script&gt;</title>' out.html
}

@test "html: no external resources and no scripts" {
	dcr-fmt -t html --bar visits --spark visits "$SITES" >out.html
	run -1 grep -Ei 'src=|href=|url\(|@import|<script|<link|<img|<iframe' out.html
}

@test "html: --bar draws an SVG bar per row, --spark an SVG line" {
	run -0 dcr-fmt -t html --bar visits --spark visits -k facility "$SITES"
	assert_line '<tr><td>nl-ams-01</td><td class="bar"><svg class="bar" width="160" height="12" role="img" aria-label="120"><rect x="0" y="1" height="10" width="15.6" fill="#3b6fb6"/></svg></td></tr>'
	assert_line '<tr><td>nl-rtm-01</td><td class="bar"><svg class="bar" width="160" height="12" role="img" aria-label="1234"><rect x="0" y="1" height="10" width="160.0" fill="#3b6fb6"/></svg></td></tr>'
	assert_line '<p class="spark"><b>visits</b><svg class="spark" width="66.0" height="32" role="img" aria-label="sparkline"><polyline fill="none" stroke="#3b6fb6" stroke-width="1.5" points="3.0,26.6 33.0,29.0 63.0,3.0"/></svg>7..1234</p>'
}

@test "html: empty input still makes a page" {
	run -0 dcr-fmt -t html </dev/null
	assert_line '<p>No records.</p>'
	assert_line '<p class="meta">0 rows</p>'
	assert_line '</html>'
}

@test "html: the report renders in headless Chromium to a non-blank screenshot" {
	command -v chromium >/dev/null ||
		fail "chromium is missing: this test needs the Debian package 'chromium' (apt-get install chromium)"
	dcr-fmt -t html --title 'Visits, March' --bar visits --spark visits "$SITES" >report.html
	run timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$TMP/profile" --screenshot="$TMP/shot.png" \
		--window-size=1024,768 "file://$TMP/report.html"
	[ -s shot.png ] || fail "chromium wrote no screenshot (status $status): $output"
	run -0 python3 -c '
import struct, sys, zlib
data = open("shot.png", "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
assert depth == 8 and ctype in (2, 6), (depth, ctype)
bpp = 3 if ctype == 2 else 4
raw, stride = zlib.decompress(idat), w * bpp
prev, colours, dark = bytearray(stride), set(), 0
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):  # undo the PNG row filter
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        px = bytes(line[x:x + 3])
        colours.add(px)
        dark += sum(px) < 300
    prev = line
print(w, h, "blank" if len(colours) < 3 or dark < 500 else "drawn")'
	assert_output '1024 768 drawn'
}

# ---- columns and rows ----

@test "-k chooses and orders the columns; an allowed key no record has is a blank column" {
	run -0 dcr-fmt -k visits,nothing,facility --allow-missing nothing "$SITES"
	assert_output - <<'EOF'
visits  nothing  facility
   120           nl-ams-01
     7           nl-dhg-01
  1234           nl-rtm-01
EOF
}

@test "--sort KEY orders by bytes, stable for ties" {
	printf 'k=b i=1\nk=a i=2\nk=b i=3\nk=B i=4\n' >in.log
	run -0 dcr-fmt -t logfmt --sort k in.log
	assert_output - <<'EOF'
k=B i=4
k=a i=2
k=b i=1
k=b i=3
EOF
}

@test "--sort KEY:n:r orders numbers downwards, rows without a number last" {
	printf 'n=9 i=1\nn=10 i=2\ni=3\nn=x i=4\nn=-1 i=5\nn=9.5 i=6\n' >in.log
	run -0 dcr-fmt -t logfmt --sort n:n:r in.log
	assert_output - <<'EOF'
n=10 i=2
n=9.5 i=6
n=9 i=1
n=-1 i=5
i=3
n=x i=4
EOF
}

@test "--sort with several keys: the next key breaks ties" {
	printf 'f=b n=1\nf=a n=1\nf=a n=3\nf=b n=2\n' >in.log
	run -0 dcr-fmt -t csv --lf --sort f,n:n:r in.log
	assert_output - <<'EOF'
f,n
a,3
a,1
b,2
b,1
EOF
}

@test "--sort by a key that is not shown" {
	run -0 dcr-fmt -k facility --sort visits:n "$SITES"
	assert_output - <<'EOF'
facility
nl-dhg-01
nl-ams-01
nl-rtm-01
EOF
}

@test "--head N keeps the first N rows after sorting" {
	run -0 dcr-fmt -k facility,visits --sort visits:n:r --head 2 "$SITES"
	assert_output - <<'EOF'
facility   visits
nl-rtm-01    1234
nl-ams-01     120
EOF
}

@test "--head 0 writes only the header" {
	run -0 dcr-fmt -t csv --lf -k facility --head 0 "$SITES"
	assert_output facility
}

@test "--head stops reading the input (streaming and collected formats)" {
	run -0 timeout 20 sh -c 'yes a=1 | dcr-fmt -t jsonl --head 2'
	assert_output "$(printf '{"a":1}\n{"a":1}')"
	run -0 timeout 20 sh -c 'yes a=1 | dcr-fmt --head 2'
	assert_output "$(printf 'a\n1\n1')"
}

@test "bad -k, --sort, --head, --digits, --bar are usage errors" {
	run -2 dcr-fmt -k 'a,B' "$SITES"
	assert_output --partial "dcr-fmt: -k: 'B' is not a valid key"
	run -2 dcr-fmt -k 'a,a' "$SITES"
	assert_output --partial "dcr-fmt: -k: key 'a' given twice"
	run -2 dcr-fmt --sort 'a:x' "$SITES"
	assert_output --partial "dcr-fmt: --sort: expected KEY[:n][:r], not 'a:x'"
	run -2 dcr-fmt --sort 'a:n:n' "$SITES"
	run -2 dcr-fmt --head -1 "$SITES"
	run -2 dcr-fmt --digits 21 "$SITES"
	run -2 dcr-fmt --bar 'Visits' "$SITES"
	assert_output --partial "dcr-fmt: --bar: 'Visits' is not a key"
}

@test "-t with an unknown format is a usage error" {
	run -2 --separate-stderr dcr-fmt -t xml "$SITES"
	assert_equal "$stderr" "$(printf "dcr-fmt: -t: unknown format 'xml'\nTry 'dcr-fmt --help' for more information.")"
	assert_output ''
}

@test "an option for another format is a usage error" {
	run -2 --separate-stderr dcr-fmt -t json --lf "$SITES"
	assert_equal "$stderr" "$(printf "dcr-fmt: --lf does not apply to -t json\nTry 'dcr-fmt --help' for more information.")"
	run -2 dcr-fmt -t csv --bar visits "$SITES"
	assert_output --partial '--bar does not apply to -t csv'
	run -2 dcr-fmt -t logfmt --tz UTC "$SITES"
	assert_output --partial '--tz does not apply to -t logfmt'
	run -2 dcr-fmt -t csv --barred "$SITES"
	run -2 dcr-fmt -t table --strings "$SITES"
	run -2 dcr-fmt -t md --title x "$SITES"
}

# ---- charts ----

@test "--bar: ASCII bars in the C locale, proportional to the largest value" {
	run -0 dcr-fmt --bar visits -k facility,visits "$SITES"
	assert_output - <<'EOF'
facility   visits
nl-ams-01     120  ###
nl-dhg-01       7  #
nl-rtm-01    1234  ##############################
EOF
}

@test "--bar: Unicode blocks in eighths on a UTF-8 locale" {
	LC_ALL=C.UTF-8 run -0 dcr-fmt --bar visits -k facility "$SITES"
	assert_output - <<'EOF'
facility
nl-ams-01  ██▉
nl-dhg-01  ▏
nl-rtm-01  ██████████████████████████████
EOF
}

@test "--bar: the locale is LC_ALL, else LC_CTYPE, else LANG" {
	LC_ALL= LC_CTYPE= LANG=nl_NL.UTF-8 run -0 dcr-fmt --no-header --bar visits -k visits "$SITES"
	assert_line --index 1 '   7  ▏'
	LC_ALL= LC_CTYPE=C LANG=nl_NL.UTF-8 run -0 dcr-fmt --no-header --bar visits -k visits "$SITES"
	assert_line --index 1 '   7  #'
	LC_ALL= LC_CTYPE=en_US.utf8 LANG=C run -0 dcr-fmt --no-header --bar visits -k visits "$SITES"
	assert_line --index 1 '   7  ▏'
}

@test "--bar: zero, negative and missing values get no bar" {
	printf 'k=a n=4\nk=b n=0\nk=c n=-3\nk=d\nk=e n=x\nk=f n=2\n' >in.log
	run -0 dcr-fmt --bar n -k k in.log
	assert_output - <<'EOF'
k
a  ##############################
b
c
d
e
f  ###############
EOF
}

@test "--bar in Markdown: a column of text bars" {
	run -0 dcr-fmt -t md --bar visits -k facility "$SITES"
	assert_output - <<'EOF'
| facility |  |
| --- | --- |
| nl-ams-01 | ### |
| nl-dhg-01 | # |
| nl-rtm-01 | ############################## |
EOF
}

@test "--spark: a sparkline of the series and its range under the table" {
	printf 'd=1 n=3\nd=2 n=5\nd=3\nd=4 n=12\nd=5 n=1\n' >in.log
	run -0 dcr-fmt --spark n -k d in.log
	assert_output - <<'EOF'
d
1
2
3
4
5
n := @. 1..12
EOF
	LC_ALL=C.UTF-8 run -0 dcr-fmt --spark n -k d --no-header in.log
	assert_line --index 5 'n ▂▄ █▁ 1..12'
}

@test "--spark in Markdown: a line after the table" {
	run -0 dcr-fmt -t md --spark visits -k facility "$SITES"
	assert_output - <<'EOF'
| facility |
| --- |
| nl-ams-01 |
| nl-dhg-01 |
| nl-rtm-01 |

visits :.@ 7..1234
EOF
}

# ---- colour ----

@test "--color=always: bold header and green bars" {
	run -0 dcr-fmt --color=always --bar visits -k facility "$SITES"
	assert_line --index 0 $'\033[1mfacility\033[0m'
	assert_line --index 1 $'nl-ams-01  \033[32m###\033[0m'
}

@test "--color=auto: no colour when stdout is not a terminal" {
	run -0 dcr-fmt -k facility "$SITES"
	refute_output --partial $'\033'
}

@test "--color=auto: colour on a terminal unless NO_COLOR is set" {
	TERM=xterm run -0 script -qec "dcr-fmt -k facility '$SITES'" /dev/null
	assert_output --partial $'\033[1mfacility\033[0m'
	NO_COLOR=1 TERM=xterm run -0 script -qec "dcr-fmt -k facility '$SITES'" /dev/null
	refute_output --partial $'\033'
	TERM=xterm run -0 script -qec "dcr-fmt --color=never -k facility '$SITES'" /dev/null
	refute_output --partial $'\033'
}

@test "--color=always wins over NO_COLOR; a bad WHEN is a usage error" {
	NO_COLOR=1 run -0 dcr-fmt --color=always -k facility "$SITES"
	assert_line --index 0 $'\033[1mfacility\033[0m'
	run -2 dcr-fmt --color=sometimes "$SITES"
	assert_output --partial "--color: expected auto, always or never, not 'sometimes'"
}

# ---- human formatting ----

@test "--digits N rounds non-integers half away from zero, leaves integers" {
	printf 'v=0.125\nv=2.675\nv=-0.001\nv=9.995\nv=12\nv=1e-7\nv=-1.5\nv=abc\nv=0363\n' >in.log
	run -0 dcr-fmt -t csv --lf --digits 2 in.log
	assert_output "$(printf '%s\n' v 0.13 2.68 0.00 10.00 12 0.00 -1.50 abc 0363)"
	run -0 dcr-fmt -t csv --lf --no-header --digits 0 -k v --head 2 in.log
	assert_output "$(printf '%s\n' 0 3)"
}

@test "--group-digits: thousands separators from five digits on" {
	printf 'v=1234\nv=12345\nv=-1234567.891\nv=01234567\nv=2024\nv=1e10\n' >in.log
	run -0 dcr-fmt --group-digits in.log
	assert_output - <<'EOF'
             v
          1234
        12,345
-1,234,567.891
      01234567
          2024
          1e10
EOF
}

@test "--group-digits with --digits; JSON then writes grouped numbers as strings" {
	printf 'v=1234567.891\n' >in.log
	run -0 dcr-fmt -t jsonl --digits 1 --group-digits in.log
	assert_output '{"v":"1,234,567.9"}'
}

@test "--tz shows canonical UTC times in local time with their offset" {
	printf 'ts=2024-03-31T00:59:59Z end=2024-10-27T00:30:00.250Z\nts=2024-03-31T01:00:00Z end=2024-10-27T01:30:00.250Z\nts=bad\n' >in.log
	run -0 dcr-fmt --tz Europe/Amsterdam in.log
	assert_output - <<'EOF'
ts                         end
2024-03-31 01:59:59+01:00  2024-10-27 02:30:00.250+02:00
2024-03-31 03:00:00+02:00  2024-10-27 02:30:00.250+01:00
bad
EOF
}

@test "--tz writes an offset with its seconds where it has them" {
	printf 'ts=1972-01-07T00:44:29Z\nts=1972-01-07T00:44:30Z\nts=1890-06-01T12:00:00Z\n' >in.log
	run -0 dcr-fmt --tz Africa/Monrovia in.log
	assert_output - <<'EOF'
ts
1972-01-06 23:59:59-00:44:30
1972-01-07 00:44:30+00:00
1890-06-01 11:16:52-00:43:08
EOF
}

@test "--tz local stamps agree with zoneinfo on random instants in seven zones" {
	python3 "$DCR_TESTS/tz-ref.py" gen "${DCR_TZ_CASES:-1500}" "${DCR_TZ_SEED:-8}" in.log
	for z in Africa/Monrovia America/Havana America/St_Johns Asia/Gaza Europe/Moscow America/Sao_Paulo Europe/Amsterdam; do
		dcr-fmt --tz "$z" -k ts in.log > out.txt
		run -0 python3 "$DCR_TESTS/tz-ref.py" fmt "$z" in.log out.txt
		assert_line --index 0 --regexp '^[0-9]+ records, 0 differences$'
	done
}

@test "--tz with an unknown zone is a usage error" {
	run -2 dcr-fmt --tz Mars/Olympus_Mons "$SITES"
	assert_output --partial "dcr-fmt: --tz: unknown time zone 'Mars/Olympus_Mons'"
}

# ---- input, output, memory ----

@test "a line that is not a record is named on stderr and makes the status 2" {
	printf 'a=1\nnot a record\na=2\n' >in.log
	run -2 --separate-stderr dcr-fmt -t csv --lf in.log
	assert_equal "$stderr" "$(printf 'dcr-fmt: in.log:2: expected key=value (column 5)\ndcr-fmt: 1 line rejected')" ||
		assert_equal "${stderr%%:*}" dcr-fmt
	assert_output "$(printf 'a\n1\n2')"
}

@test "-o FILE writes the report atomically" {
	run -0 dcr-fmt -t html -o report.html "$SITES"
	assert_output ''
	run -0 grep -c '<tr>' report.html
	assert_output 4
}

@test "streaming formats run in constant memory" {
	run -0 python3 -c '
import os, resource, subprocess
line = b"ts=2024-03-01T08:14:22Z event=session_start facility=nl-ams-01 client=K7F3A9E2 place_type=smoke note=\"a b\" n=42\n"
def make(name, mb):
    with open(name, "wb") as f:
        chunk = line * 1000
        for _ in range(mb * 1024 * 1024 // len(chunk)):
            f.write(chunk)
def peak_kb(args, path):
    with open(path, "rb") as i, open(os.devnull, "wb") as o:
        p = subprocess.Popen(args, stdin=i, stdout=o)
        _, status, ru = os.wait4(p.pid, 0)
    assert status == 0, (args, status)
    return ru.ru_maxrss
make("small.log", 2)
make("big.log", 64)
for args in (["dcr-fmt", "-t", "jsonl"], ["dcr-fmt", "-t", "json"],
             ["dcr-fmt", "-t", "logfmt"], ["dcr-fmt", "-t", "csv", "-k", "ts,n"],
             ["dcr-fmt", "-t", "tsv", "-k", "ts,client"]):
    growth = peak_kb(args, "big.log") - peak_kb(args, "small.log")
    assert growth < 8192, (args, growth)
growth = peak_kb(["dcr-fmt", "-t", "csv"], "big.log") - peak_kb(["dcr-fmt", "-t", "csv"], "small.log")
assert growth > 32768, ("collecting csv should grow", growth)
print("constant")'
	assert_output constant
}

# ---- documentation (the shared checks of docs.bats, for this page) ----

@test "--help: the usage line is the man page SYNOPSIS" {
	run -0 dcr-fmt --help
	assert_line --index 0 'usage: dcr-fmt [-t FORMAT] [-k KEYS] [-o FILE] [OPTION ...] [--] [FILE ...]'
	run -0 python3 "$DCR_TESTS/mancheck.py" synopsis "$MAN" dcr-fmt
}

@test "every option of --help is in the man page, which mandoc finds clean" {
	run -0 mandoc -Tlint -Wwarning "$MAN"
	assert_output ''
	run -0 python3 "$DCR_TESTS/mancheck.py" options "$MAN" dcr-fmt
}

@test "the man page EXAMPLES run and print what they show" {
	run -0 python3 "$DCR_TESTS/mancheck.py" examples "$MAN" "$EXAMPLES"
	assert_output ''
	run -0 grep -c '^\$ ' "$MAN"
	assert_output 15
}

@test "a key of -k or --sort that no record has is an error with a suggestion" {
	printf 'facility=a count=1\nfacility=b count=2\n' >in.log
	run --separate-stderr -2 dcr-fmt -o out.txt -k facilty,count in.log
	[ ! -e out.txt ]
	assert_output ''
	assert_equal "$stderr" "$(printf '%s\n' "dcr-fmt: -k: no record has the key 'facilty'; did you mean 'facility'?" \
		'dcr-fmt: out.txt: not written because of the errors above')"
	run --separate-stderr -2 dcr-fmt -t csv --sort cuont:n in.log
	assert_output ''
	assert_equal "$stderr" "dcr-fmt: --sort: no record has the key 'cuont'; did you mean 'count'?"
	run --separate-stderr -2 dcr-fmt -t jsonl -k facility,zone in.log
	assert_equal "$stderr" "dcr-fmt: -k: no record has the key 'zone'"
}

@test "a missing key of dcr-fmt is fine with --allow-missing, a --schema that declares it, or no input" {
	printf 'facility=a count=1\nfacility=b count=0\n' >in.log
	run --separate-stderr -0 dcr-fmt -t csv --lf -k facility,rate --sort rate:n --allow-missing rate,other in.log
	assert_output "$(printf 'facility,rate\na,\nb,')"
	assert_equal "$stderr" ''
	run --separate-stderr -0 dcr-fmt -t csv --lf -k zone </dev/null
	assert_output 'zone'
	assert_equal "$stderr" ''
	printf 'dcr-schema v1\nkey rate number\n' >s.schema
	run --separate-stderr -0 dcr-fmt -t csv --lf --schema s.schema -k rate in.log
	assert_output "$(printf 'rate\n\n')"
	run --separate-stderr -2 dcr-fmt --allow-missing 'Bad' in.log
	assert_equal "${stderr_lines[0]}" "dcr-fmt: --allow-missing: 'Bad' is not a key"
}

# ---- html: --chart, --fragment, --page ----

@test "html: --chart draws one <rect> per shown value, a marked gap for a suppressed one" {
	printf '%s\n' 'facility=a visits=120' 'facility=bb visits=<10' 'facility=ccc visits=1234' >in.log
	run -0 dcr-fmt -t html --chart visits in.log
	run -0 grep -c '<rect ' <<<"$output"
	assert_output 2
	run -0 dcr-fmt -t html --chart visits in.log
	# shrunk to a phone's width, never below three quarters (330 of 440)
	assert_line '<svg role="img" width="440.0" height="98.0" viewBox="0 0 440.0 98.0" style="min-width:330.0px" font-size="12" fill="#1f2328">'
	assert_line '<title>visits</title>'
	assert_line '<desc>a: 120; bb: &lt;10 (hidden); ccc: 1234</desc>'
	assert_line '<rect x="40.0" y="4.0" width="31.1" height="14" fill="#3b6fb6"/>'
	assert_line '<rect x="40.0" y="48.0" width="320.0" height="14" fill="#3b6fb6"/>'
	assert_line '<text x="44.0" y="37.0" fill="#59636e">&lt;10 *</text>'
	assert_line '<text x="360.0" y="86.0" text-anchor="middle">1234</text>'
	assert_line '<figcaption>* &lt;10: fewer than 10 records (or a cell that would reveal one), hidden to protect privacy; it has no bar.</figcaption>'
	refute_output --partial 'http'
	refute_output --partial '<script'
}

@test "html: --chart without a suppressed value has no footnote; a value left out has no bar" {
	printf '%s\n' 'facility=a visits=3' 'facility=b' >in.log
	run -0 dcr-fmt -t html --chart visits in.log
	assert_line '<desc>a: 3; b: no value</desc>'
	refute_output --partial '<figcaption>'
	run -0 grep -c '<rect ' <<<"$output"
	assert_output 1
}

@test "html: --chart labels a bar with every column before KEY, or with those of --chart-label" {
	printf '%s\n' 'facility=a target=gp referrals=12 loc=on' 'facility=b target=er referrals=<10 loc=off' >in.log
	run -0 dcr-fmt -t html --chart referrals in.log
	assert_line '<desc>a · gp: 12; b · er: &lt;10 (hidden)</desc>'
	assert_line '<text x="48.0" y="15.0" text-anchor="end">a · gp</text>'
	run -0 dcr-fmt -t html --chart referrals --chart-label loc,facility in.log
	assert_line '<desc>on · a: 12; off · b: &lt;10 (hidden)</desc>'
	run -0 dcr-fmt -t html -k facility,referrals --chart referrals --chart-label facility,loc in.log
	assert_line '<desc>a: 12; b: &lt;10 (hidden)</desc>'
}

@test "html: --chart-label without --chart, with another format, or naming no key is refused" {
	printf '%s\n' 'facility=a referrals=12' >in.log
	run -2 --separate-stderr dcr-fmt -t html --chart-label facility in.log
	assert_equal "$stderr" "dcr-fmt: --chart-label names the bars of --chart: give --chart KEY too
Try 'dcr-fmt --help' for more information."
	assert_output ''
	run -2 --separate-stderr dcr-fmt -t md --chart-label facility in.log
	assert_equal "${stderr_lines[0]}" 'dcr-fmt: --chart-label does not apply to -t md'
	run -2 --separate-stderr dcr-fmt -t html --chart referrals --chart-label facility,nope in.log
	assert_equal "$stderr" "dcr-fmt: --chart-label: no record has the key 'nope'"
	assert_output ''
	run -2 --separate-stderr dcr-fmt -t html --chart referrals --chart-label 'fa cility' in.log
	assert_equal "${stderr_lines[0]}" "dcr-fmt: --chart-label: 'fa cility' is not a valid key"
}

@test "html: --chart-ref marks each bar at the row's reference, none where it is missing or hidden" {
	printf '%s\n' 'facility=a peak=12 places=20' 'facility=b peak=<10 places=8' 'facility=c peak=15 places=<10' 'facility=d peak=30' >in.log
	run -0 dcr-fmt -t html --chart peak --chart-ref places --label places=places in.log
	assert_line '<desc>a: 12 of 20 places; b: &lt;10 (hidden) of 8 places; c: 15; d: 30</desc>'
	assert_line '<path d="M253.3 2.0v18" stroke="#1f2328" stroke-width="2"/>'
	assert_line '<path d="M125.3 24.0v18" stroke="#1f2328" stroke-width="2"/>'
	run -0 grep -c 'stroke-width="2"' <<<"$output"
	assert_output 2
	run -2 --separate-stderr dcr-fmt -t html --chart-ref places in.log
	assert_equal "${stderr_lines[0]}" 'dcr-fmt: --chart-ref marks the bars of --chart: give --chart KEY too'
	run -2 --separate-stderr dcr-fmt -t table --chart-ref places in.log
	assert_equal "${stderr_lines[0]}" 'dcr-fmt: --chart-ref does not apply to -t table'
	run -2 --separate-stderr dcr-fmt -t html --chart peak --chart-ref place in.log
	assert_equal "$stderr" "dcr-fmt: --chart-ref: no record has the key 'place'; did you mean 'places'?"
	assert_output ''
}

# ---- html: --line, --compare ----

# line_oracle N LO HI V...: the path of the line chart, computed here from
# the layout the man page gives (x from 56 to 600 over N positions, y from
# 208 at LO to 28 at HI), "-" for a gap: a new subpath after each.
line_oracle() {
	python3 - "$@" <<'PY'
import sys
n, lo, hi = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
d, run = "", False
for i, v in enumerate(sys.argv[4:]):
    if v == "-":
        run = False
        continue
    x = 56 + (i * 544 / (n - 1) if n > 1 else 272)
    y = 208 - (float(v) - lo) / (hi - lo) * 180
    d += ("L" if run else "M") + "%.1f %.1f" % (x, y)
    run = True
print(d)
PY
}

@test "html: --line draws the path through the numbers, a gap at a hidden or absent value, and round ticks" {
	printf '%s\n' 'day=d1 visits=12' 'day=d2 visits=17' 'day=d3 visits=<10' 'day=d4 visits=30' \
		'day=d5 visits=24' 'day=d6' 'day=d7 visits=25' >in.log
	run -0 dcr-fmt -t html --fragment 2 --line visits in.log
	# the largest is 30: 0, 10, 20, 30 are the round ticks (steps of 1, 2 or 5 times 10^k)
	want=$(line_oracle 7 0 30 12 17 - 30 24 - 25)
	assert_line "<path d=\"$want\" fill=\"none\" stroke-width=\"2\" stroke=\"#3b6fb6\"/>"
	[ "$want" = "M56.0 136.0L146.7 106.0M328.0 28.0L418.7 64.0M600.0 58.0" ]
	run -0 grep -o '<text x="50.0" y="[0-9.]*" text-anchor="end">[^<]*' <<<"$output"
	assert_output - <<'EOF2'
<text x="50.0" y="212.0" text-anchor="end">0
<text x="50.0" y="152.0" text-anchor="end">10
<text x="50.0" y="92.0" text-anchor="end">20
<text x="50.0" y="32.0" text-anchor="end">30
EOF2
	run -0 dcr-fmt -t html --fragment 2 --line visits in.log
	# shrunk to a phone's width, never below three quarters (480 of 640)
	assert_line '<svg role="img" width="640.0" height="240.0" viewBox="0 0 640.0 240.0" style="min-width:480.0px" font-size="12" fill="#1f2328">'
	assert_line '<title>visits</title>'
	assert_line '<desc>d1: 12; d2: 17; d3: &lt;10 (hidden); d4: 30; d5: 24; d6: no value; d7: 25</desc>'
	assert_line '<circle cx="56.0" cy="136.0" r="3" fill="#3b6fb6"><title>d1: 12</title></circle>'
	assert_line '<text x="237.3" y="204.0" text-anchor="middle" fill="#59636e">*<title>d3: &lt;10 (hidden)</title></text>'
	assert_line '<figcaption>* &lt;10: fewer than 10 records (or a cell that would reveal one), hidden to protect privacy; the line has a gap there.</figcaption>'
	# a point per number, none for the hidden or the absent value (not at 0, not at 10)
	run -0 grep -c '<circle ' <<<"$output"
	assert_output 5
	run -0 dcr-fmt -t html --fragment 2 --line visits in.log
	refute_output --partial 'cx="237.3"'
	refute_output --partial 'cx="509.3"'
	# the labels fit: a tick and a label per row
	run -0 grep -c '208.0v5' <<<"$output"
	assert_output 7
	refute_output --partial 'stroke-dasharray'
}

@test "html: --line ticks the first, the last and every 7th label of a month; decimals and negatives get round ticks" {
	for d in $(seq -w 1 31); do printf 'day=2024-03-%s visits=%d\n' "$d" "$((10#$d * 3))"; done >in.log
	run -0 dcr-fmt -t html --line visits in.log
	# ten characters need 78 px and rows are 544/30 px apart: every 7th,
	# and not the 29th, 36 px from the last
	run -0 grep -o 'text-anchor="middle">[^<]*' <<<"$output"
	assert_output - <<'EOF2'
text-anchor="middle">2024-03-01
text-anchor="middle">2024-03-08
text-anchor="middle">2024-03-15
text-anchor="middle">2024-03-22
text-anchor="middle">2024-03-31
EOF2
	printf '%s\n' 'k=a rate=0.25' 'k=b rate=0.7' >in.log
	run -0 dcr-fmt -t html --line rate in.log
	run -0 grep -o 'text-anchor="end">[^<]*' <<<"$output"
	assert_output "$(printf 'text-anchor="end">%s\n' 0 0.2 0.4 0.6 0.8)"
	run -0 dcr-fmt -t html --line rate in.log
	assert_line "<path d=\"$(line_oracle 2 0 0.8 0.25 0.7)\" fill=\"none\" stroke-width=\"2\" stroke=\"#3b6fb6\"/>"
	printf '%s\n' 'k=a n=-3' 'k=b n=12' >in.log
	run -0 dcr-fmt -t html --line n in.log
	run -0 grep -o 'text-anchor="end">[^<]*' <<<"$output"
	assert_output "$(printf 'text-anchor="end">%s\n' -5 0 5 10 15)"
	run -0 dcr-fmt -t html --line n in.log
	assert_line "<path d=\"$(line_oracle 2 -5 15 -3 12)\" fill=\"none\" stroke-width=\"2\" stroke=\"#3b6fb6\"/>"
}

@test "html: --compare draws the previous period dashed, by row position, named in a legend" {
	printf '%s\n' 'day=2024-03-01 visits=12' 'day=2024-03-02 visits=<10' 'day=2024-03-03 visits=30' >in.log
	printf '%s\n' 'day=2024-02-01 visits=20' 'day=2024-02-02 visits=15' 'day=2024-02-03 visits=<10' \
		'day=2024-02-04 visits=40' >prev.log
	run -0 dcr-fmt -t html --line visits --compare prev.log --label visits=Visits in.log
	# four positions (the longer series); the largest is 40: 0 .. 40 in steps of 10
	assert_line "<path d=\"$(line_oracle 4 0 40 20 15 - 40)\" fill=\"none\" stroke-width=\"2\" stroke=\"#c05600\" stroke-dasharray=\"6 4\"/>"
	assert_line "<path d=\"$(line_oracle 4 0 40 12 - 30)\" fill=\"none\" stroke-width=\"2\" stroke=\"#3b6fb6\"/>"
	assert_line '<path d="M56.0 10.0h24" stroke="#3b6fb6" stroke-width="2"/>'
	assert_line '<text x="86.0" y="14.0">Visits</text>'
	assert_line '<path d="M148.0 10.0h24" stroke="#c05600" stroke-width="2" stroke-dasharray="6 4"/>'
	assert_line '<text x="178.0" y="14.0">previous period</text>'
	assert_line '<circle cx="56.0" cy="118.0" r="3" fill="#fff" stroke="#c05600" stroke-width="1.5"><title>previous period, 2024-02-01: 20</title></circle>'
	assert_line '<desc>2024-03-01: 12 (previous period, 2024-02-01: 20); 2024-03-02: &lt;10 (hidden) (previous period, 2024-02-02: 15); 2024-03-03: 30 (previous period, 2024-02-03: &lt;10 (hidden)); previous period, 2024-02-04: 40</desc>'
	run -0 grep -c '<circle ' <<<"$output"
	assert_output 5
	run -0 dcr-fmt -t html --line visits --compare prev.log --compare-label 'February <2024>' in.log
	assert_line '<text x="178.0" y="14.0">February &lt;2024&gt;</text>'
	# a record of the compare file is labelled by the input's label keys;
	# one without KEY is a gap, one without those keys has its number
	printf '%s\n' 'day=2024-02-01 n=3 visits=20' 'n=4 day=2024-02-02' 'n=5 visits=7' >prev.log
	run -0 dcr-fmt -t html --line visits --compare prev.log in.log
	assert_line '<desc>2024-03-01: 12 (previous period, 2024-02-01: 20); 2024-03-02: &lt;10 (hidden) (previous period, 2024-02-02: no value); 2024-03-03: 30 (previous period, 3: 7)</desc>'
	assert_line "<path d=\"$(line_oracle 3 0 30 20 - 7)\" fill=\"none\" stroke-width=\"2\" stroke=\"#c05600\" stroke-dasharray=\"6 4\"/>"
	# the colours pass WCAG AA (4.5:1) on white, by the WCAG 2 formula
	run -0 python3 -c '
def lum(h):
    c = [int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
print(all(1.05 / (lum(h) + 0.05) >= 4.5 for h in ("#3b6fb6", "#c05600", "#59636e")))'
	assert_output True
}

@test "html: --line, --compare and --compare-label errors name keys and files, never values" {
	printf '%s\n' 'day=d1 visits=12' >in.log
	printf '%s\n' 'day=d0 secret=K7F3A9E2' >prev.log
	run -2 --separate-stderr dcr-fmt -t html --line visits --compare prev.log -o out.html in.log
	assert_equal "$stderr" "dcr-fmt: --compare: no record has the key 'visits'"
	assert_output ''
	[ ! -e out.html ]
	run -2 --separate-stderr dcr-fmt -t html --line visits --compare missing.log -o out.html in.log
	assert_equal "${stderr_lines[-1]}" 'dcr-fmt: --compare: missing.log could not be read; nothing written'
	[ ! -e out.html ]
	printf '%s\n' 'day=d0 visits=3' 'not a record K7F3A9E2' >bad.log
	run -2 --separate-stderr dcr-fmt -t html --line visits --compare bad.log -o out.html in.log
	assert_equal "${stderr_lines[-1]}" 'dcr-fmt: --compare: bad.log has lines that are not records; nothing written'
	refute_output --partial K7F3A9E2
	[[ $stderr != *K7F3A9E2* ]]
	[ ! -e out.html ]
	run -2 --separate-stderr dcr-fmt -t html --line visit in.log
	assert_equal "$stderr" "dcr-fmt: --line: no record has the key 'visit'; did you mean 'visits'?"
	run -2 --separate-stderr dcr-fmt -t md --line visits in.log
	assert_equal "${stderr_lines[0]}" 'dcr-fmt: --line does not apply to -t md'
	run -2 --separate-stderr dcr-fmt -t html --compare prev.log in.log
	assert_equal "$stderr" "dcr-fmt: --compare is drawn beside --line: give --line KEY too
Try 'dcr-fmt --help' for more information."
	run -2 --separate-stderr dcr-fmt -t html --line visits --compare-label x in.log
	assert_equal "${stderr_lines[0]}" 'dcr-fmt: --compare-label names the line of --compare: give --compare FILE too'
	run -2 --separate-stderr dcr-fmt -t html --line visits --compare - in.log
	assert_equal "${stderr_lines[0]}" 'dcr-fmt: --compare: a file, not the standard input'
	printf '%s\n' 'day=d0 visits=3' >prev.log
	run -2 --separate-stderr dcr-fmt -t html --line visits --compare prev.log -o prev.log in.log
	assert_equal "$stderr" 'dcr-fmt: prev.log: is also the output file'
	[ "$(cat prev.log)" = 'day=d0 visits=3' ]
}

@test "html: --chart of a key in no record is refused" {
	run -2 dcr-fmt -t html --chart visit "$SITES"
	assert_output --partial 'visit'
	run -2 dcr-fmt -t md --chart visits "$SITES"
	assert_output --partial '--chart does not apply to -t md'
}

@test "html: --fragment writes a heading, the chart and the table, and no page" {
	run -0 dcr-fmt -t html --fragment 3 --title 'Per <facility>' -k facility,visits --chart visits "$SITES"
	assert_line --index 0 '<h3>Per &lt;facility&gt;</h3>'
	assert_line '<thead><tr><th scope="col">facility</th><th scope="col" class="n" style="text-align:right">visits</th></tr></thead>'
	# the table in the box that scrolls it on a narrow screen
	assert_line --index -2 '</table>'
	assert_line --index -1 '</div>'
	refute_output --partial '<html'
	refute_output --partial '<body'
	run -2 dcr-fmt -t html --fragment 1 "$SITES"
}

@test "html: --page puts the fragments, unchanged and in order, in one page" {
	dcr-fmt -t html --fragment 2 --title One -k facility "$SITES" >1.html
	printf '<p>Two &amp; more</p>\n' >2.html
	run -0 dcr-fmt -t html --page --title 'The <report>' -o page.html 1.html 2.html
	run -0 python3 -c '
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.tags = []
    def handle_starttag(s, t, a): s.tags.append(t)
p = P(); p.feed(open("page.html").read())
print(" ".join(t for t in p.tags if t in ("html", "title", "h1", "h2", "table", "p")))'
	assert_output 'html title h1 h2 table p'
	run -0 grep -c -F '<p>Two &amp; more</p>' page.html
	run -0 grep -F '<h1>The &lt;report&gt;</h1>' page.html
	run -0 tail -1 page.html
	assert_output '</html>'
	run -2 dcr-fmt -t html --page -o page.html 1.html missing.html
	[ ! -e page.html ] || [ "$(grep -c Two page.html)" -eq 1 ]
}

@test "html: --label heads a column and names the chart; a bad one is a usage error" {
	run -0 dcr-fmt -t html --fragment 2 --title T -k facility,visits --chart visits \
		--label 'visits=Visits <all>' --label visits=Visits --label share=Share "$SITES"
	assert_line '<thead><tr><th scope="col">facility</th><th scope="col" class="n" style="text-align:right">Visits</th></tr></thead>'
	assert_line '<title>Visits</title>'
	run -2 dcr-fmt -t html --label visits "$SITES"
	assert_output --partial "--label: expected KEY=TEXT, not 'visits'"
	run -2 dcr-fmt -t md --label visits=Visits "$SITES"
}

@test "html: --page with --reject is a usage error and leaves no file" {
	printf '<p>x</p>\n' >1.html
	run -2 dcr-fmt -t html --page --reject r.log -o page.html 1.html
	assert_output --partial '--reject does not apply to --page, which reads no records'
	run -0 ls -A
	assert_output 1.html
}
