/* test_moments.c - lib/stats/moments.c: exact decimals, their sums and
 * variance, merged and through the state text. */
#include <stdlib.h>
#include <string.h>


#include "stats/moments.h"
#include "unit.h"

static int dec(const char *s, int64_t want, int scale)
{
	int64_t m;
	int sc;
	return dec_parse(s, strlen(s), &m, &sc) && m == want && sc == scale;
}

static int not_dec(const char *s)
{
	int64_t m;
	int sc;
	return !dec_parse(s, strlen(s), &m, &sc);
}

static void add_all(struct moments *m, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		CHECK(moments_add_text(m, v[i], strlen(v[i])));
}

static void test_decimals(void)
{
	CHECK(dec("0", 0, 0) && dec("-12", -12, 0) && dec("+3", 3, 0));
	CHECK(dec("1.50", 15, 1) && dec(".5", 5, 1) && dec("5.", 5, 0));
	CHECK(dec("0.005", 5, 3) && dec("007.0", 7, 0) && dec("-0.000000001", -1, 9));
	CHECK(dec("123456789012345678", 123456789012345678, 0));
	CHECK(not_dec("1234567890123456789") && not_dec("0.0000000001"));
	CHECK(not_dec("1e3") && not_dec("") && not_dec("-") && not_dec("1,5"));
}

static void test_moments(void)
{
	static const char *const v[] = {"0.1", "0.2", "12", "-3.75", "1e2"};
	struct moments a = {0}, b = {0}, all = {0};
	add_all(&a, v, 2);
	add_all(&b, v + 2, 2);
	add_all(&all, v, 4);
	moments_merge(&a, &b);
	struct buf x = BUF_INIT, y = BUF_INIT;
	moments_write(&a, &x);
	moments_write(&all, &y);
	CHECK(x.len == y.len && memcmp(x.p, y.p, x.len) == 0);
	buf_reset(&x);
	CHECK(moments_sum(&all, &x) == 8.55);
	CHECK_MEM(x.p, x.len, "8.55");
	double mean, var;
	CHECK(moments_mean(&all, &mean) && mean == 8.55 / 4);
	CHECK(moments_var(&all, &var) && var == 46.612291666666664);
	/* through the state text */
	struct moments c = {0};
	CHECK(moments_read(&c, y.p, y.len));
	double cv;
	CHECK(moments_var(&c, &cv) && cv == var);
	/* an exponent adds the double exactly, beside the decimals */
	add_all(&all, v + 4, 1);
	CHECK(moments_has_doubles(&all) && all.n == 5);
	buf_reset(&x);
	CHECK(moments_sum(&all, &x) == 108.55);
	buf_reset(&y);
	moments_write(&all, &y);
	struct moments d = {0};
	CHECK(moments_read(&d, y.p, y.len) && moments_has_doubles(&d) && d.n == 5);
	buf_reset(&x);
	CHECK(moments_sum(&d, &x) == 108.55);
	CHECK(!moments_read(&d, "1,2", 3) && !moments_read(&d, "x,1,1,0", 7));
	CHECK(!moments_read(&d, "1,1,-1,0", 8) && !moments_read(&d, "1,1,1,10", 8));
	CHECK(!moments_read(&d, "1,1,1,0,1", 9) && !moments_read(&d, "1,1,1,0,1,-1", 12));
	/* the largest decimals: sums past 2^128 stay exact */
	struct moments w = {0};
	for (int i = 0; i < 1000; i++)
		CHECK(moments_add_text(&w, "-999999999.999999999", 20));
	buf_reset(&x);
	moments_sum(&w, &x);
	CHECK_MEM(x.p, x.len, "-1000000000000"); /* as a double: not an integer */
	buf_reset(&x);
	moments_write(&w, &x);
	CHECK_MEM(x.p, x.len, "1000,-999999999999999999000,999999999999999998000000000000000001000,9");
	CHECK(moments_var(&w, &var) && var == 0);
	moments_free(&w);
	moments_free(&all);
	moments_free(&d);
	moments_free(&c);
	/* a sum past 2^53 stays exact */
	struct moments big = {0};
	for (int i = 0; i < 3; i++)
		CHECK(moments_add_text(&big, "9007199254740993", 16));
	buf_reset(&x);
	moments_sum(&big, &x);
	CHECK_MEM(x.p, x.len, "27021597764222979");
	struct moments one = {0};
	CHECK(moments_add_text(&one, "5", 1) && !moments_var(&one, &var));
	CHECK(!moments_add_text(&one, "abc", 3) && one.n == 1);
	moments_free(&big);
	moments_free(&one);
	buf_free(&x);
	buf_free(&y);
}

/* The text of a state, into a fresh buffer b. */
static void state_text(const struct moments *m, struct buf *b)
{
	buf_reset(b);
	moments_write(m, b);
}

/* The 64-bit sums move to the wide ones at the value that would overflow
 * them, exactly, and every path gives the same state text. */
static void test_compact(void)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	/* squares that sum to just under 2^64, then one that passes it */
	const char *v[] = {"4294967295", "2", "92681", "1000"};
	struct moments m = {0};
	add_all(&m, v, 3);
	CHECK(!m.is_wide);
	state_text(&m, &x);
	CHECK_MEM(x.p, x.len, "3,4295059978,18446744073709384790,0");
	add_all(&m, v + 3, 1);
	CHECK(m.is_wide && !moments_has_doubles(&m) && m.n == 4);
	state_text(&m, &x);
	CHECK_MEM(x.p, x.len, "4,4295060978,18446744073710384790,0");
	double var;
	CHECK(moments_var(&m, &var) && var == 4.611618957508602e+18);
	/* a finer scale that the small sums cannot take: 3e9 then 1e-9 */
	struct moments r = {0};
	CHECK(moments_add_text(&r, "3000000000", 10) && !r.is_wide);
	CHECK(moments_add_text(&r, "0.000000001", 11) && r.is_wide);
	state_text(&r, &x);
	CHECK_MEM(x.p, x.len, "2,3000000000000000001,9000000000000000000000000000000000001,9");
	buf_reset(&y);
	moments_sum(&r, &y);
	CHECK_MEM(y.p, y.len, "3000000000");
	CHECK(moments_var(&r, &var) && var == 4.5e+18);
	/* small into wide, wide into small, and through the text: one state */
	struct moments a = {0}, b = {0}, ab = {0}, ba = {0}, t = {0};
	add_all(&a, v, 2);
	add_all(&b, v + 2, 1);
	CHECK(!a.is_wide && !b.is_wide);
	moments_merge(&ab, &a);
	moments_merge(&ab, &b);
	CHECK(!ab.is_wide);
	moments_merge(&ba, &m);
	moments_merge(&ba, &a); /* wide += small */
	moments_merge(&a, &m);	/* small += wide */
	CHECK(a.is_wide && ba.is_wide && a.n == 6 && ba.n == 6);
	state_text(&a, &x);
	state_text(&ba, &y);
	CHECK(x.len == y.len && memcmp(x.p, y.p, x.len) == 0);
	CHECK(moments_read(&t, x.p, x.len) && t.is_wide);
	state_text(&t, &y);
	CHECK(x.len == y.len && memcmp(x.p, y.p, x.len) == 0);
	/* a text whose sums fit is read back into 64-bit sums */
	struct moments u = {0};
	state_text(&ab, &x);
	CHECK(moments_read(&u, x.p, x.len) && !u.is_wide && u.n == 3);
	state_text(&u, &y);
	CHECK(x.len == y.len && memcmp(x.p, y.p, x.len) == 0);
	/* a negative sum sign-extends into the wide limbs */
	struct moments neg = {0};
	CHECK(moments_add_text(&neg, "-5.5", 4) && !neg.is_wide);
	CHECK(moments_add_text(&neg, "1e300", 5) && moments_has_doubles(&neg));
	buf_reset(&y);
	CHECK(moments_sum(&neg, &y) == 1e300);
	moments_free(&neg);
	CHECK(!neg.is_wide && neg.n == 0);
	struct moments *all[] = {&m, &r, &a, &b, &ab, &ba, &t, &u};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		moments_free(all[i]);
	buf_free(&x);
	buf_free(&y);
}

int main(void)
{
	test_decimals();
	test_moments();
	test_compact();
	return unit_report("moments");
}
