/* fuzz_json.c - libFuzzer harness for the JSON lines reader (lib/parse/json.c).
 * fuzz-needs: lib/parse/json.c
 *
 * Each line of the input is parsed as dcr-parse -f jsonl does. A line
 * accepted must give pairs that write as a valid record reading back the
 * same (fuzz_check_pairs: valid, unique keys; valid UTF-8 values); a line
 * rejected must say why, with a column inside the line.
 */
#include <stdint.h>

#include "fuzz_common.h"
#include "parse/json.h"

#define H "fuzz_json"

static void parse_line(const char *s, size_t len, unsigned long long no,
		       void *arg)
{
	(void)no;
	struct pairs *out = arg;
	pairs_reset(out);
	const char *why = NULL;
	size_t col = 0;
	enum record_status st = json_parse(s, len, out, &why, &col);
	if (st == REC_OK)
		fuzz_check_pairs(H, out);
	else if (st == REC_ERROR && (!why || !*why || col > len))
		fuzz_fail(H, "a reject without a reason or with a column past the line");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pairs out;
	static int ready;
	if (!ready) {
		pairs_init(&out);
		fuzz_quiet();
		ready = 1;
	}
	fuzz_lines((const char *)data, size, parse_line, &out);
	return 0;
}
