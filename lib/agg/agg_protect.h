/* agg_protect.h - small cells: which values of dcr-agg's output are
 * hidden (--min-cell K). Internal to aggout.c; dcr-agg(1), SMALL CELLS,
 * states the rules for users.
 *
 * 1. Primary: a value resting on fewer than K records (agg_support).
 * 2. Linked: the values of one row computed from records under the same
 *    condition (a count, the sum and mean of a field, a percentile) are
 *    hidden together, so that no hidden value is the quotient or
 *    difference of shown ones (count = sum / mean).
 * 3. Complementary, with a total row: cells are hidden, smallest first,
 *    until for every column of counts each hidden count could be any
 *    value from 0 to K - 1 given the rows and the total (a reader who
 *    knows K, the rules, and even which hidden cells are small learns
 *    nothing more of it than "fewer than K"), and no column of sums has
 *    a single hidden cell. The total itself is hidden when no cell is
 *    left to hide.
 *
 * Ownership: the tables are struct aggout's (aggout.h).
 */
#ifndef DCR_AGG_PROTECT_H
#define DCR_AGG_PROTECT_H

#include <stdint.h>

#include "agg/aggout.h"

/* Size the per-column tables of o for rows rows (groups and the total). */
void protect_init(struct aggout *o, size_t rows);
/* Rules 1 and 2 for row j, from the support of each aggregate. */
void protect_row(struct aggout *o, size_t j, const uint64_t *support);
/* Rule 3 (o->totals, after protect_row for every row). */
void protect_margin(struct aggout *o);
void protect_free(struct aggout *o);

#endif
