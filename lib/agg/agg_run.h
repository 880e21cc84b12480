/* agg_run.h - one run of dcr-agg: groups and aggregates made from its
 * options, records added (or partial states merged), and the groups
 * written as results or as partial states.
 *
 *     struct agg_run run;
 *     agg_run_init(&run);             then set the options' fields
 *     agg_run_start(&run);
 *     if (!agg_run_threads(&run, files, nfiles, rejects))
 *             while ((r = reader_next(&rd)))
 *                     agg_run_record(&run, r, rd.in.name, rd.in.lineno);
 *     agg_run_finish(&run, &out, !rd.failed);
 *     agg_run_free(&run);
 *
 * With --merge the aggregates and the grouping come with the first partial
 * record (agg_partial.h); large regular files are read by threads where
 * that gives the same result (agg_threads.h).
 *
 * Ownership: the run owns its groups, aggregates and output tables; the
 * option strings it points to stay the caller's (argv).
 */
#ifndef DCR_AGG_RUN_H
#define DCR_AGG_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agg/agg.h"
#include "agg/agg_partial.h"
#include "agg/agg_partial_keys.h"
#include "agg/aggout.h"
#include "agg/groupby.h"
#include "agg/agg_threads.h"
#include "io/output.h"
#include "record/keycheck.h"
#include "record/record.h"

struct agg_run {
	/* the options, set between agg_run_init() and agg_run_start() */
	const char *group_spec;	/* -g, or NULL */
	const char *sort_spec;	/* --sort, or NULL */
	const char **aggargs;	/* -a, in order (agg_run_add_agg) */
	size_t naggargs;
	const char **derives;	/* --derive, in order (agg_run_add_derive) */
	size_t nderives;
	int jobs;		/* -j: threads for large files */
	bool partial, merge, strict, totals;
	uint64_t min_cell;	/* --min-cell; 0: none */
	const char *cell_key_path; /* --cell-key FILE, or NULL */
	struct keycheck kc;	/* --allow-missing and --schema go here */
	agg_range_fn *read_range; /* threads: the files are not dcr records */
	void *read_ctx;		/* (agg_threads.h); NULL: they are */
	/* private */
	struct groupby g;
	struct agg_set *aggs;
	struct aggout out;
	struct agg_partial_reader pr;
	struct agg_partial_keys pk; /* --merge: the closing records read */
	bool ready;		/* the aggregates are set up */
	struct key *cell_key;	/* loaded from cell_key_path */
};

/* Zero the options; jobs defaults to the CPUs online, at most 8. */
void agg_run_init(struct agg_run *run);
void agg_run_add_agg(struct agg_run *run, const char *arg);
void agg_run_add_derive(struct agg_run *run, const char *arg);
/* Parse -g, -a, --derive and --sort; dies with a usage error. */
void agg_run_start(struct agg_run *run);

/* Aggregate the files with threads where that gives the same result as
 * one pass (regular uncompressed files, no rejects, --merge or --strict,
 * buckets only in UTC); false when the caller is to read them in one
 * pass (again: a thread met something to report where it is). */
bool agg_run_threads(struct agg_run *run, char **files, int nfiles,
		     bool rejects);
/* Add one record, or with --merge merge one partial record. */
void agg_run_record(struct agg_run *run, const struct record *r,
		    const char *file, uint64_t line);
/* Write the groups to out when complete is true (the input was read
 * whole) and every key named by -g and -a appeared (keycheck.h), and
 * report skipped values; false when a named key was missing (reported;
 * nothing written). With --partial the check is left to --merge: the
 * states end with their closing record (agg_partial_keys.h). */
bool agg_run_finish(struct agg_run *run, struct output *out, bool complete);
void agg_run_free(struct agg_run *run);

#endif
