#!/usr/bin/env bats
# Every script in examples/ runs on the sample logs and prints what the
# README and the man pages show.

load helpers

@test "demo.sh prints the summary table of the sample logs" {
	run -0 sh "$EXAMPLES/demo.sh"
	assert_output "facility   visits  clients  inject_pct  od_per_1000  ref_per_100
nl-ams-01     109       71        20.6          9.2          8.3
nl-rtm-01      94       61         8.1            0          4.3"
}

@test "make demo runs the demo" {
	run -0 make -s -C "$DCR_TESTS/.." demo
	assert_line --index 0 --regexp '^facility +visits +clients'
}
