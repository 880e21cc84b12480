/* fuzz_pattern.c - libFuzzer harness for pattern files (lib/parse/pattern.c,
 * with the regexes of lib/lang/regex.c).
 * fuzz-needs: lib/parse/pattern.c lib/lang/regex.c share/patterns/time.patterns
 *
 * Bytes 0-1 (little-endian, cut to what there is) are the length of a
 * pattern file that follows; the rest are log lines. The file is loaded
 * (errors must be reported, never crash, in bounded time and memory; the
 * library of share/patterns is on DCR_PATTERN_PATH, set by tests/fuzz/run),
 * its samples checked, and every valid UTF-8 line matched: the fields of a
 * match must write as a record that reads back the same
 * (fuzz_check_pairs); a matching error must say why.
 */
#include <stdint.h>
#include <stdlib.h>

#include "base/buf.h"
#include "fuzz_common.h"
#include "parse/pattern.h"
#include "time/timefmt.h"

#define H "fuzz_pattern"

static char path[64];

/* Includes by path could reach /dev/zero or the fuzzer's own stdin:
 * only library names (no '/') are tried. */
static bool includes_a_path(const char *s, size_t n)
{
	for (const char *p = s; (p = memmem(p, (size_t)(s + n - p), "include", 7));
	     p += 7) {
		const char *eol = memchr(p, '\n', (size_t)(s + n - p));
		if (memchr(p, '/', (size_t)((eol ? eol : s + n) - p)))
			return true;
	}
	return false;
}

static void match_line(const char *s, size_t len, unsigned long long no,
		       void *arg)
{
	(void)no;
	struct pattern_set *ps = arg;
	static struct pairs out;
	static int ready;
	if (!ready) {
		pairs_init(&out);
		ready = 1;
	}
	if (utf8_check(s, len) != len)
		return; /* dcr-parse rejects such a line before matching */
	const struct pattern_rule *rule = NULL;
	const char *why = NULL;
	switch (pattern_match(ps, s, len, &out, &rule, &why)) {
	case PAT_MATCH:
		if (!rule)
			fuzz_fail(H, "a match without its rule");
		fuzz_check_pairs(H, &out);
		break;
	case PAT_ERROR:
		if (!why || !*why)
			fuzz_fail(H, "a matching error without a message");
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		static char dir[] = "/tmp/fuzz_pattern.XXXXXX";
		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof path, "%s/p.patterns", dir);
		fuzz_quiet();
		ready = 1;
	}
	if (size < 2)
		return 0;
	size_t plen = (size_t)data[0] | (size_t)data[1] << 8;
	if (plen > size - 2)
		plen = size - 2;
	const char *text = (const char *)data + 2;
	if (includes_a_path(text, plen))
		return 0;
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(text, 1, plen, f) != plen || fclose(f) != 0)
		abort();
	struct pattern_set *ps = patterns_new();
	if (patterns_load(ps, path)) {
		struct buf summary = BUF_INIT;
		patterns_check(ps, &summary);
		buf_free(&summary);
		fuzz_lines(text + plen, size - 2 - plen, match_line, ps);
	}
	patterns_free(ps);
	return 0;
}
