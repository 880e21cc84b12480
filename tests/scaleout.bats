#!/usr/bin/env bats
# The scale-out recipes of the README: a period's partial states computed
# over many files with GNU parallel, locally and on another host over ssh
# (an sshd on 127.0.0.1), then merged: the same figures as one pass over
# all the files.

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

# sshd needs its privilege separation directory, /run/sshd: the test makes
# it on a tmpfs in a private mount namespace, never on the machine's /run.
need_sshd() {
	[ "$(id -u)" = 0 ] || skip "sshd's /run/sshd is mounted in a private namespace, which needs root"
	command -v /usr/sbin/sshd >/dev/null || skip "no sshd: make deps installs openssh-server"
}

@test "the same recipe across hosts with --sshlogin: the states made over ssh merge to one pass" {
	need_sshd
	for i in 1 2 3 4; do
		dcr-gen -s "$i" --facilities 3 --start "2024-03-0$i" --days 1 --visits 30 | gzip >"archive-$i.log.gz"
	done
	ssh-keygen -q -t ed25519 -N '' -f host_key
	ssh-keygen -q -t ed25519 -N '' -f user_key
	cp user_key.pub authorized_keys
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	cat >sshd_config <<-CONF
		Port $port
		ListenAddress 127.0.0.1
		HostKey $PWD/host_key
		AuthorizedKeysFile $PWD/authorized_keys
		PermitRootLogin prohibit-password
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		UsePAM no
		StrictModes no
		PermitUserEnvironment no
		LogLevel VERBOSE
	CONF
	cat >ssh_config <<-CONF
		Host 127.0.0.1
		Port $port
		IdentityFile $PWD/user_key
		UserKnownHostsFile $PWD/known_hosts
		StrictHostKeyChecking accept-new
		BatchMode yes
	CONF
	mkdir states
	# the recipe of the README: each file sent to a host, its state brought
	# back, both removed there (--trc); dcr is not installed here, so the
	# jobs get this PATH (--env PATH)
	cat >recipe <<-'SH'
		set -e
		mount -t tmpfs tmpfs /run && mkdir -m 755 /run/sshd
		/usr/sbin/sshd -D -e -f sshd_config 2>sshd.log &
		trap 'kill $!' EXIT
		for i in $(seq 50); do ssh -F ssh_config 127.0.0.1 true 2>/dev/null && break; sleep 0.1; done
		ls archive-*.log.gz | parallel --ssh "ssh -F $PWD/ssh_config" -S 1/127.0.0.1 \
			--env PATH --wd "$PWD/remote" --trc {/.}.agg \
			dcr-agg -g facility -a "'visits=count if event == session_start'" \
			-a clients=distinct:client -a p90:duration_s --partial -o {/.}.agg {}
	SH
	run --separate-stderr -0 unshare -m sh recipe
	for i in 1 2 3 4; do mv "archive-$i.log.agg" states/; done
	# nothing is left on the host
	[ ! -e remote ] || [ -z "$(ls -A remote)" ]
	dcr-agg --merge states/*.agg >merged
	zcat archive-*.log.gz | dcr-agg -g facility -a 'visits=count if event == session_start' \
		-a clients=distinct:client -a p90:duration_s >single
	run -0 diff merged single
	run -0 grep -c '^facility=nl-' merged
	assert_output 3
	# it ran over ssh: sshd accepted the key for each job
	[ "$(grep -c 'Accepted publickey for ' sshd.log)" -ge 4 ]
}
