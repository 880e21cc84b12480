/* filter.c - dcr-filter's engine: lines to selected records. */
#include "filter/filter.h"

#include <string.h>

#include "base/err.h"
#include "base/progress.h"
#include "filter/filter_impl.h"
#include "filter/search.h"

void filter_init(struct filter *f)
{
	memset(f, 0, sizeof *f);
	f->max = UINT64_MAX;
}

/* The block search needs a literal and no -v (then every line is output
 * or not, and must be read). The literal itself is chosen on the first
 * block, by literal_choose(). */
void filter_start(struct filter *f, struct output *out)
{
	f->out = out;
	f->done = f->max == 0;
	f->fast = expr_literal_count(f->e) > 0 && !f->invert;
	f->key1 = expr_single_key(f->e);
	f->rec1.f = &f->field1;
	f->rec1.cap = 1;
}

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
	if (x < 0)
		die_at(rd->in.name, filter_line_number(ps, line.p), "%s",
		       expr_errmsg(f->e));
	if ((x == 1) != f->invert)
		select_record(f, &rd->rec, line);
}

/* Every line of the block. */
static void walk_block(struct filter *f, struct reader *rd, struct slice block)
{
	const char *p = block.p, *end = block.p + block.n;
	struct filter_pos ps = {p, rd->in.lineno};
	while (p < end && !f->done) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		ps.counted = p; /* line by line: counted as we go */
		filter_line(f, rd, slice_of(p, (size_t)(le - p)), &ps);
		ps.before++;
		p = nl ? nl + 1 : end;
	}
	rd->in.lineno = ps.before;
}

/* While a key of the check is in no record yet, the block search still
 * passes lines over unreported, but their keys are noted: a bad line is
 * left to the search, which reports it only if it holds the literal. */
static void note_keys(struct filter *f, struct reader *rd, struct slice block)
{
	const char *p = block.p, *end = block.p + block.n, *why;
	size_t col;
	while (p < end && f->kc->unseen) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if ((size_t)(le - p) <= input_max_record &&
		    record_parse(&rd->rec, p, (size_t)(le - p), &why, &col) == REC_OK)
			keycheck_record(f->kc, &rd->rec);
		p = nl ? nl + 1 : end;
	}
}

void filter_input(struct filter *f, struct reader *rd)
{
	if (f->fast)
		progress_count(NULL); /* lines passed over are not counted */
	struct slice block;
	while (!f->done) {
		enum input_status st = input_block(&rd->in, &block);
		if (st == IN_LINE) {
			if (f->fast && f->kc && f->kc->unseen)
				note_keys(f, rd, block);
			if (f->fast)
				filter_scan_block(f, rd, block);
			else
				walk_block(f, rd, block);
		} else if (st == IN_LONG) {
			reader_reject_long(rd, rd->in.lineno);
		} else {
			if (st == IN_ERROR)
				rd->failed = true;
			return;
		}
	}
}

void filter_finish(struct filter *f)
{
	if (f->count_only && !f->quiet) {
		buf_add_u64(&f->out->buf, f->selected);
		buf_addc(&f->out->buf, '\n');
	}
}

void filter_free(struct filter *f)
{
	expr_free(f->e);
	f->e = NULL;
	project_free(&f->proj);
}
