/* fmt_table.c - dcr-fmt -t table: aligned columns for a terminal.
 *
 * Widths are display columns (UTF-8 aware, see utf8_width); columns whose
 * values are all numbers or suppression marks (f->numeric) are
 * right-aligned, header included. Columns are
 * two blanks apart and no line ends in a blank. --barred draws a box
 * (box-drawing characters on a UTF-8 locale, + - | otherwise). Values are
 * shown through escape_visible(): a control character in a value can
 * neither break the layout nor drive the terminal. With colour, the header
 * is bold and bars are green.
 */
#include "fmt/fmt.h"

#include <stdlib.h>

#include "fmt/chart.h"
#include "fmt/escape.h"
#include "base/term.h"
#include "base/xmalloc.h"

struct table {
	size_t ncells;	/* columns, plus one for --bar */
	size_t *width;
};

/* The pieces of a box: left edge, inner joint, right edge, fill. */
struct rule {
	const char *left, *mid, *right, *fill;
};

static const struct rule box_utf8[3] = {
	{"\u250c", "\u252c", "\u2510", "\u2500"}, /* top */
	{"\u251c", "\u253c", "\u2524", "\u2500"}, /* under the header */
	{"\u2514", "\u2534", "\u2518", "\u2500"}, /* bottom */
};
static const struct rule box_ascii[3] = {
	{"+", "+", "+", "-"}, {"+", "+", "+", "-"}, {"+", "+", "+", "-"},
};

static void put_rule(struct fmt *f, const struct table *t, int which)
{
	const struct rule *r = &(f->o->utf8 ? box_utf8 : box_ascii)[which];
	struct buf *b = &f->out->buf;
	for (size_t k = 0; k < t->ncells; k++) {
		buf_adds(b, k ? r->mid : r->left);
		for (size_t i = 0; i < t->width[k] + 2; i++)
			buf_adds(b, r->fill);
	}
	buf_adds(b, r->right);
	buf_addc(b, '\n');
}

static void pad(struct buf *b, size_t n)
{
	while (n--)
		buf_addc(b, ' ');
}

static bool is_numeric(const struct fmt *f, size_t k)
{
	return k < f->ncols && f->numeric[k];
}

/* One cell: text of display width w, aligned in the column's width. */
static void put_cell(struct fmt *f, const struct table *t, size_t k,
		     struct slice v, bool head)
{
	struct buf *b = &f->out->buf;
	size_t w = head ? v.n : v.p ? escape_visible_width(v.p, v.n) : 0;
	size_t gap = t->width[k] - w;
	bool bold = head && f->o->color && v.n;
	if (is_numeric(f, k))
		pad(b, gap);
	if (bold)
		buf_adds(b, TERM_BOLD);
	if (head)
		buf_add(b, v.p, v.n); /* a key: plain ASCII */
	else if (v.p)
		escape_visible(b, v.p, v.n);
	if (bold)
		buf_adds(b, TERM_RESET);
	if (!is_numeric(f, k))
		pad(b, gap);
}

static void put_bar_cell(struct fmt *f, const struct table *t, double v)
{
	struct buf *b = &f->out->buf;
	bool color = f->o->color && v > 0;
	if (color)
		buf_adds(b, TERM_BAR);
	size_t w = chart_bar_text(b, v, f->bar_max, CHART_BAR_COLS, f->o->utf8);
	if (color)
		buf_adds(b, TERM_RESET);
	pad(b, t->width[t->ncells - 1] - w);
}

/* A row of cells (the header when head), then the end of the line with
 * trailing blanks removed. */
static void put_line(struct fmt *f, const struct table *t,
		     const struct slice *cells, double bar, bool head)
{
	struct buf *b = &f->out->buf;
	size_t start = b->len;
	bool boxed = f->o->barred;
	const char *edge = f->o->utf8 ? "\u2502" : "|";
	for (size_t k = 0; k < t->ncells; k++) {
		if (boxed) {
			buf_adds(b, edge);
			buf_addc(b, ' ');
		} else if (k) {
			buf_add(b, "  ", 2);
		}
		if (k < f->ncols)
			put_cell(f, t, k, cells[k], head);
		else if (head)
			pad(b, t->width[k]); /* the bar column has no name */
		else
			put_bar_cell(f, t, bar);
		if (boxed)
			buf_addc(b, ' ');
	}
	if (boxed)
		buf_adds(b, edge);
	while (b->len > start && b->p[b->len - 1] == ' ')
		b->len--;
	buf_addc(b, '\n');
}

static void table_begin(struct fmt *f)
{
	if (!f->ncols)
		return;
	struct table *t = xcalloc(1, sizeof *t);
	f->state = t;
	t->ncells = f->ncols + (f->o->bar != NULL);
	t->width = xcalloc(t->ncells, sizeof *t->width);
	for (size_t k = 0; k < f->ncols && f->o->header; k++)
		t->width[k] = f->cols[k].n;
	if (f->o->bar)
		t->width[f->ncols] = CHART_BAR_COLS;
	for (size_t i = 0; i < f->nrows; i++) {
		struct row r;
		fmt_row_at(f, i, &r);
		for (size_t k = 0; k < f->ncols; k++) {
			if (!r.vals[k].p)
				continue;
			size_t w =
			    escape_visible_width(r.vals[k].p, r.vals[k].n);
			if (w > t->width[k])
				t->width[k] = w;
		}
	}
	if (f->o->barred)
		put_rule(f, t, 0);
	if (f->o->header) {
		put_line(f, t, f->cols, 0, true);
		if (f->o->barred)
			put_rule(f, t, 1);
	}
}

static void table_row(struct fmt *f, const struct row *r)
{
	put_line(f, f->state, r->vals, r->bar, false);
}

static void put_spark(struct fmt *f)
{
	struct buf *b = &f->out->buf;
	buf_reset(&f->tmp);
	if (!fmt_put_spark_range(f, &f->tmp))
		return;
	buf_adds(b, f->o->spark);
	buf_addc(b, ' ');
	if (f->o->color)
		buf_adds(b, TERM_BAR);
	chart_spark_text(b, f->spark, f->nspark, f->o->utf8);
	if (f->o->color)
		buf_adds(b, TERM_RESET);
	buf_addc(b, ' ');
	buf_add(b, f->tmp.p, f->tmp.len);
	buf_addc(b, '\n');
}

static void table_end(struct fmt *f)
{
	struct table *t = f->state;
	if (t && f->o->barred)
		put_rule(f, t, 2);
	if (f->o->spark)
		put_spark(f);
	if (t)
		free(t->width);
}

const struct writer fmt_table = {
	"table", W_NEEDS_ALL | W_CHARTS, table_begin, table_row, table_end
};
