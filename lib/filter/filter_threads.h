/* filter_threads.h - dcr-filter -c over large regular files with several
 * threads.
 *
 * Each file is cut into ranges at line ends (a line belongs to the range
 * where it starts, input_open_range()); a thread counts what the condition
 * selects in its range, with a condition, a filter and a key check of its
 * own, and the counts are added. A thread that meets anything a whole pass
 * would report (a line that is not a record, a line too long, a condition
 * that fails to evaluate, a read error) or a comment on its first line
 * (which may declare keys, and only a whole pass knows it is the file's
 * first line) stops, and filter_threads_count() returns false having
 * changed nothing: the caller then reads the inputs in one ordinary pass,
 * which reports it where it is. The caller uses this module only where
 * threads give the same result: -c without -q, -m and --reject, on regular
 * uncompressed files (input_ranges_worthwhile()).
 *
 * Ownership: everything a thread makes is freed before
 * filter_threads_count() returns; the caller's key check receives what
 * the threads saw.
 */
#ifndef DCR_FILTER_THREADS_H
#define DCR_FILTER_THREADS_H

#include <stdbool.h>
#include <stdint.h>

#include "filter/filter_args.h"
#include "record/keycheck.h"

struct filter_threads {
	int jobs;			/* threads, >= 2 */
	bool invert;			/* -v */
	const struct filter_args *args; /* the condition, compiled anew */
	struct keycheck *kc;		/* the caller's */
};

/* The number of records the condition selects in the files, in *count;
 * false (nothing changed) when a whole pass must count them. */
bool filter_threads_count(const struct filter_threads *p, char **files,
			  int nfiles, uint64_t *count);

#endif
