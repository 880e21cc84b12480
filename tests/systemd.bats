#!/usr/bin/env bats
# The systemd units of the jobs (share/systemd): installed with make
# install, accepted by systemd-analyze verify, hardened, and running the
# same command lines as the README's crontab.

load helpers

@test "the units install under PREFIX and pass systemd-analyze verify" {
	# staged with the default PREFIX: another PREFIX would rebuild bin/
	# (the objects depend on their flags) under the other tests' feet
	run -0 make -s -C "$DCR_TESTS/.." install DESTDIR="$TMP/stage" PREFIX=/usr/local
	units="$TMP/stage/usr/local/lib/systemd/system"
	run -0 ls "$units"
	assert_output "dcr-monthly.service
dcr-monthly.timer
dcr-nightly.service
dcr-nightly.timer"
	run -0 grep -h '^ExecStart=' "$units"/dcr-nightly.service
	assert_output --regexp "^ExecStart=/usr/local/bin/dcr-nightly "
	# verify checks that ExecStart exists: point the units at the stage
	mkdir relocated
	for u in "$units"/dcr-*; do
		sed "s|^ExecStart=/usr/local/bin/|ExecStart=$TMP/stage/usr/local/bin/|" "$u" >"relocated/${u##*/}"
	done
	run -0 systemd-analyze verify --man=no relocated/dcr-*
	assert_output ''
	run -0 make -s -C "$DCR_TESTS/.." uninstall DESTDIR="$TMP/stage" PREFIX=/usr/local
	run -0 find "$TMP/stage" -type f
	assert_output ''
}

@test "each service is hardened: its own user, a read-only system, only the output folder writable" {
	for s in dcr-nightly dcr-monthly; do
		f="$DCR_TESTS/../share/systemd/$s.service"
		for line in User=dcr Group=dcr UMask=0027 NoNewPrivileges=yes PrivateTmp=yes \
			ProtectSystem=strict ProtectHome=yes ReadWritePaths=/var/lib/dcr/out; do
			grep -qx "$line" "$f" || fail "$s.service: no $line"
		done
	done
	# and the nightly its signing key's folder, which the key rotates in
	run -0 grep -h '^ReadWritePaths=' "$DCR_TESTS"/../share/systemd/dcr-*.service
	assert_output "ReadWritePaths=/var/lib/dcr/out
ReadWritePaths=/var/lib/dcr/out
ReadWritePaths=/var/lib/dcr/seal"
	sed "s|@BINDIR@|$BINDIR|" "$DCR_TESTS/../share/systemd/dcr-nightly.service" >dcr-nightly.service
	# exposure below 2.0 of 10 (systemd counts it in tenths)
	run -0 systemd-analyze security --offline=yes --threshold=20 ./dcr-nightly.service
}

@test "the services run the command lines of the README's crontab" {
	sed -n '/^```crontab$/,/^```$/p' "$DCR_TESTS/../README.md" | grep -E '^[0-9*]' |
		cut -d' ' -f6- >crontab
	for s in dcr-nightly dcr-monthly; do
		sed -n "s|^ExecStart=@BINDIR@/||p" "$DCR_TESTS/../share/systemd/$s.service"
	done >units
	run -0 diff crontab units
}
