/* fuzz_csv.c - libFuzzer harness for the CSV/TSV reader (lib/parse/csv.c).
 * fuzz-needs: lib/parse/csv.c
 *
 * Byte 0 chooses the options: bits 0-1 the delimiter (, ; tab |), bit 2
 * TSV, bit 3 no header with --fields a,b,c, bits 4-5 a small maximum
 * record length. The rest is the file, fed line by line as dcr-parse
 * does. Every record handed out must be writable as a valid record that
 * reads back the same (fuzz_check_pairs); a reject must say why, with a
 * column inside its text.
 */
#include <stdint.h>

#include "parse/csv.h"
#include "fuzz_common.h"
#include "io/input.h"

#define H "fuzz_csv"

struct state {
	struct csv csv;
	struct pairs out;
};

static void check_result(enum csv_status st, const struct csv_result *res)
{
	if (st != CSV_REJECT && st != CSV_FAIL)
		return;
	if (!res->why || !*res->why)
		fuzz_fail(H, "a reject without a reason");
	if (res->col != (size_t)-1 && res->col > res->raw.n)
		fuzz_fail(H, "a reject column past the record");
}

static void feed(const char *s, size_t len, unsigned long long no, void *arg)
{
	struct state *x = arg;
	struct csv_result res;
	memset(&res, 0, sizeof res);
	enum csv_status st = csv_feed(&x->csv, slice_of(s, len), no, &x->out, &res);
	if (st == CSV_RECORD) {
		if (x->out.n != x->csv.ncols)
			fuzz_fail(H, "a record with another number of cells");
		fuzz_check_pairs(H, &x->out);
	}
	check_result(st, &res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[4] = {',', ';', '\t', '|'};
	static const char *const fields[3] = {"a", "b", "c"};
	static const size_t max_records[4] = {INPUT_DEFAULT_MAX_RECORD, 4, 16, 100};
	static int ready;
	if (!ready) {
		fuzz_quiet();
		ready = 1;
	}
	if (size < 1)
		return 0;
	struct csv_opts o = {0};
	o.delim = delims[data[0] & 3];
	o.tsv = data[0] >> 2 & 1;
	if (data[0] >> 3 & 1) {
		o.no_header = true;
		o.fields = fields;
		o.nfields = 3;
	}
	input_max_record = max_records[data[0] >> 4 & 3];
	struct state x;
	csv_init(&x.csv, &o);
	pairs_init(&x.out);
	csv_start(&x.csv);
	fuzz_lines((const char *)data + 1, size - 1, feed, &x);
	struct csv_result res;
	memset(&res, 0, sizeof res);
	check_result(csv_end(&x.csv, &res), &res);
	csv_sniff_delimiter((const char *)data + 1, size - 1);
	pairs_free(&x.out);
	csv_free(&x.csv);
	return 0;
}
