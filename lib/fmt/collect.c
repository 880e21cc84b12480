/* collect.c - buffered records and the union of their keys. */
#include "fmt/collect.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"

void collect_init(struct collect *c)
{
	memset(c, 0, sizeof *c);
	record_init(&c->rec);
}

void collect_free(struct collect *c)
{
	buf_free(&c->text);
	buf_free(&c->keys);
	buf_free(&c->scratch);
	free(c->rows);
	free(c->cols);
	free(c->col_off);
	free(c->slots);
	record_free(&c->rec);
}

static size_t hash(const char *k, size_t n)
{
	uint64_t h = UINT64_C(1469598103934665603);
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * UINT64_C(1099511628211);
	return (size_t)h;
}

static void rehash(struct collect *c)
{
	c->nslots = c->nslots ? size_mul(c->nslots, 2) : 64;
	free(c->slots);
	c->slots = xcalloc(c->nslots, sizeof *c->slots);
	for (size_t i = 0; i < c->ncols; i++) {
		size_t h = hash(c->cols[i].p, c->cols[i].n) & (c->nslots - 1);
		while (c->slots[h])
			h = (h + 1) & (c->nslots - 1);
		c->slots[h] = (unsigned)(i + 1);
	}
}

/* Index of column k, or ncols when absent; *slot gets its hash slot. */
static size_t find(const struct collect *c, const char *k, size_t n,
		   size_t *slot)
{
	if (!c->nslots)
		return c->ncols;
	size_t h = hash(k, n) & (c->nslots - 1);
	while (c->slots[h]) {
		struct slice s = c->cols[c->slots[h] - 1];
		if (s.n == n && memcmp(s.p, k, n) == 0)
			return c->slots[h] - 1;
		h = (h + 1) & (c->nslots - 1);
	}
	*slot = h;
	return c->ncols;
}

size_t collect_find(const struct collect *c, const char *k, size_t n)
{
	size_t slot;
	return find(c, k, n, &slot);
}

size_t collect_column(struct collect *c, const char *k, size_t n)
{
	if (!c->nslots)
		rehash(c);
	size_t slot = 0; /* set by find() whenever it returns c->ncols */
	size_t i = find(c, k, n, &slot);
	if (i < c->ncols)
		return i;
	if (c->ncols == c->cols_cap) {
		c->cols_cap = c->cols_cap ? size_mul(c->cols_cap, 2) : 16;
		c->cols = xreallocarray(c->cols, c->cols_cap, sizeof *c->cols);
		c->col_off = xreallocarray(c->col_off, c->cols_cap, sizeof *c->col_off);
	}
	char *old = c->keys.p;
	c->col_off[c->ncols] = c->keys.len;
	buf_add(&c->keys, k, n);
	if (c->keys.p != old) /* the names moved: re-point the views */
		for (size_t j = 0; j < c->ncols; j++)
			c->cols[j].p = c->keys.p + c->col_off[j];
	c->cols[c->ncols] = slice_of(c->keys.p + c->col_off[c->ncols], n);
	c->slots[slot] = (unsigned)(c->ncols + 1);
	c->ncols++;
	if (c->ncols * 2 > c->nslots)
		rehash(c);
	return c->ncols - 1;
}

void collect_fix_columns(struct collect *c, const struct keylist *keys)
{
	for (size_t i = 0; i < keys->n; i++)
		collect_column(c, keys->k[i], keys->len[i]);
	c->fixed = true;
}

void collect_add(struct collect *c, const struct record *r, struct slice line)
{
	if (!c->fixed)
		for (size_t i = 0; i < r->n; i++)
			collect_column(c, r->f[i].key, r->f[i].klen);
	if (c->n == c->cap) {
		c->cap = c->cap ? size_mul(c->cap, 2) : 64;
		c->rows = xreallocarray(c->rows, c->cap, sizeof *c->rows);
	}
	c->rows[c->n].off = c->text.len;
	c->rows[c->n].len = line.n;
	c->n++;
	buf_add(&c->text, line.p, line.n);
}

void collect_truncate(struct collect *c, size_t n)
{
	if (n < c->n)
		c->n = n;
}

const struct record *collect_record(struct collect *c, size_t i,
				    struct slice *line)
{
	*line = slice_of(c->text.p + c->rows[i].off, c->rows[i].len);
	const char *err;
	size_t col;
	if (record_parse(&c->rec, line->p, line->n, &err, &col) != REC_OK)
		c->rec.n = 0; /* cannot happen: it parsed when it was added */
	return &c->rec;
}

void collect_spread(struct collect *c, const struct record *r,
		    struct slice *vals, struct buf *unescaped)
{
	for (size_t k = 0; k < c->ncols; k++)
		vals[k] = slice_of(NULL, 0);
	/* An unescaped value is never longer than its escaped form: with that
	 * much room reserved, the buffer cannot move while the row is filled. */
	size_t room = 0;
	for (size_t f = 0; f < r->n; f++)
		if (r->f[f].escaped)
			room = size_add(room, r->f[f].vlen);
	buf_reset(unescaped);
	buf_grow(unescaped, room);
	for (size_t f = 0; f < r->n; f++) {
		const struct field *fd = &r->f[f];
		size_t k = collect_find(c, fd->key, fd->klen);
		if (k == c->ncols)
			continue;
		if (!fd->escaped) {
			vals[k] = slice_of(fd->val, fd->vlen);
			continue;
		}
		struct slice v = field_value(fd, &c->scratch);
		vals[k] = slice_of(unescaped->p + unescaped->len, v.n);
		buf_add(unescaped, v.p, v.n);
	}
}

void collect_row(struct collect *c, size_t i, struct slice *vals,
		 struct buf *unescaped)
{
	struct slice line;
	collect_spread(c, collect_record(c, i, &line), vals, unescaped);
}
