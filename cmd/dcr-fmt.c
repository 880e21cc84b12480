/* dcr-fmt - write records as a table, CSV, TSV, JSON or normalised logfmt. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "collect.h"
#include "err.h"
#include "xmalloc.h"
#include "escape.h"
#include "num.h"
#include "output.h"
#include "reader.h"

enum { OPT_NO_HEADER = CLI_OWN };

static const struct cli_opt opts[] = {
	{'t', "type", "FORMAT", "table (default), csv, tsv, json, jsonl, md, logfmt"},
	{'k', "keys", "KEYS", "these columns, in this order (comma-separated)"},
	{OPT_NO_HEADER, "no-header", NULL, "leave out the header row"},
	CLI_OPT_OUTPUT,
	CLI_OPT_REJECT,
	CLI_OPT_MAX_RECORD,
	CLI_OPT_HELP,
	CLI_OPT_VERSION,
	CLI_OPT_END
};

static const struct cli cli = {
	"dcr-fmt [-t FORMAT] [-k KEYS] [--no-header] [-o FILE] [FILE ...]",
	"Write dcr records as a table, CSV, TSV, JSON, Markdown or logfmt.",
	opts
};

struct fmt_ctx {
	struct output *out;
	struct buf scratch, unescaped;
	bool header;
	uint64_t rows;
};

/* ---- streaming formats: one record in, one line out ---- */

static void put_logfmt(struct fmt_ctx *c, const struct record *r,
		       struct slice line)
{
	struct buf *b = &c->out->buf;
	if (r->canonical) {
		buf_add(b, line.p, line.n);
	} else {
		for (size_t i = 0; i < r->n; i++) {
			if (i)
				buf_addc(b, ' ');
			record_put_field(b, &r->f[i], &c->scratch);
		}
	}
	buf_addc(b, '\n');
}

static void put_json_value(struct buf *b, struct slice v)
{
	if (num_is_json(v.p, v.n))
		buf_add(b, v.p, v.n);
	else
		json_put_string(b, v.p, v.n);
}

static void put_jsonl(struct fmt_ctx *c, const struct record *r,
		      struct slice line)
{
	(void)line;
	struct buf *b = &c->out->buf;
	buf_addc(b, '{');
	for (size_t i = 0; i < r->n; i++) {
		if (i)
			buf_addc(b, ',');
		json_put_string(b, r->f[i].key, r->f[i].klen);
		buf_addc(b, ':');
		put_json_value(b, field_value(&r->f[i], &c->scratch));
	}
	buf_add(b, "}\n", 2);
}

/* ---- collected formats: all records first, then the output ---- */

static bool is_number(struct slice v)
{
	double d;
	return v.p && num_parse(v.p, v.n, &d);
}

static void pad(struct buf *b, size_t n)
{
	while (n--)
		buf_addc(b, ' ');
}

static void write_table(struct fmt_ctx *c, struct collect *col)
{
	size_t nc = col->ncols;
	size_t *width = xcalloc(nc ? nc : 1, sizeof *width);
	bool *numeric = xcalloc(nc ? nc : 1, sizeof *numeric);
	struct slice *vals = xcalloc(nc ? nc : 1, sizeof *vals);
	for (size_t k = 0; k < nc; k++) {
		width[k] = c->header ? utf8_width(col->cols[k].p, col->cols[k].n) : 0;
		numeric[k] = true;
	}
	for (size_t i = 0; i < col->n; i++) {
		collect_row(col, i, vals, &c->unescaped);
		for (size_t k = 0; k < nc; k++) {
			if (!vals[k].p)
				continue;
			size_t w = utf8_width(vals[k].p, vals[k].n);
			if (w > width[k])
				width[k] = w;
			if (!is_number(vals[k]))
				numeric[k] = false;
		}
	}
	struct buf *b = &c->out->buf;
	for (size_t i = 0; i < col->n + c->header; i++) {
		bool head = c->header && i == 0;
		if (!head)
			collect_row(col, i - c->header, vals, &c->unescaped);
		for (size_t k = 0; k < nc; k++) {
			struct slice v = head ? col->cols[k] : vals[k];
			size_t w = v.p ? utf8_width(v.p, v.n) : 0;
			size_t gap = width[k] - w;
			if (k)
				buf_add(b, "  ", 2);
			if (numeric[k])
				pad(b, gap);
			if (v.p)
				buf_add(b, v.p, v.n);
			if (!numeric[k] && k + 1 < nc)
				pad(b, gap);
		}
		buf_addc(b, '\n');
		out_maybe_flush(c->out);
	}
	free(width);
	free(numeric);
	free(vals);
}

static void write_delimited(struct fmt_ctx *c, struct collect *col, char delim)
{
	size_t nc = col->ncols;
	struct slice *vals = xcalloc(nc ? nc : 1, sizeof *vals);
	struct buf *b = &c->out->buf;
	const char *eol = delim == ',' ? "\r\n" : "\n";
	for (size_t i = 0; i < col->n + c->header; i++) {
		bool head = c->header && i == 0;
		if (!head)
			collect_row(col, i - c->header, vals, &c->unescaped);
		for (size_t k = 0; k < nc; k++) {
			struct slice v = head ? col->cols[k] : vals[k];
			if (k)
				buf_addc(b, delim);
			if (!v.p)
				continue;
			if (delim == '\t')
				tsv_put_cell(b, v.p, v.n);
			else
				csv_put_cell(b, v.p, v.n, delim);
		}
		buf_adds(b, eol);
		out_maybe_flush(c->out);
	}
	free(vals);
}

static void write_markdown(struct fmt_ctx *c, struct collect *col)
{
	size_t nc = col->ncols;
	struct slice *vals = xcalloc(nc ? nc : 1, sizeof *vals);
	struct buf *b = &c->out->buf;
	for (size_t i = 0; i < col->n + 2; i++) {
		bool head = i == 0, rule = i == 1;
		if (!head && !rule)
			collect_row(col, i - 2, vals, &c->unescaped);
		buf_addc(b, '|');
		for (size_t k = 0; k < nc; k++) {
			struct slice v = head ? col->cols[k] : vals[k];
			buf_addc(b, ' ');
			if (rule)
				buf_add(b, "---", 3);
			else if (v.p)
				md_put_cell(b, v.p, v.n);
			buf_add(b, " |", 2);
		}
		buf_addc(b, '\n');
		out_maybe_flush(c->out);
	}
	free(vals);
}

static void write_json(struct fmt_ctx *c, struct collect *col)
{
	size_t nc = col->ncols;
	struct slice *vals = xcalloc(nc ? nc : 1, sizeof *vals);
	struct buf *b = &c->out->buf;
	buf_addc(b, '[');
	for (size_t i = 0; i < col->n; i++) {
		collect_row(col, i, vals, &c->unescaped);
		buf_adds(b, i ? ",\n{" : "\n{");
		bool first = true;
		for (size_t k = 0; k < nc; k++) {
			if (!vals[k].p)
				continue;
			if (!first)
				buf_addc(b, ',');
			first = false;
			json_put_string(b, col->cols[k].p, col->cols[k].n);
			buf_addc(b, ':');
			put_json_value(b, vals[k]);
		}
		buf_addc(b, '}');
		out_maybe_flush(c->out);
	}
	buf_adds(b, "\n]\n");
	free(vals);
}

enum format { F_TABLE, F_CSV, F_TSV, F_JSON, F_JSONL, F_MD, F_LOGFMT };

static const char *const format_names[] = {
	"table", "csv", "tsv", "json", "jsonl", "md", "logfmt", NULL
};

static enum format parse_format(const char *s)
{
	for (int i = 0; format_names[i]; i++)
		if (strcmp(s, format_names[i]) == 0)
			return (enum format)i;
	die_usage("-t: unknown format '%s'", s);
}

int main(int argc, char **argv)
{
	err_init(argv[0]);
	out_guard_stdio();
	enum format fmt = F_TABLE;
	const char *keys = NULL, *outpath = NULL, *rejectpath = NULL;
	struct fmt_ctx c = {0};
	c.header = true;
	const char *arg;
	int id;
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		switch (id) {
		case 't': fmt = parse_format(arg); break;
		case 'k': keys = arg; break;
		case OPT_NO_HEADER: c.header = false; break;
		case 'o': outpath = arg; break;
		case CLI_REJECT: rejectpath = arg; break;
		case CLI_MAX_RECORD:
			input_max_record = cli_size("--max-record", arg);
			break;
		}
	}
	char **files = argv + optind;
	int nfiles = argc - optind;

	struct output out, rej;
	out_open(&out, outpath);
	reader_check_output(files, nfiles, &out);
	if (rejectpath)
		out_open_mode(&rej, rejectpath, 0600);
	c.out = &out;

	struct collect col;
	collect_init(&col);
	if (keys)
		collect_fix_columns(&col, keys);
	bool streaming = fmt == F_LOGFMT || fmt == F_JSONL;

	struct reader rd;
	reader_init(&rd, files, nfiles, rejectpath ? &rej : NULL);
	struct record *r;
	while ((r = reader_next(&rd))) {
		if (fmt == F_LOGFMT)
			put_logfmt(&c, r, rd.line);
		else if (fmt == F_JSONL)
			put_jsonl(&c, r, rd.line);
		else
			collect_add(&col, r, rd.line);
		out_maybe_flush(&out);
	}
	if (!streaming && !rd.failed) {
		switch (fmt) {
		case F_TABLE: write_table(&c, &col); break;
		case F_CSV: write_delimited(&c, &col, ','); break;
		case F_TSV: write_delimited(&c, &col, '\t'); break;
		case F_MD: write_markdown(&c, &col); break;
		case F_JSON: write_json(&c, &col); break;
		default: break;
		}
	}
	collect_free(&col);
	buf_free(&c.scratch);
	buf_free(&c.unescaped);
	return reader_finish(&rd, &out, EXIT_OK);
}
