/* fuzz_expr.c - libFuzzer harness for the filter language (lib/lang/expr.c,
 * with the regexes of lib/lang/regex.c).
 * fuzz-needs: lib/lang/expr.c
 *
 * Bytes 0-1 (little-endian, cut to what there is) are the length of the
 * expression that follows; the rest are record lines. A compile error must
 * have a message and a column inside the expression (and be printable by
 * expr_report). A compiled expression is evaluated on a fixed set of
 * records and on each input line that parses; whenever it holds, the line
 * must contain the prefilter literal (or, for a literal with a value,
 * "KEY=\"", where the value may be escaped): dcr-filter skips lines
 * without it, so a miss would drop a record silently.
 */
#include <stdint.h>

#include "lang/expr.h"
#include "fuzz_common.h"

#define H "fuzz_expr"

static const char *const fixed[] = {
	"ts=2024-03-01T08:14:22Z event=session_start facility=nl-ams-01 "
	"client=K7F3A9E2 place_type=smoke route=smoke substance=crack",
	"ts=2024-03-01T09:02:10.250Z event=incident facility=nl-ams-01 "
	"client=K1234567 incident_type=overdose duration_s=600 note=\"a b\"",
	"ts=2024-03-02T23:59:59+01:00 event=referral n=-1.5e3 x=\"\" "
	"route=\"inj\\u0065ct\" big=18446744073709551616 nan=nan hex=0x10",
	"a=1",
};

struct state {
	struct expr *e;
	struct record rec;
};

static bool contains(const char *s, size_t n, const char *p, size_t pn)
{
	return pn == 0 || memmem(s, n, p, pn) != NULL;
}

static void check_line(const char *s, size_t len, unsigned long long no,
		       void *arg)
{
	(void)no;
	struct state *x = arg;
	const char *why;
	size_t col;
	if (record_parse(&x->rec, s, len, &why, &col) != REC_OK)
		return;
	int v = expr_eval(x->e, &x->rec);
	if (v < -1 || v > 1)
		fuzz_fail(H, "expr_eval out of range");
	if (v < 0 && !*expr_errmsg(x->e))
		fuzz_fail(H, "an evaluation error without a message");
	if (v != 1)
		return;
	struct slice lit = expr_required_literal(x->e);
	if (!lit.p || contains(s, len, lit.p, lit.n))
		return;
	struct slice key = expr_literal_key(x->e);
	if (key.p) {
		char kq[RECORD_KEY_MAX + 3];
		memcpy(kq, key.p, key.n);
		memcpy(kq + key.n, "=\"", 2);
		if (contains(s, len, kq, key.n + 2))
			return;
	}
	fuzz_fail(H, "a matching line lacks the prefilter literal");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct state x;
	static int ready;
	if (!ready) {
		record_init(&x.rec);
		fuzz_quiet();
		ready = 1;
	}
	if (size < 2)
		return 0;
	size_t elen = (size_t)data[0] | (size_t)data[1] << 8;
	if (elen > size - 2)
		elen = size - 2;
	char *src = malloc(elen + 1);
	memcpy(src, data + 2, elen);
	src[elen] = '\0';
	struct expr_error err;
	memset(&err, 0, sizeof err);
	x.e = expr_compile(src, &err);
	if (!x.e) {
		if (!err.msg[0] || err.col > strlen(src))
			fuzz_fail(H, "a compile error without a message or column");
		expr_report(src, &err);
		free(src);
		return 0;
	}
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		check_line(fixed[i], strlen(fixed[i]), 0, &x);
	fuzz_lines((const char *)data + 2 + elen, size - 2 - elen, check_line, &x);
	expr_free(x.e);
	free(src);
	return 0;
}
