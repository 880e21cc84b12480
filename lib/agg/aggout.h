/* aggout.h - the final output of dcr-agg: every group's values, derived
 * values (--derive), their order (--sort) and the records written.
 *
 * Records are "GROUP KEYS AGGREGATES DERIVED", absent values left out.
 * Groups come in the order of groupby_sort() unless --sort names output
 * keys ("visits:r,facility": ":r" for descending); then values
 * that are numbers compare numerically and come before strings, absent
 * values come last either way, and ties keep the group-key order.
 *
 * Small cells (--min-cell K): hidden values are written as "<K", and so is
 * a derived value that reads one; which values are hidden is
 * agg_protect.h's. With --cell-key, counts and distinct counts are written
 * perturbed (stats/cellkey.h), derived values computed from them, and a
 * count whose perturbed value is below K is hidden too.
 *
 * Ownership: struct aggout owns its derived programs and the table of
 * values; the groupby and agg_set it reads belong to the caller.
 */
#ifndef DCR_AGGOUT_H
#define DCR_AGGOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "agg/agg.h"
#include "lang/derive.h"
#include "agg/groupby.h"
#include "io/output.h"

struct aggout_sortkey {
	bool desc, group; /* group: idx is a group key, else a column */
	size_t idx;
};

struct aggout {
	struct groupby *g;
	struct agg_set *s;
	struct derive **d;
	size_t nd;
	size_t nagg, ncols;
	const char **names;	/* columns after the group keys */
	/* n groups x ncols, in groupby order; one row when stream */
	struct agg_value *vals;
	bool stream;		/* rows computed one at a time, as written */
	struct buf text;
	struct aggout_sortkey *sk;
	size_t nsk;
	uint64_t min_cell;	/* 0: no suppression */
	bool totals;		/* add the row of all groups */
	bool *hidden;		/* rows x ncols: suppressed */
	/* agg_protect.c: rows x ncols resting on too few records, and
	 * what it needs to know of each aggregate's column */
	bool *primary;
	struct agg_column *cols;
	bool cell_key;		/* --cell-key: counts perturbed */
	uint64_t *cell_keys;	/* per column, while writing */
	bool *has_cell_key;
	char *total;		/* the state of all groups merged */
};

/* After agg_setup(): checks that no output key is given twice. */
void aggout_init(struct aggout *o, struct groupby *g, struct agg_set *s);
/* --derive 'NAME = EXPR' (in order: later ones may use earlier ones); a
 * key that is not one of the columns so far is a usage error that names
 * the closest of them. */
void aggout_add_derive(struct aggout *o, const char *src);
/* --sort KEYS, after the derived values; a key that is no output key is
 * a usage error that names the closest output keys. */
void aggout_sort_spec(struct aggout *o, const char *spec);
/* Compute, order and write every group (groupby_sort() first). */
void aggout_write(struct aggout *o, struct output *out);
void aggout_free(struct aggout *o);

#endif
