/* filter_args.h - dcr-filter's condition options (-e, --eq ... --until and
 * the EXPR operand): checked and compiled as they are read, as before any
 * input is opened, and kept, so that each thread of filter_threads.h can
 * compile the same condition again (threads cannot share one: a compiled
 * condition holds its scratch and regex match data).
 *
 * Ownership: the arguments stay argv's; filter_args_free() frees the list
 * and the first condition if filter_args_take() did not take it; each
 * filter_args_build() returns a condition the caller frees.
 */
#ifndef DCR_FILTER_ARGS_H
#define DCR_FILTER_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/cli.h"
#include "lang/expr.h"
#include "record/keycheck.h"
#include "time/timefmt.h"

/* The ids of the long condition options ('e' is -e). */
enum {
	FILTER_EQ = CLI_OWN, FILTER_NE, FILTER_LT, FILTER_LE, FILTER_GT,
	FILTER_GE, FILTER_RE, FILTER_HAS, FILTER_SINCE, FILTER_UNTIL,
	FILTER_EXPR, /* the EXPR operand */
	FILTER_OWN   /* the command's own ids from here */
};

struct filter_test {
	int id;
	const char *arg;
	dcr_time when; /* --since, --until: resolved once ("-24h") */
};

struct filter_args {
	struct filter_test *t;
	size_t n, cap;
	struct expr *first; /* all of them, compiled as they were added */
};

/* A condition option, or false for another id. Its argument is checked and
 * compiled now (a usage error dies, naming the option), and the keys it
 * reads are named in kc, labelled with the option. */
bool filter_args_add(struct filter_args *a, int id, const char *arg,
		     struct keycheck *kc);
/* The condition compiled when the options were read (NULL if none); the
 * caller owns it then. */
struct expr *filter_args_take(struct filter_args *a);
/* The same condition compiled again. */
struct expr *filter_args_build(const struct filter_args *a);
void filter_args_free(struct filter_args *a);

#endif
