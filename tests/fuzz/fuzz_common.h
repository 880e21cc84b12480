/* fuzz_common.h - checks shared by the libFuzzer harnesses in tests/fuzz.
 *
 * fuzz_fail() reports a violated property on fd 2 and aborts, which
 * libFuzzer records as a crash with its input. fuzz_quiet() sends the
 * library's own diagnostics (stdio's stderr) to /dev/null, leaving fd 2 to
 * the fuzzer and the sanitizers. fuzz_check_pairs() is the property every
 * input dialect of dcr-parse must keep: what it hands out can be written
 * as a record that reads back with the same keys and values.
 */
#ifndef DCR_FUZZ_COMMON_H
#define DCR_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "parse/pairs.h"
#include "record/record.h"

static void fuzz_fail(const char *harness, const char *what)
{
	dprintf(STDERR_FILENO, "%s: property violated: %s\n", harness, what);
	abort();
}

static void fuzz_quiet(void)
{
	if (!getenv("FUZZ_VERBOSE")) {
		FILE *null = fopen("/dev/null", "w");
		if (null)
			stderr = null;
	}
}

/* A value as a record can hold it: valid UTF-8, NUL bytes allowed (they
 * are written \u0000). */
static int fuzz_value_ok(const char *v, size_t n)
{
	size_t at = 0;
	while (at < n) {
		at += utf8_check(v + at, n - at);
		if (at < n && v[at] != '\0')
			return 0;
		if (at < n)
			at++;
	}
	return 1;
}

/* The live pairs of ps, written as a record, must parse back to the
 * same keys and values; keys must be valid and unique. */
static void fuzz_check_pairs(const char *harness, struct pairs *ps)
{
	static struct buf line, scratch;
	static struct record rec;
	static int ready;
	if (!ready) {
		record_init(&rec);
		ready = 1;
	}
	buf_reset(&line);
	size_t live = 0;
	for (size_t i = 0; i < ps->n; i++) {
		const struct pair *p = &ps->p[i];
		if (p->dropped)
			continue;
		if (!p->k || !key_is_valid(p->k, p->kn))
			fuzz_fail(harness, "an invalid key");
		if (!p->v && p->vn)
			fuzz_fail(harness, "a value without bytes");
		if (p->vn && !fuzz_value_ok(p->v, p->vn))
			fuzz_fail(harness, "a value that is not valid UTF-8");
		if (live++)
			buf_addc(&line, ' ');
		record_put_pair(&line, p->k, p->kn, p->v ? p->v : "", p->vn);
	}
	if (live == 0)
		return;
	const char *why;
	size_t col;
	enum record_status st = record_parse(&rec, line.p, line.len, &why, &col);
	if (st != REC_OK)
		fuzz_fail(harness, strcmp(why, "duplicate key") == 0
					   ? "a duplicate key"
					   : "the written record does not parse");
	if (rec.n != live)
		fuzz_fail(harness, "the written record has another field count");
	size_t k = 0;
	for (size_t i = 0; i < ps->n; i++) {
		const struct pair *p = &ps->p[i];
		if (p->dropped)
			continue;
		const struct field *f = &rec.f[k++];
		struct slice v = field_value(f, &scratch);
		if (f->klen != p->kn || memcmp(f->key, p->k, p->kn) != 0 ||
		    v.n != p->vn || (v.n && memcmp(v.p, p->v, v.n) != 0))
			fuzz_fail(harness, "a field changed on the way through");
	}
}

/* Split data into lines as input_getline does (no LF; the last line may
 * lack one) and call fn on each with its 1-based number. Each line is an
 * exact-size copy, so that ASan sees any read past its end. */
static void fuzz_lines(const char *data, size_t n,
		       void (*fn)(const char *s, size_t len, unsigned long long no,
				  void *arg),
		       void *arg)
{
	unsigned long long no = 0;
	size_t pos = 0;
	while (pos < n) {
		const char *nl = memchr(data + pos, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - (data + pos)) : n - pos;
		char *copy = malloc(len ? len : 1);
		memcpy(copy, data + pos, len);
		fn(copy, len, ++no, arg);
		free(copy);
		pos += len + (nl != NULL);
	}
}

#endif
