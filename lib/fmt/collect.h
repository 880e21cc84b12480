/* collect.h - records kept in memory for formats that need all of them
 * (column widths, the union of keys, sorting).
 *
 * Lines are copied into one growing buffer; the columns are the union of
 * keys in order of first appearance, or a list fixed by the caller.
 * collect_record() re-parses a stored line (cheap) and collect_row() gives
 * each column's value. Rows can be reordered (rowsort.h) and cut
 * (collect_truncate) without moving the text.
 *
 * Ownership: struct collect owns the copies and the column names; the
 * record and values it hands out are valid until its next call.
 */
#ifndef DCR_COLLECT_H
#define DCR_COLLECT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "record/keylist.h"
#include "record/record.h"

struct collect_line {
	size_t off, len; /* in text */
};

struct collect {
	struct buf text;	    /* the lines, back to back */
	struct collect_line *rows;  /* in output order */
	size_t n, cap;
	struct buf keys;	/* column names, back to back */
	struct slice *cols;	/* views into keys (rebuilt on growth) */
	size_t *col_off;
	size_t ncols, cols_cap;
	bool fixed;		/* columns given by the caller: no union */
	/* private: hash of column names -> index + 1 */
	unsigned *slots;
	size_t nslots;
	struct record rec;
	struct buf scratch;
};

void collect_init(struct collect *c);
void collect_free(struct collect *c);
/* Use exactly these columns, in this order. */
void collect_fix_columns(struct collect *c, const struct keylist *keys);
/* Add the column if new; returns its index. */
size_t collect_column(struct collect *c, const char *k, size_t n);
/* The index of column k, or ncols when there is none. */
size_t collect_find(const struct collect *c, const char *k, size_t n);
/* Keep a copy of line, whose parse is r (adding its keys to the union
 * unless the columns are fixed). */
void collect_add(struct collect *c, const struct record *r, struct slice line);
/* Keep only the first n rows. */
void collect_truncate(struct collect *c, size_t n);

/* Row i parsed again; *line receives its text. */
const struct record *collect_record(struct collect *c, size_t i,
				    struct slice *line);
/* Spread r's values over vals[0..ncols) by column; absent keys get
 * p == NULL. Escaped values are decoded into unescaped (reset first);
 * the values stay valid while r's line and unescaped do. */
void collect_spread(struct collect *c, const struct record *r,
		    struct slice *vals, struct buf *unescaped);
/* collect_record and collect_spread in one. */
void collect_row(struct collect *c, size_t i, struct slice *vals,
		 struct buf *unescaped);

#endif
