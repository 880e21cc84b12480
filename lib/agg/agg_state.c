/* agg_state.c - the kinds of state behind dcr-agg's aggregates: the table
 * of their cold phases (agg_impl.h), and whole group states merged in
 * memory (threads, --totals) and freed. */
#include <stdlib.h>

#include "agg/agg_impl.h"
#include "base/hash.h"
#include "stats/hll.h"
#include "stats/moments.h"
#include "stats/occupancy.h"
#include "stats/quantile.h"

/* ---- count ---- */

static uint64_t count_support(const void *st)
{
	return *(const uint64_t *)st;
}

static void count_merge(struct agg_set *s, void *dst, const void *src)
{
	(void)s;
	*(uint64_t *)dst += *(const uint64_t *)src;
}

/* ---- sums and moments ---- */

static uint64_t moments_support(const void *st)
{
	return ((const struct moments *)st)->n;
}

static void moments_merge_state(struct agg_set *s, void *dst, const void *src)
{
	(void)s;
	moments_merge(dst, src);
}

static void moments_free_state(void *st)
{
	moments_free(st);
}

/* ---- min and max ---- */

static void min_merge(struct agg_set *s, void *dst, const void *src)
{
	(void)s;
	agg_min_or_max_merge(dst, src, 1);
}

static void max_merge(struct agg_set *s, void *dst, const void *src)
{
	(void)s;
	agg_min_or_max_merge(dst, src, -1);
}

static void min_or_max_free(void *st)
{
	free(((struct min_or_max *)st)->str.p);
}

/* ---- first and last ---- */

static void first_merge(struct agg_set *s, void *dst, const void *src)
{
	(void)s;
	struct first_or_last *f = dst;
	const struct first_or_last *g = src;
	if (!f->any && g->any) {
		f->any = true;
		value_copy_set(&f->str, g->str.p, g->str.len);
	}
}

static void last_merge(struct agg_set *s, void *dst, const void *src)
{
	(void)s;
	struct first_or_last *f = dst;
	const struct first_or_last *g = src;
	if (g->any) {
		f->any = true;
		value_copy_set(&f->str, g->str.p, g->str.len);
	}
}

static void first_or_last_free(void *st)
{
	free(((struct first_or_last *)st)->str.p);
}

/* ---- values (percentiles) ---- */

static uint64_t values_support(const void *st)
{
	return ((const struct values *)st)->n;
}

static void values_merge_state(struct agg_set *s, void *dst, const void *src)
{
	(void)s;
	values_merge(dst, src);
}

static void values_free_state(void *st)
{
	values_free(st);
}

/* ---- sets (distinct, mode) ---- */

static void set_merge(struct agg_set *s, void *dst, const void *src)
{
	(void)s; /* the strings stay in src's arena: see agg_merge_state() */
	strset_merge(dst, src);
}

static void set_free(void *st)
{
	strset_free(st);
}

/* ---- HyperLogLog sketches ---- */

static void hll_merge_state(struct agg_set *s, void *dst, const void *src)
{
	(void)s;
	hll_merge(dst, *(struct hll *const *)src);
}

static void hll_free_state(void *st)
{
	hll_free(*(struct hll **)st);
}

/* ---- sessions (peak) ---- */

static uint64_t occ_support(const void *st)
{
	return ((const struct occ *)st)->n;
}

static void occ_merge_state(struct agg_set *s, void *dst, const void *src)
{
	(void)s;
	occ_merge(dst, src);
}

static void occ_free_state(void *st)
{
	occ_free(st);
}

static void cell_key_merge(struct agg_set *s, void *dst, const void *src)
{
	(void)s;
	*(uint64_t *)dst += *(const uint64_t *)src; /* modulo 2^64 */
}

/* ---- the table ---- */

const struct state_kind_ops agg_kinds[KIND_N] = {
	/* size, support, merge, free, write, read, empty */
	[KIND_COUNT] = {sizeof(uint64_t), count_support, count_merge, NULL,
			agg_partial_write_count, agg_partial_read_count, "0"},
	[KIND_MOMENTS] = {sizeof(struct moments), moments_support,
			  moments_merge_state, moments_free_state,
			  agg_partial_write_moments,
			  agg_partial_read_moments, "0,0,0,0"},
	[KIND_MIN] = {sizeof(struct min_or_max), NULL, min_merge,
		      min_or_max_free, agg_partial_write_min_or_max,
		      agg_partial_read_min, "0"},
	[KIND_MAX] = {sizeof(struct min_or_max), NULL, max_merge,
		      min_or_max_free, agg_partial_write_min_or_max,
		      agg_partial_read_max, "0"},
	[KIND_VALUES] = {sizeof(struct values), values_support,
			 values_merge_state, values_free_state,
			 agg_partial_write_values, agg_partial_read_values, "0"},
	[KIND_SET] = {sizeof(struct strset), NULL, set_merge, set_free,
		      agg_partial_write_set, agg_partial_read_set, "0"},
	[KIND_HLL] = {sizeof(struct hll *), NULL, hll_merge_state,
		      hll_free_state, agg_partial_write_hll,
		      agg_partial_read_hll, "s"},
	[KIND_FIRST] = {sizeof(struct first_or_last), NULL, first_merge,
			first_or_last_free, agg_partial_write_first_or_last,
			agg_partial_read_first, "0"},
	[KIND_LAST] = {sizeof(struct first_or_last), NULL, last_merge,
		       first_or_last_free, agg_partial_write_first_or_last,
		       agg_partial_read_last, "0"},
	[KIND_OCC] = {sizeof(struct occ), occ_support, occ_merge_state,
		      occ_free_state, agg_partial_write_occ,
		      agg_partial_read_occ, "0"},
	/* written with its count's state (agg_partial.c) */
	[KIND_CKEY] = {sizeof(uint64_t), NULL, cell_key_merge, NULL, NULL, NULL,
		       NULL},
};

/* ---- whole group states ---- */

void agg_merge_state(struct agg_set *dst, char *d, const struct agg_set *src,
		     char *sst)
{
	if (src->state_size != dst->state_size || src->ninputs != dst->ninputs)
		abort(); /* not made from the same -a arguments */
	for (size_t i = 0; i < dst->ninputs; i++) {
		const struct agg_input *in = &dst->inputs[i];
		for (int c = 0; c < KIND_N; c++)
			if (in->kinds & 1u << c)
				agg_kinds[c].merge(dst, d + in->off[c],
						   sst + in->off[c]);
	}
}

void agg_take_state(struct agg_set *dst, char *d, const struct agg_set *src,
		    char *sst)
{
	if (src->state_size != dst->state_size || src->ninputs != dst->ninputs)
		abort(); /* not made from the same -a arguments */
	for (size_t i = 0; i < dst->ninputs; i++) {
		const struct agg_input *in = &dst->inputs[i];
		if (!(in->kinds & 1u << KIND_SET))
			continue;
		struct strset *to = (struct strset *)(d + in->off[KIND_SET]);
		struct strset *from = (struct strset *)(sst + in->off[KIND_SET]);
		if (to->n == 0) {
			struct strset t = *to; /* empty: moved the other way */
			*to = *from;
			*from = t;
		}
	}
	agg_merge_state(dst, d, src, sst);
}

void agg_merge_skipped(struct agg_set *dst, const struct agg_set *src)
{
	for (size_t i = 0; i < dst->ninputs; i++) {
		dst->inputs[i].not_num += src->inputs[i].not_num;
		dst->inputs[i].comma_num += src->inputs[i].comma_num;
		dst->inputs[i].missing += src->inputs[i].missing;
	}
}

void agg_adopt_strings(struct agg_set *dst, struct agg_set *src)
{
	arena_adopt(&dst->arena, &src->arena);
}

void agg_state_free(struct agg_set *s, char *state)
{
	for (size_t i = 0; i < s->ninputs; i++) {
		const struct agg_input *in = &s->inputs[i];
		for (int c = 0; c < KIND_N; c++)
			if ((in->kinds & 1u << c) && agg_kinds[c].free)
				agg_kinds[c].free(state + in->off[c]);
	}
}
