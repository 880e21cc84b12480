/* test_occupancy.c - lib/stats/occupancy.c: the peak of overlapping
 * sessions and when it was first reached, the state text, seconds. */

#include "stats/occupancy.h"
#include "unit.h"

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

int main(void)
{
	test_occupancy();
	return unit_report("occupancy");
}
