/* cellkey.h - the perturbation of the cell key method (dcr-agg
 * --cell-key): the same cell gets the same noise in every table.
 *
 * Each record has a fixed random key (key_record_key, from the record and
 * the secret key file); a cell's key is the sum of its records' keys,
 * modulo 2^64, so it depends only on which records the cell holds, not on
 * the table, the order or how states were merged. The noise of a count
 * is a fixed function of its cell key: an integer from -CELLKEY_MAX_NOISE
 * to CELLKEY_MAX_NOISE, 0 with probability 0.436, +-1 0.2 each, +-2 0.07
 * each, +-3 to +-8 0.002 each (mean 0, variance 1.756): small noise as a
 * rule, a bound far enough out that a difference of a few cells cannot be
 * narrowed to a few values by anyone who knows the method.
 */
#ifndef DCR_CELLKEY_H
#define DCR_CELLKEY_H

#include <stdint.h>

#define CELLKEY_MAX_NOISE 8

/* The noise of a cell whose key is cell_key. */
int cellkey_noise(uint64_t cell_key);

/* The count n of a cell with key cell_key as published: n + noise, but 0
 * stays 0 (no records, nobody to protect) and a count of at least 1 stays
 * at least 1 (a small upward bias below 8). */
uint64_t cellkey_perturb(uint64_t n, uint64_t cell_key);

#endif
