/* test_derive.c - lib/lang/derive.c: "NAME = EXPR" compiled, bound to
 * columns and evaluated; errors with their column. */

#include <math.h>

#include "lang/derive.h"
#include "unit.h"

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

/* Functions: their arguments are whole expressions, a wrong count is an
 * error at the character where it shows, an absent argument absents. */
static void test_functions(void)
{
	struct derive_error err;
	struct derive *d = derive_compile("r = 1 + wilson_hi(a, (b)) * 0 + "
					  "poisson_hi(a - a, b, 2 * 500)", &err);
	CHECK(d && derive_bind(d, cols, NULL, &err));
	double vals[2] = {1, 2}, out;
	bool present[2] = {true, true};
	CHECK(d && derive_eval(d, vals, present, &out) &&
	      fabs(out - (1 + 1000 * 3.6888794541139363 / 2)) < 1e-9);
	present[0] = false;
	CHECK(d && !derive_eval(d, vals, present, &out));
	derive_free(d);
	CHECK(!derive_compile("r = wilson_lo(a)", &err) && err.col == 15);
	CHECK(!derive_compile("r = poisson_lo(a, b)", &err) && err.col == 19);
	CHECK(!derive_compile("r = nope(a)", &err) && err.col == 4);
}

int main(void)
{
	test_derive();
	test_functions();
	return unit_report("derive");
}
