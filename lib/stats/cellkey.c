/* cellkey.c - the noise table of the cell key method; see cellkey.h. */
#include "stats/cellkey.h"

/* Out of 65536: the weight of each noise from -8 to 8 (symmetric, so the
 * mean is exactly 0; the weights add up to 65536). */
static const uint16_t weight[2 * CELLKEY_MAX_NOISE + 1] = {
	131, 131, 131, 131, 131, 131, 4588, 13107, 28574,
	13107, 4588, 131, 131, 131, 131, 131, 131,
};

int cellkey_noise(uint64_t cell_key)
{
	/* a sum of uniform keys is uniform: its top bits choose */
	uint32_t r = (uint32_t)(cell_key >> 48), below = 0;
	for (int i = 0; i < 2 * CELLKEY_MAX_NOISE; i++) {
		below += weight[i];
		if (r < below)
			return i - CELLKEY_MAX_NOISE;
	}
	return CELLKEY_MAX_NOISE;
}

uint64_t cellkey_perturb(uint64_t n, uint64_t cell_key)
{
	if (n == 0)
		return 0;
	int d = cellkey_noise(cell_key);
	if (d < 0 && (uint64_t)-d >= n)
		return 1;
	return d < 0 ? n - (uint64_t)-d : n + (uint64_t)d;
}
