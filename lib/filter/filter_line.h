/* filter_line.h - one line of dcr-filter's input: parsed, tested and
 * perhaps selected, and the number of a line counted only when a
 * diagnostic needs it. filter.c walks every line through it, filter_scan.c
 * only the lines that hold the literal; this file calls neither.
 *
 * Ownership: the line and a struct filter_pos point into the current
 * block, which the reader owns; a selected record goes to the filter's
 * output.
 */
#ifndef DCR_FILTER_LINE_H
#define DCR_FILTER_LINE_H

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

#endif
