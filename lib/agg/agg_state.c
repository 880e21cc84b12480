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

/* ---- min and max ---- */

static void mm_merge(struct mm *m, const struct mm *src, int sign)
{
	if (!src->any)
		return;
	if (!m->any) {
		m->any = true;
		m->all_num = src->all_num;
		m->num = src->num;
		agg_sbuf_set(&m->str, src->str.p, src->str.len);
		return;
	}
	if (m->all_num && src->all_num) {
		if (sign * (src->num - m->num) < 0)
			m->num = src->num;
	} else {
		m->all_num = false;
	}
	if (sign * bytecmp(src->str.p, src->str.len, m->str.p, m->str.len) < 0)
		agg_sbuf_set(&m->str, src->str.p, src->str.len);
}

static void min_merge(struct agg_set *s, void *dst, const void *src)
{
	(void)s;
	mm_merge(dst, src, 1);
}

static void max_merge(struct agg_set *s, void *dst, const void *src)
{
	(void)s;
	mm_merge(dst, src, -1);
}

static void mm_free(void *st)
{
	free(((struct mm *)st)->str.p);
}

/* ---- first and last ---- */

static void first_merge(struct agg_set *s, void *dst, const void *src)
{
	(void)s;
	struct fl *f = dst;
	const struct fl *g = src;
	if (!f->any && g->any) {
		f->any = true;
		agg_sbuf_set(&f->str, g->str.p, g->str.len);
	}
}

static void last_merge(struct agg_set *s, void *dst, const void *src)
{
	(void)s;
	struct fl *f = dst;
	const struct fl *g = src;
	if (g->any) {
		f->any = true;
		agg_sbuf_set(&f->str, g->str.p, g->str.len);
	}
}

static void fl_free(void *st)
{
	free(((struct fl *)st)->str.p);
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
	const struct strset *from = src;
	if (!from->slots)
		return;
	for (uint32_t i = 0; i <= from->mask; i++) {
		const struct strset_slot *sl = &from->slots[i];
		if (!sl->s)
			continue;
		struct slice v = strset_str(sl);
		strset_add(dst, &s->arena, v.p, v.n, hash_bytes(v.p, v.n, HLL_SEED),
			   sl->count);
	}
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

/* ---- the table ---- */

const struct state_kind_ops agg_kinds[C_N] = {
	[C_COUNT] = {sizeof(uint64_t), count_support, count_merge, NULL,
		     agg_partial_write_count, agg_partial_read_count, "0"},
	[C_MOMENTS] = {sizeof(struct moments), moments_support,
		       moments_merge_state, NULL, agg_partial_write_moments,
		       agg_partial_read_moments, "0,0,0,0"},
	[C_MIN] = {sizeof(struct mm), NULL, min_merge, mm_free,
		   agg_partial_write_mm, agg_partial_read_min, "0"},
	[C_MAX] = {sizeof(struct mm), NULL, max_merge, mm_free,
		   agg_partial_write_mm, agg_partial_read_max, "0"},
	[C_VALUES] = {sizeof(struct values), values_support,
		      values_merge_state, values_free_state,
		      agg_partial_write_values, agg_partial_read_values, "0"},
	[C_SET] = {sizeof(struct strset), NULL, set_merge, set_free,
		   agg_partial_write_set, agg_partial_read_set, "0"},
	[C_HLL] = {sizeof(struct hll *), NULL, hll_merge_state, hll_free_state,
		   agg_partial_write_hll, agg_partial_read_hll, "s"},
	[C_FIRST] = {sizeof(struct fl), NULL, first_merge, fl_free,
		     agg_partial_write_fl, agg_partial_read_first, "0"},
	[C_LAST] = {sizeof(struct fl), NULL, last_merge, fl_free,
		    agg_partial_write_fl, agg_partial_read_last, "0"},
	[C_OCC] = {sizeof(struct occ), occ_support, occ_merge_state,
		   occ_free_state, agg_partial_write_occ, agg_partial_read_occ,
		   "0"},
};

/* ---- whole group states ---- */

void agg_merge_state(struct agg_set *dst, char *d, const struct agg_set *src,
		     char *sst)
{
	if (src->state_size != dst->state_size || src->nslots != dst->nslots)
		abort(); /* not made from the same -a arguments */
	for (size_t i = 0; i < dst->nslots; i++) {
		const struct slot *sl = &dst->slots[i];
		for (int c = 0; c < C_N; c++)
			if (sl->comps & 1u << c)
				agg_kinds[c].merge(dst, d + sl->off[c],
						   sst + sl->off[c]);
	}
}

void agg_merge_skipped(struct agg_set *dst, const struct agg_set *src)
{
	for (size_t i = 0; i < dst->nslots; i++) {
		dst->slots[i].not_num += src->slots[i].not_num;
		dst->slots[i].missing += src->slots[i].missing;
	}
}

void agg_state_free(struct agg_set *s, char *state)
{
	for (size_t i = 0; i < s->nslots; i++) {
		const struct slot *sl = &s->slots[i];
		for (int c = 0; c < C_N; c++)
			if ((sl->comps & 1u << c) && agg_kinds[c].free)
				agg_kinds[c].free(state + sl->off[c]);
	}
}
