/* filter.c - dcr-filter's engine: lines to selected records. */
#include "filter/filter.h"

#include <string.h>

#include "base/progress.h"
#include "filter/filter_line.h"
#include "filter/filter_scan.h"

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

/* The first line of an input, when it declares keys (keydecl.h): they
 * are known to the key check, and the declaration is passed on, as the
 * projection leaves it, so that the next command knows them too. */
static void first_line(struct filter *f, struct reader *rd, struct slice block)
{
	if (!block.n || block.p[0] != '#')
		return;
	const char *nl = memchr(block.p, '\n', block.n);
	struct slice line = slice_of(block.p, nl ? (size_t)(nl - block.p) : block.n);
	size_t before = rd->declared.n;
	if (reader_declaration(rd, line, 1) && !f->count_only && !f->quiet) {
		project_declaration(&f->proj, &rd->declared, before, &f->out->buf);
		out_maybe_flush(f->out);
	}
}

void filter_input(struct filter *f, struct reader *rd)
{
	if (f->fast && !rd->defer) /* (a thread counts no progress) */
		progress_count(NULL); /* lines passed over are not counted */
	struct slice block;
	while (!f->done && !rd->deferred) {
		bool first = rd->in.lineno == 0;
		enum input_status st = input_block(&rd->in, &block);
		if (st == IN_LINE) {
			if (first)
				first_line(f, rd, block);
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
