/* test_wide.c - lib/stats/wide.c: two's complement accumulators, the
 * sign-magnitude arithmetic of results, decimal text. */
#include <math.h>
#include <stdlib.h>

#include "stats/wide.h"
#include "unit.h"

static int text_is(const struct wide *w, const char *want)
{
	struct buf b = BUF_INIT;
	wide_put(&b, w);
	int ok = b.len == strlen(want) && memcmp(b.p, want, b.len) == 0;
	if (!ok)
		fprintf(stderr, "got '%.*s', want '%s'\n", (int)b.len, b.p, want);
	buf_free(&b);
	return ok;
}

static void test_limbs(void)
{
	uint64_t a[4] = {0};
	limbs_add_shifted(a, 4, 5, 0, true); /* -5 */
	struct wide w;
	wide_from_limbs(&w, a, 4);
	CHECK(w.neg && text_is(&w, "-5"));
	limbs_add_shifted(a, 4, 1, 128, false); /* 2^128 - 5 */
	wide_from_limbs(&w, a, 4);
	CHECK(text_is(&w, "340282366920938463463374607431768211451"));
	limbs_mul_u64(a, 4, 1000);
	wide_from_limbs(&w, a, 4);
	CHECK(text_is(&w, "340282366920938463463374607431768211451000"));
	uint64_t back[4];
	CHECK(wide_to_limbs(&w, back, 4) && memcmp(a, back, sizeof a) == 0);
	CHECK(!wide_to_limbs(&w, back, 2));
	CHECK(limbs_is_zero(a, 0) && !limbs_is_zero(a, 4));
}

static void test_arith(void)
{
	struct wide a, b, r;
	CHECK(wide_parse(&a, "-123456789012345678901234567890", 31));
	CHECK(wide_parse(&b, "98765432109876543210", 20));
	CHECK(wide_mul(&r, &a, &b) &&
	      text_is(&r, "-12193263113702179522496570642237463801111263526900"));
	CHECK(wide_add(&r, &a, &b) && text_is(&r, "-123456788913580246791358024680"));
	CHECK(wide_sub(&r, &b, &b) && !r.neg && text_is(&r, "0"));
	CHECK(wide_sub(&r, &b, &a) && text_is(&r, "123456789111111111011111111100"));
	wide_set_i64(&r, 3);
	CHECK(wide_shl(&r, 200) && wide_to_ld(&r, -200) == 3);
	CHECK(wide_to_ld(&a, 0) == -123456789012345678901234567890.0L ||
	      fabsl(wide_to_ld(&a, 0) / -123456789012345678901234567890.0L - 1) < 1e-18L);
	CHECK(!wide_parse(&r, "12a", 3) && !wide_parse(&r, "-", 1) && !wide_parse(&r, "", 0));
	CHECK(wide_parse(&r, "-0", 2) && !r.neg && r.n == 0);
}

int main(void)
{
	test_limbs();
	test_arith();
	return unit_report("wide");
}
