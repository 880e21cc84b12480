/* test_moments.c - lib/stats/moments.c: exact decimals, their sums and
 * variance, merged and through the state text. */
#include <stdlib.h>


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
	CHECK(all.bin && all.n == 5);
	buf_reset(&x);
	CHECK(moments_sum(&all, &x) == 108.55);
	buf_reset(&y);
	moments_write(&all, &y);
	struct moments d = {0};
	CHECK(moments_read(&d, y.p, y.len) && d.bin && d.n == 5);
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
	buf_free(&x);
	buf_free(&y);
}

int main(void)
{
	test_decimals();
	test_moments();
	return unit_report("moments");
}
