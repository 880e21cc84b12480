#!/usr/bin/env bats
# Small cells that stay hidden (dcr-agg --min-cell): attacks on what one
# output publishes, each tried by an attacker written apart from dcr-agg
# (tests/disclosure/intervals.py, exact integers).

load helpers

# groups COUNT...: facility g1, g2, ... with COUNT session_start records
# each; writes in.log and the truth, true.log ("group=G n=N").
groups() {
	local i=0 n
	: >in.log
	: >true.log
	for n in "$@"; do
		i=$((i + 1))
		for _ in $(seq "$n"); do echo "facility=g$i event=session_start x=$i"; done >>in.log
		echo "group=g$i n=$n" >>true.log
	done
}

@test "two small cells whose sum is published are not pinned to the threshold" {
	# 9 + 9 = 18 with K = 10: without a third hidden cell both would be 9
	groups 9 9 30
	run -0 dcr-agg -g facility --min-cell 10 --totals -a count -o pub.log in.log
	run -0 python3 "$DCR_TESTS/disclosure/intervals.py" 10 count true.log pub.log
	assert_output "g1 0 9
g2 0 9"
	run -0 cat pub.log
	assert_output "# dcr-keys 1 facility,count
facility=g1 count=<10
facility=g2 count=<10
facility=g3 count=<10
count=48"
}

@test "a small cell is not bounded by the complementary cell beside it" {
	# 3 hidden, 15 hidden beside it: 18 - 10 would bound the 3 by 8
	groups 20 3 15
	run -0 dcr-agg -g facility --min-cell 10 --totals -a count -o pub.log in.log
	run -0 python3 "$DCR_TESTS/disclosure/intervals.py" 10 count true.log pub.log
	assert_output "g2 0 9"
}

@test "a hidden count is hidden with the sum and mean of its records" {
	# b's count is hidden to protect a: its sum / mean must not give it
	groups 3 12 30 40
	run -0 dcr-agg -g facility --min-cell 10 --totals -a count,sum:x,mean:x in.log
	assert_output "# dcr-keys 1 facility,count,x_sum,x_mean
facility=g1 count=<10 x_sum=<10 x_mean=<10
facility=g2 count=<10 x_sum=<10 x_mean=<10
facility=g3 count=<10 x_sum=<10 x_mean=<10
facility=g4 count=40 x_sum=160 x_mean=4
count=85 x_sum=277 x_mean=3.2588235294117647"
}

@test "values under one condition are hidden together, others are not" {
	groups 12 15 40
	printf 'facility=g1 event=incident\n' >>in.log
	run -0 dcr-agg -g facility --min-cell 10 \
		-a '(visits=count,mean:x) if event == session_start' \
		-a 'ods=count if event == incident' in.log
	assert_output "facility=g1 visits=12 x_mean=1 ods=<10
facility=g2 visits=15 x_mean=2 ods=<10
facility=g3 visits=40 x_mean=3 ods=<10"
}

@test "random tables: no small cell is ever pinned within one output" {
	# 150 tables of 2 to 8 groups, sizes 0 to 40 (0: a group with only
	# other events), K from 5 to 12; the attacker knows which are small
	for seed in $(seq 150); do
		python3 - "$seed" >spec <<'PY'
import random, sys
r = random.Random(int(sys.argv[1]))
k = r.randint(5, 12)
sizes = [r.choice([r.randint(0, k - 1), r.randint(k, 40)]) for _ in range(r.randint(2, 8))]
print(k, *sizes)
PY
		read -r k sizes <spec
		# shellcheck disable=SC2086
		groups $sizes
		for i in $(seq $(wc -w <<<"$sizes")); do echo "facility=g$i event=other"; done >>in.log
		dcr-agg -g facility --min-cell "$k" --totals \
			-a 'count if event == session_start' -o pub.log in.log
		python3 "$DCR_TESTS/disclosure/intervals.py" "$k" count true.log pub.log >/dev/null ||
			fail "seed $seed: K=$k sizes $sizes: $(cat pub.log)"
	done
}

@test "merged partial states hide the values of one condition together, as one pass does" {
	groups 12 15 40
	printf 'facility=g1 event=incident\n' >>in.log
	args=(-g facility -a '(visits=count,mean:x) if event == session_start' -a 'ods=count if event == incident')
	run -0 dcr-agg "${args[@]}" --min-cell 10 in.log
	want=$output
	head -30 in.log >a.log
	tail -n +31 in.log >b.log
	dcr-agg "${args[@]}" --partial a.log >a.agg
	dcr-agg "${args[@]}" --partial b.log >b.agg
	run -0 grep -c ' _conds=1,1,2 ' a.agg
	run -0 dcr-agg --merge --min-cell 10 a.agg b.agg
	assert_output "$want"
}

@test "--merge refuses states whose conditions differ, or a malformed _conds" {
	groups 12
	dcr-agg -a 'n=count if event == session_start' -a m=count --partial in.log >a.agg
	dcr-agg -a 'n=count' -a 'm=count if event == session_start' --partial in.log >b.agg
	run --separate-stderr -2 dcr-agg --merge a.agg b.agg
	assert_equal "$stderr" "dcr-agg: b.agg:1: partial whose aggregates have other conditions than the first one's (_conds): merge states written with the same -a"
	sed 's/_conds=1,0/_conds=1/' a.agg >c.agg
	run --separate-stderr -2 dcr-agg --merge c.agg
	assert_equal "$stderr" "dcr-agg: c.agg:1: _conds: not one condition number per aggregate"
	run --separate-stderr -2 dcr-agg -a conds=count --partial in.log
	assert_equal "$stderr" "dcr-agg: -a: an aggregate named 'conds' cannot be written as a partial state (_conds is reserved): name it otherwise
Try 'dcr-agg --help' for more information."
}

# The cell key method (--cell-key): a key file as the pseudonyms have.
cellkey() {
	head -c 32 /dev/urandom >ck
	chmod 600 ck
}

@test "--cell-key: the same cell gets the same noise in every table and every run" {
	cellkey
	dcr-gen -s 3 --facilities 3 --days 1 -o day.log
	v='visits=count if event == session_start'
	run -0 dcr-agg --cell-key ck -g facility --totals -a "$v" day.log
	main_total=${lines[4]} # after the declaration of keys and 3 facilities
	run -0 dcr-agg --cell-key ck -g ts:hod --totals -a "$v" day.log
	assert_equal "${lines[-1]}" "$main_total"
	run -0 dcr-agg --cell-key ck -a "$v" day.log
	assert_equal "$output" "$main_total"
	# a facility's cell is the same cell grouped by facility and municipality
	run -0 sh -c "dcr-agg --cell-key ck -g facility -a '$v' day.log | head -1"
	first=$output
	run -0 sh -c "dcr-agg --cell-key ck -g facility,event -a '$v' day.log | grep -F 'event=session_start' | head -1"
	assert_equal "${output/ event=session_start/}" "$first"
	# the noise moves counts by at most 8, and not all of them by 0
	run -0 sh -c "dcr-agg -g ts:hod,facility -a '$v' -a c=distinct:client day.log >plain.log
		dcr-agg --cell-key ck -g ts:hod,facility -a '$v' -a c=distinct:client day.log >noisy.log
		paste -d' ' plain.log noisy.log"
	python3 - "$output" <<'PY'
import sys
moved = 0
for line in sys.argv[1].splitlines():
    kv = [p.split("=", 1) for p in line.split()]
    half = len(kv) // 2
    for (k1, a), (k2, b) in zip(kv[:half], kv[half:]):
        assert k1 == k2, line
        if k1 in ("visits", "c"):
            assert abs(int(a) - int(b)) <= 8, line
            assert (int(a) == 0) == (int(b) == 0), line
            moved += a != b
assert moved > 0, "no count moved"
PY
}

@test "--cell-key: partial states merge to what one pass publishes" {
	cellkey
	dcr-gen -s 4 --facilities 3 --days 2 -o in.log
	a=(-g facility -a 'visits=count if event == session_start' -a clients=distinct:client
	   -a '(sessions=count,mean:duration_s) if event == session_end')
	run -0 dcr-agg --cell-key ck --totals --min-cell 10 "${a[@]}" in.log
	want=$output
	head -500 in.log >a.log
	tail -n +501 in.log >b.log
	dcr-agg --cell-key ck --partial "${a[@]}" a.log >a.agg
	dcr-agg --cell-key ck --partial "${a[@]}" b.log >b.agg
	run -0 dcr-agg --cell-key ck --merge --totals --min-cell 10 b.agg a.agg
	assert_output "$want"
}

@test "--cell-key: refused with sums, estimates, states written without it, and a loose key file" {
	cellkey
	printf 'facility=a x=1\n' >in.log
	run --separate-stderr -2 dcr-agg --cell-key ck -a sum:x in.log
	assert_equal "$stderr" "dcr-agg: -a x_sum: --cell-key perturbs counts, not sum: a sum would give away what the noise hides; leave it out
Try 'dcr-agg --help' for more information."
	run --separate-stderr -2 dcr-agg --cell-key ck -a n=approx_distinct:x in.log
	assert_equal "$stderr" "dcr-agg: -a n: --cell-key perturbs counts, not approx_distinct: a estimate would give away what the noise hides; leave it out
Try 'dcr-agg --help' for more information."
	dcr-agg --partial -a count in.log >plain.agg
	run --separate-stderr -2 dcr-agg --cell-key ck --merge plain.agg
	assert_equal "$stderr" "dcr-agg: plain.agg:1: _count: a state written without --cell-key: write the partial states with --cell-key too"
	chmod 640 ck
	run --separate-stderr -2 dcr-agg --cell-key ck -a count in.log
	assert_output ''
	[[ "$stderr" == "dcr-agg: ck: "* ]] || fail "$stderr"
}

# attack NIGHTS ARGS...: for seeds 1..NIGHTS, one night of 3 facilities;
# the attacker subtracts the shown hours from the all-facilities visits
# of the main table. Prints the seeds where a hidden hour was pinned.
night_attack() {
	local nights=$1 d=$2 seed
	shift 2
	v='visits=count if event == session_start'
	for seed in $(seq "$nights"); do
		dcr-gen -s "$seed" --facilities 3 --days 1 -o day.log
		dcr-agg "$@" -g facility --totals --min-cell 10 -a "$v" -o main.log day.log
		dcr-agg "$@" -g ts:hod --min-cell 10 -a "$v" -o hour.log day.log
		python3 "$DCR_TESTS/disclosure/across.py" hour 10 "$d" main.log hour.log day.log \
			>/dev/null 2>&1 || echo "$seed"
	done
}

@test "across the tables of one night: hidden hours are not pinned with --cell-key" {
	cellkey
	# the attack is real: without noise it pins hidden hours
	run -0 night_attack 12 0
	[ -n "$output" ] || fail "the attack pinned nothing without --cell-key"
	run -0 night_attack 24 8 --cell-key ck
	assert_output ''
}

# month_attack SEEDS D ARGS...: 7 days of 4 small facilities, each day's
# table and the month's from the days' partial states, as the jobs make
# them; the attacker subtracts the shown days from the month.
month_attack() {
	local seeds=$1 d=$2 seed day
	shift 2
	for seed in $(seq "$seeds"); do
		local pairs=()
		for day in 1 2 3 4 5 6 7; do
			dcr-gen -s "$seed" --facilities 4 --visits 12 --start "2024-03-0$day" --days 1 -o "ev$day.log"
			dcr-agg "$@" -g facility -a 'visits=count if event == session_start' --partial -o "p$day.agg" "ev$day.log"
			dcr-agg "$@" --merge --min-cell 10 --totals -o "t$day.log" "p$day.agg"
			pairs+=("t$day.log" "ev$day.log")
		done
		dcr-agg "$@" --merge --min-cell 10 --totals -o month.log p?.agg
		python3 "$DCR_TESTS/disclosure/across.py" month 10 "$d" month.log "${pairs[@]}" \
			>/dev/null 2>&1 || echo "$seed"
	done
}

@test "a month against its days: hidden days are not pinned with --cell-key" {
	cellkey
	run -0 month_attack 3 0
	[ -n "$output" ] || fail "the attack pinned nothing without --cell-key"
	run -0 month_attack 6 8 --cell-key ck
	assert_output ''
}
