/* dcr-agg - group records by fields and time buckets and aggregate them:
 * one record per group; partial states that merge exactly (the run is
 * agg/agg_run.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agg/agg.h"
#include "agg/agg_parsed.h"
#include "agg/agg_partial.h"
#include "agg/agg_run.h"
#include "base/buf.h"
#include "base/cli.h"
#include "base/err.h"
#include "io/output.h"
#include "parse/ingest_args.h"
#include "parse/schema.h"
#include "record/reader.h"
#include "time/timefmt.h"

enum { OPT_DERIVE = CLI_OWN, OPT_SORT, OPT_TZ, OPT_PARTIAL, OPT_MERGE,
       OPT_STRICT, OPT_MIN_CELL, OPT_TOTALS, OPT_CELL_KEY, OPT_ALLOW_MISSING,
       OPT_ENCODING };

static const struct cli_opt opts[] = {
	{'g', "group", "KEYS",
	 "group by FIELD, FIELD:UNIT, band:FIELD:EDGES or NAME=..."},
	{'a', "agg", "AGGS",
	 "aggregates [NAME=]OP[:FIELD],..., AGG if COND, (AGGS) if COND"},
	{OPT_DERIVE, "derive", "DEF",
	 "a value 'NAME = EXPR' of output keys, + - * / ( ), wilson_lo(x, n), "
	 "wilson_hi, poisson_lo(x, n, per), poisson_hi; repeatable"},
	{OPT_SORT, "sort", "KEYS", "order groups by output keys (KEY:r: descending)"},
	{OPT_TZ, "tz", "ZONE", "calendar buckets in this IANA zone (default UTC)"},
	{OPT_PARTIAL, "partial", NULL, "write mergeable partial states (_ keys)"},
	{OPT_MERGE, "merge", NULL, "read partial states and merge them"},
	{OPT_STRICT, "strict", NULL,
	 "a value that is not a number (or a time) is an error"},
	{OPT_MIN_CELL, "min-cell", "K",
	 "write values from fewer than K records as <K (small cells)"},
	{OPT_TOTALS, "totals", NULL, "add a row over all groups (no group keys)"},
	{OPT_CELL_KEY, "cell-key", "FILE",
	 "perturb counts by their records' keys under this key file"},
	{'j', "jobs", "N", "threads for large files (default: CPUs, at most 8)"},
	{'f', "format", "FORMAT",
	 "read raw input as dcr-parse -f FORMAT: csv, tsv, jsonl, logfmt, auto"},
	{'d', "delimiter", "DELIM", "with -f csv: the cell delimiter (dcr-parse -d)"},
	{OPT_ENCODING, "encoding", "NAME", "with -f: the input is in NAME, e.g. WINDOWS-1252"},
	CLI_OPT_SCHEMA("its keys count as known (dcr-schema(5))"),
	{OPT_ALLOW_MISSING, "allow-missing", "KEYS",
	 "these keys of -g and -a may be in no record"},
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
		     " year\nhod dow, or a width such as 30s 15m 2h 1d."
		     "\nBands (-g band:FIELD:E1,...,En, up to 32 ascending integers):"
		     " under_E1,\nE1-(E2-1), ..., En+; band:age(FIELD):... bands"
		     " the year of ts less FIELD.");
	buf_addc(&b, '\0');
	return b.p;
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	out_guard_stdio();
	struct cli cli = {
		"dcr-agg [-g KEYS] [-a AGGS] [--derive DEF] [--sort KEYS]"
		" [--tz ZONE] [--partial] [--merge] [--strict] [--min-cell K]"
		" [--totals] [--cell-key FILE] [-j N]"
		" [-f FORMAT [-d DELIM] [--encoding NAME]]"
		" [-o FILE] [--] [FILE ...]",
		purpose(), opts
	};
	struct agg_run run;
	agg_run_init(&run);
	const char *outpath = NULL, *rejectpath = NULL, *schema_path = NULL;
	const char *tz = "UTC", *arg;
	bool max_record_given = false;
	struct agg_parsed pi = {0};
	int id;
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		switch (id) {
		case 'g': run.group_spec = arg; break;
		case 'a': agg_run_add_agg(&run, arg); break;
		case 'j': run.jobs = (int)cli_int("--jobs", arg, 1, 64); break;
		case 'f':
			pi.format = ingest_parse_format(arg);
			pi.given = true;
			break;
		case 'd': pi.delim = ingest_parse_delim(arg); break;
		case OPT_ENCODING:
			agg_parsed_encoding(&pi, arg);
			break;
		case OPT_DERIVE: agg_run_add_derive(&run, arg); break;
		case OPT_SORT: run.sort_spec = arg; break;
		case OPT_TZ: tz = arg; break;
		case OPT_PARTIAL: run.partial = true; break;
		case OPT_MERGE: run.merge = true; break;
		case OPT_STRICT: run.strict = true; break;
		case OPT_MIN_CELL:
			run.min_cell = (uint64_t)cli_int("--min-cell", arg, 1,
							 INT64_MAX);
			break;
		case OPT_TOTALS: run.totals = true; break;
		case OPT_CELL_KEY: run.cell_key_path = arg; break;
		case 'o': outpath = arg; break;
		case CLI_SCHEMA: schema_path = arg; break;
		case OPT_ALLOW_MISSING: keycheck_allow(&run.kc, arg); break;
		case CLI_REJECT: rejectpath = arg; break;
		case CLI_MAX_RECORD:
			input_max_record = cli_size("--max-record", arg);
			max_record_given = true;
			break;
		}
	}
	if (!tz_set(tz))
		die_usage("--tz: unknown time zone '%s'", tz);
	if (run.partial && (run.nderives || run.sort_spec))
		die_usage("--derive and --sort apply to final results: give them "
			  "to the --merge that reads the partials");
	if (run.partial && (run.min_cell || run.totals))
		die_usage("--min-cell and --totals apply to final results: give "
			  "them to the --merge that reads the partials");
	if (run.merge && run.naggargs)
		die_usage("--merge takes the aggregates from the partial records;"
			  " -a is not allowed");
	if (pi.given && (run.merge || pi.format == INGEST_PATTERN))
		die_usage("-f: --merge reads dcr records, and pattern files are "
			  "dcr-parse's: parse them first");
	if (pi.delim && !(pi.given && pi.format == INGEST_CSV))
		die_usage("-d: only delimited input (-f csv) has a delimiter");
	if (pi.has_enc && !pi.given)
		die_usage("--encoding: dcr records are UTF-8; give -f FORMAT "
			  "to read an export in another encoding");
	if (run.merge && !max_record_given &&
	    input_max_record < AGG_PARTIAL_MAX_RECORD)
		input_max_record = AGG_PARTIAL_MAX_RECORD;
	agg_run_start(&run);

	char **files = argv + optind;
	int nfiles = argc - optind;
	/* Read before any output is opened: a bad schema leaves nothing. */
	struct schema *schema =
		schema_path ? schema_load_or_die(schema_path) : NULL;
	struct output out, rej;
	struct output *reject =
		reader_open_outputs(files, nfiles, &out, outpath, &rej, rejectpath);
	if (schema_path)
		out_refuse_input(schema_path);
	schema_make_known(schema, &run.kc);
	if (pi.given) {
		int status = agg_parsed_run(&run, &pi, files, nfiles, &out, reject);
		agg_parsed_free(&pi);
		agg_run_free(&run);
		schema_free(schema);
		free((char *)cli.purpose);
		return status;
	}
	bool threaded = agg_run_threads(&run, files, nfiles, reject != NULL);
	struct reader rd;
	reader_init(&rd, files, nfiles, reject);
	struct record *r;
	while (!threaded && (r = reader_next(&rd)))
		agg_run_record(&run, r, rd.in.name, rd.in.lineno);
	if (!agg_run_finish(&run, &out, !rd.failed))
		rd.failed = true; /* a named key in no record: write nothing */
	agg_run_free(&run);
	schema_free(schema);
	free((char *)cli.purpose);
	return reader_finish(&rd, &out, EXIT_OK);
}
