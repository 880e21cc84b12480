/* filter_scan.h - dcr-filter's block search, for filter.c: the lines of a
 * block that hold the literal go to filter_line(), the others are passed
 * over and only counted.
 *
 * Ownership: the block stays the reader's; the literal chosen on the
 * first block is kept in the filter (f->lit).
 */
#ifndef DCR_FILTER_SCAN_H
#define DCR_FILTER_SCAN_H

#include "filter/filter.h"

/* Only the lines of the block that hold the literal (or KEY=" for a
 * quoted value), and of those only the ones that may be selected. */
void filter_scan_block(struct filter *f, struct reader *rd,
		       struct slice block);

#endif
