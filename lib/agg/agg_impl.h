/* agg_impl.h - the insides of agg.h, shared by agg.c (operators, adding,
 * results), agg_state.c (the kinds of state) and agg_partial.c (partial
 * states): not for other modules. The values min, max, first and last
 * keep are agg_extreme.h's.
 *
 * Ownership: as in agg.h and agg_extreme.h.
 */
#ifndef DCR_AGG_IMPL_H
#define DCR_AGG_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "agg/agg.h"
#include "agg/agg_extreme.h"
#include "base/arena.h"
#include "key/key.h"
#include "stats/strset.h"

/* The kinds of state an operator keeps (agg_kinds[] below). */
enum state_kind {
	KIND_COUNT, KIND_MOMENTS, KIND_MIN, KIND_MAX, KIND_VALUES, KIND_SET,
	KIND_HLL, KIND_FIRST, KIND_LAST, KIND_OCC,
	KIND_CKEY, /* --cell-key: the sum of the records' keys (no operator) */
	KIND_N
};

/* What an operator computes from its state. */
enum result {
	R_COUNT, R_SUM, R_MEAN, R_VAR, R_STDEV, R_MIN, R_MAX, R_PCT,
	R_DISTINCT, R_APPROX, R_FIRST, R_LAST, R_MODE, R_PEAK
};

enum {
	F_FIELD_OPT = 1, /* the field may be left out (count) */
	F_NUMERIC = 2,	 /* values must be numbers; others are skipped */
	F_PCT = 4	 /* "pN": the number follows the name */
};

struct op {
	const char *name;
	enum state_kind kind;
	enum result res;
	unsigned flags;
	const char *doc;  /* as --help shows the name */
	const char *help;
};

/* An input of aggregates: a field (or none) under a condition (or none);
 * aggregates of the same input share it, and one state per kind. */
struct agg_input {
	char *field;
	size_t flen;
	int cond;		/* index into conds, -1: none */
	unsigned kinds;		/* 1 << enum state_kind */
	size_t off[KIND_N];	/* of each state in a group's block */
	bool numeric;		/* some operator needs numbers */
	bool counts;		/* the set keeps counts (mode) */
	bool parse_num;		/* values, min or max need the number */
	uint64_t not_num, missing;
	uint64_t comma_num;	/* of not_num: written with a decimal comma */
	const char *warn_name;
	/* peak: the session's time field and the other field, "t+len",
	 * "t-len" or "start..end"; field holds that text. */
	enum occ_form { OCC_NONE, OCC_PLUS, OCC_MINUS, OCC_RANGE } occ;
	char *tkey, *okey;
	size_t hint, thint, ohint; /* positions of the keys (hint.h) */
};

struct aggregate {
	char *name, *at_name;	/* output keys; at_name for peak */
	const struct op *op;
	char *op_text;		/* as written: "p99.9", "median" */
	int64_t pct_mant;	/* percentile pct_mant / 10^pct_scale */
	int pct_scale;
	size_t input;		/* index into inputs */
	uint64_t no_peak;	/* rows whose peak had no session: absent */
	size_t owner;		/* the aggregate writing the shared state */
	/* The condition its records pass (index into conds, -1: none; for
	 * merged states, as _conds says): the values of one condition rest
	 * on the same records and are hidden together (agg_protect.h). */
	int link;
	/* writing partials */
	uint64_t pos;
	bool done;
	struct strset_slot **sorted;
	size_t nsorted;
};

struct agg_set {
	struct aggregate *defs;	/* in the order of -a */
	size_t ndefs, dcap;
	struct agg_input *inputs;
	size_t ninputs, icap;
	struct expr **conds;
	char **cond_src;
	size_t nconds;
	int *cond_holds;	/* per condition: it holds for this record */
	size_t state_size;
	const char **cols;
	size_t ncols;
	struct arena arena;	/* strings of the groups' sets */
	struct buf scratch, enc, item;
	bool strict;
	const struct key *cell_key;	/* --cell-key, or NULL */
	struct buf record_bytes;	/* what a record's key is made of */
	bool defer;	/* a failing condition sets failed instead of a warning */
	bool uncounted;	/* agg_count_results(s, false) */
	bool failed;
};

/* The state of kind c of input in in a group's block st. */
static inline uint64_t *st_count(char *st, const struct agg_input *in)
{
	return (uint64_t *)(void *)(st + in->off[KIND_COUNT]);
}
#define STATE(type, st, in, c) ((type *)(void *)((st) + (in)->off[c]))

/* ---- the kinds of state (agg_state.c) ----
 *
 * The cold phases of each kind, as Miller's stats1 accumulators have
 * them: adding a kind is a row of agg_kinds[] with its functions, and a
 * branch of add_value() in agg.c. Adding a record stays a switch there:
 * it runs for every field of every record, and an indirect call per
 * state would cost more than the work. The st arguments point to the
 * kind's state in a group's block. */
struct state_kind_ops {
	size_t size;		/* of the state in a group's block */
	/* The number of values the state holds, for --min-cell; NULL when
	 * it keeps no count (agg_support() looks for another state). */
	uint64_t (*support)(const void *st);
	/* Add src's state to dst's, as if src's records came after dst's;
	 * s is dst's set (its arena holds the strings of sets). */
	void (*merge)(struct agg_set *s, void *dst, const void *src);
	/* Release what the state holds on the heap; NULL: nothing. */
	void (*free)(void *st);
	/* --partial (agg_partial.c): write the state, or its next chunk for
	 * lists (d->pos, d->done); read a state's text and merge it; and the
	 * text that merges as nothing (for continuation records). */
	void (*write)(struct agg_set *s, struct aggregate *d, void *st,
		      struct buf *b);
	bool (*read)(struct agg_set *s, void *st, const char *p, size_t n);
	const char *empty;
};

extern const struct state_kind_ops agg_kinds[KIND_N];

/* ---- the state text of each kind (agg_partial.c) ---- */
void agg_partial_write_count(struct agg_set *s, struct aggregate *d, void *st,
			     struct buf *b);
void agg_partial_write_moments(struct agg_set *s, struct aggregate *d, void *st,
			       struct buf *b);
void agg_partial_write_min_or_max(struct agg_set *s, struct aggregate *d,
				  void *st, struct buf *b);
void agg_partial_write_first_or_last(struct agg_set *s, struct aggregate *d,
				     void *st, struct buf *b);
void agg_partial_write_values(struct agg_set *s, struct aggregate *d, void *st,
			      struct buf *b);
void agg_partial_write_set(struct agg_set *s, struct aggregate *d, void *st,
			   struct buf *b);
void agg_partial_write_hll(struct agg_set *s, struct aggregate *d, void *st,
			   struct buf *b);
void agg_partial_write_occ(struct agg_set *s, struct aggregate *d, void *st,
			   struct buf *b);
bool agg_partial_read_count(struct agg_set *s, void *st, const char *p,
			    size_t n);
bool agg_partial_read_moments(struct agg_set *s, void *st, const char *p,
			      size_t n);
bool agg_partial_read_min(struct agg_set *s, void *st, const char *p,
			  size_t n);
bool agg_partial_read_max(struct agg_set *s, void *st, const char *p,
			  size_t n);
bool agg_partial_read_first(struct agg_set *s, void *st, const char *p,
			    size_t n);
bool agg_partial_read_last(struct agg_set *s, void *st, const char *p,
			   size_t n);
bool agg_partial_read_values(struct agg_set *s, void *st, const char *p,
			     size_t n);
bool agg_partial_read_set(struct agg_set *s, void *st, const char *p,
			  size_t n);
bool agg_partial_read_hll(struct agg_set *s, void *st, const char *p,
			  size_t n);
bool agg_partial_read_occ(struct agg_set *s, void *st, const char *p,
			  size_t n);

/* ---- parsing (agg.c), for definitions read from a partial record ---- */

/* The operator named s[0..n); a percentile's number is *mant / 10^*scale. */
const struct op *agg_find_op(const char *s, size_t n, int64_t *mant,
			     int *scale);
/* A new, zeroed definition at the end of s->defs. */
struct aggregate *agg_new_def(struct agg_set *s);
/* The input of field (NULL: none) under condition cond (-1: none),
 * shared with an earlier aggregate unless fresh. */
size_t agg_find_input(struct agg_set *s, const char *field, size_t flen,
		      int cond, bool fresh);

#endif
