/* agg_partial_keys.h - the closing record of partial states: how many
 * records they were made of and which named keys none of those had, so
 * that the unknown-key check (keycheck.h) runs at --merge, over every
 * state, instead of failing the state of a quiet day.
 *
 *     _v=4 _closing=2 _unseen=-a:incident_type:,-g:facilty:facility
 *
 * _closing is the number of records read; _unseen lists, for each key
 * named by -g or -a that no record had and that --allow-missing or
 * --schema did not make known, "OPTION:KEY:" and the keys that appeared
 * closest to it, separated by '/' (for the "did you mean"). --merge
 * reports a key that every closing record it read lists, when some state
 * was made of records; states without a closing record (selected from
 * a larger file by group) check nothing.
 *
 * Ownership: a struct agg_partial_keys owns its entries;
 * agg_partial_keys_free() releases them. A zeroed struct is an empty one.
 */
#ifndef DCR_AGG_PARTIAL_KEYS_H
#define DCR_AGG_PARTIAL_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "record/keycheck.h"
#include "record/record.h"

struct agg_partial_unseen {
	const char *opt; /* "-g" or "-a" (static) */
	char *key;
	char *near;	 /* "K/K/K" or "" */
	size_t listed;	 /* by how many closing records */
	size_t last;	 /* the closing record that listed it last */
};

struct agg_partial_keys {
	struct agg_partial_unseen *e;
	size_t n;
	size_t closings; /* closing records read */
	uint64_t records;
};

/* Is r a closing record (it has _closing)? */
bool agg_partial_is_closing(const struct record *r);
/* Append the closing record of states made with kc (its records and the
 * keys it lacks), with its newline, to b. */
void agg_partial_put_closing(const struct keycheck *kc, struct buf *b);
/* Read closing record r (its version checked by the caller); dies naming
 * file and line when it is malformed. */
void agg_partial_keys_read(struct agg_partial_keys *pk, const struct record *r,
			   struct buf *scratch, const char *file, uint64_t line);
/* Into kc, a check with nothing named: the keys every closing record
 * lacks as named keys, their near keys as keys that appeared, and the
 * records read, so that keycheck_report() (or a closing record of the
 * merge) says what one pass over all the records would have said. */
void agg_partial_keys_to_check(const struct agg_partial_keys *pk,
			       struct keycheck *kc);
void agg_partial_keys_free(struct agg_partial_keys *pk);

#endif
