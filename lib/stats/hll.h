/* hll.h - approximate distinct counts in bounded memory: exact below
 * HLL_SPARSE_MAX distinct values, HyperLogLog above.
 *
 * Below the threshold the set keeps the 64-bit hashes themselves, so the
 * count is exact up to hash collisions (about n^2 / 2^65). Above it, 2^14
 * six-bit registers (16 KiB) estimate the count with Ertl's improved
 * estimator ("New cardinality estimation algorithms for HyperLogLog
 * sketches", 2017): standard error about 1.04 / sqrt(2^14) = 0.81%, with no
 * bias correction tables and no range switch. Merging two sketches (the
 * register-wise maximum) is exact: the result is the sketch of the union.
 *
 * Ownership: a struct hll belongs to whoever holds the pointer; NULL is an
 * empty sketch; hll_free() releases it.
 */
#ifndef DCR_HLL_H
#define DCR_HLL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define HLL_P 14
#define HLL_SPARSE_MAX 2048

struct hll;

/* Add a value by its 64-bit hash (hash_bytes with HLL_SEED). */
#define HLL_SEED UINT64_C(0x68797065726c6f67)
void hll_add(struct hll **h, uint64_t hash);
/* *dst becomes the sketch of the union of *dst and src. */
void hll_merge(struct hll **dst, const struct hll *src);
/* The estimated number of distinct values (exact while sparse). */
double hll_estimate(const struct hll *h);
/* Append the state as text of bare-value characters (dcr-records(5)). */
void hll_write(const struct hll *h, struct buf *out);
/* Merge a state written by hll_write into *h; false when s is not one. */
bool hll_read(struct hll **h, const char *s, size_t n);
void hll_free(struct hll *h);

#endif
