/* dcr-filter - keep the records that satisfy a condition, at grep speed
 * (the engine is filter/filter.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/err.h"
#include "base/num.h"
#include "base/xmalloc.h"
#include "filter/filter.h"
#include "io/output.h"
#include "parse/schema.h"
#include "lang/expr.h"
#include "lang/expr_keys.h"
#include "record/keycheck.h"
#include "record/reader.h"
#include "time/when.h"

enum {
	OPT_EQ = CLI_OWN, OPT_NE, OPT_LT, OPT_LE, OPT_GT, OPT_GE,
	OPT_RE, OPT_HAS, OPT_SINCE, OPT_UNTIL, OPT_ALLOW_MISSING
};

static const struct cli_opt opts[] = {
	{'e', "expr", "EXPR", "a condition; repeatable, all must hold"},
	{OPT_EQ, "eq", "KEY=VALUE", "KEY == VALUE"},
	{OPT_NE, "ne", "KEY=VALUE", "KEY != VALUE (true when KEY is missing)"},
	{OPT_LT, "lt", "KEY=NUMBER", "KEY < NUMBER"},
	{OPT_LE, "le", "KEY=NUMBER", "KEY <= NUMBER"},
	{OPT_GT, "gt", "KEY=NUMBER", "KEY > NUMBER"},
	{OPT_GE, "ge", "KEY=NUMBER", "KEY >= NUMBER"},
	{OPT_RE, "re", "KEY=PATTERN", "KEY ~ PATTERN (PCRE2)"},
	{OPT_HAS, "has", "KEY", "KEY is present"},
	{OPT_SINCE, "since", "TIME", "ts >= TIME: a date, RFC 3339, or -24h, -7d"},
	{OPT_UNTIL, "until", "TIME", "ts < TIME"},
	{'v', "invert", NULL, "select the records that do not match"},
	{'c', "count", NULL, "print only the number of selected records"},
	{'m', "max-count", "N", "stop after N selected records"},
	{'q', "quiet", NULL, "print nothing; exit 0 at the first selected record"},
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
	"dcr-filter [-cqv] [-k KEYS | -x KEYS] [-m N] [-o FILE] [-e EXPR]"
	" [--allow-missing KEYS]"
	" [--eq KEY=VALUE] [--ne KEY=VALUE] [--lt KEY=NUMBER] [--le KEY=NUMBER]"
	" [--gt KEY=NUMBER] [--ge KEY=NUMBER] [--re KEY=PATTERN] [--has KEY]"
	" [--since TIME] [--until TIME] [--] [EXPR] [FILE ...]",
	"Keep the dcr records that satisfy a condition.",
	opts
};

/* --eq KEY=VALUE and friends. */
static struct expr *option_test(const char *opt, const char *op,
				const char *arg, bool number)
{
	const char *eq = strchr(arg, '=');
	if (!eq)
		die_usage("%s: expected KEY=%s", opt, number ? "NUMBER" : "VALUE");
	char *key = xmemdup(arg, (size_t)(eq - arg));
	const char *val = eq + 1;
	double d;
	if (number && !num_parse(val, strlen(val), &d))
		die_usage("%s: expected a number after '='", opt);
	struct expr_error err;
	struct expr *e = expr_test(key, op, val, strlen(val), &err);
	free(key);
	if (!e)
		die_usage("%s: %s", opt, err.msg);
	return e;
}

static struct expr *option_has(const char *arg)
{
	struct expr_error err;
	struct expr *e = expr_test(arg, "has", NULL, 0, &err);
	if (!e)
		die_usage("--has: %s", err.msg);
	return e;
}

/* The keys a test reads are checked against the data (keycheck.h),
 * labelled with the option that gave the test. */
static const char *name_opt;

static void name_key(void *kc, const char *k, size_t kn)
{
	keycheck_name(kc, name_opt, k, kn);
}

static void name_keys(struct keycheck *kc, const char *opt,
		      const struct expr *e)
{
	name_opt = opt;
	expr_each_key(e, name_key, kc);
}

static const char *test_label(int id)
{
	static const char *const names[] = {
		"--eq", "--ne", "--lt", "--le", "--gt", "--ge", "--re", "--has",
		"--since", "--until"
	};
	return id == 'e' ? "-e" : names[id - OPT_EQ];
}

/* --since and --until. */
static dcr_time parse_when(const char *opt, const char *s)
{
	dcr_time t;
	switch (when_parse(s, when_now(), &t)) {
	case WHEN_OK:
		return t;
	case WHEN_TOO_FAR:
		die_usage("'%s': too far back", s);
	case WHEN_RANGE:
		die_usage("%s: %s", opt, time_status_str(TIME_RANGE));
	case WHEN_SYNTAX:
		break;
	}
	die_usage("%s: expected a date (2024-03-01), an RFC 3339 time or "
		  "-N with s, m, h, d or w (-24h)", opt);
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
	bool have_test = false;
	const char *arg;
	int id;
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		struct expr *t = NULL;
		switch (id) {
		case 'e': t = expr_compile_or_exit(arg); break;
		case OPT_EQ: t = option_test("--eq", "==", arg, false); break;
		case OPT_NE: t = option_test("--ne", "!=", arg, false); break;
		case OPT_LT: t = option_test("--lt", "<", arg, true); break;
		case OPT_LE: t = option_test("--le", "<=", arg, true); break;
		case OPT_GT: t = option_test("--gt", ">", arg, true); break;
		case OPT_GE: t = option_test("--ge", ">=", arg, true); break;
		case OPT_RE: t = option_test("--re", "~", arg, false); break;
		case OPT_HAS: t = option_has(arg); break;
		case OPT_SINCE: t = expr_time("ts", ">=", parse_when("--since", arg)); break;
		case OPT_UNTIL: t = expr_time("ts", "<", parse_when("--until", arg)); break;
		case 'v': f.invert = true; break;
		case 'c': f.count_only = true; break;
		case 'q': f.quiet = true; break;
		case 'm': f.max = (uint64_t)cli_int("-m", arg, 0, INT64_MAX); break;
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
		if (t) {
			name_keys(&kc, test_label(id), t);
			f.e = expr_and(f.e, t);
			have_test = true;
		}
	}
	if (f.proj.keep.n && f.proj.drop.n)
		die_usage("-k and -x cannot be used together");
	if (!have_test) {
		if (optind >= argc)
			die_usage("no expression given");
		f.e = expr_compile_or_exit(argv[optind++]);
		name_keys(&kc, "EXPR", f.e);
	}
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
	keycheck_free(&kc);
	schema_free(schema);
	return status;
}
