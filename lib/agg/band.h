/* band.h - numeric bands of dcr-agg's group keys: the label of an integer
 * among ascending edges, and the order of such labels.
 *
 *     -g age_band=band:age(birth_year):20,30,40,50,60
 *
 * With edges E1 < ... < En, a value v < E1 is "under_E1", E_i <= v <
 * E_i+1 is "E_i-(E_i+1 - 1)" ("20-29") and v >= En is "En+". Edges are
 * integers of at most 15 digits, so that a label's lower bound is exact
 * as a double (the sort's numbers); at most BAND_MAX_EDGES of them.
 *
 * Ownership: struct band is a plain value; nothing here allocates.
 */
#ifndef DCR_BAND_H
#define DCR_BAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BAND_MAX_EDGES 32
/* "under_-999999999999999" and "-999999999999999--999999999999998" fit */
#define BAND_LABEL_SIZE 40

struct band {
	int64_t edges[BAND_MAX_EDGES];
	size_t n;
};

/* Parse the comma-separated edges of s[0..n). Returns NULL, or what is
 * wrong (a phrase for a usage error). */
const char *band_parse(struct band *b, const char *s, size_t n);

/* Write the label of v into buf (BAND_LABEL_SIZE bytes); returns its
 * length. */
size_t band_label(const struct band *b, int64_t v, char *buf);

/* True when s[0..n) is a label band_label writes for some edges:
 * "under_N", "N-M" with M >= N, or "N+", N and M integers written as dcr
 * writes them (no sign but '-', no leading zero) of at most 15 digits.
 * *lower is the band's lower bound, -infinity for "under_N". */
bool band_rank(const char *s, size_t n, double *lower);

#endif
