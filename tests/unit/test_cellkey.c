/* test_cellkey.c - the noise table of the cell key method. */
#include "stats/cellkey.h"

#include <stdbool.h>

#include "unit.h"

/* Every noise over all 65536 top-bit values: the published probabilities,
 * mean 0 exactly, variance 1.756 to the table's rounding. */
static void test_table(void)
{
	long count[2 * CELLKEY_MAX_NOISE + 1] = {0};
	long long sum = 0, sq = 0;
	bool bounded = true;
	for (uint64_t r = 0; r < 65536; r++) {
		int d = cellkey_noise(r << 48 | 0x1234);
		bounded &= d >= -CELLKEY_MAX_NOISE && d <= CELLKEY_MAX_NOISE;
		if (!bounded)
			break;
		count[d + CELLKEY_MAX_NOISE]++;
		sum += d;
		sq += (long long)d * d;
	}
	CHECK(bounded);
	CHECK(sum == 0);
	CHECK(count[CELLKEY_MAX_NOISE] == 28574);
	CHECK(count[CELLKEY_MAX_NOISE + 1] == 13107 && count[CELLKEY_MAX_NOISE - 1] == 13107);
	CHECK(count[0] == 131 && count[2 * CELLKEY_MAX_NOISE] == 131);
	CHECK(sq == 2 * (13107LL + 4 * 4588 + 131LL * (9 + 16 + 25 + 36 + 49 + 64)));
}

static void test_perturb(void)
{
	CHECK(cellkey_perturb(0, 0) == 0);
	CHECK(cellkey_perturb(0, UINT64_MAX) == 0);
	/* the lowest top bits give -8: 3 stays at least 1, 100 becomes 92 */
	CHECK(cellkey_perturb(3, 0) == 1);
	CHECK(cellkey_perturb(100, 0) == 92);
	CHECK(cellkey_perturb(100, UINT64_MAX) == 108);
	CHECK(cellkey_perturb(100, (uint64_t)32768 << 48) == 100);
}

int main(void)
{
	test_table();
	test_perturb();
	return unit_report("cellkey");
}
