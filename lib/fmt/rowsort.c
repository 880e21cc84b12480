/* rowsort.c - stable multi-key ordering of collected rows. */
#include "fmt/rowsort.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/num.h"
#include "base/xmalloc.h"

static void parse_item(struct sort_key *k, const char *opt, const char *s,
		       size_t n)
{
	const char *colon = memchr(s, ':', n);
	size_t klen = colon ? (size_t)(colon - s) : n;
	if (!key_is_valid(s, klen))
		die_usage("%s: expected KEY[:n][:r], not '%.*s'", opt, (int)n, s);
	memset(k, 0, sizeof *k);
	k->key = xmemdup(s, klen);
	k->klen = klen;
	for (size_t i = klen; i < n; i += 2) {
		/* each flag is ":" and one letter, once */
		char f = i + 1 < n ? s[i + 1] : 0;
		bool tail = i + 2 == n || s[i + 2] == ':';
		if (s[i] != ':' || !tail || (f != 'n' && f != 'r') ||
		    (f == 'n' && k->numeric) || (f == 'r' && k->reverse))
			die_usage("%s: expected KEY[:n][:r], not '%.*s'", opt,
				  (int)n, s);
		if (f == 'n')
			k->numeric = true;
		else
			k->reverse = true;
	}
}

void sort_spec_parse(struct sort_spec *s, const char *opt, const char *text)
{
	memset(s, 0, sizeof *s);
	for (const char *p = text;; ) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		s->k = xreallocarray(s->k, s->n + 1, sizeof *s->k);
		parse_item(&s->k[s->n++], opt, p, n);
		if (!comma)
			break;
		p = comma + 1;
	}
}

void sort_spec_free(struct sort_spec *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->k[i].key);
	free(s->k);
	memset(s, 0, sizeof *s);
}

/* One row's value for one key, as the comparison needs it. */
struct sort_val {
	size_t off, len; /* the value's bytes in the arena */
	double num;
	bool present;	 /* has the key (and, for :n, a number) */
};

struct sort_ctx {
	const struct sort_spec *spec;
	const struct sort_val *vals; /* row * spec->n + key */
	const char *arena;
};

static int cmp_val(const struct sort_key *k, const struct sort_val *a,
		   const struct sort_val *b, const char *arena)
{
	if (!a->present || !b->present)
		return (int)b->present - (int)a->present; /* absent last */
	int c;
	if (k->numeric) {
		c = (a->num > b->num) - (a->num < b->num);
	} else {
		c = slice_cmp(slice_of(arena + a->off, a->len),
			      slice_of(arena + b->off, b->len));
	}
	return k->reverse ? -c : c;
}

static int cmp_rows(const void *pa, const void *pb, void *pctx)
{
	const struct sort_ctx *ctx = pctx;
	size_t ra = *(const size_t *)pa, rb = *(const size_t *)pb;
	size_t nk = ctx->spec->n;
	for (size_t j = 0; j < nk; j++) {
		int c = cmp_val(&ctx->spec->k[j], &ctx->vals[ra * nk + j],
				&ctx->vals[rb * nk + j], ctx->arena);
		if (c)
			return c;
	}
	return (ra > rb) - (ra < rb); /* stable */
}

/* Note row i's value of every sort key. */
static void extract(struct collect *c, const struct sort_spec *s, size_t i,
		    struct sort_val *out, struct buf *arena, struct buf *scratch)
{
	struct slice line;
	const struct record *r = collect_record(c, i, &line);
	for (size_t j = 0; j < s->n; j++) {
		struct sort_val *v = &out[j];
		memset(v, 0, sizeof *v);
		const struct field *f = record_get(r, s->k[j].key, s->k[j].klen);
		if (!f)
			continue;
		struct slice val = field_value(f, scratch);
		if (s->k[j].numeric) {
			v->present = num_parse(val.p, val.n, &v->num);
			continue;
		}
		v->present = true;
		v->off = arena->len;
		v->len = val.n;
		buf_add(arena, val.p, val.n);
	}
}

void collect_sort(struct collect *c, const struct sort_spec *s)
{
	if (c->n < 2 || s->n == 0)
		return;
	struct sort_val *vals = xreallocarray(NULL, size_mul(c->n, s->n),
					      sizeof *vals);
	size_t *order = xreallocarray(NULL, c->n, sizeof *order);
	struct buf arena = BUF_INIT, scratch = BUF_INIT;
	buf_grow(&arena, 1); /* a real pointer even when every value is empty */
	for (size_t i = 0; i < c->n; i++) {
		extract(c, s, i, vals + i * s->n, &arena, &scratch);
		order[i] = i;
	}
	struct sort_ctx ctx = {s, vals, arena.p};
	qsort_r(order, c->n, sizeof *order, cmp_rows, &ctx);

	struct collect_line *rows = xreallocarray(NULL, c->n, sizeof *rows);
	for (size_t i = 0; i < c->n; i++)
		rows[i] = c->rows[order[i]];
	memcpy(c->rows, rows, c->n * sizeof *rows);
	free(rows);
	free(order);
	free(vals);
	buf_free(&arena);
	buf_free(&scratch);
}
