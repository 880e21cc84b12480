/* fmt_md.c - dcr-fmt -t md: a GitHub Markdown table.
 *
 * Every cell is escaped to show as literal text (escape_md_cell); numeric
 * columns are right-aligned (---:). Markdown tables need a header row:
 * --no-header leaves its cells empty. --bar adds a column of text bars,
 * --spark a line under the table. A table with suppressed cells ("<K", as
 * dcr-agg --min-cell writes them) gets a line per mark under it that says
 * what the mark means, since a reader of a wiki page may not know.
 */
#include "fmt/fmt.h"

#include <string.h>

#include "fmt/chart.h"
#include "fmt/escape.h"

static void put_cell(struct buf *b, struct slice v)
{
	buf_addc(b, ' ');
	if (v.p)
		escape_md_cell(b, v.p, v.n);
	buf_add(b, " |", 2);
}

static void md_begin(struct fmt *f)
{
	struct buf *b = &f->out->buf;
	if (!f->ncols)
		return;
	buf_addc(b, '|');
	for (size_t k = 0; k < f->ncols; k++)
		put_cell(b, f->o->header ? f->cols[k] : slice_of(NULL, 0));
	if (f->o->bar)
		put_cell(b, slice_of(NULL, 0));
	buf_add(b, "\n|", 2);
	for (size_t k = 0; k < f->ncols; k++)
		buf_adds(b, f->numeric[k] ? " ---: |" : " --- |");
	if (f->o->bar)
		buf_adds(b, " --- |");
	buf_addc(b, '\n');
}

static void md_row(struct fmt *f, const struct row *r)
{
	struct buf *b = &f->out->buf;
	fmt_note_marks(f, r);
	buf_addc(b, '|');
	for (size_t k = 0; k < r->n; k++)
		put_cell(b, r->vals[k]);
	if (f->o->bar) {
		buf_addc(b, ' ');
		chart_bar_text(b, r->bar, f->bar_max, CHART_BAR_COLS, f->o->utf8);
		buf_add(b, " |", 2);
	}
	buf_addc(b, '\n');
}

static void md_end(struct fmt *f)
{
	struct buf *b = &f->out->buf;
	if (f->marks.len)
		buf_addc(b, '\n');
	fmt_put_mark_notes(f, b, false);
	if (!f->o->spark || !f->nspark)
		return;
	buf_reset(&f->tmp);
	if (!fmt_put_spark_range(f, &f->tmp))
		return;
	buf_addc(b, '\n');
	escape_md_cell(b, f->o->spark, strlen(f->o->spark));
	buf_addc(b, ' ');
	chart_spark_text(b, f->spark, f->nspark, f->o->utf8);
	buf_addc(b, ' ');
	buf_add(b, f->tmp.p, f->tmp.len);
	buf_addc(b, '\n');
}

const struct writer fmt_md = {
	"md", W_NEEDS_ALL | W_CHARTS, md_begin, md_row, md_end
};
