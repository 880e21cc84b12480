/* test_quantile.c - lib/stats/quantile.c: type-7 percentiles, values
 * sorted as qsort would sort them, and the state text. */
#include <stdlib.h>


#include "stats/quantile.h"
#include "stats/radix.h"
#include "unit.h"

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

int main(void)
{
	test_quantiles();
	return unit_report("quantile");
}
