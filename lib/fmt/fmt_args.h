/* fmt_args.h - dcr-fmt's command line: the option table, which formats
 * each option belongs to, and the parsing into struct fmt_args, so that
 * cmd/dcr-fmt.c keeps only the reading loop and the exit status.
 *
 * Ownership: struct fmt_args owns its sort spec, its keycheck, the
 * labels array (whose strings are argv's) and the --compare records;
 * o.sort, o.labels and o.compare point into it, so it must not be copied or moved once parsed. fmt_args_free()
 * releases what it owns.
 */
#ifndef DCR_FMT_ARGS_H
#define DCR_FMT_ARGS_H

#include <stdbool.h>

#include "base/term.h"
#include "fmt/fmt.h"
#include "fmt/line_series.h"
#include "fmt/rowsort.h"
#include "record/keycheck.h"

struct fmt_args {
	const struct writer *w;	   /* -t */
	struct fmt_opts o;	   /* the writers' options */
	const char *outpath;	   /* -o, NULL: standard output */
	const char *rejectpath;	   /* --reject */
	const char *schema_path;   /* --schema */
	bool page;		   /* --page: the FILEs are HTML fragments */
	enum color_mode color;	   /* --color */
	struct sort_spec sort;	   /* --sort (o.sort points here) */
	struct keycheck kc;	   /* -k, --sort, --allow-missing */
	const char **labels;	   /* --label (o.labels points here) */
	const char *compare_path;  /* --compare */
	struct line_series compare; /* its records (o.compare points here) */
};

/* Parse argv into a (dying with a usage error on a bad option or one that
 * does not apply to the format); argv[optind..] are then the FILEs. */
void fmt_args_parse(struct fmt_args *a, int argc, char **argv);
/* Read the --compare file, when given, before any output is opened (a
 * bad one dies, exit 2, leaving nothing). */
void fmt_args_load_compare(struct fmt_args *a);
void fmt_args_free(struct fmt_args *a);

#endif
