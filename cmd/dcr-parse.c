/* dcr-parse - facility logs (CSV, TSV, JSON lines, logfmt, free text with
 * pattern files) to dcr records. */
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/err.h"
#include "parse/reshape.h"
#include "parse/ingest.h"
#include "parse/ingest_args.h"
#include "io/output.h"
#include "parse/pattern.h"
#include "record/reader.h"
#include "record/record.h"
#include "time/timefmt.h"
#include "base/xmalloc.h"

enum {
	OPT_CHECK = CLI_OWN, OPT_NO_HEADER, OPT_FIELDS, OPT_MAP, OPT_SET,
	OPT_KEEP, OPT_DROP, OPT_PSEUDONYMIZE, OPT_KEY_FILE, OPT_TIME, OPT_TZ, OPT_FOLD, OPT_SRC, OPT_STRICT,
	OPT_ENCODING, OPT_DECIMAL_COMMA, OPT_SCALE, OPT_SKIP_LINES, OPT_ALLOW_MISSING, OPT_EMPTY, OPT_RECODE
};

static const struct cli_opt opts[] = {
	{'f', "format", "FORMAT", "auto (default), csv, tsv, jsonl, logfmt, pattern"},
	{'d', "delimiter", "DELIM", "cell delimiter: , ; tab | (default: guessed)"},
	{'p', "patterns", "FILE", "read free text by the pattern FILE (repeatable)"},
	{OPT_CHECK, "check", NULL, "check the pattern files and their samples"},
	{OPT_ENCODING, "encoding", "NAME", "the input is in NAME, e.g. WINDOWS-1252 (default UTF-8)"},
	{OPT_SKIP_LINES, "skip-lines", "N", "skip the first N lines of each file (a title)"},
	{OPT_NO_HEADER, "no-header", NULL, "delimited input without a header row"},
	{OPT_FIELDS, "fields", "KEYS", "names of the columns (comma-separated)"},
	{OPT_EMPTY, "empty", "WHAT", "drop (default): empty values are absent; keep: k=\"\""},
	{OPT_MAP, "map", "FROM=TO", "rename key FROM to TO (repeatable)"},
	{OPT_RECODE, "recode", "FILE", "recode values by the KEY FROM TO lines of FILE"},
	{OPT_SET, "set", "KEY=VALUE", "give each record KEY=VALUE (repeatable)"},
	{OPT_KEEP, "keep", "KEYS", "write only these keys (and ts)"},
	{OPT_DROP, "drop", "KEYS", "leave these keys out"},
	{OPT_DECIMAL_COMMA, "decimal-comma", "KEYS", "these values are numbers written 1.234,5"},
	{OPT_SCALE, "scale", "KEY=FACTOR", "multiply KEY by FACTOR, exactly (minutes: 60)"},
	{OPT_PSEUDONYMIZE, "pseudonymize", "KEYS", "replace these values by keyed pseudonyms"},
	{OPT_ALLOW_MISSING, "allow-missing", "KEYS", "these keys of the options may be in no record or file"},
	{OPT_KEY_FILE, "key-file", "FILE", "the secret key for --pseudonymize (mode 0600)"},
	{OPT_TIME, "time", "KEY[=FORMAT]", "KEY (or KEY,KEY) holds the time, read by FORMAT"},
	{OPT_TZ, "tz", "ZONE", "local times are in ZONE (none: they are errors)"},
	{OPT_FOLD, "fold", "WHEN", "a repeated local time is the earlier or later"},
	{OPT_SRC, "src", NULL, "add _src=FILE:LINE to each record"},
	{OPT_STRICT, "strict", NULL, "stop at the first rejected record"},
	CLI_OPT_SCHEMA("reject records that do not fit the schema FILE"),
	CLI_OPT_OUTPUT,
	CLI_OPT_REJECT,
	CLI_OPT_MAX_RECORD,
	CLI_OPT_NO_PROGRESS,
	CLI_OPT_HELP,
	CLI_OPT_VERSION,
	CLI_OPT_END
};

static const struct cli cli = {
	"dcr-parse [-f FORMAT] [-d DELIM] [-p FILE] [-o FILE] [OPTION ...] [--] [FILE ...]",
	"Turn facility logs (CSV, JSON lines, logfmt, free text) into dcr records.",
	opts
};

static int check_patterns(struct pattern_set *ps)
{
	struct output out;
	out_open(&out, NULL);
	size_t bad = patterns_check(ps, &out.buf);
	out_close(&out);
	return bad ? EXIT_TROUBLE : EXIT_OK;
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	out_guard_stdio();
	struct ingest_opts o = {.format = INGEST_AUTO};
	struct enc enc = {0};
	struct reshape shape;
	reshape_init(&shape);
	const char **patfiles = NULL;
	size_t npat = 0;
	const char *outpath = NULL, *rejectpath = NULL, *keyfile = NULL;
	const char *schema_path = NULL, **recodes = NULL;
	size_t nrecode = 0;
	bool check = false, format_given = false;
	const char *arg;
	int id;
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		switch (id) {
		case 'f': o.format = ingest_parse_format(arg); format_given = true; break;
		case 'd': o.delim = ingest_parse_delim(arg); break;
		case 'p':
			patfiles = xreallocarray(patfiles, size_add(npat, 1),
						 sizeof *patfiles);
			patfiles[npat++] = arg;
			break;
		case OPT_CHECK: check = true; break;
		case OPT_ENCODING:
			ingest_set_encoding(&o, &enc, arg);
			break;
		case OPT_NO_HEADER: o.no_header = true; break;
		case OPT_SKIP_LINES:
			o.skip_lines = (unsigned long)cli_int("--skip-lines", arg, 0,
							      1000000);
			break;
		case OPT_FIELDS:
			ingest_set_fields(&o, arg);
			break;
		case OPT_MAP: reshape_add_map(&shape, arg); break;
		case OPT_SET: reshape_add_set(&shape, arg); break;
		case OPT_KEEP: reshape_add_keep(&shape, arg); break;
		case OPT_DROP: reshape_add_drop(&shape, arg); break;
		case OPT_PSEUDONYMIZE: reshape_add_pseudonymize(&shape, arg); break;
		case OPT_DECIMAL_COMMA: reshape_add_decimal_comma(&shape, arg); break;
		case OPT_SCALE: reshape_add_scale(&shape, arg); break;
		case OPT_KEY_FILE: keyfile = arg; break;
		case OPT_ALLOW_MISSING: reshape_add_allow_missing(&shape, arg); break;
		case OPT_TIME: ingest_set_time(&o, arg); break;
		case OPT_TZ:
			if (!tz_set(arg))
				die_usage("--tz: unknown time zone '%s'", arg);
			break;
		case OPT_FOLD: o.fold = ingest_parse_fold(arg); break;
		case OPT_SRC: o.src = true; break;
		case OPT_STRICT: o.strict = true; break;
		case OPT_EMPTY: o.keep_empty = ingest_parse_empty(arg); break;
		case OPT_RECODE:
			recodes = xreallocarray(recodes, size_add(nrecode, 1),
						sizeof *recodes);
			recodes[nrecode++] = arg;
			break;
		case CLI_SCHEMA: schema_path = arg; break;
		case 'o': outpath = arg; break;
		case CLI_REJECT: rejectpath = arg; break;
		case CLI_MAX_RECORD:
			input_max_record = cli_size("--max-record", arg);
			break;
		}
	}
	char **files = argv + optind;
	int nfiles = argc - optind;

	if (npat && o.format != INGEST_AUTO && o.format != INGEST_PATTERN)
		die_usage("-p: free text is read with -f auto or -f pattern");
	if (o.format == INGEST_PATTERN && !npat)
		die_usage("-f pattern needs a pattern file (-p FILE)");
	if (check && !npat)
		die_usage("--check needs a pattern file (-p FILE)");
	if (check && nfiles)
		die_usage("--check reads no input files");
	if (shape.pseudo_keys.n && !keyfile)
		die_usage("--pseudonymize needs a secret key (--key-file FILE)");
	if (keyfile && !shape.pseudo_keys.n)
		die_usage("--key-file is only used with --pseudonymize KEYS");
	if (keyfile)
		reshape_set_key_file(&shape, keyfile);
	if (o.no_header && !o.names.n)
		die_usage("--no-header needs the column names (--fields KEYS)");
	if (o.delim && format_given && o.format != INGEST_CSV)
		die_usage("-d: only delimited input (-f csv) has a delimiter");

	/* Pattern files are read, and their errors reported, first. */
	struct pattern_set *ps = NULL;
	if (npat) {
		ps = patterns_new();
		bool ok = true;
		for (size_t i = 0; i < npat; i++)
			ok &= patterns_load(ps, patfiles[i]);
		if (!ok)
			exit(EXIT_TROUBLE);
		if (check) {
			int st = check_patterns(ps);
			patterns_free(ps);
			free(patfiles);
			return st;
		}
		if (!patterns_nrules(ps)) {
			patterns_free(ps); /* no leak reported at exit */
			die("%s: no rules in the pattern files", patfiles[0]);
		}
		o.patterns = ps;
	}
	o.reshape = &shape;
	if (schema_path)
		o.schema = schema_load_or_die(schema_path);
	if (nrecode)
		o.recode = ingest_load_recodes(recodes, nrecode);

	struct output out, rej;
	struct output *reject =
		reader_open_outputs(files, nfiles, &out, outpath, &rej, rejectpath);
	/* The files read besides the inputs must not be written over either. */
	for (size_t i = 0; i < npat; i++)
		out_refuse_input(patfiles[i]);
	if (keyfile)
		out_refuse_input(keyfile);
	if (schema_path)
		out_refuse_input(schema_path);
	for (size_t i = 0; i < nrecode; i++)
		out_refuse_input(recodes[i]);

	struct ingest g;
	ingest_init(&g, &o, files, nfiles, &out, reject);
	while (!g.stopped && reader_next_input(&g.rd))
		ingest_input(&g);
	int status = ingest_finish(&g);

	patterns_free(ps);
	enc_close(&enc);
	schema_free(o.schema);
	reshape_free(&shape);
	recode_free(o.recode);
	free(recodes);
	free(patfiles);
	ingest_args_free(&o);
	return status;
}
