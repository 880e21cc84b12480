/* dcr-fmt - write records as a table, CSV, TSV, JSON, Markdown, logfmt or
 * an HTML report. The options are parsed in lib/fmt/fmt_args.c, the
 * writers live in lib/fmt/fmt_*.c, one a format; the driver (streaming or
 * collecting, -k, --sort, --head) in lib/fmt/fmt.c. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/progress.h"
#include "base/term.h"
#include "fmt/fmt.h"
#include "fmt/fmt_args.h"
#include "io/output.h"
#include "parse/schema.h"
#include "record/keycheck.h"
#include "record/reader.h"

int main(int argc, char **argv)
{
	err_init(argv[0]);
	out_guard_stdio();
	struct fmt_args a;
	fmt_args_parse(&a, argc, argv);
	char **files = argv + optind;
	int nfiles = argc - optind;
	bool to_stdout = !a.outpath || strcmp(a.outpath, "-") == 0;
	a.o.color = term_color(a.color, to_stdout ? STDOUT_FILENO : -1);
	a.o.utf8 = term_utf8();
	/* Read before any output is opened: a bad schema leaves nothing. */
	struct schema *schema =
		a.schema_path ? schema_load_or_die(a.schema_path) : NULL;
	fmt_args_load_compare(&a);
	struct output out, rej;
	struct output *reject = reader_open_outputs(files, nfiles, &out, a.outpath,
						    &rej, a.rejectpath);
	if (a.schema_path)
		out_refuse_input(a.schema_path);
	if (a.compare_path)
		out_refuse_input(a.compare_path);
	if (a.page) { /* the FILEs are HTML: no record to read, no label used */
		int status = fmt_html_page(&a.o, &out, files, nfiles);
		fmt_args_free(&a);
		return status;
	}
	schema_make_known(schema, &a.kc);

	struct fmt f;
	fmt_init(&f, a.w, &a.o, &out);
	fmt_name_keys(&a.kc, &a.o);
	struct reader rd;
	reader_init(&rd, files, nfiles, reject);
	rd.kc = &a.kc;
	struct record *r;
	bool whole = true; /* false when --head stopped the reading */
	while ((r = reader_next(&rd))) {
		keycheck_record(&a.kc, r);
		if (!fmt_record(&f, r, rd.line)) {
			whole = false;
			break;
		}
	}
	progress_clear(); /* the input is read; a table must not start on its line */
	if (!rd.failed && whole && !keycheck_report(&a.kc))
		rd.failed = true; /* a named key in no record: write nothing */
	fmt_finish(&f, !rd.failed);
	int status = reader_finish(&rd, &out, EXIT_OK);
	fmt_free(&f);
	schema_free(schema);
	fmt_args_free(&a);
	return status;
}
