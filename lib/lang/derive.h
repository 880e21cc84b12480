/* derive.h - derived values: "NAME = EXPR" over the output keys of
 * dcr-agg (or over the keys of a record, in dcr-join), with numbers,
 * + - * / and parentheses.
 *
 *     ods_per_1000 = 1000 * ods / visits
 *
 * and the 95% interval functions of interval.h:
 *
 *     od_hi = poisson_hi(ods, visits, 1000)
 *
 * and round(x), to the nearest integer with halves up:
 *
 *     utilisation_pct = round(100 * peak / places)
 *
 * A derived value is absent when an operand is absent or not a number, on
 * division by zero, outside a function's domain, and when the result is
 * not finite.
 *
 * Ownership: struct derive owns its program and name; derive_free().
 */
#ifndef DCR_DERIVE_H
#define DCR_DERIVE_H

#include <stdbool.h>
#include <stddef.h>

struct derive;

struct derive_error {
	char msg[160];
	size_t col; /* 0-based byte offset in the source text */
};

struct derive *derive_compile(const char *src, struct derive_error *err);
/* The NAME before '='. */
const char *derive_name(const struct derive *d);
/* Resolve each variable to a column index by lookup (-1: unknown); false
 * with err set (naming the key) when one is unknown. */
bool derive_bind(struct derive *d,
		 long (*lookup)(void *ctx, const char *name, size_t n),
		 void *ctx, struct derive_error *err);
/* Evaluate over the columns (present[i] false: absent); false when the
 * result is absent. */
bool derive_eval(const struct derive *d, const double *vals,
		 const bool *present, double *out);
/* True when the expression reads a column i with flags[i] set. */
bool derive_reads_any(const struct derive *d, const bool *flags);
void derive_free(struct derive *d);

#endif
