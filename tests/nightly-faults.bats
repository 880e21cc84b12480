#!/usr/bin/env bats
# dcr-nightly(1) under faults: killed (SIGKILL and SIGTERM) at every step
# of a night, one step after the other; runs at the same time; a lock
# held too long; folders left by dead runs.

load helpers

setup() {
	TMP="$BATS_TEST_TMPDIR"
	cd "$TMP" || return 1
	cp "$EXAMPLES/sources.conf" "$EXAMPLES/facilities.conf" .
	cp -r "$EXAMPLES/patterns" "$EXAMPLES/recode" .
	# two facilities, small days: the loop runs a night per step
	printf '# dcr-facilities 1\n' >facilities.conf
	grep -E '^nl-(ams|rtm)-01 ' "$EXAMPLES/facilities.conf" >>facilities.conf
	printf '# dcr-sources 1\n' >sources.conf
	grep -E '^[^# ]+ +nl-(ams|rtm)-01 ' "$EXAMPLES/sources.conf" >>sources.conf
	(umask 077 && head -c 32 /dev/urandom >key)
	for day in 2024-03-01 2024-03-02 2024-03-03; do
		mkdir -p "raw/$day"
		dcr-gen -s 5 --facility nl-ams-01 --start "$day" --days 1 --visits 10 -o "raw/$day/nl-ams-01.log"
		dcr-gen -s 5 --facility nl-rtm-01 --start "$day" --days 1 --visits 10 -f csv -o "raw/$day/nl-rtm-01.csv"
	done
}

night() { dcr-nightly -k key -c sources.conf -F facilities.conf "$@"; }

# whole DAY: days/DAY is a folder with every file of a published day.
whole() {
	local d="out/days/$1" f
	[ -L "$d" ] && [ -d "$d" ] || { echo "$d: not a published folder"; return 1; }
	for f in archive.log.gz manifest notes report.md report.html state/facility.agg state/hour.agg \
		state/occupancy.agg state/referrals.agg state/refusals.agg state/substances.agg; do
		[ -f "$d/$f" ] || { echo "$d/$f: missing"; return 1; }
	done
	[ "$(head -1 "$d/manifest")" = "# dcr-manifest 1" ] || { echo "$d/manifest: broken"; return 1; }
}

# steps: wrappers in fake/ for the commands a night runs; each counts
# itself in the file steps and, at step $KILL_AT, sends $KILL_SIG to the
# whole run (its process group) before it would do anything.
steps() {
	mkdir fake
	echo 0 >steps
	local c real
	# (the wrapper itself uses only builtins and flock, ps, tr, sleep)
	for c in dcr-parse dcr-filter dcr-agg dcr-join dcr-fmt sort comm cat mkdir mktemp chmod ln mv sync rm; do
		real=$(command -v "$c")
		cat >"fake/$c" <<FAKE
#!/bin/bash
n=\$(flock "$TMP/steps.lock" bash -c 'read -r n <"$TMP/steps"; n=\$((n + 1)); echo \$n >"$TMP/steps"; echo \$n')
if [ "\$n" = "\${KILL_AT:-0}" ]; then
	kill -s "\$KILL_SIG" -- "-\$(ps -o pgid= -p \$\$ | tr -d ' ')"
	sleep 10
fi
exec "$real" "\$@"
FAKE
		chmod +x "fake/$c"
	done
}

# kill_every_step SIG: a night killed with SIG at each of its steps in
# turn leaves the previous day whole, or the new one; $kept and $replaced
# count which; the next run removes every folder the killed runs left.
# One test per signal, so that the two loops run side by side.
kill_every_step() {
	local sig=$1
	run -0 night raw out 2024-03-01
	steps
	first=$(readlink out/days/2024-03-01)
	# the night is run again on a changed day: count its steps
	dcr-gen -s 6 --facility nl-rtm-01 --start 2024-03-01 --days 1 --visits 10 -f csv -o raw/2024-03-01/nl-rtm-01.csv
	PATH="$TMP/fake:$PATH" run -0 night raw out 2024-03-01
	total=$(cat steps)
	[ "$total" -gt 40 ] || fail "only $total steps"
	second=$(readlink out/days/2024-03-01)
	[ "$first" != "$second" ]
	kept=0 replaced=0
	for k in $(seq 1 "$total"); do
		before=$(readlink out/days/2024-03-01)
		echo 0 >steps
		KILL_AT=$k KILL_SIG=$sig PATH="$TMP/fake:$PATH" run setsid -w bash -c \
			'dcr-nightly -k key -c sources.conf -F facilities.conf raw out 2024-03-01'
		[ "$(cat steps)" -ge "$k" ] || fail "step $k of $total was never reached"
		case $sig:$status in KILL:137 | TERM:2 | TERM:143 | *:0) ;;
		*) fail "SIG$sig at step $k: status $status: $output" ;;
		esac
		run whole 2024-03-01
		[ "$status" -eq 0 ] || fail "SIG$sig at step $k of $total: $output"
		# the kill came before the publishing rename, or after it
		if [ "$(readlink out/days/2024-03-01)" = "$before" ]; then
			kept=$((kept + 1))
		else
			replaced=$((replaced + 1))
		fi
	done
	run -0 night raw out 2024-03-01
	run -0 ls out/store
	assert_output --regexp '^2024-03-01\.[A-Za-z0-9]{6}$'
	run -0 find out/days -name '.*'
	assert_output ''
}

@test "killed with SIGKILL at any step, a night leaves the previous day whole" {
	kill_every_step KILL
	# every step the fakes count comes before the publishing rename
	assert_equal "$kept $replaced" "$total 0"
}

@test "killed with SIGTERM at any step, a night leaves the previous day whole" {
	kill_every_step TERM
	# a TERM held off by the trap until the step is done lets some runs
	# publish: both outcomes are seen
	[ "$kept" -gt 0 ] && [ "$replaced" -gt 0 ] || fail "kept $kept, replaced $replaced"
}

@test "three runs of a day at once all succeed and never nest" {
	for round in 1 2 3; do
		pids=()
		for i in 1 2 3; do
			night raw out 2024-03-01 >"out.$i" 2>&1 &
			pids+=($!)
		done
		night raw out 2024-03-02 >out.4 2>&1 &
		pids+=($!)
		for p in "${pids[@]}"; do
			wait "$p" || fail "round $round: a run failed: $(cat out.*)"
		done
		run whole 2024-03-01
		[ "$status" -eq 0 ] || fail "$output"
		run whole 2024-03-02
		[ "$status" -eq 0 ] || fail "$output"
		run -0 ls out/store
		assert_equal "${#lines[@]}" 2
		run -0 find out -path '*/state/state'
		assert_output ''
	done
}

@test "a lock held longer than --lock-timeout: status 2, nothing published" {
	run -0 night raw out 2024-03-01
	before=$(readlink out/days/2024-03-01)
	flock out/.lock sleep 5 &
	sleep 0.5
	run --separate-stderr -2 night --lock-timeout 1 raw out 2024-03-01
	assert_equal "$stderr" "dcr-nightly: $TMP/out: another run holds the lock for more than 1 s; nothing published"
	assert_equal "$(readlink out/days/2024-03-01)" "$before"
	wait
}

@test "folders of dead runs, raw lines and all, are removed by the next run" {
	run -0 night raw out 2024-03-01
	mkdir out/store/2024-03-02.AbCdEf
	cp raw/2024-03-01/nl-ams-01.log out/store/2024-03-02.AbCdEf/
	ln -s ../store/2024-03-02.AbCdEf out/days/.2024-03-02.new
	run -0 night raw out 2024-03-03
	run -0 ls out/store
	assert_equal "${#lines[@]}" 2
	[ ! -e out/store/2024-03-02.AbCdEf ]
	[ ! -L out/days/.2024-03-02.new ]
}
