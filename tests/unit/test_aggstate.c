/* test_aggstate.c - the states behind dcr-agg's operators: exact decimal
 * sums, percentiles, radix sorting, HyperLogLog, sessions, derived values,
 * hashing and string sets. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lang/derive.h"
#include "base/arena.h"
#include "base/hash.h"
#include "stats/hll.h"
#include "stats/moments.h"
#include "stats/occupancy.h"
#include "stats/quantile.h"
#include "stats/radix.h"
#include "stats/strset.h"
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
	/* an exponent switches to doubles, which still add up */
	add_all(&all, v + 4, 1);
	CHECK(all.inexact && all.n == 5);
	buf_reset(&x);
	CHECK(moments_sum(&all, &x) == 108.55);
	buf_reset(&y);
	moments_write(&all, &y);
	struct moments d = {0};
	CHECK(moments_read(&d, y.p, y.len) && d.inexact && d.n == 5);
	CHECK(!moments_read(&d, "1,2", 3) && !moments_read(&d, "x,1,1,0", 7));
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

static void test_quantiles(void)
{
	struct values vs = {0};
	const double in[] = {10, 3, 1, 4, 2};
	for (int i = 0; i < 5; i++)
		values_add(&vs, in[i]);
	values_sort(&vs);
	CHECK(values_quantile(&vs, 50, 0) == 3);
	CHECK(values_quantile(&vs, 90, 0) == 7.6);
	CHECK(values_quantile(&vs, 999, 1) == 9.976);
	CHECK(values_quantile(&vs, 0, 0) == 1 && values_quantile(&vs, 100, 0) == 10);
	/* many values, negative and repeated: sorted like qsort would */
	struct values many = {0};
	srand(7);
	for (int i = 0; i < 5000; i++)
		values_add(&many, (rand() % 2001 - 1000) / 4.0);
	values_sort(&many);
	int sorted = 1;
	for (uint64_t i = 1; i < many.n; i++)
		sorted &= radix_double_key(many.k[i - 1]) <= radix_double_key(many.k[i]);
	CHECK(sorted);
	/* state text: sorted, repeats folded, read back */
	struct buf t = BUF_INIT;
	struct values r = {0};
	values_add(&r, 2.5);
	values_add(&r, -1);
	values_add(&r, 2.5);
	values_sort(&r);
	uint64_t pos = 0, items;
	CHECK(values_write(&r, &pos, 1 << 16, &t) == 2 && pos == 3);
	CHECK_MEM(t.p, t.len, ",-1,2.5*2");
	struct values back = {0};
	CHECK(values_read(&back, t.p + 1, t.len - 1, &items) && items == 2 && back.n == 3);
	CHECK(!values_read(&back, "1,", 2, &items) && !values_read(&back, "1*0", 3, &items));
	values_free(&vs);
	values_free(&many);
	values_free(&r);
	values_free(&back);
	buf_free(&t);
}

static void test_hll(void)
{
	struct hll *h = NULL, *a = NULL, *b = NULL;
	char key[32];
	for (int i = 0; i < 100000; i++) {
		int n = snprintf(key, sizeof key, "client-%d", i);
		uint64_t x = hash_bytes(key, (size_t)n, HLL_SEED);
		hll_add(&h, x);
		hll_add(i % 3 ? &a : &b, x);
		if (i == 1999)
			CHECK(hll_estimate(h) == 2000); /* exact while sparse */
	}
	double e = hll_estimate(h);
	CHECK(fabs(e - 100000) < 3000);
	hll_merge(&a, b);
	CHECK(hll_estimate(a) == e);
	struct buf t = BUF_INIT;
	hll_write(h, &t);
	struct hll *r = NULL;
	CHECK(hll_read(&r, t.p, t.len) && hll_estimate(r) == e);
	CHECK(!hll_read(&r, "r,zz", 4) && !hll_read(&r, "q", 1));
	hll_free(h);
	hll_free(a);
	hll_free(b);
	hll_free(r);
	buf_free(&t);
}

#define T(s) ((dcr_time)(s) * DCR_NS_PER_SEC)

static void test_occupancy(void)
{
	struct occ o = {0};
	occ_add(&o, T(0), T(1800));
	occ_add(&o, T(600), T(1200));
	occ_add(&o, T(1200), T(2400));
	occ_add(&o, T(1500), T(2100));
	occ_add(&o, T(1800), T(1860));
	occ_add(&o, T(3000), T(3000)); /* zero length: nothing */
	dcr_time at = 0;
	CHECK(o.n == 5 && occ_peak(&o, &at) == 3 && at == T(1500));
	occ_sort(&o);
	struct buf t = BUF_INIT;
	size_t pos = 0;
	uint64_t items;
	CHECK(occ_write(&o, &pos, 1 << 16, &t) == 5);
	CHECK_MEM(t.p, t.len, ",0/1800,+600/600,+600/1200,+300/600,+300/60");
	struct occ back = {0};
	CHECK(occ_read(&back, t.p + 1, t.len - 1, &items) && items == 5);
	CHECK(occ_peak(&back, &at) == 3 && at == T(1500));
	int64_t ns;
	CHECK(occ_parse_seconds("0.25", 4, &ns) && ns == 250000000);
	buf_reset(&t);
	occ_put_seconds(&t, 1500000001);
	CHECK_MEM(t.p, t.len, "1.500000001");
	occ_free(&o);
	occ_free(&back);
	buf_free(&t);
}

static long cols(void *ctx, const char *name, size_t n)
{
	(void)ctx;
	if (n == 1 && name[0] == 'a')
		return 0;
	if (n == 1 && name[0] == 'b')
		return 1;
	return -1;
}

static void test_derive(void)
{
	struct derive_error err;
	struct derive *d = derive_compile("r = -(a + 2) * 3 / b - 1", &err);
	CHECK(d && strcmp(derive_name(d), "r") == 0);
	CHECK(d && derive_bind(d, cols, NULL, &err));
	double vals[2] = {1, 2}, out;
	bool present[2] = {true, true};
	CHECK(d && derive_eval(d, vals, present, &out) && out == -5.5);
	vals[1] = 0;
	CHECK(d && !derive_eval(d, vals, present, &out));
	vals[1] = 2;
	present[0] = false;
	CHECK(d && !derive_eval(d, vals, present, &out));
	derive_free(d);
	CHECK(!derive_compile("r = (a", &err) && err.col == 6);
	CHECK(!derive_compile("= a", &err));
	d = derive_compile("r = a + c", &err);
	CHECK(d && !derive_bind(d, cols, NULL, &err) && err.col == 8);
	derive_free(d);
}

static void test_sets(void)
{
	struct arena ar;
	arena_init(&ar);
	struct strset s = {0};
	const char *v[] = {"b", "a", "", "b", "ccc"};
	for (int i = 0; i < 5; i++)
		strset_add(&s, &ar, v[i], strlen(v[i]), hash_bytes(v[i], strlen(v[i]), 0), 1);
	CHECK(s.n == 4);
	size_t n;
	struct strset_slot **sorted = strset_sorted(&s, &n);
	CHECK(n == 4 && strset_str(sorted[0]).n == 0);
	CHECK_MEM(strset_str(sorted[2]).p, strset_str(sorted[2]).n, "b");
	CHECK(sorted[2]->count == 2);
	free(sorted);
	strset_free(&s);
	arena_free(&ar);
	CHECK(hash_bytes("abc", 3, 0) != hash_bytes("abd", 3, 0));
	CHECK(hash_bytes("", 0, 0) != hash_bytes("", 0, 1));
}

/* Merging a set slot by slot into one still growing used to pile its
 * strings into runs of the smaller table: quadratic time (1e7 distinct
 * values took minutes with threads). Merging must now cost less than
 * building the set did, in CPU time (it was two to four times more). */
static void test_set_merge(void)
{
	struct arena a1, a2;
	arena_init(&a1);
	arena_init(&a2);
	struct strset big = {0}, dst = {0}, half = {0};
	char b[32];
	clock_t t0 = clock();
	for (int i = 0; i < 370000; i++) {
		size_t n = (size_t)snprintf(b, sizeof b, "%lld", i * 7919LL);
		strset_add(&big, &a1, b, n, hash_bytes(b, n, HLL_SEED), 1);
	}
	clock_t t1 = clock();
	strset_merge(&dst, &big);
	clock_t t2 = clock();
	CHECK(dst.n == 370000);
	CHECK(t2 - t1 < t1 - t0);
	for (int i = 1; i < 370000; i += 2) {
		size_t n = (size_t)snprintf(b, sizeof b, "%lld", i * 7919LL);
		strset_add(&half, &a2, b, n, hash_bytes(b, n, HLL_SEED), 2);
	}
	strset_merge(&dst, &half);
	uint64_t total = 0;
	for (uint32_t i = 0; i <= dst.mask; i++)
		total += dst.slots[i].s ? dst.slots[i].count : 0;
	CHECK(dst.n == 370000 && total == 370000 + 2 * 185000);
	strset_free(&big);
	strset_free(&half);
	strset_free(&dst);
	arena_adopt(&a1, &a2);
	CHECK(a2.head == NULL && a1.head != NULL);
	arena_free(&a1);
}

int main(void)
{
	test_decimals();
	test_moments();
	test_quantiles();
	test_hll();
	test_occupancy();
	test_derive();
	test_sets();
	test_set_merge();
	return unit_report("aggstate");
}
