/* dcr-filter - keep the records that satisfy a condition, at grep speed
 * (the engine is filter/filter.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/err.h"
#include "filter/filter.h"
#include "filter/filter_args.h"
#include "filter/filter_threads.h"
#include "io/input.h"
#include "io/output.h"
#include "parse/schema.h"
#include "record/keycheck.h"
#include "record/reader.h"

enum { OPT_ALLOW_MISSING = FILTER_OWN };

static const struct cli_opt opts[] = {
	{'e', "expr", "EXPR", "a condition; repeatable, all must hold"},
	{FILTER_EQ, "eq", "KEY=VALUE", "KEY == VALUE"},
	{FILTER_NE, "ne", "KEY=VALUE", "KEY != VALUE (true when KEY is missing)"},
	{FILTER_LT, "lt", "KEY=NUMBER", "KEY < NUMBER"},
	{FILTER_LE, "le", "KEY=NUMBER", "KEY <= NUMBER"},
	{FILTER_GT, "gt", "KEY=NUMBER", "KEY > NUMBER"},
	{FILTER_GE, "ge", "KEY=NUMBER", "KEY >= NUMBER"},
	{FILTER_RE, "re", "KEY=PATTERN", "KEY ~ PATTERN (PCRE2)"},
	{FILTER_HAS, "has", "KEY", "KEY is present"},
	{FILTER_SINCE, "since", "TIME", "ts >= TIME: a date, RFC 3339, or -24h, -7d"},
	{FILTER_UNTIL, "until", "TIME", "ts < TIME"},
	{'v', "invert", NULL, "select the records that do not match"},
	{'c', "count", NULL, "print only the number of selected records"},
	{'m', "max-count", "N", "stop after N selected records"},
	{'q', "quiet", NULL, "print nothing; exit 0 at the first selected record"},
	{'j', "jobs", "N", "threads for -c on large files (default: CPUs, at most 8)"},
	{'k', "keys", "KEYS", "keep only these keys, in this order"},
	{'x', "exclude", "KEYS", "drop these keys"},
	CLI_OPT_SCHEMA("its keys count as known (dcr-schema(5))"),
	{OPT_ALLOW_MISSING, "allow-missing", "KEYS",
	 "these keys of the condition may be in no record"},
	CLI_OPT_OUTPUT,
	CLI_OPT_REJECT,
	CLI_OPT_MAX_RECORD,
	CLI_OPT_HELP,
	CLI_OPT_VERSION,
	CLI_OPT_END
};

static const struct cli cli = {
	"dcr-filter [-cqv] [-k KEYS | -x KEYS] [-m N] [-j N] [-o FILE] [-e EXPR]"
	" [--allow-missing KEYS]"
	" [--eq KEY=VALUE] [--ne KEY=VALUE] [--lt KEY=NUMBER] [--le KEY=NUMBER]"
	" [--gt KEY=NUMBER] [--ge KEY=NUMBER] [--re KEY=PATTERN] [--has KEY]"
	" [--since TIME] [--until TIME] [--] [EXPR] [FILE ...]",
	"Keep the dcr records that satisfy a condition.",
	opts
};

/* -c on large files by threads, where they count what one pass would. */
static bool count_by_threads(struct filter *f, const struct filter_args *args,
			     int jobs, bool rejects, char **files, int nfiles)
{
	if (!f->count_only || f->quiet || f->max != UINT64_MAX || rejects ||
	    jobs < 2 || !input_ranges_worthwhile(files, nfiles))
		return false;
	struct filter_threads p = {jobs, f->invert, args, f->kc};
	return filter_threads_count(&p, files, nfiles, &f->selected);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	out_guard_stdio();
	struct filter f;
	filter_init(&f);
	struct keycheck kc = {0};
	f.kc = &kc;
	const char *outpath = NULL, *rejectpath = NULL, *schema_path = NULL;
	struct filter_args args = {0};
	int jobs = cli_default_jobs();
	const char *arg;
	int id;
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		if (filter_args_add(&args, id, arg, &kc))
			continue;
		switch (id) {
		case 'v': f.invert = true; break;
		case 'c': f.count_only = true; break;
		case 'q': f.quiet = true; break;
		case 'm': f.max = (uint64_t)cli_int("-m", arg, 0, INT64_MAX); break;
		case 'j': jobs = (int)cli_int("--jobs", arg, 1, 64); break;
		case 'k': project_parse_keys(&f.proj.keep, "-k", arg); break;
		case 'x': project_parse_keys(&f.proj.drop, "-x", arg); break;
		case 'o': outpath = arg; break;
		case CLI_SCHEMA: schema_path = arg; break;
		case OPT_ALLOW_MISSING: keycheck_allow(&kc, arg); break;
		case CLI_REJECT: rejectpath = arg; break;
		case CLI_MAX_RECORD:
			input_max_record = cli_size("--max-record", arg);
			break;
		}
	}
	if (f.proj.keep.n && f.proj.drop.n)
		die_usage("-k and -x cannot be used together");
	if (!args.n) {
		if (optind >= argc)
			die_usage("no expression given");
		filter_args_add(&args, FILTER_EXPR, argv[optind++], &kc);
	}
	f.e = filter_args_take(&args);
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
	schema_make_known(schema, &kc);
	filter_start(&f, &out);
	struct reader rd;
	reader_init(&rd, files, nfiles, reject);
	rd.kc = &kc; /* a declaration of keys (keydecl.h) makes them known */
	if (!count_by_threads(&f, &args, jobs, reject != NULL, files, nfiles))
		while (!f.done && reader_next_input(&rd))
			filter_input(&f, &rd);
	/* Stopped early (-q, -m), the input was not all seen. */
	if (!f.done && !rd.failed && !keycheck_report(&kc))
		rd.failed = true; /* a key in no record: the output is void */
	else
		filter_finish(&f);
	int status = reader_finish(&rd, &out, f.selected ? EXIT_OK : EXIT_NOMATCH);
	if (f.quiet && f.selected)
		status = EXIT_OK; /* as grep -q: a match wins over earlier errors */
	filter_free(&f);
	filter_args_free(&args);
	keycheck_free(&kc);
	schema_free(schema);
	return status;
}
