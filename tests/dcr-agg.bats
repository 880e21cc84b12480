#!/usr/bin/env bats
# dcr-agg: groups, time buckets, every aggregate against hand-computed values
# and, on generated logs, against an independent computation (agg-ref.py);
# partial states that merge into exactly the single-pass result.

load helpers

V="$DATA/agg-values.log"
S="$DATA/agg-sessions.log"

# One generated month of three facilities (dcr-gen), made once per test.
gen_month() {
	command -v dcr-gen >/dev/null || fail "dcr-gen is not on PATH (make builds it)"
	dcr-gen -s 3 --days 31 -o month.log
}

# Every aggregate, named as agg-ref.py expects.
ALL_AGGS=(-a 'count,clients=distinct:client,aclients=approx_distinct:client,first_client=first:client,last_client=last:client,min_ts=min:ts'
	-a 'visits=count if event == session_start'
	-a '(dur_sum=sum:duration_s,dur_mean=mean:duration_s,dur_var=var:duration_s,dur_stdev=stdev:duration_s,dur_min=min:duration_s,dur_max=max:duration_s,dur_median=median:duration_s,dur_p90=p90:duration_s,dur_p99_9=p99.9:duration_s,occupancy=peak:ts-duration_s) if event == session_end'
	-a 'substance_mode=mode:substance if event == consumption')

# ---- every aggregate, by hand -------------------------------------------

@test "count, sum, mean, var, stdev, min, max, median and percentiles by hand" {
	# a: 1 2 3 4 10: mean 4, var (9+4+1+0+36)/4 = 12.5, p90: h = 3.6 -> 4 + 0.6*6
	# b: 2.5 0.5 (abc skipped, one record without v): var ((1)^2 + (1)^2)/1
	run --separate-stderr -0 dcr-agg -g g -a count,sum:v,mean:v,var:v,stdev:v,median:v,p90:v,p25:v "$V"
	assert_output - <<'EOF'
g=a count=5 v_sum=20 v_mean=4 v_var=12.5 v_stdev=3.5355339059327378 v_median=3 v_p90=7.6 v_p25=2
g=b count=4 v_sum=3 v_mean=1.5 v_var=2 v_stdev=1.4142135623730951 v_median=1.5 v_p90=2.3 v_p25=1
EOF
}

@test "pN for N from 0 to 100 with decimals, named with _ for the point" {
	# a: h = 4 * 99.9 / 100 = 3.996 -> 4 + 0.996 * 6 = 9.976; p33.3: 2 + 0.332
	run --separate-stderr -0 dcr-agg -g g -a p0:v,p100:v,p99.9:v,p33.3:v,top=p50:v "$V"
	assert_output - <<'EOF'
g=a v_p0=1 v_p100=10 v_p99_9=9.976 v_p33_3=2.332 top=3
g=b v_p0=0.5 v_p100=2.5 v_p99_9=2.498 v_p33_3=1.166 top=1.5
EOF
}

@test "min and max: numeric when all values are numbers, else bytewise" {
	run -0 dcr-agg -g g -a min:v,max:v,first_ts=min:ts,last_ts=max:ts "$V"
	assert_output - <<'EOF'
g=a v_min=1 v_max=10 first_ts=2024-03-01T10:00:00Z last_ts=2024-03-01T10:04:00Z
g=b v_min=0.5 v_max=abc first_ts=2024-03-01T10:05:00Z last_ts=2024-03-01T10:08:00Z
EOF
}

@test "min and max of integers that fit 64 bits are compared and written exactly" {
	printf 'v=9007199254740992\nv=9007199254740993\nv=3\n' > big.log
	run -0 dcr-agg -a min:v,max:v big.log
	assert_output 'v_min=3 v_max=9007199254740993'
	printf 'v=9223372036854775806\nv=-9223372036854775808\nv=9223372036854775807\nv=-9223372036854775807\n' > edge.log
	run -0 dcr-agg -a min:v,max:v edge.log
	assert_output 'v_min=-9223372036854775808 v_max=9223372036854775807'
	# The same double as a decimal: the integer is the exact extreme.
	run -0 dcr-agg -a min:v,max:v < <(printf 'v=9007199254740993\nv=9007199254740992.0\nv=1.5\n')
	assert_output 'v_min=1.5 v_max=9007199254740993'
	run -0 dcr-agg --partial -a min:v,max:v edge.log
	echo "$output" > edge.partial
	run -0 dcr-agg --merge edge.partial edge.partial
	assert_output 'v_min=-9223372036854775808 v_max=9223372036854775807'
}

@test "distinct, approx_distinct, mode, first, last and count of a field by hand" {
	# a: c = x y x z x; b: c = y y z z (mode: tie, the smallest), v in 3 of 4
	run -0 dcr-agg -g g -a distinct:c,approx_distinct:c,mode:c,first:c,last:c,count:v "$V"
	assert_output - <<'EOF'
g=a c_distinct=3 c_approx_distinct=3 c_mode=x c_first=x c_last=x v_count=5
g=b c_distinct=2 c_approx_distinct=2 c_mode=y c_first=y c_last=z v_count=3
EOF
}

@test "mode breaks ties by the smallest value, numerically when all are numbers" {
	run -0 dcr-agg -a mode:v < <(printf 'v=10\nv=9\nv=10\nv=9\n')
	assert_output 'v_mode=9'
	run -0 dcr-agg -a mode:v < <(printf 'v=10\nv=9\nv=10\nv=9\nv=x\n')
	assert_output 'v_mode=10'
}

@test "peak occupancy from start and length, end and length, and two times" {
	# sessions 10:00-10:30, 10:10-10:20, 10:20-10:40, 10:25-10:35, 10:30-10:31:
	# three at once from 10:25 (at 10:20 and 10:30 one ends as one starts)
	run --separate-stderr -0 dcr-agg -a 'peak:ts+duration_s if event == session_start' "$S"
	assert_output 'peak=3 peak_at=2024-03-01T10:25:00Z'
	run --separate-stderr -0 dcr-agg -a 'occ=peak:ts-duration_s if event == session_end' "$S"
	assert_output 'occ=3 occ_at=2024-03-01T10:25:00Z'
	run --separate-stderr -0 dcr-agg -a 'occ=peak:start..end if event == visit' "$S"
	assert_output 'occ=3 occ_at=2024-03-01T10:25:00Z'
	run --separate-stderr -0 dcr-agg -a 'peak:duration_s if event == session_start' "$S"
	assert_output 'peak=3 peak_at=2024-03-01T10:25:00Z'
}

@test "peak: a record that is not a session is skipped and reported" {
	run --separate-stderr -0 dcr-agg -g place -a 'occ=peak:ts-duration_s if event != session_start' "$S"
	assert_output '# dcr-keys 1 place,occ,occ_at'$'\n''place=a occ=3 occ_at=2024-03-01T10:25:00Z'$'\n''place=b'
	assert_equal "$stderr" 'dcr-agg: occ: skipped 6 records where ts-duration_s is not a session (missing, not a time or a duration, or ending first)'$'\n''dcr-agg: occ: no value for 1 group: none of its records was a session of positive length'
}

@test "peak without a usable duration is absent, never a plausible 0" {
	printf 'ts=2024-03-01T10:00:00Z g=a duration_s=unknown\nts=2024-03-01T10:05:00Z g=b duration_s=0\nts=2024-03-01T10:06:00Z g=c duration_s=60\n' >s.log
	run --separate-stderr -0 dcr-agg -g g -a count,peak:duration_s s.log
	assert_output $'# dcr-keys 1 g,count,peak,peak_at\ng=a count=1\ng=b count=1\ng=c count=1 peak=1 peak_at=2024-03-01T10:06:00Z'
	assert_equal "$stderr" $'dcr-agg: peak: skipped 1 record where ts+duration_s is not a session (missing, not a time or a duration, or ending first)\ndcr-agg: peak: no value for 2 groups: none of their records was a session of positive length'
	run --separate-stderr -0 dcr-agg -a peak:duration_s --derive 'u = 100 * peak / 16' < <(head -2 s.log)
	assert_output ''
	assert_equal "$stderr" $'dcr-agg: peak: skipped 1 record where ts+duration_s is not a session (missing, not a time or a duration, or ending first)\ndcr-agg: peak: no value for 1 group: none of its records was a session of positive length'
}

@test "skipped values are counted in a warning, exit status 0" {
	run --separate-stderr -0 dcr-agg -g g -a mean:v "$V"
	assert_output $'g=a v_mean=4\ng=b v_mean=1.5'
	assert_equal "$stderr" $'dcr-agg: v_mean: skipped 1 value of v: not a number\ndcr-agg: v_mean: skipped 1 record without v'
}

@test "a value written with a decimal comma is named as such in the warning, with the option that reads it" {
	printf 'dose=25,4\ndose=1.234,5\ndose=oxygen,naloxone\ndose=2\n' > in.log
	run --separate-stderr -0 dcr-agg -a sum:dose,mean:dose in.log
	assert_output 'dose_sum=2 dose_mean=2'
	assert_equal "$stderr" 'dcr-agg: dose_sum: skipped 3 values of dose: not a number (2 with a decimal comma, such as 25,4: dcr-parse --decimal-comma dose reads them)'
	run --separate-stderr -2 dcr-agg --strict -a sum:dose in.log
	assert_equal "$stderr" 'dcr-agg: in.log:1: dose: not a number (a decimal comma: dcr-parse --decimal-comma KEY reads it) (--strict)'
	run --separate-stderr -0 dcr-agg -j 2 -a sum:dose in.log
	assert_equal "$stderr" 'dcr-agg: dose_sum: skipped 3 values of dose: not a number (2 with a decimal comma, such as 25,4: dcr-parse --decimal-comma dose reads them)'
}

@test "--strict makes a value that is not a number an error naming file and line" {
	run --separate-stderr -2 dcr-agg --strict -g g -a mean:v "$V"
	assert_output ''
	assert_equal "$stderr" "dcr-agg: $V:8: v: not a number (--strict)"
	run --separate-stderr -2 dcr-agg --strict -a mean:v < <(printf 'v=1\nw=2\n')
	assert_equal "$stderr" 'dcr-agg: (stdin):2: v: missing (--strict)'
}

@test "sums are exact decimals and integers print exactly at any size" {
	run -0 dcr-agg -a sum:v,mean:v < <(printf 'v=0.1\nv=0.2\n')
	assert_output 'v_sum=0.3 v_mean=0.15'
	run -0 dcr-agg -a sum:v < <(printf 'v=9007199254740993\nv=9007199254740993\n')
	assert_output 'v_sum=18014398509481986'
	run -0 dcr-agg -a sum:v,mean:v < <(printf 'v=-1.25\nv=1e3\n')
	assert_output 'v_sum=998.75 v_mean=499.375'
}

@test "var and stdev stay exact past 128-bit sums, and are absent for one value" {
	for i in $(seq 800 999); do printf 'v=999999999999999%03d\n' "$i"; done > big.log
	# the sample variance of 0..199: 200 * 201 / 12
	run -0 dcr-agg -a var:v,stdev:v big.log
	assert_output 'v_var=3350 v_stdev=57.879184513951124'
	head -n 100 big.log > a.log
	tail -n 100 big.log > b.log
	dcr-agg --partial -a var:v,stdev:v a.log > a.agg
	dcr-agg --partial -a var:v,stdev:v b.log > b.agg
	run -0 dcr-agg --merge a.agg b.agg
	assert_output 'v_var=3350 v_stdev=57.879184513951124'
	run -0 dcr-agg -a count,mean:v,var:v,stdev:v < <(printf 'v=5\n')
	assert_output $'# dcr-keys 1 count,v_mean,v_var,v_stdev\ncount=1 v_mean=5'
}

@test "mean, var and stdev are within 4 ulps of exact fractions, in one pass and merged" {
	python3 "$DCR_TESTS/moments-ref.py" gen "${DCR_MOMENT_CASES:-2000}" "${DCR_MOMENT_SEED:-16}" cases.log
	run -0 dcr-agg -g g -a mean:v,var:v,stdev:v cases.log
	echo "$output" > one.txt
	run -0 python3 "$DCR_TESTS/moments-ref.py" check cases.log one.txt
	assert_line --index 0 --regexp '^[0-9]+ cases, 0 differences$'
	# any split, partial states merged: the very same output
	awk 'NR % 3 == 0' cases.log > p0.log
	awk 'NR % 3 == 1' cases.log > p1.log
	awk 'NR % 3 == 2' cases.log > p2.log
	for p in p0 p1 p2; do dcr-agg --partial -g g -a mean:v,var:v,stdev:v "$p.log" > "$p.agg"; done
	run -0 dcr-agg --merge p2.agg p0.agg p1.agg
	assert_output "$(cat one.txt)"
}

@test "results do not depend on the input order" {
	gen_month
	run -0 dcr-agg -g facility,ts:week "${ALL_AGGS[@]:2}" month.log
	want=$output
	run -0 dcr-agg -g facility,ts:week "${ALL_AGGS[@]:2}" < <(shuf --random-source=month.log month.log)
	assert_output "$want"
}

# ---- groups and output ----------------------------------------------------

@test "without -g one record, even for no input; without -a a count" {
	run -0 dcr-agg "$V"
	assert_output 'count=9'
	run -0 dcr-agg < /dev/null
	assert_output 'count=0'
	run -0 dcr-agg -g g < /dev/null
	assert_output ''
}

@test "records without a group key field are skipped" {
	run -0 dcr-agg -g v "$V"
	assert_output - <<'EOF'
v=0.5 count=1
v=1 count=1
v=2 count=1
v=2.5 count=1
v=3 count=1
v=4 count=1
v=10 count=1
v=abc count=1
EOF
}

@test "groups are ordered by their keys, numerically where all are numbers" {
	run -0 dcr-agg -g ts:hod,c < <(printf 'ts=2024-03-01T10:00:00Z c=b\nts=2024-03-01T02:00:00Z c=b\nts=2024-03-01T10:00:00Z c=a\n')
	assert_output $'hod=2 c=b count=1\nhod=10 c=a count=1\nhod=10 c=b count=1'
}

@test "--sort orders by aggregates and keys, :r descending, absent last" {
	run --separate-stderr -0 dcr-agg -g c -a count,mean:v --sort count:r,c "$V"
	assert_output - <<'EOF'
c=x count=3 v_mean=4.666666666666667
c=y count=3 v_mean=1.6666666666666667
c=z count=3 v_mean=4
EOF
	run --separate-stderr -0 dcr-agg -g g,c -a mean:v --sort v_mean "$V"
	assert_output - <<'EOF'
# dcr-keys 1 g,c,v_mean
g=b c=y v_mean=1.5
g=a c=y v_mean=2
g=a c=z v_mean=4
g=a c=x v_mean=4.666666666666667
g=b c=z
EOF
}

@test "keys and values that need quotes are written quoted" {
	run -0 dcr-agg -g g -a first:n < <(printf 'g="a b" n="x\\"y"\n')
	assert_output 'g="a b" n_first="x\"y"'
}

@test "group keys are named by the field, the bucket unit, or NAME=" {
	run -0 dcr-agg -g facility,d=ts:day,ts:month -a count < <(printf 'ts=2024-03-01T10:00:00Z facility=f\n')
	assert_output 'facility=f d=2024-03-01 month=2024-03 count=1'
}

# ---- time buckets ---------------------------------------------------------

@test "day buckets at the edges of the 23-hour day, 31 March 2024 in Amsterdam" {
	run -0 dcr-agg --tz Europe/Amsterdam -g ts:day < <(printf 'ts=%s\n' \
		2024-03-30T22:59:59Z 2024-03-30T23:00:00Z 2024-03-31T21:59:59Z 2024-03-31T22:00:00Z)
	assert_output $'day=2024-03-30 count=1\nday=2024-03-31 count=2\nday=2024-04-01 count=1'
}

@test "a record every hour: 23 of them on 31 March and 25 on 27 October in Amsterdam" {
	for d in 2024-03-29 2024-03-30 2024-03-31 2024-04-01 2024-04-02 \
		2024-10-25 2024-10-26 2024-10-27 2024-10-28 2024-10-29; do
		for h in $(seq -w 0 23); do echo "ts=${d}T$h:30:00Z"; done
	done > hours.log
	run -0 dcr-agg --tz Europe/Amsterdam -g ts:day hours.log
	assert_line 'day=2024-03-30 count=24'
	assert_line 'day=2024-03-31 count=23'
	assert_line 'day=2024-04-01 count=24'
	assert_line 'day=2024-10-26 count=24'
	assert_line 'day=2024-10-27 count=25'
	assert_line 'day=2024-10-28 count=24'
}

@test "day buckets at the edges of the 25-hour day, 27 October 2024 in Amsterdam" {
	run -0 dcr-agg --tz Europe/Amsterdam -g ts:day < <(printf 'ts=%s\n' \
		2024-10-26T21:59:59Z 2024-10-26T22:00:00Z 2024-10-27T22:59:59Z 2024-10-27T23:00:00Z)
	assert_output $'day=2024-10-26 count=1\nday=2024-10-27 count=2\nday=2024-10-28 count=1'
}

@test "hour buckets across the DST gap and the repeated hour in Amsterdam" {
	run -0 dcr-agg --tz Europe/Amsterdam -g ts:hour,ts:hod < <(printf 'ts=%s\n' \
		2024-03-31T00:59:59Z 2024-03-31T01:00:00Z 2024-10-27T00:30:00Z 2024-10-27T01:30:00Z)
	assert_output - <<'EOF'
hour=2024-03-31T01 hod=1 count=1
hour=2024-03-31T03 hod=3 count=1
hour=2024-10-27T02 hod=2 count=2
EOF
}

@test "ISO weeks at year ends: 53, 52 and week 1 of the next year" {
	run -0 dcr-agg -g ts:week < <(printf 'ts=%sT12:00:00Z\n' 2020-12-31 2021-01-03 \
		2021-01-04 2024-12-29 2024-12-30 2026-12-31 2027-01-03 2027-01-04)
	assert_output - <<'EOF'
week=2020-W53 count=2
week=2021-W01 count=1
week=2024-W52 count=1
week=2025-W01 count=1
week=2026-W53 count=2
week=2027-W01 count=1
EOF
}

@test "year, quarter, month, week and weekday of New Year's Eve in UTC and in Amsterdam" {
	echo 'ts=2024-12-31T23:30:00Z' > nye.log
	run -0 dcr-agg -g ts:year,ts:quarter,ts:month,ts:week,ts:dow nye.log
	assert_output 'year=2024 quarter=2024-Q4 month=2024-12 week=2025-W01 dow=2 count=1'
	run -0 dcr-agg --tz Europe/Amsterdam -g ts:year,ts:quarter,ts:month,ts:week,ts:dow nye.log
	assert_output 'year=2025 quarter=2025-Q1 month=2025-01 week=2025-W01 dow=3 count=1'
}

@test "--tz calendar buckets at Monrovia's -0:44:30 change do not depend on input order" {
	# 00:44:29Z was 23:59:59 local on 6 January, 00:44:30Z 00:44:30 on the 7th;
	# the local minute 23:59 began at 00:43:30Z
	for order in '00:44:00 00:44:45' '00:44:45 00:44:00'; do
		run -0 dcr-agg --tz Africa/Monrovia -g ts:day,ts:hour,m=ts:1m < <(printf 'ts=1972-01-07T%sZ\n' $order)
		assert_output - <<'EOF'
day=1972-01-06 hour=1972-01-06T23 m=1972-01-07T00:43:30Z count=1
day=1972-01-07 hour=1972-01-07T00 m=1972-01-07T00:44:30Z count=1
EOF
	done
}

@test "1d agrees with day where local midnight repeats (Havana)" {
	# Havana, 3 November 2024: 01:00 CDT became 00:00 CST, midnight twice
	run -0 dcr-agg --tz America/Havana -g ts:day,ts:1d < <(printf 'ts=%s\n' \
		2024-11-03T04:30:00Z 2024-11-03T05:30:00Z 2024-11-03T17:00:00Z 2024-11-04T04:59:59Z)
	assert_output 'day=2024-11-03 ts=2024-11-03T04:00:00Z count=4'
}

@test "fixed-width buckets before the first representable instant are labelled with it" {
	run -0 dcr-agg --tz Asia/Tokyo -g d=ts:1d,w=ts:24855d < <(printf 'ts=%s\n' 1677-09-21T00:12:43.5Z 2262-04-11T23:47:16Z)
	assert_output - <<'EOF'
d=1677-09-21T00:12:43.145224192Z w=1677-09-21T00:12:43.145224192Z count=1
d=2262-04-11T15:00:00Z w=2242-03-15T15:00:00Z count=1
EOF
	echo "$output" > edge.out
	run -0 dcr-agg -g d=d:1d edge.out
	assert_output - <<'EOF'
d=1677-09-21T00:12:43.145224192Z count=1
d=2262-04-11T00:00:00Z count=1
EOF
}

@test "day, hour and 1d agree with zoneinfo on random instants in seven zones, in any order" {
	python3 "$DCR_TESTS/tz-ref.py" gen "${DCR_TZ_CASES:-1500}" "${DCR_TZ_SEED:-7}" in.log
	sort in.log > sorted.log
	for z in Africa/Monrovia America/Havana America/St_Johns Asia/Gaza Europe/Moscow America/Sao_Paulo Europe/Amsterdam; do
		for f in in.log sorted.log; do
			dcr-agg --tz "$z" -g ts,day=ts:day,hour=ts:hour,d=ts:1d "$f" > out.txt
			run -0 python3 "$DCR_TESTS/tz-ref.py" agg "$z" "$f" out.txt
			assert_line --index 0 --regexp '^[0-9]+ records, 0 differences$'
		done
	done
}

@test "fixed-width buckets are labelled with their start" {
	run -0 dcr-agg -g ts:15m < <(printf 'ts=%s\n' 2024-03-01T08:14:59Z 2024-03-01T08:15:00Z 2024-03-01T08:29:59.5Z)
	assert_output $'ts=2024-03-01T08:00:00Z count=1\nts=2024-03-01T08:15:00Z count=2'
}

@test "a time field that is not a time stamp is skipped and reported, an error with --strict" {
	run --separate-stderr -0 dcr-agg -g ts:day < <(printf 'ts=2024-03-01T08:00:00Z\nts=yesterday\n')
	assert_output 'day=2024-03-01 count=1'
	assert_equal "$stderr" 'dcr-agg: day: skipped 1 record where ts is not a time stamp'
	run --separate-stderr -2 dcr-agg --strict -g ts:day < <(printf 'ts=yesterday\n')
	assert_equal "$stderr" 'dcr-agg: (stdin):1: ts: not a time stamp (--strict)'
}

# ---- numeric bands ----------------------------------------------------------

@test "band: under, between and over the edges; a value that is not an integer skipped and reported" {
	printf 'v=%s\n' -3 19 20 29 30 59 60 250 abc 2.5 >b.log
	echo 'w=1' >>b.log
	run --separate-stderr -0 dcr-agg -g b=band:v:20,30,60 b.log
	assert_output - <<'EOF'
b=under_20 count=2
b=20-29 count=2
b=30-59 count=2
b=60+ count=2
EOF
	assert_equal "$stderr" 'dcr-agg: b: skipped 2 records where v is not an integer'
	run --separate-stderr -2 dcr-agg --strict -g b=band:v:20,30,60 b.log
	assert_output ''
	assert_equal "$stderr" 'dcr-agg: b.log:9: v: not an integer (--strict)'
}

@test "band: negative edges, one edge, the default name, and a key after the edges" {
	run --separate-stderr -0 dcr-agg -g band:v:-10,0,10 < <(printf 'v=%s\n' -11 -10 -1 0 9 10)
	assert_output $'v_band=under_-10 count=1\nv_band=-10--1 count=2\nv_band=0-9 count=2\nv_band=10+ count=1'
	assert_equal "$stderr" ''
	run -0 dcr-agg -g 'b=band:v:18' < <(printf 'v=%s\n' 17 18 99)
	assert_output $'b=under_18 count=1\nb=18+ count=2'
	run -0 dcr-agg -g 'g, b = band:v: 20 , 30 ,f' < <(printf 'g=x f=1 v=25\ng=x f=1 v=35\n')
	assert_output $'g=x b=20-29 f=1 count=1\ng=x b=30+ f=1 count=1'
}

@test "band: groups in the order of the bands, not of their labels as strings" {
	printf 'v=%s g=a\n' 500 150 50 5 150 >b.log
	run -0 dcr-agg -g band:v:20,100,200,g b.log
	assert_output - <<'EOF'
v_band=under_20 g=a count=1
v_band=20-99 g=a count=1
v_band=100-199 g=a count=2
v_band=200+ g=a count=1
EOF
	# as --merge orders them, which knows the keys by name only
	run -0 sh -c 'dcr-agg --partial -g band:v:20,100,200 b.log | dcr-agg --merge'
	assert_output $'v_band=under_20 count=1\nv_band=20-99 count=1\nv_band=100-199 count=2\nv_band=200+ count=1'
	run -0 dcr-agg -g band:v:20,100,200 --sort v_band:r b.log
	assert_output $'v_band=200+ count=1\nv_band=100-199 count=2\nv_band=20-99 count=1\nv_band=under_20 count=1'
	# values of another field that merely look like bands: in that order
	# only when all of them do
	run -0 dcr-agg -g r < <(printf 'r=%s\n' 20-29 under_20 100+ 3-9)
	assert_output $'r=under_20 count=1\nr=3-9 count=1\nr=20-29 count=1\nr=100+ count=1'
	run -0 dcr-agg -g r < <(printf 'r=%s\n' 20-29 under_20 100+ 3-9 x)
	assert_output $'r=100+ count=1\nr=20-29 count=1\nr=3-9 count=1\nr=under_20 count=1\nr=x count=1'
}

@test "age(): the calendar year of ts in the --tz zone less the field, across New Year" {
	printf 'ts=2023-12-31T23:30:00Z birth_year=2004\nts=2024-01-01T03:00:00Z birth_year=2004\n' >ny.log
	run -0 dcr-agg -g 'ts,a=band:age(birth_year):20' ny.log
	assert_output $'ts=2023-12-31T23:30:00Z a=under_20 count=1\nts=2024-01-01T03:00:00Z a=20+ count=1'
	run -0 dcr-agg --tz Europe/Amsterdam -g 'ts,a=band:age(birth_year):20' ny.log
	assert_output $'ts=2023-12-31T23:30:00Z a=20+ count=1\nts=2024-01-01T03:00:00Z a=20+ count=1'
	run -0 dcr-agg --tz America/New_York -g 'ts,band:age(birth_year):20' ny.log
	assert_output $'ts=2023-12-31T23:30:00Z age_band=under_20 count=1\nts=2024-01-01T03:00:00Z age_band=under_20 count=1'
}

@test "age() agrees with zoneinfo on 400 random instants and birth years in six zones" {
	python3 "$DCR_TESTS/band-ref.py" gen 400 11 in.log
	for z in UTC Europe/Amsterdam America/New_York Pacific/Kiritimati Pacific/Pago_Pago Asia/Kolkata; do
		for e in "$(seq -s, 0 31)" 20,30,40,50,60; do
			dcr-agg --tz "$z" -g "id,a=band:age(birth_year):$e" in.log >out.txt
			run -0 python3 "$DCR_TESTS/band-ref.py" check "$z" "$e" in.log out.txt
			assert_output '400 records, 0 differences'
		done
	done
}

@test "age(): a record without ts is skipped, one whose ts is no time stamp reported; no ts at all is an error" {
	printf 'ts=2024-03-01T08:00:00Z birth_year=1990\nbirth_year=1990\nts=soon birth_year=1990\nts=2024-03-01T09:00:00Z birth_year=x\n' >a.log
	run --separate-stderr -0 dcr-agg -g 'band:age(birth_year):30' a.log
	assert_output 'age_band=30+ count=1'
	assert_equal "$stderr" $'dcr-agg: age_band: skipped 1 record where birth_year is not an integer\ndcr-agg: age_band: skipped 1 record where ts is not a time stamp'
	run --separate-stderr -2 dcr-agg --strict -g 'band:age(birth_year):30' a.log
	assert_equal "$stderr" 'dcr-agg: a.log:3: ts: not a time stamp (--strict)'
	run --separate-stderr -2 dcr-agg -g 'band:age(birth_year):30' < <(printf 'birth_year=1990\n')
	assert_output ''
	assert_equal "$stderr" "dcr-agg: -g: no record has the key 'ts'"
}

@test "band: malformed specs are usage errors" {
	bad() {
		run --separate-stderr -2 dcr-agg -g "$1" </dev/null
		assert_equal "$stderr" "dcr-agg: -g '$2': $3"$'\nTry \'dcr-agg --help\' for more information.'
	}
	bad b=band:v:30,20 b=band:v:30,20 'the edges must ascend'
	bad b=band:v:20,20 b=band:v:20,20 'the edges must ascend'
	bad b=band:v:20,2x b=band:v:20,2x 'an edge is not an integer of at most 15 digits'
	bad b=band:v:1.5 b=band:v:1.5 'an edge is not an integer of at most 15 digits'
	bad b=band:v:1000000000000000 b=band:v:1000000000000000 'an edge is not an integer of at most 15 digits'
	bad b=band:v: b=band:v: 'give the edges of the bands (band:FIELD:E1,E2,...)'
	bad "b=band:v:$(seq -s, 1 33)" "b=band:v:$(seq -s, 1 33)" 'more than 32 edges (band:FIELD:E1,...,E32)'
	bad 'band:age(Birth):20' 'band:age(Birth):20' 'invalid field name'
	bad 'band:age(birth_year:20' 'band:age(birth_year:20' 'invalid field name'
	run --separate-stderr -0 dcr-agg -g "b=band:v:$(seq -s, 1 32)" </dev/null
	run --separate-stderr -2 dcr-agg --merge -g 'band:v:20' </dev/null
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: -g 'band:v:20': --merge groups by keys of the partial records, given by name"
	# a field named band still has its time buckets
	run -0 dcr-agg -g band:day < <(printf 'band=2024-03-01T08:00:00Z\n')
	assert_output 'day=2024-03-01 count=1'
}

@test "age bands through --partial and --merge, and --merge -g by the band, equal one pass and an independent count" {
	gen_month
	g='facility,age_band=band:age(birth_year):20,30,40,50,60'
	aggs=(-a count,clients=distinct:client)
	run --separate-stderr -0 dcr-agg --tz Europe/Amsterdam -g "$g" "${aggs[@]}" month.log
	want=$output
	split -l 3000 month.log part.
	for f in part.??; do
		dcr-agg --partial --tz Europe/Amsterdam -g "$g" "${aggs[@]}" "$f" >"$f.agg"
	done
	run --separate-stderr -0 dcr-agg --merge part.*.agg
	assert_output "$want"
	run --separate-stderr -0 dcr-agg --merge -g age_band part.*.agg
	merged=$output
	run --separate-stderr -0 dcr-agg --tz Europe/Amsterdam -g 'age_band=band:age(birth_year):20,30,40,50,60' "${aggs[@]}" month.log
	assert_equal "$merged" "$output"
	ref=$(python3 -c '
import collections, datetime, zoneinfo
z = zoneinfo.ZoneInfo("Europe/Amsterdam")
names = ["under_20", "20-29", "30-39", "40-49", "50-59", "60+"]
n, c = collections.Counter(), collections.defaultdict(set)
for line in open("month.log"):
    r = dict(p.split("=", 1) for p in line.split())
    if "birth_year" not in r: continue
    t = datetime.datetime.strptime(r["ts"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    age = t.astimezone(z).year - int(r["birth_year"])
    b = names[sum(age >= e for e in (20, 30, 40, 50, 60))]
    n[b] += 1; c[b].add(r["client"])
for b in names:
    if n[b]: print("age_band=%s count=%d clients=%d" % (b, n[b], len(c[b])))')
	assert_equal "$merged" "$ref"
	[ "$(wc -l <<<"$ref")" -ge 4 ]
}

# ---- conditions and derived values ----------------------------------------

@test "a condition applies to every aggregate of its parenthesised list" {
	run -0 dcr-agg -g g -a '(n=count,s=sum:v) if c == x' -a all=count "$V"
	assert_output $'g=a n=3 s=14 all=5\ng=b n=0 s=0 all=4'
	run -0 dcr-agg -g g -a ' ( n=count , s=sum:v )  if c == x' -a '(all=count)' "$V"
	assert_output $'g=a n=3 s=14 all=5\ng=b n=0 s=0 all=4'
}

@test "a list with a trailing if and no parentheses is refused, showing both spellings" {
	run --separate-stderr -2 dcr-agg -a 'count,clients=distinct:client,visits=count if event == session_start' "$V"
	assert_output ''
	assert_equal "$stderr" "dcr-agg: -a 'count,clients=distinct:client,visits=count if event == session_start': does the condition apply to every aggregate of the list, or to the last? For all of them write -a '(count,clients=distinct:client,visits=count) if event == session_start'; for the last only -a 'count,clients=distinct:client' -a 'visits=count if event == session_start'"$'\n'"Try 'dcr-agg --help' for more information."
	run -2 dcr-agg -a 'n=count, s=sum:v if c == x' "$V"
	assert_line --index 0 "dcr-agg: -a 'n=count, s=sum:v if c == x': does the condition apply to every aggregate of the list, or to the last? For all of them write -a '(n=count, s=sum:v) if c == x'; for the last only -a 'n=count' -a 's=sum:v if c == x'"
	run -2 dcr-agg -a '(n=count if c == x' "$V"
	assert_line --index 0 "dcr-agg: -a '(n=count if c == x': '(' without ')' before 'if'"
	run -2 dcr-agg -a '() if c == x' "$V"
	assert_line --index 0 'dcr-agg: -a: empty aggregate'
}

@test "derived values: + - * / and parentheses, absent on division by zero" {
	run -0 dcr-agg -a x=sum:a,y=sum:b --derive 'r = x / y' --derive 's = -(x + 2) * 3 - r' \
		--derive 't = (x + 1) / (x + 3)' < <(printf 'a=1 b=0\n')
	assert_output $'# dcr-keys 1 x,y,r,s,t\nx=1 y=0 t=0.5'
	run --separate-stderr -0 dcr-agg -g g -a n=count,s=sum:v --derive 'avg = s / n' --derive 'pct = 100 * avg / s' "$V"
	assert_output $'g=a n=5 s=20 avg=4 pct=20\ng=b n=4 s=3 avg=0.75 pct=25'
}

IV=(--derive 'wlo = wilson_lo(x, n)' --derive 'whi = wilson_hi(x, n)'
	--derive 'plo = poisson_lo(x, n, 1000)' --derive 'phi = poisson_hi(x, n, 1000)')

@test "95% intervals: Wilson for shares, exact Poisson per 1000; absent outside their domain" {
	printf 'g=a x=2 n=3\ng=b x=0 n=20\ng=c x=20 n=20\ng=d x=-1 n=3\ng=e x=1.5 n=3\ng=f x=4 n=3\n' >in.log
	run --separate-stderr -0 dcr-agg -g g -a x=sum:x,n=sum:n "${IV[@]}" in.log
	# Published Garwood limits: 0 -> (0, 3.689), 2 -> (0.2422, 7.225), 20 -> (12.22, 30.89);
	# every value below agrees with interval-ref.py to 1e-15.
	assert_output "# dcr-keys 1 g,x,n,wlo,whi,plo,phi
g=a x=2 n=3 wlo=0.20765960080204776 whi=0.9385080552796039 plo=80.73642618132165 phi=2408.2292225746537
g=b x=0 n=20 wlo=0 whi=0.16112515805281938 plo=0 phi=184.44397270569684
g=c x=20 n=20 wlo=0.8388748419471806 whi=1 plo=610.8259792701975 phi=1544.4188951337287
g=d x=-1 n=3
g=e x=1.5 n=3
g=f x=4 n=3 plo=363.28845787544185 phi=3413.862891801232"
	assert_equal "$stderr" ""
	run -0 dcr-agg -a x=sum:x,n=sum:n --derive 'pct = 100 * wilson_hi(x, n + 0)' < <(printf 'x=1 n=4\n')
	assert_output 'x=1 n=4 pct=69.93581574175981'
}

@test "95% intervals agree with an independent computation on 300 random counts" {
	python3 "$DCR_TESTS/interval-ref.py" gen 21 300 >in.log
	dcr-agg -g g -a x=sum:x,n=sum:n "${IV[@]}" in.log >out.txt
	run --separate-stderr -0 python3 "$DCR_TESTS/interval-ref.py" check <out.txt
	assert_output '300 cases'
}

@test "--derive round(): to the nearest integer, halves up, as python's fractions round them" {
	printf 'g=a\ng=a\ng=a\ng=a\ng=a\ng=b\ng=b\ng=b\n' >in.log
	run --separate-stderr -0 dcr-agg -g g -a n=count --derive 'half = round(n / 2)' --derive 'neg = round(0 - n / 2)' --derive 'pct = round(100 * n / 7)' in.log
	want=$(python3 -c '
from fractions import Fraction as F
from math import floor
for g, n in (("a", 5), ("b", 3)):
    r = lambda x: floor(x + F(1, 2))
    print("g=%s n=%d half=%d neg=%d pct=%d" % (g, n, r(F(n, 2)), r(F(-n, 2)), r(F(100 * n, 7))))')
	assert_output "$want"
	run --separate-stderr -2 dcr-agg -a n=count --derive 'x = round(n, n)' </dev/null
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: --derive 'x = round(n, n)': expected ')': this function takes 1 argument (column 12)"
}

@test "interval functions: an unknown name or a wrong number of arguments is a usage error" {
	run --separate-stderr -2 dcr-agg -a n=count --derive 'x = wilson(n, n)' </dev/null
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: --derive 'x = wilson(n, n)': unknown function (wilson_lo, wilson_hi, poisson_lo, poisson_hi and round are known) (column 5)"
	run --separate-stderr -2 dcr-agg -a n=count --derive 'x = wilson_lo(n)' </dev/null
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: --derive 'x = wilson_lo(n)': expected ',': this function takes 2 arguments (column 16)"
	run --separate-stderr -2 dcr-agg -a n=count --derive 'x = poisson_hi(n, n, 1000, 2)' </dev/null
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: --derive 'x = poisson_hi(n, n, 1000, 2)': expected ')': this function takes 3 arguments (column 26)"
}

@test "the indicators in one pass: overdoses per 1000 and referrals per 100 visits" {
	gen_month
	run -0 dcr-agg -g facility -a 'visits=count if event == session_start' \
		-a 'ods=count if event == incident and incident_type == opioid_overdose' \
		-a 'refs=count if event == referral' \
		--derive 'ods_per_1000 = 1000 * ods / visits' --derive 'refs_per_100 = 100 * refs / visits' month.log
	got=$output
	want=$(awk '{ f = ""; for (i = 1; i <= NF; i++) if ($i ~ /^facility=/) f = $i
		if ($0 ~ / event=session_start /) v[f]++
		if ($0 ~ / event=incident / && $0 ~ / incident_type=opioid_overdose/) o[f]++
		if ($0 ~ / event=referral /) r[f]++ }
		END { for (f in v) printf "%s visits=%d ods=%d refs=%d ods_per_1000=%.6f refs_per_100=%.6f\n",
			f, v[f], o[f], r[f], 1000 * o[f] / v[f], 100 * r[f] / v[f] }' month.log | sort)
	rounded=$(echo "$got" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "=")
		if (kv[1] ~ /_per_/) $i = sprintf("%s=%.6f", kv[1], kv[2]) } print }')
	assert_equal "$rounded" "$want"
}

# ---- generated input against an independent computation ------------------

@test "every aggregate on a generated month equals an independent computation" {
	gen_month
	run -0 dcr-agg --tz Europe/Amsterdam -g facility,ts:day "${ALL_AGGS[@]}" month.log
	echo "$output" > result.txt
	run -0 python3 "$DCR_TESTS/agg-ref.py" month.log Europe/Amsterdam result.txt
	assert_output '93 groups, 0 differences'
}

@test "approx_distinct is exact to 2048 values and within 3% at 100000" {
	seq 2048 | sed 's/^/c=k/' > small.log
	run -0 dcr-agg -a approx_distinct:c,distinct:c small.log
	assert_output 'c_approx_distinct=2048 c_distinct=2048'
	seq 100000 | sed 's/^/c=k/' > big.log
	run -0 dcr-agg -a n=approx_distinct:c big.log
	n=${output#n=}
	[ "$n" -gt 97000 ] && [ "$n" -lt 103000 ] || fail "estimate $n"
}

# ---- partial states and merging --------------------------------------------

@test "partial then merge equals a single pass, for every aggregate by hand" {
	aggs=(-g g -a count,sum:v,mean:v,var:v,stdev:v,min:v,max:v,median:v,p90:v,distinct:c,approx_distinct:c,mode:c,first:c,last:c,min:ts)
	run --separate-stderr -0 dcr-agg "${aggs[@]}" "$V"
	want=$output
	head -4 "$V" > one.log
	tail -n +5 "$V" > two.log
	dcr-agg --partial "${aggs[@]}" one.log > one.agg 2>/dev/null
	dcr-agg --partial "${aggs[@]}" two.log > two.agg 2>/dev/null
	run -0 dcr-agg --merge one.agg two.agg
	assert_output "$want"
}

@test "a partial record holds group keys, _g, _v and one _NAME=OP:STATE per aggregate" {
	run --separate-stderr -0 dcr-agg --partial -g g -a count,mean:v,median:v,p90:v,distinct:c,first:c "$V"
	assert_line --index 0 'g=a _g=g _v=4 _count=count:5 _v_mean=mean:5,20,130,0 _v_median=median:5,1,2,3,4,10 _v_p90=p90:@v_median _c_distinct=distinct:3,x,y,z _c_first=first:1,x'
	assert_line --index 1 'g=b _g=g _v=4 _count=count:4 _v_mean=mean:2,30,650,1 _v_median=median:2,0.5,2.5 _v_p90=p90:@v_median _c_distinct=distinct:2,y,z _c_first=first:1,y'
}

@test "values with separators, quotes and escapes survive partial and merge" {
	printf 'c="a,b*c%%d=e f\\"g\\\\h"\nc=x\nc="a,b*c%%d=e f\\"g\\\\h"\n' > odd.log
	run -0 dcr-agg -a distinct:c,mode:c,first:c,min:c odd.log
	want=$output
	run -0 sh -c 'dcr-agg --partial -a distinct:c,mode:c,first:c,min:c odd.log | dcr-agg --merge'
	assert_output "$want"
}

@test "partial files made by xargs -P 2 merge into the single-pass result" {
	gen_month
	split -l 3000 month.log part.
	{ printf 'dcr-agg --partial --tz Europe/Amsterdam -g facility,ts:week'
	  printf " '%s'" "${ALL_AGGS[@]}"
	  printf ' "$1" > "$1.agg" 2>/dev/null\n'; } > partial.sh
	ls part.* | xargs -P 2 -n 1 sh partial.sh
	[ "$(ls part.*.agg | wc -l)" -eq 9 ]
	run -0 dcr-agg --tz Europe/Amsterdam -g facility,ts:week "${ALL_AGGS[@]}" month.log
	want=$output
	run -0 dcr-agg --merge part.*.agg
	assert_output "$want"
}

@test "nightly partials merged into a month count each client once" {
	gen_month
	for d in $(seq -w 1 31); do
		grep "^ts=2024-03-${d}T" month.log | dcr-agg --partial -g facility \
			-a count,clients=distinct:client,aclients=approx_distinct:client -o "night-$d.agg"
	done
	run -0 dcr-agg --merge night-*.agg
	merged=$output
	run -0 dcr-agg -g facility -a count,clients=distinct:client,aclients=approx_distinct:client month.log
	assert_equal "$merged" "$output"
	want=$(python3 -c '
import sys, collections
s = collections.defaultdict(set)
for line in open("month.log"):
    kv = dict(p.split("=", 1) for p in line.split())
    if "client" in kv: s[kv["facility"]].add(kv["client"])
for f in sorted(s): print("facility=%s clients=%d" % (f, len(s[f])))')
	assert_equal "$(echo "$merged" | sed 's/ count=[0-9]*//; s/ aclients=.*//')" "$want"
	# Summing the nightly unique clients would count returning clients again.
	summed=$(for f in night-*.agg; do dcr-agg --merge "$f"; done |
		awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^clients=/) n += substr($i, 9) } END { print n }')
	once=$(echo "$merged" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^clients=/) n += substr($i, 9) } END { print n }')
	[ "$summed" -gt "$once" ]
}

@test "--merge -g merges nightly groups into fewer keys" {
	gen_month
	dcr-agg --partial -g facility,ts:day "${ALL_AGGS[@]}" month.log > days.agg 2>/dev/null
	run -0 dcr-agg -g facility "${ALL_AGGS[@]}" month.log
	want=$output
	run -0 dcr-agg --merge -g facility days.agg
	assert_output "$want"
}

@test "--merge -g of daily peaks: the highest of the days', or more where a session spans midnight" {
	# local days (Amsterdam, UTC+1): [09:00, 10:00) and [09:30, 10:30) on
	# 1 March, [10:00, 11:00) on 2 March; then [22:30, 23:45) on 1 March and
	# [23:30, 00:30), which ends on 2 March and so counts there
	printf '%s\n' 'f=a ts=2024-03-01T09:00:00Z duration_s=3600' 'f=a ts=2024-03-01T09:30:00Z duration_s=3600' \
		'f=a ts=2024-03-02T10:00:00Z duration_s=3600' >days.log
	printf '%s\n' 'f=a ts=2024-03-01T22:45:00Z duration_s=4500' 'f=a ts=2024-03-01T23:30:00Z duration_s=3600' >night.log
	for f in days night; do
		dcr-agg --tz Europe/Amsterdam --partial -g f,ts:day -a 'occ=peak:ts-duration_s' -o "$f.agg" "$f.log"
	done
	run --separate-stderr -0 python3 - days.log night.log <<'PY'
import sys, datetime
def sessions(path):
    for line in open(path):
        r = dict(p.split("=", 1) for p in line.split())
        end = datetime.datetime.strptime(r["ts"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
        yield end - datetime.timedelta(seconds=int(r["duration_s"])), end
def peak(ss):
    edges = sorted([(s, 1) for s, _ in ss] + [(e, -1) for _, e in ss], key=lambda x: (x[0], x[1]))
    cur = best = 0
    at = None
    for t, d in edges:
        cur += d
        if cur > best:
            best, at = cur, t
    return "occ=%d occ_at=%s" % (best, at.strftime("%Y-%m-%dT%H:%M:%SZ"))
for path in sys.argv[1:]:
    print(peak(list(sessions(path))))
PY
	assert_output $'occ=2 occ_at=2024-03-01T08:30:00Z\nocc=2 occ_at=2024-03-01T22:30:00Z'
	# the days do not overlap: the month's peak is the highest day's
	run --separate-stderr -0 dcr-agg --merge -g f days.agg
	assert_output 'f=a occ=2 occ_at=2024-03-01T08:30:00Z'
	run --separate-stderr -0 dcr-agg --merge days.agg
	assert_output - <<'EOF'
f=a day=2024-03-01 occ=2 occ_at=2024-03-01T08:30:00Z
f=a day=2024-03-02 occ=1 occ_at=2024-03-02T09:00:00Z
EOF
	# a session across midnight: each day has 1, the month the 2 at once
	run --separate-stderr -0 dcr-agg --merge night.agg
	assert_output - <<'EOF'
f=a day=2024-03-01 occ=1 occ_at=2024-03-01T21:30:00Z
f=a day=2024-03-02 occ=1 occ_at=2024-03-01T22:30:00Z
EOF
	run --separate-stderr -0 dcr-agg --merge -g f night.agg
	assert_output 'f=a occ=2 occ_at=2024-03-01T22:30:00Z'
	[ "$stderr" = '' ]
}

@test "--partial --merge gives a partial that merges to the same result" {
	dcr-agg --partial -g g -a count,p90:v,distinct:c "$V" > a.agg 2>/dev/null
	run -0 dcr-agg --merge --partial a.agg
	assert_output "$(cat a.agg)"
}

@test "a state longer than one record continues on further records" {
	seq 40000 | sed 's/^/v=/; s/$/ c=client-with-a-longer-code/' | awk '{ print $0 NR }' > wide.log
	run -0 dcr-agg -a count,distinct:c,median:v,p99:v wide.log
	want=$output
	dcr-agg --partial -a count,distinct:c,median:v,p99:v wide.log > wide.agg
	[ "$(wc -l < wide.agg)" -gt 2 ]
	[ "$(awk '{ if (length > n) n = length } END { print n }' wide.agg)" -lt 300000 ]
	run -0 dcr-agg --merge wide.agg
	assert_output "$want"
	run -0 sh -c 'sort -r wide.agg | dcr-agg --merge'
	assert_output "$want"
}

@test "--merge reads partial records longer than 1 MiB (values percent-encoded)" {
	python3 -c 'print("c=" + "," * 600000); print("c=x")' > commas.log
	dcr-agg --partial -a distinct:c,first:c commas.log > commas.agg
	[ "$(wc -c < commas.agg)" -gt 1800000 ]
	run -0 dcr-agg --merge commas.agg
	assert_output 'c_distinct=2 c_first='"$(printf '%*s' 600000 '' | tr ' ' ,)"
}

@test "approx_distinct sketches merge exactly" {
	seq 100000 | sed 's/^/c=k/' > big.log
	run -0 dcr-agg -a approx_distinct:c big.log
	want=$output
	split -l 30000 big.log b.
	for f in b.*; do dcr-agg --partial -a approx_distinct:c "$f" > "$f.agg"; done
	run -0 dcr-agg --merge b.*.agg
	assert_output "$want"
}

@test "a Hadoop-style shuffle (sort, a tab after each line) does not change the merge" {
	gen_month
	run -0 dcr-agg -g facility -a count,clients=distinct:client month.log
	want=$output
	run -0 sh -c 'dcr-agg --partial -g facility -a count,clients=distinct:client month.log | sort | sed "s/\$/	/" | dcr-agg --merge'
	assert_output "$want"
}

@test "--merge rejects records that are not partial states" {
	run --separate-stderr -2 dcr-agg --merge "$V"
	assert_equal "$stderr" "dcr-agg: $V:1: not a partial record (no valid _NAME=OP:STATE keys)"
	run --separate-stderr -2 dcr-agg --merge < <(printf '_v=4 _count=count:abc\n')
	assert_equal "$stderr" 'dcr-agg: (stdin):1: _count: malformed partial state'
	run --separate-stderr -2 dcr-agg --merge < <(printf '_v=4 _count=count:1\n_v=4 _other=count:1\n')
	assert_equal "$stderr" 'dcr-agg: (stdin):2: _other: not an aggregate of the first partial record'
	run --separate-stderr -2 dcr-agg --merge < <(printf 'a=1 _g=a _v=4 _count=count:1\nb=1 _g=b _v=4 _count=count:1\n')
	assert_equal "$stderr" "dcr-agg: (stdin):2: partial grouped by 'b', the first one by 'a' (-g chooses keys to merge by)"
}

@test "--merge refuses a partial state of another format version, or of none" {
	dcr-agg --partial -g g -a count,median:v "$V" > now.agg
	# the version this dcr-agg writes (the test holds for any)
	cur=$(sed -n '1s/.* _v=\([0-9]*\).*/\1/p' now.agg)
	[ -n "$cur" ] || fail "no _v in $(head -1 now.agg)"
	old=$((cur - 1)) new=$((cur + 1))
	run -0 dcr-agg --merge now.agg
	want=$output
	# older, newer, missing: refused before any state is read, on any line
	for v in $old $new none; do
		if [ "$v" = none ]; then sed "2s/ _v=$cur//" now.agg; else sed "2s/ _v=$cur/ _v=$v/" now.agg; fi > other.agg
		run --separate-stderr -2 dcr-agg --merge other.agg
		assert_output ''
		case $v in
		"$old") assert_equal "$stderr" "dcr-agg: other.agg:2: partial record of format version $old, older than the version $cur this dcr-agg reads: merge it with the dcr-agg that wrote it, or write it again" ;;
		"$new") assert_equal "$stderr" "dcr-agg: other.agg:2: partial record of format version $new, newer than the version $cur this dcr-agg reads: merge it with the dcr-agg that wrote it" ;;
		none) assert_equal "$stderr" "dcr-agg: other.agg:2: partial record without a format version (_v): this dcr-agg reads version $cur; write the partial states again with it" ;;
		esac
	done
	run --separate-stderr -2 dcr-agg --merge < <(printf '_v=%sx _count=count:1\n' "$cur")
	assert_equal "$stderr" 'dcr-agg: (stdin):1: _v: not a format version of partial states'
	# the first record too, before it defines the aggregates
	run --separate-stderr -2 dcr-agg --merge < <(printf '_v=%s _count=count:1\n' "$new")
	assert_equal "$stderr" "dcr-agg: (stdin):1: partial record of format version $new, newer than the version $cur this dcr-agg reads: merge it with the dcr-agg that wrote it"
	run -0 dcr-agg --merge now.agg
	assert_output "$want"
}

@test "--partial refuses an aggregate whose key would be a reserved one" {
	for name in g v src err closing unseen; do
		run --separate-stderr -2 dcr-agg --partial -a "count,$name=count" "$V"
		assert_output ''
		assert_equal "${stderr%%$'\n'*}" "dcr-agg: -a: an aggregate named '$name' cannot be written as a partial state (_$name is reserved): name it otherwise"
	done
	run -0 dcr-agg -a v=count "$V"
	assert_output 'v=9'
}

# ---- threads -------------------------------------------------------------

@test "a large file read by two threads gives the single-pass result" {
	command -v dcr-gen >/dev/null || fail "dcr-gen is not on PATH"
	dcr-gen -s 9 --size 40M -o large.log
	run -0 dcr-agg -j 1 -g facility,ts:week "${ALL_AGGS[@]}" large.log
	want=$output
	run -0 dcr-agg -j 2 -g facility,ts:week "${ALL_AGGS[@]}" large.log
	assert_output "$want"
	run -0 dcr-agg -j 1 -g facility,ts:week "${ALL_AGGS[@]}" large.log large.log
	want=$output
	run -0 dcr-agg -j 3 -g facility,ts:week "${ALL_AGGS[@]}" large.log large.log
	assert_output "$want"
	# an age is taken in the zone, which threads share in UTC
	run -0 dcr-agg -j 1 -g 'facility,band:age(birth_year):20,30,40,50,60' -a count,distinct:client large.log
	want=$output
	run -0 dcr-agg -j 2 -g 'facility,band:age(birth_year):20,30,40,50,60' -a count,distinct:client large.log
	assert_output "$want"
}

@test "threads: a byte order mark, CRLF, comments, blank lines and no final LF" {
	command -v dcr-gen >/dev/null || fail "dcr-gen is not on PATH"
	dcr-gen -s 9 --size 40M -o large.log
	{ printf '\357\273\277'; head -150000 large.log; echo '# a comment'; echo
	  sed -n '150001,200000p' large.log | sed 's/$/\r/'
	  tail -n +200001 large.log | head -c -1; } > odd.log
	aggs=(-g facility,ts:month -a count,distinct:client,first:client,last:client,p90:duration_s)
	run --separate-stderr -0 dcr-agg -j 1 "${aggs[@]}" odd.log
	want=$output
	run --separate-stderr -0 dcr-agg -j 2 "${aggs[@]}" odd.log
	assert_output "$want"
}

@test "threads: a bad line is reported at its line, as in one pass" {
	command -v dcr-gen >/dev/null || fail "dcr-gen is not on PATH"
	dcr-gen -s 9 --size 40M -o large.log
	{ head -200000 large.log; echo 'not a record'; tail -n +200001 large.log; } > bad.log
	run --separate-stderr -2 dcr-agg -j 1 -g facility -a count bad.log
	want=$output
	run --separate-stderr -2 dcr-agg -j 2 -g facility -a count bad.log
	assert_output "$want"
	assert_equal "$stderr" $'dcr-agg: bad.log:200001: key without \'=\' and value (column 1)\ndcr-agg: 1 line rejected'
}

@test "a million distinct groups take under 70 bytes each for a count (75 with two threads), 105 with a mean (110)" {
	# regression: 190 bytes a group for a count (32-byte table slots, a
	# group of three arena blocks), 290 with two threads (every group held
	# twice); then 91 and 103, and 215 and 219 with a mean (an 88-byte
	# state of 256-bit sums, a table of every group's values for the
	# output, and a thread's groups held until all were merged)
	[ -z "${DCR_VALGRIND:-}" ] || skip "memory bounds are not checked under valgrind"
	! ldd "$(command -v dcr-agg)" 2>/dev/null | grep -q libasan ||
		skip "memory bounds are not checked with the address sanitizer"
	lines() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
		printf "g=%d v=%d pad=0123456789abcdef01234567\n", (i * 7919) % 100000007, i % 1000 }'; }
	lines 1000 > few.log
	lines 1000000 > many.log # 45 MB: two ranges for -j 2
	for case in 1:count:70 2:count:75 1:count,mean:v:105 2:count,mean:v:110; do
		j=${case%%:*} aggs=${case#*:} bound=${case##*:}
		aggs=${aggs%:*}
		/usr/bin/time -f %M -o few.kb dcr-agg -j "$j" -g g -a "$aggs" -o few.out few.log
		/usr/bin/time -f %M -o many.kb dcr-agg -j "$j" -g g -a "$aggs" -o many.out many.log
		run -0 wc -l < many.out
		assert_output 1000000
		per_group=$(( ($(tail -1 many.kb) - $(tail -1 few.kb)) * 1024 / 999000 ))
		echo "-j $j -a $aggs: $per_group bytes a group"
		[ "$per_group" -lt "$bound" ]
	done
	# one record a group: each mean is that record's v, as awk reads it
	run -0 awk 'NR == FNR { v[substr($1, 3)] = substr($2, 3); next }
		$3 != "v_mean=" v[substr($1, 3)] { bad++ } END { print bad + 0, FNR }' many.log many.out
	assert_output '0 1000000'
}

@test "rows computed as they are written: a value absent from a row is not the row before's, and the keys are declared first" {
	printf 'g=a v=1\ng=b w=2\ng=c v=3\n' >abc.log
	# streamed (no --min-cell, no --sort by a value), then from the table
	# of all rows (--sort by a value): the same rows, in their orders
	run --separate-stderr -0 dcr-agg -g g -a mean:v,top=max:w --derive 'r = v_mean * 2' abc.log
	assert_output - <<'EOF'
# dcr-keys 1 g,v_mean,top,r
g=a v_mean=1 r=2
g=b top=2
g=c v_mean=3 r=6
EOF
	assert_equal "$stderr" "dcr-agg: v_mean: skipped 1 record without v"
	run --separate-stderr -0 dcr-agg -g g -a mean:v,top=max:w --derive 'r = v_mean * 2' --sort r:r abc.log
	assert_output - <<'EOF'
# dcr-keys 1 g,v_mean,top,r
g=c v_mean=3 r=6
g=a v_mean=1 r=2
g=b top=2
EOF
	assert_equal "$stderr" "dcr-agg: v_mean: skipped 1 record without v"
	# every row whole: no declaration
	run -0 dcr-agg -g g -a count --sort g:r abc.log
	assert_output $'g=c count=1\ng=b count=1\ng=a count=1'
}

# ---- usage errors -----------------------------------------------------------

@test "usage errors: operators, fields, buckets, zones, names" {
	run --separate-stderr -2 dcr-agg -a nope
	assert_equal "$stderr" $'dcr-agg: -a \'nope\': unknown operator (see --help)\nTry \'dcr-agg --help\' for more information.'
	run --separate-stderr -2 dcr-agg -a p101:v
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: -a 'p101:v': unknown operator (see --help)"
	run --separate-stderr -2 dcr-agg -a mean
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: -a 'mean': mean needs a field (mean:FIELD)"
	run --separate-stderr -2 dcr-agg -g ts:fortnight
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: -g 'ts:fortnight': unknown time bucket (hour, day, week, month, quarter, year, hod, dow, or a width such as 15m)"
	run --separate-stderr -2 dcr-agg --tz Mars/Olympus_Mons
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: --tz: unknown time zone 'Mars/Olympus_Mons'"
	run --separate-stderr -2 dcr-agg -a count,count
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: -a: output key 'count' given twice (name one with NAME=OP:FIELD)"
	run --separate-stderr -2 dcr-agg -g count -a count
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: output key 'count' is both a group key and an aggregate"
	run --separate-stderr -2 dcr-agg -a 'count if event =='
	assert_equal "${stderr##*$'\n'dcr-agg: }" $'-a: invalid condition\nTry \'dcr-agg --help\' for more information.'
}

@test "usage errors: derived values, --sort, --merge with -a, --partial with --derive" {
	run --separate-stderr -2 dcr-agg -a count --derive 'x = count / visits'
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: --derive 'x = count / visits': unknown key 'visits' (not an aggregate or an earlier derived value) (column 13); it can read 'count'"
	run --separate-stderr -2 dcr-agg -a count --derive 'x = (count'
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: --derive 'x = (count': expected ')' (column 11)"
	run --separate-stderr -2 dcr-agg -a count --sort visits
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: --sort: 'visits' is not an output key; the output keys are 'count'"
	run --separate-stderr -2 dcr-agg --merge -a count
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: --merge takes the aggregates from the partial records; -a is not allowed"
	run --separate-stderr -2 dcr-agg --partial --derive 'x = 1'
	assert_equal "${stderr%%$'\n'*}" "dcr-agg: --derive and --sort apply to final results: give them to the --merge that reads the partials"
}

# ---- documentation ----------------------------------------------------------

@test "--help lists every operator and the man page documents each of them" {
	run -0 dcr-agg --help
	ops=$(echo "$output" | sed -n '/^Operators/,/^Time buckets/p' | awk 'NR > 1 && /^  [a-z]/ { print $1 }')
	[ "$(echo "$ops" | wc -l)" -eq 15 ]
	page="$DCR_TESTS/../share/man/man1/dcr-agg.1"
	for op in $ops; do
		grep -q "^\.It Cm $op\$" "$page" || fail "operator $op is not in dcr-agg(1)"
	done
	[ "$(grep -c '^\.It Cm [a-z_N]*$' "$page")" -ge 15 ]
}

@test "the EXAMPLES of dcr-agg(1) run and print what they show" {
	run -0 python3 "$DCR_TESTS/mancheck.py" examples "$DCR_TESTS/../share/man/man1/dcr-agg.1" "$EXAMPLES"
}

# ---- keys that no record has (a typo never yields a plausible zero) -------

@test "a -g or -a key that no record has is exit 2 naming it, with the closest keys that appeared" {
	printf 'ts=2024-03-01T08:00:00Z event=check_in facility=nl-ams-01\nts=2024-03-01T08:05:00Z event=intervention facility=nl-ams-01 naloxone_doses=2\n' >in.log
	run --separate-stderr -2 dcr-agg -g facilty in.log
	assert_output ''
	assert_equal "$stderr" "dcr-agg: -g: no record has the key 'facilty'; did you mean 'facility'?"
	run --separate-stderr -2 dcr-agg -o out.log -g facility -a sum:naloxone_dose in.log
	[ ! -e out.log ]
	assert_equal "${stderr_lines[0]}" "dcr-agg: -a: no record has the key 'naloxone_dose'; did you mean 'naloxone_doses'?"
	run --separate-stderr -2 dcr-agg -g ts:day,facility,zone -a 'x=peak:ts+lenght' in.log
	assert_equal "${stderr_lines[0]}" "dcr-agg: -g: no record has the key 'zone'"
	assert_equal "${stderr_lines[1]}" "dcr-agg: -a: no record has the key 'lenght'"
}

@test "a missing key is fine with --allow-missing, a --schema that declares it, or no input" {
	printf 'ts=2024-03-01T08:00:00Z event=check_in facility=nl-ams-01\n' >in.log
	run --separate-stderr -0 dcr-agg --allow-missing naloxone_doses,other -a sum:naloxone_doses in.log
	assert_output 'naloxone_doses_sum=0'
	run --separate-stderr -0 dcr-agg -g facility,facility_kind </dev/null
	assert_output ''
	printf 'dcr-schema v1\nkey ts time\nkey facility_kind enum integrated specialised\n' >s.schema
	run --separate-stderr -0 dcr-agg --schema s.schema -g facility_kind -a count in.log
	assert_output ''
	run --separate-stderr -2 dcr-agg --allow-missing 'Bad' -a count in.log
	assert_equal "${stderr_lines[0]}" "dcr-agg: --allow-missing: 'Bad' is not a key"
}

@test "a key of an -a condition that no record has is an error unless allowed" {
	printf 'event=check_in facility=a\nevent=refusal facility=a\n' >in.log
	run --separate-stderr -2 dcr-agg -a 'x=count if evnt == refusal' in.log
	assert_output ''
	assert_equal "$stderr" "dcr-agg: -a: no record has the key 'evnt'; did you mean 'event'?"
	run --separate-stderr -0 dcr-agg --allow-missing evnt -a 'x=count if evnt == refusal' in.log
	assert_output 'x=0'
	run --separate-stderr -0 dcr-agg -a 'x=count if has(referral)' in.log
	assert_output 'x=0'
	run --separate-stderr -0 dcr-agg -a 'x=count if evnt == refusal' </dev/null
	assert_output 'x=0'
	assert_equal "$stderr" ''
}

# --partial cannot tell a typo from a quiet day: one day may have no
# incident at all. Its closing record says how many records it read and
# which named keys none had; --merge reports a key no state had.
@test "--partial writes the state of a quiet day, exit 0; --merge reports a key that no day had" {
	printf 'event=check_in facility=a\nevent=check_in facility=b\n' >quiet.log
	printf 'event=check_in facility=a\nevent=incident facility=a incident_type=overdose\n' >busy.log
	aggs=(-g facility -a 'od=count if incident_type == overdose')
	run --separate-stderr -0 dcr-agg --partial "${aggs[@]}" quiet.log
	assert_equal "$stderr" ''
	assert_line --index 2 '_v=4 _closing=2 _unseen=-a:incident_type:'
	dcr-agg --partial "${aggs[@]}" quiet.log >quiet.agg
	dcr-agg --partial "${aggs[@]}" busy.log >busy.agg
	run --separate-stderr -0 dcr-agg --merge quiet.agg busy.agg
	assert_equal "$stderr" ''
	assert_output $'facility=a od=1\nfacility=b od=0'
	run --separate-stderr -2 dcr-agg --merge quiet.agg quiet.agg
	assert_output ''
	assert_equal "$stderr" "dcr-agg: -a: no record has the key 'incident_type'"
	run --separate-stderr -0 dcr-agg --merge --allow-missing incident_type quiet.agg
	assert_output $'facility=a od=0\nfacility=b od=0'
}

@test "--merge suggests the keys the days had, and --schema knows the key" {
	printf 'event=check_in facility=a\n' >in.log
	run -0 dcr-agg --partial -g facilty -a count in.log
	assert_output '_v=4 _closing=1 _unseen=-g:facilty:facility'
	dcr-agg --partial -g facilty -a count in.log >a.agg
	run --separate-stderr -2 dcr-agg --merge a.agg a.agg
	assert_equal "$stderr" "dcr-agg: -g: no record has the key 'facilty'; did you mean 'facility'?"
	printf 'dcr-schema v1\nkey facilty text\n' >s.schema
	run --separate-stderr -0 dcr-agg --merge --schema s.schema a.agg
	assert_output ''
}

@test "the states of no records report nothing; a merge of merges keeps what was unseen" {
	run -0 dcr-agg --partial -g g -a 'n=count if x == 1' </dev/null
	assert_output '_v=4 _closing=0 _unseen=-g:g:,-a:x:'
	printf 'g=1\n' >in.log
	dcr-agg --partial -g g -a 'n=count if x == 1' in.log >one.agg
	dcr-agg --partial -g g -a 'n=count if x == 1' </dev/null >none.agg
	run --separate-stderr -0 dcr-agg --merge none.agg
	assert_output ''
	run --separate-stderr -0 dcr-agg --merge --partial one.agg none.agg
	assert_line --index 1 '_v=4 _closing=1 _unseen=-a:x:'
	dcr-agg --merge --partial one.agg none.agg >both.agg
	run --separate-stderr -2 dcr-agg --merge both.agg
	assert_equal "$stderr" "dcr-agg: -a: no record has the key 'x'"
}

@test "a closing record of another form is refused, naming file and line" {
	printf '_v=4 _closing=x\n' >bad.agg
	run --separate-stderr -2 dcr-agg --merge bad.agg
	assert_equal "$stderr" "dcr-agg: bad.agg:1: _closing: not a count of records"
	printf '_v=4 _closing=1 _unseen=-z:Bad:\n' >bad.agg
	run --separate-stderr -2 dcr-agg --merge bad.agg
	assert_equal "$stderr" "dcr-agg: bad.agg:1: _unseen: not a list of OPTION:KEY:NEAR/NEAR entries"
	printf '_v=3 _closing=1\n' >old.agg
	run --separate-stderr -2 dcr-agg --merge old.agg
	assert_equal "$stderr" "dcr-agg: old.agg:1: partial record of format version 3, older than the version 4 this dcr-agg reads: merge it with the dcr-agg that wrote it, or write it again"
}

# --sort and --derive name output keys, known from the options alone: a
# typo is refused before any input is read, even an empty one.
TRY=$'\nTry \'dcr-agg --help\' for more information.'

@test "a key of --sort that is not an output key is refused, with the closest output keys" {
	printf 'facility=a v=1\nfacility=b v=2\n' >in.log
	run --separate-stderr -2 dcr-agg -g facility -a count,sum:v --sort cuont:r -o out.log in.log
	assert_output ''
	assert_equal "$stderr" "dcr-agg: --sort: 'cuont' is not an output key; did you mean 'count'?$TRY"
	[ ! -e out.log ] || fail "out.log was written"
	run --separate-stderr -2 dcr-agg -g facility -a count,sum:v --sort count,facilty </dev/null
	assert_output ''
	assert_equal "$stderr" "dcr-agg: --sort: 'facilty' is not an output key; did you mean 'facility'?$TRY"
	# an input field is not an output key unless it is a group key
	run --separate-stderr -2 dcr-agg -g facility -a count,sum:v --sort v in.log
	assert_equal "$stderr" "dcr-agg: --sort: 'v' is not an output key; did you mean 'v_sum'?$TRY"
	run --separate-stderr -2 dcr-agg -g facility -a count,sum:v --sort visits:r in.log
	assert_equal "$stderr" "dcr-agg: --sort: 'visits' is not an output key; the output keys are 'facility', 'count' and 'v_sum'$TRY"
	run --separate-stderr -2 dcr-agg -g facility -a a=count,b=count,c=count,d=count,e=count,f=count,g=count,h=count,i=count --sort visits in.log
	assert_equal "$stderr" "dcr-agg: --sort: 'visits' is not an output key; the output keys are 'facility', 'a', 'b', 'c', 'd', 'e', 'f', 'g' and 2 more$TRY"
	run --separate-stderr -0 dcr-agg -g facility -a count,sum:v --derive 'twice = 2 * v_sum' --sort twice:r,facility in.log
	assert_output $'facility=b count=1 v_sum=2 twice=4\nfacility=a count=1 v_sum=1 twice=2'
}

@test "a key of --derive that is not an aggregate or an earlier derived value is refused, with the closest" {
	printf 'facility=a v=1\nfacility=b v=2\n' >in.log
	run --separate-stderr -2 dcr-agg -g facility -a visits=count,sum:v --derive 'rate = 100 * v_smu / vists' -o out.log in.log
	assert_output ''
	assert_equal "$stderr" "dcr-agg: --derive 'rate = 100 * v_smu / vists': unknown key 'v_smu' (not an aggregate or an earlier derived value) (column 14); did you mean 'v_sum'?$TRY"
	[ ! -e out.log ] || fail "out.log was written"
	run --separate-stderr -2 dcr-agg -g facility -a visits=count --derive 'rate = 1 / vists' </dev/null
	assert_equal "$stderr" "dcr-agg: --derive 'rate = 1 / vists': unknown key 'vists' (not an aggregate or an earlier derived value) (column 12); did you mean 'visits'?$TRY"
	# a later derived value, a group key and an input field cannot be read
	run --separate-stderr -2 dcr-agg -g facility -a visits=count,sum:v,mean:v --derive 'x = v / visits' in.log
	assert_equal "$stderr" "dcr-agg: --derive 'x = v / visits': unknown key 'v' (not an aggregate or an earlier derived value) (column 5); did you mean 'v_sum' or 'v_mean'?$TRY"
	run --separate-stderr -2 dcr-agg -g facility -a visits=count --derive 'a = per_visit' --derive 'per_visit = 1 / visits' in.log
	assert_equal "$stderr" "dcr-agg: --derive 'a = per_visit': unknown key 'per_visit' (not an aggregate or an earlier derived value) (column 5); it can read 'visits'$TRY"
	run --separate-stderr -2 dcr-agg -g facility -a visits=count --derive 'per_visit = 1 / visits' --derive 'x = facility + v' in.log
	assert_equal "$stderr" "dcr-agg: --derive 'x = facility + v': unknown key 'facility' (not an aggregate or an earlier derived value) (column 5); it can read 'visits' and 'per_visit'$TRY"
}

@test "--merge checks --sort and --derive against the partials' output keys" {
	printf 'facility=a v=1\nfacility=b v=2\n' >in.log
	run --separate-stderr -0 dcr-agg --partial -g facility -a count,sum:v -o p.log in.log
	run --separate-stderr -2 dcr-agg --merge --sort cuont -o out.log p.log
	assert_output ''
	assert_equal "$stderr" "dcr-agg: --sort: 'cuont' is not an output key; did you mean 'count'?$TRY"
	[ ! -e out.log ] || fail "out.log was written"
	run --separate-stderr -2 dcr-agg --merge --derive 'm = v_smu / count' -o out.log p.log
	assert_equal "$stderr" "dcr-agg: --derive 'm = v_smu / count': unknown key 'v_smu' (not an aggregate or an earlier derived value) (column 5); did you mean 'v_sum'?$TRY"
	[ ! -e out.log ] || fail "out.log was written"
	# no partial, no output keys to check against: a quiet day is no error
	run --separate-stderr -0 dcr-agg --merge --sort cuont --derive 'm = v_smu / count' </dev/null
	assert_output ''
	assert_equal "$stderr" ''
}
