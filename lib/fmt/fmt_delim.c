/* fmt_delim.c - dcr-fmt -t csv (RFC 4180) and -t tsv.
 *
 * CSV: a header row, cells quoted only when needed, CRLF line ends unless
 * --lf. TSV: tab, newline, CR and backslash escaped as \t \n \r \\, LF
 * line ends. In both, a cell a spreadsheet would run as a formula gets a '
 * in front unless --no-guard: spreadsheets open TSV files as readily as
 * CSV. An absent key is an empty cell.
 */
#include "fmt/fmt.h"

#include "fmt/escape.h"

static void put_cell(const struct fmt *f, struct buf *b, struct slice v,
		     bool csv)
{
	if (!csv && f->o->guard)
		escape_tsv_guarded(b, v.p, v.n);
	else if (!csv)
		escape_tsv_cell(b, v.p, v.n);
	else if (f->o->guard)
		escape_csv_guarded(b, v.p, v.n, ',');
	else
		escape_csv_cell(b, v.p, v.n, ',');
}

static void put_line(const struct fmt *f, const struct slice *cells, size_t n,
		     bool csv)
{
	struct buf *b = &f->out->buf;
	for (size_t k = 0; k < n; k++) {
		if (k)
			buf_addc(b, csv ? ',' : '\t');
		if (cells[k].p)
			put_cell(f, b, cells[k], csv);
	}
	buf_adds(b, !csv || !f->o->crlf ? "\n" : "\r\n");
}

static void csv_begin(struct fmt *f)
{
	if (f->o->header && f->ncols)
		put_line(f, f->cols, f->ncols, true);
}

static void csv_row(struct fmt *f, const struct row *r)
{
	put_line(f, r->vals, r->n, true);
}

static void tsv_begin(struct fmt *f)
{
	if (f->o->header && f->ncols)
		put_line(f, f->cols, f->ncols, false);
}

static void tsv_row(struct fmt *f, const struct row *r)
{
	put_line(f, r->vals, r->n, false);
}

static void nothing(struct fmt *f)
{
	(void)f;
}

const struct writer fmt_csv = {"csv", 0, csv_begin, csv_row, nothing};
const struct writer fmt_tsv = {"tsv", 0, tsv_begin, tsv_row, nothing};
