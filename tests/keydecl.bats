#!/usr/bin/env bats
# The "# dcr-keys 1" line: dcr-agg declares the output keys a record may
# lack, dcr-filter passes the declaration on, dcr-filter and dcr-fmt count
# its keys as known, and a declaration of another version is refused.

load helpers

# Two facilities, one without visits: its rate is absent (divisor 0).
day() {
	printf '%s\n' 'facility=a event=incident' 'facility=b event=session_start' \
		'facility=b event=session_start' 'facility=b event=incident' >day.log
}
RATE=(-g facility -a 'visits=count if event == session_start'
	-a 'ods=count if event == incident' --derive 'od = 1000 * ods / visits')

@test "dcr-agg declares its keys first when a record lacks one" {
	day
	run --separate-stderr -0 dcr-agg "${RATE[@]}" day.log
	assert_output - <<'EOF'
# dcr-keys 1 facility,visits,ods,od
facility=a visits=0 ods=1
facility=b visits=2 ods=1 od=500
EOF
	assert_equal "$stderr" ""
}

@test "dcr-agg declares nothing when every record has every key" {
	day
	run --separate-stderr -0 dcr-agg "${RATE[@]:0:6}" --derive 'n = visits + ods' day.log
	assert_output $'facility=a visits=0 ods=1 n=1\nfacility=b visits=2 ods=1 n=3'
}

@test "the total row has no group key, so --totals declares the keys" {
	day
	run --separate-stderr -0 dcr-agg -g facility -a count --totals day.log
	assert_output $'# dcr-keys 1 facility,count\nfacility=a count=1\nfacility=b count=3\ncount=4'
}

@test "a rate absent from every row is known downstream: a column of empty cells, exit 0" {
	day
	run --separate-stderr -0 sh -c "dcr-agg $(printf '%q ' "${RATE[@]}") day.log | dcr-filter 'facility == a' | dcr-fmt -t csv --lf -k facility,od"
	assert_output $'facility,od\na,'
	assert_equal "$stderr" ""
	# without the declaration the same key is a typo (the control)
	run --separate-stderr -2 sh -c "dcr-agg $(printf '%q ' "${RATE[@]}") day.log | dcr-filter 'facility == a' | grep -v '^#' | dcr-fmt -t csv --lf -k facility,od -o out.csv"
	assert_output ""
	[ ! -e out.csv ]
	assert_equal "$stderr" "dcr-fmt: -k: no record has the key 'od'; did you mean 'ods'?
dcr-fmt: out.csv: not written because of the errors above"
}

@test "a typo is still one: the declared keys are suggested" {
	day
	dcr-agg "${RATE[@]}" day.log >agg.log
	run --separate-stderr -2 dcr-fmt -k facility,odd agg.log
	assert_output ""
	assert_equal "$stderr" "dcr-fmt: -k: no record has the key 'odd'; did you mean 'od' or 'ods'?"
	run --separate-stderr -2 dcr-filter 'odd > 1' agg.log
	assert_equal "$stderr" "dcr-filter: EXPR: no record has the key 'odd'; did you mean 'od' or 'ods'?"
}

@test "dcr-filter tests a declared key that no record has without an error" {
	day
	dcr-agg "${RATE[@]}" day.log | dcr-filter 'facility == a' >a.log
	# block search (a literal) and line by line (-v): no match, status 1
	run --separate-stderr -1 dcr-filter 'od > 100' a.log
	assert_output '# dcr-keys 1 facility,visits,ods,od'
	assert_equal "$stderr" ""
	run --separate-stderr -0 dcr-filter -v 'od > 100' a.log
	assert_output $'# dcr-keys 1 facility,visits,ods,od\nfacility=a visits=0 ods=1'
}

@test "dcr-filter passes the declaration on as -k and -x leave it; -c and -q drop it" {
	day
	dcr-agg "${RATE[@]}" day.log >agg.log
	run --separate-stderr -0 dcr-filter -k od,facility 'has(facility)' agg.log
	assert_output $'# dcr-keys 1 od,facility\nfacility=a\nod=500 facility=b'
	run --separate-stderr -0 dcr-filter -x visits,ods 'has(facility)' agg.log
	assert_output $'# dcr-keys 1 facility,od\nfacility=a\nfacility=b od=500'
	run --separate-stderr -0 dcr-filter -k visits 'has(facility)' agg.log
	assert_output $'# dcr-keys 1 visits\nvisits=0\nvisits=2'
	run --separate-stderr -0 dcr-filter -c 'has(facility)' agg.log
	assert_output '2'
	run --separate-stderr -0 dcr-filter -q 'has(facility)' agg.log
	assert_output ''
}

@test "a declaration of another version or form is refused, never read as a comment" {
	for line in '# dcr-keys 2 a,b' '# dcr-keys 1 a,,b' '# dcr-keys 1 a,a' '# dcr-keys 1' '# dcr-keys x a'; do
		printf '%s\nfacility=a\n' "$line" >v.log
		run --separate-stderr -2 dcr-fmt -k facility v.log
		assert_output ""
		assert_equal "$stderr" "dcr-fmt: v.log:1: a '# dcr-keys' line of another version or form: this dcr reads '# dcr-keys 1 KEY,KEY,...' (written by a newer dcr? upgrade)"
		run --separate-stderr -2 dcr-filter 'has(facility)' v.log
		assert_equal "$stderr" "dcr-filter: v.log:1: a '# dcr-keys' line of another version or form: this dcr reads '# dcr-keys 1 KEY,KEY,...' (written by a newer dcr? upgrade)"
	done
}

@test "only a first line declares: later, or another comment, it is a comment" {
	printf 'facility=a\n# dcr-keys 1 facility,od\n' >late.log
	run --separate-stderr -2 dcr-fmt -k facility,od late.log
	assert_equal "$stderr" "dcr-fmt: -k: no record has the key 'od'"
	printf '# dcr-keysight\nfacility=a\n' >other.log
	run --separate-stderr -0 dcr-fmt -t csv --lf -k facility other.log
	assert_output $'facility\na'
}

@test "each input's declaration counts: a second file's keys are known too" {
	printf 'facility=a\n' >one.log
	printf '# dcr-keys 1 facility,od\nfacility=b\n' >two.log
	run --separate-stderr -0 dcr-fmt -t csv --lf -k facility,od one.log two.log
	assert_output $'facility,od\na,\nb,'
	run --separate-stderr -0 dcr-filter 'has(facility)' one.log two.log
	assert_output $'facility=a\n# dcr-keys 1 facility,od\nfacility=b'
}
