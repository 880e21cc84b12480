/* radix.h - sorting 64-bit keys in linear time: percentile values and
 * occupancy times are sorted once per group, and there may be millions.
 *
 * Ownership: the caller's arrays; tmp has room for n keys.
 */
#ifndef DCR_RADIX_H
#define DCR_RADIX_H

#include <stddef.h>
#include <stdint.h>

/* Sort a[0..n) ascending as unsigned integers. */
void radix_sort_u64(uint64_t *a, size_t n, uint64_t *tmp);

/* Order-preserving maps to unsigned keys, and back. */
uint64_t radix_key_double(double x);
double radix_double_key(uint64_t k);
static inline uint64_t radix_key_i64(int64_t v)
{
	return (uint64_t)v ^ (UINT64_C(1) << 63);
}
static inline int64_t radix_i64_key(uint64_t k)
{
	return (int64_t)(k ^ (UINT64_C(1) << 63));
}

#endif
