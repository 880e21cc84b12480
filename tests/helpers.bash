# helpers.bash - loaded by every .bats file: assertions, PATH, locale.
bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

export LC_ALL=C TZ=UTC
unset NO_COLOR DCR_KEY_FILE

DATA="$DCR_TESTS/data"
EXAMPLES="$DCR_TESTS/../examples"

# A scratch directory per test, removed by bats.
setup() {
	TMP="$BATS_TEST_TMPDIR"
	cd "$TMP" || return 1
}
