/* dcr-join - append the fields of a small reference table (a roster) to
 * each record whose keys match (the work is join/join.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/err.h"
#include "base/xmalloc.h"
#include "io/output.h"
#include "join/join.h"
#include "parse/schema.h"
#include "record/keycheck.h"
#include "record/reader.h"

enum { OPT_ON = CLI_OWN, OPT_FIELDS, OPT_STRICT, OPT_IF, OPT_DERIVE,
       OPT_MAX_TABLE, OPT_ALLOW_MISSING };

/* A table is a roster, not a second input stream. */
#define MAX_TABLE_DEFAULT 100000

static const struct cli_opt opts[] = {
	{'T', "table", "FILE", "the reference table: records, one per key"},
	{OPT_ON, "on", "KEYS", "the keys whose values must match"},
	{OPT_FIELDS, "fields", "KEYS",
	 "the table's keys to append (default: all but --on's)"},
	{OPT_STRICT, "strict", NULL, "a record without a match is an error"},
	{OPT_IF, "if", "EXPR", "look up only the records where EXPR holds"},
	{OPT_DERIVE, "derive", "DEF",
	 "append NAME = EXPR over the joined keys; repeatable"},
	{OPT_MAX_TABLE, "max-table", "N",
	 "refuse a table of more than N records (default 100000)"},
	CLI_OPT_SCHEMA("its keys count as known (dcr-schema(5))"),
	{OPT_ALLOW_MISSING, "allow-missing", "KEYS",
	 "these keys of --on, --if and --derive may be in no record"},
	CLI_OPT_OUTPUT,
	CLI_OPT_REJECT,
	CLI_OPT_MAX_RECORD,
	CLI_OPT_HELP,
	CLI_OPT_VERSION,
	CLI_OPT_END
};

static const struct cli cli = {
	"dcr-join -T FILE --on KEYS [--strict] [--fields KEYS] [--if EXPR]"
	" [--derive DEF] [--max-table N] [--allow-missing KEYS] [-o FILE]"
	" [FILE ...]",
	"Append the fields of a reference table to the records whose keys match.",
	opts
};

/* The note of the records that matched nothing: counts, never values. */
static void note_unmatched(const struct join *j)
{
	struct buf t = {0};
	for (size_t i = 0; i < j->on.n; i++) {
		if (i)
			buf_addc(&t, ',');
		buf_add(&t, j->on.k[i], j->on.len[i]);
	}
	warn("%llu of %llu records matched no table record (--on %.*s)",
	     (unsigned long long)j->unmatched, (unsigned long long)j->looked,
	     (int)t.len, t.p);
	buf_free(&t);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	out_guard_stdio();
	struct join j;
	memset(&j, 0, sizeof j);
	struct keycheck kc = {0};
	const char *outpath = NULL, *rejectpath = NULL, *schema_path = NULL;
	const char *table = NULL, *arg;
	uint64_t max_table = MAX_TABLE_DEFAULT;
	int id;
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		switch (id) {
		case 'T': table = arg; break;
		case OPT_ON:
			keylist_add(&j.on, "--on", arg, strlen(arg),
				    KEYLIST_ONCE | KEYLIST_USER);
			break;
		case OPT_FIELDS:
			keylist_add(&j.fields, "--fields", arg, strlen(arg),
				    KEYLIST_ONCE);
			break;
		case OPT_STRICT: j.strict = true; break;
		case OPT_IF: j.cond = expr_and(j.cond, expr_compile_or_exit(arg)); break;
		case OPT_DERIVE: join_add_derive(&j, arg); break;
		case OPT_MAX_TABLE:
			max_table = (uint64_t)cli_int("--max-table", arg, 1, INT64_MAX);
			break;
		case CLI_SCHEMA: schema_path = arg; break;
		case OPT_ALLOW_MISSING: keycheck_allow(&kc, arg); break;
		case 'o': outpath = arg; break;
		case CLI_REJECT: rejectpath = arg; break;
		case CLI_MAX_RECORD:
			input_max_record = cli_size("--max-record", arg);
			break;
		}
	}
	if (!table)
		die_usage("no table given (-T FILE)");
	if (!j.on.n)
		die_usage("no key to join on given (--on KEYS)");
	char **files = argv + optind;
	int nfiles = argc - optind;

	/* Read before any output is opened: a bad schema leaves nothing. */
	struct schema *schema =
		schema_path ? schema_load_or_die(schema_path) : NULL;
	struct output out, rej;
	struct output *reject =
		reader_open_outputs(files, nfiles, &out, outpath, &rej, rejectpath);
	out_refuse_input(table);
	if (schema_path)
		out_refuse_input(schema_path);
	jtable_load(&j.table, table, &j.on, max_table);
	join_setup(&j, &kc);
	schema_make_known(schema, &kc);

	struct reader rd;
	reader_init(&rd, files, nfiles, reject);
	rd.kc = &kc; /* a declaration of keys (keydecl.h) makes them known */
	bool first = true;
	struct record *r;
	while ((r = reader_next(&rd))) {
		keycheck_record(&kc, r);
		if (first) {
			/* after the input's own declaration, before any record */
			join_declare(&j, &rd.declared, &out.buf);
			first = false;
		}
		const char *why;
		if (join_record(&j, r, rd.line, &out.buf, &why) == JOIN_REFUSED) {
			reader_reject(&rd, rd.line, rd.in.lineno, why, (size_t)-1);
			if (j.strict && j.unmatched)
				rd.failed = true; /* --strict: nothing is written */
		}
		out_maybe_flush(&out);
	}
	bool keys_ok = keycheck_report(&kc);
	if (!keys_ok)
		rd.failed = true; /* a key in no record: the output is void */
	int status = reader_finish(&rd, &out, EXIT_OK);
	if (keys_ok && j.unmatched && !j.strict) {
		note_unmatched(&j); /* a note: status 1, unless worse */
		if (status == EXIT_OK)
			status = EXIT_NOMATCH;
	}
	join_free(&j);
	keycheck_free(&kc);
	schema_free(schema);
	return status;
}
