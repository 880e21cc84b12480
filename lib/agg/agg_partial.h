/* agg_partial.h - the partial states of dcr-agg: every group's aggregate
 * state written as records (--partial), read back and merged (--merge).
 *
 *     facility=nl-ams-01 _g=facility _v=4 _count=count:3 _c=distinct:2,K7,QC
 *
 * A partial record holds the group keys, the list of their names under
 * _g, the format version under _v, the condition of each aggregate under
 * _conds (numbers, 0: none; left out when none has one: version 2), and
 * per aggregate "_NAME=OP:STATE"; a
 * state shared with an earlier aggregate is written once and referred to
 * as "_NAME=OP:@OWNER". Large states continue over further records with
 * the same group keys (merging is associative, so a group spread over
 * several records merges like one); every record names every aggregate,
 * a finished one with a state that merges as nothing, so the records may
 * be shuffled. A record of another format version than
 * AGG_PARTIAL_VERSION, or of none, is refused: the states of one version
 * do not mean the same in another. The states end with a closing record
 * (agg_partial_keys.h: version 4).
 *
 * Ownership: the groupby and agg_set are the caller's; a struct
 * agg_partial_reader owns its copy of the first record's _g and its scratch.
 */
#ifndef DCR_AGG_PARTIAL_H
#define DCR_AGG_PARTIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agg/agg.h"
#include "agg/groupby.h"
#include "base/buf.h"
#include "io/output.h"
#include "record/record.h"

/* The format of the states written, the only one read; raised whenever
 * a state's text changes meaning. */
#define AGG_PARTIAL_VERSION 4

/* The longest partial record --merge reads unless --max-record says: a
 * state holds values percent-encoded (up to three bytes each), beyond the
 * default limit of a record. */
#define AGG_PARTIAL_MAX_RECORD ((size_t)16 << 20)

/* --partial, after agg_setup(): dies with a usage error when an
 * aggregate's key would be a reserved one (_g, _v, _src, _err). */
void agg_partial_check_names(const struct agg_set *s);

/* Write every group of g (groupby_sort() first) as partial records. */
void agg_partial_write(const struct groupby *g, struct agg_set *s,
		       struct output *out);

/* Refuse a record of another format version than this one (or of none),
 * naming file and line, before anything of it is read. */
void agg_partial_check_version(const struct record *r, struct buf *scratch,
			       const char *file, uint64_t line);

/* Reading partial records into g and s (--merge). */
struct agg_partial_reader {
	struct groupby *g;
	struct agg_set *s;
	bool keys_given;	/* -g chose the keys to merge by */
	bool defined;
	char *first_g;		/* the _g of the first record */
	char *first_conds;	/* its _conds, "" when none */
	struct buf scratch;
};

void agg_partial_reader_init(struct agg_partial_reader *pr,
			     struct groupby *g, struct agg_set *s,
			     bool keys_given);
/* The first record: check its version, define the aggregates of s from
 * it and, unless keys_given, the grouping of g. The caller then sets up s
 * and g (agg_setup, groupby_start) before agg_partial_merge(). Dies
 * naming file and line when r is not a partial record of this version. */
void agg_partial_define(struct agg_partial_reader *pr,
			const struct record *r, const char *file,
			uint64_t line);
/* Every record, the first included: check its version and grouping, and
 * merge its states into its group; dies naming file, line and key on a
 * malformed or foreign state. */
void agg_partial_merge(struct agg_partial_reader *pr,
		       const struct record *r, const char *file,
		       uint64_t line);
void agg_partial_reader_free(struct agg_partial_reader *in);

#endif
