/* agg_threads.h - dcr-agg over large regular files with several threads.
 *
 * Each file is cut into ranges at line ends (a line belongs to the range
 * where it starts); a thread reads each range and aggregates it into groups
 * and states of its own, built from the same -g and -a arguments; then the
 * ranges are merged into the caller's groups in input order, with the
 * exact merge of agg_merge_state(), so that the result is that of one pass
 * (first and last included). The first range's groups become the caller's
 * as they are, and each thread's groups are freed once merged, so that a
 * group is not held once per thread and once more.
 *
 * Threads cannot report a bad line by its number, so a thread that meets
 * anything to report (a line that is not a record, a line too long, a read
 * error, a condition that fails to evaluate) stops, and agg_threads_run()
 * says so: the caller then starts afresh with the ordinary single pass, which
 * reports it where it is. The caller uses this module only where threads
 * give the same result: regular uncompressed files, no --reject, --strict
 * or --merge, and time buckets only in UTC (the zone's offset cache is not
 * shared between threads).
 *
 * Ownership: the caller's groupby and agg_set receive the merged groups;
 * everything the threads make is freed before agg_threads_run() returns.
 */
#ifndef DCR_AGG_THREADS_H
#define DCR_AGG_THREADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "agg/agg.h"
#include "agg/groupby.h"
#include "record/record.h"

/* Where a reader of another format puts each record (the worker's). */
typedef void agg_record_fn(void *worker, const struct record *r,
			   const char *file, uint64_t line);
/* Read the records of the lines of path that start in [start, end), each
 * given to add(worker, ...); false when anything was to be reported. */
typedef bool agg_range_fn(void *ctx, const char *path, off_t start,
			  off_t end, agg_record_fn *add, void *worker);

struct agg_threads {
	const char *group_spec;	 /* -g, or NULL */
	const char *const *aggs; /* the -a arguments */
	size_t naggs;
	int jobs;		 /* threads, >= 2 */
	const struct key *cell_key; /* --cell-key, or NULL */
	struct keycheck *kc;	 /* what the threads saw is merged into it */
	agg_range_fn *read_range; /* NULL: the files hold dcr records */
	void *read_ctx;
};

/* Aggregate the files into g and s (set up, as from the same arguments).
 * False when a thread met something to report: g and s then hold part of
 * the input and must be made afresh for the single pass. */
bool agg_threads_run(const struct agg_threads *p, char **files, int nfiles,
		     struct groupby *g, struct agg_set *s);

#endif
