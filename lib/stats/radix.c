/* radix.c - least-significant-digit radix sort of 64-bit keys, one byte
 * per pass, skipping the passes where every key has the same byte (the
 * high bytes of durations and times usually do). */
#include "stats/radix.h"

#include <string.h>

static void insertion_sort(uint64_t *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t v = a[i];
		size_t j = i;
		while (j > 0 && a[j - 1] > v) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = v;
	}
}

void radix_sort_u64(uint64_t *a, size_t n, uint64_t *tmp)
{
	if (n < 64) {
		insertion_sort(a, n);
		return;
	}
	size_t count[8][256];
	memset(count, 0, sizeof count);
	for (size_t i = 0; i < n; i++) {
		uint64_t v = a[i];
		for (int b = 0; b < 8; b++)
			count[b][(v >> (8 * b)) & 255]++;
	}
	uint64_t *src = a, *dst = tmp;
	for (int b = 0; b < 8; b++) {
		size_t *c = count[b];
		if (c[(src[0] >> (8 * b)) & 255] == n)
			continue; /* every key has this byte: nothing moves */
		size_t sum = 0;
		for (int k = 0; k < 256; k++) {
			size_t t = c[k];
			c[k] = sum;
			sum += t;
		}
		for (size_t i = 0; i < n; i++) {
			uint64_t v = src[i];
			dst[c[(v >> (8 * b)) & 255]++] = v;
		}
		uint64_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
}

uint64_t radix_key_double(double x)
{
	uint64_t u;
	if (x == 0)
		x = 0; /* -0 sorts with +0 */
	memcpy(&u, &x, sizeof u);
	return (u >> 63) ? ~u : u | (UINT64_C(1) << 63);
}

double radix_double_key(uint64_t k)
{
	uint64_t u = (k >> 63) ? k & ~(UINT64_C(1) << 63) : ~k;
	double x;
	memcpy(&x, &u, sizeof x);
	return x;
}
