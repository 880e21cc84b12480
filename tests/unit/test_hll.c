/* test_hll.c - lib/stats/hll.c: exact while sparse, within 3% of
 * 100000 distinct values after, merged and through the state text. */
#include <math.h>
#include <stdio.h>


#include "base/hash.h"
#include "stats/hll.h"
#include "unit.h"

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

int main(void)
{
	test_hll();
	return unit_report("hll");
}
