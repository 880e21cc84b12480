/* aggout.c - values per group, derived values, --sort, writing records. */
#include "agg/aggout.h"

#include <math.h>
#include <stdnoreturn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/num.h"
#include "base/xmalloc.h"
#include "record/keycheck.h"
#include "record/keydecl.h"
#include "stats/cellkey.h"
#include "agg/agg_protect.h"

static long find_name(const struct aggout *o, const char *name, size_t n)
{
	for (size_t i = 0; i < o->ncols; i++)
		if (strlen(o->names[i]) == n && memcmp(o->names[i], name, n) == 0)
			return (long)i;
	return -1;
}

static long find_group_key(const struct aggout *o, const char *name, size_t n)
{
	for (size_t i = 0; i < o->g->nkeys; i++)
		if (strlen(o->g->keys[i].name) == n &&
		    memcmp(o->g->keys[i].name, name, n) == 0)
			return (long)i;
	return -1;
}

static void add_name(struct aggout *o, const char *name, const char *what)
{
	size_t n = strlen(name);
	if (find_name(o, name, n) >= 0 || find_group_key(o, name, n) >= 0)
		die_usage("%s: output key '%s' given twice", what, name);
	o->names = xreallocarray(o->names, o->ncols + 1, sizeof *o->names);
	o->names[o->ncols++] = name;
}

void aggout_init(struct aggout *o, struct groupby *g, struct agg_set *s)
{
	memset(o, 0, sizeof *o);
	o->g = g;
	o->s = s;
	for (size_t i = 0; i < agg_ncols(s); i++)
		add_name(o, agg_col_name(s, i), "-a");
	o->nagg = o->ncols;
}

enum { HINT_NAMES = 8, HINT_SIZE = HINT_NAMES * (RECORD_KEY_MAX + 4) + 64 };

/* The aggregates of an input field k (v_sum, v_mean for v), the names a
 * --sort or --derive by the field itself most likely meant. */
static bool field_aggs(char *out, const char *k, size_t kn,
		       const char *const *names, size_t n)
{
	size_t len = 0, m = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && m < 3 && len < HINT_SIZE; i++) {
		if (strncmp(names[i], k, kn) != 0 || names[i][kn] != '_')
			continue;
		int w = snprintf(out + len, HINT_SIZE - len, "%s'%s'",
				 m++ ? " or " : "; did you mean ", names[i]);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	if (m && len + 1 < HINT_SIZE)
		strcat(out, "?");
	return m > 0;
}

/* What to give instead of k, a key not among names: the closest of them
 * ("; did you mean 'count'?"), else the first few ("; LEAD 'a' and 'b'"). */
static void hint(char *out, const char *k, size_t kn, const char *const *names,
		 size_t n, const char *lead)
{
	keycheck_suggest(k, kn, names, n, out, HINT_SIZE);
	if (out[0] || n == 0 || field_aggs(out, k, kn, names, n))
		return;
	size_t len = (size_t)snprintf(out, HINT_SIZE, "; %s", lead);
	for (size_t i = 0; i < n && i < HINT_NAMES && len < HINT_SIZE; i++) {
		int w = snprintf(out + len, HINT_SIZE - len, "%s'%s'",
				 i == 0 ? " " : i + 1 == n ? " and " : ", ", names[i]);
		if (w < 0)
			return;
		len += (size_t)w;
	}
	if (n > HINT_NAMES && len < HINT_SIZE)
		snprintf(out + len, HINT_SIZE - len, " and %zu more",
			 n - HINT_NAMES);
}

/* The columns a derived value may read, and the first key it read that
 * is none of them. */
struct bind_ctx {
	const struct aggout *o;
	const char *miss;
	size_t missn;
};

static long lookup(void *ctx, const char *name, size_t n)
{
	struct bind_ctx *c = ctx;
	long i = find_name(c->o, name, n);
	if (i < 0 && !c->miss) {
		c->miss = name;
		c->missn = n;
	}
	return i;
}

void aggout_add_derive(struct aggout *o, const char *src)
{
	struct derive_error err;
	struct bind_ctx c = {o, NULL, 0};
	struct derive *d = derive_compile(src, &err);
	if (!d || !derive_bind(d, lookup, &c, &err)) {
		char h[HINT_SIZE] = "";
		if (c.miss)
			hint(h, c.miss, c.missn, o->names, o->ncols, "it can read");
		derive_free(d); /* c.miss points into src, not into d */
		die_usage("--derive '%s': %s (column %zu)%s", src, err.msg,
			  err.col + 1, h);
	}
	add_name(o, derive_name(d), "--derive");
	o->d = xreallocarray(o->d, o->nd + 1, sizeof *o->d);
	o->d[o->nd++] = d;
}

/* --sort named kn bytes of p, which is no output key: refuse it with the
 * output keys in the order they are written. */
static noreturn void no_sort_key(const struct aggout *o, const char *p, size_t kn)
{
	size_t n = size_add(o->g->nkeys, o->ncols);
	const char **names = xcalloc(n ? n : 1, sizeof *names);
	for (size_t i = 0; i < o->g->nkeys; i++)
		names[i] = o->g->keys[i].name;
	for (size_t i = 0; i < o->ncols; i++)
		names[o->g->nkeys + i] = o->names[i];
	char h[HINT_SIZE];
	hint(h, p, kn, names, n, "the output keys are");
	free(names);
	die_usage("--sort: '%.*s' is not an output key%s", (int)kn, p, h);
}

void aggout_sort_spec(struct aggout *o, const char *spec)
{
	const char *p = spec;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		struct aggout_sortkey k = {false, false, 0};
		const char *colon = memchr(p, ':', n);
		size_t kn = colon ? (size_t)(colon - p) : n;
		/* ":r" reverses; ":n" is accepted as in dcr-fmt (numbers always
		 * compare as numbers here). */
		for (size_t f = kn; f < n; f += 2) {
			if (n - f < 2 || p[f] != ':' || (p[f + 1] != 'r' && p[f + 1] != 'n'))
				die_usage("--sort: '%.*s': expected KEY[:r]", (int)n, p);
			if (p[f + 1] == 'r')
				k.desc = true;
		}
		long i = find_name(o, p, kn);
		if (i < 0) {
			i = find_group_key(o, p, kn);
			k.group = true;
		}
		if (i < 0 || kn == 0)
			no_sort_key(o, p, kn);
		k.idx = (size_t)i;
		o->sk = xreallocarray(o->sk, o->nsk + 1, sizeof *o->sk);
		o->sk[o->nsk++] = k;
		if (!comma)
			return;
		p = comma + 1;
	}
}

/* The values of row j: its row of the table, or the one row there is
 * when rows are computed one at a time (streams()). */
static struct agg_value *row_vals(const struct aggout *o, size_t j)
{
	return o->stream ? o->vals : &o->vals[j * o->ncols];
}

/* The state of row j: a group's, or the total's after the last group. */
static char *row_state(const struct aggout *o, size_t j)
{
	return j < o->g->n ? group_state(o->g->groups[j]) : o->total;
}

/* --cell-key: row j's counts as published, each moved by the noise of
 * its cell key; a count whose published value is below --min-cell is
 * hidden as one resting on too few records. */
static void perturb_counts(struct aggout *o, size_t j, uint64_t *support)
{
	struct agg_value *v = row_vals(o, j);
	agg_cell_keys(o->s, row_state(o, j), o->cell_keys, o->has_cell_key);
	for (size_t i = 0; i < o->nagg; i++) {
		if (!o->has_cell_key[i] || !v[i].present || !v[i].is_num)
			continue;
		uint64_t n = cellkey_perturb((uint64_t)llround(v[i].num),
					     o->cell_keys[i]);
		v[i].num = (double)n;
		v[i].off = o->text.len;
		buf_add_u64(&o->text, n);
		v[i].len = o->text.len - v[i].off;
		if (n < support[i])
			support[i] = n;
	}
}

/* The aggregates of row j, and which of them rest on too few records. */
static void compute_aggs(struct aggout *o, size_t j, uint64_t *support)
{
	struct agg_value *v = row_vals(o, j);
	agg_results(o->s, row_state(o, j), v, &o->text);
	if (o->min_cell)
		agg_support(o->s, row_state(o, j), support);
	if (o->cell_keys)
		perturb_counts(o, j, support);
	if (o->min_cell)
		protect_row(o, j, support);
}

/* The derived values of row j; one that reads a hidden value is hidden. */
static void compute_derived(struct aggout *o, size_t j, double *num, bool *present)
{
	struct agg_value *v = row_vals(o, j);
	bool *hid = o->min_cell ? &o->hidden[j * o->ncols] : NULL;
	for (size_t i = 0; i < o->nagg; i++) {
		present[i] = v[i].present && v[i].is_num && !(hid && hid[i]);
		num[i] = present[i] ? v[i].num : 0;
	}
	for (size_t k = 0; k < o->nd; k++) {
		size_t i = o->nagg + k;
		double x;
		memset(&v[i], 0, sizeof v[i]);
		if (hid && derive_reads_any(o->d[k], hid)) {
			hid[i] = v[i].present = true;
			present[i] = false;
			continue;
		}
		present[i] = derive_eval(o->d[k], num, present, &x);
		num[i] = present[i] ? x : 0;
		if (present[i]) {
			v[i].present = v[i].is_num = true;
			v[i].num = x;
			v[i].off = o->text.len;
			num_put(&o->text, x);
			v[i].len = o->text.len - v[i].off;
		}
	}
}

/* The state of all groups, for --totals. */
static void merge_total(struct aggout *o)
{
	o->total = xcalloc(1, agg_state_size(o->s));
	for (size_t j = 0; j < o->g->n; j++)
		agg_merge_state(o->s, o->total, o->s, group_state(o->g->groups[j]));
}

static int cmp_value(const struct aggout *o, const struct agg_value *a,
		     const struct agg_value *b, bool desc)
{
	if (a->present != b->present)
		return a->present ? -1 : 1; /* absent last, either way */
	if (!a->present)
		return 0;
	int c;
	if (a->is_num != b->is_num)
		c = a->is_num ? -1 : 1;
	else if (a->is_num)
		c = (a->num > b->num) - (a->num < b->num);
	else
		c = slice_cmp(slice_of(o->text.p + a->off, a->len),
			      slice_of(o->text.p + b->off, b->len));
	return desc ? -c : c;
}

/* qsort_r's comparison: the output is its context, so that two outputs
 * can be sorted at once (as by threads) without a shared global. */
static int cmp_rows(const void *pa, const void *pb, void *ctx)
{
	const struct aggout *o = ctx;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	for (size_t k = 0; k < o->nsk; k++) {
		const struct aggout_sortkey *sk = &o->sk[k];
		int c;
		if (sk->group) {
			c = groupby_cmp_key(o->g, o->g->groups[a], o->g->groups[b],
					    sk->idx);
			if (sk->desc)
				c = -c;
		} else {
			/* a hidden value sorts as an absent one: its order
			 * would tell something of it */
			struct agg_value none = {0}, va = o->vals[a * o->ncols + sk->idx],
					 vb = o->vals[b * o->ncols + sk->idx];
			if (o->min_cell && o->hidden[a * o->ncols + sk->idx])
				va = none;
			if (o->min_cell && o->hidden[b * o->ncols + sk->idx])
				vb = none;
			c = cmp_value(o, &va, &vb, sk->desc);
		}
		if (c)
			return c;
	}
	return (a > b) - (a < b); /* groupby order */
}

/* Write row j: its group keys (none for the total), then its values. */
static void put_row(struct aggout *o, size_t j, struct buf *b)
{
	size_t nc = o->ncols;
	bool any = j < o->g->n && groupby_put_keys(o->g, o->g->groups[j], b) > 0;
	const struct agg_value *v = row_vals(o, j);
	char marker[24];
	int mlen = snprintf(marker, sizeof marker, "<%llu",
			    (unsigned long long)o->min_cell);
	for (size_t i = 0; i < nc; i++) {
		if (!v[i].present)
			continue;
		if (any)
			buf_addc(b, ' ');
		any = true;
		if (o->min_cell && o->hidden[j * nc + i])
			record_put_pair(b, o->names[i], strlen(o->names[i]), marker,
					(size_t)mlen);
		else
			record_put_pair(b, o->names[i], strlen(o->names[i]),
					o->text.p + v[i].off, v[i].len);
	}
	if (any)
		buf_addc(b, '\n');
}

/* Is row j written as something, and does it lack a key? */
static void row_keys(const struct aggout *o, size_t j, bool *written, bool *lacks)
{
	const struct groupby *g = o->g;
	size_t have = 0, nc = o->ncols;
	for (size_t i = 0; j < g->n && i < g->nkeys; i++) {
		struct slice v;
		have += groupby_key_value(g, g->groups[j], i, &v);
	}
	const struct agg_value *v = row_vals(o, j);
	for (size_t i = 0; i < nc; i++)
		have += v[i].present;
	*written = have > 0;
	*lacks = have < g->nkeys + nc;
}

/* Does some record of the output lack one of the output keys: a group
 * key (the total row has none), or a value (a derived one whose divisor
 * is 0)? A row with no key at all is not written, so it does not count. */
static bool some_key_absent(const struct aggout *o, size_t rows)
{
	for (size_t j = 0; j < rows; j++) {
		bool written, lacks;
		row_keys(o, j, &written, &lacks);
		if (written && lacks)
			return true;
	}
	return false;
}

/* The declaration of every output key (keydecl.h), written first when a
 * record lacks one, so that a typo check downstream knows them all. */
static void declare_keys(const struct aggout *o, struct buf *b)
{
	size_t nk = o->g->nkeys, n = size_add(nk, o->ncols);
	const char **k = xcalloc(n ? n : 1, sizeof *k);
	size_t *len = xcalloc(n ? n : 1, sizeof *len);
	for (size_t i = 0; i < nk; i++)
		k[i] = o->g->keys[i].name;
	for (size_t i = 0; i < o->ncols; i++)
		k[nk + i] = o->names[i];
	for (size_t i = 0; i < n; i++)
		len[i] = strlen(k[i]);
	keydecl_put(b, k, len, n);
	free(k);
	free(len);
}

/* Rows can be computed one at a time as they are written: no --min-cell
 * (which hides cells by looking at every row) and no --sort by a value.
 * Then no table of every row's values is kept: with 1e7 groups it would
 * take more memory than the groups themselves. */
static bool streams(const struct aggout *o)
{
	for (size_t k = 0; k < o->nsk; k++)
		if (!o->sk[k].group)
			return false;
	return o->min_cell == 0;
}

/* Scratch of one row's computation. */
struct row_scratch {
	double *num;
	bool *present;
	uint64_t *support;
};

/* Row j's values alone, its text the only text (streams()). */
static void compute_row(struct aggout *o, size_t j, struct row_scratch *w)
{
	buf_reset(&o->text);
	compute_aggs(o, j, w->support);
	compute_derived(o, j, w->num, w->present);
}

/* Does a written row lack a key? Computed row by row, before any is
 * written, up to the first that does; counted when they are written. */
static bool some_row_lacks(struct aggout *o, size_t rows, struct row_scratch *w)
{
	bool lacks = false;
	agg_count_results(o->s, false);
	for (size_t j = 0; j < rows && !lacks; j++) {
		bool written;
		compute_row(o, j, w);
		row_keys(o, j, &written, &lacks);
		lacks = lacks && written;
	}
	agg_count_results(o->s, true);
	return lacks;
}

/* Every row's values into the table, then --min-cell's decisions. */
static void compute_table(struct aggout *o, size_t rows, struct row_scratch *w)
{
	size_t nc = o->ncols, n = o->g->n;
	o->hidden = xcalloc(size_mul(rows ? rows : 1, nc ? nc : 1), sizeof *o->hidden);
	if (o->min_cell)
		protect_init(o, rows);
	for (size_t j = 0; j < rows; j++)
		compute_aggs(o, j, w->support);
	if (o->min_cell && rows > n)
		protect_margin(o);
	for (size_t j = 0; j < rows; j++)
		compute_derived(o, j, w->num, w->present);
}

void aggout_write(struct aggout *o, struct output *out)
{
	size_t n = o->g->n, nc = o->ncols;
	size_t rows = n + (o->totals && n > 0);
	if (rows > n)
		merge_total(o);
	o->stream = streams(o);
	o->vals = xcalloc(size_mul(o->stream || !rows ? 1 : rows, nc ? nc : 1),
			  sizeof *o->vals);
	struct row_scratch w = {xcalloc(nc ? nc : 1, sizeof *w.num),
				xcalloc(nc ? nc : 1, sizeof *w.present),
				xcalloc(nc ? nc : 1, sizeof *w.support)};
	size_t *order = o->nsk ? xcalloc(n ? n : 1, sizeof *order) : NULL;
	if (o->cell_key) {
		o->cell_keys = xcalloc(nc ? nc : 1, sizeof *o->cell_keys);
		o->has_cell_key = xcalloc(nc ? nc : 1, sizeof *o->has_cell_key);
	}
	if (!o->stream)
		compute_table(o, rows, &w);
	for (size_t j = 0; order && j < n; j++)
		order[j] = j;
	if (order)
		qsort_r(order, n, sizeof *order, cmp_rows, o);
	if (o->stream ? some_row_lacks(o, rows, &w) : some_key_absent(o, rows))
		declare_keys(o, &out->buf);
	for (size_t r = 0; r < rows; r++) {
		size_t j = r < n && order ? order[r] : r;
		if (o->stream)
			compute_row(o, j, &w);
		put_row(o, j, &out->buf);
		out_maybe_flush(out);
	}
	free(w.num);
	free(w.present);
	free(w.support);
	free(o->cell_keys);
	free(o->has_cell_key);
	o->cell_keys = NULL;
	o->has_cell_key = NULL;
	protect_free(o);
	free(order);
}

void aggout_free(struct aggout *o)
{
	for (size_t i = 0; i < o->nd; i++)
		derive_free(o->d[i]);
	free(o->d);
	free(o->names);
	free(o->vals);
	free(o->hidden);
	if (o->total) {
		agg_state_free(o->s, o->total);
		free(o->total);
	}
	free(o->sk);
	buf_free(&o->text);
	memset(o, 0, sizeof *o);
}
