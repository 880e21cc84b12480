/* agg_run.c - dcr-agg from its options to the groups written. */
#include "agg/agg_run.h"

#include <stdlib.h>
#include <string.h>

#include "agg/agg_threads.h"
#include "base/cli.h"
#include "base/err.h"
#include "base/xmalloc.h"
#include "io/input.h"
#include "key/key.h"
#include "time/timefmt.h"

void agg_run_init(struct agg_run *run)
{
	memset(run, 0, sizeof *run);
	run->jobs = cli_default_jobs();
}

void agg_run_add_agg(struct agg_run *run, const char *arg)
{
	run->aggargs = xreallocarray(run->aggargs, size_add(run->naggargs, 1),
				     sizeof *run->aggargs);
	run->aggargs[run->naggargs++] = arg;
}

void agg_run_add_derive(struct agg_run *run, const char *arg)
{
	run->derives = xreallocarray(run->derives, size_add(run->nderives, 1),
				     sizeof *run->derives);
	run->derives[run->nderives++] = arg;
}

/* What can be set up once the aggregates are known. */
static void setup(struct agg_run *run)
{
	agg_setup(run->aggs, run->strict);
	groupby_start(&run->g, agg_state_size(run->aggs), run->strict);
	if (run->partial)
		agg_partial_check_names(run->aggs);
	for (size_t i = 0; i < run->g.nkeys; i++)
		for (size_t k = 0; k < agg_ncols(run->aggs); k++)
			if (strcmp(run->g.keys[i].name,
				   agg_col_name(run->aggs, k)) == 0)
				die_usage("output key '%s' is both a group key "
					  "and an aggregate", run->g.keys[i].name);
	if (!run->partial) {
		aggout_init(&run->out, &run->g, run->aggs);
		for (size_t i = 0; i < run->nderives; i++)
			aggout_add_derive(&run->out, run->derives[i]);
		if (run->sort_spec)
			aggout_sort_spec(&run->out, run->sort_spec);
		run->out.min_cell = run->min_cell;
		run->out.cell_key = run->cell_key != NULL;
		run->out.totals = run->totals;
	}
	run->ready = true;
}

void agg_run_start(struct agg_run *run)
{
	groupby_init(&run->g);
	if (run->group_spec)
		groupby_parse(&run->g, run->group_spec, run->merge);
	run->aggs = agg_new();
	if (run->cell_key_path && !run->cell_key)
		run->cell_key = key_load(run->cell_key_path);
	if (run->cell_key)
		agg_set_cell_key(run->aggs, run->cell_key);
	for (size_t i = 0; i < run->naggargs; i++)
		agg_parse(run->aggs, run->aggargs[i]);
	if (run->merge) {
		agg_partial_reader_init(&run->pr, &run->g, run->aggs,
					run->group_spec != NULL);
	} else {
		groupby_name_keys(&run->g, &run->kc);
		agg_name_keys(run->aggs, &run->kc);
		setup(run);
	}
}

/* The groups and aggregates, not the options. */
static void free_groups(struct agg_run *run)
{
	if (run->ready) {
		for (size_t j = 0; j < run->g.n; j++)
			agg_state_free(run->aggs, group_state(run->g.groups[j]));
		if (!run->partial)
			aggout_free(&run->out);
	}
	groupby_free(&run->g);
	agg_free(run->aggs);
	run->aggs = NULL;
	agg_partial_reader_free(&run->pr);
	agg_partial_keys_free(&run->pk);
	run->ready = false;
}

bool agg_run_threads(struct agg_run *run, char **files, int nfiles,
		     bool rejects)
{
	if (run->merge || run->strict || rejects || run->jobs < 2 ||
	    nfiles == 0 ||
	    (groupby_uses_zone(&run->g) && strcmp(tz_name(), "UTC") != 0) ||
	    !input_ranges_worthwhile(files, nfiles))
		return false;
	struct agg_threads p = {run->group_spec, run->aggargs, run->naggargs,
				run->jobs, run->cell_key, &run->kc,
				run->read_range, run->read_ctx};
	if (agg_threads_run(&p, files, nfiles, &run->g, run->aggs))
		return true;
	free_groups(run); /* something to report: start afresh in one pass */
	agg_run_start(run);
	return false;
}

void agg_run_record(struct agg_run *run, const struct record *r,
		    const char *file, uint64_t line)
{
	if (run->merge) {
		if (agg_partial_is_closing(r)) {
			agg_partial_check_version(r, &run->pr.scratch, file, line);
			agg_partial_keys_read(&run->pk, r, &run->pr.scratch, file,
					      line);
			return;
		}
		if (!run->ready) {
			agg_partial_define(&run->pr, r, file, line);
			setup(run);
		}
		agg_partial_merge(&run->pr, r, file, line);
		return;
	}
	keycheck_record(&run->kc, r);
	struct group *gr = groupby_intern(&run->g, r, file, line);
	if (gr)
		agg_add_record(run->aggs, group_state(gr), r, file, line);
}

bool agg_run_finish(struct agg_run *run, struct output *out, bool complete)
{
	if (run->merge)
		agg_partial_keys_to_check(&run->pk, &run->kc);
	bool keys_ok = run->partial || !complete || keycheck_report(&run->kc);
	if (!keys_ok)
		complete = false;
	if (complete && run->ready) {
		if (run->g.nkeys == 0 && run->g.n == 0) {
			/* Without -g there is one record, even for no input. */
			struct record empty;
			record_init(&empty);
			groupby_intern(&run->g, &empty, NULL, 0);
			record_free(&empty);
		}
		groupby_sort(&run->g);
		if (run->partial)
			agg_partial_write(&run->g, run->aggs, out);
		else
			aggout_write(&run->out, out);
	}
	if (complete && run->partial) {
		agg_partial_put_closing(&run->kc, &out->buf);
		out_maybe_flush(out);
	}
	if (run->ready)
		agg_report_skipped(run->aggs);
	groupby_report(&run->g);
	return keys_ok;
}

void agg_run_free(struct agg_run *run)
{
	free_groups(run);
	free(run->aggargs);
	free(run->derives);
	keycheck_free(&run->kc);
	key_free(run->cell_key);
	memset(run, 0, sizeof *run);
}
