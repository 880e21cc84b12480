/* fuzz_logfmt.c - libFuzzer harness for the lenient raw-logfmt reader
 * (lib/parse/logfmt.c) and the record shaping of dcr-parse (lib/parse/reshape.c).
 * fuzz-needs: lib/parse/logfmt.c lib/parse/reshape.c
 *
 * Each line of the input is parsed as dcr-parse -f logfmt does after the
 * strict parser refused it. A line accepted must give pairs that write as
 * a valid record reading back the same (fuzz_check_pairs), and
 * reshape_write must give one line that the strict parser accepts; a line
 * rejected must say why, with a column inside the line.
 */
#include <stdint.h>
#include <string.h>

#include "parse/reshape.h"
#include "fuzz_common.h"
#include "parse/logfmt.h"

#define H "fuzz_logfmt"

struct state {
	struct pairs out;
	struct record rec;
	struct buf line;
};

static void parse_line(const char *s, size_t len, unsigned long long no,
		       void *arg)
{
	(void)no;
	struct state *x = arg;
	const char *why = NULL;
	size_t col = 0;
	enum record_status st = logfmt_parse(s, len, &x->out, &why, &col);
	if (st == REC_ERROR) {
		if (!why || !*why || col > len)
			fuzz_fail(H, "a reject without a reason or with a column past the line");
		return;
	}
	if (st != REC_OK)
		return;
	fuzz_check_pairs(H, &x->out);
	buf_reset(&x->line);
	if (!reshape_write(&x->line, &x->out))
		return;
	if (x->line.len == 0 || x->line.p[x->line.len - 1] != '\n' ||
	    memchr(x->line.p, '\n', x->line.len - 1))
		fuzz_fail(H, "reshape_write did not write one line");
	if (record_parse(&x->rec, x->line.p, x->line.len - 1, &why, &col) != REC_OK)
		fuzz_fail(H, "reshape_write wrote a line that is not a record");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct state x;
	static int ready;
	if (!ready) {
		pairs_init(&x.out);
		record_init(&x.rec);
		fuzz_quiet();
		ready = 1;
	}
	fuzz_lines((const char *)data, size, parse_line, &x);
	return 0;
}
