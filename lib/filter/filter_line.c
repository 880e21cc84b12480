/* filter_line.c - one line of dcr-filter's input: parsed, tested and
 * perhaps selected. */
#include "filter/filter_line.h"

#include "base/err.h"
#include "filter/search.h"

uint64_t filter_line_number(struct filter_pos *ps, const char *line)
{
	if (line > ps->counted) {
		ps->before += search_count_nl(ps->counted, (size_t)(line - ps->counted));
		ps->counted = line;
	}
	return ps->before + 1;
}

static void select_record(struct filter *f, const struct record *r,
			  struct slice line)
{
	f->selected++;
	if (f->quiet) {
		f->done = true;
		return;
	}
	if (!f->count_only) {
		project_write(&f->proj, r, line, &f->out->buf);
		out_maybe_flush(f->out);
	}
	if (f->selected == f->max)
		f->done = true;
}

void filter_line(struct filter *f, struct reader *rd, struct slice line,
		 struct filter_pos *ps)
{
	const char *why;
	size_t col;
	/* input_block() hands over long lines that fit in its buffer. */
	if (line.n > input_max_record) {
		reader_reject_long(rd, filter_line_number(ps, line.p));
		return;
	}
	enum record_status st = record_parse(&rd->rec, line.p, line.n, &why, &col);
	if (st == REC_SKIP)
		return;
	if (st == REC_ERROR) {
		reader_reject(rd, line, filter_line_number(ps, line.p), why, col);
		return;
	}
	rd->records++;
	if (f->kc)
		keycheck_record(f->kc, &rd->rec);
	int x = expr_eval(f->e, &rd->rec);
	if (x < 0 && rd->defer) {
		rd->deferred = f->done = true; /* the whole pass says where */
		return;
	}
	if (x < 0)
		die_at(rd->in.name, filter_line_number(ps, line.p), "%s",
		       expr_errmsg(f->e));
	if ((x == 1) != f->invert)
		select_record(f, &rd->rec, line);
}
