/* collect.h - records kept in memory for formats that need all of them
 * (column widths, the union of keys, sorting).
 *
 * Lines are copied into one growing buffer; the columns are the union of
 * keys in order of first appearance. collect_row() re-parses a stored line
 * (cheap) and gives each column's value.
 *
 * Ownership: struct collect owns the copies and the column names.
 */
#ifndef DCR_COLLECT_H
#define DCR_COLLECT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "record.h"

struct collect {
	struct buf text;	/* the lines, back to back */
	size_t *start;		/* start of line i in text (n + 1 entries) */
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
/* Use exactly these columns (comma-separated list), in this order. */
void collect_fix_columns(struct collect *c, const char *list);
/* Add the column if new; returns its index. */
size_t collect_column(struct collect *c, const char *k, size_t n);
/* Keep a copy of line, whose parse is r. */
void collect_add(struct collect *c, const struct record *r, struct slice line);
/* Fill vals[0..ncols) with row i's values; absent keys get p == NULL.
 * Values stay valid until the next collect_row(). */
void collect_row(struct collect *c, size_t i, struct slice *vals,
		 struct buf *unescaped);

#endif
