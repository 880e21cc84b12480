/* fmt.h - dcr-fmt's writers and the driver that feeds them rows.
 *
 * A writer turns rows into one output format through three calls: begin
 * (a header), row (once per row) and end (a footer). The driver decides
 * whether rows can flow straight from the input in constant memory
 * (streaming) or must be collected first (--sort, the union of keys,
 * column widths, --bar scaling); it applies -k, --sort, --head and the
 * human formatting, so that every writer sees the same struct row.
 *
 * Streaming happens when there is no --sort, the writer does not need
 * every row first (W_NEEDS_ALL), and the columns are known: given by -k,
 * or not needed because rows carry their record's own keys (W_BY_RECORD).
 *
 * Ownership: struct fmt owns the collected rows and every array a struct
 * row points into; a row is valid until the next fmt_* call.
 */
#ifndef DCR_FMT_H
#define DCR_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "fmt/collect.h"
#include "fmt/humanfmt.h"
#include "io/output.h"
#include "record/keycheck.h"
#include "record/record.h"
#include "fmt/rowsort.h"

enum writer_flags {
	W_BY_RECORD = 1, /* without -k, a row holds its record's own keys */
	W_NEEDS_ALL = 2, /* looks at every row before writing the first */
	W_CHARTS = 4,	 /* draws --bar and --spark */
	W_LINE = 8	 /* copies a canonical record's line and then needs
			    no keys or values (logfmt) */
};

struct row {
	size_t n;
	const struct slice *keys;
	const struct slice *vals; /* as shown; p == NULL when absent */
	const struct slice *raw;  /* as read (for numbers and charts) */
	double bar;		  /* the --bar value; NaN when none */
	struct slice line;	  /* the record's line when the writer may copy
				     it verbatim (canonical, unchanged), else
				     p == NULL; for W_LINE writers, n, keys and
				     values are then left empty */
};

struct fmt;
struct line_series; /* fmt/line_series.h */

struct writer {
	const char *name;
	unsigned flags; /* enum writer_flags */
	void (*begin)(struct fmt *f);
	void (*row)(struct fmt *f, const struct row *r);
	void (*end)(struct fmt *f);
};

/* The writers, one file each (lib/fmt/fmt_*.c). */
extern const struct writer fmt_table, fmt_csv, fmt_tsv, fmt_json, fmt_jsonl,
    fmt_md, fmt_logfmt, fmt_html;

struct fmt_opts {
	const char *keys;	      /* -k list; NULL: union or record keys */
	const struct sort_spec *sort; /* NULL: input order */
	uint64_t head;		      /* at most this many rows */
	bool header;		      /* header row (table, csv, tsv, md, html) */
	bool crlf;		      /* csv line ends */
	bool guard;		      /* csv and tsv formula guard */
	bool strings;		      /* json: every value a string */
	bool barred;		      /* table: a box */
	bool color;		      /* table: SGR colours */
	bool utf8;		      /* text charts and boxes in Unicode */
	const char *title;	      /* html */
	int fragment;		      /* html: no page, a heading of this
					 level (2..6); 0: a whole page */
	const char *bar, *spark;      /* keys, or NULL */
	const char *chart;	      /* html: the key of a bar chart */
	const char *chart_ref;	      /* html: the key of a reference mark
					 on each bar (places), or NULL */
	const char *chart_label;      /* html: the keys naming its bars,
					 comma-separated; NULL: the
					 columns before the chart's */
	const char *line;	      /* html: the key of a line chart */
	const struct line_series *compare; /* html: --compare's records
					 beside --line's, or NULL */
	const char *compare_label;    /* html: their name; NULL: the default */
	const char *const *labels;    /* html: "KEY=TEXT" of header cells */
	size_t nlabels;
	struct human human;
};

struct fmt {
	const struct writer *w;
	const struct fmt_opts *o;
	struct output *out;
	/* The columns when known: from -k, or the union once collected.
	 * Rows of W_BY_RECORD writers without -k carry their own keys. */
	size_t ncols;
	const struct slice *cols;
	/* W_NEEDS_ALL writers only: the number of rows (see fmt_row_at) and,
	 * per column, whether every non-empty value in it is a number or a
	 * suppression mark (fmt_is_mark), and one at least is there. */
	size_t nrows;
	const bool *numeric;
	uint64_t written;    /* rows handed to the writer so far */
	double bar_max;	     /* the largest --bar value (0 when none) */
	double *spark;	     /* the --spark series of the rows so far */
	size_t nspark;	     /* (NaN where a row has no number) */
	void *state;	     /* the writer's own; fmt_free() frees it */
	struct buf tmp;	     /* scratch for the writer */
	struct buf marks;    /* the rows' distinct suppression marks so far,
			      * "\n<K\n<M\n" (fmt_note_marks) */

	/* private to fmt.c */
	struct collect col;
	bool streaming;
	uint64_t seen;
	size_t cap, spark_cap;
	struct slice *keys, *raw, *shown;
	size_t *shown_off;
	bool *numeric_v;
	struct buf unescaped, human_buf, scratch;
};

/* Check o (dying with a usage error on a bad -k list), decide streaming,
 * and start a streaming writer. */
void fmt_init(struct fmt *f, const struct writer *w, const struct fmt_opts *o,
	      struct output *out);
/* Take one record; false when --head is reached (stop reading). */
bool fmt_record(struct fmt *f, const struct record *r, struct slice line);
/* After the input: write collected rows (when write is true) and end. */
void fmt_finish(struct fmt *f, bool write);
void fmt_free(struct fmt *f);

/* Remember each suppression mark of row r not yet in f->marks. */
void fmt_note_marks(struct fmt *f, const struct row *r);
/* Append what each remembered mark means, a line each ("<10: fewer than
 * 10 records ..."), or with html a <p class="note"> each. */
void fmt_put_mark_notes(const struct fmt *f, struct buf *b, bool html);

/* Name the keys of -k, --sort, --chart and --line to kc (fmtkeys.c). */
void fmt_name_keys(struct keycheck *kc, const struct fmt_opts *o);
/* arg of --label, checked to be KEY=TEXT (dies with a usage error). */
const char *fmt_label_arg(const char *arg);
/* What a header shows for key: its --label text, else the key. */
struct slice fmt_label(const struct fmt_opts *o, struct slice key);

/* The top of an HTML page (its styles, <body> and an <h1> of title, NULL
 * for a default) and its bottom; html_page.c puts fragments between. */
void fmt_html_head(struct buf *b, const char *title);
void fmt_html_foot(struct buf *b);
/* dcr-fmt -t html --page: the page with the fragments in files, in their
 * order, as its body; the exit status (output closed or abandoned). */
int fmt_html_page(const struct fmt_opts *o, struct output *out,
		  char *const *files, int n);

/* For W_NEEDS_ALL writers: row i of f->nrows, as it will be written. */
void fmt_row_at(struct fmt *f, size_t i, struct row *r);

/* The writers' common question: is v present, non-empty and a number? */
bool fmt_is_number(struct slice v);
/* Is v a suppression mark ("<K", as dcr-agg --min-cell writes it)? */
bool fmt_is_mark(struct slice v);

/* Append "MIN..MAX" of the --spark series, as values are shown (human
 * formatting applied); false (nothing appended) when it has no number. */
bool fmt_put_spark_range(struct fmt *f, struct buf *b);

#endif
