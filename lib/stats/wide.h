/* wide.h - integers of up to WIDE_LIMBS 64-bit limbs, for the exact sums
 * behind sum, mean, var and stdev.
 *
 * Two forms. Accumulators are plain limb arrays in two's complement, least
 * significant limb first, added to in place (limbs_add3, limbs_mul_u64):
 * the caller sizes them so that the true value always fits, and the sums
 * then wrap correctly. Results are computed on struct wide, a sign and a
 * magnitude, with the operations variance needs; every operation refuses
 * (returns false) rather than lose a bit.
 *
 * Ownership: plain values.
 */
#ifndef DCR_WIDE_H
#define DCR_WIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

enum { WIDE_LIMBS = 96 };

struct wide {
	uint64_t l[WIDE_LIMBS]; /* magnitude, least significant first */
	size_t n;		/* limbs in use: l[n - 1] != 0, or n == 0 */
	bool neg;
};

/* Add (neg ? -1 : 1) * (w0 + w1 2^64 + w2 2^128) * 2^(64 k) to a[0..n). */
void limbs_add3(uint64_t *a, size_t n, size_t k, uint64_t w0, uint64_t w1,
		uint64_t w2, bool neg);
/* Add (neg ? -1 : 1) * v * 2^shift to a[0..n), v below 2^128. */
void limbs_add_shifted(uint64_t *a, size_t n, unsigned __int128 v,
		       unsigned shift, bool neg);
/* a[0..n) *= f, modulo 2^(64 n). */
void limbs_mul_u64(uint64_t *a, size_t n, uint64_t f);
bool limbs_is_zero(const uint64_t *a, size_t n);

/* The two's complement a[0..n) as a wide; into a[0..n), false if it does
 * not fit. */
void wide_from_limbs(struct wide *w, const uint64_t *a, size_t n);
bool wide_to_limbs(const struct wide *w, uint64_t *a, size_t n);

void wide_set_i64(struct wide *w, int64_t v);
bool wide_add(struct wide *r, const struct wide *a, const struct wide *b);
bool wide_sub(struct wide *r, const struct wide *a, const struct wide *b);
bool wide_mul(struct wide *r, const struct wide *a, const struct wide *b);
bool wide_mul_u64(struct wide *w, uint64_t f);
bool wide_shl(struct wide *w, unsigned bits);
/* w * 2^exp2 as a long double, within one unit in its last place (exp2
 * keeps the huge and the tiny in range). */
long double wide_to_ld(const struct wide *w, long exp2);

/* Decimal text, '-' for negatives; and back (false if not an integer or
 * too large). */
void wide_put(struct buf *out, const struct wide *w);
bool wide_parse(struct wide *w, const char *s, size_t n);

#endif
