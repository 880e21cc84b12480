/* test_expr.c - the condition language: parsing, evaluation, errors and
 * the prefilter literal. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang/expr.h"
#include "record/record.h"
#include "unit.h"

static struct record rec;

/* Evaluate src on the record line; -2 when src does not compile. */
static int ev(const char *src, const char *line)
{
	struct expr_error err;
	struct expr *e = expr_compile(src, &err);
	if (!e) {
		fprintf(stderr, "compile '%s': %s (col %zu)\n", src, err.msg, err.col);
		return -2;
	}
	const char *why;
	size_t col;
	if (record_parse(&rec, line, strlen(line), &why, &col) != REC_OK) {
		fprintf(stderr, "bad test record '%s'\n", line);
		expr_free(e);
		return -3;
	}
	int r = expr_eval(e, &rec);
	expr_free(e);
	return r;
}

/* The column and message of a compile error. */
static size_t err_col(const char *src, const char *want_msg)
{
	struct expr_error err;
	struct expr *e = expr_compile(src, &err);
	if (e) {
		expr_free(e);
		fprintf(stderr, "'%s' compiled\n", src);
		return (size_t)-1;
	}
	if (strstr(err.msg, want_msg) == NULL) {
		fprintf(stderr, "'%s': got '%s', want '%s'\n", src, err.msg, want_msg);
		return (size_t)-2;
	}
	return err.col;
}

static const char *LINE =
	"ts=2024-03-01T08:14:22Z event=session_start n=10 d=2.5 neg=-3 "
	"client=K7F3A9E2 note=\"a \\\"b\\\" c\" empty=\"\" route=inject";

static void test_compare(void)
{
	CHECK(ev("event == session_start", LINE) == 1);
	CHECK(ev("event == 'session_start'", LINE) == 1);
	CHECK(ev("event == \"session_start\"", LINE) == 1);
	CHECK(ev("event != session_start", LINE) == 0);
	CHECK(ev("event==session_start", LINE) == 1);
	/* numeric when both are numbers */
	CHECK(ev("n == 10.0", LINE) == 1);
	CHECK(ev("n == 1e1", LINE) == 1);
	CHECK(ev("n > 9", LINE) == 1);
	CHECK(ev("n < 9", LINE) == 0);
	CHECK(ev("n >= 10", LINE) == 1);
	CHECK(ev("n <= 10", LINE) == 1);
	CHECK(ev("n > 9.5", LINE) == 1);
	CHECK(ev("d < 10", LINE) == 1);  /* bytewise "2.5" > "10" */
	CHECK(ev("neg < -2", LINE) == 1);
	/* bytewise otherwise */
	CHECK(ev("event > session", LINE) == 1);
	CHECK(ev("event < session_startx", LINE) == 1);
	CHECK(ev("n < abc", LINE) == 1);   /* "10" < "abc" */
	/* chronological for time stamps */
	CHECK(ev("ts == 2024-03-01T09:14:22+01:00", LINE) == 1);
	CHECK(ev("ts < 2024-03-01T08:14:22.001Z", LINE) == 1);
	CHECK(ev("ts >= 2024-03-01", LINE) == 1); /* a date: bytewise */
	CHECK(ev("ts < 2024-03-02", LINE) == 1);
	/* quoted values are unescaped */
	CHECK(ev("note == 'a \"b\" c'", LINE) == 1);
	CHECK(ev("note == \"a \\\"b\\\" c\"", LINE) == 1);
	CHECK(ev("empty == ''", LINE) == 1);
	CHECK(ev("empty != ''", LINE) == 0);
}

static void test_missing(void)
{
	CHECK(ev("nokey == x", LINE) == 0);
	CHECK(ev("nokey != x", LINE) == 1);
	CHECK(ev("nokey < x", LINE) == 0);
	CHECK(ev("nokey > x", LINE) == 0);
	CHECK(ev("nokey ~ /x/", LINE) == 0);
	CHECK(ev("nokey !~ /x/", LINE) == 1);
	CHECK(ev("nokey in (x, y)", LINE) == 0);
	CHECK(ev("has(nokey)", LINE) == 0);
	CHECK(ev("missing(nokey)", LINE) == 1);
	CHECK(ev("has(empty)", LINE) == 1);
	CHECK(ev("missing(empty)", LINE) == 0);
}

static void test_logic(void)
{
	CHECK(ev("n == 10 and route == inject", LINE) == 1);
	CHECK(ev("n == 10 && route == smoke", LINE) == 0);
	CHECK(ev("n == 11 or route == inject", LINE) == 1);
	CHECK(ev("n == 11 || route == smoke", LINE) == 0);
	CHECK(ev("not n == 11", LINE) == 1);
	CHECK(ev("!has(n)", LINE) == 0);
	CHECK(ev("! ! has(n)", LINE) == 1);
	CHECK(ev("not not has(n)", LINE) == 1);
	/* and binds tighter than or */
	CHECK(ev("n == 10 or n == 11 and n == 12", LINE) == 1);
	CHECK(ev("(n == 10 or n == 11) and n == 12", LINE) == 0);
	CHECK(ev("not (n == 10 and n == 11)", LINE) == 1);
	CHECK(ev("n in (1, 10, 100)", LINE) == 1);
	CHECK(ev("n in (10.0)", LINE) == 1);
	CHECK(ev("route in (smoke, 'inject')", LINE) == 1);
	CHECK(ev("route in (smoke, sniff)", LINE) == 0);
	/* keywords as keys and values */
	CHECK(ev("route == and", "route=and") == 1);
	CHECK(ev("not == 1", "not=1") == 1);
	CHECK(ev("has == 1", "has=1") == 1);
	CHECK(ev("in in (in)", "in=in") == 1);
}

static void test_regex(void)
{
	CHECK(ev("client ~ /^K[0-9A-F]{7}$/", LINE) == 1);
	CHECK(ev("client ~ /^k7f/", LINE) == 0);
	CHECK(ev("client ~ /^k7f/i", LINE) == 1);
	CHECK(ev("client !~ /^k7f/i", LINE) == 0);
	CHECK(ev("client ~ '^K7'", LINE) == 1);
	CHECK(ev("client ~ \"\\d{3}\"", LINE) == 0);
	CHECK(ev("client ~ \"\\d\"", LINE) == 1);
	CHECK(ev("note ~ /\"b\"/", LINE) == 1);
	CHECK(ev("note ~ /^a \\S+ c$/", LINE) == 1);
	CHECK(ev("p ~ /a\\/b/", "p=a/b") == 1);
	CHECK(ev("p ~ /^ a \\/ b $/x", "p=a/b") == 1);
	CHECK(ev("p ~ /a.b/s", "p=\"a\\nb\"") == 1);
	CHECK(ev("p ~ /a.b/", "p=\"a\\nb\"") == 0);
}

static void test_errors(void)
{
	CHECK(err_col("", "expected a condition") == 0);
	CHECK(err_col("route ==", "expected a value after '=='") == 8);
	CHECK(err_col("route", "expected an operator") == 5);
	CHECK(err_col("route = x", "'=' is not an operator") == 6);
	CHECK(err_col("route == x y", "expected 'and', 'or' or the end") == 11);
	CHECK(err_col("Route == x", "invalid key") == 0);
	CHECK(err_col("(a == 1", "expected ')' to close the '(' at column 1") == 7);
	CHECK(err_col("a == 'x", "unterminated string") == 5);
	CHECK(err_col("a ~ /x", "unterminated /PATTERN/") == 4);
	CHECK(err_col("a ~ /x/g", "unknown regex flag 'g'") == 7);
	CHECK(err_col("a ~ x", "expected /PATTERN/") == 4);
	CHECK(err_col("a ~ /a(b/", "invalid regex: missing closing parenthesis (at offset 3)") == 8);
	CHECK(err_col("a == 1 & b == 2", "expected '&&'") == 7);
	CHECK(err_col("a == 1 | b == 2", "expected '||'") == 7);
	CHECK(err_col("has(a", "expected ')' after the key") == 5);
	CHECK(err_col("has()", "expected a key") == 4);
	CHECK(err_col("a in x", "expected '(' after 'in'") == 5);
	CHECK(err_col("a in (x y)", "expected ',' or ')'") == 8);
	CHECK(err_col("a in ()", "expected a value") == 6);
	CHECK(err_col("and", "expected an operator") == 3);
	CHECK(err_col(")", "expected a key") == 0);
	CHECK(err_col("a == 1 and", "expected a condition") == 10);
}

static void check_lit(const char *src, const char *want, const char *want_key)
{
	struct expr_error err;
	struct expr *e = expr_compile(src, &err);
	CHECK(e != NULL);
	if (!e)
		return;
	struct slice l = expr_required_literal(e), k = expr_literal_key(e);
	if (want)
		CHECK_MEM(l.p ? l.p : "(none)", l.p ? l.n : 6, want);
	else
		CHECK_MEM(l.p ? l.p : "(none)", l.p ? l.n : 6, "(none)");
	if (want_key)
		CHECK_MEM(k.p ? k.p : "(none)", k.p ? k.n : 6, want_key);
	else
		CHECK(k.p == NULL);
	expr_free(e);
}

static void test_literal(void)
{
	check_lit("route == inject", "route=inject", "route");
	check_lit("route == 'inject'", "route=inject", "route");
	check_lit("n == 10", "n=", NULL);          /* 10.0 matches too */
	check_lit("ts == 2024-03-01T08:00:00Z", "ts=", NULL);
	check_lit("note == 'a b'", "note=", NULL);  /* never bare */
	check_lit("route != inject", NULL, NULL);
	check_lit("has(x)", "x=", NULL);
	check_lit("missing(x)", NULL, NULL);
	check_lit("x < 5", "x=", NULL);
	check_lit("route in (a, b)", "route=", NULL);
	check_lit("route == inject or a == b", NULL, NULL);
	check_lit("not route == inject", NULL, NULL);
	check_lit("a == b and route == inject", "route=inject", "route");
	check_lit("has(duration_s) and route == x", "route=x", "route");
	/* regexes */
	check_lit("client ~ /^K7F/", "client=K7F", "client");
	check_lit("client ~ /K7F3/", "K7F3", "client");
	check_lit("client ~ /K7/", "client=", NULL);
	check_lit("client ~ /^K7F/i", "client=", NULL);
	check_lit("client !~ /^K7F/", NULL, NULL);
	check_lit("x ~ /abc|def/", "x=", NULL);
	check_lit("x ~ /(abc|def)ghij/", "ghij", "x");
	check_lit("x ~ /abcd?ef/", "abc", "x");
	check_lit("x ~ /abcd*efgh/", "efgh", "x");
	check_lit("x ~ /ab+cdef/", "bcdef", "x");
	check_lit("x ~ /^ab+cdefg/", "bcdefg", "x");
	check_lit("x ~ /^abcd+e/", "x=abcd", "x");
	check_lit("x ~ /ab{2}cdef/", "cdef", "x");
	check_lit("x ~ /a\\.b\\/c/", "a.b/c", "x");
	check_lit("x ~ /\\d+-\\w+-abc/", "-abc", "x");
	check_lit("x ~ /[[:alpha:]]abcd/", "x=", NULL);
	check_lit("x ~ /[]abcd]efgh/", "efgh", "x");
	check_lit("x ~ /(?i)abcdef/", "x=", NULL);
	check_lit("x ~ /\\Qabc\\E/", "x=", NULL);
	check_lit("x ~ /abc\"def/", "abc", "x");
	check_lit("x ~ /abc\\x41def/", "x=", NULL);
	check_lit("x ~ /a b c d/", "a b c d", "x");
	check_lit("x ~ /a b c d/x", "x=", NULL);
}

/* All candidate literal sets, joined by "|"; the alternatives of a set by
 * "+"; "lit/key" when there is a key. */
static void check_lits(const char *src, const char *want)
{
	struct expr_error err;
	struct expr *e = expr_compile(src, &err);
	char got[512] = "";
	for (size_t i = 0; e && i < expr_literal_count(e); i++) {
		for (size_t j = 0; j < expr_literal_alts(e, i); j++) {
			struct expr_literal l = expr_literal_at(e, i, j);
			size_t len = strlen(got);
			snprintf(got + len, sizeof got - len, "%s%.*s%s%.*s",
				 j ? "+" : i ? "|" : "",
				 (int)l.lit.n, l.lit.p, l.key.p ? "/" : "",
				 (int)l.key.n, l.key.p ? l.key.p : "");
		}
	}
	CHECK_MEM(got, strlen(got), want);
	expr_free(e);
}

static void check_single(const char *src, const char *want)
{
	struct expr_error err;
	struct expr *e = expr_compile(src, &err);
	struct slice k = expr_single_key(e);
	CHECK_MEM(k.p ? k.p : "(none)", k.p ? k.n : 6, want);
	expr_free(e);
}

static void test_literal_list(void)
{
	check_lits("route == inject", "route=inject/route|route=");
	check_lits("client ~ /^K7F/ and n > 3",
		   "client=K7F/client|client=|n=");
	check_lits("client ~ /7F/", "client=|7F/client");
	check_lits("x ~ /abc.de+f/", "abc/x|x=|de/x|ef/x");
	check_lits("a == 1 or b == 2", "a=+b=");
	check_lits("a == x or b == y", "a=x/a+b=y/b");
	check_lits("a == x or not b == y", "");
	check_lits("route in (smoke, inject)",
		   "route=smoke/route+route=inject/route|route=");
	check_lits("n in (1, 2)", "n=");
	check_lits("s ~ /^(heroin|fentanyl)$/",
		   "s=heroin/s+s=fentanyl/s|s=");
	check_lits("s ~ /(?:abc|def)x/", "abc/s+def/s|s=");
	check_lits("s ~ /(ab|cd)x/", "s=|ab/s+cd/s");
	check_lits("s ~ /^(heroin|fentanyl)?$/", "s=");
	check_lits("s ~ /^(her.in|fentanyl)$/", "s=");
	check_lits("s ~ /^(heroin|fent?anyl)$/", "s=");
	check_lits("s ~ /^(heroin|)$/", "s=");
	check_lits("s ~ /^(a|b)/i", "s=");
	check_single("n > 5 and n < 9 or not has(n)", "n");
	check_single("n > 5 and m < 9", "(none)");
	check_single("client ~ /^K/", "client");
}

static void test_builders(void)
{
	struct expr_error err;
	struct expr *a = expr_test("route", "==", "inject", 6, &err);
	struct expr *b = expr_test("n", ">=", "10", 2, &err);
	struct expr *e = expr_and(a, b);
	const char *why;
	size_t col;
	CHECK(record_parse(&rec, LINE, strlen(LINE), &why, &col) == REC_OK);
	CHECK(expr_eval(e, &rec) == 1);
	struct slice l = expr_required_literal(e);
	CHECK_MEM(l.p, l.n, "route=inject");
	expr_free(e);

	e = expr_test("note", "~", "\"b\"", 3, &err);
	CHECK(expr_eval(e, &rec) == 1);
	expr_free(e);
	e = expr_test("nokey", "has", NULL, 0, &err);
	CHECK(expr_eval(e, &rec) == 0);
	expr_free(e);
	CHECK(expr_test("Bad", "==", "x", 1, &err) == NULL);
	CHECK(strstr(err.msg, "invalid key") != NULL);
	CHECK(expr_test("x", "~", "a(", 2, &err) == NULL);
	CHECK(err.col == 2);

	/* 2024-03-01T08:14:22Z = 1709280862 s */
	int64_t t = INT64_C(1709280862) * 1000000000;
	e = expr_time("ts", ">=", t);
	CHECK(expr_eval(e, &rec) == 1);
	expr_free(e);
	e = expr_time("ts", "<", t);
	CHECK(expr_eval(e, &rec) == 0);
	expr_free(e);
	e = expr_time("event", ">=", 0); /* not a time: false */
	CHECK(expr_eval(e, &rec) == 0);
	expr_free(e);
	CHECK(expr_and(NULL, NULL) == NULL);
}

static void test_limit(void)
{
	size_t n = 30000;
	char *line = malloc(n + 4);
	memcpy(line, "x=", 2);
	memset(line + 2, 'a', n);
	line[n + 2] = 'b';
	line[n + 3] = '\0';
	struct expr_error err;
	struct expr *e = expr_compile("x ~ /(a+)+$/", &err);
	const char *why;
	size_t col;
	CHECK(record_parse(&rec, line, n + 3, &why, &col) == REC_OK);
	CHECK(expr_eval(e, &rec) == -1);
	CHECK(strstr(expr_errmsg(e), "limit exceeded") != NULL);
	/* not swallowed by not, and, or */
	expr_free(e);
	e = expr_compile("not (x ~ /(a+)+$/) or has(x)", &err);
	CHECK(expr_eval(e, &rec) == -1);
	expr_free(e);
	free(line);
}

/* Random sequences of fragments: compile or fail with a message and a
 * column inside the text; never crash. */
static void test_random_syntax(void)
{
	static const char *const frag[] = {
		"a", "b_1", " ", "==", "!=", "<", "<=", ">", ">=", "~", "!~", "!",
		"(", ")", ",", "in", "has", "missing", "not", "and", "or", "&&",
		"||", "&", "|", "=", "'x'", "\"y\"", "'", "\"", "/a+/i", "/(/",
		"/x", "10", "-2.5", "2024-03-01T00:00:00Z", "\\", "\xc3\xa9",
	};
	unsigned seed = 12345;
	int bad = 0, compiled = 0;
	for (int round = 0; round < 20000; round++) {
		char src[256] = "";
		int n = 1 + (int)((seed = seed * 1103515245 + 12345) >> 16) % 8;
		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			strcat(src, frag[(seed >> 16) % (sizeof frag / sizeof frag[0])]);
		}
		struct expr_error err;
		memset(&err, 0, sizeof err);
		struct expr *e = expr_compile(src, &err);
		if (e) {
			compiled++;
			expr_free(e);
		} else if (err.msg[0] == '\0' || err.col > strlen(src)) {
			bad++;
			fprintf(stderr, "'%s': no message or col %zu\n", src, err.col);
		}
	}
	CHECK(bad == 0);
	CHECK(compiled > 20);
}

static void test_list_item(void)
{
	CHECK(ev("r has b", "r=a,b,c") == 1);
	CHECK(ev("r has a", "r=a") == 1);
	CHECK(ev("r has c", "r=a,b,c") == 1);
	CHECK(ev("r has ab", "r=a,b") == 0);
	CHECK(ev("r has a", "r=ab,ba") == 0);
	CHECK(ev("r has b", "x=b") == 0);
	CHECK(ev("r has ''", "r=a,") == 1);
	CHECK(ev("has has has", "has=has") == 1); /* a key may be called has */
	CHECK(ev("r has \"a b\"", "r=\"x,a b\"") == 1);
}

int main(void)
{
	record_init(&rec);
	test_compare();
	test_list_item();
	test_missing();
	test_logic();
	test_regex();
	test_errors();
	test_literal();
	test_literal_list();
	test_builders();
	test_limit();
	test_random_syntax();
	record_free(&rec);
	return unit_report("expr");
}
