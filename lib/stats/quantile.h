/* quantile.h - exact percentiles: every value of a group kept in 8 bytes
 * (the double's bits mapped to an order-preserving integer, radix.h),
 * sorted once at the end.
 *
 * Percentiles interpolate linearly between the closest ranks (Hyndman and
 * Fan's type 7, the default of R and numpy): for p in [0, 100] and n sorted
 * values x[0..n), h = (n - 1) * p / 100 and the result is
 * x[floor h] + (h - floor h) * (x[floor h + 1] - x[floor h]).
 *
 * Ownership: struct values owns its array; a zeroed one is empty;
 * values_free() releases it.
 */
#ifndef DCR_QUANTILE_H
#define DCR_QUANTILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#include "stats/radix.h"

struct values {
	uint64_t *k;	/* radix_key_double() of each value */
	uint64_t n, cap;
	bool sorted;
};

void values_grow(struct values *vs);

static inline void values_add(struct values *vs, double x)
{
	if (vs->n == vs->cap)
		values_grow(vs);
	vs->k[vs->n++] = radix_key_double(x);
	vs->sorted = false;
}

void values_merge(struct values *dst, const struct values *src);
void values_sort(struct values *vs);
/* The p-th percentile of sorted values (n >= 1), p = mant / 10^scale in
 * [0, 100]: the rank h is split into whole and fraction exactly, in
 * integers, so p90 of 1,2,3,4,10 is 7.6 and not 7.6000000000000005. */
double values_quantile(const struct values *vs, int64_t mant, int scale);

/* State text for partial results: the sorted values from index *pos on as
 * ",x" or ",x*k" (k equal values), until about budget bytes are written;
 * *pos advances; returns the number of items written. */
uint64_t values_write(const struct values *vs, uint64_t *pos, size_t budget,
		      struct buf *out);
/* Add the items of a state ("x,y*3,...", without a leading ','); false
 * when malformed. */
bool values_read(struct values *vs, const char *s, size_t n, uint64_t *items);
void values_free(struct values *vs);

#endif
