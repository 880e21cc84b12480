#!/usr/bin/env bats
# The HTML reports of the jobs as a browser shows them: the example day
# and a generated month rendered in headless Chromium, every section of
# the shipped indicator set there with its heading, table and chart; the
# pages fetch nothing and print to PDF; make report-shots writes the
# screenshots a person looks at, and at a phone's width nothing overflows.
# One run of tests/shots/run (the script behind make report-shots) and one
# rendering per report serve every test (setup_file).

load helpers

IND="$DCR_TESTS/../share/indicators/facility.ind"
SHOTS="$BATS_FILE_TMPDIR/shots"
DAY="$SHOTS/day/out/days/2024-03-01/report.html"
MONTH="$SHOTS/month/out/months/2024-02/report.html"

# chrome ARGS...: headless Chromium in a profile of its own, which fails
# rather than hangs. (Root, as in CI, needs --no-sandbox.)
chrome() {
	timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d "$BATS_FILE_TMPDIR/profile.XXXXXX")" "$@"
}

# render NAME PAGE: PAGE's DOM after loading, NAME.dom, with the network
# log of the load, NAME.netlog, and the PDF it prints to, NAME-cli.pdf.
render() {
	chrome --log-net-log="$SHOTS/$1.netlog" --dump-dom "file://$2" >"$SHOTS/$1.dom" 2>"$SHOTS/$1.err" ||
		{ echo "chromium --dump-dom $1: status $?" && cat "$SHOTS/$1.err"; return 1; }
	chrome --no-pdf-header-footer --print-to-pdf="$SHOTS/$1-cli.pdf" "file://$2" 2>"$SHOTS/$1.err" ||
		{ echo "chromium --print-to-pdf $1: status $?" && cat "$SHOTS/$1.err"; return 1; }
}

setup_file() {
	command -v chromium >/dev/null ||
		fail "chromium is missing: these tests need the Debian package 'chromium' (make deps)"
	# the example day, and three published days of a generated month
	"$DCR_TESTS/shots/run" "$SHOTS" 3 >"$BATS_FILE_TMPDIR/run.out" 2>"$BATS_FILE_TMPDIR/run.err" ||
		fail "tests/shots/run: status $?: $(cat "$BATS_FILE_TMPDIR/run.err")"
	render day "$DAY"
	render month "$MONTH"
	# the layout on a phone and on A4 (717 px between the default margins)
	for r in day month; do
		[ $r = day ] && p=$DAY || p=$MONTH
		timeout 90 "$DCR_TESTS/shots/browser.py" --layout "file://$p" 390 717:print >"$SHOTS/$r.layout" ||
			fail "browser.py --layout $r: status $?"
	done
}

# fetched NETLOG: the URL of each request the page made (the browser's
# own, such as its update checks, have no origin and are left out).
fetched() {
	python3 - "$1" <<'PY'
import json, sys
log = json.load(open(sys.argv[1], encoding="utf-8"))
kind = {v: k for k, v in log["constants"]["logEventTypes"].items()}
for e in log["events"]:
    p = e.get("params") or {}
    if kind[e["type"]] == "URL_REQUEST_START_JOB" and "url" in p and p.get("initiator") != "not an origin":
        print(p["url"])
PY
}

# remote FILE: each reference in FILE to something outside it.
remote() { grep -n -o -i -E 'https?:|//|@import|url\(|src=|href=|<link|<script' "$1" || true; }

# sections: "NAME ok" for each section the shipped indicator set declares.
sections() { sed -n 's/^section=\([a-z_]*\) .*/\1 ok/p' "$IND"; }

@test "the example day: every section of the indicator set renders with its heading, table and chart" {
	[ "$(sections | wc -l)" -ge 6 ]
	run -0 python3 "$DCR_TESTS/report-dom.py" "$IND" "$SHOTS/day.dom"
	assert_output "$(sections)"
}

@test "a generated month: every section of the indicator set renders with its heading, table and chart" {
	run -0 grep -c '^<title>DCR indicators 2024-02 (3 of 29 days)</title>$' "$SHOTS/month.dom"
	run -0 python3 "$DCR_TESTS/report-dom.py" "$IND" "$SHOTS/month.dom"
	assert_output "$(sections)"
}

@test "the section check fails a section without its chart, a header cell without scope, a missing bar" {
	# the chart of the second section removed, a th of the third without
	# scope, the first bar of the fifth without its label (the month's
	# visits per day are absent from a day's report, as they must be)
	python3 - "$SHOTS/day.dom" >broken.dom <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
h = s.index("<h2>Visits by hour")
s = s[:s.index("<figure", h)] + s[s.index("</figure>", h) + 9:]
h = s.index("<h2>Peak occupancy")
s = s[:h] + s[h:].replace('<th scope="col">', "<th>", 1)
h = s.index('text-anchor="end"', s.index("<h2>Refusals by reason"))
print(s[:h] + s[h:].replace('text-anchor="end"', "", 1), end="")
PY
	run -0 python3 "$DCR_TESTS/report-dom.py" "$IND" broken.dom
	assert_output "facility ok
daily ok
hour: 0 charts, not one
occupancy: a th without scope=col
referrals ok
refusals: bars for 1 of 2 rows
substances ok"
}

@test "neither report fetches anything: no request in the browser's network log, no remote reference" {
	for r in day month; do
		[ -s "$SHOTS/$r.netlog" ]
		run -0 fetched "$SHOTS/$r.netlog"
		assert_output ''
	done
	run -0 remote "$DAY"
	assert_output ''
	run -0 remote "$MONTH"
	assert_output ''
}

@test "the fetch checks see a page that fetches an image and a background" {
	printf '%s\n' '<!DOCTYPE html><html><head><style>body{background:url(http://192.0.2.1/b.png)}</style>' \
		'</head><body><img src="https://192.0.2.2/i.png" alt=""></body></html>' >fetches.html
	run -0 chrome --log-net-log="$TMP/net.json" --dump-dom "file://$TMP/fetches.html"
	run -0 fetched net.json
	assert_output 'https://192.0.2.2/i.png
http://192.0.2.1/b.png'
	run -0 remote fetches.html
	assert_output '1:url(
1:http:
1://
2:src=
2:https:
2://'
}

@test "each report prints to a PDF of one page or more" {
	for r in day month; do
		run -0 python3 - "$SHOTS/$r-cli.pdf" <<'PY'
import re, sys
pdf = open(sys.argv[1], "rb").read()
assert pdf.startswith(b"%PDF-"), "not a PDF"
pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf, re.S)]
# a long document has a tree of /Pages nodes: the root counts every page
assert pages > 0 and counts and max(counts) == pages, (pages, counts)
print("pages")
PY
		assert_output pages
	done
}

# width PNG: the width in pixels of the image PNG.
width() { python3 -c 'import struct, sys; d = open(sys.argv[1], "rb").read(24); assert d[:8] == b"\x89PNG\r\n\x1a\n"; print(struct.unpack(">I", d[16:20])[0])' "$1"; }

@test "tests/shots/run prints each screenshot and PDF it wrote" {
	assert_equal "$(cat "$BATS_FILE_TMPDIR/run.out")" "$SHOTS/day-1280.png
$SHOTS/day-390.png
$SHOTS/day.pdf
$SHOTS/month-1280.png
$SHOTS/month-390.png
$SHOTS/month.pdf"
	assert_equal "$(cat "$BATS_FILE_TMPDIR/run.err")" ""
	run -0 head -c 5 "$SHOTS/month.pdf"
	assert_output '%PDF-'
}

@test "at 1280 and at a phone's 390 px each report is as wide as the screen: nothing overflows sideways" {
	# the screenshot is the whole laid-out page, wider when anything sticks out
	for r in day month; do
		run -0 width "$SHOTS/$r-1280.png"
		assert_output 1280
		run -0 width "$SHOTS/$r-390.png"
		assert_output 390
	done
}

@test "at 390 px a chart shrinks to the screen, never below three quarters; a wider one scrolls in its figure" {
	for r in day month; do
		run -0 grep '^390 ' "$SHOTS/$r.layout"
		assert_line --index 0 '390 page 390'
		# each chart: the width drawn for, the width shown at, the figure's
		# (a section of period=month is in the month's report only)
		n=$(grep -c '^section=' "$IND")
		[ $r = month ] || n=$((n - $(grep -c '^section=.* period=month' "$IND")))
		assert_equal "$(grep -c '^390 chart ' <<<"$output")" "$n"
		run -0 python3 -c '
import sys
for line in sys.stdin:
    if line.startswith("390 chart "):
        drawn, shown, box = map(int, line.split()[2:])
        assert box == 390 - 2 * 12, line
        # (a pixel either way: the browser and python round halves apart)
        assert abs(shown - max(min(drawn, box), 0.75 * drawn)) <= 1, line
print("ok")' <<<"$output"
		assert_output ok
	done
}

@test "printed on A4 (717 px between the default margins) every table and chart is on the page" {
	for r in day month; do
		run -0 grep '^717:print page ' "$SHOTS/$r.layout"
		assert_output '717:print page 717'
	done
}

@test "make report-shots writes the screenshots and PDFs into SHOTS and prints their paths" {
	# an earlier run's folders are replaced; what else is in SHOTS stays
	mkdir -p s/day/out/days/2024-03-01
	echo mine >s/keep
	run --separate-stderr -0 make -s -C "$DCR_TESTS/.." report-shots SHOTS="$TMP/s" SHOTS_DAYS=1
	assert_equal "$stderr" ""
	assert_output "$TMP/s/day-1280.png
$TMP/s/day-390.png
$TMP/s/day.pdf
$TMP/s/month-1280.png
$TMP/s/month-390.png
$TMP/s/month.pdf"
	run -0 width "$TMP/s/month-1280.png"
	assert_output 1280
	run -0 grep -c '^<title>DCR indicators 2024-02 (1 of 29 days)</title>$' "$TMP/s/month/out/months/2024-02/report.html"
	run -0 cat s/keep
	assert_output mine
}
