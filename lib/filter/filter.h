/* filter.h - dcr-filter's engine: the records of each input that satisfy
 * a condition, selected at grep speed.
 *
 * With a literal that every selected line must contain ("route=inject"
 * for route == inject) and without -v, whole blocks are searched for it
 * (literal.h) and only the lines that hold it are parsed and tested, as
 * grep does; line numbers are counted only as far as a diagnostic needs
 * them. Otherwise every line is parsed and tested. Either way a bad line
 * is reported through the reader, and the selected records are written
 * as the projection says (project.h). While the key check (keycheck.h)
 * has a key that no record had yet, the keys of every line are noted, so
 * that a key's absence is a fact about the data, not about the lines
 * searched; what is selected and reported stays the same.
 *
 * Ownership: the filter owns its condition (set e, then filter_free()
 * frees it) and its projection; the reader, the output and the key
 * check stay the caller's.
 */
#ifndef DCR_FILTER_H
#define DCR_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "filter/literal.h"
#include "filter/project.h"
#include "io/output.h"
#include "lang/expr.h"
#include "record/keycheck.h"
#include "record/reader.h"
#include "record/record.h"

struct filter {
	/* set by the caller between filter_init() and filter_start() */
	struct expr *e;		/* the condition */
	bool invert;		/* -v: select what does not match */
	bool count_only;	/* -c: write the count only */
	bool quiet;		/* -q: write nothing, stop at the first */
	uint64_t max;		/* -m: stop after this many */
	struct project proj;	/* -k, -x */
	struct keycheck *kc;	/* fed every record while it misses a key */
	/* the result */
	uint64_t selected;
	bool done;		/* nothing more is to be read */
	/* private */
	struct output *out;
	bool fast, tuned;	/* search blocks; the literal is chosen */
	struct literal lit;
	struct slice key1;	/* the condition's only key, if it has one */
	struct field field1;	/* a record of that key alone */
	struct record rec1;
};

void filter_init(struct filter *f);
/* Ready f to write to out. */
void filter_start(struct filter *f, struct output *out);
/* Select from the current input of rd, until its end or until f->done. */
void filter_input(struct filter *f, struct reader *rd);
/* After the last input: the count, for -c. */
void filter_finish(struct filter *f);
void filter_free(struct filter *f);

#endif
