#!/usr/bin/env bats
# dcr-agg -f FORMAT: raw exports aggregated in one process, exactly as
# dcr-parse -f FORMAT | dcr-agg would: the same groups, rejects, messages
# and refusals, also when threads read a large file.

load helpers

KEYS=ts,event,facility,municipality,visit_id,client,route,substance,duration_s,birth_year

# A small export: empty cells, quoted cells with the delimiter, doubled
# quotes and a line break, a CRLF line and UTF-8.
small_csv() {
	printf '%s\r\n' 'ts,event,facility,client,duration_s,note' >small.csv
	cat >>small.csv <<'EOF'
2024-03-01T08:00:00Z,session_end,nl-ams-01,K7F3A9E2,600,"x, ""y"""
2024-03-01T08:10:00+01:00,session_end,nl-ams-01,K7F3A9E2,300,
2024-03-01T09:00:00Z,session_end,nl-rtm-01,Q1B2C3D4,,"two
lines"
2024-03-01T10:00:00Z,check_in,nl-rtm-01,Q1B2C3D4,,café
1709287200,check_in,nl-ams-01,,,
EOF
}

# A generated export over 32 MiB, which -j 2 reads in two ranges.
large_csv() {
	command -v dcr-gen >/dev/null || fail "dcr-gen is not on PATH (make builds it)"
	dcr-gen -s 9 --size 72M -o large.log
	dcr-fmt -t csv --no-guard -k "$KEYS" large.log >large.csv
	[ "$(wc -c <large.csv)" -gt $((32 << 20)) ] || fail "large.csv is too small for two ranges"
}

# How often a run opens FILE (its last argument): threads open it per
# range, and a run that falls back to one pass opens it once more. strace
# is in make deps (DEPS_TEST).
opens() {
	strace -f -qq -e trace=openat -o trace.txt "$@" >/dev/null 2>&1 || true
	grep -c "\"${*: -1}\"" trace.txt
}

AGGS=(-g facility,ts:week -a 'count,clients=distinct:client,first_client=first:client,last_client=last:client'
	-a '(dur_mean=mean:duration_s,dur_p90=p90:duration_s) if event == session_end')

@test "-f csv: the groups of dcr-parse -f csv | dcr-agg, by hand" {
	small_csv
	run --separate-stderr -0 dcr-agg -f csv -g facility -a count,sum:duration_s,first:note,last:client small.csv
	assert_output - <<'EOF'
facility=nl-ams-01 count=3 duration_s_sum=900 note_first="x, \"y\"" client_last=K7F3A9E2
facility=nl-rtm-01 count=2 duration_s_sum=0 note_first="two\nlines" client_last=Q1B2C3D4
EOF
	assert_equal "$stderr" "dcr-agg: duration_s_sum: skipped 3 records without duration_s"
	want=$output
	run -0 sh -c 'dcr-parse -f csv small.csv | dcr-agg -g facility -a count,sum:duration_s,first:note,last:client 2>/dev/null'
	assert_output "$want"
}

@test "-f csv: times by the rules of dcr-parse, buckets in the --tz zone" {
	small_csv
	# 08:10+01:00 is 07:10Z; epoch 1709287200 is 10:00Z
	run -0 dcr-agg -f csv -g ts:hour -a count small.csv
	assert_output - <<'EOF'
hour=2024-03-01T07 count=1
hour=2024-03-01T08 count=1
hour=2024-03-01T09 count=1
hour=2024-03-01T10 count=2
EOF
	run -0 dcr-agg -f csv --tz Europe/Amsterdam -g ts:hod -a count small.csv
	assert_output - <<'EOF'
hod=8 count=1
hod=9 count=1
hod=10 count=1
hod=11 count=2
EOF
}

@test "-f csv: a local time is rejected, also when --tz names the buckets' zone" {
	printf 'ts,event\n2024-03-01 08:00:00,check_in\n2024-03-01T08:00:00Z,check_in\n' >local.csv
	for tz in UTC Europe/Amsterdam; do
		run --separate-stderr -2 dcr-agg -f csv --tz "$tz" -a count local.csv
		assert_output 'count=1'
		assert_equal "$stderr" "dcr-agg: local.csv:2: key 'ts': a local time without a zone: read it with dcr-parse --tz ZONE
dcr-agg: 1 line rejected"
	done
}

@test "-f csv: bad rows are reported at their line of the export and kept in --reject" {
	printf 'ts,event,client\n2024-03-01T08:00:00Z,check_in,A1\n2024-03-01T08:01:00Z,check_in\n,check_in,A2\n2024-03-01T08:02:00Z,"open\n' >bad.csv
	run --separate-stderr -2 dcr-agg -f csv --reject rej.txt -a count bad.csv
	assert_output 'count=1'
	assert_equal "$stderr" "dcr-agg: bad.csv:3: 2 cells, the header has 3
dcr-agg: bad.csv:4: key 'ts': not a valid time (RFC 3339, epoch seconds or ISO date and time)
dcr-agg: bad.csv:5: unterminated quoted cell at the end of the input
dcr-agg: 3 lines rejected"
	run -0 cat rej.txt
	assert_output - <<'EOF'
# bad.csv:3: 2 cells, the header has 3
2024-03-01T08:01:00Z,check_in
# bad.csv:4: key 'ts': not a valid time (RFC 3339, epoch seconds or ISO date and time)
,check_in,A2
# bad.csv:5: unterminated quoted cell at the end of the input
2024-03-01T08:02:00Z,"open
EOF
}

@test "-f csv: an empty ts cell is still rejected by dcr-parse, which skips other empty cells" {
	# regression guard: empty cells are left out before shaping, but for ts
	printf 'ts,event,client\n,check_in,\n2024-03-01T08:00:00Z,check_in,\n' >e.csv
	run --separate-stderr -2 dcr-parse -f csv e.csv
	assert_output 'ts=2024-03-01T08:00:00Z event=check_in'
	assert_equal "$stderr" "dcr-parse: e.csv:2: key 'ts': not a valid time (RFC 3339, epoch seconds or ISO date and time)
dcr-parse: 1 line rejected"
}

@test "-f csv: a key no record has is refused as without -f, and nothing is written" {
	small_csv
	run --separate-stderr -2 dcr-agg -f csv -g facilty -a count -o out.log small.csv
	assert_output ''
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: -g: no record has the key 'facilty'; did you mean 'facility'?"
	[ ! -e out.log ]
}

@test "-f jsonl, -f logfmt and -f tsv: the groups of the pipeline" {
	small_csv
	dcr-parse -f csv small.csv 2>/dev/null >records.log
	dcr-fmt -t jsonl records.log >small.jsonl
	dcr-fmt -t tsv -k ts,event,facility,client,duration_s,note records.log >small.tsv
	sed 's/ /  /g' records.log >raw.log # two spaces: logfmt, not dcr records
	for f in jsonl:small.jsonl tsv:small.tsv logfmt:raw.log; do
		run -0 sh -c "dcr-parse -f ${f%%:*} ${f#*:} | dcr-agg -g facility,event -a count,distinct:client,mean:duration_s,last:note"
		want=$output
		run -0 dcr-agg -f "${f%%:*}" -g facility,event -a count,distinct:client,mean:duration_s,last:note "${f#*:}"
		assert_output "$want"
	done
}

@test "-f csv --cell-key: the same perturbed counts as the pipeline (the record keys are the records' bytes)" {
	small_csv
	head -c 32 /dev/urandom >ck
	chmod 600 ck
	run -0 sh -c 'dcr-parse -f csv small.csv 2>/dev/null | dcr-agg --cell-key ck -g facility -a count,c=distinct:client'
	want=$output
	run -0 dcr-agg -f csv --cell-key ck -g facility -a count,c=distinct:client small.csv
	assert_output "$want"
}

@test "-f csv -j 2: a large export read by two threads gives the one-pass result" {
	large_csv
	run -0 sh -c "dcr-parse -f csv large.csv | dcr-agg -j 1 $(printf "'%s' " "${AGGS[@]}")"
	want=$output
	[ "${#lines[@]}" -gt 10 ]
	run -0 dcr-agg -f csv -j 1 "${AGGS[@]}" large.csv
	assert_output "$want"
	run -0 dcr-agg -f csv -j 2 "${AGGS[@]}" large.csv
	assert_output "$want"
	run -0 dcr-agg -f csv -j 3 "${AGGS[@]}" large.csv large.csv
	assert_equal "$(grep -c . <<<"$output")" "${#lines[@]}"
	# the threads did it: one pass more is what a bad row costs
	one=$(opens dcr-agg -f csv -j 1 -a count large.csv)
	two=$(opens dcr-agg -f csv -j 2 -a count large.csv)
	[ "$two" -gt "$one" ] || fail "-j 2 opened large.csv $two times, -j 1 $one"
	{ cat large.csv; echo 'not,a,row'; } >bad.csv
	assert_equal "$(opens dcr-agg -f csv -j 2 -a count bad.csv)" "$((two + 1))"
}

@test "-f csv -j 2: a quoted cell across the cut, and a bad row late in the file, as in one pass" {
	large_csv
	half=$(( $(wc -l <large.csv) / 2 ))
	# A cell whose lines are rows themselves: a range that started inside
	# it would read them as records.
	{ head -n "$half" large.csv
	  printf '2024-03-01T08:00:00Z,check_in,nl-ams-01,,,,,,,"'
	  sed -n "2,2000p" large.csv
	  printf '"\n'
	  tail -n +"$((half + 1))" large.csv; } >cut.csv
	run -0 sh -c "dcr-parse -f csv cut.csv | dcr-agg -j 1 $(printf "'%s' " "${AGGS[@]}")"
	want=$output
	run -0 dcr-agg -f csv -j 2 "${AGGS[@]}" cut.csv
	assert_output "$want"
	# the threads gave up on the cut, and one pass read it again
	good=$(opens dcr-agg -f csv -j 2 -a count large.csv)
	assert_equal "$(opens dcr-agg -f csv -j 2 -a count cut.csv)" "$((good + 1))"
	n=$(wc -l <large.csv)
	{ head -n "$((n - 10))" large.csv; echo 'not,a,row'; tail -n 10 large.csv; } >late.csv
	run --separate-stderr -2 dcr-agg -f csv -j 1 "${AGGS[@]}" late.csv
	want=$output
	run --separate-stderr -2 dcr-agg -f csv -j 2 "${AGGS[@]}" late.csv
	assert_output "$want"
	assert_equal "$stderr" "dcr-agg: late.csv:$((n - 9)): 3 cells, the header has 10
dcr-agg: 1 line rejected"
	assert_equal "$(opens dcr-agg -f csv -j 2 -a count late.csv)" "$((good + 1))"
}

@test "-f csv --encoding: a Windows-1252 export is refused with the hint, then read as dcr-parse --encoding reads it" {
	printf 'ts,facility,note\n2024-03-01T08:00:00Z,nl-ams-01,caf\351\n2024-03-01T09:00:00Z,nl-ams-01,ok\n' >cp1252.csv
	run --separate-stderr -2 dcr-agg -f csv -g facility -a count cp1252.csv
	assert_output 'facility=nl-ams-01 count=1'
	assert_equal "$stderr" "dcr-agg: cp1252.csv:2: invalid UTF-8, try --encoding WINDOWS-1252 or ISO-8859-15 (column 35)
dcr-agg: 1 line rejected"
	run --separate-stderr -0 dcr-agg -f csv --encoding WINDOWS-1252 -g facility -a count,first:note cp1252.csv
	assert_output 'facility=nl-ams-01 count=2 note_first=café'
	assert_equal "$stderr" ''
	want=$output
	run -0 sh -c 'dcr-parse -f csv --encoding WINDOWS-1252 cp1252.csv | dcr-agg -g facility -a count,first:note'
	assert_output "$want"
}

@test "-f csv --encoding -j 2: each thread converts its range with its own descriptor" {
	large_csv
	half=$(( $(wc -l <large.csv) / 2 ))
	row='2024-03-01T08:00:00Z,check_in,nl-ams-01,,,,,,,'
	{ head -n 100 large.csv; printf '%s\n' "${row}caf$(printf '\351')"
	  sed -n "101,${half}p" large.csv; printf '%s\n' "${row}Stra$(printf '\337')e"
	  tail -n +"$((half + 1))" large.csv; } >cp1252.csv
	run -0 sh -c "dcr-parse -f csv --encoding WINDOWS-1252 cp1252.csv | dcr-agg -j 1 -g facility,birth_year -a count,first:birth_year,last:birth_year"
	want=$output
	[[ $want == *"café"* && $want == *"Straße"* ]] || fail "the converted cells are not in the groups: $want"
	run -0 dcr-agg -f csv --encoding WINDOWS-1252 -j 2 -g facility,birth_year -a count,first:birth_year,last:birth_year cp1252.csv
	assert_output "$want"
	# two ranges and no second pass: as many opens as for the UTF-8 file
	good=$(opens dcr-agg -f csv -j 2 -a count large.csv)
	assert_equal "$(opens dcr-agg -f csv --encoding WINDOWS-1252 -j 2 -a count cp1252.csv)" "$good"
}

@test "-f, -d and --encoding: usage errors" {
	run --separate-stderr -2 dcr-agg -f xml -a count
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: -f: unknown format 'xml'"
	run --separate-stderr -2 dcr-agg -f csv --merge
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: -f: --merge reads dcr records, and pattern files are dcr-parse's: parse them first"
	run --separate-stderr -2 dcr-agg -f pattern -a count
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: -f: --merge reads dcr records, and pattern files are dcr-parse's: parse them first"
	run --separate-stderr -2 dcr-agg -d ';' -a count
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: -d: only delimited input (-f csv) has a delimiter"
	run --separate-stderr -2 dcr-agg --encoding WINDOWS-1252 -a count
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: --encoding: dcr records are UTF-8; give -f FORMAT to read an export in another encoding"
	run --separate-stderr -2 dcr-agg -f csv --encoding UTF-16 -a count
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: --encoding: 'UTF-16' is not an encoding that keeps ASCII (UTF-8, WINDOWS-1252, ISO-8859-15, ...)"
	run --separate-stderr -2 dcr-agg -f jsonl -d ';' -a count
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: -d: only delimited input (-f csv) has a delimiter"
	printf 'ts;event\n2024-03-01T08:00:00Z;check_in\n' >semi.csv
	run -0 dcr-agg -f csv -d ';' -g event -a count semi.csv
	assert_output 'event=check_in count=1'
}
