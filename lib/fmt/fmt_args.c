/* fmt_args.c - dcr-fmt's options: the table --help and the man page test
 * read, the formats each option applies to, and the parsing of argv into
 * struct fmt_args (fmt_args.h). */
#include "fmt/fmt_args.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/err.h"
#include "base/xmalloc.h"
#include "io/input.h"
#include "fmt/line_series.h"
#include "record/keylist.h"
#include "time/timefmt.h"

enum {
	OPT_SORT = CLI_OWN, OPT_HEAD, OPT_NO_HEADER, OPT_BARRED, OPT_LF,
	OPT_NO_GUARD, OPT_STRINGS, OPT_TITLE, OPT_BAR, OPT_SPARK, OPT_COLOR,
	OPT_DIGITS, OPT_GROUP, OPT_TZ, OPT_ALLOW_MISSING, OPT_FRAGMENT, OPT_PAGE,
	OPT_CHART, OPT_CHART_LABEL, OPT_CHART_REF, OPT_LABEL, OPT_LINE,
	OPT_COMPARE, OPT_COMPARE_LABEL, OPT_LAST
};

static const struct cli_opt opts[] = {
	{'t', "type", "FORMAT",
	 "table (default), csv, tsv, json, jsonl, md, logfmt, html"},
	{'k', "keys", "KEYS", "these columns, in this order (comma-separated)"},
	{OPT_SORT, "sort", "KEY[:n][:r]",
	 "order rows by KEY (n: as numbers, r: reversed)"},
	{OPT_HEAD, "head", "N", "only the first N rows"},
	{OPT_NO_HEADER, "no-header", NULL, "leave out the header row"},
	{OPT_BARRED, "barred", NULL, "table: draw a box around the cells"},
	{OPT_LF, "lf", NULL, "csv: end lines with LF instead of CRLF"},
	{OPT_NO_GUARD, "no-guard", NULL,
	 "csv, tsv: no ' before cells a spreadsheet would run as formulas"},
	{OPT_STRINGS, "strings", NULL, "json, jsonl: every value as a string"},
	{OPT_TITLE, "title", "TEXT", "html: the title of the page"},
	{OPT_BAR, "bar", "KEY", "a bar proportional to KEY on each row"},
	{OPT_SPARK, "spark", "KEY", "a sparkline of KEY over the rows"},
	{OPT_CHART, "chart", "KEY", "html: an SVG bar chart of KEY over the rows"},
	{OPT_CHART_LABEL, "chart-label", "KEYS",
	 "html: the bars of --chart named by these columns' values"},
	{OPT_CHART_REF, "chart-ref", "KEY",
	 "html: a mark on each bar of --chart at the row's KEY"},
	{OPT_LINE, "line", "KEY", "html: an SVG line chart of KEY over the rows"},
	{OPT_COMPARE, "compare", "FILE",
	 "html: FILE's records beside --line's, a dashed line"},
	{OPT_COMPARE_LABEL, "compare-label", "TEXT",
	 "html: the legend's name of --compare (default: previous period)"},
	{OPT_FRAGMENT, "fragment", "LEVEL", "html: no page, a heading of level LEVEL"},
	{OPT_PAGE, "page", NULL, "html: a page around the FILEs, HTML fragments"},
	{OPT_LABEL, "label", "KEY=TEXT", "html: TEXT heads the column KEY (repeatable)"},
	{OPT_COLOR, "color", "WHEN", "colour: auto (default), always, never"},
	{OPT_DIGITS, "digits", "N", "round numbers that are not integers to N decimals"},
	{OPT_GROUP, "group-digits", NULL, "thousands separators in long numbers"},
	{OPT_TZ, "tz", "ZONE", "time stamps in ZONE's local time"},
	CLI_OPT_SCHEMA("its keys count as known (dcr-schema(5))"),
	{OPT_ALLOW_MISSING, "allow-missing", "KEYS",
	 "these keys of -k and --sort may be in no record"},
	CLI_OPT_OUTPUT,
	CLI_OPT_REJECT,
	CLI_OPT_MAX_RECORD,
	CLI_OPT_HELP,
	CLI_OPT_VERSION,
	CLI_OPT_END
};

static const struct cli cli = {
	"dcr-fmt [-t FORMAT] [-k KEYS] [-o FILE] [OPTION ...] [--] [FILE ...]",
	"Write dcr records as a table, CSV, TSV, JSON, Markdown, logfmt or HTML.",
	opts
};

/* The formats, by -t name. */
static const struct writer *const writers[] = {
	&fmt_table, &fmt_csv, &fmt_tsv, &fmt_json, &fmt_jsonl, &fmt_md,
	&fmt_logfmt, &fmt_html
};
enum { NWRITERS = sizeof writers / sizeof writers[0] };

#define ONLY(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Options that belong to some formats: given with another, they are a
 * usage error rather than silently ignored. */
static const struct {
	int id;
	const char *const *formats;
} scope[] = {
	{OPT_NO_HEADER, ONLY("table", "csv", "tsv", "md", "html")},
	{OPT_BARRED, ONLY("table")},
	{OPT_LF, ONLY("csv")},
	{OPT_NO_GUARD, ONLY("csv", "tsv")},
	{OPT_STRINGS, ONLY("json", "jsonl")},
	{OPT_TITLE, ONLY("html")}, {OPT_CHART, ONLY("html")},
	{OPT_CHART_LABEL, ONLY("html")}, {OPT_CHART_REF, ONLY("html")},
	{OPT_LINE, ONLY("html")}, {OPT_COMPARE, ONLY("html")},
	{OPT_COMPARE_LABEL, ONLY("html")},
	{OPT_FRAGMENT, ONLY("html")}, {OPT_PAGE, ONLY("html")}, {OPT_LABEL, ONLY("html")},
	{OPT_BAR, ONLY("table", "md", "html")},
	{OPT_SPARK, ONLY("table", "md", "html")},
	{OPT_DIGITS, ONLY("table", "csv", "tsv", "json", "jsonl", "md", "html")},
	{OPT_GROUP, ONLY("table", "csv", "tsv", "json", "jsonl", "md", "html")},
	{OPT_TZ, ONLY("table", "csv", "tsv", "json", "jsonl", "md", "html")},
};

static const struct writer *find_writer(const char *name)
{
	for (size_t i = 0; i < NWRITERS; i++)
		if (strcmp(writers[i]->name, name) == 0)
			return writers[i];
	die_usage("-t: unknown format '%s'", name);
}

static const char *long_name(int id)
{
	for (const struct cli_opt *o = opts; o->id; o++)
		if (o->id == id)
			return o->name;
	return "?";
}

static void check_scope(const bool *given, const struct writer *w)
{
	for (size_t i = 0; i < sizeof scope / sizeof scope[0]; i++) {
		if (!given[scope[i].id - CLI_OWN])
			continue;
		bool ok = false;
		for (const char *const *f = scope[i].formats; *f; f++)
			ok |= strcmp(*f, w->name) == 0;
		if (!ok)
			die_usage("--%s does not apply to -t %s",
				  long_name(scope[i].id), w->name);
	}
}

static const char *key_arg(const char *opt, const char *arg)
{
	if (!key_is_valid(arg, strlen(arg)))
		die_usage("%s: '%s' is not a key", opt, arg);
	return arg;
}

/* A comma-separated list of keys, checked here so that a bad one is a
 * usage error before any output. */
static const char *key_list_arg(const char *opt, const char *arg)
{
	struct keylist kl = KEYLIST_INIT;
	keylist_add(&kl, opt, arg, strlen(arg), 0);
	keylist_free(&kl);
	return arg;
}

/* The options that shape what the writers show; false if id is not one. */
static bool shape_opt(struct fmt_args *a, int id, const char *arg)
{
	struct fmt_opts *o = &a->o;
	switch (id) {
	case OPT_NO_HEADER: o->header = false; break;
	case OPT_BARRED: o->barred = true; break;
	case OPT_LF: o->crlf = false; break;
	case OPT_NO_GUARD: o->guard = false; break;
	case OPT_STRINGS: o->strings = true; break;
	case OPT_TITLE: o->title = arg; break;
	case OPT_BAR: o->bar = key_arg("--bar", arg); break;
	case OPT_SPARK: o->spark = key_arg("--spark", arg); break;
	case OPT_CHART: o->chart = key_arg("--chart", arg); break;
	case OPT_CHART_LABEL: o->chart_label = key_list_arg("--chart-label", arg); break;
	case OPT_CHART_REF: o->chart_ref = key_arg("--chart-ref", arg); break;
	case OPT_LINE: o->line = key_arg("--line", arg); break;
	case OPT_COMPARE:
		if (strcmp(arg, "-") == 0) /* the input may be stdin */
			die_usage("--compare: a file, not the standard input");
		a->compare_path = arg;
		break;
	case OPT_COMPARE_LABEL: o->compare_label = arg; break;
	case OPT_FRAGMENT: o->fragment = (int)cli_int("--fragment", arg, 2, 6); break;
	case OPT_PAGE: a->page = true; break;
	case OPT_LABEL: a->labels[o->nlabels++] = fmt_label_arg(arg); break;
	case OPT_DIGITS: o->human.digits = (int)cli_int("--digits", arg, 0, 20); break;
	case OPT_GROUP: o->human.group = true; break;
	case OPT_TZ:
		if (!tz_set(arg))
			die_usage("--tz: unknown time zone '%s'", arg);
		o->human.local_time = true;
		break;
	default: return false;
	}
	return true;
}

/* The options that choose rows, columns, files and colour. */
static void select_opt(struct fmt_args *a, int id, const char *arg)
{
	switch (id) {
	case 't': a->w = find_writer(arg); break;
	case 'k': a->o.keys = arg; break;
	case OPT_SORT:
		sort_spec_free(&a->sort);
		sort_spec_parse(&a->sort, "--sort", arg);
		a->o.sort = &a->sort;
		break;
	case OPT_HEAD: a->o.head = (uint64_t)cli_int("--head", arg, 0, LLONG_MAX); break;
	case OPT_COLOR:
		if (!color_mode_parse(arg, &a->color))
			die_usage("--color: expected auto, always or never, not '%s'", arg);
		break;
	case 'o': a->outpath = arg; break;
	case CLI_SCHEMA: a->schema_path = arg; break;
	case OPT_ALLOW_MISSING: keycheck_allow(&a->kc, arg); break;
	case CLI_REJECT: a->rejectpath = arg; break;
	case CLI_MAX_RECORD:
		input_max_record = cli_size("--max-record", arg);
		break;
	}
}

void fmt_args_parse(struct fmt_args *a, int argc, char **argv)
{
	*a = (struct fmt_args){
		.w = &fmt_table, .color = COLOR_AUTO,
		.o = {.head = UINT64_MAX, .header = true, .crlf = true,
		      .guard = true, .human = {.digits = -1}}};
	/* at most one label an argument; the strings stay argv's */
	a->labels = xcalloc((size_t)argc, sizeof *a->labels);
	a->o.labels = a->labels;
	bool given[OPT_LAST - CLI_OWN] = {0};
	const char *arg;
	int id;
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		if (id >= CLI_OWN && id < OPT_LAST)
			given[id - CLI_OWN] = true;
		if (!shape_opt(a, id, arg))
			select_opt(a, id, arg);
	}
	check_scope(given, a->w);
	if (a->o.chart_label && !a->o.chart)
		die_usage("--chart-label names the bars of --chart: give --chart KEY too");
	if (a->o.chart_ref && !a->o.chart)
		die_usage("--chart-ref marks the bars of --chart: give --chart KEY too");
	if (a->compare_path && !a->o.line)
		die_usage("--compare is drawn beside --line: give --line KEY too");
	if (a->o.compare_label && !a->compare_path)
		die_usage("--compare-label names the line of --compare: give --compare FILE too");
	if (a->page && a->rejectpath) /* it reads no records: it would leave a file */
		die_usage("--reject does not apply to --page, which reads no records");
}

void fmt_args_load_compare(struct fmt_args *a)
{
	if (!a->compare_path)
		return;
	line_series_load(&a->compare, a->compare_path, a->o.line, &a->o.human);
	a->o.compare = &a->compare;
}

void fmt_args_free(struct fmt_args *a)
{
	sort_spec_free(&a->sort);
	line_series_free(&a->compare);
	a->o.compare = NULL;
	keycheck_free(&a->kc);
	free(a->labels);
	a->labels = NULL;
	a->o.labels = NULL;
}
