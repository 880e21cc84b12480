/* test_regex.c - the PCRE2 wrapper: flags, groups, names, errors, limits. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lang/regex.h"
#include "unit.h"

static struct regex *comp(const char *pat, unsigned flags)
{
	struct regex_error err;
	struct regex *re = regex_compile(pat, strlen(pat), flags, &err);
	if (!re)
		fprintf(stderr, "compile '%s': %s at %zu\n", pat, err.msg,
			err.offset);
	return re;
}

static int match(struct regex *re, const char *s)
{
	return regex_exec(re, s, strlen(s), NULL, 0);
}

static void test_basic(void)
{
	struct regex *re = comp("^K[0-9A-F]{7}$", 0);
	CHECK(re != NULL);
	CHECK(match(re, "K7F3A9E2") == 1);
	CHECK(match(re, "k7f3a9e2") == 0);
	CHECK(match(re, "K7F3A9E") == 0);
	CHECK(regex_ngroups(re) == 0);
	regex_free(re);

	re = comp("abc", 0);
	CHECK(regex_exec(re, NULL, 0, NULL, 0) == 0); /* empty subject */
	CHECK(regex_exec(re, "xabcx", 3, NULL, 0) == 0); /* length respected */
	CHECK(regex_exec(re, "xabcx", 4, NULL, 0) == 1);
	regex_free(re);
}

static void test_flags(void)
{
	struct regex *re = comp("^k7f", REGEX_CASELESS);
	CHECK(match(re, "K7F3A9E2") == 1);
	regex_free(re);

	re = comp("^ a b # comment\n c$", REGEX_EXTENDED);
	CHECK(match(re, "abc") == 1);
	CHECK(match(re, "a b c") == 0);
	regex_free(re);

	re = comp("^a.b$", 0);
	CHECK(match(re, "a\nb") == 0);
	regex_free(re);
	re = comp("^a.b$", REGEX_DOTALL);
	CHECK(match(re, "a\nb") == 1);
	regex_free(re);

	re = comp("b", REGEX_ANCHORED);
	CHECK(match(re, "ab") == 0);
	CHECK(match(re, "ba") == 1);
	regex_free(re);

	/* UTF-8: one character, not two bytes */
	re = comp("^.$", 0);
	CHECK(match(re, "\xc3\xa9") == 1);
	regex_free(re);
	re = comp("^\xc3\xa9$", REGEX_CASELESS);
	CHECK(match(re, "\xc3\x89") == 1);
	regex_free(re);
}

static void test_groups(void)
{
	struct regex *re = comp("^(?<date>\\d{4}-\\d\\d-\\d\\d) (\\w+)(x)?", 0);
	CHECK(re != NULL);
	CHECK(regex_ngroups(re) == 3);
	CHECK(regex_group_name(re, 1) && strcmp(regex_group_name(re, 1), "date") == 0);
	CHECK(regex_group_name(re, 2) == NULL);
	CHECK(regex_group_name(re, 3) == NULL);
	CHECK(regex_group_name(re, 0) == NULL);
	CHECK(regex_group_name(re, 4) == NULL);
	struct slice g[5];
	const char *s = "2024-03-01 check_in rest";
	CHECK(regex_exec(re, s, strlen(s), g, 5) == 1);
	CHECK_MEM(g[0].p, g[0].n, "2024-03-01 check_in");
	CHECK_MEM(g[1].p, g[1].n, "2024-03-01");
	CHECK_MEM(g[2].p, g[2].n, "check_in");
	CHECK(g[3].p == NULL);
	CHECK(g[4].p == NULL); /* beyond the pattern's groups */
	regex_free(re);

	re = comp("(?<a>x)|(?<b>y)", 0);
	CHECK(strcmp(regex_group_name(re, 1), "a") == 0);
	CHECK(strcmp(regex_group_name(re, 2), "b") == 0);
	CHECK(regex_exec(re, "y", 1, g, 3) == 1);
	CHECK(g[1].p == NULL);
	CHECK_MEM(g[2].p, g[2].n, "y");
	regex_free(re);
}

static void test_errors(void)
{
	struct regex_error err;
	CHECK(regex_compile("a(b", 3, 0, &err) == NULL);
	CHECK(strstr(err.msg, "missing closing parenthesis") != NULL);
	CHECK(err.offset == 3);
	CHECK(regex_compile("a[", 2, 0, &err) == NULL);
	CHECK(err.offset == 2);
	CHECK(regex_compile("*a", 2, 0, &err) == NULL);
	CHECK(strstr(err.msg, "quantifier does not follow") != NULL);
	CHECK(err.offset == 0);

	/* parentheses nested beyond the limit */
	char deep[1200];
	size_t n = 0;
	for (int i = 0; i < 300; i++)
		deep[n++] = '(';
	deep[n++] = 'a';
	for (int i = 0; i < 300; i++)
		deep[n++] = ')';
	CHECK(regex_compile(deep, n, 0, &err) == NULL);
	CHECK(strstr(err.msg, "parentheses are too deeply nested") != NULL);

	/* a pattern longer than the maximum */
	size_t big = REGEX_MAX_PATTERN + 1;
	char *p = malloc(big);
	memset(p, 'a', big);
	CHECK(regex_compile(p, big, 0, &err) == NULL);
	CHECK(strstr(err.msg, "pattern longer than") != NULL);
	free(p);
}

/* A catastrophic pattern on a long subject ends with an error, fast. */
static void test_limits(void)
{
	size_t n = 30000;
	char *s = malloc(n + 1);
	memset(s, 'a', n);
	s[n] = 'b';
	struct regex *re = comp("(a+)+$", 0);
	clock_t t0 = clock();
	CHECK(regex_exec(re, s, n + 1, NULL, 0) == -1);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK(secs < 5.0);
	CHECK(strstr(regex_errmsg(re), "limit exceeded (catastrophic pattern?)") != NULL);
	/* still usable afterwards */
	CHECK(match(re, "aaa") == 1);
	regex_free(re);

	/* deep recursion: the JIT stack or the depth limit */
	re = comp("^(a|b)*$", 0);
	memset(s, 'a', n);
	int rc = regex_exec(re, s, n, NULL, 0);
	CHECK(rc == 1 || rc == -1);
	regex_free(re);

	re = comp("^(?:(a)|b)*c", 0);
	rc = regex_exec(re, s, n, NULL, 0);
	CHECK(rc == 0 || rc == -1);
	regex_free(re);
	free(s);
}

static void test_invalid_utf8(void)
{
	struct regex *re = comp("a", 0);
	CHECK(regex_exec(re, "a\xff", 2, NULL, 0) == -1);
	CHECK(strstr(regex_errmsg(re), "UTF-8") != NULL);
	regex_free(re);
	regex_free(NULL);
}

int main(void)
{
	test_basic();
	test_flags();
	test_groups();
	test_errors();
	test_limits();
	test_invalid_utf8();
	return unit_report("regex");
}
