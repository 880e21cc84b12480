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
	assert_output "facility=g1 count=<10
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
	assert_output "facility=g1 count=<10 x_sum=<10 x_mean=<10
facility=g2 count=<10 x_sum=<10 x_mean=<10
facility=g3 count=<10 x_sum=<10 x_mean=<10
facility=g4 count=40 x_sum=160 x_mean=4
count=85 x_sum=277 x_mean=3.2588235294117647"
}

@test "values under one condition are hidden together, others are not" {
	groups 12 15 40
	printf 'facility=g1 event=incident\n' >>in.log
	run -0 dcr-agg -g facility --min-cell 10 \
		-a 'visits=count,mean:x if event == session_start' \
		-a 'ods=count if event == incident' in.log
	assert_output "facility=g1 visits=12 x_mean=1 ods=<10
facility=g2 visits=15 x_mean=2 ods=<10
facility=g3 visits=40 x_mean=3 ods=<10"
}

@test "random tables: no small cell is ever pinned within one output" {
	# 300 tables of 2 to 8 groups, sizes 0 to 40 (0: a group with only
	# other events), K from 5 to 12; the attacker knows which are small
	for seed in $(seq 300); do
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
	args=(-g facility -a 'visits=count,mean:x if event == session_start' -a 'ods=count if event == incident')
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
