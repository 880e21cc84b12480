/* literal.h - which literal dcr-filter searches its blocks for.
 *
 * A condition may offer several sets of literals (expr_literal_count()):
 * every line it selects holds one literal of each set. Searching for the
 * set whose literals are rarest in the data passes over the most lines,
 * so the choice is made on a sample, the first block read. A value can
 * hide a literal behind escapes only when it is quoted, so for each key
 * of a literal "KEY=\"" is searched for too.
 *
 * Ownership: struct literal holds the "KEY=\"" needles that its search
 * points at; it allocates nothing. The condition must outlive it.
 */
#ifndef DCR_LITERAL_H
#define DCR_LITERAL_H

#include <stddef.h>

#include "filter/search.h"
#include "lang/expr.h"
#include "record/record.h"

struct literal {
	struct search search;			     /* ready for search_find() */
	char quoted[SEARCH_MAX][RECORD_KEY_MAX + 2]; /* the KEY=" needles */
};

/* The needles of literal set i of e into nd: each alternative, then
 * KEY=" for each key whose value an alternative holds. Returns how many,
 * at most SEARCH_MAX. */
size_t literal_needles(struct literal *l, const struct expr *e, size_t i,
		       struct slice *nd);

/* Choose the literal set of e (expr_literal_count(e) > 0) whose needles
 * occur least often in sample[0..n) (ties: the expression's own order),
 * and ready l->search for it, tuned to the sample. */
void literal_choose(struct literal *l, const struct expr *e,
		    const char *sample, size_t n);

#endif
