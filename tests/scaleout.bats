#!/usr/bin/env bats
# The scale-out recipe of the README: a period's partial states computed
# over many files with GNU parallel, then merged: the same figures as one
# pass over all the files.

load helpers

@test "partial states made with GNU parallel merge to the figures of one pass" {
	for i in 1 2 3 4 5 6; do
		dcr-gen -s "$i" --facilities 3 --start "2024-03-0$i" --days 1 --visits 30 | gzip >"archive-$i.log.gz"
	done
	mkdir states
	# the recipe, as the README shows it
	ls archive-*.log.gz | parallel -j 2 dcr-agg -g facility -a "'visits=count if event == session_start'" \
		-a clients=distinct:client -a p90:duration_s --partial -o states/{/.}.agg {} 2>/dev/null
	run -0 ls states
	assert_equal "${#lines[@]}" 6
	dcr-agg --merge states/*.agg >merged 2>/dev/null
	zcat archive-*.log.gz | dcr-agg -g facility -a 'visits=count if event == session_start' \
		-a clients=distinct:client -a p90:duration_s >single 2>/dev/null
	run -0 diff merged single
	run -0 grep -c '^facility=nl-' merged
	assert_output 3
}
