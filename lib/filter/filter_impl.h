/* filter_impl.h - what filter.c and filter_scan.c share; no other file
 * includes it. */
#ifndef DCR_FILTER_IMPL_H
#define DCR_FILTER_IMPL_H

#include <stdint.h>

#include "filter/filter.h"

/* For the number of a line: the lines before `counted`, a line start in
 * the current block; lines further on are counted only when asked. */
struct filter_pos {
	const char *counted;
	uint64_t before;
};

uint64_t filter_line_number(struct filter_pos *ps, const char *line);

/* Parse, test and perhaps select one line of the current input. */
void filter_line(struct filter *f, struct reader *rd, struct slice line,
		 struct filter_pos *ps);

/* Only the lines of the block that hold the literal (or KEY=" for a
 * quoted value), and of those only the ones that may be selected. */
void filter_scan_block(struct filter *f, struct reader *rd,
		       struct slice block);

#endif
