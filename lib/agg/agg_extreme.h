/* agg_extreme.h - the values dcr-agg's min, max, first and last keep: a
 * copy of a value, and the merge of two minima or maxima. agg.c adds
 * records to them and agg_state.c merges whole states through them; this
 * file calls no other file of agg/, so calls go one way.
 *
 * Ownership: a struct value_copy owns its bytes (free(b->p)); the states
 * that hold one free it with their kind (agg_state.c).
 */
#ifndef DCR_AGG_EXTREME_H
#define DCR_AGG_EXTREME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A copy of a value that min, max, first and last keep: grown when a
 * longer one comes, never shrunk. */
struct value_copy {
	char *p;
	uint32_t len, cap;
};

/* Set b to p[0..n), growing it when needed. */
void value_copy_set(struct value_copy *b, const char *p, size_t n);

/* min or max: numerically while every value is a number, and bytewise
 * over all values in case one is not. An extreme that is an integer
 * fitting 64 bits is kept (inum, is_int), compared and written exactly;
 * where it and another number are the same double, the integer wins. */
struct min_or_max {
	struct value_copy str;
	double num;
	int64_t inum;
	bool any, all_num, is_int;
};

/* Take src's value(s) into m: min with sign 1, max with -1. */
void agg_min_or_max_merge(struct min_or_max *m, const struct min_or_max *src,
			  int sign);

struct first_or_last {
	struct value_copy str;
	bool any;
};

#endif
