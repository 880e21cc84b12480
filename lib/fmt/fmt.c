/* fmt.c - the dcr-fmt driver: streaming or collecting rows, -k, --sort,
 * --head, human formatting, chart values; the writers do the syntax. */
#include "fmt/fmt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fmt/chart.h"
#include "fmt/escape.h"
#include "base/err.h"
#include "base/num.h"
#include "base/xmalloc.h"

bool fmt_is_number(struct slice v)
{
	double d;
	return v.p && v.n && num_parse(v.p, v.n, &d);
}

bool fmt_is_mark(struct slice v)
{
	if (!v.p || v.n < 2 || v.p[0] != '<')
		return false;
	for (size_t i = 1; i < v.n; i++)
		if (v.p[i] < '0' || v.p[i] > '9')
			return false;
	return true;
}

void fmt_init(struct fmt *f, const struct writer *w, const struct fmt_opts *o,
	      struct output *out)
{
	memset(f, 0, sizeof *f);
	f->w = w;
	f->o = o;
	f->out = out;
	collect_init(&f->col);
	if (o->keys) {
		struct keylist keys = KEYLIST_INIT;
		keylist_add(&keys, "-k", o->keys, strlen(o->keys), KEYLIST_ONCE);
		collect_fix_columns(&f->col, &keys);
		keylist_free(&keys);
		f->ncols = f->col.ncols;
		f->cols = f->col.cols;
	}
	f->streaming = !o->sort && !(w->flags & W_NEEDS_ALL) && !o->bar &&
		       (o->keys || (w->flags & W_BY_RECORD));
	if (f->streaming)
		w->begin(f);
}

/* Room for n values per row. */
static void ensure_cap(struct fmt *f, size_t n)
{
	if (n <= f->cap)
		return;
	size_t cap = f->cap ? f->cap : 16;
	while (cap < n)
		cap = size_mul(cap, 2);
	f->keys = xreallocarray(f->keys, cap, sizeof *f->keys);
	f->raw = xreallocarray(f->raw, cap, sizeof *f->raw);
	f->shown = xreallocarray(f->shown, cap, sizeof *f->shown);
	f->shown_off = xreallocarray(f->shown_off, cap, sizeof *f->shown_off);
	f->cap = cap;
}

/* The record's own keys and values, in its order. */
static size_t spread_by_record(struct fmt *f, const struct record *r)
{
	ensure_cap(f, r->n);
	size_t room = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->f[i].escaped)
			room = size_add(room, r->f[i].vlen);
	/* reserved: decoding cannot move the buffer under earlier values */
	buf_reset(&f->unescaped);
	buf_grow(&f->unescaped, room);
	for (size_t i = 0; i < r->n; i++) {
		const struct field *fd = &r->f[i];
		f->keys[i] = slice_of(fd->key, fd->klen);
		if (!fd->escaped) {
			f->raw[i] = slice_of(fd->val, fd->vlen);
			continue;
		}
		struct slice v = field_value(fd, &f->scratch);
		f->raw[i] = slice_of(f->unescaped.p + f->unescaped.len, v.n);
		buf_add(&f->unescaped, v.p, v.n);
	}
	return r->n;
}

/* Key k's value as a number, or NaN. */
static double number_of(struct fmt *f, const struct record *r, const char *k)
{
	const struct field *fd = record_get(r, k, strlen(k));
	if (!fd)
		return NAN;
	struct slice v = field_value(fd, &f->scratch);
	double d;
	return num_parse(v.p, v.n, &d) ? d : NAN;
}

static void make_row(struct fmt *f, const struct record *r, struct slice line,
		     struct row *row)
{
	bool by_record = (f->w->flags & W_BY_RECORD) && !f->o->keys;
	bool human = human_active(&f->o->human);
	if (by_record && !human && r->canonical && (f->w->flags & W_LINE)) {
		/* the hot path of -t logfmt: the line is the output */
		memset(row, 0, sizeof *row);
		row->line = line;
		row->bar = NAN;
		return;
	}
	size_t n;
	if (by_record) {
		n = spread_by_record(f, r);
	} else {
		n = f->col.ncols;
		ensure_cap(f, n);
		collect_spread(&f->col, r, f->raw, &f->unescaped);
	}
	row->n = n;
	row->keys = by_record ? f->keys : f->col.cols;
	row->raw = f->raw;
	row->vals = f->raw;
	if (human) {
		buf_reset(&f->human_buf);
		for (size_t i = 0; i < n; i++) {
			f->shown_off[i] = f->human_buf.len;
			if (f->raw[i].p)
				human_put(&f->o->human, &f->human_buf,
					  f->raw[i].p, f->raw[i].n);
		}
		/* slices only now: the buffer may have moved while growing */
		for (size_t i = 0; i < n; i++)
			f->shown[i] = f->raw[i].p
				? slice_of(f->human_buf.p + f->shown_off[i],
					   (i + 1 < n ? f->shown_off[i + 1]
						      : f->human_buf.len) -
						   f->shown_off[i])
				: slice_of(NULL, 0);
		row->vals = f->shown;
	}
	row->bar = f->o->bar ? number_of(f, r, f->o->bar) : NAN;
	row->line = by_record && !human && r->canonical ? line
							: slice_of(NULL, 0);
}

static void push_spark(struct fmt *f, const struct record *r)
{
	if (!f->o->spark)
		return;
	if (f->nspark == f->spark_cap) {
		f->spark_cap = f->spark_cap ? size_mul(f->spark_cap, 2) : 64;
		f->spark = xreallocarray(f->spark, f->spark_cap, sizeof *f->spark);
	}
	f->spark[f->nspark++] = number_of(f, r, f->o->spark);
}

bool fmt_record(struct fmt *f, const struct record *r, struct slice line)
{
	if (!f->o->sort && f->seen >= f->o->head)
		return false;
	if (f->streaming) {
		struct row row;
		make_row(f, r, line, &row);
		push_spark(f, r);
		f->w->row(f, &row);
		f->written++;
		out_maybe_flush(f->out);
	} else {
		collect_add(&f->col, r, line);
	}
	f->seen++;
	return f->o->sort || f->seen < f->o->head;
}

void fmt_row_at(struct fmt *f, size_t i, struct row *r)
{
	struct slice line;
	const struct record *rec = collect_record(&f->col, i, &line);
	make_row(f, rec, line, r);
}

/* What W_NEEDS_ALL writers learn before the first row: numeric columns
 * and the largest bar. A suppression mark ("<10") stands in a column of
 * numbers for a hidden one, so it keeps the column numeric: right-aligned,
 * the mark's digits line up with the numbers' (issue 21). */
static void prescan(struct fmt *f)
{
	size_t nc = f->ncols;
	bool *any = xcalloc(nc ? nc : 1, sizeof *any);
	f->numeric_v = xcalloc(nc ? nc : 1, sizeof *f->numeric_v);
	for (size_t k = 0; k < nc; k++)
		f->numeric_v[k] = true;
	for (size_t i = 0; i < f->nrows; i++) {
		struct row r;
		fmt_row_at(f, i, &r);
		for (size_t k = 0; k < nc && k < r.n; k++) {
			if (!r.raw[k].p || !r.raw[k].n)
				continue;
			any[k] = true;
			if (f->numeric_v[k] && !fmt_is_number(r.raw[k]) &&
			    !fmt_is_mark(r.raw[k]))
				f->numeric_v[k] = false;
		}
		if (r.bar > f->bar_max)
			f->bar_max = r.bar;
	}
	for (size_t k = 0; k < nc; k++)
		f->numeric_v[k] = f->numeric_v[k] && any[k];
	f->numeric = f->numeric_v;
	free(any);
}

void fmt_finish(struct fmt *f, bool write)
{
	if (!f->streaming) {
		if (!write)
			return;
		if (f->o->sort)
			collect_sort(&f->col, f->o->sort);
		if (f->o->head < f->col.n)
			collect_truncate(&f->col, (size_t)f->o->head);
		f->ncols = f->col.ncols;
		f->cols = f->col.cols;
		f->nrows = f->col.n;
		if (f->w->flags & W_NEEDS_ALL)
			prescan(f);
		f->w->begin(f);
		for (size_t i = 0; i < f->nrows; i++) {
			struct row row;
			struct slice line;
			const struct record *rec = collect_record(&f->col, i, &line);
			make_row(f, rec, line, &row);
			push_spark(f, rec);
			f->w->row(f, &row);
			f->written++;
			out_maybe_flush(f->out);
		}
	}
	f->w->end(f);
}

static void put_shown_number(struct fmt *f, struct buf *b, double v)
{
	buf_reset(&f->scratch);
	num_put(&f->scratch, v);
	human_put(&f->o->human, b, f->scratch.p, f->scratch.len);
}

bool fmt_put_spark_range(struct fmt *f, struct buf *b)
{
	double min, max;
	if (!chart_range(f->spark, f->nspark, &min, &max))
		return false;
	put_shown_number(f, b, min);
	buf_add(b, "..", 2);
	put_shown_number(f, b, max);
	return true;
}

void fmt_free(struct fmt *f)
{
	collect_free(&f->col);
	free(f->keys);
	free(f->raw);
	free(f->shown);
	free(f->shown_off);
	free(f->numeric_v);
	free(f->spark);
	free(f->state);
	buf_free(&f->tmp);
	buf_free(&f->marks);
	buf_free(&f->unescaped);
	buf_free(&f->human_buf);
	buf_free(&f->scratch);
}

void fmt_note_marks(struct fmt *f, const struct row *r)
{
	struct buf *m = &f->marks;
	for (size_t k = 0; k < r->n; k++) {
		struct slice v = r->raw[k];
		if (!fmt_is_mark(v))
			continue;
		if (!m->len)
			buf_addc(m, '\n');
		buf_add(m, v.p, v.n);
		buf_addc(m, '\n');
		/* the entry just added; drop it when it was there before (few
		 * distinct marks: a search is enough) */
		size_t entry = v.n + 2, start = m->len - entry;
		if (memmem(m->p, start + 1, m->p + start, entry))
			m->len = start + 1;
	}
}

void fmt_put_mark_notes(const struct fmt *f, struct buf *b, bool html)
{
	const char *p = f->marks.p, *end = p + f->marks.len;
	if (!f->marks.len)
		return;
	for (p++; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)(nl - p);
		if (html) {
			buf_adds(b, "<p class=\"note\">");
			escape_html_text(b, p, n);
		} else {
			buf_add(b, p, n);
		}
		buf_adds(b, ": fewer than ");
		buf_add(b, p + 1, n - 1);
		buf_adds(b, " records (or a cell that would reveal one), "
			    "hidden to protect privacy");
		buf_adds(b, html ? ".</p>\n" : "\n");
		p = nl + 1;
	}
}
