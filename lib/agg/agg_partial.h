/* agg_partial.h - the partial states of dcr-agg: a group's aggregate
 * state written as records (--partial), read back and merged (--merge).
 *
 * Partial states are records whose reserved keys hold, per aggregate,
 * "_NAME=OP:STATE"; a state shared with an earlier aggregate is written
 * once and referred to as "_NAME=OP:@OWNER". Large states continue over
 * further records with the same group keys (merging is associative, so a
 * group spread over several records merges like one); every record names
 * every aggregate, a finished one with a state that merges as nothing, so
 * the records may be shuffled.
 *
 * Ownership: the agg_set and the group states are the caller's; these
 * functions only read or add to them.
 */
#ifndef DCR_AGG_PARTIAL_H
#define DCR_AGG_PARTIAL_H

#include <stdbool.h>
#include <stdint.h>

#include "agg/agg.h"
#include "base/buf.h"
#include "io/output.h"
#include "record/record.h"

/* --merge: define the aggregates from a partial record's "_" keys; false
 * when the record holds none. */
bool agg_partial_define(struct agg_set *s, const struct record *r,
			struct buf *scratch);

/* Merge the aggregate keys of a partial record into a group's state; dies
 * naming file, line and key on a malformed or foreign state. */
void agg_partial_merge(struct agg_set *s, char *state, const struct record *r,
		       struct buf *scratch, const char *file, uint64_t line);

/* Write a group's partial state as records: each begins with prefix (the
 * group keys and "_g"), then " _NAME=OP:STATE" per aggregate. */
void agg_partial_write(struct agg_set *s, char *state, struct slice prefix,
		       struct output *out);

#endif
