#!/usr/bin/env bats
# The progress line: on a terminal after two seconds, never otherwise.

load helpers

# Write a record every 50 ms for 2.6 seconds into the FIFO (given up after
# 10 s if nobody reads it).
feed() {
	timeout 10 sh -c 'for i in $(seq 1 52); do echo "n=$i"; sleep 0.05; done >fifo'
}

# Run "$@" with stderr on a pseudo-terminal while its input, a FIFO, is fed
# a record every 50 ms for 2.6 seconds; print what reached the terminal.
on_terminal() {
	mkfifo fifo
	feed &
	python3 - "$@" <<'PY'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.dup2(os.open("out", os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 1)
    os.execvp(sys.argv[1], sys.argv[1:])
seen = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
os.waitpid(pid, 0)
sys.stdout.write(seen.decode("utf-8", "replace"))
PY
	wait
}

@test "a progress line appears on a terminal after two seconds" {
	run -0 on_terminal dcr-fmt -t logfmt fifo
	assert_output --regexp 'B read, .*B/s, [0-9.]+ M records/s'
	run -0 wc -l <out
	assert_output 52
}

@test "--no-progress turns it off" {
	run -0 on_terminal dcr-fmt -t logfmt --no-progress fifo
	assert_output ''
}

@test "no progress line when stderr is not a terminal" {
	mkfifo fifo
	feed &
	run --separate-stderr -0 dcr-fmt -t logfmt fifo
	wait
	assert_equal "$stderr" ''
}

@test "under TERM=dumb the progress line has no escape codes" {
	TERM=dumb run -0 on_terminal dcr-fmt -t logfmt fifo
	assert_output --regexp 'B read, .*B/s, [0-9.]+ M records/s'
	[[ "$output" != *$'\e'* ]] || fail "an escape code under TERM=dumb"
	# without TERM=dumb the line is erased with one
	TERM=xterm run -0 on_terminal dcr-fmt -t logfmt fifo
	[[ "$output" == *$'\e[K'* ]]
}
