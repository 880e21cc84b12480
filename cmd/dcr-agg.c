/* dcr-agg - group records by fields and time buckets and aggregate them:
 * one record per group; partial states that merge exactly. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agg/agg.h"
#include "agg/agg_partial.h"
#include "agg/agg_threads.h"
#include "agg/aggout.h"
#include "base/cli.h"
#include "base/err.h"
#include "agg/groupby.h"
#include "io/output.h"
#include "record/reader.h"
#include "time/timefmt.h"
#include "base/xmalloc.h"

enum { OPT_DERIVE = CLI_OWN, OPT_SORT, OPT_TZ, OPT_PARTIAL, OPT_MERGE,
       OPT_STRICT, OPT_MIN_CELL, OPT_TOTALS };

static const struct cli_opt opts[] = {
	{'g', "group", "KEYS", "group by FIELD, FIELD:UNIT or NAME=FIELD:UNIT"},
	{'a', "agg", "AGGS",
	 "aggregates [NAME=]OP[:FIELD],... [if COND]; repeatable"},
	{OPT_DERIVE, "derive", "DEF",
	 "a value 'NAME = EXPR' of output keys, + - * / ( ); repeatable"},
	{OPT_SORT, "sort", "KEYS", "order groups by output keys (KEY:r: descending)"},
	{OPT_TZ, "tz", "ZONE", "calendar buckets in this IANA zone (default UTC)"},
	{OPT_PARTIAL, "partial", NULL, "write mergeable partial states (_ keys)"},
	{OPT_MERGE, "merge", NULL, "read partial states and merge them"},
	{OPT_STRICT, "strict", NULL,
	 "a value that is not a number (or a time) is an error"},
	{OPT_MIN_CELL, "min-cell", "K",
	 "write values from fewer than K records as <K (small cells)"},
	{OPT_TOTALS, "totals", NULL, "add a row over all groups (no group keys)"},
	{'j', "jobs", "N", "threads for large files (default: CPUs, at most 8)"},
	CLI_OPT_OUTPUT,
	CLI_OPT_REJECT,
	CLI_OPT_MAX_RECORD,
	CLI_OPT_HELP,
	CLI_OPT_VERSION,
	CLI_OPT_END
};

/* The purpose line and the operator table of agg.c, for --help. */
static char *purpose(void)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "Group dcr records by fields and time buckets and aggregate"
		     " them.\n\nOperators (-a):");
	const char *name, *help;
	for (size_t i = 0; agg_op_doc(i, &name, &help); i++) {
		buf_adds(&b, "\n  ");
		buf_adds(&b, name);
		for (size_t k = strlen(name); k < 17; k++)
			buf_addc(&b, ' ');
		buf_adds(&b, help);
	}
	buf_adds(&b, "\nTime buckets (-g FIELD:UNIT): hour day week month quarter"
		     " year\nhod dow, or a width such as 30s 15m 2h 1d.");
	buf_addc(&b, '\0');
	return b.p;
}

struct run {
	struct groupby g;
	struct agg_set *aggs;
	struct aggout out;
	const char *group_spec, *sort_spec;
	const char **derives, **aggargs;
	size_t nderives, naggargs;
	int jobs;
	bool partial, merge, strict, ready, totals;
	uint64_t min_cell;
	struct agg_partial_reader in; /* --merge */
};

/* Validate what comes after the aggregates are known. */
static void finish_setup(struct run *rn)
{
	agg_setup(rn->aggs, rn->strict);
	groupby_start(&rn->g, agg_state_size(rn->aggs), rn->strict);
	if (rn->partial)
		agg_partial_check_names(rn->aggs);
	for (size_t i = 0; i < rn->g.nkeys; i++)
		for (size_t k = 0; k < agg_ncols(rn->aggs); k++)
			if (strcmp(rn->g.keys[i].name, agg_col_name(rn->aggs, k)) == 0)
				die_usage("output key '%s' is both a group key and "
					  "an aggregate", rn->g.keys[i].name);
	if (!rn->partial) {
		aggout_init(&rn->out, &rn->g, rn->aggs);
		for (size_t i = 0; i < rn->nderives; i++)
			aggout_add_derive(&rn->out, rn->derives[i]);
		if (rn->sort_spec)
			aggout_sort_spec(&rn->out, rn->sort_spec);
		rn->out.min_cell = rn->min_cell;
		rn->out.totals = rn->totals;
	}
	rn->ready = true;
}

/* Groups and aggregates from the options (for --merge, the aggregates
 * come with the first partial record). */
static void build(struct run *rn)
{
	groupby_init(&rn->g);
	if (rn->group_spec)
		groupby_parse(&rn->g, rn->group_spec, rn->merge);
	rn->aggs = agg_new();
	for (size_t i = 0; i < rn->naggargs; i++)
		agg_parse(rn->aggs, rn->aggargs[i]);
	if (rn->merge)
		agg_partial_reader_init(&rn->in, &rn->g, rn->aggs,
				    rn->group_spec != NULL);
	else
		finish_setup(rn);
}

static void teardown(struct run *rn)
{
	if (rn->ready) {
		for (size_t j = 0; j < rn->g.n; j++)
			agg_state_free(rn->aggs, rn->g.groups[j]->state);
		if (!rn->partial)
			aggout_free(&rn->out);
	}
	groupby_free(&rn->g);
	agg_free(rn->aggs);
	agg_partial_reader_free(&rn->in);
	rn->ready = false;
}

/* Large regular files with threads (agg_threads.h), where that gives the
 * same result; false when the single pass is to be done (again). */
static bool try_threads(struct run *rn, char **files, int nfiles,
			bool rejects)
{
	if (rn->merge || rn->strict || rejects || rn->jobs < 2 || nfiles == 0 ||
	    (groupby_has_buckets(&rn->g) && strcmp(tz_name(), "UTC") != 0) ||
	    !agg_threads_eligible(files, nfiles))
		return false;
	struct agg_threads p = {rn->group_spec, rn->aggargs, rn->naggargs,
				rn->jobs};
	if (agg_threads_run(&p, files, nfiles, &rn->g, rn->aggs))
		return true;
	teardown(rn); /* something to report: start afresh in one pass */
	build(rn);
	return false;
}

static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

/* --merge: the first partial record defines aggregates and grouping. */
static void merge_record(struct run *rn, struct reader *rd,
			 const struct record *r)
{
	if (!rn->ready) {
		agg_partial_define(&rn->in, r, rd->in.name, rd->in.lineno);
		finish_setup(rn);
	}
	agg_partial_merge(&rn->in, r, rd->in.name, rd->in.lineno);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	out_guard_stdio();
	struct cli cli = {
		"dcr-agg [-g KEYS] [-a AGGS] [--derive DEF] [--sort KEYS]"
		" [--tz ZONE] [--partial] [--merge] [--strict] [--min-cell K]"
		" [--totals] [-j N]"
		" [-o FILE] [FILE ...]",
		purpose(), opts
	};
	struct run rn;
	memset(&rn, 0, sizeof rn);
	rn.jobs = default_jobs();
	const char *outpath = NULL, *rejectpath = NULL, *tz = "UTC", *arg;
	bool max_record_given = false;
	int id;
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		switch (id) {
		case 'g': rn.group_spec = arg; break;
		case 'a':
			rn.aggargs = xreallocarray(rn.aggargs, rn.naggargs + 1,
						   sizeof *rn.aggargs);
			rn.aggargs[rn.naggargs++] = arg;
			break;
		case 'j': rn.jobs = (int)cli_int("--jobs", arg, 1, 64); break;
		case OPT_DERIVE:
			rn.derives = xreallocarray(rn.derives, rn.nderives + 1,
						   sizeof *rn.derives);
			rn.derives[rn.nderives++] = arg;
			break;
		case OPT_SORT: rn.sort_spec = arg; break;
		case OPT_TZ: tz = arg; break;
		case OPT_PARTIAL: rn.partial = true; break;
		case OPT_MERGE: rn.merge = true; break;
		case OPT_STRICT: rn.strict = true; break;
		case OPT_MIN_CELL:
			rn.min_cell = (uint64_t)cli_int("--min-cell", arg, 1, INT64_MAX);
			break;
		case OPT_TOTALS: rn.totals = true; break;
		case 'o': outpath = arg; break;
		case CLI_REJECT: rejectpath = arg; break;
		case CLI_MAX_RECORD:
			input_max_record = cli_size("--max-record", arg);
			max_record_given = true;
			break;
		}
	}
	if (!tz_set(tz))
		die_usage("--tz: unknown time zone '%s'", tz);
	if (rn.partial && (rn.nderives || rn.sort_spec))
		die_usage("--derive and --sort apply to final results: give them "
			  "to the --merge that reads the partials");
	if (rn.partial && (rn.min_cell || rn.totals))
		die_usage("--min-cell and --totals apply to final results: give "
			  "them to the --merge that reads the partials");
	if (rn.merge && rn.naggargs)
		die_usage("--merge takes the aggregates from the partial records;"
			  " -a is not allowed");
	if (rn.merge && !max_record_given &&
	    input_max_record < AGG_PARTIAL_MAX_RECORD)
		input_max_record = AGG_PARTIAL_MAX_RECORD;
	build(&rn);

	char **files = argv + optind;
	int nfiles = argc - optind;
	struct output out, rej;
	struct output *reject =
		reader_open_outputs(files, nfiles, &out, outpath, &rej, rejectpath);

	bool threaded = try_threads(&rn, files, nfiles, reject != NULL);
	struct reader rd;
	reader_init(&rd, files, nfiles, reject);
	struct record *r;
	while (!threaded && (r = reader_next(&rd))) {
		if (rn.merge) {
			merge_record(&rn, &rd, r);
		} else {
			struct group *gr = groupby_intern(&rn.g, r, rd.in.name,
							  rd.in.lineno);
			if (gr)
				agg_add_record(rn.aggs, gr->state, r, rd.in.name,
					       rd.in.lineno);
		}
	}
	if (!rd.failed && rn.ready) {
		if (rn.g.nkeys == 0 && rn.g.n == 0) {
			/* Without -g there is one record, even for no input. */
			struct record empty;
			record_init(&empty);
			groupby_intern(&rn.g, &empty, NULL, 0);
			record_free(&empty);
		}
		groupby_sort(&rn.g);
		if (rn.partial)
			agg_partial_write(&rn.g, rn.aggs, &out);
		else
			aggout_write(&rn.out, &out);
	}
	if (rn.ready)
		agg_report_skipped(rn.aggs);
	groupby_report(&rn.g);
	teardown(&rn);
	free(rn.derives);
	free(rn.aggargs);
	free((char *)cli.purpose);
	return reader_finish(&rd, &out, EXIT_OK);
}
