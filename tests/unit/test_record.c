/* test_record.c - the record grammar: parse, unescape, write, round trip. */
#include <stdlib.h>

#include "record/record.h"
#include "unit.h"

static struct record r;
static const char *err;
static size_t col;

static enum record_status parse(const char *line)
{
	return record_parse(&r, line, strlen(line), &err, &col);
}

/* Parse must fail with this message at this column. */
static void rejects(const char *line, const char *msg, size_t at)
{
	CHECK(parse(line) == REC_ERROR);
	CHECK(err && strcmp(err, msg) == 0);
	CHECK(col == at);
	if (err && strcmp(err, msg) != 0)
		fprintf(stderr, "  line '%s': got '%s'\n", line, err);
}

static void test_accepts(void)
{
	CHECK(parse("ts=2024-03-01T08:14:22Z event=check_in") == REC_OK);
	CHECK(r.n == 2 && r.canonical);
	CHECK_MEM(r.f[0].key, r.f[0].klen, "ts");
	CHECK_MEM(r.f[1].val, r.f[1].vlen, "check_in");
	CHECK(parse("a=1  \tb=2\r") == REC_OK); /* runs of blanks, CR */
	CHECK(r.n == 2 && !r.canonical);
	CHECK_MEM(r.f[1].val, r.f[1].vlen, "2");
	CHECK(parse("k=\"\"") == REC_OK && r.f[0].vlen == 0 && r.f[0].quoted);
	CHECK(parse("_src=a.log:3 x_1=v") == REC_OK && r.n == 2);
	CHECK(parse("name=Cli\xc3\xabnt") == REC_OK);
	CHECK(parse("") == REC_SKIP);
	CHECK(parse("   \t") == REC_SKIP);
	CHECK(parse("# a comment = with anything \"") == REC_SKIP);
	CHECK(parse("  # indented comment") == REC_SKIP);
	char key64[80] = {0};
	memset(key64, 'k', 64);
	strcat(key64, "=v");
	CHECK(parse(key64) == REC_OK);
}

static void test_rejects(void)
{
	rejects("a=1 a=2", "duplicate key", 4);
	rejects("Ab=1", "invalid key (keys are [a-z_][a-z0-9_]*)", 0);
	rejects("1a=1", "invalid key (keys are [a-z_][a-z0-9_]*)", 0);
	rejects("a-b=1", "invalid key (keys are [a-z_][a-z0-9_]*)", 0);
	rejects("a=1 bare", "key without '=' and value", 4);
	rejects("a=", "missing value (an empty value is written k=\"\")", 2);
	rejects("a= b=1", "missing value (an empty value is written k=\"\")", 2);
	rejects("a=x=y", "invalid character in unquoted value", 3);
	rejects("a=x\"y", "invalid character in unquoted value", 3);
	rejects("a=x\\y", "invalid character in unquoted value", 3);
	rejects("a=\"x", "unterminated quoted value", 4);
	rejects("a=\"x\\", "unterminated quoted value", 4);
	rejects("a=\"x\"y", "expected a blank after the quoted value", 5);
	rejects("a=\"\\q\"", "invalid escape in quoted value", 3);
	rejects("a=\"\\u0080\"", "invalid \\u escape (only \\u0000 to \\u007F)", 3);
	rejects("a=\"\\u00\"", "invalid \\u escape (only \\u0000 to \\u007F)", 3);
	rejects("a=\"\x01\"", "control character in quoted value", 3);
	rejects("a=\xff", "invalid UTF-8", 2);
	rejects("a=\xc0\xaf", "invalid UTF-8", 2);	 /* overlong '/' */
	rejects("a=\xed\xa0\x80", "invalid UTF-8", 2);	 /* surrogate */
	rejects("a=\xf4\x90\x80\x80", "invalid UTF-8", 2); /* > U+10FFFF */
	char key65[80] = {0};
	memset(key65, 'k', 65);
	strcat(key65, "=v");
	rejects(key65, "key longer than 64 bytes", 0);
	CHECK(record_parse(&r, "a=1\0b", 5, &err, &col) == REC_ERROR);
	CHECK(strcmp(err, "NUL byte in line") == 0 && col == 3);
}

static void test_unescape(void)
{
	struct buf s = BUF_INIT;
	CHECK(parse("a=\"q\\\"b\\\\s\\nn\\rr\\tt\\u0001\\u007F\"") == REC_OK);
	struct slice v = field_value(&r.f[0], &s);
	CHECK_MEM(v.p, v.n, "q\"b\\s\nn\rr\tt\x01\x7f");
	CHECK(parse("a=\"\\u0000\"") == REC_OK);
	v = field_value(&r.f[0], &s);
	CHECK(v.n == 1 && v.p[0] == 0);
	buf_free(&s);
}

/* Writing then parsing gives back the same value, for awkward values. */
static void test_round_trip(void)
{
	static const char *values[] = {
		"", " ", "a b", "\"", "\\", "=", "a=b", "\n\r\t", "x\x01y\x7fz",
		"Den Haag \xe2\x80\x93 Centrum", "#", "'", "plain", "\\u0041",
	};
	struct buf out = BUF_INIT, s = BUF_INIT;
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		buf_reset(&out);
		record_put_pair(&out, "k", 1, values[i], strlen(values[i]));
		CHECK(record_parse(&r, out.p, out.len, &err, &col) == REC_OK);
		CHECK(r.canonical);
		struct slice v = field_value(&r.f[0], &s);
		CHECK_MEM(v.p, v.n, values[i]);
	}
	/* Random byte strings of valid UTF-8 (ASCII here, incl. controls). */
	srand(7);
	char val[64];
	for (int t = 0; t < 2000; t++) {
		size_t n = (size_t)(rand() % 20);
		for (size_t i = 0; i < n; i++)
			val[i] = (char)(rand() % 128);
		buf_reset(&out);
		record_put_pair(&out, "k", 1, val, n);
		int ok = record_parse(&r, out.p, out.len, &err, &col) == REC_OK;
		CHECK(ok);
		if (!ok)
			continue;
		struct slice v = field_value(&r.f[0], &s);
		CHECK(v.n == n && memcmp(v.p, val, n) == 0);
	}
	buf_free(&out);
	buf_free(&s);
}

/* A wide record takes the hashed duplicate check. */
static void test_wide(void)
{
	struct buf line = BUF_INIT;
	for (int i = 0; i < 200; i++) {
		char pair[32];
		snprintf(pair, sizeof pair, "%sk%d=%d", i ? " " : "", i, i);
		buf_adds(&line, pair);
	}
	CHECK(record_parse(&r, line.p, line.len, &err, &col) == REC_OK);
	CHECK(r.n == 200);
	buf_adds(&line, " k17=x");
	CHECK(record_parse(&r, line.p, line.len, &err, &col) == REC_ERROR);
	CHECK(strcmp(err, "duplicate key") == 0);
	buf_free(&line);
}

static void test_canonical(void)
{
	CHECK(parse("a=\"abc\"") == REC_OK && !r.canonical); /* needlessly quoted */
	CHECK(parse("a=\"\\u0041\"") == REC_OK && !r.canonical);
	CHECK(parse("a=\"\\u0009\"") == REC_OK && !r.canonical); /* \t is shorter */
	CHECK(parse("a=\"x y\" b=\"\\u0001\"") == REC_OK && r.canonical);
	CHECK(parse(" a=1") == REC_OK && !r.canonical);
	CHECK(parse("a=1 ") == REC_OK && !r.canonical);
}

/* The block parser and the reference parser agree on random lines built
 * from the bytes that matter to the grammar. */
static void test_fast_matches_reference(void)
{
	static const char alphabet[] = "ab_z09=\" \t\\#\x01\x7f\xc3\xab\xff\r=a=b";
	struct record ref;
	record_init(&ref);
	char line[300];
	srand(11);
	int disagree = 0, ok_lines = 0;
	for (int t = 0; t < 200000; t++) {
		size_t n = (size_t)(rand() % 150);
		/* mostly well-formed pairs, with a random byte here and there */
		size_t i = 0;
		while (i < n) {
			int k = rand() % 10;
			if (k < 7) {
				i += (size_t)snprintf(line + i, sizeof line - i, "%sk%d=v%d",
						      i ? " " : "", rand() % 12, rand() % 1000);
			} else {
				line[i++] = alphabet[rand() % (int)(sizeof alphabet - 1)];
			}
			if (i >= sizeof line - 40)
				break;
		}
		const char *e1 = NULL, *e2 = NULL;
		size_t c1 = 0, c2 = 0;
		record_use_reference(false);
		enum record_status s1 = record_parse(&r, line, i, &e1, &c1);
		record_use_reference(true);
		enum record_status s2 = record_parse(&ref, line, i, &e2, &c2);
		record_use_reference(false);
		bool same = s1 == s2;
		if (same && s1 == REC_ERROR)
			same = e1 == e2 && c1 == c2;
		if (same && s1 == REC_OK) {
			same = r.n == ref.n && r.canonical == ref.canonical;
			for (size_t f = 0; same && f < r.n; f++)
				same = r.f[f].key == ref.f[f].key && r.f[f].klen == ref.f[f].klen &&
				       r.f[f].val == ref.f[f].val && r.f[f].vlen == ref.f[f].vlen &&
				       r.f[f].quoted == ref.f[f].quoted;
		}
		if (s1 == REC_OK)
			ok_lines++;
		if (!same && disagree++ < 5)
			fprintf(stderr, "parsers disagree on '%.*s'\n", (int)i, line);
	}
	CHECK(disagree == 0);
	CHECK(ok_lines > 20000); /* both outcomes are exercised */
	CHECK(ok_lines < 180000);
	record_free(&ref);
}

int main(void)
{
	record_init(&r);
	test_accepts();
	test_rejects();
	test_unescape();
	test_round_trip();
	test_wide();
	test_canonical();
	test_fast_matches_reference();
	record_free(&r);
	return unit_report("record");
}
