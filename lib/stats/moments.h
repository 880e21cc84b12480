/* moments.h - count, sum and sum of squares of numbers, kept exactly: the
 * state behind sum, mean, var and stdev.
 *
 * Log values are short decimals ("1834", "12.5"). Each is read as an
 * integer mantissa and a power of ten, and the sums are kept as integers
 * at the largest scale seen: 64-bit ones in the state itself while they
 * fit (a group of durations never needs more), then 256-bit ones on the
 * heap, which with at most 18 significant and 9 fraction digits and fewer
 * than 2^64 values cannot overflow; the move keeps the value. Any
 * other number the parser accepts (an exponent, more digits) is rounded
 * once to the nearest double, as every tool reading it would, and that
 * double and its square are added exactly to fixed-point sums wide enough
 * for every finite double (units of 2^-1074 and 2^-2148). So no rounding
 * happens while adding or merging: results from merged partial states are
 * the same numbers as from a single pass, in any order, and the mean,
 * variance and standard deviation are computed from the exact sums
 * (n SS - S^2 without cancellation) and rounded once at the end, to
 * within an ulp or two of the exact value.
 *
 * Ownership: a zeroed struct moments is empty; it owns its wide sums and
 * their bin (the sums of doubles), made on first use: moments_free()
 * releases them and leaves it empty.
 */
#ifndef DCR_MOMENTS_H
#define DCR_MOMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

enum { MOM_DEC = 4, MOM_BIN_S = 34, MOM_BIN_SS = 68 };

/* Sums of doubles: value * 2^1074 and value^2 * 2^2148, two's complement. */
struct moments_bin {
	uint64_t s[MOM_BIN_S], ss[MOM_BIN_SS];
};

struct moments_wide; /* moments.c: 256-bit sums, and the bin */

/* 32 bytes, one in each group's block of a sum, mean, var or stdev: the
 * sums are 64-bit integers until a value would overflow them (or is a
 * double), then 256-bit ones on the heap, of the same value. */
struct moments {
	uint64_t n;
	union {
		/* sum * 10^scale and sum of squares * 10^(2 scale) */
		struct { int64_t s; uint64_t ss; } small;
		struct moments_wide *wide;	/* when is_wide */
	} u;
	int scale;	/* of the small sums, 0..9 */
	bool is_wide;
};

/* A decimal without exponent, as mantissa * 10^-scale: at most 18
 * significant digits and 9 fraction digits (trailing zeros dropped). */
bool dec_parse(const char *s, size_t n, int64_t *mant, int *scale);

/* Add the number written s[0..n); false (nothing added) if not a number. */
bool moments_add_text(struct moments *m, const char *s, size_t n);
void moments_add_double(struct moments *m, double x);
void moments_merge(struct moments *dst, const struct moments *src);
void moments_free(struct moments *m);
/* Some value was added as a double (an exponent, too many digits). */
bool moments_has_doubles(const struct moments *m);

/* The sum: *out as a double; text appended to txt (an integer sum exactly,
 * whatever its size; otherwise num_put's shortest form). */
double moments_sum(const struct moments *m, struct buf *txt);
/* Mean (n >= 1), sample variance and standard deviation (n >= 2: with
 * one value they are undefined, not 0); false when undefined. */
bool moments_mean(const struct moments *m, double *out);
bool moments_var(const struct moments *m, double *out);
bool moments_stdev(const struct moments *m, double *out);

/* The state as text: "N,S,SS,SCALE", and ",B,C" (the sums of doubles in
 * their units) when there are any. */
void moments_write(const struct moments *m, struct buf *out);
/* Merge a state written by moments_write into m; false if malformed. */
bool moments_read(struct moments *m, const char *s, size_t n);

#endif
