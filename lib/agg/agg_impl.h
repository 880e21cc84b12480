/* agg_impl.h - the insides of agg.h, shared by agg.c (operators, adding,
 * results) and agg_partial.c (partial states): not for other modules.
 *
 * Ownership: as in agg.h; a struct sbuf owns its bytes (free(b->p)).
 */
#ifndef DCR_AGG_IMPL_H
#define DCR_AGG_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "agg/agg.h"
#include "base/arena.h"
#include "stats/strset.h"

/* The kinds of state an operator keeps. */
enum comp {
	C_COUNT, C_MOMENTS, C_MIN, C_MAX, C_VALUES, C_SET, C_HLL,
	C_FIRST, C_LAST, C_OCC, C_N
};

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
	enum comp comp;
	enum result res;
	unsigned flags;
	const char *doc;  /* as --help shows the name */
	const char *help;
};

/* A grow-only string. */
struct sbuf {
	char *p;
	uint32_t len, cap;
};

/* Set b to p[0..n), growing it when needed. */
void agg_sbuf_set(struct sbuf *b, const char *p, size_t n);

static inline int bytecmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn;
	int c = n ? memcmp(a, b, n) : 0;
	return c ? c : (an > bn) - (an < bn);
}

/* min or max: numerically while every value is a number, and bytewise
 * over all values in case one is not. */
struct mm {
	struct sbuf str;
	double num;
	bool any, all_num;
};

struct fl {
	struct sbuf str;
	bool any;
};



/* An input: a field (or none) under a condition (or none). */
struct slot {
	char *field;
	size_t flen;
	int cond;		/* index into conds, -1: none */
	unsigned comps;		/* 1 << enum comp */
	size_t off[C_N];	/* of each state in a group's block */
	bool numeric;		/* some operator needs numbers */
	bool counts;		/* the set keeps counts (mode) */
	bool parse_num;		/* values, min or max need the number */
	uint64_t not_num, missing;
	const char *warn_name;
	/* peak: the session's time field and the other field, "t+len",
	 * "t-len" or "start..end"; field holds that text. */
	enum { OCC_NONE, OCC_PLUS, OCC_MINUS, OCC_RANGE } occ;
	char *tkey, *okey;
	size_t hint, thint, ohint; /* positions of the keys (hint.h) */
};

struct def {
	char *name, *at_name;	/* output keys; at_name for peak */
	const struct op *op;
	char *op_text;		/* as written: "p99.9", "median" */
	int64_t pm;		/* percentile pm / 10^ps */
	int ps;
	size_t slot;
	size_t owner;		/* the aggregate writing the shared state */
	/* writing partials */
	uint64_t pos;
	bool done;
	struct strset_slot **sorted;
	size_t nsorted;
};

struct agg_set {
	struct def *defs;
	size_t ndefs, dcap;
	struct slot *slots;
	size_t nslots, scap;
	struct expr **conds;
	char **cond_src;
	size_t nconds;
	int *cval;
	size_t state_size;
	const char **cols;
	size_t ncols;
	struct arena arena;	/* strings of the groups' sets */
	struct buf scratch, enc, item;
	bool strict;
	bool defer;	/* a failing condition sets failed instead of a warning */
	bool failed;
};

static inline uint64_t *st_count(char *st, const struct slot *sl)
{
	return (uint64_t *)(void *)(st + sl->off[C_COUNT]);
}
#define STATE(type, st, sl, c) ((type *)(void *)((st) + (sl)->off[c]))

/* True for the reserved keys of a partial record that are not aggregates:
 * _g (the group keys), _src and _err (added by other tools). */
bool agg_reserved_key(const struct field *f);
/* The aggregate named name[0..n) (hint: its likely index), or NULL. */
struct def *agg_def_named(struct agg_set *s, const char *name, size_t n,
			  size_t hint);

#endif
