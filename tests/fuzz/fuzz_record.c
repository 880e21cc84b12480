/* fuzz_record.c - libFuzzer harness for the record parser (lib/record/record.c).
 * fuzz-needs: lib/record/record.c
 *
 * Any bytes as a line: record_parse must not crash, and when it accepts
 * the line, writing each field back with record_put_field and parsing the
 * result must give the same keys and unescaped values; a line it calls
 * canonical must be written back byte for byte. A second property runs
 * the other way: any bytes as a value, written with record_put_pair, must
 * read back unchanged whenever they are valid UTF-8 (NUL allowed: it is
 * written as \u0000).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "record/record.h"

static struct record rec, again;
static struct buf out, scratch, scratch2;

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_record: property violated: %s\n", what);
	abort();
}

static void check_round_trip(const char *line, size_t n)
{
	buf_reset(&out);
	for (size_t i = 0; i < rec.n; i++) {
		if (i)
			buf_addc(&out, ' ');
		record_put_field(&out, &rec.f[i], &scratch);
	}
	if (rec.canonical && (out.len != n || memcmp(out.p, line, n) != 0))
		fail("a canonical line is not written back verbatim");
	const char *err;
	size_t col;
	if (record_parse(&again, out.p, out.len, &err, &col) != REC_OK)
		fail("a written record does not parse");
	if (again.n != rec.n)
		fail("a written record has another number of fields");
	if (!again.canonical)
		fail("a written record is not canonical");
	for (size_t i = 0; i < rec.n; i++) {
		const struct field *a = &rec.f[i], *b = &again.f[i];
		if (a->klen != b->klen || memcmp(a->key, b->key, a->klen) != 0)
			fail("a key changed");
		struct slice va = field_value(a, &scratch);
		struct slice vb = field_value(b, &scratch2);
		if (va.n != vb.n || memcmp(va.p, vb.p, va.n) != 0)
			fail("a value changed");
	}
}

/* Valid UTF-8 once NUL bytes (which the writer escapes) are set aside. */
static int utf8_ok_but_nul(const char *v, size_t n)
{
	char *copy = malloc(n ? n : 1);
	memcpy(copy, v, n);
	for (size_t i = 0; i < n; i++)
		if (!copy[i])
			copy[i] = ' ';
	int ok = utf8_check(copy, n) == n;
	free(copy);
	return ok;
}

static void check_value(const char *v, size_t n)
{
	buf_reset(&out);
	record_put_pair(&out, "k", 1, v, n);
	const char *err;
	size_t col;
	enum record_status st = record_parse(&again, out.p, out.len, &err, &col);
	if (!utf8_ok_but_nul(v, n)) {
		if (st != REC_ERROR)
			fail("a value with invalid UTF-8 was accepted");
		return;
	}
	if (st != REC_OK || again.n != 1 || !again.canonical)
		fail("a written value does not parse canonically");
	struct slice got = field_value(&again.f[0], &scratch);
	if (got.n != n || memcmp(got.p, v, n) != 0)
		fail("a written value reads back changed");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		record_init(&rec);
		record_init(&again);
		ready = 1;
	}
	/* An exact-size copy, so that ASan sees any read past the line. */
	char *line = malloc(size ? size : 1);
	memcpy(line, data, size);
	const char *err = NULL;
	size_t col = 0;
	enum record_status st = record_parse(&rec, line, size, &err, &col);
	if (st == REC_OK)
		check_round_trip(line, size);
	else if (st == REC_ERROR && (!err || col > size))
		fail("an error without a message or with a column past the end");
	check_value(line, size);
	free(line);
	return 0;
}
