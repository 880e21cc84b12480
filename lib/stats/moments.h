/* moments.h - count, sum and sum of squares of decimal numbers, kept
 * exactly: the state behind sum, mean, var and stdev.
 *
 * Log values are short decimals ("1834", "12.5"). Each is read as an
 * integer mantissa and a power of ten, and the sums are kept as 128-bit
 * integers at the largest scale seen, so no rounding happens while adding
 * or merging: a result computed from merged partial states is the same
 * number as one computed in a single pass, in any order. A value with an
 * exponent, more than 18 significant or 9 fraction digits, or sums
 * outgrowing 128 bits switch the state to doubles (a compensated sum and
 * Welford's mean and squared deviations), whose results may then differ
 * in the last digits between orders of adding.
 *
 * Ownership: plain values; a zeroed struct moments is empty.
 */
#ifndef DCR_MOMENTS_H
#define DCR_MOMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

__extension__ typedef __int128 mom_int;

struct moments {
	uint64_t n;
	mom_int s, ss;	/* sum * 10^scale, sum of squares * 10^(2 scale) */
	int scale;	/* 0..9 */
	bool inexact;	/* the double fields below hold the state */
	double sum, comp; /* Neumaier sum and its running compensation */
	double mean, m2;  /* Welford: mean, sum of squared deviations */
};

/* A decimal without exponent, as mantissa * 10^-scale: at most 18
 * significant digits and 9 fraction digits (trailing zeros dropped). */
bool dec_parse(const char *s, size_t n, int64_t *mant, int *scale);

/* Add the number written s[0..n); false (nothing added) if not a number. */
bool moments_add_text(struct moments *m, const char *s, size_t n);
void moments_add_double(struct moments *m, double x);
void moments_merge(struct moments *dst, const struct moments *src);

/* The sum: *out as a double; text appended to txt (an integer sum exactly,
 * whatever its size; otherwise num_put's shortest form). */
double moments_sum(const struct moments *m, struct buf *txt);
/* Mean (n >= 1) and sample variance (n >= 2); false when undefined. */
bool moments_mean(const struct moments *m, double *out);
bool moments_var(const struct moments *m, double *out);

/* The state as text: "N,S,SS,SCALE" exact, "N,~,SUM,COMP,MEAN,M2" not. */
void moments_write(const struct moments *m, struct buf *out);
/* Merge a state written by moments_write into m; false if malformed. */
bool moments_read(struct moments *m, const char *s, size_t n);

#endif
